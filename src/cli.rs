//! The command line, defined once with clap: help text comes from here.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

/// Turn a git repository of Markdown backlog files into a validated, published site.
#[derive(Debug, Parser)]
#[command(name = "rankdown", version, about, long_about = None)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Validate a backlog root like a compiler: every problem, with file, line, rule and fix.
    Check(CheckArgs),
    /// Check the backlog, then write its static site (nothing is written if there are errors).
    Build(BuildArgs),
    /// Build the site in memory and serve it, rebuilding and reloading the browser on every save.
    Serve(ServeArgs),
    /// Tell what a change does to the backlog: moves, new items, criteria, objectives, new errors.
    Diff(DiffArgs),
    /// Write a CODEOWNERS file asking each role holder to approve changes to what their role owns.
    Codeowners(CodeownersArgs),
    /// Make a rankdown backlog root from another tool's Markdown backlog (Backlog.md first).
    #[command(subcommand)]
    Import(ImportCommand),
    /// Start a new backlog: a root with a team, a feature, a PI and two stories that checks and builds.
    Init(InitArgs),
    /// Add a story, defect, enabler, spike, feature, team or PI with the next free id, ranked where you say.
    New(NewArgs),
    /// Apply the fixes that diagnostics are sure of, as `cargo fix` does, keeping everything else as written.
    Fix(FixArgs),
    /// Write the checked backlog as one JSON document, or its stories as CSV for spreadsheets.
    Export(ExportArgs),
    /// Print the JSON Schema of a kind of front matter, or of `export`'s document, for editors.
    Schema(SchemaArgs),
    /// Print the completion script for a shell.
    Completions(CompletionsArgs),
    /// Print rankdown's man page, or write a page per command into a folder.
    Man(ManArgs),
    /// Run the language server on standard input and output: diagnostics as you type, go to definition, completion.
    Lsp(LspArgs),
}

/// Arguments of `rankdown init`.
#[derive(Debug, Args)]
pub struct InitArgs {
    /// The folder to make the backlog root in; created if missing.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Write into a folder that already has files (none is overwritten).
    #[arg(long)]
    pub force: bool,
    /// Also write the CI recipe of docs/ci.md for this service.
    #[arg(long, value_enum)]
    pub ci: Option<CiService>,
    /// The id of the first team (its stories are named `PREFIX-1`, ...).
    #[arg(long, default_value = "team")]
    pub team: String,
    /// The first day of the first PI, YYYY-MM-DD [default: today].
    #[arg(long)]
    pub today: Option<jiff::civil::Date>,
}

/// The CI services `init --ci` writes a workflow for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CiService {
    /// `.github/workflows/backlog.yml`: check and review pull requests, publish to GitHub Pages.
    Github,
    /// `.gitlab-ci.yml`: check and review merge requests, publish to GitLab Pages.
    Gitlab,
}

/// Arguments of `rankdown new`.
#[derive(Debug, Args)]
pub struct NewArgs {
    /// What to add.
    #[arg(value_enum)]
    pub kind: NewKind,
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub root: PathBuf,
    /// The team of a story (and whose backlog it is ranked in) [default: the only team].
    #[arg(long)]
    pub team: Option<String>,
    /// The feature a story belongs to.
    #[arg(long)]
    pub feature: Option<String>,
    /// The title [default: a placeholder to replace].
    #[arg(long)]
    pub title: Option<String>,
    /// Rank it first.
    #[arg(long, group = "place")]
    pub top: bool,
    /// Rank it last (the default).
    #[arg(long, group = "place")]
    pub bottom: bool,
    /// Rank it just after this id.
    #[arg(long, group = "place", value_name = "ID")]
    pub after: Option<String>,
    /// Rank it just before this id.
    #[arg(long, group = "place", value_name = "ID")]
    pub before: Option<String>,
    /// Open the new file in $VISUAL or $EDITOR.
    #[arg(long)]
    pub edit: bool,
}

/// The kinds of item `rankdown new` makes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum NewKind {
    /// A user story.
    Story,
    /// A story that fixes a defect.
    Defect,
    /// A story of technical work that enables others.
    Enabler,
    /// A time-boxed story of research.
    Spike,
    /// A feature, ranked in the program backlog.
    Feature,
    /// A team with an empty backlog.
    Team,
    /// A program increment with iterations, after the last one.
    Pi,
}

/// Arguments of `rankdown fix`.
#[derive(Debug, Args)]
pub struct FixArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Print the changes as a unified diff and write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// Also tick the acceptance criteria of accepted stories.
    #[arg(long)]
    pub accept: bool,
}

/// Arguments of `rankdown export`.
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// What to write.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
}

/// Output formats for `rankdown export`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// Everything, as one versioned JSON document (`rankdown schema export` describes it).
    Json,
    /// One row per story, for spreadsheets.
    Csv,
}

