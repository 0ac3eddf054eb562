//! Changing records in place.
//!
//! - [`text`]: byte-level edits of a record's text (a YAML value, a list
//!   item, a log line), changing only the bytes they must.
//! - [`editor`]: the [`Editor`](editor::Editor) that applies those edits one
//!   at a time and holds the result to the same rules as `validate`.
//!
//! May import: [`crate::model`] and [`crate::check`]. Writing the result to
//! disk is the caller's, through [`crate::store`].

pub mod editor;
pub mod text;
