//! Content pages and sections: every Markdown page in every language, with the views of typed
//! sections (a programme event with its segments, a dialogue, a note), the programme's week as
//! days × half-days, and the home page's lists.

use super::context::{Context, DeferredBody};
use super::formats::{format_date_weekday, format_number, format_time};
use super::indexes::{self, IndexKind};
use super::values::Values;
use super::views::*;
use super::{section_template, Files, Provenance, Render, Scope};
use crate::content::{Event, Page, SectionType, Typed};
use crate::theme::text;
use std::collections::BTreeMap;

/// The renderer of content pages.
pub(super) struct Pages;

impl Render for Pages {
    fn name(&self) -> &'static str {
        "pages"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        // Each page of a paginated section is a job of its own.
        let keys: Vec<(&str, usize)> = cx
            .site
            .sources()
            .filter(|p| match scope {
                Scope::All => true,
                Scope::Pages(keys) => keys.contains(&p.key),
            })
            .flat_map(|p| (1..=page_count(cx, p)).map(move |n| (p.key.as_str(), n)))
            .collect();
        super::render_in_batches(cx, files, &keys, |lang, &(key, n)| {
            let mut ctx = Values::default();
            let (template, url, deferred) = page_context(cx, lang, key, n, &mut ctx);
            let source = Provenance::Page(key.to_string());
            (cx.render_page(lang, &template, &url, ctx, deferred, &source), source)
        });
    }
}

/// How many pages the list of a section takes (`paginate_by:`); 1 for any other page.
fn page_count(cx: &Context<'_>, page: &Page) -> usize {
    let listed = cx.children.get(&page.section).map_or(0, Vec::len);
    if page.is_section && page.paginate_by > 0 && !page.section.is_empty() {
        listed.div_ceil(page.paginate_by).max(1)
    } else {
        1
    }
}

/// The URL of page `n` of a list whose first page is at `url`.
pub(super) fn paged_url(url: &str, n: usize) -> String {
    if n <= 1 {
        url.to_string()
    } else {
        format!("{url}page/{n}/")
    }
}

/// Page `n` of a list of `total` items: which of them it shows, and the links between the pages.
pub(super) fn paginate_range(
    cx: &Context<'_>,
    lang: &str,
    url: &str,
    total: usize,
    by: usize,
    n: usize,
) -> (std::ops::Range<usize>, Paginator) {
    let count = total.div_ceil(by).max(1);
    let strings = cx.strings(lang);
    let pages = (1..=count)
        .map(|k| {
            let label = format_number(k, strings);
            PageLink {
                title: cx.t(lang, "page_n").replace("{n}", &label),
                label,
                url: paged_url(url, k),
                current: k == n,
            }
        })
        .collect();
    let start = ((n - 1) * by).min(total);
    let paginator = Paginator {
        current: n,
        total: count,
        pages,
        prev_url: (n > 1).then(|| paged_url(url, n - 1)),
        next_url: (n < count).then(|| paged_url(url, n + 1)),
    };
    (start..(start + by).min(total), paginator)
}

/// Makes the view of a list's first page that of its page `n` (at `url`), in every language.
pub(super) fn on_page(cx: &Context<'_>, page: &mut PageView, url: &str, n: usize) {
    if n <= 1 {
        return;
    }
    let suffix = format!("page/{n}/");
    page.permalink = cx.urls.permalink(url);
    for l in &mut page.languages {
        l.url.push_str(&suffix);
    }
    for a in &mut page.alternates {
        a.href.push_str(&suffix);
    }
    page.url = url.to_string();
}

/// Which segments an event item carries.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Segments {
    None,
    /// Those in one half-day (0 = morning, 1 = afternoon).
    In(usize),
    All,
}

