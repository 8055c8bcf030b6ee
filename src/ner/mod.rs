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
//! first use. The model is tied to the embedded word clusters and the
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

#[doc(hidden)]
pub mod features;
pub mod numeric;

use crate::error::{Error, Result};
use crate::model;
use crate::pos::{TagBuffers, Tagger, Upos, Weights};
use crate::resources::Resources;
use features::{Extractor, Gazetteer};

/// The magic bytes that open an entity-recognizer model file.
pub const MAGIC: &[u8; 8] = b"PARSINER";

/// The version of the entity-recognizer model body this build reads and
/// writes (2: with the part-of-speech tagger's fingerprint).
pub const VERSION: u32 = 2;

/// An entity label (the PEYMA set).
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

/// Number of BIO tags: `O`, then `B-X`, `I-X` for each label.
pub const N_TAGS: usize = 1 + 2 * Label::ALL.len();
/// Row of [`Recognizer::transitions`] that scores the first tag.
pub const START: usize = N_TAGS;

/// The label of a BIO tag index (`None` for `O`).
#[inline]
pub fn tag_label(tag: u8) -> Option<Label> {
    if tag == 0 {
        None
    } else {
        Label::ALL.get((tag as usize - 1) / 2).copied()
    }
}

/// True if `tag` is an `I-X` tag.
#[inline]
pub fn is_inside(tag: u8) -> bool {
    tag != 0 && tag % 2 == 0
}

/// True if BIO allows `cur` after `prev` ([`START`] for the first tag).
#[inline]
pub fn allowed(prev: usize, cur: usize) -> bool {
    !is_inside(cur as u8) || (prev != START && prev != 0 && prev.div_ceil(2) == cur.div_ceil(2))
}

/// The entity recognizer.
#[derive(Clone, Debug, Default)]
pub struct Recognizer {
    /// Emission weights (quantized), by feature key and tag.
    pub weights: Weights,
    /// Transition weights `[prev * N_TAGS + cur]`, the row [`START`] for the first tag.
    pub transitions: Vec<i32>,
    /// Gazetteer spans and their categories.
    pub gazetteer: Gazetteer,
    /// [`clusters_fingerprint`] of the word clusters the model was trained
    /// with: the cluster features mean nothing with other clusters, so a
    /// rebuilt `models/clusters.bin` needs `parsi train ner` again (a test
    /// checks this).
    pub clusters: u64,
    /// [`pos_fingerprint`] of the part-of-speech tagger whose tags the model
    /// was trained on: after `parsi train pos`, run `parsi train ner` again
    /// (a test checks this).
    pub pos: u64,
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
    scores: Vec<[i32; N_TAGS]>,
    back: Vec<[u8; N_TAGS]>,
}

impl Recognizer {
    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Recognizer> {
        let invalid = |m: &str| Error::InvalidModel(m.to_string());
        let body = model::unwrap(MAGIC, VERSION, "NER", bytes)?;
        let mut r = model::Reader::new(body);
        if r.u8()? as usize != N_TAGS {
            return Err(invalid("wrong number of tags"));
        }
        let clusters = r.u64()?;
        let pos = r.u64()?;
        let mut transitions = Vec::with_capacity((N_TAGS + 1) * N_TAGS);
        for _ in 0..(N_TAGS + 1) * N_TAGS {
            let v = r.svar()?;
            transitions.push(i32::try_from(v).map_err(|_| invalid("transition out of range"))?);
        }
        let weights = Weights::read(&mut r, N_TAGS)?;
        let n = r.count(2)?;
        let mut gazetteer = Gazetteer::default();
        gazetteer.map.reserve(n);
        let mut prev = None;
        for _ in 0..n {
            let key = r.increasing_key(&mut prev, "gazetteer")?;
            let mask = r.var()?;
            gazetteer.map.insert(key, mask);
        }
        r.finish()?;
        Ok(Recognizer {
            weights,
            transitions,
            gazetteer,
            clusters,
            pos,
        })
    }

    /// Serializes the model (the inverse of [`Recognizer::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = model::Writer::default();
        w.u8(N_TAGS as u8);
        w.buf.extend_from_slice(&self.clusters.to_le_bytes());
        w.buf.extend_from_slice(&self.pos.to_le_bytes());
        for i in 0..(N_TAGS + 1) * N_TAGS {
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
        model::wrap(MAGIC, VERSION, &w.buf)
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
        buf.scores.clear();
        let mut start = 0;
        for &end in &buf.extractor.ends {
            let mut e = [0i32; N_TAGS];
            for chunk in buf.extractor.keys[start..end as usize].chunks(32) {
                self.weights.add_all(chunk, &mut e);
            }
            start = end as usize;
            buf.scores.push(e);
        }
        viterbi(&buf.scores, &self.transitions, &mut buf.back, out);
        snap(out, &buf.extractor.rules);
    }

