//! Checks that need the rendered site: `@/` and relative links to pages and headings, `#anchor`
//! links, and links or images to paths the built site must have.

use super::{cached, Output, Renderer};
use crate::diagnostics::Diagnostics;

impl Renderer<'_> {
    /// Reports `@/` links to pages or anchors that do not exist.
    pub(super) fn check_links(&self, diags: &mut Diagnostics) {
        let default = self.default_language();
        for page in &self.site.pages {
            let Some(rendered) = cached(self.rendered, &page.key, &page.lang) else {
                continue;
            };
            for link in &rendered.links {
                if self.site.page(&link.target, default).is_none() {
                    diags.error(
                        &page.file,
                        Some(link.line),
                        format!("link to `@/{}`: there is no content/{}", link.target, link.target),
                    );
                    continue;
                }
                if let Some(anchor) = &link.anchor {
                    let lang =
                        if self.site.page(&link.target, &page.lang).is_some() { page.lang.as_str() } else { default };
                    let has = cached(self.rendered, &link.target, lang).is_some_and(|r| r.anchors.contains(anchor));
                    if !has {
                        diags.error(
                            &page.file,
                            Some(link.line),
                            format!(
                                "link to `@/{}#{anchor}`: the page has no heading with the anchor `{anchor}`",
                                link.target
                            ),
                        );
                    }
                }
            }
        }
    }

    /// Reports `#anchor` links to headings the page lacks, and links or images to site paths
    /// that the built site does not have.
    pub(super) fn check_paths(&self, output: &Output, diags: &mut Diagnostics) {
        for page in &self.site.pages {
            let Some(rendered) = cached(self.rendered, &page.key, &page.lang) else {
                continue;
            };
            for (dest, line) in &rendered.outside {
                diags.error(&page.file, Some(*line), format!("link to `{dest}`: it leads outside content/"));
            }
            for (anchor, line) in &rendered.fragments {
                if !rendered.anchors.contains(anchor) {
                    diags.error(
                        &page.file,
                        Some(*line),
                        format!("link to `#{anchor}`: the page has no heading with this anchor"),
                    );
                }
            }
            let Some(page_url) = self.page_url(&page.key, &page.lang) else {
                continue;
            };
            for (dest, line) in &rendered.paths {
                let path = dest.split(['?', '#']).next().unwrap_or("");
                let absolute = if path.starts_with('/') { path.to_string() } else { join_url(&page_url, path) };
                let file = self.file_of(&absolute);
                let found = output.contains_key(&file) || output.contains_key(&format!("{file}/index.html"));
                if !found {
                    diags.error(&page.file, Some(*line), format!("link to `{dest}`: the built site has no {absolute}"));
                }
            }
        }
    }
}

/// `base` (a folder URL) joined with a relative path, `.` and `..` resolved.
fn join_url(base: &str, rel: &str) -> String {
    let mut parts: Vec<&str> = base.split('/').filter(|p| !p.is_empty()).collect();
    for seg in rel.split('/') {
        match seg {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let trailing = if rel.ends_with('/') || rel.is_empty() { "/" } else { "" };
    format!("/{}{trailing}", parts.join("/"))
}

#[cfg(test)]
mod tests {
    #[test]
    fn urls_join() {
        assert_eq!(super::join_url("/en/notes/x/", "../y/"), "/en/notes/y/");
        assert_eq!(super::join_url("/en/notes/x/", "img.png"), "/en/notes/x/img.png");
        assert_eq!(super::join_url("/en/", "../../style.css"), "/style.css");
    }
}
