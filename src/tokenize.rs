//! Word tokenization of normalized text.
//!
//! Punctuation is split off; ZWNJ stays inside words; numbers with their
//! separators and decimals, URLs, e-mails, @mentions, #hashtags, emoji
//! sequences and Latin words are single tokens; dotted abbreviations from the
//! lexicon (`ه.ش`) are one token.

use crate::chars::{self, is_arabic_letter, is_arabic_mark, is_digit, is_other_letter, ZWNJ};
use crate::lexicon::Lexicon;
use serde::{Deserialize, Serialize};

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TokenKind {
    /// A word in the Arabic script (Persian, Arabic), possibly with ZWNJs inside.
    Word,
    /// A number: digits with separators and decimals (`۱۲٫۵`, `۱٬۰۰۰`, `۱۴۰۲/۱۲/۲۵`).
    Number,
    /// A punctuation mark (or a run of dots).
    Punct,
    /// A web address.
    Url,
    /// An e-mail address.
    Email,
    /// An @mention.
    Mention,
    /// A #hashtag.
    Hashtag,
    /// An emoji, with its modifiers and joiners.
    Emoji,
    /// Any other symbol (`%`, `$`, `+`, ...).
    Symbol,
    /// A word in another script (Latin, Cyrillic, ...), kept whole.
    Latin,
}

impl TokenKind {
    /// Every kind.
    pub const ALL: [TokenKind; 10] = [
        TokenKind::Word,
        TokenKind::Number,
        TokenKind::Punct,
        TokenKind::Url,
        TokenKind::Email,
        TokenKind::Mention,
        TokenKind::Hashtag,
        TokenKind::Emoji,
        TokenKind::Symbol,
        TokenKind::Latin,
    ];

    /// The lowercase name used in JSON and JavaScript.
    pub fn as_str(self) -> &'static str {
        match self {
            TokenKind::Word => "word",
            TokenKind::Number => "number",
            TokenKind::Punct => "punct",
            TokenKind::Url => "url",
            TokenKind::Email => "email",
            TokenKind::Mention => "mention",
            TokenKind::Hashtag => "hashtag",
            TokenKind::Emoji => "emoji",
            TokenKind::Symbol => "symbol",
            TokenKind::Latin => "latin",
        }
    }
}

/// A token as a range of chars of the normalized text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct RawToken {
    pub kind: TokenKind,
    pub start: usize,
    pub end: usize,
}

fn is_word_char(c: char) -> bool {
    chars::is_arabic_letter_or_mark(c)
}

fn is_latin_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || is_other_letter(c) || chars::is_combining(c)
}

/// Splits normalized text (as chars) into tokens, appended to `out`.
pub(crate) fn tokenize_chars(lex: &Lexicon, s: &[char], out: &mut Vec<RawToken>) {
    let n = s.len();
    let mut i = 0;
    while i < n {
        let c = s[i];
        if c.is_whitespace()
            || c == ZWNJ
            || chars::is_removable_format(c)
            || chars::is_stray_control(c)
        {
            i += 1;
            continue;
        }
        let (kind, end) = if let Some(end) = url_end(s, i) {
            (TokenKind::Url, end)
        } else if is_word_char(c) {
            word(s, i, lex)
        } else if is_digit(c) {
            number(s, i)
        } else if is_latin_char(c) {
            latin(s, i)
        } else if (c == '@' || c == '#')
            && i + 1 < n
            && (is_word_char(s[i + 1]) || is_latin_char(s[i + 1]) || s[i + 1] == '_')
        {
            let end = tag_end(s, i + 1);
            (
                if c == '@' {
                    TokenKind::Mention
                } else {
                    TokenKind::Hashtag
                },
                end,
            )
        } else if chars::is_emoji(c) {
            (TokenKind::Emoji, emoji_end(s, i))
        } else if c == '.' {
            (
                TokenKind::Punct,
                i + s[i..].iter().take_while(|&&d| d == '.').count(),
            )
        } else if chars::is_punct(c) {
            (TokenKind::Punct, i + 1)
        } else {
            // Symbols and stray marks; keep trailing combining marks with them.
            let mut e = i + 1;
            while e < n && (chars::is_combining(s[e]) || is_arabic_mark(s[e])) {
                e += 1;
            }
            (TokenKind::Symbol, e)
        };
        // Every rule consumes at least one char; the guard keeps that true.
        let end = end.max(i + 1);
        out.push(RawToken {
            kind,
            start: i,
            end,
        });
        i = end;
    }
}

