//! The read-only view of the model that every renderer works from: URLs of every kind of page,
//! the page shown in each language (its translation or the fallback), the small typed views
//! templates receive (items, references, the `page` and `site` views), and rendering a template
//! into a checked page. It knows no kind of output; the renderers in this folder do.

use super::indexes::IndexKind;
use super::values::Values;
use super::views::*;
use super::{cached, dir_name, truncate, Model, Provenance, RenderedPage, TemplateFailure};
use crate::content::data::Localized;
use crate::content::{page_path, Page, Typed};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{self, Rendered};
use crate::paths::section_index;
use crate::theme::{self, Strings};
use std::collections::HashMap;

/// What an index of tagged pages gathers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Tag<'a> {
    Objective(u8),
    RoundTable(u8),
    /// By the principle's key.
    Principle(&'a str),
}

/// The pages of one section folder with a tag, each with its place among the source pages.
pub(super) struct Tagged<'a> {
    pub(super) section: &'a str,
    pub(super) pages: Vec<(usize, &'a Page)>,
}

impl Tag<'_> {
    /// Whether the index of this tag lists the resource link `r`.
    pub(super) fn lists(self, r: &crate::content::data::Resource) -> bool {
        match self {
            Tag::Objective(n) => r.objectives.contains(&n),
            Tag::RoundTable(_) => false,
            Tag::Principle(key) => r.principles.iter().any(|k| k == key),
        }
    }
}

/// What renderers share: the model, and what is computed once for all pages.
pub(crate) struct Context<'a> {
    pub(super) site: &'a crate::content::Site,
    pub(super) theme: &'a crate::theme::Theme,
    rendered: &'a super::MarkdownCache,
    /// The pictures pages show.
    pub(super) media: &'a crate::images::Media,
    /// Every URL the site makes.
    pub(super) urls: super::site_urls::Urls<'a>,
    /// Pages per section folder, in display order.
    pub(super) children: HashMap<String, Vec<&'a Page>>,
    /// The pages of each tag, by section folder (in the order a section's first such page
    /// comes), each with its place among the source pages: what an index of tagged pages lists,
    /// gathered once rather than by each of its pages.
    pub(super) tagged: HashMap<Tag<'a>, Vec<Tagged<'a>>>,
    /// Navigation entries (title, URL) per language.
    nav: HashMap<String, Vec<NavItem>>,
    /// The templates and their contexts: what renders a page.
    pub(super) templates: super::templates::Templates<'a>,
    /// The search entries kept between renders, if any.
    pub(super) search_memo: Option<&'a super::search::Memo>,
    /// The build cache's search entries, if the build uses the cache.
    pub(super) search_store: Option<&'a crate::cache::Entries>,
    interrupt: Option<&'a std::sync::atomic::AtomicBool>,
    /// Rendered for `imrf serve` (see [`super::Run::cms_local`]).
    pub(super) cms_local: bool,
    /// The translations behind their source, when the bodies are gone ([`Model::behind`]).
    behind: Option<&'a std::collections::HashSet<(crate::content::PageKey, crate::content::Lang)>>,
    /// The data texts behind their source ([`crate::i18n::data::behind`]).
    data_behind: std::collections::HashSet<String>,
    /// Problems met while rendering (a link that could not be resolved), reported with the rest.
    pub(super) problems: std::sync::Mutex<Vec<Diagnostic>>,
}

