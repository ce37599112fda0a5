//! The Serverless Components dialects (spec §10): `component: scf` (one function
//! under `inputs`) and `component: multi-scf` (`inputs.functions` and
//! `inputs.triggers`), read into the same model as the v1 dialect.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use saphyr::MarkedYamlOwned;

use crate::apigw::{self, SharedKeys, default_service_id};
use crate::function::{Defaults, Draft};
use crate::model::{self, Api, Config, Custom, Dialect, Function, Provider, Timer};
use crate::node::{Checker, is_null, join, scalar_string};
use crate::timer::TimerEntry;

const TOP_KEYS: &[&str] = &["component", "name", "app", "stage", "org", "inputs", "fngate"];
/// Keys of the cloud's function settings that mean nothing on one box: warned about, ignored.
const CLOUD_ONLY: &[&str] = &[
    "namespace",
    "role",
    "initTimeout",
    "publicAccess",
    "installDependency",
    "vpcConfig",
    "vpc",
    "cfs",
    "deadLetter",
    "layers",
    "cls",
    "eip",
    "asyncRunEnable",
    "traceEnable",
    "msgTTL",
    "retryNum",
    "tags",
    "provisionedNum",
    "qualifier",
    "isAutoPublish",
    "publishDescription",
    "nodeType",
    "nodeSpec",
    "entryFile",
    "protocolType",
    "protocolParams",
];
/// Keys of a function in both components, besides [`CLOUD_ONLY`].
const FUNCTION_KEYS: &[&str] =
    &["handler", "runtime", "description", "memorySize", "timeout", "environment", "type", "image"];
/// `component: scf`'s default runtime (its docs).
const SCF_RUNTIME: &str = "Nodejs10.15";
/// `component: multi-scf`'s default runtime (its docs).
const MULTI_SCF_RUNTIME: &str = "Nodejs12.16";
/// The instance's default stage.
const DEFAULT_STAGE: &str = "dev";

const APIGW_SERVICE_KEYS: &[&str] = &[
    "serviceName",
    "name",
    "serviceId",
    "id",
    "environment",
    "protocols",
    "netTypes",
    "description",
    "serviceDesc",
    "instanceId",
    "endpoints",
    "apis",
    "qualifier",
];
const ENDPOINT_KEYS: &[&str] = &[
    "path",
    "method",
    "function",
    "apiId",
    "apiName",
    "description",
    "enableCORS",
    "responseType",
    "serviceTimeout",
    "param",
    "usagePlan",
    "auth",
    "authType",
    "app",
    "isBase64Encoded",
    "isBase64Trigger",
    "base64EncodedTriggerRules",
];

/// The dialect of a file whose top level has `component:`; `None` for the v1 dialect.
pub(crate) fn dialect(root: &MarkedYamlOwned) -> Option<&MarkedYamlOwned> {
    let saphyr::YamlDataOwned::Mapping(map) = &root.data else { return None };
    map.iter().find(|(k, _)| scalar_string(k).as_deref() == Some("component")).map(|(_, v)| v)
}

/// The instance's identity: what `${name}`, `${stage}`, `${app}` and `${org}` are.
struct Instance {
    name: String,
    stage: String,
    app: String,
    vars: BTreeMap<String, String>,
}

/// Reads `name`, `stage`, `app` and `org` (whose own variables may only be
/// `${env:…}` and `${opt:…}`), with the docs' defaults.
fn instance(c: &mut Checker, root: &MarkedYamlOwned) -> Instance {
    let mut values = BTreeMap::new();
    for (key, _, value) in c.mapping(root, "", &[]) {
        if matches!(key.as_str(), "name" | "stage" | "app" | "org") {
            // Errors are reported by the whole file's pass.
            let mut quiet = Checker { file: c.file, diagnostics: Vec::new(), env_values: Vec::new() };
            let value = crate::vars::resolve(&mut quiet, value, &BTreeMap::new());
            if let Some(text) = scalar_string(&value).filter(|t| !t.is_empty()) {
                values.insert(key, text);
            }
        }
    }
    let name = values.get("name").cloned().unwrap_or_default();
    let stage = values.get("stage").cloned().unwrap_or_else(|| DEFAULT_STAGE.to_owned());
    let app = values.get("app").cloned().unwrap_or_else(|| name.clone());
    let mut vars = BTreeMap::from([
        ("name".to_owned(), name.clone()),
        ("stage".to_owned(), stage.clone()),
        ("app".to_owned(), app.clone()),
    ]);
    if let Some(org) = values.get("org") {
        vars.insert("org".to_owned(), org.clone());
    }
    Instance { name, stage, app, vars }
}

/// The config of a Components file.
pub(crate) fn config(c: &mut Checker, file: &Path, raw: &MarkedYamlOwned) -> Option<Config> {
    let instance = instance(c, raw);
    let root = crate::vars::resolve(c, raw, &instance.vars);
    let mut dialect = Dialect::Scf;
    let mut inputs = None;
    let mut custom = Custom::default();
    for (key, key_node, value) in c.mapping(&root, "", TOP_KEYS) {
        match key.as_str() {
            "component" => {
                let text = c.string(value, "component").unwrap_or_default();
                // `scf@0.7.0` pins a version of the component: the shape is the same.
                match text.split('@').next().unwrap_or_default() {
                    "scf" => dialect = Dialect::Scf,
                    "multi-scf" => dialect = Dialect::MultiScf,
                    other => c.error(
                        Some(value),
                        "component",
                        format!(
                            "component `{other}` is not supported: fngate reads `scf` and `multi-scf` (event functions), and the v1 `service`/`provider`/`functions` format"
                        ),
                    ),
                }
            }
            "name" if c.string(value, "name").is_none_or(|n| n.is_empty()) => {
                c.error(Some(value), "name", "the instance needs a name")
            }
            "inputs" => inputs = Some((key_node, value)),
            "fngate" => custom = crate::custom::parse_fngate(c, value, "fngate"),
            _ => {}
        }
    }
    if instance.name.is_empty() && !c.diagnostics.iter().any(|d| d.key == "name") {
        c.error(Some(&root), "name", "missing: the instance needs a name (`name: my-app`)");
    }
    let Some((inputs_key, inputs)) = inputs else {
        c.error(Some(&root), "inputs", "missing: the component's settings go under `inputs`");
        return None;
    };
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut out = Parts::default();
    match dialect {
        Dialect::MultiScf => multi_scf(c, &instance, &dir, inputs, &mut out),
        _ => scf(c, &instance, &dir, (inputs_key, inputs), &mut out),
    }
    let provider = Provider {
        region: out.region.unwrap_or_else(|| model::DEFAULT_REGION.to_owned()),
        stage: Some(instance.stage.clone()),
        ..Provider::default()
    };
    Some(Config {
        file: file.to_owned(),
        files: vec![file.to_owned()],
        dir,
        dialect,
        service: instance.name,
        provider,
        functions: out.functions,
        apis: out.apis,
        timers: out.timers,
        custom,
    })
}

