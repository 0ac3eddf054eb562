//! What is computed from records, as data for the renderers.
//!
//! - [`tracking`]: what is due and what is late (records and their action
//!   items as one list of items).
//! - [`escalation`]: who is chased about an overdue item, and by whom;
//!   [`digest`]: per owner, what is overdue or falls due soon.
//! - [`metrics`]: the metrics of `comms report` over a period, in total and
//!   per group, and the dashboard.
//! - [`calendar`]: the iCalendar feed of deadlines.
//! - [`schema`]: the JSON Schema of record front matter, from the types.
//! - [`targets`]: the report's metrics against `targets` of comms.yaml.
//! - [`jsonl`]: every record and action item as one JSON object a line,
//!   with the computed figures, for a warehouse engine.
//! - [`stale`]: records whose progress is not logged as often as their
//!   type asks.
//!
//! May import: [`crate::model`], [`crate::store`] and [`crate::check`].
//! Never edit, render or commands: turning these into text is
//! [`crate::render`]'s.

pub mod calendar;
pub mod digest;
pub mod escalation;
pub mod jsonl;
pub mod metrics;
pub mod schema;
pub mod stale;
pub mod targets;
pub mod tracking;
