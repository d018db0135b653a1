//! `imrf`: builds the IMRF knowledge base (Markdown and YAML in six languages) into a static site.

mod cli;
mod cmd;
mod config;
mod content;
mod diagnostics;
mod markdown;
mod output;
mod render;
mod theme;

use clap::Parser;
use cli::{Cli, Command};

fn main() {
    let cli = Cli::parse();
    let code = match cli.command {
        Command::Build {
            root,
            output,
            base_url,
            drafts,
            force,
        } => cmd::build::run(&cmd::build::BuildOptions {
            root,
            output,
            base_url,
            drafts,
            force,
        }),
        Command::Check { root, format, drafts } => cmd::check::run(&cmd::check::CheckOptions { root, format, drafts }),
    };
    std::process::exit(code);
}