/// What an instance's `inputs` produce.
#[derive(Default)]
struct Parts {
    functions: Vec<Function>,
    apis: Vec<Api>,
    timers: Vec<Timer>,
    region: Option<String>,
}

/// The instance-wide settings of `inputs`: what each function starts from.
struct Common {
    src: PathBuf,
    region: String,
    runtime: String,
    environment: Vec<(String, String)>,
    timeout: Option<u64>,
    memory_size: Option<u64>,
}

/// `component: scf`: `inputs` is the function, `inputs.events` its triggers.
fn scf(
    c: &mut Checker,
    instance: &Instance,
    dir: &Path,
    (inputs_key, inputs): (&MarkedYamlOwned, &MarkedYamlOwned),
    out: &mut Parts,
) {
    let errors_before = c.diagnostics.len();
    let mut known: Vec<&str> = [FUNCTION_KEYS, CLOUD_ONLY].concat();
    known.extend(["name", "src", "region", "events", "ignoreTriggers"]);
    let mut name = format!("{}-{}-{}", instance.name, instance.stage, instance.app);
    let (mut src, mut region, mut events, mut ignore_triggers) = (None, None, None, false);
    let mut draft = Draft::default();
    for (key, key_node, value) in c.mapping(inputs, "inputs", &known) {
        let path = join("inputs", &key);
        if draft.take(c, &key, value, &path) || function_key(c, &key, key_node, &path) {
            continue;
        }
        match key.as_str() {
            "name" => name = c.string(value, &path).filter(|n| !n.is_empty()).unwrap_or(name),
            "src" => src = Some((value, path)),
            "region" => region = c.string(value, &path),
            "events" => events = Some(value),
            "ignoreTriggers" => ignore_triggers = c.boolean(value, &path).unwrap_or(false),
            _ => {}
        }
    }
    let code_dir = code_dir(c, dir, src.as_ref().map(|(v, p)| (*v, p.as_str())));
    let region = region.unwrap_or_else(|| model::DEFAULT_REGION.to_owned());
    let defaults = Defaults {
        runtime: Some((SCF_RUNTIME, "inputs.runtime")),
        timeout: None,
        memory_size: None,
        region: &region,
    };
    let parsed = code_dir
        .as_ref()
        .and_then(|d| draft.finish(c, errors_before, &name, "inputs", inputs_key, d, &defaults));
    let Some(function) = parsed else {
        // The events are checked all the same (against a stand-in, into a
        // throwaway), so that one run tells every error.
        if let Some(events) = events.filter(|_| !ignore_triggers) {
            let stand_in = Function::stand_in(&name, code_dir.as_deref().unwrap_or(dir), c.file);
            scf_events(c, instance, &stand_in, events, &mut Parts::default());
        }
        return;
    };
    out.region = Some(region.clone());
    if let Some(events) = events.filter(|_| !ignore_triggers) {
        scf_events(c, instance, &function, events, out);
    }
    out.functions.push(function);
}

/// `inputs.events` of `component: scf`.
fn scf_events(
    c: &mut Checker,
    instance: &Instance,
    function: &Function,
    events: &MarkedYamlOwned,
    out: &mut Parts,
) {
    for (i, event) in c.list(events, "inputs.events").iter().enumerate() {
        let path = format!("inputs.events[{i}]");
        let entries = c.mapping(event, &path, &[]);
        let [(kind, key_node, body)] = &entries[..] else {
            c.error(
                Some(event),
                &path,
                "each event is a mapping with exactly one key: its type (`apigw`, `timer`)",
            );
            continue;
        };
        let path = join(&path, kind);
        match kind.as_str() {
            "apigw" => {
                // Tencent's demos put `name` and `serviceId` beside `parameters`.
                let mut service = ServiceDraft::default();
                let mut parameters = None;
                for (key, key_node, value) in c.mapping(body, &path, &["name", "serviceId", "parameters"]) {
                    match key.as_str() {
                        "parameters" => parameters = Some(value),
                        _ => service.take(c, &key, key_node, value, &join(&path, &key)),
                    }
                }
                let Some(parameters) = parameters else {
                    c.error(Some(key_node), &path, "an apigw trigger needs `parameters` with `endpoints`");
                    continue;
                };
                let fallback = |_: &str| Lookup::Function(function.name.clone());
                out.apis.extend(apigw_service(
                    c,
                    instance,
                    service,
                    parameters,
                    &join(&path, "parameters"),
                    &fallback,
                ));
            }
            "timer" => {
                let default_name = format!("timer-{}-{}", instance.name, instance.stage);
                out.timers.extend(crate::timer::parse_event(
                    c,
                    &function.name,
                    default_name,
                    body,
                    key_node,
                    path,
                ));
            }
            other if apigw::OTHER_TRIGGERS.contains(&other) => {
                c.warning(key_node, &path, format!("`{other}` triggers are not run by fngate; ignored"))
            }
            other => c.error(
                Some(key_node),
                &path,
                format!(
                    "unknown trigger type `{other}`: allowed are apigw, timer, {}",
                    apigw::OTHER_TRIGGERS.join(", ")
                ),
            ),
        }
    }
}

