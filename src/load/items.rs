//! Turning one parsed front matter into one typed item, field by field.

use super::fields::Fields;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::{
    Config, Criteria, Feature, FeatureStatus, FeatureType, FileId, Id, Iteration, Limits,
    Milestone, Objective, Pi, Role, Story, StoryStatus, StoryType, Team, Wsjf, is_code_host_handle,
};
use crate::source::{Seg, SourceFile};
use serde_yaml::Mapping;
use std::collections::BTreeMap;

/// The story status `word` names, as front matter writes it.
pub(super) fn story_status(word: &str) -> Option<StoryStatus> {
    StoryStatus::ALL.into_iter().find(|s| s.as_str() == word)
}

/// What a role's `owns` list may name.
pub const OWNABLE: &[&str] = &[
    "story",
    "enabler",
    "defect",
    "spike",
    "feature",
    "team-backlog",
    "program-backlog",
    "pi-objectives",
    "pi-objective-value",
];

/// The file and id an item is read from.
pub(super) struct Origin<'a> {
    /// The source file.
    pub source: &'a SourceFile,
    /// Its index.
    pub file: FileId,
    /// The id from the file stem.
    pub id: Id,
}

/// Checks the optional front-matter `id` against the file stem.
fn check_id(fields: &mut Fields, id: &Id) {
    if let Some(written) = fields.text("id")
        && written != id.as_str()
    {
        fields.report(
            Code::IdMismatch,
            &[Seg::Key("id")],
            format!("front matter says id `{written}` but the file name says `{id}`"),
            format!("remove the `id:` line or rename the file to `{written}.md`"),
        );
    }
}

/// Reads `rankdown.yaml`.
pub(super) fn config(
    map: &Mapping,
    source: &SourceFile,
    file: FileId,
) -> (Option<Config>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, source);
    let title = f.required_text("title");
    let base_url = f.text("base_url").unwrap_or_else(|| "/".into());
    let mut theme = f.text("theme").unwrap_or_else(|| "default".into());
    if !crate::model::is_valid_id(&theme) {
        f.report(
            Code::BadValue,
            &[Seg::Key("theme")],
            format!("`theme` must be the name of a folder under themes/, found `{theme}`"),
            "write a plain name such as `default` or `corporate`, no slashes or dots",
        );
        theme = "default".into();
    }
    let product_manager = f.text("product_manager");
    let business_owners = f.text_list("business_owners");
    let program_backlog = f.ref_list("program_backlog");
    let definition_of_done = f.text_list("definition_of_done");
    let mut rules = Limits::default();
    if let Some(mut r) = f.mapping("rules") {
        if let Some(n) = r.count("max_teams_per_product_owner") {
            rules.max_teams_per_product_owner = n;
        }
        if let Some(n) = r.count("max_product_owners_per_product_manager") {
            rules.max_product_owners_per_product_manager = n;
        }
        f.absorb(r);
    }
    let people = people(&mut f);
    let extra = f.extra();
    // Without a title the rest of the config is still checked and used.
    let config = Some(Config {
        file,
        title: title.unwrap_or_default(),
        base_url,
        theme,
        product_manager,
        business_owners,
        program_backlog,
        definition_of_done,
        rules,
        people,
        extra,
    });
    (config, f.finish())
}

/// `people:`, each name mapped to a code-host handle; an unusable handle is
/// reported (RD603) and kept as `None`.
fn people(f: &mut Fields) -> Option<BTreeMap<String, Option<String>>> {
    let value = f.value("people")?;
    let Some(map) = value.as_mapping() else {
        f.report(
            Code::BadValue,
            &[Seg::Key("people")],
            "`people` must be a mapping of `Name: \"@handle\"` lines".into(),
            "write one `Name: \"@handle\"` line per person, indented under `people:`",
        );
        return None;
    };
    let mut people = BTreeMap::new();
    for (key, value) in map {
        let Some(name) = key.as_str() else { continue };
        let handle = value
            .as_str()
            .map(str::trim)
            .filter(|h| is_code_host_handle(h));
        if handle.is_none() {
            let found = match value.as_str() {
                Some(text) => format!("`{text}`"),
                None if value.is_null() => "nothing".into(),
                None => "a value that is not text".into(),
            };
            f.report(
                Code::BadHandle,
                &[Seg::Key("people"), Seg::Key(name)],
                format!("`people.{name}` must be a GitHub or GitLab handle or an email, found {found}"),
                format!("write `{name}: \"@their-handle\"` (quoted: YAML reads `@` at the start as reserved)"),
            );
        }
        people.insert(name.to_string(), handle.map(str::to_string));
    }
    Some(people)
}

