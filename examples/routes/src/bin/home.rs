//! `GET =/`: an exact-match route answering HTML.

use fngate_sdk::{Context, Event, Response};

fn main_handler(event: Event, _ctx: Context) -> Result<Response, std::convert::Infallible> {
    let stage = &event.request_context.stage;
    Ok(Response::html(format!("<h1>routes demo</h1><p>stage: {stage}</p>")))
}

fngate_sdk::entry!(main_handler);
