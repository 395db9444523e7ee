//! E.164 phone numbers: the `PhoneNumber` proof type, lenient normalisation of what agents
//! type, formatting, and "did you mean" fixes, over Google's libphonenumber metadata.
//!
//! Two entry points, two attitudes:
//! - [`PhoneNumber::parse_e164`] is strict. It is what Amazon Connect does with a caller ID: the
//!   text must already be E.164 (`+`, then 2 to 15 digits, the first 1-9) *and* be a valid
//!   number for its country.
//! - [`to_e164`] is lenient, like a softphone's dial pad: spaces, dashes, dots, parentheses, a
//!   leading `00`, or a national number with a default region are all accepted.
//!
//! Inputs are screened (length, characters) before they reach the `phonenumber` parser, so no
//! input, however odd, can panic here.

use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::rc::Rc;
use std::str::FromStr;

use phonenumber::country::Id as CountryId;
use phonenumber::metadata::DATABASE;
use phonenumber::{Mode, ParseError};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Most digits an E.164 number may have, country code included.
const MAX_E164_DIGITS: usize = 15;

/// Most digits accepted in a national number: 14 significant digits plus a trunk prefix.
const MAX_NATIONAL_DIGITS: usize = 17;

/// Inputs longer than this (in characters) are refused before any parsing.
const MAX_INPUT_CHARS: usize = 64;

/// How much of an offending input an error message quotes.
const SHOWN_INPUT_CHARS: usize = 40;

/// How many parses and formats each thread keeps of each kind (then it starts over).
const MAX_KEPT: usize = 4096;

/// Parses and formats this thread already made. A simulated call parses and formats the same
/// few numbers again and again (the dialled number, the caller IDs), each time running
/// libphonenumber's regular expressions; an audit makes thousands of calls.
#[derive(Default)]
struct Kept {
    /// [`PhoneNumber::parse_e164`], by text.
    strict: HashMap<String, Result<PhoneNumber, PhoneError>>,
    /// [`to_e164`], by input and default region.
    lenient: HashMap<(String, Option<String>), Result<PhoneNumber, PhoneError>>,
    /// National and international formats, by E.164 text.
    formats: HashMap<String, Rc<(String, String)>>,
}

thread_local! {
    static KEPT: RefCell<Kept> = RefCell::new(Kept::default());
}

/// What `map` holds for `key`, else `make()`, kept for next time.
fn kept<K, V, Q>(map: impl Fn(&mut Kept) -> &mut HashMap<K, V>, key: &Q, make: impl FnOnce() -> V) -> V
where
    K: std::borrow::Borrow<Q> + Eq + std::hash::Hash,
    Q: ToOwned<Owned = K> + Eq + std::hash::Hash + ?Sized,
    V: Clone,
{
    if let Some(known) = KEPT.with(|kept| map(&mut kept.borrow_mut()).get(key).cloned()) {
        return known;
    }
    let fresh = make();
    KEPT.with(|kept| {
        let mut kept = kept.borrow_mut();
        let map = map(&mut kept);
        if map.len() >= MAX_KEPT {
            map.clear();
        }
        map.insert(key.to_owned(), fresh.clone());
    });
    fresh
}

/// The number [`warm_up`] parses.
const WARM_UP_NUMBER: &str = "+12065550100";

/// Why a text is not (or cannot become) a valid E.164 phone number.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PhoneError {
    #[error("phone number is empty")]
    Empty,
    #[error("{input:?} contains letters; a phone number has only digits, spaces and + - . ( )")]
    Letters { input: String },
    #[error("{input:?} contains {found:?}, which cannot be part of a phone number")]
    InvalidCharacter { input: String, found: char },
    #[error("{input:?} has a '+' that is not at the start")]
    MisplacedPlus { input: String },
    #[error(
        "{input:?} is not E.164: expected '+' then the country code and number, digits only, as in \"+12065550100\""
    )]
    NotE164 { input: String },
    #[error("{input:?} has no country code: start it with '+' and the country code, or give a region")]
    MissingRegion { input: String },
    #[error("unknown region {region:?}: expected a two-letter ISO 3166 country code such as \"US\" or \"GB\"")]
    UnknownRegion { region: String },
    #[error("{input:?} does not start with a known country calling code")]
    UnknownCallingCode { input: String },
    #[error("{input:?} has too few digits for a phone number")]
    TooShort { input: String },
    #[error("{input:?} has too many digits for a phone number (E.164 allows at most 15)")]
    TooLong { input: String },
    #[error("{input:?} has the shape of a phone number but is not a valid number for its country")]
    Invalid { input: String },
}

