//! GNU gettext PO files, the exchange format of CAT tools (Poedit, OmegaT, Weblate, Lokalize…):
//! one file per language, one entry per segment.
//!
//! ```po
//! #. paragraph
//! #: content/notes/imrf-roadmap.md:12
//! #, fuzzy
//! #| msgid "The roadmap is headed \"September 2021\"."
//! msgctxt "content/notes/imrf-roadmap.md#p1"
//! msgid "The roadmap is headed \"October 2021\"."
//! msgstr "La feuille de route porte la mention « septembre 2021 »."
//! ```
//!
//! `msgctxt` names the segment (page and segment id, or data file, entry and field), `msgid` is
//! the source text, `msgstr` the translation; a stale segment is `fuzzy`, with the source text it
//! was translated from as `#| msgid`. Written and read here rather than with a crate: imrf uses
//! a small part of the format (no plurals, no obsolete entries to keep), must report problems at
//! the PO file's own line (`file.po:123: error: …`), which the PO crates do not keep, and a
//! writer and a reader of that part are shorter than the glue to a general library.

use std::fmt::Write;

/// One PO entry.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Entry {
    /// `#.` comments: what the segment is.
    pub comments: Vec<String>,
    /// `#:` references: `content/notes/x.md:12`.
    pub references: Vec<String>,
    pub fuzzy: bool,
    /// `#| msgid`: the source text the translation was made from.
    pub previous: Option<String>,
    pub context: Option<String>,
    pub id: String,
    pub translation: String,
    /// The line of `msgstr` in the file it was read from.
    pub line: usize,
}

/// The `Plural-Forms` of a language, as the gettext manual gives them (a two-form rule for a
/// language not listed).
pub fn plural_forms(lang: &str) -> &'static str {
    match lang {
        "zh" | "ja" | "ko" | "vi" | "th" | "id" => "nplurals=1; plural=0;",
        "fr" | "pt" | "tr" => "nplurals=2; plural=(n > 1);",
        "ru" | "uk" | "be" => {
            "nplurals=3; plural=(n%10==1 && n%100!=11 ? 0 : n%10>=2 && n%10<=4 && (n%100<10 || n%100>=20) ? 1 : 2);"
        }
        "ar" => "nplurals=6; plural=(n==0 ? 0 : n==1 ? 1 : n==2 ? 2 : n%100>=3 && n%100<=10 ? 3 : n%100>=11 ? 4 : 5);",
        _ => "nplurals=2; plural=(n != 1);",
    }
}

/// A language as the exchange formats name it: with its script where one language is written in
/// several (`zh` → `zh-Hans`, the UN's simplified Chinese), so that a CAT tool picks the right
/// resources; the site's own code otherwise. BCP 47 (`zh-Hans`) for XLIFF.
pub fn language_tag(lang: &str) -> String {
    match lang {
        "zh" => "zh-Hans".to_string(),
        other => other.to_string(),
    }
}

/// [`language_tag`] as a PO `Language` header writes it (`zh_Hans`: gettext separates with `_`).
pub fn language_field(lang: &str) -> String {
    language_tag(lang).replace('-', "_")
}

/// Whether a file's language field (`zh_Hans`, `zh-Hans`, `zh`, `fr_FR`) is for `lang`.
pub fn is_for(field: &str, lang: &str) -> bool {
    let norm = |s: &str| s.replace('_', "-").to_ascii_lowercase();
    let (field, tag) = (norm(field), norm(&language_tag(lang)));
    if field == norm(lang) || field == tag || field.starts_with(&format!("{tag}-")) {
        return true;
    }
    // A region (`fr-FR`) is the language; another script (`zh-Hant`) is not.
    tag == norm(lang) && field.split('-').next() == Some(tag.as_str())
}

#[cfg(test)]
mod language_tests {
    use super::*;

    #[test]
    fn chinese_is_named_with_its_script_and_other_scripts_are_other_languages() {
        assert_eq!(language_field("zh"), "zh_Hans");
        assert_eq!(language_tag("fr"), "fr");
        assert!(is_for("zh_Hans", "zh") && is_for("zh-Hans-CN", "zh") && is_for("zh", "zh"));
        assert!(!is_for("zh_Hant", "zh") && !is_for("zh_TW", "zh"));
        assert!(is_for("fr_FR", "fr") && is_for("fr", "fr") && !is_for("es", "fr"));
    }
}

