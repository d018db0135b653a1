//! Writing a rendered site to its output folder: every file goes to a temporary name and is
//! renamed into place, unchanged files are not touched, files of the previous build that are gone
//! are removed, and a manifest records what this tool wrote so that it never deletes anything
//! else. The output folder holds the site and nothing else: the manifest, the marker of a build
//! under way and the lock that keeps a second build out live in the site's cache,
//! `.imrf-cache/output/`, named after the output folder ([`Records`]). A symbolic link inside the
//! output folder is removed, never written through.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use crate::atomic::TMP_SUFFIX;

/// Name of the manifest that builds before this one kept in the output folder itself: read once
/// when there is no other, and removed (the output folder holds the site alone).
pub const LEGACY_MANIFEST: &str = ".imrf-manifest";

/// Where imrf keeps what it knows of one output folder, outside it, in the site's cache:
/// `.imrf-cache/output/<checksum of the folder's absolute path>.{manifest,under-way,lock}`.
#[derive(Debug, Clone)]
pub struct Records {
    manifest: PathBuf,
    under_way: PathBuf,
    lock: PathBuf,
    legacy: PathBuf,
}

impl Records {
    pub fn of(root: &Path, out: &Path) -> Result<Records, OutputError> {
        let abs = absolute(out)?;
        let name = crate::hash::checksum(abs.to_string_lossy().as_bytes());
        let dir = crate::cache::folder(root, "output");
        Ok(Records {
            manifest: dir.join(format!("{name}.manifest")),
            under_way: dir.join(format!("{name}.under-way")),
            lock: dir.join(format!("{name}.lock")),
            legacy: out.join(LEGACY_MANIFEST),
        })
    }

    /// Whether a build recorded this output folder (here, or in the folder by an older imrf).
    fn known(&self) -> bool {
        self.manifest.is_file() || self.legacy.is_file()
    }

    fn manifest(&self) -> Manifest {
        match std::fs::read_to_string(&self.manifest).or_else(|_| std::fs::read_to_string(&self.legacy)) {
            Ok(text) => Manifest::parse(&text),
            Err(_) => Manifest::default(),
        }
    }
}

/// Why the output folder could not be used or written; each keeps its cause.
#[derive(Debug, thiserror::Error)]
pub enum OutputError {
    #[error("cannot {action} {}: {source}", path.display())]
    Io {
        action: &'static str,
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error("refusing to build into {}: {reason}", path.display())]
    Refused { path: PathBuf, reason: String },
    #[error("refusing to write outside the output folder: {0}")]
    Outside(String),
    #[error("another imrf build is writing into {}: wait for it to finish, then build again", path.display())]
    Busy { path: PathBuf },
}

/// An `OutputError::Io` maker for `map_err`.
fn io(action: &'static str, path: &Path) -> impl FnOnce(std::io::Error) -> OutputError {
    let path = path.to_path_buf();
    move |source| OutputError::Io { action, path, source }
}

#[derive(Debug, Default, PartialEq, Eq)]
pub struct WriteStats {
    pub written: usize,
    pub unchanged: usize,
    pub removed: usize,
    /// Of the unchanged files, the pages that were not even rendered.
    pub kept: usize,
}

/// Refuses output folders that would destroy the site or someone else's files.
pub fn check_output_dir(root: &Path, out: &Path, force: bool) -> Result<(), OutputError> {
    let refused = |reason: String| OutputError::Refused { path: out.to_path_buf(), reason };
    let root_abs = std::fs::canonicalize(root).map_err(io("resolve the site root", root))?;
    let out_abs = absolute(out)?;
    for (what, protected) in [
        ("the site root", root_abs.clone()),
        ("content/", root_abs.join("content")),
        ("themes/", root_abs.join("themes")),
    ] {
        if out_abs == protected || protected.starts_with(&out_abs) {
            return Err(refused(format!("it is {what} (or holds it)")));
        }
    }
    if out_abs.starts_with(root_abs.join("content")) || out_abs.starts_with(root_abs.join("themes")) {
        return Err(refused("it lies inside the site's sources".to_string()));
    }
    if force || !out_abs.exists() {
        return Ok(());
    }
    if !out_abs.is_dir() {
        return Err(refused("it is a file".to_string()));
    }
    // A folder imrf has no record of (its cache deleted, or never an imrf folder) is judged at
    // the commit, when the build knows its files: see `Staging::commit`.
    std::fs::read_dir(&out_abs).map_err(io("read", out))?;
    Ok(())
}

