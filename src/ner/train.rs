//! Training the entity recognizer (feature `train`): a structured averaged
//! perceptron over BIO tag sequences, decoded by the same Viterbi as
//! tagging, with feature dropout and partially annotated sentences, bagged
//! and quantized by [`crate::train`]. Pure and in memory: the tools crate
//! reads the corpora, builds the gazetteers and extracts the features
//! ([`super::features::Extractor`]) into [`Sequence`]s.

use super::features::Gazetteer;
use super::{n_tags, Recognizer, Viterbi};
use crate::train::{bagged, shuffle, Averaged, Perceptron};

/// One training sentence: its tokens' feature keys and gold tags.
#[derive(Clone, Debug, Default)]
pub struct Sequence {
    /// The features of every token, one after another.
    pub keys: Vec<u32>,
    /// `keys[ends[i-1]..ends[i]]` are the features of token `i`.
    pub ends: Vec<u32>,
    /// The gold tag of every token.
    pub tags: Vec<u8>,
    /// Only some labels are annotated: an `O` may be any tag that
    /// [`TrainOptions::free_in_partial`] allows.
    pub partial: bool,
}

/// Options of the perceptron.
#[derive(Clone, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the shuffles and of the dropout.
    pub seed: u64,
    /// Runs over different shuffles whose weights are summed (bagging).
    pub bags: usize,
    /// Per mille of each token's features (all but the first) hidden in
    /// each epoch.
    pub dropout: u64,
    /// Per tag: whether an `O` of a partially annotated sentence may be it.
    pub free_in_partial: Vec<bool>,
}

/// Trains on `data` for a model with `n_labels` labels; returns the bagged
/// averaged weights (the transitions as the extra weights). `epoch` is
/// called after every epoch of every bag with its number (from 1), the
/// token accuracy on the training data and the perceptron.
pub fn train(
    data: &[Sequence],
    n_labels: usize,
    opts: &TrainOptions,
    epoch: &mut dyn FnMut(usize, f64, &Perceptron),
) -> Averaged<f64> {
    bagged(opts.bags, opts.seed, |seed| {
        run(data, n_tags(n_labels), seed, opts, epoch).averaged()
    })
}

/// A recognizer from trained weights: `labels`, the weights quantized
/// (dropping those under `min_weight`), `gazetteer`, and the fingerprints
/// of the clusters and tagger its features were extracted with.
pub fn recognizer(
    labels: Vec<String>,
    avg: &Averaged<f64>,
    min_weight: i32,
    gazetteer: Gazetteer,
    (clusters, pos): (u64, u64),
) -> Recognizer {
    let (weights, transitions) = avg.quantize(min_weight);
    Recognizer {
        weights,
        transitions,
        gazetteer,
        clusters,
        pos,
        ..Recognizer::new(labels)
    }
}

/// One averaged perceptron run over `data` in an order shuffled by `seed`.
fn run(
    data: &[Sequence],
    n: usize,
    seed: u64,
    opts: &TrainOptions,
    report: &mut dyn FnMut(usize, f64, &Perceptron),
) -> Perceptron {
    let start_row = n;
    let mut p = Perceptron::new((n + 1) * n);
    let mut gold_path = Vec::new();
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = seed;
    let mut viterbi = Viterbi::default();
    let (mut scores, mut pred, mut tr) = (Vec::new(), Vec::new(), Vec::new());
    // The features a sentence keeps this epoch under dropout.
    let (mut kept_keys, mut kept_ends): (Vec<u32>, Vec<u32>) = (Vec::new(), Vec::new());
    for epoch in 0..opts.epochs {
        shuffle(&mut order, &mut rng);
        let mut wrong = 0usize;
        let mut total = 0usize;
        for &si in &order {
            let full = &data[si];
            if opts.dropout > 0 {
                // Which features this sentence hides this time: a hash of the
                // seed, the epoch, the sentence and the feature's place (the
                // bias, first, always stays).
                kept_keys.clear();
                kept_ends.clear();
                let mut start = 0;
                let base = seed ^ (epoch as u64) << 40 ^ (si as u64) << 8;
                for &end in &full.ends {
                    for (j, &k) in full.keys[start..end as usize].iter().enumerate() {
                        let mut h = base ^ ((start + j) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
                        h ^= h >> 29;
                        h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
                        h ^= h >> 32;
                        if j == 0 || h % 1000 >= opts.dropout {
                            kept_keys.push(k);
                        }
                    }
                    kept_ends.push(kept_keys.len() as u32);
                    start = end as usize;
                }
            }
            let (keys, ends) = if opts.dropout > 0 {
                (&kept_keys, &kept_ends)
            } else {
                (&full.keys, &full.ends)
            };
            scores.clear();
            scores.resize(ends.len() * n, 0);
            let mut start = 0;
            for (s, &end) in scores.chunks_exact_mut(n).zip(ends.iter()) {
                p.add_scores(&keys[start..end as usize], s);
                start = end as usize;
            }
            tr.clear();
            tr.extend(p.extra());
            viterbi.decode(&scores, n, &tr, &mut pred);
            total += pred.len();
            let gold: &[u8] = if full.partial {
                // The best path that agrees with the partial annotation.
                const NEG: i32 = i32::MIN / 8;
                for (s, &g) in scores.chunks_exact_mut(n).zip(&full.tags) {
                    for (t, v) in s.iter_mut().enumerate() {
                        let ok = if g == 0 {
                            t == 0 || opts.free_in_partial.get(t).copied().unwrap_or(false)
                        } else {
                            t == g as usize
                        };
                        if !ok {
                            *v = NEG;
                        }
                    }
                }
                viterbi.decode(&scores, n, &tr, &mut gold_path);
                &gold_path
            } else {
                &full.tags
            };
            if pred != gold {
                let mut start = 0;
                let (mut pg, mut pp) = (start_row, start_row);
                for (i, &pt) in pred.iter().enumerate() {
                    let end = ends[i] as usize;
                    let g = gold[i];
                    if g != pt {
                        wrong += 1;
                        for &key in &keys[start..end] {
                            p.update(key, g, 1);
                            p.update(key, pt, -1);
                        }
                    }
                    if (pg, g) != (pp, pt) {
                        p.update_extra(pg * n + g as usize, 1);
                        p.update_extra(pp * n + pt as usize, -1);
                    }
                    pg = g as usize;
                    pp = pt as usize;
                    start = end;
                }
            }
            p.tick();
        }
        report(epoch + 1, 1.0 - wrong as f64 / total.max(1) as f64, &p);
    }
    p
}
