//! The user dictionary ([`parsi::dictionary`]) and the values of number tokens.

use parsi::{AnalyzeOptions, Analyzer, Document, NormalizeOptions, OffsetUnit, UserDictionary};

fn with_dict(json: &str) -> Analyzer {
    let dict: UserDictionary = serde_json::from_str(json).unwrap();
    Analyzer::shared()
        .unwrap()
        .clone()
        .with_dictionary(dict)
        .unwrap()
}

fn entities(doc: &Document) -> Vec<(&str, &str)> {
    doc.entities
        .iter()
        .map(|e| (e.label.as_str(), doc.slice(&e.span)))
        .collect()
}

const TEXT: &str = "حسن روحانی در تهران گفت. نمایشگاه کتاب در کافه نادري برگزار شد.";

#[test]
fn dictionary_entities_replace_overlapping_model_entities() {
    let plain = Analyzer::shared().unwrap();
    let before = plain.analyze(TEXT, &AnalyzeOptions::default()).unwrap();
    assert!(entities(&before).contains(&("PER", "حسن روحانی")));
    assert!(entities(&before).contains(&("LOC", "تهران")));

    let a = with_dict(
        r#"{"entities": [
            {"text": "کافه نادری", "label": "LOC"},
            {"text": "روحانی", "label": "ORG"},
            {"text": "در تهران", "label": "LOC"},
            {"text": "تهران", "label": "PER"}
        ]}"#,
    );
    let doc = a.analyze(TEXT, &AnalyzeOptions::default()).unwrap();
    // The longest match wins (`در تهران`, not `تهران`); the model's `حسن
    // روحانی` overlaps the dictionary's `روحانی` and goes; the Arabic ي of
    // the text matches the dictionary's ی, and the span is the text as written.
    assert_eq!(
        entities(&doc),
        [
            ("ORG", "روحانی"),
            ("LOC", "در تهران"),
            ("LOC", "کافه نادري")
        ]
    );
    assert!(doc.entities.iter().all(|e| e.score == 1.0));
    for e in &doc.entities {
        let v = doc.entity_view(e, OffsetUnit::Char);
        let chars: String = TEXT.chars().skip(v.start).take(v.end - v.start).collect();
        assert_eq!(chars, v.text);
    }
    // Without entities the dictionary finds none either.
    let off = a
        .analyze(
            TEXT,
            &AnalyzeOptions {
                entities: false,
                ..Default::default()
            },
        )
        .unwrap();
    assert!(off.entities.is_empty());
}

#[test]
fn dictionary_entities_match_whole_tokens_within_a_sentence() {
    let a = with_dict(
        r#"{"entities": [{"text": "کتاب", "label": "ORG"}, {"text": "گفت. نمایشگاه", "label": "ORG"}]}"#,
    );
    let doc = a
        .analyze("کتاب‌ها و کتاب. گفت. نمایشگاه", &AnalyzeOptions::default())
        .unwrap();
    // `کتاب‌ها` is not `کتاب`; a phrase across a sentence end is never found.
    assert_eq!(entities(&doc), [("ORG", "کتاب")]);
    assert_eq!(doc.entities[0].span.start, "کتاب‌ها و ".len());
}

