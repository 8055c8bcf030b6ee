//! The lemmatizer and the clitic splitter.
//!
//! The lemmatizer writes PerDT's original lemma (the treebank's `OrigLemma`:
//! verbs as `past#present` stems, `کرد#کن`; a copula or modal with no past
//! as `#است`; a compound verb as `preverb#past`, `بر#گشت`; nouns without
//! plural or clitic suffixes). [`ud_lemma`] gives the lemma of current UD
//! (PerDT's `LEMMA` column, what Stanza and UDPipe give: `کرد`, `است`,
//! `گشت`), which [`crate::Document::lemma`] returns; the stems stay in
//! [`crate::Document::stems`].

use super::Upos;
use crate::error::Result;
use crate::lexicon::{Lexicon, WordTags};
use crate::model::{Reader, Writer};
use rustc_hash::FxHashMap;
use std::borrow::Cow;

const VERBS: &str = include_str!("../../models/lexicon/verbs.txt");

/// The PerDT authors' verb forms with their `past#present` lemma (built by
/// `parsi build lexicon` from `ud-perdt/lexicons`, forms of the PerDT train
/// sentences only).
const PERDT_VERBS: &str = include_str!("../../models/lexicon/perdt-verbs.tsv");

/// Preverbs of PerDT's compound-verb lemmas (`بر#گشت`, `وا#گذاشت`). None ends
/// in د or ت, as every past stem does, so `preverb#past` is never read as
/// `past#present`.
const UD_PREVERBS: [&str; 7] = ["باز", "فرا", "فرو", "بر", "در", "ور", "وا"];

/// The UD lemma (PerDT's `LEMMA` column since UD 2.12) of a PerDT original
/// lemma: the past stem of `past#present` (`کرد#کن` → `کرد`), the one stem
/// of `#است` (→ `است`), the verb without its preverb for `preverb#past` and
/// `preverb#past#present` (`بر#گشت` → `گشت`); any other lemma (and one
/// whose part would be empty, such as `#`) as it is.
///
/// ```
/// use parsi::pos::ud_lemma;
/// assert_eq!(ud_lemma("کرد#کن"), "کرد");
/// assert_eq!(ud_lemma("#است"), "است");
/// assert_eq!(ud_lemma("بر#گشت"), "گشت");
/// assert_eq!(ud_lemma("باز#گشت#گرد"), "گشت");
/// assert_eq!(ud_lemma("کتاب"), "کتاب");
/// assert_eq!(ud_lemma("#"), "#");
/// ```
pub fn ud_lemma(lemma: &str) -> &str {
    let mut parts = lemma.split('#');
    let (Some(first), Some(second)) = (parts.next(), parts.next()) else {
        return lemma;
    };
    let preverb = UD_PREVERBS.contains(&first);
    let part = if first.is_empty() || preverb || parts.next().is_some() {
        second
    } else {
        first
    };
    if part.is_empty() {
        lemma
    } else {
        part
    }
}

/// A suffix rewrite: strip `strip` chars from the end, then append `append`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Rule {
    /// Chars removed from the end of the word.
    pub strip: u8,
    /// Text appended after stripping.
    pub append: String,
}

impl Rule {
    /// The rule that rewrites `word` into `lemma` (after their common prefix).
    pub fn between(word: &str, lemma: &str) -> Rule {
        let common = word
            .chars()
            .zip(lemma.chars())
            .take_while(|(a, b)| a == b)
            .count();
        let strip = word.chars().count() - common;
        let append: String = lemma.chars().skip(common).collect();
        Rule {
            strip: strip.min(255) as u8,
            append,
        }
    }

    /// Applies the rule; `None` if the word is too short for it.
    pub fn apply(&self, word: &str) -> Option<String> {
        let mut s = String::new();
        self.apply_into(word, &mut s).then_some(s)
    }

    /// Applies the rule, appending the result to `out`; `false` (and nothing
    /// appended) if the word is too short for it.
    pub fn apply_into(&self, word: &str, out: &mut String) -> bool {
        let strip = self.strip as usize;
        // The byte offset where the last `strip` chars begin.
        let mut cut = word.len();
        let mut stripped = 0;
        let mut chars = word.char_indices().rev();
        while stripped < strip {
            match chars.next() {
                Some((i, _)) => cut = i,
                None => return false,
            }
            stripped += 1;
        }
        if cut == 0 && self.append.is_empty() {
            return false;
        }
        out.push_str(&word[..cut]);
        out.push_str(&self.append);
        true
    }
}

