//! Long texts analysed in parts: [`Analyzer::analyze_chunks`] cuts a text at
//! line breaks into chunks of about a given size and analyses one chunk at a
//! time, so that the memory a call holds is bounded by the chunk, not the
//! text, and a caller can report progress and stop between chunks.
//!
//! A chunk never cuts a sentence: it ends after a line break (every line
//! break ends a sentence, see [`crate::sentences`]) and the indentation of
//! the next line, which must open with a letter, a digit or an opening
//! quote, bracket or list mark (a line that opens with a stray period
//! belongs to the sentence before, so it is never cut there; see [`cut`]).
//! A line more than four chunks long is cut inside, at the end of a
//! sentence where analysing the text around it whole and cut gives the
//! same (see `cut_in_line`), unless it has a straight double quote and the
//! `quotes` option is on. Normalization, tokens,
//! sentences, words and entities do not look across a line break, so the
//! chunks together give exactly what one call on the whole text gives:
//! the same tokens, words, sentences and entities at the same offsets
//! (checked on the treebanks' raw text by `tests/chunks.rs`).
//!
//! ```
//! use parsi::{Analyzer, AnalyzeOptions};
//!
//! let text = "حسن روحانی در تهران گفت.\nدیروز باران آمد.\nفردا آفتابی است.";
//! let analyzer = Analyzer::shared().unwrap();
//! let options = AnalyzeOptions::default();
//! let mut tokens = 0;
//! for chunk in analyzer.analyze_chunks(text, &options, 16) {
//!     let chunk = chunk.unwrap();
//!     // Each chunk's offsets are the whole text's.
//!     let view = chunk.view(parsi::OffsetUnit::Char);
//!     let first = &view.tokens[0];
//!     let slice: String = text.chars().skip(first.start).take(first.end - first.start).collect();
//!     assert_eq!(slice, first.text);
//!     tokens += view.tokens.len();
//! }
//! assert_eq!(tokens, analyzer.analyze(text, &options).unwrap().tokens.len());
//! ```

use crate::analyzer::Analyzer;
use crate::document::{
    count_chars, AnalyzeOptions, Document, DocumentView, EntityView, OffsetUnit, SentenceView,
    TokenView,
};
use crate::error::Result;
use crate::normalize::Normalized;
use crate::tokenize::TokenKind;
use serde::Serialize;

/// The chunk size [`Analyzer::analyze_chunks`] callers use by default, in
/// bytes of UTF-8: small enough that a chunk's document is a few MB at
/// most, large enough that the cost per call is lost in it.
pub const DEFAULT_CHUNK_BYTES: usize = 64 * 1024;

/// A place in a text, in the three units of [`crate::Span`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Position {
    /// Bytes of UTF-8.
    pub byte: usize,
    /// Chars (Unicode scalar values).
    pub char: usize,
    /// UTF-16 code units.
    pub utf16: usize,
}

impl Position {
    /// The position just past `text`, read from this one.
    pub fn after(self, text: &str) -> Position {
        let (chars, astral) = count_chars(text.as_bytes());
        Position {
            byte: self.byte + text.len(),
            char: self.char + chars,
            utf16: self.utf16 + chars + astral,
        }
    }

    /// This position in `unit`.
    pub fn in_unit(self, unit: OffsetUnit) -> usize {
        match unit {
            OffsetUnit::Char => self.char,
            OffsetUnit::Utf16 => self.utf16,
        }
    }
}

/// Where the first chunk of about `size` bytes of `text` ends: just past
/// the first line break at or after `size` that is followed, after any
/// indentation (which goes with the chunk before), by a letter, a digit or
/// an opening quote, bracket or list mark; `text.len()` when there is none
/// (the whole text is one chunk; a text with no such line break is never
/// cut). A `size` of 0 counts as 1.
///
/// ```
/// assert_eq!(parsi::chunks::cut("الف\nب\nج", 1), "الف\n".len());
/// assert_eq!(parsi::chunks::cut("الف\n  «ب»", 1), "الف\n  ".len()); // indented
/// assert_eq!(parsi::chunks::cut("الف\n.ب", 1), "الف\n.ب".len()); // a stray period
/// assert_eq!(parsi::chunks::cut("الف", 1), "الف".len());
/// ```
pub fn cut(text: &str, size: usize) -> usize {
    cut_at(text, size).unwrap_or(text.len())
}

