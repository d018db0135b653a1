//! Figures: the three pictures of the source slides, drawn from the content at build time, so
//! that a champion or an event added to the content appears in them: the champion countries on
//! a world map, the week of the forum as days × half-days, and the road to the forum as a time
//! line. Each is a pure function from the site's data to a small view; the map and the time line
//! carry inline SVG in which every text has gone through [`crate::escape::html`], the week is a
//! grid of links that the template lays out. None needs JavaScript or makes a request, each has
//! a text alternative in its template, and the week and the time line run right to left in a
//! right-to-left language (the map is geography: it is never mirrored).
//!
//! The time line's milestones come from pages: `extra: {milestone: {date: 2022-01-19, until:
//! 2022-04-27, label: …}}`. `date` (`YYYY-MM-DD`) is required, `until` (not before `date`) makes
//! it a period, `label` replaces the page's title; the dates are the default-language file's, the
//! label each translation's own. `extra` is free-form, so [`check_milestones`] validates it here.

use super::formats::format_date;
use super::views::{Day, EventItem};
use crate::content::data::Localized;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostics;
use crate::escape::html as escape;
use crate::theme::{text, Strings};
use crate::time::Date;
use serde::Serialize;
use serde_json::Value;
use std::fmt::Write;
use std::sync::OnceLock;

// ----- The champion countries map ---------------------------------------------------------------

/// One line of the map data: a country's shape and, for a country too small to see, a marker.
struct Country {
    iso: &'static str,
    marker: Option<(i32, i32)>,
    path: Option<&'static str>,
}

struct WorldMap {
    view_box: &'static str,
    countries: Vec<Country>,
}

/// The built-in map data, parsed once (see `tests/browser/maps/world.mjs` for its format).
fn world() -> &'static WorldMap {
    static WORLD: OnceLock<WorldMap> = OnceLock::new();
    WORLD.get_or_init(|| parse_world(crate::theme::world_map()))
}

fn parse_world(data: &'static str) -> WorldMap {
    let mut map = WorldMap { view_box: "0 0 1000 500", countries: Vec::new() };
    for line in data.lines().filter(|l| !l.starts_with('#')) {
        let mut columns = line.split('\t');
        let (Some(first), Some(second)) = (columns.next(), columns.next()) else {
            continue;
        };
        if first == "viewBox" {
            map.view_box = second;
            continue;
        }
        let marker = second.split_once(' ').and_then(|(x, y)| Some((x.parse().ok()?, y.parse().ok()?)));
        let path = columns.next().filter(|d| *d != "-");
        map.countries.push(Country { iso: first, marker, path });
    }
    map
}

/// The champion countries map of one language.
#[derive(Debug, Clone, Serialize)]
pub struct ChampionMap {
    /// The `<svg>`: every country a path with `data-iso`; the champions also with the class
    /// `champion` and a `<title>` naming them in the reader's language.
    pub svg: String,
    /// The champions' names in the reader's language, in alphabetical order: the description.
    pub description: String,
    /// Champions the map has neither a shape nor a marker for: they are in the list only.
    pub unmapped: Vec<Localized>,
}

const CHAMPION_FILL: &str = "#005a9e";
const OTHER_FILL: &str = "#c9d1da";

