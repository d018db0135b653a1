//! Splitting a Markdown file into its YAML front matter and body, and reading typed fields out of
//! the front matter with errors that point at the line of the offending key.

use crate::diagnostics::Diagnostics;
use crate::time::{Date, Time};
use serde_yaml::{Mapping, Value};
use std::collections::BTreeSet;

/// A file split at its `---` fences.
pub struct Split<'a> {
    pub yaml: &'a str,
    /// 1-based line of the first YAML line in the file.
    pub yaml_line: usize,
    pub body: &'a str,
    /// 1-based line of the first body line in the file.
    pub body_line: usize,
}

/// Splits `text`; the error carries the line it is about.
pub fn split(text: &str) -> Result<Split<'_>, (usize, String)> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err((1, "the file is empty (a page needs front matter with at least a `title`)".into()));
    }
    let first_end = text.find('\n').unwrap_or(text.len());
    if text[..first_end].trim_end() != "---" {
        return Err((1, "the file must start with a `---` line opening the front matter".into()));
    }
    let yaml_start = (first_end + 1).min(text.len());
    let mut pos = yaml_start;
    let mut line = 2;
    while pos < text.len() {
        let end = text[pos..].find('\n').map_or(text.len(), |i| pos + i);
        if text[pos..end].trim_end() == "---" {
            let body_start = (end + 1).min(text.len());
            return Ok(Split {
                yaml: &text[yaml_start..pos],
                yaml_line: 2,
                body: &text[body_start..],
                body_line: line + 1,
            });
        }
        pos = end + 1;
        line += 1;
    }
    Err((1, "the front matter opened here has no closing `---` line".into()))
}

/// Parses the front matter into a mapping, reporting YAML syntax errors at their line and column.
pub fn parse_mapping(split: &Split<'_>, path: &str, diags: &mut Diagnostics) -> Option<Mapping> {
    match serde_yaml::from_str::<Value>(split.yaml) {
        Ok(Value::Mapping(m)) => Some(m),
        Ok(Value::Null) => Some(Mapping::new()),
        Ok(_) => {
            diags.error(path, Some(split.yaml_line), "the front matter must be a YAML mapping of `key: value` lines");
            None
        }
        Err(e) => {
            diags.yaml(path, &e, split.yaml, split.yaml_line);
            None
        }
    }
}

/// Reads typed fields out of one front matter, remembering which keys were used so that unknown
/// keys (usually typos) can be reported.
pub struct Fields<'a> {
    map: &'a Mapping,
    yaml: &'a str,
    yaml_line: usize,
    path: &'a str,
    used: BTreeSet<String>,
    pub diags: Diagnostics,
}

impl<'a> Fields<'a> {
    pub fn new(map: &'a Mapping, yaml: &'a str, yaml_line: usize, path: &'a str) -> Self {
        Fields { map, yaml, yaml_line, path, used: BTreeSet::new(), diags: Diagnostics::default() }
    }

    /// Whether the front matter sets `key` at all.
    pub fn has(&self, key: &str) -> bool {
        self.map.contains_key(key)
    }

    /// Marks a key as read by an earlier pass.
    pub fn mark_used(&mut self, key: &str) {
        self.used.insert(key.to_string());
    }

    /// The problems found so far, without checking for unknown keys.
    pub fn into_diagnostics(self) -> Diagnostics {
        self.diags
    }

    /// The file line of a top-level key.
    pub fn line_of(&self, key: &str) -> usize {
        crate::position::key_line(self.yaml, key, self.yaml_line).unwrap_or(self.yaml_line)
    }

    pub fn error(&mut self, key: &str, message: impl Into<String>) {
        let line = self.line_of(key);
        self.diags.error(self.path, Some(line), message);
    }

