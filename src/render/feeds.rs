//! Feeds and calendars: the Atom feed of every section with dated pages, and iCalendar files of
//! the programme and the dialogue series (one for all, one per event), in every language. Every
//! date in them comes from the content, never from the clock, so two builds give the same bytes.

use super::context::Context;
use super::{Files, Render, Scope};
use crate::content::{Page, Typed};
use crate::escape;
use crate::time::{Date, Time};
use rayon::prelude::*;
use std::fmt::Write;

/// The renderer of feeds and calendars.
pub(super) struct Feeds;

impl Render for Feeds {
    fn name(&self) -> &'static str {
        "feeds and calendars"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if matches!(scope, Scope::Pages(_)) {
            return;
        }
        let sections = dated_sections(cx);
        let events: Vec<&Page> =
            cx.site.sources().filter(|p| matches!(p.typed, Typed::Event(_) | Typed::Dialogue(_))).collect();
        // Every file is independent of the others: make them in parallel, insert them in order.
        let mut work: Vec<(String, Box<dyn Fn() -> String + Send + Sync + '_>)> = Vec::new();
        for lang in &cx.site.config.languages {
            let lang = lang.code.as_str();
            for (section, pages) in &sections {
                work.push((
                    cx.urls.file_of(&cx.urls.feed(lang, section)),
                    Box::new(move || atom(cx, lang, section, pages)),
                ));
            }
            if !events.is_empty() {
                work.push((
                    cx.urls.file_of(&cx.urls.url(lang, "calendar.ics")),
                    Box::new(move || calendar(cx, lang, &[])),
                ));
            }
            for page in &events {
                if let Some(url) = cx.urls.ics(lang, &page.key) {
                    let key = page.key.as_str();
                    work.push((cx.urls.file_of(&url), Box::new(move || calendar(cx, lang, &[key]))));
                }
            }
        }
        let made: Vec<(String, String)> = work.into_par_iter().map(|(path, make)| (path, make())).collect();
        for (path, text) in made {
            files.file(path, text.into_bytes(), super::Provenance::BuiltIn("feed or calendar".to_string()));
        }
    }
}

/// How many entries a feed carries: the newest ones, as feed readers expect.
const FEED_ENTRIES: usize = 50;

