//! Items added, removed, renamed, and the fields that changed on the rest.

use crate::model::{Backlog, Kind};
use serde::Serialize;

/// An item on one side of the comparison.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ItemRef {
    /// story, feature, team, PI or role.
    pub kind: &'static str,
    /// The item's id.
    pub id: String,
    /// The item's title.
    pub title: String,
}

/// An item whose file, and so id, was renamed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Renamed {
    /// story, feature, team, PI or role.
    pub kind: &'static str,
    /// The old id.
    pub from: String,
    /// The new id.
    pub to: String,
    /// The title (after).
    pub title: String,
}

/// One field of an item with a new value.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The front-matter field (or `rankdown.yaml` key).
    pub field: &'static str,
    /// The old value; `None` when it was not set.
    pub before: Option<String>,
    /// The new value; `None` when it is no longer set.
    pub after: Option<String>,
}

/// An item present on both sides whose fields changed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Changed {
    /// story, feature, team, PI, role or config.
    pub kind: &'static str,
    /// The item's id (after a rename, the new one).
    pub id: String,
    /// The title (after).
    pub title: String,
    /// What changed, in front-matter order.
    pub fields: Vec<FieldChange>,
    /// Whether the Markdown body was edited (acceptance criteria aside:
    /// they are compared one by one).
    pub description: bool,
}

/// Every item-level change between two backlogs.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct ItemChanges {
    /// New items.
    pub added: Vec<ItemRef>,
    /// Items no longer there.
    pub removed: Vec<ItemRef>,
    /// Items whose id changed.
    pub renamed: Vec<Renamed>,
    /// Items whose fields changed.
    pub changed: Vec<Changed>,
}

/// An item's id before and after, for items on both sides.
pub(super) type Pair = (Kind, String, String);

/// Compares the items of `before` and `after`; also returns every item on
/// both sides (renamed ones under both ids) for the other comparisons.
pub(super) fn compare(before: &Backlog, after: &Backlog) -> (ItemChanges, Vec<Pair>) {
    let mut changes = ItemChanges::default();
    let mut pairs = Vec::new();
    for kind in [Kind::Story, Kind::Feature, Kind::Team, Kind::Pi, Kind::Role] {
        let old = before.ids(kind);
        let new = after.ids(kind);
        let mut gone: Vec<&str> = old
            .iter()
            .copied()
            .filter(|id| after.kind_of(id) != Some(kind))
            .collect();
        let mut came: Vec<&str> = new
            .iter()
            .copied()
            .filter(|id| before.kind_of(id) != Some(kind))
            .collect();
        for (from, to) in renames(before, after, &gone, &came) {
            gone.retain(|id| *id != from);
            came.retain(|id| *id != to);
            changes.renamed.push(Renamed {
                kind: kind.noun(),
                from: from.to_string(),
                to: to.to_string(),
                title: after.title_of(to).unwrap_or_default().to_string(),
            });
            pairs.push((kind, from.to_string(), to.to_string()));
        }
        let item = |b: &Backlog, id: &str| ItemRef {
            kind: kind.noun(),
            id: id.to_string(),
            title: b.title_of(id).unwrap_or_default().to_string(),
        };
        changes.added.extend(came.iter().map(|id| item(after, id)));
        changes
            .removed
            .extend(gone.iter().map(|id| item(before, id)));
        pairs.extend(
            old.iter()
                .filter(|id| after.kind_of(id) == Some(kind))
                .map(|id| (kind, id.to_string(), id.to_string())),
        );
    }
    pairs.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
    let config = facts_of_config(before).zip(facts_of_config(after));
    if let Some(fields) = config
        .map(|(b, a)| differences(b, a))
        .filter(|f| !f.is_empty())
    {
        changes.changed.push(Changed {
            kind: "config",
            id: crate::layout::CONFIG_FILE.into(),
            title: after
                .config
                .as_ref()
                .map(|c| c.title.clone())
                .unwrap_or_default(),
            fields,
            description: false,
        });
    }
    for (kind, from, to) in &pairs {
        let fields = differences(facts(before, *kind, from), facts(after, *kind, to));
        let description = description(before, *kind, from) != description(after, *kind, to);
        if !fields.is_empty() || description {
            changes.changed.push(Changed {
                kind: kind.noun(),
                id: to.clone(),
                title: after.title_of(to).unwrap_or_default().to_string(),
                fields,
                description,
            });
        }
    }
    (changes, pairs)
}

