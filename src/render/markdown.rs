//! Backlog Markdown → safe HTML. Backlog text is untrusted: everything the
//! Markdown renderer emits goes through ammonia's allow-list.

use ammonia::Builder;
use pulldown_cmark::{CodeBlockKind, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use rustc_hash::FxHashMap;
use std::sync::{LazyLock, Mutex};

/// The sanitizer: ammonia's defaults (no script, style, iframe, form, input,
/// event handlers or `javascript:` URLs), plus the language class of code blocks.
static SANITIZER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let mut builder = Builder::default();
    builder
        .add_tag_attributes("code", ["class"])
        .attribute_filter(|element, attribute, value| match (element, attribute) {
            ("code", "class") => value.starts_with("language-").then_some(value.into()),
            // Opening a page must not fetch from elsewhere (a tracking pixel).
            ("img", "src") => is_local(value).then_some(value.into()),
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into());
    builder
});

/// Renders `markdown` as sanitized HTML.
pub(super) fn to_html(markdown: &str) -> String {
    render(markdown, false)
}

/// Renders an acceptance criteria section as sanitized HTML, leaving out
/// its fenced `gherkin` blocks, which pages show as scenarios.
pub(super) fn criteria_html(markdown: &str) -> String {
    render(markdown, true)
}

fn render(markdown: &str, without_gherkin: bool) -> String {
    // No footnotes: their links need ids, which the sanitizer removes.
    let options =
        Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    // The page's title is its only h1: the body's top heading level
    // becomes h2, whatever level it starts at.
    // One parse: the events are kept to find the top level first.
    let parsed: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let top = (parsed.iter())
        .filter_map(|event| match event {
            Event::Start(Tag::Heading { level, .. }) => Some(*level as usize),
            _ => None,
        })
        .min()
        .unwrap_or(1)
        // Inside the criteria section (an h2) its top level is h3.
        - usize::from(without_gherkin);
    let mut kept = Kept::default();
    let mut in_gherkin = false;
    let events = parsed.into_iter().filter_map(|event| {
        if without_gherkin {
            match &event {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(lang)))
                    if lang.split_whitespace().next() == Some("gherkin") =>
                {
                    in_gherkin = true;
                    return None;
                }
                Event::End(TagEnd::CodeBlock) if in_gherkin => {
                    in_gherkin = false;
                    return None;
                }
                _ if in_gherkin => return None,
                _ => {}
            }
        }
        Some(match event {
            Event::Start(Tag::Heading {
                level,
                id,
                classes,
                attrs,
            }) => Event::Start(Tag::Heading {
                level: shifted(level, top),
                id,
                classes,
                attrs,
            }),
            Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(shifted(level, top))),
            // A task's state as a glyph: no form controls in backlog text.
            Event::TaskListMarker(done) => Event::Text(if done { "✓ " } else { "○ " }.into()),
            Event::Start(tag @ (Tag::Link { .. } | Tag::Image { .. })) => kept.start(tag)?,
            Event::End(end @ (TagEnd::Link | TagEnd::Image)) => kept.end(end)?,
            other => other,
        })
    });
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// What becomes of links and images: a link the sanitizer would empty
/// stays plain text rather than a link that goes nowhere; a remote image
/// becomes a link to it, so that opening a page fetches nothing from
/// elsewhere (a tracking pixel). Each start pushes the end it needs.
#[derive(Default)]
struct Kept {
    ends: Vec<Option<TagEnd>>,
}

impl Kept {
    fn start<'a>(&mut self, tag: Tag<'a>) -> Option<Event<'a>> {
        let (event, end) = match tag {
            Tag::Link { ref dest_url, .. } if !is_allowed(dest_url) => (None, None),
            Tag::Image {
                dest_url,
                title,
                id,
                ..
            } if !is_local(&dest_url) => match is_allowed(&dest_url) {
                true => {
                    let link_type = pulldown_cmark::LinkType::Inline;
                    let link = Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    };
                    (Some(Event::Start(link)), Some(TagEnd::Link))
                }
                false => (None, None),
            },
            tag => {
                let end = tag.to_end();
                (Some(Event::Start(tag)), Some(end))
            }
        };
        self.ends.push(end);
        event
    }

    fn end<'a>(&mut self, end: TagEnd) -> Option<Event<'a>> {
        self.ends.pop().unwrap_or(Some(end)).map(Event::End)
    }
}

/// Whether `url` stays within the site: no scheme, no other host.
fn is_local(url: &str) -> bool {
    // Browsers read `\\host` and `/\host` as `//host`, another host.
    let url = url.trim_start();
    let other_host = url.len() >= 2 && url.bytes().take(2).all(|b| b == b'/' || b == b'\\');
    !other_host && !has_scheme(url)
}

/// Whether the sanitizer keeps a link to `url`.
fn is_allowed(url: &str) -> bool {
    let lower = url.trim_start().to_ascii_lowercase();
    !has_scheme(&lower)
        || ["http:", "https:", "mailto:"]
            .iter()
            .any(|s| lower.starts_with(s))
}

/// Whether `url` starts with a scheme (`name:` before any `/`, `?` or `#`).
fn has_scheme(url: &str) -> bool {
    let url = url.trim_start();
    url.find(':')
        .is_some_and(|colon| !url[..colon].is_empty() && !url[..colon].contains(['/', '?', '#']))
}

