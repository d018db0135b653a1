//! What an SVG picture may hold before imrf publishes it: opened at its own URL, an SVG is a
//! document of the site's origin, so a script in it runs as the site. imrf does not rewrite
//! SVGs; it refuses, at the file and line, one that is not well-formed XML or holds anything
//! outside a safe subset:
//!
//! - elements: drawing, text, gradients, patterns, masks, markers, filters and metadata (the
//!   list in [`ALLOWED`]); elements of other XML vocabularies (Inkscape's, RDF) are inert and
//!   kept, but never XHTML or MathML, and never `script`, `foreignObject`, `iframe`, `animate`,
//!   `set` or any other element not listed;
//! - attributes: no event handler (`on…`); `href` only to a fragment of the file (`#id`), an
//!   `<a>` also to an `http(s)` address, an `<image>` also to an embedded PNG, JPEG, GIF or WebP
//!   (`data:image/png;base64,…`); a `url(…)` (in any attribute, `style` or `<style>`) only to a
//!   fragment; no `@import`, `expression(` or `javascript:` in styles;
//! - no document type declaration (it could declare entities).
//!
//! [`check`] is the one rule: pictures of pages and the SVG files of `static/` and themes both
//! go through it.

use roxmltree::{Document, Node, ParsingOptions};

const SVG_NS: &str = "http://www.w3.org/2000/svg";
const XLINK_NS: &str = "http://www.w3.org/1999/xlink";
/// Vocabularies whose elements a browser would render or run inside an SVG.
const ACTIVE_NS: &[&str] = &["http://www.w3.org/1999/xhtml", "http://www.w3.org/1998/Math/MathML"];

/// The SVG elements a published picture may hold.
const ALLOWED: &[&str] = &[
    "svg",
    "g",
    "defs",
    "symbol",
    "use",
    "title",
    "desc",
    "metadata",
    "switch",
    "a",
    "path",
    "rect",
    "circle",
    "ellipse",
    "line",
    "polyline",
    "polygon",
    "text",
    "tspan",
    "textPath",
    "image",
    "linearGradient",
    "radialGradient",
    "stop",
    "pattern",
    "clipPath",
    "mask",
    "marker",
    "style",
    "view",
    "filter",
    "feBlend",
    "feColorMatrix",
    "feComponentTransfer",
    "feComposite",
    "feConvolveMatrix",
    "feDiffuseLighting",
    "feDisplacementMap",
    "feDistantLight",
    "feDropShadow",
    "feFlood",
    "feFuncA",
    "feFuncB",
    "feFuncG",
    "feFuncR",
    "feGaussianBlur",
    "feMerge",
    "feMergeNode",
    "feMorphology",
    "feOffset",
    "fePointLight",
    "feSpecularLighting",
    "feSpotLight",
    "feTile",
    "feTurbulence",
];

/// Embedded pictures an `<image>` may show.
const DATA_IMAGES: &[&str] = &["data:image/png;", "data:image/jpeg;", "data:image/gif;", "data:image/webp;"];

/// Why an SVG is refused, and the line (1-based) where the problem starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub message: String,
}

impl std::fmt::Display for Refusal {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}: {}", self.line, self.message)
    }
}

/// Checks an SVG file against the safe subset.
pub fn check(bytes: &[u8]) -> Result<(), Refusal> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| Refusal { line: line_at(bytes, e.valid_up_to()), message: "the SVG is not valid UTF-8".into() })?;
    let options = ParsingOptions { allow_dtd: false, ..ParsingOptions::default() };
    let doc = Document::parse_with_options(text, options).map_err(|e| Refusal {
        line: e.pos().row as usize,
        message: if matches!(e, roxmltree::Error::DtdDetected) {
            "an SVG picture may not have a document type declaration (<!DOCTYPE …>): remove it".to_string()
        } else {
            format!("the SVG is not well-formed XML ({e})")
        },
    })?;
    let root = doc.root_element();
    if root.tag_name().namespace() != Some(SVG_NS) || root.tag_name().name() != "svg" {
        return Err(Refusal {
            line: line_of(&doc, root),
            message: "the file is not an SVG picture (its root is not <svg> in the SVG namespace)".into(),
        });
    }
    for node in root.descendants() {
        if node.is_element() {
            element(&doc, node)?;
        } else if node.is_text() && node.parent().is_some_and(|p| p.tag_name().name() == "style") {
            style(node.text().unwrap_or(""), || line_of(&doc, node))?;
        } else if node.is_pi() {
            return Err(refused(&doc, node, "a processing instruction (<?…?>) inside the picture"));
        }
    }
    Ok(())
}

