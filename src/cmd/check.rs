//! `imrf check`: everything `build` validates, without writing anything; findings as text lines
//! or as a JSON array for CI annotations.

use super::{build_in_memory, emit, render_diagnostics, EXIT_SITE_ERRORS};
use crate::content::LoadOptions;
use crate::diagnostics::{Severity, Timings};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Each finding's line, then its source line with a caret under the spot.
    #[default]
    Text,
    /// One line per finding (`path:line:col: severity: message`), for scripts and editors.
    Short,
    /// A JSON array of `{path, line, column, severity, message}`.
    Json,
}

#[derive(Debug, Clone, clap::Args)]
pub struct CheckOptions {
    /// Folder holding site.toml.
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also check pages marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

pub fn run(opts: &CheckOptions) -> i32 {
    let load = LoadOptions { drafts: opts.drafts, base_url: None };
    let (_, diags) = build_in_memory(&opts.root, &load, &Timings::default());
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match opts.format {
        Format::Json => emit(&(serde_json::to_string_pretty(&diags).unwrap_or_else(|_| "[]".into()) + "\n")),
        Format::Text | Format::Short => {
            emit(&render_diagnostics(&opts.root, &diags, opts.format == Format::Text));
            eprintln!("{errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 {
        EXIT_SITE_ERRORS
    } else {
        0
    }
}
