//! CoNLL-U written by parsi (`parsi::write_conllu`, what `parsi analyze
//! --format conllu` and JavaScript's `toConllu` print) is valid by the
//! project's structural validator and reads back through the project's own
//! reader (`corpus::conllu::parse`, the one training reads the treebanks
//! with) as the tokens, words, tags, offsets and entities `analyze` gave.

use parsi::{AnalyzeOptions, Document};
use parsi_tools::corpus::conllu::{parse, validate};
use parsi_tools::corpus::UdToken;

/// Varied texts: ZWNJ and Arabic letters the normalizer changes, clitics
/// (`كتابهايشان`), Latin words, digits, entities, several sentences and
/// lines, a ligature, a tab inside a joined token, and an empty text.
const TEXTS: [&str; 7] = [
    "دانش آموزان كتابهايشان را ميخوانند.",
    "کتاب‌هایشان را در iPhone 15 Pro دیدم و ۱۲۳ هزار تومان دادم؛ COVID-19 تمام شد?",
    "حسن روحانی در تهران گفت: «کتابش را خواندم». علی رضایی ۲۵ اسفند ۱۴۰۲ به مشهد رفت!",
    "",
    "محمدﷺ  فرمود\nسطر دوم؟ 😀 بله",
    "کتاب\tها را دیدم",
    "   \n\n",
];

/// MISC as key → value (values unescaped: `\p` → `|`, `\\` → `\`).
fn misc(field: &str) -> Vec<(String, String)> {
    if field == "_" {
        return Vec::new();
    }
    field
        .split('|')
        .map(|kv| {
            let (k, v) = kv.split_once('=').expect("key=value");
            let v = v.replace("\\p", "|").replace("\\\\", "\\");
            (k.to_string(), v)
        })
        .collect()
}

fn get<'a>(m: &'a [(String, String)], key: &str) -> Option<&'a str> {
    m.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// What the writer does to tabs and line breaks in a field.
fn one_line(s: &str) -> String {
    s.replace(['\t', '\n', '\r'], " ")
}

/// The original text of `start:end` (chars).
fn by_chars(text: &str, range: &str) -> String {
    let (a, b) = range.split_once(':').expect("start:end");
    let (a, b): (usize, usize) = (a.parse().unwrap(), b.parse().unwrap());
    text.chars().skip(a).take(b - a).collect()
}

/// Checks the sentences read back against the document they were written from.
fn check(doc: &Document, read: &[parsi_tools::corpus::UdSentence]) {
    assert_eq!(read.len(), doc.sentences.len(), "{:?}", doc.text);
    for (s, r) in doc.sentences.iter().zip(read) {
        assert_eq!(r.text, one_line(doc.slice(&s.span)));
        let tokens = &doc.tokens[s.token_start..s.token_end];
        assert_eq!(r.tokens.len(), tokens.len(), "{:?}", r.text);
        for (t, rt) in tokens.iter().zip(&r.tokens) {
            let UdToken {
                form,
                multiword,
                words,
            } = rt;
            // FORM is the token as written; MISC has its offsets and normalized form.
            assert_eq!(*form, one_line(doc.slice(&t.span)));
            let dwords = &doc.words[t.words.clone()];
            assert_eq!(*multiword, dwords.len() > 1, "{form}");
            assert_eq!(words.len(), dwords.len(), "{form}");
            // The token's MISC, on its only word's line (a range line's MISC
            // is not read back: the next test reads it).
            let token_misc = if *multiword {
                None
            } else {
                Some(misc(&words[0].misc))
            };
            for (w, dw) in words.iter().zip(dwords) {
                assert_eq!(w.form, one_line(doc.slice(&dw.span)), "word of {form}");
                assert_eq!(w.upos, dw.upos.as_str(), "{}", w.form);
                assert_eq!(w.lemma.as_deref(), Some(doc.lemma(dw)), "{}", w.form);
                let m = misc(&w.misc);
                assert_eq!(
                    get(&m, "Norm").unwrap_or(w.form.as_str()),
                    doc.word_norm(dw)
                );
                let range = get(&m, "TokenRange").expect("TokenRange on every word line");
                assert_eq!(by_chars(&doc.text, range), doc.slice(&dw.span));
            }
            if let Some(m) = token_misc {
                let range = get(&m, "TokenRange").unwrap();
                assert_eq!(by_chars(&doc.text, range), doc.slice(&t.span));
            }
        }
    }
}

#[test]
fn written_conllu_validates_and_reads_back_as_analyze_gave_it() {
    let opts = AnalyzeOptions::default();
    let docs: Vec<Document> = TEXTS
        .iter()
        .map(|t| parsi::analyze(t, &opts).unwrap())
        .collect();
    // One file for all the texts, as `analyze --input lines --format conllu` writes it.
    let mut file = String::new();
    let mut next = 1;
    for (i, doc) in docs.iter().enumerate() {
        next += parsi::write_conllu(doc, next, Some(&(i + 1).to_string()), &mut file);
    }
    let total: usize = docs.iter().map(|d| d.sentences.len()).sum();
    assert!(total >= 7, "the texts have several sentences: {total}");
    assert_eq!(validate(&file), Ok(total), "{file}");
    let read = parse(&file).unwrap();
    assert_eq!(read.len(), total);
    let mut at = 0;
    for doc in &docs {
        let n = doc.sentences.len();
        check(doc, &read[at..at + n]);
        at += n;
    }
    // Each text alone too (sent_id from 1), and the empty ones write nothing.
    for doc in &docs {
        let one = parsi::to_conllu(doc);
        assert_eq!(validate(&one), Ok(doc.sentences.len()), "{one}");
        check(doc, &parse(&one).unwrap());
        if doc.tokens.is_empty() {
            assert_eq!(one, "");
        }
    }
}

