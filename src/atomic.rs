//! Writing a file whole or not at all, the one rule for every file imrf writes outside a build's
//! staging (the cache, the output folder's records, translations written back): the bytes go to
//! a temporary name beside the target, unique to this process and write (`.name.PID.N.imrf-tmp`),
//! which is then renamed over it. A reader (or another imrf beside this one) sees the old file or
//! the new one, never half of one; a failed write leaves no temporary file behind.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

/// The ending of every temporary file imrf writes.
pub const TMP_SUFFIX: &str = ".imrf-tmp";

/// A temporary name beside `target`, unique to this process and call.
pub fn temporary(target: &Path) -> PathBuf {
    static N: AtomicU64 = AtomicU64::new(0);
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let n = N.fetch_add(1, Ordering::Relaxed);
    target.with_file_name(format!(".{name}.{}.{n}{TMP_SUFFIX}", std::process::id()))
}

/// Writes `bytes` to `target` through a temporary name (creating its folder when missing).
pub fn write(target: &Path, bytes: &[u8]) -> std::io::Result<()> {
    write_parts(target, &[bytes])
}

/// Writes `parts`, one after the other, to `target` through a temporary name (a header and a
/// large body, without joining them in memory first).
pub fn write_parts(target: &Path, parts: &[&[u8]]) -> std::io::Result<()> {
    if let Some(dir) = target.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = temporary(target);
    let result = std::fs::File::create(&tmp)
        .and_then(|mut f| parts.iter().try_for_each(|part| f.write_all(part)))
        .and_then(|()| std::fs::rename(&tmp, target));
    if result.is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
    result
}

#[cfg(test)]
mod tests {
    #[test]
    fn a_write_leaves_the_file_whole_and_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("a/b.txt");
        super::write(&target, b"one").unwrap();
        super::write(&target, b"two").unwrap();
        assert_eq!(std::fs::read(&target).unwrap(), b"two");
        let names: Vec<_> = std::fs::read_dir(dir.path().join("a")).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names.len(), 1);
        // A folder where the file should be: the write fails, and leaves nothing.
        std::fs::create_dir(dir.path().join("c")).unwrap();
        assert!(super::write(&dir.path().join("c"), b"x").is_err());
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }
}
