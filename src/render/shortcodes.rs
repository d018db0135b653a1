//! Rendering the shortcode calls of a page in the reader's language: each call's template gets its
//! arguments, `lang`, the UI strings `t`, the objectives (`objectives`, titles and URLs in the
//! reader's language), the site's data and, for a call with a body, the body's HTML as `body`.
//! A call whose `src` is a picture also gets `picture`, the picture's HTML (sizes, responsive
//! copies, its `alt`, or none with `decorative=true`). Its HTML takes the place of the call's
//! placeholder; a placeholder alone in a paragraph takes
//! the paragraph's place, so that a figure or a note is never inside a `<p>`.

use super::context::Context;
use super::views::ObjectiveRef;
use crate::content::Page;
use crate::diagnostics::{Diagnostic, Severity};
use crate::shortcodes::{Call, CLOSE, OPEN};

/// `html` with every call of `calls` rendered in place of its placeholders.
/// URLs of pictures start with `prefix` (the base path, or the whole base URL for feeds).
pub(super) fn fill(
    cx: &Context<'_>,
    page: &Page,
    lang: &str,
    mut html: String,
    calls: &[Call],
    prefix: &str,
) -> String {
    // Later calls first: a body's nested calls are filled before the body is handed over.
    for (i, call) in calls.iter().enumerate().rev() {
        let open = format!("{OPEN}{i}{CLOSE}");
        let Some(a) = html.find(&open) else {
            continue;
        };
        let (start, end, body) = if call.body {
            let close = format!("{OPEN}/{i}{CLOSE}");
            let Some(b) = html.find(&close) else {
                continue;
            };
            let (start, inner_start) = widen(&html, a, a + open.len());
            let (inner_end, end) = widen(&html, b, b + close.len());
            (start, end, html[inner_start..inner_end.max(inner_start)].trim().to_string())
        } else {
            (a, a + open.len(), String::new())
        };
        let rendered = render(cx, page, lang, call, &body, prefix);
        // Block HTML (a figure, a callout) takes the place of a paragraph it stands alone in.
        let (start, end) = if !call.body && is_block(&rendered) { widen(&html, start, end) } else { (start, end) };
        html.replace_range(start..end, &rendered);
    }
    html
}

/// Whether HTML starts with a block element, which may not stand inside a `<p>`.
fn is_block(html: &str) -> bool {
    const BLOCKS: &[&str] = &[
        "<figure",
        "<aside",
        "<div",
        "<section",
        "<table",
        "<ul",
        "<ol",
        "<dl",
        "<nav",
        "<p",
        "<h",
        "<blockquote",
        "<pre",
        "<hr",
        "<details",
        "<article",
        "<header",
        "<footer",
        "<address",
        "<form",
        "<fieldset",
    ];
    BLOCKS.iter().any(|tag| html.starts_with(tag))
}

/// The range of a placeholder, widened to its paragraph when it stands alone in one.
fn widen(html: &str, start: usize, end: usize) -> (usize, usize) {
    let before = html[..start].strip_suffix("<p>");
    let after = html[end..].strip_prefix("</p>");
    match (before, after) {
        (Some(b), Some(_)) => (b.len(), end + "</p>".len() + usize::from(html[end + 4..].starts_with('\n'))),
        _ => (start, end),
    }
}

/// One call's HTML; a template error is reported at the call's line and leaves nothing.
fn render(cx: &Context<'_>, page: &Page, lang: &str, call: &Call, body: &str, prefix: &str) -> String {
    let mut ctx = cx.templates.context(lang);
    for (key, value) in &call.args {
        ctx.insert(key.as_str(), value);
    }
    if let Some(src) = call.args.get("src").and_then(|v| v.as_str()) {
        let decorative = call.args.get("decorative").and_then(|v| v.as_bool()) == Some(true);
        let alt = if decorative { "" } else { call.args.get("alt").and_then(|v| v.as_str()).unwrap_or_default() };
        if let Some(picture) = cx.media.shortcode_picture(&page.section, src, alt, &cx.urls.base_path, prefix) {
            ctx.insert("picture", &picture);
        }
    }
    ctx.insert("body", body);
    ctx.insert("lang", lang);
    let objectives: Vec<ObjectiveRef> =
        cx.site.data.objectives.iter().map(|o| cx.objective_ref(lang, o.number)).collect();
    ctx.insert("objectives", &objectives);
    let template = format!("shortcodes/{}.html", call.name);
    match cx.theme.tera.render(&template, &ctx) {
        Ok(html) => html.trim().to_string(),
        Err(e) => {
            let (_, message) = crate::theme::tera_error(&e);
            // `throw(message=…)` in a shortcode is the author's message: show it alone.
            let message = message.split("Function call 'throw' failed: ").nth(1).unwrap_or(&message).to_string();
            let d = Diagnostic {
                path: page.file.clone(),
                line: Some(call.line),
                column: Some(call.column),
                severity: Severity::Error,
                message,
            };
            cx.problems.lock().unwrap_or_else(|e| e.into_inner()).push(d);
            String::new()
        }
    }
}
