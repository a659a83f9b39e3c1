//! A private temporary directory per header, removed when dropped.

use super::VerifyError;
use std::path::{Path, PathBuf};

/// A private directory for one header's files, removed when dropped.
pub struct TempDir {
    pub path: PathBuf,
}

impl TempDir {
    pub fn new() -> Result<TempDir, VerifyError> {
        use std::sync::atomic::{AtomicUsize, Ordering};
        static COUNTER: AtomicUsize = AtomicUsize::new(0);
        let base = std::env::temp_dir();
        loop {
            let n = COUNTER.fetch_add(1, Ordering::Relaxed);
            let path = base.join(format!("deftab-verify-{}-{n}", std::process::id()));
            // `create_dir` fails on an existing directory: never reuse someone else's.
            match std::fs::create_dir(&path) {
                Ok(()) => return Ok(TempDir { path }),
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists && n < 1 << 20 => {}
                Err(source) => {
                    return Err(VerifyError::Io {
                        what: path.display().to_string(),
                        source,
                    });
                }
            }
        }
    }

    pub fn write(&self, name: &str, text: &str) -> Result<PathBuf, VerifyError> {
        let path = self.path.join(name);
        std::fs::write(&path, text).map_err(|source| VerifyError::Io {
            what: path.display().to_string(),
            source,
        })?;
        Ok(path)
    }

    pub fn read(&self, path: &Path) -> Result<Vec<u8>, VerifyError> {
        std::fs::read(path).map_err(|source| VerifyError::Io {
            what: path.display().to_string(),
            source,
        })
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        // Nothing useful to do if cleanup fails.
        let _ = std::fs::remove_dir_all(&self.path);
    }
}
