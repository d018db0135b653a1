//! Markdown to HTML: pulldown-cmark with heading anchors, `@/` internal links kept as numbered
//! markers for each language to resolve, code blocks highlighted (`crate::highlight`), raw
//! HTML escaped unless the site allows it, `rel="noopener"` on external links, and every link and
//! image checked against the URL policy (`crate::urls`): a refused one is reported and rendered as
//! plain text, never as a link. Images are kept as numbered placeholders with their alt text
//! ([`ImageRef`]): their HTML (sizes, responsive variants) needs the image files, which the
//! images stage (`crate::images`) reads once the whole site's Markdown is known.

use crate::escape;
use crate::highlight::Highlighter;
use crate::position::{LineIndex, Pos};
use crate::urls::{self, Kind};
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::fmt::Write;

/// An `@/` link found in a page body.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct InternalLink {
    /// Content-relative path of the target's default-language file (`notes/roadmap.md`).
    pub target: String,
    pub anchor: Option<String>,
    /// File line of the link.
    pub line: usize,
    /// Its column (characters from the start of the line, from 1).
    pub column: usize,
}

/// The Markdown of every page, by key then language, rendered once; the dev server keeps it
/// between rebuilds and re-renders only the pages that changed. (Nested maps: lookups by `&str`
/// allocate nothing, and a build makes hundreds of thousands of them.)
pub type Cache =
    std::collections::HashMap<crate::names::PageKey, std::collections::HashMap<crate::names::Lang, Rendered>>;

/// A rendered body.
#[derive(Debug, Clone, Default, serde::Serialize, serde::Deserialize)]
pub struct Rendered {
    /// HTML in which internal links still read `href="@/3"` (the fourth of `links`); see
    /// [`resolve_links`]. Compressed, like `plain`: a site's bodies stay in memory until the last
    /// renderer that shows them, when a build lets them go (`render::render_to`).
    pub html: crate::compressed::Releasable,
    /// Where each marker's URL stands in `html` (the byte range of `@/3`), found once, so that
    /// resolving the links of each language copies slices instead of searching the HTML.
    pub markers: Vec<std::ops::Range<usize>>,
    pub links: Vec<InternalLink>,
    /// Plain text of the first paragraph, for descriptions and lists.
    pub first_paragraph: String,
    /// Plain text of the whole body, for search.
    pub plain: crate::compressed::Text,
    /// `#anchor` links to this page's own headings, with where they are.
    pub fragments: Vec<(String, Pos)>,
    /// Links and images to site paths (`/images/x.png`, `../other/`), with their line: checked
    /// against the built site.
    pub paths: Vec<(String, Pos)>,
    /// Relative links to `.md` files that climb out of `content/`, with their line.
    pub outside: Vec<(String, Pos)>,
    /// Links and images the URL policy refuses (`javascript:`, `data:`…), with their line.
    pub refused: Vec<(String, Pos)>,
    /// The shortcode calls, whose placeholders stand in `html`.
    pub shortcodes: Vec<crate::shortcodes::Call>,
    /// Shortcode mistakes as (line, column, message).
    pub shortcode_errors: Vec<crate::shortcodes::Problem>,
    /// The h2 and h3 headings, for a table of contents.
    pub toc: Vec<Heading>,
    /// Every heading with its anchor and where it stands in `plain`: the sections of the text
    /// (for search results that lead to the heading a match is under).
    pub sections: Vec<SectionStart>,
    /// The images of the body, in order (see [`image_placeholder`]).
    pub images: Vec<ImageRef>,
    /// External (http, https) links and images, with their line: what `check --external` probes.
    pub external: Vec<(String, usize)>,
}

/// Where a heading's section starts in a page's plain text.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct SectionStart {
    pub anchor: String,
    pub title: String,
    /// Byte offsets in `plain`: where the heading's text starts, and where the text under it does.
    pub heading: usize,
    pub text: usize,
}

impl Rendered {
    /// Whether the offsets into its texts fit them (markers in order within `html`, sections in
    /// order within `plain`), by the lengths the compressed texts record: a cache entry that
    /// does not fit is not used, so a damaged or forged one is rendered again rather than cut.
    pub fn fits(&self) -> bool {
        let (html, plain) = (self.html.text_len(), self.plain.text_len());
        self.markers.iter().all(|r| r.start <= r.end && r.end <= html)
            && self.markers.windows(2).all(|w| w[0].end <= w[1].start)
            && self.sections.iter().all(|s| s.heading <= plain && s.text <= plain)
            && self.sections.windows(2).all(|w| w[0].heading <= w[1].heading)
    }

