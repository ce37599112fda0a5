//! Reads and validates an SCF project's `serverless.yml` (the Serverless Framework's
//! Tencent dialect, spec §1) into a [`Config`].
//!
//! Validation is up front and complete: every problem is reported at once as a
//! [`Diagnostic`] naming the file, the line, the key path and what is allowed, and
//! unknown keys are warned about rather than silently dropped.
#![deny(missing_docs)]

mod apigw;
mod bounds;
mod custom;
mod diagnostic;
mod model;
mod node;
mod parse;
mod vars;

use std::io::Read as _;
use std::path::{Path, PathBuf};

pub use apigw::{DEFAULT_SERVICE_TIMEOUT, METHODS, STAGES, default_service_id};
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use model::{
    Api, Base64Mode, Config, Custom, Function, FunctionErrorStatus, KeyPair, Param, ParamPosition, Provider,
    ServicePolicy, TriggerRule, UsagePlan,
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

/// Reads and validates the config at `arg` (a file or a directory holding one).
/// On success the warnings come along; on failure every error and warning.
pub fn load(arg: &Path) -> Result<(Config, Diagnostics), Diagnostics> {
    let file = resolve_path(arg);
    let cannot = |e: String| {
        Diagnostics::single(Diagnostic::error(&file, None, "", format!("cannot read the file: {e}")))
    };
    // Read at most one byte past the limit: the parser then refuses it by size.
    let mut source = String::new();
    std::fs::File::open(&file)
        .and_then(|f| f.take(bounds::MAX_FILE_BYTES as u64 + 1).read_to_string(&mut source))
        .map_err(|e| cannot(e.to_string()))?;
    parse::parse(&file, &source)
}