/// An iteration's `capacity:`, points by team id.
fn iteration_capacity(it: &mut Fields) -> BTreeMap<String, u32> {
    let Some(value) = it.value("capacity") else {
        return BTreeMap::new();
    };
    let points = |v: &serde_yaml::Value| v.as_u64().and_then(|n| u32::try_from(n).ok());
    let read: Option<BTreeMap<String, u32>> = value.as_mapping().and_then(|map| {
        (map.iter())
            .map(|(team, v)| Some((team.as_str()?.to_string(), points(v)?)))
            .collect()
    });
    read.unwrap_or_else(|| {
        it.report(
            Code::BadValue,
            &[Seg::Key("capacity")],
            "an iteration's `capacity` must map team ids to whole numbers of points".into(),
            "write `capacity: {checkout: 12}`: the points each team can take in this iteration",
        );
        BTreeMap::new()
    })
}

/// Reads a team file.
pub(super) fn team(map: &Mapping, at: Origin) -> (Option<Team>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, at.source);
    check_id(&mut f, &at.id);
    let title = f.required_text("title");
    let product_owner = f.required_text("product_owner");
    let scrum_master = f.text("scrum_master");
    let members = f.text_list("members");
    let capacity = f.count("capacity");
    let backlog = f.ref_list("backlog");
    let extra = f.extra();
    let team = title.zip(product_owner).map(|(title, product_owner)| Team {
        id: at.id,
        file: at.file,
        title,
        product_owner,
        scrum_master,
        members,
        capacity,
        backlog,
        extra,
    });
    (team, f.finish())
}

/// Reads a story file; `criteria` comes from its body.
pub(super) fn story(
    map: &Mapping,
    at: Origin,
    criteria: Criteria,
) -> (Option<Story>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, at.source);
    check_id(&mut f, &at.id);
    let title = f.required_text("title");
    let kind = f.choice("type", &StoryType::ALL, StoryType::as_str);
    let kind = f.require("type", kind, "");
    let team = f.required_text("team");
    let status = f.choice("status", &StoryStatus::ALL, StoryStatus::as_str);
    let status = f.require("status", status, "");
    let feature = f.text("feature");
    let points = f.count("points");
    let iteration = f.text("iteration");
    let depends_on = f.ref_list("depends_on");
    let labels = f.text_list("labels");
    let extra = f.extra();
    if let Some(k) = kind.filter(|k| k.needs_feature()) {
        let noun = if k == StoryType::Story {
            "stories"
        } else {
            "enablers"
        };
        f.require_because(
            "feature",
            feature.as_ref(),
            &format!(" (required for {noun}; optional for defects and spikes)"),
            "type",
        );
    }
    if let Some(s) = status.filter(|s| s.needs_points()) {
        let why = format!(" (required once a story is {})", s.as_str());
        f.require_because("points", points, &why, "status");
    }
    let story = match (title, kind, team, status) {
        (Some(title), Some(kind), Some(team), Some(status)) => Some(Story {
            id: at.id,
            file: at.file,
            title,
            kind,
            team,
            feature,
            status,
            points,
            iteration,
            depends_on,
            labels,
            criteria,
            extra,
        }),
        _ => None,
    };
    (story, f.finish())
}

/// Reads a feature file; `criteria` comes from its body.
pub(super) fn feature(
    map: &Mapping,
    at: Origin,
    criteria: Criteria,
) -> (Option<Feature>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, at.source);
    check_id(&mut f, &at.id);
    let title = f.required_text("title");
    let kind = f.choice("type", &FeatureType::ALL, FeatureType::as_str);
    let kind = f.require("type", kind, "");
    let status = f.choice("status", &FeatureStatus::ALL, FeatureStatus::as_str);
    let status = f.require("status", status, "");
    let pi = f.text("pi");
    let owner = f.text("owner");
    let labels = f.text_list("labels");
    let wsjf = f.mapping("wsjf").and_then(|mut w| {
        let inputs = wsjf(&mut w);
        f.absorb(w);
        inputs
    });
    let extra = f.extra();
    let feature = match (title, kind, status) {
        (Some(title), Some(kind), Some(status)) => Some(Feature {
            id: at.id,
            file: at.file,
            title,
            kind,
            pi,
            status,
            owner,
            wsjf,
            labels,
            criteria,
            extra,
        }),
        _ => None,
    };
    (feature, f.finish())
}

