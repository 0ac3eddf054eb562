//! Every command-line argument, defined with clap's derive API. The doc
//! comments are the `--help` text.

// `--help` text, not rustdoc: "[brackets]" there are words, not links.
#![allow(rustdoc::broken_intra_doc_links)]

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::engine::ArgValueCompleter;

use crate::i18n::Lang;

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
    /// comms.yaml, else the git work-tree root, else the current folder];
    /// `report` takes several (--repo A --repo B) and sums them
    #[arg(long, global = true, value_name = "DIR", action = clap::ArgAction::Append)]
    pub repo: Vec<PathBuf>,

    /// Pretend the time is this, in the repository's timezone ("2026-11-22
    /// 09:30"); for reproducible output
    #[arg(long, global = true, value_name = "YYYY-MM-DD HH:MM", env = "COMMS_NOW")]
    pub now: Option<String>,

    /// When to use colour
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Language of labels and templates [default: `language` in comms.yaml,
    /// else zh]
    /// (zh, en, or a language the repository adds: docs/translating.md)
    #[arg(long, global = true, value_name = "LANG")]
    pub lang: Option<Lang>,

    /// Print only what was asked for: no notes or summaries
    #[arg(long, short, global = true)]
    pub quiet: bool,

    /// Read every record file and walk the git history afresh, neither
    /// using nor writing the caches under .git/comms/ (docs/cache.md)
    #[arg(long, global = true, env = "COMMS_NO_CACHE", value_parser = clap::builder::FalseyValueParser::new())]
    pub no_cache: bool,
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
    /// List records and their action items, soonest deadline first
    Status(StatusArgs),
    /// Show one record: its fields, action items, acknowledgements and body
    Show(ShowArgs),
    /// Change fields of a record, or of one of its action items, in place
    Set(SetArgs),
    /// Mark a record, or one of its action items, done now
    Done(DoneArgs),
    /// Add a dated line to a record's log section (反馈记录)
    Log(LogArgs),
    /// Acknowledge a record: add who read it, and when, to its acks (已读确认);
    /// `ID#N`: the owner of action item N accepts the task
    Ack(AckArgs),
    /// Accept a done record's result as its initiator (验收): writes
    /// `accepted` with who and when
    Accept(AcceptArgs),
    /// Approve (or --reject) a record before it is sent: add who decided,
    /// and when, to its approvals (审批)
    Approve(ApproveArgs),
    /// Mark a record sent now, once its required approvals are in
    Send(SendArgs),
    /// The escalation digest (催办): per owner, what is overdue or due soon
    Remind(RemindArgs),
    /// Send what `remind` shows to the group robots (企业微信, 钉钉, 飞书,
    /// Slack), webhooks and e-mail addresses of comms.yaml's `notify`
    Notify(NotifyArgs),
    /// Export open deadlines as an iCalendar (.ics) file, to import into or
    /// subscribe to from Google, Apple or Outlook calendars; or every record
    /// as JSON lines (--format jsonl) for a warehouse engine
    Export(ExportArgs),
    /// Summary tables for a quarter, year or month: counts, on-time rate,
    /// resolution, acknowledgement and response times, approval time,
    /// confirmation coverage, accuracy and satisfaction, per type, owner,
    /// project, department and channel, and the targets of comms.yaml;
    /// with several --repo, of all of them
    Report(ReportArgs),
    /// A record's status and owner changes over git history: who, when
    History(HistoryArgs),
    /// Move done and cancelled records to archive/YEAR/QN/PROJECT/ and
    /// stage the moves in git
    Archive(ArchiveArgs),
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
    /// A language server for editors (LSP over stdin and stdout): validate's
    /// findings as you type, completion, hover, quick fixes, go to a record
    /// (docs/editors.md)
    Lsp(LspArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Folder to initialise [default: the current folder]
    pub dir: Option<PathBuf>,

    /// Also write a CI workflow that runs `comms check` on every pull
    /// (merge) request
    #[arg(long, value_enum, value_name = "SERVICE")]
    pub ci: Option<CiService>,

    /// With --ci: also write a scheduled workflow that runs `comms notify`
    /// on working days (Monday to Friday) at --notify-at, with the webhook
    /// addresses and secrets taken from the CI's secrets
    #[arg(long, requires = "ci")]
    pub notify: bool,

    /// With --notify: when the reminders go out, HH:MM in the repository's
    /// timezone (the workflow's schedule is written in UTC)
    #[arg(long, value_name = "HH:MM", default_value = "09:00", requires = "notify")]
    pub notify_at: String,
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

    /// The one person responsible (no short flag: `-o` is `--output` in
    /// every command)
    #[arg(long, add = ArgValueCompleter::new(complete::people))]
    pub owner: Option<String>,

    /// Deadline: "YYYY-MM-DD HH:MM", or counted from now: "明天 17:00",
    /// "周五 18:00", "下周一 9:00", "tomorrow 17:00", "fri 18:00", +2wd
    /// (working days), +3d; the record gets the exact time
    #[arg(long, short)]
    pub deadline: Option<String>,

    /// Project the record belongs to (archive folders are per project)
    #[arg(long, short)]
    pub project: Option<String>,

    /// When the meeting was held, "YYYY-MM-DD HH:MM" or e.g. "今天 15:00":
    /// meeting minutes are due 2 working days after it [default: asked for
    /// on a terminal]
    #[arg(long, value_name = "TIME")]
    pub held: Option<String>,

    /// Who started it (发起人) [default: who runs comms: git's user.name,
    /// else $USER; left out when neither is known]
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub initiator: Option<String>,

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
    /// SARIF 2.1.0, for GitHub code scanning and other SARIF viewers
    Sarif,
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

    /// Mask mobile and ID-card numbers written in full (139****5678) and make
    /// full-width colons after keys and commas in [lists] ASCII, then check
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
pub struct LspArgs {
    /// Talk over stdin and stdout (the only transport; editors that pass
    /// it, like VS Code's client, are accepted)
    #[arg(long)]
    pub stdio: bool,
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
    /// One self-contained HTML page: the tables and charts (inline SVG),
    /// labels in --lang
    Html,
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

    /// Show confidential records (`classification: confidential`, 机密) in
    /// full in the report's lists; without it they show only their id and
    /// type
    #[arg(long)]
    pub include_confidential: bool,

    /// With --format csv: the targets (comms.yaml `targets`) as a table of
    /// their own, one row per target, instead of the metrics
    #[arg(long)]
    pub targets: bool,
}

#[derive(Debug, Args)]
pub struct HistoryArgs {
    /// The record: a full id, a unique id prefix, its random part (7f3a), or
    /// a path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
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

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum StatusFormat {
    /// Aligned columns for the terminal; overdue rows in red
    Table,
    /// The JSON contract (see docs/json.md)
    Json,
    /// RFC 4180 CSV with the JSON keys as columns
    Csv,
    /// A Markdown table to paste into documents and issues
    Markdown,
}

#[derive(Debug, Args)]
pub struct StatusArgs {
    /// Only open items past their deadline
    #[arg(long)]
    pub overdue: bool,

    /// Only open items due within this time from now, overdue ones included:
    /// 2d, 12h, 1d12h, 30m, 1w, or working days of the team's calendar
    /// (weekends and holidays skipped): 2wd
    #[arg(long, value_name = "DUR")]
    pub due_within: Option<String>,

    /// Only open items: not done, not cancelled (the default, without
    /// --status or --all)
    #[arg(long, conflicts_with = "all")]
    pub open: bool,

    /// Everything: done and cancelled items and archived records too
    /// [default: open work — not done, not cancelled, not archived]
    #[arg(long, short)]
    pub all: bool,

    /// Only items owned by this person: records they own and action items
    /// assigned to them (names and aliases of the people directory match)
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub owner: Vec<String>,

    /// Only items you own: you are git's user.name, else $USER, as for
    /// `comms ack`
    #[arg(long, short)]
    pub mine: bool,

    /// Only records with this tag, and their action items
    #[arg(long, value_name = "TAG", value_delimiter = ',')]
    pub tag: Vec<String>,

    /// Only records of this priority (high, medium, low, or an alias such
    /// as 高), and their action items
    #[arg(long, value_name = "PRIORITY", value_delimiter = ',')]
    pub priority: Vec<String>,

    /// Only items whose text contains TEXT, ignoring case: a record's file
    /// (front matter or body), an action item's task or owner
    #[arg(long, short, value_name = "TEXT")]
    pub grep: Option<String>,

    /// Order by these fields, the first first: deadline, created, priority,
    /// status, owner, type, project, id, subject; `-FIELD` reverses one
    /// (e.g. --sort priority,-created) [default: deadline]
    #[arg(long, value_name = "FIELD,…", value_delimiter = ',', allow_hyphen_values = true)]
    pub sort: Vec<String>,

    /// Only records of this type (or alias, e.g. 会议) and their action items
    #[arg(long = "type", short, value_name = "TYPE", value_delimiter = ',')]
    pub types: Vec<String>,

    /// Only records of this project and their action items
    #[arg(long, short, value_name = "PROJECT")]
    pub project: Vec<String>,

    /// Only items with this status (or alias, e.g. 处理中)
    #[arg(long, short, value_name = "STATUS", value_delimiter = ',')]
    pub status: Vec<String>,

    /// Only records not sent yet with an approval step still pending
    /// (`approval` in comms.yaml)
    #[arg(long)]
    pub awaiting_approval: bool,

    /// With --awaiting-approval: only those this person may approve
    #[arg(long, value_name = "NAME", requires = "awaiting_approval", add = ArgValueCompleter::new(complete::people))]
    pub approver: Option<String>,

    /// Output format [default: table, or from the --output file's extension]
    #[arg(long, short, value_enum)]
    pub format: Option<StatusFormat>,

    /// Write the list to this file instead of standard output (a CSV file
    /// starts with a byte order mark, for spreadsheet programs)
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    /// With --format json or csv: show confidential records
    /// (`classification: confidential`, 机密) in full; without it they show
    /// only their id and type
    #[arg(long)]
    pub include_confidential: bool,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The record: its id, a unique prefix of it, its random part (7f3a), or
    /// its path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
}

#[derive(Debug, Args)]
pub struct SetArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path; `ID#N` names its
    /// action item N
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// Fields to set, e.g. status=in-progress owner=李娜 "deadline=2026-11-25 18:00";
    /// a value in [brackets] is a list
    #[arg(value_name = "KEY=VALUE", required = true)]
    pub assignments: Vec<String>,

    /// Set fields of the record's action item N (1 is the first) instead
    #[arg(long, value_name = "N", value_parser = parse_action)]
    pub action: Option<usize>,
}

#[derive(Debug, Args)]
pub struct DoneArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path; `ID#N` names its
    /// action item N
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// Mark the record's action item N (1 is the first) done instead
    #[arg(long, value_name = "N", value_parser = parse_action)]
    pub action: Option<usize>,
}

#[derive(Debug, Args)]
pub struct LogArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// What happened, on one line, e.g. "已联系供应商"
    #[arg(value_name = "MESSAGE")]
    pub message: String,

    /// Who writes it [default: git's user.name, else $USER]
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct AckArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path; `ID#N` for action item N, whose owner accepts the task
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// Who read it (for `ID#N`: the item's owner) [default: git's user.name, else $USER]
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct AcceptArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// Who accepts: must be the record's initiator [default: git's
    /// user.name, else $USER]
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub by: Option<String>,
}

