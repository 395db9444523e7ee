//! The few settings the designer remembers between runs (last opened path, theme), in
//! `$XDG_CONFIG_HOME/whisperwire/settings.json` (else `~/.config/…`). Small on purpose: the app
//! itself is not persisted.

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::workspace::atomic::{read_to_string_bounded, write_atomic};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub last_path: Option<PathBuf>,
    pub dark_mode: bool,
    /// Where these settings are saved: set by [`Settings::load`]; `None` keeps them in memory
    /// (tests, or no home folder).
    #[serde(skip)]
    file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { last_path: None, dark_mode: true, file: None }
    }
}

fn file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".config")))?;
    Some(base.join("whisperwire").join("settings.json"))
}

impl Settings {
    /// The saved settings; the defaults when there are none or they cannot be read.
    pub fn load() -> Self {
        let Some(path) = file() else { return Self::default() };
        let mut settings: Self =
            read_to_string_bounded(&path).ok().and_then(|text| serde_json::from_str(&text).ok()).unwrap_or_default();
        settings.file = Some(path);
        settings
    }

    /// Saves the settings; failing to is not worth bothering the user about.
    pub fn save(&self) {
        let Some(path) = &self.file else { return };
        if let Some(dir) = path.parent()
            && std::fs::create_dir_all(dir).is_ok()
            && let Ok(text) = serde_json::to_string_pretty(self)
        {
            let _saved = write_atomic(path, text.as_bytes());
        }
    }
}
