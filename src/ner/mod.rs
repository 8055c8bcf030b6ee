//! Named-entity recognition with the PEYMA label set: people (PER), places
//! (LOC), organisations (ORG), dates (DAT), times (TIM), money (MON) and
//! percentages (PCT).
//!
//! The recognizer is a linear-chain model over BIO tags, trained as an
//! averaged structured perceptron (three bagged runs, `parsi train ner`) and
//! decoded with Viterbi under valid BIO transitions (an `I-X` only after
//! `B-X` or `I-X`). Its features are hashed to 32-bit keys without
//! allocating per token (see [`features`]): the word, affixes, shape, a ±3
//! window and word bigrams, word-cluster path prefixes
//! ([`crate::clusters`]), the lexicon's coarse tags, the distance to the last
//! organisation head, place head or title word, the parts of speech of the
//! token and its neighbours (UPOS of each token's first and last UD word, from
//! [`crate::pos`]), and the position
//! (begin/inside/last/unit) of the longest gazetteer match per category:
//! entities of the training data by label (jackknifed in training), names and
//! places from the gazetteer lists, ParsTwiNER's entities, entities the model
//! itself found in unlabeled news, month names, number words, currencies,
//! titles, verbs of saying. The [`numeric`] rules for money, percentages and
//! dates are features too, and money and percentage entities are stretched to
//! the rule's span. The weights are quantized to `i16` and stored with the
//! gazetteer (hashed spans) in one versioned, checksummed binary
//! ([`crate::model`], magic `PARSINER`) embedded in the crate and parsed on
//! first use.
//!
//! A small neural network ([`dense`]: word vectors learned from unlabeled
//! text and tuned, hashed affixes and the parts of speech, two
//! convolutions, int8 weights, trained as a CRF) adds its emission and
//! transition scores to the linear model's, at a weight chosen on PEYMA dev;
//! it is stored at the end of the same file (body version 4). The model is tied to the embedded word clusters and the
//! embedded part-of-speech tagger (it records a fingerprint of each, and a
//! test compares them): after `parsi build clusters` or `parsi train pos`,
//! run `parsi train ner` again.
//!
//! [`crate::analyze`] runs it on every sentence and fills
//! [`crate::Document::entities`]; each entity spans its first to last token in
//! the original text, so offsets stay right when normalization changed it.
//! The part-of-speech tags come from the document's words when
//! [`crate::AnalyzeOptions::pos`] is on; with it off, the recognizer tags the
//! tokens itself the same way (same entities, about 1.5 times the cost of
//! the recognizer alone).
//!
//! ```
//! let doc = parsi::analyze("حسن روحانی در تهران گفت.", &Default::default()).unwrap();
//! let found: Vec<_> = doc.entities.iter().map(|e| (e.label.as_str(), doc.slice(&e.span))).collect();
//! assert!(found.contains(&("PER", "حسن روحانی")));
//! assert!(found.contains(&("LOC", "تهران")));
//! ```

pub mod dense;
#[doc(hidden)]
pub mod features;
pub mod numeric;
#[cfg(feature = "train")]
pub mod train;

use crate::error::{Error, Result};
use crate::model;
use crate::pos::{TagBuffers, Tagger, Upos};
use crate::resources::Resources;
use crate::weights::Weights;
use dense::{Dense, DenseBuffers};
use features::{Extractor, Gazetteer};

/// The magic bytes that open an entity-recognizer model file.
pub const MAGIC: &[u8; 8] = b"PARSINER";

/// The newest version of the entity-recognizer model body this build reads
/// and writes: 4 ends with a dense model ([`dense`]); 3 lists the model's
/// labels; 2 (also read, and written for a model with the PEYMA labels,
/// [`Label::ALL`], and no dense part) implies them.
pub const VERSION: u32 = 4;

/// The oldest body version this build reads (2: with the part-of-speech
/// tagger's fingerprint).
pub const MIN_VERSION: u32 = 2;

/// The most entity labels a model may have (a tag index is one byte).
pub const MAX_LABELS: usize = 127;

/// The temperature of entity scores: a tag sequence's probability is
/// proportional to `exp(score / TEMPERATURE)` of its quantized score (the
/// largest weight is 32,000). Calibrated on PEYMA dev so that the mean score
/// of the entities found matches their precision (`parsi eval ner` prints
/// the calibration; at 20,000 the embedded model's mean score is 0.849 for a
/// precision of 0.852 on PEYMA dev, and 0.852 for 0.828 on the NSURL
/// held-out tenth, which was not used to choose it).
pub const TEMPERATURE: f64 = 20000.0;

