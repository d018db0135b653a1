//! Generated hostile sites (proptest, issue #23): adversarial file names, front matter, links,
//! pictures (SVG with scripts, PNG headers that lie, links out of the site) and PO files. Whatever
//! the mix, `check`, `build` and `i18n import` never panic and exit 0 or 1; nothing is written
//! outside the site (and its output folder); no file outside the site is read (a secret beside
//! it, reached by symbolic links, never shows in the output); every error names a real file of
//! the site (or the PO file given).
//!
//! `cargo test --test integration hostile_generated::` runs 48 sites; `PROPTEST_CASES=1000` a longer search.

use proptest::prelude::*;
use std::path::Path;

/// What the secret outside the site holds: it must never reach the output.
const SECRET: &str = "SECRET-7f3a9c-OUTSIDE-THE-SITE";

/// File names of pages, some a site cannot publish.
const NAMES: &[&str] = &[
    "plain",
    "a\\b",
    "x\\..\\..\\PWNED",
    "re\u{301}union",
    "r\u{e9}union",
    "\u{202e}gnp",
    "a\u{1}b",
    "..",
    "con",
    "!",
    "very-long-name-very-long-name-very-long-name-very-long-name-very-long-name-very-long-name-very-long",
    "search",
    "404",
];

/// Front matter lines that try something.
const FIELDS: &[&str] = &[
    "aliases: [\"/404.html\"]",
    "aliases: [\"/sitemap.xml\", \"/robots.txt\"]",
    "aliases: [\"../../x\"]",
    "aliases: [\"//evil.example/\"]",
    "aliases: [\"/en/\"]",
    "aliases: [\"/old/\"]",
    "aliases: [\"/search.js\"]",
    "date: 9999-12-31",
    "date: 0000-01-01",
    "date: 2022-02-30",
    "weight: 340282366920938463463374607431768211455",
    "weight: -9223372036854775808",
    "slug: ../../x",
    "slug: \"a/b\"",
    "summary: \"{{ recording(url='javascript:alert(1)') }}\"",
    "draft: true",
    "objectives: [0, 24, 99999999999]",
    "extra:\n  milestone: {date: 9999-12-31, label: End}",
    "title: again",
    "a: &a [x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b]\nd: [*c,*c,*c,*c,*c,*c,*c,*c]",
];

