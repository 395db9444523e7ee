//! The audit as one self-contained HTML file an admin can forward: no network, no script, no
//! outside style. A matrix picture per flow (inline SVG: queues × scenarios, a colour and a
//! letter per presented number with a legend, failures red and crossed so the picture reads in
//! greyscale, each cell's title giving the outcome, the reason and the path), the findings, the
//! scenarios, and per queue the path each scenario took. Light and dark follow the reader's
//! setting; printing uses the light colours. Every string from a file or from Amazon Connect is
//! escaped.

use std::collections::BTreeMap;
use std::fmt::Write as _;

use super::{Audit, AuditScenario, Cell, CellOutcome, FlowGroup, FlowState, QueueRow};
use crate::phone::PhoneNumber;
use crate::simulation::Step;
use crate::words::count;

/// The colours of presented numbers, in order (red is kept for failures). The designer's audit
/// view uses the same ones.
pub const NUMBER_COLOURS: [[u8; 3]; 10] = [
    [0, 114, 178],
    [230, 159, 0],
    [0, 158, 115],
    [204, 121, 167],
    [86, 180, 233],
    [240, 228, 66],
    [117, 112, 179],
    [140, 86, 75],
    [102, 166, 30],
    [127, 127, 127],
];

/// The colour of a failed call.
pub const FAILED_COLOUR: [u8; 3] = [200, 30, 30];

/// Side of a matrix cell, and the gap between cells, in SVG units.
const CELL: u32 = 22;
const GAP: u32 = 3;
/// Width of a character of the picture's labels, in tenths of an SVG unit (11 px text).
const CHAR_TENTHS: u32 = 62;
/// Characters of a name drawn in the picture (the whole name is in its title).
const LABEL_CHARS: usize = 30;

const STYLE: &str = r"
:root { color-scheme: light dark; --bg: #ffffff; --fg: #1b1b1b; --muted: #5c5c5c; --line: #d0d0d0;
  --panel: #f4f4f4; --error: #b3261e; --warning: #8a5a00; --info: #1f5fa8; --none: #bdbdbd; --mark: #ffffff; }
@media (prefers-color-scheme: dark) {
  :root { --bg: #161616; --fg: #e8e8e8; --muted: #a8a8a8; --line: #3c3c3c; --panel: #222222;
    --error: #ff8a80; --warning: #f0c060; --info: #8ab4f8; --none: #5a5a5a; --mark: #ffffff; }
}
@media print {
  :root { --bg: #ffffff; --fg: #000000; --muted: #444444; --line: #bbbbbb; --panel: #f2f2f2;
    --error: #a00000; --warning: #6b4500; --info: #123f7a; --none: #bdbdbd; }
  body { margin: 0; }
  figure, tr, .queue-head { break-inside: avoid; }
  h2 { break-after: avoid; }
  * { print-color-adjust: exact; -webkit-print-color-adjust: exact; }
}
body { background: var(--bg); color: var(--fg); font: 14px/1.45 system-ui, -apple-system, 'Segoe UI', sans-serif;
  margin: 24px auto; max-width: 1200px; padding: 0 16px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 19px; margin: 32px 0 8px; border-bottom: 1px solid var(--line); padding-bottom: 4px; }
h3 { font-size: 16px; margin: 20px 0 6px; }
.muted { color: var(--muted); }
.verdict { font-weight: 700; font-size: 16px; }
.verdict.pass { color: var(--info); }
.verdict.fail { color: var(--error); }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--line); }
th { background: var(--panel); }
td.num { white-space: nowrap; }
.sev-error { color: var(--error); font-weight: 700; }
.sev-warning { color: var(--warning); font-weight: 700; }
.sev-info { color: var(--info); }
figure { margin: 8px 0 16px; overflow-x: auto; }
figure svg { max-width: 100%; height: auto; }
svg text { fill: var(--fg); font: 11px system-ui, sans-serif; }
svg text.mark { font-weight: 700; text-anchor: middle; dominant-baseline: central; }
svg .none { fill: var(--none); }
svg .cross { stroke: var(--mark); stroke-width: 2.5; }
ol.path { margin: 0; padding-left: 18px; }
.branch { color: var(--muted); }
.fails { color: var(--error); font-weight: 700; }
code { font-size: 12px; }
";

/// The whole report.
pub fn to_html(audit: &Audit) -> String {
    let numbers = Numbers::of(audit);
    let mut out = String::with_capacity(4096 + audit.cells.len() * 600);
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"color-scheme\" content=\"light dark\">\n<title>Caller-ID audit</title>\n<style>");
    out.push_str(STYLE);
    palette_style(&mut out);
    out.push_str("</style>\n</head>\n<body>\n");
    header(&mut out, audit);
    matrix_section(&mut out, audit, &numbers);
    findings_section(&mut out, audit);
    scenarios_section(&mut out, audit);
    queues_section(&mut out, audit, &numbers);
    out.push_str("<footer class=\"muted\"><p>Made by whisperwire audit from the workspace's flows, instance.json and saved test calls; every call was played by whisperwire's simulator, not placed.</p></footer>\n");
    out.push_str("</body>\n</html>\n");
    out
}