/// The map of `site`'s champion countries in `lang`, or None for a site without champions.
pub fn champion_map(site: &Site, lang: &str, strings: &Strings) -> Option<ChampionMap> {
    let champions = site.data.champions.as_ref().filter(|c| !c.is_empty())?;
    let default = &site.config.default_language;
    let mut named: Vec<(&str, Localized)> =
        champions.iter().map(|c| (c.iso.as_str(), c.name.get(lang, default))).collect();
    named.sort_by(|a, b| (&a.1.text, a.0).cmp(&(&b.1.text, b.0)));
    let name_of = |iso: &str| named.iter().find(|(i, _)| *i == iso).map(|(_, n)| n);
    let names: Vec<&str> = named.iter().map(|(_, n)| n.text.as_str()).collect();
    let description = text(strings, "map_description").replace("{names}", &names.join(text(strings, "list_separator")));

    let map = world();
    let mut svg = String::with_capacity(crate::theme::world_map().len() + 4096);
    let _ = write!(
        svg,
        "<svg class=\"world-map\" viewBox=\"{}\" role=\"img\" aria-labelledby=\"champion-map-title champion-map-desc\">\
         <title id=\"champion-map-title\">{}</title><desc id=\"champion-map-desc\">{}</desc>\
         <g class=\"countries\" fill=\"{OTHER_FILL}\" fill-rule=\"evenodd\" stroke=\"#ffffff\" stroke-width=\"0.5\" stroke-linejoin=\"round\">",
        map.view_box,
        escape(text(strings, "map_title")),
        escape(&description)
    );
    // The others first, so that the champions' outlines are drawn over their neighbours'.
    for champion in [false, true] {
        for country in map.countries.iter().filter(|c| name_of(c.iso).is_some() == champion) {
            let Some(d) = country.path else { continue };
            match name_of(country.iso) {
                Some(name) => {
                    let _ = write!(
                        svg,
                        "<path data-iso=\"{}\" class=\"champion\" fill=\"{CHAMPION_FILL}\" d=\"{d}\">{}</path>",
                        country.iso,
                        svg_title(name)
                    );
                }
                None => {
                    let _ = write!(svg, "<path data-iso=\"{}\" d=\"{d}\"/>", country.iso);
                }
            }
        }
    }
    svg.push_str("</g><g class=\"markers\" fill=\"");
    svg.push_str(CHAMPION_FILL);
    svg.push_str("\" stroke=\"#ffffff\" stroke-width=\"1.5\">");
    for country in &map.countries {
        let (Some(name), Some((x, y))) = (name_of(country.iso), country.marker) else { continue };
        // A country too small to see gets a dot over its shape; one without a shape is the dot.
        let attribute = if country.path.is_some() { "data-marker" } else { "data-iso" };
        let class = if country.path.is_some() { "marker" } else { "champion" };
        let _ = write!(
            svg,
            "<circle {attribute}=\"{}\" class=\"{class}\" cx=\"{x}\" cy=\"{y}\" r=\"4\">{}</circle>",
            country.iso,
            svg_title(name)
        );
    }
    svg.push_str("</g></svg>");
    let unmapped = named
        .iter()
        .filter(|(iso, _)| !map.countries.iter().any(|c| c.iso == *iso))
        .map(|(_, name)| name.clone())
        .collect();
    Some(ChampionMap { svg, description, unmapped })
}

/// `<title>` of a shape, marked with its language when it falls back to another one.
fn svg_title(name: &Localized) -> String {
    if name.fallback {
        format!("<title lang=\"{}\">{}</title>", escape(&name.lang), escape(&name.text))
    } else {
        format!("<title>{}</title>", escape(&name.text))
    }
}

// ----- The week of the forum --------------------------------------------------------------------

