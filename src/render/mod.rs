//! Rendering: the [`Model`] (the loaded site, the theme and the rendered Markdown) becomes every
//! output file, in memory. Nothing is written here; the output stage decides what reaches the
//! disk (or the dev server).
//!
//! Each kind of output has its own renderer, a type implementing [`Render`] in its own file:
//! content pages ([`pages`]), the built-in pages and indexes built from data ([`indexes`]), feeds
//! and calendars ([`feeds`]), the search indexes ([`search`]), the sitemap and robots.txt
//! ([`sitemap`]), static files and the pictures' files ([`media`]). They read the model through one [`context::Context`] and add
//! their files to one [`Files`], which refuses two sources for one output file. The dev server
//! runs the same renderers over the part of the site an edit touches ([`Scope`]).

mod aliases;
mod checks;
pub mod cms;
mod context;
pub mod deps;
mod feeds;
mod figures;
mod formats;
mod indexes;
mod media;
mod pages;
pub mod search;
mod shortcodes;
mod site_urls;
mod sitemap;
mod social;
mod templates;
mod values;
pub mod views;

/// The search terms of `text` in `lang`, as the search index holds them.
pub fn search_terms(lang: &str, text: &str) -> Vec<String> {
    search::terms::terms(text, search::terms::stemmer(lang).as_ref())
}

use crate::content::{Page, SectionType, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Timings};
use crate::highlight::Highlighter;
use crate::markdown::{self, Rendered};
use crate::theme::Theme;
use context::Context;
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};

/// Every file of the built site: output path (relative, `/`-separated) to bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

pub use crate::markdown::Cache as MarkdownCache;

/// What renderers read: the loaded site, its theme, the Markdown of its pages and the pictures
/// they show. Plain data (but for the bodies' HTML, which [`render_to`] lets go once nothing
/// reads it): the state of a run (the dev server's memo, the build cache's search entries, the
/// flag that stops a render) is a [`Run`], apart.
pub struct Model {
    pub site: Site,
    pub theme: Theme,
    pub markdown: MarkdownCache,
    pub media: crate::images::Media,
    /// The translations (key, language) behind their source, found before the pages' bodies
    /// were let go (see [`Model::without_bodies`]); `None` while the bodies are there.
    pub behind: Option<HashSet<(crate::content::PageKey, crate::content::Lang)>>,
}

impl Model {
    /// The model of a loaded site: its Markdown rendered (with `cache`, taken from the site's
    /// Markdown cache where it holds a page's body), its pictures read and made responsive. The
    /// pages keep their Markdown (the dev server compares it after an edit, `check` reads it).
    pub fn new(site: Site, theme: Theme, cache: bool, timings: &Timings) -> Model {
        let entries = cache.then(|| crate::cache::Entries::open(&site.root, "markdown"));
        let bodies = site.pages.par_iter().map(|p| (p, p.body.as_str()));
        let markdown = timings.time("markdown", || render_markdown(&site, &theme, bodies, entries.as_ref()));
        let media = timings.time("images", || crate::images::Media::build(&site, &theme, &markdown));
        Model { site, theme, markdown, media, behind: None }
    }

    /// The model of a build, which needs no page's Markdown once it is rendered (a site's
    /// bodies are as large as its text): each body is let go as soon as its page is rendered
    /// (or found in the cache), so that the bodies and their HTML are never all in memory at
    /// once. What rendering still reads of the bodies, which translations are behind their
    /// source, is found first.
    pub fn without_bodies(mut site: Site, theme: Theme, cache: bool, timings: &Timings) -> Model {
        let default = &site.config.default_language;
        let behind = site
            .pages
            .iter()
            .filter(|p| &p.lang != default)
            .filter(|p| site.page(&p.key, default).is_some_and(|s| crate::i18n::behind(s, p).is_some()))
            .map(|p| (p.key.clone(), p.lang.clone()))
            .collect();
        debug_assert!(
            site.pages.iter().all(|p| matches!(p.body, crate::content::Body::Text(_))),
            "a build's pages come with their bodies"
        );
        let bodies: Vec<crate::content::Body> = site.pages.iter_mut().map(|p| std::mem::take(&mut p.body)).collect();
        let entries = cache.then(|| crate::cache::Entries::open(&site.root, "markdown"));
        let markdown = timings
            .time("markdown", || render_markdown(&site, &theme, site.pages.par_iter().zip(bodies), entries.as_ref()));
        let media = timings.time("images", || crate::images::Media::build(&site, &theme, &markdown));
        Model { site, theme, markdown, media, behind: Some(behind) }
    }
}

