//! Training of the tagger, lemmatizer and splitter from gold sentences, and
//! their evaluation: in-memory types and algorithms only (used by `parsi
//! train pos`, `parsi eval pos` and the tests). Reading the treebank files is
//! the tools crate's (`parsi-tools`, `corpus` and `pos_data`). Behind the
//! `train` feature; not part of the wasm build.
//!
//! The last 20% of the sentences of each *dev* file ([`heldout_start`],
//! [`split_heldout`]) is held out: never trained on, and the figures reported
//! by `parsi eval pos --heldout`.
//!
//! Conventions are mapped to current UD as in PerDT ([`map_upos`]): `را`
//! (and informal `رو`) PART → ADP; Seraji/iPerUDT passive or copular AUX of
//! شدن/گردیدن → VERB; Seraji `نیز` SCONJ/CCONJ → ADV; PART `هم` → ADV. Seraji has
//! no PROPN, so a Seraji NOUN predicted PROPN is not corrected in training and
//! counts as right in evaluation. Every feature also gets a copy specific to
//! its treebank (domain adaptation); the PerDT copies are merged into the
//! shipped weights (scaled by [`TrainOptions::target_weight`]), so the model
//! follows PerDT conventions at no run-time cost.

use super::features::{
    dynamic_features, sentence_infos, static_features, Scratch, N_DYNAMIC, N_STATIC, START_TAG,
};
use super::{Lemmatizer, Names, Rule, Splitter, Tagger, Upos, Weights, N_UPOS};
use crate::lexicon::Lexicon;
use crate::resources::Resources;
use crate::train::{Averaged, Perceptron};
use rustc_hash::FxHashMap;

/// Which treebank a sentence comes from (their conventions differ).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Source {
    /// UD Persian-PerDT (the target convention).
    PerDT,
    /// UD Persian-Seraji (no PROPN; v2.0-era train file).
    Seraji,
    /// iPerUDT (informal; Seraji-style tags plus PROPN).
    IPerUDT,
    /// The early PerDT train sentences (PerDT conventions, but names still
    /// NOUN: no PROPN). An experiment (`train pos --early-705`).
    PerDTEarly,
}

impl Source {
    /// A short name.
    pub fn name(self) -> &'static str {
        match self {
            Source::PerDT => "perdt",
            Source::Seraji => "seraji",
            Source::IPerUDT => "iperudt",
            Source::PerDTEarly => "perdt-early",
        }
    }

    /// The treebank whose feature copies (domain) a sentence of this source
    /// trains: its own, or for [`Source::PerDTEarly`] PerDT's unless
    /// `early_own_domain`.
    pub fn domain(self, early_own_domain: bool) -> Source {
        match self {
            Source::PerDTEarly if !early_own_domain => Source::PerDT,
            s => s,
        }
    }
}

/// One gold word.
#[derive(Clone, Debug)]
pub struct GoldWord {
    /// The word form.
    pub form: String,
    /// The UPOS in the target convention.
    pub upos: Upos,
    /// The UPOS as written in the file.
    pub raw_upos: String,
    /// Lemmas accepted as correct (MISC OrigLemma, then LEMMA); the first is
    /// the training target. Scores compare [`super::ud_lemma`] of them with
    /// the predicted lemma, and the one with a `#` with the predicted stems.
    pub lemmas: Vec<String>,
}

/// One gold sentence.
#[derive(Clone, Debug)]
pub struct GoldSentence {
    /// The source treebank.
    pub source: Source,
    /// The words.
    pub words: Vec<GoldWord>,
    /// Multiword tokens: surface and the word index range.
    pub mwts: Vec<(String, std::ops::Range<usize>)>,
    /// Surface tokens that are single words (word indices).
    pub single_tokens: Vec<usize>,
}

impl GoldSentence {
    /// True if a NOUN of this sentence may be a PROPN (Seraji and the early
    /// PerDT sentences have no PROPN).
    pub fn noun_may_be_propn(&self) -> bool {
        matches!(self.source, Source::Seraji | Source::PerDTEarly)
    }
}

