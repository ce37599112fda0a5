//! Reads and validates an SCF project's `serverless.yml` into a [`Config`]: the
//! Serverless Framework's Tencent dialect (spec §1), the Serverless Components
//! `scf` and `multi-scf` dialects (§10), a directory of instances, and the timer
//! triggers of each (§9).
//!
//! Validation is up front and complete: every problem is reported at once as a
//! [`Diagnostic`] naming the file, the line, the key path and what is allowed, and
//! unknown keys are warned about rather than silently dropped.
#![deny(missing_docs)]

mod apigw;
mod bounds;
mod components;
mod custom;
mod diagnostic;
mod function;
mod instances;
mod model;
mod node;
mod parse;
mod timer;
mod v1;
mod vars;

use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use apigw::{DEFAULT_SERVICE_TIMEOUT, METHODS, STAGES, default_service_id};
pub use custom::{parse_net, state_url_problem};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use model::{
    Api, Base64Mode, Build, Config, Custom, Dialect, Function, FunctionErrorStatus, FunctionSettings,
    KeyPair, Param, ParamPosition, Protocols, Provider, ServicePolicy, StateFailure, Timer, TriggerRule,
    UsagePlan, WarmSettings,
};
pub use vars::set_options;

/// File names looked for when a directory is given.
pub const CONFIG_FILE_NAMES: [&str; 2] = ["serverless.yml", "serverless.yaml"];

/// Resolves a CONFIG argument: a `serverless.yml` path, or a directory holding one.
pub fn resolve_path(arg: &Path) -> PathBuf {
    if arg.is_dir() {
        CONFIG_FILE_NAMES
            .iter()
            .map(|name| arg.join(name))
            .find(|p| p.is_file())
            .unwrap_or_else(|| arg.join(CONFIG_FILE_NAMES[0]))
    } else {
        arg.to_owned()
    }
}

/// Reads and validates the config at `arg`: a file, a directory holding one, or
/// a directory of instances (subdirectories each holding one, served together).
/// On success the warnings come along; on failure every error and warning.
pub fn load(arg: &Path) -> Result<(Config, Diagnostics), Diagnostics> {
    let file = resolve_path(arg);
    if arg.is_dir() && !file.is_file() {
        let files = instances::instance_files(arg);
        if !files.is_empty() {
            return load_instances(arg, &files);
        }
    }
    parse::parse(&file, &read(&file)?)
}

/// Whether `path`, links resolved, lies inside the directory `dir` (or is it).
pub(crate) fn inside(path: &Path, dir: &Path) -> bool {
    match (path.canonicalize(), dir.canonicalize()) {
        (Ok(path), Ok(dir)) => path.starts_with(dir),
        _ => false,
    }
}

/// Reads a config file, at most one byte past the limit (the parser then refuses it by size).
fn read(file: &Path) -> Result<String, Diagnostics> {
    let mut source = String::new();
    std::fs::File::open(file)
        .and_then(|f| f.take(bounds::MAX_FILE_BYTES as u64 + 1).read_to_string(&mut source))
        .map_err(|e| {
            Diagnostics::single(Diagnostic::error(file, None, "", format!("cannot read the file: {e}")))
        })?;
    Ok(source)
}

/// Every instance's file, each checked on its own and then all together.
fn load_instances(dir: &Path, files: &[PathBuf]) -> Result<(Config, Diagnostics), Diagnostics> {
    let mut all = Diagnostics::default();
    let mut configs = Vec::new();
    for file in files {
        // An instance's code stays inside the project: not a link out of it.
        if !inside(file, dir) {
            let message = format!(
                "this instance's directory leads outside {} (a symbolic link): instances must lie inside the project directory",
                dir.display()
            );
            all.0.push(Diagnostic::error(file, None, "", message));
            continue;
        }
        match read(file).and_then(|source| parse::parse_instance(file, &source)) {
            Ok((config, warnings)) => {
                all.0.extend(warnings.0);
                configs.push(config);
            }
            Err(diagnostics) => all.0.extend(diagnostics.0),
        }
    }
    if all.has_errors() {
        return Err(all);
    }
    match instances::merge(dir, configs) {
        Ok(config) => Ok((config, all)),
        Err(diagnostics) => {
            all.0.extend(diagnostics.0);
            Err(all)
        }
    }
}
