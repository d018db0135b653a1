//! The search entries the build cache keeps (`.imrf-cache/search/`, one file per language): the
//! entry of each content page, with the hash of what it was made from. A build takes a page's
//! entry from there when the hash is the same, instead of cutting its text into terms again;
//! the index files are the same bytes either way (`tests/integration/cache.rs` compares).

use super::index::Entry;
use super::terms::Lexicon;
use crate::cache::Entries;
use std::collections::HashMap;

/// One language's entries as stored: their terms as numbers of `terms`.
#[derive(serde::Serialize, serde::Deserialize)]
struct Stored {
    terms: Vec<String>,
    entries: Vec<StoredEntry>,
}

#[derive(serde::Serialize, serde::Deserialize)]
struct StoredEntry {
    page: String,
    inputs: String,
    /// The document, as the index files hold it.
    json: String,
    boost: f64,
    terms: Vec<(u32, f32)>,
    length: f64,
}

/// The name of a language's file.
fn key(lang: &str) -> String {
    crate::cache::language_file("search", lang)
}

/// The stored entries of `lang` by page, and the lexicon their terms are numbers of; `None`
/// when there are none (or the file is damaged: then every entry is made again).
pub(super) fn load(store: &Entries, lang: &str) -> Option<(Lexicon, HashMap<String, Entry>)> {
    let stored: Stored = store.read(&key(lang))?;
    let lexicon = Lexicon::with_terms(stored.terms);
    let count = lexicon.len() as u32;
    let mut by_page = HashMap::with_capacity(stored.entries.len());
    for e in stored.entries {
        if e.terms.iter().any(|&(t, _)| t >= count) {
            return None;
        }
        let entry = Entry {
            page: Some(e.page.clone()),
            boost: e.boost,
            terms: e.terms,
            length: e.length,
            json: e.json,
            inputs: Some(e.inputs),
        };
        by_page.insert(e.page, entry);
    }
    Some((lexicon, by_page))
}

/// [`Stored`], borrowed from the entries it is written from (the same bytes).
#[derive(serde::Serialize)]
struct StoredRef<'e> {
    terms: Vec<&'e str>,
    entries: Vec<StoredEntryRef<'e>>,
}

#[derive(serde::Serialize)]
struct StoredEntryRef<'e> {
    page: &'e str,
    inputs: &'e str,
    json: &'e str,
    boost: f64,
    terms: Vec<(u32, f32)>,
    length: f64,
}

/// Stores the entries of content pages of `lang`, with only the terms they hold.
pub(super) fn save(store: &Entries, lang: &str, entries: &[Entry], lexicon: &Lexicon) {
    let mut renumbered: HashMap<u32, u32> = HashMap::new();
    let mut terms = Vec::new();
    let mut stored = Vec::new();
    for e in entries {
        let (Some(page), Some(inputs)) = (&e.page, &e.inputs) else {
            continue;
        };
        let ids = e
            .terms
            .iter()
            .map(|&(t, w)| {
                let id = *renumbered.entry(t).or_insert_with(|| {
                    terms.push(lexicon.term(t));
                    terms.len() as u32 - 1
                });
                (id, w)
            })
            .collect();
        stored.push(StoredEntryRef { page, inputs, json: &e.json, boost: e.boost, terms: ids, length: e.length });
    }
    store.write(&key(lang), &StoredRef { terms, entries: stored });
}

/// The name of the file that records a language's index files.
fn files_key(lang: &str) -> String {
    crate::cache::language_file("search index files", lang)
}

/// The index files of `lang` the last build made, and the key they were made from
/// (`search::IndexKey`).
pub(super) fn index_files(store: &Entries, lang: &str) -> Option<(String, Vec<String>)> {
    store.read(&files_key(lang))
}

/// Records the index files of `lang` and their key.
pub(super) fn save_index_files(store: &Entries, lang: &str, key: &str, paths: &[String]) {
    store.write(&files_key(lang), &(key, paths));
}

/// Removes the files of languages the site no longer has.
pub(super) fn keep_only<'l>(store: &Entries, languages: impl IntoIterator<Item = &'l str>) {
    store.keep_only(&languages.into_iter().flat_map(|l| [key(l), files_key(l)]).collect());
}
