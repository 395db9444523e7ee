//! `FlowState`: the one answer to "what state is this flow in", as Amazon Connect's designer
//! gives it: *New, not saved* → *Saved* → *Published*, and *Saved, changes not published* once a
//! published flow is edited and saved. The flow list, the status bar and the properties panel
//! all show it; unsaved changes are shown apart from it. A value, computed when asked.

use crate::model::FlowStatus;

/// The state of a flow, one for the whole window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowState {
    /// Created in the window; no file exists yet.
    New,
    /// The file says "saved", and the flow was not published in this session.
    Saved,
    /// The file says "saved", but the flow was published earlier (when opened, or in this
    /// session): the changes saved since are not live.
    SavedNotPublished,
    /// The file says "published".
    Published,
}

impl FlowState {
    /// The state of a flow file nobody has open: what its `Metadata.status` says.
    pub fn of_file(status: Option<FlowStatus>) -> Self {
        match status {
            Some(FlowStatus::Published) => Self::Published,
            Some(FlowStatus::Saved) | None => Self::Saved,
        }
    }

    /// The state of a flow that is open: `on_disk` once a file exists, `published_before` when
    /// it was published when opened or since.
    pub fn of(status: Option<FlowStatus>, on_disk: bool, published_before: bool) -> Self {
        match (on_disk, Self::of_file(status)) {
            (false, _) => Self::New,
            (true, Self::Saved) if published_before => Self::SavedNotPublished,
            (true, state) => state,
        }
    }

    /// How the window writes it.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New, not saved",
            Self::Saved => "Saved",
            Self::SavedNotPublished => "Saved, changes not published",
            Self::Published => "Published",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_flow_without_a_file_is_new_whatever_its_metadata_says() {
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), false, false), FlowState::New);
        assert_eq!(FlowState::of(Some(FlowStatus::Published), false, true), FlowState::New);
    }

    #[test]
    fn a_saved_flow_published_before_has_changes_not_published() {
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), true, false), FlowState::Saved);
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), true, true), FlowState::SavedNotPublished);
        assert_eq!(FlowState::of(Some(FlowStatus::Published), true, true), FlowState::Published);
        assert_eq!(FlowState::SavedNotPublished.label(), "Saved, changes not published");
    }

    #[test]
    fn a_file_without_a_status_reads_as_saved() {
        assert_eq!(FlowState::of_file(None), FlowState::Saved);
        assert_eq!(FlowState::of_file(Some(FlowStatus::Published)).label(), "Published");
    }
}
