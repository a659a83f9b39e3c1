//! The order of a header's constants when the files it includes contribute theirs
//! (`--included`): the unit's definition order, each included file's constants where the
//! main file includes it — never interleaved by offsets of different files.

use crate::constant::Constant;
use crate::scan::{self, TokenKind};
use crate::source::{FileId, SourceMap};

/// Sorts `constants` (the main file's, in any order, then included files' `#define`s in
/// definition order) so that an included file's constants stand at the `#include` of the
/// main file that brought them in.
pub fn unit_order(constants: &mut Vec<Constant>, main: FileId, sm: &SourceMap) {
    let includes = include_offsets(main, sm);
    let mut last_main = 0u32;
    let mut keyed: Vec<((u32, usize), Constant)> = Vec::with_capacity(constants.len());
    // Main-file constants come first in `constants` only for enumerators: walk the
    // definitions in order, placing each included one after the last main-file one.
    for (i, c) in constants.drain(..).enumerate() {
        let key = if c.loc.file == main {
            if c.kind == crate::constant::ConstKind::Define {
                last_main = c.loc.offset;
            }
            (c.loc.offset, 0)
        } else {
            let at = includes
                .iter()
                .copied()
                .find(|&o| o >= last_main)
                .unwrap_or(last_main);
            (at, i + 1)
        };
        keyed.push((key, c));
    }
    keyed.sort_by_key(|(k, _)| *k);
    constants.extend(keyed.into_iter().map(|(_, c)| c));
}

/// Offsets of the `#include`, `#include_next` and `#import` lines of a file.
fn include_offsets(file: FileId, sm: &SourceMap) -> Vec<u32> {
    let tokens = scan::scan(file, &sm.file(file).text).unwrap_or_default();
    tokens
        .windows(2)
        .filter(|w| {
            w[0].at_bol()
                && sm.text(w[0].span) == "#"
                && w[1].kind == TokenKind::Ident
                && matches!(sm.text(w[1].span), "include" | "include_next" | "import")
        })
        .map(|w| w[0].span.start)
        .collect()
}
