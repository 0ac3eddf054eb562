//! Record ids and file names.
//!
//! An id is the creation date and a random suffix, `20261122-7f3a`: two
//! people on two branches need no coordination to get different ids. The
//! suffix is checked against every id in the working tree and archive (and,
//! through git, the tips of every local and remote-tracking branch), and
//! grows from 4 to 6 hex digits if a day gets crowded.

use std::collections::HashSet;
use std::hash::{BuildHasher, Hasher};

use chrono::NaiveDate;

/// 64 random bits from the standard library's per-process random keys,
/// mixed with the clock and a counter: no dependency for a few bits.
pub fn random_u64() -> u64 {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = std::collections::hash_map::RandomState::new().build_hasher();
    h.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
    h.write_u128(std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0));
    h.write_u32(std::process::id());
    h.finish()
}

/// A new id for `date` not in `taken`.
pub fn new_id(date: NaiveDate, taken: &HashSet<String>) -> String {
    let prefix = date.format("%Y%m%d").to_string();
    let mut attempt = 0;
    loop {
        let len = if attempt < 32 { 4 } else { 6 };
        let suffix = format!("{:016x}", random_u64());
        let id = format!("{prefix}-{}", &suffix[..len]);
        if !taken.contains(&id) {
            return id;
        }
        attempt += 1;
    }
}

/// The id at the start of a file name written by `comms new`
/// (`20261122-7f3a-设备故障.md` → `20261122-7f3a`).
pub fn id_in_file_name(name: &str) -> Option<&str> {
    let b = name.as_bytes();
    if b.len() < 13 || !b[..8].iter().all(u8::is_ascii_digit) || b[8] != b'-' {
        return None;
    }
    let hex = b[9..].iter().take_while(|c| c.is_ascii_hexdigit() && !c.is_ascii_uppercase()).count();
    if !(4..=6).contains(&hex) {
        return None;
    }
    let end = 9 + hex;
    match b.get(end) {
        None | Some(b'-') | Some(b'.') => Some(&name[..end]),
        _ => None,
    }
}

/// A file-name-safe slug of a subject: letters and digits of any script
/// kept (Chinese included), everything else a single `-`, at most 40
/// characters. Nothing Windows refuses (`<>:"/\|?*`, control characters,
/// trailing dots or spaces) survives.
pub fn slug(subject: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in subject.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else {
            dash = true;
        }
        if out.chars().count() >= 40 {
            break;
        }
    }
    out.trim_matches('-').to_string()
}

/// The file name of a new record.
pub fn file_name(id: &str, subject: &str) -> String {
    let s = slug(subject);
    if s.is_empty() { format!("{id}.md") } else { format!("{id}-{s}.md") }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_date_and_suffix_and_avoid_taken_ones() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 22).unwrap();
        let id = new_id(d, &HashSet::new());
        assert!(id.starts_with("20261122-") && id.len() == 13, "{id}");
        // With every 4-digit suffix taken, the id grows to 6 digits.
        let taken: HashSet<String> = (0..=0xffff).map(|n| format!("20261122-{n:04x}")).collect();
        assert_eq!(new_id(d, &taken).len(), 15);
    }

    #[test]
    fn ids_in_file_names() {
        assert_eq!(id_in_file_name("20261122-7f3a-设备故障.md"), Some("20261122-7f3a"));
        assert_eq!(id_in_file_name("20261122-7f3a.md"), Some("20261122-7f3a"));
        assert_eq!(id_in_file_name("20261122-7f3a9b.md"), Some("20261122-7f3a9b"));
        assert_eq!(id_in_file_name("notes.md"), None);
        assert_eq!(id_in_file_name("20261122-zzzz.md"), None);
    }

    #[test]
    fn slugs_are_portable() {
        assert_eq!(slug("【紧急】生产部-设备故障通知"), "紧急-生产部-设备故障通知");
        assert_eq!(slug("CON: a/b\\c?*<>|\"."), "con-a-b-c");
        assert_eq!(slug("..."), "");
        assert_eq!(slug(&"长".repeat(100)).chars().count(), 40);
        assert_eq!(file_name("20261122-7f3a", "Q3 复盘"), "20261122-7f3a-q3-复盘.md");
    }
}
