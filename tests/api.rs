//! Integration tests of the public Rust API (the command line's are in tools/tests/cli.rs).
#![cfg(not(target_arch = "wasm32"))]

use parsi::{analyze, normalize, AnalyzeOptions, NormalizeOptions, TokenKind};

fn doc(text: &str) -> parsi::Document {
    analyze(text, &AnalyzeOptions::default()).unwrap()
}

/// Token texts (as written in the input) and kinds.
fn tokens(text: &str) -> Vec<(String, TokenKind)> {
    let d = doc(text);
    d.tokens
        .iter()
        .map(|t| (d.slice(&t.span).to_string(), t.kind))
        .collect()
}

#[test]
fn offsets_point_into_the_original_after_normalization() {
    let text = "ســلام! كتابهاي   مي‌روند... ﻛﺘﺎﺏ";
    let d = doc(text);
    assert_eq!(d.normalized, "سلام! کتاب‌های می‌روند… کتاب");
    let pairs: Vec<(&str, &str)> = d
        .tokens
        .iter()
        .map(|t| (d.slice(&t.span), d.norm(t)))
        .collect();
    assert_eq!(
        pairs,
        [
            ("ســلام", "سلام"),
            ("!", "!"),
            ("كتابهاي", "کتاب‌های"),
            ("مي‌روند", "می‌روند"),
            ("...", "…"),
            ("ﻛﺘﺎﺏ", "کتاب")
        ]
    );
}

#[test]
fn sentences_split_on_terminal_punctuation_and_line_breaks() {
    let d = doc("او گفت: «می‌آیم.» سپس رفت! آیا برمی‌گردد؟ شاید…\nسطر بعد\n. و نقطه");
    let s: Vec<&str> = d.sentences.iter().map(|s| d.slice(&s.span)).collect();
    assert_eq!(
        s,
        [
            "او گفت: «می‌آیم.»",
            "سپس رفت!",
            "آیا برمی‌گردد؟",
            "شاید…",
            "سطر بعد\n.",
            "و نقطه"
        ]
    );
}

#[test]
fn no_boundary_after_abbreviations_initials_or_inside_numbers() {
    let d = doc("در سال ۱۳۵۷ ه.ش. انقلاب شد. نرخ ۳.۵ درصد بود. ع. ب. نویسنده است.");
    let s: Vec<&str> = d.sentences.iter().map(|s| d.slice(&s.span)).collect();
    assert_eq!(
        s,
        [
            "در سال ۱۳۵۷ ه.ش. انقلاب شد.",
            "نرخ ۳.۵ درصد بود.",
            "ع. ب. نویسنده است."
        ]
    );
}

#[test]
fn token_kinds() {
    use TokenKind::*;
    let t = tokens(
        "سلام @user_1 #خبر_فوری 😀 https://example.ir/x?a=1 info@example.ir ۱٬۲۰۰٫۵ iPhone ٪ ،",
    );
    let kinds: Vec<TokenKind> = t.iter().map(|(_, k)| *k).collect();
    assert_eq!(
        kinds,
        [Word, Mention, Hashtag, Emoji, Url, Email, Number, Latin, Symbol, Punct]
    );
}

#[test]
fn empty_and_blank_inputs() {
    for text in [
        "",
        " ",
        "\n\n\n",
        "\u{200C}\u{200C}",
        "\u{200F}\u{FEFF}",
        " \t\u{A0}\u{3000}\u{2028}",
    ] {
        let d = doc(text);
        assert!(d.tokens.is_empty(), "{text:?}");
        assert!(d.sentences.is_empty(), "{text:?}");
        assert_eq!(d.text, text);
    }
}

#[test]
fn nul_bytes_and_controls_are_not_tokens_but_text_around_them_is_kept() {
    let text = "سلام\0دنیا\u{1}!";
    let d = doc(text);
    let words: Vec<&str> = d.tokens.iter().map(|t| d.slice(&t.span)).collect();
    assert_eq!(words, ["سلام", "دنیا", "!"]);
}

