//! The entity corpora as NER training and evaluation data: gold sentences
//! with tag codes, the text a sentence is analyzed as, its gold entities.
//! Shared by `parsi train ner` and `parsi eval ner`.

use crate::corpus::{docs, iob, peyma, TaggedSentence};
use crate::read;
use parsi::ner::{spans, Label};
use parsi::AnalyzeOptions;
use rustc_hash::FxHashSet;
use std::path::{Path, PathBuf};

/// The format of an entity file.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// PEYMA `word|tag` lines.
    Peyma,
    /// `token<TAB>tag` IOB lines (ParsTwiNER, NSURL-2019).
    Iob,
}

/// A gold sentence: tokens and BIO tag codes (`O` = 0, see [`Label::begin`]).
#[derive(Clone, Debug)]
pub struct GoldSentence {
    pub tokens: Vec<String>,
    pub tags: Vec<u8>,
}

/// The code of a tag as written; labels outside the PEYMA set are `O`.
pub fn tag_code(tag: &str) -> u8 {
    let Some((bi, label)) = tag.split_once(['_', '-']) else {
        return 0;
    };
    match (bi, Label::parse(label)) {
        ("B", Some(l)) => l.begin(),
        ("I", Some(l)) => l.inside(),
        _ => 0,
    }
}

/// A read sentence with its tags as codes.
pub fn gold_sentence(s: TaggedSentence) -> GoldSentence {
    GoldSentence {
        tags: s.tags.iter().map(|t| tag_code(t)).collect(),
        tokens: s.tokens,
    }
}

/// Reads an entity file's text in `format`.
pub fn read_gold(src: &str, format: Format) -> Result<Vec<GoldSentence>, String> {
    let sents = match format {
        Format::Peyma => peyma::parse(src)?,
        Format::Iob => iob::parse(src)?,
    };
    Ok(sents.into_iter().map(gold_sentence).collect())
}

/// Every this-many-th document of a corpus with document ranges is held out
/// (the tenth of NSURL-2019 that tuning and `eval ner --heldout` use).
pub const HELD_OUT_EVERY: usize = 10;

/// The documents file beside an entity file: `X.txt` → `X.docs.tsv`.
pub fn docs_path(gold: &Path) -> PathBuf {
    gold.with_extension("docs.tsv")
}

/// Splits the sentences of an entity file by the documents of its
/// `.docs.tsv` (see [`docs_path`]): `(train, held out)`, the held-out part
/// being documents 9, 19, 29, … (a tenth, whole documents). A documents file
/// that does not cover the sentences exactly is an error.
pub fn split_by_document(
    sentences: Vec<GoldSentence>,
    docs_src: &str,
) -> Result<(Vec<GoldSentence>, Vec<GoldSentence>), String> {
    let docs = docs::parse(docs_src)?;
    if docs.last().map_or(0, |d| d.end) != sentences.len() {
        return Err(format!(
            "the documents cover {} sentences, the file has {}",
            docs.last().map_or(0, |d| d.end),
            sentences.len()
        ));
    }
    let mut held_sentence = vec![false; sentences.len()];
    for (i, d) in docs.iter().enumerate() {
        if i % HELD_OUT_EVERY == HELD_OUT_EVERY - 1 {
            held_sentence[d.first..d.end].fill(true);
        }
    }
    let (mut train, mut held) = (Vec::new(), Vec::new());
    for (s, h) in sentences.into_iter().zip(held_sentence) {
        if h {
            held.push(s);
        } else {
            train.push(s);
        }
    }
    Ok((train, held))
}

/// NSURL-2019 600K split by document: `(train, held out)`.
pub fn read_nsurl(data: &Path) -> Result<(Vec<GoldSentence>, Vec<GoldSentence>), String> {
    let file = data.join(NSURL);
    let sents = read_gold(&read(&file)?, Format::Iob).map_err(|e| format!("{NSURL}: {e}"))?;
    let docs = crate::ner_data::docs_path(&file);
    crate::ner_data::split_by_document(sents, &read(&docs)?)
        .map_err(|e| format!("{}: {e}", docs.display()))
}

