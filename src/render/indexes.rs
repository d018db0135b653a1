//! The pages built from data and the built-in pages: the indexes of objectives, round tables,
//! principles, champion countries and resources (each item with its page), the home page of a
//! site without `content/_index.md`, the search page, the 404 pages and the root language picker.

use super::context::{Context, Tag, Tagged};
use super::pages;
use super::search;
use super::values::Values;
use super::views::*;
use super::{truncate, Files, Provenance, Render, Scope};
use crate::content::{Page, Site};
use crate::paths::section_index;
use std::collections::BTreeMap;

/// The built-in indexes backed by data, each in its own folder. A site may give one a title and
/// an intro by writing `content/<folder>/_index.md`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum IndexKind {
    Objectives,
    RoundTables,
    Principles,
    Champions,
    Resources,
}

impl IndexKind {
    pub(super) const ALL: [IndexKind; 5] = [
        IndexKind::Objectives,
        IndexKind::RoundTables,
        IndexKind::Principles,
        IndexKind::Champions,
        IndexKind::Resources,
    ];

    pub(super) fn folder(self) -> &'static str {
        match self {
            IndexKind::Objectives => "objectives",
            IndexKind::RoundTables => "round-tables",
            IndexKind::Principles => "principles",
            IndexKind::Champions => "champions",
            IndexKind::Resources => "resources",
        }
    }

    pub(super) fn template(self) -> &'static str {
        match self {
            IndexKind::Objectives => "objectives.html",
            IndexKind::RoundTables => "round_tables.html",
            IndexKind::Principles => "principles.html",
            IndexKind::Champions => "champions.html",
            IndexKind::Resources => "resources.html",
        }
    }

    /// The UI string of its title.
    pub(super) fn title_key(self) -> &'static str {
        match self {
            IndexKind::Objectives => "objectives_title",
            IndexKind::RoundTables => "round_tables_title",
            IndexKind::Principles => "principles_title",
            IndexKind::Champions => "champions_title",
            IndexKind::Resources => "resources_title",
        }
    }

    /// Its place in the navigation among the sections (by their `weight`).
    pub(super) fn nav_weight(self) -> i64 {
        match self {
            IndexKind::Objectives => 50,
            IndexKind::RoundTables => 51,
            IndexKind::Principles => 52,
            IndexKind::Champions => 60,
            IndexKind::Resources => 70,
        }
    }

    /// The index whose intro page is `key` (`objectives/_index.md`).
    pub(super) fn of_intro(key: &str) -> Option<IndexKind> {
        IndexKind::ALL.into_iter().find(|k| key == section_index(k.folder()))
    }

    /// Whether the site has the data of this index (champions and resources are optional).
    pub(super) fn has_data(self, site: &Site) -> bool {
        match self {
            IndexKind::Champions => site.data.champions.is_some(),
            IndexKind::Resources => site.data.resources.is_some(),
            _ => true,
        }
    }

    /// Whether the index is a built-in page: it has data, and no intro page of the site's.
    pub(super) fn built_in(self, site: &Site) -> bool {
        self.has_data(site) && site.page(&section_index(self.folder()), &site.config.default_language).is_none()
    }
}

/// One page this renderer makes, in every language.
#[derive(Debug, Clone, Copy)]
enum BuiltIn {
    /// The home page of a site without `content/_index.md`.
    Home,
    Index(IndexKind),
    Objective(u8),
    RoundTable(u8),
    /// By position in `principles.yaml`.
    Principle(usize),
    /// By position in `champions.yaml`.
    Champion(usize),
    Search,
    NotFound,
}

impl BuiltIn {
    /// What it is, for messages.
    fn describe(self) -> String {
        match self {
            BuiltIn::Home => "home page".to_string(),
            BuiltIn::Index(kind) => format!("{} index", kind.folder()),
            BuiltIn::Objective(n) => format!("index of objective {n}"),
            BuiltIn::RoundTable(n) => format!("index of round table {n}"),
            BuiltIn::Principle(i) => format!("index of principle {}", i + 1),
            BuiltIn::Champion(i) => format!("page of champion country {}", i + 1),
            BuiltIn::Search => "search page".to_string(),
            BuiltIn::NotFound => "404 page".to_string(),
        }
    }
}

