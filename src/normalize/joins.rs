//! Pass 4: zero-width non-joiners where Persian orthography wants them.
//!
//! Two words separated by one space are joined when the second is a suffix or
//! clitic of the first, the first is the verb prefix می/نمی of a verb, or the
//! lexicon writes the pair as one compound. A word written solid is split with a
//! ZWNJ after می/نمی or before ها/تر/ترین when the lexicon knows its parts but
//! not the whole (`میروم`, `کتابها`; `میدان` and `دختر` stay).
//!
//! One left-to-right sweep: each word is first split if it must be, then joined
//! to the word before it if they are one; after a join, the word before that is
//! given a second chance to form a compound with the grown word
//! (`بین قاره ای` → `بین‌قاره‌ای`). The result is a fixed point of the rules, so
//! normalization stays idempotent.

use super::{NormalizeOptions, Unit};
use crate::chars::{is_arabic_letter, is_arabic_mark, is_non_joining, ZWNJ};
use crate::lexicon::{Lexicon, WordTags};

const PLURAL: [&str; 9] = [
    "هایشان",
    "هایتان",
    "هایمان",
    "هایش",
    "هایت",
    "هایم",
    "هایی",
    "های",
    "ها",
];
const COMPARATIVE: [&str; 2] = ["ترین", "تر"];
const COMPOUND_ENDINGS: [&str; 6] = ["ان", "ها", "های", "ی", "\u{200C}ها", "\u{200C}های"];
const CLITICS: [&str; 7] = ["ام", "ای", "اش", "ات", "ایم", "اید", "اند"];

fn is_word_unit(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || c == ZWNJ
}

/// A word already written to the output: where it starts and its text.
#[derive(Default)]
struct Prev {
    start: usize,
    text: String,
}

pub(super) fn run(units: &[Unit], o: &NormalizeOptions, out: &mut Vec<Unit>) {
    let lex = Lexicon::get();
    // The last two words of `out`, when `out` ends in them with one space between.
    let mut prev: Option<Prev> = None;
    let mut prev_prev: Option<Prev> = None;
    let mut word = String::new();
    let mut joined = String::new();
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if !is_word_unit(u.c) {
            let single_space =
                u.c == ' ' && prev.is_some() && units.get(i + 1).is_some_and(|v| is_word_unit(v.c));
            if !single_space {
                prev = None;
                prev_prev = None;
            }
            out.push(u);
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && is_word_unit(units[i].c) {
            i += 1;
        }
        word.clear();
        word.extend(units[start..i].iter().map(|u| u.c));
        let split = split_point(&word, lex, o);
        if let Some(k) = split {
            word.insert(
                word.char_indices().nth(k).map_or(word.len(), |(b, _)| b),
                ZWNJ,
            );
        }

        let joins_prev = prev.as_ref().is_some_and(|p| {
            out.last().is_some_and(|s| s.c == ' ') && joins(&p.text, &word, lex, o, &mut joined)
        });
        if joins_prev {
            let mut p = prev.take().unwrap_or_default();
            glue(out, &p);
            push_word(&units[start..i], split, out);
            p.text.clear();
            p.text.extend(out[p.start..].iter().map(|u| u.c));
            // The grown word may now complete a compound with the word before it.
            if let Some(pp) = prev_prev.take() {
                if o.compounds && is_compound_pair(&pp.text, &p.text, lex, &mut joined) {
                    let tail: Vec<Unit> = out.drain(p.start - 1..).skip(1).collect();
                    glue_after(out, &pp);
                    out.extend(tail);
                    p = Prev {
                        start: pp.start,
                        text: out[pp.start..].iter().map(|u| u.c).collect(),
                    };
                } else {
                    prev_prev = Some(pp);
                }
            }
            prev = Some(p);
            continue;
        }
        prev_prev = prev
            .take()
            .filter(|_| out.last().is_some_and(|s| s.c == ' '));
        let p = Prev {
            start: out.len(),
            text: word.clone(),
        };
        push_word(&units[start..i], split, out);
        prev = Some(p);
    }
}

/// Replaces the space that ends `out` (after the word `p`) with a ZWNJ, or with
/// nothing after a letter that does not join.
fn glue(out: &mut Vec<Unit>, p: &Prev) {
    out.pop();
    glue_after(out, p);
}

/// Appends a ZWNJ after the word `p` that ends `out`, unless its last letter never joins.
fn glue_after(out: &mut Vec<Unit>, p: &Prev) {
    let last_letter = p
        .text
        .chars()
        .rev()
        .find(|&c| !is_arabic_mark(c))
        .unwrap_or('ا');
    if let Some(last) = out.last().copied() {
        if !is_non_joining(last_letter) && last.c != ZWNJ {
            out.push(Unit::inserted_after(ZWNJ, &last));
        }
    }
}

