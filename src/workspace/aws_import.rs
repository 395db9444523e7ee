//! Builds an [`Instance`] from AWS CLI output: `aws connect list-phone-numbers-v2` (or the older
//! `list-phone-numbers`), any number of `aws connect describe-queue`, and optionally
//! `aws connect list-contact-flows` to name each queue's outbound whisper flow.
//!
//! Pure: it takes the files' text and returns the instance plus warnings. Broken JSON or the
//! wrong kind of output is an [`ImportError`]; a bad entry (a number that is not E.164, a queue
//! whose caller ID number is not in the list) is an [`ImportWarning`] and the import goes on.
//! Output order is deterministic: numbers by E.164, queues by name.

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use serde::de::DeserializeOwned;

use crate::instance::{Instance, InstanceNumber, NumberOrigin, Queue};
use crate::phone::{self, PhoneError, PhoneNumber};
use crate::workspace::instance::split_json_error;

/// One input file: its path (for messages only) and its text.
#[derive(Debug, Clone, Copy)]
pub struct SourceText<'a> {
    pub file: &'a Path,
    pub text: &'a str,
}

/// Everything `instance import` reads.
#[derive(Debug, Clone)]
pub struct ImportInputs<'a> {
    /// `list-phone-numbers-v2` or `list-phone-numbers` output.
    pub phone_numbers: SourceText<'a>,
    /// `describe-queue` outputs, one queue each.
    pub queues: Vec<SourceText<'a>>,
    /// `list-contact-flows` output, to turn `OutboundFlowId` into a flow name.
    pub contact_flows: Option<SourceText<'a>>,
    /// Becomes the instance's `defaultCountry`.
    pub default_country: Option<&'a str>,
}

/// The imported instance and what was skipped or left empty on the way.
#[derive(Debug, Clone)]
pub struct Imported {
    pub instance: Instance,
    pub warnings: Vec<ImportWarning>,
}

/// A non-fatal problem in one input file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportWarning {
    pub file: PathBuf,
    /// Where in the file, such as `ListPhoneNumbersSummaryList[3].PhoneNumber`.
    pub json_path: Option<String>,
    pub message: String,
}

/// Why the import could not be done at all.
#[derive(Debug, thiserror::Error)]
pub enum ImportError {
    #[error("{}:{line}:{column}: {message}", file.display())]
    Json { file: PathBuf, line: usize, column: usize, message: String },
    #[error("{}: {message}", file.display())]
    WrongShape { file: PathBuf, message: String },
    #[error("default country: {0}")]
    DefaultCountry(PhoneError),
}

