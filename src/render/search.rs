//! The search index: every word a reader might type (all of a title and a
//! body, ids with or without their dashes, labels, people, teams,
//! iterations and features) mapped to the stories and features that hold
//! it. It is written as a script, `search-index.js`, so that search works
//! from `file://` as well as from a server.

use crate::model::{Backlog, Feature, Story};
use pulldown_cmark::{Event, Parser};
use std::collections::{BTreeMap, BTreeSet};

/// Where the index goes in the site.
pub const INDEX_PATH: &str = "search-index.js";

/// One story or feature as the index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Doc {
    id: String,
    title: String,
    kind: &'static str,
    status: &'static str,
    /// Path from the site root.
    url: String,
    /// Every word it can be found by, once each.
    words: BTreeSet<String>,
}

/// The index of every story and feature.
pub fn index(backlog: &Backlog) -> Vec<u8> {
    use rayon::prelude::*;
    let stories: Vec<&Story> = backlog.stories.values().collect();
    let features: Vec<&Feature> = backlog.features.values().collect();
    let mut docs: Vec<Doc> = stories.par_iter().map(|s| story_doc(backlog, s)).collect();
    docs.extend(
        features
            .par_iter()
            .map(|f| feature_doc(backlog, f))
            .collect::<Vec<_>>(),
    );
    write(docs.iter())
}

/// A story as the index holds it.
pub fn story_doc(backlog: &Backlog, s: &Story) -> Doc {
    let team = backlog.teams.get(s.team.as_str());
    let mut texts = vec![
        s.id.as_str(),
        s.title.as_str(),
        s.kind.as_str(),
        s.status.as_str(),
        s.team.as_str(),
    ];
    texts.extend(s.labels.iter().map(String::as_str));
    texts.extend(s.iteration.as_deref());
    texts.extend(s.feature.as_deref());
    if let Some(team) = team {
        texts.extend([team.title.as_str(), team.product_owner.as_str()]);
        texts.extend(team.scrum_master.as_deref());
    }
    Doc {
        id: s.id.to_string(),
        title: s.title.clone(),
        kind: "story",
        status: s.status.as_str(),
        url: format!("stories/{}/", s.id),
        words: words(&texts, backlog.file(s.file).body()),
    }
}

/// A feature as the index holds it.
pub fn feature_doc(backlog: &Backlog, f: &Feature) -> Doc {
    let mut texts = vec![
        f.id.as_str(),
        f.title.as_str(),
        f.kind.as_str(),
        f.status.as_str(),
    ];
    texts.extend(f.labels.iter().map(String::as_str));
    texts.extend(f.owner.as_deref());
    texts.extend(f.pi.as_deref());
    Doc {
        id: f.id.to_string(),
        title: f.title.clone(),
        kind: "feature",
        status: f.status.as_str(),
        url: format!("features/{}/", f.id),
        words: words(&texts, backlog.file(f.file).body()),
    }
}

/// The words of `texts` and of the Markdown `body`'s text.
fn words(texts: &[&str], body: &str) -> BTreeSet<String> {
    let mut words = BTreeSet::new();
    for text in texts {
        add_words(&mut words, text);
    }
    for event in Parser::new(body) {
        if let Event::Text(text) | Event::Code(text) = event {
            add_words(&mut words, &text);
        }
    }
    words
}

/// Adds the words of `text`, lowercased: a word joined by `-`, `.` or `_`
/// (`LND-16`, `PI-7.4`) goes in joined (`lnd16`, `pi74`) and as its parts.
fn add_words(words: &mut BTreeSet<String>, text: &str) {
    let joiner = |c: char| matches!(c, '-' | '.' | '_');
    let compounds = text.split(|c: char| !(c.is_alphanumeric() || joiner(c)));
    for compound in compounds.map(|c| c.trim_matches(joiner)) {
        let lower = compound.to_lowercase();
        let joined: String = lower.chars().filter(|c| !joiner(*c)).collect();
        for word in std::iter::once(joined.as_str()).chain(lower.split(joiner)) {
            if (2..=40).contains(&word.chars().count()) {
                words.insert(word.to_string());
            }
        }
    }
}

/// The index as a script: the documents (`[id, title, kind, status, url]`)
/// and, for each word, the numbers of the documents holding it, each given
/// as the difference from the one before (the file stays small).
pub fn write<'a>(docs: impl Iterator<Item = &'a Doc>) -> Vec<u8> {
    let mut listed = Vec::new();
    let mut postings: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (n, doc) in docs.enumerate() {
        listed.push((&doc.id, &doc.title, doc.kind, doc.status, &doc.url));
        for word in &doc.words {
            postings.entry(word).or_default().push(n);
        }
    }
    let words: BTreeMap<&str, Vec<usize>> = postings
        .into_iter()
        .map(|(word, numbers)| {
            let deltas = numbers.iter().scan(0, |last, &n| {
                let delta = n - *last;
                *last = n;
                Some(delta)
            });
            (word, deltas.collect())
        })
        .collect();
    let data = serde_json::json!({"docs": listed, "words": words});
    // serde_json escapes every string; JSON is a JavaScript expression.
    let mut script = b"window.rankdownSearch=".to_vec();
    script.extend(serde_json::to_vec(&data).unwrap_or_default());
    script.extend_from_slice(b";\n");
    script
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<String> {
        let mut words = BTreeSet::new();
        add_words(&mut words, text);
        words.into_iter().collect()
    }

    #[test]
    fn ids_and_iterations_are_found_with_or_without_their_dashes() {
        assert_eq!(words_of("LND-16"), ["16", "lnd", "lnd16"]);
        assert_eq!(words_of("in PI-7.4,"), ["in", "pi", "pi74"]);
        assert_eq!(words_of("Ünïcode wörds"), ["wörds", "ünïcode"]);
    }

    #[test]
    fn postings_are_differences_and_text_stays_data() {
        let doc = |id: &str, words: &[&str]| Doc {
            id: id.into(),
            title: "</script><b>".into(),
            kind: "story",
            status: "ready",
            url: format!("stories/{id}/"),
            words: words.iter().map(|w| w.to_string()).collect(),
        };
        let docs = [doc("A-1", &["x"]), doc("A-2", &["y"]), doc("A-3", &["x"])];
        let script = String::from_utf8(write(docs.iter())).expect("utf-8");
        assert!(script.starts_with("window.rankdownSearch={"), "{script}");
        assert!(
            script.contains(r#""words":{"x":[0,2],"y":[1]}"#),
            "{script}"
        );
        assert!(script.contains(r#"["A-1","</script><b>","story","ready","stories/A-1/"]"#));
    }
}