/// A valid phone number in E.164 form, such as `+442071838750`.
///
/// Holding one is the proof that the text passed [`PhoneNumber::parse_e164`] (or was produced by
/// [`to_e164`]). It serialises as the plain E.164 string; deserialising validates strictly.
/// Equality, ordering and hashing follow the E.164 text.
#[derive(Clone)]
pub struct PhoneNumber {
    e164: String,
    parsed: phonenumber::PhoneNumber,
    /// Worked out once when parsed: finding it runs libphonenumber's patterns for the number.
    region: Option<&'static str>,
}

impl PhoneNumber {
    /// Accepts text that is already E.164 and a valid number, nothing else: no spaces, no
    /// national format, no trunk `0` after the country code.
    pub fn parse_e164(text: &str) -> Result<PhoneNumber, PhoneError> {
        if text.is_empty() {
            return Err(PhoneError::Empty);
        }
        if !looks_like_e164(text) {
            return Err(PhoneError::NotE164 { input: shown(text) });
        }
        kept(
            |kept| &mut kept.strict,
            text,
            || {
                let number = parse_digits(text, None, text)?;
                if number.e164 == text {
                    Ok(number)
                } else {
                    // libphonenumber accepted it after dropping a trunk prefix, as in "+4402071838750".
                    Err(PhoneError::NotE164 { input: shown(text) })
                }
            },
        )
    }

    /// The E.164 text, such as `+442071838750`.
    pub fn as_str(&self) -> &str {
        &self.e164
    }

    /// The ISO 3166 alpha-2 region the number belongs to (`"GB"`), `None` for non-geographic
    /// numbers such as `+800` freephone.
    pub fn region(&self) -> Option<&'static str> {
        self.region
    }

    /// The number as a phone in its own country shows it: `020 7183 8750`, `(206) 555-0100`.
    pub fn national(&self) -> String {
        self.formats().0.clone()
    }

    /// The international format with spaces: `+44 20 7183 8750`, `+1 206-555-0100`.
    pub fn international(&self) -> String {
        self.formats().1.clone()
    }

    /// The national and the international format, made once per thread.
    fn formats(&self) -> Rc<(String, String)> {
        kept(
            |kept| &mut kept.formats,
            self.e164.as_str(),
            || {
                let national = self.parsed.format().mode(Mode::National).to_string();
                Rc::new((national, self.parsed.format().mode(Mode::International).to_string()))
            },
        )
    }

    /// The country calling code, such as 44 for the United Kingdom.
    pub fn calling_code(&self) -> u16 {
        self.parsed.code().value()
    }
}

impl fmt::Display for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164)
    }
}

impl fmt::Debug for PhoneNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("PhoneNumber").field(&self.e164).finish()
    }
}

impl PartialEq for PhoneNumber {
    fn eq(&self, other: &Self) -> bool {
        self.e164 == other.e164
    }
}

impl Eq for PhoneNumber {}

impl PartialOrd for PhoneNumber {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for PhoneNumber {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.e164.cmp(&other.e164)
    }
}

impl Hash for PhoneNumber {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.e164.hash(state);
    }
}

impl AsRef<str> for PhoneNumber {
    fn as_ref(&self) -> &str {
        &self.e164
    }
}

impl FromStr for PhoneNumber {
    type Err = PhoneError;

    /// Strict, like [`PhoneNumber::parse_e164`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        PhoneNumber::parse_e164(text)
    }
}

impl Serialize for PhoneNumber {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.e164)
    }
}

impl<'de> Deserialize<'de> for PhoneNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        PhoneNumber::parse_e164(&text).map_err(serde::de::Error::custom)
    }
}

/// Normalises what a person would type into a softphone to E.164.
///
/// Accepts spaces, dashes, dots, slashes and parentheses; a leading `+` or `00` for an
/// international number; otherwise a national number of `default_region` (ISO 3166 alpha-2,
/// any case). The region is checked even when the number does not need it.
pub fn to_e164(input: &str, default_region: Option<&str>) -> Result<PhoneNumber, PhoneError> {
    if input.len() > MAX_INPUT_CHARS * 4 {
        return to_e164_once(input, default_region);
    }
    let key = (input.to_owned(), default_region.map(str::to_owned));
    kept(|kept| &mut kept.lenient, &key, || to_e164_once(input, default_region))
}

