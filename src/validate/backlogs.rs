//! Every open story is in its own team's backlog exactly once and in no other;
//! every open feature is in the program backlog exactly once.

use super::Report;
use crate::diagnostic::{Code, Edit};
use crate::model::{FeatureStatus, FileId, Ref};
use crate::source::Seg;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

pub(super) fn check(report: &mut Report) {
    let b = report.backlog;
    let mut listed_by_team: HashMap<&str, HashSet<&str>> = HashMap::default();
    let mut listed_anywhere: HashSet<&str> = HashSet::default();
    for team in b.teams.values() {
        let listed = report_repeats(report, team.file, "backlog", &team.backlog);
        for r in &team.backlog {
            let Some(story) = b.stories.get(r.id.as_str()) else {
                continue;
            };
            // A story whose own team does not exist is reported on the story.
            if story.team != team.id.as_str() && b.teams.contains_key(story.team.as_str()) {
                let owner = &story.team;
                report.at(
                    Code::WrongBacklog,
                    team.file,
                    &[Seg::Key("backlog"), Seg::Index(r.index)],
                    format!(
                        "`{}` belongs to team `{owner}`, not `{}`",
                        story.id, team.id
                    ),
                    format!("remove it here; list it in the backlog of `{owner}` instead"),
                );
            }
        }
        listed_anywhere.extend(listed.iter().copied());
        listed_by_team.insert(team.id.as_str(), listed);
    }
    for story in b.stories.values() {
        let Some(listed) = listed_by_team.get(story.team.as_str()) else {
            continue;
        };
        // A story listed in another team's backlog gets RD303 there instead.
        let elsewhere = listed_anywhere.contains(story.id.as_str());
        if story.status.is_open() && !listed.contains(story.id.as_str()) && !elsewhere {
            let path = &b.file(b.teams[story.team.as_str()].file).path;
            report.at(
                Code::NotInBacklog,
                story.file,
                &[Seg::Key("status")],
                format!(
                    "open story `{}` is not in the backlog of team `{}`",
                    story.id, story.team
                ),
                format!(
                    "add `{}` to `backlog:` in {path}, where it belongs in the order",
                    story.id
                ),
            );
            let edit = Edit::AddEntry {
                key: "backlog".into(),
                id: story.id.to_string(),
            };
            report.fixable(b.teams[story.team.as_str()].file, edit);
        }
    }
    let Some(config) = &b.config else { return };
    let listed = report_repeats(
        report,
        config.file,
        "program_backlog",
        &config.program_backlog,
    );
    for feature in b.features.values() {
        if feature.status != FeatureStatus::Done && !listed.contains(feature.id.as_str()) {
            report.at(
                Code::NotInProgramBacklog,
                feature.file,
                &[Seg::Key("status")],
                format!(
                    "feature `{}` is not done but is not in the program backlog",
                    feature.id
                ),
                format!(
                    "add `{}` to `program_backlog:` in rankdown.yaml",
                    feature.id
                ),
            );
            let edit = Edit::AddEntry {
                key: "program_backlog".into(),
                id: feature.id.to_string(),
            };
            report.fixable(config.file, edit);
        }
    }
}

/// Reports every id listed a second time under `key`; returns the listed ids.
fn report_repeats<'a>(
    report: &mut Report,
    file: FileId,
    key: &'static str,
    list: &'a [Ref],
) -> HashSet<&'a str> {
    let mut first_index: HashMap<&str, usize> = HashMap::default();
    for r in list {
        if let Some(&first) = first_index.get(r.id.as_str()) {
            report.at(
                Code::ListedTwice,
                file,
                &[Seg::Key(key), Seg::Index(r.index)],
                format!(
                    "`{}` is listed twice in `{key}` (items {} and {})",
                    r.id,
                    first + 1,
                    r.index + 1
                ),
                "keep it once, at the rank it should have".into(),
            );
            let edit = Edit::RemoveRepeats {
                key: key.into(),
                id: r.id.clone(),
            };
            report.fixable(file, edit);
        } else {
            first_index.insert(r.id.as_str(), r.index);
        }
    }
    first_index.into_keys().collect()
}
