//! `imrf i18n status`, `new` and `mark`: the translators' tools; `export` and `import`, the round
//! trip through a CAT tool, are in [`transfer`].

pub mod transfer;

use super::{emit, print_diagnostics, EXIT_SITE_ERRORS};
use crate::cmd::check::Format;
use crate::content::records;
use crate::content::{self, frontmatter, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity};
use crate::i18n::{self, write, LanguageStatus, PageState};
use std::collections::BTreeMap;
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
    /// Exit with 1 when a language has less than PERCENT of its words translated (for CI).
    #[arg(long, value_name = "PERCENT", value_parser = percent)]
    pub fail_under: Option<f64>,
}

/// A share of words from 0 to 100 (`NaN`, `inf` and anything outside are refused).
fn percent(s: &str) -> Result<f64, String> {
    match s.trim().parse::<f64>() {
        Ok(p) if p.is_finite() && (0.0..=100.0).contains(&p) => Ok(p),
        _ => Err(format!("`{s}` is not a percentage from 0 to 100")),
    }
}

/// Why a translators' command did nothing: a translation that could not be written back (with
/// its cause), or a refusal, which is a message to the translator and nothing more.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error(transparent)]
    Write(#[from] write::Error),
    #[error("{0}")]
    Refused(String),
}

impl From<String> for Error {
    fn from(message: String) -> Error {
        Error::Refused(message)
    }
}

/// Loads the whole site (drafts included: they are translated too); `None` after printing its
/// errors when `strict` and the site has any, or when it cannot be loaded at all.
fn load_site(root: &Path, strict: bool) -> Option<Site> {
    let mut diags = Diagnostics::default();
    let site = crate::site::load(root, &LoadOptions { drafts: true, base_url: None, cache: false }, &mut diags);
    if site.is_none() || strict && diags.has_errors() {
        let errors: Vec<_> = diags.into_sorted().into_iter().filter(|d| d.severity == Severity::Error).collect();
        print_diagnostics(root, &errors);
        if site.is_some() {
            eprintln!("error: fix the site's errors first (imrf check)");
        }
        return None;
    }
    site
}

/// Checks that `code` is a translated language of the site.
fn translated_language(site: &Site, code: &str) -> Result<(), String> {
    if !site.config.has_language(code) {
        return Err(format!("`{code}` is not declared in site.toml"));
    }
    if *code == site.config.default_language {
        return Err(format!("`{code}` is the default language: its pages are the sources"));
    }
    Ok(())
}

pub fn status(opts: &StatusOptions) -> i32 {
    let Some(site) = load_site(&opts.root, false) else {
        return EXIT_SITE_ERRORS;
    };
    if let Some(code) = &opts.lang {
        if translated_language(&site, code).is_err() {
            eprintln!("error: `{code}` is not a translated language of this site");
            return EXIT_SITE_ERRORS;
        }
    }
    let report = i18n::status(&site, opts.lang.as_deref());
    let under: Vec<&LanguageStatus> = match opts.fail_under {
        Some(threshold) => report.iter().filter(|l| l.counts.percent < threshold).collect(),
        None => Vec::new(),
    };
    let under_message = |l: &LanguageStatus| {
        format!("{} is {}% translated, under --fail-under {}", l.code, l.counts.percent, opts.fail_under.unwrap_or(0.0))
    };
    // As findings (for CI annotations): each stale segment at its source line, and each
    // language under `--fail-under`.
    let findings = || {
        let mut diags = status_findings(&report);
        for l in &under {
            diags.push(Diagnostic {
                path: crate::config::CONFIG_FILE.to_string(),
                line: None,
                column: None,
                severity: Severity::Error,
                message: under_message(l),
            });
        }
        diags
    };
    let title = "imrf i18n status";
    let out = match opts.format {
        Format::Json => serde_json::to_string_pretty(&report).unwrap_or_default() + "\n",
        Format::Text | Format::Short => status_text(&report),
        Format::Github => crate::diagnostics::github_annotations(&findings(), title),
        Format::Gitlab => crate::diagnostics::gitlab_code_quality(&findings(), title),
        Format::Markdown => status_markdown(&report),
    };
    emit(&out);
    for l in &under {
        eprintln!("error: {}", under_message(l));
    }
    if under.is_empty() {
        0
    } else {
        EXIT_SITE_ERRORS
    }
}

