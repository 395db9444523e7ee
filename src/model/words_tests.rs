//! The block-words table against the block-support table, and parameters read in the designer's
//! words.

use serde_json::{Value, json};

use super::*;
use crate::validation::block_support::{BLOCK_SUPPORT, Variant};

fn object(value: Value) -> Map<String, Value> {
    match value {
        Value::Object(map) => map,
        _ => Map::new(),
    }
}

fn shown(fields: &[Field]) -> Vec<(&str, &str)> {
    fields.iter().map(|f| (f.label.as_str(), f.shown.as_str())).collect()
}

#[test]
fn the_table_is_sorted_and_names_each_type_once() {
    for pair in BLOCK_WORDS.windows(2) {
        assert!(pair[0].type_name < pair[1].type_name, "{} before {}", pair[0].type_name, pair[1].type_name);
    }
    for words in BLOCK_WORDS {
        assert_eq!(words_of(words.type_name).map(|w| w.type_name), Some(words.type_name));
    }
    assert!(words_of("NotAType").is_none());
}

#[test]
fn every_block_name_is_the_block_support_tables() {
    for row in BLOCK_SUPPORT {
        match row.variant {
            Variant::Any => assert_eq!(
                words_of(row.type_name).map(|w| w.block),
                Some(row.block),
                "{}: the block-support table says {:?}",
                row.type_name,
                row.block
            ),
            Variant::EventHook(hook) => assert_eq!(
                EVENT_HOOK_BLOCKS.iter().find(|(name, _)| *name == hook).map(|(_, block)| *block),
                Some(row.block),
                "hook {hook}"
            ),
        }
    }
    for words in BLOCK_WORDS {
        assert!(
            BLOCK_SUPPORT.iter().any(|row| row.type_name == words.type_name),
            "{} is not in the block-support table",
            words.type_name
        );
    }
    assert_eq!(block_name_of("ShowView"), "Show view");
    assert_eq!(block_name_of("SomethingNew"), "SomethingNew");
}

#[test]
fn a_set_event_flow_with_one_hook_takes_the_designers_name_for_it() {
    let hooks = |hooks: Value| {
        crate::flow_json::from_value(json!({"StartAction": "h", "Actions": [
            {"Identifier": "h", "Type": "UpdateContactEventHooks", "Parameters": {"EventHooks": hooks}, "Transitions": {}}
        ]}))
        .unwrap()
        .flow
        .actions
        .remove(0)
    };
    assert_eq!(hooks(json!({"AgentWhisper": "arn:w"})).block_name(), "Set whisper flow");
    assert_eq!(hooks(json!({"CustomerQueue": "arn:q"})).block_name(), "Set customer queue flow");
    assert_eq!(hooks(json!({"AgentWhisper": "arn:w", "CustomerQueue": "arn:q"})).block_name(), "Set event flow");
    assert_eq!(hooks(json!({"DefaultAgentUI": "arn:u"})).block_name(), "Set event flow");
}

#[test]
fn get_customer_input_reads_in_the_designers_labels_not_json_paths() {
    let params = object(json!({
        "Text": "Would you like to use the same bank account?",
        "InputTimeLimitSeconds": "5",
        "StoreInput": "False",
        "InputValidation": {"CustomValidation": {"MaximumLength": "1"}},
        "DTMFConfiguration": {"DisableCancelKey": "False"},
        "SkipWhenDTMFBufferEnabled": "false"
    }));
    let fields = fields("GetParticipantInput", &params, &Map::new());
    assert_eq!(
        shown(&fields),
        [
            ("text", "“Would you like to use the same bank account?”"),
            ("timeout", "5 s"),
            ("store customer input", "False"),
            ("maximum digits", "1"),
            ("disable cancel key", "False"),
            ("SkipWhenDTMFBufferEnabled", "false"),
        ]
    );
    assert_eq!(
        summary_of("GetParticipantInput", &params, &Map::new()),
        "“Would you like to use the same bank account?” · Timeout: 5 s"
    );
}

