//! The embedded Persian lexicon: verb stems, known words with coarse tags,
//! ZWNJ compounds, abbreviations and stop words.
//!
//! The files under `models/lexicon/` are generated from the hazm lexicon
//! (MIT licence) by `parsi build lexicon` and committed; nothing here reads
//! `../shared/data` at run time. They are parsed once, on first use.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::OnceLock;

/// Coarse tags of a known word (a bit set over hazm's tag names).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WordTags(u16);

impl WordTags {
    /// Noun.
    pub const NOUN: u16 = 1;
    /// Adjective.
    pub const ADJ: u16 = 2;
    /// Adverb.
    pub const ADV: u16 = 4;
    /// Verb.
    pub const VERB: u16 = 8;
    /// Function words: prepositions, conjunctions, pronouns, determiners.
    pub const FUNCTION: u16 = 16;
    /// Numbers and other tags.
    pub const OTHER: u16 = 32;

    fn parse(tags: &str) -> WordTags {
        let mut bits = 0;
        for t in tags.split(',') {
            bits |= match t {
                "N" | "PL" => Self::NOUN,
                "AJ" | "AJC" => Self::ADJ,
                "ADV" => Self::ADV,
                "V" => Self::VERB,
                "P" | "POSTP" | "CONJ" | "PR" | "PRO" | "DET" | "CL" | "PS" => Self::FUNCTION,
                _ => Self::OTHER,
            };
        }
        WordTags(bits)
    }

    /// The tags of both.
    pub fn union(self, other: WordTags) -> WordTags {
        WordTags(self.0 | other.0)
    }

    /// True if any of the bits in `mask` is set.
    pub fn has(self, mask: u16) -> bool {
        self.0 & mask != 0
    }
}

/// The lexicon, parsed from the embedded files.
pub struct Lexicon {
    words: FxHashMap<&'static str, WordTags>,
    /// For the first part (up to the first ZWNJ) of every compound, the sorted rests.
    compound_heads: FxHashMap<&'static str, Vec<&'static str>>,
    /// A 64K-bit filter over [`head_key`] of the compound heads: most words are
    /// ruled out without hashing them.
    head_filter: Vec<u64>,
    /// A 1M-bit filter over [`pair_key`]: a compound's first part with the first
    /// two chars of what follows its first ZWNJ.
    rest_filter: Vec<u64>,
    stems: FxHashSet<&'static str>,
    abbreviations: FxHashSet<&'static str>,
    stopwords: FxHashSet<&'static str>,
    /// The longest abbreviation, in chars.
    max_abbreviation_chars: usize,
    /// What the dotted abbreviations write before their first dot (`ه` of `ه.ش`).
    abbreviation_heads: FxHashSet<&'static str>,
    /// The longest of them, in chars.
    max_abbreviation_head_chars: usize,
}

const WORDS: &str = include_str!("../models/lexicon/words.tsv");
const COMPOUNDS: &str = include_str!("../models/lexicon/compounds.txt");
const VERBS: &str = include_str!("../models/lexicon/verbs.txt");
const ABBREVIATIONS: &str = include_str!("../models/lexicon/abbreviations.txt");
const STOPWORDS: &str = include_str!("../models/lexicon/stopwords.txt");

