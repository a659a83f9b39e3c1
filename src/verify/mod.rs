//! The cross-check: compile the same constants with a real C compiler and compare.
//!
//! One probe translation unit per header; the compiler (`--cc`, any cross gcc) only
//! compiles it, and the values are read back from the object file, so no target machine or
//! emulator is needed.
//!
//! Entry point: [`check_header`], one header at a time; [`VerifyReport::merge`] the results and
//! [`VerifyReport::render`] them.
//!
//! 1. `CC -E -dD` lists the object-like macros the header itself defines (`macros`);
//!    with deftab's constants they are the candidates.
//! 2. A probe (`probe`) gives each candidate one line of constant objects; candidates the
//!    compiler rejects are dropped (`blame` reads its errors; a bisection finds those it
//!    does not name) and the probe is compiled again, until it compiles.
//! 3. `CC -c` compiles it; `object` reads the values out of the object file.
//! 4. `report` compares them with deftab's.

mod blame;
mod compiler;
pub mod findings;
mod macros;
mod object;
mod probe;
mod records;
mod report;
mod tempdir;

pub use compiler::Compiler;
pub use report::{
    CompilerResult, HeaderLine, Mismatch, RecordSkipped, SizeMismatch, SkippedKnown, VerifyReport,
};

use crate::constant::Constant;
use crate::preprocess::Options;
use crate::source::SourceMap;
use compiler::{first_lines, option_flags};
pub use object::ObjectError;
use probe::Probe;
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use tempdir::TempDir;

#[derive(Debug, thiserror::Error)]
pub enum VerifyError {
    #[error("no C compiler given")]
    NoCompiler,
    #[error("cannot run the C compiler `{program}`: {source}")]
    CannotRun {
        program: String,
        source: std::io::Error,
    },
    #[error("the C compiler `{command}` crashed ({status}):\n{stderr}")]
    Crashed {
        command: String,
        status: String,
        stderr: String,
    },
    #[error("the C compiler `{command}` took more than {seconds} s and was stopped")]
    Timeout { command: String, seconds: u64 },
    #[error("{}: `{command}` cannot {stage} it:\n{stderr}", header.display())]
    HeaderFails {
        header: PathBuf,
        command: String,
        stage: &'static str,
        stderr: String,
    },
    #[error("{}: cannot be verified: {reason}", header.display())]
    Unsupported { header: PathBuf, reason: String },
    #[error("{}: cannot read the compiler's object file: {reason}", header.display())]
    Object {
        header: PathBuf,
        reason: object::ObjectError,
    },
    #[error("{what}: {source}")]
    Io {
        what: String,
        source: std::io::Error,
    },
}

/// Verifies one header's `constants` (as deftab computed them with `options`) against
/// what `compiler` computes for the same header and options.
pub fn check_header(
    compiler: &Compiler,
    header: &Path,
    options: &Options,
    constants: &[Constant],
    sm: &SourceMap,
) -> Result<VerifyReport, VerifyError> {
    let header = includable(compiler, header)?;
    let dir = TempDir::new()?;
    let mut flags = option_flags(options);
    flags.extend(header_stubs(options, &dir)?);

    let header_macros = compiler_macros(compiler, &header, &flags, &dir)?;
    let mut names: Vec<String> = header_macros.iter().map(|(n, _)| n.clone()).collect();
    for c in constants {
        if !names.contains(&c.name) {
            names.push(c.name.clone());
        }
    }
    let header_lines = header_macros
        .iter()
        .enumerate()
        .map(|(i, (_, line))| (*line, i))
        .collect();
    let results = probe_all(compiler, &header, &flags, &dir, &names, header_lines)?;
    let view = report::CompilerView {
        header,
        results: &results,
        header_macros: &header_macros,
    };
    Ok(VerifyReport::compare(constants, &view, sm))
}

