//! Watching the backlog root and sorting what changed into what the site
//! must redo. Only the folders rankdown reads are watched: never the output
//! folder, `.git` or other hidden folders.

use crate::layout::CONFIG_FILE;
use crate::model::Kind;
use crate::render::theme::is_editor_litter;
use notify::RecursiveMode;
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};
use std::path::Path;
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long the watcher waits for a burst of events on a file (an editor's
/// save) to end before handing it over; a longer burst over many files (a
/// `git checkout`) may come as a few batches, each handled correctly.
const SETTLE: Duration = Duration::from_millis(3);

/// How often the watcher looks for settled events.
const TICK: Duration = Duration::from_micros(1500);

/// Folders besides the item folders whose files the site is made from.
const THEME_FOLDERS: [&str; 3] = ["templates", "static", "themes"];

/// A running watcher; dropping it stops watching.
pub type Watcher = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// One batch of changes, sorted by what they ask the site to redo.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Batch {
    /// Item files and the config file that changed, relative to the root.
    pub items: Vec<String>,
    /// A folder under an item folder came, went or moved: read everything.
    pub folders: bool,
    /// A template changed: render every page again.
    pub templates: bool,
    /// A static file changed: copy it.
    pub statics: bool,
}

impl Batch {
    /// Whether nothing in the batch concerns the site.
    pub fn is_empty(&self) -> bool {
        self.items.is_empty() && !self.folders && !self.templates && !self.statics
    }

    /// Adds one changed path, relative to the root. `theme` is the theme the
    /// config names; `had_files_under` tells whether a path was a folder of
    /// files the backlog read (a deleted folder can no longer be asked).
    pub fn add(
        &mut self,
        path: &str,
        is_dir: bool,
        theme: &str,
        had_files_under: &dyn Fn(&str) -> bool,
    ) {
        let mut parts = path.split('/');
        let first = parts.next().unwrap_or_default();
        let name = path.rsplit('/').next().unwrap_or_default();
        if self.items.iter().any(|p| p == path) {
            return;
        }
        if path == CONFIG_FILE {
            self.items.push(path.into());
        } else if crate::layout::kind_of_folder(first).is_some() {
            let hidden_folder = path.split('/').rev().skip(1).any(|p| p.starts_with('.'));
            if hidden_folder {
                return;
            }
            if path == first {
                self.folders = true; // the whole item folder came or went
            } else if crate::layout::is_markdown(std::path::Path::new(name)) && !is_dir {
                self.items.push(path.into());
            } else if is_dir || had_files_under(&format!("{path}/")) {
                self.folders = true;
            }
        } else if THEME_FOLDERS.contains(&first) && !path.split('/').any(is_editor_litter) {
            let folder = match first {
                "themes" => match parts.next() {
                    Some(name) if name != theme => return,
                    // The theme folder itself came or went.
                    _ => parts.next().unwrap_or("both"),
                },
                other => other,
            };
            match folder {
                "templates" => self.templates = true,
                "static" => self.statics = true,
                "both" => (self.templates, self.statics) = (true, true),
                _ => {}
            }
        }
    }
}

/// Starts watching `root`'s config and the folders rankdown reads, sending
/// each settled batch of events to `events`.
pub fn start(root: &Path, events: Sender<DebounceEventResult>) -> anyhow::Result<Watcher> {
    let mut watcher = new_debouncer(SETTLE, Some(TICK), events)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for folder in Kind::ALL
        .map(crate::layout::folder)
        .into_iter()
        .chain(THEME_FOLDERS)
    {
        watch_folder(&mut watcher, root, folder);
    }
    Ok(watcher)
}

/// Watches `root/folder` if it is a folder, as when one is created after
/// the preview started.
pub fn watch_folder(watcher: &mut Watcher, root: &Path, folder: &str) {
    let path = root.join(folder);
    if path.is_dir() {
        // Watching a folder twice is harmless; a failure leaves it unwatched,
        // which the preview's first line of output would not fix either.
        let _ = watcher.watch(&path, RecursiveMode::Recursive);
    }
}

/// Whether `name`, a child of the root, is a folder the watcher watches.
pub fn is_watched_folder(name: &str) -> bool {
    crate::layout::kind_of_folder(name).is_some() || THEME_FOLDERS.contains(&name)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(paths: &[(&str, bool)]) -> Batch {
        let mut batch = Batch::default();
        for (path, is_dir) in paths {
            batch.add(path, *is_dir, "night", &|p| p == "stories/old/");
        }
        batch
    }

    #[test]
    fn item_files_and_the_config_are_re_read_one_by_one() {
        let b = batch(&[
            ("stories/A-1.md", false),
            ("rankdown.yaml", false),
            ("teams/x/y.md", false),
        ]);
        assert_eq!(b.items, ["stories/A-1.md", "rankdown.yaml", "teams/x/y.md"]);
        assert!(!b.folders && !b.templates && !b.statics);
    }

    #[test]
    fn editor_litter_and_unread_places_are_ignored() {
        let b = batch(&[
            ("stories/.A-1.md.swp", false),
            ("stories/A-1.md~", false),
            ("stories/4913", false),
            ("stories/.cache/A-1.md", false),
            ("public/index.html", false),
            ("templates/.base.html.swp", false),
            ("templates/base.html~", false),
            ("themes/other/templates/base.html", false),
            ("notes.md", false),
        ]);
        assert!(b.is_empty(), "{b:?}");
    }

    #[test]
    fn folders_templates_and_statics_are_told_apart() {
        assert!(batch(&[("stories/new", true)]).folders);
        assert!(batch(&[("stories", true)]).folders);
        assert!(batch(&[("stories/old", false)]).folders);
        assert!(batch(&[("templates/story.html", false)]).templates);
        assert!(batch(&[("themes/night/templates/story.html", false)]).templates);
        assert!(batch(&[("static/site.css", false)]).statics);
        assert!(batch(&[("themes/night/static/logo.svg", false)]).statics);
        let theme = batch(&[("themes/night", true)]);
        assert!(theme.templates && theme.statics);
        assert!(batch(&[("themes", true)]).templates);
        assert!(batch(&[("stories/.md", false)]).is_empty());
    }
}
