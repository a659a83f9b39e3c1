//! What would give a skipped constant a value.

use super::search;
use crate::evaluate::EvalError;
use crate::preprocess::MacroDef;
use std::path::{Path, PathBuf};

pub struct Context<'a> {
    pub name: &'a str,
    pub header: &'a Path,
    /// Include directories searched for other headers.
    pub roots: Vec<PathBuf>,
}

pub fn for_error(error: &EvalError, ctx: &Context) -> Vec<String> {
    let header = ctx.header.display();
    match error {
        EvalError::UnknownIdentifier(id) => {
            let found = search::index(&ctx.roots).definitions(id);
            match found.first() {
                Some(f) => vec![format!(
                    "`{id}` is defined in {}:{}, which {header} does not include; \
                     the header expects it to be included first, or pass -D {id}=VALUE",
                    f.header, f.line
                )],
                None => vec![format!(
                    "no {} defines `{id}`; if the kernel build provides it, pass -D {id}=VALUE",
                    search::roots_text(&ctx.roots)
                )],
            }
        }
        EvalError::NeedsLayout(what) => vec![format!(
            "{what} is incomplete or could not be parsed in this translation unit (declared \
             but not defined, or its header is not included); `deftab verify {header}` shows \
             what a C compiler makes of it"
        )],
        EvalError::Empty => vec![format!(
            "`{}` is defined to nothing: a flag for #ifdef, not a value",
            ctx.name
        )],
        EvalError::NotInteger(_) => {
            vec!["only integer constant expressions have a value in a table".into()]
        }
        EvalError::UndefinedEnum(tag) => vec![format!(
            "no enum {tag} is defined in this translation unit (its header is not included, or \
             it is only declared); `deftab verify {header}` shows what a C compiler makes of it"
        )],
        EvalError::Unsupported(_) => vec![format!(
            "a C compiler may give it a value deftab cannot compute; `deftab verify {header}` \
             shows what it makes of it"
        )],
        _ => vec![],
    }
}

/// How to get a value out of a function-like macro: call it.
pub fn function_like(m: &MacroDef) -> Vec<String> {
    let mut params: Vec<String> = m.params.clone().unwrap_or_default();
    if m.variadic && !m.named_variadic {
        params.push("...".into());
    }
    let call = format!("{}({})", m.name, params.join(", "));
    vec![format!(
        "`{call}` has a value only when called: put `#define MY_VALUE {call}` with real \
         arguments in a header that includes this one, then `deftab explain MY_VALUE that.h`"
    )]
}
