//! Putting generated files on disk, or comparing them with what is there.
//!
//! Writes are atomic: the text goes to a temporary file in the same directory, which is then
//! renamed over the target, so a reader sees the old file or the new one, never half of one,
//! and a failed write leaves the old file intact. A file whose content is already right is
//! not touched (its mtime stays, so `make` does not rebuild). Files in the output directory
//! that the manifest does not list are never touched nor reported.

use super::Output;
use std::fs;
use std::io::{self, Write};
use std::path::Path;

/// What happened to one file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// Already had this content (not touched).
    Unchanged,
    /// Created or replaced.
    Written,
    /// `--check`: on disk but different; the unified diff (disk → generated).
    Stale(String),
    /// `--check`: not on disk; the diff from nothing.
    Missing(String),
    /// It could not be read or written (the old file, if any, is intact).
    Failed(String),
}

/// Writes every output under `out_dir` (or only compares when `check`), in manifest order.
pub fn apply(out_dir: &Path, outputs: &[Output], check: bool) -> Vec<Status> {
    outputs
        .iter()
        .map(|o| {
            let path = out_dir.join(&o.path);
            let shown = path.display().to_string();
            match fs::read(&path) {
                Ok(old) if old == o.text.as_bytes() => Status::Unchanged,
                Ok(old) if check => {
                    Status::Stale(diff(&String::from_utf8_lossy(&old), &o.text, &shown))
                }
                Err(e) if e.kind() != io::ErrorKind::NotFound => {
                    Status::Failed(format!("{shown}: cannot read: {e}"))
                }
                Err(_) if check => Status::Missing(diff("", &o.text, &shown)),
                _ => match write_atomic(&path, o.text.as_bytes()) {
                    Ok(()) => Status::Written,
                    Err(e) => Status::Failed(format!("{shown}: cannot write: {e}")),
                },
            }
        })
        .collect()
}

/// A unified diff from `old` (on disk) to `new` (generated), `rustfmt --check` style.
fn diff(old: &str, new: &str, path: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(3)
        .header(
            &format!("{path}\t(on disk)"),
            &format!("{path}\t(generated)"),
        )
        .missing_newline_hint(true)
        .to_string()
}

/// Writes `bytes` to a temporary file next to `path` (`.NAME.deftab-PID.XXXXXX.tmp`: the
/// pid lets a later run sweep what a killed one left), then renames it over `path`.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    write_atomic_mode(path, bytes, None)
}

/// [`write_atomic`], the file getting `mode` (permission bits, set as they are, not through
/// the umask) when given: a file replaced keeps its mode.
pub fn write_atomic_mode(path: &Path, bytes: &[u8], mode: Option<u32>) -> io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let name = path
        .file_name()
        .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "no file name"))?
        .to_string_lossy();
    // A failure before `persist` drops the temporary file, which removes it.
    let prefix = format!(".{name}.deftab-{}.", std::process::id());
    let mut builder = tempfile::Builder::new();
    builder.prefix(&prefix).suffix(".tmp");
    // The mode `File::create` gives (0666 less the umask), not a temporary file's private
    // 0600: the output is an ordinary file.
    #[cfg(unix)]
    builder.permissions(std::os::unix::fs::PermissionsExt::from_mode(0o666));
    let mut tmp = builder.tempfile_in(dir)?;
    #[cfg(unix)]
    if let Some(mode) = mode {
        use std::os::unix::fs::PermissionsExt;
        tmp.as_file()
            .set_permissions(fs::Permissions::from_mode(mode))?;
    }
    #[cfg(not(unix))]
    let _ = mode;
    tmp.write_all(bytes)?;
    tmp.as_file().sync_all()?;
    if path.is_dir() {
        return Err(io::Error::new(
            io::ErrorKind::IsADirectory,
            "a directory is in the way",
        ));
    }
    tmp.persist(path).map_err(|e| e.error)?;
    remove_stale_temporaries(dir, &name);
    Ok(())
}

