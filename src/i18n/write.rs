//! Writing translations back into their files: a translated segment into `page.LANG.md` (the
//! Markdown stays the file of record), a translated data text into the `LANG:` entry of its field,
//! the records of what was translated from what, and the store of old source texts. Everything is
//! computed in memory first, so that a command writes all of its files or none; only the lines
//! concerned change (a block's text, a field's line, one language of a data field), so comments,
//! wrapping and the order of keys stay as the translator left them.

use super::align::{PageSegments, State};
use super::{old_texts, Lined};
use crate::content::frontmatter;
use crate::content::records::{self, Records};
use crate::content::Site;
use std::collections::BTreeMap;
use std::path::Path;

/// The record of a segment translated from a source text that is no longer known (a translation
/// made before segments, whose source had changed): stale, with no old text to show.
pub const UNKNOWN_SOURCE: &str = "00000000";

/// The records of a lined-up translation: per source segment paired with one of the translation's,
/// the hash of the source text it is a translation of. With `mark`, every paired segment is up to
/// date with the source as it is; otherwise each keeps its state (stale ones their old hash).
pub fn records_of(lined: &Lined<'_>, mark: bool) -> Records {
    let mut records = Records { body: vec![None; lined.tr.blocks.len()], ..Records::default() };
    let Some(alignment) = &lined.alignment else {
        return records;
    };
    let record = |s: &super::Segment, state: &State| -> Option<String> {
        match state {
            _ if mark => Some(s.hash.clone()),
            State::Translated => Some(s.hash.clone()),
            State::Stale { old } => Some(old.clone().unwrap_or_else(|| UNKNOWN_SOURCE.to_string())),
            State::Missing => None,
        }
    };
    for (s, pair) in lined.src.fields.iter().zip(&alignment.fields) {
        if pair.counterpart.is_some() {
            records.set_field(&s.id, record(s, &pair.state));
        }
    }
    for (s, pair) in lined.src.blocks.iter().zip(&alignment.blocks) {
        if let Some(j) = pair.counterpart {
            records.body[j] = record(s, &pair.state);
        }
    }
    records
}

/// A translation file to write: its path relative to the site root and its new text.
#[derive(Debug, Clone)]
pub struct FileWrite {
    pub file: String,
    pub text: String,
}

/// The translation file of `lined` with `texts` written in (by the index of the source segment in
/// `lined.src.all()`), each recorded as up to date; a file that does not exist yet is made from
/// the source's own file, every other segment recorded as not translated. Returns the file and
/// its records, or what could not be placed.
/// Why translations could not be written back: a file that cannot be read or written (with its
/// cause), or a translation that has no place in the file, at its line where there is one.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    #[error("cannot read {file}: {source}")]
    Read { file: String, source: std::io::Error },
    #[error("cannot write {file}: {source}")]
    Write { file: String, source: std::io::Error },
    #[error("cannot remove {file}: {source}")]
    Remove { file: String, source: std::io::Error },
    /// `file:line: message`, or `file: message` without a line.
    #[error("{file}{}: {message}", line.map(|l| format!(":{l}")).unwrap_or_default())]
    Place { file: String, line: Option<usize>, message: String },
}

