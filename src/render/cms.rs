//! `/admin/`: the browser CMS (Decap CMS, vendored in `themes/default/cms/`, see docs/cms.md) and
//! its configuration, generated from the content model ([`crate::content::schema`]) and the site's
//! data, so that what the editor accepts is what `check` accepts: a folder collection per section
//! with its type's fields, `required` exactly where the loader requires them, the closed sets
//! (objectives, principles, round tables, kinds, time zones) as choices, and one file per language
//! (`page.fr.md`); the rules between two fields, which Decap's fields cannot say, checked by the
//! page's script before a save; the data files as lists of items, through a format of the page's
//! own that keeps each file a list under its comments. Only a site whose site.toml has `[cms]`
//! gets it.

use super::context::Context;
use super::{Files, Provenance, Render, Scope};
use crate::config::{CmsBackend, CmsConfig, PublishMode};
use crate::content::data::Text;
use crate::content::kinds::{EventKind, NoteKind, Region, ResourceKind};
use crate::content::schema::{self, Between, Field, Kind};
use crate::content::{Page, SectionType, Site};
use serde_yaml::{Mapping, Value};

/// Where `imrf serve` answers the CMS's local backend (the protocol of `decap-server`).
pub const LOCAL_API: &str = "/api/v1";

/// The folder of the output that holds the CMS (`/admin/`).
pub const ADMIN: &str = "admin/";

pub(super) struct Admin;

impl Render for Admin {
    fn name(&self) -> &'static str {
        "cms"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        let Some(cms) = &cx.site.config.cms else { return };
        let built_in = |what: &str| Provenance::BuiltIn(what.to_string());
        files.file(format!("{ADMIN}index.html"), page(cx).into_bytes(), built_in("CMS page"));
        let backend = if cx.cms_local { Backend::Local } else { Backend::Site(cms) };
        let config = config_yml(cx.site, &cx.theme.strings, backend);
        files.file(format!("{ADMIN}config.yml"), config.into_bytes(), built_in("CMS configuration"));
        if matches!(scope, Scope::All) {
            for (name, bytes) in crate::theme::CMS_APP {
                let source = Provenance::ThemeFile(format!("themes/default/cms/{name}"));
                files.file(format!("{ADMIN}{name}"), bytes.to_vec(), source);
            }
        }
    }
}

/// Which backend the generated configuration names.
#[derive(Clone, Copy)]
pub enum Backend<'c> {
    /// The site's own, from `[cms]`.
    Site(&'c CmsConfig),
    /// `imrf serve`'s local backend, at [`LOCAL_API`] of the same origin.
    Local,
}