/// Arguments of `rankdown schema`.
#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Whose schema to print.
    #[arg(value_enum)]
    pub kind: SchemaKind,
}

/// What `rankdown schema` describes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum SchemaKind {
    /// The front matter of a story file.
    Story,
    /// The front matter of a feature file.
    Feature,
    /// The front matter of a team file.
    Team,
    /// The front matter of a PI file.
    Pi,
    /// The front matter of a role file.
    Role,
    /// rankdown.yaml.
    Config,
    /// The document `rankdown export` writes.
    Export,
}

/// Arguments of `rankdown completions`.
#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell to complete in.
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

/// Arguments of `rankdown man`.
#[derive(Debug, Args)]
pub struct ManArgs {
    /// Write `rankdown.1` and a page per command (`rankdown-build.1`, ...) into this folder.
    #[arg(short, long, value_name = "DIR")]
    pub output: Option<PathBuf>,
}

/// What `rankdown import` reads.
#[derive(Debug, Subcommand)]
pub enum ImportCommand {
    /// A Backlog.md project: the folder holding `backlog/`.
    BacklogMd(BacklogMdImportArgs),
    /// A DevStories project: the folder holding `.devstories/`.
    #[command(name = "devstories")]
    DevStories(DevStoriesImportArgs),
    /// Any backlog of Markdown files with front matter, described by a mapping file (docs/import.md).
    Markdown(MarkdownImportArgs),
    /// A Jira CSV export (Issues → Export → CSV, all fields).
    JiraCsv(JiraCsvImportArgs),
}

/// Arguments of `rankdown import jira-csv`.
#[derive(Debug, Args)]
pub struct JiraCsvImportArgs {
    /// The CSV file Jira exported; it is only read.
    pub file: PathBuf,
    /// The team every story goes to (with `--team-from`, the team of an issue without one).
    #[arg(long, required_unless_present = "team_from")]
    pub team: Option<String>,
    /// The column whose value is each issue's team (e.g. `Custom field (Team)`).
    #[arg(long, value_name = "COLUMN")]
    pub team_from: Option<String>,
    /// A YAML file of statuses, types, sprints and the criteria column (docs/import.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// Where the new root goes, and how.
    #[command(flatten)]
    pub options: ImportOptions,
}

/// Arguments of `rankdown import backlog-md`.
#[derive(Debug, Args)]
pub struct BacklogMdImportArgs {
    /// The id of the team the stories go to (e.g. `web`).
    #[arg(long)]
    pub team: String,
    /// Import archived tasks too (labelled `archived`).
    #[arg(long)]
    pub include_archive: bool,
    /// What every import takes: the source, the destination and options.
    #[command(flatten)]
    pub import: ImportArgs,
}

/// Arguments of `rankdown import devstories`.
#[derive(Debug, Args)]
pub struct DevStoriesImportArgs {
    /// The id of the team the stories go to (e.g. `web`).
    #[arg(long)]
    pub team: String,
    /// A YAML file of sprint dates, sizes, statuses and types (docs/import.md).
    #[arg(long, value_name = "FILE")]
    pub config: Option<PathBuf>,
    /// What every import takes: the source, the destination and options.
    #[command(flatten)]
    pub import: ImportArgs,
}

/// What every import of a folder takes.
#[derive(Debug, Args)]
pub struct ImportArgs {
    /// The source folder; it is only read.
    pub source: PathBuf,
    /// Where the new root goes, and how.
    #[command(flatten)]
    pub options: ImportOptions,
}

/// What every import takes besides its source.
#[derive(Debug, Args)]
pub struct ImportOptions {
    /// The new backlog root to write; it must not exist or be empty.
    #[arg(short, long)]
    pub output: PathBuf,
    /// The team's Product Owner [default: a placeholder to replace].
    #[arg(long)]
    pub product_owner: Option<String>,
    /// Check and report as usual, but write nothing.
    #[arg(long)]
    pub dry_run: bool,
    /// List every item imported, and each file of a repeated decision.
    #[arg(short, long)]
    pub verbose: bool,
    /// Import into a root an earlier import made: source changes applied, edits made there kept.
    #[arg(long)]
    pub update: bool,
    /// With `--update`, delete the items the source no longer has.
    #[arg(long, requires = "update")]
    pub prune: bool,
}

/// Arguments of `rankdown import markdown`.
#[derive(Debug, Args)]
pub struct MarkdownImportArgs {
    /// The mapping file describing the source's folders, fields and statuses.
    #[arg(long)]
    pub mapping: PathBuf,
    /// The id of the team the stories go to.
    #[arg(long, default_value = "team")]
    pub team: String,
    /// Import archived tasks too (labelled `archived`).
    #[arg(long)]
    pub include_archive: bool,
    /// What every import takes: the source, the destination and options.
    #[command(flatten)]
    pub import: ImportArgs,
}

