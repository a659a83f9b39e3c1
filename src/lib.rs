//! deftab turns the constants in C headers (`#define`s and enum members) into exact lookup
//! tables, reading the headers as a C compiler would, for any Linux target, without running
//! a compiler.
//!
//! # The pipeline
//!
//! One module per stage; data flows one way:
//!
//! 1. [`scan`]: bytes → preprocessing tokens (splices, comments);
//! 2. [`preprocess`]: directives, includes, macros, the [`target`]'s predefined macros; it
//!    also keeps the history of every `#define`, `#undef` and skipped `#define`;
//! 3. [`parse`]: lang-c reads the preprocessed declarations: enums, typedefs, records;
//! 4. [`evaluate`]: integer constant expressions, with the target's data model;
//! 5. [`header`] ties 1–4 together: a header in, its [`Constant`]s out (each with a value
//!    or the reason it has none);
//! 6. [`select`]: constants → a [`Table`] ([`TableSpec`] describes it);
//! 7. [`render`]: a table → C, Rust or JSON through askama templates;
//! 8. [`generate`]: a manifest of files and tables → files, written atomically or checked.
//!
//! Beside the pipeline: [`verify`] cross-checks values against a real compiler (the only
//! place one runs), [`drift`] compares versions of headers, [`explain`] shows how one
//! constant got its value, [`lint`] checks hand-kept tables in C files against the headers,
//! [`diag`] reports problems with file:line and the source line, [`findings`] renders
//! problems as CI annotations (GitHub workflow commands, SARIF), and `cli` (the default
//! `cli` feature) is the `deftab` command.
//!
//! # In a `build.rs`
//!
//! Generate a lookup table from the installed kernel headers at build time and include it:
//!
//! ```no_run
//! // build.rs
//! use deftab::render::Lang;
//! use deftab::TableSpec;
//!
//! fn main() -> Result<(), Box<dyn std::error::Error>> {
//!     let code = TableSpec::new("fadvise_advice")
//!         .header("linux/fadvise.h")
//!         .define(r"POSIX_FADV_(\w+)")
//!         .generate(Lang::Rust)?;
//!     let out = std::path::Path::new(&std::env::var("OUT_DIR")?).join("fadvise.rs");
//!     std::fs::write(out, code)?;
//!     println!("cargo::rerun-if-changed=/usr/include/linux/fadvise.h");
//!     Ok(())
//! }
//! ```
//!
//! and in the crate: `include!(concat!(env!("OUT_DIR"), "/fadvise.rs"));`. The same spec,
//! checked here against the real header:
//!
//! ```
//! use deftab::render::Lang;
//! use deftab::TableSpec;
//!
//! let code = TableSpec::new("fadvise_advice")
//!     .header("linux/fadvise.h")
//!     .define(r"POSIX_FADV_(\w+)")
//!     .generate(Lang::Rust)?;
//! assert!(code.contains(r#"Some("WILLNEED")"#));
//! # Ok::<(), deftab::select::TableError>(())
//! ```

//! # The public API
//!
//! What a build script or another tool needs is re-exported here, at the crate root: a
//! table's description and its builder ([`TableSpec`], built into a [`Table`], or
//! [`TableError`]), the [`Session`] that reads headers for one [`Target`] with [`Options`]
//! ([`TARGETS`] lists the targets; [`Target::lookup`] takes any name `deftab targets`
//! accepts), the [`Constant`]s of a header, and [`render`] in a [`Lang`]. The stage modules
//! below stay public for deftab's own tests and tools; they are not a stable interface.
//!
//! A table for another machine in a few lines, from crate-root names only:
//!
//! ```
//! use deftab::{Lang, Options, Session, TableSpec, Target, render};
//!
//! let mut session = Session::new(Target::lookup("s390x")?, Options::default());
//! let table = TableSpec::new("fadvise_advice")
//!     .header("linux/fadvise.h")
//!     .define(r"POSIX_FADV_(\w+)")
//!     .build(&mut session)?;
//! assert!(table.entries.iter().any(|e| e.display == "DONTNEED" && e.value == 6));
//! let c = render(&table, Lang::C, None)?;
//! assert!(c.contains(r#"[6] = "DONTNEED","#));
//!
//! // Every constant of a header, each with its value or the reason it has none.
//! // (a `Diagnostic` renders like rustc with the session's files: `d.render(&session.sm)`)
//! let header = session.constants("linux/fadvise.h").map_err(|d| d.message)?;
//! assert!(header.constants.iter().any(|c| c.name == "POSIX_FADV_NOREUSE"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

#![deny(rustdoc::broken_intra_doc_links)]

#[cfg(feature = "cli")]
pub mod cli;
pub mod constant;
pub mod ctype;
pub mod decl;
pub mod diag;
pub mod drift;
pub mod evaluate;
pub mod explain;
pub mod findings;
pub mod generate;
pub mod header;
pub mod ioctl;
pub mod jobs;
pub mod layout;
pub mod lint;
pub mod namelist;
pub(crate) mod near;
pub mod parse;
pub mod preprocess;
pub mod render;
pub mod scan;
pub mod select;
pub mod source;
pub mod target;
pub mod verify;

pub use constant::{ConstKind, Constant};
pub use header::{HeaderConstants, Session};
pub use preprocess::Options;
pub use render::{Lang, Provenance, render};
pub use select::{ShapeProblem, Table, TableError, TableSpec};
pub use target::cargo::MachineError;
pub use target::{TARGETS, Target, UnknownTarget};
