//! JSON compared by meaning: key order is not a change and numbers compare by value (`1` equals
//! `1.0`; the string `"8"` is still not the number `8`). Also the list of changed paths between
//! two values, for the blocks and settings whisperwire does not model.

use serde_json::{Map, Number, Value};

/// Whether two JSON values mean the same: objects regardless of key order, numbers by value.
pub fn values_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(a), Value::Number(b)) => numbers_equal(a, b),
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(a, b)| values_equal(a, b)),
        (Value::Object(a), Value::Object(b)) => maps_equal(a, b),
        _ => a == b,
    }
}

/// Whether two JSON objects hold the same keys with equal values, in any order.
pub fn maps_equal(a: &Map<String, Value>, b: &Map<String, Value>) -> bool {
    a.len() == b.len() && a.iter().all(|(key, value)| b.get(key).is_some_and(|other| values_equal(value, other)))
}

/// Integers exactly; anything with a fraction or an exponent by its `f64` value.
#[expect(clippy::float_cmp, reason = "the same number written two ways parses to the same f64, exactly")]
fn numbers_equal(a: &Number, b: &Number) -> bool {
    match (integer(a), integer(b)) {
        (Some(a), Some(b)) => a == b,
        _ => a.as_f64().zip(b.as_f64()).is_some_and(|(a, b)| a == b),
    }
}

fn integer(n: &Number) -> Option<i128> {
    n.as_i64().map(i128::from).or_else(|| n.as_u64().map(i128::from))
}

/// One changed place in a JSON value: its path (`Settings.InputParameters`, `Items[2]`) and the
/// values before and after (`None`: absent on that side).
#[derive(Debug, Clone, PartialEq)]
pub(super) struct PathChange {
    pub path: String,
    pub old: Option<Value>,
    pub new: Option<Value>,
}

/// Every changed path between two values under `path`, in the new value's key order, then keys
/// only the old value has. Arrays compare element by element.
pub(super) fn path_changes(path: &str, old: &Value, new: &Value, out: &mut Vec<PathChange>) {
    match (old, new) {
        (Value::Object(old), Value::Object(new)) => map_changes(path, old, new, out),
        (Value::Array(old_items), Value::Array(new_items)) => {
            for i in 0..old_items.len().max(new_items.len()) {
                let here = format!("{path}[{i}]");
                match (old_items.get(i), new_items.get(i)) {
                    (Some(a), Some(b)) => path_changes(&here, a, b, out),
                    (a, b) => out.push(PathChange { path: here, old: a.cloned(), new: b.cloned() }),
                }
            }
        }
        _ if values_equal(old, new) => {}
        _ => out.push(PathChange { path: path.to_owned(), old: Some(old.clone()), new: Some(new.clone()) }),
    }
}

/// [`path_changes`] for two objects.
pub(super) fn map_changes(path: &str, old: &Map<String, Value>, new: &Map<String, Value>, out: &mut Vec<PathChange>) {
    for (key, value) in new {
        let here = join(path, key);
        match old.get(key) {
            Some(before) => path_changes(&here, before, value, out),
            None => out.push(PathChange { path: here, old: None, new: Some(value.clone()) }),
        }
    }
    for (key, value) in old {
        if !new.contains_key(key) {
            out.push(PathChange { path: join(path, key), old: Some(value.clone()), new: None });
        }
    }
}

/// `path.key`, or `path["key with spaces"]` when the key is not a plain name.
fn join(path: &str, key: &str) -> String {
    let plain = !key.is_empty() && key.chars().all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
    match (path.is_empty(), plain) {
        (true, true) => key.to_owned(),
        (false, true) => format!("{path}.{key}"),
        (_, false) => format!("{path}[{}]", compact(&Value::String(key.to_owned()))),
    }
}

/// A value as one line of JSON.
pub(super) fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn numbers_compare_by_value_and_strings_stay_strings() {
        let one: Value = serde_json::from_str("1").unwrap();
        let one_point_zero: Value = serde_json::from_str("1.0").unwrap();
        assert!(values_equal(&one, &one_point_zero));
        assert!(values_equal(&json!({"a": 1, "b": [2]}), &serde_json::from_str(r#"{"b": [2.0], "a": 1e0}"#).unwrap()));
        assert!(!values_equal(&json!("8"), &json!(8)));
        assert!(!values_equal(&json!(u64::MAX), &json!(-1)));
    }

    #[test]
    fn changed_paths_name_keys_and_indices() {
        let old = json!({"Prompt": {"Text": "Hi"}, "Items": [1, 2], "Gone": true, "odd key": 1});
        let new = json!({"Prompt": {"Text": "Hello"}, "Items": [1, 2, 3], "odd key": 2});
        let mut out = Vec::new();
        path_changes("Parameters", &old, &new, &mut out);
        let paths: Vec<_> = out.iter().map(|c| c.path.as_str()).collect();
        assert_eq!(
            paths,
            ["Parameters.Prompt.Text", "Parameters.Items[2]", "Parameters[\"odd key\"]", "Parameters.Gone"]
        );
        assert_eq!(out[0].old, Some(json!("Hi")));
        assert_eq!(out[1].old, None);
        assert_eq!(out[3].new, None);
    }
}
