//! Whether two conditions of one block can both be true for the same value. Amazon Connect
//! checks a block's conditions in order and takes the first true one, so swapping two such
//! conditions can send a contact elsewhere; swapping two that exclude each other (`= Card`,
//! `= Bank`; `< 5`, `> 10`) cannot. When in doubt (a value known only at run time, an operator
//! this program does not know, text against numbers) they are taken to overlap: a reorder is
//! then reported, never hidden.

use crate::model::{Condition, Operator};

/// Whether some value satisfies both conditions (or this cannot be ruled out).
pub(super) fn may_overlap(a: &Condition, b: &Condition) -> bool {
    let (Some(x), Some(y)) = (literal(a), literal(b)) else { return true };
    match (Test::of(&a.operator, x), Test::of(&b.operator, y)) {
        (Some(first), Some(second)) => first.overlaps(&second),
        _ => true,
    }
}

/// The condition's single operand when it is a literal (not a `$.` reference).
fn literal(condition: &Condition) -> Option<&str> {
    condition.operand_text().filter(|text| !text.trim_start().starts_with("$."))
}

/// What a condition asks of the value. Text is compared without regard to case, so that two
/// conditions are only called exclusive when they are under any reading.
enum Test {
    Equals(String),
    StartsWith(String),
    EndsWith(String),
    Contains,
    /// A numeric comparison: the numbers it accepts, as an interval.
    Range(Interval),
}

#[derive(Clone, Copy)]
struct Interval {
    low: f64,
    low_closed: bool,
    high: f64,
    high_closed: bool,
}

impl Test {
    fn of(operator: &Operator, operand: &str) -> Option<Self> {
        let text = operand.to_lowercase();
        let number = || operand.trim().parse::<f64>().ok().filter(|n| n.is_finite());
        let range =
            |low, low_closed, high, high_closed| Some(Self::Range(Interval { low, low_closed, high, high_closed }));
        match operator {
            Operator::Equals => Some(Self::Equals(text)),
            Operator::TextStartsWith => Some(Self::StartsWith(text)),
            Operator::TextEndsWith => Some(Self::EndsWith(text)),
            Operator::TextContains => Some(Self::Contains),
            Operator::NumberGreaterThan => range(number()?, false, f64::INFINITY, false),
            Operator::NumberGreaterOrEqualTo => range(number()?, true, f64::INFINITY, false),
            Operator::NumberLessThan => range(f64::NEG_INFINITY, false, number()?, false),
            Operator::NumberLessOrEqualTo => range(f64::NEG_INFINITY, false, number()?, true),
            Operator::Other(_) => None,
        }
    }

    fn overlaps(&self, other: &Self) -> bool {
        match (self, other) {
            (Self::Equals(a), Self::Equals(b)) => a == b || same_number(a, b),
            (Self::Equals(value), Self::StartsWith(p)) | (Self::StartsWith(p), Self::Equals(value)) => {
                value.starts_with(p.as_str())
            }
            (Self::Equals(value), Self::EndsWith(s)) | (Self::EndsWith(s), Self::Equals(value)) => {
                value.ends_with(s.as_str())
            }
            (Self::StartsWith(a), Self::StartsWith(b)) => a.starts_with(b.as_str()) || b.starts_with(a.as_str()),
            (Self::EndsWith(a), Self::EndsWith(b)) => a.ends_with(b.as_str()) || b.ends_with(a.as_str()),
            // A numeric comparison is false for a value that is not a number.
            (Self::Equals(value), Self::Range(range)) | (Self::Range(range), Self::Equals(value)) => {
                value.trim().parse::<f64>().is_ok_and(|n| range.contains(n))
            }
            (Self::Range(a), Self::Range(b)) => a.meets(b),
            // Contains meets any text test, and text tests may meet numeric ones ("15" starts with "1").
            _ => true,
        }
    }
}

fn same_number(a: &str, b: &str) -> bool {
    matches!((a.trim().parse::<f64>(), b.trim().parse::<f64>()), (Ok(x), Ok(y)) if x.total_cmp(&y).is_eq())
}

impl Interval {
    fn contains(&self, n: f64) -> bool {
        let above = if self.low_closed { n >= self.low } else { n > self.low };
        let below = if self.high_closed { n <= self.high } else { n < self.high };
        above && below
    }

    /// Whether the two intervals share a number.
    fn meets(&self, other: &Self) -> bool {
        // The higher of the two lower ends, and whether it is itself included.
        let (low, low_closed) = match self.low.total_cmp(&other.low) {
            std::cmp::Ordering::Greater => (self.low, self.low_closed),
            std::cmp::Ordering::Less => (other.low, other.low_closed),
            std::cmp::Ordering::Equal => (self.low, self.low_closed && other.low_closed),
        };
        let (high, high_closed) = match self.high.total_cmp(&other.high) {
            std::cmp::Ordering::Less => (self.high, self.high_closed),
            std::cmp::Ordering::Greater => (other.high, other.high_closed),
            std::cmp::Ordering::Equal => (self.high, self.high_closed && other.high_closed),
        };
        low < high || (low.total_cmp(&high).is_eq() && low_closed && high_closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn c(operator: Operator, operand: &str) -> Condition {
        Condition::new(operator, operand)
    }

    #[test]
    fn equal_values_and_nested_ranges_overlap_distinct_values_and_far_ranges_do_not() {
        use Operator::*;
        assert!(!may_overlap(&c(Equals, "Card"), &c(Equals, "Bank")));
        assert!(may_overlap(&c(Equals, "card"), &c(Equals, "Card")), "case is not trusted to tell them apart");
        assert!(may_overlap(&c(NumberGreaterThan, "10"), &c(NumberGreaterThan, "0")));
        assert!(!may_overlap(&c(NumberGreaterThan, "10"), &c(NumberLessThan, "5")));
        assert!(!may_overlap(&c(NumberGreaterOrEqualTo, "10"), &c(NumberLessThan, "10")));
        assert!(may_overlap(&c(NumberGreaterOrEqualTo, "10"), &c(NumberLessOrEqualTo, "10")));
        assert!(may_overlap(&c(Equals, "15"), &c(NumberGreaterThan, "10")));
        assert!(!may_overlap(&c(Equals, "5"), &c(NumberGreaterThan, "10")));
        assert!(!may_overlap(&c(Equals, "VIP"), &c(NumberGreaterThan, "10")), "a numeric test fails on text");
        assert!(may_overlap(&c(Equals, "+44123"), &c(TextStartsWith, "+44")));
        assert!(!may_overlap(&c(Equals, "+33123"), &c(TextStartsWith, "+44")));
        assert!(!may_overlap(&c(TextStartsWith, "+33"), &c(TextStartsWith, "+44")));
        assert!(may_overlap(&c(TextStartsWith, "+4"), &c(TextStartsWith, "+44")));
        assert!(may_overlap(&c(TextContains, "a"), &c(Equals, "b")));
        assert!(
            may_overlap(&c(Equals, "$.Attributes.limit"), &c(Equals, "x")),
            "a reference is known only at run time"
        );
        assert!(may_overlap(&c(Operator::Other("Between".into()), "1"), &c(Equals, "x")));
    }
}
