//! Part-of-speech tagging, lemmatization and clitic splitting of UD words.
//!
//! The tagger is a greedy left-to-right averaged perceptron over the 17
//! Universal Dependencies tags (following current UD / PerDT conventions:
//! `را` is ADP, names are PROPN). Its features (word, affixes, shape, ±2
//! context words, the two previous tags, the lexicon's coarse tags) are
//! hashed to 32-bit keys without allocating; the weights are quantized and
//! stored in one versioned binary (see [`model`]), embedded in the crate and
//! parsed on first use.
//!
//! ```
//! use parsi::pos::Upos;
//!
//! let analyzer = parsi::Analyzer::shared().unwrap();
//! let tags = analyzer.tagger().tag(analyzer.resources(), &["کتاب‌ها", "را", "می‌خوانند", "."]);
//! assert_eq!(tags[1].upos, Upos::Adp);
//! assert_eq!(tags[2].lemma, "خواند");
//! assert_eq!(tags[2].stems.as_deref(), Some("خواند#خوان"));
//! ```

mod features;
mod lemma;
#[cfg(feature = "train")]
pub mod train;

use crate::error::{Error, Result};
use crate::lexicon::{Lexicon, WordTags};
use crate::model;
use crate::resources::Resources;
pub use crate::weights::Weights;

/// The magic bytes that open a POS model file.
pub const MAGIC: &[u8; 8] = b"PARSIPOS";

/// The version of the part-of-speech model body this build reads and writes.
pub const VERSION: u32 = 1;
use features::{
    dynamic_features, pair_features, sentence_infos, sentence_infos_cached, Cached, Scratch,
    WordCache, WordInfo,
};
pub use features::{
    name_key_of, Names, N_DYNAMIC, N_NEIGHBOUR, N_OWN, N_PAIR, N_STATIC, START_TAG,
};
pub use lemma::{ud_lemma, Lemmatizer, Rule, Splitter};

/// The number of UPOS tags.
pub const N_UPOS: usize = 17;

/// The 17 Universal Dependencies part-of-speech tags.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u8)]
pub enum Upos {
    /// Adjective.
    Adj,
    /// Adposition (`به`, `از`, `را`).
    Adp,
    /// Adverb.
    Adv,
    /// Auxiliary (`است`, `خواهد`).
    Aux,
    /// Coordinating conjunction.
    Cconj,
    /// Determiner.
    Det,
    /// Interjection.
    Intj,
    /// Noun.
    Noun,
    /// Numeral.
    Num,
    /// Particle.
    Part,
    /// Pronoun.
    Pron,
    /// Proper noun.
    Propn,
    /// Punctuation.
    Punct,
    /// Subordinating conjunction.
    Sconj,
    /// Symbol.
    Sym,
    /// Verb.
    Verb,
    /// Other.
    X,
}

impl Upos {
    /// All tags, in index order.
    pub const ALL: [Upos; N_UPOS] = [
        Upos::Adj,
        Upos::Adp,
        Upos::Adv,
        Upos::Aux,
        Upos::Cconj,
        Upos::Det,
        Upos::Intj,
        Upos::Noun,
        Upos::Num,
        Upos::Part,
        Upos::Pron,
        Upos::Propn,
        Upos::Punct,
        Upos::Sconj,
        Upos::Sym,
        Upos::Verb,
        Upos::X,
    ];

    /// The UD name (`NOUN`, `PROPN`, ...).
    pub fn as_str(self) -> &'static str {
        match self {
            Upos::Adj => "ADJ",
            Upos::Adp => "ADP",
            Upos::Adv => "ADV",
            Upos::Aux => "AUX",
            Upos::Cconj => "CCONJ",
            Upos::Det => "DET",
            Upos::Intj => "INTJ",
            Upos::Noun => "NOUN",
            Upos::Num => "NUM",
            Upos::Part => "PART",
            Upos::Pron => "PRON",
            Upos::Propn => "PROPN",
            Upos::Punct => "PUNCT",
            Upos::Sconj => "SCONJ",
            Upos::Sym => "SYM",
            Upos::Verb => "VERB",
            Upos::X => "X",
        }
    }

    /// The tag with UD name `s`, if any.
    pub fn parse(s: &str) -> Option<Upos> {
        Upos::ALL.iter().copied().find(|u| u.as_str() == s)
    }

    /// The tag with index `i` (its position in [`Upos::ALL`]).
    pub fn from_index(i: u8) -> Result<Upos> {
        Upos::ALL
            .get(i as usize)
            .copied()
            .ok_or_else(|| Error::InvalidModel(format!("tag index {i} out of range")))
    }
}

