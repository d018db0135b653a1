//! Markdown to HTML: pulldown-cmark with heading anchors, `@/` internal links kept as markers for
//! each language to resolve, code blocks highlighted by syntect with CSS classes, raw HTML escaped
//! unless the site allows it, and `rel="noopener"` on external links.

use crate::diagnostics::line_of_offset;
use pulldown_cmark::{html, CodeBlockKind, CowStr, Event, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;
use std::fmt::Write;
use std::sync::OnceLock;
use syntect::html::{ClassStyle, ClassedHTMLGenerator};
use syntect::parsing::SyntaxSet;
use syntect::util::LinesWithEndings;

/// The syntax definitions, loaded the first time a code block asks for them.
#[derive(Default)]
pub struct Highlighter {
    syntaxes: OnceLock<SyntaxSet>,
}

impl Highlighter {
    fn syntaxes(&self) -> &SyntaxSet {
        self.syntaxes.get_or_init(SyntaxSet::load_defaults_newlines)
    }

    /// Highlighted HTML for `code` in `lang`, or `None` when the language is unknown.
    fn highlight(&self, code: &str, lang: &str) -> Option<String> {
        let set = self.syntaxes();
        let syntax = set.find_syntax_by_token(lang)?;
        let mut gen =
            ClassedHTMLGenerator::new_with_class_style(syntax, set, ClassStyle::SpacedPrefixed { prefix: "hl-" });
        for line in LinesWithEndings::from(code) {
            gen.parse_html_for_line_which_includes_newline(line).ok()?;
        }
        Some(gen.finalize())
    }
}

/// An `@/` link found in a page body.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InternalLink {
    /// Content-relative path of the target's default-language file (`notes/roadmap.md`).
    pub target: String,
    pub anchor: Option<String>,
    /// File line of the link.
    pub line: usize,
}

/// A rendered body.
#[derive(Debug, Clone, Default)]
pub struct Rendered {
    /// HTML in which internal links still read `href="@/key#anchor"`; see [`resolve_links`].
    pub html: String,
    pub links: Vec<InternalLink>,
    /// The `id`s of the headings, for checking `#anchor` links.
    pub anchors: HashSet<String>,
    /// Plain text of the first paragraph, for descriptions and lists.
    pub first_paragraph: String,
    /// Plain text of the whole body, for search.
    pub plain: String,
    /// `#anchor` links to this page's own headings, with their line.
    pub fragments: Vec<(String, usize)>,
    /// Links and images to site paths (`/images/x.png`, `../other/`), with their line: checked
    /// against the built site.
    pub paths: Vec<(String, usize)>,
    /// Relative links to `.md` files that climb out of `content/`, with their line.
    pub outside: Vec<(String, usize)>,
}

/// Renders `body`, whose first line is line `body_line` of its file; `dir` is the file's folder
/// relative to `content/`, against which relative links to `.md` files resolve.
pub fn render(body: &str, body_line: usize, dir: &str, allow_html: bool, highlighter: &Highlighter) -> Rendered {
    let mut options = Options::empty();
    options.insert(Options::ENABLE_TABLES);
    options.insert(Options::ENABLE_FOOTNOTES);
    options.insert(Options::ENABLE_STRIKETHROUGH);
    options.insert(Options::ENABLE_HEADING_ATTRIBUTES);
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
        let line = || body_line + line_of_offset(body, range.start) - 1;
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
            Event::Start(Tag::Image { link_type, dest_url, title, id }) => {
                if !is_external(&dest_url) && !dest_url.starts_with("data:") {
                    walk.out.paths.push((dest_url.to_string(), line()));
                }
                walk.events.push(Event::Start(Tag::Image { link_type, dest_url, title, id }));
            }
            Event::Start(Tag::Link { dest_url, title, link_type, id }) => {
                walk.start_link(dest_url, title, link_type, id, line());
            }
            Event::End(TagEnd::Link) => {
                // An external link was opened as raw HTML (for its `rel`), so it closes the same way.
                let closing = if walk.external_links.pop() == Some(true) {
                    Event::Html(CowStr::Borrowed("</a>"))
                } else {
                    Event::End(TagEnd::Link)
                };
                walk.events.push(closing);
            }
            other => walk.events.push(other),
        }
    }
    let mut out = walk.out;
    html::push_html(&mut out.html, walk.events.into_iter());
    out.first_paragraph = out.first_paragraph.trim().to_string();
    out
}