/// Verifies the `sizeof` of the header's own records (as deftab laid them out) against the
/// compiler's. Records the compiler cannot size (incomplete for it) are not compared.
pub fn check_records(
    compiler: &Compiler,
    header: &Path,
    options: &Options,
    records: &[crate::layout::RecordSize],
    sm: &SourceMap,
) -> Result<VerifyReport, VerifyError> {
    if records.is_empty() {
        return Ok(VerifyReport::default());
    }
    let header = includable(compiler, header)?;
    let dir = TempDir::new()?;
    let names: Vec<String> = records.iter().map(|r| r.name()).collect();
    let mut flags = option_flags(options);
    flags.extend(header_stubs(options, &dir)?);
    let sizes = records::sizes(compiler, &header, &flags, &dir, &names)?;
    Ok(VerifyReport::compare_records(records, &sizes, sm))
}

/// The header as an absolute path the probe can `#include "…"`. A deftab built-in header
/// (`float.h`, `stdint.h`, …) is compared with the compiler's own copy of it.
fn includable(compiler: &Compiler, header: &Path) -> Result<PathBuf, VerifyError> {
    if let Ok(name) = header.strip_prefix(crate::target::include::DIR) {
        return compiler
            .own_header(name)
            .ok_or_else(|| VerifyError::Unsupported {
                header: header.to_owned(),
                reason: format!(
                    "a header deftab brings, and `{}` has no {} of its own",
                    compiler.display(),
                    name.display()
                ),
            });
    }
    let header = std::path::absolute(header).map_err(|source| VerifyError::Io {
        what: header.display().to_string(),
        source,
    })?;
    if header.to_str().is_none_or(|s| s.contains(['"', '\n'])) {
        return Err(VerifyError::Unsupported {
            header,
            reason: "its path cannot be written in an #include".to_string(),
        });
    }
    Ok(header)
}

/// What deftab emulates of a kernel tree's `headers_install` (asm-generic wrappers, dropped
/// includes) and build (generated syscall headers), as files for the compiler: a directory searched after the system ones.
fn header_stubs(options: &Options, dir: &TempDir) -> Result<Vec<OsString>, VerifyError> {
    if options.asm_generic.is_empty()
        && options.removed_includes.is_empty()
        && options.generated.is_empty()
    {
        return Ok(vec![]);
    }
    let stubs = dir.path().join("stubs");
    let files = options
        .asm_generic
        .iter()
        .map(|n| (format!("asm/{n}"), format!("#include <asm-generic/{n}>\n")))
        .chain(
            options
                .removed_includes
                .iter()
                .map(|n| (n.clone(), String::new())),
        )
        .chain((options.generated.iter()).map(|g| (g.name.clone(), g.text.to_string())));
    for (name, text) in files {
        let path = stubs.join(&name);
        let io = |source| VerifyError::Io {
            what: path.display().to_string(),
            source,
        };
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(io)?;
        }
        std::fs::write(&path, text).map_err(io)?;
    }
    Ok(vec![OsString::from("-idirafter"), stubs.into_os_string()])
}

/// Step 1: the object-like macros the compiler sees defined in the header, with lines.
fn compiler_macros(
    compiler: &Compiler,
    header: &Path,
    flags: &[OsString],
    dir: &TempDir,
) -> Result<Vec<(String, u32)>, VerifyError> {
    let unit = dir.write("macros.c", &format!("#include \"{}\"\n", header.display()))?;
    let out = dir.path().join("macros.i");
    let mut args = flags.to_vec();
    args.extend(["-E", "-dD", "-o"].map(OsString::from));
    args.push(out.clone().into_os_string());
    args.push(unit.into_os_string());
    let run = compiler.run(&args, &dir.path().join("macros.err"))?;
    if !run.success {
        return Err(header_fails(compiler, header, "preprocess", &run.stderr));
    }
    let text = dir.read(&out)?;
    Ok(
        macros::header_macros(&String::from_utf8_lossy(&text), header)
            .into_iter()
            .map(|m| (m.name, m.line))
            .collect(),
    )
}

