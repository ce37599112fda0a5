//! The Node.js-style guest: loads the handler named by `_HANDLER` (`file.export`)
//! from the read-only code directory `/code` (a CommonJS or ES module), reads the
//! event on stdin, calls the handler SCF-style and writes its result as JSON on
//! stdout. The engine is QuickJS (quickjs-ng, through rquickjs).
//!
//! Loading is split from running so the host can pre-initialize: it calls the
//! exported `wizer-initialize` once per function (the realm, the prelude and the
//! handler's module graph with its top-level code) and snapshots the instance
//! with wizer; every invocation then starts from that snapshot in `_start`,
//! which only parses the event and calls the handler. Run without a snapshot,
//! `_start` loads first.
//!
//! Handlers may be `async` (return a promise), call `callback(err, result)`, or
//! return a plain value. A thrown error (or `callback(err)`) becomes the SCF
//! error body on stdout and exit code 1; so does top-level code that throws while
//! loading. `console.*` writes to stderr, the log.
//!
//! With `FNGATE_FRAMING=1` (a warm instance) it serves one framed event after
//! another in the same realm instead; a handler error is then an `error` frame.

mod crypto;
mod inspect;
mod modules;
mod natives;
mod net;
mod textcodec;
mod tz;
mod zlib;

use std::cell::RefCell;
use std::io::{Read, Write};

use rand::rngs::{SmallRng, SysRng};
use rand::{RngExt, SeedableRng};
use rquickjs::context::EvalOptions;
use rquickjs::{CatchResultExt, Context, Ctx, Function, Object, Runtime, Value};

/// Where the host mounts the function's code directory.
const CODE_DIR: &str = "/code";

/// The module system, `console`, the small Node built-ins and the SCF calling convention.
const PRELUDE: &str = include_str!("prelude.js");

/// The most C stack QuickJS may use before it throws `RangeError: Maximum call
/// stack size exceeded`: within the stack the module is linked with (see
/// `.cargo/config.toml`), with room left for the natives a deep frame calls.
const MAX_STACK: usize = 4 << 20;

/// How much an invocation started from a snapshot may allocate before
/// QuickJS's first garbage collection.
const GC_HEADROOM: usize = 8 << 20;

/// How much free memory the snapshot leaves for an invocation's allocations.
const FIRST_ALLOCATIONS: usize = 4 << 20;

/// The engine: its runtime and the one realm handlers run in.
struct Engine {
    /// The heap (kept for as long as the realm).
    runtime: Runtime,
    context: Context,
}

thread_local! {
    /// The realm with the handler loaded: set by `wizer-initialize` (and so part of
    /// a snapshot), or by `_start` when there is none.
    static LOADED: RefCell<Option<Engine>> = const { RefCell::new(None) };
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
    let engine = load();
    // Loading's garbage is collected once here, not by every instance started
    // from the snapshot; and the next collection waits until an invocation has
    // allocated GC_HEADROOM more, so that a typical one runs none at all (a
    // collection walks the whole heap, the prelude and the handler's modules).
    engine.runtime.run_gc();
    let heap = usize::try_from(engine.runtime.memory_usage().malloc_size).unwrap_or(0);
    engine.runtime.set_gc_threshold(heap + GC_HEADROOM);
    // Room in the snapshot's memory for an invocation's first allocations:
    // instances start without growing their memory (a host call each time).
    drop(Vec::<u8>::with_capacity(FIRST_ALLOCATIONS));
    // Connections opened while loading belong to this process, not to the instances.
    engine.context.with(|ctx| {
        let _ = global(&ctx, "__fngate_io_forget").and_then(|f| f.call::<_, ()>(()));
    });
    net::forget();
    LOADED.with(|l| *l.borrow_mut() = Some(engine));
    RANDOM.with(|r| *r.borrow_mut() = None);
    // SAFETY: called with no environment borrowed; wasi-libc reloads it on demand.
    unsafe { __wasilibc_deinitialize_environ() };
}

