//! whisperwire: a designer, validator and local test-caller for Amazon Connect outbound whisper
//! flows.
//!
//! The core is pure and I/O-free where it can be: [`model`] is the flow as the program
//! understands it, [`flow_json`] converts it to and from Amazon Connect flow-language JSON without
//! losing a byte of meaning, [`phone`] speaks E.164, and [`workspace`] owns folders on disk and the
//! instance inventory; [`diff`] says what changed in meaning between two versions of a
//! flow. The command line ([`cli`]) and the designer window (`gui`, feature `gui`) are thin
//! shells over it.

pub mod audit;
pub mod cli;
#[cfg(feature = "aws")]
pub mod connect;
pub mod diff;
pub mod flow_json;
#[cfg(feature = "gui")]
pub mod gui;
pub mod instance;
pub mod model;
pub mod phone;
pub mod promote;
pub mod simulation;
pub mod validation;
pub mod words;
pub mod workspace;

#[cfg(test)]
mod test_support;