/// `component: multi-scf`: instance-wide defaults, `inputs.functions` by key, `inputs.triggers`.
fn multi_scf(c: &mut Checker, instance: &Instance, dir: &Path, inputs: &MarkedYamlOwned, out: &mut Parts) {
    let mut known: Vec<&str> = [FUNCTION_KEYS, CLOUD_ONLY].concat();
    known.extend(["src", "region", "environments", "functions", "triggers", "ignoreTriggers"]);
    let mut common = Common {
        src: dir.to_owned(),
        region: model::DEFAULT_REGION.to_owned(),
        runtime: MULTI_SCF_RUNTIME.to_owned(),
        environment: Vec::new(),
        timeout: None,
        memory_size: None,
    };
    let (mut src, mut functions, mut triggers, mut ignore_triggers) = (None, None, None, false);
    for (key, key_node, value) in c.mapping(inputs, "inputs", &known) {
        let path = join("inputs", &key);
        match key.as_str() {
            "runtime" => common.runtime = c.string(value, &path).unwrap_or(common.runtime),
            "timeout" => common.timeout = c.integer(value, &path, crate::function::TIMEOUT_RANGE, "seconds"),
            "memorySize" => common.memory_size = c.integer(value, &path, crate::function::MEMORY_RANGE, "MB"),
            "environment" => {
                let vars = crate::function::environment(c, value, &path);
                crate::function::merge_environment(&mut common.environment, vars);
            }
            "environments" => {
                let vars = key_values(c, value, &path);
                crate::function::merge_environment(&mut common.environment, vars);
            }
            "src" => src = Some((value, path)),
            "region" => common.region = c.string(value, &path).unwrap_or(common.region),
            "functions" => functions = Some(value),
            "triggers" => triggers = Some(value),
            "ignoreTriggers" => ignore_triggers = c.boolean(value, &path).unwrap_or(false),
            "handler" | "description" => c.ignored(key_node, &path, "set it on each function"),
            _ => {
                function_key(c, &key, key_node, &path);
            }
        }
    }
    let Some(src) = code_dir(c, dir, src.as_ref().map(|(v, p)| (*v, p.as_str()))) else { return };
    common.src = src;
    out.region = Some(common.region.clone());
    // Function keys to deployed names (`None`: the function has errors): triggers
    // name functions by key.
    let mut names: BTreeMap<String, Option<String>> = BTreeMap::new();
    match functions {
        Some(node) => {
            for (key, key_node, value) in function_entries(c, node) {
                let function = multi_function(c, instance, &common, &key, key_node, value);
                names.insert(key, function.as_ref().map(|f| f.name.clone()));
                out.functions.extend(function);
            }
        }
        None => c.error(Some(inputs), "inputs.functions", "missing: define at least one function"),
    }
    if let Some(triggers) = triggers.filter(|_| !ignore_triggers) {
        multi_triggers(c, instance, &names, triggers, out);
    }
}

/// `inputs.functions`: a mapping by key, or a list of functions each with `key`.
fn function_entries<'n>(
    c: &mut Checker,
    node: &'n MarkedYamlOwned,
) -> Vec<(String, &'n MarkedYamlOwned, &'n MarkedYamlOwned)> {
    if !matches!(node.data, saphyr::YamlDataOwned::Sequence(_)) {
        return c.mapping(node, "inputs.functions", &[]);
    }
    let mut entries = Vec::new();
    for (i, item) in c.list(node, "inputs.functions").iter().enumerate() {
        let key = c.mapping(item, "", &[]).into_iter().find(|(k, _, _)| k == "key");
        match key.and_then(|(_, _, v)| scalar_string(v)) {
            Some(key) => entries.push((key, item, item)),
            None => {
                c.error(Some(item), &format!("inputs.functions[{i}]"), "a function in a list needs `key`")
            }
        }
    }
    entries
}

/// One `inputs.functions.<key>` of `multi-scf`.
fn multi_function(
    c: &mut Checker,
    instance: &Instance,
    common: &Common,
    key: &str,
    key_node: &MarkedYamlOwned,
    node: &MarkedYamlOwned,
) -> Option<Function> {
    let base = join("inputs.functions", key);
    let errors_before = c.diagnostics.len();
    let mut known: Vec<&str> = [FUNCTION_KEYS, CLOUD_ONLY].concat();
    known.extend(["name", "src", "environments", "key"]);
    let mut draft = Draft::with_environment(common.environment.clone());
    let mut name = format!("{}-{}-{}-{key}", instance.name, instance.stage, instance.app);
    let mut src = None;
    for (k, k_node, value) in c.mapping(node, &base, &known) {
        let path = join(&base, &k);
        if draft.take(c, &k, value, &path) || function_key(c, &k, k_node, &path) {
            continue;
        }
        match k.as_str() {
            "name" => name = c.string(value, &path).filter(|n| !n.is_empty()).unwrap_or(name),
            "src" => src = Some((value, path)),
            "environments" => {
                let vars = key_values(c, value, &path);
                draft.set_environment(vars);
            }
            _ => {}
        }
    }
    let code_dir = match &src {
        Some((value, path)) => code_dir(c, &common.src, Some((*value, path.as_str())))?,
        None => common.src.clone(),
    };
    let defaults = Defaults {
        runtime: Some((&common.runtime, "inputs.runtime")),
        timeout: common.timeout,
        memory_size: common.memory_size,
        region: &common.region,
    };
    draft.finish(c, errors_before, &name, &base, key_node, &code_dir, &defaults)
}

