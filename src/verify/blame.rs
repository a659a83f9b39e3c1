//! Which candidates a compiler's errors are about.
//!
//! gcc places an error at the token's spelling: the probe line for most, but for a token
//! written in a macro's definition, the header line of that `#define`, with notes "in
//! expansion of macro 'X'" / "in definition of macro 'X'" (sometimes without the probe
//! line at all). Each error is blamed on, in order of preference: the probe line it or its
//! notes name, else the outermost candidate macro its notes name, else the candidate whose
//! `#define` is on its header line.

use super::probe::Probe;
use std::collections::{BTreeSet, HashMap};
use std::path::Path;

pub struct Blame<'a> {
    pub probe_path: &'a Path,
    pub header: &'a Path,
    /// Header line of a candidate's `#define` → candidate.
    pub header_lines: HashMap<u32, usize>,
    /// Candidate name → candidate.
    pub names: HashMap<&'a str, usize>,
}

/// One `path:line[:col]: kind: message` line of a compiler's stderr.
struct DiagLine<'s> {
    path: &'s str,
    line: u32,
    is_error: bool,
    message: &'s str,
}

impl Blame<'_> {
    /// The active candidates of `probe` that the errors in `stderr` are about.
    pub fn failing(&self, stderr: &str, probe: &Probe) -> BTreeSet<usize> {
        let mut failing = BTreeSet::new();
        let mut group: Vec<DiagLine> = vec![];
        for d in stderr.lines().filter_map(diag_line) {
            if d.is_error && !group.is_empty() {
                failing.extend(self.blame(&group, probe));
                group.clear();
            }
            group.push(d);
        }
        failing.extend(self.blame(&group, probe));
        failing
    }

    fn blame(&self, group: &[DiagLine], probe: &Probe) -> Option<usize> {
        let probe_path = self.probe_path.to_str()?;
        let header = self.header.to_str()?;
        let on_probe_line = group
            .iter()
            .filter(|d| d.path == probe_path)
            .find_map(|d| probe.candidate_at(d.line));
        let active = |i: &usize| probe.is_active(*i);
        on_probe_line
            .or_else(|| {
                group
                    .iter()
                    .rev()
                    .filter_map(|d| self.names.get(macro_name(d.message)?).copied())
                    .find(active)
            })
            .or_else(|| {
                let first = group.first()?;
                (first.path == header)
                    .then(|| self.header_lines.get(&first.line).copied())
                    .flatten()
                    .filter(active)
            })
    }
}

fn diag_line(text: &str) -> Option<DiagLine<'_>> {
    let kinds = [
        (": fatal error: ", true),
        (": error: ", true),
        (": note: ", false),
        (": warning: ", false),
    ];
    let (at, kind, is_error) = kinds
        .iter()
        .filter_map(|&(k, e)| text.find(k).map(|i| (i, k, e)))
        .min_by_key(|&(i, _, _)| i)?;
    let location = &text[..at];
    // `path:line:col` or `path:line`; the path itself may contain `:`.
    let mut parts = location.rsplitn(3, ':');
    let last = parts.next()?;
    let before = parts.next()?;
    let (path, line) = match (before.parse::<u32>(), last.parse::<u32>()) {
        (Ok(line), Ok(_col)) => (parts.next()?, line),
        (Err(_), Ok(line)) => (location.rsplit_once(':')?.0, line),
        _ => return None,
    };
    Some(DiagLine {
        path,
        line,
        is_error,
        message: &text[at + kind.len()..],
    })
}

/// `X` in "in expansion of macro 'X'" / "in definition of macro ‘X’".
fn macro_name(message: &str) -> Option<&str> {
    let rest = message.split_once("macro ")?.1;
    let rest = rest.strip_prefix('\'').or_else(|| rest.strip_prefix('‘'))?;
    let end = rest.find(['\'', '’'])?;
    Some(&rest[..end])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_blamed_on_probe_lines_macros_or_define_lines() {
        let names: Vec<String> = ["A", "B", "C", "D"].iter().map(|s| s.to_string()).collect();
        let probe = Probe::new(Path::new("/h/x.h"), &names, &[0, 1, 2, 3]);
        let line_of = |i: u32| probe.first_line() + i;
        let blame = Blame {
            probe_path: Path::new("/t/p.c"),
            header: Path::new("/h/x.h"),
            header_lines: HashMap::from([(7, 3)]),
            names: names
                .iter()
                .enumerate()
                .map(|(i, n)| (n.as_str(), i))
                .collect(),
        };
        let stderr = format!(
            "In file included from /t/p.c:1:\n\
             /t/p.c:{a}:40: error: expected expression before ')' token\n\
             \x20 12 | const …\n\
             /h/x.h:3:9: error: 'foo' undeclared here (not in a function)\n\
             /h/x.h:3:9: note: in definition of macro 'B'\n\
             /h/x.h:4:9: note: in expansion of macro 'B'\n\
             /h/x.h:5:9: error: 'bar' undeclared here\n\
             /h/x.h:5:9: note: in definition of macro ‘C’\n\
             /h/x.h:7:1: error: 'baz' undeclared here\n\
             /h/x.h:9:1: error: not a candidate's line\n",
            a = line_of(0)
        );
        let failing: Vec<usize> = blame.failing(&stderr, &probe).into_iter().collect();
        assert_eq!(failing, [0, 1, 2, 3]);

        // Only active candidates are blamed.
        let probe = Probe::new(Path::new("/h/x.h"), &names, &[0]);
        assert!(blame.failing(&stderr, &probe).len() == 1);
    }

    #[test]
    fn diagnostic_lines() {
        let d = diag_line("/a:b/c.h:12:5: error: oops: really").unwrap();
        assert_eq!(
            (d.path, d.line, d.is_error, d.message),
            ("/a:b/c.h", 12, true, "oops: really")
        );
        let d = diag_line("c.h:3: note: in expansion of macro 'X'").unwrap();
        assert_eq!((d.path, d.line, d.is_error), ("c.h", 3, false));
        assert_eq!(macro_name(d.message), Some("X"));
        assert!(diag_line("In file included from p.c:1:").is_none());
        assert!(diag_line("   12 | int x: error: y").is_none());
    }
}
