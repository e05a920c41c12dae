//! "Did you mean" suggestions for misspelt names and ids.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    ranked(word, candidates).first().map(|&(_, c)| c)
}

/// The candidate closest to `word` when no other is as close: the one
/// change a tool may make on its own.
pub fn only_closest<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    match ranked(word, candidates).as_slice() {
        [(best, c), (next, _), ..] if best > next => Some(c),
        [(_, c)] => Some(c),
        _ => None,
    }
}

/// The candidates close enough to `word` to be a likely typo, closest
/// first (ties by name); one that differs only in case beats all others.
fn ranked<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<(f64, &'a str)> {
    let word = word.to_ascii_lowercase();
    let mut candidates: Vec<&str> = candidates.into_iter().collect();
    // A name offered twice is still one suggestion.
    candidates.sort_unstable();
    candidates.dedup();
    let same: Vec<(f64, &str)> = candidates
        .iter()
        .filter(|c| c.eq_ignore_ascii_case(&word))
        .map(|&c| (2.0, c))
        .collect();
    if !same.is_empty() {
        return same;
    }
    let mut scored: Vec<(f64, &str)> = candidates
        .into_iter()
        .filter(|c| c.len().abs_diff(word.len()) <= 3 + word.len() / 2)
        .filter(|c| !same_but_digits(c, &word))
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(score, _)| score >= 0.8)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
}

/// Whether `a` and `b` differ only in their digits: ids such as `F-7` and
/// `F-1` name different items rather than a typo.
fn same_but_digits(a: &str, b: &str) -> bool {
    let letters = |t: &str| {
        t.chars()
            .filter(|c| !c.is_ascii_digit())
            .map(|c| c.to_ascii_lowercase())
            .collect::<Vec<_>>()
    };
    a.len().abs_diff(b.len()) < 4 && letters(a) == letters(b)
}

/// A hint sentence for `word`: "did you mean `x`?" or `otherwise`.
pub fn did_you_mean<'a>(
    word: &str,
    candidates: impl IntoIterator<Item = &'a str>,
    otherwise: impl Into<String>,
) -> String {
    match closest(word, candidates) {
        Some(c) => format!("did you mean `{c}`?"),
        None => otherwise.into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_near_misses_only() {
        let fields = ["depends_on", "status", "iteration"];
        assert_eq!(closest("depend_on", fields), Some("depends_on"));
        assert_eq!(closest("Stauts", fields), Some("status"));
        assert_eq!(closest("owner", fields), None);
        assert_eq!(closest("alfa", ["alpha", "beta"]), Some("alpha"));
        assert_eq!(closest("F-7", ["F-1", "F-17"]), None);
        assert_eq!(closest("CHK12", ["CHK-12"]), Some("CHK-12"));
        assert_eq!(closest("Alpha", ["alpha", "beta"]), Some("alpha"));
        assert_eq!(closest("Backlog", ["backlog", "ready"]), Some("backlog"));
        assert_eq!(
            closest("chekout", ["checkout", "catalog"]),
            Some("checkout")
        );
        let story_fields = [
            "title",
            "type",
            "team",
            "status",
            "feature",
            "points",
            "iteration",
            "labels",
            "extra",
        ];
        for unrelated in ["owner", "colour", "priority", "assignee"] {
            assert_eq!(closest(unrelated, story_fields), None, "{unrelated}");
        }
    }

    #[test]
    fn only_a_clear_winner_is_the_only_closest() {
        let fields = ["depends_on", "status", "iteration"];
        assert_eq!(only_closest("depend_on", fields), Some("depends_on"));
        assert_eq!(only_closest("owner", fields), None);
        assert_eq!(only_closest("abcd", ["abce", "abcf"]), None);
        assert_eq!(closest("abcd", ["abcf", "abce"]), Some("abce"));
        assert_eq!(only_closest("STATUS", ["status", "Status"]), None);
        assert_eq!(
            only_closest("job_sise", ["job_size", "job_size"]),
            Some("job_size")
        );
    }
}
