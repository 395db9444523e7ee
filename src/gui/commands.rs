//! The command table: every command a user can give the window, with its text, tooltip,
//! shortcut, menu and when it is enabled. The menu bar, the toolbar, the keyboard shortcuts and
//! the canvas's context menu all read it; nothing decides by matching label text.
//!
//! User commands are kept apart from the internal ones the panels send with what they need
//! (open this path, save this test call, update this queue): those are
//! [`super::intent::SystemCommand`]s.

use egui::{Key, KeyboardShortcut, Modifiers};

/// A command the user gives from a menu, the toolbar, a shortcut or a context menu.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiCommand {
    NewFlow,
    Open,
    Save,
    SaveAs,
    SaveAll,
    CompareWithSaved,
    CompareWith,
    ClearComparison,
    Quit,
    Undo,
    Redo,
    Copy,
    Paste,
    SelectAll,
    Delete,
    AddBlock,
    ConnectBranch,
    FindBlock,
    /// Enter on the canvas: the selected block's first field.
    GoToProperties,
    /// The arrow keys on the canvas: the selection moves along the wires.
    NextBlock,
    PreviousBlock,
    BranchAbove,
    BranchBelow,
    FitView,
    ZoomIn,
    ZoomOut,
    Arrange,
    MiniMap,
    DarkTheme,
    TestCall,
    Publish,
    Queues,
    AuditInstance,
    KeyboardShortcuts,
    /// Amazon Connect → Pull from instance… (feature `aws`).
    #[cfg(feature = "aws")]
    PullFromInstance,
    /// Amazon Connect → Publish to Amazon Connect… (feature `aws`).
    #[cfg(feature = "aws")]
    PublishToConnect,
    /// Amazon Connect → Promote to… (feature `aws`): this workspace's flows into another's.
    #[cfg(feature = "aws")]
    PromoteTo,
}

/// The menus of the menu bar, in order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Menu {
    File,
    Edit,
    View,
    Flow,
    #[cfg(feature = "aws")]
    Connect,
    Help,
}

/// What decides whether a command can be given now, read off the app once a frame.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[expect(clippy::struct_excessive_bools, reason = "independent facts the commands' enabled states read")]
pub struct CommandState {
    pub flow_open: bool,
    pub can_undo: bool,
    pub can_redo: bool,
    pub has_selection: bool,
    pub dark_mode: bool,
    pub minimap: bool,
    pub comparing: bool,
    /// A workspace folder is open (not a lone flow file).
    pub workspace_open: bool,
    /// Some flow (open or left open in the session) has unsaved changes.
    pub unsaved: bool,
}

const CTRL_SHIFT: Modifiers = Modifiers { shift: true, ..Modifiers::COMMAND };
const CTRL_ALT: Modifiers = Modifiers { alt: true, ..Modifiers::COMMAND };

const fn keys(modifiers: Modifiers, key: Key) -> KeyboardShortcut {
    KeyboardShortcut::new(modifiers, key)
}

impl Menu {
    pub const ALL: &[Menu] = &[
        Menu::File,
        Menu::Edit,
        Menu::View,
        Menu::Flow,
        #[cfg(feature = "aws")]
        Menu::Connect,
        Menu::Help,
    ];

    pub fn title(self) -> &'static str {
        match self {
            Menu::File => "File",
            Menu::Edit => "Edit",
            Menu::View => "View",
            Menu::Flow => "Flow",
            #[cfg(feature = "aws")]
            Menu::Connect => "Amazon Connect",
            Menu::Help => "Help",
        }
    }

    /// The commands of this menu, in order.
    pub fn commands(self) -> impl Iterator<Item = UiCommand> {
        UiCommand::ALL.iter().copied().filter(move |c| c.menu() == self)
    }
}