impl<'a> Context<'a> {
    pub(super) fn new(model: &'a Model, run: &'a super::Run, staging: Option<&'a crate::output::Staging>) -> Self {
        let Model { site, theme, markdown: rendered, media, behind } = model;
        let super::Run { search_memo, search_store, interrupt, cms_local, served } = run;
        let earlier = match (staging, served) {
            (Some(staging), _) => super::deps::Earlier::Folder(staging),
            (None, Some(served)) => super::deps::Earlier::Served(served),
            (None, None) => super::deps::Earlier::Nothing,
        };
        let mut children: HashMap<String, Vec<&Page>> = HashMap::new();
        for page in site.sources() {
            if !page.is_section {
                children.entry(page.section.clone()).or_default().push(page);
            }
        }
        let mut tagged: HashMap<Tag, Vec<Tagged>> = HashMap::new();
        for (i, page) in site.sources().enumerate().filter(|(_, p)| !p.is_section) {
            let mut tags: Vec<Tag> = page.objectives.iter().map(|&n| Tag::Objective(n)).collect();
            tags.extend(page.round_table.map(Tag::RoundTable));
            tags.extend(page.principles.iter().map(|k| Tag::Principle(k.as_str())));
            tags.sort();
            tags.dedup();
            for tag in tags {
                let sections = tagged.entry(tag).or_default();
                match sections.iter_mut().find(|t| t.section == page.section) {
                    Some(t) => t.pages.push((i, page)),
                    None => sections.push(Tagged { section: &page.section, pages: vec![(i, page)] }),
                }
            }
        }
        for list in children.values_mut() {
            list.sort_by(|a, b| {
                (a.weight, a.sort_date(), &a.title, &a.key).cmp(&(b.weight, b.sort_date(), &b.title, &b.key))
            });
        }
        let mut cx = Context {
            site,
            theme,
            rendered,
            media,
            urls: super::site_urls::Urls::new(site),
            children,
            tagged,
            nav: HashMap::new(),
            templates: super::templates::Templates::new(site, theme, earlier),
            search_memo: search_memo.as_ref(),
            search_store: search_store.as_ref(),
            interrupt: interrupt.as_deref(),
            cms_local: *cms_local,
            behind: behind.as_ref(),
            data_behind: crate::i18n::data::behind(site),
            problems: std::sync::Mutex::new(Vec::new()),
        };
        cx.nav = cx.build_nav();
        cx
    }

    /// Whether the render was asked to stop (see [`Model::interrupt`]).
    pub(super) fn cancelled(&self) -> bool {
        self.interrupt.is_some_and(|flag| flag.load(std::sync::atomic::Ordering::Relaxed))
    }

    pub(super) fn default_language(&self) -> &str {
        &self.site.config.default_language
    }

    pub(super) fn strings(&self, lang: &str) -> &Strings {
        &self.theme.strings[lang]
    }

    pub(super) fn t(&self, lang: &str, key: &str) -> String {
        theme::text(self.strings(lang), key).to_string()
    }

    /// The HTML of a page's body in `lang`, its `@/` links resolved (to absolute URLs for feeds).
    pub(super) fn body_html(&self, page: &Page, lang: &str, absolute: bool) -> String {
        let Some(rendered) = self.rendered_of(page) else {
            return String::new();
        };
        let url_of = |k: &str| {
            let url = self.urls.page(k, lang)?;
            Some(if absolute { self.urls.permalink(&url) } else { url })
        };
        match markdown::resolve_links(rendered, url_of) {
            Ok(html) => {
                let prefix =
                    if absolute { self.urls.permalink(&self.urls.base_path) } else { self.urls.base_path.clone() };
                let tags = self.media.tags(&page.section, &rendered.images, &self.urls.base_path, &prefix);
                let html = crate::images::Media::fill(html, &tags);
                let mut html = match rendered.shortcodes.is_empty() {
                    true => html,
                    false => super::shortcodes::fill(self, page, lang, html, &rendered.shortcodes, &prefix),
                };
                crate::images::eager_first(&mut html);
                html
            }
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

    /// What a page's body in `lang` (with relative URLs) is made of, as a key that can stand
    /// for the body in the page's key: the bytes of its compressed HTML and where its link
    /// markers are, each link's target, URL and anchor, and the HTML of each picture. The body
    /// is a function of these alone ([`Context::body_html`]), so a page whose key did not change
    /// is kept without its body being made. `None` where the body depends on more (shortcodes,
    /// whose templates see the site) or where a link does not resolve (the body reports it):
    /// the body is then made, and stands for itself.
    fn body_key(&self, page: &Page, lang: &str) -> Option<String> {
        let rendered = self.rendered_of(page)?;
        if !rendered.shortcodes.is_empty() {
            return None;
        }
        let mut hasher = crate::hash::KeyHasher::default();
        rendered.html.with_bytes(|bytes| hasher.add(bytes));
        for m in &rendered.markers {
            hasher.add(&[m.start.to_le_bytes(), m.end.to_le_bytes()].concat());
        }
        hasher.add(&rendered.links.len().to_le_bytes());
        for link in &rendered.links {
            let url = self.urls.page(&link.target, lang)?;
            let anchor = link.anchor.as_ref().map(|a| format!("#{a}")).unwrap_or_default();
            for part in [link.target.as_str(), &url, &anchor] {
                hasher.add(part.as_bytes());
            }
        }
        let base = &self.urls.base_path;
        for tag in self.media.tags(&page.section, &rendered.images, base, base) {
            hasher.add(tag.as_bytes());
        }
        Some(format!("\0body {}", hasher.finish()))
    }

    pub(super) fn site_view(&self, lang: &str, current_url: &str) -> SiteView {
        let language = self.site.config.language(lang).expect("rendering a declared language");
        SiteView {
            title: language.title.clone(),
            description: self.site.config.description.clone(),
            base_url: self.site.config.base_url.clone(),
            home_url: self.urls.url(lang, ""),
            style_url: self.urls.site("style.css"),
            base_path: self.urls.base_path.clone(),
            lang: lang.to_string(),
            dir: dir_name(language.dir),
            default_language: self.default_language().to_string(),
            nav: self.nav(lang, current_url),
            search_url: self.urls.url(lang, "search/"),
            search_script: self.urls.site("search.js"),
        }
    }

    pub(super) fn nav(&self, lang: &str, current_url: &str) -> Vec<NavItem> {
        self.nav[lang]
            .iter()
            .map(|item| NavItem { current: current_url.starts_with(&item.url), ..item.clone() })
            .collect()
    }

    /// The navigation of each language: top-level sections and built-in indexes, by weight.
    pub(super) fn build_nav(&self) -> HashMap<String, Vec<NavItem>> {
        let tops: Vec<&Page> =
            self.site.sources().filter(|p| p.is_section && !p.section.is_empty() && !p.section.contains('/')).collect();
        let mut all = HashMap::new();
        for lang in &self.site.config.languages {
            let lang = lang.code.as_str();
            let item = |title: String, url: String| NavItem { title, url, current: false };
            let mut entries: Vec<(i64, NavItem)> = tops
                .iter()
                .map(|page| {
                    let shown = self.site.page(&page.key, lang).unwrap_or(page);
                    (page.weight, item(title_of(shown), self.urls.url(lang, page_path(page))))
                })
                .collect();
            for kind in IndexKind::ALL.into_iter().filter(|k| k.built_in(self.site)) {
                let url = self.urls.url(lang, &format!("{}/", kind.folder()));
                entries.push((kind.nav_weight(), item(self.t(lang, kind.title_key()), url)));
            }
            // By weight, then URL.
            entries.sort_by(|a, b| (a.0, &a.1.url).cmp(&(b.0, &b.1.url)));
            all.insert(lang.to_string(), entries.into_iter().map(|(_, item)| item).collect());
        }
        all
    }

    /// The language switcher and hreflang alternates of a page. `translated(lang)` says whether
    /// the page has its own text in that language.
    pub(super) fn languages(
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
                alternates.push(Alternate { hreflang: l.code.to_string(), href: self.urls.permalink(&url) });
            }
            links.push(LanguageLink {
                code: l.code.to_string(),
                name: l.name.clone(),
                dir: dir_name(l.dir),
                url,
                current: l.code == lang,
                fallback,
            });
        }
        (links, alternates)
    }

