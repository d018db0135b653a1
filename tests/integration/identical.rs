//! Refactors keep the output byte for byte, and a change shows as the lines it changes: a fixture
//! site that uses every kind of output (`tests/fixtures/identical/`) is built (from a copy whose
//! files carry one fixed time, so that last-updated dates do not depend on the clone) and compared
//! with its snapshot in `tests/expected/fixture-site/`: every generated text file (pages, feeds,
//! calendars, search indexes, sitemaps) as it is, sorted by path in the folder, and the files
//! copied or encoded (theme scripts and styles, pictures, icons) as a hash in `_copies.txt`. A
//! failing test prints the changed lines of the first files that differ. A change that is meant
//! records the new snapshot, `IMRF_BLESS=1 cargo test --test integration identical::`, and
//! `git diff tests/expected` shows it line by line.
//!
//! The shipped knowledge base is checked by its properties (`shipped_site.rs`), not its bytes:
//! every content edit would change them.

use crate::common::{imrf, pinned_copy};
use std::collections::BTreeMap;
use std::path::Path;

/// Files whose text the snapshot keeps; anything else is kept as a hash.
const TEXT: &[&str] = &["html", "xml", "json", "ics", "txt", "svg", "webmanifest"];

/// The list of copied files in the snapshot folder.
const COPIES: &str = "_copies.txt";

/// FNV-1a, 64 bits: stable across Rust versions and machines.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// The snapshot of a build of `root`: relative path → text (generated text files) and the
/// `_copies.txt` list (`hash path` of every other file).
fn snapshot(root: &Path) -> BTreeMap<String, String> {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    pinned_copy(root, &site);
    let out = dir.path().join("public");
    let run = imrf(&["build", "--root", site.to_str().unwrap(), "--output", out.to_str().unwrap()], &site);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut files = BTreeMap::new();
    let mut copies = Vec::new();
    for e in walkdir::WalkDir::new(&out).sort_by_file_name().into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
        let bytes = std::fs::read(e.path()).unwrap();
        let ext = rel.rsplit_once('.').map_or("", |(_, x)| x);
        match String::from_utf8(bytes) {
            Ok(text) if TEXT.contains(&ext) => {
                files.insert(rel, text);
            }
            Ok(text) => copies.push(format!("{:016x} {rel}", fnv(text.as_bytes()))),
            Err(e) => copies.push(format!("{:016x} {rel}", fnv(e.as_bytes()))),
        }
    }
    copies.sort_by(|a, b| a[17..].cmp(&b[17..]));
    files.insert(COPIES.to_string(), copies.join("\n") + "\n");
    files
}

/// The snapshot recorded in `folder`.
fn recorded(folder: &Path) -> BTreeMap<String, String> {
    walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(folder).unwrap().to_string_lossy().replace('\\', "/");
            (rel, std::fs::read_to_string(e.path()).unwrap())
        })
        .collect()
}

/// The changed lines of one file, as a unified diff with a little context.
fn diff(path: &str, want: &str, got: &str) -> String {
    let d = similar::TextDiff::from_lines(want, got);
    format!("{}", d.unified_diff().context_radius(2).header(&format!("recorded {path}"), &format!("built {path}")))
}

#[test]
fn the_fixture_site_builds_to_its_recorded_snapshot() {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    let folder = manifest.join("tests/expected/fixture-site");
    let got = snapshot(&manifest.join("tests/fixtures/identical"));
    if std::env::var_os("IMRF_BLESS").is_some() {
        let _ = std::fs::remove_dir_all(&folder);
        for (rel, text) in &got {
            let path = folder.join(rel);
            std::fs::create_dir_all(path.parent().unwrap()).unwrap();
            std::fs::write(path, text).unwrap();
        }
        return;
    }
    let want = recorded(&folder);
    let mut report = Vec::new();
    for path in want.keys().filter(|p| !got.contains_key(*p)) {
        report.push(format!("{path}: no longer built"));
    }
    for path in got.keys().filter(|p| !want.contains_key(*p)) {
        report.push(format!("{path}: new"));
    }
    let changed: Vec<&String> = got.keys().filter(|p| want.get(*p).is_some_and(|w| w != &got[*p])).collect();
    for path in changed.iter().take(3) {
        report.push(diff(path, &want[*path], &got[*path]));
    }
    assert!(
        report.is_empty(),
        "the fixture site's build differs from tests/expected/fixture-site/ ({} file(s) changed{}):\n{}\n\
         If the change is meant, record it: IMRF_BLESS=1 cargo test --test integration identical::",
        changed.len(),
        if changed.len() > 3 { ", the first 3 shown" } else { "" },
        report.join("\n")
    );
}
