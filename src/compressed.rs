//! Texts kept compressed in memory: a site's rendered bodies (their HTML and their plain text
//! for search) stay in memory while a build needs them (the HTML until the last renderer that
//! shows bodies: [`Releasable`]), and LZ4 keeps them in about a third of the space; each is
//! decompressed where it is read, which costs less than the copy a template makes of it. The
//! build cache stores them as they are held, so its packs shrink the same way.

use serde::de::Visitor;

/// A text, LZ4-compressed (its length first); the empty text holds nothing.
#[derive(Clone, Default, PartialEq, Eq)]
pub struct Text(Box<[u8]>);

impl Text {
    pub fn new(text: &str) -> Text {
        if text.is_empty() {
            return Text::default();
        }
        Text(lz4_flex::compress_prepend_size(text.as_bytes()).into_boxed_slice())
    }

    /// The text. A `Text` was made by [`Text::new`], or read from a cache entry whose checksum
    /// matched the bytes written (`crate::cache`): bytes that do not decompress, which only a
    /// forged cache file could hold, read as the empty text, never as a panic (and a cache entry
    /// whose offsets do not fit its texts' recorded lengths is not used: `Rendered::fits`).
    pub fn get(&self) -> String {
        decompress(&self.0).unwrap_or_default()
    }

    /// The length of the text, in bytes, as its compressed form records it (nothing is
    /// decompressed): what a cache entry's offsets into the text are checked against.
    pub fn text_len(&self) -> usize {
        recorded_len(&self.0)
    }

    /// The compressed bytes, which stand for the text in a hash: compression is a function, so
    /// equal texts give equal bytes, and decompression gives the text back, so different texts
    /// give different bytes.
    pub fn bytes(&self) -> &[u8] {
        &self.0
    }
}

/// The length of the text compressed in `bytes`, from the four bytes (little-endian) before it.
fn recorded_len(bytes: &[u8]) -> usize {
    bytes.get(..4).and_then(|b| b.try_into().ok()).map_or(0, |b| u32::from_le_bytes(b) as usize)
}

/// LZ4 never makes a text more than 255 times smaller: a recorded length beyond that is not a
/// compressed text (and is not allocated).
const MAX_RATIO: usize = 255;

/// The text of compressed `bytes`, if they decompress to UTF-8.
fn decompress(bytes: &[u8]) -> Option<String> {
    if bytes.is_empty() {
        return Some(String::new());
    }
    if recorded_len(bytes) > bytes.len().saturating_mul(MAX_RATIO) {
        return None;
    }
    String::from_utf8(lz4_flex::decompress_size_prepended(bytes).ok()?).ok()
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Text({:?})", self.get())
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_bytes(&self.0)
    }
}

impl<'de> serde::Deserialize<'de> for Text {
    /// The bytes as they are: decompressing every text to check it would cost a cached build as
    /// much as reading it (see [`Text::get`] for what a damaged one gives).
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Text, D::Error> {
        struct Bytes;
        impl Visitor<'_> for Bytes {
            type Value = Text;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a compressed text")
            }
            fn visit_bytes<E: serde::de::Error>(self, bytes: &[u8]) -> Result<Text, E> {
                Ok(Text(bytes.into()))
            }
        }
        deserializer.deserialize_bytes(Bytes)
    }
}

/// A [`Text`] that a build lets go once nothing will read it again, through a shared reference
/// (every renderer shares the model): the pages' HTML, after the last renderer that shows bodies
/// (see `render::render_to`), so that the search stage does not hold a site's HTML besides its
/// own texts. Reading it after that is a mistake in imrf, not in the site: it panics rather than
/// publish an empty body.
pub struct Releasable(std::sync::RwLock<Option<Text>>);

impl Releasable {
    pub fn new(text: &str) -> Releasable {
        Releasable::from(Text::new(text))
    }

