//! `imrf`: builds the IMRF knowledge base (Markdown and YAML in six languages) into a static site.

mod atomic;
mod cache;
mod cli;
mod cmd;
mod compressed;
mod config;
mod content;
mod diagnostics;
mod escape;
mod hash;
mod highlight;
mod i18n;
mod images;
mod links;
mod markdown;
mod names;
mod output;
mod paths;
mod position;
mod render;
mod serve;
mod shortcodes;
mod site;
mod theme;
mod time;
mod typography;
mod urls;

use clap::Parser;
use cli::{Cli, Command, I18nCommand};

fn main() {
    let code = match Cli::parse().command {
        Command::Build(opts) => cmd::build::run(&opts),
        Command::Check(opts) => cmd::check::run(&opts),
        Command::New(opts) => cmd::new::run(&opts),
        Command::InitCi(opts) => cmd::init_ci::run(&opts),
        Command::SearchTerms(opts) => cmd::terms::run(&opts),
        Command::Serve(opts) => serve::run(&opts),
        Command::I18n { command } => match command {
            I18nCommand::Status(opts) => cmd::i18n::status(&opts),
            I18nCommand::New(opts) => cmd::i18n::new(&opts),
            I18nCommand::Mark(opts) => cmd::i18n::mark(&opts),
            I18nCommand::Export(opts) => cmd::i18n::transfer::export(&opts),
            I18nCommand::Import(opts) => cmd::i18n::transfer::import(&opts),
        },
    };
    std::process::exit(code);
}
