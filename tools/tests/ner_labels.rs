//! The recognizer is not tied to the seven PEYMA labels: a model with nine
//! labels, trained on a toy dataset with the library's trainer, tags with
//! tags beyond the PEYMA set, survives its file format and runs inside an
//! analyzer.

use parsi::ner::features::{Extractor, Gazetteer};
use parsi::ner::train::{recognizer, train, Sequence, TrainOptions};
use parsi::ner::{begin, inside, token_pos, PosBuffers, Recognizer};
use parsi::{AnalyzeOptions, Analyzer};

const LABELS: [&str; 9] = [
    "PER", "LOC", "ORG", "DAT", "TIM", "MON", "PCT", "EVENT", "PRODUCT",
];

/// Toy sentences: (tokens, label index per token or None for O). Every
/// entity is one or two tokens.
fn toy() -> Vec<(Vec<&'static str>, Vec<Option<usize>>)> {
    let s = |t: &[&'static str], l: &[Option<usize>]| (t.to_vec(), l.to_vec());
    let (per, loc, event, product) = (Some(0), Some(1), Some(7), Some(8));
    vec![
        s(
            &["علی", "در", "المپیک", "شرکت", "کرد", "."],
            &[per, None, event, None, None, None],
        ),
        s(&["مریم", "آیفون", "خرید", "."], &[per, product, None, None]),
        s(
            &["المپیک", "در", "پاریس", "برگزار", "شد", "."],
            &[event, None, loc, None, None, None],
        ),
        s(
            &["او", "با", "آیفون", "به", "تهران", "رفت", "."],
            &[None, None, product, None, loc, None, None],
        ),
        s(
            &["جام", "جهانی", "در", "قطر", "بود", "."],
            &[event, event, None, loc, None, None],
        ),
        s(
            &["گلکسی", "اس", "را", "علی", "فروخت", "."],
            &[product, product, None, per, None, None],
        ),
    ]
}

/// BIO tags of one toy sentence.
fn bio(labels: &[Option<usize>]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut prev = None;
    for &l in labels {
        out.push(match l {
            None => 0,
            Some(l) if prev == Some(l) => inside(l),
            Some(l) => begin(l),
        });
        prev = l;
    }
    out
}

fn nine_label_model(base: &Analyzer) -> Recognizer {
    let mut ex = Extractor::default();
    let mut pos_buf = PosBuffers::default();
    let mut pos = Vec::new();
    let gaz = Gazetteer::default();
    let data: Vec<Sequence> = toy()
        .iter()
        .map(|(words, labels)| {
            token_pos(
                base.tagger(),
                base.resources(),
                words,
                &mut pos_buf,
                &mut pos,
            );
            ex.extract(base.resources(), words, &pos, &gaz);
            Sequence {
                keys: ex.keys.clone(),
                ends: ex.ends.clone(),
                tags: bio(labels),
                partial: false,
            }
        })
        .collect();
    let opts = TrainOptions {
        epochs: 8,
        seed: 7,
        bags: 1,
        dropout: 0,
        free_in_partial: Vec::new(),
    };
    let mut accuracy = 0.0;
    let avg = train(&data, LABELS.len(), &opts, &mut |_, acc, _| accuracy = acc);
    assert_eq!(accuracy, 1.0, "the toy data is learnt");
    let labels = LABELS.iter().map(|l| l.to_string()).collect();
    recognizer(labels, &avg, 1, gaz, base.fingerprints())
}

#[test]
fn a_recognizer_with_nine_labels_trains_round_trips_and_tags() {
    let base = Analyzer::shared().unwrap();
    let model = nine_label_model(base);
    assert_eq!(model.n_tags(), 19);
    assert_eq!(model.transitions.len(), 20 * 19);

    // Tags beyond the PEYMA set (B-PRODUCT = 17, I-PRODUCT = 18).
    let words = ["گلکسی", "اس", "را", "علی", "فروخت", "."];
    let mut tags = Vec::new();
    model.tag(
        base.tagger(),
        base.resources(),
        &words,
        &mut Default::default(),
        &mut tags,
    );
    assert_eq!(tags, vec![17, 18, 0, 1, 0, 0]);

    // The file format keeps the labels (body version 3) and the weights.
    let bytes = model.to_bytes();
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 3);
    let back = Recognizer::from_bytes(&bytes).unwrap();
    assert_eq!(back.labels, model.labels);
    assert_eq!(back.to_bytes(), bytes);

    // Inside an analyzer, through the whole pipeline, with its label names.
    let analyzer = base.clone().with_recognizer(back).unwrap();
    let doc = analyzer
        .analyze("مریم آیفون خرید.", &AnalyzeOptions::default())
        .unwrap();
    let found: Vec<(&str, &str)> = doc
        .entities
        .iter()
        .map(|e| (e.label.as_str(), doc.slice(&e.span)))
        .collect();
    assert_eq!(found, vec![("PER", "مریم"), ("PRODUCT", "آیفون")]);
}

#[test]
fn a_recognizer_trained_with_other_clusters_or_tagger_is_refused() {
    let base = Analyzer::shared().unwrap();
    let mut model = nine_label_model(base);
    model.pos ^= 1;
    let err = base.clone().with_recognizer(model).unwrap_err();
    assert!(
        err.to_string().contains("another part-of-speech model"),
        "{err}"
    );
}
