//! `word/TAG` files (the Seraji train file): one sentence per line, tokens
//! separated by spaces, each split on its last `/`. A multiword token is
//! `SURFACE/_` followed by its words, as many as spell out its length in
//! characters. There are no lemmas and no `# text`.

use super::{UdSentence, UdToken, UdWord};

/// Parses `word/TAG` text. An item without `/` or with an empty word or tag,
/// and a multiword token whose words do not reach its length by the end of
/// the line (or before the next one opens), are errors naming the line.
pub fn parse(src: &str) -> Result<Vec<UdSentence>, String> {
    let mut out = Vec::new();
    for (i, line) in src.lines().enumerate() {
        let err = |e: String| format!("line {}: {e}", i + 1);
        let mut s = UdSentence::default();
        // The open multiword token: its length in chars and the chars so far.
        let mut open: Option<(usize, usize)> = None;
        for item in line
            .trim_end_matches('\r')
            .split(' ')
            .filter(|t| !t.is_empty())
        {
            let (form, tag) = item
                .rsplit_once('/')
                .filter(|(f, t)| !f.is_empty() && !t.is_empty())
                .ok_or_else(|| err(format!("expected word/TAG, found {item:?}")))?;
            if tag == "_" {
                if open.is_some() {
                    return Err(err(format!(
                        "multiword token before {item:?} is incomplete"
                    )));
                }
                open = Some((form.chars().count(), 0));
                s.tokens.push(UdToken {
                    form: form.to_string(),
                    multiword: true,
                    words: Vec::new(),
                });
                continue;
            }
            let word = UdWord {
                form: form.to_string(),
                lemma: None,
                upos: tag.to_string(),
                xpos: "_".to_string(),
                misc: "_".to_string(),
            };
            match (open.as_mut(), s.tokens.last_mut()) {
                (Some((len, chars)), Some(t)) => {
                    *chars += form.chars().count();
                    t.words.push(word);
                    if *chars >= *len {
                        open = None;
                    }
                }
                _ => s.tokens.push(UdToken {
                    form: form.to_string(),
                    multiword: false,
                    words: vec![word],
                }),
            }
        }
        if open.is_some() {
            return Err(err("multiword token at the end is incomplete".into()));
        }
        if !s.tokens.is_empty() {
            out.push(s);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_tokens_and_multiword_tokens() {
        let src = "کتابش/_ کتاب/NOUN ش/PRON را/PART خواند/VERB ./PUNCT\n\na/b/X\r\n";
        let s = parse(src).unwrap();
        assert_eq!(s.len(), 2);
        let t = &s[0].tokens;
        assert_eq!(t.len(), 4);
        assert!(t[0].multiword);
        assert_eq!(t[0].form, "کتابش");
        let words: Vec<&str> = t[0].words.iter().map(|w| w.form.as_str()).collect();
        assert_eq!(words, ["کتاب", "ش"]);
        assert_eq!(t[1].words[0].upos, "PART");
        assert_eq!(t[1].words[0].lemma, None);
        assert!(!t[1].multiword);
        // Split on the last slash.
        assert_eq!(s[1].tokens[0].form, "a/b");
        assert_eq!(s[1].tokens[0].words[0].upos, "X");
    }

    #[test]
    fn malformed_lines_are_errors() {
        let e = parse("را/PART\nکتاب NOUN\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse("را/PART\n\nکتابش/_ کتاب/NOUN\n").unwrap_err();
        assert!(e.starts_with("line 3:") && e.contains("incomplete"), "{e}");
        let e = parse("/NOUN\n").unwrap_err();
        assert!(e.starts_with("line 1:"), "{e}");
    }
}