    /// Whether a heading of the page has the `id` `anchor` (for checking `#anchor` links): every
    /// heading starts a section.
    pub fn has_anchor(&self, anchor: &str) -> bool {
        self.sections.iter().any(|s| s.anchor == anchor)
    }

    /// The page's plain text (`plain`, decompressed) cut at its headings: (anchor, heading,
    /// text); the text before the first heading has no anchor.
    pub fn section_texts<'a>(&'a self, plain: &'a str) -> Vec<(Option<&'a str>, &'a str, &'a str)> {
        let mut out = Vec::new();
        let first_end = self.sections.first().map_or(plain.len(), |s| s.heading);
        out.push((None, "", &plain[..first_end]));
        for (i, s) in self.sections.iter().enumerate() {
            let end = self.sections.get(i + 1).map_or(plain.len(), |n| n.heading);
            out.push((Some(s.anchor.as_str()), s.title.as_str(), &plain[s.text.min(end)..end]));
        }
        out
    }
}

/// An image of a page body (`![alt](src "title")`), whose placeholder stands in the HTML.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ImageRef {
    /// As written (a site path or an http(s) URL).
    pub src: String,
    /// The alt text, as plain text (empty when the author wrote none).
    pub alt: String,
    pub title: String,
    /// File line of the image.
    pub line: usize,
}

/// The placeholder of the `n`th image of a body: private-use characters no author types.
pub fn image_placeholder(n: usize) -> String {
    format!("{}img{n}{}", crate::shortcodes::OPEN, crate::shortcodes::CLOSE)
}

/// A heading of a page, with its anchor.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
    /// The h3 headings under an h2.
    pub children: Vec<Heading>,
}

/// What Markdown rendering needs besides the text.
pub struct Options<'a> {
    pub allow_html: bool,
    pub highlighter: &'a Highlighter,
    /// The theme's shortcodes and what each takes.
    pub shortcodes: &'a std::collections::BTreeMap<String, crate::shortcodes::Spec>,
    /// The page's language, whose typography its text gets (`crate::typography`).
    pub lang: &'a str,
}

/// The Markdown the site is written in: CommonMark with tables, footnotes, strikethrough and
/// heading attributes (`## Title {#id}`). Every reader of page bodies parses with these.
pub fn options() -> pulldown_cmark::Options {
    let mut options = pulldown_cmark::Options::empty();
    options.insert(pulldown_cmark::Options::ENABLE_TABLES);
    options.insert(pulldown_cmark::Options::ENABLE_FOOTNOTES);
    options.insert(pulldown_cmark::Options::ENABLE_STRIKETHROUGH);
    options.insert(pulldown_cmark::Options::ENABLE_HEADING_ATTRIBUTES);
    options
}

