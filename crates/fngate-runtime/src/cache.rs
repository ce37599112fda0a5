//! The on-disk cache of compiled modules, so a restart skips cranelift.
//!
//! A cache entry is native code that the gateway will run, so nothing in it is
//! trusted that fngate did not write:
//!
//! - the directory is created private to the user (0700) and refused (with a
//!   warning; modules are then compiled every time) when it is not the user's,
//!   or group or others may write to it, also through a symbolic link;
//! - an entry is named by the module's SHA-256 and a hash of the engine's
//!   compatibility settings, and ends with an HMAC-SHA256 over its name and
//!   content under a per-host key kept *outside* the cache directory
//!   (`$FNGATE_CACHE_KEY`, default `~/.local/share/fngate/cache.key`, 0600), so
//!   write access to the cache is not enough to plant or swap an entry. An entry
//!   whose tag does not verify is deleted and the module recompiled;
//! - entries no function has loaded for [`MAX_AGE`] are deleted at start-up, so
//!   rebuilds do not fill the disk (a load refreshes an entry's time).

use std::borrow::Cow;
use std::collections::HashMap;
use std::hash::{Hash, Hasher};
use std::io::Write;
use std::os::unix::fs::{MetadataExt, PermissionsExt};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use hmac::{Hmac, Mac};
use sha2::{Digest, Sha256};
use wasmtime::component::Component;
use wasmtime::{Engine, Module};

use crate::error::ModuleError;

/// Entries unused for this long are deleted at start-up.
pub(crate) const MAX_AGE: Duration = Duration::from_secs(30 * 24 * 3600);

const TAG_LEN: usize = 32;

/// Whether a load came from the cache.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum CacheStatus {
    /// Loaded a previously compiled module.
    Hit,
    /// Compiled now (and stored, when a cache dir is set).
    Compiled,
}

pub(crate) struct ModuleCache {
    /// The directory and the key, when the cache can be trusted.
    store: Option<(PathBuf, [u8; 32])>,
    engine_key: String,
}

impl ModuleCache {
    /// A cache in `dir` (none: no disk cache) whose entries `key_file` authenticates
    /// (none: [`default_key_file`]).
    pub(crate) fn new(engine: &Engine, dir: Option<PathBuf>, key_file: Option<PathBuf>) -> Self {
        let mut hasher = std::hash::DefaultHasher::new();
        engine.precompile_compatibility_hash().hash(&mut hasher);
        env!("CARGO_PKG_VERSION").hash(&mut hasher);
        let engine_key = format!("{:016x}", hasher.finish());
        let store = dir.and_then(|dir| match open(&dir, key_file) {
            Ok(store) => Some(store),
            Err(why) => {
                tracing::warn!(
                    "not using the module cache {}: {why}; modules are compiled at every load",
                    dir.display()
                );
                None
            }
        });
        if let Some((dir, _)) = &store {
            let dir = dir.clone();
            let _ = std::thread::Builder::new().name("fngate-cache-evict".into()).spawn(move || evict(&dir));
        }
        ModuleCache { store, engine_key }
    }

    /// Compiles `bytes` (the content of `path`, whose SHA-256 in hex is `hash`),
    /// or loads them from the cache. Returns the module (or component) and where
    /// it came from.
    pub(crate) fn load<C: Compiled>(
        &self,
        engine: &Engine,
        path: &Path,
        bytes: &[u8],
        hash: &str,
    ) -> Result<(C, CacheStatus), ModuleError> {
        self.load_or(engine, path, hash, || Ok(Cow::Borrowed(bytes)))
    }

    /// Loads the module cached under `key`, or compiles (and caches) the one
    /// `wasm` makes: a key that names its inputs spares making the module.
    pub(crate) fn load_or<'b, C: Compiled>(
        &self,
        engine: &Engine,
        path: &Path,
        key: &str,
        wasm: impl FnOnce() -> Result<Cow<'b, [u8]>, ModuleError>,
    ) -> Result<(C, CacheStatus), ModuleError> {
        let name = format!("{key}-{}.{}", self.engine_key, C::EXTENSION);
        let entry = self.store.as_ref().map(|(dir, key)| (dir.join(&name), key));
        if let Some((entry, key)) = &entry
            && let Some(module) = read_entry(engine, entry, &name, key)
        {
            return Ok((module, CacheStatus::Hit));
        }
        let module = C::compile(engine, &wasm()?).map_err(|e| ModuleError::compile(path, e))?;
        if let Some((entry, key)) = &entry {
            match write_entry(&module, entry, &name, key) {
                // Served from the entry just written, as a restart would be: mapped,
                // so the compiled code is not held twice (private and page cache).
                Ok(()) => {
                    if let Some(mapped) = read_entry(engine, entry, &name, key) {
                        return Ok((mapped, CacheStatus::Compiled));
                    }
                }
                Err(e) => tracing::warn!(entry = %entry.display(), "cannot write module cache entry: {e:#}"),
            }
        }
        Ok((module, CacheStatus::Compiled))
    }
}