#[test]
fn maps_are_their_entries_and_unordered_lists_compare_as_sets() {
    let tags = fields("TagContact", &object(json!({"Tags": {"Department": "Billing", "Tier": "Gold"}})), &Map::new());
    assert_eq!(shown(&tags), [("tag Department", "Billing"), ("tag Tier", "Gold")]);
    assert!(fields("TagContact", &object(json!({"Tags": {}})), &Map::new()).is_empty(), "an empty map is no entry");

    let recorded = |who: Value| {
        fields(
            "UpdateContactRecordingBehavior",
            &object(json!({"RecordingBehavior": {"RecordedParticipants": who}})),
            &Map::new(),
        )
    };
    assert_eq!(recorded(json!(["Agent", "Customer"]))[0].raw, recorded(json!(["Customer", "Agent"]))[0].raw);
    assert_eq!(recorded(json!([]))[0].shown, "none");
    let loop_prompts = fields(
        "MessageParticipantIteratively",
        &object(json!({"Messages": [{"Text": "Please hold"}, {"PromptId": "arn:p"}]})),
        &Map::new(),
    );
    assert_eq!(shown(&loop_prompts), [("prompt 1", "Text = Please hold"), ("prompt 2", "PromptId = arn:p")]);
}

#[test]
fn values_compare_by_meaning_and_resources_show_the_designers_name() {
    let raw = |params: Value| fields("Wait", &object(params), &Map::new())[0].raw.clone();
    assert_eq!(raw(json!({"TimeLimitSeconds": 1})), raw(serde_json::from_str(r#"{"TimeLimitSeconds": 1.0}"#).unwrap()));
    assert_ne!(raw(json!({"TimeLimitSeconds": "1"})), raw(json!({"TimeLimitSeconds": 1})));

    let older = object(json!({"ContactFlow": {"id": "arn:f", "text": "Sales queue flow"}}));
    let flow = fields("TransferToFlow", &object(json!({"ContactFlowId": "arn:f"})), &older);
    assert_eq!((flow[0].shown.as_str(), flow[0].raw.as_str()), ("Sales queue flow", "\"arn:f\""));
    let newer = object(json!({"parameters": {"QueueId": {"displayName": "BasicQueue"}}}));
    assert_eq!(fields("UpdateContactTargetQueue", &object(json!({"QueueId": "arn:q"})), &newer)[0].shown, "BasicQueue");
    let lambda = fields(
        "InvokeLambdaFunction",
        &object(json!({"LambdaFunctionARN": "arn:aws:lambda:r:1:function:pick"})),
        &Map::new(),
    );
    assert_eq!(lambda[0].shown, "pick");
}

#[test]
fn the_caller_id_reads_as_the_designer_sets_it() {
    let caller = |params: Value| fields("CompleteOutboundCall", &object(params), &Map::new()).remove(0);
    assert_eq!(caller(json!({"CallerId": {"Number": "+12065550100"}})).shown, "+12065550100");
    assert_eq!(caller(json!({"CallerId": {"Number": "$.External.caller_id"}})).shown, "attribute $.External.caller_id");
    assert_eq!(caller(json!({})).shown, "the queue's outbound caller ID number");
    assert!(caller(json!({"CallerId": "+1"})).shown.starts_with("unreadable"));
}

#[test]
fn a_value_on_one_line_never_splits_a_line() {
    assert_eq!(one_line("Hello.\r\nPress 1.\nOr 2\u{2028}x\ty"), "Hello.¶Press 1.¶Or 2¶x y");
    assert_eq!(one_line("a\u{1b}[1Ab"), "a\\u{1b}[1Ab");
    assert!(matches!(one_line("plain"), Cow::Borrowed("plain")));
    assert_eq!(shortened("abcdefghij", 5), "abcd…");
    assert_eq!(shortened("abc", 5), "abc");
}

#[test]
fn a_long_pair_is_cut_around_its_first_difference() {
    let old = format!("{} our hours are 9 to 5 {}", "Thank you for calling.".repeat(4), "Goodbye.".repeat(5));
    let new = old.replace("9 to 5", "9 to 6");
    let (a, b) = shortened_pair(&old, &new, 40);
    assert!(a.contains("9 to 5") && b.contains("9 to 6"), "{a} / {b}");
    assert!(a.starts_with('…') && a.ends_with('…'), "{a}");
    assert!(a.chars().count() <= 40 && b.chars().count() <= 40);
    assert_eq!(shortened_pair("short", "also short", 40), ("short".to_owned(), "also short".to_owned()));
    // A difference at the very end stays in view too.
    let (c, d) = shortened_pair(&format!("{}A", "x".repeat(100)), &format!("{}B", "x".repeat(100)), 20);
    assert!(c.ends_with('A') && d.ends_with('B'), "{c} / {d}");
}
