//! `#include`, `#include_next`, `#import`: search paths and the multiple-include
//! optimisation (include guards, `#pragma once`).

use super::unit::{UnitPreprocessor, chain_dirs, is_hash, is_punct};
use super::{Cache, Options};
use crate::diag::Diagnostic;
use crate::scan::{self, Token, TokenKind};
use crate::source::{Loc, SourceMap};
use crate::target::Target;
use std::path::{Path, PathBuf};

/// The system directories: deftab's built-in compiler headers, then gcc's defaults for the
/// target unless the options name them: the cross sysroot `/usr/<triplet>/include` of a
/// target other than the host when it is installed, else `/usr/include/<triplet>` and
/// `/usr/include` (those that exist).
pub fn system_dirs(target: &Target, opts: &Options) -> Vec<PathBuf> {
    // deftab's own compiler headers come first, where gcc searches its private directory.
    let mut dirs = Vec::new();
    if !opts.without_builtin_headers {
        dirs.push(PathBuf::from(crate::target::include::DIR));
    }
    let sysroot = (!target.is_host())
        .then(|| target.cross_sysroot_include())
        .flatten();
    match (&opts.system_dirs, sysroot) {
        (Some(d), _) => dirs.extend(d.iter().cloned()),
        (None, Some(sysroot)) => dirs.push(sysroot),
        (None, None) => dirs.extend(
            [
                PathBuf::from("/usr/include").join(target.triplet),
                PathBuf::from("/usr/include"),
            ]
            .into_iter()
            .filter(|d| d.is_dir()),
        ),
    }
    dirs
}

/// The `<…>` chain: `-I` directories, then system directories.
pub fn angle_dirs(target: &Target, opts: &Options) -> Vec<PathBuf> {
    let mut d = opts.include_dirs.clone();
    d.extend(system_dirs(target, opts));
    d
}

/// The first `dirs[from..]` entry holding `name`, with its index.
pub fn search(
    exists: &mut dyn FnMut(&Path) -> bool,
    dirs: &[PathBuf],
    from: usize,
    name: &str,
) -> Option<(PathBuf, usize)> {
    dirs.iter().enumerate().skip(from).find_map(|(i, d)| {
        let p = d.join(name);
        exists(&p).then_some((p, i))
    })
}

/// [`search`], then, for an `asm/` header the options map to `asm-generic/` (a kernel
/// tree), headers_install's generated wrapper: `asm-generic/<name>`.
pub fn search_headers(
    exists: &mut dyn FnMut(&Path) -> bool,
    dirs: &[PathBuf],
    from: usize,
    name: &str,
    opts: &Options,
) -> Option<(PathBuf, usize)> {
    search(exists, dirs, from, name).or_else(|| {
        let base = name.strip_prefix("asm/")?;
        opts.asm_generic.iter().any(|n| n == base).then_some(())?;
        search(exists, dirs, 0, &format!("asm-generic/{base}"))
    })
}

/// Where the missing `asm/` header of a non-host target would be: its cross sysroot, or a
/// kernel tree.
pub fn missing_arch_hint(target: &Target, opts: &Options, name: &str) -> Option<String> {
    let needs_arch = name.starts_with("asm/") || name.starts_with("asm-generic/");
    (needs_arch && opts.system_dirs.is_none() && !target.is_host()).then(|| {
        format!(
            "{} has no cross sysroot /usr/{}/include: apt-get install linux-libc-dev-{}-cross, \
             or read a kernel tree with --kernel-tree DIR",
            target.name, target.cc_triplet, target.debian_arch
        )
    })
}

/// "`name` not found", listing where it was looked for.
pub fn not_found(loc: Option<Loc>, name: &str, dirs: &[PathBuf]) -> Diagnostic {
    let mut d = Diagnostic::error(loc, format!("header `{name}` not found"));
    if dirs.is_empty() {
        d = d.with_note("no include directories to search");
    }
    for dir in dirs {
        d = d.with_note(format!("searched: {}", dir.display()));
    }
    d
}

fn cached_exists(cache: &mut Cache, p: &Path) -> bool {
    if let Some(&e) = cache.exists.get(p) {
        return e;
    }
    let e = crate::target::include::exists(p);
    cache.exists.insert(p.to_path_buf(), e);
    e
}

/// `X` if the whole file is `#ifndef X` (or `#if !defined X`) … `#endif`: once `X` is
/// defined, including it again changes nothing.
pub fn detect_guard(sm: &SourceMap, tokens: &[Token]) -> Option<String> {
    let text = |i: usize| tokens.get(i).map(|t| sm.text(t.span));
    if !tokens.first().is_some_and(|t| is_hash(sm, t)) {
        return None;
    }
    let (name_at, line_end) = match text(1)? {
        "ifndef" => (2, 3),
        "if" if text(2)? == "!" && text(3)? == "defined" => {
            if text(4)? == "(" && text(6) == Some(")") {
                (5, 7)
            } else {
                (4, 5)
            }
        }
        _ => return None,
    };
    let name = tokens.get(name_at).filter(|t| t.kind == TokenKind::Ident)?;
    if tokens.get(line_end).is_some_and(|t| !t.at_bol()) {
        return None;
    }
    let mut depth = 1usize;
    let mut i = line_end;
    while i < tokens.len() {
        if tokens[i].at_bol() && is_hash(sm, &tokens[i]) {
            match text(i + 1) {
                Some("if" | "ifdef" | "ifndef") => depth += 1,
                Some("elif" | "else") if depth == 1 => return None,
                Some("endif") => {
                    depth -= 1;
                    if depth == 0 {
                        let rest_of_line = tokens[i + 2..].iter().take_while(|t| !t.at_bol());
                        let end = i + 2 + rest_of_line.count();
                        return (end >= tokens.len())
                            .then(|| scan::spelling(sm, name).into_owned());
                    }
                }
                _ => {}
            }
        }
        i += 1;
    }
    None
}

