//! Rendering: the loaded [`Site`] and the [`Theme`] become every output file, in memory. Nothing
//! is written here; the output stage decides what reaches the disk (or the dev server).

mod checks;
mod feeds;
mod figures;
mod i18n;
mod lists;
mod search;
pub mod views;

use crate::content::data::Localized;
use crate::content::{page_path, Page, SectionType, Site, Typed};
use crate::diagnostics::{Diagnostic, Diagnostics, Severity, Timings};
use crate::markdown::{self, Highlighter, Rendered};
use crate::paths::section_index;
use crate::theme::{self, Strings, Theme};
use rayon::prelude::*;
use std::collections::{BTreeMap, HashMap, HashSet};
use views::*;

/// Every file of the built site: output path (relative, `/`-separated) to bytes.
pub type Output = BTreeMap<String, Vec<u8>>;

/// Built-in index pages backed by data, with the folder they live in. A site may give each an
/// intro by writing `content/<folder>/_index.md`.
const SPECIALS: &[(&str, &str, i64)] = &[
    ("objectives", "objectives_title", 50),
    ("round-tables", "round_tables_title", 51),
    ("principles", "principles_title", 52),
    ("champions", "champions_title", 60),
    ("resources", "resources_title", 70),
];

/// The Markdown of every page, by key then language, rendered once; the dev server keeps it
/// between rebuilds and re-renders only the pages that changed. (Nested maps: lookups by `&str`
/// allocate nothing, and a build makes hundreds of thousands of them.)
pub type MarkdownCache = HashMap<String, HashMap<String, Rendered>>;

/// The rendered Markdown of one page.
fn cached<'c>(cache: &'c MarkdownCache, key: &str, lang: &str) -> Option<&'c Rendered> {
    cache.get(key)?.get(lang)
}

/// Renders the Markdown of `pages`.
pub fn render_markdown<'p>(site: &Site, pages: impl IntoParallelIterator<Item = &'p Page>) -> MarkdownCache {
    let highlighter = Highlighter::default();
    let allow_html = site.config.markdown.allow_html;
    let rendered: Vec<(&Page, Rendered)> = pages
        .into_par_iter()
        .map(|p| (p, markdown::render(&p.body, p.body_line, &p.section, allow_html, &highlighter)))
        .collect();
    let mut cache = MarkdownCache::new();
    for (p, r) in rendered {
        cache.entry(p.key.clone()).or_default().insert(p.lang.clone(), r);
    }
    cache
}

