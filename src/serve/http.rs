//! A small HTTP/1.1 server for the preview: GET and HEAD of the site held in
//! memory, and a server-sent events stream that tells pages to reload.
//!
//! One thread per connection, each answering one request; the preview is
//! for one person on their own machine, so that is plenty.

use super::inject;
use crate::render::live::Change;
use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, PoisonError, RwLock};
use std::time::{Duration, Instant};

/// Where pages listen for reloads.
pub const EVENTS_PATH: &str = "/__rankdown/events";

/// Requests answered at once; more are refused with 503.
const MAX_REQUESTS: usize = 64;

/// Reload streams open at once (one per open tab); more are refused with 503.
const MAX_STREAMS: usize = 64;

/// How long a client may take to send its request.
const REQUEST_DEADLINE: Duration = Duration::from_secs(10);

/// How often an idle reload stream is written to, which is also how long a
/// closed tab may keep its stream.
const KEEP_ALIVE: Duration = Duration::from_secs(5);

/// The site as served, shared by the rebuild loop and the connections.
#[derive(Default)]
pub struct Shared {
    /// Tells this run of `serve` from an earlier one, so that a page served
    /// by an earlier run reloads at once.
    run: u64,
    requests: AtomicUsize,
    streams: AtomicUsize,
    site: RwLock<Served>,
    /// Bumped after each rebuild that changed what a browser would show.
    generation: Mutex<u64>,
    changed: Condvar,
}

#[derive(Default)]
struct Served {
    pages: HashMap<String, Arc<[u8]>>,
    /// Shown over every page while the backlog has errors.
    overlay: Option<String>,
}

impl Shared {
    /// An empty site for a run of `serve` identified by `run`.
    pub fn new(run: u64) -> Shared {
        Shared {
            run,
            ..Shared::default()
        }
    }

    /// Applies a rebuild's changes and overlay at once, then tells open pages
    /// to reload if anything they show changed.
    pub fn publish(&self, changes: Vec<Change>, overlay: Option<String>) {
        let mut site = self.site.write().unwrap_or_else(PoisonError::into_inner);
        let mut visible = site.overlay != overlay;
        for change in changes {
            visible = true;
            match change {
                Change::Put(page) => {
                    site.pages.insert(page.path, page.bytes.into());
                }
                Change::Remove(path) => {
                    site.pages.remove(&path);
                }
            }
        }
        site.overlay = overlay;
        drop(site);
        if visible {
            *lock(&self.generation) += 1;
            self.changed.notify_all();
        }
    }

    fn generation(&self) -> u64 {
        *lock(&self.generation)
    }

    /// Waits up to `timeout` for a generation after `seen`.
    fn wait_after(&self, seen: u64, timeout: Duration) -> u64 {
        let guard = lock(&self.generation);
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |g| *g <= seen)
            .unwrap_or_else(PoisonError::into_inner);
        *guard
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Accepts connections until the process ends, each on its own thread.
pub fn serve(listener: TcpListener, shared: Arc<Shared>) {
    for stream in listener.incoming().flatten() {
        let shared = shared.clone();
        std::thread::spawn(move || {
            let _ = answer(stream, &shared);
        });
    }
}

/// Counts one use of a limited resource while alive; `None` when all are taken.
struct Slot<'a>(&'a AtomicUsize);

impl<'a> Slot<'a> {
    fn take(counter: &'a AtomicUsize, max: usize) -> Option<Slot<'a>> {
        let taken = counter.fetch_add(1, Ordering::AcqRel);
        let slot = Slot(counter);
        (taken < max).then_some(slot)
    }
}

impl Drop for Slot<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::AcqRel);
    }
}

/// Reads from a stream until a deadline for the whole request, however
/// slowly the bytes come.
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Read for Deadline<'_> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let left = self.until.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return Err(std::io::ErrorKind::TimedOut.into());
        }
        self.stream.set_read_timeout(Some(left))?;
        self.stream.read(buf)
    }
}

/// A request as far as the preview cares.
struct Request {
    head_only: bool,
    path: String,
    query: String,
}

