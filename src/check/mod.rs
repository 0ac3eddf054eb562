//! Checking records against the rules.
//!
//! - [`rules`]: every rule a single record is held to (front matter, body,
//!   contact details, deadlines), each a pure function of one document and
//!   the settings, returning [`Diagnostic`](crate::model::diagnostic::Diagnostic)s.
//! - [`fix`]: what `validate --fix` changes in a record's text.
//! - [`validation`]: a set of records at once: the per-file rules in
//!   parallel, then the repository-wide ones (duplicate ids).
//!
//! May import: [`crate::model`]; and [`validation`] alone reads records
//! through the store's [`Repo`](crate::store::repo::Repo) (see
//! docs/architecture.md). Never edit, report, render or commands.

pub mod fix;
pub mod rules;
pub mod validation;
