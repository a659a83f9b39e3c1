//! The little of POSIX shell syntax `tools/perf/check-headers.sh` is written in: words with
//! their quoting (`'…'`, `"…"`, `\`), `$NAME` / `${NAME}` / `${NAME[@]}` / `$1` / `$*` / `$@`
//! expansions, comments, command separators and parentheses. Hand-written: no crate splits
//! shell into words while keeping which parts were quoted (which decides field splitting).

/// One piece of a word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// Literal text; `quoted` when it came from inside quotes or after a backslash.
    Lit { text: String, quoted: bool },
    /// `$NAME`, `${NAME}`, `${NAME[@]}` (`all`), `$1`, `$*`, `$@`; `quoted` inside `"…"`.
    Var {
        name: String,
        quoted: bool,
        all: bool,
    },
}

/// A shell word: its parts, before expansion.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Word(pub Vec<Part>);

impl Word {
    /// The word's text when it has no expansion and no quoting (a keyword or a name).
    pub fn bare(&self) -> Option<&str> {
        match self.0.as_slice() {
            [
                Part::Lit {
                    text,
                    quoted: false,
                },
            ] => Some(text),
            _ => None,
        }
    }
}

/// A token of a command.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Token {
    Word(Word),
    /// `(`, outside quotes.
    Open,
    /// `)`, outside quotes.
    Close,
}

/// A simple command: its tokens and the line it starts on (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Command {
    pub line: usize,
    pub tokens: Vec<Token>,
}

impl Command {
    /// The first word's bare text (`for`, `do`, `check`).
    pub fn head(&self) -> Option<&str> {
        match self.tokens.first() {
            Some(Token::Word(w)) => w.bare(),
            _ => None,
        }
    }

    /// The words after the first `skip` tokens, when they are all words.
    pub fn words_from(&self, skip: usize) -> Option<Vec<&Word>> {
        self.tokens
            .iter()
            .skip(skip)
            .map(|t| match t {
                Token::Word(w) => Some(w),
                _ => None,
            })
            .collect()
    }
}

/// Splits `text` into commands: a newline, `;`, `&`, `|`, `&&`, `||` or a redirection ends a
/// command, except inside parentheses (an array assignment spans lines). An unterminated
/// quote is an error with its line.
pub fn commands(text: &str) -> Result<Vec<Command>, (usize, String)> {
    let mut lx = Lexer {
        chars: text.chars().collect(),
        pos: 0,
        line: 1,
    };
    let mut out = Vec::new();
    let mut tokens = Vec::new();
    let mut start = 1;
    let mut depth = 0usize;
    while let Some(c) = lx.peek() {
        if tokens.is_empty() {
            start = lx.line;
        }
        match c {
            ' ' | '\t' | '\r' => lx.bump(),
            '\n' if depth > 0 => lx.bump(),
            '\n' | ';' | '&' | '|' | '<' | '>' => {
                lx.bump();
                if !tokens.is_empty() {
                    out.push(Command {
                        line: start,
                        tokens: std::mem::take(&mut tokens),
                    });
                }
            }
            '#' => lx.skip_comment(),
            '(' => {
                lx.bump();
                depth += 1;
                tokens.push(Token::Open);
            }
            ')' => {
                lx.bump();
                depth = depth.saturating_sub(1);
                tokens.push(Token::Close);
            }
            _ => tokens.push(Token::Word(lx.word()?)),
        }
    }
    if !tokens.is_empty() {
        out.push(Command {
            line: start,
            tokens,
        });
    }
    Ok(out)
}

/// Splits one string into words as `eval` does (quotes removed; `$` kept as text, since
/// check-headers.sh's option strings expand nothing).
pub fn eval_words(text: &str) -> Result<Vec<String>, String> {
    let commands = commands(text).map_err(|(_, e)| e)?;
    let mut out = Vec::new();
    for c in commands {
        for t in c.tokens {
            let Token::Word(w) = t else {
                return Err(format!("`{text}`: parentheses in diff options"));
            };
            let mut s = String::new();
            for p in w.0 {
                match p {
                    Part::Lit { text, .. } => s += &text,
                    Part::Var { name, .. } => {
                        return Err(format!("`{text}`: expands ${name} a second time"));
                    }
                }
            }
            out.push(s);
        }
    }
    Ok(out)
}

struct Lexer {
    chars: Vec<char>,
    pos: usize,
    line: usize,
}

