//! The one-call form for `build.rs`: a [`TableSpec`] built for the machine being built for
//! and rendered. It wires `header`, `select` and `render`, so it lives above all three.

use crate::header::Session;
use crate::preprocess::Options;
use crate::render::{Lang, Provenance, render};
use crate::select::{TableError, TableSpec};
use crate::target::Target;
use crate::target::cargo::{MachineError, build_machine};

impl TableSpec {
    /// Builds the table and renders it in `lang`, without a provenance header: the one-call
    /// form for `build.rs`.
    ///
    /// The headers are read for the machine named with [`TableSpec::target`], else for the
    /// one being built for: in a build script, cargo's target (`TARGET`,
    /// `CARGO_CFG_TARGET_ARCH`, `_ENDIAN`, `_POINTER_WIDTH`), so a cross build gets the
    /// target's values; elsewhere the host. A machine deftab does not know is an error
    /// ([`TableError::Machine`]). The system headers are found as `deftab` finds them
    /// without `--sysroot-include`: the target's Debian cross sysroot
    /// (`/usr/<triplet>/include`) when installed, else `/usr/include/<triplet>` and
    /// `/usr/include`.
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
    ///
    /// // s390x, whatever the machine building: POSIX_FADV_DONTNEED is 6 there, not 4.
    /// let s390x = TableSpec::new("fadvise_advice")
    ///     .target("s390x")
    ///     .header("/usr/include/linux/fadvise.h")
    ///     .define(r"POSIX_FADV_(\w+)")
    ///     .generate(Lang::Rust)?;
    /// assert!(s390x.contains("[Option<&str>; 8]"));
    /// assert!(s390x.contains("None,\n    None,\n    Some(\"DONTNEED\"),"));
    /// # Ok::<(), deftab::select::TableError>(())
    /// ```
    pub fn generate(&self, lang: Lang) -> Result<String, TableError> {
        let target = self.machine()?;
        let mut session = Session::new(target, Options::default());
        let table = self.build(&mut session)?;
        render(&table, lang, None::<&Provenance>)
    }

    /// The machine [`TableSpec::generate`] reads the headers for.
    fn machine(&self) -> Result<&'static Target, MachineError> {
        match &self.target {
            Some(name) => Ok(Target::lookup(name)?),
            None => build_machine(|name| std::env::var(name).ok()),
        }
    }
}
