//! `imrf init-ci github|gitlab`: writes ready CI files into the site's repository: a check of
//! every pull request (findings as annotations, the translation status as a summary, the built
//! site as a preview), a weekly link check, and publishing on main (GitHub Pages or GitLab
//! Pages). They fetch the whole history (dates come from git), keep `.imrf-cache/` between runs,
//! and install imrf from a release binary where one can be had. Nothing is overwritten.
//!
//! The files are in `src/cmd/ci/`; the install script is written once (`install.sh`) and placed
//! into both platforms' files here.

use super::EXIT_SITE_ERRORS;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Platform {
    /// GitHub Actions: `.github/workflows/` and `.github/actions/install-imrf/`.
    Github,
    /// GitLab CI: `.gitlab-ci.yml`.
    Gitlab,
}

#[derive(Debug, Clone, clap::Args)]
pub struct InitCiOptions {
    pub platform: Platform,
    /// The site's repository (the folder holding site.toml).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// The GitHub repository whose releases hold imrf's binaries (`OWNER/NAME`); for GitHub,
    /// the site's own repository by default (which is right when it holds imrf's source too).
    #[arg(long, value_name = "OWNER/NAME")]
    pub imrf_repo: Option<String>,
}

const INSTALL: &str = include_str!("ci/install.sh");
const GITHUB: &[(&str, &str)] = &[
    (".github/actions/install-imrf/action.yml", include_str!("ci/github/install-imrf.yml")),
    (".github/workflows/imrf-check.yml", include_str!("ci/github/imrf-check.yml")),
    (".github/workflows/imrf-links.yml", include_str!("ci/github/imrf-links.yml")),
    (".github/workflows/imrf-publish.yml", include_str!("ci/github/imrf-publish.yml")),
];
const GITLAB: &[(&str, &str)] = &[(".gitlab-ci.yml", include_str!("ci/gitlab-ci.yml"))];

/// The files of a platform, as written: (path in the repository, text).
pub fn files(platform: Platform, imrf_repo: Option<&str>) -> Vec<(&'static str, String)> {
    let (templates, install_indent, default_repo) = match platform {
        Platform::Github => (GITHUB, 8, "${{ github.repository }}"),
        // GitLab has no repository of its own on GitHub: `run` asks for `--imrf-repo` unless the
        // site's repository builds imrf from its own source.
        Platform::Gitlab => (GITLAB, 8, ""),
    };
    let indent = " ".repeat(install_indent);
    let install: String =
        INSTALL.lines().map(|l| if l.is_empty() { "\n".to_string() } else { format!("{indent}{l}\n") }).collect();
    templates
        .iter()
        .map(|(path, text)| {
            let text = text
                .replace("@INSTALL@\n", &install)
                .replace("@IMRF_VERSION@", env!("CARGO_PKG_VERSION"))
                .replace("@IMRF_REPO@", imrf_repo.unwrap_or(default_repo));
            (*path, text)
        })
        .collect()
}

pub fn run(opts: &InitCiOptions) -> i32 {
    if let Some(repo) = &opts.imrf_repo {
        let ok = repo.split('/').count() == 2
            && repo
                .split('/')
                .all(|p| !p.is_empty() && p.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)));
        if !ok {
            eprintln!("error: --imrf-repo `{repo}` is not a GitHub repository name like `OWNER/NAME`");
            return 2;
        }
    }
    let holds_imrf = std::fs::read_to_string(opts.root.join("Cargo.toml"))
        .is_ok_and(|t| t.lines().any(|l| l.trim() == "name = \"imrf\""));
    if opts.platform == Platform::Gitlab && opts.imrf_repo.is_none() && !holds_imrf {
        eprintln!("error: give --imrf-repo OWNER/NAME: the GitHub repository whose releases hold imrf's binaries");
        return 2;
    }
    let files = files(opts.platform, opts.imrf_repo.as_deref());
    // Refuse before writing anything: one file there already keeps them all unwritten.
    let existing: Vec<&str> = files.iter().map(|(p, _)| *p).filter(|p| opts.root.join(p).exists()).collect();
    if !existing.is_empty() {
        for p in &existing {
            eprintln!("error: {p} exists already: it was left as it is (remove it to write imrf's)");
        }
        return EXIT_SITE_ERRORS;
    }
    for (path, text) in &files {
        if let Err(e) = write_new(&opts.root, path, text) {
            eprintln!("error: cannot write {path}: {e}");
            return EXIT_SITE_ERRORS;
        }
        println!("wrote {path}");
    }
    if opts.platform == Platform::Github {
        println!("then: Settings → Pages → Source: GitHub Actions, and commit these files");
    }
    0
}

/// Writes a new file (never over an existing one) inside the repository.
fn write_new(root: &Path, rel: &str, text: &str) -> std::io::Result<()> {
    let path = crate::paths::inside(root, rel, rel).map_err(std::io::Error::other)?;
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut file = std::fs::OpenOptions::new().write(true).create_new(true).open(&path)?;
    std::io::Write::write_all(&mut file, text.as_bytes())
}