/// The temperature of entity scores of a model with a dense part
/// ([`Recognizer::with_dense`]), whose summed scores are larger: chosen the
/// same way (on PEYMA dev the embedded model's mean score is 0.863 for a
/// precision of 0.858; on the NSURL held-out tenth 0.869 for 0.836).
pub const DENSE_TEMPERATURE: f64 = 26000.0;

/// The PEYMA entity labels: the label set of the training corpora (PEYMA,
/// NSURL, ParsTwiNER) and of the embedded model. A [`Recognizer`] carries
/// its own label names ([`Recognizer::labels`]), so a model may have others.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Label {
    /// A person.
    Per,
    /// A place.
    Loc,
    /// An organisation.
    Org,
    /// A date.
    Dat,
    /// A time.
    Tim,
    /// An amount of money.
    Mon,
    /// A percentage.
    Pct,
}

impl Label {
    /// All labels, in index order.
    pub const ALL: [Label; 7] = [
        Label::Per,
        Label::Loc,
        Label::Org,
        Label::Dat,
        Label::Tim,
        Label::Mon,
        Label::Pct,
    ];

    /// The label's name (`PER`, `LOC`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Label::Per => "PER",
            Label::Loc => "LOC",
            Label::Org => "ORG",
            Label::Dat => "DAT",
            Label::Tim => "TIM",
            Label::Mon => "MON",
            Label::Pct => "PCT",
        }
    }

    /// The label named `s`, if any.
    pub fn parse(s: &str) -> Option<Label> {
        Label::ALL.iter().copied().find(|l| l.as_str() == s)
    }

    /// Index of the BIO tag `B-self` (`O` is 0).
    pub fn begin(self) -> u8 {
        1 + 2 * self as u8
    }

    /// Index of the BIO tag `I-self`.
    pub fn inside(self) -> u8 {
        2 + 2 * self as u8
    }
}

/// Number of BIO tags of a model with `n_labels` labels: `O`, then `B-X`,
/// `I-X` for each label. Row `n_tags` of the transitions scores the first tag.
pub const fn n_tags(n_labels: usize) -> usize {
    1 + 2 * n_labels
}

/// Number of BIO tags with the PEYMA labels.
pub const N_TAGS: usize = n_tags(Label::ALL.len());
/// Row of the transitions that scores the first tag, with the PEYMA labels.
pub const START: usize = N_TAGS;

/// The label index of a BIO tag index (`None` for `O`).
#[inline]
pub fn tag_label_index(tag: u8) -> Option<usize> {
    if tag == 0 {
        None
    } else {
        Some((tag as usize - 1) / 2)
    }
}

/// The tag `B-X` of label index `label`.
#[inline]
pub fn begin(label: usize) -> u8 {
    (1 + 2 * label) as u8
}

/// The tag `I-X` of label index `label`.
#[inline]
pub fn inside(label: usize) -> u8 {
    (2 + 2 * label) as u8
}

/// The PEYMA label of a BIO tag index (`None` for `O` and for tags beyond
/// the PEYMA set).
#[inline]
pub fn tag_label(tag: u8) -> Option<Label> {
    Label::ALL.get(tag_label_index(tag)?).copied()
}

/// True if `tag` is an `I-X` tag.
#[inline]
pub fn is_inside(tag: u8) -> bool {
    tag != 0 && tag % 2 == 0
}

/// True if BIO allows `cur` after `prev` (`prev` = the number of tags for
/// the first tag: an `I-X` follows only `B-X` or `I-X`). The start row
/// `1 + 2L` shares no label with a tag (`div_ceil(2)` of it is `L + 1`), so
/// the rule holds for any number of labels `L`.
#[inline]
pub fn allowed(prev: usize, cur: usize) -> bool {
    !is_inside(cur as u8) || (prev != 0 && prev.div_ceil(2) == cur.div_ceil(2))
}

