//! The URL policy: one rule for every link a page carries, whoever wrote it (Markdown links and
//! images, front matter, data files, templates).
//!
//! - Allowed: `http:` and `https:` (and `//host`), `mailto:`, `tel:`; `@/` links to pages;
//!   `#fragments`; paths of the site (`/kb/en/x/`, `../img.png`).
//! - Refused, everywhere: any other scheme (`javascript:`, `vbscript:`, `data:`, `file:`, …).
//!   The scheme is read as a browser reads it: leading spaces and control characters, and tabs and
//!   line breaks anywhere, are ignored, and case does not matter.
//! - Data files and front matter fields that hold a link want an absolute `http(s)` or `mailto`
//!   link ([`check_absolute`]).
//! - `base_url` is an absolute `http(s)` URL with a host and no query or fragment; its path (`/kb`)
//!   prefixes every URL the site has ([`BaseUrl`]).

/// What a link points at, by the policy above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// `http(s)://…` or `//host/…`.
    External,
    /// `mailto:` or `tel:`.
    Contact,
    /// `#anchor` (or a bare `#`, the top of the page).
    Fragment,
    /// A path of the site: `/x/`, `x.png`, `../y/`.
    SitePath,
    /// `@/key.md`, a page by its source file.
    Page,
    /// A scheme the policy refuses.
    Refused,
}

const ALLOWED_SCHEMES: &[&str] = &["http", "https", "mailto", "tel"];

/// The scheme of `url` as a browser sees it (lowercased), if it has one.
pub fn scheme(url: &str) -> Option<String> {
    if !url.contains(':') {
        return None;
    }
    let trimmed = url.trim_start_matches(|c: char| c <= ' ');
    let cleaned: String = trimmed.chars().filter(|c| !matches!(c, '\t' | '\n' | '\r')).collect();
    let end = cleaned.find(':')?;
    let candidate = &cleaned[..end];
    let valid = candidate.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && candidate.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c));
    valid.then(|| candidate.to_ascii_lowercase())
}

/// Classifies a link target by the policy.
pub fn classify(url: &str) -> Kind {
    if url.starts_with("@/") {
        return Kind::Page;
    }
    if url.starts_with('#') {
        return Kind::Fragment;
    }
    if url.starts_with("//") {
        return Kind::External;
    }
    match scheme(url) {
        None => Kind::SitePath,
        Some(s) if s == "http" || s == "https" => Kind::External,
        Some(s) if ALLOWED_SCHEMES.contains(&s.as_str()) => Kind::Contact,
        Some(_) => Kind::Refused,
    }
}

/// The message for a refused link, the same wherever it is found.
pub fn refused_message(url: &str) -> String {
    let scheme = scheme(url).unwrap_or_default();
    format!(
        "link `{}` uses the `{scheme}:` scheme, which is not allowed (only http, https, mailto and tel)",
        shorten(url)
    )
}

/// Checks a link written in a data file or a front matter field: an absolute http(s) link or a
/// mailto address.
pub fn check_absolute(url: &str) -> Result<(), String> {
    if url.contains(char::is_whitespace) && matches!(scheme(url).as_deref(), Some("http" | "https" | "mailto")) {
        return Err(format!("`{url}` contains white space (write a space as %20)"));
    }
    match scheme(url).as_deref() {
        Some("http" | "https") => match url::Url::parse(url) {
            Ok(u) if u.host_str().is_some_and(|h| !h.is_empty()) => Ok(()),
            _ => Err(format!("`{url}` is not a complete http(s) link")),
        },
        Some("mailto") if url.contains('@') => Ok(()),
        Some(_) if classify(url) == Kind::Refused => Err(refused_message(url)),
        _ => Err(format!("`{url}` is not an http(s) or mailto link")),
    }
}

/// A refused link is shown in messages, but never at full length.
pub fn shorten(url: &str) -> String {
    let mut s: String = url.chars().take(60).collect();
    if s.len() < url.len() {
        s.push('…');
    }
    s
}

