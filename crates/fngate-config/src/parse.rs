//! From YAML text to a validated [`Config`]: size bounds, YAML, variables, the
//! dialect (`component:` or not), then the checks every dialect shares.

use std::path::Path;

use saphyr::{LoadableYamlNode, MarkedYamlOwned};

use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::model::{Api, Config, Custom, Dialect, Timer};
use crate::node::{Checker, join};

/// A config file on its own.
pub(crate) fn parse(file: &Path, source: &str) -> Result<(Config, Diagnostics), Diagnostics> {
    parse_checked(file, source, true)
}

/// One instance of a directory of instances: the whole-config checks wait for the merge.
pub(crate) fn parse_instance(file: &Path, source: &str) -> Result<(Config, Diagnostics), Diagnostics> {
    parse_checked(file, source, false)
}

fn parse_checked(file: &Path, source: &str, whole: bool) -> Result<(Config, Diagnostics), Diagnostics> {
    if let Err(too_big) = crate::bounds::check(source) {
        return Err(Diagnostics::single(Diagnostic::error(file, too_big.line, "", too_big.message)));
    }
    let docs = MarkedYamlOwned::load_from_str(source).map_err(|e| {
        Diagnostics::single(Diagnostic::error(
            file,
            Some(e.marker().line()),
            "",
            format!("malformed YAML: {}", e.info()),
        ))
    })?;
    let Some(root) = docs.first() else {
        return Err(Diagnostics::single(Diagnostic::error(file, None, "", "the file is empty")));
    };
    let mut c = Checker { file, diagnostics: Vec::new(), env_values: Vec::new() };
    let config = match crate::components::dialect(root) {
        Some(_) => crate::components::config(&mut c, file, root),
        None => {
            let root = crate::vars::resolve(&mut c, root, &Default::default());
            crate::v1::config(&mut c, file, &root)
        }
    };
    let mut config = config;
    if let Some(config) = config.as_mut().filter(|_| whole) {
        check(&mut c, config);
        apply_function_settings(config);
    }
    let diagnostics = Diagnostics(c.diagnostics);
    match config {
        Some(config) if !diagnostics.has_errors() => Ok((config, diagnostics)),
        _ => Err(diagnostics),
    }
}

/// The checks on a whole config, whatever its dialect (and across the files of
/// a directory of instances).
pub(crate) fn check(c: &mut Checker, config: &mut Config) {
    check_bindings(c, &config.apis);
    check_policies(c, &mut config.apis, &config.custom, config.dialect);
    check_timers(c, &config.timers);
    check_function_settings(c, config);
}

/// Copies `custom.fngate.functions.<name>` settings the runtime needs onto the functions.
pub(crate) fn apply_function_settings(config: &mut Config) {
    for f in &mut config.functions {
        // A web function's app stays up between requests, as SCF keeps it.
        if f.web_entry.is_some() {
            f.warm =
                Some(crate::model::WarmSettings { max_instances: 4, idle_seconds: 300, max_invocations: 0 });
        }
        f.allowed_outbound_hosts = config.custom.allowed_outbound_hosts.clone();
        if let Some(settings) = config.custom.functions.get(&f.name) {
            f.allowed_outbound_hosts.extend(settings.allowed_outbound_hosts.iter().cloned());
            f.warm = settings.warm.or(f.warm);
        }
    }
    // A web function answers HTTP: its APIs pass that answer through.
    for api in &mut config.apis {
        if config.functions.iter().any(|f| f.name == api.function && f.web_entry.is_some()) {
            api.integrated_response = true;
        }
    }
}

/// `custom.fngate.functions` names functions of the config.
fn check_function_settings(c: &mut Checker, config: &Config) {
    let section = if config.dialect == Dialect::V1 { "custom.fngate" } else { "fngate" };
    for (name, settings) in &config.custom.functions {
        if config.function(name).is_none() {
            let known: Vec<&str> = config.functions.iter().map(|f| f.name.as_str()).collect();
            let message = format!("no function is named `{name}` (functions: {})", known.join(", "));
            let key = join(&format!("{section}.functions"), name);
            c.diagnostics.push(Diagnostic::error(&settings.file, settings.line, &key, message));
        }
    }
}

