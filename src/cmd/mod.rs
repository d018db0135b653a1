//! The subcommands. Each takes its options struct and returns the process exit code.

pub mod build;
pub mod check;
pub mod i18n;
pub mod init_ci;
pub mod new;
pub mod terms;

use crate::content::{LoadOptions, Site};
use crate::diagnostics::{Diagnostic, Diagnostics, Timings};
use crate::render;
use crate::theme::Theme;
use std::path::Path;

/// Exit code for a site with errors.
pub const EXIT_SITE_ERRORS: i32 = 1;

/// Loads and validates the site, and renders its Markdown and pictures: `None` when the content
/// or the theme cannot be loaded.
pub fn load_model(
    root: &Path,
    options: &LoadOptions,
    make: fn(Site, Theme, bool, &Timings) -> render::Model,
    timings: &Timings,
    diags: &mut Diagnostics,
) -> Option<render::Model> {
    let site = timings.time("load content", || crate::site::load(root, options, diags))?;
    let theme = timings.time("load theme", || Theme::load(root, &site.config, diags))?;
    Some(make(site, theme, options.cache, timings))
}

/// Writes command output to stdout. A closed pipe (`imrf i18n status | head`) ends the output
/// quietly instead of panicking.
pub fn emit(text: &str) {
    use std::io::Write;
    let mut out = std::io::stdout().lock();
    let _ = out.write_all(text.as_bytes()).and_then(|()| out.flush());
}

/// Prints findings to stderr, each with its source line (see [`render_diagnostics`]).
pub fn print_diagnostics(root: &Path, diags: &[Diagnostic]) {
    eprint!("{}", render_diagnostics(root, diags, true));
}

/// Findings as text: each one's `path:line:col: severity: message` line and, with `snippets`,
/// the source line under it with a caret at the column, as rustc shows it.
pub fn render_diagnostics(root: &Path, diags: &[Diagnostic], snippets: bool) -> String {
    let mut files: std::collections::HashMap<&str, Option<String>> = std::collections::HashMap::new();
    let mut out = String::new();
    for d in diags {
        out.push_str(&format!("{d}\n"));
        let Some(line) = d.line.filter(|_| snippets) else {
            continue;
        };
        // Only files of the site (not `(built-in) …` or `--base-url`).
        let text = files.entry(&d.path).or_insert_with(|| std::fs::read_to_string(root.join(&d.path)).ok());
        if let Some(source_line) = text.as_deref().and_then(|t| t.lines().nth(line - 1)) {
            out.push_str(&crate::position::snippet(source_line, line, d.column));
            out.push('\n');
        }
    }
    out
}
