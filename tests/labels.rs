//! The entity labels are defined once, in Rust (`parsi::ner::Label`): the
//! embedded model, the TypeScript union, the demo's legend and colours and
//! the npm type test must list the same labels in the same order.
#![cfg(not(target_arch = "wasm32"))]

use parsi::ner::Label;

fn read(rel: &str) -> String {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/").to_string() + rel;
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

fn names() -> Vec<&'static str> {
    Label::ALL.iter().map(|l| l.as_str()).collect()
}

/// The quoted strings of the first line of `text` that contains `marker`.
fn quoted_on_line(text: &str, marker: &str, quote: char) -> Vec<String> {
    let line = text
        .lines()
        .find(|l| l.contains(marker))
        .unwrap_or_else(|| panic!("no line with {marker}"));
    let rest = &line[line.find(marker).unwrap() + marker.len()..];
    rest.split(quote)
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

#[test]
fn the_embedded_model_has_the_rust_labels() {
    let a = parsi::Analyzer::shared().unwrap();
    assert_eq!(a.recognizer().unwrap().labels, names());
}

#[test]
fn the_typescript_union_lists_the_rust_labels() {
    assert_eq!(
        quoted_on_line(&read("src/wasm.rs"), "export type EntityLabel =", '"'),
        names(),
        "src/wasm.rs: EntityLabel"
    );
    assert_eq!(
        quoted_on_line(
            &read("tests/npm/typescript/example.ts"),
            "assertType<Equal<EntityLabel,",
            '"'
        ),
        names(),
        "tests/npm/typescript/example.ts"
    );
}

#[test]
fn the_demo_legend_and_colours_list_the_rust_labels() {
    let render = read("www/render.js");
    let start = render.find("export const ENTITY_LABELS = [").unwrap();
    let block = &render[start..start + render[start..].find("];").unwrap()];
    let ids: Vec<&str> = block
        .split("id: '")
        .skip(1)
        .map(|s| &s[..s.find('\'').unwrap()])
        .collect();
    assert_eq!(ids, names(), "www/render.js: ENTITY_LABELS");
    let css = read("www/style.css");
    for l in names() {
        for needle in [
            format!("--e-{l}-bg:"),
            format!("--e-{l}:"),
            format!(".e-{l} {{"),
        ] {
            assert!(css.contains(&needle), "www/style.css lacks {needle}");
        }
    }
}
