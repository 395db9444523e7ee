#!/usr/bin/env python3
"""Regenerates BENCHMARKS.md: every budget of DESIGN.md §6, measured on this machine.

Runs the criterion benches (release), then the real binary under Xvfb for start-up to first
frame and resident memory. Usage: python3 scripts/benchmarks.py  (needs xvfb-run and
/usr/bin/time for the last two rows; `apt-get install -y xvfb xauth time mesa-vulkan-drivers`).
"""

import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CRITERION = ROOT / "target" / "criterion"


def run(args, **kw):
    return subprocess.run(args, cwd=ROOT, text=True, capture_output=True, **kw)


def median_ns(bench_id):
    """The median of a criterion benchmark, in nanoseconds."""
    estimates = json.loads((CRITERION / bench_id / "new" / "estimates.json").read_text())
    return estimates["median"]["point_estimate"]


def big_flow(path, n=250):
    """A 250-block outbound whisper flow laid out in a grid."""
    actions, layout = [], {}
    for i in range(n):
        if i == n - 1:
            kind, params = "EndFlowExecution", {}
        elif i == n - 2:
            kind, params = "MessageParticipant", {"Text": "Connecting you now."}
        elif i == n - 3:
            kind, params = "CompleteOutboundCall", {"CallerId": {"Number": "+12065550100"}}
        else:
            kind, params = "UpdateContactAttributes", {"Attributes": {f"k{i}": "v"}}
        transitions = {} if i == n - 1 else {"NextAction": f"b{i + 1}"}
        actions.append({"Parameters": params, "Identifier": f"b{i}", "Type": kind, "Transitions": transitions})
        layout[f"b{i}"] = {"position": {"x": 200 + (i % 20) * 300, "y": 40 + (i // 20) * 180}}
    flow = {"Version": "2019-10-30", "StartAction": "b0", "Actions": actions,
            "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": layout, "type": "outboundWhisper"}}
    path.write_text(json.dumps(flow))


def startup_and_memory(binary, workdir):
    """Median start-up to first frame (5 runs, sample workspace) with the median of each phase,
    and peak RSS (250 blocks) with the resident split the binary prints at its first frame."""
    env = dict(os.environ, XDG_CONFIG_HOME=str(workdir))
    xvfb = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24"]
    times, phases = [], {}
    for _ in range(5):
        out = subprocess.run(xvfb + [str(binary), "--bench-startup", str(ROOT / "samples")], env=env, text=True, capture_output=True)
        found = re.search(r"startup_ms=([\d.]+)", out.stderr)
        if found:
            times.append(float(found.group(1)))
        for name, ms in re.findall(r"startup_phase (\w+)_ms=([\d.]+)", out.stderr):
            phases.setdefault(name, []).append(float(ms))
    flow = workdir / "big-250.json"
    big_flow(flow)
    out = subprocess.run(xvfb + ["/usr/bin/time", "-v", str(binary), "--bench-startup", str(flow)], env=env, text=True, capture_output=True)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    split = dict(re.findall(r"(rss_mb_\w+|largest_libraries)=(\S+)", out.stderr))
    split.update(re.findall(r"(binary|heap|other) ([\d.]+)", out.stderr))
    return ((statistics.median(times) if times else None), {k: statistics.median(v) for k, v in phases.items()},
            (int(rss.group(1)) / 1024 if rss else None), split)


def window_frames():
    """Whole frames of the designer window (benches/window.rs): {(case, blocks): {median, max_ms, ...}},
    and {blocks: {window_rss_mb, peak_mb, font_atlas}}."""
    out = run(["cargo", "bench", "--bench", "window"])
    if out.returncode != 0:
        sys.exit(out.stderr[-3000:])
    frames, memory = {}, {}
    for line in out.stdout.splitlines():
        fields = dict(re.findall(r"(\w+)=([\w.]+)", line))
        case = next((k[len("window_frame_ms_"):] for k in fields if k.startswith("window_frame_ms_")), None)
        if case:
            frames[(case, int(fields["blocks"]))] = {"median": float(fields[f"window_frame_ms_{case}"]),
                                                     "max": float(fields["max_ms"])}
        elif "window_rss_mb" in fields:
            memory[int(fields["blocks"])] = fields
    return frames, memory


def window_memory(binary, workdir, n=3000):
    """Peak RSS of the real window at its first frame with the n-block flow of benches/window.rs open
    in a copy of the sample workspace (Xvfb, lavapipe), in MB."""
    import shutil
    workspace = workdir / f"window-{n}"
    shutil.copytree(ROOT / "samples", workspace)
    flow = workspace / "flows" / f"big-{n}.json"
    if run(["cargo", "bench", "--bench", "window", "--", "--write", str(n), str(flow)]).returncode != 0:
        return None
    env = dict(os.environ, XDG_CONFIG_HOME=str(workdir))
    xvfb = ["xvfb-run", "-a", "-s", "-screen 0 1400x900x24"]
    out = subprocess.run(xvfb + ["/usr/bin/time", "-v", str(binary), "--bench-startup", str(flow)], env=env, text=True, capture_output=True)
    rss = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
    return int(rss.group(1)) / 1024 if rss else None


def big_fmt_flow(path, target_bytes=8 * 1024 * 1024):
    """An ~8 MB flow of attribute blocks with designer metadata (the shape of benches/fmt.rs)."""
    actions, layout, i, size = [], {}, 0, 0
    while size < target_bytes:
        ident, nxt = f"7d2e{i:04x}-1b3c-4d5e-8f60-{i:012x}", f"7d2e{i + 1:04x}-1b3c-4d5e-8f60-{i + 1:012x}"
        action = {"Parameters": {"Attributes": {"callerId": "$.External.caller_id", f"note{i}": "a value of some length, like the ones real flows hold"},
                                 "TargetContact": "Current"},
                  "Identifier": ident, "Type": "UpdateContactAttributes",
                  "Transitions": {"NextAction": nxt, "Errors": [{"NextAction": nxt, "ErrorType": "NoMatchingError"}], "Conditions": []}}
        actions.append(action)
        layout[ident] = {"position": {"x": 200.4 + (i % 40) * 300, "y": 40 + (i // 40) * 180}, "dynamicParams": []}
        size += len(json.dumps(action)) * 3 // 2 + 120
        i += 1
    flow = {"Version": "2019-10-30", "StartAction": actions[0]["Identifier"], "Actions": actions,
            "Metadata": {"entryPointPosition": {"x": 40, "y": 40}, "ActionMetadata": layout, "name": "big", "type": "outboundWhisper", "status": "saved"}}
    path.write_text(json.dumps(flow, indent=2) + "\n")


def peak_rss_mb(args):
    """Peak resident memory of a command, in MB (median of 3 runs, /usr/bin/time -v)."""
    peaks = []
    for _ in range(3):
        out = subprocess.run(["/usr/bin/time", "-v", *map(str, args)], text=True, capture_output=True)
        found = re.search(r"Maximum resident set size \(kbytes\): (\d+)", out.stderr)
        if found:
            peaks.append(int(found.group(1)) / 1024)
    return statistics.median(peaks) if peaks else None


def fmt_memory(binary, bare, workdir):
    """Peak RSS of `whisperwire fmt` and of a bare serde_json parse + print, on an 8 MB flow,
    and the median wall time of each command over 11 runs taken in turns (so a load that comes
    and goes weighs on both), in ms."""
    flow = workdir / "big-8mb.json"
    big_fmt_flow(flow)
    walls = {"fmt": [], "bare": []}
    for _ in range(11):
        for name, args in (("bare", [bare, flow]), ("fmt", [binary, "fmt", flow])):
            start = time.perf_counter()
            subprocess.run(list(map(str, args)), stdout=subprocess.DEVNULL, check=True)
            walls[name].append((time.perf_counter() - start) * 1e3)
    return (peak_rss_mb([binary, "fmt", flow]), peak_rss_mb([bare, flow]),
            statistics.median(walls["fmt"]), statistics.median(walls["bare"]))


WINDOW_CASES = [
    ("scroll", "scrolling (a wheel notch a frame)"),
    ("zoom", "zooming (Ctrl + wheel, 100% to the overview and back)"),
    ("zoom_touchpad", "zooming by touchpad (a new scale every frame)"),
    ("fit", "fit to view (every block drawn)"),
]


def window_row(frames, case, n, what):
    """A whole-window frame row (benches/window.rs): median of 60 frames, budget 16 ms."""
    found = frames.get((case, n))
    note = f"median of 60 frames, max {found['max']:.3g} ms; headless 1280×800, layout + tessellation" if found else ""
    return row(f"whole-window frame, {n:,} blocks, {what}", found and found["median"], "ms", 16, note)


def window_memory_row(headless, real):
    """Resident memory with the 3,000-block flow open: no budget in DESIGN.md §6."""
    if not headless:
        return "| resident memory, 3,000-block flow open | not measured | no budget | | |"
    note = (f"headless window after every case and 1,000 more zoom steps (peak {float(headless['peak_mb']):.0f} MB, "
            f"font atlas {headless['font_atlas']})")
    if real:
        note += f"; the real window under Xvfb with lavapipe: {real:.0f} MB peak at the first frame"
    return f"| resident memory, 3,000-block flow open | {float(headless['window_rss_mb']):.0f} MB | no budget | | {note} |"


def row(what, measured, unit, budget, note=""):
    if measured is None:
        return f"| {what} | not measured | {budget} {unit} | | {note} |"
    return f"| {what} | {measured:.3g} {unit} | {budget} {unit} | {measured / budget:.2f} | {note} |"


def main():
    bench = run(["cargo", "bench", "--bench", "roundtrip", "--bench", "validate", "--bench", "simulate", "--bench", "diff", "--bench", "canvas", "--bench", "fmt",
                 "--", "--warm-up-time", "1", "--measurement-time", "3"])
    if bench.returncode != 0:
        sys.exit(bench.stderr[-3000:])
    turns = dict(re.findall(r"(\w+)=([\d.]+)", next((l for l in bench.stderr.splitlines() if l.startswith("fmt_interleaved")), "")))
    pull = run(["cargo", "bench", "--bench", "pull"])
    if pull.returncode != 0:
        sys.exit(pull.stderr[-3000:])
    pulls = {int(m["flows"]): m for m in (dict(re.findall(r"(\w+)=([\d.]+)", line.replace("pull_flows", "flows")))
                                             for line in pull.stdout.splitlines() if line.startswith("pull_flows="))}
    frames, window_rss = window_frames()
    build = run(["cargo", "build", "--release", "--bin", "whisperwire", "--example", "bare_json"])
    if build.returncode != 0:
        sys.exit(build.stderr[-3000:])
    # Start-up and memory are the shipped binary's (the dist profile: fat LTO, one codegen unit).
    dist = run(["cargo", "build", "--profile", "dist", "--bin", "whisperwire"])
    if dist.returncode != 0:
        sys.exit(dist.stderr[-3000:])
    ms = lambda bench_id: median_ns(bench_id) / 1e6
    bare, ours = ms("corpus/serde_json Value parse+print"), ms("corpus/whisperwire import+export")
    with tempfile.TemporaryDirectory() as scratch:
        startup, phases, rss, split = startup_and_memory(ROOT / "target" / "dist" / "whisperwire", Path(scratch))
        window_rss_real = window_memory(ROOT / "target" / "release" / "whisperwire", Path(scratch))
        fmt_rss, bare_rss, fmt_wall, bare_wall = fmt_memory(ROOT / "target" / "release" / "whisperwire", ROOT / "target" / "release" / "examples" / "bare_json", Path(scratch))
    v1k, v8k, v10k = (ms(f"validate chain/{n} actions") for n in (1000, 8000, 10000))
    fmt_bare, fmt_ours = ms("fmt 8 MB/serde_json Value parse+print"), ms("fmt 8 MB/whisperwire fmt")
    rows = [
        row("canvas frame, 250 blocks, fitted (overview)", ms("canvas frame, 250 actions, fitted"), "ms", 2),
        row("canvas frame, 250 blocks, zoomed in", ms("canvas frame, 250 actions, zoomed in"), "ms", 2),
        row("canvas frame, 2,000 blocks, fitted (overview)", ms("canvas frame, 2000 actions, fitted"), "ms", 4),
        row("canvas frame, 2,000 blocks, zoomed in", ms("canvas frame, 2000 actions, zoomed in"), "ms", 4),
        *[window_row(frames, case, n, what) for n in (3000, 250) for case, what in WINDOW_CASES],
        row("import + export of the corpus, vs a bare serde_json Value parse + print", ours / bare, "×", 2,
            f"whisperwire {ours:.2f} ms, bare serde_json {bare:.2f} ms"),
        row("validate a 250-block flow after one edit", ms("validate 250 actions after one edit"), "ms", 0.5),
        row("validate a chain of 1,000 blocks", v1k, "ms", 10, "budget: linear, 10,000 blocks ≤ 100 ms"),
        row("validate a chain of 8,000 blocks", v8k, "ms", 80, f"{v8k / v1k:.1f}× the 1,000-block time for 8× the blocks"),
        row("validate a chain of 10,000 blocks", v10k, "ms", 100, f"{v10k / v1k:.1f}× the 1,000-block time for 10× the blocks"),
        row("`whisperwire fmt` of an 8 MB flow, time vs `bare_json` (a bare serde_json Value parse + print)",
            fmt_wall / bare_wall, "×", 1.5,
            f"the commands, median of 11 runs taken in turns: {fmt_wall:.0f} ms and {bare_wall:.0f} ms (fmt leaves freeing "
            "its document to the OS at exit; bare_json frees its value)"),
        row("fmt of an 8 MB flow in process (`flow_json::format`, freeing included), time vs a bare serde_json Value parse + print",
            float(turns["ratio"]) if turns else None, "×", 1.5,
            (f"taking turns, median of 15 each: whisperwire {float(turns['fmt_ms']):.0f} ms, bare serde_json {float(turns['bare_ms']):.0f} ms; " if turns else "")
            + f"criterion, one after the other: {fmt_ours:.0f} ms and {fmt_bare:.0f} ms ({fmt_ours / fmt_bare:.2f}×)"),
        row("fmt of an 8 MB flow, peak memory vs a bare serde_json Value parse + print",
            fmt_rss / bare_rss if fmt_rss and bare_rss else None, "×", 1.5,
            f"whisperwire fmt {fmt_rss:.0f} MB, bare_json {bare_rss:.0f} MB (peak RSS, /usr/bin/time -v)" if fmt_rss and bare_rss else ""),
        row("simulate one call", median_ns("simulate one call (caller-id-from-lambda)") / 1e3, "µs", 50),
        row("10,000-call caller-ID matrix", ms("matrix/10,000 calls") / 1e3, "s", 1),
        row("diff of two 250-block flows (all moved, 50+ changes)", ms("diff 250 actions, many changes"), "ms", 5,
            f"identical flows: {ms('diff 250 actions, identical'):.3f} ms"),
        *[row(f"pull of {n:,} flows, stand-in answering in 50 ms", float(p["seconds"]), "s", 3 * n / 200,
              f"{p['requests']} requests, at most {p['in_flight']} in flight; one at a time would take {p['sequential_seconds']} s; "
              f"the same pull again, nothing changed: {p['again_seconds']} s, nothing written"
              + ("" if n == 200 else " (10× the budget's size; budget scaled)"))
          for n, p in sorted(pulls.items())],
        row("start-up to first frame (sample workspace)", startup, "ms", 150,
            "dist binary, median of 5, Xvfb, Mesa llvmpipe (OpenGL); phases (median): "
            + ", ".join(f"{name.replace('_', ' ')} {ms:.0f} ms" for name, ms in sorted(phases.items(), key=lambda p: p[1]))),
        row("resident memory at the first frame, 250-block flow open", float(split["rss_mb_total"]) if split.get("rss_mb_total") else None, "MB", 100,
            f"dist binary; whisperwire's own {split.get('rss_mb_own', '?')} MB (binary {split.get('binary', '?')}, heap "
            f"{split.get('heap', '?')}, other {split.get('other', '?')}), shared libraries {split.get('rss_mb_libraries', '?')} MB "
            f"(largest: {split.get('largest_libraries', '?')}); peak RSS {rss:.0f} MB (/usr/bin/time -v); Xvfb, Mesa llvmpipe (OpenGL)" if rss else ""),
        window_memory_row(window_rss.get(3000), window_rss_real),
    ]
    cpu = run(["sh", "-c", "nproc; grep -m1 'model name' /proc/cpuinfo"]).stdout.split("\n")
    text = "\n".join([
        "# Benchmarks",
        "",
        "Every budget of DESIGN.md §6, measured on the 2-core machine CI runs on",
        f"({cpu[1].split(':')[-1].strip() if len(cpu) > 1 else 'unknown CPU'}, {cpu[0]} cores), release build.",
        "Criterion medians; regenerate with `python3 scripts/benchmarks.py`.",
        "",
        "| what | measured | budget | ratio to budget | notes |",
        "|---|---|---|---|---|",
        *rows,
        "",
    ])
    # Sections of their own ("## …", e.g. the release binaries, measured by scripts/dist and CI)
    # are kept as they stand.
    previous = (ROOT / "BENCHMARKS.md").read_text() if (ROOT / "BENCHMARKS.md").exists() else ""
    if "\n## " in previous:
        text += "\n" + previous[previous.index("\n## ") + 1:]
    (ROOT / "BENCHMARKS.md").write_text(text)
    print(text)


if __name__ == "__main__":
    main()
