//! What authors coming from Zola or Hugo expect (issue #15): shortcodes, tables of contents,
//! aliases, pagination, `imrf new` and last-updated dates, on fixture sites built by the real
//! binary and read with an HTML parser.

use crate::common::{attrs, texts, Fixture};

fn errors(out: &str) -> Vec<&str> {
    out.lines().filter(|l| l.contains(": error: ")).collect()
}

#[test]
fn built_in_shortcodes_render_in_the_readers_language() {
    let site = Fixture::new(&[
        ("content/notes/b.md", "---\ntitle: B\n---\nB.\n"),
        (
            "content/notes/a.md",
            "---\ntitle: A\n---\nSee {{ objective(n=7) }} and {{ document(symbol=\"A/RES/73/326\") }}.\n\n\
             {{ figure(src=\"/map.png\", alt=\"A map <of> everything\", caption=\"Champions\", credit=\"UN\") }}\n\n\
             {% note(kind=\"warning\") %}\nBe **careful** with [b](@/notes/b.md).\n{% end %}\n\n\
             {{ recording(url=\"https://example.org/video\", duration=\"1:02:00\") }}\n\n\
             ```\n{{ objective(n=99) }}\n```\n\nInline `{{ nope() }}` stays.\n",
        ),
    ]);
    let mut map = Vec::new();
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::new(64, 32));
    picture.write_with_encoder(image::codecs::png::PngEncoder::new(&mut map)).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::fs::write(site.root().join("static/map.png"), map).unwrap();
    site.build();
    let fr = site.html("fr/notes/a/index.html");
    assert_eq!(attrs(&fr, ".content a.objective", "href"), ["/fr/objectives/7/"]);
    assert_eq!(attrs(&fr, ".content figure img", "width"), ["64"]);
    assert_eq!(attrs(&fr, ".content a.document", "href"), ["https://undocs.org/fr/A/RES/73/326"]);
    assert_eq!(attrs(&fr, ".content figure img", "alt"), ["A map <of> everything"]);
    assert_eq!(texts(&fr, ".content figure figcaption"), ["Champions Crédit : UN"]);
    assert_eq!(texts(&fr, ".content aside.note-warning .note-label"), ["Attention"]);
    assert_eq!(attrs(&fr, ".content aside.note a", "href"), ["/fr/notes/b/"]);
    assert_eq!(texts(&fr, ".content aside.note strong"), ["careful"]);
    assert_eq!(attrs(&fr, ".content a.recording", "href"), ["https://example.org/video"]);
    assert!(texts(&fr, ".content pre code")[0].contains("{{ objective(n=99) }}"));
    assert_eq!(texts(&fr, ".content p code"), ["{{ nope() }}"]);
    // A figure or a note is never inside a paragraph.
    assert!(attrs(&fr, ".content p figure, .content p aside", "class").is_empty());
}

#[test]
fn shortcode_mistakes_are_errors_at_their_line_and_column() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\nOne {{ nope(x=1) }}\n{{ objective(n=\"7\") }}\n{{ objective(n=7, size=2) }}\n\
         {{ objective() }}\n{{ figure(src=\"a.png\") }}\n{{ recording(url=\"javascript:alert(1)\") }}\n\
         {% note() %}\nnever closed\n",
    )]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let lines = errors(&check.stdout);
    let at: Vec<&str> = lines.iter().map(|l| l.split(": error: ").next().unwrap()).collect();
    assert_eq!(
        at,
        [
            "content/a.md:4:5",
            "content/a.md:5:1",
            "content/a.md:6:1",
            "content/a.md:7:1",
            // The figure's picture is missing, and it has no alt.
            "content/a.md:8",
            "content/a.md:8:1",
            "content/a.md:9:1",
            "content/a.md:10:1"
        ],
        "{}",
        check.stdout
    );
    assert!(lines[0].contains("unknown shortcode `nope`"), "{}", lines[0]);
    assert!(lines[1].contains("argument `n` must be a whole number"), "{}", lines[1]);
    assert!(lines[2].contains("has no argument `size`"), "{}", lines[2]);
    assert!(lines[3].contains("needs the argument `n`"), "{}", lines[3]);
    assert!(lines[4..6].iter().any(|l| l.contains("`figure` needs `alt`")), "{}", check.stdout);
    assert!(lines[6].contains("`javascript:` scheme"), "{}", lines[6]);
    assert!(lines[7].contains("never closed"), "{}", lines[7]);
}

