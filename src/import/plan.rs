//! Imported tasks laid out as a rankdown backlog root: stories, features
//! from parents and milestones, one team with its ordered backlog, a
//! starter set of roles and `rankdown.yaml`.

use super::Note;
use super::convert::{Task, natural};
use super::files::{config_file, feature_file, plain_feature, story_file, team_file};
use super::mapping::{Mapping, Status};
use super::read::Milestone;
use crate::layout::new_item_path;
use crate::model::{FeatureStatus, Kind};
use crate::scaffold::ROLES;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet};

/// What the import is asked for beyond the source.
#[derive(Debug, Clone)]
pub struct Options {
    /// The id of the one team every story goes to.
    pub team: String,
    /// The team's Product Owner, if known.
    pub product_owner: Option<String>,
    /// Read archived tasks too.
    pub include_archive: bool,
    /// Further teams stories name (Jira's `--team-from`).
    pub teams: Vec<String>,
}

/// The id of the feature for stories with neither a parent nor a milestone.
const CATCH_ALL: &str = "IMPORTED";

/// The id of the PI holding the source's sprints.
pub(super) const SPRINTS_PI: &str = "SPRINTS";

/// The files of the new backlog root by path, and how many stories and
/// features they hold.
#[derive(Debug, Default)]
pub(super) struct Layout {
    /// File contents by path relative to the new root.
    pub files: BTreeMap<String, String>,
    /// How many stories.
    pub stories: usize,
    /// How many features.
    pub features: usize,
    /// How many teams.
    pub teams: usize,
    /// Each source file imported, and what it became.
    pub imported: Vec<Note>,
    /// Milestone files no story needed, and why.
    pub skipped: Vec<Note>,
    /// Other names items go by in the source, to the item's id: a
    /// milestone file's name when its id differs (`EPIC-021.md` saying
    /// `id: EPIC-022`), for wiki links that name the file.
    pub aliases: BTreeMap<String, String>,
}

/// Lays `tasks` out as a backlog root; every decision it makes is noted.
pub(super) fn layout(
    tasks: Vec<Task>,
    milestone_files: &[Milestone],
    mapping: &Mapping,
    options: &Options,
    decisions: &mut Vec<Note>,
) -> Layout {
    let parents: BTreeSet<String> = tasks.iter().filter_map(|t| t.parent.clone()).collect();
    let (feature_tasks, mut stories): (Vec<Task>, Vec<Task>) = tasks
        .into_iter()
        .partition(|t| t.is_feature || parents.contains(&t.id));
    // Ids in use, by key (case and padding aside): tasks, the team, the
    // roles and the catch-all feature.
    let key = super::ids::key;
    let mut taken: BTreeSet<String> = feature_tasks
        .iter()
        .chain(&stories)
        .map(|t| key(&t.id))
        .collect();
    taken.extend(reserved(options).iter().map(|id| key(id)));
    let milestones = milestones(&stories, milestone_files, mapping, &mut taken, decisions);
    let feature_of = features_of_stories(&stories, &milestones, decisions);
    break_cycles(&mut stories, decisions);

    let mut layout = Layout {
        aliases: milestone_aliases(milestone_files, &milestones),
        ..Layout::default()
    };
    account(
        &mut layout,
        &feature_tasks,
        &stories,
        milestone_files,
        &milestones,
    );
    let written: Vec<(String, String, Vec<Note>)> = stories
        .par_iter()
        .map(|story| {
            let mut notes = Vec::new();
            let feature = feature_of.get(&story.id);
            let team = story.team.as_deref().unwrap_or(&options.team);
            let text = story_file(story, feature, team, mapping, &mut notes);
            (new_item_path(Kind::Story, &story.id, None), text, notes)
        })
        .collect();
    for (path, text, notes) in written {
        layout.files.insert(path, text);
        decisions.extend(notes);
    }
    layout.stories = stories.len();
    let features = feature_files(
        &feature_tasks,
        &milestones,
        &stories,
        &feature_of,
        mapping,
        decisions,
    );
    let program: Vec<String> = features
        .iter()
        .filter(|f| f.status != FeatureStatus::Done)
        .map(|f| f.id.clone())
        .collect();
    layout.features = features.len();
    for feature in features {
        layout.files.insert(
            new_item_path(Kind::Feature, &feature.id, None),
            feature.text,
        );
    }
    team_files(&mut layout, &stories, options, decisions);
    for (name, text) in ROLES {
        layout
            .files
            .insert(new_item_path(Kind::Role, name, None), text.to_string());
    }
    layout.files.insert(
        crate::layout::CONFIG_FILE.into(),
        config_file(mapping, &program),
    );
    if let Some(pi) = super::files::sprints_pi(mapping) {
        let path = new_item_path(Kind::Pi, SPRINTS_PI, None);
        layout.files.insert(path, pi);
    }
    layout
}

