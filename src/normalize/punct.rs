//! Pass 5: punctuation.
//!
//! In Persian context `,` `;` `?` become `،` `؛` `؟`, straight double quotes
//! around Persian text become «», three or more dots become `…`; spaces before
//! closing punctuation and after opening brackets go, a space follows `،` `؛`
//! `!` `؟` `:` and closing brackets and precedes opening ones. Nothing inside a
//! Latin-like run (URL, e-mail, code) is touched.

use super::{LatinRuns, NormalizeOptions, Unit};
use crate::chars::{is_arabic_letter, is_arabic_letter_or_mark, is_arabic_mark, is_digit, ZWNJ};

fn is_persian(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || ('\u{06F0}'..='\u{06F9}').contains(&c)
}

/// Punctuation that takes no space before it.
fn no_space_before(c: char) -> bool {
    matches!(
        c,
        '.' | '،' | '؛' | ':' | '!' | '؟' | ')' | ']' | '}' | '»' | '…'
    )
}

/// Punctuation that wants a space after it when a word follows.
fn space_after(c: char) -> bool {
    matches!(c, '،' | '؛' | '!' | '؟' | ')' | ']' | '}' | '»' | ':' | '…')
}

fn is_opener(c: char) -> bool {
    matches!(c, '(' | '[' | '{' | '«')
}

pub(super) fn run(units: &mut [Unit], o: &NormalizeOptions, out: &mut Vec<Unit>) {
    if o.quotes && units.iter().any(|u| u.c == '"') {
        convert_quotes(units);
    }
    if !o.punctuation {
        out.extend_from_slice(units);
        return;
    }
    let units: &[Unit] = units;
    let mut latin = LatinRuns::default();
    let mut k = 0;
    while k < units.len() {
        let mut u = units[k];
        // Letters are most of the text and nothing here changes them; a space
        // before a letter stays unless it follows an opening bracket.
        // Copied in runs.
        let plain = |j: usize, prev_opens: bool| {
            let c = units[j].c;
            is_arabic_letter_or_mark(c)
                || c == ZWNJ
                || (c == ' '
                    && !prev_opens
                    && units.get(j + 1).is_some_and(|v| is_arabic_letter(v.c)))
        };
        if plain(k, out.last().is_some_and(|p| is_opener(p.c))) {
            let mut e = k + 1;
            while e < units.len() && plain(e, false) {
                e += 1;
            }
            out.extend_from_slice(&units[k..e]);
            k = e;
            continue;
        }
        if latin.at(units, k) {
            out.push(u);
            k += 1;
            continue;
        }
        let mut next_k = k + 1;
        if u.c == '.' {
            if let Some(last) = dot_run(units, k, &mut latin) {
                u = Unit {
                    c: '…',
                    start: u.start,
                    end: units[last].end,
                };
                next_k = last + 1;
            }
        } else {
            u.c = converted(units, k);
        }
        match u.c {
            ' ' => {
                let next_closes = units
                    .get(k + 1)
                    .is_some_and(|_| no_space_before(converted(units, k + 1)))
                    && !latin.at(units, k + 1);
                let after_opener = out.last().is_some_and(|p| is_opener(p.c));
                // `۱۲ .۵` stays apart: joined, it would read as a decimal number.
                let splits_number = k + 1 < units.len()
                    && matches!(converted(units, k + 1), '.' | ',')
                    && out.last().is_some_and(|p| is_digit(p.c))
                    && units.get(k + 2).is_some_and(|v| is_digit(v.c));
                if !(next_closes && !splits_number || after_opener) {
                    out.push(u);
                }
            }
            c if is_opener(c) => {
                if let Some(p) = out.last().copied() {
                    if is_persian(p.c) || crate::chars::is_alphanumeric(p.c) {
                        out.push(Unit::inserted_after(' ', &p));
                    }
                }
                out.push(u);
            }
            c => {
                out.push(u);
                if let Some(next) = units.get(next_k) {
                    let wants_space = match c {
                        ':' => is_arabic_letter(next.c),
                        '.' => is_arabic_letter(next.c) && word_before_dot(out),
                        c if space_after(c) => is_arabic_letter(next.c) || is_digit(next.c),
                        _ => false,
                    };
                    if wants_space && !latin.at(units, next_k) {
                        out.push(Unit::inserted_after(' ', &u));
                    }
                }
            }
        }
        k = next_k;
    }
}

/// The character unit `i` becomes: `,` `;` `?` in Persian context become `،` `؛` `؟`.
fn converted(units: &[Unit], i: usize) -> char {
    match units[i].c {
        ',' if persian_context(units, i, true) && !between_digits(units, i) => '،',
        ';' if persian_context(units, i, true) => '؛',
        '?' if persian_context(units, i, false) => '؟',
        c => c,
    }
}

/// A run of three or more dots starting at `i`, possibly with single spaces
/// between them (`. ..`), outside Latin-like runs: the index of its last dot.
fn dot_run(units: &[Unit], i: usize, latin: &mut LatinRuns) -> Option<usize> {
    let (mut dots, mut last, mut j) = (0, i, i);
    while j < units.len() {
        let c = units[j].c;
        let dot_follows = units.get(j + 1).is_some_and(|v| v.c == '.');
        if !(c == '.' || (c == ' ' && dot_follows)) || (c == '.' && latin.at(units, j)) {
            break;
        }
        if c == '.' {
            dots += 1;
            last = j;
        }
        j += 1;
    }
    (dots >= 3).then_some(last)
}

/// Is the nearest non-space character before (or, with `both`, after) unit `i` Persian?
fn persian_context(units: &[Unit], i: usize, both: bool) -> bool {
    let before = units[..i]
        .iter()
        .rev()
        .find(|u| u.c != ' ')
        .is_some_and(|u| is_persian(u.c));
    let after = both
        && units[i + 1..]
            .iter()
            .find(|u| u.c != ' ')
            .is_some_and(|u| is_persian(u.c));
    before || after
}

fn between_digits(units: &[Unit], i: usize) -> bool {
    i > 0 && i + 1 < units.len() && is_digit(units[i - 1].c) && is_digit(units[i + 1].c)
}

/// True if the `.` just pushed ends a word of two or more letters (not an initial
/// or an abbreviation such as `ه.ش`).
fn word_before_dot(out: &[Unit]) -> bool {
    let n = out.len();
    let letters = out[..n.saturating_sub(1)]
        .iter()
        .rev()
        .take_while(|u| is_arabic_letter(u.c) || is_arabic_mark(u.c))
        .count();
    let before = n.saturating_sub(1 + letters);
    letters >= 2 && (before == 0 || !matches!(out[before - 1].c, '.'))
}

/// Straight double quotes on a line with Persian text become « and » in turn,
/// when the line has an even number of them.
fn convert_quotes(units: &mut [Unit]) {
    for line in units.split_mut(|u| u.c == '\n') {
        let quotes = line.iter().filter(|u| u.c == '"').count();
        if quotes < 2 || quotes % 2 != 0 || !line.iter().any(|u| is_arabic_letter(u.c)) {
            continue;
        }
        let mut open = true;
        for u in line.iter_mut().filter(|u| u.c == '"') {
            u.c = if open { '«' } else { '»' };
            open = !open;
        }
    }
}