fn refused(doc: &Document<'_>, node: Node<'_, '_>, what: &str) -> Refusal {
    Refusal {
        line: line_of(doc, node),
        message: format!("{what}: SVG pictures may not hold scripts or active content"),
    }
}

fn line_of(doc: &Document<'_>, node: Node<'_, '_>) -> usize {
    doc.text_pos_at(node.range().start).row as usize
}

fn line_at(bytes: &[u8], offset: usize) -> usize {
    bytes[..offset].iter().filter(|b| **b == b'\n').count() + 1
}

/// One element and its attributes.
fn element(doc: &Document<'_>, node: Node<'_, '_>) -> Result<(), Refusal> {
    let tag = node.tag_name();
    let name = tag.name();
    match tag.namespace() {
        Some(SVG_NS) if ALLOWED.contains(&name) => {}
        Some(SVG_NS) | None => return Err(refused(doc, node, &format!("the element <{name}>"))),
        Some(ns) if ACTIVE_NS.contains(&ns) => return Err(refused(doc, node, &format!("the element <{name}> ({ns})"))),
        // Another vocabulary (Inkscape's, RDF metadata): not rendered, not run.
        Some(_) => {}
    }
    for attr in node.attributes() {
        let local = attr.name();
        let value = attr.value();
        let at = || Refusal { line: doc.text_pos_at(attr.range().start).row as usize, message: String::new() };
        if local.len() > 2 && local[..2].eq_ignore_ascii_case("on") {
            return Err(Refusal {
                message: format!("the event handler `{local}`: SVG pictures may not hold scripts or active content"),
                ..at()
            });
        }
        let is_href = local == "href" && matches!(attr.namespace(), None | Some(XLINK_NS));
        if is_href && !href_allowed(name, value) {
            let shown = crate::urls::shorten(value);
            return Err(Refusal {
                message: format!(
                    "<{name}> links to `{shown}`: an SVG picture may link only inside itself (`#id`){}",
                    match name {
                        "a" => ", or to an http(s) address",
                        "image" => ", or embed a PNG, JPEG, GIF or WebP (`data:image/png;base64,…`)",
                        _ => "",
                    }
                ),
                ..at()
            });
        }
        style(value, || at().line)?;
    }
    Ok(())
}

/// Whether an `href` of element `name` may be published.
fn href_allowed(name: &str, value: &str) -> bool {
    let v = value.trim();
    let lower = v.to_ascii_lowercase();
    v.starts_with('#')
        || name == "a" && crate::urls::classify(v) == crate::urls::Kind::External
        || name == "image" && DATA_IMAGES.iter().any(|p| lower.starts_with(p))
}

