//! The state of the translations, segment by segment.
//!
//! A page is cut into segments ([`segments`]: front-matter texts and Markdown blocks); a
//! translation records the hash of the source text each of its segments was made from
//! ([`records`], in its own front matter); lining it up with its source ([`align`]) tells, for
//! every source segment, whether it is translated, stale (the source text changed since) or
//! missing. Old source texts, to show what changed, and the day a source last changed come from
//! [`old_texts`]. Data-file texts are segments too ([`data`]). The whole state is exported to and
//! imported from PO files for CAT tools ([`po`]); the Markdown stays the file of record.
//!
//! This module answers `imrf i18n status`, the stale-translation warnings of `check`, and the
//! reader's notice on a page whose translation is behind its source.

pub mod align;
pub mod data;
pub mod glossary;
pub mod old_texts;
pub mod po;
pub mod segments;
pub mod write;
pub mod xliff;

use crate::content::records;
use crate::content::{Page, Site};
use crate::diagnostics::Diagnostics;
use align::{Alignment, Tracking};
pub use align::{PageSegments, State};
pub use segments::{Kind, Segment};
use serde::Serialize;
use std::collections::{BTreeMap, HashSet};

/// A page's translation into one language, lined up with its source.
pub struct Lined<'s> {
    pub lang: String,
    pub source: &'s Page,
    pub translation: Option<&'s Page>,
    pub src: PageSegments,
    /// The translation's segments (empty when there is no translation).
    pub tr: PageSegments,
    /// `None` when there is no translation.
    pub alignment: Option<Alignment>,
}

impl Lined<'_> {
    /// Each translatable source segment with its state, fields then blocks.
    pub fn segments(&self) -> impl Iterator<Item = (&Segment, State, Option<&Segment>)> {
        let missing = align::Pair { state: State::Missing, counterpart: None };
        let pairs: Vec<align::Pair> = match &self.alignment {
            Some(a) => a.pairs().cloned().collect(),
            None => vec![missing; self.src.fields.len() + self.src.blocks.len()],
        };
        let nfields = self.src.fields.len();
        self.src.all().zip(pairs).enumerate().filter(|(_, (s, _))| s.translatable).map(move |(i, (s, p))| {
            let list = if i < nfields { &self.tr.fields } else { &self.tr.blocks };
            (s, p.state, p.counterpart.and_then(|j| list.get(j)))
        })
    }
}

/// Lines the translation of `source` into `lang` up with it.
pub fn line_up<'s>(site: &'s Site, source: &'s Page, lang: &str) -> Lined<'s> {
    let translation = site.page(&source.key, lang).filter(|t| !t.broken);
    let src = PageSegments::of(source, true);
    let (tr, alignment) = match translation {
        Some(t) => {
            let tr = PageSegments::of(t, false);
            let a = align::align(&src, &tr, align::tracking(t, &source.hash), t.records.as_ref());
            (tr, Some(a))
        }
        None => (PageSegments::default(), None),
    };
    Lined { lang: lang.to_string(), source, translation, src, tr, alignment }
}

/// What a translation lacks of its source as the source is now.
struct Lag {
    /// Segments translated from another source text.
    stale: usize,
    /// Source segments the translation has nothing for (added to the source since).
    new: usize,
    /// Its records no longer match its blocks one for one.
    out_of_step: bool,
}

/// `None` for a translation reconciled with its source as it is (its `source_hash` is the
/// source's: `mark` and `import` write it only when they leave nothing stale), or whose freshness
/// cannot be told; otherwise what it lacks.
fn lag(source: &Page, translation: &Page) -> Option<Lag> {
    if source.broken || translation.broken {
        return None;
    }
    match (&translation.records, &translation.translated_from) {
        (_, Some(h)) if *h == source.hash => return None,
        (None, None) => return None,
        _ => {}
    }
    let src = PageSegments::of(source, true);
    let tr = PageSegments::of(translation, false);
    let a = align::align(&src, &tr, align::tracking(translation, &source.hash), translation.records.as_ref());
    let mut lag = Lag { stale: 0, new: 0, out_of_step: a.records_out_of_step };
    for (_, pair) in src.all().zip(a.pairs()).filter(|(s, _)| s.translatable) {
        match pair.state {
            State::Stale { .. } => lag.stale += 1,
            State::Missing if pair.counterpart.is_none() => lag.new += 1,
            _ => {}
        }
    }
    Some(lag)
}

/// How far a translation is behind its source: its stale segments and the source's new ones, when
/// there are any.
pub fn behind(source: &Page, translation: &Page) -> Option<(usize, usize)> {
    lag(source, translation).map(|l| (l.stale, l.new)).filter(|&c| c != (0, 0))
}

