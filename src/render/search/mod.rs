//! The client-side search of each language: every page a reader of that language can open
//! (translations and fallbacks), the objective, round-table, principle and champion pages, and the
//! resource links, with every text a reader sees on them: titles, headings, typed fields
//! (speakers, chairs, rooms, themes, formats, who issued a note), summaries and body text. Terms
//! are made by [`terms`] (stemmed and folded; the browser applies the same rule to queries),
//! scored and split into small files by [`index`].

pub mod index;
mod store;
pub mod terms;

use super::context::Context;
use super::{Files, Render, Scope};
use crate::content::data::Localized;
use crate::content::{Page, Typed};
use crate::paths::section_index;
use index::{Doc, Field};
use rayon::prelude::*;
use std::collections::HashMap;

/// The renderer of the search indexes, one per language.
pub(super) struct SearchIndexes;

impl Render for SearchIndexes {
    fn name(&self) -> &'static str {
        "search indexes"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if !matches!(scope, Scope::All) {
            return;
        }
        let languages: Vec<&str> = cx.site.config.languages.iter().map(|l| l.code.as_str()).collect();
        // Each file is handed on as soon as it is made (a build writes it out), and a language's
        // entries go once its index is made: the texts of a language's index are as large as
        // its pages' texts. As many languages at once as there are threads.
        let files = std::sync::Mutex::new(files);
        for batch in languages.chunks(rayon::current_num_threads().max(1)) {
            if cx.cancelled() {
                return;
            }
            batch.par_iter().for_each(|lang| {
                let folder = cx.urls.url(lang, "search/");
                let source = || crate::render::Provenance::BuiltIn(format!("search index ({lang})"));
                let files = || files.lock().unwrap_or_else(|e| e.into_inner());
                // What each content page's entry is made from, for the build cache and the dev
                // server's memo (a build without either needs no hash).
                let inputs = (cx.search_store.is_some() || cx.search_memo.is_some()).then(|| page_inputs(cx, lang));
                if cx.cancelled() {
                    // Interrupted while hashing: the memo keeps its entries for the next try.
                    return;
                }
                // With the build cache, the index files made last time from the same entries
                // are kept: neither the stored entries nor the index are made again.
                if let (Some(store), Some(inputs)) = (cx.search_store, &inputs) {
                    if let Some((key, paths)) = store::index_files(store, lang) {
                        if key == IndexKey::before(cx, lang, &folder, inputs) && cx.templates.keep_all(&paths, &key) {
                            // One file at a time: nothing parallel runs under the lock.
                            let mut files = files();
                            for path in paths {
                                files.page(
                                    Ok(super::RenderedPage { path, html: None, key: Some(key.clone()) }),
                                    source(),
                                );
                            }
                            return;
                        }
                    }
                }
                let (entries, lexicon, made) = entries(cx, lang, inputs.as_deref());
                if cx.cancelled() {
                    // Interrupted, the entries are kept for the next try, but not used.
                    if let Some(memo) = &cx.search_memo {
                        memo.put(lang, entries, lexicon);
                    }
                    return;
                }
                let key = cx.search_store.and_then(|_| IndexKey::of(&folder, &entries, &lexicon));
                let mut paths = Vec::new();
                let written = index::build(&entries, &lexicon, |path, json| {
                    let path = cx.urls.file_of(&cx.urls.url(lang, &format!("search/{path}")));
                    match &key {
                        Some(key) => {
                            paths.push(path.clone());
                            let page = super::RenderedPage { path, html: Some(json), key: Some(key.clone()) };
                            files().page(Ok(page), source());
                        }
                        None => files().file(path, json.into_bytes(), source()),
                    }
                });
                match written {
                    Ok(()) => {
                        if let (Some(store), true) = (cx.search_store, made) {
                            store::save(store, lang, &entries, &lexicon);
                        }
                        if let (Some(store), Some(key)) = (cx.search_store, key) {
                            store::save_index_files(store, lang, &key, &paths);
                        }
                    }
                    Err(e) => files().error(
                        &cx.urls.file_of(&cx.urls.url(lang, "search/")),
                        format!("the search index could not be written: {e}"),
                    ),
                }
                if let Some(memo) = &cx.search_memo {
                    memo.put(lang, entries, lexicon);
                }
            });
        }
        if let Some(store) = cx.search_store {
            store::keep_only(store, languages);
        }
    }
}