/// The state of one pass over a page's Markdown events.
#[derive(Default)]
struct Walk<'a> {
    /// The page's folder, for relative links.
    dir: &'a str,
    out: Rendered,
    events: Vec<Event<'a>>,
    /// The open heading: its index in `events` and its text so far.
    heading: Option<(usize, String)>,
    paragraphs: usize,
    in_paragraph: bool,
    /// For each open link, whether it is external (opened as raw HTML).
    external_links: Vec<bool>,
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
                self.out.plain.push_str(t);
                if first {
                    self.out.first_paragraph.push_str(t);
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                self.out.plain.push(' ');
                if first {
                    self.out.first_paragraph.push(' ');
                }
            }
            Event::End(TagEnd::Paragraph | TagEnd::Heading(_) | TagEnd::Item | TagEnd::TableCell) => {
                self.out.plain.push(' ')
            }
            _ => {}
        }
    }

    /// Gives the heading a unique anchor: its own `{#id}`, or its text slugified.
    fn end_heading(&mut self, level: pulldown_cmark::HeadingLevel) {
        if let Some((at, text)) = self.heading.take() {
            if let Event::Start(Tag::Heading { id, .. }) = &mut self.events[at] {
                let wanted = id.as_ref().map(|s| s.to_string()).unwrap_or_else(|| crate::content::slugify(&text));
                let unique = unique_anchor(&wanted, &self.out.anchors);
                self.out.anchors.insert(unique.clone());
                *id = Some(CowStr::from(unique));
            }
        }
        self.events.push(Event::End(TagEnd::Heading(level)));
    }

    /// Records a link for checking and opens it: `@/` and relative `.md` links stay markers for
    /// each language to resolve; external ones get `rel="noopener"`.
    fn start_link(
        &mut self,
        dest_url: CowStr<'a>,
        title: CowStr<'a>,
        link_type: pulldown_cmark::LinkType,
        id: CowStr<'a>,
        line: usize,
    ) {
        let dest_url = match relative_page(&dest_url, self.dir) {
            Some(Ok(target)) => CowStr::from(format!("@/{target}")),
            Some(Err(())) => {
                self.out.outside.push((dest_url.to_string(), line));
                CowStr::from("#")
            }
            None => dest_url,
        };
        if let Some(target) = dest_url.strip_prefix("@/") {
            let (target, anchor) = match target.split_once('#') {
                Some((p, a)) => (p.to_string(), Some(a.to_string())),
                None => (target.to_string(), None),
            };
            self.out.links.push(InternalLink { target, anchor, line });
        } else if let Some(anchor) = dest_url.strip_prefix('#') {
            // A bare `#` is the top of the page.
            if !anchor.is_empty() {
                self.out.fragments.push((anchor.to_string(), line));
            }
        } else if is_external(&dest_url) {
            let mut a = String::from("<a href=\"");
            escape_attr(&mut a, &dest_url);
            a.push('"');
            if !title.is_empty() {
                a.push_str(" title=\"");
                escape_attr(&mut a, &title);
                a.push('"');
            }
            a.push_str(" rel=\"noopener\">");
            self.events.push(Event::Html(a.into()));
            self.external_links.push(true);
            return;
        } else if !dest_url.is_empty() && !has_scheme(&dest_url) {
            self.out.paths.push((dest_url.to_string(), line));
        }
        self.external_links.push(false);
        self.events.push(Event::Start(Tag::Link { dest_url, title, link_type, id }));
    }
}

/// `mailto:`, `tel:` and the like: links that are not paths of the site.
fn has_scheme(url: &str) -> bool {
    url.split_once(':').is_some_and(|(scheme, _)| {
        !scheme.is_empty()
            && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
            && !scheme.contains('/')
    })
}

/// For a relative link to a `.md` file, its content-relative path with any `#anchor`
/// (`Err` when it climbs out of `content/`); `None` for any other link.
fn relative_page(dest: &str, dir: &str) -> Option<Result<String, ()>> {
    if dest.starts_with('/') || dest.starts_with('#') || dest.starts_with("@/") || has_scheme(dest) || is_external(dest)
    {
        return None;
    }
    let (path, anchor) = match dest.split_once('#') {
        Some((p, a)) => (p, Some(a)),
        None => (dest, None),
    };
    if !path.ends_with(".md") {
        return None;
    }
    let mut parts: Vec<&str> = dir.split('/').filter(|p| !p.is_empty()).collect();
    for seg in path.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                if parts.pop().is_none() {
                    return Some(Err(()));
                }
            }
            s => parts.push(s),
        }
    }
    let mut target = parts.join("/");
    if let Some(a) = anchor {
        target.push('#');
        target.push_str(a);
    }
    Some(Ok(target))
}

fn is_external(url: &str) -> bool {
    let lower = url.to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("//")
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
            escape_attr(&mut out, lang);
            let _ = writeln!(out, "\"><code>{h}</code></pre>");
        }
        None => {
            out.push_str("<pre class=\"code\"><code>");
            escape_text(&mut out, code);
            out.push_str("</code></pre>\n");
        }
    }
    out
}

