//! The end-to-end part of `parsi eval pos`: words, UPOS and lemma F1 from raw
//! text, with the word alignment of the CoNLL 2018 shared task
//! (`conll18_ud_eval.py`).
//!
//! Each gold sentence's `# text` (or, when a sentence has none, its token forms
//! joined by spaces) is analysed **on its own** with [`parsi::Analyzer::analyze`]
//! (default options: with entities, which decide the part of speech of the
//! words inside names) by the analyzer being evaluated (the
//! embedded one, or one with a candidate tagger), so sentence splitting is
//! not scored here (`parsi eval segment` does that); tokenization, clitic
//! splitting, tagging and lemmatization are.
//!
//! Alignment. Gold and predicted words are placed on the same text. As in the
//! CoNLL 2018 script, offsets count only the *visible* characters: whitespace
//! is skipped, and so are ZWNJ/ZWJ, Arabic diacritics and tatweel (so where a
//! ZWNJ between two parts of a word goes never decides a match).
//! - Each gold surface token is located in the text after the whitespace that
//!   follows the previous one (as `parsi eval segment` does). A token that is
//!   not found there is *unlocated*: its words count as gold words that no
//!   prediction matches.
//! - A single-word token's word gets the token's span. A multiword token whose
//!   word forms, folded (below), spell out the folded surface form (the common
//!   Persian case, `کتابش` = `کتاب` + `ش`) gives each word its own sub-span.
//!   Any other multiword token (`ازش` = `از` + `او`) stays a multiword token:
//!   each of its words gets the whole token span, as in the CoNLL script.
//! - Predicted words always have their own spans (the splitter cuts the
//!   normalized token, and the cuts map back to the original text).
//! - Then the CoNLL 2018 `align_words`: words outside multiword tokens align
//!   when their spans are equal; inside the smallest region that covers
//!   overlapping multiword tokens of either side, words align by the longest
//!   common subsequence of their folded forms.
//!
//! The fold for comparing forms (the predicted forms are normalized, the gold
//! ones are not): Arabic `ي`/`ى` → `ی`, `ك` → `ک`, Arabic-Indic and Persian
//! digits → ASCII, ASCII lowercased; whitespace, ZWNJ/ZWJ, diacritics and
//! tatweel dropped.
//!
//! Scores are micro averages, as in CoNLL 2018: words P/R/F1 = aligned pairs /
//! predicted words, / gold words; UPOS F1 counts the aligned pairs with the
//! right UPOS (gold mapped to the target convention with `map_upos`; a Seraji
//! NOUN predicted PROPN is right, as on gold tokenization); lemma F1 counts the
//! aligned pairs whose predicted lemma is one of the gold word's accepted
//! lemmas. Gold words without a lemma (a few in iPerUDT) are left out of the
//! lemma figures, and so are the predicted words aligned to them, as the gold
//! tokenization lemma accuracy leaves them out.

use crate::corpus::{conllu, UdSentence, UdToken};
use parsi::pos::train::GoldSentence;
use parsi::pos::Upos;
use serde_json::json;

/// Counts of the end-to-end evaluation (summable over sentences and files).
#[derive(Clone, Debug, Default)]
pub struct E2eScore {
    /// Gold words.
    pub gold: usize,
    /// Predicted words.
    pub predicted: usize,
    /// Aligned (gold, predicted) pairs.
    pub aligned: usize,
    /// Aligned pairs with the right UPOS.
    pub upos: usize,
    /// Gold words with a lemma.
    pub lemma_gold: usize,
    /// Predicted words not aligned to a gold word without a lemma.
    pub lemma_predicted: usize,
    /// Aligned pairs with an accepted lemma.
    pub lemma: usize,
    /// Gold surface tokens not found in the sentence text.
    pub unlocated: usize,
}

