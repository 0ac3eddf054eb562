//! What `comms notify` sends, built without touching the network: each
//! platform's message format ([`payload`]), the splitting of a long digest
//! to the platform's size limit with nothing dropped ([`split`]), and the
//! signatures DingTalk and Feishu ask for ([`sign`]).
//!
//! The digest itself is `remind`'s (the command hands its text and the
//! people it chases over); sending is `crate::store::deliver`'s.
//!
//! May import: `model` (the targets of comms.yaml, the people directory)
//! and `i18n`.

pub mod payload;
#[cfg(feature = "notify")]
pub mod sign;
pub mod split;
