//! `imrf build` on small fixture sites, one feature per test, asserted on parsed HTML.

use crate::common::{attrs, snapshot, texts, Fixture};

const HOME: &str = "---\ntitle: Home\n---\nWelcome.\n";
const GUIDES: &str = "---\ntitle: Guides\nweight: 1\n---\nAll guides.\n";
const DATA_PAGE: &str = "---\ntitle: Data matters\nsummary: Why data comes first.\nobjectives: [1, 17]\nprinciples: [human-rights]\n---\n# Data\n\nSee [the other guide](@/guides/other.md#details).\n";
const OTHER_PAGE: &str = "---\ntitle: Other guide\nobjectives: [1]\n---\n## Details\n\nText.\n";

fn generic_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", HOME),
        ("content/guides/_index.md", GUIDES),
        ("content/guides/data.md", DATA_PAGE),
        ("content/guides/other.md", OTHER_PAGE),
    ])
}

#[test]
fn a_site_the_tool_has_never_seen_builds_and_its_objective_indexes_list_its_pages() {
    let site = generic_site();
    site.build();
    let index = site.html("en/objectives/index.html");
    let rows = texts(&index, "table.objectives tbody tr");
    assert_eq!(rows.len(), 23);
    assert!(rows[0].starts_with("1 Collect and utilize accurate and disaggregated data"), "{}", rows[0]);
    assert!(rows[0].ends_with("Round table 4 2"), "objective 1: round table 4, two items: {}", rows[0]);
    assert!(rows[16].ends_with(" 1"), "objective 17 has one item: {}", rows[16]);
    assert!(rows[1].ends_with(" 0"));

    let one = site.html("en/objectives/1/index.html");
    assert_eq!(texts(&one, ".group h2"), ["Guides"]);
    assert_eq!(attrs(&one, ".group .items a", "href"), ["/en/guides/data/", "/en/guides/other/"]);
    assert_eq!(texts(&one, ".covered-by a"), ["Round table 4"]);

    let principle = site.html("en/principles/human-rights/index.html");
    assert_eq!(texts(&principle, ".items a"), ["Data matters"]);
    let rt4 = site.html("en/round-tables/4/index.html");
    let objectives = texts(&rt4, ".objective-tags .number");
    assert_eq!(objectives, ["1", "3", "7", "17", "23"]);
}

#[test]
fn every_page_has_language_direction_title_description_canonical_and_navigation() {
    let site = generic_site();
    site.build();
    let page = site.html("en/guides/data/index.html");
    assert_eq!(attrs(&page, "html", "lang"), ["en"]);
    assert_eq!(attrs(&page, "html", "dir"), ["ltr"]);
    assert_eq!(texts(&page, "title"), ["Data matters · Test site"]);
    assert_eq!(attrs(&page, "meta[name=description]", "content"), ["Why data comes first."]);
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["https://test.example.org/en/guides/data/"]);
    let nav = texts(&page, "nav.main-nav a");
    assert_eq!(nav[0], "Guides");
    assert!(nav.contains(&"GCM objectives".to_string()));
    assert_eq!(attrs(&page, "nav.main-nav a[aria-current=page]", "href"), ["/en/guides/"]);
    assert_eq!(texts(&page, ".tags .objective-tags a").len(), 2);

    let ar = site.html("ar/guides/data/index.html");
    assert_eq!(attrs(&ar, "html", "dir"), ["rtl"]);
    assert_eq!(attrs(&ar, "html", "lang"), ["ar"]);
}

#[test]
fn the_root_page_lets_the_reader_pick_a_language_and_leads_to_the_default() {
    let site = generic_site();
    site.build();
    let root = site.html("index.html");
    assert_eq!(attrs(&root, ".picker a", "href"), ["/en/", "/fr/", "/ar/"]);
    assert_eq!(attrs(&root, "a.continue", "href"), ["/en/"]);
    assert_eq!(attrs(&root, "link[rel=alternate]", "hreflang"), ["en", "fr", "ar"]);
}

#[test]
fn internal_links_resolve_in_the_readers_language() {
    let site = generic_site();
    site.write("content/guides/other.fr.md", "---\ntitle: Autre guide\nslug: autre\n---\n## Details\n\nTexte.\n");
    site.build();
    let en = site.html("en/guides/data/index.html");
    assert_eq!(attrs(&en, ".content a", "href"), ["/en/guides/other/#details"]);
    // The French page falls back to the English text, and its link leads to the French page.
    let fr = site.html("fr/guides/data/index.html");
    assert_eq!(attrs(&fr, ".content a", "href"), ["/fr/guides/autre/#details"]);
}

