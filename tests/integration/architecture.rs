//! The house rules, checked on the sources: the pure core imports nothing from `workspace`, the
//! top-level modules import each other without a cycle, the window does no file I/O of its own,
//! and no function takes so many arguments that clippy had to be told to look away.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use crate::support::{files_under, manifest_dir};

/// Every `.rs` file under `dir`, with its text.
fn sources(dir: &Path) -> Vec<(PathBuf, String)> {
    files_under(dir, |path| path.extension().is_some_and(|e| e == "rs"))
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            (path, text)
        })
        .collect()
}

/// The top-level module a file of `src/` belongs to (`src/gui/app.rs` → `gui`).
fn top_module(src: &Path, file: &Path) -> String {
    let relative = file.strip_prefix(src).unwrap();
    let first = relative.components().next().unwrap().as_os_str().to_string_lossy();
    first.trim_end_matches(".rs").to_owned()
}

/// The code of a file without its `#[cfg(test)] mod tests` and without comments: what the
/// module really imports. Files that are test modules themselves count for nothing.
fn non_test_code(file: &Path, text: &str) -> String {
    if file.file_name().is_some_and(|n| n == "tests.rs" || n.to_string_lossy().ends_with("_tests.rs")) {
        return String::new();
    }
    let code = text.split("#[cfg(test)]\nmod tests").next().unwrap_or("");
    code.lines().filter(|line| !line.trim_start().starts_with("//")).collect::<Vec<_>>().join("\n")
}

/// Which top-level modules each one uses (`crate::NAME`).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = manifest_dir().join("src");
    let files = sources(&src);
    let modules: BTreeSet<String> = files.iter().map(|(f, _)| top_module(&src, f)).collect();
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (file, text) in &files {
        let from = top_module(&src, file);
        let code = non_test_code(file, text);
        for (at, _) in code.match_indices("crate::") {
            let name: String =
                code[at + "crate::".len()..].chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if name != from && modules.contains(&name) {
                graph.entry(from.clone()).or_default().insert(name);
            }
        }
    }
    graph
}

#[test]
fn the_pure_core_imports_nothing_from_the_workspace() {
    let graph = module_graph();
    for core in ["model", "validation", "simulation", "audit", "instance", "phone", "flow_json"] {
        let uses = graph.get(core).cloned().unwrap_or_default();
        assert!(!uses.contains("workspace"), "{core} imports workspace: {uses:?}");
        assert!(!uses.contains("gui") && !uses.contains("cli"), "{core} imports a shell: {uses:?}");
    }
}

#[test]
fn no_two_top_level_modules_import_each_other_even_indirectly() {
    let graph = module_graph();
    for start in graph.keys() {
        let mut seen = BTreeSet::new();
        let mut pending: Vec<&String> = graph[start].iter().collect();
        while let Some(next) = pending.pop() {
            assert_ne!(next, start, "a cycle through {start}: {graph:?}");
            if seen.insert(next.clone()) {
                pending.extend(graph.get(next).into_iter().flatten());
            }
        }
    }
}

#[test]
fn the_window_does_no_file_io_of_its_own() {
    let gui = manifest_dir().join("src/gui");
    for (file, text) in sources(&gui) {
        let code = non_test_code(&file, &text);
        assert!(!code.contains("std::fs") && !code.contains("fs::"), "{} uses std::fs", file.display());
    }
}

#[test]
fn no_function_needs_too_many_arguments() {
    for (file, text) in sources(&manifest_dir().join("src")) {
        assert!(!text.contains("too_many_arguments"), "{} silences too_many_arguments", file.display());
    }
}

#[test]
fn promote_works_between_workspaces_offline_and_under_the_shells() {
    let graph = module_graph();
    let uses = graph.get("promote").cloned().unwrap_or_default();
    assert!(uses.contains("workspace"), "promote reads and writes workspaces: {uses:?}");
    for forbidden in ["connect", "gui", "cli"] {
        assert!(!uses.contains(forbidden), "promote imports {forbidden} (it opens no sockets): {uses:?}");
    }
}
