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
            files.file(
                "sitemap.xml".to_string(),
                sitemap(cx).into_bytes(),
                super::Provenance::BuiltIn("sitemap".to_string()),
            );
            let robots = robots(&cx.site.config.base_url).into_bytes();
            files.file("robots.txt".to_string(), robots, super::Provenance::BuiltIn("robots.txt".to_string()));
        }
    }
}

/// `sitemap.xml`: every page in every language it really has, with its alternates.
fn sitemap(cx: &Context<'_>) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n");
    let languages: Vec<&str> = cx.site.config.languages.iter().map(|l| l.code.as_str()).collect();
    let default = cx.default_language();
    // Content pages: the languages with a real translation.
    for source in cx.site.sources() {
        let real: Vec<(&str, String, Option<String>)> = languages
            .iter()
            .filter_map(|l| {
                let page = if *l == default { Some(source) } else { cx.site.page(&source.key, l) }?;
                let lastmod = page.updated.map(|d| d.to_string());
                Some((*l, cx.urls.permalink(&cx.urls.page(&source.key, l)?), lastmod))
            })
            .collect();
        write_urls(&mut out, &real);
    }
    // Built-in pages exist in every language.
    for path in indexes::sitemap_paths(cx) {
        let real: Vec<(&str, String, Option<String>)> =
            languages.iter().map(|l| (*l, cx.urls.permalink(&cx.urls.url(l, &path)), None)).collect();
        write_urls(&mut out, &real);
    }
    out.push_str("</urlset>\n");
    out
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

/// `robots.txt`, pointing at the sitemap.
fn robots(base_url: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {base_url}/sitemap.xml\n")
}