#[derive(Debug, Args)]
pub struct ApproveArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,

    /// Who decides [default: git's user.name, else $USER]
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub by: Option<String>,

    /// Reject it (驳回) instead of approving it
    #[arg(long)]
    pub reject: bool,

    /// Why, or what to change, on one line
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The record: its id, a unique prefix, its random part (7f3a), or its
    /// path
    #[arg(value_name = "ID", add = ArgValueCompleter::new(complete::ids))]
    pub id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RemindFormat {
    /// Plain text to paste into a group chat or an e-mail
    Text,
    /// Markdown, for e-mail, wikis and chat tools that render it
    Markdown,
    /// The JSON contract (see docs/json.md)
    Json,
}

#[derive(Debug, Args)]
pub struct RemindArgs {
    /// Also list what falls due within this time from now: 1d, 12h, 2d, 1w,
    /// or working days of the team's calendar (weekends and holidays
    /// skipped): 2wd
    #[arg(long, value_name = "DUR", default_value = "1d")]
    pub within: String,

    /// Output format
    #[arg(long, short, value_enum, default_value_t = RemindFormat::Text)]
    pub format: RemindFormat,

    /// Show confidential records (`classification: confidential`, 机密) in
    /// full; without it they show only their id and type
    #[arg(long)]
    pub include_confidential: bool,
}

