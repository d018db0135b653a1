//! Rebuilding after a change: a Markdown edit re-renders its page at once, and the rest of the
//! site once edits pause; anything else (data, templates, strings, `site.toml`, a page added or
//! removed) reloads the whole site. Both keep every page whose key did not change and serve
//! exactly what the render names ([`render::deps`]): no rule here says what lists a page. The
//! watcher debounces an editor's burst of events into one rebuild.

use super::{relevant, to_served, Served, Shared};
use crate::content::{self, LoadOptions};
use crate::diagnostics::{Diagnostics, Timings};
use crate::render::{self, Model, Scope};
use crate::theme::Theme;
use notify::{RecursiveMode, Watcher};
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc};
use std::time::{Duration, Instant};

/// The folders of the site watched with everything in them.
const WATCHED_FOLDERS: [&str; 3] = ["content", "themes", "static"];

/// Quiet time that ends a burst of file events.
const DEBOUNCE: Duration = Duration::from_millis(20);
/// How long edits must pause before what lists the edited pages is re-rendered.
const QUIET: Duration = Duration::from_millis(150);
/// A burst never delays a rebuild longer than this.
const MAX_BURST: Duration = Duration::from_millis(300);

/// The loaded site, kept between rebuilds.
pub struct Builder {
    root: PathBuf,
    load: LoadOptions,
    /// The model of the last good build.
    model: Option<Model>,
    /// What is kept between renders: the search memo and the key of every page served
    /// ([`render::deps`]).
    run: render::Run,
    /// Set by the watcher when a file changes: the catch-up work of an earlier edit stops, and
    /// the new edit goes first.
    interrupt: Arc<AtomicBool>,
}

/// What became of rendering the whole site again after edited pages.
enum Around {
    Done(render::Partial),
    /// A newer edit arrived: the work is left for later.
    Interrupted,
    Failed,
}

impl Builder {
    pub fn new(root: PathBuf, load: LoadOptions) -> Builder {
        let run = render::Run {
            search_memo: Some(render::search::Memo::default()),
            served: Some(render::deps::Served::new()),
            cms_local: true,
            // The build cache's search entries start the first render; the memo keeps them after.
            ..render::Run::build(&root, load.cache)
        };
        Builder { root, load, model: None, run, interrupt: Arc::default() }
    }

    /// The flag that interrupts catch-up work (see [`Watch::start`]).
    pub fn interrupt(&self) -> Arc<AtomicBool> {
        Arc::clone(&self.interrupt)
    }

    /// Loads and renders everything (keeping the pages served whose keys did not change); the
    /// errors as printable lines.
    pub fn full(&mut self) -> Result<render::Partial, Vec<String>> {
        let mut diags = Diagnostics::default();
        let result = (|| {
            let site = crate::site::load(&self.root, &self.load, &mut diags)?;
            let theme = Theme::load(&self.root, &site.config, &mut diags)?;
            let model = Model::new(site, theme, self.load.cache, &Timings::default());
            let made = render::render_with(&model, &self.run, Scope::All, &mut diags, &Timings::default());
            Some((model, made))
        })();
        let errors = diags.into_sorted();
        let (messages, warnings): (Vec<_>, Vec<_>) =
            errors.into_iter().partition(|d| d.severity == crate::diagnostics::Severity::Error);
        for w in &warnings {
            eprintln!("{w}");
        }
        match result {
            Some((model, made)) if messages.is_empty() => {
                self.model = Some(model);
                self.run.search_store = None;
                self.run.served = Some(made.keys.iter().cloned().collect());
                Ok(made)
            }
            _ => Err(messages.iter().map(ToString::to_string).collect()),
        }
    }

    /// Re-renders the pages whose Markdown files `files` changed. `None` when the change needs a
    /// full rebuild; otherwise the pages' new files, and the keys of the pages.
    fn pages(&mut self, files: &[String]) -> Option<(render::Partial, Pending)> {
        let model = self.model.as_mut()?;
        let changed = content::reload_pages(&mut model.site, files, self.load.drafts)?;
        let pages: Vec<&content::Page> = model.site.pages.iter().filter(|p| changed.contains(&p.key)).collect();
        let bodies = pages.into_iter().map(|p| (p, p.body.as_str()));
        let fresh = render::render_markdown(&model.site, &model.theme, bodies.collect::<Vec<_>>(), None);
        // A picture the last full build did not read (or one in error) needs a full rebuild.
        let base = &model.site.config.base_path;
        let pictures_known = fresh.iter().all(|(key, langs)| {
            langs.iter().all(|(lang, r)| model.site.page(key, lang).is_some_and(|p| model.media.covers(p, r, base)))
        });
        if !pictures_known {
            return None;
        }
        for (key, langs) in fresh {
            model.markdown.entry(key).or_default().extend(langs);
        }
        let mut diags = Diagnostics::default();
        let made = render::render_with(model, &self.run, Scope::Pages(&changed), &mut diags, &Timings::default());
        if diags.has_errors() {
            return None;
        }
        if let Some(served) = &mut self.run.served {
            served.extend(made.keys.iter().cloned());
        }
        Some((made, Pending { keys: changed }))
    }

