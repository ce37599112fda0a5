//! A JavaScript function's code as the cloud's deployment package would hold it:
//! a private copy of its code directory, mounted read-only at `/code`, without
//! the project's config file (`serverless.yml`/`.yaml`, which may hold secrets),
//! dotfiles and dot-directories (`.env`, `.git`), and anything a symbolic link
//! reaches outside the directory. `node_modules` stays. The copy is refreshed by
//! loading the function again (a reload), and removed when the last `Function`
//! using it is dropped.

use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::function::ModuleError;

/// The most a code directory may hold: files, and bytes in all.
const MAX_FILES: usize = 100_000;
const MAX_BYTES: u64 = 512 << 20;
/// How deep directories (and links to directories) may nest.
const MAX_DEPTH: usize = 32;

/// A staged copy of a code directory, deleted when dropped.
#[derive(Debug)]
pub(crate) struct Stage {
    dir: tempfile::TempDir,
    /// SHA-256 over every staged file's relative path and content.
    pub(crate) digest: [u8; 32],
}

impl Stage {
    /// Copies what a guest may see of `code_dir` into a new private directory;
    /// refuses when `code_dir`, links resolved, is not inside `within`.
    pub(crate) fn new(code_dir: &Path, within: Option<&Path>) -> Result<Stage, ModuleError> {
        let root = code_dir.canonicalize().map_err(|_| ModuleError::NotFound(code_dir.to_owned()))?;
        if let Some(within) = within
            && !within.canonicalize().is_ok_and(|w| root.starts_with(w))
        {
            return Err(ModuleError::link(
                code_dir,
                format!("the code directory now leads outside {} (a link); not staged", within.display()),
            ));
        }
        let dir = tempfile::Builder::new()
            .prefix("fngate-code-")
            .tempdir()
            .map_err(|source| ModuleError::Read { path: code_dir.to_owned(), source })?;
        let mut copy = Copy { root: &root, files: Vec::new(), bytes: 0 };
        copy.dir(&root, dir.path(), 0).map_err(|e| ModuleError::link(code_dir, e))?;
        copy.files.sort();
        let mut hasher = Sha256::new();
        for (rel, content_hash) in &copy.files {
            hasher.update(rel.as_os_str().as_encoded_bytes());
            hasher.update([0]);
            hasher.update(content_hash);
        }
        Ok(Stage { dir, digest: hasher.finalize().into() })
    }

    /// Where the copy is.
    pub(crate) fn path(&self) -> &Path {
        self.dir.path()
    }
}

struct Copy<'a> {
    root: &'a Path,
    files: Vec<(PathBuf, [u8; 32])>,
    bytes: u64,
}

impl Copy<'_> {
    fn dir(&mut self, from: &Path, to: &Path, depth: usize) -> Result<(), String> {
        if depth > MAX_DEPTH {
            return Err(format!("{} nests more than {MAX_DEPTH} directories deep", from.display()));
        }
        let entries = std::fs::read_dir(from).map_err(|e| format!("cannot read {}: {e}", from.display()))?;
        for entry in entries.flatten() {
            let name = entry.file_name();
            let text = name.to_string_lossy();
            if text.starts_with('.')
                || (depth == 0 && (text == "serverless.yml" || text == "serverless.yaml"))
            {
                continue;
            }
            // Follow links, but only to what lies inside the code directory.
            let Ok(real) = entry.path().canonicalize() else { continue };
            if !real.starts_with(self.root) {
                tracing::debug!("{} leads outside the code directory; not staged", entry.path().display());
                continue;
            }
            let target = to.join(&name);
            if real.is_dir() && from.starts_with(&real) {
                continue; // a link to an enclosing directory: a loop
            } else if real.is_dir() {
                std::fs::create_dir(&target)
                    .map_err(|e| format!("cannot stage {}: {e}", target.display()))?;
                self.dir(&real, &target, depth + 1)?;
            } else if real.is_file() {
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
        let rel = from.strip_prefix(self.root).unwrap_or(from).to_owned();
        self.files.push((rel, hasher.finalize().into()));
        Ok(())
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
        let stage = Stage::new(c, None).unwrap();
        let s = stage.path();
        assert!(s.join("index.js").is_file() && s.join("node_modules/pkg/index.js").is_file());
        assert_eq!(std::fs::read_to_string(s.join("alias.js")).unwrap(), "exports.h = 1");
        for hidden in ["serverless.yml", ".env", ".git", "escape", "escape_dir"] {
            assert!(!s.join(hidden).exists(), "{hidden} was staged");
        }
        // The digest changes with the content and nothing else.
        let again = Stage::new(c, None).unwrap();
        assert_eq!(stage.digest, again.digest);
        std::fs::write(c.join("index.js"), "exports.h = 2").unwrap();
        assert_ne!(stage.digest, Stage::new(c, None).unwrap().digest);
        // A code directory that leads out of where it must stay is never staged.
        let project = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink(outside.path(), project.path().join("src")).unwrap();
        assert!(Stage::new(&project.path().join("src"), Some(project.path())).is_err());
        let path = stage.path().to_owned();
        drop(stage);
        assert!(!path.exists(), "the copy is removed with its function");
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
        let mut copy = Copy { root: &root, files: Vec::new(), bytes: 0 };
        copy.file(&root.join("swapped.js"), &to.path().join("swapped.js")).unwrap();
        assert!(!to.path().join("swapped.js").exists() && copy.files.is_empty());
        // A link's directory swapped in: opened, then found outside.
        std::os::unix::fs::symlink(outside.path(), root.join("dir")).unwrap();
        copy.file(&root.join("dir/secret"), &to.path().join("secret")).unwrap();
        assert!(!to.path().join("secret").exists() && copy.files.is_empty());
    }
}
