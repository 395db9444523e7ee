//! The designer's own settings file: `%APPDATA%\whisperwire\settings.json` on Windows,
//! `$XDG_CONFIG_HOME/whisperwire/settings.json` (else `~/.config/…`) elsewhere; where it is,
//! reading it leniently and saving it atomically. What the settings hold is the window's
//! business; this room only keeps the file.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

use serde::Serialize;
use serde::de::DeserializeOwned;

use super::atomic::{self, SaveError};

/// The two ways of finding a user's configuration folder.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Convention {
    /// `%APPDATA%` (the roaming profile, which follows the admin between domain machines), else
    /// `%USERPROFILE%\AppData\Roaming`.
    Windows,
    /// The XDG base directories: `$XDG_CONFIG_HOME` when absolute, else `$HOME/.config`.
    Xdg,
}

impl Convention {
    const HERE: Self = if cfg!(windows) { Self::Windows } else { Self::Xdg };
}

/// Where the settings are kept; `None` without a home folder.
pub fn settings_file() -> Option<PathBuf> {
    settings_file_under(Convention::HERE, |name| std::env::var_os(name))
}

/// The settings file by `convention`, reading the environment through `var`.
fn settings_file_under(convention: Convention, var: impl Fn(&str) -> Option<OsString>) -> Option<PathBuf> {
    let set = |name: &str| var(name).filter(|value| !value.is_empty()).map(PathBuf::from);
    let base = match convention {
        Convention::Windows => {
            set("APPDATA").or_else(|| set("USERPROFILE").map(|home| home.join("AppData").join("Roaming")))
        }
        // The XDG specification: a relative $XDG_CONFIG_HOME is invalid and ignored.
        Convention::Xdg => set("XDG_CONFIG_HOME")
            .filter(|dir| dir.is_absolute())
            .or_else(|| set("HOME").map(|home| home.join(".config"))),
    }?;
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

    fn env<'a>(vars: &'a [(&str, &str)]) -> impl Fn(&str) -> Option<OsString> + 'a {
        |name| vars.iter().find(|(key, _)| *key == name).map(|(_, value)| OsString::from(value))
    }

    #[test]
    fn on_windows_settings_live_under_appdata_whatever_xdg_says() {
        let appdata = r"C:\Users\ana\AppData\Roaming";
        let vars = [("APPDATA", appdata), ("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/ana")];
        let file = settings_file_under(Convention::Windows, env(&vars));
        assert_eq!(file, Some(PathBuf::from(appdata).join("whisperwire").join("settings.json")));
    }

    #[test]
    fn on_windows_without_appdata_the_roaming_folder_of_the_profile_is_used() {
        let vars = [("APPDATA", ""), ("USERPROFILE", r"C:\Users\ana")];
        let file = settings_file_under(Convention::Windows, env(&vars));
        let roaming = PathBuf::from(r"C:\Users\ana").join("AppData").join("Roaming");
        assert_eq!(file, Some(roaming.join("whisperwire").join("settings.json")));
        assert_eq!(settings_file_under(Convention::Windows, env(&[("HOME", "/home/ana")])), None);
    }

    #[test]
    fn elsewhere_settings_follow_xdg_and_ignore_appdata() {
        let vars = [("APPDATA", r"C:\x"), ("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/ana")];
        assert_eq!(
            settings_file_under(Convention::Xdg, env(&vars)),
            Some(PathBuf::from("/xdg/whisperwire/settings.json"))
        );
        let relative = [("XDG_CONFIG_HOME", "relative/dir"), ("HOME", "/home/ana")];
        assert_eq!(
            settings_file_under(Convention::Xdg, env(&relative)),
            Some(PathBuf::from("/home/ana/.config/whisperwire/settings.json"))
        );
        assert_eq!(settings_file_under(Convention::Xdg, env(&[])), None);
    }
}
