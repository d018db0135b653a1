//! Segments: the units a translation is tracked in, exported to and imported from CAT tools.
//!
//! A page's segments are its front-matter texts (`title`, `summary` and the typed texts `room`,
//! `chairs`, `speakers`, `moderator`, `theme`, `format`, `cluster`, `issued_by`, one segment per
//! list item) and the leaf blocks of its Markdown: paragraphs, headings, list items (the text of
//! the item itself, not of the lists nested in it), table cells and block-quote paragraphs. Code
//! blocks and raw HTML blocks are not segments at all; a block with no letter once bare URLs are
//! left out (a table cell holding `12`, a paragraph holding only `<https://…>`) is a segment that
//! is not *translatable*: it keeps its place, so that the blocks of a page and of its translation
//! still line up, but it is never counted, exported or reported.
//!
//! A segment's identity is its text with ASCII whitespace normalized (runs of spaces, tabs and
//! line breaks become one space; no-break spaces, which French typography needs, are kept): so
//! re-wrapping a paragraph changes nothing, and changing one word of it changes that segment
//! only. Block texts are Markdown (links, emphasis and code spans included, as the translator
//! must keep them); field texts are plain. Ids name a segment within its page: `title`,
//! `chairs.2`, and per kind of block `p3`, `h1`, `li5`, `td7`, `q1` (the third paragraph, …).

use crate::content::{Page, Typed};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde::Serialize;
use std::ops::Range;

/// What a segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Kind {
    /// A front-matter text.
    Field,
    Paragraph,
    Heading,
    ListItem,
    TableCell,
    Quote,
}

impl Kind {
    /// The prefix of the ids of this kind of block.
    fn prefix(self) -> &'static str {
        match self {
            Kind::Field => "",
            Kind::Paragraph => "p",
            Kind::Heading => "h",
            Kind::ListItem => "li",
            Kind::TableCell => "td",
            Kind::Quote => "q",
        }
    }

    /// What it is, in words (PO comments, messages).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Field => "front matter",
            Kind::Paragraph => "paragraph",
            Kind::Heading => "heading",
            Kind::ListItem => "list item",
            Kind::TableCell => "table cell",
            Kind::Quote => "block-quote paragraph",
        }
    }
}

/// One segment of a page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Segment {
    /// `title`, `chairs.2`, `p3`, …
    pub id: String,
    pub kind: Kind,
    /// The text, whitespace normalized: Markdown for blocks, plain text for fields.
    pub text: String,
    /// The short hash of `text`: what a translation records of its source.
    pub hash: String,
    pub words: usize,
    pub translatable: bool,
    /// The file line where the segment starts.
    pub line: usize,
    /// For a block: the byte range of its text in the page body (to write a translation back).
    pub span: Option<Range<usize>>,
    /// What a translator needs to place it, beyond its kind: a table cell's column header and
    /// row label.
    pub note: Option<String>,
}

impl Segment {
    fn new(id: String, kind: Kind, text: String, plain: &str, line: usize, span: Option<Range<usize>>) -> Segment {
        let text = normalize(&text);
        Segment {
            id,
            kind,
            hash: hash(&text),
            words: count_words(plain),
            translatable: is_translatable(plain),
            text,
            note: None,
            line,
            span,
        }
    }
}

/// `text` with every run of ASCII whitespace made one space, trimmed. No-break spaces stay.
pub fn normalize(text: &str) -> String {
    text.split_ascii_whitespace().collect::<Vec<_>>().join(" ")
}

/// The short hash of a normalized text (8 hex digits): stable across runs, machines and versions.
pub fn hash(normalized: &str) -> String {
    crate::hash::short_hash(normalized.as_bytes())
}

/// Words of a plain text: whitespace-separated pieces holding a letter or digit.
pub fn count_words(plain: &str) -> usize {
    plain.split_whitespace().filter(|w| w.chars().any(char::is_alphanumeric)).count()
}

/// Whether a plain text has anything to translate: a letter outside bare URLs.
fn is_translatable(plain: &str) -> bool {
    let is_url = |w: &str| w.contains("://") || w.starts_with("mailto:") || w.starts_with("www.");
    plain.split_whitespace().filter(|w| !is_url(w)).any(|w| w.chars().any(char::is_alphabetic))
}

