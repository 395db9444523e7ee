//! Two versions of a block's parameters, compared field by field in the designer's words
//! ([`crate::model::words::fields`]): a field is matched by its label (the second field of one
//! label with the second), compared by the value as written, and shown as the designer shows it.

use std::collections::HashMap;

use crate::model::words::Field;

/// A field that differs between two blocks: (label, old shown, new shown).
pub(super) type FieldChange = (String, Option<String>, Option<String>);

/// The fields of `new` that differ from `old` (in `new`'s order), then those only `old` has.
/// When two values read the same but are written differently (two ARNs of one function name,
/// two flows the designer labels alike), they are shown as written; when even that reads the
/// same (`8` and `"8"`), as JSON.
pub(super) fn changed_fields(old: &[Field], new: &[Field]) -> Vec<FieldChange> {
    let old_keys = occurrences(old);
    let new_keys = occurrences(new);
    let old_index: HashMap<(&str, usize), &Field> = old_keys.iter().copied().zip(old).collect();
    let mut out = Vec::new();
    for (key, field) in new_keys.iter().zip(new) {
        match old_index.get(key) {
            None => out.push((field.label.clone(), None, Some(field.shown.clone()))),
            Some(before) if before.raw != field.raw => {
                let (old_shown, new_shown) = if before.shown != field.shown {
                    (before.shown.clone(), field.shown.clone())
                } else if before.written != field.written {
                    (before.written.clone(), field.written.clone())
                } else {
                    (before.raw.clone(), field.raw.clone())
                };
                out.push((field.label.clone(), Some(old_shown), Some(new_shown)));
            }
            Some(_) => {}
        }
    }
    let new_set: std::collections::HashSet<(&str, usize)> = new_keys.into_iter().collect();
    for (key, field) in old_keys.iter().zip(old) {
        if !new_set.contains(key) {
            out.push((field.label.clone(), Some(field.shown.clone()), None));
        }
    }
    out
}

/// Each field's label with how many fields of that label came before it.
fn occurrences(fields: &[Field]) -> Vec<(&str, usize)> {
    let mut seen: HashMap<&str, usize> = HashMap::new();
    fields
        .iter()
        .map(|field| {
            let n = seen.entry(field.label.as_str()).or_insert(0);
            let key = (field.label.as_str(), *n);
            *n += 1;
            key
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use serde_json::{Map, Value, json};

    use super::*;
    use crate::model::words::fields;

    fn of(type_name: &str, params: Value) -> Vec<Field> {
        let Value::Object(params) = params else { panic!("parameters are an object") };
        fields(type_name, &params, &Map::new())
    }

    #[test]
    fn a_caller_id_number_change_shows_both_numbers() {
        let changes = changed_fields(
            &of("CompleteOutboundCall", json!({"CallerId": {"Number": "+18885550100"}})),
            &of("CompleteOutboundCall", json!({"CallerId": {"Number": "+12065550142"}})),
        );
        assert_eq!(changes, [("caller ID".into(), Some("+18885550100".into()), Some("+12065550142".into()))]);
    }

    #[test]
    fn a_caller_id_choice_change_names_the_attribute() {
        let changes = changed_fields(
            &of("CompleteOutboundCall", json!({"CallerId": {"Number": "+18885550100"}})),
            &of("CompleteOutboundCall", json!({"CallerId": {"Number": "$.External.caller_id"}})),
        );
        assert_eq!(changes[0].2.as_deref(), Some("attribute $.External.caller_id"));
    }

    #[test]
    fn lambda_functions_of_the_same_name_show_their_arns() {
        let arn = |region: &str| json!({"LambdaFunctionARN": format!("arn:aws:lambda:{region}:1:function:pick")});
        let changes = changed_fields(
            &of("InvokeLambdaFunction", arn("us-east-1")),
            &of("InvokeLambdaFunction", arn("eu-west-2")),
        );
        assert_eq!(changes[0].1.as_deref(), Some("arn:aws:lambda:us-east-1:1:function:pick"));
    }

    #[test]
    fn attributes_added_and_removed_are_fields_of_their_own() {
        let set = |attributes: Value| of("UpdateContactAttributes", json!({"Attributes": attributes}));
        let changes = changed_fields(&set(json!({"a": "1", "b": "2"})), &set(json!({"b": "2", "c": "3"})));
        assert_eq!(
            changes,
            [("attribute c".into(), None, Some("3".into())), ("attribute a".into(), Some("1".into()), None)]
        );
    }

    #[test]
    fn a_removed_map_lists_each_old_entry() {
        let with = of(
            "InvokeLambdaFunction",
            json!({"LambdaFunctionARN": "f", "LambdaInvocationAttributes": {"k1": "v1", "k2": "v2"}}),
        );
        let without = of("InvokeLambdaFunction", json!({"LambdaFunctionARN": "f"}));
        let changes = changed_fields(&with, &without);
        assert_eq!(
            changes,
            [
                ("input attribute k1".into(), Some("v1".into()), None),
                ("input attribute k2".into(), Some("v2".into()), None)
            ]
        );
    }

    #[test]
    fn a_reordered_set_is_no_change_and_a_reordered_list_is() {
        let recorded = |who: Value| {
            of("UpdateContactRecordingBehavior", json!({"RecordingBehavior": {"RecordedParticipants": who}}))
        };
        assert!(
            changed_fields(&recorded(json!(["Agent", "Customer"])), &recorded(json!(["Customer", "Agent"]))).is_empty()
        );
        let prompts = |messages: Value| of("MessageParticipantIteratively", json!({"Messages": messages}));
        let changes = changed_fields(
            &prompts(json!([{"Text": "One"}, {"Text": "Two"}])),
            &prompts(json!([{"Text": "Two"}, {"Text": "One"}])),
        );
        assert_eq!(changes.len(), 2, "{changes:?}");
    }
}
