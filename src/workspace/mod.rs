//! Files on disk: atomic saves and bounded reads, the instance inventory (`instance.json`) and
//! its import from AWS CLI output.

pub mod atomic;
pub mod aws_import;
pub mod calls;
pub mod folder;
pub mod instance;

pub use atomic::{MAX_FILE_BYTES, ReadError, SaveError, read_to_string_bounded, write_atomic, write_atomic_with};
pub use instance::{Instance, InstanceError, InstanceNumber, LambdaFunction, NumberOrigin, Prompt, Queue};
