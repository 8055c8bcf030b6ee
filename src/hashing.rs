//! Feature hashing shared by the tagger and the entity recognizer: 64-bit
//! mixing, 32-bit feature keys, char classes and the lexicon's tags as bits.
//! Both models were trained with exactly these functions; changing one
//! changes every feature key (retrain both).

use crate::chars::ZWNJ;
use crate::lexicon::{Lexicon, WordTags};

/// The hashed stand-ins for the words before a sentence's start and after
/// its end (the models pad each sentence with these, `BOS ^ 1` and so on).
pub(crate) const BOS: u64 = 0x1234_5678_9abc_def1;
pub(crate) const EOS: u64 = 0x0fed_cba9_8765_4321;

/// Mixes two 64-bit values (splitmix64 finalizer over a combination).
#[inline]
pub(crate) fn mix(a: u64, b: u64) -> u64 {
    let mut z = a ^ b.wrapping_add(0x9E37_79B9_7F4A_7C15).wrapping_add(a << 6);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// The 32-bit key of feature template `template` with value `v`.
#[inline]
pub(crate) fn key(template: u64, v: u64) -> u32 {
    (mix(template.wrapping_mul(0xD6E8_FEB8_6659_FD93), v) >> 32) as u32
}

/// The class of a folded char for word shapes: 1 digit, 2 Latin, 3 ZWNJ,
/// 4 Arabic-script letter, 5 other letter, 6 punctuation, 7 anything else.
pub(crate) fn char_class(c: char) -> u64 {
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

/// The lexicon's coarse tags of a word as bits (64 if unknown, +128 if a stopword).
pub(crate) fn lexicon_bits(lexicon: &Lexicon, w: &str) -> u64 {
    let mut lex: u64 = match lexicon.tags(w) {
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
    if lexicon.is_stopword(w) {
        lex |= 128;
    }
    lex
}

/// FNV-1a hashes of a word's last 1, 2, ... `N` chars (`cs` folded), chained
/// from `seed`; a word shorter than `N` chars fills the rest with the hash of
/// the whole word ^ 0xaa.
#[inline]
pub(crate) fn suffix_hashes<const N: usize>(cs: &[char], seed: u64) -> [u64; N] {
    let mut suf = [0u64; N];
    let mut s = seed;
    for (i, &c) in cs.iter().rev().take(N).enumerate() {
        s = (s ^ c as u64).wrapping_mul(0x0000_0100_0000_01b3);
        suf[i] = s;
    }
    for x in suf.iter_mut().skip(cs.len().min(N)) {
        *x = s ^ 0xaa;
    }
    suf
}
