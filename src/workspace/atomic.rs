//! The two file primitives every workspace file goes through: atomic saves (temp file in the same
//! folder, fsync, rename, fsync the folder) and size-bounded reads (10 MB).
//!
//! A save either replaces the whole file or leaves the previous content untouched, with no
//! temporary file left behind.

use std::fs::{self, File, OpenOptions};
use std::io::{self, BufWriter, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// Files larger than this are refused: one limit for every file whisperwire reads.
pub use crate::flow_json::MAX_FILE_BYTES;

/// Attempts at finding a free temporary name before giving up.
const TEMP_NAME_ATTEMPTS: u32 = 100;

/// Makes temporary names unique within this process.
static TEMP_COUNTER: AtomicU64 = AtomicU64::new(0);

/// Why a save did not happen. The previous file, if any, is intact.
#[derive(Debug, thiserror::Error)]
pub enum SaveError {
    #[error("{}: cannot create the folder: {source}", path.display())]
    CreateFolder {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: cannot save: the path does not name a file", path.display())]
    NotAFile { path: PathBuf },
    #[error("{}: not saved: the file is read-only (it has no write permission); make it writable, or save a copy", path.display())]
    ReadOnly { path: PathBuf },
    #[error("{}: cannot create a temporary file in its folder: {source}", path.display())]
    CreateTemp {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: cannot write the new content: {source}", path.display())]
    Write {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: cannot replace the file with the new content: {source}", path.display())]
    Replace {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
}

impl SaveError {
    /// The file (or folder) the save failed on.
    pub fn path(&self) -> &Path {
        match self {
            Self::CreateFolder { path, .. }
            | Self::NotAFile { path }
            | Self::ReadOnly { path }
            | Self::CreateTemp { path, .. }
            | Self::Write { path, .. }
            | Self::Replace { path, .. } => path,
        }
    }
}

/// Why a file could not be read as text.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{}: cannot read: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error("{}: file is larger than 10 MB; whisperwire refuses files this big", path.display())]
    TooLarge { path: PathBuf },
    #[error("{}: file is not UTF-8 text", path.display())]
    NotUtf8 { path: PathBuf },
}

/// Pretty JSON (two-space indent) ending with a newline: how whisperwire writes its own files.
pub fn pretty_json<T: serde::Serialize>(value: &T) -> Result<String, serde_json::Error> {
    let mut text = serde_json::to_string_pretty(value)?;
    text.push('\n');
    Ok(text)
}

/// Saves `value` as [`pretty_json`], atomically.
pub fn save_json<T: serde::Serialize>(path: &Path, value: &T) -> Result<(), SaveError> {
    write_atomic_with(path, |writer| {
        serde_json::to_writer_pretty(&mut *writer, value).map_err(io::Error::from)?;
        writer.write_all(b"\n")
    })
}

/// Creates the folder `path` will be written in, when it is missing.
pub fn create_parent(path: &Path) -> Result<(), SaveError> {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => {
            fs::create_dir_all(dir).map_err(|source| SaveError::CreateFolder { path: dir.to_owned(), source })
        }
        _ => Ok(()),
    }
}

/// Replaces `path` with `bytes`, atomically.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SaveError> {
    write_atomic_with(path, |writer| writer.write_all(bytes))
}

/// Replaces `path` with whatever `write` produces, atomically: the content goes to a temporary
/// file in the same folder, which is synced and renamed over `path`. If `write` (or anything
/// else) fails, the temporary file is removed and `path` keeps its previous content.
pub fn write_atomic_with<F>(path: &Path, write: F) -> Result<(), SaveError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let staged = stage(path, write, false)?;
    if let Err(source) = fs::rename(&staged.temp, &staged.target) {
        // The temporary file is ours and useless now; failing to remove it changes nothing.
        let _ignored = fs::remove_file(&staged.temp);
        return Err(SaveError::Replace { path: path.to_owned(), source });
    }
    if let Some(folder) = staged.target.parent() {
        sync_folder(folder);
    }
    Ok(())
}

/// Replaces several files, all or none: each new content is first written and synced to a
/// temporary file beside its target; only when every one is ready are they renamed into place.
/// A failure while writing leaves every file as it was. A rename that fails part way (rare: the
/// temporary file is already in the same folder) puts back the files replaced before it.
pub fn write_all_atomic(files: &[(&Path, &[u8])]) -> Result<(), SaveError> {
    let mut staged: Vec<Staged> = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        match stage(path, |writer| writer.write_all(bytes), true) {
            Ok(file) => staged.push(file),
            Err(error) => {
                for file in &staged {
                    let _ignored = fs::remove_file(&file.temp);
                }
                return Err(error);
            }
        }
    }
    for (index, file) in staged.iter().enumerate() {
        if let Err(source) = fs::rename(&file.temp, &file.target) {
            // Best effort: the error below says which file failed.
            for done in &staged[..index] {
                match &done.previous {
                    Some(previous) => {
                        let _ignored = write_atomic(&done.target, previous);
                    }
                    None => {
                        let _ignored = fs::remove_file(&done.target);
                    }
                }
            }
            for rest in &staged[index..] {
                let _ignored = fs::remove_file(&rest.temp);
            }
            return Err(SaveError::Replace { path: file.shown.clone(), source });
        }
    }
    for file in &staged {
        if let Some(folder) = file.target.parent() {
            sync_folder(folder);
        }
    }
    Ok(())
}

