//! One test per bug found by trying imrf on sites it had never seen (issue #10), named after what
//! broke, in the manner of ripgrep's `tests/integration/regression.rs`. Every fixture that builds also passes
//! the output checker (`Fixture::build`).

use crate::common::{attrs, Fixture};

const FOUR_LANGUAGES: &str = r#"title = "Briefs"
base_url = "https://example.org"
default_language = "en"

[languages.en]
name = "English"

[languages.fr]
name = "Français"

[languages.es]
name = "Español"

[languages.ar]
name = "العربية"
dir = "rtl"
"#;

fn shipped(name: &str) -> String {
    std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content").join(name)).unwrap()
}

fn lines_with<'a>(out: &'a str, needle: &str) -> Vec<&'a str> {
    out.lines().filter(|l| l.contains(needle)).collect()
}

/// Finding 1: the shipped data files (six languages) in a four-language site.
#[test]
fn data_translated_into_undeclared_languages_is_ignored_with_one_note() {
    let mut files: Vec<(&str, String)> = vec![
        ("site.toml", FOUR_LANGUAGES.to_string()),
        ("content/_index.md", "---\ntitle: Home\n---\nHello.\n".to_string()),
        ("content/_index.zh.md", "---\ntitle: 首页\n---\n你好。\n".to_string()),
    ];
    for name in ["objectives.yaml", "principles.yaml", "round_tables.yaml", "champions.yaml", "resources.yaml"] {
        files.push((Box::leak(format!("content/{name}").into_boxed_str()), shipped(name)));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (*p, t.as_str())).collect();
    let site = Fixture::new(&refs);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let notes = lines_with(&check.stdout, ": note: ");
    assert_eq!(notes.len(), 1, "{}", check.stdout);
    assert!(notes[0].contains("`zh` (1 page file(s)") && notes[0].contains("`ru`"), "{}", notes[0]);
    assert!(lines_with(&check.stdout, ": error: ").is_empty(), "{}", check.stdout);
    site.build();
    assert!(!site.public().join("zh").exists());
    // A code that is not a language code at all stays an error, at its line.
    site.write("content/champions.yaml", "- name: {en: Chile, French: Chili}\n  iso: CL\n  region: americas\n");
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        lines_with(&check.stdout, ": error: "),
        ["content/champions.yaml:1: error: `French` is not a language code (two or three lowercase letters, like `fr`)"]
    );
}

