//! XLIFF 1.2, the exchange format of the big CAT tools (Trados Studio, memoQ, Phrase, Memsource,
//! Crowdin, Okapi): the same entries as the PO export ([`super::po::Entry`]), one `<file>` per
//! source file, one `<trans-unit>` per segment.
//!
//! ```xml
//! <trans-unit id="content/notes/x.md#p1" resname="content/notes/x.md#p1" xml:space="preserve">
//!   <source>Read the <bpt id="1" ctype="link">[</bpt>roadmap<ept id="1">](@/notes/r.md)</ept>.</source>
//!   <target state="needs-review-translation">Lisez la …</target>
//!   <alt-trans alttranstype="previous-version"><source>…the old source text…</source>…</alt-trans>
//!   <note from="imrf">paragraph</note>
//!   <note from="imrf">imrf-base: 3f2a9c1e</note>
//!   <context-group purpose="location">…content/notes/x.md, line 12…</context-group>
//! </trans-unit>
//! ```
//!
//! **Why 1.2 and not 2.x**: every major tool reads and writes 1.2 (it is their common ground and
//! their default XLIFF), while 2.x support is partial or an import-only option in several, and
//! translate-toolkit, the reference open-source reader, reads 1.2 only. The id is the segment's
//! name (the PO `msgctxt`), so a unit never loses its place.
//!
//! **Inline codes**: the Markdown of links, emphasis, code spans, inline HTML and shortcode calls
//! is carried as *native code* inside `<bpt>`/`<ept>` pairs (around a link's or an emphasis's
//! text) and `<ph>` placeholders, so a CAT tool shows tags the translator moves but cannot break,
//! and the Markdown comes back unchanged: reading a `<source>` or `<target>` back is its text
//! with each code's own text in place ([`flatten`]), whatever tags the tool kept.
//!
//! **States**: a translated segment's target is `translated`; a stale one (its source changed)
//! is `needs-review-translation`, with the old source and its translation in an
//! `<alt-trans alttranstype="previous-version">`; a missing one has no target. On import a target
//! counts when its state is `translated`, `final` or `signed-off` (or unset), or the unit is
//! `approved="yes"`; `new` and `needs-…` targets are skipped like fuzzy PO entries.

use super::po::Entry;
use crate::escape;
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use roxmltree::{Document, Node};
use std::fmt::Write;
use std::ops::Range;

/// The XLIFF 1.2 namespace.
const NS: &str = "urn:oasis:names:tc:xliff:document:1.2";

/// The PO-style comment that says what an entry is, written as a `<note>`: all of them are.
const NOTE_FROM: &str = "imrf";

/// An XLIFF file of `entries`, translations from `source_lang` into `lang` (the entry with an
/// empty id, the PO header, is left out: its facts are the `<file>` attributes).
pub fn write(project: &str, source_lang: &str, lang: &str, entries: &[Entry]) -> String {
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(out, "<xliff version=\"1.2\" xmlns=\"{NS}\">");
    let mut open: Option<&str> = None;
    for e in entries.iter().filter(|e| !e.id.is_empty()) {
        let file = file_of(e);
        if open != Some(file) {
            if open.is_some() {
                out.push_str("    </body>\n  </file>\n");
            }
            let _ = writeln!(
                out,
                "  <file original=\"{}\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\" tool-id=\"imrf\">",
                escape::html(file),
                escape::html(&super::po::language_tag(source_lang)),
                escape::html(&super::po::language_tag(lang))
            );
            let _ = writeln!(
                out,
                "    <header><tool tool-id=\"imrf\" tool-name=\"imrf\"/><note from=\"{NOTE_FROM}\">{}: {}</note></header>\n    <body>",
                escape::html(project),
                escape::html("written by `imrf i18n export --format xliff`; bring it back with `imrf i18n import`")
            );
            open = Some(file);
        }
        unit(&mut out, e);
    }
    if open.is_some() {
        out.push_str("    </body>\n  </file>\n");
    } else {
        // XLIFF wants at least one <file>: an empty one says which languages it is for.
        let _ = writeln!(
            out,
            "  <file original=\"imrf\" source-language=\"{}\" target-language=\"{}\" datatype=\"x-markdown\"><body/></file>",
            escape::html(&super::po::language_tag(source_lang)),
            escape::html(&super::po::language_tag(lang))
        );
    }
    out.push_str("</xliff>\n");
    out
}

