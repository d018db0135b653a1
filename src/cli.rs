//! The command line, parsed by clap.

use crate::cmd::check::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

#[derive(Debug, Parser)]
#[command(
    name = "imrf",
    version,
    about = "Static site generator for the multilingual IMRF knowledge base"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the site into an output folder (default: public/).
    Build {
        /// Folder holding site.toml.
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Output folder (default: <root>/public).
        #[arg(long)]
        output: Option<PathBuf>,
        /// Override site.toml's base_url (for a preview deployment, say).
        #[arg(long)]
        base_url: Option<String>,
        /// Include pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
        /// Build into an output folder that holds files imrf did not write.
        #[arg(long)]
        force: bool,
    },
    /// Validate the whole site without writing anything.
    Check {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
        /// Also check pages marked `draft: true`.
        #[arg(long)]
        drafts: bool,
    },
    /// Translators' tools: what is translated, and new translations.
    I18n {
        #[command(subcommand)]
        command: I18nCommand,
    },
}

#[derive(Debug, Subcommand)]
pub enum I18nCommand {
    /// Per language: pages and data texts translated, stale and missing.
    Status {
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Only this language.
        #[arg(long)]
        lang: Option<String>,
        #[arg(long, value_enum, default_value_t = Format::Text)]
        format: Format,
    },
    /// Create PAGE.CODE.md beside a page, prefilled with its text and its source hash.
    New {
        /// Language code, as declared in site.toml.
        lang: String,
        /// The default-language page, e.g. content/notes/imrf-roadmap.md.
        page: PathBuf,
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Replace an existing translation.
        #[arg(long)]
        force: bool,
    },
}
