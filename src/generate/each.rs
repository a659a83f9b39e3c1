//! `each`: one item repeated for every file a glob matches (the shell's
//! `for f in DIR/*/FILE`), so a manifest follows a tree instead of listing its parts.
//!
//! ```toml
//! [[file.item]]
//! each = { glob = "$tools/arch/*/include/uapi/asm/errno.h", before = ["generic"], otherwise = "$ag/errno.h" }
//! table = { name = "errno_to_name__{each}", headers = ["{each_path}"], … }
//! ```
//!
//! In the item's strings `{each}` is what `*` matched (or a `before` name) and `{each_path}`
//! the glob with `*` replaced, or `otherwise` when that file does not exist.

use super::options::Dirs;
use crate::select::TableSpec;
use serde::Deserialize;
use std::path::Path;

#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Each {
    /// A path with one `*` inside one component; `$name`s of `[dirs]` allowed.
    pub glob: String,
    /// Names taken before the matches (their path is usually `otherwise`).
    #[serde(default)]
    pub before: Vec<String>,
    /// The path of a name whose glob path is not a file.
    pub otherwise: Option<String>,
    /// The matches in reverse byte order (`sort -r`, as Linux 6.1's arch_errno_names.sh).
    #[serde(default)]
    pub reverse: bool,
}

/// One repetition of an item.
pub struct Instance {
    pub name: String,
    pub path: String,
}

impl Instance {
    pub fn fill(&self, s: &str) -> String {
        s.replace("{each_path}", &self.path)
            .replace("{each}", &self.name)
    }

    /// The spec with every string filled.
    pub fn fill_spec(&self, spec: &TableSpec) -> Result<TableSpec, serde_json::Error> {
        fn walk(v: &mut serde_json::Value, i: &Instance) {
            match v {
                serde_json::Value::String(s) => *s = i.fill(s),
                serde_json::Value::Array(a) => a.iter_mut().for_each(|x| walk(x, i)),
                serde_json::Value::Object(o) => o.values_mut().for_each(|x| walk(x, i)),
                _ => {}
            }
        }
        let mut v = serde_json::to_value(spec)?;
        walk(&mut v, self);
        serde_json::from_value(v)
    }
}

/// Why an `each` cannot be expanded.
#[derive(Debug, thiserror::Error)]
pub enum EachError {
    #[error("each: `{0}` needs exactly one `*`")]
    Glob(String),
    #[error(transparent)]
    Dir(#[from] super::options::UnknownDir),
    #[error("each: {dir}: {source}")]
    ReadDir {
        dir: String,
        #[source]
        source: std::io::Error,
    },
    #[error("each: `{0}` is not a file and there is no `otherwise`")]
    NotAFile(String),
}

/// The repetitions: `before`, then the glob's matches in byte order (the C locale), or the
/// reverse with `reverse`.
pub fn instances(each: &Each, dirs: &Dirs) -> Result<Vec<Instance>, EachError> {
    let (head, tail) = each
        .glob
        .split_once('*')
        .filter(|(_, t)| !t.contains('*'))
        .ok_or_else(|| EachError::Glob(each.glob.clone()))?;
    let (dir, prefix) = head.rsplit_once('/').unwrap_or((".", head));
    let (suffix, rest) = match tail.split_once('/') {
        Some((s, r)) => (s, format!("/{r}")),
        None => (tail, String::new()),
    };
    let dir_path = dirs.expand(dir, "")?;
    let path_of = |name: &str| format!("{dir}/{prefix}{name}{suffix}{rest}");
    let exists = |name: &str| {
        dirs.expand(&path_of(name), "")
            .is_ok_and(|p| Path::new(&p).is_file())
    };
    let mut matched: Vec<String> = std::fs::read_dir(&dir_path)
        .map_err(|source| EachError::ReadDir {
            dir: dir_path.clone(),
            source,
        })?
        .filter_map(|e| e.ok())
        .filter_map(|e| e.file_name().to_str().map(String::from))
        .filter_map(|n| {
            n.strip_prefix(prefix)
                .and_then(|m| m.strip_suffix(suffix))
                .map(String::from)
        })
        .filter(|m| exists(m))
        .collect();
    matched.sort();
    if each.reverse {
        matched.reverse();
    }
    let mut out = Vec::new();
    for name in each.before.iter().chain(&matched) {
        let path = match (exists(name), &each.otherwise) {
            (true, _) => path_of(name),
            (false, Some(o)) => o.clone(),
            (false, None) => {
                return Err(EachError::NotAFile(path_of(name)));
            }
        };
        out.push(Instance {
            name: name.clone(),
            path,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn matches_in_byte_order_with_before_and_otherwise() {
        let root = std::env::temp_dir().join(format!("deftab-each-{}", std::process::id()));
        for a in ["x86", "alpha", "arm"] {
            std::fs::create_dir_all(root.join(format!("arch/{a}/asm"))).unwrap();
        }
        for a in ["x86", "alpha"] {
            std::fs::write(root.join(format!("arch/{a}/asm/errno.h")), "").unwrap();
        }
        let dirs = Dirs {
            root: root.clone(),
            named: [("t".to_string(), root.join("arch"))].into(),
            redirects: vec![],
        };
        let each = Each {
            glob: "$t/*/asm/errno.h".into(),
            before: vec!["generic".into()],
            reverse: false,
            otherwise: Some("generic.h".into()),
        };
        let got: Vec<(String, String)> = instances(&each, &dirs)
            .unwrap()
            .into_iter()
            .map(|i| (i.name, i.path))
            .collect();
        let want = [
            ("generic", "generic.h"),
            ("alpha", "$t/alpha/asm/errno.h"),
            ("x86", "$t/x86/asm/errno.h"),
        ];
        let want: Vec<(String, String)> = want
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect();
        assert_eq!(got, want); // arm has no errno.h
        let spec = TableSpec::new("f_{each}").header("{each_path}");
        let filled = Instance {
            name: "x86".into(),
            path: "p.h".into(),
        }
        .fill_spec(&spec)
        .unwrap();
        assert_eq!(
            (filled.name.as_str(), filled.read.headers[0].as_str()),
            ("f_x86", "p.h")
        );
        let bad = Each {
            glob: "$t/*/*".into(),
            ..each
        };
        assert!(instances(&bad, &dirs).is_err());
        let _ = std::fs::remove_dir_all(PathBuf::from(&root));
    }
}