/// Resolves `path` against the current folder, following links of the part that exists, and
/// `..` as the file system does (`nope/../content` is `content`, and refused as such).
fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(io("resolve the current folder of", path))?.join(path)
    };
    let mut resolved = PathBuf::new();
    for part in joined.components() {
        match part {
            std::path::Component::ParentDir => {
                resolved.pop();
            }
            std::path::Component::CurDir => {}
            other => {
                resolved.push(other);
                // `resolved` stays free of links: `..` then climbs out of the real folder.
                if let Ok(real) = std::fs::canonicalize(&resolved) {
                    resolved = real;
                }
            }
        }
    }
    Ok(resolved)
}

/// What the last build recorded of one output file: its size and modification time (which tell
/// whether anyone touched it since, as `make` and `rsync` tell), and the key of what it was
/// rendered from (a page), or `=` and the checksum of its bytes (any other file).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recorded {
    pub len: u64,
    pub modified: u128,
    pub key: Option<String>,
}

/// The manifest of the last build into an output folder. A missing, foreign or damaged manifest
/// reads as empty (or as the lines that parse): it only ever saves work, never decides content.
#[derive(Debug, Default)]
pub struct Manifest {
    pub fingerprint: Option<String>,
    pub files: HashMap<String, Option<Recorded>>,
}

impl Manifest {
    fn parse(text: &str) -> Manifest {
        let fingerprint = text.lines().next().and_then(|l| l.strip_prefix("# imrf ")).map(str::to_string);
        let files = text
            .lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| {
                let mut parts = l.split('\t');
                let path = parts.next().unwrap_or_default().to_string();
                let len = parts.next().and_then(|n| n.parse().ok());
                let modified = parts.next().and_then(|n| n.parse().ok());
                let key = parts.next().filter(|k| !k.is_empty() && *k != "-").map(str::to_string);
                let recorded = len.zip(modified).map(|(len, modified)| Recorded { len, modified, key });
                (path, recorded)
            })
            .collect();
        Manifest { fingerprint, files }
    }
}

/// A build's files on their way into the output folder, which never holds a half-written file, nor anything of a build that failed.
///
/// - Into an output folder that does not exist yet, files are written straight to a new folder
///   beside it (`.public.1234.imrf-build` for `public`), which [`Staging::commit`] renames to the
///   output folder in one step.
/// - Into an existing one, each file is compared with the one in place as soon as it is
///   rendered: an equal file is left alone, a new one goes to a temporary name beside it.
///   [`Staging::commit`] renames the temporary files into place, removes the files of the last
///   build that are gone and writes the manifest.
///
/// Either way the rendered bytes are dropped once written (a build of thousands of pages never
/// holds them all), and [`Staging::abandon`] (a build with errors) removes what this build wrote,
/// so the output folder keeps the last good build, or is not made at all.
pub struct Staging {
    out: PathBuf,
    records: Records,
    /// Held until the build is committed or abandoned: a second build into the folder stops.
    _lock: std::fs::File,
    /// The new folder the files go to, for an output folder that does not exist yet.
    fresh: Option<PathBuf>,
    /// Whether a build into the folder was killed half-way (its marker in the cache, [`Records`]).
    killed: bool,
    /// The folder holds files and imrf has no record of building there (without `--force`): the
    /// commit refuses it if it holds any file this build does not write.
    unrecorded: bool,
    previous: Manifest,
    state: Mutex<StagingState>,
}

#[derive(Default)]
struct StagingState {
    /// Output path to the file written for it (a temporary file, or the file in the new folder).
    staged: BTreeMap<String, PathBuf>,
    /// Every file of this build, as the manifest will record it.
    files: BTreeMap<String, Recorded>,
    /// Pages kept without being rendered (see [`Staging::keep`]).
    kept: usize,
    errors: Vec<OutputError>,
}

/// Ending of the folder a build into a new output folder writes to.
const FRESH_SUFFIX: &str = ".imrf-build";

