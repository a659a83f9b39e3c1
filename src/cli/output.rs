//! Writing to stdout and stderr: `deftab … | head` must end quietly, not with an error.

use std::io::{self, Write};

/// Writes `text` to stdout. A closed pipe is not an error: the reader has what it wanted.
/// Returns false when the output could not be written for another reason.
pub fn print(text: &str) -> bool {
    let mut out = io::stdout().lock();
    match out.write_all(text.as_bytes()).and_then(|_| out.flush()) {
        Ok(()) => true,
        Err(e) if e.kind() == io::ErrorKind::BrokenPipe => true,
        Err(e) => {
            eprintln!("deftab: cannot write output: {e}");
            false
        }
    }
}

/// Writes a message to stderr, ignoring failures (there is nowhere else to report them).
pub fn eprint(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}