/// Text escaped for HTML content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if c.is_control() && c != '\n' && c != '\t' => {
                let _ = write!(out, "&#x{:x};", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out
}

/// At most [`LABEL_CHARS`] characters, with an ellipsis when cut.
fn short(text: &str) -> String {
    if text.chars().count() <= LABEL_CHARS {
        return text.to_owned();
    }
    let mut cut: String = text.chars().take(LABEL_CHARS - 1).collect();
    cut.push('…');
    cut
}

/// The presented numbers, each with its colour class and letter, in E.164 order.
struct Numbers {
    list: Vec<(PhoneNumber, usize)>,
}

impl Numbers {
    fn of(audit: &Audit) -> Self {
        let mut cells: BTreeMap<&PhoneNumber, usize> = BTreeMap::new();
        for cell in &audit.cells {
            if let Some(number) = cell.outcome.caller_id() {
                *cells.entry(number).or_default() += 1;
            }
        }
        Self { list: cells.into_iter().map(|(n, c)| (n.clone(), c)).collect() }
    }

    fn index(&self, number: &PhoneNumber) -> Option<usize> {
        self.list.iter().position(|(n, _)| n == number)
    }
}

/// `c0`…: one CSS class per palette colour, and the letters' ink on each.
fn palette_style(out: &mut String) {
    for (i, [r, g, b]) in NUMBER_COLOURS.iter().enumerate() {
        let _ = writeln!(out, "svg .c{i} {{ fill: rgb({r},{g},{b}); }}");
    }
    let [r, g, b] = FAILED_COLOUR;
    let _ = writeln!(out, "svg .failed {{ fill: rgb({r},{g},{b}); }}");
    for (i, colour) in NUMBER_COLOURS.iter().enumerate() {
        let ink = if dark_ink(*colour) { "#000000" } else { "#ffffff" };
        let _ = writeln!(out, "svg text.on{i} {{ fill: {ink}; }}");
    }
}

/// Whether a letter on `colour` reads best in black (else white): black above a luminance of
/// 0.179, where the two contrast ratios meet, so letters read in greyscale too.
pub fn dark_ink(colour: [u8; 3]) -> bool {
    luminance(colour) > 0.179
}

/// Relative luminance of an sRGB colour, 0 to 1.
fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let channel = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.039_28 { c / 12.92 } else { ((c + 0.055) / 1.055).powf(2.4) }
    };
    0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)
}

/// The letter of the number at `index`: A…Z, then AA, AB….
pub fn letter(index: usize) -> String {
    let mut n = index;
    let mut letters = Vec::new();
    loop {
        letters.push(char::from(b'A' + u8::try_from(n % 26).unwrap_or(0)));
        if n < 26 {
            break;
        }
        n = n / 26 - 1;
    }
    letters.iter().rev().collect()
}

