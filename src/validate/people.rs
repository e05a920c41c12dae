//! The `people:` map: everyone in it is named in the backlog, and everyone
//! whose role owns content has a handle, so that CODEOWNERS can ask them.

use super::Report;
use crate::diagnostic::Code;
use crate::source::Seg;
use std::collections::BTreeSet;

pub(super) fn check(report: &mut Report) {
    let backlog = report.backlog;
    let Some(config) = &backlog.config else {
        return;
    };
    let Some(people) = &config.people else {
        return;
    };
    let named = backlog.people();
    for name in people.keys().filter(|name| !named.contains(name.as_str())) {
        let hint = crate::suggest::did_you_mean(
            name,
            named.iter().copied(),
            "remove the line, or name the person in a team or feature",
        );
        report.at(
            Code::UnknownPerson,
            config.file,
            &[Seg::Key("people"), Seg::Key(name)],
            format!(
                "`people` lists `{name}`, who is not named in any team, feature or `rankdown.yaml`"
            ),
            hint,
        );
    }
    let mut reported = BTreeSet::new();
    for holding in backlog.holdings() {
        let person = holding.person;
        if people.contains_key(person)
            || backlog.authority(&holding).is_empty()
            || !reported.insert(person)
        {
            continue;
        }
        let role = backlog
            .roles
            .get(holding.role)
            .map_or(holding.role, |r| r.title.as_str());
        report.at(
            Code::MissingHandle,
            holding.file,
            &[Seg::Key(holding.field)],
            format!("`{person}` holds the role {role} but has no handle in `people`"),
            format!("add `{person}: \"@their-handle\"` under `people:` in rankdown.yaml"),
        );
    }
}
