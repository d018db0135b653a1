//! The search index of one language, split so that a query downloads only what it needs:
//!
//! - `meta.json`: how many documents, how many per chunk, and how many term shards;
//! - `t/<n>.json`: the terms whose first two characters hash to shard `n` (FNV-1a of their UTF-8
//!   bytes, modulo the shard count), each with its postings `[doc, score, doc, score, …]`; a query
//!   loads one shard per word, and the last word's shard also serves it as a prefix;
//! - `d/<n>.json`: the documents `n × chunk` to `(n + 1) × chunk - 1`: title, URL, type, snippet
//!   and the text of each section under its heading, for the results shown.
//!
//! Shards (about 24 KB) and chunks (about 8 KB) are sized from the site: a small site has few of
//! each, a site of thousands of pages many, and a query's download stays small either way.
//!
//! Scores are BM25F, computed here once: a term's weight in a document sums its occurrences in
//! each field times the field's weight (title, headings, typed fields such as speakers and
//! rooms, summary, body), against the document's weighted length.

use super::terms::Lexicon;
use serde::Serialize;
use std::collections::BTreeMap;
use std::fmt::Write;

/// The fields of a document, by weight.
#[derive(Debug, Clone, Copy)]
pub enum Field {
    Title,
    Heading,
    Typed,
    Summary,
    Body,
}

impl Field {
    fn weight(self) -> f64 {
        match self {
            Field::Title => 10.0,
            Field::Heading => 4.0,
            Field::Typed => 3.0,
            Field::Summary => 2.0,
            Field::Body => 1.0,
        }
    }
}

/// What a result shows of a document.
#[derive(Debug, Clone, Serialize)]
pub struct Doc {
    /// The key of the content page it stands for (not written).
    #[serde(skip)]
    pub page: Option<String>,
    /// Title. (The JSON the browser reads names each field by one letter: the index is
    /// downloaded, and `search.js` reads `t`, `u`, `k`, `s`, `l`, `x`.)
    #[serde(rename = "t")]
    pub title: String,
    /// URL.
    #[serde(rename = "u")]
    pub url: String,
    /// Type (the section, or "Objectives", "Resources", …).
    #[serde(rename = "k")]
    pub kind: String,
    /// Summary, shown when no section matches.
    #[serde(rename = "s")]
    pub summary: String,
    /// Language of the text when it is not the reader's (a fallback).
    #[serde(rename = "l", skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Sections: `[anchor, heading, text]`, the first without anchor or heading.
    #[serde(rename = "x", skip_serializing_if = "Vec::is_empty")]
    pub sections: Vec<[String; 3]>,
    /// What its scores are multiplied by: below 1 for links that leave the site, whose short
    /// titles would otherwise outrank the site's own page on the same subject.
    #[serde(skip)]
    pub boost: f64,
}

/// About how large a shard of terms may grow, in bytes.
const TARGET_BYTES: usize = 24 * 1024;
/// About how large a chunk of documents may grow: a query loads the chunks of the results it
/// shows, so these stay small.
const CHUNK_BYTES: usize = 8 * 1024;
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// A document as the index holds it: what results show of it, as the JSON text the index files
/// hold (made once: the document's texts are not kept twice), and the weighted frequency of
/// each of its terms (numbers of a [`Lexicon`]), by term.
pub struct Entry {
    /// The content page it comes from (see [`Doc::page`]).
    pub page: Option<String>,
    /// See [`Doc::boost`].
    pub boost: f64,
    /// Weights are sums of the small whole numbers of [`Field::weight`]: exact as `f32` up to
    /// 2^24 (some 16 million occurrences of one term in one page), in half the room of an `f64`
    /// beside each term.
    pub terms: Vec<(u32, f32)>,
    /// The sum of its terms' weights.
    pub length: f64,
    /// The document as the index files hold it.
    pub json: String,
    /// The hash of what a content page's entry was made from (see `search::page_entry`): an
    /// entry kept by the build cache is used again only for the same hash.
    pub inputs: Option<String>,
}

impl Entry {
    /// The entry of `doc`, whose fields hold these terms.
    pub fn new(doc: Doc, fields: Vec<(Field, Vec<u32>)>) -> Entry {
        let mut terms: Vec<(u32, f32)> = Vec::new();
        let mut length = 0.0;
        for (field, ids) in &fields {
            terms.extend(ids.iter().map(|&t| (t, field.weight() as f32)));
            length += field.weight() * ids.len() as f64;
        }
        terms.sort_unstable_by_key(|&(t, _)| t);
        terms.dedup_by(|next, kept| {
            let same = next.0 == kept.0;
            if same {
                kept.1 += next.1;
            }
            same
        });
        terms.shrink_to_fit();
        // A document is plain strings: it always serializes.
        let json = serde_json::to_string(&doc).unwrap_or_default();
        Entry { page: doc.page, boost: doc.boost, terms, length, json, inputs: None }
    }
}

