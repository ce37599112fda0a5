//! `fngate invoke`: one invocation from the command line.

use std::io::{Read, Write};
use std::process::ExitCode;

use anyhow::Context as _;
use fngate_event::{Event, INVALID_RESPONSE_BODY};
use fngate_runtime::{FunctionSpec, Invocation, Outcome, Runtime};

use crate::UsageError;
use crate::cli::{ApigwEventArgs, InvokeArgs, InvokeRequest};

use crate::commands::{build, load_config, runtime_config};
use crate::logging::LogFormat;
use crate::progress::Progress;
use crate::{EXIT_FUNCTION_ERROR, EXIT_USAGE};

pub(crate) fn invoke(args: &InvokeArgs, log_format: LogFormat) -> anyhow::Result<ExitCode> {
    let (config_path, name) = args.config_and_function().map_err(UsageError)?;
    // A request path starts with `/`; `sls invoke local --path` takes an event file.
    if let Some(path) = &args.request.path
        && !path.starts_with('/')
        && (path.ends_with(".json") || std::path::Path::new(path).is_file())
    {
        return Err(UsageError(format!(
            "--path {path} is the request path of the event, not an event file (as `sls invoke local --path` takes): give the file with --event {path}"
        ))
        .into());
    }
    let config = load_config(&config_path)?;
    let Some(function) = config.function(name) else {
        let known: Vec<&str> = config.functions.iter().map(|f| f.name.as_str()).collect();
        eprintln!(
            "fngate: no function `{name}` in {} (functions: {})",
            config.file.display(),
            known.join(", ")
        );
        return Ok(ExitCode::from(EXIT_USAGE));
    };
    if args.build {
        build::build(&config)?;
    }
    let event = match (&args.data, args.event.as_deref()) {
        (Some(data), _) => {
            serde_json::from_str::<serde_json::Value>(data)
                .map_err(|e| UsageError(format!("--data is not JSON: {e}")))?;
            data.clone().into_bytes()
        }
        (None, Some(source)) => read_event(source)?,
        (None, None) => serde_json::to_vec(&request_event(&args.request)?)?,
    };
    let mut spec = FunctionSpec::from_config(function);
    for (key, value) in &args.env {
        spec.env.retain(|(k, _)| k != key);
        spec.env.push((key.clone(), value.clone()));
    }
    let runtime = Runtime::new(runtime_config(&args.runtime))?;
    let request_id = uuid::Uuid::new_v4().simple().to_string();
    let tokio = tokio::runtime::Builder::new_current_thread().enable_all().build()?;
    let progress = Progress::new(1, "loading 1 function");
    let kind = spec.loading();
    progress.start(&function.name, kind);
    let loaded = runtime.load(spec);
    let outcome = match &loaded {
        Ok(loaded) => fngate_gateway::loaded_in(loaded),
        Err(e) => format!("cannot load: {e}"),
    };
    progress.finish(&function.name, &outcome);
    drop(progress);
    fngate_gateway::flush_log();
    let invocation = match loaded {
        Ok(loaded) => tokio.block_on(runtime.invoke(&loaded, event, &request_id)),
        Err(err) => Invocation::module_error(&request_id, function.memory_size, err),
    };
    let log = invocation.log_lines(&function.name);
    match log_format {
        LogFormat::Text => eprint!("{log}"),
        // One JSON object per line of the function's log, as `serve` writes them.
        LogFormat::Json => {
            for line in log.lines() {
                tracing::info!(target: "fngate::function", function = %function.name, request_id = %request_id, "{line}");
            }
            fngate_gateway::flush_log();
        }
    }
    let mut stdout = std::io::stdout().lock();
    let code = match &invocation.outcome {
        Outcome::Success { stdout: response } => {
            stdout.write_all(response)?;
            ExitCode::SUCCESS
        }
        Outcome::InvalidResponse { .. } => {
            stdout.write_all(INVALID_RESPONSE_BODY.as_bytes())?;
            ExitCode::from(EXIT_FUNCTION_ERROR)
        }
        _ => {
            let error = invocation.scf_error().expect("a failed outcome has an SCF error");
            stdout.write_all(&error.to_json())?;
            ExitCode::from(EXIT_FUNCTION_ERROR)
        }
    };
    writeln!(stdout)?;
    Ok(code)
}

/// The event of `--path`, `-X`, `-H`, `-q` and `-b`, or the seed's sample without them.
fn request_event(request: &InvokeRequest) -> anyhow::Result<Event> {
    let InvokeRequest { method, path, body, query, headers } = request;
    if method.is_none() && path.is_none() && body.is_none() && query.is_empty() && headers.is_empty() {
        return Ok(Event::sample());
    }
    crate::commands::event::build(&ApigwEventArgs {
        method: method.clone().unwrap_or_else(|| "GET".to_owned()),
        path: path.clone().unwrap_or_else(|| "/".to_owned()),
        api_path: None,
        stage: "release".to_owned(),
        body: body.clone(),
        query: query.clone(),
        headers: headers.clone(),
    })
}

/// The event bytes from a file or from stdin (`-`). Whatever the source, it
/// must be JSON: the guest could not read anything else.
fn read_event(source: &str) -> anyhow::Result<Vec<u8>> {
    let (bytes, name) = match source {
        "-" => {
            let mut buf = Vec::new();
            std::io::stdin().read_to_end(&mut buf).context("cannot read the event from stdin")?;
            (buf, "stdin".to_owned())
        }
        path => (
            std::fs::read(path).map_err(|e| UsageError(format!("cannot read the event file {path}: {e}")))?,
            path.to_owned(),
        ),
    };
    serde_json::from_slice::<serde_json::Value>(&bytes)
        .map_err(|e| UsageError(format!("the event from {name} is not JSON: {e}")))?;
    Ok(bytes)
}
