//! Hierarchical (Brown-style) word clusters learned from unlabeled Persian
//! text, as features for the tagger and the entity recognizer.
//!
//! Every known word has a [`Path`]: its position in a binary tree whose
//! leaves are word classes. Words whose paths share a long prefix occur in
//! similar contexts, so prefixes of several lengths (e.g. 4, 6, 10, 16 bits)
//! are features that generalize to words the labeled data never saw.
//!
//! The clusters are built by `parsi build clusters` (exchange algorithm over
//! a class bigram model, then bottom-up merging of the classes by least loss
//! of mutual information) from words as [`crate::Document::norm`] gives them,
//! and stored in the container of [`crate::model`] with magic `PARSICLU`.
//!
//! ```
//! use parsi::clusters::Clusters;
//!
//! let clusters = Clusters::default_model().unwrap();
//! let path = clusters.get("ایران").unwrap();
//! assert!(path.len() >= 4);
//! // Feature values: the first 4 and 10 bits, each with its length marked.
//! let (p4, p10) = (path.prefix(4), path.prefix(10));
//! assert_ne!(p4, p10);
//! assert!(clusters.get("کلمه‌ای‌که‌نیست").is_none());
//! ```
//!
//! Body layout (after the container header):
//!
//! ```text
//! n_classes  varint
//! per class, in path order:
//!   path_len  u8 (at most 63)
//!   path_bits varint (the low path_len bits; the first step is the highest)
//!   n_words   varint
//!   words     front-coded: varint shared-prefix bytes with the previous
//!             word of the class, then the rest as a string
//! ```
//!
//! Loading decodes the words into one string and builds an open-addressing
//! table from a 64-bit FNV-1a hash of the word to its index; a lookup hashes
//! the word, probes the table and compares the bytes (exact, no allocation).

use crate::error::{Error, Result};
use crate::model::{self, fnv1a64, Reader, Writer};
use std::fmt;
use std::sync::OnceLock;

/// The magic bytes that open a clusters model file.
pub const MAGIC: &[u8; 8] = b"PARSICLU";

/// The longest path a model may hold, in bits.
pub const MAX_PATH_LEN: u8 = 63;

static DEFAULT_MODEL: &[u8] = include_bytes!("../models/clusters.bin");

/// A word's position in the cluster tree: a bit string from the root
/// (`0` = left) down to the word's class, and the class index.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Path {
    bits: u64,
    len: u8,
    class: u16,
}

impl Path {
    /// A path of `len` bits (at most [`MAX_PATH_LEN`]) held in the low bits of
    /// `bits`, the first step the highest; `class` is the leaf's index.
    pub fn new(bits: u64, len: u8, class: u16) -> Result<Path> {
        if len > MAX_PATH_LEN || (len < 64 && bits >> len != 0) {
            return Err(Error::InvalidModel(format!(
                "bad cluster path: {len} bits, value {bits:#x}"
            )));
        }
        Ok(Path { bits, len, class })
    }

    /// The path's bits: the low [`Path::len`] bits, the first step (from the
    /// root) the most significant.
    pub fn bits(&self) -> u64 {
        self.bits
    }

    /// The number of bits (the depth of the word's class in the tree).
    #[allow(clippy::len_without_is_empty)]
    pub fn len(&self) -> u8 {
        self.len
    }

    /// The index of the word's class (the tree's leaf), `0..n_classes`;
    /// classes are numbered in path order, so near indexes are near in the
    /// tree. Equal classes mean equal full paths.
    pub fn class(&self) -> u16 {
        self.class
    }

    /// The first `n` bits of the path as a feature value. `n` is clamped to
    /// 31 and to the path's length; the value carries a leading `1` above the
    /// bits, so prefixes of different lengths never collide: the prefix of
    /// `011` is `0b1011`, of `0110` is `0b10110` (as in Brown-cluster features,
    /// a path shorter than `n` stands for itself).
    #[inline]
    pub fn prefix(&self, n: u8) -> u32 {
        let m = n.min(self.len).min(31);
        let top = if m == 0 {
            0
        } else {
            (self.bits >> (self.len - m)) as u32
        };
        (1u32 << m) | top
    }
}

