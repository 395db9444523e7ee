//! Errors of reading a flow file: syntax (with line and column), shape (with the JSON path),
//! the pre-2019 format, size.

use std::fmt;
use std::io;
use std::path::PathBuf;

/// Why a text is not a flow whisperwire can read.
#[derive(Debug, thiserror::Error)]
pub enum ParseError {
    /// Not JSON. `line` and `column` are 1-based.
    #[error("{line}:{column}: {message}")]
    Syntax { line: usize, column: usize, message: String },
    /// Valid JSON of the wrong shape; `path` is a JSON path such as `Actions[3].Transitions`.
    #[error("{path}: {message}")]
    Shape { path: String, message: String },
    #[error(
        "this flow is in the pre-2019 export format (\"modules\"), which Amazon Connect no longer imports: open it in \
         the current Amazon Connect flow designer and export it again"
    )]
    Legacy,
    #[error("the file is {bytes} bytes; flow files over {limit} bytes are refused (Amazon Connect's own limit is 256,000 characters)", limit = super::MAX_FILE_BYTES)]
    TooLarge { bytes: u64 },
}

impl ParseError {
    pub(crate) fn shape(path: &JsonPath, message: impl Into<String>) -> Self {
        Self::Shape { path: path.to_string(), message: message.into() }
    }

    /// Converts `serde_json`'s error, keeping line and column apart from the message.
    pub(crate) fn from_serde(error: &serde_json::Error) -> Self {
        let full = error.to_string();
        let suffix = format!(" at line {} column {}", error.line(), error.column());
        let message = full.strip_suffix(&suffix).unwrap_or(&full).to_owned();
        Self::Syntax { line: error.line(), column: error.column(), message }
    }
}

/// A file could not be read as a flow. Displays as `FILE:LINE:COL: message` for syntax errors
/// and `FILE: json.path: message` for the others, as compilers do.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    #[error("{}: cannot read the file: {source}", path.display())]
    Io { path: PathBuf, source: io::Error },
    #[error("{}", ParseDisplay(path, source))]
    Parse { path: PathBuf, source: ParseError },
}

impl LoadError {
    pub fn path(&self) -> &std::path::Path {
        match self {
            Self::Io { path, .. } | Self::Parse { path, .. } => path,
        }
    }
}

struct ParseDisplay<'a>(&'a PathBuf, &'a ParseError);

impl fmt::Display for ParseDisplay<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.1 {
            ParseError::Syntax { .. } => write!(f, "{}:{}", self.0.display(), self.1),
            other => write!(f, "{}: {other}", self.0.display()),
        }
    }
}

/// A JSON path being walked, for error messages: `Actions[3].Transitions.Errors[0]`.
#[derive(Debug, Clone, Default)]
pub(crate) struct JsonPath(Vec<Segment>);

#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

impl JsonPath {
    pub(crate) fn key(&self, key: &str) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    pub(crate) fn index(&self, index: usize) -> Self {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }
}

impl fmt::Display for JsonPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(top level)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(key) if i == 0 => f.write_str(key)?,
                Segment::Key(key) => write!(f, ".{key}")?,
                Segment::Index(index) => write!(f, "[{index}]")?,
            }
        }
        Ok(())
    }
}

/// Names a JSON value's kind for "expected an object, found a string".
pub(crate) fn kind_of(value: &serde_json::Value) -> &'static str {
    match value {
        serde_json::Value::Null => "null",
        serde_json::Value::Bool(_) => "a boolean",
        serde_json::Value::Number(_) => "a number",
        serde_json::Value::String(_) => "a string",
        serde_json::Value::Array(_) => "an array",
        serde_json::Value::Object(_) => "an object",
    }
}