fn header(out: &mut String, audit: &Audit) {
    let s = &audit.summary;
    out.push_str("<header>\n<h1>Caller-ID audit</h1>\n");
    if s.passed {
        let _ = writeln!(out, "<p class=\"verdict pass\">PASS: no call fails and no finding is an error.</p>");
    } else {
        let _ = writeln!(
            out,
            "<p class=\"verdict fail\">FAIL: {} fail{} (disconnected, agent in After Contact Work), {}.</p>",
            count(s.failed, "call"),
            if s.failed == 1 { "s" } else { "" },
            count(s.errors, "error finding")
        );
    }
    let _ = writeln!(
        out,
        "<p>{} · {} played · {} · {}: {} connected, {} failed, {} not simulated · findings: {}, {}, {}</p>",
        count(s.queues, "queue"),
        count(audit.flows.len(), "flow"),
        count(s.scenarios, "scenario"),
        count(s.cells, "call"),
        s.connected,
        s.failed,
        s.stopped + s.not_played,
        count(s.errors, "error"),
        count(s.warnings, "warning"),
        count(s.infos, "note")
    );
    let dialled: Vec<String> = audit
        .dialled
        .iter()
        .map(|d| format!("{} ({})", esc(&d.international), esc(d.country.as_deref().unwrap_or("no country"))))
        .collect();
    let _ = writeln!(out, "<p class=\"muted\">Generated scenarios dial {}.</p>\n</header>", dialled.join(", "));
}

fn matrix_section(out: &mut String, audit: &Audit, numbers: &Numbers) {
    out.push_str("<section id=\"matrix\">\n<h2>What each queue's customers see</h2>\n");
    out.push_str(
        "<p class=\"muted\">One square per call: rows are queues, columns the scenarios of their outbound whisper flow. \
         A letter and a colour per number the customer sees; a red square with a cross is a call that fails; \
         a grey square with ? was not simulated. Hover a square for the reason and the path.</p>\n",
    );
    if audit.flows.is_empty() {
        out.push_str("<p>No queue plays an outbound whisper flow of this workspace: there is no call to show.</p>\n");
    }
    for (index, group) in audit.flows.iter().enumerate() {
        matrix_svg(out, audit, group, index, numbers);
    }
    legend(out, numbers);
    out.push_str("</section>\n");
}

/// Where a flow's picture puts things: room for queue names on the left, for the slanted
/// scenario names above (and where they run out on the right).
struct Layout {
    left: u32,
    top: u32,
    width: u32,
    height: u32,
}

impl Layout {
    fn of(group: &FlowGroup, names: &[&str]) -> Self {
        let chars = |text: &str| u32::try_from(short(text).chars().count()).unwrap_or(u32::MAX);
        let longest_queue = group.queues.iter().map(|q| chars(q)).max().unwrap_or(0);
        let longest_column =
            names.iter().enumerate().map(|(i, name)| chars(name) + digits(i + 1) + 1).max().unwrap_or(0);
        let label = longest_column.saturating_mul(CHAR_TENTHS) / 10;
        // The names are slanted at 50°: sin 50° ≈ 0.77 of their length rises, cos 50° ≈ 0.64 runs on.
        let top = 14 + label * 77 / 100;
        let left = (16 + longest_queue.saturating_mul(CHAR_TENTHS + 4) / 10).max(60);
        let columns = u32::try_from(group.scenarios.len()).unwrap_or(u32::MAX);
        let rows = u32::try_from(group.queues.len()).unwrap_or(u32::MAX);
        let width = left + columns.saturating_mul(CELL + GAP) + label * 64 / 100 + 12;
        let height = top + rows.saturating_mul(CELL + GAP) + 6;
        Self { left, top, width, height }
    }

    fn x(&self, column: usize) -> u32 {
        self.left + u32::try_from(column).unwrap_or(0).saturating_mul(CELL + GAP)
    }

    fn y(&self, row: usize) -> u32 {
        self.top + u32::try_from(row).unwrap_or(0).saturating_mul(CELL + GAP)
    }
}

/// How many decimal digits `n` has.
fn digits(n: usize) -> u32 {
    n.checked_ilog10().map_or(1, |log| log + 1)
}

