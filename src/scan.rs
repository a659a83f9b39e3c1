//! Scanning: one file's text → preprocessing tokens (C11 translation phases 1–3).
//!
//! Backslash-newline splices are removed, comments become a single space, and the text is
//! cut into preprocessing tokens. Newlines are not tokens: a token records whether it starts
//! a line ([`Token::at_bol`]), which is all the preprocessor needs to find directives.
//! Scanning never fails on odd input: an unterminated string or character literal becomes
//! an [`TokenKind::Unterminated`] token (gcc accepts those in skipped `#if 0` blocks; the
//! preprocessor reports it where it matters). Only an unterminated comment is an error.

use crate::source::{FileId, Loc, SourceMap, Span};
use std::borrow::Cow;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TokenKind {
    /// Identifier or keyword (GNU: `$` allowed).
    Ident,
    /// pp-number: `0x1fUL`, `1e+5`, `.5`, `08` (validity is the evaluator's business).
    Number,
    /// Character constant, with optional `L`/`u`/`U`/`u8` prefix.
    Char,
    /// String literal, with optional prefix.
    Str,
    /// Punctuator: `(`, `<<=`, `##`, `...`, …
    Punct,
    /// A string or character literal missing its closing quote on its line.
    Unterminated,
    /// Any other single character (`@`, `\`, a stray non-ASCII char).
    Other,
}

/// A preprocessing token. `Copy`: its text lives in the [`crate::source::SourceMap`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Token {
    pub kind: TokenKind,
    /// Where the token's spelling is (the header, or a scratch file for invented tokens).
    pub span: Span,
    /// Where the token stands in the header text the user wrote: for tokens produced by a
    /// macro expansion, the position of the outermost macro invocation.
    pub origin: Loc,
    pub flags: u8,
}

impl Token {
    /// First token on its (logical) line.
    pub const AT_BOL: u8 = 1;
    /// Preceded by white space or a comment.
    pub const SPACE_BEFORE: u8 = 2;
    /// The spelling contains a line splice (`\` newline) and must be cleaned before use.
    pub const SPLICED: u8 = 4;
    /// Must never be expanded again (it named a macro that was being expanded: C11 6.10.3.4p2).
    pub const NO_EXPAND: u8 = 8;
    /// Produced by a macro expansion.
    pub const FROM_MACRO: u8 = 16;

    pub fn at_bol(&self) -> bool {
        self.flags & Token::AT_BOL != 0
    }
    pub fn space_before(&self) -> bool {
        self.flags & Token::SPACE_BEFORE != 0
    }
    pub fn has(&self, flag: u8) -> bool {
        self.flags & flag != 0
    }
}

/// A comment that never ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnterminatedComment {
    pub at: Loc,
}

/// Returns the spelling of a token with line splices removed (the common case borrows).
pub fn clean(text: &str) -> Cow<'_, str> {
    // Every splice starts with a backslash, and most text has none.
    if memchr::memchr(b'\\', text.as_bytes()).is_some()
        && (text.contains("\\\n") || text.contains("\\\r\n"))
    {
        Cow::Owned(text.replace("\\\r\n", "").replace("\\\n", ""))
    } else {
        Cow::Borrowed(text)
    }
}

/// The spelling of a token, splices removed.
pub fn spelling<'a>(sm: &'a SourceMap, tok: &Token) -> Cow<'a, str> {
    let text = sm.text(tok.span);
    if tok.has(Token::SPLICED) {
        clean(text)
    } else {
        Cow::Borrowed(text)
    }
}

/// Joins tokens into C text, one space where the source had white space (or where two
/// tokens would otherwise fuse into one).
pub fn render(sm: &SourceMap, tokens: &[Token]) -> String {
    let mut out = String::new();
    for (i, t) in tokens.iter().enumerate() {
        let s = spelling(sm, t);
        if i > 0 && (t.space_before() || would_fuse(&out, &s)) {
            out.push(' ');
        }
        out.push_str(&s);
    }
    out
}

/// Last characters of punctuators that a following punctuator character can extend (`+`
/// then `+` is `++`, `-` then `>` is `->`, `%` then `:` is `%:`) or start a comment with.
const PUNCT_END: &[u8] = b"+-<>&|=!*/%^#.:";
/// First characters of what can extend or follow a [`PUNCT_END`] into one token.
const PUNCT_CONTINUE: &[u8] = b"+-<>&|=*/#.:%";

/// Whether writing `next` right after `prev` would scan as different tokens.
fn would_fuse(prev: &str, next: &str) -> bool {
    let (Some(a), Some(b)) = (prev.bytes().last(), next.bytes().next()) else {
        return false;
    };
    let word = |c: u8| is_ident_continue(c) || c == b'.';
    (word(a) && (word(b) || b == b'\'' || b == b'"'))
        || (PUNCT_END.contains(&a) && PUNCT_CONTINUE.contains(&b))
        || (matches!(a, b'e' | b'E' | b'p' | b'P') && matches!(b, b'+' | b'-'))
}

