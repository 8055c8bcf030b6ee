//! Feature extraction for the entity recognizer: every feature is a 32-bit
//! hash of a template id and integer values, computed into a reused buffer
//! without allocating per token.
//!
//! Besides the word, its affixes, shape and a ±3 window, its part of speech
//! and its neighbours' (given by the caller, see [`super::pos_code`]), and
//! how far it is into a noun phrase an organisation or place head opened
//! (nouns, names, adjectives, numbers and `و` after `سازمان`, `استان`), each
//! token gets the position (Begin/Inside/Last/Unit) of the longest gazetteer
//! match that covers it, per gazetteer category: spans of entities seen in
//! training (per label), the name and place lists, and small cue lists
//! (months, number words, units, titles, verbs of saying), all stored in the
//! model.

use crate::chars::ZWNJ;
use crate::hashing::{char_class, key, lexicon_bits, mix, suffix_hashes, BOS, EOS};
use crate::lexicon::Lexicon;
use crate::pos::Upos;
use crate::resources::Resources;
use rustc_hash::FxHashMap;

/// Longest gazetteer entry, in tokens.
pub const MAX_SPAN: usize = 7;
/// Number of gazetteer categories (bits of a category mask).
pub const N_CATEGORIES: usize = 35;

/// Gazetteer categories. The first seven are the spans of training entities
/// of each label, in [`super::Label`] order.
pub mod cat {
    /// First names.
    pub const PER_FIRST: u32 = 7;
    /// Surnames.
    pub const PER_LAST: u32 = 8;
    /// Full names of well-known people.
    pub const PER_FULL: u32 = 9;
    /// Countries.
    pub const COUNTRY: u32 = 10;
    /// World regions.
    pub const REGION: u32 = 11;
    /// Cities.
    pub const CITY: u32 = 12;
    /// Month names (Jalali, Gregorian, Hijri).
    pub const MONTH: u32 = 13;
    /// Number words.
    pub const NUMBER: u32 = 14;
    /// Currencies.
    pub const CURRENCY: u32 = 15;
    /// `درصد` and its kin.
    pub const PERCENT: u32 = 16;
    /// Words of time of day.
    pub const TIME: u32 = 17;
    /// Titles before names (`آقای`, `دکتر`).
    pub const TITLE: u32 = 18;
    /// Verbs of saying.
    pub const SAYING: u32 = 19;
    /// Words that open organisation names (`سازمان`, `وزارت`).
    pub const ORG_HEAD: u32 = 20;
    /// Words that open place names (`استان`, `شهر`).
    pub const LOC_HEAD: u32 = 21;
    /// Weekdays and other date words (`روز`, `سال`).
    pub const DATE_WORD: u32 = 22;
    /// People tagged in ParsTwiNER (tweets).
    pub const TW_PER: u32 = 23;
    /// Places tagged in ParsTwiNER.
    pub const TW_LOC: u32 = 24;
    /// Organisations tagged in ParsTwiNER.
    pub const TW_ORG: u32 = 25;
    /// Words inside multi-word training entities of PER, LOC, ORG (`+ 0, 1, 2`).
    pub const PART: u32 = 26;
    /// Entities the recognizer itself found often in unlabeled news, PER,
    /// LOC, ORG (`+ 0, 1, 2`).
    pub const AUTO: u32 = 29;
    /// Spans matched by the rules of [`super::super::numeric`]: money,
    /// percentage, date (`+ 0, 1, 2`).
    pub const RULE: u32 = 32;
}

/// The mask bit of a span that begins a longer entry.
pub const PREFIX: u64 = 1 << 63;

/// Spans of words (as hashes of their folded forms) with category masks.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Gazetteer {
    /// Span key ([`span_key`]) → category mask.
    pub map: SpanMap,
}

/// A map from span keys (32-bit hashes) to category masks.
pub type SpanMap = crate::weights::KeyMap;