/// Like [`cut`], but `None` when no line break after `size` bytes is
/// followed by a line that opens a chunk (a reader may then read more of its
/// input before it decides).
pub fn cut_at(text: &str, size: usize) -> Option<usize> {
    let bytes = text.as_bytes();
    let mut from = size.max(1).saturating_sub(1).min(bytes.len());
    while let Some(i) = bytes[from..].iter().position(|&b| b == b'\n') {
        let at = from + i + 1;
        // An indented line is cut at its first letter: the indentation is
        // white space between two chunks, which the next chunk's separator
        // writes as one call on the whole text does.
        let first = text[at..]
            .char_indices()
            .find(|&(_, c)| !crate::chars::is_horizontal_space(c));
        match first {
            Some((n, c)) if opens_chunk(c) => return Some(at + n),
            Some(_) => from = at,
            None => return None,
        }
    }
    None
}

/// A char a chunk may begin with: a letter or a digit, or an opening quote,
/// bracket or list mark (`«`, `(`, `-`, `•`). Not a period, which at the
/// start of a line belongs to the sentence before ([`crate::sentences`]),
/// nor a closing mark, nor what the normalizer removes or merges with the
/// char before it: an Arabic or a generic combining mark, a tatweel, or a
/// presentation form that decomposes to one (an isolated fatha `ﹰ`). Such a
/// char after a line break is part of what that break is written as in one
/// call on the whole text, so a cut there could differ (`\n` + fathatan +
/// `.`: the period then opens the line, and goes with the sentence before).
fn opens_chunk(c: char) -> bool {
    use crate::chars::{is_arabic_mark, is_combining};
    use unicode_normalization::char::decompose_compatible;
    if matches!(
        c,
        '«' | '(' | '[' | '{' | '"' | '“' | '\'' | '‘' | '-' | '–' | '—' | '•' | '*'
    ) {
        return true;
    }
    if !crate::chars::is_alphanumeric(c) || c == '\u{0640}' || is_arabic_mark(c) || is_combining(c)
    {
        return false;
    }
    if matches!(c, '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}') {
        // What the map pass keeps of its decomposition (it skips the space
        // and tatweel of isolated and medial harakat).
        let mut first = None;
        decompose_compatible(c, |d| {
            if first.is_none() && d != ' ' && d != '\u{0640}' {
                first = Some(d);
            }
        });
        return first.is_some_and(|d| crate::chars::is_alphanumeric(d) && !is_arabic_mark(d));
    }
    true
}

/// How far a chunk of about `size` bytes may run on to the end of its line
/// before the line is cut inside ([`cut_in_line`]).
fn long_line(size: usize) -> usize {
    size.max(1).saturating_mul(4)
}

/// Bytes of text on each side of a cut inside a line that [`cut_in_line`]
/// analyses both whole and cut there, to see that the cut changes nothing.
/// Every rule of the pipeline but one looks a few words around a place at
/// most; the one that looks at a whole line (straight quotes) is dealt
/// with apart.
const CUT_CHECK_BYTES: usize = 1024;

