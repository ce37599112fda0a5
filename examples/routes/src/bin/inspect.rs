//! `ANY /inspect`: a passthrough function; whatever it returns is the JSON body.

use fngate_sdk::{Context, Event};
use serde_json::{Value, json};

fn main_handler(event: Event, ctx: Context) -> Result<Value, std::convert::Infallible> {
    Ok(json!({
        "method": event.http_method,
        "path": event.path,
        "query": event.query_string,
        "bodyBytes": event.body_bytes().map(|b| b.len()).unwrap_or(0),
        "requestId": ctx.request_id,
    }))
}

fngate_sdk::entry!(main_handler);
