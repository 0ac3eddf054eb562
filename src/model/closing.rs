//! Closing the loop (闭环, seeds 003/004): how a record ended (`outcome`),
//! whether its initiator accepted the result (`accepted`), whether its
//! progress is logged often enough (`update_every`), and which records need
//! a written confirmation (`confirmation_required`).
//!
//! Pure logic over values already read; the rules in
//! [`crate::check::rules`] and the commands word the findings.

use std::collections::BTreeMap;

use chrono_tz::Tz;

use crate::model::body;
use crate::model::people::Directory;
use crate::model::time::{self, Instant};
use crate::model::workdays::{Calendar, Span};

/// The values of `outcome`, canonical (JSON and the docs use these).
pub const OUTCOMES: &[&str] = &["achieved", "partial", "missed"];

/// The values of `confirmation.kind`, canonical.
pub const CONFIRMATION_KINDS: &[&str] = &["signed", "stamped"];

/// The canonical value `text` means: one of `canonical` (any ASCII case),
/// or an alias of one in `aliases` (the lexicon's `outcome` or
/// `confirmation` table).
pub fn word(text: &str, canonical: &[&'static str], aliases: &BTreeMap<String, Vec<String>>) -> Option<&'static str> {
    let t = text.trim();
    if let Some(c) = canonical.iter().find(|c| c.eq_ignore_ascii_case(t)) {
        return Some(c);
    }
    let key = aliases.iter().find(|(_, words)| words.iter().any(|w| w.trim().eq_ignore_ascii_case(t)))?.0;
    canonical.iter().copied().find(|c| c == key)
}

/// `progress`: a whole number from 0 to 100 (per cent). The seeds use
/// 0, 25, 50, 75 and 100; any whole number in the range is accepted.
pub fn progress(text: &str) -> Option<u8> {
    let t = text.trim();
    if t.is_empty() || !t.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    t.parse::<u8>().ok().filter(|n| *n <= 100)
}

/// Whether acceptance is someone else's to give: the initiator and the
/// owner are not the same person (the people matching rule).
pub fn needs_acceptance(people: &Directory, initiator: &str, owner: &str) -> bool {
    !initiator.trim().is_empty() && !owner.trim().is_empty() && !people.same_person(initiator, owner)
}

/// Whether `confirmation_required` (types by canonical name, or
/// categories) covers a record of type `ty` with category `category`.
pub fn confirmation_required(listed: &[String], ty: &str, category: Option<&str>) -> bool {
    listed.iter().any(|l| l == ty || category.is_some_and(|c| c.trim() == l))
}

/// The time of the latest dated line (`- YYYY-MM-DD HH:MM …`) in the
/// section of `body` whose heading `is_log` accepts (the type's log
/// section), up to the next heading of the same or a higher level.
///
/// Only a stamp in the exact `YYYY-MM-DD HH:MM` shape can be read, and for
/// those the order of the texts is the order of the times (a local time in
/// a daylight-saving overlap is its earlier moment). So the lines are read
/// from the last (a log grows at the bottom) and a stamp is parsed only
/// when its text is later than the latest read so far: usually once.
pub fn latest_log(body: &str, is_log: impl Fn(&str) -> bool, tz: Tz) -> Option<Instant> {
    let mut latest: Option<(&str, Instant)> = None;
    for stamp in body::section(body, is_log)?.lines().rev().filter_map(stamp) {
        if latest.is_some_and(|(text, _)| stamp <= text) {
            continue;
        }
        if let Ok(at) = time::parse(stamp, tz) {
            latest = Some((stamp, at));
        }
    }
    latest.map(|(_, at)| at)
}

/// The stamp a log line starts with, `- 2026-11-22 10:00 张伟: …`, when
/// it has the shape of one.
fn stamp(line: &str) -> Option<&str> {
    let t = line.trim_start();
    let t = t.strip_prefix(['-', '*', '+'])?.trim_start();
    t.get(..16).filter(|s| time::canonical_shape(s))
}

/// When a record last updated at `last` becomes stale: `every` after it.
pub fn stale_after(last: Instant, every: Span, calendar: &Calendar, tz: Tz) -> Option<Instant> {
    every.after(last, calendar, tz)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SH: Tz = chrono_tz::Asia::Shanghai;

    #[test]
    fn words_and_their_aliases() {
        let aliases: BTreeMap<String, Vec<String>> =
            [("partial".to_string(), vec!["部分达成".to_string()])].into_iter().collect();
        assert_eq!(word("Achieved", OUTCOMES, &aliases), Some("achieved"));
        assert_eq!(word(" 部分达成 ", OUTCOMES, &aliases), Some("partial"));
        assert_eq!(word("done", OUTCOMES, &aliases), None);
    }

    #[test]
    fn progress_is_a_whole_percentage() {
        assert_eq!(progress("0"), Some(0));
        assert_eq!(progress("75"), Some(75));
        assert_eq!(progress("30"), Some(30));
        assert_eq!(progress("100"), Some(100));
        for bad in ["101", "-5", "50%", "half", "", "2.5", "999"] {
            assert_eq!(progress(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_latest_dated_line_of_the_log_section() {
        let body = "\n## 背景\n\n- 2026-12-01 09:00 不算: 不在反馈记录里\n\n## 反馈记录\n\n- 2026-11-20 10:00 张伟: 已发出\n- 2026-11-21 16:30 李娜: 已处理一半\n- 不带时间的一行\n\n### 子标题\n- 2026-11-21 17:00 王强: 子标题下也算\n\n## 附录\n- 2026-11-30 10:00 x: 不算\n";
        let log = |h: &str| ["反馈记录", "Log"].iter().any(|n| body::names(h, n));
        let got = latest_log(body, log, SH).unwrap();
        assert_eq!(got.display(SH), "2026-11-21 17:00");
        assert_eq!(latest_log("## Log\n\nnothing yet\n", log, SH), None);
        assert_eq!(latest_log("## 背景\n- 2026-11-20 10:00 x: y\n", |h| body::names(h, "反馈记录"), SH), None);
    }

    /// What [`latest_log`] must equal: every line's time, the latest.
    fn latest_by_parsing_every_line(section: &str, tz: Tz) -> Option<Instant> {
        section
            .lines()
            .filter_map(|line| {
                let t = line.trim_start().strip_prefix(['-', '*', '+'])?.trim_start();
                time::parse(t.get(..16)?, tz).ok()
            })
            .max()
    }

    #[test]
    fn the_latest_stamp_by_its_text_is_the_latest_time() {
        let pieces = [
            "- 2026-11-20 10:00 a\n",
            "- 2026-11-20 09:59 b\n",
            "* 2026-03-29 02:30 gap in Berlin\n",
            "- 2026-10-25 02:30 twice in Berlin\n",
            "- 2026-10-25 02:10 twice\n",
            "- 2026-10-25 03:00 after\n",
            "+ 2026-13-01 10:00 no month\n",
            "- 2026-02-30 10:00 no day\n",
            "- 2026-11-2 10:00 short\n",
            "- 2026/11/20 10:00 slashes\n",
            "-2026-12-31 23:59 no space\n",
            "  - 2027-01-01 00:00 indented\n",
            "- 9999-12-31 23:59 out of range\n",
            "- 2026-11-20 10:00 +08:00\n",
            "text\n",
            "\n",
        ];
        let mut x: u32 = 11;
        for tz in [SH, chrono_tz::Europe::Berlin, chrono_tz::UTC] {
            for _ in 0..4000 {
                let mut section = String::from("## Log\n");
                for _ in 0..(x % 9) {
                    x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                    section.push_str(pieces[(x >> 16) as usize % pieces.len()]);
                }
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                let want = latest_by_parsing_every_line(&section, tz);
                assert_eq!(latest_log(&section, |h| h == "Log", tz), want, "{section:?} in {tz}");
            }
        }
    }

    #[test]
    fn acceptance_and_confirmation() {
        let people = Directory::new(vec![]);
        assert!(needs_acceptance(&people, "王强", "张伟"));
        assert!(!needs_acceptance(&people, "王强", " 王强 "));
        assert!(!needs_acceptance(&people, "", "张伟"));
        let listed = vec!["external".to_string(), "合同变更".to_string()];
        assert!(confirmation_required(&listed, "external", None));
        assert!(confirmation_required(&listed, "internal", Some("合同变更")));
        assert!(!confirmation_required(&listed, "internal", Some("通知")));
    }
}
