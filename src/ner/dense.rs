//! The dense part of the entity recognizer: a small convolutional network
//! over word vectors and hashed affixes whose emission and transition scores
//! are added to the linear model's before decoding (a product of the two
//! models).
//!
//! Each token is the concatenation of
//! - its word vector (skip-gram, learned from unlabeled text by `parsi train
//!   ner`; fixed during training, int8 per row; zeros for a word without one),
//! - the sum of learned embeddings of hashed parts of its folded form: the
//!   word, its first 1–3 and last 1–3 chars, its char-class shape (int8 per
//!   row),
//! - [`N_SHAPE`] indicator features (digits, Latin, punctuation, length, ZWNJ,
//!   whether it has a vector).
//!
//! Convolutions of width 3 (one per entry of [`Config::dilations`], each tap
//! `dilation` tokens apart; ReLU; a residual connection where the widths
//! match) give each token a hidden vector that sees up to `1 + Σ dilations`
//! tokens each side; a linear layer maps it to one score per BIO tag. The
//! network was trained as a linear-chain CRF with its own transitions (see
//! `parsi train ner`). Weight matrices are stored as int8 with a scale per
//! output row and expanded to `f32` when the model is read; the word vectors
//! and affix embeddings stay int8 and are expanded per token.

use super::features::{fnv, folded};
use crate::error::{Error, Result};
use crate::hashing::WordIndex;
use crate::model;
use rustc_hash::FxHashMap;

/// The magic bytes of a dense entity model.
pub const MAGIC: &[u8; 8] = b"PARSIDNS";
/// The body version this build reads and writes.
pub const VERSION: u32 = 1;
/// Number of indicator features per token.
pub const N_SHAPE: usize = 8;
/// Rows of the part table for parts of speech (first and last UD word's
/// UPOS, 32 each), after the hashed rows.
pub const POS_ROWS: usize = 64;

/// The network's sizes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Config {
    /// Word vector size.
    pub word_dim: usize,
    /// Size of the hashed-part embeddings.
    pub hash_dim: usize,
    /// Rows of the hashed-part table (a power of two).
    pub buckets: usize,
    /// Width of each convolution's output.
    pub hidden: usize,
    /// The distance between the taps of each convolution, in order.
    pub dilations: Vec<usize>,
    /// Number of BIO tags.
    pub n_tags: usize,
    /// Whether the parts of speech of the token's first and last UD word
    /// are parts too ([`POS_ROWS`] more rows).
    pub pos_parts: bool,
    /// Whether every char trigram of the word (with boundary marks) is a
    /// hashed part too.
    pub trigrams: bool,
}

impl Config {
    /// Rows of the part table.
    pub fn part_rows(&self) -> usize {
        self.buckets + if self.pos_parts { POS_ROWS } else { 0 }
    }

    /// The width of a token's input vector.
    pub fn input_dim(&self) -> usize {
        self.word_dim + self.hash_dim + N_SHAPE
    }

    /// The input width of convolution `l`.
    pub fn layer_input(&self, l: usize) -> usize {
        if l == 0 {
            self.input_dim()
        } else {
            self.hidden
        }
    }
}

/// An int8 matrix with a scale per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct QMatrix {
    /// Number of columns.
    pub cols: usize,
    /// Row-major int8 values.
    pub values: Vec<i8>,
    /// One scale per row: a value is `values[i] as f32 * scales[row]`.
    pub scales: Vec<f32>,
}

impl QMatrix {
    /// Quantizes a row-major `f32` matrix of `cols` columns.
    pub fn quantize(m: &[f32], cols: usize) -> QMatrix {
        let cols = cols.max(1);
        let mut q = QMatrix {
            cols,
            values: Vec::with_capacity(m.len()),
            scales: Vec::with_capacity(m.len() / cols),
        };
        for row in m.chunks(cols) {
            let max = row.iter().fold(0f32, |a, &v| a.max(v.abs()));
            let s = if max > 0.0 { max / 127.0 } else { 1.0 };
            q.scales.push(s);
            q.values.extend(
                row.iter()
                    .map(|&v| (v / s).round().clamp(-127.0, 127.0) as i8),
            );
        }
        q
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.scales.len()
    }

