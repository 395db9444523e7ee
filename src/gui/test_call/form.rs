//! The call form, laid out like the agent's softphone: the queue the agent calls from, the
//! number dialled and its country, how the call started, the contact attributes it already
//! holds, and what each Lambda the flow invokes answers. Lives in `TestCallState`.

use std::collections::{BTreeMap, BTreeSet};

use egui::RichText;
use serde_json::{Map, Value};

use super::{Context, pairs};
use crate::instance::Queue;
use crate::instance::lambda_function_name_from_arn;
use crate::model::ActionKind;
use crate::phone;
use crate::simulation::{Agent, Initiation, LambdaMock, Scenario};

/// Countries offered besides those of the instance's numbers.
const COMMON_COUNTRIES: [&str; 12] = ["AU", "BR", "CA", "DE", "ES", "FR", "GB", "IE", "IN", "JP", "MX", "US"];

/// The country of numbers typed without `+` when the instance names none.
const FALLBACK_COUNTRY: &str = "US";

/// What the user has filled in. Fields left alone (`None`, a Lambda not in `lambdas`) follow
/// the flow and the instance: the queue that uses the flow, the instance's default country,
/// the Lambda's "default" mock reply.
#[derive(Debug, Default)]
pub(super) struct CallForm {
    queue: Option<String>,
    dial: String,
    country: Option<String>,
    initiation: Initiation,
    attributes: Vec<(String, String)>,
    /// The answer chosen for each Lambda, by the ARN the flow's blocks name.
    lambdas: BTreeMap<String, LambdaChoice>,
    /// The agent of a loaded saved call, kept so that saving it again keeps it.
    agent: Agent,
}

/// What a Lambda answers, as the form offers it.
#[derive(Debug, Clone, PartialEq)]
enum LambdaChoice {
    /// A reply typed as key/value rows.
    Reply(Vec<(String, String)>),
    /// One of the instance's mock replies for the function.
    Named(String),
    Fails,
    TimesOut,
}

impl CallForm {
    /// Lets the queue follow the flow again (another flow was opened).
    pub(super) fn forget_queue(&mut self) {
        self.queue = None;
    }

    fn queue(&self, cx: &Context<'_>) -> Option<String> {
        self.queue.clone().or_else(|| default_queue(cx))
    }

    fn country(&self, cx: &Context<'_>) -> String {
        self.country
            .clone()
            .or_else(|| cx.instance.default_country.clone())
            .unwrap_or_else(|| FALLBACK_COUNTRY.to_owned())
            .to_ascii_uppercase()
    }

    fn choice(&self, arn: &str, cx: &Context<'_>) -> LambdaChoice {
        self.lambdas.get(arn).cloned().unwrap_or_else(|| default_reply(arn, cx))
    }

    /// The call the form describes, as a saved test call would hold it.
    pub(super) fn scenario(&self, cx: &Context<'_>) -> Scenario {
        let lambdas =
            flow_lambdas(cx).into_iter().map(|arn| (scenario_key(&arn, cx), self.choice(&arn, cx).to_mock())).collect();
        let attributes = self
            .attributes
            .iter()
            .filter(|(key, _)| !key.trim().is_empty())
            .map(|(key, value)| (key.trim().to_owned(), value.clone()))
            .collect();
        Scenario {
            queue: self.queue(cx).unwrap_or_default(),
            dial: self.dial.clone(),
            region: Some(self.country(cx)),
            initiation: self.initiation,
            attributes,
            lambdas,
            agent: self.agent.clone(),
        }
    }

    /// Fills the form from a saved call's scenario.
    pub(super) fn load(&mut self, scenario: &Scenario, cx: &Context<'_>) {
        self.queue = Some(scenario.queue.clone());
        self.dial.clone_from(&scenario.dial);
        self.country = scenario.region.as_ref().map(|region| region.to_ascii_uppercase());
        self.initiation = scenario.initiation;
        self.attributes = scenario.attributes.iter().map(|(key, value)| (key.clone(), value.clone())).collect();
        self.lambdas = flow_lambdas(cx)
            .into_iter()
            .filter_map(|arn| {
                let mock = mock_for(&scenario.lambdas, &arn)?;
                Some((arn, LambdaChoice::from_mock(mock)))
            })
            .collect();
        self.agent = scenario.agent.clone();
    }

    /// Draws the form; true when the call is to be placed (Call, or Enter in the number).
    pub(super) fn ui(&mut self, ui: &mut egui::Ui, cx: &Context<'_>) -> bool {
        ui.strong("Call from the agent's softphone");
        self.queue_ui(ui, cx);
        ui.add_space(4.0);
        let entered = self.dial_ui(ui, cx);
        ui.horizontal(|ui| {
            ui.radio_value(&mut self.initiation, Initiation::DirectDial, "Direct dial");
            ui.radio_value(&mut self.initiation, Initiation::Callback, "Callback");
        });
        ui.add_space(6.0);
        ui.strong("Contact attributes to preset");
        pairs::ui(ui, "attributes", &mut self.attributes, "attribute");
        self.lambdas_ui(ui, cx);
        ui.add_space(8.0);
        let call = egui::Button::new(RichText::new("Call").size(18.0).strong()).min_size(egui::vec2(120.0, 32.0));
        let clicked = ui.add(call).on_hover_text("Play this call through the flow").clicked();
        clicked || entered
    }

