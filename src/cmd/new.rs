//! `rankdown new`: one new item with the next free id, written where the
//! layout says and ranked where asked.

use super::Outcome;
use crate::cli::{NewArgs, NewKind};
use crate::edit::{Place, insert_entry};
use crate::layout::{CONFIG_FILE, new_item_path};
use crate::model::{Backlog, Kind, StoryType};
use crate::scaffold::{self, Change, Written, next_id, usual_prefix, write_new};
use anyhow::{Context, bail};
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// An item about to be written.
struct NewItem {
    id: String,
    /// Its file, relative to the root.
    path: String,
    text: String,
    /// The list it is ranked in: the file, relative to the root, and key.
    list: Option<(String, &'static str)>,
}

/// Writes the new item, ranks it, prints its path and opens it if asked.
pub fn run(args: &NewArgs) -> anyhow::Result<Outcome> {
    let root = &args.root;
    let backlog = crate::load::load(root)?.backlog;
    let taken = taken_ids(root, &backlog);
    let item = match args.kind {
        NewKind::Feature => feature(args, &backlog, &taken),
        NewKind::Team => team(args, &taken)?,
        NewKind::Pi => pi(args, &backlog, &taken),
        NewKind::Story => story(args, StoryType::Story, &backlog, &taken)?,
        NewKind::Defect => story(args, StoryType::Defect, &backlog, &taken)?,
        NewKind::Enabler => story(args, StoryType::Enabler, &backlog, &taken)?,
        NewKind::Spike => story(args, StoryType::Spike, &backlog, &taken)?,
    };
    // The ranked list is edited in memory first: a place that does not
    // exist stops here, before anything is written.
    let ranked = match &item.list {
        Some((file, key)) => Some((file, ranked_list(root, file, key, &item.id, place(args))?)),
        None => None,
    };
    if write_new(root, &item.path, &item.text)? == Written::Kept {
        bail!("`{}` exists already; nothing was written", item.path);
    }
    if let Some((file, change)) = ranked {
        scaffold::replace_all(root, &BTreeMap::from([(file.clone(), change)]))?;
    }
    println!("{}", root.join(&item.path).display());
    if args.edit {
        open_in_editor(&root.join(&item.path))?;
    }
    Ok(Outcome::Success)
}

/// Every id in use: in the backlog, in files that could not be read, and
/// on every local branch when the root is in a git repository.
fn taken_ids(root: &Path, backlog: &Backlog) -> BTreeSet<String> {
    let mut taken: BTreeSet<String> = Kind::ALL
        .into_iter()
        .flat_map(|kind| backlog.ids(kind))
        .map(str::to_string)
        .collect();
    taken.extend(backlog.unreadable.keys().map(|id| id.to_string()));
    let iterations = backlog.pis.values().flat_map(|pi| &pi.iterations);
    taken.extend(iterations.map(|it| it.id.clone()));
    taken.extend(crate::git::ids_on_branches(root).unwrap_or_default());
    taken
}

fn place(args: &NewArgs) -> Place {
    match (&args.after, &args.before, args.top) {
        (Some(id), _, _) => Place::After(id.clone()),
        (_, Some(id), _) => Place::Before(id.clone()),
        (_, _, true) => Place::Top,
        _ => Place::Bottom,
    }
}

/// The text of `file`, and the text with `id` inserted under `key` at `at`.
fn ranked_list(root: &Path, file: &str, key: &str, id: &str, at: Place) -> anyhow::Result<Change> {
    let path = root.join(file);
    let before = std::fs::read_to_string(&path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let after = insert_entry(&before, key, id, at)
        .with_context(|| format!("cannot rank {id} in `{file}`"))?;
    Ok(Change { before, after })
}

fn story(
    args: &NewArgs,
    kind: StoryType,
    backlog: &Backlog,
    taken: &BTreeSet<String>,
) -> anyhow::Result<NewItem> {
    let team = the_team(args, backlog)?;
    let feature = the_feature(args, kind, backlog)?;
    let ids = backlog.stories.values().filter(|s| s.team.as_str() == team);
    let prefix =
        usual_prefix(ids.map(|s| s.id.as_str())).unwrap_or_else(|| scaffold::prefix_of(team));
    let id = next_id(&prefix, taken.iter().map(String::as_str));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| format!("New {}", kind.as_str()));
    let team_file = backlog
        .teams
        .get(team)
        .map(|t| backlog.file(t.file).path.clone());
    Ok(NewItem {
        path: new_item_path(Kind::Story, &id, Some(team)),
        text: scaffold::story(kind, &title, team, feature),
        list: team_file.map(|file| (file, "backlog")),
        id,
    })
}

/// The team a story goes to: `--team`, or the only team there is.
fn the_team<'a>(args: &'a NewArgs, backlog: &'a Backlog) -> anyhow::Result<&'a str> {
    let teams = backlog.ids(Kind::Team);
    match (&args.team, teams.as_slice()) {
        (Some(team), _) if teams.contains(&team.as_str()) => Ok(team),
        (Some(team), _) => bail!("there is no team `{team}`; teams: {}", listed(&teams)),
        (None, [only]) => Ok(only),
        (None, []) => bail!("the backlog has no team yet: add one with `rankdown new team`"),
        (None, _) => bail!("say which team with --team: {}", listed(&teams)),
    }
}

/// The feature a story belongs to: `--feature`, or for stories and enablers
/// (which need one) the only open feature there is.
fn the_feature<'a>(
    args: &'a NewArgs,
    kind: StoryType,
    backlog: &'a Backlog,
) -> anyhow::Result<Option<&'a str>> {
    let open: Vec<&str> = (backlog.features.values())
        .filter(|f| f.status != crate::model::FeatureStatus::Done)
        .map(|f| f.id.as_str())
        .collect();
    let needed = matches!(kind, StoryType::Story | StoryType::Enabler);
    match (&args.feature, open.as_slice()) {
        (Some(f), _) if backlog.features.contains_key(f.as_str()) => Ok(Some(f)),
        (Some(f), _) => bail!(
            "there is no feature `{f}`; open features: {}",
            listed(&open)
        ),
        (None, _) if !needed => Ok(None),
        (None, [only]) => Ok(Some(only)),
        (None, []) => bail!(
            "a {} needs a feature: add one with `rankdown new feature`",
            kind.as_str()
        ),
        (None, _) => bail!("say which feature with --feature: {}", listed(&open)),
    }
}

