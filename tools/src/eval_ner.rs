//! `parsi eval ner`: exact-match entity precision, recall and F1 (CoNLL
//! scoring), overall and per label, and the recognizer's speed.
//!
//! Each gold sentence's tokens are joined with spaces and analyzed as a user's
//! text would be; predicted entities (offsets into that text) are compared
//! with the gold entities by label and char span.

use crate::ner_data::{
    entity_key, gold_entities, read_gold, text_of, tokens_only, Format, GoldSentence,
};
use parsi::ner::{spans, Label, NerBuffers, Recognizer};
use parsi::{AnalyzeOptions, Analyzer};
use serde_json::json;
use std::path::Path;
use std::time::Instant;

/// Counts per label: true positives, predicted, gold.
#[derive(Clone, Copy, Debug, Default)]
pub struct Counts {
    pub tp: usize,
    pub pred: usize,
    pub gold: usize,
}

impl Counts {
    pub fn precision(&self) -> f64 {
        self.tp as f64 / self.pred.max(1) as f64
    }
    pub fn recall(&self) -> f64 {
        self.tp as f64 / self.gold.max(1) as f64
    }
    pub fn f1(&self) -> f64 {
        let (p, r) = (self.precision(), self.recall());
        if p + r == 0.0 {
            0.0
        } else {
            2.0 * p * r / (p + r)
        }
    }
}

#[derive(Clone, Debug, Default)]
pub struct Score {
    pub all: Counts,
    pub labels: [Counts; 7],
    /// Every predicted entity's score and whether it is right.
    pub scored: Vec<(f32, bool)>,
}

impl Score {
    pub fn f1(&self) -> f64 {
        self.all.f1()
    }
    fn add(&mut self, gold: &[Ent], pred: &[Ent], scores: &[f32]) {
        for g in gold {
            self.all.gold += 1;
            self.labels[g.0 as usize].gold += 1;
        }
        for (i, p) in pred.iter().enumerate() {
            self.all.pred += 1;
            self.labels[p.0 as usize].pred += 1;
            let right = gold.contains(p);
            if right {
                self.all.tp += 1;
                self.labels[p.0 as usize].tp += 1;
            }
            self.scored
                .push((scores.get(i).copied().unwrap_or(0.0), right));
        }
    }

    /// How well the entity scores are calibrated: their mean against the
    /// precision, the Brier score, and the expected calibration error over
    /// ten equal-width bins.
    pub fn calibration(&self) -> serde_json::Value {
        let n = self.scored.len().max(1) as f64;
        let mean = self.scored.iter().map(|s| s.0 as f64).sum::<f64>() / n;
        let brier = self
            .scored
            .iter()
            .map(|&(s, r)| (s as f64 - r as u8 as f64).powi(2))
            .sum::<f64>()
            / n;
        let mut bins = [(0usize, 0.0f64, 0usize); 10];
        for &(s, r) in &self.scored {
            let b = ((s as f64 * 10.0) as usize).min(9);
            bins[b].0 += 1;
            bins[b].1 += s as f64;
            bins[b].2 += r as usize;
        }
        let ece = bins
            .iter()
            .filter(|b| b.0 > 0)
            .map(|&(c, sum, right)| (sum / c as f64 - right as f64 / c as f64).abs() * c as f64)
            .sum::<f64>()
            / n;
        let r4 = |x: f64| (x * 10000.0).round() / 10000.0;
        json!({
            "mean_score": r4(mean),
            "precision": r4(self.all.precision()),
            "brier": r4(brier),
            "ece": r4(ece),
            "bins": bins.iter().map(|&(c, sum, right)| json!({
                "n": c,
                "mean_score": r4(sum / c.max(1) as f64),
                "right": r4(right as f64 / c.max(1) as f64),
            })).collect::<Vec<_>>(),
        })
    }
}

/// An entity: label, char start, char end.
pub type Ent = (Label, usize, usize);

/// Called per sentence with its text, gold and predicted entities.
type Each<'a> = &'a mut dyn FnMut(&str, &[Ent], &[Ent]);

/// Predicted entities (label, char start, char end) of `text` and their
/// scores: exactly what [`Analyzer::analyze`] finds with default options.
fn predict(text: &str, analyzer: &Analyzer) -> (Vec<Ent>, Vec<f32>) {
    let Ok(doc) = analyzer.analyze(text, &AnalyzeOptions::default()) else {
        return (Vec::new(), Vec::new());
    };
    doc.entities
        .iter()
        .filter_map(|e| {
            let l = Label::parse(&e.label)?;
            Some(((l, e.span.char_start, e.span.char_end), e.score))
        })
        .unzip()
}

/// The embedded clusters, classes and tagger with `model` as the recognizer.
pub fn candidate(model: &Recognizer) -> Result<Analyzer, String> {
    crate::base_models()?
        .clone()
        .with_recognizer(model.clone())
        .map_err(|e| e.to_string())
}

