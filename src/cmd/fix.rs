//! `rankdown fix`: make the fixes the findings carry, write the files (or
//! show the diff), and report what is left, as `check` does.

use super::Outcome;
use super::check::{display_prefix, scope};
use crate::cli::FixArgs;
use crate::diagnostic::{self, Counts};
use crate::fix::{self, Fixed, MAX_ROUNDS};
use crate::terminal::visible;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;

/// Runs `fix`: the fixed files are written, or with `--dry-run` shown as a
/// unified diff on standard output while the report goes to standard error.
pub fn run(args: &FixArgs) -> anyhow::Result<Outcome> {
    let fixed = fix::fix(&args.path, args.accept)?;
    let prefix = display_prefix(&args.path);
    let report = report(&fixed, args, &prefix);
    if args.dry_run {
        let diff: String = fixed
            .files
            .iter()
            .map(|(path, change)| {
                let (old, new) = diff_paths(&args.path, &prefix, path);
                fix::diff::unified(&old, &new, &change.before, &change.after)
            })
            .collect();
        // A closed pipe (`rankdown fix --dry-run | head`) is not an error worth reporting.
        let _ = std::io::stdout().write_all(diff.as_bytes());
        let _ = anstream::stderr().write_all(report.as_bytes());
    } else {
        crate::scaffold::replace_all(&args.path, &fixed.files)?;
        let _ = anstream::stdout().write_all(report.as_bytes());
    }
    let counts = Counts::of(&fixed.checked.diagnostics);
    Ok(match counts.errors {
        0 => Outcome::Success,
        _ => Outcome::Problems,
    })
}

/// The paths a diff names, `a/PATH` and `b/PATH` as git writes them:
/// from the current folder when the root is in it (given absolute or
/// not), else from the root, so that `git apply` takes the diff there.
fn diff_paths(root: &Path, prefix: &str, path: &str) -> (String, String) {
    // Both made real paths: the current folder may be reached through a link.
    let real = |path: &Path| path.canonicalize().ok();
    let from_here = match root.is_absolute() {
        true => (std::env::current_dir().ok().as_deref().and_then(real))
            .zip(real(root))
            .and_then(|(here, root)| root.strip_prefix(here).ok().map(display_prefix)),
        false => Some(prefix.to_string()),
    };
    let shown = format!("{}{path}", from_here.unwrap_or_default());
    (format!("a/{shown}"), format!("b/{shown}"))
}

/// One line per fix made (or that would be made), one per fix that could
/// not be made, a count, then what is left as `check` prints it.
fn report(fixed: &Fixed, args: &FixArgs, prefix: &str) -> String {
    let green = anstyle::AnsiColor::Green.on_default().bold();
    let yellow = anstyle::AnsiColor::Yellow.on_default().bold();
    let verb = if args.dry_run { "would fix" } else { "fixed" };
    let mut out = String::new();
    for made in &fixed.made {
        let path = visible(&made.fix.file);
        let _ = writeln!(
            out,
            "{green}{verb}{green:#} {prefix}{path}: {} [{}]",
            made.fix.description,
            made.code.as_str()
        );
    }
    for (made, why) in &fixed.failed {
        let path = visible(&made.fix.file);
        let _ = writeln!(
            out,
            "{yellow}warning{yellow:#}: cannot fix {} in {prefix}{path} ({}): {}",
            made.code.as_str(),
            made.fix.description,
            visible(why)
        );
    }
    if fixed.unfinished {
        let _ = writeln!(
            out,
            "{yellow}warning{yellow:#}: still finding fixes after {MAX_ROUNDS} rounds; run `rankdown fix` again"
        );
    }
    let _ = writeln!(out, "{}\n", summary(fixed, args.dry_run));
    let checked = &fixed.checked;
    out.push_str(&diagnostic::to_human(
        &checked.diagnostics,
        &checked.backlog,
        prefix,
    ));
    let _ = writeln!(out, " in {}", scope(&args.path, &checked.backlog));
    out
}

/// `3 fixes in 2 files`, `3 fixes would be made in 2 files`, `nothing to fix`.
fn summary(fixed: &Fixed, dry_run: bool) -> String {
    let (fixes, files) = (fixed.made.len(), fixed.files.len());
    if fixes == 0 {
        return "nothing to fix".into();
    }
    let fixes = format!("{fixes} {}", crate::words::noun(fixes, "fix", "fixes"));
    let files = crate::words::counted(files, "file");
    match dry_run {
        true => format!("{fixes} would be made in {files}; nothing was written"),
        false => format!("{fixes} made in {files}"),
    }
}
