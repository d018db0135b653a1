//! `imrf check`: everything `build` validates, without writing anything (but the cache); findings
//! as text lines or as a JSON array for CI annotations. With `--external`, every external link is
//! asked whether it still answers (`crate::links`).

use super::{emit, load_model, render_diagnostics, EXIT_SITE_ERRORS};
use crate::content::LoadOptions;
use crate::diagnostics::{Diagnostics, Severity, Timings};
use std::path::PathBuf;
use std::time::Duration;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Each finding's line, then its source line with a caret under the spot.
    #[default]
    Text,
    /// One line per finding (`path:line:col: severity: message`), for scripts and editors.
    Short,
    /// A JSON array of `{path, line, column, severity, message}`.
    Json,
    /// GitHub Actions workflow commands: annotations on the lines of a pull request.
    Github,
    /// A GitLab code-quality report (JSON), shown in merge requests.
    Gitlab,
    /// A Markdown table, for a CI job's summary (`>> $GITHUB_STEP_SUMMARY`).
    Markdown,
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
    /// Also ask every external link whether it still answers (link rot).
    #[arg(long)]
    pub external: bool,
    /// With --external: seconds to wait for each answer.
    #[arg(long, value_name = "SECONDS", default_value_t = 10)]
    pub timeout: u64,
    /// With --external: hours a link found working is not asked again (0: ask every link).
    #[arg(long, value_name = "HOURS", default_value_t = 24)]
    pub cache_ttl: u64,
}

pub fn run(opts: &CheckOptions) -> i32 {
    let load = LoadOptions { drafts: opts.drafts, base_url: None, cache: true };
    let timings = Timings::default();
    let mut all = Diagnostics::default();
    let mut summary = None;
    if let Some(model) = load_model(&opts.root, &load, crate::render::Model::new, &timings, &mut all) {
        let run = crate::render::Run::build(&opts.root, load.cache);
        crate::render::render(&model, &run, &mut all, &timings);
        if opts.external {
            let options = crate::links::Options {
                timeout: Duration::from_secs(opts.timeout.max(1)),
                cache_ttl: Duration::from_secs(opts.cache_ttl.saturating_mul(3600)),
            };
            summary = Some(crate::links::check(&model, &options, &mut all));
        }
    }
    let diags = all.into_sorted();
    if let Some(summary) = summary {
        eprintln!("{summary}");
    }
    let count = |s: Severity| diags.iter().filter(|d| d.severity == s).count();
    let (errors, warnings) = (count(Severity::Error), count(Severity::Warning));
    match opts.format {
        Format::Json => emit(&(serde_json::to_string_pretty(&diags).unwrap_or_else(|_| "[]".into()) + "\n")),
        Format::Github => {
            emit(&crate::diagnostics::github_annotations(&diags, "imrf check"));
            eprintln!("{errors} error(s), {warnings} warning(s)");
        }
        Format::Gitlab => emit(&crate::diagnostics::gitlab_code_quality(&diags, "imrf check")),
        Format::Markdown => emit(&crate::diagnostics::markdown_table(&diags, "imrf check")),
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
