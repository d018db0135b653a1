//! Site paths and slugs, the one rule for turning file names, headings and link targets into URL
//! segments, and for resolving `.` and `..`:
//!
//! - a slug is what [`slugify`] makes: letters and digits (any script) lowercased, every other run
//!   of characters one `-`, `_` kept inside; [`is_slug`] is true exactly for its fixed points, so a
//!   `slug:` the author writes and one made from a file name follow the same rule;
//! - a file name with nothing to slugify (`!.md`) has no URL: the loader reports it;
//! - link targets are percent-decoded before they are looked up (`r%C3%A9union.md` is
//!   `réunion.md`), and paths are joined with [`join`], which refuses to climb above the root;
//! - a URL path maps to one output file ([`output_file`]): a folder URL to its `index.html`;
//! - a path imrf writes into HTML from a file name ([`encode`]) has the characters a URL or a
//!   `srcset` cannot hold as they are (space, `,`, `%`, `#`, `?`, quotes…) percent-encoded.

/// Letters and digits (any script) lowercased; every other run of characters becomes one `-`,
/// and `_` is kept when it follows a letter or digit. Leading and trailing separators are dropped.
pub fn slugify(s: &str) -> String {
    let mut out = String::new();
    let mut dash = false;
    for c in s.chars() {
        if c.is_alphanumeric() {
            if dash && !out.is_empty() {
                out.push('-');
            }
            dash = false;
            out.extend(c.to_lowercase());
        } else if c == '_' && !out.is_empty() {
            out.push('_');
            dash = false;
        } else {
            dash = true;
        }
    }
    out
}

/// Whether `s` is a slug: not empty, and what [`slugify`] makes of it is itself.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty() && slugify(s) == s
}

/// The key of a section's page (`notes/_index.md`; `_index.md` for the home page).
pub fn section_index(section: &str) -> String {
    if section.is_empty() {
        "_index.md".to_string()
    } else {
        format!("{section}/_index.md")
    }
}

/// The folder that holds `section` (`""` for a top-level section).
pub fn parent_section(section: &str) -> &str {
    section.rfind('/').map_or("", |i| &section[..i])
}

/// Percent-decodes a link target written by an author (`%20`, `%C3%A9`); a target that does not
/// decode to UTF-8 is kept as written.
pub fn decode(target: &str) -> String {
    percent_encoding::percent_decode_str(target).decode_utf8().map_or_else(|_| target.to_string(), |s| s.into_owned())
}

/// `rel` resolved against the folder `base` (both `/`-separated, without leading slash): `.` and
/// empty segments dropped, `..` climbing one folder. `None` when `rel` climbs above the root.
pub fn join(base: &str, rel: &str) -> Option<String> {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop()?;
            }
            s => parts.push(s),
        }
    }
    Some(parts.join("/"))
}

/// What [`encode`] percent-encodes: controls, space, and what ends or splits a URL or a `srcset`.
const ENCODED: &percent_encoding::AsciiSet = &percent_encoding::CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'\'')
    .add(b'#')
    .add(b'%')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b',');

/// A (decoded) path of the site as a URL path: [`decode`] gives it back.
pub fn encode(path: &str) -> String {
    percent_encoding::utf8_percent_encode(path, ENCODED).to_string()
}

/// Percent-decodes a request path strictly: `None` when it does not decode to UTF-8.
pub fn decode_strict(path: &str) -> Option<String> {
    percent_encoding::percent_decode_str(path).decode_utf8().ok().map(|s| s.into_owned())
}

/// The output file of a (decoded) URL path below the site's base path: `en/notes/x/` is
/// `en/notes/x/index.html`, `en/search/index.json` itself.
pub fn output_file(url_path: &str) -> String {
    let path = url_path.trim_start_matches('/');
    if path.is_empty() || path.ends_with('/') {
        format!("{path}index.html")
    } else {
        path.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs() {
        assert_eq!(slugify("Round table 1: Drivers"), "round-table-1-drivers");
        assert_eq!(slugify("  Data & info "), "data-info");
        assert_eq!(slugify("Пленарное заседание"), "пленарное-заседание");
        assert_eq!(slugify("!"), "");
        assert!(is_slug("round-table_1"));
        assert!(is_slug("réunion"));
        assert!(!is_slug("-a"));
        assert!(!is_slug("A"));
        assert!(!is_slug(""));
    }

    #[test]
    fn joining_never_climbs_above_the_root() {
        assert_eq!(join("en/notes/x", "../y/").as_deref(), Some("en/notes/y"));
        assert_eq!(join("notes", "./a.md").as_deref(), Some("notes/a.md"));
        assert_eq!(join("notes", "../../a.md"), None);
    }

    #[test]
    fn output_files() {
        assert_eq!(output_file("/en/notes/x/"), "en/notes/x/index.html");
        assert_eq!(output_file("en/réunion/"), "en/réunion/index.html");
        assert_eq!(output_file(""), "index.html");
        assert_eq!(output_file("/sitemap.xml"), "sitemap.xml");
    }

    #[test]
    fn targets_decode() {
        assert_eq!(decode("briefs/r%C3%A9union.md"), "briefs/réunion.md");
        assert_eq!(decode("my%20file.md"), "my file.md");
        assert_eq!(decode("bad%FF"), "bad%FF");
        assert_eq!(decode_strict("bad%FF"), None);
        assert_eq!(decode_strict("/caf%C3%A9/").as_deref(), Some("/café/"));
        assert_eq!(encode("images/my map, 2%.png"), "images/my%20map%2C%202%25.png");
        assert_eq!(decode(&encode("notes/réunion #1.png")), "notes/réunion #1.png");
    }
}
