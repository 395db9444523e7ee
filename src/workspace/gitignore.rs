//! The workspace's `.gitignore`: what whisperwire writes that belongs to this machine only
//! (recovery copies, the lock) is kept out of git. Created, or extended with the lines it
//! lacks, the first time whisperwire writes the workspace; the admin's own lines stay as they are.

use std::path::Path;

use super::atomic::{SaveError, write_atomic};

/// The lines whisperwire needs in a workspace's `.gitignore`.
pub const LINES: [&str; 4] =
    [".whisperwire/recovery/", ".whisperwire-recovery/", ".whisperwire/lock", ".whisperwire/lock-holder.json"];
const HEADER: &str = "# whisperwire: this machine's recovery copies and lock, never shared";

/// Makes sure the workspace at `root` ignores [`LINES`]; writes only when a line is missing.
pub fn ensure(root: &Path) -> Result<(), SaveError> {
    let path = root.join(".gitignore");
    let existing = std::fs::read_to_string(&path).unwrap_or_default();
    let present = |line: &str| existing.lines().any(|l| l.trim() == line);
    let missing: Vec<&str> = LINES.into_iter().filter(|line| !present(line)).collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut text = existing.clone();
    if !text.is_empty() && !text.ends_with('\n') {
        text.push('\n');
    }
    if !present(HEADER) {
        text.push_str(HEADER);
        text.push('\n');
    }
    for line in missing {
        text.push_str(line);
        text.push('\n');
    }
    write_atomic(&path, text.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn created_then_extended_keeping_the_admins_lines_and_never_duplicated() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        ensure(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let created = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap_or_default();
        assert!(LINES.iter().all(|l| created.lines().any(|c| c == *l)), "{created}");
        std::fs::write(dir.path().join(".gitignore"), "node_modules/\n.whisperwire/lock")
            .unwrap_or_else(|e| panic!("{e}"));
        ensure(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        ensure(dir.path()).unwrap_or_else(|e| panic!("{e}"));
        let extended = std::fs::read_to_string(dir.path().join(".gitignore")).unwrap_or_default();
        assert!(extended.starts_with("node_modules/\n.whisperwire/lock\n"), "{extended}");
        assert_eq!(extended.matches(".whisperwire/lock\n").count(), 1, "{extended}");
        assert!(extended.contains(".whisperwire/recovery/\n"), "{extended}");
    }
}