struct Scanner<'a> {
    b: &'a [u8],
    i: usize,
    spliced: bool,
}

impl Scanner<'_> {
    /// Skips any line splices at the cursor.
    fn skip_splices(&mut self) {
        loop {
            if self.b.get(self.i) == Some(&b'\\') {
                match (self.b.get(self.i + 1), self.b.get(self.i + 2)) {
                    (Some(b'\n'), _) => {
                        self.i += 2;
                        self.spliced = true;
                        continue;
                    }
                    (Some(b'\r'), Some(b'\n')) => {
                        self.i += 3;
                        self.spliced = true;
                        continue;
                    }
                    _ => {}
                }
            }
            return;
        }
    }
    /// The byte at the cursor after splices (0 at end). Only a `\` can start a splice, so
    /// every other byte is its own answer.
    #[inline]
    fn peek(&mut self) -> u8 {
        match self.b.get(self.i) {
            Some(&b'\\') => {
                self.skip_splices();
                self.b.get(self.i).copied().unwrap_or(0)
            }
            Some(&c) => c,
            None => 0,
        }
    }
    /// The byte after the current one, looking through splices.
    fn peek2(&mut self) -> u8 {
        self.skip_splices();
        match self.b.get(self.i + 1) {
            Some(&b'\\') => {
                let save = (self.i, self.spliced);
                self.i += 1;
                let c = self.peek();
                (self.i, self.spliced) = save;
                c
            }
            Some(&c) => c,
            None => 0,
        }
    }
    /// Steps over the current byte (never past the end: a splice can end the text).
    #[inline]
    fn bump(&mut self) {
        if self.b.get(self.i) == Some(&b'\\') {
            self.skip_splices();
        }
        if self.i < self.b.len() {
            self.i += 1;
        }
    }
    /// Steps over bytes while `class` holds (through splices).
    #[inline]
    fn bump_while(&mut self, class: u8) {
        while BYTE_CLASS[self.peek() as usize] & class != 0 {
            self.i += 1;
        }
    }
}

/// Byte classes, a bit each (see [`BYTE_CLASS`]).
const IDENT_START: u8 = 1;
const IDENT_CONTINUE: u8 = 2;
const SPACE: u8 = 4;

/// The classes of every byte value: one lookup instead of a chain of comparisons.
static BYTE_CLASS: [u8; 256] = {
    let mut t = [0u8; 256];
    let mut c = 0;
    while c < 256 {
        let b = c as u8;
        if b.is_ascii_alphabetic() || b == b'_' || b == b'$' || b >= 0x80 {
            t[c] |= IDENT_START | IDENT_CONTINUE;
        }
        if b.is_ascii_digit() {
            t[c] |= IDENT_CONTINUE;
        }
        if matches!(b, b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c') {
            t[c] |= SPACE;
        }
        c += 1;
    }
    t
};

fn is_ident_start(c: u8) -> bool {
    BYTE_CLASS[c as usize] & IDENT_START != 0
}
fn is_ident_continue(c: u8) -> bool {
    BYTE_CLASS[c as usize] & IDENT_CONTINUE != 0
}

/// Scans one file into tokens.
pub fn scan(file: FileId, text: &str) -> Result<Vec<Token>, UnterminatedComment> {
    let mut s = Scanner {
        b: text.as_bytes(),
        i: 0,
        spliced: false,
    };
    // Headers average a token per 10–15 bytes (comments); dense text grows the vector.
    let mut out = Vec::with_capacity(text.len() / 8);
    let mut flags = Token::AT_BOL;
    loop {
        let c = s.peek();
        if s.i >= s.b.len() {
            break;
        }
        match c {
            b'\n' => {
                s.i += 1;
                flags = Token::AT_BOL;
                continue;
            }
            b' ' | b'\t' | b'\r' | b'\x0b' | b'\x0c' => {
                s.i += 1;
                s.bump_while(SPACE);
                flags |= Token::SPACE_BEFORE;
                continue;
            }
            b'/' => match s.peek2() {
                b'*' => {
                    skip_block_comment(&mut s, file)?;
                    flags |= Token::SPACE_BEFORE;
                    continue;
                }
                b'/' => {
                    skip_line_comment(&mut s);
                    flags |= Token::SPACE_BEFORE;
                    continue;
                }
                _ => {}
            },
            _ => {}
        }
        s.spliced = false;
        let start = s.i;
        let kind = scan_token(&mut s, c);
        if s.spliced {
            flags |= Token::SPLICED;
        }
        let span = Span {
            file,
            start: start as u32,
            end: s.i as u32,
        };
        out.push(Token {
            kind,
            span,
            origin: span.loc(),
            flags,
        });
        flags = 0;
    }
    // The tokens of every file stay in memory for the whole run: give back the spare room.
    out.shrink_to_fit();
    Ok(out)
}

