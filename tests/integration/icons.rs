//! The default theme's icons (`themes/default/static/`): `favicon.svg`, and `favicon.ico`
//! (32×32) and `apple-touch-icon.png` (180×180) drawn here from the same shapes: a globe on the
//! theme's dark blue. The committed files must show what this draws; `IMRF_BLESS=1 cargo test
//! --test integration icons::` draws them again (after a change of the shapes).

use image::{DynamicImage, Rgba, RgbaImage};
use std::path::Path;

const BLUE: [f32; 3] = [0.0, 63.0, 110.0];
const STROKE: f32 = 1.1;

/// The coverage of the background and of the white strokes at a point of the 32-unit square.
fn shapes(u: f32, v: f32, rounded: bool) -> (bool, bool) {
    let r = if rounded { 6.0 } else { 0.0 };
    let (cx, cy) = ((u - 16.0).abs() - (16.0 - r), (v - 16.0).abs() - (16.0 - r));
    let in_square = u >= 0.0 && v >= 0.0 && u <= 32.0 && v <= 32.0;
    let background = in_square && (cx <= 0.0 || cy <= 0.0 || cx * cx + cy * cy <= r * r);
    let (x, y) = (u - 16.0, v - 16.0);
    let circle = ((x * x + y * y).sqrt() - 10.0).abs() < STROKE;
    let (a, b) = (4.5f32, 10.0f32);
    let g = (x / a).powi(2) + (y / b).powi(2) - 1.0;
    let grad = ((2.0 * x / (a * a)).powi(2) + (2.0 * y / (b * b)).powi(2)).sqrt().max(1e-3);
    let ellipse = (g / grad).abs() < STROKE;
    let equator = y.abs() < STROKE && (6.0..=26.0).contains(&u);
    (background, background && (circle || ellipse || equator))
}

/// The icon at `size` pixels, each pixel the average of 4 × 4 samples.
fn draw(size: u32, rounded: bool) -> RgbaImage {
    let scale = 32.0 / size as f32;
    RgbaImage::from_fn(size, size, |px, py| {
        let (mut rgb, mut alpha) = ([0.0f32; 3], 0.0f32);
        for sy in 0..4 {
            for sx in 0..4 {
                let u = (px as f32 + (sx as f32 + 0.5) / 4.0) * scale;
                let v = (py as f32 + (sy as f32 + 0.5) / 4.0) * scale;
                let (background, white) = shapes(u, v, rounded);
                if background {
                    let c = if white { [255.0; 3] } else { BLUE };
                    (0..3).for_each(|i| rgb[i] += c[i] / 16.0);
                    alpha += 1.0 / 16.0;
                }
            }
        }
        let un = |c: f32| if alpha > 0.0 { (c / alpha).round() as u8 } else { 0 };
        Rgba([un(rgb[0]), un(rgb[1]), un(rgb[2]), (alpha * 255.0).round() as u8])
    })
}

fn png(image: &RgbaImage) -> Vec<u8> {
    let mut out = Vec::new();
    let encoder = image::codecs::png::PngEncoder::new_with_quality(
        &mut out,
        image::codecs::png::CompressionType::Best,
        image::codecs::png::FilterType::Adaptive,
    );
    DynamicImage::ImageRgba8(image.clone()).write_with_encoder(encoder).unwrap();
    out
}

/// An ICO file holding one PNG (valid since Windows Vista, and in every browser).
fn ico(image: &RgbaImage) -> Vec<u8> {
    let data = png(image);
    let mut out = vec![0, 0, 1, 0, 1, 0];
    out.extend([image.width() as u8, image.height() as u8, 0, 0]);
    out.extend(1u16.to_le_bytes());
    out.extend(32u16.to_le_bytes());
    out.extend((data.len() as u32).to_le_bytes());
    out.extend(22u32.to_le_bytes());
    out.extend(data);
    out
}

fn static_dir() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static")
}

#[test]
fn the_committed_icons_are_what_the_shapes_draw() {
    let favicon = draw(32, true);
    let touch = draw(180, false);
    if std::env::var_os("IMRF_BLESS").is_some() {
        std::fs::write(static_dir().join("favicon.ico"), ico(&favicon)).unwrap();
        std::fs::write(static_dir().join("apple-touch-icon.png"), png(&touch)).unwrap();
    }
    let ico_bytes = std::fs::read(static_dir().join("favicon.ico")).unwrap();
    assert_eq!(&ico_bytes[..6], &[0, 0, 1, 0, 1, 0], "an ICO header with one image");
    let inner = image::load_from_memory(&ico_bytes[22..]).unwrap().to_rgba8();
    assert_eq!(inner, favicon, "favicon.ico: run IMRF_BLESS=1 cargo test --test integration icons::");
    let touch_bytes = std::fs::read(static_dir().join("apple-touch-icon.png")).unwrap();
    let decoded = image::load_from_memory(&touch_bytes).unwrap().to_rgba8();
    assert_eq!(decoded.dimensions(), (180, 180));
    assert_eq!(decoded, touch, "apple-touch-icon.png: run IMRF_BLESS=1 cargo test --test integration icons::");
    // Small: every page asks for them.
    assert!(ico_bytes.len() < 4096 && touch_bytes.len() < 16384, "{} {}", ico_bytes.len(), touch_bytes.len());
    // The apple-touch icon is opaque: iOS draws its own corners, and transparency turns black.
    assert!(decoded.pixels().all(|p| p[3] == 255));
    let svg = std::fs::read_to_string(static_dir().join("favicon.svg")).unwrap();
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 32 32\">"), "{svg}");
}
