//! Generated edit sequences over a small site in git (issue #29), shared by the tests that check
//! an incremental result against the build from nothing (`tests/integration/incremental.rs`).

use proptest::prelude::*;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

#[derive(Debug, Clone)]
pub struct PageState {
    stem: String,
    title: String,
    first: String,
    summary: Option<String>,
    date: String,
    objectives: Vec<u8>,
    aliases: Vec<String>,
    draft: bool,
    /// Languages it is translated into, with the translated title.
    translations: BTreeMap<String, String>,
    picture: bool,
    /// Written `stem.en.md`, the default language's code in its name, instead of `stem.md`.
    coded: bool,
    /// Its section folder: `guides` or `stories`.
    section: &'static str,
    slug: Option<String>,
    second: String,
}

#[derive(Debug, Clone)]
pub struct SiteState {
    title: String,
    pages: Vec<PageState>,
    champion_note: String,
    ui_string: Option<String>,
    template_note: Option<String>,
    picture_width: u32,
    /// Whether `site.toml` has a `[cms]` section (the browser editor at `/admin/`).
    cms: bool,
}

#[derive(Debug, Clone)]
pub enum Edit {
    FirstParagraph(usize, u8),
    Summary(usize, Option<u8>),
    Title(usize, u8),
    Date(usize, u8),
    Objectives(usize, Vec<u8>),
    AddAlias(usize, u8),
    RemoveAliases(usize),
    ToggleDraft(usize),
    AddPage(u8),
    DeletePage(usize),
    RenamePage(usize, u8),
    AddTranslation(usize, bool),
    DeleteTranslations(usize),
    Data(u8),
    UiString(Option<u8>),
    Template(Option<u8>),
    Picture(u32),
    SiteTitle(u8),
    Commit,
    EmptyCommit,
    ContentAwayAndBack,
    /// `imrf i18n mark fr content/champions.yaml`: the French note recorded as made from the
    /// English one as it is (a later change of it makes the French stale).
    MarkData,
    /// The page's file renamed between `stem.md` and `stem.en.md`.
    RenameCoded(usize),
    /// The page (and its translations) moved to the other section.
    MovePage(usize),
    /// A `slug:` given, changed or taken away: a new URL.
    Slug(usize, Option<u8>),
    /// Its second paragraph changed.
    SecondParagraph(usize, u8),
    /// `[cms]` added to `site.toml` or taken away.
    Cms,
}

pub fn edit() -> impl Strategy<Value = Edit> {
    let page = 0..8usize;
    prop_oneof![
        4 => (page.clone(), any::<u8>()).prop_map(|(p, n)| Edit::FirstParagraph(p, n)),
        2 => (page.clone(), proptest::option::of(any::<u8>())).prop_map(|(p, n)| Edit::Summary(p, n)),
        3 => (page.clone(), any::<u8>()).prop_map(|(p, n)| Edit::Title(p, n)),
        2 => (page.clone(), 1..28u8).prop_map(|(p, d)| Edit::Date(p, d)),
        2 => (page.clone(), proptest::collection::vec(1..24u8, 0..3)).prop_map(|(p, o)| Edit::Objectives(p, o)),
        2 => (page.clone(), any::<u8>()).prop_map(|(p, n)| Edit::AddAlias(p, n)),
        1 => page.clone().prop_map(Edit::RemoveAliases),
        2 => page.clone().prop_map(Edit::ToggleDraft),
        2 => any::<u8>().prop_map(Edit::AddPage),
        1 => page.clone().prop_map(Edit::DeletePage),
        1 => (page.clone(), any::<u8>()).prop_map(|(p, n)| Edit::RenamePage(p, n)),
        2 => (page.clone(), any::<bool>()).prop_map(|(p, ar)| Edit::AddTranslation(p, ar)),
        1 => page.clone().prop_map(Edit::DeleteTranslations),
        1 => any::<u8>().prop_map(Edit::Data),
        1 => proptest::option::of(any::<u8>()).prop_map(Edit::UiString),
        1 => proptest::option::of(any::<u8>()).prop_map(Edit::Template),
        1 => prop_oneof![Just(40u32), Just(700u32), Just(1200u32)].prop_map(Edit::Picture),
        1 => any::<u8>().prop_map(Edit::SiteTitle),
        2 => Just(Edit::Commit),
        1 => Just(Edit::EmptyCommit),
        1 => Just(Edit::ContentAwayAndBack),
        1 => Just(Edit::MarkData),
        1 => page.clone().prop_map(Edit::RenameCoded),
        1 => page.clone().prop_map(Edit::MovePage),
        1 => (page.clone(), proptest::option::of(any::<u8>())).prop_map(|(p, n)| Edit::Slug(p, n)),
        2 => (page.clone(), any::<u8>()).prop_map(|(p, n)| Edit::SecondParagraph(p, n)),
        1 => Just(Edit::Cms),
    ]
}

