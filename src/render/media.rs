//! The pictures' files: the copies made of every picture pages show, and the originals of those
//! kept in `content/` (static pictures are copied with the other static files). A picture's file
//! never replaces another file of the site.

use super::context::Context;
use super::{Files, Render, Scope};

/// The renderer of the pictures' files.
pub(super) struct ImageFiles;

impl Render for ImageFiles {
    fn name(&self) -> &'static str {
        "images"
    }

    fn render(&self, cx: &Context<'_>, scope: &Scope<'_>, files: &mut Files<'_>) {
        if !matches!(scope, Scope::All) {
            return;
        }
        for (path, bytes) in cx.media.files() {
            files.file(
                path.clone(),
                bytes.clone(),
                super::Provenance::BuiltIn(format!("picture `{path}` or one of its copies")),
            );
        }
    }
}
