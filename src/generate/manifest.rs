//! The manifest: a TOML file listing output files, each made of tables and literal text.
//!
//! ```toml
//! description = "what these tables are"
//! root = "/"                      # default for --root (optional)
//! [dirs]                          # named directories, relative to --root
//! uapi = "usr/include"
//! [options]                       # preprocessing for every table (optional)
//! include = ["$uapi"]             # -I; `$name` expands a [dirs] entry, `$triplet` the target's
//! [[file]]
//! path = "fadvise.c"              # relative to --out-dir
//! [[file.item]]
//! table = { name = "fadvise_advices", headers = ["$uapi/linux/fadvise.h"], sources = [{ define = 'POSIX_FADV_(\w+)' }] }
//! [[file.item]]
//! text = "literal text between tables\n"  # `{root}`: --root as given (else the manifest's)
//! [[file.item]]                   # repeated per glob match: `{each}`, `{each_path}` (each.rs)
//! each = { glob = "$uapi/asm-*/errno.h" }
//! text = "/* {each} */\n"
//! [[copies]]                      # for check-headers and diff --copies (optional)
//! copy = "tools/include/uapi/linux/bpf.h"
//! original = "include/uapi/linux/bpf.h"
//! ```
//!
//! Parsing checks the shape only (unknown keys, bad values: errors with the manifest's
//! line:col and a hint); `$name`s and tables are checked when the files are built.

use super::ManifestError;
use crate::render::Lang;
use crate::select::TableSpec;
use serde::Deserialize;
use std::collections::BTreeMap;
use toml::Spanned;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    /// One line for `deftab presets`.
    #[serde(default)]
    pub description: String,
    /// The default of `--root` (absolute, or relative to the working directory).
    pub root: Option<String>,
    /// Named directories, relative to the root unless absolute: `$name` in paths.
    #[serde(default)]
    pub dirs: BTreeMap<String, Spanned<String>>,
    /// Preprocessing defaults of every table.
    #[serde(default)]
    pub options: PpOptions,
    #[serde(default, rename = "file")]
    pub files: Vec<Spanned<FileSpec>>,
    /// Copies of headers that must stay in sync with their originals (`check-headers`,
    /// `diff --copies`); none: the built-in list of `tools/perf/check-headers.sh`.
    #[serde(default)]
    pub copies: Vec<Spanned<CopySpec>>,
    /// `[[lint]]` entries, read by `deftab lint --manifest` (`crate::lint::manifest`).
    #[serde(default)]
    pub lint: Vec<toml::Value>,
}

/// A copy and its original, as `check-headers` compares them (`diff [-B] [-I RE]…`).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CopySpec {
    /// Relative to the root; `$name`s of `[dirs]` allowed.
    pub copy: String,
    pub original: String,
    /// Changes made only of blank lines do not count (`diff -B`; default true).
    pub blank: Option<bool>,
    /// Changes whose lines all match one of these GNU basic regular expressions do not
    /// count (`diff -I RE`).
    #[serde(default)]
    pub ignore: Vec<String>,
}

/// How a table's headers are preprocessed. At each level (manifest, file, item) a key that
/// is present replaces the inherited value; absent keys are inherited.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq, Hash)]
#[serde(deny_unknown_fields)]
pub struct PpOptions {
    /// `-I` directories, in order.
    pub include: Option<Vec<String>>,
    /// The system directories (default: `/usr/include/<triplet>`, `/usr/include` on the
    /// machine, whatever the root).
    pub system: Option<Vec<String>>,
    /// `-D`: `NAME`, `NAME=VALUE` or `NAME(ARGS)=VALUE`, applied in order.
    pub defines: Option<Vec<String>>,
    /// `-U`, applied after `defines`.
    pub undefines: Option<Vec<String>>,
    /// The machine (`x86_64`, `aarch64`, a triplet); `--target` replaces the manifest's.
    pub target: Option<String>,
    /// deftab's own `<stddef.h>`, `<limits.h>`… (default true).
    pub builtin_headers: Option<bool>,
    /// The C library's `<stdc-predef.h>` read first, as gcc does (default true).
    pub stdc_predef: Option<bool>,
}

impl PpOptions {
    /// `self`, with the keys `over` sets replaced.
    pub fn merged(&self, over: &PpOptions) -> PpOptions {
        PpOptions {
            include: over.include.clone().or_else(|| self.include.clone()),
            system: over.system.clone().or_else(|| self.system.clone()),
            defines: over.defines.clone().or_else(|| self.defines.clone()),
            undefines: over.undefines.clone().or_else(|| self.undefines.clone()),
            target: over.target.clone().or_else(|| self.target.clone()),
            builtin_headers: over.builtin_headers.or(self.builtin_headers),
            stdc_predef: over.stdc_predef.or(self.stdc_predef),
        }
    }
}

