//! The pairs a tree's own `tools/perf/check-headers.sh` checks, read from the script: its
//! lists (`FILES=(…)` arrays, or the older `FILES='…'` strings), its `for` loops over them,
//! and its `check`, `check_2`, `beauty_check` and `check_ignore_some_hunks` calls with the
//! `diff` options they pass. `check` and `beauty_check` are followed through their bodies
//! (`file=$1`, `shift`, `check_2 PREFIX$file $file $*`), so the copy's directory is the
//! script's; `check_2` and `check_ignore_some_hunks` are what deftab re-implements.
//!
//! What the parser does not follow (a call inside an `if`, a loop over a list it does not
//! know, a `diff` option other than `-B` and `-I`) is an error at its line, never a pair
//! dropped or guessed.

use super::pairs::{Comparison, Pair};
use super::shell::{self, Command, Part, Token, Word};
use std::collections::HashMap;
use std::fmt;

/// The script, relative to a tree's root.
pub const SCRIPT: &str = "tools/perf/check-headers.sh";

/// A line of the script deftab cannot follow.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScriptError {
    pub line: usize,
    pub message: String,
}

impl fmt::Display for ScriptError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{SCRIPT}:{}: {}", self.line, self.message)
    }
}

/// The pairs `text` (a check-headers.sh) checks, in its order.
pub fn pairs(text: &str) -> Result<Vec<Pair>, ScriptError> {
    let commands =
        shell::commands(text).map_err(|(line, message)| ScriptError { line, message })?;
    let mut run = Run::default();
    run.block(&commands, &Frame::default())?;
    if run.pairs.is_empty() {
        return Err(ScriptError {
            line: 1,
            message: "no check, check_2, beauty_check or check_ignore_some_hunks call: not the \
                      script deftab reads"
                .into(),
        });
    }
    Ok(run.pairs)
}

/// The variables of a function call (or of the top level).
#[derive(Clone, Debug, Default)]
struct Frame {
    args: Vec<String>,
    vars: HashMap<String, Vec<String>>,
}

#[derive(Default)]
struct Run {
    /// Top-level lists: strings (split on blanks when expanded unquoted) and arrays.
    globals: HashMap<String, Value>,
    functions: HashMap<String, Vec<Command>>,
    pairs: Vec<Pair>,
}

#[derive(Clone, Debug)]
enum Value {
    Text(String),
    Array(Vec<String>),
}

fn error<T>(line: usize, message: impl Into<String>) -> Result<T, ScriptError> {
    Err(ScriptError {
        line,
        message: message.into(),
    })
}

impl Run {
    /// Runs `commands` (the top level or a function body) in `frame`.
    fn block(&mut self, commands: &[Command], frame: &Frame) -> Result<(), ScriptError> {
        let mut frame = frame.clone();
        let mut i = 0;
        while i < commands.len() {
            let c = &commands[i];
            i += 1;
            match c.head() {
                Some("for") => {
                    let end = block_end(commands, i, "do", "done", c.line)?;
                    self.for_loop(c, &commands[i..end], &frame)?;
                    i = end + 1;
                }
                Some("if") => {
                    let end = block_end(commands, i - 1, "if", "fi", c.line)?;
                    if let Some(call) = commands[i..end].iter().find(|c| self.is_call(c)) {
                        return error(
                            call.line,
                            "a check inside `if`: deftab does not follow conditionals",
                        );
                    }
                    i = end + 1;
                }
                Some("shift") => {
                    if !frame.args.is_empty() {
                        frame.args.remove(0);
                    }
                }
                _ if is_function(c) => {
                    let name = c.head().unwrap_or_default().to_string();
                    let end = brace_end(commands, i - 1, c.line)?;
                    self.functions.insert(name, commands[i..end].to_vec());
                    i = end + 1;
                }
                _ => self.simple(c, &mut frame)?,
            }
        }
        Ok(())
    }

    /// Whether `c` calls a function deftab follows or re-implements.
    fn is_call(&self, c: &Command) -> bool {
        c.head().is_some_and(|h| self.functions.contains_key(h))
    }

    /// An assignment or a call; anything else (`cd`, `echo`, `test`, `exit`) does not change
    /// the list.
    fn simple(&mut self, c: &Command, frame: &mut Frame) -> Result<(), ScriptError> {
        if let Some((name, value)) = self.assignment(c, frame)? {
            match frame.args.is_empty() && !frame.vars.contains_key(&name) {
                true => self.globals.insert(name, value),
                false => {
                    let words = match value {
                        Value::Text(t) => vec![t],
                        Value::Array(a) => a,
                    };
                    frame.vars.insert(name, words);
                    None
                }
            };
            return Ok(());
        }
        let Some(words) = c.words_from(0) else {
            return Ok(());
        };
        let Some(name) = words.first().and_then(|w| w.bare()) else {
            return Ok(());
        };
        if !self.functions.contains_key(name) {
            return Ok(());
        }
        let mut args = Vec::new();
        for w in &words[1..] {
            args.extend(self.expand(w, frame, c.line)?);
        }
        match name {
            "check_2" => self.check_2(&args, c.line),
            "check_ignore_some_hunks" => self.ignore_hunks(&args, c.line),
            _ => {
                let body = self.functions[name].clone();
                let call = Frame {
                    args,
                    vars: HashMap::new(),
                };
                // Reported at the call, where the list item or the options are written.
                self.block(&body, &call).map_err(|e| ScriptError {
                    line: c.line,
                    message: format!("{} (in `{name}`, line {})", e.message, e.line),
                })
            }
        }
    }

