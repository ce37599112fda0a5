//! The Node.js-style guest: loads the handler named by `_HANDLER` (`file.export`)
//! from the read-only code directory `/code` as a CommonJS module, reads the event
//! on stdin, calls the handler SCF-style and writes its result as JSON on stdout.
//!
//! Loading is split from running so the host can pre-initialize: it calls the
//! exported `wizer-initialize` once per function (the realm, the prelude and the
//! handler module's top-level code) and snapshots the instance with wizer; every
//! invocation then starts from that snapshot in `_start`, which only parses the
//! event and calls the handler. Run without a snapshot, `_start` loads first.
//!
//! Handlers may be `async` (return a promise), call `callback(err, result)`, or
//! return a plain value. A thrown error (or `callback(err)`) becomes the SCF
//! error body on stdout and exit code 1; so does top-level code that throws while
//! loading. `console.*` writes to stderr, the log.
//!
//! With `FNGATE_FRAMING=1` (a warm instance) it serves one framed event after
//! another in the same realm instead; a handler error is then an `error` frame.

mod inspect;
mod json;
mod natives;

use std::cell::RefCell;
use std::io::{Read, Write};

use boa_engine::{Context, JsError, JsResult, JsString, JsValue, Source, js_string};
use rand::rngs::{SmallRng, SysRng};
use rand::{RngExt, SeedableRng};

/// Where the host mounts the function's code directory.
const CODE_DIR: &str = "/code";

/// The module system, `console`, the small Node built-ins and the SCF calling convention.
const PRELUDE: &str = include_str!("prelude.js");

thread_local! {
    /// The realm with the handler loaded: set by `wizer-initialize` (and so part of
    /// a snapshot), or by `_start` when there is none.
    static LOADED: RefCell<Option<Context>> = const { RefCell::new(None) };
    /// `Math.random`'s generator, seeded from WASI random when an instance
    /// starts (every fresh invocation; a warm instance once), so instances of
    /// one snapshot never share a sequence.
    static RANDOM: RefCell<Option<SmallRng>> = const { RefCell::new(None) };
}

unsafe extern "C" {
    /// wasi-libc: forget the environment read so far, so the next `getenv` reads
    /// the invocation's (the request id) instead of the one frozen in a snapshot.
    fn __wasilibc_deinitialize_environ();
}

/// Pre-initialization (wizer's default entry point): load the handler, then
/// forget what belongs to this process rather than to the function.
#[unsafe(export_name = "wizer-initialize")]
pub extern "C" fn initialize() {
    let ctx = load();
    LOADED.with(|l| *l.borrow_mut() = Some(ctx));
    RANDOM.with(|r| *r.borrow_mut() = None);
    // SAFETY: called with no environment borrowed; wasi-libc reloads it on demand.
    unsafe { __wasilibc_deinitialize_environ() };
}

fn main() {
    let mut ctx = LOADED.with(|l| l.borrow_mut().take()).unwrap_or_else(load);
    reseed();
    let vars: Vec<(String, String)> = std::env::vars().collect();
    if std::env::var(fngate_event::env::FRAMING).as_deref() == Ok("1") {
        return serve_framed(&mut ctx, fngate_event::Context::from_env(vars));
    }
    let mut event = Vec::new();
    if let Err(e) = std::io::stdin().read_to_end(&mut event) {
        fail(&format!("cannot read the event: {e}"), None);
    }
    match invoke(&mut ctx, &event, &fngate_event::Context::from_env(vars)) {
        Ok(json) => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(json.as_bytes());
            let _ = out.flush();
        }
        Err((message, stack)) => fail(&message, stack.as_deref()),
    }
}

/// A warm instance's loop (the README's guest contract): one framed event after
/// another until stdin ends, each answered with a framed response in the same
/// realm, so module-level state and timers the handler left pending carry over.
fn serve_framed(ctx: &mut Context, base: fngate_event::Context) {
    let mut input = std::io::stdin().lock();
    loop {
        let (request_id, event) = match fngate_event::frame::read_event(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(e) => fail(&format!("cannot read the event: {e}"), None),
        };
        let (ok, body) = match invoke(ctx, &event, &base.for_invocation(&request_id)) {
            Ok(json) => (true, json.into_bytes()),
            Err((message, stack)) => (false, error_body(&message, stack.as_deref())),
        };
        let _ = fngate_event::frame::write_response(&mut std::io::stdout().lock(), ok, &body);
    }
}

/// One invocation in `ctx`: the handler called on `event` with `context` (and
/// its environment as `process.env`), the event loop run; the response JSON, or
/// the handler's error message and stack.
fn invoke(
    ctx: &mut Context,
    event: &[u8],
    context: &fngate_event::Context,
) -> Result<String, (String, Option<String>)> {
    let env = serde_json::Value::Object(
        context.vars().iter().map(|(k, v)| (k.clone(), v.clone().into())).collect(),
    );
    let args = (|| -> JsResult<[JsValue; 3]> {
        let event: serde_json::Value = serde_json::from_slice(event).map_err(JsError::from_rust)?;
        let context = serde_json::to_value(context).expect("the context always serializes");
        Ok([
            JsValue::from_json(&event, ctx)?,
            JsValue::from_json(&context, ctx)?,
            JsValue::from_json(&env, ctx)?,
        ])
    })();
    let outcome = args.and_then(|args| {
        call_global(ctx, js_string!("__fngate_run"), &args)?;
        event_loop(ctx)?;
        let outcome = call_global(ctx, js_string!("__fngate_outcome"), &[])?;
        let field = |name, ctx: &mut Context| -> JsResult<Option<String>> {
            let value = outcome.as_object().map(|o| o.get(JsString::from(name), ctx)).transpose()?;
            value
                .filter(|v| !v.is_undefined() && !v.is_null())
                .map(|v| v.to_string(ctx).map(|s| s.as_text()))
                .transpose()
        };
        Ok([field("state", ctx)?, field("json", ctx)?, field("message", ctx)?, field("stack", ctx)?])
    });
    match outcome {
        Ok([Some(state), json, ..]) if state == "ok" => Ok(json.unwrap_or_else(|| "null".to_owned())),
        Ok([Some(state), _, message, stack]) if state == "error" => {
            Err((message.unwrap_or_else(|| "Error".to_owned()), stack.filter(|s| !s.is_empty())))
        }
        Ok(_) => Err(("the handler neither returned, resolved nor called its callback".to_owned(), None)),
        Err(e) => Err((format!("{e}"), None)),
    }
}

