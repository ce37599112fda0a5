//! A JavaScript function's code as the cloud's deployment package would hold it:
//! a private copy of its code directory, mounted read-only at `/code`, without
//! the project's config file (`serverless.yml`/`.yaml`, which may hold secrets),
//! dotfiles and dot-directories (`.env`, `.git`), and anything a symbolic link
//! reaches outside the directory. `node_modules` stays. Functions of one code
//! directory share its copy ([`Stages`]); loading a function again (a reload)
//! after the directory changed makes a new one, and a copy is removed when the
//! last `Function` using it is dropped.

use std::collections::HashMap;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};

use sha2::{Digest, Sha256};

use crate::error::ModuleError;

/// The most a code directory may hold: files, and bytes in all.
const MAX_FILES: usize = 100_000;
const MAX_BYTES: u64 = 512 << 20;
/// How deep directories (and links to directories) may nest.
const MAX_DEPTH: usize = 32;

/// A staged copy of a code directory, deleted when dropped.
#[derive(Debug)]
pub(crate) struct Stage {
    dir: tempfile::TempDir,
    /// `<dir>.lock` beside it, held (flock) for as long as the copy is in use:
    /// a copy whose lock is free was left by a process that is gone (killed,
    /// crashed), whatever its PID namespace, and the next start removes it.
    lock: (PathBuf, std::fs::File),
    /// SHA-256 over every staged file's relative path and content.
    pub(crate) digest: [u8; 32],
}

impl Drop for Stage {
    fn drop(&mut self) {
        // The lock goes first; the directory right after (a sweep in between
        // finds no lock and leaves the directory alone).
        let _ = std::fs::remove_file(&self.lock.0);
    }
}

/// The prefix of staged copies' directory names.
const PREFIX: &str = "fngate-code-";

/// Removes the staged copies in `base` that their processes left behind (their
/// lock is free: killed or crashed while the copy was in use).
fn sweep(base: &Path) {
    let Ok(entries) = std::fs::read_dir(base) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(stem) =
            name.to_str().and_then(|n| n.strip_prefix(PREFIX)).and_then(|n| n.strip_suffix(".lock"))
        else {
            continue;
        };
        let Ok(lock) = std::fs::File::open(entry.path()) else { continue };
        if lock.try_lock().is_err() {
            continue; // in use
        }
        let dir = base.join(format!("{PREFIX}{stem}"));
        // Only a directory of its own, never through a link.
        if std::fs::symlink_metadata(&dir).is_ok_and(|m| m.is_dir()) {
            tracing::debug!("removing {}, left by an fngate process that is gone", dir.display());
            let _ = std::fs::remove_dir_all(&dir);
        }
        let _ = std::fs::remove_file(entry.path());
    }
}

impl Stage {
    /// Copies what a guest may see of `code_dir` into a new private directory;
    /// refuses when `code_dir`, links resolved, is not inside `within`.
    pub(crate) fn new(
        code_dir: &Path,
        within: Option<&Path>,
        base: Option<&Path>,
    ) -> Result<Stage, ModuleError> {
        let root = code_dir.canonicalize().map_err(|_| ModuleError::NotFound(code_dir.to_owned()))?;
        if let Some(within) = within
            && !within.canonicalize().is_ok_and(|w| root.starts_with(w))
        {
            return Err(ModuleError::link(
                code_dir,
                format!("the code directory now leads outside {} (a link); not staged", within.display()),
            ));
        }
        let base = base.map_or_else(std::env::temp_dir, Path::to_owned);
        let dir = tempfile::Builder::new().prefix(PREFIX).tempdir_in(&base).map_err(|e| {
            ModuleError::link(
                code_dir,
                format!(
                    "cannot stage the code in {}: {e} (set FNGATE_STAGE_DIR or --stage-dir to a writable directory)",
                    base.display()
                ),
            )
        })?;
        let lock_path = dir.path().with_extension("lock");
        let lock = std::fs::File::create(&lock_path)
            .and_then(|f| f.try_lock().map(|()| f).map_err(std::io::Error::other))
            .map_err(|e| ModuleError::link(code_dir, format!("cannot lock {}: {e}", lock_path.display())))?;
        let mut copy = Copy { root: &root, dest: dir.path(), files: Vec::new(), bytes: 0 };
        copy.dir(&root, dir.path(), 0).map_err(|e| ModuleError::link(code_dir, e))?;
        copy.files.sort();
        let mut hasher = Sha256::new();
        for (rel, content_hash) in &copy.files {
            hasher.update(rel.as_os_str().as_encoded_bytes());
            hasher.update([0]);
            hasher.update(content_hash);
        }
        Ok(Stage { dir, lock: (lock_path, lock), digest: hasher.finalize().into() })
    }