fn to_e164_once(input: &str, default_region: Option<&str>) -> Result<PhoneNumber, PhoneError> {
    let region = default_region.map(parse_region).transpose()?;
    let (international, digits) = screen(input)?;
    let shown_input = input.trim();
    if international {
        check_digit_count(&digits, MAX_E164_DIGITS, shown_input)?;
        return parse_digits(&format!("+{digits}"), None, shown_input);
    }
    check_digit_count(&digits, MAX_NATIONAL_DIGITS, shown_input)?;
    let Some(region) = region else {
        return Err(PhoneError::MissingRegion { input: shown(shown_input) });
    };
    parse_digits(&digits, Some(region), shown_input)
}

/// For a value that is *not* already valid E.164, the E.164 rewrite when there is one: the
/// validator's "did you mean +442071838750". `None` when `input` is fine as it is, or hopeless.
///
/// Beyond [`to_e164`], it also tries the digits as an international number missing its `+`
/// (`"442071838750"`), a common slip in contact attributes.
pub fn suggest_fix(input: &str, default_region: Option<&str>) -> Option<PhoneNumber> {
    if PhoneNumber::parse_e164(input).is_ok() {
        return None;
    }
    if let Ok(number) = to_e164(input, default_region) {
        return Some(number);
    }
    let trimmed = input.trim();
    if trimmed.starts_with('+') || trimmed.starts_with("00") {
        return None;
    }
    to_e164(&format!("+{trimmed}"), None).ok()
}

/// Whether `code` is a region the phone-number metadata knows, such as `"GB"` (any case).
pub fn is_known_region(code: &str) -> bool {
    parse_region(code).is_ok()
}

/// An example number of `region` (ISO 3166 alpha-2, any case) from the phone-number metadata:
/// a mobile number where the metadata has one, else a fixed line. What a customer of that
/// country might be called on, for audits that dial each country.
pub fn example_number(region: &str) -> Option<PhoneNumber> {
    let id = parse_region(region).ok()?;
    let metadata = DATABASE.by_id(id.as_ref())?;
    let descriptors = metadata.descriptors();
    let example = [descriptors.mobile(), descriptors.fixed_line()]
        .into_iter()
        .flatten()
        .find_map(|descriptor| descriptor.example())?;
    to_e164(example, Some(id.as_ref())).ok()
}

/// Loads the phone-number metadata by parsing one number. The first parse costs tens of
/// milliseconds; the designer calls this on a background thread at start-up.
pub fn warm_up() {
    if let Ok(number) = PhoneNumber::parse_e164(WARM_UP_NUMBER) {
        // Formatting compiles the format patterns too.
        let _national = number.national();
    }
}

/// `+` then 2..=15 ASCII digits, the first 1-9: the API's `\+[1-9]\d{1,14}`.
fn looks_like_e164(text: &str) -> bool {
    let Some(digits) = text.strip_prefix('+') else {
        return false;
    };
    (2..=MAX_E164_DIGITS).contains(&digits.len())
        && digits.bytes().all(|b| b.is_ascii_digit())
        && !digits.starts_with('0')
}

/// Checks every character of a lenient input and returns whether it is international (`+` or
/// `00`), with its digits (the `00` removed).
fn screen(input: &str) -> Result<(bool, String), PhoneError> {
    let trimmed = input.trim();
    if trimmed.is_empty() {
        return Err(PhoneError::Empty);
    }
    let mut digits = String::new();
    for (index, found) in trimmed.char_indices() {
        match found {
            '0'..='9' => digits.push(found),
            '+' if index == 0 => {}
            '+' => {
                return Err(PhoneError::MisplacedPlus { input: shown(trimmed) });
            }
            separator if is_separator(separator) => {}
            letter if letter.is_alphabetic() => {
                return Err(PhoneError::Letters { input: shown(trimmed) });
            }
            other => {
                return Err(PhoneError::InvalidCharacter { input: shown(trimmed), found: other });
            }
        }
    }
    if trimmed.chars().count() > MAX_INPUT_CHARS {
        return Err(PhoneError::TooLong { input: shown(trimmed) });
    }
    if trimmed.starts_with('+') {
        return Ok((true, digits));
    }
    match digits.strip_prefix("00") {
        Some(rest) => Ok((true, rest.to_owned())),
        None => Ok((false, digits)),
    }
}