/// The entries of every language's index, kept between renders by the dev server: an entry made
/// from the same inputs ([`Shown::inputs`]) is taken as it is, as from the build cache, and the
/// index is scored and written from them and the new ones.
#[derive(Default)]
pub struct Memo {
    languages: std::sync::Mutex<std::collections::HashMap<String, Made>>,
}

/// The entries of one language's index, the page each comes from, and their terms.
struct Made {
    entries: Vec<Entry>,
    lexicon: Lexicon,
}

impl Memo {
    fn take(&self, lang: &str) -> Option<Made> {
        self.languages.lock().unwrap_or_else(|e| e.into_inner()).remove(lang)
    }

    fn put(&self, lang: &str, mut entries: Vec<Entry>, mut lexicon: Lexicon) {
        compact(&mut entries, &mut lexicon);
        let made = Made { entries, lexicon };
        self.languages.lock().unwrap_or_else(|e| e.into_inner()).insert(lang.to_string(), made);
    }
}

/// Renumbers the terms of `entries` when fewer than half of `lexicon`'s are still in use: the
/// dev server's lexicon keeps every term any edit ever made, and would grow for the whole
/// session. The terms keep their order, so each entry's stay sorted; the index files do not
/// depend on the numbers (they are written by term).
fn compact(entries: &mut [Entry], lexicon: &mut Lexicon) {
    let mut used = vec![false; lexicon.len()];
    for e in entries.iter() {
        for &(t, _) in &e.terms {
            used[t as usize] = true;
        }
    }
    let in_use = used.iter().filter(|&&u| u).count();
    if in_use * 2 >= lexicon.len() {
        return;
    }
    let mut renumbered = vec![0u32; lexicon.len()];
    let mut terms = Vec::with_capacity(in_use);
    for (old, _) in used.iter().enumerate().filter(|(_, &u)| u) {
        renumbered[old] = terms.len() as u32;
        terms.push(lexicon.term(old as u32).to_string());
    }
    for e in entries.iter_mut() {
        for (t, _) in &mut e.terms {
            *t = renumbered[*t as usize];
        }
    }
    *lexicon = Lexicon::with_terms(terms);
}

use index::Entry;
use terms::Lexicon;

/// The terms of the texts of one document's field, as numbers of a [`Lexicon`].
fn field_terms<'t>(lexicon: &mut Lexicon, lang: &str, texts: impl IntoIterator<Item = &'t str>) -> Vec<u32> {
    let mut out = Vec::new();
    for text in texts {
        lexicon.add_terms(lang, text, &mut out);
    }
    out
}

/// Everything a reader of `lang` can find, and whether any content page's entry was made (not
/// kept). The entries of the last render (the dev server's [`Memo`], or else the build cache's)
/// are taken where they were made from the same inputs (`inputs`, by source page, from
/// [`page_inputs`]).
fn entries(cx: &Context<'_>, lang: &str, inputs: Option<&[Option<String>]>) -> (Vec<Entry>, Lexicon, bool) {
    let last = match &cx.search_memo {
        Some(memo) => memo.take(lang).map(|Made { entries, lexicon }| {
            let by_page = entries.into_iter().filter_map(|e| Some((e.page.clone()?, e))).collect();
            (lexicon, by_page)
        }),
        None => None,
    };
    let (mut lexicon, mut kept): (Lexicon, HashMap<String, Entry>) =
        last.or_else(|| cx.search_store.and_then(|store| store::load(store, lang))).unwrap_or_default();
    // Whether the stored entries are not all used as they are.
    let mut made = kept.is_empty();
    let mut entries: Vec<Entry> = Vec::new();
    for (i, source) in cx.site.sources().enumerate() {
        if i % 64 == 0 && cx.cancelled() {
            // Interrupted: what is made and what was kept, for the next try.
            entries.extend(kept.into_values());
            return (entries, lexicon, made);
        }
        let last = kept.remove(source.key.as_str());
        let made_from = inputs.and_then(|all| all.get(i)?.as_deref());
        entries.extend(page_entry(cx, lang, source, &mut lexicon, last, made_from).map(|(entry, new)| {
            made |= new;
            entry
        }));
    }
    made |= !kept.is_empty();
    data_entries(cx, lang, &mut entries, &mut lexicon);
    (entries, lexicon, made)
}

/// A content page as a reader of `lang` finds it (its translation, or the fallback), with the
/// texts its entry is made of besides its body.
struct Shown<'c> {
    source: &'c Page,
    page: &'c Page,
    is_fallback: bool,
    url: String,
    kind: String,
    summary: String,
    typed: Vec<String>,
    rendered: Option<&'c crate::markdown::Rendered>,
}

