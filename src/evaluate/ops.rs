//! Binary operators of C expressions and their precedence (shared by both parsers).

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum BinOp {
    Mul,
    Div,
    Rem,
    Add,
    Sub,
    Shl,
    Shr,
    Lt,
    Gt,
    Le,
    Ge,
    Eq,
    Ne,
    BitAnd,
    BitXor,
    BitOr,
    LogAnd,
    LogOr,
}

impl BinOp {
    /// The operator a punctuator spells and its precedence (higher binds tighter).
    pub fn from_punct(p: &str) -> Option<(BinOp, u8)> {
        use BinOp::*;
        Some(match p {
            "*" => (Mul, 10),
            "/" => (Div, 10),
            "%" => (Rem, 10),
            "+" => (Add, 9),
            "-" => (Sub, 9),
            "<<" => (Shl, 8),
            ">>" => (Shr, 8),
            "<" => (Lt, 7),
            ">" => (Gt, 7),
            "<=" => (Le, 7),
            ">=" => (Ge, 7),
            "==" => (Eq, 6),
            "!=" => (Ne, 6),
            "&" => (BitAnd, 5),
            "^" => (BitXor, 4),
            "|" => (BitOr, 3),
            "&&" => (LogAnd, 2),
            "||" => (LogOr, 1),
            _ => return None,
        })
    }
}

/// Punctuators that can never appear in a constant expression (assignment, `++`, …).
pub fn is_forbidden_punct(p: &str) -> bool {
    matches!(
        p,
        "=" | "*="
            | "/="
            | "%="
            | "+="
            | "-="
            | "<<="
            | ">>="
            | "&="
            | "^="
            | "|="
            | "++"
            | "--"
            | "->"
            | "."
            | "{"
            | "}"
            | "["
            | "]"
            | ";"
            | "..."
            | "#"
            | "##"
            | "%:"
            | "%:%:"
            | "<:"
            | ":>"
            | "<%"
            | "%>"
    )
}

/// Deepest nesting of parentheses and unary operators `#if` accepts.
pub const MAX_DEPTH: usize = 256;

/// The same for C expressions, whose parser uses more stack per level (types, casts,
/// `sizeof` of arrays whose lengths are expressions): 128 levels stay far within a 2 MiB
/// thread stack even in a debug build.
pub const EXPR_MAX_DEPTH: usize = 128;
