//! The "Play prompt" form: text, SSML or a prompt of the instance; exactly one is written.

use super::form::{Form, note_ui, warning_ui};
use crate::instance::Prompt;
use crate::model::{ActionKind, Message};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Choice {
    Text,
    Ssml,
    Prompt,
}

impl Choice {
    const ALL: [(Choice, &'static str); 3] =
        [(Choice::Text, "Text"), (Choice::Ssml, "SSML"), (Choice::Prompt, "Prompt")];

    fn of(message: &Message) -> Self {
        if message.prompt_id.is_some() {
            Self::Prompt
        } else if message.ssml.is_some() {
            Self::Ssml
        } else {
            Self::Text
        }
    }

    /// The message holding only this choice, with `value`.
    fn message(self, value: String) -> Message {
        match self {
            Self::Text => Message { text: Some(value), ..Message::default() },
            Self::Ssml => Message { ssml: Some(value), ..Message::default() },
            Self::Prompt => Message { prompt_id: Some(value), ..Message::default() },
        }
    }

    fn value(self, message: &Message) -> Option<&str> {
        match self {
            Self::Text => message.text.as_deref(),
            Self::Ssml => message.ssml.as_deref(),
            Self::Prompt => message.prompt_id.as_deref(),
        }
    }
}

pub(super) fn ui(ui: &mut egui::Ui, form: &mut Form<'_>, message: &Message) {
    let current = Choice::of(message);
    let set = [&message.text, &message.ssml, &message.prompt_id].iter().filter(|v| v.is_some()).count();
    if set > 1 {
        warning_ui(
            ui,
            "More than one of Text, SSML and Prompt is set; Amazon Connect accepts exactly one. \
             Editing keeps only the one chosen below.",
        );
    }
    let mut chosen = None;
    ui.horizontal(|ui| {
        for (choice, label) in Choice::ALL {
            if ui.radio(current == choice, label).clicked() && current != choice {
                chosen = Some(choice);
            }
        }
    });
    if let Some(choice) = chosen {
        let value = choice.value(message).unwrap_or_default().to_owned();
        form.set_kind(ActionKind::MessageParticipant(choice.message(value)));
    }
    let value = current.value(message).unwrap_or_default();
    let typed = match current {
        Choice::Text => form.multiline_ui(ui, "Text to speak", "text", value),
        Choice::Ssml => form.multiline_ui(ui, "SSML", "ssml", value),
        Choice::Prompt => prompt_ui(ui, form, value),
    };
    if let Some(typed) = typed {
        let field = match current {
            Choice::Text => "text",
            Choice::Ssml => "ssml",
            Choice::Prompt => "prompt_id",
        };
        form.type_kind(ActionKind::MessageParticipant(current.message(typed)), field);
    }
}

/// The instance's prompts and a free text field; the new prompt id when changed.
fn prompt_ui(ui: &mut egui::Ui, form: &mut Form<'_>, current: &str) -> Option<String> {
    let mut picked = None;
    if let Some(instance) = form.instance {
        let known = instance.prompt(current);
        let selected_text = match known {
            Some(prompt) => prompt.name.clone(),
            None if current.is_empty() => "Choose a prompt…".to_owned(),
            None => "Not in this instance".to_owned(),
        };
        ui.horizontal(|ui| {
            let label = ui.label("Prompt");
            egui::ComboBox::from_id_salt(("prompt", form.action.id.as_str()))
                .selected_text(selected_text)
                .show_ui(ui, |ui| {
                    if instance.prompts.is_empty() {
                        ui.weak("instance.json lists no prompts.");
                    }
                    for prompt in &instance.prompts {
                        let chosen = known.is_some_and(|k| k == prompt);
                        if ui.selectable_label(chosen, &prompt.name).clicked() {
                            picked = Some(reference(prompt));
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
    }
    if let Some(picked) = picked
        && picked != current
    {
        form.set_kind(ActionKind::MessageParticipant(Choice::Prompt.message(picked)));
    }
    let typed = form.text_row_ui(ui, "Prompt ID or ARN", "prompt_id", current);
    if form.instance.is_some_and(|i| i.prompt(current).is_none()) && !current.is_empty() {
        note_ui(ui, "This prompt is not listed in instance.json.");
    }
    typed
}

/// What the block refers to a prompt by: its ARN, else its id, else its name.
fn reference(prompt: &Prompt) -> String {
    prompt.arn.clone().or_else(|| prompt.id.clone()).unwrap_or_else(|| prompt.name.clone())
}
