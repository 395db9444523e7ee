//! The "Call phone number" form: the caller ID, offered as the Connect designer offers it (no
//! caller ID, a number of the instance, or an attribute), with the designer metadata kept in
//! step.

use std::collections::{BTreeSet, HashMap};

use serde_json::{Map, Value};

use super::form::{Form, note_ui, warning_ui};
use crate::instance::{Instance, InstanceNumber};
use crate::model::{Action, ActionId, ActionKind, AttributeRef, CallerId, Edit, Namespace};
use crate::phone::PhoneNumber;

/// Where the displayed number comes from, as the designer's two radio buttons say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) enum Source {
    /// "Select a number from your instance": `callerIdSource` `static`.
    Static,
    /// "Use attribute": `callerIdSource` `dynamic`.
    Dynamic,
}

impl Source {
    fn of(caller_id: &CallerId) -> Option<Self> {
        match caller_id {
            CallerId::Number(_) => Some(Self::Static),
            CallerId::Attribute(_) | CallerId::Path(_) => Some(Self::Dynamic),
            CallerId::None | CallerId::Unreadable(_) => None,
        }
    }

    fn designer_name(self) -> &'static str {
        match self {
            Self::Static => "static",
            Self::Dynamic => "dynamic",
        }
    }

    /// What the block holds when the user first picks this source.
    fn empty(self) -> CallerId {
        match self {
            Self::Static => CallerId::Number(String::new()),
            Self::Dynamic => CallerId::Attribute(AttributeRef::new(Namespace::UserDefined, "")),
        }
    }
}

/// The form's own state: the number search, and what each source held before the user
/// switched away from it (so switching back restores it). Lives as long as the panel.
#[derive(Debug, Default)]
pub(super) struct CallerIdState {
    search: String,
    stash: HashMap<(ActionId, Source), CallerId>,
}

impl CallerIdState {
    /// Forgets the search when another block is shown.
    pub fn clear_search(&mut self) {
        self.search.clear();
    }
}

const NO_ERROR_BRANCH: &str = "Call phone number has no Error branch: if the call fails it is \
                               disconnected and the agent goes to After Contact Work.";

pub(super) fn ui(ui: &mut egui::Ui, form: &mut Form<'_>, caller_id: &CallerId, state: &mut CallerIdState) {
    let action = form.action;
    let mut on = !matches!(caller_id, CallerId::None);
    if ui.checkbox(&mut on, "Caller ID number to display").changed() {
        if on {
            let source = preferred_source(action);
            let restored = state.stash.get(&(action.id.clone(), source)).cloned();
            write(form, restored.unwrap_or_else(|| source.empty()), None);
        } else {
            stash(state, action, caller_id);
            write(form, CallerId::None, None);
        }
    }
    if on {
        ui.indent("caller-id", |ui| {
            source_ui(ui, form, caller_id, state);
        });
    }
    ui.add_space(8.0);
    note_ui(ui, NO_ERROR_BRANCH);
}

/// The source the block last used, from its designer metadata; static when unknown.
fn preferred_source(action: &Action) -> Source {
    match action.designer.get("callerIdSource").and_then(Value::as_str) {
        Some("dynamic") => Source::Dynamic,
        _ => Source::Static,
    }
}

fn stash(state: &mut CallerIdState, action: &Action, caller_id: &CallerId) {
    if let Some(source) = Source::of(caller_id) {
        state.stash.insert((action.id.clone(), source), caller_id.clone());
    }
}

fn source_ui(ui: &mut egui::Ui, form: &mut Form<'_>, caller_id: &CallerId, state: &mut CallerIdState) {
    let action = form.action;
    let current = Source::of(caller_id);
    for (source, label) in [(Source::Static, "Select a number from your instance"), (Source::Dynamic, "Use attribute")]
    {
        if ui.radio(current == Some(source), label).clicked() && current != Some(source) {
            stash(state, action, caller_id);
            let restored = state.stash.get(&(action.id.clone(), source)).cloned();
            write(form, restored.unwrap_or_else(|| source.empty()), None);
        }
    }
    ui.add_space(4.0);
    match caller_id {
        CallerId::Number(text) => static_ui(ui, form, text, &mut state.search),
        CallerId::Attribute(_) | CallerId::Path(_) => dynamic_ui(ui, form, caller_id),
        CallerId::Unreadable(raw) => warning_ui(
            ui,
            format!(
                "The block's CallerId is {raw}, which is not of the shape \
                 {{\"Number\": \"…\"}}. Choose one of the options above to replace it."
            ),
        ),
        CallerId::None => {}
    }
}

