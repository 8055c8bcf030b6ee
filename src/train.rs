//! The training algorithms of the linear models (feature `train`; never in
//! the wasm build): one averaged perceptron, one bagging loop and one
//! quantizer, used by the part-of-speech tagger ([`crate::pos::train`]) and
//! the entity recognizer ([`crate::ner::train`]). Pure and in memory: the
//! corpora are read by the tools crate.
//!
//! The perceptron keeps integer weights and, per weight, the sum of
//! `time × update`, so that the average over all time steps is exact
//! (`(w·t − u) / t`) whatever the order of updates; averaged weights are
//! real numbers of the model's precision ([`Real`]: `f32` for the tagger,
//! `f64` for the recognizer), summed over bags and quantized to `i16` once.

use crate::weights::Weights;
use rustc_hash::FxHashMap;

/// Shuffles `order` in place (Fisher–Yates with a xorshift generator; the
/// same seed gives the same order on every platform).
pub fn shuffle(order: &mut [usize], rng: &mut u64) {
    for i in (1..order.len()).rev() {
        *rng ^= *rng << 13;
        *rng ^= *rng >> 7;
        *rng ^= *rng << 17;
        order.swap(i, (*rng % (i as u64 + 1)) as usize);
    }
}

/// The precision of averaged weights.
pub trait Real: Copy + PartialOrd + std::ops::AddAssign + std::ops::Mul<Output = Self> {
    /// Zero.
    const ZERO: Self;
    /// The exact average `num / den` rounded to this precision.
    fn ratio(num: i64, den: i64) -> Self;
    /// From an `f32` factor (a domain weight).
    fn from_f32(x: f32) -> Self;
    /// The absolute value.
    fn abs(self) -> Self;
    /// `x × scale` rounded to the nearest integer, where `scale` maps the
    /// largest magnitude to 32,000.
    fn quantize(self, max: Self) -> i32;
}

impl Real for f32 {
    const ZERO: f32 = 0.0;
    fn ratio(num: i64, den: i64) -> f32 {
        (num as f64 / den as f64) as f32
    }
    fn from_f32(x: f32) -> f32 {
        x
    }
    fn abs(self) -> f32 {
        f32::abs(self)
    }
    fn quantize(self, max: f32) -> i32 {
        (self * (32000.0 / max)).round() as i32
    }
}

impl Real for f64 {
    const ZERO: f64 = 0.0;
    fn ratio(num: i64, den: i64) -> f64 {
        num as f64 / den as f64
    }
    fn from_f32(x: f32) -> f64 {
        x as f64
    }
    fn abs(self) -> f64 {
        f64::abs(self)
    }
    fn quantize(self, max: f64) -> i32 {
        (self * (32000.0 / max)).round() as i32
    }
}

/// An averaged perceptron: per feature key a sparse row of (class, weight,
/// Σ time × update), and `extra` dense weights (a sequence model's
/// transitions) kept the same way.
#[derive(Clone, Debug)]
pub struct Perceptron {
    rows: FxHashMap<u32, Vec<(u8, i32, i64)>>,
    extra: Vec<(i32, i64)>,
    time: i64,
}

impl Perceptron {
    /// A perceptron with no feature weights and `n_extra` extra weights.
    pub fn new(n_extra: usize) -> Perceptron {
        Perceptron {
            rows: FxHashMap::default(),
            extra: vec![(0, 0); n_extra],
            time: 1,
        }
    }

    /// One time step (a word or a sentence: the unit the average is over).
    pub fn tick(&mut self) {
        self.time += 1;
    }

    /// Adds `d` to the weight of feature `key` for `class`.
    pub fn update(&mut self, key: u32, class: u8, d: i32) {
        let time = self.time;
        let row = self.rows.entry(key).or_default();
        match row.iter_mut().find(|e| e.0 == class) {
            Some(e) => {
                e.1 += d;
                e.2 += time * d as i64;
            }
            None => row.push((class, d, time * d as i64)),
        }
    }

    /// Adds `d` to extra weight `i`.
    pub fn update_extra(&mut self, i: usize, d: i32) {
        let time = self.time;
        if let Some(e) = self.extra.get_mut(i) {
            e.0 += d;
            e.1 += time * d as i64;
        }
    }

    /// Adds the current weights of `keys` to `scores` (one per class).
    pub fn add_scores(&self, keys: &[u32], scores: &mut [i32]) {
        for k in keys {
            if let Some(row) = self.rows.get(k) {
                for &(c, w, _) in row {
                    if let Some(s) = scores.get_mut(c as usize) {
                        *s += w;
                    }
                }
            }
        }
    }

    /// The current extra weights.
    pub fn extra(&self) -> impl Iterator<Item = i32> + '_ {
        self.extra.iter().map(|e| e.0)
    }

    fn average<T: Real>(&self, w: i32, u: i64) -> T {
        T::ratio(w as i64 * self.time - u, self.time)
    }

    /// The averaged row of `key` (empty if it was never updated), classes in
    /// the order they were first updated.
    pub fn averaged_row<T: Real>(&self, key: u32) -> Vec<(u8, T)> {
        self.rows.get(&key).map_or_else(Vec::new, |row| {
            row.iter()
                .map(|&(c, w, u)| (c, self.average(w, u)))
                .collect()
        })
    }

    /// Every averaged weight.
    pub fn averaged<T: Real>(&self) -> Averaged<T> {
        Averaged {
            rows: self
                .rows
                .iter()
                .map(|(&k, row)| {
                    let r = row
                        .iter()
                        .map(|&(c, w, u)| (c, self.average(w, u)))
                        .collect();
                    (k, r)
                })
                .collect(),
            extra: self
                .extra
                .iter()
                .map(|&(w, u)| self.average(w, u))
                .collect(),
        }
    }
}