#[test]
fn every_unicode_space_and_format_character() {
    let spaces: String = [
        '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{202F}',
        '\u{205F}', '\u{3000}',
    ]
    .iter()
    .map(|c| format!("الف{c}"))
    .collect();
    let d = doc(&spaces);
    assert_eq!(d.tokens.len(), 16);
    assert_eq!(d.normalized, vec!["الف"; 16].join(" "));
    let formats = "ب\u{200B}\u{200E}\u{200F}\u{202A}\u{202B}\u{202C}\u{202D}\u{202E}\u{2066}\u{2067}\u{2068}\u{2069}\u{2060}\u{FEFF}\u{AD}ب";
    assert_eq!(
        normalize(formats, &NormalizeOptions::default())
            .unwrap()
            .text,
        "بب"
    );
}

#[test]
fn mixed_scripts_and_bidi_marks() {
    let text = "\u{202B}قیمت iPhone 15 Pro در ایران ۶۰ میلیون تومان است 😀 (\u{200E}Apple\u{200E}).\u{202C}";
    let d = doc(text);
    let words: Vec<&str> = d.tokens.iter().map(|t| d.slice(&t.span)).collect();
    assert_eq!(
        words,
        [
            "قیمت",
            "iPhone",
            "15",
            "Pro",
            "در",
            "ایران",
            "۶۰",
            "میلیون",
            "تومان",
            "است",
            "😀",
            "(",
            "Apple",
            ")",
            "."
        ]
    );
    assert_eq!(d.norm(&d.tokens[2]), "۱۵");
}

#[test]
fn a_ten_megabyte_input_and_a_one_megabyte_word() {
    let para = "خبرگزاری‌ها گزارش دادند که قیمت نفت ۳٫۵ درصد افزایش یافت. ";
    let big = para.repeat(10 * 1024 * 1024 / para.len());
    let d = doc(&big);
    assert_eq!(d.sentences.len(), big.matches('.').count());
    assert_eq!(d.tokens.last().map(|t| d.slice(&t.span)), Some("."));

    let word = "ب".repeat(512 * 1024); // 1 MB of one letter, no spaces
    let d = doc(&word);
    assert_eq!(d.tokens.len(), 1);
    assert_eq!(d.tokens[0].span.end, word.len());
}

#[test]
fn a_fifty_megabyte_input() {
    let para = "در سال ۱۴۰۲ صادرات نفت ۱۲ درصد افزایش یافت؛ كارشناسان مي‌گويند... ";
    let big = para.repeat(50 * 1024 * 1024 / para.len());
    let d = doc(&big);
    assert_eq!(d.sentences.len(), big.matches("...").count());
    assert_eq!(
        d.tokens.last().map(|t| t.span.end),
        Some(big.trim_end().len())
    );
}