/// Where to cut a line of `text` that runs on past [`long_line`]`(size)`
/// (a text with few or no line breaks): at the first end of a sentence
/// after `size` bytes (`.` `!` `?` `؟` `…`, closing quotes and brackets,
/// white space, then what [`opens_chunk`]) where `verify(window, k)` says
/// that cutting the `window` of text around it at its byte `k` gives what
/// the window gives whole. With `quotes`, not in a line that has a straight
/// double quote, which the normalizer converts by counting the whole
/// line's; the whole line must be there then (`complete`, or its line
/// break read). `None` when there is no such place (yet).
fn cut_in_line(
    text: &str,
    size: usize,
    complete: bool,
    quotes: bool,
    verify: &dyn Fn(&str, usize) -> bool,
) -> Option<usize> {
    let size = floor_char_boundary(text, size.max(1).min(text.len()));
    let line_start = text[..size].rfind('\n').map_or(0, |i| i + 1);
    let line_end = match text[size..].find('\n') {
        Some(i) => size + i,
        None if complete || !quotes => text.len(),
        None => return None,
    };
    if quotes && text[line_start..line_end].contains('"') {
        return None;
    }
    let mut from = size;
    while let Some(i) = text[from..line_end].find(['.', '!', '?', '؟', '…']) {
        let i = from + i;
        from = i + text[i..].chars().next().map_or(1, char::len_utf8);
        let Some(p) = sentence_start_after(&text[..line_end], i) else {
            continue;
        };
        if !complete && p + CUT_CHECK_BYTES > text.len() {
            return None;
        }
        let a = floor_char_boundary(text, p.saturating_sub(CUT_CHECK_BYTES));
        let e = ceil_char_boundary(text, (p + CUT_CHECK_BYTES).min(text.len()));
        if verify(&text[a..e], p - a) {
            return Some(p);
        }
    }
    None
}

/// After the terminal punctuation at byte `i` of `text`: the byte where the
/// next sentence may start, past more terminal punctuation, closing quotes
/// and brackets and at least one space, if a char that [`opens_chunk`] is
/// there.
fn sentence_start_after(text: &str, i: usize) -> Option<usize> {
    let mut spaced = false;
    for (k, c) in text[i..].char_indices() {
        if crate::chars::is_horizontal_space(c) {
            spaced = true;
        } else if spaced {
            return opens_chunk(c).then_some(i + k);
        } else if !(crate::chars::is_terminal(c) || crate::chars::is_closer(c)) {
            return None;
        }
    }
    None
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn ceil_char_boundary(text: &str, mut i: usize) -> usize {
    while !text.is_char_boundary(i) {
        i += 1;
    }
    i
}

/// Whether `window` analysed cut at byte `k` (each part alone, with
/// `options`) gives what it gives whole: the same normalized text (the
/// first part's, the separator, the second's), tokens and sentences.
fn cut_changes_nothing(
    analyzer: &Analyzer,
    options: &AnalyzeOptions,
    window: &str,
    k: usize,
) -> bool {
    let (Ok(whole), Ok(a), Ok(b)) = (
        analyzer.analyze(window, options),
        analyzer.analyze(&window[..k], options),
        analyzer.analyze(&window[k..], options),
    ) else {
        return false;
    };
    let (Some(last), false) = (a.tokens.last(), b.tokens.is_empty()) else {
        return false;
    };
    let separator = separator(&window[last.span.end..k], |s| {
        analyzer.normalize(s, &options.normalize)
    });
    fn tokens(d: &Document, shift: usize) -> impl Iterator<Item = (usize, usize, TokenKind)> + '_ {
        d.tokens
            .iter()
            .map(move |t| (t.span.start + shift, t.span.end + shift, t.kind))
    }
    fn sentences(d: &Document, shift: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        d.sentences
            .iter()
            .map(move |s| (s.span.start + shift, s.span.end + shift))
    }
    joins(&whole.normalized, &a.normalized, &separator, &b.normalized)
        && tokens(&whole, 0).eq(tokens(&a, 0).chain(tokens(&b, k)))
        && whole.tokens.iter().map(|t| whole.norm(t)).eq(a
            .tokens
            .iter()
            .map(|t| a.norm(t))
            .chain(b.tokens.iter().map(|t| b.norm(t))))
        && sentences(&whole, 0).eq(sentences(&a, 0).chain(sentences(&b, k)))
}

/// Whether `window` normalized cut at byte `k` gives the text it gives
/// whole (the first part's, the separator, the second's).
fn cut_keeps_the_text(
    normalize: &impl Fn(&str) -> Result<Normalized>,
    window: &str,
    k: usize,
) -> bool {
    let (Ok(whole), Ok(a), Ok(b)) = (
        normalize(window),
        normalize(&window[..k]),
        normalize(&window[k..]),
    ) else {
        return false;
    };
    let n = a.char_len();
    if n == 0 || b.char_len() == 0 {
        return false;
    }
    let last = a.source_range(n - 1..n).end;
    let separator = separator(&window[last..k], normalize);
    joins(&whole.text, &a.text, &separator, &b.text)
}