impl UnitPreprocessor<'_> {
    /// `#include`, `#include_next`, `#import`; `line` is the whole directive line.
    pub fn do_include(
        &mut self,
        line: &[Token],
        next: bool,
        import: bool,
    ) -> Result<(), Diagnostic> {
        let hash = line[0];
        let word = self.spell(&line[1]).into_owned();
        let rest = &line[2..];
        let arg = match rest.first() {
            Some(t) if t.kind == TokenKind::Str || is_punct(self.sm, t, "<") => rest.to_vec(),
            _ => self.expand_isolated(rest.to_vec())?,
        };
        let Some((name, angle)) = self.header_name(&arg) else {
            let d = Diagnostic::error(
                hash.origin,
                format!("#{word} expects \"FILENAME\" or <FILENAME>"),
            );
            return Err(self.with_chain(d));
        };
        if angle && self.opts.removed_includes.contains(&name) {
            return Ok(());
        }
        let Some((path, dir_index)) = self.find_include(&name, angle, next) else {
            let dirs = chain_dirs(self);
            let mut searched: Vec<PathBuf> = vec![];
            if !angle && !next {
                searched.push(self.current_dir());
            }
            searched.extend(dirs.iter().cloned());
            let mut d = not_found(Some(hash.origin), &name, &searched);
            if let Some(hint) = missing_arch_hint(self.target, self.opts, &name) {
                d = d.with_note(hint);
            }
            return Err(self.with_chain(d));
        };
        let id = self.load(&path, Some(hash.origin))?;
        let info = self.file_info(id)?;
        if self.is_once(id) {
            return Ok(());
        }
        if let Some(g) = &info.guard
            && self.lookup(g).is_some()
        {
            return Ok(());
        }
        if import {
            self.mark_once(id);
        }
        let key = (id, dir_index);
        let top_level = self.can_record();
        if self.try_replay(key) {
            return Ok(());
        }
        self.enter(id, dir_index, Some(hash.origin))?;
        self.start_recording(key, top_level);
        Ok(())
    }

    /// `name` read as gcc reads its implicit pre-include: searched like `#include <name>`,
    /// nothing when no directory has it.
    pub fn preinclude(&mut self, name: &str) -> Result<(), Diagnostic> {
        let Some((path, dir_index)) = self.find_include(name, true, false) else {
            return Ok(());
        };
        let id = self.load(&path, None)?;
        self.enter(id, dir_index, None)?;
        self.main_loop()
    }

    /// The directory of the current file (where `"…"` looks first).
    fn current_dir(&self) -> PathBuf {
        self.includes
            .frames
            .last()
            .and_then(|f| self.sm.path(f.file).parent())
            .map(Path::to_path_buf)
            .unwrap_or_default()
    }

    /// Where `#include` (`next`: `#include_next`) of `name` leads, and the index of the
    /// directory in the `<…>` chain.
    pub fn find_include(
        &mut self,
        name: &str,
        angle: bool,
        next: bool,
    ) -> Option<(PathBuf, Option<usize>)> {
        if Path::new(name).is_absolute() {
            return cached_exists(self.cache, Path::new(name)).then(|| (PathBuf::from(name), None));
        }
        let dirs = chain_dirs(self);
        let from = if next {
            self.includes
                .frames
                .last()
                .and_then(|f| f.dir_index)
                .map_or(0, |i| i + 1)
        } else {
            0
        };
        if !angle && !next {
            let p = self.current_dir().join(name);
            if cached_exists(self.cache, &p) {
                return Some((p, None));
            }
        }
        let cache = &mut *self.cache;
        let found = search(&mut |p| cached_exists(cache, p), &dirs, from, name);
        // headers_install's generated wrapper `asm/X.h`: `#include <asm-generic/X.h>`.
        let generic = || {
            let base = name.strip_prefix("asm/")?;
            self.opts
                .asm_generic
                .iter()
                .any(|n| n == base)
                .then_some(())?;
            let cache = &mut *self.cache;
            search(
                &mut |p| cached_exists(cache, p),
                &dirs,
                0,
                &format!("asm-generic/{base}"),
            )
        };
        found.or_else(generic).map(|(p, i)| (p, Some(i)))
    }

    /// `"name"` or `<name>` from tokens: the name and whether it is the `<…>` form.
    pub fn header_name(&self, tokens: &[Token]) -> Option<(String, bool)> {
        let first = tokens.first()?;
        if first.kind == TokenKind::Str {
            let s = self.spell(first);
            let inner = s.strip_prefix('"')?.strip_suffix('"')?;
            return Some((inner.to_string(), false));
        }
        if !is_punct(self.sm, first, "<") {
            return None;
        }
        let mut name = String::new();
        for (i, t) in tokens.iter().enumerate().skip(1) {
            if is_punct(self.sm, t, ">") {
                return (!name.is_empty()).then_some((name, true));
            }
            if i > 1 && t.space_before() {
                name.push(' ');
            }
            name.push_str(&self.spell(t));
        }
        None
    }
}
