//! Stable hashes of content: what a translation records of its source, and the fingerprint of a
//! build's inputs. FNV-1a, the same on every platform and version, unlike `std`'s hasher.

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

/// A stable 64-bit hash, fed piece by piece.
pub struct Hasher(u64);

impl Default for Hasher {
    fn default() -> Self {
        Hasher(FNV_OFFSET)
    }
}

impl Hasher {
    pub fn add(&mut self, bytes: &[u8]) {
        // A separator after each piece, so that ("ab", "c") and ("a", "bc") differ.
        self.0 = fnv1a(fnv1a(self.0, bytes), &[0xff]);
    }

    /// 16 hex digits.
    pub fn finish(&self) -> String {
        format!("{:016x}", self.0)
    }
}

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
