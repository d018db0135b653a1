//! Generated sites (proptest): section trees and file names with Unicode, spaces and punctuation,
//! random subsets of declared languages, data files translated into more languages than the site
//! declares, random `@/`, relative and anchor links, random front matter. Every site either builds
//! and passes the output checker with every page at its URL in every language, or fails with
//! errors that each name a real file and writes nothing; never a panic. A site generated without
//! mistakes always builds, and after an edit, its build through the build cache equals a build
//! from nothing.
//!
//! `cargo test --test integration generated::` runs 128 sites of each kind; `PROPTEST_CASES=2000 cargo test
//! --release --test integration generated::` runs a longer search.

use crate::common::Fixture;
use proptest::prelude::*;

/// Folder names and what their URL segment must be (`None`: no letter or digit, an error).
const FOLDERS: &[(&str, Option<&str>)] = &[
    ("notes", Some("notes")),
    ("Briefs & Notes", Some("briefs-notes")),
    ("réunions", Some("réunions")),
    ("会议", Some("会议")),
    ("2022 (May)", Some("2022-may")),
    ("!!!", None),
];

/// File stems and their slugs.
const STEMS: &[(&str, Option<&str>)] = &[
    ("alpha", Some("alpha")),
    ("Réunion", Some("réunion")),
    ("my file", Some("my-file")),
    ("a-b", Some("a-b")),
    ("A b", Some("a-b")),
    ("x_y", Some("x_y")),
    ("Пленарное", Some("пленарное")),
    ("12", Some("12")),
    ("!", None),
    ("search", Some("search")),
];

const LANGUAGES: &[(&str, &str, &str)] = &[
    ("fr", "Français", "ltr"),
    ("es", "Español", "ltr"),
    ("ar", "العربية", "rtl"),
    ("zh", "中文", "ltr"),
    ("ru", "Русский", "ltr"),
];

const TITLES: &[&str] = &[
    "Plain title",
    "A: colon",
    "\"Quoted\" & <b>bold</b>",
    "Ünïcödé — 会议",
    "# not a heading",
    "javascript:alert(1)",
];

/// One link in a page body.
#[derive(Debug, Clone)]
enum Link {
    /// `@/` to the n-th page (modulo the page count), with its heading anchor or not.
    Page(usize, bool),
    /// A relative `.md` link to the n-th page.
    Relative(usize),
    /// `#` to one of the page's own headings.
    OwnHeading,
    /// `@/` to a page that does not exist.
    Missing,
    /// `#` to a heading the page lacks.
    MissingAnchor,
    External,
    Unsafe,
}

#[derive(Debug, Clone)]
struct PageSpec {
    folder: usize,
    stem: usize,
    title: usize,
    weight: Option<i64>,
    links: Vec<Link>,
    /// Translations, by index into the six languages (0 = en is skipped).
    translations: Vec<usize>,
    broken_yaml: bool,
}

#[derive(Debug, Clone)]
struct SiteSpec {
    declared: Vec<bool>,
    base_path: bool,
    champions: bool,
    pages: Vec<PageSpec>,
}

fn link(clean: bool) -> BoxedStrategy<Link> {
    if clean {
        prop_oneof![
            (0..20usize, any::<bool>()).prop_map(|(n, a)| Link::Page(n, a)),
            (0..20usize).prop_map(Link::Relative),
            Just(Link::OwnHeading),
            Just(Link::External),
        ]
        .boxed()
    } else {
        prop_oneof![
            4 => (0..20usize, any::<bool>()).prop_map(|(n, a)| Link::Page(n, a)),
            2 => (0..20usize).prop_map(Link::Relative),
            2 => Just(Link::OwnHeading),
            1 => Just(Link::Missing),
            1 => Just(Link::MissingAnchor),
            2 => Just(Link::External),
            1 => Just(Link::Unsafe),
        ]
        .boxed()
    }
}

fn page(clean: bool) -> impl Strategy<Value = PageSpec> {
    (
        0..FOLDERS.len(),
        0..STEMS.len(),
        0..TITLES.len(),
        prop::option::of(-5i64..5),
        prop::collection::vec(link(clean), 0..4),
        prop::collection::vec(1..6usize, 0..3),
        prop::bool::weighted(if clean { 0.0 } else { 0.08 }),
    )
        .prop_map(|(folder, stem, title, weight, links, translations, broken_yaml)| PageSpec {
            folder,
            stem,
            title,
            weight,
            links,
            translations,
            broken_yaml,
        })
}