/// Precision, recall and F1 of `correct` out of `predicted` and `gold`.
fn prf(correct: usize, predicted: usize, gold: usize) -> (f64, f64, f64) {
    let p = correct as f64 / predicted.max(1) as f64;
    let r = correct as f64 / gold.max(1) as f64;
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    (p, r, f)
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

impl E2eScore {
    /// Adds another score.
    pub fn add(&mut self, o: &E2eScore) {
        self.gold += o.gold;
        self.predicted += o.predicted;
        self.aligned += o.aligned;
        self.upos += o.upos;
        self.lemma_gold += o.lemma_gold;
        self.lemma_predicted += o.lemma_predicted;
        self.lemma += o.lemma;
        self.unlocated += o.unlocated;
    }
    /// Words (precision, recall, F1).
    pub fn words(&self) -> (f64, f64, f64) {
        prf(self.aligned, self.predicted, self.gold)
    }
    /// UPOS F1.
    pub fn upos_f1(&self) -> f64 {
        prf(self.upos, self.predicted, self.gold).2
    }
    /// Lemma F1.
    pub fn lemma_f1(&self) -> f64 {
        prf(self.lemma, self.lemma_predicted, self.lemma_gold).2
    }
    /// The JSON object (fractions, like the rest of `eval pos`).
    pub fn to_json(&self) -> serde_json::Value {
        let (p, r, f) = self.words();
        json!({
            "words": {"precision": round(p), "recall": round(r), "f1": round(f)},
            "upos_f1": round(self.upos_f1()),
            "lemma_f1": round(self.lemma_f1()),
            "gold_words": self.gold,
            "predicted_words": self.predicted,
            "aligned_words": self.aligned,
            "unlocated_gold_tokens": self.unlocated,
        })
    }
    /// A line for people.
    pub fn summary(&self) -> String {
        let (p, r, f) = self.words();
        format!(
            "end-to-end words F1 {:.2}% (P {:.2}%, R {:.2}%), UPOS F1 {:.2}%, lemma F1 {:.2}%",
            100.0 * f,
            100.0 * p,
            100.0 * r,
            100.0 * self.upos_f1(),
            100.0 * self.lemma_f1()
        )
    }
}

/// Scores the sentences `gold` of a CoNLL-U file whose text is `src`; `gold`
/// are its sentences from number `first` on (as [`crate::pos_data::read_conllu`] reads them, so
/// with `--heldout` the held-out part).
pub fn score(
    analyzer: &parsi::Analyzer,
    src: &str,
    first: usize,
    gold: &[GoldSentence],
) -> Result<E2eScore, String> {
    let parsed = conllu::parse(src)?;
    if parsed.len() != first + gold.len() {
        return Err(format!(
            "{} sentences in the CoNLL-U text but {} read for tagging",
            parsed.len(),
            first + gold.len()
        ));
    }
    let mut sc = E2eScore::default();
    for (i, (p, g)) in parsed[first..].iter().zip(gold).enumerate() {
        sentence(analyzer, p, g, &mut sc)
            .map_err(|e| format!("sentence {}: {e}", first + i + 1))?;
    }
    Ok(sc)
}

/// The default options: normalization, segmentation, tagging and entities
/// (the words inside names take their part of speech from them), when the
/// analyzer has a recognizer (a candidate tagger is evaluated without one).
fn default_options(analyzer: &parsi::Analyzer) -> parsi::AnalyzeOptions {
    parsi::AnalyzeOptions {
        entities: analyzer.recognizer().is_some(),
        ..Default::default()
    }
}

/// A word to align: its span in visible characters, its multiword token's
/// span if it has no span of its own, and its folded form.
#[derive(Clone, Debug, PartialEq, Eq)]
struct AWord {
    start: usize,
    end: usize,
    mwt: Option<(usize, usize)>,
    form: String,
}

impl AWord {
    fn beyond(words: &[AWord], i: usize, end: usize) -> bool {
        i >= words.len() || words[i].start >= end
    }
    fn extend(&self, end: usize) -> usize {
        match self.mwt {
            Some((_, e)) if e > end => e,
            _ => end,
        }
    }
}

/// Characters that do not count in offsets and forms.
fn invisible(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '\u{200C}' | '\u{200D}' | '\u{0640}' | '\u{064B}'..='\u{065F}' | '\u{0670}'
        )
}

/// One character folded for comparison, or `None` if it does not count.
fn fold_char(c: char) -> Option<char> {
    if invisible(c) {
        return None;
    }
    Some(match c {
        'ي' | 'ى' => 'ی',
        'ك' => 'ک',
        '٠'..='٩' => char::from(b'0' + (c as u32 - '٠' as u32) as u8),
        '۰'..='۹' => char::from(b'0' + (c as u32 - '۰' as u32) as u8),
        _ => c.to_ascii_lowercase(),
    })
}

fn fold(s: &str) -> String {
    s.chars().filter_map(fold_char).collect()
}

/// `visible[i]`: the visible characters among `chars[..i]`.
fn visible_prefix(chars: &[char]) -> Vec<usize> {
    let mut v = Vec::with_capacity(chars.len() + 1);
    let mut n = 0;
    v.push(0);
    for &c in chars {
        n += !invisible(c) as usize;
        v.push(n);
    }
    v
}