/// Finding 2: a page that fails to load still exists for links and translations.
#[test]
fn a_broken_page_gives_one_error_not_three() {
    let cases = [
        (
            "yaml",
            "---\ntitle: \"Alpha\nsummary: x\n---\nbody\n".as_bytes().to_vec(),
            "content/briefs/alpha.md:2:8: error:",
        ),
        ("utf8", b"---\ntitle: Alpha\n---\nbad \xff byte\n".to_vec(), "content/briefs/alpha.md:4: error:"),
        ("unclosed", b"---\ntitle: Alpha\nbody\n".to_vec(), "content/briefs/alpha.md:1: error:"),
    ];
    for (name, bytes, expected) in cases {
        let site = Fixture::new(&[
            ("content/_index.md", "---\ntitle: Home\n---\n"),
            ("content/briefs/_index.md", "---\ntitle: Briefs\ntype: notes\n---\n"),
            ("content/briefs/alpha.fr.md", "---\ntitle: Alpha fr\n---\n"),
            (
                "content/briefs/beta.md",
                "---\ntitle: Beta\ndate: 2022-01-01\nissued_by: IOM\nkind: roadmap\n---\n\n[a](@/briefs/alpha.md#x)\n",
            ),
        ]);
        std::fs::write(site.root().join("content/briefs/alpha.md"), bytes).unwrap();
        let check = site.run(&["check", "--format", "short"]);
        let errors = lines_with(&check.stdout, ": error: ");
        assert_eq!(errors.len(), 1, "{name}: {}", check.stdout);
        assert!(errors[0].starts_with(expected), "{name}: {}", errors[0]);
        assert_eq!(check.code, 1);
    }
    // A broken `_index.md` of a typed section does not make its pages' fields unknown.
    let site = Fixture::new(&[
        ("content/programme/_index.md", "---\ntitle: [P\ntype: programme\n---\n"),
        (
            "content/programme/e.md",
            "---\ntitle: E\ndate: 2022-05-16\nstart: \"10:00\"\nend: \"11:00\"\nroom: R\nkind: plenary\n---\n",
        ),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(lines_with(&check.stdout, ": error: ").len(), 1, "{}", check.stdout);
}

/// Finding 3: a YAML error is placed where the construct starts, in plain words, with the
/// source line and a caret in the terminal, and with its column in JSON.
#[test]
fn yaml_errors_point_where_the_problem_starts() {
    let site = Fixture::new(&[("content/alpha.md", "---\ntitle: \"Alpha\nsummary: x\n---\nbody\n")]);
    let check = site.run(&["check"]);
    let mut lines = check.stdout.lines();
    assert_eq!(
        lines.next(),
        Some("content/alpha.md:2:8: error: this quoted text is never closed: the closing quote is missing")
    );
    let snippet: Vec<&str> = lines.take(3).collect();
    assert!(snippet[1].ends_with("2 | title: \"Alpha"), "{snippet:?}");
    assert_eq!(snippet[2].find('^'), snippet[1].find('"'), "{snippet:?}");
    let json = site.run(&["check", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(v[0]["path"], "content/alpha.md");
    assert_eq!((v[0]["line"].as_u64(), v[0]["column"].as_u64()), (Some(2), Some(8)));
}

/// Finding 4: one URL policy for Markdown links and images.
#[test]
fn unsafe_link_schemes_in_markdown_are_errors_and_never_published() {
    let body = "[a](javascript:alert(1))\n\n[b](VBScript:msgbox)\n\n![c](data:text/html;base64,PHNjcmlwdD4=)\n\n[d](<java\tscript:x>)\n\n[e](&#106;avascript:alert(1))\n";
    let site = Fixture::new(&[("content/x.md", &format!("---\ntitle: X\n---\n{body}"))]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let errors = lines_with(&check.stdout, ": error: ");
    let at: Vec<&str> = errors.iter().map(|l| l.split(": error:").next().unwrap()).collect();
    assert_eq!(
        at,
        ["content/x.md:4:1", "content/x.md:6:1", "content/x.md:8:1", "content/x.md:10:1", "content/x.md:12:1"],
        "{}",
        check.stdout
    );
    assert!(errors.iter().all(|l| l.contains("is not allowed")));
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(!site.public().exists());
}

/// Finding 5: `@/` links to files with non-ASCII names (and percent-encoded ones) resolve.
#[test]
fn links_to_non_ascii_file_names_resolve() {
    let site = Fixture::new(&[
        ("content/briefs/_index.md", "---\ntitle: Briefs\n---\n"),
        ("content/briefs/réunion.md", "---\ntitle: Réunion\n---\n## Ordre du jour\n"),
        ("content/briefs/my file.md", "---\ntitle: Spaces\n---\n"),
        (
            "content/_index.md",
            "---\ntitle: Home\n---\n[r](@/briefs/réunion.md) [e](@/briefs/r%C3%A9union.md#ordre-du-jour) [s](<@/briefs/my file.md>) [t](briefs/my%20file.md)\n",
        ),
    ]);
    site.build();
    let home = site.html("en/index.html");
    let hrefs = attrs(&home, "main a", "href");
    assert!(hrefs.contains(&"/en/briefs/réunion/".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"/en/briefs/réunion/#ordre-du-jour".to_string()), "{hrefs:?}");
    assert!(hrefs.contains(&"/en/briefs/my-file/".to_string()), "{hrefs:?}");
    assert!(!hrefs.iter().any(|h| h == "#"), "{hrefs:?}");
}

/// Finding 6: a file name with nothing to slugify is an error, and two spellings of one URL collide.
#[test]
fn a_file_name_without_slug_characters_is_an_error() {
    let site = Fixture::new(&[
        ("content/briefs/_index.md", "---\ntitle: Briefs\n---\n[x](@/briefs/!.md)\n"),
        ("content/briefs/!.md", "---\ntitle: Bang\n---\n"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let errors = lines_with(&check.stdout, ": error: ");
    assert_eq!(errors.len(), 1, "{}", check.stdout);
    assert!(errors[0].starts_with("content/briefs/!.md:") && errors[0].contains("no letter or digit"), "{}", errors[0]);
    // `A b.md` and `a-b.md` are one URL; a page may not take a built-in page's URL either.
    let site = Fixture::new(&[
        ("content/notes/A b.md", "---\ntitle: One\n---\n"),
        ("content/notes/a-b.md", "---\ntitle: Two\n---\n"),
        ("content/search.md", "---\ntitle: Search me\n---\n"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    let errors = lines_with(&check.stdout, ": error: ");
    assert!(errors.iter().any(|l| l.contains("same URL /en/notes/a-b/")), "{}", check.stdout);
    assert!(
        errors.iter().any(|l| l.starts_with("content/search.md") && l.contains("(built-in) search page")),
        "{}",
        check.stdout
    );
}

/// Finding 7: `extra.yml` beside `extra.yaml` is reported with the real file names.
#[test]
fn two_data_files_of_one_name_are_reported() {
    let site = Fixture::new(&[
        ("content/extra.yaml", "a: 1\n"),
        ("content/extra.yml", "a: 2\n"),
        ("content/other.yml", "b: [1\n"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    let errors = lines_with(&check.stdout, ": error: ");
    assert_eq!(
        errors[0],
        "content/extra.yml: error: content/extra.yaml holds `data.extra` too: keep one of the two files (neither is loaded)"
    );
    assert!(errors[1].starts_with("content/other.yml:1:4: error:"), "{}", check.stdout);
    assert_eq!(errors.len(), 2, "{}", check.stdout);
}

/// Finding 8: time zones are IANA names, validated; calendars are exact in any zone.
#[test]
fn time_zones_are_validated_and_calendars_exact() {
    let event = |tz: &str| {
        format!("---\ntitle: E\ndate: 2022-05-16\nstart: \"10:00\"\nend: \"13:00\"\nroom: R\nkind: plenary\ntimezone: {tz}\n---\n")
    };
    let site = Fixture::new(&[
        ("content/programme/_index.md", "---\ntitle: P\ntype: programme\n---\n"),
        ("content/programme/mars.md", &event("Mars/Olympus_Mons")),
        ("content/programme/geneva.md", &event("Europe/Geneva")),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    let errors = lines_with(&check.stdout, ": error: ");
    assert_eq!(errors.len(), 2, "{}", check.stdout);
    assert!(
        errors[0].starts_with("content/programme/geneva.md:8: error:") && errors[0].contains("Europe/Zurich"),
        "{}",
        errors[0]
    );
    assert!(errors[1].starts_with("content/programme/mars.md:8: error:"), "{}", errors[1]);

    site.write("content/programme/mars.md", &event("Asia/Tokyo"));
    site.write("content/programme/geneva.md", &event("Europe/Zurich"));
    site.build();
    let ics = std::fs::read_to_string(site.public().join("en/programme/geneva/event.ics")).unwrap();
    assert!(ics.contains("DTSTART:20220516T080000Z\r\n"), "{ics}");
    assert!(ics.contains("DTEND:20220516T110000Z\r\n"), "{ics}");
    let tokyo = std::fs::read_to_string(site.public().join("en/programme/mars/event.ics")).unwrap();
    assert!(tokyo.contains("DTSTART:20220516T010000Z\r\n"), "{tokyo}");
    let page = site.html("en/programme/geneva/index.html");
    assert_eq!(
        attrs(&page, "time[datetime^='2022-05-16T']", "datetime"),
        ["2022-05-16T10:00+02:00", "2022-05-16T13:00+02:00"]
    );
    let text = crate::common::texts(&page, "dd");
    assert!(text.iter().any(|t| t.contains("Europe/Zurich") && t.contains("UTC+02:00")), "{text:?}");
}

/// Finding 9: `base_url` is validated, and root-relative links are checked as deployed.
#[test]
fn base_url_is_validated_and_links_checked_under_its_path() {
    let site = Fixture::new(&[
        ("site.toml", &FOUR_LANGUAGES.replace("https://example.org", "example.org/kb")),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.starts_with("site.toml:2: error: base_url `example.org/kb` is not an absolute URL"),
        "{}",
        check.stdout
    );

    site.write("site.toml", &FOUR_LANGUAGES.replace("https://example.org", "https://example.org/kb"));
    let bad_option = site.run(&["build", "--base-url", "ftp://x.org"]);
    assert_eq!(bad_option.code, 1);
    assert!(
        bad_option.stderr.contains("--base-url: error: base_url `ftp://x.org` must be an http or https URL"),
        "{}",
        bad_option.stderr
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n[a](/en/) [b](/kb/en/) [c](../fr/)\n");
    let check = site.run(&["check", "--format", "short"]);
    let errors = lines_with(&check.stdout, ": error: ");
    assert_eq!(errors.len(), 1, "{}", check.stdout);
    assert!(
        errors[0].starts_with("content/_index.md:4:1: error: link to `/en/`: the site is served under /kb"),
        "{}",
        errors[0]
    );
    site.write("content/_index.md", "---\ntitle: Home\n---\n[b](/kb/en/) [c](../fr/)\n");
    site.build();
}

/// Finding 10: a site's UI-string override with an unknown key is a warning at its line.
#[test]
fn an_unknown_ui_string_key_is_a_warning() {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        ("themes/default/i18n/fr.toml", "# Overrides\nsearch = \"Chercher\"\nbogus_key = \"x\"\n"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(
        lines_with(&check.stdout, ": warning: "),
        ["themes/default/i18n/fr.toml:3: warning: unknown UI string `bogus_key`: no template uses it (a typo?)"]
    );
    // A key the site's own templates use is not unknown.
    site.write(
        "themes/default/templates/404.html",
        "{% extends \"base.html\" %}{% block main %}{{ t.bogus_key }}{% endblock %}",
    );
    let check = site.run(&["check", "--format", "short"]);
    assert!(lines_with(&check.stdout, ": warning: ").is_empty(), "{}", check.stdout);
}