    /// `NAME=WORD` or `NAME=( WORD… )` (`local`/`declare` prefixes, `+=` appends ignored:
    /// only the failure list is built that way).
    fn assignment(
        &self,
        c: &Command,
        frame: &Frame,
    ) -> Result<Option<(String, Value)>, ScriptError> {
        let skip = usize::from(matches!(c.head(), Some("local")));
        let Some(Token::Word(first)) = c.tokens.get(skip) else {
            return Ok(None);
        };
        let Some(Part::Lit {
            text,
            quoted: false,
        }) = first.0.first()
        else {
            return Ok(None);
        };
        let Some((name, rest)) = text.split_once('=') else {
            return Ok(None);
        };
        if name.is_empty() || name.ends_with('+') || !is_name(name) {
            return Ok(None);
        }
        let mut value = Word(first.0.clone());
        value.0[0] = Part::Lit {
            text: rest.to_string(),
            quoted: false,
        };
        if c.tokens.get(skip + 1) == Some(&Token::Open) {
            let mut items = Vec::new();
            for t in &c.tokens[skip + 2..] {
                match t {
                    Token::Word(w) => items.extend(self.expand(w, frame, c.line)?),
                    Token::Close => break,
                    Token::Open => return error(c.line, "nested parentheses in an array"),
                }
            }
            return Ok(Some((name.to_string(), Value::Array(items))));
        }
        // An assignment is not split into fields.
        let text = self.expand_joined(&value, frame, c.line)?;
        Ok(Some((name.to_string(), Value::Text(text))))
    }

    /// `for VAR in WORDS…` / `do` … `done`, the body run once per word.
    fn for_loop(
        &mut self,
        c: &Command,
        body: &[Command],
        frame: &Frame,
    ) -> Result<(), ScriptError> {
        let Some(words) = c.words_from(1) else {
            return error(c.line, "a `for` deftab cannot read");
        };
        let (var, list) = match words.split_first() {
            Some((v, rest)) if rest.first().and_then(|w| w.bare()) == Some("in") => {
                (v.bare().unwrap_or_default().to_string(), &rest[1..])
            }
            _ => return error(c.line, "a `for` without `in`"),
        };
        let body = strip_do(body);
        if !body.iter().any(|b| self.is_call(b)) {
            // The failure report's loop, or any other loop that checks nothing.
            return Ok(());
        }
        let mut items = Vec::new();
        for w in list {
            items.extend(self.expand(w, frame, c.line)?);
        }
        for item in items {
            let mut f = frame.clone();
            f.vars.insert(var.clone(), vec![item]);
            self.block(&body, &f)?;
        }
        Ok(())
    }

    /// A word's fields: unquoted expansions split on blanks, `"${A[@]}"` and `"$@"` one
    /// field per element. A variable the script never set is an error (not an empty list).
    fn expand(&self, w: &Word, frame: &Frame, line: usize) -> Result<Vec<String>, ScriptError> {
        let mut fields: Vec<String> = Vec::new();
        let mut current: Option<String> = None;
        for p in &w.0 {
            match p {
                Part::Lit { text, .. } => current.get_or_insert_default().push_str(text),
                Part::Var { name, quoted, all } => {
                    let values = self.lookup(name, frame, line)?;
                    let split = !quoted;
                    let separate = *quoted && (*all || name == "@");
                    if separate {
                        for (k, v) in values.iter().enumerate() {
                            let cur = current.get_or_insert_default();
                            cur.push_str(v);
                            if k + 1 < values.len() {
                                fields.extend(current.take());
                            }
                        }
                        continue;
                    }
                    let joined = values.join(" ");
                    if !split {
                        current.get_or_insert_default().push_str(&joined);
                        continue;
                    }
                    let mut pieces = joined.split_whitespace();
                    if !joined.starts_with(char::is_whitespace)
                        && let Some(first) = pieces.next()
                    {
                        current.get_or_insert_default().push_str(first);
                    }
                    for piece in pieces {
                        fields.extend(current.take());
                        current = Some(piece.to_string());
                    }
                }
            }
        }
        fields.extend(current);
        Ok(fields)
    }

    /// A word expanded without field splitting (an assignment's value).
    fn expand_joined(&self, w: &Word, frame: &Frame, line: usize) -> Result<String, ScriptError> {
        let mut s = String::new();
        for p in &w.0 {
            match p {
                Part::Lit { text, .. } => s += text,
                Part::Var { name, .. } => s += &self.lookup(name, frame, line)?.join(" "),
            }
        }
        Ok(s)
    }

