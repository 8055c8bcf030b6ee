//! Search tokens (`parsi::search_tokens`): terms, stop words, offsets and
//! robustness.
#![cfg(not(target_arch = "wasm32"))]

use parsi::{search_tokens, NormalizeOptions, OffsetUnit, SearchOptions, SearchToken};

fn tokens(text: &str) -> Vec<SearchToken> {
    search_tokens(text, &SearchOptions::default()).unwrap()
}

/// The term of a text that is one search token.
fn term(word: &str) -> String {
    let t = tokens(word);
    assert_eq!(t.len(), 1, "{word:?} is one search token: {t:?}");
    t[0].term.clone()
}

/// Each word, as a one-word text, and the term expected for it; every one
/// checked by hand (why, in the comment).
const TERMS: &[(&str, &str)] = &[
    // Plural and plural + possessive: the noun.
    ("کتاب‌هایشان", "کتاب"),
    ("کتابهایشان", "کتاب"),
    ("کتاب‌ها", "کتاب"),
    ("کتابها", "کتاب"),
    ("خانه‌ها", "خانه"),
    ("شهرها", "شهر"),
    ("شهرستان‌ها", "شهرستان"),
    ("ماشین‌هایمان", "ماشین"),
    ("درس‌هایم", "درس"),
    // ان of nouns, with the glide ی after a vowel.
    ("درختان", "درخت"),
    ("مردان", "مرد"),
    ("دانشجویان", "دانشجو"),
    // Possessives and the ezafe ی after ه.
    ("کتابم", "کتاب"),
    ("دستم", "دست"),
    ("خانه‌اش", "خانه"),
    ("خانه‌ی", "خانه"),
    ("دانشجویش", "دانشجو"),
    // Comparative and superlative of adjectives, also under a plural.
    ("بزرگ‌ترین", "بزرگ"),
    ("بزرگترین", "بزرگ"),
    ("کوچک‌تر", "کوچک"),
    ("بزرگ‌ترها", "بزرگ"),
    // Verbs: the infinitive, whatever the person, tense, prefix or negation.
    ("می‌روم", "رفتن"),
    ("رفتم", "رفتن"),
    ("نمی‌رفتند", "رفتن"),
    ("می‌خوانند", "خواندن"),
    ("خواندند", "خواندن"),
    ("دیدم", "دیدن"),
    ("آمدند", "آمدن"),
    ("می‌آیند", "آمدن"),
    ("گفتم", "گفتن"),
    ("رفتن", "رفتن"),
    // A compound verb with its preverb.
    ("برمی‌گشت", "برگشتن"),
    // Words the lexicon knows stay whole, though they end like a suffix.
    ("ایران", "ایران"),
    ("تهران", "تهران"),
    ("آبان", "آبان"),
    ("باران", "باران"),
    ("جوان", "جوان"),
    ("کرمان", "کرمان"),
    ("آرامش", "آرامش"),
    ("اطلاعات", "اطلاعات"),
    ("کارم", "کار"), // not the verb کاشتن (کار is also its present stem)
    // The adjective-forming (or indefinite) ی is not removed.
    ("ایرانی", "ایرانی"),
    ("کتابی", "کتابی"),
    // Names and unknown words stay whole.
    ("مریم", "مریم"),
    ("پژمان", "پژمان"),
    ("بردیا", "بردیا"),
    ("سارا", "سارا"),
    ("نیما", "نیما"),
    // Folding: ZWNJ, hamza, Arabic letters.
    ("نرم‌افزارها", "نرمافزار"),
    ("نرمافزار", "نرمافزار"),
    ("تأثیر", "تاثیر"),
    ("تاثیر", "تاثیر"),
    ("كتابهاي", "کتاب"),
    // Numbers keep their normalized digits; Latin is lowercased.
    ("123", "۱۲۳"),
    ("۱۲۳", "۱۲۳"),
    ("Google", "google"),
];

