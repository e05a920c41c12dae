//! What `rankdown import` prints: counts, then the files skipped and the
//! decisions taken, a decision taken for many files on one line.

use crate::cli::ImportOptions;
use crate::import::{Imported, Note};
use crate::terminal::visible;
use crate::words::{counted, noun};
use std::collections::BTreeMap;
use std::path::Path;

/// A decision taken for more files than this is printed once, with a count.
const GROUPED_ABOVE: usize = 2;

/// The summary: what was read and written, then every file skipped and
/// every decision (and with `--verbose`, every file imported).
pub(super) fn summary(source: &Path, args: &ImportOptions, imported: &Imported) -> String {
    let verb = if args.dry_run { "would write" } else { "wrote" };
    let (stories, features) = (imported.stories, imported.features);
    let mut text = format!(
        "read {} from {}; {verb} {} into {}: {stories} {}, {}, {}, {}\n",
        counted(
            imported.read,
            if source.is_file() {
                "issue"
            } else {
                "task file"
            }
        ),
        source.display(),
        counted(imported.files.len(), "file"),
        args.output.display(),
        noun(stories, "story", "stories"),
        counted(features, "feature"),
        counted(imported.teams, "team"),
        counted(crate::scaffold::ROLES.len(), "role"),
    );
    if args.verbose {
        section(&mut text, "imported", &imported.imported, false);
    }
    section(&mut text, "skipped", &imported.skipped, false);
    section(&mut text, "decisions", &imported.decisions, args.verbose);
    text
}

/// Appends the notes under `title`: one line each, except that a message
/// taken for more than [`GROUPED_ABOVE`] files (its code spans aside) is
/// one line with the count, after the others, its files listed when
/// `verbose`.
fn section(text: &mut String, title: &str, notes: &[Note], verbose: bool) {
    if notes.is_empty() {
        return;
    }
    text.push_str(&format!("\n{title} ({}):\n", notes.len()));
    let mut groups: BTreeMap<String, Vec<&Note>> = BTreeMap::new();
    for note in notes {
        groups.entry(shape(&note.message)).or_default().push(note);
    }
    let grouped = |note: &Note| groups[&shape(&note.message)].len() > GROUPED_ABOVE;
    for note in notes.iter().filter(|n| title != "decisions" || !grouped(n)) {
        let (path, message) = (visible(&note.path), visible(&note.message));
        text.push_str(&format!("  {path}: {message}\n"));
    }
    if title != "decisions" {
        return;
    }
    let mut repeated: Vec<&Vec<&Note>> = groups
        .values()
        .filter(|g| g.len() > GROUPED_ABOVE)
        .collect();
    repeated.sort_by_key(|g| std::cmp::Reverse(g.len()));
    for group in repeated {
        let message = common(group);
        let files: std::collections::BTreeSet<&str> =
            group.iter().map(|n| n.path.as_str()).collect();
        let count = counted(files.len(), "file");
        text.push_str(&format!("  {count}: {}\n", visible(&message)));
        for note in group.iter().filter(|_| verbose) {
            let (path, message) = (visible(&note.path), visible(&note.message));
            text.push_str(&format!("    {path}: {message}\n"));
        }
    }
}

/// A message with its code spans (between backticks) blanked: the
/// decision, whatever it was taken on.
fn shape(message: &str) -> String {
    message
        .split('`')
        .enumerate()
        .map(|(i, part)| if i % 2 == 1 { "…" } else { part })
        .collect::<Vec<_>>()
        .join("`")
}

/// The message the notes share: each code span as written where all have
/// the same, else `…`.
fn common(group: &[&Note]) -> String {
    let parts: Vec<Vec<&str>> = group
        .iter()
        .map(|n| n.message.split('`').collect())
        .collect();
    let first = &parts[0];
    first
        .iter()
        .enumerate()
        .map(|(i, part)| {
            let same = parts.iter().all(|p| p.get(i) == Some(part));
            if same { *part } else { "…" }
        })
        .collect::<Vec<_>>()
        .join("`")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_decision_taken_for_many_files_is_one_line() {
        let note = |path: &str, message: &str| Note {
            path: path.into(),
            message: message.into(),
        };
        let notes = [
            note("a.md", "parent `x` read as `X`"),
            note("b.md", "no estimate; `points: 0` written"),
            note("c.md", "no estimate; `points: 0` written"),
            note("d.md", "no estimate; `points: 0` written"),
        ];
        let mut text = String::new();
        section(&mut text, "decisions", &notes, false);
        assert_eq!(
            text,
            "\ndecisions (4):\n  a.md: parent `x` read as `X`\n  3 files: no estimate; `points: 0` written\n"
        );
        let mut verbose = String::new();
        section(&mut verbose, "decisions", &notes, true);
        assert!(verbose.ends_with("written\n    b.md: no estimate; `points: 0` written\n    c.md: no estimate; `points: 0` written\n    d.md: no estimate; `points: 0` written\n"));
    }
}
