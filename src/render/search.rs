//! The search index: every word a reader might type (all of a title and a
//! body, ids with or without their dashes, labels, people, teams,
//! iterations and features) mapped to the stories and features that hold
//! it. It is written as a script, `search-index.js`, so that search works
//! from `file://` as well as from a server.

use crate::model::{Backlog, Feature, Kind, Story};
use rustc_hash::FxHashMap;

/// Where the index goes in the site.
pub(super) const INDEX_PATH: &str = "search-index.js";

/// One story or feature as the index holds it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Doc {
    id: String,
    title: String,
    kind: &'static str,
    status: &'static str,
    /// Path from the site root.
    url: String,
    /// Every word it can be found by, once each, in order, one per line
    /// (one string per item rather than one per word).
    words: String,
}

/// The index of every story and feature.
pub(super) fn index(backlog: &Backlog) -> Vec<u8> {
    use rayon::prelude::*;
    let stories: Vec<&Story> = backlog.stories.values().collect();
    let features: Vec<&Feature> = backlog.features.values().collect();
    let mut docs: Vec<Doc> = stories.par_iter().map(|s| story_doc(backlog, s)).collect();
    docs.par_extend(features.par_iter().map(|f| feature_doc(backlog, f)));
    write(docs.iter())
}

/// A story as the index holds it.
pub(super) fn story_doc(backlog: &Backlog, s: &Story) -> Doc {
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
        url: format!("{}/{}/", crate::layout::folder(Kind::Story), s.id),
        words: words(&texts, backlog.file(s.file).body()),
    }
}

/// A feature as the index holds it.
pub(super) fn feature_doc(backlog: &Backlog, f: &Feature) -> Doc {
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
        url: format!("{}/{}/", crate::layout::folder(Kind::Feature), f.id),
        words: words(&texts, backlog.file(f.file).body()),
    }
}

/// The words of `texts` and of the Markdown `body`.
fn words(texts: &[&str], body: &str) -> String {
    // Markdown's marks are not letters, so they part words like spaces;
    // parsing the Markdown would cost more than the whole index.
    let mut lowered = String::with_capacity(body.len() + 256);
    for text in texts.iter().chain([&body]) {
        if text.is_ascii() {
            let start = lowered.len();
            lowered.push_str(text);
            lowered[start..].make_ascii_lowercase();
        } else {
            lowered.push_str(&text.to_lowercase());
        }
        lowered.push('\n');
    }
    let mut joined = Vec::new();
    let mut words: Vec<&str> = Vec::new();
    add_words(&mut words, &mut joined, &lowered);
    words.extend(joined.iter().map(String::as_str));
    // Once each, in the order first met: the same text always gives the
    // same list, and a set is cheaper than sorting every word.
    let mut seen = rustc_hash::FxHashSet::default();
    let mut list = String::with_capacity(lowered.len() / 2);
    for word in words.into_iter().filter(|w| seen.insert(*w)) {
        list.push_str(word);
        list.push('\n');
    }
    list.pop();
    list
}

/// Adds the words of the lowercase `text` to `words`; a word joined by `-`,
/// `.` or `_` (`lnd-16`, `pi-7.4`) goes in as its parts and, joined
/// (`lnd16`, `pi74`), to `joined`.
fn add_words<'a>(words: &mut Vec<&'a str>, joined: &mut Vec<String>, text: &'a str) {
    let joiner = |c: char| matches!(c, '-' | '.' | '_');
    let fits = |word: &str| (2..=40).contains(&word.chars().count());
    let compounds = text.split(|c: char| !(c.is_alphanumeric() || joiner(c)));
    for compound in compounds.map(|c| c.trim_matches(joiner)) {
        if !compound.contains(joiner) {
            if fits(compound) {
                words.push(compound);
            }
            continue;
        }
        words.extend(compound.split(joiner).filter(|part| fits(part)));
        let whole: String = compound.chars().filter(|c| !joiner(*c)).collect();
        if fits(&whole) {
            joined.push(whole);
        }
    }
}

/// The index as a script: the documents (`[id, title, kind, status, url]`)
/// and, for each word, the numbers of the documents holding it, each given
/// as the difference from the one before (the file stays small).
pub(super) fn write<'a>(docs: impl Iterator<Item = &'a Doc>) -> Vec<u8> {
    let mut script = b"window.rankdownSearch={\"docs\":[".to_vec();
    let mut postings: FxHashMap<&str, Vec<u32>> = FxHashMap::default();
    for (n, doc) in docs.enumerate() {
        if n > 0 {
            script.push(b',');
        }
        let row = (&doc.id, &doc.title, doc.kind, doc.status, &doc.url);
        // serde_json escapes every string; JSON is a JavaScript expression.
        let _ = serde_json::to_writer(&mut script, &row);
        for word in doc.words.split('\n').filter(|w| !w.is_empty()) {
            postings.entry(word).or_default().push(n as u32);
        }
    }
    script.extend_from_slice(b"],\"words\":{");
    let mut words: Vec<(&str, Vec<u32>)> = postings.into_iter().collect();
    words.sort_unstable_by(|a, b| a.0.cmp(b.0));
    for (i, (word, numbers)) in words.iter().enumerate() {
        if i > 0 {
            script.push(b',');
        }
        let _ = serde_json::to_writer(&mut script, word);
        script.extend_from_slice(b":[");
        let mut last = 0;
        for (j, n) in numbers.iter().enumerate() {
            if j > 0 {
                script.push(b',');
            }
            push_number(&mut script, n - last);
            last = *n;
        }
        script.push(b']');
    }
    script.extend_from_slice(b"}};\n");
    script
}

/// Writes `n` in decimal (a postings list has millions of numbers).
fn push_number(script: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut rest = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    script.extend_from_slice(&digits[at..]);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words_of(text: &str) -> Vec<String> {
        let mut words: Vec<String> = words(&[text], "").lines().map(str::to_string).collect();
        words.sort();
        words
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
            words: words.join("\n"),
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
