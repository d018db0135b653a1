//! Making a picture responsive: its header read (`imagesize`), its copies decoded, resized
//! (Lanczos3) and encoded by the `image` crate, each copy taken from the cache when it is there.
//!
//! Copies are made at the widths of [`super::WIDTHS`] below the picture's own width, never wider:
//! in the original format (PNG, JPEG at quality 82, WebP), and in lossless WebP at those widths
//! and the full width. The WebP copies are offered only when, together, they weigh less than the
//! original format's: lossless WebP is about a quarter smaller than PNG, but larger than a JPEG
//! photograph. Every step is deterministic: the same file gives the same bytes.

use super::cache::Cache;
use super::{Format, Image, Origin, Variant, WIDTHS};
use image::{DynamicImage, ImageDecoder, ImageReader};
use rayon::prelude::*;
use std::io::Cursor;
use std::sync::OnceLock;

/// JPEG quality of the copies.
const JPEG_QUALITY: u8 = 82;

/// A picture and the files it adds to the output.
#[derive(Debug)]
pub struct Processed {
    pub image: Image,
    pub files: Vec<(String, Vec<u8>)>,
}

/// Measures a picture and makes its copies.
pub fn process(origin: &Origin, bytes: Vec<u8>, cache: &Cache) -> Result<Processed, String> {
    let path = published(origin)?;
    let mut files = Vec::new();
    if bytes.len() as u64 > MAX_BYTES {
        return Err(format!(
            "the file weighs {} MB; imrf publishes pictures of at most {} MB: make it smaller",
            bytes.len() / 1_000_000,
            MAX_BYTES / 1_000_000
        ));
    }
    if is_svg(&path, &bytes) {
        super::svg::check(&bytes).map_err(|r| format!("{}:{}: {}", origin.shown(), r.line, r.message))?;
        let image =
            Image { path: path.clone(), format: Format::Svg, size: svg_size(&bytes), variants: vec![], webp: vec![] };
        if matches!(origin, Origin::Content(_)) {
            files.push((path, bytes));
        }
        return Ok(Processed { image, files });
    }
    let kind = imagesize::image_type(&bytes).map_err(|e| unreadable(&e.to_string()))?;
    let size = imagesize::blob_size(&bytes).map_err(|e| unreadable(&e.to_string()))?;
    check_size(size.width, size.height)?;
    let (width, height) = (size.width as u32, size.height as u32);
    let format = match kind {
        imagesize::ImageType::Png => Format::Png,
        imagesize::ImageType::Jpeg => Format::Jpeg,
        imagesize::ImageType::Webp => Format::Webp,
        _ => Format::Other,
    };
    // A JPEG's EXIF orientation: browsers turn the picture, so its size is the turned one.
    let (width, height) = if format == Format::Jpeg && turned(&bytes) { (height, width) } else { (width, height) };
    let mut image = Image { path: path.clone(), format, size: Some((width, height)), variants: vec![], webp: vec![] };
    if format == Format::Other {
        if matches!(origin, Origin::Content(_)) {
            files.push((path, bytes));
        }
        return Ok(Processed { image, files });
    }
    let made = copies(&path, &bytes, format, width, height, cache)?;
    let original = Variant { path: path.clone(), width };
    let (mut same, webp): (Vec<_>, Vec<_>) = made.into_iter().partition(|(_, f, _)| *f == format);
    let weight = |list: &[(Variant, Format, Vec<u8>)]| list.iter().map(|(_, _, b)| b.len()).sum::<usize>();
    let offer_webp = format != Format::Webp && weight(&webp) < weight(&same) + bytes.len();
    image.variants = same.iter().map(|(v, _, _)| v.clone()).chain([original]).collect();
    files.extend(same.drain(..).map(|(v, _, b)| (v.path, b)));
    if offer_webp {
        image.webp = webp.iter().map(|(v, _, _)| v.clone()).collect();
        files.extend(webp.into_iter().map(|(v, _, b)| (v.path, b)));
    }
    if matches!(origin, Origin::Content(_)) {
        files.push((path, bytes));
    }
    Ok(Processed { image, files })
}

/// The largest picture file published (any format).
pub const MAX_BYTES: u64 = 50_000_000;
/// The widest or tallest picture: WebP's own limit, so every copy can be made.
pub const MAX_SIDE: usize = 16_383;
/// The most pixels in a picture (decoded, 40 million pixels take 160 MB).
pub const MAX_PIXELS: u64 = 40_000_000;

/// Refuses, from the size its header declares and before anything is decoded, a picture too
/// large to decode or to copy.
fn check_size(width: usize, height: usize) -> Result<(), String> {
    let pixels = width as u64 * height as u64;
    if width == 0 || height == 0 {
        return Err(format!("the picture declares a size of {width}×{height} pixels"));
    }
    if width > MAX_SIDE || height > MAX_SIDE || pixels > MAX_PIXELS {
        return Err(format!(
            "the picture is {width}×{height} pixels; imrf takes pictures of at most {MAX_SIDE} pixels a side \
             and {} million pixels: scale it down",
            MAX_PIXELS / 1_000_000
        ));
    }
    Ok(())
}

