//! The document model: the original text, its normalized form, sentences and
//! tokens, every one with offsets into the **original** text.

use crate::normalize::{NormalizeOptions, Unit};
use crate::pos::Upos;
use crate::tokenize::TokenKind;
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

    /// This span of a text that starts at `at` of another, in that one.
    pub fn after(&self, at: crate::Position) -> Span {
        Span {
            start: self.start + at.byte,
            end: self.end + at.byte,
            char_start: self.char_start + at.char,
            char_end: self.char_end + at.char,
            utf16_start: self.utf16_start + at.utf16,
            utf16_end: self.utf16_end + at.utf16,
        }
    }

    /// The span from the start of this one to the end of `end` (a later span).
    pub fn to(&self, end: &Span) -> Span {
        Span {
            start: self.start,
            end: end.end,
            char_start: self.char_start,
            char_end: end.char_end,
            utf16_start: self.utf16_start,
            utf16_end: end.utf16_end,
        }
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
    /// Byte range of the verb's stems in [`Document::lemmas`] (empty for a
    /// word without them); [`Document::stems`] gives the text.
    pub stems: std::ops::Range<usize>,
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
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// The label (PER, LOC, ORG, DAT, TIM, MON, PCT).
    pub label: String,
    /// Where the entity stands in the original text.
    pub span: Span,
    /// How sure the recognizer is, 0–1: the probability that exactly these
    /// tokens are an entity with this label (see
    /// [`crate::ner::Recognizer::span_scores`]).
    pub score: f32,
    /// What a MON, PCT, DAT or TIM entity stands for, where its text says it
    /// whole ([`crate::values::entity_value`]).
    pub value: Option<crate::values::Value>,
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
/// original text, normalized form, offsets in one unit, kind and, for a
/// number, its value.
#[derive(Clone, Debug, PartialEq, Serialize)]
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
    /// The number the token stands for ([`Document::token_value`]); left out when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
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
    /// The lemma as current UD has it (PerDT's `LEMMA`: `کرد` for `می‌کند`).
    pub lemma: &'a str,
    /// A verb's stems `past#present` (`کرد#کن`), PerDT's original lemma and
    /// what hazm gives as the lemma; absent for other words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stems: Option<&'a str>,
}

/// A sentence as the command line's JSON and the JavaScript API show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SentenceView<'a> {
    /// The sentence as written in the input.
    pub text: &'a str,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
    /// Index of its first token in the document's tokens.
    pub token_start: usize,
    /// Index just past its last token.
    pub token_end: usize,
}

/// A document as the command line's JSON and the JavaScript API show it, one
/// shape for both: offsets in chars (CLI) or UTF-16 code units (JavaScript).
/// Words are inside their tokens; field names are stable.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DocumentView<'a> {
    /// The original text.
    pub text: &'a str,
    /// The normalized text.
    pub normalized: &'a str,
    /// The sentences.
    pub sentences: Vec<SentenceView<'a>>,
    /// The tokens, each with its words.
    pub tokens: Vec<TokenView<'a>>,
    /// The entities.
    pub entities: Vec<EntityView<'a>>,
}

/// An entity as the command line's JSON and the JavaScript API show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct EntityView<'a> {
    /// The label.
    pub label: &'a str,
    /// The entity as written in the input.
    pub text: &'a str,
    /// Start offset in the chosen unit.
    pub start: usize,
    /// End offset in the chosen unit.
    pub end: usize,
    /// The recognizer's confidence, 0–1 (four decimals).
    pub score: f32,
    /// What the entity stands for ([`Entity::value`]); left out when none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<&'a crate::values::Value>,
}

/// Options of [`crate::analyze`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AnalyzeOptions {
    /// How the text is normalized before it is segmented.
    pub normalize: NormalizeOptions,
    /// Split tokens into words and tag each with its part of speech and lemma
    /// (default `true`).
    pub pos: bool,
    /// Find named entities (default `true`). With `pos` on too, a NOUN
    /// inside a person, place or organisation name is tagged PROPN
    /// ([`crate::ner::upos_in_entity`]), as PerDT tags them.
    pub entities: bool,
}

