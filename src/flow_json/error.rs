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

/// A JSON path being walked, for error messages: `Actions[3].Transitions.Errors[0]`. Each step
/// borrows the path it extends, so walking a large flow allocates nothing; the text is made only
/// for an error.
#[derive(Debug, Clone, Copy, Default)]
pub(crate) struct JsonPath<'a> {
    parent: Option<&'a JsonPath<'a>>,
    segment: Segment<'a>,
}

#[derive(Debug, Clone, Copy, Default)]
enum Segment<'a> {
    #[default]
    Root,
    Key(&'a str),
    Index(usize),
}

impl JsonPath<'_> {
    pub(crate) fn key<'b>(&'b self, key: &'b str) -> JsonPath<'b> {
        JsonPath { parent: Some(self), segment: Segment::Key(key) }
    }

    pub(crate) fn index(&self, index: usize) -> JsonPath<'_> {
        JsonPath { parent: Some(self), segment: Segment::Index(index) }
    }

    fn is_root(&self) -> bool {
        matches!(self.segment, Segment::Root) && self.parent.is_none_or(JsonPath::is_root)
    }

    /// Writes the steps from the top; says whether it wrote any.
    fn write_steps(&self, f: &mut fmt::Formatter<'_>) -> Result<bool, fmt::Error> {
        let wrote = match self.parent {
            Some(parent) => parent.write_steps(f)?,
            None => false,
        };
        match self.segment {
            Segment::Root => return Ok(wrote),
            Segment::Key(key) if !wrote => f.write_str(key)?,
            Segment::Key(key) => write!(f, ".{key}")?,
            Segment::Index(index) => write!(f, "[{index}]")?,
        }
        Ok(true)
    }
}

impl fmt::Display for JsonPath<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_root() {
            return f.write_str("(top level)");
        }
        self.write_steps(f).map(|_| ())
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
