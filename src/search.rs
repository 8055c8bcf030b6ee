//! Search tokens: the analyzer that client-side full-text search needs for
//! Persian (lunr, FlexSearch, MiniSearch and the like split on spaces and
//! lowercase, which leaves `کتاب‌هایشان` unmatched by `کتاب`).
//!
//! [`Analyzer::search_tokens`] normalizes and tokenizes the text (no tagging,
//! no entities) and gives, for every word, number, Latin word, URL, e-mail,
//! mention and hashtag (punctuation, symbols and emoji are left out):
//!
//! - `norm`, the token as the normalizer writes it;
//! - `term`, the key to index it under: its [`fold`]ed form, stemmed
//!   **conservatively** (below);
//! - `stop`, whether its term is one of the lexicon's stop words (folded;
//!   [`crate::lexicon::Lexicon::is_stopword`]: `و`, `در`, `که`, `می‌شود`, …):
//!   a function of the term, so tokens with one term have one flag (the
//!   list has `بزرگ`, so `بزرگ‌ترین` is flagged too). Stop words are not
//!   stemmed.
//!
//! ```
//! use parsi::{search_tokens, SearchOptions};
//!
//! let tokens = search_tokens("کتاب‌هایشان را در تهران خریدند.", &SearchOptions::default()).unwrap();
//! let terms: Vec<(&str, bool)> = tokens.iter().map(|t| (t.term.as_str(), t.stop)).collect();
//! assert_eq!(
//!     terms,
//!     [("کتاب", false), ("را", true), ("در", true), ("تهران", false), ("خریدن", false)]
//! );
//! ```
//!
//! ## Terms
//!
//! A term must be the same for the word in a one-word query and in a
//! document, so it depends on the word alone, never on its context (no part
//! of speech). The rules, in order, for a word token:
//!
//! 1. **Fold** ([`fold`]): ZWNJ and ZWJ removed (`کتاب‌ها` and `کتابها`, `نرم‌افزار`
//!    and `نرمافزار` give one term), Arabic ي ى ك → ی ک, ة ۀ → ه, أ إ ٱ → ا,
//!    ؤ → و, diacritics, the hamza above and tatweel removed. The normalizer
//!    does some of this already; folding does it whatever the normalizer
//!    options say. `آ` and `ئ` stay (they are letters of their own).
//! 2. A **stop word**, a word of fewer than three letters or a word the
//!    lexicon knows (compared folded) is its own term: `ایران`, `تهران`,
//!    `آبان`, `باران`, `تنها`, `بهتر`, `اطلاعات` stay whole although `ایر`,
//!    `ته`, `آب`, `بار`, `تن`, `به` and `اطلاع` are words too.
//! 3. A word that starts with می/نمی and is a verb form with a known stem
//!    (the lemmatizer's [`crate::pos::Lemmatizer::verb_lemma`]) → the verb's
//!    **infinitive**, its past stem + ن: `می‌روم`, `نمی‌رفتند` → `رفتن`.
//! 4. A plural, possessive, ezafe or comparative suffix is removed when what
//!    remains is a noun or adjective the lexicon knows: `ها`/`های`/`هایی` and
//!    `ها` + a possessive (`کتاب‌هایشان` → `کتاب`), a possessive alone
//!    (`کتابم`, `خانه‌اش`, `دانشجویش`), the ezafe ی after ه, ا or و
//!    (`خانه‌ی` → `خانه`), `ان`/`یان`/`گان` of nouns (`درختان` → `درخت`,
//!    `دانشجویان` → `دانشجو`; `گان` with the noun's ه restored), `ات`
//!    (with a final ه or ت restored), `ین` of adjectives, and `تر`/`ترین`/`تری` of adjectives (`بزرگ‌ترین` → `بزرگ`), also
//!    under a plural (`بزرگ‌ترها` → `بزرگ`). What remains must have at least
//!    two letters (three for `ان`, `ین` and a one-letter possessive). When it
//!    is a verb's past stem and the suffix a one-letter ending (`رفتم`,
//!    `دیدم`), the word is read as that verb: `رفتن`, `دیدن`.
//! 5. Any other verb form with a known stem → its infinitive (`رفتم`,
//!    `خوردند`, `برگشت` → `رفتن`, `خوردن`, `برگشتن`).
//! 6. Anything else (names, unknown words, `ایرانی`: the ی that makes
//!    adjectives and the indefinite ی are not removed) is its own term.
//!
//! A term is a fixed point: the term of a term is itself (when the tokenizer
//! reads the term back as one token: `#۱۲`, the term of `#ً۱۲` with
//! diacritics kept, is read as `#` and a number).
//!
//! Numbers keep their normalized digits (Persian by default); digits inside
//! words, Latin words and hashtags are written in the same script, also where
//! the normalizer leaves them (`abc۱۲`). Latin words, mentions and hashtags
//! are lowercased and folded, URLs and e-mails only lowercased. With
//! `maxRepeat` set, letters that folding repeats are cut as the normalizer
//! cuts them. With [`SearchOptions::stem`] off, the term is the folded form.

