//! Pass 4: zero-width non-joiners where Persian orthography wants them.
//!
//! Two words separated by one space are joined when the second is a suffix or
//! clitic of the first, the first is the verb prefix می/نمی of a verb, or the
//! lexicon writes the pair as one compound. A word written solid is split with a
//! ZWNJ after می/نمی or before ها/تر/ترین when the lexicon knows its parts but
//! not the whole (`میروم`, `کتابها`; `میدان` and `دختر` stay).

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

pub(super) fn run(units: &[Unit], o: &NormalizeOptions, out: &mut Vec<Unit>) {
    let lex = Lexicon::get();
    let mut prev = String::new(); // the word that ends `out`, if `out` ends in a word
    let mut prev_start: Option<usize> = None; // where that word starts in `out`
    let mut word = String::new();
    let mut i = 0;
    while i < units.len() {
        if !is_word_unit(units[i].c) {
            // A non-word unit: the previous word stays "previous" only across one space.
            let is_single_space = units[i].c == ' '
                && prev_start.is_some()
                && units.get(i + 1).is_some_and(|u| is_word_unit(u.c));
            if !is_single_space {
                prev_start = None;
            }
            out.push(units[i]);
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

        // Join to the previous word across the one space between them?
        if let Some(ps) = prev_start {
            if out.last().is_some_and(|u| u.c == ' ') && joins(&prev, &word, lex, o) {
                out.pop();
                let last = *out.last().unwrap_or(&units[start]);
                if !is_non_joining(last_base(&out[ps..]).unwrap_or('ا')) {
                    out.push(Unit::inserted_after(ZWNJ, &last));
                }
                push_word(&units[start..i], split, out);
                prev.clear();
                prev.extend(out[ps..].iter().map(|u| u.c));
                continue;
            }
        }
        prev_start = Some(out.len());
        push_word(&units[start..i], split, out);
        prev.clear();
        prev.extend(out[prev_start.unwrap_or(0)..].iter().map(|u| u.c));
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

/// The last letter of a word, skipping marks.
fn last_base(word: &[Unit]) -> Option<char> {
    word.iter().rev().map(|u| u.c).find(|&c| !is_arabic_mark(c))
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
fn joins(prev: &str, next: &str, lex: &Lexicon, o: &NormalizeOptions) -> bool {
    if o.verb_prefix && (prev == "می" || prev == "نمی") && lex.is_verb_after_prefix(next) {
        return true;
    }
    if o.suffixes && is_content_word(prev, lex) {
        if PLURAL.contains(&next) {
            return true;
        }
        if COMPARATIVE.contains(&next) {
            // تر is also the adjective "wet": join after adjectives, adverbs and unknown words only.
            return lex
                .tags(prev)
                .is_none_or(|t| t.has(WordTags::ADJ | WordTags::ADV));
        }
    }
    if o.clitics
        && CLITICS.contains(&next)
        && prev.ends_with('ه')
        && letters(prev) >= 3
        && is_content_word(prev, lex)
    {
        return true;
    }
    if o.compounds {
        let mut joined = String::with_capacity(prev.len() + next.len() + 3);
        joined.push_str(prev);
        joined.push(ZWNJ);
        joined.push_str(next);
        if lex.is_compound(&joined) {
            return true;
        }
        // The compound with a plural or adjectival ending: دانش آموزان, دانش آموزهای.
        for ending in COMPOUND_ENDINGS {
            if let Some(stem) = joined.strip_suffix(ending) {
                if letters(stem) > letters(prev) + 1 && lex.is_compound(stem) {
                    return true;
                }
            }
        }
    }
    false
}

/// Where to insert a ZWNJ inside a word written solid, as a char index.
fn split_point(word: &str, lex: &Lexicon, o: &NormalizeOptions) -> Option<usize> {
    if word.contains(ZWNJ) || lex.tags(word).is_some() {
        return None;
    }
    if o.verb_prefix {
        for prefix in ["نمی", "می"] {
            if let Some(rest) = word.strip_prefix(prefix) {
                if letters(rest) >= 2 && lex.is_verb_after_prefix(rest) {
                    return Some(prefix.chars().count());
                }
            }
        }
    }
    if o.suffixes {
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
