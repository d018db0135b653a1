//! The figures drawn from the content (src/render/figures.rs): the champion countries map, the
//! week of the programme and the road to the forum, on fixture sites, asserted on parsed HTML.

use crate::common::{attrs, texts, Fixture};

const CHAMPIONS: &str = "- name: {en: Mexico, fr: Mexique, ar: المكسيك}\n  iso: MX\n  region: americas\n\
- name: Ghana\n  iso: GH\n  region: africa\n\
- name: {en: Luxembourg, fr: Luxembourg}\n  iso: LU\n  region: europe-north-america\n\
- name: {en: Malta, fr: Malte}\n  iso: MT\n  region: europe-north-america\n";

#[test]
fn the_champion_map_marks_the_champions_in_every_language_and_follows_the_data_file() {
    let site = Fixture::new(&[("content/_index.md", "---\ntitle: Home\n---\n"), ("content/champions.yaml", CHAMPIONS)]);
    site.build();
    for lang in ["en", "fr", "ar"] {
        let page = site.html(&format!("{lang}/champions/index.html"));
        // Every country is a shape; the champions are marked, in the order of the map data.
        assert!(attrs(&page, "svg.world-map path[data-iso]", "data-iso").len() > 150, "{lang}");
        assert_eq!(attrs(&page, "svg.world-map path.champion", "data-iso"), ["GH", "LU", "MX"], "{lang}");
        // Malta is too small for the shapes: it is a dot; Luxembourg gets a dot beside its shape.
        assert_eq!(attrs(&page, "svg.world-map circle.champion", "data-iso"), ["MT"], "{lang}");
        assert_eq!(attrs(&page, "svg.world-map circle.marker", "data-marker"), ["LU"], "{lang}");
        assert_eq!(attrs(&page, "svg.world-map", "role"), ["img"]);
        assert_eq!(attrs(&page, "svg.world-map", "aria-labelledby"), ["champion-map-title champion-map-desc"]);
        assert_eq!(texts(&page, "figure.map-figure .legend li").len(), 2);
    }
    let fr = site.html("fr/champions/index.html");
    assert_eq!(texts(&fr, "svg.world-map path[data-iso=MX] title"), ["Mexique"]);
    // Ghana has no French name: the English one, marked as English.
    assert_eq!(texts(&fr, "svg.world-map path[data-iso=GH] title"), ["Ghana"]);
    assert_eq!(attrs(&fr, "svg.world-map path[data-iso=GH] title", "lang"), ["en"]);
    assert_eq!(
        texts(&fr, "#champion-map-desc"),
        ["Pays champions mis en évidence : Ghana, Luxembourg, Malte, Mexique."]
    );
    assert_eq!(
        texts(&fr, "figure.map-figure .disclaimer"),
        ["Les frontières et les noms indiqués et les désignations employées sur cette carte n’impliquent pas \
          reconnaissance ou acceptation officielle de la part de l’Organisation des Nations Unies."]
    );
    let ar = site.html("ar/champions/index.html");
    assert_eq!(texts(&ar, "svg.world-map path[data-iso=MX] title"), ["المكسيك"]);
    // The map is geography: the same shapes in every language.
    let shapes = |lang: &str| attrs(&site.html(&format!("{lang}/champions/index.html")), "svg path", "d");
    assert_eq!(shapes("ar"), shapes("en"));

    // A champion added to the data file is on the map at the next build.
    site.write("content/champions.yaml", &format!("{CHAMPIONS}- name: Colombia\n  iso: CO\n  region: americas\n"));
    site.build();
    let en = site.html("en/champions/index.html");
    assert_eq!(attrs(&en, "svg.world-map path.champion", "data-iso"), ["CO", "GH", "LU", "MX"]);
    assert_eq!(texts(&en, "svg.world-map path[data-iso=CO] title"), ["Colombia"]);
}

#[test]
fn names_on_the_map_are_escaped() {
    let site = Fixture::new(&[(
        "content/champions.yaml",
        "- name: \"<b onclick=x>Ghana</b>\"\n  iso: GH\n  region: africa\n- name: \"<i>Atlantis</i>\"\n  iso: XA\n  region: africa\n",
    )]);
    site.build();
    let page = site.html("en/champions/index.html");
    assert!(attrs(&page, "svg b, figure b, svg i, figure i", "onclick").is_empty());
    assert_eq!(texts(&page, "svg b, figure b, svg i, figure i"), Vec::<String>::new());
    assert_eq!(texts(&page, "svg.world-map path[data-iso=GH] title"), ["<b onclick=x>Ghana</b>"]);
    // A champion the map has no shape for is named beside it.
    assert!(texts(&page, "figure.map-figure figcaption p")[1].ends_with("<i>Atlantis</i>"));
}