/// Steps 2–3: compiles the probe, dropping rejected candidates until it compiles, then
/// reads every remaining candidate's type and value. `header_lines` are the header lines
/// of candidates' `#define`s, to blame errors gcc places there.
fn probe_all(
    compiler: &Compiler,
    header: &Path,
    flags: &[OsString],
    dir: &TempDir,
    names: &[String],
    header_lines: HashMap<u32, usize>,
) -> Result<HashMap<String, CompilerResult>, VerifyError> {
    let mut results = HashMap::new();
    // A name that is not an identifier could inject code into the probe.
    let (mut active, invalid): (Vec<usize>, Vec<usize>) =
        (0..names.len()).partition(|&i| is_identifier(&names[i]));
    let mut rejected: BTreeSet<usize> = invalid.into_iter().collect();
    let probe_c = dir.path().join("probe.c");
    let probe_o = dir.path().join("probe.o");
    let blame = blame::Blame {
        probe_path: &probe_c,
        header,
        header_lines,
        names: names
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect(),
    };
    let compile = |active: &[usize]| -> Result<(Probe, compiler::RunResult), VerifyError> {
        let probe = Probe::new(header, names, active);
        dir.write("probe.c", &probe.text)?;
        let mut args = flags.to_vec();
        args.extend(["-w", "-c", "-o"].map(OsString::from));
        args.push(probe_o.clone().into_os_string());
        args.push(probe_c.clone().into_os_string());
        let run = compiler.run(&args, &dir.path().join("probe.err"))?;
        Ok((probe, run))
    };
    // Each failed round drops at least one candidate, so this ends.
    loop {
        let (probe, run) = compile(&active)?;
        if run.success {
            break;
        }
        let mut failing = blame.failing(&run.stderr, &probe);
        if failing.is_empty() {
            let (_, alone) = compile(&[])?;
            if !alone.success {
                return Err(header_fails(compiler, header, "compile", &alone.stderr));
            }
            failing.insert(first_failing(&active, |prefix| {
                compile(prefix).map(|(_, run)| run.success)
            })?);
        }
        active.retain(|i| !failing.contains(i));
        rejected.extend(failing);
    }
    for i in rejected {
        results.insert(names[i].clone(), CompilerResult::NotConstant);
    }

    let data = dir.read(&probe_o)?;
    let object_error = |reason: object::ObjectError| VerifyError::Object {
        header: header.to_owned(),
        reason,
    };
    let symbols = object::Symbols::read(&data, "__deftab_").map_err(object_error)?;
    let missing = |name: &str| object_error(object::ObjectError::MissingSymbol(name.to_string()));
    let char_signed = symbols
        .u8(probe::CHAR_SIGNED_SYMBOL)
        .ok_or_else(|| missing(probe::CHAR_SIGNED_SYMBOL))?
        != 0;
    for i in active {
        let t = probe::type_symbol(i);
        let v = probe::value_symbol(i);
        let code = symbols.u8(&t).ok_or_else(|| missing(&t))?;
        let value = match symbols.u64s(&v).as_deref() {
            Some(&[low, high]) => (low, high),
            _ => return Err(missing(&v)),
        };
        results.insert(names[i].clone(), probe::decode(code, value, char_signed));
    }
    Ok(results)
}

/// The candidate that makes the probe fail when the compiler's errors name none: the last
/// of the shortest failing prefix of `active` (the empty prefix compiles, all fails).
fn first_failing(
    active: &[usize],
    mut compiles: impl FnMut(&[usize]) -> Result<bool, VerifyError>,
) -> Result<usize, VerifyError> {
    let (mut good, mut bad) = (0, active.len());
    while bad - good > 1 {
        let mid = good + (bad - good) / 2;
        if compiles(&active[..mid])? {
            good = mid;
        } else {
            bad = mid;
        }
    }
    Ok(active[bad - 1])
}

fn is_identifier(name: &str) -> bool {
    let mut chars = name.chars();
    chars
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

fn header_fails(
    compiler: &Compiler,
    header: &Path,
    stage: &'static str,
    stderr: &str,
) -> VerifyError {
    VerifyError::HeaderFails {
        header: header.to_owned(),
        command: compiler.display(),
        stage,
        stderr: first_lines(stderr),
    }
}

#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_records;