    fn queue_ui(&mut self, ui: &mut egui::Ui, cx: &Context<'_>) {
        let current = self.queue(cx);
        ui.horizontal(|ui| {
            let label = ui.label("Queue");
            egui::ComboBox::from_id_salt("test-call-queue")
                .selected_text(current.as_deref().unwrap_or("Choose a queue…"))
                .show_ui(ui, |ui| {
                    if cx.instance.queues.is_empty() {
                        ui.weak("instance.json lists no queues.");
                    }
                    for queue in &cx.instance.queues {
                        let chosen = current.as_deref() == Some(queue.name.as_str());
                        if ui.selectable_label(chosen, &queue.name).clicked() {
                            self.queue = Some(queue.name.clone());
                        }
                    }
                })
                .response
                .labelled_by(label.id);
        });
        if let Some(queue) = current.as_deref().and_then(|name| cx.instance.queue(name)) {
            queue_note_ui(ui, queue, cx.flow_name);
        }
    }

    /// The number and its country, with the number in E.164 as typed; true on Enter.
    fn dial_ui(&mut self, ui: &mut egui::Ui, cx: &Context<'_>) -> bool {
        let country = self.country(cx);
        let entered = ui
            .horizontal(|ui| {
                let label = ui.label("Number to dial");
                let field = egui::TextEdit::singleline(&mut self.dial)
                    .id_salt("test-call-dial")
                    .hint_text("(206) 555-0123")
                    .desired_width(150.0);
                let response = ui.add(field).labelled_by(label.id);
                let entered = response.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
                let label = ui.label("Country");
                egui::ComboBox::from_id_salt("test-call-country")
                    .selected_text(&country)
                    .width(60.0)
                    .show_ui(ui, |ui| {
                        for code in countries(cx, &country) {
                            if ui.selectable_label(code == country, &code).clicked() {
                                self.country = Some(code);
                            }
                        }
                    })
                    .response
                    .labelled_by(label.id);
                entered
            })
            .inner;
        if self.dial.trim().is_empty() {
            ui.weak("Type the number as the agent would: national, or international with +.");
        } else {
            match phone::to_e164(&self.dial, Some(&country)) {
                Ok(number) => ui.label(format!("E.164: {number}")),
                Err(error) => ui.label(RichText::new(error.to_string()).color(ui.visuals().error_fg_color)),
            };
        }
        entered
    }

    fn lambdas_ui(&mut self, ui: &mut egui::Ui, cx: &Context<'_>) {
        let arns = flow_lambdas(cx);
        if arns.is_empty() {
            return;
        }
        ui.add_space(6.0);
        ui.strong("What each Lambda function answers");
        for arn in arns {
            ui.push_id(("lambda", arn.as_str()), |ui| self.lambda_ui(ui, cx, &arn));
        }
    }

    fn lambda_ui(&mut self, ui: &mut egui::Ui, cx: &Context<'_>, arn: &str) {
        let known = cx.instance.lambda(arn);
        let name = known.map_or_else(|| lambda_function_name_from_arn(arn).unwrap_or(arn), |l| l.name.as_str());
        let mut choice = self.choice(arn, cx);
        let before = choice.clone();
        ui.horizontal(|ui| {
            let label = ui.label(name).on_hover_text(arn);
            egui::ComboBox::from_id_salt("answer")
                .selected_text(choice.label())
                .show_ui(ui, |ui| {
                    if ui.selectable_label(matches!(choice, LambdaChoice::Reply(_)), "Reply").clicked()
                        && !matches!(choice, LambdaChoice::Reply(_))
                    {
                        choice = default_reply(arn, cx);
                    }
                    for (mock, reply) in known.iter().flat_map(|lambda| &lambda.mock_replies) {
                        let named = LambdaChoice::Named(mock.clone());
                        let hover = Value::Object(reply.clone()).to_string();
                        if ui.selectable_label(choice == named, mock).on_hover_text(hover).clicked() {
                            choice = named;
                        }
                    }
                    ui.selectable_value(&mut choice, LambdaChoice::Fails, "Fails");
                    ui.selectable_value(&mut choice, LambdaChoice::TimesOut, "Times out");
                })
                .response
                .labelled_by(label.id);
        });
        if known.is_none() {
            ui.weak("Not in instance.json, so it has no mock replies.");
        }
        if let LambdaChoice::Reply(rows) = &mut choice {
            pairs::ui(ui, &format!("reply {arn}"), rows, "key");
        }
        if choice != before {
            self.lambdas.insert(arn.to_owned(), choice);
        }
    }
}

impl LambdaChoice {
    fn label(&self) -> &str {
        match self {
            Self::Reply(_) => "Reply",
            Self::Named(name) => name,
            Self::Fails => "Fails",
            Self::TimesOut => "Times out",
        }
    }

