//! The caller-ID matrix: one flow played for every queue that uses it as its outbound whisper
//! flow, times a set of named scenarios, so a change to the flow or to a queue shows at once
//! which customers see which number. Also its CSV form.

use std::fmt::Write as _;

use serde::Serialize;

use super::outcome::CallResult;
use super::scenario::Scenario;
use crate::instance::Instance;
use crate::model::FlowDocument;

/// One (queue, scenario) cell of the matrix.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct MatrixRow {
    pub queue: String,
    pub scenario: String,
    /// The caller ID in E.164, when the call connects.
    pub caller_id: Option<String>,
    /// The caller ID as the customer's phone shows it, when the call connects.
    pub display: Option<String>,
    /// Where the caller ID came from, or why there is none (the failure or stop reason, or why
    /// the scenario could not be played).
    pub source: String,
    /// `connected`, `failed`, `stopped`, or `error` when the scenario could not be played.
    pub outcome: &'static str,
}

/// Plays `doc` for each queue whose outbound whisper flow is `flow_name` (by queue name) and
/// each scenario (in the order given), the scenario's queue replaced by that queue.
pub fn matrix(
    doc: &FlowDocument,
    flow_name: &str,
    instance: &Instance,
    scenarios: &[(String, Scenario)],
) -> Vec<MatrixRow> {
    let mut queues: Vec<&str> = instance.queues_with_whisper_flow(flow_name).map(|q| q.name.as_str()).collect();
    queues.sort_unstable();
    let mut rows = Vec::with_capacity(queues.len() * scenarios.len());
    for queue in queues {
        for (name, scenario) in scenarios {
            let played = Scenario { queue: queue.to_owned(), ..scenario.clone() };
            rows.push(row(doc, instance, queue, name, &played));
        }
    }
    rows
}

fn row(doc: &FlowDocument, instance: &Instance, queue: &str, scenario_name: &str, scenario: &Scenario) -> MatrixRow {
    let mut row = MatrixRow {
        queue: queue.to_owned(),
        scenario: scenario_name.to_owned(),
        caller_id: None,
        display: None,
        source: String::new(),
        outcome: "error",
    };
    match super::simulate(doc, instance, scenario) {
        Ok(outcome) => match outcome.result {
            CallResult::Connected(shown) => {
                row.caller_id = Some(shown.number.as_str().to_owned());
                row.display = Some(shown.display);
                row.source = shown.source.describe();
                row.outcome = "connected";
            }
            CallResult::Failed { reason } => {
                row.source = reason;
                row.outcome = "failed";
            }
            CallResult::Stopped { reason } => {
                row.source = reason;
                row.outcome = "stopped";
            }
        },
        Err(error) => row.source = error.to_string(),
    }
    row
}

/// The column names of [`to_csv`]'s header row.
pub const CSV_HEADER: [&str; 6] = ["queue", "scenario", "callerId", "display", "source", "outcome"];

/// The rows as CSV (RFC 4180 quoting, `\n` line ends): a header row, then one line per row.
/// A missing caller ID is an empty field.
pub fn to_csv(rows: &[MatrixRow]) -> String {
    let mut out = String::new();
    push_record(&mut out, CSV_HEADER);
    for row in rows {
        push_record(
            &mut out,
            [
                row.queue.as_str(),
                row.scenario.as_str(),
                row.caller_id.as_deref().unwrap_or(""),
                row.display.as_deref().unwrap_or(""),
                row.source.as_str(),
                row.outcome,
            ],
        );
    }
    out
}

