//! `rankdown build`: check, render every page, write the site safely.

use super::Outcome;
use crate::cli::BuildArgs;
use crate::diagnostic::{self, Counts, Diagnostic};
use crate::model::Backlog;
use crate::output::{self, Written};
use crate::render::{self, Options, theme::Theme};
use anyhow::Context;
use std::io::Write;
use std::path::Path;
use std::time::Instant;

/// Runs `build`: with errors it writes nothing and prints them as `check` does.
pub fn run(args: &BuildArgs) -> anyhow::Result<Outcome> {
    let started = Instant::now();
    let out = args
        .output
        .clone()
        .unwrap_or_else(|| args.path.join(crate::layout::OUTPUT_FOLDER));
    output::check_target(&args.path, &out, args.force)?;
    // Ctrl-C stops the build cleanly: see `output::STOP`.
    let _ = ctrlc::set_handler(|| output::STOP.store(true, std::sync::atomic::Ordering::Relaxed));
    // git reads the history while the backlog is checked, and a writer
    // into a folder built before locks it and lists `next` meanwhile.
    let (checked, history, writer) = std::thread::scope(|scope| {
        let history = scope.spawn(|| match args.no_history {
            true => Default::default(),
            false => super::history_and_changes(&args.path),
        });
        let writer = output::SiteWriter::built_before(&out)
            .then(|| scope.spawn(|| output::SiteWriter::open(&out, args.wait)));
        let checked = crate::check(&args.path);
        let opening_panicked = || Err(anyhow::anyhow!("opening the output folder panicked"));
        let writer = writer.map(|w| w.join().unwrap_or_else(|_| opening_panicked()));
        (checked, history.join().unwrap_or_default(), writer)
    });
    let crate::Checked {
        backlog,
        mut diagnostics,
    } = checked?;
    if output::STOP.load(std::sync::atomic::Ordering::Relaxed) {
        anyhow::bail!("stopped: nothing was written");
    }
    let prefix = super::check::display_prefix(&args.path);
    if Counts::of(&diagnostics).errors > 0 {
        let text = diagnostic::to_human(&diagnostics, &backlog, &prefix);
        let _ = writeln!(anstream::stderr(), "{text}");
        let _ = writeln!(
            anstream::stderr(),
            "nothing written: fix the errors above first"
        );
        return Ok(Outcome::Problems);
    }
    let config = backlog.config.as_ref();
    let options = Options {
        today: args.today.unwrap_or_else(super::today),
        base_url: args
            .base_url
            .clone()
            .or_else(|| config.map(|c| c.base_url.clone()))
            .unwrap_or_else(|| "/".into()),
        history: history.0,
        changes: history.1,
    };
    let left_out: Vec<super::LeftOut> = history.2.into_iter().collect();
    let theme_name = config.map_or("default", |c| c.theme.as_str());
    let mut theme = render::theme::load(&args.path, theme_name)?;
    // The theme's files that were not read are warnings like the others.
    diagnostics.append(&mut theme.problems);
    crate::validate::sort(&mut diagnostics);
    if !diagnostics.is_empty() {
        let text = diagnostic::to_human(&diagnostics, &backlog, &prefix);
        let _ = writeln!(anstream::stderr(), "{text}");
    }
    let writer = match writer {
        Some(writer) => writer?,
        None => output::SiteWriter::open(&out, args.wait)?,
    };
    left_out.iter().for_each(super::LeftOut::warn);
    let (pages, written) = publish(writer, &out, &backlog, &diagnostics, &theme, &options)?;
    let warnings = diagnostics.len() + left_out.len();
    let _ = writeln!(
        anstream::stdout(),
        "built {} files into {} ({} written, {} unchanged, {} removed), {}, in {:.2} s",
        pages,
        out.display(),
        written.changed,
        written.unchanged,
        written.removed,
        crate::words::counted(warnings, "warning"),
        started.elapsed().as_secs_f64()
    );
    let mut summary: Vec<String> = left_out.into_iter().map(|l| l.summary).collect();
    if !render::is_absolute_url(&options.base_url) {
        summary.push("sitemap.xml (`base_url` is not a full address: set it in rankdown.yaml or with --base-url, e.g. https://example.org/backlog/)".into());
    }
    if !summary.is_empty() {
        let _ = writeln!(anstream::stdout(), "left out: {}", summary.join("; "));
    }
    // Freeing the whole backlog takes time the process does not need.
    std::mem::forget(backlog);
    Ok(Outcome::Success)
}

/// Renders every page through `writer` into the output folder `out` and
/// puts the new site in place; how many pages, and what changed.
fn publish(
    writer: output::SiteWriter,
    out: &Path,
    backlog: &Backlog,
    diagnostics: &[Diagnostic],
    theme: &Theme,
    options: &Options,
) -> anyhow::Result<(usize, Written)> {
    let sink = |page: &output::Page| {
        writer
            .write(page)
            .with_context(|| format!("writing the site to `{}`", out.display()))
    };
    let pages = render::render(backlog, diagnostics, theme, options, &sink)?;
    Ok((pages, writer.finish()?))
}
