//! The compiler's own headers (`<stddef.h>`, `<limits.h>`, `<stdarg.h>`, …), which gcc keeps
//! in its private include directory. deftab brings small freestanding versions written from
//! the C standard over the target's predefined macros, so headers that reach them work on any
//! machine, with or without gcc installed.

use std::path::Path;

/// The directory name these headers live under in include paths and diagnostics. It is
/// searched after `-I` and before the system directories, where gcc searches its own.
pub const DIR: &str = "<deftab-include>";

/// gcc's standard C headers (its `include/` directory without the target intrinsics,
/// `unwind.h` and the runtime libraries' headers).
const HEADERS: &[(&str, &str)] = &[
    ("float.h", include_str!("headers/float.h")),
    ("iso646.h", include_str!("headers/iso646.h")),
    ("limits.h", include_str!("headers/limits.h")),
    ("stdalign.h", include_str!("headers/stdalign.h")),
    ("stdarg.h", include_str!("headers/stdarg.h")),
    ("stdatomic.h", include_str!("headers/stdatomic.h")),
    ("stdbool.h", include_str!("headers/stdbool.h")),
    ("stddef.h", include_str!("headers/stddef.h")),
    ("stdint-gcc.h", include_str!("headers/stdint-gcc.h")),
    ("stdint.h", include_str!("headers/stdint.h")),
    ("stdnoreturn.h", include_str!("headers/stdnoreturn.h")),
    ("varargs.h", include_str!("headers/varargs.h")),
];

/// The text of a built-in header, given its path under [`DIR`].
pub fn text(path: &Path) -> Option<&'static str> {
    let name = path.strip_prefix(DIR).ok()?.to_str()?;
    HEADERS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Whether `path` names a file: a built-in header or a file on disk.
pub fn exists(path: &Path) -> bool {
    if path.starts_with(DIR) {
        text(path).is_some()
    } else {
        path.is_file()
    }
}