#[test]
fn a_site_overrides_shortcodes_and_adds_its_own() {
    let site = Fixture::new(&[
        (
            "themes/default/shortcodes/quote.html",
            "{# args: text: string, by?: string #}\n<blockquote class=\"q\">{{ text }}{% if by %} — {{ by }}{% endif %}</blockquote>\n",
        ),
        ("themes/default/shortcodes/document.html", "{# args: symbol: string #}\n<span class=\"symbol\">{{ symbol }}</span>\n"),
        ("content/a.md", "---\ntitle: A\n---\n{{ quote(text=\"<script>x</script>\", by=\"Me\") }}\n\nSee {{ document(symbol=\"A/76/642\") }}.\n"),
    ]);
    site.build();
    let page = site.html("en/a/index.html");
    assert_eq!(texts(&page, ".content blockquote.q"), ["<script>x</script> — Me"]);
    assert_eq!(texts(&page, ".content span.symbol"), ["A/76/642"]);
    assert!(attrs(&page, "script", "src").iter().all(|s| s.ends_with("search.js")));
    // A declaration that cannot be read is an error in the template's first line.
    site.write("themes/default/shortcodes/quote.html", "{# args: text: colour #}\nx\n");
    let check = site.run(&["check", "--format", "short"]);
    assert!(check.stdout.contains("themes/default/shortcodes/quote.html:1: error:"), "{}", check.stdout);
}

#[test]
fn pages_with_three_headings_get_a_table_of_contents() {
    let site = Fixture::new(&[
        ("content/long.md", "---\ntitle: Long\n---\n## Dates\n\nx\n\n### Room\n\ny\n\n## Themes\n\nz\n"),
        ("content/short.md", "---\ntitle: Short\n---\n## One\n\n## Two\n"),
    ]);
    site.build();
    let fr = site.html("fr/long/index.html");
    assert_eq!(texts(&fr, "nav.toc h2"), ["Sur cette page"]);
    assert_eq!(attrs(&fr, "nav.toc > ol > li > a", "href"), ["#dates", "#themes"]);
    assert_eq!(attrs(&fr, "nav.toc li li a", "href"), ["#room"]);
    assert!(texts(&site.html("en/short/index.html"), "nav.toc").is_empty());
}

#[test]
fn aliases_redirect_old_urls_and_collisions_are_errors() {
    let site = Fixture::new(&[
        ("content/notes/new.md", "---\ntitle: New\naliases: [\"/old/path/\", \"/older.html\"]\n---\n"),
        ("content/notes/other.md", "---\ntitle: Other\n---\n"),
    ]);
    site.build();
    let old = site.html("old/path/index.html");
    assert_eq!(attrs(&old, "meta[http-equiv=refresh]", "content"), ["0; url=/en/notes/new/"]);
    assert_eq!(attrs(&old, "link[rel=canonical]", "href"), ["https://test.example.org/en/notes/new/"]);
    assert_eq!(attrs(&old, "meta[name=robots]", "content"), ["noindex"]);
    assert!(site.public().join("older.html").is_file());
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    assert!(!sitemap.contains("/old/path/") && !sitemap.contains("older"), "{sitemap}");

    site.write(
        "content/notes/other.md",
        "---\ntitle: Other\naliases: [\"/en/notes/new/\", \"/old/path/\", \"old\"]\n---\n",
    );
    let check = site.run(&["check", "--format", "short"]);
    let lines = errors(&check.stdout);
    assert_eq!(lines.len(), 3, "{}", check.stdout);
    assert!(lines.iter().any(|l| l.starts_with("content/notes/other.md:3: error: alias `old`")), "{}", check.stdout);
    assert!(
        lines
            .iter()
            .any(|l| l.contains("writes the same output file `en/notes/new/index.html` as content/notes/new.md")),
        "{}",
        check.stdout
    );
    assert!(lines.iter().any(|l| l.contains("`old/path/index.html`")), "{}", check.stdout);
}