/// `inputs.triggers` of `multi-scf`: `{type, function, parameters}` each.
fn multi_triggers(
    c: &mut Checker,
    instance: &Instance,
    names: &BTreeMap<String, Option<String>>,
    triggers: &MarkedYamlOwned,
    out: &mut Parts,
) {
    for (i, trigger) in c.list(triggers, "inputs.triggers").iter().enumerate() {
        let path = format!("inputs.triggers[{i}]");
        let (mut kind, mut function, mut parameters) = (None, None, None);
        for (key, _, value) in c.mapping(trigger, &path, &["type", "function", "parameters"]) {
            let key_path = join(&path, &key);
            match key.as_str() {
                "type" => kind = c.string(value, &key_path),
                "function" => function = Some((function_ref(c, value, &key_path), value, key_path)),
                "parameters" => parameters = Some(value),
                _ => {}
            }
        }
        let lookup = |key: &str| match names.get(key) {
            Some(Some(name)) => Lookup::Function(name.clone()),
            Some(None) => Lookup::Failed,
            None => Lookup::Unknown,
        };
        // A trigger's `function` is a key of `inputs.functions`.
        let default_function = match &function {
            Some((Some(key), node, at)) => match lookup(key) {
                Lookup::Unknown => {
                    let known: Vec<&str> = names.keys().map(String::as_str).collect();
                    c.error(
                        Some(node),
                        at,
                        format!("`{key}` is not a key of inputs.functions (they are: {})", known.join(", ")),
                    );
                    Lookup::Failed
                }
                found => found,
            },
            Some((None, ..)) => Lookup::Failed,
            None => Lookup::Unknown,
        };
        match kind.as_deref() {
            Some("apigw") => {
                let Some(parameters) = parameters else {
                    c.error(Some(trigger), &path, "an apigw trigger needs `parameters` with `apis`");
                    continue;
                };
                let by_key = |key: &str| match key {
                    "" => default_function.clone(),
                    key => lookup(key),
                };
                let base = join(&path, "parameters");
                out.apis.extend(apigw_service(
                    c,
                    instance,
                    ServiceDraft::default(),
                    parameters,
                    &base,
                    &by_key,
                ));
            }
            Some("timer") => {
                let Lookup::Function(function) = default_function else {
                    if function.is_none() {
                        c.error(
                            Some(trigger),
                            &join(&path, "function"),
                            "missing: the key of the function the timer invokes",
                        );
                    }
                    continue;
                };
                let entry = TimerEntry {
                    function,
                    name: None,
                    default_name: format!("timer-{}-{}", instance.name, instance.stage),
                    parameters,
                    key_node: trigger,
                    path,
                    plugin: false,
                };
                out.timers.extend(crate::timer::parse(c, entry));
            }
            Some(other) if apigw::OTHER_TRIGGERS.contains(&other) => {
                c.warning(trigger, &path, format!("`{other}` triggers are not run by fngate; ignored"))
            }
            Some(other) => c.error(
                Some(trigger),
                &join(&path, "type"),
                format!(
                    "unknown trigger type `{other}`: allowed are apigw, timer, {}",
                    apigw::OTHER_TRIGGERS.join(", ")
                ),
            ),
            None => c.error(Some(trigger), &join(&path, "type"), "missing: `apigw`, `timer`, …"),
        }
    }
}

/// What a function key of a trigger names.
#[derive(Clone)]
enum Lookup {
    /// The function of this name.
    Function(String),
    /// A function whose errors are reported already.
    Failed,
    /// No function.
    Unknown,
}

/// The service-level keys of an apigw trigger, as far as read.
#[derive(Default)]
struct ServiceDraft {
    name: Option<String>,
    id: Option<String>,
}

impl ServiceDraft {
    fn take(
        &mut self,
        c: &mut Checker,
        key: &str,
        key_node: &MarkedYamlOwned,
        value: &MarkedYamlOwned,
        path: &str,
    ) {
        match key {
            "name" | "serviceName" => {
                self.name = c.string(value, path).filter(|n| !n.is_empty()).or(self.name.take())
            }
            "serviceId" | "id" => self.id = apigw::service_id(c, value, path).or(self.id.take()),
            _ => c.ignored(key_node, path, ""),
        }
    }
}

