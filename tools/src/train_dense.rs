//! Training the dense part of the entity recognizer ([`parsi::ner::dense`]):
//! a convolutional network over word vectors and hashed affixes, trained as
//! a linear-chain CRF (log-likelihood of the gold tag sequence, exact
//! forward-backward) with Adam, on the same aligned sentences as the linear
//! model.
//!
//! Deterministic: the initialization, the shuffles and the dropout masks come
//! from one seed; a batch is split between two threads in a fixed way and
//! their gradients are summed in a fixed order, so the same data gives the
//! same bytes.

use crate::build_embeddings::{Rng, Vectors};
use crate::train_ner::Example;
use parsi::ner::allowed;
use parsi::ner::dense::{self, Config, Conv, Dense, QMatrix, N_SHAPE};
use std::ops::Range;

/// How the network is shaped and trained.
#[derive(Clone, Debug)]
pub struct Options {
    /// Words with a vector (the most frequent ones).
    pub max_words: usize,
    /// Size of the hashed-part embeddings.
    pub hash_dim: usize,
    /// Rows of the hashed-part table (a power of two).
    pub buckets: usize,
    /// Width of the convolutions.
    pub hidden: usize,
    /// Dilation of each convolution.
    pub dilations: Vec<usize>,
    /// Passes over the data.
    pub epochs: usize,
    /// Adam's step size (decays linearly to a tenth over the training).
    pub lr: f32,
    /// Sentences per update.
    pub batch: usize,
    /// Dropout on the inputs and on each hidden layer.
    pub dropout: f32,
    /// Seed of the initialization, the shuffles and the dropout.
    pub seed: u64,
    /// Train the word vectors too (else they stay as learned from the
    /// unlabeled text).
    pub tune_vectors: bool,
    /// Parts of speech as inputs.
    pub pos: bool,
    /// Char trigrams as hashed parts.
    pub trigrams: bool,
}

/// The committed model's options (each measured on PEYMA dev, see the
/// README's table).
pub fn options() -> Options {
    Options {
        max_words: 6_000,
        hash_dim: 32,
        buckets: 1 << 13,
        hidden: 64,
        dilations: vec![1, 2],
        epochs: 5,
        lr: 2e-3,
        batch: 32,
        dropout: 0.25,
        seed: 0xDE45_E5EE_D001,
        tune_vectors: true,
        pos: true,
        trigrams: false,
    }
}

/// A token as the network reads it.
#[derive(Clone)]
struct Token {
    word: Option<u32>,
    parts: Vec<u32>,
    shape: [f32; N_SHAPE],
}

struct Sentence {
    tokens: Vec<Token>,
    tags: Vec<u8>,
}

/// Where each tensor lives in the flat parameter vector.
struct Layout {
    /// The word vectors when they are trained (else empty).
    vectors: Range<usize>,
    parts: Range<usize>,
    convs: Vec<(Range<usize>, Range<usize>)>,
    out: Range<usize>,
    out_bias: Range<usize>,
    trans: Range<usize>,
    len: usize,
}

impl Layout {
    fn new(c: &Config, tuned_words: usize) -> Layout {
        let mut at = 0;
        let mut take = |n: usize| {
            let r = at..at + n;
            at += n;
            r
        };
        let vectors = take(tuned_words * c.word_dim);
        let parts = take(c.part_rows() * c.hash_dim);
        let convs = (0..c.dilations.len())
            .map(|l| (take(3 * c.hidden * c.layer_input(l)), take(c.hidden)))
            .collect();
        let out = take(c.n_tags * c.hidden);
        let out_bias = take(c.n_tags);
        let trans = take((c.n_tags + 1) * c.n_tags);
        Layout {
            vectors,
            parts,
            convs,
            out,
            out_bias,
            trans,
            len: at,
        }
    }
}

/// The network being trained.
pub struct Trainer {
    config: Config,
    layout: Layout,
    params: Vec<f32>,
    /// Fixed word vectors, `max_words × word_dim`.
    vectors: Vec<f32>,
    words: Vec<String>,
    dropout: f32,
}

