//! Social previews: what a social network or a chat application shows when a page is shared.
//! Every page carries Open Graph and Twitter card values (`page.social`, printed by the theme's
//! `base.html`, escaped by Tera like every value):
//!
//! - `og:type` is `article` for a content page and `website` for the home page, sections and
//!   indexes; `og:url` is the canonical URL (the original's, on a fallback page);
//! - `og:locale` is the locale of the text shown (from site.toml's `locale`, else the table in
//!   `config::default_locale`), and `og:locale:alternate` lists real translations only;
//! - `og:image` is the page's first raster picture (PNG, JPEG or WebP: networks show no SVG) as an
//!   absolute URL, else site.toml's `social_image`, which must exist in the built site; the card
//!   is `summary_large_image` with a picture, else `summary`.

use super::context::Context;
use super::views::{PageView, SocialImage, SocialView};
use crate::content::Page;
use crate::diagnostics::Diagnostics;

/// The social values of a page view; `shown` is the content page whose text it shows.
pub(super) fn view(cx: &Context<'_>, page: &PageView, shown: Option<&Page>) -> SocialView {
    let locale_of = |code: &str| cx.site.config.language(code).map(|l| l.locale.clone());
    let locale = locale_of(&page.lang).unwrap_or_default();
    let alternate_locales = page
        .alternates
        .iter()
        .filter(|a| a.hreflang != page.lang)
        .filter_map(|a| locale_of(&a.hreflang))
        .filter(|l| *l != locale)
        .collect();
    let image = shown.and_then(|p| first_picture(cx, p)).or_else(|| default_picture(cx));
    SocialView {
        og_type: if shown.is_some_and(|p| !p.is_section) { "article" } else { "website" }.to_string(),
        locale,
        alternate_locales,
        card: if image.is_some() { "summary_large_image" } else { "summary" }.to_string(),
        image,
    }
}

/// The first raster picture a page shows.
fn first_picture(cx: &Context<'_>, page: &Page) -> Option<SocialImage> {
    let rendered = cx.rendered_of(page)?;
    let (image, alt) = crate::images::first_raster(cx.media, page, rendered, &cx.urls.base_path)?;
    Some(SocialImage {
        url: cx.urls.permalink(&format!("{}/{}", cx.urls.base_path, crate::paths::encode(&image.path))),
        width: image.size.map(|s| s.0),
        height: image.size.map(|s| s.1),
        alt,
    })
}

/// site.toml's `social_image`.
fn default_picture(cx: &Context<'_>) -> Option<SocialImage> {
    let (path, _) = cx.site.config.social_image.as_ref()?;
    Some(SocialImage {
        url: cx.urls.permalink(&format!("{}{}", cx.urls.base_path, crate::paths::encode(path))),
        width: None,
        height: None,
        alt: String::new(),
    })
}

/// Reports a `social_image` that the built site does not have.
pub(super) fn check_default_image(cx: &Context<'_>, has: &dyn Fn(&str) -> bool, diags: &mut Diagnostics) {
    let Some((path, line)) = &cx.site.config.social_image else {
        return;
    };
    let file = path.trim_start_matches('/');
    if !has(file) {
        diags.error(
            crate::config::CONFIG_FILE,
            *line,
            format!("social_image `{path}`: the built site has no such file (put it in static/{file})"),
        );
    }
}
