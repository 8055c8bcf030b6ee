//! Feature extraction for the tagger: every feature is a 32-bit hash of a
//! template id and integer values, computed without allocating.

use super::N_UPOS;
use crate::chars::ZWNJ;
use crate::hashing::{char_class, key, lexicon_bits, mix, suffix_hashes, BOS, EOS};
use crate::resources::Resources;

/// Number of features that do not depend on previous tags.
pub const N_STATIC: usize = 31;
/// Number of static features that depend on the word alone (see `own_features`).
pub const N_OWN: usize = 16;
/// Number of static features that depend on one neighbouring word alone
/// (see `neighbour_features`): 4 as the previous word, 5 as the next, 1
/// as the word two before, 1 as the word two after.
pub const N_NEIGHBOUR: usize = 11;
/// Number of static features that depend on two words at once (see `pair_features`).
pub const N_PAIR: usize = N_STATIC - N_OWN - N_NEIGHBOUR;
/// Number of features that depend on the previous tags.
pub const N_DYNAMIC: usize = 5;
/// The tag index used for "before the sentence".
pub const START_TAG: u8 = 31;

/// Hashes of name-gazetteer words (see `name_key`).
#[derive(Clone, Debug, Default)]
pub struct Names(crate::weights::KeyMap);

impl Names {
    /// Whether `key` is a name.
    #[inline]
    pub fn contains(&self, key: &u32) -> bool {
        self.0.get(key).is_some()
    }

    /// Adds `key`; false if it was there.
    pub fn insert(&mut self, key: u32) -> bool {
        let n = self.0.len();
        self.0.or_zero(key);
        self.0.len() > n
    }

    /// Makes room for `n` more keys.
    pub fn reserve(&mut self, n: usize) {
        self.0.reserve(n);
    }

    /// The number of keys.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The keys, in no particular order.
    pub fn iter(&self) -> impl Iterator<Item = &u32> + '_ {
        self.0.iter().map(|(k, _)| k)
    }
}

impl FromIterator<u32> for Names {
    fn from_iter<I: IntoIterator<Item = u32>>(iter: I) -> Names {
        let mut names = Names::default();
        for k in iter {
            names.insert(k);
        }
        names
    }
}

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

/// Per-word scratch space, reused across words.
#[derive(Default)]
pub struct Scratch {
    chars: Vec<char>,
    folded: String,
}

