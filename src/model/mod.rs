//! The model: communication records and the settings they are read with,
//! knowing nothing of the layers above.
//!
//! Here live the record itself ([`record`], its front matter
//! [`frontmatter`] read by the crate's own YAML reader [`yaml`], its
//! Markdown [`body`]), ids ([`ids`]), times, working days and written dates
//! ([`time`], [`workdays`], [`natural`]), the repository's settings
//! ([`config`], [`types`], [`people`], [`paths`]), the communication loop
//! (who must approve a record before it is sent: [`approval`]; who must
//! confirm it: [`confirm`]; how it closes: [`closing`]; whether a meeting's
//! minutes went out on time: [`minutes`]; how widely it may be shown:
//! [`classification`]; the channel registry: [`channels`]; satisfaction and corrections:
//! [`measures`]), the findings as data
//! ([`diagnostic`]: the `Diagnostic` type and the table of rule codes), and
//! the pure text analysis records are read with ([`fullwidth`], [`contact`],
//! [`suggest`]).
//!
//! May import: nothing of the crate but [`crate::error`] and its own
//! modules. Everything else (check, edit, store, report, render, commands)
//! builds on it.

pub mod approval;
pub mod body;
pub mod channels;
pub mod classification;
pub mod closing;
pub mod config;
pub mod confirm;
pub mod contact;
pub mod diagnostic;
pub mod frontmatter;
pub mod fullwidth;
pub mod ids;
pub mod measures;
pub mod minutes;
pub mod natural;
pub mod notify;
pub mod paths;
pub mod people;
pub mod record;
pub mod sla;
pub mod suggest;
pub mod targets;
pub mod time;
pub mod types;
pub mod workdays;
pub mod yaml;
