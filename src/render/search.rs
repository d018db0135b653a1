//! The client-side search index of each language: every page a reader of that language can open
//! (translations and fallbacks), the objective, round-table, principle and champion pages, and the
//! resource links. Words are normalized so that a query matches regardless of case, Latin accents,
//! Arabic diacritics and letter variants, or the Arabic article; Chinese (written without spaces)
//! is indexed by single characters and character pairs. `static/search.js` tokenizes queries the
//! same way.

use super::context::Context;
use super::{Files, Render, Scope};
use crate::content::data::Localized;
use crate::paths::section_index;
use rayon::prelude::*;
use serde::Serialize;
use std::collections::{BTreeMap, HashMap};

/// The renderer of the search indexes, one per language.
pub(super) struct SearchIndexes;

impl Render for SearchIndexes {
    fn name(&self) -> &'static str {
        "search indexes"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if matches!(scope, Scope::Pages(_)) {
            return;
        }
        let languages: Vec<&str> = cx.site.config.languages.iter().map(|l| l.code.as_str()).collect();
        let made: Vec<(String, Result<String, serde_json::Error>)> = languages
            .par_iter()
            .map(|lang| (cx.file_of(&cx.url(lang, "search/index.json")), search_index(cx, lang)))
            .collect();
        for (path, json) in made {
            match json {
                Ok(json) => files.file(path, json.into_bytes()),
                Err(e) => files.error(&path, format!("the search index could not be written: {e}")),
            }
        }
    }
}

/// One search result as the client shows it.
#[derive(Serialize)]
struct Doc {
    /// Title.
    t: String,
    /// URL.
    u: String,
    /// Type (the section, or "Objective", "Resources", …).
    k: String,
    /// Snippet.
    s: String,
    /// Language of the text when it is not the reader's (a fallback).
    #[serde(skip_serializing_if = "Option::is_none")]
    l: Option<String>,
}

#[derive(Serialize)]
struct Index {
    docs: Vec<Doc>,
    /// Term to a flat list of (doc, weight) pairs; title words weigh more.
    terms: BTreeMap<String, Vec<u32>>,
}

const TITLE_WEIGHT: u32 = 4;

/// The search index of `lang`, as JSON.
fn search_index(cx: &Context<'_>, lang: &str) -> Result<String, serde_json::Error> {
    serde_json::to_string(&build_index(search_entries(cx, lang)))
}

/// Everything a reader of `lang` can find, with the body text to index.
fn search_entries(cx: &Context<'_>, lang: &str) -> Vec<(Doc, String)> {
    let mut entries: Vec<(Doc, String)> = Vec::new();
    let fallback = |l: &Localized| (l.fallback).then(|| l.lang.clone());
    for source in cx.site.sources() {
        let Some((page, is_fallback)) = cx.shown(&source.key, lang) else {
            continue;
        };
        let Some(url) = cx.page_url(&source.key, lang) else {
            continue;
        };
        let section_key = if source.is_section { section_index("") } else { section_index(&source.section) };
        let kind = cx.shown(&section_key, lang).map(|(s, _)| s.title.clone()).unwrap_or_default();
        let body = cx.rendered_of(page).map(|r| r.plain.clone()).unwrap_or_default();
        let doc = Doc {
            t: page.title.clone(),
            u: url,
            k: kind,
            s: super::truncate(&cx.summary_of(page), 200),
            l: is_fallback.then(|| page.lang.clone()),
        };
        entries.push((doc, body));
    }
    for o in &cx.site.data.objectives {
        let r = cx.objective_ref(lang, o.number);
        let label = format!("{} {}", cx.t(lang, "objective"), o.number);
        let short = r.short.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        let doc = Doc {
            t: format!("{label}: {}", r.title.text),
            u: r.url,
            k: cx.t(lang, "objectives_title"),
            s: short,
            l: fallback(&r.title),
        };
        entries.push((doc, String::new()));
    }
    for rt in &cx.site.data.round_tables {
        let v = super::indexes::round_table_view(cx, lang, rt);
        let summary = v.summary.as_ref().map(|s| s.text.clone()).unwrap_or_default();
        entries.push((
            Doc { t: v.title, u: v.url, k: cx.t(lang, "round_tables_title"), s: summary, l: None },
            String::new(),
        ));
    }
    for p in &cx.site.data.principles {
        let r = cx.principle_ref(lang, p);
        entries.push((
            Doc {
                t: r.name.text.clone(),
                u: r.url,
                k: cx.t(lang, "principles_title"),
                s: String::new(),
                l: fallback(&r.name),
            },
            String::new(),
        ));
    }
    for c in cx.site.data.champions.iter().flatten() {
        let v = super::indexes::champion_view(cx, lang, c);
        let note = v.note.as_ref().map(|n| n.text.clone()).unwrap_or_default();
        entries.push((
            Doc { t: v.name.text.clone(), u: v.url, k: cx.t(lang, "champions_title"), s: note, l: fallback(&v.name) },
            v.region_label,
        ));
    }
    for r in cx.site.data.resources.iter().flatten() {
        let title = cx.localized(&r.title, lang);
        let summary = r.summary.as_ref().map(|s| cx.localized(s, lang).text).unwrap_or_default();
        let kind = cx.t(lang, r.kind().label_key());
        entries.push((
            Doc { t: title.text.clone(), u: r.url.clone(), k: kind, s: summary, l: fallback(&title) },
            String::new(),
        ));
    }

    entries
}

