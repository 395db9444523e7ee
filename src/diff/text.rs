//! The diff as text, one line per change, consecutive lines for one block:
//!
//! ```text
//! ~ flow › name: static-caller-id → Sales
//! ~ 'Call phone number' (c1af…) › caller ID: +18885550100 → +12065550142
//! ~ 'Call phone number' (c1af…) › Success: Play prompt → End flow / Resume
//! ~ 'Check contact attributes' (9d1e…) › order of conditions (the first true one wins): > 10, > 0 → > 0, > 10
//! + 'Play prompt' (9b2e…) added (MessageParticipant): “Hello”; Success → End flow / Resume
//! - 'Wait' (77aa…) removed (Wait): Timeout: 5 s; Success → End flow / Resume
//! 3 changes, 2 blocks moved
//! ```
//!
//! `+` a block or branch added, `-` removed, `~` changed, `>` moved (listed only when asked).
//! A line never breaks: line breaks inside a value show as ¶, and a long value is shortened to
//! [`VALUE_WIDTH`] characters around what changed (the JSON output keeps every value whole).

use std::fmt::Write as _;

use super::{Change, ChangeKind, FlowDiff};
use crate::model::words::{one_line, shortened, shortened_pair};

/// Shown for a value that is absent on one side.
const NONE: &str = "(none)";
/// The most characters of one value a line shows.
pub const VALUE_WIDTH: usize = 80;

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

    /// `3 changes, 2 blocks moved`, or `no semantic change (2 blocks moved; --layout lists them)`;
    /// for a whole flow, `new flow, 4 blocks`.
    pub fn summary_line(&self, layout: bool) -> String {
        let blocks = |kind| self.changes.iter().filter(|c| c.kind == kind).count();
        match self.changes.first().map(|c| c.kind) {
            Some(ChangeKind::FlowAdded) => {
                return format!("new flow, {}", crate::words::count(blocks(ChangeKind::BlockAdded), "block"));
            }
            Some(ChangeKind::FlowRemoved) => {
                return format!("deleted flow, {}", crate::words::count(blocks(ChangeKind::BlockRemoved), "block"));
            }
            _ => {}
        }
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

/// One change as one line: values on one line and shortened, so nothing in a value can split
/// or forge a line.
pub fn change_line(change: &Change) -> String {
    let subject = change.block_label().unwrap_or_else(|| "flow".to_owned());
    let short = |value: Option<&str>| value.map_or_else(|| NONE.to_owned(), |v| shortened(v, VALUE_WIDTH));
    let field = &change.field;
    let line = match change.kind {
        ChangeKind::FlowAdded => format!("+ new flow {}", short(change.new.as_deref())),
        ChangeKind::FlowRemoved => format!("- deleted flow {}", short(change.old.as_deref())),
        ChangeKind::BlockAdded => {
            whole_block(format!("+ {subject} added{}", type_note(change)), change.new.as_deref(), change)
        }
        ChangeKind::BlockRemoved => {
            whole_block(format!("- {subject} removed{}", type_note(change)), change.old.as_deref(), change)
        }
        ChangeKind::BranchAdded => format!("+ {subject} › {field}: new branch → {}", short(change.new.as_deref())),
        ChangeKind::BranchRemoved => {
            format!("- {subject} › {field}: branch removed (it led to {})", short(change.old.as_deref()))
        }
        ChangeKind::Moved => {
            format!("> {subject} moved: {} → {}", short(change.old.as_deref()), short(change.new.as_deref()))
        }
        _ => {
            let (old, new) = match (change.old.as_deref(), change.new.as_deref()) {
                (Some(old), Some(new)) => shortened_pair(old, new, VALUE_WIDTH),
                (old, new) => (short(old), short(new)),
            };
            format!("~ {subject} › {field}: {old} → {new}")
        }
    };
    one_line(&line).into_owned()
}

/// ` (MessageParticipant)`: the flow-language type of an added or removed block.
fn type_note(change: &Change) -> String {
    change.block_type.as_deref().map_or_else(String::new, |t| format!(" ({t})"))
}

/// An added or removed block's line: its summary, then where each branch leads
/// (`“Hello”; Success → End flow / Resume, Error → Disconnect / hang up`).
fn whole_block(mut line: String, summary: Option<&str>, change: &Change) -> String {
    let summary = summary.filter(|s| !s.is_empty()).map(|s| shortened(s, VALUE_WIDTH));
    let branches: Vec<String> = change
        .branches
        .iter()
        // A target's name is short (a block name, its identifier when ambiguous) and kept whole
        // so that it can be found; a condition's operands may be long.
        .map(|b| format!("{} → {}", shortened(&b.label, VALUE_WIDTH / 2), b.shown))
        .collect();
    match (summary, branches.is_empty()) {
        (Some(summary), true) => {
            let _ = write!(line, ": {summary}");
        }
        (Some(summary), false) => {
            let _ = write!(line, ": {summary}; {}", branches.join(", "));
        }
        (None, false) => {
            let _ = write!(line, ": {}", branches.join(", "));
        }
        (None, true) => {}
    }
    line
}
