//! Normalization of Persian text with an alignment back to the original.
//!
//! The normalizer is a chain of passes over [`Unit`]s: each unit is one output
//! character together with the byte range of the original text it came from.
//! Passes only drop, replace, merge or insert units, never reorder them, so the
//! ranges stay in order and any span of the normalized text maps back to one
//! span of the original (see [`Normalized::source_range`]).
//!
//! 1. [`map`]: character mapping — presentation forms, Arabic letter variants,
//!    diacritics, tatweel, invisible format characters, kinds of space, line breaks.
//! 2. [`spacing`]: white space runs, paragraph breaks and redundant ZWNJs.
//! 3. [`digits`]: digits and numeric separators, except inside Latin words, URLs and code.
//! 4. [`joins`]: ZWNJ where Persian orthography wants one (می‌, ‌ها, ‌تر, ‌ام,
//!    compounds), after the compounds of a user dictionary ([`crate::dictionary`]).
//! 5. [`punct`]: Persian punctuation, «» quotes, `…`, spacing around punctuation.

mod digits;
mod joins;
mod map;
mod punct;
mod spacing;

use crate::dictionary::UserDictionary;
use crate::error::{Error, Result};
use crate::lexicon::Lexicon;
use serde::{Deserialize, Serialize};

/// One character of normalized text and the byte range `start..end` of the
/// original text it stands for. Inserted characters have an empty range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Unit {
    pub c: char,
    pub start: u32,
    pub end: u32,
}

impl Unit {
    pub(crate) fn new(c: char, start: u32, end: u32) -> Unit {
        Unit { c, start, end }
    }
    /// A character inserted by the normalizer just after `prev`.
    pub(crate) fn inserted_after(c: char, prev: &Unit) -> Unit {
        Unit {
            c,
            start: prev.end,
            end: prev.end,
        }
    }
}

/// What to do with digits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum Digits {
    /// ASCII and Arabic-Indic digits become Persian (۰–۹); `.`/`,` between digits become ٫/٬.
    #[default]
    Persian,
    /// Persian and Arabic-Indic digits become ASCII; ٫/٬ become `.`/`,`.
    Ascii,
    /// Digits are left as written.
    Keep,
}

/// What to do with the ezafe hamza (`ۀ`, `هٔ`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Default)]
#[serde(rename_all = "lowercase")]
pub enum EzafeHamza {
    /// `ۀ` and `ه` + U+0654 are written `هٔ` (ه followed by the combining hamza).
    #[default]
    Keep,
    /// The hamza is dropped: `خانهٔ` → `خانه`.
    Remove,
}

/// The normalizer's options. The defaults suit news text; every
/// dictionary-driven join (`verb_prefix`, `suffixes`, `clitics`, `compounds`)
/// can be switched off.
///
/// In JavaScript the same options are written in camelCase (`verbPrefix`,
/// `maxRepeat`, ...); unknown names are an error.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct NormalizeOptions {
    /// Arabic letter variants to Persian: ي ى → ی, ك → ک, ە ھ → ه, presentation forms to base letters.
    pub arabic_letters: bool,
    /// ة → ه.
    pub teh_marbuta: bool,
    /// أ إ ٱ → ا.
    pub alef_hamza: bool,
    /// ؤ → و.
    pub waw_hamza: bool,
    /// The ezafe hamza: kept as `هٔ` or removed.
    pub ezafe_hamza: EzafeHamza,
    /// Digits: to Persian, to ASCII, or kept.
    pub digits: Digits,
    /// Remove diacritics (U+064B–U+0652, U+0670).
    pub diacritics: bool,
    /// Letters repeated more than this many times in a row are cut to this many
    /// (`خیلیییی` → `خیلی` with 1); `None` keeps them.
    pub max_repeat: Option<u8>,
    /// Remove redundant ZWNJs (doubled, at word edges, after letters that never join).
    pub zwnj: bool,
    /// Join the verb prefixes می/نمی to verbs (`می روم`, `میروم` → `می‌روم`), using the verb stems of the lexicon.
    pub verb_prefix: bool,
    /// Join plural and comparative suffixes (ها، های، هایی، تر، ترین).
    pub suffixes: bool,
    /// Join pronominal and copula clitics after ه (`خسته ام` → `خسته‌ام`).
    pub clitics: bool,
    /// Join compounds written with a space when the lexicon writes them with a ZWNJ (`دانش آموز` → `دانش‌آموز`).
    pub compounds: bool,
    /// Persian comma, semicolon and question mark in Persian context, `...` → `…`,
    /// spacing around punctuation and brackets.
    pub punctuation: bool,
    /// Straight double quotes around Persian text become «».
    pub quotes: bool,
}

