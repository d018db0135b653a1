//! Writing a rendered site to its output folder without ever leaving it half-written: every file
//! goes to a temporary name and is renamed into place, unchanged files are not touched, files of
//! the previous build that are gone are removed, and a manifest records what this tool wrote so
//! that it never deletes anything else.

use crate::render::Output;
use rayon::prelude::*;
use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Component, Path, PathBuf};

/// Ending of the temporary files a write goes through.
const TMP_SUFFIX: &str = ".imrf-tmp";

/// Name of the manifest kept in the output folder.
pub const MANIFEST: &str = ".imrf-manifest";

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
    let empty = std::fs::read_dir(&out_abs).map_err(io("read", out))?.next().is_none();
    if !empty && !out_abs.join(MANIFEST).is_file() {
        return Err(refused(format!(
            "it holds files that imrf did not write (no {MANIFEST}); use --force to build there anyway"
        )));
    }
    Ok(())
}

/// Resolves `path` against the current folder, following links of the part that exists.
fn absolute(path: &Path) -> Result<PathBuf, OutputError> {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().map_err(io("resolve the current folder of", path))?.join(path)
    };
    let mut existing = joined.clone();
    let mut rest = Vec::new();
    while !existing.exists() {
        match (existing.parent(), existing.file_name()) {
            (Some(parent), Some(name)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut resolved = std::fs::canonicalize(&existing).unwrap_or(existing);
    for part in rest.into_iter().rev() {
        resolved.push(part);
    }
    Ok(resolved)
}

/// Writes `output` into `out`; the manifest records `fingerprint` (what the build was made from)
/// and each file's size, for [`unchanged_since_last_build`].
pub fn write(output: &Output, out: &Path, fingerprint: &str) -> Result<WriteStats, OutputError> {
    let mut stats = WriteStats::default();
    std::fs::create_dir_all(out).map_err(io("create", out))?;
    let previous = read_manifest(out);
    if let Some(bad) = output.keys().find(|rel| !is_safe_relative(rel)) {
        return Err(OutputError::Outside(bad.clone()));
    }
    // Folders first (each once), then the files in parallel: creating files is the slow part.
    let dirs: BTreeSet<&Path> = output.keys().filter_map(|rel| Path::new(rel.as_str()).parent()).collect();
    for dir in dirs {
        std::fs::create_dir_all(out.join(dir)).map_err(io("create", &out.join(dir)))?;
    }
    let results: Vec<Result<bool, OutputError>> = output
        .par_iter()
        .map(|(rel, bytes)| {
            let target = out.join(rel);
            if same_bytes(&target, bytes) {
                return Ok(false);
            }
            write_atomic(&target, bytes).map(|()| true)
        })
        .collect();
    for r in results {
        if r? {
            stats.written += 1;
        } else {
            stats.unchanged += 1;
        }
    }
    let current: BTreeSet<&str> = output.keys().map(String::as_str).collect();
    let mut dirs = BTreeSet::new();
    for old in previous.iter().filter(|p| !current.contains(p.as_str()) && is_safe_relative(p)) {
        let path = out.join(old);
        if path.is_file() {
            // A stale file left in place would be published: failing to remove it is an error.
            std::fs::remove_file(&path).map_err(io("remove", &path))?;
            stats.removed += 1;
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                dirs.insert(d.to_path_buf());
                dir = d.parent();
            }
        }
    }
    // Temporary files of a build that was killed half-way.
    for entry in walkdir::WalkDir::new(out).into_iter().flatten() {
        let name = entry.file_name().to_string_lossy();
        if entry.file_type().is_file() && name.starts_with('.') && name.ends_with(TMP_SUFFIX) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
    // Deepest first; only empty folders go (removing one that still holds files fails, as meant).
    for dir in dirs.iter().rev() {
        let _ = std::fs::remove_dir(dir);
    }
    let mut manifest = format!("# imrf {fingerprint}\n");
    for (k, bytes) in output {
        manifest.push_str(&format!("{k}\t{}\n", bytes.len()));
    }
    write_atomic(&out.join(MANIFEST), manifest.as_bytes())?;
    Ok(stats)
}

/// Whether the file at `path` holds exactly `bytes` (its size is checked before its content).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::metadata(path) {
        Ok(m) if m.len() == bytes.len() as u64 => std::fs::read(path).is_ok_and(|old| old == bytes),
        _ => false,
    }
}

/// The files the last build wrote, with their sizes.
fn read_manifest_entries(out: &Path) -> Vec<(String, Option<u64>)> {
    std::fs::read_to_string(out.join(MANIFEST))
        .map(|s| {
            s.lines()
                .filter(|l| !l.starts_with('#'))
                .map(|l| match l.split_once('\t') {
                    Some((path, size)) => (path.to_string(), size.parse().ok()),
                    None => (l.to_string(), None),
                })
                .collect()
        })
        .unwrap_or_default()
}

fn read_manifest(out: &Path) -> Vec<String> {
    read_manifest_entries(out).into_iter().map(|(p, _)| p).collect()
}

/// Whether the last build into `out` was made from inputs with this `fingerprint` and left every
/// file it wrote in place at its size: then building again would change nothing.
pub fn unchanged_since_last_build(out: &Path, fingerprint: &str) -> Option<usize> {
    let text = std::fs::read_to_string(out.join(MANIFEST)).ok()?;
    let recorded = text.lines().next()?.strip_prefix("# imrf ")?;
    if recorded != fingerprint {
        return None;
    }
    let entries = read_manifest_entries(out);
    let intact = entries.iter().all(|(path, size)| {
        is_safe_relative(path) && std::fs::metadata(out.join(path)).is_ok_and(|m| Some(m.len()) == *size)
    });
    intact.then_some(entries.len())
}

fn is_safe_relative(rel: &str) -> bool {
    let p = Path::new(rel);
    !rel.is_empty() && p.components().all(|c| matches!(c, Component::Normal(_)))
}

/// Writes to a temporary file beside `target`, then renames it into place: a reader (or a build
/// killed half-way) sees the old file or the new one, never a truncated one.
fn write_atomic(target: &Path, bytes: &[u8]) -> Result<(), OutputError> {
    let dir = target.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(dir).map_err(io("create", dir))?;
    let name = target.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
    let tmp = dir.join(format!(".{name}.{}{TMP_SUFFIX}", std::process::id()));
    let result =
        std::fs::File::create(&tmp).and_then(|mut f| f.write_all(bytes)).and_then(|()| std::fs::rename(&tmp, target));
    result.map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        OutputError::Io { action: "write", path: target.to_path_buf(), source }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rewrites_only_what_changed_and_removes_what_is_gone() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let mut o = Output::new();
        o.insert("a/index.html".into(), b"A".to_vec());
        o.insert("b/index.html".into(), b"B".to_vec());
        assert_eq!(write(&o, &out, "f").unwrap(), WriteStats { written: 2, unchanged: 0, removed: 0 });
        o.remove("b/index.html");
        o.insert("a/index.html".into(), b"A2".to_vec());
        assert_eq!(write(&o, &out, "f").unwrap(), WriteStats { written: 1, unchanged: 0, removed: 1 });
        assert!(!out.join("b").exists());
        assert_eq!(std::fs::read(out.join("a/index.html")).unwrap(), b"A2");
    }

    #[test]
    fn refuses_folders_it_did_not_write() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(dir.path().join("content")).unwrap();
        let foreign = dir.path().join("docs");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output_dir(dir.path(), &foreign, false).unwrap_err().to_string().contains("--force"));
        assert!(check_output_dir(dir.path(), &foreign, true).is_ok());
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
}