/// The entity recognizer.
#[derive(Clone, Debug)]
pub struct Recognizer {
    /// The entity labels, in tag order: tag `1 + 2i` is `B-labels[i]`,
    /// `2 + 2i` is `I-labels[i]` (the PEYMA set, [`Label::ALL`], for the
    /// embedded model).
    pub labels: Vec<String>,
    /// Emission weights (quantized), by feature key and tag.
    pub weights: Weights,
    /// Transition weights `[prev * n_tags + cur]`, the row `n_tags` for the
    /// first tag ([`Recognizer::n_tags`]).
    pub transitions: Vec<i32>,
    /// Gazetteer spans and their categories.
    pub gazetteer: Gazetteer,
    /// Fingerprint (FNV-1a of the bytes) of the word clusters the model was trained
    /// with: the cluster features mean nothing with other clusters, so a
    /// rebuilt `models/clusters.bin` needs `parsi train ner` again (a test
    /// checks this).
    pub clusters: u64,
    /// The temperature of its entity scores ([`TEMPERATURE`] unless set).
    pub temperature: f64,
    /// Fingerprint of the part-of-speech tagger whose tags the model
    /// was trained on: after `parsi train pos`, run `parsi train ner` again
    /// (a test checks this).
    pub pos: u64,
    /// The dense model whose scores are added to the linear model's (set
    /// with [`Recognizer::with_dense`]).
    dense: Option<Dense>,
    /// The transitions Viterbi and the marginals use: `transitions` plus
    /// the dense model's, scaled.
    combined: Vec<i32>,
}

/// The part-of-speech code of a token whose UD words are tagged `first` ..
/// `last` (the same tag twice for a one-word token), as the features see it.
#[inline]
pub fn pos_code(first: Upos, last: Upos) -> u16 {
    1 << 10 | (last as u16) << 5 | first as u16
}

/// Reusable buffers for [`token_pos`].
#[derive(Default)]
pub struct PosBuffers {
    tag: TagBuffers,
    upos: Vec<Upos>,
    /// Byte ranges of the UD words, per token `(token, start, end)`.
    parts: Vec<(u32, u32, u32)>,
}

/// The part-of-speech code ([`pos_code`]) of every token of a sentence of
/// normalized tokens, into `out` (cleared first): the tokens are split into UD
/// words and tagged exactly as [`crate::analyze`] does with `pos` on.
pub fn token_pos<S: AsRef<str>>(
    tagger: &Tagger,
    res: Resources,
    words: &[S],
    buf: &mut PosBuffers,
    out: &mut Vec<u16>,
) {
    out.clear();
    buf.parts.clear();
    for (i, w) in words.iter().enumerate() {
        let w = w.as_ref();
        buf.parts.extend(
            tagger
                .cuts(res.lexicon, w)
                .ranges(w.len())
                .map(|(a, b)| (i as u32, a as u32, b as u32)),
        );
    }
    let forms: Vec<&str> = buf
        .parts
        .iter()
        .map(|&(i, a, b)| {
            words[i as usize]
                .as_ref()
                .get(a as usize..b as usize)
                .unwrap_or("")
        })
        .collect();
    tagger.tag_upos(res, &forms, &mut buf.tag, &mut buf.upos);
    let mut k = 0;
    for i in 0..words.len() {
        let first = k;
        while k + 1 < buf.parts.len() && buf.parts[k + 1].0 as usize == i {
            k += 1;
        }
        let at = |j: usize| buf.upos.get(j).copied().unwrap_or(Upos::X);
        out.push(pos_code(at(first), at(k)));
        k += 1;
    }
}

/// The embedded model (`models/ner.bin`), the default [`crate::Analyzer`]'s.
pub static EMBEDDED: &[u8] = include_bytes!("../../models/ner.bin");

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct NerBuffers {
    /// The feature extractor and its output.
    pub extractor: Extractor,
    /// Buffers of the part-of-speech tagging [`Recognizer::tag`] does.
    pub pos: PosBuffers,
    codes: Vec<u16>,
    scores: Vec<i32>,
    dense: DenseBuffers,
    emissions: Vec<f32>,
    viterbi: Viterbi,
    marginals: Marginals,
}

/// Scaled forward-backward over a sentence's emission and transition
/// scores, for span probabilities.
#[derive(Clone, Debug, Default)]
struct Marginals {
    n_tags: usize,
    /// `exp(transition / t)`, `(n_tags + 1) × n_tags`, 0 where BIO forbids.
    trans: Vec<f64>,
    /// `exp((emission - max of the token) / t)`, per token and tag.
    emit: Vec<f64>,
    /// Forward and backward variables, each step scaled by `scale`.
    alpha: Vec<f64>,
    beta: Vec<f64>,
    scale: Vec<f64>,
}

