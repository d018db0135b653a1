//! Shared helpers of the integration tests: fixture sites in temporary folders, the real binary,
//! and parsed HTML.
#![allow(dead_code)]

pub mod checker;
pub mod edits;

use scraper::{Html, Selector};
use std::path::{Path, PathBuf};
use std::process::Command;

/// A site written into a temporary folder.
pub struct Fixture {
    pub dir: tempfile::TempDir,
}

pub const SITE_TOML: &str = r#"title = "Test site"
base_url = "https://test.example.org"
default_language = "en"

[languages.en]
name = "English"

[languages.fr]
name = "Français"

[languages.ar]
name = "العربية"
dir = "rtl"
"#;

impl Fixture {
    /// A site with `site.toml` and the given files (path relative to the root, text).
    pub fn new(files: &[(&str, &str)]) -> Fixture {
        let dir = tempfile::tempdir().expect("temp dir");
        let f = Fixture { dir };
        if !files.iter().any(|(p, _)| *p == "site.toml") {
            f.write("site.toml", SITE_TOML);
        }
        std::fs::create_dir_all(f.root().join("content")).unwrap();
        for (path, text) in files {
            f.write(path, text);
        }
        f
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn write(&self, path: &str, text: &str) {
        let p = self.root().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }

    pub fn public(&self) -> PathBuf {
        self.root().join("public")
    }

    /// Runs `imrf <args> --root <fixture>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let mut all: Vec<&str> = args.to_vec();
        let root = self.root().to_string_lossy().into_owned();
        all.push("--root");
        all.push(&root);
        imrf(&all, self.root())
    }

    /// Builds the site, panics with the output when it fails, and runs the output checker.
    pub fn build(&self) -> Run {
        let run = self.run(&["build"]);
        assert_eq!(run.code, 0, "build failed:\n{}{}", run.stdout, run.stderr);
        self.check_output(&self.public());
        run
    }

    /// The site's `base_url`, read from its site.toml.
    pub fn base_url(&self) -> String {
        let text = std::fs::read_to_string(self.root().join("site.toml")).unwrap();
        let table: toml::Table = toml::from_str(&text).unwrap();
        table["base_url"].as_str().unwrap().to_string()
    }

    /// Panics with every problem the output checker finds in a build of this site at `public`.
    pub fn check_output(&self, public: &Path) {
        let problems = checker::check_output(public, &self.base_url());
        assert!(
            problems.is_empty(),
            "the output checker found {} problem(s):\n{}",
            problems.len(),
            problems.join("\n")
        );
    }

    /// The parsed HTML of an output file.
    pub fn html(&self, path: &str) -> Html {
        let p = self.public().join(path);
        let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
        Html::parse_document(&text)
    }
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

/// Runs the real binary in `cwd`.
pub fn imrf(args: &[&str], cwd: &Path) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_imrf")).args(args).current_dir(cwd).output().expect("run imrf");
    Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

/// Text of every element matching `selector`, whitespace folded.
pub fn texts(html: &Html, selector: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap_or_else(|e| panic!("bad selector {selector}: {e:?}"));
    html.select(&sel)
        .map(|e| e.text().collect::<Vec<_>>().join(" ").split_whitespace().collect::<Vec<_>>().join(" "))
        .collect()
}

/// The `attr` of every element matching `selector`.
pub fn attrs(html: &Html, selector: &str, attr: &str) -> Vec<String> {
    let sel = Selector::parse(selector).unwrap();
    html.select(&sel).filter_map(|e| e.value().attr(attr).map(str::to_string)).collect()
}

/// Every file under `dir`, relative, with its bytes, sorted.
pub fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir(dir)
        .into_iter()
        .map(|p| (p.strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(&p).unwrap()))
        .collect();
    out.sort();
    out
}

fn walkdir(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = std::fs::read_dir(dir) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walkdir(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

/// A copy of the site at `root` whose files all carry one fixed modification time, outside any
/// git repository: the pages' last-updated dates are then the same on every machine and clone.
pub fn pinned_copy(root: &Path, to: &Path) {
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
