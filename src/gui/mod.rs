//! The designer window (feature `gui`): menus, the flow list and block palette, the node canvas,
//! the properties panel, live problems, and the Queues view. Panels push intents; the app
//! applies them once a frame (`app.rs`, `apply.rs`).

pub mod app;
mod apply;
pub mod audit;
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
mod audit_tests;
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
///
/// Start-up does its two slow parts at once: the workspace is read and checked (which loads the
/// phone-number metadata, about 65 ms) on a thread of its own while eframe opens the window and
/// starts the renderer; the window's first frame waits for the workspace.
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
    if !path.exists() {
        anyhow::bail!("cannot open {}: no such file or folder", path.display());
    }
    let phase = move |name: &str| {
        if let Some(started) = startup_probe {
            let memory = crate::workspace::process::resident_split()
                .map(|(anon, file)| format!(" rss_anon_mb={anon:.1} rss_file_mb={file:.1}"))
                .unwrap_or_default();
            eprintln!("startup_phase {name}_ms={:.1}{memory}", started.elapsed().as_secs_f64() * 1000.0);
        }
    };
    let opening = {
        let path = path.clone();
        std::thread::spawn(move || {
            let opened = Session::open(&path);
            phase("workspace_opened");
            opened
        })
    };
    let title = format!("whisperwire — {}", path.display());
    let mut viewport =
        egui::ViewportBuilder::default().with_title(title).with_app_id(APP_ID).with_inner_size([1280.0, 800.0]);
    if let Some(icon) = window_icon() {
        viewport = viewport.with_icon(icon);
    }
    let renderer = renderer();
    let options = eframe::NativeOptions { viewport, renderer, ..eframe::NativeOptions::default() };
    // A workspace that cannot be opened closes the window before it is drawn; its error is
    // then the one reported.
    let failed = std::sync::Arc::new(std::sync::Mutex::new(None::<anyhow::Error>));
    let failure = std::sync::Arc::clone(&failed);
    let result = eframe::run_native(
        "whisperwire",
        options,
        Box::new(move |cc| {
            phase("window_and_renderer_ready");
            let opened = opening.join().map_err(|_| anyhow::anyhow!("reading the workspace stopped unexpectedly"));
            let (session, editor) =
                match opened.and_then(|o| o.with_context(|| format!("cannot open {}", path.display()))) {
                    Ok(opened) => opened,
                    Err(error) => {
                        let message = format!("{error:#}");
                        if let Ok(mut slot) = failure.lock() {
                            *slot = Some(error);
                        }
                        return Err(message.into());
                    }
                };
            let mut app = DesignerApp::new(session, editor, settings);
            app.startup_probe = startup_probe;
            app.set_theme(&cc.egui_ctx);
            Ok(Box::new(app))
        }),
    );
    if let Some(error) = failed.lock().ok().and_then(|mut slot| slot.take()) {
        return Err(error);
    }
    result.map_err(|e| {
        anyhow::anyhow!(
            "the window could not be opened: {e}\n(to try the other renderer, set WHISPERWIRE_RENDERER={} and start again)",
            other_renderer(renderer)
        )
    })?;
    Ok(ExitCode::SUCCESS)
}

/// The renderer that draws the window: OpenGL (glow) on Linux, where every desktop and virtual
/// machine has Mesa's OpenGL and it starts in less memory than Vulkan (BENCHMARKS.md); wgpu
/// elsewhere (Direct3D 12 on Windows, with Microsoft's software rasteriser where there is no
/// GPU, as on many remote desktops; Metal on macOS). `WHISPERWIRE_RENDERER=glow` or `wgpu`
/// chooses the other one where the default cannot start.
fn renderer() -> eframe::Renderer {
    renderer_named(std::env::var("WHISPERWIRE_RENDERER").ok().as_deref())
}

fn renderer_named(name: Option<&str>) -> eframe::Renderer {
    match name.map(str::trim).map(str::to_ascii_lowercase).as_deref() {
        Some("glow" | "opengl" | "gl") => eframe::Renderer::Glow,
        Some("wgpu") => eframe::Renderer::Wgpu,
        _ if cfg!(target_os = "linux") => eframe::Renderer::Glow,
        _ => eframe::Renderer::Wgpu,
    }
}

/// The other renderer's name, for the error of a window that could not be opened.
fn other_renderer(renderer: eframe::Renderer) -> &'static str {
    match renderer {
        eframe::Renderer::Glow => "wgpu",
        eframe::Renderer::Wgpu => "glow",
    }
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
mod renderer_tests {
    use eframe::Renderer;

    #[test]
    fn the_renderer_is_chosen_by_name_else_by_platform() {
        assert_eq!(super::renderer_named(Some("glow")), Renderer::Glow);
        assert_eq!(super::renderer_named(Some(" OpenGL ")), Renderer::Glow);
        assert_eq!(super::renderer_named(Some("WGPU")), Renderer::Wgpu);
        let default = if cfg!(target_os = "linux") { Renderer::Glow } else { Renderer::Wgpu };
        assert_eq!(super::renderer_named(None), default);
        assert_eq!(super::renderer_named(Some("vulkan")), default);
        assert_eq!(super::other_renderer(Renderer::Glow), "wgpu");
        assert_eq!(super::other_renderer(Renderer::Wgpu), "glow");
    }
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