    pub(super) fn localized(&self, text: &crate::content::data::Text, lang: &str) -> Localized {
        text.get(lang, self.default_language())
    }

    /// A data text (`field` of `entry` in the data file `stem`) in `lang`, with the reader's
    /// notice when its translation is behind its source.
    pub(super) fn data_text(
        &self,
        text: &crate::content::data::Text,
        lang: &str,
        (stem, entry, field): (&str, &str, &str),
    ) -> Localized {
        self.mark_behind(text.get(lang, self.default_language()), (stem, entry, field))
    }

    /// `shown`, with the reader's notice when it is a translation of the data text (`stem`,
    /// `entry`, `field`) behind its source.
    pub(super) fn mark_behind(&self, mut shown: Localized, (stem, entry, field): (&str, &str, &str)) -> Localized {
        let key = crate::i18n::data::behind_key(stem, entry, field, &shown.lang);
        if !shown.fallback && self.data_behind.contains(&key) {
            shown.behind = Some(self.t(&shown.lang, "data_behind"));
        }
        shown
    }

    pub(super) fn objective_ref(&self, lang: &str, n: u8) -> ObjectiveRef {
        let o = self.site.data.objectives.iter().find(|o| o.number == n);
        let label = self.t(lang, "working_translation");
        let default = self.default_language();
        ObjectiveRef {
            number: n,
            title: o
                .map(|o| {
                    let shown = crate::content::data::official_or_working(
                        &o.title,
                        o.working_title.as_ref(),
                        lang,
                        default,
                        &label,
                    );
                    let field = if shown.working.is_some() { "working_title" } else { "title" };
                    self.mark_behind(shown, ("objectives", &n.to_string(), field))
                })
                .unwrap_or_else(|| Localized {
                    text: format!("{} {n}", self.t(lang, "objective")),
                    lang: lang.to_string(),
                    fallback: false,
                    working: None,
                    behind: None,
                }),
            short: o
                .and_then(|o| o.short.as_ref())
                .map(|s| self.data_text(s, lang, ("objectives", &n.to_string(), "short"))),
            url: self.urls.objective(lang, n),
        }
    }

