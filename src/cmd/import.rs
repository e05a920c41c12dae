//! `rankdown import`: another tool's backlog made into a rankdown root,
//! checked, and written only when the new root is free.

use super::Outcome;
use crate::cli::ImportCommand;
use crate::diagnostic::{self, Counts};
use crate::import::{self, Imported, Mapping, Note, Options};
use anyhow::{Context, bail};
use std::io::Write;
use std::path::{Component, Path};

/// Runs `import`: reads the source, lays out the new root, checks it, writes
/// it (unless `--dry-run`) and prints what was converted, skipped and decided.
pub fn run(command: &ImportCommand) -> anyhow::Result<Outcome> {
    let (args, team, mapping) = match command {
        ImportCommand::BacklogMd(backlog_md) => {
            let args = &backlog_md.import;
            if !args.source.join("backlog").is_dir() {
                bail!(
                    "`{}` has no backlog/ folder: is it a Backlog.md project?",
                    args.source.display()
                );
            }
            (args, &backlog_md.team, import::backlog_md(&args.source))
        }
        ImportCommand::Markdown(markdown) => (
            &markdown.import,
            &markdown.team,
            read_mapping(&markdown.mapping)?,
        ),
    };
    if !args.source.is_dir() {
        bail!("`{}` is not a folder", args.source.display());
    }
    let mut mapping = mapping;
    if matches!(command, ImportCommand::Markdown(_)) {
        check_folders(&args.source, &mut mapping)?;
    }
    if crate::model::Id::new(team).is_none() {
        bail!("`--team {team}` is not a valid id: letters, digits, `.`, `_` or `-`");
    }
    crate::output::refuse_backlog_files(&args.source, &args.output, "the new backlog root")?;
    check_output(&args.output)?;
    if let Some(folder) = read_folder_holding(&args.output, &args.source, &mapping) {
        bail!(
            "`{}` is inside `{}`, which import reads: give the new root a folder outside it",
            args.output.display(),
            folder.display()
        );
    }
    let options = Options {
        team: team.clone(),
        product_owner: args.product_owner.clone(),
        include_archive: args.include_archive,
    };
    let imported = import::import(&args.source, &mapping, &options);
    let checked = check(&imported);
    if !args.dry_run {
        write(&args.output, &imported)?;
    }
    let mut out = anstream::stdout();
    let _ = out.write_all(super::import_summary::summary(args, &imported).as_bytes());
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
    for (from, to) in &mapping.types {
        if !["story", "enabler", "defect", "spike"].contains(&to.as_str()) {
            bail!(
                "`{}`: type `{from}` maps to `{to}`; use story, enabler, defect or spike",
                path.display()
            );
        }
    }
    let folders = mapping.folders.iter().map(|f| f.path.as_str());
    for sprint in &mapping.sprints {
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
/// (a `.git` folder alone counts as empty: a fresh clone).
fn check_output(output: &Path) -> anyhow::Result<()> {
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
fn check(imported: &Imported) -> crate::Checked {
    let config = imported
        .files
        .get(crate::layout::CONFIG_FILE)
        .cloned()
        .unwrap_or_default()
        .into_bytes();
    let files = imported
        .files
        .iter()
        .filter(|(path, _)| path.as_str() != crate::layout::CONFIG_FILE)
        .map(|(path, text)| (path.clone(), text.clone().into_bytes()))
        .collect();
    crate::validated(crate::load::load_files(config, files, Vec::new()))
}

fn write(root: &Path, imported: &Imported) -> anyhow::Result<()> {
    for (path, text) in &imported.files {
        let file = root.join(path);
        if let Some(parent) = file.parent() {
            std::fs::create_dir_all(parent)
                .with_context(|| format!("cannot make `{}`", parent.display()))?;
        }
        std::fs::write(&file, text)
            .with_context(|| format!("cannot write `{}`", file.display()))?;
    }
    Ok(())
}