fn matrix_svg(out: &mut String, audit: &Audit, group: &FlowGroup, index: usize, numbers: &Numbers) {
    let names = scenario_names(audit, group);
    let layout = Layout::of(group, &names);
    let (width, height) = (layout.width, layout.height);
    let _ =
        writeln!(out, "<figure id=\"matrix-{index}\">\n<figcaption><h3>Flow {}</h3></figcaption>", esc(&group.name));
    let _ = writeln!(
        out,
        "<svg role=\"img\" aria-labelledby=\"matrix-{index}-title\" width=\"{width}\" height=\"{height}\" viewBox=\"0 0 {width} {height}\">"
    );
    let _ = writeln!(
        out,
        "<title id=\"matrix-{index}-title\">Flow {}: {} by {}</title>",
        esc(&group.name),
        count(group.queues.len(), "queue"),
        count(group.scenarios.len(), "scenario")
    );
    for (column, name) in names.iter().enumerate() {
        let x = layout.x(column) + CELL / 2;
        let y = layout.top - 6;
        let _ = writeln!(
            out,
            "<text x=\"{x}\" y=\"{y}\" transform=\"rotate(-50 {x} {y})\"><title>{}</title>{} {}</text>",
            esc(name),
            column + 1,
            esc(&short(name))
        );
    }
    let cells = audit.group_cells(group);
    for (row, queue) in group.queues.iter().enumerate() {
        let y = layout.y(row);
        let _ = writeln!(
            out,
            "<text x=\"{}\" y=\"{}\" text-anchor=\"end\"><title>{}</title>{}</text>",
            layout.left - 8,
            y + CELL / 2 + 4,
            esc(queue),
            esc(&short(queue))
        );
        let row_cells = cells.iter().skip(row * group.scenarios.len()).take(group.scenarios.len());
        for ((column, cell), name) in row_cells.enumerate().zip(&names) {
            cell_svg(out, cell, name, (layout.x(column), y), numbers);
        }
    }
    out.push_str("</svg>\n</figure>\n");
}

/// The names of a flow's scenarios, in column order.
fn scenario_names<'a>(audit: &'a Audit, group: &'a FlowGroup) -> Vec<&'a str> {
    group.scenarios.iter().map(|id| audit.scenario(id).map_or(id.as_str(), |s| s.name.as_str())).collect()
}

fn cell_svg(out: &mut String, cell: &Cell, scenario: &str, (x, y): (u32, u32), numbers: &Numbers) {
    let title = format!("{} × {}\n{}\nPath: {}", cell.queue, scenario, cell.outcome.describe(), path_text(&cell.path));
    let (class, mark, mark_class) = match &cell.outcome {
        CellOutcome::Connected { caller_id, .. } => {
            let index = numbers.index(caller_id).unwrap_or(0);
            let colour = index % NUMBER_COLOURS.len();
            (format!("c{colour}"), letter(index), format!("mark on{colour}"))
        }
        CellOutcome::Failed { .. } => ("failed".to_owned(), String::new(), String::new()),
        CellOutcome::Stopped { .. } => ("none".to_owned(), "?".to_owned(), "mark".to_owned()),
        CellOutcome::NotPlayed { .. } => ("none".to_owned(), "!".to_owned(), "mark".to_owned()),
    };
    let _ = write!(
        out,
        "<g><title>{}</title><rect class=\"cell {class}\" data-result=\"{}\" x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" rx=\"3\"/>",
        esc(&title),
        cell.outcome.result_name()
    );
    if matches!(cell.outcome, CellOutcome::Failed { .. }) {
        let (left, right) = (x + 6, x + CELL - 6);
        let (top, bottom) = (y + 6, y + CELL - 6);
        let _ =
            write!(out, "<path class=\"cross\" d=\"M{left} {top}L{right} {bottom}M{right} {top}L{left} {bottom}\"/>");
    } else {
        let _ = write!(
            out,
            "<text class=\"{mark_class}\" x=\"{}\" y=\"{}\">{}</text>",
            x + CELL / 2,
            y + CELL / 2,
            esc(&mark)
        );
    }
    out.push_str("</g>\n");
}