/// Renders `body`, whose first line is line `body_line` of its file; `dir` is the file's folder
/// relative to `content/`, against which relative links to `.md` files resolve.
pub fn render(body: &str, body_line: usize, dir: &str, opts: &Options<'_>) -> Rendered {
    let pre = crate::shortcodes::preprocess(body, body_line, opts.shortcodes);
    let body = pre.text.as_str();
    let index = LineIndex::new(body);
    let (allow_html, highlighter, options) = (opts.allow_html, opts.highlighter, options());
    let mut walk = Walk { dir, ..Walk::default() };
    let mut code: Option<(String, String)> = None;

    for (event, range) in Parser::new_ext(body, options).into_offset_iter() {
        // A code block is collected whole, then highlighted.
        if let Some((lang, buf)) = &mut code {
            match event {
                Event::Text(t) => buf.push_str(&t),
                Event::End(TagEnd::CodeBlock) => {
                    let block = code_block(buf, lang, highlighter);
                    walk.events.push(Event::Html(block.into()));
                    code = None;
                }
                _ => {}
            }
            continue;
        }
        walk.collect_text(&event);
        if walk.image.is_some() {
            walk.image_event(&event);
            continue;
        }
        // The file line, through the shortcode pass's line map, and the column in it.
        let pos = || {
            let (line, column) = index.position(range.start);
            Pos { line: pre.lines.get(line - 1).copied().unwrap_or(body_line), column }
        };
        match event {
            Event::Start(Tag::Paragraph) => {
                walk.in_paragraph = true;
                walk.paragraphs += 1;
                walk.events.push(Event::Start(Tag::Paragraph));
            }
            Event::End(TagEnd::Paragraph) => {
                walk.in_paragraph = false;
                walk.events.push(Event::End(TagEnd::Paragraph));
            }
            Event::Start(Tag::Heading { .. }) => {
                walk.heading = Some((walk.events.len(), String::new()));
                walk.heading_start = walk.plain.len();
                walk.events.push(event);
            }
            Event::End(TagEnd::Heading(level)) => walk.end_heading(level),
            Event::Start(Tag::CodeBlock(kind)) => {
                let lang = match kind {
                    CodeBlockKind::Fenced(info) => info.split([' ', ',']).next().unwrap_or_default().to_string(),
                    CodeBlockKind::Indented => String::new(),
                };
                code = Some((lang, String::new()));
            }
            Event::Html(raw) | Event::InlineHtml(raw) if !allow_html => walk.events.push(Event::Text(raw)),
            Event::Html(raw) | Event::InlineHtml(raw) => {
                // Raw HTML is published as written, but never with a link the policy refuses:
                // each is reported where it is, and the HTML is shown as text instead.
                let refused = urls::refused_links_in_html(&raw);
                if refused.is_empty() {
                    walk.events.push(Event::Html(raw));
                } else {
                    for (offset, url) in refused {
                        let (line, column) = index.position(range.start + offset);
                        let line = pre.lines.get(line - 1).copied().unwrap_or(body_line);
                        walk.out.refused.push((url, Pos { line, column }));
                    }
                    walk.events.push(Event::Text(raw));
                }
            }
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                walk.start_image(Tag::Image { link_type, dest_url, title, id }, pos());
            }
            Event::End(TagEnd::Image) if walk.skipped_images > 0 => {
                // The alt text of a refused image stays, as text.
                walk.skipped_images -= 1;
            }
            Event::Start(Tag::Link { dest_url, title, link_type, id }) => {
                walk.start_link(dest_url, title, link_type, id, pos());
            }
            Event::End(TagEnd::Link) => match walk.open_links.pop() {
                // An external link was opened as raw HTML (for its `rel`), so it closes the same way.
                Some(Opened::Raw) => walk.events.push(Event::Html(CowStr::Borrowed("</a>"))),
                Some(Opened::Tag) => walk.events.push(Event::End(TagEnd::Link)),
                // A refused link was never opened: its text stays, unlinked.
                Some(Opened::Nothing) | None => {}
            },
            other => walk.events.push(other),
        }
    }
    let mut out = walk.out;
    // The language's typography, on text only (code, URLs and attributes are other events).
    let lang = opts.lang;
    let events = walk.events.into_iter().map(|e| match e {
        Event::Text(t) => match crate::typography::apply(lang, &t) {
            std::borrow::Cow::Borrowed(_) => Event::Text(t),
            std::borrow::Cow::Owned(s) => Event::Text(s.into()),
        },
        other => other,
    });
    let mut html = String::new();
    html::push_html(&mut html, events);
    out.markers = markers(&html);
    out.html = crate::compressed::Releasable::new(&html);
    out.plain = crate::compressed::Text::new(&walk.plain);
    // What is shown apart from the body (the table of contents, the summary of lists) gets the
    // same typography; `plain` and the sections' titles are for search, which reads words.
    out.first_paragraph = crate::typography::apply(lang, out.first_paragraph.trim()).into_owned();
    for h in &mut out.toc {
        h.title = crate::typography::apply(lang, &h.title).into_owned();
        for c in &mut h.children {
            c.title = crate::typography::apply(lang, &c.title).into_owned();
        }
    }
    shortcode_links(&pre.calls, &mut out);
    out.shortcodes = pre.calls;
    out.shortcode_errors = pre.errors;
    out
}

/// Records the links given to shortcodes (`recording(url=…)`): paths the built site must have (a
/// picture given as `src` is the images stage's to find), or external links.
fn shortcode_links(calls: &[crate::shortcodes::Call], out: &mut Rendered) {
    for call in calls {
        for key in crate::shortcodes::LINK_ARGUMENTS {
            if let Some(url) = call.args.get(*key).and_then(|v| v.as_str()) {
                match urls::classify(url) {
                    Kind::SitePath if *key == "src" && crate::paths::is_image_name(url) => {}
                    Kind::SitePath if !url.is_empty() => {
                        out.paths.push((url.to_string(), Pos { line: call.line, column: call.column }))
                    }
                    Kind::External => out.external.push((url.to_string(), call.line)),
                    _ => {}
                }
            }
        }
    }
}

