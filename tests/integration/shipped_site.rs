//! The shipped knowledge base: it builds with no warning, in all six languages, and its pages
//! hold the facts of the source documents a reader looks for.

use crate::common::{attrs, imrf, texts};
use scraper::Html;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

/// Builds the shipped site once into a temporary folder.
fn public() -> &'static Path {
    static OUT: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    let (_, out) = OUT.get_or_init(|| {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("public");
        let root = env!("CARGO_MANIFEST_DIR");
        let run = imrf(&["build", "--root", root, "--output", out.to_str().unwrap()], Path::new(root));
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains("warning"), "the shipped site builds with no warning:\n{}", run.stderr);
        (dir, out)
    });
    out
}

fn html(path: &str) -> Html {
    Html::parse_document(&std::fs::read_to_string(public().join(path)).unwrap_or_else(|e| panic!("{path}: {e}")))
}

#[test]
fn the_shipped_site_passes_the_output_checker() {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("site.toml")).unwrap();
    let base_url = text.parse::<toml::Table>().unwrap()["base_url"].as_str().unwrap().to_string();
    let problems = crate::common::checker::check_output(public(), &base_url);
    assert!(problems.is_empty(), "{} problem(s):\n{}", problems.len(), problems.join("\n"));
}

#[test]
fn every_language_has_the_same_pages() {
    let list = |lang: &str| {
        let base = public().join(lang);
        // Search index files are split by size, which differs between languages.
        let mut files: Vec<String> = walk(&base)
            .into_iter()
            .map(|p| p.strip_prefix(&base).unwrap().to_string_lossy().into_owned())
            .filter(|p| !p.starts_with("search/") || p == "search/index.html")
            .collect();
        files.sort();
        files
    };
    let en = list("en");
    assert!(en.len() > 100, "{}", en.len());
    for lang in ["ar", "zh", "fr", "ru", "es"] {
        assert_eq!(list(lang), en, "{lang}");
    }
    let ar = html("ar/index.html");
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
}

fn walk(dir: &Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.path().is_dir() {
            out.extend(walk(&e.path()));
        } else {
            out.push(e.path());
        }
    }
    out
}

#[test]
fn the_programme_shows_the_week_of_16_to_20_may_2022() {
    let p = html("en/programme/index.html");
    assert_eq!(
        texts(&p, ".day h2"),
        [
            "Monday 16 May 2022",
            "Tuesday 17 May 2022",
            "Wednesday 18 May 2022",
            "Thursday 19 May 2022",
            "Friday 20 May 2022"
        ]
    );
    let monday = texts(&p, "#day-2022-05-16 .event h4");
    assert!(monday.iter().all(|t| t.to_lowercase().contains("hearing")), "{monday:?}");
    assert_eq!(texts(&p, "#day-2022-05-16 .room")[0], "Conference Room 4");
    // 18 May morning: round tables 3 and 4 in parallel, in two rooms.
    let wed = texts(&p, "#day-2022-05-18 .slot:first-of-type .event .meta");
    assert_eq!(wed.len(), 2, "{wed:?}");
    assert!(wed[0].contains("Conference Room 4") && wed[0].contains("Round table 3"), "{wed:?}");
    assert!(wed[1].contains("Trusteeship Council Chamber") && wed[1].contains("Round table 4"), "{wed:?}");
    let wed_pm = texts(&p, "#day-2022-05-18 .slot:nth-of-type(2) .event h4");
    assert!(wed_pm[0].to_lowercase().contains("policy debate"), "{wed_pm:?}");
    let thu = texts(&p, "#day-2022-05-19 .room");
    assert!(thu.iter().all(|r| r == "General Assembly Hall"), "{thu:?}");
    let fri_pm = texts(&p, "#day-2022-05-20 .slot:nth-of-type(2) .event h4").join(" ");
    assert!(fri_pm.contains("Progress Declaration"), "{fri_pm}");
    // The hearing's own timed programme.
    let hearing = texts(&p, "#day-2022-05-16 .segments .time");
    assert_eq!(hearing, ["10:00–10:30", "10:30–13:00", "15:00–17:20", "17:20–17:50", "17:50–18:00"]);
}

