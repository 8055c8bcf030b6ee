//! PEYMA: one `word|tag` per line (split on the last `|`, so a `|` token is
//! `||O`), a blank line between sentences, tags `B_X`/`I_X`/`O`.

use super::{read_tagged, TaggedSentence};

/// Parses PEYMA text. A non-blank line without `|`, with an empty word or a
/// malformed tag is an error naming its line.
pub fn parse(src: &str) -> Result<Vec<TaggedSentence>, String> {
    read_tagged(src, "word|tag", |line| line.rsplit_once('|'))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences() {
        let src = "علی|B_PER\nرفت|O\n\n\n||O\nسازمان های|B_ORG\nملل|I_ORG\r\n";
        let s = parse(src).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["علی", "رفت"]);
        assert_eq!(s[0].tags, ["B_PER", "O"]);
        assert_eq!(s[1].tokens, ["|", "سازمان های", "ملل"]);
        assert_eq!(s[1].tags, ["O", "B_ORG", "I_ORG"]);
        assert!(parse("").unwrap().is_empty());
    }

    #[test]
    fn malformed_lines_are_errors() {
        let e = parse("علی|B_PER\nرفت O\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse("علی|B_PER\n\n |O\n").unwrap_err();
        assert!(e.starts_with("line 3:"), "{e}");
        let e = parse("علی|PER\n").unwrap_err();
        assert!(e.starts_with("line 1:") && e.contains("bad tag"), "{e}");
    }
}