/// A PO file: a header for `lang` (named `language_name`) of `project`, then `entries`.
pub fn write(project: &str, lang: &str, language_name: &str, entries: &[Entry]) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {project}: translations into {language_name} ({lang}).");
    let _ = writeln!(
        out,
        "# Written by `imrf i18n export {lang}`; bring translations back with `imrf i18n import {lang} FILE`."
    );
    out.push_str("msgid \"\"\nmsgstr \"\"\n");
    for field in [
        format!("Project-Id-Version: {project}"),
        // Left for the CAT tool to fill in: the export itself stays the same for the same site.
        "PO-Revision-Date: ".to_string(),
        "Last-Translator: ".to_string(),
        format!("Language-Team: {language_name}"),
        format!("Language: {}", language_field(lang)),
        "MIME-Version: 1.0".to_string(),
        "Content-Type: text/plain; charset=UTF-8".to_string(),
        "Content-Transfer-Encoding: 8bit".to_string(),
        format!("Plural-Forms: {}", plural_forms(lang)),
        "X-Generator: imrf".to_string(),
    ] {
        let _ = writeln!(out, "{}", quote(&format!("{field}\n")));
    }
    for e in entries {
        out.push('\n');
        for c in &e.comments {
            let _ = writeln!(out, "#. {c}");
        }
        if !e.references.is_empty() {
            let _ = writeln!(out, "#: {}", e.references.join(" "));
        }
        if e.fuzzy {
            out.push_str("#, fuzzy\n");
        }
        if let Some(p) = &e.previous {
            let _ = writeln!(out, "#| msgid {}", quote(p));
        }
        if let Some(c) = &e.context {
            let _ = writeln!(out, "msgctxt {}", quote(c));
        }
        let _ = writeln!(out, "msgid {}", quote(&e.id));
        let _ = writeln!(out, "msgstr {}", quote(&e.translation));
    }
    out
}

/// `s` as a PO string, quoted and escaped.
fn quote(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// The text of a quoted PO string (`"a\"b"`), or what is wrong with it.
fn unquote(s: &str) -> Result<String, String> {
    let inner = s
        .trim()
        .strip_prefix('"')
        .and_then(|r| r.strip_suffix('"'))
        .ok_or_else(|| format!("`{}` is not a quoted string", s.trim()))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => match chars.next() {
                Some('n') => out.push('\n'),
                Some('t') => out.push('\t'),
                Some('r') => out.push('\r'),
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some('a') => out.push('\u{7}'),
                Some('b') => out.push('\u{8}'),
                Some('f') => out.push('\u{c}'),
                Some('v') => out.push('\u{b}'),
                other => return Err(format!("unknown escape `\\{}`", other.map(String::from).unwrap_or_default())),
            },
            '"' => return Err("a quote inside a string must be written `\\\"`".to_string()),
            c => out.push(c),
        }
    }
    Ok(out)
}

/// Which string a continuation line (`"…"`) adds to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Field {
    None,
    Context,
    Id,
    Translation,
    Previous,
    PreviousOther,
}

/// A PO file being read.
#[derive(Default)]
struct Reader {
    entries: Vec<Entry>,
    entry: Entry,
    /// What the current entry has so far.
    has_id: bool,
    has_translation: bool,
    /// Where the current entry started, for messages.
    start: usize,
}

impl Reader {
    /// Ends the current entry; an entry must have both `msgid` and `msgstr`.
    fn finish(&mut self) -> Result<(), (usize, String)> {
        match (self.has_id, self.has_translation) {
            (true, true) => self.entries.push(std::mem::take(&mut self.entry)),
            (false, false) => self.entry = Entry::default(),
            (true, false) => return Err((self.start, "this entry has a `msgid` and no `msgstr`".to_string())),
            (false, true) => return Err((self.start, "this entry has a `msgstr` and no `msgid`".to_string())),
        }
        self.has_id = false;
        self.has_translation = false;
        Ok(())
    }
}

