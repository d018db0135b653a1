//! Every hash imrf makes, one kind per purpose:
//! - **stable hashes** ([`content_hash`], [`short_hash`]), FNV-1a, the same on every platform and
//!   version: what is stored and compared later by another binary (what a translation records of
//!   its source, a `check` baseline);
//! - **maps keyed by short strings** ([`FnvMap`]): FNV-1a as a `std` hasher, much faster than
//!   SipHash on the words of a search index;
//! - **keys and checksums of the build cache and the output** ([`KeyHasher`], [`checksum`]):
//!   SipHash with fixed keys, fast on long inputs, compared only with what the same binary made.

const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0100_0000_01b3;

/// FNV-1a: stable across runs, platforms and versions, unlike `std`'s hasher.
fn fnv1a(mut h: u64, bytes: &[u8]) -> u64 {
    for &b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(FNV_PRIME);
    }
    h
}

/// FNV-1a as a `std` hasher, for maps keyed by short strings (the words of a search index):
/// much faster on them than `std`'s SipHash, which guards against inputs chosen to collide.
pub struct Fnv(u64);

impl Default for Fnv {
    fn default() -> Self {
        Fnv(FNV_OFFSET)
    }
}

impl std::hash::Hasher for Fnv {
    fn write(&mut self, bytes: &[u8]) {
        self.0 = fnv1a(self.0, bytes);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

/// A map with [`Fnv`] hashing.
pub type FnvMap<K, V> = std::collections::HashMap<K, V, std::hash::BuildHasherDefault<Fnv>>;

/// The hash of `bytes`, as 16 hex digits: what a translation records of its source.
pub fn content_hash(bytes: &[u8]) -> String {
    format!("{:016x}", fnv1a(FNV_OFFSET, bytes))
}

/// A short hash of `bytes`, as 8 hex digits (the two halves of FNV-1a folded): what a translation
/// records of each source segment, where a page has a few hundred at most.
pub fn short_hash(bytes: &[u8]) -> String {
    let h = fnv1a(FNV_OFFSET, bytes);
    format!("{:08x}", (h >> 32) ^ (h & 0xffff_ffff))
}

/// The hasher of cache keys (Markdown entries, search entries, kept pages), fed piece by piece:
/// SipHash with fixed keys, some four times faster than FNV on the long texts keys are made of.
/// A key is only ever compared with keys made by the same binary (each includes
/// [`binary_id`]), so it need not be stable across versions, unlike the stable
/// hashes, which translation records keep.
#[derive(Default)]
pub struct KeyHasher(std::hash::DefaultHasher);

impl KeyHasher {
    pub fn add(&mut self, bytes: &[u8]) {
        use std::hash::Hasher;
        // The length first, so that ("ab", "c") and ("a", "bc") differ.
        self.0.write_usize(bytes.len());
        self.0.write(bytes);
    }

    /// Feeds `value` as JSON text, streamed through a buffer on the stack: nothing is allocated
    /// for it. The text goes in without a length; the empty part added after it (a length of
    /// zero: zero bytes, which JSON text never holds, since it escapes NUL) ends it, so that
    /// `1` then `2` and `12` feed different bytes.
    pub fn add_json(&mut self, value: &impl serde::Serialize) {
        use std::hash::Hasher;
        /// The serializer writes a few bytes at a time; the hasher takes them a buffer at a time.
        struct Stream<'h> {
            hasher: &'h mut std::hash::DefaultHasher,
            buffer: [u8; 2048],
            len: usize,
        }
        impl std::io::Write for Stream<'_> {
            fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
                if self.len + bytes.len() > self.buffer.len() {
                    self.flush()?;
                }
                if bytes.len() > self.buffer.len() {
                    self.hasher.write(bytes);
                } else {
                    self.buffer[self.len..self.len + bytes.len()].copy_from_slice(bytes);
                    self.len += bytes.len();
                }
                Ok(bytes.len())
            }
            fn flush(&mut self) -> std::io::Result<()> {
                self.hasher.write(&self.buffer[..self.len]);
                self.len = 0;
                Ok(())
            }
        }
        let mut stream = Stream { hasher: &mut self.0, buffer: [0; 2048], len: 0 };
        serde_json::to_writer(&mut stream, value).expect("a view is JSON: its maps have text keys");
        std::io::Write::flush(&mut stream).expect("hashing cannot fail");
        // The end of the text, so that what is added next cannot continue it.
        self.add(b"");
    }

    /// 16 hex digits.
    pub fn finish(&self) -> String {
        use std::hash::Hasher;
        format!("{:016x}", self.0.finish())
    }
}

/// A checksum of `bytes`, as 16 hex digits: what tells a whole cache entry or output file from a
/// damaged or changed one. (SipHash with fixed keys: fast on long inputs; its values may change
/// with the Rust version, and so does the binary, which every key includes.)
pub fn checksum(bytes: &[u8]) -> String {
    use std::hash::Hasher;
    let mut hasher = std::hash::DefaultHasher::new();
    hasher.write(bytes);
    format!("{:016x}", hasher.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`KeyHasher::add_json`] must feed: the JSON text in one piece, then the end.
    fn in_one_piece(text: &[u8]) -> String {
        use std::hash::Hasher;
        let mut hasher = KeyHasher::default();
        hasher.0.write(text);
        hasher.add(b"");
        hasher.finish()
    }

    #[test]
    fn json_streamed_through_the_buffer_is_the_text_in_one_piece() {
        // Around the buffer's size, one long string and many short values.
        for len in [0, 1, 2000, 2045, 2046, 2047, 2048, 2049, 4100, 9000] {
            let long = "é".repeat(len / 2) + &"\"".repeat(len % 2);
            let many: Vec<(String, u32)> = (0..len / 8).map(|i| (format!("k{i}"), i as u32)).collect();
            for value in [serde_json::json!(long), serde_json::json!(many), serde_json::json!({ "a": long, "b": many })]
            {
                let mut streamed = KeyHasher::default();
                streamed.add_json(&value);
                assert_eq!(streamed.finish(), in_one_piece(&serde_json::to_vec(&value).unwrap()), "{len}");
            }
        }
    }
}