/// The source file an entry belongs to: its first reference's file, else its context's.
fn file_of(e: &Entry) -> &str {
    if let Some(r) = e.references.first() {
        return r.rsplit_once(':').map_or(r.as_str(), |(f, _)| f);
    }
    let c = e.context.as_deref().unwrap_or("imrf");
    c.split(['#', ':']).next().unwrap_or(c)
}

fn unit(out: &mut String, e: &Entry) {
    let id = escape::html(e.context.as_deref().unwrap_or(&e.id));
    let _ = writeln!(out, "      <trans-unit id=\"{id}\" resname=\"{id}\" xml:space=\"preserve\">");
    let _ = writeln!(out, "        <source>{}</source>", inline(&e.id));
    if !e.translation.is_empty() {
        let state = if e.fuzzy { "needs-review-translation" } else { "translated" };
        let _ = writeln!(out, "        <target state=\"{state}\">{}</target>", inline(&e.translation));
    }
    if let Some(previous) = &e.previous {
        let _ = writeln!(
            out,
            "        <alt-trans alttranstype=\"previous-version\"><source>{}</source><target>{}</target></alt-trans>",
            inline(previous),
            inline(&e.translation)
        );
    }
    for c in &e.comments {
        let _ = writeln!(out, "        <note from=\"{NOTE_FROM}\">{}</note>", escape::html(c));
    }
    for r in &e.references {
        let (file, line) = r.rsplit_once(':').unwrap_or((r, ""));
        let _ = write!(
            out,
            "        <context-group purpose=\"location\"><context context-type=\"sourcefile\">{}</context>",
            escape::html(file)
        );
        if !line.is_empty() {
            let _ = write!(out, "<context context-type=\"linenumber\">{}</context>", escape::html(line));
        }
        out.push_str("</context-group>\n");
    }
    out.push_str("      </trans-unit>\n");
}