impl AnalyzeOptions {
    /// Segmentation only: the default normalization, no part-of-speech
    /// tagging, no entities (what [`tokenize()`](crate::tokenize()) and [`sentences()`](crate::sentences()) use).
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
#[derive(Clone, Debug, PartialEq, Serialize)]
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

    /// The lemma of a word (current UD: `کرد` for `می‌کند`).
    pub fn lemma(&self, word: &Word) -> &str {
        &self.lemmas[word.lemma.clone()]
    }

    /// A verb's stems `past#present` (`کرد#کن` for `می‌کند`); `None` for
    /// other words.
    pub fn stems(&self, word: &Word) -> Option<&str> {
        (!word.stems.is_empty()).then(|| &self.lemmas[word.stems.clone()])
    }

    /// The number a token stands for, as [`crate::values::parse_number`]
    /// reads its normalized form: a number in digits of any script with its
    /// separators (`۳٫۵` → 3.5, `۱۲٬۰۰۰` → 12000, `1,250.5`), or a number
    /// word (`چهارصد` → 400, `میلیون` → 1 000 000, `نیم` → 0.5). `None` for
    /// any other token, and for a number token that is not one number
    /// (`۱۴۰۲/۱۲/۲۵`). The word `نه` is "no" more often than "nine": it has
    /// a value only when the tagger tagged it NUM (never with `pos` off).
    ///
    /// Each token has its own value: a number written in several tokens
    /// (`یک میلیون و دویست هزار`) gives 1, 1 000 000, none (`و`), 200 and
    /// 1000. The value of the whole phrase is `parse_number` of its text, and
    /// MON and PCT entities carry the value of the number inside them.
    ///
    /// ```
    /// let doc = parsi::analyze("چهار صد و ۳٫۵ نفر", &Default::default()).unwrap();
    /// let values: Vec<_> = doc.tokens.iter().map(|t| doc.token_value(t)).collect();
    /// assert_eq!(values, [Some(4.0), Some(100.0), None, Some(3.5), None]);
    /// ```
    pub fn token_value(&self, t: &Token) -> Option<f64> {
        match t.kind {
            TokenKind::Number => crate::values::parse_number(self.norm(t)),
            TokenKind::Word => {
                let norm = self.norm(t);
                if norm == "نه"
                    && !matches!(self.words.get(t.words.clone()), Some([w]) if w.upos == Upos::Num)
                {
                    return None;
                }
                if !crate::values::may_be_number(norm) {
                    return None;
                }
                crate::values::parse_number(norm)
            }
            _ => None,
        }
    }

    /// The whole document's view with offsets in `unit` (what the command
    /// line prints and the JavaScript `analyze` returns).
    pub fn view(&self, unit: OffsetUnit) -> DocumentView<'_> {
        DocumentView {
            text: &self.text,
            normalized: &self.normalized,
            sentences: self
                .sentences
                .iter()
                .map(|s| self.sentence_view(s, unit))
                .collect(),
            tokens: self
                .tokens
                .iter()
                .map(|t| self.token_view(t, unit))
                .collect(),
            entities: self
                .entities
                .iter()
                .map(|e| self.entity_view(e, unit))
                .collect(),
        }
    }

    /// A sentence's view with offsets in `unit`.
    pub fn sentence_view(&self, s: &Sentence, unit: OffsetUnit) -> SentenceView<'_> {
        let (start, end) = s.span.in_unit(unit);
        SentenceView {
            text: self.slice(&s.span),
            start,
            end,
            token_start: s.token_start,
            token_end: s.token_end,
        }
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
            value: self.token_value(t),
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
            stems: self.stems(w),
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
            score: (e.score * 10000.0).round() / 10000.0,
            value: e.value.as_ref(),
        }
    }
}

/// The original byte range of the normalized chars `a..b` (a non-empty range).
pub(crate) fn source(units: &[Unit], a: usize, b: usize) -> (usize, usize) {
    (units[a].start as usize, units[b - 1].end as usize)
}

/// The number of chars in a run of UTF-8 bytes, and how many of them are
/// outside the BMP (two UTF-16 code units each), eight bytes at a time.
pub(crate) fn count_chars(bytes: &[u8]) -> (usize, usize) {
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
