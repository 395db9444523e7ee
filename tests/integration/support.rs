//! Shared helpers: where the corpus and samples are, and running the real binary.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub fn manifest_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The shared corpus of real flows, or `None` (with a printed note) when this clone has no
/// `../shared`. Under CI (`CI=true`) its absence fails the test.
pub fn corpus_dir() -> Option<PathBuf> {
    let dir = manifest_dir().join("../shared/corpus/flows");
    if dir.is_dir() {
        return Some(dir);
    }
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "CI=true but the shared corpus is missing at {}",
        dir.display()
    );
    eprintln!("note: {} not found; corpus tests skipped (they run under CI)", dir.display());
    None
}

/// Every file under the corpus folder (recursively), sorted, except INDEX.md.
pub fn corpus_files(dir: &Path) -> Vec<PathBuf> {
    files_under(dir, |path| path.file_name().is_some_and(|n| n != "INDEX.md"))
}

/// Every file under `dir` (recursively) that `wanted` keeps, sorted.
pub fn files_under(dir: &Path, wanted: impl Fn(&Path) -> bool) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut pending = vec![dir.to_owned()];
    while let Some(folder) = pending.pop() {
        for entry in std::fs::read_dir(&folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                pending.push(path);
            } else if wanted(&path) {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Runs the real `whisperwire` executable.
pub fn whisperwire(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_whisperwire")).args(args).output().expect("run whisperwire")
}

pub fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

pub fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}
