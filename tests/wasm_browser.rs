#![cfg(target_arch = "wasm32")]
//! The JavaScript API in a real browser (headless Chrome through chromedriver).
//!
//! Run with
//! `wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver --release --mode no-install -- --test wasm_browser`
//! (scripts/test.sh does).

use js_sys::{Array, JsString, Reflect, JSON};
use parsi::wasm::{js_analyze, js_create_analyzer, js_normalize, js_tokenize};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

fn get(obj: &JsValue, key: &str) -> JsValue {
    let v = Reflect::get(obj, &JsValue::from_str(key)).expect("Reflect.get");
    assert!(!v.is_undefined(), "missing property {key}");
    v
}

fn get_str(obj: &JsValue, key: &str) -> String {
    get(obj, key).as_string().expect("a string")
}

fn get_u32(obj: &JsValue, key: &str) -> u32 {
    get(obj, key).as_f64().expect("a number") as u32
}

fn tokens(doc: &JsValue) -> Array {
    get(doc, "tokens").unchecked_into()
}

const TEXT: &str = "كتاب هاي علي را خواندم. سلام 😀 دنیا! 👍🏽 خوبی؟ ۱۲۳";

#[wasm_bindgen_test]
fn offsets_slice_the_input_in_the_browser() {
    let doc = js_analyze(JsValue::from_str(TEXT), None).expect("analyze");
    let input = JsString::from(TEXT);
    let toks = tokens(&doc);
    assert!(toks.length() >= 10);
    for t in toks.iter() {
        let sliced: String = input.slice(get_u32(&t, "start"), get_u32(&t, "end")).into();
        assert_eq!(sliced, get_str(&t, "text"));
    }
    let sentences: Array = get(&doc, "sentences").unchecked_into();
    assert_eq!(sentences.length(), 4);
    for s in sentences.iter() {
        let sliced: String = input.slice(get_u32(&s, "start"), get_u32(&s, "end")).into();
        assert_eq!(sliced, get_str(&s, "text"));
    }
}

