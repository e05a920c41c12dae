//! Finding the acceptance criteria in a Markdown body: the section whose heading
//! is `Acceptance criteria`, its task-list items and its `gherkin` blocks.

use super::gherkin;
use crate::model::{Criteria, Task};
use crate::source::SourceFile;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

/// The criteria in the body of `source`.
pub(super) fn extract(source: &SourceFile) -> Criteria {
    let body = source.body();
    let line_of = |offset: usize| source.line_of(source.body_start + offset);
    let mut criteria = Criteria::default();
    let mut section: Option<HeadingLevel> = None;
    let mut heading: Option<(HeadingLevel, usize, String)> = None;
    let mut items: Vec<ItemState> = Vec::new();
    let mut list_depth = 0usize;
    let mut task: Option<Task> = None;
    let mut gherkin_block: Option<(usize, String)> = None;

    for (event, range) in Parser::new_ext(body, Options::ENABLE_TASKLISTS).into_offset_iter() {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                heading = Some((level, range.start, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let Some((level, start, text)) = heading.take() else {
                    continue;
                };
                if is_criteria_heading(&text) {
                    section = Some(level);
                    criteria.section.get_or_insert(start..body.len());
                } else if section.is_some_and(|open| level <= open) {
                    section = None;
                    if let Some(first) = criteria.section.as_mut()
                        && first.end == body.len()
                    {
                        first.end = start;
                    }
                }
            }
            Event::Text(text) | Event::Code(text) if heading.is_some() => {
                if let Some((_, _, h)) = heading.as_mut() {
                    h.push_str(&text);
                }
            }
            _ if section.is_none() => {}
            Event::Start(Tag::List(_)) => {
                finish_task(&mut task, &mut criteria);
                list_depth += 1;
            }
            Event::End(TagEnd::List(_)) => list_depth = list_depth.saturating_sub(1),
            Event::Start(Tag::Item) => items.push(ItemState {
                line: line_of(range.start),
                is_task: false,
                top_level: list_depth == 1,
            }),
            Event::End(TagEnd::Item) => {
                finish_task(&mut task, &mut criteria);
                if let Some(item) = items.pop()
                    && item.top_level
                    && !item.is_task
                {
                    criteria.plain_items.push(item.line);
                }
            }
            Event::TaskListMarker(checked) => {
                if let Some(item) = items.last_mut() {
                    item.is_task = true;
                }
                task = Some(Task {
                    text: String::new(),
                    checked,
                    line: line_of(range.start),
                });
            }
            Event::End(TagEnd::Paragraph) => finish_task(&mut task, &mut criteria),
            Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(info)))
                if info.split_whitespace().next() == Some("gherkin") =>
            {
                // The first line inside the fence; the fence's own line when
                // the file ends with it.
                let inside = (line_of(range.start) + 1).min(line_of(body.len()));
                gherkin_block = Some((inside, String::new()));
            }
            Event::End(TagEnd::CodeBlock) => {
                if let Some((line, text)) = gherkin_block.take() {
                    criteria.gherkin.push(gherkin::parse(&text, line));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, block)) = gherkin_block.as_mut() {
                    block.push_str(&text);
                } else if let Some(task) = task.as_mut() {
                    task.text.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(task) = task.as_mut() {
                    task.text.push(' ');
                }
            }
            _ => {}
        }
    }
    finish_task(&mut task, &mut criteria);
    criteria
}

struct ItemState {
    line: usize,
    is_task: bool,
    top_level: bool,
}

fn finish_task(task: &mut Option<Task>, criteria: &mut Criteria) {
    if let Some(mut task) = task.take() {
        task.text = task.text.trim().to_string();
        criteria.tasks.push(task);
    }
}

fn is_criteria_heading(text: &str) -> bool {
    text.trim()
        .trim_end_matches(':')
        .trim()
        .eq_ignore_ascii_case("acceptance criteria")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The criteria of `body` when it starts on line `first_line` of its file.
    fn criteria_of(body: &str, first_line: usize) -> Criteria {
        let text = format!("{}{body}", "\n".repeat(first_line - 1));
        extract(&SourceFile::new("x.md", text, 0..0, first_line - 1))
    }

    #[test]
    fn finds_tasks_and_gherkin_in_the_section_only() {
        let body = "\
Intro
- [ ] not a criterion

## Acceptance Criteria:

- [ ] first `one`
- [x] second
  continues
- plain item

```gherkin
Scenario: buy
  Given a cart
  When I pay
  Then I get a receipt
```

## Notes

- [ ] not a criterion either
";
        let c = criteria_of(body, 10);
        assert_eq!(
            &body[c.section.clone().unwrap()][..24],
            "## Acceptance Criteria:\n"
        );
        assert!(body[c.section.clone().unwrap()].ends_with("```\n\n"));
        let tasks: Vec<_> = c
            .tasks
            .iter()
            .map(|t| (t.text.as_str(), t.checked, t.line))
            .collect();
        assert_eq!(
            tasks,
            [("first one", false, 15), ("second continues", true, 16)]
        );
        assert_eq!(c.plain_items, [18]);
        assert_eq!(c.gherkin.len(), 1);
        assert_eq!(c.gherkin[0].line, 21);
        assert_eq!(c.gherkin[0].scenarios[0].line, 21);
        assert!(c.gherkin[0].scenarios[0].has_then);
        assert_eq!(c.count(), 3);
    }

    #[test]
    fn a_deeper_heading_stays_in_the_section() {
        let body = "# Acceptance criteria\n\n## Happy path\n\n- [ ] works\n\n# Other\n\n- [ ] no\n";
        let c = criteria_of(body, 1);
        assert_eq!(c.tasks.len(), 1);
        assert_eq!(c.tasks[0].line, 5);
    }

    #[test]
    fn no_section_means_no_criteria() {
        assert_eq!(criteria_of("- [ ] a\n", 1), Criteria::default());
    }
}