    fn get(&mut self, key: &str) -> Option<&'a Value> {
        self.used.insert(key.to_string());
        match self.map.get(key) {
            None | Some(Value::Null) => None,
            Some(v) => Some(v),
        }
    }

    fn missing(&mut self, key: &str, what: &str) {
        let line = self.yaml_line;
        self.diags.error(self.path, Some(line), format!("missing required field `{key}` ({what})"));
    }

    pub fn string(&mut self, key: &str, required: bool) -> Option<String> {
        match self.get(key) {
            Some(Value::String(s)) => Some(s.clone()),
            Some(Value::Number(n)) => Some(n.to_string()),
            Some(_) => {
                self.error(key, format!("`{key}` must be text"));
                None
            }
            None => {
                if required {
                    self.missing(key, "text");
                }
                None
            }
        }
    }

    pub fn bool(&mut self, key: &str) -> bool {
        match self.get(key) {
            Some(Value::Bool(b)) => *b,
            Some(_) => {
                self.error(key, format!("`{key}` must be true or false"));
                false
            }
            None => false,
        }
    }

    pub fn int(&mut self, key: &str, range: std::ops::RangeInclusive<i64>) -> Option<i64> {
        match self.get(key) {
            Some(Value::Number(n)) if n.as_i64().is_some_and(|v| range.contains(&v)) => n.as_i64(),
            Some(v) => {
                let shown = display_value(v);
                let message = if *range.start() == i64::MIN && *range.end() == i64::MAX {
                    format!("`{key}` must be a whole number, not {shown}")
                } else {
                    format!("`{key}` must be a whole number from {} to {}, not {shown}", range.start(), range.end())
                };
                self.error(key, message);
                None
            }
            None => None,
        }
    }

    pub fn date(&mut self, key: &str, required: bool) -> Option<Date> {
        let s = match self.get(key) {
            Some(Value::String(s)) => s.clone(),
            Some(v) => display_value(v),
            None => {
                if required {
                    self.missing(key, "a date, YYYY-MM-DD");
                }
                return None;
            }
        };
        Date::parse(&s).map_err(|e| self.error(key, format!("`{key}`: {e}"))).ok()
    }

    pub fn time(&mut self, key: &str, required: bool) -> Option<Time> {
        let s = match self.get(key) {
            Some(Value::String(s)) => s.clone(),
            // YAML 1.1 reads 10:30 as a sexagesimal number; serde_yaml does not, but be explicit.
            Some(v) => display_value(v),
            None => {
                if required {
                    self.missing(key, "a time, HH:MM");
                }
                return None;
            }
        };
        Time::parse(&s).map_err(|e| self.error(key, format!("`{key}`: {e}"))).ok()
    }

    pub fn string_list(&mut self, key: &str) -> Vec<String> {
        match self.get(key) {
            Some(Value::Sequence(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) => out.push(s.clone()),
                        Value::Number(n) => out.push(n.to_string()),
                        other => {
                            let shown = display_value(other);
                            self.error(key, format!("`{key}` must be a list of text items, found {shown}"));
                        }
                    }
                }
                out
            }
            Some(Value::String(s)) => vec![s.clone()],
            Some(_) => {
                self.error(key, format!("`{key}` must be a list"));
                Vec::new()
            }
            None => Vec::new(),
        }
    }

    /// A list of whole numbers within `range` (objective numbers, for instance).
    pub fn number_list(&mut self, key: &str, range: std::ops::RangeInclusive<i64>, what: &str) -> Vec<u8> {
        let items: Vec<Value> = match self.get(key) {
            Some(Value::Sequence(items)) => items.clone(),
            Some(v @ Value::Number(_)) => vec![v.clone()],
            Some(_) => {
                self.error(key, format!("`{key}` must be a list of {what} numbers"));
                return Vec::new();
            }
            None => return Vec::new(),
        };
        let mut out = Vec::new();
        for item in &items {
            match item.as_i64() {
                Some(n) if range.contains(&n) => out.push(n as u8),
                _ => {
                    let shown = display_value(item);
                    self.error(key, format!("{shown} is not a {what} number ({}-{})", range.start(), range.end()));
                }
            }
        }
        out.sort_unstable();
        out.dedup();
        out
    }

    /// `source_segments`: what a translation recorded of its source's segments.
    pub fn records(&mut self) -> Option<crate::content::records::Records> {
        let key = crate::content::records::KEY;
        let value = self.get(key)?;
        crate::content::records::Records::parse(value).map_err(|e| self.error(key, e)).ok()
    }

    /// `extra`: free-form data handed to templates as is.
    pub fn extra(&mut self) -> serde_json::Value {
        match self.get("extra") {
            Some(v) => serde_json::to_value(v).unwrap_or(serde_json::Value::Null),
            None => serde_json::Value::Null,
        }
    }

    /// Reports every key that no reader asked for.
    pub fn finish(mut self) -> Diagnostics {
        let unknown: Vec<String> = self
            .map
            .keys()
            .map(|k| k.as_str().map_or_else(|| display_value(k), str::to_string))
            .filter(|k| !self.used.contains(k))
            .collect();
        for key in unknown {
            let line = self.line_of(&key);
            self.diags.error(
                self.path,
                Some(line),
                format!("unknown field `{key}` (free-form fields go under `extra:`)"),
            );
        }
        self.diags
    }
}

pub fn display_value(v: &Value) -> String {
    match v {
        Value::String(s) => format!("`{s}`"),
        Value::Number(n) => format!("`{n}`"),
        Value::Bool(b) => format!("`{b}`"),
        Value::Null => "nothing".into(),
        Value::Sequence(_) => "a list".into(),
        Value::Mapping(_) => "a mapping".into(),
        Value::Tagged(_) => "a tagged value".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_front_matter_and_counts_lines() {
        let s = split("---\ntitle: A\n---\nBody\n").unwrap();
        assert_eq!(s.yaml, "title: A\n");
        assert_eq!(s.body, "Body\n");
        assert_eq!(s.body_line, 4);
    }

    #[test]
    fn unclosed_front_matter_is_reported() {
        let e = split("---\ntitle: A\nBody\n").err().unwrap();
        assert_eq!(e.0, 1);
        assert!(e.1.contains("no closing"));
    }

    #[test]
    fn yaml_errors_point_at_the_file_line() {
        let text = "---\ntitle: A\ndate: [\n---\n";
        let s = split(text).unwrap();
        let mut d = Diagnostics::default();
        assert!(parse_mapping(&s, "content/x.md", &mut d).is_none());
        let all = d.into_sorted();
        assert_eq!(all.len(), 1);
        assert!(all[0].line.unwrap() >= 3, "{:?}", all[0]);
    }

    #[test]
    fn unknown_and_bad_fields_name_their_line() {
        let text = "---\ntitle: A\ntitel: B\nobjectives: [3, 24]\n---\n";
        let s = split(text).unwrap();
        let mut d = Diagnostics::default();
        let m = parse_mapping(&s, "content/x.md", &mut d).unwrap();
        let mut f = Fields::new(&m, s.yaml, s.yaml_line, "content/x.md");
        f.string("title", true);
        assert_eq!(f.number_list("objectives", 1..=23, "GCM objective"), vec![3]);
        let all: Vec<String> = f.finish().into_sorted().iter().map(|d| d.to_string()).collect();
        assert_eq!(
            all,
            [
                "content/x.md:3: error: unknown field `titel` (free-form fields go under `extra:`)",
                "content/x.md:4: error: `24` is not a GCM objective number (1-23)",
            ]
        );
    }
}
