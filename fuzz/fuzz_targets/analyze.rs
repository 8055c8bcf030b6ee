//! Analysis never panics; sentence and token offsets are in bounds, on char
//! boundaries, ordered and non-overlapping; char and UTF-16 offsets agree with
//! the byte offsets; sentences cover the tokens exactly; each token's words
//! tile its normalized form inside its span; entities are ordered spans that
//! start and end on token boundaries.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (normalize, text) = common::split(data);
    let doc = parsi::analyze(&text, &parsi::AnalyzeOptions { normalize, ..Default::default() }).expect("valid options");
    assert_eq!(doc.text, text);
    let check = |s: &parsi::Span| {
        assert!(s.start < s.end && s.end <= text.len(), "{s:?}");
        assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        assert_eq!(s.char_start, text[..s.start].chars().count());
        assert_eq!(s.char_end - s.char_start, text[s.range()].chars().count());
        assert_eq!(s.utf16_start, text[..s.start].encode_utf16().count());
        assert_eq!(s.utf16_end - s.utf16_start, text[s.range()].encode_utf16().count());
    };
    let mut end = 0;
    for t in &doc.tokens {
        check(&t.span);
        assert!(t.span.start >= end, "tokens overlap");
        end = t.span.end;
        assert!(!doc.norm(t).is_empty());
        let words = &doc.words[t.words.clone()];
        assert!(!words.is_empty(), "a token without words");
        let joined: String = words.iter().map(|w| doc.word_norm(w)).collect();
        assert_eq!(joined, doc.norm(t));
        assert_eq!(words[0].span.start, t.span.start);
        assert_eq!(words[words.len() - 1].span.end, t.span.end);
        for w in words {
            assert!(t.span.start <= w.span.start && w.span.start <= w.span.end && w.span.end <= t.span.end);
            assert!(text.is_char_boundary(w.span.start) && text.is_char_boundary(w.span.end));
            assert_eq!(w.span.char_start, text[..w.span.start].chars().count());
            assert_eq!(w.span.utf16_end - w.span.utf16_start, text[w.span.range()].encode_utf16().count());
            assert!(!doc.lemma(w).is_empty());
        }
    }
    assert_eq!(doc.tokens.last().map_or(0, |t| t.words.end), doc.words.len());
    let mut end = 0;
    for e in &doc.entities {
        check(&e.span);
        assert!(e.span.start >= end, "entities overlap");
        end = e.span.end;
        assert!(doc.tokens.iter().any(|t| t.span.start == e.span.start));
        assert!(doc.tokens.iter().any(|t| t.span.end == e.span.end));
    }
    let mut next = 0;
    for s in &doc.sentences {
        check(&s.span);
        assert_eq!(s.token_start, next);
        assert!(s.token_end > s.token_start);
        next = s.token_end;
        assert_eq!(s.span.start, doc.tokens[s.token_start].span.start);
        assert_eq!(s.span.end, doc.tokens[s.token_end - 1].span.end);
    }
    assert_eq!(next, doc.tokens.len());
});
