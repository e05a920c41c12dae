/// The acceptance criteria of a story or feature, as found in its body.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Criteria {
    /// Byte range, in the body, of the first `Acceptance criteria` section
    /// (heading included), so pages can show the rest of the body apart.
    pub section: Option<std::ops::Range<usize>>,
    /// Task-list items (`- [ ]` / `- [x]`).
    pub tasks: Vec<Task>,
    /// Fenced `gherkin` blocks.
    pub gherkin: Vec<GherkinBlock>,
    /// 1-based lines of plain list items in the section that are not tasks.
    pub plain_items: Vec<usize>,
}

impl Criteria {
    /// How many criteria there are: tasks plus scenarios.
    pub fn count(&self) -> usize {
        self.tasks.len()
            + self
                .gherkin
                .iter()
                .map(|b| b.scenarios.len())
                .sum::<usize>()
    }
}

/// One task-list criterion.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Task {
    /// The criterion's text.
    pub text: String,
    /// Whether it is checked (`- [x]`).
    pub checked: bool,
    /// 1-based line in the file.
    pub line: usize,
}

/// One fenced `gherkin` block.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GherkinBlock {
    /// 1-based line of the first line inside the fence.
    pub line: usize,
    /// The block's text.
    pub text: String,
    /// The scenarios it holds (empty when it did not parse).
    pub scenarios: Vec<Scenario>,
    /// Why it did not parse, if it did not.
    pub problem: Option<GherkinProblem>,
}

/// A Gherkin scenario, reduced to what validation and pages need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scenario {
    /// The scenario's name.
    pub name: String,
    /// 1-based line in the file.
    pub line: usize,
    /// Steps as `(keyword, text)`, keywords as written (`Given`, `And`, ...).
    pub steps: Vec<(String, String)>,
    /// Whether any step is a `Then` (or an `And`/`But` following one).
    pub has_then: bool,
    /// The rows of a scenario outline's `Examples:` tables, header rows included.
    pub examples: Vec<Vec<String>>,
}

/// A Gherkin block that did not parse.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GherkinProblem {
    /// 1-based line in the file.
    pub line: usize,
    /// What is wrong, for the diagnostic.
    pub message: String,
}
