//! Translation by segment (issue #13): per-segment status with old and new source texts, the PO
//! round trip through a CAT tool (export, edit, import, build), what an import refuses, the CI
//! gate, the reader's notice on a translation behind its source, and the shipped translations.

use crate::common::{imrf, snapshot, texts, Fixture};
use std::path::Path;

const PAGE: &str = "---\ntitle: A guide page\nsummary: What this page is about.\n---\nThe first paragraph is long enough\nto be wrapped over two lines.\n\n## Key facts\n\n- See [the other page](@/guide/b.md) for *more*.\n- Use `imrf build` to build.\n\nThe second paragraph stays as it is.\n\n| Name | Value |\n| --- | --- |\n| Size | 12 |\n\n```sh\nimrf build\n```\n";

const FR: &str = "---\ntitle: Une page du guide\nsummary: De quoi parle cette page.\n---\nLe premier paragraphe.\n\n## Faits essentiels\n\n- Voir [l’autre page](@/guide/b.md) pour *plus*.\n- Utiliser `imrf build` pour construire.\n\nLe second paragraphe ne change pas.\n\n| Nom | Valeur |\n| --- | --- |\n| Taille | 12 |\n\n```sh\nimrf build\n```\n";

const CHAMPIONS: &str = "# Champion countries: this comment stays.\n- name:\n    en: \"Mexico\"\n  iso: MX\n  region: americas\n  # Notes are short.\n  note: A note.\n";

fn site() -> Fixture {
    Fixture::new(&[
        ("content/_index.md", "---\ntitle: Home\n---\nWelcome.\n"),
        ("content/guide/_index.md", "---\ntitle: Guide\n---\n"),
        ("content/guide/a.md", PAGE),
        ("content/guide/b.md", "---\ntitle: Other page\n---\nOther.\n"),
        ("content/champions.yaml", CHAMPIONS),
    ])
}