#[test]
fn untranslated_pages_fall_back_to_the_default_language_and_say_so() {
    let site = generic_site();
    site.write("content/guides/data.fr.md", "---\ntitle: Les données d’abord\nobjectives: [1, 17]\n---\nTexte.\n");
    site.build();
    let fr = site.html("fr/guides/data/index.html");
    assert_eq!(texts(&fr, "article > h1"), ["Les données d’abord"]);
    assert!(texts(&fr, ".notice").is_empty());
    assert_eq!(attrs(&fr, ".content", "lang"), ["fr"]);

    let ar = site.html("ar/guides/data/index.html");
    assert_eq!(texts(&ar, "article > h1"), ["Data matters"]);
    assert_eq!(attrs(&ar, "article > h1", "lang"), ["en"]);
    assert_eq!(attrs(&ar, ".content", "lang"), ["en"]);
    assert_eq!(texts(&ar, ".notice").len(), 1);
    assert_eq!(attrs(&ar, "link[rel=canonical]", "href"), ["https://test.example.org/en/guides/data/"]);
    // Real translations are alternates; the fallback is not.
    let mut alternates = attrs(&ar, "link[rel=alternate]", "hreflang");
    alternates.sort();
    assert_eq!(alternates, ["en", "fr"]);
    let switcher = attrs(&ar, "nav.languages a.fallback", "hreflang");
    assert_eq!(switcher, ["ar"]);
}

#[test]
fn code_blocks_are_highlighted_with_classes_and_raw_html_is_escaped() {
    let site = Fixture::new(&[(
        "content/code.md",
        "---\ntitle: Code\n---\n```rust\nfn main() {}\n```\n\n<script>alert(1)</script>\n\n[UN](https://un.org)\n",
    )]);
    site.build();
    let page = site.html("en/code/index.html");
    assert!(!attrs(&page, "pre.code span", "class").is_empty());
    assert!(attrs(&page, "pre.code [style]", "style").is_empty());
    assert!(texts(&page, ".content script").is_empty());
    assert!(texts(&page, ".content")[0].contains("<script>alert(1)</script>"), "{:?}", texts(&page, ".content"));
    assert_eq!(attrs(&page, ".content a", "rel"), ["noopener"]);
}

#[test]
fn raw_html_passes_when_the_site_allows_it() {
    let toml = crate::common::SITE_TOML
        .replace("default_language = \"en\"\n", "default_language = \"en\"\n[markdown]\nallow_html = true\n");
    let site = Fixture::new(&[("site.toml", &toml), ("content/x.md", "---\ntitle: X\n---\n<mark>hi</mark>\n")]);
    site.build();
    assert_eq!(texts(&site.html("en/x/index.html"), ".content mark"), ["hi"]);
}

const PROGRAMME: &str = "---\ntitle: Programme\ntype: programme\n---\n";