/// Every built-in page of the site, in a stable order.
fn built_ins(site: &Site) -> Vec<BuiltIn> {
    let mut all = Vec::new();
    if site.page(&section_index(""), &site.config.default_language).is_none() {
        all.push(BuiltIn::Home);
    }
    all.extend(IndexKind::ALL.into_iter().filter(|k| k.built_in(site)).map(BuiltIn::Index));
    all.extend(site.data.objectives.iter().map(|o| BuiltIn::Objective(o.number)));
    all.extend(site.data.round_tables.iter().map(|r| BuiltIn::RoundTable(r.number)));
    all.extend((0..site.data.principles.len()).map(BuiltIn::Principle));
    all.extend((0..site.data.champions.as_ref().map_or(0, Vec::len)).map(BuiltIn::Champion));
    all.push(BuiltIn::Search);
    all.push(BuiltIn::NotFound);
    all
}

/// The paths below a language folder of the built-in pages that the sitemap lists (`objectives/`,
/// `search/`: every page but the 404), in the order of their output files.
pub(super) fn sitemap_paths(cx: &Context<'_>) -> Vec<String> {
    let lang = cx.default_language();
    let mut paths: Vec<String> = built_ins(cx.site)
        .into_iter()
        .filter(|b| !matches!(b, BuiltIn::NotFound))
        .map(|b| {
            let url = url_of(cx, lang, b);
            url[cx.urls.url(lang, "").len()..].to_string()
        })
        .collect();
    paths.sort_by_key(|p| format!("{p}index.html"));
    paths
}

/// The URL of a built-in page in `lang`.
fn url_of(cx: &Context<'_>, lang: &str, page: BuiltIn) -> String {
    match page {
        BuiltIn::Home => cx.urls.url(lang, ""),
        BuiltIn::Index(kind) => cx.urls.url(lang, &format!("{}/", kind.folder())),
        BuiltIn::Objective(n) => cx.urls.objective(lang, n),
        BuiltIn::RoundTable(n) => cx.urls.round_table(lang, n),
        BuiltIn::Principle(i) => cx.urls.principle(lang, &cx.site.data.principles[i].key),
        BuiltIn::Champion(i) => cx.urls.champion(lang, &cx.site.data.champions.as_ref().expect("job from data")[i].iso),
        BuiltIn::Search => cx.urls.url(lang, "search/"),
        BuiltIn::NotFound => cx.urls.url(lang, "404.html"),
    }
}

/// The renderer of the built-in pages.
pub(super) struct Indexes;

impl Render for Indexes {
    fn name(&self) -> &'static str {
        "indexes"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if !matches!(scope, Scope::All) {
            return;
        }
        let selected = built_ins(cx.site);
        // Each page of a paginated index is a job of its own.
        let pages: Vec<(BuiltIn, usize)> =
            selected.iter().flat_map(|b| (1..=page_count(cx, *b)).map(move |k| (*b, k))).collect();
        super::render_in_batches(cx, files, &pages, |lang, &(page, k)| {
            let mut ctx = Values::default();
            let (template, url) = context_of(cx, lang, page, k, &mut ctx);
            let source = Provenance::BuiltIn(page.describe());
            (cx.render_page(lang, &template, &url, ctx, None, &source), source)
        });
        files.page(language_picker(cx), Provenance::BuiltIn("language picker".to_string()));
        // The host's 404 page at the root is the default language's.
        files.copy(
            &format!("{}/404.html", cx.default_language()),
            "404.html",
            Provenance::BuiltIn("404 page".to_string()),
        );
    }
}

/// The tag an index of tagged pages gathers.
fn tag_of<'a>(cx: &Context<'a>, page: BuiltIn) -> Option<Tag<'a>> {
    match page {
        BuiltIn::Objective(n) => Some(Tag::Objective(n)),
        BuiltIn::RoundTable(n) => Some(Tag::RoundTable(n)),
        BuiltIn::Principle(i) => Some(Tag::Principle(cx.site.data.principles[i].key.as_str())),
        _ => None,
    }
}

