//! `GET /users/{id}`: an integrated JSON response built from a path variable.

use fngate_sdk::{Context, Event, Response};
use serde_json::json;

fn main_handler(event: Event, _ctx: Context) -> Result<Response, serde_json::Error> {
    let id = event.path_parameters.get("id").cloned().unwrap_or_default();
    let stage = &event.request_context.stage;
    Ok(Response::json(&json!({ "id": id, "name": format!("user {id}"), "stage": stage }))?
        .with_header("Cache-Control", "no-store"))
}

fngate_sdk::entry!(main_handler);
