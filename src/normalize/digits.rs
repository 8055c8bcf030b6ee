//! Pass 3 (after spacing): digits and the separators inside numbers.
//!
//! Digits inside Latin-like runs (URLs, e-mails, `mp3`, `COVID-19`, code) are
//! never changed. Elsewhere digits take the chosen script, a `.` between digits
//! becomes the Persian decimal separator ٫ and a `,` that groups thousands
//! becomes ٬ (or back, for ASCII).

use super::{Digits, LatinRuns, Unit};
use crate::chars::{ascii_digit, digit_value, is_digit, persian_digit};

pub(super) fn run(units: &mut [Unit], target: Digits) {
    if target == Digits::Keep {
        return;
    }
    let n = units.len();
    let mut latin = LatinRuns::default();
    // Only digits and the separators between two digits change: look for
    // digits, and at a separator right after one. (Which units change does
    // not depend on the order: the tests below hold for digits of any script.)
    for i in 0..n {
        let Some(v) = digit_value(units[i].c) else {
            continue;
        };
        if !latin.at(units, i) {
            units[i].c = match target {
                Digits::Persian => persian_digit(v),
                _ => ascii_digit(v),
            };
        }
        let j = i + 1;
        if j + 1 < n
            && matches!(units[j].c, '.' | ',' | '٫' | '٬')
            && is_digit(units[j + 1].c)
            && !latin.at(units, j)
        {
            let c = units[j].c;
            units[j].c = match (target, c) {
                (Digits::Persian, '.') => '٫',
                (Digits::Persian, ',') if groups_thousands(units, j) => '٬',
                (Digits::Ascii, '٫') => '.',
                (Digits::Ascii, '٬') => ',',
                _ => c,
            };
        }
    }
}

/// A comma followed by exactly three digits and then no further digit.
fn groups_thousands(units: &[Unit], i: usize) -> bool {
    let after = units[i + 1..].iter().take_while(|u| is_digit(u.c)).count();
    after == 3
}
