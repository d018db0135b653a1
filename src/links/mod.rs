//! Link rot: `imrf check --external` asks every external link of the site whether it still
//! answers. The knowledge base links to dozens of UN documents, pages and recordings whose
//! addresses change; this is how the team finds out before readers do.
//!
//! - **What is checked**: every `http(s)` link of every page file (Markdown links and pictures,
//!   shortcode arguments such as `url`, the front matter's `source`) and of every data file
//!   (each `http(s)://` address in its text), each at its `path:line`. One address is asked once,
//!   however many places name it; hosts listed in site.toml's `[links] skip_hosts` (and their
//!   subdomains) are not asked.
//! - **How** ([`probe`]): `HEAD`, then `GET` when the server refuses `HEAD` (405, 501); redirects
//!   followed; a few threads, at most two requests at a time to one host; `--timeout` seconds
//!   per request.
//! - **What it reports**: a link that is gone (404, 410), whose host does not exist or refuses
//!   the connection is an error at each place it is written; a redirect is a warning naming
//!   where it leads (update the link); a timeout, a server error (5xx) or another refusal (403,
//!   429…) is a warning (it may pass next time).
//! - **The cache** ([`cache`]): links found working are not asked again for `--cache-ttl` hours
//!   (`.imrf-cache/links.json`), so a CI re-run is quick; failures are always asked again.

mod cache;
mod probe;

use crate::content::Typed;
use crate::diagnostics::Diagnostics;
use crate::render::Model;
use std::collections::BTreeMap;
use std::time::Duration;

/// How to check.
pub struct Options {
    /// Per request.
    pub timeout: Duration,
    /// How long a link found working is trusted; zero asks every link.
    pub cache_ttl: Duration,
}

/// One place an external link is written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub url: String,
    pub file: String,
    pub line: usize,
}

/// What asking a link gave.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    Ok,
    /// It works, at another address.
    Redirected(String),
    /// Gone: an error.
    Broken(String),
    /// Could not be confirmed (a timeout, a server error): a warning.
    Doubtful(String),
}

/// Checks every external link of the site; findings go to `diags`, a summary line is returned.
pub fn check(model: &Model, options: &Options, diags: &mut Diagnostics) -> String {
    let found = collect(model);
    let skip = &model.site.config.links.skip_hosts;
    let mut places: BTreeMap<String, Vec<&Found>> = BTreeMap::new();
    let mut skipped = 0;
    for f in &found {
        let address = f.url.split('#').next().unwrap_or_default().to_string();
        if host_of(&address).is_some_and(|h| skipped_host(&h, skip)) {
            skipped += 1;
            continue;
        }
        places.entry(address).or_default().push(f);
    }
    let mut cache = cache::LinkCache::load(&model.site.root, options.cache_ttl);
    let mut outcomes: BTreeMap<&str, Outcome> = BTreeMap::new();
    let mut asked: Vec<&str> = Vec::new();
    for address in places.keys() {
        match cache.fresh(address) {
            Some(outcome) => {
                outcomes.insert(address, outcome);
            }
            None => asked.push(address),
        }
    }
    let from_cache = outcomes.len();
    for (address, outcome) in asked.iter().zip(probe::probe_all(&asked, options.timeout)) {
        cache.record(address, &outcome);
        outcomes.insert(address, outcome);
    }
    cache.save();
    for (address, outcome) in &outcomes {
        for place in &places[*address] {
            report(place, outcome, diags);
        }
    }
    format!(
        "external links: {} address(es) checked ({} asked, {from_cache} trusted from the cache), {skipped} link(s) to skipped hosts",
        outcomes.len(),
        asked.len()
    )
}

