//! The translatable texts of data files (`content/*.yaml`): each [`Text`] field of each entry is
//! one segment, named `content/<file>.yaml:<entry>:<field>` where the entry is named by its key
//! (an objective's or round table's number, a principle's key, a champion's ISO code, a resource's
//! place in its file). A data text is translated when it has an entry for the language, missing
//! otherwise: the languages of a text sit side by side in one file, so a change of the English
//! one shows in the same diff as the others.

use crate::content::data::Text;
use crate::content::Site;

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

/// Every translatable text of the site's own data files (the built-in reference data is not the
/// site's to translate), in file order.
pub fn texts(site: &Site) -> Vec<DataText<'_>> {
    let d = &site.data;
    let mut out = Vec::new();
    let own = |name: &str| {
        ["yaml", "yml"].into_iter().map(|ext| format!("content/{name}.{ext}")).find(|f| site.root.join(f).is_file())
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
            push(&mut out, &file, (o.number.to_string(), "title", i), Some(&o.title), None);
            push(&mut out, &file, (o.number.to_string(), "working_title", i), o.working_title.as_ref(), Some(&o.title));
            push(&mut out, &file, (o.number.to_string(), "short", i), o.short.as_ref(), None);
        }
    }
    let file = own("principles");
    if file.is_some() {
        for (i, p) in d.principles.iter().enumerate() {
            push(&mut out, &file, (p.key.clone(), "name", i), Some(&p.name), None);
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
