//! When each content file last changed, for the `updated` date of its page: the date of the last
//! commit that touched it when the site is a git repository (one `git log` pass for the whole
//! site, not a process per file), else its modification time. A page's own `updated:` field wins.
//! A shallow clone (as CI makes) knows no commit older than its first one: its dates are then
//! too recent for files unchanged since, and the build says so once.

use super::Page;
use crate::diagnostics::Diagnostics;
use crate::time::Date;
use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// When each file last changed, by the one rule: its last commit, else its modification time.
/// Kept with the site, so that a page re-read alone (by the dev server) gets its date by the same
/// rule as in a full load.
#[derive(Debug, Default)]
pub struct Dates {
    commits: Option<Commits>,
}

impl Dates {
    /// The date `file` (site-relative) last changed.
    pub fn of(&self, root: &Path, file: &str) -> Option<Date> {
        self.commits.as_ref().and_then(|c| c.dates.get(file).copied()).or_else(|| modified(&root.join(file)))
    }
}

/// Fills in the `updated` date of every page that does not set one; returns the dates known.
pub fn fill(root: &Path, pages: &mut [Page], diags: &mut Diagnostics) -> Dates {
    let dates = Dates { commits: git_dates(root) };
    if dates.commits.as_ref().is_some_and(|c| c.shallow) {
        diags.note(
            "content",
            None,
            "the site is a shallow git clone: pages unchanged since its oldest commit show that commit's date as their last update",
        );
    }
    for page in pages.iter_mut().filter(|p| p.updated.is_none()) {
        page.updated = dates.of(root, &page.file);
    }
    dates
}

/// What the dates depend on besides the files: the commit checked out (and whether the clone is
/// shallow), or `None` outside git. A commit that changes no file still changes dates.
pub fn state(root: &Path) -> Option<String> {
    let head = git(root, &["rev-parse", "HEAD", "--is-shallow-repository"])?;
    Some(head.split_whitespace().collect::<Vec<_>>().join(" "))
}

/// The date a file was last modified (UTC), for a page outside git.
pub fn modified(path: &Path) -> Option<Date> {
    let time = std::fs::metadata(path).ok()?.modified().ok()?;
    Date::from_system_time(time)
}

/// The last commit date of every file under `content/` that git knows.
#[derive(Debug)]
struct Commits {
    dates: HashMap<String, Date>,
    shallow: bool,
}

fn git(root: &Path, args: &[&str]) -> Option<String> {
    let out = Command::new("git").arg("-C").arg(root).args(["-c", "core.quotepath=off"]).args(args).output().ok()?;
    out.status.success().then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

fn git_dates(root: &Path) -> Option<Commits> {
    if git(root, &["rev-parse", "--is-inside-work-tree"])?.trim() != "true" {
        return None;
    }
    let log = git(root, &["log", "--format=%x1e%cs", "--name-only", "--relative", "--no-renames", "--", "content"])?;
    let mut dates = HashMap::new();
    for record in log.split('\u{1e}').filter(|r| !r.trim().is_empty()) {
        let mut lines = record.lines();
        let Some(date) = lines.next().and_then(|d| Date::parse(d.trim()).ok()) else {
            continue;
        };
        // The log runs newest first: a file's first appearance is its last change.
        for file in lines.map(str::trim).filter(|f| !f.is_empty()) {
            dates.entry(file.to_string()).or_insert(date);
        }
    }
    let shallow = git(root, &["rev-parse", "--is-shallow-repository"]).is_some_and(|s| s.trim() == "true");
    Some(Commits { dates, shallow })
}
