//! What a translation records of its source: `source_hash` (the hash of the whole source file it
//! was last reconciled with, as before segments existed: written only when nothing is left stale,
//! so that an unchanged source needs no further look) and `source_segments`, the short hash of
//! the source text each of its segments was translated from. Both are written at the top of the
//! translation's front matter by `imrf i18n new`, `mark` and `import`, never by hand:
//!
//! ```yaml
//! source_hash: 49682473450fe812
//! source_segments:
//!   title: "3f2a9c1e"
//!   chairs: "0b1c2d3e 4f5a6b7c"
//!   body: "a1b2c3d4 - 9e8f7a6b 01234567 …"
//! ```
//!
//! Each field lists one hash per segment, in order (`chairs` one per chair); `body` one per block
//! of *this* file (its paragraphs, headings, list items, table cells and block-quote paragraphs, in
//! order), so that the records stay attached to the translation's own blocks wherever they move.
//! `-` is a segment not translated yet. Hashes are quoted: `12345678` would read as a number.

use serde_yaml::Value;
use std::collections::BTreeMap;

/// The front matter key of the records.
pub const KEY: &str = "source_segments";

/// The `body` entry of the records.
const BODY: &str = "body";

/// The order the records list fields in: the model's translated fields
/// ([`super::schema::translated`]).
fn field_order() -> Vec<&'static str> {
    super::schema::translated()
}

/// A translation's records: per field and for the body, one optional hash per segment.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Records {
    pub fields: BTreeMap<String, Vec<Option<String>>>,
    pub body: Vec<Option<String>>,
}

impl Records {
    /// Reads `source_segments` as written in front matter.
    pub fn parse(value: &Value) -> Result<Records, String> {
        let Value::Mapping(map) = value else {
            return Err(format!("`{KEY}` must be a mapping of field to hashes (written by `imrf i18n mark`)"));
        };
        let mut records = Records::default();
        for (k, v) in map {
            let (Some(name), Some(list)) = (k.as_str(), v.as_str()) else {
                return Err(format!("`{KEY}` holds quoted hashes only (written by `imrf i18n mark`)"));
            };
            let mut hashes = Vec::new();
            for token in list.split_whitespace() {
                let valid = token.len() == 8 && token.bytes().all(|b| b.is_ascii_hexdigit());
                match token {
                    "-" => hashes.push(None),
                    t if valid => hashes.push(Some(t.to_string())),
                    t => return Err(format!("`{KEY}`: `{t}` is not a segment hash (8 hex digits, or `-`)")),
                }
            }
            if name == BODY {
                records.body = hashes;
            } else {
                records.fields.insert(name.to_string(), hashes);
            }
        }
        Ok(records)
    }

    /// The record of a field segment (`title`, `chairs.2`): `None` when the records say nothing
    /// of it, `Some(None)` when they say it is not translated.
    pub fn field(&self, id: &str) -> Option<Option<&str>> {
        let (name, i) = field_name(id);
        self.fields.get(name)?.get(i).map(|h| h.as_deref())
    }

    /// Sets the record of a field segment, growing its list with `-` where needed.
    pub fn set_field(&mut self, id: &str, hash: Option<String>) {
        let (name, i) = field_name(id);
        let list = self.fields.entry(name.to_string()).or_default();
        if list.len() <= i {
            list.resize(i + 1, None);
        }
        list[i] = hash;
    }

    /// The YAML lines of the records, `source_segments:` first.
    fn to_yaml(&self) -> String {
        if self.fields.is_empty() && self.body.is_empty() {
            return format!("{KEY}: {{}}\n");
        }
        let mut out = format!("{KEY}:\n");
        let line = |name: &str, hashes: &[Option<String>]| {
            let tokens: Vec<&str> = hashes.iter().map(|h| h.as_deref().unwrap_or("-")).collect();
            // Eight hashes per line: a double-quoted YAML text folds its line breaks into spaces.
            let rows: Vec<String> = tokens.chunks(8).map(|c| c.join(" ")).collect();
            format!("  {name}: \"{}\"\n", rows.join("\n    "))
        };
        // In the order pages write them; any other field after.
        let order = field_order();
        let rank = |name: &str| order.iter().position(|f| *f == name).unwrap_or(order.len());
        let mut fields: Vec<(&String, &Vec<Option<String>>)> = self.fields.iter().collect();
        fields.sort_by_key(|(name, _)| rank(name));
        for (name, hashes) in fields {
            out.push_str(&line(name, hashes));
        }
        if !self.body.is_empty() {
            out.push_str(&line(BODY, &self.body));
        }
        out
    }
}

/// The front matter `yaml` with `source_hash` (when given) and `source_segments` (re)written at
/// its top and every other line kept as it was.
pub fn write_into(yaml: &str, source_hash: Option<&str>, records: &Records) -> String {
    let kept = without_keys(yaml, &["source_hash", KEY]);
    let hash = source_hash.map(|h| format!("source_hash: {h}\n")).unwrap_or_default();
    format!("{hash}{}{kept}", records.to_yaml())
}

/// `yaml` without the top-level keys `keys` and their indented continuation lines.
pub fn without_keys(yaml: &str, keys: &[&str]) -> String {
    let mut out = String::with_capacity(yaml.len());
    let mut skipping = false;
    for line in yaml.split_inclusive('\n') {
        let continuation = line.starts_with([' ', '\t']);
        if skipping && continuation {
            continue;
        }
        skipping = keys.iter().any(|k| crate::position::key_line(line, k, 1).is_some());
        if !skipping {
            out.push_str(line);
        }
    }
    out
}

/// The field name and 0-based item of a field id: `chairs.2` → (`chairs`, 1), `title` → (`title`, 0).
pub fn field_name(id: &str) -> (&str, usize) {
    match id.rsplit_once('.') {
        Some((name, n)) => (name, n.parse::<usize>().map_or(0, |n| n.saturating_sub(1))),
        None => (id, 0),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_round_trip_through_front_matter() {
        let mut r = Records::default();
        r.set_field("title", Some("0123abcd".into()));
        r.set_field("chairs.2", Some("12345678".into()));
        r.body = (0..20).map(|i| (i % 3 != 0).then(|| format!("{i:08x}"))).collect();
        let yaml = write_into(
            "title: T\n# a comment\nsource_hash: old\nsource_segments:\n  title: \"x\"\nweight: 2\n",
            Some("abc"),
            &r,
        );
        assert!(
            yaml.starts_with("source_hash: abc\nsource_segments:\n  title: \"0123abcd\"\n  chairs: \"- 12345678\"\n"),
            "{yaml}"
        );
        assert!(yaml.ends_with("title: T\n# a comment\nweight: 2\n"), "{yaml}");
        let value: Value = serde_yaml::from_str(&yaml).unwrap();
        assert_eq!(Records::parse(&value[KEY]).unwrap(), r);
        assert_eq!(r.field("chairs.1"), Some(None));
        assert_eq!(r.field("chairs.2"), Some(Some("12345678")));
        assert_eq!(r.field("summary"), None);
    }

    #[test]
    fn bad_records_are_refused() {
        let value: Value = serde_yaml::from_str("{body: \"xyz\"}").unwrap();
        assert!(Records::parse(&value).unwrap_err().contains("`xyz` is not a segment hash"));
        let value: Value = serde_yaml::from_str("{body: 12345678}").unwrap();
        assert!(Records::parse(&value).is_err());
    }
}
