//! The entity recognizer: model loading never panics, offsets slice the
//! original text, and well-known entities are found.

use parsi::model;
use parsi::ner::{Label, Recognizer, MAGIC};
use parsi::{analyze, AnalyzeOptions, Error};

const MODEL: &[u8] = include_bytes!("../models/ner.bin");

fn entities(text: &str) -> Vec<(String, String)> {
    let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
    doc.entities
        .iter()
        .map(|e| (e.label.clone(), doc.slice(&e.span).to_string()))
        .collect()
}

fn has(found: &[(String, String)], label: &str, text: &str) -> bool {
    found.iter().any(|(l, t)| l == label && t == text)
}

#[test]
fn embedded_model_loads_and_round_trips() {
    let r = Recognizer::from_bytes(MODEL).unwrap();
    assert_eq!(r.to_bytes(), MODEL);
    assert!(!r.weights.is_empty());
    assert!(parsi::Analyzer::embedded().is_ok());
}

#[test]
fn model_matches_the_embedded_clusters() {
    // Cluster and class features are only meaningful with the clusters and
    // classes the model was trained with: after `parsi build clusters` or
    // `parsi build classes`, run `parsi train ner`.
    let a = parsi::Analyzer::shared().unwrap();
    assert_eq!(
        a.recognizer().unwrap().clusters,
        a.fingerprints().0,
        "models/clusters.bin or models/classes.bin changed since models/ner.bin was trained: \
         run `parsi train ner`"
    );
    // The fingerprint depends on both files.
    let other = parsi::Analyzer::from_bytes(
        parsi::clusters::EMBEDDED,
        parsi::clusters::EMBEDDED,
        parsi::pos::EMBEDDED,
        parsi::ner::EMBEDDED,
    );
    assert!(
        matches!(other, Err(parsi::Error::InvalidModel(_))),
        "{other:?}"
    );
}

#[test]
fn model_matches_the_embedded_pos_tagger() {
    // The part-of-speech features are only meaningful with the tagger the
    // model was trained with: after `parsi train pos`, run `parsi train ner`.
    let a = parsi::Analyzer::shared().unwrap();
    assert_eq!(
        a.recognizer().unwrap().pos,
        parsi::model::fnv1a64(parsi::pos::EMBEDDED),
        "models/pos.bin changed since models/ner.bin was trained: run `parsi train ner`"
    );
}

#[test]
fn entities_are_the_same_with_pos_tagging_off() {
    // Without `pos`, the recognizer tags the parts of speech it needs itself,
    // exactly as `analyze` does.
    let text = "علی لاریجانی رئیس مجلس شورای اسلامی در مشهد گفت سازمان‌های دولتی ۲۰ درصد کم کردند. \
        به گزارش خبرگزاری ایرنا، وزیر امور خارجه کشورمان روز ۲۵ اسفند ۱۴۰۲ با همتایش دیدار کرد.";
    let on = analyze(text, &AnalyzeOptions::default()).unwrap();
    let off = analyze(
        text,
        &AnalyzeOptions {
            pos: false,
            ..AnalyzeOptions::default()
        },
    )
    .unwrap();
    assert!(!on.entities.is_empty());
    assert_eq!(on.entities, off.entities);
}

#[test]
fn damaged_model_bytes_are_errors_not_panics() {
    for n in (0..MODEL.len())
        .step_by(997)
        .chain([0, 1, 23, 24, MODEL.len() - 1])
    {
        assert!(
            matches!(
                Recognizer::from_bytes(&MODEL[..n]),
                Err(Error::InvalidModel(_))
            ),
            "truncated at {n}"
        );
    }
    for i in (0..MODEL.len()).step_by(1009).chain([0, 8, 12, 16, 30]) {
        let mut bad = MODEL.to_vec();
        bad[i] ^= 0x5a;
        assert!(Recognizer::from_bytes(&bad).is_err(), "byte {i} flipped");
    }
    // Another model kind, and a wrong format version.
    let pos = model::wrap(b"PARSIPOS", parsi::ner::VERSION, &MODEL[24..]);
    assert!(Recognizer::from_bytes(&pos).is_err());
    let mut v2 = MODEL.to_vec();
    v2[8] = 1; // the version before the part-of-speech fingerprint
    let err = Recognizer::from_bytes(&v2).unwrap_err();
    assert!(err.to_string().contains("version"), "{err}");
}

