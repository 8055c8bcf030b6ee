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
use crate::chars::{
    is_arabic_letter, is_arabic_letter_or_mark, is_arabic_mark, is_non_joining, ZWNJ,
};
use crate::dictionary::{push_key, UserDictionary};
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
    is_arabic_letter_or_mark(c) || c == ZWNJ
}

/// Joins the compounds of a user dictionary: a run of words, one space
/// between each two, that folds to a compound of the dictionary (longest
/// first) gets a ZWNJ for each space, or nothing after a letter that never
/// joins. Runs before [`run`], whose joins then see one word.
pub(super) fn user_compounds(dict: &UserDictionary, units: &[Unit], out: &mut Vec<Unit>) {
    // The words: (start, end) unit ranges, and whether one space alone
    // separates each from the one before.
    let mut words: Vec<(usize, usize, bool)> = Vec::new();
    let mut i = 0;
    while i < units.len() {
        if !is_word_unit(units[i].c) {
            i += 1;
            continue;
        }
        let start = i;
        while i < units.len() && is_word_unit(units[i].c) {
            i += 1;
        }
        let spaced = words
            .last()
            .is_some_and(|&(_, end, _)| start == end + 1 && units[end].c == ' ');
        words.push((start, i, spaced));
    }
    // The spaces to replace, as unit indices.
    let mut glue: Vec<usize> = Vec::new();
    let mut key = String::new();
    let mut w = 0;
    while w < words.len() {
        key.clear();
        let mut best = None;
        let mut parts = 0;
        for (k, &(start, end, spaced)) in words.iter().enumerate().skip(w) {
            if k > w && !spaced {
                break;
            }
            let len = key.len();
            if k > w {
                key.push(' ');
            }
            push_key(&mut key, units[start..end].iter().map(|u| u.c));
            parts += key[len..].split(' ').filter(|p| !p.is_empty()).count();
            if parts > dict.max_compound_parts() {
                break;
            }
            if k > w && dict.is_compound(&key) {
                best = Some(k);
            }
        }
        match best {
            Some(last) => {
                glue.extend(words[w + 1..=last].iter().map(|&(start, _, _)| start - 1));
                w = last + 1;
            }
            None => w += 1,
        }
    }
    let mut next = glue.iter().peekable();
    for (i, u) in units.iter().enumerate() {
        if next.next_if(|&&g| g == i).is_none() {
            out.push(*u);
            continue;
        }
        // A ZWNJ only where the spacing pass keeps one: after a letter that
        // joins, before a letter (before a mark a second pass would drop it).
        let joins = units[..i]
            .iter()
            .rev()
            .map(|u| u.c)
            .find(|&c| !is_arabic_mark(c))
            .is_some_and(|c| !is_non_joining(c) && c != ZWNJ)
            && units.get(i + 1).is_some_and(|n| is_arabic_letter(n.c));
        if joins {
            out.push(Unit { c: ZWNJ, ..*u });
        }
    }
}

