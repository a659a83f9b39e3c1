//! The syscall-table source ([`Syscalls`]): entries from a kernel `syscall*.tbl` read by
//! [`crate::target::syscall_tbl`], for users who have the table but no generated header.

use super::lines::chosen_inputs;
use super::{Entry, TableError, TableSpec, TextInput};
use crate::select::spec::Syscalls;
use crate::target::syscall_tbl::SyscallTbl;
use std::path::Path;

/// The entries of `source` in the table's headers (or the one it names), in file order.
pub(super) fn entries(
    source: &Syscalls,
    spec: &TableSpec,
    inputs: &[TextInput],
) -> Result<Vec<Entry>, TableError> {
    let chosen = chosen_inputs(inputs, source.header, |i| {
        format!(
            "table `{}`: syscalls: header {i} does not exist ({} header(s))",
            spec.name,
            inputs.len()
        )
    })?;
    let mut out = Vec::new();
    for input in chosen {
        let text = input.text.ok_or_else(|| {
            TableError::Header(format!("{}: syscall table not found", input.path))
        })?;
        let tbl = SyscallTbl::parse(Path::new(&input.path), text)?;
        for e in tbl.select_with(&source.abis, source.absent_abis)? {
            let value = e.nr + source.offset;
            let in_range = spec.filter.min.is_none_or(|m| value >= m)
                && spec.filter.max.is_none_or(|m| value <= m);
            if !in_range {
                continue;
            }
            out.push(Entry {
                value,
                name: e.name.clone(),
                display: e.name.clone(),
                file: input.path.clone(),
                line: e.line,
                text: Some(match source.offset {
                    0 => e.nr_text.clone(),
                    _ => value.to_string(),
                }),
            });
        }
    }
    if out.is_empty() {
        return Err(TableError::NoMatch {
            headers: inputs
                .iter()
                .map(|i| i.header)
                .collect::<Vec<_>>()
                .join(", "),
            pattern: format!("syscalls (ABIs {})", source.abis.join(",")),
            why: "selects no entry".into(),
        });
    }
    Ok(out)
}
