//! One frame of the canvas (layout and tessellation), headless, with a 250-action flow (budget
//! ≤ 2 ms) and a 2,000-action stress flow (budget ≤ 8 ms), fitted to a 1280×800 view (DESIGN.md
//! §6). Run with `cargo bench --bench canvas`.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use serde_json::{Value, json};
use whisperwire::flow_json;
use whisperwire::gui::canvas::Canvas;
use whisperwire::gui::commands::CommandState;
use whisperwire::gui::context::FrameContext;
use whisperwire::gui::editor::Editor;
use whisperwire::model::FlowDocument;

/// A grid of `n` blocks, each wired to the next: Set contact attributes, with a Call phone
/// number, a Play prompt and an End.
fn grid_flow(n: usize) -> FlowDocument {
    let id = |i: usize| format!("b{i}");
    let mut actions: Vec<Value> = Vec::with_capacity(n);
    let mut positions = serde_json::Map::new();
    for i in 0..n {
        let (kind, params) = match i {
            _ if i + 1 == n => ("EndFlowExecution", json!({})),
            _ if i == n - 2 => ("MessageParticipant", json!({"Text": "Connecting you now."})),
            _ if i == n - 3 => ("CompleteOutboundCall", json!({"CallerId": {"Number": "$.Attributes.k0"}})),
            _ => ("UpdateContactAttributes", json!({"Attributes": {format!("k{i}"): "+12065550100"}})),
        };
        let transitions = if i + 1 == n { json!({}) } else { json!({"NextAction": id(i + 1)}) };
        actions.push(json!({"Identifier": id(i), "Type": kind, "Parameters": params, "Transitions": transitions}));
        let (col, row) = (i % 20, i / 20);
        positions.insert(id(i), json!({"position": {"x": 200 + col * 280, "y": 40 + row * 160}}));
    }
    let flow = json!({"Version": "2019-10-30", "StartAction": id(0),
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": positions, "type": "outboundWhisper"},
        "Actions": actions});
    flow_json::from_value(flow).unwrap_or_default()
}

fn input() -> egui::RawInput {
    egui::RawInput {
        screen_rect: Some(egui::Rect::from_min_size(egui::Pos2::ZERO, egui::vec2(1280.0, 800.0))),
        ..egui::RawInput::default()
    }
}

/// One frame: the canvas laid out, then tessellated into meshes.
fn frame(ctx: &egui::Context, canvas: &mut Canvas, editor: &Editor) -> usize {
    let output = ctx.run_ui(input(), |ui| {
        let cx = FrameContext::of(editor, "bench", CommandState::default());
        egui::CentralPanel::default().show(ui, |ui| canvas.ui(ui, &cx));
    });
    ctx.tessellate(output.shapes, output.pixels_per_point).len()
}

/// Measures a frame with the whole flow fitted in view (the overview), and zoomed in on its
/// first block (the editable graph, where only what is visible is drawn).
fn bench(c: &mut Criterion) {
    for n in [250, 2_000] {
        let editor = Editor::new(None, grid_flow(n), None);
        for (view, zoom_in) in [("fitted", false), ("zoomed in", true)] {
            let ctx = egui::Context::default();
            let mut canvas = Canvas::default();
            if zoom_in {
                canvas.reveal(whisperwire::model::ActionId::from_import("b0"));
            }
            for _ in 0..3 {
                frame(&ctx, &mut canvas, &editor); // settle: view applied, node sizes known
            }
            c.bench_function(&format!("canvas frame, {n} actions, {view}"), |b| {
                b.iter(|| black_box(frame(&ctx, &mut canvas, &editor)));
            });
        }
    }
}

criterion_group!(benches, bench);
criterion_main!(benches);
