//! The diff as text, one line per change, consecutive lines for one block:
//!
//! ```text
//! ~ flow › name: static-caller-id → Sales
//! ~ 'Call phone number' (c1af…) › caller ID: +18885550100 → +12065550142
//! ~ 'Call phone number' (c1af…) › Success: Play prompt → End flow / Resume
//! + 'Play prompt' (9b2e…) added (MessageParticipant): “Hello”
//! - 'Wait' (77aa…) removed (Wait)
//! 3 changes, 2 blocks moved
//! ```
//!
//! `+` a block or branch added, `-` removed, `~` changed, `>` moved (listed only when asked).

use std::fmt::Write as _;

use super::{Change, ChangeKind, FlowDiff};

/// Shown for a value that is absent on one side.
const NONE: &str = "(none)";

impl FlowDiff {
    /// Every change, one line each, then a summary line. Moves are counted in the summary and
    /// listed only with `layout`.
    pub fn to_text(&self, layout: bool) -> String {
        let mut text = String::new();
        for change in &self.changes {
            if change.kind.is_semantic() || layout {
                text.push_str(&change_line(change));
                text.push('\n');
            }
        }
        text.push_str(&self.summary_line(layout));
        text.push('\n');
        text
    }

    /// `3 changes, 2 blocks moved`, or `no semantic change (2 blocks moved; --layout lists them)`.
    pub fn summary_line(&self, layout: bool) -> String {
        let changes = self.semantic_count();
        let moved = self.moved_count();
        let mut line = match changes {
            0 => "no semantic change".to_owned(),
            1 => "1 change".to_owned(),
            n => format!("{n} changes"),
        };
        if moved > 0 {
            let blocks = if moved == 1 { "1 block moved".to_owned() } else { format!("{moved} blocks moved") };
            let hint = if layout { "" } else { "; --layout lists them" };
            if changes == 0 {
                let _ = write!(line, " ({blocks}{hint})");
            } else {
                let _ = write!(line, ", {blocks}{}", if layout { "" } else { " (--layout lists them)" });
            }
        }
        line
    }
}

/// One change as one line.
pub fn change_line(change: &Change) -> String {
    let subject = change.block_label().unwrap_or_else(|| "flow".to_owned());
    let old = change.old.as_deref().unwrap_or(NONE);
    let new = change.new.as_deref().unwrap_or(NONE);
    let field = &change.field;
    match change.kind {
        ChangeKind::BlockAdded => {
            with_summary(format!("+ {subject} added{}", type_note(change)), change.new.as_deref())
        }
        ChangeKind::BlockRemoved => {
            with_summary(format!("- {subject} removed{}", type_note(change)), change.old.as_deref())
        }
        ChangeKind::BranchAdded => format!("+ {subject} › {field}: new branch → {new}"),
        ChangeKind::BranchRemoved => format!("- {subject} › {field}: branch removed (it led to {old})"),
        ChangeKind::Moved => format!("> {subject} moved: {old} → {new}"),
        _ => format!("~ {subject} › {field}: {old} → {new}"),
    }
}

/// ` (MessageParticipant)`: the flow-language type of an added or removed block.
fn type_note(change: &Change) -> String {
    change.block_type.as_deref().map_or_else(String::new, |t| format!(" ({t})"))
}

fn with_summary(line: String, summary: Option<&str>) -> String {
    match summary {
        Some(summary) if !summary.is_empty() => format!("{line}: {summary}"),
        _ => line,
    }
}