impl serde::Serialize for Upos {
    fn serialize<S: serde::Serializer>(&self, s: S) -> std::result::Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// The UD lemma inside the PerDT original lemma `orig` of a verb or
/// auxiliary with stems (`کرد#کن` → `کرد`, a part of `orig`); `None` for
/// other words and lemmas (a hashtag's `#تست` is no pair of stems).
pub fn verb_lemma_parts(upos: Upos, orig: &str) -> Option<&str> {
    let ud = ud_lemma(orig);
    (matches!(upos, Upos::Verb | Upos::Aux) && ud.len() < orig.len()).then_some(ud)
}

/// The analysis of one word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PosTag {
    /// The part of speech.
    pub upos: Upos,
    /// The lemma as current UD has it (PerDT's `LEMMA` column: `کرد` for
    /// `می‌کند`, `است`, `گشت` for `برگشت`).
    pub lemma: String,
    /// For verbs, PerDT's original lemma, the stems `past#present` (`کرد#کن`;
    /// `#است`; `بر#گشت` for a compound verb): what hazm gives as a lemma.
    pub stems: Option<String>,
}

const _: () = assert!(N_STATIC <= 32 && N_DYNAMIC <= 32);

/// The POS tagger and lemmatizer.
#[derive(Clone, Debug, Default)]
pub struct Tagger {
    /// The perceptron's weights.
    pub weights: Weights,
    /// The lemmatizer.
    pub lemmatizer: Lemmatizer,
    /// The clitic splitter.
    pub splitter: Splitter,
    /// Keys ([`name_key_of`]) of words found in name gazetteers, a feature for PROPN.
    pub names: Names,
}

/// The embedded model (`models/pos.bin`), the default [`crate::Analyzer`]'s.
pub static EMBEDDED: &[u8] = include_bytes!("../../models/pos.bin");

/// Reusable buffers for tagging.
#[derive(Default)]
pub struct TagBuffers {
    scratch: Scratch,
    words: Vec<Cached>,
    infos: Vec<WordInfo>,
    cache: WordCache,
}

impl Tagger {
    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Tagger> {
        let body = model::unwrap(MAGIC, VERSION, "POS", bytes)?;
        let mut r = model::Reader::new(body);
        let weights = Weights::read(&mut r, Upos::ALL.len())?;
        let lemmatizer = Lemmatizer::read(&mut r)?;
        let splitter = Splitter::read(&mut r)?;
        let n = r.count(1)?;
        let mut names = Names::default();
        names.reserve(n);
        let mut key: u64 = 0;
        for _ in 0..n {
            key = key.saturating_add(r.var()?);
            if key > u32::MAX as u64 {
                return Err(Error::InvalidModel("name key out of range".into()));
            }
            names.insert(key as u32);
        }
        r.finish()?;
        Ok(Tagger {
            weights,
            lemmatizer,
            splitter,
            names,
        })
    }