/// A finding at a place where a link is written.
fn report(place: &Found, outcome: &Outcome, diags: &mut Diagnostics) {
    let (file, line, url) = (&place.file, Some(place.line), &place.url);
    match outcome {
        Outcome::Ok => {}
        Outcome::Redirected(to) => {
            diags.warning(file, line, format!("link `{url}` redirects to `{to}`: link to where it leads"))
        }
        Outcome::Broken(why) => diags.error(file, line, format!("link `{url}` is broken: {why}")),
        Outcome::Doubtful(why) => diags.warning(file, line, format!("link `{url}` could not be confirmed: {why}")),
    }
}

/// Every place an external link is written, in page files then data files.
pub fn collect(model: &Model) -> Vec<Found> {
    let mut found = Vec::new();
    let mut push = |url: &str, file: &str, line: usize| {
        let url = if url.starts_with("//") { format!("https:{url}") } else { url.to_string() };
        if crate::urls::classify(&url) == crate::urls::Kind::External {
            found.push(Found { url, file: file.to_string(), line });
        }
    };
    for page in &model.site.pages {
        if let Some(rendered) = model.markdown.get(&page.key).and_then(|m| m.get(&page.lang)) {
            for (url, line) in &rendered.external {
                push(url, &page.file, *line);
            }
        }
        // A translation inherits `source` without writing it: only the file that has it.
        if let (Typed::Note(note), Some(line)) = (&page.typed, page.key_line("source")) {
            if let Some(url) = &note.source {
                push(url, &page.file, line);
            }
        }
    }
    for (file, text) in data_files(&model.site.root) {
        for (i, line) in text.lines().enumerate() {
            for url in urls_in(line) {
                push(url, &file, i + 1);
            }
        }
    }
    found
}

/// The data files of a site (`content/*.yaml`, `content/*.yml`), by name, with their text.
fn data_files(root: &std::path::Path) -> Vec<(String, String)> {
    let mut files: Vec<(String, String)> = std::fs::read_dir(root.join("content"))
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let data = name.ends_with(".yaml") || name.ends_with(".yml");
            let text = if data { std::fs::read_to_string(e.path()).ok() } else { None };
            text.map(|t| (format!("content/{name}"), t))
        })
        .collect();
    files.sort();
    files
}

/// The `http(s)://` addresses written in a line of text (YAML, quoted or not).
fn urls_in(line: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = line;
    while let Some(i) = rest.find("http://").into_iter().chain(rest.find("https://")).min() {
        let tail = &rest[i..];
        let end = tail.find(|c: char| c.is_whitespace() || "\"'<>`".contains(c)).unwrap_or(tail.len());
        let mut url = tail[..end].trim_end_matches([',', ';', ']', '}', '.']);
        if url.ends_with(')') && !url.contains('(') {
            url = &url[..url.len() - 1];
        }
        out.push(url);
        rest = &tail[end..];
    }
    out
}

/// The host of an address.
fn host_of(url: &str) -> Option<String> {
    url::Url::parse(url).ok()?.host_str().map(|h| h.to_ascii_lowercase())
}

/// Whether `host` is one of `skip` or below one of them.
fn skipped_host(host: &str, skip: &[String]) -> bool {
    skip.iter().any(|s| {
        let s = s.trim().trim_end_matches('.').to_ascii_lowercase();
        host == s || host.ends_with(&format!(".{s}"))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_found_in_yaml_lines() {
        assert_eq!(urls_in("  url: https://un.org/a(b)"), ["https://un.org/a(b)"]);
        assert_eq!(urls_in("url: \"https://un.org/x\", y: 'http://a.org/'"), ["https://un.org/x", "http://a.org/"]);
        assert_eq!(urls_in("see (https://un.org/z)."), ["https://un.org/z"]);
        assert!(urls_in("title: no link").is_empty());
    }

    #[test]
    fn skipped_hosts_include_subdomains() {
        let skip = vec!["example.org".to_string()];
        assert!(skipped_host("example.org", &skip) && skipped_host("www.example.org", &skip));
        assert!(!skipped_host("notexample.org", &skip));
    }
}