/// The programme as a picture: one column per day, one row per half-day.
#[derive(Debug, Clone, Serialize)]
pub struct Week {
    pub days: Vec<WeekDay>,
    /// The row labels: morning, afternoon.
    pub halves: [String; 2],
    /// The kinds of event shown, in order of first appearance: the legend.
    pub kinds: Vec<EventKind>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekDay {
    pub date: super::views::When,
    /// The anchor of the day in the schedule below the figure.
    pub id: String,
    /// The grid column (the first is the row labels').
    pub column: usize,
    pub cells: Vec<WeekCell>,
}

/// The events of one half-day, or of a whole day when they run through it.
#[derive(Debug, Clone, Serialize)]
pub struct WeekCell {
    /// The grid row: 2 for the morning, 3 for the afternoon (1 holds the dates).
    pub row: usize,
    /// 2 when the cell covers the whole day.
    pub span: usize,
    /// What the row labels say, for readers who do not see the grid.
    pub label: String,
    pub events: Vec<WeekEvent>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WeekEvent {
    pub title: String,
    pub url: String,
    pub lang: String,
    pub fallback: bool,
    pub kind: String,
    pub kind_label: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EventKind {
    pub kind: String,
    pub label: String,
}

/// The week of the programme's `days` (the schedule the page lists): an event that runs from the
/// morning into the afternoon is one block over both rows.
pub fn week(days: &[Day], strings: &Strings) -> Week {
    let halves = [text(strings, "morning").to_string(), text(strings, "afternoon").to_string()];
    let mut kinds: Vec<EventKind> = Vec::new();
    let mut out = Vec::new();
    for (i, day) in days.iter().enumerate() {
        let half = |key: &str| day.slots.iter().find(|s| s.key == key).map_or(&[][..], |s| &s.events[..]);
        let (morning, afternoon) = (half("morning"), half("afternoon"));
        let urls = |events: &[EventItem]| events.iter().map(|e| e.item.url.clone()).collect::<Vec<_>>();
        let mut cells = Vec::new();
        if !morning.is_empty() && urls(morning) == urls(afternoon) {
            cells.push(cell(2, 2, format!("{} – {}", halves[0], halves[1]), morning));
        } else {
            for (row, events) in [(2, morning), (3, afternoon)] {
                if !events.is_empty() {
                    cells.push(cell(row, 1, halves[row - 2].clone(), events));
                }
            }
        }
        for e in cells.iter().flat_map(|c| &c.events) {
            if !kinds.iter().any(|k| k.kind == e.kind) {
                kinds.push(EventKind { kind: e.kind.clone(), label: e.kind_label.clone() });
            }
        }
        out.push(WeekDay { date: day.date.clone(), id: day.id.clone(), column: i + 2, cells });
    }
    Week { days: out, halves, kinds }
}

fn cell(row: usize, span: usize, label: String, events: &[EventItem]) -> WeekCell {
    let events = events
        .iter()
        .map(|e| WeekEvent {
            title: e.item.title.clone(),
            url: e.item.url.clone(),
            lang: e.item.lang.clone(),
            fallback: e.item.fallback,
            kind: e.kind.clone(),
            kind_label: e.kind_label.clone(),
        })
        .collect();
    WeekCell { row, span, label, events }
}

// ----- Milestones: the road to the forum --------------------------------------------------------

/// What a page's `extra.milestone` says.
#[derive(Debug, Clone, PartialEq)]
struct MilestoneFields {
    date: Date,
    until: Option<Date>,
    label: Option<String>,
}

/// A problem with `extra.milestone`: the key it concerns (for its line) and the message.
type Problem = (Option<&'static str>, String);

/// Reads `extra.milestone` of a page: None when it has none.
fn read_milestone(extra: &Value) -> Result<Option<MilestoneFields>, Problem> {
    let Some(value) = extra.get("milestone") else {
        return Ok(None);
    };
    let Some(fields) = value.as_object() else {
        return Err((None, "`extra.milestone` must be a mapping with a `date` (and an `until` or a `label`)".into()));
    };
    if let Some(key) = fields.keys().find(|k| !["date", "until", "label"].contains(&k.as_str())) {
        return Err((None, format!("unknown field `{key}` in `extra.milestone` (it takes date, until and label)")));
    }
    let date_of = |key: &'static str| -> Result<Option<Date>, Problem> {
        match fields.get(key) {
            None => Ok(None),
            Some(Value::String(s)) => {
                Date::parse(s).map(Some).map_err(|e| (Some(key), format!("milestone `{key}`: {e}")))
            }
            Some(other) => {
                Err((Some(key), format!("milestone `{key}`: `{other}` is not a date in the form YYYY-MM-DD")))
            }
        }
    };
    let date = date_of("date")?.ok_or((None, "`extra.milestone` needs a `date` (YYYY-MM-DD)".to_string()))?;
    let until = date_of("until")?;
    if let Some(until) = until.filter(|u| *u < date) {
        return Err((Some("until"), format!("milestone `until` ({until}) is before its `date` ({date})")));
    }
    let label = match fields.get("label") {
        None => None,
        Some(Value::String(s)) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Some(_) => return Err((Some("label"), "milestone `label` must be a text".into())),
    };
    Ok(Some(MilestoneFields { date, until, label }))
}

/// Reports every malformed `extra.milestone`, in every language's file, at its line.
pub fn check_milestones(site: &Site, diags: &mut Diagnostics) {
    for page in site.pages.iter().filter(|p| !p.broken) {
        if let Err((key, message)) = read_milestone(&page.extra) {
            diags.error(&page.file, milestone_line(page, key), message);
        }
    }
}

/// The file line of `milestone:` under `extra:` in a page's front matter (block or flow style),
/// or of its `key:` when given and found.
fn milestone_line(page: &Page, key: Option<&str>) -> Option<usize> {
    let extra = page.key_line("extra")?;
    let text = &page.front_matter;
    let mut offset: usize = text.split_inclusive('\n').take(extra - page.front_matter_line).map(str::len).sum();
    for key in std::iter::once("milestone").chain(key) {
        match find_key(&text[offset..], key) {
            Some(i) => offset += i,
            None => break,
        }
    }
    Some(page.front_matter_line + text[..offset].matches('\n').count())
}

/// The offset of the first `key:` (or `"key":`) in `text` that is a whole word.
fn find_key(text: &str, key: &str) -> Option<usize> {
    text.match_indices(key).map(|(i, _)| i).find(|&i| {
        let before = text[..i].chars().next_back();
        let after = text[i + key.len()..].trim_start_matches(['"', '\'']).trim_start();
        !before.is_some_and(|c| c.is_alphanumeric() || c == '_' || c == '-') && after.starts_with(':')
    })
}

/// The road to the forum in one language.
#[derive(Debug, Clone, Serialize)]
pub struct Timeline {
    /// The `<svg>`: one row per milestone, each a link to its page.
    pub svg: String,
    /// The same milestones, in date order: the list beside the picture.
    pub milestones: Vec<MilestoneView>,
}

#[derive(Debug, Clone, Serialize)]
pub struct MilestoneView {
    pub label: String,
    /// The language and direction of the label (the default language's for a fallback).
    pub lang: String,
    pub dir: String,
    pub fallback: bool,
    pub url: String,
    /// The date, or the period (`19 January 2022 – 27 April 2022`), as the language writes it.
    pub date: String,
    pub date_iso: String,
    pub until_iso: Option<String>,
}

/// The milestones of `site` as `lang` shows them, in date order; `url_of` gives a page's URL.
fn milestones(
    site: &Site,
    lang: &str,
    strings: &Strings,
    url_of: impl Fn(&str) -> Option<String>,
) -> Vec<(MilestoneView, Date, Date)> {
    let default = site.config.default_language.as_str();
    let dir_of = |code: &str| match site.config.language(code).map(|l| l.dir) {
        Some(crate::config::Direction::Rtl) => "rtl",
        _ => "ltr",
    };
    let mut out = Vec::new();
    for source in site.sources().filter(|p| !p.broken) {
        let Ok(Some(fields)) = read_milestone(&source.extra) else { continue };
        let (shown, fallback) = match site.page(&source.key, lang) {
            Some(p) => (p, false),
            None => (source, lang != default),
        };
        let own_label = read_milestone(&shown.extra).ok().flatten().and_then(|f| f.label);
        let Some(url) = url_of(&source.key) else { continue };
        let last = fields.until.unwrap_or(fields.date);
        let date = match fields.until {
            Some(until) if until != fields.date => text(strings, "date_range")
                .replace("{from}", &format_date(fields.date, strings))
                .replace("{to}", &format_date(until, strings)),
            _ => format_date(fields.date, strings),
        };
        let view = MilestoneView {
            label: own_label.unwrap_or_else(|| super::context::title_of(shown)),
            lang: shown.lang.to_string(),
            dir: dir_of(&shown.lang).to_string(),
            fallback,
            url,
            date,
            date_iso: fields.date.to_string(),
            until_iso: fields.until.map(|u| u.to_string()),
        };
        out.push((view, fields.date, last));
    }
    out.sort_by(|a, b| (a.1, a.2, &a.0.label).cmp(&(b.1, b.2, &b.0.label)));
    out
}

/// Geometry of the time line, in SVG units.
const WIDTH: f64 = 1000.0;
const MARGIN: f64 = 16.0;
const HEADER: f64 = 48.0;
/// A row with its label beside the mark, and one with its label under the mark.
const ROW: f64 = 46.0;
const TALL_ROW: f64 = 62.0;

/// Where the days of the time line fall: inline positions, mirrored into x in a right-to-left
/// language.
struct Axis {
    start: Date,
    days: f64,
    rtl: bool,
}

impl Axis {
    /// Distance of the start of `date` from the inline start.
    fn pos(&self, date: Date) -> f64 {
        MARGIN + (WIDTH - 2.0 * MARGIN) * self.start.days_until(date) as f64 / self.days
    }

    fn x(&self, pos: f64) -> f64 {
        if self.rtl {
            WIDTH - pos
        } else {
            pos
        }
    }
}

/// The road to the forum in `lang`, or None when no page is a milestone.
pub fn timeline(
    site: &Site,
    lang: &str,
    strings: &Strings,
    url_of: impl Fn(&str) -> Option<String>,
) -> Option<Timeline> {
    let rows = milestones(site, lang, strings, url_of);
    let first = rows.iter().map(|r| r.1).min()?;
    let last = rows.iter().map(|r| r.2).max()?;
    let rtl = matches!(site.config.language(lang).map(|l| l.dir), Some(crate::config::Direction::Rtl));
    let start = Date { day: 1, ..first };
    let end = last.next_month();
    let axis = Axis { start, days: start.days_until(end) as f64, rtl };
    let mut body = String::new();
    let mut top = HEADER;
    for (m, date, until) in &rows {
        top += milestone_row(&mut body, &axis, top, m, *date, *until);
    }
    let height = top + 8.0;
    let mut svg = String::new();
    let _ = write!(
        svg,
        "<svg class=\"timeline\" viewBox=\"0 0 {WIDTH} {height}\" direction=\"{}\" aria-labelledby=\"timeline-title\">\
         <title id=\"timeline-title\">{}</title>",
        if rtl { "rtl" } else { "ltr" },
        escape(text(strings, "road_title"))
    );
    month_bands(&mut svg, &axis, end, height, strings);
    svg.push_str(&body);
    svg.push_str("</svg>");
    Some(Timeline { svg, milestones: rows.into_iter().map(|r| r.0).collect() })
}

/// The months from the axis' start to `end`: alternate bands, each named, with the year under
/// the first month and every January.
fn month_bands(svg: &mut String, axis: &Axis, end: Date, height: f64, strings: &Strings) {
    let mut month = axis.start;
    let mut shaded = true;
    while month < end {
        let next = month.next_month();
        let (a, b) = (axis.x(axis.pos(month)), axis.x(axis.pos(next)));
        let (left, width) = (a.min(b), (b - a).abs());
        if shaded {
            let _ = write!(svg, "<rect class=\"month\" x=\"{left:.1}\" y=\"0\" width=\"{width:.1}\" height=\"{height}\" fill=\"#f3f6f9\"/>");
        }
        let centre = left + width / 2.0;
        let name = strings.get("months").and_then(|m| m.get(month.month as usize - 1)).and_then(Value::as_str);
        let _ = write!(
            svg,
            "<text x=\"{centre:.1}\" y=\"20\" text-anchor=\"middle\" font-size=\"13\" fill=\"#3d4550\">{}</text>",
            escape(name.unwrap_or_default())
        );
        if month == axis.start || month.month == 1 {
            let _ = write!(
                svg,
                "<text x=\"{centre:.1}\" y=\"38\" text-anchor=\"middle\" font-size=\"12\" fill=\"#3d4550\">{}</text>",
                month.year
            );
        }
        month = next;
        shaded = !shaded;
    }
}

/// One milestone at `top`: a link holding its mark (a dot for a day, a bar for a period), its
/// label and its date. The label goes beside the mark, after it where it fits, else before it;
/// when it fits on neither side, under the mark. Returns the row's height.
fn milestone_row(svg: &mut String, axis: &Axis, top: f64, m: &MilestoneView, date: Date, until: Date) -> f64 {
    let from = axis.pos(date);
    let (mark_start, mark_end) = if m.until_iso.is_some() {
        (from, axis.pos(until.next_day()).max(from + 8.0))
    } else {
        (from - 7.0, from + 7.0)
    };
    let needed = text_width(&m.label, 15.0).max(text_width(&m.date, 13.0));
    let room_after = WIDTH - MARGIN - mark_end - 10.0;
    let room_before = mark_start - MARGIN - 10.0;
    let beside = needed <= room_after || needed <= room_before;
    let (height, mark_y, label_y) =
        if beside { (ROW, top + 16.0, top + 21.0) } else { (TALL_ROW, top + 12.0, top + 38.0) };
    // Where the text starts (after = towards the inline end) and from which point.
    let (after, at) = match (beside, needed <= room_after) {
        (true, true) => (true, mark_end + 10.0),
        (true, false) => (false, mark_start - 10.0),
        (false, _) if WIDTH - MARGIN - mark_start >= mark_end - MARGIN => (true, mark_start),
        (false, _) => (false, mark_end),
    };
    let _ = write!(svg, "<a href=\"{}\" class=\"milestone\">", escape(&m.url));
    let _ = write!(
        svg,
        "<rect class=\"hit\" x=\"4\" y=\"{:.1}\" width=\"{}\" height=\"{}\" rx=\"4\" fill=\"transparent\"/>",
        top + 2.0,
        WIDTH - 8.0,
        height - 4.0
    );
    if m.until_iso.is_some() {
        let (a, b) = (axis.x(mark_start), axis.x(mark_end));
        let _ = write!(
            svg,
            "<rect class=\"period\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"14\" rx=\"4\" fill=\"{CHAMPION_FILL}\"/>",
            a.min(b),
            mark_y - 7.0,
            (b - a).abs()
        );
    } else {
        let _ = write!(
            svg,
            "<circle class=\"day\" cx=\"{:.1}\" cy=\"{mark_y:.1}\" r=\"7\" fill=\"{CHAMPION_FILL}\"/>",
            axis.x(from)
        );
    }
    // Text anchors are relative to the text's direction: a label in the figure's direction
    // starts at `at`; one in the other direction (a fallback) ends there.
    let same_direction = (m.dir == "rtl") == axis.rtl;
    let anchor = |same: bool| if after == same { "start" } else { "end" };
    let fallback = if m.fallback {
        format!(" lang=\"{}\" direction=\"{}\"", escape(&m.lang), escape(&m.dir))
    } else {
        String::new()
    };
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{label_y:.1}\" text-anchor=\"{}\" font-size=\"15\" font-weight=\"600\" fill=\"{CHAMPION_FILL}\"{fallback}>{}</text>",
        axis.x(at),
        anchor(same_direction),
        escape(&m.label)
    );
    let _ = write!(
        svg,
        "<text x=\"{:.1}\" y=\"{:.1}\" text-anchor=\"{}\" font-size=\"13\" fill=\"#3d4550\">{}</text></a>",
        axis.x(at),
        label_y + 18.0,
        anchor(true),
        escape(&m.date)
    );
    height
}

/// A generous estimate of the width of `s` at `size`: CJK characters are square, others about
/// six tenths of the size (bold Latin); used only to choose the side of a label.
fn text_width(s: &str, size: f64) -> f64 {
    s.chars().map(|c| if c >= '\u{2E80}' { size } else { size * 0.6 }).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_map_data_has_every_country_once_and_a_view_box() {
        let map = world();
        assert!(map.view_box.starts_with("0 0 1000 "), "{}", map.view_box);
        assert!(map.countries.len() > 200, "{}", map.countries.len());
        let mut codes: Vec<&str> = map.countries.iter().map(|c| c.iso).collect();
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), map.countries.len());
        let colombia = map.countries.iter().find(|c| c.iso == "CO").unwrap();
        assert!(colombia.path.unwrap().starts_with('M') && colombia.marker.is_none());
        let luxembourg = map.countries.iter().find(|c| c.iso == "LU").unwrap();
        assert!(luxembourg.path.is_some() && luxembourg.marker.is_some());
        let malta = map.countries.iter().find(|c| c.iso == "MT").unwrap();
        assert!(malta.path.is_none() && malta.marker.is_some());
    }

