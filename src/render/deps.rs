//! What decides that an output is stale: one rule for `imrf build`'s cache and `imrf serve`.
//!
//! A page's output is made from its template's context and nothing else (templates get no
//! function that reads the site), so the hash of that context, with the language's digest of the
//! binary, the templates, the UI strings and data ([`super::templates`]), is its **key**: what the
//! page is made of, taken from what the template is actually given rather than from a list of
//! what it might read. An output whose key equals the key of the file made last time is that
//! file; nothing else decides. A field a view gains tomorrow, an item a list starts to show, a
//! title a navigation bar prints: each is in the key the day it is in the context.
//!
//! The same rule, one level down, keeps the other outputs' parts: a page's rendered Markdown
//! (keyed by its body and options), a search entry (keyed by the texts it is made from), a
//! picture's files (keyed by its bytes, width and format).
//!
//! Where the last outputs and their keys are kept is the only difference between the two
//! callers ([`Earlier`]):
//! - `imrf build` keeps them in the output folder, with the keys in its manifest under
//!   `.imrf-cache/` (a file is kept only if nobody wrote to it since: [`crate::output::Staging`]);
//! - `imrf serve` keeps them in memory ([`Served`]): after an edit it renders the edited pages
//!   first, then the whole site again with the keys of what it serves, so that every output the
//!   edit changed, and only those, is made again; a file the site no longer makes stops being
//!   served. There is no list of "what lists a page" to keep up to date: a stale preview would
//!   need a key that does not change when the context does.
//!
//! The build from nothing is the specification; `tests/integration/incremental.rs` compares both
//! callers with it byte for byte after generated sequences of edits.

use std::collections::HashMap;

/// The key of each page's file the dev server serves, by output path.
pub type Served = HashMap<String, String>;

/// The outputs of the last render, against which a page's key is compared.
#[derive(Clone, Copy)]
pub(crate) enum Earlier<'a> {
    /// Nothing is kept: every page is rendered, and no key is taken.
    Nothing,
    /// A build into an output folder: a page whose file there was made from the same key, and
    /// not touched since, is kept.
    Folder(&'a crate::output::Staging),
    /// The dev server's last render: a page it serves, made from the same key, is kept.
    Served(&'a Served),
}

impl Earlier<'_> {
    /// Whether pages' keys are taken at all.
    pub(crate) fn keys(self) -> bool {
        !matches!(self, Earlier::Nothing)
    }

    /// Whether every file of `paths`, made together from `key` (the files of one search index),
    /// is the one made last time: then they are all kept, else none is.
    pub(crate) fn keep_all(self, paths: &[String], key: &str) -> bool {
        match self {
            Earlier::Nothing => false,
            Earlier::Folder(staging) => staging.keep_all(paths, key),
            Earlier::Served(served) => {
                !paths.is_empty() && paths.iter().all(|p| served.get(p).is_some_and(|k| k == key))
            }
        }
    }

    /// Whether the file at `path`, whose key is now `key`, is the one made last time.
    pub(crate) fn keep(self, path: &str, key: &str) -> bool {
        match self {
            Earlier::Nothing => false,
            Earlier::Folder(staging) => staging.keep(path, key),
            Earlier::Served(served) => served.get(path).is_some_and(|k| k == key),
        }
    }
}
