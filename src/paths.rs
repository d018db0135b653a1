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
//!
//! And the one rule of containment: every path that comes from the content, `site.toml` or the
//! command line stays inside the site (inside the output folder for writes):
//!
//! - a name (of a file, a folder, a theme) is checked by [`check_name`]: not empty, not `.` or
//!   `..`, no `/`, `\`, NUL or control character; names are read in Unicode NFC ([`nfc`]), so a
//!   file saved in decomposed form (`re` + U+0301 `union.md`) and a link to `réunion.md` meet;
//! - a relative path given by a user ([`relative`]) is names joined by `/`, never absolute, never
//!   climbing with `..`;
//! - a file is opened through [`inside`], which refuses a symbolic link (anywhere on the way)
//!   that leads out of the folder it must stay in; the walker ([`walk`]) follows no link out.

use std::path::{Path, PathBuf};

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
/// The decoded target is in NFC, like the names of files ([`nfc`]).
pub fn decode(target: &str) -> String {
    percent_encoding::percent_decode_str(target).decode_utf8().map_or_else(|_| target.to_string(), |s| nfc(&s))
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

/// Why a name or a path given by a user is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PathError {
    #[error("it is empty")]
    Empty,
    #[error("`{0}` is not a name of a file or folder")]
    Dots(String),
    #[error("it holds a backslash: use `/` between folders, and no `\\` in names")]
    Backslash,
    #[error("it holds a control character")]
    Control,
    #[error("it is absolute: give a path inside the site")]
    Absolute,
    #[error("it climbs out with `..`")]
    Climbs,
    #[error("it has an empty folder name (`//`, or a `/` at the end)")]
    EmptySegment,
    #[error("it holds a `/`: give one name, not a path")]
    Separator,
    #[error("the file name is not valid UTF-8")]
    NotUtf8,
    #[error("{shown} is a symbolic link that leads outside {within}")]
    LinkOutside { shown: String, within: String },
    #[error("cannot resolve {shown}: {message}")]
    Unresolved { shown: String, message: String },
}

/// `s` in Unicode normalization form C (composed), the one form names are compared in.
pub fn nfc(s: &str) -> String {
    use unicode_normalization::{is_nfc_quick, IsNormalized, UnicodeNormalization};
    match is_nfc_quick(s.chars()) {
        IsNormalized::Yes => s.to_string(),
        _ => s.nfc().collect(),
    }
}

/// Whether `name` can name one file or folder of the site.
pub fn check_name(name: &str) -> Result<(), PathError> {
    if name.is_empty() {
        return Err(PathError::Empty);
    }
    if name == "." || name == ".." {
        return Err(PathError::Dots(name.to_string()));
    }
    if name.contains('\\') {
        return Err(PathError::Backslash);
    }
    if name.contains('/') {
        return Err(PathError::Separator);
    }
    if name.chars().any(char::is_control) {
        return Err(PathError::Control);
    }
    Ok(())
}

/// A relative path a user gave (`notes/my-note`), checked name by name and in NFC: never
/// absolute (`/x`, `C:x`), never climbing (`..`), no `.` or empty names.
pub fn relative(input: &str) -> Result<String, PathError> {
    if input.is_empty() {
        return Err(PathError::Empty);
    }
    let bytes = input.as_bytes();
    let drive = bytes.len() >= 2 && bytes[1] == b':' && bytes[0].is_ascii_alphabetic();
    if input.starts_with('/') || drive {
        return Err(PathError::Absolute);
    }
    for name in input.split('/') {
        match check_name(name) {
            Err(PathError::Dots(d)) if d == ".." => return Err(PathError::Climbs),
            Err(PathError::Empty) => return Err(PathError::EmptySegment),
            other => other?,
        }
    }
    Ok(nfc(input))
}

/// `within/rel` when every part of it that exists stays inside `within` once symbolic links are
/// resolved (a link to another file inside it is fine). `shown` names `rel` in messages. The
/// path need not exist.
pub fn inside(within: &Path, rel: &str, shown: &str) -> Result<PathBuf, PathError> {
    let unresolved = |e: std::io::Error| PathError::Unresolved { shown: shown.to_string(), message: e.to_string() };
    if !within.exists() {
        // Nothing below a folder that does not exist can lead anywhere.
        return Ok(rel.split('/').filter(|n| !n.is_empty() && *n != ".").fold(within.to_path_buf(), |p, n| p.join(n)));
    }
    let base = std::fs::canonicalize(within).map_err(unresolved)?;
    let mut path = within.to_path_buf();
    let mut exists = true;
    for name in rel.split('/').filter(|n| !n.is_empty() && *n != ".") {
        if name == ".." {
            return Err(PathError::Climbs);
        }
        path.push(name);
        if !exists {
            continue;
        }
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let target = std::fs::canonicalize(&path).map_err(unresolved)?;
                if !target.starts_with(&base) {
                    let within =
                        within.file_name().map_or("the site".to_string(), |n| format!("{}/", n.to_string_lossy()));
                    return Err(PathError::LinkOutside { shown: shown.to_string(), within });
                }
            }
            Ok(_) => {}
            // What does not exist leads nowhere: the caller's read says it is missing.
            Err(_) => exists = false,
        }
    }
    Ok(path)
}

