//! The files of each `fngate new` template.

use crate::cli::Template;

/// The files of `template` for a project named `service` with function `function`;
/// a Rust project's `Cargo.toml` says `@SDK@` where its SDK dependency goes.
pub(super) fn files(template: Template, service: &str, function: &str) -> Vec<(String, String)> {
    let files = match template {
        Template::RustHttp | Template::RustPassthrough => {
            let integrated = template == Template::RustHttp;
            vec![
                (
                    "serverless.yml",
                    v1_yml(
                        if integrated {
                            "# Created by `fngate new`. Build with `fngate build`, serve with `fngate serve`."
                        } else {
                            "# Created by `fngate new --template rust-passthrough`. Build with `fngate build`, serve with `fngate serve`."
                        },
                        service,
                        function,
                        "Wasm",
                        &format!("{function}.main_handler"),
                        64,
                        integrated,
                    ),
                ),
                ("Cargo.toml", cargo_toml(service, function, integrated)),
                ("src/main.rs", if integrated { HTTP_MAIN } else { PASSTHROUGH_MAIN }.to_owned()),
                (".gitignore", "/target\n*.wasm\n".to_owned()),
            ]
        }
        Template::Js => vec![
            (
                "serverless.yml",
                v1_yml(
                    "# Created by `fngate new --template js`: the shape of SCF's hello world.\n\
                     # Serve with `fngate serve`; add npm packages with `npm install` beside index.js.",
                    service,
                    function,
                    "Nodejs16.13",
                    "index.main_handler",
                    128,
                    true,
                ),
            ),
            ("index.js", JS_INDEX.to_owned()),
            ("package.json", package_json(service)),
            (".gitignore", "node_modules/\n".to_owned()),
        ],
        Template::Components => vec![
            ("serverless.yml", components_yml(service)),
            ("src/index.js", JS_INDEX.to_owned()),
            ("src/package.json", package_json(service)),
            (".gitignore", "node_modules/\n".to_owned()),
        ],
    };
    files.into_iter().map(|(name, text)| (name.to_owned(), text)).collect()
}

/// A v1-dialect `serverless.yml` of one function on `/<function>`.
fn v1_yml(
    header: &str,
    service: &str,
    function: &str,
    runtime: &str,
    handler: &str,
    memory: u32,
    integrated: bool,
) -> String {
    format!(
        "{header}
service: {service}

provider:
  name: tencent
  runtime: {runtime}
  region: ap-guangzhou

functions:
  {function}:
    handler: {handler}
    timeout: 3
    memorySize: {memory}
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

fn cargo_toml(service: &str, function: &str, integrated: bool) -> String {
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
fngate-sdk = @SDK@
{serde}
# A workspace of its own, even when created inside another project.
[workspace]
"
    )
}

fn components_yml(service: &str) -> String {
    format!(
        "# Created by `fngate new --template components`: a Serverless Components project
# as `sls init scf-nodejs` writes it. Serve with `fngate serve`.
app: {service}
stage: dev
component: scf
name: {service}

inputs:
  src:
    src: ./src
    exclude:
      - .env
  handler: index.main_handler
  runtime: Nodejs16.13
  region: ap-guangzhou
  memorySize: 128
  timeout: 3
  events:
    - apigw:
        parameters:
          protocols:
            - http
            - https
          environment: release
          endpoints:
            - path: /hello_world
              method: POST
              function:
                isIntegratedResponse: true
"
    )
}

fn package_json(service: &str) -> String {
    format!(
        "{{\n  \"name\": \"{}\",\n  \"version\": \"1.0.0\",\n  \"private\": true,\n  \"main\": \"index.js\"\n}}\n",
        service.to_ascii_lowercase()
    )
}

const JS_INDEX: &str = r#"'use strict';
// An integrated response: the function decides the status, headers and body.
exports.main_handler = async (event, context) => {
  console.log(`${event.httpMethod} ${event.path} (request ${context.request_id})`);
  const name = (event.queryString && event.queryString.name) || 'world';
  return {
    isBase64Encoded: false,
    statusCode: 200,
    headers: { 'Content-Type': 'text/html; charset=utf-8' },
    body: `hello ${name}`,
  };
};
"#;

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
