//! `rankdown import`: another tool's backlog made into a rankdown root,
//! checked, and written only when the new root is free.

use super::Outcome;
use crate::cli::{
    DevStoriesImportArgs, ImportArgs, ImportCommand, ImportOptions, JiraCsvImportArgs,
};
use crate::diagnostic::{self, Counts};
use crate::import::{self, Imported, Mapping, Note, Options};
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Component, Path};

/// Runs `import`: reads the source, lays out the new root, checks it, writes
/// it (unless `--dry-run`) and prints what was converted, skipped and decided.
pub fn run(command: &ImportCommand) -> anyhow::Result<Outcome> {
    match command {
        ImportCommand::JiraCsv(jira) => {
            let imported = jira_csv(jira)?;
            report(&jira.file, &jira.options, imported)
        }
        folder => {
            let (args, imported) = from_folder(folder)?;
            report(&args.source, &args.options, imported)
        }
    }
}

/// Reads a Jira export into a new root, once the teams, the settings
/// file and the new root's folder are fine.
fn jira_csv(jira: &JiraCsvImportArgs) -> anyhow::Result<Imported> {
    let team = jira.team.clone().unwrap_or_else(|| "team".into());
    check_team(&team)?;
    let settings = match &jira.config {
        Some(path) => read_settings(path)?,
        None => import::Settings::default(),
    };
    if !settings.sizes.is_empty() {
        bail!("`sizes` is for DevStories: a Jira export has story points, not sizes");
    }
    let folder = jira.file.parent().unwrap_or(Path::new("."));
    crate::output::refuse_backlog_files(folder, &jira.options.output, "the new backlog root")?;
    check_output(&jira.options)?;
    let export = import::jira::read(&jira.file, &settings, jira.team_from.as_deref())?;
    for team in &export.teams {
        check_team(team)?;
    }
    let options = Options {
        team,
        product_owner: jira.options.product_owner.clone(),
        include_archive: false,
        teams: export.teams.clone(),
    };
    Ok(import::import_jira(export, &options))
}

/// Refuses a team id rankdown cannot use.
fn check_team(team: &str) -> anyhow::Result<()> {
    if crate::model::Id::new(team).is_none() {
        bail!("`--team {team}` is not a valid id: letters, digits, `.`, `_` or `-`");
    }
    Ok(())
}

/// DevStories' layout for `rankdown import devstories`, with the user's
/// settings; settings only a Jira export has are refused.
fn devstories_mapping(devstories: &DevStoriesImportArgs) -> anyhow::Result<Mapping> {
    let source = &devstories.import.source;
    require_folder(source, import::DEVSTORIES_FOLDER, "DevStories")?;
    let settings = match &devstories.config {
        Some(path) => read_settings(path)?,
        None => import::Settings::default(),
    };
    if settings.criteria_field.is_some() {
        bail!(
            "`criteria_field` is for a Jira export: DevStories keeps criteria in the story's text (give `criteria_heading`)"
        );
    }
    Ok(import::devstories(source, &settings))
}

/// Refuses a source without the folder `tool` keeps its backlog in.
fn require_folder(source: &Path, folder: &str, tool: &str) -> anyhow::Result<()> {
    if !source.join(folder).is_dir() {
        bail!(
            "`{}` has no {folder}/ folder: is it a {tool} project?",
            source.display()
        );
    }
    Ok(())
}

/// The `--config` settings of a built-in import, refused when they do not
/// parse or map to a type rankdown does not have.
fn read_settings(path: &Path) -> anyhow::Result<import::Settings> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let value = crate::load::read_yaml(&text)
        .map_err(|e| anyhow::anyhow!("`{}` is not a settings file: {e}", path.display()))?;
    let settings: import::Settings = serde_yaml::from_value(value)
        .map_err(|e| anyhow::anyhow!("`{}` is not a settings file: {e}", path.display()))?;
    check_tables(path, &settings.types, &settings.sprints)?;
    Ok(settings)
}

