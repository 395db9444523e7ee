//! `whisperwire diff OLD NEW [--format text|json] [--layout]` and `whisperwire diff --git …`:
//! the semantic diff of two flow files, for people, scripts and git.
//!
//! Exit codes: 0 no semantic change (moved blocks are not one), 1 changes, 2 a file could not be
//! read. `/dev/null` on one side is a flow that is new or deleted. As git's external diff command
//! (`--git`), the exit code is 0 whenever the diff was shown: git treats any other as "external
//! diff died" and stops. A file that is not a readable flow is then shown as a plain line diff,
//! under a one-line note saying why.

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
    let load = |file: &Path| if is_null(file) { Ok(None) } else { flow_json::load(file).map(Some) };
    let (old, new) = match (load(old_file), load(new_file)) {
        (Ok(old), Ok(new)) => (old, new),
        (old, new) => {
            for error in [old.err(), new.err()].into_iter().flatten() {
                eprintln!("error: {error}");
            }
            return Ok(ExitCode::from(EXIT_BAD_INPUT));
        }
    };
    let diff = match (&old, &new) {
        (Some(old), Some(new)) => diff::diff(old, new),
        (None, Some(new)) => diff::flow_added(new),
        (Some(old), None) => diff::flow_removed(old),
        (None, None) => FlowDiff::default(),
    };
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
    /// An added or removed block's branches; left out for other changes.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    branches: Vec<JsonBranch<'a>>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct JsonBranch<'a> {
    label: &'a str,
    target: &'a str,
    target_name: &'a str,
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
        branches: change
            .branches
            .iter()
            .map(|b| JsonBranch { label: &b.label, target: b.target.as_str(), target_name: &b.shown })
            .collect(),
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

/// One file's section of `git diff`: a header naming the path, then the semantic changes; for
/// a file that is not a readable flow, a one-line note and its plain line diff.
fn git_text(path: &Path, old_file: &Path, new_file: &Path, renamed: Option<&Path>, layout: bool) -> String {
    let shown = path.display();
    let new_path = renamed.unwrap_or(path).display();
    let mut text = match renamed {
        Some(to) => format!("diff --whisperwire a/{shown} b/{}\nrenamed to {0}\n", to.display()),
        None => format!("diff --whisperwire a/{shown} b/{shown}\n"),
    };
    let old = git_side(old_file);
    let new = git_side(new_file);
    let diff = match (&old, &new) {
        (GitSide::Flow { doc: old, .. }, GitSide::Flow { doc: new, .. }) => Some(diff::diff(old, new)),
        (GitSide::Absent, GitSide::Flow { doc: new, .. }) => Some(diff::flow_added(new)),
        (GitSide::Flow { doc: old, .. }, GitSide::Absent) => Some(diff::flow_removed(old)),
        _ => None,
    };
    if let Some(diff) = diff {
        text.push_str(&diff.to_text(layout));
        return text;
    }
    // Not both flows: say why in one line, then show the lines.
    let reasons: Vec<String> =
        [("old", &old), ("new", &new)].into_iter().filter_map(|(side, what)| what.problem(side)).collect();
    let _ = writeln!(text, "note: {}; a plain line diff follows", reasons.join("; "));
    match (old.text(), new.text()) {
        (Some(before), Some(after)) => {
            let old_name = if is_null(old_file) { NULL_FILE.to_owned() } else { format!("a/{shown}") };
            let new_name = if is_null(new_file) { NULL_FILE.to_owned() } else { format!("b/{new_path}") };
            let lines = diff::lines::unified(before, after, &old_name, &new_name);
            if lines.is_empty() {
                text.push_str("the two versions differ only in line endings or the final newline\n");
            }
            text.push_str(&lines);
        }
        _ => text.push_str("no line diff: a version is not text\n"),
    }
    text
}

/// Whether `file` is git's `/dev/null`: the side of a file added or deleted.
fn is_null(file: &Path) -> bool {
    file == Path::new(NULL_FILE)
}

/// One side of a git diff.
enum GitSide {
    /// `/dev/null`: the file is new or deleted.
    Absent,
    /// A flow, and the file's text when it is text.
    Flow { doc: Box<FlowDocument>, text: Option<String> },
    /// Read, but not a flow: why, and its text when it is text.
    NotFlow { why: String, text: Option<String> },
    /// Could not be read at all.
    Unreadable(String),
}

impl GitSide {
    /// Why this side is not a flow ("the new version is not a readable flow (…)"), if it is not.
    fn problem(&self, side: &str) -> Option<String> {
        let why = match self {
            Self::Absent | Self::Flow { .. } => return None,
            Self::NotFlow { why, .. } => format!("the {side} version is not a readable flow ({why})"),
            Self::Unreadable(why) => format!("the {side} version cannot be read ({why})"),
        };
        Some(crate::model::words::one_line(&why).into_owned())
    }

    /// The side's text for the line diff: empty for `/dev/null`, else the file's own.
    fn text(&self) -> Option<&str> {
        match self {
            Self::Absent => Some(""),
            Self::Flow { text, .. } | Self::NotFlow { text, .. } => text.as_deref(),
            Self::Unreadable(_) => None,
        }
    }
}

fn git_side(file: &Path) -> GitSide {
    if is_null(file) {
        return GitSide::Absent;
    }
    let bytes = match flow_json::read_limited(file) {
        Ok(bytes) => bytes,
        Err(error) => return GitSide::Unreadable(error.to_string()),
    };
    match flow_json::from_slice(&bytes) {
        Ok(doc) => GitSide::Flow { doc: Box::new(doc), text: String::from_utf8(bytes).ok() },
        Err(error) => GitSide::NotFlow { why: error.to_string(), text: String::from_utf8(bytes).ok() },
    }
}
