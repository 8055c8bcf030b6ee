//! IOB entity files (ParsTwiNER, NSURL-2019): one `token<TAB>tag` per line (or
//! `token tag` when the line has no tab; split on the last separator), a
//! blank line between sentences, tags `B-X`/`I-X`/`O`.

use super::{read_tagged, TaggedSentence};

/// Parses IOB text. A non-blank line with no separator, with an empty token
/// or a malformed tag is an error naming its line.
pub fn parse(src: &str) -> Result<Vec<TaggedSentence>, String> {
    read_tagged(src, "token<TAB>tag", |line| {
        line.rsplit_once('\t')
            .or_else(|| line.trim().rsplit_once(' '))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sentences() {
        let src = "علی\tB-PER\nدر\tO\nتهران\tB-LOC\n\t\n\nایرانی\tB-NAT\nاست O\n";
        let s = parse(src).unwrap();
        assert_eq!(s.len(), 2);
        assert_eq!(s[0].tokens, ["علی", "در", "تهران"]);
        assert_eq!(s[0].tags, ["B-PER", "O", "B-LOC"]);
        // Labels outside PEYMA's are read as written; a space may separate.
        assert_eq!(s[1].tokens, ["ایرانی", "است"]);
        assert_eq!(s[1].tags, ["B-NAT", "O"]);
    }

    #[test]
    fn malformed_lines_are_errors() {
        let e = parse("علی\tB-PER\nرفت\n").unwrap_err();
        assert!(e.starts_with("line 2:"), "{e}");
        let e = parse("علی\tB-PER\n\nرفت\tX-PER\n").unwrap_err();
        assert!(e.starts_with("line 3:") && e.contains("bad tag"), "{e}");
    }
}