impl Marginals {
    fn forward_backward(&mut self, scores: &[i32], n_tags: usize, transitions: &[i32], t: f64) {
        let n = scores.len() / n_tags;
        self.n_tags = n_tags;
        self.trans.clear();
        self.trans.extend((0..(n_tags + 1) * n_tags).map(|i| {
            let (p, c) = (i / n_tags, i % n_tags);
            if allowed(p, c) {
                (transitions.get(i).copied().unwrap_or(0) as f64 / t).exp()
            } else {
                0.0
            }
        }));
        self.emit.clear();
        for row in scores.chunks_exact(n_tags) {
            let max = row.iter().copied().max().unwrap_or(0) as f64;
            self.emit
                .extend(row.iter().map(|&s| ((s as f64 - max) / t).exp()));
        }
        let (k, tr, em) = (n_tags, &self.trans, &self.emit);
        self.alpha.clear();
        self.alpha.resize(n * k, 0.0);
        self.scale.clear();
        self.scale.resize(n, 1.0);
        for i in 0..n {
            let mut sum = 0.0;
            for c in 0..k {
                let into = if i == 0 {
                    tr[k * k + c]
                } else {
                    (0..k)
                        .map(|p| self.alpha[(i - 1) * k + p] * tr[p * k + c])
                        .sum()
                };
                let a = into * em[i * k + c];
                self.alpha[i * k + c] = a;
                sum += a;
            }
            let sum = if sum > 0.0 && sum.is_finite() {
                sum
            } else {
                1.0
            };
            self.scale[i] = sum;
            for a in &mut self.alpha[i * k..(i + 1) * k] {
                *a /= sum;
            }
        }
        self.beta.clear();
        self.beta.resize(n * k, 1.0);
        for i in (0..n.saturating_sub(1)).rev() {
            for p in 0..k {
                let b: f64 = (0..k)
                    .map(|c| tr[p * k + c] * em[(i + 1) * k + c] * self.beta[(i + 1) * k + c])
                    .sum();
                self.beta[i * k + p] = b / self.scale[i + 1];
            }
        }
    }

    /// The probability that tokens `r` are exactly one entity of label `l`.
    fn span(&self, l: usize, r: std::ops::Range<usize>) -> f64 {
        let (k, tr, em) = (self.n_tags, &self.trans, &self.emit);
        let n = self.scale.len();
        let (b, i) = (begin(l) as usize, inside(l) as usize);
        if r.start >= r.end || r.end > n || i >= k {
            return 0.0;
        }
        let a = r.start;
        let mut p = if a == 0 {
            tr[k * k + b]
        } else {
            (0..k)
                .map(|q| self.alpha[(a - 1) * k + q] * tr[q * k + b])
                .sum()
        };
        p *= em[a * k + b] / self.scale[a];
        let mut prev = b;
        for j in a + 1..r.end {
            p *= tr[prev * k + i] * em[j * k + i] / self.scale[j];
            prev = i;
        }
        if r.end < n {
            let e = r.end;
            let out: f64 = (0..k)
                .filter(|&c| c != i)
                .map(|c| tr[prev * k + c] * em[e * k + c] * self.beta[e * k + c])
                .sum();
            p *= out / self.scale[e];
        }
        if p.is_finite() {
            p
        } else {
            0.0
        }
    }
}

impl Default for Recognizer {
    /// A model with the PEYMA labels and no weights (everything is `O`).
    fn default() -> Self {
        Recognizer::new(Label::ALL.iter().map(|l| l.as_str().to_string()).collect())
    }
}

/// True for a usable label name: 1 to 16 ASCII letters, digits, `_` or `-`.
fn valid_label(name: &str) -> bool {
    (1..=16).contains(&name.len())
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-')
}

impl Recognizer {
    /// A model with these labels and no weights (everything is `O`).
    pub fn new(labels: Vec<String>) -> Recognizer {
        let n = n_tags(labels.len());
        Recognizer {
            labels,
            weights: Weights::default(),
            transitions: vec![0; (n + 1) * n],
            gazetteer: Gazetteer::default(),
            clusters: 0,
            temperature: TEMPERATURE,
            pos: 0,
            dense: None,
            combined: Vec::new(),
        }
    }

