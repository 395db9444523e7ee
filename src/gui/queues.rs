//! The Queues view: each queue's outbound caller ID number and name and its outbound whisper
//! flow, edited in place; every change is one `Intent::UpdateQueue`. `QueuesState` (caller ID
//! names being typed) lives as long as the view.

use crate::gui::describe::number_label;
use crate::gui::drafts::Drafts;
use crate::gui::flow_state::FlowState;
use crate::gui::intent::{Intent, SystemCommand};
use crate::instance::{Instance, Queue};

/// The view's own state.
#[derive(Debug, Default)]
pub struct QueuesState {
    /// Caller ID names being typed, by queue name.
    names: Drafts<String>,
}

/// The width of the number and flow drop-downs, and of the caller ID name field: the four
/// columns fit the window's default width (`VIEW_WIDTH`).
const COMBO_WIDTH: f32 = 210.0;
const NAME_WIDTH: f32 = 160.0;
/// The view's default width, in a window of 1280 points.
pub const VIEW_WIDTH: f32 = 820.0;

/// The column headers; cells are labelled by their queue's name and their header.
struct Headers {
    number: egui::Id,
    name: egui::Id,
    flow: egui::Id,
}

/// Draws one row per queue of the instance. `flows` are the workspace's flows by name, with
/// their state: only flows with a published version can be chosen.
pub fn ui(
    ui: &mut egui::Ui,
    instance: &Instance,
    flows: &[(String, FlowState)],
    state: &mut QueuesState,
    intents: &mut Vec<Intent>,
) {
    if instance.queues.is_empty() {
        ui.label("instance.json lists no queues.");
        return;
    }
    egui::ScrollArea::both().auto_shrink([false, true]).show(ui, |ui| {
        egui::Grid::new("queues").num_columns(4).striped(true).spacing([16.0, 6.0]).show(ui, |ui| {
            ui.strong("Queue");
            let headers = Headers {
                number: ui.strong("Outbound caller ID number").id,
                name: ui.strong("Caller ID name").id,
                flow: ui.strong("Outbound whisper flow").id,
            };
            ui.end_row();
            for queue in &instance.queues {
                // No `push_id`: its child ui would fill one grid cell. Ids are salted by name.
                row_ui(ui, instance, flows, queue, &headers, state, intents);
                ui.end_row();
            }
        });
        ui.add_space(8.0);
        unpublished_notes_ui(ui, instance, flows);
    });
}

fn row_ui(
    ui: &mut egui::Ui,
    instance: &Instance,
    flows: &[(String, FlowState)],
    queue: &Queue,
    headers: &Headers,
    state: &mut QueuesState,
    intents: &mut Vec<Intent>,
) {
    let queue_label = ui.label(&queue.name).id;
    let mut changed = number_combo_ui(ui, instance, queue, [queue_label, headers.number]);
    let name = queue.outbound_caller_id_name.as_deref().unwrap_or("");
    let typed = state.names.edit_ui(
        ui,
        queue.name.clone(),
        name,
        |text| {
            egui::TextEdit::singleline(text)
                .id_salt(("caller-id-name", queue.name.as_str()))
                .hint_text("None")
                .desired_width(NAME_WIDTH)
        },
        &[queue_label, headers.name],
    );
    if let Some(text) = typed {
        let mut renamed = queue.clone();
        renamed.outbound_caller_id_name = (!text.is_empty()).then_some(text);
        changed = Some(renamed);
    }
    if let Some(flow) = flow_combo_ui(ui, flows, queue, [queue_label, headers.flow]) {
        changed = Some(flow);
    }
    if let Some(changed) = changed
        && changed != *queue
    {
        intents.push(SystemCommand::UpdateQueue { name: queue.name.clone(), queue: Box::new(changed) }.into());
    }
}