/// The files of the index of `docs`, whose terms are numbers of `lexicon`, each handed to `out`
/// (its path below the language's `search/` folder, and its JSON text) as soon as it is made.
pub fn build(docs: &[Entry], lexicon: &Lexicon, mut out: impl FnMut(String, String)) -> Result<(), serde_json::Error> {
    let n = docs.len();
    let tf: Vec<&[(u32, f32)]> = docs.iter().map(|e| e.terms.as_slice()).collect();
    let lengths: Vec<f64> = docs.iter().map(|e| e.length).collect();
    let average = (lengths.iter().sum::<f64>() / n.max(1) as f64).max(1.0);
    let mut df = vec![0usize; lexicon.len()];
    for weights in &tf {
        for &(term, _) in *weights {
            df[term as usize] += 1;
        }
    }
    // Term → postings, in document order; terms in the order of their text.
    let mut by_term: Vec<Vec<u32>> = vec![Vec::new(); lexicon.len()];
    for (d, weights) in tf.iter().enumerate() {
        for &(term, w) in *weights {
            let docs_with = df[term as usize] as f64;
            let idf = (1.0 + (n as f64 - docs_with + 0.5) / (docs_with + 0.5)).ln();
            let norm = 1.0 - B + B * lengths[d] / average;
            let w = f64::from(w);
            let score = idf * w * (K1 + 1.0) / (w + K1 * norm) * docs[d].boost;
            by_term[term as usize].extend([d as u32, (score * 100.0).round().max(1.0) as u32]);
        }
    }
    let mut order: Vec<u32> = (0..lexicon.len() as u32).filter(|&t| !by_term[t as usize].is_empty()).collect();
    order.sort_unstable_by(|&a, &b| lexicon.term(a).cmp(lexicon.term(b)));
    let postings: Vec<(&str, Vec<u32>)> =
        order.iter().map(|&t| (lexicon.term(t), std::mem::take(&mut by_term[t as usize]))).collect();
    // About TARGET_BYTES of postings per shard (a posting pair is some 8 bytes of JSON).
    let bytes: usize = postings.iter().map(|(t, p)| t.len() + 6 + p.len() * 4).sum();
    let shard_count = bytes.div_ceil(TARGET_BYTES).next_power_of_two().min(1024);
    // Each shard is a JSON object of its terms, in order, written as it goes: the postings of
    // a large site are millions of numbers, too many to hold as JSON values.
    let mut shards: BTreeMap<u32, String> = BTreeMap::new();
    for (term, p) in postings {
        let json = shards.entry(shard_of(term, shard_count)).or_insert_with(|| "{".to_string());
        if json.len() > 1 {
            json.push(',');
        }
        json.push_str(&serde_json::to_string(term)?);
        json.push_str(":[");
        for (i, n) in p.iter().enumerate() {
            if i > 0 {
                json.push(',');
            }
            let _ = write!(json, "{n}");
        }
        json.push(']');
    }
    let doc_bytes: usize = docs.iter().map(|e| e.json.len()).sum();
    let chunk = (CHUNK_BYTES * n.max(1) / doc_bytes.max(1)).clamp(1, 1000);
    let meta = serde_json::json!({ "docs": n, "chunk": chunk, "shards": shard_count });
    out("meta.json".to_string(), serde_json::to_string(&meta)?);
    for (i, mut terms) in shards {
        terms.push('}');
        out(format!("t/{i}.json"), terms);
    }
    for (i, part) in docs.chunks(chunk).enumerate() {
        // As serde_json writes a list: `[a,b]`.
        let mut json = String::with_capacity(part.iter().map(|e| e.json.len() + 1).sum::<usize>() + 1);
        json.push('[');
        for (k, e) in part.iter().enumerate() {
            if k > 0 {
                json.push(',');
            }
            json.push_str(&e.json);
        }
        json.push(']');
        out(format!("d/{i}.json"), json);
    }
    Ok(())
}

/// The shard of a term: FNV-1a (32 bits) of the UTF-8 bytes of its first two characters, modulo
/// the shard count. `static/search.js` computes the same.
pub fn shard_of(term: &str, shards: usize) -> u32 {
    let prefix: String = term.chars().take(2).collect();
    let hash = prefix.bytes().fold(0x811c_9dc5_u32, |h, b| (h ^ u32::from(b)).wrapping_mul(0x0100_0193));
    hash % shards.max(1) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(t: &str) -> Doc {
        Doc {
            page: None,
            title: t.to_string(),
            url: format!("/{t}/"),
            kind: String::new(),
            summary: String::new(),
            lang: None,
            sections: Vec::new(),
            boost: 1.0,
        }
    }

    #[test]
    fn a_title_outranks_a_mention() {
        let mut lexicon = Lexicon::default();
        let mut ids = |text: &str| {
            let mut out = Vec::new();
            lexicon.add_terms("en", text, &mut out);
            out
        };
        let docs = vec![
            Entry::new(doc("a"), vec![(Field::Body, ids("pledges other words"))]),
            Entry::new(doc("b"), vec![(Field::Title, ids("pledging")), (Field::Body, ids("text"))]),
        ];
        let mut files = Vec::new();
        build(&docs, &lexicon, |path, json| files.push((path, json))).unwrap();
        let shard = files.iter().find(|(p, _)| p == "t/0.json").unwrap();
        let v: serde_json::Value = serde_json::from_str(&shard.1).unwrap();
        let p = v["pledg"].as_array().unwrap();
        assert_eq!((p[0].as_u64(), p[2].as_u64()), (Some(0), Some(1)));
        assert!(p[3].as_u64() > p[1].as_u64(), "{p:?}");
    }

    #[test]
    fn terms_of_one_start_share_a_shard() {
        assert_eq!(shard_of("pledg", 64), shard_of("pledging", 64));
        assert_eq!(shard_of("移民", 64), shard_of("移民论坛", 64));
        assert_eq!(shard_of("anything", 1), 0);
    }
}
