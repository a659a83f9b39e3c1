//! `--jobs N`: how many threads [`crate::jobs::map_ordered`] uses (`dump`, `generate`, `verify`).

use clap::Args;
use std::num::NonZeroUsize;

#[derive(Args, Debug, Clone, Copy)]
pub struct JobsArgs {
    /// Read headers on N threads (default: the number of available cores). The output is the
    /// same whatever N is.
    #[arg(short = 'j', long = "jobs", value_name = "N", value_parser = parse_jobs)]
    pub jobs: Option<NonZeroUsize>,
}

/// `-j N`: a number of threads, 1 or more (`-j 0` is not "as many as possible").
fn parse_jobs(s: &str) -> Result<NonZeroUsize, String> {
    match s.trim().parse::<usize>() {
        Ok(0) => Err("the number of threads must be 1 or more (omit -j for one per core)".into()),
        Ok(n) => Ok(NonZeroUsize::new(n).expect("not zero")),
        Err(_) => Err(format!("`{s}` is not a number of threads")),
    }
}

impl JobsArgs {
    pub fn threads(&self) -> usize {
        self.jobs
            .or_else(|| std::thread::available_parallelism().ok())
            .map_or(1, NonZeroUsize::get)
    }
}

pub use crate::jobs::map_ordered;
