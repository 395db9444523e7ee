//! The designer's own settings file, `$XDG_CONFIG_HOME/whisperwire/settings.json` (else
//! `~/.config/…`): where it is, reading it leniently and saving it atomically. What the settings
//! hold is the window's business; this room only keeps the file.

use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::{self, SaveError};

/// Where the settings are kept; `None` without a home folder.
pub fn settings_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("whisperwire").join("settings.json"))
}

/// The settings saved in `file`; `None` when there are none or they cannot be read (settings
/// are never worth refusing to start over).
pub fn load_settings<T: DeserializeOwned>(file: &Path) -> Option<T> {
    let text = atomic::read_to_string_bounded(file).ok()?;
    serde_json::from_str(&text).ok()
}

/// Saves the settings atomically, creating their folder when missing.
pub fn save_settings<T: Serialize>(file: &Path, settings: &T) -> Result<(), SaveError> {
    atomic::create_parent(file)?;
    atomic::save_json(file, settings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_survive_a_save_and_a_load_and_garbage_reads_as_none() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("whisperwire/settings.json");
        save_settings(&file, &serde_json::json!({"darkMode": false})).unwrap();
        let back: Option<serde_json::Value> = load_settings(&file);
        assert_eq!(back, Some(serde_json::json!({"darkMode": false})));
        std::fs::write(&file, "{").unwrap();
        assert_eq!(load_settings::<serde_json::Value>(&file), None);
    }
}