    /// The whole site rendered again after pages changed, keeping every page whose key did not
    /// change: the only work a newer edit interrupts (a page or a full build always finishes).
    fn around(&mut self) -> Around {
        let Some(model) = self.model.as_ref() else {
            return Around::Failed;
        };
        // No change since the edits paused: whatever set the flag before is handled already.
        self.interrupt.store(false, Ordering::Relaxed);
        self.run.interrupt = Some(Arc::clone(&self.interrupt));
        let mut diags = Diagnostics::default();
        let made = render::render_with(model, &self.run, Scope::All, &mut diags, &Timings::default());
        self.run.interrupt = None;
        if self.interrupt.load(Ordering::Relaxed) {
            Around::Interrupted
        } else if diags.has_errors() {
            Around::Failed
        } else {
            self.run.served = Some(made.keys.iter().cloned().collect());
            Around::Done(made)
        }
    }
}

/// The pages an edit re-rendered, whose effects on the rest of the site are left to render.
struct Pending {
    keys: std::collections::HashSet<crate::content::PageKey>,
}

/// A folder the watcher could not watch, and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {source}", path.display())]
pub struct WatchError {
    path: PathBuf,
    source: notify::Error,
}

/// The file watcher and the channel its events arrive on.
pub struct Watch {
    watcher: notify::RecommendedWatcher,
    events: mpsc::Receiver<Vec<PathBuf>>,
    root: PathBuf,
}

impl Watch {
    /// Starts watching `site.toml`, `content/` and `themes/`: before the server announces itself,
    /// so that no edit made after that is missed.
    /// A change to a source sets `interrupt`.
    pub fn start(root: &Path, interrupt: Arc<AtomicBool>) -> Result<Watch, WatchError> {
        let (tx, rx) = mpsc::channel();
        let root = std::fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
        let watched = root.clone();
        let mut watcher = notify::recommended_watcher(move |event: notify::Result<notify::Event>| {
            // Reading the sources (a build does) raises access events: only writes count.
            use notify::event::{EventKind, ModifyKind};
            if let Ok(event) = event {
                let writes = match event.kind {
                    EventKind::Create(_) | EventKind::Remove(_) => true,
                    EventKind::Modify(ModifyKind::Metadata(_)) => false,
                    EventKind::Modify(_) => true,
                    _ => false,
                };
                if writes {
                    if event.paths.iter().any(|p| relevant(&watched, p).is_some()) {
                        interrupt.store(true, Ordering::Relaxed);
                    }
                    let _ = tx.send(event.paths);
                }
            }
        })
        .map_err(|source| WatchError { path: root.clone(), source })?;
        watcher
            .watch(&root, RecursiveMode::NonRecursive)
            .map_err(|source| WatchError { path: root.clone(), source })?;
        for dir in WATCHED_FOLDERS {
            let path = root.join(dir);
            if path.is_dir() {
                watcher
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|source| WatchError { path: path.clone(), source })?;
            }
        }
        // A commit, a branch switch or a reset changes the dates that come from git.
        let git = root.join(".git");
        if git.is_dir() {
            let _ = watcher.watch(&git, RecursiveMode::NonRecursive);
            let _ = watcher.watch(&git.join("refs"), RecursiveMode::Recursive);
        }
        Ok(Watch { watcher, events: rx, root })
    }
}

/// Rebuilds on every burst of changes, until the process ends. An edit never waits for the
/// work of an earlier one: the edited pages are published at once, and rendering the rest of
/// the site again (indexes, feeds, search, whatever shows them) is deferred while edits keep
/// coming (an editor's autosave) and done once they pause, from the last saved state; an edit
/// that arrives while it renders interrupts it (it starts again at the next pause).
pub fn watch(watch: Watch, mut builder: Builder, shared: &Shared) {
    let Watch { mut watcher, events: rx, root } = watch;
    let mut deferred: Option<Pending> = None;
    loop {
        let first = match &deferred {
            // Idle for a moment: the deferred lists catch up.
            Some(_) => match rx.recv_timeout(QUIET) {
                Ok(paths) => paths,
                Err(mpsc::RecvTimeoutError::Timeout) => {
                    if let Some(pending) = deferred.take() {
                        deferred = catch_up(&mut builder, pending, shared);
                    }
                    continue;
                }
                Err(mpsc::RecvTimeoutError::Disconnected) => break,
            },
            None => match rx.recv() {
                Ok(paths) => paths,
                Err(_) => break,
            },
        };
        let mut changed: BTreeSet<String> = first.iter().filter_map(|p| relevant(&root, p)).collect();
        let burst = Instant::now();
        while burst.elapsed() < MAX_BURST {
            match rx.recv_timeout(DEBOUNCE) {
                Ok(paths) => changed.extend(paths.iter().filter_map(|p| relevant(&root, p))),
                Err(_) => break,
            }
        }
        if changed.is_empty() {
            continue;
        }
        for dir in WATCHED_FOLDERS {
            if changed.contains(dir) && root.join(dir).is_dir() {
                // A folder created (or moved back, or restored by a branch switch) while serving
                // is watched again from then on.
                let _ = watcher.unwatch(&root.join(dir));
                let _ = watcher.watch(&root.join(dir), RecursiveMode::Recursive);
            }
        }
        deferred = rebuild(&mut builder, &changed, shared, deferred);
    }
}

