//! The translators' workflow: `imrf i18n new`, `imrf i18n status`, stale and orphan translations,
//! translated typed pages, UI strings and dates in every language.

use crate::common::{attrs, texts, Fixture};

const SIX: &str = r#"title = "Six"
base_url = "https://six.example.org"
default_language = "en"
[languages.ar]
name = "العربية"
dir = "rtl"
[languages.zh]
name = "中文"
[languages.en]
name = "English"
[languages.fr]
name = "Français"
[languages.ru]
name = "Русский"
[languages.es]
name = "Español"
"#;

const EVENT: &str = "---\ntitle: Round table 1\ndate: 2022-05-17\nstart: \"10:00\"\nend: \"13:00\"\nroom: Trusteeship Council Chamber\nkind: round-table\nround_table: 1\n---\nThe first round table.\n";

fn site() -> Fixture {
    Fixture::new(&[
        ("site.toml", SIX),
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("content/programme/_index.md", "---\ntitle: Programme\ntype: programme\n---\n"),
        ("content/programme/rt1.md", EVENT),
    ])
}

#[test]
fn i18n_new_prefills_a_translation_with_the_source_and_its_records() {
    let site = site();
    let run = site.run(&["i18n", "new", "fr", "content/programme/rt1.md"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "created content/programme/rt1.fr.md: translate its title, summary and text, then run `imrf i18n mark`"
    );
    let text = std::fs::read_to_string(site.root().join("content/programme/rt1.fr.md")).unwrap();
    // Nothing is translated yet: every segment is recorded as `-`.
    assert!(
        text.starts_with("---\nsource_hash: ")
            && text.contains("\nsource_segments:\n  title: \"-\"\n  room: \"-\"\n  body: \"-\"\n"),
        "{text}"
    );
    assert!(text.contains("title: Round table 1\n") && text.ends_with("---\nThe first round table.\n"), "{text}");
    // The prefilled translation builds as it is.
    site.build();
    // Again: refused unless --force.
    let again = site.run(&["i18n", "new", "fr", "content/programme/rt1.md"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("already exists"), "{}", again.stderr);
    assert_eq!(site.run(&["i18n", "new", "fr", "content/programme/rt1.md", "--force"]).code, 0);
    for (args, message) in [
        (vec!["i18n", "new", "de", "content/programme/rt1.md"], "`de` is not declared in site.toml"),
        (vec!["i18n", "new", "en", "content/programme/rt1.md"], "is the default language"),
        (vec!["i18n", "new", "ar", "content/programme/rt1.fr.md"], "is not a default-language page"),
    ] {
        let run = site.run(&args);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(message), "{}", run.stderr);
    }
}

#[test]
fn status_reports_translated_stale_and_missing_pages_and_data() {
    let site = site();
    site.write("content/champions.yaml", "- name: {en: Mexico, fr: Mexique}\n  iso: MX\n  region: americas\n");
    assert_eq!(site.run(&["i18n", "new", "fr", "content/programme/rt1.md"]).code, 0);
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert_eq!(run.code, 0);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "fr (Français): 7.1% translated (1 of 14 words); segments 1 translated, 0 stale, 6 missing of 7"
    );
    assert_eq!(
        lines[1],
        "  pages 0 translated, 0 stale, 1 partial, 0 untracked, 2 missing of 3; data texts 1 translated, 0 stale, 0 missing of 1"
    );
    assert!(
        lines.contains(&"  missing   content/_index.fr.md: 0 of 2 segments translated (0% of 2 words)"),
        "{}",
        run.stdout
    );
    assert!(
        lines.contains(&"    missing content/programme/rt1.md#p1 (line 10): The first round table."),
        "{}",
        run.stdout
    );

    // Translated and marked: up to date.
    site.write(
        "content/programme/rt1.fr.md",
        &std::fs::read_to_string(site.root().join("content/programme/rt1.fr.md"))
            .unwrap()
            .replace("The first round table.", "La première table ronde."),
    );
    assert_eq!(site.run(&["i18n", "mark", "fr", "content/programme/rt1.md"]).code, 0);
    // The source moves on: the translation is stale, and check warns without failing.
    site.write("content/programme/rt1.md", &EVENT.replace("The first", "The opening"));
    let json = site.run(&["i18n", "status", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let langs: Vec<&str> = v.as_array().unwrap().iter().map(|l| l["code"].as_str().unwrap()).collect();
    assert_eq!(langs, ["ar", "zh", "fr", "ru", "es"]);
    let fr = &v[2];
    assert_eq!(fr["pages_stale"], 1);
    assert_eq!(fr["segments_stale"], 1);
    assert_eq!(fr["data_translated"], 1);
    assert_eq!(v[0]["data_entries"][0]["context"], "content/champions.yaml:MX:name");
    let stale: Vec<&serde_json::Value> =
        fr["pages"].as_array().unwrap().iter().filter(|p| p["state"] == "stale").collect();
    assert_eq!(stale[0]["translation"], "content/programme/rt1.fr.md");
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    assert_eq!(
        check.stdout.trim(),
        "content/programme/rt1.fr.md:2: warning: stale translation: content/programme/rt1.md changed after this \
         translation was made (1 segment(s) changed, 0 new: `imrf i18n status --lang fr` shows which)"
    );
    // The translator updates the translation and marks it up to date.
    let mark = site.run(&["i18n", "mark", "fr", "content/programme/rt1.md"]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    assert_eq!(mark.stdout.trim(), "content/programme/rt1.fr.md is marked up to date with its source");
    assert_eq!(site.run(&["check"]).stdout.trim(), "");
    let after = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(after.stdout.lines().nth(1).unwrap().starts_with("  pages 1 translated, 0 stale"), "{}", after.stdout);
}

#[test]
fn an_orphan_translation_fails_check() {
    let site = site();
    site.write("content/programme/gone.fr.md", "---\ntitle: Disparu\n---\n");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1);
    assert_eq!(
        run.stdout.trim(),
        "content/programme/gone.fr.md: error: translation without a source page: `content/programme/gone.md` does not exist"
    );
}

#[test]
fn a_translated_event_keeps_the_sources_facts_and_says_them_in_its_language() {
    let site = site();
    site.write(
        "content/programme/rt1.fr.md",
        "---\ntitle: Table ronde 1\nroom: Salle du Conseil de tutelle\n---\nLa première table ronde.\n",
    );
    site.build();
    let fr = site.html("fr/programme/rt1/index.html");
    assert_eq!(texts(&fr, "article > h1"), ["Table ronde 1"]);
    let facts = texts(&fr, ".facts dd");
    assert_eq!(facts[0], "mardi 17 mai 2022");
    assert!(facts[1].starts_with("10:00 – 13:00"), "{facts:?}");
    assert_eq!(facts[2], "Salle du Conseil de tutelle");
    let schedule = site.html("fr/programme/index.html");
    assert_eq!(texts(&schedule, ".event h4"), ["Table ronde 1"]);
    assert_eq!(texts(&schedule, ".event .room"), ["Salle du Conseil de tutelle"]);
    // Spanish has no translation: English text, marked, and Spanish dates and labels.
    let es = site.html("es/programme/rt1/index.html");
    assert_eq!(attrs(&es, "article > h1", "lang"), ["en"]);
    assert_eq!(texts(&es, ".facts dd")[0], "martes, 17 de mayo de 2022");
}

#[test]
fn dates_are_written_the_way_each_language_writes_them() {
    let site = site();
    site.build();
    let day = |lang: &str| texts(&site.html(&format!("{lang}/programme/index.html")), ".day h2")[0].clone();
    assert_eq!(day("en"), "Tuesday 17 May 2022");
    assert_eq!(day("fr"), "mardi 17 mai 2022");
    assert_eq!(day("es"), "martes, 17 de mayo de 2022");
    assert_eq!(day("ru"), "вторник, 17 мая 2022 г.");
    assert_eq!(day("zh"), "2022年5月17日星期二");
    assert!(day("ar").contains("مايو") && day("ar").contains("17") && day("ar").contains("2022"), "{}", day("ar"));
}

#[test]
fn every_ui_string_exists_in_every_language_and_a_missing_one_is_an_error() {
    let site = site();
    site.build();
    // The skip link is translated in all six languages.
    let skips: Vec<String> = ["ar", "zh", "en", "fr", "ru", "es"]
        .iter()
        .map(|l| texts(&site.html(&format!("{l}/index.html")), ".skip-link")[0].clone())
        .collect();
    let mut unique = skips.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 6, "{skips:?}");

    // A site that adds German without a strings file, and overrides a key away in French.
    let de = Fixture::new(&[
        ("site.toml", &format!("{SIX}[languages.de]\nname = \"Deutsch\"\n")),
        ("content/_index.md", "---\ntitle: Home\n---\n"),
    ]);
    let run = de.run(&["check"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stdout
            .lines()
            .any(|l| l
                == "themes/default/i18n/de.toml: error: no UI strings for language `de`: add this file to the theme"),
        "{}",
        run.stdout
    );
    de.write("themes/default/i18n/de.toml", "skip_to_content = \"Zum Inhalt\"\n");
    let run = de.run(&["check"]);
    assert!(
        run.stdout.lines().any(|l| l == "themes/default/i18n/de.toml: error: missing UI string `main_navigation`"),
        "{}",
        run.stdout
    );
}

#[test]
fn arabic_pages_are_right_to_left_with_a_switcher_to_the_same_page() {
    let site = site();
    site.build();
    let ar = site.html("ar/programme/rt1/index.html");
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&ar, "article > h1", "dir"), ["ltr"]);
    let links = attrs(&ar, "nav.languages a", "href");
    assert_eq!(
        links,
        [
            "/ar/programme/rt1/",
            "/zh/programme/rt1/",
            "/en/programme/rt1/",
            "/fr/programme/rt1/",
            "/ru/programme/rt1/",
            "/es/programme/rt1/"
        ]
    );
    assert_eq!(attrs(&ar, "nav.languages a[aria-current]", "hreflang"), ["ar"]);
}