/// Node's event loop, until it is empty or the handler answered without
/// waiting for it: after every callback the next-tick queue, then promise jobs
/// (until both are empty); between timers, a sleep through WASI, which costs no
/// CPU and which the host's deadline cuts short.
fn event_loop(ctx: &mut Context) -> JsResult<()> {
    loop {
        // Ticks, then the jobs they queued; again while either queue refills.
        loop {
            let ticked = call_global(ctx, js_string!("__fngate_ticks"), &[])?.to_boolean();
            ctx.run_jobs()?;
            if !ticked && !call_global(ctx, js_string!("__fngate_ticks"), &[])?.to_boolean() {
                break;
            }
        }
        let wait = call_global(ctx, js_string!("__fngate_step"), &[])?.to_number(ctx)?;
        if wait < 0.0 {
            return Ok(());
        }
        if wait > 0.0 {
            std::thread::sleep(std::time::Duration::from_secs_f64(wait / 1e3));
        }
    }
}

/// Calls the global function `name` (one the prelude defines) with `args`.
fn call_global(ctx: &mut Context, name: JsString, args: &[JsValue]) -> JsResult<JsValue> {
    let f = ctx.global_object().get(name, ctx)?;
    let f = f.as_callable().ok_or_else(|| JsError::from_rust(std::fmt::Error))?;
    f.call(&JsValue::undefined(), args, ctx)
}

/// A realm with the prelude and the handler's module loaded (its top-level code
/// run, promises it started settled). A failure is the handler's error: the SCF
/// error body on stdout and exit 1.
fn load() -> Context {
    let handler = std::env::var("_HANDLER").unwrap_or_else(|_| "index.main_handler".to_owned());
    let env: serde_json::Map<String, serde_json::Value> =
        std::env::vars().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
    let mut ctx = Context::default();
    natives::register(&mut ctx);
    reseed();
    if let Err(e) = ctx.eval(Source::from_bytes(PRELUDE)) {
        fail(&format!("the runtime's prelude failed: {e}"), None);
    }
    let call = format!(
        "__fngate_load({}, {}, {})",
        js_literal(&handler),
        js_literal(CODE_DIR),
        js_literal(&serde_json::Value::Object(env).to_string())
    );
    let loaded = ctx.eval(Source::from_bytes(&call)).and_then(|v| v.to_string(&mut ctx));
    let _ = ctx.run_jobs();
    match loaded.map(|s| s.as_text()) {
        Ok(s) if s.is_empty() => ctx,
        Ok(error) => {
            let error: serde_json::Value = serde_json::from_str(&error).unwrap_or_default();
            fail(
                error["message"].as_str().unwrap_or("Error"),
                error["stack"].as_str().filter(|s| !s.is_empty()),
            )
        }
        Err(e) => fail(&format!("{e}"), None),
    }
}

/// A JavaScript string as Rust text (unpaired surrogates escaped).
pub(crate) trait AsText {
    fn as_text(&self) -> String;
}

impl AsText for JsString {
    fn as_text(&self) -> String {
        self.to_std_string().unwrap_or_else(|_| self.to_std_string_escaped())
    }
}

/// Seeds `Math.random` from WASI random (not from anything a snapshot holds).
fn reseed() {
    let rng = SmallRng::try_from_rng(&mut SysRng).unwrap_or_else(|_| fail("no random source", None));
    RANDOM.with(|r| *r.borrow_mut() = Some(rng));
}

/// A JavaScript string literal for `s`.
fn js_literal(s: &str) -> String {
    serde_json::to_string(s).expect("a string always serializes")
}

/// The SCF error body of a handler error.
fn error_body(message: &str, stack: Option<&str>) -> Vec<u8> {
    let mut error = fngate_event::ScfError::new(fngate_event::status::USER_CODE_EXCEPTION, message);
    // Node runtimes report handler errors with errorCode 1 (reference §8.5).
    error.error_code = 1;
    error.stack_trace = stack.map(str::to_owned);
    error.to_json()
}

/// Writes the SCF error body for a handler error and exits 1 (status 430 on the host).
fn fail(message: &str, stack: Option<&str>) -> ! {
    let _ = std::io::stdout().write_all(&error_body(message, stack));
    let _ = std::io::stdout().flush();
    std::process::exit(1);
}

/// `Math.random()`: uniform in [0, 1) from the invocation's generator.
pub(crate) fn random(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let x = RANDOM.with(|r| r.borrow_mut().as_mut().map(|rng| rng.random::<f64>()));
    Ok(JsValue::from(x.unwrap_or_else(|| fail("Math.random used before seeding", None))))
}