impl Default for NormalizeOptions {
    fn default() -> Self {
        NormalizeOptions {
            arabic_letters: true,
            teh_marbuta: false,
            alef_hamza: false,
            waw_hamza: false,
            ezafe_hamza: EzafeHamza::Keep,
            digits: Digits::Persian,
            diacritics: true,
            max_repeat: None,
            zwnj: true,
            verb_prefix: true,
            suffixes: true,
            clitics: true,
            compounds: true,
            punctuation: true,
            quotes: true,
        }
    }
}

impl NormalizeOptions {
    /// Character-level clean-up only: letter variants, invisible characters and
    /// white space, with digits, punctuation and words left as written.
    pub fn minimal() -> Self {
        NormalizeOptions {
            digits: Digits::Keep,
            diacritics: false,
            verb_prefix: false,
            suffixes: false,
            clitics: false,
            compounds: false,
            punctuation: false,
            quotes: false,
            ..Self::default()
        }
    }

    fn validate(&self) -> Result<()> {
        if self.max_repeat == Some(0) {
            return Err(Error::InvalidOption(
                "maxRepeat must be at least 1 (or null to keep repeated letters)".into(),
            ));
        }
        Ok(())
    }
}

/// The largest input, in bytes, that one call accepts (offsets are 32-bit).
pub const MAX_INPUT_BYTES: usize = u32::MAX as usize - 1;

/// Normalized text with its alignment to the original.
#[derive(Clone, Debug)]
pub struct Normalized {
    /// The normalized text.
    pub text: String,
    pub(crate) units: Vec<Unit>,
}

impl Normalized {
    /// Number of chars (Unicode scalar values) in the normalized text.
    pub fn char_len(&self) -> usize {
        self.units.len()
    }

    /// The byte range of the original text that the normalized chars
    /// `chars.start..chars.end` come from. An empty range maps to the position
    /// where it stands in the original.
    pub fn source_range(&self, chars: std::ops::Range<usize>) -> std::ops::Range<usize> {
        let n = self.units.len();
        let (a, b) = (chars.start.min(n), chars.end.min(n));
        if a >= b {
            let at = if a < n {
                self.units[a].start
            } else {
                self.units.last().map_or(0, |u| u.end)
            };
            return at as usize..at as usize;
        }
        self.units[a].start as usize..self.units[b - 1].end as usize
    }

    /// For each char of the normalized text, the byte range of the original it came from.
    pub fn alignment(&self) -> impl Iterator<Item = std::ops::Range<usize>> + '_ {
        self.units.iter().map(|u| u.start as usize..u.end as usize)
    }
}

/// Normalizes `text`. See [`NormalizeOptions`] for what is done.
///
/// ```
/// let n = parsi::normalize("كتاب هاي من", &parsi::NormalizeOptions::default()).unwrap();
/// assert_eq!(n.text, "کتاب‌های من");
/// // Every span of the output maps back to the input.
/// assert_eq!(&"كتاب هاي من"[n.source_range(0..8)], "كتاب هاي");
/// ```
pub fn normalize(text: &str, options: &NormalizeOptions) -> Result<Normalized> {
    normalize_with(
        Lexicon::embedded(),
        &UserDictionary::default(),
        text,
        options,
    )
}

/// [`normalize`] with the dictionary joins of `lexicon` and the compounds
/// and never-join words of a user dictionary (what
/// [`crate::Analyzer::normalize`] runs).
pub(crate) fn normalize_with(
    lexicon: &Lexicon,
    dict: &UserDictionary,
    text: &str,
    options: &NormalizeOptions,
) -> Result<Normalized> {
    with_workspace(|ws| {
        normalize_units(lexicon, dict, text, options, &mut ws.units, &mut ws.scratch)?;
        Ok(Normalized {
            text: text_of(&ws.units),
            units: ws.units.clone(),
        })
    })
}

