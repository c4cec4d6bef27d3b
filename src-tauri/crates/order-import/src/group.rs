//! What the imports that read a [`Table`] against their own column table share (POs, products): the
//! required-column check, the user's headers, rows grouped by a key column, the value a group's rows
//! share (a later row with another value is a conflict) and row errors pinned to the user's headers.

use std::collections::HashMap;
use std::hash::Hash;

use crate::build::{CellErrors, RowError};
use crate::error::ImportError;
use crate::parse::{CellValue, Table, TableRow};

/// Fails with [`ImportError::MissingColumns`] naming the template header of every `required` column the
/// file lacks.
pub(crate) fn require_columns<C: PartialEq>(
    table: &Table<C>,
    required: impl IntoIterator<Item = (C, &'static str)>,
) -> Result<(), ImportError> {
    let missing: Vec<String> = required
        .into_iter()
        .filter(|(column, _)| !table.columns.iter().any(|(c, _)| c == column))
        .map(|(_, header)| header.to_string())
        .collect();
    if missing.is_empty() {
        Ok(())
    } else {
        Err(ImportError::MissingColumns { columns: missing })
    }
}

/// Column → the header as the user's file spells it.
pub(crate) fn user_headers<C: Copy + Eq + Hash>(rows: &[TableRow<C>]) -> HashMap<C, String> {
    let mut headers = HashMap::new();
    for r in rows {
        for (c, h, _) in &r.cells {
            headers.entry(*c).or_insert_with(|| h.clone());
        }
    }
    headers
}

/// Rows grouped by the text of `key` (ignoring case), in the order each key first appears; a row without
/// a key is a group of its own.
pub(crate) fn group_by<C: Copy + Eq>(
    rows: &[TableRow<C>],
    key: C,
) -> Vec<(String, Vec<&TableRow<C>>)> {
    let mut groups: Vec<(String, Vec<&TableRow<C>>)> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    for row in rows {
        let k = row.text(key).unwrap_or_default();
        match by_key.get(&k.to_uppercase()) {
            Some(&i) if !k.is_empty() => groups[i].1.push(row),
            _ => {
                if !k.is_empty() {
                    by_key.insert(k.to_uppercase(), groups.len());
                }
                groups.push((k, vec![row]));
            }
        }
    }
    groups
}

/// Row errors of one group, each named by the user's header of its column (the template's when the
/// file has no such column).
pub(crate) struct Pins<'a, C> {
    headers: &'a HashMap<C, String>,
    template: fn(C) -> &'static str,
    errors: CellErrors<C>,
}

impl<'a, C: Copy + Eq + Hash> Pins<'a, C> {
    pub(crate) fn new(headers: &'a HashMap<C, String>, template: fn(C) -> &'static str) -> Self {
        Pins {
            headers,
            template,
            errors: CellErrors::new(),
        }
    }

    /// An error on `row`, in `column` or on the whole row (one per cell: the first explains it).
    pub(crate) fn error(&mut self, row: u32, column: Option<C>, code: &str, value: Option<String>) {
        let cell = column.map(|c| {
            let header = self.headers.get(&c).cloned();
            (c, header.unwrap_or_else(|| (self.template)(c).to_string()))
        });
        self.errors.add(row, cell, code, value);
    }

    /// The first non-empty value of a column over `rows` (with its row); a later row with a different
    /// value is a `conflict` on that row. Values compare through `canon`.
    pub(crate) fn shared(
        &mut self,
        rows: &[&TableRow<C>],
        column: C,
        conflict: &str,
        canon: fn(&CellValue) -> String,
    ) -> Option<(CellValue, u32)> {
        let mut taken: Option<(CellValue, u32, String)> = None;
        for r in rows {
            let Some(v) = r.get(column).filter(|v| !v.as_text().trim().is_empty()) else {
                continue;
            };
            let c = canon(v);
            match &taken {
                None => taken = Some((v.clone(), r.row, c)),
                Some((_, _, first)) if *first != c => {
                    self.error(r.row, Some(column), conflict, Some(v.as_text()))
                }
                Some(_) => {}
            }
        }
        taken.map(|(v, row, _)| (v, row))
    }

    /// The errors by row, then by the column's `position` (row-level errors last).
    pub(crate) fn sorted(self, position: impl Fn(C) -> usize) -> Vec<RowError> {
        self.errors.sorted(position)
    }
}
