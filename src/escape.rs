//! Escaping, the one rule for every byte of text that reaches HTML or XML: templates (Tera's
//! escape function), Markdown output, feeds, sitemaps, the dev server's pages. `&`, `<`, `>`, `"`
//! and `'` become entities, so a value is safe in text and in any quoted attribute; `/` is left
//! alone (it needs no escaping, and URLs stay readable). The work is pulldown-cmark's own escaper,
//! the same one that writes the Markdown's HTML.
//!
//! A URL written into an `href` or `src` goes through [`href_into`]: what CommonMark
//! percent-encodes (`\`, `` ` ``, `[`, `]`, spaces, non-ASCII…) is percent-encoded, what is
//! encoded already stays, and `&` and `'` become entities.
//!
//! A value written into a `<script>` goes through [`script_string`] (the templates' `js`
//! filter): a JSON string, quotes included, in which `<`, `>`, `&`, `'` and the line separators
//! are `\u` escapes. HTML entities mean nothing inside a script, so the HTML rule would change
//! the value (`&` in a URL became `&amp;`); this rule keeps it, and no value can close the
//! script element.

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

/// Appends the URL `url`, as an attribute value, to `out`.
pub fn href_into(out: &mut String, url: &str) {
    // Writing to a String cannot fail.
    let _ = pulldown_cmark_escape::escape_href(&mut *out, url);
}

/// The URL `url` as an attribute value.
pub fn href(url: &str) -> String {
    let mut out = String::with_capacity(url.len() + 8);
    href_into(&mut out, url);
    out
}

/// `s` as a JavaScript string literal (with its quotes) that is safe inside `<script>`.
pub fn script_string(s: &str) -> String {
    script_json(&serde_json::Value::from(s))
}

/// `value` as a JavaScript literal (JSON) that is safe inside `<script>`: no `</script>`, no
/// `<!--`, no line separators that end a JavaScript string.
pub fn script_json(value: &serde_json::Value) -> String {
    let json = value.to_string();
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' | '>' | '&' | '\'' | '\u{2028}' | '\u{2029}' => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out
}

/// Tera's `js` filter: `{{ url | js }}` in a script writes [`script_string`] of the value.
pub fn js_filter(value: &tera::Value, _: &std::collections::HashMap<String, tera::Value>) -> tera::Result<tera::Value> {
    let text = match value {
        tera::Value::String(s) => s.clone(),
        other => other.to_string(),
    };
    Ok(tera::Value::String(script_string(&text)))
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_special_character_is_escaped() {
        assert_eq!(super::html("a<b>&\"c'é/d"), "a&lt;b&gt;&amp;&quot;c&#39;é/d");
        assert_eq!(super::html("plain text"), "plain text");
    }

    #[test]
    fn urls_are_percent_encoded_as_commonmark_does() {
        assert_eq!(super::href("http://example.com?find=\\*"), "http://example.com?find=%5C*");
        assert_eq!(super::href("http://foo.bar.`baz"), "http://foo.bar.%60baz");
        assert_eq!(super::href("https://example.com/?search=][ref]"), "https://example.com/?search=%5D%5Bref%5D");
        assert_eq!(super::href("https://a.org/x?a=1&b='2'%20"), "https://a.org/x?a=1&amp;b=&#x27;2&#x27;%20");
    }

    #[test]
    fn script_strings_keep_their_value_and_cannot_close_the_script() {
        assert_eq!(super::script_string("https://a.org/k'b&c/"), "\"https://a.org/k\\u0027b\\u0026c/\"");
        assert_eq!(super::script_string("</script><b>\"x\""), "\"\\u003c/script\\u003e\\u003cb\\u003e\\\"x\\\"\"");
        let back: String = serde_json::from_str(&super::script_string("a'&<\u{2028}>\\")).unwrap();
        assert_eq!(back, "a'&<\u{2028}>\\");
    }
}
