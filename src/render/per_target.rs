//! A [`PerTarget`] (one table per group of targets) → C, Rust or JSON, with a lookup by
//! architecture name: `errno_name("mips", 1133)` in C, `errno_name("mips", 1133)` in Rust.
//! Dense tables are arrays (shared by every target with the same numbering: syscall numbers
//! of powerpc64 and powerpc64le), the others `switch`/`match` functions; each has a `_name`
//! function the lookup calls.

use super::provenance::{add_exact_texts, table_comment, with_generator};
use super::{Lang, Provenance, render_c_array_name, render_in_file, view::types};
use crate::select::{PerTarget, Shape, Table, TableError};

/// Renders every table of `per_target` and the lookup by target name.
pub fn render_per_target(
    per_target: &PerTarget,
    lang: Lang,
    provenance: Option<&Provenance>,
) -> Result<String, TableError> {
    if lang == Lang::Json {
        let mut value = serde_json::to_value(per_target).expect("plain data serializes");
        add_exact_texts(&mut value);
        with_generator(&mut value, provenance);
        return Ok(serde_json::to_string_pretty(&value).expect("plain data serializes") + "\n");
    }
    let mut out = String::new();
    if let (Some(p), Some(first)) = (provenance, per_target.tables.first()) {
        out += &table_comment(lang, first, p);
    }
    if lang == Lang::C {
        out += "#include <string.h>\n";
    }
    let mut prelude_written = false;
    let mut value_types = Vec::new();
    for table in &per_target.tables {
        let plain_array = table.shape == Shape::Array && table.c == Default::default();
        match plain_array {
            true => {
                out += &render_in_file(table, lang, &mut prelude_written)?;
                if lang == Lang::C {
                    out += "\n";
                    out += &render_c_array_name(table)?;
                }
            }
            false => {
                let switch = Table {
                    shape: Shape::Switch,
                    shape_reason: None,
                    ..table.clone()
                };
                out += &render_in_file(&switch, lang, &mut prelude_written)?;
                out += "\n";
            }
        }
        let (c_type, _) = types(table, false).map_err(|why| TableError::Shape {
            table: table.name.clone(),
            why,
        })?;
        value_types.push(c_type);
    }
    out += &match lang {
        Lang::C => c_lookup(per_target, &value_types),
        _ => rust_lookup(per_target),
    };
    Ok(out)
}

/// Target names per table, in the order given.
fn groups(per_target: &PerTarget) -> Vec<Vec<&str>> {
    let mut g = vec![Vec::new(); per_target.tables.len()];
    for (name, i) in &per_target.targets {
        g[*i].push(name.as_str());
    }
    g
}

fn c_lookup(per_target: &PerTarget, value_types: &[&str]) -> String {
    let name = &per_target.name;
    let mut s = format!(
        "/* The name of `value` in {name} for an architecture (deftab's target names). */\n\
         static DEFTAB_UNUSED const char *{name}_name(const char *arch, long long value)\n{{\n"
    );
    for ((table, archs), c_type) in per_target
        .tables
        .iter()
        .zip(groups(per_target))
        .zip(value_types)
    {
        let test = archs
            .iter()
            .map(|a| format!("!strcmp(arch, \"{a}\")"))
            .collect::<Vec<_>>()
            .join(" || ");
        s += &format!(
            "\tif ({test})\n\t\treturn (long long)({c_type})value == value ? {}_name(({c_type})value) : NULL;\n",
            table.name
        );
    }
    s + "\treturn NULL;\n}\n"
}

fn rust_lookup(per_target: &PerTarget) -> String {
    let name = &per_target.name;
    let mut s = format!(
        "/// The name of `value` in `{name}` for an architecture (deftab's target names).\n\
         pub fn {name}_name(arch: &str, value: i128) -> Option<&'static str> {{\n    match arch {{\n"
    );
    for (table, archs) in per_target.tables.iter().zip(groups(per_target)) {
        let pattern = archs
            .iter()
            .map(|a| format!("\"{a}\""))
            .collect::<Vec<_>>()
            .join(" | ");
        let call = format!("{}_name(value.try_into().ok()?)", table.name);
        // rustfmt's layout: a block when the arm does not fit in 100 columns.
        let width = "        ".len() + pattern.len() + " => ".len() + call.len() + ",".len();
        s += &match width <= 100 {
            true => format!("        {pattern} => {call},\n"),
            false => format!("        {pattern} => {{\n            {call}\n        }}\n"),
        };
    }
    s + "        _ => None,\n    }\n}\n"
}