/// Context of a content page or section (`n`: which page of a paginated section); returns the
/// template, the page URL and the body left out of the context, if it was
/// ([`Context::page_view_deferred`]).
fn page_context<'a>(
    cx: &Context<'a>,
    lang: &str,
    key: &str,
    n: usize,
    ctx: &mut Values<'a>,
) -> (String, String, Option<DeferredBody<'a>>) {
    let source = cx.site.page(key, cx.default_language()).expect("jobs are made from source pages");
    let url = cx.urls.page(key, lang).unwrap_or_default();
    // The intro page of a built-in index is rendered as that index.
    if let Some(kind) = IndexKind::of_intro(key).filter(|k| k.has_data(cx.site)) {
        indexes::index_context(cx, lang, kind, Some(key), url.clone(), ctx);
        return (kind.template().to_string(), url, None);
    }
    let (mut page, deferred) = cx.page_view_deferred(lang, key, url.clone());
    if source.is_section && cx.children.get(&source.section).is_some_and(|c| c.iter().any(|p| p.sort_date().is_some()))
    {
        page.feed_url = Some(cx.urls.feed(lang, &source.section));
    }
    if matches!(cx.site.section_type(&source.section), SectionType::Programme | SectionType::Dialogues) {
        page.calendar_url = Some(cx.urls.url(lang, "calendar.ics"));
    }
    if source.is_section {
        if source.section.is_empty() {
            ctx.insert("page", page);
            home_context(cx, lang, ctx);
            return ("home.html".to_string(), url, deferred);
        }
        let t = cx.site.section_type(&source.section);
        if source.paginate_by > 0 {
            // Only the items of page `n` are made.
            let children = cx.children.get(&source.section).map_or(&[][..], Vec::as_slice);
            let (shown, paginator) = paginate_range(cx, lang, &url, children.len(), source.paginate_by, n);
            let pages: Vec<Item> = children[shown].iter().filter_map(|p| cx.item(&p.key, lang)).collect();
            let url = paged_url(&url, n);
            page.prev_url = paginator.prev_url.clone();
            page.next_url = paginator.next_url.clone();
            on_page(cx, &mut page, &url, n);
            ctx.insert("page", page);
            ctx.insert("paginator", paginator);
            ctx.insert("pages", pages);
            ctx.insert("subsections", subsections(cx, &source.section, lang));
            return (section_template(t).to_string(), url, deferred);
        }
        ctx.insert("page", page);
        ctx.insert("pages", children_items(cx, &source.section, lang));
        ctx.insert("subsections", subsections(cx, &source.section, lang));
        if t == SectionType::Programme {
            let days = programme_days(cx, &source.section, lang);
            ctx.insert("week", super::figures::week(&days, cx.strings(lang)));
            ctx.insert("days", days);
        }
        return (section_template(t).to_string(), url, deferred);
    }
    ctx.insert("page", page);
    (typed_context(cx, lang, source, ctx).to_string(), url, deferred)
}

/// Adds the view of a typed page (an event, a dialogue, a note) to `ctx`; returns its template.
fn typed_context(cx: &Context<'_>, lang: &str, source: &Page, ctx: &mut Values<'_>) -> &'static str {
    let strings = cx.strings(lang);
    let key = source.key.as_str();
    // The translation's typed fields: the source's, in the reader's language where translated.
    let typed = cx.shown(key, lang).map_or(&source.typed, |(p, _)| &p.typed);
    match typed {
        Typed::Plain => "page.html",
        Typed::Event(e) => {
            ctx.insert("event", event_view(cx, source, e, lang));
            "event.html"
        }
        Typed::Dialogue(d) => {
            let view = DialogueView {
                date: When::day(d.date, strings),
                theme: d.theme.clone(),
                format: d.format.clone(),
                cluster: d.cluster.clone(),
                ics_url: cx.urls.ics(lang, key),
            };
            ctx.insert("dialogue", view);
            "dialogue.html"
        }
        Typed::Note(n) => {
            let view = NoteView {
                date: When::day(n.date, strings),
                issued_by: n.issued_by.clone(),
                source: n.source.clone(),
                kind: n.kind.name().to_string(),
                kind_label: cx.t(lang, n.kind.label_key()),
            };
            ctx.insert("note", view);
            "note.html"
        }
    }
}

pub(super) fn home_context(cx: &Context<'_>, lang: &str, ctx: &mut Values<'_>) {
    let objectives: Vec<ObjectiveRef> =
        cx.site.data.objectives.iter().map(|o| cx.objective_ref(lang, o.number)).collect();
    ctx.insert("objectives", objectives);
    let sections: Vec<Item> = cx
        .site
        .sources()
        .filter(|p| p.is_section && !p.section.is_empty() && !p.section.contains('/'))
        .filter_map(|p| cx.item(&p.key, lang))
        .collect();
    ctx.insert("sections", sections);
    ctx.insert("pages", children_items(cx, "", lang));
    ctx.insert("timeline", super::figures::timeline(cx.site, lang, cx.strings(lang), |k| cx.urls.page(k, lang)));
}

fn children_items(cx: &Context<'_>, section: &str, lang: &str) -> Vec<Item> {
    cx.children.get(section).map_or_else(Vec::new, |list| list.iter().filter_map(|p| cx.item(&p.key, lang)).collect())
}

fn subsections(cx: &Context<'_>, section: &str, lang: &str) -> Vec<Item> {
    let prefix = format!("{section}/");
    let mut subs: Vec<&Page> = cx
        .site
        .sources()
        .filter(|p| p.is_section && p.section.strip_prefix(&prefix).is_some_and(|rest| !rest.contains('/')))
        .collect();
    subs.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
    subs.iter().filter_map(|p| cx.item(&p.key, lang)).collect()
}