fn site(clean: bool) -> impl Strategy<Value = SiteSpec> {
    (prop::collection::vec(any::<bool>(), 5), any::<bool>(), any::<bool>(), prop::collection::vec(page(clean), 1..8))
        .prop_map(move |(declared, base_path, champions, mut pages)| {
            // One file per name: a second page of the same folder and name would overwrite it.
            let mut files = std::collections::HashSet::new();
            pages.retain(|p| files.insert((p.folder, p.stem)));
            if clean {
                // Only names with a URL, and one page per URL.
                pages.retain(|p| FOLDERS[p.folder].1.is_some() && STEMS[p.stem].1.is_some());
                let mut seen = std::collections::HashSet::new();
                pages.retain(|p| seen.insert((FOLDERS[p.folder].1, STEMS[p.stem].1)) && STEMS[p.stem].0 != "search");
            }
            SiteSpec { declared, base_path, champions, pages }
        })
}

/// The six languages: code, whether declared.
fn languages(spec: &SiteSpec) -> Vec<(&'static str, bool)> {
    let mut out = vec![("en", true)];
    out.extend(LANGUAGES.iter().zip(&spec.declared).map(|((code, _, _), d)| (*code, *d)));
    out
}

fn site_toml(spec: &SiteSpec) -> String {
    let base = if spec.base_path { "https://example.org/kb" } else { "https://example.org" };
    let mut out = format!("title = \"Generated\"\nbase_url = \"{base}\"\ndefault_language = \"en\"\n\n[languages.en]\nname = \"English\"\n");
    for ((code, name, dir), declared) in LANGUAGES.iter().zip(&spec.declared) {
        if *declared {
            out.push_str(&format!("\n[languages.{code}]\nname = \"{name}\"\ndir = \"{dir}\"\n"));
        }
    }
    out
}

/// YAML double-quoted text (JSON strings are YAML).
fn quoted(s: &str) -> String {
    serde_json::to_string(s).unwrap()
}

fn key_of(p: &PageSpec) -> String {
    format!("{}/{}.md", FOLDERS[p.folder].0, STEMS[p.stem].0)
}

fn body(spec: &SiteSpec, p: &PageSpec) -> String {
    let n = spec.pages.len();
    let mut out = String::from("## First part\n\nSome text.\n\n");
    for l in &p.links {
        let text = match l {
            Link::Page(i, anchor) => {
                let target = &spec.pages[i % n];
                let anchor = if *anchor { "#first-part" } else { "" };
                format!("[a page](<@/{}{anchor}>)", key_of(target))
            }
            Link::Relative(i) => {
                let target = &spec.pages[i % n];
                let up = if FOLDERS[target.folder].0 == FOLDERS[p.folder].0 {
                    String::new()
                } else {
                    format!("../{}/", FOLDERS[target.folder].0)
                };
                format!("[relative](<{up}{}.md>)", STEMS[target.stem].0)
            }
            Link::OwnHeading => "[up](#first-part)".to_string(),
            Link::Missing => "[gone](@/nowhere/none.md)".to_string(),
            Link::MissingAnchor => "[gone](#no-such-heading)".to_string(),
            Link::External => "[UN](https://www.un.org/en/)".to_string(),
            Link::Unsafe => "[x](javascript:alert(1))".to_string(),
        };
        out.push_str(&text);
        out.push_str("\n\n");
    }
    out
}