/// Whether `whole` is `a`, then `separator`, then `b`.
fn joins(whole: &str, a: &str, separator: &str, b: &str) -> bool {
    whole
        .strip_prefix(a)
        .and_then(|r| r.strip_prefix(separator))
        == Some(b)
}

/// One chunk of a text analysed by [`Analyzer::analyze_chunks`]: its
/// document (whose offsets are the chunk's own) and where it stands in the
/// whole text.
#[derive(Clone, Debug, PartialEq)]
pub struct Chunk {
    /// Where the chunk starts in the whole text.
    pub start: Position,
    /// Where it ends (exclusive).
    pub end: Position,
    /// The number of tokens of the chunks before it (the index of its first
    /// token in the whole text's tokens).
    pub first_token: usize,
    /// The normalized text between the previous chunk's normalized text
    /// and this one's, as one call on the whole text writes it (a line or
    /// paragraph break; empty for the first chunk): the whole text's
    /// normalized form is each chunk's `separator` then its
    /// [`Document::normalized`], one after another.
    pub separator: String,
    /// The chunk analysed on its own.
    pub document: Document,
}

/// A chunk as the command line's JSON and the JavaScript API show it: the
/// document view's fields, with offsets and token indices in the whole text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ChunkView<'a> {
    /// Where the chunk starts in the whole text, in the chosen unit.
    pub start: usize,
    /// Where it ends (exclusive).
    pub end: usize,
    /// The chunk's text.
    pub text: &'a str,
    /// What comes before `normalized` in the whole normalized text
    /// ([`Chunk::separator`]).
    pub separator: &'a str,
    /// The chunk's normalized text.
    pub normalized: &'a str,
    /// Its sentences (offsets and token indices in the whole text).
    pub sentences: Vec<SentenceView<'a>>,
    /// Its tokens, each with its words.
    pub tokens: Vec<TokenView<'a>>,
    /// Its entities.
    pub entities: Vec<EntityView<'a>>,
}

impl Chunk {
    /// The chunk's view, with offsets in `unit` into the whole text.
    pub fn view(&self, unit: OffsetUnit) -> ChunkView<'_> {
        let DocumentView {
            text,
            normalized,
            mut sentences,
            mut tokens,
            mut entities,
        } = self.document.view(unit);
        let shift = self.start.in_unit(unit);
        if shift > 0 || self.first_token > 0 {
            for s in &mut sentences {
                s.start += shift;
                s.end += shift;
                s.token_start += self.first_token;
                s.token_end += self.first_token;
            }
            for t in &mut tokens {
                t.start += shift;
                t.end += shift;
                for w in &mut t.words {
                    w.start += shift;
                    w.end += shift;
                }
            }
            for e in &mut entities {
                e.start += shift;
                e.end += shift;
            }
        }
        ChunkView {
            start: shift,
            end: self.end.in_unit(unit),
            text,
            separator: &self.separator,
            normalized,
            sentences,
            tokens,
            entities,
        }
    }
}

/// The state of a chunked analysis, for a caller that owns its text (or
/// reads it in parts): [`Cursor::next`] analyses the next chunk of the
/// text it is given. [`Chunks`] is the iterator over one `&str`.
#[derive(Clone, Debug)]
pub struct Cursor {
    size: usize,
    /// Where the next chunk starts in the text given to [`Cursor::next`].
    at: usize,
    /// Where it starts in the whole text.
    position: Position,
    tokens: usize,
    /// The whitespace the previous chunk's normalized text left out at its
    /// end (the original text after its last token).
    trailing: String,
    finished: bool,
}

