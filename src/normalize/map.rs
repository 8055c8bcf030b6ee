//! Pass 1: character mapping, one original character at a time.

use super::{EzafeHamza, NormalizeOptions, Unit};
use crate::chars::{self, HAMZA_ABOVE, ZWJ};

/// Maps the source bytes `range` of `text` (whole chars) into `out`. A range
/// that begins after a line break with a letter that needs no mapping (see
/// [`super::chunk_end`]) maps as it does inside the whole text.
pub(super) fn run(
    text: &str,
    range: std::ops::Range<usize>,
    o: &NormalizeOptions,
    out: &mut Vec<Unit>,
) {
    // Whether the last source char that gave output was a word ligature that
    // stands apart: a letter or digit right after it gets a space first
    // (`ﷺگفت` → `… سلم گفت`).
    let mut after_ligature = false;
    let bytes = text.as_bytes();
    let end = range.end;
    let mut i = range.start;
    while i < end {
        // Fast path: the Persian letters that no option changes, and the
        // space, read from their UTF-8 bytes (a letter of U+0600–U+06FF is
        // two bytes, the first D8–DB).
        if !after_ligature {
            let b = bytes[i];
            if b == b' ' {
                out.push(Unit::new(' ', i as u32, i as u32 + 1));
                i += 1;
                continue;
            }
            if b & 0xFC == 0xD8 {
                let low = ((b as u32 & 3) << 6) | (bytes[i + 1] as u32 & 0x3F);
                if PLAIN_PERSIAN[(low >> 6) as usize] >> (low & 63) & 1 != 0 {
                    let c = char::from_u32(0x600 | low).unwrap_or(' ');
                    out.push(Unit::new(c, i as u32, i as u32 + 2));
                    i += 2;
                    continue;
                }
            }
        }
        let Some(c) = text[i..end].chars().next() else {
            break;
        };
        let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
        i = e as usize;
        if is_plain_persian(c) && !after_ligature {
            out.push(Unit::new(c, s, e));
            continue;
        }
        if let Some(words) = word_ligature(c) {
            let apart = words.contains(' ') || c == '\u{FDFC}';
            if apart && out.last().is_some_and(|u| stands_against(u.c)) {
                out.push(Unit::new(' ', s, s));
            }
            out.extend(words.chars().map(|w| Unit::new(w, s, e)));
            after_ligature = apart;
            continue;
        }
        let before = out.len();
        map_char(text, s as usize, c, o, out);
        if after_ligature && out.len() > before {
            if stands_against(out[before].c) {
                out.insert(before, Unit::new(' ', s, s));
            }
            after_ligature = false;
        }
    }
}

/// The word ligatures of U+FDF2–U+FDFF and what they stand for, in Persian
/// spelling and as separate words (the phrases with a space between their
/// words, `و` apart as Persian writes it: `ﷺ` → `صلی الله علیه و سلم`, and
/// `ﷸ` → `و سلم`, so that `ﷹ ﷲ ﷷ ﷸ` spells the same phrase as `ﷺ`).
/// Unicode decomposes most of them without the spaces a phrase needs, and
/// `﷽` `﷾` `﷿` not at all. The two Koranic stop signs U+FDF0 and U+FDF1 are
/// not words: they stay as written (a symbol token of their own).
///
/// A phrase (an expansion with a space) and the rial sign stand apart: a
/// space separates them from a letter or digit written against them
/// (`محمدﷺ` → `محمد صلی الله علیه و سلم`, `۱۰۰﷼` → `۱۰۰ ریال`). A one-word
/// ligature expands in place and stays part of a word written against it,
/// as in names (`عبدﷲ` → `عبدالله`, the Persian spelling).
pub(crate) fn word_ligature(c: char) -> Option<&'static str> {
    Some(match c {
        '\u{FDF2}' => "الله",
        '\u{FDF3}' => "اکبر",
        '\u{FDF4}' => "محمد",
        '\u{FDF5}' => "صلعم",
        '\u{FDF6}' => "رسول",
        '\u{FDF7}' => "علیه",
        '\u{FDF8}' => "و سلم",
        '\u{FDF9}' => "صلی",
        '\u{FDFA}' => "صلی الله علیه و سلم",
        '\u{FDFB}' => "جل جلاله",
        '\u{FDFC}' => "ریال",
        '\u{FDFD}' => "بسم الله الرحمن الرحیم",
        '\u{FDFE}' => "سبحانه و تعالی",
        '\u{FDFF}' => "عز و جل",
        _ => return None,
    })
}

/// A char that a phrase ligature's expansion is kept apart from by a space:
/// a letter of any script, a mark, a digit or a ZWNJ (which the spacing pass
/// then drops at the word edge). Punctuation, brackets and spaces are not:
/// `(ﷺ)` → `(صلی الله علیه و سلم)`.
fn stands_against(c: char) -> bool {
    chars::is_word_char(c) || chars::is_digit(c) || c == chars::ZWNJ
}