const PROGRAMME: &str = "---\ntitle: Programme\ntype: programme\n---\n";

fn event(title: &str, date: &str, start: &str, end: &str, kind: &str) -> String {
    format!("---\ntitle: {title}\ndate: {date}\nstart: \"{start}\"\nend: \"{end}\"\nroom: Room\nkind: {kind}\n---\n")
}

#[test]
fn the_week_of_the_programme_links_each_block_to_its_event_page() {
    let site = Fixture::new(&[
        ("content/programme/_index.md", PROGRAMME),
        ("content/programme/hearing.md", &event("Hearing", "2022-05-16", "10:00", "18:00", "hearing")),
        (
            "content/programme/opening.md",
            "---\ntitle: Opening\ndate: 2022-05-16\nstart: \"10:00\"\nend: \"10:30\"\nroom: R\nkind: hearing-segment\npart_of: hearing\n---\n",
        ),
        ("content/programme/rt1.md", &event("Round table 1", "2022-05-17", "10:00", "13:00", "round-table")),
        ("content/programme/rt1.fr.md", "---\ntitle: Table ronde 1\nslug: table-ronde-1\n---\n"),
        ("content/programme/rt2.md", &event("Round table 2", "2022-05-17", "15:00", "18:00", "round-table")),
        ("content/programme/rt3.md", &event("Round table 3", "2022-05-18", "10:00", "13:00", "round-table")),
        ("content/programme/rt4.md", &event("Round table 4", "2022-05-18", "10:00", "13:00", "round-table")),
        ("content/programme/debate.md", &event("Policy debate", "2022-05-18", "15:00", "18:00", "policy-debate")),
    ]);
    site.build();
    let en = site.html("en/programme/index.html");
    assert_eq!(texts(&en, ".week-date"), ["Monday 16 May 2022", "Tuesday 17 May 2022", "Wednesday 18 May 2022"]);
    assert_eq!(attrs(&en, ".week-date", "href"), ["#day-2022-05-16", "#day-2022-05-17", "#day-2022-05-18"]);
    assert_eq!(
        texts(&en, ".week-event"),
        ["Hearing", "Round table 1", "Round table 2", "Round table 3", "Round table 4", "Policy debate"]
    );
    assert_eq!(
        attrs(&en, ".week-event", "href"),
        [
            "/en/programme/hearing/",
            "/en/programme/rt1/",
            "/en/programme/rt2/",
            "/en/programme/rt3/",
            "/en/programme/rt4/",
            "/en/programme/debate/"
        ]
    );
    // The hearing runs all day: one block over both half-days; round tables 3 and 4 share one.
    let cells = attrs(&en, ".week-cell", "style");
    assert_eq!(
        cells,
        [
            "--col: 2; --row: 2; --span: 2",
            "--col: 3; --row: 2; --span: 1",
            "--col: 3; --row: 3; --span: 1",
            "--col: 4; --row: 2; --span: 1",
            "--col: 4; --row: 3; --span: 1"
        ]
    );
    assert_eq!(attrs(&en, ".week-event.kind-round-table", "href").len(), 4);
    assert_eq!(texts(&en, ".week-figure .legend li"), ["Multi-stakeholder hearing", "Round table", "Policy debate"]);
    // In French, the blocks carry the French titles and lead to the French pages.
    let fr = site.html("fr/programme/index.html");
    assert_eq!(texts(&fr, ".week-event")[1], "Table ronde 1");
    assert_eq!(attrs(&fr, ".week-event", "href")[1], "/fr/programme/table-ronde-1/");
    assert_eq!(attrs(&fr, ".week-event", "lang")[0], "en", "an untranslated title is marked as English");
}

fn milestone_site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("content/about/_index.md", "---\ntitle: About\n---\n"),
        (
            "content/about/report.md",
            "---\ntitle: The report of the Secretary-General\nextra:\n  milestone: {date: 2022-01-24, label: Report published}\n---\n",
        ),
        (
            "content/about/report.fr.md",
            "---\ntitle: Le rapport\nextra:\n  milestone: {date: 2022-01-24, label: Publication du rapport}\n---\n",
        ),
        ("content/about/pledges.md", "---\ntitle: Pledges\nextra:\n  milestone:\n    date: 2021-12-17\n---\n"),
        ("content/about/pledges.fr.md", "---\ntitle: Engagements\nslug: engagements\n---\n"),
        (
            "content/dialogues/_index.md",
            "---\ntitle: Dialogues\nextra:\n  venue: online\n  milestone: {date: 2022-01-19, until: 2022-04-27}\n---\n",
        ),
        ("content/forum.md", "---\ntitle: The forum\nextra: {milestone: {date: 2022-05-17, until: 2022-05-20}}\n---\n"),
    ])
}