/// The first link of an HTML document (in `href`, `src`, `action`, `formaction`, `poster` or
/// `data` attributes, as a browser decodes them) that the policy refuses. Templates print data
/// they were given: this is the last check before anything is published.
pub fn refused_in_html(html: &str) -> Option<String> {
    refused_links_in_html(html).into_iter().next().map(|(_, url)| url)
}

/// Every link of an HTML fragment that the policy refuses, with the byte offset of its
/// attribute's name.
pub fn refused_links_in_html(html: &str) -> Vec<(usize, String)> {
    const ATTRIBUTES: &[&str] = &["href", "src", "action", "formaction", "poster", "data", "xlink:href"];
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(i) = html[from..].find('=').map(|i| i + from) {
        from = i + 1;
        // After the last space or `<` before the name: that character may take several bytes
        // (a no-break space is whitespace too).
        let name_start = html[..i]
            .trim_end()
            .char_indices()
            .rev()
            .find(|&(_, c)| c.is_whitespace() || c == '<')
            .map_or(0, |(j, c)| j + c.len_utf8());
        let name = html[name_start..i].trim();
        if !ATTRIBUTES.iter().any(|a| a.eq_ignore_ascii_case(name)) {
            continue;
        }
        let rest = html[i + 1..].trim_start();
        let value = match rest.as_bytes().first() {
            Some(&q @ (b'"' | b'\'')) => rest[1..].split(q as char).next().unwrap_or(""),
            _ => rest.split(|c: char| c.is_whitespace() || c == '>').next().unwrap_or(""),
        };
        let decoded = decode_entities(value);
        if classify(&decoded) == Kind::Refused {
            found.push((name_start, decoded.into_owned()));
        }
    }
    found
}