#[test]
fn terms_of_a_checked_word_list() {
    let mut wrong = Vec::new();
    for &(word, want) in TERMS {
        let got = term(word);
        if got != want {
            wrong.push(format!("{word}: got {got}, want {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    assert!(TERMS.len() >= 25);
}

#[test]
fn the_term_of_a_term_is_itself() {
    let text: String = TERMS.iter().map(|(w, _)| *w).collect::<Vec<_>>().join(" ")
        + " کتاب‌هایشان را در تهران خریدند. برگشتن درآورد بیشتر رفته‌ام ستارگان";
    for t in tokens(&text) {
        let again = &tokens(&t.term)[0];
        assert_eq!(again.term, t.term, "the term of {:?}", t.norm);
        // The stop flag is the term's: one term, one flag.
        assert_eq!(again.stop, t.stop, "the stop flag of {:?}", t.norm);
    }
}

#[test]
fn variants_share_a_term() {
    // With and without ZWNJ, Arabic ي/ك, spaces the normalizer joins.
    for group in [
        &["کتاب‌ها", "کتابها", "كتابها", "کتاب"][..],
        &["نرم‌افزار", "نرمافزار"],
        &["می‌روم", "میروم", "رفتم", "نمی‌رفتند"],
        &["بزرگ‌ترین", "بزرگترین", "بزرگ"],
    ] {
        let terms: Vec<String> = group.iter().map(|w| term(w)).collect();
        assert!(
            terms.iter().all(|t| *t == terms[0]),
            "{group:?} → {terms:?}"
        );
    }
    // A query of two words written apart finds the term of the joined form.
    let t: Vec<String> = tokens("کتاب ها").into_iter().map(|t| t.term).collect();
    assert_eq!(t, ["کتاب"]);
}

#[test]
fn stop_words_are_flagged_and_not_stemmed() {
    let t = tokens("کتاب‌هایشان را از کتابخانه و در تهران می‌شود خریدند");
    let flags: Vec<(&str, &str, bool)> = t
        .iter()
        .map(|t| (t.norm.as_str(), t.term.as_str(), t.stop))
        .collect();
    assert_eq!(
        flags,
        [
            ("کتاب‌هایشان", "کتاب", false),
            ("را", "را", true),
            ("از", "از", true),
            ("کتابخانه", "کتابخانه", false),
            ("و", "و", true),
            ("در", "در", true),
            ("تهران", "تهران", false),
            ("می‌شود", "میشود", true),
            ("خریدند", "خریدن", false),
        ]
    );
    // The lexicon's list has بزرگ: its superlative has that term, and the flag.
    let t = tokens("بزرگ‌ترین بزرگ");
    assert_eq!(
        t.iter()
            .map(|t| (t.term.as_str(), t.stop))
            .collect::<Vec<_>>(),
        [("بزرگ", true), ("بزرگ", true)]
    );
}

#[test]
fn punctuation_symbols_and_emoji_are_left_out_with_offsets_into_the_input() {
    let text = "سلام! 😀 كتابهاي «علي» ۱۲٪، test@example.com #تهران";
    let t = tokens(text);
    let norms: Vec<&str> = t.iter().map(|t| t.norm.as_str()).collect();
    assert_eq!(
        norms,
        ["سلام", "کتاب‌های", "علی", "۱۲", "test@example.com", "#تهران"]
    );
    for tok in &t {
        assert_eq!(&text[tok.span.range()], tok.text);
        let (cs, ce) = tok.span.in_unit(OffsetUnit::Char);
        let by_chars: String = text.chars().skip(cs).take(ce - cs).collect();
        assert_eq!(by_chars, tok.text);
        let utf16: Vec<u16> = text.encode_utf16().collect();
        let (us, ue) = tok.span.in_unit(OffsetUnit::Utf16);
        assert_eq!(String::from_utf16(&utf16[us..ue]).unwrap(), tok.text);
        let v = tok.view(OffsetUnit::Utf16);
        assert_eq!((v.start, v.end, v.term), (us, ue, tok.term.as_str()));
    }
    assert_eq!(t[1].text, "كتابهاي");
    assert_eq!(t[1].term, "کتاب");
    assert_eq!(t[4].term, "test@example.com");
}

#[test]
fn options_no_stemming_and_normalization() {
    let opts = SearchOptions {
        stem: false,
        ..SearchOptions::default()
    };
    let t = search_tokens("کتاب‌هایشان می‌روم", &opts).unwrap();
    let terms: Vec<&str> = t.iter().map(|t| t.term.as_str()).collect();
    assert_eq!(terms, ["کتابهایشان", "میروم"]);
    let opts = SearchOptions {
        normalize: NormalizeOptions {
            digits: parsi::Digits::Ascii,
            ..NormalizeOptions::default()
        },
        ..SearchOptions::default()
    };
    let t = search_tokens("سال ۱۴۰۲", &opts).unwrap();
    assert_eq!(t[1].term, "1402");
    // With maxRepeat, the letters that lowercasing makes a run of are cut in
    // an address's term too, so that the term is its own term (a property
    // test found `a@b.coO`).
    let opts = SearchOptions {
        normalize: NormalizeOptions {
            max_repeat: Some(1),
            ..NormalizeOptions::default()
        },
        ..SearchOptions::default()
    };
    for address in ["a@b.coO", "https://x.ir/aA"] {
        let t = search_tokens(address, &opts).unwrap();
        let again = search_tokens(&t[0].term, &opts).unwrap();
        assert_eq!(again[0].term, t[0].term, "{address}");
    }
}

#[test]
fn no_panic_on_empty_huge_or_mixed_input() {
    assert!(tokens("").is_empty());
    assert!(tokens(" \n\t ").is_empty());
    assert!(tokens("!!! ... ؟ 😀👍🏽").is_empty());
    let mixed =
        "Hello سلام Привет 你好 ١٢٣ 123 \u{200C}\u{200C}ها‌ی ‌ ‍ ـــ ً ٔ ۀ ة ي ك \u{FFFF} \u{10FFFF} ﷺ";
    let t = tokens(mixed);
    assert!(!t.is_empty());
    for tok in &t {
        assert_eq!(&mixed[tok.span.range()], tok.text);
    }
    // About 2 MB of mixed text.
    let huge = "کتاب‌هایشان را در تهران خریدند! Hello 😀 ۱۲۳. ".repeat(30_000);
    let t = tokens(&huge);
    assert_eq!(t.len(), 30_000 * 7);
    // Every suffix alone and doubled, every short string of suffix letters.
    for s in [
        "ها",
        "های",
        "هایشان",
        "ترین",
        "ان",
        "ات",
        "ین",
        "ی",
        "م",
        "یشان",
        "گان",
        "می",
        "نمی",
        "ن",
        "ب",
        "آ",
    ] {
        for w in [
            s.to_string(),
            format!("{s}{s}"),
            format!("‌{s}"),
            format!("{s}‌"),
        ] {
            for t in tokens(&w) {
                assert_eq!(term(&t.term), t.term, "{w:?}");
            }
        }
    }
}

#[test]
fn the_analyzer_method_and_the_free_function_agree() {
    let a = parsi::Analyzer::shared().unwrap();
    let text = "دانش آموزان كتابها را ميخوانند.";
    assert_eq!(
        a.search_tokens(text, &SearchOptions::default()).unwrap(),
        tokens(text)
    );
    let terms: Vec<String> = tokens(text).into_iter().map(|t| t.term).collect();
    assert_eq!(terms, ["دانشآموز", "کتاب", "را", "خواندن"]);
}
