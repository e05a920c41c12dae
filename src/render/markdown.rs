//! Backlog Markdown → safe HTML. Backlog text is untrusted: everything the
//! Markdown renderer emits goes through ammonia's allow-list.

use ammonia::Builder;
use pulldown_cmark::{Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
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
            _ => Some(value.into()),
        })
        .link_rel(Some("noopener noreferrer nofollow"))
        .url_schemes(["http", "https", "mailto"].into());
    builder
});

/// Renders `markdown` as sanitized HTML.
pub fn to_html(markdown: &str) -> String {
    // No footnotes: their links need ids, which the sanitizer removes.
    let options =
        Options::ENABLE_TASKLISTS | Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    let mut unsafe_html = String::with_capacity(markdown.len() * 3 / 2);
    // The page's title is its only h1: body headings move one level down.
    let events = Parser::new_ext(markdown, options).map(|event| match event {
        Event::Start(Tag::Heading {
            level,
            id,
            classes,
            attrs,
        }) => Event::Start(Tag::Heading {
            level: lower(level),
            id,
            classes,
            attrs,
        }),
        Event::End(TagEnd::Heading(level)) => Event::End(TagEnd::Heading(lower(level))),
        // A task's state as a glyph: no form controls in backlog text.
        Event::TaskListMarker(done) => Event::Text(if done { "☑ " } else { "☐ " }.into()),
        other => other,
    });
    html::push_html(&mut unsafe_html, events);
    SANITIZER.clean(&unsafe_html).to_string()
}

/// Renders Markdown, optionally remembering results so that a live rebuild
/// renders only text that changed.
#[derive(Default)]
pub struct Markdown {
    memo: Option<Mutex<FxHashMap<String, String>>>,
}

impl Markdown {
    /// A renderer that remembers what it rendered.
    pub fn remembering() -> Markdown {
        Markdown {
            memo: Some(Mutex::default()),
        }
    }

    /// `markdown` as sanitized HTML (see [`to_html`]).
    pub fn html(&self, markdown: &str) -> String {
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
    pub fn trim(&self, limit: usize) {
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

fn lower(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
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
        assert!(html.contains("<li>☑ done</li>"), "{html}");
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
}
