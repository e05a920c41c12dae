//! The few front-matter fields flow over time needs from each past version
//! of a story file: status, team, iteration and points.

use super::{frontmatter, items};
use crate::model::StoryStatus;

/// Where a story stood in one version of its file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Planning {
    /// Its status.
    pub status: StoryStatus,
    /// Its team's id, as written.
    pub team: Option<String>,
    /// The iteration it is planned into, as written.
    pub iteration: Option<String>,
    /// Its estimate.
    pub points: Option<u32>,
}

/// The keys read, in the order [`plain_values`] returns them.
const KEYS: [&str; 4] = ["status:", "team:", "iteration:", "points:"];

/// Reads the planning fields of one version of a story file; none when its
/// front matter is missing or broken, or has no valid status.
pub fn planning_in(text: &str) -> Option<Planning> {
    let split = frontmatter::split(text).ok()?;
    let yaml = text.get(split.yaml)?;
    match plain_values(yaml) {
        Some([status, team, iteration, points]) => Some(Planning {
            status: items::story_status(status?)?,
            team: team.map(str::to_string),
            iteration: iteration.map(str::to_string),
            points: match points {
                Some(points) => Some(points.parse().ok()?),
                None => None,
            },
        }),
        None => parsed(yaml),
    }
}

/// The keys' values when the front matter writes each of them at most once
/// as `key: word` at the start of a line, and nothing that could hide
/// one elsewhere (a flow mapping, a quoted or complex key); else none, and
/// the YAML is parsed.
fn plain_values(yaml: &str) -> Option<[Option<&str>; 4]> {
    let mut values = [None; 4];
    for line in yaml.lines() {
        if line.starts_with(['{', '?', '"', '\'']) {
            return None;
        }
        for (key, value) in KEYS.iter().zip(values.iter_mut()) {
            if let Some(rest) = line.strip_prefix(key) {
                let word = rest.trim();
                let plain = !word.is_empty()
                    && (word.bytes()).all(|b| b.is_ascii_alphanumeric() || b"-_.".contains(&b));
                if !plain || value.replace(word).is_some() {
                    return None;
                }
            }
        }
    }
    Some(values)
}

/// The fields read with the YAML parser, for front matter [`plain_values`]
/// cannot read.
fn parsed(yaml: &str) -> Option<Planning> {
    let yaml: serde_yaml::Mapping = serde_yaml::from_str(yaml).ok()?;
    let text = |key: &str| yaml.get(key)?.as_str().map(str::to_string);
    Some(Planning {
        status: items::story_status(yaml.get("status")?.as_str()?)?,
        team: text("team"),
        iteration: text("iteration"),
        points: match yaml.get("points") {
            Some(points) => Some(u32::try_from(points.as_u64()?).ok()?),
            None => None,
        },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan(front: &str) -> Option<Planning> {
        planning_in(&format!("---\n{front}---\nBody.\n"))
    }

    #[test]
    fn plain_and_parsed_front_matter_give_the_same_planning() {
        let expected = Some(Planning {
            status: StoryStatus::InProgress,
            team: Some("web".into()),
            iteration: Some("PI-1.2".into()),
            points: Some(5),
        });
        let plain = "title: T\nstatus: in-progress\nteam: web\niteration: PI-1.2\npoints: 5\n";
        assert_eq!(plan(plain), expected);
        let quoted = "status: \"in-progress\" # now\nteam: web\niteration: 'PI-1.2'\npoints: 5\n";
        assert_eq!(plan(quoted), expected);
        let flow = "{status: in-progress, team: web, iteration: PI-1.2, points: 5}\n";
        assert_eq!(plan(flow), expected);
    }

    #[test]
    fn missing_fields_are_none_and_a_bad_status_or_estimate_reads_nothing() {
        let plan_of = plan("status: ready\n").unwrap();
        assert_eq!(
            (plan_of.team, plan_of.iteration, plan_of.points),
            (None, None, None)
        );
        assert_eq!(plan("status: finished\n"), None);
        assert_eq!(plan("status: done\npoints: 2.5\n"), None);
        assert_eq!(plan("team: web\n"), None);
        assert_eq!(planning_in("no front matter"), None);
    }

    #[test]
    fn a_key_written_twice_is_left_to_the_parser() {
        // Duplicate keys are a YAML error: nothing is read.
        assert_eq!(plan("status: ready\nstatus: done\n"), None);
    }
}
