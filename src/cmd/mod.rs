//! The subcommands. Each takes its options struct and returns the process exit code.

pub mod build;
pub mod check;
pub mod i18n;

use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Timings};
use crate::render::{self, Output};
use crate::theme::Theme;
use std::path::Path;

/// Exit code for a site with errors.
pub const EXIT_SITE_ERRORS: i32 = 1;

/// Loads, validates and renders the site in memory: the pipeline shared by build, check and serve.
pub fn build_in_memory(
    root: &Path,
    options: &LoadOptions,
    timings: &Timings,
) -> (Option<(Site, Output)>, Vec<Diagnostic>) {
    let mut diags = Diagnostics::default();
    let Some(site) = timings.time("load content", || content::load(root, options, &mut diags)) else {
        return (None, diags.into_sorted());
    };
    let Some(theme) = timings.time("load theme", || Theme::load(root, &site.config, &mut diags)) else {
        return (None, diags.into_sorted());
    };
    let output = render::render(&site, &theme, &mut diags, timings);
    if diags.has_errors() {
        return (None, diags.into_sorted());
    }
    (Some((site, output)), diags.into_sorted())
}

/// Writes command output to stdout. A closed pipe (`imrf i18n status | head`) ends the output
/// quietly instead of panicking.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints findings to stderr, one per line.
pub fn print_diagnostics(diags: &[Diagnostic]) {
    for d in diags {
        eprintln!("{d}");
    }
}