/// Averaged weights: rows by feature key (class, weight) and extra weights.
#[derive(Clone, Debug)]
pub struct Averaged<T> {
    /// Per feature key, (class, weight) pairs.
    pub rows: FxHashMap<u32, Vec<(u8, T)>>,
    /// The extra (dense) weights.
    pub extra: Vec<T>,
}

impl<T: Real> Default for Averaged<T> {
    fn default() -> Self {
        Averaged {
            rows: FxHashMap::default(),
            extra: Vec::new(),
        }
    }
}

impl<T: Real> Averaged<T> {
    /// Adds `other` into these weights.
    pub fn add(&mut self, other: &Averaged<T>) {
        for (k, row) in &other.rows {
            let mine = self.rows.entry(*k).or_default();
            for &(c, w) in row {
                match mine.iter_mut().find(|e| e.0 == c) {
                    Some(e) => e.1 += w,
                    None => mine.push((c, w)),
                }
            }
        }
        if self.extra.len() < other.extra.len() {
            self.extra.resize(other.extra.len(), T::ZERO);
        }
        for (a, &b) in self.extra.iter_mut().zip(&other.extra) {
            *a += b;
        }
    }

    /// Quantizes to `i16` feature weights (the largest magnitude, of the
    /// rows and the extra weights, becomes 32,000; a weight that rounds to
    /// less than `min_weight` in magnitude is dropped) and `i32` extra
    /// weights on the same scale.
    pub fn quantize(&self, min_weight: i32) -> (Weights, Vec<i32>) {
        let mut max = T::ZERO;
        let mut keys: Vec<u32> = self.rows.keys().copied().collect();
        keys.sort_unstable();
        for k in &keys {
            for &(_, w) in &self.rows[k] {
                if w.abs() > max {
                    max = w.abs();
                }
            }
        }
        for &w in &self.extra {
            if w.abs() > max {
                max = w.abs();
            }
        }
        let q = |w: T| if max > T::ZERO { w.quantize(max) } else { 0 };
        let mut rows = Vec::with_capacity(keys.len());
        for k in keys {
            let mut pairs: Vec<(u8, i16)> = self.rows[&k]
                .iter()
                .map(|&(c, w)| (c, q(w)))
                .filter(|&(_, v)| v.abs() >= min_weight.max(1))
                .map(|(c, v)| (c, v.clamp(-32767, 32767) as i16))
                .collect();
            pairs.sort_unstable();
            if !pairs.is_empty() {
                rows.push((k, pairs));
            }
        }
        (
            Weights::from_rows(&rows),
            self.extra.iter().map(|&w| q(w)).collect(),
        )
    }
}

/// Bagging in weight space: the sum of `bags` runs (at least one), run `i`
/// with seed `seed + i × 0x9E3779B9`; the mean of models trained on
/// different shuffles varies less than any one of them (the sum quantizes
/// to the same weights as the mean).
pub fn bagged<T: Real>(
    bags: usize,
    seed: u64,
    mut run: impl FnMut(u64) -> Averaged<T>,
) -> Averaged<T> {
    let mut sum = Averaged::default();
    for bag in 0..bags.max(1) {
        sum.add(&run(seed.wrapping_add(bag as u64 * 0x9E37_79B9)));
    }
    sum
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_average_is_over_time_steps() {
        let mut p = Perceptron::new(1);
        p.update(7, 2, 1); // weight 1 from step 1
        p.update_extra(0, 3);
        p.tick();
        p.tick(); // now step 3: the weight was 1 for steps 1 and 2
        p.update(7, 2, -1);
        p.tick(); // step 4
        let a: Averaged<f64> = p.averaged();
        // w = 0 now; Σ time × update = 1 - 3 = -2; (0·4 + 2) / 4
        assert_eq!(a.rows[&7], vec![(2, 0.5)]);
        // The extra weight was 3 from step 1: three of the four steps' worth.
        assert_eq!(a.extra, vec![2.25]);
        assert_eq!(p.averaged_row::<f32>(7), vec![(2, 0.5)]);
        assert!(p.averaged_row::<f32>(8).is_empty());
        let mut s = [0i32; 3];
        p.update(7, 1, 5);
        p.add_scores(&[7, 7, 9], &mut s);
        assert_eq!(s, [0, 10, 0]);
    }

    #[test]
    fn bagging_sums_and_quantizing_scales_to_32000() {
        let sum = bagged(3, 10, |seed| {
            let mut a = Averaged::<f64>::default();
            a.rows.insert(1, vec![(0, 1.0), (4, -0.001)]);
            a.rows.insert(2, vec![(3, (seed % 7) as f64)]);
            a.extra = vec![0.5];
            a
        });
        assert_eq!(sum.rows[&1], vec![(0, 3.0), (4, -0.003)]);
        let (w, extra) = sum.quantize(1000);
        let rows = w.rows();
        // The largest magnitude (row 2: the seeds 10, 10+φ, 10+2φ mod 7) maps to 32000.
        assert!(rows.iter().any(|(_, p)| p.iter().any(|&(_, v)| v == 32000)));
        // -0.003 rounds to less than 1000 and is dropped.
        assert!(rows.iter().all(|(_, p)| p.iter().all(|&(c, _)| c != 4)));
        assert_eq!(extra.len(), 1);
    }
}