fn is_passive_aux(form: &str) -> bool {
    let mut w = form;
    for p in ["نمی\u{200C}", "می\u{200C}", "ن", "ب"] {
        if let Some(r) = w.strip_prefix(p) {
            w = r;
            break;
        }
    }
    (w.starts_with("شد") || w.starts_with("شو") || w.starts_with("گرد")) && w.chars().count() <= 9
}

/// Maps a tag of `source` to the target (current UD, PerDT) convention.
pub fn map_upos(source: Source, form: &str, tag: &str) -> Option<Upos> {
    let u = Upos::parse(tag)?;
    Some(match (source, u) {
        (_, Upos::Part) if form == "را" => Upos::Adp,
        // Informal را.
        (Source::IPerUDT, Upos::Part) if form == "رو" => Upos::Adp,
        (Source::Seraji | Source::IPerUDT, Upos::Part) if form == "هم" => Upos::Adv,
        (Source::Seraji | Source::IPerUDT, Upos::Aux) if is_passive_aux(form) => Upos::Verb,
        (Source::Seraji, Upos::Sconj | Upos::Cconj) if form == "نیز" => Upos::Adv,
        _ => u,
    })
}

/// The first held-out sentence index of a dev file of `n` sentences: its last 20%.
pub fn heldout_start(n: usize) -> usize {
    n - n / 5
}

pub use crate::train::shuffle;

/// Options of the perceptron.
#[derive(Clone, Copy, Debug)]
pub struct TrainOptions {
    /// Passes over the data.
    pub epochs: usize,
    /// Seed of the shuffle.
    pub seed: u64,
    /// Quantized weights with a smaller magnitude are dropped.
    pub min_weight: i16,
    /// How much of the target (PerDT) domain's feature copies is merged in.
    pub target_weight: f32,
    /// Runs over different shuffles whose weights are averaged.
    pub bags: usize,
    /// [`Source::PerDTEarly`] sentences train their own feature copies
    /// rather than PerDT's (see [`Source::domain`]).
    pub early_own_domain: bool,
    /// A [`Source::PerDTEarly`] NOUN is NOUN-or-PROPN (latent, as Seraji's);
    /// if false, strictly NOUN.
    pub early_latent_propn: bool,
}

/// Trains the weights with averaged perceptrons ([`crate::train`]); `log`
/// gets each epoch's training accuracy. With `opts.bags` > 1 the weights
/// are the mean of as many runs over different shuffles (bagging in weight
/// space: the mean varies less than any one run), quantized and pruned once.
pub fn train_weights(
    res: Resources,
    data: &[GoldSentence],
    names: &Names,
    opts: TrainOptions,
    mut log: impl FnMut(usize, f64),
) -> Weights {
    let sum = crate::train::bagged(opts.bags, opts.seed, |seed| {
        train_run(res, data, names, &opts, seed, &mut log)
    });
    sum.quantize(opts.min_weight as i32).0
}

