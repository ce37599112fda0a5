//! Why a function's module could not be loaded: the error every layer of
//! loading reports (the cache, the staging of JavaScript code, the outcome of an
//! invocation of a broken function).

use std::path::{Path, PathBuf};

use fngate_event::status;

/// Why a function's module could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum ModuleError {
    /// The module file does not exist.
    #[error("module {} not found", .0.display())]
    NotFound(PathBuf),
    /// The module file exists but cannot be read.
    #[error("cannot read module {}: {source}", path.display())]
    Read {
        /// The module file.
        path: PathBuf,
        /// The I/O error.
        source: std::io::Error,
    },
    /// The file is not a valid WebAssembly module (or `.wat` text).
    #[error("cannot compile module {}: {message}", path.display())]
    Compile {
        /// The module file.
        path: PathBuf,
        /// wasmtime's explanation.
        message: String,
    },
    /// The function's code failed while loading: a JavaScript module's top-level
    /// code threw (or ran past the timeout or `memorySize`).
    #[error("loading {} failed: {message}", path.display())]
    Init {
        /// The handler's file.
        path: PathBuf,
        /// The error's message.
        message: String,
        /// Its stack, when known.
        stack: Option<String>,
    },
    /// The module imports something fngate does not provide, or lacks `_start`.
    #[error("cannot link module {}: {message}", path.display())]
    Link {
        /// The module file.
        path: PathBuf,
        /// What is missing.
        message: String,
    },
}

impl ModuleError {
    /// The SCF status of this failure: 435 for a missing module, 437 otherwise.
    pub fn status(&self) -> u16 {
        match self {
            ModuleError::NotFound(_) => status::FUNCTION_NOT_FOUND,
            _ => status::HANDLER_NOT_FOUND,
        }
    }

    /// The error as a client may see it: the module's file name, never its host path.
    pub fn public_message(&self) -> String {
        let name = |p: &Path| p.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
        match self {
            ModuleError::NotFound(path) => format!("module {} not found", name(path)),
            ModuleError::Read { path, .. } => format!("cannot read module {}", name(path)),
            ModuleError::Compile { path, message } => {
                format!("cannot compile module {}: {message}", name(path))
            }
            ModuleError::Link { path, message } => format!("cannot link module {}: {message}", name(path)),
            ModuleError::Init { message, .. } => message.clone(),
        }
    }

    /// The stack of a load error, when the function's code reported one.
    pub fn stack(&self) -> Option<&str> {
        match self {
            ModuleError::Init { stack, .. } => stack.as_deref(),
            _ => None,
        }
    }

    pub(crate) fn compile(path: &Path, err: impl std::fmt::Display) -> Self {
        ModuleError::Compile { path: path.to_owned(), message: format!("{err:#}") }
    }

    pub(crate) fn link(path: &Path, err: impl std::fmt::Display) -> Self {
        ModuleError::Link { path: path.to_owned(), message: format!("{err:#}") }
    }
}

/// Why the runtime could not start.
#[derive(Debug, thiserror::Error)]
pub enum RuntimeError {
    /// wasmtime rejected the engine configuration.
    #[error("cannot create the wasmtime engine: {0}")]
    Engine(String),
    /// The epoch ticker thread could not be started.
    #[error("cannot start the epoch ticker thread: {0}")]
    Ticker(#[from] std::io::Error),
}
