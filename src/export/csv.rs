//! Stories as CSV for spreadsheets (`rankdown export --format csv`): a
//! header, then one row per story, from the same entries as the JSON
//! document.

use super::StoryEntry;
use crate::model::Backlog;
use serde::Serialize;
use std::borrow::Cow;

/// One row: the columns, in order, named as the header names them.
#[derive(Serialize)]
struct Row<'a> {
    id: &'a str,
    title: Cow<'a, str>,
    #[serde(rename = "type")]
    kind: &'static str,
    status: &'static str,
    team: &'a str,
    rank: Option<usize>,
    points: Option<u32>,
    feature: Option<&'a str>,
    iteration: Option<Cow<'a, str>>,
    pi: Option<&'a str>,
    /// Ids, separated by spaces (ids never hold one).
    depends_on: String,
    /// Labels, separated by `, `.
    labels: String,
    /// Task-list criteria and scenarios.
    criteria: usize,
    /// Checked task-list criteria.
    criteria_checked: usize,
    file: &'a str,
}

impl<'a> Row<'a> {
    fn of(s: &StoryEntry<'a>) -> Row<'a> {
        Row {
            id: s.id,
            title: inert(s.title),
            kind: s.kind.as_str(),
            status: s.status.as_str(),
            team: s.team,
            rank: s.rank,
            points: s.points,
            feature: s.feature,
            iteration: s.iteration.map(inert),
            pi: s.pi,
            depends_on: s.depends_on.join(" "),
            labels: inert(&s.labels.join(", ")).into_owned(),
            criteria: s.criteria.tasks.len() + s.criteria.scenarios.len(),
            criteria_checked: s.criteria.tasks.iter().filter(|t| t.checked).count(),
            file: s.file,
        }
    }
}

/// `text` as a spreadsheet shows it rather than runs it: text that starts
/// like a formula (`=`, `+`, `-`, `@`, a tab or a carriage return) gets a
/// leading `'`, as OWASP advises against CSV injection.
fn inert(text: &str) -> Cow<'_, str> {
    match text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        true => Cow::Owned(format!("'{text}")),
        false => Cow::Borrowed(text),
    }
}

/// Every story as CSV: by team, each team's in backlog order, then its
/// stories without a rank by id.
pub fn stories(b: &Backlog) -> anyhow::Result<Vec<u8>> {
    let mut stories = super::items::stories(b);
    stories.sort_by(|x, y| {
        (x.team, x.rank.is_none(), x.rank, x.id).cmp(&(y.team, y.rank.is_none(), y.rank, y.id))
    });
    let mut writer = ::csv::WriterBuilder::new()
        .has_headers(false)
        .from_writer(Vec::new());
    writer.write_record(HEADER)?;
    for story in &stories {
        writer.serialize(Row::of(story))?;
    }
    Ok(writer.into_inner()?)
}

/// The header: the names of [`Row`]'s fields (a test keeps them in step).
const HEADER: [&str; 15] = [
    "id",
    "title",
    "type",
    "status",
    "team",
    "rank",
    "points",
    "feature",
    "iteration",
    "pi",
    "depends_on",
    "labels",
    "criteria",
    "criteria_checked",
    "file",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_names_the_fields_of_a_row() {
        let row = Row {
            id: "A-1",
            title: Cow::Borrowed("Title"),
            kind: "story",
            status: "ready",
            team: "alpha",
            rank: None,
            points: None,
            feature: None,
            iteration: None,
            pi: None,
            depends_on: String::new(),
            labels: String::new(),
            criteria: 0,
            criteria_checked: 0,
            file: "stories/A-1.md",
        };
        let mut writer = ::csv::Writer::from_writer(Vec::new());
        writer.serialize(&row).expect("serializes");
        let text = String::from_utf8(writer.into_inner().expect("flushes")).expect("UTF-8");
        assert_eq!(text.lines().next(), Some(HEADER.join(",").as_str()));
    }
}
