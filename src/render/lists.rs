//! The contexts of each kind of page: content pages and sections (with the programme schedule),
//! and the indexes built from data: objectives, round tables, principles, champions, resources.

use super::i18n::{format_date, format_date_weekday, format_time};
use super::views::*;
use super::{section_template, truncate, Renderer, SPECIALS};
use crate::content::{Event, Page, SectionType, Typed};
use crate::theme::text;
use std::collections::BTreeMap;

impl Renderer<'_> {
    /// Context of a content page or section; returns the template and the page URL.
    pub(super) fn page_context(&self, lang: &str, key: &str, ctx: &mut tera::Context) -> (String, String) {
        let source = self.site.page(key, self.default_language()).expect("jobs are made from source pages");
        let url = self.page_url(key, lang).unwrap_or_default();
        if source.is_section {
            if let Some((folder, title_key, _)) = SPECIALS.iter().find(|(f, _, _)| source.section == *f) {
                if self.special_exists(folder) {
                    self.special_context(lang, folder, Some((key, title_key)), url.clone(), ctx);
                    return (format!("{}.html", folder.replace('-', "_")), url);
                }
            }
        }
        let mut page = self.page_view(lang, Some(key), url.clone(), None);
        if source.is_section
            && self.children.get(&source.section).is_some_and(|c| c.iter().any(|p| p.sort_date().is_some()))
        {
            page.feed_url = Some(self.feed_url(lang, &source.section));
        }
        if matches!(self.site.section_type(&source.section), SectionType::Programme | SectionType::Dialogues) {
            page.calendar_url = Some(self.url(lang, "calendar.ics"));
        }
        ctx.insert("page", &page);
        if source.is_section {
            if source.section.is_empty() {
                self.home_context(lang, ctx);
                return ("home.html".to_string(), url);
            }
            let t = self.site.section_type(&source.section);
            let pages: Vec<Item> = self.children_items(&source.section, lang);
            ctx.insert("pages", &pages);
            ctx.insert("subsections", &self.subsections(&source.section, lang));
            if t == SectionType::Programme {
                let days = self.programme_days(&source.section, lang);
                ctx.insert("week", &super::figures::week(&days, self.strings(lang)));
                ctx.insert("days", &days);
            }
            return (section_template(t).to_string(), url);
        }
        let strings = self.strings(lang);
        // The translation's typed fields: the source's, in the reader's language where translated.
        let typed = self.shown(key, lang).map_or(&source.typed, |(p, _)| &p.typed);
        let template = match typed {
            Typed::Plain => "page.html",
            Typed::Event(e) => {
                ctx.insert("event", &self.event_view(source, e, lang));
                "event.html"
            }
            Typed::Dialogue(d) => {
                let view = DialogueView {
                    date: format_date(d.date, strings),
                    date_iso: d.date.to_string(),
                    theme: d.theme.clone(),
                    format: d.format.clone(),
                    cluster: d.cluster.clone(),
                    ics_url: self.ics_url(lang, key),
                };
                ctx.insert("dialogue", &view);
                "dialogue.html"
            }
            Typed::Note(n) => {
                let view = NoteView {
                    date: format_date(n.date, strings),
                    date_iso: n.date.to_string(),
                    issued_by: n.issued_by.clone(),
                    source: n.source.clone(),
                    kind: n.kind.clone(),
                    kind_label: self.t(lang, &format!("note_kind_{}", n.kind)),
                };
                ctx.insert("note", &view);
                "note.html"
            }
        };
        (template.to_string(), url)
    }

    pub(super) fn home_context(&self, lang: &str, ctx: &mut tera::Context) {
        let objectives: Vec<ObjectiveRef> =
            self.site.data.objectives.iter().map(|o| self.objective_ref(lang, o.number)).collect();
        ctx.insert("objectives", &objectives);
        let sections: Vec<Item> = self
            .site
            .sources()
            .filter(|p| p.is_section && !p.section.is_empty() && !p.section.contains('/'))
            .filter_map(|p| self.item(&p.key, lang))
            .collect();
        ctx.insert("sections", &sections);
        ctx.insert("pages", &self.children_items("", lang));
        ctx.insert(
            "timeline",
            &super::figures::timeline(self.site, lang, self.strings(lang), |k| self.page_url(k, lang)),
        );
    }

    fn children_items(&self, section: &str, lang: &str) -> Vec<Item> {
        self.children
            .get(section)
            .map_or_else(Vec::new, |list| list.iter().filter_map(|p| self.item(&p.key, lang)).collect())
    }

    fn subsections(&self, section: &str, lang: &str) -> Vec<Item> {
        let prefix = format!("{section}/");
        let mut subs: Vec<&Page> = self
            .site
            .sources()
            .filter(|p| p.is_section && p.section.strip_prefix(&prefix).is_some_and(|rest| !rest.contains('/')))
            .collect();
        subs.sort_by(|a, b| (a.weight, &a.title).cmp(&(b.weight, &b.title)));
        subs.iter().filter_map(|p| self.item(&p.key, lang)).collect()
    }

    // ----- Programme --------------------------------------------------------------------------

    fn events_of(&self, section: &str) -> Vec<(&Page, &Event)> {
        let mut events: Vec<(&Page, &Event)> = self
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
        events.sort_by(|a, b| {
            (a.1.date, a.1.start, &a.1.room, &a.0.key).cmp(&(b.1.date, b.1.start, &b.1.room, &b.0.key))
        });
        events
    }

    /// An event for lists; with `slot`, it carries its segments that fall in that half-day
    /// (0 = morning, 1 = afternoon), or all of them with `Some(2)`.
    fn event_item(&self, page: &Page, e: &Event, lang: &str, slot: Option<usize>) -> Option<EventItem> {
        let strings = self.strings(lang);
        let segments = match slot {
            Some(slot) => self
                .events_of(&page.section)
                .into_iter()
                .filter(|(_, child)| child.part_of.as_deref() == Some(page.slug.as_str()))
                .filter(|(_, child)| slot == 2 || slot_of(child) == slot)
                .filter_map(|(p, child)| self.event_item(p, child, lang, None))
                .collect(),
            None => Vec::new(),
        };
        // The room as the reader's language names it.
        let room = match self.shown(&page.key, lang).map(|(p, _)| &p.typed) {
            Some(Typed::Event(shown)) => shown.room.clone(),
            _ => e.room.clone(),
        };
        Some(EventItem {
            item: self.item(&page.key, lang)?,
            start: format_time(e.start, strings),
            end: format_time(e.end, strings),
            room,
            kind: e.kind.clone(),
            kind_label: self.t(lang, &format!("event_kind_{}", e.kind)),
            round_table: page.round_table.map(|n| self.round_table_ref(lang, n)),
            segments,
        })
    }

    /// The week as days × morning/afternoon; segments nest under their event.
    fn programme_days(&self, section: &str, lang: &str) -> Vec<Day> {
        let strings = self.strings(lang);
        let mut days: BTreeMap<crate::time::Date, [Vec<EventItem>; 2]> = BTreeMap::new();
        for (page, e) in self.events_of(section) {
            if e.part_of.is_some() {
                continue;
            }
            // An event running from the morning into the afternoon appears in both half-days.
            let slots = if slot_of(e) == 0 && e.end.hour >= 15 { vec![0, 1] } else { vec![slot_of(e)] };
            for slot in slots {
                if let Some(item) = self.event_item(page, e, lang, Some(slot)) {
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
                    date: format_date_weekday(date, strings),
                    date_iso: date.to_string(),
                    id: format!("day-{date}"),
                    slots,
                }
            })
            .collect()
    }

    fn event_view(&self, page: &Page, e: &Event, lang: &str) -> EventView {
        let strings = self.strings(lang);
        let shown = self.shown(&page.key, lang).map_or(e, |(p, _)| match &p.typed {
            Typed::Event(te) => te,
            _ => e,
        });
        let parent = e.part_of.as_ref().and_then(|slug| {
            self.events_of(&page.section)
                .into_iter()
                .find(|(p, _)| &p.slug == slug)
                .and_then(|(p, _)| self.item(&p.key, lang))
        });
        let segments = self.event_item(page, e, lang, Some(2)).map(|i| i.segments).unwrap_or_default();
        let start_offset = e.zone.offset(e.date, e.start);
        let end_offset = e.zone.offset(e.date, e.end);
        EventView {
            date: format_date_weekday(e.date, strings),
            date_iso: e.date.to_string(),
            start: format_time(e.start, strings),
            end: format_time(e.end, strings),
            start_iso: format!("{}T{}{start_offset}", e.date, e.start),
            end_iso: format!("{}T{}{end_offset}", e.date, e.end),
            timezone: if e.zone.name == crate::content::DEFAULT_TIMEZONE {
                self.t(lang, "timezone_new_york")
            } else {
                e.zone.name.clone()
            },
            utc_offset: format!("UTC{}", start_offset.replace('-', "−")),
            room: shown.room.clone(),
            kind: e.kind.clone(),
            kind_label: self.t(lang, &format!("event_kind_{}", e.kind)),
            chairs: shown.chairs.clone(),
            speakers: shown.speakers.clone(),
            moderator: shown.moderator.clone(),
            parent,
            segments,
            ics_url: self.ics_url(lang, &page.key),
        }
    }

    // ----- Data-backed indexes ----------------------------------------------------------------

    /// Items tagged by `tagged(page)`, grouped by section, then resources matching `resource`.
    fn groups(
        &self,
        lang: &str,
        tagged: impl Fn(&Page) -> bool,
        resource: impl Fn(&crate::content::data::Resource) -> bool,
    ) -> Vec<Group> {
        let mut by_section: BTreeMap<(i64, String), Vec<Item>> = BTreeMap::new();
        for page in self.site.sources().filter(|p| !p.is_section && tagged(p)) {
            let section_key = crate::paths::section_index(&page.section);
            let (title, weight) = match self.shown(&section_key, lang) {
                Some((s, _)) => {
                    (s.title.clone(), self.site.page(&section_key, self.default_language()).map_or(0, |p| p.weight))
                }
                None => (page.section.clone(), 0),
            };
            if let Some(item) = self.item(&page.key, lang) {
                by_section.entry((weight, title)).or_default().push(item);
            }
        }
        let mut groups: Vec<Group> = by_section.into_iter().map(|((_, title), items)| Group { title, items }).collect();
        let resources: Vec<Item> = self
            .site
            .data
            .resources
            .iter()
            .flatten()
            .filter(|r| resource(r))
            .map(|r| {
                let title = self.localized(&r.title, lang);
                Item {
                    dir: self.dir_of(&title.lang),
                    title: title.text,
                    url: r.url.clone(),
                    summary: r.summary.as_ref().map(|s| self.localized(s, lang).text).unwrap_or_default(),
                    lang: title.lang,
                    fallback: title.fallback,
                    date: None,
                    date_iso: None,
                    external: true,
                    label: Some(self.t(lang, &format!("resource_kind_{}", r.kind))),
                }
            })
            .collect();
        if !resources.is_empty() {
            groups.push(Group { title: self.t(lang, "resources_title"), items: resources });
        }
        groups
    }

    fn objective_count(&self, n: u8) -> usize {
        let pages = self.site.sources().filter(|p| !p.is_section && p.objectives.contains(&n)).count();
        let resources = self.site.data.resources.iter().flatten().filter(|r| r.objectives.contains(&n)).count();
        pages + resources
    }

    /// The built-in index of a folder (objectives, round tables, principles, champions,
    /// resources), with the intro page `key` when the site has one.
    pub(super) fn special_context(
        &self,
        lang: &str,
        folder: &str,
        intro: Option<(&str, &&str)>,
        url: String,
        ctx: &mut tera::Context,
    ) {
        let title_key = SPECIALS.iter().find(|(f, _, _)| *f == folder).map_or("", |s| s.1);
        let page = self.page_view(lang, intro.map(|i| i.0), url, Some(title_key));
        ctx.insert("page", &page);
        match folder {
            "objectives" => ctx.insert("objectives", &self.objective_entries(lang)),
            "round-tables" => {
                let list: Vec<RoundTableView> =
                    self.site.data.round_tables.iter().map(|rt| self.round_table_view(lang, rt)).collect();
                ctx.insert("round_tables", &list);
            }
            "principles" => ctx.insert("principles", &self.principle_entries(lang)),
            "champions" => {
                ctx.insert("regions", &self.champion_groups(lang));
                ctx.insert("map", &super::figures::champion_map(self.site, lang, self.strings(lang)));
            }
            "resources" => ctx.insert("kinds", &self.resource_groups(lang)),
            _ => {}
        }
    }

    fn objective_entries(&self, lang: &str) -> Vec<ObjectiveEntry> {
        let data = &self.site.data;
        data.objectives
            .iter()
            .map(|o| ObjectiveEntry {
                objective: self.objective_ref(lang, o.number),
                count: self.objective_count(o.number),
                round_table: data.round_table_of(o.number).map(|rt| self.round_table_ref(lang, rt.number)),
            })
            .collect()
    }

    fn principle_entries(&self, lang: &str) -> Vec<PrincipleEntry> {
        let resources = self.site.data.resources.iter().flatten();
        self.site
            .data
            .principles
            .iter()
            .map(|p| PrincipleEntry {
                principle: self.principle_ref(lang, p),
                count: self.site.sources().filter(|pg| pg.principles.contains(&p.key)).count()
                    + resources.clone().filter(|r| r.principles.contains(&p.key)).count(),
            })
            .collect()
    }

    /// Champion countries by region, each region's countries by name in the reader's language.
    fn champion_groups(&self, lang: &str) -> Vec<ChampionGroup> {
        let mut by_region: BTreeMap<String, Vec<ChampionView>> = BTreeMap::new();
        for c in self.site.data.champions.iter().flatten() {
            by_region.entry(c.region.clone()).or_default().push(self.champion_view(lang, c));
        }
        let mut groups: Vec<ChampionGroup> = by_region
            .into_iter()
            .map(|(region, mut champions)| {
                champions.sort_by(|a, b| a.name.text.cmp(&b.name.text));
                ChampionGroup { title: self.t(lang, &format!("region_{region}")), champions }
            })
            .collect();
        groups.sort_by(|a, b| a.title.cmp(&b.title));
        groups
    }

    /// Resource links grouped by kind, in the order of `RESOURCE_KINDS`.
    fn resource_groups(&self, lang: &str) -> Vec<ResourceGroup> {
        let mut by_kind: BTreeMap<usize, Vec<ResourceView>> = BTreeMap::new();
        for r in self.site.data.resources.iter().flatten() {
            let order = crate::content::data::RESOURCE_KINDS.iter().position(|k| *k == r.kind).unwrap_or(usize::MAX);
            by_kind.entry(order).or_default().push(ResourceView {
                title: self.localized(&r.title, lang),
                url: r.url.clone(),
                kind_label: self.t(lang, &format!("resource_kind_{}", r.kind)),
                region_label: r.region.as_ref().map(|g| self.t(lang, &format!("region_{g}"))),
                summary: r.summary.as_ref().map(|s| self.localized(s, lang)),
                objectives: r.objectives.iter().map(|&n| self.objective_ref(lang, n)).collect(),
            });
        }
        by_kind
            .into_values()
            .map(|resources| ResourceGroup { title: resources[0].kind_label.clone(), resources })
            .collect()
    }

    pub(super) fn round_table_view(&self, lang: &str, rt: &crate::content::data::RoundTable) -> RoundTableView {
        let r = self.round_table_ref(lang, rt.number);
        RoundTableView {
            number: rt.number,
            title: r.title,
            url: r.url,
            summary: rt.summary.as_ref().map(|s| self.localized(s, lang)),
            objectives: rt.objectives.iter().map(|&n| self.objective_ref(lang, n)).collect(),
            background_note_by: rt.background_note_by.clone(),
            count: self.site.sources().filter(|p| !p.is_section && p.round_table == Some(rt.number)).count(),
        }
    }

    pub(super) fn champion_view(&self, lang: &str, c: &crate::content::data::Champion) -> ChampionView {
        ChampionView {
            name: self.localized(&c.name, lang),
            iso: c.iso.clone(),
            region: c.region.clone(),
            region_label: self.t(lang, &format!("region_{}", c.region)),
            note: c.note.as_ref().map(|n| self.localized(n, lang)),
            url: self.champion_url(lang, &c.iso),
        }
    }

    /// A page built from data: its `page` view with a title and a description.
    fn data_page(&self, lang: &str, url: String, title: String, description: String) -> PageView {
        let mut page = self.page_view(lang, None, url, None);
        page.title = title;
        page.description = truncate(&description, 160);
        page
    }

    pub(super) fn objective_context(&self, lang: &str, n: u8, ctx: &mut tera::Context) -> (String, String) {
        let url = self.objective_url(lang, n);
        let objective = self.objective_ref(lang, n);
        let title = format!("{} {n}", self.t(lang, "objective"));
        let page = self.data_page(lang, url.clone(), title, objective.title.text.clone());
        ctx.insert("page", &page);
        ctx.insert("objective", &objective);
        ctx.insert("round_table", &self.site.data.round_table_of(n).map(|rt| self.round_table_view(lang, rt)));
        ctx.insert("groups", &self.groups(lang, |p| p.objectives.contains(&n), |r| r.objectives.contains(&n)));
        ("objective.html".to_string(), url)
    }

    pub(super) fn round_table_context(&self, lang: &str, n: u8, ctx: &mut tera::Context) -> (String, String) {
        let rt = self.site.data.round_tables.iter().find(|r| r.number == n).expect("job from data");
        let view = self.round_table_view(lang, rt);
        let description = view.summary.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        let page = self.data_page(lang, view.url.clone(), view.title.clone(), description);
        ctx.insert("page", &page);
        ctx.insert("groups", &self.groups(lang, |p| p.round_table == Some(n), |_| false));
        let url = view.url.clone();
        ctx.insert("round_table", &view);
        ("round_table.html".to_string(), url)
    }

    pub(super) fn principle_context(&self, lang: &str, i: usize, ctx: &mut tera::Context) -> (String, String) {
        let p = &self.site.data.principles[i];
        let view = self.principle_ref(lang, p);
        let page = self.data_page(lang, view.url.clone(), view.name.text.clone(), view.name.text.clone());
        ctx.insert("page", &page);
        ctx.insert(
            "groups",
            &self.groups(lang, |pg| pg.principles.contains(&p.key), |r| r.principles.contains(&p.key)),
        );
        let url = view.url.clone();
        ctx.insert("principle", &view);
        ("principle.html".to_string(), url)
    }

    pub(super) fn champion_context(&self, lang: &str, i: usize, ctx: &mut tera::Context) -> (String, String) {
        let c = &self.site.data.champions.as_ref().expect("job from data")[i];
        let view = self.champion_view(lang, c);
        let description = view.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
        let page = self.data_page(lang, view.url.clone(), view.name.text.clone(), description);
        ctx.insert("page", &page);
        let url = view.url.clone();
        ctx.insert("champion", &view);
        ("champion.html".to_string(), url)
    }
}

/// 0 for an event starting in the morning, 1 in the afternoon.
fn slot_of(e: &Event) -> usize {
    usize::from(e.start.hour >= 13)
}
