//! YAML data files under `content/`: the GCM reference data (objectives, guiding principles, round
//! tables), champion countries and resource links. Translatable fields are [`Text`]s.

use super::kinds::{Region, ResourceKind};
use crate::config::Config;
use crate::diagnostics::Diagnostics;
use serde::de::{self, Deserializer, MapAccess, Visitor};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;
use std::path::Path;

/// Text that may be translated: plain text in the default language, or a map of language code to
/// text. A language with no entry falls back to the default language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Text {
    Plain(String),
    PerLanguage(BTreeMap<String, String>),
}

/// The text shown to a reader of one language, and the language it is really in.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Localized {
    pub text: String,
    pub lang: String,
    pub fallback: bool,
    /// Set when `text` is a working translation (no official text exists in the reader's
    /// language): how to say so, and the official text shown beside it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub working: Option<Working>,
    /// Set when `text` is a translation behind its source (the default-language text changed
    /// since it was made): how to tell the reader, in their language.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub behind: Option<String>,
}

/// What the reader of a working translation is told: that it is one (in their language), and the
/// official text (in the default language) beside it.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Working {
    pub label: String,
    pub official: String,
    pub official_lang: String,
}

/// An official text and, apart from it, working translations for the languages that have no
/// official one (`title` and `working_title` of an objective). One rule for which shows: the
/// official text in the reader's language, else the working translation (marked as one, with the
/// official text beside it), else the official text in the default language (marked by its
/// `lang`). `label` is the reader's words for "working translation".
pub fn official_or_working(
    official: &Text,
    working: Option<&Text>,
    lang: &str,
    default: &str,
    label: &str,
) -> Localized {
    let shown = official.get(lang, default);
    if !shown.fallback {
        return shown;
    }
    match working.and_then(|w| w.translation(lang)) {
        Some(text) => Localized {
            text: text.to_string(),
            lang: lang.to_string(),
            fallback: false,
            working: Some(Working { label: label.to_string(), official: shown.text, official_lang: shown.lang }),
            behind: None,
        },
        None => shown,
    }
}

impl Text {
    pub fn get(&self, lang: &str, default: &str) -> Localized {
        match self {
            Text::Plain(s) => Localized {
                text: s.clone(),
                lang: default.to_string(),
                fallback: lang != default,
                working: None,
                behind: None,
            },
            Text::PerLanguage(map) => {
                if let Some(s) = map.get(lang) {
                    return Localized {
                        text: s.clone(),
                        lang: lang.to_string(),
                        fallback: false,
                        working: None,
                        behind: None,
                    };
                }
                let (code, s) = map
                    .get_key_value(default)
                    .or_else(|| map.iter().next())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .unwrap_or_default();
                Localized { text: s, lang: code, fallback: true, working: None, behind: None }
            }
        }
    }

    /// The text in `lang` exactly, when it has one (no fallback).
    pub fn translation(&self, lang: &str) -> Option<&str> {
        match self {
            Text::Plain(_) => None,
            Text::PerLanguage(map) => map.get(lang).map(String::as_str),
        }
    }

    /// Drops the translations in languages the site does not declare, returning their codes.
    fn keep_languages(&mut self, keep: impl Fn(&str) -> bool) -> Vec<String> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::PerLanguage(map) => {
                let dropped: Vec<String> = map.keys().filter(|c| !keep(c)).cloned().collect();
                for code in &dropped {
                    map.remove(code);
                }
                dropped
            }
        }
    }

    fn languages(&self) -> Vec<&str> {
        match self {
            Text::Plain(_) => Vec::new(),
            Text::PerLanguage(map) => map.keys().map(String::as_str).collect(),
        }
    }
}