    /// The model with `dense` added to it (or with none): its emission and
    /// transition scores, times its [`Dense::weight`] and the temperature,
    /// are added to this model's, and entity scores are read at
    /// [`DENSE_TEMPERATURE`] ([`TEMPERATURE`] without one). A dense model
    /// with another number of tags is an error.
    pub fn with_dense(mut self, dense: Option<Dense>) -> Result<Recognizer> {
        if let Some(d) = &dense {
            if d.config.n_tags != self.n_tags() {
                return Err(Error::InvalidModel(format!(
                    "the dense model has {} tags, the recognizer {}",
                    d.config.n_tags,
                    self.n_tags()
                )));
            }
        }
        self.temperature = if dense.is_some() {
            DENSE_TEMPERATURE
        } else {
            TEMPERATURE
        };
        self.dense = dense;
        self.update_combined();
        Ok(self)
    }

    /// The dense part, if any.
    pub fn dense(&self) -> Option<&Dense> {
        self.dense.as_ref()
    }

    /// The factor from the dense model's natural-log scores to this model's
    /// (whose unit is `1 / TEMPERATURE`, whatever temperature scores use).
    fn dense_scale(&self) -> f32 {
        self.dense
            .as_ref()
            .map_or(0.0, |d| d.weight * TEMPERATURE as f32)
    }

    fn update_combined(&mut self) {
        let scale = self.dense_scale();
        self.combined = match &self.dense {
            None => Vec::new(),
            Some(d) => self
                .transitions
                .iter()
                .zip(&d.transitions)
                .map(|(&t, &e)| t.saturating_add((scale * e).round() as i32))
                .collect(),
        };
    }

    /// The transitions decoding uses (the linear model's, plus the dense
    /// model's when there is one).
    pub fn decoding_transitions(&self) -> &[i32] {
        if self.dense.is_some() {
            &self.combined
        } else {
            &self.transitions
        }
    }

    /// The number of BIO tags.
    pub fn n_tags(&self) -> usize {
        n_tags(self.labels.len())
    }

    /// The index of the label named `name`.
    pub fn label_index(&self, name: &str) -> Option<usize> {
        self.labels.iter().position(|l| l == name)
    }

    /// True if the labels are the PEYMA set in its order (what a version 2
    /// model implies).
    fn has_peyma_labels(&self) -> bool {
        self.labels.len() == Label::ALL.len()
            && self
                .labels
                .iter()
                .zip(Label::ALL)
                .all(|(a, b)| a == b.as_str())
    }

    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer> {
        let invalid = |m: &str| Error::InvalidModel(m.to_string());
        let (version, body) = model::unwrap_versions(MAGIC, MIN_VERSION..=VERSION, "NER", bytes)?;
        let mut r = model::Reader::new(body);
        let labels: Vec<String> = if version >= 3 {
            let n = r.u8()? as usize;
            if n == 0 || n > MAX_LABELS {
                return Err(invalid("the number of labels is out of range"));
            }
            let mut labels: Vec<String> = Vec::with_capacity(n);
            for _ in 0..n {
                let l = r.str()?;
                if !valid_label(l) || labels.iter().any(|x| x == l) {
                    return Err(invalid(
                        "a label name is empty, too long, not ASCII or repeated",
                    ));
                }
                labels.push(l.to_string());
            }
            labels
        } else {
            Label::ALL.iter().map(|l| l.as_str().to_string()).collect()
        };
        let n_tags = n_tags(labels.len());
        if r.u8()? as usize != n_tags {
            return Err(invalid("wrong number of tags"));
        }
        let clusters = r.u64()?;
        let pos = r.u64()?;
        let mut transitions = Vec::with_capacity((n_tags + 1) * n_tags);
        for _ in 0..(n_tags + 1) * n_tags {
            let v = r.svar()?;
            transitions.push(i32::try_from(v).map_err(|_| invalid("transition out of range"))?);
        }
        let weights = Weights::read(&mut r, n_tags)?;
        let n = r.count(if version >= 4 { 0 } else { 2 })?;
        let mut gazetteer = Gazetteer::default();
        gazetteer.map.reserve(n);
        let mut prev = None;
        for _ in 0..n {
            let key = r.increasing_key(&mut prev, "gazetteer")?;
            let mask = r.var()?;
            gazetteer.map.insert(key, mask);
        }
        let dense = if version >= 4 {
            let n = r.count(1)?;
            Some(Dense::read(r.take(n)?, !model::is_embedded(bytes))?)
        } else {
            None
        };
        r.finish()?;
        Recognizer {
            labels,
            weights,
            transitions,
            gazetteer,
            clusters,
            temperature: TEMPERATURE,
            pos,
            dense: None,
            combined: Vec::new(),
        }
        .with_dense(dense)
    }

