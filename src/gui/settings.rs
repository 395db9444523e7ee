//! The few settings the designer remembers between runs (last opened path, theme). Small on
//! purpose: the app itself is not persisted. The file is kept by [`crate::workspace::settings`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::workspace::settings;

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

impl Settings {
    /// The saved settings; the defaults when there are none or they cannot be read.
    pub fn load() -> Self {
        let Some(file) = settings::settings_file() else { return Self::default() };
        let mut loaded: Self = settings::load_settings(&file).unwrap_or_default();
        loaded.file = Some(file);
        loaded
    }

    /// Saves the settings; failing to is not worth bothering the user about.
    pub fn save(&self) {
        if let Some(file) = &self.file {
            let _saved = settings::save_settings(file, self);
        }
    }
}