/// Longest suffix length (in chars) the rules look at.
pub const MAX_SUFFIX: usize = 5;

/// Verb endings, longest first, tried after the stem.
const ENDINGS: [&str; 24] = [
    "ه\u{200C}ایم",
    "ه\u{200C}اید",
    "ه\u{200C}اند",
    "ه\u{200C}است",
    "ه\u{200C}ام",
    "ه\u{200C}ای",
    "ه\u{200C}ایم",
    "اند",
    "ایم",
    "اید",
    "یم",
    "ید",
    "ند",
    "ام",
    "ای",
    "ست",
    "ن",
    "م",
    "ی",
    "د",
    "ه",
    "ش",
    "ت",
    "",
];

const PREFIXES: [&str; 7] = ["نمی\u{200C}", "می\u{200C}", "نمی", "می", "ن", "ب", ""];

/// Plural suffixes, longest first.
const NOUN_SUFFIXES: [&str; 7] = [
    "\u{200C}هایی",
    "\u{200C}های",
    "\u{200C}ها",
    "هایی",
    "های",
    "ها",
    "ات",
];

/// The lexicon tags of a noun's or adjective's stem.
const NOMINAL: u16 = WordTags::NOUN | WordTags::ADJ;

/// True for a stem long enough to strip a suffix down to (two chars).
fn long(stem: &str) -> bool {
    stem.chars().nth(1).is_some()
}

/// A known noun or adjective that `word` (itself unknown to the lexicon) is
/// made of, with a plural, indefinite or ezafe suffix.
fn lexicon_stem<'w>(lex: &Lexicon, word: &'w str, upos: Upos) -> Option<&'w str> {
    if lex.tags(word).is_some() {
        return None;
    }
    for suffix in NOUN_SUFFIXES {
        if let Some(stem) = word.strip_suffix(suffix) {
            if long(stem) && lex.has(stem, NOMINAL) {
                return Some(stem);
            }
        }
    }
    // A noun with the indefinite ی (`حرکتی` → `حرکت`) when the lexicon has
    // the noun but not the word.
    if upos == Upos::Noun {
        if let Some(stem) = word.strip_suffix('ی') {
            if long(stem) && !stem.ends_with('\u{200C}') && lex.has(stem, WordTags::NOUN) {
                return Some(stem);
            }
        }
    }
    None
}

/// Preverbs of compound verbs (`برگشت`, `درآورد`, `بازگردند`): PerDT's
/// lemma of such a verb is `preverb#past stem` (`بر#گشت`).
const PREVERBS: [&str; 6] = ["باز", "فرا", "فرو", "بر", "در", "ور"];

/// Appends `stem` + `ending` to `out` if the lexicon knows that word with a
/// tag of `mask`; otherwise leaves `out` as it was.
fn push_if_known(lex: &Lexicon, out: &mut String, stem: &str, ending: &str, mask: u16) -> bool {
    let from = out.len();
    out.push_str(stem);
    out.push_str(ending);
    if lex.has(&out[from..], mask) {
        return true;
    }
    out.truncate(from);
    false
}

/// Appends the singular of a plural noun whose stem the lexicon knows:
/// `ات` (with the stem's final ه or ت restored: `مصوبات` → `مصوبه`), `ان` of
/// people (`داوطلبان` → `داوطلب`, `بستگان` → `بسته`), `ین` of adjectives
/// (`مجرمین` → `مجرم`).
fn plural_stem_into(lex: &Lexicon, word: &str, out: &mut String) -> bool {
    if let Some(stem) = word.strip_suffix("ات").filter(|s| long(s)) {
        return ["ه", "ت", ""]
            .iter()
            .any(|ending| push_if_known(lex, out, stem, ending, NOMINAL));
    }
    // ین is the Arabic plural of adjectives and participles (`مجرمین`), not
    // of other nouns (`جنین` is not `جن` + ین).
    if let Some(stem) = word.strip_suffix("ین").filter(|s| long(s)) {
        return push_if_known(lex, out, stem, "", WordTags::ADJ);
    }
    let Some(stem) = word.strip_suffix("ان").filter(|s| long(s)) else {
        return false;
    };
    stem.strip_suffix('گ')
        .is_some_and(|base| push_if_known(lex, out, base, "ه", NOMINAL))
        || push_if_known(lex, out, stem, "", NOMINAL)
}