/// The state of one run of the renderers, apart from the [`Model`] they read: what is kept
/// between renders and what stops one.
#[derive(Default)]
pub struct Run {
    /// The search entries of the last render, for the dev server (see [`search::Memo`]).
    pub search_memo: Option<search::Memo>,
    /// The build cache's search entries (`.imrf-cache/search/`), when the build uses the cache.
    pub search_store: Option<crate::cache::Entries>,
    /// Set (by the dev server, when a newer edit arrives) to stop a render between two pieces
    /// of work; what it made is then incomplete, and thrown away.
    pub interrupt: Option<std::sync::Arc<std::sync::atomic::AtomicBool>>,
    /// Rendered for `imrf serve`: the browser CMS of `/admin/` talks to its local backend.
    pub cms_local: bool,
    /// For the dev server: the key of each page it serves, so that a page made from the same
    /// key is kept ([`deps`]); every page's key is taken.
    pub served: Option<deps::Served>,
}

impl Run {
    /// A build's run: with `cache`, the build cache's search entries of the site at `root`.
    pub fn build(root: &std::path::Path, cache: bool) -> Run {
        Run { search_store: cache.then(|| crate::cache::Entries::open(root, "search")), ..Run::default() }
    }
}

/// The rendered Markdown of one page.
fn cached<'c>(cache: &'c MarkdownCache, key: &str, lang: &str) -> Option<&'c Rendered> {
    cache.get(key)?.get(lang)
}

/// The key of a page's rendered Markdown in the cache: everything rendering reads (this binary,
/// the templates, whether raw HTML is allowed, the page's folder and where its body starts, and
/// the body).
fn markdown_key(site: &Site, theme: &Theme, page: &Page, body: &str) -> String {
    let mut hasher = crate::hash::KeyHasher::default();
    hasher.add(crate::cache::binary_id().as_bytes());
    hasher.add(theme.digest.as_bytes());
    hasher.add(&[u8::from(site.config.markdown.allow_html)]);
    hasher.add(page.section.as_bytes());
    hasher.add(&page.body_line.to_le_bytes());
    hasher.add(body.as_bytes());
    hasher.finish()
}

