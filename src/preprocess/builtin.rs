//! Built-in macros: the target's predefined set, `-D`/`-U`, the dynamic ones (`__LINE__`…)
//! and the `__has_attribute`/`__has_builtin` answers.

use super::unit::{Shared, UnitPreprocessor};
use super::{CmdMacro, MacroTable, Predefined};
use crate::diag::Diagnostic;
use std::borrow::Cow;
use std::rc::Rc;

/// `__DATE__`, fixed so output is reproducible (gcc honours `SOURCE_DATE_EPOCH` the same
/// way); this is the Unix epoch.
pub const DATE: &str = "\"Jan  1 1970\"";
/// `__TIME__`, fixed (the Unix epoch).
pub const TIME: &str = "\"00:00:00\"";
/// `__TIMESTAMP__`, fixed (the Unix epoch).
pub const TIMESTAMP: &str = "\"Thu Jan  1 00:00:00 1970\"";

/// Macros computed at each use; they are not in the macro table (gcc's `-dM` omits them
/// too) but `defined` sees them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dynamic {
    File,
    Line,
    Counter,
    IncludeLevel,
    BaseFile,
    Date,
    Time,
    Timestamp,
}

pub fn dynamic(name: &str) -> Option<Dynamic> {
    Some(match name {
        "__FILE__" => Dynamic::File,
        "__LINE__" => Dynamic::Line,
        "__COUNTER__" => Dynamic::Counter,
        "__INCLUDE_LEVEL__" => Dynamic::IncludeLevel,
        "__BASE_FILE__" => Dynamic::BaseFile,
        "__DATE__" => Dynamic::Date,
        "__TIME__" => Dynamic::Time,
        "__TIMESTAMP__" => Dynamic::Timestamp,
        _ => return None,
    })
}

impl Dynamic {
    /// The name of a built-in whose value depends on where it is expanded (`__BASE_FILE__`
    /// and the fixed date and time do not).
    pub fn position_dependent(self) -> Option<&'static str> {
        match self {
            Dynamic::File => Some("__FILE__"),
            Dynamic::Line => Some("__LINE__"),
            Dynamic::Counter => Some("__COUNTER__"),
            Dynamic::IncludeLevel => Some("__INCLUDE_LEVEL__"),
            Dynamic::BaseFile | Dynamic::Date | Dynamic::Time | Dynamic::Timestamp => None,
        }
    }
}

/// Operators that only exist in `#if` but that `#ifdef` reports as defined (as gcc does).
pub fn is_operator_name(name: &str) -> bool {
    matches!(
        name,
        "__has_include"
            | "__has_include_next"
            | "__has_attribute"
            | "__has_cpp_attribute"
            | "__has_builtin"
    )
}

/// `__has_attribute(name)` as gcc 12 answers in C: the C2x standard attributes give their
/// date, GNU attributes 1, anything else 0. The list covers the attributes gcc 12 knows that
/// headers commonly test (checked against gcc 12.2); unknown names give 0.
pub fn has_attribute(name: &str) -> u32 {
    let name = name
        .strip_prefix("__")
        .and_then(|n| n.strip_suffix("__"))
        .unwrap_or(name);
    match name {
        "deprecated" | "fallthrough" | "maybe_unused" => 201904,
        "nodiscard" => 202003,
        "packed"
        | "aligned"
        | "unused"
        | "used"
        | "noreturn"
        | "always_inline"
        | "noinline"
        | "const"
        | "pure"
        | "section"
        | "weak"
        | "alias"
        | "format"
        | "format_arg"
        | "cold"
        | "hot"
        | "nonnull"
        | "warn_unused_result"
        | "visibility"
        | "may_alias"
        | "mode"
        | "transparent_union"
        | "designated_init"
        | "nonstring"
        | "access"
        | "error"
        | "warning"
        | "malloc"
        | "alloc_size"
        | "alloc_align"
        | "cleanup"
        | "constructor"
        | "destructor"
        | "externally_visible"
        | "flatten"
        | "gnu_inline"
        | "leaf"
        | "no_instrument_function"
        | "noclone"
        | "nothrow"
        | "optimize"
        | "returns_nonnull"
        | "returns_twice"
        | "sentinel"
        | "target"
        | "vector_size"
        | "copy"
        | "unavailable"
        | "no_sanitize"
        | "no_sanitize_address"
        | "noipa"
        | "retain"
        | "artificial"
        | "assume_aligned"
        | "fd_arg"
        | "no_stack_protector"
        | "noinit"
        | "persistent"
        | "scalar_storage_order"
        | "symver"
        | "tls_model"
        | "weakref"
        | "ifunc"
        | "no_reorder"
        | "no_split_stack"
        | "noplt"
        | "patchable_function_entry"
        | "stack_protect"
        | "zero_call_used_regs"
        | "interrupt"
        | "ms_abi"
        | "sysv_abi"
        | "regparm"
        | "stdcall"
        | "cdecl"
        | "fastcall"
        | "thiscall"
        | "naked"
        | "common"
        | "nocommon"
        | "warn_if_not_aligned"
        | "no_icf"
        | "noinline_"
        | "simd"
        | "target_clones"
        | "no_profile_instrument_function"
        | "no_address_safety_analysis"
        | "no_sanitize_thread"
        | "no_sanitize_undefined"
        | "no_sanitize_coverage" => 1,
        _ => 0,
    }
}