/// The milestones stories name, made features.
#[derive(Debug, Default)]
struct Milestones {
    /// Each milestone as a story names it, to its feature's id.
    by_name: BTreeMap<String, String>,
    /// Each milestone feature's title and description, by id.
    features: BTreeMap<String, (String, String)>,
    /// Each milestone file made a feature, to the feature's id.
    files: BTreeMap<String, String>,
}

/// The milestones of stories without a parent: a milestone file found by
/// its id, else by its title, else one named as written. Each file is a
/// feature of its own, even when another has the same title. New ids go
/// into `taken`.
fn milestones(
    stories: &[Task],
    files: &[Milestone],
    mapping: &Mapping,
    taken: &mut BTreeSet<String>,
    decisions: &mut Vec<Note>,
) -> Milestones {
    let mut found = Milestones::default();
    for story in stories.iter().filter(|s| s.parent.is_none()) {
        let Some(name) = story.milestone.as_ref() else {
            continue;
        };
        if found.by_name.contains_key(name) {
            continue;
        }
        let (id, title, body) = match milestone_file(name, files, &story.path, decisions) {
            Some(file) => {
                let id = found.files.get(&file.path).cloned().unwrap_or_else(|| {
                    let id = super::ids::clean(&file.id)
                        .filter(|id| !taken.contains(&super::ids::key(id)))
                        .unwrap_or_else(|| milestone_id(&file.id, taken));
                    found.files.insert(file.path.clone(), id.clone());
                    id
                });
                (id, file.title.clone(), file.body.clone())
            }
            None => {
                let body = format!("The milestone `{name}` of {}.", mapping.name);
                let id = milestone_id(name, taken);
                if !files.is_empty() {
                    decisions.push(Note::new(
                        &story.path,
                        format!("milestone `{name}` is no milestone file's id, title or file name; feature `{id}` made for it"),
                    ));
                }
                (id, name.clone(), body)
            }
        };
        taken.insert(super::ids::key(&id));
        found.by_name.insert(name.clone(), id.clone());
        found.features.entry(id).or_insert((title, body));
    }
    note_shared_titles(files, &found.files, decisions);
    found
}

/// Each milestone file made a feature under another id than its file name
/// says: the name, to the feature's id.
fn milestone_aliases(files: &[Milestone], milestones: &Milestones) -> BTreeMap<String, String> {
    let mut aliases = BTreeMap::new();
    for file in files {
        let Some(id) = milestones.files.get(&file.path) else {
            continue;
        };
        if super::ids::key(&file.name_id) != super::ids::key(id) {
            aliases.insert(file.name_id.clone(), id.clone());
        }
    }
    aliases
}

/// The milestone file `name` names: by id, else by file name (noted on
/// `story`), else by title (the first of several with that title, noted).
fn milestone_file<'a>(
    name: &str,
    files: &'a [Milestone],
    story: &str,
    decisions: &mut Vec<Note>,
) -> Option<&'a Milestone> {
    let key = super::ids::key;
    if let Some(file) = files.iter().find(|m| key(&m.id) == key(name)) {
        return Some(file);
    }
    if let Some(file) = files.iter().find(|m| key(&m.name_id) == key(name)) {
        decisions.push(Note::new(
            story,
            format!(
                "milestone `{name}` is the file name of `{}`, whose id is `{}`; taken",
                file.path, file.id
            ),
        ));
        return Some(file);
    }
    let fold = super::mapping::fold;
    let titled: Vec<&Milestone> = files
        .iter()
        .filter(|m| fold(&m.title) == fold(name))
        .collect();
    if titled.len() > 1 {
        decisions.push(Note::new(
            story,
            format!(
                "milestone `{name}` is the title of {} milestone files; the first, `{}`, taken",
                titled.len(),
                titled[0].path
            ),
        ));
    }
    titled.first().copied()
}

