//! Numbers as people write them in messages: `2nd`, `two stories`.

/// `1st`, `2nd`, `3rd`, `11th`, `22nd`.
pub fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// A number up to ten in words, a larger one in digits.
pub fn number(n: usize) -> String {
    const WORDS: [&str; 11] = [
        "no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    ];
    WORDS
        .get(n)
        .map_or_else(|| n.to_string(), |w| w.to_string())
}

/// `one story`, `two stories`.
pub fn count(n: usize, one: &str, many: &str) -> String {
    format!("{} {}", number(n), noun(n, one, many))
}

/// `1 error`, `2 errors`: the number in digits, a regular plural.
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {noun}{}", if n == 1 { "" } else { "s" })
}

/// The noun for `n` things: `one` for 1, else `many`.
pub fn noun<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ordinals_read_as_words_do() {
        let got = [1, 2, 3, 4, 11, 12, 13, 21, 22, 103, 111].map(ordinal);
        assert_eq!(
            got,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd", "103rd",
                "111th"
            ]
        );
    }

    #[test]
    fn small_counts_are_words() {
        assert_eq!(count(1, "story", "stories"), "one story");
        assert_eq!(count(2, "story", "stories"), "two stories");
        assert_eq!(count(12, "story", "stories"), "12 stories");
    }
}
