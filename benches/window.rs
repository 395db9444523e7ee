//! Whole frames of the designer window (menu, flow list and palette, properties, problems,
//! status bar, canvas and mini-map), headless at 1280×800, with a 3,000-block and a 250-block
//! outbound whisper flow open in a copy of the sample workspace: egui's layout
//! (`Context::run_ui` around `DesignerApp::frame`, as eframe calls it) plus tessellation, the
//! CPU work of a frame. Budget: ≤ 16 ms a frame while scrolling and zooming (issue 19).
//!
//! Cases, 60 frames each after a few to settle: `idle` (no input), `scroll` (one wheel notch a
//! frame over the canvas), `zoom` (Ctrl + wheel, 30 notches out then 30 back in, from 100% to
//! the overview and back), `zoom_touchpad` (Ctrl + a touchpad's small steps: readable cards at
//! a new scale every frame), `fit` (fit to view asked every frame: the whole flow drawn as the
//! overview), `scroll_fitted` (panning the fitted overview) and `scroll_selected` (a Call phone
//! number block selected, its properties shown). Prints
//! `window_frame_ms_<case>=<median> max_ms=<max> ... blocks=<n>` lines, then the resident
//! memory with the flow open, after a thousand more zoom steps (Linux).
//!
//! `cargo bench --bench window` runs both sizes, each in a process of its own;
//! `cargo bench --bench window -- 1000` one size; `WINDOW_FLOW=<file>` opens that flow file
//! instead of the generated one; `-- --write <n> <file>` only writes the generated flow.
//! `-- audit <queues>` measures the Audit instance window instead, over the sample workspace
//! with that many more queues playing its static caller ID flow: `audit_idle` (no input) and
//! `audit_scroll` (one wheel notch a frame over the matrix).

#![expect(clippy::print_stdout, reason = "a benchmark reports on stdout")]

use std::path::Path;
use std::time::{Duration, Instant};

use egui::{Event, Modifiers, MouseWheelUnit, Pos2, RawInput, Rect, TouchPhase, Vec2};
use serde_json::{Value, json};
use whisperwire::gui::DesignerApp;
use whisperwire::gui::Settings;
use whisperwire::gui::session::Session;

/// Frames measured per case.
const FRAMES: usize = 60;
/// The window's default size (`gui::run`).
const SCREEN: Vec2 = Vec2::new(1280.0, 800.0);
/// A point over the canvas, between the side panels and above the bottom tabs.
const OVER_CANVAS: Pos2 = Pos2::new(560.0, 260.0);

/// An identifier shaped like the Connect designer's.
fn id(i: usize) -> String {
    format!("7d2e{:04x}-1b3c-4d5e-8f60-{i:012x}", i % 0x1_0000)
}

/// One block of a group of ten that reads like a real outbound whisper flow: set attributes,
/// ask a Lambda, check an attribute, one of three ways to set the caller ID, a prompt, logging,
/// and the Lambda's error path to an apology and an end. Each group leads to the next.
fn block(i: usize, n: usize) -> (Value, Value) {
    let (group, k) = (i / 10 * 10, i % 10);
    let at = |k: usize| {
        let j = group + k;
        if j < n { id(j) } else { id(n - 1) }
    };
    let (kind, params, transitions) = match k {
        0 => (
            "UpdateContactAttributes",
            json!({"Attributes": {"tier": "gold", "callerId": "+12065550100", format!("step{i}"): "set"}, "TargetContact": "Current"}),
            json!({"NextAction": at(1), "Errors": [{"NextAction": at(8), "ErrorType": "NoMatchingError"}]}),
        ),
        1 => (
            "InvokeLambdaFunction",
            json!({"LambdaFunctionARN": "arn:aws:lambda:us-east-1:111122223333:function:pick-caller-id",
                   "InvocationTimeLimitSeconds": "3", "ResponseValidation": {"ResponseType": "STRING_MAP"}}),
            json!({"NextAction": at(2), "Errors": [{"NextAction": at(8), "ErrorType": "NoMatchingError"}]}),
        ),
        2 => (
            "Compare",
            json!({"ComparisonValue": "$.Attributes.tier"}),
            json!({"NextAction": at(5), "Conditions": [
                {"NextAction": at(3), "Condition": {"Operator": "Equals", "Operands": ["gold"]}},
                {"NextAction": at(4), "Condition": {"Operator": "Equals", "Operands": ["silver"]}}],
                "Errors": [{"NextAction": at(5), "ErrorType": "NoMatchingCondition"}]}),
        ),
        3 => ("CompleteOutboundCall", json!({"CallerId": {"Number": "+12065550100"}}), json!({"NextAction": at(6)})),
        4 => (
            "CompleteOutboundCall",
            json!({"CallerId": {"Number": "$.Attributes.callerId"}}),
            json!({"NextAction": at(6)}),
        ),
        5 => (
            "CompleteOutboundCall",
            json!({"CallerId": {"Number": "$.External.caller_id"}}),
            json!({"NextAction": at(6)}),
        ),
        6 => (
            "MessageParticipant",
            json!({"Text": format!("Connecting you to Acme, step {i}. Thank you for waiting.")}),
            json!({"NextAction": at(7), "Errors": [{"NextAction": at(8), "ErrorType": "NoMatchingError"}]}),
        ),
        7 => {
            let next = if group + 10 < n { id(group + 10) } else { at(9) };
            ("UpdateFlowLoggingBehavior", json!({"FlowLoggingBehavior": "Enabled"}), json!({"NextAction": next}))
        }
        8 => ("MessageParticipant", json!({"Text": "Sorry, we cannot connect you now."}), json!({"NextAction": at(9)})),
        _ => ("EndFlowExecution", json!({}), json!({})),
    };
    let action = json!({"Parameters": params, "Identifier": id(i), "Type": kind, "Transitions": transitions});
    // Groups in rows of ten, each group two rows of five blocks.
    let (gx, gy) = (i / 10 % 10, i / 100);
    let position = json!({"position": {"x": 200 + (gx * 5 + k % 5) * 280, "y": 40 + (gy * 2 + k / 5) * 170}});
    (action, position)
}

