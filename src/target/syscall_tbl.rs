//! The kernel's syscall tables (`syscall*.tbl`): one line per entry, `NR ABI NAME [NATIVE]
//! [COMPAT]`, `#` comments and blank lines between. Read once here for every user: the
//! headers a kernel build generates from them ([`super::unistd`]) and the `syscalls` table
//! source. Every problem names the file and line: a malformed line, an ABI the file does not
//! have, a number used twice by one ABI. One number in two ABIs kept (powerpc's `64` and
//! `spu`) is not the table's problem: the user's alias policy decides.

use std::path::{Path, PathBuf};

/// One line of a table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TblEntry {
    pub nr: i128,
    /// The number as written (`syscallhdr.sh` copies it into the header).
    pub nr_text: String,
    pub abi: String,
    pub name: String,
    /// 1-based line, and the byte offset of the line's start, in the file.
    pub line: u32,
    pub offset: u32,
}

/// A syscall table read from a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SyscallTbl {
    pub path: PathBuf,
    pub entries: Vec<TblEntry>,
}

/// A problem in a table, at a line of it.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{}:{line}: {message}", path.display())]
pub struct TblError {
    pub path: PathBuf,
    pub line: u32,
    /// Byte offset of the line's start (for a [`crate::diag::Diagnostic`] on the file).
    pub offset: u32,
    pub message: String,
    /// More lines: the ABIs the file has, where a number was first used.
    pub notes: Vec<String>,
}

impl SyscallTbl {
    /// Reads the table at `path`. A file that cannot be read is an error at line 0.
    pub fn read(path: &Path) -> Result<SyscallTbl, TblError> {
        let text = std::fs::read_to_string(path).map_err(|e| TblError {
            path: path.to_path_buf(),
            line: 0,
            offset: 0,
            message: format!("cannot read the syscall table: {e}"),
            notes: vec![],
        })?;
        SyscallTbl::parse(path, &text)
    }

    /// Parses the text of a table; `path` is for messages.
    pub fn parse(path: &Path, text: &str) -> Result<SyscallTbl, TblError> {
        let mut entries = Vec::new();
        let mut offset = 0u32;
        for (i, raw) in text.split_inclusive('\n').enumerate() {
            let line = i as u32 + 1;
            let content = raw.split('#').next().unwrap_or("");
            let fields: Vec<&str> = content.split_whitespace().collect();
            if !fields.is_empty() {
                entries.push(entry(&fields, line, offset).map_err(|message| TblError {
                    path: path.to_path_buf(),
                    line,
                    offset,
                    message,
                    notes: vec![],
                })?);
            }
            offset += raw.len() as u32;
        }
        Ok(SyscallTbl {
            path: path.to_path_buf(),
            entries,
        })
    }

    /// The ABI names of the table, in order of first use.
    pub fn abis(&self) -> Vec<&str> {
        let mut abis: Vec<&str> = Vec::new();
        for e in &self.entries {
            if !abis.contains(&e.abi.as_str()) {
                abis.push(&e.abi);
            }
        }
        abis
    }

    /// The entries of `abis` (every entry when `abis` is empty), in file order. An ABI the
    /// file does not have is an error at its first line, listing the ones it has; two entries
    /// of one kept ABI with one number are an error at the second.
    pub fn select(&self, abis: &[String]) -> Result<Vec<&TblEntry>, TblError> {
        self.select_with(abis, false)
    }

    /// [`SyscallTbl::select`], where `absent_ok` makes an ABI the file does not have select
    /// nothing rather than an error (one ABI list shared by several tables).
    pub fn select_with(
        &self,
        abis: &[String],
        absent_ok: bool,
    ) -> Result<Vec<&TblEntry>, TblError> {
        let known = self.abis();
        let unknown = abis.iter().find(|a| !known.contains(&a.as_str()));
        if let Some(unknown) = unknown.filter(|_| !absent_ok) {
            let (line, offset) = self.entries.first().map_or((0, 0), |e| (e.line, e.offset));
            return Err(self.error(
                line,
                offset,
                format!("no entry has the ABI `{unknown}`"),
                vec![format!("the ABIs of this table: {}", known.join(", "))],
            ));
        }
        let chosen: Vec<&TblEntry> = self
            .entries
            .iter()
            .filter(|e| abis.is_empty() || abis.contains(&e.abi))
            .collect();
        let mut seen: std::collections::HashMap<(i128, &str), &TblEntry> = Default::default();
        for e in &chosen {
            if let Some(first) = seen.insert((e.nr, &e.abi), e) {
                return Err(self.error(
                    e.line,
                    e.offset,
                    format!(
                        "number {} is used twice for the ABI `{}`: `{}` and `{}`",
                        e.nr, e.abi, first.name, e.name
                    ),
                    vec![format!("first used at line {}", first.line)],
                ));
            }
        }
        Ok(chosen)
    }

