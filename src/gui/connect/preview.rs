//! The Publish preview's body, three-way: what was changed here (sent), what was changed here
//! and in Amazon Connect differently (a conflict per flow and per queue field, each with its own
//! choice: keep Amazon Connect's, the default, or use mine), what only Amazon Connect changed
//! (left alone), and what cannot be sent. The choices are the dialog's: a set of
//! `FlowPlan::item` / `FieldPlan::item` names that `execute` sends the local side of.

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;

use egui::RichText;

use crate::connect::publish::{FieldPlan, QueuePlan};
use crate::connect::{FlowPlan, FlowStep, PublishPlan};
use crate::diff::{FlowDiff, change_line};
use crate::gui::glyphs::displayable;
use crate::words::{count, quoted};
use crate::workspace::three_way::Change;

/// The labels of a conflict's two choices.
pub const KEEP_THEIRS: &str = "Keep Amazon Connect's";
pub const USE_MINE: &str = "Use mine";

/// The width of a column of the queue conflicts' grid: four of them and the choice fit the
/// dialog beside the scroll bar.
const CELL_WIDTH: f32 = 118.0;

/// The plan, sorted into the preview's groups.
pub struct Groups<'p> {
    /// Flows changed here: created, updated, or their saved draft published.
    pub flows: Vec<&'p FlowPlan>,
    /// Queue fields changed here only.
    pub fields: Vec<(&'p QueuePlan, &'p FieldPlan)>,
    /// Flows changed on both sides that the user may decide.
    pub conflicts: Vec<&'p FlowPlan>,
    /// Queues with fields changed on both sides.
    pub queue_conflicts: Vec<&'p QueuePlan>,
    /// Flows only Amazon Connect changed.
    pub remote_flows: Vec<&'p FlowPlan>,
    /// Queue fields only Amazon Connect changed.
    pub remote_fields: Vec<(&'p QueuePlan, &'p FieldPlan)>,
    /// What will not be sent whatever the choices, and why.
    pub not_sent: Vec<(String, String)>,
    /// Flows Amazon Connect already holds: recorded, nothing sent (name, why).
    pub adopted: Vec<(String, String)>,
    pub up_to_date: Vec<&'p str>,
    /// The flows in conflict by file, and whether the user may decide them: a queue whose
    /// whisper flow is not sent is held back with it.
    conflict_files: BTreeMap<&'p str, (&'p FlowPlan, bool)>,
}

impl<'p> Groups<'p> {
    pub fn of(plan: &'p PublishPlan) -> Self {
        let mut groups = Self {
            flows: Vec::new(),
            fields: Vec::new(),
            conflicts: Vec::new(),
            queue_conflicts: Vec::new(),
            remote_flows: Vec::new(),
            remote_fields: Vec::new(),
            not_sent: Vec::new(),
            adopted: Vec::new(),
            up_to_date: Vec::new(),
            conflict_files: BTreeMap::new(),
        };
        for flow in &plan.flows {
            if flow.step == FlowStep::Conflict {
                groups.conflict_files.insert(&flow.file, (flow, decidable(flow)));
            }
            match flow.step {
                FlowStep::Create | FlowStep::Update | FlowStep::PublishDraft => groups.flows.push(flow),
                FlowStep::UpToDate => groups.up_to_date.push(&flow.name),
                FlowStep::RemoteChanged => groups.remote_flows.push(flow),
                FlowStep::Adopt => groups.adopted.push((
                    flow.name.clone(),
                    flow.note.clone().unwrap_or_else(|| "already in Amazon Connect: recorded".to_owned()),
                )),
                FlowStep::Conflict if decidable(flow) => groups.conflicts.push(flow),
                FlowStep::Conflict => groups.not_sent.push((
                    flow.name.clone(),
                    flow.note.clone().unwrap_or_else(|| "another flow of Amazon Connect has this name".to_owned()),
                )),
            }
        }
        for queue in &plan.queues {
            for field in &queue.fields {
                if field.change == Change::Remote {
                    groups.remote_fields.push((queue, field));
                }
            }
            if let Some(held) = &queue.held {
                groups.not_sent.push((format!("Queue {}", queue.name), held.clone()));
                continue;
            }
            groups.fields.extend(queue.fields.iter().filter(|f| f.change == Change::Local).map(|f| (queue, f)));
            if queue.fields.iter().any(|f| f.change == Change::Conflict) {
                groups.queue_conflicts.push(queue);
            }
        }
        groups
    }

