//! The user dictionary: a caller's own words, given to an
//! [`Analyzer`](crate::Analyzer) with [`Analyzer::with_dictionary`](crate::Analyzer::with_dictionary).
//!
//! - **entities**: phrases that are always an entity with the given label.
//!   They are found in the analysed text (longest match first, token by
//!   token, within a sentence) and replace every entity of the model that
//!   overlaps them. Their score is 1 and their value is read from their
//!   tokens as for the model's entities.
//! - **never entities**: phrases that are never an entity: an entity of the
//!   model whose tokens are exactly such a phrase is dropped.
//! - **compounds**: words written with a ZWNJ between their parts
//!   (`بین‌المللی`): where the text writes the parts with one space between
//!   them (`بین المللی`), the normalizer joins them with a ZWNJ (with nothing
//!   after a letter that never joins), when [`NormalizeOptions::compounds`](crate::NormalizeOptions::compounds)
//!   is on. They are joined before the normalizer's own joins.
//! - **never join**: words the normalizer's joins leave alone: not joined to
//!   the word before or after them, and not split (`می`/`ها` in the middle of a
//!   solid word). A compound of the dictionary that contains one is still
//!   joined (the dictionary's compounds come first).
//!
//! Phrases are matched on a folded form of the normalized text, so spelling
//! variants match: Arabic letter variants (ي ك), diacritics, digits of any
//! script, and a ZWNJ, a space or a token boundary between parts are all
//! one. Matches cover whole tokens, so the offsets of an entity from the
//! dictionary slice the original text like any other.
//!
//! ```
//! use parsi::{Analyzer, AnalyzeOptions, UserDictionary};
//!
//! let dict: UserDictionary = serde_json::from_str(r#"{
//!     "entities": [{ "text": "کافه نادری", "label": "LOC" }],
//!     "compounds": ["بین‌المللی"]
//! }"#).unwrap();
//! let analyzer = Analyzer::shared().unwrap().clone().with_dictionary(dict).unwrap();
//! let doc = analyzer.analyze("نمایشگاه بين المللی کتاب در کافه نادري.", &AnalyzeOptions::default()).unwrap();
//! assert!(doc.normalized.starts_with("نمایشگاه بین‌المللی"));
//! let e = doc.entities.iter().find(|e| e.label == "LOC").unwrap();
//! assert_eq!(doc.slice(&e.span), "کافه نادري"); // as written
//! assert_eq!(e.score, 1.0);
//! ```

use crate::chars::{is_arabic_letter, is_arabic_mark, ZWNJ};
use crate::error::{Error, Result};
use rustc_hash::{FxHashMap, FxHashSet};
use serde::{Deserialize, Serialize};

/// One phrase that is always an entity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DictionaryEntity {
    /// The phrase, as it may be written (it is matched after folding).
    pub text: String,
    /// Its label: one of the recognizer's (`PER`, `LOC`, `ORG`, `DAT`, `TIM`, `MON`, `PCT`).
    pub label: String,
}

/// The entries of a [`UserDictionary`], as written (in JSON and JavaScript:
/// `{ entities: [{ text, label }], neverEntities: [...], compounds: [...],
/// neverJoin: [...] }`, every key optional, unknown keys an error).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default, deny_unknown_fields, rename_all = "camelCase")]
pub struct DictionaryEntries {
    /// Phrases that are always entities, with their labels.
    pub entities: Vec<DictionaryEntity>,
    /// Phrases that are never entities.
    pub never_entities: Vec<String>,
    /// Compounds to write with a ZWNJ between their parts (`بین‌المللی`).
    pub compounds: Vec<String>,
    /// Words the normalizer never joins to a neighbour nor splits.
    pub never_join: Vec<String>,
}

/// A checked user dictionary: see the [module documentation](self).
/// Build it with [`UserDictionary::new`] or deserialize it (the JSON of
/// [`DictionaryEntries`]; the same checks apply).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "DictionaryEntries", into = "DictionaryEntries")]
pub struct UserDictionary {
    entries: DictionaryEntries,
    /// Folded phrase → label.
    entities: FxHashMap<String, String>,
    never_entities: FxHashSet<String>,
    /// Folded compounds, parts separated by one space.
    compounds: FxHashSet<String>,
    never_join: FxHashSet<String>,
    /// The most parts of an entity phrase (a match has at most that many tokens).
    max_entity_parts: usize,
    max_compound_parts: usize,
}