    /// The entities of a sentence of normalized tokens: label and token range.
    pub fn entities<S: AsRef<str>>(
        &self,
        tagger: &Tagger,
        res: Resources,
        words: &[S],
    ) -> Vec<(Label, std::ops::Range<usize>)> {
        let mut tags = Vec::new();
        self.tag(tagger, res, words, &mut NerBuffers::default(), &mut tags);
        spans(&tags)
    }
}

/// The best tag sequence under BIO constraints: `scores[i][tag]` emissions,
/// `transitions` as in [`Recognizer::transitions`].
pub fn viterbi(
    scores: &[[i32; N_TAGS]],
    transitions: &[i32],
    back: &mut Vec<[u8; N_TAGS]>,
    out: &mut Vec<u8>,
) {
    out.clear();
    let n = scores.len();
    if n == 0 {
        return;
    }
    const NEG: i32 = i32::MIN / 4;
    // Dense transitions with the forbidden ones at NEG.
    let mut trans = [[NEG; N_TAGS]; N_TAGS + 1];
    for (p, row) in trans.iter_mut().enumerate() {
        for (c, t) in row.iter_mut().enumerate() {
            if allowed(p, c) {
                *t = transitions.get(p * N_TAGS + c).copied().unwrap_or(0);
            }
        }
    }
    back.clear();
    back.resize(n, [0; N_TAGS]);
    let mut delta = [NEG; N_TAGS];
    for (c, d) in delta.iter_mut().enumerate() {
        *d = scores[0][c].saturating_add(trans[START][c]).max(NEG);
    }
    for i in 1..n {
        let mut next = [NEG; N_TAGS];
        let mut top = NEG;
        for (c, nx) in next.iter_mut().enumerate() {
            let mut best = NEG;
            let mut arg = 0u8;
            for (p, &d) in delta.iter().enumerate() {
                let v = d + trans[p][c];
                if v > best {
                    best = v;
                    arg = p as u8;
                }
            }
            back[i][c] = arg;
            *nx = (best + scores[i][c]).max(NEG);
            top = top.max(*nx);
        }
        // Keep the scores near 0 so that long sentences cannot overflow.
        for nx in next.iter_mut() {
            *nx = (*nx - top).max(NEG);
        }
        delta = next;
    }
    let mut best = 0;
    for c in 1..N_TAGS {
        if delta[c] > delta[best] {
            best = c;
        }
    }
    out.resize(n, 0);
    out[n - 1] = best as u8;
    for i in (1..n).rev() {
        out[i - 1] = back[i][out[i] as usize];
    }
}

/// Where the model tagged part of a money or percentage expression that the
/// rules of [`numeric`] match whole, the whole expression gets the label (the
/// model decides whether it is an entity, the rule where it ends: `۳۲ , ۳۹۰
/// ریال`, `یک میلیون و دویست هزار تومان`).
pub fn snap(tags: &mut [u8], rules: &[(numeric::Kind, usize, usize)]) {
    for &(kind, a, b) in rules {
        let label = match kind {
            numeric::Kind::Money => Label::Mon,
            numeric::Kind::Percent => Label::Pct,
            numeric::Kind::Date => continue,
        };
        let Some(span) = tags.get(a..b) else {
            continue;
        };
        if !span.iter().any(|&t| tag_label(t) == Some(label)) {
            continue;
        }
        let continues = a > 0 && tag_label(tags[a - 1]) == Some(label);
        tags[a] = if continues {
            label.inside()
        } else {
            label.begin()
        };
        for t in &mut tags[a + 1..b] {
            *t = label.inside();
        }
    }
}

/// The entities of a BIO tag sequence: label and token range (an `I-X` that
/// does not continue an `X` opens a new entity, as CoNLL scoring reads it).
pub fn spans(tags: &[u8]) -> Vec<(Label, std::ops::Range<usize>)> {
    let mut out: Vec<(Label, std::ops::Range<usize>)> = Vec::new();
    let mut open = false;
    for (i, &t) in tags.iter().enumerate() {
        match tag_label(t) {
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