#[test]
fn long_sections_paginate_with_links_between_the_pages() {
    let mut files =
        vec![("content/notes/_index.md".to_string(), "---\ntitle: Notes\npaginate_by: 2\n---\n".to_string())];
    for i in 1..=5 {
        files.push((format!("content/notes/n{i}.md"), format!("---\ntitle: Note {i}\nweight: {i}\n---\n")));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Fixture::new(&refs);
    site.build();
    let first = site.html("fr/notes/index.html");
    assert_eq!(texts(&first, "main ul.items > li > a"), ["Note 1", "Note 2"]);
    assert_eq!(attrs(&first, "link[rel=next]", "href"), ["/fr/notes/page/2/"]);
    assert!(attrs(&first, "link[rel=prev]", "href").is_empty());
    let second = site.html("fr/notes/page/2/index.html");
    assert_eq!(texts(&second, "main ul.items > li > a"), ["Note 3", "Note 4"]);
    assert_eq!(attrs(&second, "link[rel=prev]", "href"), ["/fr/notes/"]);
    assert_eq!(attrs(&second, "link[rel=canonical]", "href"), ["https://test.example.org/fr/notes/page/2/"]);
    assert_eq!(attrs(&second, ".pagination [aria-current=page]", "title"), ["Page 2"]);
    let last = site.html("ar/notes/page/3/index.html");
    assert_eq!(texts(&last, "main ul.items > li > a"), ["Note 5"]);
    assert_eq!(attrs(&last, ".pagination a[rel=prev]", "href"), ["/ar/notes/page/2/"]);
    assert!(!site.public().join("en/notes/page/4").exists());
}

#[test]
fn long_objective_and_principle_indexes_paginate_when_configured() {
    let toml = format!("{}\n[pagination]\nindexes = 2\n", crate::common::SITE_TOML);
    let mut files = vec![("site.toml".to_string(), toml)];
    for i in 1..=5 {
        files.push((
            format!("content/notes/n{i}.md"),
            format!("---\ntitle: Note {i}\nweight: {i}\nobjectives: [3]\nprinciples: [human-rights]\n---\n"),
        ));
    }
    let refs: Vec<(&str, &str)> = files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect();
    let site = Fixture::new(&refs);
    site.build();
    let first = site.html("en/objectives/3/index.html");
    assert_eq!(texts(&first, "main ul.items > li > a"), ["Note 1", "Note 2"]);
    assert_eq!(attrs(&first, "link[rel=next]", "href"), ["/en/objectives/3/page/2/"]);
    let last = site.html("fr/objectives/3/page/3/index.html");
    assert_eq!(texts(&last, "main ul.items > li > a"), ["Note 5"]);
    assert_eq!(attrs(&last, "link[rel=canonical]", "href"), ["https://test.example.org/fr/objectives/3/page/3/"]);
    assert!(site.public().join("en/principles/human-rights/page/3/index.html").is_file());
    // An objective with nothing tagged has one page.
    assert!(!site.public().join("en/objectives/4/page").exists());
}

#[test]
fn imrf_new_prefills_what_the_section_requires_and_never_overwrites() {
    let site = Fixture::new(&[
        ("content/programme/_index.md", "---\ntitle: Programme\ntype: programme\n---\n"),
        ("content/dialogues/_index.md", "---\ntitle: Dialogues\ntype: dialogues\n---\n"),
        ("content/notes/_index.md", "---\ntitle: Notes\ntype: notes\n---\n"),
    ]);
    for page in ["programme/opening", "dialogues/webinar-10", "notes/new-note", "about/team"] {
        let run = site.run(&["new", page]);
        assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
        assert!(site.root().join(format!("content/{page}.md")).is_file());
    }
    let event = std::fs::read_to_string(site.root().join("content/programme/opening.md")).unwrap();
    for field in ["title:", "date:", "start:", "end:", "room:", "kind:"] {
        assert!(event.contains(field), "{field}: {event}");
    }
    // Every new page passes the check as written.
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stdout);
    site.write("content/notes/new-note.md", "mine");
    let again = site.run(&["new", "notes/new-note"]);
    assert_eq!(again.code, 1);
    assert!(again.stderr.contains("exists already"), "{}", again.stderr);
    assert_eq!(std::fs::read_to_string(site.root().join("content/notes/new-note.md")).unwrap(), "mine");
    assert_eq!(site.run(&["new", "notes/Not A Slug"]).code, 1);
}

#[test]
fn pages_carry_their_last_update_from_git_front_matter_or_file_time() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\n---\nA.\n"),
        ("content/b.md", "---\ntitle: B\nupdated: 2022-05-03\n---\nB.\n"),
        ("content/c.md", "---\ntitle: C\n---\nC.\n"),
    ]);
    // Outside git: the file's modification time.
    let c = std::fs::File::options().write(true).open(site.root().join("content/c.md")).unwrap();
    c.set_modified(std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_650_000_000)).unwrap();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(site.root())
            .env("GIT_AUTHOR_DATE", "2022-01-19T12:00:00Z")
            .env("GIT_COMMITTER_DATE", "2022-01-19T12:00:00Z")
            .output()
            .expect("git");
        assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    };
    git(&["init", "-q"]);
    git(&["-c", "user.name=T", "-c", "user.email=t@example.org", "add", "content/a.md", "content/b.md"]);
    git(&["-c", "user.name=T", "-c", "user.email=t@example.org", "commit", "-q", "-m", "first"]);
    site.build();
    let fr = site.html("fr/a/index.html");
    assert_eq!(attrs(&fr, "p.updated time", "datetime"), ["2022-01-19"]);
    assert_eq!(texts(&fr, "p.updated"), ["Dernière mise à jour 19 janvier 2022"]);
    // `updated:` wins over git.
    assert_eq!(attrs(&site.html("en/b/index.html"), "p.updated time", "datetime"), ["2022-05-03"]);
    // Not committed: the file's time.
    assert_eq!(attrs(&site.html("en/c/index.html"), "p.updated time", "datetime"), ["2022-04-15"]);
    let sitemap = std::fs::read_to_string(site.public().join("sitemap.xml")).unwrap();
    let doc = roxmltree::Document::parse(&sitemap).unwrap();
    let lastmod: Vec<&str> = doc
        .descendants()
        .filter(|n| n.has_tag_name("url"))
        .filter(|u| {
            u.descendants().any(|n| n.has_tag_name("loc") && n.text() == Some("https://test.example.org/en/b/"))
        })
        .flat_map(|u| {
            u.descendants().filter(|n| n.has_tag_name("lastmod")).filter_map(|n| n.text()).collect::<Vec<_>>()
        })
        .collect();
    assert_eq!(lastmod, ["2022-05-03"]);
}