pub fn page(site: &Site, lined: &Lined<'_>, texts: &BTreeMap<usize, String>) -> Result<(FileWrite, Records), Error> {
    let source = lined.source;
    let (file, base, tr, mut records) = match lined.translation {
        Some(t) => {
            let text = read(&site.root, &t.file)?;
            (t.file.clone(), text, lined.tr.clone(), records_of(lined, false))
        }
        None => {
            let text = read(&site.root, &source.file)?;
            let mut records = Records { fields: BTreeMap::new(), body: vec![None; lined.src.blocks.len()] };
            for s in &lined.src.fields {
                records.set_field(&s.id, None);
            }
            (super::translation_path(&source.key, &lined.lang), text, lined.src.clone(), records)
        }
    };
    // A new file mirrors its source: each segment is its own counterpart.
    let counterpart = |i: usize| -> Option<usize> {
        let nfields = lined.src.fields.len();
        match (&lined.alignment, i < nfields) {
            (Some(a), true) => a.fields[i].counterpart,
            (Some(a), false) => a.blocks[i - nfields].counterpart,
            (None, true) => Some(i),
            (None, false) => Some(i - nfields),
        }
    };
    let split = frontmatter::split(&base).map_err(|(line, message)| Error::Place {
        file: file.clone(),
        line: Some(line),
        message,
    })?;
    let mut yaml = split.yaml.to_string();
    let mut body = split.body.to_string();
    let mut edits: Vec<(std::ops::Range<usize>, String)> = Vec::new();
    let all: Vec<&super::Segment> = lined.src.all().collect();
    for (&i, text) in texts {
        let s = all[i];
        let text = super::segments::normalize(text);
        if s.kind == super::Kind::Field {
            // A field the translation lacks is added to its front matter.
            let current = tr.fields.iter().find(|t| t.id == s.id).map(|t| t.text.as_str());
            if current != Some(text.as_str()) {
                yaml = set_field(&yaml, &s.id, &text, &tr, lined);
            }
            records.set_field(&s.id, Some(s.hash.clone()));
        } else {
            let Some(j) = counterpart(i) else {
                return Err(Error::Place {
                    file,
                    line: None,
                    message: format!(
                        "it has no {} for {} (its blocks differ from the source's): add one, then import again",
                        s.kind.name(),
                        super::context(&source.file, s)
                    ),
                });
            };
            let t = &tr.blocks[j];
            if t.text != text {
                let span = t.span.clone().ok_or_else(|| Error::Place {
                    file: file.clone(),
                    line: Some(t.line),
                    message: "this block is empty".to_string(),
                })?;
                let column = body[..span.start].rsplit('\n').next().map_or(0, |l| l.chars().count());
                let text = wrapped_like(&body[span.clone()], column, &text);
                edits.push((span, text));
            }
            records.body[j] = Some(s.hash.clone());
        }
    }
    edits.sort_by_key(|(r, _)| std::cmp::Reverse(r.start));
    for (range, text) in edits {
        body.replace_range(range, &text);
    }
    // Reconciled with the source as it is only when nothing is left stale.
    let stale_left = lined.alignment.as_ref().is_some_and(|a| {
        a.pairs().enumerate().any(|(i, p)| matches!(p.state, State::Stale { .. }) && !texts.contains_key(&i))
    });
    let source_hash = match (stale_left, lined.translation) {
        (false, _) => Some(source.hash.as_str()),
        (true, Some(t)) => t.translated_from.as_deref(),
        (true, None) => None,
    };
    let text = format!("---\n{}---\n{body}", records::write_into(&yaml, source_hash, &records));
    Ok((FileWrite { file, text }, records))
}

/// `text` (a block's Markdown on one line) wrapped as the block `old` it replaces was: when `old`
/// spans several lines, at the width of its longest line (its first starting at `column`), its
/// continuation lines with `old`'s own prefix (indentation, `>` of a quote); on one line
/// otherwise. A line is never made to start with what would begin another block (`-`, `#`, `>`,
/// `1.`, …), and a wrapping that would read as other blocks is not used.
pub fn wrapped_like(old: &str, column: usize, text: &str) -> String {
    let mut lines = old.split('\n');
    let first = lines.next().unwrap_or_default();
    let rest: Vec<&str> = lines.collect();
    let Some(second) = rest.first() else {
        return text.to_string();
    };
    let prefix: String = second.chars().take_while(|c| matches!(c, ' ' | '\t' | '>')).collect();
    let width = rest.iter().map(|l| l.chars().count()).chain([column + first.chars().count()]).max().unwrap_or(80);
    let starts_block = |word: &str| {
        let w = word.trim_start_matches(|c: char| c.is_ascii_digit());
        let numbered = w.len() < word.len() && (w.starts_with(". ") || w.starts_with(") ") || w == "." || w == ")");
        numbered || word.starts_with(['-', '+', '*', '#', '>', '=', '`', '~', '<', '|'])
    };
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    let mut line_len = column;
    let words = text.split(' ');
    let mut at_start = true;
    for word in words {
        let len = word.chars().count();
        if !at_start && line_len + 1 + len > width && !starts_block(word) {
            out.push('\n');
            out.push_str(&prefix);
            line_len = prefix.chars().count();
        } else if !at_start {
            out.push(' ');
            line_len += 1;
        }
        out.push_str(word);
        line_len += len;
        at_start = false;
    }
    let kinds = |t: &str| super::segments::blocks(t, 1).into_iter().map(|b| b.kind).collect::<Vec<_>>();
    let unprefixed = strip_prefix(&out, &prefix);
    let same = kinds(&unprefixed) == kinds(text) && super::segments::normalize(&unprefixed) == *text;
    if same {
        out
    } else {
        text.to_string()
    }
}

/// A wrapped block's text without its continuation lines' prefix.
fn strip_prefix(text: &str, prefix: &str) -> String {
    text.split('\n').map(|l| l.strip_prefix(prefix).unwrap_or(l)).collect::<Vec<_>>().join("\n")
}