/// Character references as a browser decodes them in an attribute: numeric ones and the few
/// named ones that can spell a scheme.
fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return s.into();
    }
    let mut out = String::new();
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        let after = &rest[i + 1..];
        let end = after.find(';').filter(|&e| e <= 10);
        let decoded = end.and_then(|e| {
            let name = &after[..e];
            let c = match name.strip_prefix('#') {
                Some(n) => match n.strip_prefix(['x', 'X']) {
                    Some(hex) => u32::from_str_radix(hex, 16).ok().and_then(char::from_u32),
                    None => n.parse().ok().and_then(char::from_u32),
                },
                None => match name {
                    "colon" => Some(':'),
                    "Tab" => Some('\t'),
                    "NewLine" => Some('\n'),
                    "amp" => Some('&'),
                    _ => None,
                },
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &after[e + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out.into()
}

/// The validated `base_url`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// Scheme, host and path, without a trailing slash: `https://example.org/kb`.
    pub url: String,
    /// The path part, without a trailing slash (`/kb`, or empty): every URL of the site starts with it.
    pub path: String,
    /// `example.org`.
    pub host: String,
}

impl BaseUrl {
    pub fn parse(s: &str) -> Result<BaseUrl, String> {
        let parsed = url::Url::parse(s).map_err(|e| match e {
            url::ParseError::RelativeUrlWithoutBase => {
                format!("base_url `{s}` is not an absolute URL: write it with its scheme, like `https://{s}`")
            }
            e => format!("base_url `{s}` is not a valid URL: {e}"),
        })?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(format!("base_url `{s}` must be an http or https URL"));
        }
        let host = parsed.host_str().filter(|h| !h.is_empty()).ok_or(format!("base_url `{s}` has no host"))?;
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(format!("base_url `{s}` must not have a query (`?`) or a fragment (`#`)"));
        }
        let path = parsed.path().trim_end_matches('/').to_string();
        let mut url = format!("{}://{}", parsed.scheme(), host);
        if let Some(port) = parsed.port() {
            url.push_str(&format!(":{port}"));
        }
        url.push_str(&path);
        Ok(BaseUrl { url, path, host: host.to_string() })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn schemes_are_read_as_browsers_read_them() {
        for bad in [
            "javascript:alert(1)",
            "VBScript:x",
            "data:text/html;base64,x",
            " java\tscript:x",
            "\u{1}javascript:x",
            "file:///etc/passwd",
        ] {
            assert_eq!(classify(bad), Kind::Refused, "{bad:?}");
        }
        assert_eq!(classify("https://un.org"), Kind::External);
        assert_eq!(classify("//un.org/x"), Kind::External);
        assert_eq!(classify("mailto:a@b.org"), Kind::Contact);
        assert_eq!(classify("tel:+41227000000"), Kind::Contact);
        assert_eq!(classify("/kb/en/"), Kind::SitePath);
        assert_eq!(classify("../x/y:z"), Kind::SitePath);
        assert_eq!(classify("#top"), Kind::Fragment);
        assert_eq!(classify("@/notes/x.md"), Kind::Page);
    }

    #[test]
    fn refused_links_are_found_in_html_however_written() {
        assert_eq!(refused_in_html(r#"<a href="/en/">x</a><img src='a.png'>"#), None);
        assert!(refused_in_html(r#"<a class=x href="javascript:alert(1)">"#).is_some());
        assert!(refused_in_html(r#"<a HREF='&#106;avascript&colon;x'>"#).is_some());
        assert!(refused_in_html(r#"<iframe src=data:text/html,x>"#).is_some());
        assert_eq!(refused_in_html(r#"<p>a = b, href is a word</p>"#), None);
        // Before an attribute, whitespace of several bytes (found by `markdown_never_panics`).
        assert_eq!(refused_in_html("<?\u{a0}!="), None);
        for space in ['\u{a0}', '\u{3000}', '\u{2028}'] {
            assert!(refused_in_html(&format!("<a{space}href=\"javascript:x\">")).is_some(), "{space:?}");
        }
    }

    use proptest::prelude::*;

    proptest! {
        /// Any text, with the characters the scan cuts at (`=`, `<`, quotes, spaces of one to
        /// three bytes) made frequent: the scan never cuts inside a character.
        #[test]
        fn any_text_is_scanned_without_a_panic(
            parts in proptest::collection::vec(
                prop_oneof![
                    Just("=".to_string()),
                    Just("<".to_string()),
                    Just("\"".to_string()),
                    Just(" href".to_string()),
                    proptest::sample::select(vec!['\u{a0}', '\u{2028}', '\u{3000}', ' ', '\t']).prop_map(String::from),
                    any::<String>(),
                ],
                0..24,
            )
        ) {
            let html: String = parts.concat();
            let _ = refused_links_in_html(&html);
        }
    }

    #[test]
    fn absolute_links() {
        assert!(check_absolute("https://un.org/x").is_ok());
        assert!(check_absolute("mailto:a@b.org").is_ok());
        assert!(check_absolute("javascript:alert(1)").unwrap_err().contains("not allowed"));
        assert!(check_absolute("ftp://x").is_err());
        assert!(check_absolute("https://").is_err());
        assert!(check_absolute("https://un.org/a b").unwrap_err().contains("white space"));
    }

    #[test]
    fn base_urls() {
        let b = BaseUrl::parse("https://example.org/kb/").unwrap();
        assert_eq!(
            (b.url.as_str(), b.path.as_str(), b.host.as_str()),
            ("https://example.org/kb", "/kb", "example.org")
        );
        assert_eq!(BaseUrl::parse("http://127.0.0.1:1111").unwrap().url, "http://127.0.0.1:1111");
        assert!(BaseUrl::parse("example.org/kb").unwrap_err().contains("absolute"));
        assert!(BaseUrl::parse("ftp://example.org").is_err());
        assert!(BaseUrl::parse("https://example.org/?a=1").is_err());
    }
}