/// Maps the source char `c` at byte `i` of `text` (not a word ligature) into `out`.
fn map_char(text: &str, i: usize, c: char, o: &NormalizeOptions, out: &mut Vec<Unit>) {
    let bytes = text.as_bytes();
    let (s, e) = (i as u32, (i + c.len_utf8()) as u32);
    if is_plain_persian(c) {
        out.push(Unit::new(c, s, e));
        return;
    }
    match c {
        '\r' => {
            // "\r\n" is one line break; the '\n' that follows is skipped below.
            let end = if bytes.get(i + 1) == Some(&b'\n') {
                e + 1
            } else {
                e
            };
            out.push(Unit::new('\n', s, end));
        }
        '\n' => {
            if i > 0 && bytes[i - 1] == b'\r' {
                return;
            }
            out.push(Unit::new('\n', s, e));
        }
        '\u{85}' | '\u{2028}' => out.push(Unit::new('\n', s, e)),
        '\u{2029}' => {
            out.push(Unit::new('\n', s, e));
            out.push(Unit::new('\n', e, e));
        }
        c if chars::is_horizontal_space(c) || chars::is_stray_control(c) => {
            out.push(Unit::new(' ', s, e))
        }
        c if chars::is_removable_format(c) => {}
        ZWJ | '\u{FE0E}' | '\u{FE0F}' => {
            // Meaningful only inside emoji sequences.
            if out
                .last()
                .is_some_and(|u| chars::is_emoji(u.c) || chars::is_emoji_continuation(u.c))
            {
                out.push(Unit::new(c, s, e));
            }
        }
        // Presentation forms and ligatures: compatibility decomposition to base letters.
        // (The word ligatures U+FDF2–U+FDFF never get here: see `word_ligature`.)
        '\u{FB50}'..='\u{FDEF}' | '\u{FE70}'..='\u{FEFC}' => {
            let mut any = false;
            unicode_normalization::char::decompose_compatible(c, |d| {
                // Isolated harakat decompose to space + mark, medial ones to tatweel + mark.
                if d != ' ' && d != '\u{0640}' {
                    any = true;
                    push_mapped(d, s, e, o, out);
                }
            });
            if !any {
                push_mapped(c, s, e, o, out);
            }
        }
        '\u{FDF0}' | '\u{FDF1}' => out.push(Unit::new(c, s, e)),
        c => push_mapped(c, s, e, o, out),
    }
}

/// [`is_plain_persian`] over U+0600–U+06FF (the letters, not the space), a bit a char.
const PLAIN_PERSIAN: [u64; 4] = chars::table(&[
    (0x0627, 0x0628),
    (0x062A, 0x063A),
    (0x0641, 0x0642),
    (0x0644, 0x0648),
    (0x067E, 0x067E),
    (0x0686, 0x0686),
    (0x0698, 0x0698),
    (0x06A9, 0x06A9),
    (0x06AF, 0x06AF),
    (0x06CC, 0x06CC),
]);

/// Letters that no option maps: ا ب ت–غ ف ق ل–و پ چ ژ ک گ ی, and the ASCII space.
pub(super) fn is_plain_persian(c: char) -> bool {
    matches!(c, ' ' | 'ا' | 'ب' | 'ت'..='غ' | 'ف' | 'ق' | 'ل'..='و' | 'پ' | 'چ' | 'ژ' | 'ک' | 'گ' | 'ی')
}

fn push_mapped(c: char, s: u32, e: u32, o: &NormalizeOptions, out: &mut Vec<Unit>) {
    let c = if o.arabic_letters {
        match c {
            'ي' | 'ى' => 'ی',
            'ك' | 'ڪ' => 'ک',
            'ە' | 'ھ' | 'ہ' => 'ه',
            'ۃ' => 'ة',
            '\u{06C0}' | '\u{06C2}' => {
                // ۀ and ۂ: heh with the ezafe hamza.
                push_mapped('ه', s, e, o, out);
                push_mapped(HAMZA_ABOVE, e, e, o, out);
                return;
            }
            c => c,
        }
    } else {
        c
    };
    let c = match c {
        'ة' if o.teh_marbuta => 'ه',
        'أ' | 'إ' | 'ٱ' if o.alef_hamza => 'ا',
        'ؤ' if o.waw_hamza => 'و',
        c => c,
    };
    match c {
        '\u{0640}' => {
            // Tatweel only stretches the letter before it.
            if let Some(last) = out.last_mut() {
                last.end = last.end.max(e);
            }
            return;
        }
        // A removed mark stays part of its letter's span (`کاملاً` slices whole).
        c if o.diacritics && chars::is_removable_diacritic(c) => {
            if let Some(last) = out.last_mut() {
                last.end = last.end.max(e);
            }
            return;
        }
        '\u{0653}'..='\u{0655}' if attach_mark(out, Unit::new(c, s, e), o) => return,
        _ => {}
    }
    out.push(Unit::new(c, s, e));
}

/// Madda and hamza above/below compose with the letter before them (ا+ٓ → آ,
/// و+ٔ → ؤ, ...); a second identical mark adds nothing. Returns whether `mark`
/// was absorbed into the last unit of `out`.
pub(super) fn attach_mark(out: &mut [Unit], mark: Unit, o: &NormalizeOptions) -> bool {
    let Some(last) = out.last_mut() else {
        return false;
    };
    let composed = match (last.c, mark.c) {
        ('ا', '\u{0653}') => 'آ',
        ('ا', '\u{0654}') => {
            if o.alef_hamza {
                'ا'
            } else {
                'أ'
            }
        }
        ('ا', '\u{0655}') => {
            if o.alef_hamza {
                'ا'
            } else {
                'إ'
            }
        }
        ('و', '\u{0654}') => {
            if o.waw_hamza {
                'و'
            } else {
                'ؤ'
            }
        }
        ('ی' | 'ي', '\u{0654}') => 'ئ',
        ('ه', '\u{0654}') if o.ezafe_hamza == EzafeHamza::Remove => 'ه',
        (l, m) if l == m => l,
        _ => return false,
    };
    last.c = composed;
    last.end = last.end.max(mark.end);
    true
}

#[cfg(test)]
mod tests {
    #[test]
    fn plain_persian_table_matches_the_chars() {
        for cp in 0x0600..0x0700u32 {
            let c = char::from_u32(cp).unwrap();
            let i = (cp & 0xFF) as usize;
            let bit = super::PLAIN_PERSIAN[i >> 6] >> (i & 63) & 1 != 0;
            assert_eq!(bit, super::is_plain_persian(c), "{cp:x}");
        }
    }
}