/// A new content written and synced beside its target, not yet renamed into place.
struct Staged {
    temp: PathBuf,
    target: PathBuf,
    /// The path as the caller gave it, for messages.
    shown: PathBuf,
    /// The target's content before, to put back if a later rename fails; `None` if it is new.
    previous: Option<Vec<u8>>,
}

/// Writes what `write` produces to a synced temporary file beside `path` (a symbolic link's
/// target), keeping the target's previous content when `keep_previous`. Nothing is replaced yet;
/// on failure the temporary file is removed.
fn stage<F>(path: &Path, write: F, keep_previous: bool) -> Result<Staged, SaveError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let target = resolve_symlink(path);
    let Some(file_name) = target.file_name() else {
        return Err(SaveError::NotAFile { path: path.to_owned() });
    };
    // Replacing by rename needs only the folder's permission: a read-only file is honoured here.
    if fs::metadata(&target).is_ok_and(|meta| meta.permissions().readonly()) {
        return Err(SaveError::ReadOnly { path: path.to_owned() });
    }
    let previous = if keep_previous {
        match fs::read(&target) {
            Ok(previous) => Some(previous),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(source) => return Err(SaveError::Write { path: path.to_owned(), source }),
        }
    } else {
        None
    };
    let folder = match target.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_owned(),
        _ => PathBuf::from("."),
    };
    let (temp, file) = create_temp(&folder, &file_name.to_string_lossy())
        .map_err(|source| SaveError::CreateTemp { path: path.to_owned(), source })?;
    if let Err(error) = fill(file, &target, write, path) {
        let _ignored = fs::remove_file(&temp);
        return Err(error);
    }
    Ok(Staged { temp, target, shown: path.to_owned(), previous })
}

/// Reads `path` as UTF-8 text, refusing files over [`MAX_FILE_BYTES`].
pub fn read_to_string_bounded(path: &Path) -> Result<String, ReadError> {
    let io_error = |source| ReadError::Io { path: path.to_owned(), source };
    let file = File::open(path).map_err(io_error)?;
    let mut bytes = Vec::new();
    file.take(MAX_FILE_BYTES + 1).read_to_end(&mut bytes).map_err(io_error)?;
    if u64::try_from(bytes.len()).unwrap_or(u64::MAX) > MAX_FILE_BYTES {
        return Err(ReadError::TooLarge { path: path.to_owned() });
    }
    String::from_utf8(bytes).map_err(|_| ReadError::NotUtf8 { path: path.to_owned() })
}

/// Writes the new content into the temporary `file` with the target's permissions, and syncs it.
fn fill<F>(file: File, target: &Path, write: F, shown_path: &Path) -> Result<(), SaveError>
where
    F: FnOnce(&mut dyn Write) -> io::Result<()>,
{
    let write_error = |source| SaveError::Write { path: shown_path.to_owned(), source };
    let mut writer = BufWriter::new(file);
    write(&mut writer).map_err(write_error)?;
    let file = writer.into_inner().map_err(|error| write_error(error.into_error()))?;
    keep_permissions(target, &file);
    file.sync_all().map_err(write_error)
}