#[test]
fn options_deserialize_from_json_and_reject_unknown_fields() {
    let o: AnalyzeOptions =
        serde_json::from_str(r#"{"normalize":{"digits":"ascii","verbPrefix":false}}"#).unwrap();
    assert_eq!(o.normalize.digits, parsi::Digits::Ascii);
    assert!(!o.normalize.verb_prefix);
    assert!(serde_json::from_str::<AnalyzeOptions>(r#"{"normalise":{}}"#).is_err());
    assert!(serde_json::from_str::<NormalizeOptions>(r#"{"digits":"roman"}"#).is_err());
}

#[test]
fn tokens_carry_ud_words_with_upos_and_lemma() {
    // Arabic kaf and yeh, a clitic pronoun, a verb without its ZWNJ.
    let text = "كتابش را به مدرسه برد و ما ميرويم.";
    let d = doc(text);
    let t = &d.tokens[0];
    assert_eq!(d.slice(&t.span), "كتابش");
    let words: Vec<_> = d.words[t.words.clone()].iter().collect();
    assert_eq!(words.len(), 2, "کتابش splits into کتاب + ش");
    assert_eq!(d.slice(&words[0].span), "كتاب");
    assert_eq!(d.word_norm(words[0]), "کتاب");
    assert_eq!(d.slice(&words[1].span), "ش");
    assert_eq!(words[1].upos, parsi::pos::Upos::Pron);
    let view = d.token_view(t, parsi::OffsetUnit::Utf16);
    assert_eq!(view.words.len(), 2);
    assert_eq!((view.words[1].start, view.words[1].end), (4, 5));
    let find = |form: &str| {
        d.words
            .iter()
            .find(|w| d.word_norm(w) == form)
            .unwrap_or_else(|| panic!("no word {form}"))
    };
    assert_eq!(find("را").upos.as_str(), "ADP");
    assert_eq!(d.lemma(find("برد")), "برد");
    assert_eq!(d.stems(find("برد")), Some("برد#بر"));
    assert_eq!(find("می‌رویم").upos.as_str(), "VERB");
    assert_eq!(d.lemma(find("می‌رویم")), "رفت");
    assert_eq!(d.stems(find("می‌رویم")), Some("رفت#رو"));
    assert_eq!(d.stems(find("را")), None);
    assert_eq!(find(".").upos.as_str(), "PUNCT");
    // Off: no words, the rest unchanged.
    let off = analyze(
        text,
        &AnalyzeOptions {
            pos: false,
            ..AnalyzeOptions::default()
        },
    )
    .unwrap();
    assert!(off.words.is_empty() && off.tokens.iter().all(|t| t.words.is_empty()));
    assert_eq!(off.tokens.len(), d.tokens.len());
}

#[test]
fn a_word_ligature_is_one_token_whose_norm_is_its_phrase() {
    // ﷺ expands to five words that all map to the one ligature: offsets
    // cannot split it, so it stays one token (one UD word), between the
    // tokens written against it.
    let text = "محمدﷺ گفت و ۱۰۰﷼ داد.";
    let d = doc(text);
    let got: Vec<(&str, &str)> = d
        .tokens
        .iter()
        .map(|t| (d.slice(&t.span), d.norm(t)))
        .collect();
    assert_eq!(
        got,
        [
            ("محمد", "محمد"),
            ("ﷺ", "صلی الله علیه و سلم"),
            ("گفت", "گفت"),
            ("و", "و"),
            ("۱۰۰", "۱۰۰"),
            ("﷼", "ریال"),
            ("داد", "داد"),
            (".", "."),
        ]
    );
    let lig = &d.tokens[1];
    assert_eq!(lig.words.len(), 1);
    let w = &d.words[lig.words.start];
    assert_eq!(d.word_norm(w), "صلی الله علیه و سلم");
    assert_eq!(w.span, lig.span);
    assert_eq!(d.normalized, "محمد صلی الله علیه و سلم گفت و ۱۰۰ ریال داد.");
}

#[test]
fn the_segmenter_segments_and_refuses_what_needs_models() {
    let s = parsi::Analyzer::segmenter();
    let text = "كتابهاي من را ميخوانيد؟ حسن روحانی در تهران گفت.";
    let seg = parsi::AnalyzeOptions::segmentation();
    let doc = s.analyze(text, &seg).unwrap();
    assert_eq!(doc, parsi::analyze(text, &seg).unwrap());
    assert_eq!(s.tokenize(text).unwrap(), parsi::tokenize(text).unwrap());
    for options in [
        parsi::AnalyzeOptions::default(),
        parsi::AnalyzeOptions {
            entities: false,
            ..Default::default()
        },
        parsi::AnalyzeOptions {
            pos: false,
            ..Default::default()
        },
    ] {
        let e = s.analyze(text, &options).unwrap_err().to_string();
        assert!(e.contains("pos") || e.contains("entities"), "{e}");
    }
    // Stemming needs the lemmatizer; the folded terms do not.
    let stem = parsi::SearchOptions::default();
    assert!(s.search_tokens(text, &stem).is_err());
    let folded = parsi::SearchOptions {
        stem: false,
        ..Default::default()
    };
    assert_eq!(
        s.search_tokens(text, &folded).unwrap(),
        parsi::search_tokens(text, &folded).unwrap()
    );
    let tagger = parsi::Analyzer::shared().unwrap().tagger().clone();
    assert!(s.clone().with_tagger(tagger, None).is_err());
}