/// The state of one pass over a page's Markdown events.
#[derive(Default)]
struct Walk<'a> {
    /// The page's folder, for relative links.
    dir: &'a str,
    out: Rendered,
    /// The plain text so far (see [`Rendered::plain`]).
    plain: String,
    /// The headings' anchors so far, each unique.
    anchors: HashSet<String>,
    events: Vec<Event<'a>>,
    /// The open heading: its index in `events` and its text so far.
    heading: Option<(usize, String)>,
    paragraphs: usize,
    in_paragraph: bool,
    /// How each open link was opened, to close it the same way.
    open_links: Vec<Opened>,
    /// Open images that the URL policy refused (their alt text stays as text).
    skipped_images: usize,
    /// The open image: its index in `out.images`, and how many images are open inside its alt
    /// text (`![a ![b](c)](d)`: their text joins the alt).
    image: Option<(usize, usize)>,
    /// Where the open heading's text starts in the plain text.
    heading_start: usize,
}

/// How a link was opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Opened {
    /// As pulldown-cmark's own tag.
    Tag,
    /// As raw HTML (external links, for their `rel`).
    Raw,
    /// Not at all: the URL policy refused it.
    Nothing,
}

impl<'a> Walk<'a> {
    /// Plain text for search, the first paragraph and heading anchors.
    fn collect_text(&mut self, event: &Event<'a>) {
        if let (Some((_, text)), Event::Text(t) | Event::Code(t)) = (&mut self.heading, event) {
            text.push_str(t);
        }
        let first = self.in_paragraph && self.paragraphs == 1;
        match event {
            Event::Text(t) | Event::Code(t) => {
                self.plain.push_str(t);
                if first {
                    self.out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.plain.push(' ');
                if first {
                    self.out.first_paragraph.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                self.plain.push(' ')
            }
            _ => {}
        }
    }

    /// Gives the heading a unique anchor: its own `{#id}`, or its text slugified.
    fn end_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        if let Some((at, text)) = self.heading.take() {
            let mut anchor = None;
            if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[at] {
                let wanted = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| crate::paths::slugify(&text));
                let unique = unique_anchor(&wanted, &self.anchors);
                self.anchors.insert(unique.clone());
                *id = Some(CowStr::from(unique.clone()));
                anchor = Some(unique);
            }
            if let Some(unique) = anchor {
                self.toc_entry(level, &unique, &text);
                let (heading, text_start) = (self.heading_start, self.plain.len());
                let title = text.trim().to_string();
                self.out.sections.push(SectionStart { anchor: unique, title, heading, text: text_start });
            }
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Adds an h2 or h3 to the table of contents (an h3 under the h2 before it).
    fn toc_entry(&mut self, level: pulldown_cmark::HeadingLevel, id: &str, title: &str) {
        use pulldown_cmark::HeadingLevel::{H2, H3};
        let heading =
            |level| Heading { level, id: id.to_string(), title: title.trim().to_string(), children: Vec::new() };
        match (level, self.out.toc.last_mut()) {
            (H2, _) => self.out.toc.push(heading(2)),
            (H3, Some(parent)) => parent.children.push(heading(3)),
            (H3, None) => self.out.toc.push(heading(3)),
            _ => {}
        }
    }

    /// Records an image and puts its placeholder in the HTML; its alt text is collected until it
    /// closes. A refused one is left out (its alt text stays, as text).
    fn start_image(&mut self, image: Tag<'a>, pos: Pos) {
        let Tag::Image { dest_url, title, .. } = image else {
            return;
        };
        let kind = urls::classify(&dest_url);
        if kind == Kind::Refused {
            self.out.refused.push((dest_url.to_string(), pos));
            self.skipped_images += 1;
            return;
        }
        match kind {
            Kind::External => self.out.external.push((dest_url.to_string(), pos.line)),
            // A path that names no picture file is a link like any other, checked to exist.
            Kind::SitePath if !crate::paths::is_image_name(&dest_url) => {
                self.out.paths.push((dest_url.to_string(), pos));
            }
            _ => {}
        }
        let n = self.out.images.len();
        self.out.images.push(ImageRef {
            src: dest_url.to_string(),
            alt: String::new(),
            title: title.to_string(),
            line: pos.line,
        });
        self.events.push(Event::Html(image_placeholder(n).into()));
        self.image = Some((n, 0));
    }

    /// An event inside an open image: its text is the alt text; nothing else is kept.
    fn image_event(&mut self, event: &Event<'a>) {
        let Some((n, nested)) = self.image else {
            return;
        };
        match event {
            Event::Text(t) | Event::Code(t) => self.out.images[n].alt.push_str(t),
            Event::SoftBreak | Event::HardBreak => self.out.images[n].alt.push(' '),
            Event::Start(Tag::Image { .. }) => self.image = Some((n, nested + 1)),
            Event::End(TagEnd::Image) if nested > 0 => self.image = Some((n, nested - 1)),
            Event::End(TagEnd::Image) => {
                let alt = self.out.images[n].alt.trim().to_string();
                self.out.images[n].alt = alt;
                self.image = None;
            }
            _ => {}
        }
    }

    /// Records a link for checking and opens it: `@/` and relative `.md` links become numbered
    /// markers (`href="@/3"`) for each language to resolve; external ones get `rel="noopener"`;
    /// refused ones are not opened at all.
    fn start_link(
        &mut self,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        link_type: pulldown_cmark::LinkType,
        id: CowStr<'a>,
        pos: Pos,
    ) {
        let internal = match urls::classify(&dest_url) {
            Kind::Page => {
                let target = &dest_url["@/".len()..];
                Some(crate::paths::decode(target))
            }
            Kind::SitePath => match relative_page(&dest_url, self.dir) {
                Some(Some(target)) => Some(target),
                Some(None) => {
                    self.out.outside.push((dest_url.to_string(), pos));
                    self.open_links.push(Opened::Nothing);
                    return;
                }
                None => None,
            },
            _ => None,
        };
        if let Some(target) = internal {
            let (target, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (target, None),
            };
            let marker = format!("@/{}", self.out.links.len());
            self.out.links.push(InternalLink { target, anchor, line: pos.line, column: pos.column });
            self.open_links.push(Opened::Tag);
            self.events.push(Event::Start(Tag::Link { dest_url: marker.into(), title, link_type, id }));
            return;
        }
        match urls::classify(&dest_url) {
            Kind::Refused => {
                self.out.refused.push((dest_url.to_string(), pos));
                self.open_links.push(Opened::Nothing);
                return;
            }
            Kind::Fragment => {
                // A bare `#` is the top of the page.
                let anchor = crate::paths::decode(&dest_url[1..]);
                if !anchor.is_empty() {
                    self.out.fragments.push((anchor, pos));
                }
            }
            Kind::External => {
                self.out.external.push((dest_url.to_string(), pos.line));
                let mut a = String::from("<a href=\"");
                escape::href_into(&mut a, &dest_url);
                a.push('"');
                if !title.is_empty() {
                    a.push_str(" title=\"");
                    escape::html_into(&mut a, &title);
                    a.push('"');
                }
                a.push_str(" rel=\"noopener\">");
                self.events.push(Event::Html(a.into()));
                self.open_links.push(Opened::Raw);
                return;
            }
            Kind::SitePath if !dest_url.is_empty() => self.out.paths.push((dest_url.to_string(), pos)),
            _ => {}
        }
        self.open_links.push(Opened::Tag);
        self.events.push(Event::Start(Tag::Link { dest_url, title, link_type, id }));
    }
}

/// For a relative link to a `.md` file (percent-decoded), its content-relative path with any
/// `#anchor`: `Some(None)` when it climbs out of `content/`; `None` for any other link.
fn relative_page(dest: &str, dir: &str) -> Option<Option<String>> {
    let dest = crate::paths::decode(dest);
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest.as_str(), None),
    };
    if dest.starts_with('/') || !path.ends_with(".md") {
        return None;
    }
    let Some(mut target) = crate::paths::join(dir, path) else {
        return Some(None);
    };
    if let Some(a) = anchor {
        target.push('#');
        target.push_str(a);
    }
    Some(Some(target))
}