/// What a rendering pass produces.
pub enum Scope<'s> {
    /// Every file of the site.
    All,
    /// Only the pages with these keys, in every language: what the dev server shows first.
    Pages(&'s HashSet<String>),
    /// What lists the pages with these keys: feeds, calendars and search indexes, and with
    /// `lists`, the pages that list pages (sections, the home page, objective, round-table and
    /// principle indexes, sibling events).
    Around { keys: &'s HashSet<String>, lists: bool },
}

/// Renders the whole site. Problems (broken links, template errors) go to `diags`; the output is
/// complete only when `diags` has no error.
pub fn render(site: &Site, theme: &Theme, diags: &mut Diagnostics, timings: &Timings) -> Output {
    let cache = timings.time("markdown", || render_markdown(site, &site.pages));
    render_with(site, theme, &cache, Scope::All, diags, timings)
}

/// Renders the files of `scope` from already rendered Markdown.
pub fn render_with(
    site: &Site,
    theme: &Theme,
    cache: &MarkdownCache,
    scope: Scope<'_>,
    diags: &mut Diagnostics,
    timings: &Timings,
) -> Output {
    let renderer = Renderer::new(site, theme, cache);
    timings.time("check links", || renderer.check_links(diags));
    figures::check_milestones(site, diags);

    let mut jobs = Vec::new();
    let all = renderer.jobs();
    let selected: Vec<&Job> = all.iter().filter(|job| renderer.in_scope(job, &scope)).collect();
    for lang in &site.config.languages {
        for job in &selected {
            jobs.push((lang.code.as_str(), *job));
        }
    }
    let results: Vec<Result<(String, String), (Diagnostic, String)>> =
        timings.time("templates", || jobs.par_iter().map(|(lang, job)| renderer.render_job(lang, job)).collect());
    let mut output = Output::new();
    // Which job wrote each file: two sources of one output file are an error, never a race.
    let mut writers: HashMap<String, &Job> = HashMap::new();
    let mut collisions: HashSet<(*const Job, *const Job)> = HashSet::new();
    // A broken template fails on many pages: report each distinct problem once, at its first URL.
    let mut template_errors: BTreeMap<(String, Option<usize>, String), Diagnostic> = BTreeMap::new();
    for (r, (_, job)) in results.into_iter().zip(&jobs) {
        match r {
            Ok((path, html)) => {
                if let Some(other) = writers.insert(path.clone(), job) {
                    // Two content pages at one URL were reported by the loader already.
                    let both_pages = matches!((other, job), (Job::Page(_), Job::Page(_)));
                    if !both_pages && collisions.insert((other as *const Job, *job as *const Job)) {
                        renderer.report_collision(&path, other, job, diags);
                    }
                    continue;
                }
                output.insert(path, html.into_bytes());
            }
            Err((d, cause)) => {
                template_errors.entry((d.path.clone(), d.line, cause)).or_insert(d);
            }
        }
    }
    for d in template_errors.into_values() {
        diags.push_diagnostic(d);
    }
    for d in renderer.problems.lock().unwrap_or_else(|e| e.into_inner()).drain(..) {
        diags.push_diagnostic(d);
    }
    match scope {
        Scope::Pages(_) => return output,
        Scope::Around { .. } => {
            renderer.machine_readable(&mut output);
            return output;
        }
        Scope::All => timings.time("feeds and search", || renderer.machine_readable(&mut output)),
    }
    match renderer.language_picker() {
        Ok((path, html)) => {
            output.insert(path, html.into_bytes());
        }
        Err(d) => diags.push_diagnostic(d),
    }
    // The host's 404 page at the root is the default language's.
    let default_404 = format!("{}/404.html", site.config.default_language);
    if let Some(page) = output.get(&default_404).cloned() {
        output.insert("404.html".to_string(), page);
    }
    for (path, bytes) in &theme.statics {
        output.insert(path.clone(), bytes.clone());
    }
    for (path, bytes) in site_static(site, diags) {
        // A site's static file may replace the theme's, never a generated page.
        if output.contains_key(&path) && !theme.statics.contains_key(&path) {
            diags.error(
                &format!("static/{path}"),
                None,
                format!("the site generates `{path}` itself: rename this file"),
            );
            continue;
        }
        output.insert(path, bytes);
    }
    timings.time("check paths", || renderer.check_paths(&output, diags));
    let sitemap = timings.time("sitemap", || renderer.sitemap(&output));
    output.insert("sitemap.xml".to_string(), sitemap.into_bytes());
    output.insert("robots.txt".to_string(), feeds::robots(&site.config.base_url).into_bytes());
    output
}

/// The files of the site's own `static/` folder, by output path (they override the theme's).
fn site_static(site: &Site, diags: &mut Diagnostics) -> Vec<(String, Vec<u8>)> {
    let dir = site.root.join("static");
    let mut out = Vec::new();
    for entry in walkdir::WalkDir::new(&dir).sort_by_file_name().into_iter().flatten() {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(&dir).unwrap_or(entry.path()).to_string_lossy().replace('\\', "/");
            match std::fs::read(entry.path()) {
                Ok(bytes) => out.push((rel, bytes)),
                Err(e) => diags.error(&format!("static/{rel}"), None, format!("cannot read the file: {e}")),
            }
        }
    }
    out
}

