//! Which header and which constants a table mirrors: the header found through the text
//! index, then an enum (by tag: the table's name, its size's sentinel, or the enum most of
//! its names belong to) or a `#define` family (by prefix).

use super::find::{FoundTable, Index, Tok};
use super::known::Known;
use crate::header::index::HeaderIndex;
use crate::scan::TokenKind;
use std::collections::HashMap;

/// The constants a table is checked against.
pub struct Family {
    /// `enum bpf_cmd`, `#define KEYCTL_*`.
    pub label: String,
    /// Indices in [`Known::constants`], in definition order; valued, no sentinels.
    pub members: Vec<usize>,
    /// An enum: every member counts, wherever its value. A `#define` family only counts
    /// the values around the table (its holes, and the values right after its end).
    pub closed: bool,
    /// What the table's names lack (`BPF_`).
    pub prefix: String,
}

/// A bound, count or mask rather than a value, for tables and name lists alike:
/// `__MAX_BPF_CMD` (`__*`), `PERF_COUNT_HW_MAX` (`*MAX`, `*_MAX_*`, `MAX_*`), `SIGRTMIN`,
/// `RLIM_NLIMITS`, `*_CNT`, `*_COUNT`, `*_LAST`, `*_FIRST`, `*_NUM`, `*_MASK`, `*_ALL`,
/// `NR_*`.
pub fn is_sentinel(name: &str) -> bool {
    const SUFFIXES: &[&str] = &[
        "MAX", "MIN", "NLIMITS", "_CNT", "_COUNT", "_LAST", "_FIRST", "_NUM", "_MASK", "_ALL",
    ];
    name.starts_with("__")
        || SUFFIXES.iter().any(|s| name.ends_with(s))
        || name.split('_').any(|w| w == "MAX" || w == "NR")
}

/// The names a table's entries, designators, size and offset suggest, with a weight.
pub fn candidates(t: &FoundTable) -> Vec<(String, usize)> {
    let mut out: Vec<(String, usize)> = vec![(format!("enum {}", t.name), 3)];
    let prefix = t.prefix.as_deref().unwrap_or("");
    let idents = |toks: &[Tok]| -> Vec<String> {
        toks.iter()
            .filter(|x| {
                x.kind == TokenKind::Ident
                    && !matches!(x.text.as_str(), "_IOC_NR" | "ilog2" | "defined")
            })
            .map(|x| x.text.clone())
            .collect()
    };
    for e in &t.entries {
        if let Some(text) = &e.text
            && is_identifier(text)
        {
            out.push((format!("{prefix}{text}"), 1));
        }
        if let Index::Expr(x) = &e.index {
            out.extend(idents(x).into_iter().map(|n| (n, 1)));
        }
    }
    for toks in [&t.size, &t.offset].into_iter().flatten() {
        out.extend(idents(toks).into_iter().map(|n| (n, 2)));
    }
    out
}

/// `GETLK`, `BPF_PROG_LOAD`: written like a constant's name.
pub fn is_upper_name(s: &str) -> bool {
    is_identifier(s) && !s.chars().any(|c| c.is_ascii_lowercase())
}

pub fn is_identifier(s: &str) -> bool {
    s.chars()
        .next()
        .is_some_and(|c| c.is_ascii_alphabetic() || c == '_')
        && s.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
}