#[test]
fn round_table_4_covers_objective_23_and_every_objective_has_a_round_table() {
    let rt4 = html("en/round-tables/4/index.html");
    assert_eq!(texts(&rt4, "ul.objective-tags:first-of-type .number"), ["1", "3", "7", "17", "23"]);
    let index = html("en/objectives/index.html");
    let rows = texts(&index, "table.objectives tbody tr");
    assert_eq!(rows.len(), 23);
    assert!(rows.iter().all(|r| r.contains("Round table")), "{rows:?}");
    assert!(rows[22].contains("Strengthen international cooperation and global partnerships"), "{}", rows[22]);
    // The objective page names its round table and lists what is tagged with it.
    let o8 = html("en/objectives/8/index.html");
    assert_eq!(texts(&o8, ".covered-by a"), ["Round table 2"]);
    assert!(!texts(&o8, ".group .items a").is_empty());
}

#[test]
fn official_objective_titles_appear_where_they_exist_and_fall_back_visibly() {
    let fr1 = html("fr/objectives/1/index.html");
    assert!(texts(&fr1, "h1")[0].contains("Collecter et utiliser des données précises et ventilées"));
    // No official French title of objective 18: the English one shows, marked as English.
    let fr18 = html("fr/objectives/18/index.html");
    assert_eq!(attrs(&fr18, "h1 span[lang]", "lang"), ["en"]);
    let zh1 = html("zh/objectives/1/index.html");
    assert_eq!(attrs(&zh1, "h1 span[lang]", "lang"), ["en"]);
}

#[test]
fn readers_without_an_official_title_see_a_working_translation_marked_in_their_language() {
    // (language, page, what the working translation says, how it is marked)
    let cases = [
        ("ru", "ru/objectives/7/index.html", "Устранение и уменьшение уязвимости", "рабочий перевод"),
        ("zh", "zh/objectives/7/index.html", "", "工作译文"),
        ("ar", "ar/objectives/7/index.html", "", "ترجمة غير رسمية"),
        ("fr", "fr/objectives/18/index.html", "", "traduction de travail"),
        ("es", "es/objectives/3/index.html", "", "traducción de trabajo"),
        ("ar", "ar/principles/people-centred/index.html", "محورية الإنسان", "ترجمة غير رسمية"),
    ];
    for (lang, page, says, label) in cases {
        let doc = html(page);
        let working = texts(&doc, "h1 .working-title");
        assert_eq!(working.len(), 1, "{page}");
        assert!(working[0].contains(says), "{page}: {working:?}");
        let note = texts(&doc, "h1 .working-note");
        assert!(note[0].contains(label), "{page}: {note:?}");
        // The working translation is in the page's language; the official title beside it in English.
        assert_eq!(attrs(&doc, "html", "lang"), [lang]);
        assert_eq!(attrs(&doc, "h1 .working-note span[lang]", "lang"), ["en"], "{page}");
    }
    // Where an official title exists, it alone shows.
    let es1 = html("es/objectives/1/index.html");
    assert!(texts(&es1, "h1 .working-title").is_empty());
    // The objectives index and the home page's grid carry them too.
    assert_eq!(texts(&html("ru/objectives/index.html"), ".working-title").len(), 23);
    // Search finds the objective by its working title.
    let shards = |folder: &str| -> String {
        walk(&public().join("ru/search").join(folder)).iter().map(|p| std::fs::read_to_string(p).unwrap()).collect()
    };
    let docs = shards("d");
    assert!(docs.contains("Цель 7: Устранение и уменьшение уязвимости"), "the document of objective 7");
    assert!(shards("t").contains("\"уязвим\""), "the stem of its working title's words is indexed");
}

#[test]
fn the_dialogue_series_has_nine_webinars_from_january_to_april_2022() {
    let d = html("en/dialogues/index.html");
    let dates = attrs(&d, ".items time", "datetime");
    assert_eq!(
        dates,
        [
            "2022-01-19",
            "2022-01-26",
            "2022-02-02",
            "2022-02-09",
            "2022-02-23",
            "2022-03-09",
            "2022-03-23",
            "2022-04-06",
            "2022-04-27"
        ]
    );
}

#[test]
fn notes_champions_resources_and_the_network_are_there() {
    let notes = html("en/notes/index.html");
    assert!(texts(&notes, ".items > li").len() >= 4);
    let champions = html("en/champions/index.html");
    let names = texts(&champions, ".champions a");
    for c in ["Colombia", "Costa Rica", "Ecuador", "El Salvador", "Honduras", "Mexico", "Morocco", "Bangladesh"] {
        assert!(names.iter().any(|n| n == c), "{c} missing from {names:?}");
    }
    let resources = html("en/resources/index.html");
    let urls = attrs(&resources, ".resources > li > a", "href");
    for u in [
        "https://migrationnetwork.un.org/sites/default/files/docs/gcm.pdf",
        "https://migrationnetwork.un.org/sites/default/files/docs/a_res_73_326_e.pdf",
        "https://migrationnetwork.un.org/mptf",
        "https://www.un.org/en/migration2022/pledging-initiative",
        "mailto:unmignet@iom.int",
    ] {
        assert!(urls.iter().any(|x| x == u), "{u} missing");
    }
    assert!(urls.len() >= 15);
    let network = html("en/about/un-network-on-migration/index.html");
    let text = texts(&network, ".content").join(" ").to_lowercase();
    for fact in ["39", "executive committee", "unicef", "world health organization"] {
        assert!(text.contains(fact), "{fact}");
    }
}