    /// The items the user can decide: conflicting flows and queue fields.
    pub fn items(&self) -> Vec<String> {
        let flows = self.conflicts.iter().map(|f| f.item());
        let fields = self.queue_conflicts.iter().flat_map(|q| &q.fields).filter(|f| f.change == Change::Conflict);
        flows.chain(fields.map(|f| f.item.clone())).collect()
    }

    /// Whether confirming would send anything, with the conflicts in `forced` decided for the
    /// local side.
    pub fn sends(&self, forced: &BTreeSet<String>) -> bool {
        !self.flows.is_empty()
            || self.conflicts.iter().any(|f| forced.contains(&f.item()))
            || self.queues().any(|q| self.queue_sends(q, forced))
    }

    /// The queues with something changed here (alone or on both sides).
    pub fn queues(&self) -> impl Iterator<Item = &'p QueuePlan> {
        let mut seen = BTreeSet::new();
        let queues = self.fields.iter().map(|(q, _)| *q).chain(self.queue_conflicts.iter().copied());
        queues.filter(move |q| seen.insert(q.id.as_str()))
    }

    /// Whether `queue` is sent, with the conflicts in `forced` decided for the local side.
    pub fn queue_sends(&self, queue: &QueuePlan, forced: &BTreeSet<String>) -> bool {
        self.holding(queue, forced).is_none()
            && queue
                .fields
                .iter()
                .any(|f| f.change == Change::Local || (f.change == Change::Conflict && forced.contains(&f.item)))
    }

    /// The conflicting flow that holds `queue` back: its whisper flow, not sent with these
    /// choices (publish sends no queue whose flow it did not send).
    pub fn holding(&self, queue: &QueuePlan, forced: &BTreeSet<String>) -> Option<&'p FlowPlan> {
        let (flow, decidable) = self.conflict_files.get(queue.flow_file.as_deref()?)?;
        (!(*decidable && forced.contains(&flow.item()))).then_some(*flow)
    }
}

/// Whether the user may decide a conflicting flow: a locked one (Connect's flow is not this
/// file's, or is gone) is never overwritten.
pub fn decidable(flow: &FlowPlan) -> bool {
    flow.step == FlowStep::Conflict && !flow.locked
}

