//! The theme: Tera templates and static files compiled into the binary, each
//! overridable by a same-named file in the backlog (`templates/`, `static/`,
//! or `themes/<name>/...` when `theme:` names another theme).

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
    "templates/404.html",
    "templates/sitemap.xml",
    "static/site.css",
    "static/search.js",
];

/// Templates ready to render, and the static files to copy.
pub struct Theme {
    /// The parsed templates.
    pub tera: Tera,
    /// Static files by path under `static/`.
    pub statics: BTreeMap<String, Vec<u8>>,
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
        let folder = root.join("themes").join(theme_name);
        if !folder.is_dir() {
            bail!(
                "theme `{theme_name}` not found: expected a folder `themes/{theme_name}` in the backlog"
            );
        }
        folders.push(folder);
    }
    folders.push(root.to_path_buf());
    for folder in folders {
        for (name, bytes) in read_folder(&folder.join("templates"))? {
            let text = String::from_utf8(bytes)
                .with_context(|| format!("template `{name}` is not UTF-8"))?;
            templates.insert(name, text);
        }
        statics.extend(read_folder(&folder.join("static"))?);
    }
    let mut tera = Tera::new();
    tera.add_raw_templates(templates.iter().map(|(n, c)| (n.as_str(), c.as_str())))
        .map_err(|e| anyhow::anyhow!("a template does not parse: {e}"))?;
    Ok(Theme { tera, statics })
}

/// Every file below `folder` by `/`-separated relative path (none if absent).
fn read_folder(folder: &Path) -> anyhow::Result<Vec<(String, Vec<u8>)>> {
    let mut files = Vec::new();
    if !folder.is_dir() {
        return Ok(files);
    }
    let walk = walkdir::WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter();
    for entry in
        walk.filter_entry(|e| e.depth() == 0 || !is_editor_litter(&e.file_name().to_string_lossy()))
    {
        let entry = entry?;
        if entry.file_type().is_file() {
            let name = crate::load::relative(folder, entry.path());
            let bytes = std::fs::read(entry.path())
                .with_context(|| format!("cannot read `{}`", entry.path().display()))?;
            files.push((name, bytes));
        }
    }
    Ok(files)
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