/// `files` as the fixture takes them.
fn as_refs(files: &[(String, String)]) -> Vec<(&str, &str)> {
    files.iter().map(|(p, t)| (p.as_str(), t.as_str())).collect()
}

/// The items of a list page as (group heading, item) pairs, in order; a list without groups (a
/// section's) has empty headings.
fn grouped_items(html: &scraper::Html) -> Vec<(String, String)> {
    fn text(e: scraper::ElementRef<'_>) -> String {
        e.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" ")
    }
    let group = scraper::Selector::parse("main section.group").unwrap();
    let heading = scraper::Selector::parse("h2").unwrap();
    let item = scraper::Selector::parse("ul.items > li > a").unwrap();
    let mut out = Vec::new();
    for g in html.select(&group) {
        let title = g.select(&heading).next().map(text).unwrap_or_default();
        out.extend(g.select(&item).map(|a| (title.clone(), text(a))));
    }
    if out.is_empty() {
        out = texts(html, "main ul.items > li > a").into_iter().map(|t| (String::new(), t)).collect();
    }
    out
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 12, ..Default::default() })]

    /// Pagination makes only the items a page shows (issue #28): for any pages in any sections
    /// (two of them with one title and weight, which list as one group), any page size and a
    /// resource link, the pages of a paginated section and objective index, read in turn, are
    /// the unpaginated list, group by group and item by item; every page but the last is full.
    #[test]
    fn paginated_lists_read_in_turn_are_the_whole_list(
        pages in proptest::collection::vec((0..3usize, proptest::bool::ANY, 0..3i64), 0..9),
        by in 1..5usize,
    ) {
        let mut files = vec![
            ("content/notes/_index.md".to_string(), format!("---\ntitle: Notes\nweight: 1\npaginate_by: {by}\n---\n")),
            ("content/briefs/_index.md".to_string(), "---\ntitle: Notes\nweight: 1\n---\n".to_string()),
            ("content/stories/_index.md".to_string(), "---\ntitle: Stories\nweight: 2\n---\n".to_string()),
            (
                "content/resources.yaml".to_string(),
                "- title: {en: GA resolution 73/195}\n  url: https://example.org/gcm.pdf\n  kind: resolution\n  objectives: [3]\n".to_string(),
            ),
        ];
        for (i, (section, tagged, weight)) in pages.iter().enumerate() {
            let folder = ["notes", "briefs", "stories"][*section];
            let objectives = if *tagged { "objectives: [3]\n" } else { "" };
            files.push((format!("content/{folder}/p{i}.md"), format!("---\ntitle: Page {i}\nweight: {weight}\n{objectives}---\nText.\n")));
        }
        let paginated = format!("{}\n[pagination]\nindexes = {by}\n", crate::common::SITE_TOML);
        let read_pages = |site: &Fixture, first: &str| -> Vec<Vec<(String, String)>> {
            let mut out = vec![grouped_items(&site.html(&format!("{first}index.html")))];
            for n in 2.. {
                let path = format!("{first}page/{n}/index.html");
                if !site.public().join(&path).is_file() {
                    break;
                }
                out.push(grouped_items(&site.html(&path)));
            }
            out
        };
        let mut whole_files = files.clone();
        whole_files[0].1 = "---\ntitle: Notes\nweight: 1\n---\n".to_string();
        let mut split_files = files;
        split_files.push(("site.toml".to_string(), paginated));
        let whole = Fixture::new(&as_refs(&whole_files));
        whole.build();
        let split = Fixture::new(&as_refs(&split_files));
        split.build();
        for first in ["fr/notes/", "ar/objectives/3/"] {
            let all = read_pages(&whole, first);
            proptest::prop_assert_eq!(all.len(), 1, "{} is not paginated", first);
            let parts = read_pages(&split, first);
            let joined: Vec<(String, String)> = parts.iter().flatten().cloned().collect();
            let expected = all[0].clone();
            proptest::prop_assert_eq!(&joined, &expected, "{}", first);
            for part in &parts[..parts.len() - 1] {
                proptest::prop_assert_eq!(part.len(), by, "{}", first);
            }
        }
    }
}
