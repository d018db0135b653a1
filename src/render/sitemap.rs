//! `sitemap.xml` and `robots.txt`: every page in every language it really has (translations, not
//! fallbacks), with its hreflang alternates; the built-in pages exist in every language.

use super::context::Context;
use super::indexes;
use super::{Files, Render, Scope};
use crate::escape;
use std::fmt::Write;

/// The renderer of the sitemap and robots.txt.
pub(super) struct Sitemap;

impl Render for Sitemap {
    fn name(&self) -> &'static str {
        "sitemap"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if matches!(scope, Scope::All) {
            let source = || super::Provenance::BuiltIn("sitemap".to_string());
            // Each part is handed on as soon as it is whole; the first waits to learn whether it
            // is the whole sitemap or the first of several.
            let mut first = None;
            let parts = split(groups(cx), MAX_URLS, MAX_BYTES, |n, part| match n {
                1 => first = Some(part),
                _ => {
                    if let Some(first) = first.take() {
                        files.file("sitemap-1.xml".to_string(), first.into_bytes(), source());
                    }
                    files.file(format!("sitemap-{n}.xml"), part.into_bytes(), source());
                }
            });
            if let Some(whole) = first {
                files.file("sitemap.xml".to_string(), whole.into_bytes(), source());
            } else {
                let mut index = String::from(
                    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
                );
                for n in 1..=parts {
                    let loc = escape::html(&cx.urls.permalink(&cx.urls.site(&format!("sitemap-{n}.xml"))));
                    let _ = writeln!(index, "  <sitemap>\n    <loc>{loc}</loc>\n  </sitemap>");
                }
                index.push_str("</sitemapindex>\n");
                files.file("sitemap.xml".to_string(), index.into_bytes(), source());
            }
            let robots = robots(&cx.urls.permalink(&cx.urls.site("sitemap.xml"))).into_bytes();
            files.file("robots.txt".to_string(), robots, super::Provenance::BuiltIn("robots.txt".to_string()));
        }
    }
}

/// What the sitemaps protocol allows in one file: 50,000 URLs and 50 MiB. A larger site's
/// `sitemap.xml` is an index of `sitemap-1.xml`, `sitemap-2.xml`…, each within both.
const MAX_URLS: usize = 50_000;
const MAX_BYTES: usize = 50 * 1024 * 1024;

const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_END: &str = "</urlset>\n";

/// The `<url>` elements of every page in every language it really has (translations, not
/// fallbacks), one group per page (its languages, each with the page's alternates), with how
/// many URLs each group holds; the built-in pages exist in every language.
fn groups<'c>(cx: &'c Context<'_>) -> impl Iterator<Item = (String, usize)> + 'c {
    let languages: Vec<&'c str> = cx.site.config.languages.iter().map(|l| l.code.as_str()).collect();
    let default = cx.default_language();
    let content = {
        let languages = languages.clone();
        cx.site.sources().map(move |source| {
            languages
                .iter()
                .filter_map(|l| {
                    let page = if *l == default { Some(source) } else { cx.site.page(&source.key, l) }?;
                    let lastmod = page.updated.map(|d| d.to_string());
                    Some((*l, cx.urls.permalink(&cx.urls.page(&source.key, l)?), lastmod))
                })
                .collect::<Vec<_>>()
        })
    };
    let built_in = indexes::sitemap_paths(cx).into_iter().map(move |path| {
        languages.iter().map(|l| (*l, cx.urls.permalink(&cx.urls.url(l, &path)), None)).collect::<Vec<_>>()
    });
    content.chain(built_in).map(|real| {
        let mut out = String::new();
        write_urls(&mut out, &real);
        (out, real.len())
    })
}

/// Sitemap files of `groups` in order, each handed to `out` with its number (from 1) as soon as
/// it is whole: each group whole in one file, each file within `max_urls` and `max_bytes` (a
/// group larger than a file's room alone fills a file of its own). Returns how many files.
fn split(
    groups: impl Iterator<Item = (String, usize)>,
    max_urls: usize,
    max_bytes: usize,
    mut out: impl FnMut(usize, String),
) -> usize {
    let mut parts = 0;
    let mut current = String::from(URLSET_START);
    let mut urls = 0;
    for (xml, count) in groups {
        if urls > 0 && (urls + count > max_urls || current.len() + xml.len() + URLSET_END.len() > max_bytes) {
            current.push_str(URLSET_END);
            parts += 1;
            out(parts, std::mem::replace(&mut current, String::from(URLSET_START)));
            urls = 0;
        }
        current.push_str(&xml);
        urls += count;
    }
    current.push_str(URLSET_END);
    parts += 1;
    out(parts, current);
    parts
}

/// One `<url>` per language of a page: its address, its last update, and its alternates.
fn write_urls(out: &mut String, real: &[(&str, String, Option<String>)]) {
    for (_, loc, lastmod) in real {
        let _ = writeln!(out, "  <url>\n    <loc>{}</loc>", escape::html(loc));
        if let Some(date) = lastmod {
            let _ = writeln!(out, "    <lastmod>{date}</lastmod>");
        }
        if real.len() > 1 {
            for (lang, href, _) in real {
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

/// `robots.txt`, pointing at the sitemap (at `sitemap`, its whole URL).
fn robots(sitemap: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::{split, URLSET_END, URLSET_START};
    use proptest::prelude::*;

    proptest! {
        /// Every group is in exactly one file, in order; every file is a whole `<urlset>` within
        /// the limits, unless one group alone is larger; a site within them keeps one file.
        #[test]
        fn a_split_sitemap_holds_every_url_once_in_files_within_the_limits(
            sizes in prop::collection::vec((1usize..7, 0usize..200), 0..60),
            max_urls in 1usize..20,
            max_bytes in 200usize..2000,
        ) {
            let groups: Vec<(String, usize)> = sizes
                .iter()
                .enumerate()
                .map(|(i, &(count, pad))| (format!("<url>{i}:{}</url>\n", "x".repeat(pad)), count))
                .collect();
            let mut parts = Vec::new();
            let count = split(groups.clone().into_iter(), max_urls, max_bytes, |n, part| {
                assert_eq!(n, parts.len() + 1);
                parts.push(part);
            });
            prop_assert_eq!(count, parts.len());
            let mut seen = Vec::new();
            for part in &parts {
                let body = part.strip_prefix(URLSET_START).and_then(|p| p.strip_suffix(URLSET_END));
                prop_assert!(body.is_some(), "{}", part);
                let (mut urls, mut in_part) = (0, 0);
                for line in body.unwrap().lines() {
                    let i: usize = line.trim_start_matches("<url>").split(':').next().unwrap().parse().unwrap();
                    urls += groups[i].1;
                    in_part += 1;
                    seen.push(i);
                }
                if in_part > 1 {
                    prop_assert!(urls <= max_urls && part.len() <= max_bytes, "{} URLs, {} bytes", urls, part.len());
                }
            }
            prop_assert_eq!(seen, (0..groups.len()).collect::<Vec<_>>());
            let total_urls: usize = groups.iter().map(|g| g.1).sum();
            let total_bytes = URLSET_START.len() + groups.iter().map(|g| g.0.len()).sum::<usize>() + URLSET_END.len();
            if total_urls <= max_urls && total_bytes <= max_bytes {
                prop_assert_eq!(parts.len(), 1);
            }
        }
    }
}
