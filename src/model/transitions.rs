//! Where an action goes next: `Transitions` (default, error and condition branches) and `Branch`,
//! the name of one outgoing wire.

use std::fmt;

use serde_json::Value;

use super::ActionId;

/// The error type of the catch-all error branch ("Error" on the canvas).
pub const NO_MATCHING_ERROR: &str = "NoMatchingError";
/// The error type of a Compare's "No match" branch.
pub const NO_MATCHING_CONDITION: &str = "NoMatchingCondition";

/// An action's outgoing branches, as in the flow language's `Transitions` object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Transitions {
    /// `NextAction`: the default ("Success") path.
    pub next: Option<ActionId>,
    /// `Errors`, in file order.
    pub errors: Vec<ErrorBranch>,
    /// `Conditions`, evaluated in order; the first true one wins.
    pub conditions: Vec<ConditionBranch>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ErrorBranch {
    pub error_type: String,
    pub next: ActionId,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ConditionBranch {
    pub condition: Condition,
    pub next: ActionId,
}

/// One condition: an operator and its operands (one string each for the documented operators).
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    pub operator: Operator,
    /// Operands as written; documented operators take exactly one string.
    pub operands: Vec<Value>,
}

impl Condition {
    pub fn new(operator: Operator, operand: impl Into<String>) -> Self {
        Self { operator, operands: vec![Value::String(operand.into())] }
    }

    /// The single string operand, when the condition has exactly that.
    pub fn operand_text(&self) -> Option<&str> {
        match self.operands.as_slice() {
            [Value::String(s)] => Some(s),
            _ => None,
        }
    }
}

/// The comparison operators of the flow language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Operator {
    Equals,
    TextStartsWith,
    TextEndsWith,
    TextContains,
    NumberGreaterThan,
    NumberGreaterOrEqualTo,
    NumberLessThan,
    NumberLessOrEqualTo,
    /// Any operator name this program does not know, kept as written.
    Other(String),
}

impl Operator {
    pub const KNOWN: [Operator; 8] = [
        Operator::Equals,
        Operator::TextStartsWith,
        Operator::TextEndsWith,
        Operator::TextContains,
        Operator::NumberGreaterThan,
        Operator::NumberGreaterOrEqualTo,
        Operator::NumberLessThan,
        Operator::NumberLessOrEqualTo,
    ];

    pub fn parse(name: &str) -> Self {
        Self::KNOWN.into_iter().find(|op| op.as_str() == name).unwrap_or_else(|| Self::Other(name.to_owned()))
    }

    pub fn as_str(&self) -> &str {
        match self {
            Self::Equals => "Equals",
            Self::TextStartsWith => "TextStartsWith",
            Self::TextEndsWith => "TextEndsWith",
            Self::TextContains => "TextContains",
            Self::NumberGreaterThan => "NumberGreaterThan",
            Self::NumberGreaterOrEqualTo => "NumberGreaterOrEqualTo",
            Self::NumberLessThan => "NumberLessThan",
            Self::NumberLessOrEqualTo => "NumberLessOrEqualTo",
            Self::Other(name) => name,
        }
    }

    /// How the Connect designer shows the operator next to a branch.
    pub fn short_display(&self) -> &str {
        match self {
            Self::Equals => "=",
            Self::TextStartsWith => "starts with",
            Self::TextEndsWith => "ends with",
            Self::TextContains => "contains",
            Self::NumberGreaterThan => ">",
            Self::NumberGreaterOrEqualTo => "≥",
            Self::NumberLessThan => "<",
            Self::NumberLessOrEqualTo => "≤",
            Self::Other(name) => name,
        }
    }
}

/// One outgoing wire of an action.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Branch {
    /// `NextAction` ("Success", or "No match" is an error branch, see below).
    Next,
    /// An entry of `Errors`, by its `ErrorType`.
    Error(String),
    /// An entry of `Conditions`, by its index.
    Condition(usize),
    /// The condition `Equals <value>`, whether it exists yet or not: a Loop's `ContinueLooping`
    /// and `DoneLooping`. Wiring it adds the condition; unwiring removes it.
    Case(String),
}

impl fmt::Display for Branch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Next => f.write_str("Success"),
            Self::Error(t) if t == NO_MATCHING_ERROR => f.write_str("Error"),
            Self::Error(t) if t == NO_MATCHING_CONDITION => f.write_str("No match"),
            Self::Error(t) => f.write_str(t),
            Self::Condition(i) => write!(f, "condition {}", i + 1),
            Self::Case(value) => f.write_str(value),
        }
    }
}

impl Transitions {
    /// Every wired branch and where it goes, default first, then conditions, then errors.
    pub fn targets(&self) -> impl Iterator<Item = (Branch, &ActionId)> {
        let next = self.next.iter().map(|id| (Branch::Next, id));
        let conditions = self.conditions.iter().enumerate().map(|(i, c)| (Branch::Condition(i), &c.next));
        let errors = self.errors.iter().map(|e| (Branch::Error(e.error_type.clone()), &e.next));
        next.chain(conditions).chain(errors)
    }