/// Warns about translations behind their source and records that no longer fit their file.
pub fn check_translations(site: &Site, diags: &mut Diagnostics) {
    let default = &site.config.default_language;
    for page in site.pages.iter().filter(|p| &p.lang != default) {
        let Some(source) = site.page(&page.key, default) else {
            continue;
        };
        let Some(lag) = lag(source, page) else {
            continue;
        };
        let line = page.key_line("source_hash").or_else(|| page.key_line(records::KEY));
        if lag.out_of_step {
            diags.warning(
                &page.file,
                page.key_line(records::KEY),
                format!(
                    "`{}` does not match this file's blocks (some were added or removed since it was written): \
                     once the translation mirrors {}, run `imrf i18n mark {} {}`",
                    records::KEY,
                    source.file,
                    page.lang,
                    source.file
                ),
            );
        }
        if lag.stale + lag.new > 0 {
            diags.warning(
                &page.file,
                line,
                format!(
                    "stale translation: {} changed after this translation was made ({} segment(s) changed, \
                     {} new: `imrf i18n status --lang {}` shows which)",
                    source.file, lag.stale, lag.new, page.lang
                ),
            );
        }
    }
    check_glossary(site, diags);
    check_data(site, diags);
}

/// The glossary's warnings on pages: only the sources that hold a term are lined up.
fn check_glossary(site: &Site, diags: &mut Diagnostics) {
    if site.data.glossary.is_empty() {
        return;
    }
    let default = &site.config.default_language;
    for source in site.sources() {
        let segments = PageSegments::of(source, true);
        if segments.all().all(|s| glossary::terms_in(site, &s.text).is_empty()) {
            continue;
        }
        for lang in site.config.languages.iter().map(|l| &l.code).filter(|l| *l != default) {
            glossary::check_page(site, &line_up(site, source, lang), diags);
        }
    }
}

/// Data texts whose translation is stale, and the glossary's warnings on data texts, at the
/// line of their field.
fn check_data(site: &Site, diags: &mut Diagnostics) {
    let default = &site.config.default_language;
    for t in data::texts(site) {
        let line = t.line(site);
        for lang in site.config.languages.iter().map(|l| &l.code).filter(|l| *l != default && t.needed(l)) {
            if matches!(t.state(site, lang), State::Stale { .. }) {
                diags.warning(
                    &t.file,
                    Some(line),
                    format!(
                        "stale translation: the {default} text of `{}` changed after its {lang} translation was made \
                         (`imrf i18n status --lang {lang}` shows both; `imrf i18n mark {lang} {}` once it is updated)",
                        t.record_name(),
                        t.file
                    ),
                );
            }
        }
        glossary::check_data(site, &t, line, diags);
    }
}

/// The state of one page's translation as a whole.
#[derive(Debug, Clone, Copy, Serialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum PageState {
    /// Every segment translated.
    Translated,
    /// Some segment stale.
    Stale,
    /// None stale, some not translated yet.
    Partial,
    /// A translation that records nothing of its source: its freshness cannot be told.
    Untracked,
    /// No translation file.
    Missing,
}

/// A segment that needs work, for reports.
#[derive(Debug, Clone, Serialize)]
pub struct SegmentReport {
    /// Its PO context: `content/notes/x.md#p3`, `content/notes/x.md:title`.
    pub context: String,
    pub kind: Kind,
    /// `stale` or `missing`.
    pub state: &'static str,
    /// The source file's line.
    pub line: usize,
    pub words: usize,
    /// The source text now.
    pub text: String,
    /// For a stale segment: the source text the translation was made from, when known.
    pub old_text: Option<String>,
    /// The translation's text of it, if it has one.
    pub translation: Option<String>,
}

/// Counts of segments and of their source words.
#[derive(Debug, Clone, Copy, Default, Serialize)]
pub struct Counts {
    pub segments_total: usize,
    pub segments_translated: usize,
    pub segments_stale: usize,
    pub segments_missing: usize,
    pub words_total: usize,
    pub words_translated: usize,
    pub words_stale: usize,
    pub words_missing: usize,
    /// Words translated, in percent of all words (100 when there is nothing to translate).
    pub percent: f64,
}

impl Counts {
    fn add(&mut self, state: &State, words: usize) {
        self.segments_total += 1;
        self.words_total += words;
        match state {
            State::Translated => {
                self.segments_translated += 1;
                self.words_translated += words;
            }
            State::Stale { .. } => {
                self.segments_stale += 1;
                self.words_stale += words;
            }
            State::Missing => {
                self.segments_missing += 1;
                self.words_missing += words;
            }
        }
    }

