//! Loading a site into memory: `site.toml`, the Markdown pages of every language and the YAML data
//! files, validated field by field. The result, [`Site`], is what rendering works from.

pub mod data;
pub mod date;
pub mod frontmatter;
mod typed;

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use data::Data;
use date::Date;
use frontmatter::Fields;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use typed::{read_dialogue, read_event, read_note};
pub use typed::{Event, Overrides, Typed, DEFAULT_TIMEZONE};

/// What a section holds, declared by `type:` in its `_index.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum SectionType {
    #[default]
    Generic,
    Programme,
    Dialogues,
    Notes,
}

impl SectionType {
    fn parse(s: &str) -> Option<SectionType> {
        match s {
            "programme" => Some(SectionType::Programme),
            "dialogues" => Some(SectionType::Dialogues),
            "notes" => Some(SectionType::Notes),
            "generic" => Some(SectionType::Generic),
            _ => None,
        }
    }
}

/// One Markdown file: a page or a section's `_index.md`, in one language.
#[derive(Debug, Clone)]
pub struct Page {
    /// Path relative to the site root, for messages: `content/notes/roadmap.fr.md`.
    pub file: String,
    /// The identity shared by a page and its translations: the default-language file's path
    /// relative to `content/` (`notes/roadmap.md`), as written in `@/` links.
    pub key: String,
    pub lang: String,
    /// The folder relative to `content/` (`""` for the home page).
    pub section: String,
    pub is_section: bool,
    pub title: String,
    pub summary: Option<String>,
    pub date: Option<Date>,
    pub slug: String,
    pub weight: i64,
    pub draft: bool,
    pub objectives: Vec<u8>,
    pub principles: Vec<String>,
    pub round_table: Option<u8>,
    pub extra: serde_json::Value,
    /// For `_index.md`: what the section holds.
    pub section_type: SectionType,
    pub typed: Typed,
    pub body: String,
    /// The file line of the body's first line, for messages about links.
    pub body_line: usize,
    /// For a translation: its own wording of typed fields.
    pub overrides: Overrides,
    /// A hash of the file's bytes: what a translation records of its source.
    pub hash: String,
    /// For a translation: the `source_hash` it recorded when it was made (`imrf i18n new`).
    pub translated_from: Option<String>,
}

impl Page {
    /// The date a list sorts by: the page's own, or its event's, dialogue's or note's.
    pub fn sort_date(&self) -> Option<Date> {
        match &self.typed {
            Typed::Event(e) => Some(e.date),
            Typed::Dialogue(d) => Some(d.date),
            Typed::Note(n) => Some(n.date),
            Typed::Plain => self.date,
        }
    }
}

/// The whole site in memory.
#[derive(Debug)]
pub struct Site {
    pub root: PathBuf,
    pub config: Config,
    pub data: Data,
    /// Every page of every language, sorted by key then language.
    pub pages: Vec<Page>,
    /// `(key, lang)` to index in `pages`.
    /// Key to (language, index in `pages`): looked up by `&str`, without allocating.
    index: HashMap<String, Vec<(String, usize)>>,
    /// Section folder to its type.
    pub section_types: BTreeMap<String, SectionType>,
}

impl Site {
    pub fn page(&self, key: &str, lang: &str) -> Option<&Page> {
        let langs = self.index.get(key)?;
        langs.iter().find(|(l, _)| l == lang).map(|&(_, i)| &self.pages[i])
    }

    /// Pages in the default language: one per key.
    pub fn sources(&self) -> impl Iterator<Item = &Page> {
        let default = &self.config.default_language;
        self.pages.iter().filter(move |p| &p.lang == default)
    }

    pub fn section_type(&self, section: &str) -> SectionType {
        self.section_types.get(section).copied().unwrap_or_default()
    }
}

/// Options that change what is loaded.
#[derive(Debug, Clone, Default)]
pub struct LoadOptions {
    pub drafts: bool,
    pub base_url: Option<String>,
}

