//! The theme: Tera templates and static files compiled into the binary, each
//! overridable by a same-named file in the backlog (`templates/`, `static/`,
//! or `themes/<name>/...` when `theme:` names another theme).

use crate::diagnostic::Diagnostic;
use crate::terminal::visible;
use anyhow::{Context, bail};
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

macro_rules! embedded {
    ($($name:literal),* $(,)?) => {
        &[$(($name, include_str!(concat!("../../themes/default/", $name)))),*]
    };
}

/// The default theme's files, by path under `themes/default/`.
const DEFAULT_FILES: &[(&str, &str)] = embedded![
    "templates/base.html",
    "templates/_stories.html",
    "templates/_criteria.html",
    "templates/_history.html",
    "templates/index.html",
    "templates/list.html",
    "templates/team.html",
    "templates/story.html",
    "templates/feature.html",
    "templates/program.html",
    "templates/roadmap.html",
    "templates/pi.html",
    "templates/role.html",
    "templates/check.html",
    "templates/metrics.html",
    "templates/status.html",
    "templates/search.html",
    "templates/404.html",
    "templates/sitemap.xml",
    "templates/feed.xml",
    "static/site.css",
    "static/search.js",
    "static/favicon.svg",
    "static/site.js",
];

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    /// The parsed templates.
    pub tera: Tera,
    /// Static files by path under `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Files of the theme that were not read: links out of the backlog
    /// root, FIFOs (warnings, as for item files).
    pub problems: Vec<Diagnostic>,
}

/// The theme for the backlog at `root`: the default files, replaced by the
/// named theme's and then by the backlog's own `templates/` and `static/`.
pub fn load(root: &Path, theme_name: &str) -> anyhow::Result<Theme> {
    let mut templates: BTreeMap<String, String> = BTreeMap::new();
    let mut statics: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for (path, content) in DEFAULT_FILES {
        match path.split_once('/') {
            Some(("templates", name)) => templates.insert(name.into(), (*content).into()).map(drop),
            Some(("static", name)) => statics
                .insert(name.into(), content.as_bytes().to_vec())
                .map(drop),
            _ => None,
        };
    }
    let mut folders = Vec::new();
    if !crate::model::is_valid_id(theme_name) {
        bail!("theme `{theme_name}` is not a plain folder name");
    }
    if theme_name != "default" {
        let folder = format!("themes/{theme_name}/");
        if !root.join(&folder).is_dir() {
            bail!(
                "theme `{theme_name}` not found: expected a folder `themes/{theme_name}` in the backlog"
            );
        }
        folders.push(folder);
    }
    folders.push(String::new());
    let mut problems = Vec::new();
    for folder in folders {
        for (name, bytes) in read_folder(root, &format!("{folder}templates"), &mut problems)? {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("template `{}` is not UTF-8", visible(&name)))?;
            templates.insert(name, text);
        }
        statics.extend(read_folder(
            root,
            &format!("{folder}static"),
            &mut problems,
        )?);
    }
    let mut tera = Tera::new();
    tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        .map_err(|e| anyhow::anyhow!("a template does not parse: {e}"))?;
    Ok(Theme {
        tera,
        statics,
        problems,
    })
}

/// Every file below the folder `folder` of `root` by `/`-separated path
/// relative to that folder (none if absent), as the walk of item files
/// finds them: links followed inside the root, anything that is not a
/// regular file reported to `problems` and not read.
fn read_folder(
    root: &Path,
    folder: &str,
    problems: &mut Vec<Diagnostic>,
) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let litter = |name: &str, _: bool| is_editor_litter(name);
    let (paths, found) = crate::layout::files_in(root, folder, litter, |_| true);
    problems.extend(found);
    let inside = format!("{folder}/");
    paths
        .iter()
        .filter_map(|path| Some((path, path.strip_prefix(&inside)?)))
        .map(|(path, name)| {
            let bytes = std::fs::read(root.join(path))
                .with_context(|| format!("cannot read `{}`", visible(path)))?;
            Ok((name.to_string(), bytes))
        })
        .collect()
}

/// Hidden files and folders and the files editors leave beside the one being
/// saved (backups, swap and lock files): never part of a theme.
pub fn is_editor_litter(name: &str) -> bool {
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || [".swp", ".swx", ".tmp", ".bak"]
            .iter()
            .any(|s| name.ends_with(s))
        || name == "4913" // vim's test file
}
