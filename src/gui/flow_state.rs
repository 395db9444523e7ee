//! `FlowState`: the one answer to "what state is this flow in", in Amazon Connect's model:
//! *New, not saved* (no file yet), *Saved, never published*, *Published*, and *Published, with
//! unpublished changes* once a published flow has saved changes that are not live (saved here,
//! or a draft saved in Connect). The flow list, the status bar and the properties panel all show
//! it; unsaved changes are shown apart from it. `History` is what tells the last two apart: the
//! workspace's link when it has one, else what the window saw. Values, computed when asked.

use crate::model::FlowStatus;
use crate::workspace::link::FlowBase;

/// The state of a flow, one for the whole window.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FlowState {
    /// Created in the window; no file exists yet.
    New,
    /// The file says "saved", and the flow was never published (as far as anyone knows).
    NeverPublished,
    /// The flow was published before, and has saved changes that are not live: the file says
    /// "saved", or Amazon Connect holds a draft saved there.
    PublishedWithChanges,
    /// The file says "published", and Amazon Connect held no draft at the last pull or publish.
    Published,
}

/// What is known of a flow's past: whether it was ever published, and whether Amazon Connect
/// holds saved changes of it that are not published.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct History {
    pub published_before: bool,
    /// A draft saved in Amazon Connect over a published version (at the last pull or publish).
    pub draft_in_connect: bool,
}

impl History {
    /// What the workspace's link recorded at the last pull or publish.
    pub fn of_base(base: &FlowBase) -> Self {
        let published_before = base.ever_published();
        Self { published_before, draft_in_connect: published_before && base.has_draft() }
    }

    /// What the window saw: the flow was published when opened, or in this session.
    pub fn seen(published: bool) -> Self {
        Self { published_before: published, draft_in_connect: false }
    }
}

impl FlowState {
    /// The state of a flow file: what its `Metadata.status` says, read with its history.
    pub fn of_file(status: Option<FlowStatus>, history: History) -> Self {
        match status {
            Some(FlowStatus::Published) if history.draft_in_connect => Self::PublishedWithChanges,
            Some(FlowStatus::Published) => Self::Published,
            Some(FlowStatus::Saved) | None if history.published_before => Self::PublishedWithChanges,
            Some(FlowStatus::Saved) | None => Self::NeverPublished,
        }
    }

    /// The state of a flow that is open: new until a file holds it, else its file's.
    pub fn of(status: Option<FlowStatus>, on_disk: bool, history: History) -> Self {
        if on_disk { Self::of_file(status, history) } else { Self::New }
    }

    /// Whether a published version of the flow is live: a queue may use it.
    pub fn is_live(self) -> bool {
        matches!(self, Self::Published | Self::PublishedWithChanges)
    }

    /// How the window writes it.
    pub fn label(self) -> &'static str {
        match self {
            Self::New => "New, not saved",
            Self::NeverPublished => "Saved, never published",
            Self::PublishedWithChanges => "Published, with unpublished changes",
            Self::Published => "Published",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const NONE: History = History { published_before: false, draft_in_connect: false };
    const PUBLISHED: History = History { published_before: true, draft_in_connect: false };
    const DRAFT: History = History { published_before: true, draft_in_connect: true };

    #[test]
    fn a_flow_without_a_file_is_new_whatever_its_metadata_says() {
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), false, NONE), FlowState::New);
        assert_eq!(FlowState::of(Some(FlowStatus::Published), false, PUBLISHED), FlowState::New);
        assert_eq!(FlowState::New.label(), "New, not saved");
    }

    #[test]
    fn a_saved_flow_published_before_has_unpublished_changes() {
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), true, NONE), FlowState::NeverPublished);
        assert_eq!(FlowState::of(Some(FlowStatus::Saved), true, PUBLISHED), FlowState::PublishedWithChanges);
        assert_eq!(FlowState::of(Some(FlowStatus::Published), true, PUBLISHED), FlowState::Published);
        assert_eq!(FlowState::PublishedWithChanges.label(), "Published, with unpublished changes");
        assert_eq!(FlowState::NeverPublished.label(), "Saved, never published");
    }

    #[test]
    fn a_draft_saved_in_connect_is_an_unpublished_change_whatever_the_file_says() {
        assert_eq!(FlowState::of_file(Some(FlowStatus::Published), DRAFT), FlowState::PublishedWithChanges);
        assert_eq!(FlowState::of_file(Some(FlowStatus::Saved), DRAFT), FlowState::PublishedWithChanges);
    }

    #[test]
    fn the_links_base_says_whether_a_flow_was_published_and_has_a_draft() {
        let base = |published: Option<&str>, draft: Option<&str>| FlowBase {
            published_sha256: published.map(str::to_owned),
            draft_sha256: draft.map(str::to_owned),
            file_sha256: String::new(),
            last_modified_time: None,
        };
        assert_eq!(History::of_base(&base(Some("p"), None)), PUBLISHED);
        assert_eq!(History::of_base(&base(Some("p"), Some("d"))), DRAFT);
        assert_eq!(History::of_base(&base(None, Some("d"))), NONE, "a never-published flow's content is no draft");
    }

    #[test]
    fn a_file_without_a_status_reads_as_saved() {
        assert_eq!(FlowState::of_file(None, NONE), FlowState::NeverPublished);
        assert_eq!(FlowState::of_file(Some(FlowStatus::Published), NONE).label(), "Published");
        assert!(FlowState::PublishedWithChanges.is_live() && !FlowState::NeverPublished.is_live());
    }
}