/// What the cache holds: core modules and components, compiled for one engine.
pub(crate) trait Compiled: Sized {
    /// The entries' file extension.
    const EXTENSION: &'static str;
    /// Compiles binary or text WebAssembly.
    fn compile(engine: &Engine, wasm: &[u8]) -> wasmtime::Result<Self>;
    /// The compiled code, to store.
    fn serialize(&self) -> wasmtime::Result<Vec<u8>>;
    /// Reads a compiled entry from `file`, whose first `len` bytes are the
    /// serialized code (the HMAC tag follows them).
    /// # Safety
    /// Those bytes must be a `serialize` output of this type (wasmtime checks
    /// the engine's version and settings, not where the bytes came from), and
    /// the file must not change while the result lives.
    unsafe fn deserialize(engine: &Engine, file: std::fs::File, len: usize) -> wasmtime::Result<Self>;
}

impl Compiled for Module {
    const EXTENSION: &'static str = "cwasm";
    fn compile(engine: &Engine, wasm: &[u8]) -> wasmtime::Result<Self> {
        Module::new(engine, wasm)
    }
    fn serialize(&self) -> wasmtime::Result<Vec<u8>> {
        Module::serialize(self)
    }
    /// Mapped from the file, not read: the compiled code and the memory image
    /// (a JavaScript function's snapshot) are then the page cache's, shared and
    /// paged in as used, instead of megabytes of private memory per function.
    unsafe fn deserialize(engine: &Engine, file: std::fs::File, _len: usize) -> wasmtime::Result<Self> {
        // SAFETY: passed on from the caller; the tag after the code is outside
        // every section wasmtime reads.
        unsafe { Module::deserialize_open_file(engine, file) }
    }
}

impl Compiled for Component {
    const EXTENSION: &'static str = "ccwasm";
    fn compile(engine: &Engine, wasm: &[u8]) -> wasmtime::Result<Self> {
        Component::new(engine, wasm)
    }
    fn serialize(&self) -> wasmtime::Result<Vec<u8>> {
        Component::serialize(self)
    }
    unsafe fn deserialize(engine: &Engine, file: std::fs::File, len: usize) -> wasmtime::Result<Self> {
        let mut bytes = Vec::with_capacity(len);
        std::io::Read::read_to_end(&mut std::io::Read::take(file, len as u64), &mut bytes)?;
        // SAFETY: passed on from the caller.
        unsafe { Component::deserialize(engine, bytes) }
    }
}

/// Cranelift's cache of compiled function bodies, kept in memory for the
/// process: a JavaScript function's snapshot differs from the engine only in its
/// data, so compiling it reuses the engine's code instead of compiling 7 MB again.
#[derive(Debug, Default)]
pub(crate) struct CompiledBodies(Mutex<HashMap<Vec<u8>, Vec<u8>>>);

impl CompiledBodies {
    /// Empties the cache; returns how many bytes it held.
    pub(crate) fn clear(&self) -> usize {
        let mut map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        let bytes = map.iter().map(|(k, v)| k.len() + v.len()).sum();
        *map = HashMap::new();
        bytes
    }
}

impl wasmtime::CacheStore for CompiledBodies {
    fn get(&self, key: &[u8]) -> Option<Cow<'_, [u8]>> {
        let map = self.0.lock().unwrap_or_else(|e| e.into_inner());
        map.get(key).map(|v| Cow::Owned(v.clone()))
    }

    fn insert(&self, key: &[u8], value: Vec<u8>) -> bool {
        self.0.lock().unwrap_or_else(|e| e.into_inner()).insert(key.to_vec(), value);
        true
    }
}

/// HMAC-SHA256 under the host key over an entry's name and content.
fn tag(key: &[u8; 32], name: &str, body: &[u8]) -> Hmac<Sha256> {
    let mut mac = <Hmac<Sha256> as hmac::digest::KeyInit>::new_from_slice(key).expect("HMAC takes any key");
    mac.update(name.as_bytes());
    mac.update(&[0]);
    mac.update(body);
    mac
}

fn read_entry<C: Compiled>(engine: &Engine, entry: &Path, name: &str, key: &[u8; 32]) -> Option<C> {
    let (file, len, authentic) = verify_entry(entry, name, key).ok()?;
    let module = if authentic {
        // SAFETY: the bytes are a `C::serialize` output that fngate itself
        // wrote under this name, whose extension says the type (the HMAC under
        // the host key, which lives outside the cache directory, proves it);
        // wasmtime checks that they match this engine's version and settings.
        // Entries are replaced by rename, never written in place.
        unsafe { C::deserialize(engine, file, len) }
            .map_err(|e| tracing::warn!(entry = %entry.display(), "stale module cache entry: {e:#}"))
            .ok()
    } else {
        tracing::warn!(entry = %entry.display(), "module cache entry not written by this host (or corrupt); recompiling");
        None
    };
    match &module {
        None => {
            let _ = std::fs::remove_file(entry);
        }
        // A load keeps the entry from eviction.
        Some(_) => {
            let _ = std::fs::File::options()
                .append(true)
                .open(entry)
                .and_then(|f| f.set_modified(SystemTime::now()));
        }
    }
    module
}