/// The file at `path` as it is on disk, when the file system keeps its name in another Unicode
/// form than the NFC name it was asked by (a picture saved as `re\u{301}union.png` on Linux, linked
/// as `réunion.png`): each missing part is looked for among its folder's entries by NFC.
pub fn on_disk(path: &Path) -> PathBuf {
    if path.exists() {
        return path.to_path_buf();
    }
    let mut found = PathBuf::new();
    for part in path.components() {
        let next = found.join(part);
        if next.exists() {
            found = next;
            continue;
        }
        let wanted = nfc(&part.as_os_str().to_string_lossy());
        let matching = std::fs::read_dir(if found.as_os_str().is_empty() { Path::new(".") } else { &found })
            .into_iter()
            .flatten()
            .flatten()
            .find(|e| e.file_name().to_str().is_some_and(|n| nfc(n) == wanted));
        match matching {
            Some(entry) => found.push(entry.file_name()),
            None => return path.to_path_buf(),
        }
    }
    found
}

/// One file found by [`walk`]: where it is, and its `/`-separated path below the walked folder
/// as it is on disk (messages name it so; what it publishes or is looked up by is its [`nfc`]),
/// or (as far as it could be read) that path and why it is refused.
pub struct Walked {
    pub path: PathBuf,
    pub rel: Result<String, (String, PathError)>,
}

/// Every file below `dir` (sorted, hidden entries skipped), with its checked relative path. A
/// symbolic link is followed only to a file inside `dir`: a link out comes back refused. A folder
/// that cannot be read comes back as `Err(message)`; a folder that does not exist holds nothing.
pub fn walk(dir: &Path) -> Vec<Result<Walked, String>> {
    let mut out = Vec::new();
    if !dir.exists() {
        return out;
    }
    let walker = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let e = match entry {
            Ok(e) => e,
            Err(e) => {
                out.push(Err(e.to_string()));
                continue;
            }
        };
        let is_link = e.path_is_symlink();
        if !(e.file_type().is_file() || is_link && e.depth() > 0 && e.path().is_file()) {
            continue;
        }
        let below = e.path().strip_prefix(dir).unwrap_or(e.path());
        let lossy = below.to_string_lossy().into_owned();
        let rel = below
            .to_str()
            .ok_or(PathError::NotUtf8)
            .and_then(|r| {
                // On Windows `\` separates folders; elsewhere it is a character of a name.
                let r = if cfg!(windows) { r.replace('\\', "/") } else { r.to_string() };
                r.split('/').try_for_each(check_name)?;
                Ok(r)
            })
            .and_then(|r| if is_link { inside(dir, &r, &r).map(|_| r) } else { Ok(r) })
            .map_err(|err| (lossy, err));
        out.push(Ok(Walked { path: e.path().to_path_buf(), rel }));
    }
    out
}

/// File name endings of pictures: a shortcode's `src` with one of these is a picture.
const IMAGE_EXTENSIONS: &[&str] = &["png", "jpg", "jpeg", "webp", "gif", "svg", "avif"];

/// Whether a link names a picture file, by its ending.
pub fn is_image_name(src: &str) -> bool {
    let path = src.split(['?', '#']).next().unwrap_or("");
    let ext = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    ext.is_some_and(|e| IMAGE_EXTENSIONS.contains(&e.as_str()))
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

    #[test]
    fn user_paths_stay_inside() {
        assert_eq!(relative("notes/my-note").as_deref(), Ok("notes/my-note"));
        assert_eq!(relative("../../x"), Err(PathError::Climbs));
        assert_eq!(relative("notes/../../../../elsewhere/p"), Err(PathError::Climbs));
        assert_eq!(relative("/etc/x"), Err(PathError::Absolute));
        assert_eq!(relative("C:x"), Err(PathError::Absolute));
        assert_eq!(relative("notes/"), Err(PathError::EmptySegment));
        assert_eq!(relative("notes//x"), Err(PathError::EmptySegment));
        assert_eq!(relative("a\\b"), Err(PathError::Backslash));
        assert_eq!(relative("./a"), Err(PathError::Dots(".".into())));
        assert_eq!(relative("a\u{0}b"), Err(PathError::Control));
        assert_eq!(relative("re\u{301}union").as_deref(), Ok("r\u{e9}union"));
    }

    #[test]
    fn links_out_are_refused() {
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.png"), "x").unwrap();
        let site = tempfile::tempdir().unwrap();
        let content = site.path().join("content");
        std::fs::create_dir(&content).unwrap();
        std::fs::write(content.join("ok.png"), "x").unwrap();
        std::fs::write(content.join("a\\b.md"), "x").unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.png"), content.join("out.png")).unwrap();
        std::os::unix::fs::symlink(content.join("ok.png"), content.join("in.png")).unwrap();
        std::os::unix::fs::symlink(outside.path(), content.join("dir")).unwrap();
        assert!(inside(&content, "ok.png", "x").is_ok());
        assert!(inside(&content, "in.png", "x").is_ok());
        assert!(matches!(inside(&content, "out.png", "x"), Err(PathError::LinkOutside { .. })));
        assert!(matches!(inside(&content, "dir/secret.png", "x"), Err(PathError::LinkOutside { .. })));
        assert_eq!(inside(&content, "missing/x.png", "x").unwrap(), content.join("missing/x.png"));
        let rels: Vec<_> = walk(&content).into_iter().map(|w| w.unwrap().rel).collect();
        assert!(rels.contains(&Ok("ok.png".into())));
        assert!(rels.contains(&Ok("in.png".into())));
        assert!(rels.iter().any(|r| matches!(r, Err((p, PathError::LinkOutside { .. })) if p == "out.png")));
        assert!(rels.iter().any(|r| matches!(r, Err((p, PathError::Backslash)) if p == "a\\b.md")));
        assert!(!rels.iter().any(|r| matches!(r, Ok(p) if p.contains("secret"))));
    }
}