fn push_record<const N: usize>(out: &mut String, fields: [&str; N]) {
    for (i, field) in fields.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        if field.contains([',', '"', '\n', '\r']) {
            // Writing to a String cannot fail.
            let _ = write!(out, "\"{}\"", field.replace('"', "\"\""));
        } else {
            out.push_str(field);
        }
    }
    out.push('\n');
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::flow_json;
    use crate::instance::Queue;
    use crate::simulation::LambdaMock;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn sample_dir() -> std::path::PathBuf {
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("samples")
    }

    fn lambda_flow() -> Result<FlowDocument, Box<dyn std::error::Error>> {
        Ok(flow_json::load(&sample_dir().join("flows/caller-id-from-lambda.json"))?)
    }

    /// The sample instance, with "Alpha" (no number) and "Zulu" (the London number) also
    /// using the Lambda flow, listed out of order.
    fn instance() -> Result<Instance, Box<dyn std::error::Error>> {
        let mut instance = Instance::load(&sample_dir().join("instance.json"))?;
        let london = instance.phone_numbers.iter().find(|n| n.country == "GB").map(|n| n.number.clone());
        for (name, number) in [("Zulu", london), ("Alpha", None)] {
            instance.queues.push(Queue {
                id: None,
                arn: None,
                name: name.into(),
                outbound_caller_id_number: number,
                outbound_caller_id_name: None,
                outbound_whisper_flow: Some("caller-id-from-lambda".into()),
                outbound_flow_id: None,
            });
        }
        Ok(instance)
    }

    fn scenario(lambda: LambdaMock) -> Scenario {
        let mut scenario = Scenario { queue: "ignored".into(), dial: "+12065550123".into(), ..Scenario::default() };
        scenario.lambdas.insert("pick-caller-id".into(), lambda);
        scenario
    }

    fn scenarios() -> Vec<(String, Scenario)> {
        vec![("uk".into(), scenario(LambdaMock::Named("uk".into()))), ("fails".into(), scenario(LambdaMock::Error))]
    }

    #[test]
    fn rows_go_by_queue_name_then_scenario_in_the_given_order() -> TestResult {
        let rows = matrix(&lambda_flow()?, "caller-id-from-lambda", &instance()?, &scenarios());
        let cells: Vec<(&str, &str)> = rows.iter().map(|r| (r.queue.as_str(), r.scenario.as_str())).collect();
        assert_eq!(
            cells,
            [
                ("Alpha", "uk"),
                ("Alpha", "fails"),
                ("Collections", "uk"),
                ("Collections", "fails"),
                ("Zulu", "uk"),
                ("Zulu", "fails"),
            ]
        );
        Ok(())
    }

    #[test]
    fn each_row_plays_the_scenario_from_its_own_queue() -> TestResult {
        let rows = matrix(&lambda_flow()?, "caller-id-from-lambda", &instance()?, &scenarios());
        let uk = &rows[0];
        assert_eq!(uk.outcome, "connected");
        assert_eq!(uk.caller_id.as_deref(), Some("+442071838750"));
        assert_eq!(uk.display.as_deref(), Some("+44 20 7183 8750"));
        assert_eq!(uk.source, "attribute $.External.caller_id = +442071838750");
        // Without a number of its own the queue cannot back up a failed Lambda...
        let alpha_fails = &rows[1];
        assert_eq!(alpha_fails.outcome, "failed");
        assert_eq!(alpha_fails.caller_id, None);
        assert!(alpha_fails.source.contains("'Alpha'"), "{alpha_fails:?}");
        // ...and with one it can.
        let zulu_fails = &rows[5];
        assert_eq!(zulu_fails.outcome, "connected");
        assert_eq!(zulu_fails.caller_id.as_deref(), Some("+442071838750"));
        assert!(zulu_fails.source.starts_with("the queue's"), "{zulu_fails:?}");
        Ok(())
    }

    #[test]
    fn a_scenario_that_cannot_be_played_is_an_error_row() -> TestResult {
        let mut bad = scenario(LambdaMock::Error);
        bad.dial = "not a number".into();
        let rows = matrix(&lambda_flow()?, "caller-id-from-lambda", &instance()?, &[("bad".into(), bad)]);
        assert_eq!(rows.len(), 3);
        assert!(rows.iter().all(|r| r.outcome == "error"), "{rows:?}");
        assert!(rows[0].source.contains("cannot dial"), "{rows:?}");
        Ok(())
    }

    #[test]
    fn a_flow_no_queue_uses_has_no_rows() -> TestResult {
        let rows = matrix(&lambda_flow()?, "nobody-uses-me", &instance()?, &scenarios());
        assert!(rows.is_empty());
        Ok(())
    }

    #[test]
    fn csv_has_a_header_and_quotes_commas_quotes_and_newlines() {
        let rows = [
            MatrixRow {
                queue: "Sales, West".into(),
                scenario: "say \"hi\"".into(),
                caller_id: Some("+12065550100".into()),
                display: Some("(206) 555-0100".into()),
                source: "line one\nline two".into(),
                outcome: "connected",
            },
            MatrixRow {
                queue: "Plain".into(),
                scenario: "s".into(),
                caller_id: None,
                display: None,
                source: "why".into(),
                outcome: "failed",
            },
        ];
        assert_eq!(
            to_csv(&rows),
            "queue,scenario,callerId,display,source,outcome\n\
             \"Sales, West\",\"say \"\"hi\"\"\",+12065550100,(206) 555-0100,\"line one\nline two\",connected\n\
             Plain,s,,,why,failed\n"
        );
    }

    #[test]
    fn csv_of_no_rows_is_the_header_alone() {
        assert_eq!(to_csv(&[]), "queue,scenario,callerId,display,source,outcome\n");
    }

    #[test]
    fn rows_serialise_with_camel_case_keys() -> TestResult {
        let rows = matrix(&lambda_flow()?, "caller-id-from-lambda", &instance()?, &scenarios());
        let value = serde_json::to_value(&rows[0])?;
        assert_eq!(value["callerId"], "+442071838750");
        assert_eq!(value["outcome"], "connected");
        Ok(())
    }
}
