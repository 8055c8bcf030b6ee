//! The document model: the original text, its normalized form, sentences and
//! tokens, every one with offsets into the **original** text.

use crate::error::Result;
use crate::normalize::{normalize_units, with_workspace, NormalizeOptions, Unit, Workspace};
use crate::pos::{TagBuffers, Tagger, Upos};
use crate::tokenize::{tokenize_chars, TokenKind};
use serde::{Deserialize, Serialize};

/// A span of the original text, in three units: bytes (for slicing a Rust
/// `&str`), chars (Unicode scalar values) and UTF-16 code units (for slicing a
/// JavaScript string).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Span {
    /// Byte offset of the first byte.
    pub start: usize,
    /// Byte offset just past the last byte.
    pub end: usize,
    /// Char offset of the first char.
    pub char_start: usize,
    /// Char offset just past the last char.
    pub char_end: usize,
    /// UTF-16 offset of the first code unit.
    pub utf16_start: usize,
    /// UTF-16 offset just past the last code unit.
    pub utf16_end: usize,
}

impl Span {
    /// The byte range, to slice the original text: `&text[span.range()]`.
    pub fn range(&self) -> std::ops::Range<usize> {
        self.start..self.end
    }
}

/// A token.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// Where the token stands in the original text.
    pub span: Span,
    /// Byte range of the token in [`Document::normalized`]; [`Document::norm`] gives the text.
    pub norm: std::ops::Range<usize>,
    /// What the token is.
    pub kind: TokenKind,
    /// Its UD words: an index range into [`Document::words`] (empty when
    /// [`AnalyzeOptions::pos`] is off).
    pub words: std::ops::Range<usize>,
}

/// A syntactic word in the Universal Dependencies sense: a whole token, or a
/// part of one that UD splits (`کتابش` → `کتاب` + `ش`), with its part of
/// speech and lemma.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Word {
    /// Where the word stands in the original text (inside its token's span).
    pub span: Span,
    /// Byte range of the word in [`Document::normalized`].
    pub norm: std::ops::Range<usize>,
    /// The universal part-of-speech tag.
    pub upos: Upos,
    /// Byte range of the lemma in [`Document::lemmas`]; [`Document::lemma`] gives the text.
    pub lemma: std::ops::Range<usize>,
}

/// A sentence.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// Where the sentence stands in the original text.
    pub span: Span,
    /// Index of its first token in [`Document::tokens`].
    pub token_start: usize,
    /// Index just past its last token.
    pub token_end: usize,
}

/// A named entity (filled in by the entity recognizer; empty until it runs).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Entity {
    /// The label (PER, LOC, ORG, DAT, TIM, MON, PCT).
    pub label: String,
    /// Where the entity stands in the original text.
    pub span: Span,
}

/// Which offsets a [`TokenView`] or [`EntityView`] carries.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OffsetUnit {
    /// Chars (Unicode scalar values), as the command line's JSON.
    Char,
    /// UTF-16 code units, as JavaScript strings.
    Utf16,
}

impl Span {
    /// `(start, end)` in the given unit.
    pub fn in_unit(&self, unit: OffsetUnit) -> (usize, usize) {
        match unit {
            OffsetUnit::Char => (self.char_start, self.char_end),
            OffsetUnit::Utf16 => (self.utf16_start, self.utf16_end),
        }
    }
}

/// A token as the command line's JSON and the JavaScript API show it: its
/// original text, normalized form, offsets in one unit and kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct TokenView<'a> {
    /// The token as written in the input.
    pub text: &'a str,
    /// The token as normalized.
    pub norm: &'a str,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
    /// The kind's lowercase name.
    pub kind: &'static str,
    /// The token's UD words, one or more (none when POS tagging is off).
    pub words: Vec<WordView<'a>>,
}

/// A word as the command line's JSON and the JavaScript API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct WordView<'a> {
    /// The word as written in the input.
    pub text: &'a str,
    /// The word as normalized.
    pub norm: &'a str,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
    /// The universal part-of-speech tag, e.g. `"NOUN"`.
    pub upos: &'static str,
    /// The lemma (verbs as `past#present` stems, e.g. `کرد#کن`).
    pub lemma: &'a str,
}

