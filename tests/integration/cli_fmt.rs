//! `whisperwire fmt` run as a real process.

use crate::support::{corpus_dir, corpus_files, stderr, stdout, whisperwire};

#[test]
fn fmt_prints_each_corpus_flow_equal_to_its_input_and_check_accepts_it() {
    let Some(dir) = corpus_dir() else { return };
    let scratch = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for path in corpus_files(&dir) {
        let Ok(input) = serde_json::from_slice::<serde_json::Value>(&std::fs::read(&path).unwrap()) else {
            continue;
        };
        let arg = path.to_str().unwrap();
        let output = whisperwire(&["fmt", arg]);
        if input.get("modules").is_some() {
            assert_eq!(output.status.code(), Some(2), "{arg}");
            continue;
        }
        assert_eq!(output.status.code(), Some(0), "{arg}: {}", stderr(&output));
        let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
        assert_eq!(printed, input, "{arg}");
        let formatted = scratch.path().join("formatted.json");
        std::fs::write(&formatted, stdout(&output)).unwrap();
        let check = whisperwire(&["fmt", "--check", formatted.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(0), "{arg}: fmt --check refused fmt's own output");
        checked += 1;
    }
    assert!(checked >= 60, "only {checked} corpus flows formatted");
}

#[test]
fn fmt_check_flags_a_file_that_is_not_canonical() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("compact.json");
    std::fs::write(&path, r#"{"Version":"2019-10-30","Actions":[]}"#).unwrap();
    let output = whisperwire(&["fmt", "--check", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stderr(&output).contains("not canonical"), "{}", stderr(&output));
}

#[test]
fn fmt_writes_atomically_to_the_output_file() {
    let scratch = tempfile::tempdir().unwrap();
    let input = scratch.path().join("in.json");
    let out = scratch.path().join("out.json");
    std::fs::write(&input, r#"{"Version":"2019-10-30","Actions":[]}"#).unwrap();
    let output = whisperwire(&["fmt", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(std::fs::read_to_string(&out).unwrap(), "{\n  \"Version\": \"2019-10-30\",\n  \"Actions\": []\n}\n");
    assert!(stdout(&output).is_empty());
    let leftovers = std::fs::read_dir(scratch.path()).unwrap().count();
    assert_eq!(leftovers, 2, "a temporary file was left behind");
}

#[test]
fn fmt_reports_invalid_json_with_file_line_and_column_and_exit_2() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("broken.json");
    std::fs::write(&path, "{\n  \"Actions\": [\n    1 2\n  ]\n}\n").unwrap();
    let output = whisperwire(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains(&format!("{}:3:7: expected `,`", path.display())), "{}", stderr(&output));
}

#[test]
fn fmt_reports_a_wrong_shape_with_its_json_path() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("shape.json");
    std::fs::write(
        &path,
        r#"{"Actions":[{"Identifier":"a","Type":"X","Transitions":{"Errors":[{"ErrorType":"E"}]}}]}"#,
    )
    .unwrap();
    let output = whisperwire(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let expected = format!("{}: Actions[0].Transitions.Errors[0]: missing NextAction", path.display());
    assert!(stderr(&output).contains(&expected), "{}", stderr(&output));
}

#[test]
fn fmt_refuses_files_over_ten_megabytes() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("huge.json");
    let file = std::fs::File::create(&path).unwrap();
    file.set_len(10 * 1024 * 1024 + 1).unwrap();
    let output = whisperwire(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("refused"), "{}", stderr(&output));
}

#[test]
fn fmt_on_a_pre_2019_export_says_so_once() {
    let Some(dir) = corpus_dir() else { return };
    let path = dir.join("legacy/amazon-connect__amazon-connect-snippets__001_Context_Tracking_-_Queue.json");
    let output = whisperwire(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.matches("pre-2019").count(), 1, "{message}");
    assert_eq!(message.lines().count(), 1, "{message}");
}

#[test]
fn fmt_on_a_missing_file_says_why_once() {
    let output = whisperwire(&["fmt", "/no/such/flow.json"]);
    assert_eq!(output.status.code(), Some(2));
    let message = stderr(&output);
    assert_eq!(message.matches("No such file").count(), 1, "{message}");
}

#[test]
fn fmt_keeps_a_file_with_a_duplicate_key_equal_as_json() {
    let scratch = tempfile::tempdir().unwrap();
    let path = scratch.path().join("dup.json");
    std::fs::write(&path, r#"{"Version":"2019-10-30","Metadata":{"a":1,"a":2},"Actions":[]}"#).unwrap();
    let output = whisperwire(&["fmt", path.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let printed: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(printed["Metadata"]["a"], 2);
}