/// The front-matter segments of a page: a source's from its own fields and typed fields, a
/// translation's from what it writes in its own language (its overrides).
pub fn fields(page: &Page, is_source: bool) -> Vec<Segment> {
    let mut out = Vec::new();
    let mut text = |name: &str, value: Option<&String>| {
        if let Some(v) = value {
            let line = page.key_line(name).unwrap_or(page.front_matter_line);
            out.push(Segment::new(name.to_string(), Kind::Field, v.clone(), v, line, None));
        }
    };
    text("title", Some(&page.title));
    text("summary", page.summary.as_ref());
    let mut lists: Vec<(&str, &[String])> = Vec::new();
    if is_source {
        match &page.typed {
            Typed::Event(e) => {
                text("room", Some(&e.room));
                text("moderator", e.moderator.as_ref());
                lists = vec![("chairs", &e.chairs), ("speakers", &e.speakers)];
            }
            Typed::Dialogue(d) => {
                text("theme", Some(&d.theme));
                text("format", Some(&d.format));
                text("cluster", d.cluster.as_ref());
            }
            Typed::Note(n) => text("issued_by", Some(&n.issued_by)),
            Typed::Plain => {}
        }
    } else {
        let o = &page.overrides;
        for (name, value) in [
            ("room", &o.room),
            ("moderator", &o.moderator),
            ("theme", &o.theme),
            ("format", &o.format),
            ("cluster", &o.cluster),
            ("issued_by", &o.issued_by),
        ] {
            text(name, value.as_ref());
        }
        for (name, list) in [("chairs", &o.chairs), ("speakers", &o.speakers)] {
            if let Some(list) = list {
                lists.push((name, list));
            }
        }
    }
    for (name, items) in lists {
        for (i, item) in items.iter().enumerate() {
            let line = crate::position::sequence_item_line(&page.front_matter, name, i, page.front_matter_line)
                .unwrap_or(page.front_matter_line);
            out.push(Segment::new(format!("{name}.{}", i + 1), Kind::Field, item.clone(), item, line, None));
        }
    }
    out
}

pub use crate::content::records::field_name;

/// Every leaf block of a Markdown body, in order; `body_line` is the file line of its first line.
pub fn blocks(body: &str, body_line: usize) -> Vec<Segment> {
    let mut walk = BlockWalk::default();
    for (event, range) in Parser::new_ext(body, crate::markdown::options()).into_offset_iter() {
        walk.event(event, range);
    }
    walk.close();
    let mut counts = [0usize; 6];
    walk.leaves
        .into_iter()
        .map(|leaf| {
            let n = &mut counts[leaf.kind as usize];
            *n += 1;
            let id = format!("{}{n}", leaf.kind.prefix());
            let span = leaf.range.map(|r| widen(body, r));
            let text = span.as_ref().map(|r| unquote(&body[r.clone()], leaf.quoted)).unwrap_or_default();
            let line =
                span.as_ref().map_or(body_line, |r| body_line + crate::position::line_of_offset(body, r.start) - 1);
            Segment { note: leaf.note, ..Segment::new(id, leaf.kind, text, &leaf.plain, line, span) }
        })
        .collect()
}

/// A backslash escape at the very start of a block belongs to its text.
fn widen(body: &str, range: Range<usize>) -> Range<usize> {
    if range.start > 0 && body.as_bytes()[range.start - 1] == b'\\' {
        range.start - 1..range.end
    } else {
        range
    }
}

/// The text of a block in a block quote without the `>` markers of its continuation lines.
fn unquote(text: &str, quoted: bool) -> String {
    if !quoted {
        return text.to_string();
    }
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or_default().to_string();
    for line in lines {
        out.push(' ');
        out.push_str(line.trim_start_matches(['>', ' ', '\t']));
    }
    out
}

/// A block holding Markdown text, open while its events are read.
struct Leaf {
    kind: Kind,
    /// From the start of its first inline event to the end of its last.
    range: Option<Range<usize>>,
    plain: String,
    /// Inside a block quote: continuation lines start with `>`.
    quoted: bool,
    /// The text of a tight list item, which has no paragraph of its own: it ends where the item's
    /// next block (a nested list) starts.
    run: bool,
    /// For a table cell, its column header and row label (see [`Segment::note`]).
    note: Option<String>,
}

/// Where a walk is in a table: the header cells' texts, the column of the next cell, and the
/// text of the current row's first cell.
#[derive(Default)]
struct TableWalk {
    head: Vec<String>,
    in_head: bool,
    column: usize,
    row_label: Option<String>,
}

