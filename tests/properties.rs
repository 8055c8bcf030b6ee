//! Property tests: on arbitrary text, offsets always slice the input,
//! normalization is idempotent and search terms are their own terms, for the
//! default and other option sets, with and without a user dictionary.
#![cfg(not(target_arch = "wasm32"))]

use parsi::{
    analyze, normalize, search_tokens, AnalyzeOptions, Analyzer, Digits, EzafeHamza,
    NormalizeOptions, SearchOptions, UserDictionary,
};
use proptest::prelude::*;

/// Text that looks like what parsi meets: Persian and Arabic letters, marks,
/// digits of three scripts, Latin, punctuation, every kind of space and
/// invisible character, emoji — mixed with arbitrary Unicode.
fn persianish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        4 => proptest::sample::select(vec![
            "می", "روم", "کتاب", "ها", "های", "تر", "ترین", "ام", "ای", "اند", "دانش", "آموز", "خانه", "بین", "قاره",
            "ميروم", "كتابها", "علي", "ۀ", "هٔ", "ة", "أ", "إ", "ؤ", "ٱ", "ﻛﺘﺎﺏ", "ﷲ", "ﷺ", "﷽", "﷼", "ﷻ", "ﷰ", "ﹰ", "ـ", "َ", "ّ", "ٓ", "ٔ",
            "۱۲", "٣٫٥", "1,000", "3.5", "۱۴۰۲/۱۲/۲۵", "abc", "COVID-19", "https://x.ir/a?b=1", "a@b.co", "@ali", "#تست",
            "😀", "👍🏽", "🇮🇷", "👨\u{200D}👩", ".", "...", ". ..", "،", ",", "?", "؟", "!", ":", ";", "«", "»", "\"", "(", ")",
            " ", "  ", "\n", "\n\n", "\r\n", "\t", "\u{A0}", "\u{200C}", "\u{200D}", "\u{200F}", "\u{202B}", "\u{FEFF}",
            "\u{2029}", "\u{0}", "ه.ش", "ق.م.", "م.", "ج.ا.ا",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(pieces, 0..40).prop_map(|v| v.concat())
}

fn option_sets() -> Vec<NormalizeOptions> {
    vec![
        NormalizeOptions::default(),
        NormalizeOptions::minimal(),
        NormalizeOptions {
            digits: Digits::Ascii,
            ezafe_hamza: EzafeHamza::Remove,
            max_repeat: Some(2),
            ..NormalizeOptions::default()
        },
        NormalizeOptions {
            teh_marbuta: true,
            alef_hamza: true,
            waw_hamza: true,
            diacritics: false,
            zwnj: false,
            ..NormalizeOptions::default()
        },
        NormalizeOptions {
            verb_prefix: false,
            compounds: false,
            punctuation: false,
            quotes: true,
            max_repeat: Some(1),
            ..NormalizeOptions::default()
        },
    ]
}

proptest! {
    // 600 cases by default; PROPTEST_CASES=N runs more.
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(600)))]

    #[test]
    fn normalization_is_idempotent(text in persianish()) {
        for o in option_sets() {
            let once = normalize(&text, &o).unwrap().text;
            let twice = normalize(&once, &o).unwrap().text;
            prop_assert_eq!(&twice, &once, "options {:?}", o);
        }
    }

    #[test]
    fn arbitrary_unicode_is_idempotent(text in "\\PC*") {
        let once = normalize(&text, &NormalizeOptions::default()).unwrap().text;
        let twice = normalize(&once, &NormalizeOptions::default()).unwrap().text;
        prop_assert_eq!(twice, once);
    }

    #[test]
    fn offsets_slice_the_input(text in persianish()) {
        for o in option_sets() {
            let doc = analyze(&text, &AnalyzeOptions { normalize: o.clone(), ..AnalyzeOptions::default() }).unwrap();
            let chars: Vec<char> = text.chars().collect();
            let utf16: Vec<u16> = text.encode_utf16().collect();
            let mut last_end = 0;
            for t in &doc.tokens {
                let s = t.span;
                prop_assert!(s.start < s.end && s.end <= text.len());
                prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
                prop_assert!(s.start >= last_end, "tokens overlap or go backwards");
                last_end = s.end;
                let by_bytes = &text[s.range()];
                prop_assert_eq!(chars[s.char_start..s.char_end].iter().collect::<String>(), by_bytes);
                prop_assert_eq!(String::from_utf16_lossy(&utf16[s.utf16_start..s.utf16_end]), by_bytes);
                prop_assert!(!doc.norm(t).is_empty());
                // Words tile the token's normalized form and stay inside its span.
                prop_assert!(!t.words.is_empty());
                let words = &doc.words[t.words.clone()];
                let joined: String = words.iter().map(|w| doc.word_norm(w)).collect();
                prop_assert_eq!(joined.as_str(), doc.norm(t));
                prop_assert_eq!(words[0].span.start, s.start);
                prop_assert_eq!(words[words.len() - 1].span.end, s.end);
                for w in words {
                    prop_assert!(s.start <= w.span.start && w.span.start <= w.span.end && w.span.end <= s.end);
                    prop_assert!(text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end));
                    prop_assert_eq!(chars[w.span.char_start..w.span.char_end].iter().collect::<String>(), &text[w.span.range()]);
                    prop_assert!(!doc.lemma(w).is_empty());
                }
            }
            prop_assert_eq!(doc.tokens.last().map_or(0, |t| t.words.end), doc.words.len());
            // Sentences cover their tokens, in order, without overlap.
            let mut last = 0;
            for s in &doc.sentences {
                prop_assert!(s.token_start < s.token_end && s.token_end <= doc.tokens.len());
                prop_assert_eq!(s.token_start, last);
                last = s.token_end;
                prop_assert_eq!(s.span.start, doc.tokens[s.token_start].span.start);
                prop_assert_eq!(s.span.end, doc.tokens[s.token_end - 1].span.end);
            }
            prop_assert_eq!(last, doc.tokens.len());
        }
    }

    #[test]
    fn user_dictionary_keeps_offsets_and_idempotence(text in persianish()) {
        // Entries made of the pieces `persianish` draws from.
        let dict: UserDictionary = serde_json::from_str(r#"{
            "entities": [{"text": "کتاب ها", "label": "ORG"}, {"text": "علی", "label": "PER"},
                         {"text": "۱۲ دانش", "label": "DAT"}, {"text": "خانه", "label": "LOC"}],
            "neverEntities": ["علي کتاب"],
            "compounds": ["دانش‌آموز‌خانه", "بین قاره", "روم ام", "خانه‌بین"],
            "neverJoin": ["ها", "می"]
        }"#).unwrap();
        let a = Analyzer::shared().unwrap().clone().with_dictionary(dict).unwrap();
        for o in option_sets() {
            let once = a.normalize(&text, &o).unwrap();
            prop_assert_eq!(&a.normalize(&once.text, &o).unwrap().text, &once.text, "options {:?}", o);
            let doc = a.analyze(&text, &AnalyzeOptions { normalize: o.clone(), ..AnalyzeOptions::default() }).unwrap();
            let mut last_end = 0;
            for e in &doc.entities {
                prop_assert!(e.span.start < e.span.end && e.span.end <= text.len());
                prop_assert!(text.is_char_boundary(e.span.start) && text.is_char_boundary(e.span.end));
                prop_assert!(e.span.start >= last_end, "entities overlap or go backwards");
                last_end = e.span.end;
            }
        }
    }

    #[test]
    fn alignment_is_monotone_and_in_bounds(text in persianish()) {
        let n = normalize(&text, &NormalizeOptions::default()).unwrap();
        let mut prev = 0;
        for r in n.alignment() {
            prop_assert!(r.start <= r.end && r.end <= text.len());
            prop_assert!(r.start >= prev);
            prev = r.start;
        }
        prop_assert_eq!(n.alignment().count(), n.text.chars().count());
    }

    #[test]
    fn search_tokens_slice_the_input_and_terms_are_fixed_points(text in persianish()) {
        for o in option_sets() {
            let opts = SearchOptions { normalize: o, stem: true };
            for t in search_tokens(&text, &opts).unwrap() {
                prop_assert_eq!(&text[t.span.range()], t.text.as_str());
                prop_assert!(!t.term.is_empty(), "empty term for {:?}", t.norm);
                // A term the tokenizer reads back whole, as one token, is its
                // own term (not so `#۱۲` from `#ً۱۲`: `#` then a number).
                let again = search_tokens(&t.term, &opts).unwrap();
                if let [one] = again.as_slice() {
                    if one.text == t.term {
                        prop_assert_eq!(&one.term, &t.term, "the term of {:?}", t.norm);
                        prop_assert_eq!(one.stop, t.stop, "the stop flag of {:?}", t.norm);
                    }
                }
            }
        }
    }

    #[test]
    fn no_text_is_lost(text in persianish()) {
        // Every letter and digit of the input is inside some token's original span.
        let doc = analyze(&text, &AnalyzeOptions::default()).unwrap();
        for (b, c) in text.char_indices() {
            if parsi::chars::is_arabic_letter(c) || c.is_ascii_alphanumeric() || parsi::chars::is_digit(c) {
                prop_assert!(doc.tokens.iter().any(|t| t.span.start <= b && b < t.span.end), "{:?} at {} is in no token", c, b);
            }
        }
    }
}
