//! Images: the picture files that pages show, found from the Markdown of the whole site, read,
//! measured and made responsive, once per file, before any page is rendered.
//!
//! - **Where a picture is**: a root-relative path (`/images/map.png`, below `base_url`'s path) is
//!   a file of `static/` (or of the theme's static files); a relative path (`map.png`,
//!   `img/map.png`) is read from beside the page's file in `content/`, as relative links to `.md`
//!   files are. A picture of `content/` is published once, for every language, at its content
//!   path with each segment made a slug (`content/Notes/Carte 1.PNG` → `/notes/carte-1.png`).
//! - **What a page gets** ([`Media::html`]): `width` and `height` from the file's header (read by
//!   `imagesize`; a JPEG's EXIF orientation turns them), `loading="lazy"` (the page renderer
//!   takes it off the first picture of a page), and for PNG, JPEG and WebP files smaller copies
//!   (480, 960 and 1600 pixels wide, never wider than the file) in `srcset`, with WebP copies
//!   in a `<source>` when they weigh less than the original format's. SVG and other formats are
//!   passed through with their size.
//! - **Alt text**: a Markdown picture without one (`![](map.png)`) is an error at its line; a
//!   purely decorative picture goes through the `figure` shortcode with `decorative=true`.
//! - **Problems** (a missing, unreadable or corrupt file) are errors at the line of every page
//!   that shows the picture, naming the file.
//!
//! Resizing and encoding ([`process`]) run in parallel and are kept in a cache folder
//! ([`cache`]), so a rebuild redoes nothing; the output is the same bytes whatever the cache held.

mod cache;
mod process;
pub mod svg;

use crate::content::{Page, Site};
use crate::diagnostics::{Diagnostic, Severity};
use crate::markdown::{image_placeholder, ImageRef, Rendered};
use crate::paths::is_image_name;
use crate::theme::Theme;
use crate::urls::{self, Kind};
use rayon::prelude::*;
use std::collections::BTreeMap;

/// The widths of the smaller copies of a raster picture (those below its own width are made).
pub const WIDTHS: [u32; 3] = [480, 960, 1600];

/// How wide a picture is shown: the text column (`.content`, 48rem) or the whole screen.
const SIZES: &str = "(max-width: 48rem) 100vw, 48rem";

/// Whether imrf reads the picture `src` names: a path of the site to a picture file (another
/// path is checked to exist like any link, and shown as it is).
fn read_by_imrf(src: &str) -> bool {
    urls::classify(src) == Kind::SitePath && is_image_name(src)
}

/// The file a picture comes from.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Origin {
    /// A file of `content/`, by its content-relative path.
    Content(String),
    /// A static file (the site's `static/`, else the theme's), by its path in the output.
    Static(String),
}

impl Origin {
    /// The file as messages name it.
    pub fn shown(&self) -> String {
        match self {
            Origin::Content(p) => format!("content/{p}"),
            Origin::Static(p) => format!("static/{p}"),
        }
    }
}

/// The encodings imrf reads and writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Format {
    Png,
    Jpeg,
    Webp,
    Svg,
    /// Any other picture (GIF, AVIF…): published as it is.
    Other,
}

impl Format {
    pub fn extension(self) -> &'static str {
        match self {
            Format::Png => "png",
            Format::Jpeg => "jpg",
            Format::Webp => "webp",
            Format::Svg => "svg",
            Format::Other => "",
        }
    }

    fn mime(self) -> &'static str {
        match self {
            Format::Png => "image/png",
            Format::Jpeg => "image/jpeg",
            Format::Webp => "image/webp",
            Format::Svg => "image/svg+xml",
            Format::Other => "",
        }
    }
}

/// A copy of a picture at one width.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Variant {
    /// Its path in the output (`notes/map-480w.png`).
    pub path: String,
    pub width: u32,
}

/// A picture, measured and with its copies made.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Image {
    /// The full-size original's path in the output, below the base path (`notes/map.png`).
    pub path: String,
    pub format: Format,
    /// The size shown (a JPEG's EXIF orientation applied); `None` for an SVG without one.
    pub size: Option<(u32, u32)>,
    /// Copies in the original format, narrowest first, ending with the original itself.
    pub variants: Vec<Variant>,
    /// WebP copies at the same widths, when they weigh less than `variants`; else empty.
    pub webp: Vec<Variant>,
}

/// Every picture of the site, the files they add to the output, and the problems met.
#[derive(Default)]
pub struct Media {
    images: BTreeMap<Origin, Result<Image, String>>,
    /// Output files: copies, and the originals of `content/` (static files are copied as such).
    files: Vec<(String, Vec<u8>)>,
    /// Errors at the lines of the pages that show a picture.
    pub problems: Vec<Diagnostic>,
}