/// An apigw trigger's `parameters`: the service and its `endpoints` (or `apis`).
/// `function_for` maps an endpoint's `function` key ("" when it names none) to
/// the function's name.
fn apigw_service(
    c: &mut Checker,
    instance: &Instance,
    mut service: ServiceDraft,
    parameters: &MarkedYamlOwned,
    base: &str,
    function_for: &dyn Fn(&str) -> Lookup,
) -> Vec<Api> {
    let mut stage = apigw::DEFAULT_STAGE.to_owned();
    let mut protocols = Default::default();
    let mut endpoints = None;
    for (key, key_node, value) in c.mapping(parameters, base, APIGW_SERVICE_KEYS) {
        let path = join(base, &key);
        match key.as_str() {
            "environment" => stage = apigw::stage(c, value, &path).unwrap_or(stage),
            "endpoints" | "apis" => endpoints = Some((value, path)),
            "protocols" => protocols = apigw::protocols(c, value, &path).unwrap_or_default(),
            "netTypes" => c.ignored(key_node, &path, "fngate serves on the addresses it listens on"),
            _ => service.take(c, &key, key_node, value, &path),
        }
    }
    // Without an id the cloud creates a service per trigger: one per instance and service name here.
    let service_id = service.id.unwrap_or_else(|| {
        let service_name = service.name.as_deref().unwrap_or("");
        default_service_id(&format!("{}/{}/{service_name}", instance.app, instance.name))
    });
    let Some((endpoints, list_path)) = endpoints else {
        // `component: scf` defaults its trigger to one API, `[{path: /, method: ANY}]`.
        if let Lookup::Function(function) = function_for("") {
            let mut api = apigw::default_api(c, &function, &join(base, "endpoints"), parameters);
            api.path = "/".to_owned();
            api.stage = stage;
            api.service_id = service_id;
            api.protocols = protocols;
            api.name = service.name.unwrap_or(api.name);
            return vec![api];
        }
        c.error(
            Some(parameters),
            &join(base, "endpoints"),
            "missing: the trigger's APIs (`endpoints`, or `apis` in multi-scf)",
        );
        return Vec::new();
    };
    let mut apis = Vec::new();
    for (i, node) in c.list(endpoints, &list_path).iter().enumerate() {
        let path = format!("{list_path}[{i}]");
        let errors_before = c.diagnostics.len();
        let mut api = apigw::default_api(c, "", &path, node);
        api.path = String::new();
        api.stage = stage.clone();
        api.service_id = service_id.clone();
        api.protocols = protocols;
        let mut function_key = String::new();
        let mut secret = false;
        let mut shared = SharedKeys::default();
        for (key, key_node, value) in c.mapping(node, &path, ENDPOINT_KEYS) {
            let key_path = join(&path, &key);
            if shared.take(c, &mut api, &key, key_node, value, &key_path) {
                continue;
            }
            match key.as_str() {
                "method" => api.method = apigw::method(c, value, &key_path).unwrap_or(api.method),
                "apiName" => api.name = c.string(value, &key_path).unwrap_or(api.name),
                "function" => {
                    let (key, integrated) = endpoint_function(c, value, &key_path);
                    function_key = key.unwrap_or_default();
                    api.integrated_response = integrated;
                }
                "apiId" => c.ignored(key_node, &key_path, "fngate routes by `path` and `method`"),
                // The cloud's switch for the API's auth: never served open when it asks for one.
                "authType" => match c.string(value, &key_path).map(|t| t.to_ascii_uppercase()).as_deref() {
                    Some("NONE") | None => {}
                    Some("SECRET") => secret = true,
                    Some(other) => c.error(
                        Some(value),
                        &key_path,
                        format!(
                            "`{other}` auth is not supported: fngate serves key-pair auth (`SECRET`, with `auth: {{secretIds}}`) or none (`NONE`), never an API open that asks for another"
                        ),
                    ),
                },
                _ => c.ignored(key_node, &key_path, ""),
            }
        }
        // Whatever the order of the keys (and an `auth: false` beside it), SECRET protects.
        if secret && api.auth.is_none() {
            api.auth = Some(Vec::new()); // any declared key pair, as `auth: true`
        }
        if api.path.is_empty() {
            c.error(Some(node), &join(&path, "path"), "missing: the API's path, e.g. `/users/{id}`");
        }
        shared.finish(c, &mut api, &path);
        let mut failed = false;
        match function_for(&function_key) {
            Lookup::Function(name) => api.function = name,
            // Its errors are reported already.
            Lookup::Failed => failed = true,
            Lookup::Unknown if function_key.is_empty() => c.error(
                Some(node),
                &join(&path, "function"),
                "missing: the key of the function this API calls (`function: index`), here or on the trigger",
            ),
            Lookup::Unknown => c.error(
                Some(node),
                &join(&path, "function"),
                format!("`{function_key}` is not a key of inputs.functions"),
            ),
        }
        if api.name.ends_with("_apigw") || api.name.is_empty() {
            api.name = service.name.clone().unwrap_or_else(|| format!("{}_apigw", api.function));
        }
        if !failed && !c.diagnostics[errors_before..].iter().any(|d| d.severity == crate::Severity::Error) {
            apis.push(api);
        }
    }
    apis
}

