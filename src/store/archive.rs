//! Where `comms archive` files a closed record: `archive/<year>/<quarter>/
//! <project>/<file>`, year and quarter of `closed` (else `deadline`) in the
//! repository's timezone. Pure: records in, a plan out; the command moves
//! the files and stages the moves.

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::model::config::Config;
use crate::model::record::Record;
use crate::model::time::year_quarter;

/// The folder of records without a project.
pub const GENERAL: &str = "_general";

/// One file to move, paths relative to the repository root.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Move {
    pub from: PathBuf,
    pub to: PathBuf,
}

/// Why a closed record is not moved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Skip {
    /// Neither `closed` (nor a time from git) nor `deadline` says when.
    NoDate,
    /// The target is taken: by a file already there, or by another record
    /// of this run.
    Collision { to: PathBuf },
}

/// What `comms archive` will do.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    pub moves: Vec<Move>,
    pub skipped: Vec<(PathBuf, Skip)>,
    /// Archived records that are not where archive would file them now
    /// (their project or closing time changed, or they were put there by
    /// hand): `(where it is, where it would go)`. Left alone.
    pub misplaced: Vec<(PathBuf, PathBuf)>,
}

/// The folder a record goes to and its file name, relative to the root;
/// `None` when no time says which quarter.
pub fn target(r: &Record, config: &Config) -> Option<PathBuf> {
    let when = r.closed.or(r.deadline)?;
    let (year, q) = year_quarter(when, config.timezone);
    let project = r.project.as_deref().map(segment).unwrap_or_else(|| GENERAL.to_string());
    let name = r.path.file_name()?;
    Some(Path::new(&config.archive_dir).join(year.to_string()).join(format!("Q{q}")).join(project).join(name))
}

/// Plans the moves of every done or cancelled record under the records
/// folder. `exists` says whether a path (relative to the root) is taken.
pub fn plan(records: &[Record], config: &Config, exists: impl Fn(&Path) -> bool) -> Plan {
    let mut plan = Plan::default();
    let mut claimed: HashSet<PathBuf> = HashSet::new();
    for r in records {
        if !r.status.is_some_and(|s| s.is_closed()) {
            continue;
        }
        let Some(to) = target(r, config) else {
            if !r.archived {
                plan.skipped.push((r.path.clone(), Skip::NoDate));
            }
            continue;
        };
        if r.archived {
            if to != r.path {
                plan.misplaced.push((r.path.clone(), to));
            }
            continue;
        }
        if exists(&to) || !claimed.insert(to.clone()) {
            plan.skipped.push((r.path.clone(), Skip::Collision { to }));
            continue;
        }
        plan.moves.push(Move { from: r.path.clone(), to });
    }
    plan
}

/// A project name as one folder name that is safe on every system: it
/// cannot leave the archive folder, be hidden, or be refused by Windows.
///
/// `/`, `\`, `:`, `*`, `?`, `"`, `<`, `>`, `|` and control characters
/// become `_`; leading dots become `_` (no `.`, `..` or hidden folders);
/// leading and trailing spaces and trailing dots are dropped; a Windows
/// device name (CON, PRN, AUX, NUL, COM1–9, LPT1–9, with or without an
/// extension, any case) gets a trailing `_`; at most 64 characters. Chinese
/// and other letters are kept as written. An empty result is `_general`.
/// Characters that would make a folder name lie about itself: bidi
/// controls (U+202E turns `gpj.exe` into `exe.jpg` on screen), invisible
/// ones, and slashes that look like `/` or `\\` (`∕etc`).
fn invisible_or_lookalike(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}' | '\u{034F}' | '\u{061C}' | '\u{115F}' | '\u{1160}' | '\u{180E}'
            | '\u{200B}'..='\u{200F}'
            | '\u{2028}'..='\u{202E}'
            | '\u{2060}'..='\u{206F}'
            | '\u{3164}' | '\u{FEFF}' | '\u{FFA0}'
            | '\u{FFF9}'..='\u{FFFB}'
            | '\u{2044}' | '\u{2215}' | '\u{2216}' | '\u{2571}' | '\u{2572}' | '\u{29F5}' | '\u{29F8}' | '\u{29F9}'
            | '\u{FE68}' | '\u{FF0F}' | '\u{FF3C}'
    )
}