impl<'c> Shown<'c> {
    fn of(cx: &'c Context<'_>, lang: &str, source: &'c Page) -> Option<Shown<'c>> {
        let (page, is_fallback) = cx.shown(&source.key, lang)?;
        let url = cx.urls.page(&source.key, lang)?;
        let section_key = if source.is_section { section_index("") } else { section_index(&source.section) };
        let kind = cx.shown(&section_key, lang).map(|(s, _)| super::context::title_of(s)).unwrap_or_default();
        let rendered = cx.rendered_of(page);
        let summary = cx.summary_of(page);
        let typed = typed_texts(cx, lang, page);
        Some(Shown { source, page, is_fallback, url, kind, summary, typed, rendered })
    }

    /// The hash of what the entry is made from.
    fn inputs(&self, lang: &str) -> String {
        let Shown { page, url, kind, summary, typed, is_fallback, rendered, .. } = self;
        let mut hasher = crate::hash::KeyHasher::default();
        for part in
            [lang, &page.lang, &page.title, url, kind, summary].into_iter().chain(typed.iter().map(String::as_str))
        {
            hasher.add(part.as_bytes());
        }
        hasher.add(&[u8::from(*is_fallback)]);
        // The plain text, and where its sections start: what the entry's sections are cut from
        // (the compressed bytes stand for the text: equal texts compress to equal bytes).
        hasher.add(rendered.map_or(&[][..], |r| r.plain.bytes()));
        for s in rendered.iter().flat_map(|r| &r.sections) {
            hasher.add(s.anchor.as_bytes());
            hasher.add(s.title.as_bytes());
            hasher.add(&s.heading.to_le_bytes());
            hasher.add(&s.text.to_le_bytes());
        }
        hasher.finish()
    }
}

/// The hash of what each content page's entry in `lang` is made from ([`Shown::inputs`]), in the
/// order of the site's sources; `None` for a page no reader of `lang` finds. An interrupted
/// render stops early (the caller then stops too).
fn page_inputs(cx: &Context<'_>, lang: &str) -> Vec<Option<String>> {
    let mut all = Vec::new();
    for (i, source) in cx.site.sources().enumerate() {
        if i % 64 == 0 && cx.cancelled() {
            break;
        }
        all.push(Shown::of(cx, lang, source).map(|shown| shown.inputs(lang)));
    }
    all
}

/// A content page's entry in `lang`, and whether it was made now: `last`, its entry from the
/// build cache or the memo, is taken when it was made from the same `inputs` (those of
/// [`page_inputs`], when there is a cache or a memo).
fn page_entry(
    cx: &Context<'_>,
    lang: &str,
    source: &Page,
    lexicon: &mut Lexicon,
    last: Option<Entry>,
    inputs: Option<&str>,
) -> Option<(Entry, bool)> {
    if let Some(last) = last.filter(|e| inputs.is_some() && e.inputs.as_deref() == inputs) {
        return Some((last, false));
    }
    let shown = Shown::of(cx, lang, source)?;
    let Shown { page, is_fallback, url, kind, summary, typed, rendered, .. } = shown;
    // The text is in the page's language: its terms are too.
    let text_lang = page.lang.as_str();
    let mut sections = Vec::new();
    let mut headings = Vec::new();
    let plain = rendered.map(|r| r.plain.get());
    if let (Some(r), Some(plain)) = (rendered, &plain) {
        for (anchor, heading, text) in r.section_texts(plain) {
            let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
            if !heading.is_empty() {
                headings.push(heading);
            }
            if !text.is_empty() || anchor.is_some() {
                sections.push([anchor.unwrap_or_default().to_string(), heading.to_string(), text]);
            }
        }
    }
    let fields = vec![
        (Field::Title, field_terms(lexicon, text_lang, [page.title.as_str()])),
        (Field::Heading, field_terms(lexicon, text_lang, headings.iter().copied())),
        (Field::Typed, field_terms(lexicon, text_lang, typed.iter().map(String::as_str))),
        (Field::Summary, field_terms(lexicon, text_lang, [summary.as_str()])),
        (Field::Body, field_terms(lexicon, text_lang, plain.as_deref())),
    ];
    let doc = Doc {
        page: Some(shown.source.key.to_string()),
        title: super::context::title_of(page),
        url,
        kind,
        summary: super::truncate(&summary, 200),
        lang: is_fallback.then(|| page.lang.to_string()),
        sections,
        boost: 1.0,
    };
    let mut entry = Entry::new(doc, fields);
    entry.inputs = inputs.map(str::to_string);
    Some((entry, true))
}

/// The key of one language's index files: what they are made from, entry by entry in order (a
/// content page's entry by the hash of its inputs, any other by its document and terms), and the
/// folder they go to. Index files made from the same key are the same files: the build cache
/// keeps them without loading the stored entries or scoring them again.
struct IndexKey(crate::hash::KeyHasher);

impl IndexKey {
    fn new(folder: &str) -> IndexKey {
        let mut hasher = crate::hash::KeyHasher::default();
        hasher.add(crate::cache::binary_id().as_bytes());
        hasher.add(folder.as_bytes());
        IndexKey(hasher)
    }

