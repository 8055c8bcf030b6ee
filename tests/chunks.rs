//! Chunked analysis ([`parsi::chunks`]) gives what one call on the whole
//! text gives: the same sentences, tokens, words and entities at the same
//! offsets, and the same normalized text, on real text (crawled news and the
//! treebanks' raw sentences) and on random Persian-like text.
#![cfg(not(target_arch = "wasm32"))]

use parsi::chunks::{cut, cut_at};
use parsi::{AnalyzeOptions, Analyzer, ChunkView, DocumentView, NormalizeOptions, OffsetUnit};
use proptest::prelude::*;

fn corpus(rel: &str, max_lines: usize) -> String {
    let root = std::env::var("PARSI_DATA")
        .unwrap_or_else(|_| concat!(env!("CARGO_MANIFEST_DIR"), "/../shared/data").to_string());
    let path = format!("{root}/{rel}");
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{path}: {e} (set PARSI_DATA to the shared data folder)"));
    text.lines().take(max_lines).collect::<Vec<_>>().join("\n")
}

/// The chunks' views merged into one document view (owned), the way the
/// JavaScript `analyze` merges them.
fn merged(chunks: &[ChunkView<'_>]) -> (String, String) {
    let mut normalized = String::new();
    let mut json = Vec::new();
    for c in chunks {
        normalized.push_str(c.separator);
        normalized.push_str(c.normalized);
        json.push(serde_json::json!({
            "sentences": c.sentences, "tokens": c.tokens, "entities": c.entities,
        }));
    }
    let mut all = serde_json::json!({"sentences": [], "tokens": [], "entities": []});
    for part in json {
        for key in ["sentences", "tokens", "entities"] {
            let items = part[key].as_array().unwrap().clone();
            all[key].as_array_mut().unwrap().extend(items);
        }
    }
    (normalized, all.to_string())
}

fn whole(view: &DocumentView<'_>) -> (String, String) {
    let all = serde_json::json!({
        "sentences": view.sentences, "tokens": view.tokens, "entities": view.entities,
    });
    (view.normalized.to_string(), all.to_string())
}

/// Checks that `text` analysed in chunks of `size` bytes equals one call;
/// the number of chunks.
fn check(text: &str, options: &AnalyzeOptions, size: usize) -> usize {
    let a = Analyzer::shared().unwrap();
    let doc = a.analyze(text, options).unwrap();
    let chunks: Vec<_> = a
        .analyze_chunks(text, options, size)
        .collect::<Result<_, _>>()
        .unwrap();
    assert!(!chunks.is_empty());
    assert_eq!(chunks.last().unwrap().end.byte, text.len());
    for unit in [OffsetUnit::Char, OffsetUnit::Utf16] {
        let views: Vec<_> = chunks.iter().map(|c| c.view(unit)).collect();
        // The chunks' texts are the whole text, in order.
        let joined: String = views.iter().map(|v| v.text).collect();
        assert_eq!(joined, text);
        let (norm, items) = merged(&views);
        let (want_norm, want_items) = whole(&doc.view(unit));
        assert_eq!(norm, want_norm, "normalized text, chunks of {size} bytes");
        if items != want_items {
            let (a, b) = (items.as_bytes(), want_items.as_bytes());
            let at = a
                .iter()
                .zip(b)
                .position(|(x, y)| x != y)
                .unwrap_or(a.len().min(b.len()));
            let from = at.saturating_sub(300);
            panic!(
                "chunks of {size} bytes differ from the whole text at byte {at}:\n{}\n---\n{}",
                String::from_utf8_lossy(&a[from..(at + 300).min(a.len())]),
                String::from_utf8_lossy(&b[from..(at + 300).min(b.len())]),
            );
        }
    }
    // The model-free segmenter gives what the shared analyzer gives
    // without part of speech and entities.
    let seg = AnalyzeOptions {
        normalize: options.normalize.clone(),
        ..AnalyzeOptions::segmentation()
    };
    assert_eq!(
        Analyzer::segmenter().analyze(text, &seg).unwrap(),
        a.analyze(text, &seg).unwrap(),
        "the segmenter"
    );
    // CoNLL-U chunk by chunk, sentence ids going on: the whole's.
    let (mut conllu, mut id) = (String::new(), 1);
    for c in &chunks {
        id += c.write_conllu(id, &mut conllu);
    }
    assert_eq!(
        conllu,
        parsi::to_conllu(&doc),
        "CoNLL-U, chunks of {size} bytes"
    );
    // Search tokens chunk by chunk, spans in the whole text: the whole's.
    let search = parsi::SearchOptions {
        normalize: options.normalize.clone(),
        stem: true,
    };
    let mut found = Vec::new();
    for c in a.analyze_chunks(text, &search.analyze_options(), size) {
        found.extend(a.chunk_search_tokens(&c.unwrap(), &search).unwrap());
    }
    assert_eq!(
        found,
        a.search_tokens(text, &search).unwrap(),
        "search tokens, chunks of {size} bytes"
    );
    // Normalized alone, chunk by chunk: the same text as the whole's.
    let mut cursor = parsi::Cursor::new(size);
    let mut norm = String::new();
    while let Some(piece) =
        cursor.next_normalized(text, true, |s| a.normalize(s, &options.normalize))
    {
        let (separator, n) = piece.unwrap();
        norm.push_str(&separator);
        norm.push_str(&n.text);
    }
    assert_eq!(
        norm, doc.normalized,
        "normalized alone, chunks of {size} bytes"
    );
    chunks.len()
}

#[test]
fn cuts_fall_after_a_line_break_before_a_letter_or_digit() {
    assert_eq!(cut("", 10), 0);
    assert_eq!(cut("الف ب", 1), "الف ب".len());
    assert_eq!(cut("الف\nب\nج", 1), "الف\n".len());
    assert_eq!(cut("الف\nب\nج", 8), "الف\nب\n".len());
    assert_eq!(cut("الف\n\n  ب\n۱", 1), "الف\n\n  ".len());
    assert_eq!(cut("الف\n\t«ب»\n۱", 1), "الف\n\t".len());
    assert_eq!(cut("الف\n \u{A0}- ب", 1), "الف\n \u{A0}".len());
    assert_eq!(cut("الف\n  .ب\n  )ج", 1), "الف\n  .ب\n  )ج".len());
    assert_eq!(cut("الف\n.ب", 1), "الف\n.ب".len());
    assert_eq!(cut_at("الف\n", 1), None);
    assert_eq!(cut_at("الف\n\n", 1), None);
    assert_eq!(cut_at("a\nb", 0), Some(2));
}

#[test]
fn an_empty_text_is_one_empty_chunk() {
    let a = Analyzer::shared().unwrap();
    let o = AnalyzeOptions::default();
    let chunks: Vec<_> = a.analyze_chunks("", &o, 10).collect();
    assert_eq!(chunks.len(), 1);
    let c = chunks[0].as_ref().unwrap();
    assert!(c.document.tokens.is_empty());
    assert_eq!(check("", &o, 10), 1);
    assert_eq!(check(" \n\n ", &o, 1), 1);
}

#[test]
fn line_breaks_of_every_kind() {
    let o = AnalyzeOptions::default();
    for text in [
        "سلام\r\nدنیا\r\n\r\nحسن روحانی در تهران گفت.\n",
        "یک  \n \n\n دو\u{2029}سه\u{2028}چهار\u{85}پنج",
        "\n\nالف\n. ب\n«سلام\nدنیا»\n\"نقل\nقول\"\n۱۲\n3.5\nabc\n",
        "می\nروم\nکتاب \nها\n\u{200C}\nخسته \nام",
        "😀\nالف\u{200C}\nب\u{FEFF}\nج\u{200F}\n",
        "  حسن روحانی گفت:\n  «سلام.»\n\t- یک\n \u{A0}• دو\n   (سه)\n    ۴ نفر\n  \"نقل\n  قول\"\n  . ب\n",
        "الف\n    \n  ب\n\u{3000}ج\n  ـب\n  \u{0654}د\n  كتاب ها\n  می روم",
    ] {
        for size in [1, 2, 5, 13, 40] {
            check(text, &o, size);
        }
    }
}

#[test]
#[ignore = "reads ../shared/data (or PARSI_DATA): cargo test -- --include-ignored, as scripts/test.sh runs it"]
fn chunks_equal_one_call_on_real_text() {
    let news = corpus("unlabeled/news-fars-varzesh3-namnak.txt", 1500);
    let perdt = corpus("ud-perdt/fa_perdt-train-raw-sentences.txt", 1500);
    let o = AnalyzeOptions::default();
    for (text, size) in [(&news, 4096), (&perdt, 2000), (&news, 1 << 20)] {
        let n = check(text, &o, size);
        assert!(size > text.len() || n > 10, "{n} chunks of {size} bytes");
    }
    let seg = AnalyzeOptions {
        normalize: NormalizeOptions {
            digits: parsi::Digits::Ascii,
            max_repeat: Some(2),
            quotes: true,
            ..NormalizeOptions::default()
        },
        ..AnalyzeOptions::segmentation()
    };
    assert!(check(&news, &seg, 500) > 100);
    // The treebank's sentences as one line: cut inside it, at sentence ends
    // (with straight quotes left as they are: the line has some, and with
    // their conversion on it is one chunk).
    let line = perdt.replace('\n', " ");
    assert!(line.contains('"'));
    assert_eq!(check(&line, &o, 4096), 1);
    let no_quotes = quotes_off();
    assert!(check(&line, &no_quotes, 4096) > 20);
}

/// The default options with straight quotes left as written.
fn quotes_off() -> AnalyzeOptions {
    AnalyzeOptions {
        normalize: NormalizeOptions {
            quotes: false,
            ..NormalizeOptions::default()
        },
        ..AnalyzeOptions::default()
    }
}

/// Sentences of every kind, for texts written as one long line.
fn one_line(sentences: usize) -> String {
    let samples = [
        "حسن روحانی در تهران گفت: «كتابهايشان را ميخوانم.»",
        "قیمت نفت ۳٫۵ درصد افزایش یافت و به ۱۲ میلیون دلار رسید!",
        "آیا دانش آموزان به مدرسه می روند؟",
        "م. رضایی و ج.ا.ا در سال ۱۴۰۲ ... به پاریس رفتند.",
        "پیامبر ﷺ روز ۲۵ اسفند ۱۴۰۲ ساعت ۱۰ و ۳۰ دقیقه در مسجد بود؟!",
        "COVID-19 https://x.ir/a?b=1 a@b.co #هشتگ @user 1,250.5 (کتاب ها).",
        "خسته ام ولی بزرگ ترین کتاب ها را خواندم…",
        "3. 5 نفر آمدند. 😀 سلام.",
    ];
    (0..sentences)
        .map(|i| samples[i % samples.len()])
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_long_line_is_cut_at_sentence_ends() {
    let o = AnalyzeOptions::default();
    let text = one_line(400);
    assert!(!text.contains('\n'));
    for size in [64, 500, 3000] {
        let n = check(&text, &o, size);
        assert!(
            n > text.len() / size / 2,
            "{n} chunks of {size} bytes in {}",
            text.len()
        );
    }
    // Straight quotes are converted by counting a whole line's: a line with
    // one is never cut inside (unless the option is off).
    let quoted = format!("{text} \"نقل قول\" {text}");
    assert_eq!(check(&quoted, &o, 500), 1);
    let no_quotes = quotes_off();
    assert!(check(&quoted, &no_quotes, 500) > 10);
    // Other lines are cut as before, long ones inside.
    let mixed = format!("{}\nکوتاه.\n{}\n", one_line(50), one_line(30));
    assert!(check(&mixed, &o, 300) > 10);
}

fn persianish() -> impl Strategy<Value = String> {
    let pieces = prop_oneof![
        8 => prop::sample::select(vec![
            "سلام", "می", "روم", "کتاب", "ها", "خسته", "ام", "حسن", "روحانی", "تهران", "در", "گفت",
            "ايران", "كتاب", "۱۲", "٣٫٥", "3.5", "abc", "https://x.ir/a", "a@b.co", "#تست", "😀",
            ".", "...", "،", "؟", "!", ":", "«", "»", "\"", "(", ")", " ", "  ", "\n", "\n\n", "\r\n",
            "\t", "\u{A0}", "\u{200C}", "\u{200F}", "\u{FEFF}", "\u{2029}", "م.", "ج.ا.ا",
            "\n  ", "\n\t", "-", "•", "—", "[", "{", "'", "“", "*", "ـ", "\u{0654}", "\u{064B}",
            "\u{0670}", "\u{FE70}", "\u{FE71}", "\u{FC5E}", "\u{FDFA}", "\u{FEB3}", "\u{0301}",
        ])
        .prop_map(str::to_string),
        1 => any::<char>().prop_map(|c| c.to_string()),
    ];
    proptest::collection::vec(pieces, 0..60).prop_map(|v| v.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(200)))]

    #[test]
    fn chunks_equal_one_call(text in persianish(), size in 1usize..64) {
        check(&text, &AnalyzeOptions::default(), size);
    }
}

#[test]
fn a_cursor_fed_in_parts_gives_the_chunks_of_the_whole() {
    let a = Analyzer::shared().unwrap();
    let o = AnalyzeOptions::default();
    let text = "حسن روحانی در تهران گفت.\n\nدیروز باران آمد.\r\n. و\n«سلام»\n۱۲ نفر\nکتاب ها\n";
    let want: Vec<_> = a.analyze_chunks(text, &o, 8).map(Result::unwrap).collect();
    for step in [1, 3, 7, 30] {
        // Read `step` chars at a time; drop what was analysed.
        let mut buf = String::new();
        let mut cursor = parsi::Cursor::new(8);
        let mut got = Vec::new();
        let chars: Vec<char> = text.chars().collect();
        for part in chars.chunks(step) {
            buf.extend(part);
            while let Some(c) = cursor.next(a, &buf, &o, false) {
                got.push(c.unwrap());
            }
            cursor.consume(&mut buf);
            assert!(
                buf.len() < 64,
                "the buffer keeps only what is not analysed yet"
            );
        }
        while let Some(c) = cursor.next(a, &buf, &o, true) {
            got.push(c.unwrap());
        }
        assert!(cursor.is_done());
        assert_eq!(got, want, "read {step} chars at a time");
    }
}
