//! `pull` and `publish` against a stand-in that behaves as real services and real workspaces
//! sometimes do: a link file from a stranger, numbers Connect holds that are not E.164, someone
//! editing the same queue or flow in the console, duplicate and hostile names, servers that
//! hang, answers cut in half, writes accepted whose confirmation never comes, two runs at once.
//! Each test is one of the fourteen points of the sync issue; each asserts the safe behaviour.
//! The real binary, through the real SDK, over HTTP on 127.0.0.1.

use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

use crate::cli_connect::{
    body, compact, edit_prompt, instance, json, publish, pull, pulled, run, sample_flow, text, writes,
};
use crate::standin::StandIn;

fn link(root: &Path) -> Value {
    json(&root.join(".whisperwire/connect.json"))
}

fn write_link(root: &Path, link: &Value) {
    std::fs::write(root.join(".whisperwire/connect.json"), serde_json::to_string_pretty(link).unwrap()).unwrap();
}

fn pull_args<'a>(standin: &'a StandIn, root: &'a Path) -> Vec<&'a str> {
    vec!["pull", "--instance-id", standin.instance_id(), root.to_str().unwrap()]
}

fn queue_updates(standin: &StandIn) -> Vec<Value> {
    standin
        .requests_for("UpdateQueueOutboundCallerConfig")
        .iter()
        .map(|r| body(r)["OutboundCallerConfig"].clone())
        .collect()
}

/// Replaces `from` by `to` in the workspace's instance.json (a local edit of a queue).
fn edit_instance(root: &Path, from: &str, to: &str) {
    let path = root.join("instance.json");
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(text.contains(from), "instance.json has no {from}: {text}");
    std::fs::write(&path, text.replace(from, to)).unwrap();
}

// 1. Paths from the link file are not trusted.
#[test]
fn a_link_entry_that_is_a_path_is_refused_and_nothing_is_written_outside() {
    let instance = instance();
    let (dir, root) = pulled(&instance);
    for bad in ["../x.json", "/tmp/whisperwire-hostile-abs.json", "..\\x.json", "C:x.json"] {
        let mut forged = link(&root);
        forged["flows"][instance.static_flow.as_str()]["file"] = bad.into();
        write_link(&root, &forged);
        for force in [false, true] {
            let mut args = pull_args(&instance.standin, &root);
            if force {
                args.push("--force");
            }
            let output = run(&instance.standin, &args);
            assert_eq!(output.status.code(), Some(2), "{bad}: {}", text(&output));
            let out = text(&output);
            assert!(out.contains("connect.json") && out.contains(&format!("{bad:?}").replace("\\\\", "\\\\")), "{out}");
            assert!(out.contains("the link file may only name files inside flows/"), "{out}");
        }
        let publish_output = publish(&instance, &root, &[]);
        assert_eq!(publish_output.status.code(), Some(2), "{}", text(&publish_output));
    }
    assert!(!dir.path().join("x.json").exists());
    assert!(!Path::new("/tmp/whisperwire-hostile-abs.json").exists());
    assert!(writes(&instance.standin).is_empty());
}

#[cfg(unix)]
#[test]
fn a_flow_file_that_is_a_symbolic_link_is_never_written_through() {
    let instance = instance();
    let (dir, root) = pulled(&instance);
    let outside = dir.path().join("outside.json");
    std::fs::write(&outside, "precious").unwrap();
    let file = root.join("flows/static-caller-id.json");
    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink(&outside, &file).unwrap();
    let remote_edit = compact(&sample_flow("static-caller-id")).replace("This call may be recorded", "Console edit");
    instance.standin.edit_flow_remotely(&instance.static_flow, &remote_edit);
    let output = run(&instance.standin, &[&pull_args(&instance.standin, &root)[..], &["--force"]].concat());
    assert!(text(&output).contains("symbolic link"), "{}", text(&output));
    assert_eq!(std::fs::read_to_string(&outside).unwrap(), "precious");
}

