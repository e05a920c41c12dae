//! The rows of a Jira CSV export, read by column name: a name repeated
//! for each value (`Labels`, `Sprint`) gives all of them, in order.

use anyhow::{Context, bail};
use serde_yaml::Value;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The columns whose values import reads into fields of its own; every
/// other column with a value is kept under `extra:`.
const READ: [&str; 22] = [
    "Summary",
    "Issue key",
    "Issue id",
    "Issue Type",
    "Status",
    "Status Category",
    "Priority",
    "Labels",
    "Sprint",
    "Description",
    "Comment",
    "Custom field (Story Points)",
    "Story point estimate",
    "Custom field (Story point estimate)",
    "Parent",
    "Parent id",
    "Parent key",
    "Custom field (Epic Link)",
    "Rank",
    "Custom field (Rank)",
    "Inward issue link (Blocks)",
    "Outward issue link (Blocks)",
];

/// The columns holding dates, in Jira's `dd/MMM/yy h:mm AM` form.
const DATES: [&str; 5] = ["Created", "Updated", "Resolved", "Due Date", "Last Viewed"];

/// One issue: its place among the rows and its cells by column.
#[derive(Debug)]
pub(super) struct Row {
    /// 1 for the first row after the header.
    number: usize,
    header: Arc<[String]>,
    cells: Vec<String>,
}

impl Row {
    /// The issue key, or an empty text.
    pub(super) fn key(&self) -> &str {
        self.first("Issue key").unwrap_or_default()
    }

    /// Where the issue is, for messages: its key and row.
    pub(super) fn place(&self) -> String {
        match self.key() {
            "" => format!("row {}", self.number),
            key => format!("{key} (row {})", self.number),
        }
    }

    /// The first value of `column` that is not empty.
    pub(super) fn first(&self, column: &str) -> Option<&str> {
        self.all(column).into_iter().next()
    }

    /// Every value of `column` that is not empty, in column order.
    pub(super) fn all(&self, column: &str) -> Vec<&str> {
        self.header
            .iter()
            .zip(&self.cells)
            .filter(|(name, value)| name.as_str() == column && !value.trim().is_empty())
            .map(|(_, value)| value.trim())
            .collect()
    }

    /// The estimate: story points, whole (a number) or not (kept as written).
    pub(super) fn points(&self) -> Option<Value> {
        let columns = [
            "Custom field (Story Points)",
            "Story point estimate",
            "Custom field (Story point estimate)",
        ];
        let written = columns.iter().find_map(|c| self.first(c))?;
        let number: f64 = written.parse().ok()?;
        Some(match number.fract() == 0.0 && number >= 0.0 {
            true => Value::from(number as u64),
            false => Value::from(number),
        })
    }

    /// Every column import does not read into a field, with a value: its
    /// name made a key (`Custom field (Team)` is `custom_field_team`), one
    /// value as text, repeated ones as a list, dates made ISO.
    pub(super) fn other_columns(&self, criteria: Option<&str>) -> Vec<(String, Value)> {
        // One pass over the cells: a column repeated collects its values.
        let mut found: Vec<(&str, Vec<Value>)> = Vec::new();
        for (name, value) in self.header.iter().zip(&self.cells) {
            let read = READ.contains(&name.as_str()) || Some(name.as_str()) == criteria;
            let value = value.trim();
            if read || value.is_empty() {
                continue;
            }
            let value = match DATES.contains(&name.as_str()) {
                true => super::super::dates::iso(value).unwrap_or_else(|| value.into()),
                false => value.to_string(),
            };
            match found.iter_mut().find(|(n, _)| *n == name.as_str()) {
                Some((_, values)) => values.push(Value::String(value)),
                None => found.push((name, vec![Value::String(value)])),
            }
        }
        found
            .into_iter()
            .map(|(name, mut values)| {
                let value = match values.len() {
                    1 => values.pop().unwrap_or_default(),
                    _ => Value::Sequence(values),
                };
                (key_of(name), value)
            })
            .collect()
    }
}

/// A column name as a field name: lower case, runs of other characters `_`.
fn key_of(name: &str) -> String {
    let mut key = String::new();
    for c in name.chars() {
        match c.is_alphanumeric() {
            true => key.extend(c.to_lowercase()),
            false if !key.ends_with('_') => key.push('_'),
            false => {}
        }
    }
    key.trim_matches('_').to_string()
}

