//! Parsing a fenced `gherkin` block with the `gherkin` crate.

use crate::model::{GherkinBlock, GherkinProblem, Scenario};
use gherkin::{GherkinEnv, StepType};

const PREAMBLE: &str = "Feature: Acceptance criteria\n";

/// Parses `text`, whose first line is line `first_line` of the file. A block of
/// bare scenarios gets a `Feature:` line prepended, and line numbers are
/// corrected for it.
pub fn parse(text: &str, first_line: usize) -> GherkinBlock {
    let has_feature = text
        .lines()
        .any(|line| line.trim_start().starts_with("Feature:"));
    let (source, added_lines) = if has_feature {
        (text.to_string(), 0)
    } else {
        (format!("{PREAMBLE}{text}"), 1)
    };
    // Lines reported by the parser are 1-based within `source`.
    // The parser may report the line after the end of the block; keep inside it.
    let last_line = first_line + text.lines().count().max(1) - 1;
    let file_line = |line: usize| {
        (first_line + line)
            .saturating_sub(1 + added_lines)
            .clamp(first_line, last_line)
    };
    let mut block = GherkinBlock {
        line: first_line,
        text: text.to_string(),
        scenarios: Vec::new(),
        problem: None,
    };
    match gherkin::Feature::parse(&source, GherkinEnv::default()) {
        Ok(feature) => {
            let scenarios = feature
                .scenarios
                .iter()
                .chain(feature.rules.iter().flat_map(|rule| rule.scenarios.iter()));
            block.scenarios = scenarios
                .map(|s| Scenario {
                    name: s.name.clone(),
                    line: file_line(s.position.line),
                    steps: s
                        .steps
                        .iter()
                        .map(|st| (st.keyword.trim().to_string(), st.value.clone()))
                        .collect(),
                    has_then: s.steps.iter().any(|st| st.ty == StepType::Then),
                    examples: s
                        .examples
                        .iter()
                        .filter_map(|e| e.table.as_ref())
                        .flat_map(|t| t.rows.iter().cloned())
                        .collect(),
                })
                .collect();
            if block.scenarios.is_empty() {
                block.problem = Some(GherkinProblem {
                    line: first_line,
                    column: 1,
                    message: "the Gherkin block has no `Scenario:`".into(),
                });
            }
        }
        Err(error) => {
            let (line, column) = error_position(&error.to_string());
            block.problem = Some(GherkinProblem {
                line: file_line(line),
                column,
                message: "this line of the Gherkin block is not a keyword line, step or table row"
                    .into(),
            });
        }
    }
    block
}

/// Line and column from a parse error's message, `Error at L:C: ...` (the
/// error's fields are private).
fn error_position(message: &str) -> (usize, usize) {
    message
        .strip_prefix("Error at ")
        .and_then(|rest| {
            let (position, _) = rest.split_once(": ")?;
            let (line, column) = position.split_once(':')?;
            Some((line.parse().ok()?, column.parse().ok()?))
        })
        .unwrap_or((1, 1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bare_scenarios_get_their_own_lines() {
        let b = parse(
            "Scenario: a\n  Given x\n  Then y\n\nScenario: b\n  Given x\n  When z\n",
            7,
        );
        assert_eq!(b.problem, None);
        let found: Vec<_> = b
            .scenarios
            .iter()
            .map(|s| (s.name.as_str(), s.line, s.has_then))
            .collect();
        assert_eq!(found, [("a", 7, true), ("b", 11, false)]);
    }

    #[test]
    fn outlines_keep_their_examples() {
        let b = parse(
            "Scenario Outline: a\n  Given <x>\n  Then <y>\n  Examples:\n    | x | y |\n    | 1 | 2 |\n",
            1,
        );
        assert_eq!(b.problem, None);
        assert_eq!(b.scenarios[0].examples, [vec!["x", "y"], vec!["1", "2"]]);
    }

    #[test]
    fn and_after_then_counts_as_then() {
        let b = parse("Scenario: a\n  Given x\n  Then y\n  And z\n", 1);
        assert_eq!(b.scenarios[0].steps.len(), 3);
        assert!(b.scenarios[0].has_then);
    }

    #[test]
    fn syntax_errors_point_into_the_block() {
        let b = parse("Scenario: a\n  Given x\n  Thne y\n", 20);
        let problem = b.problem.expect("a parse error");
        assert_eq!(problem.line, 22);
    }

    #[test]
    fn a_block_without_scenarios_is_a_problem() {
        assert!(parse("just words\n", 1).problem.is_some());
    }
}