// 2. A value pull could not read is never cleared by a publish that did not change it.
#[test]
fn an_unreadable_caller_id_number_survives_an_unedited_publish_and_an_edit_of_another_field() {
    let instance = instance();
    let standin = &instance.standin;
    let odd = standin.add_number("020 7946 0999", "DID", "GB");
    let collections =
        standin.add_queue("Collections", Some(&odd), Some("Acme Collections"), Some(&instance.static_flow));
    let (_dir, root) = pulled(&instance);
    let out = text(&pull(&instance, &root));
    assert!(out.contains("\"020 7946 0999\""), "the warning names the number as Connect holds it: {out}");
    assert!(!out.contains("Some("), "no Debug formatting: {out}");
    assert!(out.contains("it stays as it is in Amazon Connect"), "{out}");
    let base = &link(&root)["queues"][collections.as_str()]["base"];
    assert_eq!(base["remote"]["numberId"], odd.as_str(), "the raw id is the base");
    assert_eq!(base["numberText"], "020 7946 0999");

    let unedited = publish(&instance, &root, &[]);
    assert_eq!(unedited.status.code(), Some(0), "{}", text(&unedited));
    assert!(text(&unedited).contains("nothing to publish"), "{}", text(&unedited));
    assert!(writes(standin).is_empty(), "an unedited workspace publishes nothing");

    // Another field of the same queue edited: the number goes back exactly as Connect had it.
    edit_instance(
        &root,
        "\"outboundCallerIdName\": \"Acme Collections\"",
        "\"outboundCallerIdName\": \"Acme Recoveries\"",
    );
    let edited = publish(&instance, &root, &[]);
    assert_eq!(edited.status.code(), Some(0), "{}", text(&edited));
    let sent = queue_updates(standin);
    assert_eq!(sent.len(), 1, "{}", text(&edited));
    assert_eq!(sent[0]["OutboundCallerIdNumberId"], odd.as_str());
    assert_eq!(sent[0]["OutboundCallerIdName"], "Acme Recoveries");
    assert_eq!(sent[0]["OutboundFlowId"], instance.static_flow.as_str());
    let queue = standin.queue(&collections).unwrap();
    assert_eq!(queue.caller_id_number_id.as_deref(), Some(odd.as_str()));
}

// 3. Queues have a base: a console change is never reverted by a publish that did not touch it.
#[test]
fn a_queue_changed_in_the_console_is_left_alone_and_a_conflicting_edit_is_refused_unless_forced() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    standin.set_queue_caller_remotely(
        &instance.sales_queue,
        Some(&instance.seattle),
        Some("Acme Sales (console)"),
        Some(&instance.static_flow),
    );
    edit_prompt(&root);
    let flow_only = publish(&instance, &root, &[]);
    assert_eq!(flow_only.status.code(), Some(0), "{}", text(&flow_only));
    assert!(queue_updates(standin).is_empty(), "{}", text(&flow_only));
    assert_eq!(standin.queue(&instance.sales_queue).unwrap().caller_id_name.as_deref(), Some("Acme Sales (console)"));

    // The same field edited here too, differently: a conflict with the three values.
    edit_instance(&root, "\"outboundCallerIdName\": \"Acme Sales\"", "\"outboundCallerIdName\": \"Acme Sales (desk)\"");
    let refused = publish(&instance, &root, &[]);
    assert_eq!(refused.status.code(), Some(1), "{}", text(&refused));
    let out = text(&refused);
    assert!(
        out.contains(
            "CONFLICT: caller ID name: base \"Acme Sales\", yours \"Acme Sales (desk)\", Connect's \"Acme Sales (console)\""
        ),
        "{out}"
    );
    assert!(queue_updates(standin).is_empty(), "{out}");
    // Forced: the local value for that field only; the others as Connect holds them.
    let forced = publish(&instance, &root, &["--force"]);
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced));
    let sent = queue_updates(standin);
    assert_eq!(sent.len(), 1);
    assert_eq!(sent[0]["OutboundCallerIdName"], "Acme Sales (desk)");
    assert_eq!(sent[0]["OutboundCallerIdNumberId"], instance.seattle.as_str());
    // Settled: the next publish sends nothing, and a pull keeps the file as it is.
    let again = publish(&instance, &root, &[]);
    assert!(text(&again).contains("nothing to publish"), "{}", text(&again));
    assert_eq!(queue_updates(standin).len(), 1);
}

