//! The one-call form for `build.rs`: a [`TableSpec`] built for the default target and
//! rendered. It wires `header`, `select` and `render`, so it lives above all three.

use crate::header::Session;
use crate::preprocess::Options;
use crate::render::{Lang, Provenance, render};
use crate::select::{TableError, TableSpec};
use crate::target::Target;

impl TableSpec {
    /// Builds the table for the default target (x86_64) with the system include directories
    /// and renders it in `lang`, without a provenance header: the one-call form for `build.rs`.
    ///
    /// ```
    /// use deftab::TableSpec;
    /// use deftab::render::Lang;
    ///
    /// let rust = TableSpec::new("fadvise_advice")
    ///     .header("/usr/include/linux/fadvise.h")
    ///     .define(r"POSIX_FADV_(\w+)")
    ///     .generate(Lang::Rust)?;
    /// assert!(rust.contains("pub fn fadvise_advice_name(value: u32) -> Option<&'static str>"));
    /// assert!(rust.contains(r#"Some("DONTNEED")"#));
    /// # Ok::<(), deftab::select::TableError>(())
    /// ```
    pub fn generate(&self, lang: Lang) -> Result<String, TableError> {
        let mut session = Session::new(Target::default_target(), Options::default());
        let table = self.build(&mut session)?;
        render(&table, lang, None::<&Provenance>)
    }
}
