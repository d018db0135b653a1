//! Machine-readable outputs: Atom feeds of dated sections, iCalendar files of the programme and
//! the dialogue series, `sitemap.xml` with hreflang alternates, and `robots.txt`. Every date in
//! them comes from the content, never from the clock, so two builds give the same bytes.

use super::{Output, Renderer};
use crate::content::date::{Date, Time};
use crate::content::{Page, Typed};
use crate::markdown;
use std::fmt::Write;

/// How many entries a feed carries: the newest ones, as feed readers expect.
const FEED_ENTRIES: usize = 50;

/// Escapes text for XML content and attributes.
fn xml(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

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
        let section_key = format!("{section}/_index.md");
        let section_title =
            self.shown(&section_key, lang).map_or_else(|| section.to_string(), |(p, _)| p.title.clone());
        let site_title = &self.site.config.language(lang).map_or(&self.site.config.title, |l| &l.title);
        let self_url = self.permalink(&self.feed_url(lang, section));
        let alternate = self.permalink(&self.url(lang, &format!("{section}/")));
        let updated = pages.iter().filter_map(|p| p.sort_date()).max().map(atom_date).unwrap_or_default();
        let mut out = String::new();
        let _ = writeln!(out, r#"<?xml version="1.0" encoding="utf-8"?>"#);
        let _ = writeln!(out, r#"<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{}">"#, xml(lang));
        let _ = writeln!(out, "  <title>{} · {}</title>", xml(&section_title), xml(site_title));
        let _ = writeln!(out, "  <id>{}</id>", xml(&self_url));
        let _ = writeln!(out, r#"  <link rel="self" type="application/atom+xml" href="{}"/>"#, xml(&self_url));
        let _ = writeln!(out, r#"  <link rel="alternate" type="text/html" href="{}"/>"#, xml(&alternate));
        let _ = writeln!(out, "  <updated>{updated}</updated>");
        let _ = writeln!(out, "  <author><name>{}</name></author>", xml(site_title));
        for source in pages.iter().take(FEED_ENTRIES) {
            let Some((page, _)) = self.shown(&source.key, lang) else {
                continue;
            };
            let Some(url) = self.page_url(&source.key, lang) else {
                continue;
            };
            let link = self.permalink(&url);
            let date = source.sort_date().map(atom_date).unwrap_or_default();
            let html = self
                .rendered_of(page)
                .map(|r| markdown::resolve_links(&r.html, |k| self.page_url(k, lang).map(|u| self.permalink(&u))))
                .unwrap_or_default();
            let _ = writeln!(out, r#"  <entry xml:lang="{}">"#, xml(&page.lang));
            let _ = writeln!(out, "    <title>{}</title>", xml(&page.title));
            let _ = writeln!(out, "    <id>{}</id>", xml(&link));
            let _ = writeln!(out, r#"    <link rel="alternate" type="text/html" href="{}"/>"#, xml(&link));
            let _ = writeln!(out, "    <updated>{date}</updated>");
            let _ = writeln!(out, "    <summary>{}</summary>", xml(&self.summary_of(page)));
            let _ = writeln!(out, r#"    <content type="html">{}</content>"#, xml(&html));
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
        let host = self
            .site
            .config
            .base_url
            .split("://")
            .nth(1)
            .unwrap_or("imrf")
            .split('/')
            .next()
            .unwrap_or("imrf")
            .to_string();
        let mut events = String::new();
        let mut uses_new_york = false;
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
                    if e.timezone == crate::content::DEFAULT_TIMEZONE {
                        uses_new_york = true;
                        lines.push(format!("DTSTART;TZID={}:{}", e.timezone, ics_local(e.date, e.start)));
                        lines.push(format!("DTEND;TZID={}:{}", e.timezone, ics_local(e.date, e.end)));
                    } else {
                        lines.push(format!("DTSTART:{}", ics_local(e.date, e.start)));
                        lines.push(format!("DTEND:{}", ics_local(e.date, e.end)));
                    }
                    // The venue, when the section names one (`extra: {venue: …}` in its _index.md).
                    let venue = self
                        .shown(&format!("{}/_index.md", source.section), lang)
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
                    let next = next_day(d.date);
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
        if uses_new_york {
            out.push_str(NEW_YORK);
        }
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
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", xml(loc));
        if real.len() > 1 {
            for (lang, href) in real {
                let _ =
                    writeln!(out, r#"    <xhtml:link rel="alternate" hreflang="{}" href="{}"/>"#, xml(lang), xml(href));
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

fn next_day(d: Date) -> Date {
    let days = d.days_since_epoch() + 1;
    // civil_from_days (Howard Hinnant).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
    Date { year, month, day }
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

/// America/New_York with the US daylight saving rules in force since 2007.
const NEW_YORK: &str = "BEGIN:VTIMEZONE\r\nTZID:America/New_York\r\nBEGIN:DAYLIGHT\r\nTZOFFSETFROM:-0500\r\nTZOFFSETTO:-0400\r\nTZNAME:EDT\r\nDTSTART:20070311T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU\r\nEND:DAYLIGHT\r\nBEGIN:STANDARD\r\nTZOFFSETFROM:-0400\r\nTZOFFSETTO:-0500\r\nTZNAME:EST\r\nDTSTART:20071104T020000\r\nRRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU\r\nEND:STANDARD\r\nEND:VTIMEZONE\r\n";

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
    fn text_is_escaped_and_days_roll_over() {
        assert_eq!(ics_text("a, b; c\\d"), "a\\, b\\; c\\\\d");
        assert_eq!(next_day(Date::parse("2022-02-28").unwrap()).to_string(), "2022-03-01");
        assert_eq!(next_day(Date::parse("2021-12-31").unwrap()).to_string(), "2022-01-01");
    }
}