// 4. Flows are matched by id: another flow whose content bears the same name changes nothing.
#[test]
fn a_second_flow_with_the_same_name_does_not_repoint_a_queue() {
    let instance = instance();
    let standin = &instance.standin;
    standin.add_flow(
        "A copy of static-caller-id",
        "OUTBOUND_WHISPER",
        "PUBLISHED",
        &compact(&sample_flow("static-caller-id")),
    );
    let (_dir, root) = pulled(&instance);
    let files: Vec<String> = std::fs::read_dir(root.join("flows"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(files.len(), 2, "{files:?}");
    let unedited = publish(&instance, &root, &[]);
    assert_eq!(unedited.status.code(), Some(0), "{}", text(&unedited));
    assert!(writes(standin).is_empty(), "{}", text(&unedited));
    assert_eq!(
        standin.queue(&instance.sales_queue).unwrap().outbound_flow_id.as_deref(),
        Some(instance.static_flow.as_str())
    );
    // Another field of the queue edited: its flow, not changed here, stays Connect's by id
    // (the name alone could not tell the two flows apart).
    edit_instance(&root, "\"outboundCallerIdName\": \"Acme Sales\"", "\"outboundCallerIdName\": \"Acme\"");
    let output = publish(&instance, &root, &[]);
    let sent = queue_updates(standin);
    assert_eq!(sent.len(), 1, "{}", text(&output));
    assert_eq!(
        sent[0]["OutboundFlowId"],
        instance.static_flow.as_str(),
        "the flow field was not changed here: Connect's id stays"
    );
}

// 5. A flow refused in a run takes its queues' changes with it.
#[test]
fn a_flow_refused_for_a_conflict_holds_back_its_queue() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    edit_instance(
        &root,
        "\"outboundCallerIdNumber\": \"+12065550100\"",
        "\"outboundCallerIdNumber\": \"+18005550199\"",
    );
    let remote_edit = compact(&sample_flow("static-caller-id")).replace("This call may be recorded", "Console edit");
    standin.edit_flow_remotely(&instance.static_flow, &remote_edit);
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let out = text(&output);
    assert!(
        out.contains("\"US Sales\": held back: its outbound whisper flow (flows/static-caller-id.json) was not sent"),
        "{out}"
    );
    assert!(writes(standin).is_empty(), "{out}");

    // The link's id of the flow forged to an inbound flow's: Connect's own type refuses the
    // flow (forced or not), and so its queue.
    let inbound = standin.flows().into_iter().find(|f| f.flow_type == "CONTACT_FLOW").unwrap();
    let mut forged = link(&root);
    let entry = forged["flows"][instance.static_flow.as_str()].take();
    forged["flows"].as_object_mut().unwrap().remove(instance.static_flow.as_str());
    forged["flows"][inbound.id.as_str()] = entry;
    write_link(&root, &forged);
    let output = publish(&instance, &root, &["--force"]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    let out = text(&output);
    assert!(out.contains("which is a CONTACT_FLOW flow, not OUTBOUND_WHISPER"), "{out}");
    assert!(writes(standin).is_empty(), "{out}");
    assert_eq!(standin.flow(&inbound.id).unwrap().content, inbound.content);
}

// 6. No hang: a server that accepts and never answers.
#[test]
fn a_silent_server_ends_in_the_timeout_with_exit_2() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    instance.standin.set_silent(true);
    for args in [
        [&pull_args(&instance.standin, &root)[..], &["--timeout", "2"]].concat(),
        vec!["publish", root.to_str().unwrap(), "--timeout", "2"],
    ] {
        let started = Instant::now();
        let output = run(&instance.standin, &args);
        let took = started.elapsed();
        assert_eq!(output.status.code(), Some(2), "{}", text(&output));
        assert!(text(&output).contains("did not answer"), "{}", text(&output));
        assert!(took < Duration::from_secs(15), "{args:?} took {took:?}");
    }
}

// 7. Paging stops on a token it has seen.
#[test]
fn a_cycling_next_token_stops_the_pull_without_writing() {
    let instance = instance();
    instance.standin.cycle_tokens("ListContactFlows");
    let dir = tempfile::tempdir().unwrap();
    let output = run(&instance.standin, &pull_args(&instance.standin, dir.path()));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("came round to a page token it gave before"), "{}", text(&output));
    assert!(instance.standin.requests_for("ListContactFlows").len() <= 3);
    assert!(instance.standin.requests_for("DescribeContactFlow").is_empty());
    assert!(!dir.path().join(".whisperwire/connect.json").exists());
}