impl fmt::Display for ImportWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.json_path {
            Some(path) => write!(f, "{}: {path}: {}", self.file.display(), self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

/// `list-phone-numbers-v2` (`ListPhoneNumbersSummaryList`) or `list-phone-numbers`
/// (`PhoneNumberSummaryList`) output.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct PhoneNumbersOutput {
    list_phone_numbers_summary_list: Option<Vec<PhoneNumberEntry>>,
    phone_number_summary_list: Option<Vec<PhoneNumberEntry>>,
    next_token: Option<String>,
}

/// One phone-number entry of either API: `list-phone-numbers-v2` names its id and ARN
/// `PhoneNumberId` / `PhoneNumberArn`, the older `list-phone-numbers` `Id` / `Arn` (and has no
/// description).
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[expect(clippy::struct_field_names, reason = "the fields mirror the AWS API's names")]
struct PhoneNumberEntry {
    #[serde(alias = "Id")]
    phone_number_id: Option<String>,
    #[serde(alias = "Arn")]
    phone_number_arn: Option<String>,
    phone_number: Option<String>,
    phone_number_country_code: Option<String>,
    phone_number_type: Option<String>,
    phone_number_description: Option<String>,
}

/// `describe-queue` output. `LastModifiedTime` (ISO text or epoch seconds, depending on the CLI's
/// configuration) and the other fields are not needed and are ignored whatever their shape.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct DescribeQueueOutput {
    queue: QueueDescription,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct QueueDescription {
    name: String,
    queue_id: Option<String>,
    queue_arn: Option<String>,
    outbound_caller_config: Option<OutboundCallerConfig>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
#[expect(clippy::struct_field_names, reason = "the fields mirror the AWS API's names")]
struct OutboundCallerConfig {
    outbound_caller_id_name: Option<String>,
    outbound_caller_id_number_id: Option<String>,
    outbound_flow_id: Option<String>,
}

/// `list-contact-flows` output.
#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ContactFlowsOutput {
    contact_flow_summary_list: Vec<ContactFlowSummary>,
    next_token: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ContactFlowSummary {
    id: Option<String>,
    arn: Option<String>,
    name: Option<String>,
    contact_flow_type: Option<String>,
    contact_flow_state: Option<String>,
}

/// One phone-number entry, whichever API produced it.
struct NumberRow {
    json_path: String,
    id: Option<String>,
    arn: Option<String>,
    number: Option<String>,
    country: Option<String>,
    number_type: Option<String>,
    description: Option<String>,
}

/// Collects warnings for one file.
struct Warnings<'a> {
    file: &'a Path,
    list: &'a mut Vec<ImportWarning>,
}

impl Warnings<'_> {
    fn at(&mut self, json_path: &str, message: String) {
        self.list.push(ImportWarning { file: self.file.to_owned(), json_path: Some(json_path.to_owned()), message });
    }

    fn whole_file(&mut self, message: String) {
        self.list.push(ImportWarning { file: self.file.to_owned(), json_path: None, message });
    }
}

/// Builds the instance. Numbers come in as `claimed`: the API cannot tell ported numbers apart.
pub fn import(inputs: &ImportInputs<'_>) -> Result<Imported, ImportError> {
    let default_country = match inputs.default_country {
        Some(region) if !phone::is_known_region(region) => {
            return Err(ImportError::DefaultCountry(PhoneError::UnknownRegion { region: region.to_owned() }));
        }
        Some(region) => Some(region.trim().to_ascii_uppercase()),
        None => None,
    };
    let mut warnings = Vec::new();
    let phone_numbers = import_numbers(inputs.phone_numbers, &mut warnings)?;
    let mut instance = Instance { default_country, phone_numbers, ..Instance::default() };
    let flows = match inputs.contact_flows {
        Some(source) => Some(read_flows(source, &mut warnings)?),
        None => None,
    };
    let mut queues: BTreeMap<String, Queue> = BTreeMap::new();
    let mut flow_names_missing = false;
    for &source in &inputs.queues {
        let queue = import_queue(source, &instance, flows.as_ref(), &mut warnings)?;
        let mut warn = Warnings { file: source.file, list: &mut warnings };
        if flows.is_none() && queue.outbound_flow_id.is_some() && !flow_names_missing {
            flow_names_missing = true;
            warn.at(
                "Queue.OutboundCallerConfig.OutboundFlowId",
                "flow kept as an id only, as in every queue; give the output of \
                 `aws connect list-contact-flows` to name the outbound whisper flows"
                    .to_owned(),
            );
        }
        if queues.contains_key(&queue.name) {
            warn.at("Queue.Name", format!("queue {:?} was already imported from another file; skipped", queue.name));
        } else {
            queues.insert(queue.name.clone(), queue);
        }
    }
    instance.queues = queues.into_values().collect();
    Ok(Imported { instance, warnings })
}