    pub(super) fn round_table_ref(&self, lang: &str, n: u8) -> RoundTableRef {
        RoundTableRef {
            number: n,
            title: self.t(lang, "round_table_n").replace("{n}", &n.to_string()),
            url: self.urls.round_table(lang, n),
        }
    }

    pub(super) fn principle_ref(&self, lang: &str, p: &crate::content::data::Principle) -> PrincipleRef {
        PrincipleRef {
            key: p.key.clone(),
            letter: p.letter.clone(),
            name: {
                let shown = crate::content::data::official_or_working(
                    &p.name,
                    p.working_name.as_ref(),
                    lang,
                    self.default_language(),
                    &self.t(lang, "working_translation"),
                );
                let field = if shown.working.is_some() { "working_name" } else { "name" };
                self.mark_behind(shown, ("principles", &p.key, field))
            },
            url: self.urls.principle(lang, &p.key),
        }
    }

    /// The page as shown in `lang`: its translation, or the source as a fallback.
    pub(super) fn shown(&self, key: &str, lang: &str) -> Option<(&'a Page, bool)> {
        if let Some(p) = self.site.page(key, lang) {
            return Some((p, false));
        }
        self.site.page(key, self.default_language()).map(|p| (p, lang != self.default_language()))
    }

    pub(super) fn rendered_of(&self, page: &Page) -> Option<&Rendered> {
        cached(self.rendered, &page.key, &page.lang)
    }

    pub(super) fn item(&self, key: &str, lang: &str) -> Option<Item> {
        let (page, fallback) = self.shown(key, lang)?;
        let strings = self.strings(lang);
        let label = match &page.typed {
            Typed::Event(e) => Some(self.t(lang, e.kind.label_key())),
            Typed::Note(n) => Some(self.t(lang, n.kind.label_key())),
            Typed::Dialogue(d) => Some(match page.round_table {
                Some(n) => self.t(lang, "round_table_n").replace("{n}", &n.to_string()),
                None => d.cluster.clone().unwrap_or_default(),
            }),
            Typed::Plain => None,
        };
        let date = page.sort_date();
        Some(Item {
            title: title_of(page),
            url: self.urls.page(key, lang)?,
            summary: self.summary_of(page),
            lang: page.lang.to_string(),
            dir: self.dir_of(&page.lang),
            fallback,
            date: date.map(|d| When::day(d, strings)),
            external: false,
            label,
        })
    }

    /// A page's summary as readers see it: its `summary` with its language's typography, else the
    /// text of its first paragraph (which the Markdown stage gave it).
    pub(super) fn summary_of(&self, page: &Page) -> String {
        match &page.summary {
            Some(s) => crate::typography::apply(&page.lang, s).into_owned(),
            None => self.rendered_of(page).map(|r| r.first_paragraph.clone()).unwrap_or_default(),
        }
    }

    pub(super) fn dir_of(&self, lang: &str) -> String {
        self.site.config.language(lang).map_or_else(|| "ltr".to_string(), |l| dir_name(l.dir))
    }

    /// The `page` view of a content page (or of a built-in index without one, when `page` is None).
    pub(super) fn page_view(&self, lang: &str, key: Option<&str>, url: String, title_key: Option<&str>) -> PageView {
        self.view_of(lang, key, url, title_key, false).0
    }

    /// [`Context::page_view`], the body left out while the page's key says whether it must be
    /// rendered at all: `content` then holds the key of the body's inputs
    /// ([`Context::body_key`]), and [`Context::render_page`] puts the body in when it renders.
    pub(super) fn page_view_deferred(
        &self,
        lang: &str,
        key: &str,
        url: String,
    ) -> (PageView, Option<DeferredBody<'a>>) {
        self.view_of(lang, Some(key), url, None, self.templates.keys())
    }

