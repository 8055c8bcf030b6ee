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
    for i in 0..n {
        let c = units[i].c;
        // Only digits and the separators between them change; skip everything else fast.
        if !(is_digit(c) || matches!(c, '.' | ',' | '٫' | '٬')) || latin.at(units, i) {
            continue;
        }
        if let Some(v) = digit_value(c) {
            units[i].c = match target {
                Digits::Persian => persian_digit(v),
                _ => ascii_digit(v),
            };
            continue;
        }
        let between_digits =
            i > 0 && i + 1 < n && is_digit(units[i - 1].c) && is_digit(units[i + 1].c);
        if !between_digits {
            continue;
        }
        units[i].c = match (target, c) {
            (Digits::Persian, '.') => '٫',
            (Digits::Persian, ',') if groups_thousands(units, i) => '٬',
            (Digits::Ascii, '٫') => '.',
            (Digits::Ascii, '٬') => ',',
            _ => c,
        };
    }
}

/// A comma followed by exactly three digits and then no further digit.
fn groups_thousands(units: &[Unit], i: usize) -> bool {
    let after = units[i + 1..].iter().take_while(|u| is_digit(u.c)).count();
    after == 3
}