fn main() {
    let engine = LOADED.with(|l| l.borrow_mut().take()).unwrap_or_else(load);
    reseed();
    let vars: Vec<(String, String)> = std::env::vars().collect();
    let base = fngate_event::Context::from_env(vars);
    // The instance ends with the process: freeing the heap object by object
    // on the way out would cost more than the invocation.
    let engine = std::mem::ManuallyDrop::new(engine);
    if std::env::var(fngate_event::env::FRAMING).as_deref() == Ok("1") {
        return serve_framed(&engine, base);
    }
    // Room for a typical event up front: each read is a host call.
    let mut event = Vec::with_capacity(16 << 10);
    if let Err(e) = std::io::stdin().read_to_end(&mut event) {
        fail(&format!("cannot read the event: {e}"), None);
    }
    match invoke(&engine, &event, &base) {
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
fn serve_framed(engine: &Engine, base: fngate_event::Context) {
    let mut input = std::io::stdin().lock();
    loop {
        let (request_id, event) = match fngate_event::frame::read_event(&mut input) {
            Ok(Some(frame)) => frame,
            Ok(None) => return,
            Err(e) => fail(&format!("cannot read the event: {e}"), None),
        };
        let (ok, body) = match invoke(engine, &event, &base.for_invocation(&request_id)) {
            Ok(json) => (true, json.into_bytes()),
            Err((message, stack)) => (false, error_body(&message, stack.as_deref())),
        };
        let _ = fngate_event::frame::write_response(&mut std::io::stdout().lock(), ok, &body);
    }
}

/// A handler error: its message and stack.
type Failure = (String, Option<String>);

/// One invocation: the handler called on `event` with `context` (and its
/// environment as `process.env`), the event loop run; the response JSON, or the
/// handler's error message and stack.
fn invoke(engine: &Engine, event: &[u8], context: &fngate_event::Context) -> Result<String, Failure> {
    let env = serde_json::Value::Object(
        context.vars().iter().map(|(k, v)| (k.clone(), v.clone().into())).collect(),
    );
    let context = serde_json::to_string(context).expect("the context always serializes");
    let Ok(event) = std::str::from_utf8(event) else {
        return Err(("the event is not UTF-8 JSON".to_owned(), None));
    };
    engine.context.with(|ctx| {
        let run = || -> rquickjs::Result<Object<'_>> {
            let event = ctx.json_parse(event)?;
            let context = ctx.json_parse(context.as_str())?;
            let env = ctx.json_parse(env.to_string())?;
            global(&ctx, "__fngate_run")?.call::<_, ()>((event, context, env))?;
            event_loop(&ctx)?;
            global(&ctx, "__fngate_outcome")?.call(())
        };
        let outcome = match run().catch(&ctx) {
            Ok(outcome) => outcome,
            Err(e) => return Err((e.to_string(), None)),
        };
        let field = |name: &str| -> Option<String> {
            outcome.get::<_, Option<rquickjs::Coerced<String>>>(name).ok().flatten().map(|c| c.0)
        };
        match field("state").as_deref() {
            Some("ok") => Ok(field("json").unwrap_or_else(|| "null".to_owned())),
            Some("error") => Err((
                field("message").unwrap_or_else(|| "Error".to_owned()),
                field("stack").filter(|s| !s.is_empty()),
            )),
            _ => Err(("the handler neither returned, resolved nor called its callback".to_owned(), None)),
        }
    })
}

/// Node's event loop, until it is empty or the handler answered without
/// waiting for it: after every callback the next-tick queue, then promise jobs
/// (until both are empty); between timers, a sleep through WASI, or with
/// network handles open a poll of the host for their events; the host's
/// deadline cuts either short.
fn event_loop(ctx: &Ctx<'_>) -> rquickjs::Result<()> {
    let ticks = global(ctx, "__fngate_ticks")?;
    let step = global(ctx, "__fngate_step")?;
    loop {
        // Ticks, then the jobs they queued; again while either queue refills.
        loop {
            let ticked: bool = ticks.call(())?;
            let mut jobs = false;
            while ctx.execute_pending_job() {
                jobs = true;
            }
            if !ticked && !jobs {
                break;
            }
        }
        let wait: f64 = step.call(())?;
        if wait < 0.0 || (wait.is_infinite() && !net::busy()) {
            return Ok(());
        }
        if net::busy() {
            // A callback ran: take one network event if one is ready;
            // otherwise wait for one until the next timer (or the deadline).
            net::poll(ctx, if wait.is_infinite() { -1.0 } else { wait })?;
        } else if wait > 0.0 {
            std::thread::sleep(std::time::Duration::from_secs_f64(wait / 1e3));
        }
    }
}

/// The global function `name` (one the prelude defines).
fn global<'js>(ctx: &Ctx<'js>, name: &str) -> rquickjs::Result<Function<'js>> {
    ctx.globals().get(name)
}