/// One averaged-perceptron run: per feature key, the averaged weights with
/// the target domain's copy merged in.
fn train_run(
    res: Resources,
    data: &[GoldSentence],
    names: &Names,
    opts: &TrainOptions,
    seed: u64,
    log: &mut impl FnMut(usize, f64),
) -> Averaged<f32> {
    let mut p = Perceptron::new(0);
    let mut order: Vec<usize> = (0..data.len()).collect();
    let mut rng = seed | 1;
    let mut scratch = Scratch::default();
    let mut infos = Vec::new();
    let mut keys = Vec::with_capacity(N_STATIC + N_DYNAMIC);
    let mut sf = [0u32; N_STATIC];
    let mut df = [0u32; N_DYNAMIC];
    let mut general: Vec<u32> = Vec::new();
    for epoch in 0..opts.epochs {
        shuffle(&mut order, &mut rng);
        let (mut right, mut all) = (0usize, 0usize);
        for &si in &order {
            let s = &data[si];
            let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
            sentence_infos(res, &forms, names, &mut scratch, &mut infos);
            let (mut t1, mut t2) = (START_TAG, START_TAG);
            for (j, gw) in s.words.iter().enumerate() {
                let i = j + 2;
                static_features(&infos, i, &mut sf);
                dynamic_features(&infos, i, t1, t2, &mut df);
                keys.clear();
                keys.extend_from_slice(&sf);
                keys.extend_from_slice(&df);
                // Each feature also has a copy specific to the source
                // treebank, which absorbs its conventions; the target
                // (PerDT) copies are merged into the shipped weights.
                let salt = s.source.domain(opts.early_own_domain) as u32 + 1;
                for j in 0..N_STATIC + N_DYNAMIC {
                    keys.push(domain_key(keys[j], salt));
                }
                let mut scores = [0i32; N_UPOS];
                p.add_scores(&keys, &mut scores);
                let best = super::argmax(&scores);
                // Seraji tags names NOUN: there the gold tag is latent,
                // NOUN or PROPN, whichever the model scores higher, so the
                // model is never taught that a name is a NOUN.
                let latent = s.noun_may_be_propn()
                    && (s.source != Source::PerDTEarly || opts.early_latent_propn);
                let gold = if latent
                    && gw.upos == Upos::Noun
                    && scores[Upos::Propn as usize] > scores[Upos::Noun as usize]
                {
                    Upos::Propn as usize
                } else {
                    gw.upos as usize
                };
                let ok = best == gold;
                if !ok {
                    for &k in &keys {
                        p.update(k, gold as u8, 1);
                    }
                    for &k in &keys {
                        p.update(k, best as u8, -1);
                    }
                    general.extend_from_slice(&keys[..N_STATIC + N_DYNAMIC]);
                }
                right += ok as usize;
                all += 1;
                p.tick();
                t2 = t1;
                t1 = best as u8;
            }
        }
        log(epoch, right as f64 / all.max(1) as f64);
    }
    // Average and merge the target domain's copies.
    general.sort_unstable();
    general.dedup();
    let dense = |k: u32| -> [f32; N_UPOS] {
        let mut a = [0f32; N_UPOS];
        for (c, w) in p.averaged_row::<f32>(k) {
            if let Some(x) = a.get_mut(c as usize) {
                *x = w;
            }
        }
        a
    };
    let target = Source::PerDT as u32 + 1;
    let mut avg = Averaged::default();
    for &k in &general {
        let mut a = dense(k);
        for (x, y) in a.iter_mut().zip(dense(domain_key(k, target))) {
            *x += y * opts.target_weight;
        }
        avg.rows.insert(
            k,
            a.iter().enumerate().map(|(c, &w)| (c as u8, w)).collect(),
        );
    }
    avg
}

fn domain_key(k: u32, salt: u32) -> u32 {
    let x = (k ^ salt.wrapping_mul(0x9E37_79B9)).wrapping_mul(0x85EB_CA6B);
    x ^ (x >> 15)
}

type Majority<'a> = Vec<((&'a str, Upos), &'a str)>;

fn best_of<K: Ord + Clone>(counts: &FxHashMap<K, usize>) -> Option<(K, usize)> {
    counts
        .iter()
        .max_by(|a, b| a.1.cmp(b.1).then(b.0.cmp(a.0)))
        .map(|(k, n)| (k.clone(), *n))
}