    fn lookup(&self, name: &str, frame: &Frame, line: usize) -> Result<Vec<String>, ScriptError> {
        if name == "*" || name == "@" {
            return Ok(frame.args.clone());
        }
        if let Ok(n) = name.parse::<usize>() {
            return Ok(frame
                .args
                .get(n.wrapping_sub(1))
                .cloned()
                .into_iter()
                .collect());
        }
        if let Some(v) = frame.vars.get(name) {
            return Ok(v.clone());
        }
        match self.globals.get(name) {
            Some(Value::Text(t)) => Ok(vec![t.clone()]),
            Some(Value::Array(a)) => Ok(a.clone()),
            None => error(line, format!("`${name}`: the script does not set it here")),
        }
    }

    /// `check_2 COPY ORIGINAL [OPTIONS…]`: the options joined and read again, as its
    /// `eval "diff $* …"` does.
    fn check_2(&mut self, args: &[String], line: usize) -> Result<(), ScriptError> {
        let [copy, original, options @ ..] = args else {
            return error(line, "check_2 needs a copy and an original");
        };
        let words = shell::eval_words(&options.join(" ")).or_else(|e| error(line, e))?;
        let rule = diff_rule(&words).or_else(|e| error(line, e))?;
        self.pairs.push(Pair {
            copy: copy.clone(),
            original: original.clone(),
            rule,
        });
        Ok(())
    }

    /// `check_ignore_some_hunks FILE`: `tools/FILE` against `FILE`, filtered by its hunks file.
    fn ignore_hunks(&mut self, args: &[String], line: usize) -> Result<(), ScriptError> {
        let [file] = args else {
            return error(line, "check_ignore_some_hunks takes one file");
        };
        self.pairs.push(Pair {
            copy: format!("tools/{file}"),
            original: file.clone(),
            rule: Comparison::IgnoreHunks,
        });
        Ok(())
    }
}

/// `diff`'s options as the script passes them: `-B` and `-I RE` (or `-IRE`).
fn diff_rule(words: &[String]) -> Result<Comparison, String> {
    let mut blank = false;
    let mut ignore = Vec::new();
    let mut i = 0;
    while i < words.len() {
        match words[i].as_str() {
            "-B" => blank = true,
            "-I" => {
                i += 1;
                let re = words.get(i).ok_or("diff -I without a pattern")?;
                ignore.push(re.clone());
            }
            w if w.starts_with("-I") => ignore.push(w[2..].to_string()),
            w => return Err(format!("diff option `{w}`: deftab knows -B and -I only")),
        }
        i += 1;
    }
    Ok(Comparison::Diff { blank, ignore })
}

fn is_name(s: &str) -> bool {
    s.chars().all(|c| c == '_' || c.is_ascii_alphanumeric())
        && !s.starts_with(|c: char| c.is_ascii_digit())
}

/// `NAME ( ) …`: a function definition.
fn is_function(c: &Command) -> bool {
    c.head().is_some_and(is_name) && c.tokens.get(1..3) == Some(&[Token::Open, Token::Close])
}

/// The index of the command closing the function whose definition is `commands[at]`: the
/// `}` that balances its `{` (on the definition's line or the next).
fn brace_end(commands: &[Command], at: usize, line: usize) -> Result<usize, ScriptError> {
    let mut depth = 0usize;
    for (k, c) in commands.iter().enumerate().skip(at) {
        let opens = c
            .tokens
            .iter()
            .filter(|t| matches!(t, Token::Word(w) if w.bare() == Some("{")))
            .count();
        depth += opens;
        if c.head() == Some("}") {
            depth = depth.saturating_sub(1);
            if depth == 0 {
                return Ok(k);
            }
        }
    }
    error(line, "a function without its closing `}`")
}

/// The index of the `close` keyword ending the block opened before `from` (`do`/`done`,
/// `if`/`fi`), nested blocks counted.
fn block_end(
    commands: &[Command],
    from: usize,
    open: &str,
    close: &str,
    line: usize,
) -> Result<usize, ScriptError> {
    let mut depth = 0usize;
    for (k, c) in commands.iter().enumerate().skip(from) {
        match c.head() {
            Some(h) if h == open => depth += 1,
            Some(h) if h == close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    return Ok(k);
                }
            }
            _ => {}
        }
    }
    error(line, format!("a block without its `{close}`"))
}

/// The loop body without its `do` (alone, or in front of the first command).
fn strip_do(body: &[Command]) -> Vec<Command> {
    let mut out = Vec::new();
    for c in body {
        if c.head() == Some("do") {
            if c.tokens.len() > 1 {
                out.push(Command {
                    line: c.line,
                    tokens: c.tokens[1..].to_vec(),
                });
            }
            continue;
        }
        out.push(c.clone());
    }
    out
}

#[cfg(test)]
mod tests;