    fn merge(&mut self, other: &Counts) {
        self.segments_total += other.segments_total;
        self.segments_translated += other.segments_translated;
        self.segments_stale += other.segments_stale;
        self.segments_missing += other.segments_missing;
        self.words_total += other.words_total;
        self.words_translated += other.words_translated;
        self.words_stale += other.words_stale;
        self.words_missing += other.words_missing;
    }

    fn finish(mut self) -> Counts {
        self.percent = percent(self.words_translated, self.words_total);
        self
    }
}

/// `part` of `whole` in percent, to one decimal (rounded down, so that 99.96% is not 100%).
fn percent(part: usize, whole: usize) -> f64 {
    if whole == 0 {
        return 100.0;
    }
    (part as f64 * 1000.0 / whole as f64).floor() / 10.0
}

#[derive(Debug, Clone, Serialize)]
pub struct PageStatus {
    /// The source file (`content/notes/x.md`).
    pub source: String,
    /// The translation's file, existing or to be created.
    pub translation: String,
    pub state: PageState,
    #[serde(flatten)]
    pub counts: Counts,
    /// The stale and missing segments, with their texts.
    pub segments: Vec<SegmentReport>,
}

/// One data text without a translation.
#[derive(Debug, Clone, Serialize)]
pub struct DataReport {
    /// `content/champions.yaml:MX:name`.
    pub context: String,
    /// `stale` or `missing`.
    pub state: &'static str,
    pub words: usize,
    pub text: String,
    /// For a stale text, the source text its translation was made from, when it can be found.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_text: Option<String>,
    /// For a stale text, the translation as it stands.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub translation: Option<String>,
}

#[derive(Debug, Clone, Serialize)]
pub struct LanguageStatus {
    pub code: String,
    pub name: String,
    /// Pages and data texts together.
    #[serde(flatten)]
    pub counts: Counts,
    pub pages_total: usize,
    pub pages_translated: usize,
    pub pages_stale: usize,
    pub pages_partial: usize,
    pub pages_untracked: usize,
    pub pages_missing: usize,
    pub data_total: usize,
    pub data_translated: usize,
    pub data_stale: usize,
    pub data_missing: usize,
    pub pages: Vec<PageStatus>,
    /// Data texts that are stale or have no entry for this language.
    pub data_entries: Vec<DataReport>,
}

/// The status of every language but the default one (or of `only`).
pub fn status(site: &Site, only: Option<&str>) -> Vec<LanguageStatus> {
    let default = &site.config.default_language;
    let texts = data::texts(site);
    let mut old = OldTexts::new(site);
    site.config
        .languages
        .iter()
        .filter(|l| &l.code != default && only.is_none_or(|o| o == l.code))
        .map(|lang| {
            let pages: Vec<PageStatus> =
                site.sources().map(|source| page_status(&line_up(site, source, &lang.code), &mut old)).collect();
            let mut counts = Counts::default();
            let mut data_entries = Vec::new();
            let texts: Vec<&data::DataText<'_>> = texts.iter().filter(|t| t.needed(&lang.code)).collect();
            for t in &texts {
                let text = segments::normalize(&t.source(default));
                let words = segments::count_words(&text);
                let state = t.state(site, &lang.code);
                counts.add(&state, words);
                let (label, old_text) = match &state {
                    State::Translated => continue,
                    State::Stale { old: hash } => ("stale", hash.as_deref().and_then(|h| old.data_text(t, h))),
                    State::Missing => ("missing", None),
                };
                let translation = t.translation(&lang.code).map(segments::normalize);
                data_entries.push(DataReport {
                    context: t.context(),
                    state: label,
                    words,
                    text,
                    old_text,
                    translation,
                });
            }
            let data_stale = data_entries.iter().filter(|d| d.state == "stale").count();
            let data_missing = data_entries.len() - data_stale;
            for p in &pages {
                counts.merge(&p.counts);
            }
            let count = |s: PageState| pages.iter().filter(|p| p.state == s).count();
            LanguageStatus {
                code: lang.code.to_string(),
                name: lang.name.clone(),
                counts: counts.finish(),
                pages_total: pages.len(),
                pages_translated: count(PageState::Translated),
                pages_stale: count(PageState::Stale),
                pages_partial: count(PageState::Partial),
                pages_untracked: count(PageState::Untracked),
                pages_missing: count(PageState::Missing),
                data_total: texts.len(),
                data_translated: texts.len() - data_entries.len(),
                data_stale,
                data_missing,
                pages,
                data_entries,
            }
        })
        .collect()
}