/// Reads a folder source (Backlog.md or a mapped one) into a new root,
/// once the team, the mapping and the new root's folder are fine.
fn from_folder(command: &ImportCommand) -> anyhow::Result<(&ImportArgs, Imported)> {
    let (args, team, mapping, include_archive) = match command {
        ImportCommand::BacklogMd(backlog_md) => {
            let args = &backlog_md.import;
            require_folder(&args.source, "backlog", "Backlog.md")?;
            let mapping = import::backlog_md(&args.source);
            (args, &backlog_md.team, mapping, backlog_md.include_archive)
        }
        ImportCommand::DevStories(devstories) => {
            let mapping = devstories_mapping(devstories)?;
            (&devstories.import, &devstories.team, mapping, false)
        }
        ImportCommand::Markdown(markdown) => (
            &markdown.import,
            &markdown.team,
            read_mapping(&markdown.mapping)?,
            markdown.include_archive,
        ),
        ImportCommand::JiraCsv(_) => bail!("a Jira export is not a folder"),
    };
    if !args.source.is_dir() {
        bail!("`{}` is not a folder", args.source.display());
    }
    let mut mapping = mapping;
    if matches!(command, ImportCommand::Markdown(_)) {
        check_folders(&args.source, &mut mapping)?;
    }
    check_team(team)?;
    let output = &args.options.output;
    crate::output::refuse_backlog_files(&args.source, output, "the new backlog root")?;
    check_output(&args.options)?;
    if let Some(folder) = read_folder_holding(output, &args.source, &mapping) {
        bail!(
            "`{}` is inside `{}`, which import reads: give the new root a folder outside it",
            output.display(),
            folder.display()
        );
    }
    let options = Options {
        team: team.clone(),
        product_owner: args.options.product_owner.clone(),
        include_archive,
        teams: Vec::new(),
    };
    Ok((args, import::import(&args.source, &mapping, &options)))
}

