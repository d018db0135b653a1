//! The cache folder, `<site>/.imrf-cache/`: what a build or a check can make again but keeps to
//! save time (the pictures' copies in `images/`, the external links found working in
//! `links.json`, the rendered Markdown of every page in `markdown/`). It holds a `.gitignore`
//! that keeps it out of git; deleting it is always safe.

use crate::hash::{checksum, KeyHasher};
use std::collections::HashMap;
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
    let _ = crate::atomic::write(path, bytes);
}

/// [`write`] of a header and a payload.
fn write_parts(path: &Path, parts: &[&[u8]]) {
    let _ = crate::atomic::write_parts(path, parts);
}

/// What tells this binary from another: its version, and the size and time of its file (a
/// rebuilt binary may render differently). Part of every cache key and of the build's
/// fingerprint.
pub fn binary_id() -> &'static str {
    static ID: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    ID.get_or_init(|| {
        let mut id = env!("CARGO_PKG_VERSION").to_string();
        if let Some(meta) = std::env::current_exe().ok().and_then(|exe| std::fs::metadata(exe).ok()) {
            let (len, modified) = crate::time::file_stamp(&meta);
            id.push_str(&format!("-{len}-{modified}"));
        }
        id
    })
}

/// A folder of cache entries, one file each, named by the hash of everything the entry was made
/// from (this binary included): an entry can only be found by the inputs that made it, so an
/// outdated entry is never used. Each file starts with its key and a checksum of the rest: a file
/// copied under another name, cut short or damaged is made again, never trusted.
///
/// An entry is written on a thread of its own, so that the writes of several entries (the
/// packs of six languages, the search entries of each language) overlap one another and the
/// work that follows them until [`Entries::finish`], which is called before entries are
/// removed and when the folder is let go: the folder is whole again once every write is done.
pub struct Entries {
    dir: PathBuf,
    writing: std::sync::Mutex<Vec<std::thread::JoinHandle<()>>>,
}

impl Drop for Entries {
    fn drop(&mut self) {
        self.finish();
    }
}

impl Entries {
    /// The entries of folder `name` of the site's cache.
    pub fn open(root: &Path, name: &str) -> Entries {
        Entries { dir: folder(root, name), writing: std::sync::Mutex::default() }
    }

    /// Waits until every entry written so far is in place.
    pub fn finish(&self) {
        let writing = std::mem::take(&mut *self.writing.lock().unwrap_or_else(|e| e.into_inner()));
        for write in writing {
            let _ = write.join();
        }
    }

    fn path(&self, key: &str) -> PathBuf {
        self.dir.join(format!("{key}.bin"))
    }

    /// The entry made from `key`, if there is one that is whole and decodes.
    pub fn read<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        postcard::from_bytes(&self.read_bytes(key)?).ok()
    }

    /// The bytes of the entry made from `key`, if there is one that is whole.
    fn read_bytes(&self, key: &str) -> Option<Vec<u8>> {
        let mut bytes = std::fs::read(self.path(key)).ok()?;
        let rest = bytes.strip_prefix(key.as_bytes())?.strip_prefix(b"\n")?;
        let (sum, payload) = rest.split_at_checked(17)?;
        if sum[..16] != *checksum(payload).as_bytes() || sum[16] != b'\n' {
            return None;
        }
        let start = bytes.len() - payload.len();
        bytes.drain(..start);
        Some(bytes)
    }

    /// Stores the entry made from `key`.
    pub fn write<T: serde::Serialize>(&self, key: &str, value: &T) {
        if let Ok(payload) = postcard::to_allocvec(value) {
            self.write_bytes(key, payload);
        }
    }

    /// Writes the entry `key` holding `payload`, on a thread of its own.
    fn write_bytes(&self, key: &str, payload: Vec<u8>) {
        let path = self.path(key);
        let key = key.to_string();
        let write = move || {
            let header = format!("{key}\n{}\n", checksum(&payload));
            write_parts(&path, &[header.as_bytes(), &payload]);
        };
        // Without a thread to be had, the entry is not written: a cache may lack anything.
        if let Ok(handle) = std::thread::Builder::new().name("cache write".into()).spawn(write) {
            self.writing.lock().unwrap_or_else(|e| e.into_inner()).push(handle);
        }
    }

    /// Removes every entry but those of `keys`: the folder holds what the last build used, no
    /// more (so it grows with the site, not with its history).
    pub fn keep_only(&self, keys: &std::collections::HashSet<String>) {
        self.finish();
        let Ok(listing) = std::fs::read_dir(&self.dir) else {
            return;
        };
        for entry in listing.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let key = name.strip_suffix(".bin").unwrap_or(&name);
            if !keys.contains(key) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
}

/// The name of the cache file of `what` (`"markdown"`, `"search"`) for the language `lang`: it
/// changes with the binary, so another version's file is never read.
pub fn language_file(what: &str, lang: &str) -> String {
    let mut hasher = KeyHasher::default();
    hasher.add(binary_id().as_bytes());
    hasher.add(what.as_bytes());
    hasher.add(lang.as_bytes());
    hasher.finish()
}