/// The integer view of one word.
pub fn word_info(res: Resources, w: &str, names: &Names, scratch: &mut Scratch) -> WordInfo {
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
    let suf: [u64; 4] = suffix_hashes(cs, 0x8422_2325_cbf2_9ce4);
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
    let lexicon = res.lexicon;
    let mut lex = lexicon_bits(lexicon, folded);
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
    let clu = match res.clusters.get(w).or_else(|| res.clusters.get(folded)) {
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
    res: Resources,
    words: &[S],
    names: &Names,
    scratch: &mut Scratch,
    out: &mut Vec<WordInfo>,
) {
    out.clear();
    out.push(WordInfo::boundary(BOS));
    out.push(WordInfo::boundary(BOS ^ 1));
    for w in words {
        out.push(word_info(res, w.as_ref(), names, scratch));
    }
    out.push(WordInfo::boundary(EOS));
    out.push(WordInfo::boundary(EOS ^ 1));
}

/// The features of word `i` (an index into the padded `infos`, so the first
/// word is 2) that do not depend on tags: [`own_features`], the
/// [`neighbour_features`] of the words around it, and [`pair_features`].
#[inline]
pub fn static_features(infos: &[WordInfo], i: usize, out: &mut [u32; N_STATIC]) {
    let (own, rest) = out.split_at_mut(N_OWN);
    own_features(&infos[i], own.try_into().expect("N_OWN keys"));
    let (neighbours, pairs) = rest.split_at_mut(N_NEIGHBOUR);
    let mut n = [[0u32; N_NEIGHBOUR]; 4];
    for (k, j) in [i - 1, i + 1, i - 2, i + 2].into_iter().enumerate() {
        neighbour_features(&infos[j], &mut n[k]);
    }
    // As the previous word: keys 0..4; as the next: 4..9; two before: 9; two after: 10.
    neighbours[..4].copy_from_slice(&n[0][..4]);
    neighbours[4..9].copy_from_slice(&n[1][4..9]);
    neighbours[9] = n[2][9];
    neighbours[10] = n[3][10];
    pair_features(infos, i, pairs.try_into().expect("N_PAIR keys"));
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

/// The features a word `n` gives its neighbours, by position: `out[..4]`
/// when `n` is the previous word, `out[4..9]` the next word, `out[9]` the
/// word two before, `out[10]` two after. Like [`own_features`], their
/// scores can be computed once per distinct word.
#[inline]
pub fn neighbour_features(n: &WordInfo, out: &mut [u32; N_NEIGHBOUR]) {
    *out = [
        key(11, n.word),
        key(16, n.lex),
        key(18, n.suf[2]),
        key(29, n.clu[1]),
        key(12, n.word),
        key(17, n.lex),
        key(19, n.suf[2]),
        key(24, n.shape),
        key(30, n.clu[1]),
        key(13, n.word),
        key(14, n.word),
    ];
}

/// Where each position's keys start and end in [`neighbour_features`]:
/// previous word, next word, two before, two after.
pub const NEIGHBOUR_RANGES: [std::ops::Range<usize>; 4] = [0..4, 4..9, 9..10, 10..11];

/// The features of word `i` that look at two words at once.
#[inline]
pub fn pair_features(infos: &[WordInfo], i: usize, out: &mut [u32; N_PAIR]) {
    let w = &infos[i];
    let (m1, p1) = (&infos[i - 1], &infos[i + 1]);
    *out = [
        key(20, mix(w.word, p1.word)),
        key(21, mix(m1.word, w.word)),
        key(23, mix(m1.word, p1.word)),
        key(25, mix(w.lex, p1.lex)),
    ];
}

/// What the tagger caches per distinct word: its integer view, the summed
/// weights of its [`own_features`], and of the [`neighbour_features`] it
/// gives the words around it (as previous word, next word, two before, two
/// after).
#[derive(Clone, Copy, Debug)]
pub struct Cached {
    /// The word's integer view.
    pub info: WordInfo,
    /// Scores of its own features.
    pub own: [i32; N_UPOS],
    /// Scores it gives its neighbours, by [`NEIGHBOUR_RANGES`].
    pub given: [[i32; N_UPOS]; 4],
}

/// Distinct words seen while tagging, keyed by a 64-bit hash of their bytes,
/// in two generations of at most [`CACHE_LIMIT`] words: when the new one is
/// full it becomes the old one (the old one is dropped), and a word found in
/// the old one moves to the new one. So the words in use stay, and the cache
/// never holds more than twice [`CACHE_LIMIT`] words (its memory is bounded:
/// two tables of 4,096 slots, about 3.5 MB).
#[derive(Default)]
pub struct WordCache {
    new: rustc_hash::FxHashMap<u64, Cached>,
    old: rustc_hash::FxHashMap<u64, Cached>,
}

/// The most words a generation of a [`WordCache`] keeps (a hash table of
/// 4,096 slots holds 3,584). Twice as many made tagging no faster and took
/// twice the memory (see the README's memory table).
pub const CACHE_LIMIT: usize = 3500;

impl WordCache {
    /// The cached view of the word hashed `key`, computed by `make` when absent.
    #[inline]
    fn get(&mut self, key: u64, make: impl FnOnce() -> Cached) -> Cached {
        if let Some(c) = self.new.get(&key) {
            return *c;
        }
        if self.new.len() >= CACHE_LIMIT {
            std::mem::swap(&mut self.new, &mut self.old);
            self.new.clear();
        }
        let c = match self.old.get(&key) {
            Some(c) => *c,
            None => make(),
        };
        self.new.insert(key, c);
        c
    }
}

fn cached(info: WordInfo, score: &impl Fn(&[u32]) -> [i32; N_UPOS]) -> Cached {
    let mut own = [0u32; N_OWN];
    own_features(&info, &mut own);
    let mut n = [0u32; N_NEIGHBOUR];
    neighbour_features(&info, &mut n);
    Cached {
        info,
        own: score(&own),
        given: NEIGHBOUR_RANGES.map(|r| score(&n[r])),
    }
}

/// Like [`sentence_infos`], through a cache: fills `out` with the cached
/// view of every word, padded by two boundary entries on each side. `score`
/// sums the weights of keys.
pub fn sentence_infos_cached<S: AsRef<str>>(
    res: Resources,
    words: &[S],
    names: &Names,
    scratch: &mut Scratch,
    cache: &mut WordCache,
    out: &mut Vec<Cached>,
    score: impl Fn(&[u32]) -> [i32; N_UPOS],
) {
    out.clear();
    // Boundaries are cached under their own hashes (no word hashes to them:
    // word hashes are `hashing::bytes_hash` of the bytes, boundary keys are fixed constants
    // that a collision would need 2^64 luck to meet).
    for b in [BOS, BOS ^ 1] {
        let c = cache.get(b, || cached(WordInfo::boundary(b), &score));
        out.push(c);
    }
    for w in words {
        let w = w.as_ref();
        let h = crate::hashing::bytes_hash(w.as_bytes());
        let c = cache.get(h, || cached(word_info(res, w, names, scratch), &score));
        out.push(c);
    }
    for b in [EOS, EOS ^ 1] {
        let c = cache.get(b, || cached(WordInfo::boundary(b), &score));
        out.push(c);
    }
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
