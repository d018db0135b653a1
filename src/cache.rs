//! The cache folder, `<site>/.imrf-cache/`: what a build or a check can make again but keeps to
//! save time (the pictures' copies in `images/`, the external links found working in
//! `links.json`). It holds a `.gitignore` that keeps it out of git; deleting it is always safe.

use std::path::{Path, PathBuf};

/// The folder `name` of the site's cache, created (with the cache's `.gitignore`) when missing.
/// A cache that cannot be created is no error: the caller's reads and writes then fail quietly.
pub fn folder(root: &Path, name: &str) -> PathBuf {
    let top = root.join(".imrf-cache");
    let dir = top.join(name);
    if !dir.is_dir() {
        let _ = std::fs::create_dir_all(&dir);
        let gitignore = top.join(".gitignore");
        if !gitignore.exists() {
            let _ =
                std::fs::write(gitignore, "# imrf's cache (picture copies, links found working): safe to delete\n*\n");
        }
    }
    dir
}

/// Writes `bytes` to `path` through a temporary name, so that a process running beside this one
/// never reads half a file; a failure is ignored (it is only a cache).
pub fn write(path: &Path, bytes: &[u8]) {
    let name = path.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    if std::fs::write(&tmp, bytes).is_ok() && std::fs::rename(&tmp, path).is_err() {
        let _ = std::fs::remove_file(&tmp);
    }
}
