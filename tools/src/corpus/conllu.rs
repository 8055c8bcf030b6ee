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
}
