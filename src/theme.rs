//! The theme: Tera templates, static assets and the UI strings of every language. The default
//! theme is compiled into the binary (its files under `themes/default/` are the one source); a
//! site's own `themes/<name>/` overrides it file by file, and its strings key by key.

use crate::config::Config;
use crate::diagnostics::Diagnostics;
use std::collections::BTreeMap;
use std::path::Path;
use tera::Tera;

macro_rules! embed {
    ($($path:literal),* $(,)?) => {
        &[$(($path, include_bytes!(concat!("../themes/default/", $path)))),*]
    };
}

/// The browser CMS application vendored in `themes/default/cms/` (Decap CMS, see its
/// `VENDORED.txt`), by file name: published in `/admin/` when site.toml has `[cms]`. `build.rs`
/// lists the folder; a site's own theme does not replace it.
pub const CMS_APP: &[(&str, &[u8])] = include!(concat!(env!("OUT_DIR"), "/cms_app.rs"));

/// Every file of `themes/default/` but the CMS application ([`CMS_APP`]), relative to it. A test
/// checks that none is missing.
pub const DEFAULT_THEME: &[(&str, &[u8])] = embed![
    "templates/base.html",
    "templates/macros.html",
    "templates/home.html",
    "templates/section.html",
    "templates/page.html",
    "templates/programme.html",
    "templates/event.html",
    "templates/dialogues.html",
    "templates/dialogue.html",
    "templates/notes.html",
    "templates/note.html",
    "templates/objectives.html",
    "templates/objective.html",
    "templates/round_tables.html",
    "templates/round_table.html",
    "templates/principles.html",
    "templates/principle.html",
    "templates/champions.html",
    "templates/champion.html",
    "templates/resources.html",
    "templates/language_picker.html",
    "templates/404.html",
    "templates/search.html",
    "templates/social.html",
    "shortcodes/figure.html",
    "shortcodes/note.html",
    "shortcodes/recording.html",
    "shortcodes/objective.html",
    "shortcodes/document.html",
    "static/style.css",
    "static/search.js",
    "static/stemmers/ar.js",
    "static/stemmers/en.js",
    "static/stemmers/es.js",
    "static/stemmers/fr.js",
    "static/stemmers/ru.js",
    "static/stemmers/runtime.js",
    "static/favicon.svg",
    "static/favicon.ico",
    "static/apple-touch-icon.png",
    "i18n/ar.toml",
    "i18n/en.toml",
    "i18n/es.toml",
    "i18n/fr.toml",
    "i18n/ru.toml",
    "i18n/zh.toml",
    "data/world-110m.tsv",
];

/// The country shapes of the champion countries map: built-in only (not copied to the output,
/// not overridable), made by `tests/browser/maps/world.mjs` from Natural Earth (public domain).
const WORLD_MAP: &str = "data/world-110m.tsv";

/// UI strings of one language: flat keys to text (or, for `months` and `weekdays`, lists).
pub type Strings = serde_json::Map<String, serde_json::Value>;

pub struct Theme {
    pub tera: Tera,
    /// Static files, by output path.
    pub statics: BTreeMap<String, Vec<u8>>,
    /// Strings per language code.
    pub strings: BTreeMap<String, Strings>,
    /// Each template's file as messages name it (`themes/default/templates/page.html`).
    pub template_files: BTreeMap<String, String>,
    /// The shortcodes (`figure`), with what each takes; their templates are `shortcodes/NAME.html`.
    pub shortcodes: BTreeMap<String, crate::shortcodes::Spec>,
    /// A hash of every template (shortcodes too), by name: part of the keys of cached pages
    /// and Markdown.
    pub digest: String,
}

/// The default theme's shortcodes and what each takes.
#[cfg(test)]
pub fn default_shortcodes() -> BTreeMap<String, crate::shortcodes::Spec> {
    DEFAULT_THEME
        .iter()
        .filter_map(|(p, b)| {
            let name = p.strip_prefix("shortcodes/")?.strip_suffix(".html")?;
            let spec = crate::shortcodes::Spec::parse(std::str::from_utf8(b).ok()?).ok()?;
            Some((name.to_string(), spec))
        })
        .collect()
}