use crate::analyzer::Analyzer;
use crate::chunks::{Chunk, Position};
use crate::document::{AnalyzeOptions, Document, OffsetUnit, Span};
use crate::error::Result;
use crate::lexicon::{Lexicon, WordTags};
use crate::normalize::{Digits, NormalizeOptions};
use crate::pos::Lemmatizer;
use crate::tokenize::TokenKind;
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};
use std::sync::OnceLock;

/// Options of [`crate::search_tokens`] (in JavaScript, `searchTokens`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct SearchOptions {
    /// How the text is normalized before it is tokenized (the same text must
    /// be normalized the same way when indexed and when searched).
    pub normalize: NormalizeOptions,
    /// Remove suffixes and reduce verbs to their infinitive (default `true`);
    /// `false` makes the term the folded form.
    pub stem: bool,
}

impl Default for SearchOptions {
    fn default() -> Self {
        SearchOptions {
            normalize: NormalizeOptions::default(),
            stem: true,
        }
    }
}

impl SearchOptions {
    /// The analysis search tokens are read from: these normalization
    /// options, no part of speech, no entities.
    pub fn analyze_options(&self) -> AnalyzeOptions {
        AnalyzeOptions {
            normalize: self.normalize.clone(),
            pos: false,
            entities: false,
        }
    }
}

/// A token to index or to search for.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchToken {
    /// The token as written in the input.
    pub text: String,
    /// Where the token stands in the input.
    pub span: Span,
    /// The token as normalized.
    pub norm: String,
    /// The index key: folded and conservatively stemmed (see the
    /// [module documentation](self)).
    pub term: String,
    /// True when the term is a stop word of the lexicon.
    pub stop: bool,
}

/// A search token as the JavaScript API shows it, with offsets in one unit.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct SearchTokenView<'a> {
    /// The token as written in the input.
    pub text: &'a str,
    /// The token as normalized.
    pub norm: &'a str,
    /// The index key.
    pub term: &'a str,
    /// True for a stop word.
    pub stop: bool,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
}

impl SearchToken {
    /// The token's view with offsets in `unit`.
    pub fn view(&self, unit: OffsetUnit) -> SearchTokenView<'_> {
        let (start, end) = self.span.in_unit(unit);
        SearchTokenView {
            text: &self.text,
            norm: &self.norm,
            term: &self.term,
            stop: self.stop,
            start,
            end,
        }
    }
}

/// Folds `s` for search: ZWNJ and ZWJ removed, Arabic letter variants to
/// the Persian ones (ي ى → ی, ك → ک, ة ۀ → ه, أ إ ٱ → ا, ؤ → و), diacritics,
/// the hamza above (U+0654) and tatweel removed.
///
/// ```
/// assert_eq!(parsi::search::fold("كتاب‌هاي"), "کتابهای");
/// assert_eq!(parsi::search::fold("تأثیر"), "تاثیر");
/// ```
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\u{200C}' | '\u{200D}' | '\u{0640}' | '\u{064B}'..='\u{0655}' | '\u{0670}' => {}
            'ي' | 'ى' | 'ې' | 'ۍ' => out.push('ی'),
            'ك' | 'ڪ' => out.push('ک'),
            'ة' | 'ۀ' | 'ە' | 'ھ' => out.push('ه'),
            'أ' | 'إ' | 'ٱ' => out.push('ا'),
            'ؤ' => out.push('و'),
            _ => out.push(c),
        }
    }
    out
}

