//! Refactors keep the output byte for byte: the shipped knowledge base and a fixture site that
//! uses every kind of output (`tests/fixtures/identical/`) are built (from copies whose files
//! carry one fixed time, so that last-updated dates do not depend on the clone), and a hash of
//! every file is compared with the list in `tests/expected/`. A change that is meant to change the output
//! (content, templates, a new feature) records the new list:
//! `IMRF_BLESS=1 cargo test --test integration identical::`, and the diff of the list shows which files moved.

use crate::common::{imrf, pinned_copy};
use std::path::Path;

/// FNV-1a, 64 bits: stable across Rust versions and machines.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// `hash path` lines of every file of a build of `root`, sorted.
fn hashes(root: &Path) -> String {
    let dir = tempfile::tempdir().unwrap();
    let site = dir.path().join("site");
    pinned_copy(root, &site);
    let out = dir.path().join("public");
    let run = imrf(&["build", "--root", site.to_str().unwrap(), "--output", out.to_str().unwrap()], &site);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    let mut lines: Vec<String> = walkdir::WalkDir::new(&out)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(&out).unwrap().to_string_lossy().replace('\\', "/");
            let bytes = std::fs::read(e.path()).unwrap();
            format!("{:016x} {rel}", fnv(&bytes))
        })
        .collect();
    lines.sort();
    lines.join("\n") + "\n"
}

fn compare(root: &Path, expected: &str) {
    let expected_path = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/expected").join(expected);
    let got = hashes(root);
    if std::env::var_os("IMRF_BLESS").is_some() {
        std::fs::write(&expected_path, &got).unwrap();
        return;
    }
    let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
    if got != want {
        let want_lines: std::collections::BTreeSet<&str> = want.lines().collect();
        let changed: Vec<&str> = got.lines().filter(|l| !want_lines.contains(l)).take(20).collect();
        panic!(
            "the build of {} differs from tests/expected/{expected} ({} vs {} files); first changed:\n{}\n\
             If the change is meant, record it: IMRF_BLESS=1 cargo test --test integration identical::",
            root.display(),
            got.lines().count(),
            want.lines().count(),
            changed.join("\n")
        );
    }
}

#[test]
fn the_shipped_site_builds_to_the_recorded_bytes() {
    compare(Path::new(env!("CARGO_MANIFEST_DIR")), "shipped-site.hashes");
}

#[test]
fn the_fixture_site_builds_to_the_recorded_bytes() {
    compare(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/identical"), "fixture-site.hashes");
}