/// Checks the new root, writes it unless `--dry-run`, and prints the
/// summary and the check's findings.
fn report(source: &Path, args: &ImportOptions, mut imported: Imported) -> anyhow::Result<Outcome> {
    let update = match args.update {
        true => Some(import::update::merge(
            &args.output,
            &imported.files,
            args.prune,
        )?),
        false => None,
    };
    let checked = match &update {
        Some(update) => {
            imported.decisions.extend(update.notes.iter().cloned());
            imported.decisions.sort();
            check(&updated_root(&args.output, update))
        }
        None => check(&imported.files),
    };
    if !args.dry_run {
        let (files, delete) = match &update {
            Some(update) => (&update.write, update.delete.as_slice()),
            None => (&imported.files, &[][..]),
        };
        write(&args.output, files, delete)?;
        let record = match &update {
            Some(update) => update.record.clone(),
            None => import::update::record(&imported.files),
        };
        let path = args.output.join(crate::layout::IMPORT_RECORD);
        std::fs::write(&path, record)
            .with_context(|| format!("cannot write `{}`", path.display()))?;
    }
    let mut out = anstream::stdout();
    let _ = out.write_all(super::import_summary::summary(source, args, &imported).as_bytes());
    if let Some(update) = &update {
        let verb = if args.dry_run { "would write" } else { "wrote" };
        let (written, deleted) = (update.write.len(), update.delete.len());
        let _ = writeln!(
            out,
            "\nupdate: {verb} {written} changed or new files, {deleted} deleted"
        );
    }
    let counts = Counts::of(&checked.diagnostics);
    if counts.errors > 0 || counts.warnings > 0 {
        let prefix = super::check::display_prefix(&args.output);
        let text = diagnostic::to_human(&checked.diagnostics, &checked.backlog, &prefix);
        let _ = writeln!(out, "\n{text}");
    } else {
        let _ = writeln!(out, "\ncheck: no errors, no warnings");
    }
    std::mem::forget(checked);
    Ok(if counts.errors > 0 {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// The files of the root at `root` once `update` is made: what is there,
/// with its writes and without its deletions.
fn updated_root(root: &Path, update: &import::update::Update) -> BTreeMap<String, String> {
    let (found, _) = crate::layout::find(root);
    let mut files: BTreeMap<String, String> = found
        .into_iter()
        .filter_map(|f| {
            Some((
                f.path.clone(),
                std::fs::read_to_string(root.join(&f.path)).ok()?,
            ))
        })
        .collect();
    let config = crate::layout::CONFIG_FILE;
    if let Ok(text) = std::fs::read_to_string(root.join(config)) {
        files.insert(config.to_string(), text);
    }
    files.extend(update.write.iter().map(|(p, t)| (p.clone(), t.clone())));
    for path in &update.delete {
        files.remove(path);
    }
    files
}

/// The mapping file at `path`, refused when it does not parse, maps to a
/// type rankdown does not have, or names a folder outside the source.
fn read_mapping(path: &Path) -> anyhow::Result<Mapping> {
    let text = std::fs::read_to_string(path)
        .with_context(|| format!("cannot read `{}`", path.display()))?;
    let not_a_mapping = |e: &dyn std::fmt::Display| {
        anyhow::anyhow!("`{}` is not a mapping file: {e}", path.display())
    };
    // Read as the loader reads YAML: depth and size bounded.
    let value = crate::load::read_yaml(&text).map_err(|e| not_a_mapping(&e))?;
    let mapping: Mapping = serde_yaml::from_value(value).map_err(|e| not_a_mapping(&e))?;
    check_tables(path, &mapping.types, &mapping.sprints)?;
    let folders = mapping.folders.iter().map(|f| f.path.as_str());
    for folder in folders.chain(mapping.milestones.as_deref()) {
        let inside = Path::new(folder)
            .components()
            .all(|c| matches!(c, Component::Normal(_) | Component::CurDir));
        if !inside {
            bail!(
                "`{}`: folder `{folder}` is not inside the source; give paths relative to it, without `..`",
                path.display()
            );
        }
    }
    Ok(mapping)
}

/// Refuses a type table naming a type rankdown does not have, and a
/// sprint whose dates do not read.
fn check_tables(
    path: &Path,
    types: &std::collections::BTreeMap<String, String>,
    sprints: &[import::Sprint],
) -> anyhow::Result<()> {
    for (from, to) in types {
        if !["story", "enabler", "defect", "spike"].contains(&to.as_str()) {
            bail!(
                "`{}`: type `{from}` maps to `{to}`; use story, enabler, defect or spike",
                path.display()
            );
        }
    }
    for sprint in sprints {
        for date in [&sprint.start, &sprint.end] {
            if date.parse::<jiff::civil::Date>().is_err() {
                bail!(
                    "`{}`: sprint `{}` has the date `{date}`; write dates as YYYY-MM-DD",
                    path.display(),
                    sprint.name
                );
            }
        }
    }
    Ok(())
}

/// Notes each mapping folder the source does not have; refuses a mapping
/// none of whose folders it has, which would import nothing.
fn check_folders(source: &Path, mapping: &mut Mapping) -> anyhow::Result<()> {
    let missing: Vec<String> = mapping
        .folders
        .iter()
        .map(|f| f.path.clone())
        .filter(|path| !source.join(path).is_dir())
        .collect();
    if missing.len() == mapping.folders.len() {
        bail!(
            "none of the mapping's folders ({}) is in `{}`: is SOURCE the folder they are in?",
            missing.join(", "),
            source.display()
        );
    }
    for path in missing {
        let note = Note {
            message: "a folder of the mapping that the source does not have: nothing read from it"
                .into(),
            path,
        };
        mapping.notes.push(note);
    }
    Ok(())
}

/// The new root must be a folder that does not exist yet, or an empty one
/// (a `.git` folder alone counts as empty: a fresh clone); with `--update`,
/// a root an earlier import made (which the merge checks).
fn check_output(args: &ImportOptions) -> anyhow::Result<()> {
    if args.update {
        return Ok(());
    }
    let output = args.output.as_path();
    let only_git = |entries: std::fs::ReadDir| {
        entries
            .filter_map(Result::ok)
            .all(|e| e.file_name() == ".git")
    };
    match std::fs::read_dir(output).map(only_git) {
        Ok(false) => {
            bail!(
                "`{}` is not empty: import writes a new backlog root, give it a new folder",
                output.display()
            )
        }
        Ok(true) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(()),
        Err(e) => Err(e).with_context(|| format!("cannot use `{}`", output.display())),
    }
}

/// The folder of the source that import reads and `output` is inside, if any.
fn read_folder_holding(
    output: &Path,
    source: &Path,
    mapping: &Mapping,
) -> Option<std::path::PathBuf> {
    let Ok(output) = crate::output::absolute(output) else {
        return Some(source.to_path_buf());
    };
    let folders = mapping
        .folders
        .iter()
        .map(|f| f.path.as_str())
        .chain(mapping.milestones.as_deref())
        .chain(mapping.root.as_deref());
    folders
        .map(|folder| source.join(folder))
        .find(|folder| crate::output::absolute(folder).is_ok_and(|f| output.starts_with(f)))
}

/// The new root checked as `rankdown check` would, from memory.
fn check(files: &BTreeMap<String, String>) -> crate::Checked {
    let config = files
        .get(crate::layout::CONFIG_FILE)
        .cloned()
        .unwrap_or_default()
        .into_bytes();
    let items = files
        .iter()
        .filter(|(path, _)| path.as_str() != crate::layout::CONFIG_FILE)
        .map(|(path, text)| (path.clone(), text.clone().into_bytes()))
        .collect();
    crate::validated(crate::load::load_files(config, items, Vec::new()))
}

/// Writes `files` into `root` and deletes `delete` there.
fn write(root: &Path, files: &BTreeMap<String, String>, delete: &[String]) -> anyhow::Result<()> {
    for (path, text) in files {
        let file = root.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot make `{}`", parent.display()))?;
        }
        std::fs::write(&file, text)
            .with_context(|| format!("cannot write `{}`", file.display()))?;
    }
    for path in delete {
        let file = root.join(path);
        std::fs::remove_file(&file)
            .with_context(|| format!("cannot delete `{}`", file.display()))?;
    }
    Ok(())
}
