//! A 64-bit fingerprint of a JSON value that two values equal as JSON share (object members in
//! any order, as `serde_json::Value`'s equality): taken of a parsed value by walking it, of text
//! being parsed as the value is built, and of text being written by watching the serializer's
//! tokens. `fmt` uses it to check its output against its input without parsing the output again
//! or holding two documents. It guards against mistakes, not against an adversary: the mixing is
//! a fast multiply-fold, and a string is hashed whole, however the serializer splits it.

use std::cell::Cell;
use std::fmt;
use std::io;
use std::rc::Rc;

use serde::de::{DeserializeSeed, Deserializer, MapAccess, SeqAccess, Visitor};
use serde_json::ser::{CharEscape, Formatter};
use serde_json::{Map, Number, Value};

const NULL: u8 = 0;
const BOOL: u8 = 1;
const UNSIGNED: u8 = 2;
const NEGATIVE: u8 = 3;
const FLOAT: u8 = 4;
const STRING: u8 = 5;
const ARRAY: u8 = 6;
const OBJECT: u8 = 7;

/// Odd 64-bit constants with well-spread bits (wyhash's).
const K0: u64 = 0xa076_1d64_78bd_642f;
const K1: u64 = 0xe703_7ed1_a0b4_28db;
const K2: u64 = 0x8ebc_6af0_9c88_c6e3;
const K3: u64 = 0x5899_65cc_7537_4cc3;

/// The folded 128-bit product of two words: every bit of each counts in every bit of the result.
fn fold(a: u64, b: u64) -> u64 {
    let product = u128::from(a) * u128::from(b);
    #[expect(clippy::cast_possible_truncation, reason = "the two halves of the product are folded")]
    let (low, high) = (product as u64, (product >> 64) as u64);
    low ^ high
}

fn mix(tag: u8, bits: u64) -> u64 {
    fold(bits ^ K0, (u64::from(tag) << 56) ^ K1)
}

/// The hash of a whole string's bytes (unescaped), however they were written.
pub(super) fn string_hash(text: &[u8]) -> u64 {
    let mut hash = fold(text.len() as u64 ^ K2, K3);
    let mut words = text.chunks_exact(8);
    for word in &mut words {
        hash = fold(u64::from_le_bytes(word.try_into().unwrap_or_default()) ^ K0, hash ^ K1);
    }
    let mut last = [0u8; 8];
    for (slot, byte) in last.iter_mut().zip(words.remainder()) {
        *slot = *byte;
    }
    mix(STRING, fold(u64::from_le_bytes(last) ^ K2, hash ^ K3))
}

/// One member of an object: its key and its value, combined so that order inside the pair
/// counts but the members' order does not (they are summed).
pub(super) fn member(key: u64, value: u64) -> u64 {
    fold(key ^ K2, value ^ K3)
}

/// The fingerprint of an object from the sum of its members.
pub(super) fn object(sum: u64) -> u64 {
    mix(OBJECT, sum)
}

/// The fingerprint of an array, built element by element in order.
#[derive(Clone, Copy)]
pub(super) struct ArrayHash(u64);

impl ArrayHash {
    pub(super) fn new() -> Self {
        Self(K1)
    }

    pub(super) fn push(&mut self, item: u64) {
        self.0 = fold(item ^ K0, self.0 ^ K2);
    }

    pub(super) fn finish(self) -> u64 {
        mix(ARRAY, self.0)
    }
}

/// The fingerprint of a value that is not an array or an object.
pub(super) fn of_scalar(value: &Value) -> u64 {
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
        Value::Array(_) | Value::Object(_) => of_value(value),
    }
}

/// The fingerprint of a parsed value.
pub fn of_value(value: &Value) -> u64 {
    match value {
        Value::Array(items) => {
            let mut hash = ArrayHash::new();
            for item in items {
                hash.push(of_value(item));
            }
            hash.finish()
        }
        Value::Object(map) => object(
            map.iter().fold(0u64, |sum, (k, v)| sum.wrapping_add(member(string_hash(k.as_bytes()), of_value(v)))),
        ),
        scalar => of_scalar(scalar),
    }
}

/// Parses JSON text into the value `serde_json::from_slice` gives and its fingerprint
/// ([`of_value`]), in one pass: no second walk over a large value.
pub fn parse(bytes: &[u8]) -> Result<(Value, u64), serde_json::Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let mut scratch = Scratch::default();
    let parsed = Fingerprinted { scratch: &mut scratch }.deserialize(&mut deserializer)?;
    deserializer.end()?;
    Ok(parsed)
}

/// Deserializes a `Value` as `serde_json`'s own visitor does, with its fingerprint. Arrays and
/// objects are gathered on shared stacks first, then moved into one allocation of their exact
/// size (JSON does not say how long they are): no regrowing, no spare room.
struct Fingerprinted<'s> {
    scratch: &'s mut Scratch,
}

#[derive(Default)]
struct Scratch {
    items: Vec<Value>,
    members: Vec<(String, Value)>,
}

fn scalar(value: Value) -> (Value, u64) {
    let fingerprint = of_scalar(&value);
    (value, fingerprint)
}