/// Per-thread forward/backward state.
#[derive(Default)]
struct Work {
    xs: Vec<Vec<f32>>,
    pres: Vec<Vec<f32>>,
    masks: Vec<Vec<f32>>,
    emit: Vec<f32>,
    d_emit: Vec<f32>,
    dx: Vec<f32>,
    dprev: Vec<f32>,
    alpha: Vec<f64>,
    beta: Vec<f64>,
    grad: Vec<f32>,
}

/// `ln Σ exp(v)`, stable (the largest value taken out first); two passes
/// over `v`, no allocation.
fn log_sum_exp(v: impl Iterator<Item = f64> + Clone) -> f64 {
    let m = v.clone().fold(f64::NEG_INFINITY, f64::max);
    if m == f64::NEG_INFINITY {
        return m;
    }
    m + v.map(|x| (x - m).exp()).sum::<f64>().ln()
}

impl Trainer {
    /// A network with random weights (from `opts.seed`) over `vectors`.
    pub fn new(vectors: &Vectors, n_tags: usize, opts: &Options) -> Trainer {
        let n_words = vectors.words.len().min(opts.max_words);
        let dim = vectors.dim;
        let mut vecs = Vec::with_capacity(n_words * dim);
        for row in vectors.vectors.chunks(dim).take(n_words) {
            let norm = row.iter().map(|v| v * v).sum::<f32>().sqrt().max(1e-6);
            vecs.extend(row.iter().map(|v| v / norm));
        }
        let config = Config {
            word_dim: dim,
            hash_dim: opts.hash_dim,
            buckets: opts.buckets,
            hidden: opts.hidden,
            dilations: opts.dilations.clone(),
            n_tags,
            pos_parts: opts.pos,
            trigrams: opts.trigrams,
        };
        let layout = Layout::new(&config, if opts.tune_vectors { n_words } else { 0 });
        let mut params = vec![0f32; layout.len];
        params[layout.vectors.clone()].copy_from_slice(if opts.tune_vectors { &vecs } else { &[] });
        let mut rng = Rng(opts.seed);
        for p in &mut params[layout.parts.clone()] {
            *p = (rng.unit() * 2.0 - 1.0) * 0.1;
        }
        for (l, (w, _)) in layout.convs.iter().enumerate() {
            let fan_in = 3 * config.layer_input(l);
            let a = (6.0 / fan_in as f32).sqrt();
            for p in &mut params[w.clone()] {
                *p = (rng.unit() * 2.0 - 1.0) * a;
            }
        }
        let a = (6.0 / (config.hidden + n_tags) as f32).sqrt();
        for p in &mut params[layout.out.clone()] {
            *p = (rng.unit() * 2.0 - 1.0) * a;
        }
        Trainer {
            config,
            layout,
            params,
            vectors: vecs,
            words: vectors.words[..n_words].to_vec(),
            dropout: opts.dropout,
        }
    }