// 8. Long names become bounded file names.
#[test]
fn a_hundred_character_cjk_name_gets_a_bounded_file_name() {
    let instance = instance();
    let name: String = std::iter::repeat_n('営', 100).collect();
    let id =
        instance.standin.add_flow(&name, "OUTBOUND_WHISPER", "PUBLISHED", &compact(&sample_flow("static-caller-id")));
    let (_dir, root) = pulled(&instance);
    let entry = &link(&root)["flows"][id.as_str()];
    let file = entry["file"].as_str().unwrap().to_owned();
    assert!(file.len() <= 110, "{file} is {} bytes", file.len());
    assert!(file.starts_with('営') && Path::new(&file).extension().is_some_and(|e| e == "json"), "{file}");
    assert!(root.join("flows").join(&file).is_file());
    assert_eq!(entry["name"], name.as_str());
    assert!(link(&root)["flows"][instance.static_flow.as_str()].is_object(), "the other flows are linked too");
}

// 9. A file the link does not tie to a flow is never overwritten, forced or not.
#[test]
fn a_remote_flow_never_overwrites_an_unlinked_local_file() {
    let instance = instance();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("center");
    let mine = "{\"Version\": \"2019-10-30\", \"Metadata\": {\"name\": \"my own\"}, \"Actions\": []}\n";
    std::fs::create_dir_all(root.join("flows")).unwrap();
    std::fs::write(root.join("flows/static-caller-id.json"), mine).unwrap();
    for force in [false, true] {
        let mut args = pull_args(&instance.standin, &root);
        if force {
            args.push("--force");
        }
        let output = run(&instance.standin, &args);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output));
        assert_eq!(std::fs::read_to_string(root.join("flows/static-caller-id.json")).unwrap(), mine);
        if !force {
            assert!(
                text(&output).contains(
                    "flows/static-caller-id.json is not linked to this flow, so it was left alone; the flow was written to flows/static-caller-id-2.json"
                ),
                "{}",
                text(&output)
            );
        }
    }
    assert_eq!(link(&root)["flows"][instance.static_flow.as_str()]["file"], "static-caller-id-2.json");
}

// 10. One writer at a time; a lock left by a dead process is taken over.
#[test]
fn a_second_publish_is_refused_while_one_runs_and_a_stale_lock_is_taken_over() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    instance.standin.set_latency(Duration::from_millis(700));
    let mut first = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
    instance.standin.configure(&mut first);
    let first =
        first.args(["publish", root.to_str().unwrap()]).stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().unwrap();
    // Wait until the first holds the lock.
    let holder = root.join(".whisperwire/lock-holder.json");
    let started = Instant::now();
    while !holder.exists() && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(20));
    }
    let second = publish(&instance, &root, &[]);
    assert_eq!(second.status.code(), Some(2), "{}", text(&second));
    assert!(
        text(&second).contains(&format!(
            "another whisperwire is writing this workspace: whisperwire publish (process {}",
            first.id()
        )),
        "{}",
        text(&second)
    );
    let first = first.wait_with_output().unwrap();
    assert_eq!(first.status.code(), Some(0), "{}", text(&first));
    assert_eq!(instance.standin.requests_for("UpdateContactFlowContent").len(), 1);
    assert!(!holder.exists(), "released");
    // What a kill -9 leaves: the files, nobody holding the lock.
    std::fs::write(&holder, r#"{"purpose":"whisperwire publish","pid":999999,"since":0}"#).unwrap();
    instance.standin.set_latency(Duration::ZERO);
    let after = publish(&instance, &root, &[]);
    assert_eq!(after.status.code(), Some(0), "{}", text(&after));
}