/// The header whose names the table uses most, or why there is none. An `asm-generic/X.h`
/// is read as `asm/X.h` when the target has one (the architecture's values win), unless
/// the C file includes it by its `asm-generic/` name (perf's ioctl.c: `<uapi/asm-generic/
/// ioctls.h>`, as its compiler reads it on every architecture).
pub fn choose_header(
    t: &FoundTable,
    decl: Option<&super::manifest::Declaration>,
    index: &HeaderIndex,
    asm_generic: &[String],
) -> Result<String, String> {
    let mut cands = candidates(t);
    if let Some(tag) = decl.and_then(|d| d.enum_tag.as_ref()) {
        cands.push((format!("enum {tag}"), 100));
    }
    let mut score: HashMap<&str, usize> = HashMap::new();
    for (name, weight) in &cands {
        for h in index.headers_of(name) {
            *score.entry(h).or_default() += weight;
        }
    }
    // With a prefix and descriptions for entries (not names: those must be found), the
    // header with the most names of that prefix.
    let descriptions = t.shape == super::find::Shape::Array
        && !t
            .entries
            .iter()
            .flat_map(|e| &e.text)
            .any(|s| is_upper_name(s));
    if let Some(p) = t.prefix.as_deref().filter(|p| !p.is_empty())
        && score.is_empty()
        && descriptions
    {
        score = index.headers_with_prefix(p);
    }
    // On a tie, the architecture's header (alpha's asm/signal.h has its own SIG_BLOCK)
    // over asm-generic's.
    let generic = |h: &str| h.starts_with("asm-generic/");
    let best = score
        .iter()
        .max_by(|a, b| {
            a.1.cmp(b.1)
                .then_with(|| generic(b.0).cmp(&generic(a.0)))
                .then_with(|| b.0.cmp(a.0))
        })
        .map(|(h, s)| (*h, *s));
    let explicit =
        decl.is_some() || t.prefix.is_some() || t.size.is_some() || t.shape_has_designators();
    let named = cands.len() - 1;
    let Some((header, s)) = best.filter(|(_, s)| explicit || *s * 2 >= named.max(1)) else {
        let what = match &t.prefix {
            Some(p) => format!("no header defines {p}<entry> for its entries"),
            None if named == 0 => {
                "its entries are not constant names and nothing gives a prefix (DEFINE_STRARRAY, a [[lint]] entry)".to_string()
            }
            None => "no header defines most of its entries as constants, and nothing gives a prefix (DEFINE_STRARRAY, a [[lint]] entry)".to_string(),
        };
        return Err(what);
    };
    let _ = s;
    if let Some(rest) = header.strip_prefix("asm-generic/")
        && !t.includes.iter().any(|i| i == header)
    {
        let asm = format!("asm/{rest}");
        if index.has_header(&asm) || asm_generic.iter().any(|g| g == rest) {
            return Ok(asm);
        }
    }
    Ok(header.to_string())
}

impl FoundTable {
    fn shape_has_designators(&self) -> bool {
        self.entries.iter().any(
            |e| matches!(&e.index, Index::Expr(x) if x.iter().any(|t| t.kind == TokenKind::Ident)),
        )
    }
}

/// The family of `t` among `known`'s constants, or why there is none.
pub fn family(
    t: &FoundTable,
    declared_enum: Option<&str>,
    known: &Known,
) -> Result<Family, String> {
    let named: Vec<usize> = candidates(t)
        .iter()
        .filter_map(|(n, _)| known.get(n).map(|(k, _)| k))
        .collect();
    let constants = &known.constants;
    // An enum: the table's own name as tag, its size's sentinel, or most of its names.
    let mut tags: HashMap<&str, usize> = HashMap::new();
    for &k in &named {
        if let Some(tag) = &constants[k].enum_tag {
            *tags.entry(tag).or_default() += 1;
        }
    }
    let by_size = t
        .size
        .iter()
        .flatten()
        .find_map(|x| known.get(&x.text)?.1.enum_tag.as_deref());
    let tag = declared_enum
        .or(by_size)
        .or_else(|| {
            constants
                .iter()
                .find(|c| c.enum_tag.as_deref() == Some(&t.name))
                .and_then(|c| c.enum_tag.as_deref())
        })
        .or_else(|| {
            tags.iter()
                .filter(|(_, n)| **n * 2 > named.len())
                .max_by_key(|(_, n)| **n)
                .map(|(t, _)| *t)
        });
    let usable = |c: &crate::Constant| c.value.is_ok() && !is_sentinel(&c.name);
    if let Some(tag) = tag {
        let members = enum_members(known, tag);
        let prefix = t
            .prefix
            .clone()
            .unwrap_or_else(|| common_prefix(members.iter().map(|&k| constants[k].name.as_str())));
        return Ok(Family {
            label: format!("enum {tag}"),
            members,
            closed: true,
            prefix,
        });
    }
    let prefix = match &t.prefix {
        Some(p) if !p.is_empty() => p.clone(),
        _ => common_prefix(named.iter().map(|&k| constants[k].name.as_str())),
    };
    if prefix.is_empty() {
        return full_names(t, &named, known);
    }
    let mut members: Vec<usize> = (0..constants.len())
        .filter(|&k| constants[k].name.starts_with(&prefix) && usable(&constants[k]))
        .collect();
    for m in block_mates(&named, &prefix, known) {
        if !members.contains(&m) {
            members.push(m);
        }
    }
    if members.is_empty() {
        return Err(format!(
            "{} has no valued constant named {prefix}*",
            known.header
        ));
    }
    Ok(Family {
        label: format!("#define {prefix}*"),
        members,
        closed: false,
        prefix,
    })
}