/// Removes the temporary files of runs that were killed before their rename
/// (`.NAME.deftab-PID.XXXXXX.tmp` whose process is gone), so they do not pile up.
fn remove_stale_temporaries(dir: &Path, name: &str) {
    let prefix = format!(".{name}.deftab-");
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for e in entries.flatten() {
        let file = e.file_name();
        let Some(pid) = file
            .to_str()
            .and_then(|f| f.strip_prefix(&prefix))
            .and_then(|f| f.strip_suffix(".tmp"))
            .and_then(|f| f.split('.').next())
            .and_then(|p| p.parse::<u32>().ok())
        else {
            continue;
        };
        let alive = Path::new("/proc").join(pid.to_string()).exists();
        if !alive {
            let _ = fs::remove_file(e.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn output(path: &str, text: &str) -> Output {
        Output {
            path: path.into(),
            text: text.into(),
            tables: vec![],
        }
    }

    fn scratch(name: &str) -> std::path::PathBuf {
        let d = std::env::temp_dir().join(format!("deftab-write-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&d);
        fs::create_dir_all(&d).unwrap();
        d
    }

    #[test]
    fn writes_then_leaves_unchanged_then_checks() {
        let d = scratch("cycle");
        let outs = [output("a.c", "one\n"), output("sub/b.c", "two\n")];
        assert_eq!(apply(&d, &outs, false), [Status::Written, Status::Written]);
        assert_eq!(fs::read_to_string(d.join("sub/b.c")).unwrap(), "two\n");
        assert_eq!(
            apply(&d, &outs, true),
            [Status::Unchanged, Status::Unchanged]
        );
        let changed = [output("a.c", "uno\n"), output("c.c", "x\n")];
        let st = apply(&d, &changed, true);
        assert!(
            matches!(&st[0], Status::Stale(d) if d.contains("-one\n+uno\n")),
            "{st:?}"
        );
        assert!(
            matches!(&st[1], Status::Missing(d) if d.contains("+x\n")),
            "{st:?}"
        );
        assert_eq!(fs::read_to_string(d.join("a.c")).unwrap(), "one\n");
        assert!(!d.join("c.c").exists());
        let leftovers: Vec<_> = fs::read_dir(&d)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty());
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_directory_in_the_way_fails_and_leaves_no_temporary_file() {
        let d = scratch("dir");
        fs::create_dir_all(d.join("a.c")).unwrap();
        let st = apply(&d, &[output("a.c", "x\n")], false);
        assert!(
            matches!(&st[0], Status::Failed(m) if m.contains("cannot read")),
            "{st:?}"
        );
        assert!(write_atomic(&d.join("a.c"), b"x").is_err());
        assert_eq!(fs::read_dir(&d).unwrap().count(), 1);
        fs::remove_dir_all(&d).unwrap();
    }

    #[cfg(unix)]
    #[test]
    fn a_written_file_has_the_mode_of_a_created_one() {
        use std::os::unix::fs::PermissionsExt;
        let d = scratch("mode");
        fs::File::create(d.join("plain")).unwrap();
        write_atomic(&d.join("atomic"), b"x").unwrap();
        let mode = |n: &str| fs::metadata(d.join(n)).unwrap().permissions().mode();
        assert_eq!(mode("atomic"), mode("plain"));
        fs::remove_dir_all(&d).unwrap();
    }

    #[test]
    fn a_later_write_sweeps_the_temporaries_of_dead_runs_only() {
        let d = scratch("sweep");
        // pid 0 is never a process of ours; this process is alive.
        let dead = d.join(".a.c.deftab-0.Ab12Cd.tmp");
        let live = d.join(format!(".a.c.deftab-{}.Zz99Yy.tmp", std::process::id()));
        fs::write(&dead, "half").unwrap();
        fs::write(&live, "half").unwrap();
        write_atomic(&d.join("a.c"), b"whole").unwrap();
        assert!(!dead.exists() && live.exists());
        assert_eq!(fs::read(d.join("a.c")).unwrap(), b"whole");
        fs::remove_dir_all(&d).unwrap();
    }
}