/// The CMS's page: the application, the site's stylesheet in its previews, and text fields that
/// follow the direction of what is typed in them (Arabic right to left).
fn page(cx: &Context<'_>) -> String {
    let title = crate::escape::html(&format!("Content manager · {}", cx.site.config.title));
    let style = cx.urls.site("style.css");
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<title>{title}</title>
<link rel="cms-config-url" type="text/yaml" href="config.yml">
<style>{BIDI}</style>
</head>
<body>
<script src="yaml.js"></script>
<script src="decap-cms.js"></script>
<script>
CMS.registerPreviewStyle({style});
CMS.registerPreviewStyle({bidi}, {{ raw: true }});
// The rules between two fields (content::schema::Between), which Decap's fields cannot say:
// an entry that breaks one is not saved, and the editor reads check's own words.
const RULES = {rules};
const given = (v) => v !== undefined && v !== null && v !== "" && !(typeof v === "object" && v.size === 0);
CMS.registerEventListener({{
  name: "preSave",
  handler: ({{ entry }}) => {{
    const data = entry.get("data");
    for (const rule of RULES[entry.get("collection")] || []) {{
      if (rule.either && !rule.either.some((f) => given(data.get(f)))) throw new Error(rule.message);
      if (rule.earlier) {{
        const earlier = data.get(rule.earlier), later = data.get(rule.later);
        if (given(earlier) && given(later) && String(later) <= String(earlier)) {{
          throw new Error(rule.message.replace("{{earlier}}", earlier).replace("{{later}}", later));
        }}
      }}
    }}
  }},
}});
// Data files are a list at the top level, with their sources in comments above it: Decap holds a
// file as one mapping, so the format hands it `{{header, items}}` and writes back the same list
// under the same comments (translated texts as maps of language to text, empty ones left out).
const DEFAULT_LANGUAGE = {default_language};
const TEXT_FIELDS = {text_fields};
const empty = (v) => v === undefined || v === null || v === "" || (Array.isArray(v) && v.length === 0)
  || (typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 0);
const prune = (v) => {{
  if (Array.isArray(v)) return v.map(prune).filter((x) => !empty(x));
  if (v && typeof v === "object") {{
    const out = {{}};
    for (const [k, x] of Object.entries(v)) {{ const p = prune(x); if (!empty(p)) out[k] = p; }}
    return out;
  }}
  return typeof v === "string" ? v.trim() === "" ? "" : v : v;
}};
CMS.registerCustomFormat({format}, "yaml", {{
  fromFile(text) {{
    const header = (text.match(/^(?:[ \t]*(?:#[^\n]*)?\n)*/) || [""])[0];
    const items = (YAML.parse(text) || []).map((item) => {{
      for (const f of TEXT_FIELDS) if (typeof item[f] === "string") item[f] = {{ [DEFAULT_LANGUAGE]: item[f] }};
      return item;
    }});
    return {{ header, items }};
  }},
  toFile(data) {{
    const doc = new YAML.Document(prune(data.items || []));
    YAML.visit(doc, {{ Seq(_, node) {{ if (node.items.every((i) => YAML.isScalar(i))) node.flow = true; }} }});
    return (data.header || "") + doc.toString({{ lineWidth: 0, flowCollectionPadding: false }});
  }},
}});
</script>
</body>
</html>
"#,
        default_language = crate::escape::script_string(cx.site.config.default_language.as_str()),
        text_fields = crate::escape::script_json(&serde_json::Value::from(data_text_fields())),
        format = crate::escape::script_string(DATA_FORMAT),
        style = crate::escape::script_string(&style),
        bidi = crate::escape::script_string(BIDI),
        rules = crate::escape::script_json(&rules(cx.site)),
    )
}

/// The names of the translated fields of data items, for the page's script.
fn data_text_fields() -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for f in schema::DATA_FILES.iter().flat_map(|(_, fields)| fields.iter()).filter(|f| f.translated) {
        if !out.contains(&f.name) {
            out.push(f.name);
        }
    }
    out
}

/// The rules between fields of each collection, for the page's script: `{collection: [{either:
/// [a, b], message} | {earlier, later, message}]}`.
fn rules(site: &Site) -> serde_json::Value {
    let mut out = serde_json::Map::new();
    for section in sections(site) {
        let rules: Vec<serde_json::Value> = rules_of(site.section_type(&section.section))
            .iter()
            .map(|rule| match rule {
                Between::EitherOf { fields, message } => serde_json::json!({ "either": fields, "message": message }),
                Between::InOrder { earlier, later, message } => {
                    serde_json::json!({ "earlier": earlier, "later": later, "message": message })
                }
            })
            .collect();
        if !rules.is_empty() {
            out.insert(collection_name(&section.section), serde_json::Value::Array(rules));
        }
    }
    serde_json::Value::Object(out)
}

/// The rules between two fields of a page of a section of type `t`.
fn rules_of(t: SectionType) -> &'static [Between] {
    match t {
        SectionType::Generic => &[],
        SectionType::Programme => schema::EVENT_RULES,
        SectionType::Dialogues => schema::DIALOGUE_RULES,
        SectionType::Notes => schema::NOTE_RULES,
    }
}

/// Each paragraph and field takes its direction from its first strong letter: Arabic shows right
/// to left in the forms and in the previews, whatever the editor's language.
const BIDI: &str = "input, textarea, [data-slate-editor], p, li, h1, h2, h3, h4, td, th, blockquote { unicode-bidi: plaintext; text-align: start; }";

/// The CMS's `config.yml`.
pub fn config_yml(
    site: &Site,
    strings: &std::collections::BTreeMap<String, crate::theme::Strings>,
    backend: Backend<'_>,
) -> String {
    let config = &site.config;
    let mut root = Mapping::new();
    root.insert("backend".into(), backend_map(backend));
    if let Backend::Site(cms) = backend {
        if cms.publish_mode == PublishMode::EditorialWorkflow {
            root.insert("publish_mode".into(), "editorial_workflow".into());
        }
    }
    let media = config.cms.as_ref().map_or("static/images/uploads", |c| c.media_folder.trim_end_matches('/'));
    root.insert("media_folder".into(), media.into());
    let public = format!("{}/{}", config.base_path, media.strip_prefix("static/").unwrap_or(media));
    root.insert("public_folder".into(), public.into());
    root.insert("site_url".into(), config.base_url.clone().into());
    root.insert("display_url".into(), config.base_url.clone().into());
    root.insert("show_preview_links".into(), true.into());
    let mut slug = Mapping::new();
    slug.insert("encoding".into(), "ascii".into());
    slug.insert("clean_accents".into(), true.into());
    root.insert("slug".into(), Value::Mapping(slug));
    let mut i18n = Mapping::new();
    i18n.insert("structure".into(), "multiple_files".into());
    // The default language first: Decap's form shows the first locale on the left.
    let default = config.default_language.as_str();
    let locales: Vec<Value> = std::iter::once(default)
        .chain(config.languages.iter().map(|l| l.code.as_str()).filter(|c| *c != default))
        .map(Value::from)
        .collect();
    i18n.insert("locales".into(), Value::Sequence(locales));
    i18n.insert("default_locale".into(), config.default_language.as_str().into());
    root.insert("i18n".into(), Value::Mapping(i18n));
    let lang = config.cms.as_ref().and_then(|c| c.locale.as_deref()).unwrap_or(config.default_language.as_str());
    let words = Words { lang, strings: strings.get(lang), fallback: strings.get(config.default_language.as_str()) };
    if let Some(locale) = decap_locale(lang) {
        root.insert("locale".into(), locale.into());
    }
    let mut collections: Vec<Value> =
        sections(site).into_iter().map(|s| Value::Mapping(folder_collection(site, s, words))).collect();
    collections.push(Value::Mapping(sections_collection(site)));
    if let Some(data) = data_collection(site, words) {
        collections.push(Value::Mapping(data));
    }
    root.insert("collections".into(), Value::Sequence(collections));
    let yaml = serde_yaml::to_string(&Value::Mapping(root)).expect("a mapping of plain values serializes");
    format!("# Written by imrf from site.toml's [cms] and the content model: change those, not this file.\n{yaml}")
}

fn backend_map(backend: Backend<'_>) -> Value {
    let mut m = Mapping::new();
    match backend {
        Backend::Local => {
            m.insert("name".into(), "proxy".into());
            m.insert("proxy_url".into(), LOCAL_API.into());
            m.insert("branch".into(), "main".into());
        }
        Backend::Site(cms) => {
            m.insert("name".into(), cms.backend.name().into());
            if let Some(repo) = &cms.repo {
                m.insert("repo".into(), repo.as_str().into());
            }
            m.insert("branch".into(), cms.branch.as_str().into());
            if matches!(cms.backend, CmsBackend::Gitlab) && cms.app_id.is_some() {
                m.insert("auth_type".into(), "pkce".into());
            }
            for (key, value) in [
                ("base_url", &cms.base_url),
                ("auth_endpoint", &cms.auth_endpoint),
                ("app_id", &cms.app_id),
                ("api_root", &cms.api_root),
            ] {
                if let Some(v) = value {
                    m.insert(key.into(), v.as_str().into());
                }
            }
        }
    }
    Value::Mapping(m)
}

/// The sections' own pages in the default language (not the home page), by folder.
fn sections(site: &Site) -> Vec<&Page> {
    let mut out: Vec<&Page> = site.sources().filter(|p| p.is_section && !p.section.is_empty()).collect();
    out.sort_by(|a, b| a.section.cmp(&b.section));
    out
}

/// A collection's name: its folder, with `-` for `/`.
fn collection_name(section: &str) -> String {
    section.replace('/', "-")
}

fn folder_collection(site: &Site, section: &Page, words: Words<'_>) -> Mapping {
    let mut c = Mapping::new();
    c.insert("name".into(), collection_name(&section.section).into());
    c.insert("label".into(), section.title.as_str().into());
    c.insert("folder".into(), format!("content/{}", section.section).into());
    c.insert("create".into(), true.into());
    c.insert("delete".into(), true.into());
    c.insert("extension".into(), "md".into());
    c.insert("format".into(), "frontmatter".into());
    c.insert("slug".into(), "{{slug}}".into());
    c.insert("summary".into(), "{{title}}".into());
    c.insert("i18n".into(), true.into());
    let preview = format!("{}/{}{{{{slug}}}}/", site.config.default_language, section.path);
    c.insert("preview_path".into(), preview.into());
    let fields: Vec<Value> = fields_of(site.section_type(&section.section))
        .into_iter()
        .filter_map(|f| widget(site, &section.section, f, words).map(Value::Mapping))
        .chain([Value::Mapping(body())])
        .collect();
    c.insert("fields".into(), Value::Sequence(fields));
    c
}

/// Every section's own page (and the home page), in the default language: its title, summary,
/// order and text. Decap keeps the fields it does not show (`type`) as they are.
fn sections_collection(site: &Site) -> Mapping {
    let mut c = Mapping::new();
    c.insert("name".into(), "sections".into());
    c.insert("label".into(), "Section pages".into());
    let mut pages: Vec<&Page> = site.sources().filter(|p| p.is_section).collect();
    pages.sort_by(|a, b| a.section.cmp(&b.section));
    let files: Vec<Value> = pages
        .into_iter()
        .map(|p| {
            let mut f = Mapping::new();
            let name = if p.section.is_empty() { "home".to_string() } else { collection_name(&p.section) };
            f.insert("name".into(), name.into());
            f.insert("label".into(), p.title.as_str().into());
            f.insert("file".into(), p.file.as_str().into());
            let fields: Vec<Value> = ["title", "summary", "weight"]
                .iter()
                .filter_map(|n| schema::COMMON.iter().find(|f| f.name == *n))
                .filter_map(|f| widget(site, &p.section, *f, Words::NONE))
                .chain([body()])
                .map(|mut m| {
                    // File collections hold one language (Decap's single_file only).
                    m.remove("i18n");
                    Value::Mapping(m)
                })
                .collect();
            f.insert("fields".into(), Value::Sequence(fields));
            Value::Mapping(f)
        })
        .collect();
    c.insert("files".into(), Value::Sequence(files));
    c
}

/// The name of the page script's format for data files: a list at the top level, kept as one,
/// with the comments above it (`/admin/`'s script registers it with Decap).
pub const DATA_FORMAT: &str = "imrf-list";

/// The site's own data files that a person edits item by item (`schema::DATA_FILES`), each a
/// file of one collection: its items as a list, each item's fields from the schema, a translated
/// field as one text per language (all languages in one file, as the file keeps them).
fn data_collection(site: &Site, words: Words<'_>) -> Option<Mapping> {
    let files: Vec<Value> = schema::DATA_FILES
        .iter()
        .filter_map(|(name, fields)| {
            let path = ["yaml", "yml"]
                .iter()
                .map(|ext| format!("content/{name}.{ext}"))
                .find(|p| site.data.sources.contains_key(p))?;
            let title = data_label(name);
            let mut items = Mapping::new();
            items.insert("name".into(), "items".into());
            items.insert("label".into(), title.into());
            items.insert("widget".into(), "list".into());
            items.insert("label_singular".into(), data_item_label(name).into());
            let first = fields[0];
            let summary = if first.translated {
                format!("{{{{fields.{}.{}}}}}", first.name, site.config.default_language)
            } else {
                format!("{} {{{{fields.{}}}}}", label(first.name), first.name)
            };
            items.insert("summary".into(), summary.into());
            let item_fields: Vec<Value> =
                fields.iter().filter_map(|f| data_field(site, *f, words)).map(Value::Mapping).collect();
            items.insert("fields".into(), Value::Sequence(item_fields));
            let mut header = Mapping::new();
            header.insert("name".into(), "header".into());
            header.insert("label".into(), "Comments above the list".into());
            header.insert("widget".into(), "hidden".into());
            header.insert("required".into(), false.into());
            let mut f = Mapping::new();
            f.insert("name".into(), (*name).into());
            f.insert("label".into(), title.into());
            f.insert("file".into(), path.into());
            f.insert("fields".into(), Value::Sequence(vec![Value::Mapping(header), Value::Mapping(items)]));
            Some(Value::Mapping(f))
        })
        .collect();
    if files.is_empty() {
        return None;
    }
    let mut c = Mapping::new();
    c.insert("name".into(), "data".into());
    c.insert("label".into(), "Data files".into());
    c.insert("format".into(), DATA_FORMAT.into());
    c.insert("extension".into(), "yaml".into());
    let mut editor = Mapping::new();
    editor.insert("preview".into(), false.into());
    c.insert("editor".into(), Value::Mapping(editor));
    c.insert("files".into(), Value::Sequence(files));
    Some(c)
}

fn data_label(name: &str) -> &'static str {
    match name {
        "champions" => "Champion countries",
        "resources" => "Resource links",
        "round_tables" => "Round tables",
        _ => "Data",
    }
}