/// A site whose French guide page is translated and marked up to date.
fn translated() -> Fixture {
    let site = site();
    site.write("content/guide/a.fr.md", FR);
    let mark = site.run(&["i18n", "mark", "fr", "content/guide/a.md"]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    site
}

/// The site's content and records, to show that a refused command wrote nothing.
fn files(site: &Fixture) -> Vec<(String, String)> {
    // The store of old source texts (`content/.source-texts/`) is part of `content/`.
    ["content"]
        .iter()
        .flat_map(|d| {
            snapshot(&site.root().join(d))
                .into_iter()
                .map(move |(p, b)| (format!("{d}/{p}"), String::from_utf8(b).unwrap()))
        })
        .collect()
}

fn read(site: &Fixture, path: &str) -> String {
    std::fs::read_to_string(site.root().join(path)).unwrap()
}

/// `text` as a PO string.
fn quote(text: &str) -> String {
    format!("\"{}\"", text.replace('\\', "\\\\").replace('"', "\\\""))
}

/// The PO file with the entry of `context` translated as `text` (and no longer fuzzy), and the
/// line of its `msgstr`.
fn translate(po: &str, context: &str, text: &str) -> (String, usize) {
    let at = po.find(&format!("msgctxt {}\n", quote(context))).unwrap_or_else(|| panic!("no {context} in\n{po}"));
    // The entry's comments start after the blank line before it.
    let start = po[..at].rfind("\n\n").map_or(0, |i| i + 2);
    let comments: String = po[start..at]
        .lines()
        .filter(|l| !l.starts_with("#, fuzzy") && !l.starts_with("#|"))
        .map(|l| format!("{l}\n"))
        .collect();
    let msgstr = at + po[at..].find("\nmsgstr ").unwrap() + 1;
    let end = msgstr + po[msgstr..].find('\n').unwrap();
    let out = format!("{}{comments}{}msgstr {}{}", &po[..start], &po[at..msgstr], quote(text), &po[end..]);
    let line = out[..out.find(&format!("msgctxt {}\n", quote(context))).unwrap()].lines().count() + 3;
    (out, line)
}

fn export(site: &Fixture) -> String {
    let run = site.run(&["i18n", "export", "fr", "--format", "po", "-o", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    read(site, "fr.po")
}

/// GNU gettext's own check of a PO file, when gettext is installed (tests/run.sh installs it).
fn msgfmt_check(po: &Path) {
    let Ok(out) = std::process::Command::new("msgfmt").args(["--check", "-o", "/dev/null"]).arg(po).output() else {
        eprintln!("msgfmt is not installed: skipping GNU gettext's check of {}", po.display());
        return;
    };
    assert!(out.status.success(), "msgfmt --check {}:\n{}", po.display(), String::from_utf8_lossy(&out.stderr));
    assert!(out.stderr.is_empty(), "msgfmt --check warns:\n{}", String::from_utf8_lossy(&out.stderr));
}

#[test]
fn a_po_round_trip_writes_translations_back_and_the_build_shows_them() {
    let site = site();
    let po = export(&site);
    msgfmt_check(&site.root().join("fr.po"));
    assert!(po.contains("\"Language: fr\\n\"\n") && po.contains("\"Content-Type: text/plain; charset=UTF-8\\n\"\n"));
    assert!(po.contains("\"Plural-Forms: nplurals=2; plural=(n > 1);\\n\"\n"), "{po}");
    // One entry per translatable segment: the paragraph re-wrapped as one line, code and numbers left out.
    assert!(po.contains("#. paragraph\n#. imrf-base: -\n#: content/guide/a.md:5\nmsgctxt \"content/guide/a.md#p1\"\nmsgid \"The first paragraph is long enough to be wrapped over two lines.\"\nmsgstr \"\"\n"), "{po}");
    assert!(po.contains("msgctxt \"content/guide/a.md:title\"\nmsgid \"A guide page\"\n"), "{po}");
    assert!(po.contains("msgctxt \"content/champions.yaml:MX:name\"\nmsgid \"Mexico\"\n"), "{po}");
    assert!(!po.contains("msgid \"12\"") && !po.contains("msgid \"imrf build"), "{po}");

    let (po, _) = translate(&po, "content/guide/a.md:title", "Une page du guide");
    let (po, _) = translate(&po, "content/guide/a.md#p1", "Le premier paragraphe, traduit dans un outil.");
    let (po, _) = translate(&po, "content/guide/a.md#li1", "Voir [l’autre page](@/guide/b.md) pour *plus*.");
    let (po, _) = translate(&po, "content/champions.yaml:MX:name", "Mexique");
    let (po, _) = translate(&po, "content/champions.yaml:MX:note", "Une note.");
    // A fuzzy entry is not imported.
    let (po, _) = translate(&po, "content/guide/a.md#h1", "Faits essentiels");
    let po = po.replace("msgctxt \"content/guide/a.md#h1\"", "#, fuzzy\nmsgctxt \"content/guide/a.md#h1\"");
    site.write("fr.po", &po);
    msgfmt_check(&site.root().join("fr.po"));
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert_eq!(
        run.stdout.trim(),
        "imported 5 translation(s) into 2 file(s); 0 unchanged; skipped 1 fuzzy, 11 untranslated and 0 matching no segment"
    );

    // The translation was made from the source's structure, wrapped as the source's paragraph
    // was (at 34 columns); imported segments are up to date.
    let fr = read(&site, "content/guide/a.fr.md");
    assert!(
        fr.contains("\ntitle: Une page du guide\n")
            && fr.contains("\nLe premier paragraphe, traduit\ndans un outil.\n"),
        "{fr}"
    );
    assert!(fr.contains("\n## Key facts\n"), "the fuzzy heading stays as it was: {fr}");
    // The data file keeps its comments and quoting; only the French lines are new.
    assert_eq!(
        read(&site, "content/champions.yaml"),
        "# Champion countries: this comment stays.\n- name:\n    en: \"Mexico\"\n    fr: \"Mexique\"\n  iso: MX\n  region: americas\n  # Notes are short.\n  note:\n    en: A note.\n    fr: Une note.\n"
    );
    site.build();
    let page = site.html("fr/guide/a/index.html");
    assert_eq!(texts(&page, "article > h1"), ["Une page du guide"]);
    let paragraphs = texts(&page, ".content p");
    assert_eq!(paragraphs[0], "Le premier paragraphe, traduit dans un outil.");
    assert_eq!(crate::common::attrs(&page, ".content li a", "href"), ["/fr/guide/b/"]);
    assert!(texts(&page, ".notice").is_empty(), "a translation made from the current source is not behind");
    let status = site.run(&["i18n", "status", "--lang", "fr", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&status.stdout).unwrap();
    let a = v[0]["pages"].as_array().unwrap().iter().find(|p| p["source"] == "content/guide/a.md").unwrap();
    assert_eq!(
        (a["state"].as_str(), a["segments_translated"].as_u64(), a["segments_missing"].as_u64()),
        (Some("partial"), Some(3), Some(7))
    );
    assert_eq!(v[0]["data_missing"], 0);

    // Importing the same file again changes nothing.
    let before = files(&site);
    let again = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(again.code, 0, "{}", again.stderr);
    assert!(again.stdout.starts_with("imported 0 translation(s) into 0 file(s); 5 unchanged"), "{}", again.stdout);
    assert!(files(&site) == before, "a second import changes nothing");
}

#[test]
fn rewrapping_stales_nothing_and_a_changed_paragraph_stales_that_segment_only() {
    let site = translated();
    let clean = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(clean.stdout.lines().nth(1).unwrap().starts_with("  pages 1 translated"), "{}", clean.stdout);

    // Re-wrapped and re-marked-up lists: the same segments.
    site.write("content/guide/a.md", &PAGE.replace("long enough\nto be", "long\nenough to be").replace("\n- ", "\n* "));
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(run.stdout.contains("segments 10 translated, 0 stale, 7 missing of 17"), "{}", run.stdout);
    assert_eq!(site.run(&["check", "--format", "short"]).stdout, "");

    // One paragraph changes: that segment only is stale, with its old text beside the new one.
    let old = "The second paragraph stays as it is.";
    let new = "The second paragraph has changed.";
    site.write("content/guide/a.md", &PAGE.replace(old, new));
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(run.stdout.contains("segments 9 translated, 1 stale, 7 missing of 17"), "{}", run.stdout);
    let expected = format!(
        "  stale     content/guide/a.fr.md: 9 of 10 segments translated (87.8% of 41 words)\n    stale   content/guide/a.md#p2 (line 13)\n      was: {old}\n      now: {new}\n"
    );
    assert!(run.stdout.contains(&expected), "{}", run.stdout);
    let json = site.run(&["i18n", "status", "--lang", "fr", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let a = v[0]["pages"].as_array().unwrap().iter().find(|p| p["source"] == "content/guide/a.md").unwrap();
    let segments = a["segments"].as_array().unwrap();
    assert_eq!(segments.len(), 1, "{segments:?}");
    assert_eq!(segments[0]["context"], "content/guide/a.md#p2");
    assert_eq!(segments[0]["state"], "stale");
    assert_eq!(segments[0]["old_text"], old);
    assert_eq!(segments[0]["text"], new);
    assert_eq!(segments[0]["translation"], "Le second paragraphe ne change pas.");
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0);
    assert!(check.stdout.contains("content/guide/a.fr.md:2: warning: stale translation: content/guide/a.md changed after this translation was made (1 segment(s) changed, 0 new"), "{}", check.stdout);

    // The export makes it fuzzy, with the old source text as the previous msgid.
    let po = export(&site);
    msgfmt_check(&site.root().join("fr.po"));
    assert!(
        po.contains(&format!("#, fuzzy\n#| msgid \"{old}\"\nmsgctxt \"content/guide/a.md#p2\"\nmsgid \"{new}\"\nmsgstr \"Le second paragraphe ne change pas.\"\n")),
        "{po}"
    );
    // Another segment imported while this one stays fuzzy: it is still stale, and still said so.
    let (other, _) = translate(&po, "content/guide/a.md#h1", "Les faits essentiels");
    site.write("fr.po", &other);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stdout.contains("skipped 1 fuzzy"), "{}", run.stdout);
    assert!(read(&site, "content/guide/a.fr.md").contains("\n## Les faits essentiels\n"));
    let check = site.run(&["check", "--format", "short"]);
    assert!(check.stdout.contains("(1 segment(s) changed, 0 new"), "{}", check.stdout);
    // The translator updates it in the CAT tool: it is up to date again, and the rest untouched.
    let (po, _) = translate(&po, "content/guide/a.md#h1", "Les faits essentiels");
    let (po, _) = translate(&po, "content/guide/a.md#p2", "Le second paragraphe a changé.");
    site.write("fr.po", &po);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let body =
        FR.split_once("\n---\n").unwrap().1.replace("ne change pas", "a changé").replace("## Faits", "## Les faits");
    assert!(read(&site, "content/guide/a.fr.md").ends_with(&format!("\n---\n{body}")));
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(run.stdout.contains("  pages 1 translated, 0 stale"), "{}", run.stdout);
}

#[test]
fn a_translation_behind_its_source_tells_readers_when_the_source_changed() {
    let site = translated();
    site.write("content/guide/a.md", &PAGE.replace("stays as it is", "has changed"));
    // Outside a git repository, the day is the source file's modification time (UTC).
    let may_3 = std::time::UNIX_EPOCH + std::time::Duration::from_secs(1_651_579_200);
    std::fs::File::options()
        .write(true)
        .open(site.root().join("content/guide/a.md"))
        .unwrap()
        .set_modified(may_3)
        .unwrap();
    site.build();
    assert_eq!(
        texts(&site.html("fr/guide/a/index.html"), ".notice.stale"),
        ["L’original anglais de cette page a été modifié le 3 mai 2022 ; cette traduction n’est peut-être plus à jour."]
    );
    assert!(texts(&site.html("en/guide/a/index.html"), ".notice").is_empty());
    // A language without a translation gets the fallback notice only.
    let ar = site.html("ar/guide/a/index.html");
    assert_eq!(texts(&ar, ".notice").len(), 1);
    assert!(texts(&ar, ".notice.stale").is_empty());
    // Re-wrapping alone says nothing to readers.
    site.write("content/guide/a.md", &PAGE.replace("long enough\nto be", "long\nenough to be"));
    site.build();
    assert!(texts(&site.html("fr/guide/a/index.html"), ".notice").is_empty());
}

#[test]
fn an_import_that_drops_a_link_or_markup_fails_at_its_line_and_writes_nothing() {
    let site = translated();
    let po = export(&site);
    let (po, link_line) = translate(&po, "content/guide/a.md#li1", "Voir l’autre page pour *plus*.");
    let (po, code_line) = translate(&po, "content/guide/a.md#li2", "Utiliser imrf build pour construire.");
    let (po, _) = translate(&po, "content/guide/a.md#p2", "Un texte qui serait accepté.");
    site.write("fr.po", &po);
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 1);
    let errors: Vec<&str> = run.stderr.lines().collect();
    assert_eq!(
        errors,
        [
            format!("fr.po:{link_line}: error: the translation of `content/guide/a.md#li1` is refused: the link to `@/guide/b.md` is missing").as_str(),
            format!("fr.po:{code_line}: error: the translation of `content/guide/a.md#li2` is refused: it has 0 code span(s) (`` `…` ``) where the source has 1").as_str(),
            "error: nothing was imported (2 error(s))",
        ]
    );
    assert!(files(&site) == before, "nothing is written");

    // A PO file for another language, and a broken one, are refused too.
    site.write("es.po", &po.replace("Language: fr", "Language: es"));
    let run = site.run(&["i18n", "import", "fr", "es.po"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("error: this PO file is for `es`, not `fr`"), "{}", run.stderr);
    site.write("broken.po", "msgid \"a\"\nmsgstr \"b\n");
    let run = site.run(&["i18n", "import", "fr", "broken.po"]);
    assert_eq!((run.code, run.stderr.trim()), (1, "broken.po:2: error: `\"b` is not a quoted string"));
    assert!(files(&site) == before, "nothing is written");
}

#[test]
fn fail_under_gates_ci_on_the_share_of_words_translated() {
    let site = translated();
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    // Translated: the guide page (43 words); not: the home and section pages, the other page and the data (9 words).
    assert!(run.stdout.starts_with("fr (Français): 82.6% translated (43 of 52 words)"), "{}", run.stdout);
    assert_eq!(site.run(&["i18n", "status", "--fail-under", "75"]).code, 1, "Arabic has nothing translated");
    assert_eq!(site.run(&["i18n", "status", "--lang", "fr", "--fail-under", "75"]).code, 0);
    let under = site.run(&["i18n", "status", "--lang", "fr", "--fail-under", "90"]);
    assert_eq!(under.code, 1);
    assert_eq!(under.stderr.trim(), "error: fr is 82.6% translated, under --fail-under 90");
}

#[test]
fn a_translator_editing_the_markdown_directly_marks_it_up_to_date() {
    let site = translated();
    // The source gains a paragraph; the translation lacks it.
    site.write("content/guide/a.md", &PAGE.replace("## Key facts", "A new paragraph.\n\n## Key facts"));
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(run.stdout.contains("    missing content/guide/a.md#p2 (line 8): A new paragraph.\n"), "{}", run.stdout);
    // The translator adds it to the French file by hand; the records are out of step until marked.
    site.write(
        "content/guide/a.fr.md",
        &read(&site, "content/guide/a.fr.md").replace("## Faits", "Un nouveau paragraphe.\n\n## Faits"),
    );
    let check = site.run(&["check", "--format", "short"]);
    assert!(check.stdout.contains("warning: `source_segments` does not match this file's blocks"), "{}", check.stdout);
    let mark = site.run(&["i18n", "mark", "fr", "content/guide/a.md"]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    assert_eq!(site.run(&["check", "--format", "short"]).stdout, "");
    let run = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(run.stdout.contains("segments 11 translated, 0 stale, 7 missing of 18"), "{}", run.stdout);
}

#[test]
fn the_shipped_translations_are_tracked_segment_by_segment_and_export_to_valid_po() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let run = imrf(&["i18n", "status", "--root", root.to_str().unwrap()], root);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let pages: Vec<&str> = run.stdout.lines().filter(|l| l.starts_with("  pages ")).collect();
    assert_eq!(pages.len(), 5, "{}", run.stdout);
    for line in pages {
        assert!(line.starts_with("  pages 44 translated, 0 stale, 0 partial, 0 untracked, 0 missing of 44;"), "{line}");
    }
    let gate = imrf(&["i18n", "status", "--root", root.to_str().unwrap(), "--fail-under", "90"], root);
    assert_eq!(gate.code, 0, "{}", gate.stderr);
    let dir = tempfile::tempdir().unwrap();
    for lang in ["fr", "es", "ru", "zh", "ar"] {
        let po = dir.path().join(format!("{lang}.po"));
        let run = imrf(&["i18n", "export", lang, "--root", root.to_str().unwrap(), "-o", po.to_str().unwrap()], root);
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert!(run.stderr.contains("(0 fuzzy"), "{}", run.stderr);
        msgfmt_check(&po);
    }
}

#[test]
fn an_imported_refused_link_or_shortcode_fails_at_its_po_line_and_writes_nothing() {
    let site = translated();
    let po = export(&site);
    let (po, p2) = translate(&po, "content/guide/a.md#p2", "Voir [ici](javascript:alert(1)) maintenant.");
    let (po, p1) =
        translate(&po, "content/guide/a.md#p1", "Le premier {{ recording(url=\"https://x.org\") }} paragraphe.");
    let (po, raw) = translate(&po, "content/guide/a.md#td3", "<a href=\"jav&#x61;script:x\">12</a>");
    let (po, note) = translate(&po, "content/champions.yaml:MX:note", "Une [note](javascript:alert(2)).");
    site.write("fr.po", &po);
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for (line, context, said) in [
        (p1, "content/guide/a.md#p1", "it has 1 shortcode call(s) where the source has 0"),
        (p2, "content/guide/a.md#p2", "link `javascript:alert(1)` uses the `javascript:` scheme"),
        (raw, "content/guide/a.md#td3", "link `javascript:x` uses the `javascript:` scheme"),
        (note, "content/champions.yaml:MX:note", "link `javascript:alert(2)` uses the `javascript:` scheme"),
    ] {
        let expected = format!("fr.po:{line}: error: the translation of `{context}` is refused: ");
        let found = run.stderr.lines().find(|l| l.starts_with(&expected));
        assert!(found.is_some_and(|l| l.contains(said)), "{expected}…{said}\n{}", run.stderr);
    }
    assert!(files(&site) == before, "nothing is written");
}

#[test]
fn two_msgstr_two_msgctxt_or_two_entries_for_one_segment_fail_at_their_line() {
    let site = translated();
    let po = export(&site);
    let (po, _) = translate(&po, "content/guide/a.md#p2", "Un texte.");
    let before = files(&site);
    let cases = [
        (
            po.replacen("msgstr \"Un texte.\"", "msgstr \"Un texte.\"\nmsgstr \"Un autre.\"", 1),
            "a second `msgstr` in one entry",
        ),
        (
            po.replacen(
                "msgctxt \"content/guide/a.md#p2\"",
                "msgctxt \"content/guide/a.md#p2\"\nmsgctxt \"content/guide/a.md#p1\"",
                1,
            ),
            "a second `msgctxt` in one entry",
        ),
        (po.replacen("msgid \"The second", "msgid \"x\"\nmsgid \"The second", 1), "a second `msgid` in one entry"),
    ];
    for (text, said) in cases {
        site.write("bad.po", &text);
        let run = site.run(&["i18n", "import", "fr", "bad.po"]);
        assert_eq!(run.code, 1, "{said}: {}", run.stderr);
        assert!(run.stderr.starts_with("bad.po:") && run.stderr.contains(said), "{said}: {}", run.stderr);
    }
    // The same segment twice, in two entries.
    let at = po.find("msgctxt \"content/guide/a.md#p2\"").unwrap();
    let start = po[..at].rfind("\n\n").unwrap() + 2;
    let end = at + po[at..].find("\n\n").unwrap() + 2;
    let twice = format!("{}{}", po, po[start..end].replace("Un texte.", "Un autre texte."));
    site.write("twice.po", &twice);
    let run = site.run(&["i18n", "import", "fr", "twice.po"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("error: a second entry for `content/guide/a.md#p2` (the first is at line"),
        "{}",
        run.stderr
    );
    assert!(files(&site) == before, "nothing is written");
}

#[test]
fn imrfs_own_export_imports_unchanged_after_mark_on_merged_list_items() {
    let site = site();
    // The translator merged the two list items into one, then marked the page up to date.
    let merged = FR.replace("pour *plus*.\n- Utiliser", "pour *plus*. Utiliser");
    site.write("content/guide/a.fr.md", &merged);
    assert_eq!(site.run(&["i18n", "mark", "fr", "content/guide/a.md"]).code, 0);
    export(&site);
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("imported 0 translation(s) into 0 file(s)"), "{}", run.stdout);
    assert!(files(&site) == before, "nothing changes");
}

#[test]
fn entries_that_lost_their_msgctxt_are_matched_by_source_text_and_a_file_matching_nothing_fails() {
    let site = translated();
    let po = export(&site);
    let (po, _) = translate(&po, "content/guide/a.md#p2", "Le second paragraphe, retraduit.");
    // A round trip through XLIFF tools drops every msgctxt.
    let lost: String = po.lines().filter(|l| !l.starts_with("msgctxt")).map(|l| format!("{l}\n")).collect();
    site.write("lost.po", &lost);
    let run = site.run(&["i18n", "import", "fr", "lost.po"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("imported 1 translation(s)"), "{}", run.stdout);
    assert!(run.stdout.contains("matched by their source text"), "{}", run.stdout);
    assert!(read(&site, "content/guide/a.fr.md").contains("Le second paragraphe, retraduit."));
    // A file whose translated entries match nothing imports nothing, says so and fails.
    site.write("foreign.po", "msgid \"\"\nmsgstr \"\"\n\"Language: fr\\n\"\n\nmsgid \"Text of another site\"\nmsgstr \"Texte d’un autre site\"\n");
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "foreign.po"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    assert!(run.stderr.contains("an entry without msgctxt names no segment of this site (skipped)"), "{}", run.stderr);
    assert!(
        run.stderr.contains("error: nothing was imported: 1 translated entries match no segment"),
        "{}",
        run.stderr
    );
    assert!(files(&site) == before);
}

#[test]
fn an_older_po_file_never_undoes_newer_work() {
    let site = translated();
    // The first file: one paragraph translated anew.
    let first = export(&site);
    let (first, p2_line) = translate(&first, "content/guide/a.md#p2", "Première version.");
    site.write("first.po", &first);
    assert_eq!(site.run(&["i18n", "import", "fr", "first.po"]).code, 0);
    // The second file, exported after it: the same paragraph and the heading changed again.
    let second = export(&site);
    let (second, _) = translate(&second, "content/guide/a.md#p2", "Seconde version.");
    let (second, _) = translate(&second, "content/guide/a.md#h1", "Faits principaux");
    site.write("second.po", &second);
    assert_eq!(site.run(&["i18n", "import", "fr", "second.po"]).code, 0);
    let newer = read(&site, "content/guide/a.fr.md");
    assert!(newer.contains("Seconde version.") && newer.contains("## Faits principaux"), "{newer}");
    // The first file once more: its edited entry is refused at its line; its untouched ones
    // (the heading as it was) are left out; nothing is written.
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "first.po"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let expected = format!("first.po:{p2_line}: error: the translation of `content/guide/a.md#p2` changed in the files since this file was exported");
    assert!(run.stderr.contains(&expected), "{expected}\n{}", run.stderr);
    assert!(files(&site) == before, "the newer translations stay");
    // Without the edited entry, the old file imports nothing and keeps the newer heading.
    let untouched = first.replace("Première version.", "Le second paragraphe ne change pas.");
    site.write("untouched.po", &untouched);
    let run = site.run(&["i18n", "import", "fr", "untouched.po"]);
    assert!(
        run.stdout.contains("left out") && run.stdout.contains("newer work is kept"),
        "{}{}",
        run.stdout,
        run.stderr
    );
    assert!(read(&site, "content/guide/a.fr.md").contains("## Faits principaux"));
    // --force is the translator's explicit choice.
    let run = site.run(&["i18n", "import", "fr", "first.po", "--force"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site, "content/guide/a.fr.md").contains("Première version."));
}

/// The first child element of `n` named `name`.
fn child<'a, 'i>(n: roxmltree::Node<'a, 'i>, name: &str) -> Option<roxmltree::Node<'a, 'i>> {
    n.children().find(|c| c.has_tag_name(name))
}

/// Runs a Python script with translate-toolkit (tests/run.sh installs it) on the fixture's
/// files; `false` when translate-toolkit is not installed.
fn translate_toolkit(site: &Fixture, script: &str, args: &[&str]) -> bool {
    let has = std::process::Command::new("python3").args(["-c", "import translate.storage.xliff"]).output();
    if !has.is_ok_and(|o| o.status.success()) {
        eprintln!("translate-toolkit is not installed: skipping its XLIFF round trip");
        return false;
    }
    let out = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .current_dir(site.root())
        .output()
        .unwrap();
    assert!(out.status.success(), "python: {}", String::from_utf8_lossy(&out.stderr));
    true
}

/// translate-toolkit reads an XLIFF file and writes it back; with a unit id and a replacement
/// pair, that unit's target becomes its source's rich text (tags and all) with the replacement
/// made, approved; with a unit id and `plain:TEXT`, a plain target.
const TT_SCRIPT: &str = r#"
import copy, sys
from translate.storage import factory
store = factory.getobject(sys.argv[1])
for u in store.units:
    if len(sys.argv) > 3 and u.xmlelement.get("id") == sys.argv[3]:
        if sys.argv[4].startswith("plain:"):
            # Some tools drop the tags: a target of plain text.
            target = u.xmlelement.find("{urn:oasis:names:tc:xliff:document:1.2}target")
            for c in list(target):
                target.remove(c)
            target.text = sys.argv[4][len("plain:"):]
        else:
            rich = copy.deepcopy(u.rich_source)
            def walk(e):
                for i, s in enumerate(e.sub):
                    if isinstance(s, str):
                        e.sub[i] = s.replace(sys.argv[4], sys.argv[5])
                    elif s.__class__.__name__ == "StringElem":
                        walk(s)
            for r in rich:
                walk(r)
            u.rich_target = rich
        u.markfuzzy(False)
store.savefile(sys.argv[2])
"#;

#[test]
fn an_xliff_round_trip_through_translate_toolkit_keeps_ids_states_and_inline_codes() {
    let site = translated();
    // One paragraph of the source changes: its unit needs review, with the old source beside it.
    let old = "The second paragraph stays as it is.";
    site.write("content/guide/a.md", &PAGE.replace(old, "The second paragraph has changed."));
    let run = site.run(&["i18n", "export", "fr", "--format", "xliff", "-o", "fr.xlf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let xml = read(&site, "fr.xlf");
    let doc = roxmltree::Document::parse(&xml).unwrap();
    let root = doc.root_element();
    assert_eq!((root.tag_name().name(), root.attribute("version")), ("xliff", Some("1.2")));
    let originals: Vec<_> = root.children().filter(|n| n.has_tag_name("file")).collect();
    assert!(originals
        .iter()
        .all(|f| f.attribute("source-language") == Some("en") && f.attribute("target-language") == Some("fr")));
    assert!(originals.iter().any(|f| f.attribute("original") == Some("content/champions.yaml")));
    let unit = |id: &str| {
        doc.descendants()
            .find(|n| n.has_tag_name("trans-unit") && n.attribute("id") == Some(id))
            .unwrap_or_else(|| panic!("no unit {id} in\n{xml}"))
    };
    // A link and an emphasis are tag pairs around their text, holding their Markdown.
    let li = unit("content/guide/a.md#li1");
    let source = child(li, "source").unwrap();
    let codes: Vec<(&str, Option<&str>, &str)> = source
        .children()
        .filter(|c| c.is_element())
        .map(|c| (c.tag_name().name(), c.attribute("ctype"), c.text().unwrap_or_default()))
        .collect();
    assert_eq!(
        codes,
        [
            ("bpt", Some("link"), "["),
            ("ept", None, "](@/guide/b.md)"),
            ("bpt", Some("italic"), "*"),
            ("ept", None, "*")
        ]
    );
    assert_eq!(child(li, "target").unwrap().attribute("state"), Some("translated"));
    let p2 = unit("content/guide/a.md#p2");
    assert_eq!(child(p2, "target").unwrap().attribute("state"), Some("needs-review-translation"));
    let alt = child(p2, "alt-trans").unwrap();
    assert_eq!(alt.attribute("alttranstype"), Some("previous-version"));
    assert_eq!(child(alt, "source").unwrap().text(), Some(old));
    // A missing segment has no target; every unit says where it is.
    assert!(child(unit("content/champions.yaml:MX:name"), "target").is_none());
    let loc = child(unit("content/guide/a.md#p1"), "context-group").unwrap();
    let ctx: Vec<_> = loc.children().filter_map(|c| c.text()).collect();
    assert_eq!(ctx, ["content/guide/a.md", "5"]);

    // Read and written by translate-toolkit unchanged: it imports as unchanged, nothing lost.
    if !translate_toolkit(&site, TT_SCRIPT, &["fr.xlf", "same.xlf"]) {
        return;
    }
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "same.xlf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stdout.starts_with("imported 0 translation(s) into 0 file(s); 9 unchanged; skipped 1 fuzzy"),
        "{}",
        run.stdout
    );
    assert!(files(&site) == before);

    // Translated in the tool with the tags kept: the link and the emphasis come back as Markdown.
    translate_toolkit(&site, TT_SCRIPT, &["fr.xlf", "edited.xlf", "content/guide/a.md#li1", "for", "pour en savoir"]);
    let run = site.run(&["i18n", "import", "fr", "edited.xlf"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(run.stdout.starts_with("imported 1 translation(s) into 1 file(s)"), "{}", run.stdout);
    assert!(read(&site, "content/guide/a.fr.md")
        .contains("\n- See [the other page](@/guide/b.md) pour en savoir *more*.\n"));
    site.build();
    let links: Vec<String> = site
        .html("fr/guide/a/index.html")
        .select(&scraper::Selector::parse("main li a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.iter().any(|h| h.ends_with("/fr/guide/b/")), "{links:?}");

    // A target that lost its link is refused at its line in the XLIFF file, and nothing is written.
    assert_eq!(site.run(&["i18n", "export", "fr", "--format", "xliff", "-o", "fr.xlf"]).code, 0);
    translate_toolkit(&site, TT_SCRIPT, &["fr.xlf", "lost.xlf", "content/guide/a.md#li1", "plain:Voir l’autre page."]);
    let before = files(&site);
    let run = site.run(&["i18n", "import", "fr", "lost.xlf"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let lost = read(&site, "lost.xlf");
    let line = lost.lines().position(|l| l.contains("Voir l’autre page.")).unwrap() + 1;
    assert!(
        run.stderr.contains(&format!("lost.xlf:{line}: error: the translation of `content/guide/a.md#li1` is refused: the link to `@/guide/b.md` is missing")),
        "{}",
        run.stderr
    );
    assert!(files(&site) == before);
}

#[test]
fn a_data_text_goes_stale_when_its_source_changes_in_status_exports_and_the_readers_notice() {
    let site = site();
    let po = export(&site);
    // The comment above a field is the translator's note.
    assert!(po.contains("#. data file text\n#. Notes are short.\n#. imrf-base: -\n#: content/champions.yaml:7\nmsgctxt \"content/champions.yaml:MX:note\""), "{po}");
    let (po, _) = translate(&po, "content/champions.yaml:MX:name", "Mexique");
    site.write("fr.po", &po);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // The import records what the translation was made from.
    let records = read(&site, "content/translations.yaml");
    let hash =
        records.lines().find_map(|l| l.trim().strip_prefix("\"MX:name\": fr=")).unwrap_or_else(|| panic!("{records}"));
    assert_eq!(hash.len(), 8, "{records}");
    let status = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(status.stdout.contains("data texts 1 translated, 0 stale, 1 missing of 2"), "{}", status.stdout);

    // The English name changes: the French one is stale everywhere.
    site.write(
        "content/champions.yaml",
        &read(&site, "content/champions.yaml").replace("en: \"Mexico\"", "en: \"United Mexican States\""),
    );
    let status = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(status.stdout.contains("data texts 0 translated, 1 stale, 1 missing of 2"), "{}", status.stdout);
    assert!(
        status.stdout.contains(
            "  stale     content/champions.yaml:MX:name\n      was: Mexico\n      now: United Mexican States\n"
        ),
        "{}",
        status.stdout
    );
    let json = site.run(&["i18n", "status", "--lang", "fr", "--format", "json"]);
    let v: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    let stale = &v[0]["data_entries"][0];
    assert_eq!(
        (stale["state"].as_str(), stale["old_text"].as_str(), stale["translation"].as_str()),
        (Some("stale"), Some("Mexico"), Some("Mexique"))
    );
    assert_eq!(v[0]["data_stale"], 1);
    let po = export(&site);
    msgfmt_check(&site.root().join("fr.po"));
    assert!(po.contains("#, fuzzy\n#| msgid \"Mexico\"\nmsgctxt \"content/champions.yaml:MX:name\"\nmsgid \"United Mexican States\"\nmsgstr \"Mexique\"\n"), "{po}");
    site.build();
    let note = scraper::Selector::parse("main .behind-note").unwrap();
    let fr = site.html("fr/champions/mx/index.html");
    let notes: Vec<String> = fr.select(&note).map(|n| n.text().collect()).collect();
    assert_eq!(notes, ["(le texte anglais a changé depuis cette traduction)"]);
    assert_eq!(site.html("en/champions/mx/index.html").select(&note).count(), 0);

    // Brought back as it is from the CAT tool (no longer fuzzy): reviewed, recorded again.
    let (po, _) = translate(&po, "content/champions.yaml:MX:name", "Mexique");
    site.write("fr.po", &po);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let status = site.run(&["i18n", "status", "--lang", "fr"]);
    assert!(status.stdout.contains("data texts 1 translated, 0 stale, 1 missing of 2"), "{}", status.stdout);
    site.build();
    assert_eq!(site.html("fr/champions/mx/index.html").select(&note).count(), 0);

    // A translator who edits the YAML by hand marks the file's translations up to date.
    site.write(
        "content/champions.yaml",
        &read(&site, "content/champions.yaml").replace("en: \"United Mexican States\"", "en: \"Mexico\""),
    );
    assert!(site.run(&["i18n", "status", "--lang", "fr"]).stdout.contains("1 stale"));
    let mark = site.run(&["i18n", "mark", "fr", "content/champions.yaml"]);
    assert_eq!(mark.code, 0, "{}", mark.stderr);
    assert_eq!(mark.stdout, "content/champions.yaml: 1 text(s) in `fr` marked up to date with their source\n");
    assert!(site.run(&["i18n", "status", "--lang", "fr"]).stdout.contains("data texts 1 translated, 0 stale"));
}

#[test]
fn exports_give_the_context_a_translator_needs() {
    let site = site();
    // A table with a header row and row labels; a programme event whose speakers are a list.
    site.write(
        "content/guide/c.md",
        "---\ntitle: Dates\n---\n| Step | Date | Place |\n| --- | --- | --- |\n| Opening | Monday | Hall A |\n| Closing | Friday | Hall B |\n",
    );
    site.write("content/programme/_index.md", "---\ntitle: Programme\ntype: programme\n---\n");
    site.write(
        "content/programme/opening.md",
        "---\ntitle: Opening\ndate: 2022-05-17\nstart: \"10:00\"\nend: \"11:00\"\ntimezone: America/New_York\nroom: Hall\nkind: plenary\nspeakers:\n  - The President\n  # the second one\n  - The Secretary-General\n---\nText.\n",
    );
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    let po = export(&site);
    let entry = |context: &str| {
        let at = po.find(&format!("msgctxt \"{context}\"")).unwrap_or_else(|| panic!("no {context} in\n{po}"));
        po[po[..at].rfind("\n\n").unwrap() + 2..at].to_string()
    };
    assert_eq!(
        entry("content/guide/c.md#td1"),
        "#. table cell\n#. column header\n#. imrf-base: -\n#: content/guide/c.md:4\n"
    );
    assert!(entry("content/guide/c.md#td4").starts_with("#. table cell\n#. column “Step”, the row's first cell\n"));
    assert!(entry("content/guide/c.md#td5").starts_with("#. table cell\n#. column “Date”, row “Opening”\n"));
    assert!(entry("content/guide/c.md#td9").starts_with("#. table cell\n#. column “Place”, row “Closing”\n"));
    // Each entry of a front-matter list at its own line.
    assert!(entry("content/programme/opening.md:speakers.1").ends_with("#: content/programme/opening.md:10\n"));
    assert!(entry("content/programme/opening.md:speakers.2").ends_with("#: content/programme/opening.md:12\n"));
    // Chinese is named with its script, and a file for it imports as Chinese.
    let toml = read(&site, "site.toml") + "\n[languages.zh]\nname = \"中文\"\n";
    site.write("site.toml", &toml);
    let run = site.run(&["i18n", "export", "zh", "-o", "zh.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site, "zh.po").contains("\"Language: zh_Hans\\n\""));
    msgfmt_check(&site.root().join("zh.po"));
    let run = site.run(&["i18n", "export", "zh", "--format", "xliff", "-o", "zh.xlf"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(read(&site, "zh.xlf").contains("source-language=\"en\" target-language=\"zh-Hans\""));
    let run = site.run(&["i18n", "import", "zh", "zh.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    site.write("zh.po", &read(&site, "zh.po").replace("Language: zh_Hans", "Language: zh_Hant"));
    let run = site.run(&["i18n", "import", "zh", "zh.po"]);
    assert!(run.code == 1 && run.stderr.contains("this PO file is for `zh_Hant`, not `zh`"), "{}", run.stderr);
}

#[test]
fn an_import_keeps_the_files_quoting_and_wrapping() {
    let site = site();
    let fr = FR
        .replace("title: Une page du guide", "title: \"Une page du guide\"")
        .replace("summary: De quoi parle cette page.", "summary: 'De quoi parle cette page.'")
        .replace("Le premier paragraphe.", "Le premier paragraphe,\nsur deux lignes.");
    site.write("content/guide/a.fr.md", &fr);
    assert_eq!(site.run(&["i18n", "mark", "fr", "content/guide/a.md"]).code, 0);
    let po = export(&site);
    let (po, _) = translate(&po, "content/guide/a.md:title", "Une autre page");
    let (po, _) = translate(&po, "content/guide/a.md:summary", "L’objet de cette page.");
    let (po, _) = translate(
        &po,
        "content/guide/a.md#p1",
        "Le premier paragraphe, traduit à nouveau dans un outil de traduction.",
    );
    site.write("fr.po", &po);
    let run = site.run(&["i18n", "import", "fr", "fr.po"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let fr = read(&site, "content/guide/a.fr.md");
    assert!(fr.contains("\ntitle: \"Une autre page\"\n"), "{fr}");
    assert!(fr.contains("\nsummary: 'L’objet de cette page.'\n"), "{fr}");
    // Wrapped at the width of the paragraph it replaces (22 columns).
    assert!(fr.contains("\nLe premier paragraphe,\ntraduit à nouveau dans\nun outil de\ntraduction.\n"), "{fr}");
    // What was imported reads back as the same segments: a new export has nothing to do.
    let again = export(&site);
    site.write("again.po", &again);
    let run = site.run(&["i18n", "import", "fr", "again.po"]);
    assert!(run.stdout.starts_with("imported 0 translation(s)"), "{}", run.stdout);
}

#[test]
fn the_glossary_warns_where_a_translation_departs_from_it_and_goes_out_with_the_exports() {
    let site = translated();
    site.write(
        "content/glossary.yaml",
        "# Recurring terms.\n- term: Global Compact\n  note: the GCM, in full at first mention\n  en: [Global Compact]\n  fr: [Pacte mondial]\n- term: second paragraph\n  en: [second paragraph]\n  fr: [second paragraphe]\n",
    );
    site.write(
        "content/guide/a.md",
        &PAGE.replace("The second paragraph stays as it is.", "The Global Compact stays as it is."),
    );
    site.write(
        "content/guide/a.fr.md",
        &read(&site, "content/guide/a.fr.md").replace("Le second paragraphe ne change pas.", "Le Pacte ne change pas."),
    );
    site.write("content/champions.yaml", "- name:\n    en: Mexico\n    fr: Mexique\n  iso: MX\n  region: americas\n  note:\n    en: A Global Compact champion.\n    fr: Un pays champion.\n");
    let p2 = read(&site, "content/guide/a.fr.md").lines().position(|l| l == "Le Pacte ne change pas.").unwrap() + 1;
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    let page_warning = format!("content/guide/a.fr.md:{p2}: warning: glossary: the source names “Global Compact”, and this fr translation has none of “Pacte mondial” (content/glossary.yaml:2)");
    assert!(check.stdout.contains(&page_warning), "{}", check.stdout);
    assert!(
        check
            .stdout
            .contains("content/champions.yaml:6: warning: `MX:note`: glossary: the source names “Global Compact”"),
        "{}",
        check.stdout
    );
    // Nothing else: the other term is in no source text.
    assert_eq!(check.stdout.matches("glossary:").count(), 2, "{}", check.stdout);
    let po = export(&site);
    assert!(
        po.contains("#. paragraph\n#. glossary: Global Compact = Pacte mondial (the GCM, in full at first mention)\n"),
        "{po}"
    );
    assert!(po.contains("#. data file text\n#. glossary: Global Compact = Pacte mondial"), "{po}");
    // A glossary naming a language the site does not have is an error at its line.
    site.write("content/glossary.yaml", "- term: X\n  en: [X]\n  xx: [Y]\n");
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    assert!(
        check.stdout.contains("content/glossary.yaml:1: error: `X`: `xx` is not a language of this site"),
        "{}",
        check.stdout
    );
}

#[test]
fn the_default_languages_page_may_be_named_with_its_code_but_not_twice() {
    // As CMSs that name every language write it: `b.en.md` is the English page `guide/b.md`.
    let site = site();
    std::fs::rename(site.root().join("content/guide/b.md"), site.root().join("content/guide/b.en.md")).unwrap();
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
    // Its translation is made beside it under the page's own name.
    let new = site.run(&["i18n", "new", "fr", "content/guide/b.en.md"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(site.root().join("content/guide/b.fr.md").is_file());
    site.build();
    let links: Vec<String> = site
        .html("en/guide/a/index.html")
        .select(&scraper::Selector::parse("main li a").unwrap())
        .filter_map(|a| a.value().attr("href").map(str::to_string))
        .collect();
    assert!(links.iter().any(|h| h.ends_with("/en/guide/b/")), "the `@/guide/b.md` link resolves: {links:?}");
    // Both names at once: an error at both files.
    site.write("content/guide/b.md", "---\ntitle: Other page again\n---\nOther.\n");
    let check = site.run(&["check", "--format", "short"]);
    assert_eq!(check.code, 1);
    for (file, other) in
        [("content/guide/b.md", "content/guide/b.en.md"), ("content/guide/b.en.md", "content/guide/b.md")]
    {
        let line = format!("{file}: error: {other} is the English page `guide/b.md` too: keep one of the two files");
        assert!(check.stdout.contains(&line), "{line}\n{}", check.stdout);
    }
    assert_eq!(check.stdout.matches(": error:").count(), 2, "no follow-on errors: {}", check.stdout);
}
