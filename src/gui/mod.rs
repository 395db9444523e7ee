//! The designer window (feature `gui`): menus, the flow list and block palette, the node canvas,
//! the properties panel, live problems, and the Queues view. Panels push intents; the app
//! applies them once a frame (`app.rs`, `apply.rs`).

pub mod app;
mod apply;
mod block_dialogs;
pub mod canvas;
pub mod commands;
mod compare;
#[cfg(feature = "aws")]
pub mod connect;
pub mod context;
pub mod describe;
mod dialogs;
pub mod drafts;
pub mod editor;
mod files;
pub mod flow_state;
pub mod glyphs;
pub mod intent;
mod menu;
mod panels;
pub mod problems_panel;
pub mod properties;
pub mod queues;
pub mod session;
mod settings;
mod side_panel;
mod status_bar;
pub mod test_call;
mod theme;

#[cfg(test)]
mod canvas_tests;
#[cfg(test)]
mod flows_tests;
#[cfg(test)]
mod panel_tests;
#[cfg(test)]
mod reliability_tests;
#[cfg(test)]
mod tests;

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;

pub use app::DesignerApp;
use session::Session;
pub use settings::Settings;

use crate::workspace::folder;

/// Opens the designer on `path`; without one, on the last workspace or file opened, else on the
/// bundled sample workspace.
pub fn run(path: Option<PathBuf>, startup_probe: Option<std::time::Instant>) -> anyhow::Result<ExitCode> {
    let settings = Settings::load();
    let path = match path {
        Some(path) => path,
        None => settings
            .last_path
            .clone()
            .filter(|p| p.exists())
            .or_else(folder::sample_workspace)
            .context("the sample workspace was not found; pass a workspace folder or flow file")?,
    };
    let (session, editor) = Session::open(&path).with_context(|| format!("cannot open {}", path.display()))?;
    std::thread::spawn(crate::phone::warm_up);
    let title = format!("whisperwire — {}", path.display());
    let mut viewport =
        egui::ViewportBuilder::default().with_title(title).with_app_id(APP_ID).with_inner_size([1280.0, 800.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let options = eframe::NativeOptions { viewport, ..eframe::NativeOptions::default() };
    let mut app = DesignerApp::new(session, editor, settings);
    app.startup_probe = startup_probe;
    eframe::run_native(
        "whisperwire",
        options,
        Box::new(|cc| {
            app.set_theme(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    )
    .map_err(|e| anyhow::anyhow!("the window could not be opened: {e}"))?;
    Ok(ExitCode::SUCCESS)
}

/// The window's application id: Wayland's app id and X11's class, which the Linux `.desktop`
/// file names as `StartupWMClass` so the dock shows the window under its icon.
const APP_ID: &str = "whisperwire";

/// The window's icon: assets/icon.png, the picture the Windows `.exe` and the Linux `.desktop`
/// file carry too. `None` (the platform's default) if it could not be decoded.
fn window_icon() -> Option<egui::IconData> {
    eframe::icon_data::from_png_bytes(include_bytes!("../../assets/icon.png")).ok()
}

#[cfg(test)]
mod icon_tests {
    #[test]
    fn the_window_icon_is_the_square_picture_the_packages_carry() {
        let icon = super::window_icon().unwrap();
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
        // The corners are transparent (rounded), the middle is painted.
        assert_eq!(icon.rgba[3], 0);
        let middle = (128 * 256 + 128) * 4;
        assert_eq!(icon.rgba[middle + 3], 255);
    }
}