/// Learns the lemmatizer from (word, UPOS, lemma) occurrences.
pub fn learn_lemmatizer(lexicon: &Lexicon, occurrences: &[(String, Upos, String)]) -> Lemmatizer {
    // Majority lemma per (word, UPOS).
    let mut counts: FxHashMap<(&str, Upos), FxHashMap<&str, usize>> = FxHashMap::default();
    for (w, u, l) in occurrences {
        *counts
            .entry((w.as_str(), *u))
            .or_default()
            .entry(l.as_str())
            .or_default() += 1;
    }
    let mut majority: Majority = counts
        .iter()
        .map(|(k, ls)| (*k, best_of(ls).map_or(k.0, |(l, _)| l)))
        .collect();
    majority.sort();
    // Suffix rules by word type.
    let mut stats: Vec<FxHashMap<String, FxHashMap<Rule, usize>>> =
        vec![FxHashMap::default(); Upos::ALL.len()];
    for ((w, u), l) in &majority {
        let rule = Rule::between(w, l);
        let chars: Vec<char> = w.chars().collect();
        for k in 0..=super::lemma::MAX_SUFFIX.min(chars.len()) {
            let suffix: String = chars[chars.len() - k..].iter().collect();
            *stats[*u as usize]
                .entry(suffix)
                .or_default()
                .entry(rule.clone())
                .or_default() += 1;
        }
    }
    let identity = Rule {
        strip: 0,
        append: String::new(),
    };
    let mut rules: Vec<FxHashMap<Box<str>, Rule>> = vec![FxHashMap::default(); Upos::ALL.len()];
    for (u, st) in stats.iter().enumerate() {
        let mut suffixes: Vec<(&String, &FxHashMap<Rule, usize>)> = st.iter().collect();
        suffixes.sort_by_key(|(s, _)| (s.chars().count(), s.to_string()));
        for (suffix, rs) in suffixes {
            let total: usize = rs.values().sum();
            let (best, n) = best_of(rs).unwrap_or((identity.clone(), 0));
            let k = suffix.chars().count();
            if k > 0 && (total < 3 || n * 2 <= total) {
                continue;
            }
            // What the shorter suffixes already predict.
            let chars: Vec<char> = suffix.chars().collect();
            let mut parent = identity.clone();
            for j in (0..k).rev() {
                let s: String = chars[k - j..].iter().collect();
                if let Some(r) = rules[u].get(s.as_str()) {
                    parent = r.clone();
                    break;
                }
            }
            if best != parent {
                rules[u].insert(suffix.as_str().into(), best);
            }
        }
    }
    // Verb lemmas seen in the data.
    let known: std::collections::BTreeSet<&str> = include_str!("../../models/lexicon/verbs.txt")
        .lines()
        .map(str::trim)
        .collect();
    let mut verbs: Vec<Box<str>> = majority
        .iter()
        .filter(|(_, l)| {
            l.split_once('#')
                .is_some_and(|(a, b)| !a.is_empty() && !b.is_empty())
                && !known.contains(l)
        })
        .map(|(_, l)| (*l).into())
        .collect();
    verbs.sort();
    verbs.dedup();
    let base = Lemmatizer::new(FxHashMap::default(), rules.clone(), verbs.clone());
    let mut exceptions: FxHashMap<Box<str>, Vec<(Upos, Box<str>)>> = FxHashMap::default();
    for ((w, u), l) in &majority {
        if base.lemma(lexicon, w, *u) != *l {
            exceptions
                .entry((*w).into())
                .or_default()
                .push((*u, (*l).into()));
        }
    }
    Lemmatizer::new(exceptions, rules, verbs)
}

/// Learns which surface tokens split, from the multiword tokens of `data`:
/// a surface is split when its parts spell it exactly and it was a multiword
/// token split that way in most of its occurrences.
pub fn learn_splitter(data: &[GoldSentence]) -> Splitter {
    let mut split: FxHashMap<String, FxHashMap<Vec<u16>, usize>> = FxHashMap::default();
    let mut whole: FxHashMap<&str, usize> = FxHashMap::default();
    for s in data {
        for &i in &s.single_tokens {
            *whole.entry(s.words[i].form.as_str()).or_default() += 1;
        }
        for (surface, range) in &s.mwts {
            let parts = &s.words[range.clone()];
            let joined: String = parts.iter().map(|w| w.form.as_str()).collect();
            let cuts: Vec<u16> = parts
                .iter()
                .scan(0usize, |pos, w| {
                    *pos += w.form.len();
                    Some(*pos as u16)
                })
                .take(parts.len().saturating_sub(1))
                .collect();
            let entry = split.entry(surface.clone()).or_default();
            if joined == *surface && parts.len() > 1 && surface.len() < u16::MAX as usize {
                *entry.entry(cuts).or_default() += 1;
            } else {
                *entry.entry(Vec::new()).or_default() += 1;
            }
        }
    }
    let mut splits = FxHashMap::default();
    for (surface, ways) in split {
        let (cuts, n) = best_of(&ways).unwrap_or_default();
        let total: usize =
            ways.values().sum::<usize>() + whole.get(surface.as_str()).copied().unwrap_or(0);
        if !cuts.is_empty() && n * 2 > total {
            splits.insert(surface.into_boxed_str(), cuts);
        }
    }
    Splitter { splits }
}