impl Staging {
    /// A build into `out` of the site at `root`; with `reuse`, the pages the last build left
    /// there unchanged are kept (see [`Staging::keep`]). While a build is under way its marker
    /// stands in the cache: a build that finds one knows the last one was killed half-way, and
    /// sweeps its temporary files at the commit.
    pub fn new(root: &Path, out: &Path, reuse: bool, force: bool) -> Result<Staging, OutputError> {
        let records = Records::of(root, out)?;
        let lock = std::fs::OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&records.lock)
            .map_err(io("open", &records.lock))?;
        match lock.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => return Err(OutputError::Busy { path: out.to_path_buf() }),
            Err(std::fs::TryLockError::Error(e)) => return Err(io("lock", &records.lock)(e)),
        }
        if let (false, Some(name)) = (out.exists(), out.file_name()) {
            let name = name.to_string_lossy();
            // Folders of builds killed half-way.
            let parent = out.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
            for entry in std::fs::read_dir(parent).into_iter().flatten().flatten() {
                let other = entry.file_name().to_string_lossy().into_owned();
                if other.starts_with(&format!(".{name}.")) && other.ends_with(FRESH_SUFFIX) {
                    let _ = std::fs::remove_dir_all(entry.path());
                }
            }
            let fresh = out.with_file_name(format!(".{name}.{}{FRESH_SUFFIX}", std::process::id()));
            std::fs::create_dir_all(&fresh).map_err(io("create", &fresh))?;
            let state = Mutex::default();
            let previous = Manifest::default();
            let out = out.to_path_buf();
            let (fresh, unrecorded) = (Some(fresh), false);
            return Ok(Staging { out, records, _lock: lock, fresh, killed: false, unrecorded, previous, state });
        }
        let unrecorded = !force && !records.known() && std::fs::read_dir(out).is_ok_and(|mut d| d.next().is_some());
        let mut previous = records.manifest();
        if !reuse {
            previous.files.values_mut().flatten().for_each(|r| r.key = None);
        }
        remove_links(out, unrecorded)?;
        let killed = records.under_way.exists();
        std::fs::write(&records.under_way, b"").map_err(io("write", &records.under_way))?;
        let out = out.to_path_buf();
        let state = Mutex::default();
        Ok(Staging { out, records, _lock: lock, fresh: None, killed, unrecorded, previous, state })
    }

    fn state(&self) -> std::sync::MutexGuard<'_, StagingState> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Takes one file of the build; `key` names what it was rendered from (see [`Staging::keep`]).
    pub fn put(&self, rel: &str, bytes: &[u8], key: Option<&str>) {
        // A file that is not rendered from a key (a feed, a search index, a static file) is
        // known by its bytes: the manifest records their checksum, so that the next build can
        // tell an unchanged file without reading it.
        let key = key.map_or_else(|| format!("={}", crate::hash::checksum(bytes)), str::to_string);
        match self.stage(rel, bytes, &key) {
            Ok((staged, (len, modified))) => {
                let mut state = self.state();
                let recorded = Recorded { len, modified, key: Some(key) };
                state.files.insert(rel.to_string(), recorded);
                // A file given twice (a site's static file over the theme's) is the last one:
                // it was written to the same name as the first one.
                match staged {
                    Some(path) => {
                        state.staged.insert(rel.to_string(), path);
                    }
                    None => {
                        if let Some(old) = state.staged.remove(rel) {
                            let _ = std::fs::remove_file(old);
                        }
                    }
                }
            }
            Err(e) => self.state().errors.push(e),
        }
    }

    /// Writes `bytes` for `rel`, unless the file in place holds them already (it has the size,
    /// time and `key` the manifest recorded, or the same bytes): the file written (if any) and
    /// the stamp the output file will have.
    fn stage(&self, rel: &str, bytes: &[u8], key: &str) -> Result<(Option<PathBuf>, (u64, u128)), OutputError> {
        if !is_safe_relative(rel) {
            return Err(OutputError::Outside(rel.to_string()));
        }
        let target = self.out.join(rel);
        if let Some(fresh) = &self.fresh {
            let path = fresh.join(rel);
            let stamp = write_new(&path, bytes).map_err(io("write", &target))?;
            return Ok((Some(path), stamp));
        }
        if let Ok(meta) = std::fs::metadata(&target) {
            let stamp = crate::time::file_stamp(&meta);
            let recorded = self.previous.files.get(rel).and_then(Option::as_ref);
            let as_recorded = recorded.is_some_and(|r| r.key.as_deref() == Some(key) && (r.len, r.modified) == stamp);
            if as_recorded || meta.len() == bytes.len() as u64 && std::fs::read(&target).is_ok_and(|old| old == bytes) {
                return Ok((None, stamp));
            }
        }
        let tmp = temporary(&target);
        match write_new(&tmp, bytes) {
            Ok(stamp) => Ok((Some(tmp), stamp)),
            Err(source) => {
                let _ = std::fs::remove_file(&tmp);
                Err(OutputError::Io { action: "write", path: target, source })
            }
        }
    }

    /// Whether the file at `rel`, rendered from `key`, is in place already: the last build
    /// rendered it from the same key, and it still has the size and modification time (to the
    /// nanosecond) it was written with: nobody wrote to it since. Then it is part of this build
    /// as it stands, and need not be rendered.
    pub fn keep(&self, rel: &str, key: &str) -> bool {
        let Some(recorded) = self.unchanged(rel, key) else {
            return false;
        };
        let mut state = self.state();
        state.files.insert(rel.to_string(), recorded.clone());
        state.kept += 1;
        true
    }

    /// [`Staging::keep`] for files made together from one key (the files of a search index,
    /// which are not pages): all of them are kept, or none.
    pub fn keep_all(&self, rels: &[String], key: &str) -> bool {
        if rels.is_empty() {
            return false;
        }
        let Some(recorded) = rels.iter().map(|rel| self.unchanged(rel, key)).collect::<Option<Vec<_>>>() else {
            return false;
        };
        let mut state = self.state();
        for (rel, recorded) in rels.iter().zip(recorded) {
            state.files.insert(rel.clone(), recorded.clone());
        }
        true
    }

    /// The record of the file at `rel` when the last build made it from `key` and nobody
    /// touched it since.
    fn unchanged(&self, rel: &str, key: &str) -> Option<&Recorded> {
        let Some(Some(recorded)) = self.previous.files.get(rel) else {
            return None;
        };
        if recorded.key.as_deref() != Some(key) || !is_safe_relative(rel) {
            return None;
        }
        let meta = std::fs::metadata(self.out.join(rel)).ok()?;
        (crate::time::file_stamp(&meta) == (recorded.len, recorded.modified)).then_some(recorded)
    }

    /// Whether this build has a file at `rel`.
    pub fn has(&self, rel: &str) -> bool {
        self.state().files.contains_key(rel)
    }

    /// The bytes of this build's file at `rel`.
    pub fn get(&self, rel: &str) -> Option<Vec<u8>> {
        let state = self.state();
        state.files.get(rel)?;
        let path = state.staged.get(rel).cloned().unwrap_or_else(|| self.out.join(rel));
        drop(state);
        std::fs::read(path).ok()
    }

    /// The number and total size of this build's files whose names `select` accepts.
    pub fn count(&self, select: impl Fn(&str) -> bool) -> (usize, u64) {
        let state = self.state();
        state.files.iter().filter(|(p, _)| select(p)).fold((0, 0), |(n, b), (_, r)| (n + 1, b + r.len))
    }

    /// How many files the build has.
    pub fn len(&self) -> usize {
        self.state().files.len()
    }

    /// Removes what this build wrote: the output folder keeps the last build.
    pub fn abandon(self) {
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        remove_staged(&self.out, self.fresh.as_deref(), &state.staged);
        if !self.killed {
            let _ = std::fs::remove_file(&self.records.under_way);
        }
    }

    /// Puts the build in place: the new folder is renamed to the output folder, or the temporary
    /// files are renamed over their targets and the files of the last build that this one lacks
    /// are removed; the manifest records `fingerprint`.
    pub fn commit(self, fingerprint: &str) -> Result<WriteStats, OutputError> {
        let out = self.out.clone();
        let previous: Vec<String> = self.previous.files.keys().cloned().collect();
        let state = self.state.into_inner().unwrap_or_else(|e| e.into_inner());
        if let Some(e) = state.errors.into_iter().next() {
            remove_staged(&out, self.fresh.as_deref(), &state.staged);
            if !self.killed {
                let _ = std::fs::remove_file(&self.records.under_way);
            }
            return Err(e);
        }
        if self.unrecorded {
            let ours = |rel: &str| state.files.contains_key(rel) || rel.ends_with(TMP_SUFFIX);
            let foreign = walkdir::WalkDir::new(&out)
                .follow_links(false)
                .into_iter()
                .flatten()
                .filter(|e| !e.file_type().is_dir())
                .filter_map(|e| e.path().strip_prefix(&out).ok().map(|p| p.to_string_lossy().replace('\\', "/")))
                .find(|rel| !ours(rel));
            if let Some(rel) = foreign {
                remove_staged(&out, self.fresh.as_deref(), &state.staged);
                let _ = std::fs::remove_file(&self.records.under_way);
                let reason = format!(
                    "it holds files that this build does not write (such as {rel}) and imrf has no record of building \
                     there; use --force to build there anyway (such files are left as they are)"
                );
                return Err(OutputError::Refused { path: out, reason });
            }
        }
        let written = state.staged.len();
        let mut stats = WriteStats { written, unchanged: state.files.len() - written, removed: 0, kept: state.kept };
        let manifest = manifest_text(fingerprint, &state.files);
        if let Some(fresh) = &self.fresh {
            let placed = std::fs::rename(fresh, &out)
                .map_err(io("write", &out))
                .and_then(|()| write_atomic(&self.records.manifest, manifest.as_bytes()));
            if placed.is_err() {
                let _ = std::fs::remove_dir_all(fresh);
            }
            return placed.map(|()| stats);
        }
        for (rel, tmp) in &state.staged {
            let target = out.join(rel);
            std::fs::rename(tmp, &target).map_err(io("write", &target))?;
        }
        let mut removed = Vec::new();
        for old in previous.iter().filter(|p| !state.files.contains_key(p.as_str()) && is_safe_relative(p)) {
            let path = out.join(old);
            if path.is_file() {
                // A stale file left in place would be published: failing to remove it is an error.
                std::fs::remove_file(&path).map_err(io("remove", &path))?;
                removed.push(path);
            }
        }
        stats.removed = removed.len();
        remove_empty_parents(&out, removed.iter().map(PathBuf::as_path));
        // Temporary files of a build that was killed half-way.
        if self.killed {
            for entry in walkdir::WalkDir::new(&out).into_iter().flatten() {
                let name = entry.file_name().to_string_lossy();
                if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
                    let _ = std::fs::remove_file(entry.path());
                }
            }
        }
        write_atomic(&self.records.manifest, manifest.as_bytes())?;
        // The manifest an older imrf kept in the output folder is not part of the site.
        let _ = std::fs::remove_file(&self.records.legacy);
        std::fs::remove_file(&self.records.under_way).map_err(io("remove", &self.records.under_way))?;
        Ok(stats)
    }
}