#[test]
fn garbage_bodies_with_a_valid_header_are_errors_not_panics() {
    let body = &MODEL[24..];
    let mut seed: u64 = 0x1234_5678;
    for round in 0..300 {
        let mut b = body[..body.len().min(2000 + round * 37)].to_vec();
        for _ in 0..1 + round % 8 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let i = (seed % b.len() as u64) as usize;
            b[i] = (seed >> 32) as u8;
        }
        // Must not panic; an error is expected but a parse is not a failure.
        let _ = Recognizer::from_bytes(&model::wrap(MAGIC, parsi::ner::VERSION, &b));
    }
    let _ = Recognizer::from_bytes(&model::wrap(MAGIC, parsi::ner::VERSION, &[]));
    let _ = Recognizer::from_bytes(&model::wrap(
        MAGIC,
        parsi::ner::VERSION,
        &[15, 0xff, 0xff, 0xff],
    ));
}

#[test]
fn known_entities_are_found() {
    let found = entities(
        "حسن روحانی رئیس جمهور ایران روز ۲۵ اسفند ۱۴۰۲ در تهران گفت که سازمان ملل متحد باید اقدام کند.",
    );
    assert!(has(&found, "PER", "حسن روحانی"), "{found:?}");
    assert!(has(&found, "LOC", "تهران"), "{found:?}");
    // PEYMA often counts a leading «روز» into the date.
    assert!(
        has(&found, "DAT", "۲۵ اسفند ۱۴۰۲") || has(&found, "DAT", "روز ۲۵ اسفند ۱۴۰۲"),
        "{found:?}"
    );
    assert!(has(&found, "ORG", "سازمان ملل متحد"), "{found:?}");

    let found = entities(
        "به گزارش خبرگزاری ایرنا، قیمت هر سکه به ۵۰ هزار تومان رسید و تورم ۱۲ درصد افزایش یافت.",
    );
    assert!(has(&found, "MON", "۵۰ هزار تومان"), "{found:?}");
    assert!(has(&found, "PCT", "۱۲ درصد"), "{found:?}");

    let found = entities("وزارت امور خارجه در سال ۱۳۵۷ یک میلیون و دویست هزار تومان هزینه داشت.");
    assert!(has(&found, "DAT", "سال ۱۳۵۷"), "{found:?}");
    assert!(
        has(&found, "MON", "یک میلیون و دویست هزار تومان"),
        "{found:?}"
    );
}

#[test]
fn offsets_slice_the_original_text_of_unnormalized_input() {
    // Arabic ي/ك, ZWNJ missing (سازمان هاي), Arabic digits.
    let text = "علي لاريجاني رئيس مجلس شوراي اسلامي در مشهد گفت سازمان هاي دولتي ٢٠ درصد كم كردند.";
    let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
    let found: Vec<_> = doc
        .entities
        .iter()
        .map(|e| (e.label.as_str(), doc.slice(&e.span)))
        .collect();
    assert!(found.contains(&("PER", "علي لاريجاني")), "{found:?}");
    assert!(found.contains(&("LOC", "مشهد")), "{found:?}");
    let utf16: Vec<u16> = text.encode_utf16().collect();
    let chars: Vec<char> = text.chars().collect();
    for e in &doc.entities {
        let s = &e.span;
        let slice = &text[s.range()];
        assert!(!slice.is_empty() && slice.trim() == slice, "{slice:?}");
        assert_eq!(
            chars[s.char_start..s.char_end].iter().collect::<String>(),
            slice
        );
        assert_eq!(
            String::from_utf16(&utf16[s.utf16_start..s.utf16_end]).unwrap(),
            slice
        );
        assert!(Label::parse(&e.label).is_some());
    }
    // Entities are in order and do not overlap.
    for w in doc.entities.windows(2) {
        assert!(w[0].span.end <= w[1].span.start);
    }
}

