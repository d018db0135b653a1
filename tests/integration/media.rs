//! Pictures (issue #16): Markdown pictures and the `figure` shortcode, from `static/` or beside
//! the page, with their size, responsive copies (PNG/JPEG and WebP), lazy loading, the image
//! cache, and the errors of a picture without alt text, missing or damaged; on fixture sites built
//! by the real binary and read with an HTML parser.

use crate::common::{attrs, Fixture};
use image::{DynamicImage, RgbImage};

/// A PNG of `width` × `height` with a smooth picture (lossless WebP beats PNG on it).
fn png(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| image::Rgb([(x / 4 % 256) as u8, (y / 4 % 256) as u8, 120]));
    let mut out = Vec::new();
    DynamicImage::ImageRgb8(image).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
    out
}

/// A JPEG photograph-like picture.
fn jpeg(width: u32, height: u32) -> Vec<u8> {
    let image = RgbImage::from_fn(width, height, |x, y| {
        let n = (x.wrapping_mul(2654435761) ^ y.wrapping_mul(40503)) % 97;
        image::Rgb([(x % 200) as u8 + n as u8 / 2, (y % 200) as u8, (n * 2) as u8])
    });
    let mut out = Vec::new();
    let encoder = image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, 80);
    DynamicImage::ImageRgb8(image).write_with_encoder(encoder).unwrap();
    out
}

fn write_bytes(site: &Fixture, path: &str, bytes: &[u8]) {
    let p = site.root().join(path);
    std::fs::create_dir_all(p.parent().unwrap()).unwrap();
    std::fs::write(p, bytes).unwrap();
}

const SVG: &str =
    "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 120 60\"><rect width=\"120\" height=\"60\"/></svg>";

fn picture_site() -> Fixture {
    let site = Fixture::new(&[
        (
            "site.toml",
            "title = \"T\"\nbase_url = \"https://example.org/kb\"\ndefault_language = \"en\"\n\
             [languages.en]\nname = \"English\"\n[languages.fr]\nname = \"Français\"\n",
        ),
        ("static/images/logo.svg", SVG),
        (
            "content/notes/map-note.md",
            "---\ntitle: Map\n---\nIntro.\n\n![The champion countries](<Carte Monde.png> \"World\")\n\n\
             {{ figure(src=\"/kb/images/photo.jpg\", alt=\"The hall\", caption=\"The hall\") }}\n\n\
             ![The logo](/kb/images/logo.svg) ![A remote picture](https://example.org/x.png)\n\n\
             {{ figure(src=\"small.png\", decorative=true) }}\n",
        ),
    ]);
    write_bytes(&site, "content/notes/Carte Monde.png", &png(1000, 500));
    write_bytes(&site, "content/notes/small.png", &png(300, 200));
    write_bytes(&site, "static/images/photo.jpg", &jpeg(1700, 850));
    site
}

#[test]
fn pictures_get_their_size_and_responsive_copies() {
    let site = picture_site();
    let run = site.build();
    let page = site.html("fr/notes/map-note/index.html");
    // The picture beside the page: published once, at its content path made a slug.
    let img = "picture img[alt=\"The champion countries\"]";
    assert_eq!(attrs(&page, img, "src"), ["/kb/notes/carte-monde.png"]);
    assert_eq!(attrs(&page, img, "width"), ["1000"]);
    assert_eq!(attrs(&page, img, "height"), ["500"]);
    assert_eq!(attrs(&page, img, "title"), ["World"]);
    assert_eq!(
        attrs(&page, img, "srcset"),
        ["/kb/notes/carte-monde-480w.png 480w, /kb/notes/carte-monde-960w.png 960w, /kb/notes/carte-monde.png 1000w"]
    );
    assert_eq!(
        attrs(&page, "picture source[type=\"image/webp\"]", "srcset"),
        [
            "/kb/notes/carte-monde-480w.webp 480w, /kb/notes/carte-monde-960w.webp 960w, /kb/notes/carte-monde-1000w.webp 1000w",
            "/kb/notes/small-300w.webp 300w"
        ]
    );
    for file in ["carte-monde.png", "carte-monde-480w.png", "carte-monde-960w.webp", "carte-monde-1000w.webp"] {
        assert!(site.public().join("notes").join(file).is_file(), "{file}");
    }
    let copy = std::fs::read(site.public().join("notes/carte-monde-480w.webp")).unwrap();
    assert_eq!(image::load_from_memory(&copy).unwrap().width(), 480);
    // The first picture of the page loads at once; the others lazily.
    let loading: Vec<Option<String>> = {
        let sel = scraper::Selector::parse(".content img").unwrap();
        page.select(&sel).map(|e| e.value().attr("loading").map(str::to_string)).collect()
    };
    assert_eq!(loading.len(), 5, "{loading:?}");
    assert_eq!(loading[0], None);
    assert!(loading[1..].iter().all(|l| l.as_deref() == Some("lazy")), "{loading:?}");
    // The figure's JPEG: copies at 480, 960 and 1600, never wider than the file; no WebP, which
    // (lossless) weighs more than a JPEG photograph.
    let photo = ".content figure img[alt=\"The hall\"]";
    assert_eq!(
        attrs(&page, photo, "srcset"),
        ["/kb/images/photo-480w.jpg 480w, /kb/images/photo-960w.jpg 960w, /kb/images/photo-1600w.jpg 1600w, /kb/images/photo.jpg 1700w"]
    );
    assert!(!site.public().join("images/photo-480w.webp").exists());
    assert!(attrs(&page, "source", "srcset").iter().all(|s| !s.contains("photo")));
    // SVG as it is, with its size; an external picture as it is.
    assert_eq!(attrs(&page, "img[alt=\"The logo\"]", "width"), ["120"]);
    assert!(attrs(&page, "img[alt=\"The logo\"]", "srcset").is_empty());
    assert_eq!(attrs(&page, "img[alt=\"A remote picture\"]", "src"), ["https://example.org/x.png"]);
    // A decorative figure: an empty alt; smaller than 480 pixels, it has no narrower copy.
    assert_eq!(attrs(&page, ".content figure img[src=\"/kb/notes/small.png\"]", "alt"), [""]);
    assert_eq!(attrs(&page, ".content figure img[src=\"/kb/notes/small.png\"]", "width"), ["300"]);
    // The build says what the pictures weigh.
    assert!(run.stdout.contains(" pictures, ") && run.stdout.contains(" bytes"), "{}", run.stdout);
}