/// The rows of `file`, refused when it is not CSV or has no `Issue key`
/// and `Summary` columns.
pub(super) fn read(file: &Path) -> anyhow::Result<Vec<Row>> {
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .from_path(file)
        .with_context(|| format!("cannot read `{}`", file.display()))?;
    let not_csv = || format!("`{}` is not a CSV file", file.display());
    let header: Arc<[String]> = reader
        .headers()
        .with_context(not_csv)?
        .iter()
        .map(str::to_string)
        .collect();
    for needed in ["Issue key", "Summary"] {
        if !header.iter().any(|h| h == needed) {
            bail!(
                "`{}` has no `{needed}` column: is it a Jira CSV export?",
                file.display()
            );
        }
    }
    let mut rows = Vec::new();
    for (index, record) in reader.records().enumerate() {
        let record = record.with_context(not_csv)?;
        rows.push(Row {
            number: index + 1,
            header: header.clone(),
            cells: record.iter().map(str::to_string).collect(),
        });
    }
    Ok(rows)
}

/// Issue keys by issue id (the `Parent` column may hold either).
pub(super) fn keys_by_id(rows: &[Row]) -> BTreeMap<String, String> {
    rows.iter()
        .filter_map(|r| Some((r.first("Issue id")?.to_string(), r.key().to_string())))
        .collect()
}

/// The epic an issue belongs to: its parent (`Parent key`, `Parent`,
/// `Parent id`, `Custom field (Epic Link)`, as key or id) if an epic, else
/// its parent's epic (a sub-task's).
pub(super) fn epic(
    row: &Row,
    keys: &BTreeMap<String, String>,
    rows: &BTreeMap<&str, &Row>,
    epics: &BTreeMap<&str, bool>,
) -> Option<String> {
    let mut at = row;
    for _ in 0..4 {
        let parent = parent_of(at, keys)?;
        if epics.get(parent.as_str()).copied().unwrap_or(false) {
            return Some(parent);
        }
        at = rows.get(parent.as_str())?;
    }
    None
}

/// The key of an issue's direct parent.
pub(super) fn parent_of(row: &Row, keys: &BTreeMap<String, String>) -> Option<String> {
    let columns = [
        "Parent key",
        "Parent",
        "Parent id",
        "Custom field (Epic Link)",
    ];
    let written = columns.iter().find_map(|c| row.first(c))?;
    Some(
        keys.get(written)
            .cloned()
            .unwrap_or_else(|| written.to_string()),
    )
}

/// For each issue, the issues that block it: its `Inward issue link
/// (Blocks)` and each issue whose `Outward issue link (Blocks)` names it.
pub(super) fn blocked_by(rows: &[Row]) -> BTreeMap<String, Vec<String>> {
    let mut blocked: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for row in rows {
        for by in row.all("Inward issue link (Blocks)") {
            blocked.entry(row.key().into()).or_default().push(by.into());
        }
        for blocks in row.all("Outward issue link (Blocks)") {
            blocked
                .entry(blocks.into())
                .or_default()
                .push(row.key().into());
        }
    }
    blocked
}

/// Each row's place in the backlog: by `Rank` (Jira's LexoRank orders as
/// text) when exported, else the export's order.
pub(super) fn order(rows: &[Row]) -> Vec<usize> {
    fn rank(r: &Row) -> Option<&str> {
        r.first("Rank").or_else(|| r.first("Custom field (Rank)"))
    }
    let mut by_rank: Vec<usize> = (0..rows.len()).collect();
    by_rank.sort_by(|&a, &b| match (rank(&rows[a]), rank(&rows[b])) {
        (Some(x), Some(y)) => x.cmp(y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => a.cmp(&b),
    });
    let mut order = vec![0; rows.len()];
    for (place, row) in by_rank.into_iter().enumerate() {
        order[row] = place;
    }
    order
}

#[cfg(test)]
mod tests {
    use super::key_of;

    #[test]
    fn column_names_become_field_names() {
        assert_eq!(key_of("Custom field (Team)"), "custom_field_team");
        assert_eq!(key_of("Due Date"), "due_date");
    }
}