/// Escapes text for HTML attribute values and text (`&`, `"`, `<`, `>`, `'`). Runs of ordinary
/// characters are copied whole: templates escape every value they print.
pub fn escape_attr(out: &mut String, s: &str) {
    let mut last = 0;
    for (i, b) in s.bytes().enumerate() {
        let entity = match b {
            b'&' => "&amp;",
            b'"' => "&quot;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'\'' => "&#39;",
            _ => continue,
        };
        out.push_str(&s[last..i]);
        out.push_str(entity);
        last = i + 1;
    }
    out.push_str(&s[last..]);
}

fn escape_text(out: &mut String, s: &str) {
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
}

/// Replaces every `href="@/key#anchor"` with the URL `url_of(key)` gives (plus the anchor).
/// Unknown targets are left as `#` (the check stage has reported them).
pub fn resolve_links(html: &str, url_of: impl Fn(&str) -> Option<String>) -> String {
    const MARK: &str = "href=\"@/";
    if !html.contains(MARK) {
        return html.to_string();
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(i) = rest.find(MARK) {
        out.push_str(&rest[..i]);
        let after = &rest[i + MARK.len()..];
        let end = after.find('"').unwrap_or(after.len());
        let target = &after[..end];
        let (path, anchor) = match target.split_once('#') {
            Some((p, a)) => (p, Some(a)),
            None => (target, None),
        };
        let mut url = url_of(path).unwrap_or_else(|| "#".to_string());
        if let Some(a) = anchor {
            url.push('#');
            url.push_str(a);
        }
        out.push_str("href=\"");
        out.push_str(&url);
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(md: &str) -> Rendered {
        render(md, 5, "notes", false, &Highlighter::default())
    }

    #[test]
    fn headings_get_unique_anchors() {
        let out = r("# Round table 1\n\n## Round table 1\n");
        assert!(out.html.contains("<h1 id=\"round-table-1\">"), "{}", out.html);
        assert!(out.html.contains("<h2 id=\"round-table-1-1\">"));
    }

    #[test]
    fn internal_links_are_recorded_with_their_line() {
        let out = r("Intro\n\nSee [the roadmap](@/notes/roadmap.md#dates).\n");
        assert_eq!(
            out.links,
            [InternalLink { target: "notes/roadmap.md".into(), anchor: Some("dates".into()), line: 7 }]
        );
        let html = resolve_links(&out.html, |k| (k == "notes/roadmap.md").then(|| "/fr/notes/roadmap/".to_string()));
        assert!(html.contains("href=\"/fr/notes/roadmap/#dates\""), "{html}");
    }

    #[test]
    fn raw_html_is_escaped_by_default() {
        let out = r("<script>alert(1)</script>\n\nText <b>x</b>\n");
        assert!(!out.html.contains("<script>"));
        assert!(out.html.contains("&lt;script&gt;"));
        let allowed = render("<b>x</b>\n", 1, "", true, &Highlighter::default());
        assert!(allowed.html.contains("<b>x</b>"));
    }

    #[test]
    fn external_links_get_noopener() {
        let out = r("[UN](https://un.org \"t\") and [*home*](/en/)\n");
        assert!(out.html.contains("<a href=\"https://un.org\" title=\"t\" rel=\"noopener\">UN</a>"), "{}", out.html);
        assert!(out.html.contains("<a href=\"/en/\"><em>home</em></a>"), "{}", out.html);
    }

    #[test]
    fn code_is_highlighted_with_classes() {
        let out = r("```rust\nfn main() {}\n```\n");
        assert!(out.html.contains("<pre class=\"code\" data-lang=\"rust\">"), "{}", out.html);
        assert!(out.html.contains("class=\"hl-"), "{}", out.html);
        assert!(!out.html.contains("style="));
    }

    #[test]
    fn relative_links_to_pages_become_internal_links() {
        let out = r("[a](other.md) [b](../programme/rt1.md#when) [c](#top) [d](/images/x.png) ![e](img/y.png) [f](mailto:a@b.org)\n");
        let targets: Vec<(&str, Option<&str>)> =
            out.links.iter().map(|l| (l.target.as_str(), l.anchor.as_deref())).collect();
        assert_eq!(targets, [("notes/other.md", None), ("programme/rt1.md", Some("when"))]);
        assert_eq!(out.fragments, [("top".to_string(), 5)]);
        let paths: Vec<&str> = out.paths.iter().map(|p| p.0.as_str()).collect();
        assert_eq!(paths, ["/images/x.png", "img/y.png"]);
        assert!(out.html.contains("href=\"@/notes/other.md\""), "{}", out.html);
        assert_eq!(relative_page("../../x.md", "notes"), Some(Err(())));
    }

    #[test]
    fn escaping() {
        let mut out = String::new();
        escape_attr(&mut out, "a<b>&\"c'é");
        assert_eq!(out, "a&lt;b&gt;&amp;&quot;c&#39;é");
    }

    #[test]
    fn first_paragraph_is_plain_text() {
        let out = r("# T\n\nThe *first* one.\n\nSecond.\n");
        assert_eq!(out.first_paragraph, "The first one.");
    }
}
