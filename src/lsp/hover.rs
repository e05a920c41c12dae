//! Hover: what an id names (title, type, status, points, rank, team), and
//! for a role field or a role's id, the role and its duties.

use super::context::Here;
use super::cursor::Spot;
use super::navigate::iteration;
use crate::model::authority::{PRODUCT_MANAGER, PRODUCT_OWNER, SCRUM_MASTER};
use crate::model::{Backlog, Feature, Kind, Pi, Role, Story, Team};
use lsp_types::{Hover, HoverContents, MarkupContent, MarkupKind};

/// What to show for the cursor's place, if anything.
pub(super) fn hover(here: &Here) -> Option<Hover> {
    let backlog = here.backlog();
    let (word, range) = here.word()?;
    let text = match backlog.kind_of(word) {
        Some(kind) => item(backlog, kind, word)?,
        None => match iteration(backlog, word) {
            Some((pi, it)) => format!(
                "**{}** · iteration of PI {}\n\n{} to {}",
                escape(&it.id),
                code(pi.id.as_str()),
                it.start,
                it.end
            ),
            None => role_field(here)?,
        },
    };
    Some(Hover {
        contents: HoverContents::Markup(MarkupContent {
            kind: MarkupKind::Markdown,
            value: text,
        }),
        range: Some(here.range(range)),
    })
}

/// The summary of the item of `kind` with `id`.
fn item(backlog: &Backlog, kind: Kind, id: &str) -> Option<String> {
    Some(match kind {
        Kind::Story => story(backlog, backlog.stories.get(id)?),
        Kind::Feature => feature(backlog, backlog.features.get(id)?),
        Kind::Team => team(backlog.teams.get(id)?),
        Kind::Pi => pi(backlog.pis.get(id)?),
        Kind::Role => role(backlog.roles.get(id)?),
    })
}

fn heading(id: &str, title: &str) -> String {
    format!("**{}** — {}", escape(id), escape(title))
}

fn story(backlog: &Backlog, s: &Story) -> String {
    let mut facts = vec![s.kind.as_str().to_string(), s.status.as_str().to_string()];
    if let Some(points) = s.points {
        facts.push(format!("{points} points"));
    }
    facts.push(format!("team {}", code(&s.team)));
    if let Some(rank) = backlog.ranks().get(s.id.as_str()) {
        facts.push(format!("rank {rank} in its team backlog"));
    }
    let mut more = Vec::new();
    if let Some(feature) = &s.feature {
        more.push(format!("feature {}", code(feature)));
    }
    if let Some(iteration) = &s.iteration {
        more.push(format!("iteration {}", code(iteration)));
    }
    if !s.depends_on.is_empty() {
        let ids: Vec<String> = s.depends_on.iter().map(|r| code(&r.id)).collect();
        more.push(format!("depends on {}", ids.join(", ")));
    }
    paragraphs(heading(s.id.as_str(), &s.title), &facts, &more)
}

fn feature(backlog: &Backlog, f: &Feature) -> String {
    let mut facts = vec![f.kind.as_str().to_string(), f.status.as_str().to_string()];
    if let Some(pi) = &f.pi {
        facts.push(format!("PI {}", code(pi)));
    }
    if let Some(owner) = &f.owner {
        facts.push(format!("owner {}", escape(owner)));
    }
    let mut more = Vec::new();
    let rank = backlog
        .config
        .as_ref()
        .and_then(|c| c.program_backlog.iter().position(|r| r.id == f.id.as_str()));
    if let Some(rank) = rank {
        more.push(format!("rank {} in the program backlog", rank + 1));
    }
    let stories = backlog
        .stories
        .values()
        .filter(|s| s.feature.as_deref() == Some(f.id.as_str()))
        .count();
    more.push(crate::words::counted(stories, "story"));
    paragraphs(heading(f.id.as_str(), &f.title), &facts, &more)
}

fn team(t: &Team) -> String {
    let mut facts = vec![
        "team".to_string(),
        format!("Product Owner {}", escape(&t.product_owner)),
    ];
    if let Some(sm) = &t.scrum_master {
        facts.push(format!("Scrum Master {}", escape(sm)));
    }
    if let Some(capacity) = t.capacity {
        facts.push(format!("capacity {capacity}"));
    }
    let listed = crate::words::counted(t.backlog.len(), "story");
    let more = vec![format!("{listed} in its backlog")];
    paragraphs(heading(t.id.as_str(), &t.title), &facts, &more)
}

fn pi(p: &Pi) -> String {
    let mut facts = vec!["PI".to_string()];
    if let (Some(start), Some(end)) = (p.start, p.end) {
        facts.push(format!("{start} to {end}"));
    }
    let ids: Vec<String> = p.iterations.iter().map(|it| code(&it.id)).collect();
    let more = vec![
        format!("iterations {}", ids.join(", ")),
        crate::words::counted(p.objectives.len(), "objective"),
    ];
    paragraphs(heading(p.id.as_str(), &p.title), &facts, &more)
}

fn role(r: &Role) -> String {
    let mut text = heading(r.id.as_str(), &r.title) + "\n\nrole";
    if !r.owns.is_empty() {
        text.push_str(&format!(" · owns {}", r.owns.join(", ")));
    }
    if !r.responsibilities.is_empty() {
        text.push_str("\n\nDuties:\n");
        for duty in &r.responsibilities {
            text.push_str(&format!("\n- {}", escape(duty)));
        }
    }
    text
}

/// The role held through the field on the cursor's line (`product_owner:`
/// in a team, `owner:` of a feature, `product_manager:` in rankdown.yaml).
fn role_field(here: &Here) -> Option<String> {
    let cursor = here.cursor()?;
    let field = match (cursor.keys.first(), cursor.spot) {
        (Some(key), _) => key.as_str(),
        (None, Spot::Key) => &here.text[cursor.word.clone()],
        (None, _) => return None,
    };
    let id = match (here.kind()?, field) {
        (Some(Kind::Team), "product_owner") => PRODUCT_OWNER,
        (Some(Kind::Team), "scrum_master") => SCRUM_MASTER,
        (Some(Kind::Feature), "owner") | (None, "product_manager") => PRODUCT_MANAGER,
        _ => return None,
    };
    let backlog = here.backlog();
    match backlog.roles.get(id) {
        Some(r) => Some(role(r)),
        None => Some(format!(
            "**{id}**\n\nno role file `roles/{id}.md` describes this role's duties"
        )),
    }
}

fn paragraphs(heading: String, facts: &[String], more: &[String]) -> String {
    let mut text = format!("{heading}\n\n{}", facts.join(" · "));
    if !more.is_empty() {
        text.push_str(&format!("\n\n{}", more.join(" · ")));
    }
    text
}

/// `text` as inline code (ids hold no backticks).
fn code(text: &str) -> String {
    format!("`{}`", text.replace('`', "'"))
}

/// `text` with the characters Markdown would read as markup escaped.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_[]<>#|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}