#[test]
fn dictionary_entity_values_and_never_entities() {
    let a = with_dict(
        r#"{"entities": [{"text": "۲۵ اسفند ۱۴۰۲", "label": "DAT"}], "neverEntities": ["حسن روحانی", "تهران"]}"#,
    );
    let doc = a
        .analyze(
            "حسن روحانی در تهران در 25 اسفند 1402 گفت.",
            &AnalyzeOptions::default(),
        )
        .unwrap();
    assert_eq!(entities(&doc), [("DAT", "25 اسفند 1402")]);
    let json = serde_json::to_value(doc.entity_view(&doc.entities[0], OffsetUnit::Char)).unwrap();
    assert_eq!(json["value"]["gregorian"], "2024-03-15");
    // Never-entities drop exact matches only.
    let a = with_dict(r#"{"neverEntities": ["روحانی"]}"#);
    let doc = a.analyze(TEXT, &AnalyzeOptions::default()).unwrap();
    assert!(entities(&doc).contains(&("PER", "حسن روحانی")));
}

#[test]
fn dictionary_compounds_and_never_join() {
    let a = with_dict(
        r#"{"compounds": ["پیش‌نمایش", "ریز پردازنده", "چند رسانه ای بین المللی"], "neverJoin": ["آموز"]}"#,
    );
    let o = NormalizeOptions::default();
    let norm = |a: &Analyzer, s: &str| a.normalize(s, &o).unwrap().text;
    let plain = Analyzer::shared().unwrap();
    assert_eq!(norm(plain, "پیش نمایش دانش آموز"), "پیش نمایش دانش‌آموز");
    assert_eq!(norm(&a, "پیش نمایش دانش آموز"), "پیش‌نمایش دانش آموز");
    // Nothing after a letter that never joins; the longest compound first;
    // letter variants fold.
    assert_eq!(norm(&a, "ريز پردازنده"), "ریزپردازنده");
    assert_eq!(norm(&a, "چند رسانه ای بین المللی"), "چندرسانه‌ای‌بین‌المللی");
    // Idempotent, and the alignment still slices the original.
    for s in [
        "پیش نمایش ها",
        "ريز پردازنده‌ها و دانش آموزان",
        "چند رسانه ای بین المللی",
    ] {
        let once = a.normalize(s, &o).unwrap();
        assert_eq!(norm(&a, &once.text), once.text, "{s}");
        assert_eq!(once.source_range(0..once.char_len()), 0..s.len());
    }
    // With the compounds option off, the dictionary's compounds are off too.
    let off = NormalizeOptions {
        compounds: false,
        ..NormalizeOptions::default()
    };
    assert_eq!(a.normalize("پیش نمایش", &off).unwrap().text, "پیش نمایش");
    // The tokens follow the normalizer.
    let doc = a.analyze("پیش نمایش", &AnalyzeOptions::default()).unwrap();
    assert_eq!(doc.tokens.len(), 1);
    assert_eq!(doc.slice(&doc.tokens[0].span), "پیش نمایش");
    // A never-join word is not split either.
    let a = with_dict(r#"{"neverJoin": ["میروم"]}"#);
    assert_eq!(norm(&a, "من میروم"), "من میروم");
    assert_eq!(norm(plain, "من میروم"), "من می‌روم");
}

#[test]
fn dictionary_checks() {
    let bad = |json: &str| {
        serde_json::from_str::<UserDictionary>(json)
            .unwrap_err()
            .to_string()
    };
    assert!(bad(r#"{"entities": [{"text": "x", "label": "FOO"}]}"#).contains("not a label"));
    assert!(bad(r#"{"compounds": ["کتاب"]}"#).contains("not a compound"));
    assert!(bad(r#"{"never_join": []}"#).contains("unknown field"));
    // An analyzer whose recognizer lacks a label refuses the dictionary, and
    // a tagger-only analyzer takes it (it cannot find entities anyway).
    let dict: UserDictionary =
        serde_json::from_str(r#"{"entities": [{"text": "x", "label": "PER"}]}"#).unwrap();
    let a = Analyzer::shared().unwrap().clone();
    let tagger = a.tagger().clone();
    assert!(a
        .with_tagger(tagger, None)
        .unwrap()
        .with_dictionary(dict)
        .is_ok());
}

#[test]
fn number_tokens_have_values() {
    let doc = parsi::analyze(
        "یک میلیون و دویست هزار، 1,250.5 و ٣٫٥ و ۱۴۰۲/۱۲/۲۵ و چهارصد نفر. نه، نمی‌روم.",
        &AnalyzeOptions::default(),
    )
    .unwrap();
    let values: Vec<(&str, f64)> = doc
        .tokens
        .iter()
        .filter_map(|t| Some((doc.slice(&t.span), doc.token_value(t)?)))
        .collect();
    assert_eq!(
        values,
        [
            ("یک", 1.0),
            ("میلیون", 1e6),
            ("دویست", 200.0),
            ("هزار", 1000.0),
            ("1,250.5", 1250.5),
            ("٣٫٥", 3.5),
            ("چهارصد", 400.0)
        ]
    );
    // In the JSON view: a number, left out when there is none.
    let view = serde_json::to_value(doc.view(OffsetUnit::Utf16)).unwrap();
    assert_eq!(view["tokens"][0]["value"], 1.0);
    assert!(view["tokens"][2].get("value").is_none());
}

#[test]
fn user_compound_before_a_mark_joins_without_a_zwnj_a_second_pass_would_drop() {
    // Found by tests/properties.rs: `بین ٓقاره` (a maddah starting the second
    // word) was glued with a ZWNJ, which the next pass removed.
    let a = with_dict(r#"{"compounds": ["بین قاره"]}"#);
    let o = NormalizeOptions::default();
    for text in ["بین \u{653}قاره", "بین قاره", "بین abc"] {
        let once = a.normalize(text, &o).unwrap().text;
        assert_eq!(a.normalize(&once, &o).unwrap().text, once, "{text:?}");
    }
    assert_eq!(a.normalize("بین قاره", &o).unwrap().text, "بین\u{200C}قاره");
}
