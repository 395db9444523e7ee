//! `whisperwire audit` run as a real process on the sample workspace and on copies of it: the
//! exit codes a CI gate relies on, the three formats, `-o`, `--dial`, and inputs that cannot be
//! read.

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::support::{manifest_dir, stderr, stdout, whisperwire};

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_dir(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A copy of the sample workspace.
fn sample_copy() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("center");
    copy_dir(&manifest_dir().join("samples"), &root);
    (dir, root)
}

fn audit(root: &Path, extra: &[&str]) -> std::process::Output {
    let mut args = vec!["audit", root.to_str().unwrap()];
    args.extend_from_slice(extra);
    whisperwire(&args)
}

#[test]
fn the_sample_fails_on_collections_and_exits_1() {
    let output = audit(&manifest_dir().join("samples"), &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(1), "{text}{}", stderr(&output));
    assert!(text.contains("queue Collections: caller ID number none"), "{text}");
    assert!(text.contains("CALL FAILS"), "{text}");
    assert!(text.trim_end().lines().last().unwrap().starts_with("FAIL: 4 calls fail"), "{text}");
}

#[test]
fn giving_collections_a_number_makes_the_audit_pass_with_exit_0() {
    let (_dir, root) = sample_copy();
    let instance = root.join("instance.json");
    let text = std::fs::read_to_string(&instance).unwrap();
    let fixed = text.replacen(
        "\"name\": \"Collections\",",
        "\"name\": \"Collections\",\n      \"outboundCallerIdNumber\": \"+18005550199\",",
        1,
    );
    std::fs::write(&instance, fixed).unwrap();
    let output = audit(&root, &[]);
    let text = stdout(&output);
    assert_eq!(output.status.code(), Some(0), "{text}{}", stderr(&output));
    assert!(text.contains("\nPASS: no call fails, no error finding"), "{text}");
    assert!(!text.contains("CALL FAILS"), "{text}");
}

#[test]
fn json_is_one_document_with_schema_version_1() {
    let output = audit(&manifest_dir().join("samples"), &["--format", "json"]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    for key in ["queues", "scenarios", "cells", "findings", "flows", "dialled", "summary"] {
        assert!(json.get(key).is_some(), "{key}");
    }
    assert_eq!(json["summary"]["passed"], false);
    let files: Vec<&Path> =
        json["flows"].as_array().unwrap().iter().map(|f| Path::new(f["file"].as_str().unwrap())).collect();
    assert!(files.iter().all(|f| f.starts_with("flows") && f.extension().is_some_and(|e| e == "json")), "{files:?}");
}

#[test]
fn html_goes_to_the_file_given_and_nothing_to_stdout() {
    let (dir, root) = sample_copy();
    let report = dir.path().join("report.html");
    let output = audit(&root, &["--format", "html", "-o", report.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1), "{}", stderr(&output));
    assert!(output.stdout.is_empty());
    let html = std::fs::read_to_string(&report).unwrap();
    assert!(html.starts_with("<!DOCTYPE html>"), "{}", &html[..80]);
    assert!(html.contains("<rect class=\"cell failed\""));
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().map(|e| e.unwrap().file_name()).collect();
    assert_eq!(leftovers.len(), 2, "no temporary file left beside the report: {leftovers:?}");
}

#[test]
fn dialled_numbers_given_replace_the_instances_countries() {
    let output = audit(&manifest_dir().join("samples"), &["--format", "json", "--dial", "+33 1 42 68 53 00"]);
    let json: Value = serde_json::from_str(&stdout(&output)).unwrap();
    let dialled = json["dialled"].as_array().unwrap();
    assert_eq!(dialled.len(), 1);
    assert_eq!(dialled[0]["number"], "+33142685300");
    assert_eq!(dialled[0]["country"], "FR");
}

#[test]
fn a_flow_that_cannot_be_read_is_exit_2_naming_the_file_and_the_place_and_no_report_is_written() {
    let (dir, root) = sample_copy();
    std::fs::write(root.join("flows/broken.json"), "{\n  \"Version\": \"2019-10-30\",\n  \"Actions\": [\n}").unwrap();
    let report = dir.path().join("report.html");
    let output = audit(&root, &["--format", "html", "-o", report.to_str().unwrap()]);
    let error = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{error}");
    assert!(error.contains("broken.json:4:1"), "{error}");
    assert!(!report.exists());
}

#[test]
fn every_unreadable_input_is_named_once() {
    let (_dir, root) = sample_copy();
    std::fs::write(root.join("flows/broken.json"), "not json").unwrap();
    std::fs::write(root.join("calls/typo.json"), "{\"flow\": \"x\", \"scenario\": {}, \"expect\": {}").unwrap();
    let output = audit(&root, &["--dial", "not a number"]);
    let error = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{error}");
    assert!(output.stdout.is_empty());
    for part in ["broken.json", "typo.json", "--dial \"not a number\""] {
        assert_eq!(error.matches(part).count(), 1, "{part}: {error}");
    }
}

#[test]
fn a_workspace_without_an_instance_is_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join("flows")).unwrap();
    let output = audit(dir.path(), &[]);
    let error = stderr(&output);
    assert_eq!(output.status.code(), Some(2), "{error}");
    assert!(error.contains("no instance.json"), "{error}");
}
