//! `imrf build`: validate and render the whole site, then write it; nothing is written when the
//! site has an error.

use super::{build_in_memory, print_diagnostics, EXIT_SITE_ERRORS};
use crate::content::LoadOptions;
use crate::diagnostics::{Severity, Timings};
use crate::output;
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
}

pub fn run(opts: &BuildOptions) -> i32 {
    let started = Instant::now();
    let out_dir = opts.output.clone().unwrap_or_else(|| opts.root.join("public"));
    if let Err(e) = output::check_output_dir(&opts.root, &out_dir, opts.force) {
        eprintln!("error: {e}");
        return EXIT_SITE_ERRORS;
    }
    let load = LoadOptions {
        drafts: opts.drafts,
        base_url: opts.base_url.clone(),
    };
    let timings = Timings::default();
    let (built, diags) = build_in_memory(&opts.root, &load, &timings);
    print_diagnostics(&diags);
    let Some((site, files)) = built else {
        let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
        eprintln!("error: the site has {errors} error(s); nothing was written");
        return EXIT_SITE_ERRORS;
    };
    match timings.time("write", || output::write(&files, &out_dir)) {
        Ok(stats) => {
            let sources = site.sources().count();
            println!(
                "built {} files ({} pages × {} languages) into {} in {} ms: {} written, {} unchanged, {} removed",
                files.len(),
                sources,
                site.config.languages.len(),
                out_dir.display(),
                started.elapsed().as_millis(),
                stats.written,
                stats.unchanged,
                stats.removed
            );
            if opts.timings {
                print!("{}", timings.report());
            }
            0
        }
        Err(e) => {
            eprintln!("error: {e}");
            EXIT_SITE_ERRORS
        }
    }
}