/// The token lines (range lines for multiword tokens) of CoNLL-U text, as columns.
fn token_lines(conllu: &str) -> Vec<Vec<&str>> {
    let mut out = Vec::new();
    let mut until = 0;
    for line in conllu
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
    {
        let cols: Vec<&str> = line.split('\t').collect();
        if let Some((_, b)) = cols[0].split_once('-') {
            until = b.parse().unwrap();
            out.push(cols);
        } else if cols[0].parse::<usize>().unwrap() > until {
            out.push(cols);
        }
    }
    out
}

#[test]
fn misc_carries_entities_space_after_and_the_normalized_form() {
    let text = "حسن روحانی در تهران گفت: «کتابهایشان را خواندم».";
    let doc = parsi::analyze(text, &AnalyzeOptions::default()).unwrap();
    let conllu = parsi::to_conllu(&doc);
    let lines = token_lines(&conllu);
    assert_eq!(lines.len(), doc.tokens.len());
    // The entities, rebuilt from the BIO tags, are analyze's.
    let mut spans: Vec<(String, usize, usize)> = Vec::new();
    for (k, cols) in lines.iter().enumerate() {
        match get(&misc(cols[9]), "NER") {
            Some(tag) if tag.starts_with("B-") => spans.push((tag[2..].to_string(), k, k + 1)),
            Some(tag) => {
                let last = spans.last_mut().expect("I- after B-");
                assert_eq!(format!("I-{}", last.0), tag);
                assert_eq!(last.2, k, "I- right after its entity");
                last.2 = k + 1;
            }
            None => {}
        }
    }
    let want: Vec<(String, usize, usize)> = doc
        .entities
        .iter()
        .map(|e| {
            let a = doc.tokens.iter().position(|t| t.span.start == e.span.start);
            let b = doc.tokens.iter().position(|t| t.span.end == e.span.end);
            (e.label.clone(), a.unwrap(), b.unwrap() + 1)
        })
        .collect();
    assert_eq!(spans, want);
    let labels: Vec<&str> = want.iter().map(|(l, _, _)| l.as_str()).collect();
    assert!(
        labels.contains(&"PER") && labels.contains(&"LOC"),
        "{labels:?}"
    );
    // SpaceAfter=No exactly where the next token follows without a space.
    let no_space: Vec<&str> = lines
        .iter()
        .filter(|c| get(&misc(c[9]), "SpaceAfter") == Some("No"))
        .map(|c| c[1])
        .collect();
    assert_eq!(no_space, ["گفت", "«", "خواندم", "»"]);
    // The clitic token: a range line as written, with its normalized form.
    let clitic = lines.iter().find(|c| c[1] == "کتابهایشان").unwrap();
    assert!(clitic[0].contains('-'), "{clitic:?}");
    assert_eq!(get(&misc(clitic[9]), "Norm"), Some("کتاب‌هایشان"));
    let start = text[..text.find("کتابهایشان").unwrap()].chars().count();
    let range = format!("{start}:{}", start + "کتابهایشان".chars().count());
    assert_eq!(get(&misc(clitic[9]), "TokenRange"), Some(range.as_str()));
    // A verb: the UD lemma in LEMMA, its stems in MISC as PerDT's OrigLemma;
    // a noun has none.
    let said = lines.iter().find(|c| c[1] == "گفت").unwrap();
    assert_eq!((said[2], said[3]), ("گفت", "VERB"));
    assert_eq!(get(&misc(said[9]), "OrigLemma"), Some("گفت#گو"));
    let tehran = lines.iter().find(|c| c[1] == "تهران").unwrap();
    assert_eq!(get(&misc(tehran[9]), "OrigLemma"), None);
}

#[test]
fn tabs_and_line_breaks_in_a_token_become_spaces_and_pos_off_leaves_tags_empty() {
    // The normalizer joins the plural across the tab: one token "کتاب\tها".
    let text = "کتاب\tها";
    let doc = parsi::analyze(text, &AnalyzeOptions::default()).unwrap();
    assert_eq!(doc.tokens.len(), 1);
    let conllu = parsi::to_conllu(&doc);
    assert_eq!(validate(&conllu), Ok(1), "{conllu}");
    let lines = token_lines(&conllu);
    assert_eq!(lines[0][1], "کتاب ها");
    assert_eq!(get(&misc(lines[0][9]), "TokenRange"), Some("0:7"));
    assert_eq!(get(&misc(lines[0][9]), "Norm"), Some("کتاب‌ها"));
    assert!(conllu.contains("# text = کتاب ها\n"), "{conllu}");
    // Without tagging: one line per token, LEMMA and UPOS `_`.
    let off = AnalyzeOptions {
        pos: false,
        entities: false,
        ..AnalyzeOptions::default()
    };
    let doc = parsi::analyze("کتابش را خواندم.", &off).unwrap();
    let conllu = parsi::to_conllu(&doc);
    assert_eq!(validate(&conllu), Ok(1), "{conllu}");
    let lines = token_lines(&conllu);
    assert_eq!(lines.len(), 4);
    assert!(lines.iter().all(|c| c[2] == "_" && c[3] == "_"), "{conllu}");
}
