//! Amazon Connect flow-language JSON ⇄ [`FlowDocument`], losslessly: every field whisperwire
//! does not model is carried through untouched, and an unchanged document exports equal to its
//! file, key order included. Also reads the API wrappers found in the wild
//! (`{"ContactFlow": {"Content": "…"}}`, `{"Name", "Type", "Content"}`) and recognises the
//! pre-2019 export format with a clear error.

mod error;
pub mod fingerprint;
mod params;
mod read;
mod style;
mod write;

use std::borrow::Cow;
use std::io::Read;
use std::path::Path;

pub use error::{LoadError, ParseError};
pub use read::from_value;
pub use write::{flow_value, to_value, write_flow};

use serde_json::{Map, Value};

use crate::model::{Action, ActionKind, FlowDocument};

/// Files above this size are refused (Amazon Connect's own limit is 256,000 characters).
pub const MAX_FILE_BYTES: u64 = 10 * 1024 * 1024;

/// Reads a flow from JSON bytes. A UTF-8 byte order mark is ignored. The text's layout (line
/// endings, indentation) is kept in the document for [`to_file_string`].
pub fn from_slice(bytes: &[u8]) -> Result<FlowDocument, ParseError> {
    let mut doc = from_value(parse_value(bytes)?)?;
    doc.envelope.text_style = style::detect(bytes);
    Ok(doc)
}

/// The text a save writes: the canonical text laid out in the document's own style (the line
/// endings and indentation its file had), so a one-block edit is a one-block diff.
pub fn to_file_string(doc: &FlowDocument) -> String {
    style::apply(doc.envelope.text_style, to_canonical_string(doc))
}

/// `text` (canonical) laid out in the style of `like` (a file's bytes): how a file that is
/// rewritten keeps its layout.
pub fn in_style_of(text: String, like: &[u8]) -> String {
    style::apply(style::detect(like), text)
}

pub fn from_str(text: &str) -> Result<FlowDocument, ParseError> {
    from_slice(text.as_bytes())
}

/// Reads a flow file; errors name the file (and line and column, or JSON path).
pub fn load(path: &Path) -> Result<FlowDocument, LoadError> {
    let bytes = read_limited(path)?;
    from_slice(&bytes).map_err(|source| LoadError::Parse { path: path.to_owned(), source })
}

/// Reads a file of at most [`MAX_FILE_BYTES`], refusing a larger one without reading it all.
pub fn read_limited(path: &Path) -> Result<Vec<u8>, LoadError> {
    let io_error = |source| LoadError::Io { path: path.to_owned(), source };
    let file = std::fs::File::open(path).map_err(io_error)?;
    let size = file.metadata().map_err(io_error)?.len();
    if size > MAX_FILE_BYTES {
        return Err(LoadError::Parse { path: path.to_owned(), source: ParseError::TooLarge { bytes: size } });
    }
    let mut bytes = Vec::with_capacity(usize::try_from(size).unwrap_or(0));
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(LoadError::Parse {
            path: path.to_owned(),
            source: ParseError::TooLarge { bytes: bytes.len() as u64 },
        });
    }
    Ok(bytes)
}

/// The canonical text of a document: two-space indented JSON in the document's key order, with a
/// final newline. `whisperwire fmt` prints this; saves write it.
pub fn to_canonical_string(doc: &FlowDocument) -> String {
    write::canonical_string(doc)
}

/// Why [`format`] gives no text.
#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    Parse(#[from] ParseError),
    #[error("internal error: the formatted flow would differ from the file; nothing was written")]
    WouldDiffer,
}

/// `whisperwire fmt`: the canonical text of flow JSON bytes, checked to be equal as JSON to
/// them. One parse, one document, one output: the output is checked by fingerprint while it is
/// written; only when the fingerprints differ (a duplicate key, say) is the exact comparison of
/// values made. Never touches phone-number data.
pub fn format(bytes: &[u8]) -> Result<String, FormatError> {
    format_keeping(bytes).map(|formatted| formatted.text)
}

/// What [`format_keeping`] gives: the text, and the document it was written from (none when
/// the exact comparison was needed).
pub struct Formatted {
    pub text: String,
    pub doc: Option<FlowDocument>,
}

/// [`format`], handing the document back with the text: a caller about to exit need not spend
/// time freeing it.
pub fn format_keeping(bytes: &[u8]) -> Result<Formatted, FormatError> {
    let (input, expected) = fingerprint::parse(json_bytes(bytes)?).map_err(|e| ParseError::from_serde(&e))?;
    let doc = from_value(input)?;
    if let Some(text) = checked_text(&doc, expected, bytes.len()) {
        return Ok(Formatted { text, doc: Some(doc) });
    }
    let exported = to_value(&doc);
    drop(doc);
    if exported != parse_value(bytes)? {
        return Err(FormatError::WouldDiffer);
    }
    Ok(Formatted { text: canonical_text(&exported), doc: None })
}

/// The canonical text of a document checked against the value it was read from: `None` when
/// the text would not be equal as JSON to `input` (which [`fingerprint::of_value`] gave).
/// Checking costs no second document in memory and no second parse.
pub fn to_canonical_string_checked(doc: &FlowDocument, input: u64) -> Option<String> {
    checked_text(doc, input, 0)
}

/// [`to_canonical_string_checked`], reserving `size_hint` bytes for the text.
fn checked_text(doc: &FlowDocument, input: u64, size_hint: usize) -> Option<String> {
    let (text, fingerprint) = write::canonical_string_with_fingerprint(doc, size_hint);
    (fingerprint == Some(input)).then_some(text)
}

/// Parses flow JSON bytes into a value, as [`from_slice`] does first (size limit, byte order
/// mark, syntax errors with line and column).
pub fn parse_value(bytes: &[u8]) -> Result<serde_json::Value, ParseError> {
    serde_json::from_slice(json_bytes(bytes)?).map_err(|e| ParseError::from_serde(&e))
}

/// The JSON text of flow bytes: at most [`MAX_FILE_BYTES`], without a byte order mark.
fn json_bytes(bytes: &[u8]) -> Result<&[u8], ParseError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(ParseError::TooLarge { bytes: bytes.len() as u64 });
    }
    Ok(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes))
}

/// The canonical text of any JSON value.
pub fn canonical_text(value: &serde_json::Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_else(|_| value.to_string());
    text.push('\n');
    text
}

/// A block's `Parameters` as export writes them: the file's, with the typed view written in.
/// Borrowed from the action when the typed view still says what the file says.
pub fn parameters(action: &Action) -> Cow<'_, Map<String, Value>> {
    let raw = action.raw_parameters();
    if let Some(raw) = raw
        && params::read_kind(action.kind.type_name(), raw) == action.kind
    {
        return Cow::Borrowed(raw);
    }
    let mut written = raw.cloned().unwrap_or_default();
    params::write_kind(&action.kind, &mut written);
    Cow::Owned(written)
}

/// Writes a block's typed parameters into a `Parameters` object, changing only the parameters
/// whose meaning differs (the keys of `kind`'s type that whisperwire models; others untouched).
pub fn write_parameters(kind: &ActionKind, params: &mut Map<String, Value>) {
    params::write_kind(kind, params);
}

/// `object.get(key)`, found by comparing keys when the object is as small as a flow's objects
/// mostly are: hashing the key would cost more.
pub(crate) fn field<'a>(object: &'a Map<String, Value>, key: &str) -> Option<&'a Value> {
    if object.len() > 8 {
        return object.get(key);
    }
    object.iter().find_map(|(k, v)| (k == key).then_some(v))
}

#[cfg(test)]
mod tests;
