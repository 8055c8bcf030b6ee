//! Feature extraction for the tagger: every feature is a 32-bit hash of a
//! template id and integer values, computed without allocating.

use crate::chars::ZWNJ;
use crate::lexicon::{Lexicon, WordTags};

/// Number of features that do not depend on previous tags.
pub const N_STATIC: usize = 31;
/// Number of static features that depend on the word alone (see [`own_features`]).
pub const N_OWN: usize = 16;
/// Number of static features that depend on the neighbouring words.
pub const N_CONTEXT: usize = N_STATIC - N_OWN;
/// Number of features that depend on the previous tags.
pub const N_DYNAMIC: usize = 5;
/// The tag index used for "before the sentence".
pub const START_TAG: u8 = 31;

/// Hashes of name-gazetteer words (see [`name_key`]).
pub type Names = rustc_hash::FxHashSet<u32>;

/// The gazetteer key of a word from the hash of its folded chars.
#[inline]
pub fn name_key(word_hash: u64) -> u32 {
    (word_hash >> 32) as u32
}

/// The gazetteer key of a word.
pub fn name_key_of(w: &str) -> u32 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for c in w.chars().filter_map(fold) {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
    }
    name_key(h)
}

/// What the tagger knows of one word, as integers.
#[derive(Clone, Copy, Debug, Default)]
pub struct WordInfo {
    pub word: u64,
    pub pre: [u64; 4],
    pub suf: [u64; 4],
    pub shape: u64,
    pub lex: u64,
    /// Word-cluster path prefixes of 8, 12 and 20 bits ([`crate::clusters`]);
    /// a fixed value for words without a cluster.
    pub clu: [u64; 3],
}

const BOS: u64 = 0x1234_5678_9abc_def1;
const EOS: u64 = 0x0fed_cba9_8765_4321;

impl WordInfo {
    fn boundary(h: u64) -> WordInfo {
        WordInfo {
            word: h,
            pre: [h; 4],
            suf: [h; 4],
            shape: h,
            lex: h,
            clu: [h; 3],
        }
    }
}

#[inline]
fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_add(a << 6);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[inline]
fn key(template: u64, v: u64) -> u32 {
    (mix(template.wrapping_mul(0xD6E8_FEB8_6659_FD93), v) >> 32) as u32
}

/// Folds spelling variants so they share features: Arabic ي/ك, diacritics,
/// digits of every script, Latin case. `None` drops the char.
#[inline]
pub fn fold(c: char) -> Option<char> {
    Some(match c {
        'ي' | 'ى' | 'ئ' => 'ی',
        'ك' => 'ک',
        'ۀ' => 'ه',
        '\u{064B}'..='\u{0652}' | '\u{0670}' | '\u{0640}' => return None,
        '0'..='9' | '۰'..='۹' | '٠'..='٩' => '0',
        'A'..='Z' => c.to_ascii_lowercase(),
        _ => c,
    })
}

fn char_class(c: char) -> u64 {
    match c {
        '0' => 1,
        'a'..='z' => 2,
        ZWNJ => 3,
        c if crate::chars::is_arabic_letter(c) => 4,
        c if c.is_alphabetic() => 5,
        c if crate::chars::is_punct(c) => 6,
        _ => 7,
    }
}

/// Per-word scratch space, reused across words.
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    folded: String,
}

