//! Quantized sparse weights of the linear models (part of speech, entities):
//! per feature key (a 32-bit hash), a few (class, weight) pairs, in an
//! open-addressing table. The number of classes is the model's: up to 256
//! (a class index is one byte in the file).

use crate::error::{Error, Result};
use crate::model::{Reader, Writer};

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
        for _ in 0..n {
            let key = r.increasing_key(&mut prev, "feature")?;
            let m = r.count(2)?;
            if m == 0 || m > n_tags {
                return Err(Error::InvalidModel(format!("{m} weights for one feature")));
            }
            let start = w.pairs.len();
            for _ in 0..m {
                let t = r.u8()?;
                if t as usize >= n_tags {
                    return Err(Error::InvalidModel(format!("tag index {t} out of range")));
                }
                let v = i16::try_from(r.svar()?)
                    .map_err(|_| Error::InvalidModel("weight out of range".into()))?;
                w.pairs.push((t as u32) << 16 | v as u16 as u32);
            }
            // As `from_packed` (the length is a byte there too).
            let len = m as u8;
            if len == 0 || start >= 1 << 24 {
                continue;
            }
            let mut s = w.slot(key);
            while w.slots[s] & 0xff != 0 {
                s = (s + 1) & (size - 1);
            }
            w.slots[s] = (key as u64) << 32 | (start as u64) << 8 | len as u64;
        }
        Ok(w)
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
