//! `imrf serve`: builds the site into memory (never touching `public/`), serves it with its own
//! HTTP/1.1 server (`server`), watches the sources with notify, rebuilds what a change affects,
//! and tells open pages to reload (or shows the errors over the last good build).

mod cms_backend;
pub mod http;
mod rebuild;
pub mod server;

use crate::content::LoadOptions;
use crate::render::Output;
use rebuild::Builder;
use server::{Request, Response};
use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, clap::Args)]
pub struct ServeOptions {
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Address to listen on.
    #[arg(long, default_value = "127.0.0.1")]
    pub interface: String,
    /// Port to listen on (0 picks a free one).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in a browser.
    #[arg(long)]
    pub open: bool,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// What the server serves: the last good build, and the errors of the latest one.
pub struct Served {
    pub files: HashMap<String, Arc<Vec<u8>>>,
    /// Bumped by every rebuild, good or bad: open pages compare it with theirs.
    pub generation: u64,
    pub errors: Vec<String>,
    /// The generation at which each file last changed (came, went, or got other bytes): an open
    /// page reloads when its own file changed since it was served, and only then.
    changed: HashMap<String, u64>,
}

impl Served {
    /// Adds or replaces `files` (inside [`Shared::publish`]); how many changed.
    fn extend(&mut self, files: HashMap<String, Arc<Vec<u8>>>) -> usize {
        let next = self.generation + 1;
        let mut count = 0;
        for (path, bytes) in files {
            if self.files.get(&path).is_none_or(|old| *old != bytes) {
                self.changed.insert(path.clone(), next);
                count += 1;
            }
            self.files.insert(path, bytes);
        }
        count
    }

    /// Serves `files` and nothing else (inside [`Shared::publish`]); how many files changed,
    /// came or went.
    fn replace(&mut self, files: HashMap<String, Arc<Vec<u8>>>) -> usize {
        let next = self.generation + 1;
        let gone: Vec<String> = self.files.keys().filter(|p| !files.contains_key(*p)).cloned().collect();
        for path in &gone {
            self.files.remove(path);
            self.changed.insert(path.clone(), next);
        }
        gone.len() + self.extend(files)
    }