    fn sentence(&self, index: &rustc_hash::FxHashMap<&str, u32>, e: &Example) -> Sentence {
        let mut chars = Vec::new();
        let mut parts = Vec::new();
        let tokens = e
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| {
                let word = index.get(w.as_str()).copied();
                parsi::ner::features::folded(w, &mut chars);
                dense::parts(
                    &chars,
                    self.config.buckets,
                    self.config.trigrams,
                    &mut parts,
                );
                if self.config.pos_parts {
                    let code = e.pos.get(i).copied().unwrap_or(0);
                    dense::pos_parts(code, self.config.buckets, &mut parts);
                }
                Token {
                    word,
                    parts: parts.clone(),
                    shape: dense::shape(&chars, word.is_some()),
                }
            })
            .collect();
        Sentence {
            tokens,
            tags: e.tags.clone(),
        }
    }

    /// Forward and backward over one sentence: adds the gradient of its
    /// negative log-likelihood to `w.grad`, returns the loss.
    fn step(&self, s: &Sentence, rng: &mut Rng, w: &mut Work) -> f64 {
        let c = &self.config;
        let p = &self.params;
        let n = s.tokens.len();
        let d0 = c.input_dim();
        let (wd, hd) = (c.word_dim, c.hash_dim);
        let layers = c.dilations.len();
        let keep = 1.0 - self.dropout;
        let mask = |len: usize, rng: &mut Rng, out: &mut Vec<f32>| {
            out.clear();
            out.extend((0..len).map(|_| if rng.unit() < keep { 1.0 / keep } else { 0.0 }));
        };
        w.xs.resize_with(layers + 1, Vec::new);
        w.pres.resize_with(layers, Vec::new);
        w.masks.resize_with(layers + 1, Vec::new);
        // Inputs.
        let x0 = &mut w.xs[0];
        x0.clear();
        x0.resize(n * d0, 0.0);
        for (i, t) in s.tokens.iter().enumerate() {
            let row = &mut x0[i * d0..(i + 1) * d0];
            if let Some(r) = t.word {
                let table = if self.layout.vectors.is_empty() {
                    &self.vectors[..]
                } else {
                    &p[self.layout.vectors.clone()]
                };
                row[..wd].copy_from_slice(&table[r as usize * wd..(r as usize + 1) * wd]);
            }
            for &b in &t.parts {
                let e = &p[self.layout.parts.start + b as usize * hd..][..hd];
                for (o, v) in row[wd..wd + hd].iter_mut().zip(e) {
                    *o += v;
                }
            }
            row[wd + hd..].copy_from_slice(&t.shape);
        }
        mask(n * d0, rng, &mut w.masks[0]);
        for (v, m) in w.xs[0].iter_mut().zip(&w.masks[0]) {
            *v *= m;
        }
        // Convolutions.
        for l in 0..layers {
            let d_in = c.layer_input(l);
            let (wr, br) = &self.layout.convs[l];
            let mut pre = std::mem::take(&mut w.pres[l]);
            let (weights, bias) = (&p[wr.clone()], &p[br.clone()]);
            dense::conv_forward(&w.xs[l], n, d_in, weights, bias, c.dilations[l], &mut pre);
            let residual = l > 0;
            let mut h: Vec<f32> = pre.iter().map(|v| v.max(0.0)).collect();
            if residual {
                for (hv, xv) in h.iter_mut().zip(&w.xs[l]) {
                    *hv += xv;
                }
            }
            mask(n * c.hidden, rng, &mut w.masks[l + 1]);
            for (v, m) in h.iter_mut().zip(&w.masks[l + 1]) {
                *v *= m;
            }
            w.pres[l] = pre;
            w.xs[l + 1] = h;
        }
        // Output.
        let t = c.n_tags;
        let hid = c.hidden;
        let out_w = &p[self.layout.out.clone()];
        let out_b = &p[self.layout.out_bias.clone()];
        let top = &w.xs[layers];
        w.emit.clear();
        for i in 0..n {
            let hr = &top[i * hid..(i + 1) * hid];
            for k in 0..t {
                w.emit
                    .push(out_b[k] + dense::dot(&out_w[k * hid..(k + 1) * hid], hr));
            }
        }
        // CRF.
        let tr = &p[self.layout.trans.clone()];
        let a = |prev: usize, cur: usize| -> f64 {
            if allowed(prev, cur) {
                tr[prev * t + cur] as f64
            } else {
                f64::NEG_INFINITY
            }
        };
        let e = |i: usize, k: usize| w.emit[i * t + k] as f64;
        w.alpha.clear();
        w.alpha.resize(n * t, 0.0);
        for k in 0..t {
            w.alpha[k] = a(t, k) + e(0, k);
        }
        for i in 1..n {
            for k in 0..t {
                let v = log_sum_exp((0..t).map(|q| w.alpha[(i - 1) * t + q] + a(q, k)));
                w.alpha[i * t + k] = v + e(i, k);
            }
        }
        w.beta.clear();
        w.beta.resize(n * t, 0.0);
        for i in (0..n - 1).rev() {
            for q in 0..t {
                w.beta[i * t + q] =
                    log_sum_exp((0..t).map(|k| a(q, k) + e(i + 1, k) + w.beta[(i + 1) * t + k]));
            }
        }
        let log_z = log_sum_exp((0..t).map(|k| w.alpha[(n - 1) * t + k]));
        let mut gold = a(t, s.tags[0] as usize) + e(0, s.tags[0] as usize);
        for i in 1..n {
            gold += a(s.tags[i - 1] as usize, s.tags[i] as usize) + e(i, s.tags[i] as usize);
        }
        let loss = log_z - gold;
        if !loss.is_finite() {
            return 0.0;
        }
        let g = &mut w.grad;
        w.d_emit.clear();
        w.d_emit.resize(n * t, 0.0);
        for i in 0..n {
            for k in 0..t {
                let m = (w.alpha[i * t + k] + w.beta[i * t + k] - log_z).exp();
                w.d_emit[i * t + k] = m as f32;
            }
            w.d_emit[i * t + s.tags[i] as usize] -= 1.0;
        }
        let gt = self.layout.trans.start;
        for k in 0..t {
            g[gt + t * t + k] += w.d_emit[k];
        }
        for i in 1..n {
            for q in 0..t {
                let aq = w.alpha[(i - 1) * t + q];
                if aq == f64::NEG_INFINITY {
                    continue;
                }
                for k in 0..t {
                    let tr_qk = a(q, k);
                    if tr_qk == f64::NEG_INFINITY {
                        continue;
                    }
                    let m = (aq + tr_qk + e(i, k) + w.beta[i * t + k] - log_z).exp();
                    g[gt + q * t + k] += m as f32;
                }
            }
            g[gt + s.tags[i - 1] as usize * t + s.tags[i] as usize] -= 1.0;
        }
        // Output layer backward.
        let (go, gb) = (self.layout.out.start, self.layout.out_bias.start);
        w.dx.clear();
        w.dx.resize(n * hid, 0.0);
        for i in 0..n {
            let hr = &top[i * hid..(i + 1) * hid];
            let dxr = &mut w.dx[i * hid..(i + 1) * hid];
            for k in 0..t {
                let d = w.d_emit[i * t + k];
                g[gb + k] += d;
                let wr = &out_w[k * hid..(k + 1) * hid];
                let gr = &mut g[go + k * hid..go + (k + 1) * hid];
                for j in 0..hid {
                    gr[j] += d * hr[j];
                    dxr[j] += d * wr[j];
                }
            }
        }
        // Convolutions backward.
        for l in (0..layers).rev() {
            let d_in = c.layer_input(l);
            let residual = l > 0;
            let dil = c.dilations[l];
            for (d, m) in w.dx.iter_mut().zip(&w.masks[l + 1]) {
                *d *= m;
            }
            w.dprev.clear();
            w.dprev.resize(n * d_in, 0.0);
            if residual {
                w.dprev.copy_from_slice(&w.dx);
            }
            let pre = &w.pres[l];
            let x = &w.xs[l];
            let (wr, br) = &self.layout.convs[l];
            let wp = &p[wr.clone()];
            for i in 0..n {
                for o in 0..hid {
                    if pre[i * hid + o] <= 0.0 {
                        w.dx[i * hid + o] = 0.0;
                    }
                }
            }
            for i in 0..n {
                for o in 0..hid {
                    g[br.start + o] += w.dx[i * hid + o];
                }
            }
            for tap in 0..3 {
                for i in 0..n {
                    let Some(j) = (i + tap * dil).checked_sub(dil) else {
                        continue;
                    };
                    if j >= n {
                        continue;
                    }
                    let xr = &x[j * d_in..(j + 1) * d_in];
                    for o in 0..hid {
                        let d = w.dx[i * hid + o];
                        if d == 0.0 {
                            continue;
                        }
                        let at = (tap * hid + o) * d_in;
                        let gw = &mut g[wr.start + at..wr.start + at + d_in];
                        for (gv, xv) in gw.iter_mut().zip(xr) {
                            *gv += d * xv;
                        }
                        let wrow = &wp[at..at + d_in];
                        let dp = &mut w.dprev[j * d_in..(j + 1) * d_in];
                        for (dv, wv) in dp.iter_mut().zip(wrow) {
                            *dv += d * wv;
                        }
                    }
                }
            }
            std::mem::swap(&mut w.dx, &mut w.dprev);
        }
        // Inputs backward: the hashed parts.
        for (d, m) in w.dx.iter_mut().zip(&w.masks[0]) {
            *d *= m;
        }
        for (i, tok) in s.tokens.iter().enumerate() {
            if let (Some(r), false) = (tok.word, self.layout.vectors.is_empty()) {
                let at = self.layout.vectors.start + r as usize * wd;
                for (gv, dv) in g[at..at + wd].iter_mut().zip(&w.dx[i * d0..i * d0 + wd]) {
                    *gv += dv;
                }
            }
            let dr = &w.dx[i * d0 + wd..i * d0 + wd + hd];
            for &b in &tok.parts {
                let at = self.layout.parts.start + b as usize * hd;
                for (gv, dv) in g[at..at + hd].iter_mut().zip(dr) {
                    *gv += dv;
                }
            }
        }
        loss
    }

    /// The trained network as a runtime model (int8 where the format says).
    pub fn model(&self, weight: f32) -> Result<Dense, String> {
        let c = &self.config;
        let p = &self.params;
        let convs = self
            .layout
            .convs
            .iter()
            .enumerate()
            .map(|(l, (w, b))| {
                Conv::new(
                    QMatrix::quantize(&p[w.clone()], c.layer_input(l)),
                    p[b.clone()].to_vec(),
                    c.dilations[l],
                )
            })
            .collect();
        let mut trans = p[self.layout.trans.clone()].to_vec();
        for (i, v) in trans.iter_mut().enumerate() {
            if !allowed(i / c.n_tags, i % c.n_tags) {
                *v = 0.0;
            }
        }
        let d = Dense::new(
            c.clone(),
            self.words.clone(),
            QMatrix::quantize(
                if self.layout.vectors.is_empty() {
                    &self.vectors
                } else {
                    &p[self.layout.vectors.clone()]
                },
                c.word_dim,
            ),
            QMatrix::quantize(&p[self.layout.parts.clone()], c.hash_dim),
            convs,
            QMatrix::quantize(&p[self.layout.out.clone()], c.hidden),
            p[self.layout.out_bias.clone()].to_vec(),
            trans,
            weight,
        )
        .map_err(|e| e.to_string())?;
        // What is shipped is what the bytes say.
        Dense::from_bytes(&d.to_bytes()).map_err(|e| e.to_string())
    }

    /// Trains on `examples`; `report(epoch, trainer)` after each epoch.
    pub fn train(
        &mut self,
        examples: &[Example],
        opts: &Options,
        report: &mut dyn FnMut(usize, &Trainer),
    ) {
        let index: rustc_hash::FxHashMap<&str, u32> = self
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .collect();
        let data: Vec<Sentence> = examples
            .iter()
            .filter(|e| !e.words.is_empty() && !e.partial)
            .map(|e| self.sentence(&index, e))
            .collect();
        let known: usize = data
            .iter()
            .flat_map(|s| &s.tokens)
            .filter(|t| t.word.is_some())
            .count();
        let total: usize = data.iter().map(|s| s.tokens.len()).sum();
        eprintln!(
            "dense: {} sentences, {total} tokens ({:.1}% with a vector), {} parameters",
            data.len(),
            100.0 * known as f64 / total.max(1) as f64,
            self.layout.len
        );
        let n_params = self.layout.len;
        let (mut m, mut v) = (vec![0f32; n_params], vec![0f32; n_params]);
        let (b1, b2, eps) = (0.9f32, 0.999f32, 1e-8f32);
        let mut order: Vec<usize> = (0..data.len()).collect();
        let mut rng = Rng(opts.seed ^ 0x5A5A);
        let batches_per_epoch = data.len().div_ceil(opts.batch.max(1));
        let total_steps = (batches_per_epoch * opts.epochs).max(1);
        let mut step = 0usize;
        let mut works = [Work::default(), Work::default()];
        for epoch in 1..=opts.epochs {
            let t0 = std::time::Instant::now();
            for i in (1..order.len()).rev() {
                order.swap(i, rng.below(i + 1));
            }
            let mut loss = 0.0;
            for (bi, batch) in order.chunks(opts.batch.max(1)).enumerate() {
                let half = batch.len().div_ceil(2);
                let seed = opts.seed ^ (epoch as u64) << 40 ^ (bi as u64) << 8;
                let this = &*self;
                let losses: Vec<f64> = std::thread::scope(|sc| {
                    let handles: Vec<_> = works
                        .iter_mut()
                        .zip([&batch[..half], &batch[half..]])
                        .enumerate()
                        .map(|(k, (w, part))| {
                            let data = &data;
                            sc.spawn(move || {
                                w.grad.clear();
                                w.grad.resize(n_params, 0.0);
                                let mut sum = 0.0;
                                for (j, &si) in part.iter().enumerate() {
                                    let mut r = Rng(seed ^ (k * 1000 + j) as u64);
                                    sum += this.step(&data[si], &mut r, w);
                                }
                                sum
                            })
                        })
                        .collect();
                    handles
                        .into_iter()
                        .map(|h| h.join().unwrap_or(0.0))
                        .collect()
                });
                loss += losses.iter().sum::<f64>();
                let (w0, w1) = works.split_at_mut(1);
                let g = &mut w0[0].grad;
                for (a, b) in g.iter_mut().zip(&w1[0].grad) {
                    *a = (*a + b) / batch.len() as f32;
                }
                let norm = g.iter().map(|x| x * x).sum::<f32>().sqrt();
                if norm > 5.0 {
                    let s = 5.0 / norm;
                    for x in g.iter_mut() {
                        *x *= s;
                    }
                }
                step += 1;
                let lr = opts.lr * (1.0 - 0.9 * step as f32 / total_steps as f32);
                let (c1, c2) = (1.0 - b1.powi(step as i32), 1.0 - b2.powi(step as i32));
                for k in 0..n_params {
                    let gk = g[k];
                    m[k] = b1 * m[k] + (1.0 - b1) * gk;
                    v[k] = b2 * v[k] + (1.0 - b2) * gk * gk;
                    self.params[k] -= lr * (m[k] / c1) / ((v[k] / c2).sqrt() + eps);
                }
            }
            eprintln!(
                "dense epoch {epoch}: loss {:.4} per sentence ({:.0}s)",
                loss / data.len().max(1) as f64,
                t0.elapsed().as_secs_f64()
            );
            report(epoch, self);
        }
    }
}