impl fmt::Display for Path {
    /// The path as `0`s and `1`s, from the root.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for i in (0..self.len).rev() {
            f.write_str(if self.bits >> i & 1 == 1 { "1" } else { "0" })?;
        }
        Ok(())
    }
}

/// Word clusters: words, each with a [`Path`] in the cluster tree.
#[derive(Clone, Debug)]
pub struct Clusters {
    /// Per class, in path order.
    paths: Vec<Path>,
    /// Per class, its first word index (`class_start[c]..class_start[c + 1]`).
    class_start: Vec<u32>,
    /// All words, concatenated.
    text: String,
    /// Word `i` is `text[ends[i - 1]..ends[i]]` (`ends[-1]` = 0).
    ends: Vec<u32>,
    /// Class of each word.
    class_of: Vec<u16>,
    /// Open addressing: `(high 32 bits of the hash, word index + 1)`; 0 = empty.
    table: Vec<(u32, u32)>,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidModel(msg.into())
}

impl Clusters {
    /// The embedded model, parsed on first use.
    pub fn default_model() -> Result<&'static Clusters> {
        static CLUSTERS: OnceLock<Result<Clusters>> = OnceLock::new();
        CLUSTERS
            .get_or_init(|| Clusters::from_bytes(DEFAULT_MODEL))
            .as_ref()
            .map_err(Clone::clone)
    }

    /// Builds clusters from classes given in path order, each with its path
    /// (the class index is its position) and its words. Fails on a duplicate
    /// word, an empty word, a bad path or more than 65,536 classes.
    pub fn from_classes<S: AsRef<str>>(classes: &[(u64, u8, Vec<S>)]) -> Result<Clusters> {
        if classes.len() > u16::MAX as usize + 1 {
            return Err(invalid("more than 65,536 classes"));
        }
        let mut c = Clusters::empty();
        for (i, (bits, len, words)) in classes.iter().enumerate() {
            c.paths.push(Path::new(*bits, *len, i as u16)?);
            c.class_start.push(c.ends.len() as u32);
            for w in words {
                c.push_word(w.as_ref(), i as u16)?;
            }
        }
        c.finish()?;
        Ok(c)
    }

    fn empty() -> Clusters {
        Clusters {
            paths: Vec::new(),
            class_start: Vec::new(),
            text: String::new(),
            ends: Vec::new(),
            class_of: Vec::new(),
            table: Vec::new(),
        }
    }

    fn push_word(&mut self, w: &str, class: u16) -> Result<()> {
        if w.is_empty() {
            return Err(invalid("an empty word in the clusters"));
        }
        self.text.push_str(w);
        if self.text.len() > u32::MAX as usize {
            return Err(invalid("cluster words exceed 4 GB"));
        }
        self.ends.push(self.text.len() as u32);
        self.class_of.push(class);
        Ok(())
    }

    /// Closes the class list and builds the lookup table.
    fn finish(&mut self) -> Result<()> {
        self.class_start.push(self.ends.len() as u32);
        let n = self.ends.len();
        let cap = (n * 2).next_power_of_two().max(16);
        self.table = vec![(0, 0); cap];
        let mask = cap - 1;
        for i in 0..n {
            let w = self.word(i);
            let h = fnv1a64(w.as_bytes());
            let mut slot = h as usize & mask;
            loop {
                let (tag, idx) = self.table[slot];
                if idx == 0 {
                    self.table[slot] = ((h >> 32) as u32, i as u32 + 1);
                    break;
                }
                if tag == (h >> 32) as u32 && self.word(idx as usize - 1) == w {
                    return Err(invalid(format!("the word {w:?} is in two classes")));
                }
                slot = (slot + 1) & mask;
            }
        }
        Ok(())
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        &self.text[start..self.ends[i] as usize]
    }

    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters> {
        let body = model::unwrap(MAGIC, "clusters", bytes)?;
        let mut r = Reader::new(body);
        // A class takes at least 3 bytes (length, bits, word count).
        let n_classes = r.count(3)?;
        if n_classes > u16::MAX as usize + 1 {
            return Err(invalid("more than 65,536 classes"));
        }
        let mut c = Clusters::empty();
        c.paths.reserve(n_classes);
        c.class_start.reserve(n_classes + 1);
        let mut prev: Vec<u8> = Vec::new();
        for i in 0..n_classes {
            let len = r.u8()?;
            let bits = r.var()?;
            c.paths.push(Path::new(bits, len, i as u16)?);
            c.class_start.push(c.ends.len() as u32);
            // A word takes at least 2 bytes (shared length, suffix length).
            let n_words = r.count(2)?;
            prev.clear();
            for _ in 0..n_words {
                let shared = r.var()?;
                if shared > prev.len() as u64 {
                    return Err(invalid("front coding shares more than the previous word"));
                }
                let rest = r.str()?;
                prev.truncate(shared as usize);
                prev.extend_from_slice(rest.as_bytes());
                let w = std::str::from_utf8(&prev).map_err(|_| invalid("a word is not UTF-8"))?;
                c.push_word(w, i as u16)?;
            }
        }
        r.finish()?;
        c.finish()?;
        Ok(c)
    }

    /// Serializes the clusters (the inverse of [`Clusters::from_bytes`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer::default();
        w.var(self.paths.len() as u64);
        for (c, p) in self.paths.iter().enumerate() {
            w.u8(p.len);
            w.var(p.bits);
            let words = self.class_start[c] as usize..self.class_start[c + 1] as usize;
            w.var(words.len() as u64);
            let mut prev = "";
            for i in words {
                let word = self.word(i);
                let shared = common_prefix(prev, word);
                w.var(shared as u64);
                w.str(&word[shared..]);
                prev = word;
            }
        }
        model::wrap(MAGIC, &w.buf)
    }

    /// The path of `word` (as [`crate::Document::norm`] gives it), if the
    /// clusters know it. Exact match; no allocation.
    #[inline]
    pub fn get(&self, word: &str) -> Option<Path> {
        let h = fnv1a64(word.as_bytes());
        let tag = (h >> 32) as u32;
        let mask = self.table.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            let (t, idx) = self.table[slot];
            if idx == 0 {
                return None;
            }
            if t == tag && self.word(idx as usize - 1) == word {
                return Some(self.paths[self.class_of[idx as usize - 1] as usize]);
            }
            slot = (slot + 1) & mask;
        }
    }

    /// The number of words.
    pub fn len(&self) -> usize {
        self.ends.len()
    }

    /// Whether there are no words.
    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    /// The number of classes (leaves of the tree).
    pub fn n_classes(&self) -> usize {
        self.paths.len()
    }

    /// The path of class `class`, if it exists.
    pub fn class_path(&self, class: u16) -> Option<Path> {
        self.paths.get(class as usize).copied()
    }

    /// The words of class `class`, most frequent in the training text first.
    pub fn class_words(&self, class: u16) -> impl Iterator<Item = &str> + '_ {
        let c = class as usize;
        let range = if c < self.paths.len() {
            self.class_start[c] as usize..self.class_start[c + 1] as usize
        } else {
            0..0
        };
        range.map(move |i| self.word(i))
    }
}

fn common_prefix(a: &str, b: &str) -> usize {
    let n = a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count();
    // Stay on a char boundary so the rest is a valid string.
    (0..=n).rev().find(|&i| b.is_char_boundary(i)).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes_mark_their_length() {
        let p = Path::new(0b011, 3, 0).unwrap();
        assert_eq!(p.prefix(4), 0b1011);
        assert_eq!(p.prefix(2), 0b101);
        assert_eq!(p.prefix(0), 1);
        let q = Path::new(0b0110, 4, 1).unwrap();
        assert_eq!(q.prefix(4), 0b10110);
        assert_eq!(q.prefix(3), p.prefix(3));
        assert_eq!(q.to_string(), "0110");
        let long = Path::new(u64::MAX >> 1, 63, 2).unwrap();
        assert_eq!(long.prefix(40), u32::MAX);
        assert!(Path::new(0b100, 2, 0).is_err());
        assert!(Path::new(0, 64, 0).is_err());
    }
}