/// Notes each milestone file made a feature whose title an earlier one
/// has too: both are kept, each with its own stories and description.
fn note_shared_titles(
    files: &[Milestone],
    made: &BTreeMap<String, String>,
    decisions: &mut Vec<Note>,
) {
    let fold = super::mapping::fold;
    let used: Vec<&Milestone> = files
        .iter()
        .filter(|m| made.contains_key(&m.path))
        .collect();
    for (at, file) in used.iter().enumerate() {
        if let Some(first) = used[..at]
            .iter()
            .find(|m| fold(&m.title) == fold(&file.title))
        {
            decisions.push(Note::new(
                &file.path,
                format!(
                    "milestone title `{}` is also that of `{}`; kept apart as feature `{}`",
                    file.title, first.path, made[&file.path]
                ),
            ));
        }
    }
}

/// Each team's file, its backlog its open stories in order: the import's
/// team, and each team a story names.
fn team_files(layout: &mut Layout, stories: &[Task], options: &Options, decisions: &mut Vec<Note>) {
    let mut teams: BTreeMap<&str, Vec<&Task>> = BTreeMap::new();
    // The import's team, unless the source names the teams (and none of
    // its stories is without one).
    if options.teams.is_empty() {
        teams.entry(options.team.as_str()).or_default();
    }
    for story in stories {
        let team = story.team.as_deref().unwrap_or(&options.team);
        teams.entry(team).or_default().push(story);
    }
    for (team, stories) in teams {
        let path = new_item_path(Kind::Team, team, None);
        let product_owner = options.product_owner.clone().unwrap_or_else(|| {
            decisions.push(Note::new(
                &path,
                "no Product Owner given (--product-owner); `Product Owner` written in their place",
            ));
            "Product Owner".to_string()
        });
        let order = team_order(&stories, decisions);
        layout
            .files
            .insert(path, team_file(team, &product_owner, &order));
        layout.teams += 1;
    }
}

/// Notes what each source file became, and each milestone file no story
/// needed (its stories all have a parent task, or it has none).
fn account(
    layout: &mut Layout,
    feature_tasks: &[Task],
    stories: &[Task],
    milestone_files: &[Milestone],
    milestones: &Milestones,
) {
    for task in feature_tasks {
        let why = match task.is_feature {
            true => "its type",
            false => "other tasks name it as parent",
        };
        let what = format!("feature `{}` ({why})", task.id);
        layout.imported.push(Note::new(&task.path, what));
    }
    for story in stories {
        let what = format!("{} `{}`", story.kind, story.id);
        layout.imported.push(Note::new(&story.path, what));
    }
    for file in milestone_files {
        match milestones.files.get(&file.path) {
            Some(id) => {
                let what = format!("feature `{id}` (a milestone)");
                layout.imported.push(Note::new(&file.path, what));
            }
            None => layout.skipped.push(Note::new(
                &file.path,
                "a milestone no story names (or only stories in a parent task's feature): no feature made",
            )),
        }
    }
}

/// Each story's feature: its parent, else its milestone's, else (for
/// stories and enablers, which need one) the catch-all.
fn features_of_stories(
    stories: &[Task],
    milestones: &Milestones,
    decisions: &mut Vec<Note>,
) -> BTreeMap<String, String> {
    let mut feature_of = BTreeMap::new();
    for story in stories {
        let feature = match (&story.parent, &story.milestone) {
            (Some(parent), Some(name)) => {
                decisions.push(Note::new(
                    &story.path,
                    format!(
                        "in feature `{parent}` (its parent); milestone `{name}` kept under extra"
                    ),
                ));
                Some(parent.clone())
            }
            (Some(parent), None) => Some(parent.clone()),
            (None, Some(name)) => milestones.by_name.get(name).cloned(),
            (None, None) if matches!(story.kind.as_str(), "story" | "enabler") => {
                Some(CATCH_ALL.to_string())
            }
            (None, None) => None,
        };
        if let Some(feature) = feature {
            feature_of.insert(story.id.clone(), feature);
        }
    }
    feature_of
}

