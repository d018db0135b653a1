//! The translatable texts of data files (`content/*.yaml`): each [`Text`] field of each entry is
//! one segment, named `content/<file>.yaml:<entry>:<field>` where the entry is named by its key
//! (an objective's or round table's number, a principle's key, a champion's ISO code, a resource's
//! place in its file). The languages of a text sit side by side in one file; what each
//! translation was made from is recorded in `content/translations.yaml`
//! ([`crate::content::data::TranslationRecords`]), so a data text has the states of a page
//! segment: translated, stale (the default-language text changed since; its old text is kept in
//! the store of old source texts, or found in git) or missing.

use super::segments::{hash, normalize};
use super::State;
use crate::content::data::Text;
use crate::content::Site;
use std::collections::HashSet;

/// One translatable text of a data file.
#[derive(Debug, Clone)]
pub struct DataText<'s> {
    /// `content/champions.yaml`.
    pub file: String,
    /// The entry's name within its file (`MX`, `3`, `people-centred`).
    pub entry: String,
    /// The field (`name`, `title`, `short`, `note`, `summary`).
    pub field: &'static str,
    /// The entry's place in the file's list (0-based), for finding its lines.
    pub item: usize,
    pub text: &'s Text,
    /// For a working translation (`working_title`), the official text whose default-language
    /// version is its source.
    pub official: Option<&'s Text>,
}

impl DataText<'_> {
    /// `content/champions.yaml:MX:name`: its PO context and its name in reports.
    pub fn context(&self) -> String {
        format!("{}:{}:{}", self.file, self.entry, self.field)
    }

    /// The data file's name within `content/` (`champions.yaml`): where its records are kept, and
    /// the key of its old source texts.
    pub fn file_name(&self) -> &str {
        self.file.strip_prefix("content/").unwrap_or(&self.file)
    }

    /// The data file's name without its extension (`champions`).
    pub fn stem(&self) -> &str {
        let name = self.file_name();
        name.rsplit_once('.').map_or(name, |(stem, _)| stem)
    }

    /// The line of the text's field in its file.
    pub fn line(&self, site: &Site) -> usize {
        let text = site.data.sources.get(&self.file).map_or("", String::as_str);
        crate::position::list_item_line(text, self.item, &format!("{}:", self.field))
    }

    /// The text's name in its file's records: `KE:note`.
    pub fn record_name(&self) -> String {
        format!("{}:{}", self.entry, self.field)
    }

    /// The short hash of the default-language text, as records keep it.
    pub fn source_hash(&self, default: &str) -> String {
        hash(&normalize(&self.source(default)))
    }

    /// Where the translation into `lang` stands: missing, stale when its record names another
    /// source text than today's, else translated.
    pub fn state(&self, site: &Site, lang: &str) -> State {
        if self.translation(lang).is_none() {
            return State::Missing;
        }
        let default = &site.config.default_language;
        match site.data.translated_from.get(self.stem(), &self.record_name(), lang) {
            Some(h) if *h != self.source_hash(default) => State::Stale { old: Some(h.to_string()) },
            _ => State::Translated,
        }
    }

    /// The text in the default language.
    pub fn source(&self, default: &str) -> String {
        match self.official.unwrap_or(self.text) {
            Text::Plain(s) => s.clone(),
            Text::PerLanguage(map) => map.get(default).or_else(|| map.values().next()).cloned().unwrap_or_default(),
        }
    }

    /// Whether `lang` needs this text: a working translation only where no official text exists.
    pub fn needed(&self, lang: &str) -> bool {
        self.official.is_none_or(|o| o.translation(lang).is_none())
    }

    /// The text in `lang`, when the file has it.
    pub fn translation(&self, lang: &str) -> Option<&str> {
        match self.text {
            Text::Plain(_) => None,
            Text::PerLanguage(map) => map.get(lang).map(String::as_str),
        }
    }
}

/// The key of a data text and language in [`behind`]: `champions:KE:note@fr`.
pub fn behind_key(stem: &str, entry: &str, field: &str, lang: &str) -> String {
    format!("{stem}:{entry}:{field}@{lang}")
}

/// Every data text whose translation is behind its source, as [`behind_key`]s: what a reader is
/// told beside the text.
pub fn behind(site: &Site) -> HashSet<String> {
    let default = &site.config.default_language;
    let mut out = HashSet::new();
    for t in texts(site) {
        for lang in site.config.languages.iter().map(|l| &l.code).filter(|l| *l != default) {
            if matches!(t.state(site, lang), State::Stale { .. }) {
                out.insert(behind_key(t.stem(), &t.entry, t.field, lang));
            }
        }
    }
    out
}

