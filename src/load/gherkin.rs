//! Parsing a fenced `gherkin` block with the `gherkin` crate.

use crate::model::{GherkinBlock, GherkinProblem, Scenario};
use gherkin::{GherkinEnv, StepType};

const PREAMBLE: &str = "Feature: Acceptance criteria\n";

/// Parses `text`, whose first line is line `first_line` of the file. A block
/// is parsed as written when it starts with its own `Feature:` (or a
/// `# language:` line); a block of bare scenarios gets a `Feature:` line
/// prepended, and line numbers are corrected for it.
pub(super) fn parse(text: &str, first_line: usize) -> GherkinBlock {
    let own_header = first_meaningful_line(text)
        .is_some_and(|line| line.starts_with("Feature:") || line.starts_with("# language:"));
    let (source, added_lines) = if own_header {
        (text.to_string(), 0)
    } else {
        (format!("{PREAMBLE}{text}"), 1)
    };
    // Lines reported by the parser are 1-based within `source`; it may report
    // the line after the end of the block, so keep inside it.
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
    let problem = |line: usize, message: &str| {
        Some(GherkinProblem {
            line,
            message: message.into(),
        })
    };
    match gherkin::Feature::parse(&source, GherkinEnv::default()) {
        Ok(feature) => {
            let scenarios = feature
                .scenarios
                .iter()
                .chain(feature.rules.iter().flat_map(|rule| rule.scenarios.iter()));
            block.scenarios = scenarios
                .map(|s| scenario(s, file_line(s.position.line)))
                .collect();
            let stray_steps = feature.description.as_deref().is_some_and(|d| {
                d.lines()
                    .any(|l| STEP_WORDS.iter().any(|w| l.trim_start().starts_with(w)))
            });
            if stray_steps {
                block.problem = problem(
                    first_line,
                    "steps before the first `Scenario:` belong to no scenario",
                );
            } else if block.scenarios.is_empty() {
                block.problem = problem(first_line, "the Gherkin block has no `Scenario:`");
            }
        }
        Err(error) => {
            let line = file_line(error_line(&error.to_string()));
            block.problem = problem(
                line,
                "this line of the Gherkin block is not a keyword line, step or table row",
            );
        }
    }
    block
}

const STEP_WORDS: [&str; 5] = ["Given ", "When ", "Then ", "And ", "But "];

fn scenario(s: &gherkin::Scenario, line: usize) -> Scenario {
    Scenario {
        name: s.name.clone(),
        line,
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
    }
}

/// The first line that is not blank, a tag or an ordinary comment.
fn first_meaningful_line(text: &str) -> Option<&str> {
    text.lines().map(str::trim).find(|line| {
        !line.is_empty()
            && !line.starts_with('@')
            && (!line.starts_with('#') || line.starts_with("# language:"))
    })
}

/// The line from a parse error's message, `Error at L:C: ...` (the error's
/// fields are private).
fn error_line(message: &str) -> usize {
    message
        .strip_prefix("Error at ")
        .and_then(|rest| rest.split_once(':')?.0.parse().ok())
        .unwrap_or(1)
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
    fn and_counts_as_the_step_it_follows() {
        let b = parse(
            "Scenario: a\n  Given x\n  Then y\n  And z\n\nScenario: b\n  Given x\n  And y\n",
            1,
        );
        assert_eq!(b.scenarios[0].steps.len(), 3);
        assert!(b.scenarios[0].has_then);
        assert!(!b.scenarios[1].has_then);
    }

    #[test]
    fn blocks_with_their_own_header_parse_as_written() {
        let french = "# language: fr\nFonctionnalité: achat\n  Scénario: achat\n    Soit un panier\n    Quand je paie\n    Alors je reçois un reçu\n";
        let b = parse(french, 1);
        assert_eq!(b.problem, None);
        assert_eq!(b.scenarios[0].line, 3);
        assert!(b.scenarios[0].has_then);

        let doc_string = "Scenario: docs\n  Given text:\n    \"\"\"\n    Feature: not really\n    \"\"\"\n  Then ok\n";
        let b = parse(doc_string, 1);
        assert_eq!(b.problem, None, "{doc_string}");
    }

    #[test]
    fn backgrounds_rules_and_tags_are_understood() {
        let text = "Background:\n  Given a library\n\n@web\nRule: members\n  Scenario: borrow\n    When I borrow\n    Then it is mine\n";
        let b = parse(text, 10);
        assert_eq!(b.problem, None);
        assert_eq!(b.scenarios.len(), 1);
        assert_eq!(b.scenarios[0].line, 15);
    }

    #[test]
    fn steps_before_any_scenario_are_a_problem() {
        let b = parse("Given before\nScenario: x\n  Then y\n", 4);
        assert_eq!(b.problem.map(|p| p.line), Some(4));
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
