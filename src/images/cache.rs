//! The image cache: copies made by earlier builds, so that a rebuild decodes and encodes nothing
//! that did not change. It lives in `<site>/.imrf-cache/images/` (see `crate::cache`), one file
//! per copy, named by a hash of the source file's bytes, the width, the
//! format and the encoder's version, and ending with a checksum of its key and bytes: an entry
//! that is truncated, altered, or stored under another entry's name (two files swapped) is
//! ignored and made again. The cache only saves time: a build gives the
//! same bytes with it, without it, or when it cannot be written.

use crate::hash::{checksum, KeyHasher};
use std::path::{Path, PathBuf};

/// What changes the bytes of a copy besides its source, width and format: imrf's version and the
/// encoder's settings (see `process`).
const ENCODER: &str = concat!(env!("CARGO_PKG_VERSION"), "/image-0.25/lanczos3/jpeg-82/png-best/webp-lossless");

/// Ends every entry, followed by the payload's checksum (16 hex digits).
const TRAILER: &[u8] = b"IMRF";

/// The image cache of a site.
pub struct Cache {
    /// The site's root.
    root: PathBuf,
}

impl Cache {
    pub fn open(root: &Path) -> Cache {
        Cache { root: root.to_path_buf() }
    }

    /// The key of a copy of the source whose bytes hash to `source`.
    pub fn key(source: &str, width: u32, extension: &str) -> String {
        let mut h = KeyHasher::default();
        h.add(source.as_bytes());
        h.add(&width.to_le_bytes());
        h.add(extension.as_bytes());
        h.add(ENCODER.as_bytes());
        format!("{}.{extension}", h.finish())
    }

    /// A copy made before, if its entry is whole.
    pub fn get(&self, key: &str) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.root.join(".imrf-cache/images").join(key)).ok()?;
        let n = bytes.len().checked_sub(TRAILER.len() + 16)?;
        let (payload, tail) = bytes.split_at(n);
        let whole = tail.starts_with(TRAILER) && tail[TRAILER.len()..] == *bound(key, payload).as_bytes();
        if !whole {
            return None;
        }
        bytes.truncate(n);
        Some(bytes)
    }

    /// Keeps a copy; a cache that cannot be written is no error (the next build makes it again).
    pub fn put(&self, key: &str, payload: &[u8]) {
        let dir = crate::cache::folder(&self.root, "images");
        let mut entry = payload.to_vec();
        entry.extend_from_slice(TRAILER);
        entry.extend_from_slice(bound(key, payload).as_bytes());
        crate::cache::write(&dir.join(key), &entry);
    }
}

/// The checksum an entry ends with: of its key and its payload, so that an entry is good only
/// under its own name.
fn bound(key: &str, payload: &[u8]) -> String {
    let mut h = KeyHasher::default();
    h.add(key.as_bytes());
    h.add(checksum(payload).as_bytes());
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damaged_entries_are_ignored() {
        let dir = std::env::temp_dir().join(format!("imrf-cache-test-{}", std::process::id()));
        let cache = Cache::open(&dir);
        let key = Cache::key("abc", 480, "png");
        assert_eq!(cache.get(&key), None);
        cache.put(&key, b"payload");
        assert_eq!(cache.get(&key).as_deref(), Some(&b"payload"[..]));
        assert!(dir.join(".imrf-cache/.gitignore").is_file());
        let file = dir.join(".imrf-cache/images").join(&key);
        let mut bytes = std::fs::read(&file).unwrap();
        bytes[0] ^= 1;
        std::fs::write(&file, &bytes).unwrap();
        assert_eq!(cache.get(&key), None);
        std::fs::write(&file, b"IMRF").unwrap();
        assert_eq!(cache.get(&key), None);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn entries_swapped_between_names_are_ignored() {
        let dir = std::env::temp_dir().join(format!("imrf-cache-swap-{}", std::process::id()));
        let cache = Cache::open(&dir);
        let (a, b) = (Cache::key("src", 480, "png"), Cache::key("src", 960, "png"));
        cache.put(&a, b"four-eighty");
        cache.put(&b, b"nine-sixty");
        let folder = dir.join(".imrf-cache/images");
        std::fs::rename(folder.join(&a), folder.join("tmp")).unwrap();
        std::fs::rename(folder.join(&b), folder.join(&a)).unwrap();
        std::fs::rename(folder.join("tmp"), folder.join(&b)).unwrap();
        assert_eq!((cache.get(&a), cache.get(&b)), (None, None));
        let _ = std::fs::remove_dir_all(&dir);
    }
}