/// Draws the groups; the choices change `forced`.
pub fn ui(ui: &mut egui::Ui, groups: &Groups<'_>, plan: &PublishPlan, save_only: bool, forced: &mut BTreeSet<String>) {
    let verb = if save_only { "saved" } else { "published" };
    if !groups.flows.is_empty() || !groups.fields.is_empty() {
        heading_ui(ui, &format!("Changed here: will be {verb}"));
        for flow in &groups.flows {
            flow_ui(ui, flow, save_only);
        }
        for (i, (queue, field)) in groups.fields.iter().enumerate() {
            let line = format!("{} {} → {}", field.field, field.remote, field.local);
            queue_line_ui(ui, &queue.name, &line);
            let last_of_queue = groups.fields.get(i + 1).is_none_or(|(next, _)| next.id != queue.id);
            if last_of_queue && let Some(flow) = groups.holding(queue, forced) {
                held_ui(ui, flow);
            }
        }
    }
    if !groups.conflicts.is_empty() || !groups.queue_conflicts.is_empty() {
        heading_ui(ui, "Changed here and in Amazon Connect: choose which to keep");
        for flow in &groups.conflicts {
            conflict_ui(ui, flow, forced);
        }
        for queue in &groups.queue_conflicts {
            queue_conflicts_ui(ui, queue, forced);
            if let Some(flow) = groups.holding(queue, forced) {
                held_ui(ui, flow);
            }
            ui.add_space(4.0);
        }
    }
    if !groups.remote_flows.is_empty() || !groups.remote_fields.is_empty() {
        heading_ui(ui, "Changed in Amazon Connect (left alone; pull to take them)");
        for flow in &groups.remote_flows {
            ui.label(RichText::new(&flow.name).strong());
            changes_ui(ui, flow.remote_changes.as_ref());
        }
        for (queue, field) in &groups.remote_fields {
            let line = format!("{} {} → {}", field.field, field.base, field.remote);
            queue_line_ui(ui, &queue.name, &line);
        }
    }
    if !groups.not_sent.is_empty() {
        heading_ui(ui, "Not sent");
        for (name, why) in &groups.not_sent {
            wrapped_ui(ui, RichText::new(format!("{name}: {why}")).color(ui.visuals().warn_fg_color));
        }
    }
    let weak = ui.visuals().weak_text_color();
    if !groups.adopted.is_empty() || !groups.up_to_date.is_empty() || !plan.notes.is_empty() {
        ui.add_space(6.0);
    }
    for (name, note) in &groups.adopted {
        wrapped_ui(ui, RichText::new(format!("{name}: {note}")).color(weak));
    }
    if !groups.up_to_date.is_empty() {
        wrapped_ui(ui, RichText::new(up_to_date_line(&groups.up_to_date)).color(weak));
    }
    for note in &plan.notes {
        wrapped_ui(ui, RichText::new(format!("Note: {}", displayable(note))).color(weak));
    }
}

fn heading_ui(ui: &mut egui::Ui, text: &str) {
    ui.add_space(8.0);
    ui.label(RichText::new(text).strong().heading().size(15.0));
    ui.add_space(2.0);
}

/// A label that wraps at the dialog's width.
fn wrapped_ui(ui: &mut egui::Ui, text: impl Into<egui::WidgetText>) {
    ui.add(egui::Label::new(text).wrap());
}

/// Why a queue changed here is not sent: its whisper flow, in conflict, is not.
fn held_ui(ui: &mut egui::Ui, flow: &FlowPlan) {
    let text = format!(
        "  Held back: its outbound whisper flow {} is not sent while it keeps Amazon Connect's version, and a queue \
         goes only with its flow.",
        quoted(&flow.name)
    );
    wrapped_ui(ui, RichText::new(text).color(ui.visuals().warn_fg_color));
}

fn queue_line_ui(ui: &mut egui::Ui, queue: &str, line: &str) {
    wrapped_ui(ui, format!("Queue {}: {}", quoted(queue), displayable(line)));
}

/// One flow changed here: what will happen to it, and its changes.
fn flow_ui(ui: &mut egui::Ui, flow: &FlowPlan, save_only: bool) {
    let changes = flow.diff.as_ref().map(FlowDiff::semantic_count).unwrap_or_default();
    let verb = if save_only { "save" } else { "publish" };
    let what = match flow.step {
        FlowStep::Create => format!("new flow: will be created and {}", if save_only { "saved" } else { "published" }),
        FlowStep::PublishDraft => format!("its saved draft will be published ({})", count(changes, "change")),
        _ => format!("will {verb} {}", count(changes, "change")),
    };
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&flow.name).strong());
        ui.label(what);
    });
    if flow.step != FlowStep::Create {
        changes_ui(ui, flow.diff.as_ref());
    }
}

/// The semantic changes of `diff`, a line each.
fn changes_ui(ui: &mut egui::Ui, diff: Option<&FlowDiff>) {
    let Some(diff) = diff else {
        let text = "    (no copy of the version last pulled, so the changes cannot be listed)";
        ui.label(RichText::new(text).color(ui.visuals().weak_text_color()));
        return;
    };
    if diff.semantic_count() == 0 {
        ui.label(RichText::new("    (no change to the flow's blocks)").color(ui.visuals().weak_text_color()));
    }
    for change in diff.semantic() {
        wrapped_ui(ui, format!("    {}", displayable(&change_line(change))));
    }
}

