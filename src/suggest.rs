//! "Did you mean" suggestions for misspelt names and ids.

/// The candidate closest to `word`, if one is close enough to be a likely typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_ascii_lowercase();
    let candidates: Vec<&str> = candidates.into_iter().collect();
    if let Some(same) = candidates.iter().find(|c| c.eq_ignore_ascii_case(&word)) {
        return Some(same);
    }
    candidates
        .into_iter()
        .filter(|c| c.len().abs_diff(word.len()) <= 3 + word.len() / 2)
        .filter(|c| !same_but_digits(c, &word))
        .map(|c| (strsim::jaro_winkler(&word, &c.to_ascii_lowercase()), c))
        .filter(|&(score, _)| score >= 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0).then_with(|| b.1.cmp(a.1)))
        .map(|(_, c)| c)
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
}