    fn view_of(
        &self,
        lang: &str,
        key: Option<&str>,
        url: String,
        title_key: Option<&str>,
        defer: bool,
    ) -> (PageView, Option<DeferredBody<'a>>) {
        let strings = self.strings(lang);
        let shown = key.and_then(|k| self.shown(k, lang));
        let mut deferred = None;
        let (mut view, translated_key): (PageView, Option<String>) = match shown {
            Some((page, fallback)) => {
                let html = match defer.then(|| self.body_key(page, lang)).flatten() {
                    Some(marker) => {
                        deferred = Some(DeferredBody { page, marker: marker.clone() });
                        marker
                    }
                    None => self.body_html(page, lang, false),
                };
                let toc = self.rendered_of(page).map(|r| r.toc.clone()).unwrap_or_default();
                let source_changed = if fallback { None } else { self.source_changed(page) };
                let description = truncate(&self.summary_of(page), 160);
                let key = page.key.clone();
                let view = PageView {
                    title: title_of(page),
                    description,
                    content: html,
                    lang: page.lang.to_string(),
                    dir: self.dir_of(&page.lang),
                    fallback,
                    source_changed: source_changed.map(|d| When::day(d, strings)),
                    date: page.date.map(|d| When::day(d, strings)),
                    updated: page.updated.map(|d| When::day(d, strings)),
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
                    toc_entries: toc.iter().map(|h| 1 + h.children.len()).sum(),
                    toc,
                    ..PageView::default()
                };
                (view, Some(key.to_string()))
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
            Some(k) if IndexKind::of_intro(k).is_none() => self.urls.page(k, l).unwrap_or_default(),
            _ => url.replacen(&self.urls.url(lang, ""), &self.urls.url(l, ""), 1),
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
            Some(k) if view.fallback => {
                self.urls.permalink(&self.urls.page(k, self.default_language()).unwrap_or_default())
            }
            _ => self.urls.permalink(&url),
        };
        view.url = url;
        view.social = super::social::view(self, &view, shown.map(|(p, _)| p));
        (view, deferred)
    }

    /// For a translation behind its source, the day the source last changed.
    fn source_changed(&self, page: &Page) -> Option<crate::time::Date> {
        let source = self.site.page(&page.key, self.default_language()).filter(|s| s.lang != page.lang)?;
        let is_behind = match self.behind {
            Some(known) => known.contains(&(page.key.clone(), page.lang.clone())),
            None => crate::i18n::behind(source, page).is_some(),
        };
        if !is_behind {
            return None;
        }
        // When the source last changed: its last commit, or its file's time (content::history).
        source.updated
    }

    pub(super) fn section_ref(&self, page: &Page, lang: &str) -> Option<SectionRef> {
        if page.section.is_empty() && page.is_section {
            return None;
        }
        let parent = if page.is_section {
            section_index(crate::paths::parent_section(&page.section))
        } else {
            section_index(&page.section)
        };
        let (p, _) = self.shown(&parent, lang)?;
        Some(SectionRef { title: title_of(p), url: self.urls.page(&parent, lang)? })
    }

    /// The rendered Markdown of a page in a language.
    pub(super) fn rendered(&self, key: &str, lang: &str) -> Option<&Rendered> {
        cached(self.rendered, key, lang)
    }

    /// Renders `template` for the page at `url` in `lang`, whose own values are in `ctx` (the UI
    /// strings and data are added here): Tera, then the URL policy's last check, since templates
    /// print data they were given.
    ///
    /// A template sees nothing but its context, so the hash of the context (with the language's
    /// digest of the binary, the templates, the strings and data) is the key of the page: when
    /// the output folder holds the page's file rendered from the same key, untouched, the file
    /// is kept and nothing is rendered.
    ///
    /// A body left out of `ctx` (`deferred`, from [`Context::page_view_deferred`]) is made and
    /// put in only when the page is rendered.
    pub(super) fn render_page(
        &self,
        lang: &str,
        template: &str,
        url: &str,
        mut ctx: Values<'_>,
        deferred: Option<DeferredBody<'_>>,
        source: &Provenance,
    ) -> Result<RenderedPage, TemplateFailure> {
        ctx.insert("site", self.site_view(lang, url));
        let path = self.urls.file_of(url);
        let fill = |json: &mut serde_json::Value| {
            let Some(DeferredBody { page, marker }) = deferred else {
                return;
            };
            if let Some(content) = json.pointer_mut("/page/content").filter(|c| c.as_str() == Some(&marker)) {
                *content = self.body_html(page, lang, false).into();
            }
        };
        let target = super::templates::Target { lang, template, url, path };
        self.templates.render(target, ctx, fill, || source.located(self))
    }
}

/// A page's body left out of its context while its key is computed: `marker`, the key of the
/// body's inputs, stands in `page.content` until the page is rendered.
pub(super) struct DeferredBody<'a> {
    page: &'a Page,
    marker: String,
}

/// A page's title as readers see it: with its language's typography ([`crate::typography`]); the
/// file, and what translations record, keep the text as written.
pub(super) fn title_of(page: &Page) -> String {
    crate::typography::apply(&page.lang, &page.title).into_owned()
}