fn starts_with_ci(s: &[char], i: usize, prefix: &str) -> bool {
    let n = prefix.chars().count();
    s.len() >= i + n
        && s[i..i + n]
            .iter()
            .zip(prefix.chars())
            .all(|(c, p)| c.to_ascii_lowercase() == p)
}

/// A URL starting at `i`: `http://`, `https://`, `ftp://` or `www.`.
fn url_end(s: &[char], i: usize) -> Option<usize> {
    if !matches!(s[i], 'h' | 'H' | 'w' | 'W' | 'f' | 'F') {
        return None;
    }
    if i > 0 && is_latin_char(s[i - 1]) {
        return None;
    }
    let prefix_len = ["https://", "http://", "ftp://", "www."]
        .iter()
        .find(|p| starts_with_ci(s, i, p))?
        .chars()
        .count();
    let mut e = i + prefix_len;
    while e < s.len()
        && !s[e].is_whitespace()
        && !matches!(s[e], '«' | '»' | '،' | '؛' | '"' | '<' | '>')
        && !is_arabic_letter(s[e])
    {
        e += 1;
    }
    // Trailing punctuation belongs to the sentence, and a closing bracket only if it has an opener.
    while e > i + prefix_len {
        let last = s[e - 1];
        let unbalanced_close = matches!(last, ')' | ']') && {
            let (open, close) = if last == ')' { ('(', ')') } else { ('[', ']') };
            let opens = s[i..e].iter().filter(|&&c| c == open).count();
            let closes = s[i..e].iter().filter(|&&c| c == close).count();
            closes > opens
        };
        if matches!(last, '.' | ',' | ';' | ':' | '!' | '?' | '\'' | '…' | '؟') || unbalanced_close
        {
            e -= 1;
        } else {
            break;
        }
    }
    (e > i + prefix_len).then_some(e)
}

fn word(s: &[char], i: usize, lex: &Lexicon) -> (TokenKind, usize) {
    let n = s.len();
    let mut e = i;
    while e < n
        && (is_word_char(s[e]) || (s[e] == ZWNJ && e + 1 < n && is_word_char(s[e + 1]) && e > i))
    {
        e += 1;
    }
    // Dotted abbreviations: ه.ش، ق.م، ه.ق.
    if e < n && s[e] == '.' && lex.may_begin_abbreviation(&s[i..e]) {
        let max = lex.max_abbreviation_chars();
        let mut best = None;
        let mut cand = String::new();
        for (k, &c) in s[i..n.min(i + max)].iter().enumerate() {
            cand.push(c);
            let end = i + k + 1;
            let at_boundary = end >= n || !is_word_char(s[end]);
            if end > e && at_boundary && lex.is_abbreviation(&cand) {
                best = Some(end);
            }
        }
        if let Some(end) = best {
            return (TokenKind::Word, end);
        }
    }
    (TokenKind::Word, e)
}

fn number(s: &[char], i: usize) -> (TokenKind, usize) {
    let n = s.len();
    let mut e = i;
    while e < n {
        if is_digit(s[e]) {
            e += 1;
        } else if matches!(s[e], '.' | ',' | '٫' | '٬' | '/' | ':')
            && e + 1 < n
            && is_digit(s[e + 1])
        {
            e += 2;
        } else {
            break;
        }
    }
    // ASCII digits glued to Latin letters (`3D`, `4K`) make one Latin token.
    if e < n && s[e].is_ascii_alphabetic() && s[i..e].iter().all(|c| c.is_ascii_digit()) {
        return latin(s, i);
    }
    (TokenKind::Number, e)
}

