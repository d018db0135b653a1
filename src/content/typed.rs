//! The fields of typed sections: programme events, dialogue webinars and notes, and what a
//! translation of such a page may say in its own language.

use super::frontmatter::Fields;
use super::kinds::{EventKind, NoteKind};
use super::{schema, Page};
use crate::time::{Date, Time, Zone};

pub const DEFAULT_TIMEZONE: &str = "America/New_York";

/// A programme event (`type: programme` sections).
#[derive(Debug, Clone)]
pub struct Event {
    pub date: Date,
    pub start: Time,
    pub end: Time,
    pub zone: Zone,
    pub room: String,
    pub kind: EventKind,
    pub chairs: Vec<String>,
    pub speakers: Vec<String>,
    pub moderator: Option<String>,
    /// The slug of the event this one is a segment of.
    pub part_of: Option<String>,
}

/// A webinar of a dialogue series (`type: dialogues`).
#[derive(Debug, Clone)]
pub struct Dialogue {
    pub date: Date,
    pub theme: String,
    pub format: String,
    pub cluster: Option<String>,
}

/// A background or concept note (`type: notes`).
#[derive(Debug, Clone)]
pub struct Note {
    pub date: Date,
    pub issued_by: String,
    pub source: Option<String>,
    pub kind: NoteKind,
}

#[derive(Debug, Clone)]
pub enum Typed {
    Plain,
    Event(Event),
    Dialogue(Dialogue),
    Note(Note),
}

/// What a translation of a typed page may say in its own language; everything else (dates, times,
/// kinds, links between events) comes from the source page.
#[derive(Debug, Clone, Default)]
pub struct Overrides {
    pub room: Option<String>,
    pub chairs: Option<Vec<String>>,
    pub speakers: Option<Vec<String>>,
    pub moderator: Option<String>,
    pub theme: Option<String>,
    pub format: Option<String>,
    pub cluster: Option<String>,
    pub issued_by: Option<String>,
}

impl Overrides {
    pub(super) fn read(f: &mut Fields<'_>) -> Overrides {
        // Typed fields a translation inherits from its source and may not change.
        for k in schema::inherited().into_iter().chain(["type"]) {
            f.mark_used(k);
        }
        let list = |f: &mut Fields<'_>, key: &str| f.has(key).then(|| f.string_list(key));
        Overrides {
            chairs: list(f, "chairs"),
            speakers: list(f, "speakers"),
            room: f.string("room", false),
            moderator: f.string("moderator", false),
            theme: f.string("theme", false),
            format: f.string("format", false),
            cluster: f.string("cluster", false),
            issued_by: f.string("issued_by", false),
        }
    }

    /// The source's typed fields with this translation's own text.
    pub(super) fn apply(&self, source: &Typed) -> Typed {
        let pick = |own: &Option<String>, theirs: &String| own.clone().unwrap_or_else(|| theirs.clone());
        match source.clone() {
            Typed::Event(mut e) => {
                e.room = pick(&self.room, &e.room);
                e.chairs = self.chairs.clone().unwrap_or(e.chairs);
                e.speakers = self.speakers.clone().unwrap_or(e.speakers);
                e.moderator = self.moderator.clone().or(e.moderator);
                Typed::Event(e)
            }
            Typed::Dialogue(mut d) => {
                d.theme = pick(&self.theme, &d.theme);
                d.format = pick(&self.format, &d.format);
                d.cluster = self.cluster.clone().or(d.cluster);
                Typed::Dialogue(d)
            }
            Typed::Note(mut n) => {
                n.issued_by = pick(&self.issued_by, &n.issued_by);
                Typed::Note(n)
            }
            Typed::Plain => Typed::Plain,
        }
    }
}

pub(super) fn read_event(f: &mut Fields<'_>) -> Typed {
    let req = |name| schema::required(schema::EVENT, name);
    let date = f.date("date", req("date"));
    let start = f.time("start", req("start"));
    let end = f.time("end", req("end"));
    let room = f.string("room", req("room"));
    let kind = f.string("kind", req("kind")).and_then(|k| {
        let kind = EventKind::parse(&k);
        if kind.is_none() {
            f.error("kind", format!("unknown event kind `{k}` (one of: {})", EventKind::names()));
        }
        kind
    });
    if let (Some(s), Some(e)) = (start, end) {
        if e <= s {
            f.error("end", schema::EVENT_ENDS_AFTER_IT_STARTS.say(&s.to_string(), &e.to_string()));
        }
    }
    let zone = match f.string("timezone", false) {
        Some(name) => Zone::parse(&name).unwrap_or_else(|e| {
            f.error("timezone", e);
            Zone::parse(DEFAULT_TIMEZONE).expect("the default zone is in the database")
        }),
        None => Zone::parse(DEFAULT_TIMEZONE).expect("the default zone is in the database"),
    };
    // A clock time skipped or repeated that night names no one instant: refused at its line.
    if let Some(date) = date {
        for (key, time) in [("start", start), ("end", end)] {
            if let Some(Err(e)) = time.map(|t| zone.check(date, t)) {
                f.error(key, e);
            }
        }
    }
    let event = Event {
        date: date.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        start: start.unwrap_or(Time { hour: 0, minute: 0 }),
        end: end.unwrap_or(Time { hour: 0, minute: 0 }),
        zone,
        room: room.unwrap_or_default(),
        // A missing or unknown kind is reported; the page is never rendered.
        kind: kind.unwrap_or(EventKind::Plenary),
        chairs: f.string_list("chairs"),
        speakers: f.string_list("speakers"),
        moderator: f.string("moderator", false),
        part_of: f.string("part_of", false),
    };
    Typed::Event(event)
}

pub(super) fn read_dialogue(f: &mut Fields<'_>, page: &Page) -> Typed {
    let req = |name| schema::required(schema::DIALOGUE, name);
    let date = f.date("date", req("date"));
    let theme = f.string("theme", req("theme"));
    let format = f.string("format", req("format"));
    let cluster = f.string("cluster", false);
    if cluster.is_none() && page.round_table.is_none() {
        f.error("title", schema::DIALOGUE_NAMES_ITS_GROUP.say("", ""));
    }
    Typed::Dialogue(Dialogue {
        date: date.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        theme: theme.unwrap_or_default(),
        format: format.unwrap_or_default(),
        cluster,
    })
}

pub(super) fn read_note(f: &mut Fields<'_>) -> Typed {
    let req = |name| schema::required(schema::NOTE, name);
    let date = f.date("date", req("date"));
    let issued_by = f.string("issued_by", req("issued_by"));
    let source = f.string("source", false);
    if let Some(url) = &source {
        if let Err(e) = crate::urls::check_absolute(url) {
            f.error("source", e);
        }
    }
    let kind = f.string("kind", req("kind")).and_then(|k| {
        let kind = NoteKind::parse(&k);
        if kind.is_none() {
            f.error("kind", format!("unknown note kind `{k}` (one of: {})", NoteKind::names()));
        }
        kind
    });
    Typed::Note(Note {
        date: date.unwrap_or(Date { year: 1970, month: 1, day: 1 }),
        issued_by: issued_by.unwrap_or_default(),
        source,
        kind: kind.unwrap_or(NoteKind::BackgroundNote),
    })
}
