//! YAML data files under `content/`: the GCM reference data (objectives, guiding principles, round
//! tables), champion countries and resource links. Translatable fields are [`Text`]s.

use super::frontmatter::report_yaml_error;
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
}

impl Text {
    pub fn get(&self, lang: &str, default: &str) -> Localized {
        match self {
            Text::Plain(s) => Localized { text: s.clone(), lang: default.to_string(), fallback: lang != default },
            Text::PerLanguage(map) => {
                if let Some(s) = map.get(lang) {
                    return Localized { text: s.clone(), lang: lang.to_string(), fallback: false };
                }
                let (code, s) = map
                    .get_key_value(default)
                    .or_else(|| map.iter().next())
                    .map(|(k, v)| (k.clone(), v.clone()))
                    .unwrap_or_default();
                Localized { text: s, lang: code, fallback: true }
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
    pub title: Text,
    #[serde(default)]
    pub short: Option<Text>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Principle {
    pub key: String,
    pub letter: String,
    pub name: Text,
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

/// Kinds of resource link, each with a UI label `resource_kind_<kind>` in the theme's strings.
pub const RESOURCE_KINDS: &[&str] =
    &["resolution", "report", "faq", "fund", "regional-review", "template", "website", "guidance", "contact"];
/// Regions, each with a UI label `region_<region>`.
pub const REGIONS: &[&str] = &[
    "global",
    "africa",
    "americas",
    "arab-states",
    "asia-pacific",
    "europe-central-asia",
    "europe-north-america",
    "latin-america-caribbean",
];

/// The reference data that ships inside the binary, so that a site without its own copy still
/// knows the 23 objectives, the principles and the round tables. These are the shipped site's files.
const DEFAULT_OBJECTIVES: &str = include_str!("../../content/objectives.yaml");
const DEFAULT_PRINCIPLES: &str = include_str!("../../content/principles.yaml");
const DEFAULT_ROUND_TABLES: &str = include_str!("../../content/round_tables.yaml");

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
}

impl Data {
    pub fn round_table_of(&self, objective: u8) -> Option<&RoundTable> {
        self.round_tables.iter().find(|rt| rt.objectives.contains(&objective))
    }

    pub fn principle(&self, key: &str) -> Option<&Principle> {
        self.principles.iter().find(|p| p.key == key)
    }
}

/// Loads every `content/*.yaml`; problems go to `diags`.
pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Data {
    let mut files = read_files(root, diags);
    let mut take = |name: &str| files.remove(name).map(|text| (format!("content/{name}.yaml"), text));
    // The built-in copies are trusted; a site's own copies are checked like any data file.
    let objectives = match take("objectives") {
        Some((path, text)) => {
            let list: Vec<Objective> = parse_list(&path, &text, diags);
            let mut c = Checker { path: &path, text: &text, config, diags };
            for (i, o) in list.iter().enumerate() {
                c.languages(&o.title, i);
                if !(1..=23).contains(&o.number) || list[..i].iter().any(|p| p.number == o.number) {
                    c.error(
                        i,
                        "number:",
                        format!("objective number {} is out of range (1-23) or listed twice", o.number),
                    );
                }
            }
            list
        }
        None => parse_list("(built-in) objectives.yaml", DEFAULT_OBJECTIVES, diags),
    };
    let principles = match take("principles") {
        Some((path, text)) => {
            let list: Vec<Principle> = parse_list(&path, &text, diags);
            let mut c = Checker { path: &path, text: &text, config, diags };
            for (i, p) in list.iter().enumerate() {
                c.languages(&p.name, i);
            }
            list
        }
        None => parse_list("(built-in) principles.yaml", DEFAULT_PRINCIPLES, diags),
    };
    let round_tables = match take("round_tables") {
        Some((path, text)) => {
            let list: Vec<RoundTable> = parse_list(&path, &text, diags);
            let mut c = Checker { path: &path, text: &text, config, diags };
            for (i, rt) in list.iter().enumerate() {
                c.optional_languages(rt.summary.as_ref(), i);
                c.objectives(&rt.objectives, i);
            }
            list
        }
        None => parse_list("(built-in) round_tables.yaml", DEFAULT_ROUND_TABLES, diags),
    };
    let champions = take("champions").map(|(path, text)| {
        let list: Vec<Champion> = parse_list(&path, &text, diags);
        check_champions(&list, &mut Checker { path: &path, text: &text, config, diags });
        list
    });
    let resources = take("resources").map(|(path, text)| {
        let list: Vec<Resource> = parse_list(&path, &text, diags);
        check_resources(&list, &principles, &mut Checker { path: &path, text: &text, config, diags });
        list
    });
    let mut other = BTreeMap::new();
    for (name, text) in files {
        match serde_yaml::from_str::<serde_yaml::Value>(&text) {
            Ok(v) => {
                other.insert(name, serde_json::to_value(v).unwrap_or(serde_json::Value::Null));
            }
            Err(e) => report_yaml_error(&e, 1, &format!("content/{name}.yaml"), diags),
        }
    }
    Data { objectives, principles, round_tables, champions, resources, other }
}

/// The text of every `content/*.yaml`, by name.
fn read_files(root: &Path, diags: &mut Diagnostics) -> BTreeMap<String, String> {
    let mut files = BTreeMap::new();
    let Ok(entries) = std::fs::read_dir(root.join("content")) else { return files };
    for entry in entries.flatten() {
        let path = entry.path();
        let is_yaml = matches!(path.extension().and_then(|e| e.to_str()), Some("yaml" | "yml"));
        if !is_yaml || !path.is_file() {
            continue;
        }
        let name = path.file_stem().and_then(|s| s.to_str()).unwrap_or_default().to_string();
        let rel = format!("content/{}", path.file_name().and_then(|s| s.to_str()).unwrap_or_default());
        match std::fs::read(&path).map(String::from_utf8) {
            Ok(Ok(text)) => {
                files.insert(name, text);
            }
            Ok(Err(e)) => {
                let line = e.as_bytes()[..e.utf8_error().valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
                diags.error(&rel, Some(line), "the file is not valid UTF-8");
            }
            Err(e) => diags.error(&rel, None, format!("cannot read the file: {e}")),
        }
    }
    files
}

/// Reports problems of the entries of one data file at the line of the field concerned.
struct Checker<'a> {
    path: &'a str,
    text: &'a str,
    config: &'a Config,
    diags: &'a mut Diagnostics,
}

impl Checker<'_> {
    fn error(&mut self, item: usize, field: &str, message: String) {
        let line = field_line(self.text, item, field);
        self.diags.error(self.path, Some(line), message);
    }

    fn languages(&mut self, text: &Text, item: usize) {
        for code in text.languages() {
            if !self.config.has_language(code) {
                self.error(
                    item,
                    &format!("{code}:"),
                    format!("unknown language code `{code}` (not declared in site.toml)"),
                );
            }
        }
    }

    fn optional_languages(&mut self, text: Option<&Text>, item: usize) {
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
        if !REGIONS.contains(&region) {
            self.error(item, "region:", format!("unknown region `{region}` (one of: {})", REGIONS.join(", ")));
        }
    }
}

fn check_champions(list: &[Champion], c: &mut Checker<'_>) {
    let mut seen = BTreeMap::new();
    for (i, champion) in list.iter().enumerate() {
        c.languages(&champion.name, i);
        c.optional_languages(champion.note.as_ref(), i);
        let iso = &champion.iso;
        if iso.len() != 2 || !iso.bytes().all(|b| b.is_ascii_uppercase()) {
            c.error(i, "iso:", format!("`{iso}` is not an ISO 3166-1 alpha-2 code (two capital letters)"));
        } else if seen.insert(iso.clone(), i).is_some() {
            c.error(i, "iso:", format!("country `{iso}` is listed twice"));
        }
        c.region(&champion.region, i);
    }
}

fn check_resources(list: &[Resource], principles: &[Principle], c: &mut Checker<'_>) {
    for (i, r) in list.iter().enumerate() {
        c.languages(&r.title, i);
        c.optional_languages(r.summary.as_ref(), i);
        if let Err(e) = check_url(&r.url) {
            c.error(i, "url:", e);
        }
        if !RESOURCE_KINDS.contains(&r.kind.as_str()) {
            c.error(i, "kind:", format!("unknown resource kind `{}` (one of: {})", r.kind, RESOURCE_KINDS.join(", ")));
        }
        if let Some(region) = &r.region {
            c.region(region, i);
        }
        c.objectives(&r.objectives, i);
        for p in r.principles.iter().filter(|p| !principles.iter().any(|known| &known.key == *p)) {
            c.error(i, "principles:", format!("unknown guiding principle `{p}`"));
        }
    }
}

/// Checks that a link is one a reader can safely follow: http(s) or mailto.
pub fn check_url(url: &str) -> Result<(), String> {
    let lower = url.trim().to_ascii_lowercase();
    let ok = (lower.starts_with("https://") || lower.starts_with("http://"))
        && url.len() > 8
        && !url.contains(char::is_whitespace)
        || lower.starts_with("mailto:") && url.contains('@');
    if ok {
        Ok(())
    } else if url.contains(char::is_whitespace) && (lower.starts_with("http") || lower.starts_with("mailto:")) {
        Err(format!("`{url}` contains white space (write a space as %20)"))
    } else {
        Err(format!("`{url}` is not an http(s) or mailto link"))
    }
}

fn parse_list<T: for<'de> Deserialize<'de>>(path: &str, text: &str, diags: &mut Diagnostics) -> Vec<T> {
    match serde_yaml::from_str::<Option<Vec<T>>>(text) {
        Ok(list) => list.unwrap_or_default(),
        Err(e) => {
            report_yaml_error(&e, 1, path, diags);
            Vec::new()
        }
    }
}

/// The line of `needle` within the `item`-th top-level list item (`- ` at column 0), or the
/// item's first line; 1-based.
pub fn field_line(text: &str, item: usize, needle: &str) -> usize {
    let lines: Vec<&str> = text.lines().collect();
    let starts: Vec<usize> = lines.iter().enumerate().filter(|(_, l)| l.starts_with("- ")).map(|(i, _)| i).collect();
    let Some(&start) = starts.get(item) else { return 1 };
    let end = starts.get(item + 1).copied().unwrap_or(lines.len());
    let found = (start..end).find(|&i| {
        let t = lines[i].trim_start().trim_start_matches("- ");
        t.starts_with(needle)
    });
    found.unwrap_or(start) + 1
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

    #[test]
    fn urls() {
        assert!(check_url("https://un.org/x").is_ok());
        assert!(check_url("mailto:a@b.org").is_ok());
        assert!(check_url("javascript:alert(1)").is_err());
        assert!(check_url("ftp://x").is_err());
    }

    #[test]
    fn field_lines() {
        let text = "# c\n- a: 1\n  b: 2\n- a: 3\n  b: 4\n";
        assert_eq!(field_line(text, 1, "b:"), 5);
        assert_eq!(field_line(text, 0, "a:"), 2);
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