fn import_numbers(
    source: SourceText<'_>,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Vec<InstanceNumber>, ImportError> {
    let output: PhoneNumbersOutput = parse(source)?;
    let mut warn = Warnings { file: source.file, list: warnings };
    if output.next_token.is_some() {
        warn.whole_file(
            "NextToken is set: this is one page of the list, numbers on other pages are missing".to_owned(),
        );
    }
    let rows = number_rows(output).ok_or_else(|| ImportError::WrongShape {
        file: source.file.to_owned(),
        message: "not phone-number list output: expected ListPhoneNumbersSummaryList \
                  (aws connect list-phone-numbers-v2) or PhoneNumberSummaryList \
                  (aws connect list-phone-numbers)"
            .to_owned(),
    })?;
    let mut numbers: BTreeMap<PhoneNumber, InstanceNumber> = BTreeMap::new();
    for row in rows {
        let Some(number) = instance_number(&row, &mut warn) else {
            continue;
        };
        if numbers.contains_key(&number.number) {
            warn.at(&row.json_path, format!("{} is listed twice; the first entry is kept", number.number));
        } else {
            numbers.insert(number.number.clone(), number);
        }
    }
    Ok(numbers.into_values().collect())
}

/// Entries of whichever list the output holds; `None` when it holds neither.
fn number_rows(output: PhoneNumbersOutput) -> Option<Vec<NumberRow>> {
    let (list_name, list) = match (output.list_phone_numbers_summary_list, output.phone_number_summary_list) {
        (Some(list), _) => ("ListPhoneNumbersSummaryList", list),
        (None, Some(list)) => ("PhoneNumberSummaryList", list),
        (None, None) => return None,
    };
    let rows = list.into_iter().enumerate().map(|(index, n)| NumberRow {
        json_path: format!("{list_name}[{index}]"),
        id: n.phone_number_id,
        arn: n.phone_number_arn,
        number: n.phone_number,
        country: n.phone_number_country_code,
        number_type: n.phone_number_type,
        description: n.phone_number_description,
    });
    Some(rows.collect())
}

/// The inventory entry for one row, or a warning and `None` when its number is unusable.
fn instance_number(row: &NumberRow, warn: &mut Warnings<'_>) -> Option<InstanceNumber> {
    let path = format!("{}.PhoneNumber", row.json_path);
    let fields = NumberFields {
        id: row.id.clone(),
        arn: row.arn.clone(),
        number: row.number.clone(),
        country: row.country.clone(),
        number_type: row.number_type.clone(),
        description: row.description.clone(),
    };
    number_entry(fields).map_err(|problem| warn.at(&path, problem)).ok()
}

/// One phone number's fields as the Amazon Connect API lists them (`ListPhoneNumbersV2`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberFields {
    pub id: Option<String>,
    pub arn: Option<String>,
    pub number: Option<String>,
    pub country: Option<String>,
    pub number_type: Option<String>,
    pub description: Option<String>,
}

/// The inventory entry for a listed number (claimed), or why it cannot be one: missing, or not
/// E.164 (with the fix when one is clear). Used by `instance import` and by `pull`.
pub fn number_entry(fields: NumberFields) -> Result<InstanceNumber, String> {
    let Some(text) = fields.number.as_deref() else {
        return Err("missing; entry skipped".to_owned());
    };
    let number = match PhoneNumber::parse_e164(text) {
        Ok(number) => number,
        Err(problem) => {
            let hint = phone::suggest_fix(text, fields.country.as_deref())
                .map(|fix| format!(" (did you mean {fix}?)"))
                .unwrap_or_default();
            return Err(format!("{problem}{hint}; number skipped"));
        }
    };
    let country = fields.country.or_else(|| number.region().map(str::to_owned)).unwrap_or_else(|| "ZZ".to_owned());
    Ok(InstanceNumber {
        id: fields.id,
        arn: fields.arn,
        number,
        number_type: fields.number_type.unwrap_or_else(|| "UNKNOWN".to_owned()),
        country,
        description: fields.description.filter(|d| !d.is_empty()),
        origin: NumberOrigin::Claimed,
    })
}

