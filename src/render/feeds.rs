//! Machine-readable outputs: Atom feeds of dated sections, iCalendar files of the programme and
//! the dialogue series, `sitemap.xml` with hreflang alternates, and `robots.txt`. Every date in
//! them comes from the content, never from the clock, so two builds give the same bytes.

use super::{Output, Renderer};
use crate::content::{Page, Typed};
use crate::escape;
use crate::time::{Date, Time};
use std::fmt::Write;

/// How many entries a feed carries: the newest ones, as feed readers expect.
const FEED_ENTRIES: usize = 50;

impl Renderer<'_> {
    /// Sections with dated pages, as (section folder, pages newest first).
    pub(super) fn dated_sections(&self) -> Vec<(String, Vec<&Page>)> {
        let mut out: Vec<(String, Vec<&Page>)> = self
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

    pub(super) fn feed_url(&self, lang: &str, section: &str) -> String {
        self.url(lang, &format!("{section}/atom.xml"))
    }

    /// The Atom feed of one section in one language.
    pub(super) fn atom(&self, lang: &str, section: &str, pages: &[&Page]) -> String {
        let section_key = crate::paths::section_index(section);
        let section_title =
            self.shown(&section_key, lang).map_or_else(|| section.to_string(), |(p, _)| p.title.clone());
        let site_title = &self.site.config.language(lang).map_or(&self.site.config.title, |l| &l.title);
        let self_url = self.permalink(&self.feed_url(lang, section));
        let alternate = self.permalink(&self.url(lang, &format!("{section}/")));
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
            let Some((page, _)) = self.shown(&source.key, lang) else {
                continue;
            };
            let Some(url) = self.page_url(&source.key, lang) else {
                continue;
            };
            let link = self.permalink(&url);
            let date = source.sort_date().map(atom_date).unwrap_or_default();
            let html = self.body_html(page, lang, true);
            let _ = writeln!(out, r#"  <entry xml:lang="{}">"#, escape::html(&page.lang));
            let _ = writeln!(out, "    <title>{}</title>", escape::html(&page.title));
            let _ = writeln!(out, "    <id>{}</id>", escape::html(&link));
            let _ = writeln!(out, r#"    <link rel="alternate" type="text/html" href="{}"/>"#, escape::html(&link));
            let _ = writeln!(out, "    <updated>{date}</updated>");
            let _ = writeln!(out, "    <summary>{}</summary>", escape::html(&self.summary_of(page)));
            let _ = writeln!(out, r#"    <content type="html">{}</content>"#, escape::html(&html));
            let _ = writeln!(out, "  </entry>");
        }
        out.push_str("</feed>\n");
        out
    }

    /// The URL of an event's or a dialogue's own calendar file.
    pub(super) fn ics_url(&self, lang: &str, key: &str) -> Option<String> {
        Some(format!("{}event.ics", self.page_url(key, lang)?))
    }

    /// The programme's events and the dialogues in one calendar (`keys` empty), or one event.
    pub(super) fn calendar(&self, lang: &str, keys: &[&str]) -> String {
        let host = &self.site.config.host;
        let mut events = String::new();
        let sources: Vec<&Page> = if keys.is_empty() {
            let mut all: Vec<&Page> =
                self.site.sources().filter(|p| matches!(p.typed, Typed::Event(_) | Typed::Dialogue(_))).collect();
            all.sort_by(|a, b| (a.sort_date(), &a.key).cmp(&(b.sort_date(), &b.key)));
            all
        } else {
            keys.iter().filter_map(|k| self.site.page(k, self.default_language())).collect()
        };
        for source in sources {
            let Some((page, _)) = self.shown(&source.key, lang) else {
                continue;
            };
            let url = self.page_url(&source.key, lang).map(|u| self.permalink(&u)).unwrap_or_default();
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
                    let venue = self
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
            lines.push(format!("SUMMARY;LANGUAGE={}:{}", page.lang, ics_text(&page.title)));
            let summary = self.summary_of(page);
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
            ics_text(&self.site.config.language(lang).map_or(self.site.config.title.clone(), |l| l.title.clone()))
        )));
        out.push_str(&events);
        out.push_str(&fold("END:VCALENDAR"));
        out
    }

    /// `sitemap.xml`: every page in every language it really has, with its alternates.
    pub(super) fn sitemap(&self, output: &Output) -> String {
        let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
        let languages: Vec<&str> = self.site.config.languages.iter().map(|l| l.code.as_str()).collect();
        let default = self.default_language();
        // Content pages: the languages with a real translation.
        for source in self.site.sources() {
            let real: Vec<(&str, String)> = languages
                .iter()
                .filter(|l| **l == default || self.site.page(&source.key, l).is_some())
                .filter_map(|l| Some((*l, self.permalink(&self.page_url(&source.key, l)?))))
                .collect();
            write_urls(&mut out, &real);
        }
        // Built-in indexes exist in every language.
        let content_files: std::collections::HashSet<String> = self
            .site
            .sources()
            .flat_map(|p| {
                languages.iter().filter_map(|l| self.page_url(&p.key, l)).map(|u| self.file_of(&u)).collect::<Vec<_>>()
            })
            .collect();
        let prefix = format!("{default}/");
        for file in
            output.keys().filter(|f| f.starts_with(&prefix) && f.ends_with("index.html") && !content_files.contains(*f))
        {
            let rest = &file[prefix.len()..file.len() - "index.html".len()];
            let real: Vec<(&str, String)> =
                languages.iter().map(|l| (*l, self.permalink(&self.url(l, rest)))).collect();
            write_urls(&mut out, &real);
        }
        out.push_str("</urlset>\n");
        out
    }
}

fn write_urls(out: &mut String, real: &[(&str, String)]) {
    for (_, loc) in real {
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", escape::html(loc));
        if real.len() > 1 {
            for (lang, href) in real {
                let _ = writeln!(
                    out,
                    r#"    <xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#,
                    escape::html(lang),
                    escape::html(href)
                );
            }
        }
        out.push_str("  </url>\n");
    }
}

/// `robots.txt`, pointing at the sitemap.
pub(super) fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
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