/// Appends the positive of a comparative or superlative (`شدیدتری`,
/// `کم‌ترین`) of a known adjective.
fn comparative_stem_into(lex: &Lexicon, word: &str, out: &mut String) -> bool {
    ["ترین", "تری", "تر"].iter().any(|suffix| {
        word.strip_suffix(suffix)
            .map(|stem| stem.strip_suffix('\u{200C}').unwrap_or(stem))
            .is_some_and(|stem| long(stem) && push_if_known(lex, out, stem, "", NOMINAL))
    })
}

/// Word → lemma knowledge learned from treebanks.
#[derive(Default, Clone, Debug)]
pub struct Lemmatizer {
    /// Lemmas that the rules get wrong, per word and UPOS.
    pub exceptions: FxHashMap<Box<str>, Vec<(Upos, Box<str>)>>,
    /// Per UPOS, suffix → rule; the longest matching suffix wins.
    pub rules: Vec<FxHashMap<Box<str>, Rule>>,
    /// Verb lemmas (`past#present`) learned from the data, beyond the lexicon's.
    pub verbs: Vec<Box<str>>,
    /// Past and present stems → `past#present` (borrowed from the lexicon's
    /// verbs where they come from: no allocation at start-up).
    past: FxHashMap<Cow<'static, str>, Cow<'static, str>>,
    present: FxHashMap<Cow<'static, str>, Cow<'static, str>>,
    /// [`PERDT_VERBS`]: verb form → `past#present`.
    perdt: FxHashMap<&'static str, &'static str>,
}

impl Lemmatizer {
    /// An empty lemmatizer with the lexicon's verb stems.
    pub fn new(
        exceptions: FxHashMap<Box<str>, Vec<(Upos, Box<str>)>>,
        rules: Vec<FxHashMap<Box<str>, Rule>>,
        verbs: Vec<Box<str>>,
    ) -> Lemmatizer {
        let mut l = Lemmatizer {
            exceptions,
            rules,
            verbs,
            past: FxHashMap::default(),
            present: FxHashMap::default(),
            perdt: FxHashMap::default(),
        };
        l.rules.resize_with(Upos::ALL.len(), FxHashMap::default);
        l.index_verbs();
        l
    }