fn read(root: &Path, file: &str) -> Result<String, Error> {
    std::fs::read_to_string(root.join(file)).map_err(|source| Error::Read { file: file.to_string(), source })
}

/// `yaml` with the field segment `id` (`title`, `chairs.2`) set to `text`: the key's lines are
/// replaced where they stand (or added at the end).
fn set_field(yaml: &str, id: &str, text: &str, tr: &PageSegments, lined: &Lined<'_>) -> String {
    let (name, item) = super::segments::field_name(id);
    let is_list = matches!(name, "chairs" | "speakers");
    // The quoting the field has in the file (its first item's, for a list), kept.
    let style = yaml
        .lines()
        .skip_while(|l| crate::position::key_line(l, name, 1).is_none())
        .enumerate()
        .take_while(|(i, l)| *i == 0 || l.starts_with([' ', '\t', '-']))
        .find_map(|(i, l)| {
            let value = if i == 0 { l.split_once(':').map(|(_, v)| v) } else { l.trim_start().strip_prefix("- ") };
            value.map(str::trim).filter(|v| !v.is_empty())
        })
        .and_then(|v| v.chars().next())
        .filter(|c| matches!(c, '"' | '\''));
    let value = if is_list {
        // The translation's list (or the source's, to start from), with this item replaced.
        let of = |segs: &PageSegments| -> Vec<String> {
            segs.fields
                .iter()
                .filter(|s| super::segments::field_name(&s.id).0 == name)
                .map(|s| s.text.clone())
                .collect()
        };
        let mut list =
            if tr.fields.iter().any(|s| s.id.starts_with(&format!("{name}."))) { of(tr) } else { of(&lined.src) };
        if list.len() <= item {
            list.resize(item + 1, String::new());
        }
        list[item] = text.to_string();
        let items: Vec<String> = list.iter().map(|v| format!("\n  - {}", quoted_as(style, v))).collect();
        items.concat()
    } else {
        format!(" {}", quoted_as(style, text))
    };
    let line = format!("{name}:{value}\n");
    let mut out = String::with_capacity(yaml.len() + line.len());
    let mut placed = false;
    let mut skipping = false;
    for l in yaml.split_inclusive('\n') {
        if skipping && l.starts_with([' ', '\t']) {
            continue;
        }
        skipping = crate::position::key_line(l, name, 1).is_some();
        if skipping && !placed {
            out.push_str(&line);
            placed = true;
        } else if !skipping {
            out.push_str(l);
        }
    }
    if !placed {
        if !out.is_empty() && !out.ends_with('\n') {
            out.push('\n');
        }
        out.push_str(&line);
    }
    out
}

/// A one-line text as a YAML scalar quoted as `style` says (`"`, `'`), or plain when `style` is
/// `None` and YAML reads it back as the same text.
fn quoted_as(style: Option<char>, text: &str) -> String {
    match style {
        Some('"') => double_quoted(text),
        Some(_) => format!("'{}'", text.replace('\'', "''")),
        None => yaml_scalar(text),
    }
}

/// A one-line text as a YAML scalar: plain when YAML reads it back as the same text, quoted
/// otherwise.
pub fn yaml_scalar(text: &str) -> String {
    let plain = serde_yaml::to_string(text).unwrap_or_else(|_| format!("{text:?}"));
    plain.trim_end_matches('\n').to_string()
}

/// A text as a YAML double-quoted scalar (JSON's string syntax is YAML's).
fn double_quoted(text: &str) -> String {
    serde_json::to_string(text).unwrap_or_else(|_| format!("{text:?}"))
}

/// The text of the store of old source texts of `site`'s page `key` once its translations record
/// `changed` (language → records; the others as loaded): every hash some translation records,
/// with its text (from the source as it is, or the store as it was). `None`: nothing to keep.
pub fn store(site: &Site, key: &str, changed: &BTreeMap<String, Records>) -> Option<String> {
    let default = &site.config.default_language;
    let mut referenced: Vec<String> = Vec::new();
    for lang in site.config.languages.iter().map(|l| &l.code).filter(|c| *c != default) {
        let records = changed.get(lang.as_str()).or_else(|| site.page(key, lang).and_then(|p| p.records.as_ref()));
        for h in records.into_iter().flat_map(|r| r.fields.values().chain(std::iter::once(&r.body))).flatten().flatten()
        {
            if h != UNKNOWN_SOURCE && !referenced.contains(h) {
                referenced.push(h.clone());
            }
        }
    }
    let source = site.page(key, default)?;
    let current = PageSegments::of(source, true);
    let mut known: BTreeMap<String, String> = old_texts::stored_texts(&site.root, key);
    for s in current.all() {
        known.insert(s.hash.clone(), s.text.clone());
    }
    // In the order of the source as it is, then the old texts by hash.
    let mut texts: Vec<(String, String)> = Vec::new();
    for s in current.all() {
        if referenced.contains(&s.hash) && !texts.iter().any(|(h, _)| *h == s.hash) {
            texts.push((s.hash.clone(), s.text.clone()));
        }
    }
    for (h, t) in &known {
        if referenced.contains(h) && !texts.iter().any(|(k, _)| k == h) {
            texts.push((h.clone(), t.clone()));
        }
    }
    old_texts::store_text(key, &texts)
}