/// Writes the caller ID, with the designer metadata Connect keeps beside it in the same step.
fn write(form: &mut Form<'_>, caller_id: CallerId, typing: Option<&'static str>) {
    let action = form.action;
    let designer = synced_designer(&action.designer, &caller_id);
    let set_kind = form.set_kind_edit(ActionKind::CompleteOutboundCall { caller_id });
    let edit = if designer == action.designer {
        set_kind
    } else {
        Edit::Batch(vec![set_kind, Edit::SetDesigner { id: action.id.clone(), designer }])
    };
    form.push(edit, typing);
}

/// The designer metadata with `setOptionalCallerId` and `callerIdSource` matching `caller_id`;
/// every other key as it was.
pub(super) fn synced_designer(designer: &Map<String, Value>, caller_id: &CallerId) -> Map<String, Value> {
    let mut designer = designer.clone();
    match Source::of(caller_id) {
        Some(source) => {
            designer.insert("setOptionalCallerId".into(), Value::Bool(true));
            designer.insert("callerIdSource".into(), source.designer_name().into());
        }
        None if matches!(caller_id, CallerId::None) && designer.contains_key("setOptionalCallerId") => {
            designer.insert("setOptionalCallerId".into(), Value::Bool(false));
        }
        None => {}
    }
    designer
}

fn static_ui(ui: &mut egui::Ui, form: &mut Form<'_>, current: &str, search: &mut String) {
    let Some(instance) = form.instance else {
        note_ui(
            ui,
            "No instance inventory (instance.json) is open, so there is no list of numbers: \
             type the number in E.164 format, such as +12065550100.",
        );
        if let Some(text) = form.text_row_ui(ui, "Number", "caller_id_number", current) {
            write(form, CallerId::Number(text), Some("caller_id_number"));
        }
        return;
    };
    if instance.phone_numbers.is_empty() {
        warning_ui(ui, "instance.json lists no phone numbers to choose from.");
    }
    ui.horizontal(|ui| {
        let label = ui.label("Search numbers");
        ui.add(
            egui::TextEdit::singleline(search)
                .id_salt(("caller-id-search", form.action.id.as_str()))
                .hint_text("number, country or description"),
        )
        .labelled_by(label.id);
    });
    if let Some(picked) = number_combo_ui(ui, form, instance, current, search)
        && picked != current
    {
        write(form, CallerId::Number(picked), None);
    }
    current_number_note_ui(ui, instance, current);
}

