//! A header in, its constants out: stages 1–4 wired together.
//!
//! [`Session`] holds what is shared by every header of one run (the source map, the target,
//! the preprocessor and its scanned-file cache); [`Session::constants`] reads one header as a
//! translation unit and returns every `#define` and enumerator written in that header itself,
//! in source order, each evaluated or with the reason it could not be.

use crate::constant::{ConstKind, Constant, Skipped};
use crate::ctype::{IntRank, IntType};
use crate::diag::Diagnostic;
use crate::evaluate::{EvalError, Evaluator, Layouts, Value};
use crate::ioctl::{self, IocLayout, Ioctl};
use crate::layout::{LayoutEngine, RecordSize};
use crate::parse::{self, Declarations};
use crate::preprocess::{MacroDef, MacroEvent, ObjectLike, Options, Output, Preprocessor};
use crate::scan::{self, Token};
use crate::source::{FileId, Loc, SourceMap};
use crate::target::Target;
use std::collections::HashMap;
use std::path::PathBuf;
use std::rc::Rc;

pub mod index;
mod order;

/// Everything one run shares across headers.
pub struct Session {
    pub sm: SourceMap,
    pub target: &'static Target,
    pub preprocessor: Preprocessor<'static>,
    /// [`crate::source::content_hash`] of files, computed once (tables share headers).
    hashes: HashMap<FileId, u64>,
    /// Also take the `#define`s of the files the header includes (the syscall numbers of
    /// `asm/unistd.h` live in `asm/unistd_64.h` or `asm-generic/unistd.h`).
    pub defines_of_included: bool,
    /// Declarations already parsed, reused by later units that include the same headers.
    parse_cache: parse::Cache,
}

/// One header read as a translation unit.
pub struct Unit {
    pub path: PathBuf,
    pub file: FileId,
    /// The preprocessed translation unit.
    pub preprocessed: Output,
    pub decls: Declarations,
}

/// The constants of one header, and what went wrong on the way (warnings and non-fatal
/// errors of every stage, in order).
pub struct HeaderConstants {
    pub unit: Unit,
    pub constants: Vec<Constant>,
    /// Constants built with `_IOC` (by name), decoded with the unit's own `_IOC_*` layout.
    pub ioctls: HashMap<String, Ioctl>,
    /// The tagged structs and unions defined in the header itself, in source order.
    pub records: Vec<RecordSize>,
    pub diagnostics: Vec<Diagnostic>,
}

impl Session {
    pub fn new(target: &'static Target, options: Options) -> Session {
        Session {
            sm: SourceMap::new(),
            target,
            preprocessor: Preprocessor::new(target, options),
            hashes: HashMap::new(),
            parse_cache: parse::Cache::default(),
            defines_of_included: false,
        }
    }

    /// The content hash of a loaded file (for provenance), computed once per file.
    pub fn content_hash(&mut self, file: FileId) -> u64 {
        let sm = &self.sm;
        *self
            .hashes
            .entry(file)
            .or_insert_with(|| crate::source::content_hash(&sm.file(file).text))
    }

    /// Preprocesses and parses `header` (a path, or a name found like `#include <NAME>`).
    pub fn read(&mut self, header: &str) -> Result<Unit, Diagnostic> {
        let path = self.preprocessor.find_header(header)?;
        self.read_path(path)
    }

    /// Preprocesses and parses the file at `path` (on disk, or added to the source map).
    fn read_path(&mut self, path: PathBuf) -> Result<Unit, Diagnostic> {
        let preprocessed = self.preprocessor.run(&mut self.sm, &path)?;
        let file = *preprocessed.files.first().ok_or_else(|| {
            Diagnostic::error(
                None,
                format!("{}: the preprocessor entered no file", path.display()),
            )
        })?;
        let options = parse::Options {
            char_signed: self.target.model.char_signed,
            ..parse::Options::default()
        };
        let decls = parse::parse_cached(
            &self.sm,
            &preprocessed.tokens,
            options,
            &mut self.parse_cache,
        );
        Ok(Unit {
            path,
            file,
            preprocessed,
            decls,
        })
    }

    /// Reads `header` and evaluates every constant written in it, struct layouts included.
    pub fn constants(&mut self, header: &str) -> Result<HeaderConstants, Diagnostic> {
        let unit = self.read(header)?;
        let layouts = LayoutEngine::with_pack_pragmas(unit.preprocessed.pack_pragmas.clone());
        self.constants_of(unit, &layouts, None)
    }