/// Every translatable text of the site's own data files (the built-in reference data is not the
/// site's to translate), in file order. Official texts (an objective's `title`, a principle's
/// `name`) are not among them: they are quoted from their source, never translated; their
/// `working_…` texts are.
pub fn texts(site: &Site) -> Vec<DataText<'_>> {
    let d = &site.data;
    let mut out = Vec::new();
    let own = |name: &str| {
        ["yaml", "yml"]
            .into_iter()
            .map(|ext| format!("content/{name}.{ext}"))
            .find(|f| site.data.sources.contains_key(f))
    };
    /// `official`: for a working translation, the official text it stands in for.
    fn push<'s>(
        out: &mut Vec<DataText<'s>>,
        file: &Option<String>,
        (entry, field, item): (String, &'static str, usize),
        text: Option<&'s Text>,
        official: Option<&'s Text>,
    ) {
        if let (Some(file), Some(text)) = (file, text) {
            out.push(DataText { file: file.clone(), entry, field, item, text, official });
        }
    }
    let file = own("objectives");
    if file.is_some() {
        for (i, o) in d.objectives.iter().enumerate() {
            // `title` holds official texts only (with their source), not a translator's work.
            push(&mut out, &file, (o.number.to_string(), "working_title", i), o.working_title.as_ref(), Some(&o.title));
            push(&mut out, &file, (o.number.to_string(), "short", i), o.short.as_ref(), None);
        }
    }
    let file = own("principles");
    if file.is_some() {
        for (i, p) in d.principles.iter().enumerate() {
            // `name` holds official texts only, like an objective's `title`.
            push(&mut out, &file, (p.key.clone(), "working_name", i), p.working_name.as_ref(), Some(&p.name));
        }
    }
    let file = own("round_tables");
    if file.is_some() {
        for (i, r) in d.round_tables.iter().enumerate() {
            push(&mut out, &file, (r.number.to_string(), "summary", i), r.summary.as_ref(), None);
        }
    }
    let file = own("champions");
    for (i, c) in d.champions.iter().flatten().enumerate() {
        push(&mut out, &file, (c.iso.clone(), "name", i), Some(&c.name), None);
        push(&mut out, &file, (c.iso.clone(), "note", i), c.note.as_ref(), None);
    }
    let file = own("resources");
    for (i, r) in d.resources.iter().flatten().enumerate() {
        push(&mut out, &file, ((i + 1).to_string(), "title", i), Some(&r.title), None);
        push(&mut out, &file, ((i + 1).to_string(), "summary", i), r.summary.as_ref(), None);
    }
    out
}

/// What a data file tells its translators about the text whose field is at `line` (1-based),
/// as PO comments: the comment lines right above the field, and the paragraph of the file's
/// opening comment that starts with `Translators:`.
pub fn notes(text: &str, line: usize) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let comment = |l: &str| l.trim_start().strip_prefix('#').map(|c| c.trim().to_string());
    let mut out = Vec::new();
    let header: Vec<String> = lines.iter().map_while(|l| comment(l)).collect();
    if let Some(start) = header.iter().position(|l| l.starts_with("Translators:")) {
        out.push(header[start..].join(" "));
    }
    let before = &lines[..line.saturating_sub(1).min(lines.len())];
    let above: Vec<String> = before.iter().rev().map_while(|l| comment(l)).collect();
    // Right above the first entry, the opening comment is already said.
    if !above.is_empty() && above.len() < before.len() {
        out.push(above.into_iter().rev().collect::<Vec<_>>().join(" "));
    }
    out
}

/// The files that record `marked` (data texts, by index in `texts`, each with a language) as
/// translated from their source as it is now: `content/translations.yaml`, and the store of old
/// source texts of each data file (every text a record still names, so that a later change of
/// the source shows what the translation was made from). Each is `(path, text)`; a store with
/// nothing left to keep is `(path, None)`, to remove.
pub fn record(site: &Site, texts: &[DataText<'_>], marked: &[(usize, String)]) -> Vec<(String, Option<String>)> {
    let default = &site.config.default_language;
    let mut records = site.data.translated_from.clone();
    let mut files: Vec<&str> = Vec::new();
    for (n, lang) in marked {
        let t = &texts[*n];
        records.set(t.stem(), &t.record_name(), lang, t.source_hash(default));
        if !files.contains(&t.file_name()) {
            files.push(t.file_name());
        }
    }
    let mut out = vec![(format!("content/{}.yaml", crate::content::data::TRANSLATIONS), Some(records.to_yaml()))];
    for file in files {
        let of_file: Vec<&DataText<'_>> = texts.iter().filter(|t| t.file_name() == file).collect();
        let Some(stem) = of_file.first().map(|t| t.stem()) else { continue };
        let referenced: HashSet<&String> =
            records.files.get(stem).into_iter().flat_map(|m| m.values().flat_map(|l| l.values())).collect();
        let mut known = super::old_texts::stored_texts(&site.root, file);
        for t in &of_file {
            known.insert(t.source_hash(default), normalize(&t.source(default)));
        }
        let kept: Vec<(String, String)> = known.into_iter().filter(|(h, _)| referenced.contains(h)).collect();
        out.push((super::old_texts::store_file(file), super::old_texts::store_text(file, &kept)));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn translators_read_the_comments_above_a_field_and_the_files_note_to_them() {
        let text = "# Champions.\n# Translators: names as the UN writes them;\n# no abbreviations.\n- name: A\n  # Short notes.\n  note: B\n";
        assert_eq!(notes(text, 6), ["Translators: names as the UN writes them; no abbreviations.", "Short notes."]);
        assert_eq!(notes(text, 4), ["Translators: names as the UN writes them; no abbreviations."]);
        assert!(notes("- name: A\n", 1).is_empty());
    }
}