/// A flow changed here and in Amazon Connect: both sides' changes since the last pull, and the
/// choice.
fn conflict_ui(ui: &mut egui::Ui, flow: &FlowPlan, forced: &mut BTreeSet<String>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(&flow.name).strong());
        ui.label(
            RichText::new("changed here and in Amazon Connect since the last pull").color(ui.visuals().warn_fg_color),
        );
    });
    ui.label("  Yours since the last pull:");
    changes_ui(ui, flow.local_changes.as_ref());
    ui.label("  Changed in Amazon Connect since:");
    changes_ui(ui, flow.remote_changes.as_ref().or(flow.diff.as_ref()));
    ui.horizontal(|ui| {
        ui.add_space(8.0);
        choice_ui(ui, &flow.item(), forced);
    });
    let (text, colour) = if forced.contains(&flow.item()) {
        ("Yours will replace Amazon Connect's version; the changes made there are lost.", ui.visuals().warn_fg_color)
    } else {
        ("Nothing is sent for this flow; pull to take Amazon Connect's version.", ui.visuals().weak_text_color())
    };
    wrapped_ui(ui, RichText::new(format!("  {text}")).color(colour));
    ui.add_space(4.0);
}

/// A queue's fields in conflict: field | last pulled | yours | Amazon Connect's | choice.
fn queue_conflicts_ui(ui: &mut egui::Ui, queue: &QueuePlan, forced: &mut BTreeSet<String>) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Queue {}", quoted(&queue.name))).strong());
        ui.label(RichText::new("changed here and in Amazon Connect").color(ui.visuals().warn_fg_color));
    });
    egui::Grid::new(("queue conflicts", queue.id.as_str())).num_columns(5).spacing([8.0, 4.0]).striped(true).show(
        ui,
        |ui| {
            for header in ["Field", "Last pulled", "Yours", "Amazon Connect's"] {
                cell_ui(ui, RichText::new(header).strong());
            }
            ui.vertical(|ui| ui.label(RichText::new("Keep").strong()));
            ui.end_row();
            for field in queue.fields.iter().filter(|f| f.change == Change::Conflict) {
                cell_ui(ui, RichText::new(field.field));
                for value in [&field.base, &field.local, &field.remote] {
                    cell_ui(ui, RichText::new(displayable(value)));
                }
                ui.vertical(|ui| choice_ui(ui, &field.item, forced));
                ui.end_row();
            }
        },
    );
}

/// A grid cell of a steady width, its text wrapped inside.
fn cell_ui(ui: &mut egui::Ui, text: RichText) {
    ui.vertical(|ui| {
        ui.set_width(CELL_WIDTH);
        wrapped_ui(ui, text);
    });
}

/// The two choices of a conflict: Amazon Connect's side (the default) or mine.
fn choice_ui(ui: &mut egui::Ui, item: &str, forced: &mut BTreeSet<String>) {
    let mut mine = forced.contains(item);
    ui.radio_value(&mut mine, false, KEEP_THEIRS);
    ui.radio_value(&mut mine, true, USE_MINE);
    if mine {
        forced.insert(item.to_owned());
    } else {
        forced.remove(item);
    }
}

