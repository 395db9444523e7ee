//! Integration tests: the real executable, the sample workspace and the shared corpus of real
//! Amazon Connect exports.
#![expect(clippy::unwrap_used, reason = "tests fail by panicking")]
#![expect(clippy::expect_used, reason = "tests fail by panicking")]

mod architecture;
mod cli_audit;
#[cfg(feature = "aws")]
mod cli_connect;
#[cfg(feature = "aws")]
mod cli_connect_hostile;
mod cli_diff;
mod cli_fmt;
mod cli_instance;
#[cfg(feature = "aws")]
mod cli_promote;
mod cli_simulate;
mod cli_validate;
#[cfg(feature = "aws")]
mod connect_standin;
mod corpus;
mod hostile;
mod no_network;
mod properties;
mod samples;
#[cfg(feature = "aws")]
#[path = "../connect_standin/mod.rs"]
mod standin;
mod support;
mod validation;