#[test]
fn the_cache_is_reused_and_a_damaged_entry_is_made_again() {
    let site = picture_site();
    site.build();
    let first = crate::common::snapshot(&site.public());
    let cache = site.root().join(".imrf-cache");
    assert_eq!(std::fs::read_to_string(cache.join(".gitignore")).unwrap().lines().last(), Some("*"));
    let entries: Vec<std::path::PathBuf> =
        std::fs::read_dir(cache.join("images")).unwrap().map(|e| e.unwrap().path()).collect();
    assert!(entries.len() >= 10, "{entries:?}");
    // Damage one entry, cut another; the next build makes them again, with the same bytes.
    let mut damaged = std::fs::read(&entries[0]).unwrap();
    damaged[10] ^= 0xff;
    std::fs::write(&entries[0], &damaged).unwrap();
    std::fs::write(&entries[1], b"cut").unwrap();
    let run = site.run(&["build", "--force", "--output", &site.root().join("again").to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let again = crate::common::snapshot(&site.root().join("again"));
    let strip = |s: Vec<(String, Vec<u8>)>| -> Vec<(String, Vec<u8>)> {
        s.into_iter().filter(|(p, _)| !p.ends_with(".imrf-manifest")).collect()
    };
    assert_eq!(strip(first.clone()), strip(again));
    assert_ne!(std::fs::read(&entries[1]).unwrap(), b"cut");
    // Without any cache, the same bytes too.
    std::fs::remove_dir_all(&cache).unwrap();
    let run = site.run(&["build", "--force", "--output", &site.root().join("cold").to_string_lossy()]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(strip(first), strip(crate::common::snapshot(&site.root().join("cold"))));
}

#[test]
fn pictures_without_alt_text_missing_or_damaged_are_errors_at_their_line() {
    let site = Fixture::new(&[(
        "content/a.md",
        "---\ntitle: A\n---\n![](map.png)\n\n![A map](missing.png)\n\n![A broken map](broken.png)\n\n\
         {{ figure(src=\"/images/none.jpg\", alt=\"None\") }}\n\n![Far](../../x.png)\n",
    )]);
    site.write("content/map.png", "");
    write_bytes(&site, "content/map.png", &png(10, 10));
    let mut cut = png(600, 300);
    cut.truncate(cut.len() / 2);
    write_bytes(&site, "content/broken.png", &cut);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    let errors: Vec<&str> = check.stdout.lines().filter(|l| l.contains(": error: ")).collect();
    assert_eq!(
        errors,
        [
            "content/a.md:4: error: picture `map.png` has no alt text: write what it shows between the brackets \
             (`![…](map.png)`); a purely decorative picture goes through `{{ figure(src=\"map.png\", decorative=true) }}`",
            "content/a.md:6: error: picture `missing.png` (content/missing.png): there is no content/missing.png",
            "content/a.md:8: error: picture `broken.png` (content/broken.png): the file is damaged or not the picture \
             it claims to be (unexpected end of file)",
            "content/a.md:10: error: picture `/images/none.jpg` (static/images/none.jpg): there is no static/images/none.jpg",
            "content/a.md:12: error: picture `../../x.png`: it leads outside content/",
        ],
        "{}",
        check.stdout
    );
    assert!(!site.public().exists());
}

#[test]
fn two_pictures_at_one_url_are_an_error() {
    let site = Fixture::new(&[("content/a.md", "---\ntitle: A\n---\n![One](<Map 1.png>)\n\n![Two](map-1.png)\n")]);
    write_bytes(&site, "content/Map 1.png", &png(20, 10));
    write_bytes(&site, "content/map-1.png", &png(30, 10));
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert_eq!(
        check.stdout.trim(),
        "content/a.md:6: error: picture `map-1.png` (content/map-1.png): content/Map 1.png is published at /map-1.png \
         too: rename one of them"
    );
}

#[test]
fn a_file_that_is_no_picture_is_an_error_naming_it() {
    let site = Fixture::new(&[
        ("content/a.md", "---\ntitle: A\n---\nText.\n\n![A map](map.png)\n"),
        ("content/map.png", "png"),
    ]);
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains(
            "content/a.md:6: error: picture `map.png` (content/map.png): the file is not a picture imrf can read"
        ),
        "{}",
        check.stdout
    );
}