impl Cursor {
    /// A cursor at the start of a text, for chunks of about `chunk_bytes`.
    pub fn new(chunk_bytes: usize) -> Cursor {
        Cursor {
            size: chunk_bytes,
            at: 0,
            position: Position::default(),
            tokens: 0,
            trailing: String::new(),
            finished: false,
        }
    }

    /// Where the next chunk starts in the whole text (after the last
    /// chunk returned).
    pub fn position(&self) -> Position {
        self.position
    }

    /// Whether the analysis has ended: the text is done, or a chunk failed.
    pub fn is_done(&self) -> bool {
        self.finished
    }

    /// The next chunk of `text`, which is the text from where
    /// [`Cursor::consume`] last cut it (the whole text, for a caller that
    /// never calls it); `None` once the text is done. With `complete` false
    /// the text may go on: `None` then means that no cut is certain yet
    /// (read more, then call again). After an error the cursor is done.
    pub fn next(
        &mut self,
        analyzer: &Analyzer,
        text: &str,
        options: &AnalyzeOptions,
        complete: bool,
    ) -> Option<Result<Chunk>> {
        let segment = AnalyzeOptions {
            normalize: options.normalize.clone(),
            pos: false,
            entities: false,
        };
        let verify = |window: &str, k: usize| cut_changes_nothing(analyzer, &segment, window, k);
        let piece = self.piece(text, complete, options.normalize.quotes, &verify)?;
        let document = match analyzer.analyze(piece, options) {
            Ok(d) => d,
            Err(e) => {
                self.finished = true;
                return Some(Err(e));
            }
        };
        let last = document.tokens.last().map_or(0, |t| t.span.end);
        let (start, separator) = self.advance(piece, document.normalized.is_empty(), last, |s| {
            analyzer.normalize(s, &options.normalize)
        });
        let chunk = Chunk {
            start,
            end: self.position,
            first_token: self.tokens,
            separator,
            document,
        };
        self.tokens += chunk.document.tokens.len();
        Some(Ok(chunk))
    }

    /// Like [`Cursor::next`], but the chunk is only normalized, by
    /// `normalize` (such as [`crate::normalize`] or [`Analyzer::normalize`]
    /// with the options wanted): its separator then its normalized text.
    /// The pieces one after another are what `normalize` gives for the
    /// whole text, read and held a chunk at a time.
    ///
    /// ```
    /// let text = "كتاب هاي من\n\nميروم.\nدانش آموز";
    /// let o = parsi::NormalizeOptions::default();
    /// let mut cursor = parsi::Cursor::new(1);
    /// let mut out = String::new();
    /// while let Some(piece) = cursor.next_normalized(text, true, |s| parsi::normalize(s, &o)) {
    ///     let (separator, normalized) = piece.unwrap();
    ///     out.push_str(&separator);
    ///     out.push_str(&normalized.text);
    /// }
    /// assert_eq!(out, parsi::normalize(text, &o).unwrap().text);
    /// ```
    pub fn next_normalized(
        &mut self,
        text: &str,
        complete: bool,
        normalize: impl Fn(&str) -> Result<Normalized>,
    ) -> Option<Result<(String, Normalized)>> {
        // The options are the closure's: quotes are taken to be converted.
        let verify = |window: &str, k: usize| cut_keeps_the_text(&normalize, window, k);
        let piece = self.piece(text, complete, true, &verify)?;
        let normalized = match normalize(piece) {
            Ok(n) => n,
            Err(e) => {
                self.finished = true;
                return Some(Err(e));
            }
        };
        let n = normalized.char_len();
        let last = normalized.source_range(n.saturating_sub(1)..n).end;
        let (_, separator) = self.advance(piece, n == 0, last, normalize);
        Some(Ok((separator, normalized)))
    }

