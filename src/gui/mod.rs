//! The designer window (feature `gui`). For now a read-only browser of a workspace: its flows,
//! their blocks and their caller ID settings; the full designer builds on it.

mod browser;
mod theme;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
pub use browser::Browser;

use crate::workspace::folder::{self, Opened};

/// Opens the designer on `path` (a workspace folder or a flow file), or on the bundled sample.
pub fn run(path: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let path = match path {
        Some(path) => path,
        None => folder::sample_workspace()
            .context("the sample workspace was not found; pass a workspace folder or flow file")?,
    };
    let opened =
        folder::open_path(&path).with_context(|| format!("cannot open {}", path.display()))?;
    std::thread::spawn(crate::phone::warm_up);
    let browser = Browser::new(opened);
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title(browser.title())
            .with_inner_size([1100.0, 700.0]),
        ..eframe::NativeOptions::default()
    };
    eframe::run_native(
        "whisperwire",
        options,
        Box::new(|_cc| Ok(Box::new(browser))),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// What the window shows: a workspace or one flow file.
pub fn title_of(opened: &Opened) -> String {
    match opened {
        Opened::Workspace(ws) => format!("whisperwire — {}", ws.root.display()),
        Opened::Flow(flow) => format!("whisperwire — {}", flow.path.display()),
    }
}
