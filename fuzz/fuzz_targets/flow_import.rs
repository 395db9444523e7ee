//! Fuzzes flow import: any bytes give a flow or an error, never a panic; a flow that imports
//! validates, and exports to text that imports back to the same JSON.
#![no_main]

use libfuzzer_sys::fuzz_target;
use whisperwire::flow_json;
use whisperwire::validation::{Context, validate};

fuzz_target!(|data: &[u8]| {
    let Ok(doc) = flow_json::from_slice(data) else { return };
    let _report = validate(&doc, Context::default());
    let text = flow_json::to_canonical_string(&doc);
    let again = flow_json::from_str(&text).expect("an exported flow imports again");
    assert_eq!(flow_json::to_value(&again), flow_json::to_value(&doc), "export is stable");
});