/// Reads word vectors written by [`write_vectors`].
pub fn read_vectors(path: &std::path::Path) -> Result<Vectors, String> {
    let text = crate::read(path)?;
    let mut words = Vec::new();
    let mut vectors = Vec::new();
    let mut dim = 0;
    for (i, line) in text.lines().enumerate() {
        let (w, rest) = line
            .split_once('\t')
            .ok_or_else(|| format!("{}:{}: no tab", path.display(), i + 1))?;
        let before = vectors.len();
        for v in rest.split(' ') {
            vectors.push(
                v.parse::<f32>()
                    .map_err(|e| format!("{}:{}: {e}", path.display(), i + 1))?,
            );
        }
        let d = vectors.len() - before;
        if dim == 0 {
            dim = d;
        } else if d != dim {
            return Err(format!(
                "{}:{}: {d} values, not {dim}",
                path.display(),
                i + 1
            ));
        }
        words.push(w.to_string());
    }
    Ok(Vectors {
        words,
        dim,
        vectors,
    })
}

/// Writes word vectors as `word<TAB>v1 v2 …` lines (exact `f32` values).
pub fn write_vectors(path: &std::path::Path, v: &Vectors) -> Result<(), String> {
    let mut s = String::new();
    for (w, row) in v.words.iter().zip(v.vectors.chunks(v.dim)) {
        s.push_str(w);
        s.push('\t');
        let vals: Vec<String> = row.iter().map(|x| x.to_string()).collect();
        s.push_str(&vals.join(" "));
        s.push('\n');
    }
    std::fs::write(path, s).map_err(|e| format!("{}: {e}", path.display()))
}