// 11. Re-runnable publish: a write accepted whose confirmation failed, a create whose answer was cut.
#[test]
fn a_publish_whose_confirmation_failed_is_adopted_by_the_rerun_and_by_pull() {
    for rerun_with in ["publish", "pull"] {
        let instance = instance();
        let standin = &instance.standin;
        let (_dir, root) = pulled(&instance);
        edit_prompt(&root);
        standin.fail_after("UpdateContactFlowContent", "DescribeContactFlow", 3);
        let failed = publish(&instance, &root, &[]);
        assert_eq!(failed.status.code(), Some(2), "{}", text(&failed));
        assert!(text(&failed).contains("run publish again"), "{}", text(&failed));
        assert!(link(&root)["flows"][instance.static_flow.as_str()]["pending"].is_object(), "recorded before sending");
        let output = match rerun_with {
            "publish" => publish(&instance, &root, &[]),
            _ => run(standin, &pull_args(standin, &root)),
        };
        assert_eq!(output.status.code(), Some(0), "{rerun_with}: {}", text(&output));
        let out = text(&output);
        assert!(!out.contains("edited here") && !out.contains("CONFLICT") && !out.contains("conflict:"), "{out}");
        assert_eq!(standin.requests_for("UpdateContactFlowContent").len(), 1, "never sent twice");
        let entry = &link(&root)["flows"][instance.static_flow.as_str()];
        assert!(entry.get("pending").is_none(), "{rerun_with}: {entry}");
        assert_eq!(entry["base"]["publishedSha256"], standin.flow(&instance.static_flow).unwrap().sha256.as_str());
        let again = publish(&instance, &root, &[]);
        assert!(text(&again).contains("nothing to publish"), "{}", text(&again));
    }
}

#[test]
fn a_create_whose_answer_was_cut_is_sent_once_and_adopted_by_the_rerun() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    let new_flow =
        sample_flow("static-caller-id").replace("\"name\": \"static-caller-id\"", "\"name\": \"Night whisper\"");
    std::fs::write(root.join("flows/night-whisper.json"), &new_flow).unwrap();
    standin.cut_answer("CreateContactFlow");
    let cut = publish(&instance, &root, &[]);
    assert_eq!(cut.status.code(), Some(2), "{}", text(&cut));
    let out = text(&cut);
    assert!(out.contains("\"Night whisper\": created, but Amazon Connect's confirmation did not come"), "{out}");
    assert!(out.contains("was cut off or could not be read") && !out.contains("{ ") && !out.contains("Some("), "{out}");
    assert_eq!(standin.requests_for("CreateContactFlow").len(), 1, "not retried by the SDK");
    assert_eq!(standin.flow_by_name("Night whisper").len(), 1);
    assert!(link(&root)["pendingCreates"]["night-whisper.json"].is_object());

    let rerun = publish(&instance, &root, &[]);
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun));
    assert!(text(&rerun).contains("Amazon Connect already has this flow"), "{}", text(&rerun));
    assert_eq!(standin.requests_for("CreateContactFlow").len(), 1, "not created twice");
    let created = &standin.flow_by_name("Night whisper")[0];
    assert_eq!(link(&root)["flows"][created.id.as_str()]["file"], "night-whisper.json");
    assert!(link(&root).get("pendingCreates").is_none());
}

#[test]
fn a_flow_of_the_same_name_already_in_connect_is_never_overwritten() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    let theirs = standin.add_flow(
        "Night whisper",
        "OUTBOUND_WHISPER",
        "PUBLISHED",
        &compact(&sample_flow("caller-id-from-attribute")),
    );
    let mine = sample_flow("static-caller-id").replace("\"name\": \"static-caller-id\"", "\"name\": \"Night whisper\"");
    std::fs::write(root.join("flows/night-whisper.json"), &mine).unwrap();
    for extra in [&[][..], &["--force"][..]] {
        let output = publish(&instance, &root, extra);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(
            text(&output).contains("Amazon Connect already has another flow named \"Night whisper\""),
            "{}",
            text(&output)
        );
    }
    assert!(writes(standin).is_empty());
    assert_eq!(standin.flow(&theirs).unwrap().content, compact(&sample_flow("caller-id-from-attribute")));
}