#[test]
fn the_translation_status_of_the_shipped_site_is_reported_truly() {
    let root = env!("CARGO_MANIFEST_DIR");
    let run = imrf(&["i18n", "status", "--root", root, "--format", "json"], Path::new(root));
    assert_eq!(run.code, 0, "{}", run.stderr);
    let v: serde_json::Value = serde_json::from_str(&run.stdout).unwrap();
    let languages = v.as_array().unwrap();
    assert_eq!(languages.len(), 5);
    for l in languages {
        // Every page is translated, segment by segment, and none is stale.
        assert_eq!((l["pages_translated"].as_u64(), l["pages_total"].as_u64()), (Some(44), Some(44)), "{}", l["code"]);
        assert_eq!(l["pages_stale"], 0, "{}", l["code"]);
        assert_eq!(l["segments_stale"], 0, "{}", l["code"]);
        for page in l["pages"].as_array().unwrap() {
            assert_eq!(page["segments_missing"], 0, "{} {}", l["code"], page["translation"]);
        }
        // Official texts (objective titles, principle names) are no translator's work: none is
        // reported missing. The Migration Network Hub's short labels exist in en, fr and es only:
        // the 23 of ru, zh and ar are missing, and said so.
        let entries: Vec<&str> =
            l["data_entries"].as_array().unwrap().iter().filter_map(|e| e["context"].as_str()).collect();
        let expected: Vec<String> = match l["code"].as_str() {
            Some("fr" | "es") => Vec::new(),
            _ => (1..=23).map(|n| format!("content/objectives.yaml:{n}:short")).collect(),
        };
        assert_eq!(entries, expected, "{}", l["code"]);
        assert_eq!(l["data_stale"], 0, "{}", l["code"]);
    }
    // …and the pages say so: the Russian page of objective 1 shows the English title, marked.
    let ru1 = html("ru/objectives/1/index.html");
    assert_eq!(attrs(&ru1, "h1 span[lang]", "lang"), ["en"]);
    let fr18 = html("fr/objectives/18/index.html");
    assert!(texts(&fr18, "h1")[0].contains("Invest in skills development"));
}

#[test]
fn french_text_keeps_its_signs_on_the_line_of_their_word() {
    // In the text of French pages (code aside), titles and summaries from front matter included,
    // a space before `: ; ? !` or inside « » is a no-break one (typography::apply): the sign
    // never wraps to a line of its own.
    let mut plain_spaces = Vec::new();
    let mut no_break = 0;
    for file in walk(&public().join("fr")).into_iter().filter(|p| p.extension().is_some_and(|e| e == "html")) {
        let doc = Html::parse_document(&std::fs::read_to_string(&file).unwrap());
        let selector = scraper::Selector::parse(
            "title, h1, main .content p, main .content li, main .content td, main .content h2, main .content h3, \
             main ul.items a, main ul.items p, nav a, .breadcrumbs a",
        )
        .unwrap();
        for element in doc.select(&selector) {
            let text: String = element.text().collect();
            no_break += text.matches(['\u{a0}', '\u{202f}']).count();
            for sign in [" :", " ;", " ?", " !", " »"] {
                if text.contains(sign) {
                    plain_spaces.push(format!("{}: {}", file.display(), text.chars().take(80).collect::<String>()));
                }
            }
        }
    }
    assert!(no_break > 100, "{no_break}");
    assert!(
        plain_spaces.is_empty(),
        "{} text(s) with an ordinary space before a sign:\n{}",
        plain_spaces.len(),
        plain_spaces[..plain_spaces.len().min(10)].join("\n")
    );
}

const LANGUAGES: [&str; 6] = ["en", "fr", "es", "ru", "zh", "ar"];