pub fn initial() -> SiteState {
    let page = |stem: &str, title: &str, day: u8, objectives: Vec<u8>| PageState {
        stem: stem.to_string(),
        title: title.to_string(),
        first: format!("The first paragraph of {title}."),
        summary: None,
        date: format!("2022-05-{day:02}"),
        objectives,
        aliases: Vec::new(),
        draft: false,
        translations: BTreeMap::new(),
        picture: stem == "alpha",
        coded: false,
        section: "guides",
        slug: None,
        second: "A second paragraph.".to_string(),
    };
    SiteState {
        title: "Test site".to_string(),
        pages: vec![
            page("alpha", "Alpha", 3, vec![1, 7]),
            page("beta", "Beta", 9, vec![7]),
            page("gamma", "Gamma", 12, vec![]),
        ],
        champion_note: "A note.".to_string(),
        ui_string: None,
        template_note: None,
        picture_width: 700,
        cms: false,
    }
}

impl SiteState {
    fn page(&mut self, n: usize) -> Option<&mut PageState> {
        let len = self.pages.len();
        (len > 0).then(|| &mut self.pages[n % len])
    }

    pub fn apply(&mut self, edit: &Edit, root: &Path) {
        match edit {
            Edit::FirstParagraph(p, n) => {
                if let Some(p) = self.page(*p) {
                    p.first = format!("A first paragraph, version {n}.");
                }
            }
            Edit::Summary(p, n) => {
                if let Some(p) = self.page(*p) {
                    p.summary = n.map(|n| format!("Summary {n}."));
                }
            }
            Edit::Title(p, n) => {
                if let Some(p) = self.page(*p) {
                    p.title = format!("Title {n}");
                }
            }
            Edit::Date(p, d) => {
                if let Some(p) = self.page(*p) {
                    p.date = format!("2022-04-{d:02}");
                }
            }
            Edit::Objectives(p, o) => {
                if let Some(p) = self.page(*p) {
                    p.objectives = o.iter().copied().collect::<BTreeSet<_>>().into_iter().collect();
                }
            }
            Edit::AddAlias(p, n) => {
                let alias = format!("/old/{n}/");
                let taken = self.pages.iter().any(|q| q.aliases.contains(&alias));
                if let (false, Some(p)) = (taken, self.page(*p)) {
                    p.aliases.push(alias);
                }
            }
            Edit::RemoveAliases(p) => {
                if let Some(p) = self.page(*p) {
                    p.aliases.clear();
                }
            }
            Edit::ToggleDraft(p) => {
                if let Some(p) = self.page(*p) {
                    p.draft = !p.draft;
                }
            }
            Edit::AddPage(n) => {
                let stem = format!("page-{n}");
                if self.pages.len() < 8 && !self.pages.iter().any(|p| p.stem == stem) {
                    let mut page = initial().pages[1].clone();
                    page.stem = stem;
                    page.title = format!("Page {n}");
                    page.picture = false;
                    self.pages.push(page);
                }
            }
            Edit::DeletePage(p) => {
                if self.pages.len() > 1 {
                    let i = p % self.pages.len();
                    self.pages.remove(i);
                }
            }
            Edit::RenamePage(p, n) => {
                let stem = format!("renamed-{n}");
                if !self.pages.iter().any(|q| q.stem == stem) {
                    if let Some(p) = self.page(*p) {
                        p.stem = stem;
                    }
                }
            }
            Edit::AddTranslation(p, ar) => {
                if let Some(p) = self.page(*p) {
                    let (lang, title) = if *ar { ("ar", "عنوان") } else { ("fr", "Titre") };
                    p.translations.insert(lang.to_string(), format!("{title} {}", p.title));
                }
            }
            Edit::DeleteTranslations(p) => {
                if let Some(p) = self.page(*p) {
                    p.translations.clear();
                }
            }
            Edit::Data(n) => self.champion_note = format!("A note, version {n}."),
            Edit::UiString(n) => self.ui_string = n.map(|n| format!("Back to the start ({n})")),
            Edit::Template(n) => self.template_note = n.map(|n| format!("Lost, version {n}.")),
            Edit::Picture(w) => self.picture_width = *w,
            Edit::SiteTitle(n) => self.title = format!("Test site {n}"),
            Edit::Commit => commit(root, false),
            Edit::EmptyCommit => commit(root, true),
            Edit::MarkData => {
                let root_arg = root.to_string_lossy().into_owned();
                let run = super::imrf(&["i18n", "mark", "fr", "content/champions.yaml", "--root", &root_arg], root);
                assert_eq!(run.code, 0, "{}", run.stderr);
            }
            Edit::RenameCoded(p) => {
                if let Some(p) = self.page(*p) {
                    p.coded = !p.coded;
                }
            }
            Edit::MovePage(p) => {
                if let Some(p) = self.page(*p) {
                    p.section = if p.section == "guides" { "stories" } else { "guides" };
                }
            }
            Edit::Slug(p, n) => {
                let slug = n.map(|n| format!("slug-{n}"));
                let taken = slug.is_some() && self.pages.iter().any(|q| q.slug == slug);
                if let (false, Some(p)) = (taken, self.page(*p)) {
                    p.slug = slug;
                }
            }
            Edit::SecondParagraph(p, n) => {
                if let Some(p) = self.page(*p) {
                    p.second = format!("Another second paragraph, version {n}.");
                }
            }
            Edit::Cms => self.cms = !self.cms,
            Edit::ContentAwayAndBack => {
                std::fs::rename(root.join("content"), root.join("content-away")).unwrap();
                std::fs::rename(root.join("content-away"), root.join("content")).unwrap();
            }
        }
    }