/// Each stale segment of a report as a warning at its source line, naming the translation.
fn status_findings(report: &[LanguageStatus]) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    for l in report {
        for page in &l.pages {
            for s in page.segments.iter().filter(|s| s.state == "stale") {
                out.push(Diagnostic {
                    path: page.source.clone(),
                    line: Some(s.line),
                    column: None,
                    severity: Severity::Warning,
                    message: format!(
                        "{} ({}): the translation in {} is behind this {}: the source changed since it was translated",
                        l.name,
                        l.code,
                        page.translation,
                        s.kind.name()
                    ),
                });
            }
        }
    }
    out
}

/// The status as a Markdown table, one row per language, for a CI job's summary.
fn status_markdown(report: &[LanguageStatus]) -> String {
    let mut out = String::from("### Translations\n\n| language | words translated | segments translated | stale | missing |\n| --- | --- | --- | --- | --- |\n");
    for l in report {
        let c = &l.counts;
        let _ = writeln!(
            out,
            "| {} ({}) | {}% ({} of {}) | {} of {} | {} | {} |",
            l.name.replace('|', "\\|"),
            l.code,
            c.percent,
            c.words_translated,
            c.words_total,
            c.segments_translated,
            c.segments_total,
            c.segments_stale,
            c.segments_missing
        );
    }
    out
}