impl UiCommand {
    /// Every command, in menu order.
    pub const ALL: &[UiCommand] = &[
        UiCommand::NewFlow,
        UiCommand::Open,
        UiCommand::Save,
        UiCommand::SaveAs,
        UiCommand::SaveAll,
        UiCommand::CompareWithSaved,
        UiCommand::CompareWith,
        UiCommand::ClearComparison,
        UiCommand::Quit,
        UiCommand::Undo,
        UiCommand::Redo,
        UiCommand::Copy,
        UiCommand::Paste,
        UiCommand::SelectAll,
        UiCommand::Delete,
        UiCommand::AddBlock,
        UiCommand::ConnectBranch,
        UiCommand::FindBlock,
        UiCommand::GoToProperties,
        UiCommand::NextBlock,
        UiCommand::PreviousBlock,
        UiCommand::BranchAbove,
        UiCommand::BranchBelow,
        UiCommand::FitView,
        UiCommand::ZoomIn,
        UiCommand::ZoomOut,
        UiCommand::Arrange,
        UiCommand::MiniMap,
        UiCommand::DarkTheme,
        UiCommand::TestCall,
        UiCommand::Publish,
        UiCommand::Queues,
        UiCommand::AuditInstance,
        #[cfg(feature = "aws")]
        UiCommand::PullFromInstance,
        #[cfg(feature = "aws")]
        UiCommand::PublishToConnect,
        #[cfg(feature = "aws")]
        UiCommand::PromoteTo,
        UiCommand::KeyboardShortcuts,
    ];