    /// The next chunk of `text` (see [`Cursor::next`]), or `None`. A line
    /// much longer than a chunk is cut inside, at the end of a sentence
    /// where `verify` finds that the cut changes nothing (see
    /// [`cut_in_line`]); `quotes`: whether the normalizer converts straight
    /// quotes (a rule over whole lines).
    fn piece<'t>(
        &mut self,
        text: &'t str,
        complete: bool,
        quotes: bool,
        verify: &dyn Fn(&str, usize) -> bool,
    ) -> Option<&'t str> {
        let rest = text.get(self.at..).unwrap_or("");
        if self.finished || (rest.is_empty() && (self.position.byte > 0 || !complete)) {
            self.finished |= complete;
            return None;
        }
        let line_cut = cut_at(rest, self.size);
        let len = match line_cut {
            Some(n) if n <= long_line(self.size) => n,
            _ => match cut_in_line(rest, self.size, complete, quotes, verify) {
                Some(n) => n,
                None => match line_cut {
                    Some(n) => n,
                    None if complete => rest.len(),
                    None => return None,
                },
            },
        };
        if rest.is_empty() {
            // An empty text is one empty chunk.
            self.finished = true;
        }
        Some(&rest[..len])
    }

    /// Moves past `piece`, whose normalized text is empty or ends with the
    /// source byte `last` of the piece: where it starts, and its separator
    /// (written by `normalize`).
    fn advance(
        &mut self,
        piece: &str,
        empty: bool,
        last: usize,
        normalize: impl Fn(&str) -> Result<Normalized>,
    ) -> (Position, String) {
        let separator = if self.position.byte == 0 || empty {
            String::new()
        } else {
            separator(&self.trailing, normalize)
        };
        if !empty {
            self.trailing.clear();
            self.trailing.push_str(&piece[last..]);
        }
        let start = self.position;
        self.position = start.after(piece);
        self.at += piece.len();
        (start, separator)
    }

    /// Removes from `text` what the chunks so far covered (the next call
    /// of [`Cursor::next`] gets the rest, with what was read after it).
    pub fn consume(&mut self, text: &mut String) {
        text.drain(..self.at.min(text.len()));
        self.at = 0;
    }
}

/// The chunks of a text, analysed one at a time as the iterator is advanced
/// ([`Analyzer::analyze_chunks`]). After an error it ends.
#[derive(Debug)]
pub struct Chunks<'a> {
    analyzer: &'a Analyzer,
    text: &'a str,
    options: &'a AnalyzeOptions,
    cursor: Cursor,
}

impl Chunks<'_> {
    /// How far the analysis has come: where the next chunk starts.
    pub fn position(&self) -> Position {
        self.cursor.position()
    }

    /// The fraction of the text the chunks so far cover, 0–1 (1 for an empty text).
    pub fn progress(&self) -> f64 {
        progress(self.cursor.position().byte, self.text.len())
    }
}

/// `done` of `total` as a fraction, 0–1 (1 when `total` is 0).
pub fn progress(done: usize, total: usize) -> f64 {
    if total == 0 {
        1.0
    } else {
        (done as f64 / total as f64).min(1.0)
    }
}

impl Iterator for Chunks<'_> {
    type Item = Result<Chunk>;

    fn next(&mut self) -> Option<Result<Chunk>> {
        self.cursor
            .next(self.analyzer, self.text, self.options, true)
    }
}

/// What `normalize` writes for `gap`, the whitespace between two chunks'
/// text, between two letters.
fn separator(gap: &str, normalize: impl Fn(&str) -> Result<Normalized>) -> String {
    let mut s = String::with_capacity(gap.len() + 4);
    s.push('ا');
    s.push_str(gap);
    s.push('ا');
    match normalize(&s) {
        Ok(n) => n
            .text
            .strip_prefix('ا')
            .and_then(|t| t.strip_suffix('ا'))
            .unwrap_or("\n")
            .to_string(),
        Err(_) => "\n".to_string(),
    }
}

impl Analyzer {
    /// Analyses `text` in chunks of about `chunk_bytes` bytes, one chunk per
    /// step of the iterator: see the [module documentation](self). An empty
    /// text gives one empty chunk.
    pub fn analyze_chunks<'a>(
        &'a self,
        text: &'a str,
        options: &'a AnalyzeOptions,
        chunk_bytes: usize,
    ) -> Chunks<'a> {
        Chunks {
            analyzer: self,
            text,
            options,
            cursor: Cursor::new(chunk_bytes),
        }
    }
}
