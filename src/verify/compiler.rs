//! Running the C compiler: its command line, the flags that mirror deftab's options, and a
//! bounded wait so a stuck compiler cannot hang deftab.

use super::VerifyError;
use crate::preprocess::{CmdMacro, Options};
use std::ffi::OsString;
use std::fs::File;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A C compiler command: the program and any flags that always go with it (`gcc -m32`).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Compiler {
    pub argv: Vec<String>,
}

/// How long one compiler run may take before it is stopped.
const TIMEOUT: Duration = Duration::from_secs(300);

/// Lines of the compiler's stderr kept in an error.
const STDERR_LINES: usize = 20;

/// What a finished compiler run said.
pub(crate) struct RunResult {
    pub success: bool,
    pub stderr: String,
}

impl Compiler {
    /// Splits a `--cc` value at whitespace: `"s390x-linux-gnu-gcc -O0"`.
    pub fn from_command_line(cc: &str) -> Compiler {
        Compiler {
            argv: cc.split_whitespace().map(str::to_string).collect(),
        }
    }

    pub fn display(&self) -> String {
        self.argv.join(" ")
    }

    /// The compiler's own copy of a header it keeps in its private include directory
    /// (`-print-file-name=include/NAME`), if it has one.
    pub fn own_header(&self, name: &Path) -> Option<PathBuf> {
        let (program, fixed) = self.argv.split_first()?;
        let query = Path::new("include").join(name);
        let out = Command::new(program)
            .args(fixed)
            .arg(format!("-print-file-name={}", query.display()))
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        // gcc prints the name back unchanged when it has no such file.
        let path = PathBuf::from(String::from_utf8(out.stdout).ok()?.trim_end());
        (out.status.success() && path.is_absolute() && path.is_file()).then_some(path)
    }

    /// Runs the compiler with `args` appended, stdout discarded and stderr captured in
    /// `stderr_file` (a file, so a flood of errors cannot block on a full pipe).
    pub(crate) fn run(
        &self,
        args: &[OsString],
        stderr_file: &Path,
    ) -> Result<RunResult, VerifyError> {
        let (program, fixed) = self.argv.split_first().ok_or(VerifyError::NoCompiler)?;
        let io = |source| VerifyError::Io {
            what: format!("{}", stderr_file.display()),
            source,
        };
        let err = File::create(stderr_file).map_err(io)?;
        let mut child = Command::new(program)
            .args(fixed)
            .args(args)
            // English messages with ASCII quotes, which `blame` reads.
            .env("LC_ALL", "C")
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(err)
            .spawn()
            .map_err(|source| VerifyError::CannotRun {
                program: program.clone(),
                source,
            })?;
        let start = Instant::now();
        let status = loop {
            match child.try_wait() {
                Ok(Some(status)) => break status,
                Ok(None) if start.elapsed() > TIMEOUT => {
                    // Best effort: the process may have exited in between.
                    let _ = child.kill();
                    let _ = child.wait();
                    return Err(VerifyError::Timeout {
                        command: self.display(),
                        seconds: TIMEOUT.as_secs(),
                    });
                }
                Ok(None) => std::thread::sleep(Duration::from_millis(5)),
                Err(source) => {
                    return Err(VerifyError::CannotRun {
                        program: program.clone(),
                        source,
                    });
                }
            }
        };
        let bytes = std::fs::read(stderr_file).map_err(io)?;
        let stderr = String::from_utf8_lossy(&bytes).into_owned();
        if status.code().is_none() {
            return Err(VerifyError::Crashed {
                command: self.display(),
                status: status.to_string(),
                stderr: first_lines(&stderr),
            });
        }
        Ok(RunResult {
            success: status.success(),
            stderr,
        })
    }
}

/// `-I`, `-D`/`-U` (in order) and system directories, as deftab's preprocessor uses them.
pub(crate) fn option_flags(options: &Options) -> Vec<OsString> {
    let mut flags = vec![];
    for dir in &options.include_dirs {
        flags.push(OsString::from("-I"));
        flags.push(dir.clone().into_os_string());
    }
    if let Some(dirs) = &options.system_dirs {
        // deftab searches exactly these: so must the compiler.
        flags.push(OsString::from("-nostdinc"));
        for dir in dirs {
            flags.push(OsString::from("-isystem"));
            flags.push(dir.clone().into_os_string());
        }
    }
    for m in &options.macros {
        flags.push(match m {
            CmdMacro::Define(d) => OsString::from(format!("-D{d}")),
            CmdMacro::Undef(u) => OsString::from(format!("-U{u}")),
        });
    }
    flags
}

/// The first lines of a compiler's stderr, for an error message.
pub(crate) fn first_lines(stderr: &str) -> String {
    let mut lines: Vec<&str> = stderr.lines().take(STDERR_LINES).collect();
    let total = stderr.lines().count();
    let more;
    if total > STDERR_LINES {
        more = format!("… ({} more lines)", total - STDERR_LINES);
        lines.push(&more);
    }
    lines.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn flags_follow_options_in_order() {
        let options = Options {
            include_dirs: vec![PathBuf::from("inc")],
            system_dirs: Some(vec![PathBuf::from("/sys")]),
            macros: vec![
                CmdMacro::Define("A=1".into()),
                CmdMacro::Undef("A".into()),
                CmdMacro::Define("F(x)=x".into()),
            ],
            ..Options::default()
        };
        let flags: Vec<String> = option_flags(&options)
            .into_iter()
            .map(|f| f.into_string().unwrap())
            .collect();
        assert_eq!(
            flags,
            [
                "-I",
                "inc",
                "-nostdinc",
                "-isystem",
                "/sys",
                "-DA=1",
                "-UA",
                "-DF(x)=x"
            ]
        );
    }

    #[test]
    fn command_line_splits_flags() {
        let cc = Compiler::from_command_line("  gcc   -m32 ");
        assert_eq!(cc.argv, ["gcc", "-m32"]);
        assert_eq!(cc.display(), "gcc -m32");
    }

    #[test]
    fn long_stderr_is_cut() {
        let text: String = (0..30).map(|i| format!("line {i}\n")).collect();
        let cut = first_lines(&text);
        assert!(cut.starts_with("line 0\n"), "{cut}");
        assert!(
            cut.contains("line 19\n") && !cut.contains("line 20\n"),
            "{cut}"
        );
        assert!(cut.ends_with("(10 more lines)"), "{cut}");
    }
}
