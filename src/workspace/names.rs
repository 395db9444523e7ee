//! Every file-name rule of a workspace in one place: which folder holds what, how a flow or test
//! call name becomes a file name, and the name a flow goes by.

use std::path::{Path, PathBuf};

use crate::model::FlowDocument;

/// The instance inventory's file name inside a workspace.
pub const INSTANCE_FILE: &str = "instance.json";
/// The folder of flows inside a workspace.
pub const FLOWS_DIR: &str = "flows";
/// The folder of saved test calls (and exported matrices) inside a workspace.
pub const CALLS_DIR: &str = "calls";

/// A name made safe as a file name: letters, digits, `-` and `_` kept, the rest `-`.
pub fn file_stem(name: &str) -> String {
    name.trim().chars().map(|c| if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' }).collect()
}

/// The file name of `path` without its extension (`flows/us-sales.json` → `us-sales`); empty
/// when the path has none.
pub fn stem_of(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// The name queues know a flow by: `Metadata.name`, else its file name without `.json`, else
/// "Untitled flow" for a flow never saved.
pub fn flow_name(doc: &FlowDocument, path: Option<&Path>) -> String {
    if let Some(name) = &doc.flow.name {
        return name.clone();
    }
    match path.map(stem_of) {
        Some(stem) if !stem.is_empty() => stem,
        _ => "Untitled flow".into(),
    }
}

/// Where a flow called `name` is saved in the workspace at `root`: `flows/<stem>.json`.
pub fn flow_path(root: &Path, name: &str) -> PathBuf {
    root.join(FLOWS_DIR).join(format!("{}.json", file_stem(name)))
}

/// Where a test call called `name` is saved: `calls/<stem>.json`.
pub fn call_path(root: &Path, name: &str) -> PathBuf {
    root.join(CALLS_DIR).join(format!("{}.json", file_stem(name)))
}

/// Where the caller-ID matrix of the flow called `flow` is exported: `calls/<stem>-caller-id-matrix.csv`.
pub fn matrix_path(root: &Path, flow: &str) -> PathBuf {
    root.join(CALLS_DIR).join(format!("{}-caller-id-matrix.csv", file_stem(flow)))
}

/// The workspace a flow file belongs to: the parent of its `flows/` folder, if it sits in one.
pub fn workspace_of_flow(flow: &Path) -> Option<PathBuf> {
    flow.parent().filter(|dir| dir.ends_with(FLOWS_DIR)).and_then(Path::parent).map(Path::to_owned)
}

/// Whether `dir` looks like a workspace: it holds `instance.json` or a `flows/` folder.
pub fn is_workspace(dir: &Path) -> bool {
    dir.join(INSTANCE_FILE).is_file() || dir.join(FLOWS_DIR).is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_file_stems() {
        assert_eq!(file_stem(" US Sales / night "), "US-Sales---night");
        assert_eq!(file_stem("caller-id_2"), "caller-id_2");
    }

    #[test]
    fn workspace_paths_follow_the_folder_rules() {
        let root = Path::new("/ws");
        assert_eq!(flow_path(root, "US sales"), Path::new("/ws/flows/US-sales.json"));
        assert_eq!(call_path(root, "a b"), Path::new("/ws/calls/a-b.json"));
        assert_eq!(matrix_path(root, "x"), Path::new("/ws/calls/x-caller-id-matrix.csv"));
        assert_eq!(workspace_of_flow(Path::new("/ws/flows/x.json")), Some(PathBuf::from("/ws")));
        assert_eq!(workspace_of_flow(Path::new("/elsewhere/x.json")), None);
    }

    #[test]
    fn a_flow_is_named_by_its_metadata_then_its_file() {
        let mut doc = FlowDocument::default();
        assert_eq!(flow_name(&doc, None), "Untitled flow");
        assert_eq!(flow_name(&doc, Some(Path::new("flows/us-sales.json"))), "us-sales");
        doc.flow.name = Some("US Sales".into());
        assert_eq!(flow_name(&doc, Some(Path::new("flows/us-sales.json"))), "US Sales");
    }
}
