//! Every file-name rule of a workspace in one place: which folder holds what, how a flow or test
//! call name becomes a file name, and the name a flow goes by.

use std::path::{Path, PathBuf};

use crate::model::FlowDocument;

/// The instance inventory's file name inside a workspace.
pub const INSTANCE_FILE: &str = "instance.json";
/// The folder of flows inside a workspace.
pub const FLOWS_DIR: &str = "flows";
/// The folder of saved test calls (and exported matrices) inside a workspace.
pub const CALLS_DIR: &str = "calls";

/// The longest file stem whisperwire makes from a name, in bytes: well inside every file
/// system's 255-byte limit on a file name, with room for `.json` and a save's temporary name.
pub const MAX_STEM_BYTES: usize = 100;

/// Names Windows keeps for devices, whatever follows a dot (`CON.json` is the console there,
/// `NUL.json` discards what is written): never made from a flow's name, refused in a link, on
/// every platform, so a workspace cloned from Linux opens the same on Windows.
const WINDOWS_DEVICE_NAMES: [&str; 28] = [
    "CON", "PRN", "AUX", "NUL", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²",
    "COM³", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
];

/// Characters Windows refuses in a file name (besides the separators and `:`).
const WINDOWS_FORBIDDEN: [char; 6] = ['<', '>', '"', '|', '?', '*'];

/// Whether Windows takes a file called `name` for a device: its part before the first dot,
/// trailing spaces ignored, is a device name in any case.
pub fn is_windows_device_name(name: &str) -> bool {
    let base = name.split('.').next().unwrap_or(name).trim_end_matches(' ');
    WINDOWS_DEVICE_NAMES.iter().any(|device| device.eq_ignore_ascii_case(base))
}

/// A name made safe as a file name: letters, digits, `-` and `_` kept, the rest `-`, cut to
/// [`MAX_STEM_BYTES`] at a character boundary; a Windows device name (`CON`, `nul`, `COM1`…)
/// gets a `_` after it.
pub fn file_stem(name: &str) -> String {
    not_a_device(safe_characters(name))
}

fn safe_characters(name: &str) -> String {
    let mut stem = String::new();
    for c in name.trim().chars() {
        let c = if c.is_alphanumeric() || c == '-' || c == '_' { c } else { '-' };
        if stem.len() + c.len_utf8() > MAX_STEM_BYTES {
            break;
        }
        stem.push(c);
    }
    stem
}

fn not_a_device(mut stem: String) -> String {
    if is_windows_device_name(&stem) {
        stem.push('_');
    }
    stem
}

/// The file stem of a flow Amazon Connect names `name` and knows by `id`: [`file_stem`], and
/// when the name had to be cut, `-` and the first eight characters of the id at its end, so two
/// long names that begin alike stay apart.
pub fn remote_stem(name: &str, id: &str) -> String {
    let stem = safe_characters(name);
    let full: usize = name.trim().chars().map(char::len_utf8).sum();
    if stem.len() == full {
        return if stem.is_empty() { "flow".to_owned() } else { not_a_device(stem) };
    }
    let suffix: String = id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    let mut cut = stem;
    while cut.len() + 1 + suffix.len() > MAX_STEM_BYTES {
        cut.pop();
    }
    format!("{cut}-{suffix}")
}

/// Checks a flow file name read from a file others may have written (the link file): a bare
/// `NAME.json` inside `flows/`, never a path. Refused on every platform, whichever wrote the
/// link: separators of any platform (`/`, `\`, so `..\x.json` and `\\server\x.json` too),
/// `..`, drive letters and streams (`:`), control characters, characters and device names
/// Windows refuses, hidden names, over 255 bytes. The error says what is wrong with it.
pub fn check_flow_file_name(name: &str) -> Result<(), &'static str> {
    if name.is_empty() {
        return Err("it is empty");
    }
    if name.contains(['/', '\\']) {
        return Err("it is a path, not a file name in flows/");
    }
    if name == ".." || name == "." || name.starts_with('.') {
        return Err("it names a hidden file or a folder");
    }
    if name.contains(':') {
        return Err("it holds ':' (a drive letter or a stream on Windows)");
    }
    if name.chars().any(char::is_control) {
        return Err("it holds control characters");
    }
    if name.contains(WINDOWS_FORBIDDEN) {
        return Err("it holds a character Windows does not allow in file names");
    }
    if is_windows_device_name(name) {
        return Err("it is a device name on Windows (CON, NUL, COM1…)");
    }
    if name.len() > 255 {
        return Err("it is longer than 255 bytes");
    }
    let path = Path::new(name);
    if !path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"))
        || path.file_stem().is_none_or(std::ffi::OsStr::is_empty)
    {
        return Err("it is not a NAME.json file name");
    }
    Ok(())
}