fn data_item_label(name: &str) -> &'static str {
    match name {
        "champions" => "champion country",
        "resources" => "resource link",
        "round_tables" => "round table",
        _ => "item",
    }
}

/// An item's field: a translated one is a group of one text per language (the default language's
/// required where the field is), the others as on a page.
fn data_field(site: &Site, f: Field, words: Words<'_>) -> Option<Mapping> {
    let mut m = widget(site, "", f, words)?;
    m.remove("i18n");
    if !f.translated {
        return Some(m);
    }
    let default = site.config.default_language.as_str();
    let text_widget = m.get("widget").cloned().unwrap_or_else(|| "string".into());
    let languages =
        std::iter::once(default).chain(site.config.languages.iter().map(|l| l.code.as_str()).filter(|c| *c != default));
    let per_language: Vec<Value> = languages
        .map(|code| {
            let name = site.config.languages.iter().find(|l| l.code.as_str() == code).map_or(code, |l| l.name.as_str());
            let mut t = Mapping::new();
            t.insert("name".into(), code.into());
            t.insert("label".into(), format!("{name} ({code})").into());
            t.insert("widget".into(), text_widget.clone());
            t.insert("required".into(), (f.required && code == default).into());
            Value::Mapping(t)
        })
        .collect();
    let mut o = Mapping::new();
    o.insert("name".into(), f.name.into());
    o.insert("label".into(), label(f.name).into());
    o.insert("widget".into(), "object".into());
    o.insert("required".into(), f.required.into());
    o.insert("fields".into(), Value::Sequence(per_language));
    Some(o)
}