// 12. Output a person can trust.
#[test]
fn names_with_escape_codes_cannot_forge_output() {
    let instance = instance();
    let forged = "Sales\u{1b}[1A\u{1b}[2K\rqueue Sales: unchanged\nqueue Billing: unchanged";
    let content = compact(&sample_flow("caller-id-from-attribute")).replace(
        "\"name\":\"caller-id-from-attribute\"",
        &format!("\"name\":{}", serde_json::to_string(forged).unwrap()),
    );
    assert!(content.contains("Billing"));
    instance.standin.add_flow(forged, "OUTBOUND_WHISPER", "PUBLISHED", &content);
    // A queue whose number is no claimed number: its warning names the queue.
    instance.standin.add_queue(forged, Some("not-a-claimed-number"), Some(forged), None);
    let (_dir, root) = pulled(&instance);
    let out = text(&pull(&instance, &root));
    assert!(out.contains("Sales\\u{1b}[1A"), "the name is shown, escaped: {out}");
    assert!(!out.contains('\u{1b}') && !out.contains('\r'), "{out:?}");
    assert!(!out.lines().any(|l| l.starts_with("queue Billing")), "{out}");
    // The flow edited here: the publish preview and result name it, escaped.
    let file = std::fs::read_dir(root.join("flows"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| std::fs::read_to_string(p).unwrap().contains("Billing"))
        .unwrap();
    let edited = std::fs::read_to_string(&file).unwrap().replace("Connecting you to Acme UK.", "Connecting you.");
    std::fs::write(&file, edited).unwrap();
    let published = text(&publish(&instance, &root, &[]));
    assert!(published.contains("Sales\\u{1b}[1A"), "{published}");
    assert!(!published.contains('\u{1b}') && !published.contains('\r'), "{published:?}");
    assert!(!published.lines().any(|l| l.starts_with("queue Billing")), "{published}");
}

// 13. Exit codes and messages.
#[test]
fn service_failures_exit_2_with_one_clear_sentence() {
    let instance = instance();
    let standin = &instance.standin;
    let dir = tempfile::tempdir().unwrap();
    // A read whose answer is cut once is simply read again (the SDK's retry).
    standin.cut_answer("ListPrompts");
    let retried = run(standin, &pull_args(standin, dir.path()));
    assert_eq!(retried.status.code(), Some(0), "{}", text(&retried));
    let cases: [(&dyn Fn(), &str); 3] = [
        (&|| standin.fail_next("ListContactFlows", 3, 500, "InternalServiceException"), "InternalServiceException"),
        (&|| standin.throttle("ListQueues", 10), "ThrottlingException"),
        (&|| standin.fail_next("DescribeInstance", 3, 500, ""), "HTTP 500"),
    ];
    for (arrange, expected) in cases {
        arrange();
        let output = run(standin, &pull_args(standin, dir.path()));
        let out = text(&output);
        assert_eq!(output.status.code(), Some(2), "{expected}: {out}");
        assert!(out.contains(expected), "{expected}: {out}");
        assert_eq!(out.trim().lines().count(), 1, "{out}");
        assert!(
            !out.contains("UnknownError: ") && !out.contains("{ ") && !out.contains("Some("),
            "no debug dump: {out}"
        );
        standin.throttle("ListQueues", 0);
    }
}

#[cfg(unix)]
#[test]
fn a_save_error_names_the_os_cause() {
    let instance = instance();
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("center");
    std::fs::create_dir_all(&root).unwrap();
    std::fs::write(root.join("flows"), "a file where the flows folder should be").unwrap();
    let output = run(&instance.standin, &pull_args(&instance.standin, &root));
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("os error"), "{}", text(&output));
}