/// One page to render in one language.
#[derive(Debug, Clone)]
enum Job {
    /// A content page or section, by key.
    Page(String),
    /// The home page of a site without a `content/_index.md`.
    Home,
    /// A built-in index with no `_index.md` of its own, by folder name.
    Special(&'static str),
    Objective(u8),
    RoundTable(u8),
    Principle(usize),
    Champion(usize),
    Search,
    NotFound,
}

pub(crate) struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    rendered: &'a MarkdownCache,
    /// The path part of `base_url` (`/kb` for `https://example.org/kb`), prefixed to every URL.
    base_path: String,
    /// Pages per section folder, in display order.
    children: HashMap<String, Vec<&'a Page>>,
    /// Navigation entries (title, URL) per language.
    nav: HashMap<String, Vec<(String, String)>>,
    /// Per language, a template context holding `t` (the UI strings) and `data`.
    contexts: HashMap<String, tera::Context>,
    /// Problems met while rendering (a link that could not be resolved), reported with the rest.
    problems: std::sync::Mutex<Vec<Diagnostic>>,
}

impl<'a> Renderer<'a> {
    fn new(site: &'a Site, theme: &'a Theme, rendered: &'a MarkdownCache) -> Self {
        let base_path = site.config.base_path.clone();
        let mut children: HashMap<String, Vec<&Page>> = HashMap::new();
        for page in site.sources() {
            if !page.is_section {
                children.entry(page.section.clone()).or_default().push(page);
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                (a.weight, a.sort_date(), &a.title, &a.key).cmp(&(b.weight, b.sort_date(), &b.title, &b.key))
            });
        }
        let contexts = site
            .config
            .languages
            .iter()
            .map(|l| {
                let mut ctx = tera::Context::new();
                ctx.insert("t", &theme.strings[&l.code]);
                ctx.insert("data", &site.data.other);
                (l.code.clone(), ctx)
            })
            .collect();
        let mut renderer = Renderer {
            site,
            theme,
            rendered,
            base_path,
            children,
            nav: HashMap::new(),
            contexts,
            problems: std::sync::Mutex::new(Vec::new()),
        };
        renderer.nav = renderer.build_nav();
        renderer
    }

    fn default_language(&self) -> &str {
        &self.site.config.default_language
    }

    fn strings(&self, lang: &str) -> &Strings {
        &self.theme.strings[lang]
    }

    fn t(&self, lang: &str, key: &str) -> String {
        theme::text(self.strings(lang), key).to_string()
    }

    /// Every page each language gets.
    fn jobs(&self) -> Vec<Job> {
        let mut jobs: Vec<Job> = self.site.sources().map(|p| Job::Page(p.key.clone())).collect();
        // Every page links to its language's home: a site without `_index.md` still has one.
        if self.site.page(&section_index(""), self.default_language()).is_none() {
            jobs.push(Job::Home);
        }
        for (folder, _, _) in SPECIALS {
            if self.special_exists(folder) && self.site.page(&section_index(folder), self.default_language()).is_none()
            {
                jobs.push(Job::Special(folder));
            }
        }
        jobs.extend(self.site.data.objectives.iter().map(|o| Job::Objective(o.number)));
        jobs.extend(self.site.data.round_tables.iter().map(|r| Job::RoundTable(r.number)));
        jobs.extend((0..self.site.data.principles.len()).map(Job::Principle));
        let champions = self.site.data.champions.as_ref().map_or(0, Vec::len);
        jobs.extend((0..champions).map(Job::Champion));
        jobs.push(Job::Search);
        jobs.push(Job::NotFound);
        jobs
    }

    /// Feeds and calendars, in every language.
    fn machine_readable(&self, output: &mut Output) {
        let sections = self.dated_sections();
        let events: Vec<&Page> =
            self.site.sources().filter(|p| matches!(p.typed, Typed::Event(_) | Typed::Dialogue(_))).collect();
        // Every file is independent of the others: make them in parallel, insert them in order.
        let mut work: Vec<(String, Box<dyn Fn() -> String + Send + Sync + '_>)> = Vec::new();
        for lang in &self.site.config.languages {
            let lang = lang.code.as_str();
            for (section, pages) in &sections {
                work.push((
                    self.file_of(&self.feed_url(lang, section)),
                    Box::new(move || self.atom(lang, section, pages)),
                ));
            }
            if !events.is_empty() {
                work.push((self.file_of(&self.url(lang, "calendar.ics")), Box::new(move || self.calendar(lang, &[]))));
            }
            work.push((self.file_of(&self.url(lang, "search/index.json")), Box::new(move || self.search_index(lang))));
            for page in &events {
                if let Some(url) = self.ics_url(lang, &page.key) {
                    let key = page.key.as_str();
                    work.push((self.file_of(&url), Box::new(move || self.calendar(lang, &[key]))));
                }
            }
        }
        let files: Vec<(String, String)> = work.into_par_iter().map(|(path, make)| (path, make())).collect();
        for (path, text) in files {
            output.insert(path, text.into_bytes());
        }
    }

    fn in_scope(&self, job: &Job, scope: &Scope<'_>) -> bool {
        let (keys, lists) = match scope {
            Scope::All => return true,
            Scope::Pages(keys) => return matches!(job, Job::Page(k) if keys.contains(k)),
            Scope::Around { keys, lists } => (keys, *lists),
        };
        if !lists {
            return false;
        }
        match job {
            Job::Page(key) => {
                let Some(page) = self.site.page(key, self.default_language()) else {
                    return false;
                };
                !keys.contains(key) && page.is_section
                    // Events show their parent and segments: a changed event re-renders its siblings.
                    || matches!(page.typed, Typed::Event(_))
                        && keys.iter().any(|k| self.site.page(k, self.default_language()).is_some_and(|c| c.section == page.section))
            }
            Job::Champion(_) | Job::NotFound | Job::Search => false,
            Job::Home | Job::Special(_) | Job::Objective(_) | Job::RoundTable(_) | Job::Principle(_) => true,
        }
    }

    /// What wrote a file, for messages: a content file, or the built-in page it is.
    fn job_source(&self, job: &Job) -> (String, Option<usize>) {
        let builtin = |what: String| (format!("(built-in) {what}"), None);
        match job {
            Job::Page(key) => match self.site.page(key, self.default_language()) {
                Some(p) => (p.file.clone(), p.key_line("slug")),
                None => (format!("content/{key}"), None),
            },
            Job::Home => builtin("home page".to_string()),
            Job::Special(folder) => builtin(format!("{folder} index")),
            Job::Objective(n) => builtin(format!("index of objective {n}")),
            Job::RoundTable(n) => builtin(format!("index of round table {n}")),
            Job::Principle(i) => builtin(format!("index of principle {}", i + 1)),
            Job::Champion(i) => builtin(format!("page of champion country {}", i + 1)),
            Job::Search => builtin("search page".to_string()),
            Job::NotFound => builtin("404 page".to_string()),
        }
    }

    /// Two jobs wrote one output file: reported at the content file, once per language's file.
    fn report_collision(&self, path: &str, first: &Job, second: &Job, diags: &mut Diagnostics) {
        let (a, a_line) = self.job_source(first);
        let (b, b_line) = self.job_source(second);
        // Name the content file first: that is the one an author can rename.
        let ((file, line), other) = if matches!(second, Job::Page(_)) { ((b, b_line), a) } else { ((a, a_line), b) };
        diags.push_diagnostic(Diagnostic {
            path: file,
            line,
            column: None,
            severity: Severity::Error,
            message: format!("writes the same output file `{path}` as {other}: change its `slug` or file name"),
        });
    }

    fn special_exists(&self, folder: &str) -> bool {
        match folder {
            "champions" => self.site.data.champions.is_some(),
            "resources" => self.site.data.resources.is_some(),
            _ => true,
        }
    }

    // ----- URLs -------------------------------------------------------------------------------

    pub(super) fn url(&self, lang: &str, path: &str) -> String {
        format!("{}/{lang}/{path}", self.base_path)
    }

    /// The URL of a page (by key) in a language: its translation's path, or the source's.
    pub fn page_url(&self, key: &str, lang: &str) -> Option<String> {
        let page = self.site.page(key, lang).or_else(|| self.site.page(key, self.default_language()))?;
        Some(self.url(lang, &page_path(page)))
    }

    fn permalink(&self, url: &str) -> String {
        let origin = self.site.config.base_url.strip_suffix(&self.base_path).unwrap_or(&self.site.config.base_url);
        format!("{origin}{url}")
    }

    fn objective_url(&self, lang: &str, n: u8) -> String {
        self.url(lang, &format!("objectives/{n}/"))
    }

    fn round_table_url(&self, lang: &str, n: u8) -> String {
        self.url(lang, &format!("round-tables/{n}/"))
    }

    fn principle_url(&self, lang: &str, key: &str) -> String {
        self.url(lang, &format!("principles/{key}/"))
    }

    fn champion_url(&self, lang: &str, iso: &str) -> String {
        self.url(lang, &format!("champions/{}/", iso.to_ascii_lowercase()))
    }

    /// The output file of a URL of the site: `…/index.html` for a folder URL.
    fn file_of(&self, url: &str) -> String {
        crate::paths::output_file(url.strip_prefix(&self.base_path).unwrap_or(url))
    }

    /// The HTML of a page's body in `lang`, its `@/` links resolved (to absolute URLs for feeds).
    fn body_html(&self, page: &Page, lang: &str, absolute: bool) -> String {
        let Some(rendered) = self.rendered_of(page) else {
            return String::new();
        };
        let url_of = |k: &str| {
            let url = self.page_url(k, lang)?;
            Some(if absolute { self.permalink(&url) } else { url })
        };
        match markdown::resolve_links(&rendered.html, &rendered.links, url_of) {
            Ok(html) => html,
            Err(target) => {
                // A missing page was reported by the link check; anything else is a bug to report.
                if self.site.page(&target, self.default_language()).is_some() {
                    let d = Diagnostic {
                        path: page.file.clone(),
                        line: None,
                        column: None,
                        severity: Severity::Error,
                        message: format!("internal error: the link to `@/{target}` could not be resolved"),
                    };
                    self.problems.lock().unwrap_or_else(|e| e.into_inner()).push(d);
                }
                String::new()
            }
        }
    }

    // ----- Views ------------------------------------------------------------------------------

    fn site_view(&self, lang: &str, current_url: &str) -> SiteView {
        let language = self.site.config.language(lang).expect("rendering a declared language");
        SiteView {
            title: language.title.clone(),
            description: self.site.config.description.clone(),
            base_url: self.site.config.base_url.clone(),
            home_url: self.url(lang, ""),
            style_url: format!("{}/style.css", self.base_path),
            lang: lang.to_string(),
            dir: dir_name(language.dir),
            default_language: self.default_language().to_string(),
            nav: self.nav(lang, current_url),
            search_url: self.url(lang, "search/"),
            search_script: format!("{}/search.js", self.base_path),
        }
    }

    fn nav(&self, lang: &str, current_url: &str) -> Vec<NavItem> {
        self.nav[lang]
            .iter()
            .map(|(title, url)| NavItem {
                current: current_url.starts_with(url),
                title: title.clone(),
                url: url.clone(),
            })
            .collect()
    }

    /// The navigation of each language: top-level sections and built-in indexes, by weight.
    fn build_nav(&self) -> HashMap<String, Vec<(String, String)>> {
        let tops: Vec<&Page> =
            self.site.sources().filter(|p| p.is_section && !p.section.is_empty() && !p.section.contains('/')).collect();
        let mut all = HashMap::new();
        for lang in &self.site.config.languages {
            let lang = lang.code.as_str();
            let mut entries: Vec<(i64, String, String)> = tops
                .iter()
                .map(|page| {
                    let shown = self.site.page(&page.key, lang).unwrap_or(page);
                    (page.weight, shown.title.clone(), self.url(lang, &page_path(page)))
                })
                .collect();
            for (folder, title_key, weight) in SPECIALS {
                if self.special_exists(folder)
                    && self.site.page(&section_index(folder), self.default_language()).is_none()
                {
                    entries.push((*weight, self.t(lang, title_key), self.url(lang, &format!("{folder}/"))));
                }
            }
            entries.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
            all.insert(lang.to_string(), entries.into_iter().map(|(_, t, u)| (t, u)).collect());
        }
        all
    }

    /// The language switcher and hreflang alternates of a page. `translated(lang)` says whether
    /// the page has its own text in that language.
    fn languages(
        &self,
        lang: &str,
        url_in: impl Fn(&str) -> String,
        translated: impl Fn(&str) -> bool,
    ) -> (Vec<LanguageLink>, Vec<Alternate>) {
        let mut links = Vec::new();
        let mut alternates = Vec::new();
        for l in &self.site.config.languages {
            let url = url_in(&l.code);
            let fallback = !translated(&l.code);
            if !fallback {
                alternates.push(Alternate { hreflang: l.code.clone(), href: self.permalink(&url) });
            }
            links.push(LanguageLink {
                code: l.code.clone(),
                name: l.name.clone(),
                dir: dir_name(l.dir),
                url,
                current: l.code == lang,
                fallback,
            });
        }
        (links, alternates)
    }

    fn localized(&self, text: &crate::content::data::Text, lang: &str) -> Localized {
        text.get(lang, self.default_language())
    }

    fn objective_ref(&self, lang: &str, n: u8) -> ObjectiveRef {
        let o = self.site.data.objectives.iter().find(|o| o.number == n);
        ObjectiveRef {
            number: n,
            title: o.map(|o| self.localized(&o.title, lang)).unwrap_or_else(|| Localized {
                text: format!("{} {n}", self.t(lang, "objective")),
                lang: lang.to_string(),
                fallback: false,
            }),
            short: o.and_then(|o| o.short.as_ref()).map(|s| self.localized(s, lang)),
            url: self.objective_url(lang, n),
        }
    }

    fn round_table_ref(&self, lang: &str, n: u8) -> RoundTableRef {
        RoundTableRef {
            number: n,
            title: self.t(lang, "round_table_n").replace("{n}", &n.to_string()),
            url: self.round_table_url(lang, n),
        }
    }

    fn principle_ref(&self, lang: &str, p: &crate::content::data::Principle) -> PrincipleRef {
        PrincipleRef {
            key: p.key.clone(),
            letter: p.letter.clone(),
            name: self.localized(&p.name, lang),
            url: self.principle_url(lang, &p.key),
        }
    }

    /// The page as shown in `lang`: its translation, or the source as a fallback.
    fn shown(&self, key: &str, lang: &str) -> Option<(&'a Page, bool)> {
        if let Some(p) = self.site.page(key, lang) {
            return Some((p, false));
        }
        self.site.page(key, self.default_language()).map(|p| (p, lang != self.default_language()))
    }

    fn rendered_of(&self, page: &Page) -> Option<&Rendered> {
        cached(self.rendered, &page.key, &page.lang)
    }

    fn item(&self, key: &str, lang: &str) -> Option<Item> {
        let (page, fallback) = self.shown(key, lang)?;
        let strings = self.strings(lang);
        let label = match &page.typed {
            Typed::Event(e) => Some(self.t(lang, &format!("event_kind_{}", e.kind))),
            Typed::Note(n) => Some(self.t(lang, &format!("note_kind_{}", n.kind))),
            Typed::Dialogue(d) => Some(match page.round_table {
                Some(n) => self.t(lang, "round_table_n").replace("{n}", &n.to_string()),
                None => d.cluster.clone().unwrap_or_default(),
            }),
            Typed::Plain => None,
        };
        let date = page.sort_date();
        Some(Item {
            title: page.title.clone(),
            url: self.page_url(key, lang)?,
            summary: self.summary_of(page),
            lang: page.lang.clone(),
            dir: self.dir_of(&page.lang),
            fallback,
            date: date.map(|d| i18n::format_date(d, strings)),
            date_iso: date.map(|d| d.to_string()),
            external: false,
            label,
        })
    }

    fn summary_of(&self, page: &Page) -> String {
        page.summary
            .clone()
            .unwrap_or_else(|| self.rendered_of(page).map(|r| r.first_paragraph.clone()).unwrap_or_default())
    }

    fn dir_of(&self, lang: &str) -> String {
        self.site.config.language(lang).map_or_else(|| "ltr".to_string(), |l| dir_name(l.dir))
    }

    /// The `page` view of a content page (or of a built-in index without one, when `page` is None).
    fn page_view(&self, lang: &str, key: Option<&str>, url: String, title_key: Option<&str>) -> PageView {
        let strings = self.strings(lang);
        let shown = key.and_then(|k| self.shown(k, lang));
        let (mut view, translated_key): (PageView, Option<String>) = match shown {
            Some((page, fallback)) => {
                let html = self.body_html(page, lang, false);
                let description = truncate(&self.summary_of(page), 160);
                let key = page.key.clone();
                let view = PageView {
                    title: page.title.clone(),
                    description,
                    content: html,
                    lang: page.lang.clone(),
                    dir: self.dir_of(&page.lang),
                    fallback,
                    date: page.date.map(|d| i18n::format_date(d, strings)),
                    date_iso: page.date.map(|d| d.to_string()),
                    objectives: page.objectives.iter().map(|&n| self.objective_ref(lang, n)).collect(),
                    principles: page
                        .principles
                        .iter()
                        .filter_map(|k| self.site.data.principle(k))
                        .map(|p| self.principle_ref(lang, p))
                        .collect(),
                    round_table: page.round_table.map(|n| self.round_table_ref(lang, n)),
                    section: self.section_ref(page, lang),
                    extra: page.extra.clone(),
                    ..PageView::default()
                };
                (view, Some(key))
            }
            None => {
                let view = PageView {
                    title: title_key.map(|k| self.t(lang, k)).unwrap_or_default(),
                    lang: lang.to_string(),
                    dir: self.dir_of(lang),
                    ..PageView::default()
                };
                (view, None)
            }
        };
        if let (Some(k), Some(_)) = (title_key, shown) {
            // A built-in index keeps its translated UI title when its intro page falls back.
            if view.fallback {
                view.title = self.t(lang, k);
            }
        }
        if view.description.is_empty() {
            view.description = truncate(&self.site.config.description, 160);
        }
        let url_in = |l: &str| match key {
            Some(k) if !is_special_key(k) => self.page_url(k, l).unwrap_or_default(),
            _ => url.replacen(&format!("{}/{lang}/", self.base_path), &format!("{}/{l}/", self.base_path), 1),
        };
        let translated_in = |l: &str| match &translated_key {
            Some(k) => l == self.default_language() || self.site.page(k, l).is_some(),
            None => true,
        };
        let (languages, alternates) = self.languages(lang, url_in, translated_in);
        view.languages = languages;
        view.alternates = alternates;
        // A fallback shows the default language's text: its canonical page is the original.
        view.permalink = match key {
            Some(k) if view.fallback => self.permalink(&self.page_url(k, self.default_language()).unwrap_or_default()),
            _ => self.permalink(&url),
        };
        view.url = url;
        view
    }

    fn section_ref(&self, page: &Page, lang: &str) -> Option<SectionRef> {
        if page.section.is_empty() && page.is_section {
            return None;
        }
        let parent = if page.is_section {
            section_index(crate::paths::parent_section(&page.section))
        } else {
            section_index(&page.section)
        };
        let (p, _) = self.shown(&parent, lang)?;
        Some(SectionRef { title: p.title.clone(), url: self.page_url(&parent, lang)? })
    }

    // ----- Rendering --------------------------------------------------------------------------

    fn render_job(&self, lang: &str, job: &Job) -> Result<(String, String), (Diagnostic, String)> {
        // The UI strings and data, converted once per language; cloning them is cheaper.
        let mut ctx = self.contexts[lang].clone();
        let (template, url) = match job {
            Job::Page(key) => self.page_context(lang, key, &mut ctx),
            Job::Home => {
                let url = self.url(lang, "");
                let mut page = self.page_view(lang, None, url.clone(), None);
                page.title = self.site.config.language(lang).map_or_else(String::new, |l| l.title.clone());
                ctx.insert("page", &page);
                self.home_context(lang, &mut ctx);
                ("home.html".to_string(), url)
            }
            Job::Special(folder) => {
                let url = self.url(lang, &format!("{folder}/"));
                self.special_context(lang, folder, None, url.clone(), &mut ctx);
                (format!("{}.html", folder.replace('-', "_")), url)
            }
            Job::Objective(n) => self.objective_context(lang, *n, &mut ctx),
            Job::RoundTable(n) => self.round_table_context(lang, *n, &mut ctx),
            Job::Principle(i) => self.principle_context(lang, *i, &mut ctx),
            Job::Champion(i) => self.champion_context(lang, *i, &mut ctx),
            Job::Search => {
                let url = self.url(lang, "search/");
                let mut page = self.page_view(lang, None, url.clone(), Some("search"));
                page.description = self.t(lang, "search_label");
                ctx.insert("page", &page);
                ctx.insert("index_url", &self.url(lang, "search/index.json"));
                ("search.html".to_string(), url)
            }
            Job::NotFound => {
                let url = self.url(lang, "404.html");
                let mut page = self.page_view(lang, None, url.clone(), Some("not_found_title"));
                page.permalink = String::new();
                ctx.insert("page", &page);
                ("404.html".to_string(), url)
            }
        };
        ctx.insert("site", &self.site_view(lang, &url));
        let html = self.theme.tera.render(&template, &ctx).map_err(|e| {
            let d = self.template_error(&template, &e, &url);
            let cause = theme::tera_error(&e).1;
            (d, cause)
        })?;
        // The last check before publishing: whatever a template printed obeys the URL policy.
        if let Some(refused) = crate::urls::refused_in_html(&html) {
            let (file, line) = self.job_source(job);
            let message = format!(
                "{url} would publish a link to `{refused}`, which the URL policy refuses \
                 (printed by the template {template})"
            );
            let d = Diagnostic { path: file, line, column: None, severity: Severity::Error, message };
            return Err((d, refused));
        }
        Ok((self.file_of(&url), html))
    }

    fn template_error(&self, template: &str, e: &tera::Error, url: &str) -> Diagnostic {
        let (line, message) = theme::tera_error(e);
        let own = self.site.root.join("themes").join(&self.site.config.theme).join("templates").join(template);
        let theme_dir = if own.is_file() { self.site.config.theme.as_str() } else { "default" };
        Diagnostic {
            path: format!("themes/{theme_dir}/templates/{template}"),
            line,
            column: None,
            severity: Severity::Error,
            message: format!("{message} (while rendering {url})"),
        }
    }

    fn language_picker(&self) -> Result<(String, String), Diagnostic> {
        let default = self.default_language();
        let mut ctx = tera::Context::new();
        let url = format!("{}/", self.base_path);
        let (languages, alternates) = self.languages(default, |l| self.url(l, ""), |_| true);
        let page = PageView {
            title: self.site.config.title.clone(),
            description: truncate(&self.site.config.description, 160),
            url: url.clone(),
            permalink: self.permalink(&url),
            lang: default.to_string(),
            dir: self.dir_of(default),
            languages,
            alternates,
            ..PageView::default()
        };
        ctx.insert("page", &page);
        ctx.insert("site", &self.site_view(default, &url));
        ctx.insert("t", self.strings(default));
        ctx.insert("data", &self.site.data.other);
        let template = "language_picker.html";
        self.theme
            .tera
            .render(template, &ctx)
            .map(|html| ("index.html".to_string(), html))
            .map_err(|e| self.template_error(template, &e, &url))
    }
}

fn is_special_key(key: &str) -> bool {
    SPECIALS.iter().any(|(folder, _, _)| key == section_index(folder))
}

fn dir_name(dir: crate::config::Direction) -> String {
    match dir {
        crate::config::Direction::Ltr => "ltr".into(),
        crate::config::Direction::Rtl => "rtl".into(),
    }
}

/// At most `max` characters, cut at a word boundary with an ellipsis.
fn truncate(s: &str, max: usize) -> String {
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
fn section_template(t: SectionType) -> &'static str {
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