/// The lines of `s`, trimmed, without empty ones and `##` comments. (Split
/// with a plain byte loop, as are the columns of `words.tsv`: the lexicon is
/// parsed at the first call, and this is faster than `str::lines` and
/// `str::splitn` with their general searchers.)
fn lines(s: &'static str) -> impl Iterator<Item = &'static str> {
    let mut rest = s;
    std::iter::from_fn(move || {
        while !rest.is_empty() {
            let (line, after) = split_at_byte(rest, b'\n').unwrap_or((rest, ""));
            rest = after;
            let line = line.trim();
            if !line.is_empty() && !line.starts_with("##") {
                return Some(line);
            }
        }
        None
    })
}

/// `s` before and after its first `byte` (an ASCII byte), if it has one.
fn split_at_byte(s: &str, byte: u8) -> Option<(&str, &str)> {
    let i = s.as_bytes().iter().position(|&b| b == byte)?;
    Some((&s[..i], &s[i + 1..]))
}

/// The words of `words.tsv` and their tags. The file is front-coded (a
/// third smaller, and a quarter once gzip-compressed, as the `.wasm` is
/// served): each line is `shared \t rest \t tags`, the word being the first
/// `shared` chars of the previous word followed by `rest`. The words are
/// spelled out once into one buffer that lives as long as the process (the
/// lexicon is parsed once, by [`Lexicon::embedded`]).
fn front_coded_words(text: &'static str) -> impl Iterator<Item = (&'static str, WordTags)> {
    let mut buf = String::with_capacity(text.len() + text.len() / 2);
    // About 12 bytes a line.
    let mut entries: Vec<(usize, usize, WordTags)> = Vec::with_capacity(text.len() / 12);
    let mut word = String::new();
    // The tag column last parsed: consecutive words often share it.
    let mut last_tags = ("", WordTags::default());
    for l in lines(text) {
        let Some((shared, l)) = split_at_byte(l, b'\t') else {
            continue;
        };
        let Some((rest, tags)) = split_at_byte(l, b'\t') else {
            continue;
        };
        let Ok(shared) = shared.parse::<usize>() else {
            continue;
        };
        // The byte where the previous word's `shared`-th char starts (its end if it is shorter).
        let cut = word
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b & 0xC0 != 0x80)
            .nth(shared)
            .map_or(word.len(), |(i, _)| i);
        word.truncate(cut);
        word.push_str(rest);
        if last_tags.0 != tags {
            last_tags = (tags, WordTags::parse(tags));
        }
        let start = buf.len();
        buf.push_str(&word);
        entries.push((start, buf.len(), last_tags.1));
    }
    let buf: &'static str = Box::leak(buf.into_boxed_str());
    entries
        .into_iter()
        .map(move |(a, b, tags)| (&buf[a..b], tags))
}

/// A 16-bit key of a word from its first and last chars and its length in chars.
fn head_key(first: char, last: char, chars: usize) -> usize {
    let x = (first as u32).wrapping_mul(0x9E37_79B9)
        ^ (last as u32).wrapping_mul(0x85EB_CA6B)
        ^ (chars as u32).wrapping_mul(0xC2B2_AE35);
    ((x ^ (x >> 16)) & 0xFFFF) as usize
}

const PAIR_FILTER_WORDS: usize = 1 << 14;

/// A 20-bit key of a compound's first part (its [`head_key`]) and the first two
/// chars of the rest.
fn pair_key(head: usize, a: char, b: char) -> usize {
    let x = (head as u32).wrapping_mul(0x27D4_EB2F)
        ^ (a as u32).wrapping_mul(0x9E37_79B9)
        ^ (b as u32).wrapping_mul(0x85EB_CA6B);
    ((x ^ (x >> 15)) & 0xF_FFFF) as usize
}

fn str_key(w: &str) -> usize {
    head_key(
        w.chars().next().unwrap_or(' '),
        w.chars().next_back().unwrap_or(' '),
        w.chars().count(),
    )
}

impl std::fmt::Debug for Lexicon {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Lexicon")
            .field("words", &self.words.len())
            .field("stems", &self.stems.len())
            .finish_non_exhaustive()
    }
}