    /// Every file of the site, as it should be on disk.
    pub fn files(&self) -> BTreeMap<String, Vec<u8>> {
        let mut files = BTreeMap::new();
        let mut text = |path: &str, t: String| {
            files.insert(path.to_string(), t.into_bytes());
        };
        let cms = if self.cms {
            "\n[cms]\nbackend = \"github\"\nrepo = \"un-migration/test-site\"\nbranch = \"main\"\n"
        } else {
            ""
        };
        text("site.toml", format!("{}{cms}", super::SITE_TOML.replace("Test site", &self.title)));
        // Site-path links to two sections: a page kept from the last render is still there.
        text(
            "content/_index.md",
            "---\ntitle: Home\n---\nWelcome: [the guides](/en/guides/) and [the stories](/fr/stories/).\n".to_string(),
        );
        text("content/guides/_index.md", "---\ntitle: Guides\n---\nThe guides.\n".to_string());
        text("content/stories/_index.md", "---\ntitle: Stories\n---\nThe stories.\n".to_string());
        text(
            "content/champions.yaml",
            format!(
                "- name:\n    en: \"Mexico\"\n  iso: MX\n  region: americas\n  note:\n    en: {}\n    fr: \"Une note : la version française.\"\n",
                self.champion_note
            ),
        );
        if let Some(s) = &self.ui_string {
            text("themes/default/i18n/en.toml", format!("back_home = \"{s}\"\n"));
        }
        if let Some(n) = &self.template_note {
            text(
                "themes/default/templates/404.html",
                format!("{{% extends \"base.html\" %}}\n{{% block main %}}<h1>{{{{ t.not_found_title }}}}</h1><p>{n}</p>{{% endblock main %}}\n"),
            );
        }
        for (i, p) in self.pages.iter().enumerate() {
            let mut front = format!("---\ntitle: {}\ndate: {}\n", p.title, p.date);
            if let Some(s) = &p.summary {
                front.push_str(&format!("summary: {s}\n"));
            }
            if !p.objectives.is_empty() {
                front.push_str(&format!("objectives: {:?}\n", p.objectives));
            }
            if !p.aliases.is_empty() {
                front.push_str(&format!("aliases: {:?}\n", p.aliases));
            }
            if p.draft {
                front.push_str("draft: true\n");
            }
            if let Some(slug) = &p.slug {
                front.push_str(&format!("slug: {slug}\n"));
            }
            // The picture is beside the guides.
            let picture = if p.picture {
                format!("\n\n![A map]({}map.png)", if p.section == "guides" { "" } else { "../guides/" })
            } else {
                String::new()
            };
            // A link to the next page that is not a draft (a link to a draft is an error): its
            // URL changes with its slug while this file does not.
            let next = (1..self.pages.len()).map(|k| &self.pages[(i + k) % self.pages.len()]).find(|q| !q.draft);
            let link = next.map_or_else(String::new, |q| {
                let anchor = if i % 2 == 0 { "" } else { "#more" };
                format!("\n\n## More\n\nSee [the next one](@/{}/{}.md{anchor}).", q.section, q.stem)
            });
            let name = if p.coded { format!("{}.en", p.stem) } else { p.stem.clone() };
            let section = p.section;
            text(
                &format!("content/{section}/{name}.md"),
                format!("{front}---\n{}\n\n{}{link}{picture}\n", p.first, p.second),
            );
            for (lang, title) in &p.translations {
                // A French title with a colon: its typography is applied where it is shown.
                text(
                    &format!("content/{section}/{}.{lang}.md", p.stem),
                    format!("---\ntitle: \"{title} : traduit ?\"\n---\nTraduit.\n"),
                );
            }
        }
        let png = png(self.picture_width);
        files.insert("content/guides/map.png".to_string(), png);
        files
    }
}