/// An outbound whisper flow of `n` blocks (groups of ten, the last block an end).
fn big_flow(n: usize) -> Value {
    let mut actions = Vec::with_capacity(n);
    let mut layout = serde_json::Map::new();
    for i in 0..n {
        let (action, position) = if i + 1 == n {
            let end = json!({"Parameters": {}, "Identifier": id(i), "Type": "EndFlowExecution", "Transitions": {}});
            (end, json!({"position": {"x": 200, "y": 40 + (i / 100 * 2 + 2) * 170}}))
        } else {
            block(i, n)
        };
        actions.push(action);
        layout.insert(id(i), position);
    }
    json!({"Version": "2019-10-30", "StartAction": id(0), "Actions": actions,
        "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": layout,
                     "name": format!("big-{n}"), "type": "outboundWhisper", "status": "saved"}})
}

/// A copy of the sample workspace with the big flow in it; returns the flow file.
fn workspace(dir: &Path, n: usize) -> std::path::PathBuf {
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    copy_dir(&samples, dir);
    let file = dir.join("flows").join(format!("big-{n}.json"));
    let text = match std::env::var_os("WINDOW_FLOW") {
        Some(path) => std::fs::read_to_string(path).unwrap_or_default(),
        None => serde_json::to_string_pretty(&big_flow(n)).unwrap_or_default(),
    };
    std::fs::write(&file, text).unwrap_or_else(|e| panic!("cannot write {}: {e}", file.display()));
    file
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap_or_default();
    for entry in std::fs::read_dir(from).into_iter().flatten().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap_or_default();
        }
    }
}

/// The window, driven frame by frame as eframe drives it.
struct Window {
    ctx: egui::Context,
    app: DesignerApp,
    time: f64,
}

/// What one frame cost.
#[derive(Clone, Copy, Default)]
struct Cost {
    run: Duration,
    tessellate: Duration,
}

impl Window {
    fn open(file: &Path) -> Self {
        let (session, editor) = Session::open(file).unwrap_or_else(|e| panic!("cannot open {}: {e}", file.display()));
        let app = DesignerApp::new(session, editor, Settings::default());
        let ctx = egui::Context::default();
        app.set_theme(&ctx);
        let mut window = Self { ctx, app, time: 0.0 };
        window.frame(vec![Event::PointerMoved(OVER_CANVAS)], Modifiers::NONE);
        window
    }

    /// One frame with these input events: layout, then tessellation.
    fn frame(&mut self, mut events: Vec<Event>, modifiers: Modifiers) -> Cost {
        self.time += 1.0 / 60.0;
        events.insert(0, Event::ModifiersChanged(modifiers));
        let input = RawInput {
            screen_rect: Some(Rect::from_min_size(Pos2::ZERO, SCREEN)),
            time: Some(self.time),
            // A desktop GPU's (wgpu's default limit): egui's font atlas may grow that big.
            max_texture_side: Some(8192),
            predicted_dt: 1.0 / 60.0,
            events,
            ..RawInput::default()
        };
        let start = Instant::now();
        let mut output = self.ctx.run_ui(input, |ui| self.app.frame(ui));
        let run = start.elapsed();
        // No renderer takes the font atlas's changes.
        output.textures_delta.clear();
        let start = Instant::now();
        let meshes = self.ctx.tessellate(output.shapes, output.pixels_per_point);
        std::hint::black_box(meshes);
        Cost { run, tessellate: start.elapsed() }
    }