    fn page(&mut self, page: &str, inputs: &str) {
        for part in ["page", page, inputs] {
            self.0.add(part.as_bytes());
        }
    }

    fn other(&mut self, e: &Entry, lexicon: &Lexicon) {
        for part in ["other", &e.json] {
            self.0.add(part.as_bytes());
        }
        self.0.add(&[e.boost.to_bits().to_le_bytes(), e.length.to_bits().to_le_bytes()].concat());
        self.0.add(&e.terms.len().to_le_bytes());
        // By term: an entry's terms are in the order of their numbers, which depend on the
        // lexicon they were added to.
        let mut terms: Vec<(&str, f32)> = e.terms.iter().map(|&(t, w)| (lexicon.term(t), w)).collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        for (term, w) in terms {
            self.0.add(term.as_bytes());
            self.0.add(&w.to_bits().to_le_bytes());
        }
    }

    /// The key of `entries` (`None` if a content page's entry has no inputs).
    fn of(folder: &str, entries: &[Entry], lexicon: &Lexicon) -> Option<String> {
        let mut key = IndexKey::new(folder);
        for e in entries {
            match (&e.page, &e.inputs) {
                (Some(page), Some(inputs)) => key.page(page, inputs),
                (Some(_), None) => return None,
                (None, _) => key.other(e, lexicon),
            }
        }
        Some(key.0.finish())
    }