/// What people put between digits, including the no-break spaces and dashes of copied text.
fn is_separator(found: char) -> bool {
    matches!(found, ' ' | '-' | '.' | '/' | '(' | ')')
        || matches!(found, '\u{a0}' | '\u{2009}' | '\u{202f}' | '\u{2010}'..='\u{2015}' | '\u{2212}')
}

fn check_digit_count(digits: &str, max: usize, input: &str) -> Result<(), PhoneError> {
    if digits.len() < 2 {
        Err(PhoneError::TooShort { input: shown(input) })
    } else if digits.len() > max {
        Err(PhoneError::TooLong { input: shown(input) })
    } else {
        Ok(())
    }
}

/// Parses screened text (`+digits`, or national digits with a region), then insists on
/// `is_valid` and on an E.164 result that matches the API's pattern.
fn parse_digits(text: &str, region: Option<CountryId>, input: &str) -> Result<PhoneNumber, PhoneError> {
    let parsed = phonenumber::parse(region, text).map_err(|error| parse_error(&error, input))?;
    let e164 = parsed.format().mode(Mode::E164).to_string();
    if parsed.extension().is_some() || !looks_like_e164(&e164) {
        return Err(PhoneError::NotE164 { input: shown(input) });
    }
    if !phonenumber::is_valid(&parsed) {
        return Err(PhoneError::Invalid { input: shown(input) });
    }
    let region = parsed.metadata(&DATABASE).map(phonenumber::metadata::Metadata::id).filter(|id| is_region_code(id));
    Ok(PhoneNumber { e164, parsed, region })
}

fn parse_error(error: &ParseError, input: &str) -> PhoneError {
    let input = shown(input);
    match error {
        ParseError::InvalidCountryCode => PhoneError::UnknownCallingCode { input },
        ParseError::TooLong => PhoneError::TooLong { input },
        ParseError::NoNumber
        | ParseError::TooShortAfterIdd
        | ParseError::TooShortNsn
        | ParseError::MalformedInteger(_) => PhoneError::TooShort { input },
    }
}

fn parse_region(code: &str) -> Result<CountryId, PhoneError> {
    let upper = code.trim().to_ascii_uppercase();
    let unknown = || PhoneError::UnknownRegion { region: shown(code) };
    if !is_region_code(&upper) || DATABASE.by_id(upper.as_str()).is_none() {
        return Err(unknown());
    }
    upper.parse::<CountryId>().map_err(|_| unknown())
}

fn is_region_code(code: &str) -> bool {
    code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())
}