/// Creates `.NAME.whisperwire-tmp-<pid>-<n>` in `folder`, never reusing an existing file.
fn create_temp(folder: &Path, file_name: &str) -> io::Result<(PathBuf, File)> {
    let mut last_error = io::Error::other("no temporary name tried");
    for _ in 0..TEMP_NAME_ATTEMPTS {
        let n = TEMP_COUNTER.fetch_add(1, Ordering::Relaxed);
        let temp_path = folder.join(format!(".{file_name}.whisperwire-tmp-{}-{n}", std::process::id()));
        match OpenOptions::new().write(true).create_new(true).open(&temp_path) {
            Ok(file) => return Ok((temp_path, file)),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => last_error = error,
            Err(error) => return Err(error),
        }
    }
    Err(last_error)
}

/// Saving through a symbolic link replaces the file it points to, not the link.
fn resolve_symlink(path: &Path) -> PathBuf {
    let is_link = fs::symlink_metadata(path).is_ok_and(|meta| meta.file_type().is_symlink());
    if is_link { fs::canonicalize(path).unwrap_or_else(|_| path.to_owned()) } else { path.to_owned() }
}

/// Gives the new file the old file's permissions, best effort: a fresh file gets the defaults.
fn keep_permissions(target: &Path, file: &File) {
    if let Ok(meta) = fs::metadata(target) {
        let _ignored = file.set_permissions(meta.permissions());
    }
}

/// Makes the rename itself durable. Best effort: the new content is already in place, and some
/// file systems refuse to sync a folder.
#[cfg(unix)]
fn sync_folder(folder: &Path) {
    if let Ok(dir) = File::open(folder) {
        let _ignored = dir.sync_all();
    }
}

/// Folders cannot be opened (nor synced) as files outside unix.
#[cfg(not(unix))]
fn sync_folder(_folder: &Path) {}

#[cfg(test)]
mod tests {
    use super::*;

    type TestResult = Result<(), Box<dyn std::error::Error>>;

    fn names_in(folder: &Path) -> io::Result<Vec<String>> {
        let mut names = fs::read_dir(folder)?
            .map(|entry| entry.map(|e| e.file_name().to_string_lossy().into_owned()))
            .collect::<io::Result<Vec<_>>>()?;
        names.sort();
        Ok(names)
    }

