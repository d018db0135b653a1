//! The site's recurring terms, decided once per language (`content/glossary.yaml`, read into
//! [`crate::content::data::Term`]): where a source text holds a term, a translation is expected
//! to hold that language's form. `check` warns at the translation's line where it does not (a
//! warning, not an error: a translation may rightly say "the Compact" after the full name), and
//! the exports give translators the term beside each entry that holds one.

use super::data::DataText;
use super::Lined;
use crate::content::data::{Term, GLOSSARY_FILE};
use crate::content::Site;
use crate::diagnostics::Diagnostics;

/// The terms whose default-language form the Markdown text `source` holds.
pub fn terms_in<'s>(site: &'s Site, source: &str) -> Vec<&'s Term> {
    if site.data.glossary.is_empty() {
        return Vec::new();
    }
    let default = &site.config.default_language;
    let plain = plain(source);
    site.data.glossary.iter().filter(|t| t.in_text(default, &plain) == Some(true)).collect()
}

/// What a reader reads of a Markdown text, whitespace collapsed: where terms are looked for (a
/// link's destination, `round-table-3.md`, is no mention of a round table).
fn plain(markdown: &str) -> String {
    use pulldown_cmark::{Event, Parser};
    let mut out = String::with_capacity(markdown.len());
    for event in Parser::new_ext(markdown, crate::markdown::options()) {
        match event {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            _ => {}
        }
    }
    super::segments::normalize(&out)
}

/// What a translator into `lang` is told of the terms `source` holds: one comment per term.
pub fn comments(site: &Site, source: &str, lang: &str) -> Vec<String> {
    terms_in(site, source)
        .into_iter()
        .filter_map(|t| {
            let forms = t.forms.get(lang).filter(|f| !f.is_empty())?;
            let note = t.note.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
            Some(format!("glossary: {} = {}{note}", t.term, forms.join(" / ")))
        })
        .collect()
}

/// The message for a translation in `lang` that lacks the term `t`.
fn message(t: &Term, lang: &str) -> String {
    let forms: Vec<String> = t.forms.get(lang).into_iter().flatten().map(|f| format!("“{f}”")).collect();
    format!(
        "glossary: the source names “{}”, and this {lang} translation has none of {} ({GLOSSARY_FILE}:{})",
        t.term,
        forms.join(", "),
        t.line
    )
}

/// Warns where a translated page segment (of `lined`) lacks a term its source holds.
pub fn check_page(site: &Site, lined: &Lined<'_>, diags: &mut Diagnostics) {
    let Some(translation) = lined.translation else { return };
    for (s, _, counterpart) in lined.segments() {
        let Some(c) = counterpart else { continue };
        let terms = terms_in(site, &s.text);
        if terms.is_empty() {
            continue;
        }
        let translated = plain(&c.text);
        for t in terms {
            if t.in_text(&lined.lang, &translated) == Some(false) {
                diags.warning(&translation.file, Some(c.line), message(t, &lined.lang));
            }
        }
    }
}

/// Warns where a data text's translation lacks a term its source holds; `line` is the field's.
pub fn check_data(site: &Site, text: &DataText<'_>, line: usize, diags: &mut Diagnostics) {
    let default = &site.config.default_language;
    let source = text.source(default);
    for lang in site.config.languages.iter().map(|l| &l.code).filter(|l| *l != default) {
        let Some(translation) = text.translation(lang) else { continue };
        let translated = plain(translation);
        for t in terms_in(site, &source) {
            if t.in_text(lang, &translated) == Some(false) {
                diags.warning(&text.file, Some(line), format!("`{}`: {}", text.record_name(), message(t, lang)));
            }
        }
    }
}