#[cfg(unix)]
#[test]
fn ctrl_c_stops_a_pull_cleanly_and_releases_the_lock() {
    let instance = instance();
    instance.standin.set_latency(Duration::from_secs(3));
    let dir = tempfile::tempdir().unwrap();
    let mut command = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
    instance.standin.configure(&mut command);
    let child = command
        .args(pull_args(&instance.standin, dir.path()))
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(800));
    let started = Instant::now();
    let killed = Command::new("kill").args(["-INT", &child.id().to_string()]).status().unwrap();
    assert!(killed.success());
    let output = child.wait_with_output().unwrap();
    assert!(started.elapsed() < Duration::from_secs(2), "stopped at once: {:?}", started.elapsed());
    assert_eq!(output.status.code(), Some(2), "{}", text(&output));
    assert!(text(&output).contains("stopped"), "{}", text(&output));
    assert!(!dir.path().join(".whisperwire/lock-holder.json").exists());
    assert!(!dir.path().join(".whisperwire/connect.json").exists());
}

// 14. Connect's saved/published model.
#[test]
fn a_published_flow_is_written_published_and_validates_without_p01() {
    let instance = instance();
    let content = compact(&sample_flow("static-caller-id")).replace("\"status\":\"published\"", "\"status\":\"saved\"");
    assert!(content.contains("\"status\":\"saved\""));
    instance.standin.edit_flow_remotely(&instance.static_flow, &content);
    let (_dir, root) = pulled(&instance);
    assert_eq!(json(&root.join("flows/static-caller-id.json"))["Metadata"]["status"], "published");
    let validate = run(&instance.standin, &["validate", root.to_str().unwrap()]);
    assert!(!text(&validate).contains("P01"), "{}", text(&validate));

    // Saved here with changes, not published: the queue runs the published version (P03, a warning).
    let path = root.join("flows/static-caller-id.json");
    let saved = std::fs::read_to_string(&path).unwrap().replace("\"status\": \"published\"", "\"status\": \"saved\"");
    std::fs::write(&path, saved.replace("This call may be recorded", "This call is recorded")).unwrap();
    let validate = run(&instance.standin, &["validate", root.to_str().unwrap()]);
    let out = text(&validate);
    assert!(!out.contains("P01") && out.contains("P03"), "{out}");
    assert_eq!(validate.status.code(), Some(0), "{out}");
}

#[test]
fn a_draft_saved_in_connect_is_pulled_as_saved_and_published_only_when_asked() {
    let instance = instance();
    let standin = &instance.standin;
    let draft = compact(&sample_flow("static-caller-id")).replace("This call may be recorded", "Draft text");
    standin.save_flow_draft_remotely(&instance.static_flow, &draft);
    let (_dir, root) = pulled(&instance);
    let out = text(&pull(&instance, &root));
    let file = json(&root.join("flows/static-caller-id.json"));
    assert_eq!(file["Metadata"]["status"], "saved");
    assert!(serde_json::to_string(&file).unwrap().contains("Draft text"));
    let base = &link(&root)["flows"][instance.static_flow.as_str()]["base"];
    assert!(base["publishedSha256"].is_string() && base["draftSha256"].is_string(), "{base}");
    let _ = out;

    // Unedited: nothing published, the live version stays.
    let unedited = publish(&instance, &root, &[]);
    assert_eq!(unedited.status.code(), Some(0), "{}", text(&unedited));
    assert!(text(&unedited).contains("nothing to publish"), "{}", text(&unedited));
    assert!(writes(standin).is_empty());
    let validate = run(standin, &["validate", root.to_str().unwrap()]);
    assert!(!text(&validate).contains("P01"), "{}", text(&validate));

    // Named: its draft is published.
    let named = publish(&instance, &root, &["--flow", "static-caller-id"]);
    assert_eq!(named.status.code(), Some(0), "{}", text(&named));
    assert!(text(&named).contains("will publish its saved draft"), "{}", text(&named));
    let remote = standin.flow(&instance.static_flow).unwrap();
    assert!(remote.content.contains("Draft text") && remote.saved_content.is_none(), "{remote:?}");
    assert_eq!(json(&root.join("flows/static-caller-id.json"))["Metadata"]["status"], "published");
}