/// The decoder's own limits, beyond [`check_size`]: a header that lies is caught while decoding.
fn limits() -> image::Limits {
    let mut limits = image::Limits::default();
    limits.max_image_width = Some(MAX_SIDE as u32);
    limits.max_image_height = Some(MAX_SIDE as u32);
    limits.max_alloc = Some(MAX_PIXELS * 4 * 2);
    limits
}

fn unreadable(e: &str) -> String {
    format!("the file is not a picture imrf can read ({e})")
}

/// The copies of a raster picture: (where, format, bytes), narrowest first.
fn copies(
    path: &str,
    bytes: &[u8],
    format: Format,
    width: u32,
    height: u32,
    cache: &Cache,
) -> Result<Vec<(Variant, Format, Vec<u8>)>, String> {
    let smaller: Vec<u32> = WIDTHS.into_iter().filter(|w| *w < width).collect();
    let mut jobs: Vec<(u32, Format)> = smaller.iter().map(|w| (*w, format)).collect();
    if format != Format::Webp {
        jobs.extend(smaller.iter().chain([&width]).map(|w| (*w, Format::Webp)));
    }
    let source = crate::hash::checksum(bytes);
    let decoded: OnceLock<Result<DynamicImage, String>> = OnceLock::new();
    let decode = || decoded.get_or_init(|| decode(bytes)).as_ref().map_err(Clone::clone);
    if jobs.is_empty() {
        // Nothing to make: the picture is still decoded whole, so that a damaged file is found.
        decode()?;
    }
    let (stem, _) = path.rsplit_once('.').unwrap_or((path, ""));
    jobs.par_iter()
        .map(|&(w, f)| {
            let key = Cache::key(&source, w, f.extension());
            let bytes = match cache.get(&key) {
                Some(b) => b,
                None => {
                    let h = (u64::from(height) * u64::from(w) + u64::from(width) / 2) / u64::from(width);
                    let b = encode(decode()?, w, (h as u32).max(1), f)?;
                    cache.put(&key, &b);
                    b
                }
            };
            Ok((Variant { path: format!("{stem}-{w}w.{}", f.extension()), width: w }, f, bytes))
        })
        .collect()
}

/// Whether a JPEG's EXIF orientation turns it a quarter (its width and height swap).
fn turned(bytes: &[u8]) -> bool {
    use image::metadata::Orientation::*;
    let orientation = ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()
        .and_then(|mut r| {
            r.limits(limits());
            r.into_decoder().ok()
        })
        .and_then(|mut d| d.orientation().ok());
    matches!(orientation, Some(Rotate90 | Rotate270 | Rotate90FlipH | Rotate270FlipH))
}

/// The whole picture, turned as its EXIF orientation says, in 8-bit RGB(A).
fn decode(bytes: &[u8]) -> Result<DynamicImage, String> {
    let damaged = |e: &dyn std::fmt::Display| format!("the file is damaged or not the picture it claims to be ({e})");
    let mut reader = ImageReader::new(Cursor::new(bytes)).with_guessed_format().map_err(|e| damaged(&e))?;
    reader.limits(limits());
    let mut decoder = reader.into_decoder().map_err(|e| damaged(&e))?;
    let orientation = decoder.orientation().map_err(|e| damaged(&e))?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(|e| damaged(&e))?;
    image.apply_orientation(orientation);
    Ok(if image.color().has_alpha() {
        DynamicImage::ImageRgba8(image.to_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.to_rgb8())
    })
}

/// One copy, `width` × `height`, in `format`.
fn encode(image: &DynamicImage, width: u32, height: u32, format: Format) -> Result<Vec<u8>, String> {
    let resized;
    let image = if width == image.width() {
        image
    } else {
        resized = image.resize_exact(width, height, image::imageops::FilterType::Lanczos3);
        &resized
    };
    let mut out = Vec::new();
    let result = match format {
        Format::Png => {
            use image::codecs::png::{CompressionType, FilterType, PngEncoder};
            image.write_with_encoder(PngEncoder::new_with_quality(
                &mut out,
                CompressionType::Best,
                FilterType::Adaptive,
            ))
        }
        Format::Jpeg => {
            let rgb = DynamicImage::ImageRgb8(image.to_rgb8());
            rgb.write_with_encoder(image::codecs::jpeg::JpegEncoder::new_with_quality(&mut out, JPEG_QUALITY))
        }
        Format::Webp => image.write_with_encoder(image::codecs::webp::WebPEncoder::new_lossless(&mut out)),
        Format::Svg | Format::Other => return Err("imrf makes no copies of this format".to_string()),
    };
    result.map_err(|e| format!("a copy {width} pixels wide could not be encoded: {e}"))?;
    Ok(out)
}