#[test]
fn the_champion_map_marks_exactly_the_champions_of_champions_yaml_in_every_language() {
    let file = Path::new(env!("CARGO_MANIFEST_DIR")).join("content/champions.yaml");
    let yaml: serde_yaml::Value = serde_yaml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
    let champions = yaml.as_sequence().unwrap();
    assert_eq!(champions.len(), 30);
    let mut codes: Vec<String> = champions.iter().map(|c| c["iso"].as_str().unwrap().to_string()).collect();
    codes.sort();
    for lang in LANGUAGES {
        let page = html(&format!("{lang}/champions/index.html"));
        // Every champion has a shape on the 1:110m map: no dot stands for a whole country.
        let mut marked = attrs(&page, "svg.world-map [data-iso].champion", "data-iso");
        marked.sort();
        assert_eq!(marked, codes, "{lang}");
        assert_eq!(attrs(&page, "svg.world-map path.champion", "data-iso").len(), 30, "{lang}");
        for c in champions {
            let iso = c["iso"].as_str().unwrap();
            let name = c["name"][lang].as_str().unwrap();
            assert_eq!(texts(&page, &format!("svg.world-map path[data-iso={iso}] title")), [name], "{lang} {iso}");
        }
        assert_eq!(texts(&page, "figure.map-figure .disclaimer").len(), 1, "{lang}");
    }
    let en = html("en/champions/index.html");
    assert_eq!(
        texts(&en, "figure.map-figure .disclaimer"),
        ["The boundaries and names shown and the designations used on this map do not imply official \
          endorsement or acceptance by the United Nations."]
    );
}

#[test]
fn the_programme_figure_shows_the_five_days_and_links_every_block_to_its_event() {
    for lang in LANGUAGES {
        let p = html(&format!("{lang}/programme/index.html"));
        assert_eq!(
            attrs(&p, ".week-date time", "datetime"),
            ["2022-05-16", "2022-05-17", "2022-05-18", "2022-05-19", "2022-05-20"],
            "{lang}"
        );
        let slugs: Vec<String> = attrs(&p, ".week-event", "href")
            .iter()
            .map(|h| h.strip_prefix(&format!("/{lang}/programme/")).unwrap().trim_end_matches('/').to_string())
            .collect();
        assert_eq!(
            slugs,
            [
                "hearing",
                "round-table-1",
                "round-table-2",
                "round-table-3",
                "round-table-4",
                "policy-debate",
                "plenary-opening",
                "general-debate-19-may",
                "general-debate-20-may",
                "plenary-closing"
            ],
            "{lang}"
        );
        // Each block bears the event's title in the reader's language, as the schedule does.
        let mut titles = texts(&p, ".week-event");
        let mut schedule = texts(&p, ".schedule .event h4");
        titles.sort();
        titles.dedup();
        schedule.sort();
        schedule.dedup();
        assert_eq!(titles, schedule, "{lang}");
    }
    let en = html("en/programme/index.html");
    assert_eq!(texts(&en, ".week-event")[9], "Plenary: closing segment and adoption of the Progress Declaration");
    assert_eq!(attrs(&en, ".week-cell", "style")[0], "--col: 2; --row: 2; --span: 2", "the hearing spans the day");
}

#[test]
fn the_home_page_shows_the_road_to_the_forum_from_the_pledging_initiative_to_the_forum() {
    let en = html("en/index.html");
    assert_eq!(
        attrs(&en, ".milestones a", "href"),
        [
            "/en/about/pledging-initiative/",
            "/en/dialogues/",
            "/en/about/secretary-general-report/",
            "/en/about/migration-week/",
            "/en/about/voluntary-gcm-reviews/",
            "/en/programme/hearing/",
            "/en/programme/"
        ]
    );
    assert_eq!(
        texts(&en, ".milestones .meta"),
        [
            "17 December 2021",
            "19 January 2022 – 27 April 2022",
            "24 January 2022",
            "14 February 2022 – 18 February 2022",
            "28 February 2022",
            "16 May 2022",
            "17 May 2022 – 20 May 2022"
        ]
    );
    for lang in LANGUAGES {
        let page = html(&format!("{lang}/index.html"));
        assert_eq!(attrs(&page, "svg.timeline a", "href").len(), 7, "{lang}");
        // Every label is in the reader's language (none falls back).
        assert!(attrs(&page, ".milestones a", "lang").is_empty(), "{lang}");
    }
    let ar = html("ar/index.html");
    assert_eq!(texts(&ar, ".milestones a")[0], "إطلاق مبادرة التعهدات");
    let dots: Vec<f64> = attrs(&ar, "svg.timeline circle.day", "cx").iter().map(|x| x.parse().unwrap()).collect();
    assert!(dots.windows(2).all(|w| w[0] > w[1]), "Arabic runs right to left: {dots:?}");
}