/// Renders Markdown, optionally remembering results so that a live rebuild
/// renders only text that changed.
#[derive(Default)]
pub(super) struct Markdown {
    memo: Option<Mutex<FxHashMap<String, String>>>,
}

impl Markdown {
    /// A renderer that remembers what it rendered.
    pub(super) fn remembering() -> Markdown {
        Markdown {
            memo: Some(Mutex::default()),
        }
    }

    /// `markdown` as sanitized HTML (see [`to_html`]).
    pub(super) fn html(&self, markdown: &str) -> String {
        let Some(memo) = &self.memo else {
            return to_html(markdown);
        };
        if let Some(html) = lock(memo).get(markdown) {
            return html.clone();
        }
        let html = to_html(markdown);
        lock(memo).insert(markdown.to_string(), html.clone());
        html
    }

    /// Forgets everything rendered before, once the memo holds more than
    /// `limit` texts (edits leave old versions behind).
    pub(super) fn trim(&self, limit: usize) {
        if let Some(memo) = &self.memo {
            let mut memo = lock(memo);
            if memo.len() > limit {
                memo.clear();
            }
        }
    }
}

fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

/// `level` moved so that the body's `top` level becomes h2.
fn shifted(level: HeadingLevel, top: usize) -> HeadingLevel {
    match (level as usize + 2).saturating_sub(top) {
        0..=2 => HeadingLevel::H2,
        3 => HeadingLevel::H3,
        4 => HeadingLevel::H4,
        5 => HeadingLevel::H5,
        _ => HeadingLevel::H6,
    }
}

#[cfg(test)]
mod tests {
    use super::to_html;

    #[test]
    fn renders_ordinary_markdown() {
        let html = to_html("Hello *world*\n\n- [x] done\n\n| a |\n|---|\n| b |\n");
        assert!(html.contains("<em>world</em>"), "{html}");
        assert!(html.contains("<li>✓ done</li>"), "{html}");
        assert!(html.contains("<td>b</td>"), "{html}");
        assert_eq!(
            to_html("# Top\n\n###### Deep\n"),
            "<h2>Top</h2>\n<h6>Deep</h6>\n"
        );
    }

    #[test]
    fn strips_everything_active() {
        let hostile = r#"<script>alert(1)</script>
<img src=x onerror="alert(2)">

[click](javascript:alert(3)) and <a href="JAVASCRIPT:alert(6)">x</a>

<iframe src="https://evil.example"></iframe>
<style>body{display:none}</style>
<a href="https://ok.example" onclick="alert(4)">ok</a>
<svg><script>alert(5)</script></svg>
<form action="https://evil.example"><input type="text" name="x"></form>
"#;
        let html = to_html(hostile);
        for banned in [
            "<script",
            "onerror",
            "javascript:",
            "<iframe",
            "<style",
            "onclick",
            "<form",
            "<svg",
        ] {
            assert!(
                !html.to_lowercase().contains(banned),
                "`{banned}` survived in {html}"
            );
        }
        assert!(html.contains(r#"href="https://ok.example""#), "{html}");
        let html = to_html(
            "<input type=\"password\"> <a class=\"search-popup\" href=\"https://x.example\">x</a>\n\n```rust\nfn main() {}\n```\n",
        );
        assert!(
            !html.contains("password") && !html.contains("search-popup"),
            "{html}"
        );
        assert!(html.contains(r#"<code class="language-rust">"#), "{html}");
    }

    #[test]
    fn a_page_fetches_nothing_from_elsewhere_and_has_no_dead_links() {
        let html = to_html(
            "![pixel](https://track.example/p.gif) ![logo](img/logo.png) \
             <img src=\"https://track.example/q.gif\" alt=\"q\"> <img src=\"//x.example/r\"> \
             ![s](data:image/png;base64,AAAA) [go](javascript:alert(1)) [ok](../F-1/)\n",
        );
        assert!(
            html.contains(r#"<a href="https://track.example/p.gif" rel="noopener noreferrer nofollow">pixel</a>"#),
            "{html}"
        );
        assert!(
            html.contains(r#"<img src="img/logo.png" alt="logo">"#),
            "{html}"
        );
        assert!(
            !html.contains("src=\"https:") && !html.contains("src=\"//"),
            "{html}"
        );
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains(" go "), "plain text, no link: {html}");
        assert_eq!(
            html.matches("<a ").count(),
            html.matches("<a href=").count(),
            "{html}"
        );
        assert!(html.contains(r#"<a href="../F-1/""#), "{html}");
    }

    #[test]
    fn the_body_s_top_heading_becomes_h2_whatever_its_level() {
        assert_eq!(
            to_html("## Context\n\n### Detail\n"),
            "<h2>Context</h2>\n<h3>Detail</h3>\n"
        );
    }

    #[test]
    fn a_criteria_section_keeps_its_headings_nesting_and_marks_but_not_gherkin() {
        let html = super::criteria_html(
            "### Search\n\n- [x] **bold** and `code`\n  - a note under it\n\n```gherkin\nScenario: x\n```\n",
        );
        assert!(html.contains("<h3>Search</h3>"), "{html}");
        assert!(
            html.contains("✓ <strong>bold</strong> and <code>code</code>"),
            "{html}"
        );
        assert!(html.contains("<li>a note under it</li>"), "{html}");
        assert!(!html.contains("Scenario"), "{html}");
    }
}
