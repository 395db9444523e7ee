//! `whisperwire-designer`: what a Windows admin double-clicks. It starts `whisperwire.exe` from
//! its own folder, with the same arguments, without a console window, and ends. `whisperwire.exe`
//! is a console program so that its commands print in PowerShell; started from Explorer it would
//! open an empty console window beside the designer. Elsewhere there is no console window to
//! hide, and this only starts `whisperwire` from its own folder.
#![cfg_attr(windows, windows_subsystem = "windows")]

use std::process::{Command, ExitCode};

fn main() -> ExitCode {
    let Ok(launcher) = std::env::current_exe() else { return ExitCode::FAILURE };
    let program = launcher.with_file_name(format!("whisperwire{}", std::env::consts::EXE_SUFFIX));
    let mut command = Command::new(program);
    command.args(std::env::args_os().skip(1));
    without_console(&mut command);
    match command.spawn() {
        Ok(_designer) => ExitCode::SUCCESS,
        Err(_) => ExitCode::FAILURE,
    }
}

/// `CREATE_NO_WINDOW`: the console program runs with no console window at all.
#[cfg(windows)]
fn without_console(command: &mut Command) {
    use std::os::windows::process::CommandExt as _;
    const CREATE_NO_WINDOW: u32 = 0x0800_0000;
    command.creation_flags(CREATE_NO_WINDOW);
}

#[cfg(not(windows))]
fn without_console(_command: &mut Command) {}
