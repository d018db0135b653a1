//! Every URL the site makes, in one type: a page's in a language, the built-in indexes', the
//! feeds' and calendars', site-wide files', the absolute form for feeds and social previews, and
//! the output file a URL is written to. All start with the path part of `base_url` (`/kb` for
//! `https://example.org/kb`); the URL *policy* (which links may be published) is `crate::urls`.

use crate::content::{page_path, Site};

/// The URLs of one site.
pub(crate) struct Urls<'a> {
    site: &'a Site,
    /// The path part of `base_url` (`/kb`, or empty), prefixed to every URL.
    pub(crate) base_path: String,
}

impl<'a> Urls<'a> {
    pub(super) fn new(site: &'a Site) -> Urls<'a> {
        Urls { site, base_path: site.config.base_path.clone() }
    }

    /// `path` in `lang`: `/kb/fr/notes/`.
    pub(crate) fn url(&self, lang: &str, path: &str) -> String {
        format!("{}/{lang}/{path}", self.base_path)
    }

    /// A file of the whole site, in no language: `/kb/style.css`.
    pub(crate) fn site(&self, path: &str) -> String {
        format!("{}/{path}", self.base_path)
    }

    /// The URL of a page (by key) in a language: its translation's path, or the source's.
    pub(crate) fn page(&self, key: &str, lang: &str) -> Option<String> {
        let page = self.site.page(key, lang).or_else(|| self.site.page(key, &self.site.config.default_language))?;
        Some(self.url(lang, page_path(page)))
    }

    /// An URL of the site with its origin: what feeds and social previews need.
    pub(crate) fn permalink(&self, url: &str) -> String {
        let origin = self.site.config.base_url.strip_suffix(&self.base_path).unwrap_or(&self.site.config.base_url);
        format!("{origin}{url}")
    }

    pub(crate) fn objective(&self, lang: &str, n: u8) -> String {
        self.url(lang, &format!("objectives/{n}/"))
    }

    pub(crate) fn round_table(&self, lang: &str, n: u8) -> String {
        self.url(lang, &format!("round-tables/{n}/"))
    }

    pub(crate) fn principle(&self, lang: &str, key: &str) -> String {
        self.url(lang, &format!("principles/{key}/"))
    }

    pub(crate) fn champion(&self, lang: &str, iso: &str) -> String {
        self.url(lang, &format!("champions/{}/", iso.to_ascii_lowercase()))
    }

    /// The URL of a section's Atom feed.
    pub(crate) fn feed(&self, lang: &str, section: &str) -> String {
        self.url(lang, &format!("{section}/atom.xml"))
    }

    /// The URL of an event's or a dialogue's own calendar file.
    pub(crate) fn ics(&self, lang: &str, key: &str) -> Option<String> {
        Some(format!("{}event.ics", self.page(key, lang)?))
    }

    /// The output file of a URL of the site: `…/index.html` for a folder URL.
    pub(crate) fn file_of(&self, url: &str) -> String {
        crate::paths::output_file(url.strip_prefix(&self.base_path).unwrap_or(url))
    }
}
