//! Hierarchical (Brown-style) word clusters learned from unlabeled Persian
//! text, as features for the tagger and the entity recognizer.
//!
//! Every known word has a `Path`: its position in a binary tree whose
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
//! let clusters = parsi::Analyzer::shared().unwrap().clusters();
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
//! Loading decodes the words into one byte buffer (validated as UTF-8 once)
//! and builds an open-addressing table of 16-byte slots (hash tag, word
//! offset and length, class); a lookup hashes the word 8 bytes at a time,
//! probes the table and compares the bytes: exact, no allocation.

use crate::error::{Error, Result};
use crate::hashing::bytes_hash as hash;
use crate::model::{self, Reader, Writer};
use std::fmt;

/// The magic bytes that open a clusters model file.
pub const MAGIC: &[u8; 8] = b"PARSICLU";

/// The version of the word-cluster model body this build reads and writes.
pub const VERSION: u32 = 1;

/// The longest path a model may hold, in bits.
pub const MAX_PATH_LEN: u8 = 63;

/// The embedded clusters (`models/clusters.bin`), the default [`crate::Analyzer`]'s.
pub static EMBEDDED: &[u8] = include_bytes!("../models/clusters.bin");

/// The embedded word-vector classes (`models/classes.bin`, built by `parsi
/// build classes`): the same format, a tree of spherical k-means classes of
/// skip-gram word vectors instead of Brown merges.
pub static CLASSES: &[u8] = include_bytes!("../models/classes.bin");

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

/// Word clusters: words, each with a `Path` in the cluster tree.
#[derive(Clone, Debug)]
pub struct Clusters {
    /// Per class, in path order.
    paths: Vec<Path>,
    /// Per class, its first word index (`class_start[c]..class_start[c + 1]`).
    class_start: Vec<u32>,
    /// All words, concatenated (valid UTF-8, every word on a char boundary).
    text: Vec<u8>,
    /// Word `i` is `text[ends[i - 1]..ends[i]]` (`ends[-1]` = 0).
    ends: Vec<u32>,
    /// Open addressing, linear probing, at most two thirds full
    /// (the embedded clusters: about half); `len == 0` marks
    /// an empty slot (no word is empty).
    table: Vec<Slot>,
}

/// One word in the lookup table: everything a hit needs in one place.
#[derive(Clone, Copy, Debug, Default)]
struct Slot {
    /// The high 32 bits of the word's hash.
    tag: u32,
    /// Where the word starts in `text`.
    start: u32,
    /// The word's length in bytes (0: empty slot).
    len: u32,
    /// The word's class.
    class: u32,
}

fn invalid(msg: impl Into<String>) -> Error {
    Error::InvalidModel(msg.into())
}

