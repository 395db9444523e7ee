//! The promotion's preview as text: per flow the semantic diff against the target's version,
//! the queue changes, the mapping table, then what keeps it from being written.
//!
//! ```text
//! "Sales whisper": will update flows/Sales-whisper.json (1 change)
//!   ~ 'Play prompt' (9b2e…) › text: “Hi” → “Hello”
//! queue "US Sales" → "US Sales": caller ID number +12065550100 → +442071838750; …
//! mapping:
//!   Lambda function "pick-caller-id" → "pick-caller-id-prod" (map file)
//!   UNRESOLVED Lambda function "audit" in "Sales whisper" › 'Invoke AWS Lambda function' (ab12…) › LambdaFunctionARN: the target instance has no Lambda function named "audit"
//! ```

use std::fmt::Write as _;

use super::{Plan, Resolution};
use crate::diff::change_line;
use crate::words::{count, printable, quoted};

/// The whole preview, every line safe to print (names from files are escaped).
pub fn plan_text(plan: &Plan) -> String {
    let mut text = String::new();
    for flow in &plan.flows {
        let name = quoted(&flow.target_name);
        let key = format!("flows/{}", printable(&flow.target_file));
        let _ = if flow.is_new {
            writeln!(text, "{name}: new flow; will write {key} ({})", flow.diff.summary_line(false))
        } else if flow.unchanged {
            writeln!(text, "{name}: {key} already holds this flow; nothing to write")
        } else {
            writeln!(text, "{name}: will update {key} ({})", count(flow.diff.semantic_count(), "change"))
        };
        if !flow.is_new {
            for change in flow.diff.semantic() {
                let _ = writeln!(text, "  {}", change_line(change));
            }
        }
    }
    for queue in &plan.queues {
        let fields: Vec<String> = queue
            .fields
            .iter()
            .map(|f| format!("{} {} → {}", f.field, shown(f.from.as_deref()), shown(f.to.as_deref())))
            .collect();
        let _ = writeln!(
            text,
            "queue {} → {}: {}",
            quoted(&queue.source_queue),
            quoted(&queue.target_queue),
            fields.join("; ")
        );
    }
    if !plan.mappings.is_empty() {
        text.push_str("mapping:\n");
    }
    for mapping in &plan.mappings {
        let _ = match &mapping.resolution {
            Resolution::Mapped { target, via } => writeln!(
                text,
                "  {} {} → {} ({})",
                mapping.kind.label(),
                quoted(&mapping.source),
                quoted(&target.display),
                via.label()
            ),
            Resolution::Unresolved(reason) => {
                writeln!(
                    text,
                    "  {} {}: UNRESOLVED: {}",
                    mapping.kind.label(),
                    quoted(&mapping.source),
                    printable(reason)
                )
            }
        };
    }
    for unresolved in &plan.unresolved {
        let usage = &unresolved.usage;
        let _ = writeln!(
            text,
            "unresolved: {} {} in {} › {} › {}: {}",
            unresolved.kind.label(),
            quoted(&unresolved.source),
            quoted(&usage.flow),
            printable(&usage.block),
            printable(&usage.parameter),
            printable(&unresolved.reason)
        );
    }
    for conflict in &plan.conflicts {
        let _ = writeln!(text, "CONFLICT: {}", printable(conflict));
    }
    text
}

fn shown(value: Option<&str>) -> String {
    value.map_or_else(|| "(none)".to_owned(), quoted)
}