/// From `/*` (at the cursor) to after `*/`; a splice may sit anywhere, even inside `*/`.
fn skip_block_comment(s: &mut Scanner, file: FileId) -> Result<(), UnterminatedComment> {
    let start = s.i;
    s.bump();
    s.bump();
    loop {
        // A splice holds no `*`: the next star is the next candidate end.
        let Some(star) = memchr::memchr(b'*', &s.b[s.i..]) else {
            return Err(UnterminatedComment {
                at: Loc {
                    file,
                    offset: start as u32,
                },
            });
        };
        s.i += star + 1;
        if s.peek() == b'/' {
            s.i += 1;
            return Ok(());
        }
    }
}

/// From `//` to the end of the line (not its newline); a spliced newline continues it.
fn skip_line_comment(s: &mut Scanner) {
    let b = s.b;
    let mut from = s.i;
    s.i = loop {
        let Some(n) = memchr::memchr(b'\n', &b[from..]) else {
            break b.len();
        };
        let nl = from + n;
        let spliced = (nl >= 1 && b[nl - 1] == b'\\')
            || (nl >= 2 && b[nl - 1] == b'\r' && b[nl - 2] == b'\\');
        if !spliced {
            break nl;
        }
        from = nl + 1;
    };
}

fn scan_token(s: &mut Scanner, c: u8) -> TokenKind {
    // Literal prefixes: L'x', u8"x", U"x"…
    if matches!(c, b'L' | b'u' | b'U') {
        let save = s.i;
        s.bump();
        if c == b'u' && s.peek() == b'8' {
            s.bump();
        }
        let q = s.peek();
        if q == b'\'' || q == b'"' {
            return scan_quoted(s, q);
        }
        s.i = save;
    }
    if is_ident_start(c) {
        s.i += 1;
        s.bump_while(IDENT_CONTINUE);
        return TokenKind::Ident;
    }
    if c.is_ascii_digit() || (c == b'.' && s.peek2().is_ascii_digit()) {
        s.bump();
        loop {
            let d = s.peek();
            if matches!(d, b'e' | b'E' | b'p' | b'P') && matches!(s.peek2(), b'+' | b'-') {
                s.bump();
                s.bump();
            } else if is_ident_continue(d) || d == b'.' {
                s.bump();
            } else {
                break;
            }
        }
        return TokenKind::Number;
    }
    if c == b'\'' || c == b'"' {
        return scan_quoted(s, c);
    }
    let len = punct_len(s, c);
    if len > 0 {
        for _ in 0..len {
            s.bump();
        }
        return TokenKind::Punct;
    }
    // One character (a whole UTF-8 sequence for non-ASCII).
    s.bump();
    while s.i < s.b.len() && (s.b[s.i] & 0xC0) == 0x80 {
        s.i += 1;
    }
    TokenKind::Other
}

/// The length in characters of the longest punctuator starting with `c` at the cursor
/// (0: none). The C punctuators are `[ ] ( ) { } . -> ++ -- & * + - ~ ! / % << >> < > <= >=
/// == != ^ | && || ? : ; ... = *= /= %= += -= <<= >>= &= ^= |= , # ## <: :> <% %> %: %:%:`.
fn punct_len(s: &mut Scanner, c: u8) -> usize {
    let next = |s: &mut Scanner, n: usize| lookahead(s, n);
    match c {
        b'[' | b']' | b'(' | b')' | b'{' | b'}' | b'~' | b'?' | b';' | b',' => 1,
        b'.' => match (next(s, 1), next(s, 2)) {
            (b'.', b'.') => 3,
            _ => 1,
        },
        b'-' => 1 + matches!(next(s, 1), b'>' | b'-' | b'=') as usize,
        b'+' => 1 + matches!(next(s, 1), b'+' | b'=') as usize,
        b'&' => 1 + matches!(next(s, 1), b'&' | b'=') as usize,
        b'|' => 1 + matches!(next(s, 1), b'|' | b'=') as usize,
        b'#' => 1 + (next(s, 1) == b'#') as usize,
        b':' => 1 + (next(s, 1) == b'>') as usize,
        b'=' | b'!' | b'*' | b'/' | b'^' => 1 + (next(s, 1) == b'=') as usize,
        b'<' | b'>' => match next(s, 1) {
            d if d == c => 2 + (next(s, 2) == b'=') as usize,
            b'=' => 2,
            b':' | b'%' if c == b'<' => 2,
            _ => 1,
        },
        b'%' => match next(s, 1) {
            b':' if next(s, 2) == b'%' && next(s, 3) == b':' => 4,
            b'=' | b'>' | b':' => 2,
            _ => 1,
        },
        _ => 0,
    }
}

