//! Checks that need the rendered site: `@/` and relative links to pages and headings, `#anchor`
//! links, links the URL policy refuses, and links or images to paths the built site must have,
//! resolved as the site will be deployed (under `base_url`'s path).

use super::context::Context;
use crate::diagnostics::Diagnostics;

/// Reports `@/` links to pages or anchors that do not exist.
pub(super) fn check_links(cx: &Context<'_>, diags: &mut Diagnostics) {
    let default = cx.default_language();
    for page in &cx.site.pages {
        let Some(rendered) = cx.rendered(&page.key, &page.lang) else {
            continue;
        };
        for link in &rendered.links {
            if cx.site.page(&link.target, default).is_none() {
                let why = if cx.site.drafts.contains(link.target.as_str()) {
                    format!(
                        "content/{} is a draft (`draft: true`), left out of this build (`--drafts` includes it)",
                        link.target
                    )
                } else {
                    format!("there is no content/{}", link.target)
                };
                diags.error_at(&page.file, link.line, link.column, format!("link to `@/{}`: {why}", link.target));
                continue;
            }
            let target_broken = cx.site.page(&link.target, default).is_some_and(|p| p.broken);
            if let Some(anchor) = link.anchor.as_ref().filter(|_| !target_broken) {
                let lang = if cx.site.page(&link.target, &page.lang).is_some() { page.lang.as_str() } else { default };
                let has = cx.rendered(&link.target, lang).is_some_and(|r| r.has_anchor(anchor));
                if !has {
                    let message = format!(
                        "link to `@/{}#{anchor}`: the page has no heading with the anchor `{anchor}`",
                        link.target
                    );
                    diags.error_at(&page.file, link.line, link.column, message);
                }
            }
        }
    }
}

/// Reports `#anchor` links to headings the page lacks, and links or images to site paths
/// that the built site does not have.
pub(super) fn check_paths(cx: &Context<'_>, has: &dyn Fn(&str) -> bool, diags: &mut Diagnostics) {
    for page in &cx.site.pages {
        let Some(rendered) = cx.rendered(&page.key, &page.lang) else {
            continue;
        };
        for p in &rendered.shortcode_errors {
            diags.error_at(&page.file, p.at.line, p.at.column, p.message.clone());
        }
        for (dest, at) in &rendered.refused {
            diags.error_at(&page.file, at.line, at.column, crate::urls::refused_message(dest));
        }
        for (dest, at) in &rendered.outside {
            diags.error_at(&page.file, at.line, at.column, format!("link to `{dest}`: it leads outside content/"));
        }
        for (anchor, at) in &rendered.fragments {
            if !rendered.has_anchor(anchor) {
                let message = format!("link to `#{anchor}`: the page has no heading with this anchor");
                diags.error_at(&page.file, at.line, at.column, message);
            }
        }
        let Some(page_url) = cx.urls.page(&page.key, &page.lang) else {
            continue;
        };
        for (dest, at) in &rendered.paths {
            if let Err(message) = check_path(cx, dest, &page_url, has) {
                diags.error_at(&page.file, at.line, at.column, format!("link to `{dest}`: {message}"));
            }
        }
    }
}

/// Whether a link to a site path, on the page at `page_url`, reaches a file of the built site.
fn check_path(cx: &Context<'_>, dest: &str, page_url: &str, has: &dyn Fn(&str) -> bool) -> Result<(), String> {
    let path = dest.split(['?', '#']).next().unwrap_or("");
    let absolute = if path.starts_with('/') {
        let base = &cx.urls.base_path;
        if !base.is_empty() && path != base.as_str() && !path.starts_with(&format!("{base}/")) {
            return Err(format!(
                "the site is served under {base} (base_url), where this path does not exist: \
                 write {base}{path}, a relative link or an `@/` link"
            ));
        }
        path.to_string()
    } else {
        let folder = page_url.trim_start_matches('/');
        match crate::paths::join(folder, path) {
            Some(joined) => {
                let trailing = if path.ends_with('/') && !joined.is_empty() { "/" } else { "" };
                format!("/{joined}{trailing}")
            }
            None => return Err("it climbs above the site's root".to_string()),
        }
    };
    let file = cx.urls.file_of(&absolute);
    let found = has(&file) || has(&format!("{file}/index.html"));
    if found {
        Ok(())
    } else {
        Err(format!("the built site has no {absolute}"))
    }
}
