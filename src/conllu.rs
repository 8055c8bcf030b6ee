//! CoNLL-U output: an analysed [`Document`] in the Universal Dependencies
//! interchange format, for the command line (`parsi analyze --format conllu`)
//! and JavaScript (`toConllu`) alike.
//!
//! Each sentence is a block of comment lines and word lines ended by a blank
//! line (the columns are separated by one tab, shown here as two spaces):
//!
//! ```text
//! # sent_id = 1
//! # text = كتابهايشان را خواند.
//! 1-2  كتابهايشان  _  _  _  _  _  _  _  Norm=کتاب‌هایشان|TokenRange=0:10
//! 1  كتابهاي  کتاب  NOUN  _  _  _  _  _  Norm=کتاب‌های|TokenRange=0:7
//! 2  شان  آنها  PRON  _  _  _  _  _  TokenRange=7:10
//! 3  را  را  ADP  _  _  _  _  _  TokenRange=11:13
//! 4  خواند  خواند  VERB  _  _  _  _  _  SpaceAfter=No|TokenRange=14:19
//! 5  .  .  PUNCT  _  _  _  _  _  TokenRange=19:20
//! ```
//!
//! - `# sent_id` counts the sentences from 1 (from `first_sent_id` with
//!   [`write_conllu`]); `# text` is the sentence **as the user wrote it**
//!   (its span of the original text). `# newdoc id = ...` opens a document's
//!   first sentence when [`write_conllu`] is given an id.
//! - A token the tagger splits into several UD words (`كتابهايشان` →
//!   `كتابهاي` + `شان`) is a multiword-token range line `i-j` with the token's
//!   FORM and MISC and `_` elsewhere, then one line per word.
//! - ID, FORM, LEMMA, UPOS; XPOS, FEATS, HEAD, DEPREL and DEPS are `_`
//!   (parsi neither has language-specific tags or features nor parses).
//!   With part-of-speech tagging off (`pos: false`) every token is one line
//!   whose LEMMA and UPOS are `_`.
//! - **FORM is the text as written** — the span of the original text, so that
//!   the FORMs and `SpaceAfter` rebuild `# text` — and MISC's `Norm=` holds
//!   the normalized form when it differs. (A word line inside a multiword
//!   token whose span of the original is empty, which no current rule
//!   produces, takes its normalized form as FORM.)
//! - MISC, attributes in this order, `_` when there are none:
//!   - `NER=B-PER`, `NER=I-PER`: the token is the first, or a later, token of
//!     a named entity (labels as [`crate::Entity::label`]); tokens outside
//!     entities have none. On the token line (the range line of a multiword
//!     token), never on the words inside it.
//!   - `Norm=`: the normalized form, where it differs from FORM; a `\` in it
//!     is written `\\`, a `|` `\p`, a tab `\t` and a line break `\n` (the
//!     escapes UD uses in MISC values).
//!   - `OrigLemma=`: a verb's stems `past#present` ([`crate::Document::stems`];
//!     LEMMA is the UD lemma, as in PerDT, which keeps its original lemma
//!     under the same name).
//!   - `SpaceAfter=No`: nothing between this token and the next one (or the
//!     next sentence) in the original text is white space; never on the
//!     text's last token (the end of the text counts as white space). C0/C1 control characters count as white
//!     space too, since the normalizer reads them as spaces; invisible
//!     format characters (ZWNJ, bidi marks) do not. On token lines only.
//!   - `TokenRange=start:end`: where the token (on word lines inside a
//!     multiword token: the word) stands in the original text, in **chars**
//!     (Unicode scalar values) from the start of the text, end exclusive —
//!     the unit of the command line's JSON. In JavaScript, whose strings
//!     count UTF-16 code units, slice with `[...text].slice(start, end)`
//!     (the `start`/`end` of `analyze` are UTF-16 offsets).
//! - **Tabs and line breaks**: a CoNLL-U field may hold neither, nor may a
//!   comment line hold a line break. A token can contain them as written when
//!   the normalizer joins words across them (`کتاب⇥ها` → `کتاب‌ها`); in FORM,
//!   LEMMA, `# text` and `# newdoc id` each tab and each line break (`\n`
//!   `\r` VT FF U+001C–U+001E NEL U+2028 U+2029) is written as one space, so
//!   chars keep their count; `TokenRange` still points at the exact original.
//!   An empty field is written `_`.
//! - A document without tokens writes nothing; sentences are separated (and
//!   the output ended) by a blank line.

use crate::document::{Document, Span};
use std::borrow::Cow;
use std::fmt::Write as _;

/// The document as CoNLL-U text: sentences numbered from 1, no `# newdoc`
/// line. See the [module documentation](self) for what each column holds.
///
/// ```
/// let doc = parsi::analyze("کتابش را خواندم.", &Default::default()).unwrap();
/// let conllu = parsi::to_conllu(&doc);
/// assert!(conllu.starts_with("# sent_id = 1\n# text = کتابش را خواندم.\n1-2\tکتابش\t"));
/// assert!(conllu.ends_with("\n\n"));
/// ```
pub fn to_conllu(doc: &Document) -> String {
    let mut out = String::new();
    write_conllu(doc, 1, None, &mut out);
    out
}