/// The integer view of one word.
pub fn word_info(w: &str, names: &Names, scratch: &mut Scratch) -> WordInfo {
    let cs = &mut scratch.chars;
    cs.clear();
    cs.extend(w.chars().filter_map(fold));
    let n = cs.len();
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    let mut pre = [0u64; 4];
    for (i, &c) in cs.iter().enumerate() {
        h = (h ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        if i < 4 {
            pre[i] = h;
        }
    }
    for p in pre.iter_mut().skip(n.min(4)) {
        *p = h ^ 0x55;
    }
    let word = h;
    let mut suf = [0u64; 4];
    let mut s: u64 = 0x8422_2325_cbf2_9ce4;
    for (i, &c) in cs.iter().rev().take(4).enumerate() {
        s = (s ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        suf[i] = s;
    }
    for x in suf.iter_mut().skip(n.min(4)) {
        *x = s ^ 0xaa;
    }
    let first = cs.first().map_or(0, |&c| char_class(c));
    let last = cs.last().map_or(0, |&c| char_class(c));
    let has_zwnj = cs.contains(&ZWNJ) as u64;
    let has_digit = cs.contains(&'0') as u64;
    let len_bucket = match n {
        0..=4 => n as u64,
        5..=6 => 5,
        _ => 6,
    };
    let shape = first | last << 3 | has_zwnj << 6 | has_digit << 7 | len_bucket << 8;

    let folded = &mut scratch.folded;
    folded.clear();
    folded.extend(cs.iter());
    let lexicon = Lexicon::get();
    let mut lex: u64 = match lexicon.tags(folded) {
        Some(t) => [
            WordTags::NOUN,
            WordTags::ADJ,
            WordTags::ADV,
            WordTags::VERB,
            WordTags::FUNCTION,
            WordTags::OTHER,
        ]
        .iter()
        .enumerate()
        .fold(0, |acc, (i, &m)| acc | (t.has(m) as u64) << i),
        None => 64,
    };
    if lexicon.is_stopword(folded) {
        lex |= 128;
    }
    if names.contains(&name_key(word)) {
        lex |= 512;
    }
    let rest = folded
        .strip_prefix("نمی\u{200C}")
        .or_else(|| folded.strip_prefix("می\u{200C}"));
    if let Some(rest) = rest {
        if lexicon.is_verb_after_prefix(rest) {
            lex |= 256;
        }
    }
    let clu = match crate::clusters::Clusters::default_model()
        .ok()
        .and_then(|c| c.get(w).or_else(|| c.get(folded)))
    {
        Some(p) => [p.prefix(8) as u64, p.prefix(12) as u64, p.prefix(20) as u64],
        None => [1 << 40; 3],
    };
    WordInfo {
        word,
        pre,
        suf,
        shape,
        lex,
        clu,
    }
}

/// Fills `out` with the word infos of a sentence, padded by two boundary
/// entries on each side.
pub fn sentence_infos<S: AsRef<str>>(
    words: &[S],
    names: &Names,
    scratch: &mut Scratch,
    out: &mut Vec<WordInfo>,
) {
    out.clear();
    out.push(WordInfo::boundary(BOS));
    out.push(WordInfo::boundary(BOS ^ 1));
    for w in words {
        out.push(word_info(w.as_ref(), names, scratch));
    }
    out.push(WordInfo::boundary(EOS));
    out.push(WordInfo::boundary(EOS ^ 1));
}

/// The features of word `i` (an index into the padded `infos`, so the first
/// word is 2) that do not depend on tags: [`own_features`] then
/// [`context_features`].
#[inline]
pub fn static_features(infos: &[WordInfo], i: usize, out: &mut [u32; N_STATIC]) {
    let (own, context) = out.split_at_mut(N_OWN);
    own_features(&infos[i], own.try_into().expect("N_OWN keys"));
    context_features(infos, i, context.try_into().expect("N_CONTEXT keys"));
}

/// The features of a word that depend on nothing else: their scores can be
/// computed once per distinct word.
#[inline]
pub fn own_features(w: &WordInfo, out: &mut [u32; N_OWN]) {
    *out = [
        key(0, 0),
        key(1, w.word),
        key(2, w.pre[0]),
        key(3, w.pre[1]),
        key(4, w.pre[2]),
        key(5, w.pre[3]),
        key(6, w.suf[0]),
        key(7, w.suf[1]),
        key(8, w.suf[2]),
        key(9, w.suf[3]),
        key(10, w.shape),
        key(15, w.lex),
        key(22, mix(w.lex, w.suf[1])),
        key(26, w.clu[0]),
        key(27, w.clu[1]),
        key(28, w.clu[2]),
    ];
}

/// The features of word `i` that look at its neighbours.
#[inline]
pub fn context_features(infos: &[WordInfo], i: usize, out: &mut [u32; N_CONTEXT]) {
    let w = &infos[i];
    let (m2, m1, p1, p2) = (&infos[i - 2], &infos[i - 1], &infos[i + 1], &infos[i + 2]);
    *out = [
        key(11, m1.word),
        key(12, p1.word),
        key(13, m2.word),
        key(14, p2.word),
        key(16, m1.lex),
        key(17, p1.lex),
        key(18, m1.suf[2]),
        key(19, p1.suf[2]),
        key(20, mix(w.word, p1.word)),
        key(21, mix(m1.word, w.word)),
        key(23, mix(m1.word, p1.word)),
        key(24, p1.shape),
        key(25, mix(w.lex, p1.lex)),
        key(29, m1.clu[1]),
        key(30, p1.clu[1]),
    ];
}

/// What the tagger caches per distinct word: its integer view and the summed
/// weights of its [`own_features`].
pub type Cached = (WordInfo, [i32; 17]);

/// Distinct words seen while tagging, keyed by a 64-bit hash of their bytes;
/// cleared when it grows past [`CACHE_LIMIT`].
pub type WordCache = rustc_hash::FxHashMap<u64, Cached>;

/// The most words a [`WordCache`] keeps.
pub const CACHE_LIMIT: usize = 1 << 16;

/// Like [`sentence_infos`], through a cache: fills `infos` (padded) and
/// `own` (the own-feature scores of each word, unpadded). `score` sums the
/// weights of keys.
pub fn sentence_infos_cached<S: AsRef<str>>(
    words: &[S],
    names: &Names,
    scratch: &mut Scratch,
    cache: &mut WordCache,
    infos: &mut Vec<WordInfo>,
    own: &mut Vec<[i32; 17]>,
    score: impl Fn(&[u32]) -> [i32; 17],
) {
    if cache.len() > CACHE_LIMIT {
        cache.clear();
    }
    infos.clear();
    own.clear();
    infos.push(WordInfo::boundary(BOS));
    infos.push(WordInfo::boundary(BOS ^ 1));
    for w in words {
        let w = w.as_ref();
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for &b in w.as_bytes() {
            h = (h ^ b as u64).wrapping_mul(0x0000_0100_0000_01b3);
        }
        let (info, scores) = cache.entry(h).or_insert_with(|| {
            let info = word_info(w, names, scratch);
            let mut keys = [0u32; N_OWN];
            own_features(&info, &mut keys);
            (info, score(&keys))
        });
        infos.push(*info);
        own.push(*scores);
    }
    infos.push(WordInfo::boundary(EOS));
    infos.push(WordInfo::boundary(EOS ^ 1));
}

/// The features of word `i` that depend on the two previous tags.
#[inline]
pub fn dynamic_features(infos: &[WordInfo], i: usize, t1: u8, t2: u8, out: &mut [u32; N_DYNAMIC]) {
    let w = &infos[i];
    let (t1, t2) = (t1 as u64, t2 as u64);
    *out = [
        key(40, t1),
        key(41, t1 | t2 << 8),
        key(42, mix(t1, w.word)),
        key(43, mix(t1, w.suf[1])),
        key(44, mix(t1, infos[i + 1].word)),
    ];
}
