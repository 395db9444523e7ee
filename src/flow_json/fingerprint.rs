//! A 64-bit fingerprint of a JSON value that two values equal as JSON share (object members in
//! any order, as `serde_json::Value`'s equality): taken of a parsed value by walking it, and of
//! text being written by watching the serializer's tokens. `fmt` uses it to check its output
//! against its input without parsing the output again or holding two documents.

use std::cell::Cell;
use std::hash::{DefaultHasher, Hasher};
use std::io;
use std::rc::Rc;

use serde_json::Value;
use serde_json::ser::{CharEscape, Formatter};

const NULL: u8 = 0;
const BOOL: u8 = 1;
const UNSIGNED: u8 = 2;
const NEGATIVE: u8 = 3;
const FLOAT: u8 = 4;
const STRING: u8 = 5;
const ARRAY: u8 = 6;
const OBJECT: u8 = 7;

fn mix(tag: u8, bits: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write_u8(tag);
    hasher.write_u64(bits);
    hasher.finish()
}

fn string_hash(text: &[u8]) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write(text);
    mix(STRING, hasher.finish())
}

/// One member of an object: its key and its value, combined so that order inside the pair
/// counts but the members' order does not (they are summed).
fn member(key: u64, value: u64) -> u64 {
    let mut hasher = DefaultHasher::new();
    hasher.write_u64(key);
    hasher.write_u64(value);
    hasher.finish()
}

/// The fingerprint of a parsed value.
pub fn of_value(value: &Value) -> u64 {
    match value {
        Value::Null => mix(NULL, 0),
        Value::Bool(b) => mix(BOOL, u64::from(*b)),
        Value::Number(n) => {
            if let Some(u) = n.as_u64() {
                mix(UNSIGNED, u)
            } else if let Some(i) = n.as_i64() {
                mix(NEGATIVE, i.cast_unsigned())
            } else {
                mix(FLOAT, n.as_f64().unwrap_or_default().to_bits())
            }
        }
        Value::String(s) => string_hash(s.as_bytes()),
        Value::Array(items) => {
            let mut hasher = DefaultHasher::new();
            hasher.write_u8(ARRAY);
            for item in items {
                hasher.write_u64(of_value(item));
            }
            hasher.finish()
        }
        Value::Object(map) => {
            let sum =
                map.iter().fold(0u64, |sum, (k, v)| sum.wrapping_add(member(string_hash(k.as_bytes()), of_value(v))));
            mix(OBJECT, sum)
        }
    }
}

/// What is being built while the tokens go by.
enum Frame {
    Array(DefaultHasher),
    Object { sum: u64, key: Option<u64> },
    String(DefaultHasher),
}

/// A `serde_json` formatter that writes like `inner` and computes the fingerprint of what it
/// writes (the serializer owns the formatter, so the result comes back through a shared cell).
pub struct FingerprintFormatter<F> {
    inner: F,
    stack: Vec<Frame>,
    done: Rc<Cell<Option<u64>>>,
}

impl<F> FingerprintFormatter<F> {
    /// The formatter, and where the fingerprint appears once a whole value has been written.
    pub fn new(inner: F) -> (Self, Rc<Cell<Option<u64>>>) {
        let done = Rc::new(Cell::new(None));
        (Self { inner, stack: Vec::new(), done: Rc::clone(&done) }, done)
    }

    /// A complete value: into its array, as its object's key or member, or the result.
    fn value(&mut self, hash: u64) {
        match self.stack.last_mut() {
            Some(Frame::Array(hasher)) => hasher.write_u64(hash),
            Some(Frame::Object { sum, key }) => match key.take() {
                None => *key = Some(hash),
                Some(k) => *sum = sum.wrapping_add(member(k, hash)),
            },
            Some(Frame::String(_)) => {}
            None => self.done.set(Some(hash)),
        }
    }

    fn unsigned(&mut self, value: u64) {
        self.value(mix(UNSIGNED, value));
    }

    fn signed(&mut self, value: i64) {
        match u64::try_from(value) {
            Ok(unsigned) => self.unsigned(unsigned),
            Err(_) => self.value(mix(NEGATIVE, value.cast_unsigned())),
        }
    }

    fn string_bytes(&mut self, bytes: &[u8]) {
        if let Some(Frame::String(hasher)) = self.stack.last_mut() {
            hasher.write(bytes);
        }
    }
}

fn unescaped(escape: &CharEscape) -> u8 {
    match escape {
        CharEscape::Quote => b'"',
        CharEscape::ReverseSolidus => b'\\',
        CharEscape::Solidus => b'/',
        CharEscape::Backspace => 0x08,
        CharEscape::FormFeed => 0x0c,
        CharEscape::LineFeed => b'\n',
        CharEscape::CarriageReturn => b'\r',
        CharEscape::Tab => b'\t',
        CharEscape::AsciiControl(byte) => *byte,
    }
}

