//! The site as the commands and the dev server see it: its content loaded
//! ([`crate::content::load`]) and then checked as a whole, translations included
//! ([`crate::i18n::check_translations`]: stale translations, data texts, the glossary). It sits
//! above both, so that the loader knows nothing of what a translation's state is.

use crate::content::{self, LoadOptions, Site};
use crate::diagnostics::Diagnostics;
use std::path::Path;

/// Loads the site at `root` and checks its translations; `None` when it cannot be loaded at all
/// (its problems are in `diags`).
pub fn load(root: &Path, options: &LoadOptions, diags: &mut Diagnostics) -> Option<Site> {
    let site = content::load(root, options, diags)?;
    crate::i18n::check_translations(&site, diags);
    Some(site)
}
