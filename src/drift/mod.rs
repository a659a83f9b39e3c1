//! Header drift: copies of kernel headers (under `tools/`) that fell out of sync with their
//! originals — found as `tools/perf/check-headers.sh` finds them, then explained as the
//! constants that changed.

mod bre;
pub mod check;
mod compare;
pub mod kbuild;
pub mod pairs;
pub mod plan;
pub mod script;
mod shell;
mod unified;

pub use check::{CheckReport, check_headers, check_pairs};
pub use pairs::{Comparison, Pair};
pub mod findings;
pub mod impact;
pub mod pair_diff;
pub mod render;
pub mod semantic;
pub mod sync;
pub mod tables;