    /// Serializes the model (the inverse of [`Recognizer::from_bytes`]):
    /// body version 4 with a dense part, else 2 for the PEYMA labels, 3
    /// (with the label names) for any other set.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = model::Writer::default();
        let version = if self.dense.is_some() {
            4
        } else if self.has_peyma_labels() {
            2
        } else {
            3
        };
        if version >= 3 {
            w.u8(self.labels.len().min(MAX_LABELS) as u8);
            for l in self.labels.iter().take(MAX_LABELS) {
                w.str(l);
            }
        }
        let n_tags = self.n_tags();
        w.u8(n_tags as u8);
        w.buf.extend_from_slice(&self.clusters.to_le_bytes());
        w.buf.extend_from_slice(&self.pos.to_le_bytes());
        for i in 0..(n_tags + 1) * n_tags {
            w.svar(self.transitions.get(i).copied().unwrap_or(0) as i64);
        }
        self.weights.write(&mut w);
        let mut gaz: Vec<(u32, u64)> = self.gazetteer.map.iter().map(|(&k, &m)| (k, m)).collect();
        gaz.sort_unstable();
        w.var(gaz.len() as u64);
        let mut prev = 0u64;
        for (k, m) in gaz {
            w.var(k as u64 - prev);
            prev = k as u64;
            w.var(m);
        }
        if let Some(d) = &self.dense {
            let bytes = d.to_bytes();
            w.var(bytes.len() as u64);
            w.buf.extend_from_slice(&bytes);
        }
        model::wrap(MAGIC, version, &w.buf)
    }

    /// Tags a sentence of normalized tokens with BIO tag indices into `out`
    /// (cleared first), reusing `buf`; tags the tokens' parts of speech first
    /// with `tagger` (as [`crate::Analyzer::analyze`] does).
    pub fn tag<S: AsRef<str>>(
        &self,
        tagger: &Tagger,
        res: Resources,
        words: &[S],
        buf: &mut NerBuffers,
        out: &mut Vec<u8>,
    ) {
        let mut codes = std::mem::take(&mut buf.codes);
        token_pos(tagger, res, words, &mut buf.pos, &mut codes);
        self.tag_with_pos(res, words, &codes, buf, out);
        buf.codes = codes;
    }

    /// Tags like [`Recognizer::tag`], given each token's part-of-speech code
    /// ([`pos_code`]; missing codes count as unknown).
    pub fn tag_with_pos<S: AsRef<str>>(
        &self,
        res: Resources,
        words: &[S],
        pos: &[u16],
        buf: &mut NerBuffers,
        out: &mut Vec<u8>,
    ) {
        out.clear();
        let n = words.len();
        if n == 0 {
            return;
        }
        buf.extractor.extract(res, words, pos, &self.gazetteer);
        let n_tags = self.n_tags();
        buf.scores.clear();
        buf.scores.resize(n * n_tags, 0);
        let mut start = 0;
        for (e, &end) in buf.scores.chunks_exact_mut(n_tags).zip(&buf.extractor.ends) {
            for chunk in buf.extractor.keys[start..end as usize].chunks(32) {
                self.weights.add_all(chunk, e);
            }
            start = end as usize;
        }
        if let Some(d) = &self.dense {
            d.emissions(words, pos, &mut buf.dense, &mut buf.emissions);
            let scale = self.dense_scale();
            for (s, &e) in buf.scores.iter_mut().zip(&buf.emissions) {
                *s = s.saturating_add((scale * e).round() as i32);
            }
        }
        buf.viterbi
            .decode(&buf.scores, n_tags, self.decoding_transitions(), out);
        snap(
            out,
            words,
            &buf.extractor.rules,
            self.label_index(Label::Mon.as_str()),
            self.label_index(Label::Pct.as_str()),
        );
    }

    /// The probability of each entity span of the last sentence tagged with
    /// `buf` (`spans` as [`label_spans`] gives them for its tags): the
    /// marginal probability that the tokens of the span are exactly that
    /// entity, under the model's scores as a linear-chain CRF at
    /// [`Recognizer::temperature`] (scaled forward-backward, f64).
    pub fn span_scores(
        &self,
        buf: &mut NerBuffers,
        spans: &[(usize, std::ops::Range<usize>)],
        out: &mut Vec<f32>,
    ) {
        out.clear();
        let n_tags = self.n_tags();
        let n = buf.scores.len() / n_tags.max(1);
        if spans.is_empty() || n == 0 {
            return;
        }
        buf.marginals.forward_backward(
            &buf.scores,
            n_tags,
            self.decoding_transitions(),
            self.temperature,
        );
        out.extend(
            spans
                .iter()
                .map(|(l, r)| buf.marginals.span(*l, r.clone()).clamp(0.0, 1.0) as f32),
        );
    }

    /// The entities of a sentence of normalized tokens: label index (into
    /// [`Recognizer::labels`]) and token range. Makes its buffers anew at
    /// every call: for many sentences, keep one [`NerBuffers`] and call
    /// [`Recognizer::tag`] and [`label_spans`].
    pub fn entities<S: AsRef<str>>(
        &self,
        tagger: &Tagger,
        res: Resources,
        words: &[S],
    ) -> Vec<(usize, std::ops::Range<usize>)> {
        let mut tags = Vec::new();
        self.tag(tagger, res, words, &mut NerBuffers::default(), &mut tags);
        label_spans(&tags)
    }
}