/// The text of `units`, written into a string of the exact size.
fn text_of(units: &[Unit]) -> String {
    let mut text = String::with_capacity(units.iter().map(|u| u.c.len_utf8()).sum());
    for u in units {
        text.push(u.c);
    }
    text
}

/// Buffers kept between calls on one thread, so that a page or a worker that
/// analyses one document after another does not allocate (and fault in) them
/// anew each time. Buffers grown past [`Workspace::KEEP`] elements are dropped.
#[derive(Default)]
pub(crate) struct Workspace {
    pub units: Vec<Unit>,
    pub scratch: Vec<Unit>,
    pub chars: Vec<char>,
    pub tokens: Vec<crate::tokenize::RawToken>,
}

impl Workspace {
    const KEEP: usize = 1 << 22;

    fn tidy(&mut self) {
        fn tidy<T>(v: &mut Vec<T>) {
            v.clear();
            if v.capacity() > Workspace::KEEP {
                *v = Vec::new();
            }
        }
        tidy(&mut self.units);
        tidy(&mut self.scratch);
        tidy(&mut self.chars);
        tidy(&mut self.tokens);
    }
}

thread_local! {
    static WORKSPACE: std::cell::RefCell<Workspace> = std::cell::RefCell::new(Workspace::default());
}

/// Runs `f` with this thread's workspace (a fresh one if it is in use already).
pub(crate) fn with_workspace<R>(f: impl FnOnce(&mut Workspace) -> R) -> R {
    let mut ws = WORKSPACE.with(|w| {
        w.try_borrow_mut()
            .map(|mut w| std::mem::take(&mut *w))
            .unwrap_or_default()
    });
    let r = f(&mut ws);
    ws.tidy();
    WORKSPACE.with(|w| {
        if let Ok(mut w) = w.try_borrow_mut() {
            *w = ws;
        }
    });
    r
}

/// Runs the passes into `units`, using `scratch` as the second buffer.
///
/// The text is normalized in pieces of a few kilobytes, each through all the
/// passes, so that the passes' buffers stay in the cache; the pieces are cut
/// where the passes give what they give on the whole text (see [`chunk_end`]).
pub(crate) fn normalize_units(
    lexicon: &Lexicon,
    dict: &UserDictionary,
    text: &str,
    options: &NormalizeOptions,
    units: &mut Vec<Unit>,
    scratch: &mut Vec<Unit>,
) -> Result<()> {
    if text.len() > MAX_INPUT_BYTES {
        return Err(Error::InputTooLarge {
            len: text.len(),
            max: MAX_INPUT_BYTES,
        });
    }
    options.validate()?;
    units.clear();
    units.reserve(text.len() / 2 + 16);
    scratch.clear();
    let mut other = SCRATCH.with(|s| {
        s.try_borrow_mut()
            .map(|mut s| std::mem::take(&mut *s))
            .unwrap_or_default()
    });
    other.clear();
    let mut spacing = spacing::State::default();
    let mut from = 0;
    while from < text.len() {
        let to = chunk_end(text, from);
        scratch.clear();
        map::run(text, from..to, options, scratch);
        other.clear();
        spacing::run(scratch, options, &mut spacing, &mut other);
        let (a, b) = (&mut other, &mut *scratch);
        // Digits after spacing: a removed ZWNJ or space can bring digits together (`۱۲.‌۱۲`).
        digits::run(a, options.digits);
        if options.compounds && dict.has_compounds() {
            b.clear();
            joins::user_compounds(dict, a, b);
            std::mem::swap(a, b);
        }
        if options.verb_prefix || options.suffixes || options.clitics || options.compounds {
            b.clear();
            joins::run(lexicon, dict, a, options, b);
            std::mem::swap(a, b);
        }
        let start = units.len();
        if options.punctuation || options.quotes {
            punct::run(a, options, units);
        } else {
            units.extend_from_slice(a);
        }
        keep_in_order(units, start);
        from = to;
    }
    scratch.clear();
    other.clear();
    if other.capacity() <= Workspace::KEEP {
        SCRATCH.with(|s| {
            if let Ok(mut s) = s.try_borrow_mut() {
                *s = other;
            }
        });
    }
    Ok(())
}

