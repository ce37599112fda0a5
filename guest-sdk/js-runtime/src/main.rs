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
    /// `Math.random`'s generator, seeded from WASI random by every invocation, so
    /// instances of one snapshot never share a sequence.
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
    let mut event = String::new();
    if let Err(e) = std::io::stdin().read_to_string(&mut event) {
        fail(&format!("cannot read the event: {e}"), None);
    }
    let vars: Vec<(String, String)> = std::env::vars().collect();
    let env = serde_json::Value::Object(vars.iter().map(|(k, v)| (k.clone(), v.clone().into())).collect());
    let context = fngate_event::Context::from_env(vars);
    let args = (|| -> JsResult<[JsValue; 3]> {
        let event = serde_json::from_str(&event).map_err(JsError::from_rust)?;
        let context = serde_json::to_value(&context).expect("the context always serializes");
        Ok([
            JsValue::from_json(&event, &mut ctx)?,
            JsValue::from_json(&context, &mut ctx)?,
            JsValue::from_json(&env, &mut ctx)?,
        ])
    })();
    let outcome = args.and_then(|args| {
        call_global(&mut ctx, js_string!("__fngate_run"), &args)?;
        event_loop(&mut ctx)?;
        let outcome = call_global(&mut ctx, js_string!("__fngate_outcome"), &[])?;
        let field = |name, ctx: &mut Context| -> JsResult<Option<String>> {
            let value = outcome.as_object().map(|o| o.get(JsString::from(name), ctx)).transpose()?;
            value
                .filter(|v| !v.is_undefined() && !v.is_null())
                .map(|v| v.to_string(ctx).map(|s| s.as_text()))
                .transpose()
        };
        Ok([
            field("state", &mut ctx)?,
            field("json", &mut ctx)?,
            field("message", &mut ctx)?,
            field("stack", &mut ctx)?,
        ])
    });
    match outcome {
        Ok([Some(state), json, ..]) if state == "ok" => {
            let mut out = std::io::stdout().lock();
            let _ = out.write_all(json.as_deref().unwrap_or("null").as_bytes());
            let _ = out.flush();
        }
        Ok([Some(state), _, message, stack]) if state == "error" => {
            fail(message.as_deref().unwrap_or("Error"), stack.as_deref().filter(|s| !s.is_empty()))
        }
        Ok(_) => fail("the handler neither returned, resolved nor called its callback", None),
        Err(e) => fail(&format!("{e}"), None),
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

/// Writes the SCF error body for a handler error and exits 1 (status 430 on the host).
fn fail(message: &str, stack: Option<&str>) -> ! {
    let mut error = fngate_event::ScfError::new(fngate_event::status::USER_CODE_EXCEPTION, message);
    // Node runtimes report handler errors with errorCode 1 (reference §8.5).
    error.error_code = 1;
    error.stack_trace = stack.map(str::to_owned);
    let _ = std::io::stdout().write_all(&error.to_json());
    let _ = std::io::stdout().flush();
    std::process::exit(1);
}

/// `Math.random()`: uniform in [0, 1) from the invocation's generator.
pub(crate) fn random(_: &JsValue, _: &[JsValue], _: &mut Context) -> JsResult<JsValue> {
    let x = RANDOM.with(|r| r.borrow_mut().as_mut().map(|rng| rng.random::<f64>()));
    Ok(JsValue::from(x.unwrap_or_else(|| fail("Math.random used before seeding", None))))
}
