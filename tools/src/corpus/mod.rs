//! Readers of the corpus file formats, one module per format. Each is a pure
//! function from the file's text to typed sentences, and a malformed line is
//! an error naming its line number. What the sentences mean to a task (tag
//! mapping, held-out parts, entity spans) is for the callers: `pos_data`
//! and `ner_data` (this module imports neither).
//!
//! - [`conllu`]: CoNLL-U (the UD treebanks, iPerUDT);
//! - [`perdt_early`]: the early PerDT train sentences (CoNLL-U lines in
//!   another column order);
//! - [`wordtag`]: `word/TAG` tokens, one sentence per line (the Seraji train file);
//! - [`peyma`]: PEYMA's `word|tag` lines;
//! - [`iob`]: `token<TAB>tag` IOB lines (ParsTwiNER, NSURL-2019);
//! - [`docs`]: document ranges of a sentence file (`doc<TAB>first<TAB>end`).

pub mod conllu;
pub mod docs;
pub mod iob;
pub mod perdt_early;
pub mod peyma;
pub mod wordtag;

/// A sentence of a treebank (CoNLL-U or `word/TAG`).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UdSentence {
    /// The `# text` line (empty if there is none).
    pub text: String,
    /// The surface tokens.
    pub tokens: Vec<UdToken>,
}

/// A surface token and the syntactic words it is made of.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UdToken {
    /// The surface form.
    pub form: String,
    /// True for a multiword token (a CoNLL-U range line, a `SURFACE/_` item),
    /// even one with a single word.
    pub multiword: bool,
    /// The syntactic words (one for a plain token).
    pub words: Vec<UdWord>,
}

/// A syntactic word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UdWord {
    /// The word form.
    pub form: String,
    /// The LEMMA column as written (`_` included); `None` when the format has
    /// no lemmas (`word/TAG`).
    pub lemma: Option<String>,
    /// The UPOS as written.
    pub upos: String,
    /// The XPOS as written (`_` when absent; for [`perdt_early`], the
    /// Dadegan coarse and fine tags joined as in current PerDT: `N_IANM`).
    pub xpos: String,
    /// The MISC column as written (`_` when empty or absent).
    pub misc: String,
}

/// A sentence of an entity corpus: tokens and their tags as written
/// (`O`, `B_PER`, `I-LOC`, ...; see [`TaggedSentence::check_tag`]).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TaggedSentence {
    /// The tokens (trimmed, never empty).
    pub tokens: Vec<String>,
    /// One tag per token.
    pub tags: Vec<String>,
}

impl TaggedSentence {
    /// Checks the shape of a BIO tag: `O`, or `B`/`I`, then `_` or `-`, then
    /// a label (any label: which ones count is the caller's business).
    pub fn check_tag(tag: &str) -> Result<(), String> {
        if tag == "O" {
            return Ok(());
        }
        match tag.split_once(['_', '-']) {
            Some(("B" | "I", label)) if !label.is_empty() => Ok(()),
            _ => Err(format!("bad tag {tag:?} (O, B_X, I_X, B-X or I-X)")),
        }
    }
}

/// Reads blank-line-separated `token SEP tag` lines, with `split` cutting a
/// non-blank line into token and tag (`None`: malformed). Shared by the
/// PEYMA and IOB readers.
pub(crate) fn read_tagged(
    src: &str,
    what: &str,
    split: impl Fn(&str) -> Option<(&str, &str)>,
) -> Result<Vec<TaggedSentence>, String> {
    let mut out = Vec::new();
    let mut cur = TaggedSentence::default();
    for (i, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.trim().is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        let err = |e: String| format!("line {}: {e}", i + 1);
        let (token, tag) = split(line).ok_or_else(|| err(format!("expected {what}: {line:?}")))?;
        let (token, tag) = (token.trim(), tag.trim());
        if token.is_empty() {
            return Err(err(format!("empty token: {line:?}")));
        }
        TaggedSentence::check_tag(tag).map_err(err)?;
        cur.tokens.push(token.to_string());
        cur.tags.push(tag.to_string());
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}
