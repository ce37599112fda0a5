//! `fngate print`: the config as fngate resolved it (variables substituted,
//! provider defaults applied, every dialect in one shape), as `sls print`
//! shows a project: YAML, or JSON with `--json`.

use std::process::ExitCode;

use fngate_config::Config;
use saphyr::{Scalar, Yaml, YamlEmitter};
use serde_json::{Value, json};

use crate::cli::PrintArgs;
use crate::commands::load_config;

pub(crate) fn print(args: &PrintArgs) -> anyhow::Result<ExitCode> {
    let config = load_config(&args.config)?;
    let value = resolved(&config);
    if args.json {
        super::print_out(&serde_json::to_string_pretty(&value)?);
    } else {
        let mut out = String::new();
        YamlEmitter::new(&mut out).dump(&yaml(&value))?;
        super::print_out(out.trim_start_matches("---\n"));
    }
    Ok(ExitCode::SUCCESS)
}

/// What fngate serves from `config`, as plain data.
fn resolved(config: &Config) -> Value {
    let env = |vars: &[(String, String)]| -> Value {
        Value::Object(vars.iter().map(|(k, v)| (k.clone(), json!(v))).collect())
    };
    let functions: serde_json::Map<String, Value> = config
        .functions
        .iter()
        .map(|f| {
            let mut v = json!({
                "handler": f.handler,
                "runtime": f.runtime,
                "module": f.module.display().to_string(),
                "codeDir": f.code_dir.display().to_string(),
                "timeout": f.timeout,
                "memorySize": f.memory_size,
                "environment": env(&f.environment),
            });
            let extra = [
                ("description", (!f.description.is_empty()).then(|| json!(f.description))),
                ("reservedConcurrency", f.reserved_concurrency.map(|n| json!(n))),
                ("webEntry", f.web_entry.as_ref().map(|e| json!(e))),
                (
                    "allowedOutboundHosts",
                    (!f.allowed_outbound_hosts.is_empty()).then(|| json!(f.allowed_outbound_hosts)),
                ),
                (
                    "warm",
                    f.warm.as_ref().map(|w| {
                        json!({"maxInstances": w.max_instances, "idleSeconds": w.idle_seconds, "maxInvocations": w.max_invocations})
                    }),
                ),
            ];
            for (key, value) in extra {
                if let Some(value) = value {
                    v[key] = value;
                }
            }
            (f.name.clone(), v)
        })
        .collect();
    let apis: Vec<Value> = config
        .apis
        .iter()
        .map(|a| {
            json!({
                "function": a.function,
                "stage": a.stage,
                "method": a.method,
                "path": a.path,
                "serviceId": a.service_id,
                "integratedResponse": a.integrated_response,
                "enableCORS": a.enable_cors,
                "serviceTimeout": a.service_timeout,
                "auth": a.auth.as_ref().map(|ids| json!(ids)),
                "usagePlan": a.usage_plan.as_ref().map(|p| json!({"maxRequestNumPreSec": p.max_per_second, "maxRequestNum": p.max_total})),
                "declared": format!("{}:{}", a.file.display(), a.line.unwrap_or(0)),
            })
        })
        .collect();
    let timers: Vec<Value> = config
        .timers
        .iter()
        .map(|t| json!({"name": t.name, "function": t.function, "cronExpression": t.cron, "enable": t.enabled, "argument": t.argument}))
        .collect();
    json!({
        "service": config.service,
        "dialect": format!("{:?}", config.dialect),
        "files": config.files.iter().map(|f| f.display().to_string()).collect::<Vec<_>>(),
        "functions": functions,
        "apis": apis,
        "timers": timers,
    })
}

/// JSON data as a YAML node.
fn yaml(value: &Value) -> Yaml<'static> {
    match value {
        Value::Null => Yaml::Value(Scalar::Null),
        Value::Bool(b) => Yaml::Value(Scalar::Boolean(*b)),
        Value::Number(n) => match n.as_i64() {
            Some(i) => Yaml::Value(Scalar::Integer(i)),
            None => Yaml::Value(Scalar::FloatingPoint(n.as_f64().unwrap_or_default().into())),
        },
        Value::String(s) => Yaml::Value(Scalar::String(s.clone().into())),
        Value::Array(items) => Yaml::Sequence(items.iter().map(yaml).collect()),
        Value::Object(map) => Yaml::Mapping(
            map.iter().map(|(k, v)| (Yaml::Value(Scalar::String(k.clone().into())), yaml(v))).collect(),
        ),
    }
}