fn answer(stream: TcpStream, shared: &Shared) -> std::io::Result<()> {
    stream.set_write_timeout(Some(Duration::from_secs(10)))?;
    let mut writer = stream.try_clone()?;
    let Some(_request_slot) = Slot::take(&shared.requests, MAX_REQUESTS) else {
        return respond(&mut writer, 503, "text/plain", b"busy", false);
    };
    let deadline = Deadline {
        stream: &stream,
        until: Instant::now() + REQUEST_DEADLINE,
    };
    let request = match read_request(BufReader::new(deadline)) {
        Ok(request) => request,
        Err(status) => {
            return respond(
                &mut writer,
                status,
                "text/plain",
                status_text(status).as_bytes(),
                false,
            );
        }
    };
    if request.path == EVENTS_PATH {
        drop(_request_slot);
        let Some(_stream_slot) = Slot::take(&shared.streams, MAX_STREAMS) else {
            return respond(&mut writer, 503, "text/plain", b"busy", false);
        };
        return events(&mut writer, shared, &request.query);
    }
    let (status, content_type, body) = page(shared, &request.path);
    match status {
        301 => {
            let location = format!("{}/", percent_encode(&request.path));
            write!(
                writer,
                "HTTP/1.1 301 Moved Permanently\r\nLocation: {location}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
            )
        }
        _ => respond(&mut writer, status, content_type, &body, request.head_only),
    }
}

/// Reads the request line and headers (bounded); only GET and HEAD are served.
fn read_request(reader: impl BufRead) -> Result<Request, u16> {
    const MAX_HEAD: u64 = 16 * 1024;
    let mut head = String::new();
    let mut limited = std::io::Read::take(reader, MAX_HEAD);
    loop {
        let before = head.len();
        let read = limited.read_line(&mut head).map_err(|_| 400u16)?;
        if read == 0 {
            return Err(400);
        }
        if head[before..].trim_end().is_empty() && before > 0 {
            break;
        }
    }
    let line = head.lines().next().unwrap_or_default();
    let mut parts = line.split(' ');
    let (method, target) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let head_only = match method {
        "GET" => false,
        "HEAD" => true,
        _ => return Err(405),
    };
    let (path, query) = target.split_once('?').unwrap_or((target, ""));
    let path = percent_decode(path).ok_or(400u16)?;
    if !path.starts_with('/') {
        return Err(400);
    }
    Ok(Request {
        head_only,
        path,
        query: query.to_string(),
    })
}

/// The status, type and body for a path of the site.
fn page(shared: &Shared, path: &str) -> (u16, &'static str, Vec<u8>) {
    let generation = (shared.run, shared.generation());
    let site = shared.site.read().unwrap_or_else(PoisonError::into_inner);
    let overlay = site.overlay.as_deref();
    let found = site_path(path).and_then(|key| site.pages.get(&key).map(|bytes| (key, bytes)));
    if let Some((key, bytes)) = found {
        let content_type = content_type(&key);
        let body = if content_type.starts_with("text/html") {
            inject::into_page(bytes, overlay, generation)
        } else {
            bytes.to_vec()
        };
        return (200, content_type, body);
    }
    let is_folder = site_path(&format!("{path}/")).is_some_and(|key| site.pages.contains_key(&key));
    if is_folder && !path.ends_with('/') {
        return (301, "text/plain", Vec::new());
    }
    let body = match (site.pages.get("404.html"), overlay) {
        (Some(bytes), _) => inject::into_page(bytes, overlay, generation),
        (None, Some(_)) => inject::into_page(inject::NO_SITE_YET.as_bytes(), overlay, generation),
        (None, None) => b"not found".to_vec(),
    };
    let status = if site.pages.is_empty() && overlay.is_some() {
        503
    } else {
        404
    };
    (status, "text/html; charset=utf-8", body)
}

/// The key of a URL path in the site, or `None` if it could leave the site.
fn site_path(path: &str) -> Option<String> {
    let mut parts = Vec::new();
    for part in path.split('/').skip(1) {
        if part == ".." || part == "." || part.contains(['\\', '\0']) {
            return None;
        }
        parts.push(part);
    }
    let mut key = parts.join("/");
    if key.is_empty() || key.ends_with('/') {
        key.push_str("index.html");
    }
    Some(key)
}

