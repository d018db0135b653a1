//! Lining a translation up with its source, segment by segment, and telling each source segment's
//! state: translated (the translation recorded this very source text), stale (it recorded another
//! one: the source changed since) or missing.
//!
//! Front-matter segments line up by id (`title` with `title`). Blocks line up by structure, since
//! a translation mirrors its source's blocks: first the blocks whose recorded hash is the source
//! block's current hash (a longest common subsequence, so that a paragraph added to or removed
//! from the source moves nothing else), then, between two such anchors, blocks of the same kinds
//! in order (the changed ones: stale). A translation made before segments existed records only
//! the whole file's hash: its blocks line up by kinds alone, all translated when that hash is
//! the source's, all stale otherwise. Re-wrapping a source paragraph changes no hash, so it
//! stales nothing.

use super::segments::{self, Segment};
use crate::content::records::Records;
use crate::content::Page;
use serde::Serialize;

/// The state of one source segment in one translation.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum State {
    Translated,
    /// Translated from another source text, whose hash is `old` when the translation recorded it.
    Stale {
        old: Option<String>,
    },
    Missing,
}

/// How a translation's freshness is known.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Tracking {
    /// `source_segments`: segment by segment.
    Segments,
    /// Only `source_hash` (made before segments): the whole file is up to date or not.
    File { current: bool },
    /// Neither (made by hand): freshness unknown; its segments count as translated.
    Untracked,
}

/// The segments of one page: front matter, then blocks.
#[derive(Debug, Clone, Default)]
pub struct PageSegments {
    pub fields: Vec<Segment>,
    pub blocks: Vec<Segment>,
}

impl PageSegments {
    pub fn of(page: &Page, is_source: bool) -> PageSegments {
        PageSegments { fields: segments::fields(page, is_source), blocks: segments::blocks(&page.body, page.body_line) }
    }

    /// Fields then blocks.
    pub fn all(&self) -> impl Iterator<Item = &Segment> {
        self.fields.iter().chain(&self.blocks)
    }
}

/// One source segment and where it stands in the translation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pair {
    pub state: State,
    /// The translation's segment that corresponds to it (its index in `fields` or `blocks`).
    pub counterpart: Option<usize>,
}

/// A translation lined up with its source: one [`Pair`] per source field and per source block.
#[derive(Debug, Clone)]
pub struct Alignment {
    pub tracking: Tracking,
    pub fields: Vec<Pair>,
    pub blocks: Vec<Pair>,
    /// The recorded body hashes do not match this file's blocks one for one (blocks were added or
    /// removed by hand since the last `mark`): blocks were lined up by structure only.
    pub records_out_of_step: bool,
}

impl Alignment {
    /// Source segments paired with their state, fields then blocks.
    pub fn pairs(&self) -> impl Iterator<Item = &Pair> {
        self.fields.iter().chain(&self.blocks)
    }
}

/// How `translation` records its freshness, given its source's file hash.
pub fn tracking(translation: &Page, source_hash: &str) -> Tracking {
    match (&translation.records, &translation.translated_from) {
        (Some(_), _) => Tracking::Segments,
        (None, Some(h)) => Tracking::File { current: h == source_hash },
        (None, None) => Tracking::Untracked,
    }
}

/// Lines `tr` (a translation, recording `records`) up with `src` (its source).
pub fn align(src: &PageSegments, tr: &PageSegments, tracking: Tracking, records: Option<&Records>) -> Alignment {
    let records = records.filter(|_| tracking == Tracking::Segments);
    let fields = src
        .fields
        .iter()
        .map(|s| {
            let counterpart = tr.fields.iter().position(|t| t.id == s.id);
            let state = match (counterpart, records) {
                (None, _) => State::Missing,
                (Some(_), Some(r)) => match r.field(&s.id) {
                    Some(Some(h)) if h == s.hash => State::Translated,
                    Some(Some(h)) => State::Stale { old: Some(h.to_string()) },
                    // Not translated yet, or written by hand since the last `mark`.
                    None | Some(None) => State::Missing,
                },
                (Some(_), None) => unrecorded(tracking),
            };
            Pair { state, counterpart }
        })
        .collect();
    let body = records.map(|r| r.body.as_slice());
    let in_step = body.filter(|b| b.len() == tr.blocks.len());
    let blocks = align_blocks(&src.blocks, &tr.blocks, tracking, in_step, body.unwrap_or_default());
    Alignment { tracking, fields, blocks, records_out_of_step: body.is_some() && in_step.is_none() }
}

/// The state of a segment paired without a record of its own.
fn unrecorded(tracking: Tracking) -> State {
    match tracking {
        Tracking::File { current: false } => State::Stale { old: None },
        _ => State::Translated,
    }
}

