//! A private temporary directory per header (tempfile's), removed when dropped, with the
//! reads and writes verify does in it reported as [`VerifyError`]s.

use super::VerifyError;
use std::path::{Path, PathBuf};

/// A private directory for one header's files, removed when dropped.
pub struct TempDir {
    dir: tempfile::TempDir,
}

impl TempDir {
    pub fn new() -> Result<TempDir, VerifyError> {
        let dir = tempfile::Builder::new()
            .prefix("deftab-verify-")
            .tempdir()
            .map_err(|source| VerifyError::Io {
                what: format!(
                    "a temporary directory in {}",
                    std::env::temp_dir().display()
                ),
                source,
            })?;
        Ok(TempDir { dir })
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, name: &str, text: &str) -> Result<PathBuf, VerifyError> {
        let path = self.path().join(name);
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