/// The fields of a page of a section of type `t`, in the order the form shows them: the title,
/// the type's own fields, then the common ones; a field both declare takes the type's rule.
fn fields_of(t: SectionType) -> Vec<Field> {
    let typed: &[Field] = match t {
        SectionType::Generic => &[],
        SectionType::Programme => schema::EVENT,
        SectionType::Dialogues => schema::DIALOGUE,
        SectionType::Notes => schema::NOTE,
    };
    let mut out: Vec<Field> =
        schema::COMMON.iter().filter(|f| f.name == "title" || f.name == "summary").copied().collect();
    out.extend(typed.iter().copied());
    for f in schema::COMMON {
        if !out.iter().any(|o| o.name == f.name) {
            out.push(*f);
        }
    }
    out
}

/// A field's label: its name in words (`issued_by` → `Issued by`).
fn label(name: &str) -> String {
    match name {
        "objectives" => "GCM objectives".to_string(),
        "principles" => "Guiding principles".to_string(),
        "part_of" => "Part of (event)".to_string(),
        "updated" => "Updated (else from git)".to_string(),
        _ => {
            let words = name.replace('_', " ");
            let mut chars = words.chars();
            chars.next().map(|c| c.to_uppercase().collect::<String>() + chars.as_str()).unwrap_or_default()
        }
    }
}