/// Where a picture is published, below the base path: a static file where it is; a content
/// file at its content path, each segment made a slug, the ending lowercased.
fn published(origin: &Origin) -> Result<String, String> {
    let rel = match origin {
        Origin::Static(p) => return Ok(p.clone()),
        Origin::Content(p) => p,
    };
    let (folders, name) = rel.rsplit_once('/').map_or(("", rel.as_str()), |(f, n)| (f, n));
    let (stem, ext) = name.rsplit_once('.').unwrap_or((name, ""));
    let mut segments: Vec<String> = folders.split('/').filter(|s| !s.is_empty()).map(crate::paths::slugify).collect();
    segments.push(format!("{}.{}", crate::paths::slugify(stem), ext.to_ascii_lowercase()));
    if segments.iter().any(|s| s.is_empty() || s.starts_with('.')) {
        return Err(format!("`{rel}` has a file or folder name without a letter or digit to make its URL of"));
    }
    Ok(segments.join("/"))
}

/// Whether a file is an SVG picture: by its ending, or by its text.
fn is_svg(path: &str, bytes: &[u8]) -> bool {
    path.to_ascii_lowercase().ends_with(".svg")
        || std::str::from_utf8(&bytes[..bytes.len().min(512)]).is_ok_and(|t| t.trim_start().starts_with("<svg"))
}

/// An SVG's size: its `width` and `height` in pixels, else its `viewBox`'s.
fn svg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let text = String::from_utf8_lossy(bytes);
    let start = text.find("<svg")?;
    let tag = &text[start..start + text[start..].find('>')?];
    let attr = |name: &str| {
        let at = tag.find(&format!(" {name}="))? + name.len() + 2;
        let quote = tag[at..].chars().next()?;
        let value = &tag[at + 1..];
        Some(value[..value.find(quote)?].trim().to_string())
    };
    let pixels = |v: String| v.strip_suffix("px").unwrap_or(&v).parse::<f64>().ok().filter(|n| *n > 0.0);
    if let (Some(w), Some(h)) = (attr("width").and_then(pixels), attr("height").and_then(pixels)) {
        return Some((w.round() as u32, h.round() as u32));
    }
    let view: Vec<f64> = attr("viewBox")?.split([' ', ',']).filter_map(|n| n.parse().ok()).collect();
    (view.len() == 4 && view[2] > 0.0 && view[3] > 0.0).then(|| (view[2].round() as u32, view[3].round() as u32))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn png(width: u32, height: u32) -> Vec<u8> {
        let image = image::RgbImage::from_fn(width, height, |x, y| image::Rgb([(x % 256) as u8, (y % 256) as u8, 90]));
        let mut out = Vec::new();
        DynamicImage::ImageRgb8(image).write_with_encoder(image::codecs::png::PngEncoder::new(&mut out)).unwrap();
        out
    }

    #[test]
    fn copies_are_made_below_the_pictures_width_and_never_above() {
        let dir = std::env::temp_dir().join(format!("imrf-process-test-{}", std::process::id()));
        let cache = Cache::open(&dir);
        let origin = Origin::Content("Notes/Carte 1.PNG".into());
        let p = process(&origin, png(600, 300), &cache).unwrap();
        assert_eq!(p.image.path, "notes/carte-1.png");
        assert_eq!(p.image.size, Some((600, 300)));
        let widths: Vec<u32> = p.image.variants.iter().map(|v| v.width).collect();
        assert_eq!(widths, [480, 600]);
        let files: Vec<&str> = p.files.iter().map(|(f, _)| f.as_str()).collect();
        assert!(files.contains(&"notes/carte-1-480w.png") && files.contains(&"notes/carte-1.png"), "{files:?}");
        let copy = &p.files.iter().find(|(f, _)| f == "notes/carte-1-480w.png").unwrap().1;
        assert_eq!(imagesize::blob_size(copy).map(|s| (s.width, s.height)).unwrap(), (480, 240));
        // The second time, everything comes from the cache, with the same bytes.
        let again = process(&origin, png(600, 300), &cache).unwrap();
        assert_eq!(again.files, p.files);
        let _ = std::fs::remove_dir_all(&dir);
    }

    #[test]
    fn damaged_files_are_errors() {
        let cache = Cache::open(&std::env::temp_dir().join("imrf-never-written"));
        let origin = Origin::Static("x.png".into());
        assert!(process(&origin, b"png".to_vec(), &cache).unwrap_err().contains("not a picture imrf can read"));
        let mut cut = png(600, 300);
        cut.truncate(cut.len() / 2);
        assert!(process(&origin, cut, &cache).unwrap_err().contains("damaged"));
    }

    #[test]
    fn svg_sizes() {
        assert_eq!(svg_size(b"<svg xmlns='x' width=\"32px\" height=\"16\">"), Some((32, 16)));
        assert_eq!(svg_size(b"<?xml?><svg viewBox=\"0 0 100 50\">"), Some((100, 50)));
        assert_eq!(svg_size(b"<svg>"), None);
    }
}