    #[test]
    fn milestones_are_read_and_checked() {
        let extra =
            |yaml: &str| serde_json::to_value(serde_yaml::from_str::<serde_yaml::Value>(yaml).unwrap()).unwrap();
        let ok = read_milestone(&extra("milestone: {date: 2022-01-19, until: 2022-04-27, label: Dialogues}"))
            .unwrap()
            .unwrap();
        assert_eq!(ok.date.to_string(), "2022-01-19");
        assert_eq!(ok.until.unwrap().to_string(), "2022-04-27");
        assert_eq!(ok.label.as_deref(), Some("Dialogues"));
        assert_eq!(read_milestone(&extra("venue: x")).unwrap(), None);
        let problem = |yaml: &str| read_milestone(&extra(yaml)).unwrap_err();
        assert_eq!(
            problem("milestone: {date: 2022-02-30}"),
            (Some("date"), "milestone `date`: `2022-02-30` is not a date that exists".into())
        );
        assert_eq!(problem("milestone: {date: 20220101}").0, Some("date"));
        assert_eq!(problem("milestone: {date: 2022-05-01, until: 2022-04-01}").0, Some("until"));
        assert_eq!(problem("milestone: {until: 2022-04-01}").1, "`extra.milestone` needs a `date` (YYYY-MM-DD)");
        assert!(problem("milestone: {date: 2022-05-01, when: x}").1.contains("unknown field `when`"));
        assert!(problem("milestone: 2022-05-01").1.contains("must be a mapping"));
    }

    #[test]
    fn keys_are_found_as_whole_words() {
        assert_eq!(find_key("  update: 1\n  date: 2", "date"), Some(14));
        assert_eq!(find_key("{date: 2}", "date"), Some(1));
        assert_eq!(find_key("dated text", "date"), None);
    }
}