/// Viterbi decoding under BIO constraints, with its buffers.
#[derive(Clone, Debug, Default)]
pub struct Viterbi {
    trans: Vec<i32>,
    back: Vec<u8>,
    delta: Vec<i32>,
    next: Vec<i32>,
}

impl Viterbi {
    /// The best tag sequence into `out`: `scores[i * n_tags + tag]` are the
    /// emissions of token `i`, `transitions` as in
    /// [`Recognizer::transitions`] (missing ones count 0).
    pub fn decode(
        &mut self,
        scores: &[i32],
        n_tags: usize,
        transitions: &[i32],
        out: &mut Vec<u8>,
    ) {
        out.clear();
        if n_tags == 0 {
            return;
        }
        let n = scores.len() / n_tags;
        if n == 0 {
            return;
        }
        const NEG: i32 = i32::MIN / 4;
        // Dense transitions with the forbidden ones at NEG.
        let trans = &mut self.trans;
        trans.clear();
        trans.extend((0..(n_tags + 1) * n_tags).map(|i| {
            let (p, c) = (i / n_tags, i % n_tags);
            if allowed(p, c) {
                transitions.get(i).copied().unwrap_or(0)
            } else {
                NEG
            }
        }));
        self.back.clear();
        self.back.resize(n * n_tags, 0);
        let (delta, next) = (&mut self.delta, &mut self.next);
        delta.clear();
        let start = &trans[n_tags * n_tags..];
        delta.extend((0..n_tags).map(|c| scores[c].saturating_add(start[c]).max(NEG)));
        for i in 1..n {
            next.clear();
            next.resize(n_tags, NEG);
            let mut top = NEG;
            for c in 0..n_tags {
                let mut best = NEG;
                let mut arg = 0u8;
                for (p, &d) in delta.iter().enumerate() {
                    let v = d + trans[p * n_tags + c];
                    if v > best {
                        best = v;
                        arg = p as u8;
                    }
                }
                self.back[i * n_tags + c] = arg;
                next[c] = (best + scores[i * n_tags + c]).max(NEG);
                top = top.max(next[c]);
            }
            // Keep the scores near 0 so that long sentences cannot overflow.
            for nx in next.iter_mut() {
                *nx = (*nx - top).max(NEG);
            }
            std::mem::swap(delta, next);
        }
        let mut best = 0;
        for c in 1..n_tags {
            if delta[c] > delta[best] {
                best = c;
            }
        }
        out.resize(n, 0);
        out[n - 1] = best as u8;
        for i in (1..n).rev() {
            out[i - 1] = self.back[i * n_tags + out[i] as usize];
        }
    }
}

