//! `rankdown serve`: build the site in memory, serve it, and rebuild what a
//! save changed, telling open pages to reload.

use super::Outcome;
use crate::cli::ServeArgs;
use crate::diagnostic;
use crate::layout::relative;
use crate::render::Options;
use crate::render::live::Change;
use crate::serve::http::{self, Shared};
use crate::serve::site::{LiveSite, Problem, Rebuild};
use crate::serve::{inject, watch};
use crate::words::counted;
use anyhow::Context;
use std::io::Write;
use std::net::{IpAddr, TcpListener};
use std::sync::Arc;
use std::sync::atomic::Ordering;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

/// The port tried first when none is given.
const DEFAULT_PORT: u16 = 1111;

/// Runs the preview until Ctrl-C.
pub fn run(args: &ServeArgs) -> anyhow::Result<Outcome> {
    let root = args
        .path
        .canonicalize()
        .with_context(|| format!("`{}` is not a folder", args.path.display()))?;
    let prefix = super::check::display_prefix(&args.path);
    let listener = bind(args.interface, args.port)?;
    let address = listener.local_addr()?;
    // Listening on every interface, the site is still at the loopback address.
    let host = match address.ip() {
        ip if ip.is_unspecified() && ip.is_ipv4() => IpAddr::from([127, 0, 0, 1]),
        ip if ip.is_unspecified() => IpAddr::from(std::net::Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    let url = format!(
        "http://{}/",
        std::net::SocketAddr::new(host, address.port())
    );
    if !args.interface.is_loopback() {
        say(&format!(
            "listening on {}: other machines on the network can see the preview",
            args.interface
        ));
    }
    // History is read once: saves do not change it. The preview has no
    // change feeds: a feed reader does not follow a local preview.
    let history = match args.no_history {
        true => Default::default(),
        false => super::history(&root),
    };
    let options = Options {
        today: args.today.unwrap_or_else(super::today),
        base_url: url.clone(),
        history,
        changes: Vec::new(),
    };
    // Watching starts first: a file saved while the site is being built is
    // then in the first batch instead of missed.
    let (events, batches) = mpsc::channel();
    let mut watcher = watch::start(&root, events)?;
    let (mut site, rebuild) = LiveSite::open(&root, options)?;
    let run = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos() as u64);
    let shared = Arc::new(Shared::new(run));
    report(&site, &rebuild, &prefix);
    publish(&shared, &site, rebuild.changes);
    let server = shared.clone();
    std::thread::spawn(move || http::serve(listener, server));
    say(&format!("serving {url} (Ctrl-C to stop)"));
    if args.open {
        open_browser(&url);
    }

    let _ = ctrlc::set_handler(|| crate::output::STOP.store(true, Ordering::Relaxed));
    while !crate::output::STOP.load(Ordering::Relaxed) {
        let first = match batches.recv_timeout(Duration::from_millis(100)) {
            Ok(first) => first,
            Err(RecvTimeoutError::Timeout) => continue,
            Err(RecvTimeoutError::Disconnected) => break,
        };
        let mut batch = watch::Batch::default();
        for result in std::iter::once(first).chain(batches.try_iter()) {
            let events = match result {
                Ok(events) => events,
                Err(errors) => {
                    for error in errors {
                        say(&format!("warning: watching files: {error}"));
                    }
                    continue;
                }
            };
            let theme = site
                .backlog()
                .config
                .as_ref()
                .map_or("default", |c| c.theme.as_str())
                .to_string();
            for event in events.iter().filter(|e| !e.kind.is_access()) {
                for path in &event.paths {
                    let rel = relative(&root, path);
                    if watch::is_watched_folder(&rel) {
                        watch::watch_folder(&mut watcher, &root, &rel);
                    }
                    let had_files = |folder: &str| {
                        site.backlog()
                            .files
                            .iter()
                            .any(|f| f.path.starts_with(folder))
                    };
                    batch.add(&rel, path.is_dir(), &theme, &had_files);
                }
            }
        }
        if batch.is_empty() {
            continue;
        }
        let rebuild = site.update(&batch);
        say(&format!("changed: {}", describe(&batch)));
        report(&site, &rebuild, &prefix);
        publish(&shared, &site, rebuild.changes);
    }
    say("stopped");
    Ok(Outcome::Success)
}

/// Listens on `port`, or on the default port or the next free one after it.
fn bind(interface: IpAddr, port: Option<u16>) -> anyhow::Result<TcpListener> {
    if let Some(port) = port {
        return TcpListener::bind((interface, port)).with_context(|| {
            format!("cannot listen on port {port} of {interface}: choose another with --port, or --port 0 for any free one")
        });
    }
    for port in DEFAULT_PORT..DEFAULT_PORT + 20 {
        if let Ok(listener) = TcpListener::bind((interface, port)) {
            if port != DEFAULT_PORT {
                say(&format!("port {DEFAULT_PORT} is in use; using port {port}"));
            }
            return Ok(listener);
        }
    }
    anyhow::bail!(
        "ports {DEFAULT_PORT} to {} of {interface} are all in use: choose one with --port, or --port 0 for any free one",
        DEFAULT_PORT + 19
    )
}

fn publish(shared: &Shared, site: &LiveSite, changes: Vec<Change>) {
    shared.publish(changes, site.problem().map(inject::overlay));
}

/// One line per rebuild: how long it took and what was redone; the
/// diagnostics when the backlog has errors.
fn report(site: &LiveSite, rebuild: &Rebuild, prefix: &str) {
    let ms = rebuild.took.as_secs_f64() * 1000.0;
    let read = match rebuild.reread {
        None => "read the whole backlog".to_string(),
        Some(1) => "re-read 1 file".to_string(),
        Some(n) => format!("re-read {n} files"),
    };
    let theme = if rebuild.theme { ", theme" } else { "" };
    match site.problem() {
        Some(Problem::Errors(errors)) => {
            let text = diagnostic::to_human(site.diagnostics(), site.backlog(), prefix);
            let _ = writeln!(anstream::stderr(), "{text}");
            say(&format!(
                "{} in {ms:.0} ms ({read}{theme}): the preview shows them over the last good site",
                counted(errors.len(), "error")
            ));
        }
        Some(Problem::Fatal(message)) => say(&format!("error: {message}")),
        None => {
            let (put, removed) =
                rebuild
                    .changes
                    .iter()
                    .fold((Vec::new(), 0), |(mut put, removed), c| match c {
                        Change::Put(page) => {
                            put.push(page.path.as_str());
                            (put, removed)
                        }
                        Change::Remove(_) => (put, removed + 1),
                    });
            let shown: Vec<&str> = put.iter().take(4).copied().collect();
            let more = if put.len() > shown.len() { ", …" } else { "" };
            let warnings = match rebuild.warnings {
                0 => String::new(),
                n => format!(", {}", counted(n, "warning")),
            };
            let written = match put.len() {
                0 => "no page changed".to_string(),
                n => format!(
                    "{} written ({}{more})",
                    counted(n, "page"),
                    shown.join(", ")
                ),
            };
            say(&format!(
                "rebuilt in {ms:.0} ms: {read}{theme}, {written}, {removed} removed{warnings}"
            ));
        }
    }
}

/// What a batch of changes was, in a few words.
fn describe(batch: &watch::Batch) -> String {
    let mut parts: Vec<String> = batch.items.iter().take(3).cloned().collect();
    if batch.items.len() > 3 {
        parts.push(format!("and {} more files", batch.items.len() - 3));
    }
    let kinds = [
        (batch.folders, "a folder of items"),
        (batch.templates, "templates"),
        (batch.statics, "static files"),
    ];
    parts.extend(
        kinds
            .iter()
            .filter(|(yes, _)| *yes)
            .map(|(_, what)| what.to_string()),
    );
    parts.join(", ")
}

/// Prints one line; file names in it cannot drive the terminal.
fn say(line: &str) {
    let mut out = anstream::stdout();
    let _ = writeln!(out, "{}", crate::terminal::visible(line));
    let _ = out.flush();
}

/// Opens `url` in the default browser, or says how to.
fn open_browser(url: &str) {
    let command = if cfg!(target_os = "macos") {
        ("open", vec![url])
    } else if cfg!(windows) {
        ("cmd", vec!["/C", "start", "", url])
    } else {
        ("xdg-open", vec![url])
    };
    let opened = std::process::Command::new(command.0)
        .args(&command.1)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn();
    if opened.is_err() {
        say(&format!(
            "could not open a browser ({} not found): open {url} yourself",
            command.0
        ));
    }
}
