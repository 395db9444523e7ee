//! Build script: for Windows targets, embeds the icon (assets/icon.ico) and the version
//! information Explorer shows in both `.exe`s (`whisperwire`, `whisperwire-designer`), through a
//! resource script compiled by `windres` (mingw's `x86_64-w64-mingw32-windres` when
//! cross-compiling from Linux). Other targets get nothing: Linux carries the icon in its
//! `.desktop` file and the window sets its own.

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=assets/icon.ico");
    if std::env::var("CARGO_CFG_TARGET_OS").as_deref() != Ok("windows") {
        return;
    }
    for (binary, file_description) in [
        // Task Manager and the taskbar show FileDescription as the program's name.
        ("whisperwire", "whisperwire"),
        ("whisperwire-designer", "whisperwire designer"),
    ] {
        let mut resource = winresource::WindowsResource::new();
        resource
            .set_icon("assets/icon.ico")
            .set("FileDescription", file_description)
            .set("Comments", env!("CARGO_PKG_DESCRIPTION"))
            .set("ProductName", "whisperwire")
            .set("InternalName", binary)
            .set("OriginalFilename", &format!("{binary}.exe"))
            .set("LegalCopyright", concat!("Licensed under ", env!("CARGO_PKG_LICENSE")));
        if let Err(error) = resource.compile_for(binary) {
            eprintln!("error: the Windows resources (icon, version) of {binary}.exe could not be compiled: {error}");
            eprintln!("hint: install mingw-w64 (it provides x86_64-w64-mingw32-windres)");
            std::process::exit(1);
        }
    }
}
