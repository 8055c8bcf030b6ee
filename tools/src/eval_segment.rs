//! `parsi eval segment`: sentence and token F1 against CoNLL-U gold files.
//!
//! The raw text is rebuilt from the `# text` lines as running paragraphs: a
//! sentence follows the previous one after a space, or on a new line when the
//! previous one does not end in sentence-final punctuation (datelines, headings,
//! lines ending in a colon), as in the treebanks' source articles. Gold and
//! predicted sentences and tokens are compared as char spans of that text
//! (exact match); multiword tokens count as one surface token.

use crate::corpus::conllu;
use serde_json::json;
use std::collections::HashSet;
use std::path::PathBuf;

type Spans = HashSet<(usize, usize)>;

/// Precision, recall and F1 (in percent) of `pred` against `gold`.
fn prf(gold: &Spans, pred: &Spans) -> serde_json::Value {
    let tp = gold.intersection(pred).count() as f64;
    let p = if pred.is_empty() {
        0.0
    } else {
        tp / pred.len() as f64
    };
    let r = if gold.is_empty() {
        0.0
    } else {
        tp / gold.len() as f64
    };
    let f = if p + r == 0.0 {
        0.0
    } else {
        2.0 * p * r / (p + r)
    };
    let pct = |x: f64| (x * 10000.0).round() / 100.0;
    json!({"precision": pct(p), "recall": pct(r), "f1": pct(f), "gold": gold.len(), "predicted": pred.len(), "correct": tp as usize})
}

fn ends_sentence(text: &str) -> bool {
    let t = text.trim_end_matches(['»', '"', ')', '\'', '”']);
    t.ends_with(['.', '!', '?', '؟', '…'])
}

/// Scores the segmentation on `files`; with `show_errors` > 0, prints (to
/// standard error) the first `show_errors` missed and wrong sentence and
/// token spans of each file.
pub fn run(files: &[PathBuf], show_errors: usize) -> Result<(), String> {
    let mut results = Vec::new();
    let (mut all_gs, mut all_ps, mut all_gt, mut all_pt) =
        (Spans::new(), Spans::new(), Spans::new(), Spans::new());
    for (fi, path) in files.iter().enumerate() {
        let src = std::fs::read_to_string(path).map_err(|e| format!("{}: {e}", path.display()))?;
        let gold = conllu::parse(&src).map_err(|e| format!("{}: {e}", path.display()))?;
        let mut text = String::new();
        let mut chars = 0usize;
        let (mut gs, mut gt) = (Spans::new(), Spans::new());
        let mut unaligned = 0;
        let mut prev_ends = true;
        for s in &gold {
            if !text.is_empty() {
                text.push(if prev_ends { ' ' } else { '\n' });
                chars += 1;
            }
            let start = chars;
            // Locate each surface token in the sentence text.
            let sent: Vec<char> = s.text.chars().collect();
            let mut k = 0;
            for t in &s.tokens {
                while k < sent.len() && sent[k].is_whitespace() {
                    k += 1;
                }
                let form: Vec<char> = t.form.chars().collect();
                if sent[k..].starts_with(&form) {
                    gt.insert((start + k, start + k + form.len()));
                    k += form.len();
                } else {
                    unaligned += 1;
                }
            }
            text.push_str(&s.text);
            chars += sent.len();
            gs.insert((start, chars));
            prev_ends = ends_sentence(&s.text);
        }
        let doc =
            parsi::analyze(&text, &parsi::AnalyzeOptions::default()).map_err(|e| e.to_string())?;
        let ps: Spans = doc
            .sentences
            .iter()
            .map(|s| (s.span.char_start, s.span.char_end))
            .collect();
        let pt: Spans = doc
            .tokens
            .iter()
            .map(|t| (t.span.char_start, t.span.char_end))
            .collect();
        if show_errors > 0 {
            let tc: Vec<char> = text.chars().collect();
            let show = |set: &Spans, other: &Spans, what: &str| {
                let mut v: Vec<_> = set.difference(other).copied().collect();
                v.sort();
                for (a, b) in v.into_iter().take(show_errors) {
                    let ctx: String = tc[a.saturating_sub(15)..(b + 15).min(tc.len())]
                        .iter()
                        .collect();
                    let s: String = tc[a..b.min(a + 80)].iter().collect();
                    eprintln!("{what}\t{s:?}\t…{}…", ctx.replace('\n', "⏎"));
                }
            };
            show(&gs, &ps, "missed-sentence");
            show(&ps, &gs, "wrong-sentence");
            show(&gt, &pt, "missed-token");
            show(&pt, &gt, "wrong-token");
        }
        let r = json!({
            "file": path.display().to_string(),
            "sentences": prf(&gs, &ps),
            "tokens": prf(&gt, &pt),
            "unaligned_gold_tokens": unaligned,
        });
        crate::out!(
            "{}\tsentence F1 {}\ttoken F1 {}",
            path.display(),
            r["sentences"]["f1"],
            r["tokens"]["f1"]
        );
        results.push(r);
        let shift = |s: &Spans| {
            s.iter()
                .map(|&(a, b)| (fi << 40 | a, fi << 40 | b))
                .collect::<Vec<_>>()
        };
        all_gs.extend(shift(&gs));
        all_ps.extend(shift(&ps));
        all_gt.extend(shift(&gt));
        all_pt.extend(shift(&pt));
    }
    crate::out!(
        "{}",
        json!({"task": "segment", "files": results, "sentences": prf(&all_gs, &all_ps), "tokens": prf(&all_gt, &all_pt)})
    );
    Ok(())
}
