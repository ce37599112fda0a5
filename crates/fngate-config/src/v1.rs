//! The Serverless Framework v1 Tencent plugin dialect (spec §1): `service`,
//! `provider`, `functions.<name>` with `events`, and `custom.fngate`.

use std::path::Path;

use saphyr::MarkedYamlOwned;

use crate::apigw::default_service_id;
use crate::function::{Defaults, Draft, MEMORY_RANGE, TIMEOUT_RANGE};
use crate::model::{self, Config, Custom, Dialect, Function, Provider};
use crate::node::{Checker, is_null, join};

const TOP_KEYS: &[&str] =
    &["service", "provider", "plugins", "package", "functions", "custom", "frameworkVersion", "org", "app"];
const PROVIDER_KEYS: &[&str] = &[
    "name",
    "runtime",
    "region",
    "stage",
    "credentials",
    "memorySize",
    "timeout",
    "description",
    "role",
    "enableRoleAuth",
    "cosBucket",
    "environment",
    "vpcConfig",
    "apiGateway",
];
const FUNCTION_KEYS: &[&str] = &[
    "handler",
    "runtime",
    "description",
    "memorySize",
    "timeout",
    "environment",
    "events",
    "reservedConcurrency",
    "type",
    "role",
    "vpcConfig",
];
/// The stage names default to when `provider.stage` is not set (the framework's `dev`).
const DEFAULT_STAGE: &str = "dev";

/// The config of a v1 file (`root` with its variables resolved).
pub(crate) fn config(c: &mut Checker, file: &Path, root: &MarkedYamlOwned) -> Option<Config> {
    let mut service = None;
    let mut provider = Provider { region: model::DEFAULT_REGION.into(), ..Provider::default() };
    let mut functions_node = None;
    let mut custom = Custom::default();
    for (key, _, value) in c.mapping(root, "", TOP_KEYS) {
        match key.as_str() {
            "service" => service = c.string(value, "service"),
            "provider" => provider = parse_provider(c, value),
            "functions" => functions_node = Some(value),
            "custom" => {
                for (key, _, value) in c.mapping(value, "custom", &[]) {
                    if key == "fngate" {
                        custom = crate::custom::parse_fngate(c, value, "custom.fngate");
                    }
                }
            }
            _ => {}
        }
    }
    let dir = file.parent().map(Path::to_path_buf).unwrap_or_default();
    // The seed documents show `functions:` alone: name the service after the directory.
    let service = service.unwrap_or_else(|| {
        let name = dir.canonicalize().ok().and_then(|d| Some(d.file_name()?.to_string_lossy().into_owned()));
        let name = name.unwrap_or_else(|| "default".to_owned());
        c.warning(root, "service", format!("missing: using `{name}`, the directory's name"));
        name
    });
    let default_service = provider.service_id.clone().unwrap_or_else(|| default_service_id(&service));
    let stage = provider.stage.clone().unwrap_or_else(|| DEFAULT_STAGE.to_owned());
    let mut functions = Vec::new();
    let mut apis = Vec::new();
    let mut timers = Vec::new();
    match functions_node {
        Some(node) => {
            for (name, key_node, value) in c.mapping(node, "functions", &[]) {
                let parsed = parse_function(c, &dir, &provider, &name, key_node, value);
                // A function with errors still has its events checked (against a
                // stand-in), so that one run tells every error.
                let function =
                    parsed.clone().unwrap_or_else(|| crate::model::Function::stand_in(&name, &dir, file));
                let events = c.mapping(value, "", &[]).into_iter().find(|(k, _, _)| k == "events");
                let (mut its_apis, mut its_timers) = (Vec::new(), Vec::new());
                if let Some((_, _, events)) = events {
                    let base = join(&join("functions", &name), "events");
                    its_apis = crate::apigw::parse_events(
                        c,
                        &function,
                        events,
                        &base,
                        &default_service,
                        &mut its_timers,
                        &stage,
                    );
                }
                if parsed.is_some() {
                    apis.extend(its_apis);
                    timers.extend(its_timers);
                    functions.push(function);
                }
            }
            if functions.is_empty() && !c.diagnostics.iter().any(|d| d.key.starts_with("functions")) {
                c.error(Some(node), "functions", "no functions defined");
            }
        }
        None => c.error(Some(root), "functions", "missing: define at least one function"),
    }
    Some(Config {
        file: file.to_owned(),
        files: vec![file.to_owned()],
        dir,
        dialect: Dialect::V1,
        service,
        provider,
        functions,
        apis,
        timers,
        custom,
    })
}

fn parse_provider(c: &mut Checker, node: &MarkedYamlOwned) -> Provider {
    let mut p = Provider { region: model::DEFAULT_REGION.into(), ..Provider::default() };
    for (key, key_node, value) in c.mapping(node, "provider", PROVIDER_KEYS) {
        let path = join("provider", &key);
        match key.as_str() {
            "name" => {
                if let Some(name) = c.string(value, &path)
                    && name != "tencent"
                {
                    c.error(
                        Some(value),
                        &path,
                        format!("`{name}` is not supported: fngate reads the `tencent` provider format"),
                    );
                }
            }
            "runtime" => p.runtime = c.string(value, &path),
            "region" => p.region = c.string(value, &path).unwrap_or(p.region),
            "stage" => {
                p.stage = c.string(value, &path);
                c.ignored(key_node, &path, "the stage only names the deployment (reference §1.1)");
            }
            "credentials" | "description" | "role" | "enableRoleAuth" | "cosBucket" | "vpcConfig" => {
                c.ignored(key_node, &path, "")
            }
            "timeout" => p.timeout = c.integer(value, &path, TIMEOUT_RANGE, "seconds"),
            "memorySize" => p.memory_size = c.integer(value, &path, MEMORY_RANGE, "MB"),
            "environment" => p.environment = crate::function::environment(c, value, &path),
            "apiGateway" => {
                for (k, _, v) in c.mapping(value, &path, &["serviceId"]) {
                    p.service_id = c.string(v, &join(&path, &k));
                }
            }
            _ => {}
        }
    }
    p
}

fn parse_function(
    c: &mut Checker,
    dir: &Path,
    provider: &Provider,
    name: &str,
    key_node: &MarkedYamlOwned,
    node: &MarkedYamlOwned,
) -> Option<Function> {
    let base = join("functions", name);
    if is_null(node) {
        c.error(Some(key_node), &base, "the function has no settings: give at least `handler`");
        return None;
    }
    let errors_before = c.diagnostics.len();
    let mut draft = Draft::with_environment(provider.environment.clone());
    for (key, key_node, value) in c.mapping(node, &base, FUNCTION_KEYS) {
        let path = join(&base, &key);
        if !draft.take(c, &key, value, &path) && matches!(key.as_str(), "role" | "vpcConfig") {
            c.ignored(key_node, &path, "");
        }
    }
    let defaults = Defaults {
        runtime: provider.runtime.as_deref().map(|r| (r, "provider.runtime")),
        timeout: provider.timeout,
        memory_size: provider.memory_size,
        region: &provider.region,
    };
    draft.finish(c, errors_before, name, &base, key_node, dir, &defaults)
}