/// Where a declaration is, for a message about another one: ` (line 3)`, or
/// ` (other/serverless.yml:3)` when it is in another file.
fn at(file: &Path, line: Option<usize>, here: &Path) -> String {
    match (file == here, line) {
        (true, Some(l)) => format!(" (line {l})"),
        (true, None) => String::new(),
        (false, Some(l)) => format!(" ({}:{l})", file.display()),
        (false, None) => format!(" ({})", file.display()),
    }
}

/// One API = (service, path, method) across stages, bound to exactly one function.
/// A path with its variables' names left out: `/u/{id}` and `/u/{name}` match
/// the same requests, so they are one API.
fn path_shape(path: &str) -> String {
    path.split('/')
        .map(|segment| if segment.starts_with('{') && segment.ends_with('}') { "{}" } else { segment })
        .collect::<Vec<_>>()
        .join("/")
}

fn check_bindings(c: &mut Checker, apis: &[Api]) {
    for (i, api) in apis.iter().enumerate() {
        let shape = path_shape(&api.path);
        let first = apis[..i].iter().find(|a| {
            a.service_id == api.service_id && a.method == api.method && path_shape(&a.path) == shape
        });
        if let Some(first) = first {
            let at = at(&first.file, first.line, &api.file);
            let same = if first.path == api.path {
                String::new()
            } else {
                format!(" (as {}: the paths differ only in variable names)", first.path)
            };
            let message = format!(
                "the API {} {} on {} is already bound{same} to function `{}` at {}{at}; binding it again to `{}` is not allowed: an API (service, path, method) binds exactly one function across all stages",
                api.method, api.path, api.service_id, first.function, first.key, api.function
            );
            c.diagnostics.push(Diagnostic::error(&api.file, api.line, &api.key, message));
        }
    }
}

/// Key pairs named by APIs must be declared (`auth: true` names every one, and
/// needs one at least); per-service policies should name a service.
fn check_policies(c: &mut Checker, apis: &mut [Api], custom: &Custom, dialect: Dialect) {
    let section = if dialect == Dialect::V1 { "custom.fngate" } else { "fngate" };
    for api in apis.iter_mut() {
        if api.auth.as_ref().is_some_and(Vec::is_empty) {
            api.auth = Some(custom.key_pairs.iter().map(|k| k.secret_id.clone()).collect());
            if custom.key_pairs.is_empty() {
                let message = format!(
                    "`auth: true` turns on key-pair auth, but no key pair is declared under {section}.keyPairs: declare the pairs that may call"
                );
                c.diagnostics.push(Diagnostic::error(&api.file, api.line, &join(&api.key, "auth"), message));
            }
        }
    }
    for api in apis.iter() {
        for id in api.auth.iter().flatten() {
            if !custom.key_pairs.iter().any(|k| &k.secret_id == id) {
                let message = format!("secret id `{id}` is not declared under {section}.keyPairs");
                let key = if dialect == Dialect::V1 {
                    join(&api.key, "parameters.auth")
                } else {
                    join(&api.key, "auth")
                };
                c.diagnostics.push(Diagnostic::error(&api.file, api.line, &key, message));
            }
        }
    }
    // An API with errors is left out of `apis`: only warn about a complete config.
    let has_errors = c.diagnostics.iter().any(|d| d.severity == crate::Severity::Error);
    for id in custom.services.keys().filter(|_| !has_errors) {
        if !apis.iter().any(|a| &a.service_id == id) {
            let key = join(&format!("{section}.services"), id);
            c.diagnostics.push(Diagnostic::warning(c.file, None, &key, "no API uses this service id"));
        }
    }
}