    /// Whether an open page of `file` (served at generation `seen`) shows something else now:
    /// its file changed since, or it was not served then (a 404 page, or no build yet).
    fn changed_since(&self, file: Option<&str>, seen: u64) -> bool {
        match file.filter(|f| self.files.contains_key(*f)) {
            Some(f) => self.changed.get(f).is_some_and(|&g| g > seen),
            None => self.generation > seen,
        }
    }
}

/// The served state and the signal that it changed.
pub struct Shared {
    pub state: Mutex<Served>,
    pub changed: Condvar,
}

impl Shared {
    /// Applies `update`, moves the generation on, and wakes open pages: each reloads if its own
    /// file changed.
    fn publish(&self, update: impl FnOnce(&mut Served)) {
        let mut state = self.state.lock().unwrap_or_else(|e| e.into_inner());
        update(&mut state);
        state.generation += 1;
        self.changed.notify_all();
    }
}

/// How long a live-reload poll waits for a rebuild before answering "nothing new".
const POLL_WAIT: Duration = Duration::from_secs(20);

pub fn run(opts: &ServeOptions) -> i32 {
    let load = LoadOptions { drafts: opts.drafts, base_url: None, cache: true };
    let shared = Arc::new(Shared {
        state: Mutex::new(Served { files: HashMap::new(), generation: 0, errors: Vec::new(), changed: HashMap::new() }),
        changed: Condvar::new(),
    });
    let mut builder = Builder::new(opts.root.clone(), load);
    let started = Instant::now();
    match builder.full() {
        Ok(made) => {
            println!("built {} files in {} ms", made.output.len(), started.elapsed().as_millis());
            shared.publish(|s| {
                s.replace(to_served(made.output));
            });
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            shared.publish(|s| s.errors = errors);
        }
    }
    let watch = match rebuild::Watch::start(&opts.root, builder.interrupt()) {
        Ok(w) => Some(w),
        Err(e) => {
            eprintln!("warning: cannot watch {}: {e}; serving without live reload", opts.root.display());
            None
        }
    };
    let address = format!("{}:{}", opts.interface, opts.port);
    let listener = match std::net::TcpListener::bind(&address) {
        Ok(l) => l,
        Err(e) => {
            eprintln!("error: cannot listen on {address}: {e}");
            return 1;
        }
    };
    let port = listener.local_addr().map_or(opts.port, |a| a.port());
    let url = format!("http://{}:{port}/", opts.interface);
    println!("serving {} at {url} (Ctrl+C to stop)", opts.root.display());
    if opts.open {
        open_browser(&url);
    }
    if let Some(watch) = watch {
        let watcher_shared = Arc::clone(&shared);
        std::thread::spawn(move || rebuild::watch(watch, builder, &watcher_shared));
    }
    // The browser CMS's local backend, for a site with `[cms]` (as site.toml says at start).
    let cms = crate::config::Config::load(&opts.root, &mut crate::diagnostics::Diagnostics::default())
        .filter(|c| c.cms.is_some())
        .map(|c| cms_backend::LocalBackend::new(&opts.root, &c));
    // A thread per connection: a live-reload poll waits for minutes, and must not hold up pages.
    let handler = move |request: &Request| match (&cms, is_cms_call(request)) {
        (Some(cms), true) => cms.handle(request),
        _ => handle(request, &shared),
    };
    // A body is read only for a call the backend would take: others are refused on their head.
    let takes = |request: &Request| {
        if is_cms_call(request) && cms_backend::admits(request) {
            cms_backend::MAX_BODY
        } else {
            0
        }
    };
    server::run(listener, Arc::new(handler), takes);
    0
}

/// A call to the browser CMS's local backend.
fn is_cms_call(request: &Request) -> bool {
    request.target.split('?').next() == Some(crate::render::cms::LOCAL_API)
}

fn to_served(output: Output) -> HashMap<String, Arc<Vec<u8>>> {
    output.into_iter().map(|(k, v)| (k, Arc::new(v))).collect()
}

fn handle(request: &Request, shared: &Shared) -> Response {
    if request.method != "GET" && request.method != "HEAD" {
        return Response::new(405, "method not allowed\n").header("Allow", "GET, HEAD");
    }
    let url = request.target.as_str();
    if url.split('?').next() == Some("/__imrf/poll") {
        let number = |name: &str| http::query_param(url, name).and_then(|v| v.parse().ok()).unwrap_or(0);
        let file = http::query_param(url, "path").and_then(|p| http::file_for(&p).ok());
        return Response::new(200, poll(shared, number("since"), number("seen"), file.as_deref()))
            .header("Content-Type", "application/json")
            .header("Cache-Control", "no-store");
    }
    let Ok(file) = http::file_for(url) else {
        return Response::new(400, "bad request\n");
    };
    let (found, generation, redirect, not_found) = {
        let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
        let found = state.files.get(&file).cloned();
        let redirect = found.is_none() && state.files.contains_key(&format!("{file}/index.html"));
        let lang_404 = file.split('/').next().map(|l| format!("{l}/404.html"));
        let not_found =
            lang_404.and_then(|p| state.files.get(&p).cloned()).or_else(|| state.files.get("404.html").cloned());
        (found, state.generation, redirect, not_found)
    };
    match (found, redirect) {
        (Some(bytes), _) => body_response(&file, &bytes, generation, 200),
        (None, true) => {
            let location = format!("{}/", url.split('?').next().unwrap_or("/"));
            Response::new(301, Vec::new()).header("Location", location)
        }
        (None, false) => match not_found {
            Some(page) => body_response("404.html", &page, generation, 404),
            // No good build yet: a page that shows the errors and reloads once they are fixed.
            None => body_response("index.html", NO_BUILD_YET.as_bytes(), generation, 503),
        },
    }
}

/// Served while the site has never built: the reload script shows the errors over it.
const NO_BUILD_YET: &str = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>imrf: no build yet</title></head>\n<body><main><h1>The site has not built yet</h1><p>Fix the errors below; this page reloads by itself.</p></main></body></html>\n";

fn body_response(file: &str, bytes: &[u8], generation: u64, status: u16) -> Response {
    let content_type = http::content_type(file);
    // The CMS is not reloaded: a rebuild (its own saves among them) would lose what is being typed.
    let live = content_type.starts_with("text/html") && !file.starts_with(crate::render::cms::ADMIN);
    let body = if live { http::inject(bytes, generation) } else { bytes.to_vec() };
    Response::new(status, body).header("Content-Type", content_type).header("Cache-Control", "no-cache")
}

/// Waits until the generation passes `since` (or a while), then describes the state as JSON:
/// its generation, its errors, and whether the open page of `file`, served at generation
/// `seen`, is to reload.
fn poll(shared: &Shared, since: u64, seen: u64, file: Option<&str>) -> String {
    let state = shared.state.lock().unwrap_or_else(|e| e.into_inner());
    let (state, _) = shared
        .changed
        .wait_timeout_while(state, POLL_WAIT, |s| s.generation <= since)
        .unwrap_or_else(|e| e.into_inner());
    let reload = state.changed_since(file, seen);
    serde_json::json!({ "generation": state.generation, "errors": state.errors, "reload": reload }).to_string()
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}

/// Site-relative path of a watched file, or `None` for files that do not affect the site
/// (editor swap files, the output folder, hidden files).
fn relevant(root: &Path, path: &Path) -> Option<String> {
    let rel = path.strip_prefix(root).ok()?.to_string_lossy().replace('\\', "/");
    // Dates come from git: a commit, a branch switch or a reset changes them (not `git add`).
    if rel == ".git/HEAD" || rel == ".git/packed-refs" || rel.starts_with(".git/refs/") {
        return Some(rel);
    }
    let name = rel.rsplit('/').next().unwrap_or(&rel);
    let noise = name.starts_with('.')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".tmp")
        || name == "4913";
    // Pictures beside pages too: a changed picture rebuilds the site (its copies, its size).
    let source = [".md", ".yaml", ".yml"].iter().any(|ext| rel.ends_with(ext)) || crate::paths::is_image_name(&rel);
    let watched = rel == crate::config::CONFIG_FILE
        || rel == "content"
        || rel.starts_with("content/") && source
        || rel == "themes"
        || rel.starts_with("themes/")
        || rel == "static"
        || rel.starts_with("static/");
    (watched && !noise).then_some(rel)
}