/// The file name of `path` without its extension (`flows/us-sales.json` → `us-sales`); empty
/// when the path has none.
pub fn stem_of(path: &Path) -> String {
    path.file_stem().map_or_else(String::new, |s| s.to_string_lossy().into_owned())
}

/// The name queues know a flow by: `Metadata.name`, else its file name without `.json`, else
/// "Untitled flow" for a flow never saved.
pub fn flow_name(doc: &FlowDocument, path: Option<&Path>) -> String {
    if let Some(name) = &doc.flow.name {
        return name.clone();
    }
    match path.map(stem_of) {
        Some(stem) if !stem.is_empty() => stem,
        _ => "Untitled flow".into(),
    }
}

/// Where a flow called `name` is saved in the workspace at `root`: `flows/<stem>.json`.
pub fn flow_path(root: &Path, name: &str) -> PathBuf {
    root.join(FLOWS_DIR).join(format!("{}.json", file_stem(name)))
}

/// Where a test call called `name` is saved: `calls/<stem>.json`.
pub fn call_path(root: &Path, name: &str) -> PathBuf {
    root.join(CALLS_DIR).join(format!("{}.json", file_stem(name)))
}

/// Where the caller-ID matrix of the flow called `flow` is exported: `calls/<stem>-caller-id-matrix.csv`.
pub fn matrix_path(root: &Path, flow: &str) -> PathBuf {
    root.join(CALLS_DIR).join(format!("{}-caller-id-matrix.csv", file_stem(flow)))
}

/// `relative`, a path inside the workspace written with `/` as this module's constants are, under
/// `root`, joined part by part: so it prints as the platform writes paths
/// (`C:\ws\.whisperwire\connect.json` on Windows, never `C:\ws\.whisperwire/connect.json`).
pub fn in_workspace(root: &Path, relative: &str) -> PathBuf {
    relative.split('/').filter(|part| !part.is_empty()).fold(root.to_owned(), |path, part| path.join(part))
}

/// The file `file` of the workspace folder `folder` (`flows`, `calls`) as the platform writes a
/// relative path: `flows/x.json` on Linux, `flows\x.json` on Windows. For messages; the JSON
/// reports and the link keep `/`.
pub fn shown_in(folder: &str, file: &str) -> String {
    shown_with(std::path::MAIN_SEPARATOR, folder, file)
}

fn shown_with(separator: char, folder: &str, file: &str) -> String {
    format!("{folder}{separator}{file}")
}

/// The workspace a flow file belongs to: the parent of its `flows/` folder, if it sits in one.
pub fn workspace_of_flow(flow: &Path) -> Option<PathBuf> {
    flow.parent().filter(|dir| dir.ends_with(FLOWS_DIR)).and_then(Path::parent).map(Path::to_owned)
}

