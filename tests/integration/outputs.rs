//! Feeds, calendars, sitemap, robots.txt, 404 pages and the search index of a fixture site,
//! parsed with real XML and iCalendar parsers.

use crate::common::{attrs, texts, Fixture};
use std::io::BufReader;

fn site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\n"),
        (
            "content/programme/_index.md",
            "---\ntitle: Programme\ntype: programme\nextra:\n  venue: United Nations Headquarters, New York\n---\n",
        ),
        (
            "content/programme/rt1.md",
            "---\ntitle: Round table 1, on drivers; and pathways\ndate: 2022-05-17\nstart: \"10:00\"\nend: \"13:00\"\nroom: Trusteeship Council Chamber\nkind: round-table\nsummary: The first round table.\n---\nText.\n",
        ),
        (
            "content/programme/rt1.fr.md",
            "---\ntitle: Table ronde 1\nroom: Salle du Conseil de tutelle\n---\nTexte.\n",
        ),
        ("content/notes/_index.md", "---\ntitle: Notes\ntype: notes\n---\n"),
        (
            "content/notes/a.md",
            "---\ntitle: Roadmap & more\ndate: 2021-09-01\nissued_by: UN Network on Migration\nkind: roadmap\n---\nSee [the round table](@/programme/rt1.md).\n",
        ),
        (
            "content/notes/b.md",
            "---\ntitle: Concept note\ndate: 2022-03-16\nissued_by: PGA\nkind: concept-note\n---\nBody.\n",
        ),
        ("content/dialogues/_index.md", "---\ntitle: Dialogues\ntype: dialogues\n---\n"),
        (
            "content/dialogues/w1.md",
            "---\ntitle: Webinar one\ndate: 2022-01-19\ntheme: Cluster 1\nformat: Online\nround_table: 1\n---\n",
        ),
    ])
}

#[test]
fn atom_feeds_are_valid_and_list_dated_pages_newest_first() {
    let site = site();
    site.build();
    let xml = std::fs::read_to_string(site.public().join("fr/notes/atom.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).expect("well-formed XML");
    let feed = doc.root_element();
    assert_eq!(feed.tag_name().name(), "feed");
    assert_eq!(feed.tag_name().namespace(), Some("http://www.w3.org/2005/Atom"));
    let child = |n: roxmltree::Node, name: &str| {
        n.children().find(|c| c.tag_name().name() == name).map(|c| c.text().unwrap_or("").to_string())
    };
    assert_eq!(child(feed, "id").unwrap(), "https://test.example.org/fr/notes/atom.xml");
    assert_eq!(child(feed, "updated").unwrap(), "2022-03-16T00:00:00Z");
    assert!(feed.children().any(|c| c.tag_name().name() == "author"));
    let entries: Vec<roxmltree::Node> = feed.children().filter(|c| c.tag_name().name() == "entry").collect();
    assert_eq!(entries.len(), 2);
    assert_eq!(child(entries[0], "title").unwrap(), "Concept note");
    assert_eq!(child(entries[1], "title").unwrap(), "Roadmap & more");
    assert_eq!(entries[1].attribute(("http://www.w3.org/XML/1998/namespace", "lang")), Some("en"));
    for e in &entries {
        for required in ["id", "title", "updated", "link"] {
            assert!(e.children().any(|c| c.tag_name().name() == required), "{required}");
        }
    }
    // Links inside entries are absolute and in the feed's language.
    assert!(child(entries[1], "content").unwrap().contains("https://test.example.org/fr/programme/rt1/"));
    // The section page announces its feed.
    let notes = site.html("fr/notes/index.html");
    assert_eq!(attrs(&notes, "link[type='application/atom+xml']", "href"), ["/fr/notes/atom.xml"]);
}

fn parse_calendar(path: &std::path::Path) -> ical::parser::ical::component::IcalCalendar {
    let file = std::fs::File::open(path).unwrap();
    let mut parser = ical::IcalParser::new(BufReader::new(file));
    let cal = parser.next().expect("one calendar").expect("valid iCalendar");
    assert!(parser.next().is_none());
    cal
}

fn prop<'a>(event: &'a ical::parser::ical::component::IcalEvent, name: &str) -> Vec<&'a ical::property::Property> {
    event.properties.iter().filter(|p| p.name == name).collect()
}

#[test]
fn calendars_parse_with_exact_utc_times_and_every_required_property() {
    let site = site();
    site.build();
    let all = parse_calendar(&site.public().join("en/calendar.ics"));
    // Times are instants in UTC, exact for any zone: no VTIMEZONE is needed.
    assert_eq!(all.timezones.len(), 0);
    assert_eq!(all.events.len(), 2, "the round table and the webinar");
    let rt = all
        .events
        .iter()
        .find(|e| prop(e, "UID")[0].value.as_deref() == Some("programme-rt1@test.example.org"))
        .unwrap();
    let start = prop(rt, "DTSTART")[0];
    // 10:00 in New York on 17 May 2022 (daylight saving time, UTC−4).
    assert_eq!(start.value.as_deref(), Some("20220517T140000Z"));
    assert!(start.params.as_ref().is_none_or(|p| p.iter().all(|(k, _)| k != "TZID")));
    assert_eq!(prop(rt, "DTEND")[0].value.as_deref(), Some("20220517T170000Z"));
    for required in ["UID", "DTSTAMP", "SUMMARY", "LOCATION", "URL"] {
        assert_eq!(prop(rt, required).len(), 1, "{required}");
    }
    assert_eq!(prop(rt, "SUMMARY")[0].value.as_deref(), Some("Round table 1\\, on drivers\\; and pathways"));
    assert_eq!(
        prop(rt, "LOCATION")[0].value.as_deref(),
        Some("Trusteeship Council Chamber\\, United Nations Headquarters\\, New York")
    );
    // One file per event, in the reader's language, linked from its page.
    let fr = parse_calendar(&site.public().join("fr/programme/rt1/event.ics"));
    assert_eq!(fr.events.len(), 1);
    assert_eq!(prop(&fr.events[0], "SUMMARY")[0].value.as_deref(), Some("Table ronde 1"));
    let page = site.html("fr/programme/rt1/index.html");
    assert_eq!(attrs(&page, "a[download]", "href"), ["/fr/programme/rt1/event.ics"]);
    let webinar = parse_calendar(&site.public().join("en/dialogues/w1/event.ics"));
    assert_eq!(prop(&webinar.events[0], "DTSTART")[0].value.as_deref(), Some("20220119"));
}

