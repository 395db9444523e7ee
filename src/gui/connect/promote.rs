//! The Promote dialog (Amazon Connect → Promote to…): this workspace's flows, or the open one,
//! into another workspace (another instance's), every reference remapped. Type the target
//! workspace (and a map file, if there is one), Preview: per flow its changes against the
//! target's version, the queue changes and the mapping table, each unresolved reference
//! highlighted with a field to type its target in; Preview again takes those in; Apply writes
//! the target's local edits (`publish` there sends them). Offline: planning reads two folders,
//! fast enough for the UI thread. Lives while shown.

use std::collections::BTreeMap;
use std::path::PathBuf;

use egui::RichText;

use super::window;
use crate::gui::files::{Answer, Browse, Pick};
use crate::gui::glyphs::displayable;
use crate::gui::intent::Intent;
use crate::promote::{self, Kind, MapFile, Plan, PromoteOptions, Resolution};
use crate::words::count;

/// The hint of an unresolved row's field.
pub const TARGET_HINT: &str = "target name, id or ARN";

enum Stage {
    Choosing,
    Preview(Box<Plan>),
    Done(String),
}

pub struct PromoteDialog {
    source: PathBuf,
    /// The open flow's file stem, offered as the only flow to promote.
    open_flow: Option<String>,
    only_open_flow: bool,
    target: String,
    map_path: String,
    /// What the admin typed for each unresolved reference, by kind and source.
    typed: BTreeMap<(Kind, String), String>,
    error: Option<String>,
    stage: Stage,
    /// A system file dialog open on a worker thread, and which field it fills.
    pub(crate) browse: Option<(Field, Browse)>,
}

/// The form's fields a file dialog can fill.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Field {
    Target,
    MapFile,
}

impl PromoteDialog {
    /// The dialog for the workspace at `source`, with the open flow (if any) preselected.
    pub fn new(source: PathBuf, open_flow: Option<String>) -> Self {
        Self {
            source,
            only_open_flow: open_flow.is_some(),
            open_flow,
            target: String::new(),
            map_path: String::new(),
            typed: BTreeMap::new(),
            error: None,
            stage: Stage::Choosing,
            browse: None,
        }
    }

    /// Draws the dialog; `false` once it is closed.
    pub fn ui(&mut self, ctx: &egui::Context, _intents: &mut Vec<Intent>) -> bool {
        let mut open = true;
        window("Promote to another workspace").show(ctx, |ui| {
            self.form_ui(ui);
            if let Some(error) = &self.error {
                ui.label(RichText::new(displayable(error)).color(ui.visuals().error_fg_color));
            }
            match &self.stage {
                Stage::Choosing => {}
                Stage::Preview(plan) => preview_ui(ui, plan, &mut self.typed),
                Stage::Done(message) => {
                    ui.label(displayable(message));
                }
            }
            ui.separator();
            ui.horizontal(|ui| open = self.buttons_ui(ui));
        });
        open
    }

    fn form_ui(&mut self, ui: &mut egui::Ui) {
        self.take_browsed(ui.ctx());
        let waiting = self.browse.is_some();
        let mut start = None;
        egui::Grid::new("promote form").num_columns(2).show(ui, |ui| {
            ui.label("From");
            ui.label(displayable(&self.source.display().to_string()));
            ui.end_row();
            let rows = [
                (Field::Target, "Target workspace", "the folder of the other instance's workspace", "target workspace"),
                (Field::MapFile, "Map file (optional)", "map.json, where names differ", "map file"),
            ];
            for (field, label, hint, what) in rows {
                let text = match field {
                    Field::Target => &mut self.target,
                    Field::MapFile => &mut self.map_path,
                };
                let label = ui.label(label);
                ui.horizontal(|ui| {
                    let edit = egui::TextEdit::singleline(text).hint_text(hint).desired_width(340.0);
                    ui.add(edit).labelled_by(label.id);
                    let button = ui.add_enabled(!waiting, egui::Button::new("Browse…"));
                    button.widget_info(|| {
                        egui::WidgetInfo::labeled(egui::WidgetType::Button, !waiting, format!("Browse for the {what}…"))
                    });
                    if button.on_hover_text(format!("Choose the {what} in a file dialog")).clicked() {
                        start = Some(field);
                    }
                });
                ui.end_row();
            }
        });
        if let Some(field) = start {
            let (pick, from) = match field {
                Field::Target => (Pick::Folder, self.source.parent().map(std::path::Path::to_path_buf)),
                Field::MapFile => (Pick::OpenFile, Some(self.source.clone())),
            };
            self.browse = Some((field, Browse::start(pick, from)));
        }
        if let Some(flow) = &self.open_flow {
            ui.checkbox(&mut self.only_open_flow, format!("Only the open flow ({})", displayable(flow)));
        }
    }

    /// Puts a file dialog's answer in its field; while it is open, looks again shortly.
    fn take_browsed(&mut self, ctx: &egui::Context) {
        let Some((field, worker)) = &self.browse else { return };
        let text = match field {
            Field::Target => &mut self.target,
            Field::MapFile => &mut self.map_path,
        };
        match worker.poll() {
            Answer::Waiting => {
                ctx.request_repaint_after(std::time::Duration::from_millis(100));
                return;
            }
            Answer::Picked(path) => *text = path.display().to_string(),
            Answer::Nothing => {
                self.error =
                    Some("No folder or file was chosen (or no file dialog is available here): type the path.".into());
            }
        }
        self.browse = None;
    }

