//! `parsi eval pos`: UPOS and lemma accuracy on gold tokenization, per file
//! and overall, and the tagging speed; and end-to-end from each sentence's
//! raw text, words, UPOS and lemma F1 with the CoNLL 2018 word alignment
//! ([`crate::eval_pos_e2e`], through the analyzer with the evaluated tagger).

use crate::eval_pos_e2e::{self, E2eScore};
use crate::pos_data::{has_heldout, read_conllu, source_of_path};
use parsi::pos::train::{split_heldout, GoldSentence, Score};
use parsi::pos::Upos;
use parsi::pos::{TagBuffers, Tagger};
use serde_json::json;
use std::path::PathBuf;
use std::time::Instant;

/// Scores `model` (the embedded one if `None`) on the `gold` CoNLL-U files,
/// their held-out parts only with `heldout`; with `confusion`, also prints
/// each file's most frequent tag confusions and lemma errors.
pub fn run(
    gold: &[PathBuf],
    heldout: bool,
    model: Option<&str>,
    confusion: bool,
) -> Result<(), String> {
    // The analyzer evaluated: the embedded one, or one with the candidate
    // tagger (and no entity recognizer: one is trained for a given tagger).
    let analyzer = match model {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
            let tagger = Tagger::from_bytes(&bytes).map_err(|e| e.to_string())?;
            crate::base_models()?
                .clone()
                .with_tagger(tagger, None)
                .map_err(|e| e.to_string())?
        }
        None => crate::base()?.clone(),
    };
    let (tagger, res) = (analyzer.tagger(), analyzer.resources());
    // Time to parse the model from bytes (what the first use pays).
    let bytes = tagger.to_bytes();
    let t = Instant::now();
    Tagger::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;
    let mut all = Score::default();
    let mut all_e2e = E2eScore::default();
    let mut files = serde_json::Map::new();
    let mut sentences = Vec::new();
    for path in gold {
        let name = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|e| format!("{name}: {e}"))?;
        let sents =
            read_conllu(&text, source_of_path(&name)).map_err(|e| format!("{name}: {e}"))?;
        let n_all = sents.len();
        let sents = if heldout {
            if !has_heldout(&name) {
                return Err(format!(
                    "{name}: no held-out part (only the dev files have one; the model trained on all of this file)"
                ));
            }
            split_heldout(sents, true).1
        } else {
            sents
        };
        let first = n_all - sents.len();
        let e2e = eval_pos_e2e::score(&analyzer, &text, first, &sents)
            .map_err(|e| format!("{name}: {e}"))?;
        let sc = score_gold(&analyzer, &sents);
        if confusion {
            print_confusion(&analyzer, &sents);
        }
        all.add(&sc);
        crate::out!(
            "{name}: {} words, UPOS {:.2}% (unmapped {:.2}%), lemma {:.2}%, stems {:.2}% of {}",
            sc.words,
            100.0 * sc.upos_acc(),
            100.0 * sc.upos_raw as f64 / sc.words.max(1) as f64,
            100.0 * sc.lemma_acc(),
            100.0 * sc.stems_acc(),
            sc.stems_words
        );
        let mut file = json!({"words": sc.words, "upos": round(sc.upos_acc()), "upos_unmapped": round(sc.upos_raw as f64 / sc.words.max(1) as f64), "lemma": round(sc.lemma_acc()), "stems": round(sc.stems_acc()), "stems_words": sc.stems_words});
        crate::out!("{name}: {}", e2e.summary());
        file["end_to_end"] = e2e.to_json();
        all_e2e.add(&e2e);
        files.insert(name, file);
        sentences.extend(sents);
    }
    // Speed: UPOS only, then UPOS + lemma, best of 5.
    let forms: Vec<Vec<&str>> = sentences
        .iter()
        .map(|s| s.words.iter().map(|w| w.form.as_str()).collect())
        .collect();
    let mut buf = TagBuffers::default();
    let mut out = Vec::new();
    let (mut best_upos, mut best_full) = (f64::MAX, f64::MAX);
    for _ in 0..5 {
        let t = Instant::now();
        for s in &forms {
            tagger.tag_upos(res, s, &mut buf, &mut out);
        }
        best_upos = best_upos.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for s in &forms {
            std::hint::black_box(tagger.tag(res, s));
        }
        best_full = best_full.min(t.elapsed().as_secs_f64());
    }
    let mut summary = json!({
        "files": files,
        "heldout": heldout,
        "words": all.words,
        "upos": round(all.upos_acc()),
        "upos_unmapped": round(all.upos_raw as f64 / all.words.max(1) as f64),
        "lemma": round(all.lemma_acc()),
        "stems": round(all.stems_acc()),
        "upos_words_per_s": (all.words as f64 / best_upos).round(),
        "upos_lemma_words_per_s": (all.words as f64 / best_full).round(),
        "model_bytes": bytes.len(),
        "model_load_ms": (load_ms * 10.0).round() / 10.0,
    });
    summary["end_to_end"] = all_e2e.to_json();
    crate::out!("{summary}");
    Ok(())
}