/// Pushes a word, with a ZWNJ inserted after its first `split` chars if `split` is set.
fn push_word(word: &[Unit], split: Option<usize>, out: &mut Vec<Unit>) {
    for (k, u) in word.iter().enumerate() {
        if Some(k) == split && k > 0 {
            out.push(Unit::inserted_after(ZWNJ, &word[k - 1]));
        }
        out.push(*u);
    }
}

fn letters(s: &str) -> usize {
    s.chars().filter(|&c| is_arabic_letter(c)).count()
}

/// A word that can take a suffix or clitic: two letters or more, and not a
/// function word (preposition, conjunction, pronoun...) in the lexicon.
fn is_content_word(w: &str, lex: &Lexicon) -> bool {
    letters(w) >= 2
        && lex
            .tags(w)
            .is_none_or(|t| t.has(WordTags::NOUN | WordTags::ADJ | WordTags::ADV | WordTags::VERB))
}

/// Should `prev` and `next`, written with a space between them, be one word?
fn joins(prev: &str, next: &str, lex: &Lexicon, o: &NormalizeOptions, buf: &mut String) -> bool {
    if o.verb_prefix && (prev == "می" || prev == "نمی") && lex.is_verb_after_prefix(next) {
        return true;
    }
    if o.suffixes && PLURAL.contains(&next) && is_content_word(prev, lex) {
        return true;
    }
    if o.suffixes && COMPARATIVE.contains(&next) && is_content_word(prev, lex) {
        // تر is also the adjective "wet": join after adjectives, adverbs and unknown words only.
        return lex
            .tags(prev)
            .is_none_or(|t| t.has(WordTags::ADJ | WordTags::ADV));
    }
    if o.clitics
        && CLITICS.contains(&next)
        && prev.ends_with('ه')
        && letters(prev) >= 3
        && is_content_word(prev, lex)
    {
        return true;
    }
    o.compounds && is_compound_pair(prev, next, lex, buf)
}

/// Does the lexicon write `prev` ZWNJ `next` (or that with a plural or
/// adjectival ending) as one compound?
fn is_compound_pair(prev: &str, next: &str, lex: &Lexicon, buf: &mut String) -> bool {
    let head = prev.split(ZWNJ).next().unwrap_or(prev);
    if !lex.is_compound_head(head) {
        return false;
    }
    buf.clear();
    buf.push_str(prev);
    buf.push(ZWNJ);
    buf.push_str(next);
    if lex.is_compound(buf) {
        return true;
    }
    // دانش آموزان, دانش آموزهای: the compound with an ending.
    COMPOUND_ENDINGS.iter().any(|ending| {
        buf.strip_suffix(ending)
            .is_some_and(|stem| letters(stem) > letters(prev) + 1 && lex.is_compound(stem))
    })
}

/// Where to insert a ZWNJ inside a word written solid, as a char index.
fn split_point(word: &str, lex: &Lexicon, o: &NormalizeOptions) -> Option<usize> {
    let prefixed = o.verb_prefix && (word.starts_with("می") || word.starts_with("نمی"));
    let suffixed = o.suffixes
        && PLURAL
            .iter()
            .chain(COMPARATIVE.iter())
            .any(|s| word.ends_with(s));
    if !(prefixed || suffixed) || word.contains(ZWNJ) || lex.tags(word).is_some() {
        return None;
    }
    if prefixed && o.verb_prefix {
        for prefix in ["نمی", "می"] {
            if let Some(rest) = word.strip_prefix(prefix) {
                if letters(rest) >= 2 && lex.is_verb_after_prefix(rest) {
                    return Some(prefix.chars().count());
                }
            }
        }
    }
    if suffixed {
        for suffix in PLURAL.iter().chain(COMPARATIVE.iter()) {
            let Some(base) = word.strip_suffix(suffix) else {
                continue;
            };
            let Some(last) = base.chars().last() else {
                continue;
            };
            if letters(base) < 2 || is_non_joining(last) || !is_arabic_letter(last) {
                continue;
            }
            let wanted = if suffix.starts_with('ت') {
                WordTags::ADJ
            } else {
                WordTags::NOUN | WordTags::ADJ
            };
            if lex.tags(base).is_some_and(|t| t.has(wanted)) {
                return Some(base.chars().count());
            }
        }
    }
    None
}
