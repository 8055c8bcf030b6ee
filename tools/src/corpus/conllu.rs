//! CoNLL-U: the sentence text (`# text = ...`), surface tokens and syntactic
//! words (ID, FORM, LEMMA, UPOS, XPOS and MISC are kept). Empty nodes (`8.1`) are
//! skipped; a multiword token's range line (`3-4`) opens a token whose words
//! are the lines it covers.

use super::{UdSentence, UdToken, UdWord};

/// Parses CoNLL-U text. A word line without 10 tab-separated columns or with
/// a bad ID is an error naming its line.
pub fn parse(src: &str) -> Result<Vec<UdSentence>, String> {
    parse_with(src, |cols| {
        Ok(UdWord {
            form: cols[1].to_string(),
            lemma: Some(cols[2].to_string()),
            upos: cols[3].to_string(),
            xpos: cols[4].to_string(),
            misc: cols[9].to_string(),
        })
    })
}

/// Parses lines of 10 tab-separated columns, ID first and FORM second, as
/// CoNLL-U, with `word` reading a word line's columns (its error gets the
/// line number). Shared with [`super::perdt_early`], whose other columns
/// are in another order.
pub(crate) fn parse_with(
    src: &str,
    word: impl Fn(&[&str]) -> Result<UdWord, String>,
) -> Result<Vec<UdSentence>, String> {
    let mut out = Vec::new();
    let mut cur = UdSentence::default();
    // The last word ID of the multiword token being filled, if any.
    let mut mwt_until: usize = 0;
    for (ln, line) in src.lines().enumerate() {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            if !cur.tokens.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            mwt_until = 0;
            continue;
        }
        if let Some(t) = line.strip_prefix("# text = ") {
            cur.text = t.to_string();
            continue;
        }
        if line.starts_with('#') {
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!(
                "line {}: expected 10 columns, found {}",
                ln + 1,
                cols.len()
            ));
        }
        let id = cols[0];
        let bad_id = || format!("line {}: bad id {id:?}", ln + 1);
        if id.contains('.') {
            continue; // empty nodes
        }
        if let Some((a, b)) = id.split_once('-') {
            let a: usize = a.parse().map_err(|_| bad_id())?;
            let b: usize = b.parse().map_err(|_| bad_id())?;
            if b < a {
                return Err(bad_id());
            }
            mwt_until = b;
            cur.tokens.push(UdToken {
                form: cols[1].to_string(),
                multiword: true,
                words: Vec::new(),
            });
            continue;
        }
        let n: usize = id.parse().map_err(|_| bad_id())?;
        let word = word(&cols).map_err(|e| format!("line {}: {e}", ln + 1))?;
        match cur.tokens.last_mut() {
            Some(t) if n <= mwt_until => t.words.push(word),
            _ => cur.tokens.push(UdToken {
                form: cols[1].to_string(),
                multiword: false,
                words: vec![word],
            }),
        }
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}