/// The index of `entries`: title words weigh more than summary and body words.
fn build_index(entries: Vec<(Doc, String)>) -> Index {
    // Docs are added in order, so a term's postings only ever grow at their end.
    let mut terms: HashMap<String, Vec<(u32, u32)>> = HashMap::new();
    let mut add = |term: String, doc: u32, weight: u32| {
        let postings = terms.entry(term).or_default();
        match postings.last_mut() {
            Some((d, w)) if *d == doc => *w = (*w).max(weight),
            _ => postings.push((doc, weight)),
        }
    };
    for (i, (doc, body)) in entries.iter().enumerate() {
        let i = i as u32;
        for term in tokens(&doc.t) {
            add(term, i, TITLE_WEIGHT);
        }
        for term in tokens(&doc.s).into_iter().chain(tokens(body)) {
            add(term, i, 1);
        }
    }
    Index {
        docs: entries.into_iter().map(|(d, _)| d).collect(),
        terms: terms.into_iter().map(|(t, docs)| (t, docs.into_iter().flat_map(|(d, w)| [d, w]).collect())).collect(),
    }
}

fn is_han(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '\u{F900}'..='\u{FAFF}')
}

/// Lowercase, without Latin accents or Arabic diacritics, with Arabic letter variants unified.
fn normalize(c: char) -> Option<char> {
    if c.is_ascii() {
        return Some(c.to_ascii_lowercase());
    }
    let c = c.to_lowercase().next().unwrap_or(c);
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        'ё' => 'е',
        'أ' | 'إ' | 'آ' | 'ٱ' => 'ا',
        'ى' => 'ي',
        'ة' => 'ه',
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => return None,
        c => c,
    })
}

/// The Arabic article and the conjunctions and prepositions written joined to it.
const ARABIC_PREFIXES: &[&str] = &["وال", "بال", "كال", "فال", "لل", "ال"];

/// The index terms of `text`: normalized words (Arabic ones also without their article), and
/// for Chinese every character and every pair of adjacent characters.
pub fn tokens(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut han: Vec<char> = Vec::new();
    let flush_word = |word: &mut String, out: &mut Vec<String>| {
        if word.chars().count() >= 2 {
            for p in ARABIC_PREFIXES {
                if let Some(rest) = word.strip_prefix(p) {
                    if rest.chars().count() >= 2 {
                        out.push(rest.to_string());
                    }
                    break;
                }
            }
            out.push(std::mem::take(word));
        }
        word.clear();
    };
    let flush_han = |han: &mut Vec<char>, out: &mut Vec<String>| {
        for (i, c) in han.iter().enumerate() {
            out.push(c.to_string());
            if let Some(next) = han.get(i + 1) {
                out.push(format!("{c}{next}"));
            }
        }
        han.clear();
    };
    for c in text.chars() {
        if is_han(c) {
            flush_word(&mut word, &mut out);
            han.push(c);
        } else if c.is_ascii_alphanumeric()
            || !c.is_ascii()
                && (c.is_alphanumeric() || ('\u{064B}'..='\u{0652}').contains(&c) || c == '\u{0640}' || c == '\u{0670}')
        {
            flush_han(&mut han, &mut out);
            if let Some(n) = normalize(c) {
                word.push(n);
            }
        } else {
            flush_word(&mut word, &mut out);
            flush_han(&mut han, &mut out);
        }
    }
    flush_word(&mut word, &mut out);
    flush_han(&mut han, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::tokens;

    #[test]
    fn latin_and_cyrillic_words_are_folded() {
        assert_eq!(tokens("Réunion, Débat!"), ["reunion", "debat"]);
        assert_eq!(tokens("Ёлка 2022"), ["елка", "2022"]);
    }

    #[test]
    fn arabic_loses_diacritics_variants_and_article() {
        assert_eq!(tokens("الهِجْرَة"), ["هجره", "الهجره"]);
        assert_eq!(tokens("أمانة"), ["امانه"]);
        assert_eq!(tokens("والمهاجرين"), ["مهاجرين", "والمهاجرين"]);
    }

    #[test]
    fn chinese_is_indexed_by_characters_and_pairs() {
        assert_eq!(tokens("移民论坛"), ["移", "移民", "民", "民论", "论", "论坛", "坛"]);
        assert_eq!(tokens("GCM目标"), ["gcm", "目", "目标", "标"]);
    }
}