/// Renders what lists pages that changed (deferred while edits kept coming), and publishes it;
/// returns it again when a newer edit interrupted it.
fn catch_up(builder: &mut Builder, pending: Pending, shared: &Shared) -> Option<Pending> {
    let started = Instant::now();
    match builder.around() {
        Around::Done(made) => {
            let mut n = 0;
            // Open pages whose files changed reload; the edited page, published already, does not.
            shared.publish(|s| n = serve_whole(s, made));
            println!(
                "the site around {} page(s): {n} files changed in {} ms",
                pending.keys.len(),
                started.elapsed().as_millis()
            );
        }
        Around::Interrupted => {
            println!("a newer edit interrupted the files around {} page(s)", pending.keys.len());
            return Some(pending);
        }
        Around::Failed => {
            // What lists the pages could not be re-rendered: never leave it stale in silence.
            eprintln!("rendering the site after the last edits failed; loading it again");
            full_rebuild(builder, &[], shared, started);
        }
    }
    None
}

/// What is served after a render of some pages: their files added or replaced; how many changed.
fn serve_pages(served: &mut Served, made: render::Partial) -> usize {
    served.extend(to_served(made.output))
}

/// What is served after a render of the whole site ([`Scope::All`]): its files, and the pages it
/// kept as they were served; nothing else. Returns how many files changed, came or went.
fn serve_whole(served: &mut Served, made: render::Partial) -> usize {
    let mut files = to_served(made.output);
    for path in made.kept {
        let bytes = served.files.get(&path).cloned();
        debug_assert!(bytes.is_some(), "{path}: kept, but not served");
        files.extend(bytes.map(|b| (path, b)));
    }
    served.replace(files)
}

/// `a.md, b.md and 3 more`, for the rebuild log.
fn describe(files: &[String]) -> String {
    match files.len() {
        0..=3 => files.join(", "),
        n => format!("{} and {} more", files[..3].join(", "), n - 3),
    }
}

/// Rebuilds after `changed`; returns what lists changed pages and is left to render (with what
/// was deferred before): the watch loop renders it once edits pause.
fn rebuild(
    builder: &mut Builder,
    changed: &BTreeSet<String>,
    shared: &Shared,
    deferred: Option<Pending>,
) -> Option<Pending> {
    let started = Instant::now();
    let only_pages = changed.iter().all(|p| p.starts_with("content/") && p.ends_with(".md"));
    let files: Vec<String> = changed.iter().cloned().collect();
    if only_pages && files.iter().all(|f| builder.root.join(f).is_file()) {
        if let Some((made, mut pending)) = builder.pages(&files) {
            // The pages themselves first, so that open pages reload at once; what lists them
            // (indexes, feeds, search) follows without another reload.
            let count = made.output.len();
            shared.publish(|s| {
                serve_pages(s, made);
                s.errors.clear();
            });
            println!(
                "{}: {} page(s), {count} files in {} ms",
                describe(&files),
                pending.keys.len(),
                started.elapsed().as_millis()
            );
            if let Some(before) = deferred {
                pending.keys.extend(before.keys);
            }
            // The lists wait until edits pause (the watch loop catches them up after a quiet
            // moment), so that the next save of an editor's autosave goes first.
            return Some(pending);
        }
    }
    full_rebuild(builder, &files, shared, started);
    None
}

/// Loads and renders the whole site again, publishing it or its errors.
fn full_rebuild(builder: &mut Builder, files: &[String], shared: &Shared, started: Instant) {
    match builder.full() {
        Ok(made) => {
            let mut count = 0;
            shared.publish(|s| {
                count = serve_whole(s, made);
                s.errors.clear();
            });
            println!(
                "{}: full rebuild, {count} files changed in {} ms",
                describe(files),
                started.elapsed().as_millis()
            );
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            eprintln!("{}: the site has errors; still serving the last good build", describe(files));
            shared.publish(|s| s.errors = errors);
        }
    }
}