/// `Invoke AWS Lambda function → Error → Call phone number → Success → …`.
fn path_text(path: &[Step]) -> String {
    if path.is_empty() {
        return "none".to_owned();
    }
    let mut text = String::new();
    for (i, step) in path.iter().enumerate() {
        if i > 0 {
            text.push_str(" → ");
        }
        text.push_str(&step.block);
        if let Some(branch) = &step.branch {
            let _ = write!(text, " [{branch}]");
        }
    }
    text
}

fn legend(out: &mut String, numbers: &Numbers) {
    out.push_str("<h3>Legend</h3>\n<table class=\"legend\">\n<thead><tr><th></th><th>Customer sees</th><th>E.164</th><th>Country</th><th>Calls</th></tr></thead>\n<tbody>\n");
    for (index, (number, calls)) in numbers.list.iter().enumerate() {
        let colour = index % NUMBER_COLOURS.len();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td class=\"num\"><code>{}</code></td><td>{}</td><td>{calls}</td></tr>",
            swatch(&format!("c{colour}"), &letter(index), &format!("mark on{colour}")),
            esc(&number.international()),
            esc(number.as_str()),
            esc(number.region().unwrap_or("-"))
        );
    }
    let failed = "<svg width=\"22\" height=\"22\" viewBox=\"0 0 22 22\" aria-hidden=\"true\"><rect class=\"failed\" width=\"22\" height=\"22\" rx=\"3\"/><path class=\"cross\" d=\"M6 6L16 16M16 6L6 16\"/></svg>";
    let _ = writeln!(
        out,
        "<tr><td>{failed}</td><td colspan=\"4\">The call fails: it is disconnected and the agent placed in After Contact Work</td></tr>"
    );
    let _ = writeln!(
        out,
        "<tr><td>{}</td><td colspan=\"4\">Not simulated: the simulator stopped rather than guess (? ) or the scenario cannot be played (!)</td></tr>",
        swatch("none", "?", "mark")
    );
    out.push_str("</tbody>\n</table>\n");
}

fn swatch(class: &str, mark: &str, mark_class: &str) -> String {
    format!(
        "<svg width=\"22\" height=\"22\" viewBox=\"0 0 22 22\" aria-hidden=\"true\"><rect class=\"{class}\" width=\"22\" height=\"22\" rx=\"3\"/><text class=\"{mark_class}\" x=\"11\" y=\"11\">{}</text></svg>",
        esc(mark)
    )
}

fn findings_section(out: &mut String, audit: &Audit) {
    out.push_str("<section id=\"findings\">\n<h2>Findings</h2>\n");
    if audit.findings.is_empty() {
        out.push_str("<p>None.</p>\n</section>\n");
        return;
    }
    out.push_str(
        "<table>\n<thead><tr><th>Severity</th><th>Code</th><th>About</th><th>Finding</th></tr></thead>\n<tbody>\n",
    );
    for finding in &audit.findings {
        let mut about = Vec::new();
        if let Some(queue) = &finding.queue {
            about.push(format!("queue <a href=\"#{}\">{}</a>", queue_anchor(audit, queue), esc(queue)));
        }
        if let Some(flow) = &finding.flow {
            about.push(format!("flow {}", esc(flow)));
        }
        if let Some(block) = finding.block_name.as_ref().or(finding.block.as_ref()) {
            about.push(format!("block {}", esc(block)));
        }
        let severity = finding.severity.as_str();
        let _ = writeln!(
            out,
            "<tr><td class=\"sev-{severity}\">{severity}</td><td><code>{}</code> {}</td><td>{}</td><td>{}</td></tr>",
            finding.code.code(),
            esc(finding.code.title()),
            about.join("<br>"),
            esc(&finding.message)
        );
    }
    out.push_str("</tbody>\n</table>\n</section>\n");
}

fn queue_anchor(audit: &Audit, queue: &str) -> String {
    let index = audit.queues.iter().position(|q| q.name == queue).unwrap_or(0);
    format!("queue-{index}")
}