/// `s` with letters repeated more than `max` times in a row cut to `max`, as
/// the normalizer's `max_repeat` does (folding can make new runs: `إأ` → `اا`).
fn cut_repeats(s: String, max: Option<u8>) -> String {
    let Some(max) = max.filter(|&m| m > 0) else {
        return s;
    };
    let mut out = String::with_capacity(s.len());
    let (mut prev, mut run) = ('\0', 0usize);
    for c in s.chars() {
        run = if c == prev { run + 1 } else { 1 };
        prev = c;
        if !(crate::chars::is_alphabetic(c) && run > max as usize) {
            out.push(c);
        }
    }
    out
}

/// Digits (and with `separators`, a number's `.` `,` `٫` `٬`) in the script
/// the normalizer writes, which it does not do everywhere (next to Latin
/// letters: `abc۱۲`): `۱۲` from `abc۱۲` and `۱۲` alone have one term.
fn digits(norm: &str, to: Digits, separators: bool) -> String {
    norm.chars()
        .map(|c| {
            let value = match c {
                '0'..='9' => Some(c as u32 - '0' as u32),
                '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
                '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
                _ => None,
            };
            if value.is_none() && !separators {
                return c;
            }
            match (to, value, c) {
                (Digits::Persian, Some(v), _) => char::from_u32(0x06F0 + v).unwrap_or(c),
                (Digits::Ascii, Some(v), _) => char::from_u32('0' as u32 + v).unwrap_or(c),
                (Digits::Persian, None, '.') => '٫',
                (Digits::Persian, None, ',') => '٬',
                (Digits::Ascii, None, '٫') => '.',
                (Digits::Ascii, None, '٬') => ',',
                _ => c,
            }
        })
        .collect()
}

/// The lexicon's words folded, with their tags (the tags of words that fold
/// to one string merged), and its stop words folded.
struct Folded {
    words: FxHashMap<String, WordTags>,
    stopwords: FxHashSet<String>,
}

impl Folded {
    fn get(lex: &Lexicon) -> &'static Folded {
        static FOLDED: OnceLock<Folded> = OnceLock::new();
        FOLDED.get_or_init(|| {
            let mut words: FxHashMap<String, WordTags> = FxHashMap::default();
            for (w, t) in lex.words() {
                let e = words.entry(fold(w)).or_default();
                *e = e.union(t);
            }
            let stopwords = lex.stopwords().map(fold).collect();
            Folded { words, stopwords }
        })
    }

    fn known(&self, w: &str) -> bool {
        self.words.contains_key(w)
    }

    fn has(&self, w: &str, mask: u16) -> bool {
        self.words.get(w).is_some_and(|t| t.has(mask))
    }
}

const NOMINAL: u16 = WordTags::NOUN | WordTags::ADJ;

/// How a nominal suffix is removed.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Suffix {
    /// Plural ها (with the indefinite ی or a possessive after it).
    Plural,
    /// A possessive, or the ezafe ی.
    Possessive,
    /// A one-letter possessive (م, ت, ش), also a verb's personal ending.
    OneLetter,
    /// ان of nouns and adjectives (یان after a vowel, گان for a final ه).
    An,
    /// ات (with a final ه or ت restored).
    At,
    /// ین of adjectives.
    In,
    /// تر, ترین, تری of adjectives.
    Graded,
}

/// Folded suffixes, longest first within each kind; tried in this order.
const SUFFIXES: [(&str, Suffix); 31] = [
    ("هایشان", Suffix::Plural),
    ("هایتان", Suffix::Plural),
    ("هایمان", Suffix::Plural),
    ("هایش", Suffix::Plural),
    ("هایت", Suffix::Plural),
    ("هایم", Suffix::Plural),
    ("هایی", Suffix::Plural),
    ("های", Suffix::Plural),
    ("ها", Suffix::Plural),
    ("ترین", Suffix::Graded),
    ("تری", Suffix::Graded),
    ("تر", Suffix::Graded),
    ("یشان", Suffix::Possessive),
    ("یتان", Suffix::Possessive),
    ("یمان", Suffix::Possessive),
    ("شان", Suffix::Possessive),
    ("تان", Suffix::Possessive),
    ("مان", Suffix::Possessive),
    ("یش", Suffix::Possessive),
    ("یت", Suffix::Possessive),
    ("یم", Suffix::Possessive),
    ("اش", Suffix::Possessive),
    ("ام", Suffix::Possessive),
    ("ی", Suffix::Possessive),
    ("ش", Suffix::OneLetter),
    ("ت", Suffix::OneLetter),
    ("م", Suffix::OneLetter),
    ("ات", Suffix::At),
    ("گان", Suffix::An),
    ("ان", Suffix::An),
    ("ین", Suffix::In),
];