#[test]
fn translated_notes_and_dialogues_show_their_own_typed_text() {
    let site = site();
    site.write("content/notes/_index.md", "---\ntitle: Notes\ntype: notes\n---\n");
    site.write(
        "content/notes/n.md",
        "---\ntitle: Roadmap\ndate: 2021-09-01\nissued_by: UN Network on Migration\nkind: roadmap\n---\n",
    );
    site.write(
        "content/notes/n.fr.md",
        "---\ntitle: Feuille de route\nissued_by: Réseau des Nations Unies sur les migrations\n---\n",
    );
    site.write("content/dialogues/_index.md", "---\ntitle: Dialogues\ntype: dialogues\n---\n");
    site.write("content/dialogues/w.md", "---\ntitle: Webinar\ndate: 2022-03-09\ntheme: Saving lives\nformat: Online\ncluster: Gaps and emerging challenges\n---\n");
    site.write("content/dialogues/w.es.md", "---\ntitle: Seminario web\ntheme: Salvar vidas\nformat: En línea\ncluster: Lagunas y desafíos emergentes\n---\n");
    site.build();
    let note = site.html("fr/notes/n/index.html");
    assert!(texts(&note, ".facts dd").contains(&"Réseau des Nations Unies sur les migrations".to_string()));
    assert!(texts(&note, ".facts dd").contains(&"1er septembre 2021".to_string()), "{:?}", texts(&note, ".facts dd"));
    let webinar = site.html("es/dialogues/w/index.html");
    let facts = texts(&webinar, ".facts dd");
    for expected in ["Salvar vidas", "En línea", "Lagunas y desafíos emergentes"] {
        assert!(facts.contains(&expected.to_string()), "{facts:?}");
    }
}