    /// The buttons; `false` when the dialog is to close.
    fn buttons_ui(&mut self, ui: &mut egui::Ui) -> bool {
        let previewing = matches!(self.stage, Stage::Preview(_));
        let label = if previewing { "Preview again" } else { "Preview" };
        if ui.add_enabled(!self.target.trim().is_empty(), egui::Button::new(label)).clicked() {
            self.preview();
        }
        if let Stage::Preview(plan) = &self.stage {
            let can_apply = !plan.refused() && plan.writes_anything();
            if ui.add_enabled(can_apply, egui::Button::new("Apply")).clicked() {
                self.apply();
            }
        }
        !ui.button("Close").clicked()
    }

    /// The options as the fields say: the map file (if named), with what was typed over it.
    fn options(&self) -> Result<PromoteOptions, String> {
        let mut map = match self.map_path.trim() {
            "" => MapFile::default(),
            path => MapFile::load(std::path::Path::new(path)).map_err(|e| e.to_string())?,
        };
        for ((kind, source), target) in &self.typed {
            if !target.trim().is_empty() {
                map.section_mut(*kind).insert(source.clone(), target.trim().to_owned());
            }
        }
        let flows = match (&self.open_flow, self.only_open_flow) {
            (Some(flow), true) => vec![flow.clone()],
            _ => Vec::new(),
        };
        Ok(PromoteOptions { flows, map })
    }

    fn preview(&mut self) {
        let target = PathBuf::from(self.target.trim());
        let planned = self.options().and_then(|o| promote::plan(&self.source, &target, &o).map_err(|e| e.to_string()));
        match planned {
            Ok(plan) => {
                self.error = None;
                self.stage = Stage::Preview(Box::new(plan));
            }
            Err(error) => self.error = Some(error),
        }
    }

    fn apply(&mut self) {
        let Stage::Preview(plan) = &self.stage else { return };
        match promote::apply(plan) {
            Ok(applied) => {
                let mut written = applied.flows;
                if applied.instance {
                    written.push(crate::workspace::names::INSTANCE_FILE.to_owned());
                }
                self.error = None;
                self.stage = Stage::Done(format!(
                    "Wrote {} in {}. Open that workspace and publish it (Amazon Connect → Publish to Amazon Connect…).",
                    written.join(", "),
                    plan.target_root.display()
                ));
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }
}

/// The preview: flows, queues, the mapping table with a field for each unresolved reference,
/// and the conflicts.
fn preview_ui(ui: &mut egui::Ui, plan: &Plan, typed: &mut BTreeMap<(Kind, String), String>) {
    let error = ui.visuals().error_fg_color;
    egui::ScrollArea::vertical().max_height(380.0).show(ui, |ui| {
        for flow in &plan.flows {
            let what = if flow.is_new {
                "new flow".to_owned()
            } else if flow.unchanged {
                "already there, nothing to write".to_owned()
            } else {
                count(flow.diff.semantic_count(), "change")
            };
            ui.strong(displayable(&format!("{}: {what} (flows/{})", flow.target_name, flow.target_file)));
            if !flow.is_new {
                for change in flow.diff.semantic() {
                    ui.monospace(displayable(&format!("  {}", crate::diff::change_line(change))));
                }
            }
        }
        for queue in &plan.queues {
            let fields: Vec<String> = queue
                .fields
                .iter()
                .map(|f| {
                    format!(
                        "{}: {} → {}",
                        f.field,
                        f.from.as_deref().unwrap_or("(none)"),
                        f.to.as_deref().unwrap_or("(none)")
                    )
                })
                .collect();
            ui.label(displayable(&format!("Queue {}: {}", queue.target_queue, fields.join("; "))));
        }
        ui.separator();
        ui.strong("Mapping");
        egui::Grid::new("promote mapping").num_columns(4).striped(true).show(ui, |ui| {
            for heading in ["Kind", "Source", "Target", "How"] {
                ui.strong(heading);
            }
            ui.end_row();
            for mapping in &plan.mappings {
                ui.label(mapping.kind.label());
                match &mapping.resolution {
                    Resolution::Mapped { target, via } => {
                        ui.label(displayable(&mapping.source));
                        ui.label(displayable(&target.display));
                        ui.label(via.label());
                    }
                    Resolution::Unresolved(reason) => {
                        let source = ui.label(RichText::new(displayable(&mapping.source)).color(error).strong());
                        let text = typed.entry((mapping.kind, mapping.source.clone())).or_default();
                        ui.add(egui::TextEdit::singleline(text).hint_text(TARGET_HINT).desired_width(200.0))
                            .labelled_by(source.id);
                        ui.label(RichText::new(displayable(reason)).color(error));
                    }
                }
                ui.end_row();
            }
        });
        for unresolved in &plan.unresolved {
            let usage = &unresolved.usage;
            ui.label(
                RichText::new(displayable(&format!(
                    "Unresolved {} {} in {} › {} › {}",
                    unresolved.kind.label(),
                    unresolved.source,
                    usage.flow,
                    usage.block,
                    usage.parameter
                )))
                .color(error),
            );
        }
        for conflict in &plan.conflicts {
            ui.label(RichText::new(displayable(&format!("Conflict: {conflict}"))).color(error));
        }
        if plan.refused() {
            ui.label(
                RichText::new(format!(
                    "Refused: {}; type the targets above, then Preview again.",
                    promote::refusal(plan)
                ))
                .color(error),
            );
        }
    });
}