/// One template of the theme: its Tera name (`page.html`, `shortcodes/figure.html`), the file it
/// was read from as messages show it (a site's own, or the built-in default's), and its text.
struct TemplateSource {
    name: String,
    shown: String,
    text: String,
}

/// A hash of every template (name and text).
fn digest(templates: &[TemplateSource]) -> String {
    let mut hasher = crate::hash::KeyHasher::default();
    for TemplateSource { name, text, .. } in templates {
        hasher.add(name.as_bytes());
        hasher.add(text.as_bytes());
    }
    hasher.finish()
}

impl Theme {
    pub fn load(root: &Path, config: &Config, diags: &mut Diagnostics) -> Option<Theme> {
        // Path in the theme to (file shown in messages, bytes, whether the site wrote it).
        let mut files: BTreeMap<String, (String, Vec<u8>, bool)> = DEFAULT_THEME
            .iter()
            .map(|(p, b)| (p.to_string(), (format!("themes/default/{p}"), b.to_vec(), false)))
            .collect();
        // A theme is a folder of `themes/`, named by one name: never a path, never a link out.
        let own = crate::paths::check_name(&config.theme)
            .and_then(|()| crate::paths::inside(root, &format!("themes/{}", config.theme), "the theme's folder"));
        let own = match own {
            Ok(own) => own,
            Err(e) => {
                let message = format!("theme `{}` must name a folder of themes/: {e}", config.theme);
                diags.error(crate::config::CONFIG_FILE, config.theme_line, message);
                return None;
            }
        };
        if own.is_dir() {
            for walked in crate::paths::walk(&own) {
                let walked = match walked {
                    Ok(w) => w,
                    Err(e) => {
                        diags.error(&format!("themes/{}", config.theme), None, format!("cannot read the folder: {e}"));
                        continue;
                    }
                };
                let rel = match walked.rel {
                    Ok(rel) => rel,
                    Err((shown, e)) => {
                        diags.error(&format!("themes/{}/{shown}", config.theme), None, format!("not read: {e}"));
                        continue;
                    }
                };
                if rel.starts_with("cms/") {
                    // The CMS application comes from the binary (`CMS_APP`), never from a theme.
                    continue;
                }
                let shown = format!("themes/{}/{rel}", config.theme);
                let rel = crate::paths::nfc(&rel);
                match std::fs::read(&walked.path) {
                    Ok(bytes) => {
                        files.insert(rel, (shown, bytes, true));
                    }
                    Err(e) => diags.error(&shown, None, format!("cannot read the file: {e}")),
                }
            }
        } else if config.theme != "default" {
            diags.error(
                crate::config::CONFIG_FILE,
                config.theme_line,
                format!("theme `{}` not found: there is no themes/{}/ folder", config.theme, config.theme),
            );
            return None;
        }

        let mut templates = Vec::new();
        let mut statics = BTreeMap::new();
        // Strings merge key by key: the built-in file first, the site's own over it.
        let mut string_files: BTreeMap<String, Vec<StringsFile>> = BTreeMap::new();
        for (p, b) in DEFAULT_THEME {
            if let Some(code) = p.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".toml")) {
                let file = StringsFile { shown: format!("themes/default/{p}"), bytes: b.to_vec(), site: false };
                string_files.entry(code.to_string()).or_default().push(file);
            }
        }
        let mut shortcodes = BTreeMap::new();
        for (rel, (shown, bytes, site)) in files {
            if let Some(name) = rel.strip_prefix("templates/") {
                match String::from_utf8(bytes) {
                    Ok(text) => templates.push(TemplateSource { name: name.to_string(), shown, text }),
                    Err(_) => diags.error(&shown, None, "the template is not valid UTF-8"),
                }
            } else if let Some(name) = rel.strip_prefix("shortcodes/").and_then(|n| n.strip_suffix(".html")) {
                let text = match String::from_utf8(bytes) {
                    Ok(text) => text,
                    Err(_) => {
                        diags.error(&shown, None, "the shortcode is not valid UTF-8");
                        continue;
                    }
                };
                match crate::shortcodes::Spec::parse(&text) {
                    Ok(spec) => {
                        shortcodes.insert(name.to_string(), spec);
                    }
                    Err(e) => diags.error(&shown, Some(1), format!("the shortcode's declaration: {e}")),
                }
                templates.push(TemplateSource { name: format!("shortcodes/{name}.html"), shown, text });
            } else if let Some(name) = rel.strip_prefix("static/") {
                statics.insert(name.to_string(), bytes);
            } else if let Some(name) = rel.strip_prefix("i18n/").and_then(|n| n.strip_suffix(".toml")) {
                if site {
                    // The site's own strings file, layered over the built-in one.
                    string_files.entry(name.to_string()).or_default().push(StringsFile { shown, bytes, site });
                }
            }
        }
        let used = keys_used_by(&templates);
        let template_files = templates.iter().map(|t| (t.name.clone(), t.shown.clone())).collect();
        let digest = digest(&templates);
        let tera = compile_templates(&templates, diags)?;
        let strings = load_strings(string_files, &used, config, diags)?;
        Some(Theme { tera, statics, strings, template_files, shortcodes, digest })
    }
}

