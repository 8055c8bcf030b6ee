//! Pass 5: punctuation.
//!
//! In Persian context `,` `;` `?` become `،` `؛` `؟`, straight double quotes
//! around Persian text become «», three or more dots become `…`; spaces before
//! closing punctuation and after opening brackets go, a space follows `،` `؛`
//! `!` `؟` `:` and closing brackets and precedes opening ones. Nothing inside a
//! Latin-like run (URL, e-mail, code) is touched.

use super::{latin_runs, NormalizeOptions, Unit};
use crate::chars::{is_arabic_letter, is_arabic_mark, is_digit};

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

pub(super) fn run(units: &[Unit], o: &NormalizeOptions, out: &mut Vec<Unit>) {
    let latin = latin_runs(units);
    let mut work: Vec<Unit> = Vec::with_capacity(units.len());
    let mut work_latin: Vec<bool> = Vec::with_capacity(units.len());

    // Characters first: dots, commas, question marks, quotes.
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        if latin[i] || !o.punctuation {
            work.push(u);
            work_latin.push(latin[i]);
            i += 1;
            continue;
        }
        if u.c == '.' {
            let run = units[i..]
                .iter()
                .zip(&latin[i..])
                .take_while(|(v, l)| v.c == '.' && !**l)
                .count();
            if run >= 3 {
                work.push(Unit {
                    c: '…',
                    start: u.start,
                    end: units[i + run - 1].end,
                });
                work_latin.push(false);
                i += run;
                continue;
            }
        }
        let c = match u.c {
            ',' if persian_context(units, i, true) && !between_digits(units, i) => '،',
            ';' if persian_context(units, i, true) => '؛',
            '?' if persian_context(units, i, false) => '؟',
            c => c,
        };
        work.push(Unit { c, ..u });
        work_latin.push(false);
        i += 1;
    }
    if o.quotes {
        convert_quotes(&mut work, &work_latin);
    }
    if !o.punctuation {
        out.extend_from_slice(&work);
        return;
    }

    // Then spacing.
    let n = work.len();
    for k in 0..n {
        let u = work[k];
        if work_latin[k] {
            out.push(u);
            continue;
        }
        if u.c == ' ' {
            let next = work.get(k + 1);
            let prev = out.last();
            let next_latin = work_latin.get(k + 1).copied().unwrap_or(false);
            let drop_before_closer = next.is_some_and(|v| no_space_before(v.c)) && !next_latin;
            let drop_after_opener = prev.is_some_and(|p| is_opener(p.c));
            if drop_before_closer || drop_after_opener {
                continue;
            }
            out.push(u);
            continue;
        }
        if is_opener(u.c) {
            if let Some(p) = out.last() {
                if is_persian(p.c) || p.c.is_alphanumeric() {
                    let p = *p;
                    out.push(Unit::inserted_after(' ', &p));
                }
            }
            out.push(u);
            continue;
        }
        out.push(u);
        let Some(next) = work.get(k + 1) else {
            continue;
        };
        let wants_space = match u.c {
            ':' => is_arabic_letter(next.c),
            '.' => is_arabic_letter(next.c) && word_before_dot(out),
            c if space_after(c) => is_arabic_letter(next.c) || is_digit(next.c),
            _ => false,
        };
        if wants_space && !work_latin[k + 1] {
            out.push(Unit::inserted_after(' ', &u));
        }
    }
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
fn convert_quotes(work: &mut [Unit], latin: &[bool]) {
    let mut line_start = 0;
    for k in 0..=work.len() {
        if k < work.len() && work[k].c != '\n' {
            continue;
        }
        let line = line_start..k;
        line_start = k + 1;
        let quotes: Vec<usize> = line
            .clone()
            .filter(|&j| work[j].c == '"' && !latin[j])
            .collect();
        if quotes.len() < 2
            || quotes.len() % 2 != 0
            || !work[line].iter().any(|u| is_arabic_letter(u.c))
        {
            continue;
        }
        for (n, &j) in quotes.iter().enumerate() {
            work[j].c = if n % 2 == 0 { '«' } else { '»' };
        }
    }
}