/// How many items the index of `tag` lists: its pages and resource links.
fn listed_count(cx: &Context<'_>, tag: Tag<'_>) -> usize {
    let pages: usize = cx.tagged.get(&tag).map_or(0, |sections| sections.iter().map(|t| t.pages.len()).sum());
    pages + cx.site.data.resources.iter().flatten().filter(|r| tag.lists(r)).count()
}

/// A group of an index of tagged pages: its pages, made into items only where they are shown
/// (a page of 50 among 2,600 costs 50 items), or the resource links.
enum Listed<'a> {
    Pages(Vec<&'a Page>),
    Items(Vec<Item>),
}

impl Listed<'_> {
    fn len(&self) -> usize {
        match self {
            Listed::Pages(pages) => pages.len(),
            Listed::Items(items) => items.len(),
        }
    }

    /// The items of `range` of the group.
    fn items(self, cx: &Context<'_>, lang: &str, range: std::ops::Range<usize>) -> Vec<Item> {
        match self {
            Listed::Pages(pages) => pages[range].iter().filter_map(|p| cx.item(&p.key, lang)).collect(),
            Listed::Items(items) => items.into_iter().skip(range.start).take(range.len()).collect(),
        }
    }
}

/// What an index of tagged pages lists in `lang`: its pages by section (sections by weight,
/// then their title in `lang`), then the resource links.
fn tagged_groups<'a>(cx: &Context<'a>, lang: &str, page: BuiltIn) -> Vec<(String, Listed<'a>)> {
    let Some(tag) = tag_of(cx, page) else {
        return Vec::new();
    };
    let mut by_section: BTreeMap<(i64, String), Vec<(usize, &Page)>> = BTreeMap::new();
    for Tagged { section, pages } in cx.tagged.get(&tag).map_or(&[][..], Vec::as_slice) {
        let section_key = crate::paths::section_index(section);
        let (title, weight) = match cx.shown(&section_key, lang) {
            Some((s, _)) => {
                (super::context::title_of(s), cx.site.page(&section_key, cx.default_language()).map_or(0, |p| p.weight))
            }
            None => (section.to_string(), 0),
        };
        by_section.entry((weight, title)).or_default().extend(pages.iter().copied());
    }
    let mut groups: Vec<(String, Listed)> = by_section
        .into_iter()
        .map(|((_, title), mut pages)| {
            // Two sections of one title and weight are one group, in the site's order.
            pages.sort_by_key(|(i, _)| *i);
            (title, Listed::Pages(pages.into_iter().map(|(_, p)| p).collect()))
        })
        .collect();
    let resources: Vec<Item> = cx
        .site
        .data
        .resources
        .iter()
        .flatten()
        .enumerate()
        .filter(|(_, r)| tag.lists(r))
        .map(|(i, r)| {
            let entry = (i + 1).to_string();
            let title = cx.data_text(&r.title, lang, ("resources", &entry, "title"));
            Item {
                dir: cx.dir_of(&title.lang),
                title: title.text,
                url: r.url.clone(),
                summary: r
                    .summary
                    .as_ref()
                    .map(|s| cx.data_text(s, lang, ("resources", &entry, "summary")).text)
                    .unwrap_or_default(),
                lang: title.lang,
                fallback: title.fallback,
                date: None,
                external: true,
                label: Some(cx.t(lang, r.kind().label_key())),
            }
        })
        .collect();
    if !resources.is_empty() {
        groups.push((cx.t(lang, "resources_title"), Listed::Items(resources)));
    }
    groups
}

/// How many pages a built-in page takes: an index of tagged pages is split by `[pagination]
/// indexes` in site.toml.
fn page_count(cx: &Context<'_>, page: BuiltIn) -> usize {
    let by = cx.site.config.pagination.indexes;
    let Some(tag) = tag_of(cx, page).filter(|_| by > 0) else {
        return 1;
    };
    listed_count(cx, tag).div_ceil(by).max(1)
}