/// A picture shown by a page: where, and what it says.
struct Shown<'p> {
    page: &'p Page,
    src: String,
    alt: Option<String>,
    line: usize,
}

impl Media {
    /// Finds, reads and processes every picture the pages of `site` show.
    pub fn build(site: &Site, theme: &Theme, markdown: &crate::markdown::Cache) -> Media {
        let mut shown = Vec::new();
        for page in &site.pages {
            if let Some(rendered) = markdown.get(&page.key).and_then(|m| m.get(&page.lang)) {
                shown.extend(shown_by(page, rendered));
            }
        }
        let base = &site.config.base_path;
        let mut wanted: BTreeMap<Origin, ()> = BTreeMap::new();
        let mut media = Media::default();
        for s in &shown {
            if s.alt.as_deref() == Some("") {
                let message = format!(
                    "picture `{}` has no alt text: write what it shows between the brackets (`![…]({})`); \
                     a purely decorative picture goes through `{{{{ figure(src=\"{}\", decorative=true) }}}}`",
                    s.src, s.src, s.src
                );
                media.error(s.page, s.line, message);
            }
            if !read_by_imrf(&s.src) {
                continue;
            }
            match locate(&s.page.section, &s.src, base) {
                Ok(origin) => {
                    wanted.insert(origin, ());
                }
                Err(e) => media.error(s.page, s.line, format!("picture `{}`: {e}", s.src)),
            }
        }
        let cache = cache::Cache::open(&site.root);
        let processed: Vec<(Origin, Result<process::Processed, String>)> = wanted
            .into_keys()
            .collect::<Vec<_>>()
            .into_par_iter()
            .map(|origin| {
                let result = read(site, theme, &origin).and_then(|bytes| process::process(&origin, bytes, &cache));
                (origin, result)
            })
            .collect();
        // Two files of `content/` whose names make one URL (`Map.png`, `map.png`) are an error.
        let mut published: BTreeMap<String, Origin> = BTreeMap::new();
        for (origin, result) in processed {
            let image = result.and_then(|p| match published.get(&p.image.path) {
                Some(first) => {
                    Err(format!("{} is published at /{} too: rename one of them", first.shown(), p.image.path))
                }
                None => {
                    published.insert(p.image.path.clone(), origin.clone());
                    media.files.extend(p.files);
                    Ok(p.image)
                }
            });
            media.images.insert(origin, image);
        }
        for s in &shown {
            if !read_by_imrf(&s.src) {
                continue;
            }
            if let Ok(origin) = locate(&s.page.section, &s.src, base) {
                if let Some(Err(e)) = media.images.get(&origin) {
                    let message = format!("picture `{}` ({}): {e}", s.src, origin.shown());
                    media.error(s.page, s.line, message);
                }
            }
        }
        media
    }

    fn error(&mut self, page: &Page, line: usize, message: String) {
        self.problems.push(Diagnostic {
            path: page.file.clone(),
            line: Some(line),
            column: None,
            severity: Severity::Error,
            message,
        });
    }

    /// The files pictures add to the output, by path (below the base path).
    pub fn files(&self) -> &[(String, Vec<u8>)] {
        &self.files
    }

    /// The picture `src` shows on a page of the folder `dir`, when it was read without a problem.
    pub fn get(&self, dir: &str, src: &str, base_path: &str) -> Option<&Image> {
        let origin = locate(dir, src, base_path).ok()?;
        self.images.get(&origin)?.as_ref().ok()
    }

    /// Whether every picture a page shows was found, read and has its alt text: the dev server
    /// re-renders an edited page alone only then.
    pub fn covers(&self, page: &Page, rendered: &Rendered, base_path: &str) -> bool {
        shown_by(page, rendered).iter().all(|s| {
            s.alt.as_deref() != Some("")
                && (!read_by_imrf(&s.src)
                    || locate(&page.section, &s.src, base_path)
                        .is_ok_and(|o| self.images.get(&o).is_some_and(|r| r.is_ok())))
        })
    }

    /// The HTML of each Markdown picture of a page (in folder `dir`), in order; URLs start with
    /// `prefix` (the base path, or the whole base URL for feeds).
    pub fn tags(&self, dir: &str, images: &[ImageRef], base_path: &str, prefix: &str) -> Vec<String> {
        images
            .iter()
            .map(|image| {
                let found = if read_by_imrf(&image.src) { self.get(dir, &image.src, base_path) } else { None };
                match found {
                    Some(found) => picture(found, &image.alt, &image.title, prefix),
                    None => plain_img(&image.src, &image.alt, &image.title),
                }
            })
            .collect()
    }