/// "Already up to date in Amazon Connect: a, b and 3 more flows" (a long list would hide the
/// flows that change).
pub fn up_to_date_line(names: &[&str]) -> String {
    const SHOWN: usize = 3;
    let mut line = format!(
        "Already up to date in Amazon Connect: {}",
        names.iter().take(SHOWN).copied().collect::<Vec<_>>().join(", ")
    );
    if names.len() > SHOWN {
        let _ = write!(line, " and {} more", names.len() - SHOWN);
    }
    line
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::workspace::link::{CallerFields, CallerIds, QueueBase};

    fn flow(file: &str, step: FlowStep, id: Option<&str>) -> FlowPlan {
        FlowPlan::new(file, file.trim_end_matches(".json"), step, id.map(str::to_owned))
    }

    fn field(name: &'static str, change: Change) -> FieldPlan {
        FieldPlan {
            field: name,
            change,
            base: "a".into(),
            local: "b".into(),
            remote: "c".into(),
            item: format!("queue:q-1:{}", name.replace(' ', "-")),
        }
    }

    fn queue(fields: Vec<FieldPlan>, held: Option<&str>) -> QueuePlan {
        QueuePlan {
            name: "US Sales".into(),
            id: "q-1".into(),
            from: CallerIds::default(),
            to: CallerIds::default(),
            local: CallerIds::default(),
            fields,
            new_flow: None,
            flow_file: None,
            held: held.map(str::to_owned),
            base: QueueBase::default(),
            local_fields: CallerFields::default(),
        }
    }

    #[test]
    fn conflicts_send_nothing_until_decided_for_mine() {
        let plan = PublishPlan {
            flows: vec![flow("a.json", FlowStep::Conflict, Some("f-1")), flow("b.json", FlowStep::RemoteChanged, None)],
            queues: vec![queue(
                vec![field("caller ID name", Change::Conflict), field("caller ID number", Change::Remote)],
                None,
            )],
            ..PublishPlan::default()
        };
        let groups = Groups::of(&plan);
        assert_eq!(groups.items(), ["flow:a.json", "queue:q-1:caller-ID-name"]);
        assert_eq!((groups.remote_flows.len(), groups.remote_fields.len()), (1, 1));
        assert!(!groups.sends(&BTreeSet::new()));
        assert!(groups.sends(&BTreeSet::from(["flow:a.json".to_owned()])));
        assert!(groups.sends(&BTreeSet::from(["queue:q-1:caller-ID-name".to_owned()])));
    }

    #[test]
    fn a_locked_flow_and_held_queues_cannot_be_chosen() {
        let locked = FlowPlan { locked: true, ..flow("a.json", FlowStep::Conflict, Some("f-other")) };
        let plan = PublishPlan {
            flows: vec![locked],
            queues: vec![queue(vec![field("caller ID name", Change::Conflict)], Some("no id"))],
            ..PublishPlan::default()
        };
        let groups = Groups::of(&plan);
        assert!(groups.items().is_empty());
        assert_eq!(groups.not_sent.len(), 2);
        let everything: BTreeSet<String> = ["flow:a.json", "queue:q-1:caller-ID-name"].map(str::to_owned).into();
        assert!(!groups.sends(&everything));
    }

    #[test]
    fn a_queue_goes_only_with_its_whisper_flow() {
        let mut held = queue(vec![field("caller ID name", Change::Local)], None);
        held.flow_file = Some("a.json".into());
        let plan = PublishPlan {
            flows: vec![flow("a.json", FlowStep::Conflict, Some("f-1"))],
            queues: vec![held],
            ..PublishPlan::default()
        };
        let groups = Groups::of(&plan);
        let queue = &plan.queues[0];
        assert_eq!(groups.holding(queue, &BTreeSet::new()).map(|f| f.file.as_str()), Some("a.json"));
        assert!(!groups.sends(&BTreeSet::new()), "the flow keeps Connect's version, so the queue waits");
        let mine = BTreeSet::from(["flow:a.json".to_owned()]);
        assert!(groups.holding(queue, &mine).is_none() && groups.queue_sends(queue, &mine));
    }

    #[test]
    fn many_up_to_date_flows_take_one_line() {
        assert_eq!(up_to_date_line(&["a"]), "Already up to date in Amazon Connect: a");
        assert_eq!(
            up_to_date_line(&["a", "b", "c", "d", "e"]),
            "Already up to date in Amazon Connect: a, b, c and 2 more"
        );
    }
}