fn page_status(lined: &Lined<'_>, old: &mut OldTexts<'_>) -> PageStatus {
    let source = lined.source;
    let mut counts = Counts::default();
    let mut reports = Vec::new();
    for (s, state, counterpart) in lined.segments() {
        counts.add(&state, s.words);
        let (label, old_hash) = match &state {
            State::Translated => continue,
            State::Stale { old } => ("stale", old.as_deref()),
            State::Missing => ("missing", None),
        };
        reports.push(SegmentReport {
            context: context(&source.file, s),
            kind: s.kind,
            state: label,
            line: s.line,
            words: s.words,
            text: s.text.clone(),
            old_text: old_hash.and_then(|h| old.text(source, h)),
            translation: counterpart.map(|c| c.text.clone()),
        });
    }
    let state = match (&lined.alignment, &counts) {
        (None, _) => PageState::Missing,
        (Some(a), _) if a.tracking == Tracking::Untracked => PageState::Untracked,
        (_, c) if c.segments_stale > 0 => PageState::Stale,
        (_, c) if c.segments_missing > 0 => PageState::Partial,
        _ => PageState::Translated,
    };
    PageStatus {
        source: source.file.clone(),
        translation: translation_path(&source.key, &lined.lang),
        state,
        counts: counts.finish(),
        segments: reports,
    }
}

/// The PO context of a page segment: `content/x.md:title` for a field, `content/x.md#p3` for a
/// block.
pub fn context(file: &str, s: &Segment) -> String {
    match s.kind {
        Kind::Field => format!("{file}:{}", s.id),
        _ => format!("{file}#{}", s.id),
    }
}

/// Old source texts by hash, per source page: from the store, else from git (each page's
/// history read once, for every hash asked of it).
pub struct OldTexts<'s> {
    site: &'s Site,
    texts: BTreeMap<String, BTreeMap<String, String>>,
    searched: HashSet<String>,
}

impl<'s> OldTexts<'s> {
    pub fn new(site: &'s Site) -> OldTexts<'s> {
        OldTexts { site, texts: BTreeMap::new(), searched: HashSet::new() }
    }

    /// The source text of `source` whose hash is `hash`, if it can be found.
    pub fn text(&mut self, source: &Page, hash: &str) -> Option<String> {
        let root = &self.site.root;
        let stored =
            self.texts.entry(source.key.to_string()).or_insert_with(|| old_texts::stored_texts(root, &source.key));
        if let Some(t) = stored.get(hash) {
            return Some(t.clone());
        }
        if !self.searched.insert(source.key.to_string()) {
            return None;
        }
        // Everything this page's translations record that the store lacks, found in one search.
        let default = &self.site.config.default_language;
        let wanted: HashSet<String> = self
            .site
            .pages
            .iter()
            .filter(|p| p.key == source.key && &p.lang != default)
            .filter_map(|p| p.records.as_ref())
            .flat_map(|r| r.fields.values().chain(std::iter::once(&r.body)).flatten().flatten().cloned())
            .filter(|h| !stored.contains_key(h))
            .collect();
        stored.extend(old_texts::texts_from_git(root, &source.file, &wanted));
        stored.get(hash).cloned()
    }

    /// The default-language text of the data text `t` whose hash is `hash`, if it can be found:
    /// from the store of its data file, else from the file's git history.
    pub fn data_text(&mut self, t: &data::DataText<'_>, hash: &str) -> Option<String> {
        let root = &self.site.root;
        let key = t.file_name().to_string();
        let stored = self.texts.entry(key.clone()).or_insert_with(|| old_texts::stored_texts(root, &key));
        if let Some(text) = stored.get(hash) {
            return Some(text.clone());
        }
        if !self.searched.insert(key.clone()) {
            return None;
        }
        let wanted: HashSet<String> = self
            .site
            .data
            .translated_from
            .files
            .get(t.stem())
            .into_iter()
            .flat_map(|texts| texts.values().flat_map(|langs| langs.values().cloned()))
            .filter(|h| !stored.contains_key(h))
            .collect();
        stored.extend(old_texts::texts_from_git(root, &t.file, &wanted));
        stored.get(hash).cloned()
    }
}

/// The file of a page's translation, from the page's key: `notes/x.md` → `content/notes/x.fr.md`
/// (whether the source is written `x.md` or `x.en.md`).
pub fn translation_path(key: &str, lang: &str) -> String {
    match key.strip_suffix(".md") {
        Some(stem) => format!("content/{stem}.{lang}.md"),
        None => format!("content/{key}.{lang}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn translation_paths() {
        assert_eq!(super::translation_path("notes/x.md", "fr"), "content/notes/x.fr.md");
        assert_eq!(super::translation_path("_index.md", "ar"), "content/_index.ar.md");
    }

    #[test]
    fn percentages_round_down() {
        assert_eq!(super::percent(9996, 10000), 99.9);
        assert_eq!(super::percent(0, 0), 100.0);
        assert_eq!(super::percent(1, 3), 33.3);
    }
}
