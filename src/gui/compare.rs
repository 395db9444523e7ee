//! Compare: the open flow against another version of it (its last saved file, or any flow
//! file), as the semantic diff sees it. Blocks are marked on the canvas (added, changed,
//! rewired); the Changes tab lists every change, removed blocks included, and a click selects
//! and centres the block. Lives until the comparison is cleared or another flow opens.

use std::collections::BTreeMap;

use egui::RichText;

use super::context::FrameContext;
use super::intent::Intent;
use crate::diff::{self, BlockMark, ChangeKind, FlowDiff};
use crate::model::{ActionId, FlowDocument};

pub struct Comparison {
    /// What the open flow is compared with, as the tab says it ("the saved file", a path).
    pub against: String,
    old: FlowDocument,
    diff: FlowDiff,
    marks: BTreeMap<ActionId, BlockMark>,
    /// The document revision `diff` was computed for.
    revision: u64,
    /// Compared with the flow's own saved file: a save compares again with what it wrote.
    pub with_saved: bool,
}

impl Comparison {
    pub fn new(against: String, old: FlowDocument, new: &FlowDocument, revision: u64) -> Self {
        let diff = diff::diff(&old, new);
        let marks = diff.marks();
        Self { against, old, diff, marks, revision, with_saved: false }
    }

    /// Compares again when the open flow changed.
    pub fn refresh(&mut self, new: &FlowDocument, revision: u64) {
        if self.revision != revision {
            let with_saved = self.with_saved;
            *self = Self::new(std::mem::take(&mut self.against), std::mem::take(&mut self.old), new, revision);
            self.with_saved = with_saved;
        }
    }

    /// Each block's mark, moves left out (the canvas shows meaning, not layout).
    pub fn marks(&self) -> &BTreeMap<ActionId, BlockMark> {
        &self.marks
    }
}

/// What a mark says, on a card and to a screen reader.
pub fn mark_label(mark: BlockMark) -> &'static str {
    match mark {
        BlockMark::Added => "added",
        BlockMark::Removed => "removed",
        BlockMark::Changed => "changed",
        BlockMark::Rewired => "rewired",
        BlockMark::Moved => "moved",
    }
}

/// The Changes tab: one row per semantic change; a click on a block's row reveals it.
/// Whether the user asked to clear the comparison.
pub fn ui(ui: &mut egui::Ui, cx: &FrameContext<'_>, comparison: &Comparison) -> bool {
    let clear = ui
        .horizontal(|ui| {
            let count = comparison.diff.semantic_count();
            let moved = comparison.diff.moved_count();
            ui.label(RichText::new(format!("Compared with {}", comparison.against)).strong());
            ui.label(format!("{} · {moved} moved", crate::words::count(count, "change")));
            ui.button("Clear comparison").clicked()
        })
        .inner;
    ui.separator();
    if !comparison.diff.has_semantic_changes() {
        ui.label("No change in meaning.");
    }
    egui::ScrollArea::vertical().id_salt("changes").auto_shrink([false, true]).show(ui, |ui| {
        for (index, change) in comparison.diff.semantic().enumerate() {
            // The line the command line prints; a value it shortened is shown whole on hover.
            let line = crate::gui::glyphs::displayable(&diff::change_line(change));
            let whole = whole_values(change);
            let in_flow = change.action.as_ref().filter(|id| cx.doc.flow.action(id).is_some());
            ui.push_id(index, |ui| match in_flow {
                Some(id) if change.kind != ChangeKind::BlockRemoved => {
                    let row = ui.add(egui::Button::selectable(false, line).wrap());
                    let hint = "Select this block and show it on the canvas";
                    let hover = whole.map_or_else(|| hint.to_owned(), |whole| format!("{whole}\n\n{hint}"));
                    if row.on_hover_text(hover).clicked() {
                        cx.send(Intent::Reveal(id.clone()));
                    }
                }
                _ => {
                    let row = ui.add(egui::Label::new(line).wrap());
                    if let Some(whole) = whole {
                        row.on_hover_text(whole);
                    }
                }
            });
        }
    });
    clear
}

/// "Before: … / After: …" with each value whole, when the line had to shorten one or put it
/// on one line; `None` when the line already shows them whole.
fn whole_values(change: &diff::Change) -> Option<String> {
    let values = [("Before", change.old.as_deref()), ("After", change.new.as_deref())];
    let cut = values
        .iter()
        .filter_map(|(_, v)| *v)
        .any(|v| v.chars().count() > diff::VALUE_WIDTH || v.contains(['\n', '\r']));
    cut.then(|| {
        let shown: Vec<String> = values
            .iter()
            .filter_map(|(label, value)| value.map(|v| format!("{label}:\n{}", crate::gui::glyphs::displayable(v))))
            .collect();
        shown.join("\n\n")
    })
}
