use super::Severity;

macro_rules! rules {
    ($($variant:ident = $code:literal, $severity:ident, $title:literal;)*) => {
        /// A stable rule code. Users grep for these and `docs/rules.md` documents each.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum Code {
            $(
                #[doc = $title]
                $variant,
            )*
        }

        impl Code {
            /// Every rule, in code order.
            pub const ALL: &'static [Code] = &[$(Code::$variant),*];

            /// The code as users see it, e.g. `RD203`.
            pub fn as_str(self) -> &'static str {
                match self { $(Code::$variant => $code,)* }
            }

            /// Whether a finding of this rule is an error or a warning.
            pub fn severity(self) -> Severity {
                match self { $(Code::$variant => Severity::$severity,)* }
            }

            /// A short name of what the rule checks.
            pub fn title(self) -> &'static str {
                match self { $(Code::$variant => $title,)* }
            }
        }
    };
}

rules! {
    NotUtf8 = "RD001", Error, "file is not valid UTF-8";
    NoFrontMatter = "RD002", Error, "file has no front matter";
    UnclosedFrontMatter = "RD003", Error, "front matter never closes";
    YamlSyntax = "RD004", Error, "YAML does not parse";
    NotAMapping = "RD005", Error, "front matter is not a mapping";
    BadFileName = "RD006", Error, "file name is not a valid id";
    Unreadable = "RD007", Error, "file or folder cannot be read";
    LinkSkipped = "RD008", Warning, "symbolic link not followed";
    NotAFile = "RD009", Warning, "not a regular file";
    MissingField = "RD101", Error, "required field is missing";
    BadValue = "RD102", Error, "field has the wrong type or value";
    UnknownField = "RD103", Warning, "unknown field";
    IdMismatch = "RD104", Error, "front-matter id differs from the file name";
    DuplicateId = "RD201", Error, "id is used twice";
    UnresolvedRef = "RD202", Error, "reference does not resolve";
    DependencyCycle = "RD203", Error, "dependency cycle";
    NotInBacklog = "RD301", Error, "open story missing from its team backlog";
    ListedTwice = "RD302", Error, "item listed twice in a backlog";
    WrongBacklog = "RD303", Error, "story listed in another team's backlog";
    RankedAboveDependency = "RD304", Error, "story ranks above a story it depends on";
    NotInProgramBacklog = "RD305", Error, "open feature missing from the program backlog";
    NoCriteria = "RD401", Error, "story has no acceptance criteria";
    GherkinSyntax = "RD402", Error, "Gherkin block does not parse";
    ScenarioWithoutThen = "RD403", Error, "scenario has no Then step";
    UncheckedCriterion = "RD404", Error, "accepted story has an unchecked criterion";
    PlainCriterion = "RD405", Warning, "acceptance criterion is not a task";
    OverCapacity = "RD501", Warning, "iteration load above team capacity";
    ProductOwnerFanOut = "RD502", Warning, "Product Owner serves too many teams";
    ProductManagerFanOut = "RD503", Warning, "Product Manager works with too many Product Owners";
    ObjectiveValue = "RD504", Error, "PI objective value out of range";
    BadDates = "RD505", Error, "dates out of order";
    DependencyPlannedLater = "RD506", Warning, "story depends on a story planned later or not at all";
    PlannedIntoIp = "RD507", Warning, "story planned into the IP iteration";
    UnknownPerson = "RD601", Warning, "person in the people map is not named in the backlog";
    MissingHandle = "RD602", Warning, "role holder has no handle";
    BadHandle = "RD603", Warning, "handle is not a code-host handle";
    UnknownRoleId = "RD604", Warning, "role file is not named by the id rankdown knows the role by";
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_well_formed() {
        let mut seen = std::collections::HashSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(seen.insert(text), "{text} twice");
            assert!(text.len() == 5 && text.starts_with("RD"), "{text}");
        }
    }
}