/// The entries of a PO file (its header included, as the entry with an empty `msgid`), or the
/// first problem and its line.
pub fn parse(text: &str) -> Result<Vec<Entry>, (usize, String)> {
    let mut r = Reader::default();
    let mut field = Field::None;
    for (i, raw) in text.strip_prefix('\u{feff}').unwrap_or(text).lines().enumerate() {
        let n = i + 1;
        let line = raw.trim();
        let at = |e: String| (n, e);
        if line.is_empty() {
            r.finish()?;
            field = Field::None;
            continue;
        }
        // A comment or keyword after a complete entry starts the next one.
        let starts_entry = line.starts_with('#') || line.starts_with("msgctxt") || line.starts_with("msgid");
        if starts_entry && r.has_translation {
            r.finish()?;
        }
        if !r.has_id && !r.has_translation && r.entry == Entry::default() {
            r.start = n;
        }
        if let Some(rest) = line.strip_prefix("#|") {
            let rest = rest.trim_start();
            field = if let Some(s) = rest.strip_prefix("msgid ") {
                r.entry.previous = Some(unquote(s).map_err(at)?);
                Field::Previous
            } else if rest.starts_with('"') && field == Field::Previous {
                let more = unquote(rest).map_err(at)?;
                r.entry.previous.get_or_insert_with(String::new).push_str(&more);
                Field::Previous
            } else {
                Field::PreviousOther
            };
        } else if let Some(flags) = line.strip_prefix("#,") {
            r.entry.fuzzy |= flags.split(',').any(|f| f.trim() == "fuzzy");
            field = Field::None;
        } else if let Some(c) = line.strip_prefix("#.") {
            r.entry.comments.push(c.trim().to_string());
            field = Field::None;
        } else if let Some(refs) = line.strip_prefix("#:") {
            r.entry.references.extend(refs.split_whitespace().map(str::to_string));
            field = Field::None;
        } else if line.starts_with('#') {
            // Translator comments and obsolete entries (`#~`) are not imrf's.
            field = Field::None;
        } else if let Some(s) = line.strip_prefix("msgctxt ") {
            if r.entry.context.is_some() {
                return Err((n, "a second `msgctxt` in one entry (a blank line ends an entry)".to_string()));
            }
            r.entry.context = Some(unquote(s).map_err(at)?);
            field = Field::Context;
        } else if line.starts_with("msgid_plural") || line.starts_with("msgstr[") {
            return Err((n, "plural entries are not imrf's: every segment is one text".to_string()));
        } else if let Some(s) = line.strip_prefix("msgid ") {
            if r.has_id {
                return Err((n, "a second `msgid` in one entry (a blank line ends an entry)".to_string()));
            }
            r.entry.id = unquote(s).map_err(at)?;
            r.has_id = true;
            field = Field::Id;
        } else if let Some(s) = line.strip_prefix("msgstr ") {
            if !r.has_id {
                return Err((n, "`msgstr` without a `msgid` before it".to_string()));
            }
            if r.has_translation {
                return Err((n, "a second `msgstr` in one entry: keep one translation".to_string()));
            }
            r.entry.translation = unquote(s).map_err(at)?;
            r.entry.line = n;
            r.has_translation = true;
            field = Field::Translation;
        } else if line.starts_with('"') {
            let more = unquote(line).map_err(at)?;
            match field {
                Field::Context => r.entry.context.get_or_insert_with(String::new).push_str(&more),
                Field::Id => r.entry.id.push_str(&more),
                Field::Translation => r.entry.translation.push_str(&more),
                _ => return Err((n, "a string that continues nothing (a `msgid`, `msgstr` or `msgctxt`)".to_string())),
            }
        } else {
            let word = line.split_whitespace().next().unwrap_or(line);
            return Err((n, format!("`{word}` is not a PO keyword (msgctxt, msgid, msgstr) or comment")));
        }
    }
    r.finish()?;
    Ok(r.entries)
}

/// The value of a header field (`Language`) of a PO file's header entry.
pub fn header_field<'a>(header: &'a Entry, name: &str) -> Option<&'a str> {
    header.translation.lines().find_map(|l| l.strip_prefix(name)?.strip_prefix(':').map(str::trim))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(ctx: &str, id: &str, tr: &str) -> Entry {
        Entry { context: Some(ctx.into()), id: id.into(), translation: tr.into(), ..Entry::default() }
    }

    #[test]
    fn written_files_read_back() {
        let mut stale = entry("content/x.md#p1", "New \"text\" \\ here", "Ancien texte");
        stale.fuzzy = true;
        stale.previous = Some("Old text".into());
        stale.references = vec!["content/x.md:7".into()];
        stale.comments = vec!["paragraph".into()];
        let entries = vec![entry("content/x.md:title", "Title", "Titre"), stale];
        let text = write("Site", "fr", "Français", &entries);
        assert!(text.contains("\"Language: fr\\n\"\n"), "{text}");
        assert!(text.contains("\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\""), "{text}");
        let back = parse(&text).unwrap();
        assert_eq!(back.len(), 3);
        assert_eq!(header_field(&back[0], "Language"), Some("fr"));
        assert_eq!(back[1].translation, "Titre");
        let s = &back[2];
        assert_eq!((s.fuzzy, s.previous.as_deref(), s.id.as_str()), (true, Some("Old text"), "New \"text\" \\ here"));
        assert_eq!(s.references, ["content/x.md:7"]);
        assert_eq!(s.line, text.lines().position(|l| l == "msgstr \"Ancien texte\"").unwrap() + 1);
    }

    #[test]
    fn continuation_lines_and_flags_are_read() {
        let text = "#, fuzzy, c-format\nmsgctxt \"a\"\n\"b\"\nmsgid \"\"\n\"x\\n\"\n\"y\"\nmsgstr \"\"\n\"z\"\nmsgid \"next\"\nmsgstr \"\"\n";
        let e = parse(text).unwrap();
        assert_eq!(e.len(), 2);
        assert_eq!((e[0].context.as_deref(), e[0].id.as_str(), e[0].translation.as_str()), (Some("ab"), "x\ny", "z"));
        assert!(e[0].fuzzy && !e[1].fuzzy);
        assert_eq!(e[1].line, 10);
    }

    #[test]
    fn broken_files_name_their_line() {
        assert_eq!(parse("msgid \"a\"\nmsgstr \"b\n").unwrap_err().0, 2);
        assert_eq!(
            parse("msgid \"a\"\n\nmsgstr \"b\"\n").unwrap_err(),
            (1, "this entry has a `msgid` and no `msgstr`".into())
        );
        assert!(parse("msgid \"a\"\nmsgid_plural \"b\"\n").unwrap_err().1.contains("plural"));
        assert!(parse("hello\n").unwrap_err().1.contains("`hello` is not a PO keyword"));
    }
}