pub fn segment(project: &str) -> String {
    let mapped: String = project
        .trim()
        .chars()
        .map(|c| {
            if c.is_control()
                || invisible_or_lookalike(c)
                || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|')
            {
                '_'
            } else {
                c
            }
        })
        .take(64)
        .collect();
    let trimmed = mapped.trim_end_matches(['.', ' ']).trim_start();
    let dots = trimmed.len() - trimmed.trim_start_matches('.').len();
    let mut s = format!("{}{}", "_".repeat(dots), &trimmed[dots..]);
    if s.is_empty() {
        return GENERAL.to_string();
    }
    let stem = s.split('.').next().unwrap_or_default().trim_end().to_ascii_uppercase();
    let reserved = matches!(stem.as_str(), "CON" | "PRN" | "AUX" | "NUL" | "CONIN$" | "CONOUT$")
        || ((stem.starts_with("COM") || stem.starts_with("LPT"))
            && stem.chars().count() == 4
            && stem.chars().nth(3).is_some_and(|c| c.is_ascii_digit() || matches!(c, '¹' | '²' | '³')));
    if reserved {
        s.push('_');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::record::Status;
    use crate::model::time;

    #[test]
    fn bidi_controls_invisible_and_lookalike_slashes_are_replaced() {
        assert_eq!(segment("\u{202E}gpj.exe"), "_gpj.exe");
        assert_eq!(segment("∕etc"), "_etc");
        assert_eq!(segment("a／b＼c⁄d"), "a_b_c_d");
        assert_eq!(segment("项\u{200B}目"), "项_目");
        assert_eq!(segment("\u{2066}x\u{2069}"), "_x_");
        assert_eq!(segment("华东：二期"), "华东：二期", "a full-width colon is an ordinary character");
    }

    #[test]
    fn hostile_project_names_stay_one_safe_segment() {
        let cases = [
            ("二号产线", "二号产线"),
            ("../../etc", "___.._etc"),
            ("..", GENERAL),
            (".", GENERAL),
            (".hidden", "_hidden"),
            ("a/b", "a_b"),
            ("a\\b", "a_b"),
            ("C:\\x", "C__x"),
            ("CON", "CON_"),
            ("con.txt", "con.txt_"),
            ("Com1", "Com1_"),
            ("LPT9", "LPT9_"),
            ("COM10", "COM10"),
            ("NULL", "NULL"),
            ("项目. ", "项目"),
            ("  ", GENERAL),
            ("a\u{0}b\nc", "a_b_c"),
            ("q?*<>|\"", "q______"),
        ];
        for (input, want) in cases {
            let got = segment(input);
            assert_eq!(got, want, "{input:?}");
            let p = Path::new("archive").join(&got);
            assert_eq!(p.components().count(), 2, "{input:?} → {got}");
            assert!(!got.starts_with('.') && !got.ends_with(['.', ' ']));
        }
        assert_eq!(segment(&"长".repeat(100)).chars().count(), 64);
    }

    fn rec(path: &str, status: Status, closed: Option<&str>, deadline: Option<&str>, project: Option<&str>) -> Record {
        let tz = chrono_tz::Asia::Shanghai;
        Record {
            path: PathBuf::from(path),
            archived: path.starts_with("archive/"),
            id: path.into(),
            rtype: "internal".into(),
            deadline: deadline.map(|d| time::parse(d, tz).unwrap()),
            status: Some(status),
            project: project.map(Into::into),
            closed: closed.map(|d| time::parse(d, tz).unwrap()),
            ..Default::default()
        }
    }

    #[test]
    fn plans_by_closed_then_deadline_in_the_timezone() {
        let config = Config { timezone: chrono_tz::Asia::Shanghai, ..Config::default() };
        let records = [
            rec("records/a.md", Status::Done, Some("2027-01-01 07:00"), None, Some("二号产线")),
            rec("records/b.md", Status::Cancelled, None, Some("2026-09-30 23:00"), None),
            rec("records/c.md", Status::Open, None, Some("2026-09-30 23:00"), None),
            rec("records/d.md", Status::Done, None, None, None),
            rec("records/sub/a.md", Status::Done, Some("2027-01-02 07:00"), None, Some("二号产线")),
            rec("archive/2026/Q1/x/e.md", Status::Done, Some("2026-11-01 07:00"), None, Some("x")),
        ];
        let plan = plan(&records, &config, |p| p == Path::new("archive/2026/Q3/_general/taken.md"));
        let moves: Vec<(&str, &str)> =
            plan.moves.iter().map(|m| (m.from.to_str().unwrap(), m.to.to_str().unwrap())).collect();
        assert_eq!(
            moves,
            [("records/a.md", "archive/2027/Q1/二号产线/a.md"), ("records/b.md", "archive/2026/Q3/_general/b.md")]
        );
        assert_eq!(
            plan.skipped,
            [
                (PathBuf::from("records/d.md"), Skip::NoDate),
                (
                    PathBuf::from("records/sub/a.md"),
                    Skip::Collision { to: PathBuf::from("archive/2027/Q1/二号产线/a.md") }
                ),
            ]
        );
        assert_eq!(
            plan.misplaced,
            [(PathBuf::from("archive/2026/Q1/x/e.md"), PathBuf::from("archive/2026/Q4/x/e.md"))]
        );
    }
}