/// Renders the Markdown of `pages`, each with its body (borrowed, or owned and then dropped as
/// soon as the page's Markdown is rendered or found: see [`Model::without_bodies`]); with
/// `cache`, a body rendered by an earlier run is read from it, and what is rendered now is stored
/// in it. The cache then holds exactly these pages: one pack per language, read one language at
/// a time (a pack is as large as its pages' HTML); what no pack held is rendered in one pass over
/// every language, and the packs that changed are written again, each on a thread of its own
/// ([`crate::cache::Entries`]).
pub fn render_markdown<'p, B>(
    site: &Site,
    theme: &Theme,
    pages: impl IntoParallelIterator<Item = (&'p Page, B)>,
    cache: Option<&crate::cache::Entries>,
) -> MarkdownCache
where
    B: std::ops::Deref<Target = str> + Send + Sync,
{
    let highlighter = Highlighter::default();
    let render = |p: &Page, body: &str| {
        let options = markdown::Options {
            allow_html: site.config.markdown.allow_html,
            highlighter: &highlighter,
            shortcodes: &theme.shortcodes,
            lang: &p.lang,
        };
        markdown::render(body, p.body_line, &p.section, &options)
    };
    let mut out = MarkdownCache::new();
    let Some(cache) = cache else {
        let rendered: Vec<(&Page, Rendered)> = pages.into_par_iter().map(|(p, body)| (p, render(p, &body))).collect();
        for (p, r) in rendered {
            out.entry(p.key.clone()).or_default().insert(p.lang.clone(), r);
        }
        return out;
    };
    let (pages, mut bodies): (Vec<&Page>, Vec<Option<B>>) =
        pages.into_par_iter().map(|(p, body)| (p, Some(body))).unzip();
    let keys: Vec<String> = pages
        .par_iter()
        .zip(bodies.par_iter())
        .map(|(p, body)| markdown_key(site, theme, p, body.as_deref().unwrap_or_default()))
        .collect();
    let mut by_language: BTreeMap<&str, Vec<usize>> = BTreeMap::new();
    for (i, p) in pages.iter().enumerate() {
        by_language.entry(p.lang.as_str()).or_default().push(i);
    }
    // What the packs hold, one language's pack at a time; how many items each held. A page
    // found needs its body no more.
    let mut found: Vec<Option<Rendered>> = pages.iter().map(|_| None).collect();
    let mut held: HashMap<&str, usize> = HashMap::new();
    for (lang, indexes) in &by_language {
        let pack = crate::cache::Pack::read(cache, &crate::cache::language_file("markdown", lang));
        if pack.len() == 0 {
            continue;
        }
        held.insert(lang, pack.len());
        let hits: Vec<(usize, Option<Rendered>)> =
            indexes.par_iter().map(|&i| (i, pack.get(&keys[i]).filter(Rendered::fits))).collect();
        for (i, hit) in hits {
            if hit.is_some() {
                bodies[i] = None;
            }
            found[i] = hit;
        }
    }
    let fresh: Vec<bool> = found.iter().map(Option::is_none).collect();
    let rendered: Vec<Rendered> = pages
        .par_iter()
        .zip(found.into_par_iter().zip(bodies.into_par_iter()))
        .map(|(p, (hit, body))| hit.unwrap_or_else(|| render(p, body.as_deref().unwrap_or_default())))
        .collect();
    // A language's pack is written again when a page of it was rendered now, or it holds pages
    // no longer there: its items in the order of their keys, each once, so that the same pages
    // make the same bytes.
    let packs: HashSet<String> = by_language
        .par_iter()
        .map(|(lang, indexes)| {
            let name = crate::cache::language_file("markdown", lang);
            let mut order: Vec<usize> = indexes.clone();
            order.sort_by(|&a, &b| keys[a].cmp(&keys[b]));
            order.dedup_by(|a, b| keys[*a] == keys[*b]);
            if order.iter().any(|&i| fresh[i]) || held.get(lang).copied().unwrap_or(0) != order.len() {
                let mut made = crate::cache::NewPack::default();
                for i in order {
                    made.add(&keys[i], &rendered[i]);
                }
                crate::cache::Pack::write(cache, &name, made);
            }
            name
        })
        .collect();
    cache.keep_only(&packs);
    for (p, r) in pages.iter().zip(rendered) {
        out.entry(p.key.clone()).or_default().insert(p.lang.clone(), r);
    }
    out
}

/// What a rendering pass produces.
pub enum Scope<'s> {
    /// Every file of the site.
    All,
    /// Only the pages with these keys, in every language: what the dev server shows first after
    /// an edit, before it renders the whole site again ([`deps`]).
    Pages(&'s HashSet<crate::content::PageKey>),
}

/// One kind of output.
pub(crate) trait Render {
    /// For `--timings`.
    fn name(&self) -> &'static str;

    /// Adds the files of this kind that `scope` asks for.
    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>);
}

/// Where an output file comes from, for messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Provenance {
    /// A content page, by key.
    Page(String),
    /// A page imrf makes itself (`search page`, `index of objective 3`).
    BuiltIn(String),
    /// A redirect page, by the file of the page that declares the alias.
    Alias(String),
    /// A file copied as it is: a static file of the site (`static/x.png`), of its theme, or a
    /// picture of `content/`, by the file it comes from.
    Copied(String),
    /// A static file of the theme, which the site's own `static/` may replace.
    ThemeFile(String),
}

impl Provenance {
    /// The file (and line) a message about this source names.
    fn located(&self, cx: &Context<'_>) -> (String, Option<usize>) {
        match self {
            Provenance::Page(key) => match cx.site.page(key, cx.default_language()) {
                Some(p) => (p.file.clone(), p.key_line("slug")),
                None => (format!("content/{key}"), None),
            },
            Provenance::BuiltIn(what) => (format!("(built-in) {what}"), None),
            Provenance::Alias(file) => {
                let line = cx.site.pages.iter().find(|p| &p.file == file).and_then(|p| p.key_line("aliases"));
                (file.clone(), line)
            }
            Provenance::Copied(file) | Provenance::ThemeFile(file) => (file.clone(), None),
        }
    }
}

