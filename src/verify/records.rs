//! The record probe: `sizeof` of every struct and union the header defines, compiled (not
//! run) and read back from the object file, one line per record:
//!
//! ```c
//! const unsigned long long __deftab_s_N = sizeof(struct NAME);
//! ```
//!
//! A record the compiler rejects (incomplete for it) is dropped and the probe compiled
//! again; each round drops at least one, so this ends.

use super::compiler::Compiler;
use super::object::Symbols;
use super::tempdir::TempDir;
use super::{VerifyError, header_fails};
use std::collections::{BTreeSet, HashMap};
use std::ffi::OsString;
use std::fmt::Write as _;
use std::path::Path;

fn symbol(index: usize) -> String {
    format!("__deftab_s_{index}")
}

/// The compiler's `sizeof` of each record (`struct tag` / `union tag`) it accepts.
pub fn sizes(
    compiler: &Compiler,
    header: &Path,
    flags: &[OsString],
    dir: &TempDir,
    records: &[String],
) -> Result<HashMap<String, u64>, VerifyError> {
    let mut active: Vec<usize> = (0..records.len())
        .filter(|&i| is_record_name(&records[i]))
        .collect();
    let probe_o = dir.path().join("records.o");
    loop {
        if active.is_empty() {
            return Ok(HashMap::new());
        }
        let mut text = format!("#include \"{}\"\n", header.display());
        let first_line = 2;
        for &i in &active {
            let _ = writeln!(
                text,
                "const unsigned long long {} = sizeof({});",
                symbol(i),
                records[i]
            );
        }
        let probe_c = dir.write("records.c", &text)?;
        let mut args = flags.to_vec();
        args.extend(["-w", "-c", "-o"].map(OsString::from));
        args.push(probe_o.clone().into_os_string());
        args.push(probe_c.clone().into_os_string());
        let run = compiler.run(&args, &dir.path().join("records.err"))?;
        if run.success {
            break;
        }
        let failing: BTreeSet<usize> = error_lines(&run.stderr, &probe_c)
            .into_iter()
            .filter_map(|l| l.checked_sub(first_line))
            .filter_map(|k| active.get(k as usize).copied())
            .collect();
        if failing.is_empty() {
            return Err(header_fails(
                compiler,
                header,
                "size the records of",
                &run.stderr,
            ));
        }
        active.retain(|i| !failing.contains(i));
    }
    let data = dir.read(&probe_o)?;
    let object_error = |reason: super::object::ObjectError| VerifyError::Object {
        header: header.to_owned(),
        reason,
    };
    let symbols = Symbols::read(&data, "__deftab_").map_err(object_error)?;
    let mut out = HashMap::new();
    for i in active {
        match symbols.u64s(&symbol(i)).as_deref() {
            Some(&[size]) => {
                out.insert(records[i].clone(), size);
            }
            _ => {
                return Err(object_error(super::object::ObjectError::MissingSymbol(
                    symbol(i),
                )));
            }
        }
    }
    Ok(out)
}

/// `struct tag` or `union tag` with an identifier tag (nothing else may enter the probe).
fn is_record_name(name: &str) -> bool {
    let tag = name
        .strip_prefix("struct ")
        .or_else(|| name.strip_prefix("union "));
    tag.is_some_and(|t| {
        t.chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
            && t.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
    })
}

/// Lines of `file` the compiler reported errors on (`FILE:LINE:COL: error: …`).
fn error_lines(stderr: &str, file: &Path) -> Vec<u32> {
    let prefix = format!("{}:", file.display());
    stderr
        .lines()
        .filter(|l| l.contains(": error:"))
        .filter_map(|l| l.strip_prefix(&prefix)?.split(':').next()?.parse().ok())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_record_names_enter_the_probe() {
        assert!(is_record_name("struct a_b1"));
        assert!(is_record_name("union _u"));
        assert!(!is_record_name("struct <anon@x.h:1:1>"));
        assert!(!is_record_name("struct a; int b"));
        assert!(!is_record_name("enum e"));
    }

    #[test]
    fn errors_map_to_lines_of_the_probe() {
        let p = Path::new("/tmp/d/records.c");
        let stderr = "/tmp/d/records.c:4:40: error: invalid application of 'sizeof'\n\
                      /tmp/d/records.c:4:40: note: x\n/usr/include/x.h:3:1: error: y\n";
        assert_eq!(error_lines(stderr, p), vec![4]);
    }
}