fn import_queue(
    source: SourceText<'_>,
    instance: &Instance,
    flows: Option<&FlowIndex>,
    warnings: &mut Vec<ImportWarning>,
) -> Result<Queue, ImportError> {
    let output: DescribeQueueOutput = parse(source)?;
    let described = output.queue;
    let mut warn = Warnings { file: source.file, list: warnings };
    let config = described.outbound_caller_config.unwrap_or(OutboundCallerConfig {
        outbound_caller_id_name: None,
        outbound_caller_id_number_id: None,
        outbound_flow_id: None,
    });
    let caller_id = config
        .outbound_caller_id_number_id
        .as_deref()
        .and_then(|reference| caller_id_number(reference, instance, &mut warn));
    let flow_name = match (config.outbound_flow_id.as_deref(), flows) {
        (Some(flow_id), Some(flows)) => flows.name_of(flow_id, &mut warn),
        _ => None,
    };
    Ok(Queue {
        id: described.queue_id,
        arn: described.queue_arn,
        name: described.name,
        outbound_caller_id_number: caller_id,
        outbound_caller_id_name: config.outbound_caller_id_name.filter(|n| !n.is_empty()),
        outbound_whisper_flow: flow_name,
        outbound_flow_id: config.outbound_flow_id,
    })
}

/// The number `OutboundCallerIdNumberId` (an id, or tolerated, an ARN) names among the imported
/// numbers.
fn caller_id_number(reference: &str, instance: &Instance, warn: &mut Warnings<'_>) -> Option<PhoneNumber> {
    let found = if reference.starts_with("arn:") {
        instance.number_by_arn(reference)
    } else {
        instance.number_by_id(reference)
    };
    if found.is_none() {
        warn.at(
            "Queue.OutboundCallerConfig.OutboundCallerIdNumberId",
            format!(
                "{reference:?} is not among the imported phone numbers; \
                 outboundCallerIdNumber left empty"
            ),
        );
    }
    found.map(|n| n.number.clone())
}

/// The contact flows by id, to name a queue's outbound whisper flow.
struct FlowIndex {
    file: PathBuf,
    by_id: BTreeMap<String, ContactFlowSummary>,
}

fn read_flows(source: SourceText<'_>, warnings: &mut Vec<ImportWarning>) -> Result<FlowIndex, ImportError> {
    let output: ContactFlowsOutput = parse(source)?;
    let mut warn = Warnings { file: source.file, list: warnings };
    if output.next_token.is_some() {
        warn.whole_file("NextToken is set: this is one page of the list, flows on other pages are missing".to_owned());
    }
    let mut by_id = BTreeMap::new();
    for flow in output.contact_flow_summary_list {
        let id = flow.id.clone().or_else(|| flow.arn.as_deref().and_then(contact_flow_id_from_arn).map(str::to_owned));
        if let Some(id) = id {
            by_id.entry(id).or_insert(flow);
        }
    }
    Ok(FlowIndex { file: source.file.to_owned(), by_id })
}

impl FlowIndex {
    /// The name of the flow `reference` (an id or an ARN) names, warning when it is missing,
    /// not an outbound whisper flow, or archived.
    fn name_of(&self, reference: &str, warn: &mut Warnings<'_>) -> Option<String> {
        let path = "Queue.OutboundCallerConfig.OutboundFlowId";
        let id = contact_flow_id_from_arn(reference).unwrap_or(reference);
        let Some(flow) = self.by_id.get(id) else {
            warn.at(
                path,
                format!("flow {reference:?} is not in {}; outboundWhisperFlow left empty", self.file.display()),
            );
            return None;
        };
        let name = flow.name.clone()?;
        if let Some(kind) = flow.contact_flow_type.as_deref().filter(|t| *t != "OUTBOUND_WHISPER") {
            warn.at(path, format!("flow {name:?} is a {kind} flow, not an outbound whisper flow"));
        }
        if flow.contact_flow_state.as_deref() == Some("ARCHIVED") {
            warn.at(path, format!("flow {name:?} is archived"));
        }
        Some(name)
    }
}

/// The flow id in `arn:aws:connect:REGION:ACCOUNT:instance/IID/contact-flow/ID`.
fn contact_flow_id_from_arn(arn: &str) -> Option<&str> {
    let resource = arn.strip_prefix("arn:")?.splitn(5, ':').nth(4)?;
    let mut segments = resource.split('/');
    segments.find(|s| *s == "contact-flow")?;
    segments.next().filter(|id| !id.is_empty())
}