/// Scores `model` on `gold` through [`Analyzer::analyze`], in the embedded
/// analyzer.
pub fn score(model: &Recognizer, gold: &[GoldSentence]) -> Result<Score, String> {
    Ok(score_with(&candidate(model)?, gold, &mut |_, _, _| {}))
}

fn score_with(analyzer: &Analyzer, gold: &[GoldSentence], each: Each<'_>) -> Score {
    let mut sc = Score::default();
    for s in gold {
        let (text, ranges) = text_of(&s.tokens);
        let g = gold_entities(s, &ranges);
        let (p, scores) = predict(&text, analyzer);
        each(&text, &g, &p);
        sc.add(&g, &p, &scores);
    }
    sc
}

fn pct(x: f64) -> f64 {
    (x * 10000.0).round() / 100.0
}

/// Changes to the recognizer evaluated: its temperature (`eval ner
/// --temperature T`) and its dense part (`--dense FILE --dense-weight W
/// --dense-alone`).
#[derive(Default)]
pub struct Tweaks {
    /// Score entities at this temperature.
    pub temperature: Option<f64>,
    /// A dense model file to use instead of the recognizer's own.
    pub file: Option<String>,
    /// Its weight instead of the one it records.
    pub weight: Option<f32>,
    /// Without the linear model's weights.
    pub alone: bool,
}

impl Tweaks {
    /// The recognizer `r` changed as these say.
    pub fn apply(&self, r: Recognizer) -> Result<Recognizer, String> {
        let mut d = match &self.file {
            Some(p) => {
                let bytes = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
                Some(parsi::ner::dense::Dense::from_bytes(&bytes).map_err(|e| e.to_string())?)
            }
            None => r.dense().cloned(),
        };
        if let (Some(d), Some(w)) = (&mut d, self.weight) {
            d.weight = w;
        }
        let r = if self.alone {
            let mut e = Recognizer::new(r.labels.clone());
            (e.clusters, e.pos, e.gazetteer) = (r.clusters, r.pos, r.gazetteer.clone());
            e
        } else {
            r
        };
        r.with_dense(d).map_err(|e| e.to_string())
    }
}

