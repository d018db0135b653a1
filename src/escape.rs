//! Escaping, the one rule for every byte of text that reaches HTML or XML: templates (Tera's
//! escape function), Markdown output, feeds, sitemaps, the dev server's pages. `&`, `<`, `>`, `"`
//! and `'` become entities, so a value is safe in text and in any quoted attribute; `/` is left
//! alone (it needs no escaping, and URLs stay readable). The work is pulldown-cmark's own escaper,
//! the same one that writes the Markdown's HTML.

/// Appends `s`, escaped for HTML or XML text and quoted attribute values, to `out`.
pub fn html_into(out: &mut String, s: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_html(out, s);
}

/// `s` escaped for HTML or XML text and quoted attribute values.
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + s.len() / 8);
    html_into(&mut out, s);
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(super::html("a<b>&\"c'é/d"), "a&lt;b&gt;&amp;&quot;c&#39;é/d");
        assert_eq!(super::html("plain text"), "plain text");
    }
}