/// Loads the site at `root`. Returns `None` only when nothing sensible can be built (no config);
/// otherwise every problem is in `diags`.
pub fn load(root: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Site> {
    let mut config = Config::load(root, diags)?;
    if let Some(url) = &options.base_url {
        config.base_url = url.trim_end_matches('/').to_string();
    }
    let data = data::load(root, &config, diags);
    let content = root.join("content");
    if !content.is_dir() {
        diags.error("content", None, "the site has no content/ folder");
        return None;
    }
    let files = markdown_files(root, &content, diags);
    let parsed: Vec<(Option<RawPage>, Diagnostics)> =
        files.par_iter().map(|(abs, rel)| read_page(abs, rel, &config)).collect();

    // Section types come from the default-language `_index.md` files.
    let mut section_types = BTreeMap::new();
    let mut raw_pages = Vec::new();
    for (raw, d) in parsed {
        diags.extend(d);
        if let Some(raw) = raw {
            if let Some(t) = &raw.declared_type {
                section_types.insert(raw.page.section.clone(), SectionType::parse(t).unwrap_or_default());
            }
            raw_pages.push(raw);
        }
    }
    let typed: Vec<(Page, Diagnostics)> = raw_pages
        .into_par_iter()
        .map(|raw| {
            let t = section_types.get(&raw.page.section).copied().unwrap_or_default();
            type_page(raw, t, &config.default_language)
        })
        .collect();
    let mut pages = Vec::with_capacity(typed.len());
    for (page, d) in typed {
        diags.extend(d);
        if options.drafts || !page.draft {
            pages.push(page);
        }
    }
    // Translations take their typed fields from their source.
    let sources: HashMap<String, Typed> =
        pages.iter().filter(|p| p.lang == config.default_language).map(|p| (p.key.clone(), p.typed.clone())).collect();
    for page in pages.iter_mut().filter(|p| p.lang != config.default_language) {
        if let Some(source) = sources.get(&page.key) {
            page.typed = page.overrides.apply(source);
        }
    }
    pages.sort_by(|a, b| (&a.key, &a.lang).cmp(&(&b.key, &b.lang)));

    let mut index: HashMap<String, Vec<(String, usize)>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        index.entry(p.key.clone()).or_default().push((p.lang.clone(), i));
    }
    let site = Site { root: root.to_path_buf(), config, data, pages, index, section_types };
    cross_check(&site, diags);
    Some(site)
}

/// Re-reads changed Markdown files into a loaded site, for the dev server. Returns the keys of the
/// changed pages, or `None` when the change needs a full reload: a file added, removed or broken,
/// a section page, or a change of URL, draft state or kind of page.
pub fn reload_pages(site: &mut Site, files: &[String], drafts: bool) -> Option<(HashSet<String>, bool)> {
    let mut changed = HashSet::new();
    // Whether anything other pages show of these (title, summary, dates, tags) changed.
    let mut listed = false;
    for rel in files {
        let abs = site.root.join(rel);
        let (raw, d) = read_page(&abs, rel, &site.config);
        if d.has_errors() {
            return None;
        }
        let raw = raw?;
        let t = site.section_type(&raw.page.section);
        let (mut page, d) = type_page(raw, t, &site.config.default_language);
        if d.has_errors() || page.is_section || (page.draft && !drafts) {
            return None;
        }
        let i = site.index.get(&page.key)?.iter().find(|(l, _)| *l == page.lang)?.1;
        let old = &site.pages[i];
        if old.slug != page.slug
            || std::mem::discriminant(&old.typed) != std::mem::discriminant(&page.typed)
                && page.lang == site.config.default_language
        {
            return None;
        }
        if page.lang != site.config.default_language {
            let source = site.page(&page.key, &site.config.default_language)?;
            page.typed = page.overrides.apply(&source.typed);
        }
        listed |= listing(&site.pages[i]) != listing(&page);
        changed.insert(page.key.clone());
        site.pages[i] = page;
    }
    // Translations take their typed fields from a source that may have changed.
    for key in &changed {
        let Some(source) = site.page(key, &site.config.default_language).map(|p| p.typed.clone()) else {
            continue;
        };
        for page in site.pages.iter_mut().filter(|p| &p.key == key && p.lang != site.config.default_language) {
            page.typed = page.overrides.apply(&source);
        }
    }
    let mut diags = Diagnostics::default();
    cross_check(site, &mut diags);
    (!diags.has_errors()).then_some((changed, listed))
}

/// What lists and indexes show of a page.
fn listing(p: &Page) -> String {
    let typed = match &p.typed {
        Typed::Event(e) => format!("{} {} {} {} {} {:?}", e.date, e.start, e.end, e.room, e.kind, e.part_of),
        Typed::Dialogue(d) => format!("{} {} {:?}", d.date, d.theme, d.cluster),
        Typed::Note(n) => format!("{} {}", n.date, n.kind),
        Typed::Plain => String::new(),
    };
    format!(
        "{}|{:?}|{:?}|{}|{:?}|{:?}|{:?}|{typed}",
        p.title, p.summary, p.date, p.weight, p.objectives, p.principles, p.round_table
    )
}