fn compile_templates(templates: &[TemplateSource], diags: &mut Diagnostics) -> Option<Tera> {
    let mut tera = Tera::default();
    // The site's one escaping rule; unlike Tera's default it leaves `/` alone.
    tera.set_escape_fn(crate::escape::html);
    // Values written into a `<script>`: `{{ url | js | safe }}`.
    tera.register_filter("js", crate::escape::js_filter);
    // Templates are added one at a time first so that each broken one is reported on its own.
    let mut ok = true;
    for TemplateSource { name, shown, text } in templates {
        if let Err(e) = tera::Template::new(name, None, text) {
            // Inheritance is resolved below; parsing alone checks each template's syntax.
            let (line, message) = tera_error(&e);
            diags.error(shown, line, message);
            ok = false;
        }
    }
    if !ok {
        return None;
    }
    let list: Vec<(&str, &str)> = templates.iter().map(|t| (t.name.as_str(), t.text.as_str())).collect();
    if let Err(e) = tera.add_raw_templates(list) {
        let (line, message) = tera_error(&e);
        let shown = templates
            .first()
            .map(|t| t.shown.rsplit_once('/').map_or("themes", |x| x.0).to_string())
            .unwrap_or_default();
        diags.error(&shown, line, message);
        return None;
    }
    Some(tera)
}

/// The message of a Tera error and its causes, with the line pulled out of ` --> L:C`.
pub fn tera_error(e: &tera::Error) -> (Option<usize>, String) {
    let mut parts = vec![e.to_string()];
    let mut source = std::error::Error::source(e);
    while let Some(s) = source {
        parts.push(s.to_string());
        source = s.source();
    }
    let full = parts.join(": ");
    let line = full.split("--> ").nth(1).and_then(|rest| rest.split(':').next()).and_then(|l| l.trim().parse().ok());
    let message = full
        .lines()
        .map(str::trim)
        .filter(|l| {
            !l.is_empty()
                && !l.starts_with("-->")
                && !l.starts_with('|')
                && !l.chars().next().is_some_and(|c| c.is_ascii_digit())
        })
        .map(|l| l.trim_start_matches("= "))
        .collect::<Vec<_>>()
        .join(" ");
    (line, message)
}

/// One layer of UI strings: the built-in file of a language, or a site's own over it.
struct StringsFile {
    shown: String,
    bytes: Vec<u8>,
    /// Written by the site (its keys are checked against the known ones).
    site: bool,
}

