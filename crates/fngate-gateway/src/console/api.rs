//! What the console's API answers: the functions and their state, event
//! templates, a test invocation, and a reload.

use std::time::Instant;

use bytes::Bytes;
use fngate_event::Event;
use fngate_runtime::Abi;
use http::StatusCode;
use serde_json::{Value, json};

use crate::gateway::{Gateway, Snapshot};
use crate::history::{Entry, History, Trigger};
use crate::routes::display_path;

/// Every configured function: how it is configured and whether it serves
/// (its version, warm instances) or is broken (with its load error); and the
/// config it came from.
pub fn functions(snapshot: &Snapshot) -> Value {
    let config = &snapshot.config;
    let functions: Vec<_> = config
        .functions
        .iter()
        .map(|f| {
            let loaded = snapshot.functions.get(&f.name);
            let broken = snapshot.broken.get(&f.name);
            let routes: Vec<_> = config
                .apis
                .iter()
                .filter(|a| a.function == f.name)
                .map(|a| format!("{} /{}{}", a.method, a.stage, display_path(&a.path)))
                .collect();
            let timers: Vec<_> = config
                .timers
                .iter()
                .filter(|t| t.function == f.name)
                .map(|t| json!({"name": t.name, "cron": t.cron, "enabled": t.enabled}))
                .collect();
            json!({
                "name": f.name,
                "runtime": f.runtime,
                "handler": f.handler,
                "abi": loaded.map(|l| abi_name(l.abi())),
                "version": loaded.map(|l| l.version()),
                "state": match (loaded, broken) {
                    (Some(_), _) => "serving",
                    (None, Some(_)) => "broken",
                    (None, None) => "not loaded",
                },
                "error": broken.map(|e| e.to_string()),
                "warm": f.warm.as_ref().map(|w| json!({
                    "alive": loaded.and_then(|l| l.warm_alive()),
                    "max": w.max_instances,
                    "idleSeconds": w.idle_seconds,
                })),
                "memoryMb": f.memory_size,
                "timeoutSeconds": f.timeout,
                "module": f.module.display().to_string(),
                "routes": routes,
                "timers": timers,
            })
        })
        .collect();
    json!({
        "config": {
            "file": config.file.display().to_string(),
            "dialect": format!("{:?}", config.dialect),
            "service": config.service,
        },
        "functions": functions,
    })
}

fn abi_name(abi: Abi) -> &'static str {
    match abi {
        Abi::Preview1 => "wasi-preview1",
        Abi::Command => "wasi-command",
        Abi::Http => "wasi-http",
    }
}

/// The events the test panel offers for `function`: an API gateway request to
/// its first route (as `fngate event apigw` builds it), a timer's event (its
/// first timer's), or `None` when there is no such function.
pub fn templates(snapshot: &Snapshot, function: &str) -> Option<Value> {
    let config = &snapshot.config;
    config.functions.iter().find(|f| f.name == function)?;
    let id = uuid::Uuid::new_v4().simple().to_string();
    let apigw = match config.apis.iter().find(|a| a.function == function) {
        Some(api) => {
            let mut event = Event::for_request(&api.method, display_path(&api.path), &api.stage, &id);
            event.request_context.path = api.path.clone();
            event.request_context.service_id = api.service_id.clone();
            event
        }
        None => Event::for_request("GET", "/", "release", &id),
    };
    let timer = match config.timers.iter().find(|t| t.function == function) {
        Some(timer) => crate::timers::timer_event(timer, chrono::Utc::now()),
        None => json!({
            "Type": "Timer",
            "TriggerName": "console",
            "Time": chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
            "Message": "",
        }),
    };
    Some(json!({ "apigw": event_json(&apigw), "timer": timer }))
}

fn event_json(event: &Event) -> Value {
    serde_json::to_value(event).unwrap_or(Value::Null)
}

/// `POST /api/test`: runs `{"function": …, "event": …}` once, as a timer runs
/// (its slots, its timeout), logs its SCF lines, keeps it in the history and
/// answers its record with event, response and log.
pub async fn test(gateway: &Gateway, history: &History, body: &[u8]) -> Result<Value, (StatusCode, String)> {
    #[derive(serde::Deserialize)]
    struct Test {
        function: String,
        event: Value,
    }
    let bad = |e: String| (StatusCode::BAD_REQUEST, e);
    let test: Test = serde_json::from_slice(body)
        .map_err(|e| bad(format!("expected {{\"function\", \"event\"}}: {e}")))?;
    let snapshot = gateway.snapshot();
    let name = test.function.as_str();
    if !snapshot.config.functions.iter().any(|f| f.name == name) {
        return Err((StatusCode::NOT_FOUND, format!("no function `{name}`")));
    }
    if snapshot.functions.get(name).is_some_and(|f| f.abi() == Abi::Http) {
        return Err(bad(format!("function `{name}` is a wasi:http handler: call one of its routes")));
    }
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let event = Bytes::from(test.event.to_string());
    let started = Instant::now();
    let (status, invocation, error) = match gateway
        .invoke_direct(&snapshot, name, event.clone(), &request_id, || None)
        .await
    {
        Ok(invocation) => {
            for line in invocation.log_lines(name).lines() {
                tracing::info!(target: "fngate::scf", request_id, function = name, trigger = "console", "{line}");
            }
            (invocation.scf_error().map_or(200, |e| e.status_code), Some(invocation), None)
        }
        Err(rejection) => {
            let answer = rejection.reply(name, &request_id, gateway.metrics());
            (answer.status().as_u16(), None, Some(rejection.describe()))
        }
    };
    let record = history.record(Entry {
        request_id,
        trigger: Trigger::Test { function: name.to_owned() },
        status,
        elapsed: started.elapsed(),
        invocation,
        event: Some(event),
    });
    let mut detail = record.detail();
    detail["error"] = json!(error);
    Ok(detail)
}

/// `POST /api/reload`: what SIGHUP does, and how it went.
pub async fn reload(gateway: &Gateway) -> Value {
    match crate::reload::reload_now(gateway).await {
        Ok(snapshot) => {
            let broken: serde_json::Map<_, _> =
                snapshot.broken.iter().map(|(name, e)| (name.clone(), json!(e.to_string()))).collect();
            json!({
                "ok": true,
                "functions": snapshot.functions.len(),
                "routes": snapshot.routes.routes().len(),
                "broken": broken,
            })
        }
        Err(why) => json!({ "ok": false, "error": why }),
    }
}