/// Removed and added items of one kind that are the same item under a new
/// id: the same title, or the same body, and no other candidate for either.
fn renames<'a>(
    before: &Backlog,
    after: &Backlog,
    gone: &[&'a str],
    came: &[&'a str],
) -> Vec<(&'a str, &'a str)> {
    let same = |from: &str, to: &str| {
        before.title_of(from) == after.title_of(to)
            || body(before, from).is_some_and(|text| body(after, to) == Some(text))
    };
    gone.iter()
        .filter_map(|&from| {
            let mut candidates = came.iter().filter(|&&to| same(from, to));
            let to = *candidates.next()?;
            let only = candidates.next().is_none()
                && gone.iter().filter(|&&other| same(other, to)).count() == 1;
            only.then_some((from, to))
        })
        .collect()
}

/// An item's body without its acceptance-criteria section, trimmed.
fn description<'a>(b: &'a Backlog, kind: Kind, id: &str) -> (&'a str, &'a str) {
    let Some(file) = b.file_of(kind, id) else {
        return ("", "");
    };
    let body = b.file(file).body();
    let criteria = match kind {
        Kind::Story => b.stories.get(id).and_then(|s| s.criteria.section.clone()),
        Kind::Feature => b.features.get(id).and_then(|f| f.criteria.section.clone()),
        _ => None,
    };
    match criteria.filter(|r| {
        r.end <= body.len() && body.is_char_boundary(r.start) && body.is_char_boundary(r.end)
    }) {
        Some(r) => (body[..r.start].trim(), body[r.end..].trim()),
        None => (body.trim(), ""),
    }
}

/// The item's body, trimmed, unless it is empty.
fn body<'b>(b: &'b Backlog, id: &str) -> Option<&'b str> {
    let text = b.file(b.file_of(b.kind_of(id)?, id)?).body().trim();
    (!text.is_empty()).then_some(text)
}

/// The fields compared for an item, as shown to people.
type Facts = Vec<(&'static str, Option<String>)>;

fn differences(before: Facts, after: Facts) -> Vec<FieldChange> {
    before
        .into_iter()
        .zip(after)
        .filter(|(b, a)| b.1 != a.1)
        .map(|((field, before), (_, after))| FieldChange {
            field,
            before,
            after,
        })
        .collect()
}

fn list(items: impl IntoIterator<Item = impl AsRef<str>>) -> Option<String> {
    let items: Vec<String> = items.into_iter().map(|s| s.as_ref().to_string()).collect();
    (!items.is_empty()).then(|| items.join(", "))
}

fn facts(b: &Backlog, kind: Kind, id: &str) -> Facts {
    let text = |s: &str| Some(s.to_string());
    let number = |n: Option<u32>| n.map(|n| n.to_string());
    match kind {
        Kind::Story => b.stories.get(id).map_or_else(Vec::new, |s| {
            vec![
                ("title", text(&s.title)),
                ("type", text(s.kind.as_str())),
                ("status", text(s.status.as_str())),
                ("points", number(s.points)),
                ("team", text(&s.team)),
                ("feature", s.feature.clone()),
                ("iteration", s.iteration.clone()),
                ("depends_on", list(s.depends_on.iter().map(|r| &r.id))),
                ("labels", list(&s.labels)),
            ]
        }),
        Kind::Feature => b.features.get(id).map_or_else(Vec::new, |f| {
            vec![
                ("title", text(&f.title)),
                ("type", text(f.kind.as_str())),
                ("status", text(f.status.as_str())),
                ("pi", f.pi.clone()),
                ("owner", f.owner.clone()),
                ("wsjf", f.wsjf.map(|w| format!("{:.1}", w.score()))),
                ("labels", list(&f.labels)),
            ]
        }),
        Kind::Team => b.teams.get(id).map_or_else(Vec::new, |t| {
            vec![
                ("title", text(&t.title)),
                ("product_owner", text(&t.product_owner)),
                ("scrum_master", t.scrum_master.clone()),
                ("members", list(&t.members)),
                ("capacity", number(t.capacity)),
            ]
        }),
        Kind::Pi => b.pis.get(id).map_or_else(Vec::new, |p| {
            let date = |d: Option<jiff::civil::Date>| d.map(|d| d.to_string());
            let iterations = p
                .iterations
                .iter()
                .map(|i| format!("{} ({} to {})", i.id, i.start, i.end));
            vec![
                ("title", text(&p.title)),
                ("start", date(p.start)),
                ("end", date(p.end)),
                ("iterations", list(iterations)),
            ]
        }),
        Kind::Role => b.roles.get(id).map_or_else(Vec::new, |r| {
            vec![
                ("title", text(&r.title)),
                ("owns", list(&r.owns)),
                ("responsibilities", list(&r.responsibilities)),
            ]
        }),
    }
}

fn facts_of_config(b: &Backlog) -> Option<Facts> {
    let c = b.config.as_ref()?;
    Some(vec![
        ("title", Some(c.title.clone())),
        ("product_manager", c.product_manager.clone()),
        ("definition_of_done", list(&c.definition_of_done)),
    ])
}