impl<'de> DeserializeSeed<'de> for Fingerprinted<'_> {
    type Value = (Value, u64);

    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Fingerprinted<'_> {
    type Value = (Value, u64);

    fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
        formatter.write_str("any valid JSON value")
    }

    fn visit_bool<E>(self, value: bool) -> Result<Self::Value, E> {
        Ok(scalar(Value::Bool(value)))
    }

    fn visit_i64<E>(self, value: i64) -> Result<Self::Value, E> {
        Ok(scalar(Value::Number(value.into())))
    }

    fn visit_u64<E>(self, value: u64) -> Result<Self::Value, E> {
        Ok(scalar(Value::Number(value.into())))
    }

    fn visit_f64<E>(self, value: f64) -> Result<Self::Value, E> {
        Ok(scalar(Number::from_f64(value).map_or(Value::Null, Value::Number)))
    }

    fn visit_str<E>(self, value: &str) -> Result<Self::Value, E> {
        Ok(scalar(Value::String(value.to_owned())))
    }

    fn visit_string<E>(self, value: String) -> Result<Self::Value, E> {
        Ok(scalar(Value::String(value)))
    }

    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(scalar(Value::Null))
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Self::Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(scalar(Value::Null))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let base = self.scratch.items.len();
        let mut hash = ArrayHash::new();
        while let Some((item, fingerprint)) = seq.next_element_seed(Fingerprinted { scratch: &mut *self.scratch })? {
            hash.push(fingerprint);
            self.scratch.items.push(item);
        }
        let items: Vec<Value> = self.scratch.items.drain(base..).collect();
        Ok((Value::Array(items), hash.finish()))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut access: A) -> Result<Self::Value, A::Error> {
        let base = self.scratch.members.len();
        let mut sum = 0u64;
        while let Some(key) = access.next_key::<String>()? {
            let (value, fingerprint) = access.next_value_seed(Fingerprinted { scratch: &mut *self.scratch })?;
            sum = sum.wrapping_add(member(string_hash(key.as_bytes()), fingerprint));
            self.scratch.members.push((key, value));
        }
        let mut map = Map::with_capacity(self.scratch.members.len().saturating_sub(base));
        let mut duplicate = false;
        for (key, value) in self.scratch.members.drain(base..) {
            duplicate |= map.insert(key, value).is_some();
        }
        let value = Value::Object(map);
        // A repeated key keeps its place and its last value, as `serde_json` does.
        let fingerprint = if duplicate { of_value(&value) } else { object(sum) };
        Ok((value, fingerprint))
    }
}

/// What is being built while the tokens go by.
enum Frame {
    Array(ArrayHash),
    Object { sum: u64, key: Option<u64> },
}

/// A `serde_json` formatter that writes like `inner` and computes the fingerprint of what it
/// writes (the serializer owns the formatter, so the result comes back through a shared cell).
pub struct FingerprintFormatter<F> {
    inner: F,
    stack: Vec<Frame>,
    /// The unescaped bytes of the string being written, hashed whole at its end (so a string
    /// fingerprints the same however the serializer splits it around escapes).
    string: Option<Vec<u8>>,
    /// The buffer of the last string, kept for the next.
    spare: Vec<u8>,
    done: Rc<Cell<Option<u64>>>,
}

impl<F> FingerprintFormatter<F> {
    /// The formatter, and where the fingerprint appears once a whole value has been written.
    pub fn new(inner: F) -> (Self, Rc<Cell<Option<u64>>>) {
        let done = Rc::new(Cell::new(None));
        (Self { inner, stack: Vec::new(), string: None, spare: Vec::new(), done: Rc::clone(&done) }, done)
    }

    /// A complete value: into its array, as its object's key or member, or the result.
    fn value(&mut self, hash: u64) {
        match self.stack.last_mut() {
            Some(Frame::Array(array)) => array.push(hash),
            Some(Frame::Object { sum, key }) => match key.take() {
                None => *key = Some(hash),
                Some(k) => *sum = sum.wrapping_add(member(k, hash)),
            },
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
        if let Some(string) = &mut self.string {
            string.extend_from_slice(bytes);
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
        let mut string = std::mem::take(&mut self.spare);
        string.clear();
        self.string = Some(string);
        self.inner.begin_string(writer)
    }

    fn end_string<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(string) = self.string.take() {
            self.value(string_hash(&string));
            self.spare = string;
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
        self.stack.push(Frame::Array(ArrayHash::new()));
        self.inner.begin_array(writer)
    }

    fn end_array<W: ?Sized + io::Write>(&mut self, writer: &mut W) -> io::Result<()> {
        if let Some(Frame::Array(array)) = self.stack.pop() {
            self.value(array.finish());
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
            self.value(object(sum));
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

    #[test]
    fn parsing_gives_the_value_serde_json_gives_and_its_fingerprint() {
        let texts = [
            r#"{"a": [1, -2, 2.5, 1e300, "x\"y\n\u00e9", null, true], "b": {"c": {}}, "": [], "n": 18446744073709551615}"#,
            r#"{"a": 1, "b": 2, "a": 3}"#,
            r#"[{"k": {"k": 1, "k": [2]}}, [], {}]"#,
            r#""just a string""#,
            "-0.0",
        ];
        for text in texts {
            let expected: Value = serde_json::from_str(text).unwrap();
            let (value, fingerprint) = parse(text.as_bytes()).unwrap();
            assert_eq!(value, expected, "{text}");
            assert_eq!(serde_json::to_string(&value).unwrap(), serde_json::to_string(&expected).unwrap(), "{text}");
            assert_eq!(fingerprint, of_value(&expected), "{text}");
        }
        assert!(parse(b"{\"a\": 1} x").is_err());
        assert!(parse(b"[1,").is_err());
    }

    proptest::proptest! {
        #[test]
        fn a_string_fingerprints_the_same_written_in_pieces_as_read_whole(text in "(\\PC|[\"\\\\\n\t\u{0}-\u{1f}/]){0,40}") {
            let value = json!({ text.clone(): [text.clone(), {"k": text}] });
            let (written, fingerprint) = written(&value);
            proptest::prop_assert_eq!(fingerprint, Some(of_value(&value)));
            proptest::prop_assert_eq!(parse(written.as_bytes()).map(|(_, f)| f).ok(), Some(of_value(&value)));
        }
    }
}