/// `(206) 555-0100 · US`.
/// The number drop-down: "None" and the instance's numbers; the queue with the number picked.
fn number_combo_ui(ui: &mut egui::Ui, instance: &Instance, queue: &Queue, labels: [egui::Id; 2]) -> Option<Queue> {
    let current = queue.outbound_caller_id_number.as_ref();
    let selected_text = match current {
        None => "None".to_owned(),
        Some(number) => instance
            .number(number)
            .map_or_else(|| format!("{} (not in this instance)", number.national()), number_label),
    };
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(("caller-id-number", queue.name.as_str()))
        .selected_text(selected_text)
        .width(COMBO_WIDTH)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "None").clicked() {
                picked = Some(None);
            }
            for number in &instance.phone_numbers {
                let chosen = current == Some(&number.number);
                let option = ui
                    .selectable_label(chosen, number_label(number))
                    .on_hover_text(number.description.as_deref().unwrap_or(number.number.as_str()));
                if option.clicked() {
                    picked = Some(Some(number.number.clone()));
                }
            }
        })
        .response;
    labelled(response, labels);
    picked.map(|number| Queue { outbound_caller_id_number: number, ..queue.clone() })
}

/// The flow drop-down: "None" and the published flows; the queue with the flow picked.
fn flow_combo_ui(
    ui: &mut egui::Ui,
    flows: &[(String, FlowState)],
    queue: &Queue,
    labels: [egui::Id; 2],
) -> Option<Queue> {
    let current = queue.outbound_whisper_flow.as_deref();
    let selected_text = match current {
        None => "None".to_owned(),
        Some(name) => match Usable::of(flows, name) {
            Usable::Published => name.to_owned(),
            Usable::NotPublished => format!("{name} (not published)"),
            Usable::Missing => format!("{name} (not in this workspace)"),
        },
    };
    let mut picked = None;
    let response = egui::ComboBox::from_id_salt(("whisper-flow", queue.name.as_str()))
        .selected_text(selected_text)
        .width(COMBO_WIDTH)
        .show_ui(ui, |ui| {
            if ui.selectable_label(current.is_none(), "None").clicked() {
                picked = Some(None);
            }
            for (name, _) in flows.iter().filter(|(_, state)| state.is_live()) {
                if ui.selectable_label(current == Some(name), name).clicked() {
                    picked = Some(Some(name.clone()));
                }
            }
        })
        .response;
    labelled(response, labels);
    let flow = picked?;
    let mut changed = queue.clone();
    if changed.outbound_whisper_flow != flow {
        // The Connect id named the old flow.
        changed.outbound_flow_id = None;
    }
    changed.outbound_whisper_flow = flow;
    Some(changed)
}

fn labelled(response: egui::Response, labels: [egui::Id; 2]) -> egui::Response {
    labels.into_iter().fold(response, egui::Response::labelled_by)
}

/// Whether a queue's flow can be chosen: it has a published version.
enum Usable {
    Published,
    NotPublished,
    Missing,
}

impl Usable {
    fn of(flows: &[(String, FlowState)], name: &str) -> Self {
        match flows.iter().find(|(n, _)| n == name) {
            Some((_, state)) if state.is_live() => Self::Published,
            Some(_) => Self::NotPublished,
            None => Self::Missing,
        }
    }
}

/// Explains why a queue's current flow is not offered in its drop-down.
fn unpublished_notes_ui(ui: &mut egui::Ui, instance: &Instance, flows: &[(String, FlowState)]) {
    let colour = ui.visuals().warn_fg_color;
    let mut any = false;
    for queue in &instance.queues {
        let Some(name) = queue.outbound_whisper_flow.as_deref() else {
            continue;
        };
        let problem = match Usable::of(flows, name) {
            Usable::Published => continue,
            Usable::NotPublished => "is not published",
            Usable::Missing => "is not in this workspace",
        };
        any = true;
        let text = format!("Queue “{}” uses the flow “{name}”, which {problem}.", queue.name);
        ui.add(egui::Label::new(egui::RichText::new(text).color(colour)).wrap());
    }
    let note = "Only published flows can be chosen as a queue's outbound whisper flow.";
    let text = egui::RichText::new(note);
    ui.add(egui::Label::new(if any { text } else { text.weak() }).wrap());
}

#[cfg(test)]
mod tests {
    use egui::accesskit::Role;
    use egui_kittest::Harness;
    use egui_kittest::kittest::Queryable;

    use super::*;
    use crate::phone::PhoneNumber;
    use crate::workspace::folder::sample_workspace;

