//! The fields of the content model, declared once: for every page, and for the pages of each
//! typed section (programme events, dialogues, notes), each field's name, whether `check`
//! requires it, and whether a translation says it in its own words (the others it takes from its
//! source). The loader asks this table whether a field is required and which fields a
//! translation inherits, and the translation records list the translated ones in its order;
//! whatever comes to describe the model to a person or a tool (a browser CMS's forms, issue #30)
//! reads it here, so that what it accepts is what `check` accepts. So do the rules between two
//! fields ([`Between`]: an event ends after it starts, a dialogue names a round table or a
//! cluster), which the loader says at their line.

/// One field of the model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    pub name: &'static str,
    /// `check` refuses a page without it.
    pub required: bool,
    /// A translation says it in its own words; otherwise it takes its source's.
    pub translated: bool,
    /// What it holds, as the loader reads it.
    pub kind: Kind,
}

/// What a field holds: the loader's reading of it, and the form an editor offers for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// One line of text.
    Line,
    /// A paragraph of text.
    Paragraph,
    /// `YYYY-MM-DD`.
    Date,
    /// `HH:MM`, in the event's time zone.
    Time,
    /// A whole number (`weight`).
    Whole,
    /// `true` or `false`.
    Flag,
    /// A list of lines (speakers).
    Lines,
    /// A URL slug, by [`SLUG_RULE`].
    Slug,
    /// A complete http(s) or mailto link.
    Link,
    /// Old paths of the page that redirect to it (`/old/path/`).
    Aliases,
    /// GCM objective numbers, 1-23.
    Objectives,
    /// Keys of `principles.yaml`.
    Principles,
    /// A number of `round_tables.yaml`.
    RoundTable,
    /// An IANA time zone name.
    Zone,
    /// One of the programme's kinds of event.
    OfEvent,
    /// One of the kinds of note.
    OfNote,
    /// The key of another page of the section (a programme event's `part_of`).
    PageKey,
    /// A section page's own setting, not a page's (`paginate_by`).
    SectionSetting,
    /// An ISO 3166-1 alpha-2 country code, by [`ISO_RULE`].
    Iso,
    /// One of the regions (champion countries and resources).
    Region,
    /// One of the kinds of resource link.
    OfResource,
}

/// A rule on a field's text, in the words `check` says it with: the loader writes its message
/// as `` `value` `` followed by `message`, and an editor shows `message` under the field.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Rule {
    /// The rule as a JavaScript regular expression, for the browser's form; the loader checks
    /// the same rule in Rust, and says `message` when it fails.
    pub pattern: &'static str,
    pub message: &'static str,
}

/// A slug written in front matter.
pub const SLUG_RULE: Rule =
    Rule { pattern: "^[a-z0-9_-]+$", message: "may only hold lowercase letters, digits, `-` and `_`" };

/// A link written in front matter (a note's `source`): what [`crate::urls::check_absolute`]
/// accepts, written as a pattern.
pub const LINK_RULE: Rule = Rule {
    pattern: "^(https?://[^\\s/]+[^\\s]*|mailto:[^\\s]+@[^\\s]+)$",
    message: "is not an http(s) or mailto link",
};

/// An alias: a path from the site's root, without what would make it anything else.
pub const ALIAS_RULE: Rule = Rule {
    pattern: "^/(?!.*(\\?|#|\\\\|//|/\\.\\.?(/|$))).+$",
    message: "write it as a path from the site's root, like `/old/path/`, without `?`, `#`, `\\`, `//`, `.` or `..`",
};

/// A champion country's `iso`.
pub const ISO_RULE: Rule =
    Rule { pattern: "^[A-Z]{2}$", message: "is not an ISO 3166-1 alpha-2 code (two capital letters)" };