/// The manifest of a build's files, first line the build's fingerprint.
fn manifest_text(fingerprint: &str, files: &BTreeMap<String, Recorded>) -> String {
    let mut manifest = format!("# imrf {fingerprint}\n");
    for (rel, r) in files {
        let key = r.key.as_deref().unwrap_or("-");
        manifest.push_str(&format!("{rel}\t{}\t{}\t{key}\n", r.len, r.modified));
    }
    manifest
}

/// Removes the files a build wrote: its new folder, or its temporary files in `out`.
fn remove_staged(out: &Path, fresh: Option<&Path>, staged: &BTreeMap<String, PathBuf>) {
    if let Some(fresh) = fresh {
        let _ = std::fs::remove_dir_all(fresh);
        return;
    }
    for tmp in staged.values() {
        let _ = std::fs::remove_file(tmp);
    }
    remove_empty_parents(out, staged.values().map(PathBuf::as_path));
}

/// Removes the folders of `out` that held `removed` files and are now empty, deepest first
/// (removing one that still holds files fails, as meant).
fn remove_empty_parents<'a>(out: &Path, removed: impl Iterator<Item = &'a Path>) {
    let mut dirs = BTreeSet::new();
    for path in removed {
        dirs.extend(path.ancestors().skip(1).take_while(|d| *d != out).map(Path::to_path_buf));
    }
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
}

