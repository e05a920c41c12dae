//! The check report page: every diagnostic, grouped by file under the name
//! of the item the file defines, in words a reader can act on.

use super::links::Links;
use super::pages::item_of_file;
use super::{Inputs, Job, escape};
use crate::diagnostic::{Code, Diagnostic, Severity};
use serde::Serialize;
use std::collections::BTreeMap;

/// What `check.html` receives as `page`.
#[derive(Serialize)]
struct Report {
    groups: Vec<Group>,
}

/// The diagnostics of one file.
#[derive(Serialize)]
struct Group {
    file: String,
    /// The title of the item the file defines, if it loaded.
    title: Option<String>,
    url: Option<String>,
    diagnostics: Vec<Shown>,
}

/// One diagnostic, its texts as safe HTML with code spans marked.
#[derive(Serialize)]
struct Shown {
    line: usize,
    column: usize,
    code: &'static str,
    severity: &'static str,
    message: String,
    hint: String,
}

/// The check report.
pub(super) fn report(input: &Inputs) -> Job {
    let links = Links::at_depth(1);
    let b = input.backlog;
    let mut by_file: BTreeMap<&str, Vec<&Diagnostic>> = BTreeMap::new();
    for d in input.diagnostics {
        by_file.entry(d.file.as_str()).or_default().push(d);
    }
    let groups = by_file
        .into_iter()
        .map(|(file, found)| {
            // In the check's order: by place, then the iterations they are
            // about by date.
            let item = item_of_file(b, file);
            Group {
                file: file.to_string(),
                title: item
                    .as_ref()
                    .and_then(|(_, id)| b.title_of(id))
                    .map(str::to_string),
                url: item.map(|(kind, id)| links.item(kind, &id)),
                diagnostics: found.into_iter().map(|d| shown(input, d)).collect(),
            }
        })
        .collect();
    Job::page("check/index.html", "check.html", 1, &Report { groups })
}

fn shown(input: &Inputs, d: &Diagnostic) -> Shown {
    let over = (d.iteration.as_ref()).is_some_and(|it| it.end < input.today.to_string());
    let hint = match over {
        // Advice to move stories out of the past would be no use.
        true if d.code == Code::OverCapacity => {
            "that iteration is over: nothing to move now; plan the coming ones within `capacity`"
        }
        _ => d.hint.as_str(),
    };
    Shown {
        line: d.line,
        column: d.column,
        code: d.code.as_str(),
        severity: match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        },
        message: with_code_spans(&d.message),
        hint: with_code_spans(hint),
    }
}

/// `text` escaped for HTML, with each `` `span` `` as `<code>span</code>`.
pub fn with_code_spans(text: &str) -> String {
    let parts: Vec<&str> = text.split('`').collect();
    let closed = parts.len() % 2 == 1; // an odd backtick stays as it is
    let mut html = String::with_capacity(text.len() + 16);
    for (i, part) in parts.iter().enumerate() {
        let code = i % 2 == 1 && (closed || i + 1 < parts.len());
        match (code, i % 2 == 1) {
            (true, _) => html.push_str(&format!("<code>{}</code>", escape(part))),
            (false, true) => html.push_str(&format!("`{}", escape(part))),
            (false, false) => html.push_str(&escape(part)),
        }
    }
    html
}

#[cfg(test)]
mod tests {
    use super::with_code_spans;

    #[test]
    fn code_spans_become_code_and_everything_is_escaped() {
        assert_eq!(
            with_code_spans("team `a<b>` plans `PI-1.1` & more"),
            "team <code>a&lt;b&gt;</code> plans <code>PI-1.1</code> &amp; more"
        );
        assert_eq!(with_code_spans("one ` tick"), "one ` tick");
    }
}
