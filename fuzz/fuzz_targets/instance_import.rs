//! Fuzzes the instance inventory: `instance.json` and the AWS CLI outputs it is built from.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;
use whisperwire::instance::Instance;
use whisperwire::workspace::aws_import::{ImportInputs, SourceText, import};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let file = Path::new("fuzz.json");
    let _instance = Instance::from_json(text, file);
    let source = SourceText { file, text };
    let inputs = ImportInputs { phone_numbers: source, queues: vec![source], contact_flows: Some(source), default_country: Some("US") };
    let _imported = import(&inputs);
});
