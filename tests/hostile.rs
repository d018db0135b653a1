//! Hostile input and odd environments (issue #23): one test per defect found, named after what
//! broke, each trying the defect's class with several variants. The generated (proptest) side of
//! the same rules is in `tests/hostile_generated.rs`.

mod common;
use common::Fixture;
use std::path::Path;

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

#[test]
fn imrf_new_never_writes_outside_content() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("a/b/site");
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::write(root.join("site.toml"), common::SITE_TOML).unwrap();
    std::fs::write(root.join("content/notes/_index.md"), "---\ntitle: Notes\ntype: notes\n---\n").unwrap();
    let before = files_below(outer.path());
    let root_arg = root.to_string_lossy().into_owned();
    for bad in [
        "../../x",
        "notes/../../../../elsewhere/p",
        "/tmp/imrf-new-absolute",
        "notes/",
        "notes",
        "notes//x",
        "./notes/x",
        "notes/./x",
        "notes\\..\\..\\x",
        "..",
        "",
        "notes/x\u{1}y",
        "Notes/x",
    ] {
        let run = common::imrf(&["new", bad, "--root", &root_arg], outer.path());
        assert_eq!(run.code, 1, "{bad:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.starts_with("error: "), "{bad:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(files_below(outer.path()), before, "nothing was written anywhere");
    assert!(!Path::new("/tmp/imrf-new-absolute.md").exists());
    // A link out of the site on the way is not followed.
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("content/linked")).unwrap();
    let run = common::imrf(&["new", "linked/p", "--root", &root_arg], outer.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(files_below(elsewhere.path()).is_empty());
    // What is inside works.
    let run = common::imrf(&["new", "notes/my-note", "--root", &root_arg], outer.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("content/notes/my-note.md").is_file());
}

#[test]
fn a_theme_is_a_name_of_a_folder_of_themes_never_a_path() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("x/static")).unwrap();
    std::fs::write(outside.path().join("x/static/leak.txt"), "outside").unwrap();
    let site = Fixture::new(&[("content/_index.md", &page("Home", "Hi."))]);
    let escaped = outside.path().join("x").to_string_lossy().into_owned();
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x"), site.root().join("themes/linked")).unwrap();
    for theme in [escaped.as_str(), "../../outside/x", "/usr/share", "linked", "a\\b", ".", ".."] {
        let toml = common::SITE_TOML.replace("[languages.en]", &format!("theme = {theme:?}\n\n[languages.en]"));
        site.write("site.toml", &toml);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{theme}: {}", run.stderr);
        assert!(run.stderr.contains("site.toml:"), "{theme}: the error is at site.toml's line: {}", run.stderr);
        assert!(run.stderr.contains("must name a folder of themes/"), "{theme}: {}", run.stderr);
        assert!(!site.public().join("leak.txt").exists());
    }
}

#[test]
fn output_paths_that_climb_back_into_the_site_are_refused_before_anything_is_made() {
    let site = Fixture::new(&[("content/_index.md", &page("Home", "Hi."))]);
    for out in ["nope/../content", "nope/../nope2/../themes/..", "nope/.."] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 1, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to build into"), "{out}: {}", run.stderr);
        assert!(!site.root().join("nope").exists(), "{out}: nope/ was left behind");
    }
}

#[test]
fn file_names_with_backslashes_are_refused_at_the_file() {
    let site = Fixture::new(&[
        ("content/about/_index.md", &page("About", "A.")),
        ("content/about/a\\b.md", &page("AB", "x")),
        ("content/about/x\\..\\..\\PWNED.md", &page("P", "x")),
        ("static/s\\t.txt", "x"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(run.stdout.contains("content/about/a\\b.md: error: the file is not read: it holds a backslash"), "{}", run.stdout);
    assert!(run.stdout.contains("content/about/x\\..\\..\\PWNED.md: error:"), "{}", run.stdout);
    assert!(run.stdout.contains("static/s\\t.txt: error:"), "{}", run.stdout);
    assert!(!run.stdout.contains("PWNED.md does not exist"), "{}", run.stdout);
}

#[test]
fn names_are_read_in_nfc_so_decomposed_file_names_and_composed_links_meet() {
    let site = Fixture::new(&[
        ("content/briefs/_index.md", &page("Briefs", "[the meeting](@/briefs/r\u{e9}union.md)")),
        ("content/briefs/re\u{301}union.md", &page("Réunion", "Text.")),
    ]);
    site.build();
    assert!(site.public().join("en/briefs/r\u{e9}union/index.html").is_file());
    assert!(!site.public().join("en/briefs/re-union/index.html").exists());
}

#[test]
fn pictures_behind_links_out_of_the_site_are_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"\x89PNG not really").unwrap();
    let site = Fixture::new(&[("content/a.md", &page("A", "![a secret](secret.png)\n\n![static](/s.png)"))]);
    std::os::unix::fs::symlink(outside.path().join("secret.png"), site.root().join("content/secret.png")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.png"), site.root().join("static/s.png")).unwrap();
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("content/a.md:4: error: picture `secret.png`"), "{}", run.stdout);
    assert!(run.stdout.contains("symbolic link that leads outside"), "{}", run.stdout);
    assert!(run.stdout.contains("content/a.md:6: error: picture `/s.png`"), "{}", run.stdout);
    assert!(run.stdout.contains("static/s.png: error: the file is not published"), "{}", run.stdout);
}
