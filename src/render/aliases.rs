//! Redirect pages for the old URLs of pages (`aliases:` in front matter): a small page at each old
//! path that sends readers and crawlers to the page's URL (meta refresh, a link, the canonical
//! URL) and asks search engines not to index it. Aliases are not in the sitemap; an alias that
//! takes the place of a page or of another alias is an error, like any two sources of one file.

use super::context::Context;
use super::{Files, Provenance, Render, RenderedPage, Scope};
use crate::escape;

/// The renderer of redirect pages.
pub(super) struct Aliases;

impl Render for Aliases {
    fn name(&self) -> &'static str {
        "aliases"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if !matches!(scope, Scope::All) {
            return;
        }
        // A page's aliases are its source's: a translation made by `imrf i18n new` copies them.
        for page in cx.site.sources().filter(|p| !p.aliases.is_empty()) {
            let Some(url) = cx.urls.page(&page.key, &page.lang) else {
                continue;
            };
            let html = redirect(&page.lang, &url, &cx.urls.permalink(&url));
            for alias in &page.aliases {
                let path = cx.urls.file_of(&format!("{}{alias}", cx.urls.base_path));
                let source = Provenance::Alias(page.file.clone());
                files.page(Ok(RenderedPage { path, html: Some(html.clone()), key: None }), source);
            }
        }
    }
}

/// The redirect page to `url` (whose absolute form is `permalink`).
fn redirect(lang: &str, url: &str, permalink: &str) -> String {
    let (url, permalink, lang) = (escape::html(url), escape::html(permalink), escape::html(lang));
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<title>{url}</title>\n\
         <meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{permalink}\">\n\
         <meta http-equiv=\"refresh\" content=\"0; url={url}\">\n</head>\n<body>\n<p><a href=\"{url}\">{url}</a></p>\n\
         </body>\n</html>\n"
    )
}
