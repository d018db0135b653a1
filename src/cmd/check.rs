//! `imrf check`: everything `build` validates, without writing anything; findings as text lines
//! or as a JSON array for CI annotations.

use super::{build_in_memory, emit, EXIT_SITE_ERRORS};
use crate::content::LoadOptions;
use crate::diagnostics::{Severity, Timings};
use std::path::PathBuf;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    #[default]
    Text,
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
    let errors = diags.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = diags.len() - errors;
    match opts.format {
        Format::Json => emit(&(serde_json::to_string_pretty(&diags).unwrap_or_else(|_| "[]".into()) + "\n")),
        Format::Text => {
            emit(&diags.iter().map(|d| format!("{d}\n")).collect::<String>());
            eprintln!("{errors} error(s), {warnings} warning(s)");
        }
    }
    if errors > 0 {
        EXIT_SITE_ERRORS
    } else {
        0
    }
}