/// The status as text: per language its totals, then each page and data text that needs work,
/// a stale segment with its old source text and its new one.
fn status_text(report: &[LanguageStatus]) -> String {
    let mut out = String::new();
    for l in report {
        let c = &l.counts;
        let _ = writeln!(
            out,
            "{} ({}): {}% translated ({} of {} words); segments {} translated, {} stale, {} missing of {}",
            l.code,
            l.name,
            c.percent,
            c.words_translated,
            c.words_total,
            c.segments_translated,
            c.segments_stale,
            c.segments_missing,
            c.segments_total
        );
        let _ = writeln!(
            out,
            "  pages {} translated, {} stale, {} partial, {} untracked, {} missing of {}; data texts {} translated, {} stale, {} missing of {}",
            l.pages_translated,
            l.pages_stale,
            l.pages_partial,
            l.pages_untracked,
            l.pages_missing,
            l.pages_total,
            l.data_translated,
            l.data_stale,
            l.data_missing,
            l.data_total
        );
        for p in l.pages.iter().filter(|p| p.state != PageState::Translated) {
            let state = match p.state {
                PageState::Stale => "stale",
                PageState::Partial => "partial",
                PageState::Untracked => "untracked",
                PageState::Missing => "missing",
                PageState::Translated => "translated",
            };
            let pc = &p.counts;
            let _ = writeln!(
                out,
                "  {state:<9} {}: {} of {} segments translated ({}% of {} words)",
                p.translation, pc.segments_translated, pc.segments_total, pc.percent, pc.words_total
            );
            if p.state == PageState::Missing {
                continue;
            }
            for s in &p.segments {
                if s.state == "stale" {
                    let _ = writeln!(out, "    stale   {} (line {})", s.context, s.line);
                    let old = s.old_text.as_deref().unwrap_or("(old text unavailable)");
                    let _ = writeln!(out, "      was: {old}\n      now: {}", s.text);
                } else {
                    let _ = writeln!(out, "    missing {} (line {}): {}", s.context, s.line, s.text);
                }
            }
        }
        for d in &l.data_entries {
            if d.state == "stale" {
                let _ = writeln!(out, "  stale     {}", d.context);
                let old = d.old_text.as_deref().unwrap_or("(old text unavailable)");
                let _ = writeln!(out, "      was: {old}\n      now: {}", d.text);
            } else {
                let _ = writeln!(out, "  missing   {}: {}", d.context, d.text);
            }
        }
    }
    out
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

/// Creates `page.LANG.md` beside the source, prefilled with its front matter and text and with
/// records saying that nothing is translated yet, so that `status` and `check` can follow it.
pub fn new(opts: &NewOptions) -> i32 {
    let Some(site) = load_site(&opts.root, false) else {
        return EXIT_SITE_ERRORS;
    };
    match create_translation(&site, opts) {
        Ok(path) => {
            println!("created {path}: translate its title, summary and text, then run `imrf i18n mark`");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

fn create_translation(site: &Site, opts: &NewOptions) -> Result<String, Error> {
    translated_language(site, &opts.lang)?;
    let rel = relative_to_root(&opts.root, &opts.page);
    let source = source_page(site, &rel)?;
    let target = i18n::translation_path(&source.key, &opts.lang);
    if site.root.join(&target).exists() && !opts.force {
        return Err(Error::Refused(format!("{target} already exists (use --force to replace it)")));
    }
    // Made from the source's own file, as if there were no translation yet.
    let mut lined = i18n::line_up(site, source, &opts.lang);
    lined.translation = None;
    lined.alignment = None;
    let (file, _) = write::page(site, &lined, &BTreeMap::new())?;
    write::commit(&site.root, &[(file.file.clone(), Some(file.text))])?;
    Ok(file.file)
}

/// The default-language page at `rel` (`content/notes/x.md`).
fn source_page<'s>(site: &'s Site, rel: &str) -> Result<&'s content::Page, Error> {
    // By its file: the default language's page may be `x.md` or `x.en.md`.
    let default = &site.config.default_language;
    site.pages
        .iter()
        .find(|p| p.file == rel && p.lang == *default)
        .ok_or_else(|| Error::Refused(format!("{rel} is not a default-language page under content/")))
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
    /// The default-language pages whose translations are up to date again, or data files
    /// (`content/champions.yaml`) whose translations into the language are.
    #[arg(required = true)]
    pub pages: Vec<PathBuf>,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

/// Records in existing translations that each of their segments is up to date with the source
/// segment it lines up with: the translator has brought them up to date.
pub fn mark(opts: &MarkOptions) -> i32 {
    let Some(site) = load_site(&opts.root, false) else {
        return EXIT_SITE_ERRORS;
    };
    match mark_pages(&site, opts) {
        Ok(lines) => {
            emit(&lines);
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

fn mark_pages(site: &Site, opts: &MarkOptions) -> Result<String, Error> {
    translated_language(site, &opts.lang)?;
    let mut files = Vec::new();
    let mut out = String::new();
    let texts = i18n::data::texts(site);
    let mut marked = Vec::new();
    for page in &opts.pages {
        let rel = relative_to_root(&opts.root, page);
        if rel.ends_with(".yaml") || rel.ends_with(".yml") {
            let of_file: Vec<usize> = (0..texts.len()).filter(|&n| texts[n].file == rel).collect();
            if of_file.is_empty() {
                return Err(Error::Refused(format!("{rel} is no data file with texts to translate")));
            }
            let translated: Vec<usize> =
                of_file.into_iter().filter(|&n| texts[n].translation(&opts.lang).is_some()).collect();
            let _ = writeln!(
                out,
                "{rel}: {} text(s) in `{}` marked up to date with their source",
                translated.len(),
                opts.lang
            );
            marked.extend(translated.into_iter().map(|n| (n, opts.lang.clone())));
            continue;
        }
        let source = source_page(site, &rel)?;
        let key = source.key.as_str();
        if site.page(key, &opts.lang).is_some_and(|p| p.broken) {
            let file = i18n::translation_path(key, &opts.lang);
            return Err(Error::Refused(format!("{file} cannot be read: fix it first (imrf check)")));
        }
        let lined = i18n::line_up(site, source, &opts.lang);
        let translation = lined.translation.ok_or_else(|| {
            format!("{} does not exist (imrf i18n new {} {rel})", i18n::translation_path(key, &opts.lang), opts.lang)
        })?;
        let records = write::records_of(&lined, true);
        let text = std::fs::read_to_string(site.root.join(&translation.file))
            .map_err(|source| write::Error::Read { file: translation.file.clone(), source })?;
        let split = frontmatter::split(&text).map_err(|(line, msg)| format!("{}:{line}: {msg}", translation.file))?;
        let yaml = records::write_into(split.yaml, Some(&source.hash), &records);
        files.push((translation.file.clone(), Some(format!("---\n{yaml}---\n{}", split.body))));
        let store = write::store(site, key, &BTreeMap::from([(opts.lang.clone(), records)]));
        files.push((i18n::old_texts::store_file(key), store));
        let unmatched: Vec<String> = lined
            .segments()
            .filter(|(_, _, counterpart)| counterpart.is_none())
            .map(|(s, _, _)| s.id.clone())
            .collect();
        let _ = write!(out, "{} is marked up to date with its source", translation.file);
        if unmatched.is_empty() {
            out.push('\n');
        } else {
            let _ = writeln!(out, "; it has nothing for these source segments: {}", unmatched.join(", "));
        }
    }
    if !marked.is_empty() {
        files.extend(i18n::data::record(site, &texts, &marked));
    }
    write::commit(&site.root, &files)?;
    Ok(out)
}