    /// The key of the entries [`entries`] makes, without making the content pages' entries:
    /// their inputs are enough.
    fn before(cx: &Context<'_>, lang: &str, folder: &str, inputs: &[Option<String>]) -> String {
        let mut key = IndexKey::new(folder);
        for (source, inputs) in cx.site.sources().zip(inputs) {
            if let Some(inputs) = inputs {
                key.page(&source.key, inputs);
            }
        }
        let (mut others, mut lexicon) = (Vec::new(), Lexicon::default());
        data_entries(cx, lang, &mut others, &mut lexicon);
        for e in &others {
            key.other(e, &lexicon);
        }
        key.0.finish()
    }
}

/// The typed fields a reader sees on a page: an event's room, chairs, speakers and moderator, a
/// dialogue's theme, format and cluster, a note's author, and the kind of each.
fn typed_texts(cx: &Context<'_>, lang: &str, page: &Page) -> Vec<String> {
    match &page.typed {
        Typed::Event(e) => {
            let mut texts = vec![e.room.clone(), cx.t(lang, e.kind.label_key())];
            texts.extend(e.chairs.iter().chain(&e.speakers).cloned());
            texts.extend(e.moderator.clone());
            texts
        }
        Typed::Dialogue(d) => vec![d.theme.clone(), d.format.clone(), d.cluster.clone().unwrap_or_default()],
        Typed::Note(n) => vec![n.issued_by.clone(), cx.t(lang, n.kind.label_key())],
        Typed::Plain => Vec::new(),
    }
}

/// A page built from data: its title and the texts it shows, each in its own language.
fn data_entry(lexicon: &mut Lexicon, title: &Localized, url: String, kind: String, texts: &[&Localized]) -> Entry {
    let title_terms = field_terms(lexicon, &title.lang, [title.text.as_str()]);
    let mut body = Vec::new();
    for t in texts {
        lexicon.add_terms(&t.lang, &t.text, &mut body);
    }
    let summary = texts.first().map(|t| t.text.clone()).unwrap_or_default();
    let doc = Doc {
        page: None,
        title: title.text.clone(),
        url: url.clone(),
        kind,
        summary: super::truncate(&summary, 200),
        lang: title.fallback.then(|| title.lang.clone()),
        sections: Vec::new(),
        // A resource link leaves the site: the site's own pages come first.
        boost: if crate::urls::classify(&url) == crate::urls::Kind::External { 0.5 } else { 1.0 },
    };
    Entry::new(doc, vec![(Field::Title, title_terms), (Field::Summary, body)])
}

/// Objectives, round tables, principles, champions and resources.
fn data_entries(cx: &Context<'_>, lang: &str, entries: &mut Vec<Entry>, lexicon: &mut Lexicon) {
    let plain = |text: String| Localized { text, lang: lang.to_string(), fallback: false, working: None, behind: None };
    for o in &cx.site.data.objectives {
        let r = cx.objective_ref(lang, o.number);
        let label = format!("{} {}", cx.t(lang, "objective"), o.number);
        let title = Localized { text: format!("{label}: {}", r.title.text), ..r.title.clone() };
        // Beside a working translation, the official title is found too.
        let official = r.title.working.as_ref().map(|w| Localized {
            text: w.official.clone(),
            lang: w.official_lang.clone(),
            fallback: true,
            working: None,
            behind: None,
        });
        let texts: Vec<&Localized> = r.short.iter().chain(official.iter()).collect();
        entries.push(data_entry(lexicon, &title, r.url, cx.t(lang, "objectives_title"), &texts));
    }
    for rt in &cx.site.data.round_tables {
        let v = super::indexes::round_table_view(cx, lang, rt);
        let texts: Vec<&Localized> = v.summary.iter().collect();
        entries.push(data_entry(lexicon, &plain(v.title), v.url, cx.t(lang, "round_tables_title"), &texts));
    }
    for p in &cx.site.data.principles {
        let r = cx.principle_ref(lang, p);
        entries.push(data_entry(lexicon, &r.name, r.url, cx.t(lang, "principles_title"), &[]));
    }
    for c in cx.site.data.champions.iter().flatten() {
        let v = super::indexes::champion_view(cx, lang, c);
        let region = plain(v.region_label.clone());
        let mut texts: Vec<&Localized> = v.note.iter().collect();
        texts.push(&region);
        entries.push(data_entry(lexicon, &v.name, v.url, cx.t(lang, "champions_title"), &texts));
    }
    for r in cx.site.data.resources.iter().flatten() {
        let title = cx.localized(&r.title, lang);
        let summary = r.summary.as_ref().map(|s| cx.localized(s, lang));
        let texts: Vec<&Localized> = summary.iter().collect();
        entries.push(data_entry(lexicon, &title, r.url.clone(), cx.t(lang, r.kind().label_key()), &texts));
    }
}

#[cfg(test)]
mod tests {
    use super::index::{self, Doc, Entry, Field};
    use super::terms::Lexicon;

    fn entry(lexicon: &mut Lexicon, n: usize, text: &str) -> Entry {
        let mut ids = Vec::new();
        lexicon.add_terms("en", text, &mut ids);
        let doc = Doc {
            page: Some(format!("p{n}.md")),
            title: format!("P{n}"),
            url: format!("/p{n}/"),
            kind: String::new(),
            summary: String::new(),
            lang: None,
            sections: Vec::new(),
            boost: 1.0,
        };
        Entry::new(doc, vec![(Field::Body, ids)])
    }

    fn files(entries: &[Entry], lexicon: &Lexicon) -> Vec<(String, String)> {
        let mut out = Vec::new();
        index::build(entries, lexicon, |path, json| out.push((path, json))).unwrap();
        out
    }

    #[test]
    fn a_lexicon_of_mostly_forgotten_terms_is_renumbered_and_the_index_is_the_same() {
        let mut lexicon = Lexicon::default();
        // Terms of earlier edits, no longer in any entry.
        for n in 0..40 {
            entry(&mut lexicon, n, &format!("forgotten{n} words{n} gone{n}"));
        }
        let mut entries: Vec<Entry> =
            (0..3).map(|n| entry(&mut lexicon, n, "migration pledges review forum regular pathways")).collect();
        entries.push(entry(&mut lexicon, 3, "champions of the compact"));
        let before = files(&entries, &lexicon);
        let terms_before = lexicon.len();
        super::compact(&mut entries, &mut lexicon);
        assert!(lexicon.len() * 2 < terms_before, "{} of {terms_before}", lexicon.len());
        assert!(entries.iter().all(|e| e.terms.windows(2).all(|w| w[0].0 < w[1].0)));
        assert_eq!(files(&entries, &lexicon), before);
        // In use, it is left as it is.
        let kept = lexicon.len();
        super::compact(&mut entries, &mut lexicon);
        assert_eq!(lexicon.len(), kept);
    }
}
