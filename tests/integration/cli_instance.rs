//! `whisperwire instance import` and `whisperwire e164`, run as real processes.

use serde_json::Value;

use crate::support::{manifest_dir, stderr, stdout, whisperwire};

fn fixture(name: &str) -> String {
    manifest_dir().join("tests/fixtures/aws").join(name).to_str().unwrap().to_owned()
}

/// (E.164 number) and (queue name, caller ID number, whisper flow) of an instance file.
fn essentials(instance: &Value) -> (Vec<String>, Vec<(String, Value, Value)>) {
    let mut numbers: Vec<String> =
        instance["phoneNumbers"].as_array().unwrap().iter().map(|n| n["number"].as_str().unwrap().to_owned()).collect();
    numbers.sort();
    let mut queues: Vec<_> = instance["queues"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| {
            let number = q.get("outboundCallerIdNumber").cloned().unwrap_or(Value::Null);
            let flow = q.get("outboundWhisperFlow").cloned().unwrap_or(Value::Null);
            (q["name"].as_str().unwrap().to_owned(), number, flow)
        })
        .collect();
    queues.sort_by(|a, b| a.0.cmp(&b.0));
    (numbers, queues)
}

#[test]
fn importing_the_aws_cli_outputs_gives_the_instance_the_samples_refer_to() {
    let output = whisperwire(&[
        "instance",
        "import",
        "--phone-numbers",
        &fixture("list-phone-numbers-v2.json"),
        "--queue",
        &fixture("describe-queue-us-sales.json"),
        "--queue",
        &fixture("describe-queue-uk-support.json"),
        "--queue",
        &fixture("describe-queue-collections.json"),
        "--contact-flows",
        &fixture("list-contact-flows.json"),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stderr(&output).contains("ListPhoneNumbersSummaryList[3].PhoneNumber"), "{}", stderr(&output));
    let imported: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let sample: Value =
        serde_json::from_str(&std::fs::read_to_string(manifest_dir().join("samples/instance.json")).unwrap()).unwrap();
    assert_eq!(essentials(&imported), essentials(&sample));
}

#[test]
fn import_of_a_file_that_is_not_json_exits_2_naming_file_line_and_column() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("numbers.json");
    std::fs::write(&path, "{\"ListPhoneNumbersSummaryList\": [,]}").unwrap();
    let output = whisperwire(&["instance", "import", "--phone-numbers", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("{}:1:", path.display())), "{}", stderr(&output));
}

#[test]
fn e164_rewrites_a_national_number_with_its_country() {
    let output = whisperwire(&["e164", "020 7183 8750", "--region", "GB"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let text = stdout(&output);
    assert_eq!(text.lines().next(), Some("+442071838750"));
    assert!(text.contains("national: 020 7183 8750"), "{text}");
    assert!(text.contains("country: GB"), "{text}");
}

#[test]
fn e164_exits_1_for_a_number_that_is_not_valid_and_2_for_a_bad_region() {
    let output = whisperwire(&["e164", "1-800-FLOWERS"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("letters"), "{}", stderr(&output));
    let output = whisperwire(&["e164", "0207", "--region", "ZZ"]);
    assert_eq!(output.status.code(), Some(2), "{}", stderr(&output));
}