/// The sub-spans (char offsets into `surface`) of `forms` if, folded, they
/// spell out the folded `surface`.
fn split_spans(surface: &[char], forms: &[&str]) -> Option<Vec<(usize, usize)>> {
    let mut out = Vec::with_capacity(forms.len());
    let mut p = 0;
    for f in forms {
        let start = p;
        for c in f.chars().filter_map(fold_char) {
            while p < surface.len() && fold_char(surface[p]).is_none() {
                p += 1;
            }
            if p < surface.len() && fold_char(surface[p]) == Some(c) {
                p += 1;
            } else {
                return None;
            }
        }
        out.push((start, p));
    }
    if surface[p..].iter().any(|&c| fold_char(c).is_some()) {
        return None;
    }
    Some(out)
}

/// The gold words of a sentence placed on `text`: (word index in the
/// sentence, word to align), and the number of tokens not found.
fn gold_words(text: &str, tokens: &[UdToken]) -> (Vec<(usize, AWord)>, usize) {
    let chars: Vec<char> = text.chars().collect();
    let vis = visible_prefix(&chars);
    let (mut out, mut unlocated) = (Vec::new(), 0);
    let (mut k, mut wi) = (0, 0);
    for t in tokens {
        let first = wi;
        wi += t.words.len();
        while k < chars.len() && chars[k].is_whitespace() {
            k += 1;
        }
        let form: Vec<char> = t.form.chars().collect();
        if !chars[k..].starts_with(&form) {
            unlocated += 1;
            continue;
        }
        let (a, b) = (k, k + form.len());
        k = b;
        if t.words.len() == 1 {
            let form = fold(&t.words[0].form);
            out.push((first, span_word(&vis, a, b, form)));
            continue;
        }
        let forms: Vec<&str> = t.words.iter().map(|w| w.form.as_str()).collect();
        match split_spans(&chars[a..b], &forms) {
            Some(spans) => {
                for (j, ((s, e), f)) in spans.into_iter().zip(&forms).enumerate() {
                    out.push((first + j, span_word(&vis, a + s, a + e, fold(f))));
                }
            }
            None => {
                let (s, e) = (vis[a], vis[b]);
                for (j, f) in forms.iter().enumerate() {
                    out.push((
                        first + j,
                        AWord {
                            start: s,
                            end: e,
                            mwt: Some((s, e)),
                            form: fold(f),
                        },
                    ));
                }
            }
        }
    }
    (out, unlocated)
}

fn span_word(vis: &[usize], a: usize, b: usize, form: String) -> AWord {
    AWord {
        start: vis[a],
        end: vis[b],
        mwt: None,
        form,
    }
}

/// The CoNLL 2018 word alignment: (gold index, predicted index) pairs.
fn align(gold: &[AWord], pred: &[AWord]) -> Vec<(usize, usize)> {
    let mut pairs = Vec::new();
    let (mut gi, mut si) = (0, 0);
    while gi < gold.len() && si < pred.len() {
        if gold[gi].mwt.is_some() || pred[si].mwt.is_some() {
            let (gs, ss);
            (gs, ss, gi, si) = multiword_region(gold, pred, gi, si);
            if gi > gs && si > ss {
                lcs_pairs(&gold[gs..gi], &pred[ss..si], |g, s| {
                    pairs.push((gs + g, ss + s))
                });
            }
        } else if (gold[gi].start, gold[gi].end) == (pred[si].start, pred[si].end) {
            pairs.push((gi, si));
            gi += 1;
            si += 1;
        } else if gold[gi].start <= pred[si].start {
            gi += 1;
        } else {
            si += 1;
        }
    }
    pairs
}

/// `find_multiword_span` of the CoNLL 2018 script: the smallest region of
/// both word lists, from (gs, ss) to before (gi, si), that covers the
/// multiword token at gi or si and every multiword token that overlaps it.
fn multiword_region(
    gold: &[AWord],
    pred: &[AWord],
    mut gi: usize,
    mut si: usize,
) -> (usize, usize, usize, usize) {
    let mut end;
    if let Some((ms, me)) = gold[gi].mwt {
        end = me;
        if pred[si].mwt.is_none() && pred[si].start < ms {
            si += 1;
        }
    } else {
        let (ms, me) = pred[si].mwt.unwrap_or((pred[si].start, pred[si].end));
        end = me;
        if gold[gi].mwt.is_none() && gold[gi].start < ms {
            gi += 1;
        }
    }
    let (gs, ss) = (gi, si);
    while !AWord::beyond(gold, gi, end) || !AWord::beyond(pred, si, end) {
        if gi < gold.len() && (si >= pred.len() || gold[gi].start <= pred[si].start) {
            end = gold[gi].extend(end);
            gi += 1;
        } else {
            end = pred[si].extend(end);
            si += 1;
        }
    }
    (gs, ss, gi, si)
}