/// Every `.md` file under `content/`, sorted, skipping hidden entries.
fn markdown_files(root: &Path, content: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(content)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        match entry {
            Ok(e) if e.file_type().is_file() => {
                let rel = e.path().strip_prefix(root).unwrap_or(e.path()).to_string_lossy().replace('\\', "/");
                if rel.ends_with(".md") {
                    out.push((e.path().to_path_buf(), rel));
                } else if !(e.depth() == 1 && (rel.ends_with(".yaml") || rel.ends_with(".yml"))) {
                    diags.warning(
                        &rel,
                        None,
                        "ignored: content/ holds Markdown pages and top-level YAML data files only",
                    );
                }
            }
            Ok(_) => {}
            Err(e) => diags.error("content", None, format!("cannot read the content folder: {e}")),
        }
    }
    out
}

/// Splits a content-relative file name into (key, language, section, is_section).
fn identity(rel: &str, config: &Config) -> Result<(String, String, String, bool), String> {
    let in_content = rel.strip_prefix("content/").unwrap_or(rel);
    let (dir, name) = match in_content.rfind('/') {
        Some(i) => (&in_content[..i], &in_content[i + 1..]),
        None => ("", in_content),
    };
    let stem = name.strip_suffix(".md").unwrap_or(name);
    let (stem, lang) = match stem.rsplit_once('.') {
        Some((s, code)) if code.len() <= 3 && code.bytes().all(|b| b.is_ascii_lowercase()) && !code.is_empty() => {
            if !config.has_language(code) {
                return Err(format!(
                    "unknown language code `{code}` in the file name (site.toml declares: {})",
                    config.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            (s, code.to_string())
        }
        _ => (stem, config.default_language.clone()),
    };
    let key = if dir.is_empty() { format!("{stem}.md") } else { format!("{dir}/{stem}.md") };
    Ok((key, lang, dir.to_string(), stem == "_index"))
}

/// A page whose common fields are read, with its front matter kept for the typed pass.
struct RawPage {
    page: Page,
    map: serde_yaml::Mapping,
    yaml: String,
    yaml_line: usize,
    /// `type:` of a default-language `_index.md`.
    declared_type: Option<String>,
}

/// Reads one file and its common fields.
fn read_page(abs: &Path, rel: &str, config: &Config) -> (Option<RawPage>, Diagnostics) {
    match std::fs::read(abs) {
        Ok(bytes) => parse_page(bytes, rel, config),
        Err(e) => {
            let mut d = Diagnostics::default();
            d.error(rel, None, format!("cannot read the file: {e}"));
            (None, d)
        }
    }
}

/// Reads one page from its bytes; `rel` (`content/…`) gives its identity.
fn parse_page(bytes: Vec<u8>, rel: &str, config: &Config) -> (Option<RawPage>, Diagnostics) {
    let mut d = Diagnostics::default();
    let (key, lang, section, is_section) = match identity(rel, config) {
        Ok(v) => v,
        Err(e) => {
            d.error(rel, None, e);
            return (None, d);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            d.error(rel, Some(line), "the file is not valid UTF-8 text");
            return (None, d);
        }
    };
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err((line, msg)) => {
            d.error(rel, Some(line), msg);
            return (None, d);
        }
    };
    let Some(map) = frontmatter::parse_mapping(&split, rel, &mut d) else {
        return (None, d);
    };
    let mut f = Fields::new(&map, split.yaml, split.yaml_line, rel);
    let title = f.string("title", true).unwrap_or_default();
    let stem = key.rsplit('/').next().unwrap_or(&key).trim_end_matches(".md");
    let slug = match f.string("slug", false) {
        Some(s) if is_slug(&s) => s,
        Some(s) => {
            f.error("slug", format!("slug `{s}` may only hold lowercase letters, digits, `-` and `_`"));
            slugify(&s)
        }
        None => slugify(stem),
    };
    let declared_type = if is_section { f.string("type", false) } else { None };
    if let Some(t) = &declared_type {
        if SectionType::parse(t).is_none() {
            f.error("type", format!("unknown section type `{t}` (one of: programme, dialogues, notes, generic)"));
        }
    }
    let page = Page {
        file: rel.to_string(),
        key,
        lang: lang.clone(),
        section,
        is_section,
        title,
        summary: f.string("summary", false),
        date: f.date("date", false),
        slug,
        weight: f.int("weight", i64::MIN..=i64::MAX).unwrap_or(0),
        draft: f.bool("draft"),
        objectives: f.number_list("objectives", 1..=23, "GCM objective"),
        principles: f.string_list("principles"),
        round_table: f.int("round_table", 1..=99).map(|n| n as u8),
        extra: f.extra(),
        section_type: SectionType::default(),
        typed: Typed::Plain,
        body: split.body.to_string(),
        body_line: split.body_line,
        overrides: Overrides::default(),
        hash: content_hash(text.as_bytes()),
        translated_from: f.string("source_hash", false),
    };
    // Unknown keys are reported by the typed pass, which knows the section's own fields.
    d.extend(f.into_diagnostics());
    let declared_type = declared_type.filter(|_| lang == config.default_language);
    let raw = RawPage { page, yaml: split.yaml.to_string(), yaml_line: split.yaml_line, map, declared_type };
    (Some(raw), d)
}

/// Reads the fields of the page's section type and reports every key nobody asked for.
fn type_page(raw: RawPage, t: SectionType, default_language: &str) -> (Page, Diagnostics) {
    let RawPage { mut page, map, yaml, yaml_line, .. } = raw;
    let file = page.file.clone();
    let mut f = Fields::new(&map, &yaml, yaml_line, &file);
    for k in COMMON_FIELDS {
        f.mark_used(k);
    }
    if page.is_section {
        f.mark_used("type");
        page.section_type = t;
    } else if page.lang != default_language {
        page.overrides = Overrides::read(&mut f);
    } else {
        page.typed = match t {
            SectionType::Generic => Typed::Plain,
            SectionType::Programme => read_event(&mut f),
            SectionType::Dialogues => read_dialogue(&mut f, &page),
            SectionType::Notes => read_note(&mut f),
        };
    }
    (page, f.finish())
}

const COMMON_FIELDS: &[&str] = &[
    "source_hash",
    "title",
    "summary",
    "date",
    "slug",
    "weight",
    "draft",
    "objectives",
    "principles",
    "round_table",
    "extra",
];

/// Checks that need the whole site: translations without a source, references to principles,
/// round tables and parent events, and two pages at one URL.
fn cross_check(site: &Site, diags: &mut Diagnostics) {
    let default = &site.config.default_language;
    let mut urls: HashMap<(String, String), &Page> = HashMap::new();
    for page in &site.pages {
        if &page.lang != default {
            if let (Some(source), Some(recorded)) = (site.page(&page.key, default), &page.translated_from) {
                if &source.hash != recorded {
                    diags.warning(
                        &page.file,
                        key_line(site, page, "source_hash"),
                        format!("stale translation: {} changed after this translation was made", source.file),
                    );
                }
            }
        }
        if &page.lang != default && site.page(&page.key, default).is_none() {
            diags.error(
                &page.file,
                None,
                format!("translation without a source page: `content/{}` does not exist", page.key),
            );
            continue;
        }
        for p in &page.principles {
            if site.data.principle(p).is_none() {
                let known: Vec<&str> = site.data.principles.iter().map(|p| p.key.as_str()).collect();
                diags.error(
                    &page.file,
                    key_line(site, page, "principles"),
                    format!("unknown guiding principle `{p}` (one of: {})", known.join(", ")),
                );
            }
        }
        if let Some(n) = page.round_table {
            if !site.data.round_tables.iter().any(|rt| rt.number == n) {
                diags.error(&page.file, key_line(site, page, "round_table"), format!("unknown round table {n}"));
            }
        }
        if let Typed::Event(e) = &page.typed {
            if let Some(parent) = &e.part_of {
                let found = site
                    .sources()
                    .any(|p| p.section == page.section && &p.slug == parent && matches!(p.typed, Typed::Event(_)));
                if !found {
                    diags.error(
                        &page.file,
                        key_line(site, page, "part_of"),
                        format!("`part_of: {parent}` names no event of this section"),
                    );
                }
            }
        }
        let path = page_path(page);
        if let Some(other) = urls.insert((page.lang.clone(), path.clone()), page) {
            diags.error(
                &page.file,
                key_line(site, page, "slug"),
                format!("same URL /{}/{} as {}", page.lang, path, other.file),
            );
        }
    }
}

/// The page's path below its language folder, with a trailing slash (`notes/roadmap/`).
pub fn page_path(page: &Page) -> String {
    let mut path = String::new();
    if !page.section.is_empty() {
        path.push_str(&page.section);
        path.push('/');
    }
    if !page.is_section {
        path.push_str(&page.slug);
        path.push('/');
    }
    path
}

/// Best-effort line of a front matter key, read again from disk for a cross-page message.
fn key_line(site: &Site, page: &Page, key: &str) -> Option<usize> {
    let text = std::fs::read_to_string(site.root.join(&page.file)).ok()?;
    let prefix = format!("{key}:");
    text.lines().skip(1).position(|l| l.starts_with(&prefix)).map(|i| i + 2)
}

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a: stable across runs, platforms and versions, unlike `std`'s hasher.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// A stable 64-bit hash, fed piece by piece.
pub struct Hasher(u64);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(FNV_OFFSET)
    }
}