/// `__has_builtin(name)` as gcc 12 answers for the builtins headers commonly test
/// (checked against gcc 12.2; `__builtin_va_arg`, `__builtin_bit_cast` and
/// `__builtin_is_constant_evaluated` are 0 in gcc 12's C mode). Unknown names give 0.
pub fn has_builtin(name: &str) -> bool {
    matches!(
        name,
        "__builtin_expect"
            | "__builtin_expect_with_probability"
            | "__builtin_offsetof"
            | "__builtin_constant_p"
            | "__builtin_types_compatible_p"
            | "__builtin_choose_expr"
            | "__builtin_bswap16"
            | "__builtin_bswap32"
            | "__builtin_bswap64"
            | "__builtin_bswap128"
            | "__builtin_clz"
            | "__builtin_clzl"
            | "__builtin_clzll"
            | "__builtin_ctz"
            | "__builtin_ctzl"
            | "__builtin_ctzll"
            | "__builtin_popcount"
            | "__builtin_popcountl"
            | "__builtin_popcountll"
            | "__builtin_parity"
            | "__builtin_ffs"
            | "__builtin_ffsl"
            | "__builtin_ffsll"
            | "__builtin_unreachable"
            | "__builtin_trap"
            | "__builtin_memcpy"
            | "__builtin_memset"
            | "__builtin_memmove"
            | "__builtin_memcmp"
            | "__builtin_strlen"
            | "__builtin_object_size"
            | "__builtin_dynamic_object_size"
            | "__builtin_add_overflow"
            | "__builtin_sub_overflow"
            | "__builtin_mul_overflow"
            | "__builtin_add_overflow_p"
            | "__builtin_sub_overflow_p"
            | "__builtin_mul_overflow_p"
            | "__builtin_huge_val"
            | "__builtin_inf"
            | "__builtin_nan"
            | "__builtin_assume_aligned"
            | "__builtin_speculation_safe_value"
            | "__builtin_convertvector"
            | "__builtin_shuffle"
            | "__builtin_LINE"
            | "__builtin_FILE"
            | "__builtin_FUNCTION"
            | "__builtin_prefetch"
            | "__builtin_return_address"
            | "__builtin_frame_address"
            | "__builtin_alloca"
            | "__builtin_classify_type"
            | "__builtin_clear_padding"
    )
}

/// What gcc reads before every hosted unit, after the command line's macros, when the
/// include path has it (glibc's: `__STDC_IEC_559__`, `__STDC_ISO_10646__`, …).
pub const STDC_PREDEF: &str = "stdc-predef.h";

/// The `<command line>` file: `-D`/`-U` as directives, in order.
fn command_line_text(macros: &[CmdMacro]) -> String {
    let mut text = String::new();
    for m in macros {
        match m {
            CmdMacro::Define(d) => {
                let d = d.replace(['\n', '\r'], " ");
                match d.split_once('=') {
                    Some((name, value)) => text.push_str(&format!("#define {name} {value}\n")),
                    None => text.push_str(&format!("#define {d} 1\n")),
                }
            }
            CmdMacro::Undef(u) => text.push_str(&format!("#undef {u}\n")),
        }
    }
    text
}

/// The macro state after `<built-in>` (the target's predefined macros) and `<command line>`,
/// computed once per preprocessor.
pub fn predefined(shared: &mut Shared) -> Result<Rc<Predefined>, Diagnostic> {
    if let Some(p) = &shared.cache.predefined {
        return Ok(p.clone());
    }
    let (target, opts) = (shared.target, shared.opts);
    let builtin = shared
        .sm
        .add_virtual("<built-in>", target.predefs.to_string());
    let cmdline = shared
        .sm
        .add_virtual("<command line>", command_line_text(&opts.macros));
    let mut unit = UnitPreprocessor::new(shared.reborrow(), Cow::Owned(MacroTable::default()));
    for file in [builtin, cmdline] {
        unit.enter(file, None, None)?;
        unit.main_loop()?;
    }
    if !opts.without_stdc_predef {
        unit.preinclude(STDC_PREDEF)?;
    }
    let (out, macros) = unit.finish();
    if let Some(t) = out.tokens.first() {
        return Err(Diagnostic::error(
            t.origin,
            "predefined macros and -D options must contain only directives",
        ));
    }
    let p = Rc::new(Predefined {
        macros,
        history: out.history,
        diagnostics: out.diagnostics,
    });
    shared.cache.predefined = Some(p.clone());
    Ok(p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn command_line_follows_gcc() {
        let t = command_line_text(&[
            CmdMacro::Define("X".into()),
            CmdMacro::Define("Y=".into()),
            CmdMacro::Define("F(a)=a+1".into()),
            CmdMacro::Undef("Z".into()),
        ]);
        assert_eq!(t, "#define X 1\n#define Y \n#define F(a) a+1\n#undef Z\n");
    }

    #[test]
    fn attribute_names_with_underscores() {
        assert_eq!(has_attribute("__packed__"), 1);
        assert_eq!(has_attribute("fallthrough"), 201904);
        assert_eq!(has_attribute("no_such_thing"), 0);
    }
}
