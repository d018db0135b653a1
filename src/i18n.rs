//! The state of the translations: per language, which pages and data texts are translated, stale
//! (the source changed after the translation was made) or missing.

use crate::content::data::Text;
use crate::content::Site;
use serde::Serialize;

#[derive(Debug, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PageState {
    Translated,
    /// The source's hash differs from the one the translation recorded.
    Stale,
    /// A translation that recorded no source hash: its freshness cannot be told.
    Untracked,
    Missing,
}

#[derive(Debug, Serialize)]
pub struct PageStatus {
    /// The source file (`content/notes/x.md`).
    pub source: String,
    /// The translation's file, existing or to be created.
    pub translation: String,
    pub state: PageState,
}

#[derive(Debug, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    pub pages_total: usize,
    pub pages_translated: usize,
    pub pages_stale: usize,
    pub pages_untracked: usize,
    pub pages_missing: usize,
    pub data_total: usize,
    pub data_translated: usize,
    pub data_missing: usize,
    pub pages: Vec<PageStatus>,
    /// Data texts without an entry for this language, as `content/<file>.yaml: <entry> <field>`.
    pub data_missing_entries: Vec<String>,
}

/// The status of every language but the default one (or of `only`).
pub fn status(site: &Site, only: Option<&str>) -> Vec<LanguageStatus> {
    let default = &site.config.default_language;
    let texts = data_texts(site);
    site.config
        .languages
        .iter()
        .filter(|l| &l.code != default && only.is_none_or(|o| o == l.code))
        .map(|lang| {
            let mut pages = Vec::new();
            for source in site.sources() {
                let translation_file = translation_path(&source.file, &lang.code);
                let state = match site.page(&source.key, &lang.code) {
                    None => PageState::Missing,
                    Some(t) => match &t.translated_from {
                        None => PageState::Untracked,
                        Some(h) if *h == source.hash => PageState::Translated,
                        Some(_) => PageState::Stale,
                    },
                };
                pages.push(PageStatus { source: source.file.clone(), translation: translation_file, state });
            }
            let count = |s: PageState| pages.iter().filter(|p| p.state == s).count();
            let missing_data: Vec<String> = texts
                .iter()
                .filter(|(_, text)| !has_language(text, &lang.code, default))
                .map(|(name, _)| name.clone())
                .collect();
            LanguageStatus {
                code: lang.code.clone(),
                name: lang.name.clone(),
                pages_total: pages.len(),
                pages_translated: count(PageState::Translated),
                pages_stale: count(PageState::Stale),
                pages_untracked: count(PageState::Untracked),
                pages_missing: count(PageState::Missing),
                data_total: texts.len(),
                data_translated: texts.len() - missing_data.len(),
                data_missing: missing_data.len(),
                pages,
                data_missing_entries: missing_data,
            }
        })
        .collect()
}

fn has_language(text: &Text, lang: &str, default: &str) -> bool {
    match text {
        Text::Plain(_) => lang == default,
        Text::PerLanguage(map) => map.contains_key(lang),
    }
}

/// `content/notes/x.md` → `content/notes/x.fr.md`.
pub fn translation_path(source: &str, lang: &str) -> String {
    match source.strip_suffix(".md") {
        Some(stem) => format!("{stem}.{lang}.md"),
        None => format!("{source}.{lang}"),
    }
}

/// Every translatable text of the site's own data files, named for the status report.
fn data_texts(site: &Site) -> Vec<(String, &Text)> {
    let d = &site.data;
    let mut out: Vec<(String, &Text)> = Vec::new();
    let own = |name: &str| site.root.join("content").join(format!("{name}.yaml")).is_file();
    if own("objectives") {
        for o in &d.objectives {
            out.push((format!("content/objectives.yaml: objective {} title", o.number), &o.title));
            if let Some(s) = &o.short {
                out.push((format!("content/objectives.yaml: objective {} short", o.number), s));
            }
        }
    }
    if own("principles") {
        for p in &d.principles {
            out.push((format!("content/principles.yaml: {} name", p.key), &p.name));
        }
    }
    if own("round_tables") {
        for r in &d.round_tables {
            if let Some(s) = &r.summary {
                out.push((format!("content/round_tables.yaml: round table {} summary", r.number), s));
            }
        }
    }
    for c in d.champions.iter().flatten() {
        out.push((format!("content/champions.yaml: {} name", c.iso), &c.name));
        if let Some(n) = &c.note {
            out.push((format!("content/champions.yaml: {} note", c.iso), n));
        }
    }
    for (i, r) in d.resources.iter().flatten().enumerate() {
        out.push((format!("content/resources.yaml: entry {} title", i + 1), &r.title));
        if let Some(s) = &r.summary {
            out.push((format!("content/resources.yaml: entry {} summary", i + 1), s));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn translation_paths() {
        assert_eq!(super::translation_path("content/notes/x.md", "fr"), "content/notes/x.fr.md");
        assert_eq!(super::translation_path("content/_index.md", "ar"), "content/_index.ar.md");
    }
}