/// Sections with dated pages, as (section folder, pages newest first).
fn dated_sections<'a>(cx: &Context<'a>) -> Vec<(String, Vec<&'a Page>)> {
    let mut out: Vec<(String, Vec<&Page>)> = cx
        .children
        .iter()
        .filter(|(section, _)| !section.is_empty())
        .map(|(section, pages)| {
            let mut dated: Vec<&Page> = pages.iter().copied().filter(|p| p.sort_date().is_some()).collect();
            dated.sort_by(|a, b| (b.sort_date(), &a.key).cmp(&(a.sort_date(), &b.key)));
            (section.clone(), dated)
        })
        .filter(|(_, pages)| !pages.is_empty())
        .collect();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

/// The Atom feed of one section in one language.
fn atom(cx: &Context<'_>, lang: &str, section: &str, pages: &[&Page]) -> String {
    let section_key = crate::paths::section_index(section);
    let section_title =
        cx.shown(&section_key, lang).map_or_else(|| section.to_string(), |(p, _)| super::context::title_of(p));
    let site_title = &cx.site.config.language(lang).map_or(&cx.site.config.title, |l| &l.title);
    let self_url = cx.urls.permalink(&cx.urls.feed(lang, section));
    let alternate = cx.urls.permalink(&cx.urls.url(lang, &format!("{section}/")));
    let updated = pages.iter().filter_map(|p| p.sort_date()).max().map(atom_date).unwrap_or_default();
    let mut out = String::new();
    let _ = writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#);
    let _ = writeln!(out, r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{}">"#, escape::html(lang));
    let _ = writeln!(out, "  <title>{} · {}</title>", escape::html(&section_title), escape::html(site_title));
    let _ = writeln!(out, "  <id>{}</id>", escape::html(&self_url));
    let _ = writeln!(out, r#"  <link rel="self" type="application/atom+xml" href="{}"/>"#, escape::html(&self_url));
    let _ = writeln!(out, r#"  <link rel="alternate" type="text/html" href="{}"/>"#, escape::html(&alternate));
    let _ = writeln!(out, "  <updated>{updated}</updated>");
    let _ = writeln!(out, "  <author><name>{}</name></author>", escape::html(site_title));
    for source in pages.iter().take(FEED_ENTRIES) {
        let Some((page, _)) = cx.shown(&source.key, lang) else {
            continue;
        };
        let Some(url) = cx.urls.page(&source.key, lang) else {
            continue;
        };
        let link = cx.urls.permalink(&url);
        // When the entry's text last changed (its file's last update), else its own date.
        let date = page.updated.or(source.sort_date()).map(atom_date).unwrap_or_default();
        let html = cx.body_html(page, lang, true);
        let _ = writeln!(out, r#"  <entry xml:lang="{}">"#, escape::html(&page.lang));
        let _ = writeln!(out, "    <title>{}</title>", escape::html(&super::context::title_of(page)));
        let _ = writeln!(out, "    <id>{}</id>", escape::html(&link));
        let _ = writeln!(out, r#"    <link rel="alternate" type="text/html" href="{}"/>"#, escape::html(&link));
        let _ = writeln!(out, "    <updated>{date}</updated>");
        let _ = writeln!(out, "    <summary>{}</summary>", escape::html(&cx.summary_of(page)));
        let _ = writeln!(out, r#"    <content type="html">{}</content>"#, escape::html(&html));
        let _ = writeln!(out, "  </entry>");
    }
    out.push_str("</feed>\n");
    out
}

/// The programme's events and the dialogues in one calendar (`keys` empty), or one event.
fn calendar(cx: &Context<'_>, lang: &str, keys: &[&str]) -> String {
    let host = &cx.site.config.host;
    let mut events = String::new();
    let sources: Vec<&Page> = if keys.is_empty() {
        let mut all: Vec<&Page> =
            cx.site.sources().filter(|p| matches!(p.typed, Typed::Event(_) | Typed::Dialogue(_))).collect();
        all.sort_by(|a, b| (a.sort_date(), &a.key).cmp(&(b.sort_date(), &b.key)));
        all
    } else {
        keys.iter().filter_map(|k| cx.site.page(k, cx.default_language())).collect()
    };
    for source in sources {
        let Some((page, _)) = cx.shown(&source.key, lang) else {
            continue;
        };
        let url = cx.urls.page(&source.key, lang).map(|u| cx.urls.permalink(&u)).unwrap_or_default();
        let uid = format!("{}-{}@{host}", source.section.replace('/', "-"), source.slug);
        let mut lines = vec!["BEGIN:VEVENT".to_string(), format!("UID:{uid}")];
        match &page.typed {
            Typed::Event(e) => {
                lines.push(format!("DTSTAMP:{}", ics_utc(e.date, Time { hour: 0, minute: 0 })));
                // Exact in any zone: the instants in UTC, from the zone database.
                let (start_date, start) = e.zone.to_utc(e.date, e.start);
                let (end_date, end) = e.zone.to_utc(e.date, e.end);
                lines.push(format!("DTSTART:{}", ics_utc(start_date, start)));
                lines.push(format!("DTEND:{}", ics_utc(end_date, end)));
                // The venue, when the section names one (`extra: {venue: …}` in its _index.md).
                let venue = cx
                    .shown(&crate::paths::section_index(&source.section), lang)
                    .and_then(|(s, _)| s.extra.get("venue").and_then(|v| v.as_str()).map(str::to_string));
                let location = match venue {
                    Some(v) => format!("{}, {v}", e.room),
                    None => e.room.clone(),
                };
                lines.push(format!("LOCATION:{}", ics_text(&location)));
            }
            Typed::Dialogue(d) => {
                lines.push(format!("DTSTAMP:{}", ics_utc(d.date, Time { hour: 0, minute: 0 })));
                lines.push(format!("DTSTART;VALUE=DATE:{}", ics_day(d.date)));
                let next = d.date.next_day();
                lines.push(format!("DTEND;VALUE=DATE:{}", ics_day(next)));
                lines.push(format!("LOCATION:{}", ics_text(&d.format)));
            }
            _ => continue,
        }
        lines.push(format!("SUMMARY;LANGUAGE={}:{}", page.lang, ics_text(&super::context::title_of(page))));
        let summary = cx.summary_of(page);
        if !summary.is_empty() {
            lines.push(format!("DESCRIPTION;LANGUAGE={}:{}", page.lang, ics_text(&summary)));
        }
        lines.push(format!("URL:{url}"));
        lines.push("END:VEVENT".to_string());
        for l in lines {
            events.push_str(&fold(&l));
        }
    }
    let mut out = String::new();
    for l in ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//imrf//IMRF knowledge base//EN", "CALSCALE:GREGORIAN"] {
        out.push_str(&fold(l));
    }
    out.push_str(&fold(&format!(
        "X-WR-CALNAME:{}",
        ics_text(&cx.site.config.language(lang).map_or(cx.site.config.title.clone(), |l| l.title.clone()))
    )));
    out.push_str(&events);
    out.push_str(&fold("END:VCALENDAR"));
    out
}

fn atom_date(d: Date) -> String {
    format!("{d}T00:00:00Z")
}

fn ics_day(d: Date) -> String {
    format!("{:04}{:02}{:02}", d.year, d.month, d.day)
}

fn ics_local(d: Date, t: Time) -> String {
    format!("{}T{:02}{:02}00", ics_day(d), t.hour, t.minute)
}

fn ics_utc(d: Date, t: Time) -> String {
    format!("{}Z", ics_local(d, t))
}

/// iCalendar TEXT escaping (RFC 5545 §3.3.11).
fn ics_text(s: &str) -> String {
    s.replace('\\', "\\\\").replace(';', "\\;").replace(',', "\\,").replace('\n', "\\n")
}

/// Folds a content line at 75 octets (never inside a UTF-8 sequence) and ends it with CRLF.
fn fold(line: &str) -> String {
    let mut out = String::new();
    let mut width = 0;
    for c in line.chars() {
        let len = c.len_utf8();
        if width + len > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += len;
    }
    out.push_str("\r\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_at_75_octets_without_splitting_characters() {
        let line = format!("SUMMARY:{}", "é".repeat(60));
        let folded = fold(&line);
        for l in folded.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(l.len() <= 75, "{l}");
        }
        assert_eq!(folded.replace("\r\n ", "").trim_end(), line);
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(ics_text("a, b; c\\d"), "a\\, b\\; c\\\\d");
    }
}