/// A function's timers have distinct names (SCF refuses a second one).
fn check_timers(c: &mut Checker, timers: &[Timer]) {
    for (i, timer) in timers.iter().enumerate() {
        let same = |t: &&Timer| t.function == timer.function && t.name == timer.name;
        if let Some(first) = timers[..i].iter().find(same) {
            let message = format!(
                "function `{}` already has a timer named `{}` at {}{}: give each timer its own `name`",
                timer.function,
                timer.name,
                first.key,
                at(&first.file, first.line, &timer.file)
            );
            c.diagnostics.push(Diagnostic::error(&timer.file, timer.line, &timer.key, message));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::StateFailure;

    fn parse_str(src: &str) -> Result<(Config, Diagnostics), Diagnostics> {
        parse(Path::new("/p/serverless.yml"), src)
    }

    #[test]
    fn provider_defaults_flow_into_functions() {
        let (cfg, warnings) = parse_str(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\n  timeout: 10\n  environment:\n    variables:\n      A: '1'\n      B: 2\nfunctions:\n  f:\n    handler: mod.main\n    memorySize: 64\n    environment:\n      variables:\n        B: three\n",
        )
        .unwrap();
        assert!(warnings.0.is_empty(), "{warnings}");
        let f = cfg.function("f").unwrap();
        assert_eq!((f.timeout, f.memory_size, f.runtime.as_str()), (10, 64, "Wasm"));
        assert_eq!(f.environment, vec![("A".into(), "1".into()), ("B".into(), "three".into())]);
        assert_eq!(f.module, Path::new("/p/mod.wasm"));
        assert_eq!(f.line, Some(11));
    }

    #[test]
    fn every_error_names_line_and_key() {
        let err = parse_str(
            "service: s\nprovider:\n  name: tencent\nfunctions:\n  f:\n    handler: a.b\n    runtime: Java8\n    timeout: 9000\n  g:\n    handler: a.b\n    runtime: wasm\n    memorySize: lots\n    colour: blue\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(
            text.contains("/p/serverless.yml:7: functions.f.runtime: runtime `Java8` is not supported"),
            "{text}"
        );
        assert!(text.contains("/p/serverless.yml:8: functions.f.timeout: 9000 is not allowed"), "{text}");
        assert!(text.contains("/p/serverless.yml:12: functions.g.memorySize: lots is not allowed"), "{text}");
        assert!(text.contains("warning: /p/serverless.yml:13: functions.g.colour: unknown key"), "{text}");
        assert_eq!(err.errors().count(), 3);
    }

    #[test]
    fn a_value_from_the_environment_is_never_printed() {
        // SAFETY: a variable only this test reads.
        unsafe { std::env::set_var("FNGATE_TEST_SECRET_MEMORY", "hunter2-secret") };
        let err = parse_str(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\nfunctions:\n  f:\n    handler: a.b\n    memorySize: ${env:FNGATE_TEST_SECRET_MEMORY}\n",
        )
        .unwrap_err();
        let text = err.to_string();
        assert!(!text.contains("hunter2"), "{text}");
        assert!(
            text.contains("functions.f.memorySize: ${env:FNGATE_TEST_SECRET_MEMORY} is not allowed"),
            "{text}"
        );
    }

    #[test]
    fn references_to_references_are_bounded() {
        // Each level doubles the text of the one before: 2^30 bytes unbounded.
        let mut src = String::from(
            "service: s\nprovider:\n  name: tencent\n  runtime: Wasm\ncustom:\n  l0: xxxxxxxxxxxxxxxx\n",
        );
        for i in 1..31 {
            src += &format!("  l{i}: \"${{self:custom.l{0}}}${{self:custom.l{0}}}\"\n", i - 1);
        }
        src += "functions:\n  f:\n    handler: a.b\n";
        let started = std::time::Instant::now();
        let text = parse_str(&src).unwrap_err().to_string();
        assert!(text.contains("variables expand to more than"), "{text}");
        assert!(started.elapsed() < std::time::Duration::from_secs(5), "{:?}", started.elapsed());
    }

    #[test]
    fn an_alias_bomb_is_refused_with_its_line() {
        let mut src = String::from(
            "service: s\nprovider: {name: tencent, runtime: Wasm}\ncustom:\n  l0: &l0 [\"lol\"]\n",
        );
        for i in 1..10 {
            src += &format!("  l{i}: &l{i} [{}]\n", vec![format!("*l{}", i - 1); 10].join(", "));
        }
        let text = parse_str(&src).unwrap_err().to_string();
        assert!(text.contains("/p/serverless.yml:") && text.contains("alias bomb"), "{text}");
    }

    #[test]
    fn malformed_yaml_names_the_line() {
        let err = parse_str("service: s\nfunctions:\n  f: [unclosed\n").unwrap_err();
        let d = &err.0[0];
        assert!(d.message.starts_with("malformed YAML"), "{d}");
        assert!(d.line.is_some());
    }

    const APIS: &str = "service: shop
provider:
  name: tencent
  runtime: Wasm
  region: ${env:FNGATE_TEST_REGION, ap-shanghai}
custom:
  basePath: /v1
  fngate:
    stageVariables:
      release: {stage: release}
    functionErrorStatus: propagate
functions:
  list:
    handler: list.main
    environment:
      variables:
        REGION: ${self:provider.region}
        BASE: ${self:custom.basePath}/items
    events:
      - apigw:
          name: list_api
          parameters:
            path: ${self:custom.basePath}/items
            httpMethod: get
            integratedResponse: true
      - timer:
          name: nightly
          parameters: {cronExpression: '0 0 2 * * * *', argument: rebuild}
      - timer:
          parameters: {cronExpression: '*/10 * * * *', enable: true}
  item:
    handler: item.main
    events:
      - apigw:
          parameters:
            stageName: test
            serviceId: service-abc123
            path: /items/{id}
            serviceTimeout: 5
";

    #[test]
    fn apis_variables_and_defaults() {
        let (cfg, warnings) = parse_str(APIS).unwrap();
        assert_eq!(cfg.apis.len(), 2);
        let list = &cfg.apis[0];
        assert_eq!(
            (list.method.as_str(), list.path.as_str(), list.stage.as_str()),
            ("GET", "/v1/items", "release")
        );
        assert!(list.integrated_response);
        assert_eq!(list.service_id, crate::default_service_id("shop"));
        assert_eq!(list.service_timeout, 15);
        let item = &cfg.apis[1];
        assert_eq!(
            (item.method.as_str(), item.stage.as_str(), item.service_id.as_str()),
            ("ANY", "test", "service-abc123")
        );
        assert_eq!(
            (item.name.as_str(), item.service_timeout, item.integrated_response),
            ("item_apigw", 5, false)
        );
        let f = cfg.function("list").unwrap();
        assert_eq!(
            f.environment,
            vec![("REGION".into(), "ap-shanghai".into()), ("BASE".into(), "/v1/items".into())]
        );
        assert_eq!(cfg.custom.stage_variables["release"]["stage"], "release");
        assert_eq!(cfg.custom.function_error_status, crate::FunctionErrorStatus::Propagate);
        let nightly = &cfg.timers[0];
        assert_eq!(
            (nightly.name.as_str(), nightly.function.as_str(), nightly.argument.as_str(), nightly.enabled),
            ("nightly", "list", "rebuild", false)
        );
        assert_eq!((cfg.timers[1].name.as_str(), cfg.timers[1].enabled), ("timer-list-dev", true));
        let missing_enable = "functions.list.events[1].timer.parameters.enable";
        assert!(warnings.0.iter().any(|w| w.key == missing_enable && w.line == Some(26)), "{warnings}");
    }

    #[test]
    fn default_path_is_the_function_name() {
        let (cfg, _) = parse_str("service: s\nprovider: {runtime: Wasm}\nfunctions:\n  hello_world:\n    handler: h.main\n    events:\n      - apigw: {name: x}\n").unwrap();
        assert_eq!(cfg.apis[0].path, "/hello_world");
        assert_eq!(cfg.apis[0].method, "ANY");
    }

    #[test]
    fn duplicate_binding_names_both_functions() {
        let src = "service: s\nprovider: {runtime: Wasm}\nfunctions:\n  a:\n    handler: a.main\n    events:\n      - apigw: {parameters: {path: /x, httpMethod: GET}}\n  b:\n    handler: b.main\n    events:\n      - apigw: {parameters: {path: /x, httpMethod: GET, stageName: test}}\n";
        let err = parse_str(src).unwrap_err();
        let text = err.to_string();
        assert!(text.contains(":11: functions.b.events[0].apigw: the API GET /x"), "{text}");
        assert!(text.contains("bound to function `a`") && text.contains("again to `b`"), "{text}");
    }

    #[test]
    fn bad_variables_methods_and_stages_are_errors() {
        let src = "service: s\nprovider: {runtime: Wasm}\nfunctions:\n  a:\n    handler: a.main\n    environment: {variables: {K: '${env:FNGATE_SURELY_UNSET}', L: '${opt:stage}'}}\n    events:\n      - apigw: {parameters: {httpMethod: PATCH, stageName: prod, path: nope}}\n";
        let err = parse_str(src).unwrap_err();
        let text = err.to_string();
        for expected in [
            "functions.a.environment.variables.K: cannot resolve `${env:FNGATE_SURELY_UNSET}`",
            "functions.a.environment.variables.L: cannot resolve `${opt:stage}`: no `--opt stage=…` (or `--stage`) was given",
            "functions.a.events[0].apigw.parameters.httpMethod: method `PATCH` is not allowed",
            "functions.a.events[0].apigw.parameters.stageName: stage `prod` is not allowed",
            "functions.a.events[0].apigw.parameters.path: path `nope` is not allowed",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    const POLICIES: &str = "service: s
provider: {runtime: Wasm}
custom:
  fngate:
    keyPairs:
      - {secretId: AKIDa, secretKey: topsecret}
    services:
      service-abc: {ipAllow: [10.0.0.0/8, '::1'], ipDeny: [10.1.2.3]}
functions:
  a:
    handler: a.main
    events:
      - apigw:
          parameters:
            path: /u/{id}
            serviceId: service-abc
            auth: {secretIds: [AKIDa]}
            usagePlan: {maxRequestNumPreSec: 10, maxRequestNum: -1}
            isBase64Encoded: true
            isBase64Trigger: true
            base64EncodedTriggerRules:
              - {name: Content_Type, value: [Image/PNG]}
            param:
              - {name: id, position: PATH, required: true}
              - {name: q, position: query, defaultValue: x}
";

    #[test]
    fn policies_parse() {
        use crate::model::{Base64Mode, ParamPosition, TriggerRule, UsagePlan};
        let (cfg, warnings) = parse_str(POLICIES).unwrap();
        assert!(warnings.0.is_empty(), "{warnings}");
        let api = &cfg.apis[0];
        assert_eq!(api.auth.as_deref(), Some(&["AKIDa".to_owned()][..]));
        assert_eq!(api.usage_plan, Some(UsagePlan { max_per_second: Some(10), max_total: None }));
        let rule = TriggerRule { header: "content-type".into(), values: vec!["image/png".into()] };
        assert_eq!(api.base64, Base64Mode::Triggered(vec![rule]));
        assert_eq!(
            api.params.iter().map(|p| p.position).collect::<Vec<_>>(),
            [ParamPosition::Path, ParamPosition::Query]
        );
        assert_eq!(api.params[1].default.as_deref(), Some("x"));
        let policy = &cfg.custom.services["service-abc"];
        assert!(policy.allows("10.9.9.9".parse().unwrap()) && policy.allows("::1".parse().unwrap()));
        assert!(
            !policy.allows("10.1.2.3".parse().unwrap()) && !policy.allows("192.168.1.1".parse().unwrap())
        );
        assert_eq!(cfg.custom.key_pairs[0].secret_key, "topsecret");
        assert!(!format!("{:?}", cfg.custom.key_pairs).contains("topsecret"), "Debug must not print keys");
    }

    #[test]
    fn bad_policies_name_line_and_key() {
        let text = parse_str(&POLICIES.replace("[AKIDa]}", "[AKIDb]}")).unwrap_err().to_string();
        let expected = ":13: functions.a.events[0].apigw.parameters.auth: secret id `AKIDb` is not declared";
        assert!(text.contains(expected), "{text}");
        let src = POLICIES
            .replace("10.1.2.3", "10.1.2.300")
            .replace("maxRequestNum: -1", "maxRequestNum: 0")
            .replace("Content_Type", "Cookie")
            .replace("name: id, position: PATH", "name: nid, position: PATH");
        let text = parse_str(&src).unwrap_err().to_string();
        for expected in [
            ":8: custom.fngate.services.service-abc.ipDeny[0]: `10.1.2.300` is not an IP address or CIDR network",
            ":18: functions.a.events[0].apigw.parameters.usagePlan.maxRequestNum: 0 is not allowed",
            ":22: functions.a.events[0].apigw.parameters.base64EncodedTriggerRules[0].name: `Cookie` is not allowed",
            ":24: functions.a.events[0].apigw.parameters.param[0]: path parameter `nid` is not a `{nid}` segment",
        ] {
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_usage_plan_store() {
        let base = "service: s\nprovider: {name: tencent, runtime: Wasm}\nfunctions:\n  f: {handler: f.main}\ncustom:\n  fngate:\n";
        let (cfg, _) = parse_str(base).unwrap();
        assert_eq!((cfg.custom.state.as_deref(), cfg.custom.state_failure), (None, StateFailure::Open));
        let src = format!("{base}    state: redis://:pw@10.0.0.5:6379/2\n    stateFailure: closed\n");
        let (cfg, _) = parse_str(&src).unwrap();
        assert_eq!(cfg.custom.state.as_deref(), Some("redis://:pw@10.0.0.5:6379/2"));
        assert_eq!(cfg.custom.state_failure, StateFailure::Closed);
        assert!(parse_str(&format!("{base}    state: redis+unix:///run/redis.sock\n")).is_ok());
        for (value, expected) in [
            ("redis://:6379", ":7: custom.fngate.state: `redis://:6379` names no host"),
            ("redis://h/x", ":7: custom.fngate.state: `x` is not a database number"),
            ("rediss://h", ":7: custom.fngate.state: `rediss://h`: TLS to the store is not supported"),
            ("memcached://h", ":7: custom.fngate.state: `memcached://` is not a store fngate speaks to"),
            ("localhost", ":7: custom.fngate.state: `localhost` is not a URL"),
        ] {
            let text = parse_str(&format!("{base}    state: {value}\n")).unwrap_err().to_string();
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
        let text = parse_str(&format!("{base}    stateFailure: maybe\n")).unwrap_err().to_string();
        assert!(
            text.contains(":7: custom.fngate.stateFailure: `maybe` is not allowed: use `open` or `closed`"),
            "{text}"
        );
    }

    #[test]
    fn build_settings() {
        let base = "service: s\nprovider: {name: tencent, runtime: Wasm}\nfunctions:\n  f: {handler: f.main}\n  g: {handler: g.main}\ncustom:\n  fngate:\n";
        let src = format!(
            "{base}    build: make\n    functions:\n      g:\n        build: {{command: ./build.sh, watch: ['src/**/*.c', '*.h']}}\n"
        );
        let (cfg, _) = parse_str(&src).unwrap();
        assert_eq!(cfg.build_of("f").map(|b| b.command.as_str()), Some("make"));
        let g = cfg.build_of("g").unwrap();
        assert_eq!(
            (g.command.as_str(), g.watch.clone()),
            ("./build.sh", vec!["src/**/*.c".to_owned(), "*.h".to_owned()])
        );
        let (plain, _) = parse_str(base).unwrap();
        assert!(plain.build_of("f").is_none());
        for (yaml, expected) in [
            (
                "    functions:\n      h: {build: make}\n",
                ":9: custom.fngate.functions.h: no function is named `h` (functions: f, g)",
            ),
            ("    build: {watch: ['*.c']}\n", ":8: custom.fngate.build: a build needs a `command`"),
            (
                "    build: {command: make, watch: ['../x/*.c']}\n",
                ":8: custom.fngate.build.watch[0]: `../x/*.c` leaves the code directory",
            ),
            (
                "    build: {command: make, watch: ['src/[*.c']}\n",
                ":8: custom.fngate.build.watch[0]: `src/[*.c` is not a glob pattern",
            ),
            ("    build: ' '\n", ":8: custom.fngate.build: the command is empty"),
        ] {
            let text = parse_str(&format!("{base}{yaml}")).unwrap_err().to_string();
            assert!(text.contains(expected), "missing {expected:?} in\n{text}");
        }
    }

    #[test]
    fn the_seeds_javascript_config_is_accepted() {
        let src = include_str!("../../../examples/hello-world-js/serverless.yml");
        let (cfg, warnings) = parse_str(src).unwrap();
        let f = cfg.function("hello_world").unwrap();
        assert!(f.is_javascript() && f.runtime == "Nodejs8.9");
        assert_eq!(f.module, Path::new("/p/index.js"));
        assert!(
            warnings.0.iter().any(|w| w.key == "service" && w.message.contains("directory")),
            "{warnings}"
        );
        assert_eq!((cfg.apis[0].method.as_str(), cfg.apis[0].path.as_str()), ("POST", "/hello_world"));
    }
}

/// Property tests of the config parser on arbitrary text and on YAML built from
/// the keys it knows (`PROPTEST_CASES` sets the count).
#[cfg(test)]
mod props {
    use proptest::prelude::*;

    use super::*;

    fn yamlish() -> impl Strategy<Value = String> {
        let token = prop_oneof![
            Just("service: s\n".to_owned()),
            Just("provider:\n  name: tencent\n  runtime: Wasm\n".to_owned()),
            Just("functions:\n".to_owned()),
            Just("  f:\n    handler: a.b\n".to_owned()),
            Just("    timeout: ".to_owned()),
            Just("    memorySize: ".to_owned()),
            Just("    events:\n      - apigw:\n          parameters:\n".to_owned()),
            Just("            path: ".to_owned()),
            Just("            httpMethod: ".to_owned()),
            Just("&a ".to_owned()),
            Just("*a".to_owned()),
            Just("${self:service}".to_owned()),
            Just("component: scf\nname: n\ninputs:\n".to_owned()),
            Just("component: multi-scf\nname: n\ninputs:\n  functions:\n    k: {handler: a.b}\n".to_owned()),
            Just("  triggers:\n    - type: apigw\n      parameters:\n        apis:\n          - {path: /x, function: k}\n".to_owned()),
            Just("  events:\n    - timer: {parameters: {cronExpression: '* * * * *', enable: true}}\n".to_owned()),
            Just("${stage}".to_owned()),
            Just("${env:HOME, x}".to_owned()),
            Just("${".to_owned()),
            "[ -~]{0,12}",
            Just("\n".to_owned()),
            Just("- ".to_owned()),
            Just("{".to_owned()),
            Just("[".to_owned()),
        ];
        proptest::collection::vec(token, 0..24).prop_map(|t| t.concat())
    }

    proptest! {
        #[test]
        fn any_text_gets_a_config_or_named_errors(source in yamlish()) {
            match parse(Path::new("/p/serverless.yml"), &source) {
                Ok((config, _)) => prop_assert!(!config.functions.is_empty() || config.apis.is_empty()),
                Err(diagnostics) => {
                    prop_assert!(diagnostics.has_errors());
                    prop_assert!(diagnostics.to_string().contains("/p/serverless.yml"));
                }
            }
        }

        #[test]
        fn any_bytes_are_refused_or_parsed_without_panic(source in "\\PC{0,200}") {
            let _ = parse(Path::new("/p/serverless.yml"), &source);
        }
    }
}