fn scenarios_section(out: &mut String, audit: &Audit) {
    out.push_str("<section id=\"scenarios\">\n<h2>Scenarios</h2>\n");
    for group in &audit.flows {
        let _ = writeln!(out, "<h3>Flow {}</h3>", esc(&group.name));
        out.push_str("<table>\n<thead><tr><th>#</th><th>Scenario</th><th>Kind</th><th>The call</th><th>Plays exactly like</th></tr></thead>\n<tbody>\n");
        for (i, id) in group.scenarios.iter().enumerate() {
            let Some(scenario) = audit.scenario(id) else { continue };
            let also: Vec<String> = scenario.also.iter().map(|a| esc(&a.name)).collect();
            let _ = writeln!(
                out,
                "<tr><td>{}</td><td>{}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
                i + 1,
                esc(&scenario.name),
                kind(scenario),
                esc(&call_text(scenario)),
                also.join("<br>")
            );
        }
        out.push_str("</tbody>\n</table>\n");
        if !group.unreached_blocks.is_empty() {
            let _ = writeln!(
                out,
                "<p class=\"fails\">No scenario reaches the Call phone number block{} {}.</p>",
                if group.unreached_blocks.len() == 1 { "" } else { "s" },
                esc(&group.unreached_blocks.join(", "))
            );
        }
    }
    out.push_str("</section>\n");
}

fn kind(scenario: &AuditScenario) -> &'static str {
    match (scenario.origin, scenario.what_if) {
        (super::Origin::Saved, _) => "saved test call",
        (super::Origin::Generated, false) => "generated",
        (super::Origin::Generated, true) => "generated, what-if",
    }
}

/// `dial +12015550123 (US), direct dial; attributes: k = v; pick-caller-id: fails`.
fn call_text(scenario: &AuditScenario) -> String {
    let call = &scenario.call;
    let mut text = format!("dial {}", call.dial);
    if let Some(region) = &call.region {
        let _ = write!(text, " ({region})");
    }
    text.push_str(match call.initiation {
        crate::simulation::Initiation::DirectDial => ", direct dial",
        crate::simulation::Initiation::Callback => ", callback",
    });
    if !call.attributes.is_empty() {
        let pairs: Vec<String> = call.attributes.iter().map(|(k, v)| format!("{k} = {v}")).collect();
        let _ = write!(text, "; attributes: {}", pairs.join(", "));
    }
    for (lambda, mock) in &call.lambdas {
        let answer = match mock {
            crate::simulation::LambdaMock::Named(name) => format!("replies “{name}”"),
            crate::simulation::LambdaMock::Reply(reply) => {
                format!("replies {}", serde_json::Value::Object(reply.clone()))
            }
            crate::simulation::LambdaMock::Error => "fails".to_owned(),
            crate::simulation::LambdaMock::Timeout => "times out".to_owned(),
        };
        let _ = write!(text, "; {lambda} {answer}");
    }
    text
}

fn queues_section(out: &mut String, audit: &Audit, numbers: &Numbers) {
    out.push_str("<section id=\"queues\">\n<h2>Queues and the path of each call</h2>\n");
    for (index, queue) in audit.queues.iter().enumerate() {
        let _ = writeln!(out, "<div class=\"queue-head\"><h3 id=\"queue-{index}\">{}</h3>", esc(&queue.name));
        let _ = writeln!(out, "<p>{}</p></div>", queue_config(queue));
        let Some(group) = audit.flows.iter().find(|g| g.queues.contains(&queue.name)) else {
            out.push_str("<p class=\"muted\">None of its calls were played.</p>\n");
            continue;
        };
        queue_paths(out, audit, group, &queue.name, numbers);
    }
    out.push_str("</section>\n");
}

