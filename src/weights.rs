//! Quantized sparse weights of the linear models (part of speech, entities):
//! per feature key (a 32-bit hash), a few (class, weight) pairs, in an
//! open-addressing table. The number of classes is the model's: up to 256
//! (a class index is one byte in the file).

use crate::error::{Error, Result};
use crate::model::{Reader, Writer};

/// Rows [`Weights::read`] reads per call of its inner loop.
const CHUNK: usize = 2048;

/// Quantized sparse weights: for each feature key, a few (tag, weight) pairs.
#[derive(Clone, Debug, Default)]
pub struct Weights {
    /// Open-addressing table of `key << 32 | start << 8 | len`, indexed by the
    /// key's top bits (keys are hashes already); len 0 is an empty slot.
    slots: Vec<u64>,
    shift: u32,
    /// Pairs packed as `tag << 16 | weight as u16`, contiguous per feature.
    pairs: Vec<u32>,
}

impl Weights {
    /// Builds the table from distinct keys, each with the `(start, len)` of
    /// its pairs in `pairs` (packed as `tag << 16 | weight as u16`).
    fn from_packed(keys: &[(u32, u32, u8)], pairs: Vec<u32>) -> Weights {
        // Load factor at most 0.8.
        let n = keys.len() + keys.len() / 4 + 1;
        let bits = (usize::BITS - (n - 1).leading_zeros()).clamp(4, 31);
        let size = 1usize << bits;
        let mut w = Weights {
            slots: vec![0; size],
            shift: 32 - bits,
            pairs,
        };
        for &(k, start, len) in keys {
            if len == 0 || start as usize + len as usize > w.pairs.len() || start >= 1 << 24 {
                continue;
            }
            let mut s = w.slot(k);
            while w.slots[s] & 0xff != 0 {
                s = (s + 1) & (size - 1);
            }
            w.slots[s] = (k as u64) << 32 | (start as u64) << 8 | len as u64;
        }
        w
    }

    /// Builds the table from (key, [(tag index, weight)]) rows with distinct keys.
    pub fn from_rows(rows: &[(u32, Vec<(u8, i16)>)]) -> Weights {
        let mut keys = Vec::with_capacity(rows.len());
        let mut pairs = Vec::new();
        for (k, row) in rows {
            keys.push((*k, pairs.len() as u32, row.len().min(255) as u8));
            pairs.extend(row.iter().map(|&(t, v)| (t as u32) << 16 | v as u16 as u32));
        }
        Weights::from_packed(&keys, pairs)
    }

    /// Reads weights written by [`Weights::write`] for a model with `n_tags`
    /// tags, checking every key, count and tag: no allocation per feature.
    /// One pass: the keys come in increasing order, so the table (indexed by
    /// their top bits) fills front to back.
    pub fn read(r: &mut Reader, n_tags: usize) -> Result<Weights> {
        let n = r.count(3)?;
        // As `from_packed` sizes it: load factor at most 0.8.
        let cap = n + n / 4 + 1;
        let bits = (usize::BITS - (cap - 1).leading_zeros()).clamp(4, 31);
        let size = 1usize << bits;
        let mut w = Weights {
            slots: vec![0; size],
            shift: 32 - bits,
            // A pair takes at least 2 bytes.
            pairs: Vec::with_capacity((n * 4).min(r.remaining() / 2)),
        };
        let mut prev = None;
        let mut left = n;
        while left > 0 {
            let k = left.min(CHUNK);
            w.read_rows(r, n_tags, k, &mut prev)?;
            left -= k;
        }
        // Give back what the estimate reserved beyond the pairs.
        w.pairs.shrink_to_fit();
        Ok(w)
    }