#[wasm_bindgen_test]
fn errors_are_type_errors_in_the_browser() {
    for (result, func) in [
        (js_analyze(JsValue::from_f64(7.0), None), "analyze"),
        (js_tokenize(JsValue::UNDEFINED), "tokenize"),
        (
            js_normalize(
                JsValue::from_str("x"),
                Some(JSON::parse(r#"{"digits":"roman"}"#).unwrap()),
            ),
            "normalize",
        ),
    ] {
        let err = result.expect_err("a bad argument must throw");
        assert!(err.is_instance_of::<js_sys::TypeError>());
        let message: String = err.unchecked_into::<js_sys::Error>().message().into();
        assert!(message.contains(&format!("parsi.{func}")), "{message}");
    }
    // And the module still works.
    let out = js_normalize(JsValue::from_str("علي"), None).unwrap();
    assert_eq!(out.as_string().unwrap(), "علی");
}

#[wasm_bindgen_test]
fn tokens_round_trip_through_the_dom() {
    let window = web_sys::window().expect("a window");
    let document = window.document().expect("a document");
    let performance = window.performance().expect("performance");

    let t0 = performance.now();
    let doc = js_analyze(JsValue::from_str(TEXT), None).expect("analyze");
    let elapsed = performance.now() - t0;
    assert!(elapsed >= 0.0);

    // One <span> per token (its text becomes a DOM text node), in an RTL
    // container attached to the page.
    let container = document.create_element("div").unwrap();
    container.set_attribute("dir", "rtl").unwrap();
    container.set_id("parsi-test-tokens");
    let toks = tokens(&doc);
    for t in toks.iter() {
        let span = document.create_element("span").unwrap();
        span.set_attribute("data-kind", &get_str(&t, "kind"))
            .unwrap();
        span.set_attribute("data-start", &get_u32(&t, "start").to_string())
            .unwrap();
        span.set_text_content(Some(&get_str(&t, "text")));
        container.append_child(&span).unwrap();
    }
    document
        .document_element()
        .expect("<html>")
        .append_child(&container)
        .unwrap();

    // Read the tokens back from the DOM and slice the input with their offsets.
    let found = document
        .get_element_by_id("parsi-test-tokens")
        .expect("container in the document");
    let input = JsString::from(TEXT);
    let mut node = found.first_child();
    let mut n = 0;
    let mut joined = String::new();
    while let Some(span) = node {
        let span_el: web_sys::Element = span.clone().unchecked_into();
        let text = span.text_content().unwrap_or_default();
        let start: u32 = span_el
            .get_attribute("data-start")
            .unwrap()
            .parse()
            .unwrap();
        let end = start + text.encode_utf16().count() as u32;
        assert_eq!(String::from(input.slice(start, end)), text);
        assert_eq!(text, get_str(&toks.get(n), "text"));
        joined.push_str(&text);
        n += 1;
        node = span.next_sibling();
    }
    assert_eq!(n, toks.length());
    assert_eq!(found.text_content().unwrap(), joined);
    assert!(joined.contains("😀") && joined.contains("👍🏽"));
    found.remove();
    assert!(document.get_element_by_id("parsi-test-tokens").is_none());
}

fn memory_bytes() -> f64 {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().unchecked_into();
    let buffer: js_sys::ArrayBuffer = memory.buffer().unchecked_into();
    buffer.byte_length() as f64
}

#[wasm_bindgen_test]
fn memory_stays_bounded_over_10000_calls_in_the_browser() {
    let inputs = [
        "به گزارش ایرنا، علي رضايي گفت: «كتابها را ميخوانيم.»",
        "😀 https://x.ir a@b.co ۱٬۲۰۰٫۵",
        "",
        "ســلام\u{0}دنيا!؟...",
    ];
    for k in 0..100 {
        js_analyze(
            JsValue::from_str(&inputs[k % inputs.len()].repeat(1 + k % 5)),
            None,
        )
        .expect("analyze");
    }
    let before = memory_bytes();
    for k in 0..10_000 {
        let text = inputs[k % inputs.len()].repeat(1 + k % 5);
        js_analyze(JsValue::from_str(&text), None).expect("analyze");
        if k % 1000 == 0 {
            assert!(js_analyze(JsValue::UNDEFINED, None).is_err());
        }
    }
    let after = memory_bytes();
    assert!(
        after <= before + 1024.0 * 1024.0,
        "linear memory grew from {before} to {after} bytes"
    );
}

#[wasm_bindgen_test]
fn a_one_megabyte_word_in_the_browser() {
    let word = "ب".repeat(1024 * 1024);
    let toks = js_tokenize(JsValue::from_str(&word)).expect("tokenize");
    let toks: Array = toks.unchecked_into();
    assert_eq!(toks.length(), 1);
    assert_eq!(get_u32(&toks.get(0), "end"), 1024 * 1024);
}

#[wasm_bindgen_test]
fn user_dictionary_in_the_browser() {
    let input = "کافه نادري 😀 و پیش نمایش";
    let dict = JSON::parse(
        r#"{"entities": [{"text": "کافه نادری", "label": "LOC"}], "compounds": ["پیش‌نمایش"]}"#,
    )
    .unwrap();
    let a = js_create_analyzer(dict).expect("createAnalyzer");
    let doc = a.analyze(JsValue::from_str(input), None).unwrap();
    let entities: Array = get(&doc, "entities").unchecked_into();
    assert_eq!(entities.length(), 1);
    let e = entities.get(0);
    let sliced: String = JsString::from(input)
        .slice(get_u32(&e, "start"), get_u32(&e, "end"))
        .into();
    assert_eq!(sliced, "کافه نادري");
    assert_eq!(get_str(&e, "label"), "LOC");
    assert!(get_str(&doc, "normalized").ends_with("پیش\u{200c}نمایش"));
    let bad = js_create_analyzer(JSON::parse(r#"{"compounds": [""]}"#).unwrap());
    let err = bad.map(|_| ()).expect_err("a bad dictionary must throw");
    assert!(err.is_instance_of::<js_sys::TypeError>());
}
