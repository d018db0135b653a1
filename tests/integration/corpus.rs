//! The bad-input corpus (`tests/corpus/`): for each case, `imrf check` prints exactly the lines
//! of its `expected.txt`, and `imrf build` reports the same, exits 1 and writes nothing.

use crate::common::Fixture;
use std::path::Path;

fn copy_tree(from: &Path, to: &Path) {
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
            copy_tree(&entry.path(), &target);
        } else if entry.file_name() != "expected.txt" {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

#[test]
fn every_bad_input_gets_exactly_its_expected_messages() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let site_toml = std::fs::read_to_string(corpus.join("site.toml")).unwrap();
    let mut cases: Vec<_> =
        std::fs::read_dir(&corpus).unwrap().flatten().filter(|e| e.path().is_dir()).map(|e| e.path()).collect();
    cases.sort();
    assert!(cases.len() >= 15, "{}", cases.len());
    let mut failures = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().into_owned();
        let site = Fixture::new(&[("site.toml", &site_toml)]);
        copy_tree(case, site.root());
        let expected = std::fs::read_to_string(case.join("expected.txt")).unwrap();
        assert!(!expected.trim().is_empty(), "{name}: a case expects at least one message");
        let check = site.run(&["check", "--format", "short"]);
        // Notes (what was ignored on purpose) are not part of a case's expectations.
        let findings: String =
            check.stdout.lines().filter(|l| !l.contains(": note: ")).map(|l| format!("{l}\n")).collect();
        if check.code != 1 || findings != expected {
            failures
                .push(format!("{name}: check exited {}\n--- expected\n{expected}--- got\n{}", check.code, findings));
        }
        let build = site.run(&["build"]);
        let errors: String =
            build.stderr.lines().filter(|l| l.contains(": error: ")).map(|l| format!("{l}\n")).collect();
        if build.code != 1 || errors != expected || site.public().exists() {
            failures.push(format!(
                "{name}: build exited {} (public/ exists: {})\n{}",
                build.code,
                site.public().exists(),
                build.stderr
            ));
        }
        assert!(!check.stderr.contains("panicked") && !build.stderr.contains("panicked"), "{name} panicked");
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