/// Creates the file `path`, and its folder if missing, holding `bytes`: its stamp.
fn write_new(path: &Path, bytes: &[u8]) -> std::io::Result<(u64, u128)> {
    let create = || std::fs::File::create(path);
    let mut file = match create() {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            std::fs::create_dir_all(path.parent().unwrap_or(Path::new(".")))?;
            create()?
        }
        file => file?,
    };
    file.write_all(bytes)?;
    Ok(crate::time::file_stamp(&file.metadata()?))
}

use crate::atomic::temporary;

/// Removes every symbolic link inside the output folder (imrf writes none): a build never
/// writes, nor removes, through one.
/// In a folder imrf has no record of (`unrecorded`), a link is not imrf's to remove: the folder
/// is refused before anything is written.
fn remove_links(out: &Path, unrecorded: bool) -> Result<(), OutputError> {
    for entry in walkdir::WalkDir::new(out).follow_links(false).min_depth(1).into_iter().flatten() {
        if !entry.path_is_symlink() {
            continue;
        }
        if unrecorded {
            let rel = entry.path().strip_prefix(out).unwrap_or(entry.path()).display().to_string();
            let reason = format!(
                "it holds a symbolic link that imrf did not make ({rel}) and imrf has no record of building there; \
                 use --force to build there anyway (imrf then removes the link, never writing through it)"
            );
            return Err(OutputError::Refused { path: out.to_path_buf(), reason });
        }
        std::fs::remove_file(entry.path()).map_err(io("remove the symbolic link", entry.path()))?;
    }
    Ok(())
}