/// Checks the structure of CoNLL-U text as [`parse`] does not: every
/// sentence has one `# sent_id` (unique in the file) and one `# text`
/// comment and at least one word; word IDs run 1, 2, ... n in each sentence;
/// a multiword-token range `i-j` (i < j) stands right before the lines of
/// words i to j and covers exactly them; every other line has exactly ten
/// tab-separated columns, none empty, and no space outside FORM, LEMMA and
/// MISC; the text ends with a blank line. (Empty nodes, `8.1`, are not
/// allowed: parsi writes none.) Returns the number of sentences, or the
/// first problem with its line number.
pub fn validate(src: &str) -> Result<usize, String> {
    let mut sentences = 0;
    let mut ids = std::collections::HashSet::new();
    // The sentence being read: its first line, comments seen, next word ID,
    // and the last word ID of the range line in force (0: none).
    let (mut start, mut sent_ids, mut texts, mut next, mut range_end) = (0, 0, 0, 1, 0);
    let mut open = false;
    let lines: Vec<&str> = src.split('\n').collect();
    // `split` gives one empty string after the final '\n'.
    let (last, body) = lines.split_last().unwrap_or((&"", &[]));
    if !last.is_empty() {
        return Err(format!(
            "line {}: the text does not end with a line break",
            lines.len()
        ));
    }
    for (k, line) in body.iter().enumerate() {
        let ln = k + 1;
        if line.is_empty() {
            if !open {
                return Err(format!("line {ln}: a blank line outside a sentence"));
            }
            if next == 1 {
                return Err(format!(
                    "line {ln}: the sentence from line {start} has no word"
                ));
            }
            if range_end >= next {
                return Err(format!(
                    "line {ln}: the range line's words {next}-{range_end} are missing"
                ));
            }
            if sent_ids != 1 || texts != 1 {
                return Err(format!(
                    "line {ln}: the sentence from line {start} has {sent_ids} sent_id and {texts} text comments (want one each)"
                ));
            }
            sentences += 1;
            (open, sent_ids, texts, next, range_end) = (false, 0, 0, 1, 0);
            continue;
        }
        if !open {
            open = true;
            start = ln;
        }
        if let Some(c) = line.strip_prefix('#') {
            if next > 1 {
                return Err(format!("line {ln}: a comment after the words"));
            }
            if let Some(id) = c.strip_prefix(" sent_id = ") {
                sent_ids += 1;
                if !ids.insert(id.to_string()) {
                    return Err(format!("line {ln}: sent_id {id:?} again"));
                }
            } else if c.starts_with(" text = ") {
                texts += 1;
            }
            continue;
        }
        let cols: Vec<&str> = line.split('\t').collect();
        if cols.len() != 10 {
            return Err(format!("line {ln}: {} columns, not 10", cols.len()));
        }
        if let Some(i) = cols.iter().position(|c| c.is_empty()) {
            return Err(format!("line {ln}: column {} is empty", i + 1));
        }
        if let Some(i) = (0..10).find(|&i| ![1, 2, 9].contains(&i) && cols[i].contains(' ')) {
            return Err(format!("line {ln}: a space in column {}", i + 1));
        }
        let id = cols[0];
        let number = |s: &str| {
            s.parse::<usize>()
                .ok()
                .filter(|&n| n > 0 && !s.starts_with('0'))
        };
        if let Some((a, b)) = id.split_once('-') {
            let (Some(a), Some(b)) = (number(a), number(b)) else {
                return Err(format!("line {ln}: bad range {id:?}"));
            };
            if a >= b {
                return Err(format!(
                    "line {ln}: range {id} does not span two words or more"
                ));
            }
            if a != next || range_end >= next {
                return Err(format!(
                    "line {ln}: range {id} where word {next} is due{}",
                    if range_end >= next {
                        " (inside another range)"
                    } else {
                        ""
                    }
                ));
            }
            range_end = b;
            continue;
        }
        match number(id) {
            Some(n) if n == next => next += 1,
            _ => return Err(format!("line {ln}: word id {id:?} where {next} is due")),
        }
    }
    if open {
        return Err(format!(
            "line {}: the last sentence is not ended by a blank line",
            body.len()
        ));
    }
    Ok(sentences)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = "# sent_id = 1\n# text = کتابش را خواند.\n\
        1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\t_\n\
        1\tکتاب\tکتاب\tNOUN\tN\t_\t4\tobj\t_\t_\n\
        2\tش\tاو\tPRON\tPRO\t_\t1\tnmod\t_\t_\n\
        3\tرا\tرا\tADP\tP\t_\t1\tcase\t_\t_\n\
        3.1\tx\tx\tX\t_\t_\t_\t_\t_\t_\n\
        4\tخواند\tخواند\tVERB\tV\t_\t0\troot\t_\tOrigLemma=خواند#خوان|SpaceAfter=No\n\
        5\t.\t.\tPUNCT\tDELM\t_\t4\tpunct\t_\t_\n\
        \n\n\
        1\tبله\tبله\tINTJ\t_\t_\t0\troot\t_\t_\r\n";

    #[test]
    fn reads_tokens_and_words() {
        let s = parse(SAMPLE).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].text, "کتابش را خواند.");
        let forms: Vec<&str> = s[0].tokens.iter().map(|t| t.form.as_str()).collect();
        assert_eq!(forms, ["کتابش", "را", "خواند", "."]);
        let t = &s[0].tokens[0];
        assert!(t.multiword);
        assert_eq!(t.words.len(), 2);
        assert_eq!(t.words[1].lemma.as_deref(), Some("او"));
        assert!(!s[0].tokens[1].multiword);
        assert_eq!(s[0].tokens[2].words[0].upos, "VERB");
        assert_eq!(s[0].tokens[2].words[0].xpos, "V");
        assert!(s[0].tokens[2].words[0].misc.starts_with("OrigLemma="));
        assert_eq!(s[1].text, "");
        assert_eq!(s[1].tokens[0].words[0].upos, "INTJ");
    }

    #[test]
    fn malformed_lines_are_errors() {
        let e = parse("# text = x\n1\tx\tx\tX\n").unwrap_err();
        assert_eq!(e, "line 2: expected 10 columns, found 4");
        let e = parse("\n\nA\tx\tx\tX\t_\t_\t_\t_\t_\t_\n").unwrap_err();
        assert!(e.starts_with("line 3: bad id"), "{e}");
        let e = parse("2-1\tx\t_\t_\t_\t_\t_\t_\t_\t_\n").unwrap_err();
        assert!(e.starts_with("line 1: bad id"), "{e}");
    }

    #[test]
    fn validate_accepts_well_formed_text() {
        let ok = "# sent_id = 1\n# text = کتابش را\n\
            1-2\tکتابش\t_\t_\t_\t_\t_\t_\t_\tTokenRange=0:5\n\
            1\tکتاب\tکتاب\tNOUN\t_\t_\t_\t_\t_\t_\n\
            2\tش\tاو\tPRON\t_\t_\t_\t_\t_\t_\n\
            3\tرا\tرا\tADP\t_\t_\t_\t_\t_\tNorm=a b\n\n\
            # sent_id = 2\n# text = x\n1\tx y\t_\tX\t_\t_\t_\t_\t_\t_\n\n";
        assert_eq!(validate(ok), Ok(2));
        assert_eq!(validate(""), Ok(0));
        assert_eq!(parse(ok).unwrap().len(), 2);
    }

    #[test]
    fn validate_names_each_problem() {
        let head = "# sent_id = 1\n# text = t\n";
        let w = |id: &str| format!("{id}\tx\t_\tX\t_\t_\t_\t_\t_\t_\n");
        let cases = [
            (format!("{head}{}{}\n", w("1"), w("3")), "line 4: word id \"3\" where 2 is due"),
            (format!("{head}{}\n", w("0")), "line 3: word id \"0\" where 1 is due"),
            (format!("{head}{}{}\n", w("1-2"), w("1")), "line 5: the range line's words 2-2 are missing"),
            (format!("{head}{}{}{}\n", w("2-3"), w("1"), w("2")), "line 3: range 2-3 where word 1 is due"),
            (format!("{head}{}{}{}{}\n", w("1-2"), w("1-2"), w("1"), w("2")), "line 4: range 1-2 where word 1 is due (inside another range)"),
            (format!("{head}{}{}\n", w("1-1"), w("1")), "line 3: range 1-1 does not span two words or more"),
            (format!("{head}1\tx\t_\tX\t_\t_\t_\t_\t_\n\n"), "line 3: 9 columns, not 10"),
            (format!("{head}1\tx\t\tX\t_\t_\t_\t_\t_\t_\n\n"), "line 3: column 3 is empty"),
            (format!("{head}1\tx\t_\tNO UN\t_\t_\t_\t_\t_\t_\n\n"), "line 3: a space in column 4"),
            (format!("{head}\n"), "line 3: the sentence from line 1 has no word"),
            (format!("{head}{}", w("1")), "line 3: the last sentence is not ended by a blank line"),
            (format!("{head}{}\n{head}{}\n", w("1"), w("1")), "line 5: sent_id \"1\" again"),
            (format!("# sent_id = 1\n{}\n", w("1")), "line 3: the sentence from line 1 has 1 sent_id and 0 text comments (want one each)"),
            (format!("{head}{}\n\n", w("1")), "line 5: a blank line outside a sentence"),
            (format!("{head}{}\n", w("1")).trim_end().to_string(), "line 3: the text does not end with a line break"),
            (format!("{head}{}# x\n\n", w("1")), "line 4: a comment after the words"),
        ];
        for (src, want) in cases {
            assert_eq!(validate(&src), Err(want.to_string()), "{src}");
        }
    }
}
