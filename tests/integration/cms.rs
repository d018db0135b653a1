//! The browser CMS (`[cms]`, `/admin/`, docs/cms.md): its configuration is generated from the
//! content model, so what it requires is what `imrf check` requires (tried field by field against
//! the real `check`), `[cms]` mistakes are errors at their line, the vendored application is the
//! one its record names, and `imrf serve`'s local backend refuses other sites' pages, other hosts
//! and paths outside `content/` and `static/`.

use crate::common::{pinned_copy, Fixture, SITE_TOML};
use crate::serve::{eventually, serve};
use serde_yaml::{Mapping, Value};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

const CMS: &str = "\n[cms]\nbackend = \"github\"\nrepo = \"example/kb\"\nbranch = \"live\"\n";

/// A complete page of each section type: every field the form offers that needs no data file.
const PAGES: &[(&str, &str, &str)] = &[
    (
        "programme",
        "programme",
        "title: Opening\nsummary: The first meeting.\nupdated: 2022-05-01\nslug: opening-plenary\nweight: 2\ndraft: false\nobjectives: [1, 2]\ndate: 2022-05-17\nstart: \"10:00\"\nend: \"13:00\"\ntimezone: America/New_York\nroom: General Assembly Hall\nkind: plenary\nchairs: [The President]\nspeakers: [A speaker]\nmoderator: A moderator\naliases: [/old/opening/]\n",
    ),
    (
        "dialogues",
        "dialogues",
        "title: Webinar one\nsummary: A webinar.\ndate: 2021-06-01\ntheme: Data\nformat: Online\ncluster: Cluster one\nweight: 1\n",
    ),
    (
        "notes",
        "notes",
        "title: A note\nsummary: About the note.\ndate: 2022-01-10\nissued_by: The Network\nsource: https://example.org/note.pdf\nkind: concept-note\nobjectives: [3]\n",
    ),
    ("about", "", "title: About us\nsummary: Who we are.\nweight: 4\ndraft: false\n"),
];

fn site(cms: bool) -> Fixture {
    let mut files: Vec<(String, String)> = vec![
        ("site.toml".into(), format!("{SITE_TOML}{}", if cms { CMS } else { "" })),
        ("content/_index.md".into(), "---\ntitle: Home\n---\nWelcome.\n".into()),
    ];
    for (section, kind, front) in PAGES {
        let ty = if kind.is_empty() { String::new() } else { format!("type: {kind}\n") };
        files.push((format!("content/{section}/_index.md"), format!("---\ntitle: The {section}\n{ty}---\n")));
        files.push((format!("content/{section}/page.md"), format!("---\n{front}---\nThe text.\n")));
    }
    let borrowed: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    Fixture::new(&borrowed)
}

fn config(site: &Fixture) -> Mapping {
    let text = std::fs::read_to_string(site.public().join("admin/config.yml")).expect("admin/config.yml");
    serde_yaml::from_str(&text).expect("config.yml is YAML")
}

fn get<'v>(m: &'v Mapping, key: &str) -> &'v Value {
    m.get(key).unwrap_or_else(|| panic!("no `{key}` in {m:?}"))
}

fn collection<'c>(config: &'c Mapping, name: &str) -> &'c Mapping {
    get(config, "collections")
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(Value::as_mapping)
        .find(|c| get(c, "name").as_str() == Some(name))
        .unwrap_or_else(|| panic!("no collection `{name}`"))
}

fn fields(collection: &Mapping) -> Vec<&Mapping> {
    get(collection, "fields").as_sequence().unwrap().iter().filter_map(Value::as_mapping).collect()
}

#[test]
fn a_site_without_cms_has_no_admin() {
    let site = site(false);
    site.build();
    assert!(!site.public().join("admin").exists());
    assert!(!site.public().join("admin/config.yml").exists());
}