    fn index_verbs(&mut self) {
        self.perdt = PERDT_VERBS
            .lines()
            .filter(|l| !l.starts_with("##"))
            .filter_map(|l| l.split_once('\t'))
            .collect();
        let lexicon = VERBS
            .lines()
            .map(str::trim)
            .filter(|l| !l.starts_with("##"))
            .map(Cow::Borrowed);
        let learned = self.verbs.iter().map(|s| Cow::Owned(s.to_string()));
        let all: Vec<Cow<'static, str>> = lexicon.chain(learned).collect();
        let set: rustc_hash::FxHashSet<&str> = all.iter().map(|v| &**v).collect();
        // `گفت#گوی` is a spelling of `گفت#گو` (the PerDT lemma): the glide ی
        // is found by `verb_lemma`.
        let glide = |v: &str| {
            v.strip_suffix('ی')
                .is_some_and(|base| base.contains('#') && set.contains(base))
        };
        // A stem and the whole verb, borrowed from the lexicon's text when
        // the verb is.
        let parts = |v: &Cow<'static, str>, at: usize, len: usize| match v {
            Cow::Borrowed(b) => (Cow::Borrowed(&b[at..at + len]), Cow::Borrowed(*b)),
            Cow::Owned(o) => (
                Cow::Owned(o[at..at + len].to_string()),
                Cow::Owned(o.clone()),
            ),
        };
        for v in all.iter().filter(|v| !glide(v)) {
            if let Some((past, present)) = v.split_once('#') {
                if !past.is_empty() && !self.past.contains_key(past) {
                    let (k, v) = parts(v, 0, past.len());
                    self.past.insert(k, v);
                }
                if !present.is_empty() && !self.present.contains_key(present) {
                    let (k, v) = parts(v, past.len() + 1, present.len());
                    self.present.insert(k, v);
                }
            }
        }
    }

    /// The PerDT original lemma of `word` tagged `upos` ([`ud_lemma`] gives
    /// the UD one).
    pub fn lemma(&self, lex: &Lexicon, word: &str, upos: Upos) -> String {
        let mut s = String::new();
        self.lemma_into(lex, word, upos, &mut s);
        s
    }

    /// Appends the PerDT original lemma of `word` tagged `upos` to `out` (no
    /// allocation beyond `out`'s growth).
    pub fn lemma_into(&self, lex: &Lexicon, word: &str, upos: Upos, out: &mut String) {
        if matches!(upos, Upos::Verb | Upos::Aux) {
            if let Some(l) = self.perdt_lemma(word) {
                out.push_str(l);
                return;
            }
        }
        if let Some(list) = self.exceptions.get(word) {
            if let Some((_, l)) = list.iter().find(|(u, _)| *u == upos) {
                out.push_str(l);
                return;
            }
        }
        if matches!(upos, Upos::Verb | Upos::Aux) {
            if let Some(l) = self.verb_lemma(word) {
                out.push_str(l);
                return;
            }
        }
        if matches!(upos, Upos::Verb) {
            if let Some((preverb, past)) = self.preverb_lemma(word) {
                out.push_str(preverb);
                out.push('#');
                out.push_str(past);
                return;
            }
        }
        if matches!(upos, Upos::Noun | Upos::Adj | Upos::Propn) {
            if let Some(l) = lexicon_stem(lex, word, upos) {
                out.push_str(l);
                return;
            }
        }
        // A plural noun or a graded adjective that the lexicon explains (the
        // learned exceptions override these).
        let derived = match upos {
            Upos::Noun => plural_stem_into(lex, word, out),
            Upos::Adj => comparative_stem_into(lex, word, out),
            _ => false,
        };
        if derived {
            return;
        }
        self.rule_lemma_into(lex, word, upos, out)
    }

    /// The lemma by the suffix rules alone.
    pub fn rule_lemma(&self, lex: &Lexicon, word: &str, upos: Upos) -> String {
        let mut s = String::new();
        self.rule_lemma_into(lex, word, upos, &mut s);
        s
    }

    fn rule_lemma_into(&self, lex: &Lexicon, word: &str, upos: Upos, out: &mut String) {
        if let Some(rules) = self.rules.get(upos as usize) {
            // Suffix start offsets, shortest suffix first: "", last char, last two...
            let mut starts = [word.len(); MAX_SUFFIX + 1];
            let mut k = 1;
            for (i, _) in word.char_indices().rev().take(MAX_SUFFIX) {
                starts[k] = i;
                k += 1;
            }
            for &start in starts[..k].iter().rev() {
                if let Some(rule) = rules.get(&word[start..]) {
                    let from = out.len();
                    if rule.apply_into(word, out) {
                        // A rule may not turn a word the lexicon knows into
                        // one it does not (`کرونومتر` is not `کرونو` + متر).
                        if matches!(upos, Upos::Noun | Upos::Adj | Upos::Propn)
                            && lex.tags(&out[from..]).is_none()
                            && lex.tags(word).is_some()
                        {
                            out.truncate(from);
                            break;
                        }
                        return;
                    }
                }
            }
        }
        out.push_str(word)
    }

    /// The PerDT authors' lemma of a verb form (`PERDT_VERBS`), when one of
    /// its stems is written in the form: the table lemmatizes the passive
    /// `شد` of a light verb as the active one (`شد` → `کرد#کن`), which the
    /// current treebank does not.
    pub fn perdt_lemma(&self, word: &str) -> Option<&str> {
        let lemma = self.perdt.get(word)?;
        lemma
            .split('#')
            .any(|stem| !stem.is_empty() && word.contains(stem))
            .then_some(&**lemma)
    }

    /// A compound verb's preverb and past stem (`برمی‌گشت` → `بر`, `گشت`),
    /// when the rest after the preverb is a verb with a known stem.
    pub fn preverb_lemma(&self, word: &str) -> Option<(&'static str, &str)> {
        for preverb in PREVERBS {
            let Some(rest) = word.strip_prefix(preverb) else {
                continue;
            };
            let rest = rest.strip_prefix('\u{200C}').unwrap_or(rest);
            if rest.chars().count() < 2 {
                continue;
            }
            if let Some((past, _)) = self.verb_lemma(rest).and_then(|l| l.split_once('#')) {
                if !past.is_empty() {
                    return Some((preverb, past));
                }
            }
        }
        None
    }

    /// A verb's `past#present` lemma from its stem, if a known stem is found.
    pub fn verb_lemma(&self, word: &str) -> Option<&str> {
        for prefix in PREFIXES {
            let Some(rest) = word.strip_prefix(prefix) else {
                continue;
            };
            if rest.is_empty() {
                continue;
            }
            for ending in ENDINGS {
                let Some(stem) = rest.strip_suffix(ending) else {
                    continue;
                };
                if stem.chars().count() < 2 && !stem.starts_with('آ') {
                    continue;
                }
                if let Some(l) = self.past.get(stem).or_else(|| self.present.get(stem)) {
                    return Some(l);
                }
                if !ending.is_empty() {
                    if let Some(s) = stem.strip_suffix('ی') {
                        if s.ends_with(['ا', 'و', 'آ']) {
                            if let Some(l) = self.present.get(s) {
                                return Some(l);
                            }
                        }
                    }
                }
            }
        }
        None
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut ex: Vec<_> = self.exceptions.iter().collect();
        ex.sort();
        w.var(ex.len() as u64);
        for (word, list) in ex {
            w.str(word);
            w.var(list.len() as u64);
            for (u, l) in list {
                w.u8(*u as u8);
                w.str(l);
            }
        }
        let empty = FxHashMap::default();
        for u in 0..Upos::ALL.len() {
            let rules = self.rules.get(u).unwrap_or(&empty);
            let mut rs: Vec<_> = rules.iter().collect();
            rs.sort();
            w.var(rs.len() as u64);
            for (suffix, rule) in rs {
                w.str(suffix);
                w.u8(rule.strip);
                w.str(&rule.append);
            }
        }
        w.var(self.verbs.len() as u64);
        for v in &self.verbs {
            w.str(v);
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Lemmatizer> {
        let n = r.count(3)?;
        let mut exceptions = FxHashMap::default();
        exceptions.reserve(n);
        for _ in 0..n {
            let word = r.str()?;
            let m = r.count(2)?;
            let mut list = Vec::with_capacity(m);
            for _ in 0..m {
                let u = Upos::from_index(r.u8()?)?;
                list.push((u, r.str()?.into()));
            }
            exceptions.insert(word.into(), list);
        }
        let mut rules = Vec::with_capacity(Upos::ALL.len());
        for _ in 0..Upos::ALL.len() {
            let n = r.count(3)?;
            let mut map = FxHashMap::default();
            map.reserve(n);
            for _ in 0..n {
                let suffix = r.str()?;
                let strip = r.u8()?;
                let append = r.str()?.to_string();
                map.insert(suffix.into(), Rule { strip, append });
            }
            rules.push(map);
        }
        let n = r.count(1)?;
        let mut verbs = Vec::with_capacity(n);
        for _ in 0..n {
            verbs.push(r.str()?.into());
        }
        Ok(Lemmatizer::new(exceptions, rules, verbs))
    }
}

/// Which surface tokens split into several UD words, and where.
#[derive(Default, Clone, Debug)]
pub struct Splitter {
    /// Surface → byte offsets where each word but the first begins.
    pub splits: FxHashMap<Box<str>, Vec<u16>>,
}

impl Splitter {
    /// The byte offsets in `token` where each UD word but the first begins,
    /// if the treebanks had this token (empty: they kept it whole); `None`
    /// for a token they never had.
    pub fn cuts(&self, token: &str) -> Option<&[u16]> {
        self.splits.get(token).map(Vec::as_slice)
    }

    pub(crate) fn write(&self, w: &mut Writer) {
        let mut s: Vec<_> = self.splits.iter().collect();
        s.sort();
        w.var(s.len() as u64);
        for (surface, cuts) in s {
            w.str(surface);
            w.var(cuts.len() as u64);
            for &c in cuts {
                w.var(c as u64);
            }
        }
    }

    pub(crate) fn read(r: &mut Reader) -> Result<Splitter> {
        let n = r.count(3)?;
        let mut splits = FxHashMap::default();
        splits.reserve(n);
        for _ in 0..n {
            let surface = r.str()?;
            let m = r.count(1)?;
            let mut cuts = Vec::with_capacity(m);
            let mut prev = 0usize;
            for _ in 0..m {
                let c = r.var()?;
                // Cuts must increase strictly, stay inside and fall on char boundaries.
                if c as usize <= prev
                    || c as usize >= surface.len()
                    || !surface.is_char_boundary(c as usize)
                {
                    return Err(crate::Error::InvalidModel(format!(
                        "bad split offset {c} in {surface:?}"
                    )));
                }
                prev = c as usize;
                cuts.push(c as u16);
            }
            splits.insert(surface.into(), cuts);
        }
        Ok(Splitter { splits })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rules_round_trip() {
        let r = Rule::between("کتاب‌ها", "کتاب");
        assert_eq!(r.strip, 3);
        assert_eq!(r.apply("دفتر‌ها").as_deref(), Some("دفتر"));
        assert_eq!(Rule::between("a", "a").apply("xyz").as_deref(), Some("xyz"));
    }

    #[test]
    fn plurals_graded_adjectives_and_compound_verbs() {
        let l = Lemmatizer::new(FxHashMap::default(), Vec::new(), Vec::new());
        // ات with the stem's ه restored; ان of people; the lexicon knows the stems.
        assert_eq!(l.lemma(Lexicon::embedded(), "مصوبات", Upos::Noun), "مصوبه");
        assert_eq!(
            l.lemma(Lexicon::embedded(), "داوطلبان", Upos::Noun),
            "داوطلب"
        );
        assert_eq!(l.lemma(Lexicon::embedded(), "شدیدتری", Upos::Adj), "شدید");
        assert_eq!(
            l.lemma(Lexicon::embedded(), "بزرگ\u{200C}ترین", Upos::Adj),
            "بزرگ"
        );
        // Only nouns lose a plural suffix, only adjectives a grade.
        assert_eq!(
            l.lemma(Lexicon::embedded(), "داوطلبان", Upos::Propn),
            "داوطلبان"
        );
        assert_eq!(
            l.lemma(Lexicon::embedded(), "شدیدتری", Upos::Noun),
            "شدیدتری"
        );
        // A compound verb: preverb#past stem, as PerDT writes it.
        assert_eq!(
            l.lemma(Lexicon::embedded(), "برمی\u{200C}گشت", Upos::Verb),
            "بر#گشت"
        );
        assert_eq!(
            l.lemma(Lexicon::embedded(), "درآورد", Upos::Verb),
            "در#آورد"
        );
        // A verb whose own stem is known keeps its lemma (بر is not a preverb here).
        assert_eq!(l.lemma(Lexicon::embedded(), "بردند", Upos::Verb), "برد#بر");
    }

    #[test]
    fn rules_keep_known_words_known() {
        let mut rules = vec![FxHashMap::default(); Upos::ALL.len()];
        rules[Upos::Noun as usize].insert(
            "متر".into(),
            Rule {
                strip: 3,
                append: String::new(),
            },
        );
        let l = Lemmatizer::new(FxHashMap::default(), rules, Vec::new());
        // The lexicon has کرونومتر but not کرونو: the rule does not apply.
        assert_eq!(
            l.lemma(Lexicon::embedded(), "کرونومتر", Upos::Noun),
            "کرونومتر"
        );
        // A word the lexicon does not have gets the rule.
        assert_eq!(l.lemma(Lexicon::embedded(), "زززمتر", Upos::Noun), "ززز");
    }

    #[test]
    fn verbs_from_stems() {
        let l = Lemmatizer::new(FxHashMap::default(), Vec::new(), Vec::new());
        assert_eq!(l.verb_lemma("می‌روم"), Some("رفت#رو"));
        assert_eq!(l.verb_lemma("کردند"), Some("کرد#کن"));
        assert_eq!(l.verb_lemma("نمی‌گویند"), Some("گفت#گو"));
    }
}