/// The character `n` places after the cursor, looking through splices (0 past the end).
fn lookahead(s: &mut Scanner, n: usize) -> u8 {
    let save = (s.i, s.spliced);
    for _ in 0..n {
        s.bump();
    }
    let c = s.peek();
    (s.i, s.spliced) = save;
    c
}

fn scan_quoted(s: &mut Scanner, q: u8) -> TokenKind {
    s.bump();
    loop {
        let c = s.peek();
        if s.i >= s.b.len() || c == b'\n' {
            return TokenKind::Unterminated;
        }
        s.bump();
        if c == b'\\' {
            if s.i < s.b.len() && s.peek() != b'\n' {
                s.bump();
            }
        } else if c == q {
            return if q == b'"' {
                TokenKind::Str
            } else {
                TokenKind::Char
            };
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(text: &str) -> Vec<(TokenKind, String, u8)> {
        scan(FileId(0), text)
            .unwrap()
            .iter()
            .map(|t| {
                (
                    t.kind,
                    text[t.span.start as usize..t.span.end as usize].to_string(),
                    t.flags,
                )
            })
            .collect()
    }

    #[test]
    fn kinds_and_spellings() {
        use TokenKind::*;
        let t = toks("#define X(a) (0x1fUL<<=a) L'x' u8\"s\" .5e+3 ... a$b @");
        let got: Vec<_> = t.iter().map(|(k, s, _)| (*k, s.as_str())).collect();
        assert_eq!(
            got,
            vec![
                (Punct, "#"),
                (Ident, "define"),
                (Ident, "X"),
                (Punct, "("),
                (Ident, "a"),
                (Punct, ")"),
                (Punct, "("),
                (Number, "0x1fUL"),
                (Punct, "<<="),
                (Ident, "a"),
                (Punct, ")"),
                (Char, "L'x'"),
                (Str, "u8\"s\""),
                (Number, ".5e+3"),
                (Punct, "..."),
                (Ident, "a$b"),
                (Other, "@"),
            ]
        );
    }

    #[test]
    fn comments_splices_and_line_starts() {
        let t = toks("a /* x\n y */ b\\\nc\n  // z\n#d 'x' it's");
        let names: Vec<_> = t.iter().map(|(_, s, f)| (s.clone(), *f)).collect();
        assert_eq!(names[0], ("a".into(), Token::AT_BOL));
        assert_eq!(
            names[1],
            ("b\\\nc".into(), Token::SPACE_BEFORE | Token::SPLICED)
        );
        assert_eq!(names[2], ("#".into(), Token::AT_BOL));
        assert_eq!(clean(&names[1].0), "bc");
        assert_eq!(t[4].0, TokenKind::Char);
        assert_eq!(t[5].0, TokenKind::Ident);
        assert_eq!(t[6].0, TokenKind::Unterminated);
    }

    #[test]
    fn render_spaces_like_the_source_and_never_fuses() {
        let mut sm = SourceMap::new();
        let f = sm.add_virtual("r.h", "a  +b /**/ (x)".into());
        let toks = scan(f, &sm.file(f).text.clone()).unwrap();
        assert_eq!(render(&sm, &toks), "a +b (x)");
        let g = sm.add_virtual("s.h", "+\n+ a\nb -\n1".into());
        let mut toks = scan(g, &sm.file(g).text.clone()).unwrap();
        for t in &mut toks {
            t.flags &= !(Token::SPACE_BEFORE | Token::AT_BOL);
        }
        assert_eq!(render(&sm, &toks), "+ +a b-1");
    }

    #[test]
    fn an_escape_before_a_final_splice_stays_inside_the_text() {
        // Found by fuzzing: `"…\` + `\` newline at the very end.
        let text = "\"co\\\\\n";
        for t in scan(FileId(0), text).unwrap() {
            assert!(t.span.end as usize <= text.len(), "{t:?}");
        }
    }

    #[test]
    fn unterminated_comment_is_an_error() {
        let e = scan(FileId(3), "int a; /* never").unwrap_err();
        assert_eq!(
            e.at,
            Loc {
                file: FileId(3),
                offset: 7
            }
        );
    }

    #[test]
    fn splice_inside_directive_keeps_one_line() {
        let t = toks("#define A 1 \\\n  + 2\nB");
        let bol: Vec<_> = t
            .iter()
            .filter(|t| t.2 & Token::AT_BOL != 0)
            .map(|t| t.1.clone())
            .collect();
        assert_eq!(bol, vec!["#", "B"]);
    }
}