/// Appends the document as CoNLL-U to `out`, numbering its sentences from
/// `first_sent_id`, with `# newdoc id = ID` before the first sentence when
/// `newdoc_id` is given (and the document has a sentence). Returns the number
/// of sentences written, so that the next document can go on from
/// `first_sent_id + n` and every `sent_id` of one file is unique.
pub fn write_conllu(
    doc: &Document,
    first_sent_id: usize,
    newdoc_id: Option<&str>,
    out: &mut String,
) -> usize {
    write_sentences(doc, first_sent_id, newdoc_id, 0, out)
}

impl crate::Chunk {
    /// Appends the chunk's sentences as CoNLL-U to `out`, numbered from
    /// `first_sent_id`, with `TokenRange` in chars of the whole text: the
    /// chunks of a text one after another, each numbering on from the
    /// sentences before it, write what [`to_conllu`] writes for the whole
    /// text. Returns the number of sentences written.
    ///
    /// ```
    /// let analyzer = parsi::Analyzer::shared().unwrap();
    /// let (text, o) = ("کتابش را خواندم.\nدیروز باران آمد.", Default::default());
    /// let (mut out, mut id) = (String::new(), 1);
    /// for chunk in analyzer.analyze_chunks(text, &o, 1) {
    ///     id += chunk.unwrap().write_conllu(id, &mut out);
    /// }
    /// assert_eq!(out, parsi::to_conllu(&analyzer.analyze(text, &o).unwrap()));
    /// ```
    pub fn write_conllu(&self, first_sent_id: usize, out: &mut String) -> usize {
        write_sentences(&self.document, first_sent_id, None, self.start.char, out)
    }
}

/// [`write_conllu`] for a document that starts `char_shift` chars into
/// the text its `TokenRange`s count in.
fn write_sentences(
    doc: &Document,
    first_sent_id: usize,
    newdoc_id: Option<&str>,
    char_shift: usize,
    out: &mut String,
) -> usize {
    let ner = bio_labels(doc);
    for (k, s) in doc.sentences.iter().enumerate() {
        if k == 0 {
            if let Some(id) = newdoc_id {
                let _ = writeln!(out, "# newdoc id = {}", one_line(id));
            }
        }
        let _ = writeln!(out, "# sent_id = {}", first_sent_id + k);
        let _ = writeln!(out, "# text = {}", one_line(doc.slice(&s.span)));
        let mut id = 1;
        for t in s.token_start..s.token_end {
            let Some(token) = doc.tokens.get(t) else {
                continue;
            };
            let form = doc.slice(&token.span);
            let norm = doc.norm(token);
            let next = doc
                .tokens
                .get(t + 1)
                .map_or(doc.text.len(), |n| n.span.start);
            let mut misc = Misc::default();
            if let Some((begins, label)) = ner.get(t).copied().flatten() {
                misc.add(
                    "NER",
                    &format!("{}-{label}", if begins { 'B' } else { 'I' }),
                );
            }
            let token_misc = |misc: &mut Misc, norm: &str, stems: Option<&str>| {
                if norm != form {
                    misc.add("Norm", &escape_misc(norm));
                }
                if let Some(stems) = stems {
                    misc.add("OrigLemma", &escape_misc(stems));
                }
                if no_space_after(&doc.text, token.span.end, next) {
                    misc.add("SpaceAfter", "No");
                }
                misc.add("TokenRange", &char_range(&token.span, char_shift));
            };
            let words = doc.words.get(token.words.clone()).unwrap_or(&[]);
            match words {
                [] => {
                    token_misc(&mut misc, norm, None);
                    line(out, &id.to_string(), form, "_", "_", &misc.0);
                    id += 1;
                }
                [w] => {
                    token_misc(&mut misc, doc.word_norm(w), doc.stems(w));
                    let upos = w.upos.as_str();
                    line(out, &id.to_string(), form, doc.lemma(w), upos, &misc.0);
                    id += 1;
                }
                _ => {
                    token_misc(&mut misc, norm, None);
                    let last = id + words.len() - 1;
                    line(out, &format!("{id}-{last}"), form, "_", "_", &misc.0);
                    for w in words {
                        let written = doc.slice(&w.span);
                        let word_norm = doc.word_norm(w);
                        let form = if written.is_empty() {
                            word_norm
                        } else {
                            written
                        };
                        let mut misc = Misc::default();
                        if word_norm != form {
                            misc.add("Norm", &escape_misc(word_norm));
                        }
                        if let Some(stems) = doc.stems(w) {
                            misc.add("OrigLemma", &escape_misc(stems));
                        }
                        misc.add("TokenRange", &char_range(&w.span, char_shift));
                        let lemma = doc.lemma(w);
                        line(out, &id.to_string(), form, lemma, w.upos.as_str(), &misc.0);
                        id += 1;
                    }
                }
            }
        }
        out.push('\n');
    }
    doc.sentences.len()
}