#[test]
fn a_draft_saved_in_connect_after_the_pull_is_a_conflict_for_a_local_edit() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    standin.save_flow_draft_remotely(
        &instance.static_flow,
        &compact(&sample_flow("static-caller-id")).replace("This call may be recorded", "Console draft"),
    );
    let output = publish(&instance, &root, &[]);
    assert_eq!(output.status.code(), Some(1), "{}", text(&output));
    assert!(text(&output).contains("Console draft"), "the draft's change is shown: {}", text(&output));
    assert!(writes(standin).is_empty());
}

#[test]
fn a_flow_deleted_in_connect_is_never_recreated_behind_the_admins_back() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    standin.fail_next("DescribeContactFlow", 1, 404, "ResourceNotFoundException");
    for extra in [&[][..], &["--force"][..]] {
        let output = publish(&instance, &root, extra);
        assert_eq!(output.status.code(), Some(1), "{}", text(&output));
        assert!(text(&output).contains("deleted in Amazon Connect since the last pull"), "{}", text(&output));
        standin.fail_next("DescribeContactFlow", 1, 404, "ResourceNotFoundException");
    }
    assert!(writes(standin).is_empty());
}

#[cfg(unix)]
#[test]
fn a_publish_killed_after_connect_accepted_its_write_is_adopted_by_the_rerun() {
    let instance = instance();
    let standin = &instance.standin;
    let (_dir, root) = pulled(&instance);
    edit_prompt(&root);
    standin.set_latency(Duration::from_millis(1500));
    let mut command = Command::new(env!("CARGO_BIN_EXE_whisperwire"));
    standin.configure(&mut command);
    let mut child =
        command.args(["publish", root.to_str().unwrap()]).stdout(Stdio::null()).stderr(Stdio::null()).spawn().unwrap();
    // The write is applied when the stand-in records it, before its (slow) answer: kill -9 then.
    let started = Instant::now();
    while standin.requests_for("UpdateContactFlowContent").is_empty() && started.elapsed() < Duration::from_secs(30) {
        std::thread::sleep(Duration::from_millis(10));
    }
    child.kill().unwrap();
    child.wait().unwrap();
    assert_eq!(standin.requests_for("UpdateContactFlowContent").len(), 1);
    assert!(link(&root)["flows"][instance.static_flow.as_str()]["pending"].is_object());
    standin.set_latency(Duration::ZERO);
    let rerun = publish(&instance, &root, &[]);
    assert_eq!(rerun.status.code(), Some(0), "{}", text(&rerun));
    assert!(text(&rerun).contains("holds what the last, unfinished publish sent"), "{}", text(&rerun));
    assert_eq!(standin.requests_for("UpdateContactFlowContent").len(), 1, "not sent twice");
}

#[test]
fn pull_keeps_what_only_the_workspace_knows() {
    let instance = instance();
    let (_dir, root) = pulled(&instance);
    let path = root.join("instance.json");
    let mut inventory = json(&path);
    inventory["lambdas"].as_array_mut().unwrap().push(serde_json::json!({
        "name": "local-only", "arn": "arn:aws:lambda:eu-west-2:123456789012:function:local-only",
        "mockReplies": {"default": {"callerId": "+12065550100"}}
    }));
    inventory["queues"].as_array_mut().unwrap().push(serde_json::json!({"name": "Planned queue"}));
    std::fs::write(&path, serde_json::to_string_pretty(&inventory).unwrap()).unwrap();
    let output = pull(&instance, &root);
    assert!(text(&output).contains("Lambda function \"local-only\" is not associated"), "{}", text(&output));
    let after = json(&path);
    let lambda = after["lambdas"].as_array().unwrap().iter().find(|l| l["name"] == "local-only").unwrap();
    assert_eq!(lambda["mockReplies"]["default"]["callerId"], "+12065550100");
    assert!(after["queues"].as_array().unwrap().iter().any(|q| q["name"] == "Planned queue"));
}
