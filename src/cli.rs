//! The command line, parsed by clap. Each subcommand's options struct lives with its command.

use crate::cmd::{build::BuildOptions, check::CheckOptions, i18n};
use crate::serve::ServeOptions;
use clap::{Parser, Subcommand};

#[derive(Debug, Parser)]
#[command(name = "imrf", version, about = "Static site generator for the multilingual IMRF knowledge base")]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (default: public/).
    Build(BuildOptions),
    /// Validate the whole site without writing anything.
    Check(CheckOptions),
    /// Write ready CI files (checks, link checks, publishing) for GitHub Actions or GitLab CI.
    InitCi(crate::cmd::init_ci::InitCiOptions),
    /// Create a page (`notes/my-note`) with the front matter its section requires.
    New(crate::cmd::new::NewOptions),
    /// Print the search terms of each line of standard input, as the index holds them.
    SearchTerms(crate::cmd::terms::TermsOptions),
    /// Serve the site from memory with live reload; never touches public/.
    Serve(ServeOptions),
    /// Translators' tools: what is translated, and new translations.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Per language and page: segments and words translated, stale and missing.
    Status(i18n::StatusOptions),
    /// Create PAGE.CODE.md beside a page, prefilled with its text and its source hash.
    New(i18n::NewOptions),
    /// Record that translations are up to date with their sources again (after updating them).
    Mark(i18n::MarkOptions),
    /// Write every segment of a language to one PO file for a CAT tool (stale ones fuzzy).
    Export(i18n::transfer::ExportOptions),
    /// Write the translations of a PO file back into the pages and data files.
    Import(i18n::transfer::ImportOptions),
}
