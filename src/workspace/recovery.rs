//! Recovery copies: while the designer holds unsaved changes to a flow, it writes them beside the
//! flow file as `.NAME.whisperwire-recovery` (hidden, and never taken for a flow: it does not end
//! in `.json`). After a crash, opening the flow again offers the copy. This room writes, offers,
//! reads and drops them; the window only decides when.

use std::path::{Path, PathBuf};

use super::atomic::{SaveError, write_atomic};
use crate::flow_json::{self, LoadError};
use crate::model::FlowDocument;

/// Where the recovery copy of `flow` lives.
pub fn recovery_path(flow: &Path) -> PathBuf {
    let name = flow.file_name().map_or_else(|| "flow".into(), |n| n.to_string_lossy().into_owned());
    flow.with_file_name(format!(".{name}.whisperwire-recovery"))
}

/// Writes (atomically) the recovery copy of `flow` with the unsaved document.
pub fn write(flow: &Path, doc: &FlowDocument) -> Result<(), SaveError> {
    write_atomic(&recovery_path(flow), flow_json::to_canonical_string(doc).as_bytes())
}

/// The recovery copy of `flow` worth offering: one that exists and differs from the saved file.
/// A copy equal to the saved file is stale and is removed.
pub fn offer(flow: &Path) -> Option<PathBuf> {
    let recovery = recovery_path(flow);
    let recovered = std::fs::read(&recovery).ok()?;
    if std::fs::read(flow).is_ok_and(|saved| saved == recovered) {
        discard(&recovery);
        return None;
    }
    Some(recovery)
}

/// Reads a recovery copy back as a flow.
pub fn load(recovery: &Path) -> Result<FlowDocument, LoadError> {
    flow_json::load(recovery)
}

/// Removes the recovery copy of `flow` (after a save, or when its changes are discarded).
pub fn drop_for(flow: &Path) {
    discard(&recovery_path(flow));
}

/// Removes a recovery copy the user does not want. One already gone is not an error.
pub fn discard(recovery: &Path) {
    let _gone = std::fs::remove_file(recovery);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_copy_that_differs_is_offered_and_a_stale_one_removed() {
        let dir = tempfile::tempdir().unwrap();
        let flow = dir.path().join("f.json");
        let doc = FlowDocument::new_outbound_whisper("f");
        crate::workspace::save_flow(&flow, &doc).unwrap();
        assert_eq!(offer(&flow), None);
        let mut edited = doc.clone();
        edited.flow.name = Some("g".into());
        write(&flow, &edited).unwrap();
        assert_eq!(offer(&flow), Some(recovery_path(&flow)));
        assert_eq!(load(&recovery_path(&flow)).unwrap().flow.name.as_deref(), Some("g"));
        write(&flow, &doc).unwrap();
        assert_eq!(offer(&flow), None);
        assert!(!recovery_path(&flow).exists());
    }
}