pub fn png(width: u32) -> Vec<u8> {
    let image = image::RgbImage::from_fn(width, 20, |x, _| image::Rgb([(x % 256) as u8, 40, 90]));
    let mut out = Vec::new();
    image::DynamicImage::ImageRgb8(image).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
    out
}

pub fn git(root: &Path, args: &[&str]) {
    let out = std::process::Command::new("git")
        .args(["-c", "user.name=T", "-c", "user.email=t@example.org"])
        .args(args)
        .current_dir(root)
        .env("GIT_COMMITTER_DATE", "2022-06-01T12:00:00Z")
        .env("GIT_AUTHOR_DATE", "2022-06-01T12:00:00Z")
        .output()
        .unwrap();
    assert!(out.status.success(), "git {args:?}: {}", String::from_utf8_lossy(&out.stderr));
}

/// Commits what is there (or nothing), with a date of its own: dates of pages come from git.
pub fn commit(root: &Path, empty: bool) {
    git(root, &["add", "-A"]);
    if empty {
        git(root, &["commit", "-q", "--allow-empty", "-m", "nothing"]);
    } else {
        git(root, &["commit", "-q", "--allow-empty", "-m", "edits"]);
    }
}

/// Writes the site's files, removing those it no longer has (outside public/ and the cache).
pub fn write(root: &Path, files: &BTreeMap<String, Vec<u8>>, before: &BTreeMap<String, Vec<u8>>) {
    for path in before.keys().filter(|p| !files.contains_key(*p)) {
        let _ = std::fs::remove_file(root.join(path));
    }
    for (path, bytes) in files {
        if before.get(path) != Some(bytes) {
            let p = root.join(path);
            std::fs::create_dir_all(p.parent().unwrap()).unwrap();
            std::fs::write(p, bytes).unwrap();
        }
    }
}

/// Every file below `dir` with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(dir).unwrap().to_string_lossy().into_owned(), std::fs::read(e.path()).unwrap()))
        .collect()
}

pub fn differences(cached: &BTreeMap<String, Vec<u8>>, fresh: &BTreeMap<String, Vec<u8>>) -> Vec<String> {
    let mut out = Vec::new();
    for (path, bytes) in fresh {
        match cached.get(path) {
            None => out.push(format!("missing {path}")),
            Some(b) if b != bytes => out.push(format!("differs {path}")),
            _ => {}
        }
    }
    out.extend(cached.keys().filter(|p| !fresh.contains_key(*p)).map(|p| format!("extra {p}")));
    out
}