/// Scores `model` (the embedded one if `None`) on the entity file
/// `gold_path` in `format`; with `show_errors` > 0, first prints the first
/// `show_errors` sentences whose predicted entities differ from the gold ones,
/// with the entities missed and the false ones.
pub fn run(
    gold_path: &Path,
    format: Format,
    model: Option<&str>,
    show_errors: usize,
    heldout: bool,
    data: &Path,
    tweaks: &Tweaks,
) -> Result<(), String> {
    let (dense, temperature) = (tweaks, tweaks.temperature);
    // Gold entities seen in the training data (by label and normalized
    // text), and how many of the seen and unseen ones are found.
    let seen = crate::ner_data::training_entities(data);
    if let Err(e) = &seen {
        eprintln!("no seen/unseen split ({e})");
    }
    let mut found = [[0usize; 2]; 2]; // [unseen, seen] × [gold, found]
    let mut analyzer: Analyzer = match model {
        Some(p) => {
            let bytes = std::fs::read(p).map_err(|e| format!("{p}: {e}"))?;
            candidate(&Recognizer::from_bytes(&bytes).map_err(|e| e.to_string())?)?
        }
        None => crate::base()?.clone(),
    };
    if dense.file.is_some() || dense.weight.is_some() || dense.alone {
        let r = analyzer.recognizer().ok_or("no entity recognizer")?.clone();
        analyzer = analyzer
            .with_recognizer(dense.apply(r)?)
            .map_err(|e| e.to_string())?;
    }
    if let Some(t) = temperature {
        let mut r = analyzer.recognizer().ok_or("no entity recognizer")?.clone();
        r.temperature = t;
        analyzer = analyzer.with_recognizer(r).map_err(|e| e.to_string())?;
    }
    let src =
        std::fs::read_to_string(gold_path).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    let mut gold = read_gold(&src, format).map_err(|e| format!("{}: {e}", gold_path.display()))?;
    if heldout {
        let docs = crate::ner_data::docs_path(gold_path);
        let docs_src = std::fs::read_to_string(&docs)
            .map_err(|e| format!("--heldout needs {}: {e}", docs.display()))?;
        gold = crate::ner_data::split_by_document(gold, &docs_src)
            .map_err(|e| format!("{}: {e}", docs.display()))?
            .1;
    }
    let mut shown = 0;
    let sc = score_with(&analyzer, &gold, &mut |text, g, p| {
        if let Ok(seen) = &seen {
            let chars: Vec<char> = text.chars().collect();
            for e in g {
                let key = (e.0, entity_key(&chars[e.1..e.2].iter().collect::<String>()));
                let k = seen.contains(&key) as usize;
                found[k][0] += 1;
                found[k][1] += p.contains(e) as usize;
            }
        }
        if shown < show_errors && g != p {
            shown += 1;
            crate::out!("{text}");
            let chars: Vec<char> = text.chars().collect();
            let s = |e: &(Label, usize, usize)| -> String { chars[e.1..e.2].iter().collect() };
            for e in g.iter().filter(|e| !p.contains(e)) {
                crate::out!("  miss {} [{}]", e.0.as_str(), s(e));
            }
            for e in p.iter().filter(|e| !g.contains(e)) {
                crate::out!("  false {} [{}]", e.0.as_str(), s(e));
            }
        }
    });
    // Speed of the recognizer alone on the analyzed tokens, best of 3.
    let rec = analyzer.recognizer().ok_or("no entity recognizer")?;
    let (tagger, res) = (analyzer.tagger(), analyzer.resources());
    let mut sentences: Vec<Vec<String>> = Vec::new();
    for s in &gold {
        let (text, _) = text_of(&s.tokens);
        let doc = analyzer
            .analyze(&text, &tokens_only())
            .map_err(|e| e.to_string())?;
        for st in &doc.sentences {
            sentences.push(
                doc.tokens[st.token_start..st.token_end]
                    .iter()
                    .map(|t| doc.norm(t).to_string())
                    .collect(),
            );
        }
    }
    let tokens: usize = sentences.iter().map(Vec::len).sum();
    let mut buf = NerBuffers::default();
    let mut tags = Vec::new();
    // Given the part-of-speech tags (as in `analyze` with `pos` on, which
    // tags the words anyway), and tagging them too (`pos` off).
    let mut pos_buf = parsi::ner::PosBuffers::default();
    let codes: Vec<Vec<u16>> = sentences
        .iter()
        .map(|s| {
            let mut c = Vec::new();
            parsi::ner::token_pos(tagger, res, s, &mut pos_buf, &mut c);
            c
        })
        .collect();
    let (mut best, mut best_with_pos) = (f64::MAX, f64::MAX);
    for _ in 0..3 {
        let t = Instant::now();
        for (s, c) in sentences.iter().zip(&codes) {
            rec.tag_with_pos(res, s, c, &mut buf, &mut tags);
            std::hint::black_box(spans(&tags));
        }
        best = best.min(t.elapsed().as_secs_f64());
        let t = Instant::now();
        for s in &sentences {
            rec.tag(tagger, res, s, &mut buf, &mut tags);
            std::hint::black_box(spans(&tags));
        }
        best_with_pos = best_with_pos.min(t.elapsed().as_secs_f64());
    }
    let bytes = rec.to_bytes();
    let t = Instant::now();
    Recognizer::from_bytes(&bytes).map_err(|e| e.to_string())?;
    let load_ms = t.elapsed().as_secs_f64() * 1000.0;

    let mut labels = serde_json::Map::new();
    crate::out!("{}: {} sentences", gold_path.display(), gold.len());
    crate::out!("label   gold  pred    P      R      F1");
    for l in Label::ALL {
        let c = sc.labels[l as usize];
        crate::out!(
            "{:5} {:6} {:5} {:6.2} {:6.2} {:6.2}",
            l.as_str(),
            c.gold,
            c.pred,
            pct(c.precision()),
            pct(c.recall()),
            pct(c.f1())
        );
        labels.insert(
            l.as_str().to_string(),
            json!({"gold": c.gold, "pred": c.pred, "tp": c.tp, "p": pct(c.precision()), "r": pct(c.recall()), "f1": pct(c.f1())}),
        );
    }
    let c = sc.all;
    crate::out!(
        "all   {:6} {:5} {:6.2} {:6.2} {:6.2}",
        c.gold,
        c.pred,
        pct(c.precision()),
        pct(c.recall()),
        pct(c.f1())
    );
    crate::out!(
        "{}",
        json!({
            "gold": gold_path.display().to_string(),
            "sentences": gold.len(),
            "entities": c.gold,
            "p": pct(c.precision()), "r": pct(c.recall()), "f1": pct(c.f1()),
            "labels": labels,
            "calibration": sc.calibration(),
            "seen_in_training": seen.is_ok().then(|| json!({
                "gold": found[1][0], "recall": pct(found[1][1] as f64 / found[1][0].max(1) as f64),
            })),
            "unseen_in_training": seen.is_ok().then(|| json!({
                "gold": found[0][0], "recall": pct(found[0][1] as f64 / found[0][0].max(1) as f64),
            })),
            "ner_tokens_per_s": (tokens as f64 / best).round(),
            "ner_with_pos_tagging_tokens_per_s": (tokens as f64 / best_with_pos).round(),
            "model_bytes": bytes.len(),
            "model_load_ms": (load_ms * 10.0).round() / 10.0,
        })
    );
    Ok(())
}