/// The editor's language and the theme's words in it, for the labels of choices.
#[derive(Clone, Copy)]
struct Words<'w> {
    lang: &'w str,
    strings: Option<&'w crate::theme::Strings>,
    /// The default language's words, where the editor's language lacks one.
    fallback: Option<&'w crate::theme::Strings>,
}

impl<'w> Words<'w> {
    /// No words: the labels of the fields' own values.
    const NONE: Words<'static> = Words { lang: "", strings: None, fallback: None };

    fn get(&self, key: &str) -> Option<&'w str> {
        [self.strings, self.fallback].into_iter().flatten().find_map(|s| s.get(key).and_then(|v| v.as_str()))
    }

    /// An official text in the editor's language, else its working translation marked as one,
    /// else the default language's (the reader's rule, `content::data::official_or_working`).
    fn official_or_working(&self, site: &Site, official: &Text, working: Option<&Text>) -> String {
        let default = site.config.default_language.as_str();
        let lang = if self.lang.is_empty() { default } else { self.lang };
        let label = self.get("working_translation").unwrap_or("working translation; official title:");
        let shown = crate::content::data::official_or_working(official, working, lang, default, label);
        match shown.working {
            // "(working translation; official title: …)", as readers see it.
            Some(w) => format!("{} ({} {})", shown.text, w.label, w.official),
            None => shown.text,
        }
    }
}