/// The word vectors of `parsi build classes` (its options), trained anew.
pub fn train_vectors(data: &std::path::Path) -> Result<Vectors, String> {
    let t0 = std::time::Instant::now();
    let texts = crate::build_embeddings::corpus_lines(data)?;
    let lines: Vec<&str> = texts.iter().map(String::as_str).collect();
    let corpus = crate::build_clusters::tokenize_logged(&lines, t0)?;
    Ok(crate::build_embeddings::train(
        &corpus,
        &crate::build_embeddings::OPTIONS,
    ))
}

/// `model` at weight `w` against the linear model.
fn with_weight(model: &Dense, w: f32) -> Dense {
    let mut d = model.clone();
    d.weight = w;
    d
}

/// The weights of the dense model against the linear one that
/// [`attach`] tries on PEYMA dev.
pub const WEIGHTS: [f32; 5] = [0.25, 0.375, 0.5, 0.75, 1.0];

/// Trains the dense model on `examples` (the linear model's aligned
/// training sentences), with word vectors trained anew as `parsi build
/// classes` trains them, and adds it to `linear` at the weight of
/// [`WEIGHTS`] that scores best on PEYMA dev.
pub fn attach(
    data: &std::path::Path,
    linear: parsi::ner::Recognizer,
    examples: &[Example],
    opts: &Options,
) -> Result<parsi::ner::Recognizer, String> {
    let t0 = std::time::Instant::now();
    let vecs = train_vectors(data)?;
    eprintln!(
        "dense: {} word vectors of {} ({:.0}s)",
        vecs.words.len(),
        vecs.dim,
        t0.elapsed().as_secs_f64()
    );
    let dev = crate::train_ner::read_peyma(data, "peyma/dev.txt")?;
    let mut trainer = Trainer::new(&vecs, linear.n_tags(), opts);
    trainer.train(examples, opts, &mut |_, _| {});
    let model = trainer.model(1.0)?;
    let mut best: Option<(f64, parsi::ner::Recognizer)> = None;
    for w in WEIGHTS {
        let r = linear
            .clone()
            .with_dense(Some(with_weight(&model, w)))
            .map_err(|e| e.to_string())?;
        let f1 = crate::eval_ner::score(&r, &dev)?.f1();
        eprintln!("dense weight {w}: PEYMA dev F1 {:.2}", 100.0 * f1);
        if best.as_ref().is_none_or(|b| f1 > b.0) {
            best = Some((f1, r));
        }
    }
    best.map(|b| b.1)
        .ok_or_else(|| "no dense weight".to_string())
}