/// Evaluates `source` as a classic script named `filename` (the name its stack
/// frames carry), in sloppy mode as Node evaluates CommonJS.
pub(crate) fn eval_script<'js>(
    ctx: &Ctx<'js>,
    source: String,
    filename: &str,
) -> rquickjs::Result<Value<'js>> {
    let mut options = EvalOptions::default();
    options.global = true;
    options.strict = false;
    options.filename = Some(filename.to_owned());
    ctx.eval_with_options(source, options)
}

/// A realm with the prelude and the handler's module loaded (its top-level code
/// run, promises it started settled). A failure is the handler's error: the SCF
/// error body on stdout and exit 1.
fn load() -> Engine {
    let handler = std::env::var("_HANDLER").unwrap_or_else(|_| "index.main_handler".to_owned());
    let env: serde_json::Map<String, serde_json::Value> =
        std::env::vars().map(|(k, v)| (k, serde_json::Value::String(v))).collect();
    let engine = (|| -> rquickjs::Result<Engine> {
        let runtime = Runtime::new()?;
        runtime.set_max_stack_size(MAX_STACK);
        runtime.set_loader(modules::Resolver, modules::Loader);
        let context = Context::full(&runtime)?;
        Ok(Engine { runtime, context })
    })()
    .unwrap_or_else(|e| fail(&format!("the engine did not start: {e}"), None));
    reseed();
    let loaded = engine.context.with(|ctx| -> Result<(), Failure> {
        natives::register(&ctx)
            .and_then(|()| crypto::register(&ctx))
            .and_then(|()| tz::register(&ctx))
            .and_then(|()| net::register(&ctx))
            .and_then(|()| textcodec::register(&ctx))
            .map_err(|e| (format!("the runtime's natives failed: {e}"), None))?;
        if let Err(e) = eval_script(&ctx, PRELUDE.to_owned(), "node:internal/fngate").catch(&ctx) {
            return Err((format!("the runtime's prelude failed: {e}"), None));
        }
        let result = global(&ctx, "__fngate_load")
            .and_then(|load| {
                load.call::<_, ()>((handler, CODE_DIR, serde_json::Value::Object(env).to_string()))
            })
            .catch(&ctx);
        if let Err(e) = result {
            return Err((e.to_string(), None));
        }
        while ctx.execute_pending_job() {}
        let error = global(&ctx, "__fngate_load_error")
            .and_then(|f| f.call::<_, Option<String>>(()))
            .catch(&ctx)
            .map_err(|e| (e.to_string(), None))?;
        match error {
            None => Ok(()),
            Some(error) => {
                let error: serde_json::Value = serde_json::from_str(&error).unwrap_or_default();
                Err((
                    error["message"].as_str().unwrap_or("Error").to_owned(),
                    error["stack"].as_str().filter(|s| !s.is_empty()).map(str::to_owned),
                ))
            }
        }
    });
    if let Err((message, stack)) = loaded {
        fail(&message, stack.as_deref());
    }
    engine
}

/// Seeds `Math.random` from WASI random (not from anything a snapshot holds).
fn reseed() {
    let rng = SmallRng::try_from_rng(&mut SysRng).unwrap_or_else(|_| fail("no random source", None));
    RANDOM.with(|r| *r.borrow_mut() = Some(rng));
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
pub(crate) fn random() -> f64 {
    RANDOM
        .with(|r| r.borrow_mut().as_mut().map(|rng| rng.random::<f64>()))
        .unwrap_or_else(|| fail("Math.random used before seeding", None))
}
