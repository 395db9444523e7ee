//! `Drafts`: text being typed in a field, kept per key (a block and field, a queue) while the
//! panel that owns it lives, until the document catches up. Shared by the properties panel and
//! the Queues view.

use std::collections::HashMap;
use std::hash::Hash;

/// Text being typed, by field, until the document catches up with it.
///
/// A draft is dropped as soon as the document holds something other than what was last typed
/// (an undo, a fix, another panel), so the field always shows the document's value.
#[derive(Debug)]
pub struct Drafts<K> {
    map: HashMap<K, Draft>,
}

#[derive(Debug)]
struct Draft {
    text: String,
    /// The document's value this draft stands for.
    synced: String,
}

impl<K> Default for Drafts<K> {
    fn default() -> Self {
        Self { map: HashMap::new() }
    }
}

impl<K: Hash + Eq> Drafts<K> {
    /// The draft for `key`, whose value in the document is `current`.
    fn draft_mut(&mut self, key: K, current: &str) -> &mut Draft {
        let draft =
            self.map.entry(key).or_insert_with(|| Draft { text: current.to_owned(), synced: current.to_owned() });
        if draft.synced != current {
            current.clone_into(&mut draft.text);
            current.clone_into(&mut draft.synced);
        }
        draft
    }

    /// Draws `edit` over the draft for `key`; returns the new text when the user changed it.
    /// The caller writes that text to the document, which then shows it as `current`.
    pub fn edit_ui(
        &mut self,
        ui: &mut egui::Ui,
        key: K,
        current: &str,
        edit: impl FnOnce(&mut String) -> egui::TextEdit<'_>,
        labels: &[egui::Id],
    ) -> Option<String> {
        let draft = self.draft_mut(key, current);
        let mut response = ui.add(edit(&mut draft.text));
        for label in labels {
            response = response.labelled_by(*label);
        }
        if !response.changed() {
            return None;
        }
        draft.synced.clone_from(&draft.text);
        Some(draft.text.clone())
    }

    pub fn clear(&mut self) {
        self.map.clear();
    }
}