    /// As [`Session::constants`], with another source of record layouts
    /// ([`crate::evaluate::NoLayouts`]: none).
    pub fn constants_with(
        &mut self,
        header: &str,
        layouts: &dyn Layouts,
    ) -> Result<HeaderConstants, Diagnostic> {
        let unit = self.read(header)?;
        self.constants_of(unit, layouts, None)
    }

    /// The constants of the whole translation unit, like `gcc -E -dM`: every macro still
    /// defined at the end of the unit (whichever file defined it, in definition order), then
    /// the enumerators of every file; only the macros whose name `wanted` accepts are
    /// evaluated and returned (a unit includes many).
    pub fn unit_constants(
        &mut self,
        header: &str,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<HeaderConstants, Diagnostic> {
        let unit = self.read(header)?;
        let layouts = LayoutEngine::with_pack_pragmas(unit.preprocessed.pack_pragmas.clone());
        self.constants_of(unit, &layouts, Some(wanted))
    }

    /// [`Session::unit_constants`] of a translation unit deftab wrote (`text`, known as
    /// `name`: a name no file has, used once per session).
    pub fn unit_constants_of_text(
        &mut self,
        name: &std::path::Path,
        text: String,
        wanted: &dyn Fn(&str) -> bool,
    ) -> Result<HeaderConstants, Diagnostic> {
        self.sm.add_virtual_at(name, text);
        let unit = self.read_path(name.to_owned())?;
        let layouts = LayoutEngine::with_pack_pragmas(unit.preprocessed.pack_pragmas.clone());
        self.constants_of(unit, &layouts, Some(wanted))
    }

    /// The header's own constants (`wanted` is `None`) or the whole unit's.
    fn constants_of(
        &mut self,
        unit: Unit,
        layouts: &dyn Layouts,
        wanted: Option<&dyn Fn(&str) -> bool>,
    ) -> Result<HeaderConstants, Diagnostic> {
        let whole_unit = wanted.is_some();
        let mut diagnostics = unit.preprocessed.diagnostics.clone();
        diagnostics.extend(unit.decls.diagnostics.iter().cloned());
        let (defines, expanded, ioc_macros) = self.expand_defines(&unit, wanted);

        let mut ev = Evaluator {
            sm: &self.sm,
            target: self.target,
            decls: &unit.decls,
            enum_values: Default::default(),
            layouts,
        };
        let mut constants = enumerators(&mut ev, &unit, whole_unit);
        constants.reserve(defines.len());
        for (d, exp) in defines.iter().zip(expanded) {
            constants.push(define_constant(&ev, d, exp));
        }
        if self.defines_of_included && !whole_unit {
            order::unit_order(&mut constants, unit.file, &self.sm);
        } else if !whole_unit {
            constants.sort_by_key(|c| c.loc.offset);
        }
        let ioctls = ioctls(&ev, &unit, &ioc_macros, &constants);
        let records = record_sizes(&ev, &unit, layouts);
        drop(ev);
        Ok(HeaderConstants {
            unit,
            constants,
            ioctls,
            records,
            diagnostics,
        })
    }

    /// The unit's `#define`s (those `wanted`, when given: a whole unit), the expansion of
    /// each object-like one, and the expansions of the `_IOC` layout macros. Expansion needs
    /// the source map mutably (scratch text), evaluation borrows it: so expansion comes first.
    #[allow(clippy::type_complexity)]
    fn expand_defines(
        &mut self,
        unit: &Unit,
        wanted: Option<&dyn Fn(&str) -> bool>,
    ) -> (
        Vec<DefineSite>,
        Vec<Option<Expansion>>,
        Vec<Option<Vec<Token>>>,
    ) {
        let mut defines = self.defines_of(unit, wanted.is_some());
        if let Some(wanted) = wanted {
            defines.retain(|d| matches!(d, DefineSite::Active(m) if wanted(&m.name)));
        }
        let mut objects = ObjectLike::new(&self.preprocessor.options);
        let mut expanded: Vec<Option<Expansion>> = Vec::with_capacity(defines.len());
        self.preprocessor.take_position_dependent();
        for d in &defines {
            expanded.push(match d {
                DefineSite::Active(m) if !m.is_function_like() => {
                    let tokens = self.expand_define(unit, &mut objects, m);
                    Some(Expansion {
                        tokens,
                        position_dependent: self.preprocessor.take_position_dependent(),
                    })
                }
                _ => None,
            });
        }
        let ioc_macros: Vec<Option<Vec<Token>>> = ioctl::LAYOUT_MACROS
            .iter()
            .map(|name| {
                let m = unit.preprocessed.macros.get(*name)?;
                self.expand_define(unit, &mut objects, m).ok()
            })
            .collect();
        (defines, expanded, ioc_macros)
    }

    /// What the name of the object-like macro `m` expands to with the unit's final macros.
    fn expand_define(
        &mut self,
        unit: &Unit,
        objects: &mut ObjectLike,
        m: &MacroDef,
    ) -> Result<Vec<Token>, Diagnostic> {
        let use_ = m.name_use();
        let macros = &unit.preprocessed.macros;
        if let Some(tokens) = objects.expand(&self.sm, macros, &m.name, use_.origin) {
            return Ok(tokens);
        }
        self.preprocessor
            .expand_memoized(&mut self.sm, macros, objects, &[use_])
    }

    /// The `#define`s written in the unit's main file (or in any file), in source order, each
    /// with its fate at the end of the unit (still active, redefined, or undefined).
    fn defines_of(&self, unit: &Unit, all_files: bool) -> Vec<DefineSite> {
        let mut out: Vec<DefineSite> = Vec::new();
        let mut latest: rustc_hash::FxHashMap<&str, usize> = Default::default();
        for ev in &unit.preprocessed.history {
            match ev {
                MacroEvent::Define(m)
                    if all_files
                        || m.loc.file == unit.file
                        || (self.defines_of_included
                            && unit.preprocessed.files.contains(&m.loc.file)) =>
                {
                    if let Some(&i) = latest.get(m.name.as_str()) {
                        let earlier = out[i].def().clone();
                        if same_definition(&earlier, m) && matches!(out[i], DefineSite::Active(_)) {
                            // A valid, identical redefinition (C11 6.10.3p2): one constant.
                            out.push(DefineSite::Duplicate(m.clone(), earlier.loc));
                            continue;
                        }
                        // Redefined differently in the same header: the earlier site is
                        // superseded.
                        out[i] = DefineSite::Superseded(earlier, m.loc);
                    }
                    latest.insert(&m.name, out.len());
                    let site = match unit.preprocessed.macros.get(m.name.as_str()) {
                        Some(active) if Rc::ptr_eq(active, m) || same_definition(active, m) => {
                            DefineSite::Active(m.clone())
                        }
                        Some(active) => DefineSite::Superseded(m.clone(), active.loc),
                        None => DefineSite::Undefined(m.clone(), None),
                    };
                    out.push(site);
                }
                MacroEvent::Undef { name, loc } => {
                    if let Some(&i) = latest.get(name.as_str())
                        && let DefineSite::Undefined(m, None) = &out[i]
                    {
                        out[i] = DefineSite::Undefined(m.clone(), Some(*loc));
                    }
                }
                _ => {}
            }
        }
        // In an included file, a definition that does not last is a detail of that file
        // (powerpc's asm/errno.h redefines asm-generic's EDEADLOCK), not a constant.
        out.retain(|site| {
            site.def().loc.file == unit.file
                || matches!(site, DefineSite::Active(_) | DefineSite::Duplicate(..))
        });
        out
    }
}

/// Same parameters and the same replacement list, white space aside.
fn same_definition(a: &MacroDef, b: &MacroDef) -> bool {
    let words = |t: &str| t.split_whitespace().collect::<Vec<_>>().join(" ");
    a.params == b.params && a.variadic == b.variadic && words(&a.text) == words(&b.text)
}

/// What an object-like macro's name expands to, and the position-dependent built-in
/// (`__LINE__`…) the expansion used, if any.
struct Expansion {
    tokens: Result<Vec<Token>, Diagnostic>,
    position_dependent: Option<&'static str>,
}

/// A `#define` of the main file and what became of it by the end of the unit.
enum DefineSite {
    /// Repeats an earlier identical definition (at the given position).
    Duplicate(Rc<MacroDef>, Loc),
    Active(Rc<MacroDef>),
    /// Redefined later (at the given position).
    Superseded(Rc<MacroDef>, Loc),
    /// `#undef`'d later (at the given position when it is known).
    Undefined(Rc<MacroDef>, Option<Loc>),
}

impl DefineSite {
    fn def(&self) -> &Rc<MacroDef> {
        match self {
            DefineSite::Active(m)
            | DefineSite::Duplicate(m, _)
            | DefineSite::Superseded(m, _)
            | DefineSite::Undefined(m, _) => m,
        }
    }
}

/// The unit's `#define`s built with `_IOC`, decoded with the layout its `_IOC_*` macros
/// give (none when they are not all defined).
fn ioctls(
    ev: &Evaluator,
    unit: &Unit,
    ioc_macros: &[Option<Vec<Token>>],
    constants: &[Constant],
) -> HashMap<String, Ioctl> {
    let ioc_values: Vec<Option<i128>> = ioc_macros
        .iter()
        .map(|t| t.as_ref().and_then(|t| ev.eval(t).ok()).map(|v| v.value))
        .collect();
    match IocLayout::from_values(&ioc_values) {
        Some(layout) => constants
            .iter()
            .filter(|c| c.kind == ConstKind::Define)
            .filter_map(|c| Some((c, c.value.as_ref().ok()?)))
            .filter(|(c, _)| ioctl::built_with_ioc(ev.sm, &unit.preprocessed.macros, &c.name))
            .map(|(c, v)| (c.name.clone(), layout.decode(v.value as u64)))
            .collect(),
        None => HashMap::new(),
    }
}

/// The sizes of the records the unit's own file declares (tagged ones), in file order.
fn record_sizes(ev: &Evaluator, unit: &Unit, layouts: &dyn Layouts) -> Vec<RecordSize> {
    let mut records: Vec<RecordSize> = unit
        .decls
        .records
        .values()
        .filter(|r| r.loc.file == unit.file && !r.tag.starts_with('<'))
        .map(|r| RecordSize {
            kind: r.kind,
            tag: r.tag.clone(),
            loc: r.loc,
            size: layouts.size_align(ev, r.kind, &r.tag, 0),
        })
        .collect();
    records.sort_by(|a, b| (a.loc.offset, &a.tag).cmp(&(b.loc.offset, &b.tag)));
    records
}

fn define_constant(ev: &Evaluator, site: &DefineSite, expanded: Option<Expansion>) -> Constant {
    let m = site.def();
    let skip = |error: EvalError, loc| Err(Skipped { error, loc });
    let (expanded, position_dependent) = match expanded {
        Some(e) => (Some(e.tokens), e.position_dependent),
        None => (None, None),
    };
    let value = match (site, expanded) {
        (DefineSite::Duplicate(_, first), _) => {
            skip(EvalError::IdenticalRedefinition, Some(*first))
        }
        (DefineSite::Superseded(_, at), _) => {
            skip(EvalError::NoValue("redefined later".into()), Some(*at))
        }
        (DefineSite::Undefined(_, at), _) => skip(EvalError::NoValue("#undef'd later".into()), *at),
        (DefineSite::Active(_), _) if m.is_function_like() => {
            skip(EvalError::NoValue("function-like macro".into()), None)
        }
        (DefineSite::Active(_), Some(Ok(_))) if let Some(name) = position_dependent => {
            skip(EvalError::PositionDependent(name), None)
        }
        (DefineSite::Active(_), Some(Ok(tokens))) => ev.eval(&tokens).map_err(|e| Skipped {
            error: e.error,
            loc: e.loc,
        }),
        (DefineSite::Active(_), Some(Err(d))) => skip(
            EvalError::Syntax(format!("expansion failed: {}", d.message)),
            d.loc,
        ),
        (DefineSite::Active(_), None) => skip(EvalError::Empty, None),
    };
    Constant {
        name: m.name.clone(),
        kind: ConstKind::Define,
        loc: m.loc,
        text: Some(m.text.clone()),
        enum_tag: None,
        value,
    }
}

/// Evaluates every enum of the unit in order (an enum of the main file may use constants
/// of an included one) and returns the enumerators written in the main file (or all).
fn enumerators<'a>(ev: &mut Evaluator<'a>, unit: &'a Unit, all_files: bool) -> Vec<Constant> {
    let mut out = Vec::new();
    ev.enum_values
        .reserve(unit.decls.enums.iter().map(|e| e.members.len()).sum());
    for e in &unit.decls.enums {
        let mut values: Vec<Result<Value, Skipped>> = Vec::with_capacity(e.members.len());
        for (i, m) in e.members.iter().enumerate() {
            let prev = i.checked_sub(1).map(|p| (&e.members[p].name, &values[p]));
            let value = match (&m.init, prev) {
                (Some(init), _) => ev.eval(init).map_err(|e| Skipped {
                    error: e.error,
                    loc: e.loc,
                }),
                (None, None) => Ok(Value {
                    value: 0,
                    ty: IntType::INT,
                }),
                (None, Some((_, Ok(p)))) => Ok(widen(ev, p.value + 1, p.ty)),
                (None, Some((name, Err(_)))) => Err(Skipped {
                    error: EvalError::NoValue(format!("follows `{name}`, which has no value")),
                    loc: None,
                }),
            };
            // Inside the braces a constant that fits `int` is an `int` (gcc's build_enumerator).
            let value = value.map(|v| {
                if ev.fits(v.value, IntType::INT) {
                    Value {
                        ty: IntType::INT,
                        ..v
                    }
                } else {
                    v
                }
            });
            if let Ok(v) = value {
                ev.enum_values.insert(&m.name, v);
            }
            values.push(value);
        }
        // After the closing brace, constants that do not fit `int` take the enum's type
        // (gcc's finish_enum).
        let (lo, hi) = values
            .iter()
            .filter_map(|v| v.as_ref().ok())
            .fold((0, 0), |(lo, hi), v| (v.value.min(lo), v.value.max(hi)));
        let ty = ev
            .enum_underlying_type(lo, hi, e.packed)
            .unwrap_or(IntType {
                rank: IntRank::LongLong,
                signed: lo < 0,
            });
        for (m, value) in e.members.iter().zip(values) {
            let value = value.map(|v| {
                if v.ty == IntType::INT {
                    v
                } else {
                    // Known with its type inside the braces until now (unless a later
                    // enumerator of the same name replaced it).
                    let after = Value { ty, ..v };
                    if let Some(known) = ev.enum_values.get_mut(m.name.as_str())
                        && *known == v
                    {
                        *known = after;
                    }
                    after
                }
            });
            if all_files || m.loc.file == unit.file {
                out.push(Constant {
                    name: m.name.clone(),
                    kind: ConstKind::Enumerator,
                    loc: m.loc,
                    text: m.init.as_ref().map(|t| scan::render(ev.sm, t)),
                    enum_tag: e.tag.clone(),
                    value,
                });
            }
        }
    }
    out
}