thread_local! {
    /// The third buffer of [`normalize_units`], kept between calls.
    static SCRATCH: std::cell::RefCell<Vec<Unit>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// About how many bytes of text [`normalize_units`] runs through the passes at once.
const CHUNK_BYTES: usize = 16 * 1024;

/// Where the piece of `text` that begins at `from` ends: just after the first
/// line break past [`CHUNK_BYTES`] that a letter no option maps follows
/// (the end of the text if there is none). There every pass is at a clean
/// state: the map pass has nothing pending; the spacing pass holds the line
/// break, which the letter writes; the later passes see a line break, which
/// no rule looks across, where the piece begins and ends.
fn chunk_end(text: &str, from: usize) -> usize {
    let bytes = text.as_bytes();
    let mut at = from + CHUNK_BYTES;
    while at < bytes.len() {
        let Some(nl) = bytes[at..].iter().position(|&b| b == b'\n') else {
            break;
        };
        let next = at + nl + 1;
        if text[next..]
            .chars()
            .next()
            .is_some_and(|c| c != ' ' && map::is_plain_persian(c))
        {
            return next;
        }
        at = next;
    }
    text.len()
}

/// Makes the alignment's starts non-decreasing. A char inserted inside what
/// one source char expanded to — the ZWNJ the suffix rule puts between the
/// `ی` and `ه` of the ligature `ﳱ` (`روﳱا` → `روی‌ها`) — would otherwise
/// start after the source char that the next output char starts at; it takes
/// that char's range instead. Ranges only grow, so nothing loses its source.
///
/// `units[..from]` are in order already: the new units are put in order,
/// and the old ones only as far as a new one starts before them.
fn keep_in_order(units: &mut [Unit], from: usize) {
    for i in (from.max(1)..units.len()).rev() {
        if units[i - 1].start > units[i].start {
            units[i - 1].start = units[i].start;
        }
    }
    for i in (1..from.min(units.len())).rev() {
        if units[i - 1].start <= units[i].start {
            break;
        }
        units[i - 1].start = units[i].start;
    }
}

/// Characters of Latin-like runs: ASCII letters and digits, digits of any
/// script, letters of non-Arabic scripts and the symbols of URLs, e-mails and code.
fn runlike(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || crate::chars::is_digit(c)
        || crate::chars::is_other_letter(c)
        || matches!(
            c,
            '.' | '_'
                | '-'
                | '/'
                | ':'
                | '@'
                | '#'
                | '%'
                | '+'
                | '='
                | '&'
                | '?'
                | '~'
                | ','
                | '٫'
                | '٬'
                | '\''
        )
}

/// Answers "is unit `i` inside a Latin-like run?" (a maximal run of
/// [`runlike`] chars containing a letter of a non-Arabic script: a URL, an
/// e-mail, `mp3`, code).
/// Digits and punctuation inside such runs are left alone.
#[derive(Default)]
pub(crate) struct LatinRuns {
    start: usize,
    end: usize,
    latin: bool,
}

impl LatinRuns {
    /// Is unit `i` in a Latin-like run? The run last found is remembered, so a
    /// caller moving forward scans each run once; any order gives right answers.
    pub(crate) fn at(&mut self, units: &[Unit], i: usize) -> bool {
        if (self.start..self.end).contains(&i) {
            return self.latin;
        }
        if !runlike(units[i].c) {
            return false;
        }
        self.start = i - units[..i].iter().rev().take_while(|u| runlike(u.c)).count();
        self.end = i + units[i..].iter().take_while(|u| runlike(u.c)).count();
        self.latin = units[self.start..self.end]
            .iter()
            .any(|u| crate::chars::is_other_letter(u.c));
        self.latin
    }
}

#[cfg(test)]
mod tests;