    /// Adds row `r` to `out` (`out.len()` = columns).
    #[inline]
    pub fn add_row(&self, r: usize, out: &mut [f32]) {
        let s = self.scales[r];
        let row = &self.values[r * self.cols..(r + 1) * self.cols];
        for (o, &v) in out.iter_mut().zip(row) {
            *o += v as f32 * s;
        }
    }

    /// The matrix as `f32`.
    pub fn to_f32(&self) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.values.len());
        for (r, row) in self.values.chunks(self.cols).enumerate() {
            out.extend(row.iter().map(|&v| v as f32 * self.scales[r]));
        }
        out
    }

    fn write(&self, w: &mut model::Writer) {
        for s in &self.scales {
            w.buf.extend_from_slice(&s.to_le_bytes());
        }
        w.buf.extend(self.values.iter().map(|&v| v as u8));
    }

    fn read(r: &mut model::Reader, rows: usize, cols: usize) -> Result<QMatrix> {
        let mut scales = Vec::with_capacity(rows.min(r.remaining() / 4));
        for _ in 0..rows {
            let s = f32_of(r)?;
            if !(s.is_finite() && s > 0.0) {
                return Err(invalid("a scale is not a positive number"));
            }
            scales.push(s);
        }
        let n = rows
            .checked_mul(cols)
            .ok_or_else(|| invalid("matrix too large"))?;
        let bytes = r.take(n)?;
        // SAFETY: i8 and u8 have the same size and alignment, and every
        // bit pattern is valid for both. (A copy, not a byte-by-byte
        // conversion: 650 KB at start-up.)
        let values =
            unsafe { std::slice::from_raw_parts(bytes.as_ptr().cast::<i8>(), bytes.len()) }
                .to_vec();
        Ok(QMatrix {
            cols,
            values,
            scales,
        })
    }
}

fn invalid(m: &str) -> Error {
    Error::InvalidModel(format!("dense NER: {m}"))
}

fn f32_of(r: &mut model::Reader) -> Result<f32> {
    let b = r.take(4)?;
    Ok(f32::from_le_bytes([b[0], b[1], b[2], b[3]]))
}

/// A convolution of width 3: `weights` is `[tap][out][in]` (taps at
/// `-dilation`, 0, `+dilation`), `bias` one per output.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Conv {
    /// The stored weights: `3 × out` rows of `in`.
    pub quantized: QMatrix,
    /// The same as `f32`.
    pub weights: Vec<f32>,
    /// One bias per output.
    pub bias: Vec<f32>,
    /// The distance between taps.
    pub dilation: usize,
}

impl Conv {
    /// A convolution from its stored weights.
    pub fn new(quantized: QMatrix, bias: Vec<f32>, dilation: usize) -> Conv {
        Conv {
            weights: quantized.to_f32(),
            quantized,
            bias,
            dilation,
        }
    }
}

/// The dense model.
#[derive(Clone, Debug)]
pub struct Dense {
    /// The sizes.
    pub config: Config,
    /// Words with a vector, in row order ([`Dense::words`]).
    words: WordIndex,
    /// The word vectors (`words.len()` rows of `word_dim`).
    pub vectors: QMatrix,
    /// The hashed-part embeddings (`buckets` rows of `hash_dim`).
    pub parts: QMatrix,
    /// The convolutions, in order.
    pub convs: Vec<Conv>,
    /// Output layer: `n_tags` rows of `hidden` (stored, and as `f32`), and
    /// one bias per tag.
    pub out_quantized: QMatrix,
    /// The output weights as `f32`.
    pub out: Vec<f32>,
    /// The output biases.
    pub out_bias: Vec<f32>,
    /// Transition scores `[prev * n_tags + cur]`, row `n_tags` for the first tag.
    pub transitions: Vec<f32>,
    /// The weight of this model's scores against the linear model's, in
    /// natural-log units (tuned on dev data with the linear model it ships with).
    pub weight: f32,
}