/// Whether `dir` looks like a workspace: it holds `instance.json` or a `flows/` folder.
pub fn is_workspace(dir: &Path) -> bool {
    dir.join(INSTANCE_FILE).is_file() || dir.join(FLOWS_DIR).is_dir()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_become_safe_file_stems() {
        assert_eq!(file_stem(" US Sales / night "), "US-Sales---night");
        assert_eq!(file_stem("caller-id_2"), "caller-id_2");
    }

    #[test]
    fn long_names_are_cut_at_a_character_boundary_with_an_id_suffix() {
        let cjk: String = std::iter::repeat_n('営', 100).collect();
        let stem = file_stem(&cjk);
        assert!(stem.len() <= MAX_STEM_BYTES && stem.chars().all(|c| c == '営'), "{stem}");
        let remote = remote_stem(&cjk, "f10a0000-5afe-4000-8000-000000000001");
        assert!(remote.len() <= MAX_STEM_BYTES, "{remote}");
        assert!(remote.ends_with("-f10a0000"), "{remote}");
        assert_eq!(remote_stem("Sales whisper", "abc"), "Sales-whisper");
        assert_eq!(remote_stem("  ", "abc"), "flow");
    }

    #[test]
    fn flow_file_names_from_a_link_must_be_bare_json_names() {
        assert_eq!(check_flow_file_name("Sales-whisper.json"), Ok(()));
        for bad in [
            "",
            "../x.json",
            "..",
            "/etc/x.json",
            "sub/x.json",
            "..\\x.json",
            "C:x.json",
            "C:\\Windows\\x.json",
            "C:/x.json",
            "c:x.json",
            "\\\\server\\share\\x.json",
            "\\\\?\\C:\\x.json",
            "x.json:stream",
            "x\\",
            ".hidden.json",
            "x\u{1b}.json",
            "x.txt",
            ".json",
        ] {
            assert!(check_flow_file_name(bad).is_err(), "{bad:?} must be refused");
        }
        assert!(check_flow_file_name(&format!("{}.json", "a".repeat(300))).is_err());
    }

    #[test]
    fn link_entries_windows_could_not_create_or_would_take_for_a_device_are_refused() {
        for bad in
            ["CON.json", "nul.json", "Aux.json", "com1.json", "LPT9.json", "con .json", "NUL.backup.json", "COM¹.json"]
        {
            assert_eq!(check_flow_file_name(bad), Err("it is a device name on Windows (CON, NUL, COM1…)"), "{bad:?}");
        }
        for bad in ["a<b.json", "a>b.json", "a\"b.json", "a|b.json", "a?.json", "*.json"] {
            assert_eq!(
                check_flow_file_name(bad),
                Err("it holds a character Windows does not allow in file names"),
                "{bad:?}"
            );
        }
        for fine in ["CONSOLE.json", "com10.json", "Sales-CON.json", "nul_.json", "LPT.json"] {
            assert_eq!(check_flow_file_name(fine), Ok(()), "{fine:?}");
        }
    }

    #[test]
    fn names_that_windows_keeps_for_devices_get_an_underscore() {
        assert_eq!(file_stem("CON"), "CON_");
        assert_eq!(file_stem(" nul "), "nul_");
        assert_eq!(file_stem("Com1"), "Com1_");
        assert_eq!(remote_stem("aux", "abc"), "aux_");
        assert_eq!(file_stem("Console"), "Console");
        assert_eq!(file_stem("CON flow"), "CON-flow");
        for stem in ["CON_", "nul_", "Com1_", "aux_"] {
            assert_eq!(check_flow_file_name(&format!("{stem}.json")), Ok(()), "{stem}");
        }
    }

    #[test]
    fn workspace_paths_follow_the_folder_rules() {
        let root = Path::new("/ws");
        assert_eq!(flow_path(root, "US sales"), Path::new("/ws/flows/US-sales.json"));
        assert_eq!(call_path(root, "a b"), Path::new("/ws/calls/a-b.json"));
        assert_eq!(matrix_path(root, "x"), Path::new("/ws/calls/x-caller-id-matrix.csv"));
        assert_eq!(workspace_of_flow(Path::new("/ws/flows/x.json")), Some(PathBuf::from("/ws")));
        assert_eq!(workspace_of_flow(Path::new("/elsewhere/x.json")), None);
    }

    #[test]
    fn workspace_paths_are_joined_part_by_part_and_shown_with_the_platforms_separator() {
        let path = in_workspace(Path::new("/ws"), ".whisperwire/connect.json");
        assert_eq!(path, Path::new("/ws").join(".whisperwire").join("connect.json"));
        assert_eq!(shown_with('\\', FLOWS_DIR, "x.json"), "flows\\x.json");
        assert_eq!(shown_with('/', FLOWS_DIR, "x.json"), "flows/x.json");
        assert_eq!(shown_in(FLOWS_DIR, "x.json"), format!("flows{}x.json", std::path::MAIN_SEPARATOR));
    }

    #[test]
    fn a_flow_is_named_by_its_metadata_then_its_file() {
        let mut doc = FlowDocument::default();
        assert_eq!(flow_name(&doc, None), "Untitled flow");
        assert_eq!(flow_name(&doc, Some(Path::new("flows/us-sales.json"))), "us-sales");
        doc.flow.name = Some("US Sales".into());
        assert_eq!(flow_name(&doc, Some(Path::new("flows/us-sales.json"))), "US Sales");
    }
}
