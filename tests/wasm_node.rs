#![cfg(target_arch = "wasm32")]
//! The JavaScript API under Node.js (wasm-bindgen-test, no `run_in_browser`).
//!
//! Run with `wasm-pack test --node --release --mode no-install -- --test wasm_node`
//! (scripts/test.sh does). These tests call the same functions the JS bindings
//! export and check what a JavaScript caller relies on: UTF-16 offsets that
//! slice the caller's string, TypeErrors for bad arguments, and a module that
//! keeps working after an error.

use js_sys::{Array, JsString, Reflect, JSON};
use parsi::wasm::{
    js_analyze, js_analyze_chunks, js_create_analyzer, js_normalize, js_number_to_words,
    js_parse_number, js_prepare, js_search_tokens, js_sentences, js_to_conllu, js_tokenize,
};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// `obj[key]`, panicking with the key's name when the property is missing.
fn get(obj: &JsValue, key: &str) -> JsValue {
    let v = Reflect::get(obj, &JsValue::from_str(key)).expect("Reflect.get");
    assert!(!v.is_undefined(), "missing property {key}");
    v
}

fn get_str(obj: &JsValue, key: &str) -> String {
    get(obj, key)
        .as_string()
        .unwrap_or_else(|| panic!("{key} is not a string"))
}

fn get_u32(obj: &JsValue, key: &str) -> u32 {
    let f = get(obj, key)
        .as_f64()
        .unwrap_or_else(|| panic!("{key} is not a number"));
    assert!(f >= 0.0 && f.fract() == 0.0, "{key} = {f} is not an index");
    f as u32
}

fn array(v: &JsValue) -> Array {
    assert!(Array::is_array(v), "not an array");
    v.clone().unchecked_into()
}

fn json(src: &str) -> JsValue {
    JSON::parse(src).expect("test JSON")
}

/// The UTF-16 length of a Rust string (what JavaScript's `length` says).
fn utf16_len(s: &str) -> u32 {
    s.encode_utf16().count() as u32
}

/// Checks that every span (`start`, `end`, `text`) in `items` slices `input`
/// with `String.prototype.slice`, in order and without overlap.
fn assert_spans_slice(input: &str, items: &Array, what: &str) {
    let js_input = JsString::from(input);
    assert_eq!(js_input.length(), utf16_len(input));
    let mut prev_end = 0;
    for (i, item) in items.iter().enumerate() {
        let (start, end) = (get_u32(&item, "start"), get_u32(&item, "end"));
        let text = get_str(&item, "text");
        assert!(
            prev_end <= start && start < end && end <= js_input.length(),
            "{what} {i}: bad span {start}..{end} (previous end {prev_end}, length {})",
            js_input.length()
        );
        let sliced: String = js_input.slice(start, end).into();
        assert_eq!(sliced, text, "{what} {i}: input.slice({start}, {end})");
        prev_end = end;
    }
}

/// Analyzes `input` and checks every offset of the document against it.
fn analyze_checked(input: &str) -> JsValue {
    let doc = js_analyze(JsValue::from_str(input), None).expect("analyze");
    assert_eq!(get_str(&doc, "text"), input);
    let tokens = array(&get(&doc, "tokens"));
    let sentences = array(&get(&doc, "sentences"));
    assert_spans_slice(input, &tokens, "token");
    assert_spans_slice(input, &sentences, "sentence");
    // Sentences cover the tokens in order, each token inside its sentence.
    let mut next = 0;
    for s in sentences.iter() {
        let (ts, te) = (get_u32(&s, "tokenStart"), get_u32(&s, "tokenEnd"));
        assert_eq!(ts, next, "sentences must cover the tokens in order");
        assert!(te >= ts && te <= tokens.length());
        for t in ts..te {
            let tok = tokens.get(t);
            assert!(get_u32(&tok, "start") >= get_u32(&s, "start"));
            assert!(get_u32(&tok, "end") <= get_u32(&s, "end"));
        }
        next = te;
    }
    assert_eq!(next, tokens.length(), "every token belongs to a sentence");
    // Every token has one or more words, which tile it and carry a tag and a lemma.
    for tok in tokens.iter() {
        let words = array(&get(&tok, "words"));
        assert!(words.length() >= 1, "a token without words");
        assert_spans_slice(input, &words, "word");
        assert_eq!(get_u32(&words.get(0), "start"), get_u32(&tok, "start"));
        assert_eq!(
            get_u32(&words.get(words.length() - 1), "end"),
            get_u32(&tok, "end")
        );
        for w in words.iter() {
            assert!(UPOS.contains(&get_str(&w, "upos").as_str()));
            assert!(!get_str(&w, "lemma").is_empty());
        }
    }
    doc
}

const UPOS: [&str; 17] = [
    "ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON", "PROPN",
    "PUNCT", "SCONJ", "SYM", "VERB", "X",
];