fn unique_anchor(wanted: &str, taken: &HashSet<String>) -> String {
    let base = if wanted.is_empty() { "section" } else { wanted };
    if !taken.contains(base) {
        return base.to_string();
    }
    (1..).map(|n| format!("{base}-{n}")).find(|c| !taken.contains(c)).unwrap_or_default()
}

fn code_block(code: &str, lang: &str, highlighter: &Highlighter) -> String {
    let mut out = String::new();
    let highlighted = if lang.is_empty() { None } else { highlighter.highlight(code, lang) };
    match highlighted {
        Some(h) => {
            out.push_str("<pre class=\"code\" data-lang=\"");
            escape::html_into(&mut out, lang);
            let _ = writeln!(out, "\"><code>{h}</code></pre>");
        }
        None => {
            out.push_str("<pre class=\"code\"><code>");
            escape::html_into(&mut out, code);
            out.push_str("</code></pre>\n");
        }
    }
    out
}

/// The byte ranges of the internal link markers (`@/3` in `href="@/3"`) of rendered HTML.
fn markers(html: &str) -> Vec<std::ops::Range<usize>> {
    const MARK: &str = "href=\"@/";
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find(MARK) {
        let start = from + i + "href=\"".len();
        let end = html[start..].find('"').map_or(html.len(), |j| start + j);
        out.push(start..end);
        from = end;
    }
    out
}

