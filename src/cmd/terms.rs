//! `imrf search-terms LANG`: how the search indexes a text. Each line of standard input is
//! printed as the terms the index holds for it (stemmed and folded), space-separated: to see why
//! a query finds a page or not, and to check that the browser's search reads words the same way.

use crate::render::search_terms;
use std::io::BufRead;

#[derive(Debug, Clone, clap::Args)]
pub struct TermsOptions {
    /// The language whose rules apply (`fr`, `ru`, `zh`, …).
    pub lang: String,
}

pub fn run(opts: &TermsOptions) -> i32 {
    let mut out = String::new();
    let mut code = 0;
    let mut input = std::io::stdin().lock();
    let mut raw = Vec::new();
    for n in 1.. {
        raw.clear();
        match input.read_until(b'\n', &mut raw) {
            Ok(0) => break,
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: cannot read standard input: {e}");
                code = super::EXIT_SITE_ERRORS;
                break;
            }
        }
        // A line that is not UTF-8 is said, never dropped: its output line stays empty, so
        // the lines out still match the lines in.
        match std::str::from_utf8(&raw) {
            Ok(line) => out.push_str(&search_terms(&opts.lang, line.trim_end_matches(['\n', '\r'])).join(" ")),
            Err(_) => {
                eprintln!("<stdin>:{n}: error: the line is not valid UTF-8");
                code = super::EXIT_SITE_ERRORS;
            }
        }
        out.push('\n');
    }
    super::emit(&out);
    code
}