/// Most (word, part of speech) pairs whose first-layer projections a
/// [`DenseBuffers`] keeps (cleared when full): with 64 hidden units, 1.5 MB
/// of projections.
const CACHE_WORDS: usize = 2048;

/// Reusable buffers of [`Dense::emissions`], with the first layer's
/// projections of the words seen (a cache: a document's frequent words are
/// computed once).
#[derive(Default, Debug)]
pub struct DenseBuffers {
    x: Vec<f32>,
    h: Vec<f32>,
    row: Vec<f32>,
    parts: Vec<u32>,
    chars: Vec<char>,
    /// Where each token's projection starts in `projections`.
    at: Vec<usize>,
    projections: Vec<f32>,
    /// By the word's 64-bit hash ([`crate::hashing::bytes_hash`]; as the
    /// tagger's word cache, no per-word allocation) and part of speech.
    cache: FxHashMap<(u64, u16), u32>,
}

/// The hashed parts of a word (its folded chars `cs`) as rows of a table of
/// `buckets` rows (a power of two), into `out` (cleared first): the word,
/// its first 1–3 and last 1–3 chars (fewer when the word is shorter: a part
/// that would repeat the whole word is left out), its shape and, with
/// `trigrams`, each char trigram of `^word$`.
pub fn parts(cs: &[char], buckets: usize, trigrams: bool, out: &mut Vec<u32>) {
    out.clear();
    let mask = buckets.max(1) as u64 - 1;
    let mut push = |template: u64, v: u64| {
        out.push((crate::hashing::mix(template, v) & mask) as u32);
    };
    const BASIS: u64 = 0xcbf2_9ce4_8422_2325;
    push(1, fnv(cs));
    let n = cs.len();
    for k in 1..=3 {
        if k < n {
            push(2 + k as u64, fnv(&cs[..k]));
            push(6 + k as u64, fnv(&cs[n - k..]));
        }
    }
    let mut shape = BASIS;
    let mut last = 0;
    for &c in cs {
        let class = crate::hashing::char_class(c);
        if class != last {
            shape = (shape ^ class).wrapping_mul(0x0000_0100_0000_01b3);
            last = class;
        }
    }
    push(10, shape);
    if trigrams {
        // The trigrams of `^word$`: `^ab`, `abc`, …, `yz$`.
        let at = |k: usize| match k {
            0 => '^',
            k if k > n => '$',
            k => cs[k - 1],
        };
        for i in 0..n {
            push(11, fnv(&[at(i), at(i + 1), at(i + 2)]));
        }
    }
}

/// The part-table rows of a token's part-of-speech code
/// ([`super::pos_code`]; none for 0), for a table of `buckets` hashed rows.
pub fn pos_parts(code: u16, buckets: usize, out: &mut Vec<u32>) {
    if code & 1 << 10 != 0 {
        out.push((buckets + (code & 31) as usize) as u32);
        out.push((buckets + 32 + (code >> 5 & 31) as usize) as u32);
    }
}

/// The indicator features of a word (its folded chars), `known` saying
/// whether it has a vector.
pub fn shape(cs: &[char], known: bool) -> [f32; N_SHAPE] {
    let digits = cs.iter().filter(|&&c| c == '0').count();
    let latin = cs.iter().any(|c| c.is_ascii_lowercase());
    let punct = !cs.is_empty() && cs.iter().all(|&c| crate::chars::is_punct(c));
    let f = |b: bool| if b { 1.0 } else { 0.0 };
    [
        f(digits > 0),
        f(digits > 0 && digits == cs.len()),
        f(latin),
        f(punct),
        f(cs.len() == 1),
        f(cs.len() >= 7),
        f(cs.contains(&crate::chars::ZWNJ)),
        f(known),
    ]
}