    fn idle(&mut self) -> Cost {
        self.frame(Vec::new(), Modifiers::NONE)
    }

    /// One notch of the wheel over the canvas (with Ctrl: a zoom step); `down` scrolls down or
    /// zooms out.
    fn wheel(&mut self, down: bool, modifiers: Modifiers) -> Cost {
        let delta = Vec2::new(0.0, if down { -1.0 } else { 1.0 });
        let event = Event::MouseWheel { unit: MouseWheelUnit::Line, delta, modifiers, phase: TouchPhase::Move };
        self.frame(vec![event], modifiers)
    }

    /// Ctrl + a touchpad's scroll of `points` over the canvas: a zoom by a fraction of a notch,
    /// to a scale not seen before.
    fn touchpad_zoom(&mut self, points: f32) -> Cost {
        let delta = Vec2::new(0.0, points);
        let event = Event::MouseWheel {
            unit: MouseWheelUnit::Point,
            delta,
            modifiers: Modifiers::CTRL,
            phase: TouchPhase::Move,
        };
        self.frame(vec![event], Modifiers::CTRL)
    }
}

fn report(case: &str, n: usize, mut costs: Vec<Cost>) {
    let ms = |d: Duration| d.as_secs_f64() * 1e3;
    let mut totals: Vec<f64> = costs.iter().map(|c| ms(c.run + c.tessellate)).collect();
    totals.sort_by(f64::total_cmp);
    costs.sort_by_key(|c| c.run + c.tessellate);
    let middle = costs.get(costs.len() / 2).copied().unwrap_or_default();
    println!(
        "window_frame_ms_{case}={:.2} max_ms={:.2} layout_ms={:.2} tessellate_ms={:.2} blocks={n}",
        totals.get(totals.len() / 2).copied().unwrap_or_default(),
        totals.last().copied().unwrap_or_default(),
        ms(middle.run),
        ms(middle.tessellate),
    );
}

fn measure(n: usize) {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("no temporary folder: {e}"));
    let file = workspace(dir.path(), n);
    let start = Instant::now();
    let mut window = Window::open(&file);
    let opened = start.elapsed();
    let problems = window.app.editor.as_ref().map_or(0, |e| e.report.diagnostics.len());
    // The flow's own size (another flow file may have been given).
    let n = window.app.editor.as_ref().map_or(n, |e| e.doc.flow.actions.len());
    println!(
        "window_open_ms={:.0} blocks={n} file_kb={} problems={problems}",
        opened.as_secs_f64() * 1e3,
        std::fs::metadata(&file).map_or(0, |m| m.len() / 1024),
    );
    for _ in 0..5 {
        window.idle();
    }
    report("idle", n, (0..FRAMES).map(|_| window.idle()).collect());
    report("scroll", n, (0..FRAMES).map(|i| window.wheel(i % 40 < 20, Modifiers::NONE)).collect());
    report("zoom", n, (0..FRAMES).map(|i| window.wheel(i < FRAMES / 2, Modifiers::CTRL)).collect());
    // From 100% out to about 50% and back in by other steps: readable cards at a new scale
    // every frame.
    let steps = |i: usize| if i < FRAMES / 2 { -13.0 } else { 11.0 };
    report("zoom_touchpad", n, (0..FRAMES).map(|i| window.touchpad_zoom(steps(i))).collect());
    let fit = |window: &mut Window| {
        window.app.canvas.fit();
        window.idle()
    };
    report("fit", n, (0..FRAMES).map(|_| fit(&mut window)).collect());
    report("scroll_fitted", n, (0..FRAMES).map(|i| window.wheel(i % 40 < 20, Modifiers::NONE)).collect());
    // A Call phone number block taking the caller ID from an attribute, selected: its
    // properties (with the attribute keys the flow sets) beside the canvas.
    if let Some(editor) = window.app.editor.as_mut() {
        editor.selection = vec![whisperwire::model::ActionId::from_import(id(4))];
    }
    window.app.canvas.show_from_start();
    report("scroll_selected", n, (0..FRAMES).map(|i| window.wheel(i % 40 < 20, Modifiers::NONE)).collect());
    // A longer session: a thousand touchpad zoom steps of every size, between 45% and 200%,
    // each followed by a scroll (memory only: the atlas of glyphs egui keeps per font size).
    let mut inwards = true;
    for i in 0..1_000_u16 {
        let scale = window.app.canvas.scale();
        inwards = (inwards && scale < 1.9) || scale < 0.5;
        let points = f32::from(i * 7 % 11 + 3);
        window.touchpad_zoom(if inwards { points } else { -points });
        window.wheel(i % 3 == 0, Modifiers::NONE);
    }
    #[expect(clippy::redundant_closure_for_method_calls, reason = "the method alone is not general enough")]
    let [width, height] = window.ctx.fonts(|fonts| fonts.font_image_size());
    if let Some((now, peak)) = resident_kb() {
        let mb = |kb: u64| kb as f64 / 1024.0;
        println!("window_rss_mb={:.0} peak_mb={:.0} font_atlas={width}x{height} blocks={n}", mb(now), mb(peak));
    }
}

