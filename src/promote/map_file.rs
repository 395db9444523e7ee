//! The map file: which target resource each source resource becomes, where names differ.
//!
//! Small JSON, one section per kind, each `"source": "target"`. A source is written as the
//! source instance names it (a name; for a phone number its E.164 number, id, ARN or
//! description) or by its id or ARN; a target likewise, in the target instance. An empty target
//! is an entry still to fill in (`--write-map` leaves the unresolved ones so): it resolves
//! nothing. Hours of operation and other resources are not in the inventory, so both sides are
//! ids or ARNs, used as written.
//!
//! ```json
//! {
//!   "phoneNumbers": { "+12065550100": "+442071838750" },
//!   "queues": { "US Sales": "Sales (US)" },
//!   "lambdas": { "pick-caller-id": "pick-caller-id-prod" },
//!   "prompts": { "Beep.wav": "Beep.wav" },
//!   "flows": { "Shared module": "Shared module" },
//!   "hours": { "5c2e…": "9a41…" },
//!   "other": { "arn:aws:lex:us-east-1:111122223333:bot-alias/A/B": "arn:aws:lex:…" }
//! }
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::refs::Kind;
use crate::workspace::atomic::{ReadError, SaveError, read_to_string_bounded, save_json};

/// The map file's content.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct MapFile {
    /// Free text for the admin; whisperwire keeps it and reads nothing from it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comment: Option<String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub phone_numbers: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub queues: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub lambdas: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub prompts: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub flows: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub hours: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub instances: BTreeMap<String, String>,
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub other: BTreeMap<String, String>,
}

/// Why a map file could not be read or written.
#[derive(Debug, thiserror::Error)]
pub enum MapFileError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{}:{line}:{column}: not a whisperwire map file: {message}", path.display())]
    Parse { path: PathBuf, line: usize, column: usize, message: String },
    #[error(transparent)]
    Save(#[from] SaveError),
}

impl MapFile {
    /// Reads a map file (at most 10 MB); errors name the file, line and column.
    pub fn load(path: &Path) -> Result<Self, MapFileError> {
        let text = read_to_string_bounded(path)?;
        Self::from_json(&text, path)
    }

    /// Parses map-file text; `path` only names the source in errors.
    pub fn from_json(text: &str, path: &Path) -> Result<Self, MapFileError> {
        serde_json::from_str(text).map_err(|e| MapFileError::Parse {
            path: path.to_owned(),
            line: e.line(),
            column: e.column(),
            message: e.to_string(),
        })
    }

    /// Saves atomically, two-space indented, sections and entries in a fixed order.
    pub fn save(&self, path: &Path) -> Result<(), MapFileError> {
        save_json(path, self)?;
        Ok(())
    }

    /// The section of one kind.
    pub fn section(&self, kind: Kind) -> &BTreeMap<String, String> {
        match kind {
            Kind::PhoneNumber => &self.phone_numbers,
            Kind::Queue => &self.queues,
            Kind::Lambda => &self.lambdas,
            Kind::Prompt => &self.prompts,
            Kind::Flow => &self.flows,
            Kind::Hours => &self.hours,
            Kind::Instance => &self.instances,
            Kind::Other => &self.other,
        }
    }

    /// The section of one kind, to edit.
    pub fn section_mut(&mut self, kind: Kind) -> &mut BTreeMap<String, String> {
        match kind {
            Kind::PhoneNumber => &mut self.phone_numbers,
            Kind::Queue => &mut self.queues,
            Kind::Lambda => &mut self.lambdas,
            Kind::Prompt => &mut self.prompts,
            Kind::Flow => &mut self.flows,
            Kind::Hours => &mut self.hours,
            Kind::Instance => &mut self.instances,
            Kind::Other => &mut self.other,
        }
    }

    /// The entry for the first of `keys` the section has: `Some("")` for a blank entry.
    pub fn lookup<'a>(&'a self, kind: Kind, keys: &[&str]) -> Option<(&'a str, &'a str)> {
        let section = self.section(kind);
        keys.iter().find_map(|key| section.get_key_value(*key)).map(|(k, v)| (k.as_str(), v.trim()))
    }

    /// How many entries, and how many of them are blank.
    pub fn counts(&self) -> (usize, usize) {
        let all = Kind::ALL.iter().flat_map(|kind| self.section(*kind).values());
        all.fold((0, 0), |(n, blank), v| (n + 1, blank + usize::from(v.trim().is_empty())))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_map_file_round_trips_and_a_bad_one_names_the_place() {
        let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
        let path = dir.path().join("map.json");
        let mut map = MapFile::default();
        map.queues.insert("US Sales".into(), "Sales (US)".into());
        map.lambdas.insert("pick".into(), String::new());
        map.save(&path).unwrap_or_else(|e| panic!("{e}"));
        let loaded = MapFile::load(&path).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(loaded, map);
        assert_eq!(loaded.lookup(Kind::Queue, &["x", "US Sales"]), Some(("US Sales", "Sales (US)")));
        assert_eq!(loaded.lookup(Kind::Lambda, &["pick"]), Some(("pick", "")));
        assert_eq!(loaded.counts(), (2, 1));
        let error = MapFile::from_json("{\n  \"queue\": {}\n}", &path).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(error.contains("map.json:2:") && error.contains("unknown field"), "{error}");
    }
}
