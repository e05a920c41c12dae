//! What the user tells a built-in importer on top of what it reads from the
//! source (`--config FILE` of `jira-csv` and `devstories`): statuses, types,
//! sizes and sprint dates the source does not give.

use super::mapping::{Mapping, Sprint, Status, fold};
use serde::Deserialize;
use std::collections::BTreeMap;

/// A settings file: every key optional, an unknown key an error.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Settings {
    /// The site title [default: the source's project name].
    #[serde(default)]
    pub title: Option<String>,
    /// Status → backlog, in-progress, done or wont-do, before the built-in
    /// table (and before what the source's own settings say).
    #[serde(default)]
    pub statuses: BTreeMap<String, Status>,
    /// Type → story, enabler, defect or spike.
    #[serde(default)]
    pub types: BTreeMap<String, String>,
    /// Size → points, instead of the sizes the source's settings list.
    #[serde(default)]
    pub sizes: BTreeMap<String, u32>,
    /// Sprints with their dates, made iterations.
    #[serde(default)]
    pub sprints: Vec<Sprint>,
    /// Jira only: the column holding acceptance criteria (`Custom field
    /// (Acceptance Criteria)`); without it, a heading in the description.
    #[serde(default)]
    pub criteria_field: Option<String>,
    /// The heading over the acceptance criteria.
    #[serde(default)]
    pub criteria_heading: Option<String>,
    /// Written to `rankdown.yaml`.
    #[serde(default)]
    pub definition_of_done: Vec<String>,
}

impl Settings {
    /// `mapping` with these settings laid over it: each key given replaces
    /// the mapping's, and the status and type tables take precedence entry
    /// by entry. A sprint named here gets these dates, wherever the
    /// source's own settings put it in the sequence.
    pub fn apply_to(&self, mapping: &mut Mapping) {
        if let Some(title) = &self.title {
            mapping.title = Some(title.clone());
        }
        override_folded(&mut mapping.statuses, &self.statuses);
        override_folded(&mut mapping.types, &self.types);
        if !self.sizes.is_empty() {
            mapping.sizes = self.sizes.clone();
        }
        for sprint in &self.sprints {
            mapping.sprints.retain(|s| s.name != sprint.name);
            mapping.sprints.push(sprint.clone());
        }
        if let Some(heading) = &self.criteria_heading {
            mapping.criteria_heading = heading.clone();
        }
        if !self.definition_of_done.is_empty() {
            mapping.definition_of_done = self.definition_of_done.clone();
        }
    }
}

/// `table` with each entry of `given` in place of any whose key is the
/// same word (`QA` and `qa`), so that the given one is the one looked up.
fn override_folded<V: Clone>(table: &mut BTreeMap<String, V>, given: &BTreeMap<String, V>) {
    for (key, value) in given {
        table.retain(|k, _| fold(k) != fold(key));
        table.insert(key.clone(), value.clone());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_replace_what_they_name_and_keep_the_rest() {
        let mut mapping = Mapping::empty("DevStories");
        mapping.title = Some("From the source".into());
        mapping.sizes = BTreeMap::from([("M".into(), 3)]);
        mapping.statuses = BTreeMap::from([
            ("review".into(), Status::InProgress),
            ("QA".into(), Status::InProgress),
        ]);
        let settings: Settings = serde_yaml::from_str(
            "sizes: {M: 5}\nstatuses: {blocked: backlog, qa: done}\nsprints: [{name: s1, start: 2025-01-06, end: 2025-01-17}]\n",
        )
        .expect("settings");
        settings.apply_to(&mut mapping);
        assert_eq!(mapping.title.as_deref(), Some("From the source"));
        assert_eq!(mapping.size_points("m"), Some(5));
        assert_eq!(mapping.status("Review"), Some(Status::InProgress));
        assert_eq!(mapping.status("blocked"), Some(Status::Backlog));
        assert_eq!(mapping.status("QA"), Some(Status::Done));
        assert_eq!(mapping.iteration_of("s1").as_deref(), Some("s1"));
    }
}
