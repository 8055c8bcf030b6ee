//! A minimal CoNLL-U reader: sentence text, surface tokens and syntactic words.

/// One syntactic word of a CoNLL-U sentence.
#[derive(Clone, Debug)]
#[allow(dead_code)] // fields read by the POS evaluation
pub struct Word {
    pub form: String,
    pub lemma: String,
    pub upos: String,
}

/// A surface token: its form and the syntactic words it is made of (one, or
/// several for a multiword token).
#[derive(Clone, Debug)]
pub struct SurfaceToken {
    pub form: String,
    #[allow(dead_code)]
    pub words: Vec<Word>,
}

/// A CoNLL-U sentence.
#[derive(Clone, Debug, Default)]
pub struct Sentence {
    pub text: String,
    pub tokens: Vec<SurfaceToken>,
}

/// Parses CoNLL-U text. Lines that do not parse are reported as an error with their number.
pub fn parse(src: &str) -> Result<Vec<Sentence>, String> {
    let mut out = Vec::new();
    let mut cur = Sentence::default();
    // The id range of the multiword token being filled, if any.
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
        if id.contains('.') {
            continue; // empty nodes
        }
        if let Some((a, b)) = id.split_once('-') {
            let (_, b): (usize, usize) = (
                a.parse()
                    .map_err(|_| format!("line {}: bad id {id}", ln + 1))?,
                b.parse()
                    .map_err(|_| format!("line {}: bad id {id}", ln + 1))?,
            );
            mwt_until = b;
            cur.tokens.push(SurfaceToken {
                form: cols[1].to_string(),
                words: Vec::new(),
            });
            continue;
        }
        let n: usize = id
            .parse()
            .map_err(|_| format!("line {}: bad id {id}", ln + 1))?;
        let word = Word {
            form: cols[1].to_string(),
            lemma: cols[2].to_string(),
            upos: cols[3].to_string(),
        };
        if n <= mwt_until {
            if let Some(t) = cur.tokens.last_mut() {
                t.words.push(word);
            }
        } else {
            cur.tokens.push(SurfaceToken {
                form: cols[1].to_string(),
                words: vec![word],
            });
        }
    }
    if !cur.tokens.is_empty() {
        out.push(cur);
    }
    Ok(out)
}