impl TableWalk {
    /// The note of the cell at the current column holding `plain`, and a step to the next.
    fn cell(&mut self, plain: &str) -> String {
        let column = self.column;
        self.column += 1;
        let plain = plain.trim();
        if self.in_head {
            self.head.push(plain.to_string());
            return "column header".to_string();
        }
        let header = self.head.get(column).map(String::as_str).filter(|h| !h.is_empty());
        let col = header.map_or_else(|| format!("column {}", column + 1), |h| format!("column “{h}”"));
        if column == 0 {
            self.row_label = Some(plain.to_string());
            return format!("{col}, the row's first cell");
        }
        match self.row_label.as_deref().filter(|r| !r.is_empty()) {
            Some(row) => format!("{col}, row “{row}”"),
            None => col,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Container {
    Quote,
    Item,
}

/// The state of one pass over a body's Markdown events.
#[derive(Default)]
struct BlockWalk {
    containers: Vec<Container>,
    leaf: Option<Leaf>,
    /// How deep inside code and HTML blocks (whose text is not translated).
    skip: usize,
    leaves: Vec<Leaf>,
    table: TableWalk,
}

impl BlockWalk {
    fn event(&mut self, event: Event<'_>, range: Range<usize>) {
        if self.skip > 0 {
            match event {
                Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => self.skip += 1,
                Event::End(TagEnd::CodeBlock | TagEnd::HtmlBlock) => self.skip -= 1,
                _ => {}
            }
            return;
        }
        match event {
            Event::Start(Tag::CodeBlock(_) | Tag::HtmlBlock) => {
                self.close_run();
                self.skip = 1;
            }
            Event::Start(Tag::Paragraph) => {
                self.close_run();
                let kind = match self.containers.last() {
                    Some(Container::Quote) => Kind::Quote,
                    Some(Container::Item) => Kind::ListItem,
                    None => Kind::Paragraph,
                };
                self.open(kind, false);
            }
            Event::Start(Tag::Heading { .. }) => {
                self.close_run();
                self.open(Kind::Heading, false);
            }
            Event::Start(Tag::TableCell) => self.open(Kind::TableCell, false),
            Event::End(TagEnd::TableCell) => {
                if let Some(leaf) = &mut self.leaf {
                    leaf.note = Some(self.table.cell(&leaf.plain));
                } else {
                    self.table.cell("");
                }
                self.close();
            }
            Event::Start(Tag::TableHead) => {
                self.table = TableWalk { in_head: true, ..TableWalk::default() };
            }
            Event::End(TagEnd::TableHead) => self.table.in_head = false,
            Event::Start(Tag::TableRow) => {
                self.table.column = 0;
                self.table.row_label = None;
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_)) => self.close(),
            Event::Start(Tag::BlockQuote(_)) => {
                self.close_run();
                self.containers.push(Container::Quote);
            }
            Event::Start(Tag::Item) => {
                self.close_run();
                self.containers.push(Container::Item);
            }
            Event::End(TagEnd::BlockQuote(_) | TagEnd::Item) => {
                self.close_run();
                self.containers.pop();
            }
            Event::Start(Tag::List(_) | Tag::Table(_) | Tag::FootnoteDefinition(_)) | Event::Rule => self.close_run(),
            inline if is_inline(&inline) => {
                if self.leaf.is_none() && self.containers.last() == Some(&Container::Item) {
                    self.open(Kind::ListItem, true);
                }
                if let Some(leaf) = &mut self.leaf {
                    leaf.range = Some(match leaf.range.take() {
                        Some(r) => r.start.min(range.start)..r.end.max(range.end),
                        None => range,
                    });
                    match inline {
                        Event::Text(t) | Event::Code(t) => leaf.plain.push_str(&t),
                        Event::SoftBreak | Event::HardBreak => leaf.plain.push(' '),
                        _ => {}
                    }
                }
            }
            _ => {}
        }
    }

    fn open(&mut self, kind: Kind, run: bool) {
        self.close();
        let quoted = self.containers.contains(&Container::Quote);
        self.leaf = Some(Leaf { kind, range: None, plain: String::new(), quoted, run, note: None });
    }

    fn close(&mut self) {
        if let Some(leaf) = self.leaf.take() {
            self.leaves.push(leaf);
        }
    }

    fn close_run(&mut self) {
        if self.leaf.as_ref().is_some_and(|l| l.run) {
            self.close();
        }
    }
}

fn is_inline(event: &Event<'_>) -> bool {
    match event {
        Event::Text(_)
        | Event::Code(_)
        | Event::InlineHtml(_)
        | Event::InlineMath(_)
        | Event::FootnoteReference(_)
        | Event::SoftBreak
        | Event::HardBreak
        | Event::TaskListMarker(_) => true,
        Event::Start(t) => {
            matches!(t, Tag::Emphasis | Tag::Strong | Tag::Strikethrough | Tag::Link { .. } | Tag::Image { .. })
        }
        Event::End(t) => {
            matches!(t, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
        }
        _ => false,
    }
}

/// What a translation of a Markdown segment must keep of its source.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Markup {
    /// `@/` and relative `.md` link targets, sorted: a translation links to the same pages.
    pub pages: Vec<String>,
    /// Other links and images (their targets may be localized: `…/en/` → `…/fr/`).
    pub other_links: usize,
    pub emphasis: usize,
    pub strong: usize,
    pub strikethrough: usize,
    pub code: usize,
    /// The kinds of blocks the text reads as on its own: a translation must not turn a paragraph
    /// into a list or a heading.
    pub blocks: Vec<Kind>,
    /// Unescaped `|`, which would split a table cell.
    pub pipes: usize,
    /// Links, pictures and raw-HTML links the URL policy refuses (`javascript:`…).
    pub refused: Vec<String>,
    /// Shortcode calls (`{{ … }}`, `{% … %}`), which run theme code.
    pub shortcodes: usize,
}

/// The inventory of a Markdown segment text.
pub fn markup(text: &str) -> Markup {
    let mut m = Markup::default();
    for event in Parser::new_ext(text, crate::markdown::options()) {
        match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
                let url = dest_url.to_string();
                if crate::urls::classify(&url) == crate::urls::Kind::Refused {
                    m.refused.push(url.clone());
                }
                let is_page = url.starts_with("@/")
                    || crate::urls::classify(&url) == crate::urls::Kind::SitePath
                        && url.split('#').next().is_some_and(|p| p.ends_with(".md"));
                if is_page {
                    m.pages.push(crate::paths::decode(&url));
                } else {
                    m.other_links += 1;
                }
            }
            Event::Start(Tag::Emphasis) => m.emphasis += 1,
            Event::Start(Tag::Strong) => m.strong += 1,
            Event::Start(Tag::Strikethrough) => m.strikethrough += 1,
            Event::Code(_) => m.code += 1,
            Event::Html(raw) | Event::InlineHtml(raw) => {
                m.refused.extend(crate::urls::refused_links_in_html(&raw).into_iter().map(|(_, url)| url));
            }
            _ => {}
        }
    }
    m.shortcodes = text.matches("{{").count() + text.matches("{%").count();
    m.pages.sort();
    m.blocks = blocks(text, 1).iter().map(|b| b.kind).collect();
    let bytes = text.as_bytes();
    m.pipes = (0..bytes.len()).filter(|&i| bytes[i] == b'|' && (i == 0 || bytes[i - 1] != b'\\')).count();
    m
}