fn wsjf(w: &mut Fields) -> Option<Wsjf> {
    let mut input = |key: &'static str| {
        let n = w.number(key);
        w.require(key, n, " (WSJF needs all four inputs)")
    };
    let business_value = input("business_value");
    let time_criticality = input("time_criticality");
    let risk_reduction = input("risk_reduction");
    let job_size = input("job_size");
    if job_size.is_some_and(|n| n <= 0.0) {
        w.report(
            Code::BadValue,
            &[Seg::Key("job_size")],
            "`wsjf.job_size` must be greater than 0".into(),
            "estimate the job size as a positive number",
        );
        return None;
    }
    Some(Wsjf {
        business_value: business_value?,
        time_criticality: time_criticality?,
        risk_reduction: risk_reduction?,
        job_size: job_size?,
    })
}

/// Reads a PI file.
pub(super) fn pi(map: &Mapping, at: Origin) -> (Option<Pi>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, at.source);
    check_id(&mut f, &at.id);
    let title = f.required_text("title");
    let start = f.date("start");
    let start = f.require("start", start, "");
    let end = f.date("end");
    let end = f.require("end", end, "");
    let mut iterations = Vec::new();
    let mut undated_iterations = Vec::new();
    for (index, mut it) in f.mapping_list("iterations") {
        let id = it.required_text("id");
        let id = match id {
            Some(id) if !crate::model::is_valid_id(&id) => {
                it.report(
                    Code::BadValue,
                    &[Seg::Key("id")],
                    format!("iteration id `{id}` is not a valid id"),
                    "use letters, digits, `.`, `_` and `-`, e.g. `PI-3.2`",
                );
                None
            }
            id => id,
        };
        let start = it.date("start");
        let start = it.require("start", start, "");
        let end = it.date("end");
        let end = it.require("end", end, "");
        let ip = it.flag("ip").unwrap_or(false);
        let capacity = iteration_capacity(&mut it);
        match (id, start, end) {
            (Some(id), Some(start), Some(end)) => iterations.push(Iteration {
                id,
                start,
                end,
                index,
                ip,
                capacity,
            }),
            (Some(id), ..) => undated_iterations.push(id),
            (None, ..) => {}
        }
        f.absorb(it);
    }
    let mut objectives = Vec::new();
    for (index, mut o) in f.mapping_list("objectives") {
        let team = o.required_text("team");
        let text = o.required_text("text");
        let business_value = o.integer("business_value");
        let business_value = o.require(
            "business_value",
            business_value,
            " (the planned value, 1 to 10)",
        );
        let actual_value = o.integer("actual_value");
        let committed = o.flag("committed").unwrap_or(true);
        let features = o.ref_list("features");
        if let (Some(team), Some(text)) = (team, text) {
            objectives.push(Objective {
                team,
                text,
                business_value,
                actual_value,
                committed,
                features,
                index,
            });
        }
        f.absorb(o);
    }
    let mut milestones = Vec::new();
    for (index, mut m) in f.mapping_list("milestones") {
        let title = m.required_text("title");
        let date = m.date("date");
        let date = m.require("date", date, "");
        if let (Some(title), Some(date)) = (title, date) {
            milestones.push(Milestone { title, date, index });
        }
        f.absorb(m);
    }
    milestones.sort_by_key(|m| (m.date, m.index));
    let business_owners = f.text_list("business_owners");
    let extra = f.extra();
    let pi = title.map(|title| Pi {
        id: at.id,
        file: at.file,
        title,
        start,
        end,
        iterations,
        undated_iterations,
        objectives,
        milestones,
        business_owners,
        extra,
    });
    (pi, f.finish())
}

/// Reads a role file.
pub(super) fn role(map: &Mapping, at: Origin) -> (Option<Role>, Vec<Diagnostic>) {
    let mut f = Fields::new(map, at.source);
    check_id(&mut f, &at.id);
    let title = f.required_text("title");
    let owns = f.ref_list("owns");
    for item in &owns {
        if !OWNABLE.contains(&item.id.as_str()) {
            let hint = crate::suggest::did_you_mean(
                &item.id,
                OWNABLE.iter().copied(),
                format!("use one of: {}", OWNABLE.join(", ")),
            );
            f.report(
                Code::BadValue,
                &[Seg::Key("owns"), Seg::Index(item.index)],
                format!("`owns` names `{}`, which is not a kind of content", item.id),
                hint,
            );
        }
    }
    let responsibilities = f.text_list("responsibilities");
    if f.value("responsibilities").is_none() {
        f.missing("responsibilities", " (the duties this role performs)");
    }
    let extra = f.extra();
    let role = title.map(|title| Role {
        id: at.id,
        file: at.file,
        title,
        owns: owns.into_iter().map(|r| r.id).collect(),
        responsibilities,
        extra,
    });
    (role, f.finish())
}