/// Calls `f(g, s)` for the pairs of a longest common subsequence of the forms,
/// taken as the CoNLL 2018 script takes them.
fn lcs_pairs(gold: &[AWord], pred: &[AWord], mut f: impl FnMut(usize, usize)) {
    let (n, m) = (gold.len(), pred.len());
    // lcs[g][s]: the LCS length of gold[g..] and pred[s..].
    let mut lcs = vec![vec![0usize; m + 1]; n + 1];
    for g in (0..n).rev() {
        for s in (0..m).rev() {
            let both = if gold[g].form == pred[s].form {
                1 + lcs[g + 1][s + 1]
            } else {
                0
            };
            lcs[g][s] = both.max(lcs[g + 1][s]).max(lcs[g][s + 1]);
        }
    }
    let (mut g, mut s) = (0, 0);
    while g < n && s < m {
        if gold[g].form == pred[s].form {
            f(g, s);
            g += 1;
            s += 1;
        } else if lcs[g][s] == lcs[g + 1][s] {
            g += 1;
        } else {
            s += 1;
        }
    }
}

/// Analyses one sentence and adds its counts.
fn sentence(
    analyzer: &parsi::Analyzer,
    p: &UdSentence,
    g: &GoldSentence,
    sc: &mut E2eScore,
) -> Result<(), String> {
    // The index in `g.words` of each word of `p` (None: skipped by
    // `pos_data::gold_sentence` for an unknown UPOS, and not scored).
    let mut index = Vec::new();
    let mut next = 0;
    for w in p.tokens.iter().flat_map(|t| &t.words) {
        if Upos::parse(&w.upos).is_some() {
            match g.words.get(next) {
                Some(gw) if gw.form == w.form => {}
                _ => {
                    return Err(format!(
                        "word {:?} does not match the tagger's data",
                        w.form
                    ))
                }
            }
            index.push(Some(next));
            next += 1;
        } else {
            index.push(None);
        }
    }
    if next != g.words.len() {
        return Err("the word count does not match the tagger's data".into());
    }
    let text = if p.text.is_empty() {
        let forms: Vec<&str> = p.tokens.iter().map(|t| t.form.as_str()).collect();
        forms.join(" ")
    } else {
        p.text.clone()
    };
    let (located, unlocated) = gold_words(&text, &p.tokens);
    let doc = analyzer
        .analyze(&text, &default_options(analyzer))
        .map_err(|e| e.to_string())?;
    let vis = visible_prefix(&text.chars().collect::<Vec<_>>());
    let pred: Vec<AWord> = doc
        .words
        .iter()
        .map(|w| {
            span_word(
                &vis,
                w.span.char_start,
                w.span.char_end,
                fold(doc.word_norm(w)),
            )
        })
        .collect();
    let gold_aw: Vec<AWord> = located.iter().map(|(_, w)| w.clone()).collect();
    let gold_word = |gi: usize| index[located[gi].0].map(|i| &g.words[i]);

    sc.unlocated += unlocated;
    sc.gold += g.words.len();
    sc.lemma_gold += g.words.iter().filter(|w| !w.lemmas.is_empty()).count();
    let mut predicted = doc.words.len();
    let mut lemma_predicted = doc.words.len();
    for (gi, si) in align(&gold_aw, &pred) {
        let Some(gw) = gold_word(gi) else {
            predicted -= 1;
            lemma_predicted -= 1;
            continue;
        };
        let w = &doc.words[si];
        sc.aligned += 1;
        if w.upos == gw.upos
            || (g.noun_may_be_propn() && gw.upos == Upos::Noun && w.upos == Upos::Propn)
        {
            sc.upos += 1;
        }
        if gw.lemmas.is_empty() {
            lemma_predicted -= 1;
        } else if gw
            .lemmas
            .iter()
            .any(|l| parsi::pos::ud_lemma(l) == doc.lemma(w))
        {
            sc.lemma += 1;
        }
    }
    sc.predicted += predicted;
    sc.lemma_predicted += lemma_predicted;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::corpus::UdWord;

    fn token(form: &str, words: &[&str]) -> UdToken {
        UdToken {
            form: form.to_string(),
            multiword: words.len() > 1,
            words: words
                .iter()
                .map(|f| UdWord {
                    form: f.to_string(),
                    lemma: None,
                    upos: "NOUN".into(),
                    xpos: "_".into(),
                    misc: "_".into(),
                })
                .collect(),
        }
    }

    /// Predicted words from (start, end, form) in visible characters.
    fn pred(words: &[(usize, usize, &str)]) -> Vec<AWord> {
        words
            .iter()
            .map(|&(start, end, f)| AWord {
                start,
                end,
                mwt: None,
                form: fold(f),
            })
            .collect()
    }

    fn gold(text: &str, tokens: &[UdToken]) -> Vec<AWord> {
        let (w, unlocated) = gold_words(text, tokens);
        assert_eq!(unlocated, 0);
        w.into_iter().map(|x| x.1).collect()
    }

    #[test]
    fn multiword_token_that_spells_its_parts_gets_sub_spans() {
        let g = gold(
            "کتابش را خواند",
            &[
                token("کتابش", &["کتاب", "ش"]),
                token("را", &["را"]),
                token("خواند", &["خواند"]),
            ],
        );
        assert_eq!((g[0].start, g[0].end, g[0].mwt), (0, 4, None));
        assert_eq!((g[1].start, g[1].end, g[1].mwt), (4, 5, None));
        // Offsets skip the spaces: را is at visible chars 5..7.
        assert_eq!((g[2].start, g[2].end), (5, 7));
        let p = pred(&[(0, 4, "کتاب"), (4, 5, "ش"), (5, 7, "را"), (7, 12, "خواند")]);
        assert_eq!(align(&g, &p), vec![(0, 0), (1, 1), (2, 2), (3, 3)]);
        // Unsplit, the token matches none of its words.
        let p = pred(&[(0, 5, "کتابش"), (5, 7, "را"), (7, 12, "خواند")]);
        assert_eq!(align(&g, &p), vec![(2, 1), (3, 2)]);
    }

    #[test]
    fn zwnj_and_arabic_letters_do_not_decide_the_split() {
        // Gold keeps the ZWNJ in the first part; the surface has Arabic ي.
        let g = gold("آفريده‌اند", &[token("آفريده‌اند", &["آفریده‌", "اند"])]);
        assert_eq!(
            g.iter().map(|w| (w.start, w.end)).collect::<Vec<_>>(),
            vec![(0, 6), (6, 9)]
        );
        let p = pred(&[(0, 6, "آفریده"), (6, 9, "اند")]);
        assert_eq!(align(&g, &p), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn multiword_token_that_does_not_spell_its_parts_aligns_by_forms() {
        // ازش = از + او: the parts are not in the text.
        let g = gold(
            "ازش پرسید",
            &[token("ازش", &["از", "او"]), token("پرسید", &["پرسید"])],
        );
        assert_eq!(g[0].mwt, Some((0, 3)));
        assert_eq!(g[1].mwt, Some((0, 3)));
        // Predicted از + ش: از aligns by form, ش and او do not.
        let p = pred(&[(0, 2, "از"), (2, 3, "ش"), (3, 8, "پرسید")]);
        assert_eq!(align(&g, &p), vec![(0, 0), (2, 2)]);
        // Predicted unsplit: nothing in the token aligns.
        let p = pred(&[(0, 3, "ازش"), (3, 8, "پرسید")]);
        assert_eq!(align(&g, &p), vec![(2, 1)]);
    }

    #[test]
    fn different_tokenization_does_not_align() {
        let g = gold("کتاب ها", &[token("کتاب", &["کتاب"]), token("ها", &["ها"])]);
        let p = pred(&[(0, 6, "کتاب‌ها")]);
        assert!(align(&g, &p).is_empty());
        let p = pred(&[(0, 4, "کتاب"), (4, 6, "ها")]);
        assert_eq!(align(&g, &p), vec![(0, 0), (1, 1)]);
    }

    #[test]
    fn unlocated_tokens_are_counted() {
        let (w, unlocated) = gold_words(
            "الف ب",
            &[
                token("الف", &["الف"]),
                token("x", &["x"]),
                token("ب", &["ب"]),
            ],
        );
        assert_eq!(unlocated, 1);
        assert_eq!(w.iter().map(|x| x.0).collect::<Vec<_>>(), vec![0, 2]);
    }

    #[test]
    fn scores() {
        let s = E2eScore {
            gold: 10,
            predicted: 8,
            aligned: 8,
            upos: 6,
            ..Default::default()
        };
        let (p, r, f) = s.words();
        assert_eq!((p, r), (1.0, 0.8));
        assert!((f - 2.0 * 0.8 / 1.8).abs() < 1e-12);
        assert!((s.upos_f1() - 2.0 * 0.75 * 0.6 / 1.35).abs() < 1e-12);
    }
}
