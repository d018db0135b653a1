//! Social previews and the site icon (issue #16): Open Graph and Twitter card values on every
//! page, read with an HTML parser, and the icons every page links to.

use crate::common::{attrs, Fixture, SITE_TOML};
use scraper::Html;

/// The `content` of every `<meta property=…>` (or `name=…`) named `key`.
fn meta(html: &Html, key: &str) -> Vec<String> {
    let mut out = attrs(html, &format!("meta[property=\"{key}\"]"), "content");
    out.extend(attrs(html, &format!("meta[name=\"{key}\"]"), "content"));
    out
}

fn png(width: u32, height: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let picture = image::DynamicImage::ImageRgb8(image::RgbImage::new(width, height));
    picture.write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
    out
}

fn site_with_a_picture(site_toml: &str) -> Fixture {
    let site = Fixture::new(&[
        ("site.toml", site_toml),
        (
            "content/notes/a.md",
            "---\ntitle: \"The \\\"forum\\\" <2022>\"\nsummary: Review & progress\n---\nText.\n\n\
             ![The hall of the General Assembly](hall.png)\n",
        ),
        ("content/notes/a.fr.md", "---\ntitle: Le forum\n---\nTexte.\n\n![La salle](hall.png)\n"),
        ("content/notes/plain.md", "---\ntitle: Plain\n---\nNo picture.\n"),
        ("content/notes/_index.md", "---\ntitle: Notes\n---\n"),
    ]);
    std::fs::write(site.root().join("content/notes/hall.png"), png(1200, 600)).unwrap();
    site
}

#[test]
fn pages_carry_open_graph_and_twitter_card_values() {
    let site = site_with_a_picture(SITE_TOML);
    site.build();
    let en = site.html("en/notes/a/index.html");
    assert_eq!(meta(&en, "og:type"), ["article"]);
    assert_eq!(meta(&en, "og:title"), ["The \"forum\" <2022>"]);
    assert_eq!(meta(&en, "og:description"), ["Review & progress"]);
    assert_eq!(meta(&en, "og:url"), ["https://test.example.org/en/notes/a/"]);
    assert_eq!(meta(&en, "og:site_name"), ["Test site"]);
    assert_eq!(meta(&en, "og:locale"), ["en_US"]);
    // Real translations only: the Arabic page is a fallback.
    assert_eq!(meta(&en, "og:locale:alternate"), ["fr_FR"]);
    assert_eq!(meta(&en, "og:image"), ["https://test.example.org/notes/hall.png"]);
    assert_eq!(meta(&en, "og:image:width"), ["1200"]);
    assert_eq!(meta(&en, "og:image:height"), ["600"]);
    assert_eq!(meta(&en, "og:image:alt"), ["The hall of the General Assembly"]);
    assert_eq!(meta(&en, "twitter:card"), ["summary_large_image"]);
    let fr = site.html("fr/notes/a/index.html");
    assert_eq!(meta(&fr, "og:locale"), ["fr_FR"]);
    assert_eq!(meta(&fr, "og:locale:alternate"), ["en_US"]);
    assert_eq!(meta(&fr, "og:image:alt"), ["La salle"]);
    // A fallback shows the English text: English locale, the original's URL.
    let ar = site.html("ar/notes/a/index.html");
    assert_eq!(meta(&ar, "og:locale"), ["en_US"]);
    assert_eq!(meta(&ar, "og:locale:alternate"), ["fr_FR"]);
    assert_eq!(meta(&ar, "og:url"), ["https://test.example.org/en/notes/a/"]);
    // No picture and no `social_image`: a small card, no og:image.
    let plain = site.html("en/notes/plain/index.html");
    assert!(meta(&plain, "og:image").is_empty());
    assert_eq!(meta(&plain, "twitter:card"), ["summary"]);
    // The home page, sections and indexes are websites.
    for file in ["en/index.html", "en/notes/index.html", "fr/objectives/index.html", "index.html"] {
        assert_eq!(meta(&site.html(file), "og:type"), ["website"], "{file}");
    }
    assert_eq!(meta(&site.html("ar/index.html"), "og:locale"), ["ar_AR"]);
}

#[test]
fn pages_without_a_picture_show_the_sites_social_image() {
    let toml = format!("social_image = \"/images/social.png\"\n{SITE_TOML}")
        .replace("base_url = \"https://test.example.org\"", "base_url = \"https://test.example.org/kb\"");
    let site = site_with_a_picture(&toml);
    std::fs::create_dir_all(site.root().join("static/images")).unwrap();
    std::fs::write(site.root().join("static/images/social.png"), png(1200, 630)).unwrap();
    site.build();
    let plain = site.html("en/notes/plain/index.html");
    assert_eq!(meta(&plain, "og:image"), ["https://test.example.org/kb/images/social.png"]);
    assert_eq!(meta(&plain, "twitter:card"), ["summary_large_image"]);
    // A page's own picture comes first.
    let en = site.html("en/notes/a/index.html");
    assert_eq!(meta(&en, "og:image"), ["https://test.example.org/kb/notes/hall.png"]);
    // The icons, below the base path.
    assert_eq!(attrs(&plain, "link[rel=\"icon\"]", "href"), ["/kb/favicon.ico", "/kb/favicon.svg"]);
    assert_eq!(attrs(&plain, "link[rel=\"apple-touch-icon\"]", "href"), ["/kb/apple-touch-icon.png"]);
}

#[test]
fn a_social_image_the_site_does_not_have_is_an_error_at_its_line() {
    let toml =
        SITE_TOML.replace("default_language = \"en\"\n", "default_language = \"en\"\nsocial_image = \"/social.png\"\n");
    let site = Fixture::new(&[("site.toml", &toml), ("content/a.md", "---\ntitle: A\n---\nA.\n")]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout.trim(),
        "site.toml:4: error: social_image `/social.png`: the built site has no such file (put it in static/social.png)"
    );
    let bad = SITE_TOML
        .replace("default_language = \"en\"\n", "default_language = \"en\"\nsocial_image = \"https://x.org/a.png\"\n");
    site.write("site.toml", &bad);
    let check = site.run(&["check", "--format", "short"]);
    assert!(
        check
            .stdout
            .contains("site.toml:4: error: social_image `https://x.org/a.png` must be a path of the built site"),
        "{}",
        check.stdout
    );
}

#[test]
fn the_theme_ships_icons_and_a_site_may_replace_them() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\n---\nA.\n"),
        ("static/favicon.svg", "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"),
    ]);
    site.build();
    let page = site.html("en/a/index.html");
    assert_eq!(attrs(&page, "link[rel=\"icon\"][type=\"image/svg+xml\"]", "href"), ["/favicon.svg"]);
    assert_eq!(
        std::fs::read_to_string(site.public().join("favicon.svg")).unwrap(),
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>"
    );
    let ico = std::fs::read(site.public().join("favicon.ico")).unwrap();
    assert_eq!(&ico[..4], &[0, 0, 1, 0]);
    let touch = image::load_from_memory(&std::fs::read(site.public().join("apple-touch-icon.png")).unwrap()).unwrap();
    assert_eq!((touch.width(), touch.height()), (180, 180));
}