/// An entity as the command line's JSON and the JavaScript API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct EntityView<'a> {
    /// The label.
    pub label: &'a str,
    /// The entity as written in the input.
    pub text: &'a str,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
}

/// Options of [`analyze`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AnalyzeOptions {
    /// How the text is normalized before it is segmented.
    pub normalize: NormalizeOptions,
    /// Split tokens into words and tag each with its part of speech and lemma
    /// (default `true`).
    pub pos: bool,
    /// Find named entities (default `true`).
    pub entities: bool,
}

impl AnalyzeOptions {
    /// Segmentation only: the default normalization, no part-of-speech
    /// tagging, no entities (what [`tokenize`] and [`sentences`] use).
    pub fn segmentation() -> Self {
        AnalyzeOptions {
            pos: false,
            entities: false,
            ..AnalyzeOptions::default()
        }
    }
}

impl Default for AnalyzeOptions {
    fn default() -> Self {
        AnalyzeOptions {
            normalize: NormalizeOptions::default(),
            pos: true,
            entities: true,
        }
    }
}

/// An analysed document.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Document {
    /// The original text, as given.
    pub text: String,
    /// The normalized text.
    pub normalized: String,
    /// The sentences, in order.
    pub sentences: Vec<Sentence>,
    /// The tokens, in order.
    pub tokens: Vec<Token>,
    /// The UD words of every token, in order ([`Token::words`] indexes them).
    pub words: Vec<Word>,
    /// The words' lemmas, one after another ([`Word::lemma`] ranges into it).
    pub lemmas: String,
    /// The named entities, in order.
    pub entities: Vec<Entity>,
}

impl Document {
    /// The original text of a span.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.range()]
    }

    /// The normalized form of a token.
    pub fn norm(&self, token: &Token) -> &str {
        &self.normalized[token.norm.clone()]
    }

    /// The normalized form of a word.
    pub fn word_norm(&self, word: &Word) -> &str {
        &self.normalized[word.norm.clone()]
    }

    /// The lemma of a word.
    pub fn lemma(&self, word: &Word) -> &str {
        &self.lemmas[word.lemma.clone()]
    }

    /// A token's view with offsets in `unit`.
    pub fn token_view(&self, t: &Token, unit: OffsetUnit) -> TokenView<'_> {
        let (start, end) = t.span.in_unit(unit);
        TokenView {
            text: self.slice(&t.span),
            norm: self.norm(t),
            start,
            end,
            kind: t.kind.as_str(),
            words: self.words[t.words.clone()]
                .iter()
                .map(|w| self.word_view(w, unit))
                .collect(),
        }
    }

    /// A word's view with offsets in `unit`.
    pub fn word_view(&self, w: &Word, unit: OffsetUnit) -> WordView<'_> {
        let (start, end) = w.span.in_unit(unit);
        WordView {
            text: self.slice(&w.span),
            norm: self.word_norm(w),
            start,
            end,
            upos: w.upos.as_str(),
            lemma: self.lemma(w),
        }
    }

    /// An entity's view with offsets in `unit`.
    pub fn entity_view<'a>(&'a self, e: &'a Entity, unit: OffsetUnit) -> EntityView<'a> {
        let (start, end) = e.span.in_unit(unit);
        EntityView {
            label: &e.label,
            text: self.slice(&e.span),
            start,
            end,
        }
    }
}

/// Normalizes, splits into sentences and tokenizes `text`.
///
/// ```
/// let doc = parsi::analyze("ما ميرويم. شما؟", &parsi::AnalyzeOptions::default()).unwrap();
/// assert_eq!(doc.sentences.len(), 2);
/// let t = &doc.tokens[1];
/// assert_eq!(doc.slice(&t.span), "ميرويم"); // the original spelling
/// assert_eq!(doc.norm(t), "می‌رویم"); // the normalized form
/// ```
pub fn analyze(text: &str, options: &AnalyzeOptions) -> Result<Document> {
    with_workspace(|ws| analyze_in(text, options, ws))
}

