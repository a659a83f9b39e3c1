//! `[[lint]]` entries of a manifest (the same TOML file as `generate`'s; other keys are
//! left to it): a table declared where inference cannot work, and findings allowed.
//!
//! ```toml
//! [[lint]]
//! table = "ioctl_tty_cmd"                 # the array's name (a switch: its function's)
//! file = "trace/beauty/ioctl.c"           # optional: the file's path ends with this
//! header = "asm-generic/ioctls.h"         # optional: the header it mirrors
//! prefix = "TC"                           # optional: what its names lack
//! enum = "bpf_cmd"                        # optional: the enum it mirrors
//! offset = 0                              # optional: the value of index 0
//! allow = ["ISO", "SCHED_FLAG_*"]         # findings to leave out: a name or the table's
//!                                         # string, `*` at the end for a prefix
//! ```

use serde::Deserialize;
use std::path::Path;

/// The manifest as lint reads it.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct LintManifest {
    #[serde(default)]
    pub lint: Vec<Declaration>,
}

/// One `[[lint]]` entry.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Declaration {
    pub table: String,
    pub file: Option<String>,
    pub header: Option<String>,
    pub prefix: Option<String>,
    #[serde(rename = "enum")]
    pub enum_tag: Option<String>,
    pub offset: Option<i64>,
    #[serde(default)]
    pub allow: Vec<String>,
}

impl LintManifest {
    /// Reads `path` (errors: the file and TOML's message with its line).
    pub fn read(path: &Path) -> Result<LintManifest, String> {
        let text = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        toml::from_str(&text).map_err(|e| format!("{}: {e}", path.display()))
    }

    /// The entry for `table` of `file`, if any.
    pub fn find(&self, file: &str, table: &str) -> Option<&Declaration> {
        self.lint
            .iter()
            .find(|d| d.table == table && d.file.as_deref().is_none_or(|f| file.ends_with(f)))
    }
}

impl Declaration {
    /// Whether a finding about `name` or the table's string `has` is allowed.
    pub fn allows(&self, name: Option<&str>, has: Option<&str>) -> bool {
        self.allow.iter().any(|a| {
            let hit = |s: &str| match a.strip_suffix('*') {
                Some(p) => s.starts_with(p),
                None => s == a,
            };
            name.is_some_and(hit) || has.is_some_and(hit)
        })
    }
}