/// Whether the last build into `out` was made from inputs with this `fingerprint` and left every
/// file it wrote in place at its size and time: then building again would change nothing.
pub fn unchanged_since_last_build(root: &Path, out: &Path, fingerprint: &str) -> Option<usize> {
    let records = Records::of(root, out).ok()?;
    if records.legacy.exists() {
        return None;
    }
    let manifest = records.manifest();
    if manifest.fingerprint.as_deref() != Some(fingerprint) {
        return None;
    }
    let intact = manifest.files.iter().all(|(path, recorded)| {
        is_safe_relative(path)
            && recorded.as_ref().is_some_and(|r| {
                std::fs::metadata(out.join(path)).is_ok_and(|m| crate::time::file_stamp(&m) == (r.len, r.modified))
            })
    });
    intact.then_some(manifest.files.len())
}

fn is_safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes `target` whole or not at all ([`crate::atomic`]).
fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    crate::atomic::write(target, bytes).map_err(|source| OutputError::Io {
        action: "write",
        path: target.to_path_buf(),
        source,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A page's key: what it is rendered from, so the same key gives the same bytes.
    fn key(text: &str) -> String {
        format!("key of {text}")
    }

    /// The site root of a test's output folder: its parent.
    fn root(out: &Path) -> &Path {
        out.parent().unwrap()
    }

    fn manifest(out: &Path) -> Manifest {
        Records::of(root(out), out).unwrap().manifest()
    }

    fn write(files: &[(&str, &str)], out: &Path) -> WriteStats {
        let staging = Staging::new(root(out), out, true, false).unwrap();
        for (rel, text) in files {
            staging.put(rel, text.as_bytes(), Some(&key(text)));
        }
        staging.commit("f").unwrap()
    }

    #[test]
    fn rewrites_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let stats = write(&[("a/index.html", "A"), ("b/index.html", "B"), ("c/index.html", "C")], &out);
        assert_eq!(stats, WriteStats { written: 3, unchanged: 0, removed: 0, kept: 0 });
        let stats = write(&[("a/index.html", "A2"), ("c/index.html", "C")], &out);
        assert_eq!(stats, WriteStats { written: 1, unchanged: 1, removed: 1, kept: 0 });
        assert!(!out.join("b").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"A2");
    }

    #[test]
    fn a_page_is_kept_only_when_its_key_and_file_are_as_recorded() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[("a/index.html", "A"), ("b/index.html", "B")], &out);
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        assert!(staging.keep("a/index.html", &key("A")));
        assert!(!staging.keep("b/index.html", "other key"));
        assert!(!staging.keep("c/index.html", &key("A")));
        // Someone changed the file since: it is rendered again.
        std::fs::write(out.join("b/index.html"), "changed by hand").unwrap();
        assert!(!staging.keep("b/index.html", &key("B")));
        staging.abandon();
        assert!(!Staging::new(root(&out), &out, false, false).unwrap().keep("a/index.html", &key("A")), "--no-cache");
        // A damaged manifest keeps nothing and breaks nothing.
        let records = Records::of(root(&out), &out).unwrap();
        std::fs::write(&records.manifest, "# imrf x\n\tgarbage\na/index.html\tnot a number\n").unwrap();
        assert!(!Staging::new(root(&out), &out, true, false).unwrap().keep("a/index.html", &key("A")));
    }

    #[test]
    fn an_abandoned_build_leaves_the_last_one_in_place() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[("a/index.html", "A")], &out);
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        staging.put("a/index.html", b"A2", None);
        staging.put("new/deep/index.html", b"N", None);
        staging.abandon();
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"A");
        assert!(!out.join("new").exists());
        let names: Vec<_> =
            walkdir::WalkDir::new(&out).into_iter().flatten().map(|e| e.file_name().to_owned()).collect();
        assert!(names.iter().all(|n| !n.to_string_lossy().ends_with(TMP_SUFFIX)), "{names:?}");
    }

    #[test]
    fn a_new_output_folder_appears_whole_or_not_at_all() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        // What a build killed half-way left beside it goes.
        let killed = dir.path().join(format!(".public.1{FRESH_SUFFIX}"));
        std::fs::create_dir_all(killed.join("en")).unwrap();
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        assert!(!killed.exists());
        staging.put("en/index.html", b"E", Some("k1"));
        staging.put("en/deep/x/index.html", b"X", None);
        staging.put("en/index.html", b"E2", Some("k2"));
        assert!(!out.exists(), "nothing is in place before the commit");
        assert_eq!(staging.get("en/index.html").as_deref(), Some(&b"E2"[..]));
        let stats = staging.commit("f").unwrap();
        assert_eq!(stats, WriteStats { written: 2, unchanged: 0, removed: 0, kept: 0 });
        assert_eq!(std::fs::read(out.join("en/index.html")).unwrap(), b"E2");
        let manifest = manifest(&out);
        assert_eq!(manifest.fingerprint.as_deref(), Some("f"));
        assert_eq!(manifest.files.len(), 2);
        let names: Vec<String> = std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .map(|e| e.file_name().to_string_lossy().into())
            .filter(|n| n != ".imrf-cache")
            .collect();
        assert_eq!(names, ["public"]);
        // The next build keeps what this one wrote.
        assert!(Staging::new(root(&out), &out, true, false).unwrap().keep("en/index.html", "k2"));

        // A failed build into a new folder leaves nothing, not even the folder.
        let other = dir.path().join("nested/site");
        let staging = Staging::new(dir.path(), &other, true, false).unwrap();
        staging.put("a/index.html", b"A", None);
        staging.abandon();
        assert!(!other.exists());
        assert_eq!(std::fs::read_dir(dir.path().join("nested")).unwrap().count(), 0);
    }

    #[test]
    fn the_temporary_files_of_a_killed_build_are_swept_by_the_next() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[("a/index.html", "A")], &out);
        let records = Records::of(root(&out), &out).unwrap();
        assert!(!records.under_way.exists());
        // Killed half-way (its lock went with its process): its marker and a temporary file stay.
        std::fs::write(&records.under_way, b"").unwrap();
        std::fs::write(out.join("a/.index.html.99999.imrf-tmp"), b"A2").unwrap();
        let stats = write(&[("a/index.html", "A3")], &out);
        assert_eq!(stats.written, 1);
        let names: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.file_name().to_string_lossy().into())
            .collect();
        assert_eq!(names, ["index.html"], "only the site, no temporary file");
    }

    #[test]
    fn an_unchanged_file_is_known_by_its_recorded_checksum() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        staging.put("feed.xml", b"F", None);
        staging.commit("f").unwrap();
        let recorded = manifest(&out).files["feed.xml"].clone().unwrap();
        assert_eq!(recorded.key, Some(format!("={}", crate::hash::checksum(b"F"))));
        // The same bytes: left alone. Other bytes of the same size: written.
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        staging.put("feed.xml", b"F", None);
        assert_eq!(staging.commit("f").unwrap().unchanged, 1);
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        staging.put("feed.xml", b"G", None);
        assert_eq!(staging.commit("f").unwrap().written, 1);
        assert_eq!(std::fs::read(out.join("feed.xml")).unwrap(), b"G");
        // Changed by hand since (another time): compared by its bytes, and written again.
        std::fs::write(out.join("feed.xml"), "H").unwrap();
        let staging = Staging::new(root(&out), &out, true, false).unwrap();
        staging.put("feed.xml", b"G", None);
        assert_eq!(staging.commit("f").unwrap().written, 1);
        assert_eq!(std::fs::read(out.join("feed.xml")).unwrap(), b"G");
    }

    #[test]
    fn refuses_folders_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        let staging = Staging::new(dir.path(), &foreign, true, false).unwrap();
        staging.put("index.html", b"site", None);
        assert!(staging.commit("f").unwrap_err().to_string().contains("--force"));
        assert!(!foreign.join("index.html").exists());
        let staging = Staging::new(dir.path(), &foreign, true, true).unwrap();
        staging.put("index.html", b"site", None);
        staging.commit("f").unwrap();
        assert_eq!(std::fs::read_to_string(foreign.join("keep.txt")).unwrap(), "mine");
        // A folder of this site's build whose record is gone (the cache deleted) is still used.
        let _ = std::fs::remove_dir_all(dir.path().join(".imrf-cache"));
        let staging = Staging::new(dir.path(), &foreign, true, false).unwrap();
        staging.put("index.html", b"site2", None);
        staging.put("keep.txt", b"mine", None);
        staging.commit("f").unwrap();
        assert!(check_output_dir(dir.path(), dir.path(), true).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("content"), true).is_err());
        assert!(check_output_dir(dir.path(), &dir.path().join("public"), false).is_ok());
    }

    #[test]
    fn paths_that_escape_are_refused() {
        assert!(!is_safe_relative("../x"));
        assert!(!is_safe_relative("/etc/passwd"));
        assert!(is_safe_relative("en/index.html"));
    }

    #[test]
    fn the_output_folder_holds_the_site_alone_and_one_build_at_a_time() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        write(&[("a/index.html", "A")], &out);
        write(&[("a/index.html", "A2")], &out);
        let names: Vec<String> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&out).unwrap().to_string_lossy().into())
            .collect();
        assert_eq!(names, ["a/index.html"]);
        // A second build into the folder while one writes stops at once.
        let first = Staging::new(root(&out), &out, true, false).unwrap();
        let second = Staging::new(root(&out), &out, true, false);
        assert!(matches!(second, Err(OutputError::Busy { .. })), "{:?}", second.err());
        first.abandon();
        assert!(Staging::new(root(&out), &out, true, false).is_ok(), "the lock goes with the build");
    }

    #[test]
    fn a_symbolic_link_in_the_output_folder_is_never_written_through() {
        let dir = tempfile::tempdir().unwrap();
        let elsewhere = dir.path().join("elsewhere");
        std::fs::create_dir_all(&elsewhere).unwrap();
        std::fs::write(elsewhere.join("index.html"), "not imrf's").unwrap();
        let out = dir.path().join("public");
        write(&[("en/index.html", "E"), ("fr/index.html", "F")], &out);
        std::fs::remove_dir_all(out.join("fr")).unwrap();
        std::os::unix::fs::symlink(&elsewhere, out.join("fr")).unwrap();
        write(&[("en/index.html", "E"), ("fr/index.html", "F2")], &out);
        assert_eq!(std::fs::read_to_string(elsewhere.join("index.html")).unwrap(), "not imrf's");
        assert!(!out.join("fr").is_symlink());
        assert_eq!(std::fs::read_to_string(out.join("fr/index.html")).unwrap(), "F2");
    }

    #[test]
    fn the_links_of_a_folder_imrf_has_no_record_of_are_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::os::unix::fs::symlink(dir.path(), foreign.join("up")).unwrap();
        let refused = Staging::new(dir.path(), &foreign, true, false);
        assert!(matches!(refused, Err(OutputError::Refused { .. })), "{:?}", refused.err());
        assert!(foreign.join("up").is_symlink(), "nothing was touched");
        Staging::new(dir.path(), &foreign, true, true).unwrap().abandon();
        assert!(!foreign.join("up").exists(), "--force: the link is removed, never written through");
    }

    #[test]
    fn a_manifest_an_older_imrf_left_in_the_folder_is_read_once_and_removed() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        std::fs::create_dir_all(&out).unwrap();
        std::fs::write(out.join("index.html"), "old").unwrap();
        std::fs::write(out.join(LEGACY_MANIFEST), "# imrf f\nindex.html\t3\t0\t-\n").unwrap();
        assert!(check_output_dir(dir.path(), &out, false).is_ok(), "an older imrf's folder is imrf's");
        write(&[("index.html", "new")], &out);
        assert!(!out.join(LEGACY_MANIFEST).exists());
        assert!(check_output_dir(dir.path(), &out, false).is_ok());
    }
}