impl Clusters {
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
                let w = w.as_ref().as_bytes();
                if w.is_empty() {
                    return Err(invalid("an empty word in the clusters"));
                }
                c.text.extend_from_slice(w);
                c.end_word()?;
            }
        }
        c.finish(false)?;
        Ok(c)
    }

    /// No clusters: every word is unknown.
    pub fn empty() -> Clusters {
        Clusters {
            paths: Vec::new(),
            class_start: Vec::new(),
            text: Vec::new(),
            ends: Vec::new(),
            table: Vec::new(),
        }
    }

    fn end_word(&mut self) -> Result<()> {
        if self.text.len() > u32::MAX as usize || self.ends.len() >= u32::MAX as usize {
            return Err(invalid("cluster words exceed 4 GB"));
        }
        self.ends.push(self.text.len() as u32);
        Ok(())
    }

    /// Closes the class list, checks the text (unless `trusted`: the
    /// embedded files, checked by the test suite) and builds the lookup table.
    fn finish(&mut self, trusted: bool) -> Result<()> {
        if !trusted && std::str::from_utf8(&self.text).is_err() {
            return Err(invalid("a word is not UTF-8"));
        }
        self.class_start.push(self.ends.len() as u32);
        let n = self.ends.len();
        let cap = (n + n / 2).next_power_of_two().max(16);
        self.table = vec![Slot::default(); cap];
        let mask = cap - 1;
        for class in 0..self.paths.len() {
            self.index_class(class, mask)?;
        }
        Ok(())
    }

    /// Puts the words of `class` into the table (of `mask + 1` slots). Never
    /// inlined, as [`Clusters::read_words`].
    #[inline(never)]
    fn index_class(&mut self, class: usize, mask: usize) -> Result<()> {
        for i in self.class_start[class] as usize..self.class_start[class + 1] as usize {
            let start = if i == 0 { 0 } else { self.ends[i - 1] };
            let end = self.ends[i];
            let w = &self.text[start as usize..end as usize];
            let h = hash(w);
            let tag = (h >> 32) as u32;
            let mut slot = h as usize & mask;
            loop {
                let s = self.table[slot];
                if s.len == 0 {
                    self.table[slot] = Slot {
                        tag,
                        start,
                        len: end - start,
                        class: class as u32,
                    };
                    break;
                }
                if s.tag == tag && self.slot_word(s) == w {
                    return Err(invalid(format!(
                        "the word {:?} is in two classes",
                        String::from_utf8_lossy(w)
                    )));
                }
                slot = (slot + 1) & mask;
            }
        }
        Ok(())
    }

    #[inline]
    fn slot_word(&self, s: Slot) -> &[u8] {
        &self.text[s.start as usize..(s.start + s.len) as usize]
    }

    fn word(&self, i: usize) -> &str {
        let start = if i == 0 { 0 } else { self.ends[i - 1] as usize };
        // Checked in `finish`: the text is UTF-8 and every word starts on
        // a char boundary (so ends on one too).
        std::str::from_utf8(&self.text[start..self.ends[i] as usize]).unwrap_or("")
    }

    /// Parses a model; damaged, truncated or foreign bytes are an
    /// [`Error::InvalidModel`].
    pub fn from_bytes(bytes: &[u8]) -> Result<Clusters> {
        let body = model::unwrap(MAGIC, VERSION, "clusters", bytes)?;
        let mut r = Reader::new(body);
        // A class takes at least 3 bytes (length, bits, word count).
        let n_classes = r.count(3)?;
        if n_classes > u16::MAX as usize + 1 {
            return Err(invalid("more than 65,536 classes"));
        }
        let mut c = Clusters::empty();
        c.paths.reserve(n_classes);
        c.class_start.reserve(n_classes + 1);
        c.text.reserve(body.len() * 2);
        for i in 0..n_classes {
            let len = r.u8()?;
            let bits = r.var()?;
            c.paths.push(Path::new(bits, len, i as u16)?);
            c.class_start.push(c.ends.len() as u32);
            // A word takes at least 2 bytes (shared length, suffix length).
            let n_words = r.count(2)?;
            c.read_words(&mut r, n_words)?;
        }
        r.finish()?;
        // Give back what the estimate reserved beyond the words.
        c.text.shrink_to_fit();
        c.finish(model::is_embedded(bytes))?;
        Ok(c)
    }

    /// Reads the `n_words` front-coded words of a class. Never inlined: in
    /// a browser, WebAssembly runs first as a baseline compiler's code, and
    /// a hot function is recompiled optimized only for its later calls, so
    /// one loop over every class would run unoptimized from start to end.
    #[inline(never)]
    fn read_words(&mut self, r: &mut Reader, n_words: usize) -> Result<()> {
        self.ends.reserve(n_words);
        // The previous word of the class, as a range of `text`.
        let (mut prev, mut prev_len) = (0usize, 0usize);
        for _ in 0..n_words {
            let shared = r.var()?;
            if shared > prev_len as u64 {
                return Err(invalid("front coding shares more than the previous word"));
            }
            let shared = shared as usize;
            let n = r.var()?;
            if n > r.remaining() as u64 {
                return Err(invalid("truncated word"));
            }
            let rest = r.take(n as usize)?;
            let start = self.text.len();
            self.text.extend_from_within(prev..prev + shared);
            self.text.extend_from_slice(rest);
            match self.text.get(start) {
                None => return Err(invalid("an empty word in the clusters")),
                // A word must start on a char boundary.
                Some(&b) if b & 0xC0 == 0x80 => return Err(invalid("a word is not UTF-8")),
                _ => {}
            }
            self.end_word()?;
            (prev, prev_len) = (start, self.text.len() - start);
        }
        Ok(())
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
        model::wrap(MAGIC, VERSION, &w.buf)
    }

    /// The path of `word` (as [`crate::Document::norm`] gives it), if the
    /// clusters know it. Exact match; no allocation.
    #[inline]
    pub fn get(&self, word: &str) -> Option<Path> {
        let w = word.as_bytes();
        let h = hash(w);
        let tag = (h >> 32) as u32;
        let mask = self.table.len() - 1;
        let mut slot = h as usize & mask;
        loop {
            let s = self.table[slot];
            if s.len == 0 {
                return None;
            }
            if s.tag == tag && s.len as usize == w.len() && self.slot_word(s) == w {
                return self.paths.get(s.class as usize).copied();
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
