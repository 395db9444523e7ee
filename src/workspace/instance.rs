//! Reading and writing `instance.json`, the workspace's instance inventory (the types and their
//! lookups are [`crate::instance`]): bounded reads, atomic saves, and errors that name the file
//! and the line and column, or the JSON path of a phone number that is not E.164.

use std::path::Path;
use std::path::PathBuf;

use serde_json::Value;

use crate::instance::Instance;
use crate::phone::{self, PhoneError, PhoneNumber};
use crate::workspace::atomic::{self, ReadError, SaveError};

/// Why an instance file could not be loaded or saved.
#[derive(Debug, thiserror::Error)]
pub enum InstanceError {
    #[error(transparent)]
    Read(#[from] ReadError),
    #[error("{}:{line}:{column}: {message}", file.display())]
    Json { file: PathBuf, line: usize, column: usize, message: String },
    #[error("{}: {json_path}: {problem}", file.display())]
    BadValue { file: PathBuf, json_path: String, problem: PhoneError },
    #[error(transparent)]
    Save(#[from] SaveError),
}

impl Instance {
    /// Reads and checks an `instance.json` (at most 10 MB).
    pub fn load(file: &Path) -> Result<Instance, InstanceError> {
        let text = atomic::read_to_string_bounded(file)?;
        Instance::from_json(&text, file)
    }

    /// Parses `instance.json` text; `file` only names the source in errors.
    pub fn from_json(text: &str, file: &Path) -> Result<Instance, InstanceError> {
        match serde_json::from_str::<Instance>(text) {
            Ok(instance) => {
                if let Some((json_path, problem)) = bad_default_country(&instance) {
                    return Err(InstanceError::BadValue { file: file.to_owned(), json_path, problem });
                }
                Ok(instance)
            }
            Err(error) => Err(explain_json_error(text, file, &error)),
        }
    }

    /// Pretty JSON (two-space indent, fields in a fixed order, lists in file order), ending
    /// with a newline.
    pub fn to_json(&self) -> Result<String, serde_json::Error> {
        atomic::pretty_json(self)
    }

    /// Saves atomically (see [`atomic::save_json`]).
    pub fn save(&self, file: &Path) -> Result<(), InstanceError> {
        atomic::save_json(file, self)?;
        Ok(())
    }
}

fn bad_default_country(instance: &Instance) -> Option<(String, PhoneError)> {
    let region = instance.default_country.as_deref()?;
    if phone::is_known_region(region) {
        return None;
    }
    Some(("defaultCountry".to_owned(), PhoneError::UnknownRegion { region: region.to_owned() }))
}

/// Turns a serde error into `FILE:LINE:COL: message`, or, when a phone number is what failed,
/// into `FILE: JSON.path: why`.
fn explain_json_error(text: &str, file: &Path, error: &serde_json::Error) -> InstanceError {
    if error.is_data()
        && let Ok(value) = serde_json::from_str::<Value>(text)
        && let Some((json_path, problem)) = find_bad_number(&value)
    {
        return InstanceError::BadValue { file: file.to_owned(), json_path, problem };
    }
    let (line, column, message) = split_json_error(error);
    InstanceError::Json { file: file.to_owned(), line, column, message }
}

/// The first phone number in the document that is not strict E.164, with its JSON path.
fn find_bad_number(value: &Value) -> Option<(String, PhoneError)> {
    let lists = [("phoneNumbers", "number"), ("queues", "outboundCallerIdNumber")];
    for (list, field) in lists {
        let Some(items) = value.get(list).and_then(Value::as_array) else {
            continue;
        };
        for (index, item) in items.iter().enumerate() {
            let Some(text) = item.get(field).and_then(Value::as_str) else {
                continue;
            };
            if let Err(problem) = PhoneNumber::parse_e164(text) {
                return Some((format!("{list}[{index}].{field}"), problem));
            }
        }
    }
    None
}

/// Line, column and the message without the `" at line L column C"` tail `serde_json` adds.
pub(crate) fn split_json_error(error: &serde_json::Error) -> (usize, usize, String) {
    let (line, column) = (error.line(), error.column());
    let full = error.to_string();
    let tail = format!(" at line {line} column {column}");
    let message = full.strip_suffix(&tail).unwrap_or(&full).to_owned();
    (line, column, message)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::instance::NumberOrigin;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn sample_path() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/instance.json")
    }

    fn sample() -> Result<Instance, InstanceError> {
        Instance::load(&sample_path())
    }

    fn error_text(text: &str) -> String {
        match Instance::from_json(text, Path::new("instance.json")) {
            Ok(instance) => format!("unexpectedly loaded {instance:?}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn bad_phone_number_error_names_the_json_path() {
        let text = r#"{"phoneNumbers": [
            {"number": "+12065550100", "numberType": "DID", "country": "US"},
            {"number": "+18005550199", "numberType": "TOLL_FREE", "country": "US"},
            {"number": "+1 206", "numberType": "DID", "country": "US"}
        ]}"#;
        let message = error_text(text);
        assert!(message.starts_with("instance.json: phoneNumbers[2].number: \"+1 206\" is not E.164"), "{message}");
    }

    #[test]
    fn bad_queue_caller_id_error_names_the_json_path() {
        let text = r#"{"queues": [{"name": "Q", "outboundCallerIdNumber": "206-555-0100"}]}"#;
        let message = error_text(text);
        assert!(message.starts_with("instance.json: queues[0].outboundCallerIdNumber: \"206-555-0100\""), "{message}");
    }

    #[test]
    fn syntax_error_names_file_line_and_column() {
        let message = error_text("{\n  \"queues\": [\n    {\"name\": \"Q\"}\n    {\"name\": \"R\"}\n  ]\n}");
        assert_eq!(message, "instance.json:4:5: expected `,` or `]`");
    }

    #[test]
    fn unknown_key_is_refused_with_its_position() {
        let message = error_text("{\"queues\": [{\"name\": \"Q\", \"outboundCallerIdNumer\": \"x\"}]}");
        assert!(message.starts_with("instance.json:1:"), "{message}");
        assert!(message.contains("unknown field `outboundCallerIdNumer`"), "{message}");
    }

    #[test]
    fn unknown_default_country_is_refused() {
        let message = error_text("{\"defaultCountry\": \"XX\"}");
        assert!(message.starts_with("instance.json: defaultCountry: unknown region \"XX\""), "{message}");
    }

    #[test]
    fn empty_object_is_an_empty_instance() -> TestResult {
        let instance = Instance::from_json("{}", Path::new("instance.json"))?;
        assert_eq!(instance, Instance::default());
        Ok(())
    }

    #[test]
    fn newer_number_types_are_kept() -> TestResult {
        let text = r#"{"phoneNumbers": [{"number": "+12065550100", "numberType": "SHORT_CODE", "country": "US"}]}"#;
        let instance = Instance::from_json(text, Path::new("instance.json"))?;
        let number = instance.phone_numbers.first().ok_or("one number")?;
        assert_eq!(number.number_type, "SHORT_CODE");
        assert_eq!(number.origin, NumberOrigin::Claimed);
        Ok(())
    }

    #[test]
    fn file_over_ten_megabytes_is_refused() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("instance.json");
        std::fs::File::create(&path)?.set_len(atomic::MAX_FILE_BYTES + 1)?;
        let message = match Instance::load(&path) {
            Ok(_) => String::new(),
            Err(error) => error.to_string(),
        };
        assert!(message.contains("larger than 10 MB"), "{message}");
        assert!(message.contains("instance.json"), "{message}");
        Ok(())
    }

    #[test]
    fn save_then_load_gives_the_same_instance_and_the_same_bytes() -> TestResult {
        let instance = sample()?;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("instance.json");
        instance.save(&path)?;
        let reloaded = Instance::load(&path)?;
        assert_eq!(reloaded, instance);
        assert_eq!(std::fs::read_to_string(&path)?, instance.to_json()?);
        Ok(())
    }

    #[test]
    fn sample_file_is_in_canonical_form() -> TestResult {
        let text = std::fs::read_to_string(sample_path())?;
        assert_eq!(sample()?.to_json()?, text);
        Ok(())
    }
}
