//! Typed front matter for the serde-saphyr candidate (all scalars as strings).
//!
//! Fields are only materialised, never read, hence `allow(dead_code)`.
#![allow(dead_code)]

use serde::Deserialize;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FrontMatter {
    pub id: String,
    #[serde(rename = "type")]
    pub kind: String,
    pub subject: String,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub status: Option<String>,
    pub priority: Option<String>,
    pub project: Option<String>,
    pub from: Option<String>,
    pub to: Option<Vec<String>>,
    pub cc: Option<Vec<String>>,
    pub created: Option<String>,
    pub impact: Option<String>,
    pub measures: Option<String>,
    pub company: Option<String>,
    pub contact: Option<String>,
    #[serde(rename = "ref")]
    pub reference: Option<String>,
    pub tags: Option<Vec<String>>,
    pub summary: Option<String>,
    pub location: Option<String>,
    pub attendees: Option<Vec<String>>,
    pub acks: Option<Vec<Ack>>,
    pub actions: Option<Vec<Action>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ack {
    pub by: String,
    pub at: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Action {
    pub task: String,
    pub owner: Option<String>,
    pub deadline: Option<String>,
    pub status: Option<String>,
}

impl FrontMatter {
    /// Number of top-level keys present (for cross-checking the other parsers).
    pub fn key_count(&self) -> usize {
        let opts = [
            self.owner.is_some(),
            self.deadline.is_some(),
            self.status.is_some(),
            self.priority.is_some(),
            self.project.is_some(),
            self.from.is_some(),
            self.to.is_some(),
            self.cc.is_some(),
            self.created.is_some(),
            self.impact.is_some(),
            self.measures.is_some(),
            self.company.is_some(),
            self.contact.is_some(),
            self.reference.is_some(),
            self.tags.is_some(),
            self.summary.is_some(),
            self.location.is_some(),
            self.attendees.is_some(),
            self.acks.is_some(),
            self.actions.is_some(),
        ];
        3 + opts.iter().filter(|present| **present).count()
    }
}
