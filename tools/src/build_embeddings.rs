//! `parsi build classes`: learns word vectors from unlabeled text and
//! clusters them into a tree (`models/classes.bin`, read as a
//! [`parsi::clusters::Clusters`] like the Brown clusters).
//!
//! 1. The corpora (the unlabeled news, FarsTail, NTREX and Common Voice
//!    text, the raw PerDT and Seraji train sentences, and the text of the
//!    entity recognizer's training data: PEYMA train and NSURL 600K but its
//!    held-out tenth) are tokenized as `parsi::analyze` does, as for the
//!    Brown clusters.
//! 2. Skip-gram with negative sampling (Mikolov et al. 2013): each word's
//!    vector is trained to tell the words within a random window of up to
//!    `window` tokens from `negatives` words drawn from the unigram
//!    distribution to the power 0.75; frequent words are subsampled. One
//!    thread, a fixed seed and a fixed order, so the vectors (and the bytes
//!    written) are the same on every run.
//! 3. The unit-length vectors of the words seen at least `min_count` times are
//!    clustered by spherical k-means into `branching` classes, each class
//!    again, `levels` deep; the path of a word is its class at every level
//!    (`log2(branching)` bits a level). Brown clusters group words by their
//!    left and right neighbour classes; these group them by a wider window,
//!    which is what tells a team's name from a city's.

use crate::build_clusters::{tokenize_logged, write, Corpus, SEEDS};
use crate::ner_data::{read_gold, read_nsurl, Format};
use crate::read;
use parsi::clusters::Clusters;
use std::path::Path;
use std::time::Instant;

/// Raw-text corpora, relative to the data directory.
const TEXTS: [&str; 6] = [
    "unlabeled/news-fars-varzesh3-namnak.txt",
    "unlabeled/farstail-sentences.txt",
    "unlabeled/ntrex128-news-fas.txt",
    "unlabeled/commonvoice-sentences.txt",
    "ud-perdt/fa_perdt-train-raw-sentences.txt",
    "ud-seraji/fa_seraji-train-raw-sentences.txt",
];

/// How the vectors and the class tree are learned.
#[derive(Clone, Copy, Debug)]
pub struct Options {
    /// Vector size.
    pub dim: usize,
    /// Largest distance of a context word.
    pub window: usize,
    /// Negative samples per context word.
    pub negatives: usize,
    /// Passes over the corpus.
    pub epochs: usize,
    /// Words seen fewer times get no vector.
    pub min_count: u32,
    /// Classes per node of the tree (a power of two).
    pub branching: usize,
    /// Depth of the tree.
    pub levels: usize,
    /// Seed of the initialization, the windows, the samples and k-means.
    pub seed: u64,
}

/// The committed model's options.
pub const OPTIONS: Options = Options {
    dim: 64,
    window: 5,
    negatives: 5,
    epochs: 5,
    min_count: 3,
    branching: 16,
    levels: 3,
    seed: 0x05EE_DC1A_55E5,
};

/// The tools' seeded generator (SplitMix64).
pub(crate) use parsi::rng::SplitMix64 as Rng;

/// The text of every corpus line: raw text files and the NER training text.
pub fn corpus_lines(data: &Path) -> Result<Vec<String>, String> {
    let mut lines = Vec::new();
    for c in TEXTS {
        lines.extend(read(&data.join(c))?.lines().map(str::to_string));
    }
    let peyma = read_gold(&read(&data.join("peyma/train.txt"))?, Format::Peyma)?;
    let (nsurl, _held_out) = read_nsurl(data)?;
    for s in peyma.iter().chain(&nsurl) {
        lines.push(s.tokens.join(" "));
    }
    Ok(lines)
}

/// Word vectors: `vectors[i * dim..(i + 1) * dim]` is word `i`'s.
pub struct Vectors {
    pub words: Vec<String>,
    pub dim: usize,
    pub vectors: Vec<f32>,
}