/// Two sources that cannot both be written.
#[derive(Debug)]
enum Clash {
    /// Both write this file.
    Same(String),
    /// One writes `file`, the other `folder`, a file below a folder of that name.
    FileAndFolder { file: String, folder: String },
}

/// Every output file that another output file needs as a folder (`en` and `en/index.html`),
/// with the two sources: an error in `check`, before `build` meets it as an OS error.
fn file_and_folder(writers: &HashMap<String, Provenance>) -> Vec<(Clash, Provenance, Provenance)> {
    let mut out: Vec<(Clash, Provenance, Provenance)> = Vec::new();
    let mut paths: Vec<&String> = writers.keys().collect();
    paths.sort();
    for path in paths {
        let mut end = 0;
        while let Some(i) = path[end..].find('/') {
            end += i;
            if let Some(file_source) = writers.get(&path[..end]) {
                let clash = Clash::FileAndFolder { file: path[..end].to_string(), folder: path.clone() };
                // One report per file, however many files lie below it.
                if !out.iter().any(|(c, ..)| matches!(c, Clash::FileAndFolder { file, .. } if file == &path[..end])) {
                    out.push((clash, file_source.clone(), writers[path].clone()));
                }
            }
            end += 1;
        }
    }
    out
}

/// How many pages are rendered at once before they are handed to [`Files`].
const BATCH: usize = 256;

/// A page rendered by a template.
pub(crate) struct RenderedPage {
    /// The output file.
    pub(crate) path: String,
    /// The HTML; `None` when the last render made the file from the same key ([`deps`]).
    pub(crate) html: Option<String>,
    /// The hash of what it is rendered from (see [`context::Context::render_page`]).
    pub(crate) key: Option<String>,
}

/// A template that failed on a page.
pub(crate) struct TemplateFailure {
    pub(crate) diagnostic: Diagnostic,
    /// What went wrong without where: a broken template is reported once, not once per page.
    pub(crate) cause: String,
}

/// The files renderers make, with what made each: two sources of one output file are an error,
/// never a race.
pub(crate) struct Files<'d> {
    /// The files, when they are kept in memory.
    output: Output,
    /// Where the files go instead, for a build into an output folder.
    staging: Option<&'d crate::output::Staging>,
    writers: HashMap<String, Provenance>,
    /// Pairs of sources that wrote one file (the path, the first, the second), each pair once.
    collisions: Vec<(Clash, Provenance, Provenance)>,
    template_errors: BTreeMap<(String, Option<usize>, String), Diagnostic>,
    /// The pages kept from the last render, in memory (see [`Partial::kept`]).
    kept: Vec<String>,
    /// The key of each page made or kept (see [`Partial::keys`]).
    keys: Vec<(String, String)>,
    diags: &'d mut Diagnostics,
}

