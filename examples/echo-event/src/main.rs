//! Answers with the event it received, as JSON, and logs its context: the tests
//! use it to see exactly what the host sends a function.

use fngate_sdk::{Context, Event, Response};

fn main_handler(event: Event, ctx: Context) -> Result<Response, serde_json::Error> {
    fngate_sdk::log!(
        "request {} for {} ({} MB, {} ms)",
        ctx.request_id,
        ctx.function_name,
        ctx.memory_limit_in_mb,
        ctx.time_limit_in_ms
    );
    Response::json(&event)
}

fngate_sdk::entry!(main_handler);