/// Where the model tagged part of a money or percentage expression that the
/// rules of [`numeric`] match whole, the whole expression gets the label (the
/// model decides whether it is an entity, the rule where it ends: `۳۲ , ۳۹۰
/// ریال`, `یک میلیون و دویست هزار تومان`). An entity the model runs on past
/// the expression across a comma (a list of sums: `۱۰ , ۴۸۹ ریال ، دلار
/// استرالیا ۲۴ , ۹۲ ریال`) ends where the expression ends.
/// `money` and `percent` are the model's label indices of MON and PCT (a
/// model without them snaps nothing of that kind).
pub fn snap<S: AsRef<str>>(
    tags: &mut [u8],
    words: &[S],
    rules: &[(numeric::Kind, usize, usize)],
    money: Option<usize>,
    percent: Option<usize>,
) {
    for (r, &(kind, a, b)) in rules.iter().enumerate() {
        let label = match kind {
            numeric::Kind::Money => money,
            numeric::Kind::Percent => percent,
            numeric::Kind::Date => continue,
        };
        let Some(label) = label else {
            continue;
        };
        let Some(span) = tags.get(a..b) else {
            continue;
        };
        if !span.iter().any(|&t| tag_label_index(t) == Some(label)) {
            continue;
        }
        let continues = a > 0 && tag_label_index(tags[a - 1]) == Some(label);
        tags[a] = if continues {
            inside(label)
        } else {
            begin(label)
        };
        for t in &mut tags[a + 1..b] {
            *t = inside(label);
        }
        let comma = words
            .get(b)
            .is_some_and(|w| matches!(w.as_ref(), "،" | "," | "؛" | ";"));
        if comma {
            let next = rules.get(r + 1).map_or(tags.len(), |n| n.1);
            for t in tags.iter_mut().take(next).skip(b) {
                if *t != inside(label) {
                    break;
                }
                *t = 0;
            }
        }
    }
}

/// The part of speech of a word inside an entity labelled `label`: a NOUN
/// inside a person, place or organisation name is a PROPN, as in PerDT,
/// whose PROPN tags were converted from person and place entities (and whose
/// organisation names are PROPN throughout); other words and labels keep
/// their tag (an ADJ stays one: Seraji and iPerUDT tag the adjectives of
/// names ADJ, and PerDT held-out gained less from them than Seraji lost).
/// [`crate::Analyzer::analyze`] applies it when both part of speech and
/// entities are on.
pub fn upos_in_entity(label: &str, upos: Upos) -> Upos {
    match upos {
        Upos::Noun if matches!(label, "PER" | "LOC" | "ORG") => Upos::Propn,
        u => u,
    }
}

/// The entities of a BIO tag sequence: label index and token range (an
/// `I-X` that does not continue an `X` opens a new entity, as CoNLL scoring
/// reads it).
pub fn label_spans(tags: &[u8]) -> Vec<(usize, std::ops::Range<usize>)> {
    let mut out: Vec<(usize, std::ops::Range<usize>)> = Vec::new();
    let mut open = false;
    for (i, &t) in tags.iter().enumerate() {
        match tag_label_index(t) {
            None => open = false,
            Some(l) => {
                if is_inside(t) && open && out.last().is_some_and(|e| e.0 == l) {
                    if let Some(e) = out.last_mut() {
                        e.1.end = i + 1;
                    }
                } else {
                    out.push((l, i..i + 1));
                }
                open = true;
            }
        }
    }
    out
}

/// [`label_spans`] of tags with the PEYMA labels (tags beyond them are
/// left out).
pub fn spans(tags: &[u8]) -> Vec<(Label, std::ops::Range<usize>)> {
    label_spans(tags)
        .into_iter()
        .filter_map(|(l, r)| Some((*Label::ALL.get(l)?, r)))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The model's tags for a list of sums, as the PEYMA-trained model gave
    /// them: one MON run from the first sum into the second.
    #[test]
    fn snap_stops_money_at_a_comma() {
        let words: Vec<&str> = "دلار ۲ , ۶۶۱ ریال ، دلار استرالیا ۲۴ , ۹۲ ریال ."
            .split(' ')
            .collect();
        let mon = Label::Mon as usize;
        let (b, i) = (begin(mon), inside(mon));
        let mut tags = vec![0, b, i, i, i, i, i, i, i, 0, i, 0];
        let mut rules = Vec::new();
        numeric::matches(&words, &mut rules);
        snap(&mut tags, &words, &rules, Some(mon), None);
        let found: Vec<String> = label_spans(&tags)
            .into_iter()
            .map(|(_, r)| words[r].join(" "))
            .collect();
        assert_eq!(found, ["۲ , ۶۶۱ ریال", "۲۴ , ۹۲ ریال"]);
        // Without the comma the model's span stands.
        let words: Vec<&str> = "۵ میلیون دلار آمریکا".split(' ').collect();
        let mut tags = vec![b, i, i, i];
        numeric::matches(&words, &mut rules);
        snap(&mut tags, &words, &rules, Some(mon), None);
        assert_eq!(tags, [b, i, i, i]);
    }
}