/// The UI-string keys the templates name (`t.key` or `t["key"]`).
fn keys_used_by(templates: &[TemplateSource]) -> std::collections::BTreeSet<String> {
    let mut keys = std::collections::BTreeSet::new();
    for TemplateSource { text, .. } in templates {
        let bytes = text.as_bytes();
        for (i, _) in text.match_indices("t.").chain(text.match_indices("t[\"")) {
            // `t` must stand alone: not the end of `event.start.`, say.
            if i > 0 && (bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'_' || bytes[i - 1] == b'.') {
                continue;
            }
            let start = if bytes[i + 1] == b'[' { i + 3 } else { i + 2 };
            let key: String = text[start..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !key.is_empty() {
                keys.insert(key);
            }
        }
    }
    keys
}

fn load_strings(
    files: BTreeMap<String, Vec<StringsFile>>,
    used: &std::collections::BTreeSet<String>,
    config: &Config,
    diags: &mut Diagnostics,
) -> Option<BTreeMap<String, Strings>> {
    // The keys a site's file may set: the built-in English ones, and those its templates use.
    let builtin = DEFAULT_THEME.iter().find(|(p, _)| *p == "i18n/en.toml").map(|(_, b)| *b).unwrap_or_default();
    let known: std::collections::BTreeSet<String> = toml::from_str::<toml::Table>(&String::from_utf8_lossy(builtin))
        .map(|t| t.keys().cloned().collect())
        .unwrap_or_default();
    // Per language: the file named in messages (the last layer) and the merged strings.
    let mut parsed: BTreeMap<String, (String, Strings)> = BTreeMap::new();
    for (code, layers) in files {
        for StringsFile { shown, bytes, site } in layers {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            match toml::from_str::<toml::Table>(&text) {
                Ok(table) => {
                    for key in table.keys().filter(|k| site && !known.contains(*k) && !used.contains(*k)) {
                        diags.warning(
                            &shown,
                            crate::position::key_line(&text, key, 1),
                            format!("unknown UI string `{key}`: no template uses it (a typo?)"),
                        );
                    }
                    let json =
                        serde_json::to_value(table).ok().and_then(|v| v.as_object().cloned()).unwrap_or_default();
                    let entry = parsed.entry(code.clone()).or_insert_with(|| (shown.clone(), Strings::new()));
                    entry.0 = shown;
                    entry.1.extend(json);
                }
                Err(e) => {
                    let line = e.span().map(|s| crate::position::line_of_offset(&text, s.start));
                    diags.error(&shown, line, e.message().to_string());
                }
            }
        }
    }
    // English is the reference: every key it has, every language must have.
    let reference: Vec<String> = parsed.get("en").map(|(_, s)| s.keys().cloned().collect()).unwrap_or_default();
    let mut out = BTreeMap::new();
    let mut ok = true;
    for lang in &config.languages {
        let Some((shown, strings)) = parsed.get(lang.code.as_str()) else {
            diags.error(
                &format!("themes/{}/i18n/{}.toml", config.theme, lang.code),
                None,
                format!("no UI strings for language `{}`: add this file to the theme", lang.code),
            );
            ok = false;
            continue;
        };
        for key in &reference {
            if !strings.contains_key(key) {
                diags.error(shown, None, format!("missing UI string `{key}`"));
                ok = false;
            }
        }
        for key in ["months", "weekdays"] {
            let expected = if key == "months" { 12 } else { 7 };
            let len = strings.get(key).and_then(|v| v.as_array()).map_or(0, |a| a.len());
            if len != expected && strings.contains_key(key) {
                diags.error(shown, None, format!("`{key}` must list {expected} names"));
                ok = false;
            }
        }
        out.insert(lang.code.to_string(), strings.clone());
    }
    ok.then_some(out)
}

/// The text of the built-in world map data (see `WORLD_MAP`).
pub fn world_map() -> &'static str {
    let bytes = DEFAULT_THEME.iter().find(|(p, _)| *p == WORLD_MAP).map_or(&[][..], |(_, b)| *b);
    std::str::from_utf8(bytes).unwrap_or_default()
}

/// A UI string, or the key itself when it is missing (missing keys are build errors already).
pub fn text<'a>(strings: &'a Strings, key: &'a str) -> &'a str {
    strings.get(key).and_then(|v| v.as_str()).unwrap_or(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_default_theme_file_is_embedded() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let mut on_disk: Vec<String> = walkdir::WalkDir::new(&dir)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .map(|e| e.path().strip_prefix(&dir).unwrap().to_string_lossy().replace('\\', "/"))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = DEFAULT_THEME.iter().map(|(p, _)| p.to_string()).collect();
        embedded.extend(CMS_APP.iter().map(|(name, _)| format!("cms/{name}")));
        embedded.sort();
        assert_eq!(on_disk, embedded);
    }

    #[test]
    fn tera_errors_carry_their_line() {
        let mut t = Tera::default();
        let e = t.add_raw_template("x.html", "a\nb\n{% if %}\n").unwrap_err();
        let (line, message) = tera_error(&e);
        assert_eq!(line, Some(3), "{message}");
        assert!(message.contains("x.html"), "{message}");
    }
}