    /// Reads `k` rows of [`Weights::read`] into the table (`prev`: the
    /// last key). In chunks, and never inlined: in a browser, WebAssembly
    /// runs first as a baseline compiler's code, and a hot function is
    /// recompiled optimized only for its later calls, so one loop over
    /// every row would run unoptimized from start to end.
    #[inline(never)]
    fn read_rows(
        &mut self,
        r: &mut Reader,
        n_tags: usize,
        k: usize,
        prev: &mut Option<u32>,
    ) -> Result<()> {
        let size = self.slots.len();
        for _ in 0..k {
            let key = r.increasing_key(prev, "feature")?;
            let m = r.count(2)?;
            if m == 0 || m > n_tags {
                return Err(Error::InvalidModel(format!("{m} weights for one feature")));
            }
            let start = self.pairs.len();
            for _ in 0..m {
                let t = r.u8()?;
                if t as usize >= n_tags {
                    return Err(Error::InvalidModel(format!("tag index {t} out of range")));
                }
                let v = i16::try_from(r.svar()?)
                    .map_err(|_| Error::InvalidModel("weight out of range".into()))?;
                self.pairs.push((t as u32) << 16 | v as u16 as u32);
            }
            // As `from_packed` (the length is a byte there too).
            let len = m as u8;
            if len == 0 || start >= 1 << 24 {
                continue;
            }
            let mut s = self.slot(key);
            while self.slots[s] & 0xff != 0 {
                s = (s + 1) & (size - 1);
            }
            self.slots[s] = (key as u64) << 32 | (start as u64) << 8 | len as u64;
        }
        Ok(())
    }

    /// Writes the weights: their count, then per feature in key order the
    /// key's delta, the number of pairs and each (tag byte, zigzag weight).
    pub fn write(&self, w: &mut Writer) {
        let rows = self.rows();
        w.var(rows.len() as u64);
        let mut prev = 0u64;
        for (k, pairs) in &rows {
            w.var(*k as u64 - prev);
            prev = *k as u64;
            w.var(pairs.len() as u64);
            for &(t, v) in pairs {
                w.u8(t);
                w.svar(v as i64);
            }
        }
    }

    #[inline]
    fn slot(&self, key: u32) -> usize {
        (key >> self.shift) as usize
    }

    /// Adds the weights of the features `keys` (at most 32) to `scores`,
    /// one score per class (a class beyond `scores` is ignored).
    #[inline]
    pub fn add_all(&self, keys: &[u32], scores: &mut [i32]) {
        if self.slots.is_empty() {
            return;
        }
        let mask = self.slots.len() - 1;
        // First load every home slot (independent loads overlap), then resolve.
        let mut home = [0u64; 32];
        for (h, &key) in home.iter_mut().zip(keys) {
            *h = self.slots[self.slot(key)];
        }
        for (&first, &key) in home.iter().zip(keys) {
            let mut e = first;
            let mut s = self.slot(key);
            loop {
                if e & 0xff == 0 {
                    break;
                }
                if (e >> 32) as u32 == key {
                    let a = (e >> 8 & 0xff_ffff) as usize;
                    let b = a + (e & 0xff) as usize;
                    for &p in &self.pairs[a..b] {
                        if let Some(s) = scores.get_mut((p >> 16) as usize) {
                            *s += p as u16 as i16 as i32;
                        }
                    }
                    break;
                }
                s = (s + 1) & mask;
                e = self.slots[s];
            }
        }
    }

    /// The rows, sorted by key.
    pub fn rows(&self) -> Vec<(u32, Vec<(u8, i16)>)> {
        let mut rows: Vec<_> = self
            .slots
            .iter()
            .filter(|&&e| e & 0xff != 0)
            .map(|&e| {
                let a = (e >> 8 & 0xff_ffff) as usize;
                let b = a + (e & 0xff) as usize;
                (
                    (e >> 32) as u32,
                    self.pairs[a..b]
                        .iter()
                        .map(|&p| ((p >> 16) as u8, p as u16 as i16))
                        .collect(),
                )
            })
            .collect();
        rows.sort();
        rows
    }

    /// Number of features.
    pub fn len(&self) -> usize {
        self.slots.iter().filter(|&&e| e & 0xff != 0).count()
    }

    /// True if there are no features.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

/// A map from 32-bit keys that are hashes already (entity gazetteer spans,
/// name keys) to `u64` values: open addressing indexed by the key's top
/// bits, linear probing, at most 80% full. A model stores the keys in
/// increasing order, so loading one fills the table front to back (no
/// hashing, no random writes), much faster than a hash map of its own.
#[derive(Clone, Debug, Default)]
pub struct KeyMap {
    /// `(key, 1 if used, value)`.
    slots: Vec<(u32, u32, u64)>,
    shift: u32,
    len: usize,
}

impl KeyMap {
    /// An empty map with room for `n` keys.
    pub fn with_capacity(n: usize) -> KeyMap {
        let mut m = KeyMap::default();
        m.reserve(n);
        m
    }