impl<'d> Files<'d> {
    fn new(diags: &'d mut Diagnostics, staging: Option<&'d crate::output::Staging>) -> Files<'d> {
        Files {
            output: Output::new(),
            staging,
            writers: HashMap::new(),
            collisions: Vec::new(),
            template_errors: BTreeMap::new(),
            kept: Vec::new(),
            keys: Vec::new(),
            diags,
        }
    }

    /// Adds a rendered page, or its template's failure.
    fn page(&mut self, result: Result<RenderedPage, TemplateFailure>, source: Provenance) {
        self.pages(vec![(result, source)]);
    }

    /// Adds rendered pages (written out in parallel when they go to an output folder).
    fn pages(&mut self, batch: Vec<(Result<RenderedPage, TemplateFailure>, Provenance)>) {
        let mut accepted = Vec::with_capacity(batch.len());
        for (result, source) in batch {
            let page = match result {
                Ok(page) => page,
                Err(TemplateFailure { diagnostic, cause }) => {
                    self.template_errors.entry((diagnostic.path.clone(), diagnostic.line, cause)).or_insert(diagnostic);
                    continue;
                }
            };
            if self.claim(&page.path, source) {
                accepted.push(page);
            }
        }
        match self.staging {
            Some(staging) => {
                let write = |page: &RenderedPage| {
                    // A page without HTML is kept in place (the staging knows it already).
                    if let Some(html) = &page.html {
                        staging.put(&page.path, html.as_bytes(), page.key.as_deref());
                    }
                };
                // A single file (a search index's, added under a lock) is written in place: no
                // job of the pool waits while its caller holds a lock.
                match accepted.len() {
                    0 | 1 => accepted.iter().for_each(write),
                    _ => accepted.par_iter().for_each(write),
                }
            }
            None => {
                for page in accepted {
                    if let Some(key) = page.key {
                        self.keys.push((page.path.clone(), key));
                    }
                    match page.html {
                        Some(html) => {
                            self.output.insert(page.path, html.into_bytes());
                        }
                        None => self.kept.push(page.path),
                    }
                }
            }
        }
    }

    /// Records that `source` writes `path`; false (and a collision to report) when another source
    /// writes it already. The site's static file may replace its theme's.
    fn claim(&mut self, path: &str, source: Provenance) -> bool {
        match self.writers.get(path) {
            None => {}
            Some(Provenance::ThemeFile(_)) if matches!(source, Provenance::Copied(_)) => {}
            Some(other) => {
                // Two content pages at one URL were reported by the loader already.
                let both_pages = matches!((other, &source), (Provenance::Page(_), Provenance::Page(_)));
                let known = self.collisions.iter().any(|(_, a, b)| a == other && *b == source);
                if !both_pages && !known {
                    self.collisions.push((Clash::Same(path.to_string()), other.clone(), source));
                }
                return false;
            }
        }
        self.writers.insert(path.to_string(), source);
        true
    }

    /// Adds a file that only one renderer makes (feeds, indexes, the sitemap), made by `source`.
    fn file(&mut self, path: String, bytes: Vec<u8>, source: Provenance) {
        if self.claim(&path, source) {
            self.put(path, bytes);
        }
    }

    /// Writes a file whose source is recorded.
    fn put(&mut self, path: String, bytes: Vec<u8>) {
        match self.staging {
            Some(staging) => staging.put(&path, &bytes, None),
            None => {
                self.output.insert(path, bytes);
            }
        }
    }

    /// The bytes of the file at `path` (of those added so far).
    fn get(&self, path: &str) -> Option<std::borrow::Cow<'_, [u8]>> {
        match self.staging {
            Some(staging) => staging.get(path).map(std::borrow::Cow::Owned),
            None => self.output.get(path).map(|b| std::borrow::Cow::Borrowed(b.as_slice())),
        }
    }

    /// Adds a copy of a file made already, at another path. A copy of a page kept from the last
    /// render is that render's copy: kept too.
    fn copy(&mut self, from: &str, to: &str, source: Provenance) {
        if let Some(bytes) = self.get(from).map(|b| b.into_owned()) {
            self.file(to.to_string(), bytes, source);
        } else if self.kept.iter().any(|k| k == from) && self.claim(to, source) {
            self.kept.push(to.to_string());
        }
    }

    /// Reports a problem with an output file.
    fn error(&mut self, path: &str, message: String) {
        self.diags.error(path, None, message);
    }

    /// Adds a file copied as it is from `shown` (a static file), unless it is an SVG outside the
    /// safe subset ([`crate::images::svg`]): that is an error at its line, and not published.
    fn static_file(&mut self, path: String, bytes: Vec<u8>, source: Provenance) {
        let (Provenance::Copied(shown) | Provenance::ThemeFile(shown)) = &source else {
            return self.file(path, bytes, source);
        };
        if path.to_ascii_lowercase().ends_with(".svg") {
            if let Err(refusal) = crate::images::svg::check(&bytes) {
                self.diags.error(shown, Some(refusal.line), refusal.message);
                return;
            }
        }
        self.file(path, bytes, source);
    }

    /// The output, once every problem found on the way is reported.
    fn finish(self, cx: &Context<'_>) -> Partial {
        for d in self.template_errors.into_values() {
            self.diags.push_diagnostic(d);
        }
        for d in cx.problems.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
            self.diags.push_diagnostic(d);
        }
        let mut collisions = self.collisions;
        collisions.extend(file_and_folder(&self.writers));
        for (path, first, second) in collisions {
            // Name what an author can change: an alias first, then a static file, a page.
            let rank = |s: &Provenance| match s {
                Provenance::Alias(_) => 0,
                Provenance::Copied(_) => 1,
                Provenance::Page(_) => 2,
                Provenance::ThemeFile(_) => 3,
                Provenance::BuiltIn(_) => 4,
            };
            let swapped = rank(&second) < rank(&first);
            let (named, other) = if swapped { (second, first) } else { (first, second) };
            let (file, line) = named.located(cx);
            let (other_file, _) = other.located(cx);
            let change = match named {
                Provenance::Alias(_) => "change the alias",
                Provenance::Copied(_) | Provenance::ThemeFile(_) => "rename the file",
                _ => "change its `slug` or file name",
            };
            let what = if matches!(named, Provenance::Alias(_)) { "an alias writes" } else { "writes" };
            let message = match path {
                Clash::Same(path) => format!("{what} the same output file `{path}` as {other_file}: {change}"),
                Clash::FileAndFolder { file, folder } if !swapped => format!(
                    "{what} the output file `{file}`, which {other_file} needs as a folder (for `{folder}`): {change}"
                ),
                Clash::FileAndFolder { file, folder } => {
                    format!("{what} `{folder}`, in a folder `{file}` that {other_file} writes as a file: {change}")
                }
            };
            self.diags.push_diagnostic(Diagnostic {
                path: file,
                line,
                column: None,
                severity: Severity::Error,
                message,
            });
        }
        Partial { output: self.output, kept: self.kept, keys: self.keys }
    }
}