/// The server-sent events stream: `reload` whenever the site changed after
/// the generation the page was served at (`?since=N`), and a comment now and
/// then so that a closed tab ends its connection.
fn events(writer: &mut TcpStream, shared: &Shared, query: &str) -> std::io::Result<()> {
    let value = |key: &str| {
        let pairs = query.split('&');
        pairs
            .filter_map(|pair| {
                pair.strip_prefix(key)?
                    .strip_prefix('=')?
                    .parse::<u64>()
                    .ok()
            })
            .next()
    };
    // A page from an earlier run of `serve` is out of date whatever its number.
    let mut seen = match (value("run"), value("since")) {
        (Some(run), Some(since)) if run == shared.run => since,
        (Some(_), _) => 0,
        (None, since) => since.unwrap_or_else(|| shared.generation()),
    };
    write!(
        writer,
        "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nCache-Control: no-store\r\nConnection: keep-alive\r\n\r\nretry: 500\n\n"
    )?;
    writer.flush()?;
    loop {
        let now = shared.wait_after(seen, KEEP_ALIVE);
        if now > seen {
            write!(writer, "event: reload\ndata: {now}\n\n")?;
            seen = now;
        } else {
            writer.write_all(b": still here\n\n")?;
        }
        writer.flush()?;
    }
}

fn respond(
    writer: &mut TcpStream,
    status: u16,
    content_type: &str,
    body: &[u8],
    head_only: bool,
) -> std::io::Result<()> {
    write!(
        writer,
        "HTTP/1.1 {status} {}\r\nContent-Type: {content_type}\r\nContent-Length: {}\r\nCache-Control: no-store\r\nConnection: close\r\n\r\n",
        status_text(status),
        body.len()
    )?;
    if !head_only {
        writer.write_all(body)?;
    }
    writer.flush()
}

fn status_text(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map_or("", |(_, e)| e);
    match extension.to_ascii_lowercase().as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "ico" => "image/x-icon",
        "woff2" => "font/woff2",
        "txt" => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

/// Escapes what may not stand in a URL path as `%XX`.
fn percent_encode(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for byte in path.bytes() {
        if byte.is_ascii_alphanumeric() || b"/-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Decodes `%XX` escapes; `None` if one is malformed or the result is not UTF-8.
pub(crate) fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = text.get(i + 1..i + 3)?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_map_to_pages_and_never_leave_the_site() {
        assert_eq!(site_path("/").as_deref(), Some("index.html"));
        assert_eq!(
            site_path("/teams/a/").as_deref(),
            Some("teams/a/index.html")
        );
        assert_eq!(
            site_path("/static/site.css").as_deref(),
            Some("static/site.css")
        );
        assert_eq!(site_path("/../etc/passwd"), None);
        assert_eq!(site_path("/stories/../../x"), None);
        assert_eq!(site_path("/a\\..\\b"), None);
    }

    #[test]
    fn percent_escapes_are_decoded_before_the_path_is_checked() {
        assert_eq!(percent_decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(site_path(&percent_decode("/%2e%2e/x").unwrap()), None);
        assert_eq!(percent_decode("/a%2"), None);
        assert_eq!(percent_decode("/%ff"), None);
    }

    #[test]
    fn requests_other_than_get_and_head_are_refused() {
        let mut post: &[u8] = b"POST / HTTP/1.1\r\nHost: x\r\n\r\n";
        assert_eq!(read_request(&mut post).err(), Some(405));
        let mut get: &[u8] = b"GET /teams/?q=1 HTTP/1.1\r\nHost: x\r\n\r\n";
        let request = read_request(&mut get).unwrap();
        assert_eq!(
            (request.path.as_str(), request.query.as_str()),
            ("/teams/", "q=1")
        );
        let mut cut: &[u8] = b"GET / HTTP/1.1\r\nHost";
        assert_eq!(read_request(&mut cut).err(), Some(400));
    }
}