    fn error(&self, line: u32, offset: u32, message: String, notes: Vec<String>) -> TblError {
        TblError {
            path: self.path.clone(),
            line,
            offset,
            message,
            notes,
        }
    }
}

/// One entry from the fields of a line, or what is wrong with them.
fn entry(fields: &[&str], line: u32, offset: u32) -> Result<TblEntry, String> {
    let [nr_text, abi, name, ..] = fields else {
        return Err(format!(
            "malformed syscall table line: expected `NR ABI NAME [ENTRY] [COMPAT]`, found {} field(s)",
            fields.len()
        ));
    };
    let nr = parse_number(nr_text)
        .ok_or_else(|| format!("malformed syscall table line: `{nr_text}` is not a number"))?;
    if !name.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_') {
        return Err(format!(
            "malformed syscall table line: `{name}` is not a C identifier"
        ));
    }
    Ok(TblEntry {
        nr,
        nr_text: nr_text.to_string(),
        abi: abi.to_string(),
        name: name.to_string(),
        line,
        offset,
    })
}

/// An integer without a suffix (decimal, `0x`, octal), as `syscallhdr.sh`'s shell arithmetic
/// reads them, through C's one literal reader.
fn parse_number(text: &str) -> Option<i128> {
    crate::ctype::literal::unsuffixed_integer_value(text).and_then(|v| i128::try_from(v).ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tbl(text: &str) -> Result<SyscallTbl, TblError> {
        SyscallTbl::parse(Path::new("t.tbl"), text)
    }

    fn abis(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn reads_entries_and_skips_comments_and_blank_lines() {
        let t = tbl("# c\n\n0\tcommon\tread\tsys_read\n1 64 write # x\n0x2 x32 open\n").unwrap();
        let got: Vec<(i128, &str, &str, u32)> = t
            .entries
            .iter()
            .map(|e| (e.nr, e.abi.as_str(), e.name.as_str(), e.line))
            .collect();
        assert_eq!(
            got,
            [
                (0, "common", "read", 3),
                (1, "64", "write", 4),
                (2, "x32", "open", 5)
            ]
        );
        assert_eq!(t.entries[2].nr_text, "0x2");
        assert_eq!(
            t.entries[1].offset,
            "# c\n\n0\tcommon\tread\tsys_read\n".len() as u32
        );
        assert_eq!(t.abis(), ["common", "64", "x32"]);
        let names: Vec<&str> = t
            .select(&abis(&["common", "64"]))
            .unwrap()
            .iter()
            .map(|e| e.name.as_str())
            .collect();
        assert_eq!(names, ["read", "write"]);
        assert_eq!(t.select(&[]).unwrap().len(), 3);
    }

    #[test]
    fn a_malformed_line_is_an_error_at_its_line() {
        let e = tbl("0 common read\n1 common\n").unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.to_string().starts_with("t.tbl:2: malformed"), "{e}");
        let e = tbl("x1 common read\n").unwrap_err();
        assert!(e.to_string().contains("`x1` is not a number"), "{e}");
        let e = tbl("1 common re-ad\n").unwrap_err();
        assert!(e.to_string().contains("not a C identifier"), "{e}");
    }

    #[test]
    fn an_unknown_abi_lists_the_abis_of_the_file() {
        let t = tbl("# h\n0 common read\n1 64 write\n").unwrap();
        let e = t.select(&abis(&["common", "n64"])).unwrap_err();
        assert_eq!(e.line, 2);
        assert!(e.message.contains("`n64`"), "{e}");
        assert_eq!(e.notes, ["the ABIs of this table: common, 64"]);
        let kept = t.select_with(&abis(&["common", "n64"]), true).unwrap();
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn a_number_used_twice_by_one_abi_is_an_error_at_the_second() {
        let t = tbl("0 common read\n1 32 stat\n1 64 newstat\n1 64 again\n").unwrap();
        assert_eq!(t.select(&abis(&["common", "32"])).unwrap().len(), 2);
        let e = t.select(&abis(&["32", "64"])).unwrap_err();
        assert_eq!(e.line, 4);
        assert!(
            e.message
                .contains("used twice for the ABI `64`: `newstat` and `again`"),
            "{e}"
        );
        assert_eq!(e.notes, ["first used at line 3"]);
    }
}
