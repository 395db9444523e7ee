//! The one three-way rule, for files on disk and for Amazon Connect alike: given what both
//! sides last agreed on (the *base*), what this side holds now (*local*) and what the other side
//! holds now (*remote*), say who changed what.
//!
//! Pure: callers decide what "equal" means for their values (file bytes, JSON, raw ids).

/// Who changed an item since the base.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Change {
    /// Neither side.
    None,
    /// Only this side: send it (publish) or keep it (pull).
    Local,
    /// Only the other side: take it (pull), leave it alone (publish).
    Remote,
    /// Both, to the same value: nothing to do but record the new base.
    Converged,
    /// Both, to different values: refused unless the caller forces one side.
    Conflict,
}

impl Change {
    /// Whether this side holds something the other does not.
    pub fn local_wins_needed(self) -> bool {
        matches!(self, Self::Local | Self::Conflict)
    }
}

/// The rule: `local_changed` and `remote_changed` are against the base; `same` says whether
/// local and remote now hold the same value (asked only when both changed).
pub fn classify(local_changed: bool, remote_changed: bool, same: impl FnOnce() -> bool) -> Change {
    match (local_changed, remote_changed) {
        (false, false) => Change::None,
        (true, false) => Change::Local,
        (false, true) => Change::Remote,
        (true, true) if same() => Change::Converged,
        (true, true) => Change::Conflict,
    }
}

/// [`classify`] for plain values.
pub fn of_values<T: PartialEq + ?Sized>(base: &T, local: &T, remote: &T) -> Change {
    classify(local != base, remote != base, || local == remote)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_side_alone_both_alike_and_both_apart() {
        assert_eq!(of_values("a", "a", "a"), Change::None);
        assert_eq!(of_values("a", "b", "a"), Change::Local);
        assert_eq!(of_values("a", "a", "c"), Change::Remote);
        assert_eq!(of_values("a", "b", "b"), Change::Converged);
        assert_eq!(of_values("a", "b", "c"), Change::Conflict);
        assert!(Change::Conflict.local_wins_needed() && !Change::Remote.local_wins_needed());
    }
}