    /// Serializes the model (the inverse of [`Tagger::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = model::Writer::default();
        self.weights.write(&mut w);
        self.lemmatizer.write(&mut w);
        self.splitter.write(&mut w);
        let mut names: Vec<u32> = self.names.iter().copied().collect();
        names.sort_unstable();
        w.var(names.len() as u64);
        let mut prev = 0u64;
        for k in names {
            w.var(k as u64 - prev);
            prev = k as u64;
        }
        model::wrap(MAGIC, VERSION, &w.buf)
    }

    /// Tags and lemmatizes the UD words of one sentence.
    pub fn tag<S: AsRef<str>>(&self, res: Resources, words: &[S]) -> Vec<PosTag> {
        let mut upos = Vec::new();
        self.tag_upos(res, words, &mut TagBuffers::default(), &mut upos);
        words
            .iter()
            .zip(upos)
            .map(|(w, u)| self.pos_tag(res.lexicon, w.as_ref(), u))
            .collect()
    }

    /// The lemma and stems of `word` tagged `upos`.
    pub fn pos_tag(&self, lexicon: &Lexicon, word: &str, upos: Upos) -> PosTag {
        let orig = self.lemmatizer.lemma(lexicon, word, upos);
        match verb_lemma_parts(upos, &orig) {
            Some(lemma) => PosTag {
                upos,
                lemma: lemma.to_string(),
                stems: Some(orig),
            },
            None => PosTag {
                upos,
                lemma: orig,
                stems: None,
            },
        }
    }

    /// Tags the UD words of one sentence into `out` (cleared first), reusing
    /// `buf` (which also caches what the tagger learns of each distinct word,
    /// so keep it for the sentences of one document).
    pub fn tag_upos<S: AsRef<str>>(
        &self,
        res: Resources,
        words: &[S],
        buf: &mut TagBuffers,
        out: &mut Vec<Upos>,
    ) {
        out.clear();
        let weights = &self.weights;
        sentence_infos_cached(
            res,
            words,
            &self.names,
            &mut buf.scratch,
            &mut buf.cache,
            &mut buf.words,
            |keys| {
                let mut scores = [0i32; N_UPOS];
                weights.add_all(keys, &mut scores);
                scores
            },
        );
        let cw = &buf.words;
        buf.infos.clear();
        buf.infos.extend(cw.iter().map(|c| c.info));
        let infos = &buf.infos;
        let (mut t1, mut t2) = (START_TAG, START_TAG);
        let mut pf = [0u32; N_PAIR];
        let mut df = [0u32; N_DYNAMIC];
        for i in 2..cw.len() - 2 {
            // The word's own scores and what its neighbours give it, all
            // cached per distinct word; then the pair and tag features.
            let mut scores = cw[i].own;
            for (t, s) in scores.iter_mut().enumerate() {
                *s += cw[i - 1].given[0][t]
                    + cw[i + 1].given[1][t]
                    + cw[i - 2].given[2][t]
                    + cw[i + 2].given[3][t];
            }
            pair_features(infos, i, &mut pf);
            dynamic_features(infos, i, t1, t2, &mut df);
            self.weights.add_all(&pf, &mut scores);
            self.weights.add_all(&df, &mut scores);
            let best = argmax(&scores);
            out.push(Upos::ALL[best]);
            t2 = t1;
            t1 = best as u8;
        }
    }

    /// Tags like [`Tagger::tag_upos`] without the per-word cache: every
    /// feature looked up for every word (the reference the cache must equal).
    #[doc(hidden)]
    pub fn tag_upos_uncached<S: AsRef<str>>(
        &self,
        res: Resources,
        words: &[S],
        out: &mut Vec<Upos>,
    ) {
        out.clear();
        let (mut scratch, mut infos) = (Scratch::default(), Vec::new());
        sentence_infos(res, words, &self.names, &mut scratch, &mut infos);
        let (mut t1, mut t2) = (START_TAG, START_TAG);
        let mut sf = [0u32; N_STATIC];
        let mut df = [0u32; N_DYNAMIC];
        for i in 2..infos.len() - 2 {
            let mut scores = [0i32; N_UPOS];
            features::static_features(&infos, i, &mut sf);
            dynamic_features(&infos, i, t1, t2, &mut df);
            self.weights.add_all(&sf, &mut scores);
            self.weights.add_all(&df, &mut scores);
            let best = argmax(&scores);
            out.push(Upos::ALL[best]);
            t2 = t1;
            t1 = best as u8;
        }
    }

    /// The UD lemma of `word` tagged `upos` (see [`PosTag::lemma`]).
    pub fn lemma(&self, lexicon: &Lexicon, word: &str, upos: Upos) -> String {
        self.pos_tag(lexicon, word, upos).lemma
    }

    /// The byte ranges of the UD words of a surface token (`کتابش` → `کتاب` + `ش`).
    pub fn split_words(&self, lexicon: &Lexicon, token: &str) -> Vec<(usize, usize)> {
        self.cuts(lexicon, token).ranges(token.len()).collect()
    }

    /// The byte offsets in `token` where each UD word but the first begins:
    /// the treebanks' own splits for the tokens they have, else a pronominal
    /// clitic rule ([`Tagger::clitic_cut`]).
    pub fn cuts(&self, lexicon: &Lexicon, token: &str) -> Cuts {
        if let Some(known) = self.splitter.cuts(token) {
            return Cuts::from_slice(known);
        }
        match self.clitic_cut(lexicon, token) {
            Some(c) => Cuts::from_slice(&[c]),
            None => Cuts::default(),
        }
    }

    /// Where a pronominal clitic (`ش م ت مان تان شان`) begins in a token the
    /// treebanks never split or kept whole: only when the whole token is not
    /// a lexicon word, is not a verb form, and what precedes the clitic is a
    /// lexicon noun or adjective, alone or with the plural `ها`/`های`
    /// (`دوستانمان`, `کتاب‌هایش`).
    pub fn clitic_cut(&self, lexicon: &Lexicon, token: &str) -> Option<u16> {
        const CLITICS: [&str; 6] = ["مان", "تان", "شان", "ش", "م", "ت"];
        if token.len() >= u16::MAX as usize || lexicon.tags(token).is_some() {
            return None;
        }
        if token.starts_with("می\u{200C}") || token.starts_with("نمی\u{200C}") {
            return None;
        }
        if self.lemmatizer.verb_lemma(token).is_some() {
            return None;
        }
        let nominal =
            |w: &str| w.chars().count() >= 2 && lexicon.has(w, WordTags::NOUN | WordTags::ADJ);
        for clitic in CLITICS {
            let Some(stem) = token.strip_suffix(clitic) else {
                continue;
            };
            let base = ["\u{200C}های", "\u{200C}ها", "های", "ها"]
                .iter()
                .find_map(|p| stem.strip_suffix(p))
                .unwrap_or(stem);
            // A stem ending in ZWNJ, ه or a vowel takes the clitic as اش/ات/ام: not this rule.
            if stem.ends_with(['\u{200C}', 'ه', 'ا', 'و']) && base == stem {
                continue;
            }
            if nominal(base) {
                return Some(stem.len() as u16);
            }
        }
        None
    }
}

/// Cut offsets of one token (at most four), without allocating.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cuts {
    offsets: [u16; 4],
    len: u8,
}

impl Cuts {
    fn from_slice(cuts: &[u16]) -> Cuts {
        let mut c = Cuts::default();
        for &x in cuts.iter().take(4) {
            c.offsets[c.len as usize] = x;
            c.len += 1;
        }
        c
    }

    /// The offsets, increasing.
    pub fn as_slice(&self) -> &[u16] {
        &self.offsets[..self.len as usize]
    }

    /// The byte range `(start, end)` of each UD word of a token of `len`
    /// bytes cut here, in order.
    pub fn ranges(self, len: usize) -> impl Iterator<Item = (usize, usize)> {
        let n = self.len as usize;
        (0..=n).map(move |k| {
            let start = if k == 0 {
                0
            } else {
                self.offsets[k - 1] as usize
            };
            let end = if k == n {
                len
            } else {
                self.offsets[k] as usize
            };
            (start, end)
        })
    }
}

/// Index of the highest score (the first on ties).
#[inline]
pub fn argmax(scores: &[i32; N_UPOS]) -> usize {
    let mut best = 0;
    for i in 1..N_UPOS {
        if scores[i] > scores[best] {
            best = i;
        }
    }
    best
}