    fn held(&self) -> std::sync::RwLockReadGuard<'_, Option<Text>> {
        self.0.read().unwrap_or_else(|e| e.into_inner())
    }

    fn with<T>(&self, f: impl FnOnce(&Text) -> T) -> T {
        f(self.held().as_ref().expect("a text is let go only after the last renderer that reads it"))
    }

    /// The text (see [`Text::get`]).
    pub fn get(&self) -> String {
        self.with(Text::get)
    }

    /// See [`Text::text_len`].
    pub fn text_len(&self) -> usize {
        self.with(Text::text_len)
    }

    /// Calls `f` with the compressed bytes (see [`Text::bytes`]).
    pub fn with_bytes<T>(&self, f: impl FnOnce(&[u8]) -> T) -> T {
        self.with(|t| f(t.bytes()))
    }

    /// Lets the text go: nothing may read it any more.
    pub fn release(&self) {
        *self.0.write().unwrap_or_else(|e| e.into_inner()) = None;
    }
}

impl From<Text> for Releasable {
    fn from(text: Text) -> Releasable {
        Releasable(std::sync::RwLock::new(Some(text)))
    }
}

impl Default for Releasable {
    fn default() -> Releasable {
        Releasable::from(Text::default())
    }
}

impl Clone for Releasable {
    fn clone(&self) -> Releasable {
        Releasable(std::sync::RwLock::new(self.held().clone()))
    }
}

impl std::fmt::Debug for Releasable {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self.held().as_ref() {
            Some(text) => text.fmt(f),
            None => f.write_str("Released"),
        }
    }
}

impl serde::Serialize for Releasable {
    /// A text let go cannot be stored: an error (a pack with an item that cannot be serialized
    /// is not written), not a panic.
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.held().as_ref() {
            Some(text) => text.serialize(serializer),
            None => Err(serde::ser::Error::custom("the text was let go")),
        }
    }
}

impl<'de> serde::Deserialize<'de> for Releasable {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Releasable, D::Error> {
        Text::deserialize(deserializer).map(Releasable::from)
    }
}

#[cfg(test)]
mod tests {
    use super::{Releasable, Text};
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn a_text_reads_back_the_same_in_memory_and_through_the_cache(s in "\\PC*") {
            let text = Text::new(&s);
            prop_assert_eq!(text.get(), s.clone());
            let bytes = postcard::to_allocvec(&text).unwrap();
            let back: Text = postcard::from_bytes(&bytes).unwrap();
            prop_assert_eq!(back.get(), s);
        }
    }

    #[test]
    fn a_text_knows_its_length_without_decompressing() {
        for s in ["", "a", "Objective 23: strengthen international cooperation", &"é".repeat(1000)] {
            assert_eq!(Text::new(s).text_len(), s.len());
        }
    }

    #[test]
    fn bytes_that_are_not_a_compressed_text_read_as_the_empty_text() {
        let huge = [&[0xff, 0xff, 0xff, 0x7f][..], b"x"].concat();
        for bytes in [b"\x05\x00\x00\x00garbage".to_vec(), lz4_flex::compress_prepend_size(&[0xff, 0xfe, 0xfd]), huge] {
            let stored = postcard::to_allocvec(&bytes).unwrap();
            let text: Text = postcard::from_bytes(&stored).unwrap();
            assert_eq!(text.get(), "");
        }
    }

    #[test]
    fn a_releasable_text_reads_and_stores_as_a_text_until_it_is_let_go() {
        let prose = "Objective 23: strengthen international cooperation. ".repeat(20);
        let held = Releasable::new(&prose);
        assert_eq!(held.get(), prose);
        assert_eq!(held.text_len(), prose.len());
        held.with_bytes(|b| assert_eq!(b, Text::new(&prose).bytes()));
        let stored = postcard::to_allocvec(&held).unwrap();
        assert_eq!(stored, postcard::to_allocvec(&Text::new(&prose)).unwrap());
        let back: Releasable = postcard::from_bytes(&stored).unwrap();
        assert_eq!(back.get(), prose);
        let copy = held.clone();
        held.release();
        assert_eq!(copy.get(), prose);
        assert_eq!(format!("{held:?}"), "Released");
        let read = std::panic::catch_unwind(|| held.get());
        assert!(read.is_err(), "a text let go is never read as the empty text");
        assert!(postcard::to_allocvec(&held).is_err(), "nor stored as one");
        assert_eq!(Releasable::default().get(), "");
    }

    #[test]
    fn prose_takes_less_room() {
        let prose = "The Global Compact for Migration has 23 objectives. ".repeat(100);
        assert!(Text::new(&prose).bytes().len() * 3 < prose.len());
    }
}