/// Frames of the Audit instance window over the samples with `queues` more queues.
fn measure_audit(queues: usize) {
    let dir = std::env::temp_dir().join(format!("whisperwire-audit-bench-{}", std::process::id()));
    let samples = Path::new(env!("CARGO_MANIFEST_DIR")).join("samples");
    copy_dir(&samples, &dir);
    let path = dir.join("instance.json");
    let mut instance: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap_or_default())
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let template = instance["queues"][0].clone();
    if let Some(list) = instance["queues"].as_array_mut() {
        for i in 0..queues {
            let mut queue = template.clone();
            queue["id"] = json!(format!("00000000-0000-4000-8000-{i:012}"));
            queue["arn"] = json!(format!("arn:aws:connect:us-east-1:111122223333:instance/x/queue/q{i}"));
            queue["name"] = json!(format!("Bulk queue {i:05}"));
            list.push(queue);
        }
    }
    std::fs::write(&path, serde_json::to_string(&instance).unwrap_or_default()).unwrap_or_default();
    let mut window = Window::open(&dir.join("flows").join("static-caller-id.json"));
    window.app.panels.audit.open = true;
    let start = Instant::now();
    window.idle();
    println!("audit_first_frame_ms={:.0} queues={queues}", start.elapsed().as_secs_f64() * 1e3);
    // The pointer over the window's matrix (it opens at the right of the canvas).
    window.frame(vec![Event::PointerMoved(Pos2::new(950.0, 450.0))], Modifiers::NONE);
    for _ in 0..5 {
        window.idle();
    }
    report("audit_idle", queues, (0..FRAMES).map(|_| window.idle()).collect());
    report("audit_scroll", queues, (0..FRAMES).map(|_| window.wheel(true, Modifiers::NONE)).collect());
    std::fs::remove_dir_all(&dir).unwrap_or_default();
}

/// The process's resident memory now and at its peak (`VmRSS`, `VmHWM`), in kB: Linux only.
fn resident_kb() -> Option<(u64, u64)> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some((field("VmRSS:")?, field("VmHWM:")?))
}

fn main() {
    // `cargo bench` passes `--bench`; a number runs that flow size in this process. Without
    // one, each size runs in a process of its own, so each resident memory is its flow's alone.
    // `--write <n> <file>` only writes the flow (for measuring the real window).
    let args: Vec<String> = std::env::args().skip(1).filter(|a| a != "--bench").collect();
    if let [flag, n, file] = args.as_slice()
        && flag == "--write"
    {
        let flow = big_flow(n.parse().unwrap_or(3_000));
        let text = serde_json::to_string_pretty(&flow).unwrap_or_default();
        std::fs::write(file, text).unwrap_or_else(|e| panic!("cannot write {file}: {e}"));
        return;
    }
    let sizes: Vec<usize> = args.iter().filter_map(|a| a.parse().ok()).collect();
    if sizes.is_empty() {
        let me = std::env::current_exe().unwrap_or_else(|e| panic!("cannot find this bench: {e}"));
        for n in [3_000, 250] {
            let status = std::process::Command::new(&me).arg(n.to_string()).status();
            assert!(status.is_ok_and(|s| s.success()), "the {n}-block run failed");
        }
        return;
    }
    whisperwire::phone::warm_up();
    if args.first().is_some_and(|a| a == "audit") {
        for queues in sizes {
            measure_audit(queues);
        }
        return;
    }
    for n in sizes {
        measure(n);
    }
}