impl Lexer {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).copied()
    }

    fn bump(&mut self) {
        if self.peek() == Some('\n') {
            self.line += 1;
        }
        self.pos += 1;
    }

    fn skip_comment(&mut self) {
        while self.peek().is_some_and(|c| c != '\n') {
            self.pos += 1;
        }
    }

    /// One word, up to an unquoted blank or operator.
    fn word(&mut self) -> Result<Word, (usize, String)> {
        let mut parts = Vec::new();
        let mut lit = String::new();
        let mut quoted_lit = String::new();
        let flush = |parts: &mut Vec<Part>, text: &mut String, quoted: bool| {
            if !text.is_empty() {
                parts.push(Part::Lit {
                    text: std::mem::take(text),
                    quoted,
                });
            }
        };
        while let Some(c) = self.peek() {
            match c {
                ' ' | '\t' | '\r' | '\n' | ';' | '&' | '|' | '<' | '>' | '(' | ')' => break,
                '\'' => {
                    flush(&mut parts, &mut lit, false);
                    let line = self.line;
                    self.bump();
                    loop {
                        match self.peek() {
                            None => return Err((line, "unterminated '…' string".into())),
                            Some('\'') => break,
                            Some(c) => {
                                quoted_lit.push(c);
                                self.bump();
                            }
                        }
                    }
                    self.bump();
                    flush(&mut parts, &mut quoted_lit, true);
                }
                '"' => {
                    flush(&mut parts, &mut lit, false);
                    self.double_quoted(&mut parts)?;
                }
                '\\' => {
                    self.bump();
                    match self.peek() {
                        Some('\n') => self.bump(),
                        Some(c) => {
                            flush(&mut parts, &mut lit, false);
                            parts.push(Part::Lit {
                                text: c.to_string(),
                                quoted: true,
                            });
                            self.bump();
                        }
                        None => lit.push('\\'),
                    }
                }
                '$' => match self.expansion(false) {
                    Some(var) => {
                        flush(&mut parts, &mut lit, false);
                        parts.push(var);
                    }
                    None => {
                        lit.push('$');
                        self.bump();
                    }
                },
                c => {
                    lit.push(c);
                    self.bump();
                }
            }
        }
        flush(&mut parts, &mut lit, false);
        Ok(Word(parts))
    }

    /// `"…"`: a backslash escapes only `$`, `` ` ``, `"`, `\` and a newline.
    fn double_quoted(&mut self, parts: &mut Vec<Part>) -> Result<(), (usize, String)> {
        let line = self.line;
        self.bump();
        let mut text = String::new();
        let first = parts.len();
        let flush = |parts: &mut Vec<Part>, text: &mut String| {
            if !text.is_empty() {
                parts.push(Part::Lit {
                    text: std::mem::take(text),
                    quoted: true,
                });
            }
        };
        loop {
            match self.peek() {
                None => return Err((line, "unterminated \"…\" string".into())),
                Some('"') => break,
                Some('\\') => {
                    self.bump();
                    match self.peek() {
                        Some('\n') => self.bump(),
                        Some(c @ ('$' | '`' | '"' | '\\')) => {
                            text.push(c);
                            self.bump();
                        }
                        _ => text.push('\\'),
                    }
                }
                Some('$') => match self.expansion(true) {
                    Some(var) => {
                        flush(parts, &mut text);
                        parts.push(var);
                    }
                    None => {
                        text.push('$');
                        self.bump();
                    }
                },
                Some(c) => {
                    text.push(c);
                    self.bump();
                }
            }
        }
        self.bump();
        flush(parts, &mut text);
        if parts.len() == first {
            // An empty "" is still a (quoted, empty) part: it makes a word.
            parts.push(Part::Lit {
                text: String::new(),
                quoted: true,
            });
        }
        Ok(())
    }

    /// `$NAME`, `${NAME}`, `${NAME[@]}`, `$1`, `$*`, `$@`, `$#` at the `$`; `None` (nothing
    /// consumed) when the `$` is literal text.
    fn expansion(&mut self, quoted: bool) -> Option<Part> {
        let next = *self.chars.get(self.pos + 1)?;
        let var = |name: String, all: bool| Part::Var { name, quoted, all };
        if matches!(next, '*' | '@' | '#' | '?') || next.is_ascii_digit() {
            self.pos += 2;
            return Some(var(next.to_string(), false));
        }
        if next == '{' {
            let close = self.chars[self.pos..].iter().position(|&c| c == '}')?;
            let inner: String = self.chars[self.pos + 2..self.pos + close].iter().collect();
            self.pos += close + 1;
            return Some(
                match inner.strip_suffix("[@]").or(inner.strip_suffix("[*]")) {
                    Some(name) => var(name.to_string(), true),
                    None => var(inner, false),
                },
            );
        }
        if !(next == '_' || next.is_ascii_alphabetic()) {
            return None;
        }
        self.pos += 1;
        let mut name = String::new();
        while let Some(c) = self
            .peek()
            .filter(|c| *c == '_' || c.is_ascii_alphanumeric())
        {
            name.push(c);
            self.pos += 1;
        }
        Some(var(name, false))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lit(text: &str, quoted: bool) -> Part {
        Part::Lit {
            text: text.into(),
            quoted,
        }
    }

    #[test]
    fn quoting_and_expansions_are_kept_apart() {
        let c = commands("check \"$i\" '-I \"^x\\/\"' -B # comment\nnext").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[1].line, 2);
        let words = c[0].words_from(0).unwrap();
        assert_eq!(words[0].bare(), Some("check"));
        assert_eq!(
            words[1].0,
            [Part::Var {
                name: "i".into(),
                quoted: true,
                all: false
            }]
        );
        assert_eq!(words[2].0, [lit("-I \"^x\\/\"", true)]);
        assert_eq!(words[3].bare(), Some("-B"));
    }

    #[test]
    fn an_array_assignment_is_one_command() {
        let c = commands("FILES=(\n  \"a.h\"\n  \"b.h\"\n)\nfor i in \"${FILES[@]}\"").unwrap();
        assert_eq!(c.len(), 2);
        assert_eq!(c[0].tokens.len(), 5);
        assert_eq!(c[0].tokens[1], Token::Open);
        assert_eq!(c[1].line, 5);
    }

    #[test]
    fn eval_removes_the_second_level_of_quotes() {
        let w = eval_words(r#"-I "^EXPORT_SYMBOL" -I"^SYM\(_LOCAL\)*" -I "[<\"]x.h" -B"#);
        assert_eq!(
            w.unwrap(),
            [
                "-I",
                "^EXPORT_SYMBOL",
                r"-I^SYM\(_LOCAL\)*",
                r#"-I"#,
                r#"[<"]x.h"#,
                "-B"
            ]
        );
        assert_eq!(
            eval_words(r#"-I "^.*\/\*.*$""#).unwrap(),
            ["-I", r"^.*\/\*.*$"]
        );
    }

    #[test]
    fn an_unterminated_quote_names_its_line() {
        assert_eq!(commands("a\nb 'c\n").unwrap_err().0, 2);
    }
}
