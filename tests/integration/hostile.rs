//! Hostile input and odd environments (issue #23): one test per defect found, named after what
//! broke, each trying the defect's class with several variants. The generated (proptest) side of
//! the same rules is in `tests/integration/hostile_generated.rs`.

use crate::common::Fixture;
use std::path::Path;

/// Every file below `dir`, relative to it.
fn files_below(dir: &Path) -> Vec<String> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| !e.file_type().is_dir())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .collect()
}

fn page(title: &str, body: &str) -> String {
    format!("---\ntitle: {title}\n---\n{body}\n")
}

#[test]
fn imrf_new_never_writes_outside_content() {
    let outer = tempfile::tempdir().unwrap();
    let root = outer.path().join("a/b/site");
    std::fs::create_dir_all(root.join("content/notes")).unwrap();
    std::fs::write(root.join("site.toml"), crate::common::SITE_TOML).unwrap();
    std::fs::write(root.join("content/notes/_index.md"), "---\ntitle: Notes\ntype: notes\n---\n").unwrap();
    let before = files_below(outer.path());
    let root_arg = root.to_string_lossy().into_owned();
    for bad in [
        "../../x",
        "notes/../../../../elsewhere/p",
        "/tmp/imrf-new-absolute",
        "notes/",
        "notes",
        "notes//x",
        "./notes/x",
        "notes/./x",
        "notes\\..\\..\\x",
        "..",
        "",
        "notes/x\u{1}y",
        "Notes/x",
    ] {
        let run = crate::common::imrf(&["new", bad, "--root", &root_arg], outer.path());
        assert_eq!(run.code, 1, "{bad:?}: {}{}", run.stdout, run.stderr);
        assert!(run.stderr.starts_with("error: "), "{bad:?}: {}", run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
    }
    assert_eq!(files_below(outer.path()), before, "nothing was written anywhere");
    assert!(!Path::new("/tmp/imrf-new-absolute.md").exists());
    // A link out of the site on the way is not followed.
    let elsewhere = tempfile::tempdir().unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), root.join("content/linked")).unwrap();
    let run = crate::common::imrf(&["new", "linked/p", "--root", &root_arg], outer.path());
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stderr.contains("symbolic link"), "{}", run.stderr);
    assert!(files_below(elsewhere.path()).is_empty());
    // What is inside works.
    let run = crate::common::imrf(&["new", "notes/my-note", "--root", &root_arg], outer.path());
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(root.join("content/notes/my-note.md").is_file());
}

#[test]
fn a_theme_is_a_name_of_a_folder_of_themes_never_a_path() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(outside.path().join("x/static")).unwrap();
    std::fs::write(outside.path().join("x/static/leak.txt"), "outside").unwrap();
    let site = Fixture::new(&[("content/_index.md", &page("Home", "Hi."))]);
    let escaped = outside.path().join("x").to_string_lossy().into_owned();
    std::fs::create_dir_all(site.root().join("themes")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("x"), site.root().join("themes/linked")).unwrap();
    for theme in [escaped.as_str(), "../../outside/x", "/usr/share", "linked", "a\\b", ".", ".."] {
        let toml = crate::common::SITE_TOML.replace("[languages.en]", &format!("theme = {theme:?}\n\n[languages.en]"));
        site.write("site.toml", &toml);
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{theme}: {}", run.stderr);
        assert!(run.stderr.contains("site.toml:"), "{theme}: the error is at site.toml's line: {}", run.stderr);
        assert!(run.stderr.contains("must name a folder of themes/"), "{theme}: {}", run.stderr);
        assert!(!site.public().join("leak.txt").exists());
    }
}

#[test]
fn output_paths_that_climb_back_into_the_site_are_refused_before_anything_is_made() {
    let site = Fixture::new(&[("content/_index.md", &page("Home", "Hi."))]);
    for out in ["nope/../content", "nope/../nope2/../themes/..", "nope/.."] {
        let run = site.run(&["build", "--output", out]);
        assert_eq!(run.code, 1, "{out}: {}", run.stderr);
        assert!(run.stderr.contains("refusing to build into"), "{out}: {}", run.stderr);
        assert!(!site.root().join("nope").exists(), "{out}: nope/ was left behind");
    }
}

