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
    let id = uuid::Uuid::new_v4().simple().to_string();
    let mut event = Event::for_request(&args.method, &args.path, &args.stage, &id);
    if let Some(api_path) = &args.api_path {
        event.request_context.path = api_path.clone();
    }
    if args.body.is_some() {
        // The sample's content type goes with a body (a --header may say another).
        event.headers.insert("content-type".into(), "application/json".into());
    }
    for header in &args.headers {
        let Some((name, value)) = header.split_once(':') else {
            bail!(crate::UsageError(format!("--header {header:?}: expected `Name: value`")));
        };
        event.headers.insert(name.trim().to_ascii_lowercase(), value.trim().to_owned());
    }
    for pair in &args.query {
        let (key, value) = match pair.split_once('=') {
            Some((k, v)) => (k.to_owned(), Some(v.to_owned())),
            None => (pair.clone(), None),
        };
        event.query_string.entry(key).or_insert(QueryValue::Flag(true)).push(value);
    }
    event.body = args.body.clone();
    Ok(event)
}
