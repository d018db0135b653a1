//! `imrf new SECTION/SLUG`: a new page with the front matter its section's type requires,
//! prefilled and commented, so that it passes `imrf check` as written and the author only has to
//! change the values.

use super::EXIT_SITE_ERRORS;
use crate::content::frontmatter;
use crate::paths::is_slug;
use std::path::PathBuf;

#[derive(Debug, Clone, clap::Args)]
pub struct NewOptions {
    /// The page to create, below content/ and without `.md`: `notes/my-note`.
    pub page: String,
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
}

pub fn run(opts: &NewOptions) -> i32 {
    match create(opts) {
        Ok(path) => {
            println!("created {path}: fill in the title, the fields and the text");
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

/// Why `imrf new` made nothing: the page asked for is refused (a message to the author), or
/// the file system failed (with its cause).
#[derive(Debug, thiserror::Error)]
enum NewError {
    #[error("{0}")]
    Refused(String),
    #[error("cannot create {path}: {source}")]
    Create { path: String, source: std::io::Error },
    #[error("cannot write {path}: {source}")]
    Write { path: String, source: std::io::Error },
}

impl From<String> for NewError {
    fn from(message: String) -> NewError {
        NewError::Refused(message)
    }
}

fn create(opts: &NewOptions) -> Result<String, NewError> {
    let given = opts.page.strip_suffix(".md").unwrap_or(&opts.page);
    // One rule for every path a user gives: inside the site, never climbing, never absolute.
    let page = crate::paths::relative(given)
        .map_err(|e| format!("`{}` is not a page below content/ (like `notes/my-note`): {e}", opts.page))?;
    let (section, slug) = page.rsplit_once('/').unwrap_or(("", &page));
    for name in page.split('/') {
        if !is_slug(name) {
            return Err(
                format!("`{name}` is not a slug: lowercase letters, digits, `-` and `_`, like `my-note`").into()
            );
        }
    }
    if slug == "_index" || opts.root.join("content").join(&page).is_dir() {
        return Err(format!("content/{page}/ is a section: name a page inside it, like `{page}/my-note`").into());
    }
    let rel = format!("content/{page}.md");
    let path = crate::paths::inside(&opts.root, &rel, &rel).map_err(|e| e.to_string())?;
    if path.exists() {
        return Err(format!("{rel} exists already: it was left as it is").into());
    }
    let kind = section_type(opts, section)?;
    let words = slug.replace(['-', '_'], " ");
    let mut chars = words.chars();
    let title: String = chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default();
    let text = front_matter(&kind, &title);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).map_err(|source| NewError::Create { path: dir.display().to_string(), source })?;
    }
    // `create_new`: never overwrite, even a file that appeared since the check above.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|source| NewError::Create { path: rel.clone(), source })?;
    std::io::Write::write_all(&mut file, text.as_bytes())
        .map_err(|source| NewError::Write { path: rel.clone(), source })?;
    Ok(rel)
}

/// The `type:` of the section's `_index.md` (`generic` when it has none).
fn section_type(opts: &NewOptions, section: &str) -> Result<String, String> {
    let index = opts.root.join("content").join(section).join("_index.md");
    let Ok(text) = std::fs::read_to_string(&index) else {
        return Ok("generic".to_string());
    };
    let split = frontmatter::split(&text).map_err(|(line, e)| format!("{}:{line}: {e}", index.display()))?;
    let map: serde_yaml::Mapping = serde_yaml::from_str(split.yaml).unwrap_or_default();
    Ok(map.get("type").and_then(|t| t.as_str()).unwrap_or("generic").to_string())
}

/// The front matter and a first line of text for a page of a section of type `kind`.
fn front_matter(kind: &str, title: &str) -> String {
    let today = crate::time::Date::today().to_string();
    let fields = match kind {
        "programme" => format!(
            "date: {today}              # the day of the event (YYYY-MM-DD)\n\
             start: \"10:00\"              # HH:MM, 24-hour clock, local time\n\
             end: \"13:00\"\n\
             # timezone: America/New_York  # an IANA zone; New York is the default\n\
             room: Conference Room 4     # where it takes place\n\
             kind: plenary               # hearing, hearing-segment, round-table, policy-debate or plenary\n\
             # chairs: [\"…\"]             # lists of names, shown on the event page\n\
             # speakers: [\"…\"]\n\
             # part_of: hearing          # the slug of the event this one is a segment of\n"
        ),
        "dialogues" => format!(
            "date: {today}              # the day of the webinar (YYYY-MM-DD)\n\
             theme: …                    # what the webinar is about\n\
             format: Online              # how it takes place\n\
             round_table: 1              # the round table whose cluster it discusses (1-4)\n\
             # cluster: …                # or a cluster of objectives, instead of round_table\n"
        ),
        "notes" => format!(
            "date: {today}              # the note's date (YYYY-MM-DD)\n\
             kind: background-note       # background-note, concept-note, roadmap, network-note or presentation\n\
             issued_by: …                # who issued it\n\
             # source: https://…         # the document itself (an http(s) link)\n"
        ),
        _ => String::new(),
    };
    format!(
        "---\ntitle: \"{title}\"          # the page's title\n\
         # summary: …                 # one sentence for lists and search results (default: the first paragraph)\n\
         {fields}\
         # objectives: [1, 2]         # GCM objectives (1-23) the page concerns\n\
         ---\n\nWrite the text here.\n"
    )
}