fn latin(s: &[char], i: usize) -> (TokenKind, usize) {
    let n = s.len();
    let mut e = i;
    let mut has_at = false;
    while e < n {
        let c = s[e];
        // A letter, or a joiner (`e.g`, `COVID-19`, `o'clock`) between two letters.
        let joiner = matches!(c, '.' | '-' | '_' | '\'' | '’' | '+')
            && e > i
            && e + 1 < n
            && is_latin_char(s[e + 1]);
        if is_latin_char(c) || joiner {
            e += 1;
        } else if c == '@' && !has_at && e > i && e + 1 < n && s[e + 1].is_ascii_alphanumeric() {
            has_at = true;
            e += 1;
        } else {
            break;
        }
    }
    let tok = &s[i..e];
    if has_at {
        let at = tok.iter().position(|&c| c == '@').unwrap_or(0);
        if tok[at..].contains(&'.') {
            return (TokenKind::Email, e);
        }
    }
    if tok.iter().all(|c| c.is_ascii_digit()) {
        return (TokenKind::Number, e);
    }
    (TokenKind::Latin, e)
}

fn tag_end(s: &[char], mut e: usize) -> usize {
    let n = s.len();
    while e < n {
        let c = s[e];
        if is_word_char(c)
            || is_latin_char(c)
            || is_digit(c)
            || c == '_'
            || (c == ZWNJ && e + 1 < n && is_word_char(s[e + 1]))
        {
            e += 1;
        } else {
            break;
        }
    }
    e
}

fn emoji_end(s: &[char], i: usize) -> usize {
    let n = s.len();
    let mut e = i + 1;
    // A flag is two regional indicators.
    if ('\u{1F1E6}'..='\u{1F1FF}').contains(&s[i])
        && e < n
        && ('\u{1F1E6}'..='\u{1F1FF}').contains(&s[e])
    {
        e += 1;
    }
    loop {
        while e < n && chars::is_emoji_continuation(s[e]) && s[e] != chars::ZWJ {
            e += 1;
        }
        if e + 1 < n && s[e] == chars::ZWJ && chars::is_emoji(s[e + 1]) {
            e += 2;
            continue;
        }
        return e;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(String, TokenKind)> {
        let cs: Vec<char> = s.chars().collect();
        let mut out = Vec::new();
        tokenize_chars(Lexicon::embedded(), &cs, &mut out);
        out.iter()
            .map(|t| (cs[t.start..t.end].iter().collect(), t.kind))
            .collect()
    }

    #[test]
    fn kinds() {
        use TokenKind::*;
        let t = toks("کتاب‌ها، ۱۲٫۵ درصد https://example.com/a?b=1. a.b@c.org @ali_r #ایران_من 😀👍🏽 COVID-19 ٪");
        let expect = [
            ("کتاب‌ها", Word),
            ("،", Punct),
            ("۱۲٫۵", Number),
            ("درصد", Word),
            ("https://example.com/a?b=1", Url),
            (".", Punct),
            ("a.b@c.org", Email),
            ("@ali_r", Mention),
            ("#ایران_من", Hashtag),
            ("😀", Emoji),
            ("👍🏽", Emoji),
            ("COVID-19", Latin),
            ("٪", Symbol),
        ];
        let got: Vec<(&str, TokenKind)> = t.iter().map(|(s, k)| (s.as_str(), *k)).collect();
        assert_eq!(got, expect);
    }

    #[test]
    fn abbreviations_and_numbers() {
        let t = toks("سال ۱۳۵۷ ه.ش. و ۱٬۰۰۰ تومان در ۱۴۰۲/۱۲/۲۵");
        let words: Vec<&str> = t.iter().map(|(s, _)| s.as_str()).collect();
        assert_eq!(
            words,
            [
                "سال",
                "۱۳۵۷",
                "ه.ش.",
                "و",
                "۱٬۰۰۰",
                "تومان",
                "در",
                "۱۴۰۲/۱۲/۲۵"
            ]
        );
    }
}