impl TryFrom<DictionaryEntries> for UserDictionary {
    type Error = Error;
    fn try_from(entries: DictionaryEntries) -> Result<Self> {
        UserDictionary::new(entries)
    }
}

impl From<UserDictionary> for DictionaryEntries {
    fn from(d: UserDictionary) -> Self {
        d.entries
    }
}

/// The labels a dictionary entity may have when no recognizer says otherwise.
const PEYMA_LABELS: [&str; 7] = ["PER", "LOC", "ORG", "DAT", "TIM", "MON", "PCT"];

impl UserDictionary {
    /// Checks the entries: an empty phrase, a label outside the PEYMA set, a
    /// compound that is not two or more words of Persian letters, or a
    /// never-join entry that is not one such word is an
    /// [`Error::InvalidOption`] naming the entry.
    pub fn new(entries: DictionaryEntries) -> Result<UserDictionary> {
        let bad = |msg: String| Err(Error::InvalidOption(msg));
        let mut d = UserDictionary::default();
        for (i, e) in entries.entities.iter().enumerate() {
            let key = phrase_key(&e.text);
            if key.is_empty() {
                return bad(format!("entities[{i}].text is empty"));
            }
            if !PEYMA_LABELS.contains(&e.label.as_str()) {
                return bad(format!(
                    "entities[{i}].label {:?} is not a label (known: {})",
                    e.label,
                    PEYMA_LABELS.join(", ")
                ));
            }
            d.max_entity_parts = d.max_entity_parts.max(parts(&key));
            d.entities.insert(key, e.label.clone());
        }
        for (i, p) in entries.never_entities.iter().enumerate() {
            let key = phrase_key(p);
            if key.is_empty() {
                return bad(format!("neverEntities[{i}] is empty"));
            }
            d.never_entities.insert(key);
        }
        for (i, c) in entries.compounds.iter().enumerate() {
            let key = word_key(c);
            if parts(&key) < 2 || !key.chars().all(|c| c == ' ' || is_word_char(c)) {
                return bad(format!(
                    "compounds[{i}] {c:?} is not a compound: two or more words of Persian letters, \
                     with a ZWNJ or a space between them"
                ));
            }
            d.max_compound_parts = d.max_compound_parts.max(parts(&key));
            d.compounds.insert(key);
        }
        for (i, w) in entries.never_join.iter().enumerate() {
            let key = word_key(w);
            if key.is_empty() || !key.chars().all(is_word_char) {
                return bad(format!(
                    "neverJoin[{i}] {w:?} is not one word of Persian letters"
                ));
            }
            d.never_join.insert(key);
        }
        d.entries = entries;
        Ok(d)
    }

    /// The entries as given.
    pub fn entries(&self) -> &DictionaryEntries {
        &self.entries
    }

    /// True if the dictionary has no entry.
    pub fn is_empty(&self) -> bool {
        self.entities.is_empty()
            && self.never_entities.is_empty()
            && self.compounds.is_empty()
            && self.never_join.is_empty()
    }

    /// Checks that every entity label is one of `labels` (a recognizer's).
    pub(crate) fn check_labels(&self, labels: &[String]) -> Result<()> {
        for (i, e) in self.entries.entities.iter().enumerate() {
            if !labels.contains(&e.label) {
                return Err(Error::InvalidOption(format!(
                    "entities[{i}].label {:?} is not a label of the entity model (known: {})",
                    e.label,
                    labels.join(", ")
                )));
            }
        }
        Ok(())
    }

    pub(crate) fn has_entity_entries(&self) -> bool {
        !self.entities.is_empty() || !self.never_entities.is_empty()
    }

    pub(crate) fn has_compounds(&self) -> bool {
        !self.compounds.is_empty()
    }

    pub(crate) fn has_never_join(&self) -> bool {
        !self.never_join.is_empty()
    }

    /// The label of the folded phrase `key`, if it is a dictionary entity.
    pub(crate) fn entity(&self, key: &str) -> Option<&str> {
        self.entities.get(key).map(String::as_str)
    }

    pub(crate) fn is_never_entity(&self, key: &str) -> bool {
        self.never_entities.contains(key)
    }

    pub(crate) fn max_entity_parts(&self) -> usize {
        self.max_entity_parts
    }

    pub(crate) fn is_compound(&self, key: &str) -> bool {
        self.compounds.contains(key)
    }

    pub(crate) fn max_compound_parts(&self) -> usize {
        self.max_compound_parts
    }

