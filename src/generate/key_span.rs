//! Where a key of a manifest item is written, so that an error about one key of a table (a
//! bad regex, an unknown `$dir`) points at that key rather than at the item's
//! `[[file.item]]` line.

use std::ops::Range;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// The span of the key `key` whose value (a string, or an element of an array of strings) is
/// `value`, in the table whose header (`[[file.item]]`) is at `header` in the manifest
/// `text` (its sub-tables included); failing that, of the first key there with that value
/// (an `arch_names` regex is applied as an `exclude`). `None` when neither is found.
pub fn key_span(text: &str, header: &Range<usize>, key: &str, value: &str) -> Option<Range<usize>> {
    let doc = DeTable::parse(text).ok()?;
    let table = table_at(doc.get_ref(), header.start)?;
    let mut found = Vec::new();
    keys_with_value(table, value, &mut found);
    found.sort_by_key(|(_, span)| span.start);
    let exact = found.iter().find(|(k, _)| k == key);
    exact.or(found.first()).map(|(_, span)| span.clone())
}

/// The table (at any depth) written from `start`: its header.
fn table_at<'t, 'i>(table: &'t DeTable<'i>, start: usize) -> Option<&'t DeTable<'i>> {
    let here = |v: &'t Spanned<DeValue<'i>>| match v.get_ref() {
        DeValue::Table(t) if v.span().start == start => Some(t),
        DeValue::Table(t) => table_at(t, start),
        DeValue::Array(items) => items.iter().find_map(|i| match i.get_ref() {
            DeValue::Table(t) if i.span().start == start => Some(t),
            DeValue::Table(t) => table_at(t, start),
            _ => None,
        }),
        _ => None,
    };
    table.values().find_map(here)
}

/// Every key of `table` (at any depth) whose value is `value` or an array holding it, with
/// its span.
fn keys_with_value(table: &DeTable, value: &str, out: &mut Vec<(String, Range<usize>)>) {
    let holds = |v: &DeValue| matches!(v, DeValue::String(s) if s.as_ref() == value);
    for (key, v) in table {
        match v.get_ref() {
            s if holds(s) => out.push((key.get_ref().to_string(), key.span())),
            DeValue::Array(items) => {
                if items.iter().any(|i| holds(i.get_ref())) {
                    out.push((key.get_ref().to_string(), key.span()));
                }
                for i in items {
                    if let DeValue::Table(t) = i.get_ref() {
                        keys_with_value(t, value, out);
                    }
                }
            }
            DeValue::Table(t) => keys_with_value(t, value, out),
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_key_of_a_value_in_the_table_of_a_header() {
        let text = "[[item]]\ntable = { include = ['a('] }\n[[item]]\n[item.table]\nsources = \
                    [{ define = 'b(' }]\ns390 = 'b('\n[x]\ny = 'b('\n";
        let header = |n: usize| {
            let start = text.match_indices("[[item]]").nth(n).unwrap().0;
            start..start + "[[item]]".len()
        };
        let at = |r: Option<Range<usize>>| &text[r.unwrap()];
        assert_eq!(at(key_span(text, &header(1), "define", "b(")), "define");
        // Another key with the value when the key asked for has none; not past the table.
        assert_eq!(at(key_span(text, &header(1), "exclude", "b(")), "define");
        // An element of an array; only in the header's table.
        assert_eq!(at(key_span(text, &header(0), "include", "a(")), "include");
        assert_eq!(key_span(text, &header(0), "define", "b("), None);
    }
}
