//! `ActionId`: the `Identifier` of an action, and Amazon Connect's rules for it.

use std::fmt;

/// Longest identifier Amazon Connect accepts, in characters.
pub const MAX_ID_CHARS: usize = 50;

/// Characters Amazon Connect forbids in an identifier.
pub const FORBIDDEN_ID_CHARS: &[char] = &['%', ':', '(', '\\', '/', ')', '=', '$', ',', ';', '[', ']', '{', '}'];

/// Names Amazon Connect forbids as identifiers (JavaScript object internals).
pub const FORBIDDEN_ID_NAMES: &[&str] = &[
    "__proto__",
    "constructor",
    "__defineGetter__",
    "__defineSetter__",
    "toString",
    "hasOwnProperty",
    "isPrototypeOf",
    "propertyIsEnumerable",
    "toLocaleString",
    "valueOf",
];

/// The identifier of one action, unique within its flow.
///
/// Imported identifiers are kept as written, even when Amazon Connect would reject them, so that
/// the validator can say what is wrong; [`ActionId::new`] is the checked constructor for
/// identifiers the program makes from user input.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActionId(String);

/// Why a string is not an identifier Amazon Connect accepts.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    #[error("an identifier cannot be empty")]
    Empty,
    #[error("identifier {id:?} has {chars} characters; Amazon Connect allows at most {MAX_ID_CHARS}")]
    TooLong { id: String, chars: usize },
    #[error("identifier {id:?} contains {found:?}, which Amazon Connect forbids (% : ( \\ / ) = $ , ; [ ] {{ }})")]
    ForbiddenChar { id: String, found: char },
    #[error("{id:?} is a reserved name and cannot be an identifier")]
    ReservedName { id: String },
}

impl ActionId {
    /// A checked identifier: the form Amazon Connect accepts.
    pub fn new(id: impl Into<String>) -> Result<Self, IdError> {
        let id = Self(id.into());
        id.check()?;
        Ok(id)
    }

    /// An identifier as read from a file, kept as written whether or not it is valid.
    pub fn from_import(id: impl Into<String>) -> Self {
        Self(id.into())
    }

    /// A fresh identifier in the form the Connect designer makes (a random UUID).
    pub fn generate() -> Self {
        Self(uuid::Uuid::new_v4().to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Checks Amazon Connect's identifier rules.
    pub fn check(&self) -> Result<(), IdError> {
        let id = &self.0;
        if id.is_empty() {
            return Err(IdError::Empty);
        }
        let chars = id.chars().count();
        if chars > MAX_ID_CHARS {
            return Err(IdError::TooLong { id: shorten(id), chars });
        }
        if let Some(found) = id.chars().find(|c| FORBIDDEN_ID_CHARS.contains(c)) {
            return Err(IdError::ForbiddenChar { id: id.clone(), found });
        }
        if FORBIDDEN_ID_NAMES.contains(&id.as_str()) {
            return Err(IdError::ReservedName { id: id.clone() });
        }
        Ok(())
    }
}

/// Keeps error messages readable when an identifier is absurdly long.
fn shorten(id: &str) -> String {
    if id.chars().count() <= 80 {
        return id.to_owned();
    }
    let head: String = id.chars().take(60).collect();
    format!("{head}…")
}

impl fmt::Display for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for ActionId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl AsRef<str> for ActionId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_uuid_and_friendly_names() {
        assert!(ActionId::new("5420cadd-804a-4f31-8011-b094f810f6df").is_ok());
        assert!(ActionId::new("Update Name").is_ok());
        assert!(ActionId::new("régler l'appel ☎").is_ok());
    }

    #[test]
    fn rejects_identifier_with_colon() {
        assert!(matches!(ActionId::new("a:b"), Err(IdError::ForbiddenChar { found: ':', .. })));
    }

    #[test]
    fn rejects_every_forbidden_character() {
        for c in FORBIDDEN_ID_CHARS {
            assert!(ActionId::new(format!("x{c}y")).is_err(), "{c:?} accepted");
        }
    }

    #[test]
    fn rejects_reserved_names_and_empty() {
        assert_eq!(ActionId::new("__proto__"), Err(IdError::ReservedName { id: "__proto__".into() }));
        assert_eq!(ActionId::new(""), Err(IdError::Empty));
    }

    #[test]
    fn fifty_characters_pass_fifty_one_do_not() {
        assert!(ActionId::new("é".repeat(50)).is_ok());
        let err = ActionId::new("a".repeat(10_000)).unwrap_err();
        assert!(matches!(err, IdError::TooLong { chars: 10_000, .. }));
        assert!(err.to_string().len() < 200, "message stays short: {err}");
    }

    #[test]
    fn imported_identifiers_are_kept_even_when_invalid() {
        let id = ActionId::from_import("bad:id");
        assert_eq!(id.as_str(), "bad:id");
        assert!(id.check().is_err());
    }

    #[test]
    fn generated_identifiers_are_valid_and_distinct() {
        let a = ActionId::generate();
        assert!(a.check().is_ok());
        assert_ne!(a, ActionId::generate());
    }
}