#[test]
fn milestones_make_a_time_line_in_date_order_linking_to_their_pages() {
    let site = milestone_site();
    site.build();
    let en = site.html("en/index.html");
    assert_eq!(texts(&en, ".milestones a"), ["Pledges", "Dialogues", "Report published", "The forum"]);
    let hrefs = ["/en/about/pledges/", "/en/dialogues/", "/en/about/report/", "/en/forum/"];
    assert_eq!(attrs(&en, ".milestones a", "href"), hrefs);
    assert_eq!(
        texts(&en, ".milestones .meta"),
        ["17 December 2021", "19 January 2022 – 27 April 2022", "24 January 2022", "17 May 2022 – 20 May 2022"]
    );
    assert_eq!(attrs(&en, ".milestones time", "datetime"), ["2021-12-17", "2022-01-24"]);
    // The picture has the same milestones, each a link named by its label and date.
    assert_eq!(attrs(&en, "svg.timeline a", "href"), hrefs);
    assert_eq!(texts(&en, "svg.timeline a")[0], "Pledges 17 December 2021");
    assert_eq!(texts(&en, "svg.timeline > text")[..3], ["December", "2021", "January"]);
    assert_eq!(attrs(&en, "svg.timeline", "aria-labelledby"), ["timeline-title"]);
    assert_eq!(texts(&en, "#timeline-title"), ["The road to the forum"]);

    // Labels in the reader's language: the translation's own label, else its title; the dates
    // are the source's.
    let fr = site.html("fr/index.html");
    assert_eq!(texts(&fr, ".milestones a"), ["Engagements", "Dialogues", "Publication du rapport", "The forum"]);
    assert_eq!(attrs(&fr, ".milestones a", "href")[0], "/fr/about/engagements/");
    assert_eq!(attrs(&fr, ".milestones a[lang]", "lang"), ["en", "en"]);
    assert_eq!(texts(&fr, ".milestones .meta")[1], "du 19 janvier 2022 au 27 avril 2022");

    // Arabic runs the time line right to left: the first milestone is right of the last.
    let ar = site.html("ar/index.html");
    assert_eq!(attrs(&ar, "svg.timeline", "direction"), ["rtl"]);
    let x = |html: &scraper::Html| -> Vec<f64> {
        let dots = attrs(html, "svg.timeline circle.day", "cx");
        dots.iter().map(|v| v.parse().unwrap()).collect()
    };
    let (en_x, ar_x) = (x(&en), x(&ar));
    assert!(en_x[0] < en_x[1], "{en_x:?}");
    assert!(ar_x[0] > ar_x[1], "{ar_x:?}");
    assert!((en_x[0] + ar_x[0] - 1000.0).abs() < 0.2, "mirrored: {en_x:?} {ar_x:?}");
}

#[test]
fn a_malformed_milestone_is_an_error_at_its_line() {
    let site = milestone_site();
    site.write(
        "content/about/bad.md",
        "---\ntitle: Bad\nextra:\n  venue: x\n  milestone:\n    label: L\n    date: 2022-02-30\n---\n",
    );
    site.write(
        "content/about/early.md",
        "---\ntitle: Early\nextra: {milestone: {date: 2022-05-01, until: 2022-04-01}}\n---\n",
    );
    site.write("content/about/typo.md", "---\ntitle: Typo\nextra:\n  milestone: {dat: 2022-05-01}\n---\n");
    site.write("content/about/report.fr.md", "---\ntitle: Le rapport\nextra:\n  milestone: {date: 24 janvier}\n---\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let errors: Vec<&str> = run.stderr.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/about/bad.md:7: error: milestone `date`: `2022-02-30` is not a date that exists",
            "content/about/early.md:3: error: milestone `until` (2022-04-01) is before its `date` (2022-05-01)",
            "content/about/report.fr.md:4: error: milestone `date`: `24 janvier` is not a date in the form YYYY-MM-DD",
            "content/about/typo.md:4: error: unknown field `dat` in `extra.milestone` (it takes date, until and label)",
        ],
        "{}",
        run.stderr
    );
    assert!(!site.public().exists());
}

#[test]
fn labels_on_the_time_line_are_escaped() {
    let site = Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/x.md",
            "---\ntitle: X\nextra:\n  milestone: {date: 2022-01-01, label: \"<i onclick=x>bad</i>\"}\n---\n",
        ),
    ]);
    site.build();
    let page = site.html("en/index.html");
    assert_eq!(texts(&page, "svg i, .milestones i"), Vec::<String>::new());
    assert_eq!(texts(&page, "svg.timeline a text")[0], "<i onclick=x>bad</i>");
}
