//! A fast hasher for the clean's maps of titles, row contexts and groups: keyed by the user's
//! own cells on their own machine, so SipHash's defence against chosen keys buys nothing and
//! costs a third of a 100,000-row clean's pass. FxHash's step (rustc's): rotate, xor a word,
//! multiply; about one cycle a byte.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

/// A hash map with [`Fx`].
pub(super) type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<Fx>>;

/// FxHash: not for keys an attacker chooses.
#[derive(Debug, Default, Clone, Copy)]
pub(super) struct Fx(u64);

impl Fx {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

impl Hasher for Fx {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        let mut word = [0; 8];
        word[..rest.len()].copy_from_slice(rest);
        self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
    }

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u32(&mut self, n: u32) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::hash::{BuildHasher, BuildHasherDefault};

    #[test]
    fn keys_that_differ_hash_apart() {
        let hash = |b: &[u8]| BuildHasherDefault::<Fx>::default().hash_one(b);
        let keys: [&[u8]; 6] = [b"", b"\0", b"a", b"a\0", b"Physiotherapy", b"Physiotherapz"];
        let hashes: std::collections::HashSet<u64> = keys.iter().map(|k| hash(k)).collect();
        assert_eq!(hashes.len(), keys.len());
        let mut map: FxMap<Vec<u8>, u32> = FxMap::default();
        map.insert(b"XR03".to_vec(), 3);
        assert_eq!(map.get(&b"XR03"[..]), Some(&3));
    }
}