/// `v` in type `ty`, or in the first wider type that holds it (an implicit enumerator that
/// overflows its predecessor's type).
fn widen(ev: &Evaluator, v: i128, ty: IntType) -> Value {
    let ladder = [
        ty,
        IntType::UINT,
        IntType::LONG,
        IntType::ULONG,
        IntType::LLONG,
        IntType::ULLONG,
    ];
    let ty = ladder
        .into_iter()
        .find(|&t| ev.fits(v, t))
        .unwrap_or(IntType::ULLONG);
    Value { value: v, ty }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The evaluator's direct path gives the parser's value and type for every `#define`
    /// and enumerator of the installed linux/*.h it evaluates, and takes most of them.
    #[test]
    fn direct_evaluation_matches_the_parser() {
        let mut headers: Vec<_> = std::fs::read_dir("/usr/include/linux")
            .map(|d| d.filter_map(|e| Some(e.ok()?.path())).collect())
            .unwrap_or_default();
        headers.retain(|p| p.extension().is_some_and(|e| e == "h"));
        headers.sort();
        assert!(
            !headers.is_empty(),
            "no /usr/include/linux/*.h (linux-libc-dev)"
        );
        let mut session = Session::new(Target::default_target(), Options::default());
        let (mut direct, mut total) = (0, 0);
        for path in headers {
            let Ok(unit) = session.read_path(path) else {
                continue;
            };
            let macros = unit.preprocessed.macros.clone();
            let mut lists: Vec<Vec<Token>> = macros
                .values()
                .filter(|m| !m.is_function_like())
                .filter_map(|m| {
                    session
                        .preprocessor
                        .expand(&mut session.sm, &macros, &[m.name_use()])
                        .ok()
                })
                .collect();
            let layouts = LayoutEngine::with_pack_pragmas(unit.preprocessed.pack_pragmas.clone());
            let mut ev = Evaluator {
                sm: &session.sm,
                target: session.target,
                decls: &unit.decls,
                enum_values: Default::default(),
                layouts: &layouts,
            };
            // Known enum constants, as the headers' own evaluation has them.
            enumerators(&mut ev, &unit, true);
            let inits = unit.decls.enums.iter().flat_map(|e| &e.members);
            lists.extend(inits.filter_map(|m| m.init.clone()));
            for tokens in &lists {
                total += 1;
                let (fast, parsed) = ev.eval_both_ways(tokens);
                if let Some(v) = fast {
                    direct += 1;
                    let text = scan::render(&session.sm, tokens);
                    assert_eq!(Ok(v), parsed, "{text}");
                }
            }
        }
        assert!(direct * 10 > total * 7, "{direct} of {total} direct");
    }

    /// The expander given memoized object-like expansions gives exactly what it gives
    /// without them, for every object-like macro (`_IOR(…)` chains included).
    #[test]
    fn memoized_expander_matches_the_expander() {
        let mut session = Session::new(Target::default_target(), Options::default());
        let mut fn_like_uses = 0;
        for header in [
            "linux/input.h",
            "linux/fs.h",
            "linux/videodev2.h",
            "linux/kvm.h",
            "linux/perf_event.h",
            "linux/netfilter_ipv4/ip_tables.h",
        ] {
            let unit = session.read(header).expect("header reads");
            let macros = unit.preprocessed.macros.clone();
            let mut objects = ObjectLike::new(&session.preprocessor.options);
            for m in macros.values().filter(|m| !m.is_function_like()) {
                let use_ = m.name_use();
                let expected = session
                    .preprocessor
                    .expand(&mut session.sm, &macros, &[use_]);
                let memoized = session.preprocessor.expand_memoized(
                    &mut session.sm,
                    &macros,
                    &mut objects,
                    &[use_],
                );
                // Text invented on the way (`1 ## UL`) is appended to the scratch file
                // again by the second call: compare its spelling, not its place.
                let seen = |r: Result<Vec<Token>, Diagnostic>| {
                    r.map(|ts| {
                        ts.iter()
                            .map(|t| {
                                let text = scan::spelling(&session.sm, t).into_owned();
                                (t.kind, text, t.span.file, t.flags, t.origin)
                            })
                            .collect::<Vec<_>>()
                    })
                };
                assert_eq!(seen(memoized), seen(expected), "expansion of {}", m.name);
                fn_like_uses += usize::from(m.body.iter().any(|t| {
                    macros
                        .get(&*scan::spelling(&session.sm, t))
                        .is_some_and(|d| d.is_function_like())
                }));
            }
        }
        assert!(
            fn_like_uses > 500,
            "{fn_like_uses} uses of function-like macros"
        );
    }

    /// The memoized expansions are exactly the expander's, for every macro they cover.
    #[test]
    fn object_like_expansions_match_the_expander() {
        let mut session = Session::new(Target::default_target(), Options::default());
        let (mut memoized, mut general) = (0, 0);
        for header in [
            "linux/input.h",
            "linux/fs.h",
            "linux/if_ether.h",
            "linux/stat.h",
            "linux/videodev2.h",
        ] {
            let unit = session.read(header).expect("header reads");
            let macros = unit.preprocessed.macros.clone();
            let mut objects = ObjectLike::new(&session.preprocessor.options);
            for m in macros.values().filter(|m| !m.is_function_like()) {
                let use_ = m.name_use();
                let expected = session
                    .preprocessor
                    .expand(&mut session.sm, &macros, &[use_]);
                match objects.expand(&session.sm, &macros, &m.name, use_.origin) {
                    Some(tokens) => {
                        memoized += 1;
                        assert_eq!(Ok(tokens), expected, "expansion of {}", m.name);
                    }
                    None => general += 1,
                }
            }
        }
        // Both paths are exercised.
        assert!(
            memoized > 1000 && general > 100,
            "{memoized} memoized, {general} general"
        );
    }
}
