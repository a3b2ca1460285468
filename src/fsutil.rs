//! File-system helpers shared by the state store and the sandbox account.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The mode of files baseline creates: state, backups, saved plans and sandbox accounts hold
/// account ids, ARNs and policies, so only their owner may read them.
pub const PRIVATE_MODE: u32 = 0o600;

/// Opens a new file for writing, owner-only (`PRIVATE_MODE`) unless `mode` says otherwise.
pub fn create_private(path: &Path, mode: Option<u32>) -> io::Result<File> {
    let mut o = OpenOptions::new();
    o.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        o.mode(mode.unwrap_or(PRIVATE_MODE));
    }
    #[cfg(not(unix))]
    let _ = mode;
    o.open(path)
}

/// The permission bits of an existing file, to keep them when it is replaced.
fn existing_mode(path: &Path) -> Option<u32> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        fs::metadata(path).ok().map(|m| m.permissions().mode() & 0o777)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        None
    }
}

/// Writes `bytes` to `path` atomically: a temp file in the same directory is written, fsynced
/// and renamed over `path`, then the directory is fsynced. A reader (or a crash) sees either
/// the old content or the new, never a torn file. Creates the parent directory if needed. A
/// new file is created `0600`; a replaced one keeps its mode.
pub fn write_atomic(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = parent_dir(path);
    fs::create_dir_all(&dir)?;
    let file_name =
        path.file_name().ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "path has no file name"))?;
    let tmp = dir.join(format!(
        ".{}.tmp-{}-{}",
        file_name.to_string_lossy(),
        std::process::id(),
        uuid::Uuid::new_v4().simple()
    ));
    let result = (|| {
        let mut f = create_private(&tmp, existing_mode(path))?;
        // The umask may have narrowed the requested mode; a kept mode is restored exactly.
        #[cfg(unix)]
        if let Some(m) = existing_mode(path) {
            use std::os::unix::fs::PermissionsExt;
            f.set_permissions(fs::Permissions::from_mode(m))?;
        }
        f.write_all(bytes)?;
        f.sync_all()?;
        drop(f);
        fs::rename(&tmp, path)?;
        // The rename is durable only once the directory entry is on disk.
        if let Ok(d) = File::open(&dir) {
            let _ = d.sync_all();
        }
        Ok(())
    })();
    if result.is_err() {
        let _ = fs::remove_file(&tmp);
    }
    result
}

/// Removes the temporary files [`write_atomic`] left beside `path` when a process was killed
/// mid-write (`.NAME.tmp-PID-…` of a process that no longer runs). Others' files in progress
/// are left alone.
pub fn remove_stale_temps(path: &Path) {
    let (Some(name), Ok(entries)) = (path.file_name(), fs::read_dir(parent_dir(path))) else { return };
    let prefix = format!(".{}.tmp-", name.to_string_lossy());
    for e in entries.flatten() {
        let file = e.file_name().to_string_lossy().into_owned();
        let Some(rest) = file.strip_prefix(&prefix) else { continue };
        let pid = rest.split('-').next().and_then(|p| p.parse::<u32>().ok());
        let alive = pid.is_some_and(|p| p == std::process::id() || Path::new(&format!("/proc/{p}")).exists());
        if !alive {
            let _ = fs::remove_file(e.path());
        }
    }
}

/// The directory containing `path` (`.` for a bare file name).
pub fn parent_dir(path: &Path) -> PathBuf {
    match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => PathBuf::from("."),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(target_os = "linux")]
    #[test]
    fn temp_files_of_dead_writers_are_removed_and_live_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("s.json");
        let dead = dir.path().join(".s.json.tmp-4294967294-abc");
        let live = dir.path().join(format!(".s.json.tmp-{}-def", std::process::id()));
        let other = dir.path().join(".t.json.tmp-4294967294-abc");
        for f in [&dead, &live, &other] {
            fs::write(f, b"x").unwrap();
        }
        remove_stale_temps(&p);
        assert!(!dead.exists());
        assert!(live.exists() && other.exists());
    }

    #[cfg(unix)]
    #[test]
    fn new_files_are_owner_only_and_replaced_files_keep_their_mode() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("state.json");
        write_atomic(&p, b"one").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o600);
        fs::set_permissions(&p, fs::Permissions::from_mode(0o640)).unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::metadata(&p).unwrap().permissions().mode() & 0o777, 0o640);
    }

    #[test]
    fn write_atomic_replaces_content_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("sub/x.json");
        write_atomic(&p, b"one").unwrap();
        write_atomic(&p, b"two").unwrap();
        assert_eq!(fs::read(&p).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(dir.path().join("sub")).unwrap().collect();
        assert_eq!(names.len(), 1);
    }
}