impl<F: Formatter> Formatter for FingerprintFormatter<F> {
    fn write_null<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.value(mix(NULL, 0));
        self.inner.write_null(writer)
    }

    fn write_bool<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: bool) -> io::Result<()> {
        self.value(mix(BOOL, u64::from(value)));
        self.inner.write_bool(writer, value)
    }

    fn write_i8<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i8) -> io::Result<()> {
        self.signed(i64::from(value));
        self.inner.write_i8(writer, value)
    }

    fn write_i16<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i16) -> io::Result<()> {
        self.signed(i64::from(value));
        self.inner.write_i16(writer, value)
    }

    fn write_i32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i32) -> io::Result<()> {
        self.signed(i64::from(value));
        self.inner.write_i32(writer, value)
    }

    fn write_i64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: i64) -> io::Result<()> {
        self.signed(value);
        self.inner.write_i64(writer, value)
    }

    fn write_u8<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u8) -> io::Result<()> {
        self.unsigned(u64::from(value));
        self.inner.write_u8(writer, value)
    }

    fn write_u16<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u16) -> io::Result<()> {
        self.unsigned(u64::from(value));
        self.inner.write_u16(writer, value)
    }

    fn write_u32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u32) -> io::Result<()> {
        self.unsigned(u64::from(value));
        self.inner.write_u32(writer, value)
    }

    fn write_u64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: u64) -> io::Result<()> {
        self.unsigned(value);
        self.inner.write_u64(writer, value)
    }

    fn write_f32<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f32) -> io::Result<()> {
        self.value(mix(FLOAT, f64::from(value).to_bits()));
        self.inner.write_f32(writer, value)
    }

    fn write_f64<W: ?Sized + io::Write>(&mut self, writer: &mut W, value: f64) -> io::Result<()> {
        self.value(mix(FLOAT, value.to_bits()));
        self.inner.write_f64(writer, value)
    }

    fn begin_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.stack.push(Frame::String(DefaultHasher::new()));
        self.inner.begin_string(writer)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(Frame::String(hasher)) = self.stack.pop() {
            self.value(mix(STRING, hasher.finish()));
        }
        self.inner.end_string(writer)
    }

    fn write_string_fragment<W: ?Sized + io::Write>(&mut self, writer: &mut W, fragment: &str) -> io::Result<()> {
        self.string_bytes(fragment.as_bytes());
        self.inner.write_string_fragment(writer, fragment)
    }

    fn write_char_escape<W: ?Sized + io::Write>(&mut self, writer: &mut W, escape: CharEscape) -> io::Result<()> {
        self.string_bytes(&[unescaped(&escape)]);
        self.inner.write_char_escape(writer, escape)
    }

    fn begin_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        let mut hasher = DefaultHasher::new();
        hasher.write_u8(ARRAY);
        self.stack.push(Frame::Array(hasher));
        self.inner.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(Frame::Array(hasher)) = self.stack.pop() {
            self.value(hasher.finish());
        }
        self.inner.end_array(writer)
    }

    fn begin_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_array_value(writer, first)
    }

    fn end_array_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_array_value(writer)
    }

    fn begin_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.stack.push(Frame::Object { sum: 0, key: None });
        self.inner.begin_object(writer)
    }

    fn end_object<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(Frame::Object { sum, .. }) = self.stack.pop() {
            self.value(mix(OBJECT, sum));
        }
        self.inner.end_object(writer)
    }

    fn begin_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W, first: bool) -> io::Result<()> {
        self.inner.begin_object_key(writer, first)
    }

    fn end_object_key<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object_key(writer)
    }

    fn begin_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.begin_object_value(writer)
    }

    fn end_object_value<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        self.inner.end_object_value(writer)
    }
}

#[cfg(test)]
mod tests {
    use serde::Serialize;
    use serde_json::json;
    use serde_json::ser::{PrettyFormatter, Serializer};

    use super::*;

    fn written(value: &Value) -> (String, Option<u64>) {
        let mut out = Vec::new();
        let (formatter, fingerprint) = FingerprintFormatter::new(PrettyFormatter::new());
        value.serialize(&mut Serializer::with_formatter(&mut out, formatter)).unwrap();
        (String::from_utf8(out).unwrap(), fingerprint.get())
    }

    #[test]
    fn writing_gives_the_fingerprint_of_the_value_and_the_same_text() {
        let value = json!({"a": [1, -2, 2.5, "x\"y\n", null, true], "b": {"c": {}}, "": []});
        let (text, fingerprint) = written(&value);
        assert_eq!(text, serde_json::to_string_pretty(&value).unwrap());
        assert_eq!(fingerprint, Some(of_value(&value)));
    }

    #[test]
    fn member_order_does_not_count_but_array_order_and_kinds_do() {
        assert_eq!(of_value(&json!({"a": 1, "b": 2})), of_value(&json!({"b": 2, "a": 1})));
        assert_ne!(of_value(&json!([1, 2])), of_value(&json!([2, 1])));
        assert_ne!(of_value(&json!({"a": 1})), of_value(&json!({"a": "1"})));
        assert_ne!(of_value(&json!({"a": 1, "b": 2})), of_value(&json!({"a": 2, "b": 1})));
        assert_ne!(of_value(&json!(1)), of_value(&json!(1.0)));
    }
}
