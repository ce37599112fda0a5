//! `fngate event apigw`: a realistic integration request event to feed `fngate invoke`.

use std::process::ExitCode;

use anyhow::bail;
use fngate_event::{Event, QueryValue};

use crate::cli::ApigwEventArgs;

pub(crate) fn apigw(args: &ApigwEventArgs) -> anyhow::Result<ExitCode> {
    println!("{}", serde_json::to_string_pretty(&build(args)?)?);
    Ok(ExitCode::SUCCESS)
}

/// The event of the request `args` describe, on top of the seed's sample.
pub(crate) fn build(args: &ApigwEventArgs) -> anyhow::Result<Event> {
    let mut event = Event::sample();
    let id = uuid::Uuid::new_v4().simple().to_string();
    let path = if args.path.starts_with('/') { args.path.clone() } else { format!("/{}", args.path) };
    let method = args.method.to_ascii_uppercase();
    let ctx = &mut event.request_context;
    ctx.path = args.api_path.clone().unwrap_or_else(|| path.clone());
    ctx.http_method = method.clone();
    ctx.stage = args.stage.clone();
    ctx.request_id = Some(id.clone());
    for name in ["x-api-requestid", "x-b3-traceid"] {
        event.headers.insert(name.into(), id.clone());
    }
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            bail!(crate::UsageError(format!("--header {header:?}: expected `Name: value`")));
        };
        event.headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    event.query_string.clear();
    for pair in &args.query {
        let (key, value) = match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (pair.clone(), None),
        };
        event.query_string.entry(key).or_insert(QueryValue::Flag(true)).push(value);
    }
    if args.body.is_none() {
        event.headers.remove("content-type");
    }
    event.body = args.body.clone();
    event.is_base64_encoded = false;
    event.path = path;
    event.http_method = method;
    event.path_parameters.clear();
    event.query_string_parameters.clear();
    event.header_parameters.clear();
    event.stage_variables = [("stage".to_owned(), args.stage.clone())].into();
    Ok(event)
}