#[test]
fn the_sitemap_lists_real_pages_with_their_alternates_and_robots_points_to_it() {
    let site = site();
    site.build();
    let xml = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let urls: Vec<roxmltree::Node> = doc.root_element().children().filter(|c| c.tag_name().name() == "url").collect();
    let locs: Vec<String> = urls
        .iter()
        .map(|u| u.children().find(|c| c.tag_name().name() == "loc").unwrap().text().unwrap().to_string())
        .collect();
    assert!(locs.contains(&"https://test.example.org/fr/programme/rt1/".to_string()));
    assert!(locs.contains(&"https://test.example.org/en/programme/rt1/".to_string()));
    // The Arabic page of the round table is a fallback: not in the sitemap, not an alternate.
    assert!(!locs.contains(&"https://test.example.org/ar/programme/rt1/".to_string()));
    let rt_en = urls[locs.iter().position(|l| l == "https://test.example.org/en/programme/rt1/").unwrap()];
    let alternates: Vec<&str> =
        rt_en.children().filter(|c| c.tag_name().name() == "link").filter_map(|l| l.attribute("hreflang")).collect();
    assert_eq!(alternates, ["en", "fr"]);
    // Built-in indexes exist in every language.
    assert!(locs.contains(&"https://test.example.org/ar/objectives/7/".to_string()));
    assert_eq!(
        locs.len(),
        {
            let mut l = locs.clone();
            l.sort();
            l.dedup();
            l.len()
        },
        "no URL twice"
    );
    let robots = std::fs::read_to_string(site.public().join("robots.txt")).unwrap();
    assert!(robots.lines().any(|l| l == "Sitemap: https://test.example.org/sitemap.xml"));
}

#[test]
fn every_language_has_a_404_page() {
    let site = site();
    site.build();
    for lang in ["en", "fr", "ar"] {
        let page = site.html(&format!("{lang}/404.html"));
        assert_eq!(attrs(&page, "html", "lang"), [lang]);
        assert_eq!(texts(&page, "main h1").len(), 1);
    }
    assert!(site.public().join("404.html").is_file());
}

#[test]
fn the_search_index_holds_every_page_in_the_readers_language() {
    let site = site();
    site.build();
    let read = |path: &str| -> serde_json::Value {
        serde_json::from_str(&std::fs::read_to_string(site.public().join("fr/search").join(path)).unwrap()).unwrap()
    };
    let meta = read("meta.json");
    let chunk = meta["chunk"].as_u64().unwrap() as usize;
    let docs: Vec<serde_json::Value> = (0..meta["docs"].as_u64().unwrap() as usize)
        .map(|d| read(&format!("d/{}.json", d / chunk))[d % chunk].clone())
        .collect();
    let rt = docs.iter().position(|d| d["u"] == "/fr/programme/rt1/").unwrap();
    assert_eq!(docs[rt]["t"], "Table ronde 1");
    assert!(docs[rt].get("l").is_none(), "a real translation");
    let roadmap = docs.iter().find(|d| d["u"] == "/fr/notes/a/").unwrap();
    assert_eq!(roadmap["l"], "en", "a fallback is marked with its language");
    // Every shard together: title words outrank body words; typed fields (rooms) are indexed.
    let mut terms = serde_json::Map::new();
    for i in 0..meta["shards"].as_u64().unwrap() {
        terms.extend(read(&format!("t/{i}.json")).as_object().unwrap().clone());
    }
    let score_of = |term: &str, doc: usize| {
        let p = terms[term].as_array().unwrap();
        p.chunks(2).find(|c| c[0].as_u64() == Some(doc as u64)).map(|c| c[1].as_u64().unwrap())
    };
    // "table" is in the round table's title, and in the roadmap's text only.
    let a = docs.iter().position(|d| d["u"] == "/fr/notes/a/").unwrap();
    let in_title = score_of("tabl", rt).expect("the stemmed title word");
    let in_text = score_of("tabl", a).expect("the stemmed body word");
    assert!(in_title > in_text, "{in_title} > {in_text}");
    assert!(score_of("sall", rt).is_some(), "the room, a typed field, is indexed");
    let page = site.html("fr/search/index.html");
    assert_eq!(attrs(&page, "script[data-index]", "data-index"), ["/fr/search/"]);
    assert_eq!(attrs(&page, "script[src$='stemmers/fr.js']", "src"), ["/stemmers/fr.js"]);
    assert_eq!(attrs(&page, "form[role=search] input[type=search]", "name"), ["q", "q"]);
}
