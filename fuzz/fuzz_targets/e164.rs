//! Fuzzes phone number input: strict E.164, lenient normalisation and fix suggestions.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whisperwire::phone::{PhoneNumber, suggest_fix, to_e164};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    if let Ok(number) = PhoneNumber::parse_e164(text) {
        assert_eq!(PhoneNumber::parse_e164(number.as_str()).map(|n| n.as_str().to_owned()), Ok(number.as_str().to_owned()));
        let _shown = (number.national(), number.international(), number.region());
    }
    for region in [None, Some("US"), Some("GB"), Some("ZZ")] {
        if let Ok(number) = to_e164(text, region) {
            assert!(PhoneNumber::parse_e164(number.as_str()).is_ok(), "normalised numbers are valid E.164");
        }
        let _fix = suggest_fix(text, region);
    }
});