    /// Makes room for `n` more keys.
    pub fn reserve(&mut self, n: usize) {
        let want = self.len + n;
        if want + want / 4 < self.slots.len() {
            return;
        }
        let cap = want + want / 4 + 1;
        let bits = (usize::BITS - (cap - 1).leading_zeros()).clamp(4, 31);
        let old = std::mem::replace(&mut self.slots, vec![(0, 0, 0); 1 << bits]);
        self.shift = 32 - bits;
        self.len = 0;
        for (k, used, v) in old {
            if used != 0 {
                *self.slot_mut(k) = v;
            }
        }
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether there are no keys.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// The value of `key`.
    #[inline]
    pub fn get(&self, key: &u32) -> Option<&u64> {
        if self.slots.is_empty() {
            return None;
        }
        let mask = self.slots.len() - 1;
        let mut s = (*key >> self.shift) as usize;
        loop {
            let (k, used, v) = &self.slots[s];
            if *used == 0 {
                return None;
            }
            if k == key {
                return Some(v);
            }
            s = (s + 1) & mask;
        }
    }

    /// The value of `key`, inserted as 0 if it is not there.
    pub fn or_zero(&mut self, key: u32) -> &mut u64 {
        if (self.len + 1) * 5 > self.slots.len() * 4 {
            self.reserve(self.len.max(16));
        }
        self.slot_mut(key)
    }

    /// Sets the value of `key`.
    pub fn insert(&mut self, key: u32, value: u64) {
        *self.or_zero(key) = value;
    }

    /// The slot of `key`, made (as 0) if it is not there; the table has room.
    fn slot_mut(&mut self, key: u32) -> &mut u64 {
        let mask = self.slots.len() - 1;
        let mut s = (key >> self.shift) as usize;
        while self.slots[s].1 != 0 && self.slots[s].0 != key {
            s = (s + 1) & mask;
        }
        if self.slots[s].1 == 0 {
            self.slots[s] = (key, 1, 0);
            self.len += 1;
        }
        &mut self.slots[s].2
    }

    /// The keys and values, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = (&u32, &u64)> + '_ {
        self.slots
            .iter()
            .filter(|s| s.1 != 0)
            .map(|(k, _, v)| (k, v))
    }
}

impl FromIterator<(u32, u64)> for KeyMap {
    fn from_iter<I: IntoIterator<Item = (u32, u64)>>(iter: I) -> KeyMap {
        let iter = iter.into_iter();
        let mut m = KeyMap::with_capacity(iter.size_hint().0);
        for (k, v) in iter {
            m.insert(k, v);
        }
        m
    }
}

impl PartialEq for KeyMap {
    fn eq(&self, other: &KeyMap) -> bool {
        self.len == other.len && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl Eq for KeyMap {}

#[cfg(test)]
mod tests {
    use super::*;
    use rustc_hash::FxHashMap;

    #[test]
    fn key_map_is_a_map() {
        let mut seed = 7u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (seed >> 32) as u32
        };
        let mut m = KeyMap::default();
        let mut want: FxHashMap<u32, u64> = FxHashMap::default();
        assert_eq!(m.get(&0), None);
        for i in 0..5000u64 {
            // Some keys repeat; small keys all land in the first slot.
            let k = if i % 7 == 0 { (i % 50) as u32 } else { next() };
            *m.or_zero(k) |= 1 << (i % 64);
            *want.entry(k).or_insert(0) |= 1 << (i % 64);
        }
        m.insert(u32::MAX, 0);
        want.insert(u32::MAX, 0);
        assert_eq!(m.len(), want.len());
        for (k, v) in &want {
            assert_eq!(m.get(k), Some(v));
        }
        assert_eq!(m.iter().count(), want.len());
        for _ in 0..1000 {
            let k = next();
            assert_eq!(m.get(&k), want.get(&k));
        }
        // In increasing order, as a model stores them.
        let mut sorted: Vec<(u32, u64)> = want.iter().map(|(&k, &v)| (k, v)).collect();
        sorted.sort_unstable();
        let mut read = KeyMap::with_capacity(sorted.len());
        for &(k, v) in &sorted {
            read.insert(k, v);
        }
        assert_eq!(read, m);
        let collected: KeyMap = sorted.iter().copied().collect();
        assert_eq!(collected, m);
        read.insert(1, 99);
        assert_ne!(read, m);
    }
}
