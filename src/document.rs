//! The document model: the original text, its normalized form, sentences and
//! tokens, every one with offsets into the **original** text.

use crate::error::Result;
use crate::normalize::{normalize_units, NormalizeOptions, Unit};
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
    /// The token as normalized.
    pub norm: String,
    /// What the token is.
    pub kind: TokenKind,
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

/// Options of [`analyze`].
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct AnalyzeOptions {
    /// How the text is normalized before it is segmented.
    pub normalize: NormalizeOptions,
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
    /// The named entities, in order.
    pub entities: Vec<Entity>,
}

impl Document {
    /// The original text of a span.
    pub fn slice(&self, span: &Span) -> &str {
        &self.text[span.range()]
    }
}

/// Normalizes, splits into sentences and tokenizes `text`.
///
/// ```
/// let doc = parsi::analyze("ما ميرويم. شما؟", &parsi::AnalyzeOptions::default()).unwrap();
/// assert_eq!(doc.sentences.len(), 2);
/// let t = &doc.tokens[1];
/// assert_eq!(doc.slice(&t.span), "ميرويم"); // the original spelling
/// assert_eq!(t.norm, "می‌رویم"); // the normalized form
/// ```
pub fn analyze(text: &str, options: &AnalyzeOptions) -> Result<Document> {
    let mut scratch = Vec::new();
    let units = normalize_units(text, &options.normalize, &mut scratch)?;
    let chars: Vec<char> = units.iter().map(|u| u.c).collect();
    let mut raw = Vec::new();
    tokenize_chars(&chars, &mut raw);
    let mut ranges = Vec::new();
    crate::sentences::split(&chars, &raw, &mut ranges);

    let mut conv = OffsetConverter::new(text);
    let tokens: Vec<Token> = raw
        .iter()
        .map(|t| Token {
            span: conv.span(source(&units, t.start, t.end)),
            norm: chars[t.start..t.end].iter().collect(),
            kind: t.kind,
        })
        .collect();
    let mut conv = OffsetConverter::new(text);
    let sentences = ranges
        .into_iter()
        .map(|r| {
            let (a, b) = (raw[r.start].start, raw[r.end - 1].end);
            Sentence {
                span: conv.span(source(&units, a, b)),
                token_start: r.start,
                token_end: r.end,
            }
        })
        .collect();
    Ok(Document {
        text: text.to_string(),
        normalized: chars.iter().collect(),
        sentences,
        tokens,
        entities: Vec::new(),
    })
}

/// The tokens of `text` (normalized with the default options).
pub fn tokenize(text: &str) -> Result<Vec<Token>> {
    Ok(analyze(text, &AnalyzeOptions::default())?.tokens)
}

/// The sentences of `text` as spans of the original (normalized with the default options).
pub fn sentences(text: &str) -> Result<Vec<Span>> {
    Ok(analyze(text, &AnalyzeOptions::default())?
        .sentences
        .into_iter()
        .map(|s| s.span)
        .collect())
}

/// The original byte range of the normalized chars `a..b` (a non-empty range).
fn source(units: &[Unit], a: usize, b: usize) -> (usize, usize) {
    (units[a].start as usize, units[b - 1].end as usize)
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
        for c in self.text[self.byte..b].chars() {
            self.chars += 1;
            self.utf16 += c.len_utf16();
        }
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
