//! `--jobs N`: how many threads [`crate::jobs::map_ordered`] uses (`dump`, `generate`).

use clap::Args;
use std::num::NonZeroUsize;

#[derive(Args, Debug, Clone, Copy)]
pub struct JobsArgs {
    /// Read headers on N threads (default: the number of available cores). The output is the
    /// same whatever N is.
    #[arg(short = 'j', long = "jobs", value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
}

impl JobsArgs {
    pub fn threads(&self) -> usize {
        self.jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

pub use crate::jobs::map_ordered;