fn queue_config(queue: &QueueRow) -> String {
    let number = match (&queue.caller_id_number, &queue.caller_id_national) {
        (Some(number), national) => format!(
            "{} (<code>{}</code>){}",
            esc(national.as_deref().unwrap_or(number.as_str())),
            esc(number.as_str()),
            if queue.caller_id_number_claimed { "" } else { ", not claimed by the instance" }
        ),
        (None, _) => "<span class=\"fails\">none</span>".to_owned(),
    };
    let name = queue.caller_id_name.as_deref().map_or_else(|| "none".to_owned(), |n| format!("“{}”", esc(n)));
    let flow = match (&queue.flow_state, queue.whisper_flow.as_deref()) {
        (FlowState::NotSet, _) | (_, None) => "none".to_owned(),
        (FlowState::Missing, Some(flow)) => format!("{} (not in the workspace)", esc(flow)),
        (FlowState::Found { status, flow_type, played, .. }, Some(flow)) => {
            let state = match (played, status) {
                (false, _) => format!("of type {}", esc(flow_type.as_deref().unwrap_or("unknown"))),
                (true, Some(status)) => (*status).to_owned(),
                (true, None) => "no status recorded".to_owned(),
            };
            format!("{} ({state})", esc(flow))
        }
    };
    format!("Outbound caller ID number: {number} · caller ID name: {name} · outbound whisper flow: {flow}")
}

/// The queue's calls grouped by the path they took and their outcome: one row per path.
fn queue_paths(out: &mut String, audit: &Audit, group: &FlowGroup, queue: &str, numbers: &Numbers) {
    let Some(row) = group.queues.iter().position(|q| q == queue) else { return };
    let width = group.scenarios.len();
    let cells = audit.group_cells(group).iter().skip(row * width).take(width);
    let mut rows: Vec<(&Cell, Vec<&str>)> = Vec::new();
    for (cell, name) in cells.zip(scenario_names(audit, group)) {
        match rows.iter_mut().find(|(first, _)| first.outcome == cell.outcome && same_path(first, cell)) {
            Some((_, names)) => names.push(name),
            None => rows.push((cell, vec![name])),
        }
    }
    out.push_str("<table>\n<thead><tr><th>Scenarios</th><th>Customer sees</th><th>Path</th></tr></thead>\n<tbody>\n");
    for (cell, names) in rows {
        let names: Vec<String> = names.iter().map(|n| esc(n)).collect();
        let _ = writeln!(
            out,
            "<tr><td>{}</td><td>{}</td><td>{}</td></tr>",
            names.join("<br>"),
            outcome_html(&cell.outcome, numbers),
            path_html(&cell.path)
        );
    }
    out.push_str("</tbody>\n</table>\n");
}

fn same_path(a: &Cell, b: &Cell) -> bool {
    a.path.len() == b.path.len()
        && a.path.iter().zip(&b.path).all(|(x, y)| x.action == y.action && x.branch == y.branch)
}

fn outcome_html(outcome: &CellOutcome, numbers: &Numbers) -> String {
    match outcome {
        CellOutcome::Connected { caller_id, display, source_text, name, .. } => {
            let index = numbers.index(caller_id).unwrap_or(0);
            let colour = index % NUMBER_COLOURS.len();
            let name = name.as_deref().map(|n| format!(" · “{}”", esc(n))).unwrap_or_default();
            format!(
                "{} <strong>{}</strong>{name}<br><span class=\"muted\">from {}</span>",
                swatch(&format!("c{colour}"), &letter(index), &format!("mark on{colour}")),
                esc(display),
                esc(source_text)
            )
        }
        CellOutcome::Failed { reason, .. } => format!(
            "<span class=\"fails\">✕ Call fails</span>: disconnected, agent in After Contact Work<br><span class=\"muted\">{}</span>",
            esc(reason)
        ),
        CellOutcome::Stopped { reason } => format!("? Not simulated<br><span class=\"muted\">{}</span>", esc(reason)),
        CellOutcome::NotPlayed { reason } => {
            format!("! Cannot be played<br><span class=\"muted\">{}</span>", esc(reason))
        }
    }
}

fn path_html(path: &[Step]) -> String {
    if path.is_empty() {
        return String::new();
    }
    let mut html = String::from("<ol class=\"path\">");
    for step in path {
        let _ = write!(html, "<li>{}", esc(&step.block));
        if let Some(branch) = &step.branch {
            let _ = write!(html, " <span class=\"branch\">→ {}</span>", esc(branch));
        }
        if !step.note.is_empty() {
            let _ = write!(html, "<br><span class=\"muted\">{}</span>", esc(&step.note));
        }
        html.push_str("</li>");
    }
    html.push_str("</ol>");
    html
}
