//! The seed's hello world, in Rust: an integrated response of `hello world` as HTML.

use fngate_sdk::{Context, Event, Response};

fn main_handler(_event: Event, _ctx: Context) -> Result<Response, std::convert::Infallible> {
    Ok(Response::html("hello world"))
}

fngate_sdk::entry!(main_handler);
