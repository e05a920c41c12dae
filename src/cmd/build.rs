//! `rankdown build`: check, render every page, write the site safely.

use super::Outcome;
use crate::cli::BuildArgs;
use crate::diagnostic::{self, Counts};
use crate::output;
use crate::render::{self, Options};
use anyhow::Context;
use std::io::Write;
use std::time::Instant;

/// Runs `build`: with errors it writes nothing and prints them as `check` does.
pub fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.path.join("public"));
    output::check_target(&args.path, &out, args.force)?;
    // git reads the history while the backlog is checked.
    let (checked, history) = std::thread::scope(|scope| {
        let history = scope.spawn(|| match args.no_history {
            true => crate::git::History::default(),
            false => super::history(&args.path),
        });
        let checked = crate::check(&args.path);
        (checked, history.join().unwrap_or_default())
    });
    let checked = checked?;
    let counts = Counts::of(&checked.diagnostics);
    let prefix = super::check::display_prefix(&args.path);
    if counts.errors > 0 || counts.warnings > 0 {
        let text = diagnostic::to_human(&checked.diagnostics, &checked.backlog, &prefix);
        let _ = writeln!(anstream::stderr(), "{text}");
    }
    if counts.errors > 0 {
        let _ = writeln!(
            anstream::stderr(),
            "nothing written: fix the errors above first"
        );
        return Ok(Outcome::Problems);
    }
    let config = checked.backlog.config.as_ref();
    let options = Options {
        today: args.today.unwrap_or_else(super::today),
        base_url: args
            .base_url
            .clone()
            .or_else(|| config.map(|c| c.base_url.clone()))
            .unwrap_or_else(|| "/".into()),
        history,
    };
    let theme_name = config.map_or("default", |c| c.theme.as_str());
    let theme = render::theme::load(&args.path, theme_name)?;
    // Ctrl-C stops the build cleanly: see `output::STOP`.
    let _ = ctrlc::set_handler(|| output::STOP.store(true, std::sync::atomic::Ordering::Relaxed));
    let writer = output::SiteWriter::open(&out, args.wait)?;
    let sink = |page: &output::Page| {
        writer
            .write(page)
            .with_context(|| format!("writing the site to `{}`", out.display()))
    };
    let pages = render::render(
        &checked.backlog,
        &checked.diagnostics,
        &theme,
        &options,
        &sink,
    )?;
    let written = writer.finish()?;
    let _ = writeln!(
        anstream::stdout(),
        "built {} files into {} ({} written, {} unchanged, {} removed), {}, in {:.2} s",
        pages,
        out.display(),
        written.changed,
        written.unchanged,
        written.removed,
        crate::words::counted(counts.warnings, "warning"),
        started.elapsed().as_secs_f64()
    );
    if !render::is_absolute_url(&options.base_url) {
        let _ = writeln!(
            anstream::stdout(),
            "no sitemap.xml: set `base_url` in rankdown.yaml (or --base-url) to the site's full address, e.g. https://example.org/backlog/"
        );
    }
    std::mem::forget(checked);
    Ok(Outcome::Success)
}