/// Writes every file (through a temporary name, renamed into place), or removes the ones whose
/// text is `None`.
pub fn commit(root: &Path, files: &[(String, Option<String>)]) -> Result<(), Error> {
    for (file, text) in files {
        let path = root.join(file);
        match text {
            Some(text) => crate::atomic::write(&path, text.as_bytes())
                .map_err(|source| Error::Write { file: file.clone(), source })?,
            None if path.exists() => {
                std::fs::remove_file(&path).map_err(|source| Error::Remove { file: file.clone(), source })?
            }
            None => {}
        }
    }
    Ok(())
}

/// One data text to write: the field of the `item`-th entry of a data file, in `lang`.
#[derive(Debug, Clone)]
pub struct DataEdit {
    pub item: usize,
    pub field: &'static str,
    pub lang: String,
    pub text: String,
}

/// The text of a data file (`file`, for messages) with `edits` written in: each sets the `lang:`
/// line of its field (added after the field's last language when missing); a field written on one
/// line (`title: Data`, `title: {en: Data}`) is rewritten as a block of one line per language.
pub fn data_file(file: &str, text: &str, default: &str, edits: &[DataEdit]) -> Result<String, Error> {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for e in edits {
        let (key, end) = field_lines(&lines, e.item, e.field).ok_or_else(|| Error::Place {
            file: file.to_string(),
            line: None,
            message: format!("entry {} has no `{}:` line of its own to write into", e.item + 1, e.field),
        })?;
        let indent = lines[key].len() - lines[key].trim_start_matches([' ', '-']).len();
        let inline = lines[key].split_once(':').map(|(_, v)| v.trim().to_string()).unwrap_or_default();
        if inline.is_empty() || inline.starts_with('#') {
            // A block of languages: replace or add this one.
            let lang_line =
                (key + 1..end).find(|&i| crate::position::key_line(lines[i].trim_start(), &e.lang, 1).is_some());
            let sub = lines.get(key + 1).map_or(indent + 2, |l| l.len() - l.trim_start().len());
            // Quoted like the field's other languages.
            let quoted = lines.get(key + 1).and_then(|l| l.split_once(": ")).is_some_and(|(_, v)| v.starts_with('"'));
            let value = if quoted { double_quoted(&e.text) } else { yaml_scalar(&e.text) };
            let new = format!("{}{}: {value}", " ".repeat(sub), e.lang);
            match lang_line {
                Some(i) => {
                    let cont = (i + 1..end).take_while(|&j| indent_of(&lines[j]) > sub).count();
                    lines.splice(i..=i + cont, [new]);
                }
                None => lines.insert(end, new),
            }
        } else {
            let snippet: String = lines[key..end].iter().map(|l| format!("{l}\n")).collect();
            let value = snippet.split_once(':').map(|(_, v)| v).unwrap_or_default();
            let mut pairs: Vec<(String, String)> = match serde_yaml::from_str::<serde_yaml::Value>(value) {
                Ok(serde_yaml::Value::String(s)) => vec![(default.to_string(), s)],
                Ok(serde_yaml::Value::Mapping(m)) => m
                    .into_iter()
                    .filter_map(|(k, v)| Some((k.as_str()?.to_string(), v.as_str()?.to_string())))
                    .collect(),
                _ => {
                    return Err(Error::Place {
                        file: file.to_string(),
                        line: Some(key + 1),
                        message: format!("cannot read the `{}` field to add a language", e.field),
                    })
                }
            };
            match pairs.iter_mut().find(|(k, _)| *k == e.lang) {
                Some(p) => p.1 = e.text.clone(),
                None => pairs.push((e.lang.clone(), e.text.clone())),
            }
            let head = format!("{}{}:", &lines[key][..indent], e.field);
            let block = std::iter::once(head)
                .chain(pairs.iter().map(|(k, v)| format!("{}{k}: {}", " ".repeat(indent + 2), yaml_scalar(v))));
            lines.splice(key..end, block);
        }
    }
    let mut out = lines.join("\n");
    if text.ends_with('\n') {
        out.push('\n');
    }
    Ok(out)
}