/// Dot product in eight lanes (vectorizes without `-ffast-math`).
#[inline]
pub fn dot(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    let mut acc = [0f32; 8];
    let mut ca = a.chunks_exact(8);
    let mut cb = b.chunks_exact(8);
    for (x, y) in (&mut ca).zip(&mut cb) {
        for k in 0..8 {
            acc[k] += x[k] * y[k];
        }
    }
    let mut s: f32 = ca
        .remainder()
        .iter()
        .zip(cb.remainder())
        .map(|(x, y)| x * y)
        .sum();
    for v in acc {
        s += v;
    }
    s
}

/// One convolution over `n` tokens: `x` is `n × d_in`, `weights` laid out
/// as [`Conv::weights`], `out` (resized to `n × d_out`) gets the
/// pre-activations. Positions outside the sentence count as zeros.
pub fn conv_forward(
    x: &[f32],
    n: usize,
    d_in: usize,
    weights: &[f32],
    bias: &[f32],
    dilation: usize,
    out: &mut Vec<f32>,
) {
    let d_out = bias.len();
    out.clear();
    out.reserve(n * d_out);
    for _ in 0..n {
        out.extend_from_slice(bias);
    }
    // Output-major: a weight row stays in the L1 cache while it meets
    // every token of the sentence.
    for tap in 0..3 {
        let w = &weights[tap * d_out * d_in..(tap + 1) * d_out * d_in];
        // Tokens `i` whose tap lands inside the sentence: `j = i + tap·d − d`.
        let (lo, hi) = match tap {
            0 => (dilation.min(n), n),
            1 => (0, n),
            _ => (0, n.saturating_sub(dilation)),
        };
        for (k, wr) in w.chunks_exact(d_in).enumerate() {
            for i in lo..hi {
                let j = i + tap * dilation - dilation;
                out[i * d_out + k] += dot(wr, &x[j * d_in..(j + 1) * d_in]);
            }
        }
    }
}