    /// Where the copy is.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

struct Copy<'a> {
    root: &'a Path,
    /// Where the copy goes: a file's digest entry is its path there (as the
    /// guest sees it), not where a link led (kubelet's timestamped directory).
    dest: &'a Path,
    files: Vec<(PathBuf, [u8; 32])>,
    bytes: u64,
}

impl Copy<'_> {
    fn dir(&mut self, from: &Path, to: &Path, depth: usize) -> Result<(), String> {
        for (name, real, is_dir) in visible_entries(self.root, from, depth)? {
            let target = to.join(&name);
            if is_dir {
                std::fs::create_dir(&target)
                    .map_err(|e| format!("cannot stage {}: {e}", target.display()))?;
                self.dir(&real, &target, depth + 1)?;
            } else {
                self.file(&real, &target)?;
            }
        }
        Ok(())
    }

    /// Copies the file at `from` (checked to lie inside the code directory) to
    /// `to`. It is opened without following a link (and without blocking, should
    /// it have become a FIFO), and what was opened is checked again, so a file
    /// swapped for a link after the check is never followed out of the directory.
    fn file(&mut self, from: &Path, to: &Path) -> Result<(), String> {
        use std::io::{Read as _, Write as _};
        use std::os::unix::fs::OpenOptionsExt as _;
        let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", from.display());
        let opened = match std::fs::OpenOptions::new()
            .read(true)
            .custom_flags(libc::O_NOFOLLOW | libc::O_NONBLOCK)
            .open(from)
        {
            Ok(file) => file,
            // A link now where the walk saw a file: not followed, not staged.
            Err(e) if e.raw_os_error() == Some(libc::ELOOP) => return Ok(()),
            Err(e) => return Err(cannot_read(e)),
        };
        let meta = opened.metadata().map_err(cannot_read)?;
        let fd = std::os::fd::AsRawFd::as_raw_fd(&opened);
        let real = std::fs::read_link(format!("/proc/self/fd/{fd}")).map_err(cannot_read)?;
        if !meta.is_file() || !real.starts_with(self.root) {
            tracing::debug!(
                "{} changed into something outside the code directory; not staged",
                from.display()
            );
            return Ok(());
        }
        let too_much =
            || format!("the code directory holds more than {MAX_FILES} files or {} MB", MAX_BYTES >> 20);
        if self.files.len() >= MAX_FILES || self.bytes + meta.len() > MAX_BYTES {
            return Err(too_much());
        }
        // Streamed, never more than what is left of the limit (the file may grow).
        let mut input = opened.take(MAX_BYTES - self.bytes + 1);
        let mut output =
            std::fs::File::create(to).map_err(|e| format!("cannot stage {}: {e}", to.display()))?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0; 64 * 1024];
        loop {
            let n = input.read(&mut buffer).map_err(cannot_read)?;
            if n == 0 {
                break;
            }
            self.bytes += n as u64;
            if self.bytes > MAX_BYTES {
                return Err(too_much());
            }
            hasher.update(&buffer[..n]);
            output.write_all(&buffer[..n]).map_err(|e| format!("cannot stage {}: {e}", to.display()))?;
        }
        let rel = to.strip_prefix(self.dest).unwrap_or(to).to_owned();
        self.files.push((rel, hasher.finalize().into()));
        Ok(())
    }
}

/// The entries of `from` (at `depth` below the code directory `root`) that a
/// guest sees: each name, the real path (links followed, but only to what lies
/// inside `root`) and whether it is a directory. Dotfiles, dot-directories and
/// the project's config file are left out, and so are links to an enclosing
/// directory (a loop) and what is neither a file nor a directory.
fn visible_entries(root: &Path, from: &Path, depth: usize) -> Result<Vec<(OsString, PathBuf, bool)>, String> {
    if depth > MAX_DEPTH {
        return Err(format!("{} nests more than {MAX_DEPTH} directories deep", from.display()));
    }
    let entries = std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
    let mut out = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name();
        let text = name.to_string_lossy();
        if text.starts_with('.') || (depth == 0 && (text == "serverless.yml" || text == "serverless.yaml")) {
            continue;
        }
        let Ok(real) = entry.path().canonicalize() else { continue };
        if !real.starts_with(root) {
            tracing::debug!("{} leads outside the code directory; not staged", entry.path().display());
            continue;
        }
        if real.is_dir() && !from.starts_with(&real) {
            out.push((name, real, true));
        } else if real.is_file() {
            out.push((name, real, false));
        }
    }
    Ok(out)
}