/// The one job loop of pages: each of `items` (a page and its number, for paginated lists) in
/// every language, rendered by `page` in parallel, in batches of [`BATCH`] (a build into a folder
/// writes each batch out before rendering the next, so that thousands of pages are never all in
/// memory), stopping between two batches when the render is cancelled.
fn render_in_batches<J: Sync>(
    cx: &Context<'_>,
    files: &mut Files<'_>,
    items: &[J],
    page: impl Fn(&str, &J) -> (Result<RenderedPage, TemplateFailure>, Provenance) + Sync,
) {
    let jobs: Vec<(&str, &J)> =
        cx.site.config.languages.iter().flat_map(|l| items.iter().map(move |item| (l.code.as_str(), item))).collect();
    for batch in jobs.chunks(BATCH) {
        if cx.cancelled() {
            return;
        }
        let results: Vec<_> = batch.par_iter().map(|(lang, item)| page(lang, item)).collect();
        files.pages(results);
    }
}

/// What a render in memory made: its files, and for the dev server, the pages it kept from its
/// last render ([`Run::served`]) and every page's key. A render of [`Scope::All`] names the
/// whole site: its files and the kept ones; any other file served before is gone.
pub struct Partial {
    pub output: Output,
    /// The pages the last render made from the same key: served as they are.
    pub kept: Vec<String>,
    /// The key of each page made or kept, by output path.
    pub keys: Vec<(String, String)>,
}

/// The theme's static files, and the site's own `static/` folder over them.
struct StaticFiles;

impl Render for StaticFiles {
    fn name(&self) -> &'static str {
        "static files"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if !matches!(scope, Scope::All) {
            return;
        }
        for (path, bytes) in &cx.theme.statics {
            let source = Provenance::ThemeFile(format!("themes/{}/static/{path}", cx.site.config.theme));
            files.static_file(path.clone(), bytes.clone(), source);
        }
        let dir = cx.site.root.join("static");
        for walked in crate::paths::walk(&dir) {
            let walked = match walked {
                Ok(w) => w,
                Err(e) => {
                    files.error("static", format!("cannot read the folder: {e}"));
                    continue;
                }
            };
            let rel = match walked.rel {
                Ok(rel) => rel,
                Err((shown, e)) => {
                    files.error(&format!("static/{shown}"), format!("the file is not published: {e}"));
                    continue;
                }
            };
            let shown = format!("static/{rel}");
            let rel = crate::paths::nfc(&rel);
            match std::fs::read(&walked.path) {
                Ok(bytes) => files.static_file(rel, bytes, Provenance::Copied(shown)),
                Err(e) => files.error(&shown, format!("cannot read the file: {e}")),
            }
        }
    }
}

/// Renders the whole site. Problems (broken links, template errors) go to `diags`; the output is
/// complete only when `diags` has no error.
pub fn render(model: &Model, run: &Run, diags: &mut Diagnostics, timings: &Timings) -> Output {
    render_with(model, run, Scope::All, diags, timings).output
}