/// `parsi train dense` (an experiment): trains the dense model on PEYMA
/// train and NSURL's training part, reports PEYMA dev F1 of the network
/// alone and added to the embedded linear model at several weights after
/// every epoch, and writes the dense model to `out`.
pub fn run(
    data: &std::path::Path,
    out: &std::path::Path,
    vectors: Option<&std::path::Path>,
    opts: &Options,
) -> Result<(), String> {
    use crate::ner_data::{read_nsurl, tokens_only};
    use crate::train_ner::read_peyma;
    use parsi::ner::N_TAGS;
    let t0 = std::time::Instant::now();
    let vecs = match vectors {
        Some(p) if p.exists() => read_vectors(p)?,
        _ => {
            let v = train_vectors(data)?;
            if let Some(p) = vectors {
                write_vectors(p, &v)?;
            }
            v
        }
    };
    eprintln!(
        "{} word vectors of {} ({:.0}s)",
        vecs.words.len(),
        vecs.dim,
        t0.elapsed().as_secs_f64()
    );
    let analyzer = crate::base_models()?;
    let mut gold = read_peyma(data, "peyma/train.txt")?;
    gold.extend(read_nsurl(data)?.0);
    let examples: Vec<Example> = gold
        .iter()
        .flat_map(|s| crate::train_ner::align(analyzer, s, &tokens_only()))
        .collect();
    eprintln!("aligned ({:.0}s)", t0.elapsed().as_secs_f64());
    let dev = read_peyma(data, "peyma/dev.txt")?;
    let linear = crate::base()?
        .recognizer()
        .ok_or("the embedded analyzer has no recognizer")?
        .clone();
    let mut trainer = Trainer::new(&vecs, N_TAGS, opts);
    let mut report = |epoch: usize, t: &Trainer| {
        let show = |w: f32, alone: bool, model: &Dense| -> Result<f64, String> {
            let r = linear
                .clone()
                .with_dense(Some(with_weight(model, w)))
                .map_err(|e| e.to_string())?;
            let r = crate::eval_ner::Tweaks {
                alone,
                ..Default::default()
            }
            .apply(r)?;
            Ok(100.0 * crate::eval_ner::score(&r, &dev)?.f1())
        };
        let mut line = format!("  epoch {epoch}:");
        let model = match t.model(1.0) {
            Ok(m) => m,
            Err(e) => return eprintln!("{line} {e}"),
        };
        match show(1.0, true, &model) {
            Ok(f) => line.push_str(&format!(" alone {f:.2}")),
            Err(e) => line.push_str(&format!(" alone: {e}")),
        }
        for w in [0.25f32, 0.5, 1.0, 2.0] {
            match show(w, false, &model) {
                Ok(f) => line.push_str(&format!(" | +{w} {f:.2}")),
                Err(e) => line.push_str(&format!(" | +{w}: {e}")),
            }
        }
        eprintln!("{line}");
    };
    trainer.train(&examples, opts, &mut report);
    let model = trainer.model(1.0)?;
    let bytes = model.to_bytes();
    std::fs::write(out, &bytes).map_err(|e| format!("{}: {e}", out.display()))?;
    crate::out!(
        "{}",
        serde_json::json!({"model": out.display().to_string(), "bytes": bytes.len(), "seconds": t0.elapsed().as_secs_f64().round()})
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tiny() -> (Trainer, Sentence) {
        let vectors = Vectors {
            words: vec!["علی".into(), "در".into(), "تهران".into()],
            dim: 4,
            vectors: (0..12).map(|i| ((i * 7 % 5) as f32 - 2.0) / 3.0).collect(),
        };
        let opts = Options {
            max_words: 10,
            hash_dim: 4,
            buckets: 16,
            hidden: 6,
            dilations: vec![1, 2],
            epochs: 1,
            lr: 1e-2,
            batch: 2,
            dropout: 0.0,
            seed: 7,
            tune_vectors: true,
            pos: true,
            trigrams: true,
        };
        let mut t = Trainer::new(&vectors, parsi::ner::N_TAGS, &opts);
        // Non-zero transitions and biases, so their gradients matter.
        let mut rng = Rng(3);
        for p in &mut t.params[t.layout.trans.start..t.layout.out_bias.end.max(t.layout.trans.end)]
        {
            *p = rng.unit() - 0.5;
        }
        let words: Vec<String> = ["علی", "رضایی", "در", "تهران", "۱۲"]
            .iter()
            .map(|s| s.to_string())
            .collect();
        let ex = Example {
            words,
            pos: vec![parsi::ner::pos_code(parsi::pos::Upos::Propn, parsi::pos::Upos::Propn); 5],
            tags: vec![1, 2, 0, 3, 0],
            partial: false,
        };
        let index = t
            .words
            .iter()
            .enumerate()
            .map(|(i, w)| (w.as_str(), i as u32))
            .collect();
        let s = t.sentence(&index, &ex);
        (t, s)
    }

    /// The analytic gradient matches finite differences of the loss.
    #[test]
    fn gradient_matches_finite_differences() {
        let (mut t, s) = tiny();
        let mut w = Work {
            grad: vec![0.0; t.layout.len],
            ..Work::default()
        };
        t.step(&s, &mut Rng(1), &mut w);
        let grad = w.grad.clone();
        let mut checked = 0;
        let mut rng = Rng(9);
        let mut bad = Vec::new();
        for _ in 0..400 {
            let k = rng.below(t.layout.len);
            if grad[k] == 0.0 && k < t.layout.parts.end {
                continue; // an unused hashed row
            }
            let eps = 1e-3f32;
            let old = t.params[k];
            let loss = |v: f32, t: &mut Trainer| {
                t.params[k] = v;
                let mut w = Work {
                    grad: vec![0.0; t.layout.len],
                    ..Work::default()
                };
                t.step(&s, &mut Rng(1), &mut w)
            };
            let up = loss(old + eps, &mut t);
            let down = loss(old - eps, &mut t);
            t.params[k] = old;
            let num = (up - down) / (2.0 * eps as f64);
            let err = (num - grad[k] as f64).abs();
            if err > 2e-3 + 0.05 * num.abs() {
                bad.push((k, num, grad[k]));
            }
            checked += 1;
        }
        assert!(checked > 100, "{checked}");
        // A ReLU kink can fall between the two probes: allow a few.
        assert!(bad.len() <= 3, "{bad:?}");
    }
}
