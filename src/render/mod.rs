//! Turning results into text: diagnostics, tables, JSON. Commands choose a
//! renderer; the domain never prints.
//!
//! May import: [`crate::report`], [`crate::check`], [`crate::store`] and
//! [`crate::model`]; never commands.

pub mod diagnostics;
pub mod html;
pub mod report;

use std::io::IsTerminal;
use std::sync::Mutex;
pub mod listing;
pub mod markdown;

use anstyle::{AnsiColor, Effects, Style};
use tabled::settings::Style as TableStyle;
use tabled::{builder::Builder, settings::Padding};

pub const ERROR: Style = AnsiColor::Red.on_default().effects(Effects::BOLD);
pub const WARNING: Style = AnsiColor::Yellow.on_default().effects(Effects::BOLD);
pub const HELP: Style = AnsiColor::Cyan.on_default().effects(Effects::BOLD);
pub const GUTTER: Style = AnsiColor::Blue.on_default().effects(Effects::BOLD);
pub const BOLD: Style = Style::new().effects(Effects::BOLD);
pub const DIM: Style = Style::new().effects(Effects::DIMMED);
pub const GOOD: Style = AnsiColor::Green.on_default().effects(Effects::BOLD);
/// Overdue rows and deadlines.
pub const LATE: Style = AnsiColor::Red.on_default();

/// `text` in `style` (anstream strips the codes where colour is off).
pub fn paint(style: Style, text: impl std::fmt::Display) -> String {
    format!("{style}{text}{style:#}")
}

/// A plain table: a header row and aligned columns, wide (Chinese)
/// characters counted as two cells, no borders.
pub fn table(headers: &[&str], rows: &[Vec<String>]) -> String {
    let mut b = Builder::default();
    b.push_record(headers.iter().map(|h| h.to_string()));
    for r in rows {
        b.push_record(r.clone());
    }
    let mut t = b.build();
    t.with(TableStyle::blank()).with(Padding::new(0, 2, 0, 0));
    // Trailing spaces of the last column are noise in terminals and diffs.
    t.to_string().lines().map(str::trim_end).collect::<Vec<_>>().join("\n")
}

/// A progress bar on stderr for long scans; only ever created when stderr
/// is a terminal and `--quiet` is off.
#[derive(Debug, Default)]
pub struct Bar {
    bar: Mutex<Option<indicatif::ProgressBar>>,
}

impl Bar {
    /// A bar if stderr is a terminal, else `None`.
    pub fn for_terminal(quiet: bool) -> Option<Bar> {
        (!quiet && std::io::stderr().is_terminal()).then(Bar::default)
    }
}

impl crate::store::repo::Progress for Bar {
    fn start(&self, total: u64) {
        let bar = indicatif::ProgressBar::new(total);
        bar.set_style(
            indicatif::ProgressStyle::with_template("{spinner} reading records {pos}/{len} {wide_bar} {eta}")
                .unwrap_or_else(|_| indicatif::ProgressStyle::default_bar()),
        );
        if let Ok(mut slot) = self.bar.lock() {
            *slot = Some(bar);
        }
    }

    fn tick(&self) {
        if let Ok(slot) = self.bar.lock()
            && let Some(bar) = slot.as_ref()
        {
            bar.inc(1);
        }
    }

    fn finish(&self) {
        if let Ok(mut slot) = self.bar.lock()
            && let Some(bar) = slot.take()
        {
            bar.finish_and_clear();
        }
    }
}

/// [`table`] with some rows painted: `style(i)` for row `i`. Cells must be
/// one line each (see [`listing::one_line`]), so row `i` is line `i + 1`.
pub fn table_painted(headers: &[&str], rows: &[Vec<String>], style: impl Fn(usize) -> Option<Style>) -> String {
    table(headers, rows)
        .lines()
        .enumerate()
        .map(|(n, line)| match n.checked_sub(1).and_then(&style) {
            Some(s) => paint(s, line),
            None => line.to_string(),
        })
        .collect::<Vec<_>>()
        .join("\n")
}