/// One word or range line: the ten columns, XPOS to DEPS `_`.
fn line(out: &mut String, id: &str, form: &str, lemma: &str, upos: &str, misc: &str) {
    let _ = writeln!(
        out,
        "{id}\t{}\t{}\t{}\t_\t_\t_\t_\t_\t{}",
        field(form),
        field(lemma),
        field(upos),
        field(misc)
    );
}

/// A field's text: `_` when empty, tabs and line breaks as spaces.
fn field(s: &str) -> Cow<'_, str> {
    if s.is_empty() {
        Cow::Borrowed("_")
    } else {
        one_line(s)
    }
}

/// Chars that may not stand in a CoNLL-U field (tab) or line (line breaks,
/// as `str::lines` and other readers' line splitting see them).
fn breaks_a_line(c: char) -> bool {
    matches!(
        c,
        '\t' | '\n' | '\u{0B}' | '\u{0C}' | '\r' | '\u{1C}'
            ..='\u{1E}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// `s` with every tab and line break written as a space.
fn one_line(s: &str) -> Cow<'_, str> {
    if s.contains(breaks_a_line) {
        Cow::Owned(s.replace(breaks_a_line, " "))
    } else {
        Cow::Borrowed(s)
    }
}

/// A MISC value: `\` → `\\`, `|` → `\p`, tab → `\t`, any other line break → `\n`.
fn escape_misc(s: &str) -> Cow<'_, str> {
    if !s.contains(|c: char| c == '\\' || c == '|' || breaks_a_line(c)) {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 4);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '|' => out.push_str("\\p"),
            '\t' => out.push_str("\\t"),
            c if breaks_a_line(c) => out.push_str("\\n"),
            c => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether no white space stands in `text[end..next]`, the gap after a
/// token; the end of the text counts as white space.
fn no_space_after(text: &str, end: usize, next: usize) -> bool {
    if next >= text.len() {
        return false; // the last token: only the end of the text, or invisible chars, follow
    }
    !text
        .get(end..next)
        .unwrap_or("")
        .chars()
        .any(|c| c.is_whitespace() || crate::chars::is_stray_control(c))
}

/// The MISC attributes of one line, `|`-separated.
#[derive(Default)]
struct Misc(String);

impl Misc {
    fn add(&mut self, key: &str, value: &str) {
        if !self.0.is_empty() {
            self.0.push('|');
        }
        self.0.push_str(key);
        self.0.push('=');
        self.0.push_str(value);
    }
}

/// `start:end` of a span, in chars of the original text (`shift` chars
/// after its start).
fn char_range(span: &Span, shift: usize) -> String {
    format!("{}:{}", span.char_start + shift, span.char_end + shift)
}

/// For each token, its entity tag: `(first token of the entity?, label)`,
/// or `None` outside entities. Entities are runs of whole tokens, in order.
fn bio_labels(doc: &Document) -> Vec<Option<(bool, &str)>> {
    let mut tags = vec![None; doc.tokens.len()];
    let mut t = 0;
    for e in &doc.entities {
        while t < doc.tokens.len() && doc.tokens[t].span.start < e.span.start {
            t += 1;
        }
        let mut first = true;
        while t < doc.tokens.len() && doc.tokens[t].span.end <= e.span.end {
            tags[t] = Some((first, e.label.as_str()));
            first = false;
            t += 1;
        }
    }
    tags
}

impl Document {
    /// The document as CoNLL-U text ([`to_conllu`]).
    pub fn to_conllu(&self) -> String {
        to_conllu(self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_never_hold_tabs_or_line_breaks() {
        assert_eq!(field(""), "_");
        assert_eq!(field("a\tb\r\nc\u{2028}d"), "a b  c d");
        assert_eq!(one_line("سلام"), "سلام");
        assert_eq!(escape_misc(r"a|b\c"), r"a\pb\\c");
        assert_eq!(escape_misc("a\tb\nc"), r"a\tb\nc");
    }

    #[test]
    fn space_after_reads_the_gap_in_the_original() {
        let text = "الف. ب\u{200F}ج \u{200E}د\u{0}ه";
        let at = |s: &str| text.find(s).unwrap();
        // "." is followed by a space; "الف" by "." directly.
        assert!(no_space_after(text, at("."), at(".")));
        assert!(!no_space_after(text, at(". "), at(" ب") + 1));
        // A bidi mark alone is no space; with a space it is.
        assert!(no_space_after(text, at("\u{200F}"), at("ج")));
        assert!(!no_space_after(text, at(" \u{200E}"), at("د")));
        // NUL separates like a space; the end of the text counts as space.
        assert!(!no_space_after(text, at("\u{0}"), at("ه")));
        assert!(!no_space_after(text, text.len(), text.len()));
        // The last token, even with an invisible char after it.
        let rlm = "سلام\u{200F}";
        assert!(!no_space_after(rlm, "سلام".len(), rlm.len()));
    }
}
