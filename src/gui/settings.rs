//! The few settings the designer remembers between runs (last opened path, theme, panel sizes). Small on
//! purpose: the app itself is not persisted. The file is kept by [`crate::workspace::settings`].

use std::path::PathBuf;

use serde::{Deserialize, Serialize};

use crate::workspace::settings;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Settings {
    pub last_path: Option<PathBuf>,
    pub dark_mode: bool,
    /// The sizes the user gave the panels, and which side panels are shown.
    pub panels: super::panels::PanelSizes,
    /// Where these settings are saved: set by [`Settings::load`]; `None` keeps them in memory
    /// (tests, or no home folder).
    #[serde(skip)]
    file: Option<PathBuf>,
}

impl Default for Settings {
    fn default() -> Self {
        Self { last_path: None, dark_mode: true, panels: super::panels::PanelSizes::default(), file: None }
    }
}

impl Settings {
    /// The saved settings; the defaults when there are none or they cannot be read.
    pub fn load() -> Self {
        settings::settings_file().map_or_else(Self::default, Self::load_from)
    }

    /// The settings saved in `file` (the defaults when there are none), to be saved there.
    pub fn load_from(file: PathBuf) -> Self {
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
