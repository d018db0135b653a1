//! The output checker: what every built site must satisfy, whoever wrote its content. It reads
//! only the output folder (and the base path), with real parsers, and knows nothing of how imrf
//! made the files:
//!
//! - every HTML file parses without errors and its `<html>` has a `lang`;
//! - every `href`, `src` and `srcset` uses an allowed scheme (http, https, mailto, tel) or none;
//! - no `href="#"`; every `#fragment` names an element of its page;
//! - every internal link or image (with the base path) reaches a built file, and its fragment an
//!   element of that file;
//! - XML files (sitemaps, feeds) parse, and the sitemap's URLs are built files.

use scraper::{Html, Selector};
use std::collections::{BTreeMap, HashSet};
use std::path::Path;

/// Checks the site built into `public` for the base URL `base_url`; returns every problem found.
pub fn check_output(public: &Path, base_url: &str) -> Vec<String> {
    let base_path = base_path_of(base_url);
    let origin = base_url.trim_end_matches('/').strip_suffix(&base_path).unwrap_or(base_url).to_string();
    let mut files: BTreeMap<String, Vec<u8>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(public).into_iter().flatten().filter(|e| e.file_type().is_file()) {
        let rel = entry.path().strip_prefix(public).unwrap().to_string_lossy().replace('\\', "/");
        files.insert(rel, std::fs::read(entry.path()).unwrap());
    }
    let mut ids: BTreeMap<String, HashSet<String>> = BTreeMap::new();
    let mut docs: Vec<(String, Html)> = Vec::new();
    let mut problems = Vec::new();
    for (path, bytes) in &files {
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(bytes);
            let doc = Html::parse_document(&text);
            if !doc.errors.is_empty() {
                problems.push(format!("{path}: HTML parse errors: {:?}", doc.errors));
            }
            let lang = doc.select(&sel("html")).next().and_then(|h| h.value().attr("lang").map(str::to_string));
            if lang.as_deref().is_none_or(str::is_empty) {
                problems.push(format!("{path}: <html> has no lang"));
            }
            ids.insert(
                path.clone(),
                doc.select(&sel("[id]")).filter_map(|e| e.value().id().map(str::to_string)).collect(),
            );
            docs.push((path.clone(), doc));
        } else if path.ends_with(".xml") {
            let text = String::from_utf8_lossy(bytes);
            match roxmltree::Document::parse(&text) {
                // The sitemap, or a part of it when it is an index (`sitemap-1.xml`…).
                Ok(xml) if path == "sitemap.xml" || path.starts_with("sitemap-") => {
                    for loc in xml.descendants().filter(|n| n.has_tag_name("loc")) {
                        let url = loc.text().unwrap_or_default();
                        let Some(local) = url.strip_prefix(&origin) else {
                            problems.push(format!("{path}: {url} is not under {origin}"));
                            continue;
                        };
                        if let Err(e) = resolve(local, &base_path, &files, &ids) {
                            problems.push(format!("{path}: {url}: {e}"));
                        }
                    }
                }
                Ok(_) => {}
                Err(e) => problems.push(format!("{path}: XML does not parse: {e}")),
            }
        }
    }
    for (path, doc) in &docs {
        let folder = path.rsplit_once('/').map_or("", |(f, _)| f);
        let page_url = format!("{base_path}/{folder}/");
        for (attr, value) in links_of(doc) {
            if let Err(e) = check_link(&value, &page_url, path, &base_path, &files, &ids) {
                problems.push(format!("{path}: {attr}=\"{value}\": {e}"));
            }
        }
    }
    problems
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// The path of a base URL: `/kb` for `https://example.org/kb/`, empty for a host alone.
pub fn base_path_of(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    after_scheme.find('/').map_or(String::new(), |i| after_scheme[i..].trim_end_matches('/').to_string())
}

/// Every link-bearing attribute of a document.
fn links_of(doc: &Html) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for attr in ["href", "src", "action", "poster"] {
        for e in doc.select(&sel(&format!("[{attr}]"))) {
            out.push((attr, e.value().attr(attr).unwrap_or_default().to_string()));
        }
    }
    for e in doc.select(&sel("[srcset]")) {
        for candidate in e.value().attr("srcset").unwrap_or_default().split(',') {
            if let Some(url) = candidate.split_whitespace().next() {
                out.push(("srcset", url.to_string()));
            }
        }
    }
    out
}

/// The scheme of a URL as a browser reads it, lowercased.
fn scheme(url: &str) -> Option<String> {
    let cleaned: String =
        url.trim_start_matches(|c: char| c <= ' ').chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let (s, _) = cleaned.split_once(':')?;
    let valid = s.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && s.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| s.to_ascii_lowercase())
}

fn check_link(
    value: &str,
    page_url: &str,
    page_file: &str,
    base_path: &str,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &BTreeMap<String, HashSet<String>>,
) -> Result<(), String> {
    if value.starts_with("//") {
        return Ok(());
    }
    if let Some(s) = scheme(value) {
        return if ["http", "https", "mailto", "tel"].contains(&s.as_str()) {
            Ok(())
        } else {
            Err(format!("scheme `{s}:` is not allowed"))
        };
    }
    if value == "#" || value.is_empty() {
        return Err("a link to nowhere".to_string());
    }
    if let Some(fragment) = value.strip_prefix('#') {
        let fragment = decode(fragment);
        return if ids.get(page_file).is_some_and(|set| set.contains(&fragment)) {
            Ok(())
        } else {
            Err(format!("no element with id `{fragment}` on this page"))
        };
    }
    let absolute = if value.starts_with('/') { value.to_string() } else { join(page_url, value) };
    resolve(&absolute, base_path, files, ids)
}

/// `base` (a folder URL) joined with a relative URL.
fn join(base: &str, rel: &str) -> String {
    let (path, rest) = match rel.find(['?', '#']) {
        Some(i) => (&rel[..i], &rel[i..]),
        None => (rel, ""),
    };
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if path.ends_with('/') || path.is_empty() { "/" } else { "" };
    format!("/{}{trailing}{rest}", parts.join("/"))
}

fn decode(s: &str) -> String {
    percent_encoding::percent_decode_str(s).decode_utf8_lossy().into_owned()
}

/// Whether a root-relative URL (with the base path) is a built file, and its fragment an element.
fn resolve(
    url: &str,
    base_path: &str,
    files: &BTreeMap<String, Vec<u8>>,
    ids: &BTreeMap<String, HashSet<String>>,
) -> Result<(), String> {
    let (path, fragment) = match url.split_once('#') {
        Some((p, f)) => (p, Some(f)),
        None => (url, None),
    };
    let path = path.split('?').next().unwrap_or_default();
    let Some(local) = path.strip_prefix(base_path).filter(|l| l.is_empty() || l.starts_with('/')) else {
        return Err(format!("leaves the site's base path `{base_path}`"));
    };
    let local = decode(local.trim_start_matches('/'));
    let file = if local.is_empty() || local.ends_with('/') { format!("{local}index.html") } else { local.clone() };
    let file = if files.contains_key(&file) { file } else { format!("{local}/index.html") };
    if !files.contains_key(&file) {
        return Err(format!("no built file for {path}"));
    }
    if let Some(f) = fragment.filter(|f| !f.is_empty()) {
        let f = decode(f);
        if file.ends_with(".html") && !ids.get(&file).is_some_and(|s| s.contains(&f)) {
            return Err(format!("{file} has no element with id `{f}`"));
        }
    }
    Ok(())
}