/// A rule between two fields of one kind of page: the loader says `message` at its line, and the
/// browser CMS refuses to save an entry that breaks it, with the same words.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Between {
    /// At least one of the two fields is given.
    EitherOf { fields: [&'static str; 2], message: &'static str },
    /// The `later` clock time (`HH:MM`) is after the `earlier` one, when both are given;
    /// `message` names them as `{earlier}` and `{later}`.
    InOrder { earlier: &'static str, later: &'static str, message: &'static str },
}

impl Between {
    /// The message, with the values of an `InOrder` rule's fields in it.
    pub fn say(&self, earlier: &str, later: &str) -> String {
        match self {
            Between::EitherOf { message, .. } => message.to_string(),
            Between::InOrder { message, .. } => message.replace("{earlier}", earlier).replace("{later}", later),
        }
    }
}

/// A dialogue is found by its round table or its cluster.
pub const DIALOGUE_NAMES_ITS_GROUP: Between = Between::EitherOf {
    fields: ["round_table", "cluster"],
    message: "a dialogue needs a `round_table` (1-4) or a `cluster`",
};

/// An event ends after it starts, on its day.
pub const EVENT_ENDS_AFTER_IT_STARTS: Between = Between::InOrder {
    earlier: "start",
    later: "end",
    message: "the event ends ({later}) before it starts ({earlier})",
};

/// The rules between fields of an event, a dialogue and a note.
pub const EVENT_RULES: &[Between] = &[EVENT_ENDS_AFTER_IT_STARTS];
pub const DIALOGUE_RULES: &[Between] = &[DIALOGUE_NAMES_ITS_GROUP];
pub const NOTE_RULES: &[Between] = &[];

const fn field(name: &'static str, required: bool, translated: bool, kind: Kind) -> Field {
    Field { name, required, translated, kind }
}

/// The fields every page may have (besides `type`, which only a section's `_index.md` has).
pub const COMMON: &[Field] = &[
    field("title", true, true, Kind::Line),
    field("summary", false, true, Kind::Paragraph),
    field("date", false, false, Kind::Date),
    field("updated", false, false, Kind::Date),
    field("slug", false, false, Kind::Slug),
    field("weight", false, false, Kind::Whole),
    field("draft", false, false, Kind::Flag),
    field("objectives", false, false, Kind::Objectives),
    field("principles", false, false, Kind::Principles),
    field("round_table", false, false, Kind::RoundTable),
    field("aliases", false, false, Kind::Aliases),
    field("paginate_by", false, false, Kind::SectionSetting),
];

/// A programme event (`type: programme`).
pub const EVENT: &[Field] = &[
    field("date", true, false, Kind::Date),
    field("start", true, false, Kind::Time),
    field("end", true, false, Kind::Time),
    field("timezone", false, false, Kind::Zone),
    field("room", true, true, Kind::Line),
    field("kind", true, false, Kind::OfEvent),
    field("chairs", false, true, Kind::Lines),
    field("speakers", false, true, Kind::Lines),
    field("moderator", false, true, Kind::Line),
    field("part_of", false, false, Kind::PageKey),
];

/// A webinar of a dialogue series (`type: dialogues`).
pub const DIALOGUE: &[Field] = &[
    field("date", true, false, Kind::Date),
    field("theme", true, true, Kind::Line),
    field("format", true, true, Kind::Line),
    field("cluster", false, true, Kind::Line),
];

/// A background or concept note (`type: notes`).
pub const NOTE: &[Field] = &[
    field("date", true, false, Kind::Date),
    field("issued_by", true, true, Kind::Line),
    field("source", false, false, Kind::Link),
    field("kind", true, false, Kind::OfNote),
];

/// A champion country, one item of `champions.yaml`. In a data file, a translated field is a
/// map of language code to text (all languages in one file).
pub const CHAMPION: &[Field] = &[
    field("name", true, true, Kind::Line),
    field("iso", true, false, Kind::Iso),
    field("region", true, false, Kind::Region),
    field("note", false, true, Kind::Paragraph),
];

/// A resource link, one item of `resources.yaml`.
pub const RESOURCE: &[Field] = &[
    field("title", true, true, Kind::Line),
    field("url", true, false, Kind::Link),
    field("kind", true, false, Kind::OfResource),
    field("region", false, false, Kind::Region),
    field("objectives", false, false, Kind::Objectives),
    field("principles", false, false, Kind::Principles),
    field("summary", false, true, Kind::Paragraph),
];

/// A round table of the forum, one item of `round_tables.yaml`.
pub const ROUND_TABLE: &[Field] = &[
    field("number", true, false, Kind::Whole),
    field("objectives", true, false, Kind::Objectives),
    field("background_note_by", false, false, Kind::Lines),
    field("summary", false, true, Kind::Paragraph),
];

/// The data files a person edits item by item (`content/NAME.yaml`, a list at the top level), with
/// the fields of their items.
pub const DATA_FILES: &[(&str, &[Field])] =
    &[("champions", CHAMPION), ("resources", RESOURCE), ("round_tables", ROUND_TABLE)];

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