pub(super) fn events_of<'a>(cx: &Context<'a>, section: &str) -> Vec<(&'a Page, &'a Event)> {
    let mut events: Vec<(&Page, &Event)> = cx
        .children
        .get(section)
        .map(|list| {
            list.iter()
                .filter_map(|p| match &p.typed {
                    Typed::Event(e) => Some((*p, e)),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default();
    events.sort_by(|a, b| (a.1.date, a.1.start, &a.1.room, &a.0.key).cmp(&(b.1.date, b.1.start, &b.1.room, &b.0.key)));
    events
}

/// An event for lists, with the segments that `segments` asks for.
fn event_item(cx: &Context<'_>, page: &Page, e: &Event, lang: &str, segments: Segments) -> Option<EventItem> {
    let strings = cx.strings(lang);
    let segments = match segments {
        Segments::None => Vec::new(),
        wanted => events_of(cx, &page.section)
            .into_iter()
            .filter(|(_, child)| child.part_of.as_deref() == Some(page.slug.as_str()))
            .filter(|(_, child)| wanted == Segments::All || wanted == Segments::In(slot_of(child)))
            .filter_map(|(p, child)| event_item(cx, p, child, lang, Segments::None))
            .collect(),
    };
    // The room as the reader's language names it.
    let room = match cx.shown(&page.key, lang).map(|(p, _)| &p.typed) {
        Some(Typed::Event(shown)) => shown.room.clone(),
        _ => e.room.clone(),
    };
    Some(EventItem {
        item: cx.item(&page.key, lang)?,
        start: format_time(e.start, strings),
        end: format_time(e.end, strings),
        room,
        kind: e.kind.name().to_string(),
        kind_label: cx.t(lang, e.kind.label_key()),
        round_table: page.round_table.map(|n| cx.round_table_ref(lang, n)),
        segments,
    })
}

/// The week as days × morning/afternoon; segments nest under their event.
fn programme_days(cx: &Context<'_>, section: &str, lang: &str) -> Vec<Day> {
    let strings = cx.strings(lang);
    let mut days: BTreeMap<crate::time::Date, [Vec<EventItem>; 2]> = BTreeMap::new();
    for (page, e) in events_of(cx, section) {
        if e.part_of.is_some() {
            continue;
        }
        // An event running from the morning into the afternoon appears in both half-days.
        let slots = if slot_of(e) == 0 && e.end.hour >= 15 { vec![0, 1] } else { vec![slot_of(e)] };
        for slot in slots {
            if let Some(item) = event_item(cx, page, e, lang, Segments::In(slot)) {
                days.entry(e.date).or_default()[slot].push(item);
            }
        }
    }
    days.into_iter()
        .map(|(date, [morning, afternoon])| {
            let slots = [("morning", morning), ("afternoon", afternoon)]
                .into_iter()
                .filter(|(_, events)| !events.is_empty())
                .map(|(key, events)| Slot { key: key.to_string(), label: text(strings, key).to_string(), events })
                .collect();
            Day {
                date: When { text: format_date_weekday(date, strings), iso: date.to_string() },
                id: format!("day-{date}"),
                slots,
            }
        })
        .collect()
}

fn event_view(cx: &Context<'_>, page: &Page, e: &Event, lang: &str) -> EventView {
    let strings = cx.strings(lang);
    let shown = cx.shown(&page.key, lang).map_or(e, |(p, _)| match &p.typed {
        Typed::Event(te) => te,
        _ => e,
    });
    let parent = e.part_of.as_ref().and_then(|slug| {
        events_of(cx, &page.section).into_iter().find(|(p, _)| &p.slug == slug).and_then(|(p, _)| cx.item(&p.key, lang))
    });
    let segments = event_item(cx, page, e, lang, Segments::All).map(|i| i.segments).unwrap_or_default();
    let start_offset = e.zone.offset(e.date, e.start);
    let end_offset = e.zone.offset(e.date, e.end);
    EventView {
        date: When { text: format_date_weekday(e.date, strings), iso: e.date.to_string() },
        start: When { text: format_time(e.start, strings), iso: format!("{}T{}{start_offset}", e.date, e.start) },
        end: When { text: format_time(e.end, strings), iso: format!("{}T{}{end_offset}", e.date, e.end) },
        timezone: if e.zone.name == crate::content::DEFAULT_TIMEZONE {
            cx.t(lang, "timezone_new_york")
        } else {
            e.zone.name.clone()
        },
        utc_offset: format!("UTC{}", start_offset.replace('-', "−")),
        room: shown.room.clone(),
        kind: e.kind.name().to_string(),
        kind_label: cx.t(lang, e.kind.label_key()),
        chairs: shown.chairs.clone(),
        speakers: shown.speakers.clone(),
        moderator: shown.moderator.clone(),
        parent,
        segments,
        ics_url: cx.urls.ics(lang, &page.key),
    }
}

/// 0 for an event starting in the morning, 1 in the afternoon.
fn slot_of(e: &Event) -> usize {
    usize::from(e.start.hour >= 13)
}