#[derive(Debug, Args)]
pub struct NotifyArgs {
    /// Print every message it would send, to every target, and send
    /// nothing (no secret needed)
    #[arg(long)]
    pub dry_run: bool,

    /// Send to this target of `notify` only (its `name`); repeat for more
    #[arg(long, value_name = "NAME")]
    pub target: Vec<String>,

    /// Also chase what falls due within this time from now: 1d, 12h, 2d,
    /// 1w, or working days of the team's calendar: 2wd
    #[arg(long, value_name = "DUR", default_value = "1d")]
    pub within: String,

    /// Send confidential records (`classification: confidential`, 机密) in
    /// full; without it they show only their id and type
    #[arg(long)]
    pub include_confidential: bool,

    /// Send nothing on a day off of the team's calendar (`workdays` in
    /// comms.yaml: weekends, holidays; 调休 working days are worked), for a
    /// job scheduled every day
    #[arg(long)]
    pub workdays_only: bool,
}

/// `--action N`: action items are numbered from 1.
fn parse_action(text: &str) -> Result<usize, String> {
    match text.trim().parse::<usize>() {
        Ok(0) => Err("action items are numbered from 1; write e.g. --action 1 for the first".into()),
        Ok(n) => Ok(n),
        Err(_) => Err(format!("`{text}` is not a number; write the action item's number, e.g. --action 2")),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// iCalendar (RFC 5545): one event per open record and action item,
    /// ending at its deadline
    Ics,
    /// JSON Lines: one object per record and per action item, every field
    /// in canonical form and the report's computed figures (docs/json.md),
    /// for a warehouse engine such as DuckDB
    Jsonl,
}

#[derive(Debug, Args)]
#[command(group = clap::ArgGroup::new("export_format").args(["ics", "format"]).required(true))]
#[command(after_help = "Examples:\n  comms export --ics --output deadlines.ics\n  \
comms export --ics --owner 张伟 > 张伟.ics\n  \
comms export --format jsonl --output records.jsonl\n\n\
Every event ends at its deadline and keeps its UID from one export to the next, so importing \
a newer file, or refreshing a subscription, updates the events instead of adding copies.")]
pub struct ExportArgs {
    /// Write an iCalendar (.ics) calendar: the same as --format ics
    #[arg(long)]
    pub ics: bool,

    /// Output format: ics (the calendar), or jsonl (every record and action
    /// item, all of them, for a warehouse engine)
    #[arg(long, short, value_enum)]
    pub format: Option<ExportFormat>,

    /// Only what this person owns: records they own and action items
    /// assigned to them (names and aliases of the people directory match)
    #[arg(long, value_name = "NAME", add = ArgValueCompleter::new(complete::people))]
    pub owner: Vec<String>,

    /// Write the calendar (or the lines) to this file instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Replace the --output file if it exists
    #[arg(long, requires = "output")]
    pub force: bool,

    /// Show confidential records (`classification: confidential`, 机密) in
    /// full in the events (or lines); without it they show only their id,
    /// type, owner, status and times
    #[arg(long)]
    pub include_confidential: bool,
}

/// The candidates the shell asks for while you type (see `comms
/// completions`): record ids and people, read from the repository of the
/// current folder.
pub mod complete {
    use std::ffi::OsStr;

    use clap_complete::engine::CompletionCandidate;

    use crate::store::repo::Repo;

    /// The repository of the current folder, for completing; none outside one.
    fn repo() -> Option<Repo> {
        let repo = Repo::discover(None).ok()?;
        repo.is_records_repository().then_some(repo)
    }

    /// Record ids starting with what was typed; when none does, the ids whose
    /// random part does (`7f` → `20261122-7f3a`). Each with the rest of its
    /// file name (the subject) as help. Ids come from the file names, so no
    /// record is read.
    pub fn ids(current: &OsStr) -> Vec<CompletionCandidate> {
        let Some(typed) = current.to_str() else { return Vec::new() };
        let Some(repo) = repo() else { return Vec::new() };
        let (files, _) = repo.record_files();
        let named: Vec<(String, String)> = files
            .iter()
            .filter(|f| !f.archived)
            .filter_map(|f| {
                let name = f.rel.file_name()?.to_str()?;
                let id = crate::model::ids::id_in_file_name(name)?;
                let rest = name[id.len()..].trim_start_matches('-');
                let subject = rest.strip_suffix(".md").unwrap_or(rest);
                Some((id.to_string(), subject.to_string()))
            })
            .collect();
        let by_prefix: Vec<&(String, String)> = named.iter().filter(|(id, _)| id.starts_with(typed)).collect();
        let chosen = if by_prefix.is_empty() {
            named
                .iter()
                .filter(|(id, _)| crate::store::repo::suffix(id).is_some_and(|s| s.starts_with(typed)))
                .collect()
        } else {
            by_prefix
        };
        chosen
            .into_iter()
            .map(|(id, subject)| CompletionCandidate::new(id).help(Some(subject.clone().into())))
            .collect()
    }

    /// People: the names and aliases of the people directory, else the owners
    /// the records name; those starting with what was typed.
    pub fn people(current: &OsStr) -> Vec<CompletionCandidate> {
        let Some(typed) = current.to_str() else { return Vec::new() };
        let Some(repo) = repo() else { return Vec::new() };
        let mut names: Vec<String> = repo.config.people.iter().flat_map(|p| p.names().map(str::to_string)).collect();
        if names.is_empty() {
            let loaded = repo.load();
            names = loaded
                .records
                .iter()
                .flat_map(|r| std::iter::once(r.owner.to_string()).chain(r.actions.iter().map(|a| a.owner.to_string())))
                .filter(|n| !n.trim().is_empty())
                .collect();
        }
        names.sort();
        names.dedup();
        names.into_iter().filter(|n| n.starts_with(typed)).map(CompletionCandidate::new).collect()
    }
}
