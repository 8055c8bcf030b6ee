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
        c if crate::chars::is_alphabetic(c) => 5,
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

/// A hash of a byte string for in-memory lookup tables: 8 bytes at a time
/// (much faster than FNV's byte at a time on Persian words of 8–20 bytes),
/// then a 64-bit finalizer. No file format depends on it.
#[inline]
pub(crate) fn bytes_hash(b: &[u8]) -> u64 {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut h = (b.len() as u64).wrapping_mul(K);
    let mut chunks = b.chunks_exact(8);
    for c in &mut chunks {
        let v = u64::from_le_bytes([c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7]]);
        h = (h.rotate_left(23) ^ v).wrapping_mul(K);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        let mut buf = [0u8; 8];
        buf[..rest.len()].copy_from_slice(rest);
        h = (h.rotate_left(23) ^ u64::from_le_bytes(buf)).wrapping_mul(K);
    }
    h ^= h >> 31;
    h = h.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    h ^ (h >> 29)
}

/// Distinct words numbered in the order given, in one buffer, with an
/// open-addressing table from a word to its number: no allocation per word
/// to build or to look up.
#[derive(Clone, Debug, Default)]
pub(crate) struct WordIndex {
    /// All words, concatenated.
    text: String,
    /// Word `i` is `text[ends[i - 1]..ends[i]]` (`ends[-1]` = 0).
    ends: Vec<u32>,
    /// `(high 32 bits of the hash, number + 1)`; 0 marks an empty slot.
    /// At most half full.
    table: Vec<(u32, u32)>,
}

impl WordIndex {
    /// An empty index sized for `n` words.
    pub(crate) fn with_capacity(n: usize, text_bytes: usize) -> WordIndex {
        WordIndex {
            text: String::with_capacity(text_bytes),
            ends: Vec::with_capacity(n),
            table: vec![(0, 0); (n * 2).next_power_of_two().max(16)],
        }
    }

    /// Adds `word` as the next number; false (and nothing added) if it is
    /// there already or the index is full (more than 2^31 words or 4 GB).
    pub(crate) fn push(&mut self, word: &str) -> bool {
        if (self.ends.len() + 1) * 2 > self.table.len() {
            if self.ends.len() >= 1 << 30 {
                return false;
            }
            self.grow();
        }
        if self.text.len() + word.len() > u32::MAX as usize {
            return false;
        }
        let h = bytes_hash(word.as_bytes());
        let (tag, mask) = ((h >> 32) as u32, self.table.len() - 1);
        let mut slot = h as usize & mask;
        loop {
            let (t, i) = self.table[slot];
            if i == 0 {
                break;
            }
            if t == tag && self.word(i as usize - 1) == word {
                return false;
            }
            slot = (slot + 1) & mask;
        }
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
        self.table[slot] = (tag, self.ends.len() as u32);
        true
    }

    fn grow(&mut self) {
        let mut bigger = vec![(0, 0); self.table.len() * 2];
        let mask = bigger.len() - 1;
        for i in 0..self.ends.len() {
            let h = bytes_hash(self.word(i).as_bytes());
            let mut slot = h as usize & mask;
            while bigger[slot].1 != 0 {
                slot = (slot + 1) & mask;
            }
            bigger[slot] = ((h >> 32) as u32, i as u32 + 1);
        }
        self.table = bigger;
    }

    /// The number of words.
    pub(crate) fn len(&self) -> usize {
        self.ends.len()
    }

    /// Word number `i` (`""` past the end).
    pub(crate) fn word(&self, i: usize) -> &str {
        let start = match i.checked_sub(1) {
            None => 0,
            Some(j) => self.ends.get(j).map_or(0, |&e| e as usize),
        };
        self.ends
            .get(i)
            .and_then(|&end| self.text.get(start..end as usize))
            .unwrap_or("")
    }

    /// The number of `word`, if it is there.
    #[inline]
    pub(crate) fn get(&self, word: &str) -> Option<u32> {
        let h = bytes_hash(word.as_bytes());
        let (tag, mask) = ((h >> 32) as u32, self.table.len() - 1);
        let mut slot = h as usize & mask;
        loop {
            let (t, i) = self.table[slot];
            if i == 0 {
                return None;
            }
            if t == tag && self.word(i as usize - 1) == word {
                return Some(i - 1);
            }
            slot = (slot + 1) & mask;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn word_index_numbers_words() {
        let words: Vec<String> = (0..3000).map(|i| format!("واژه{i}")).collect();
        // Too small at first: it grows.
        let mut index = WordIndex::with_capacity(1, 0);
        for w in &words {
            assert!(index.push(w));
        }
        assert!(!index.push("واژه17"));
        assert!(index.push(""));
        assert_eq!(index.len(), 3001);
        for (i, w) in words.iter().enumerate() {
            assert_eq!(index.get(w), Some(i as u32));
            assert_eq!(index.word(i), w);
        }
        assert_eq!(index.get(""), Some(3000));
        assert_eq!(index.get("واژه"), None);
        assert_eq!(index.word(5000), "");
    }
}