#[test]
fn the_programme_is_a_day_by_day_schedule_with_a_page_per_event() {
    let site = Fixture::new(&[
        ("content/programme/_index.md", PROGRAMME),
        (
            "content/programme/hearing.md",
            "---\ntitle: Hearing\ndate: 2022-05-16\nstart: \"10:00\"\nend: \"18:00\"\nroom: Conference Room 4\nkind: hearing\nchairs: [President of the General Assembly]\n---\nA day of dialogue.\n",
        ),
        (
            "content/programme/opening.md",
            "---\ntitle: Opening\ndate: 2022-05-16\nstart: \"10:00\"\nend: \"10:30\"\nroom: Conference Room 4\nkind: hearing-segment\npart_of: hearing\n---\n",
        ),
        (
            "content/programme/closing.md",
            "---\ntitle: Closing\ndate: 2022-05-16\nstart: \"17:50\"\nend: \"18:00\"\nroom: Conference Room 4\nkind: hearing-segment\npart_of: hearing\n---\n",
        ),
        (
            "content/programme/rt1.md",
            "---\ntitle: Round table 1\ndate: 2022-05-17\nstart: \"10:00\"\nend: \"13:00\"\nroom: Trusteeship Council Chamber\nkind: round-table\nround_table: 1\nobjectives: [2, 5]\n---\n",
        ),
        (
            "content/programme/debate.md",
            "---\ntitle: Policy debate\ndate: 2022-05-18\nstart: \"15:00\"\nend: \"18:00\"\nroom: Trusteeship Council Chamber\nkind: policy-debate\n---\n",
        ),
    ]);
    site.build();
    let p = site.html("en/programme/index.html");
    assert_eq!(texts(&p, ".day h2"), ["Monday 16 May 2022", "Tuesday 17 May 2022", "Wednesday 18 May 2022"]);
    // The hearing runs all day: it appears in the morning and the afternoon with its segments.
    assert_eq!(texts(&p, "#day-2022-05-16 .slot h3"), ["Morning", "Afternoon"]);
    assert_eq!(texts(&p, "#day-2022-05-16 .segments a"), ["Opening", "Closing"]);
    assert_eq!(texts(&p, "#day-2022-05-16 .slot:first-of-type .segments a"), ["Opening"]);
    assert_eq!(texts(&p, "#day-2022-05-18 .slot h3"), ["Afternoon"]);
    assert_eq!(texts(&p, "#day-2022-05-17 .room"), ["Trusteeship Council Chamber"]);

    let e = site.html("en/programme/rt1/index.html");
    let facts = texts(&e, ".facts dd");
    assert_eq!(facts[0], "Tuesday 17 May 2022");
    assert_eq!(facts[1], "10:00 – 13:00 (New York time, UTC−04:00 )");
    assert_eq!(attrs(&e, ".facts time", "datetime")[1..], ["2022-05-17T10:00-04:00", "2022-05-17T13:00-04:00"]);
    assert_eq!(facts[2], "Trusteeship Council Chamber");
    assert_eq!(texts(&e, ".tags .number"), ["2", "5"]);
    let hearing = site.html("en/programme/hearing/index.html");
    assert_eq!(texts(&hearing, ".segments a"), ["Opening", "Closing"]);
    let opening = site.html("en/programme/opening/index.html");
    assert_eq!(attrs(&opening, ".facts a", "href"), ["/en/programme/hearing/"]);
    // The French schedule writes its dates in French.
    let fr = site.html("fr/programme/index.html");
    assert_eq!(texts(&fr, ".day h2")[0], "lundi 16 mai 2022");
}

#[test]
fn champions_and_resources_come_from_data_files() {
    let site = generic_site();
    site.write(
        "content/champions.yaml",
        "- name: {en: Mexico, fr: Mexique}\n  iso: MX\n  region: americas\n- name: Ghana\n  iso: GH\n  region: africa\n",
    );
    site.write(
        "content/resources.yaml",
        "- title: {en: GA resolution 73/195, fr: Résolution 73/195}\n  url: https://example.org/gcm.pdf\n  kind: resolution\n  objectives: [1]\n",
    );
    site.build();
    let c = site.html("en/champions/index.html");
    assert_eq!(texts(&c, ".champions a"), ["Ghana", "Mexico"]);
    let mx = site.html("fr/champions/mx/index.html");
    assert_eq!(texts(&mx, "h1"), ["Mexique"]);
    // Ghana has no French name: the English one shows, marked as English.
    let gh = site.html("fr/champions/gh/index.html");
    assert_eq!(attrs(&gh, "h1 span", "lang"), ["en"]);
    let r = site.html("fr/resources/index.html");
    assert_eq!(texts(&r, ".resources > li > a"), ["Résolution 73/195"]);
    let one = site.html("en/objectives/1/index.html");
    assert_eq!(texts(&one, ".group h2"), ["Guides", "Resources"]);
    assert_eq!(attrs(&one, ".group a[rel=noopener]", "href"), ["https://example.org/gcm.pdf"]);
}

#[test]
fn a_sites_own_theme_overrides_the_default_file_by_file() {
    let site = generic_site();
    site.write(
        "themes/default/templates/page.html",
        "{% extends \"base.html\" %}{% block main %}<p id=\"own\">{{ page.title }}</p>{% endblock main %}",
    );
    site.write("themes/default/i18n/en.toml", "skip_to_content = \"Jump to the text\"\n");
    site.build();
    let page = site.html("en/guides/data/index.html");
    assert_eq!(texts(&page, "#own"), ["Data matters"]);
    assert_eq!(texts(&page, ".skip-link"), ["Jump to the text"]);
    // Everything else still comes from the built-in theme.
    assert_eq!(texts(&site.html("en/guides/index.html"), "h1"), ["Guides"]);
}

