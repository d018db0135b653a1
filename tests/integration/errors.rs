//! Bad input: every problem reported in one run as `path:line: error: message`, exit 1, and
//! nothing written.

use crate::common::{snapshot, Fixture};

fn error_lines(stderr: &str) -> Vec<&str> {
    stderr.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn all_errors_are_reported_in_one_run_with_file_and_line() {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\nSee [missing](@/nowhere.md).\n"),
        ("content/a.md", "---\ntitle: A\nobjectives: [3, 24]\n---\n"),
        ("content/b.de.md", "---\ntitle: B\n---\n"),
        ("content/c.md", "---\nsummary: no title\n---\n"),
        ("content/d.md", "---\ntitle: D\nbody text without a closing fence\n"),
        ("content/e.md", "---\ntitle: [unclosed\n---\n"),
        ("content/f.md", "---\ntitle: F\ndate: 2022-02-30\ntitel: typo\n---\n"),
        ("content/g.md", "---\ntitle: G\n---\n\n\nLink to [a](@/a.md#nope).\n"),
        ("content/h.fr.md", "---\ntitle: H\n---\n"),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let lines = error_lines(&run.stderr);
    let expected = [
        "content/_index.md:4:5: error: link to `@/nowhere.md`: there is no content/nowhere.md",
        "content/a.md:3: error: `24` is not a GCM objective number (1-23)",
        "content/c.md:2: error: missing required field `title` (text)",
        "content/d.md:1: error: the front matter opened here has no closing `---` line",
        "content/f.md:3: error: `date`: `2022-02-30` is not a date that exists",
        "content/f.md:4: error: unknown field `titel` (free-form fields go under `extra:`)",
        "content/g.md:6:9: error: link to `@/a.md#nope`: the page has no heading with the anchor `nope`",
        "content/h.fr.md: error: translation without a source page: `content/h.md` does not exist",
    ];
    for e in expected {
        assert!(lines.contains(&e), "missing `{e}` in:\n{}", run.stderr);
    }
    // Where the list opens, not where the parser gave up.
    assert!(lines.iter().any(|l| l.starts_with("content/e.md:2:8:")), "YAML error located: {}", run.stderr);
    assert_eq!(lines.len(), expected.len() + 1, "{}", run.stderr);
    assert!(run.stderr.contains("nothing was written"));
    assert!(!site.public().exists());
}

#[test]
fn typed_sections_validate_their_fields() {
    let site = Fixture::new(&[
        ("content/programme/_index.md", "---\ntitle: P\ntype: programme\n---\n"),
        (
            "content/programme/x.md",
            "---\ntitle: X\ndate: 2022-05-16\nstart: \"11:00\"\nend: \"10:00\"\nkind: party\n---\n",
        ),
        ("content/programme/y.md", "---\ntitle: Y\ndate: 2022-05-16\nstart: \"25:00\"\nend: \"10:00\"\nroom: R\nkind: plenary\npart_of: nothing\n---\n"),
        ("content/notes/_index.md", "---\ntitle: N\ntype: notes\n---\n"),
        ("content/notes/n.md", "---\ntitle: N\ndate: 2022-01-01\nissued_by: IOM\nkind: memo\nsource: javascript:alert(1)\n---\n"),
        ("content/dialogues/_index.md", "---\ntitle: D\ntype: dialogues\n---\n"),
        ("content/dialogues/w.md", "---\ntitle: W\ndate: 2022-01-19\ntheme: T\nformat: Online\nroom: no rooms here\n---\n"),
        ("content/plain.md", "---\ntitle: P\nroom: typed field in a generic page\nprinciples: [kindness]\nround_table: 9\n---\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    let out = run.stdout;
    for e in [
        "content/programme/x.md:2: error: missing required field `room` (text)",
        "content/programme/x.md:6: error: unknown event kind `party` (one of: hearing, hearing-segment, round-table, policy-debate, plenary)",
        "content/programme/x.md:5: error: the event ends (10:00) before it starts (11:00)",
        "content/programme/y.md:4: error: `start`: `25:00` is not a time that exists",
        "content/programme/y.md:8: error: `part_of: nothing` names no event of this section",
        "content/notes/n.md:5: error: unknown note kind `memo` (one of: background-note, concept-note, roadmap, network-note, presentation)",
        "content/notes/n.md:6: error: link `javascript:alert(1)` uses the `javascript:` scheme, which is not allowed (only http, https, mailto and tel)",
        "content/dialogues/w.md:2: error: a dialogue needs a `round_table` (1-4) or a `cluster`",
        "content/dialogues/w.md:6: error: unknown field `room` (free-form fields go under `extra:`)",
        "content/plain.md:3: error: unknown field `room` (free-form fields go under `extra:`)",
        "content/plain.md:4: error: unknown guiding principle `kindness` (one of: people-centred, international-cooperation, national-sovereignty, rule-of-law-and-due-process, sustainable-development, human-rights, gender-responsive, child-sensitive, whole-of-government-approach, whole-of-society-approach)",
        "content/plain.md:5: error: unknown round table 9",
    ] {
        assert!(out.lines().any(|l| l == e), "missing `{e}` in:\n{out}");
    }
}

#[test]
fn data_files_report_the_line_of_the_bad_entry() {
    let site = Fixture::new(&[
        ("content/x.md", "---\ntitle: X\n---\n"),
        (
            "content/resources.yaml",
            "- title: Good\n  url: https://example.org\n  kind: report\n- title: {en: Bad, DE: Schlecht}\n  url: javascript:alert(1)\n  kind: rumour\n  objectives: [30]\n",
        ),
        ("content/champions.yaml", "- name: Atlantis\n  iso: ATL\n  region: ocean\n"),
        ("content/objectives.yaml", "- number: 1\n  title: [not, text]\n"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    for e in [
        "content/resources.yaml:4: error: `DE` is not a language code (two or three lowercase letters, like `fr`)",
        "content/resources.yaml:5: error: link `javascript:alert(1)` uses the `javascript:` scheme, which is not allowed (only http, https, mailto and tel)",
        "content/resources.yaml:6: error: unknown resource kind `rumour` (one of: resolution, report, faq, fund, regional-review, template, website, guidance, contact)",
        "content/resources.yaml:7: error: `30` is not a GCM objective number (1-23)",
        "content/champions.yaml:2: error: `ATL` is not an ISO 3166-1 alpha-2 code (two capital letters)",
    ] {
        assert!(run.stdout.lines().any(|l| l == e), "missing `{e}` in:\n{}", run.stdout);
    }
    assert!(
        run.stdout.lines().any(|l| l.starts_with("content/objectives.yaml:2:") && l.contains("invalid type")),
        "{}",
        run.stdout
    );
}

#[test]
fn a_template_error_names_the_template_and_line() {
    let site = Fixture::new(&[
        ("content/x.md", "---\ntitle: X\n---\n"),
        (
            "themes/default/templates/page.html",
            "{% extends \"base.html\" %}\n{% block main %}\n{{ page.title | no_such_filter }}\n{% endblock main %}\n",
        ),
    ]);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.lines().any(|l| l.starts_with("themes/default/templates/page.html") && l.contains("no_such_filter")),
        "{}",
        run.stderr
    );
    let broken = Fixture::new(&[
        ("content/x.md", "---\ntitle: X\n---\n"),
        ("themes/default/templates/page.html", "ok\n{% if %}\n"),
    ]);
    let run = broken.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.lines().any(|l| l.starts_with("themes/default/templates/page.html:2:")), "{}", run.stderr);
}

#[test]
fn a_failed_build_leaves_the_previous_output_untouched() {
    let site = Fixture::new(&[("content/x.md", "---\ntitle: X\n---\nFirst.\n")]);
    site.build();
    let before = snapshot(&site.public());
    site.write("content/x.md", "---\ntitle: X\n---\nSecond, with [a broken link](@/gone.md).\n");
    site.write("content/y.md", "---\ntitle: Y\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert_eq!(before, snapshot(&site.public()));
}

#[test]
fn a_rebuild_rewrites_only_changed_files_and_removes_stale_ones() {
    let site = Fixture::new(&[("content/x.md", "---\ntitle: X\n---\n"), ("content/y.md", "---\ntitle: Y\n---\n")]);
    site.build();
    // Nothing changed: nothing is rendered or written.
    let run = site.build();
    assert!(run.stdout.starts_with("nothing changed since the last build"), "{}", run.stdout);
    // A page changes: only the files whose bytes differ are written.
    site.write("content/x.md", "---\ntitle: X\n---\nNew text.\n");
    let run = site.build();
    assert!(run.stdout.contains(" unchanged ("), "{}", run.stdout);
    let written: usize = run.stdout.split(" written").next().unwrap().rsplit(' ').next().unwrap().parse().unwrap();
    assert!(written > 0 && written < 20, "{}", run.stdout);
    // An output file removed by hand is noticed and written again.
    std::fs::remove_file(site.public().join("en/y/index.html")).unwrap();
    let run = site.build();
    assert!(run.stdout.starts_with("built"), "{}", run.stdout);
    assert!(site.public().join("en/y/index.html").exists());
    std::fs::remove_file(site.root().join("content/y.md")).unwrap();
    let run = site.build();
    assert!(run.stdout.contains("removed"), "{}", run.stdout);
    assert!(!site.public().join("en/y").exists());
    assert!(site.public().join("en/x/index.html").exists());
}

#[test]
fn the_output_folder_must_be_one_imrf_owns() {
    let site = Fixture::new(&[("content/x.md", "---\ntitle: X\n---\n")]);
    site.write("docs/keep.txt", "not ours");
    let docs = site.root().join("docs");
    let docs = docs.to_str().unwrap();
    let run = site.run(&["build", "--output", docs]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("--force"), "{}", run.stderr);
    assert!(!site.root().join("docs/en").exists());
    let run = site.run(&["build", "--output", docs, "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join("docs/keep.txt")).unwrap(), "not ours");
    let content = site.root().join("content");
    let run = site.run(&["build", "--output", content.to_str().unwrap(), "--force"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("refusing"), "{}", run.stderr);
}

#[test]
fn usage_errors_exit_2_and_a_missing_site_exits_1() {
    let site = Fixture::new(&[]);
    assert_eq!(site.run(&["build", "--no-such-flag"]).code, 2);
    let empty = tempfile::tempdir().unwrap();
    let run = crate::common::imrf(&["build", "--root", empty.path().to_str().unwrap()], empty.path());
    assert_eq!(run.code, 1);
    assert!(run.stderr.starts_with("site.toml: error: cannot read"), "{}", run.stderr);
}

#[test]
fn check_reports_json_for_ci() {
    let site = Fixture::new(&[("content/a.md", "---\ntitle: A\nobjectives: [0]\n---\n")]);
    let run = site.run(&["check", "--format", "json"]);
    assert_eq!(run.code, 1);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    assert_eq!(v[0]["path"], "content/a.md");
    assert_eq!(v[0]["line"], 3);
    assert_eq!(v[0]["severity"], "error");
    assert!(!site.public().exists(), "check writes nothing");
    let ok = Fixture::new(&[("content/a.md", "---\ntitle: A\n---\n")]);
    let run = ok.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stdout);
}