    struct View {
        instance: Instance,
        flows: Vec<(String, FlowState)>,
        state: QueuesState,
        intents: Vec<Intent>,
    }

    fn sample() -> View {
        let root = sample_workspace().unwrap();
        let instance = Instance::load(&root.join("instance.json")).unwrap();
        let flows = [
            ("caller-id-from-attribute", FlowState::Published),
            ("caller-id-from-lambda", FlowState::NeverPublished),
            ("static-caller-id", FlowState::PublishedWithChanges),
            ("with-mistakes", FlowState::NeverPublished),
        ]
        .into_iter()
        .map(|(name, state)| (name.to_owned(), state))
        .collect();
        View { instance, flows, state: QueuesState::default(), intents: Vec::new() }
    }

    fn harness(view: View) -> Harness<'static, View> {
        Harness::builder().with_size(egui::vec2(1100.0, 600.0)).build_ui_state(
            |ui, view: &mut View| {
                super::ui(ui, &view.instance, &view.flows, &mut view.state, &mut view.intents);
            },
            view,
        )
    }

    #[test]
    fn only_published_flows_are_offered() {
        let mut harness = harness(sample());
        harness.get_by_role_and_label(Role::ComboBox, "US Sales Outbound whisper flow").click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, "caller-id-from-attribute");
        harness.get_by_role_and_label(Role::Button, "static-caller-id");
        harness.get_by_role_and_label(Role::Button, "None");
        assert!(harness.query_by_role_and_label(Role::Button, "with-mistakes").is_none());
        assert!(harness.query_by_role_and_label(Role::Button, "caller-id-from-lambda").is_none());
        harness.get_by_role_and_label(Role::Button, "caller-id-from-attribute").click();
        harness.run();
        let [Intent::System(SystemCommand::UpdateQueue { name, queue })] = harness.state().intents.as_slice() else {
            panic!("{:?}", harness.state().intents);
        };
        assert_eq!(name, "US Sales");
        assert_eq!(queue.outbound_whisper_flow.as_deref(), Some("caller-id-from-attribute"));
        assert_eq!(queue.outbound_flow_id, None, "the old flow's id is dropped");
    }

    #[test]
    fn an_unpublished_flow_in_use_is_shown_and_explained() {
        let harness = harness(sample());
        let combo = harness.get_by_role_and_label(Role::ComboBox, "Collections Outbound whisper flow");
        assert_eq!(combo.value().as_deref(), Some("caller-id-from-lambda (not published)"));
        harness.get_by_label_contains("which is not published");
        harness.get_by_label_contains("Only published flows can be chosen");
    }

    #[test]
    fn picking_a_number_pushes_the_queue_with_it() {
        let mut harness = harness(sample());
        let combo = harness.get_by_role_and_label(Role::ComboBox, "Collections Outbound caller ID number");
        assert_eq!(combo.value().as_deref(), Some("None"));
        combo.click();
        harness.run();
        harness.get_by_role_and_label(Role::Button, "020 7183 8750 · GB").click();
        harness.run();
        let mut expected = harness.state().instance.queue("Collections").unwrap().clone();
        expected.outbound_caller_id_number = Some(PhoneNumber::parse_e164("+442071838750").unwrap());
        assert_eq!(
            harness.state().intents,
            [Intent::System(SystemCommand::UpdateQueue { name: "Collections".into(), queue: Box::new(expected) })]
        );
    }

    #[test]
    fn typing_a_caller_id_name_pushes_the_queue_with_it() {
        let mut harness = harness(sample());
        let field = harness.get_by_role_and_label(Role::TextInput, "UK Support Caller ID name");
        assert_eq!(field.value().as_deref(), Some("Acme UK"));
        field.focus();
        harness.run();
        harness.key_press(egui::Key::End);
        harness.get_by_role_and_label(Role::TextInput, "UK Support Caller ID name").type_text(" Ltd");
        harness.run();
        let Some(Intent::System(SystemCommand::UpdateQueue { name, queue })) = harness.state().intents.last() else {
            panic!("no queue update");
        };
        assert_eq!(name, "UK Support");
        assert_eq!(queue.outbound_caller_id_name.as_deref(), Some("Acme UK Ltd"));
    }
}
