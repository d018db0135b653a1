//! The build cache: the rendered Markdown in `.imrf-cache/markdown/` and the pages the output
//! folder keeps from the last build. Whatever is edited, and whatever state the cache is in, a
//! build that uses it gives the bytes of a build from nothing (`--no-cache` into an empty folder).

use crate::common::{imrf, pinned_copy, snapshot, Run};
use std::path::{Path, PathBuf};

/// A copy of the shipped knowledge base, and a folder to build it into.
struct Site {
    _dir: tempfile::TempDir,
    root: PathBuf,
    out: PathBuf,
}

impl Site {
    fn new() -> Site {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("site");
        pinned_copy(Path::new(env!("CARGO_MANIFEST_DIR")), &root);
        let out = dir.path().join("public");
        Site { _dir: dir, root, out }
    }

    fn build(&self, out: &Path, extra: &[&str]) -> Run {
        let mut args = vec!["build", "--root", self.root.to_str().unwrap(), "--output", out.to_str().unwrap()];
        args.extend(extra);
        let run = imrf(&args, &self.root);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        run
    }

    /// Builds with the cache into the kept output folder, and from nothing into a new one; the
    /// two must hold the same files, byte for byte. Returns the cached build's report.
    fn build_both(&self, what: &str) -> Run {
        let run = self.build(&self.out, &[]);
        let cold = self.root.parent().unwrap().join("cold");
        let _ = std::fs::remove_dir_all(&cold);
        self.build(&cold, &["--no-cache"]);
        let (cached, fresh) = (snapshot(&self.out), snapshot(&cold));
        let differ: Vec<&String> = cached
            .iter()
            .zip(&fresh)
            .filter(|(a, b)| a != b)
            .map(|(a, _)| &a.0)
            .chain((cached.len() != fresh.len()).then_some(&cached[0].0))
            .collect();
        assert!(differ.is_empty(), "after {what}: the cached build differs from a cold one in {differ:?}");
        run
    }

    fn edit(&self, file: &str, change: impl FnOnce(String) -> String) {
        let path = self.root.join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, change(text)).unwrap();
    }
}

/// What an edit is, the file it changes, and how.
type Edit = (&'static str, &'static str, fn(String) -> String);

/// The number before `what` in a build's report ("12 written").
fn count(run: &Run, what: &str) -> usize {
    let at = run.stdout.find(what).unwrap_or_else(|| panic!("no `{what}` in {}", run.stdout));
    run.stdout[..at].split_whitespace().last().unwrap().trim_start_matches('(').parse().unwrap()
}

#[test]
fn a_cached_build_gives_the_bytes_of_a_cold_one_after_every_kind_of_edit() {
    let site = Site::new();
    let first = site.build_both("the first build");
    assert_eq!(count(&first, "pages kept"), 0);
    // One Markdown pack per language; per language, a file of search entries and the record of
    // its index files and their key.
    for (folder, files) in [("markdown", 6), ("search", 12)] {
        assert_eq!(site.root.join(".imrf-cache").join(folder).read_dir().unwrap().count(), files, "{folder}");
    }

    // A body: that page and what shows its text are made again, the other pages are kept.
    site.edit("content/notes/hearing-concept-note.md", |t| t + "\nA paragraph added for the test.\n");
    let body = site.build_both("a body edit");
    assert!(count(&body, "pages kept") > 500, "{}", body.stdout);
    assert!(count(&body, "written") < 60, "{}", body.stdout);
    // A file of the French search index changed by hand, then an English edit, which leaves the
    // French entries as they are: the French index is not kept, its file is made again.
    std::fs::write(site.out.join("fr/search/meta.json"), b"{}").unwrap();
    site.edit("content/notes/hearing-concept-note.md", |t| t + "\nOne more English line.\n");
    site.build_both("a French search file changed by hand");

    let edits: [Edit; 7] = [
        ("a translation", "content/notes/hearing-concept-note.fr.md", |t| t + "\nUn paragraphe de plus.\n"),
        ("a title", "content/notes/hearing-concept-note.md", |t| t.replacen("title:", "title: Renamed,", 1)),
        ("a data file", "content/resources.yaml", |t| t.replacen("en: Global Compact", "en: The Global Compact", 1)),
        ("a template", "themes/default/templates/page.html", |t| t + "\n{# a comment changes nothing #}<!-- x -->\n"),
        ("a UI string", "themes/default/i18n/fr.toml", |t| t.replacen(" = \"", " = \"« ", 1)),
        ("the configuration", "site.toml", |t| t.replacen("title = \"", "title = \"New ", 1)),
        ("a summary in front matter", "content/about/_index.md", |t| {
            t.replacen("summary: Background", "summary: Some background", 1)
        }),
    ];
    for (what, file, change) in edits {
        site.edit(file, change);
        site.build_both(what);
    }

    std::fs::remove_file(site.root.join("content/notes/hearing-concept-note.es.md")).unwrap();
    site.build_both("a deleted translation");
    std::fs::write(site.root.join("content/about/added.md"), "---\ntitle: Added\ndate: 2022-05-01\n---\nNew.\n")
        .unwrap();
    site.build_both("a new page");
}

