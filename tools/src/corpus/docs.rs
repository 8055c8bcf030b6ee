//! Document ranges of a sentence file (`train-600k.docs.tsv` of NSURL-2019):
//! one `doc<TAB>first<TAB>end` line per document, sentence indices, the
//! documents in order and without gaps or overlaps.

/// A document: its name and its sentences `first..end`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Document {
    /// The document's name.
    pub name: String,
    /// Index of its first sentence.
    pub first: usize,
    /// Index just past its last sentence.
    pub end: usize,
}

/// Parses a documents file; a malformed line, an empty document or one that
/// does not start where the previous ended is an error naming its line.
pub fn parse(src: &str) -> Result<Vec<Document>, String> {
    let mut out: Vec<Document> = Vec::new();
    for (i, line) in src.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let err = |m: &str| format!("line {}: {m}: {line:?}", i + 1);
        let mut f = line.split('\t');
        let (Some(name), Some(first), Some(end), None) = (f.next(), f.next(), f.next(), f.next())
        else {
            return Err(err("expected doc<TAB>first<TAB>end"));
        };
        let first: usize = first.parse().map_err(|_| err("first is not a number"))?;
        let end: usize = end.parse().map_err(|_| err("end is not a number"))?;
        if end <= first {
            return Err(err("an empty document"));
        }
        if first != out.last().map_or(0, |d| d.end) {
            return Err(err(
                "the document does not start where the previous one ended",
            ));
        }
        out.push(Document {
            name: name.to_string(),
            first,
            end,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_ranges_and_refuses_gaps() {
        let d = parse("A\t0\t2\nB\t2\t5\n").unwrap();
        assert_eq!(
            d[1],
            Document {
                name: "B".into(),
                first: 2,
                end: 5
            }
        );
        assert!(parse("A\t0\t2\nB\t3\t5\n")
            .unwrap_err()
            .starts_with("line 2:"));
        assert!(parse("A\t0\tx\n").unwrap_err().contains("not a number"));
        assert!(parse("A\t0\n").unwrap_err().contains("expected"));
        assert!(parse("A\t1\t1\n").unwrap_err().contains("empty"));
    }
}