fn write_site(spec: &SiteSpec) -> Fixture {
    let site =
        Fixture::new(&[("site.toml", &site_toml(spec)), ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n")]);
    let folders: std::collections::BTreeSet<usize> = spec.pages.iter().map(|p| p.folder).collect();
    for f in folders {
        site.write(
            &format!("content/{}/_index.md", FOLDERS[f].0),
            &format!("---\ntitle: {}\n---\n", quoted(FOLDERS[f].0)),
        );
    }
    if spec.champions {
        site.write(
            "content/champions.yaml",
            "- name: {en: Chile, fr: Chili, es: Chile, ar: شيلي, zh: 智利, ru: Чили}\n  iso: CL\n  region: americas\n",
        );
    }
    let all = languages(spec);
    for p in &spec.pages {
        let yaml_title = if p.broken_yaml { "\"unclosed".to_string() } else { quoted(TITLES[p.title]) };
        let weight = p.weight.map(|w| format!("weight: {w}\n")).unwrap_or_default();
        let text = format!("---\ntitle: {yaml_title}\n{weight}---\n{}", body(spec, p));
        let dir = FOLDERS[p.folder].0;
        let stem = STEMS[p.stem].0;
        site.write(&format!("content/{dir}/{stem}.md"), &text);
        for &t in &p.translations {
            let code = all[t].0;
            let text =
                format!("---\ntitle: {}\n---\n{}", quoted(&format!("{} ({code})", TITLES[p.title])), body(spec, p));
            site.write(&format!("content/{dir}/{stem}.{code}.md"), &text);
        }
    }
    site
}

/// Runs a build and checks the invariants; `clean` sites must build.
fn check_site(spec: &SiteSpec, clean: bool) -> Result<(), TestCaseError> {
    let site = write_site(spec);
    let run = site.run(&["build"]);
    prop_assert!(!run.stderr.contains("panicked"), "panic:\n{}", run.stderr);
    prop_assert!(run.code == 0 || run.code == 1, "exit {}:\n{}", run.code, run.stderr);
    if clean {
        prop_assert_eq!(run.code, 0, "a site without mistakes failed:\n{}", run.stderr);
    }
    if run.code == 1 {
        prop_assert!(!site.public().exists(), "a failed build wrote files");
        for line in run.stderr.lines().filter(|l| l.contains(": error: ") && !l.starts_with("error:")) {
            let path = line.split(": error: ").next().unwrap();
            let path = path.split(':').next().unwrap();
            prop_assert!(site.root().join(path).exists(), "the error names no real file: {}", line);
        }
        return Ok(());
    }
    let base = site.base_url();
    let problems = crate::common::checker::check_output(&site.public(), &base);
    prop_assert!(problems.is_empty(), "output checker:\n{}", problems.join("\n"));
    // No page is lost: each one at its URL, in every declared language, with its title.
    let declared: Vec<&str> = languages(spec).into_iter().filter(|(_, d)| *d).map(|(c, _)| c).collect();
    for p in &spec.pages {
        let (Some(folder), Some(slug)) = (FOLDERS[p.folder].1, STEMS[p.stem].1) else {
            prop_assert!(false, "a page without a URL built: {}", key_of(p));
            unreachable!()
        };
        for lang in &declared {
            let file = site.public().join(format!("{lang}/{folder}/{slug}/index.html"));
            prop_assert!(file.is_file(), "lost page: {} has no {}", key_of(p), file.display());
            if *lang == "en" {
                let html = site.html(&format!("en/{folder}/{slug}/index.html"));
                let h1 = crate::common::texts(&html, "h1");
                prop_assert!(
                    h1.iter().any(|t| t.contains(TITLES[p.title].split_whitespace().next().unwrap())),
                    "{:?}",
                    h1
                );
            }
        }
    }
    if clean {
        check_cached_rebuild(spec, &site)?;
    }
    Ok(())
}

/// After an edit (a paragraph added to a page, one of its translations deleted), a build that
/// uses the build cache and the last output writes the same files as a build from nothing.
fn check_cached_rebuild(spec: &SiteSpec, site: &Fixture) -> Result<(), TestCaseError> {
    let Some(p) = spec.pages.first() else {
        return Ok(());
    };
    let (dir, stem) = (FOLDERS[p.folder].0, STEMS[p.stem].0);
    let file = site.root().join(format!("content/{dir}/{stem}.md"));
    let text = std::fs::read_to_string(&file).unwrap();
    std::fs::write(&file, text + "\nA paragraph added since the last build.\n").unwrap();
    if let Some(&t) = p.translations.first() {
        let _ = std::fs::remove_file(site.root().join(format!("content/{dir}/{stem}.{}.md", languages(spec)[t].0)));
    }
    let cached = site.run(&["build"]);
    prop_assert_eq!(cached.code, 0, "{}", cached.stderr);
    let fresh = site.root().join("fresh");
    let fresh_arg = fresh.to_string_lossy().into_owned();
    let cold = site.run(&["build", "--no-cache", "--output", &fresh_arg]);
    prop_assert_eq!(cold.code, 0, "{}", cold.stderr);
    let (a, b) = (crate::common::snapshot(&site.public()), crate::common::snapshot(&fresh));
    let names = |s: &[(String, Vec<u8>)]| s.iter().map(|(n, _)| n.clone()).collect::<Vec<_>>();
    prop_assert_eq!(names(&a), names(&b));
    for ((name, x), (_, y)) in a.iter().zip(&b) {
        prop_assert!(x == y, "{} differs between the cached build and a build from nothing", name);
    }
    Ok(())
}

fn cases() -> u32 {
    std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(128)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(), failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn generated_sites_build_cleanly_or_fail_with_real_errors(spec in site(false)) {
        check_site(&spec, false)?;
    }

    #[test]
    fn generated_sites_without_mistakes_always_build(spec in site(true)) {
        check_site(&spec, true)?;
    }
}