/// Body lines that try something.
const BODIES: &[&str] = &[
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt&#58;alert(1))",
    "[x](../../../../../etc/passwd)",
    "[x](@/../../../etc/passwd.md)",
    "![p](/../../../etc/passwd.png)",
    "![p](secret.png)",
    "![p](evil.svg)",
    "![p](bomb.png)",
    "![p](fine.png)",
    "![p](noise.png)",
    "<script>alert(1)</script>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "{{ recording(url=\"javascript:alert(1)\") }}",
    "{{ figure(src=\"../../../../etc/passwd.png\", alt=\"x\") }}",
    "[draft](@/drafty.md)",
    "<http://example.com?find=\\*>",
    "plain text",
];

/// PO entries a translator (or an attacker) might send.
const PO_ENTRIES: &[&str] = &[
    "msgctxt \"content/plain.md#p1\"\nmsgid \"plain text\"\nmsgstr \"[x](javascript:alert(1))\"\n",
    "msgctxt \"content/plain.md#p1\"\nmsgid \"plain text\"\nmsgstr \"a\"\nmsgstr \"b\"\n",
    "msgctxt \"content/plain.md#p1\"\nmsgctxt \"content/plain.md#p2\"\nmsgid \"plain text\"\nmsgstr \"a\"\n",
    "msgctxt \"content/../../../x.md#p1\"\nmsgid \"x\"\nmsgstr \"y\"\n",
    "msgctxt \"content/plain.md#p1\"\nmsgid \"plain text\"\nmsgstr \"{{ recording(url=\\\"x\\\") }}\"\n",
    "msgctxt \"content/plain.md:title\"\nmsgid \"Plain\"\nmsgstr \"Simple\"\n",
    "msgid \"unterminated\nmsgstr \"x\"\n",
    "msgid \"x\"\nmsgstr[0] \"y\"\n",
];

#[derive(Debug, Clone)]
struct Page {
    name: usize,
    fields: Vec<usize>,
    body: Vec<usize>,
}

#[derive(Debug, Clone)]
struct Site {
    pages: Vec<Page>,
    static_svg: bool,
    static_link_out: bool,
    static_en_file: bool,
    theme: Option<&'static str>,
    po: Vec<usize>,
}

fn page() -> impl Strategy<Value = Page> {
    (0..NAMES.len(), proptest::collection::vec(0..FIELDS.len(), 0..3), proptest::collection::vec(0..BODIES.len(), 0..4))
        .prop_map(|(name, fields, body)| Page { name, fields, body })
}

fn site() -> impl Strategy<Value = Site> {
    (
        proptest::collection::vec(page(), 1..4),
        any::<bool>(),
        any::<bool>(),
        any::<bool>(),
        proptest::option::of(prop_oneof![Just("../../outside"), Just("/usr/share"), Just("linked"), Just("a\\b")]),
        proptest::collection::vec(0..PO_ENTRIES.len(), 0..3),
    )
        .prop_map(|(pages, static_svg, static_link_out, static_en_file, theme, po)| Site {
            pages,
            static_svg,
            static_link_out,
            static_en_file,
            theme,
            po,
        })
}

const EVIL_SVG: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"><script>alert(2)</script></svg>";

/// A PNG of 4×4 pixels, and the same with a header that declares `w`×`h`.
fn png(w: u32, h: u32) -> Vec<u8> {
    let mut out = Vec::new();
    let image = image::RgbImage::from_pixel(4, 4, image::Rgb([1, 2, 3]));
    image::DynamicImage::ImageRgb8(image).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
    out[16..20].copy_from_slice(&w.to_be_bytes());
    out[20..24].copy_from_slice(&h.to_be_bytes());
    out
}

/// Writes the site below `outer/site`, with a secret in `outer/outside`.
fn write(outer: &Path, s: &Site) -> std::path::PathBuf {
    let root = outer.join("site");
    let outside = outer.join("outside");
    std::fs::create_dir_all(outside.join("static")).unwrap();
    std::fs::write(outside.join("secret.png"), SECRET).unwrap();
    std::fs::write(outside.join("static/secret.txt"), SECRET).unwrap();
    std::fs::create_dir_all(root.join("content/programme")).unwrap();
    std::fs::create_dir_all(root.join("static")).unwrap();
    std::fs::create_dir_all(root.join("themes")).unwrap();
    let mut toml =
        crate::common::SITE_TOML.replace("[languages.en]", "[markdown]\nallow_html = true\n\n[languages.en]");
    if let Some(theme) = s.theme {
        toml = toml.replace("[markdown]", &format!("theme = {theme:?}\n\n[markdown]"));
    }
    std::fs::write(root.join("site.toml"), toml).unwrap();
    std::os::unix::fs::symlink(&outside, root.join("themes/linked")).unwrap();
    std::fs::write(root.join("content/drafty.md"), "---\ntitle: D\ndraft: true\n---\nD.\n").unwrap();
    std::fs::write(root.join("content/evil.svg"), EVIL_SVG).unwrap();
    std::fs::write(root.join("content/bomb.png"), png(20_000, 20_000)).unwrap();
    std::fs::write(root.join("content/fine.png"), png(4, 4)).unwrap();
    std::fs::write(root.join("content/noise.png"), b"\x89PNG\r\n\x1a\nnot really").unwrap();
    std::os::unix::fs::symlink(outside.join("secret.png"), root.join("content/secret.png")).unwrap();
    if s.static_svg {
        std::fs::write(root.join("static/evil.svg"), EVIL_SVG).unwrap();
    }
    if s.static_link_out {
        std::os::unix::fs::symlink(outside.join("static"), root.join("static/out")).unwrap();
    }
    if s.static_en_file {
        std::fs::write(root.join("static/en"), "x").unwrap();
    }
    for p in &s.pages {
        let mut text = String::from("---\ntitle: Plain\n");
        for f in &p.fields {
            text.push_str(FIELDS[*f]);
            text.push('\n');
        }
        text.push_str("---\nplain text\n");
        for b in &p.body {
            text.push('\n');
            text.push_str(BODIES[*b]);
            text.push('\n');
        }
        // Names that cannot be files on this system are skipped by the OS, not by imrf.
        let _ = std::fs::write(root.join(format!("content/{}.md", NAMES[p.name])), text);
    }
    let mut po = String::from("msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\n");
    for e in &s.po {
        po.push_str(PO_ENTRIES[*e]);
        po.push('\n');
    }
    std::fs::write(outer.join("fr.po"), po).unwrap();
    root
}

/// Every file below `dir` with its bytes, skipping the output and the cache.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut out: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .follow_links(false)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned())
        .filter(|p| {
            !p.starts_with("site/public") && !p.starts_with("site/.imrf-cache") && !p.starts_with("site/content")
        })
        .map(|p| {
            let bytes = std::fs::read(dir.join(&p)).unwrap_or_default();
            (p, bytes)
        })
        .collect();
    out.sort();
    out
}

/// Whether an error line names a real file of the site, or the PO file.
fn names_a_real_file(root: &Path, line: &str) -> bool {
    let Some((file, _)) = line.split_once(": error: ").or_else(|| line.split_once(": warning: ")) else {
        return true;
    };
    let file = file.split(':').next().unwrap_or(file);
    file == "fr.po" || file.starts_with("(built-in)") || root.join(file).exists() || root.join(file).is_symlink()
}

fn run(args: &[&str], cwd: &Path) -> crate::common::Run {
    crate::common::imrf(args, cwd)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn hostile_sites_never_panic_never_escape_and_name_what_they_refuse(s in site()) {
        let outer = tempfile::tempdir().unwrap();
        let root = write(outer.path(), &s);
        let before = snapshot(outer.path());
        let root_arg = root.to_string_lossy().into_owned();
        let check = run(&["check", "--format", "short", "--root", &root_arg], outer.path());
        let build = run(&["build", "--root", &root_arg], outer.path());
        let po = outer.path().join("fr.po").to_string_lossy().into_owned();
        let import = run(&["i18n", "import", "fr", &po, "--root", &root_arg], outer.path());
        for (what, r) in [("check", &check), ("build", &build), ("import", &import)] {
            prop_assert!(r.code == 0 || r.code == 1, "{what} exited {}: {}{}", r.code, r.stdout, r.stderr);
            prop_assert!(!r.stderr.contains("panicked"), "{what} panicked: {}", r.stderr);
        }
        // Nothing outside the site changed (content/ is the import's to write, public/ the build's).
        prop_assert_eq!(snapshot(outer.path()), before, "a file outside the site was written");
        // No byte of the secret beside the site reached the output.
        for e in walkdir::WalkDir::new(root.join("public")).into_iter().flatten().filter(|e| e.file_type().is_file()) {
            let bytes = std::fs::read(e.path()).unwrap();
            prop_assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{} holds the secret", e.path().display());
        }
        // A build that fails leaves no site; one that succeeds agrees with check.
        prop_assert_eq!(build.code == 0, check.code == 0, "check {} / build {}:\n{}{}", check.code, build.code, check.stdout, build.stderr);
        if build.code != 0 {
            prop_assert!(!root.join("public").exists());
        }
        for line in check.stdout.lines().chain(import.stderr.lines()) {
            prop_assert!(names_a_real_file(&root, line), "names no file of the site: {line}");
        }
    }
}
