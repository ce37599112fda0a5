//! Fresh instances: one store and instance per invocation, the event on
//! stdin to end of file, the response read from stdout when the guest exits.

use std::time::Instant;

use bytes::Bytes;
use wasmtime_wasi::p2::pipe::MemoryInputPipe;

use crate::capacity::Reservation;
use crate::capture::LogSink;
use crate::function::{Function, Pre};
use crate::guest::{Guest, Mounts, classify, run_command, run_until, stderr_log};
use crate::host::Host;
use crate::invocation::Invocation;
use crate::limiter::Limiter;
use crate::outcome::Outcome;

/// Runs `function` once on `event` in a fresh instance, holding `reservation`
/// until it ends.
pub(crate) async fn invoke(
    host: &Host,
    reservation: Reservation,
    function: &Function,
    event: Bytes,
    request_id: &str,
    log: Option<LogSink>,
) -> Invocation {
    let _reservation = reservation;
    let spec = &function.spec;
    if let Pre::Http(_) = function.pre {
        let message = "a wasi:http component answers HTTP requests, not events".to_owned();
        return Invocation::failed(request_id, spec.memory_mb, Outcome::InvalidResponse { message });
    }
    let guest = match Guest::new(
        host,
        spec,
        &function.env,
        Mounts::of(function),
        MemoryInputPipe::new(event),
        Some(request_id),
        !matches!(function.pre, Pre::Module(_)),
    ) {
        Ok(guest) => guest,
        Err(e) => return Invocation::module_error(request_id, spec.memory_mb, e),
    };
    let Guest { mut store, stdout, stderr } = guest;
    stderr.stream_lines(log);
    let started = Instant::now();
    let result =
        run_until(&mut store, started + spec.timeout, async |store| run_command(&function.pre, store).await)
            .await;
    let duration = started.elapsed();

    let Limiter { peak, refused, .. } = store.into_data().limiter;
    let (out, written) = stdout.take();
    let outcome = classify(result, out, written, refused, spec.timeout, spec.memory_mb);
    Invocation::finished(request_id, outcome, stderr_log(&stderr), duration, spec.memory_mb, peak)
}