/// What a possessive or the ezafe ی must follow: ی, اش, ام a final ه
/// (`خانه‌ی`, `خانه‌اش`), ی also ا or و (`آقای`, `دانشجوی`); the glide
/// forms یش, یت, یم, یشان, … a final ا or و (`دانشجویش`, `پایشان`).
fn possessive_fits(suffix: &str, rest: &str) -> bool {
    match suffix {
        "اش" | "ام" => rest.ends_with('ه'),
        "ی" => rest.ends_with(['ه', 'ا', 'و']),
        "یش" | "یت" | "یم" | "یشان" | "یتان" | "یمان" => {
            rest.ends_with(['ا', 'و'])
        }
        _ => true,
    }
}

fn chars_at_least(s: &str, n: usize) -> bool {
    s.chars().nth(n - 1).is_some()
}

/// The stemmer: the folded lexicon and the lemmatizer's verbs.
struct Stemmer<'a> {
    lex: &'a Lexicon,
    folded: &'static Folded,
    lemmatizer: &'a Lemmatizer,
}

/// A stem found by [`Stemmer::nominal`]: the known word, and whether it is
/// a verb's past stem before a one-letter ending (`رفتم`: read as a verb).
struct Nominal {
    stem: String,
    past_stem: bool,
}

impl Stemmer<'_> {
    /// The term of a word token: `norm` as normalized, `f` folded.
    fn word_term(&self, norm: &str, f: String) -> String {
        if !chars_at_least(&f, 3) || self.folded.known(&f) {
            return f;
        }
        if f.starts_with("می") || f.starts_with("نمی") {
            if let Some(v) = self.verb(norm, &f) {
                return v;
            }
        }
        if let Some(n) = self.nominal(&f) {
            if n.past_stem {
                if let Some(v) = self.verb(norm, &f) {
                    return v;
                }
            }
            return n.stem;
        }
        self.verb(norm, &f).unwrap_or(f)
    }

    /// The infinitive of a verb form with a known stem.
    fn verb(&self, norm: &str, f: &str) -> Option<String> {
        let l = &self.lemmatizer;
        if let Some(lemma) = l.verb_lemma(norm).or_else(|| l.verb_lemma(f)) {
            let (past, _) = lemma.split_once('#')?;
            // Learned lemmas might not be folded: fold, and refuse a short one.
            let past = fold(past);
            return chars_at_least(&past, 2).then(|| past + "ن");
        }
        let (preverb, past) = l.preverb_lemma(norm).or_else(|| l.preverb_lemma(f))?;
        Some(fold(&format!("{preverb}{past}ن")))
    }

    /// A known noun or adjective that `f` is made of with a suffix.
    fn nominal(&self, f: &str) -> Option<Nominal> {
        SUFFIXES.iter().find_map(|&(suffix, kind)| {
            let rest = f.strip_suffix(suffix)?;
            self.strip(suffix, rest, kind)
        })
    }

    /// A known noun or adjective of at least two letters.
    fn known(&self, s: &str, mask: u16) -> bool {
        chars_at_least(s, 2) && self.folded.has(s, mask)
    }

    /// What `rest`, the word without `suffix` (of `kind`), stands for, if
    /// the lexicon explains it.
    fn strip(&self, suffix: &str, rest: &str, kind: Suffix) -> Option<Nominal> {
        let stem = match kind {
            Suffix::Plural | Suffix::Possessive => {
                if kind == Suffix::Possessive && !possessive_fits(suffix, rest) {
                    return None;
                }
                if self.known(rest, NOMINAL) {
                    Some(rest.to_string())
                } else {
                    // A comparative under a plural or possessive: بزرگ‌ترها.
                    ["ترین", "تری", "تر"].iter().find_map(|g| {
                        let s = rest.strip_suffix(g)?;
                        self.known(s, WordTags::ADJ).then(|| s.to_string())
                    })
                }
            }
            Suffix::Graded => self.known(rest, WordTags::ADJ).then(|| rest.to_string()),
            Suffix::OneLetter => {
                if !chars_at_least(rest, 3) {
                    return None;
                }
                let past_stem = self.is_past_stem(rest);
                return (past_stem || self.known(rest, NOMINAL)).then(|| Nominal {
                    stem: rest.to_string(),
                    past_stem,
                });
            }
            // گان of a final ه: ستارگان → ستاره.
            Suffix::An if suffix == "گان" => {
                let s = format!("{rest}ه");
                self.known(&s, NOMINAL).then_some(s)
            }
            Suffix::An if chars_at_least(rest, 3) => {
                if self.known(rest, NOMINAL) {
                    Some(rest.to_string())
                } else {
                    // A glide ی after a vowel: دانشجویان → دانشجو.
                    rest.strip_suffix('ی')
                        .filter(|s| s.ends_with(['ا', 'و']) && self.known(s, NOMINAL))
                        .map(str::to_string)
                }
            }
            Suffix::An => None,
            Suffix::At => ["ه", "ت", ""].iter().find_map(|end| {
                let s = format!("{rest}{end}");
                self.known(&s, NOMINAL).then_some(s)
            }),
            Suffix::In => (chars_at_least(rest, 3) && self.known(rest, WordTags::ADJ))
                .then(|| rest.to_string()),
        }?;
        Some(Nominal {
            stem,
            past_stem: false,
        })
    }

    /// True for a verb's past stem (`رفت`, `دید`), which with a one-letter
    /// ending is a verb form.
    fn is_past_stem(&self, s: &str) -> bool {
        self.lex.is_verb_stem(s)
            && self
                .lemmatizer
                .verb_lemma(s)
                .and_then(|l| l.split_once('#'))
                .is_some_and(|(past, _)| past == s)
    }
}

