//! Every command-line argument, defined with clap's derive API. The doc
//! comments are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::config::Lang;

/// Keep your team's communication records — notices, requests, incidents,
/// minutes — as Markdown files in git, and hold them to your standards.
#[derive(Debug, Parser)]
#[command(name = "comms", version, propagate_version = true, max_term_width = 100)]
#[command(after_help = "Run `comms init` in a new folder to start a records repository, \
then `comms new urgent --subject \"【紧急】生产部-设备故障通知\"` to write the first record.")]
pub struct Cli {
    #[command(flatten)]
    pub global: Global,

    #[command(subcommand)]
    pub command: Command,
}

/// Options every command takes.
#[derive(Debug, Args)]
pub struct Global {
    /// The records repository [default: the nearest folder above holding
    /// comms.yaml, else the git work-tree root, else the current folder]
    #[arg(long, global = true, value_name = "DIR")]
    pub repo: Option<PathBuf>,

    /// Pretend the time is this, in the repository's timezone ("2026-11-22
    /// 09:30"); for reproducible output
    #[arg(long, global = true, value_name = "YYYY-MM-DD HH:MM", env = "COMMS_NOW")]
    pub now: Option<String>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Language of labels and templates [default: `language` in comms.yaml,
    /// else zh]
    #[arg(long, global = true, value_enum, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Print only what was asked for: no notes or summaries
    #[arg(long, short, global = true)]
    pub quiet: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// Colour on a terminal, unless NO_COLOR is set
    Auto,
    Always,
    Never,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Start a records repository: comms.yaml, records/, and git
    Init(InitArgs),
    /// Write a new record from a type's template and print its path
    New(NewArgs),
    /// Check records against the rules; exit 1 when any breaks one
    Validate(ValidateArgs),
    /// The CI check: the whole repository, or with --base only what a pull
    /// request changed (plus duplicate ids against every record)
    Check(CheckArgs),
    /// List record types, their required fields, and where each is defined
    Templates(TemplatesArgs),
    /// List the rules validate enforces, with their codes and severities
    Rules(RulesArgs),
    /// Print the JSON Schema of record front matter, for editors
    Schema(SchemaArgs),
    /// Print a shell completion script
    Completions(CompletionsArgs),
    /// Print the man page
    Man(ManArgs),
    /// Summary tables for a quarter, year or month: counts, on-time rate,
    /// resolution and acknowledgement times, per type, owner, project and
    /// department
    Report(ReportArgs),
    /// A record's status and owner changes over git history: who, when
    History(HistoryArgs),
    /// Move done and cancelled records to archive/YEAR/QN/PROJECT/ and
    /// stage the moves in git
    Archive(ArchiveArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to initialise [default: the current folder]
    pub dir: Option<PathBuf>,

    /// Also write a CI workflow that runs `comms check` on every pull
    /// (merge) request
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<CiService>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum CiService {
    /// .github/workflows/comms.yml, with annotations on the changed lines
    Github,
    /// .gitlab-ci.yml, with a code quality report
    Gitlab,
}

#[derive(Debug, Args)]
pub struct NewArgs {
    /// Record type: internal, external, urgent, knowledge, meeting (or a
    /// Chinese alias such as 紧急), or one defined in .comms/templates
    #[arg(value_name = "TYPE")]
    pub record_type: String,

    /// One-line subject, e.g. "【紧急】生产部-设备故障通知"
    #[arg(long, short)]
    pub subject: Option<String>,

    /// The one person responsible
    #[arg(long, short)]
    pub owner: Option<String>,

    /// Exact deadline "YYYY-MM-DD HH:MM"
    #[arg(long, short)]
    pub deadline: Option<String>,

    /// Project the record belongs to (archive folders are per project)
    #[arg(long, short)]
    pub project: Option<String>,

    /// Set any other field: --set impact="二号产线停工" (repeatable); a value
    /// in [brackets] is a list
    #[arg(long = "set", value_name = "KEY=VALUE")]
    pub set: Vec<String>,

    /// Open the new record in $VISUAL / $EDITOR
    #[arg(long, short)]
    pub edit: bool,

    /// Never prompt, even on a terminal; missing values stay placeholders
    #[arg(long)]
    pub no_input: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum DiagFormat {
    /// file:line:col, the rule, and a hint, for people
    Human,
    /// The JSON contract (see docs/json.md)
    Json,
    /// GitHub Actions annotations
    Github,
    /// GitLab code quality report (Code Climate JSON)
    Gitlab,
}

#[derive(Debug, Args)]
pub struct ValidateArgs {
    /// Files or folders to check [default: every record, active and archived]
    pub paths: Vec<PathBuf>,

    /// Output format
    #[arg(long, short, value_enum, default_value_t = DiagFormat::Human)]
    pub format: DiagFormat,

    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,

    /// Mask mobile and ID-card numbers written in full (139****5678), then check
    #[arg(long)]
    pub fix: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Check only records added or changed since the merge base of REV and
    /// HEAD, committed or not (e.g. origin/main)
    #[arg(long, value_name = "REV")]
    pub base: Option<String>,

    /// Output format [default: github under GitHub Actions, else human]
    #[arg(long, short, value_enum)]
    pub format: Option<DiagFormat>,

    /// Fail on warnings too
    #[arg(long)]
    pub strict: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    Table,
    Json,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// One type's schema [default: one schema for every type, switching on `type`]
    #[arg(value_name = "TYPE")]
    pub record_type: Option<String>,
}

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell: bash, zsh, fish, powershell or elvish
    #[arg(value_enum)]
    pub shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// A command's own page, e.g. `comms man new`
    #[arg(value_name = "COMMAND")]
    pub command: Option<String>,
}

#[derive(Debug, Args)]
pub struct RulesArgs {
    /// Show one rule
    #[arg(value_name = "CODE")]
    pub code: Option<String>,

    /// Output format
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct TemplatesArgs {
    /// Show one type in full: fields, sections, sources
    #[arg(value_name = "TYPE")]
    pub record_type: Option<String>,

    /// Print the type's skeleton (the file `comms new` starts from)
    #[arg(long, requires = "record_type")]
    pub skeleton: bool,

    /// Output format
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// Aligned tables, labels in --lang
    Table,
    /// Markdown tables, labels in --lang, to paste into a wiki or an issue
    Markdown,
    /// The JSON contract (see docs/json.md)
    Json,
    /// One row per group, metric names as column headers
    Csv,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("period").args(["quarter", "year", "month"]))]
pub struct ReportArgs {
    /// A quarter, e.g. 2026-Q4; alone, the quarter containing now (also the
    /// default when no period is given)
    #[arg(long, value_name = "YYYY-QN", num_args = 0..=1)]
    pub quarter: Option<Option<String>>,

    /// A calendar year, e.g. 2026
    #[arg(long, value_name = "YYYY")]
    pub year: Option<String>,

    /// A calendar month, e.g. 2026-11
    #[arg(long, value_name = "YYYY-MM")]
    pub month: Option<String>,

    /// Count only the records of this project
    #[arg(long, short)]
    pub project: Option<String>,

    /// Output format [default: table, or from the --output file's extension]
    #[arg(long, short, value_enum)]
    pub format: Option<ReportFormat>,

    /// Write the report to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The record: a full id, a unique id prefix, or a path
    #[arg(value_name = "ID")]
    pub id: String,

    /// Output format
    #[arg(long, short, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,
}

#[derive(Debug, Args)]
pub struct ArchiveArgs {
    /// Print what would move, and change nothing
    #[arg(long, short = 'n')]
    pub dry_run: bool,
}
