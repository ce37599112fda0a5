//! The on-disk cache of compiled modules, so a restart skips cranelift.
//!
//! An entry is named by the module's SHA-256 and a hash of the engine's
//! compatibility settings (which cover the wasmtime version and every setting that
//! affects code generation), and its content is the serialized module followed by
//! the SHA-256 of those bytes. An entry whose checksum does not match, or that
//! wasmtime refuses, is deleted and recompiled: nothing on disk is trusted blindly.

use std::hash::{Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use wasmtime::{Engine, Module};

use crate::function::ModuleError;

const CHECKSUM_LEN: usize = 32;

/// Whether a load came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheStatus {
    /// Loaded a previously compiled module.
    Hit,
    /// Compiled now (and stored, when a cache dir is set).
    Compiled,
}

pub(crate) struct ModuleCache {
    dir: Option<PathBuf>,
    engine_key: String,
}

impl ModuleCache {
    pub(crate) fn new(engine: &Engine, dir: Option<PathBuf>) -> Self {
        let mut hasher = std::hash::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        ModuleCache { dir, engine_key: format!("{:016x}", hasher.finish()) }
    }

    /// Compiles `bytes` (the content of `path`), or loads them from the cache.
    /// Returns the module, the module's content hash, and where it came from.
    pub(crate) fn load(
        &self,
        engine: &Engine,
        path: &Path,
        bytes: &[u8],
    ) -> Result<(Module, String, CacheStatus), ModuleError> {
        let hash = hex(&Sha256::digest(bytes));
        let entry = self.dir.as_ref().map(|d| d.join(format!("{hash}-{}.cwasm", self.engine_key)));
        if let Some(entry) = &entry
            && let Some(module) = read_entry(engine, entry)
        {
            return Ok((module, hash, CacheStatus::Hit));
        }
        let module = Module::new(engine, bytes).map_err(|e| ModuleError::compile(path, e))?;
        if let Some(entry) = &entry
            && let Err(e) = write_entry(&module, entry)
        {
            tracing::warn!(entry = %entry.display(), "cannot write module cache entry: {e:#}");
        }
        Ok((module, hash, CacheStatus::Compiled))
    }
}

fn read_entry(engine: &Engine, entry: &Path) -> Option<Module> {
    let data = std::fs::read(entry).ok()?;
    let valid = data.len() > CHECKSUM_LEN && {
        let (body, sum) = data.split_at(data.len() - CHECKSUM_LEN);
        Sha256::digest(body).as_slice() == sum
    };
    let module = if valid {
        // SAFETY: the bytes are a `Module::serialize` output that fngate itself
        // wrote (the checksum proves they are intact); wasmtime checks that they
        // match this engine's version and settings.
        unsafe { Module::deserialize(engine, &data[..data.len() - CHECKSUM_LEN]) }
            .map_err(|e| tracing::warn!(entry = %entry.display(), "stale module cache entry: {e:#}"))
            .ok()
    } else {
        tracing::warn!(entry = %entry.display(), "corrupt module cache entry, recompiling");
        None
    };
    if module.is_none() {
        let _ = std::fs::remove_file(entry);
    }
    module
}

fn write_entry(module: &Module, entry: &Path) -> anyhow::Result<()> {
    let dir = entry.parent().expect("cache entries live in a directory");
    std::fs::create_dir_all(dir)?;
    let mut data = module.serialize()?;
    let sum = Sha256::digest(&data);
    data.extend_from_slice(&sum);
    // Write beside the entry and rename, so a reader never sees half a file.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&data)?;
    tmp.persist(entry)?;
    Ok(())
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