#[test]
fn file_names_with_backslashes_are_refused_at_the_file() {
    let site = Fixture::new(&[
        ("content/about/_index.md", &page("About", "A.")),
        ("content/about/a\\b.md", &page("AB", "x")),
        ("content/about/x\\..\\..\\PWNED.md", &page("P", "x")),
        ("static/s\\t.txt", "x"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    assert!(
        run.stdout.contains("content/about/a\\b.md: error: the file is not read: it holds a backslash"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("content/about/x\\..\\..\\PWNED.md: error:"), "{}", run.stdout);
    assert!(run.stdout.contains("static/s\\t.txt: error:"), "{}", run.stdout);
    assert!(!run.stdout.contains("PWNED.md does not exist"), "{}", run.stdout);
}

#[test]
fn names_are_read_in_nfc_so_decomposed_file_names_and_composed_links_meet() {
    let site = Fixture::new(&[
        ("content/briefs/_index.md", &page("Briefs", "[the meeting](@/briefs/r\u{e9}union.md)")),
        ("content/briefs/re\u{301}union.md", &page("Réunion", "Text.")),
    ]);
    // A picture saved decomposed, linked composed.
    std::fs::write(site.root().join("content/briefs/carte-re\u{301}gion.png"), png(40, 20)).unwrap();
    site.write(
        "content/briefs/_index.md",
        &page("Briefs", "[the meeting](@/briefs/r\u{e9}union.md)\n\n![A map](carte-r\u{e9}gion.png)"),
    );
    site.build();
    assert!(site.public().join("en/briefs/r\u{e9}union/index.html").is_file());
    assert!(!site.public().join("en/briefs/re-union/index.html").exists());
    assert!(site.public().join("briefs/carte-r\u{e9}gion.png").is_file());
}

#[test]
fn pictures_behind_links_out_of_the_site_are_not_published() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.png"), b"\x89PNG not really").unwrap();
    let site = Fixture::new(&[("content/a.md", &page("A", "![a secret](secret.png)\n\n![static](/s.png)"))]);
    std::os::unix::fs::symlink(outside.path().join("secret.png"), site.root().join("content/secret.png")).unwrap();
    std::fs::create_dir_all(site.root().join("static")).unwrap();
    std::os::unix::fs::symlink(outside.path().join("secret.png"), site.root().join("static/s.png")).unwrap();
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    assert!(run.stdout.contains("content/a.md:4: error: picture `secret.png`"), "{}", run.stdout);
    assert!(run.stdout.contains("symbolic link that leads outside"), "{}", run.stdout);
    assert!(run.stdout.contains("content/a.md:6: error: picture `/s.png`"), "{}", run.stdout);
    assert!(run.stdout.contains("static/s.png: error: the file is not published"), "{}", run.stdout);
}

/// A PNG of `width` × `height` pixels.
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = image::RgbImage::from_pixel(width, height, image::Rgb([10, 20, 30]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
    out
}

/// `png` with the size its header declares changed (and the header's checksum made right).
fn lying_png(mut png: Vec<u8>, width: u32, height: u32) -> Vec<u8> {
    png[16..20].copy_from_slice(&width.to_be_bytes());
    png[20..24].copy_from_slice(&height.to_be_bytes());
    let crc = crc32(&png[12..29]);
    png[29..33].copy_from_slice(&crc.to_be_bytes());
    png
}

fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = 0xffff_ffffu32;
    for b in bytes {
        crc ^= u32::from(*b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xedb8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

#[test]
fn pictures_too_large_to_decode_are_refused_from_their_header() {
    let site = Fixture::new(&[(
        "content/a.md",
        &page(
            "A",
            "![bomb](bomb.png)\n\n![wide](wide.png)\n\n![tall](tall.png)\n\n![zero](zero.png)\n\n![fine](fine.png)",
        ),
    )]);
    std::fs::write(site.root().join("content/bomb.png"), lying_png(png(64, 64), 20_000, 20_000)).unwrap();
    std::fs::write(site.root().join("content/wide.png"), png(17_000, 10)).unwrap();
    std::fs::write(site.root().join("content/tall.png"), lying_png(png(8, 8), 8_000, 8_000)).unwrap();
    std::fs::write(site.root().join("content/zero.png"), lying_png(png(8, 8), 0, 8)).unwrap();
    std::fs::write(site.root().join("content/fine.png"), png(40, 20)).unwrap();
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{}", run.stdout);
    assert!(lines[0].starts_with("content/a.md:4: error: picture `bomb.png` (content/bomb.png): the picture is 20000×20000 pixels; imrf takes pictures of at most 16383 pixels a side"), "{}", lines[0]);
    assert!(lines[1].contains("content/a.md:6:") && lines[1].contains("17000×10 pixels"), "{}", lines[1]);
    assert!(
        lines[2].contains("content/a.md:8:")
            && lines[2].contains("8000×8000 pixels")
            && lines[2].contains("40 million"),
        "{}",
        lines[2]
    );
    assert!(lines[3].contains("content/a.md:10:") && lines[3].contains("0×8"), "{}", lines[3]);
    assert!(!run.stdout.contains('\n') || run.stdout.lines().all(|l| l.starts_with("content/a.md:")));
}

const EVIL_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(document.domain)\">\n\
  <script>alert(1)</script>\n<a href=\"javascript:alert(2)\"><text>x</text></a>\n</svg>\n";

#[test]
fn svg_pictures_holding_scripts_are_refused_at_their_file_and_line() {
    let site = Fixture::new(&[
        (
            "content/a.md",
            &page("A", "![An svg](evil.svg)\n\n![Not xml](broken.svg)\n\n![Static](/evil2.svg)\n\n![Fine](fine.svg)"),
        ),
        ("content/evil.svg", &EVIL_SVG.replace(" onload=\"alert(document.domain)\"", "")),
        ("content/broken.svg", "this is not XML <svg"),
        (
            "content/fine.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 4 4\"><rect width=\"4\" height=\"4\"/></svg>",
        ),
        ("static/evil2.svg", EVIL_SVG),
        ("static/other/x.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"><foreignObject/></svg>"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1, "{}", run.stdout);
    let out = &run.stdout;
    assert!(
        out.contains(
            "content/a.md:4: error: picture `evil.svg` (content/evil.svg): content/evil.svg:2: the element <script>"
        ),
        "{out}"
    );
    assert!(out.contains("content/a.md:6: error: picture `broken.svg` (content/broken.svg): content/broken.svg:1: the SVG is not well-formed XML"), "{out}");
    assert!(out.contains("static/evil2.svg:1: error: the event handler `onload`"), "{out}");
    assert!(out.contains("static/other/x.svg:1: error: the element <foreignObject>"), "{out}");
    assert!(!out.contains("fine.svg"), "{out}");
    // Nothing is published: the build fails as a whole.
    let build = site.run(&["build"]);
    assert_eq!(build.code, 1);
    assert!(!site.public().join("evil2.svg").exists());
}

#[test]
fn aliases_and_static_files_onto_generated_files_are_errors_in_check_at_their_source() {
    let cases: &[(&str, &str, &str)] = &[
        ("content/a.md", "---\ntitle: A\naliases: [\"/404.html\"]\n---\nA.\n", "content/a.md:3: error: an alias writes the same output file `404.html` as (built-in) 404 page"),
        ("content/a.md", "---\ntitle: A\naliases: [\"/sitemap.xml\"]\n---\nA.\n", "content/a.md:3: error: an alias writes the same output file `sitemap.xml`"),
        ("content/a.md", "---\ntitle: A\naliases: [\"/robots.txt\"]\n---\nA.\n", "content/a.md:3: error: an alias writes the same output file `robots.txt`"),
        ("content/a.md", "---\ntitle: A\naliases: [\"/search.js\"]\n---\nA.\n", "content/a.md:3: error: an alias writes the same output file `search.js` as themes/default/static/search.js"),
        ("content/a.md", "---\ntitle: A\naliases: [\"/en/about/one\"]\n---\nA.\n", "content/a.md:3: error: an alias writes the output file `en/about/one`, which content/about/one.md needs as a folder"),
        ("static/en", "x", "static/en: error: writes the output file `en`, which"),
        ("static/search.js/x.txt", "x", "static/search.js/x.txt: error: writes `search.js/x.txt`, in a folder `search.js` that themes/default/static/search.js writes as a file"),
        ("static/sitemap.xml", "x", "static/sitemap.xml: error: writes the same output file `sitemap.xml` as (built-in) sitemap"),
        ("static/en/index.html", "x", "static/en/index.html: error: writes the same output file `en/index.html`"),
    ];
    for (path, text, expected) in cases {
        let site = Fixture::new(&[
            ("content/about/_index.md", &page("About", "A.")),
            ("content/about/one.md", &page("One", "1.")),
            (path, text),
        ]);
        let run = site.run(&["check", "--format", "short"]);
        assert_eq!(run.code, 1, "{path}: {}{}", run.stdout, run.stderr);
        assert!(run.stdout.lines().any(|l| l.starts_with(expected)), "{path}: expected {expected}\n{}", run.stdout);
        let build = site.run(&["build"]);
        assert_eq!(build.code, 1, "{path}");
        assert!(!build.stderr.contains("os error"), "{path}: {}", build.stderr);
        assert!(!site.public().exists(), "{path}: a failed build leaves no site");
    }
    // A site's static file still replaces its theme's.
    let site = Fixture::new(&[("content/a.md", &page("A", "A.")), ("static/search.js", "// mine")]);
    site.build();
    assert_eq!(std::fs::read_to_string(site.public().join("search.js")).unwrap(), "// mine");
}

#[test]
fn every_date_imrf_accepts_can_be_shown_in_feeds_calendars_and_figures() {
    let dialogues = "---\ntitle: Dialogues\ntype: dialogues\n---\n";
    let programme = "---\ntitle: Programme\ntype: programme\n---\n";
    let dialogue =
        |date: &str| format!("---\ntitle: D\ndate: {date}\ntheme: T\nformat: webinar\nround_table: 1\n---\nD.\n");
    // The far ends of what is accepted build, feeds and calendars included.
    let site = Fixture::new(&[
        ("content/dialogues/_index.md", dialogues),
        ("content/dialogues/last.md", &dialogue("9998-12-31")),
        ("content/dialogues/first.md", &dialogue("1000-01-01")),
        ("content/m.md", "---\ntitle: M\nextra:\n  milestone: {date: 9998-12-15, label: Far}\n---\nM.\n"),
    ]);
    site.build();
    // Beyond them, an error at the line; never a panic.
    for date in ["9999-12-31", "0999-01-01", "0000-01-01"] {
        let site = Fixture::new(&[
            ("content/dialogues/_index.md", dialogues),
            ("content/dialogues/d.md", &dialogue(date)),
            ("content/m.md", &format!("---\ntitle: M\nextra:\n  milestone: {{date: {date}, label: Far}}\n---\nM.\n")),
        ]);
        let run = site.run(&["check", "--format", "short"]);
        assert_eq!(run.code, 1, "{date}: {}{}", run.stdout, run.stderr);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        assert!(
            run.stdout.contains("content/dialogues/d.md:3: error:")
                && run.stdout.contains("from the year 1000 to 9998"),
            "{date}: {}",
            run.stdout
        );
        assert!(run.stdout.contains("content/m.md:"), "{date}: the milestone too: {}", run.stdout);
    }
    // A clock time that the change of offset skips or repeats is refused at its line.
    let event = |start: &str, end: &str, date: &str| {
        format!("---\ntitle: E\ndate: {date}\nstart: \"{start}\"\nend: \"{end}\"\nroom: R\nkind: plenary\ntimezone: Europe/Zurich\n---\nE.\n")
    };
    let site = Fixture::new(&[
        ("content/programme/_index.md", programme),
        ("content/programme/gap.md", &event("02:30", "04:00", "2022-03-27")),
        ("content/programme/fold.md", &event("01:00", "02:15", "2022-10-30")),
        ("content/programme/fine.md", &event("03:00", "04:00", "2022-03-27")),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stdout.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", run.stdout);
    assert!(
        errors
            .iter()
            .any(|l| l
                .starts_with("content/programme/gap.md:4: error: 02:30 does not exist on 2022-03-27 in Europe/Zurich")),
        "{}",
        run.stdout
    );
    assert!(
        errors
            .iter()
            .any(|l| l
                .starts_with("content/programme/fold.md:5: error: 02:15 happens twice on 2022-10-30 in Europe/Zurich")),
        "{}",
        run.stdout
    );
}

#[test]
fn links_to_drafts_say_the_page_is_a_draft_and_its_translations_go_with_it() {
    let site = Fixture::new(&[
        ("content/about/_index.md", &page("About", "See [the draft](@/about/dr.md)\nand [that one](dr.md).")),
        ("content/about/dr.md", "---\ntitle: Draft\ndraft: true\n---\nSoon.\n"),
        ("content/about/dr.fr.md", "---\ntitle: Brouillon\n---\nBientôt.\n"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stdout.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 2, "{}", run.stdout);
    for (line, error) in [4, 5].iter().zip(&errors) {
        let expected = format!("content/about/_index.md:{line}:5: error: link to `@/about/dr.md`: content/about/dr.md is a draft (`draft: true`), left out of this build (`--drafts` includes it)");
        assert!(error.starts_with(&expected), "{}", run.stdout);
    }
    assert!(!run.stdout.contains("translation without a source"), "{}", run.stdout);
    let with = site.run(&["build", "--drafts"]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    assert!(site.public().join("fr/about/dr/index.html").is_file());
}

#[test]
fn link_errors_in_mid_line_have_their_column_and_raw_html_links_are_all_found_at_their_line() {
    let toml = crate::common::SITE_TOML.replace("[languages.en]", "[markdown]\nallow_html = true\n\n[languages.en]");
    let site = Fixture::new(&[
        ("site.toml", &toml),
        (
            "content/a.md",
            "---\ntitle: A\n---\nSome text, then [a bad one](javascript:alert(1)) and [gone](@/nope.md).\n\n\
            <a href=\"javascript:alert(2)\">x</a> <img src=\"data:text/html,x\">\n\n\
            para <span><a href=\"jav&#x61;script:alert(3)\">y</a></span>\n",
        ),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stdout.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(errors.len(), 5, "{}", run.stdout);
    assert!(errors[0].starts_with("content/a.md:4:17: error: link `javascript:alert(1)`"), "{}", run.stdout);
    assert!(errors[1].starts_with("content/a.md:4:54: error: link to `@/nope.md`"), "{}", run.stdout);
    assert!(errors[2].starts_with("content/a.md:6:4: error: link `javascript:alert(2)`"), "{}", run.stdout);
    assert!(errors[3].starts_with("content/a.md:6:42: error: link `data:text/html,x`"), "{}", run.stdout);
    assert!(errors[4].starts_with("content/a.md:8:15: error: link `javascript:alert(3)`"), "{}", run.stdout);
    assert!(!run.stdout.contains("page.html"), "{}", run.stdout);
    // The text view puts the caret under the link, not under the whole line.
    let text = site.run(&["check"]);
    let caret =
        text.stderr.lines().chain(text.stdout.lines()).find(|l| l.contains('^')).unwrap_or_default().to_string();
    assert!(caret.trim_start().len() < 40, "a short caret: {caret:?}\n{}{}", text.stdout, text.stderr);
}

#[test]
fn hrefs_are_percent_encoded_as_commonmark_specifies() {
    // CommonMark 0.31.2, examples 20, 346, 526, 538 and 603.
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n<http://example.com?find=\\*>\n\n<http://foo.bar.`baz>`\n\n\
         [foo<http://example.com/?search=](uri)>\n\n[foo<http://example.com/?search=][ref]>\n\n[ref]: /uri\n\n\
         <https://example.com/\\[\\>\n",
    )]);
    site.build();
    let html = site.html("en/a/index.html");
    let hrefs = crate::common::attrs(&html, "main a[rel=noopener]", "href");
    assert_eq!(
        hrefs,
        [
            "http://example.com?find=%5C*",
            "http://foo.bar.%60baz",
            "http://example.com/?search=%5D(uri)",
            "http://example.com/?search=%5D%5Bref%5D",
            "https://example.com/%5C%5B%5C",
        ]
    );
}

#[test]
fn yaml_mistakes_are_said_in_plain_words_where_they_start() {
    let mut bomb = String::from("---\ntitle: T\na: &a [x,x,x,x,x,x,x,x,x]\n");
    for (n, prev) in ["b", "c", "d", "e", "f", "g", "h"].iter().zip(["a", "b", "c", "d", "e", "f", "g"]) {
        bomb.push_str(&format!("{n}: &{n} [{}]\n", vec![format!("*{prev}"); 9].join(",")));
    }
    bomb.push_str("---\nText.\n");
    let site = Fixture::new(&[
        ("content/dup.md", "---\ntitle: A\nsummary: S\ntitle: B\n---\nText.\n"),
        ("content/big.md", "---\ntitle: A\nweight: 340282366920938463463374607431768211455\n---\nText.\n"),
        ("content/bomb.md", &bomb),
        ("content/extra.yaml", "a: 1\nb: 2\na: 3\n"),
    ]);
    let run = site.run(&["check", "--format", "short"]);
    assert_eq!(run.code, 1);
    let out = &run.stdout;
    assert!(
        out.contains("content/dup.md:4:1: error: the key `title` is given twice in one mapping: keep one"),
        "{out}"
    );
    assert!(
        out.contains("content/big.md:3:9: error: the number `340282366920938463463374607431768211455` is too large"),
        "{out}"
    );
    assert!(out.contains("content/bomb.md:4:8: error: the aliases (`*name`) repeat their anchors"), "{out}");
    assert!(out.contains("content/extra.yaml:3:1: error: the key `a` is given twice"), "{out}");
    assert!(!out.contains("u128") && !out.contains("repetition limit"), "{out}");
}

#[test]
fn fail_under_takes_only_a_percentage_and_search_terms_says_which_line_is_not_utf8() {
    let site = Fixture::new(&[("content/a.md", &page("A", "Text."))]);
    for bad in ["NaN", "nan", "inf", "-1", "101", "x", ""] {
        let arg = format!("--fail-under={bad}");
        let run = site.run(&["i18n", "status", &arg]);
        assert_eq!(run.code, 2, "{bad}: {}", run.stderr);
        assert!(run.stderr.contains("is not a percentage from 0 to 100"), "{bad}: {}", run.stderr);
    }
    assert_eq!(site.run(&["i18n", "status", "--fail-under", "0"]).code, 0);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_imrf"))
        .args(["search-terms", "fr"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    std::io::Write::write_all(child.stdin.as_mut().unwrap(), b"Les migrations\n\xff\xfe bad\nR\xc3\xa9fugi\xc3\xa9s\n")
        .unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert_eq!(stdout.lines().count(), 3, "one line out per line in: {stdout}");
    assert_eq!(stdout.lines().nth(1), Some(""));
    assert!(String::from_utf8_lossy(&out.stderr).contains("<stdin>:2: error: the line is not valid UTF-8"));
}

#[test]
fn a_base_url_with_quotes_or_ampersands_keeps_its_value_in_the_language_pickers_script() {
    let toml = crate::common::SITE_TOML.replace("https://test.example.org", "https://example.org/k'b&c");
    let site = Fixture::new(&[("site.toml", &toml), ("content/_index.md", &page("Home", "Hi."))]);
    site.build();
    let html = std::fs::read_to_string(site.public().join("index.html")).unwrap();
    let script = html.split("<script>").nth(1).unwrap().split("</script>").next().unwrap();
    assert!(!script.contains("&amp;") && !script.contains("&#39;"), "{script}");
    let replace = script.split("location.replace(").last().unwrap();
    let literal = &replace[..replace.find(");").unwrap()];
    let value: String = serde_json::from_str(literal).unwrap();
    assert_eq!(value, "/k'b&c/en/");
}