#[test]
fn the_configuration_names_the_backend_the_languages_and_every_section() {
    let site = site(true);
    site.build();
    let config = config(&site);
    let backend = get(&config, "backend").as_mapping().unwrap();
    assert_eq!(get(backend, "name").as_str(), Some("github"));
    assert_eq!(get(backend, "repo").as_str(), Some("example/kb"));
    assert_eq!(get(backend, "branch").as_str(), Some("live"));
    assert!(config.get("publish_mode").is_none(), "simple publishing unless site.toml asks");
    let i18n = get(&config, "i18n").as_mapping().unwrap();
    assert_eq!(get(i18n, "structure").as_str(), Some("multiple_files"));
    let locales: Vec<&str> = get(i18n, "locales").as_sequence().unwrap().iter().filter_map(Value::as_str).collect();
    assert_eq!(locales, ["en", "fr", "ar"], "the default language first, then site.toml's order");
    assert_eq!(get(i18n, "default_locale").as_str(), Some("en"));
    let mut names: Vec<&str> = get(&config, "collections")
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_mapping().and_then(|c| get(c, "name").as_str()))
        .collect();
    names.sort_unstable();
    assert_eq!(names, ["about", "dialogues", "notes", "programme", "sections"]);
    for (section, _, _) in PAGES {
        let c = collection(&config, section);
        assert_eq!(get(c, "folder").as_str(), Some(format!("content/{section}").as_str()));
        assert_eq!(get(c, "i18n").as_bool(), Some(true));
    }
    // Text is translated; dates, objectives and times are the same in every language.
    let programme = fields(collection(&config, "programme"));
    let i18n_of = |name: &str| {
        let f = programme.iter().find(|f| get(f, "name").as_str() == Some(name)).unwrap();
        f.get("i18n").cloned()
    };
    for translated in ["title", "summary", "room", "chairs", "speakers", "moderator"] {
        assert_eq!(i18n_of(translated), Some(Value::Bool(true)), "{translated}");
    }
    // What a translation takes from its source is not in its file (nor in its form) ...
    for inherited in ["start", "end", "timezone", "kind", "part_of"] {
        assert_eq!(i18n_of(inherited), None, "{inherited}");
    }
    // ... and what each file carries for itself is copied, not translated.
    for shared in ["date", "objectives", "weight", "draft", "updated"] {
        assert_eq!(i18n_of(shared), Some(Value::from("duplicate")), "{shared}");
    }
    // The application is served from the site itself: no address of another host.
    let page = std::fs::read_to_string(site.public().join("admin/index.html")).unwrap();
    assert!(page.contains(r#"<script src="decap-cms.js"></script>"#));
    assert!(!page.contains("://"), "no request leaves the site:\n{page}");
    assert!(site.public().join("admin/decap-cms.js").is_file());

    let editorial = Fixture::new(&[(
        "site.toml",
        &format!("{SITE_TOML}\n[cms]\nbackend = \"gitlab\"\nrepo = \"team/kb\"\napp_id = \"abc123\"\npublish_mode = \"editorial_workflow\"\n"),
    )]);
    editorial.write("content/_index.md", "---\ntitle: Home\n---\n");
    editorial.build();
    let config = self::config(&editorial);
    assert_eq!(get(&config, "publish_mode").as_str(), Some("editorial_workflow"));
    let backend = get(&config, "backend").as_mapping().unwrap();
    assert_eq!(get(backend, "auth_type").as_str(), Some("pkce"));
    assert_eq!(get(backend, "app_id").as_str(), Some("abc123"));
}

/// Front matter `front` without the line of `key` (and the lines of its list below it).
fn without(front: &str, key: &str) -> String {
    front.lines().filter(|l| !l.starts_with(&format!("{key}:"))).map(|l| format!("{l}\n")).collect()
}

/// The rules between fields that `/admin/`'s script enforces before saving, by collection.
fn rules(site: &Fixture) -> serde_json::Value {
    let page = std::fs::read_to_string(site.public().join("admin/index.html")).unwrap();
    let json = page.split("const RULES = ").nth(1).and_then(|rest| rest.split(";\n").next()).expect("RULES");
    serde_json::from_str(&json.replace("\\u003c", "<").replace("\\u003e", ">")).expect("RULES is JSON")
}

#[test]
fn the_editor_requires_exactly_what_check_requires() {
    let site = site(true);
    site.build();
    let config = config(&site);
    let rules = rules(&site);
    for (section, _, front) in PAGES {
        let either: Vec<Vec<&str>> = rules[section]
            .as_array()
            .into_iter()
            .flatten()
            .filter_map(|r| r["either"].as_array())
            .map(|fields| fields.iter().filter_map(|f| f.as_str()).collect())
            .collect();
        let form = fields(collection(&config, section));
        let keys: Vec<&str> = front.lines().filter_map(|l| l.split_once(':').map(|(k, _)| k)).collect();
        for f in &form {
            let name = get(f, "name").as_str().unwrap();
            let required = get(f, "required").as_bool().unwrap();
            if name == "body" {
                assert!(!required);
                continue;
            }
            assert!(!required || keys.contains(&name), "{section}: the test's page lacks the required `{name}`");
        }
        for key in &keys {
            let field = form.iter().find(|f| get(f, "name").as_str() == Some(key));
            let field = field.unwrap_or_else(|| panic!("{section}: check takes `{key}`, the form does not offer it"));
            // Needed: required, or the last one given of fields of which the page needs one.
            let required = get(field, "required").as_bool().unwrap()
                || either
                    .iter()
                    .any(|group| group.contains(key) && group.iter().all(|f| f == key || !keys.contains(f)));
            site.write(&format!("content/{section}/page.md"), &format!("---\n{}---\nThe text.\n", without(front, key)));
            let run = site.run(&["check"]);
            let said = format!("{}{}", run.stdout, run.stderr);
            assert_eq!(
                run.code != 0,
                required,
                "{section}: without `{key}`, check {} but the form says required: {required}\n{}{}",
                if run.code == 0 { "passes" } else { "fails" },
                run.stdout,
                run.stderr
            );
            if required {
                assert!(said.contains(&format!("content/{section}/page.md:")), "{said}");
                assert!(said.contains(key), "the error names `{key}`: {said}");
            }
        }
        // Only the required fields (and one of each group the page needs one of): check passes,
        // as the form lets it be saved.
        let minimal: String = front
            .lines()
            .filter(|l| {
                let key = l.split(':').next().unwrap();
                form.iter().any(|f| get(f, "name").as_str() == Some(key) && get(f, "required").as_bool() == Some(true))
                    || either.iter().any(|group| group.iter().find(|f| keys.contains(f)) == Some(&key))
            })
            .map(|l| format!("{l}\n"))
            .collect();
        site.write(&format!("content/{section}/page.md"), &format!("---\n{minimal}---\n"));
        let run = site.run(&["check"]);
        assert_eq!(run.code, 0, "{section}, required fields only:\n{minimal}\n{}", run.stderr);
        site.write(&format!("content/{section}/page.md"), &format!("---\n{front}---\nThe text.\n"));
    }
}

#[test]
fn the_rules_between_fields_are_check_s_own() {
    let site = site(true);
    site.build();
    let rules = rules(&site);
    let dialogue = &rules["dialogues"][0];
    assert_eq!(dialogue["either"], serde_json::json!(["round_table", "cluster"]));
    let front = without(PAGES[1].2, "cluster");
    site.write("content/dialogues/page.md", &format!("---\n{front}---\n"));
    let run = site.run(&["check", "--format", "short"]);
    let message = dialogue["message"].as_str().unwrap();
    assert!(run.stdout.contains(message) || run.stderr.contains(message), "{message}\n{}{}", run.stdout, run.stderr);
    site.write("content/dialogues/page.md", &format!("---\n{}---\n", PAGES[1].2));

    let event = &rules["programme"][0];
    assert_eq!((event["earlier"].as_str(), event["later"].as_str()), (Some("start"), Some("end")));
    let front = PAGES[0].2.replace("end: \"13:00\"", "end: \"09:30\"");
    site.write("content/programme/page.md", &format!("---\n{front}---\n"));
    let run = site.run(&["check", "--format", "short"]);
    let message = event["message"].as_str().unwrap().replace("{earlier}", "10:00").replace("{later}", "09:30");
    assert!(run.stdout.contains(&message) || run.stderr.contains(&message), "{message}\n{}{}", run.stdout, run.stderr);
    assert!(rules.get("notes").is_none() && rules.get("about").is_none());
}

/// One complete item of each data file the CMS edits.
const DATA: &[(&str, &str)] = &[
    ("champions", "- name: {en: Kenya, fr: Kenya}\n  iso: KE\n  region: africa\n  note: {en: A note.}\n"),
    (
        "resources",
        "- title: {en: A link}\n  url: https://example.org/\n  kind: report\n  region: africa\n  objectives: [1]\n  principles: [people-centred]\n  summary: {en: About it.}\n",
    ),
    ("round_tables", "- number: 1\n  objectives: [2, 5]\n  background_note_by: [ILO]\n  summary: {en: Why people move.}\n"),
];

#[test]
fn the_data_forms_require_exactly_what_check_requires() {
    let site = site(true);
    for (name, item) in DATA {
        site.write(&format!("content/{name}.yaml"), &format!("# Sources of the list.\n{item}"));
    }
    site.build();
    let config = config(&site);
    let data = collection(&config, "data");
    assert_eq!(
        get(data, "format").as_str(),
        Some("imrf-list"),
        "the page's own format keeps the list and its comments"
    );
    let files: Vec<&Mapping> = get(data, "files").as_sequence().unwrap().iter().filter_map(Value::as_mapping).collect();
    assert_eq!(files.len(), 3);
    let page = std::fs::read_to_string(site.public().join("admin/index.html")).unwrap();
    assert!(page.contains(r#"CMS.registerCustomFormat("imrf-list""#));
    assert!(page.contains(r#"<script src="yaml.js"></script>"#) && site.public().join("admin/yaml.js").is_file());
    for (name, item) in DATA {
        let file = files.iter().find(|f| get(f, "name").as_str() == Some(name)).unwrap();
        assert_eq!(get(file, "file").as_str(), Some(format!("content/{name}.yaml").as_str()));
        let list = fields(file).into_iter().find(|f| get(f, "name").as_str() == Some("items")).unwrap();
        assert_eq!(get(list, "widget").as_str(), Some("list"));
        let form = fields(list);
        let keys: Vec<&str> = item.lines().filter_map(|l| l[2..].split_once(':').map(|(k, _)| k)).collect();
        let offered: Vec<&str> = form.iter().map(|f| get(f, "name").as_str().unwrap()).collect();
        assert_eq!(offered, keys, "{name}: the form offers the loader's fields");
        for f in &form {
            let key = get(f, "name").as_str().unwrap();
            let required = get(f, "required").as_bool().unwrap();
            // A translated text is one field per language, the default language's required where the text is.
            if get(f, "widget").as_str() == Some("object") {
                let languages: Vec<(&str, bool)> = fields(f)
                    .iter()
                    .map(|l| (get(l, "name").as_str().unwrap(), get(l, "required").as_bool().unwrap()))
                    .collect();
                assert_eq!(languages, [("en", required), ("fr", false), ("ar", false)], "{name}.{key}");
            }
            let without: String = item
                .replacen("- ", "  ", 1)
                .lines()
                .filter(|l| !l.trim_start().starts_with(&format!("{key}:")))
                .map(|l| format!("{l}\n"))
                .collect::<String>()
                .replacen("  ", "- ", 1);
            site.write(&format!("content/{name}.yaml"), &without);
            let run = site.run(&["check"]);
            assert_eq!(run.code != 0, required, "{name} without `{key}`: {}{}", run.stdout, run.stderr);
        }
        site.write(&format!("content/{name}.yaml"), item);
    }
    assert_eq!(site.run(&["check"]).code, 0);
}

#[test]
fn the_shipped_site_offers_its_objectives_and_kinds_as_choices() {
    let dir = tempfile::tempdir().unwrap();
    pinned_copy(std::path::Path::new(env!("CARGO_MANIFEST_DIR")), dir.path());
    let toml = dir.path().join("site.toml");
    let text = std::fs::read_to_string(&toml).unwrap();
    std::fs::write(&toml, format!("{text}{CMS}")).unwrap();
    let run = crate::common::imrf(&["build", "--no-cache", "--root", &dir.path().to_string_lossy()], dir.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    let text = std::fs::read_to_string(dir.path().join("public/admin/config.yml")).unwrap();
    let config: Mapping = serde_yaml::from_str(&text).unwrap();
    let notes = fields(collection(&config, "notes"));
    let options = |name: &str| -> Vec<(String, Value)> {
        let f = notes.iter().find(|f| get(f, "name").as_str() == Some(name)).unwrap();
        get(f, "options")
            .as_sequence()
            .unwrap()
            .iter()
            .map(|o| {
                let o = o.as_mapping().unwrap();
                (get(o, "label").as_str().unwrap().to_string(), get(o, "value").clone())
            })
            .collect()
    };
    let objectives = options("objectives");
    assert_eq!(objectives.len(), 23);
    assert_eq!(objectives[0].1, Value::from(1));
    assert!(objectives[0].0.starts_with("1. Collect and utilize accurate"), "{:?}", objectives[0]);
    let kinds = options("kind");
    assert!(kinds.contains(&("Concept note".to_string(), Value::from("concept-note"))), "{kinds:?}");
    // Every section of the shipped site is a collection.
    let names: Vec<&str> = get(&config, "collections")
        .as_sequence()
        .unwrap()
        .iter()
        .filter_map(|c| c.as_mapping().and_then(|c| get(c, "name").as_str()))
        .collect();
    for entry in std::fs::read_dir(dir.path().join("content")).unwrap().flatten() {
        if entry.path().join("_index.md").is_file() {
            let name = entry.file_name().to_string_lossy().into_owned();
            assert!(names.contains(&name.as_str()), "section {name} is not a collection: {names:?}");
        }
    }
}

#[test]
fn the_editor_s_language_labels_the_choices_honestly() {
    let choices = |locale: &str| -> (Option<String>, Vec<String>) {
        let site = Fixture::new(&[(
            "site.toml",
            &format!("{SITE_TOML}\n[cms]\nbackend = \"github\"\nrepo = \"a/b\"\nlocale = \"{locale}\"\n"),
        )]);
        site.write("content/_index.md", "---\ntitle: Home\n---\n");
        site.write("content/notes/_index.md", "---\ntitle: Notes\ntype: notes\n---\n");
        site.build();
        let config = config(&site);
        let notes = fields(collection(&config, "notes"));
        let objectives = notes.iter().find(|f| get(f, "name").as_str() == Some("objectives")).unwrap();
        let labels = get(objectives, "options")
            .as_sequence()
            .unwrap()
            .iter()
            .map(|o| get(o.as_mapping().unwrap(), "label").as_str().unwrap().to_string())
            .collect();
        (config.get("locale").and_then(Value::as_str).map(str::to_string), labels)
    };
    // French: Decap speaks it, and the objectives have official French titles.
    let (locale, labels) = choices("fr");
    assert_eq!(locale.as_deref(), Some("fr"));
    assert!(labels[0].starts_with("1. Collecter et utiliser des données"), "{}", labels[0]);
    assert!(!labels[0].contains("traduction de travail"));
    // Arabic: Decap has no Arabic interface (it stays in English), and an Arabic title is a
    // working translation, said so in Arabic with the official title beside it.
    let (locale, labels) = choices("ar");
    assert_eq!(locale, None);
    assert!(labels[0].starts_with("1. جمع واستخدام بيانات دقيقة"), "{}", labels[0]);
    assert!(labels[0].contains("ترجمة غير رسمية؛ العنوان الرسمي: Collect and utilize"), "{}", labels[0]);
    // A language the site does not have is an error at its line.
    let site = Fixture::new(&[(
        "site.toml",
        &format!("{SITE_TOML}\n[cms]\nbackend = \"github\"\nrepo = \"a/b\"\nlocale = \"de\"\n"),
    )]);
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    let run = site.run(&["check"]);
    assert_ne!(run.code, 0);
    let said = format!("{}{}", run.stdout, run.stderr);
    let line = SITE_TOML.lines().count() + 5;
    assert!(
        said.contains(&format!("site.toml:{line}: error: [cms] locale `de` is not one of the site's languages")),
        "{said}"
    );
}

#[test]
fn cms_mistakes_are_errors_at_their_line() {
    let site = Fixture::new(&[(
        "site.toml",
        &format!(
            "{SITE_TOML}\n[cms]\nbackend = \"gitlab\"\nrepo = \"no-slash\"\nbranch = \"a..b\"\nbase_url = \"ftp://x\"\nmedia_folder = \"content/pics\"\n"
        ),
    )]);
    site.write("content/_index.md", "---\ntitle: Home\n---\n");
    let run = site.run(&["build"]);
    assert_ne!(run.code, 0);
    assert!(!site.public().exists(), "a failed build writes nothing");
    let lines = SITE_TOML.lines().count() + 3;
    for (line, words) in [
        (lines, "logs in with PKCE"),
        (lines + 1, "is not `owner/name`"),
        (lines + 2, "is not a branch name"),
        (lines + 3, "is not a complete http(s) address"),
        (lines + 4, "must be a folder of static/"),
    ] {
        let at = format!("site.toml:{line}");
        assert!(
            run.stderr.lines().any(|l| l.contains(&at) && l.contains(words)) || {
                // The message may follow its position on the next line.
                let all: Vec<&str> = run.stderr.lines().collect();
                all.windows(2).any(|w| w.join(" ").contains(&at) && w.join(" ").contains(words))
            },
            "expected `{words}` at {at}:\n{}",
            run.stderr
        );
    }
    assert!(!run.stderr.contains("panicked"));
}

#[test]
fn the_vendored_application_is_the_one_its_record_names() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/cms");
    let record = std::fs::read_to_string(dir.join("VENDORED.txt")).unwrap();
    let listed: Vec<(&str, &str)> = record
        .lines()
        .filter_map(|l| l.split_once("  "))
        .filter(|(hash, _)| hash.len() == 64 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
        .collect();
    let mut on_disk: Vec<String> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "VENDORED.txt")
        .collect();
    on_disk.sort();
    let mut names: Vec<String> = listed.iter().map(|(_, n)| n.to_string()).collect();
    names.sort();
    assert_eq!(names, on_disk, "VENDORED.txt lists every file of themes/default/cms");
    let out = std::process::Command::new("sha256sum").args(&names).current_dir(&dir).output().expect("sha256sum");
    let sums = String::from_utf8(out.stdout).unwrap();
    for (hash, name) in &listed {
        assert!(sums.lines().any(|l| l == format!("{hash}  {name}")), "{name} is not the vendored file {hash}");
    }
    assert!(record.contains("decap-cms-3.16.3.tgz"), "the record names the pinned version");
}

#[test]
fn a_translation_that_says_nothing_is_no_translation() {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("content/notes/_index.md", "---\ntitle: Notes\n---\n"),
        ("content/notes/a.md", "---\ntitle: A page\n---\nText.\n"),
        ("content/notes/a.fr.md", "---\ntitle: \"\"\nsummary:\n---\n"),
    ]);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.build();
    // The French page is the English one, as without the file, not a page without a title.
    let fr = site.html("fr/notes/a/index.html");
    assert_eq!(crate::common::texts(&fr, "main h1"), ["A page"]);
    assert!(crate::common::texts(&fr, "main").concat().contains("Text."));
}

struct Reply {
    status: u16,
    body: serde_json::Value,
}

/// One call to the local backend, with `headers` (the `Host` first).
fn call(port: u16, headers: &[(&str, &str)], body: &str) -> Reply {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).unwrap();
    stream.set_read_timeout(Some(Duration::from_secs(30))).unwrap();
    let mut head = String::from("POST /api/v1 HTTP/1.1\r\n");
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str(&format!("Content-Length: {}\r\nConnection: close\r\n\r\n", body.len()));
    stream.write_all(head.as_bytes()).unwrap();
    stream.write_all(body.as_bytes()).unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    Reply { status, body: serde_json::from_str(body).unwrap_or(serde_json::Value::Null) }
}

/// A call as the CMS's own page makes it.
fn own(port: u16, body: serde_json::Value) -> Reply {
    let host = format!("localhost:{port}");
    let origin = format!("http://{host}");
    call(
        port,
        &[
            ("Host", &host),
            ("Origin", &origin),
            ("Content-Type", "application/json"),
            ("Sec-Fetch-Site", "same-origin"),
        ],
        &body.to_string(),
    )
}

#[test]
fn the_local_backend_answers_only_this_computer_s_own_pages() {
    let site = site(true);
    let server = serve(&site);
    let port = server.port;
    let info = serde_json::json!({ "action": "info", "params": {} }).to_string();
    let host = format!("localhost:{port}");
    let own_origin = format!("http://{host}");
    assert_eq!(own(port, serde_json::from_str(&info).unwrap()).status, 200);
    // Another site's page in the same browser.
    let json = ("Content-Type", "application/json");
    let reply = call(port, &[("Host", &host), ("Origin", "https://evil.example"), json], &info);
    assert_eq!(reply.status, 403);
    assert!(reply.body["error"].as_str().unwrap().contains("evil.example"));
    let reply = call(port, &[("Host", &host), ("Origin", "null"), json], &info);
    assert_eq!(reply.status, 403);
    let reply = call(port, &[("Host", &host), ("Sec-Fetch-Site", "cross-site"), json], &info);
    assert_eq!(reply.status, 403);
    // DNS rebinding: another name that resolves here.
    let rebound = format!("evil.example:{port}");
    let rebound_origin = format!("http://{rebound}");
    let reply = call(port, &[("Host", &rebound), ("Origin", &rebound_origin), json], &info);
    assert_eq!(reply.status, 403);
    assert!(reply.body["error"].as_str().unwrap().contains("not this computer"));
    for other in ["127.0.0.1", "[::1]"] {
        let h = format!("{other}:{port}");
        let o = format!("http://{h}");
        assert_eq!(call(port, &[("Host", &h), ("Origin", &o), json], &info).status, 200, "{h}");
    }
    // A plain form of another site can post text, never JSON.
    let reply = call(port, &[("Host", &host), ("Origin", &own_origin), ("Content-Type", "text/plain")], &info);
    assert_eq!(reply.status, 415);
    let reply = call(
        port,
        &[("Host", &host), ("Origin", &own_origin), ("Content-Type", "application/x-www-form-urlencoded")],
        &info,
    );
    assert_eq!(reply.status, 415);
    assert_eq!(crate::serve::request_status(port, "GET", "/api/v1"), 405);
}

#[test]
fn the_local_backend_keeps_imrf_s_layout_and_writes_only_content_and_static() {
    let site = site(true);
    site.write("content/notes/page.fr.md", "---\ntitle: Une note\n---\nLe texte.\n");
    let server = serve(&site);
    let port = server.port;
    // Listing: the default language's `page.md` shows as `page.en.md`; section pages are not entries.
    let reply = own(
        port,
        serde_json::json!({ "action": "entriesByFolder", "params": { "folder": "content/notes", "extension": "md", "depth": 1 } }),
    );
    assert_eq!(reply.status, 200);
    let mut paths: Vec<&str> =
        reply.body.as_array().unwrap().iter().map(|e| e["file"]["path"].as_str().unwrap()).collect();
    paths.sort_unstable();
    assert_eq!(paths, ["content/notes/page.en.md", "content/notes/page.fr.md"]);
    let entry =
        own(port, serde_json::json!({ "action": "getEntry", "params": { "path": "content/notes/page.en.md" } }));
    assert!(entry.body["data"].as_str().unwrap().contains("title: A note"));

    // A new entry in three languages, French and Arabic left empty.
    let en = "---\ntitle: Fresh note\ndate: 2022-02-02\nissued_by: Us\nkind: roadmap\n---\nNew text.\n";
    let empty = "---\ntitle: \"\"\ndate: 2022-02-02\nkind: roadmap\n---\n";
    let save = serde_json::json!({ "action": "persistEntry", "params": {
        "dataFiles": [
            { "slug": "fresh", "path": "content/notes/fresh.en.md", "raw": en },
            { "slug": "fresh", "path": "content/notes/fresh.fr.md", "raw": empty },
            { "slug": "fresh", "path": "content/notes/fresh.ar.md", "raw": empty },
        ],
        "assets": [ { "path": "static/images/uploads/dot.txt", "content": "ZG90", "encoding": "base64" } ],
        "options": {}
    }});
    assert_eq!(own(port, save).status, 200);
    assert_eq!(std::fs::read_to_string(site.root().join("content/notes/fresh.md")).unwrap(), en);
    assert!(!site.root().join("content/notes/fresh.en.md").exists());
    assert!(!site.root().join("content/notes/fresh.fr.md").exists(), "an empty language is not written");
    assert_eq!(std::fs::read_to_string(site.root().join("static/images/uploads/dot.txt")).unwrap(), "dot");
    eventually("serve shows the saved page", || crate::serve::request_status(port, "GET", "/en/notes/fresh/") == 200);
    assert_eq!(site.run(&["check"]).code, 0);

    // Nothing outside content/ and static/, whatever the spelling.
    for path in [
        "site.toml",
        "../outside.md",
        "content/../site.toml",
        "content/../../outside.md",
        "/etc/passwd",
        "themes/default/templates/page.html",
        "content/.hidden.md",
        ".git/config",
        "content\\..\\site.toml",
    ] {
        let save = serde_json::json!({ "action": "persistEntry", "params": {
            "dataFiles": [ { "slug": "x", "path": path, "raw": "x" } ], "assets": [], "options": {}
        }});
        let reply = own(port, save);
        assert!(reply.status >= 400, "{path} was written");
        let read = own(port, serde_json::json!({ "action": "getEntry", "params": { "path": path } }));
        assert!(read.status >= 400, "{path} was read");
    }
    // A picture goes to static/ only, and a save is whole or nothing.
    let save = serde_json::json!({ "action": "persistEntry", "params": {
        "dataFiles": [ { "slug": "y", "path": "content/notes/y.en.md", "raw": en } ],
        "assets": [ { "path": "content/evil.md", "content": "eA==", "encoding": "base64" } ],
        "options": {}
    }});
    assert!(own(port, save).status >= 400);
    assert!(!site.root().join("content/notes/y.md").exists(), "a refused save writes none of its files");
    assert!(!site.root().join("content/evil.md").exists());
    assert!(!site.root().parent().unwrap().join("outside.md").exists());
    let delete = own(port, serde_json::json!({ "action": "deleteFile", "params": { "path": "site.toml" } }));
    assert!(delete.status >= 400);
    assert!(site.root().join("site.toml").is_file());
    let delete =
        own(port, serde_json::json!({ "action": "deleteFiles", "params": { "paths": ["content/notes/fresh.en.md"] } }));
    assert_eq!(delete.status, 200);
    assert!(!site.root().join("content/notes/fresh.md").exists(), "deleting `fresh.en.md` deletes imrf's `fresh.md`");
    let unknown = own(port, serde_json::json!({ "action": "runShell", "params": {} }));
    assert_eq!(unknown.status, 422);
}

#[test]
fn serve_does_not_reload_the_cms_under_the_editor() {
    let site = site(true);
    let server = serve(&site);
    let page = crate::serve::get_body(server.port, "/en/notes/page/");
    assert!(page.contains("/__imrf/poll"), "a page of the site reloads when the site changes");
    let admin = crate::serve::get_body(server.port, "/admin/");
    assert!(admin.contains("decap-cms.js"));
    assert!(!admin.contains("/__imrf/poll"), "the CMS does not: a rebuild would lose what is being typed");
    let config = crate::serve::get_body(server.port, "/admin/config.yml");
    assert!(config.contains("proxy_url: /api/v1"), "serve's CMS uses its local backend:\n{config}");
}

#[test]
fn a_site_without_cms_has_no_local_backend() {
    let site = site(false);
    let server = serve(&site);
    let reply = own(server.port, serde_json::json!({ "action": "info", "params": {} }));
    assert_ne!(reply.status, 200);
    assert_eq!(crate::serve::request_status(server.port, "GET", "/admin/"), 404);
}
