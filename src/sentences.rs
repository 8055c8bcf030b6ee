//! Sentence segmentation over the tokens of normalized text.
//!
//! A sentence ends after `.` `!` `?` `؟` `…` (with the closing quotes and
//! brackets that follow them) and at every line break. A dot is no boundary
//! after a single-letter initial or inside a dotted abbreviation (those are one
//! token already); numbers keep their decimal points (also one token). A colon
//! is never a boundary. A line that begins with a stray period gives it to the
//! sentence before.

use crate::chars::{is_arabic_letter, is_closer, is_terminal};
use crate::tokenize::{RawToken, TokenKind};

/// Groups `tokens` (over the chars `s`) into sentences, as ranges of token indices.
pub(crate) fn split(s: &[char], tokens: &[RawToken], out: &mut Vec<std::ops::Range<usize>>) {
    let n = tokens.len();
    let mut start = 0;
    let mut k = 0;
    while k < n {
        let t = tokens[k];
        let mut end_here = false;
        if t.kind == TokenKind::Punct
            && s[t.start..t.end].iter().all(|&c| is_terminal(c))
            && !is_initial(s, tokens, k)
        {
            // Take the run of terminal punctuation and closers that follows on the same line.
            while k + 1 < n
                && adjacent_on_line(s, tokens[k], tokens[k + 1])
                && is_closing_or_terminal(s, tokens[k + 1])
            {
                k += 1;
            }
            end_here = true;
        }
        if k + 1 < n && line_break_between(s, tokens[k], tokens[k + 1]) {
            // A stray period that opens the next line belongs to this sentence.
            let mut j = k + 1;
            while j < n
                && is_stray_period(s, tokens[j])
                && (j == k + 1 || !line_break_between(s, tokens[j - 1], tokens[j]))
            {
                j += 1;
            }
            k = j - 1;
            end_here = true;
        }
        if end_here || k + 1 == n {
            out.push(start..k + 1);
            start = k + 1;
        }
        k += 1;
    }
}

fn is_stray_period(s: &[char], t: RawToken) -> bool {
    t.kind == TokenKind::Punct && s[t.start..t.end].iter().all(|&c| c == '.')
}

fn is_closing_or_terminal(s: &[char], t: RawToken) -> bool {
    t.kind == TokenKind::Punct
        && s[t.start..t.end]
            .iter()
            .all(|&c| is_terminal(c) || is_closer(c))
}

fn adjacent_on_line(s: &[char], a: RawToken, b: RawToken) -> bool {
    !s[a.end..b.start].contains(&'\n')
}

fn line_break_between(s: &[char], a: RawToken, b: RawToken) -> bool {
    s[a.end..b.start].contains(&'\n')
}

/// A `.` right after a one-letter word (`م.`, `ع.`, `J.`): an initial, unless a line break follows.
fn is_initial(s: &[char], tokens: &[RawToken], k: usize) -> bool {
    let t = tokens[k];
    if t.end - t.start != 1 || s[t.start] != '.' || k == 0 {
        return false;
    }
    let prev = tokens[k - 1];
    let one_letter = prev.end == t.start
        && prev.end - prev.start == 1
        && (is_arabic_letter(s[prev.start]) || s[prev.start].is_ascii_uppercase())
        && (prev.start == 0 || !crate::chars::is_alphanumeric(s[prev.start - 1]));
    let next_on_line = tokens
        .get(k + 1)
        .is_some_and(|&nx| !line_break_between(s, t, nx));
    one_letter && next_on_line
}