/// A style (an attribute value or a `<style>` element): `url()` only to a fragment, no imports,
/// expressions or `javascript:`.
fn style(text: &str, line: impl Fn() -> usize) -> Result<(), Refusal> {
    // CSS escapes (`\75 rl(`) and comments could hide a word: look at the text without them.
    let folded: String = text.to_ascii_lowercase().chars().filter(|c| !c.is_whitespace()).collect();
    let bad = |what: &str| {
        Err(Refusal {
            line: line(),
            message: format!("{what} in a style: SVG pictures may not load other files or run scripts"),
        })
    };
    if folded.contains('\\') || folded.contains("/*") {
        return bad("a CSS escape or comment");
    }
    for word in ["@import", "expression(", "javascript:", "behavior:", "-moz-binding"] {
        if folded.contains(word) {
            return bad(&format!("`{word}`"));
        }
    }
    let mut rest = folded.as_str();
    while let Some(i) = rest.find("url(") {
        rest = &rest[i + 4..];
        let target = rest.trim_start_matches(['"', '\'']);
        if !target.starts_with('#') {
            return bad("a `url(…)` to another file");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn svg(inner: &str) -> String {
        format!("<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:xlink=\"http://www.w3.org/1999/xlink\" viewBox=\"0 0 10 10\">\n{inner}\n</svg>")
    }

    #[test]
    fn drawings_pass() {
        let ok =
            svg("<defs><linearGradient id=\"g\"><stop offset=\"0\" stop-color=\"#fff\"/></linearGradient></defs>\n\
             <rect width=\"10\" height=\"10\" fill=\"url(#g)\" style=\"stroke: url('#g')\"/><use href=\"#g\"/>\n\
             <a href=\"https://www.un.org/\"><text>UN</text></a><style>rect { fill: red }</style>\n\
             <image xlink:href=\"data:image/png;base64,iVBORw0KGgo=\"/>");
        assert_eq!(check(ok.as_bytes()), Ok(()));
        let inkscape = "<svg xmlns=\"http://www.w3.org/2000/svg\" xmlns:sodipodi=\"http://sodipodi.sourceforge.net/DTD/sodipodi-0.dtd\"><sodipodi:namedview pagecolor=\"#fff\"/></svg>";
        assert_eq!(check(inkscape.as_bytes()), Ok(()));
    }

    #[test]
    fn active_content_is_refused_at_its_line() {
        let cases = [
            ("<script>alert(1)</script>", 2, "<script>"),
            ("<rect\n onload=\"alert(1)\"/>", 3, "onload"),
            ("<rect ONCLICK=\"x\"/>", 2, "ONCLICK"),
            ("<a href=\"javascript:alert(1)\"><text>x</text></a>", 2, "javascript:alert(1)"),
            ("<a xlink:href=\" JaVaScRiPt:alert(1)\"/>", 2, "links to"),
            ("<use href=\"https://evil.example/x.svg#a\"/>", 2, "links to"),
            ("<image href=\"data:image/svg+xml;base64,PHN2Zz4=\"/>", 2, "links to"),
            ("<foreignObject><div xmlns=\"http://www.w3.org/1999/xhtml\">x</div></foreignObject>", 2, "foreignObject"),
            ("<animate attributeName=\"href\" to=\"javascript:alert(1)\"/>", 2, "<animate>"),
            ("<set attributeName=\"onclick\"/>", 2, "<set>"),
            ("<style>@import url(https://evil.example/x.css);</style>", 2, "@import"),
            ("<rect style=\"fill: url(https://evil.example/a)\"/>", 2, "url("),
            ("<rect fill=\"u\\72l(https://evil.example/a)\"/>", 2, "escape"),
            ("<h:script xmlns:h=\"http://www.w3.org/1999/xhtml\">x</h:script>", 2, "<script>"),
            ("<iframe/>", 2, "<iframe>"),
        ];
        for (inner, line, said) in cases {
            let e = check(svg(inner).as_bytes()).expect_err(inner);
            assert_eq!(e.line, line, "{inner}: {e}");
            assert!(e.message.contains(said), "{inner}: {e}");
        }
    }

    #[test]
    fn what_is_not_an_svg_document_is_refused() {
        assert!(check(b"not xml at all").unwrap_err().message.contains("not well-formed XML"));
        assert!(check(b"<svg><rect></svg>").is_err());
        let dtd = "<?xml version=\"1.0\"?>\n<!DOCTYPE svg [<!ENTITY a \"aaaa\">]>\n<svg xmlns=\"http://www.w3.org/2000/svg\">&a;</svg>";
        let e = check(dtd.as_bytes()).unwrap_err();
        assert!(e.message.contains("document type declaration"), "{e}");
        assert!(check(b"<html xmlns=\"http://www.w3.org/1999/xhtml\"/>").unwrap_err().message.contains("not an SVG"));
        assert!(check(b"<svg>no namespace</svg>").is_err());
        assert!(check(&[0xff, 0xfe]).unwrap_err().message.contains("UTF-8"));
    }
}
