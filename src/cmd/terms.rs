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
    for line in std::io::stdin().lock().lines() {
        let Ok(line) = line else {
            break;
        };
        out.push_str(&search_terms(&opts.lang, &line).join(" "));
        out.push('\n');
    }
    super::emit(&out);
    0
}