/// The page's HTML with every internal link marker (`href="@/3"`, the fourth of `links`)
/// replaced by the URL that `url_of(target)` gives, plus its anchor. A target `url_of` does not
/// know is returned as the error `Err(target)`: no link is ever silently left pointing nowhere.
pub fn resolve_links(rendered: &Rendered, url_of: impl Fn(&str) -> Option<String>) -> Result<String, String> {
    let html = &rendered.html.get();
    let mut out = String::with_capacity(html.len() + rendered.markers.len() * 16);
    let mut copied = 0;
    for range in &rendered.markers {
        out.push_str(&html[copied..range.start]);
        let marker = &html[range.clone()];
        let link = marker.strip_prefix("@/").and_then(|n| n.parse::<usize>().ok()).and_then(|n| rendered.links.get(n));
        let Some(link) = link else {
            return Err(marker.to_string());
        };
        out.push_str(&url_of(&link.target).ok_or_else(|| link.target.clone())?);
        if let Some(a) = &link.anchor {
            out.push('#');
            escape::html_into(&mut out, a);
        }
        copied = range.end;
    }
    out.push_str(&html[copied..]);
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        let highlighter = Highlighter::default();
        let shortcodes = crate::theme::default_shortcodes();
        render(
            md,
            5,
            "notes",
            &Options { allow_html: false, highlighter: &highlighter, shortcodes: &shortcodes, lang: "en" },
        )
    }

    #[test]
    fn a_rendering_fits_its_texts_and_one_with_another_text_does_not() {
        let out = r("# One\n\nSee [two](@/notes/two.md).\n\n## Two\n\nText.\n");
        assert!(out.fits());
        let mut cut = out.clone();
        cut.html = crate::compressed::Releasable::new("short");
        assert!(!cut.fits());
        let mut cut = out;
        cut.plain = crate::compressed::Text::default();
        assert!(!cut.fits());
    }

    #[test]
    fn headings_get_unique_anchors() {
        let out = r("# Round table 1\n\n## Round table 1\n");
        assert!(out.html.get().contains("<h1 id=\"round-table-1\">"), "{}", out.html.get());
        assert!(out.html.get().contains("<h2 id=\"round-table-1-1\">"));
    }

    #[test]
    fn internal_links_are_recorded_with_their_line() {
        let out = r("Intro\n\nSee [the roadmap](@/notes/roadmap.md#dates).\n");
        assert_eq!(
            out.links,
            [InternalLink { target: "notes/roadmap.md".into(), anchor: Some("dates".into()), line: 7, column: 5 }]
        );
        let html =
            resolve_links(&out, |k| (k == "notes/roadmap.md").then(|| "/fr/notes/roadmap/".to_string())).unwrap();
        assert!(html.contains("href=\"/fr/notes/roadmap/#dates\""), "{html}");
        assert!(resolve_links(&out, |_| None).is_err());
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = r("<script>alert(1)</script>\n\nText <b>x</b>\n");
        assert!(!out.html.get().contains("<script>"));
        assert!(out.html.get().contains("&lt;script&gt;"));
        let highlighter = Highlighter::default();
        let shortcodes = crate::theme::default_shortcodes();
        let options = Options { allow_html: true, highlighter: &highlighter, shortcodes: &shortcodes, lang: "en" };
        let allowed = render("<b>x</b>\n", 1, "", &options);
        assert!(allowed.html.get().contains("<b>x</b>"));
    }

    #[test]
    fn external_links_get_noopener() {
        let out = r("[UN](https://un.org \"t\") and [*home*](/en/)\n");
        assert!(
            out.html.get().contains("<a href=\"https://un.org\" title=\"t\" rel=\"noopener\">UN</a>"),
            "{}",
            out.html.get()
        );
        assert!(out.html.get().contains("<a href=\"/en/\"><em>home</em></a>"), "{}", out.html.get());
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = r("```rust\nfn main() {}\n```\n");
        assert!(out.html.get().contains("<pre class=\"code\" data-lang=\"rust\">"), "{}", out.html.get());
        assert!(out.html.get().contains("class=\"hl-"), "{}", out.html.get());
        assert!(!out.html.get().contains("style="));
    }

    #[test]
    fn relative_links_to_pages_become_internal_links() {
        let out = r("[a](other.md) [b](../programme/rt1.md#when) [c](#top) [d](/images/x.png) ![e](img/y.png) [f](mailto:a@b.org)\n");
        let targets: Vec<(&str, Option<&str>)> =
            out.links.iter().map(|l| (l.target.as_str(), l.anchor.as_deref())).collect();
        assert_eq!(targets, [("notes/other.md", None), ("programme/rt1.md", Some("when"))]);
        assert_eq!(out.fragments, [("top".to_string(), Pos { line: 5, column: 45 })]);
        let paths: Vec<&str> = out.paths.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(paths, ["/images/x.png"]);
        assert_eq!(out.images[0].src, "img/y.png");
        assert!(out.html.get().contains("href=\"@/0\""), "{}", out.html.get());
        assert_eq!(relative_page("../../x.md", "notes"), Some(None));
    }

    #[test]
    fn non_ascii_and_encoded_targets_resolve() {
        let out = r("[r](@/briefs/réunion.md) [s](@/briefs/r%C3%A9union.md) [t](<my file.md>)\n");
        let targets: Vec<&str> = out.links.iter().map(|l| l.target.as_str()).collect();
        assert_eq!(targets, ["briefs/réunion.md", "briefs/réunion.md", "notes/my file.md"]);
        let html = resolve_links(&out, |k| Some(format!("/en/{}/", k.len()))).unwrap();
        assert!(!html.contains("href=\"#\""), "{html}");
    }

    #[test]
    fn refused_schemes_are_reported_and_not_linked() {
        let out = r("[a](javascript:alert(1)) [b](VBScript:x) ![c](data:text/html;base64,xx) [d](<java\tscript:x>)\n");
        let refused: Vec<&str> = out.refused.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(refused.len(), 4, "{refused:?}");
        assert!(!out.html.get().to_ascii_lowercase().contains("script:"), "{}", out.html.get());
        assert!(!out.html.get().contains("data:"), "{}", out.html.get());
        assert!(out.html.get().contains('a') && out.html.get().contains("<p>"), "{}", out.html.get());
    }

    #[test]
    fn images_become_placeholders_with_their_alt_text() {
        let out = r("Intro\n\n![A *map* of `x`](map.png \"T\") ![](https://un.org/a.png)\n\n[UN](https://un.org)\n");
        let images: Vec<(&str, &str, &str, usize)> =
            out.images.iter().map(|i| (i.src.as_str(), i.alt.as_str(), i.title.as_str(), i.line)).collect();
        assert_eq!(images, [("map.png", "A map of x", "T", 7), ("https://un.org/a.png", "", "", 7)]);
        assert!(
            out.html.get().contains(&image_placeholder(0)) && out.html.get().contains(&image_placeholder(1)),
            "{}",
            out.html.get()
        );
        assert!(!out.html.get().contains("<img"), "{}", out.html.get());
        let external: Vec<&str> = out.external.iter().map(|(u, _)| u.as_str()).collect();
        assert_eq!(external, ["https://un.org/a.png", "https://un.org"]);
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let out = r("# T\n\nThe *first* one.\n\nSecond.\n");
        assert_eq!(out.first_paragraph, "The first one.");
    }
}