/// Trains skip-gram vectors for the words seen at least `opts.min_count` times.
pub fn train(corpus: &Corpus, opts: &Options) -> Vectors {
    let order = corpus.vocabulary(opts.min_count);
    let mut id = vec![u32::MAX; corpus.words.len()];
    for (new, &old) in order.iter().enumerate() {
        id[old as usize] = new as u32;
    }
    let n = order.len();
    let counts: Vec<u32> = order.iter().map(|&o| corpus.counts[o as usize]).collect();
    let total: f64 = counts.iter().map(|&c| c as f64).sum();
    // Keep probability of each word (subsampling, t = 1e-4).
    let t = 1e-4 * total;
    let keep: Vec<f32> = counts
        .iter()
        .map(|&c| (((c as f64 / t).sqrt() + 1.0) * t / c as f64).min(1.0) as f32)
        .collect();
    // Unigram^0.75 table for the negative samples.
    let table_len = 1 << 22;
    let pow: Vec<f64> = counts.iter().map(|&c| (c as f64).powf(0.75)).collect();
    let sum: f64 = pow.iter().sum();
    let mut table = Vec::with_capacity(table_len);
    let (mut w, mut acc) = (0usize, pow.first().copied().unwrap_or(0.0) / sum);
    for i in 0..table_len {
        table.push(w as u32);
        if (i + 1) as f64 / table_len as f64 > acc && w + 1 < n {
            w += 1;
            acc += pow[w] / sum;
        }
    }
    let d = opts.dim;
    let mut rng = Rng(opts.seed);
    let mut input: Vec<f32> = (0..n * d).map(|_| (rng.unit() - 0.5) / d as f32).collect();
    let mut output = vec![0f32; n * d];
    let mut grad = vec![0f32; d];
    let lines: Vec<Vec<u32>> = corpus
        .lines
        .iter()
        .map(|l| {
            l.iter()
                .map(|&w| id[w as usize])
                .filter(|&w| w != u32::MAX)
                .collect()
        })
        .collect();
    let planned = (lines.iter().map(Vec::len).sum::<usize>() * opts.epochs).max(1) as f32;
    let lr0 = 0.025f32;
    let mut seen = 0usize;
    let mut sent = Vec::new();
    let t0 = Instant::now();
    for epoch in 0..opts.epochs {
        let mut loss = 0f64;
        let mut pairs = 0u64;
        for line in &lines {
            seen += line.len();
            let lr = (lr0 * (1.0 - seen as f32 / planned)).max(lr0 * 1e-4);
            sent.clear();
            sent.extend(
                line.iter()
                    .copied()
                    .filter(|&w| rng.unit() < keep[w as usize]),
            );
            for (i, &center) in sent.iter().enumerate() {
                let b = 1 + rng.below(opts.window);
                let lo = i.saturating_sub(b);
                let hi = (i + b + 1).min(sent.len());
                for (j, &ctx) in sent.iter().enumerate().take(hi).skip(lo) {
                    if j == i {
                        continue;
                    }
                    // The context word's input vector predicts the center
                    // word (word2vec's order), against negative samples.
                    let v = ctx as usize * d;
                    grad.iter_mut().for_each(|g| *g = 0.0);
                    for k in 0..=opts.negatives {
                        let (target, label) = if k == 0 {
                            (center, 1.0f32)
                        } else {
                            let s = table[rng.below(table_len)];
                            if s == center {
                                continue;
                            }
                            (s, 0.0)
                        };
                        let o = target as usize * d;
                        let dot: f32 = input[v..v + d]
                            .iter()
                            .zip(&output[o..o + d])
                            .map(|(a, b)| a * b)
                            .sum();
                        let p = 1.0 / (1.0 + (-dot.clamp(-30.0, 30.0)).exp());
                        loss -= if label == 1.0 {
                            (p.max(1e-7) as f64).ln()
                        } else {
                            ((1.0 - p).max(1e-7) as f64).ln()
                        };
                        let g = (label - p) * lr;
                        for q in 0..d {
                            grad[q] += g * output[o + q];
                            output[o + q] += g * input[v + q];
                        }
                    }
                    for q in 0..d {
                        input[v + q] += grad[q];
                    }
                    pairs += 1;
                }
            }
        }
        eprintln!(
            "epoch {}: {pairs} pairs, loss {:.4} a pair ({:.1}s)",
            epoch + 1,
            loss / pairs.max(1) as f64,
            t0.elapsed().as_secs_f64()
        );
    }
    Vectors {
        words: order
            .iter()
            .map(|&o| corpus.words[o as usize].clone())
            .collect(),
        dim: d,
        vectors: input,
    }
}

/// Unit-length copies of the vectors.
fn normalized(v: &Vectors) -> Vec<f32> {
    let mut out = v.vectors.clone();
    for row in out.chunks_exact_mut(v.dim) {
        let norm = row.iter().map(|x| x * x).sum::<f32>().sqrt().max(1e-12);
        row.iter_mut().for_each(|x| *x /= norm);
    }
    out
}