impl Lexicon {
    /// The embedded lexicon (from hazm), parsed on first use. The pipeline
    /// never calls this: an [`crate::Analyzer`] holds its lexicon and passes it down.
    pub fn embedded() -> &'static Lexicon {
        static LEXICON: OnceLock<Lexicon> = OnceLock::new();
        LEXICON.get_or_init(Lexicon::parse)
    }

    fn parse() -> Lexicon {
        let words = front_coded_words(WORDS).collect();
        let mut stems = FxHashSet::default();
        for l in lines(VERBS) {
            if let Some((past, present)) = l.split_once('#') {
                stems.extend([past, present].into_iter().filter(|s| !s.is_empty()));
            }
        }
        let abbreviations: FxHashSet<&str> = lines(ABBREVIATIONS).collect();
        let max_abbreviation_chars = abbreviations
            .iter()
            .map(|a| a.chars().count())
            .max()
            .unwrap_or(0);
        let abbreviation_heads: FxHashSet<&str> = abbreviations
            .iter()
            .filter_map(|a| a.split_once('.').map(|(head, _)| head))
            .collect();
        let max_abbreviation_head_chars = abbreviation_heads
            .iter()
            .map(|h| h.chars().count())
            .max()
            .unwrap_or(0);
        let mut compound_heads: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
        for c in lines(COMPOUNDS) {
            if let Some((head, rest)) = c.split_once('\u{200C}') {
                compound_heads.entry(head).or_default().push(rest);
            }
        }
        let mut head_filter = vec![0u64; 1024];
        let mut rest_filter = vec![0u64; PAIR_FILTER_WORDS];
        for (h, rests) in compound_heads.iter_mut() {
            rests.sort_unstable();
            let hk = str_key(h);
            for r in rests.iter() {
                let mut cs = r.chars();
                if let (Some(a), Some(b)) = (cs.next(), cs.next()) {
                    let k = pair_key(hk, a, b);
                    rest_filter[k >> 6] |= 1 << (k & 63);
                }
            }
            let k = hk;
            head_filter[k >> 6] |= 1 << (k & 63);
        }
        Lexicon {
            words,
            compound_heads,
            head_filter,
            rest_filter,
            stems,
            abbreviations,
            stopwords: lines(STOPWORDS).collect(),
            max_abbreviation_chars,
            abbreviation_heads,
            max_abbreviation_head_chars,
        }
    }

    /// The tags of a known word (one with a part of speech in the lexicon).
    pub fn tags(&self, word: &str) -> Option<WordTags> {
        self.words.get(word).copied()
    }

    /// Every known word with its tags, in no particular order.
    pub fn words(&self) -> impl Iterator<Item = (&'static str, WordTags)> + '_ {
        self.words.iter().map(|(w, t)| (*w, *t))
    }

    /// True if the lexicon knows `word` with at least one of the tags in
    /// `mask` (e.g. `WordTags::NOUN | WordTags::ADJ`).
    pub fn has(&self, word: &str, mask: u16) -> bool {
        self.tags(word).is_some_and(|t| t.has(mask))
    }

    /// True if the lexicon writes `word` (which contains a ZWNJ) as a common compound.
    pub fn is_compound(&self, word: &str) -> bool {
        word.split_once('\u{200C}')
            .and_then(|(head, rest)| {
                self.compound_rests(head)
                    .map(|rests| rests.binary_search(&rest).is_ok())
            })
            .unwrap_or(false)
    }

    /// A cheap filter: false when no compound begins with a word of `chars`
    /// chars that starts with `first` and ends with `last`.
    pub fn may_begin_compound(&self, first: char, last: char, chars: usize) -> bool {
        let k = head_key(first, last, chars);
        self.head_filter[k >> 6] & (1 << (k & 63)) != 0
    }

    /// A cheap filter: false when no compound whose first part is a word of
    /// `chars` chars from `first` to `last` continues, after its first ZWNJ,
    /// with the chars `a` `b`.
    pub fn may_continue_compound(
        &self,
        (first, last, chars): (char, char, usize),
        a: char,
        b: char,
    ) -> bool {
        let k = pair_key(head_key(first, last, chars), a, b);
        self.rest_filter[k >> 6] & (1 << (k & 63)) != 0
    }

    /// For the first part of compounds (`دانش` in `دانش‌آموز`), what follows its
    /// ZWNJ in each of them, sorted; `None` for a word that begins no compound.
    pub fn compound_rests(&self, head: &str) -> Option<&[&'static str]> {
        self.compound_heads.get(head).map(Vec::as_slice)
    }

    /// True for a past or present verb stem (`رفت`, `رو`).
    pub fn is_verb_stem(&self, stem: &str) -> bool {
        self.stems.contains(stem)
    }

    /// True for a listed abbreviation (`ه.ش`, `ق.م`, ...).
    pub fn is_abbreviation(&self, s: &str) -> bool {
        self.abbreviations.contains(s)
    }

    /// False when no abbreviation with a dot writes the chars `head` before
    /// its first dot (then no abbreviation is `head` + `.` + ...).
    pub(crate) fn may_begin_abbreviation(&self, head: &[char]) -> bool {
        if head.len() > self.max_abbreviation_head_chars {
            return false;
        }
        let mut buf = [0u8; 64];
        let mut len = 0;
        for &c in head {
            if len + 4 > buf.len() {
                return true;
            }
            len += c.encode_utf8(&mut buf[len..]).len();
        }
        std::str::from_utf8(&buf[..len]).map_or(true, |h| self.abbreviation_heads.contains(h))
    }

    /// The length in chars of the longest abbreviation.
    pub fn max_abbreviation_chars(&self) -> usize {
        self.max_abbreviation_chars
    }

    /// Every stop word, in no particular order.
    pub fn stopwords(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.stopwords.iter().copied()
    }

    /// True for a stop word (function words such as `که`, `به`, `این`).
    pub fn is_stopword(&self, word: &str) -> bool {
        self.stopwords.contains(word)
    }

    /// True if `rest` is a verb form that follows the prefix می/نمی: a stem and a
    /// personal ending (`روم`, `گویند`, `آید`, `دانستم`).
    pub fn is_verb_after_prefix(&self, rest: &str) -> bool {
        const ENDINGS: [&str; 8] = ["", "م", "ی", "د", "یم", "ید", "ند", "ه"];
        for ending in ENDINGS {
            let Some(stem) = rest.strip_suffix(ending) else {
                continue;
            };
            if stem.is_empty() {
                continue;
            }
            if self.is_verb_stem(stem) {
                return true;
            }
            // A glide ی between a stem ending in a vowel and the ending: گو+ی+ند, آ+ی+ید.
            if !ending.is_empty() {
                if let Some(s) = stem.strip_suffix('ی') {
                    if (s.ends_with('ا') || s.ends_with('و') || s.ends_with('آ'))
                        && self.is_verb_stem(s)
                    {
                        return true;
                    }
                }
            }
        }
        false
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn front_coded_words_spell_out_each_word() {
        let text = "## header\n0\tکتاب\tN\n4\t\u{200C}ها\tN,PL\n3\tی\tN\n0\tabc\tAJ\n9\t\tN\nbad line\n1\tx\n";
        let words: Vec<(&str, WordTags)> = front_coded_words(text).collect();
        let spelled: Vec<&str> = words.iter().map(|(w, _)| *w).collect();
        // A `shared` past the previous word takes all of it; lines without
        // three columns or a number are skipped.
        assert_eq!(spelled, ["کتاب", "کتاب\u{200C}ها", "کتای", "abc", "abc"]);
        assert_eq!(words[1].1, WordTags::parse("N,PL"));
        // The embedded file: 35,716 words, each as `build lexicon` wrote it.
        let embedded: Vec<_> = front_coded_words(WORDS).collect();
        assert_eq!(embedded.len(), 35_716);
        assert!(embedded.iter().any(|(w, _)| *w == "دانش\u{200C}آموز"));
        assert!(embedded
            .iter()
            .all(|(w, _)| !w.is_empty() && w.trim() == *w));
    }

    #[test]
    fn embedded_lexicon_is_populated() {
        let lex = Lexicon::embedded();
        assert!(lex.words.len() > 10_000);
        assert!(lex.stems.len() > 500);
        assert!(lex.is_verb_stem("رو") && lex.is_verb_stem("رفت"));
        assert!(lex.is_abbreviation("ه.ش"));
        assert!(lex.is_stopword("که"));
        assert!(
            lex.is_compound("دانش‌آموز") && !lex.is_compound("دانش‌میز") && !lex.is_compound("دانش")
        );
        assert!(lex.tags("میدان").is_some());
    }

    #[test]
    fn verb_forms_after_prefix() {
        let lex = Lexicon::embedded();
        for v in ["روم", "رود", "گویند", "آید", "دانستم", "کنیم"] {
            assert!(lex.is_verb_after_prefix(v), "{v}");
        }
        for w in ["ز", "انه", "لیون", "وه"] {
            assert!(!lex.is_verb_after_prefix(w), "{w}");
        }
    }
}