/// The members of `enum tag` that a table of it holds, in order: valued, and before the
/// sentinel that ends the table (`__MAX_BPF_CMD`, `PERF_COUNT_SW_MAX`; what an enum defines
/// after it, such as a flag OR'd into the command, is not a command). A sentinel before
/// the first member (`X_MIN`, `__X_FIRST`) only bounds.
fn enum_members(known: &Known, tag: &str) -> Vec<usize> {
    let constants = &known.constants;
    let mut members = Vec::new();
    for k in (0..constants.len()).filter(|&k| Known::in_enum(&constants[k], tag)) {
        let c = &constants[k];
        if is_sentinel(&c.name) {
            if !members.is_empty() && !c.name.ends_with("MIN") && !c.name.ends_with("FIRST") {
                break;
            }
            continue;
        }
        if c.value.is_ok() {
            members.push(k);
        }
    }
    members
}

/// The `#define`s written on the lines right next to the table's own constants (one
/// block: no blank or comment line between), that share the first word of the family's
/// prefix: `SECCOMP_GET_ACTION_AVAIL` under "Valid operations for seccomp syscall", beside
/// `SECCOMP_SET_MODE_FILTER`, is an operation a `SECCOMP_SET_MODE_` switch lacks.
fn block_mates(named: &[usize], prefix: &str, known: &Known) -> Vec<usize> {
    let word = match prefix.find('_') {
        Some(i) if i > 0 => &prefix[..=i],
        _ => return Vec::new(),
    };
    let constants = &known.constants;
    let mut lines: HashMap<(crate::source::FileId, u32), usize> = HashMap::new();
    for (k, c) in constants.iter().enumerate() {
        if c.kind == crate::constant::ConstKind::Define {
            lines.entry(known.place(k)).or_insert(k);
        }
    }
    let mut out = Vec::new();
    for &k in named {
        let (file, line) = known.place(k);
        for step in [-1i64, 1] {
            let mut at = i64::from(line) + step;
            while let Some(&m) = u32::try_from(at).ok().and_then(|l| lines.get(&(file, l))) {
                let c = &constants[m];
                if c.name.starts_with(word) && c.value.is_ok() && !is_sentinel(&c.name) {
                    out.push(m);
                }
                at += step;
            }
        }
    }
    out.sort_unstable();
    out.dedup();
    out
}

/// A table of whole constant names (`[_IOC_NR(TCGETS)] = "TCGETS", "TCSETS", …`): its
/// family is every constant of the files its names are defined in, the places of its
/// names then telling which lists it mirrors (see `compare`'s `Run`).
fn full_names(t: &FoundTable, named: &[usize], known: &Known) -> Result<Family, String> {
    let texts: Vec<&str> = t.entries.iter().filter_map(|e| e.text.as_deref()).collect();
    let whole = texts.iter().filter(|s| known.get(s).is_some()).count();
    if t.shape != super::find::Shape::Array || texts.is_empty() || whole * 2 < texts.len() {
        return Err(format!("its names in {} share no prefix", known.header));
    }
    let files: Vec<crate::source::FileId> = named.iter().map(|&k| known.place(k).0).collect();
    let constants = &known.constants;
    let members = (0..constants.len())
        .filter(|&k| {
            let c = &constants[k];
            files.contains(&known.place(k).0) && c.value.is_ok() && !is_sentinel(&c.name)
        })
        .collect();
    Ok(Family {
        label: format!("names in {}", known.header),
        members,
        closed: false,
        prefix: String::new(),
    })
}

/// The longest prefix ending in `_` that all `names` share ("" if none).
pub fn common_prefix<'a>(names: impl Iterator<Item = &'a str>) -> String {
    let mut prefix: Option<&str> = None;
    for n in names {
        prefix = Some(match prefix {
            None => n,
            Some(p) => {
                let len = p.bytes().zip(n.bytes()).take_while(|(a, b)| a == b).count();
                &p[..len]
            }
        });
    }
    let p = prefix.unwrap_or("");
    match p.rfind('_') {
        Some(i) => p[..=i].to_string(),
        None => String::new(),
    }
}