fn analyze_in(text: &str, options: &AnalyzeOptions, ws: &mut Workspace) -> Result<Document> {
    normalize_units(text, &options.normalize, &mut ws.units, &mut ws.scratch)?;
    let units = &ws.units;
    ws.chars.extend(units.iter().map(|u| u.c));
    let chars = &ws.chars;
    tokenize_chars(chars, &mut ws.tokens);
    let raw = &ws.tokens;
    let mut ranges = Vec::new();
    crate::sentences::split(chars, raw, &mut ranges);

    let mut normalized = String::with_capacity(units.len() * 2);
    let mut conv = OffsetConverter::new(text);
    let mut tokens = Vec::with_capacity(raw.len());
    let mut at = 0; // chars of the normalized text written so far
    for t in raw {
        normalized.extend(&chars[at..t.start]);
        let start = normalized.len();
        normalized.extend(&chars[t.start..t.end]);
        at = t.end;
        tokens.push(Token {
            span: conv.span(source(units, t.start, t.end)),
            norm: start..normalized.len(),
            kind: t.kind,
            words: 0..0,
        });
    }
    normalized.extend(&chars[at..]);
    let mut conv = OffsetConverter::new(text);
    let sentences: Vec<Sentence> = ranges
        .into_iter()
        .map(|r| {
            let (a, b) = (raw[r.start].start, raw[r.end - 1].end);
            Sentence {
                span: conv.span(source(units, a, b)),
                token_start: r.start,
                token_end: r.end,
            }
        })
        .collect();
    let (mut words, mut lemmas) = (Vec::new(), String::new());
    if options.pos {
        let tagger = Tagger::default_model()?;
        tag_words(
            tagger,
            text,
            units,
            raw,
            &normalized,
            &sentences,
            &mut tokens,
            &mut words,
            &mut lemmas,
        );
    }
    let entities = if options.entities {
        crate::ner::find(&normalized, &tokens, &words, &sentences)?
    } else {
        Vec::new()
    };
    Ok(Document {
        text: text.to_string(),
        normalized,
        sentences,
        tokens,
        words,
        lemmas,
        entities,
    })
}

/// Splits every token into UD words, tags each sentence's words and
/// lemmatizes them, filling `words`, `lemmas` and each token's word range.
#[allow(clippy::too_many_arguments)]
fn tag_words(
    tagger: &Tagger,
    text: &str,
    units: &[Unit],
    raw: &[crate::tokenize::RawToken],
    normalized: &str,
    sentences: &[Sentence],
    tokens: &mut [Token],
    words: &mut Vec<Word>,
    lemmas: &mut String,
) {
    let mut conv = OffsetConverter::new(text);
    let mut buf = TagBuffers::default();
    let mut forms: Vec<&str> = Vec::new();
    let mut tags: Vec<Upos> = Vec::new();
    words.reserve(tokens.len() + tokens.len() / 8);
    lemmas.reserve(normalized.len());
    for r in sentences.iter().map(|s| s.token_start..s.token_end) {
        let first = words.len();
        forms.clear();
        for (t, rt) in tokens[r.clone()].iter_mut().zip(&raw[r.clone()]) {
            let norm = &normalized[t.norm.clone()];
            let begin = words.len();
            // Byte offset of each word in the token, and its char offset (for
            // the alignment back to the original text).
            let mut char_at = rt.start;
            for (byte, end_byte) in tagger.cuts(norm).ranges(norm.len()) {
                let part = &norm[byte..end_byte];
                let char_end = char_at + part.chars().count();
                words.push(Word {
                    span: conv.span(source(units, char_at, char_end)),
                    norm: t.norm.start + byte..t.norm.start + end_byte,
                    upos: Upos::X,
                    lemma: 0..0,
                });
                forms.push(part);
                char_at = char_end;
            }
            t.words = begin..words.len();
        }
        tagger.tag_upos(&forms, &mut buf, &mut tags);
        for ((w, &upos), form) in words[first..].iter_mut().zip(&tags).zip(&forms) {
            let start = lemmas.len();
            tagger.lemmatizer.lemma_into(form, upos, lemmas);
            w.upos = upos;
            w.lemma = start..lemmas.len();
        }
    }
}