    /// Where a branch goes, if it is wired.
    pub fn target(&self, branch: &Branch) -> Option<&ActionId> {
        match branch {
            Branch::Next => self.next.as_ref(),
            Branch::Error(kind) => self.errors.iter().find(|e| &e.error_type == kind).map(|e| &e.next),
            Branch::Condition(i) => self.conditions.get(*i).map(|c| &c.next),
            Branch::Case(value) => self.case(value).and_then(|i| self.conditions.get(i)).map(|c| &c.next),
        }
    }

    /// The index of the condition `Equals value`.
    fn case(&self, value: &str) -> Option<usize> {
        self.conditions
            .iter()
            .position(|c| c.condition.operator == Operator::Equals && c.condition.operand_text() == Some(value))
    }

    /// Points a branch at `to`, or unwires it with `None`. An error branch that does not exist
    /// yet is added; unwiring one removes it. A condition branch must already exist.
    pub fn set_target(&mut self, branch: &Branch, to: Option<ActionId>) -> Result<(), MissingCondition> {
        match (branch, to) {
            (Branch::Next, to) => self.next = to,
            (Branch::Error(kind), Some(to)) => match self.errors.iter_mut().find(|e| &e.error_type == kind) {
                Some(existing) => existing.next = to,
                None => self.errors.push(ErrorBranch { error_type: kind.clone(), next: to }),
            },
            (Branch::Error(kind), None) => self.errors.retain(|e| &e.error_type != kind),
            (Branch::Case(value), to) => match (self.case(value), to) {
                (Some(i), Some(to)) => {
                    if let Some(condition) = self.conditions.get_mut(i) {
                        condition.next = to;
                    }
                }
                (Some(i), None) => {
                    self.conditions.remove(i);
                }
                (None, Some(to)) => {
                    self.conditions
                        .push(ConditionBranch { condition: Condition::new(Operator::Equals, value.clone()), next: to });
                }
                (None, None) => {}
            },
            (Branch::Condition(i), to) => {
                let Some(condition) = self.conditions.get_mut(*i) else {
                    return Err(MissingCondition(*i));
                };
                match to {
                    Some(to) => condition.next = to,
                    None => {
                        self.conditions.remove(*i);
                    }
                }
            }
        }
        Ok(())
    }

    pub fn is_empty(&self) -> bool {
        self.next.is_none() && self.errors.is_empty() && self.conditions.is_empty()
    }
}

/// A condition branch was addressed by an index the action does not have.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("there is no condition {} on this block", .0 + 1)]
pub struct MissingCondition(pub usize);

#[cfg(test)]
mod tests {
    use super::*;

    fn id(s: &str) -> ActionId {
        ActionId::from_import(s)
    }

    #[test]
    fn setting_an_error_target_adds_the_branch_and_unsetting_removes_it() {
        let mut t = Transitions::default();
        t.set_target(&Branch::Error(NO_MATCHING_ERROR.into()), Some(id("b"))).unwrap();
        assert_eq!(t.target(&Branch::Error(NO_MATCHING_ERROR.into())), Some(&id("b")));
        t.set_target(&Branch::Error(NO_MATCHING_ERROR.into()), None).unwrap();
        assert!(t.is_empty());
    }

    #[test]
    fn a_missing_condition_cannot_be_wired() {
        let mut t = Transitions::default();
        assert_eq!(t.set_target(&Branch::Condition(2), Some(id("x"))), Err(MissingCondition(2)));
    }

    #[test]
    fn targets_lists_default_conditions_then_errors() {
        let t = Transitions {
            next: Some(id("n")),
            errors: vec![ErrorBranch { error_type: NO_MATCHING_CONDITION.into(), next: id("e") }],
            conditions: vec![ConditionBranch { condition: Condition::new(Operator::Equals, "VIP"), next: id("c") }],
        };
        let branches: Vec<_> = t.targets().map(|(b, to)| (b.to_string(), to.as_str().to_owned())).collect();
        assert_eq!(
            branches,
            [("Success".into(), "n".into()), ("condition 1".into(), "c".into()), ("No match".into(), "e".into())]
        );
    }

    #[test]
    fn wiring_a_case_adds_its_condition_and_unwiring_removes_it() {
        let mut t = Transitions::default();
        t.set_target(&Branch::Case("DoneLooping".into()), Some(id("end"))).unwrap();
        assert_eq!(t.conditions[0].condition, Condition::new(Operator::Equals, "DoneLooping"));
        assert_eq!(t.target(&Branch::Case("DoneLooping".into())), Some(&id("end")));
        t.set_target(&Branch::Case("DoneLooping".into()), None).unwrap();
        assert!(t.is_empty());
    }

    #[test]
    fn operators_round_trip_their_names() {
        for op in Operator::KNOWN {
            assert_eq!(Operator::parse(op.as_str()), op);
        }
        assert_eq!(Operator::parse("Fancy"), Operator::Other("Fancy".into()));
    }
}
