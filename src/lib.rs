//! deftab turns the constants in C headers (`#define`s and enum members) into exact lookup
//! tables, reading the headers as a C compiler would, for any Linux target, without running
//! a compiler.
//!
//! The pipeline, one module per stage:
//!
//! 1. [`scan`]: bytes → preprocessing tokens;
//! 2. [`preprocess`]: directives, includes, macros, the [`target`]'s predefined macros;
//! 3. [`parse`]: lang-c reads the preprocessed declarations: enums, typedefs, records;
//! 4. [`evaluate`]: integer constant expressions, with the target's data model;
//! 5. `header` ties 1–4 together: a header in, its [`Constant`]s out;
//! 6. [`select`]: constants → a [`Table`] ([`TableSpec`] describes it);
//! 7. [`render`]: a table → C, Rust or JSON through askama templates;
//! 8. [`generate`]: a manifest of files and tables → files, written atomically or checked.
//!
//! [`verify`] cross-checks the result against a real compiler.

pub mod cli;
pub mod constant;
pub mod ctype;
pub mod diag;
pub mod drift;
pub mod evaluate;
pub mod generate;
pub mod header;
pub mod parse;
pub mod preprocess;
pub mod render;
pub mod scan;
pub mod select;
pub mod source;
pub mod target;
pub mod verify;

pub use constant::{ConstKind, Constant};
pub use select::{Table, TableSpec};