/// The drop-down of the instance's numbers that match the search; the number picked.
fn number_combo_ui(
    ui: &mut egui::Ui,
    form: &Form<'_>,
    instance: &Instance,
    current: &str,
    search: &str,
) -> Option<String> {
    let selected_text = match instance.resolve_number(current) {
        Some(number) if number.number.as_str() == current => number_label(number),
        Some(number) => format!("{} (by id or ARN)", number_label(number)),
        _ if current.is_empty() => "Choose a number…".to_owned(),
        _ => format!("{current} (not in this instance)"),
    };
    let matching: Vec<&InstanceNumber> = instance.phone_numbers.iter().filter(|n| matches_search(n, search)).collect();
    let mut picked = None;
    ui.horizontal(|ui| {
        let label = ui.label("Number");
        // As wide as the panel leaves, and its list as tall whatever the search: it opens at
        // the same place every time.
        egui::ComboBox::from_id_salt(("caller-id-number", form.action.id.as_str()))
            .selected_text(egui::RichText::new(selected_text))
            .truncate()
            .width(ui.available_width().max(120.0))
            .height(240.0)
            .show_ui(ui, |ui| {
                if matching.is_empty() {
                    ui.weak("No number matches the search.");
                }
                for number in matching {
                    let e164 = number.number.as_str();
                    let option = ui
                        .selectable_label(e164 == current, number_label(number))
                        .on_hover_text(format!("{e164} · {} · {}", number.number_type, number.origin));
                    if option.clicked() {
                        picked = Some(e164.to_owned());
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    picked
}

/// `(206) 555-0100 · US · Seattle sales`.
pub(super) fn number_label(number: &InstanceNumber) -> String {
    let summary = crate::gui::describe::number_label(number);
    match &number.description {
        Some(description) => format!("{summary} · {description}"),
        None => summary,
    }
}

/// Whether the search (words, or digits of the number) matches a number.
pub(super) fn matches_search(number: &InstanceNumber, search: &str) -> bool {
    let search = search.trim();
    if search.is_empty() {
        return true;
    }
    let national = number.number.national();
    let haystack = [
        number.number.as_str(),
        &national,
        &number.country,
        number.description.as_deref().unwrap_or(""),
        &number.number_type,
    ]
    .join(" ")
    .to_lowercase();
    if haystack.contains(&search.to_lowercase()) {
        return true;
    }
    let digits: String = search.chars().filter(char::is_ascii_digit).collect();
    let only_digits = !search.chars().any(char::is_alphabetic);
    only_digits
        && !digits.is_empty()
        && [number.number.as_str(), national.as_str()]
            .iter()
            .any(|text| text.chars().filter(char::is_ascii_digit).collect::<String>().contains(&digits))
}

/// Says what is wrong with a number the block holds that is not one of the instance's.
fn current_number_note_ui(ui: &mut egui::Ui, instance: &Instance, current: &str) {
    if current.is_empty() {
        note_ui(ui, "No number chosen yet: pick one of the instance's numbers.");
        return;
    }
    if let Some(number) = instance.resolve_number(current)
        && number.number.as_str() != current
    {
        warning_ui(
            ui,
            format!(
                "The block names {} by its id or ARN; pick it again to write it in E.164 ({}).",
                number.number.national(),
                number.number
            ),
        );
        return;
    }
    match PhoneNumber::parse_e164(current) {
        Err(_) => warning_ui(
            ui,
            format!(
                "The block holds “{current}”, which is not an E.164 number (such as \
                 +12065550100). Pick one of the instance's numbers."
            ),
        ),
        Ok(number) if !instance.owns_number(&number) => warning_ui(
            ui,
            format!(
                "The block holds {current} ({}), which is not one of this instance's numbers: \
                 Amazon Connect only presents numbers claimed or ported into the instance.",
                number.national()
            ),
        ),
        Ok(_) => {}
    }
}

fn dynamic_ui(ui: &mut egui::Ui, form: &mut Form<'_>, caller_id: &CallerId) {
    let (namespace, key) = match caller_id {
        CallerId::Attribute(attribute) => (Some(attribute.namespace), attribute.key.as_str()),
        _ => (None, ""),
    };
    let mut chosen = None;
    ui.horizontal(|ui| {
        let label = ui.label("Namespace");
        egui::ComboBox::from_id_salt(("caller-id-namespace", form.action.id.as_str()))
            .selected_text(namespace.map_or("System or other", Namespace::label))
            .show_ui(ui, |ui| {
                for option in [Namespace::UserDefined, Namespace::External] {
                    if ui.selectable_label(namespace == Some(option), option.label()).clicked() {
                        chosen = Some(option);
                    }
                }
            })
            .response
            .labelled_by(label.id);
    });
    if let Some(chosen) = chosen
        && namespace != Some(chosen)
    {
        write(form, attribute(chosen, key), None);
    }
    if let CallerId::Path(path) = caller_id {
        warning_ui(
            ui,
            format!(
                "The block reads {path}, which is neither a user-defined nor an external \
                 attribute. Choose a namespace or type a key to replace it."
            ),
        );
    }
    let namespace = namespace.unwrap_or(Namespace::UserDefined);
    if let Some(text) = form.text_row_ui(ui, "Attribute key", "caller_id_key", key) {
        write(form, attribute(namespace, text), Some("caller_id_key"));
    }
    if let Some(picked) = suggestions_ui(ui, form, namespace, key) {
        write(form, attribute(namespace, picked), None);
    }
}

fn attribute(namespace: Namespace, key: impl Into<String>) -> CallerId {
    CallerId::Attribute(AttributeRef::new(namespace, key))
}

/// Keys the flow makes available in `namespace`, as buttons; the one clicked.
fn suggestions_ui(ui: &mut egui::Ui, form: &Form<'_>, namespace: Namespace, key: &str) -> Option<String> {
    let keys = suggestions(form, namespace);
    if keys.is_empty() {
        note_ui(
            ui,
            match namespace {
                Namespace::UserDefined => "No Set contact attributes block in this flow sets an attribute to suggest.",
                Namespace::External => {
                    "No Lambda this flow invokes has mock replies in instance.json to suggest keys from."
                }
            },
        );
        return None;
    }
    // The only key is the one already there: nothing to suggest, and no empty "Suggestions:".
    if keys.iter().all(|k| k.as_str() == key) {
        return None;
    }
    let mut picked = None;
    ui.horizontal_wrapped(|ui| {
        ui.weak("Suggestions:");
        for suggestion in keys.iter().filter(|k| k.as_str() != key) {
            if ui.small_button(suggestion).clicked() {
                picked = Some(suggestion.clone());
            }
        }
    });
    picked
}

/// User defined: the keys any Set contact attributes block of the flow sets. External: the keys
/// of the mock replies of the Lambdas the flow invokes.
pub(super) fn suggestions(form: &Form<'_>, namespace: Namespace) -> BTreeSet<String> {
    let actions = form.doc.flow.actions.iter();
    let keys: BTreeSet<String> = match namespace {
        Namespace::UserDefined => actions
            .filter_map(|a| match &a.kind {
                ActionKind::UpdateContactAttributes { attributes, .. } => Some(attributes),
                _ => None,
            })
            .flatten()
            .map(|(key, _)| key.clone())
            .collect(),
        Namespace::External => {
            let Some(instance) = form.instance else {
                return BTreeSet::new();
            };
            actions
                .filter_map(|a| match &a.kind {
                    ActionKind::InvokeLambdaFunction(call) => call.function_arn.as_deref(),
                    _ => None,
                })
                .filter_map(|arn| instance.lambda(arn))
                .flat_map(|lambda| lambda.mock_replies.values())
                .flat_map(|reply| reply.keys().cloned())
                .collect()
        }
    };
    keys.into_iter().filter(|k| !k.is_empty()).collect()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn seattle() -> InstanceNumber {
        InstanceNumber {
            id: None,
            arn: None,
            number: PhoneNumber::parse_e164("+12065550100").unwrap(),
            number_type: "DID".into(),
            country: "US".into(),
            description: Some("Seattle sales".into()),
            origin: crate::instance::NumberOrigin::Claimed,
        }
    }

    #[test]
    fn a_number_is_labelled_national_country_and_description() {
        assert_eq!(number_label(&seattle()), "(206) 555-0100 · US · Seattle sales");
    }

    #[test]
    fn the_search_matches_words_and_digits_in_any_format() {
        let number = seattle();
        for search in ["", "seattle", "SALES", "us", "206", "(206) 555", "+1206", "5550100"] {
            assert!(matches_search(&number, search), "{search:?}");
        }
        for search in ["london", "44", "sales 9"] {
            assert!(!matches_search(&number, search), "{search:?}");
        }
    }

    #[test]
    fn switching_source_sets_two_designer_keys_and_keeps_the_rest() {
        let designer = json!({"position": {"x": 1, "y": 2}, "parameters": {"a": 1}});
        let Value::Object(designer) = designer else { unreachable!() };
        let dynamic = synced_designer(&designer, &CallerId::Attribute(AttributeRef::new(Namespace::External, "k")));
        assert_eq!(
            Value::Object(dynamic.clone()),
            json!({"position": {"x": 1, "y": 2}, "parameters": {"a": 1},
                   "setOptionalCallerId": true, "callerIdSource": "dynamic"})
        );
        let number = synced_designer(&dynamic, &CallerId::Number("+12065550100".into()));
        assert_eq!(number.get("callerIdSource"), Some(&Value::from("static")));
        let none = synced_designer(&number, &CallerId::None);
        assert_eq!(none.get("setOptionalCallerId"), Some(&Value::Bool(false)));
        assert_eq!(none.get("callerIdSource"), Some(&Value::from("static")));
        assert_eq!(synced_designer(&designer, &CallerId::None), designer, "nothing to turn off");
    }
}