/// One output file.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileSpec {
    /// Relative to `--out-dir`.
    pub path: String,
    /// The language of its tables; default from the extension (`.c`/`.h`, `.rs`, `.json`).
    pub lang: Option<Lang>,
    /// Literal text at the start of the file (before the provenance comment).
    #[serde(default)]
    pub prologue: String,
    /// Literal text at the end of the file.
    #[serde(default)]
    pub epilogue: String,
    /// Write the provenance comment (default true; `--no-provenance` turns every one off).
    pub provenance: Option<bool>,
    #[serde(default)]
    pub options: PpOptions,
    #[serde(default, rename = "item")]
    pub items: Vec<Spanned<Item>>,
}

/// A table or literal text (exactly one of the two).
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Item {
    pub table: Option<TableSpec>,
    pub text: Option<String>,
    /// The table's own preprocessing (replaces the file's keys it sets).
    #[serde(default)]
    pub options: PpOptions,
    /// Repeat the item for every file a glob matches (see `each.rs`).
    pub each: Option<super::each::Each>,
}

/// What an item is, once checked.
pub enum ItemKind<'a> {
    Table(&'a TableSpec),
    Text(&'a str),
}

impl Item {
    pub fn kind(&self) -> Result<ItemKind<'_>, &'static str> {
        match (&self.table, &self.text) {
            (Some(t), None) => Ok(ItemKind::Table(t)),
            (None, Some(s)) if self.options == PpOptions::default() => Ok(ItemKind::Text(s)),
            (None, Some(_)) => Err("a text item has no `options`"),
            (Some(_), Some(_)) => Err("an item is either a `table` or a `text`, not both"),
            (None, None) => Err("an item needs a `table` or a `text`"),
        }
    }
}

impl FileSpec {
    /// The language: `lang`, else from the extension.
    pub fn lang(&self) -> Option<Lang> {
        self.lang.or_else(|| match self.path.rsplit_once('.')?.1 {
            "c" | "h" => Some(Lang::C),
            "rs" => Some(Lang::Rust),
            "json" => Some(Lang::Json),
            _ => None,
        })
    }
}

impl Manifest {
    /// Parses manifest text; `name` is how errors name the manifest.
    pub fn parse(name: &str, text: &str) -> Result<Manifest, ManifestError> {
        toml::from_str(text).map_err(|e| {
            let span = e.span().unwrap_or(0..0);
            ManifestError::new(name, text, span, e.message().trim_end())
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r##"
description = "one table"
[dirs]
inc = "usr/include"
[options]
include = ["$inc"]
[[file]]
path = "a.c"
prologue = "#include <x>\n"
[[file.item]]
table = { name = "t", headers = ["$inc/linux/x.h"], sources = [{ define = 'X_(\w+)' }] }
options = { target = "i386" }
[[file.item]]
text = "/* between */\n"
"##;

    #[test]
    fn parses_files_items_and_options() {
        let m = Manifest::parse("m.toml", ONE).unwrap();
        assert_eq!(m.description, "one table");
        assert_eq!(m.dirs["inc"].get_ref(), "usr/include");
        let f = m.files[0].get_ref();
        assert_eq!((f.path.as_str(), f.lang()), ("a.c", Some(Lang::C)));
        assert_eq!(f.prologue, "#include <x>\n");
        let item = f.items[0].get_ref();
        assert!(matches!(item.kind(), Ok(ItemKind::Table(t)) if t.name == "t"));
        let merged = m.options.merged(&item.options);
        assert_eq!(merged.include, Some(vec!["$inc".to_string()]));
        assert_eq!(merged.target.as_deref(), Some("i386"));
        assert!(matches!(
            f.items[1].get_ref().kind(),
            Ok(ItemKind::Text("/* between */\n"))
        ));
        // The item's span starts at its `[[file.item]]` header (line 10).
        let line = ONE[..f.items[0].span().start].lines().count() + 1;
        assert_eq!(line, 10, "{:?}", f.items[0].span());
    }

    #[test]
    fn unknown_keys_are_errors_with_positions() {
        let e = Manifest::parse("m.toml", "[[file]]\npath = \"a.c\"\npaht = 1\n").unwrap_err();
        assert_eq!((e.line, e.column), (3, 1), "{e}");
        assert!(e.message.contains("unknown field `paht`"), "{e}");
        assert_eq!(e.hint.as_deref(), Some("did you mean `path`?"));
    }
}