impl Analyzer {
    /// The search tokens of `text`: see the [module documentation](crate::search).
    /// Offsets point into `text` as given.
    ///
    /// ```
    /// let analyzer = parsi::Analyzer::shared().unwrap();
    /// let t = analyzer.search_tokens("كتابهايشان", &Default::default()).unwrap();
    /// assert_eq!((t[0].norm.as_str(), t[0].term.as_str()), ("کتاب‌هایشان", "کتاب"));
    /// ```
    pub fn search_tokens(&self, text: &str, options: &SearchOptions) -> Result<Vec<SearchToken>> {
        self.check_search(options)?;
        let doc = self.analyze(text, &options.analyze_options())?;
        let mut out = Vec::with_capacity(doc.tokens.len());
        self.push_search_tokens(&doc, options, Position::default(), &mut out);
        Ok(out)
    }

    /// The search tokens of a chunk analysed with
    /// [`SearchOptions::analyze_options`] (by [`Analyzer::analyze_chunks`] or
    /// a [`crate::Cursor`]), with spans in the whole text: the chunks' one
    /// after another are [`Analyzer::search_tokens`] of the whole text.
    ///
    /// ```
    /// let analyzer = parsi::Analyzer::shared().unwrap();
    /// let text = "کتاب‌های من را خواندم.\nدیروز به کتابخانه رفتیم.";
    /// let options = parsi::SearchOptions::default();
    /// let mut tokens = Vec::new();
    /// for chunk in analyzer.analyze_chunks(text, &options.analyze_options(), 1) {
    ///     tokens.extend(analyzer.chunk_search_tokens(&chunk.unwrap(), &options).unwrap());
    /// }
    /// assert_eq!(tokens, analyzer.search_tokens(text, &options).unwrap());
    /// ```
    pub fn chunk_search_tokens(
        &self,
        chunk: &Chunk,
        options: &SearchOptions,
    ) -> Result<Vec<SearchToken>> {
        self.check_search(options)?;
        let mut out = Vec::with_capacity(chunk.document.tokens.len());
        self.push_search_tokens(&chunk.document, options, chunk.start, &mut out);
        Ok(out)
    }

