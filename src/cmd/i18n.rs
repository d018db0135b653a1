//! `imrf i18n status`, `new` and `mark`: the translators' tools.

use super::{emit, print_diagnostics, EXIT_SITE_ERRORS};
use crate::cmd::check::Format;
use crate::content::{self, content_hash, frontmatter, LoadOptions};
use crate::diagnostics::Diagnostics;
use crate::i18n::{self, PageState};
use std::fmt::Write;
use std::path::{Path, PathBuf};

#[derive(Debug, Clone, clap::Args)]
pub struct StatusOptions {
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Only this language.
    #[arg(long)]
    pub lang: Option<String>,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
}

pub fn status(opts: &StatusOptions) -> i32 {
    let mut diags = Diagnostics::default();
    let site = content::load(&opts.root, &LoadOptions { drafts: true, base_url: None }, &mut diags);
    let Some(site) = site else {
        print_diagnostics(&opts.root, &diags.into_sorted());
        return EXIT_SITE_ERRORS;
    };
    if let Some(code) = &opts.lang {
        if !site.config.has_language(code) || *code == site.config.default_language {
            eprintln!("error: `{code}` is not a translated language of this site");
            return EXIT_SITE_ERRORS;
        }
    }
    let report = i18n::status(&site, opts.lang.as_deref());
    let mut out = String::new();
    match opts.format {
        Format::Json => out = serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Format::Text | Format::Short => {
            for l in &report {
                let _ = writeln!(
                    out,
                    "{} ({}): pages {} translated, {} stale, {} untracked, {} missing of {}; data texts {} translated, {} missing of {}",
                    l.code,
                    l.name,
                    l.pages_translated,
                    l.pages_stale,
                    l.pages_untracked,
                    l.pages_missing,
                    l.pages_total,
                    l.data_translated,
                    l.data_missing,
                    l.data_total
                );
                for p in l.pages.iter().filter(|p| p.state != PageState::Translated) {
                    let state = match p.state {
                        PageState::Stale => "stale",
                        PageState::Untracked => "untracked",
                        PageState::Missing => "missing",
                        PageState::Translated => "translated",
                    };
                    let _ = writeln!(out, "  {state:<9} {}", p.translation);
                }
                for d in &l.data_missing_entries {
                    let _ = writeln!(out, "  missing   {d}");
                }
            }
        }
    }
    emit(&out);
    0
}

#[derive(Debug, Clone, clap::Args)]
pub struct NewOptions {
    /// Language code, as declared in site.toml.
    pub lang: String,
    /// The default-language page, e.g. content/notes/imrf-roadmap.md.
    pub page: PathBuf,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Replace an existing translation.
    #[arg(long)]
    pub force: bool,
}

/// Creates `page.LANG.md` beside the source, prefilled with its front matter and text and with the
/// source's hash, so that `status` and `check` can tell when the source moves on.
pub fn new(opts: &NewOptions) -> i32 {
    match create_translation(opts) {
        Ok(path) => {
            println!("created {path}: translate its title, summary and text");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

fn create_translation(opts: &NewOptions) -> Result<String, String> {
    let mut diags = Diagnostics::default();
    let config = crate::config::Config::load(&opts.root, &mut diags)
        .ok_or_else(|| diags.into_sorted().iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))?;
    if !config.has_language(&opts.lang) {
        return Err(format!("`{}` is not declared in site.toml", opts.lang));
    }
    if opts.lang == config.default_language {
        return Err(format!("`{}` is the default language: its pages are the sources", opts.lang));
    }
    let rel = relative_to_root(&opts.root, &opts.page);
    let is_source = rel.starts_with("content/")
        && rel.ends_with(".md")
        && !config.languages.iter().any(|l| rel.ends_with(&format!(".{}.md", l.code)));
    if !is_source {
        return Err(format!("{rel} is not a default-language page under content/"));
    }
    let source_path = opts.root.join(&rel);
    let bytes = std::fs::read(&source_path).map_err(|e| format!("cannot read {rel}: {e}"))?;
    let text = String::from_utf8(bytes.clone()).map_err(|_| format!("{rel} is not valid UTF-8"))?;
    let split = frontmatter::split(&text).map_err(|(line, msg)| format!("{rel}:{line}: {msg}"))?;
    let target = i18n::translation_path(&rel, &opts.lang);
    let target_path = opts.root.join(&target);
    if target_path.exists() && !opts.force {
        return Err(format!("{target} already exists (use --force to replace it)"));
    }
    let yaml: String =
        split.yaml.lines().filter(|l| !l.starts_with("source_hash:")).map(|l| format!("{l}\n")).collect();
    let out = format!("---\nsource_hash: {}\n{yaml}---\n{}", content_hash(&bytes), split.body);
    std::fs::write(&target_path, out).map_err(|e| format!("cannot write {target}: {e}"))?;
    Ok(target)
}

/// `page` as given on the command line, relative to the site root.
fn relative_to_root(root: &Path, page: &Path) -> String {
    let candidates = [page.to_path_buf(), std::env::current_dir().unwrap_or_default().join(page)];
    for c in candidates {
        if let (Ok(abs), Ok(root_abs)) = (std::fs::canonicalize(&c), std::fs::canonicalize(root)) {
            if let Ok(rel) = abs.strip_prefix(&root_abs) {
                return rel.to_string_lossy().replace('\\', "/");
            }
        }
    }
    page.to_string_lossy().replace('\\', "/")
}

#[derive(Debug, Clone, clap::Args)]
pub struct MarkOptions {
    /// Language code of the translation.
    pub lang: String,
    /// The default-language page whose translation is up to date again.
    pub page: PathBuf,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Records the source's current hash in an existing translation: the translator has brought it
/// up to date with the source.
pub fn mark(opts: &MarkOptions) -> i32 {
    let result = (|| -> Result<String, String> {
        let rel = relative_to_root(&opts.root, &opts.page);
        let bytes = std::fs::read(opts.root.join(&rel)).map_err(|e| format!("cannot read {rel}: {e}"))?;
        let target = i18n::translation_path(&rel, &opts.lang);
        let text =
            std::fs::read_to_string(opts.root.join(&target)).map_err(|e| format!("cannot read {target}: {e}"))?;
        let split = frontmatter::split(&text).map_err(|(line, msg)| format!("{target}:{line}: {msg}"))?;
        let yaml: String =
            split.yaml.lines().filter(|l| !l.starts_with("source_hash:")).map(|l| format!("{l}\n")).collect();
        let out = format!("---\nsource_hash: {}\n{yaml}---\n{}", content_hash(&bytes), split.body);
        std::fs::write(opts.root.join(&target), out).map_err(|e| format!("cannot write {target}: {e}"))?;
        Ok(target)
    })();
    match result {
        Ok(target) => {
            println!("{target} is marked up to date with its source");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}