#[test]
fn offsets_hold_with_astral_chars_before_entities() {
    let text = "😀👍🏽 دیروز حسن روحانی در تهران بود.";
    let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
    let utf16: Vec<u16> = text.encode_utf16().collect();
    assert!(!doc.entities.is_empty());
    for e in &doc.entities {
        let s = &e.span;
        assert_eq!(
            String::from_utf16(&utf16[s.utf16_start..s.utf16_end]).unwrap(),
            &text[s.range()]
        );
    }
}

#[test]
fn empty_input_and_switch_off_give_no_entities() {
    for text in ["", " ", "\n\n", "...", "۱۲۳"] {
        let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
        assert!(
            doc.entities.iter().all(|e| !doc.slice(&e.span).is_empty()),
            "{text:?}"
        );
    }
    assert!(analyze("", &AnalyzeOptions::default())
        .unwrap()
        .entities
        .is_empty());
    let off = AnalyzeOptions {
        entities: false,
        ..AnalyzeOptions::default()
    };
    assert!(analyze("حسن روحانی در تهران بود.", &off)
        .unwrap()
        .entities
        .is_empty());
}

#[test]
fn tags_follow_bio() {
    let a = parsi::Analyzer::shared().unwrap();
    let (r, t, res) = (a.recognizer().unwrap(), a.tagger(), a.resources());
    let words = ["سازمان", "ملل", "متحد", "و", "حسن", "روحانی", "در", "تهران"];
    let mut tags = Vec::new();
    r.tag(t, res, &words, &mut Default::default(), &mut tags);
    assert_eq!(tags.len(), words.len());
    let mut prev = parsi::ner::START;
    for &t in &tags {
        assert!(parsi::ner::allowed(prev, t as usize), "{tags:?}");
        prev = t as usize;
    }
    assert!(r.entities::<&str>(t, res, &[]).is_empty());
}

#[test]
fn model_labels_are_checked_when_read() {
    // Any label set round-trips; the PEYMA set is written as body version 2,
    // another as version 3 with the names.
    let peyma = Recognizer::default().to_bytes();
    assert_eq!(u32::from_le_bytes(peyma[8..12].try_into().unwrap()), 2);
    let own = Recognizer::new(vec!["PER".into(), "EVENT".into()]);
    let bytes = own.to_bytes();
    assert_eq!(u32::from_le_bytes(bytes[8..12].try_into().unwrap()), 3);
    let back = Recognizer::from_bytes(&bytes).unwrap();
    assert_eq!(back.labels, own.labels);
    assert_eq!(back.n_tags(), 5);
    // Repeated, empty and non-ASCII label names are refused, with a clear error.
    for labels in [vec!["PER", "PER"], vec![""], vec!["شخص"]] {
        let r = Recognizer::new(labels.iter().map(|l| l.to_string()).collect());
        let err = Recognizer::from_bytes(&r.to_bytes()).unwrap_err();
        assert!(err.to_string().contains("label name"), "{labels:?}: {err}");
    }
}