    /// Is the word (its chars) one the normalizer must not join or split?
    pub(crate) fn is_never_join(&self, word: impl Iterator<Item = char>) -> bool {
        let mut key = String::new();
        push_key(&mut key, word);
        self.never_join.contains(&key)
    }
}

/// Letters, marks and ZWNJ: the chars of a Persian word.
fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || c == ZWNJ
}

/// The number of space-separated parts of a key.
fn parts(key: &str) -> usize {
    key.split(' ').filter(|p| !p.is_empty()).count()
}

/// Appends the folded form of `chars` to `out`: Arabic letter variants,
/// diacritics and tatweel as [`crate::search::fold`] folds them, digits of
/// any script as ASCII, and every run of white space, ZWNJ or ZWJ as one
/// space between parts (none at either end of what is appended).
pub(crate) fn push_key(out: &mut String, chars: impl Iterator<Item = char>) {
    let mut gap = false;
    let start = out.len();
    let mut buf = [0u8; 4];
    for c in chars {
        if c.is_whitespace() || c == ZWNJ || c == '\u{200D}' {
            gap = true;
            continue;
        }
        let c = match c {
            '\u{06F0}'..='\u{06F9}' => char::from_u32(c as u32 - 0x06F0 + '0' as u32).unwrap_or(c),
            '\u{0660}'..='\u{0669}' => char::from_u32(c as u32 - 0x0660 + '0' as u32).unwrap_or(c),
            _ => c,
        };
        let folded = crate::search::fold(c.encode_utf8(&mut buf));
        if folded.is_empty() {
            continue;
        }
        if gap && out.len() > start {
            out.push(' ');
        }
        gap = false;
        out.push_str(&folded);
    }
}

/// The folded key of words as written (compounds and never-join words,
/// matched against the normalizer's words, not tokens).
fn word_key(words: &str) -> String {
    let mut key = String::new();
    push_key(&mut key, words.chars());
    key
}

/// The folded key of a phrase as written: split into tokens as the
/// tokenizer splits the default normalization of it, parts separated by one
/// space.
pub(crate) fn phrase_key(phrase: &str) -> String {
    let mut key = String::new();
    for part in crate::analyzer::segment_norms(phrase) {
        if !key.is_empty() {
            key.push(' ');
        }
        let len = key.len();
        push_key(&mut key, part.chars());
        if key.len() == len {
            key.pop();
        }
    }
    key
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entries(json: &str) -> DictionaryEntries {
        serde_json::from_str(json).unwrap()
    }

    #[test]
    fn keys_fold_variants_and_gaps() {
        assert_eq!(phrase_key("بين‌المللي"), phrase_key("بین  المللی"));
        assert_eq!(phrase_key("۱۲ ريال"), "12 ریال");
        assert_eq!(phrase_key("شرکت (نفت)"), "شرکت ( نفت )");
        assert_eq!(phrase_key("  "), "");
    }

    #[test]
    fn bad_entries_are_errors() {
        for (json, what) in [
            (
                r#"{"entities": [{"text": " ", "label": "PER"}]}"#,
                "entities[0].text is empty",
            ),
            (
                r#"{"entities": [{"text": "علی", "label": "XYZ"}]}"#,
                "not a label",
            ),
            (r#"{"neverEntities": [""]}"#, "neverEntities[0] is empty"),
            (r#"{"compounds": ["کتاب"]}"#, "compounds[0]"),
            (r#"{"compounds": ["abc def"]}"#, "compounds[0]"),
            (r#"{"neverJoin": ["دانش آموز"]}"#, "neverJoin[0]"),
        ] {
            let e = UserDictionary::new(entries(json)).unwrap_err().to_string();
            assert!(e.contains(what), "{json}: {e}");
        }
        assert!(serde_json::from_str::<UserDictionary>(r#"{"entity": []}"#).is_err());
        assert!(serde_json::from_str::<UserDictionary>(
            r#"{"entities": [{"text": "x", "label": "PER", "score": 1}]}"#
        )
        .is_err());
    }

    #[test]
    fn round_trips_through_json() {
        let d: UserDictionary = serde_json::from_str(
            r#"{"entities": [{"text": "کافه نادری", "label": "LOC"}], "neverJoin": ["آموز"]}"#,
        )
        .unwrap();
        assert_eq!(d.entity("کافه نادری"), Some("LOC"));
        assert!(d.is_never_join("آموز".chars()));
        let json = serde_json::to_string(&d).unwrap();
        assert_eq!(serde_json::from_str::<UserDictionary>(&json).unwrap(), d);
        assert!(UserDictionary::default().is_empty());
    }
}