/// The input as error messages quote it: at most [`SHOWN_INPUT_CHARS`] characters.
fn shown(input: &str) -> String {
    let mut quoted: String = input.chars().take(SHOWN_INPUT_CHARS).collect();
    if quoted.len() < input.len() {
        quoted.push('…');
    }
    quoted
}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    #[test]
    fn national_gb_number_becomes_e164() -> TestResult {
        let number = to_e164("020 7183 8750", Some("GB"))?;
        assert_eq!(number.as_str(), "+442071838750");
        assert_eq!(number.region(), Some("GB"));
        assert_eq!(number.national(), "020 7183 8750");
        assert_eq!(number.international(), "+44 20 7183 8750");
        assert_eq!(number.calling_code(), 44);
        Ok(())
    }

    #[test]
    fn us_did_in_parentheses_becomes_e164() -> TestResult {
        let number = to_e164("(206) 555-0100", Some("US"))?;
        assert_eq!(number.to_string(), "+12065550100");
        assert_eq!(number.national(), "(206) 555-0100");
        assert_eq!(number.international(), "+1 206-555-0100");
        Ok(())
    }

    #[test]
    fn us_toll_free_with_trunk_one_becomes_e164() -> TestResult {
        let number = to_e164("1-800-555-0199", Some("us"))?;
        assert_eq!(number.as_str(), "+18005550199");
        assert_eq!(number.region(), Some("US"));
        assert_eq!(number.national(), "(800) 555-0199");
        Ok(())
    }

    #[test]
    fn double_zero_prefix_is_international_whatever_the_region() -> TestResult {
        assert_eq!(to_e164("0044 20 7183 8750", Some("US"))?.as_str(), "+442071838750");
        assert_eq!(to_e164("0044 20 7183 8750", None)?.as_str(), "+442071838750");
        Ok(())
    }

    #[test]
    fn spaced_international_number_needs_no_region() -> TestResult {
        assert_eq!(to_e164(" +44 20.7183.8750 ", None)?.as_str(), "+442071838750");
        Ok(())
    }

    #[test]
    fn strict_parse_accepts_e164_numbers() -> TestResult {
        for text in ["+18005550199", "+12065550100", "+442071838750"] {
            assert_eq!(PhoneNumber::parse_e164(text)?.as_str(), text);
        }
        Ok(())
    }

    #[test]
    fn strict_parse_rejects_formatted_numbers() {
        for text in ["+1 206 555 0100", "12065550100", "206-555-0100", " +12065550100"] {
            assert!(matches!(PhoneNumber::parse_e164(text), Err(PhoneError::NotE164 { .. })), "{text:?}");
        }
    }

    #[test]
    fn strict_parse_rejects_trunk_zero_after_country_code() {
        let result = PhoneNumber::parse_e164("+4402071838750");
        assert!(matches!(result, Err(PhoneError::NotE164 { .. })), "{result:?}");
    }

    #[test]
    fn strict_parse_rejects_e164_shaped_invalid_numbers() {
        let result = PhoneNumber::parse_e164("+15550100");
        assert!(matches!(result, Err(PhoneError::Invalid { .. })), "{result:?}");
        let result = PhoneNumber::parse_e164("+99912345");
        assert!(matches!(result, Err(PhoneError::UnknownCallingCode { .. })), "{result:?}");
    }

    #[test]
    fn rejects_letters() {
        let result = to_e164("1-800-FLOWERS", Some("US"));
        assert!(matches!(result, Err(PhoneError::Letters { .. })), "{result:?}");
        let message = result.err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.starts_with("\"1-800-FLOWERS\" contains letters"), "{message}");
    }

    #[test]
    fn rejects_letters_even_in_very_long_input() {
        let result = to_e164(&"a".repeat(10_000), None);
        assert!(matches!(result, Err(PhoneError::Letters { .. })), "{result:?}");
    }

    #[test]
    fn rejects_empty_and_blank_input() {
        assert_eq!(to_e164("", Some("US")).err(), Some(PhoneError::Empty));
        assert_eq!(to_e164("  \t ", Some("US")).err(), Some(PhoneError::Empty));
        assert_eq!(PhoneNumber::parse_e164("").err(), Some(PhoneError::Empty));
    }

    #[test]
    fn rejects_unknown_region_codes() {
        for region in ["ZZ", "XX", "USA", "", "001", "é"] {
            let result = to_e164("+12065550100", Some(region));
            assert!(matches!(result, Err(PhoneError::UnknownRegion { .. })), "{region:?}: {result:?}");
        }
        assert!(is_known_region("gb"));
        assert!(!is_known_region("ZZ"));
    }

    #[test]
    fn national_number_without_region_asks_for_one() {
        let result = to_e164("020 7183 8750", None);
        assert!(matches!(result, Err(PhoneError::MissingRegion { .. })), "{result:?}");
    }

    #[test]
    fn rejects_numbers_too_short_or_too_long() {
        let result = to_e164("+1", None);
        assert!(matches!(result, Err(PhoneError::TooShort { .. })), "{result:?}");
        let result = to_e164("+1 206 555 0100 0000 00", None);
        assert!(matches!(result, Err(PhoneError::TooLong { .. })), "{result:?}");
        let result = to_e164(&"9".repeat(30), Some("US"));
        assert!(matches!(result, Err(PhoneError::TooLong { .. })), "{result:?}");
    }

    #[test]
    fn rejects_numbers_that_parse_but_are_not_valid() {
        let result = to_e164("555-0100", Some("US"));
        assert!(matches!(result, Err(PhoneError::Invalid { .. })), "{result:?}");
    }

    #[test]
    fn rejects_misplaced_plus_and_odd_characters() {
        let result = to_e164("206+555", Some("US"));
        assert!(matches!(result, Err(PhoneError::MisplacedPlus { .. })), "{result:?}");
        let result = to_e164("+1206555#0100", None);
        assert!(matches!(result, Err(PhoneError::InvalidCharacter { found: '#', .. })), "{result:?}");
    }

    #[test]
    fn error_messages_quote_long_inputs_briefly() {
        let long = "1".repeat(10_000);
        let message = to_e164(&long, Some("US")).err().map(|e| e.to_string()).unwrap_or_default();
        assert!(message.len() < 200, "{message}");
        assert!(message.contains('…'), "{message}");
    }

    #[test]
    fn suggests_e164_for_fixable_values() {
        let fix = |input: &str, region| suggest_fix(input, region).map(|n| n.to_string());
        assert_eq!(fix("020 7183 8750", Some("GB")).as_deref(), Some("+442071838750"));
        assert_eq!(fix("206-555-0100", Some("US")).as_deref(), Some("+12065550100"));
        assert_eq!(fix("+4402071838750", None).as_deref(), Some("+442071838750"));
        assert_eq!(fix("442071838750", None).as_deref(), Some("+442071838750"));
        assert_eq!(fix("+1 (206) 555-0100", None).as_deref(), Some("+12065550100"));
    }

    #[test]
    fn suggests_nothing_for_valid_or_hopeless_values() {
        assert_eq!(suggest_fix("+12065550100", Some("US")), None);
        assert_eq!(suggest_fix("call me", Some("US")), None);
        assert_eq!(suggest_fix("555-0100", Some("US")), None);
        assert_eq!(suggest_fix("$.Attributes.callerId", None), None);
    }

    #[test]
    fn serde_uses_the_plain_string_and_validates() -> TestResult {
        let number: PhoneNumber = serde_json::from_str("\"+442071838750\"")?;
        assert_eq!(serde_json::to_string(&number)?, "\"+442071838750\"");
        let bad = serde_json::from_str::<PhoneNumber>("\"+1 206\"");
        assert!(bad.is_err());
        Ok(())
    }

    #[test]
    fn non_geographic_numbers_have_no_region() -> TestResult {
        let number = PhoneNumber::parse_e164("+80012345678")?;
        assert_eq!(number.region(), None);
        Ok(())
    }

    #[test]
    fn warm_up_does_not_panic() {
        warm_up();
    }

    #[test]
    fn dashes_and_spaces_from_copied_text_are_separators() -> TestResult {
        let number = to_e164("206\u{2013}555\u{2013}0100", Some("US"))?;
        assert_eq!(number.as_str(), "+12065550100");
        let number = to_e164("+44\u{202f}20\u{a0}7183\u{2009}8750", None)?;
        assert_eq!(number.as_str(), "+442071838750");
        Ok(())
    }

    #[test]
    fn every_calling_code_prefix_parses_without_panicking() {
        for code in 1..1000 {
            let _strict = PhoneNumber::parse_e164(&format!("+{code}987654321098"));
        }
    }

    #[test]
    fn odd_inputs_never_panic() {
        let mut inputs: Vec<String> = [
            "",
            "+",
            "++",
            "+0",
            "00",
            "0000",
            "+1",
            "(",
            ")",
            "-",
            "\0",
            "+\0",
            "1\u{0}2",
            "٠١٢٣٤٥٦٧٨٩",
            "１２０６５５５０１００",
            "+1 206 555 0100 ext. 5",
            "  2 22#:",
            "003-836-4618x3001",
            "+٤٤",
            "🙂",
            "+44 🙂 20",
            "\u{202e}+12065550100",
            "+-1",
            "((((((((((1))))))))))",
            "1/2/3/4/5",
            "+999999999999999",
            "+100000000000000",
            "0",
            "00000000000000000",
            "+1...........",
            "\u{a0}+1\u{a0}206\u{a0}5550100",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
        inputs.push("9".repeat(10_000));
        inputs.push("+".repeat(10_000));
        inputs.push("é".repeat(10_000));
        inputs.push("\0".repeat(10_000));
        for seed in 0u32..300 {
            // A small deterministic generator over digits and separators.
            let text: String = (0..(seed % 19))
                .map(|i| {
                    let pick = (seed.wrapping_mul(2_654_435_761) >> (i % 24)) % 16;
                    b"0123456789+ -()0".get(pick as usize).map_or('0', |b| char::from(*b))
                })
                .collect();
            inputs.push(text);
        }
        for input in &inputs {
            for region in [None, Some("US"), Some("GB"), Some("CH"), Some("zz")] {
                let _strict = PhoneNumber::parse_e164(input);
                let _lenient = to_e164(input, region);
                let _fix = suggest_fix(input, region);
            }
        }
    }
}