    #[test]
    fn save_creates_a_new_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("instance.json");
        write_atomic(&path, b"{}\n")?;
        assert_eq!(fs::read_to_string(&path)?, "{}\n");
        assert_eq!(names_in(dir.path())?, ["instance.json"]);
        Ok(())
    }

    #[test]
    fn save_replaces_the_previous_content() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("flow.json");
        fs::write(&path, "old content that is longer")?;
        write_atomic(&path, b"new")?;
        assert_eq!(fs::read_to_string(&path)?, "new");
        assert_eq!(names_in(dir.path())?, ["flow.json"]);
        Ok(())
    }

    #[test]
    fn writer_failing_half_way_leaves_old_content_and_no_temp_file() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("flow.json");
        fs::write(&path, "old")?;
        let result = write_atomic_with(&path, |writer| {
            writer.write_all(&vec![b'x'; 100_000])?;
            Err(io::Error::other("disk on fire"))
        });
        let Err(error) = result else {
            panic!("a failing writer must fail the save");
        };
        assert!(matches!(error, SaveError::Write { .. }), "{error:?}");
        assert!(error.to_string().contains("flow.json"), "{error}");
        assert_eq!(fs::read_to_string(&path)?, "old");
        assert_eq!(names_in(dir.path())?, ["flow.json"]);
        Ok(())
    }

    #[test]
    fn several_files_are_written_together() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (a, b) = (dir.path().join("a.json"), dir.path().join("b.json"));
        fs::write(&a, "old a")?;
        write_all_atomic(&[(&a, b"new a"), (&b, b"new b")])?;
        assert_eq!((fs::read_to_string(&a)?, fs::read_to_string(&b)?), ("new a".into(), "new b".into()));
        assert_eq!(names_in(dir.path())?, ["a.json", "b.json"]);
        Ok(())
    }

    #[test]
    fn one_file_that_cannot_be_written_leaves_every_file_as_it_was() -> TestResult {
        let dir = tempfile::tempdir()?;
        let (a, locked, folder) = (dir.path().join("a.json"), dir.path().join("locked.json"), dir.path().join("dir"));
        fs::write(&a, "old a")?;
        fs::write(&locked, "old locked")?;
        let mut permissions = fs::metadata(&locked)?.permissions();
        permissions.set_readonly(true);
        fs::set_permissions(&locked, permissions)?;
        fs::create_dir(&folder)?;
        let new = dir.path().join("new.json");
        // A read-only file last, and a folder where a file should go: refused before any rename.
        for blocker in [&locked, &folder] {
            let result = write_all_atomic(&[(&a, b"new a"), (&new, b"new"), (blocker, b"x")]);
            assert!(result.is_err(), "{result:?}");
            assert_eq!(fs::read_to_string(&a)?, "old a");
            assert!(!new.exists(), "a new file is not created when another cannot be written");
            assert_eq!(names_in(dir.path())?, ["a.json", "dir", "locked.json"], "no temporary file left");
        }
        assert_eq!(fs::read_to_string(&locked)?, "old locked");
        Ok(())
    }

    #[test]
    fn path_without_a_file_name_is_refused() {
        let result = write_atomic(Path::new("/"), b"x");
        assert!(matches!(result, Err(SaveError::NotAFile { .. })), "{result:?}");
    }

    #[cfg(unix)]
    #[test]
    fn save_keeps_the_old_file_permissions() -> TestResult {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("instance.json");
        fs::write(&path, "old")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o640))?;
        write_atomic(&path, b"new")?;
        assert_eq!(fs::metadata(&path)?.permissions().mode() & 0o777, 0o640);
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn save_through_a_symlink_replaces_its_target() -> TestResult {
        let dir = tempfile::tempdir()?;
        let real = dir.path().join("real.json");
        let link = dir.path().join("link.json");
        fs::write(&real, "old")?;
        std::os::unix::fs::symlink(&real, &link)?;
        write_atomic(&link, b"new")?;
        assert_eq!(fs::read_to_string(&real)?, "new");
        assert!(fs::symlink_metadata(&link)?.file_type().is_symlink());
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn read_only_folder_gives_an_error_naming_the_path() -> TestResult {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let folder = dir.path().join("locked");
        fs::create_dir(&folder)?;
        let path = folder.join("instance.json");
        fs::write(&path, "old")?;
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o555))?;
        // Root ignores folder permissions: find out by trying.
        let permissions_bite = File::create(folder.join("probe")).is_err();
        let result = write_atomic(&path, b"new");
        fs::set_permissions(&folder, fs::Permissions::from_mode(0o755))?;
        if permissions_bite {
            let Err(error) = result else {
                panic!("saving into a read-only folder must fail");
            };
            assert!(matches!(error, SaveError::CreateTemp { .. }), "{error:?}");
            assert!(error.to_string().contains(&path.display().to_string()), "{error}");
            assert_eq!(fs::read_to_string(&path)?, "old");
        }
        Ok(())
    }

    #[cfg(unix)]
    #[test]
    fn a_read_only_file_is_not_replaced_even_where_the_folder_allows_it() -> TestResult {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("flow.json");
        fs::write(&path, "old")?;
        fs::set_permissions(&path, fs::Permissions::from_mode(0o444))?;
        let result = write_atomic(&path, b"new");
        let Err(error) = result else {
            panic!("a read-only file must not be replaced");
        };
        assert!(matches!(error, SaveError::ReadOnly { .. }), "{error:?}");
        assert!(error.to_string().contains("read-only"), "{error}");
        assert_eq!(fs::read_to_string(&path)?, "old");
        assert_eq!(names_in(dir.path())?, ["flow.json"]);
        Ok(())
    }

    #[test]
    fn bounded_read_returns_text() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("a.json");
        fs::write(&path, "{\"a\": 1}")?;
        assert_eq!(read_to_string_bounded(&path)?, "{\"a\": 1}");
        Ok(())
    }

    #[test]
    fn bounded_read_refuses_files_over_ten_megabytes() -> TestResult {
        let dir = tempfile::tempdir()?;
        let path = dir.path().join("big.json");
        let file = File::create(&path)?;
        file.set_len(MAX_FILE_BYTES + 1)?;
        let result = read_to_string_bounded(&path);
        assert!(matches!(result, Err(ReadError::TooLarge { .. })), "{result:?}");
        Ok(())
    }

    #[test]
    fn bounded_read_reports_missing_and_binary_files() -> TestResult {
        let dir = tempfile::tempdir()?;
        let missing = read_to_string_bounded(&dir.path().join("nope.json"));
        assert!(matches!(missing, Err(ReadError::Io { .. })), "{missing:?}");
        let binary = dir.path().join("b.json");
        fs::write(&binary, [0xff, 0xfe, 0x00])?;
        let result = read_to_string_bounded(&binary);
        assert!(matches!(result, Err(ReadError::NotUtf8 { .. })), "{result:?}");
        Ok(())
    }
}