    fn to_mock(&self) -> LambdaMock {
        match self {
            Self::Reply(rows) => LambdaMock::Reply(reply_of(rows)),
            Self::Named(name) => LambdaMock::Named(name.clone()),
            Self::Fails => LambdaMock::Error,
            Self::TimesOut => LambdaMock::Timeout,
        }
    }

    fn from_mock(mock: &LambdaMock) -> Self {
        match mock {
            LambdaMock::Reply(reply) => Self::Reply(rows_of(reply)),
            LambdaMock::Named(name) => Self::Named(name.clone()),
            LambdaMock::Error => Self::Fails,
            LambdaMock::Timeout => Self::TimesOut,
        }
    }
}

/// Which whisper flow the queue normally plays, and its caller ID fallback.
fn queue_note_ui(ui: &mut egui::Ui, queue: &Queue, flow_name: &str) {
    let number = queue.outbound_caller_id_number.as_ref().map_or_else(
        || "no outbound caller ID number".to_owned(),
        |number| format!("outbound caller ID {}", number.national()),
    );
    let flow = match queue.outbound_whisper_flow.as_deref() {
        Some(flow) if flow == flow_name => String::new(),
        Some(other) => format!("; it normally plays “{other}”, not this flow"),
        None => "; it normally plays no outbound whisper flow".to_owned(),
    };
    ui.add(egui::Label::new(RichText::new(format!("{}: {number}{flow}.", queue.name)).weak()).wrap());
}

/// The queue the form starts with: the first (by name) that uses the flow, else the first.
fn default_queue(cx: &Context<'_>) -> Option<String> {
    let using = cx.instance.queues_with_whisper_flow(cx.flow_name).map(|q| q.name.as_str()).min();
    using.or_else(|| cx.instance.queues.first().map(|q| q.name.as_str())).map(str::to_owned)
}

/// The instance's countries, the common ones and `current`, sorted.
fn countries(cx: &Context<'_>, current: &str) -> BTreeSet<String> {
    let mut codes: BTreeSet<String> = COMMON_COUNTRIES.iter().map(|code| (*code).to_owned()).collect();
    codes.extend(cx.instance.phone_numbers.iter().map(|n| n.country.to_ascii_uppercase()));
    codes.extend(cx.instance.default_country.iter().map(|code| code.to_ascii_uppercase()));
    codes.insert(current.to_owned());
    codes
}

/// The ARNs of the Lambda functions the flow invokes, each once, in block order.
pub(super) fn flow_lambdas(cx: &Context<'_>) -> Vec<String> {
    let mut arns: Vec<String> = Vec::new();
    for action in &cx.doc.flow.actions {
        if let ActionKind::InvokeLambdaFunction(call) = &action.kind
            && let Some(arn) = call.function_arn.as_deref().map(str::trim).filter(|arn| !arn.is_empty())
            && !arns.iter().any(|known| known == arn)
        {
            arns.push(arn.to_owned());
        }
    }
    arns
}

/// How a scenario names the function: by its instance name when it has one, else its ARN.
fn scenario_key(arn: &str, cx: &Context<'_>) -> String {
    cx.instance.lambda(arn).map_or_else(|| arn.to_owned(), |lambda| lambda.name.clone())
}

/// The scenario's mock for the function `arn`, found as the simulator finds it.
fn mock_for<'a>(lambdas: &'a BTreeMap<String, LambdaMock>, arn: &str) -> Option<&'a LambdaMock> {
    let name = lambda_function_name_from_arn(arn).unwrap_or(arn);
    lambdas
        .iter()
        .find(|(key, _)| {
            key.as_str() == arn || key.as_str() == name || lambda_function_name_from_arn(key) == Some(name)
        })
        .map(|(_, mock)| mock)
}

/// "Reply", prefilled with the function's "default" mock reply.
fn default_reply(arn: &str, cx: &Context<'_>) -> LambdaChoice {
    let reply = cx.instance.lambda(arn).and_then(|lambda| lambda.mock_reply("default"));
    LambdaChoice::Reply(reply.map(rows_of).unwrap_or_default())
}

/// A reply as rows: strings as they are, other values as JSON.
fn rows_of(reply: &Map<String, Value>) -> Vec<(String, String)> {
    reply
        .iter()
        .map(|(key, value)| {
            let text = match value {
                Value::String(text) => text.clone(),
                other => other.to_string(),
            };
            (key.clone(), text)
        })
        .collect()
}

/// Rows as a reply: a value that is a JSON object or array stays one, anything else is text.
fn reply_of(rows: &[(String, String)]) -> Map<String, Value> {
    rows.iter()
        .filter(|(key, _)| !key.trim().is_empty())
        .map(|(key, text)| {
            let trimmed = text.trim_start();
            let structured = (trimmed.starts_with('{') || trimmed.starts_with('['))
                .then(|| serde_json::from_str::<Value>(text).ok())
                .flatten();
            (key.trim().to_owned(), structured.unwrap_or_else(|| Value::String(text.clone())))
        })
        .collect()
}