    /// The command's text in menus and buttons.
    pub fn text(self) -> &'static str {
        match self {
            UiCommand::NewFlow => "Create outbound whisper flow",
            UiCommand::Open => "Open…",
            UiCommand::Save => "Save",
            UiCommand::SaveAs => "Save as…",
            UiCommand::SaveAll => "Save all",
            UiCommand::CompareWithSaved => "Compare with saved version",
            UiCommand::CompareWith => "Compare with…",
            UiCommand::ClearComparison => "Clear comparison",
            UiCommand::Quit => "Quit",
            UiCommand::Undo => "Undo",
            UiCommand::Redo => "Redo",
            UiCommand::Copy => "Copy",
            UiCommand::Paste => "Paste",
            UiCommand::SelectAll => "Select all",
            UiCommand::Delete => "Delete",
            UiCommand::AddBlock => "Add block…",
            UiCommand::ConnectBranch => "Connect branch…",
            UiCommand::FindBlock => "Find block…",
            UiCommand::GoToProperties => "Go to properties",
            UiCommand::NextBlock => "Next block",
            UiCommand::PreviousBlock => "Previous block",
            UiCommand::BranchAbove => "Branch above",
            UiCommand::BranchBelow => "Branch below",
            UiCommand::FitView => "Fit to view",
            UiCommand::ZoomIn => "Zoom in",
            UiCommand::ZoomOut => "Zoom out",
            UiCommand::Arrange => "Arrange",
            UiCommand::MiniMap => "Mini-map",
            UiCommand::DarkTheme => "Dark theme",
            UiCommand::TestCall => "Place a test call",
            UiCommand::Publish => "Publish",
            UiCommand::Queues => "Queues…",
            UiCommand::AuditInstance => "Audit instance…",
            UiCommand::KeyboardShortcuts => "Keyboard shortcuts",
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance => "Pull from instance…",
            #[cfg(feature = "aws")]
            UiCommand::PublishToConnect => "Publish to Amazon Connect…",
            #[cfg(feature = "aws")]
            UiCommand::PromoteTo => "Promote to…",
        }
    }

    /// What the command does, shown on hover.
    pub fn tooltip(self) -> &'static str {
        match self {
            UiCommand::NewFlow => "Create a new outbound whisper flow in this workspace",
            UiCommand::Open => "Open a workspace folder or a flow file",
            UiCommand::Save => "Save the open flow",
            UiCommand::SaveAs => "Save the open flow under another name",
            UiCommand::SaveAll => "Save every open flow that has unsaved changes",
            UiCommand::CompareWithSaved => "What the unsaved changes mean, block by block",
            UiCommand::CompareWith => "What differs from another flow file, block by block",
            UiCommand::ClearComparison => "Stop comparing",
            UiCommand::Quit => "Close whisperwire (asks first when changes are not saved)",
            UiCommand::Undo => "Undo the last change",
            UiCommand::Redo => "Redo the change just undone",
            UiCommand::Copy => "Copy the selected blocks",
            UiCommand::Paste => "Paste the copied blocks",
            UiCommand::SelectAll => "Select every block",
            UiCommand::Delete => "Delete the selected blocks",
            UiCommand::AddBlock => "Add a block after the selected one, wired from its first free branch",
            UiCommand::ConnectBranch => "Wire a branch of the selected block to a block of your choice",
            UiCommand::FindBlock => "Find blocks by name, type or parameter text",
            UiCommand::GoToProperties => "Move the keyboard to the selected block's first field (Enter on the canvas)",
            UiCommand::NextBlock => "Select the block the selected one leads to (→ on the canvas)",
            UiCommand::PreviousBlock => "Select a block that leads to the selected one (← on the canvas)",
            UiCommand::BranchAbove => "Select the block the branch above leads to (↑ on the canvas)",
            UiCommand::BranchBelow => "Select the block the branch below leads to (↓ on the canvas)",
            UiCommand::FitView => "Show the whole flow",
            UiCommand::ZoomIn => "Zoom in by 10%",
            UiCommand::ZoomOut => "Zoom out by 10%",
            UiCommand::Arrange => "Lay the flow out left to right, by branch order (one undo step)",
            UiCommand::MiniMap => "Show the whole flow in small in a corner of the canvas",
            UiCommand::DarkTheme => "Switch between the dark and the light theme",
            UiCommand::TestCall => "Play the flow for a test call",
            UiCommand::Publish => {
                "Publish this flow (refused, with the list, while errors remain); in a workspace linked to Amazon \
                 Connect, first shows what it changes there"
            }
            UiCommand::Queues => "Each queue's outbound caller ID number, name and whisper flow",
            UiCommand::AuditInstance => {
                "What every queue's customers see and which calls fail: each queue × the scenarios of its outbound whisper flow"
            }
            UiCommand::KeyboardShortcuts => "Every keyboard shortcut, the canvas's keys included",
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance => {
                "Copy the flows, phone numbers and queues of an Amazon Connect instance into this workspace"
            }
            #[cfg(feature = "aws")]
            UiCommand::PublishToConnect => {
                "Show what would change in Amazon Connect, then publish the workspace's flows and queue settings"
            }
            #[cfg(feature = "aws")]
            UiCommand::PromoteTo => {
                "Copy this workspace's flows and their queues' caller-ID settings into another instance's workspace, \
                 every reference remapped"
            }
        }
    }

    pub fn shortcut(self) -> Option<KeyboardShortcut> {
        match self {
            UiCommand::NewFlow => Some(keys(Modifiers::COMMAND, Key::N)),
            UiCommand::Open => Some(keys(Modifiers::COMMAND, Key::O)),
            UiCommand::Save => Some(keys(Modifiers::COMMAND, Key::S)),
            UiCommand::SaveAs => Some(keys(CTRL_SHIFT, Key::S)),
            UiCommand::Quit => Some(keys(Modifiers::COMMAND, Key::Q)),
            UiCommand::Undo => Some(keys(Modifiers::COMMAND, Key::Z)),
            UiCommand::Redo => Some(keys(CTRL_SHIFT, Key::Z)),
            UiCommand::Copy => Some(keys(Modifiers::COMMAND, Key::C)),
            UiCommand::Paste => Some(keys(Modifiers::COMMAND, Key::V)),
            UiCommand::SelectAll => Some(keys(Modifiers::COMMAND, Key::A)),
            UiCommand::Delete => Some(keys(Modifiers::NONE, Key::Delete)),
            UiCommand::AddBlock => Some(keys(Modifiers::COMMAND, Key::B)),
            UiCommand::ConnectBranch => Some(keys(Modifiers::COMMAND, Key::K)),
            UiCommand::FindBlock => Some(keys(Modifiers::COMMAND, Key::F)),
            UiCommand::FitView => Some(keys(Modifiers::COMMAND, Key::Num0)),
            UiCommand::ZoomIn => Some(keys(Modifiers::COMMAND, Key::Equals)),
            UiCommand::ZoomOut => Some(keys(Modifiers::COMMAND, Key::Minus)),
            UiCommand::Arrange => Some(keys(CTRL_SHIFT, Key::A)),
            UiCommand::Publish => Some(keys(CTRL_SHIFT, Key::P)),
            UiCommand::SaveAll => Some(keys(CTRL_ALT, Key::S)),
            UiCommand::GoToProperties => Some(keys(Modifiers::NONE, Key::Enter)),
            UiCommand::NextBlock => Some(keys(Modifiers::NONE, Key::ArrowRight)),
            UiCommand::PreviousBlock => Some(keys(Modifiers::NONE, Key::ArrowLeft)),
            UiCommand::BranchAbove => Some(keys(Modifiers::NONE, Key::ArrowUp)),
            UiCommand::BranchBelow => Some(keys(Modifiers::NONE, Key::ArrowDown)),
            UiCommand::KeyboardShortcuts => Some(keys(Modifiers::NONE, Key::F1)),
            UiCommand::CompareWithSaved
            | UiCommand::CompareWith
            | UiCommand::ClearComparison
            | UiCommand::MiniMap
            | UiCommand::DarkTheme
            | UiCommand::TestCall
            | UiCommand::Queues
            | UiCommand::AuditInstance => None,
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance | UiCommand::PublishToConnect | UiCommand::PromoteTo => None,
        }
    }

    pub fn menu(self) -> Menu {
        match self {
            UiCommand::NewFlow
            | UiCommand::Open
            | UiCommand::Save
            | UiCommand::SaveAs
            | UiCommand::SaveAll
            | UiCommand::CompareWithSaved
            | UiCommand::CompareWith
            | UiCommand::ClearComparison
            | UiCommand::Quit => Menu::File,
            UiCommand::Undo
            | UiCommand::Redo
            | UiCommand::Copy
            | UiCommand::Paste
            | UiCommand::SelectAll
            | UiCommand::Delete
            | UiCommand::AddBlock
            | UiCommand::ConnectBranch
            | UiCommand::FindBlock
            | UiCommand::GoToProperties
            | UiCommand::NextBlock
            | UiCommand::PreviousBlock
            | UiCommand::BranchAbove
            | UiCommand::BranchBelow => Menu::Edit,
            UiCommand::FitView
            | UiCommand::ZoomIn
            | UiCommand::ZoomOut
            | UiCommand::Arrange
            | UiCommand::MiniMap
            | UiCommand::DarkTheme => Menu::View,
            UiCommand::TestCall | UiCommand::Publish | UiCommand::Queues | UiCommand::AuditInstance => Menu::Flow,
            UiCommand::KeyboardShortcuts => Menu::Help,
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance | UiCommand::PublishToConnect | UiCommand::PromoteTo => Menu::Connect,
        }
    }

    /// Whether the command can be given now.
    pub fn is_enabled(self, state: CommandState) -> bool {
        match self {
            UiCommand::NewFlow
            | UiCommand::Open
            | UiCommand::Quit
            | UiCommand::DarkTheme
            | UiCommand::MiniMap
            | UiCommand::Queues
            | UiCommand::KeyboardShortcuts => true,
            UiCommand::SaveAll => state.unsaved,
            UiCommand::GoToProperties => state.flow_open && state.has_selection,
            UiCommand::ClearComparison => state.comparing,
            UiCommand::Undo => state.flow_open && state.can_undo,
            UiCommand::Redo => state.flow_open && state.can_redo,
            UiCommand::Copy | UiCommand::Delete | UiCommand::ConnectBranch => state.flow_open && state.has_selection,
            UiCommand::Save
            | UiCommand::SaveAs
            | UiCommand::CompareWithSaved
            | UiCommand::CompareWith
            | UiCommand::Paste
            | UiCommand::SelectAll
            | UiCommand::AddBlock
            | UiCommand::FindBlock
            | UiCommand::NextBlock
            | UiCommand::PreviousBlock
            | UiCommand::BranchAbove
            | UiCommand::BranchBelow
            | UiCommand::FitView
            | UiCommand::ZoomIn
            | UiCommand::ZoomOut
            | UiCommand::Arrange
            | UiCommand::TestCall
            | UiCommand::Publish => state.flow_open,
            #[cfg(feature = "aws")]
            UiCommand::PullFromInstance | UiCommand::PublishToConnect | UiCommand::PromoteTo => state.workspace_open,
            UiCommand::AuditInstance => state.workspace_open,
        }
    }

    /// For a command that is a setting, whether it is on (drawn as a check box).
    pub fn is_checked(self, state: CommandState) -> Option<bool> {
        match self {
            UiCommand::DarkTheme => Some(state.dark_mode),
            UiCommand::MiniMap => Some(state.minimap),
            _ => None,
        }
    }

    /// Commands whose keys the canvas reads itself, when it has the keyboard (nothing is
    /// focused): the shortcut handler leaves their keys alone; the menus show them.
    pub fn canvas_key(self) -> bool {
        matches!(
            self,
            UiCommand::GoToProperties
                | UiCommand::NextBlock
                | UiCommand::PreviousBlock
                | UiCommand::BranchAbove
                | UiCommand::BranchBelow
        )
    }

    /// Commands acting on the canvas selection: a focused text field keeps their keys.
    pub fn acts_on_canvas(self) -> bool {
        matches!(
            self,
            UiCommand::Undo
                | UiCommand::Redo
                | UiCommand::Copy
                | UiCommand::Paste
                | UiCommand::SelectAll
                | UiCommand::Delete
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_two_commands_share_a_shortcut_or_a_text() {
        let mut shortcuts: Vec<_> = UiCommand::ALL.iter().filter_map(|c| c.shortcut()).collect();
        let total = shortcuts.len();
        shortcuts.sort_by_key(|s| format!("{s:?}"));
        shortcuts.dedup();
        assert_eq!(shortcuts.len(), total);
        let mut texts: Vec<_> = UiCommand::ALL.iter().map(|c| c.text()).collect();
        texts.sort_unstable();
        texts.dedup();
        assert_eq!(texts.len(), UiCommand::ALL.len());
    }

    #[test]
    fn flow_commands_wait_for_a_flow_and_undo_for_history() {
        let none = CommandState::default();
        assert!(UiCommand::Open.is_enabled(none));
        assert!(!UiCommand::Save.is_enabled(none));
        let open = CommandState { flow_open: true, ..CommandState::default() };
        assert!(UiCommand::Save.is_enabled(open));
        assert!(!UiCommand::Undo.is_enabled(open));
        assert!(!UiCommand::Delete.is_enabled(open));
        let busy = CommandState { can_undo: true, has_selection: true, ..open };
        assert!(UiCommand::Undo.is_enabled(busy));
        assert!(UiCommand::Delete.is_enabled(busy));
    }

    #[test]
    fn every_menu_has_commands_and_every_command_one_menu() {
        let listed: usize = Menu::ALL.iter().map(|m| m.commands().count()).sum();
        assert_eq!(listed, UiCommand::ALL.len());
        assert!(Menu::ALL.iter().all(|m| m.commands().next().is_some()));
    }
}