/// The tokens of `text` (normalized with the default options; not tagged:
/// their [`Token::words`] are empty; [`analyze`] tags).
pub fn tokenize(text: &str) -> Result<Vec<Token>> {
    Ok(analyze(text, &AnalyzeOptions::segmentation())?.tokens)
}

/// The sentences of `text` as spans of the original (normalized with the default options).
pub fn sentences(text: &str) -> Result<Vec<Span>> {
    Ok(analyze(text, &AnalyzeOptions::segmentation())?
        .sentences
        .into_iter()
        .map(|s| s.span)
        .collect())
}

/// The original byte range of the normalized chars `a..b` (a non-empty range).
fn source(units: &[Unit], a: usize, b: usize) -> (usize, usize) {
    (units[a].start as usize, units[b - 1].end as usize)
}

/// The number of chars in a run of UTF-8 bytes, and how many of them are
/// outside the BMP (two UTF-16 code units each), eight bytes at a time.
fn count_chars(bytes: &[u8]) -> (usize, usize) {
    const HIGH: u64 = 0x8080_8080_8080_8080;
    let mut chunks = bytes.chunks_exact(8);
    let (mut continuation, mut astral) = (0, 0);
    for chunk in &mut chunks {
        let x = u64::from_le_bytes([
            chunk[0], chunk[1], chunk[2], chunk[3], chunk[4], chunk[5], chunk[6], chunk[7],
        ]);
        // A continuation byte is 10xxxxxx: after flipping bit 7, both top bits are 0.
        let y = x ^ HIGH;
        continuation += (!(y | (y << 1)) & HIGH).count_ones() as usize;
        // A 4-byte lead is 11110xxx: the top four bits are all 1.
        astral += (x & (x << 1) & (x << 2) & (x << 3) & HIGH).count_ones() as usize;
    }
    for &x in chunks.remainder() {
        continuation += usize::from(x & 0xC0 == 0x80);
        astral += usize::from(x >= 0xF0);
    }
    (bytes.len() - continuation, astral)
}

/// Converts byte offsets of one text into char and UTF-16 offsets, walking
/// forward; offsets asked in non-decreasing order cost one pass over the text.
pub(crate) struct OffsetConverter<'a> {
    text: &'a str,
    byte: usize,
    chars: usize,
    utf16: usize,
}

impl<'a> OffsetConverter<'a> {
    pub(crate) fn new(text: &'a str) -> Self {
        OffsetConverter {
            text,
            byte: 0,
            chars: 0,
            utf16: 0,
        }
    }

    /// (char, UTF-16) offsets of the byte offset `b`, which must be a char boundary.
    pub(crate) fn at(&mut self, b: usize) -> (usize, usize) {
        if b < self.byte {
            *self = OffsetConverter::new(self.text);
        }
        // Count on bytes: every byte that is not a UTF-8 continuation byte starts a
        // char, and a 4-byte char (lead byte >= 0xF0) takes two UTF-16 code units.
        let (chars, astral) = count_chars(&self.text.as_bytes()[self.byte..b]);
        self.chars += chars;
        self.utf16 += chars + astral;
        self.byte = b;
        (self.chars, self.utf16)
    }

    pub(crate) fn span(&mut self, (start, end): (usize, usize)) -> Span {
        let (char_start, utf16_start) = self.at(start);
        let (char_end, utf16_end) = self.at(end);
        Span {
            start,
            end,
            char_start,
            char_end,
            utf16_start,
            utf16_end,
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn count_chars_matches_std() {
        for s in [
            "",
            "a",
            "سلام",
            "😀👍🏽 abc کتاب‌ها ۱۲",
            "🇮🇷🇮🇷🇮🇷x",
            "\u{10FFFF}\u{FFFF}\u{80}",
        ] {
            let (chars, astral) = super::count_chars(s.as_bytes());
            assert_eq!(chars, s.chars().count(), "{s:?}");
            assert_eq!(chars + astral, s.encode_utf16().count(), "{s:?}");
        }
    }
}