impl Hasher {
    pub fn add(&mut self, bytes: &[u8]) {
        // A separator after each piece, so that ("ab", "c") and ("a", "bc") differ.
        self.0 = fnv1a(fnv1a(self.0, bytes), &[0xff]);
    }

    /// 16 hex digits.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

/// The hash of `bytes`, as 16 hex digits: what a translation records of its source.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(FNV_OFFSET, bytes))
}

pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_')
}

/// Lowercase ASCII letters and digits, everything else folded into single `-`; non-ASCII letters
/// are kept (a heading in Arabic or Chinese keeps a readable anchor).
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn config() -> Config {
        let mut d = Diagnostics::default();
        Config::parse("title='T'\nbase_url='https://x.org'\ndefault_language='en'\n[languages.en]\nname='English'\n[languages.fr]\nname='Français'\n", &mut d).unwrap()
    }

    /// Front matter keys and values that exercise every reader, mixed with noise.
    fn page_text() -> impl Strategy<Value = String> {
        // Every common key, every typed section's keys, and an unknown one.
        let typed = [
            "start",
            "end",
            "timezone",
            "room",
            "kind",
            "part_of",
            "theme",
            "format",
            "cluster",
            "issued_by",
            "source",
            "type",
        ];
        let keys: Vec<&str> = COMMON_FIELDS.iter().copied().chain(typed).chain(["x"]).collect();
        let key = prop::sample::select(keys);
        let value = prop_oneof![
            Just("\"2022-05-16\"".to_string()),
            Just("[1, 24, x]".to_string()),
            Just("{a: [b, {c: d}]}".to_string()),
            Just("\"10:00\"".to_string()),
            Just("true".to_string()),
            Just("-3".to_string()),
            Just("~".to_string()),
            Just("\"ünï\\u{0}cødé\"".to_string()),
            "[^\\n]{0,20}",
        ];
        let line = (key, value).prop_map(|(k, v)| format!("{k}: {v}\n"));
        (prop::collection::vec(line, 0..8), prop::bool::ANY, ".{0,200}").prop_map(|(lines, closed, body)| {
            format!("---\n{}{}{body}", lines.concat(), if closed { "---\n" } else { "" })
        })
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

        /// No front matter, however broken, makes the loader panic; every failure is reported.
        #[test]
        fn the_loader_never_panics_on_structured_input(text in page_text(), section in 0..4usize) {
            let config = config();
            let (raw, d) = parse_page(text.into_bytes(), "content/s/p.md", &config);
            let t = [SectionType::Generic, SectionType::Programme, SectionType::Dialogues, SectionType::Notes][section];
            match raw {
                Some(raw) => { let _ = type_page(raw, t, "en"); }
                None => prop_assert!(d.has_errors()),
            }
        }

        #[test]
        fn the_loader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), name in "[a-z_.]{1,12}") {
            let config = config();
            let rel = format!("content/{name}.md");
            let (raw, d) = parse_page(bytes, &rel, &config);
            if raw.is_none() {
                prop_assert!(d.has_errors());
            }
        }

        #[test]
        fn markdown_never_panics(text in "(?s).{0,400}", allow_html in any::<bool>()) {
            let _ = crate::markdown::render(&text, 1, "a/b", allow_html, &crate::markdown::Highlighter::default());
        }
    }

    #[test]
    fn slugs() {
        assert_eq!(slugify("Round table 1: Drivers"), "round-table-1-drivers");
        assert_eq!(slugify("  Data & info "), "data-info");
        assert_eq!(slugify("Пленарное заседание"), "пленарное-заседание");
    }
}