impl Gazetteer {
    /// Adds the span of `words` (normalized tokens) to the categories `mask`.
    pub fn insert<S: AsRef<str>>(&mut self, words: &[S], mask: u64) {
        if words.is_empty() || words.len() > MAX_SPAN {
            return;
        }
        let mut scratch = Vec::new();
        let hashes: Vec<u64> = words
            .iter()
            .map(|w| word_hash(w.as_ref(), &mut scratch))
            .collect();
        // Every proper prefix is marked, so matching stops at the first span
        // that no entry starts with.
        for n in 1..hashes.len() {
            *self.map.or_zero(span_key(&hashes[..n])) |= PREFIX;
        }
        *self.map.or_zero(span_key(&hashes)) |= mask;
    }

    /// The categories of a span of word hashes (0 if none).
    #[inline]
    pub fn get(&self, hashes: &[u64]) -> u64 {
        self.map.get(&span_key(hashes)).copied().unwrap_or(0)
    }
}

/// The key of a span of word hashes.
#[inline]
pub fn span_key(hashes: &[u64]) -> u32 {
    let mut h: u64 = 0x2545_F491_4F6C_DD1D;
    for &w in hashes {
        h = mix(h, w);
    }
    (h >> 32) as u32
}

/// Folds spelling variants so they share features: Arabic ي/ك, diacritics,
/// tatweel, digits of every script, Latin case. `None` drops the char.
#[inline]
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'ۀ' => 'ه',
        'أ' | 'إ' | 'ٱ' => 'ا',
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' | '\u{200D}' => return None,
        '0'..='9' | '۰'..='۹' | '٠'..='٩' => '0',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

/// The folded chars of a word ([`fold`]) into `out` (cleared first).
pub fn folded(w: &str, out: &mut Vec<char>) {
    out.clear();
    out.extend(w.chars().filter_map(fold));
}

/// The hash of a word's folded chars (`scratch` is reused).
pub fn word_hash(w: &str, scratch: &mut Vec<char>) -> u64 {
    folded(w, scratch);
    fnv(scratch)
}

