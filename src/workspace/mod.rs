//! Files on disk: every workspace file rule (folders, names, paths), opening what the user names,
//! atomic saves and bounded reads, recovery copies, saved test calls, the instance file
//! (`instance.json`) and its import from AWS CLI output, and the link to an Amazon Connect
//! instance (`.whisperwire/connect.json`). The types those files hold live in the
//! core ([`crate::instance`], [`crate::model`]); this room reads and writes them.

pub mod atomic;
pub mod aws_import;
pub mod calls;
pub mod file_base;
pub mod folder;
pub mod gitignore;
pub mod instance;
pub mod link;
pub mod lock;
pub mod names;
pub mod process;
pub mod recovery;
pub mod settings;
pub mod three_way;

pub use atomic::{MAX_FILE_BYTES, ReadError, SaveError, read_to_string_bounded, write_atomic, write_atomic_with};
pub use folder::{
    FlowFile, OpenOptions, Opened, PathKind, Workspace, WorkspaceError, open_path, open_path_with, save_flow,
};
pub use instance::InstanceError;