/// Inserts the page view and page `k` of the groups of an index of tagged pages, with the links
/// between its pages when `[pagination] indexes` splits it: only the items of page `k` are made.
fn insert_groups(
    cx: &Context<'_>,
    lang: &str,
    mut page: PageView,
    listed: Vec<(String, Listed<'_>)>,
    k: usize,
    ctx: &mut Values<'_>,
) {
    let by = cx.site.config.pagination.indexes;
    if by == 0 {
        let groups: Vec<Group> = listed
            .into_iter()
            .map(|(title, l)| {
                let all = 0..l.len();
                Group { title, items: l.items(cx, lang, all) }
            })
            .collect();
        ctx.insert("page", page);
        ctx.insert("groups", groups);
        return;
    }
    let total = listed.iter().map(|(_, l)| l.len()).sum();
    let first_url = page.url.clone();
    let (shown, paginator) = pages::paginate_range(cx, lang, &first_url, total, by, k);
    // The items of this page, in their groups.
    let mut groups: Vec<Group> = Vec::new();
    let mut start = 0;
    for (title, l) in listed {
        let end = start + l.len();
        let from = shown.start.max(start);
        let to = shown.end.min(end);
        if from < to {
            groups.push(Group { title, items: l.items(cx, lang, from - start..to - start) });
        }
        start = end;
    }
    page.prev_url = paginator.prev_url.clone();
    page.next_url = paginator.next_url.clone();
    pages::on_page(cx, &mut page, &pages::paged_url(&first_url, k), k);
    ctx.insert("page", page);
    ctx.insert("groups", groups);
    ctx.insert("paginator", paginator);
}

/// The template context of page `k` of a built-in page; returns its template and URL.
fn context_of(cx: &Context<'_>, lang: &str, page: BuiltIn, k: usize, ctx: &mut Values<'_>) -> (String, String) {
    let url = url_of(cx, lang, page);
    match page {
        BuiltIn::Home => {
            let mut view = cx.page_view(lang, None, url.clone(), None);
            view.title = cx.site.config.language(lang).map_or_else(String::new, |l| l.title.clone());
            ctx.insert("page", view);
            pages::home_context(cx, lang, ctx);
            ("home.html".to_string(), url)
        }
        BuiltIn::Index(kind) => {
            index_context(cx, lang, kind, None, url.clone(), ctx);
            (kind.template().to_string(), url)
        }
        BuiltIn::Objective(n) => objective_context(cx, lang, n, k, ctx),
        BuiltIn::RoundTable(n) => round_table_context(cx, lang, n, k, ctx),
        BuiltIn::Principle(i) => principle_context(cx, lang, i, k, ctx),
        BuiltIn::Champion(i) => champion_context(cx, lang, i, ctx),
        BuiltIn::Search => {
            let mut view = cx.page_view(lang, None, url.clone(), Some("search"));
            view.description = cx.t(lang, "search_label");
            ctx.insert("page", view);
            ctx.insert("index_url", cx.urls.url(lang, "search/"));
            if search::terms::stemmer(lang).is_some() {
                ctx.insert("stemmer_runtime_url", cx.urls.site("stemmers/runtime.js"));
                ctx.insert("stemmer_url", cx.urls.site(&format!("stemmers/{lang}.js")));
            }
            ("search.html".to_string(), url)
        }
        BuiltIn::NotFound => {
            let mut view = cx.page_view(lang, None, url.clone(), Some("not_found_title"));
            view.permalink = String::new();
            ctx.insert("page", view);
            ("404.html".to_string(), url)
        }
    }
}

/// The root `index.html`: leads to the reader's language.
fn language_picker(cx: &Context<'_>) -> Result<super::RenderedPage, super::TemplateFailure> {
    let default = cx.default_language();
    let url = cx.urls.site("");
    let (languages, alternates) = cx.languages(default, |l| cx.urls.url(l, ""), |_| true);
    let mut page = PageView {
        title: cx.site.config.title.clone(),
        description: truncate(&cx.site.config.description, 160),
        url: url.clone(),
        permalink: cx.urls.permalink(&url),
        lang: default.to_string(),
        dir: cx.dir_of(default),
        languages,
        alternates,
        ..PageView::default()
    };
    page.social = super::social::view(cx, &page, None);
    let mut ctx = Values::default();
    ctx.insert("page", page);
    let source = Provenance::BuiltIn("language picker".to_string());
    let rendered = cx.render_page(default, "language_picker.html", &url, ctx, None, &source)?;
    Ok(super::RenderedPage { path: "index.html".to_string(), ..rendered })
}

/// The built-in index of a kind (objectives, round tables, principles, champions, resources),
/// with its intro page `intro` when the site has one.
pub(super) fn index_context(
    cx: &Context<'_>,
    lang: &str,
    kind: IndexKind,
    intro: Option<&str>,
    url: String,
    ctx: &mut Values<'_>,
) {
    let page = cx.page_view(lang, intro, url, Some(kind.title_key()));
    ctx.insert("page", page);
    match kind {
        IndexKind::Objectives => ctx.insert("objectives", objective_entries(cx, lang)),
        IndexKind::RoundTables => {
            let list: Vec<RoundTableView> =
                cx.site.data.round_tables.iter().map(|rt| round_table_view(cx, lang, rt)).collect();
            ctx.insert("round_tables", list);
        }
        IndexKind::Principles => ctx.insert("principles", principle_entries(cx, lang)),
        IndexKind::Champions => {
            ctx.insert("regions", champion_groups(cx, lang));
            ctx.insert("map", super::figures::champion_map(cx.site, lang, cx.strings(lang)));
        }
        IndexKind::Resources => ctx.insert("kinds", resource_groups(cx, lang)),
    }
}

fn objective_entries(cx: &Context<'_>, lang: &str) -> Vec<ObjectiveEntry> {
    let data = &cx.site.data;
    data.objectives
        .iter()
        .map(|o| ObjectiveEntry {
            objective: cx.objective_ref(lang, o.number),
            count: listed_count(cx, Tag::Objective(o.number)),
            round_table: data.round_table_of(o.number).map(|rt| cx.round_table_ref(lang, rt.number)),
        })
        .collect()
}

fn principle_entries(cx: &Context<'_>, lang: &str) -> Vec<PrincipleEntry> {
    let resources = cx.site.data.resources.iter().flatten();
    cx.site
        .data
        .principles
        .iter()
        .map(|p| PrincipleEntry {
            principle: cx.principle_ref(lang, p),
            count: cx.site.sources().filter(|pg| pg.principles.contains(&p.key)).count()
                + resources.clone().filter(|r| r.principles.contains(&p.key)).count(),
        })
        .collect()
}

/// Champion countries by region, each region's countries by name in the reader's language.
fn champion_groups(cx: &Context<'_>, lang: &str) -> Vec<ChampionGroup> {
    let mut by_region: BTreeMap<crate::content::kinds::Region, Vec<ChampionView>> = BTreeMap::new();
    for c in cx.site.data.champions.iter().flatten() {
        by_region.entry(c.region()).or_default().push(champion_view(cx, lang, c));
    }
    let mut groups: Vec<ChampionGroup> = by_region
        .into_iter()
        .map(|(region, mut champions)| {
            champions.sort_by(|a, b| a.name.text.cmp(&b.name.text));
            ChampionGroup { title: cx.t(lang, region.label_key()), champions }
        })
        .collect();
    groups.sort_by(|a, b| a.title.cmp(&b.title));
    groups
}

/// Resource links grouped by kind, in the order of `ResourceKind::ALL`.
fn resource_groups(cx: &Context<'_>, lang: &str) -> Vec<ResourceGroup> {
    let mut by_kind: BTreeMap<crate::content::kinds::ResourceKind, Vec<ResourceView>> = BTreeMap::new();
    for (i, r) in cx.site.data.resources.iter().flatten().enumerate() {
        let order = r.kind();
        let entry = (i + 1).to_string();
        by_kind.entry(order).or_default().push(ResourceView {
            title: cx.data_text(&r.title, lang, ("resources", &entry, "title")),
            url: r.url.clone(),
            kind_label: cx.t(lang, r.kind().label_key()),
            region_label: r.region().map(|g| cx.t(lang, g.label_key())),
            summary: r.summary.as_ref().map(|s| cx.data_text(s, lang, ("resources", &entry, "summary"))),
            objectives: r.objectives.iter().map(|&n| cx.objective_ref(lang, n)).collect(),
        });
    }
    by_kind.into_values().map(|resources| ResourceGroup { title: resources[0].kind_label.clone(), resources }).collect()
}

pub(super) fn round_table_view(cx: &Context<'_>, lang: &str, rt: &crate::content::data::RoundTable) -> RoundTableView {
    let r = cx.round_table_ref(lang, rt.number);
    RoundTableView {
        number: rt.number,
        title: r.title,
        url: r.url,
        summary: rt
            .summary
            .as_ref()
            .map(|s| cx.data_text(s, lang, ("round_tables", &rt.number.to_string(), "summary"))),
        objectives: rt.objectives.iter().map(|&n| cx.objective_ref(lang, n)).collect(),
        background_note_by: rt.background_note_by.clone(),
        count: cx.site.sources().filter(|p| !p.is_section && p.round_table == Some(rt.number)).count(),
    }
}

pub(super) fn champion_view(cx: &Context<'_>, lang: &str, c: &crate::content::data::Champion) -> ChampionView {
    ChampionView {
        name: cx.data_text(&c.name, lang, ("champions", &c.iso, "name")),
        iso: c.iso.clone(),
        region: c.region.clone(),
        region_label: cx.t(lang, c.region().label_key()),
        note: c.note.as_ref().map(|n| cx.data_text(n, lang, ("champions", &c.iso, "note"))),
        url: cx.urls.champion(lang, &c.iso),
    }
}

/// A page built from data: its `page` view with a title and a description.
fn data_page(cx: &Context<'_>, lang: &str, url: String, title: String, description: String) -> PageView {
    let mut page = cx.page_view(lang, None, url, None);
    page.title = title;
    page.description = truncate(&description, 160);
    page
}

fn objective_context(cx: &Context<'_>, lang: &str, n: u8, k: usize, ctx: &mut Values<'_>) -> (String, String) {
    let url = cx.urls.objective(lang, n);
    let objective = cx.objective_ref(lang, n);
    let title = format!("{} {n}", cx.t(lang, "objective"));
    let page = data_page(cx, lang, url.clone(), title, objective.title.text.clone());
    insert_groups(cx, lang, page, tagged_groups(cx, lang, BuiltIn::Objective(n)), k, ctx);
    ctx.insert("objective", objective);
    ctx.insert("round_table", cx.site.data.round_table_of(n).map(|rt| round_table_view(cx, lang, rt)));
    (String::from("objective.html"), pages::paged_url(&url, k))
}

fn round_table_context(cx: &Context<'_>, lang: &str, n: u8, k: usize, ctx: &mut Values<'_>) -> (String, String) {
    let rt = cx.site.data.round_tables.iter().find(|r| r.number == n).expect("job from data");
    let view = round_table_view(cx, lang, rt);
    let description = view.summary.as_ref().map(|s| s.text.clone()).unwrap_or_default();
    let page = data_page(cx, lang, view.url.clone(), view.title.clone(), description);
    insert_groups(cx, lang, page, tagged_groups(cx, lang, BuiltIn::RoundTable(n)), k, ctx);
    let url = pages::paged_url(&view.url, k);
    ctx.insert("round_table", view);
    ("round_table.html".to_string(), url)
}

fn principle_context(cx: &Context<'_>, lang: &str, i: usize, k: usize, ctx: &mut Values<'_>) -> (String, String) {
    let p = &cx.site.data.principles[i];
    let view = cx.principle_ref(lang, p);
    let page = data_page(cx, lang, view.url.clone(), view.name.text.clone(), view.name.text.clone());
    insert_groups(cx, lang, page, tagged_groups(cx, lang, BuiltIn::Principle(i)), k, ctx);
    let url = pages::paged_url(&view.url, k);
    ctx.insert("principle", view);
    ("principle.html".to_string(), url)
}

fn champion_context(cx: &Context<'_>, lang: &str, i: usize, ctx: &mut Values<'_>) -> (String, String) {
    let c = &cx.site.data.champions.as_ref().expect("job from data")[i];
    let view = champion_view(cx, lang, c);
    let description = view.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
    let page = data_page(cx, lang, view.url.clone(), view.name.text.clone(), description);
    ctx.insert("page", page);
    let url = view.url.clone();
    ctx.insert("champion", view);
    ("champion.html".to_string(), url)
}
