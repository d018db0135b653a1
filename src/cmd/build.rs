//! `imrf build`: validate and render the whole site, then write it; nothing is written when the
//! site has an error.

use super::{load_model, print_diagnostics, EXIT_SITE_ERRORS};
use crate::content::LoadOptions;
use crate::diagnostics::{Diagnostics, Severity, Timings};
use crate::{output, render};
use std::path::PathBuf;
use std::time::Instant;

#[derive(Debug, Clone, clap::Args)]
pub struct BuildOptions {
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// Output folder (default: <root>/public).
    #[arg(long)]
    pub output: Option<PathBuf>,
    /// Override site.toml's base_url (for a preview deployment, say).
    #[arg(long)]
    pub base_url: Option<String>,
    /// Include pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
    /// Build into an output folder that holds files imrf did not write.
    #[arg(long)]
    pub force: bool,
    /// Print how long each stage took.
    #[arg(long)]
    pub timings: bool,
    /// Render everything again: ignore the build cache (.imrf-cache/: rendered Markdown and
    /// search entries) and the pages the output folder holds from the last build.
    #[arg(long)]
    pub no_cache: bool,
}

pub fn run(opts: &BuildOptions) -> i32 {
    let started = Instant::now();
    let out_dir = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
    if let Err(e) = output::check_output_dir(&opts.root, &out_dir, opts.force) {
        eprintln!("error: {e}");
        return EXIT_SITE_ERRORS;
    }
    let timings = Timings::default();
    let load = LoadOptions { drafts: opts.drafts, base_url: opts.base_url.clone(), cache: !opts.no_cache };
    let fingerprint = timings.time("fingerprint", || fingerprint(opts));
    if !opts.no_cache {
        if let Some(files) = output::unchanged_since_last_build(&opts.root, &out_dir, &fingerprint) {
            println!(
                "nothing changed since the last build: {files} files in {} are up to date ({} ms)",
                out_dir.display(),
                started.elapsed().as_millis()
            );
            return 0;
        }
    }
    let mut diags = Diagnostics::default();
    let model = load_model(&opts.root, &load, render::Model::without_bodies, &timings, &mut diags);
    let staging = match model.as_ref().map(|_| output::Staging::new(&opts.root, &out_dir, !opts.no_cache, opts.force)) {
        Some(Ok(staging)) => Some(staging),
        Some(Err(e)) => {
            eprintln!("error: {e}");
            return EXIT_SITE_ERRORS;
        }
        None => None,
    };
    if let (Some(model), Some(staging)) = (&model, &staging) {
        let run = render::Run::build(&opts.root, load.cache);
        render::render_to(model, &run, staging, &mut diags, &timings);
    }
    let diags = diags.into_sorted();
    print_diagnostics(&opts.root, &diags);
    let (Some(model), Some(staging)) = (model, staging) else {
        return site_errors(&diags);
    };
    if diags.iter().any(|d| d.severity == Severity::Error) {
        staging.abandon();
        return site_errors(&diags);
    }
    let files = staging.len();
    let (images, image_bytes) = staging.count(crate::paths::is_image_name);
    match timings.time("write", || staging.commit(&fingerprint)) {
        Ok(stats) => {
            println!(
                "built {files} files ({} pages × {} languages) into {} in {} ms: {} written, {} unchanged \
                 ({} pages kept without rendering), {} removed; {images} pictures, {image_bytes} bytes",
                model.site.sources().count(),
                model.site.config.languages.len(),
                out_dir.display(),
                started.elapsed().as_millis(),
                stats.written,
                stats.unchanged,
                stats.kept,
                stats.removed
            );
            if opts.timings {
                print!("{}", timings.report());
            }
            // The process ends here: its memory goes with it, without freeing a site's worth of
            // pages, texts and maps one by one (a tenth of a second on a large site).
            std::mem::forget(model);
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}

/// Says that nothing was written, and gives the exit code of a site with errors.
fn site_errors(diags: &[crate::diagnostics::Diagnostic]) -> i32 {
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    eprintln!("error: the site has {errors} error(s); nothing was written");
    EXIT_SITE_ERRORS
}

/// A hash of everything a build is made from: this binary, the options, the git commit checked
/// out, and the name, size and modification time of every file of `site.toml`, `content/`,
/// `themes/` and `static/`. Equal
/// fingerprints give equal sites.
fn fingerprint(opts: &BuildOptions) -> String {
    let mut hasher = crate::hash::KeyHasher::default();
    hasher.add(crate::cache::binary_id().as_bytes());
    hasher.add(format!("{:?}|{}", opts.base_url, opts.drafts).as_bytes());
    // Dates come from git: the commit checked out is an input too.
    hasher.add(crate::content::history::state(&opts.root).unwrap_or_default().as_bytes());
    let mut files = vec![opts.root.join(crate::config::CONFIG_FILE)];
    for dir in ["content", "themes", "static"] {
        let walker = walkdir::WalkDir::new(opts.root.join(dir)).sort_by_file_name();
        files.extend(walker.into_iter().flatten().filter(|e| e.file_type().is_file()).map(|e| e.into_path()));
    }
    // Size and modification time stand for the content: reading 6,000 files twice would cost
    // as much as a third of a cold build.
    for file in files {
        hasher.add(file.to_string_lossy().as_bytes());
        if let Ok(meta) = std::fs::metadata(&file) {
            let (len, modified) = crate::time::file_stamp(&meta);
            hasher.add(&len.to_le_bytes());
            hasher.add(&modified.to_le_bytes());
        }
    }
    hasher.finish()
}