/// FNV-1a of chars.
#[inline]
pub(crate) fn fnv(cs: &[char]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &c in cs {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The position code of token `j` in the span of `len` tokens from `start`:
/// 1 begin, 2 inside, 3 last, 4 a one-token span.
#[inline]
fn position(j: usize, start: usize, len: usize) -> u8 {
    if len == 1 {
        4
    } else if j == start {
        1
    } else if j == start + len - 1 {
        3
    } else {
        2
    }
}

/// What the recognizer knows of one token, as integers.
#[derive(Clone, Copy, Debug)]
pub struct Info {
    word: u64,
    pre: [u64; 3],
    suf: [u64; 4],
    shape: u64,
    /// The (category, position code) pairs of the token folded into one
    /// hash; 0 when nothing matched.
    gaz: u64,
    /// Bit `c` set if category `c` covers this token.
    gaz_mask: u64,
    /// Position code (1 B, 2 I, 3 L, 4 U) per category.
    codes: [u8; N_CATEGORIES],
    /// Word-cluster path prefixes of 4, 8 and 12 bits and the class
    /// (all the same marker for a word without a cluster).
    cl: [u64; 4],
    /// Word-vector class paths of 4 and 8 bits and the leaf class (the same
    /// marker for a word without a class).
    ecl: [u64; 3],
    /// The lexicon's coarse tags (64: unknown word, +128: stopword).
    lex: u64,
    /// Tokens since the last organisation head, place head and title word
    /// (3 bits each, 7 = none since the last punctuation).
    dist: [u64; 3],
    /// The part-of-speech code of the token ([`super::pos_code`]; 0 unknown).
    pos: u64,
    /// Tokens in the noun phrase since an organisation head and a place head
    /// (3 bits each, 0 = not in one).
    chain: u64,
}

/// Boundary entries on each side of a sentence's infos.
const PAD: usize = 3;

impl Info {
    fn boundary(h: u64) -> Info {
        Info {
            word: h,
            pre: [h; 3],
            suf: [h; 4],
            shape: h,
            gaz: h,
            gaz_mask: 0,
            codes: [0; N_CATEGORIES],
            cl: [h; 4],
            ecl: [h; 3],
            lex: h,
            dist: [h; 3],
            pos: h,
            chain: h,
        }
    }
}

/// Most word types whose infos an [`Extractor`] keeps (a hash table of 8,192
/// slots holds 7,168).
const CACHE_WORDS: usize = 7_000;

/// Most features a token can have.
pub const MAX_FEATURES: usize = 78 + N_CATEGORIES;

/// Reusable buffers for feature extraction.
#[derive(Default)]
pub struct Extractor {
    chars: Vec<char>,
    hashes: Vec<u64>,
    infos: Vec<Info>,
    /// Word-only infos by word (cleared when it reaches [`CACHE_WORDS`]).
    /// Keyed by the word's 64-bit hash ([`crate::hashing::bytes_hash`]; as
    /// the tagger's word cache): no allocation per word.
    cache: FxHashMap<u64, Info>,
    /// The numeric rule matches of the last sentence.
    pub rules: Vec<(super::numeric::Kind, usize, usize)>,
    longest: Vec<[u8; N_CATEGORIES]>,
    /// The features of every token, one after another.
    pub keys: Vec<u32>,
    /// `keys[ends[i-1]..ends[i]]` are the features of token `i`.
    pub ends: Vec<u32>,
}

impl Extractor {
    /// Computes the features of a sentence of normalized tokens, given their
    /// part-of-speech codes ([`super::pos_code`]), into [`Extractor::keys`]
    /// and [`Extractor::ends`].
    pub fn extract<S: AsRef<str>>(
        &mut self,
        res: Resources,
        words: &[S],
        pos: &[u16],
        gaz: &Gazetteer,
    ) {
        let n = words.len();
        self.infos.clear();
        self.hashes.clear();
        self.infos.push(Info::boundary(BOS ^ 2));
        self.infos.push(Info::boundary(BOS));
        self.infos.push(Info::boundary(BOS ^ 1));
        for (i, w) in words.iter().enumerate() {
            let w = w.as_ref();
            // What depends on the word alone is computed once per word type.
            let key = crate::hashing::bytes_hash(w.as_bytes());
            let info = match self.cache.get(&key) {
                Some(info) => *info,
                None => {
                    let mut info = self.word_info(res.lexicon, w);
                    if let Some(p) = res.clusters.get(w) {
                        info.cl = [
                            p.prefix(4) as u64,
                            p.prefix(8) as u64,
                            p.prefix(12) as u64,
                            1 << 32 | p.class() as u64,
                        ];
                    }
                    if let Some(p) = res.classes.get(w) {
                        info.ecl = [p.prefix(4) as u64, p.prefix(8) as u64, p.prefix(31) as u64];
                    }
                    if self.cache.len() >= CACHE_WORDS {
                        self.cache.clear();
                    }
                    self.cache.insert(key, info);
                    info
                }
            };
            self.hashes.push(info.word);
            self.infos.push(Info {
                pos: pos.get(i).copied().unwrap_or(0) as u64,
                ..info
            });
        }
        self.infos.push(Info::boundary(EOS));
        self.infos.push(Info::boundary(EOS ^ 1));
        self.infos.push(Info::boundary(EOS ^ 2));
        self.gazetteer(n, gaz);
        super::numeric::matches(words, &mut self.rules);
        for &(kind, a, b) in &self.rules {
            let c = cat::RULE as usize + kind as usize;
            for j in a..b {
                let info = &mut self.infos[j + PAD];
                info.codes[c] = position(j, a, b - a);
                info.gaz_mask |= 1u64 << c;
            }
        }
        let mut dist = [7u64; 3];
        let mut chain = [0u64; 2];
        for info in &mut self.infos[PAD..n + PAD] {
            if info.shape & 7 == 6 {
                dist = [7; 3];
            }
            for (d, c) in dist
                .iter_mut()
                .zip([cat::ORG_HEAD, cat::LOC_HEAD, cat::TITLE])
            {
                if info.codes[c as usize] != 0 {
                    *d = 0;
                } else if *d < 7 {
                    *d = (*d + 1).min(6);
                }
            }
            info.dist = dist;
            // The noun phrase an organisation or place head opens goes on
            // over nouns, adjectives, names, numbers and `و`.
            let first = info.pos & 31;
            let nominal = info.pos != 0
                && [Upos::Noun, Upos::Propn, Upos::Adj, Upos::Num, Upos::Cconj]
                    .iter()
                    .any(|&u| u as u64 == first);
            for (ch, c) in chain.iter_mut().zip([cat::ORG_HEAD, cat::LOC_HEAD]) {
                if info.codes[c as usize] != 0 {
                    *ch = 1;
                } else if *ch > 0 && nominal {
                    *ch = (*ch + 1).min(6);
                } else {
                    *ch = 0;
                }
            }
            info.chain = chain[0] | chain[1] << 3;
            if info.gaz_mask != 0 {
                let mut g: u64 = 0;
                for (c, &code) in info.codes.iter().enumerate() {
                    if code != 0 {
                        g = mix(g, (c as u64) << 8 | code as u64);
                    }
                }
                info.gaz = g;
            }
        }
        self.keys.clear();
        self.ends.clear();
        for i in PAD..n + PAD {
            self.features(i);
            self.ends.push(self.keys.len() as u32);
        }
    }

    fn word_info(&mut self, lexicon: &Lexicon, w: &str) -> Info {
        let cs = &mut self.chars;
        cs.clear();
        cs.extend(w.chars().filter_map(fold));
        let n = cs.len();
        let word = fnv(cs);
        let mut pre = [0u64; 3];
        let mut h: u64 = 0x8422_2325_cbf2_9ce4;
        for (i, &c) in cs.iter().take(3).enumerate() {
            h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
            pre[i] = h;
        }
        for p in pre.iter_mut().skip(n.min(3)) {
            *p = h ^ 0x55;
        }
        let suf: [u64; 4] = suffix_hashes(cs, 0x1b3c_9ce4_8422_2325);
        let first = cs.first().map_or(0, |&c| char_class(c));
        let last = cs.last().map_or(0, |&c| char_class(c));
        let has_zwnj = cs.contains(&ZWNJ) as u64;
        let digits = cs.iter().filter(|&&c| c == '0').count() as u64;
        let len_bucket = match n {
            0..=4 => n as u64,
            5..=6 => 5,
            7..=9 => 6,
            _ => 7,
        };
        let shape = first | last << 3 | has_zwnj << 6 | digits.min(5) << 7 | len_bucket << 10;
        Info {
            word,
            pre,
            suf,
            shape,
            gaz: 0,
            gaz_mask: 0,
            codes: [0; N_CATEGORIES],
            cl: [0; 4],
            ecl: [0; 3],
            lex: lexicon_bits(lexicon, w),
            dist: [7; 3],
            pos: 0,
            chain: 0,
        }
    }

    /// Longest-match gazetteer positions per category.
    fn gazetteer(&mut self, n: usize, gaz: &Gazetteer) {
        self.longest.clear();
        self.longest.resize(n, [0; N_CATEGORIES]);
        if gaz.map.is_empty() {
            return;
        }
        for i in 0..n {
            let mut h: u64 = 0x2545_F491_4F6C_DD1D;
            for len in 1..=MAX_SPAN.min(n - i) {
                h = mix(h, self.hashes[i + len - 1]);
                let Some(&mask) = gaz.map.get(&((h >> 32) as u32)) else {
                    break;
                };
                let mut m = mask & !PREFIX;
                while m != 0 {
                    let c = m.trailing_zeros() as usize;
                    m &= m - 1;
                    if c < N_CATEGORIES {
                        self.longest[i][c] = len as u8;
                    }
                }
            }
        }
        for c in 0..N_CATEGORIES {
            let mut i = 0;
            while i < n {
                let len = self.longest[i][c] as usize;
                if len == 0 {
                    i += 1;
                    continue;
                }
                for j in i..i + len {
                    let info = &mut self.infos[j + PAD];
                    info.codes[c] = position(j, i, len);
                    info.gaz_mask |= 1u64 << c;
                }
                i += len;
            }
        }
    }

    fn features(&mut self, i: usize) {
        let inf = &self.infos;
        let w = &inf[i];
        let (m2, m1, p1, p2) = (&inf[i - 2], &inf[i - 1], &inf[i + 1], &inf[i + 2]);
        self.keys.extend_from_slice(&[
            key(0, 0),
            key(1, w.word),
            key(2, w.pre[0]),
            key(3, w.pre[1]),
            key(4, w.pre[2]),
            key(5, w.suf[0]),
            key(6, w.suf[1]),
            key(7, w.suf[2]),
            key(8, w.suf[3]),
            key(9, w.shape),
            key(10, m1.word),
            key(11, p1.word),
            key(12, m2.word),
            key(13, p2.word),
            key(14, mix(m1.word, w.word)),
            key(15, mix(w.word, p1.word)),
            key(16, mix(m1.word, p1.word)),
            key(17, mix(mix(m1.shape, w.shape), p1.shape)),
            key(18, m1.suf[1]),
            key(19, p1.suf[1]),
            key(20, w.gaz),
            key(21, m1.gaz),
            key(22, p1.gaz),
            key(23, mix(w.gaz, m1.word)),
            key(24, mix(w.gaz, p1.word)),
            key(25, mix(m2.word, m1.word)),
            key(26, mix(p1.word, p2.word)),
            key(27, mix(w.gaz, m1.gaz)),
            key(28, mix(w.gaz, p1.gaz)),
            key(29, m1.pre[2]),
            key(30, p1.pre[2]),
            key(40, w.cl[0]),
            key(41, w.cl[1]),
            key(42, w.cl[2]),
            key(43, w.cl[3]),
            key(44, m1.cl[1]),
            key(45, p1.cl[1]),
            key(46, m1.cl[3]),
            key(47, p1.cl[3]),
            key(48, mix(w.cl[1], p1.cl[1])),
            key(49, mix(m1.cl[1], w.cl[1])),
            key(50, inf[i - 3].word),
            key(51, inf[i + 3].word),
            key(52, mix(w.shape, p1.word)),
            key(53, mix(m1.word, w.suf[1])),
            key(60, w.lex),
            key(61, mix(w.lex, m1.lex)),
            key(62, mix(w.lex, p1.lex)),
            key(63, mix(w.lex, w.suf[1])),
            key(70, w.dist[0]),
            key(71, w.dist[1]),
            key(72, w.dist[2]),
            key(73, mix(w.dist[0], w.cl[1])),
            key(74, mix(w.dist[0] | w.dist[1] << 3, w.lex)),
            key(80, w.pos),
            key(81, m1.pos),
            key(82, p1.pos),
            key(83, mix(m1.pos, w.pos)),
            key(84, mix(w.pos, p1.pos)),
            key(85, mix(mix(m1.pos, w.pos), p1.pos)),
            key(86, m2.pos),
            key(87, p2.pos),
            key(88, mix(w.dist[0], w.pos)),
            key(89, mix(w.dist[1], w.pos)),
            key(90, m2.gaz),
            key(91, p2.gaz),
            key(92, mix(w.pos, w.gaz)),
            key(150, w.ecl[0]),
            key(151, w.ecl[1]),
            key(152, w.ecl[2]),
            key(153, m1.ecl[1]),
            key(154, p1.ecl[1]),
            key(155, mix(w.ecl[1], p1.ecl[1])),
            key(156, mix(m1.ecl[1], w.ecl[1])),
            key(140, w.chain),
            key(141, mix(w.chain & 7, w.pos)),
            key(142, mix(w.chain >> 3, w.pos)),
            key(143, mix(w.chain, p1.pos)),
        ]);
        let mut m = w.gaz_mask;
        while m != 0 {
            let c = m.trailing_zeros() as usize;
            m &= m - 1;
            self.keys.push(key(100 + c as u64, w.codes[c] as u64));
        }
    }
}
