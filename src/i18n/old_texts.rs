//! What a translation needs to know of its source's past: the source texts its segments were
//! translated from (to show a translator what changed).
//!
//! **Old source texts** are kept in a small store among the translations, one YAML file per
//! source page: `content/.source-texts/notes/imrf-roadmap.md.yaml` maps each hash that some
//! translation of `content/notes/imrf-roadmap.md` records to the source text it was made from.
//! `imrf i18n new`, `mark` and `import` write it, and keep only the hashes some translation still
//! records. Being hidden, the folder is no page and no data file for the loader; it holds each
//! English text once for every language, and works without git, for the exact text a
//! translation was marked against (not the last commit's). When a text is not in the store (a
//! site that does not commit it), the git history of the source is searched for it, when the
//! site is a git repository; otherwise the old text is reported as unavailable.
//!
//! **The day a source last changed** is the source page's `updated` date (`content::history`:
//! its `updated:` field, its last commit, or its file's time).

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

/// The folder of the store of old source texts, relative to the site root.
pub const STORE: &str = "content/.source-texts";

/// The store file of a source page (by key, `notes/x.md`), relative to the site root.
pub fn store_file(key: &str) -> String {
    format!("{STORE}/{key}.yaml")
}

/// The stored texts of a source page: hash → text (empty when there is no store file).
pub fn stored_texts(root: &Path, key: &str) -> BTreeMap<String, String> {
    std::fs::read_to_string(root.join(store_file(key)))
        .ok()
        .and_then(|text| serde_yaml::from_str(&text).ok())
        .unwrap_or_default()
}

/// The text of the store file holding `texts` (hash, text), in the order given; `None` when there
/// is nothing to keep.
pub fn store_text(key: &str, texts: &[(String, String)]) -> Option<String> {
    if texts.is_empty() {
        return None;
    }
    let map: indexmap::IndexMap<&str, &str> = texts.iter().map(|(h, t)| (h.as_str(), t.as_str())).collect();
    let yaml = serde_yaml::to_string(&map).ok()?;
    Some(format!(
        "# The source texts that translations of content/{key} were made from, by hash (written by imrf i18n).\n{yaml}"
    ))
}

/// Runs git in `root`; its standard output when it succeeds.
fn git(root: &Path, args: &[&str]) -> Option<Vec<u8>> {
    let out = Command::new("git").arg("-C").arg(root).args(["-c", "core.quotepath=off"]).args(args).output().ok()?;
    out.status.success().then_some(out.stdout)
}

/// The texts of `wanted` hashes found in past versions of `file` (relative to the site root) in
/// git, searching its last 50 commits; empty outside a git repository.
pub fn texts_from_git(root: &Path, file: &str, wanted: &HashSet<String>) -> BTreeMap<String, String> {
    let mut found = BTreeMap::new();
    if wanted.is_empty() {
        return found;
    }
    let Some(log) = git(root, &["log", "-n", "50", "--format=%H", "--", file]) else {
        return found;
    };
    for rev in String::from_utf8_lossy(&log).lines() {
        let Some(bytes) = git(root, &["show", &format!("{rev}:./{file}")]) else {
            continue;
        };
        let text = String::from_utf8_lossy(&bytes);
        let segments = match file.ends_with(".yaml") || file.ends_with(".yml") {
            true => yaml_texts(&text),
            false => old_segments(&text),
        };
        for (hash, text) in segments {
            if wanted.contains(&hash) {
                found.entry(hash).or_insert(text);
            }
        }
        if found.len() == wanted.len() {
            break;
        }
    }
    found
}

/// Every text of a version of a data file (hash, text): each string in it, normalized as a
/// segment.
fn yaml_texts(text: &str) -> Vec<(String, String)> {
    fn walk(v: &serde_yaml::Value, out: &mut Vec<(String, String)>) {
        match v {
            serde_yaml::Value::String(s) => {
                let text = super::segments::normalize(s);
                out.push((super::segments::hash(&text), text));
            }
            serde_yaml::Value::Sequence(list) => list.iter().for_each(|v| walk(v, out)),
            serde_yaml::Value::Mapping(map) => map.values().for_each(|v| walk(v, out)),
            _ => {}
        }
    }
    let mut out = Vec::new();
    if let Ok(v) = serde_yaml::from_str::<serde_yaml::Value>(text) {
        walk(&v, &mut out);
    }
    out
}

/// Every segment text of a version of a page (hash, text), read without the site around it:
/// its blocks and the texts of its front-matter fields.
fn old_segments(text: &str) -> Vec<(String, String)> {
    let Ok(split) = crate::content::frontmatter::split(text) else {
        return Vec::new();
    };
    let mut out: Vec<(String, String)> =
        super::segments::blocks(split.body, split.body_line).into_iter().map(|s| (s.hash, s.text)).collect();
    if let Ok(serde_yaml::Value::Mapping(map)) = serde_yaml::from_str::<serde_yaml::Value>(split.yaml) {
        for (_, value) in map {
            let items = match value {
                serde_yaml::Value::String(s) => vec![s],
                serde_yaml::Value::Sequence(list) => {
                    list.into_iter().filter_map(|v| v.as_str().map(str::to_string)).collect()
                }
                _ => Vec::new(),
            };
            for item in items {
                let text = super::segments::normalize(&item);
                out.push((super::segments::hash(&text), text));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_store_round_trips() {
        let texts =
            vec![("12345678".to_string(), "A \"quoted\" text: yes".to_string()), ("abcdef01".into(), "B".into())];
        let yaml = store_text("notes/x.md", &texts).unwrap();
        assert!(yaml.starts_with("# The source texts that translations of content/notes/x.md"), "{yaml}");
        let back: BTreeMap<String, String> = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(back.get("12345678").map(String::as_str), Some("A \"quoted\" text: yes"));
        assert_eq!(store_text("x.md", &[]), None);
    }

    #[test]
    fn old_versions_give_their_segments() {
        let segs = old_segments("---\ntitle: Old  title\nchairs: [A, B]\n---\nA paragraph.\n");
        let texts: Vec<&str> = segs.iter().map(|(_, t)| t.as_str()).collect();
        assert_eq!(texts, ["A paragraph.", "Old title", "A", "B"]);
    }
}
