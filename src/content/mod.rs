//! Loading a site into memory: `site.toml`, the Markdown pages of every language and the YAML data
//! files, validated field by field. The result, [`Site`], is what rendering works from.

pub mod data;
pub mod frontmatter;
pub mod history;
pub mod kinds;
pub use crate::names::{Lang, PageKey};
pub mod records;
pub mod schema;
mod typed;

use crate::config::{is_language_code, Config};
use crate::diagnostics::Diagnostics;
use crate::paths::{is_slug, slugify};
use crate::time::Date;
use data::Data;
use frontmatter::Fields;
use rayon::prelude::*;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
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
    pub key: PageKey,
    pub lang: Lang,
    /// The folder relative to `content/` (`""` for the home page).
    pub section: String,
    pub is_section: bool,
    /// The page's path below its language folder, with a trailing slash (`notes/roadmap/`): the
    /// section's folders and the slug, each a slug.
    pub path: String,
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
    /// The Markdown after the front matter (see [`Body`]).
    pub body: Body,
    /// The file line of the body's first line, for messages about links.
    pub body_line: usize,
    /// For a translation: its own wording of typed fields.
    pub overrides: Overrides,
    /// A hash of the file's bytes, for a page in the default language: what its translations
    /// record of it. Empty for a translation (nothing records it; hashing every file of a large
    /// site costs a share of its loading).
    pub hash: String,
    /// For a translation: the `source_hash` it recorded when it was made (`imrf i18n new`).
    pub translated_from: Option<String>,
    /// For a translation: the hash of the source text of each of its segments, when it was last
    /// marked up to date (`source_segments`, see `crate::content::records`).
    pub records: Option<crate::content::records::Records>,
    /// The front matter as written, and the file line of its first line: where a key's line is
    /// found for messages about the page.
    pub front_matter: String,
    pub front_matter_line: usize,
    /// Old URLs of the page (`/old/path/`, below the base path): each gets a redirect page.
    pub aliases: Vec<String>,
    /// When the page's file last changed: its `updated:` field, else the date of the last commit
    /// that touched it, else its modification time (see [`history`]).
    pub updated: Option<Date>,
    /// For a section: how many pages each page of its list shows (`paginate_by:`; 0 = all).
    pub paginate_by: usize,
    /// The file exists but could not be read (its error is reported): it still counts for links,
    /// translations and URLs, so that one problem gives one error, but it is never rendered.
    pub broken: bool,
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

    /// A page known only by its file: what a file that cannot be read still is (`broken`), and
    /// what reading its front matter starts from.
    fn unread(file: &str, id: FileIdentity, hash: String) -> Page {
        let stem = id.key.rsplit('/').next().unwrap_or(&id.key).trim_end_matches(".md").to_string();
        Page {
            file: file.to_string(),
            key: id.key,
            lang: id.lang,
            section: id.section,
            is_section: id.is_section,
            path: String::new(),
            slug: slugify(&stem),
            title: stem,
            summary: None,
            date: None,
            weight: 0,
            draft: false,
            objectives: Vec::new(),
            principles: Vec::new(),
            round_table: None,
            extra: serde_json::Value::Null,
            section_type: SectionType::default(),
            typed: Typed::Plain,
            body: Body::Text(String::new()),
            body_line: 1,
            overrides: Overrides::default(),
            hash,
            translated_from: None,
            records: None,
            front_matter: String::new(),
            front_matter_line: 1,
            aliases: Vec::new(),
            updated: None,
            paginate_by: 0,
            broken: true,
        }
    }

    /// The file line of a front matter key, for messages about it.
    pub fn key_line(&self, key: &str) -> Option<usize> {
        crate::position::key_line(&self.front_matter, key, self.front_matter_line)
    }
}

/// A page's Markdown: its text while the model needs it, and marked released once the pages are
/// rendered and a build lets the texts go (`render::Model::without_bodies`): reading a released
/// body is then an empty text marked `Released`, not a page that silently lost its
/// words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum Body {
    Text(String),
    #[default]
    Released,
}

impl Body {
    /// The text, empty once released.
    pub fn as_str(&self) -> &str {
        match self {
            Body::Text(s) => s,
            Body::Released => "",
        }
    }
}

