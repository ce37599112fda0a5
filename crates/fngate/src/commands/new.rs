//! `fngate new`: scaffolds a function project (serverless.yml + a Cargo project
//! using `fngate-sdk`) that `fngate build` and `fngate serve` accept unchanged.

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::UsageError;
use crate::cli::{NewArgs, Template};

/// The guest SDK's version requirement: this fngate's major and minor version.
fn sdk_version() -> String {
    let version = env!("CARGO_PKG_VERSION");
    let mut parts = version.split('.');
    format!("{}.{}", parts.next().unwrap_or("0"), parts.next().unwrap_or("1"))
}

/// How the project depends on `fngate-sdk`: a version from the registry, or the
/// SDK directory given (checked to be one).
fn sdk_dependency(sdk_path: Option<&Path>) -> anyhow::Result<String> {
    let Some(dir) = sdk_path else {
        return Ok(format!("\"{}\"", sdk_version()));
    };
    let manifest = dir.join("Cargo.toml");
    let text = std::fs::read_to_string(&manifest).map_err(|e| {
        UsageError(format!("--sdk-path {}: cannot read {}: {e}", dir.display(), manifest.display()))
    })?;
    if !text.lines().any(|l| l.trim() == "name = \"fngate-sdk\"") {
        bail!(UsageError(format!(
            "--sdk-path {}: not the fngate-sdk crate (guest-sdk/rust of an fngate source tree)",
            dir.display()
        )));
    }
    let dir = dir.canonicalize().with_context(|| format!("cannot resolve {}", dir.display()))?;
    Ok(format!("{{ path = {:?} }}", dir))
}

pub(crate) fn new(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.name;
    let Some(service) = dir.file_name().and_then(|n| n.to_str()) else {
        bail!(UsageError(format!("{}: give the project a directory name", dir.display())));
    };
    if service.is_empty() || !service.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_') {
        bail!(UsageError(format!("`{service}` is not a usable name: use letters, digits, `-` and `_`")));
    }
    if dir.exists() && std::fs::read_dir(dir).map(|mut d| d.next().is_some()).unwrap_or(true) {
        bail!(UsageError(format!("{} already exists and is not empty", dir.display())));
    }
    let function = service.to_ascii_lowercase().replace('-', "_");
    let sdk = sdk_dependency(args.sdk_path.as_deref())?;
    let integrated = args.template == Template::RustHttp;
    let files = [
        ("serverless.yml", serverless_yml(service, &function, integrated)),
        ("Cargo.toml", cargo_toml(service, &function, &sdk, integrated)),
        ("src/main.rs", if integrated { HTTP_MAIN } else { PASSTHROUGH_MAIN }.to_owned()),
        (".gitignore", "/target\n*.wasm\n".to_owned()),
    ];
    std::fs::create_dir_all(dir.join("src")).with_context(|| format!("cannot create {}", dir.display()))?;
    for (name, content) in files {
        let path = dir.join(name);
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let d = dir.display();
    println!("created {d}: function `{function}` on /release/{function}");
    println!("next: fngate build {d} && fngate serve {d}");
    println!("      curl http://127.0.0.1:9000/release/{function}");
    if args.sdk_path.is_none() {
        // Built from a source tree: say where its SDK is.
        let tree = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../guest-sdk/rust");
        let tree = tree.canonicalize().map(|p| p.display().to_string());
        println!(
            "note: {d}/Cargo.toml depends on fngate-sdk {} from crates.io. Until fngate-event and fngate-sdk are published there (cargo publish -p fngate-event -p fngate-sdk in fngate's source tree), create the project with --sdk-path {}",
            sdk_version(),
            tree.unwrap_or_else(|_| "<fngate source>/guest-sdk/rust".to_owned())
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn serverless_yml(service: &str, function: &str, integrated: bool) -> String {
    format!(
        "# Created by `fngate new`. Build with `fngate build`, serve with `fngate serve`.
service: {service}

provider:
  name: tencent
  runtime: Wasm
  region: ap-guangzhou

functions:
  {function}:
    handler: {function}.main_handler
    timeout: 3
    memorySize: 64
    events:
      - apigw:
          name: {function}_apigw
          parameters:
            stageName: release
            httpMethod: ANY
            path: /{function}
            integratedResponse: {integrated}
"
    )
}

fn cargo_toml(service: &str, function: &str, sdk: &str, integrated: bool) -> String {
    let serde = if integrated { "" } else { "serde_json = \"1\"\n" };
    format!(
        "[package]
name = \"{service}\"
version = \"0.1.0\"
edition = \"2024\"
publish = false

# `fngate build` builds this binary to {function}.wasm, as `handler` says.
[[bin]]
name = \"{function}\"
path = \"src/main.rs\"

[dependencies]
fngate-sdk = {sdk}
{serde}
# A workspace of its own, even when created inside another project.
[workspace]
"
    )
}

const HTTP_MAIN: &str = r#"//! An integrated-response function: it decides the status, headers and body.

use fngate_sdk::{Context, Event, Response};

fn main_handler(event: Event, ctx: Context) -> Result<Response, std::convert::Infallible> {
    fngate_sdk::log!("{} {} (request {})", event.http_method, event.path, ctx.request_id);
    let name = event.query("name").unwrap_or("world");
    Ok(Response::html(format!("hello {name}")))
}

fngate_sdk::entry!(main_handler);
"#;

const PASSTHROUGH_MAIN: &str = r#"//! A passthrough function: whatever it returns is the JSON body of a 200.

use fngate_sdk::{Context, Event};
use serde_json::{Value, json};

fn main_handler(event: Event, ctx: Context) -> Result<Value, std::convert::Infallible> {
    fngate_sdk::log!("{} {} (request {})", event.http_method, event.path, ctx.request_id);
    Ok(json!({ "path": event.path, "query": event.query_string, "requestId": ctx.request_id }))
}

fngate_sdk::entry!(main_handler);
"#;