/// An endpoint's `function`: a function key (multi-scf), or `{name?,
/// isIntegratedResponse, functionQualifier}`. Returns the key, if any, and
/// whether the response is integrated.
fn endpoint_function(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> (Option<String>, bool) {
    if let Some(key) = scalar_string(node) {
        return (Some(key), false);
    }
    let known =
        ["isIntegratedResponse", "functionQualifier", "name", "functionName", "functionNamespace", "type"];
    let (mut key, mut integrated) = (None, false);
    for (k, k_node, v) in c.mapping(node, path, &known) {
        let p = join(path, &k);
        match k.as_str() {
            "isIntegratedResponse" => integrated = c.boolean(v, &p).unwrap_or(false),
            "name" | "functionName" => key = c.string(v, &p),
            _ => c.ignored(k_node, &p, "fngate runs one version of each function"),
        }
    }
    (key, integrated)
}

/// A trigger's `function`: a key, or `{name: key}`.
fn function_ref(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Option<String> {
    if let Some(key) = scalar_string(node) {
        return Some(key);
    }
    endpoint_function(c, node, path).0
}

/// Handles a key of a function that fngate accepts but that changes nothing
/// here (or cannot be served); false for others.
fn function_key(c: &mut Checker, key: &str, key_node: &MarkedYamlOwned, path: &str) -> bool {
    match key {
        "image" => {
            c.error(Some(key_node), path, "container images are not supported: fngate runs code from `src`")
        }
        _ if CLOUD_ONLY.contains(&key) => c.ignored(key_node, path, ""),
        _ => return false,
    }
    true
}

/// `environments: [{key, value}]` (multi-scf's spelling of variables).
fn key_values(c: &mut Checker, node: &MarkedYamlOwned, path: &str) -> Vec<(String, String)> {
    let mut vars = Vec::new();
    for (i, item) in c.list(node, path).iter().enumerate() {
        let item_path = format!("{path}[{i}]");
        let (mut key, mut value) = (None, String::new());
        for (k, _, v) in c.mapping(item, &item_path, &["key", "value"]) {
            let text = c.string(v, &join(&item_path, &k));
            if k == "key" { key = text } else { value = text.unwrap_or_default() }
        }
        match key {
            Some(key) => vars.push((key, value)),
            None => c.error(Some(item), &item_path, "a variable needs `key` (and `value`)"),
        }
    }
    vars
}

/// The code directory `src` names (a path, or `{src, exclude}`), relative to
/// `dir`; the directory itself when `src` is absent. `None` (with an error)
/// when it is not a directory.
fn code_dir(c: &mut Checker, dir: &Path, src: Option<(&MarkedYamlOwned, &str)>) -> Option<PathBuf> {
    let Some((node, path)) = src else {
        return Some(dir.to_owned());
    };
    let (text, at, at_path) = if let Some(text) = scalar_string(node) {
        (Some(text), node, path.to_owned())
    } else if is_null(node) {
        (None, node, path.to_owned())
    } else {
        let mut found = (None, node, path.to_owned());
        for (k, k_node, v) in c.mapping(node, path, &["src", "exclude", "bucket", "object"]) {
            let p = join(path, &k);
            match k.as_str() {
                "src" => found = (c.string(v, &p), v, p),
                "exclude" => c.ignored(k_node, &p, "fngate serves the directory as it is"),
                _ => c.error(
                    Some(k_node),
                    &p,
                    "code in a COS bucket is not supported: give `src` a local directory",
                ),
            }
        }
        found
    };
    let Some(text) = text else {
        return Some(dir.to_owned());
    };
    let code = dir.join(text.trim_start_matches("./"));
    let code = if text == "./" || text == "." { dir.to_owned() } else { code };
    if !code.is_dir() {
        c.error(Some(at), &at_path, format!("`{text}` is not a directory next to this file"));
        return None;
    }
    // The code must lie inside the project: with links resolved, under this
    // file's directory (so one instance of a shared box cannot serve another's files).
    if !crate::inside(&code, dir) {
        c.error(
            Some(at),
            &at_path,
            format!(
                "`{text}` leads outside the project directory {}: give a directory inside it",
                dir.display()
            ),
        );
        return None;
    }
    Some(code)
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use crate::model::{Base64Mode, Dialect, UsagePlan};
    use crate::{Config, Diagnostics};

    /// A project directory with `files` (path, text) and a `src/` directory.
    fn project(files: &[(&str, &str)]) -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("src")).unwrap();
        for (path, text) in files {
            let path = dir.path().join(path);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        dir
    }

    fn load(dir: &Path) -> Result<(Config, Diagnostics), Diagnostics> {
        crate::load(dir)
    }

    /// The `component: scf` example of the issue, written from the component's docs.
    const SCF: &str = "app: demo
stage: dev
component: scf
name: scfdemo
inputs:
  name: ${name}-${stage}-${app}
  src: ./src
  handler: index.main
  runtime: Nodejs12.16
  memorySize: 256
  timeout: 20
  environment: {variables: {TEST: value, REGION: '${env:FNGATE_TEST_UNSET_REGION, ap-beijing}'}}
  events:
    - apigw:
        parameters:
          serviceId: service-8dsikiq6
          protocols: [http, https]
          environment: test
          endpoints:
            - path: /users/{id}
              method: get
              serviceTimeout: 10
              enableCORS: true
              function: {isIntegratedResponse: true}
              param: [{name: id, position: PATH, required: true}]
              usagePlan: {maxRequestNum: 1000}
              auth: {secretIds: [AKIDdemo]}
            - path: /upload
              method: POST
              isBase64Encoded: true
    - timer:
        parameters: {cronExpression: '*/5 * * * * * *', enable: true, argument: hello}
fngate:
  keyPairs:
    - {secretId: AKIDdemo, secretKey: demo-key}
  stageVariables:
    test: {tier: '${stage}'}
";

    #[test]
    fn an_auth_type_is_never_served_open() {
        let secret = SCF.replace(
            "              method: POST\n",
            "              method: POST\n              authType: SECRET\n",
        );
        let dir = project(&[("serverless.yml", &secret), ("src/index.js", "")]);
        let (cfg, _) = load(dir.path()).unwrap();
        let upload = cfg.apis.iter().find(|a| a.path == "/upload").unwrap();
        assert_eq!(
            upload.auth.as_deref(),
            Some(&["AKIDdemo".to_owned()][..]),
            "SECRET: any declared key pair"
        );
        let app = SCF.replace(
            "              method: POST\n",
            "              method: POST\n              authType: APP\n",
        );
        std::fs::write(dir.path().join("serverless.yml"), app).unwrap();
        let err = load(dir.path()).unwrap_err().to_string();
        assert!(err.contains("endpoints[1].authType: `APP` auth is not supported"), "{err}");
    }

    #[test]
    fn component_scf_reads_into_the_model() {
        let dir = project(&[("serverless.yml", SCF), ("src/index.js", "")]);
        let (cfg, warnings) = load(dir.path()).unwrap();
        assert_eq!(cfg.dialect, Dialect::Scf);
        let f = &cfg.functions[0];
        assert_eq!(f.name, "scfdemo-dev-demo");
        assert_eq!((f.runtime.as_str(), f.timeout, f.memory_size), ("Nodejs12.16", 20, 256));
        assert_eq!(f.code_dir, dir.path().join("src"));
        assert_eq!(f.module, dir.path().join("src/index.js"));
        assert_eq!(f.environment, [("TEST".into(), "value".into()), ("REGION".into(), "ap-beijing".into())]);
        let users = &cfg.apis[0];
        assert_eq!(
            (users.method.as_str(), users.path.as_str(), users.stage.as_str(), users.service_id.as_str()),
            ("GET", "/users/{id}", "test", "service-8dsikiq6")
        );
        assert!(users.integrated_response && users.enable_cors);
        assert_eq!(users.service_timeout, 10);
        assert_eq!(users.params[0].name, "id");
        assert_eq!(users.usage_plan, Some(UsagePlan { max_per_second: None, max_total: Some(1000) }));
        assert_eq!(users.auth.as_deref(), Some(&["AKIDdemo".to_owned()][..]));
        assert_eq!(users.function, "scfdemo-dev-demo");
        assert_eq!((cfg.apis[1].base64.clone(), cfg.apis[1].integrated_response), (Base64Mode::All, false));
        let timer = &cfg.timers[0];
        assert_eq!(
            (timer.name.as_str(), timer.cron.as_str(), timer.argument.as_str(), timer.enabled),
            ("timer-scfdemo-dev", "*/5 * * * * * *", "hello", true)
        );
        assert_eq!(cfg.custom.key_pairs[0].secret_key, "demo-key");
        assert_eq!(cfg.custom.stage_variables["test"]["tier"], "dev");
        assert_eq!(users.protocols, crate::Protocols { http: true, https: true });
        assert!(warnings.0.is_empty(), "{warnings}");
    }

    #[test]
    fn defaults_are_the_component_docs() {
        let dir = project(&[("serverless.yml", "component: scf\nname: bare\ninputs:\n  src: ./\n")]);
        let (cfg, _) = load(dir.path()).unwrap();
        let f = &cfg.functions[0];
        // stage dev, app = the instance name, runtime Nodejs10.15, timeout 3, memory 128.
        assert_eq!(f.name, "bare-dev-bare");
        assert_eq!((f.runtime.as_str(), f.timeout, f.memory_size), ("Nodejs10.15", 3, 128));
        assert_eq!((f.handler.as_str(), f.region.as_str()), ("index.main_handler", "ap-guangzhou"));
        assert_eq!(f.code_dir, dir.path());
        assert!(cfg.apis.is_empty() && cfg.timers.is_empty());
        // A timer's `enable` defaults to false, its name to timer-<name>-<stage>.
        let src = "component: scf\nname: t\nstage: prod\ninputs:\n  events:\n    - timer:\n        parameters: {cronExpression: '0 0 * * *'}\n";
        let dir = project(&[("serverless.yml", src)]);
        let (cfg, warnings) = load(dir.path()).unwrap();
        assert_eq!((cfg.timers[0].name.as_str(), cfg.timers[0].enabled), ("timer-t-prod", false));
        assert!(warnings.0.iter().any(|w| w.key.ends_with("parameters.enable")), "{warnings}");
    }

    #[test]
    fn tencents_demo_shape_loads() {
        // The shape of tencentyun/scf-demo-repo's API-gateway demos: `name` and an
        // empty `serviceId` beside `parameters`, `isIntegratedResponse: TRUE`.
        let src = include_str!("../../../tests/fixtures/components-demo/serverless.yaml");
        let dir = project(&[("serverless.yaml", src)]);
        let (cfg, _) = load(dir.path()).unwrap();
        assert_eq!(cfg.functions[0].name, "API_GW_Demo");
        let api = &cfg.apis[0];
        assert_eq!((api.path.as_str(), api.method.as_str(), api.integrated_response), ("/", "GET", true));
        assert_eq!(api.name, "serverless");
        assert!(api.service_id.starts_with("service-"));
    }

    #[test]
    fn a_web_function_runs_the_app_its_scf_bootstrap_starts() {
        let yml = "component: scf\nname: web\ninputs:\n  src: ./src\n  type: web\n  runtime: Nodejs16.13\n  events:\n    - apigw: {parameters: {endpoints: [{path: /, method: ANY}]}}\n";
        let bootstrap = "#!/bin/bash\n# start the app\nexport NODE_ENV=production\n/var/lang/node16/bin/node --max-old-space-size=512 ./server/app.js\n";
        let dir =
            project(&[("serverless.yml", yml), ("src/scf_bootstrap", bootstrap), ("src/server/app.js", "")]);
        let (cfg, _) = load(dir.path()).unwrap();
        let f = &cfg.functions[0];
        assert_eq!(f.web_entry.as_deref(), Some("server/app.js"));
        assert!(f.module.ends_with("src/server/app.js") && f.warm.is_some(), "{f:?}");
        assert!(cfg.apis[0].integrated_response, "a web function's answer passes through");

        let dir = project(&[("serverless.yml", yml), ("src/app.js", "")]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains(":5: inputs.type: a web function starts from `scf_bootstrap`"), "{text}");
        let dir = project(&[("serverless.yml", yml), ("src/scf_bootstrap", "node missing.js\n")]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(text.contains("starts `node missing.js`, which is not a file of the code"), "{text}");
    }

    const MULTI: &str = "app: multi-scf
stage: dev
name: demo
component: multi-scf
inputs:
  src: {src: ./, exclude: [.env]}
  region: ap-chengdu
  runtime: Nodejs12.16
  memorySize: 128
  timeout: 3
  environments:
    - {key: ENV, value: '${stage}'}
  functions:
    index:
      handler: app.index
    user-list:
      handler: app.list
      memorySize: 256
      timeout: 10
      environments: [{key: ENV, value: list}]
    detail:
      name: detailFunc
      handler: app.detail
      src: ./detail
  triggers:
    - type: timer
      function: index
      parameters: {name: timer1, cronExpression: '*/5 * * * * * *', enable: true, argument: argument}
    - type: apigw
      parameters:
        serviceName: serverless
        id: service-abcd1234
        apis:
          - {path: /, method: GET, function: index}
          - {path: /user, method: GET, function: {name: user-list, isIntegratedResponse: true}}
    - type: apigw
      function: detail
      parameters:
        name: other
        environment: prepub
        endpoints:
          - {path: '/detail/{id}', method: POST}
    - type: cos
      function: index
      parameters: {bucket: b}
";

    #[test]
    fn component_multi_scf_binds_triggers_by_key() {
        let dir = project(&[("serverless.yml", MULTI), ("detail/app.js", "")]);
        let (cfg, warnings) = load(dir.path()).unwrap();
        assert_eq!(cfg.dialect, Dialect::MultiScf);
        let names: Vec<&str> = cfg.functions.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["demo-dev-multi-scf-index", "demo-dev-multi-scf-user-list", "detailFunc"]);
        let list = &cfg.functions[1];
        assert_eq!((list.timeout, list.memory_size, list.region.as_str()), (10, 256, "ap-chengdu"));
        assert_eq!(list.environment, [("ENV".into(), "list".into())]);
        assert_eq!(cfg.functions[0].environment, [("ENV".into(), "dev".into())]);
        assert_eq!(cfg.functions[2].code_dir, dir.path().join("detail"));
        let apis: Vec<(&str, &str, &str, bool)> = cfg
            .apis
            .iter()
            .map(|a| (a.path.as_str(), a.function.as_str(), a.stage.as_str(), a.integrated_response))
            .collect();
        assert_eq!(
            apis,
            [
                ("/", "demo-dev-multi-scf-index", "release", false),
                ("/user", "demo-dev-multi-scf-user-list", "release", true),
                ("/detail/{id}", "detailFunc", "prepub", false),
            ]
        );
        assert_eq!(cfg.apis[0].service_id, "service-abcd1234");
        assert_ne!(cfg.apis[2].service_id, "service-abcd1234");
        assert_eq!(
            (cfg.timers[0].name.as_str(), cfg.timers[0].function.as_str()),
            ("timer1", "demo-dev-multi-scf-index")
        );
        assert!(
            warnings.0.iter().any(|w| w.key == "inputs.triggers[3]" && w.message.contains("`cos`")),
            "{warnings}"
        );
    }

    #[test]
    fn mistakes_name_the_file_the_line_and_the_key() {
        let src = MULTI
            .replace("function: index}", "function: nope}")
            .replace("'*/5 * * * * * *'", "'*/5 * * *'")
            .replace("handler: app.list", "handler: app.list\n      type: sse")
            .replace("src: ./detail", "src: ./missing");
        let dir = project(&[("serverless.yml", &src)]);
        let text = load(dir.path()).unwrap_err().to_string();
        for expected in [
            ":18: inputs.functions.user-list.type: `sse` is not a function type: use `event` or `web`",
            ":25: inputs.functions.detail.src: `./missing` is not a directory",
            ":29: inputs.triggers[0].parameters.cronExpression: `*/5 * * *` is not a cron expression: it has 4 fields",
            ":35: inputs.triggers[1].parameters.apis[0].function: `nope` is not a key of inputs.functions",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        // Nothing else: an API of a function with errors is not reported again.
        assert_eq!(text.lines().filter(|l| l.starts_with("error")).count(), 4, "{text}");
        let src = "component: express\nname: x\ninputs:\n  src: {bucket: b, object: code.zip}\n  image: {imageUrl: x}\n  events:\n    - apigw: {parameters: {endpoints: [{method: GET}]}}\n";
        let dir = project(&[("serverless.yml", src)]);
        let text = load(dir.path()).unwrap_err().to_string();
        for expected in [
            ":1: component: component `express` is not supported",
            ":4: inputs.src.bucket: code in a COS bucket is not supported",
            ":5: inputs.image: container images are not supported",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn variables_of_the_instance_and_unsupported_ones() {
        // SAFETY: a variable only this test reads.
        unsafe { std::env::set_var("FNGATE_TEST_COMPONENT_STAGE", "prod") };
        let src = "component: scf\nname: v\nstage: ${env:FNGATE_TEST_COMPONENT_STAGE}\ninputs:\n  src: ./\n  description: ${org}\n  environment: {variables: {A: '${name}/${stage}/${app}', B: '${output:dev:app:other.url}', C: '${nope}'}}\n";
        let dir = project(&[("serverless.yml", src)]);
        let text = load(dir.path()).unwrap_err().to_string();
        assert!(
            text.contains(
                ":7: inputs.environment.variables.B: `${output:dev:app:other.url}` is not supported"
            ),
            "{text}"
        );
        assert!(text.contains(":7: inputs.environment.variables.C: unknown variable `${nope}`"), "{text}");
        assert!(text.contains(":6: inputs.description: unknown variable `${org}`"), "{text}");
        let src = src.replace(", B: '${output:dev:app:other.url}', C: '${nope}'", "").replace("${org}", "x");
        let dir = project(&[("serverless.yml", &src)]);
        let (cfg, _) = load(dir.path()).unwrap();
        assert_eq!(cfg.functions[0].name, "v-prod-v");
        assert_eq!(cfg.functions[0].environment, [("A".into(), "v/prod/v".into())]);
    }

    #[test]
    fn a_directory_of_instances_serves_together() {
        let a = "component: scf\nname: a\ninputs:\n  src: ./\n  events:\n    - apigw: {parameters: {serviceId: service-shared1, endpoints: [{path: /a, method: GET}]}}\nfngate:\n  keyPairs: [{secretId: AKID1, secretKey: k1}]\n";
        let b = "component: multi-scf\nname: b\ninputs:\n  functions: {f: {handler: app.f}}\n  triggers:\n    - {type: apigw, function: f, parameters: {id: service-shared1, apis: [{path: /b, method: GET, auth: {secretIds: [AKID1]}}]}}\nfngate:\n  keyPairs: [{secretId: AKID1, secretKey: k1}]\n";
        let dir = project(&[("2-b/serverless.yml", b), ("1-a/serverless.yml", a), ("3-empty/readme", "")]);
        let (cfg, _) = load(dir.path()).unwrap();
        assert_eq!(cfg.files, [dir.path().join("1-a/serverless.yml"), dir.path().join("2-b/serverless.yml")]);
        let apis: Vec<(&str, &str)> =
            cfg.apis.iter().map(|a| (a.path.as_str(), a.service_id.as_str())).collect();
        assert_eq!(apis, [("/a", "service-shared1"), ("/b", "service-shared1")]);
        assert_eq!(cfg.functions[1].code_dir, dir.path().join("2-b"));
        assert_eq!(cfg.custom.key_pairs.len(), 1);
        // The same function name, API and key pair id in two instances are errors naming both files.
        let b2 = b
            .replace("name: b", "name: a")
            .replace("{f: {handler: app.f}}", "{f: {handler: app.f, name: a-dev-a}}");
        let b2 = b2.replace("path: /b", "path: /a").replace("secretKey: k1", "secretKey: k2");
        let dir = project(&[("1-a/serverless.yml", a), ("2-b/serverless.yml", &b2)]);
        let text = load(dir.path()).unwrap_err().to_string();
        let first = dir.path().join("1-a/serverless.yml");
        let second = dir.path().join("2-b/serverless.yml");
        for expected in [
            format!("{}:4: function `a-dev-a` is already defined in {}:3", second.display(), first.display()),
            format!(
                "{}:6: inputs.triggers[0].parameters.apis[0]: the API GET /a on service-shared1 is already bound to function `a-dev-a` at inputs.events[0].apigw.parameters.endpoints[0] ({}:6)",
                second.display(),
                first.display()
            ),
            format!(
                "{}: fngate.keyPairs: the key pair `AKID1` differs from the one in {}",
                second.display(),
                first.display()
            ),
        ] {
            assert!(text.contains(&expected), "missing {expected:?} in\n{text}");
        }
    }
}
