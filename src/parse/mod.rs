//! Parsing declarations with lang-c: enums, typedefs, structs and unions.
//!
//! Input: the preprocessed tokens of one translation unit. Output: [`Declarations`], with
//! every position mapped back to the header the user wrote (token origins), and every
//! expression (enumerator initializers, array lengths, bit-field widths, `aligned(N)`) kept
//! as tokens for `evaluate`: this stage evaluates nothing.

mod attrs;
mod cache;
mod chunk;
mod collect;
mod driver;
mod enums;
mod fast;
mod records;
mod text;
mod types;

pub use crate::decl::{Declarations, EnumDecl, Enumerator, Expr, Field, RecordDecl};
use crate::scan::Token;
use crate::source::SourceMap;
pub use cache::Cache;

/// How to read types that depend on the target.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Whether plain `char` is signed (x86: yes; arm, powerpc, s390, riscv: no).
    pub char_signed: bool,
    /// Hand every declaration to lang-c, even the simple typedefs and enums read directly
    /// otherwise (slower; for cross-checking).
    pub lang_c_only: bool,
}

impl Default for Options {
    fn default() -> Options {
        Options {
            char_signed: true,
            lang_c_only: false,
        }
    }
}

/// Parses the declarations of a preprocessed translation unit (plain `char` signed, as on
/// x86; see [`parse_with`]).
pub fn parse(sm: &SourceMap, tokens: &[Token]) -> Declarations {
    parse_with(sm, tokens, Options::default())
}

/// Parses the declarations of a preprocessed translation unit.
pub fn parse_with(sm: &SourceMap, tokens: &[Token], options: Options) -> Declarations {
    driver::run(sm, tokens, options, &mut Cache::default())
}

/// [`parse_with`], reusing declarations `cache` read in earlier units of the same
/// [`SourceMap`] (a shared header's declarations come back as the same tokens).
pub fn parse_cached(
    sm: &SourceMap,
    tokens: &[Token],
    options: Options,
    cache: &mut Cache,
) -> Declarations {
    driver::run(sm, tokens, options, cache)
}

#[cfg(test)]
mod tests;
