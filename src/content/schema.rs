//! The fields of the content model, declared once: for every page, and for the pages of each
//! typed section (programme events, dialogues, notes), each field's name, whether `check`
//! requires it, and whether a translation says it in its own words (the others it takes from its
//! source). The loader asks this table whether a field is required and which fields a
//! translation inherits, and the translation records list the translated ones in its order;
//! whatever comes to describe the model to a person or a tool (a browser CMS's forms, issue #30)
//! reads it here, so that what it accepts is what `check` accepts. Rules between fields (an event ends after it
//! starts, a dialogue names a round table or a cluster) stay with the loader, which says them at
//! their line.

/// One field of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// `check` refuses a page without it.
    pub required: bool,
    /// A translation says it in its own words; otherwise it takes its source's.
    pub translated: bool,
}

const fn field(name: &'static str, required: bool, translated: bool) -> Field {
    Field { name, required, translated }
}

/// The fields every page may have (besides `type`, which only a section's `_index.md` has).
pub const COMMON: &[Field] = &[
    field("title", true, true),
    field("summary", false, true),
    field("date", false, false),
    field("updated", false, false),
    field("slug", false, false),
    field("weight", false, false),
    field("draft", false, false),
    field("objectives", false, false),
    field("principles", false, false),
    field("round_table", false, false),
    field("aliases", false, false),
    field("paginate_by", false, false),
];

/// A programme event (`type: programme`).
pub const EVENT: &[Field] = &[
    field("date", true, false),
    field("start", true, false),
    field("end", true, false),
    field("timezone", false, false),
    field("room", true, true),
    field("kind", true, false),
    field("chairs", false, true),
    field("speakers", false, true),
    field("moderator", false, true),
    field("part_of", false, false),
];

/// A webinar of a dialogue series (`type: dialogues`).
pub const DIALOGUE: &[Field] = &[
    field("date", true, false),
    field("theme", true, true),
    field("format", true, true),
    field("cluster", false, true),
];

/// A background or concept note (`type: notes`).
pub const NOTE: &[Field] = &[
    field("date", true, false),
    field("issued_by", true, true),
    field("source", false, false),
    field("kind", true, false),
];

/// Whether `name` is a required field of `fields`.
pub fn required(fields: &[Field], name: &str) -> bool {
    fields.iter().any(|f| f.name == name && f.required)
}

/// Every field a translation says in its own words, the common ones first: the order its records
/// list them in.
pub fn translated() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in COMMON.iter().chain(EVENT).chain(DIALOGUE).chain(NOTE).filter(|f| f.translated) {
        if !out.contains(&f.name) {
            out.push(f.name);
        }
    }
    out
}

/// The typed fields a translation takes from its source and may not say at all.
pub fn inherited() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in
        EVENT.iter().chain(DIALOGUE).chain(NOTE).filter(|f| !f.translated && !COMMON.iter().any(|c| c.name == f.name))
    {
        if !out.contains(&f.name) {
            out.push(f.name);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_records_list_the_translated_fields_in_the_tables_order() {
        assert_eq!(
            translated(),
            ["title", "summary", "room", "chairs", "speakers", "moderator", "theme", "format", "cluster", "issued_by"]
        );
        assert_eq!(inherited(), ["start", "end", "timezone", "kind", "part_of", "source"]);
    }
}