/// What a translation adds that its source does not have and that must never come in through a
/// translation: a link the URL policy refuses, or a shortcode call.
fn unsafe_additions(s: &Markup, t: &Markup) -> Vec<String> {
    let mut problems: Vec<String> =
        t.refused.iter().filter(|url| !s.refused.contains(url)).map(|url| crate::urls::refused_message(url)).collect();
    if t.shortcodes > s.shortcodes {
        problems.push(format!("it has {} shortcode call(s) where the source has {}", t.shortcodes, s.shortcodes));
    }
    problems
}

/// What a translation of a plain text (a data field, a front matter field) adds that must never
/// come in through a translation (see [`unsafe_additions`]); `None` when it adds nothing.
pub fn unsafe_text(source: &str, translation: &str) -> Option<String> {
    let problems = unsafe_additions(&markup(source), &markup(translation));
    (!problems.is_empty()).then(|| problems.join("; "))
}

/// What a translation loses or breaks of its source's markup, in words; `None` when it keeps it.
pub fn lost_markup(source: &str, translation: &str, kind: Kind) -> Option<String> {
    let (s, t) = (markup(source), markup(translation));
    let mut problems = unsafe_additions(&s, &t);
    for target in s.pages.iter().filter(|p| !t.pages.contains(p)) {
        problems.push(format!("the link to `{target}` is missing"));
    }
    for target in t.pages.iter().filter(|p| !s.pages.contains(p)) {
        problems.push(format!("it links to `{target}`, which the source does not"));
    }
    if s.pages.len() == t.pages.len() && problems.is_empty() && s.pages != t.pages {
        problems.push("its page links differ from the source's".to_string());
    }
    let counts = [
        (s.other_links, t.other_links, "link(s)"),
        (s.emphasis, t.emphasis, "emphasis span(s) (`*…*` or `_…_`)"),
        (s.strong, t.strong, "strong span(s) (`**…**`)"),
        (s.strikethrough, t.strikethrough, "strikethrough span(s) (`~~…~~`)"),
        (s.code, t.code, "code span(s) (`` `…` ``)"),
    ];
    for (want, got, what) in counts {
        if want != got {
            problems.push(format!("it has {got} {what} where the source has {want}"));
        }
    }
    if s.blocks != t.blocks {
        problems.push("it reads as a different kind of block (a list, a heading, a quote…) than the source".into());
    }
    if kind == Kind::TableCell && s.pipes != t.pipes {
        problems.push("an unescaped `|` would split the table cell (write `\\|`)".into());
    }
    (!problems.is_empty()).then(|| problems.join("; "))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids_and_texts(body: &str) -> Vec<(String, String)> {
        blocks(body, 1).into_iter().map(|s| (s.id, s.text)).collect()
    }

    #[test]
    fn whitespace_is_normalized_but_no_break_spaces_stay() {
        assert_eq!(normalize("  a\n  b\t\tc  "), "a b c");
        assert_eq!(normalize("Dates\u{a0}: 17"), "Dates\u{a0}: 17");
        assert_eq!(hash(&normalize("one\ntwo")), hash("one two"));
        assert_ne!(hash("one two"), hash("one three"));
        assert_eq!(hash("x").len(), 8);
    }

    #[test]
    fn every_kind_of_block_is_a_segment_and_code_is_not() {
        let body = "# Title\n\nA first\nparagraph with [a link](@/x.md).\n\n- item *one*\n- item two\n  wrapped\n  - nested\n\n\
                    > quoted\n> text\n\n```\ncode\n```\n\n| A | B |\n| --- | --- |\n| cell | 12 |\n\n1. loose\n\n   second para\n";
        assert_eq!(
            ids_and_texts(body),
            [
                ("h1", "Title"),
                ("p1", "A first paragraph with [a link](@/x.md)."),
                ("li1", "item *one*"),
                ("li2", "item two wrapped"),
                ("li3", "nested"),
                ("q1", "quoted text"),
                ("td1", "A"),
                ("td2", "B"),
                ("td3", "cell"),
                ("td4", "12"),
                ("li4", "loose"),
                ("li5", "second para"),
            ]
            .map(|(a, b)| (a.to_string(), b.to_string()))
        );
        let segs = blocks(body, 10);
        assert_eq!(segs[1].line, 12);
        assert!(!segs[9].translatable, "a number is not translatable");
        assert_eq!(segs[1].words, 6);
        assert_eq!(&body[segs[3].span.clone().unwrap()], "item two\n  wrapped");
    }

    #[test]
    fn rewrapping_keeps_the_identity_and_an_edit_changes_one_segment() {
        let a = blocks("One two three\nfour.\n\nSecond.\n", 1);
        let b = blocks("One two\nthree four.\n\nSecond.\n", 1);
        let c = blocks("One two three\nfive.\n\nSecond.\n", 1);
        assert_eq!(a.iter().map(|s| &s.hash).collect::<Vec<_>>(), b.iter().map(|s| &s.hash).collect::<Vec<_>>());
        assert_ne!(a[0].hash, c[0].hash);
        assert_eq!(a[1].hash, c[1].hash);
    }

    #[test]
    fn bare_urls_are_not_translatable() {
        let segs = blocks("<https://www.un.org/en/>\n\nSee https://un.org here.\n", 1);
        assert!(!segs[0].translatable);
        assert!(segs[1].translatable);
    }

    #[test]
    fn an_escape_at_the_start_is_kept() {
        assert_eq!(ids_and_texts("\\*not emphasis\\*\n")[0].1, "\\*not emphasis\\*");
    }

    #[test]
    fn lost_links_emphasis_and_code_are_named() {
        let source = "See **[the roadmap](@/notes/r.md)** and `code`.";
        assert_eq!(lost_markup(source, "Voir **[la feuille](@/notes/r.md)** et `code`.", Kind::Paragraph), None);
        let lost = lost_markup(source, "Voir la feuille et code.", Kind::Paragraph).unwrap();
        assert!(lost.contains("the link to `@/notes/r.md` is missing"), "{lost}");
        assert!(lost.contains("0 code span(s)"), "{lost}");
        assert!(lost.contains("0 strong span(s)"), "{lost}");
        assert!(lost_markup("A text.", "- A list.", Kind::Paragraph).unwrap().contains("different kind of block"));
        assert!(lost_markup("a", "a | b", Kind::TableCell).is_some());
        // An external link may lead to the page in the reader's language.
        assert_eq!(lost_markup("[UN](https://un.org/en/)", "[ONU](https://un.org/fr/)", Kind::Paragraph), None);
    }
}