impl<'de> Deserialize<'de> for Text {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct TextVisitor;
        impl<'de> Visitor<'de> for TextVisitor {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("text, or a map of language code to text")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::Plain(v.to_string()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Text, A::Error> {
                let mut out = BTreeMap::new();
                while let Some((k, v)) = map.next_entry::<String, String>()? {
                    out.insert(k, v);
                }
                if out.is_empty() {
                    return Err(de::Error::custom("a translated text needs at least one language"));
                }
                Ok(Text::PerLanguage(out))
            }
        }
        d.deserialize_any(TextVisitor)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Objective {
    pub number: u8,
    /// Official titles only.
    pub title: Text,
    /// Working translations, for languages without an official title.
    #[serde(default)]
    pub working_title: Option<Text>,
    #[serde(default)]
    pub short: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub key: String,
    pub letter: String,
    /// Official names only.
    pub name: Text,
    /// Working translations, for languages without an official name.
    #[serde(default)]
    pub working_name: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RoundTable {
    pub number: u8,
    pub objectives: Vec<u8>,
    #[serde(default)]
    pub background_note_by: Vec<String>,
    #[serde(default)]
    pub summary: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Champion {
    pub name: Text,
    pub iso: String,
    pub region: String,
    #[serde(default)]
    pub note: Option<Text>,
}

impl Champion {
    /// Its region (checked when the file is loaded).
    pub fn region(&self) -> Region {
        Region::parse(&self.region).unwrap_or(Region::Global)
    }
}

impl Resource {
    /// Its kind (checked when the file is loaded).
    pub fn kind(&self) -> ResourceKind {
        ResourceKind::parse(&self.kind).unwrap_or(ResourceKind::Website)
    }

    pub fn region(&self) -> Option<Region> {
        self.region.as_deref().and_then(Region::parse)
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Resource {
    pub title: Text,
    pub url: String,
    pub kind: String,
    #[serde(default)]
    pub region: Option<String>,
    #[serde(default)]
    pub objectives: Vec<u8>,
    #[serde(default)]
    pub principles: Vec<String>,
    #[serde(default)]
    pub summary: Option<Text>,
}

/// The reference data that ships inside the binary, so that a site without its own copy still
/// knows the 23 objectives, the principles and the round tables. These are the shipped site's files.
const DEFAULT_OBJECTIVES: &str = include_str!("../../content/objectives.yaml");
const DEFAULT_PRINCIPLES: &str = include_str!("../../content/principles.yaml");
const DEFAULT_ROUND_TABLES: &str = include_str!("../../content/round_tables.yaml");

/// What was left out because the site does not declare its language: translated pages and data
/// texts, counted per language for one summary note.
#[derive(Debug, Default)]
pub struct Ignored {
    per_language: BTreeMap<String, (usize, usize)>,
}

impl Ignored {
    pub fn page(&mut self, code: &str) {
        self.per_language.entry(code.to_string()).or_default().0 += 1;
    }

    fn text(&mut self, code: &str) {
        self.per_language.entry(code.to_string()).or_default().1 += 1;
    }

    /// One note for the whole site, when anything was ignored.
    pub fn report(&self, diags: &mut Diagnostics) {
        if self.per_language.is_empty() {
            return;
        }
        let list: Vec<String> = self
            .per_language
            .iter()
            .map(|(code, (pages, texts))| format!("`{code}` ({pages} page file(s), {texts} data text(s))"))
            .collect();
        diags.note(
            crate::config::CONFIG_FILE,
            None,
            format!("content in languages this site does not declare is ignored: {}", list.join(", ")),
        );
    }
}

/// All data files of a site.
#[derive(Debug, Default)]
pub struct Data {
    pub objectives: Vec<Objective>,
    pub principles: Vec<Principle>,
    pub round_tables: Vec<RoundTable>,
    /// `None` when the site has no `champions.yaml`.
    pub champions: Option<Vec<Champion>>,
    pub resources: Option<Vec<Resource>>,
    /// Any other `content/<name>.yaml`, handed to templates as `data.<name>`.
    pub other: BTreeMap<String, serde_json::Value>,
    /// What the translations of the data texts were made from (`content/translations.yaml`).
    pub translated_from: TranslationRecords,
    /// The site's recurring terms and how each language writes them (`content/glossary.yaml`).
    pub glossary: Vec<Term>,
    /// The text of each of the site's own data files, by path (`content/champions.yaml`): read
    /// once, for what needs their lines and comments (translators' notes, findings at a field).
    pub sources: BTreeMap<String, String>,
}

/// One entry of `content/glossary.yaml`: a recurring term, decided once per language.
///
/// ```yaml
/// - term: UN Network on Migration
///   note: The network of UN entities that supports the GCM; always its full name at first mention.
///   en: [UN Network on Migration, United Nations Network on Migration]
///   fr: [Réseau des Nations Unies sur les migrations]
/// ```
///
/// Each language lists the forms a text in it may use (several where words inflect: take a
/// part that does not). A translation of a text whose source holds one of the default
/// language's forms is expected to hold one of its own language's: `check` warns where it does
/// not, and the exports tell translators the term.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Term {
    pub term: String,
    #[serde(default)]
    pub note: Option<String>,
    /// Language → the forms a text in it may use.
    #[serde(flatten)]
    pub forms: BTreeMap<String, Vec<String>>,
    /// The line of the entry in its file.
    #[serde(skip)]
    pub line: usize,
}

impl Term {
    /// Whether the plain text `text` holds one of the term's forms in `lang` (`None`: the
    /// language has none). Case is ignored, but for a form in capitals only (an acronym such as
    /// `UNAOC`), which must be written as it is.
    pub fn in_text(&self, lang: &str, text: &str) -> Option<bool> {
        let forms = self.forms.get(lang).filter(|f| !f.is_empty())?;
        let lower = text.to_lowercase();
        Some(forms.iter().any(|f| {
            let acronym = f.chars().any(char::is_uppercase) && !f.chars().any(char::is_lowercase);
            if acronym {
                text.contains(f.as_str())
            } else {
                lower.contains(&f.to_lowercase())
            }
        }))
    }
}

/// The path of the glossary, relative to the site root.
pub const GLOSSARY_FILE: &str = "content/glossary.yaml";

/// The name of the data file of [`TranslationRecords`].
pub const TRANSLATIONS: &str = "translations";

/// `content/translations.yaml`: what each translation of a data text was made from, as the data
/// files' pages' translations record it in their front matter (`source_segments`). Per data file
/// (by name: `champions`) and text (`KE:note`, entry and field), the short hash of the
/// default-language text each language's translation was made from:
///
/// ```yaml
/// champions:
///   "KE:note": ar=1a2b3c4d es=5e6f7a8b fr=9c0d1e2f
/// ```
///
/// Written by `imrf i18n mark` and `import`, never by hand. A translation whose source text no
/// longer has the recorded hash is stale; one with no record is taken as up to date (a site that
/// never recorded its data translations).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct TranslationRecords {
    pub files: BTreeMap<String, BTreeMap<String, BTreeMap<String, String>>>,
}

impl TranslationRecords {
    /// The hash recorded for the translation into `lang` of `text` (`KE:note`) of `file`
    /// (`champions`).
    pub fn get(&self, file: &str, text: &str, lang: &str) -> Option<&str> {
        self.files.get(file)?.get(text)?.get(lang).map(String::as_str)
    }

    pub fn set(&mut self, file: &str, text: &str, lang: &str, hash: String) {
        self.files
            .entry(file.to_string())
            .or_default()
            .entry(text.to_string())
            .or_default()
            .insert(lang.to_string(), hash);
    }

    /// The records of a `translations.yaml`; problems go to `diags` at their line.
    fn parse(file: &DataFile, diags: &mut Diagnostics) -> TranslationRecords {
        let raw: BTreeMap<String, BTreeMap<String, String>> = match serde_yaml::from_str(&file.text) {
            Ok(Some(raw)) => raw,
            Ok(None) => BTreeMap::new(),
            Err(e) => {
                diags.yaml(&file.path, &e, &file.text, 1);
                return TranslationRecords::default();
            }
        };
        let mut records = TranslationRecords::default();
        for (data_file, texts) in raw {
            for (text, list) in texts {
                for token in list.split_whitespace() {
                    let parsed = token.split_once('=').filter(|(lang, hash)| {
                        !lang.is_empty() && hash.len() == 8 && hash.bytes().all(|b| b.is_ascii_hexdigit())
                    });
                    match parsed {
                        Some((lang, hash)) => records.set(&data_file, &text, lang, hash.to_string()),
                        None => {
                            let line = file.text.lines().position(|l| l.contains(&text)).map(|i| i + 1);
                            diags.error(
                                &file.path,
                                line,
                                format!(
                                    "`{token}` is not a record `LANG=HASH` (this file is written by `imrf i18n mark`)"
                                ),
                            );
                        }
                    }
                }
            }
        }
        records
    }

    /// The file's text: one line per text, languages in order.
    pub fn to_yaml(&self) -> String {
        let mut out = String::from(
            "# What each translation of a data text was made from: per data file and text (entry:field), the\n\
             # short hash of the default-language text, per language. Written by `imrf i18n mark` and\n\
             # `import`, not by hand: a translation whose source text no longer has its hash is stale.\n",
        );
        for (file, texts) in self.files.iter().filter(|(_, t)| !t.is_empty()) {
            out.push_str(&format!("{file}:\n"));
            for (text, langs) in texts.iter().filter(|(_, l)| !l.is_empty()) {
                let list: Vec<String> = langs.iter().map(|(l, h)| format!("{l}={h}")).collect();
                out.push_str(&format!("  \"{text}\": {}\n", list.join(" ")));
            }
        }
        out
    }
}

impl Data {
    pub fn round_table_of(&self, objective: u8) -> Option<&RoundTable> {
        self.round_tables.iter().find(|rt| rt.objectives.contains(&objective))
    }

    pub fn principle(&self, key: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.key == key)
    }
}

/// Loads every `content/*.yaml`; problems go to `diags`, translations in languages the site does
/// not declare to `ignored`.
pub fn load(root: &Path, config: &Config, ignored: &mut Ignored, diags: &mut Diagnostics) -> Data {
    let mut files = read_files(root, diags);
    let sources = files.values().map(|f| (f.path.clone(), f.text.clone())).collect();
    let mut take = |name: &str| files.remove(name);
    // The built-in copies are trusted; a site's own copies are checked like any data file.
    let objectives = match take("objectives") {
        Some(file) => {
            let mut list: Vec<Objective> = parse_list(&file.path, &file.text, diags);
            let mut c = Checker { file: &file, config, ignored, diags };
            for i in 0..list.len() {
                c.languages(&mut list[i].title, i);
                c.optional_languages(list[i].short.as_mut(), i);
                let n = list[i].number;
                if !(1..=23).contains(&n) || list[..i].iter().any(|p| p.number == n) {
                    c.error(i, "number:", format!("objective number {n} is out of range (1-23) or listed twice"));
                }
            }
            list
        }
        None => parse_list("(built-in) objectives.yaml", DEFAULT_OBJECTIVES, diags),
    };
    let principles = match take("principles") {
        Some(file) => {
            let mut list: Vec<Principle> = parse_list(&file.path, &file.text, diags);
            let mut c = Checker { file: &file, config, ignored, diags };
            for (i, p) in list.iter_mut().enumerate() {
                c.languages(&mut p.name, i);
            }
            list
        }
        None => parse_list("(built-in) principles.yaml", DEFAULT_PRINCIPLES, diags),
    };
    let round_tables = match take("round_tables") {
        Some(file) => {
            let mut list: Vec<RoundTable> = parse_list(&file.path, &file.text, diags);
            let mut c = Checker { file: &file, config, ignored, diags };
            for (i, rt) in list.iter_mut().enumerate() {
                c.optional_languages(rt.summary.as_mut(), i);
                c.objectives(&rt.objectives, i);
            }
            list
        }
        None => parse_list("(built-in) round_tables.yaml", DEFAULT_ROUND_TABLES, diags),
    };
    let champions = take("champions").map(|file| {
        let mut list: Vec<Champion> = parse_list(&file.path, &file.text, diags);
        check_champions(&mut list, &mut Checker { file: &file, config, ignored, diags });
        list
    });
    let resources = take("resources").map(|file| {
        let mut list: Vec<Resource> = parse_list(&file.path, &file.text, diags);
        let refused = check_resources(&mut list, &principles, &mut Checker { file: &file, config, ignored, diags });
        // An entry whose link is refused is reported once, and never rendered.
        let mut i = 0;
        list.retain(|_| {
            i += 1;
            !refused.contains(&(i - 1))
        });
        list
    });
    let translated_from = take(TRANSLATIONS).map(|f| TranslationRecords::parse(&f, diags)).unwrap_or_default();
    let glossary = take("glossary").map(|f| glossary(&f, config, diags)).unwrap_or_default();
    let mut other = BTreeMap::new();
    for (name, file) in files {
        // Read as YAML first, so that a key given twice is found (JSON's reading keeps the last).
        let value =
            serde_yaml::from_str::<serde_yaml::Value>(&file.text).and_then(serde_yaml::from_value::<serde_json::Value>);
        match value {
            Ok(v) => {
                other.insert(name, v);
            }
            Err(e) => diags.yaml(&file.path, &e, &file.text, 1),
        }
    }
    Data { objectives, principles, round_tables, champions, resources, other, translated_from, glossary, sources }
}

/// The terms of `glossary.yaml`, each with its line; a language the site does not declare, or a
/// term without forms in the default language, is an error at the term's line.
fn glossary(file: &DataFile, config: &Config, diags: &mut Diagnostics) -> Vec<Term> {
    let mut terms: Vec<Term> = parse_list(&file.path, &file.text, diags);
    for (i, t) in terms.iter_mut().enumerate() {
        t.line = crate::position::list_item_line(&file.text, i, "term:");
        for lang in t.forms.keys().filter(|l| !config.has_language(l)) {
            diags.error(&file.path, Some(t.line), format!("`{}`: `{lang}` is not a language of this site", t.term));
        }
        if t.forms.values().flatten().any(|f| f.trim().is_empty()) {
            diags.error(&file.path, Some(t.line), format!("`{}`: a form is empty", t.term));
        }
        if t.forms.get(config.default_language.as_str()).is_none_or(Vec::is_empty) {
            let default = &config.default_language;
            diags.error(
                &file.path,
                Some(t.line),
                format!("`{}` has no form in `{default}`, its source language", t.term),
            );
        }
    }
    terms
}

/// One data file: its path relative to the site root (with its real extension) and its text.
struct DataFile {
    path: String,
    text: String,
}

/// Every `content/*.yaml` and `content/*.yml`, by name (`objectives`). Two files of one name
/// (`extra.yaml` and `extra.yml`) are an error: neither is loaded.
fn read_files(root: &Path, diags: &mut Diagnostics) -> BTreeMap<String, DataFile> {
    let mut files: BTreeMap<String, DataFile> = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(root.join("content")) else { return files };
    let mut paths: Vec<std::path::PathBuf> = entries.flatten().map(|e| e.path()).collect();
    paths.sort();
    let mut clashes = Vec::new();
    for path in paths {
        let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if !is_yaml || !path.is_file() {
            continue;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let rel = format!("content/{}", path.file_name().and_then(|s| s.to_str()).unwrap_or_default());
        let text = match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => text,
            Ok(Err(e)) => {
                let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                diags.error(&rel, Some(line), "the file is not valid UTF-8");
                continue;
            }
            Err(e) => {
                diags.error(&rel, None, format!("cannot read the file: {e}"));
                continue;
            }
        };
        if let Some(first) = files.get(&name) {
            diags.error(
                &rel,
                None,
                format!("{} holds `data.{name}` too: keep one of the two files (neither is loaded)", first.path),
            );
            clashes.push(name);
            continue;
        }
        files.insert(name, DataFile { path: rel, text });
    }
    for name in clashes {
        files.remove(&name);
    }
    files
}

/// Reports problems of the entries of one data file at the line of the field concerned.
struct Checker<'a> {
    file: &'a DataFile,
    config: &'a Config,
    ignored: &'a mut Ignored,
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn error(&mut self, item: usize, field: &str, message: String) {
        let line = crate::position::list_item_line(&self.file.text, item, field);
        self.diags.error(&self.file.path, Some(line), message);
    }

    /// A code that is not a language code is an error; a language the site does not declare is
    /// dropped (and counted for the summary note).
    fn languages(&mut self, text: &mut Text, item: usize) {
        for code in text.languages().into_iter().map(str::to_string).collect::<Vec<_>>() {
            if !crate::config::is_language_code(&code) {
                self.error(
                    item,
                    &format!("{code}:"),
                    format!("`{code}` is not a language code (two or three lowercase letters, like `fr`)"),
                );
            }
        }
        let config = self.config;
        for code in text.keep_languages(|c| config.has_language(c) || !crate::config::is_language_code(c)) {
            self.ignored.text(&code);
        }
        if matches!(text, Text::PerLanguage(map) if map.is_empty()) {
            self.error(item, "", "this text has no translation in a language the site declares".to_string());
        }
    }

    fn optional_languages(&mut self, text: Option<&mut Text>, item: usize) {
        if let Some(t) = text {
            self.languages(t, item);
        }
    }

    fn objectives(&mut self, numbers: &[u8], item: usize) {
        for n in numbers.iter().filter(|n| !(1..=23).contains(*n)) {
            self.error(item, "objectives:", format!("`{n}` is not a GCM objective number (1-23)"));
        }
    }

    fn region(&mut self, region: &str, item: usize) {
        if Region::parse(region).is_none() {
            self.error(item, "region:", format!("unknown region `{region}` (one of: {})", Region::names()));
        }
    }
}

fn check_champions(list: &mut [Champion], c: &mut Checker<'_>) {
    let mut seen = BTreeMap::new();
    for (i, champion) in list.iter_mut().enumerate() {
        c.languages(&mut champion.name, i);
        c.optional_languages(champion.note.as_mut(), i);
        let iso = &champion.iso;
        if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
            c.error(i, "iso:", format!("`{iso}` {}", super::schema::ISO_RULE.message));
        } else if seen.insert(iso.clone(), i).is_some() {
            c.error(i, "iso:", format!("country `{iso}` is listed twice"));
        }
        c.region(&champion.region, i);
    }
}

/// Checks every resource; returns the indexes of those whose link is refused.
fn check_resources(list: &mut [Resource], principles: &[Principle], c: &mut Checker<'_>) -> Vec<usize> {
    let mut refused = Vec::new();
    for (i, r) in list.iter_mut().enumerate() {
        c.languages(&mut r.title, i);
        c.optional_languages(r.summary.as_mut(), i);
        if let Err(e) = crate::urls::check_absolute(&r.url) {
            c.error(i, "url:", e);
            refused.push(i);
        }
        if ResourceKind::parse(&r.kind).is_none() {
            c.error(i, "kind:", format!("unknown resource kind `{}` (one of: {})", r.kind, ResourceKind::names()));
        }
        if let Some(region) = &r.region {
            c.region(region, i);
        }
        c.objectives(&r.objectives, i);
        for p in r.principles.iter().filter(|p| !principles.iter().any(|known| &known.key == *p)) {
            c.error(i, "principles:", format!("unknown guiding principle `{p}`"));
        }
    }
    refused
}

fn parse_list<T: for<'de> Deserialize<'de>>(path: &str, text: &str, diags: &mut Diagnostics) -> Vec<T> {
    match serde_yaml::from_str::<Option<Vec<T>>>(text) {
        Ok(list) => list.unwrap_or_default(),
        Err(e) => {
            diags.yaml(path, &e, text, 1);
            Vec::new()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_falls_back_to_the_default_language() {
        let t: Text = serde_yaml::from_str("{en: Data, fr: Données}").unwrap();
        assert_eq!(t.get("fr", "en").text, "Données");
        let ar = t.get("ar", "en");
        assert_eq!((ar.text.as_str(), ar.lang.as_str(), ar.fallback), ("Data", "en", true));
        let plain: Text = serde_yaml::from_str("Data").unwrap();
        assert!(plain.get("ar", "en").fallback);
        assert!(!plain.get("en", "en").fallback);
    }

    /// The schema's tables of data items (which the browser CMS's forms are made from) are the
    /// loader's: the same field names, and a field is required exactly where the loader refuses
    /// an item without it.
    #[test]
    fn the_schema_of_data_items_is_the_loader_s() {
        fn agree<T: for<'de> Deserialize<'de>>(table: &[super::super::schema::Field], full: &str) {
            let parse = |text: &str| serde_yaml::from_str::<Vec<T>>(text).map(|_| ()).map_err(|e| e.to_string());
            assert_eq!(parse(full), Ok(()), "{full}");
            // serde names every field the loader takes when it meets one it does not.
            let unknown = parse(&full.replacen("- ", "- zzz: 1\n  ", 1)).unwrap_err();
            let mut named: Vec<&str> = unknown.split('`').skip(3).step_by(2).collect();
            named.sort_unstable();
            let mut declared: Vec<&str> = table.iter().map(|f| f.name).collect();
            declared.sort_unstable();
            assert_eq!(named, declared, "{unknown}");
            for f in table {
                let without: String = full
                    .replacen("- ", "  ", 1)
                    .lines()
                    .filter(|l| !l.trim_start().starts_with(&format!("{}:", f.name)))
                    .map(|l| format!("{l}\n"))
                    .collect();
                let without = without.replacen("  ", "- ", 1);
                assert_eq!(parse(&without).is_err(), f.required, "{}:\n{without}", f.name);
            }
        }
        use super::super::schema::{CHAMPION, RESOURCE, ROUND_TABLE};
        agree::<Champion>(CHAMPION, "- name: {en: Kenya}\n  iso: KE\n  region: africa\n  note: {en: A note.}\n");
        agree::<Resource>(
            RESOURCE,
            "- title: {en: A link}\n  url: https://example.org/\n  kind: report\n  region: africa\n  objectives: [1]\n  principles: [people-centred]\n  summary: {en: About it.}\n",
        );
        agree::<RoundTable>(
            ROUND_TABLE,
            "- number: 1\n  objectives: [2, 5]\n  background_note_by: [ILO]\n  summary: {en: Why people move.}\n",
        );
    }

    #[test]
    fn the_built_in_reference_data_is_complete() {
        let mut d = Diagnostics::default();
        let objectives: Vec<Objective> = parse_list("o", DEFAULT_OBJECTIVES, &mut d);
        let principles: Vec<Principle> = parse_list("p", DEFAULT_PRINCIPLES, &mut d);
        let round_tables: Vec<RoundTable> = parse_list("r", DEFAULT_ROUND_TABLES, &mut d);
        assert!(!d.has_errors());
        assert_eq!(objectives.len(), 23);
        assert_eq!(principles.len(), 10);
        let mut covered: Vec<u8> = round_tables.iter().flat_map(|r| r.objectives.clone()).collect();
        covered.sort_unstable();
        assert_eq!(covered, (1..=23).collect::<Vec<u8>>());
    }
}
