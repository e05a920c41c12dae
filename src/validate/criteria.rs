//! Acceptance criteria: present once a story is ready, well formed, and all
//! checked once it is accepted.

use super::Report;
use crate::diagnostic::{Applicability, Code, Edit};
use crate::model::{Criteria, FileId, StoryStatus};
use crate::source::Seg;

pub(super) fn check(report: &mut Report) {
    let b = report.backlog;
    for story in b.stories.values() {
        check_form(report, story.file, &story.criteria);
        let unparsed = story.criteria.gherkin.iter().any(|g| g.problem.is_some());
        if story.status.needs_criteria() && story.criteria.count() == 0 && !unparsed {
            report.at(
                Code::NoCriteria,
                story.file,
                &[Seg::Key("status")],
                format!("story `{}` is {} but has no acceptance criteria", story.id, story.status.as_str()),
                "add an `## Acceptance criteria` section with `- [ ] ...` items or a ```gherkin block".into(),
            );
        }
        if story.status == StoryStatus::Accepted {
            for task in story.criteria.tasks.iter().filter(|t| !t.checked) {
                report.at_line(
                    Code::UncheckedCriterion,
                    story.file,
                    task.line,
                    format!(
                        "story `{}` is accepted but this criterion is not checked",
                        story.id
                    ),
                    "check it (`- [x]`) if it is met, or move the story back to `done`".into(),
                );
                // Ticking it says the criterion is met: a person must say so.
                let edit = Edit::TickTask { line: task.line };
                report.fixable(story.file, edit).applicability = Applicability::WithAccept;
            }
        }
    }
    for feature in b.features.values() {
        check_form(report, feature.file, &feature.criteria);
    }
}

/// Gherkin parses, every scenario has a `Then`, every list item is a task.
fn check_form(report: &mut Report, file: FileId, criteria: &Criteria) {
    for block in &criteria.gherkin {
        if let Some(problem) = &block.problem {
            report.at_line(
                Code::GherkinSyntax,
                file,
                problem.line,
                problem.message.clone(),
                "start each scenario with `Scenario:` and write its steps as `Given`, `When`, `Then`, `And` or `But` lines".into(),
            );
        }
        for scenario in block.scenarios.iter().filter(|s| !s.has_then) {
            report.at_line(
                Code::ScenarioWithoutThen,
                file,
                scenario.line,
                match scenario.name.trim() {
                    "" => "this scenario has no `Then` step".to_string(),
                    name => format!("scenario `{name}` has no `Then` step"),
                },
                "add a `Then` step saying what must be true afterwards".into(),
            );
        }
    }
    for &line in &criteria.plain_items {
        report.at_line(
            Code::PlainCriterion,
            file,
            line,
            "list item under Acceptance criteria is not a task".into(),
            "write it as `- [ ] ...` so it can be checked off when met".into(),
        );
    }
}
