//! The links cache, `.imrf-cache/links.json`: the addresses found working (redirects included,
//! with where they lead) and when, so that a re-run within `--cache-ttl` hours asks only the
//! others. Failures are never kept: a broken link is asked again every time. A file that does not
//! parse is ignored (and replaced).

use super::Outcome;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

#[derive(Debug, Default, Serialize, Deserialize)]
struct File {
    links: BTreeMap<String, Entry>,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Entry {
    /// Seconds since 1970 when the link answered.
    checked: u64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    redirected_to: Option<String>,
}

pub struct LinkCache {
    root: PathBuf,
    file: File,
    now: u64,
    ttl: u64,
}

fn path(root: &Path) -> PathBuf {
    root.join(".imrf-cache").join("links.json")
}

impl LinkCache {
    pub fn load(root: &Path, ttl: Duration) -> LinkCache {
        let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs());
        let file = std::fs::read(path(root)).ok().and_then(|b| serde_json::from_slice(&b).ok()).unwrap_or_default();
        LinkCache { root: root.to_path_buf(), file, now, ttl: ttl.as_secs() }
    }

    /// What the link gave when it was asked less than the time to live ago.
    pub fn fresh(&self, address: &str) -> Option<Outcome> {
        let entry = self.file.links.get(address)?;
        let age = self.now.checked_sub(entry.checked)?;
        (age < self.ttl).then(|| entry.redirected_to.clone().map_or(Outcome::Ok, Outcome::Redirected))
    }

    /// Keeps a success; forgets a failure.
    pub fn record(&mut self, address: &str, outcome: &Outcome) {
        let redirected_to = match outcome {
            Outcome::Ok => None,
            Outcome::Redirected(to) => Some(to.clone()),
            Outcome::Broken(_) | Outcome::Doubtful(_) => {
                self.file.links.remove(address);
                return;
            }
        };
        self.file.links.insert(address.to_string(), Entry { checked: self.now, redirected_to });
    }

    /// Writes the entries still fresh.
    pub fn save(mut self) {
        let (now, ttl) = (self.now, self.ttl);
        self.file.links.retain(|_, e| now.saturating_sub(e.checked) < ttl.max(1) || e.checked == now);
        crate::cache::folder(&self.root, "");
        if let Ok(json) = serde_json::to_vec_pretty(&self.file) {
            crate::cache::write(&path(&self.root), &json);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_fresh_successes_are_trusted() {
        let root = std::env::temp_dir().join(format!("imrf-links-cache-{}", std::process::id()));
        let mut cache = LinkCache::load(&root, Duration::from_secs(3600));
        cache.record("https://a.org/", &Outcome::Ok);
        cache.record("https://b.org/", &Outcome::Redirected("https://b.org/new".into()));
        cache.record("https://c.org/", &Outcome::Broken("404 Not Found".into()));
        cache.save();
        let cache = LinkCache::load(&root, Duration::from_secs(3600));
        assert_eq!(cache.fresh("https://a.org/"), Some(Outcome::Ok));
        assert_eq!(cache.fresh("https://b.org/"), Some(Outcome::Redirected("https://b.org/new".into())));
        assert_eq!(cache.fresh("https://c.org/"), None);
        assert_eq!(LinkCache::load(&root, Duration::ZERO).fresh("https://a.org/"), None);
        std::fs::write(path(&root), "not json").unwrap();
        assert_eq!(LinkCache::load(&root, Duration::from_secs(3600)).fresh("https://a.org/"), None);
        let _ = std::fs::remove_dir_all(&root);
    }
}