/// The code Decap CMS 3.16 knows a language's interface by, when it has one (it has none in Arabic).
fn decap_locale(lang: &str) -> Option<&'static str> {
    match lang {
        "en" => Some("en"),
        "fr" => Some("fr"),
        "es" => Some("es"),
        "ru" => Some("ru"),
        "zh" => Some("zh_Hans"),
        _ => None,
    }
}

/// The form field for `f`, or `None` for a field pages do not take (`paginate_by`).
fn widget(site: &Site, section: &str, f: Field, words: Words<'_>) -> Option<Mapping> {
    let mut m = Mapping::new();
    m.insert("name".into(), f.name.into());
    m.insert("label".into(), label(f.name).into());
    let options = |values: Vec<(String, Value)>| {
        Value::Sequence(
            values
                .into_iter()
                .map(|(label, value)| {
                    let mut o = Mapping::new();
                    o.insert("label".into(), label.into());
                    o.insert("value".into(), value);
                    Value::Mapping(o)
                })
                .collect(),
        )
    };
    let ui = |key: &str, fallback: &str| words.get(key).unwrap_or(fallback).to_string();
    match f.kind {
        Kind::SectionSetting => return None,
        Kind::Line => {
            m.insert("widget".into(), "string".into());
        }
        Kind::Paragraph => {
            m.insert("widget".into(), "text".into());
        }
        Kind::Date => {
            m.insert("widget".into(), "datetime".into());
            m.insert("format".into(), "YYYY-MM-DD".into());
            m.insert("date_format".into(), "YYYY-MM-DD".into());
            m.insert("time_format".into(), false.into());
            m.insert("picker_utc".into(), true.into());
        }
        Kind::Time => {
            m.insert("widget".into(), "datetime".into());
            m.insert("format".into(), "HH:mm".into());
            m.insert("date_format".into(), false.into());
            m.insert("time_format".into(), "HH:mm".into());
            m.insert("picker_utc".into(), true.into());
            m.insert("hint".into(), "In the event's time zone.".into());
        }
        Kind::Whole => {
            m.insert("widget".into(), "number".into());
            m.insert("value_type".into(), "int".into());
            m.insert("hint".into(), "Lower numbers come first in lists.".into());
        }
        Kind::Flag => {
            m.insert("widget".into(), "boolean".into());
            m.insert("default".into(), false.into());
        }
        Kind::Lines => {
            m.insert("widget".into(), "list".into());
            let mut item = Mapping::new();
            item.insert("name".into(), "item".into());
            item.insert("label".into(), label(f.name).into());
            item.insert("widget".into(), "string".into());
            m.insert("field".into(), Value::Mapping(item));
        }
        Kind::Slug => {
            m.insert("widget".into(), "string".into());
            m.insert("pattern".into(), pattern(schema::SLUG_RULE));
            m.insert("hint".into(), "The last part of the page's address; the file name when empty.".into());
        }
        Kind::Link => {
            m.insert("widget".into(), "string".into());
            m.insert("pattern".into(), pattern(schema::LINK_RULE));
        }
        Kind::Aliases => {
            m.insert("widget".into(), "list".into());
            let mut item = Mapping::new();
            item.insert("name".into(), "alias".into());
            item.insert("label".into(), "Old address".into());
            item.insert("widget".into(), "string".into());
            item.insert("pattern".into(), pattern(schema::ALIAS_RULE));
            m.insert("field".into(), Value::Mapping(item));
            m.insert("hint".into(), "Old addresses of this page, which redirect to it.".into());
        }
        Kind::Objectives => {
            m.insert("widget".into(), "select".into());
            m.insert("multiple".into(), true.into());
            let values = site
                .data
                .objectives
                .iter()
                .map(|o| {
                    let title = words.official_or_working(site, &o.title, o.working_title.as_ref());
                    (format!("{}. {title}", o.number), Value::from(o.number))
                })
                .collect();
            m.insert("options".into(), options(values));
        }
        Kind::Principles => {
            m.insert("widget".into(), "select".into());
            m.insert("multiple".into(), true.into());
            let values = site
                .data
                .principles
                .iter()
                .map(|p| {
                    (words.official_or_working(site, &p.name, p.working_name.as_ref()), Value::from(p.key.as_str()))
                })
                .collect();
            m.insert("options".into(), options(values));
        }
        Kind::RoundTable => {
            m.insert("widget".into(), "select".into());
            let values = site
                .data
                .round_tables
                .iter()
                .map(|rt| {
                    let objectives: Vec<String> = rt.objectives.iter().map(u8::to_string).collect();
                    (
                        format!("Round table {} (objectives {})", rt.number, objectives.join(", ")),
                        Value::from(rt.number),
                    )
                })
                .collect();
            m.insert("options".into(), options(values));
        }
        Kind::Zone => {
            m.insert("label".into(), "Time zone".into());
            m.insert("widget".into(), "select".into());
            m.insert("default".into(), crate::content::DEFAULT_TIMEZONE.into());
            let zones = crate::time::zone_names().into_iter().map(Value::from).collect();
            m.insert("options".into(), Value::Sequence(zones));
        }
        Kind::OfEvent | Kind::OfNote | Kind::Region | Kind::OfResource => {
            // A closed set: its names, labelled in the theme's words.
            let names: Vec<(&str, &str)> = match f.kind {
                Kind::OfEvent => EventKind::ALL.iter().map(|k| (k.label_key(), k.name())).collect(),
                Kind::OfNote => NoteKind::ALL.iter().map(|k| (k.label_key(), k.name())).collect(),
                Kind::Region => Region::ALL.iter().map(|k| (k.label_key(), k.name())).collect(),
                _ => ResourceKind::ALL.iter().map(|k| (k.label_key(), k.name())).collect(),
            };
            m.insert("widget".into(), "select".into());
            let values = names.into_iter().map(|(key, name)| (ui(key, name), Value::from(name))).collect();
            m.insert("options".into(), options(values));
        }
        Kind::Iso => {
            m.insert("widget".into(), "string".into());
            m.insert("pattern".into(), pattern(schema::ISO_RULE));
            m.insert("hint".into(), "Two capital letters, like `KE`.".into());
        }
        Kind::PageKey => {
            m.insert("widget".into(), "relation".into());
            m.insert("collection".into(), collection_name(section).into());
            m.insert("value_field".into(), "{{slug}}".into());
            m.insert("search_fields".into(), Value::Sequence(vec!["title".into()]));
            m.insert("display_fields".into(), Value::Sequence(vec!["title".into()]));
        }
    }
    // A field in a rule with another says the rule under it.
    for rule in rules_of(site.section_type(section)) {
        let (named, hint) = match rule {
            Between::EitherOf { fields, message } => (fields.contains(&f.name), message.to_string()),
            Between::InOrder { later, earlier, .. } => (*later == f.name, format!("After the {earlier} time.")),
        };
        if named {
            m.insert("hint".into(), hint.into());
        }
    }
    m.insert("required".into(), f.required.into());
    if f.translated {
        m.insert("i18n".into(), true.into());
    } else if !schema::inherited().contains(&f.name) && f.kind != Kind::Aliases {
        // The same in every language's file, as the shipped translations carry it.
        m.insert("i18n".into(), "duplicate".into());
    }
    Some(m)
}

fn pattern(rule: schema::Rule) -> Value {
    Value::Sequence(vec![rule.pattern.into(), rule.message.into()])
}

/// The page's text, in Markdown as the site writes it (the raw editor first: the rich one
/// rewrites what it does not know, such as shortcodes).
fn body() -> Mapping {
    let mut m = Mapping::new();
    m.insert("name".into(), "body".into());
    m.insert("label".into(), "Text".into());
    m.insert("widget".into(), "markdown".into());
    m.insert("required".into(), false.into());
    m.insert("i18n".into(), true.into());
    m.insert("modes".into(), Value::Sequence(vec!["raw".into(), "rich_text".into()]));
    m
}
