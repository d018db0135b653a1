//! The output checker itself, on hand-made output folders: it must catch each kind of damage it
//! claims to, or a green run of the other tests would mean nothing.

use crate::common::checker::check_output;

fn folder(files: &[(&str, &str)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for (path, text) in files {
        let p = dir.path().join(path);
        std::fs::create_dir_all(p.parent().unwrap()).unwrap();
        std::fs::write(p, text).unwrap();
    }
    dir
}

const GOOD: &str = "<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body><h2 id=\"a\">A</h2><a href=\"#a\">a</a><a href=\"/kb/en/b/#c\">b</a><img src=\"../x.png\" alt=\"\"><a href=\"https://un.org\">u</a></body></html>";

#[test]
fn a_sound_site_passes() {
    let b = "<!DOCTYPE html><html lang=\"fr\"><head><title>b</title></head><body><p id=\"c\">c</p></body></html>";
    let dir = folder(&[("en/index.html", GOOD), ("en/b/index.html", b), ("x.png", "")]);
    assert_eq!(check_output(dir.path(), "https://example.org/kb/"), Vec::<String>::new());
}

#[test]
fn each_kind_of_damage_is_caught() {
    let bad = [
        ("<a href=\"#\">top</a>", "a link to nowhere"),
        ("<a href=\"#nope\">x</a>", "no element with id `nope`"),
        ("<a href=\"javascript:alert(1)\">x</a>", "scheme `javascript:`"),
        ("<a href=\" java&#9;script:x\">x</a>", "scheme `javascript:`"),
        ("<img src=\"data:image/png;base64,x\" alt=\"\">", "scheme `data:`"),
        ("<a href=\"/en/b/\">x</a>", "leaves the site's base path"),
        ("<a href=\"/kb/en/missing/\">x</a>", "no built file"),
        ("<a href=\"/kb/en/b/#nope\">x</a>", "has no element with id `nope`"),
        ("<img srcset=\"/kb/none.png 2x\" alt=\"\">", "no built file"),
    ];
    for (body, expected) in bad {
        let page = format!("<!DOCTYPE html><html lang=\"en\"><head><title>x</title></head><body>{body}</body></html>");
        let b = "<!DOCTYPE html><html lang=\"en\"><head><title>b</title></head><body></body></html>";
        let dir = folder(&[("en/index.html", &page), ("en/b/index.html", b)]);
        let problems = check_output(dir.path(), "https://example.org/kb");
        assert!(problems.iter().any(|p| p.contains(expected)), "{body}: {problems:?}");
    }
    let no_lang = folder(&[("index.html", "<!DOCTYPE html><html><head><title>x</title></head><body></body></html>")]);
    assert!(check_output(no_lang.path(), "https://example.org").iter().any(|p| p.contains("no lang")));
    let bad_xml = folder(&[("en/atom.xml", "<feed><entry></feed>")]);
    assert!(check_output(bad_xml.path(), "https://example.org").iter().any(|p| p.contains("XML does not parse")));
    let sitemap = folder(&[(
        "sitemap.xml",
        "<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\"><url><loc>https://example.org/en/gone/</loc></url></urlset>",
    )]);
    assert!(check_output(sitemap.path(), "https://example.org").iter().any(|p| p.contains("no built file")));
}