impl std::ops::Deref for Body {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
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
    /// Key to (language, index in `pages`): looked up by `&str`, without allocating.
    index: HashMap<PageKey, Vec<(Lang, usize)>>,
    /// Section folder to its type.
    pub section_types: BTreeMap<String, SectionType>,
    /// The keys of pages left out because they are drafts (`draft: true`, without `--drafts`):
    /// a link to one, or a translation of one, is told apart from a page that does not exist.
    pub drafts: BTreeSet<PageKey>,
    /// When each content file last changed (git, else the file's time).
    pub dates: history::Dates,
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
    /// Whether the rendered Markdown may come from (and goes to) the site's cache.
    pub cache: bool,
}

/// Loads the site at `root`. Returns `None` only when nothing sensible can be built (no config);
/// otherwise every problem is in `diags`.
pub fn load(root: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Site> {
    let mut config = Config::load(root, diags)?;
    if let Some(url) = &options.base_url {
        if let Err(e) = config.set_base_url(url) {
            diags.error("--base-url", None, e);
            return None;
        }
    }
    let mut ignored = data::Ignored::default();
    let data = data::load(root, &config, &mut ignored, diags);
    let content = root.join("content");
    if !content.is_dir() {
        diags.error("content", None, "the site has no content/ folder");
        return None;
    }
    let mut files = markdown_files(&content, diags);
    // Translations in a language the site does not declare are ignored (a site may declare fewer
    // languages than the content it copies translates).
    files.retain(|(_, rel)| match file_language(rel) {
        Some(code) if !config.has_language(code) => {
            ignored.page(code);
            false
        }
        _ => true,
    });
    ignored.report(diags);
    let (mut pages, section_types, drafts) = read_pages(&files, &config, options.drafts, diags);
    let dates = history::fill(root, &mut pages, diags);
    // Translations take their typed fields from their source.
    let sources: HashMap<PageKey, Typed> =
        pages.iter().filter(|p| p.lang == config.default_language).map(|p| (p.key.clone(), p.typed.clone())).collect();
    for page in pages.iter_mut().filter(|p| p.lang != config.default_language) {
        if let Some(source) = sources.get(&page.key) {
            page.typed = page.overrides.apply(source);
        }
    }
    pages.sort_by(|a, b| (&a.key, &a.lang, &a.file).cmp(&(&b.key, &b.lang, &b.file)));
    one_file_per_page(&mut pages, &config, diags);

    let mut index: HashMap<PageKey, Vec<(Lang, usize)>> = HashMap::new();
    for (i, p) in pages.iter().enumerate() {
        index.entry(p.key.clone()).or_default().push((p.lang.clone(), i));
    }
    let site = Site { root: root.to_path_buf(), config, data, pages, index, section_types, drafts, dates };
    cross_check(&site, diags);
    Some(site)
}

/// A page of the default language may be written `x.md` or `x.en.md` (as editors and CMSs that
/// name every language write it); both at once is an error at both files, and the second is
/// left out so that nothing else is reported of it. `pages` is sorted by key and language.
fn one_file_per_page(pages: &mut Vec<Page>, config: &Config, diags: &mut Diagnostics) {
    let mut twice = Vec::new();
    for (i, pair) in pages.windows(2).enumerate() {
        let (a, b) = (&pair[0], &pair[1]);
        if a.key == b.key && a.lang == b.lang {
            let name = config.language(&a.lang).map_or_else(|| a.lang.to_string(), |l| l.name.clone());
            for (this, other) in [(a, b), (b, a)] {
                diags.error(
                    &this.file,
                    None,
                    format!(
                        "{} is the {name} page `{}` too: keep one of the two files (either name is read)",
                        other.file, a.key
                    ),
                );
            }
            twice.push(i + 1);
        }
    }
    for i in twice.into_iter().rev() {
        pages.remove(i);
    }
}

/// Reads every page file in parallel, then each page's typed fields by its section's type.
/// Returns the pages (drafts left out unless `drafts`, and a draft's translations with it), the
/// type of each section, and the keys of the drafts left out.
fn read_pages(
    files: &[(PathBuf, String)],
    config: &Config,
    drafts: bool,
    diags: &mut Diagnostics,
) -> (Vec<Page>, BTreeMap<String, SectionType>, BTreeSet<PageKey>) {
    // Each step reuses the memory of the one before (a site's pages are some 900 bytes each
    // before their texts: three lists of them at once would be a site's worth of copies).
    let parsed: Vec<(Option<RawPage>, Diagnostics)> =
        files.par_iter().map(|(abs, rel)| read_page(abs, rel, config)).collect();
    // Section types come from the default-language `_index.md` files; a section whose
    // `_index.md` is broken has no known type, and its pages' typed fields are not checked.
    let mut section_types = BTreeMap::new();
    let mut unknown_sections = HashSet::new();
    let mut raw_pages: Vec<RawPage> = parsed
        .into_iter()
        .filter_map(|(raw, d)| {
            diags.extend(d);
            let raw = raw?;
            if let Some(t) = &raw.declared_type {
                section_types.insert(raw.page.section.clone(), SectionType::parse(t).unwrap_or_default());
            }
            if raw.page.broken && raw.page.is_section && raw.page.lang == config.default_language {
                unknown_sections.insert(raw.page.section.clone());
            }
            Some(raw)
        })
        .collect();
    // Typed in place, each page's front matter mapping let go once read.
    let typed: Vec<Diagnostics> = raw_pages
        .par_iter_mut()
        .map(|raw| {
            let t = if unknown_sections.contains(&raw.page.section) {
                None
            } else {
                Some(section_types.get(&raw.page.section).copied().unwrap_or_default())
            };
            let map = std::mem::take(&mut raw.map);
            type_page(&mut raw.page, &map, t, &config.default_language)
        })
        .collect();
    for d in typed {
        diags.extend(d);
    }
    let mut left_out = BTreeSet::new();
    let mut pages: Vec<Page> = raw_pages
        .into_iter()
        .filter_map(|raw| {
            let page = raw.page;
            if !drafts && page.draft && page.lang == config.default_language {
                left_out.insert(page.key.clone());
            }
            (drafts || !page.draft).then_some(page)
        })
        .collect();
    // A draft's translations are drafts too.
    pages.retain(|p| !left_out.contains(&p.key));
    (pages, section_types, left_out)
}

/// Re-reads changed Markdown files into a loaded site, for the dev server: the keys of the pages
/// they changed, or `None` when the change
/// needs a full reload: a file added, removed or broken, a section page, or a change of URL,
/// draft state or kind of page.
pub fn reload_pages(site: &mut Site, files: &[String], drafts: bool) -> Option<HashSet<PageKey>> {
    let mut changed = HashSet::new();
    for rel in files {
        let abs = site.root.join(rel);
        let (raw, d) = read_page(&abs, rel, &site.config);
        if d.has_errors() {
            return None;
        }
        let raw = raw?;
        let t = site.section_type(&raw.page.section);
        let RawPage { mut page, map, .. } = raw;
        let d = type_page(&mut page, &map, Some(t), &site.config.default_language);
        if page.updated.is_none() {
            page.updated = site.dates.of(&site.root, &page.file);
        }
        if d.has_errors() || page.broken || page.is_section || (page.draft && !drafts) {
            return None;
        }
        let i = site.index.get(&page.key)?.iter().find(|(l, _)| *l == page.lang)?.1;
        let old = &site.pages[i];
        // A new URL may meet another page's, which the loader checks.
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
    (!diags.has_errors()).then_some(changed)
}

/// Every `.md` file under `content/`, sorted, skipping hidden entries, with its site-relative
/// path (`content/notes/x.md`, in NFC). A name the site cannot publish (a `\\`, a control
/// character, not UTF-8) or a symbolic link out of `content/` is an error at the file.
fn markdown_files(content: &Path, diags: &mut Diagnostics) -> Vec<(PathBuf, String)> {
    let mut out = Vec::new();
    for walked in crate::paths::walk(content) {
        let walked = match walked {
            Ok(w) => w,
            Err(e) => {
                diags.error("content", None, format!("cannot read the content folder: {e}"));
                continue;
            }
        };
        let rel = match walked.rel {
            Ok(rel) => format!("content/{rel}"),
            Err((shown, e)) => {
                diags.error(&format!("content/{shown}"), None, format!("the file is not read: {e}"));
                continue;
            }
        };
        let top_level = !rel["content/".len()..].contains('/');
        if rel.ends_with(".md") {
            out.push((walked.path, rel));
        } else if !(top_level && (rel.ends_with(".yaml") || rel.ends_with(".yml")))
            && !crate::paths::is_image_name(&rel)
        {
            diags.warning(
                &rel,
                None,
                "ignored: content/ holds Markdown pages, their pictures and top-level YAML data files only",
            );
        }
    }
    out
}

/// What a file's path says of its page.
struct FileIdentity {
    /// The default-language file's path below `content/` (`notes/roadmap.md`).
    key: PageKey,
    lang: Lang,
    /// The folder below `content/`.
    section: String,
    /// An `_index.md`: the section's own page.
    is_section: bool,
}

/// Reads a page's identity from its path (`content/notes/roadmap.fr.md`).
fn identity(rel: &str, config: &Config) -> Result<FileIdentity, String> {
    // A page is known by its name in NFC, whatever form the file system keeps it in.
    let rel = crate::paths::nfc(rel);
    let in_content = rel.strip_prefix("content/").unwrap_or(&rel);
    let (dir, name) = match in_content.rfind('/') {
        Some(i) => (&in_content[..i], &in_content[i + 1..]),
        None => ("", in_content),
    };
    let (stem, lang) = match name_language(name) {
        (stem, Some(code)) => {
            if !config.has_language(code) {
                return Err(format!(
                    "unknown language code `{code}` in the file name (site.toml declares: {})",
                    config.languages.iter().map(|l| l.code.as_str()).collect::<Vec<_>>().join(", ")
                ));
            }
            (stem, code.to_string())
        }
        (stem, None) => (stem, config.default_language.to_string()),
    };
    let key = if dir.is_empty() { format!("{stem}.md") } else { format!("{dir}/{stem}.md") };
    Ok(FileIdentity { key: key.into(), lang: lang.into(), section: dir.to_string(), is_section: stem == "_index" })
}

/// An alias is a path of the site: `/old/path/` or `/old/page.html`, below the base path.
fn check_alias(alias: &str) -> Result<(), String> {
    if crate::urls::classify(alias) != crate::urls::Kind::SitePath || !alias.starts_with('/') {
        return Err(schema::ALIAS_RULE.message.to_string());
    }
    if alias.contains(['?', '#', '\\']) || alias.split('/').any(|s| s == ".." || s == ".") || alias.contains("//") {
        return Err(schema::ALIAS_RULE.message.to_string());
    }
    if alias == "/" {
        return Err("the site's root is the language picker".to_string());
    }
    Ok(())
}

/// A page file's name as its stem and the language code it is written in (`x.fr.md`: `x` and
/// `fr`; `x.md`: `x` and none): the one rule for what a page's file name says of its language,
/// which the loader and the browser CMS's backend both read. Whether the site declares that
/// language is the caller's to check.
pub fn name_language(name: &str) -> (&str, Option<&str>) {
    let stem = name.strip_suffix(".md").unwrap_or(name);
    match stem.rsplit_once('.') {
        Some((s, code)) if is_language_code(code) => (s, Some(code)),
        _ => (stem, None),
    }
}

/// The language code of a page file's name (`fr` for `x.fr.md`), if it has one.
fn file_language(rel: &str) -> Option<&str> {
    let name = rel.rsplit('/').next()?;
    name.ends_with(".md").then(|| name_language(name).1).flatten()
}

/// A page whose common fields are read, with its front matter kept for the typed pass.
struct RawPage {
    page: Page,
    map: serde_yaml::Mapping,
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

/// Reads one page from its bytes; `rel` (`content/…`) gives its identity. A file that cannot be
/// read still gives a page, marked `broken`, so that it counts for links and translations.
fn parse_page(bytes: Vec<u8>, rel: &str, config: &Config) -> (Option<RawPage>, Diagnostics) {
    let mut d = Diagnostics::default();
    let FileIdentity { key, lang, section, is_section } = match identity(rel, config) {
        Ok(v) => v,
        Err(e) => {
            d.error(rel, None, e);
            return (None, d);
        }
    };
    let stem = key.rsplit('/').next().unwrap_or(&key).trim_end_matches(".md").to_string();
    let hash = if lang == config.default_language { crate::hash::content_hash(&bytes) } else { String::new() };
    let mut page = Page::unread(rel, FileIdentity { key, lang: lang.clone(), section, is_section }, hash);
    let folders: Vec<String> = page.section.split('/').filter(|s| !s.is_empty()).map(slugify).collect();
    if folders.iter().any(String::is_empty) {
        d.error(rel, None, "a folder of this file's path has no letter or digit to make a URL from: rename it");
        return (Some(RawPage { page, map: serde_yaml::Mapping::new(), declared_type: None }), d);
    }
    let broken = |mut page: Page, d: Diagnostics| {
        page.path = url_path(&folders, &page.slug, page.is_section);
        let raw = RawPage { page, map: serde_yaml::Mapping::new(), declared_type: None };
        (Some(raw), d)
    };
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            d.error(rel, Some(line), "the file is not valid UTF-8 text");
            return broken(page, d);
        }
    };
    let split = match frontmatter::split(&text) {
        Ok(s) => s,
        Err((line, msg)) => {
            d.error(rel, Some(line), msg);
            return broken(page, d);
        }
    };
    let Some(map) = frontmatter::parse_mapping(&split, rel, &mut d) else {
        return broken(page, d);
    };
    if lang != config.default_language && is_placeholder(&map, split.body) {
        // Not a translation yet: what a browser CMS saves for a language nobody wrote in.
        return (None, d);
    }
    let mut f = Fields::new(&map, split.yaml, split.yaml_line, rel);
    page.title = f.string("title", schema::required(schema::COMMON, "title")).unwrap_or_default();
    page.slug = match f.string("slug", false) {
        Some(s) if is_slug(&s) => s,
        Some(s) => {
            f.error("slug", format!("slug `{s}` {}", schema::SLUG_RULE.message));
            slugify(&s)
        }
        None => slugify(&stem),
    };
    if page.slug.is_empty() && !is_section {
        f.error(
            "slug",
            format!("the file name `{stem}` has no letter or digit to make a URL from: rename the file or set `slug:`"),
        );
    }
    let declared_type = if is_section { f.string("type", false) } else { None };
    if let Some(t) = &declared_type {
        if SectionType::parse(t).is_none() {
            f.error("type", format!("unknown section type `{t}` (one of: programme, dialogues, notes, generic)"));
        }
    }
    read_common_fields(&mut page, &mut f);
    page.body = Body::Text(split.body.to_string());
    page.body_line = split.body_line;
    page.translated_from = f.string("source_hash", false);
    page.records = f.records();
    page.front_matter = split.yaml.to_string();
    page.front_matter_line = split.yaml_line;
    // A page without a URL is reported, and kept for links like any broken page.
    page.broken = page.slug.is_empty() && !is_section;
    page.path = url_path(&folders, &page.slug, is_section);
    // Unknown keys are reported by the typed pass, which knows the section's own fields.
    d.extend(f.into_diagnostics());
    let declared_type = declared_type.filter(|_| lang == config.default_language);
    (Some(RawPage { page, map, declared_type }), d)
}

/// Whether a translation file's text (`---` front matter, then the body) is a placeholder: see
/// [`is_placeholder`]. A text that does not parse is not one (it is reported as it is).
pub fn is_placeholder_text(text: &str) -> bool {
    let Ok(split) = frontmatter::split(text) else { return false };
    let mut ignored = Diagnostics::default();
    frontmatter::parse_mapping(&split, "", &mut ignored).is_some_and(|map| is_placeholder(&map, split.body))
}

/// Whether a translation's file holds none of its own text: no translated field says anything
/// and the body is empty. Such a file is a placeholder (Decap CMS writes one for every language
/// of a new entry, docs/cms.md), read as no translation at all: `i18n status` counts it missing.
fn is_placeholder(map: &serde_yaml::Mapping, body: &str) -> bool {
    let says = |value: &serde_yaml::Value| match value {
        serde_yaml::Value::Null => false,
        serde_yaml::Value::String(s) => !s.trim().is_empty(),
        serde_yaml::Value::Sequence(items) => !items.is_empty(),
        _ => true,
    };
    body.trim().is_empty() && schema::translated().iter().all(|name| map.get(*name).is_none_or(|v| !says(v)))
}

/// The common front matter fields after title, slug and type (see [`schema::COMMON`]).
fn read_common_fields(page: &mut Page, f: &mut Fields<'_>) {
    page.summary = f.string("summary", false);
    page.date = f.date("date", false);
    page.updated = f.date("updated", false);
    page.paginate_by = f.int("paginate_by", 0..=10_000).map_or(0, |n| n as usize);
    page.aliases = f.string_list("aliases");
    // A refused alias is reported once, and makes no redirect (nor any follow-on error).
    page.aliases.retain(|alias| match check_alias(alias) {
        Ok(()) => true,
        Err(e) => {
            f.error("aliases", format!("alias `{alias}`: {e}"));
            false
        }
    });
    page.weight = f.int("weight", i64::MIN..=i64::MAX).unwrap_or(0);
    page.draft = f.bool("draft");
    page.objectives = f.number_list("objectives", 1..=23, "GCM objective");
    page.principles = f.string_list("principles");
    page.round_table = f.int("round_table", 1..=99).map(|n| n as u8);
    page.extra = f.extra();
}

/// Reads the fields of the page's section type and reports every key nobody asked for. `t` is
/// `None` when the section's own `_index.md` is broken: its fields are then not checked, since
/// what they should be is unknown.
fn type_page(
    page: &mut Page,
    map: &serde_yaml::Mapping,
    t: Option<SectionType>,
    default_language: &str,
) -> Diagnostics {
    if page.broken {
        return Diagnostics::default();
    }
    let Some(t) = t else {
        return Diagnostics::default();
    };
    let front_matter = std::mem::take(&mut page.front_matter);
    let file = page.file.clone();
    let mut f = Fields::new(map, &front_matter, page.front_matter_line, &file);
    for k in common_fields() {
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
            SectionType::Dialogues => read_dialogue(&mut f, page),
            SectionType::Notes => read_note(&mut f),
        };
    }
    let diags = f.finish();
    page.front_matter = front_matter;
    diags
}