/// NSURL-2019's training part, in the data folder.
pub const NSURL: &str = "nsurl2019/train-600k.txt";

/// The gold entities of the recognizer's training data in the data folder
/// (PEYMA train and NSURL's training part), as (label, normalized text): what
/// `eval ner` counts an entity as seen in training by.
pub fn training_entities(data: &Path) -> Result<FxHashSet<(Label, String)>, String> {
    let peyma = read_gold(&read(&data.join("peyma/train.txt"))?, Format::Peyma)
        .map_err(|e| format!("peyma/train.txt: {e}"))?;
    let (nsurl, _) = read_nsurl(data)?;
    let mut out = FxHashSet::default();
    for s in peyma.iter().chain(&nsurl) {
        for (l, r) in spans(&s.tags) {
            out.insert((l, entity_key(&s.tokens[r].join(" "))));
        }
    }
    Ok(out)
}

/// An entity's text as [`training_entities`] compares it: normalized.
pub fn entity_key(text: &str) -> String {
    parsi::normalize(text, &Default::default()).map_or_else(|_| text.to_string(), |n| n.text)
}

/// The sentence's text (tokens joined with spaces) and the char range of
/// each token in it.
pub fn text_of(tokens: &[String]) -> (String, Vec<(usize, usize)>) {
    let mut text = String::new();
    let mut ranges = Vec::with_capacity(tokens.len());
    let mut at = 0;
    for (i, t) in tokens.iter().enumerate() {
        if i > 0 {
            text.push(' ');
            at += 1;
        }
        text.push_str(t);
        let n = t.chars().count();
        ranges.push((at, at + n));
        at += n;
    }
    (text, ranges)
}

/// Gold entities as (label, char start, char end).
pub fn gold_entities(s: &GoldSentence, ranges: &[(usize, usize)]) -> Vec<(Label, usize, usize)> {
    spans(&s.tags)
        .into_iter()
        .map(|(l, r)| (l, ranges[r.start].0, ranges[r.end - 1].1))
        .collect()
}

/// Analysis without POS and entities: the tokens the recognizer sees.
pub fn tokens_only() -> AnalyzeOptions {
    AnalyzeOptions {
        pos: false,
        entities: false,
        ..AnalyzeOptions::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_tenth_document_is_held_out_whole() {
        let sents: Vec<GoldSentence> = (0..25)
            .map(|i| GoldSentence {
                tokens: vec![i.to_string()],
                tags: vec![0],
            })
            .collect();
        // 12 documents of 2 sentences and one of 1: documents 9 is held out.
        let mut docs = String::new();
        for d in 0..13 {
            let end = (2 * d + 2).min(25);
            docs.push_str(&format!("D{d}\t{}\t{end}\n", 2 * d));
        }
        let (train, held) = split_by_document(sents, &docs).unwrap();
        let held: Vec<&str> = held.iter().map(|s| s.tokens[0].as_str()).collect();
        assert_eq!(held, ["18", "19"]);
        assert_eq!(train.len(), 23);
        let short = "A\t0\t3\n";
        let one = vec![GoldSentence {
            tokens: vec![],
            tags: vec![],
        }];
        assert!(split_by_document(one, short)
            .unwrap_err()
            .contains("cover 3"));
    }

    #[test]
    fn tags_and_entities() {
        assert_eq!(tag_code("O"), 0);
        assert_eq!(tag_code("B_PER"), Label::Per.begin());
        assert_eq!(tag_code("I-ORG"), Label::Org.inside());
        // ParsTwiNER's labels that PEYMA does not have.
        assert_eq!(tag_code("B-NAT"), 0);
        let g = read_gold(
            "علی\tB-PER\nرضایی\tI-PER\nدر\tO\nتهران\tB-LOC\n",
            Format::Iob,
        )
        .unwrap();
        let (text, ranges) = text_of(&g[0].tokens);
        assert_eq!(text, "علی رضایی در تهران");
        assert_eq!(
            gold_entities(&g[0], &ranges),
            [(Label::Per, 0, 9), (Label::Loc, 13, 18)]
        );
        assert!(read_gold("علی\tB-PER\n", Format::Peyma).is_err());
    }
}