fn indent_of(line: &str) -> usize {
    if line.trim().is_empty() {
        usize::MAX
    } else {
        line.len() - line.trim_start().len()
    }
}

/// The line of the `field:` key of the `item`-th top-level list entry, and the end of its value
/// (the first line after it that is not indented deeper).
fn field_lines(lines: &[String], item: usize, field: &str) -> Option<(usize, usize)> {
    let (start, end) = crate::position::list_item_lines(lines, item)?;
    let key = (start..end).find(|&i| {
        let l = &lines[i];
        let content = if i == start { l.strip_prefix("- ") } else { l.strip_prefix("  ") };
        content.is_some_and(|c| !c.starts_with(' ') && crate::position::key_line(c, field, 1).is_some())
    })?;
    let key_indent = 2;
    let value_end =
        (key + 1..end).find(|&i| indent_of(&lines[i]) <= key_indent && !lines[i].trim().is_empty()).unwrap_or(end);
    // Trailing blank and comment lines belong to what follows.
    let mut value_end = value_end;
    while value_end > key + 1
        && (lines[value_end - 1].trim().is_empty() || lines[value_end - 1].trim_start().starts_with('#'))
    {
        value_end -= 1;
    }
    Some((key, value_end))
}

#[cfg(test)]
mod tests {
    use super::*;

    const DATA: &str = "# Champions.\n- name:\n    en: Mexico\n    fr: \"Mexique\" # official\n  iso: MX\n  note: A note.\n\n# Next.\n- name: {en: Chile}\n  iso: CL\n";

    fn edit(item: usize, field: &'static str, lang: &str, text: &str) -> DataEdit {
        DataEdit { item, field, lang: lang.into(), text: text.into() }
    }

    #[test]
    fn data_texts_are_written_in_place_and_comments_stay() {
        let out = data_file(
            "content/champions.yaml",
            DATA,
            "en",
            &[
                edit(0, "name", "es", "México"),
                edit(0, "name", "fr", "Mexique (le)"),
                edit(1, "name", "fr", "Chili: oui"),
            ],
        )
        .unwrap();
        assert_eq!(
            out,
            "# Champions.\n- name:\n    en: Mexico\n    fr: Mexique (le)\n    es: México\n  iso: MX\n  note: A note.\n\n# Next.\n- name:\n    en: Chile\n    fr: 'Chili: oui'\n  iso: CL\n"
        );
        let out = data_file("c", DATA, "en", &[edit(0, "note", "fr", "Une note.")]).unwrap();
        assert!(out.contains("  note:\n    en: A note.\n    fr: Une note.\n\n# Next."), "{out}");
        assert!(data_file("c", DATA, "en", &[edit(3, "name", "fr", "x")]).is_err());
        // Quoted like its neighbours.
        let quoted =
            data_file("c", "- title:\n    en: \"Data\"\n", "en", &[edit(0, "title", "fr", "Données « x »")]).unwrap();
        assert_eq!(quoted, "- title:\n    en: \"Data\"\n    fr: \"Données « x »\"\n");
    }

    #[test]
    fn an_imported_block_is_wrapped_as_the_block_it_replaces() {
        let text = "Le premier paragraphe est assez long pour tenir sur deux lignes - ou plus, selon la largeur.";
        // One line stays one line.
        assert_eq!(wrapped_like("One line.", 0, text), text);
        // Wrapped at the old block's width; `-` never starts a line.
        let old = "The first paragraph is long\nenough to be wrapped.";
        let out = wrapped_like(old, 0, text);
        assert!(out.lines().all(|l| l.chars().count() <= 27 || !l.contains(' ')), "{out}");
        assert!(out.lines().all(|l| !l.starts_with('-')), "{out}");
        assert_eq!(crate::i18n::segments::normalize(&out), text);
        // A list item's continuation lines keep their indentation; a quote's its `>`.
        let out = wrapped_like("An item that is\n  wrapped.", 2, text);
        assert!(out.lines().skip(1).all(|l| l.starts_with("  ") && !l.starts_with("   ")), "{out}");
        let out = wrapped_like("A quote that is\n> wrapped.", 2, text);
        assert!(out.lines().skip(1).all(|l| l.starts_with("> ")), "{out}");
    }

    #[test]
    fn scalars_are_quoted_only_when_needed() {
        assert_eq!(yaml_scalar("Mexique"), "Mexique");
        assert_eq!(yaml_scalar("a: b"), "'a: b'");
        assert_eq!(yaml_scalar("12"), "'12'");
    }
}