/// Many small entries in one file of [`Entries`] (the rendered Markdown of one language's
/// pages): read and written whole, one file instead of thousands. Each item is its key and its
/// postcard bytes, each preceded by its length (4 bytes, little-endian); a pack that does not
/// parse is empty.
#[derive(Default)]
pub struct Pack {
    bytes: Vec<u8>,
    items: HashMap<String, std::ops::Range<usize>>,
}

impl Pack {
    /// The pack `name` of `entries` (empty if there is none, or it is damaged).
    pub fn read(entries: &Entries, name: &str) -> Pack {
        let Some(bytes) = entries.read_bytes(name) else {
            return Pack::default();
        };
        let mut items = HashMap::new();
        // The next length-prefixed part from `at`, and where the one after starts.
        let next = |at: usize| -> Option<std::ops::Range<usize>> {
            let len = u32::from_le_bytes(bytes.get(at..at + 4)?.try_into().ok()?) as usize;
            let range = at + 4..at + 4 + len;
            bytes.get(range.clone()).map(|_| range)
        };
        let mut at = 0;
        while at < bytes.len() {
            let Some((key, value)) = next(at).and_then(|k| Some((k.clone(), next(k.end)?))) else {
                return Pack::default();
            };
            at = value.end;
            let Ok(key) = std::str::from_utf8(&bytes[key]) else {
                return Pack::default();
            };
            items.insert(key.to_string(), value);
        }
        Pack { bytes, items }
    }

    /// The item stored under `key`, if it decodes.
    pub fn get<T: serde::de::DeserializeOwned>(&self, key: &str) -> Option<T> {
        postcard::from_bytes(self.raw(key)?).ok()
    }

    /// The bytes of the item stored under `key`.
    pub fn raw(&self, key: &str) -> Option<&[u8]> {
        self.items.get(key).map(|r| &self.bytes[r.clone()])
    }

    /// How many items it holds.
    pub fn len(&self) -> usize {
        self.items.len()
    }

    /// Stores the pack made by `made` as the pack `name` of `entries`.
    pub fn write(entries: &Entries, name: &str, made: NewPack) {
        if !made.broken {
            entries.write_bytes(name, made.bytes);
        }
    }
}

/// A [`Pack`] being made: each item is added to the pack's bytes as it comes, so that no copy of
/// the items is kept apart from them.
#[derive(Default)]
pub struct NewPack {
    bytes: Vec<u8>,
    /// An item could not be serialized: the pack is not written.
    broken: bool,
}

impl NewPack {
    /// Adds `value` under `key`, serialized straight into the pack's bytes (a pack with an item
    /// that cannot be serialized is not written: a cache may lack anything).
    pub fn add<T: serde::Serialize>(&mut self, key: &str, value: &T) {
        if self.broken {
            return;
        }
        self.add_part(key.as_bytes());
        let at = self.bytes.len();
        self.bytes.extend_from_slice(&[0; 4]);
        match postcard::to_extend(value, std::mem::take(&mut self.bytes)) {
            Ok(bytes) => {
                self.bytes = bytes;
                let len = (self.bytes.len() - at - 4) as u32;
                self.bytes[at..at + 4].copy_from_slice(&len.to_le_bytes());
            }
            // The bytes went with the error: the pack is not written (the one in place, if
            // any, is read item by item against its keys, as ever).
            Err(_) => self.broken = true,
        }
    }

    fn add_part(&mut self, part: &[u8]) {
        self.bytes.extend_from_slice(&(part.len() as u32).to_le_bytes());
        self.bytes.extend_from_slice(part);
    }
}

#[cfg(test)]
mod tests {
    use super::{Entries, NewPack, Pack};

    /// An item that cannot be serialized.
    struct Unwritable;

    impl serde::Serialize for Unwritable {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("cannot be written"))
        }
    }

    #[test]
    fn a_pack_with_an_item_that_cannot_be_serialized_is_not_written_and_the_last_one_stays() {
        let dir = tempfile::tempdir().unwrap();
        let entries = Entries::open(dir.path(), "markdown");
        let mut whole = NewPack::default();
        whole.add("a", &1u32);
        Pack::write(&entries, "pack", whole);
        entries.finish();
        let mut broken = NewPack::default();
        broken.add("a", &2u32);
        broken.add("b", &Unwritable);
        broken.add("c", &3u32);
        Pack::write(&entries, "pack", broken);
        entries.finish();
        let pack = Pack::read(&entries, "pack");
        assert_eq!((pack.len(), pack.get::<u32>("a")), (1, Some(1)));
    }

    #[test]
    fn a_pack_made_item_by_item_reads_back_whole_once_its_write_is_done() {
        let dir = tempfile::tempdir().unwrap();
        let entries = Entries::open(dir.path(), "markdown");
        let mut made = NewPack::default();
        made.add("a", &("one".to_string(), 1u32));
        made.add("b", &("two".to_string(), 2u32));
        Pack::write(&entries, "pack", made);
        entries.finish();
        let pack = Pack::read(&entries, "pack");
        assert_eq!(pack.len(), 2);
        assert_eq!(pack.get::<(String, u32)>("a"), Some(("one".to_string(), 1)));
        assert_eq!(pack.get::<(String, u32)>("b"), Some(("two".to_string(), 2)));
        // Letting the folder go waits for its writes too.
        entries.write("c", &7u32);
        drop(entries);
        assert_eq!(Entries::open(dir.path(), "markdown").read::<u32>("c"), Some(7));
    }
}
