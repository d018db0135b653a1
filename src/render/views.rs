//! The typed views templates receive. Field names here are the template contract documented in
//! README.md ("Writing a theme").

use crate::content::data::Localized;
use serde::Serialize;

/// What every template gets as `site`.
#[derive(Debug, Clone, Serialize)]
pub struct SiteView {
    pub title: String,
    pub description: String,
    pub base_url: String,
    /// URL of the home page of the current language.
    pub home_url: String,
    /// URL of the stylesheet.
    pub style_url: String,
    /// The path part of `base_url` (`/kb`, or empty): what the site's own URLs start with
    /// (the icons: `{{ site.base_path }}/favicon.svg`).
    pub base_path: String,
    pub lang: String,
    pub dir: String,
    pub default_language: String,
    pub nav: Vec<NavItem>,
    /// The search page of the current language.
    pub search_url: String,
    /// The search script.
    pub search_script: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct NavItem {
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// One entry of the language switcher.
#[derive(Debug, Clone, Serialize)]
pub struct LanguageLink {
    pub code: String,
    pub name: String,
    pub dir: String,
    pub url: String,
    pub current: bool,
    /// The page is not translated into this language: it shows the default language's text.
    pub fallback: bool,
}

/// `<link rel="alternate" hreflang=…>`: real translations only.
#[derive(Debug, Clone, Serialize)]
pub struct Alternate {
    pub hreflang: String,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveRef {
    pub number: u8,
    pub title: Localized,
    pub short: Option<Localized>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleRef {
    pub key: String,
    pub letter: String,
    pub name: Localized,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundTableRef {
    pub number: u8,
    pub title: String,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SectionRef {
    pub title: String,
    pub url: String,
}

/// What every template gets as `page`: the page being rendered.
#[derive(Debug, Clone, Serialize, Default)]
pub struct PageView {
    pub title: String,
    pub description: String,
    /// HTML of the Markdown body.
    pub content: String,
    pub url: String,
    pub permalink: String,
    /// Language and direction of the text shown (the default language's for a fallback).
    pub lang: String,
    pub dir: String,
    pub fallback: bool,
    /// For a translation behind its source: the day the source last changed, in the reader's
    /// language (and as `YYYY-MM-DD`), for the notice that this translation may be behind.
    pub source_changed: Option<When>,
    pub date: Option<When>,
    /// When the text shown last changed, in the reader's date format.
    pub updated: Option<When>,
    pub objectives: Vec<ObjectiveRef>,
    pub principles: Vec<PrincipleRef>,
    pub round_table: Option<RoundTableRef>,
    pub section: Option<SectionRef>,
    pub languages: Vec<LanguageLink>,
    pub alternates: Vec<Alternate>,
    pub extra: serde_json::Value,
    /// The Atom feed of a section page with dated pages.
    pub feed_url: Option<String>,
    /// The calendar of every event, on programme and dialogue pages.
    pub calendar_url: Option<String>,
    /// The page's h2 headings, each with its h3 headings: a table of contents.
    pub toc: Vec<crate::markdown::Heading>,
    /// How many headings `toc` holds (h2 and h3): the default theme shows it from three.
    pub toc_entries: usize,
    /// On a page of a paginated list: the pages before and after it.
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
    /// Open Graph and Twitter card values (see `render::social`).
    pub social: SocialView,
}

/// What social networks and chat applications show of a page when it is shared.
#[derive(Debug, Clone, Serialize, Default)]
pub struct SocialView {
    /// `article` for a content page, `website` for the home page, sections and indexes.
    pub og_type: String,
    /// The locale of the text shown (`fr_FR`).
    pub locale: String,
    /// The locales of the page's real translations (not of fallbacks), the shown one left out.
    pub alternate_locales: Vec<String>,
    /// The page's first picture, else the site's `social_image`.
    pub image: Option<SocialImage>,
    /// `summary_large_image` with a picture, else `summary`.
    pub card: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct SocialImage {
    /// Absolute URL.
    pub url: String,
    pub width: Option<u32>,
    pub height: Option<u32>,
    pub alt: String,
}

/// The pages of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct Paginator {
    pub current: usize,
    pub total: usize,
    pub pages: Vec<PageLink>,
    pub prev_url: Option<String>,
    pub next_url: Option<String>,
}

/// One page of a paginated list.
#[derive(Debug, Clone, Serialize)]
pub struct PageLink {
    /// Its number in the reader's digits.
    pub label: String,
    /// "Page 2", in the reader's language.
    pub title: String,
    pub url: String,
    pub current: bool,
}

/// A page or data entry in a list.
#[derive(Debug, Clone, Serialize)]
pub struct Item {
    pub title: String,
    pub url: String,
    pub summary: String,
    pub lang: String,
    pub dir: String,
    pub fallback: bool,
    pub date: Option<When>,
    /// Leaves the site (a resource link).
    pub external: bool,
    /// A short label: the kind of event, note or resource.
    pub label: Option<String>,
}

/// Items of one type, for the objective, round-table and principle indexes.
#[derive(Debug, Clone, Serialize)]
pub struct Group {
    pub title: String,
    pub items: Vec<Item>,
}

/// A day or a moment as a template shows it: `text` in the reader's language, `iso` for the
/// `datetime` attribute (`<time datetime="{{ x.iso }}">{{ x.text }}</time>`). The one view of a
/// date, for every page, list item, event, dialogue and note.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct When {
    pub text: String,
    pub iso: String,
}

impl When {
    /// A day, in `strings`' date format.
    pub fn day(d: crate::time::Date, strings: &crate::theme::Strings) -> When {
        When { text: super::formats::format_date(d, strings), iso: d.to_string() }
    }
}

#[derive(Debug, Clone, Serialize)]
pub struct EventView {
    pub date: When,
    pub start: When,
    pub end: When,
    pub timezone: String,
    /// `UTC−04:00`: the zone's offset at the event's start.
    pub utc_offset: String,
    pub room: String,
    pub kind: String,
    pub kind_label: String,
    pub chairs: Vec<String>,
    pub speakers: Vec<String>,
    pub moderator: Option<String>,
    pub parent: Option<Item>,
    pub segments: Vec<EventItem>,
    /// This event's own iCalendar file.
    pub ics_url: Option<String>,
}

/// An event in the schedule.
#[derive(Debug, Clone, Serialize)]
pub struct EventItem {
    pub item: Item,
    pub start: String,
    pub end: String,
    pub room: String,
    /// `hearing`, `round-table`, … (the front matter's `kind`).
    pub kind: String,
    pub kind_label: String,
    pub round_table: Option<RoundTableRef>,
    pub segments: Vec<EventItem>,
}

/// One half-day of the programme.
#[derive(Debug, Clone, Serialize)]
pub struct Slot {
    /// `morning` or `afternoon`.
    pub key: String,
    pub label: String,
    pub events: Vec<EventItem>,
}

#[derive(Debug, Clone, Serialize)]
pub struct Day {
    pub date: When,
    pub id: String,
    pub slots: Vec<Slot>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DialogueView {
    pub date: When,
    pub theme: String,
    pub format: String,
    pub cluster: Option<String>,
    pub ics_url: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NoteView {
    pub date: When,
    pub issued_by: String,
    pub source: Option<String>,
    pub kind: String,
    pub kind_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ObjectiveEntry {
    pub objective: ObjectiveRef,
    pub count: usize,
    pub round_table: Option<RoundTableRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct RoundTableView {
    pub number: u8,
    pub title: String,
    pub url: String,
    pub summary: Option<Localized>,
    pub objectives: Vec<ObjectiveRef>,
    pub background_note_by: Vec<String>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct PrincipleEntry {
    pub principle: PrincipleRef,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChampionView {
    pub name: Localized,
    pub iso: String,
    pub region: String,
    pub region_label: String,
    pub note: Option<Localized>,
    pub url: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct ChampionGroup {
    pub title: String,
    pub champions: Vec<ChampionView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceView {
    pub title: Localized,
    pub url: String,
    pub kind_label: String,
    pub region_label: Option<String>,
    pub summary: Option<Localized>,
    pub objectives: Vec<ObjectiveRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ResourceGroup {
    pub title: String,
    pub resources: Vec<ResourceView>,
}