/// Accuracy counts.
#[derive(Clone, Copy, Debug, Default)]
pub struct Score {
    /// Words.
    pub words: usize,
    /// Words with the right UPOS (target convention).
    pub upos: usize,
    /// Words whose UPOS equals the file's own tag, unmapped and strict.
    pub upos_raw: usize,
    /// Words with a gold lemma.
    pub lemma_words: usize,
    /// Words with a right lemma (UD: [`super::ud_lemma`] of the gold lemmas).
    pub lemma: usize,
    /// Words with gold `past#present` stems (PerDT's `OrigLemma`).
    pub stems_words: usize,
    /// Of those, words with the right stems.
    pub stems: usize,
}

impl Score {
    /// Adds another score.
    pub fn add(&mut self, o: &Score) {
        self.words += o.words;
        self.upos += o.upos;
        self.upos_raw += o.upos_raw;
        self.lemma_words += o.lemma_words;
        self.lemma += o.lemma;
        self.stems_words += o.stems_words;
        self.stems += o.stems;
    }
    /// UPOS accuracy in the target convention.
    pub fn upos_acc(&self) -> f64 {
        self.upos as f64 / self.words.max(1) as f64
    }
    /// Lemma accuracy.
    pub fn lemma_acc(&self) -> f64 {
        self.lemma as f64 / self.lemma_words.max(1) as f64
    }

    /// Stems accuracy (words with gold `past#present` stems).
    pub fn stems_acc(&self) -> f64 {
        self.stems as f64 / self.stems_words.max(1) as f64
    }
}

/// Scores the tagger on gold sentences (gold tokenization). A Seraji NOUN
/// tagged PROPN counts as right, since Seraji does not tag names PROPN.
pub fn evaluate(tagger: &Tagger, res: Resources, data: &[GoldSentence]) -> Score {
    let mut sc = Score::default();
    let mut buf = super::TagBuffers::default();
    let mut out = Vec::new();
    for s in data {
        let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
        tagger.tag_upos(res, &forms, &mut buf, &mut out);
        sc.add_sentence(tagger, res, s, &out);
    }
    sc
}

impl Score {
    /// Adds the scores of `s` tagged `tags` (lemmas by `tagger` from them).
    pub fn add_sentence(
        &mut self,
        tagger: &Tagger,
        res: Resources,
        s: &GoldSentence,
        tags: &[Upos],
    ) {
        for (w, &u) in s.words.iter().zip(tags) {
            self.words += 1;
            if u == w.upos || (s.noun_may_be_propn() && w.upos == Upos::Noun && u == Upos::Propn) {
                self.upos += 1;
            }
            if u.as_str() == w.raw_upos {
                self.upos_raw += 1;
            }
            if !w.lemmas.is_empty() {
                let t = tagger.pos_tag(res.lexicon, &w.form, u);
                self.lemma_words += 1;
                if w.lemmas.iter().any(|l| super::ud_lemma(l) == t.lemma) {
                    self.lemma += 1;
                }
                if let Some(gold) = w.lemmas.iter().find(|l| l.contains('#')) {
                    self.stems_words += 1;
                    if t.stems.as_ref() == Some(gold) {
                        self.stems += 1;
                    }
                }
            }
        }
    }
}

/// Splits the sentences of a file into (training part, held-out part): the
/// held-out part is the last 20% if `has_heldout` (a dev file), else empty.
pub fn split_heldout(
    sents: Vec<GoldSentence>,
    has_heldout: bool,
) -> (Vec<GoldSentence>, Vec<GoldSentence>) {
    let mut sents = sents;
    if !has_heldout {
        return (sents, Vec::new());
    }
    let held = sents.split_off(heldout_start(sents.len()));
    (sents, held)
}

/// The name keys of the one-word entries of gazetteer files' text.
pub fn name_keys<'a>(texts: impl IntoIterator<Item = &'a str>) -> Names {
    texts
        .into_iter()
        .flat_map(str::lines)
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.contains(' '))
        .map(super::name_key_of)
        .collect()
}