    /// Stemming needs the part-of-speech model's lemmatizer, which
    /// [`Analyzer::segmenter`] has not.
    fn check_search(&self, options: &SearchOptions) -> Result<()> {
        if options.stem && !self.has_tagger() {
            return Err(crate::Error::InvalidOption(
                "stem: this analyzer has no lemmatizer (Analyzer::segmenter): use stem: false"
                    .into(),
            ));
        }
        Ok(())
    }

    /// Appends the search tokens of `doc`, which starts at `at` in the text
    /// their spans count in.
    fn push_search_tokens(
        &self,
        doc: &Document,
        options: &SearchOptions,
        at: Position,
        out: &mut Vec<SearchToken>,
    ) {
        let stemmer = Stemmer {
            lex: self.lexicon(),
            folded: Folded::get(self.lexicon()),
            lemmatizer: &self.tagger().lemmatizer,
        };
        let (max_repeat, to_digits) = (options.normalize.max_repeat, options.normalize.digits);
        for t in &doc.tokens {
            let norm = doc.norm(t);
            let (term, stop) = match t.kind {
                TokenKind::Punct | TokenKind::Symbol | TokenKind::Emoji => continue,
                TokenKind::Number => (digits(norm, to_digits, true), false),
                TokenKind::Word => {
                    let f = digits(&cut_repeats(fold(norm), max_repeat), to_digits, false);
                    // A stop word is its own term; so is every word without stemming.
                    let term = if stemmer.folded.stopwords.contains(&f) || !options.stem {
                        f
                    } else {
                        stemmer.word_term(norm, f)
                    };
                    // Whether the term is a stop word: two tokens with one
                    // term have one flag (`بزرگ‌ترین` is flagged as `بزرگ` is).
                    let stop = stemmer.folded.stopwords.contains(&term);
                    (term, stop)
                }
                // Addresses are identifiers: lowercased, not folded (the
                // letters that lowercasing makes a run of are cut as the
                // normalizer cuts them: `a@b.coO` → `a@b.co` with
                // `maxRepeat: 1`, so that the term is its own term).
                TokenKind::Url | TokenKind::Email => {
                    (cut_repeats(norm.to_lowercase(), max_repeat), false)
                }
                TokenKind::Latin | TokenKind::Mention | TokenKind::Hashtag => {
                    let f = fold(&norm.to_lowercase());
                    (digits(&cut_repeats(f, max_repeat), to_digits, false), false)
                }
            };
            if term.is_empty() {
                // Only ZWNJs or marks (kept by the options): nothing to find.
                continue;
            }
            out.push(SearchToken {
                text: doc.slice(&t.span).to_string(),
                span: t.span.after(at),
                norm: norm.to_string(),
                term,
                stop,
            });
        }
    }
}

/// The search tokens of `text` with the embedded models
/// ([`Analyzer::search_tokens`]).
pub fn search_tokens(text: &str, options: &SearchOptions) -> Result<Vec<SearchToken>> {
    Analyzer::shared()?.search_tokens(text, options)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fold_unifies_variants() {
        assert_eq!(fold("كتاب‌هاي"), "کتابهای");
        assert_eq!(
            fold("خانۀ مسأله‌ی مؤمن"),
            "خانه مساله‌ی مومن".replace('\u{200C}', "")
        );
        assert_eq!(fold("کِتابـــ"), "کتاب");
        assert_eq!(fold("آئین"), "آئین"); // آ and ئ stay
        assert_eq!(fold(&fold("إأة")), fold("إأة"));
    }

    #[test]
    fn repeats_and_digits() {
        assert_eq!(cut_repeats("اا".into(), Some(1)), "ا");
        assert_eq!(cut_repeats("خیلییی".into(), Some(2)), "خیلیی");
        assert_eq!(cut_repeats("خیلییی".into(), None), "خیلییی");
        assert_eq!(cut_repeats("۱۱۱".into(), Some(1)), "۱۱۱"); // letters only
        assert_eq!(digits("3.5", Digits::Persian, true), "۳٫۵");
        assert_eq!(digits("٣٫٥", Digits::Ascii, true), "3.5");
        assert_eq!(digits("a.b۲", Digits::Ascii, false), "a.b2");
        assert_eq!(digits("۱۲", Digits::Keep, true), "۱۲");
    }
}