pub(super) fn run(
    lex: &Lexicon,
    dict: &UserDictionary,
    units: &[Unit],
    o: &NormalizeOptions,
    out: &mut Vec<Unit>,
) {
    // Where the last two words of `out` start, when `out` ends in them with one space between.
    let mut prev: Option<usize> = None;
    let mut prev_prev: Option<usize> = None;
    // Reused string buffers; words are only spelt out when a cheap test on their
    // chars says a rule might apply.
    let (mut a, mut b, mut joined) = (String::new(), String::new(), String::new());
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
        let word = &units[start..i];
        if dict.has_never_join() && dict.is_never_join(word.iter().map(|u| u.c)) {
            // Left as written, and nothing joins to it.
            out.extend_from_slice(word);
            prev = None;
            prev_prev = None;
            continue;
        }
        let split = if may_split(word, o) {
            spell(&mut a, word);
            split_point(&a, lex, o)
        } else {
            None
        };

        let after_space = out.last().is_some_and(|s| s.c == ' ');
        let joins_prev = match prev {
            Some(ps) if after_space => match may_join(&out[ps..out.len() - 1], word, lex, o) {
                Maybe::No => false,
                maybe => {
                    spell(&mut a, &out[ps..out.len() - 1]);
                    spell(&mut b, word);
                    if let Some(k) = split {
                        b.insert(b.char_indices().nth(k).map_or(b.len(), |(x, _)| x), ZWNJ);
                    }
                    joins(&a, &b, lex, o, maybe == Maybe::Compound, &mut joined)
                }
            },
            _ => false,
        };
        if joins_prev {
            let ps = prev.unwrap_or(0);
            glue(out, ps);
            push_word(word, split, out);
            // The grown word may now complete a compound with the word before it.
            if let Some(pps) = prev_prev.take() {
                let (pp, grown) = (&out[pps..ps - 1], &out[ps..]);
                if o.compounds && may_head(lex, head(pp)) && {
                    spell(&mut a, pp);
                    spell(&mut b, grown);
                    is_compound_pair(&a, &b, lex, &mut joined)
                } {
                    let tail: Vec<Unit> = out.drain(ps - 1..).skip(1).collect();
                    glue_after(out, pps);
                    out.extend(tail);
                    prev = Some(pps);
                    continue;
                }
                prev_prev = Some(pps);
            }
            prev = Some(ps);
            continue;
        }
        prev_prev = prev.filter(|_| after_space);
        prev = Some(out.len());
        push_word(word, split, out);
    }
}

/// A cheap test: might some compound begin with this word? (A filter on its
/// first and last chars and length; false positives are weeded out later.)
fn may_head(lex: &Lexicon, head: &[Unit]) -> bool {
    match (head.first(), head.last()) {
        (Some(f), Some(l)) => lex.may_begin_compound(f.c, l.c, head.len()),
        _ => false,
    }
}

/// Writes the chars of `units` into `buf`.
fn spell(buf: &mut String, units: &[Unit]) {
    buf.clear();
    buf.extend(units.iter().map(|u| u.c));
}

/// The part of a word before its first ZWNJ.
fn head(word: &[Unit]) -> &[Unit] {
    let end = word.iter().position(|u| u.c == ZWNJ).unwrap_or(word.len());
    &word[..end]
}

/// A cheap test on the chars: might `split_point` find something in this word?
fn may_split(word: &[Unit], o: &NormalizeOptions) -> bool {
    let c = |k: usize| word.get(k).map(|u| u.c);
    let prefixed = o.verb_prefix
        && (c(0) == Some('م') && c(1) == Some('ی')
            || c(0) == Some('ن') && c(1) == Some('م') && c(2) == Some('ی'));
    // Every plural and comparative ending has ها or تر in its last seven chars.
    let tail = &word[word.len().saturating_sub(7)..];
    let suffixed = o.suffixes
        && tail
            .windows(2)
            .any(|w| matches!((w[0].c, w[1].c), ('ه', 'ا') | ('ت', 'ر')));
    prefixed || suffixed
}

/// What a cheap test on the chars of two words says [`joins`] might do.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Maybe {
    /// Nothing: the words stay apart.
    No,
    /// Join them by a rule other than a compound of the lexicon.
    Rule,
    /// Join them by any rule, compounds included.
    Compound,
}

/// A cheap test on the chars: might `joins` join these two words, and might
/// they be a compound of the lexicon? (The compound filters never say no to
/// a compound `is_compound_pair` finds, also when `next` gets a ZWNJ after
/// its first two chars or later from `split_point`.)
fn may_join(prev: &[Unit], next: &[Unit], lex: &Lexicon, o: &NormalizeOptions) -> Maybe {
    if o.compounds && may_head(lex, head(prev)) && may_continue(lex, prev, next) {
        return Maybe::Compound;
    }
    if o.verb_prefix && (is(prev, "می") || is(prev, "نمی")) {
        return Maybe::Rule;
    }
    // Suffixes begin with ه or ت, clitics with ا; none is longer than six
    // chars. (A word that `split_point` splits has a ZWNJ then: none of them.)
    if (o.suffixes || o.clitics)
        && next.len() <= 6
        && matches!(next.first().map(|u| u.c), Some('ه' | 'ت' | 'ا'))
        && match next[0].c {
            'ه' => o.suffixes && PLURAL.iter().any(|s| is(next, s)),
            'ت' => o.suffixes && COMPARATIVE.iter().any(|s| is(next, s)),
            _ => o.clitics && CLITICS.iter().any(|s| is(next, s)),
        }
    {
        return Maybe::Rule;
    }
    Maybe::No
}

