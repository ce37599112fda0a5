//! `fngate sign`: the headers that let curl call an API protected by key-pair auth.

use std::process::ExitCode;

use anyhow::bail;
use fngate_gateway::auth::{Algorithm, authorization};

use crate::UsageError;
use crate::cli::SignArgs;

pub(crate) fn sign(args: &SignArgs) -> anyhow::Result<ExitCode> {
    let Some(algorithm) = Algorithm::parse(&args.algorithm) else {
        bail!(UsageError(format!(
            "unknown algorithm {}: use hmac-sha1, hmac-sha256, hmac-sha384 or hmac-sha512",
            args.algorithm
        )));
    };
    if args.secret_key.trim().is_empty() {
        bail!(UsageError(
            "the secret key is empty (--secret-key or FNGATE_SECRET_KEY): a signature with an empty key proves nothing".to_owned()
        ));
    }
    let date = httpdate::fmt_http_date(std::time::SystemTime::now());
    let signed = [("x-date", date.as_str()), ("source", args.source.as_str())];
    let auth = authorization(&args.secret_id, algorithm, &signed, &args.secret_key);
    let headers =
        [("X-Date", date.as_str()), ("Source", args.source.as_str()), ("Authorization", auth.as_str())];
    match &args.url {
        None => {
            for (name, value) in headers {
                println!("{name}: {value}");
            }
        }
        Some(url) => {
            let mut cmd = format!("curl -X {} {}", quote(&args.method), quote(url));
            for (name, value) in headers {
                cmd += &format!(" -H {}", quote(&format!("{name}: {value}")));
            }
            println!("{cmd}");
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Single-quotes a word for a POSIX shell.
fn quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}