#[cfg(test)]
mod tests {
    use super::Served;
    use std::collections::HashMap;
    use std::sync::Arc;

    fn files(list: &[(&str, &str)]) -> HashMap<String, Arc<Vec<u8>>> {
        list.iter().map(|(p, b)| (p.to_string(), Arc::new(b.as_bytes().to_vec()))).collect()
    }

    /// Publishes `update` as `Shared::publish` does.
    fn publish(served: &mut Served, update: impl FnOnce(&mut Served) -> usize) -> usize {
        let n = update(served);
        served.generation += 1;
        n
    }

    #[test]
    fn an_open_page_reloads_only_when_its_own_file_changed() {
        let mut served = Served { files: HashMap::new(), generation: 0, errors: Vec::new(), changed: HashMap::new() };
        // No build yet: any build reloads the page.
        assert!(!served.changed_since(Some("a.html"), 0));
        assert_eq!(publish(&mut served, |s| s.replace(files(&[("a.html", "A"), ("b.html", "B")]))), 2);
        assert!(served.changed_since(Some("a.html"), 0));
        // Served at generation 1: a rebuild that changes only b.html leaves a.html alone.
        assert_eq!(publish(&mut served, |s| s.replace(files(&[("a.html", "A"), ("b.html", "B2")]))), 1);
        assert!(!served.changed_since(Some("a.html"), 1));
        assert!(served.changed_since(Some("b.html"), 1));
        // A page of a file no longer served (now a 404) reloads on any rebuild after it.
        assert_eq!(publish(&mut served, |s| s.replace(files(&[("b.html", "B2")]))), 1);
        assert!(served.changed_since(Some("a.html"), 2));
        assert!(!served.changed_since(Some("b.html"), 2));
        // Adding the same bytes changes nothing; new bytes do.
        assert_eq!(publish(&mut served, |s| s.extend(files(&[("b.html", "B2")]))), 0);
        assert_eq!(publish(&mut served, |s| s.extend(files(&[("b.html", "B3")]))), 1);
        assert!(served.changed_since(Some("b.html"), 4));
        // A path that names no file: any rebuild since.
        assert!(served.changed_since(None, 4));
        assert!(!served.changed_since(None, 5));
    }
}