#[test]
fn drafts_are_left_out_unless_asked_for() {
    let site = generic_site();
    site.write("content/guides/wip.md", "---\ntitle: WIP\ndraft: true\n---\n");
    site.build();
    assert!(!site.public().join("en/guides/wip/index.html").exists());
    let run = site.run(&["build", "--drafts"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(site.public().join("en/guides/wip/index.html").exists());
}

#[test]
fn base_url_can_be_overridden_and_may_carry_a_path() {
    let site = generic_site();
    let run = site.run(&["build", "--base-url", "https://preview.example.org/kb/"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = site.html("en/guides/data/index.html");
    assert_eq!(attrs(&page, "link[rel=canonical]", "href"), ["https://preview.example.org/kb/en/guides/data/"]);
    assert_eq!(attrs(&page, "a.site-title", "href"), ["/kb/en/"]);
}

#[test]
fn two_builds_give_the_same_bytes_whatever_the_thread_count() {
    let site = generic_site();
    site.write("content/champions.yaml", "- name: Ghana\n  iso: GH\n  region: africa\n");
    let out1 = site.root().join("out1");
    let out2 = site.root().join("out2");
    for (out, threads) in [(&out1, "1"), (&out2, "2")] {
        let st = std::process::Command::new(env!("CARGO_BIN_EXE_imrf"))
            .args(["build", "--root"])
            .arg(site.root())
            .arg("--output")
            .arg(out)
            .env("RAYON_NUM_THREADS", threads)
            .status()
            .unwrap();
        assert!(st.success());
    }
    let a = snapshot(&out1);
    assert!(a.len() > 50);
    assert_eq!(a, snapshot(&out2));
}

#[test]
fn text_from_front_matter_and_data_is_escaped_wherever_it_lands() {
    let site = Fixture::new(&[
        (
            "content/x.md",
            "---\ntitle: \"<script>alert('t')</script>\"\nsummary: \"\\\" onmouseover=\\\"alert(1)\"\n---\nBody.\n",
        ),
        ("content/champions.yaml", "- name: \"<img src=x onerror=alert(1)>\"\n  iso: XX\n  region: africa\n"),
    ]);
    site.build();
    let page = site.html("en/x/index.html");
    assert!(texts(&page, "script").is_empty(), "no script element from a title");
    assert_eq!(texts(&page, "article > h1"), ["<script>alert('t')</script>"]);
    assert_eq!(attrs(&page, "meta[name=description]", "content"), ["\" onmouseover=\"alert(1)"]);
    assert!(attrs(&page, "[onmouseover]", "onmouseover").is_empty());
    let champions = site.html("en/champions/index.html");
    assert!(attrs(&champions, "img", "src").is_empty());
    assert_eq!(texts(&champions, ".champions a"), ["<img src=x onerror=alert(1)>"]);
}

#[test]
fn a_build_killed_at_any_moment_leaves_only_complete_files() {
    // A site big enough that a build takes a while, built once, then changed everywhere.
    let site = Fixture::new(&[("content/_index.md", "---\ntitle: Home\n---\n")]);
    let page = |i: usize, version: &str| {
        format!("---\ntitle: Page {i}\nobjectives: [{}]\n---\n{version} {}\n", i % 23 + 1, "text ".repeat(200))
    };
    for i in 0..300 {
        site.write(&format!("content/s{}/p{i}.md", i % 5), &page(i, "first"));
    }
    site.build();
    for i in 0..300 {
        site.write(&format!("content/s{}/p{i}.md", i % 5), &page(i, "second"));
    }
    for delay_ms in [5u64, 30, 80, 150] {
        let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_imrf"))
            .args(["build", "--root"])
            .arg(site.root())
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(std::time::Duration::from_millis(delay_ms));
        let _ = child.kill();
        let _ = child.wait();
        for (path, bytes) in snapshot(&site.public()) {
            let name = path.rsplit('/').next().unwrap_or(&path);
            if name.starts_with('.') {
                continue; // temporary files are never read by a web server (hidden) and are swept by the next build
            }
            if path.ends_with(".html") {
                let text = String::from_utf8(bytes).unwrap();
                assert!(text.trim_end().ends_with("</html>"), "{path} is truncated after a kill at {delay_ms} ms");
            }
        }
    }
    // The next build completes, and leaves no temporary file behind.
    site.build();
    let leftovers: Vec<String> = snapshot(&site.public())
        .into_iter()
        .map(|(p, _)| p)
        .filter(|p| p.rsplit('/').next().unwrap().ends_with(".imrf-tmp"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
    assert!(std::fs::read_to_string(site.public().join("en/s0/p0/index.html")).unwrap().contains("second"));
}