/// One feature file to write.
struct FeatureFile {
    id: String,
    status: FeatureStatus,
    text: String,
}

/// The features: parent tasks, milestones, and the catch-all if a story
/// needs it, in that order (the program backlog's).
fn feature_files(
    feature_tasks: &[Task],
    milestones: &Milestones,
    stories: &[Task],
    feature_of: &BTreeMap<String, String>,
    mapping: &Mapping,
    decisions: &mut Vec<Note>,
) -> Vec<FeatureFile> {
    let status_of = |id: &str| {
        let mine = stories
            .iter()
            .filter(|s| feature_of.get(&s.id).is_some_and(|f| f == id));
        feature_status(mine)
    };
    let mut features = Vec::new();
    for task in feature_tasks {
        let status = task.status.feature_status();
        let text = feature_file(task, status, decisions);
        features.push(FeatureFile {
            id: task.id.clone(),
            status,
            text,
        });
    }
    for (id, (title, body)) in &milestones.features {
        let status = status_of(id);
        let text = plain_feature(title, status, body);
        features.push(FeatureFile {
            id: id.clone(),
            status,
            text,
        });
    }
    if feature_of.values().any(|f| f == CATCH_ALL) {
        let status = status_of(CATCH_ALL);
        let title = format!(
            "Imported from {} without a parent or milestone",
            mapping.name
        );
        let text = plain_feature(
            &title,
            status,
            "Stories that had no parent task and no milestone in the source. Move each to the feature it belongs to.",
        );
        features.push(FeatureFile {
            id: CATCH_ALL.to_string(),
            status,
            text,
        });
    }
    features
}

/// The ids import writes files for besides tasks: the team, the roles and
/// the catch-all feature. A task or milestone with one of them is renamed.
pub(super) fn reserved(options: &Options) -> Vec<String> {
    let mut ids = vec![
        options.team.clone(),
        CATCH_ALL.to_string(),
        SPRINTS_PI.to_string(),
    ];
    ids.extend(options.teams.iter().cloned());
    ids.extend(ROLES.iter().map(|(id, _)| id.to_string()));
    ids
}

/// A feature id for a milestone: `M-` and the name made an id, unless its
/// key is taken.
fn milestone_id(name: &str, taken: &BTreeSet<String>) -> String {
    let base = super::ids::clean(&format!("M-{name}")).unwrap_or_else(|| "M".into());
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&super::ids::key(&id)) {
        id = format!("{base}-{n}");
        n += 1;
    }
    id
}

/// A feature's status from its stories: done when all are, implementing
/// once one has started, else backlog.
fn feature_status<'a>(stories: impl Iterator<Item = &'a Task>) -> FeatureStatus {
    let statuses: Vec<Status> = stories.map(|s| s.status).collect();
    if !statuses.is_empty()
        && statuses
            .iter()
            .all(|s| matches!(s, Status::Done | Status::WontDo))
    {
        FeatureStatus::Done
    } else if statuses.iter().any(|s| *s != Status::Backlog) {
        FeatureStatus::Implementing
    } else {
        FeatureStatus::Backlog
    }
}

/// Drops each dependency between stories that closes a cycle (rankdown
/// allows none), in id order, noting it. Depth-first with a stack of its
/// own, so a long chain of dependencies cannot overflow the call stack.
fn break_cycles(stories: &mut [Task], decisions: &mut Vec<Note>) {
    let index: BTreeMap<String, usize> = stories
        .iter()
        .enumerate()
        .map(|(i, s)| (s.id.clone(), i))
        .collect();
    // 0 unvisited, 1 on the path, 2 done.
    let mut state = vec![0u8; stories.len()];
    for start in 0..stories.len() {
        if state[start] != 0 {
            continue;
        }
        state[start] = 1;
        // Each entry: a story and how many of its dependencies were seen.
        let mut path: Vec<(usize, usize)> = vec![(start, 0)];
        while let Some((at, seen)) = path.last_mut() {
            let (at, next_dep) = (*at, *seen);
            let Some(dep) = stories[at].depends_on.get(next_dep).cloned() else {
                state[at] = 2;
                path.pop();
                continue;
            };
            *seen += 1;
            let Some(&next) = index.get(&dep) else {
                continue;
            };
            match state[next] {
                0 => {
                    state[next] = 1;
                    path.push((next, 0));
                }
                1 => {
                    stories[at].depends_on.remove(next_dep);
                    if let Some((_, seen)) = path.last_mut() {
                        *seen -= 1;
                    }
                    decisions.push(Note::new(
                        &stories[at].path,
                        format!("dependency on `{dep}` dropped: it closes a cycle, which rankdown does not allow"),
                    ));
                }
                _ => {}
            }
        }
    }
}