/// Opens an entry and checks its HMAC tag, reading it through once (in
/// pieces, never whole): the open file, the length before the tag, and whether
/// the tag is right.
fn verify_entry(entry: &Path, name: &str, key: &[u8; 32]) -> std::io::Result<(std::fs::File, usize, bool)> {
    use std::io::{Read, Seek};
    let mut file = std::fs::File::open(entry)?;
    let total = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let Some(len) = total.checked_sub(TAG_LEN).filter(|&len| len > 0) else {
        return Ok((file, 0, false));
    };
    let mut mac = tag(key, name, &[]);
    let mut rest = len;
    let mut buffer = vec![0; 256 << 10];
    while rest > 0 {
        let n = file.read(&mut buffer[..rest.min(256 << 10)])?;
        if n == 0 {
            return Ok((file, len, false));
        }
        mac.update(&buffer[..n]);
        rest -= n;
    }
    let mut given = [0; TAG_LEN];
    file.read_exact(&mut given)?;
    file.rewind()?;
    Ok((file, len, mac.verify_slice(&given).is_ok()))
}

fn write_entry<C: Compiled>(module: &C, entry: &Path, name: &str, key: &[u8; 32]) -> anyhow::Result<()> {
    let dir = entry.parent().expect("cache entries live in a directory");
    let mut data = module.serialize()?;
    let tag = tag(key, name, &data).finalize().into_bytes();
    data.extend_from_slice(&tag);
    // Write beside the entry and rename, so a reader never sees half a file.
    let mut tmp = tempfile::NamedTempFile::new_in(dir)?;
    tmp.write_all(&data)?;
    tmp.persist(entry)?;
    Ok(())
}

/// Opens (creating it private to the user) the cache directory and the host key.
fn open(dir: &Path, key_file: Option<PathBuf>) -> Result<(PathBuf, [u8; 32]), String> {
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create it: {e}"))?;
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700))
            .map_err(|e| format!("cannot make it private: {e}"))?;
    }
    let dir = dir.canonicalize().map_err(|e| format!("cannot resolve it: {e}"))?;
    private(&dir)?;
    let key_file = key_file.or_else(default_key_file).ok_or("no place for the cache key")?;
    if key_file.starts_with(&dir) {
        return Err(format!("the cache key {} must not live inside the cache directory", key_file.display()));
    }
    Ok((dir, host_key(&key_file)?))
}

/// Refuses a path that is not the user's, or that group or others may write.
fn private(path: &Path) -> Result<(), String> {
    let meta = std::fs::metadata(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if meta.mode() & 0o022 != 0 {
        return Err(format!(
            "{} is writable by other users (mode {:o})",
            path.display(),
            meta.mode() & 0o777
        ));
    }
    if current_uid().is_some_and(|uid| uid != meta.uid()) {
        return Err(format!("{} belongs to another user", path.display()));
    }
    Ok(())
}

/// The real user id of this process, from `/proc/self/status`.
fn current_uid() -> Option<u32> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    status.lines().find_map(|l| l.strip_prefix("Uid:"))?.split_whitespace().next()?.parse().ok()
}

/// `$FNGATE_CACHE_KEY`, else `<user data dir>/fngate/cache.key`.
pub(crate) fn default_key_file() -> Option<PathBuf> {
    match std::env::var_os("FNGATE_CACHE_KEY") {
        Some(path) if !path.is_empty() => Some(PathBuf::from(path)),
        _ => dirs::data_dir().map(|d| d.join("fngate").join("cache.key")),
    }
}

/// Reads the host key, creating it (32 random bytes, mode 0600, in a private
/// directory) the first time.
fn host_key(file: &Path) -> Result<[u8; 32], String> {
    let dir = file.parent().ok_or("the cache key needs a directory")?;
    if !dir.exists() {
        std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let _ = std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o700));
    }
    private(dir)?;
    if !file.exists() {
        // 244 random bits from two v4 UUIDs (the OS-seeded generator), hashed.
        let seed = [uuid::Uuid::new_v4().into_bytes(), uuid::Uuid::new_v4().into_bytes()].concat();
        let key: [u8; 32] = Sha256::digest(seed).into();
        let mut tmp =
            tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("cannot write the cache key: {e}"))?;
        tmp.write_all(&key).map_err(|e| format!("cannot write the cache key: {e}"))?;
        // Only the first writer's key stands; a concurrent one reads it below.
        let _ = tmp.persist_noclobber(file);
    }
    private(file)?;
    let key =
        std::fs::read(file).map_err(|e| format!("cannot read the cache key {}: {e}", file.display()))?;
    key.try_into().map_err(|_| format!("the cache key {} is not 32 bytes", file.display()))
}

/// Deletes entries not loaded for [`MAX_AGE`].
fn evict(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let now = SystemTime::now();
    for entry in entries.flatten() {
        let path = entry.path();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| now.duration_since(t).unwrap_or_default() > MAX_AGE);
        if old
            && path.extension().is_some_and(|e| e == "cwasm" || e == "ccwasm")
            && std::fs::remove_file(&path).is_ok()
        {
            tracing::debug!("evicted unused module cache entry {}", path.display());
        }
    }
}

/// Lower-case hex of `bytes`.
pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
