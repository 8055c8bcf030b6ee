//! Checks on real text from `../shared/data` (or `$PARSI_DATA`): normalization
//! is idempotent and offsets slice the input on crawled news as it was found
//! (Arabic ي/ك, spaces for ZWNJ, stray marks). A missing corpus is a failure.
#![cfg(not(target_arch = "wasm32"))]

use parsi::{analyze, normalize, AnalyzeOptions, NormalizeOptions};

fn corpus(rel: &str, max_lines: usize) -> Vec<String> {
    let root = std::env::var("PARSI_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data").to_string());
    let path = format!("{root}/{rel}");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (set PARSI_DATA to the shared data folder)"));
    text.lines().take(max_lines).map(str::to_string).collect()
}

#[test]
#[ignore = "reads ../shared/data (or PARSI_DATA): cargo test -- --include-ignored, as scripts/test.sh runs it"]
fn idempotent_on_crawled_news_and_treebank_text() {
    for (file, n) in [
        ("unlabeled/news-fars-varzesh3-namnak.txt", 4000),
        ("ud-seraji/fa_seraji-train-raw-sentences.txt", 4798),
        ("ud-perdt/fa_perdt-train-raw-sentences.txt", 5000),
    ] {
        let o = NormalizeOptions::default();
        let mut changed = 0;
        for line in corpus(file, n) {
            let once = normalize(&line, &o).unwrap().text;
            changed += usize::from(once != line);
            let twice = normalize(&once, &o).unwrap().text;
            assert_eq!(twice, once, "{file}: not idempotent on {line:?}");
        }
        assert!(
            changed > 0,
            "{file}: normalization changed nothing, which means it did not run"
        );
    }
}

#[test]
#[ignore = "reads ../shared/data (or PARSI_DATA): cargo test -- --include-ignored, as scripts/test.sh runs it"]
fn offsets_slice_crawled_news() {
    let lines = corpus("unlabeled/news-fars-varzesh3-namnak.txt", 2000);
    let text = lines.join("\n");
    let doc = analyze(&text, &AnalyzeOptions::default()).unwrap();
    assert!(doc.tokens.len() > 50_000);
    let utf16: Vec<u16> = text.encode_utf16().collect();
    for t in &doc.tokens {
        let s = &text[t.span.range()];
        assert_eq!(
            String::from_utf16(&utf16[t.span.utf16_start..t.span.utf16_end]).unwrap(),
            s
        );
        assert!(!s.contains('\n'), "token across a line break: {s:?}");
    }
    // No sentence crosses a line break, except to take a stray period that opens the next line.
    for s in &doc.sentences {
        let mut lines = text[s.span.range()].split('\n');
        lines.next();
        assert!(
            lines.all(|l| l.trim().chars().all(|c| c == '.')),
            "{:?}",
            &text[s.span.range()]
        );
    }
}

/// With entities on, every NOUN inside a person, place or organisation name
/// becomes PROPN (`ner::upos_in_entity`), with the lemma of that tag, and no
/// word outside a name changes; on real news some words do change.
#[test]
#[ignore = "reads ../shared/data (or PARSI_DATA): cargo test -- --include-ignored, as scripts/test.sh runs it"]
fn words_inside_names_are_propn() {
    use parsi::pos::Upos;
    let text = corpus("unlabeled/news-fars-varzesh3-namnak.txt", 300).join("\n");
    let with = analyze(&text, &AnalyzeOptions::default()).unwrap();
    let without = analyze(
        &text,
        &AnalyzeOptions {
            entities: false,
            ..AnalyzeOptions::default()
        },
    )
    .unwrap();
    assert_eq!(with.words.len(), without.words.len());
    let names: Vec<std::ops::Range<usize>> = with
        .entities
        .iter()
        .filter(|e| matches!(e.label.as_str(), "PER" | "LOC" | "ORG"))
        .map(|e| e.span.range())
        .collect();
    let inside = |w: &parsi::Word| {
        names
            .iter()
            .any(|r| r.start <= w.span.start && w.span.end <= r.end)
    };
    let mut changed = 0;
    for (a, b) in with.words.iter().zip(&without.words) {
        if inside(a) && b.upos == Upos::Noun {
            assert_eq!(a.upos, Upos::Propn, "{}", with.slice(&a.span));
            changed += 1;
        } else {
            assert_eq!(a.upos, b.upos, "{}", with.slice(&a.span));
            assert_eq!(with.lemma(a), without.lemma(b));
        }
    }
    assert!(changed > 10, "only {changed} words changed");
}