impl Dense {
    /// A model from its parts (checked as [`Dense::from_bytes`] checks them).
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        config: Config,
        words: Vec<String>,
        vectors: QMatrix,
        parts: QMatrix,
        convs: Vec<Conv>,
        out_quantized: QMatrix,
        out_bias: Vec<f32>,
        transitions: Vec<f32>,
        weight: f32,
    ) -> Result<Dense> {
        let bytes = words.iter().map(String::len).sum();
        let mut index = WordIndex::with_capacity(words.len(), bytes);
        for w in &words {
            if !index.push(w) {
                return Err(invalid("a word is listed twice"));
            }
        }
        Dense::with_index(
            config,
            index,
            vectors,
            parts,
            convs,
            out_quantized,
            out_bias,
            transitions,
            weight,
        )
    }

    #[allow(clippy::too_many_arguments)]
    fn with_index(
        config: Config,
        words: WordIndex,
        vectors: QMatrix,
        parts: QMatrix,
        convs: Vec<Conv>,
        out_quantized: QMatrix,
        out_bias: Vec<f32>,
        transitions: Vec<f32>,
        weight: f32,
    ) -> Result<Dense> {
        let c = &config;
        if c.buckets == 0 || !c.buckets.is_power_of_two() {
            return Err(invalid("the number of buckets is not a power of two"));
        }
        if c.n_tags == 0 || c.hidden == 0 || c.dilations.is_empty() {
            return Err(invalid("empty network"));
        }
        if vectors.rows() != words.len() || vectors.cols != c.word_dim.max(1) {
            return Err(invalid("word vectors do not match the words"));
        }
        if parts.rows() != c.part_rows() || parts.cols != c.hash_dim.max(1) {
            return Err(invalid("part table does not match the configuration"));
        }
        if convs.len() != c.dilations.len() {
            return Err(invalid("wrong number of convolutions"));
        }
        for (l, conv) in convs.iter().enumerate() {
            if conv.quantized.cols != c.layer_input(l)
                || conv.bias.len() != c.hidden
                || conv.weights.len() != 3 * c.hidden * c.layer_input(l)
                || conv.dilation != c.dilations[l]
            {
                return Err(invalid("a convolution has the wrong size"));
            }
        }
        let out = out_quantized.to_f32();
        if out.len() != c.n_tags * c.hidden
            || out_bias.len() != c.n_tags
            || transitions.len() != (c.n_tags + 1) * c.n_tags
        {
            return Err(invalid("the output layer has the wrong size"));
        }
        let finite = |v: &[f32]| v.iter().all(|x| x.is_finite());
        if !convs.iter().all(|c| finite(&c.weights) && finite(&c.bias))
            || !finite(&out)
            || !finite(&out_bias)
            || !finite(&transitions)
            || !weight.is_finite()
        {
            return Err(invalid("a weight is not a finite number"));
        }
        Ok(Dense {
            config,
            words,
            vectors,
            parts,
            convs,
            out_quantized,
            out,
            out_bias,
            transitions,
            weight,
        })
    }

    /// The words with a vector, in row order.
    pub fn words(&self) -> impl ExactSizeIterator<Item = &str> + '_ {
        (0..self.words.len()).map(|i| self.words.word(i))
    }

    /// The row of a word's vector.
    pub fn word_row(&self, w: &str) -> Option<u32> {
        self.words.get(w)
    }

    /// The input vector of one token (`input_dim` values, added to `row`,
    /// which starts as zeros), given its part-of-speech code.
    pub fn input_row(&self, w: &str, pos: u16, buf: &mut DenseBuffers, row: &mut [f32]) {
        let c = &self.config;
        let known = self.word_row(w);
        if let Some(r) = known {
            self.vectors.add_row(r as usize, &mut row[..c.word_dim]);
        }
        folded(w, &mut buf.chars);
        parts(&buf.chars, c.buckets, c.trigrams, &mut buf.parts);
        if c.pos_parts {
            pos_parts(pos, c.buckets, &mut buf.parts);
        }
        for &p in &buf.parts {
            self.parts
                .add_row(p as usize, &mut row[c.word_dim..c.word_dim + c.hash_dim]);
        }
        row[c.word_dim + c.hash_dim..].copy_from_slice(&shape(&buf.chars, known.is_some()));
    }

    /// The input vector of every token (`n × input_dim`) into `x`, given
    /// the tokens' part-of-speech codes (missing ones count as unknown).
    pub fn inputs<S: AsRef<str>>(
        &self,
        words: &[S],
        pos: &[u16],
        buf: &mut DenseBuffers,
        x: &mut Vec<f32>,
    ) {
        let d = self.config.input_dim();
        x.clear();
        x.resize(words.len() * d, 0.0);
        for (i, w) in words.iter().enumerate() {
            let code = pos.get(i).copied().unwrap_or(0);
            self.input_row(w.as_ref(), code, buf, &mut x[i * d..(i + 1) * d]);
        }
    }

    /// What the first convolution's three taps make of one token (`3 ×
    /// hidden`, tap by tap, no bias): a token's input depends on the token
    /// alone, so this is computed once per word and part of speech and
    /// kept in `buf`.
    fn projection(&self, w: &str, pos: u16, buf: &mut DenseBuffers) -> usize {
        let code = if self.config.pos_parts { pos } else { 0 };
        let key = (crate::hashing::bytes_hash(w.as_bytes()), code);
        if let Some(&at) = buf.cache.get(&key) {
            return at as usize;
        }
        let (d, hd) = (self.config.input_dim(), self.config.hidden);
        let mut row = std::mem::take(&mut buf.row);
        row.clear();
        row.resize(d, 0.0);
        self.input_row(w, pos, buf, &mut row);
        let at = buf.projections.len();
        let conv = &self.convs[0];
        for k in conv.weights.chunks_exact(d).take(3 * hd) {
            buf.projections.push(dot(k, &row));
        }
        buf.row = row;
        buf.cache.insert(key, at as u32);
        at
    }

    /// The emission scores of a sentence of normalized tokens, `n × n_tags`
    /// (natural-log units), into `out`, given the tokens' part-of-speech
    /// codes ([`super::pos_code`]; missing ones count as unknown).
    pub fn emissions<S: AsRef<str>>(
        &self,
        words: &[S],
        pos: &[u16],
        buf: &mut DenseBuffers,
        out: &mut Vec<f32>,
    ) {
        let n = words.len();
        let hd = self.config.hidden;
        // The first convolution, from the tokens' projections.
        // Emptied between sentences only: a sentence's projections stay put.
        if buf.cache.len() + n > CACHE_WORDS {
            buf.cache.clear();
            buf.projections.clear();
        }
        let mut at = std::mem::take(&mut buf.at);
        at.clear();
        for (i, w) in words.iter().enumerate() {
            let code = pos.get(i).copied().unwrap_or(0);
            at.push(self.projection(w.as_ref(), code, buf));
        }
        let mut x = std::mem::take(&mut buf.x);
        let mut h = std::mem::take(&mut buf.h);
        let (first, d) = (&self.convs[0], self.convs[0].dilation);
        x.clear();
        for i in 0..n {
            let start = x.len();
            x.extend_from_slice(&first.bias);
            let row = &mut x[start..];
            let mut add = |j: usize, tap: usize| {
                let p = &buf.projections[at[j] + tap * hd..at[j] + (tap + 1) * hd];
                for (o, v) in row.iter_mut().zip(p) {
                    *o += v;
                }
            };
            if i >= d {
                add(i - d, 0);
            }
            add(i, 1);
            if i + d < n {
                add(i + d, 2);
            }
        }
        for v in x.iter_mut() {
            *v = v.max(0.0);
        }
        // The others, each with a residual connection.
        for conv in &self.convs[1..] {
            conv_forward(&x, n, hd, &conv.weights, &conv.bias, conv.dilation, &mut h);
            for (hv, xv) in h.iter_mut().zip(x.iter()) {
                *hv = hv.max(0.0) + xv;
            }
            std::mem::swap(&mut x, &mut h);
        }
        let t = self.config.n_tags;
        out.clear();
        out.reserve(n * t);
        for i in 0..n {
            let hr = &x[i * hd..(i + 1) * hd];
            for k in 0..t {
                out.push(self.out_bias[k] + dot(&self.out[k * hd..(k + 1) * hd], hr));
            }
        }
        buf.x = x;
        buf.h = h;
        buf.at = at;
    }

    /// Serializes the model (the inverse of [`Dense::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let c = &self.config;
        let mut w = model::Writer::default();
        for v in [c.word_dim, c.hash_dim, c.buckets, c.hidden, c.n_tags] {
            w.var(v as u64);
        }
        w.var(c.dilations.len() as u64);
        for &d in &c.dilations {
            w.var(d as u64);
        }
        w.u8(c.pos_parts as u8 | (c.trigrams as u8) << 1);
        w.buf.extend_from_slice(&self.weight.to_le_bytes());
        w.var(self.words.len() as u64);
        for word in self.words() {
            w.str(word);
        }
        self.vectors.write(&mut w);
        self.parts.write(&mut w);
        for conv in &self.convs {
            conv.quantized.write(&mut w);
            write_f32s(&mut w, &conv.bias);
        }
        self.out_quantized.write(&mut w);
        write_f32s(&mut w, &self.out_bias);
        write_f32s(&mut w, &self.transitions);
        model::wrap(MAGIC, VERSION, &w.buf)
    }

    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Dense> {
        Dense::read(bytes, true)
    }

    /// [`Dense::from_bytes`], checking the checksum only if `checksum` (not
    /// for the part of an embedded entity model).
    pub(crate) fn read(bytes: &[u8], checksum: bool) -> Result<Dense> {
        let (_, body) =
            model::unwrap_checked(MAGIC, VERSION..=VERSION, "dense NER", bytes, checksum)?;
        let mut r = model::Reader::new(body);
        let dim = |r: &mut model::Reader, max: u64| -> Result<usize> {
            let v = r.var()?;
            if v == 0 || v > max {
                return Err(invalid("a size is out of range"));
            }
            Ok(v as usize)
        };
        let word_dim = dim(&mut r, 1024)?;
        let hash_dim = dim(&mut r, 1024)?;
        let buckets = dim(&mut r, 1 << 24)?;
        let hidden = dim(&mut r, 4096)?;
        let n_tags = dim(&mut r, 255)?;
        let layers = dim(&mut r, 16)?;
        let mut dilations = Vec::with_capacity(layers);
        for _ in 0..layers {
            dilations.push(dim(&mut r, 64)?);
        }
        let flags = r.u8()?;
        if flags > 3 {
            return Err(invalid("unknown flags"));
        }
        let (pos_parts, trigrams) = (flags & 1 != 0, flags & 2 != 0);
        let config = Config {
            word_dim,
            hash_dim,
            buckets,
            hidden,
            dilations,
            n_tags,
            pos_parts,
            trigrams,
        };
        let weight = f32_of(&mut r)?;
        let n_words = r.count(1)?;
        let mut words = WordIndex::with_capacity(n_words, r.remaining().min(n_words * 16));
        for _ in 0..n_words {
            if !words.push(r.str()?) {
                return Err(invalid("a word is listed twice"));
            }
        }
        let vectors = QMatrix::read(&mut r, n_words, word_dim)?;
        let parts = QMatrix::read(&mut r, config.part_rows(), hash_dim)?;
        let mut convs = Vec::with_capacity(layers);
        for l in 0..layers {
            let d_in = config.layer_input(l);
            let weights = QMatrix::read(&mut r, 3 * hidden, d_in)?;
            let bias = read_f32s(&mut r, hidden)?;
            convs.push(Conv::new(weights, bias, config.dilations[l]));
        }
        let out = QMatrix::read(&mut r, n_tags, hidden)?;
        let out_bias = read_f32s(&mut r, n_tags)?;
        let transitions = read_f32s(&mut r, (n_tags + 1) * n_tags)?;
        r.finish()?;
        Dense::with_index(
            config,
            words,
            vectors,
            parts,
            convs,
            out,
            out_bias,
            transitions,
            weight,
        )
    }
}

