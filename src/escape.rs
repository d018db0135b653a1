//! Escaping, the one rule for every byte of text that reaches HTML or XML: templates (Tera's
//! escape function), Markdown output, feeds, sitemaps, the dev server's pages. `&`, `<`, `>`, `"`
//! and `'` become entities, so a value is safe in text and in any quoted attribute; `/` is left
//! alone (it needs no escaping, and URLs stay readable). The work is pulldown-cmark's own escaper,
//! the same one that writes the Markdown's HTML.
//!
//! A URL written into an `href` or `src` goes through [`href_into`]: what CommonMark
//! percent-encodes (`\`, `` ` ``, `[`, `]`, spaces, non-ASCII…) is percent-encoded, what is
//! encoded already stays, and `&` and `'` become entities.

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
}