/// Renders the files of `scope`, in memory.
pub fn render_with(model: &Model, run: &Run, scope: Scope<'_>, diags: &mut Diagnostics, timings: &Timings) -> Partial {
    render_scope(model, run, scope, None, diags, timings)
}

/// Renders the whole site into `staging` (see [`crate::output::Staging`]): each file goes to
/// the output folder as soon as it is made, and a page whose file there is rendered from the
/// same inputs is kept without being rendered again. The model's HTML is let go once the
/// renderers that show bodies are done (see `render_scope`): a model rendered here is not
/// rendered again (a read of its HTML would panic).
pub fn render_to(
    model: &Model,
    run: &Run,
    staging: &crate::output::Staging,
    diags: &mut Diagnostics,
    timings: &Timings,
) {
    render_scope(model, run, Scope::All, Some(staging), diags, timings);
}

fn render_scope(
    model: &Model,
    run: &Run,
    scope: Scope<'_>,
    staging: Option<&crate::output::Staging>,
    diags: &mut Diagnostics,
    timings: &Timings,
) -> Partial {
    let cx = Context::new(model, run, staging);
    timings.time("check links", || checks::check_links(&cx, diags));
    if matches!(scope, Scope::All) {
        figures::check_milestones(&model.site, diags);
        for d in &model.media.problems {
            diags.push_diagnostic(d.clone());
        }
    }
    // The renderers that show pages' bodies (and the aliases, in their place in the order), then
    // the others, which read no page's HTML. A build lets the HTML go between the two: it is as
    // large as the site's text, and the search indexes, made next, hold texts of their own
    // (`compressed::Releasable`).
    let showing_bodies: [&dyn Render; 4] = [&pages::Pages, &indexes::Indexes, &aliases::Aliases, &feeds::Feeds];
    let others: [&dyn Render; 5] = [
        &search::SearchIndexes,
        &sitemap::Sitemap,
        // Before the static files: a site's `static/admin/` may replace a file of the CMS.
        &cms::Admin,
        &StaticFiles,
        &media::ImageFiles,
    ];
    let mut files = Files::new(diags, staging);
    let render_all = |renderers: &[&dyn Render], files: &mut Files<'_>| {
        for renderer in renderers {
            if cx.cancelled() {
                break;
            }
            timings.time(renderer.name(), || renderer.render(&cx, &scope, files));
        }
    };
    render_all(&showing_bodies, &mut files);
    if staging.is_some() {
        model.markdown.values().flat_map(HashMap::values).for_each(|r| r.html.release());
    }
    render_all(&others, &mut files);
    let made = files.finish(&cx);
    if matches!(scope, Scope::All) {
        // A page kept from the last render is part of the site as much as one made now.
        let kept: HashSet<&str> = made.kept.iter().map(String::as_str).collect();
        let has = |path: &str| match staging {
            Some(staging) => staging.has(path),
            None => made.output.contains_key(path) || kept.contains(path),
        };
        timings.time("check paths", || checks::check_paths(&cx, &has, diags));
        social::check_default_image(&cx, &has, diags);
    }
    made
}

pub(super) fn dir_name(dir: crate::config::Direction) -> String {
    match dir {
        crate::config::Direction::Ltr => "ltr".into(),
        crate::config::Direction::Rtl => "rtl".into(),
    }
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
pub(super) fn truncate(s: &str, max: usize) -> String {
    let s = s.trim();
    if s.chars().count() <= max {
        return s.to_string();
    }
    let cut: String = s.chars().take(max).collect();
    let cut = match cut.rfind(' ') {
        Some(i) if i > max / 2 => &cut[..i],
        _ => &cut,
    };
    format!("{}…", cut.trim_end_matches([',', '.', ';', ':']))
}

/// The template of a section page by its type.
pub(super) fn section_template(t: SectionType) -> &'static str {
    match t {
        SectionType::Generic => "section.html",
        SectionType::Programme => "programme.html",
        SectionType::Dialogues => "dialogues.html",
        SectionType::Notes => "notes.html",
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn truncation_keeps_words() {
        assert_eq!(super::truncate("one two three four", 12), "one two…");
        assert_eq!(super::truncate("short", 12), "short");
    }

    #[test]
    fn section_types_choose_templates() {
        assert_eq!(super::section_template(crate::content::SectionType::Programme), "programme.html");
    }
}