/// A hash of what staging `root` would copy, from metadata alone (names,
/// sizes, modification times, inodes): cheap next to a copy, and changed by
/// any edit a reload is for.
fn fingerprint(root: &Path) -> Result<[u8; 32], String> {
    fn walk(
        root: &Path,
        from: &Path,
        depth: usize,
        files: &mut usize,
        hasher: &mut Sha256,
    ) -> Result<(), String> {
        let mut entries = visible_entries(root, from, depth)?;
        entries.sort();
        for (name, real, is_dir) in entries {
            hasher.update(name.as_encoded_bytes());
            hasher.update([0, u8::from(is_dir)]);
            if is_dir {
                walk(root, &real, depth + 1, files, hasher)?;
                hasher.update([1]);
            } else {
                *files += 1;
                if *files > MAX_FILES {
                    return Err(format!("the code directory holds more than {MAX_FILES} files"));
                }
                let meta =
                    std::fs::metadata(&real).map_err(|e| format!("cannot read {}: {e}", real.display()))?;
                let modified =
                    meta.modified().ok().and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok());
                hasher.update(meta.len().to_le_bytes());
                hasher.update(modified.unwrap_or_default().as_nanos().to_le_bytes());
                hasher.update(std::os::unix::fs::MetadataExt::ino(&meta).to_le_bytes());
            }
        }
        Ok(())
    }
    let mut hasher = Sha256::new();
    walk(root, root, 0, &mut 0, &mut hasher)?;
    Ok(hasher.finalize().into())
}

/// The staged copies in use, one per code directory: functions that share a
/// code directory (a project's functions usually do, `node_modules` and all)
/// share one copy while nothing in it has changed.
#[derive(Default)]
pub(crate) struct Stages {
    slots: Mutex<HashMap<StageKey, Arc<Mutex<Slot>>>>,
    /// Where copies are made (`None`: the system's temporary directory).
    base: Option<PathBuf>,
}

/// A code directory (canonical) and where it must stay.
type StageKey = (PathBuf, Option<PathBuf>);

/// One code directory's current copy, if any function still uses it.
#[derive(Default)]
struct Slot {
    fingerprint: [u8; 32],
    stage: Weak<Stage>,
}

impl Stages {
    /// No copies yet; they will be made in `base` (`None`: the system's temporary directory).
    /// Copies left in `base` by fngate processes that are gone are removed now.
    pub(crate) fn new(base: Option<PathBuf>) -> Self {
        sweep(&base.clone().unwrap_or_else(std::env::temp_dir));
        Stages { base, ..Stages::default() }
    }