/// Every key a page's front matter may hold besides its typed section's: the model's common
/// fields ([`schema::COMMON`]), what translations record, and `extra`.
fn common_fields() -> impl Iterator<Item = &'static str> {
    schema::COMMON.iter().map(|f| f.name).chain(["source_hash", "source_segments", "extra"])
}

/// Checks that need the whole site: translations without a source, references to principles,
/// round tables and parent events, and two pages at one URL.
fn cross_check(site: &Site, diags: &mut Diagnostics) {
    let default = &site.config.default_language;
    let mut urls: HashMap<String, &Page> = HashMap::new();
    for page in &site.pages {
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
                    page.key_line("principles"),
                    format!("unknown guiding principle `{p}` (one of: {})", known.join(", ")),
                );
            }
        }
        if let Some(n) = page.round_table {
            if !site.data.round_tables.iter().any(|rt| rt.number == n) {
                diags.error(&page.file, page.key_line("round_table"), format!("unknown round table {n}"));
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
                        page.key_line("part_of"),
                        format!("`part_of: {parent}` names no event of this section"),
                    );
                }
            }
        }
        if page.broken {
            continue;
        }
        // Two spellings of one path are one file: compare the output files.
        let path = page_path(page);
        let file = crate::paths::output_file(&format!("{}/{path}", page.lang));
        if let Some(other) = urls.insert(file, page) {
            diags.error(
                &page.file,
                page.key_line("slug"),
                format!("same URL /{}/{} as {}", page.lang, path, other.file),
            );
        }
    }
}

