//! `whisperwire diff OLD NEW [--format text|json] [--layout]` and `whisperwire diff --git …`:
//! the semantic diff of two flow files, for people, scripts and git.
//!
//! Exit codes: 0 no semantic change (moved blocks are not one), 1 changes, 2 a file could not be
//! read. As git's external diff command (`--git`), the exit code is 0 whenever the diff was
//! shown: git treats any other as "external diff died" and stops. A side that is not a readable
//! flow is then said in the output instead.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::bail;
use serde::Serialize;

use super::{EXIT_BAD_INPUT, write_stdout};
use crate::diff::{self, Change, FlowDiff};
use crate::flow_json;
use crate::model::{ActionId, FlowDocument};

/// Arguments of `whisperwire diff`.
#[derive(Debug, Clone, clap::Args)]
pub struct DiffArgs {
    /// OLD and NEW flow files. With `--git`: the 7 arguments git passes an external diff
    /// command (path old-file old-hex old-mode new-file new-hex new-mode; 9 for a rename).
    #[arg(value_name = "OLD NEW", required = true)]
    pub files: Vec<PathBuf>,
    /// `text`: one line per change and a summary; `json`: one JSON document (schema in README).
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// List moved blocks too (by default they are only counted).
    #[arg(long)]
    pub layout: bool,
    /// Run as git's external diff driver: `git config diff.connectflow.command "whisperwire diff --git"`.
    /// Always text.
    #[arg(long, conflicts_with = "format")]
    pub git: bool,
}

/// How the changes are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    Text,
    Json,
}

/// What git names `/dev/null`: the side of an added or deleted file.
const NULL_FILE: &str = "/dev/null";

pub fn run(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    if args.git {
        return git(args);
    }
    let [old_file, new_file] = args.files.as_slice() else {
        bail!("diff takes two files, OLD and NEW; {} given", args.files.len());
    };
    let (old, new) = match (flow_json::load(old_file), flow_json::load(new_file)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for error in [old.err(), new.err()].into_iter().flatten() {
                eprintln!("error: {error}");
            }
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let diff = diff::diff(&old, &new);
    let text = match args.format {
        Format::Text => diff.to_text(args.layout),
        Format::Json => json_report(&diff, old_file, new_file, args.layout)?,
    };
    write_stdout(&text)?;
    Ok(if diff.has_semantic_changes() { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The `--format json` document, schema version 1 (README). Field order is the output's.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonReport<'a> {
    schema_version: u32,
    old: String,
    new: String,
    changes: Vec<JsonChange<'a>>,
    summary: JsonSummary,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonChange<'a> {
    kind: &'static str,
    action_id: Option<&'a str>,
    block: Option<&'a str>,
    block_type: Option<&'a str>,
    field: &'a str,
    old: Option<&'a str>,
    new: Option<&'a str>,
    old_target: Option<&'a str>,
    new_target: Option<&'a str>,
}

#[derive(Serialize)]
struct JsonSummary {
    changes: usize,
    moved: usize,
}

fn json_report(diff: &FlowDiff, old: &Path, new: &Path, layout: bool) -> anyhow::Result<String> {
    let changes = diff.changes.iter().filter(|c| layout || c.kind.is_semantic()).map(json_change).collect();
    let report = JsonReport {
        schema_version: 1,
        old: old.display().to_string(),
        new: new.display().to_string(),
        changes,
        summary: JsonSummary { changes: diff.semantic_count(), moved: diff.moved_count() },
    };
    let mut text = serde_json::to_string_pretty(&report)?;
    text.push('\n');
    Ok(text)
}

fn json_change(change: &Change) -> JsonChange<'_> {
    JsonChange {
        kind: change.kind.as_str(),
        action_id: change.action.as_ref().map(ActionId::as_str),
        block: change.block.as_deref(),
        block_type: change.block_type.as_deref(),
        field: &change.field,
        old: change.old.as_deref(),
        new: change.new.as_deref(),
        old_target: change.old_target.as_ref().map(ActionId::as_str),
        new_target: change.new_target.as_ref().map(ActionId::as_str),
    }
}

/// `--git`: git's arguments in, a header and the semantic changes out, exit 0.
fn git(args: &DiffArgs) -> anyhow::Result<ExitCode> {
    let text = match args.files.as_slice() {
        [path] => format!("diff --whisperwire {}\nunmerged: resolve the conflict, then diff again\n", path.display()),
        [path, old_file, _, _, new_file, _, _] => git_text(path, old_file, new_file, None, args.layout),
        [path, old_file, _, _, new_file, _, _, new_path, _] => {
            git_text(path, old_file, new_file, Some(new_path), args.layout)
        }
        other => bail!(
            "diff --git takes the 7 arguments git passes an external diff command (path old-file old-hex old-mode \
             new-file new-hex new-mode), or 9 for a rename; {} given",
            other.len()
        ),
    };
    write_stdout(&text)?;
    Ok(ExitCode::SUCCESS)
}

/// One file's section of `git diff`: a header naming the path, then the changes.
fn git_text(path: &Path, old_file: &Path, new_file: &Path, renamed: Option<&Path>, layout: bool) -> String {
    let shown = path.display();
    let mut text = match renamed {
        Some(to) => format!("diff --whisperwire a/{shown} b/{}\nrenamed to {0}\n", to.display()),
        None => format!("diff --whisperwire a/{shown} b/{shown}\n"),
    };
    let old = git_side(old_file, "old", &mut text);
    let new = git_side(new_file, "new", &mut text);
    match (old, new) {
        (Some(old), Some(new)) => {
            if old_file == Path::new(NULL_FILE) {
                let _ = writeln!(text, "new flow {:?}", new.display_name());
            } else if new_file == Path::new(NULL_FILE) {
                let _ = writeln!(text, "deleted flow {:?}", old.display_name());
            }
            text.push_str(&diff::diff(&old, &new).to_text(layout));
        }
        _ => text.push_str("no semantic diff: see the note above; `git diff --no-ext-diff` shows the lines\n"),
    }
    text
}

/// One side of a git diff: an empty document for `/dev/null`, `None` (and a note in `text`)
/// when the file is not a readable flow.
fn git_side(file: &Path, side: &str, text: &mut String) -> Option<FlowDocument> {
    if file == Path::new(NULL_FILE) {
        return Some(FlowDocument::default());
    }
    let bytes = match flow_json::read_limited(file) {
        Ok(bytes) => bytes,
        Err(error) => {
            let _ = writeln!(text, "the {side} version cannot be read: {error}");
            return None;
        }
    };
    match flow_json::from_slice(&bytes) {
        Ok(doc) => Some(doc),
        Err(error) => {
            let _ = writeln!(text, "the {side} version is not a readable flow: {error}");
            None
        }
    }
}