    /// The staged copy of `code_dir` (refused when, links resolved, it is not
    /// inside `within`): the one already in use when the directory has not
    /// changed since it was made, else a new one. Loads of the same directory
    /// wait for each other, so a batch copies it once.
    pub(crate) fn stage(&self, code_dir: &Path, within: Option<&Path>) -> Result<Arc<Stage>, ModuleError> {
        let root = code_dir.canonicalize().map_err(|_| ModuleError::NotFound(code_dir.to_owned()))?;
        let key = (root.clone(), within.map(Path::to_owned));
        let slot = self.slots.lock().unwrap_or_else(|e| e.into_inner()).entry(key).or_default().clone();
        let mut slot = slot.lock().unwrap_or_else(|e| e.into_inner());
        let now = fingerprint(&root).map_err(|e| ModuleError::link(code_dir, e))?;
        if slot.fingerprint == now
            && let Some(stage) = slot.stage.upgrade()
        {
            return Ok(stage);
        }
        let stage = Arc::new(Stage::new(code_dir, within, self.base.as_deref())?);
        *slot = Slot { fingerprint: now, stage: Arc::downgrade(&stage) };
        Ok(stage)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stages_only_what_a_deployment_package_holds() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "outside").unwrap();
        let code = tempfile::tempdir().unwrap();
        let c = code.path();
        std::fs::write(c.join("index.js"), "exports.h = 1").unwrap();
        std::fs::write(c.join("serverless.yml"), "secretKey: x").unwrap();
        std::fs::write(c.join(".env"), "KEY=x").unwrap();
        std::fs::create_dir_all(c.join(".git")).unwrap();
        std::fs::write(c.join(".git/config"), "x").unwrap();
        std::fs::create_dir_all(c.join("node_modules/pkg")).unwrap();
        std::fs::write(c.join("node_modules/pkg/index.js"), "module.exports = 2").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret"), c.join("escape")).unwrap();
        std::os::unix::fs::symlink(outside.path(), c.join("escape_dir")).unwrap();
        std::os::unix::fs::symlink(c.join("index.js"), c.join("alias.js")).unwrap();
        let stage = Stage::new(c, None, None).unwrap();
        let s = stage.path();
        assert!(s.join("index.js").is_file() && s.join("node_modules/pkg/index.js").is_file());
        assert_eq!(std::fs::read_to_string(s.join("alias.js")).unwrap(), "exports.h = 1");
        for hidden in ["serverless.yml", ".env", ".git", "escape", "escape_dir"] {
            assert!(!s.join(hidden).exists(), "{hidden} was staged");
        }
        // The digest changes with the content and nothing else.
        let again = Stage::new(c, None, None).unwrap();
        assert_eq!(stage.digest, again.digest);
        std::fs::write(c.join("index.js"), "exports.h = 2").unwrap();
        assert_ne!(stage.digest, Stage::new(c, None, None).unwrap().digest);
        // A code directory that leads out of where it must stay is never staged.
        let project = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), project.path().join("src")).unwrap();
        assert!(Stage::new(&project.path().join("src"), Some(project.path()), None).is_err());
        let path = stage.path().to_owned();
        drop(stage);
        assert!(!path.exists(), "the copy is removed with its function");
    }

    #[test]
    fn copies_left_by_a_process_that_is_gone_are_removed_at_the_next_start() {
        let base = tempfile::tempdir().unwrap();
        let code = tempfile::tempdir().unwrap();
        std::fs::write(code.path().join("index.js"), "exports.h = 1").unwrap();
        let live = Stage::new(code.path(), None, Some(base.path())).unwrap();
        // What a killed process leaves: a copy and its lock file, unlocked.
        std::fs::create_dir(base.path().join("fngate-code-gone")).unwrap();
        std::fs::write(base.path().join("fngate-code-gone/index.js"), "x").unwrap();
        std::fs::write(base.path().join("fngate-code-gone.lock"), "").unwrap();
        // Not fngate's, or without a lock: left alone.
        std::fs::create_dir(base.path().join("fngate-code-nolock")).unwrap();
        std::fs::create_dir(base.path().join("other")).unwrap();
        let _stages = Stages::new(Some(base.path().to_owned()));
        let mut left: Vec<String> = std::fs::read_dir(base.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().into_string().unwrap())
            .collect();
        left.sort();
        let live_name = live.path().file_name().unwrap().to_str().unwrap().to_owned();
        let mut want =
            vec![live_name.clone(), format!("{live_name}.lock"), "fngate-code-nolock".into(), "other".into()];
        want.sort();
        assert_eq!(left, want);
        drop(live);
        let left = std::fs::read_dir(base.path()).unwrap().count();
        assert_eq!(left, 2, "the copy and its lock are removed with it");
    }

    #[test]
    fn a_configmaps_links_stage_as_the_files_they_name() {
        // kubelet's layout: each file a link through `..data` to a timestamped
        // directory. The digest (the function's version) is what the guest
        // sees, whatever directory the links lead to.
        let plain = tempfile::tempdir().unwrap();
        std::fs::write(plain.path().join("index.js"), "exports.h = 1").unwrap();
        let mounted = tempfile::tempdir().unwrap();
        let m = mounted.path();
        std::fs::create_dir(m.join("..2026_12_05_01")).unwrap();
        std::fs::write(m.join("..2026_12_05_01/index.js"), "exports.h = 1").unwrap();
        std::os::unix::fs::symlink("..2026_12_05_01", m.join("..data")).unwrap();
        std::os::unix::fs::symlink("..data/index.js", m.join("index.js")).unwrap();
        let (a, b) = (Stage::new(plain.path(), None, None).unwrap(), Stage::new(m, None, None).unwrap());
        assert_eq!(std::fs::read_to_string(b.path().join("index.js")).unwrap(), "exports.h = 1");
        assert_eq!(a.digest, b.digest);
    }

    #[test]
    fn a_file_swapped_for_a_link_after_the_check_is_not_followed() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret"), "outside").unwrap();
        let code = tempfile::tempdir().unwrap();
        let root = code.path().canonicalize().unwrap();
        // What the walk checked was a file; by the time it is copied, it is a link out.
        std::os::unix::fs::symlink(outside.path().join("secret"), root.join("swapped.js")).unwrap();
        let to = tempfile::tempdir().unwrap();
        let mut copy = Copy { root: &root, dest: to.path(), files: Vec::new(), bytes: 0 };
        copy.file(&root.join("swapped.js"), &to.path().join("swapped.js")).unwrap();
        assert!(!to.path().join("swapped.js").exists() && copy.files.is_empty());
        // A link's directory swapped in: opened, then found outside.
        std::os::unix::fs::symlink(outside.path(), root.join("dir")).unwrap();
        copy.file(&root.join("dir/secret"), &to.path().join("secret")).unwrap();
        assert!(!to.path().join("secret").exists() && copy.files.is_empty());
    }
}