/// The page's path below its language folder, with a trailing slash (`notes/roadmap/`).
pub fn page_path(page: &Page) -> &str {
    &page.path
}

/// The URL path of a page from its folders (already slugs) and slug.
fn url_path(folders: &[String], slug: &str, is_section: bool) -> String {
    let mut path = String::new();
    for folder in folders {
        path.push_str(folder);
        path.push('/');
    }
    if !is_section {
        path.push_str(slug);
        path.push('/');
    }
    path
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_name_says_its_language_by_a_code_before_md() {
        assert_eq!(name_language("roadmap.md"), ("roadmap", None));
        assert_eq!(name_language("roadmap.fr.md"), ("roadmap", Some("fr")));
        assert_eq!(name_language("_index.zh.md"), ("_index", Some("zh")));
        assert_eq!(name_language("report.v2.md"), ("report.v2", None));
        assert_eq!(name_language("report.FR.md"), ("report.FR", None));
        assert_eq!(name_language("a.b.ast.md"), ("a.b", Some("ast")));
        assert_eq!(file_language("content/notes/x.es.md"), Some("es"));
        assert_eq!(file_language("content/notes/x.es.yaml"), None);
    }
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
        let keys: Vec<&str> = common_fields().chain(typed).chain(["x"]).collect();
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
                Some(RawPage { mut page, map, .. }) => {
                    prop_assert!(!page.broken || d.has_errors());
                    let _ = type_page(&mut page, &map, Some(t), "en");
                }
                None => prop_assert!(d.has_errors()),
            }
        }

        #[test]
        fn the_loader_never_panics_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..400), name in "[a-z_.]{1,12}") {
            let config = config();
            let rel = format!("content/{name}.md");
            let (raw, d) = parse_page(bytes, &rel, &config);
            if raw.as_ref().is_none_or(|r| r.page.broken) {
                prop_assert!(d.has_errors());
            }
        }

        #[test]
        fn markdown_never_panics(text in "(?s).{0,400}", allow_html in any::<bool>()) {
            let highlighter = crate::highlight::Highlighter::default();
            let shortcodes = crate::theme::default_shortcodes();
            let options =
                crate::markdown::Options { allow_html, highlighter: &highlighter, shortcodes: &shortcodes, lang: "fr" };
            let _ = crate::markdown::render(&text, 1, "a/b", &options);
        }
    }
}