/// Pairs source blocks with translation blocks. `in_step`: the records, one per translation
/// block; `any`: the records even when not in step (to recognize translated text by its hash).
fn align_blocks(
    src: &[Segment],
    tr: &[Segment],
    tracking: Tracking,
    in_step: Option<&[Option<String>]>,
    any: &[Option<String>],
) -> Vec<Pair> {
    let mut paired: Vec<Option<(usize, bool)>> = vec![None; src.len()];
    let anchors = match in_step {
        Some(r) => lcs(src.len(), tr.len(), |i, j| src[i].kind == tr[j].kind && r[j].as_deref() == Some(&src[i].hash)),
        None => Vec::new(),
    };
    let mut from = (0, 0);
    for &(i, j) in anchors.iter().chain(std::iter::once(&(src.len(), tr.len()))) {
        let gap = lcs(i - from.0, j - from.1, |a, b| src[from.0 + a].kind == tr[from.1 + b].kind);
        for (a, b) in gap {
            paired[from.0 + a] = Some((from.1 + b, false));
        }
        if i < src.len() {
            paired[i] = Some((j, true));
        }
        from = (i + 1, j + 1);
    }
    paired
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let state = match p {
                None => State::Missing,
                Some((_, true)) => State::Translated,
                Some((j, false)) => match (tracking, in_step) {
                    (Tracking::Segments, Some(r)) => match &r[j] {
                        Some(h) if *h == src[i].hash => State::Translated,
                        Some(h) => State::Stale { old: Some(h.clone()) },
                        None => State::Missing,
                    },
                    (Tracking::Segments, None) if any.iter().flatten().any(|h| *h == src[i].hash) => State::Translated,
                    (Tracking::Segments, None) => State::Stale { old: None },
                    _ => unrecorded(tracking),
                },
            };
            Pair { state, counterpart: p.map(|(j, _)| j) }
        })
        .collect()
}

/// A longest common subsequence of `0..n` and `0..m` under `eq`, as index pairs in order.
fn lcs(n: usize, m: usize, eq: impl Fn(usize, usize) -> bool) -> Vec<(usize, usize)> {
    // `len[i][j]`: the length of a longest common subsequence of `i..n` and `j..m`.
    let width = m + 1;
    let mut len = vec![0u32; (n + 1) * width];
    for i in (0..n).rev() {
        for j in (0..m).rev() {
            len[i * width + j] = if eq(i, j) {
                len[(i + 1) * width + j + 1] + 1
            } else {
                len[(i + 1) * width + j].max(len[i * width + j + 1])
            };
        }
    }
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < n && j < m {
        if eq(i, j) && len[i * width + j] == len[(i + 1) * width + j + 1] + 1 {
            out.push((i, j));
            i += 1;
            j += 1;
        } else if len[(i + 1) * width + j] >= len[i * width + j + 1] {
            i += 1;
        } else {
            j += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(body: &str) -> PageSegments {
        PageSegments { fields: Vec::new(), blocks: segments::blocks(body, 1) }
    }

    fn states(a: &Alignment) -> Vec<&'static str> {
        a.blocks
            .iter()
            .map(|p| match p.state {
                State::Translated => "ok",
                State::Stale { .. } => "stale",
                State::Missing => "missing",
            })
            .collect()
    }

    const EN: &str = "# Title\n\nOne.\n\nTwo.\n\n- a\n- b\n";
    const FR: &str = "# Titre\n\nUn.\n\nDeux.\n\n- a\n- b\n";

    /// FR marked as a translation of EN (their blocks pair one for one).
    fn marked() -> Records {
        Records { body: page(EN).blocks.iter().map(|s| Some(s.hash.clone())).collect(), ..Records::default() }
    }

    #[test]
    fn a_legacy_translation_lines_up_by_structure() {
        let a = align(&page(EN), &page(FR), Tracking::File { current: true }, None);
        assert_eq!(states(&a), ["ok"; 5]);
        assert_eq!(a.blocks.iter().map(|p| p.counterpart).collect::<Vec<_>>(), [0, 1, 2, 3, 4].map(Some));
        let stale = align(&page(EN), &page(FR), Tracking::File { current: false }, None);
        assert_eq!(states(&stale), ["stale"; 5]);
    }

    #[test]
    fn one_changed_paragraph_is_stale_and_rewrapping_changes_nothing() {
        let r = marked();
        let changed = "# Title\n\nOne, changed.\n\nTwo.\n\n- a\n- b\n";
        let a = align(&page(changed), &page(FR), Tracking::Segments, Some(&r));
        assert_eq!(states(&a), ["ok", "stale", "ok", "ok", "ok"]);
        assert_eq!(a.blocks[1].state, State::Stale { old: Some(segments::hash("One.")) });
        let rewrapped = "Title\n=====\n\nOne.\n\nTwo.\n\n* a\n* b\n";
        assert_eq!(states(&align(&page(rewrapped), &page(FR), Tracking::Segments, Some(&r))), ["ok"; 5]);
    }

    #[test]
    fn added_and_removed_source_blocks_move_nothing_else() {
        let r = marked();
        let added = "# Title\n\nNew.\n\nOne.\n\nTwo.\n\n- a\n- b\n";
        let a = align(&page(added), &page(FR), Tracking::Segments, Some(&r));
        assert_eq!(states(&a), ["ok", "missing", "ok", "ok", "ok", "ok"]);
        let removed = "# Title\n\nTwo.\n\n- a\n- b\n";
        let a = align(&page(removed), &page(FR), Tracking::Segments, Some(&r));
        assert_eq!(states(&a), ["ok", "ok", "ok", "ok"]);
        assert_eq!(a.blocks[1].counterpart, Some(2));
    }

    #[test]
    fn records_out_of_step_still_recognize_translated_text() {
        let r = marked();
        let fr_added = "# Titre\n\nUn.\n\nNouveau.\n\nDeux.\n\n- a\n- b\n";
        let a = align(&page(EN), &page(fr_added), Tracking::Segments, Some(&r));
        assert!(a.records_out_of_step);
        assert_eq!(states(&a), ["ok"; 5]);
    }
}