fn write_f32s(w: &mut model::Writer, v: &[f32]) {
    for x in v {
        w.buf.extend_from_slice(&x.to_le_bytes());
    }
}

fn read_f32s(r: &mut model::Reader, n: usize) -> Result<Vec<f32>> {
    if n.saturating_mul(4) > r.remaining() {
        return Err(invalid("truncated"));
    }
    (0..n).map(|_| f32_of(r)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A small model with arbitrary weights.
    fn model(pos_parts: bool) -> Dense {
        let config = Config {
            word_dim: 4,
            hash_dim: 3,
            buckets: 8,
            hidden: 5,
            dilations: vec![1, 2],
            n_tags: 3,
            pos_parts,
            trigrams: true,
        };
        let mut seed = 11u64;
        let mut next = move || {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((seed >> 40) as f32 / (1u64 << 24) as f32) * 2.0 - 1.0
        };
        let mut m = |n: usize| (0..n).map(|_| next()).collect::<Vec<f32>>();
        let c = &config;
        let words = vec!["علی".to_string(), "تهران".to_string()];
        let vectors = QMatrix::quantize(&m(2 * c.word_dim), c.word_dim);
        let parts = QMatrix::quantize(&m(c.part_rows() * c.hash_dim), c.hash_dim);
        let convs = (0..2)
            .map(|l| {
                let d_in = c.layer_input(l);
                Conv::new(
                    QMatrix::quantize(&m(3 * c.hidden * d_in), d_in),
                    m(c.hidden),
                    c.dilations[l],
                )
            })
            .collect();
        let out = QMatrix::quantize(&m(c.n_tags * c.hidden), c.hidden);
        let (bias, trans) = (m(c.n_tags), m((c.n_tags + 1) * c.n_tags));
        Dense::new(config, words, vectors, parts, convs, out, bias, trans, 0.5).unwrap()
    }

    /// The emissions straight from the definition: inputs, every
    /// convolution with [`conv_forward`], the output layer.
    fn reference(d: &Dense, words: &[&str], pos: &[u16]) -> Vec<f32> {
        let mut buf = DenseBuffers::default();
        let (mut x, mut h) = (Vec::new(), Vec::new());
        d.inputs(words, pos, &mut buf, &mut x);
        let n = words.len();
        for (l, conv) in d.convs.iter().enumerate() {
            let d_in = d.config.layer_input(l);
            conv_forward(
                &x,
                n,
                d_in,
                &conv.weights,
                &conv.bias,
                conv.dilation,
                &mut h,
            );
            for (k, hv) in h.iter_mut().enumerate() {
                *hv = hv.max(0.0) + if l > 0 { x[k] } else { 0.0 };
            }
            std::mem::swap(&mut x, &mut h);
        }
        let (hd, t) = (d.config.hidden, d.config.n_tags);
        (0..n * t)
            .map(|k| {
                let (i, tag) = (k / t, k % t);
                d.out_bias[tag] + dot(&d.out[tag * hd..(tag + 1) * hd], &x[i * hd..(i + 1) * hd])
            })
            .collect()
    }

    #[test]
    fn cached_emissions_match_the_definition_and_round_trip() {
        for pos_parts in [false, true] {
            let d = model(pos_parts);
            let words = ["علی", "در", "تهران", "و", "علی", "x", "۱۲", "تهران"];
            let pos: Vec<u16> = (0..8).map(|i| 1 << 10 | (i % 4) << 5 | (i % 3)).collect();
            let mut buf = DenseBuffers::default();
            let mut out = Vec::new();
            // Twice with the same buffers: the second call reads the cache.
            for _ in 0..2 {
                d.emissions(&words, &pos, &mut buf, &mut out);
                let want = reference(&d, &words, &pos);
                assert_eq!(out.len(), want.len());
                for (a, b) in out.iter().zip(&want) {
                    assert!((a - b).abs() < 1e-4, "{a} {b}");
                }
            }
            // Past the cache's size: many distinct words, in long sentences.
            let many: Vec<String> = (0..3 * CACHE_WORDS).map(|i| format!("w{i}")).collect();
            let many: Vec<&str> = many.iter().map(String::as_str).collect();
            for chunk in many.chunks(CACHE_WORDS / 2 + 7).chain([&many[..]]) {
                d.emissions(chunk, &[], &mut buf, &mut out);
                let want = reference(&d, chunk, &[]);
                assert!(out.iter().zip(&want).all(|(a, b)| (a - b).abs() < 1e-4));
            }
            // A one-token sentence and an empty one.
            d.emissions(&words[..1], &pos[..1], &mut buf, &mut out);
            assert_eq!(out.len(), 3);
            d.emissions::<&str>(&[], &[], &mut buf, &mut out);
            assert!(out.is_empty());
            let back = Dense::from_bytes(&d.to_bytes()).unwrap();
            assert_eq!(back.to_bytes(), d.to_bytes());
            let mut again = Vec::new();
            back.emissions(&words, &pos, &mut DenseBuffers::default(), &mut again);
            d.emissions(&words, &pos, &mut buf, &mut out);
            assert_eq!(again, out);
        }
    }

    #[test]
    fn damaged_bytes_are_errors() {
        let bytes = model(true).to_bytes();
        for n in 0..bytes.len() {
            assert!(Dense::from_bytes(&bytes[..n]).is_err(), "truncated at {n}");
        }
        for i in 0..bytes.len() {
            let mut b = bytes.clone();
            b[i] ^= 0x21;
            assert!(Dense::from_bytes(&b).is_err(), "byte {i}");
        }
    }
}
