//! Refactors keep the output byte for byte: the shipped knowledge base and a fixture site that
//! uses every kind of output (`tests/fixtures/identical/`) are built (from copies whose files
//! carry one fixed time, so that last-updated dates do not depend on the clone), and a hash of
//! every file is compared with the list in `tests/expected/`. A change that is meant to change the output
//! (content, templates, a new feature) records the new list:
//! `IMRF_BLESS=1 cargo test --test identical`, and the diff of the list shows which files moved.

mod common;
use common::imrf;
use std::path::Path;

/// FNV-1a, 64 bits: stable across Rust versions and machines.
fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

/// A copy of the site at `root` whose files all carry one fixed modification time, outside any
/// git repository: the pages' last-updated dates are then the same on every machine and clone.
fn pinned_copy(root: &Path, to: &Path) {
    let fixed = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_654_041_600); // 2022-06-01
    for top in ["site.toml", "content", "themes", "static"] {
        for entry in walkdir::WalkDir::new(root.join(top)).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let target = to.join(entry.path().strip_prefix(root).unwrap());
            std::fs::create_dir_all(target.parent().unwrap()).unwrap();
            std::fs::copy(entry.path(), &target).unwrap();
            std::fs::File::options().write(true).open(&target).unwrap().set_modified(fixed).unwrap();
        }
    }
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
            // The manifest holds the input fingerprint (file times), not output.
            let bytes = if rel == ".imrf-manifest" { Vec::new() } else { std::fs::read(e.path()).unwrap() };
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
             If the change is meant, record it: IMRF_BLESS=1 cargo test --test identical",
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