fn round(x: f64) -> f64 {
    (x * 10000.0).round() / 10000.0
}

/// Prints the most frequent (gold, predicted) confusions and their words (debugging aid).
fn print_confusion(analyzer: &parsi::Analyzer, sents: &[GoldSentence]) {
    let (tagger, res) = (analyzer.tagger(), analyzer.resources());
    let mut counts: std::collections::BTreeMap<(String, String), (usize, Vec<String>)> =
        Default::default();
    let mut lemma_errors: std::collections::BTreeMap<String, usize> = Default::default();
    let (mut buf, mut upos) = (Buffers::default(), Vec::new());
    for s in sents {
        tag_gold(analyzer, s, &mut buf, &mut upos);
        let tags: Vec<parsi::pos::PosTag> = s
            .words
            .iter()
            .zip(&upos)
            .map(|(w, &u)| tagger.pos_tag(res.lexicon, &w.form, u))
            .collect();
        for (w, t) in s.words.iter().zip(&tags) {
            if t.upos != w.upos {
                let e = counts
                    .entry((w.upos.as_str().to_string(), t.upos.as_str().to_string()))
                    .or_default();
                e.0 += 1;
                if e.1.len() < 12 {
                    e.1.push(w.form.clone());
                }
            }
            if let Some(gold) = w.lemmas.iter().find(|l| l.contains('#')) {
                if t.stems.as_ref() != Some(gold) {
                    *lemma_errors
                        .entry(format!(
                            "stems {} {} -> {:?} (gold {gold})",
                            w.form,
                            t.upos.as_str(),
                            t.stems
                        ))
                        .or_default() += 1;
                }
            }
            if !w.lemmas.is_empty() && !w.lemmas.iter().any(|l| parsi::pos::ud_lemma(l) == t.lemma)
            {
                *lemma_errors
                    .entry(format!(
                        "{} {} -> {} (gold {})",
                        w.form,
                        t.upos.as_str(),
                        t.lemma,
                        w.lemmas.join("|")
                    ))
                    .or_default() += 1;
            }
        }
    }
    let mut le: Vec<_> = lemma_errors.into_iter().collect();
    le.sort_by_key(|e| std::cmp::Reverse(e.1));
    for (e, n) in le.into_iter().take(60) {
        crate::out!("  lemma {n}: {e}");
    }
    let mut v: Vec<_> = counts.into_iter().collect();
    v.sort_by_key(|e| std::cmp::Reverse(e.1 .0));
    for ((g, p), (n, ws)) in v.into_iter().take(15) {
        crate::out!("  gold {g} -> {p}: {n}  {}", ws.join(" "));
    }
}

/// Tags the gold words of `s` as [`parsi::Analyzer::analyze`] does: the
/// tagger, then, with a recognizer, the entities of the sentence's surface
/// tokens (multiword tokens whole), and the part of speech of the words
/// inside names from [`parsi::ner::upos_in_entity`].
fn tag_gold(analyzer: &parsi::Analyzer, s: &GoldSentence, buf: &mut Buffers, out: &mut Vec<Upos>) {
    let (tagger, res) = (analyzer.tagger(), analyzer.resources());
    let forms: Vec<&str> = s.words.iter().map(|w| w.form.as_str()).collect();
    tagger.tag_upos(res, &forms, &mut buf.tag, out);
    let Some(recognizer) = analyzer.recognizer() else {
        return;
    };
    // Surface tokens in order, each with its word range.
    let mut tokens: Vec<(&str, std::ops::Range<usize>)> = s
        .mwts
        .iter()
        .map(|(surface, r)| (surface.as_str(), r.clone()))
        .chain(s.single_tokens.iter().map(|&i| (forms[i], i..i + 1)))
        .collect();
    tokens.sort_by_key(|t| t.1.start);
    let surfaces: Vec<&str> = tokens.iter().map(|t| t.0).collect();
    let codes: Vec<u16> = tokens
        .iter()
        .map(|(_, r)| parsi::ner::pos_code(out[r.start], out[r.end - 1]))
        .collect();
    recognizer.tag_with_pos(res, &surfaces, &codes, &mut buf.ner, &mut buf.tags);
    for (label, r) in parsi::ner::label_spans(&buf.tags) {
        let label = recognizer.labels.get(label).map_or("", String::as_str);
        for (_, words) in &tokens[r] {
            for u in &mut out[words.clone()] {
                *u = parsi::ner::upos_in_entity(label, *u);
            }
        }
    }
}

/// Buffers of [`tag_gold`].
#[derive(Default)]
struct Buffers {
    tag: TagBuffers,
    ner: parsi::ner::NerBuffers,
    tags: Vec<u8>,
}

/// The scores of `analyzer` on gold words ([`tag_gold`]).
fn score_gold(analyzer: &parsi::Analyzer, sents: &[GoldSentence]) -> Score {
    let mut sc = Score::default();
    let (mut buf, mut out) = (Buffers::default(), Vec::new());
    for s in sents {
        tag_gold(analyzer, s, &mut buf, &mut out);
        sc.add_sentence(analyzer.tagger(), analyzer.resources(), s, &out);
    }
    sc
}