    /// `html` with the placeholder of every Markdown picture of a page replaced by its HTML
    /// (`tags`, from [`Media::tags`]).
    pub fn fill(mut html: String, tags: &[String]) -> String {
        for (n, tag) in tags.iter().enumerate() {
            html = html.replacen(&image_placeholder(n), tag, 1);
        }
        html
    }
}

/// The pictures a page shows: its Markdown pictures and the `src` of its shortcodes.
fn shown_by<'p>(page: &'p Page, rendered: &Rendered) -> Vec<Shown<'p>> {
    let mut out: Vec<Shown<'p>> = rendered
        .images
        .iter()
        .map(|i| Shown { page, src: i.src.clone(), alt: Some(i.alt.clone()), line: i.line })
        .collect();
    for call in &rendered.shortcodes {
        if let Some(src) = call.args.get("src").and_then(|v| v.as_str()).filter(|s| is_image_name(s)) {
            out.push(Shown { page, src: src.to_string(), alt: None, line: call.line });
        }
    }
    out
}

/// The file a picture's `src` names, on a page of the content folder `dir`.
fn locate(dir: &str, src: &str, base_path: &str) -> Result<Origin, String> {
    let path = crate::paths::decode(src.split(['?', '#']).next().unwrap_or(""));
    if let Some(rooted) = path.strip_prefix('/') {
        let below = if base_path.is_empty() { Some(rooted) } else { path.strip_prefix(&format!("{base_path}/")) };
        return match below {
            Some(p) if !p.is_empty() => Ok(Origin::Static(p.to_string())),
            _ => Err(format!(
                "the site is served under {base_path} (base_url), where this path does not exist: \
                 write {base_path}{path}, or a path relative to the page"
            )),
        };
    }
    crate::paths::join(dir, &path).map(Origin::Content).ok_or_else(|| "it leads outside content/".to_string())
}

/// The bytes of a picture's file.
fn read(site: &Site, theme: &Theme, origin: &Origin) -> Result<Vec<u8>, String> {
    // A picture is read inside its folder: a symbolic link out of it is refused.
    let shown = origin.shown();
    let file = match origin {
        Origin::Content(p) => crate::paths::inside(&site.root.join("content"), p, &shown).map_err(|e| e.to_string())?,
        Origin::Static(p) => {
            let file = crate::paths::inside(&site.root.join("static"), p, &shown).map_err(|e| e.to_string())?;
            if !file.is_file() {
                if let Some(bytes) = theme.statics.get(p) {
                    return Ok(bytes.clone());
                }
            }
            file
        }
    };
    match std::fs::read(crate::paths::on_disk(&file)) {
        Ok(bytes) => Ok(bytes),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Err(format!("there is no {}", origin.shown())),
        Err(e) => Err(format!("cannot read the file: {e}")),
    }
}

/// A path of the output as an attribute value: characters a URL or a `srcset` cannot hold
/// as they are percent-encoded.
fn url_of(prefix: &str, path: &str) -> String {
    format!("{prefix}/{}", crate::paths::encode(path))
}

/// The `<picture>` (or `<img>`) of a processed picture.
fn picture(image: &Image, alt: &str, title: &str, prefix: &str) -> String {
    let srcset = |list: &[Variant]| {
        list.iter().map(|v| format!("{} {}w", url_of(prefix, &v.path), v.width)).collect::<Vec<_>>().join(", ")
    };
    let mut img = format!("<img src=\"{}\"", crate::escape::html(&url_of(prefix, &image.path)));
    if image.variants.len() > 1 {
        img.push_str(&format!(" srcset=\"{}\" sizes=\"{SIZES}\"", crate::escape::html(&srcset(&image.variants))));
    }
    if let Some((w, h)) = image.size {
        img.push_str(&format!(" width=\"{w}\" height=\"{h}\""));
    }
    img.push_str(&format!(" alt=\"{}\"", crate::escape::html(alt)));
    if !title.is_empty() {
        img.push_str(&format!(" title=\"{}\"", crate::escape::html(title)));
    }
    img.push_str(" loading=\"lazy\" decoding=\"async\">");
    if image.webp.is_empty() {
        return img;
    }
    format!(
        "<picture><source type=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\">{img}</picture>",
        Format::Webp.mime(),
        crate::escape::html(&srcset(&image.webp))
    )
}