/// Arguments of `rankdown codeowners`.
#[derive(Debug, Args)]
pub struct CodeownersArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Write to this file (e.g. .github/CODEOWNERS) instead of standard output.
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// Write nothing; exit with status 1 if the --output file is not what would be written.
    #[arg(long, requires = "output")]
    pub check: bool,
}

/// Arguments of `rankdown diff`.
#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The revision before the change: a branch, tag or commit (e.g. origin/main).
    pub base: String,
    /// The revision after the change [default: the working tree, files not yet committed included].
    pub head: Option<String>,
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(short = 'C', long = "root", default_value = ".")]
    pub root: PathBuf,
    /// How to print the report [default: text on a terminal, else markdown].
    #[arg(long, value_enum)]
    pub format: Option<DiffFormat>,
    /// Exit with status 1 when the change introduces errors.
    #[arg(long)]
    pub fail_on_new_errors: bool,
}

/// Output formats for `rankdown diff`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// A pull-request comment: a one-sentence summary, then a section per kind of change.
    Markdown,
    /// The same report for reading on a terminal, without Markdown's escapes.
    Text,
    /// Every change as one JSON document.
    Json,
}

/// Arguments of `rankdown serve`.
#[derive(Debug, Args)]
pub struct ServeArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// The port to listen on; 0 picks a free one [default: 1111, or the next free port after it].
    #[arg(short, long)]
    pub port: Option<u16>,
    /// The address to listen on; anything but loopback makes the preview visible to other machines.
    #[arg(short, long, default_value = "127.0.0.1")]
    pub interface: std::net::IpAddr,
    /// Open the site in the default browser once it is built.
    #[arg(long)]
    pub open: bool,
    /// Leave out everything read from git history: item history, status over
    /// time, velocity, burn-up, cumulative flow, cycle times and the change
    /// feeds (and the warning when there is no history).
    #[arg(long)]
    pub no_history: bool,
    /// The day the roadmap marks as today, YYYY-MM-DD [default: today, or SOURCE_DATE_EPOCH].
    #[arg(long)]
    pub today: Option<jiff::civil::Date>,
}

/// Arguments of `rankdown build`.
#[derive(Debug, Args)]
pub struct BuildArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// Where to write the site [default: PATH/public].
    #[arg(short, long)]
    pub output: Option<PathBuf>,
    /// The URL the site is published at [default: base_url from rankdown.yaml].
    #[arg(long)]
    pub base_url: Option<String>,
    /// Write into a non-empty folder that rankdown did not make.
    #[arg(long)]
    pub force: bool,
    /// While another build writes the same folder, wait up to this many
    /// seconds for it [default: fail at once].
    #[arg(long, value_name = "SECONDS", value_parser = seconds)]
    pub wait: Option<std::time::Duration>,
    /// Leave out everything read from git history: item history, status over
    /// time, velocity, burn-up, cumulative flow, cycle times and the change
    /// feeds (and the warning when there is no history).
    #[arg(long)]
    pub no_history: bool,
    /// The day the roadmap marks as today, YYYY-MM-DD [default: today, or SOURCE_DATE_EPOCH].
    #[arg(long)]
    pub today: Option<jiff::civil::Date>,
}

/// Arguments of `rankdown check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// The backlog root: the folder holding rankdown.yaml.
    #[arg(default_value = ".")]
    pub path: PathBuf,
    /// How to print the diagnostics.
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Exit with status 1 when there are warnings, even without errors.
    #[arg(long)]
    pub deny_warnings: bool,
}

/// Output formats for diagnostics.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// rustc-style messages with source snippets (colour on a terminal).
    Human,
    /// One JSON document with every diagnostic and the counts.
    Json,
    /// GitHub Actions workflow commands, for inline pull-request annotations.
    Github,
}

/// A number of seconds, such as `30` or `0.5`.
fn seconds(text: &str) -> Result<std::time::Duration, String> {
    text.parse::<f64>()
        .ok()
        .and_then(|s| std::time::Duration::try_from_secs_f64(s).ok())
        .ok_or_else(|| format!("`{text}` is not a number of seconds, such as 30 or 0.5"))
}

/// Arguments of `rankdown lsp`.
#[derive(Debug, Args)]
pub struct LspArgs {
    /// The backlog root [default: the folder holding rankdown.yaml at or above the editor's folder, or its first file].
    #[arg(short = 'C', long = "root")]
    pub root: Option<PathBuf>,
    /// Talk over standard input and output (the only way; editors' clients pass it).
    #[arg(long)]
    pub stdio: bool,
}
