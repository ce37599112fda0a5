//! The Node.js-style guest: reads the event on stdin, loads the handler named by
//! `_HANDLER` (`file.export`) from the read-only code directory `/code` as a
//! CommonJS module, calls it SCF-style and writes its result as JSON on stdout.
//!
//! Handlers may be `async` (return a promise), call `callback(err, result)`, or
//! return a plain value. A thrown error (or `callback(err)`) becomes the SCF
//! error body on stdout and exit code 1. `console.*` writes to stderr, the log.

use std::io::{Read, Write};

use boa_engine::{Context, JsResult, JsString, JsValue, NativeFunction, Source, js_string};

/// Where the host mounts the function's code directory.
const CODE_DIR: &str = "/code";

/// The module system, `console`, the small Node built-ins and the SCF calling convention.
const PRELUDE: &str = include_str!("prelude.js");

/// `querystring` and `Buffer`, compiled only when a handler first uses them.
const BUILTINS: &str = include_str!("builtins.js");

fn main() {
    let mut event = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut event) {
        fail(&format!("cannot read the event: {e}"), None);
    }
    let handler = std::env::var("_HANDLER").unwrap_or_else(|_| "index.main_handler".to_owned());
    let context = serde_json::to_string(&fngate_event::Context::from_env(std::env::vars()))
        .expect("the context always serializes");
    let mut ctx = Context::default();
    register(&mut ctx);
    if let Err(e) = ctx.eval(Source::from_bytes(PRELUDE)) {
        fail(&format!("the runtime's prelude failed: {e}"), None);
    }
    let call = format!(
        "__fngate_run({}, {}, {}, {})",
        js_literal(&event),
        js_literal(&context),
        js_literal(&handler),
        js_literal(CODE_DIR)
    );
    if let Err(e) = ctx.eval(Source::from_bytes(&call)) {
        fail(&format!("{e}"), None);
    }
    // Settle promises: async handlers and `.then` chains.
    let _ = ctx.run_jobs();
    let outcome = ctx.eval(Source::from_bytes("__fngate_outcome()")).and_then(|v| v.to_string(&mut ctx));
    let outcome = match outcome {
        Ok(s) => s.to_std_string_escaped(),
        Err(e) => fail(&format!("{e}"), None),
    };
    let outcome: serde_json::Value = serde_json::from_str(&outcome).unwrap_or_default();
    match outcome["state"].as_str() {
        Some("ok") => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(outcome["json"].as_str().unwrap_or("null").as_bytes());
            let _ = out.flush();
        }
        Some("error") => fail(
            outcome["message"].as_str().unwrap_or("Error"),
            outcome["stack"].as_str().filter(|s| !s.is_empty()),
        ),
        _ => fail("the handler neither returned, resolved nor called its callback", None),
    }
}

/// A JavaScript string literal for `s`.
fn js_literal(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// Writes the SCF error body for a handler error and exits 1 (status 430 on the host).
fn fail(message: &str, stack: Option<&str>) -> ! {
    let mut error = fngate_event::ScfError::new(fngate_event::status::USER_CODE_EXCEPTION, message);
    error.stack_trace = stack.map(str::to_owned);
    let _ = std::io::stdout().write_all(&error.to_json());
    let _ = std::io::stdout().flush();
    std::process::exit(1);
}

/// The native functions the prelude builds on.
fn register(ctx: &mut Context) {
    let read = NativeFunction::from_fn_ptr(read_file);
    let log = NativeFunction::from_fn_ptr(write_log);
    let builtins = NativeFunction::from_fn_ptr(|_, _, _| Ok(JsValue::from(JsString::from(BUILTINS))));
    ctx.register_global_builtin_callable(js_string!("__fngate_read"), 1, read).expect("fresh global");
    ctx.register_global_builtin_callable(js_string!("__fngate_log"), 1, log).expect("fresh global");
    ctx.register_global_builtin_callable(js_string!("__fngate_builtins"), 0, builtins).expect("fresh global");
}

/// `__fngate_read(path)`: the file's text, or `null` when it cannot be read.
fn read_file(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let path = args.first().cloned().unwrap_or_default().to_string(ctx)?.to_std_string_escaped();
    Ok(match std::fs::read_to_string(&path) {
        Ok(text) => JsValue::from(JsString::from(text.as_str())),
        Err(_) => JsValue::null(),
    })
}

/// `__fngate_log(line)`: one line to stderr, the function's log.
fn write_log(_: &JsValue, args: &[JsValue], ctx: &mut Context) -> JsResult<JsValue> {
    let line = args.first().cloned().unwrap_or_default().to_string(ctx)?.to_std_string_escaped();
    let mut err = std::io::stderr().lock();
    let _ = writeln!(err, "{line}");
    Ok(JsValue::undefined())
}
