//! Pass 2: white space and redundant zero-width non-joiners.
//!
//! Runs of spaces become one space, one line break stays a line break, two or
//! more become one paragraph break (`\n\n`), spaces next to line breaks and at
//! the ends of the text go. A ZWNJ stays only between two Arabic-script letters
//! when the first one joins to the left; one next to a space is at a word edge
//! and goes (the joins pass then decides whether the words are one).

use super::map::attach_mark;
use super::{NormalizeOptions, Unit};
use crate::chars::{
    in_table, is_arabic_letter, is_arabic_letter_or_mark, is_arabic_mark, is_non_joining,
    LETTERS_AND_MARKS, ZWNJ,
};

/// `max_repeat`: letters repeated more than this many times in a row are cut
/// (here, after redundant ZWNJs are gone, so that `ا‌ا` counts as a repeat).
///
/// The text can come in pieces (each starting with a letter right after a
/// line break, see [`super::chunk_end`]), `state` carrying what is pending
/// from one to the next into a fresh `out`.
pub(super) fn run(units: &[Unit], o: &NormalizeOptions, state: &mut State, out: &mut Vec<Unit>) {
    let (clean_zwnj, max_repeat) = (o.zwnj, o.max_repeat);
    let State {
        mut space,
        mut newlines,
        started,
    } = *state;
    // `out` stands for all the output so far: is it empty?
    let empty = |out: &Vec<Unit>| !started && out.is_empty();
    let mut i = 0;
    while i < units.len() {
        let u = units[i];
        // Fast path: a run of letters (and marks other than the composing
        // madda/hamzas) right after a letter or a flushed space, copied whole.
        if max_repeat.is_none()
            && space.is_none()
            && newlines[0].is_none()
            && !empty(out)
            && is_plain(u.c)
        {
            // A single space between two such runs is written as it comes,
            // as the general path would: held, then flushed by the letter.
            let mut e = i + 1;
            while e < units.len()
                && (is_plain(units[e].c)
                    || units[e].c == ' ' && units.get(e + 1).is_some_and(|v| is_plain(v.c)))
            {
                e += 1;
            }
            out.extend_from_slice(&units[i..e]);
            i = e;
            continue;
        }
        match u.c {
            ' ' => {
                if newlines[0].is_none() && space.is_none() {
                    space = Some(u);
                }
            }
            '\n' => {
                space = None;
                if newlines[0].is_none() {
                    newlines[0] = Some(u);
                } else if newlines[1].is_none() {
                    newlines[1] = Some(u);
                }
            }
            ZWNJ => {
                let prev = last_letter(out);
                let mut j = i + 1;
                while j < units.len() && units[j].c == ZWNJ {
                    j += 1;
                }
                let next_is_letter = j < units.len() && is_arabic_letter(units[j].c);
                match prev {
                    Some(p) if next_is_letter && newlines[0].is_none() && space.is_none() => {
                        if !(clean_zwnj && is_non_joining(p)) {
                            out.push(u);
                        }
                        i = j;
                        continue;
                    }
                    // Kept at a word edge, a run is one ZWNJ as between
                    // letters (else joining the next word would leave a run
                    // that a second pass cuts: not idempotent).
                    _ if !clean_zwnj && !empty(out) => {
                        flush(&mut space, &mut newlines, out);
                        out.push(u);
                        i = j;
                        continue;
                    }
                    _ => {}
                }
            }
            _ => {
                // A mark that a dropped ZWNJ kept from its letter composes with it now.
                if space.is_none()
                    && newlines[0].is_none()
                    && matches!(u.c, '\u{0653}'..='\u{0655}')
                    && attach_mark(out, u, o)
                {
                    // The letter it makes may repeat the ones before it
                    // (`آ` then `ا`‌`ٓ`: `آآ`), which a second pass would cut.
                    if let Some(n) = max_repeat {
                        cut_repeat(out, n);
                    }
                    i += 1;
                    continue;
                }
                if !empty(out) {
                    flush(&mut space, &mut newlines, out);
                } else {
                    space = None;
                    newlines = [None, None];
                }
                if let Some(n) = max_repeat {
                    if repeats(out, u.c, n) {
                        if let Some(last) = out.last_mut() {
                            last.end = u.end;
                        }
                        i += 1;
                        continue;
                    }
                }
                out.push(u);
            }
        }
        i += 1;
    }
    // Trailing white space is dropped; with `clean_zwnj` off a trailing ZWNJ stays.
    *state = State {
        space,
        newlines,
        started: !empty(out),
    };
}

/// What the spacing pass carries from one piece of the text to the next: the
/// space and line breaks not written yet, and whether anything was written.
#[derive(Clone, Copy, Default)]
pub(super) struct State {
    space: Option<Unit>,
    newlines: [Option<Unit>; 2],
    started: bool,
}

/// Letters and marks that the general path would push unchanged.
fn is_plain(c: char) -> bool {
    // U+0600–U+06FF in one look-up: letters and marks, less U+0653–U+0655.
    const PLAIN: [u64; 4] = {
        let mut t = LETTERS_AND_MARKS;
        t[1] &= !(0b111 << (0x53 - 64));
        t
    };
    let cp = c as u32;
    if cp >> 8 == 0x06 {
        return in_table(&PLAIN, cp);
    }
    is_arabic_letter_or_mark(c)
}

fn flush(space: &mut Option<Unit>, newlines: &mut [Option<Unit>; 2], out: &mut Vec<Unit>) {
    if let Some(n) = newlines[0].take() {
        out.push(n);
        if let Some(n2) = newlines[1].take() {
            out.push(n2);
        }
        *space = None;
    } else if let Some(s) = space.take() {
        out.push(s);
    }
}

/// Whether `c` is a letter that the last `n` units of `out` already repeat
/// (`max_repeat`: one more would be cut).
fn repeats(out: &[Unit], c: char, n: u8) -> bool {
    crate::chars::is_alphabetic(c)
        && out.len() >= n as usize
        && out[out.len() - n as usize..].iter().all(|p| p.c == c)
}

/// Drops the last unit of `out` into the one before it when the units
/// before it already repeat it ([`repeats`]), as a letter that comes is cut.
fn cut_repeat(out: &mut Vec<Unit>, n: u8) {
    let Some(&last) = out.last() else {
        return;
    };
    if repeats(&out[..out.len() - 1], last.c, n) {
        out.pop();
        if let Some(prev) = out.last_mut() {
            prev.end = last.end;
        }
    }
}

/// The last letter of `out` if the text ends in an Arabic-script letter (after any marks).
fn last_letter(out: &[Unit]) -> Option<char> {
    out.iter()
        .rev()
        .find(|u| !is_arabic_mark(u.c))
        .map(|u| u.c)
        .filter(|&c| is_arabic_letter(c))
}

#[cfg(test)]
mod tests {
    use crate::chars::{is_arabic_letter, is_arabic_mark};

    #[test]
    fn plain_in_one_look_up() {
        for cp in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            let expected =
                is_arabic_letter(c) || (is_arabic_mark(c) && !matches!(c, '\u{0653}'..='\u{0655}'));
            assert_eq!(super::is_plain(c), expected, "{cp:x}");
        }
    }
}