/// Are the chars of `w` those of `s`?
fn is(w: &[Unit], s: &str) -> bool {
    let mut cs = s.chars();
    w.iter().all(|u| cs.next() == Some(u.c)) && cs.next().is_none()
}

/// A cheap test: might `next` continue a compound after `prev`? (A filter on
/// the compound's first part and the first two chars of what follows its first ZWNJ.)
fn may_continue(lex: &Lexicon, prev: &[Unit], next: &[Unit]) -> bool {
    let head = head(prev);
    let rest = if head.len() < prev.len() {
        &prev[head.len() + 1..]
    } else {
        next
    };
    match (head, rest) {
        ([f, .., l], [a, b, ..]) => lex.may_continue_compound((f.c, l.c, head.len()), a.c, b.c),
        ([f], [a, b, ..]) => lex.may_continue_compound((f.c, f.c, 1), a.c, b.c),
        _ => true,
    }
}

/// Replaces the space that ends `out` (after the word starting at `start`) with
/// a ZWNJ, or with nothing after a letter that does not join.
fn glue(out: &mut Vec<Unit>, start: usize) {
    out.pop();
    glue_after(out, start);
}

/// Appends a ZWNJ after the word starting at `start` that ends `out`, unless
/// its last letter never joins or it ends in a ZWNJ already.
fn glue_after(out: &mut Vec<Unit>, start: usize) {
    let last_letter = out[start..]
        .iter()
        .rev()
        .map(|u| u.c)
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
    match split {
        Some(k) if k > 0 && k < word.len() => {
            out.extend_from_slice(&word[..k]);
            out.push(Unit::inserted_after(ZWNJ, &word[k - 1]));
            out.extend_from_slice(&word[k..]);
        }
        _ => out.extend_from_slice(word),
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
/// `compound`: might they be a compound of the lexicon (see [`may_join`])?
fn joins(
    prev: &str,
    next: &str,
    lex: &Lexicon,
    o: &NormalizeOptions,
    compound: bool,
    buf: &mut String,
) -> bool {
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
    compound && o.compounds && is_compound_pair(prev, next, lex, buf)
}

/// Does the lexicon write `prev` ZWNJ `next` (or that with a plural or
/// adjectival ending) as one compound?
fn is_compound_pair(prev: &str, next: &str, lex: &Lexicon, buf: &mut String) -> bool {
    // The compound's first part is `prev` up to its first ZWNJ (the bytes E2 80 8C).
    let (head, tail) = match prev.as_bytes().iter().position(|&b| b == 0xE2) {
        Some(i) if prev[i..].starts_with(ZWNJ) => (&prev[..i], Some(&prev[i + ZWNJ.len_utf8()..])),
        _ => (prev, None),
    };
    // A second part that is a word of its own (`آن که`, `ایالات متحده`, `زده شده`)
    // is left apart: only parts that do not stand alone (`دانش آموز`) are joined.
    let stands_alone = |w: &str| lex.tags(w).is_some();
    let Some(rests) = lex.compound_rests(head) else {
        return false;
    };
    let mut has = |rest: &str| match tail {
        None => rests.binary_search(&rest).is_ok(),
        Some(t) => {
            buf.clear();
            buf.push_str(t);
            buf.push(ZWNJ);
            buf.push_str(rest);
            rests.binary_search(&buf.as_str()).is_ok()
        }
    };
    // دانش آموزان, دانش آموزهای: the compound with an ending.
    let found = has(next)
        || COMPOUND_ENDINGS.iter().any(|ending| {
            next.strip_suffix(ending)
                .is_some_and(|stem| letters(stem) >= 2 && has(stem) && !stands_alone(stem))
        });
    // (The lexicon look-up last: it is the dearest test and rarely needed.)
    found && !stands_alone(next)
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
            if lex.has(base, wanted) {
                return Some(base.chars().count());
            }
        }
    }
    None
}