/// The open stories in backlog order: by sprint (those in none last), then
/// order field, then priority, then id; then each story is moved below the
/// open stories it depends on (depth-first with a stack of its own).
fn team_order(stories: &[&Task], decisions: &mut Vec<Note>) -> Vec<String> {
    let mut open: Vec<&Task> = stories
        .iter()
        .copied()
        .filter(|s| matches!(s.status, Status::Backlog | Status::InProgress))
        .collect();
    open.sort_by(|a, b| {
        let order = |t: &Task| t.order.map_or((1, 0.0), |o| (0, o));
        let (oa, ob) = (order(a), order(b));
        let sprint = |t: &Task| t.sprint_rank.map_or((1, 0), |r| (0, r));
        sprint(a)
            .cmp(&sprint(b))
            .then(oa.0.cmp(&ob.0))
            .then(oa.1.total_cmp(&ob.1))
            .then(a.priority.cmp(&b.priority))
            .then_with(|| natural(&a.id, &b.id))
    });
    let by_id: BTreeMap<&str, &Task> = open.iter().map(|t| (t.id.as_str(), *t)).collect();
    let mut placed: Vec<String> = Vec::new();
    let mut started: BTreeSet<&str> = BTreeSet::new();
    for task in &open {
        if !started.insert(task.id.as_str()) {
            continue;
        }
        // Each entry: a story, how many of its dependencies were seen, and
        // the story that pulled it up, if any.
        let mut stack: Vec<(&Task, usize, Option<&str>)> = vec![(task, 0, None)];
        while let Some((at, seen, needed_by)) = stack.last_mut() {
            let (at, needed_by) = (*at, *needed_by);
            match at.depends_on.get(*seen) {
                Some(dep) => {
                    *seen += 1;
                    if let Some(dep_task) = by_id.get(dep.as_str())
                        && started.insert(dep_task.id.as_str())
                    {
                        stack.push((dep_task, 0, Some(at.id.as_str())));
                    }
                }
                None => {
                    if let Some(story) = needed_by {
                        decisions.push(Note::new(
                            &at.path,
                            format!("ranked above `{story}`, which depends on it"),
                        ));
                    }
                    placed.push(at.id.clone());
                    stack.pop();
                }
            }
        }
    }
    placed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn task(id: String, depends_on: Vec<String>, order: f64) -> Task {
        Task {
            path: format!("{id}.md"),
            id,
            title: "t".into(),
            status: Status::Backlog,
            kind: "story".into(),
            labels: Vec::new(),
            depends_on,
            parent: None,
            milestone: None,
            order: Some(order),
            sprint_rank: None,
            priority: 3,
            points: None,
            iteration: None,
            team: None,
            is_feature: false,
            body: Default::default(),
            extra: Default::default(),
        }
    }

    #[test]
    fn a_long_chain_is_ordered_without_deep_recursion() {
        // t-0 depends on t-1, which depends on t-2, ...; the order field
        // says the opposite, so every story moves.
        let n = 50_000;
        let mut stories: Vec<Task> = (0..n)
            .map(|i| {
                let deps = if i + 1 < n {
                    vec![format!("t-{}", i + 1)]
                } else {
                    Vec::new()
                };
                task(format!("t-{i}"), deps, i as f64)
            })
            .collect();
        // And one cycle at the end.
        stories[n - 1].depends_on.push("t-0".into());
        let mut decisions = Vec::new();
        break_cycles(&mut stories, &mut decisions);
        assert_eq!(decisions.len(), 1);
        let refs: Vec<&Task> = stories.iter().collect();
        let order = team_order(&refs, &mut decisions);
        assert_eq!(order.first().map(String::as_str), Some("t-49999"));
        assert_eq!(order.last().map(String::as_str), Some("t-0"));
        assert_eq!(decisions.len(), n);
    }
}