/// One inline code of a Markdown text: the byte range of its native code, and what it is.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Code {
    range: Range<usize>,
    kind: CodeKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CodeKind {
    /// The start of a pair (`[`, `**`) with its pair id and `ctype`.
    Open(usize, &'static str),
    /// The end of the pair.
    Close(usize),
    /// A code standing alone (a code span, inline HTML, a shortcode call, an image).
    Alone(&'static str),
}

/// The `ctype` of an inline container, `None` for what is not one.
fn ctype(tag: &Tag<'_>) -> Option<&'static str> {
    match tag {
        Tag::Emphasis => Some("italic"),
        Tag::Strong => Some("bold"),
        Tag::Strikethrough => Some("x-strikethrough"),
        Tag::Link { .. } => Some("link"),
        Tag::Image { .. } => Some("image"),
        _ => None,
    }
}

fn is_container_end(end: &TagEnd) -> bool {
    matches!(end, TagEnd::Emphasis | TagEnd::Strong | TagEnd::Strikethrough | TagEnd::Link | TagEnd::Image)
}

/// An open container: its whole range, the pair id and the span of its content so far.
struct Open {
    range: Range<usize>,
    id: usize,
    ctype: &'static str,
    content: Option<Range<usize>>,
}

/// The inline codes of a Markdown text, in order and not overlapping.
fn codes(text: &str) -> Vec<Code> {
    let mut found = Vec::new();
    let mut stack: Vec<Open> = Vec::new();
    let mut next_id = 1;
    let grow = |stack: &mut Vec<Open>, r: &Range<usize>| {
        if let Some(top) = stack.last_mut() {
            let c = top.content.get_or_insert(r.clone());
            c.start = c.start.min(r.start);
            c.end = c.end.max(r.end);
        }
    };
    for (event, r) in Parser::new_ext(text, crate::markdown::options()).into_offset_iter() {
        match event {
            Event::Start(tag) => {
                if let Some(ctype) = ctype(&tag) {
                    grow(&mut stack, &r);
                    stack.push(Open { range: r, id: next_id, ctype, content: None });
                    next_id += 1;
                }
            }
            Event::End(end) if is_container_end(&end) => {
                let Some(open) = stack.pop() else { continue };
                match open.content {
                    // An image is one code whatever its text (the alt text is translated in the
                    // page's own words, not here); so is a container with no text.
                    Some(c) if open.ctype != "image" && c.start > open.range.start && c.end < open.range.end => {
                        found
                            .push(Code { range: open.range.start..c.start, kind: CodeKind::Open(open.id, open.ctype) });
                        found.push(Code { range: c.end..open.range.end, kind: CodeKind::Close(open.id) });
                    }
                    _ => {
                        found.retain(|code: &Code| {
                            !(open.range.start <= code.range.start && code.range.end <= open.range.end)
                        });
                        found.push(Code { range: open.range.clone(), kind: CodeKind::Alone(open.ctype) });
                    }
                }
                grow(&mut stack, &open.range);
            }
            Event::Code(_) => {
                grow(&mut stack, &r);
                found.push(Code { range: r, kind: CodeKind::Alone("x-code") });
            }
            Event::InlineHtml(_) | Event::Html(_) => {
                grow(&mut stack, &r);
                found.push(Code { range: r, kind: CodeKind::Alone("x-html") });
            }
            Event::End(_) => {}
            _ => grow(&mut stack, &r),
        }
    }
    for r in shortcode_calls(text) {
        found.push(Code { range: r, kind: CodeKind::Alone("x-shortcode") });
    }
    ordered(found)
}

/// The byte ranges of shortcode calls (`{{ … }}`, `{% … %}`) in a text.
fn shortcode_calls(text: &str) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut at = 0;
    while let Some(i) = text[at..].find('{').map(|i| i + at) {
        let close = match text[i + 1..].chars().next() {
            Some('{') => "}}",
            Some('%') => "%}",
            _ => {
                at = i + 1;
                continue;
            }
        };
        match text[i + 2..].find(close) {
            Some(j) => {
                out.push(i..i + 2 + j + 2);
                at = i + 2 + j + 2;
            }
            None => break,
        }
    }
    out
}

/// The codes sorted by start, each overlapping one dropped (a pair's two halves together), so
/// that the text between them is plain.
fn ordered(mut found: Vec<Code>) -> Vec<Code> {
    // Placeholders first: a code span or a shortcode wins over a pair that crosses it.
    found.sort_by_key(|c| (!matches!(c.kind, CodeKind::Alone(_)), c.range.start));
    let mut kept: Vec<Code> = Vec::new();
    let mut dropped_pairs = Vec::new();
    for c in found {
        let overlaps = kept.iter().any(|k| c.range.start < k.range.end && k.range.start < c.range.end);
        match (overlaps, c.kind) {
            (false, _) => kept.push(c),
            (true, CodeKind::Open(id, _) | CodeKind::Close(id)) => dropped_pairs.push(id),
            (true, CodeKind::Alone(_)) => {}
        }
    }
    kept.retain(|c| !matches!(c.kind, CodeKind::Open(id, _) | CodeKind::Close(id) if dropped_pairs.contains(&id)));
    kept.sort_by_key(|c| c.range.start);
    kept
}

/// A Markdown text as XLIFF content: escaped text, its inline codes as `<bpt>`, `<ept>` and
/// `<ph>` holding their native code.
pub fn inline(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 4);
    let mut at = 0;
    let mut alone = 0;
    for code in codes(text) {
        xml_text(&mut out, &text[at..code.range.start]);
        let native = &text[code.range.clone()];
        match code.kind {
            CodeKind::Open(id, ctype) => {
                let _ = write!(out, "<bpt id=\"{id}\" ctype=\"{ctype}\">");
                xml_text(&mut out, native);
                out.push_str("</bpt>");
            }
            CodeKind::Close(id) => {
                let _ = write!(out, "<ept id=\"{id}\">");
                xml_text(&mut out, native);
                out.push_str("</ept>");
            }
            CodeKind::Alone(ctype) => {
                alone += 1;
                let _ = write!(out, "<ph id=\"p{alone}\" ctype=\"{ctype}\">");
                xml_text(&mut out, native);
                out.push_str("</ph>");
            }
        }
        at = code.range.end;
    }
    xml_text(&mut out, &text[at..]);
    out
}

/// Text for an XML element: escaped, and each character XML 1.0 cannot hold (C0 controls but
/// tab and line feed) left out.
fn xml_text(out: &mut String, s: &str) {
    if s.chars().all(|c| !c.is_control() || c == '\n' || c == '\t') {
        escape::html_into(out, s);
    } else {
        let kept: String = s.chars().filter(|&c| !c.is_control() || c == '\n' || c == '\t').collect();
        escape::html_into(out, &kept);
    }
}

/// The text of a `<source>` or `<target>` element: its text with every inline code's native
/// code in place (`<bpt>`, `<ept>`, `<ph>`, `<it>`), through the tools' own wrappers (`<g>`,
/// `<mrk>`); an error for a code whose native code a tool left out (`<x/>`, `<bx/>`, `<ex/>`).
pub fn flatten(node: Node<'_, '_>) -> Result<String, String> {
    let mut out = String::new();
    flatten_into(node, &mut out)?;
    Ok(out)
}

fn flatten_into(node: Node<'_, '_>, out: &mut String) -> Result<(), String> {
    for child in node.children() {
        if child.is_text() {
            out.push_str(child.text().unwrap_or_default());
        } else if child.is_element() {
            match child.tag_name().name() {
                "bpt" | "ept" | "ph" | "it" => {
                    // The native code, without any <sub> (text a code holds, not code).
                    for c in child.children().filter(|c| c.is_text()) {
                        out.push_str(c.text().unwrap_or_default());
                    }
                }
                "g" | "mrk" => flatten_into(child, out)?,
                other => {
                    return Err(format!(
                        "`<{other}>` stands for an inline code without its Markdown; keep the tags as exported \
                         (`<bpt>`, `<ept>`, `<ph>`)"
                    ))
                }
            }
        }
    }
    Ok(())
}

/// The entries of an XLIFF 1.2 file (first a header entry naming its target language, as a PO
/// header does), or the first problem and its line.
pub fn parse(text: &str) -> Result<Vec<Entry>, (usize, String)> {
    let doc = Document::parse(text).map_err(|e| (e.pos().row as usize, format!("not XML: {e}")))?;
    let line = |n: Node<'_, '_>| doc.text_pos_at(n.range().start).row as usize;
    let root = doc.root_element();
    if root.tag_name().name() != "xliff" {
        return Err((line(root), format!("`<{}>` is not an XLIFF document", root.tag_name().name())));
    }
    match root.attribute("version") {
        Some("1.2" | "1.1") => {}
        v => {
            return Err((
                line(root),
                format!("XLIFF version {} is not read: export with imrf and keep XLIFF 1.2", v.unwrap_or("(none)")),
            ))
        }
    }
    let mut entries = Vec::new();
    let mut header_lang: Option<String> = None;
    for file in root.children().filter(|n| n.has_tag_name((NS, "file")) || n.has_tag_name("file")) {
        if let Some(lang) = file.attribute("target-language") {
            if header_lang.as_deref().is_some_and(|h| h != lang) {
                return Err((
                    line(file),
                    format!("this file mixes target languages `{}` and `{lang}`", header_lang.unwrap_or_default()),
                ));
            }
            header_lang = Some(lang.to_string());
        }
        for unit in file.descendants().filter(|n| n.tag_name().name() == "trans-unit") {
            entries.push(unit_entry(unit, &line)?);
        }
    }
    let header =
        Entry { translation: header_lang.map(|l| format!("Language: {l}\n")).unwrap_or_default(), ..Entry::default() };
    entries.insert(0, header);
    Ok(entries)
}

fn unit_entry(unit: Node<'_, '_>, line: &dyn Fn(Node<'_, '_>) -> usize) -> Result<Entry, (usize, String)> {
    let child = |name: &str| unit.children().find(|c| c.tag_name().name() == name);
    let id = unit.attribute("resname").or_else(|| unit.attribute("id")).unwrap_or_default();
    let source = child("source").ok_or_else(|| (line(unit), format!("trans-unit `{id}` has no <source>")))?;
    let mut e = Entry {
        context: Some(id.to_string()).filter(|c| !c.is_empty()),
        id: flatten(source).map_err(|m| (line(source), m))?,
        line: line(unit),
        ..Entry::default()
    };
    if let Some(target) = child("target") {
        e.translation = flatten(target).map_err(|m| (line(target), m))?;
        e.line = line(target);
        let approved = unit.attribute("approved") == Some("yes");
        let done = matches!(target.attribute("state"), None | Some("translated" | "final" | "signed-off"));
        e.fuzzy = !(approved || done);
    }
    for n in unit.children().filter(|c| c.tag_name().name() == "note") {
        e.comments.push(n.text().unwrap_or_default().to_string());
    }
    if let Some(alt) = unit
        .children()
        .find(|c| c.tag_name().name() == "alt-trans" && c.attribute("alttranstype") == Some("previous-version"))
    {
        if let Some(s) = alt.children().find(|c| c.tag_name().name() == "source") {
            e.previous = Some(flatten(s).map_err(|m| (line(s), m))?);
        }
    }
    for group in unit.children().filter(|c| c.tag_name().name() == "context-group") {
        let of = |kind: &str| {
            group
                .children()
                .find(|c| c.attribute("context-type") == Some(kind))
                .and_then(|c| c.text())
                .map(str::to_string)
        };
        if let Some(file) = of("sourcefile") {
            e.references.push(match of("linenumber") {
                Some(n) => format!("{file}:{n}"),
                None => file,
            });
        }
    }
    Ok(e)
}

/// Whether a file's text is XLIFF (or any XML) rather than PO.
pub fn looks_like_xml(text: &str) -> bool {
    text.trim_start_matches('\u{feff}').trim_start().starts_with('<')
}

#[cfg(test)]
mod tests {
    use super::*;

    fn back(text: &str) -> String {
        let xml = format!("<s xmlns=\"{NS}\">{}</s>", inline(text));
        let doc = Document::parse(&xml).unwrap();
        flatten(doc.root_element()).unwrap()
    }

    #[test]
    fn markdown_comes_back_unchanged_with_its_codes_as_tags() {
        let text =
            "Read **the [roadmap](@/notes/r.md \"T\")** and `code`, <abbr>UN</abbr> {{ icon(name=\"x\") }} & more.";
        let xml = inline(text);
        assert!(xml.contains("<bpt id=\"1\" ctype=\"bold\">**</bpt>"), "{xml}");
        assert!(
            xml.contains(
                "<bpt id=\"2\" ctype=\"link\">[</bpt>roadmap<ept id=\"2\">](@/notes/r.md &quot;T&quot;)</ept>"
            ),
            "{xml}"
        );
        assert!(xml.contains("<ph id=\"p1\" ctype=\"x-code\">`code`</ph>"), "{xml}");
        assert!(xml.contains("ctype=\"x-shortcode\">{{ icon(name=&quot;x&quot;) }}</ph>"), "{xml}");
        assert!(xml.contains(" &amp; more."), "{xml}");
        assert_eq!(back(text), text);
    }

    #[test]
    fn awkward_markdown_still_round_trips() {
        for text in [
            "",
            "plain",
            "*a* _b_ ***c*** ~~d~~ [](x) ![alt *x*](p.png) <https://un.org> \\*not\\*",
            "`{{ not a call }}` and {{ a(b=\"`\") }}",
            "unclosed {{ call and **bold",
            "a [link *with `code` inside*](u) | cell \\| pipe",
            "line one  \nline two\nthree",
        ] {
            assert_eq!(back(text), text, "{}", inline(text));
        }
    }

    #[test]
    fn a_written_file_reads_back() {
        let entries = vec![
            Entry {
                comments: vec!["paragraph".into(), "imrf-base: -".into()],
                references: vec!["content/a.md:3".into()],
                context: Some("content/a.md#p1".into()),
                id: "A [link](@/b.md).".into(),
                ..Entry::default()
            },
            Entry {
                comments: vec!["heading".into()],
                references: vec!["content/a.md:5".into()],
                fuzzy: true,
                previous: Some("Old".into()),
                context: Some("content/a.md#h1".into()),
                id: "New".into(),
                translation: "Ancien".into(),
                ..Entry::default()
            },
        ];
        let xml = write("Site", "en", "fr", &entries);
        let read = parse(&xml).unwrap();
        assert_eq!(read[0].translation, "Language: fr\n");
        assert_eq!(read[1].context.as_deref(), Some("content/a.md#p1"));
        assert_eq!(read[1].id, "A [link](@/b.md).");
        assert_eq!(read[1].references, ["content/a.md:3"]);
        assert_eq!(read[1].comments, ["paragraph", "imrf-base: -"]);
        assert!(read[2].fuzzy);
        assert_eq!(read[2].previous.as_deref(), Some("Old"));
        assert_eq!(read[2].translation, "Ancien");
    }

    #[test]
    fn codes_without_their_markdown_are_refused_at_their_line() {
        let xml = format!(
            "<xliff version=\"1.2\" xmlns=\"{NS}\"><file original=\"a\" source-language=\"en\" target-language=\"fr\" datatype=\"x-markdown\"><body>\n<trans-unit id=\"a#p1\"><source>x</source>\n<target>y <x id=\"1\"/></target></trans-unit></body></file></xliff>"
        );
        let (line, message) = parse(&xml).unwrap_err();
        assert_eq!(line, 3);
        assert!(message.contains("`<x>`"), "{message}");
    }
}
