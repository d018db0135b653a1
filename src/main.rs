//! `imrf`: builds the IMRF knowledge base (Markdown and YAML in six languages) into a static site.

mod cli;
mod cmd;
mod config;
mod content;
mod diagnostics;
mod i18n;
mod markdown;
mod output;
mod render;
mod theme;

use clap::Parser;
use cli::{Cli, Command, I18nCommand};

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
        Command::I18n {
            command: I18nCommand::Status { root, lang, format },
        } => cmd::i18n::status(&cmd::i18n::StatusOptions { root, lang, format }),
        Command::I18n {
            command:
                I18nCommand::New {
                    root,
                    lang,
                    page,
                    force,
                },
        } => cmd::i18n::new(&cmd::i18n::NewOptions {
            root,
            lang,
            page,
            force,
        }),
    };
    std::process::exit(code);
}