#[test]
fn a_damaged_or_foreign_cache_is_never_trusted() {
    let site = Site::new();
    site.build_both("the first build");
    let mut entries: Vec<PathBuf> = ["markdown", "search"]
        .iter()
        .flat_map(|f| site.root.join(".imrf-cache").join(f).read_dir().unwrap().flatten().map(|e| e.path()))
        .collect();
    entries.sort();
    // Damage: cache files (Markdown packs, search entries) cut short or copied under each
    // other's names, a rewritten manifest that records every file with a wrong key, and a page
    // changed by hand in the output.
    for (i, entry) in entries.iter().enumerate() {
        match i % 3 {
            0 => {
                let bytes = std::fs::read(entry).unwrap();
                std::fs::write(entry, &bytes[..bytes.len() / 2]).unwrap();
            }
            1 => {
                std::fs::copy(&entries[(i + 1) % entries.len()], entry).unwrap();
            }
            _ => {}
        }
    }
    // The manifest: each file's key moved to the next file.
    // (It lives in the cache, named after the output folder, never in the output folder.)
    assert!(!site.out.join(".imrf-manifest").exists());
    let manifest = std::fs::read_dir(site.root.join(".imrf-cache/output"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "manifest"))
        .unwrap();
    let text = std::fs::read_to_string(&manifest).unwrap();
    let lines: Vec<Vec<&str>> = text.lines().skip(1).map(|l| l.split('\t').collect()).collect();
    let mut forged = text.lines().next().unwrap().to_string() + "\n";
    for (i, fields) in lines.iter().enumerate() {
        let next = &lines[(i + 1) % lines.len()];
        forged += &format!("{}\t{}\t{}\t{}\n", fields[0], fields[1], fields[2], next[3]);
    }
    std::fs::write(&manifest, forged + "garbage\twithout\tnumbers\n").unwrap();
    let page = site.out.join("en/index.html");
    let html = std::fs::read_to_string(&page).unwrap();
    std::fs::write(&page, html.replacen("<main", "<main data-changed-by-hand", 1)).unwrap();
    // The edit that makes the cache matter.
    site.edit("content/notes/hearing-concept-note.md", |t| t + "\nOne more line.\n");
    site.build_both("a damaged cache");
    // A cache from another site: the shipped site's entries under this one's names.
    let other = Site::new();
    other.edit("content/notes/hearing-concept-note.md", |t| t.replace("the", "THE"));
    other.build(&other.out, &[]);
    let _ = std::fs::remove_dir_all(site.root.join(".imrf-cache"));
    copy_dir(&other.root.join(".imrf-cache"), &site.root.join(".imrf-cache"));
    std::fs::remove_dir_all(&site.out).unwrap();
    copy_dir(&other.out, &site.out);
    site.build_both("a cache and an output folder from another site");
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        std::fs::copy(entry.path(), &target).unwrap();
    }
}

#[test]
fn no_cache_renders_everything() {
    let site = Site::new();
    site.build(&site.out, &[]);
    let again = site.build(&site.out, &["--no-cache"]);
    assert_eq!(count(&again, "pages kept"), 0);
    assert_eq!(count(&again, "written"), 0, "the same bytes: nothing to write");
}