fn feature(args: &NewArgs, backlog: &Backlog, taken: &BTreeSet<String>) -> NewItem {
    let prefix = usual_prefix(backlog.ids(Kind::Feature)).unwrap_or_else(|| "F".into());
    let id = next_id(&prefix, taken.iter().map(String::as_str));
    let title = args.title.clone().unwrap_or_else(|| "New feature".into());
    NewItem {
        path: new_item_path(Kind::Feature, &id, None),
        text: scaffold::feature(&title),
        list: Some((CONFIG_FILE.to_string(), "program_backlog")),
        id,
    }
}

fn team(args: &NewArgs, taken: &BTreeSet<String>) -> anyhow::Result<NewItem> {
    let id = match (&args.team, &args.title) {
        (Some(id), _) => id.clone(),
        (None, Some(title)) => slug(title),
        (None, None) => bail!("give the team an id with --team (and a name with --title)"),
    };
    if crate::model::Id::new(&id).is_none() {
        bail!(
            "`{id}` is not a valid team id: start with a letter or digit, then letters, digits, `.`, `_` or `-`"
        );
    }
    if taken.contains(&id) {
        bail!("the id `{id}` is taken; choose another with --team");
    }
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| scaffold::title_of(&id));
    Ok(NewItem {
        path: new_item_path(Kind::Team, &id, None),
        text: scaffold::team(&title),
        list: None,
        id,
    })
}

/// `Web Shop!` → `web-shop`.
fn slug(title: &str) -> String {
    let lower = title.to_lowercase();
    let words = lower
        .split(|c: char| !c.is_ascii_alphanumeric())
        .filter(|w| !w.is_empty());
    words.collect::<Vec<_>>().join("-")
}

/// The PI after the last one: from the day after it ends, with as many
/// iterations of the same length (five of two weeks for the first PI).
fn pi(args: &NewArgs, backlog: &Backlog, taken: &BTreeSet<String>) -> NewItem {
    let prefix = usual_prefix(backlog.ids(Kind::Pi)).unwrap_or_else(|| "PI".into());
    let id = next_id(&prefix, taken.iter().map(String::as_str));
    let last = backlog
        .pis
        .values()
        .filter(|pi| pi.end.is_some())
        .max_by_key(|pi| pi.end);
    let start = last
        .and_then(|pi| pi.end?.tomorrow().ok())
        .unwrap_or_else(super::today);
    let (count, days) = last
        .and_then(|pi| {
            let first = pi.iterations.first()?;
            let days = (first.end - first.start).get_days() + 1;
            Some((pi.iterations.len() as i64, i64::from(days)))
        })
        .unwrap_or((5, 14));
    let title = args
        .title
        .clone()
        .unwrap_or_else(|| scaffold::title_of(&id));
    NewItem {
        path: new_item_path(Kind::Pi, &id, None),
        text: scaffold::pi(&id, &title, start, count, days),
        list: None,
        id,
    }
}

fn listed(ids: &[&str]) -> String {
    ids.join(", ")
}

/// Opens `path` in `$VISUAL` or `$EDITOR` (which may carry arguments,
/// such as `code --wait`) and waits for it to close.
fn open_in_editor(path: &Path) -> anyhow::Result<()> {
    let editor = std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
        .context("--edit needs an editor: set VISUAL or EDITOR (e.g. EDITOR=nano)")?;
    let mut words = editor.split_whitespace();
    let program = words.next().unwrap_or_default();
    let status = std::process::Command::new(program)
        .args(words)
        .arg(path)
        .status()
        .with_context(|| format!("cannot run the editor `{editor}`"))?;
    if !status.success() {
        bail!("the editor `{editor}` failed ({status})");
    }
    Ok(())
}