#[wasm_bindgen_test]
fn words_carry_upos_and_lemma_with_utf16_offsets() {
    // An emoji (two UTF-16 units) before a clitic token written with Arabic kaf.
    let input = "😀 كتابش را ميخوانم.";
    let doc = analyze_checked(input);
    let tok = find_token(&doc, "كتابش");
    let words = array(&get(&tok, "words"));
    assert_eq!(words.length(), 2);
    assert_eq!(get_str(&words.get(0), "norm"), "کتاب");
    assert_eq!(get_str(&words.get(1), "upos"), "PRON");
    let verb = array(&get(&find_token(&doc, "ميخوانم"), "words")).get(0);
    assert_eq!(get_str(&verb, "upos"), "VERB");
    assert_eq!(get_str(&verb, "lemma"), "خواند");
    assert_eq!(get_str(&verb, "stems"), "خواند#خوان");
    // Only verbs have stems: the key is absent on the noun.
    assert!(!Reflect::has(&words.get(0), &JsValue::from_str("stems")).unwrap());
    let off = js_analyze(JsValue::from_str(input), Some(json(r#"{"pos":false}"#))).unwrap();
    assert!(array(&get(&off, "tokens"))
        .iter()
        .all(|t| array(&get(&t, "words")).length() == 0));
}

fn find_token(doc: &JsValue, text: &str) -> JsValue {
    array(&get(doc, "tokens"))
        .iter()
        .find(|t| get_str(t, "text") == text)
        .unwrap_or_else(|| panic!("no token {text:?}"))
}

/// Asserts that `result` is a thrown TypeError whose message names `func`
/// (and contains `needle`); returns the message.
fn assert_type_error(result: Result<JsValue, JsValue>, func: &str, needle: &str) -> String {
    let err = match result {
        Ok(v) => panic!("parsi.{func} accepted a bad argument and returned {v:?}"),
        Err(e) => e,
    };
    assert!(
        err.is_instance_of::<js_sys::TypeError>(),
        "parsi.{func}: expected a TypeError, got {err:?}"
    );
    let err: js_sys::Error = err.unchecked_into();
    let message: String = err.message().into();
    let name: String = err.name().into();
    assert_eq!(name, "TypeError");
    assert!(
        message.contains(&format!("parsi.{func}")),
        "message does not name the function: {message}"
    );
    assert!(
        message.contains(needle),
        "message {message:?} lacks {needle:?}"
    );
    message
}

#[wasm_bindgen_test]
fn offsets_slice_plain_persian() {
    let input = "امروز هوا خوب است. فردا به دانشگاه می‌روم؟ «کتاب» را خواندم!";
    let doc = analyze_checked(input);
    assert!(array(&get(&doc, "sentences")).length() >= 3);
    let t = find_token(&doc, "دانشگاه");
    assert_eq!(get_str(&t, "kind"), "word");
}

#[wasm_bindgen_test]
fn offsets_are_utf16_with_astral_emoji() {
    // Each emoji is two UTF-16 code units (👍🏽 is four): char or byte offsets
    // would land in the wrong place after them.
    let input = "سلام 😀 دنیا! 👍🏽 خوبی؟ 🇮🇷 ایران 𝔸 ۱۲۳";
    let doc = analyze_checked(input);
    for word in ["دنیا", "خوبی", "ایران"] {
        let t = find_token(&doc, word);
        let byte_start = input.find(word).unwrap();
        assert_eq!(
            get_u32(&t, "start"),
            utf16_len(&input[..byte_start]),
            "start of {word}"
        );
        assert_eq!(get_u32(&t, "end") - get_u32(&t, "start"), utf16_len(word));
    }
    let emoji = find_token(&doc, "😀");
    assert_eq!(get_u32(&emoji, "end") - get_u32(&emoji, "start"), 2);
    assert_eq!(get_str(&emoji, "kind"), "emoji");
}

#[wasm_bindgen_test]
fn offsets_point_into_the_original_arabic_letters() {
    // Arabic ي and ك are normalized to Persian ی and ک; the tokens' text and
    // offsets still refer to the input as written.
    let input = "كتاب هاي علي را در كلاس خواندم. 😀 يك روز خوب بود.";
    let doc = analyze_checked(input);
    let normalized = get_str(&doc, "normalized");
    assert!(!normalized.contains('ي') && !normalized.contains('ك'));
    assert!(normalized.contains("علی"));
    let ali = find_token(&doc, "علي");
    assert_eq!(get_str(&ali, "norm"), "علی");
    let class = find_token(&doc, "كلاس");
    assert_eq!(get_str(&class, "norm"), "کلاس");
}

#[wasm_bindgen_test]
fn sentences_and_tokenize_agree_with_analyze() {
    let input = "من به مدرسه رفتم. او 😀 در خانه ماند! تو چه کردی؟";
    let doc = analyze_checked(input);
    let tokens = array(&js_tokenize(JsValue::from_str(input)).expect("tokenize"));
    let sentences = array(&js_sentences(JsValue::from_str(input)).expect("sentences"));
    assert_spans_slice(input, &tokens, "token");
    assert_spans_slice(input, &sentences, "sentence");
    let doc_tokens = array(&get(&doc, "tokens"));
    assert_eq!(tokens.length(), doc_tokens.length());
    for (a, b) in tokens.iter().zip(doc_tokens.iter()) {
        assert_eq!(get_u32(&a, "start"), get_u32(&b, "start"));
        assert_eq!(get_u32(&a, "end"), get_u32(&b, "end"));
        assert_eq!(get_str(&a, "norm"), get_str(&b, "norm"));
    }
    assert_eq!(sentences.length(), 3);
}

#[wasm_bindgen_test]
fn empty_and_whitespace_input() {
    for input in [
        "",
        " ",
        "\n\n\t",
        "\u{200C}\u{200C}\u{200C}",
        "\u{200F}\u{FEFF}\u{202B}\u{2066}",
        "\u{0}\u{0}",
    ] {
        let doc = analyze_checked(input);
        assert_eq!(array(&get(&doc, "tokens")).length(), 0);
        assert_eq!(array(&get(&doc, "sentences")).length(), 0);
    }
}

#[wasm_bindgen_test]
fn normalize_with_options() {
    let out = js_normalize(
        JsValue::from_str("كتاب ي 123"),
        Some(json(r#"{"digits":"ascii"}"#)),
    )
    .expect("normalize");
    let out = out.as_string().expect("a string");
    assert!(out.contains("کتاب") && out.contains("123"), "{out}");
    let out = js_normalize(JsValue::from_str("123"), None).expect("normalize");
    assert_eq!(out.as_string().unwrap(), "۱۲۳");
    // undefined and null mean "the defaults".
    let out = js_normalize(JsValue::from_str("123"), Some(JsValue::NULL)).expect("null");
    assert_eq!(out.as_string().unwrap(), "۱۲۳");
    let doc = js_analyze(
        JsValue::from_str("عدد 42"),
        Some(json(r#"{"normalize":{"digits":"keep"}}"#)),
    )
    .expect("analyze with nested options");
    assert_eq!(get_str(&find_token(&doc, "42"), "norm"), "42");
}

#[wasm_bindgen_test]
fn normalize_returns_the_core_text_exactly() {
    // The JavaScript string is made from UTF-16 units: a leading U+FEFF,
    // astral chars and mixed scripts come out as the core wrote them.
    for input in [
        "\u{FEFF}سلام",
        "\u{FEFF}\u{FEFF}",
        "کتاب‌ها 😀 𝒜 abc ۱۲۳",
        "",
        "a\u{0}b\r\nc",
    ] {
        let core = parsi::normalize(input, &Default::default())
            .expect("normalize")
            .text;
        let out = js_normalize(JsValue::from_str(input), None).expect("normalize");
        assert_eq!(out.as_string().as_deref(), Some(core.as_str()), "{input:?}");
        let doc = js_analyze(JsValue::from_str(input), None).expect("analyze");
        assert_eq!(get_str(&doc, "normalized"), core, "{input:?}");
    }
}

#[wasm_bindgen_test]
fn bad_text_argument_is_a_type_error() {
    let bad = [
        (JsValue::from_f64(42.0), "number"),
        (JsValue::UNDEFINED, "undefined"),
        (JsValue::NULL, "null"),
        (json(r#"{"text":"سلام"}"#), "object"),
        (json(r#"["سلام"]"#), "array"),
        (JsValue::TRUE, "boolean"),
    ];
    for (value, what) in bad {
        assert_type_error(js_analyze(value.clone(), None), "analyze", what);
        assert_type_error(js_normalize(value.clone(), None), "normalize", what);
        assert_type_error(js_sentences(value.clone()), "sentences", what);
        assert_type_error(js_tokenize(value), "tokenize", what);
    }
}

#[wasm_bindgen_test]
fn bad_options_are_type_errors() {
    let text = || JsValue::from_str("سلام");
    // Unknown option keys, top level and nested.
    assert_type_error(
        js_normalize(text(), Some(json(r#"{"digitz":"ascii"}"#))),
        "normalize",
        "digitz",
    );
    assert_type_error(
        js_analyze(text(), Some(json(r#"{"foo":1}"#))),
        "analyze",
        "foo",
    );
    assert_type_error(
        js_analyze(text(), Some(json(r#"{"normalize":{"digitz":"ascii"}}"#))),
        "analyze",
        "digitz",
    );
    // A value outside an enum, and a value of the wrong type.
    assert_type_error(
        js_normalize(text(), Some(json(r#"{"digits":"roman"}"#))),
        "normalize",
        "roman",
    );
    assert_type_error(
        js_analyze(text(), Some(json(r#"{"normalize":{"ezafeHamza":"drop"}}"#))),
        "analyze",
        "drop",
    );
    assert_type_error(
        js_normalize(text(), Some(json(r#"{"zwnj":"yes"}"#))),
        "normalize",
        "yes",
    );
    // Options that are not an object.
    assert_type_error(
        js_normalize(text(), Some(JsValue::from_f64(5.0))),
        "normalize",
        "number",
    );
    assert_type_error(js_analyze(text(), Some(json("[]"))), "analyze", "array");
}

#[wasm_bindgen_test]
fn prepare_checks_its_options_and_changes_no_result() {
    let input = "دانش آموزان كتابها را ميخوانند. رئیس‌جمهور به تهران رفت.";
    let seg = r#"{"pos":false,"entities":false}"#;
    let before = JSON::stringify(&analyze_checked(input)).unwrap();
    let before_seg =
        JSON::stringify(&js_analyze(JsValue::from_str(input), Some(json(seg))).unwrap()).unwrap();
    assert!(js_prepare(None).is_ok());
    assert!(js_prepare(Some(json(seg))).is_ok());
    assert!(js_prepare(Some(JsValue::UNDEFINED)).is_ok());
    let prepared = |r: Result<(), JsValue>| r.map(|()| JsValue::UNDEFINED);
    assert_type_error(
        prepared(js_prepare(Some(json(r#"{"foo":1}"#)))),
        "prepare",
        "foo",
    );
    assert_type_error(
        prepared(js_prepare(Some(JsValue::from_str("all")))),
        "prepare",
        "string",
    );
    let after = JSON::stringify(&analyze_checked(input)).unwrap();
    let after_seg =
        JSON::stringify(&js_analyze(JsValue::from_str(input), Some(json(seg))).unwrap()).unwrap();
    assert_eq!(String::from(before), String::from(after));
    assert_eq!(String::from(before_seg), String::from(after_seg));
}

#[wasm_bindgen_test]
fn module_keeps_working_after_errors() {
    let input = "كتاب 😀 را خواندم.";
    let before = JSON::stringify(&analyze_checked(input)).unwrap();
    for _ in 0..3 {
        assert!(js_analyze(JsValue::from_f64(1.0), None).is_err());
        assert!(js_normalize(JsValue::from_str("x"), Some(json(r#"{"nope":true}"#))).is_err());
        assert!(js_tokenize(JsValue::UNDEFINED).is_err());
    }
    let after = JSON::stringify(&analyze_checked(input)).unwrap();
    assert_eq!(String::from(before), String::from(after));
    assert_eq!(
        js_normalize(JsValue::from_str("ك"), None)
            .unwrap()
            .as_string()
            .unwrap(),
        "ک"
    );
}

#[wasm_bindgen_test]
fn unpaired_surrogate_keeps_offsets_aligned() {
    // A lone surrogate (possible in a JS string) arrives as U+FFFD, one code
    // unit like the surrogate itself, so later offsets stay correct.
    let lone = JsString::from_char_code1(0xD800);
    let input = JsString::from("سلام ")
        .concat(&lone)
        .concat(&JsString::from(" دنیا"));
    let doc = js_analyze(input.clone().into(), None).expect("analyze");
    let t = find_token(&doc, "دنیا");
    let (start, end) = (get_u32(&t, "start"), get_u32(&t, "end"));
    assert_eq!(String::from(input.slice(start, end)), "دنیا");
}

/// The size of the module's linear memory, in bytes.
fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    buffer.byte_length() as f64
}

#[wasm_bindgen_test]
fn memory_stays_bounded_over_10000_calls() {
    let inputs = [
        "به گزارش ایرنا، علي رضايي روز ۲۵ اسفند ۱۴۰۲ گفت: «كتابها را ميخوانيم.»",
        "😀👍🏽 https://x.ir/a?b=1 a@b.co #هشتگ @user ۱٬۲۰۰٫۵ COVID-19",
        "",
        "\u{200C}\u{200C}  \n\n",
        "ســلام\u{0}دنيا\u{202B}!؟...",
    ];
    // Warm up: the first calls grow the memory to its working size.
    for k in 0..100 {
        js_analyze(
            JsValue::from_str(&inputs[k % inputs.len()].repeat(1 + k % 7)),
            None,
        )
        .expect("analyze");
    }
    let before = memory_bytes();
    for k in 0..10_000 {
        let text = inputs[k % inputs.len()].repeat(1 + k % 7);
        let doc = js_analyze(JsValue::from_str(&text), None).expect("analyze");
        assert_eq!(get_str(&doc, "text"), text);
        if k % 1000 == 0 {
            // Errors in between do not leak either.
            assert!(js_analyze(JsValue::from_f64(k as f64), None).is_err());
        }
    }
    let after = memory_bytes();
    assert!(
        after <= before + 1024.0 * 1024.0,
        "linear memory grew from {before} to {after} bytes over 10,000 calls"
    );
}

#[wasm_bindgen_test]
fn ten_megabyte_input_through_the_js_api() {
    let para = "خبرگزاری‌ها گزارش دادند که قیمت نفت 3.5 درصد افزایش یافت. ";
    let text = para.repeat(10 * 1024 * 1024 / para.len());
    let tokens = array(&js_tokenize(JsValue::from_str(&text)).expect("tokenize"));
    let last = tokens.get(tokens.length() - 1);
    assert_eq!(get_u32(&last, "end"), utf16_len(text.trim_end()));
    let sentences = array(&js_sentences(JsValue::from_str(&text)).expect("sentences"));
    assert_eq!(sentences.length() as usize, text.matches("یافت.").count());
}

#[wasm_bindgen_test]
fn fifty_megabyte_input_through_the_js_api() {
    let para = "در سال ۱۴۰۲ صادرات نفت 12 درصد افزایش یافت. ";
    let text = para.repeat(50 * 1024 * 1024 / para.len());
    let normalized = js_normalize(JsValue::from_str(&text), None)
        .expect("normalize")
        .as_string()
        .expect("a string");
    assert_eq!(normalized.matches("۱۲").count(), text.matches("12").count());
    let sentences = array(&js_sentences(JsValue::from_str(&text)).expect("sentences"));
    assert_eq!(sentences.length() as usize, text.matches("یافت.").count());
    let last = sentences.get(sentences.length() - 1);
    assert_eq!(get_u32(&last, "end"), utf16_len(text.trim_end()));
}

#[wasm_bindgen_test]
fn every_unicode_space_format_character_and_bidi_mark() {
    let spaces = [
        '\u{A0}', '\u{1680}', '\u{2000}', '\u{2001}', '\u{2002}', '\u{2003}', '\u{2004}',
        '\u{2005}', '\u{2006}', '\u{2007}', '\u{2008}', '\u{2009}', '\u{200A}', '\u{202F}',
        '\u{205F}', '\u{3000}', '\t', '\u{0}',
    ];
    let input: String = spaces.iter().map(|c| format!("الف{c}")).collect();
    let doc = analyze_checked(&input);
    assert_eq!(array(&get(&doc, "tokens")).length() as usize, spaces.len());
    // Bidi controls, zero-width characters and mixed scripts around words.
    let mixed = "\u{202B}قیمت\u{200E} iPhone 15 Pro\u{200F} در ايران ۶۰ ميليون تومان است 😀 (\u{2066}Apple\u{2069}).\u{202C}\u{200B}\u{2060}\u{AD}";
    let doc = analyze_checked(mixed);
    let words: Vec<String> = (0..array(&get(&doc, "tokens")).length())
        .map(|k| get_str(&array(&get(&doc, "tokens")).get(k), "text"))
        .collect();
    assert_eq!(
        words,
        [
            "قیمت",
            "iPhone",
            "15",
            "Pro",
            "در",
            "ايران",
            "۶۰",
            "ميليون",
            "تومان",
            "است",
            "😀",
            "(",
            "Apple",
            ")",
            "."
        ]
    );
}

#[wasm_bindgen_test]
fn number_values_and_their_argument_errors() {
    let n = |t: &str| js_parse_number(JsValue::from_str(t)).unwrap().as_f64();
    assert_eq!(n("یک میلیون و دویست هزار"), Some(1_200_000.0));
    assert_eq!(n("۳٫۵"), Some(3.5));
    assert_eq!(n("ایران"), None);
    let words = |x: f64, ord: JsValue| js_number_to_words(JsValue::from_f64(x), ord);
    assert_eq!(words(125.0, JsValue::UNDEFINED).unwrap(), "صد و بیست و پنج");
    assert_eq!(words(21.0, JsValue::TRUE).unwrap(), "بیست و یکم");
    assert_eq!(
        n(&words(9_007_199_254_740_991.0, JsValue::NULL).unwrap()),
        Some(9_007_199_254_740_991.0)
    );
    assert_type_error(
        js_parse_number(JsValue::from_f64(12.0)),
        "parseNumber",
        "number",
    );
    assert_type_error(
        js_number_to_words(JsValue::from_str("12"), JsValue::UNDEFINED).map(JsValue::from),
        "numberToWords",
        "string",
    );
    assert_type_error(
        words(12.0, JsValue::from_str("yes")).map(JsValue::from),
        "numberToWords",
        "ordinal",
    );
    for bad in [-1.0, 1.5, f64::NAN, f64::INFINITY, 9_007_199_254_740_992.0] {
        let err = words(bad, JsValue::UNDEFINED).unwrap_err();
        assert!(err.is_instance_of::<js_sys::RangeError>(), "{bad}: {err:?}");
    }
}

#[wasm_bindgen_test]
fn to_conllu_writes_the_document_of_analyze() {
    // An emoji (two UTF-16 units, one code point) before a clitic token:
    // TokenRange counts code points, as the CLI's offsets.
    let input = "😀 كتابش را خواندم. حسن روحانی در تهران گفت.";
    let conllu = js_to_conllu(JsValue::from_str(input), None)
        .expect("toConllu")
        .as_string()
        .expect("a string");
    let doc = analyze_checked(input);
    let lines: Vec<&str> = conllu.lines().collect();
    assert_eq!(lines[0], "# sent_id = 1");
    assert_eq!(lines[1], "# text = 😀 كتابش را خواندم.");
    assert!(lines[2].starts_with("1\t😀\t"), "{conllu}");
    assert!(
        lines[2].ends_with("\t_\t_\t_\t_\t_\tTokenRange=0:1"),
        "{conllu}"
    );
    assert!(lines[3].starts_with("2-3\tكتابش\t_\t_\t"), "{conllu}");
    assert!(
        lines[3].ends_with("\tNorm=کتابش|TokenRange=2:7"),
        "{conllu}"
    );
    // One word line per word of analyze, with its text, lemma and UPOS; two sentences.
    let words: Vec<String> = array(&get(&doc, "tokens"))
        .iter()
        .flat_map(|t| array(&get(&t, "words")).iter().collect::<Vec<_>>())
        .map(|w| {
            let (text, lemma, upos) = (
                get_str(&w, "text"),
                get_str(&w, "lemma"),
                get_str(&w, "upos"),
            );
            format!("{text}\t{lemma}\t{upos}")
        })
        .collect();
    let word_lines: Vec<String> = lines
        .iter()
        .map(|l| l.split('\t').collect::<Vec<_>>())
        .filter(|c| c.len() == 10 && c[0].parse::<u32>().is_ok())
        .map(|c| c[1..4].join("\t"))
        .collect();
    assert_eq!(word_lines, words);
    assert!(lines
        .iter()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .all(|l| l.split('\t').count() == 10));
    assert_eq!(conllu.matches("# sent_id = ").count(), 2);
    assert!(conllu.contains("NER=B-LOC"), "{conllu}");
    assert!(conllu.ends_with("\n\n"));
    // Options as analyze's, errors as analyze's, and an empty text.
    let off = js_to_conllu(JsValue::from_str(input), Some(json(r#"{"pos":false}"#)))
        .unwrap()
        .as_string()
        .unwrap();
    assert!(off.contains("\n1\t😀\t_\t_\t"), "{off}");
    assert_eq!(
        js_to_conllu(JsValue::from_str(""), None)
            .unwrap()
            .as_string(),
        Some(String::new())
    );
    assert_type_error(
        js_to_conllu(JsValue::from_f64(1.0), None),
        "toConllu",
        "number",
    );
    assert_type_error(
        js_to_conllu(JsValue::from_str("x"), Some(json(r#"{"format":"x"}"#))),
        "toConllu",
        "format",
    );
}

#[wasm_bindgen_test]
fn search_tokens_give_terms_stop_flags_and_utf16_offsets() {
    let input = "😀 كتابهايشان را در تهران، زیباترین شهر، می‌خوانند!";
    let tokens = array(&js_search_tokens(JsValue::from_str(input), None).expect("searchTokens"));
    assert_spans_slice(input, &tokens, "search token");
    let rows: Vec<(String, String, bool)> = tokens
        .iter()
        .map(|t| {
            let stop = get(&t, "stop").as_bool().expect("stop is a boolean");
            (get_str(&t, "norm"), get_str(&t, "term"), stop)
        })
        .collect();
    let want = [
        ("کتاب‌هایشان", "کتاب", false),
        ("را", "را", true),
        ("در", "در", true),
        ("تهران", "تهران", false),
        ("زیباترین", "زیبا", false),
        ("شهر", "شهر", false),
        ("می‌خوانند", "خواندن", false),
    ];
    let want: Vec<(String, String, bool)> = want
        .iter()
        .map(|(n, t, s)| (n.to_string(), t.to_string(), *s))
        .collect();
    assert_eq!(rows, want);
    // The first token starts after the emoji (two UTF-16 code units) and a space.
    assert_eq!(get_u32(&tokens.get(0), "start"), 3);
    // Exactly these fields.
    let keys: Vec<String> = js_sys::Object::keys(tokens.get(0).unchecked_ref::<js_sys::Object>())
        .iter()
        .filter_map(|k| k.as_string())
        .collect();
    assert_eq!(keys, ["text", "norm", "term", "stop", "start", "end"]);

    // Options: no stemming; and the same TypeErrors as analyze.
    let plain = js_search_tokens(JsValue::from_str("کتاب‌ها"), Some(json(r#"{"stem":false}"#)))
        .expect("searchTokens with options");
    assert_eq!(get_str(&array(&plain).get(0), "term"), "کتابها");
    let empty = array(&js_search_tokens(JsValue::from_str(""), None).expect("empty"));
    assert_eq!(empty.length(), 0);
    for (value, what) in [
        (JsValue::from_f64(42.0), "number"),
        (JsValue::UNDEFINED, "undefined"),
        (JsValue::NULL, "null"),
        (json(r#"["سلام"]"#), "array"),
    ] {
        assert_type_error(js_search_tokens(value, None), "searchTokens", what);
    }
    assert_type_error(
        js_search_tokens(JsValue::from_str("x"), Some(json(r#"{"stemm":false}"#))),
        "searchTokens",
        "unknown option options.stemm",
    );
    assert_type_error(
        js_search_tokens(
            JsValue::from_str("x"),
            Some(json(r#"{"normalize":{"digitz":"ascii"}}"#)),
        ),
        "searchTokens",
        "digitz",
    );
    assert_type_error(
        js_search_tokens(JsValue::from_str("x"), Some(json(r#"{"stem":"yes"}"#))),
        "searchTokens",
        "options.stem must be a boolean, got string \"yes\"",
    );
}

#[wasm_bindgen_test]
fn number_tokens_carry_their_value() {
    let input = "یک میلیون و دویست هزار، 1,250.5 و ٣٫٥ نفر";
    let toks = array(&js_tokenize(JsValue::from_str(input)).unwrap());
    let values: Vec<(String, f64)> = toks
        .iter()
        .filter_map(|t| {
            let v = Reflect::get(&t, &JsValue::from_str("value")).ok()?;
            Some((get_str(&t, "text"), v.as_f64()?))
        })
        .collect();
    let want: Vec<(String, f64)> = [
        ("یک", 1.0),
        ("میلیون", 1e6),
        ("دویست", 200.0),
        ("هزار", 1000.0),
        ("1,250.5", 1250.5),
        ("٣٫٥", 3.5),
    ]
    .iter()
    .map(|&(t, v)| (t.to_string(), v))
    .collect();
    assert_eq!(values, want);
    // Tokens that are not numbers have no `value` key at all.
    let first_word = toks.get(2);
    assert!(!Reflect::has(&first_word, &JsValue::from_str("value")).unwrap());
}

#[wasm_bindgen_test]
fn create_analyzer_applies_the_user_dictionary() {
    let input = "حسن روحانی در کافه نادري گفت و پیش نمایش دانش آموز را دید.";
    let a = js_create_analyzer(json(
        r#"{"entities": [{"text": "کافه نادری", "label": "LOC"}],
            "neverEntities": ["حسن روحانی"], "compounds": ["پیش‌نمایش"], "neverJoin": ["آموز"]}"#,
    ))
    .expect("a good dictionary");
    let doc = a.analyze(JsValue::from_str(input), None).unwrap();
    let entities = array(&get(&doc, "entities"));
    assert_spans_slice(input, &entities, "dictionary entity");
    let found: Vec<(String, String)> = entities
        .iter()
        .map(|e| (get_str(&e, "label"), get_str(&e, "text")))
        .collect();
    assert_eq!(found, [("LOC".to_string(), "کافه نادري".to_string())]);
    assert!(get_str(&doc, "normalized").contains("پیش\u{200c}نمایش دانش آموز"));
    let plain = js_analyze(JsValue::from_str(input), None).unwrap();
    assert!(get_str(&plain, "normalized").contains("پیش نمایش دانش\u{200c}آموز"));
    assert_eq!(
        a.normalize(JsValue::from_str("پیش نمایش"), None)
            .unwrap()
            .as_string()
            .unwrap(),
        "پیش\u{200c}نمایش"
    );
    let toks = array(&a.tokenize(JsValue::from_str(input)).unwrap());
    assert_spans_slice(input, &toks, "token");
    assert!(a
        .to_conllu(JsValue::from_str(input), None)
        .unwrap()
        .as_string()
        .unwrap()
        .contains("NER=B-LOC"));
    assert!(array(&a.search_tokens(JsValue::from_str(input), None).unwrap()).length() > 5);
    assert_eq!(
        array(&a.sentences(JsValue::from_str(input)).unwrap()).length(),
        1
    );
    // No dictionary: the module's results.
    let none = js_create_analyzer(JsValue::UNDEFINED).unwrap();
    assert_eq!(
        JSON::stringify(&none.analyze(JsValue::from_str(input), None).unwrap()).unwrap(),
        JSON::stringify(&plain).unwrap()
    );
}

#[wasm_bindgen_test]
fn bad_dictionaries_are_type_errors() {
    for (dict, needle) in [
        ("42", "dictionary must be an object"),
        ("[]", "dictionary must be an object"),
        (r#"{"entity": []}"#, "unknown option dictionary.entity"),
        (
            r#"{"entities": "PER"}"#,
            "dictionary.entities must be an array, got string \"PER\"",
        ),
        (
            r#"{"entities": [5]}"#,
            "dictionary.entities[0] must be an object, got number",
        ),
        (
            r#"{"entities": [{"text": 5, "label": "PER"}]}"#,
            "dictionary.entities[0].text must be a string, got number 5",
        ),
        (
            r#"{"entities": [{"text": "x", "label": "NOPE"}]}"#,
            "is not a label",
        ),
        (
            r#"{"entities": [{"text": "", "label": "PER"}]}"#,
            "entities[0].text is empty",
        ),
        (
            r#"{"entities": [{"text": "x", "label": "PER", "score": 1}]}"#,
            "dictionary.entities[0].score",
        ),
        (
            r#"{"entities": [{"label": "PER"}]}"#,
            "dictionary.entities[0] needs a text",
        ),
        (r#"{"neverEntities": [" "]}"#, "neverEntities[0] is empty"),
        (r#"{"compounds": ["کتاب"]}"#, "not a compound"),
        (r#"{"neverJoin": ["دو کلمه"]}"#, "not one word"),
        (
            r#"{"neverJoin": [1]}"#,
            "dictionary.neverJoin[0] must be a string, got number 1",
        ),
        (
            r#"{"compounds": [null]}"#,
            "dictionary.compounds[0] must be a string, got null",
        ),
    ] {
        let result = js_create_analyzer(json(dict)).map(|_| JsValue::NULL);
        assert_type_error(result, "createAnalyzer", needle);
    }
    // And the module still works.
    assert!(js_create_analyzer(JsValue::NULL).is_ok());
}

#[wasm_bindgen_test]
fn undefined_options_are_left_out_and_wrong_types_named() {
    let text = "حسن روحانی در تهران ۲۵ كتاب خواند.";
    let plain = JSON::stringify(&js_analyze(JsValue::from_str(text), None).unwrap()).unwrap();
    // `{ pos: undefined, normalize: { digits: undefined } }`, as code that
    // fills an option only when it has a value writes it, and a null
    // nested object: all the defaults.
    let options = js_sys::Object::new();
    Reflect::set(&options, &"pos".into(), &JsValue::UNDEFINED).unwrap();
    let normalize = js_sys::Object::new();
    Reflect::set(&normalize, &"digits".into(), &JsValue::UNDEFINED).unwrap();
    Reflect::set(&options, &"normalize".into(), &normalize).unwrap();
    let doc = js_analyze(JsValue::from_str(text), Some(options.into())).unwrap();
    assert_eq!(JSON::stringify(&doc).unwrap(), plain);
    let doc = js_analyze(
        JsValue::from_str(text),
        Some(json(r#"{"normalize": null}"#)),
    )
    .unwrap();
    assert_eq!(JSON::stringify(&doc).unwrap(), plain);
    let digits = js_sys::Object::new();
    Reflect::set(&digits, &"digits".into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        js_normalize(JsValue::from_str(text), Some(digits.into())).unwrap(),
        js_normalize(JsValue::from_str(text), None).unwrap()
    );
    // A Map (or Date) has no option keys of its own: not taken for "none".
    let map = js_sys::Map::new();
    map.set(&"digits".into(), &"ascii".into());
    assert_type_error(
        js_normalize(JsValue::from_str(text), Some(map.into())),
        "normalize",
        "options must be a plain object, got a Map",
    );
    let dated = js_sys::Object::new();
    Reflect::set(&dated, &"normalize".into(), &js_sys::Date::new_0()).unwrap();
    assert_type_error(
        js_analyze(JsValue::from_str(text), Some(dated.into())),
        "analyze",
        "options.normalize must be a plain object, got a Date",
    );
    // A value of the wrong type names its option.
    for (options, needle) in [
        (
            r#"{"pos": "no"}"#,
            "options.pos must be a boolean, got string \"no\"",
        ),
        (
            r#"{"normalize": {"digits": 1}}"#,
            "options.normalize.digits must be a string, got number 1",
        ),
        (
            r#"{"normalize": 5}"#,
            "options.normalize must be an object, got number",
        ),
        (
            r#"{"entities": null}"#,
            "options.entities must be a boolean, got null",
        ),
    ] {
        assert_type_error(
            js_analyze(JsValue::from_str(text), Some(json(options))),
            "analyze",
            needle,
        );
    }
    // The errors of the option's own checks keep their words, without a
    // doubled "Error:".
    let message = assert_type_error(
        js_normalize(JsValue::from_str(text), Some(json(r#"{"maxRepeat": 300}"#))),
        "normalize",
        "invalid options: invalid value",
    );
    assert!(!message.contains("Error:"), "{message}");
    // A dictionary with a list left undefined.
    let dict = js_sys::Object::new();
    Reflect::set(&dict, &"entities".into(), &JsValue::UNDEFINED).unwrap();
    Reflect::set(&dict, &"neverJoin".into(), &json(r#"["آموز"]"#)).unwrap();
    assert!(js_create_analyzer(dict.into()).is_ok());
}

/// A text with a bit of everything the result carries: astral emoji, Arabic
/// letters, numbers with values, verbs with stems, clitics, a ligature,
/// entities with values, and line breaks of several kinds.
fn varied_text(lines: usize) -> String {
    let samples = [
        "😀 حسن روحانی در تهران گفت: «كتابهايشان را ميخوانم.»",
        "قیمت نفت ۳٫۵ درصد افزایش یافت و به ۱۲ میلیون دلار رسید.",
        "پیامبر ﷺ روز ۲۵ اسفند ۱۴۰۲ ساعت ۱۰ و ۳۰ دقیقه در مسجد بود.",
        "  COVID-19 https://x.ir/a?b=1 a@b.co #هشتگ @user 1,250.5",
        "",
        "یک میلیون و دویست هزار نفر به خانه‌هایشان برگشتند.\r",
    ];
    (0..lines)
        .map(|i| samples[i % samples.len()])
        .collect::<Vec<_>>()
        .join("\n")
}

#[wasm_bindgen_test]
fn analyze_reads_a_long_text_in_pieces_as_one_document() {
    // analyze copies the text into wasm memory 32,768 UTF-16 units at a
    // time: a surrogate pair across a piece's end and a lone surrogate there
    // must give what one document gives (the reference goes through JSON).
    let line = "کتاب‌های علی را خواندم 😀 و 123 رفت.\n";
    let (mut a, mut units) = (String::new(), 0);
    while units + 40 < 32_767 {
        a.push_str(line);
        units += line.encode_utf16().count();
    }
    while units < 32_767 {
        a.push('س');
        units += 1;
    }
    a.push_str("😀 پایان.\n");
    let mut b = String::new();
    while units < 65_535 + 40 {
        b.push_str(line);
        units += line.encode_utf16().count();
    }
    let with = |middle: &JsString| -> JsValue {
        JsString::from(a.as_str())
            .concat(&JsString::from(b.as_str()))
            .concat(middle)
            .concat(&JsString::from(line))
            .into()
    };
    // U+FFFD where the lone surrogate is: what the core reads there.
    let (lone, replaced) = (
        with(&JsString::from_char_code1(0xD800)),
        with(&JsString::from("\u{FFFD}")),
    );
    for options in [None, Some(json(r#"{"pos": false, "entities": false}"#))] {
        let doc = js_analyze(replaced.clone(), options.clone()).expect("analyze");
        let reference =
            parsi::wasm::analyze_json(replaced.clone(), options.clone()).expect("through JSON");
        assert_eq!(
            String::from(JSON::stringify(&doc).unwrap()),
            String::from(JSON::stringify(&reference).unwrap()),
            "analyze in pieces and one document through JSON differ"
        );
        // With the lone surrogate, only the texts sliced from the caller's
        // string differ.
        let lone_doc = js_analyze(lone.clone(), options).expect("analyze");
        let (x, y) = (
            array(&get(&lone_doc, "tokens")),
            array(&get(&doc, "tokens")),
        );
        assert_eq!(x.length(), y.length());
        for (t, u) in x.iter().zip(y.iter()) {
            assert_eq!(get_u32(&t, "start"), get_u32(&u, "start"));
            assert_eq!(get_u32(&t, "end"), get_u32(&u, "end"));
            assert_eq!(get_str(&t, "norm"), get_str(&u, "norm"));
        }
        assert_eq!(
            get_str(&lone_doc, "normalized"),
            get_str(&doc, "normalized")
        );
        assert_eq!(
            String::from(JSON::stringify(&get(&lone_doc, "entities")).unwrap()),
            String::from(JSON::stringify(&get(&doc, "entities")).unwrap())
        );
    }
    // normalize reads and normalizes the text in the same pieces and
    // chunks (two here), and gives the core's text of the whole.
    let whole = format!("{a}{b}\u{FFFD}{line}");
    let ascii = parsi::NormalizeOptions {
        digits: parsi::Digits::Ascii,
        max_repeat: Some(1),
        ..Default::default()
    };
    for (options, core_options) in [
        (None, Default::default()),
        (Some(json(r#"{"digits": "ascii", "maxRepeat": 1}"#)), ascii),
    ] {
        let core = parsi::normalize(&whole, &core_options)
            .expect("normalize")
            .text;
        for input in [&replaced, &lone] {
            let out = js_normalize(input.clone(), options.clone()).expect("normalize");
            assert!(
                out.as_string() == Some(core.clone()),
                "normalize in chunks differs from the core's"
            );
        }
    }
    // toConllu too: sentence ids go on across chunks, TokenRange counts in
    // the whole text.
    let doc = parsi::analyze(&whole, &Default::default()).expect("analyze");
    let conllu = js_to_conllu(replaced.clone(), None).expect("toConllu");
    assert!(
        conllu.as_string() == Some(parsi::to_conllu(&doc)),
        "toConllu in chunks differs from the core's"
    );
    // And searchTokens.
    let core = parsi::search_tokens(&whole, &Default::default()).expect("search tokens");
    let views: Vec<_> = core
        .iter()
        .map(|t| t.view(parsi::OffsetUnit::Utf16))
        .collect();
    let found = js_search_tokens(replaced.clone(), None).expect("searchTokens");
    assert!(
        JSON::stringify(&found).unwrap() == serde_json::to_string(&views).unwrap(),
        "searchTokens in chunks differs from the core's"
    );
}

#[wasm_bindgen_test]
fn analyze_equals_its_chunks_put_together_and_one_document_through_json() {
    // analyze and analyzeChunks build their objects from columns of
    // numbers; the reference is one document's view through JSON.
    let text = varied_text(60);
    for options in [None, Some(json(r#"{"pos": false, "entities": false}"#))] {
        let doc = js_analyze(JsValue::from_str(&text), options.clone()).expect("analyze");
        let reference = parsi::wasm::analyze_json(JsValue::from_str(&text), options.clone())
            .expect("analyze through JSON");
        assert_eq!(
            String::from(JSON::stringify(&doc).unwrap()),
            String::from(JSON::stringify(&reference).unwrap()),
            "analyze and one document through JSON differ"
        );
        let mut chunks =
            js_analyze_chunks(JsValue::from_str(&text), options, JsValue::from_f64(300.0))
                .expect("analyzeChunks");
        let (sentences, tokens, entities) = (Array::new(), Array::new(), Array::new());
        let mut normalized = String::new();
        let mut n = 0;
        let mut progress = 0.0;
        assert!(!chunks.done());
        loop {
            let c = chunks.next().expect("next");
            if c.is_undefined() {
                break;
            }
            n += 1;
            assert!(chunks.progress() > progress && chunks.progress() <= 1.0);
            progress = chunks.progress();
            assert_eq!(chunks.position(), get_u32(&c, "end") as f64);
            normalized.push_str(&get_str(&c, "separator"));
            normalized.push_str(&get_str(&c, "normalized"));
            for (to, key) in [
                (&sentences, "sentences"),
                (&tokens, "tokens"),
                (&entities, "entities"),
            ] {
                for x in array(&get(&c, key)).iter() {
                    to.push(&x);
                }
            }
        }
        assert!(chunks.done() && chunks.progress() == 1.0);
        assert!(n > 10, "{n} chunks");
        assert_eq!(get_str(&doc, "normalized"), normalized);
        for (key, got) in [
            ("sentences", sentences),
            ("tokens", tokens),
            ("entities", entities),
        ] {
            let want = JSON::stringify(&get(&doc, key)).unwrap();
            let got = JSON::stringify(&got).unwrap();
            assert_eq!(String::from(want), String::from(got), "{key}");
        }
    }
}

#[wasm_bindgen_test]
fn analyze_chunks_checks_its_arguments() {
    for bad in [
        JsValue::from_f64(0.0),
        JsValue::from_f64(1.5),
        JsValue::from_str("8"),
    ] {
        let r = js_analyze_chunks(JsValue::from_str("سلام"), None, bad).map(|_| JsValue::NULL);
        assert_type_error(r, "analyzeChunks", "chunkSize");
    }
    let r =
        js_analyze_chunks(JsValue::from_f64(1.0), None, JsValue::UNDEFINED).map(|_| JsValue::NULL);
    assert_type_error(r, "analyzeChunks", "text must be a string");
    // An empty text is one empty chunk.
    let mut c = js_analyze_chunks(JsValue::from_str(""), None, JsValue::UNDEFINED).expect("empty");
    let first = c.next().expect("next");
    assert_eq!(array(&get(&first, "tokens")).length(), 0);
    assert!(c.next().expect("next").is_undefined());
    assert!(c.done());
}

#[wasm_bindgen_test]
fn a_megabyte_stays_within_a_bounded_memory() {
    // The chunked analysis keeps the wasm memory to about the text and one
    // chunk: after a warm-up, a 1 MB text with everything on grows the
    // memory by less than 24 MB (one document built whole took 100+).
    js_analyze(JsValue::from_str(&varied_text(200)), None).expect("warm-up");
    let before = memory_bytes();
    let text = varied_text(1 << 20 >> 6);
    let doc = js_analyze(JsValue::from_str(&text), None).expect("analyze");
    assert!(array(&get(&doc, "tokens")).length() > 100_000);
    let grown = memory_bytes() - before;
    assert!(
        grown < 24.0 * 1024.0 * 1024.0,
        "the memory grew by {grown} bytes"
    );
}
