//! `fngate new`: scaffolds a function project that `fngate build` and `fngate
//! serve` accept unchanged: a Rust one (with the guest SDK written into it), a
//! JavaScript one in the seed's shape, or a Serverless Components one.

mod names;
mod sdk;
mod templates;

use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context as _, bail};

use crate::UsageError;
use crate::cli::{NewArgs, Template};

pub(crate) fn new(args: &NewArgs) -> anyhow::Result<ExitCode> {
    let dir = &args.name;
    // `new .` (or any existing directory) names the project after the directory.
    let named = match dir.file_name() {
        Some(_) => dir.clone(),
        None => dir.canonicalize().map_err(|e| UsageError(format!("{}: {e}", dir.display())))?,
    };
    let Some(service) = named.file_name().and_then(|n| n.to_str()) else {
        bail!(UsageError(format!("{}: give the project a directory name", dir.display())));
    };
    let rust = matches!(args.template, Template::RustHttp | Template::RustPassthrough);
    names::check(service, rust).map_err(UsageError)?;
    let function = service.to_ascii_lowercase().replace('-', "_");
    let mut files = templates::files(args.template, service, &function);
    if rust {
        let sdk = match &args.sdk_path {
            Some(path) => sdk_path_dependency(path)?,
            None => {
                files.extend(sdk::files());
                format!("{{ path = \"{}/sdk\" }}", sdk::DIR)
            }
        };
        for (name, text) in &mut files {
            if name == "Cargo.toml" {
                *text = text.replace("@SDK@", &sdk);
            }
        }
    }
    let clashes: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).filter(|n| dir.join(n).exists()).collect();
    if !clashes.is_empty() {
        bail!(UsageError(format!(
            "{} already holds {}: not overwritten (use an empty or new directory)",
            dir.display(),
            clashes.join(", ")
        )));
    }
    for (name, content) in &files {
        let path = dir.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).with_context(|| format!("cannot create {}", parent.display()))?;
        }
        std::fs::write(&path, content).with_context(|| format!("cannot write {}", path.display()))?;
    }
    let d = shown(dir);
    let (route, method) = match args.template {
        Template::Components => ("/hello_world".to_owned(), "-X POST "),
        _ => (format!("/{function}"), ""),
    };
    let build = if rust { format!("fngate build {d} && ") } else { String::new() };
    println!("created {d} ({}): function `{function}` on /release{route}", args.template.describe());
    println!("next: {build}fngate serve {d}");
    println!("      curl {method}http://127.0.0.1:9000/release{route}");
    Ok(ExitCode::SUCCESS)
}

/// How `dir` is best shown in the next commands (`.` stays `.`).
fn shown(dir: &Path) -> String {
    let text = dir.display().to_string();
    if text.contains(' ') { format!("'{text}'") } else { text }
}

/// The dependency on an SDK directory given with `--sdk-path` (checked to be one).
fn sdk_path_dependency(dir: &Path) -> anyhow::Result<String> {
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
    Ok(format!("{{ path = {dir:?} }}"))
}
