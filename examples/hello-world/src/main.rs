//! The seed's hello world, in Rust: an integrated response of `hello world` as HTML.

use fngate_sdk::{Context, IgnoredAny, Response};

/// Answers every request alike: it reads no part of its event, so it takes it
/// as `IgnoredAny`, and the SDK does not parse it.
fn main_handler(_event: IgnoredAny, _ctx: Context) -> Result<Response, std::convert::Infallible> {
    Ok(Response::html("hello world"))
}

fngate_sdk::entry!(main_handler);