fn parse<T: DeserializeOwned>(source: SourceText<'_>) -> Result<T, ImportError> {
    serde_json::from_str(source.text).map_err(|error| {
        let (line, column, message) = split_json_error(&error);
        ImportError::Json { file: source.file.to_owned(), line, column, message }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    struct Fixture {
        path: PathBuf,
        text: String,
    }

    impl Fixture {
        fn source(&self) -> SourceText<'_> {
            SourceText { file: &self.path, text: &self.text }
        }
    }

    fn fixture(name: &str) -> Result<Fixture, std::io::Error> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/aws").join(name);
        let text = std::fs::read_to_string(&path)?;
        Ok(Fixture { path: PathBuf::from(name), text })
    }

    fn inline<'a>(file: &'a str, text: &'a str) -> SourceText<'a> {
        SourceText { file: Path::new(file), text }
    }

    const QUEUE_FILES: [&str; 3] =
        ["describe-queue-us-sales.json", "describe-queue-uk-support.json", "describe-queue-collections.json"];

    fn import_fixtures(numbers_file: &str, with_flows: bool) -> Result<Imported, Box<dyn std::error::Error>> {
        let numbers = fixture(numbers_file)?;
        let queues = QUEUE_FILES.iter().map(|name| fixture(name)).collect::<Result<Vec<_>, _>>()?;
        let flows = fixture("list-contact-flows.json")?;
        let inputs = ImportInputs {
            phone_numbers: numbers.source(),
            queues: queues.iter().map(Fixture::source).collect(),
            contact_flows: with_flows.then(|| flows.source()),
            default_country: Some("US"),
        };
        Ok(import(&inputs)?)
    }

    /// Queue name, caller ID, caller ID name, whisper flow.
    type QueueRow = (String, Option<String>, Option<String>, Option<String>);

    fn queue_summary(instance: &Instance) -> Vec<QueueRow> {
        let mut rows: Vec<_> = instance
            .queues
            .iter()
            .map(|q| {
                (
                    q.name.clone(),
                    q.outbound_caller_id_number.as_ref().map(ToString::to_string),
                    q.outbound_caller_id_name.clone(),
                    q.outbound_whisper_flow.clone(),
                )
            })
            .collect();
        rows.sort();
        rows
    }

    fn number_summary(instance: &Instance) -> Vec<(String, Option<String>, String, String)> {
        let mut rows: Vec<_> = instance
            .phone_numbers
            .iter()
            .map(|n| (n.number.to_string(), n.id.clone(), n.number_type.clone(), n.country.clone()))
            .collect();
        rows.sort();
        rows
    }

    #[test]
    fn fixtures_import_to_the_sample_instance() -> TestResult {
        let imported = import_fixtures("list-phone-numbers-v2.json", true)?;
        let sample = Instance::load(&Path::new(env!("CARGO_MANIFEST_DIR")).join("samples/instance.json"))?;
        assert_eq!(number_summary(&imported.instance), number_summary(&sample));
        assert_eq!(queue_summary(&imported.instance), queue_summary(&sample));
        assert_eq!(imported.instance.default_country, sample.default_country);
        for number in &imported.instance.phone_numbers {
            assert_eq!(number.origin, NumberOrigin::Claimed, "{}", number.number);
        }
        Ok(())
    }

    #[test]
    fn old_list_phone_numbers_output_gives_the_same_numbers_and_queues() -> TestResult {
        let new = import_fixtures("list-phone-numbers-v2.json", true)?;
        let old = import_fixtures("list-phone-numbers.json", true)?;
        assert_eq!(number_summary(&old.instance), number_summary(&new.instance));
        assert_eq!(queue_summary(&old.instance), queue_summary(&new.instance));
        Ok(())
    }

    #[test]
    fn garbage_number_is_skipped_with_a_warning_naming_file_and_index() -> TestResult {
        let imported = import_fixtures("list-phone-numbers-v2.json", true)?;
        assert_eq!(imported.instance.phone_numbers.len(), 3);
        let messages: Vec<String> = imported.warnings.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 1, "{messages:#?}");
        let first = messages.first().map(String::as_str).unwrap_or_default();
        assert!(
            first.starts_with("list-phone-numbers-v2.json: ListPhoneNumbersSummaryList[3].PhoneNumber: "),
            "{first}"
        );
        assert!(first.ends_with("number skipped"), "{first}");
        Ok(())
    }

    #[test]
    fn imported_numbers_are_sorted_and_queues_sorted_by_name() -> TestResult {
        let imported = import_fixtures("list-phone-numbers-v2.json", true)?;
        let numbers: Vec<&str> = imported.instance.phone_numbers.iter().map(|n| n.number.as_str()).collect();
        assert_eq!(numbers, ["+12065550100", "+18005550199", "+442071838750"]);
        let queues: Vec<&str> = imported.instance.queues.iter().map(|q| q.name.as_str()).collect();
        assert_eq!(queues, ["Collections", "UK Support", "US Sales"]);
        Ok(())
    }

    #[test]
    fn without_contact_flows_flow_ids_are_kept_and_names_left_empty() -> TestResult {
        let imported = import_fixtures("list-phone-numbers-v2.json", false)?;
        assert!(imported.instance.queues.iter().all(|q| q.outbound_whisper_flow.is_none()));
        assert!(imported.instance.queues.iter().all(|q| q.outbound_flow_id.is_some()));
        assert!(imported.warnings.iter().any(|w| w.message.contains("list-contact-flows")), "{:?}", imported.warnings);
        Ok(())
    }

    const NUMBERS: &str = r#"{"ListPhoneNumbersSummaryList": [{
        "PhoneNumberId": "p1",
        "PhoneNumberArn": "arn:aws:connect:us-east-1:111122223333:phone-number/p1",
        "PhoneNumber": "+12065550100", "PhoneNumberCountryCode": "US", "PhoneNumberType": "DID"}]}"#;

    fn import_one_queue(queue: &str) -> Result<Imported, ImportError> {
        import(&ImportInputs {
            phone_numbers: inline("numbers.json", NUMBERS),
            queues: vec![inline("queue.json", queue)],
            contact_flows: None,
            default_country: None,
        })
    }

    #[test]
    fn queue_caller_id_may_be_given_as_an_arn() -> TestResult {
        let queue = r#"{"Queue": {"Name": "Q", "OutboundCallerConfig": {
            "OutboundCallerIdNumberId": "arn:aws:connect:us-east-1:111122223333:instance/i-1/phone-number/p1"}}}"#;
        let imported = import_one_queue(queue)?;
        let number = imported.instance.queue("Q").and_then(|q| q.outbound_caller_id_number.clone());
        assert_eq!(number.map(|n| n.to_string()).as_deref(), Some("+12065550100"));
        assert!(imported.warnings.is_empty(), "{:?}", imported.warnings);
        Ok(())
    }

    #[test]
    fn unknown_caller_id_number_id_warns_and_leaves_the_number_empty() -> TestResult {
        let queue = r#"{"Queue": {"Name": "Q", "OutboundCallerConfig": {"OutboundCallerIdNumberId": "gone"}}}"#;
        let imported = import_one_queue(queue)?;
        assert_eq!(imported.instance.queue("Q").map(|q| q.outbound_caller_id_number.is_none()), Some(true));
        let message = imported.warnings.first().map(ToString::to_string).unwrap_or_default();
        assert_eq!(
            message,
            "queue.json: Queue.OutboundCallerConfig.OutboundCallerIdNumberId: \"gone\" is not among \
             the imported phone numbers; outboundCallerIdNumber left empty"
        );
        Ok(())
    }

    #[test]
    fn last_modified_time_may_be_epoch_or_iso_text() -> TestResult {
        for time in ["1700000000.123", "\"2024-05-01T10:15:30.123000+00:00\""] {
            let queue = format!(r#"{{"Queue": {{"Name": "Q", "LastModifiedTime": {time}}}}}"#);
            let imported = import_one_queue(&queue)?;
            assert_eq!(imported.instance.queues.len(), 1);
        }
        Ok(())
    }

    #[test]
    fn broken_json_names_file_line_and_column() {
        let result = import_one_queue("{\"Queue\": {\"Name\": \"Q\",}}");
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert_eq!(message, "queue.json:1:24: trailing comma");
    }

    #[test]
    fn wrong_kind_of_output_is_a_shape_error() {
        let result = import(&ImportInputs {
            phone_numbers: inline("queue.json", r#"{"Queue": {"Name": "Q"}}"#),
            queues: Vec::new(),
            contact_flows: None,
            default_country: None,
        });
        assert!(matches!(result, Err(ImportError::WrongShape { .. })), "{result:?}");
        let result = import_one_queue(NUMBERS);
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("queue.json:"), "{message}");
        assert!(message.contains("missing field `Queue`"), "{message}");
    }

    #[test]
    fn unknown_default_country_is_an_error() {
        let result = import(&ImportInputs {
            phone_numbers: inline("numbers.json", NUMBERS),
            queues: Vec::new(),
            contact_flows: None,
            default_country: Some("XX"),
        });
        assert!(matches!(result, Err(ImportError::DefaultCountry(_))), "{result:?}");
    }

    #[test]
    fn next_token_warns_that_the_list_is_one_page() -> TestResult {
        let text = r#"{"NextToken": "abc", "ListPhoneNumbersSummaryList": []}"#;
        let imported = import(&ImportInputs {
            phone_numbers: inline("numbers.json", text),
            queues: Vec::new(),
            contact_flows: None,
            default_country: None,
        })?;
        assert!(imported.warnings.iter().any(|w| w.message.starts_with("NextToken is set")));
        Ok(())
    }

    #[test]
    fn non_whisper_or_archived_flow_is_named_with_a_warning() -> TestResult {
        let flows = r#"{"ContactFlowSummaryList": [{"Id": "f1", "Name": "Inbound main",
            "ContactFlowType": "CONTACT_FLOW", "ContactFlowState": "ARCHIVED"}]}"#;
        let queue = r#"{"Queue": {"Name": "Q", "OutboundCallerConfig": {"OutboundFlowId": "f1"}}}"#;
        let imported = import(&ImportInputs {
            phone_numbers: inline("numbers.json", NUMBERS),
            queues: vec![inline("queue.json", queue)],
            contact_flows: Some(inline("flows.json", flows)),
            default_country: None,
        })?;
        let flow = imported.instance.queue("Q").and_then(|q| q.outbound_whisper_flow.clone());
        assert_eq!(flow.as_deref(), Some("Inbound main"));
        assert_eq!(imported.warnings.len(), 2, "{:?}", imported.warnings);
        Ok(())
    }

    #[test]
    fn duplicate_queue_files_keep_the_first() -> TestResult {
        let queue = r#"{"Queue": {"Name": "Q"}}"#;
        let imported = import(&ImportInputs {
            phone_numbers: inline("numbers.json", NUMBERS),
            queues: vec![inline("a.json", queue), inline("b.json", queue)],
            contact_flows: None,
            default_country: None,
        })?;
        assert_eq!(imported.instance.queues.len(), 1);
        assert_eq!(imported.warnings.len(), 1, "{:?}", imported.warnings);
        Ok(())
    }

    #[test]
    fn contact_flow_arn_gives_the_flow_id() {
        assert_eq!(contact_flow_id_from_arn("arn:aws:connect:us-east-1:1:instance/i/contact-flow/f1"), Some("f1"));
        assert_eq!(contact_flow_id_from_arn("f1"), None);
    }
}
