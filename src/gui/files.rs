//! Native file dialogs (rfd) on a worker thread, so a portal that never answers cannot freeze the
//! window; the dialogs that use them also take a typed path. Lives while a dialog is open.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

/// What to ask the native dialog for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pick {
    Folder,
    OpenFile,
    SaveFile,
}

/// A native dialog running on its own thread.
pub struct Browse {
    receiver: Receiver<Option<PathBuf>>,
}

/// What the worker has to say this frame.
pub enum Answer {
    Waiting,
    Picked(PathBuf),
    /// The user cancelled, or no dialog is available here: type the path instead.
    Nothing,
}

impl Browse {
    pub fn start(pick: Pick, start_in: Option<PathBuf>) -> Self {
        let (sender, receiver) = channel();
        std::thread::spawn(move || {
            let mut dialog = rfd::FileDialog::new().add_filter("Amazon Connect flow", &["json"]);
            if let Some(dir) = start_in {
                dialog = dialog.set_directory(dir);
            }
            let picked = match pick {
                Pick::Folder => dialog.pick_folder(),
                Pick::OpenFile => dialog.pick_file(),
                Pick::SaveFile => dialog.save_file(),
            };
            let _delivered = sender.send(picked);
        });
        Self { receiver }
    }

    /// A picker that has already answered `path`: what a test uses instead of a system dialog.
    #[cfg(test)]
    pub fn answered(path: PathBuf) -> Self {
        let (sender, receiver) = channel();
        let _delivered = sender.send(Some(path));
        Self { receiver }
    }

    pub fn poll(&self) -> Answer {
        match self.receiver.try_recv() {
            Ok(Some(path)) => Answer::Picked(path),
            Ok(None) | Err(TryRecvError::Disconnected) => Answer::Nothing,
            Err(TryRecvError::Empty) => Answer::Waiting,
        }
    }
}