/// The dense part of the embedded model: present, round-trips, and damaged
/// bytes of its own format (a valid header over a changed body) are errors
/// or a model that runs, never a panic.
#[test]
fn dense_part_round_trips_and_damage_is_an_error() {
    use parsi::ner::dense::{Dense, DenseBuffers, MAGIC as DENSE, VERSION as DV};
    let r = Recognizer::from_bytes(MODEL).unwrap();
    let d = r.dense().expect("the embedded recognizer has a dense part");
    let bytes = d.to_bytes();
    let back = Dense::from_bytes(&bytes).unwrap();
    assert_eq!(back.to_bytes(), bytes);
    assert!(d.weight > 0.0);
    // The same words give the same scores from the read-back model.
    let words = ["حسن", "روحانی", "در", "تهران", "گفت", "."];
    let (mut b1, mut b2) = (DenseBuffers::default(), DenseBuffers::default());
    let (mut e1, mut e2) = (Vec::new(), Vec::new());
    d.emissions(&words, &[], &mut b1, &mut e1);
    back.emissions(&words, &[], &mut b2, &mut e2);
    assert_eq!(e1.len(), words.len() * r.n_tags());
    assert_eq!(e1, e2);
    assert!(e1.iter().all(|v| v.is_finite()));
    for n in (0..bytes.len()).step_by(4999).chain([bytes.len() - 1]) {
        assert!(Dense::from_bytes(&bytes[..n]).is_err(), "truncated at {n}");
    }
    let body = &bytes[24..];
    let mut seed: u64 = 0x9E37_79B9;
    for round in 0..200 {
        let mut b = body.to_vec();
        for _ in 0..1 + round % 4 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Mostly the header fields and the start, where sizes live.
            let span = if round % 2 == 0 { 64 } else { b.len() };
            let i = (seed % span as u64) as usize;
            b[i] = (seed >> 32) as u8;
        }
        if let Ok(m) = Dense::from_bytes(&model::wrap(DENSE, DV, &b)) {
            let mut e = Vec::new();
            m.emissions(&words, &[0, 1 << 10 | 31 << 5 | 31], &mut b1, &mut e);
            assert_eq!(e.len(), words.len() * m.config.n_tags);
        }
    }
    // A dense part with another number of tags than the recognizer's.
    let other = Recognizer::new(vec!["A".into()]);
    assert!(other.with_dense(Some(back)).is_err());
}

/// The dense part takes part in decoding: alone (the linear weights
/// removed) it still finds well-known entities, and added to the linear
/// model it changes the entities' scores.
#[test]
fn dense_part_takes_part_in_decoding() {
    let r = Recognizer::from_bytes(MODEL).unwrap();
    let a = parsi::Analyzer::shared().unwrap();
    let linear = r.clone().with_dense(None).unwrap();
    let alone = {
        let mut e = Recognizer::new(r.labels.clone());
        (e.clusters, e.pos) = (r.clusters, r.pos);
        e.with_dense(r.dense().cloned()).unwrap()
    };
    let text = "حسن روحانی رئیس جمهور در تهران با وزیر امور خارجه فرانسه دیدار کرد.";
    let tokens_only = AnalyzeOptions {
        pos: false,
        entities: false,
        ..AnalyzeOptions::default()
    };
    let doc = a.analyze(text, &tokens_only).unwrap();
    let words: Vec<&str> = doc.tokens.iter().map(|t| doc.norm(t)).collect();
    let (tagger, res) = (a.tagger(), a.resources());
    let found = |m: &Recognizer| -> Vec<(String, String)> {
        m.entities(tagger, res, &words)
            .into_iter()
            .map(|(l, r)| (m.labels[l].clone(), words[r].join(" ")))
            .collect()
    };
    let dense_only = found(&alone);
    for want in [("PER", "حسن روحانی"), ("LOC", "تهران")] {
        assert!(
            dense_only.contains(&(want.0.to_string(), want.1.to_string())),
            "{want:?} not in {dense_only:?}"
        );
    }
    let scores = |m: &Recognizer| -> Vec<f32> {
        let mut buf = parsi::ner::NerBuffers::default();
        let mut tags = Vec::new();
        m.tag(tagger, res, &words, &mut buf, &mut tags);
        let spans = parsi::ner::label_spans(&tags);
        let mut out = Vec::new();
        m.span_scores(&mut buf, &spans, &mut out);
        out
    };
    let (with, without) = (scores(&r), scores(&linear));
    assert!(!with.is_empty());
    assert_ne!(with, without);
}

/// The fuzzing seed of the dense format is a valid model (so the model
/// fuzz target starts from inside the format, past its checksum).
#[test]
fn dense_fuzz_seed_is_a_valid_model() {
    let seed = include_bytes!("../fuzz/seeds-model/dense-tiny");
    let d = parsi::ner::dense::Dense::from_bytes(seed).unwrap();
    assert_eq!(d.to_bytes(), seed);
    let mut out = Vec::new();
    d.emissions(&["علی", "x"], &[], &mut Default::default(), &mut out);
    assert_eq!(out.len(), 2 * d.config.n_tags);
}