/// An `<img>` of a picture imrf does not process (an external one, or one in error).
fn plain_img(src: &str, alt: &str, title: &str) -> String {
    let mut img = format!("<img src=\"{}\" alt=\"{}\"", crate::escape::href(src), crate::escape::html(alt));
    if !title.is_empty() {
        img.push_str(&format!(" title=\"{}\"", crate::escape::html(title)));
    }
    img.push_str(" loading=\"lazy\">");
    img
}

/// Takes `loading="lazy"` off the first picture of a page's HTML: the first picture is often
/// in view when the page opens, and a lazy one would arrive late.
pub fn eager_first(html: &mut String) {
    let Some(start) = html.find("<img ") else {
        return;
    };
    let end = html[start..].find('>').map_or(html.len(), |e| start + e);
    if let Some(at) = html[start..end].find(" loading=\"lazy\"") {
        html.replace_range(start + at..start + at + " loading=\"lazy\"".len(), "");
    }
}

impl Media {
    /// The HTML of the picture a shortcode shows (`src`), for its template (`picture`); URLs
    /// start with `prefix`, as in [`Media::tags`].
    pub fn shortcode_picture(&self, dir: &str, src: &str, alt: &str, base_path: &str, prefix: &str) -> Option<String> {
        self.get(dir, src, base_path).map(|image| picture(image, alt, "", prefix))
    }
}

/// The first raster picture a page shows (Markdown or shortcode, by line), for social previews:
/// the picture and its alt text.
pub fn first_raster<'m>(
    media: &'m Media,
    page: &Page,
    rendered: &Rendered,
    base_path: &str,
) -> Option<(&'m Image, String)> {
    let mut shown = shown_by(page, rendered);
    shown.sort_by_key(|s| s.line);
    shown.iter().find_map(|s| {
        let image = media.get(&page.section, &s.src, base_path)?;
        let alt = s.alt.clone().unwrap_or_else(|| shortcode_alt(rendered, s.line));
        matches!(image.format, Format::Png | Format::Jpeg | Format::Webp).then_some((image, alt))
    })
}

/// The `alt` of the shortcode call at `line`.
fn shortcode_alt(rendered: &Rendered, line: usize) -> String {
    let call = rendered.shortcodes.iter().find(|c| c.line == line);
    call.and_then(|c| c.args.get("alt")).and_then(|v| v.as_str()).unwrap_or_default().to_string()
}

/// How many picture files of an output and their bytes, for the build's summary.
#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pictures_are_located_beside_the_page_or_in_static() {
        assert_eq!(locate("notes", "map.png", ""), Ok(Origin::Content("notes/map.png".into())));
        assert_eq!(locate("notes", "../img/a%20b.png", ""), Ok(Origin::Content("img/a b.png".into())));
        assert_eq!(locate("", "/images/x.png", ""), Ok(Origin::Static("images/x.png".into())));
        assert_eq!(locate("", "/kb/images/x.png", "/kb"), Ok(Origin::Static("images/x.png".into())));
        assert!(locate("", "/images/x.png", "/kb").unwrap_err().contains("write /kb/images/x.png"));
        assert!(locate("notes", "../../x.png", "").is_err());
    }

    #[test]
    fn the_first_picture_is_not_lazy() {
        let mut html = "<p><img src=\"a\" loading=\"lazy\"></p><img src=\"b\" loading=\"lazy\">".to_string();
        eager_first(&mut html);
        assert_eq!(html, "<p><img src=\"a\"></p><img src=\"b\" loading=\"lazy\">");
    }

    #[test]
    fn pictures_offer_their_copies() {
        let v = |path: &str, width| Variant { path: path.into(), width };
        let image = Image {
            path: "n/m.png".into(),
            format: Format::Png,
            size: Some((1000, 500)),
            variants: vec![v("n/m-480w.png", 480), v("n/m.png", 1000)],
            webp: vec![v("n/m-480w.webp", 480), v("n/m-1000w.webp", 1000)],
        };
        let html = picture(&image, "A \"map\"", "", "/kb");
        assert!(html.starts_with("<picture><source type=\"image/webp\" srcset=\"/kb/n/m-480w.webp 480w, "), "{html}");
        assert!(html.contains("src=\"/kb/n/m.png\" srcset=\"/kb/n/m-480w.png 480w, /kb/n/m.png 1000w\""), "{html}");
        assert!(html.contains("width=\"1000\" height=\"500\" alt=\"A &quot;map&quot;\" loading=\"lazy\""), "{html}");
        assert!(is_image_name("a/B.JPG?x") && !is_image_name("a/b.pdf"));
    }
}
