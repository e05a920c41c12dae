//! What the preview adds to served pages, and only to served pages: the
//! script that reloads the page after a rebuild, and the overlay listing
//! the errors that keep the site from being rebuilt.

use super::http::EVENTS_PATH;
use super::site::Problem;
use crate::render::{escape, with_code_spans};

/// The page served for every path while no good site has been built yet.
pub const NO_SITE_YET: &str = "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>rankdown</title></head><body></body></html>";

/// `page` with the reload script, and the overlay if there is one, before
/// its closing `</body>` (or at its end).
/// `(run, generation)` names the site the page comes from.
pub fn into_page(page: &[u8], overlay: Option<&str>, (run, generation): (u64, u64)) -> Vec<u8> {
    let script = format!(
        "<script>new EventSource(\"{EVENTS_PATH}?run={run}&since={generation}\").addEventListener(\"reload\",function(){{location.reload()}});</script>"
    );
    let at = rfind(page, b"</body>").unwrap_or(page.len());
    let mut out = Vec::with_capacity(page.len() + script.len() + overlay.map_or(0, str::len));
    out.extend_from_slice(&page[..at]);
    out.extend_from_slice(overlay.unwrap_or_default().as_bytes());
    out.extend_from_slice(script.as_bytes());
    out.extend_from_slice(&page[at..]);
    out
}

fn rfind(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).rposition(|w| w == needle)
}

/// The overlay for `problem`: every error with file, line, rule, message and
/// fix. Backlog text is escaped.
pub fn overlay(problem: &Problem) -> String {
    let (title, items) = match problem {
        Problem::Errors(errors) => {
            let title = crate::words::counted(errors.len(), "error");
            let items: String = errors
                .iter()
                .map(|d| {
                    format!(
                        "<li><code>{}:{}:{}</code> <b>{}</b> {}<br><small>fix: {}</small></li>",
                        escape(&d.file),
                        d.line,
                        d.column,
                        d.code.as_str(),
                        with_code_spans(&d.message),
                        with_code_spans(&d.hint)
                    )
                })
                .collect();
            (title, items)
        }
        Problem::Fatal(message) => (
            "cannot build".to_string(),
            format!("<li>{}</li>", escape(message)),
        ),
    };
    format!(
        "<div id=\"rankdown-overlay\" role=\"alert\" style=\"position:fixed;inset:auto 0 0 0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.5rem;background:#2b0b0e;color:#fff;font:14px/1.5 system-ui,sans-serif;border-top:4px solid #e5484d\"><style>#rankdown-overlay code{{background:#4d1c21;color:#fff;border:0;padding:0 .25em;border-radius:3px;font:13px/1.5 ui-monospace,monospace}}</style><p style=\"margin:0 0 .5rem\"><b>rankdown: {title}</b> — showing the last good site; it rebuilds when you save a fix.</p><ul style=\"margin:0;padding-left:1.2rem\">{items}</ul></div>"
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Code, Diagnostic};

    #[test]
    fn the_script_goes_before_the_closing_body_tag() {
        let page = into_page(b"<html><body><p>x</p></body></html>", None, (3, 7));
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with(
            "<html><body><p>x</p><script>new EventSource(\"/__rankdown/events?run=3&since=7\")"
        ));
        assert!(page.ends_with("</script></body></html>"));
    }

    #[test]
    fn the_overlay_names_file_line_rule_and_fix_and_escapes_backlog_text() {
        let d = Diagnostic::new(
            Code::DuplicateId,
            "stories/<b>.md",
            (3, 5),
            "id `<script>` is taken",
            "rename \"it\"",
        );
        let html = overlay(&Problem::Errors(vec![d]));
        assert!(
            html.contains("<code>stories/&lt;b&gt;.md:3:5</code> <b>RD"),
            "{html}"
        );
        assert!(html.contains("id <code>&lt;script&gt;</code> is taken"));
        assert!(html.contains("#rankdown-overlay code{background:#4d1c21;color:#fff;"));
        assert!(html.contains("fix: rename &quot;it&quot;"));
        assert!(html.contains("1 error</b>"));
    }
}