/// Spherical k-means of `members` (rows of `unit`) into at most `k` groups;
/// returns each member's group. Seeds by k-means++ (fixed `rng`), then
/// `iterations` rounds of assignment by largest cosine and re-centring.
fn kmeans(unit: &[f32], dim: usize, members: &[u32], k: usize, rng: &mut Rng) -> Vec<usize> {
    let row = |i: u32| &unit[i as usize * dim..(i as usize + 1) * dim];
    let dot = |a: &[f32], b: &[f32]| a.iter().zip(b).map(|(x, y)| x * y).sum::<f32>();
    let k = k.min(members.len());
    let mut centers: Vec<f32> = Vec::with_capacity(k * dim);
    centers.extend_from_slice(row(members[0]));
    let mut dist: Vec<f32> = members
        .iter()
        .map(|&m| (1.0 - dot(row(m), &centers[..dim])).max(0.0))
        .collect();
    while centers.len() < k * dim {
        let total: f32 = dist.iter().sum();
        let mut r = rng.unit() * total;
        let mut pick = members.len() - 1;
        for (i, &x) in dist.iter().enumerate() {
            if r < x {
                pick = i;
                break;
            }
            r -= x;
        }
        let c = centers.len();
        centers.extend_from_slice(row(members[pick]));
        for (i, &m) in members.iter().enumerate() {
            dist[i] = dist[i].min((1.0 - dot(row(m), &centers[c..c + dim])).max(0.0));
        }
    }
    let mut assign = vec![0usize; members.len()];
    for _ in 0..20 {
        let mut moved = 0;
        for (i, &m) in members.iter().enumerate() {
            let x = row(m);
            let best = (0..k)
                .map(|c| dot(x, &centers[c * dim..(c + 1) * dim]))
                .enumerate()
                .fold((0, f32::MIN), |b, (c, s)| if s > b.1 { (c, s) } else { b })
                .0;
            if best != assign[i] {
                moved += 1;
                assign[i] = best;
            }
        }
        let mut sums = vec![0f32; k * dim];
        for (i, &m) in members.iter().enumerate() {
            let c = assign[i];
            for (s, x) in sums[c * dim..(c + 1) * dim].iter_mut().zip(row(m)) {
                *s += x;
            }
        }
        for c in 0..k {
            let s = &sums[c * dim..(c + 1) * dim];
            let norm = s.iter().map(|x| x * x).sum::<f32>().sqrt();
            if norm > 0.0 {
                for (t, x) in centers[c * dim..(c + 1) * dim].iter_mut().zip(s) {
                    *t = x / norm;
                }
            }
        }
        if moved == 0 {
            break;
        }
    }
    assign
}

/// Clusters the vectors into a tree, `opts.levels` deep with
/// `opts.branching` children a node; returns the classes in path order,
/// each with its path and its words (most frequent first).
pub fn tree(v: &Vectors, opts: &Options) -> Vec<(u64, u8, Vec<String>)> {
    let unit = normalized(v);
    let bits = opts.branching.trailing_zeros() as u8;
    let mut rng = Rng(opts.seed ^ 0x7EE);
    // (path bits, depth, members), refined one level at a time.
    let mut nodes: Vec<(u64, u8, Vec<u32>)> = vec![(0, 0, (0..v.words.len() as u32).collect())];
    for _ in 0..opts.levels {
        let mut next = Vec::new();
        for (path, len, members) in nodes {
            if members.len() < 2 * opts.branching {
                next.push((path, len, members));
                continue;
            }
            let assign = kmeans(&unit, v.dim, &members, opts.branching, &mut rng);
            let mut groups = vec![Vec::new(); opts.branching];
            for (i, &m) in members.iter().enumerate() {
                groups[assign[i]].push(m);
            }
            for (g, group) in groups.into_iter().enumerate() {
                if !group.is_empty() {
                    next.push((path << bits | g as u64, len + bits, group));
                }
            }
        }
        nodes = next;
    }
    nodes
        .into_iter()
        .map(|(path, len, members)| {
            let words = members
                .iter()
                .map(|&m| v.words[m as usize].clone())
                .collect();
            (path, len, words)
        })
        .collect()
}

/// The words nearest `word` by cosine.
pub fn neighbours<'a>(v: &'a Vectors, unit: &[f32], word: &str, k: usize) -> Vec<&'a str> {
    let Some(i) = v.words.iter().position(|w| w == word) else {
        return Vec::new();
    };
    let d = v.dim;
    let x = &unit[i * d..(i + 1) * d];
    let mut scored: Vec<(f32, usize)> = (0..v.words.len())
        .filter(|&j| j != i)
        .map(|j| {
            let s = x
                .iter()
                .zip(&unit[j * d..(j + 1) * d])
                .map(|(a, b)| a * b)
                .sum();
            (s, j)
        })
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    scored
        .iter()
        .take(k)
        .map(|&(_, j)| v.words[j].as_str())
        .collect()
}

/// `parsi build classes`: trains the vectors, builds the tree, writes it.
pub fn run(data: &Path, out: &Path, opts: &Options) -> Result<(), String> {
    let t0 = Instant::now();
    let texts = corpus_lines(data)?;
    let lines: Vec<&str> = texts.iter().map(String::as_str).collect();
    let corpus = tokenize_logged(&lines, t0)?;
    let vectors = train(&corpus, opts);
    let unit = normalized(&vectors);
    for w in SEEDS {
        eprintln!("{w}\t{}", neighbours(&vectors, &unit, w, 10).join(" "));
    }
    let classes = tree(&vectors, opts);
    let clusters = Clusters::from_classes(&classes).map_err(|e| e.to_string())?;
    write(out, &clusters, t0)?;
    Ok(())
}
