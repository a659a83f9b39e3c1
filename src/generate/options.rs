//! From a manifest's [`PpOptions`] to a preprocessor configuration: `$name` expansion against
//! `[dirs]` and the root, the target, and a key that tells which tables can share a
//! [`Session`] (and so its cache of scanned headers).

use super::manifest::PpOptions;
use crate::header::Session;
use crate::preprocess::{CmdMacro, Options};
use crate::target::{DEFAULT_TARGET, Target, UnknownTarget};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The directories of a manifest, resolved against the root.
pub struct Dirs {
    pub root: PathBuf,
    pub named: BTreeMap<String, PathBuf>,
    /// (canonical from, to): [`super::Config::redirects`], applied to every expanded path.
    pub redirects: Vec<(PathBuf, PathBuf)>,
}

/// A `$name` in a manifest path that `[dirs]` does not define.
#[derive(Debug, thiserror::Error)]
#[error("`{path}`: no directory `${name}` in [dirs]{}", self.hint())]
pub struct UnknownDir {
    /// The path as written.
    pub path: String,
    pub name: String,
    /// The names `[dirs]` defines.
    pub known: Vec<String>,
}

impl UnknownDir {
    fn hint(&self) -> String {
        let names: Vec<&str> = self.known.iter().map(String::as_str).collect();
        let near = crate::near::near_matches(&self.name, &names);
        match near.first() {
            Some(n) => format!(" (did you mean `${n}`?)"),
            None if names.is_empty() => " ([dirs] is empty)".to_string(),
            None => format!(" ([dirs] has {})", names.join(", ")),
        }
    }
}

/// Why a table's preprocessing options cannot be resolved.
#[derive(Debug, thiserror::Error)]
pub enum PpKeyError {
    #[error(transparent)]
    Target(#[from] UnknownTarget),
    #[error(transparent)]
    Dir(#[from] UnknownDir),
}

impl Dirs {
    /// `$name` → its directory, `$triplet` → the target's triplet, `$cc_triplet` → its
    /// cross compiler's (`i686-linux-gnu`), `$arch` → its kernel architecture (`x86`),
    /// `$$` → `$`. Paths that
    /// are neither absolute nor start with a `$name` are kept as written. A path under a
    /// redirected file or directory becomes its new place.
    pub fn expand(&self, s: &str, triplet: &str) -> Result<String, UnknownDir> {
        let out = self.expand_names(s, triplet)?;
        Ok(
            match crate::source::redirected(&self.redirects, Path::new(&out)) {
                Some(p) => p.to_string_lossy().into_owned(),
                None => out,
            },
        )
    }

    fn expand_names(&self, s: &str, triplet: &str) -> Result<String, UnknownDir> {
        let mut out = String::new();
        let mut rest = s;
        while let Some(i) = rest.find('$') {
            out += &rest[..i];
            let after = &rest[i + 1..];
            if let Some(r) = after.strip_prefix('$') {
                out.push('$');
                rest = r;
                continue;
            }
            let len = after
                .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
                .unwrap_or(after.len());
            let name = &after[..len];
            match (name, self.named.get(name)) {
                ("triplet", _) => out += triplet,
                // The cross compiler's triplet, which names its sysroot (`/usr/$cc_triplet`).
                ("cc_triplet", _) => {
                    out += Target::lookup(triplet).map_or(triplet, |t| t.cc_triplet)
                }
                // The kernel's name of the target's architecture (`arch/$arch/…`).
                ("arch", _) => out += Target::lookup(triplet).map_or("", |t| t.kernel_arch),
                (_, Some(dir)) => out += &dir.to_string_lossy(),
                _ => {
                    return Err(UnknownDir {
                        path: s.to_string(),
                        name: name.to_string(),
                        known: self.named.keys().cloned().collect(),
                    });
                }
            }
            rest = &after[len..];
        }
        out += rest;
        Ok(out)
    }

    /// `path` relative to the root when it is inside it (for output that must not depend
    /// on where the root is); under the root `/`, the absolute path (`/usr/include/…`).
    pub fn relative(&self, path: &str) -> String {
        let whole = self.root == Path::new("") || self.root == Path::new("/");
        match Path::new(path).strip_prefix(&self.root) {
            Ok(rel) if !whole => rel.to_string_lossy().into_owned(),
            _ => path.to_string(),
        }
    }
}

/// Everything that makes two tables' preprocessing differ; equal keys share a session.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct PpKey {
    pub target: &'static str,
    pub include: Vec<PathBuf>,
    pub system: Option<Vec<PathBuf>>,
    pub macros: Vec<(bool, String)>,
    pub builtin_headers: bool,
    pub stdc_predef: bool,
}

impl PpKey {
    /// Resolves merged options; `target` from the command line wins over the manifest's
    /// default, not over a table's own.
    pub fn new(opts: &PpOptions, dirs: &Dirs) -> Result<PpKey, PpKeyError> {
        let target = Target::lookup(opts.target.as_deref().unwrap_or(DEFAULT_TARGET))?;
        let paths = |list: &[String]| -> Result<Vec<PathBuf>, UnknownDir> {
            list.iter()
                .map(|p| dirs.expand(p, target.triplet).map(PathBuf::from))
                .collect()
        };
        let mut macros: Vec<(bool, String)> = Vec::new();
        for d in opts.defines.iter().flatten() {
            macros.push((true, d.clone()));
        }
        for u in opts.undefines.iter().flatten() {
            macros.push((false, u.clone()));
        }
        Ok(PpKey {
            target: target.name,
            include: paths(opts.include.as_deref().unwrap_or_default())?,
            system: opts.system.as_deref().map(paths).transpose()?,
            macros,
            builtin_headers: opts.builtin_headers.unwrap_or(true),
            stdc_predef: opts.stdc_predef.unwrap_or(true),
        })
    }

    pub fn session(&self) -> Result<Session, UnknownTarget> {
        let target = Target::lookup(self.target)?;
        let options = Options {
            include_dirs: self.include.clone(),
            system_dirs: self.system.clone(),
            without_builtin_headers: !self.builtin_headers,
            without_stdc_predef: !self.stdc_predef,
            macros: self
                .macros
                .iter()
                .map(|(def, m)| match def {
                    true => CmdMacro::Define(m.clone()),
                    false => CmdMacro::Undef(m.clone()),
                })
                .collect(),
            ..Options::default()
        };
        Ok(Session::new(target, options))
    }

    pub fn triplet(&self) -> &'static str {
        Target::lookup(self.target).map_or("", |t| t.triplet)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dirs() -> Dirs {
        Dirs {
            root: PathBuf::from("/r"),
            named: [("inc".to_string(), PathBuf::from("/r/usr/include"))].into(),
            redirects: vec![],
        }
    }

    #[test]
    fn expands_names_triplet_and_dollars() {
        let d = dirs();
        assert_eq!(
            d.expand("$inc/$triplet/asm", "x86_64-linux-gnu").unwrap(),
            "/r/usr/include/x86_64-linux-gnu/asm"
        );
        assert_eq!(d.expand("a$$b", "").unwrap(), "a$b");
        assert_eq!(d.expand("linux/x.h", "").unwrap(), "linux/x.h");
        let e = d.expand("$inx/linux/x.h", "").unwrap_err();
        assert_eq!(e.name, "inx");
        assert_eq!(
            e.to_string(),
            "`$inx/linux/x.h`: no directory `$inx` in [dirs] (did you mean `$inc`?)"
        );
        assert_eq!(d.relative("/r/usr/include/a.h"), "usr/include/a.h");
        assert_eq!(d.relative("/elsewhere/a.h"), "/elsewhere/a.h");
    }

    #[test]
    fn command_line_target_and_keys() {
        let d = dirs();
        let o = PpOptions {
            include: Some(vec!["$inc".into()]),
            defines: Some(vec!["A=1".into()]),
            undefines: Some(vec!["B".into()]),
            ..PpOptions::default()
        };
        let k = PpKey::new(&o, &d).unwrap();
        assert_eq!(k.include, vec![PathBuf::from("/r/usr/include")]);
        assert_eq!(k.macros, vec![(true, "A=1".into()), (false, "B".into())]);
        assert_eq!(k.target, "x86_64");
        let bad = PpOptions {
            target: Some("vax".into()),
            ..PpOptions::default()
        };
        assert!(PpKey::new(&bad, &d).is_err());
    }
}
