//! Character classes for Persian text: letters, joining behaviour, digits, marks,
//! spaces, invisible format characters and emoji.
//!
//! Everything here is a pure function of one `char`, so the passes of the
//! normalizer and the tokenizer agree on what a letter or a digit is.

/// Zero-width non-joiner (U+200C), the Persian "half-space".
pub const ZWNJ: char = '\u{200C}';
/// Zero-width joiner (U+200D); kept only inside emoji sequences.
pub const ZWJ: char = '\u{200D}';
/// Arabic hamza above (U+0654), the ezafe mark written on ه as in `خانهٔ`.
pub const HAMZA_ABOVE: char = '\u{0654}';

/// A letter of the Arabic script (Persian, Arabic, Urdu, ... letters), not a mark or digit.
#[inline]
pub fn is_arabic_letter(c: char) -> bool {
    let cp = c as u32;
    if cp >> 8 == 0x06 {
        return in_table(&ARABIC_LETTERS, cp);
    }
    matches!(c, '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08C9}')
}

/// A combining mark of the Arabic script (harakat, tanwin, shadda, hamza above/below,
/// superscript alef, Quranic marks).
#[inline]
pub fn is_arabic_mark(c: char) -> bool {
    let cp = c as u32;
    if cp >> 8 == 0x06 {
        return in_table(&ARABIC_MARKS, cp);
    }
    matches!(c, '\u{08CA}'..='\u{08FF}')
}

/// A letter or a combining mark of the Arabic script: [`is_arabic_letter`]
/// or [`is_arabic_mark`], in one look-up.
#[inline]
pub(crate) fn is_arabic_letter_or_mark(c: char) -> bool {
    let cp = c as u32;
    if cp >> 8 == 0x06 {
        return in_table(&LETTERS_AND_MARKS, cp);
    }
    matches!(c, '\u{0750}'..='\u{077F}' | '\u{08A0}'..='\u{08FF}')
}

/// [`ARABIC_LETTERS`] and [`ARABIC_MARKS`] together.
pub(crate) const LETTERS_AND_MARKS: [u64; 4] = [
    ARABIC_LETTERS[0] | ARABIC_MARKS[0],
    ARABIC_LETTERS[1] | ARABIC_MARKS[1],
    ARABIC_LETTERS[2] | ARABIC_MARKS[2],
    ARABIC_LETTERS[3] | ARABIC_MARKS[3],
];

/// Bit `cp & 0xFF` of a 256-bit table.
#[inline]
pub(crate) fn in_table(table: &[u64; 4], cp: u32) -> bool {
    let i = (cp & 0xFF) as usize;
    table[i >> 6] >> (i & 63) & 1 != 0
}

/// A 256-bit table over U+0600–U+06FF with the bits of `ranges` set.
pub(crate) const fn table(ranges: &[(u32, u32)]) -> [u64; 4] {
    let mut t = [0u64; 4];
    let mut r = 0;
    while r < ranges.len() {
        let (a, b) = ranges[r];
        let mut cp = a;
        while cp <= b {
            let i = (cp & 0xFF) as usize;
            t[i >> 6] |= 1 << (i & 63);
            cp += 1;
        }
        r += 1;
    }
    t
}

const ARABIC_LETTERS: [u64; 4] = table(&[
    (0x0620, 0x063F),
    (0x0641, 0x064A),
    (0x066E, 0x066F),
    (0x0671, 0x06D3),
    (0x06D5, 0x06D5),
    (0x06EE, 0x06EF),
    (0x06FA, 0x06FC),
    (0x06FF, 0x06FF),
]);
const ARABIC_MARKS: [u64; 4] = table(&[
    (0x0610, 0x061A),
    (0x064B, 0x065F),
    (0x0670, 0x0670),
    (0x06D6, 0x06DC),
    (0x06DF, 0x06E4),
    (0x06E7, 0x06E8),
    (0x06EA, 0x06ED),
]);

/// `char::is_alphabetic` over U+0600–U+06FF (the test
/// `alphabetic_tables_match_std` checks it against the standard library).
const ARABIC_ALPHABETIC: [u64; 4] = [
    0xffff_ffff_07ff_0000,
    0xffff_c000_feff_ffff,
    0xffff_ffff_ffff_ffff,
    0x9c00_e1fe_1fef_ffff,
];
/// `char::is_alphanumeric` over U+0600–U+06FF.
const ARABIC_ALPHANUMERIC: [u64; 4] = [
    0xffff_ffff_07ff_0000,
    0xffff_c3ff_feff_ffff,
    0xffff_ffff_ffff_ffff,
    0x9fff_e1fe_1fef_ffff,
];

/// `c.is_alphabetic()`, answered from a table for ASCII and the Arabic block
/// (the standard library searches its Unicode tables for every non-ASCII
/// char, which was an eighth of segmentation's time in wasm).
#[inline]
pub fn is_alphabetic(c: char) -> bool {
    by_block(
        c,
        char::is_ascii_alphabetic,
        &ARABIC_ALPHABETIC,
        char::is_alphabetic,
    )
}

/// `c.is_alphanumeric()`, as fast as [`is_alphabetic`].
#[inline]
pub fn is_alphanumeric(c: char) -> bool {
    by_block(
        c,
        char::is_ascii_alphanumeric,
        &ARABIC_ALPHANUMERIC,
        char::is_alphanumeric,
    )
}

/// A char property: `ascii` below U+0080, `arabic` over U+0600–U+06FF,
/// `other` elsewhere.
#[inline(always)]
fn by_block(c: char, ascii: fn(&char) -> bool, arabic: &[u64; 4], other: fn(char) -> bool) -> bool {
    let cp = c as u32;
    if cp < 0x80 {
        ascii(&c)
    } else if cp >> 8 == 0x06 {
        in_table(arabic, cp)
    } else {
        other(c)
    }
}

/// The diacritics removed by the normalizer's `diacritics` option: U+064B–U+0652
/// (tanwin, harakat, shadda, sukun) and U+0670 (superscript alef).
pub fn is_removable_diacritic(c: char) -> bool {
    matches!(c, '\u{064B}'..='\u{0652}' | '\u{0670}')
}

/// Arabic-script letters that never join the following letter, so a ZWNJ after
/// them is redundant: ا آ أ إ ٱ د ذ ر ز ژ و ؤ ۀ ة ء and their relatives.
pub fn is_non_joining(c: char) -> bool {
    matches!(
        c,
        '\u{0621}' // ء
        | '\u{0622}'..='\u{0625}' // آ أ ؤ إ
        | '\u{0627}' // ا
        | '\u{0629}' // ة
        | '\u{062F}'..='\u{0632}' // د ذ ر ز
        | '\u{0648}' // و
        | '\u{0671}'..='\u{0673}'
        | '\u{0675}'..='\u{0677}'
        | '\u{0688}'..='\u{0699}' // includes ژ
        | '\u{06C0}' // ۀ
        | '\u{06C3}'..='\u{06CB}'
        | '\u{06CD}'
        | '\u{06CF}'
        | '\u{06D2}'..='\u{06D3}'
        | '\u{06D5}'
        | '\u{06EE}'..='\u{06EF}'
    )
}

/// The value of a digit in any of the three digit sets (ASCII, Arabic-Indic, Persian).
pub fn digit_value(c: char) -> Option<u32> {
    match c {
        '0'..='9' => Some(c as u32 - '0' as u32),
        '\u{0660}'..='\u{0669}' => Some(c as u32 - 0x0660),
        '\u{06F0}'..='\u{06F9}' => Some(c as u32 - 0x06F0),
        _ => None,
    }
}

/// True for ASCII, Arabic-Indic and Persian digits.
pub fn is_digit(c: char) -> bool {
    digit_value(c).is_some()
}

/// The Persian digit (۰–۹) with the value `v` (0–9).
pub fn persian_digit(v: u32) -> char {
    char::from_u32(0x06F0 + v).unwrap_or('\u{06F0}')
}

/// The ASCII digit with the value `v` (0–9).
pub fn ascii_digit(v: u32) -> char {
    char::from_u32('0' as u32 + v).unwrap_or('0')
}

/// A letter of any script other than Arabic (Latin, Cyrillic, Greek, CJK, ...).
pub fn is_other_letter(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_alphabetic();
    }
    if is_arabic_block(c) {
        return false;
    }
    c.is_alphabetic()
}

/// The Arabic-script blocks (Arabic, Supplement, Extended-A, presentation forms).
fn is_arabic_block(c: char) -> bool {
    matches!(c, '\u{0600}'..='\u{08FF}' | '\u{FB50}'..='\u{FDFF}' | '\u{FE70}'..='\u{FEFF}')
}

/// Characters that are part of a word: letters of any script and combining marks.
pub fn is_word_char(c: char) -> bool {
    is_arabic_letter(c) || is_arabic_mark(c) || is_other_letter(c) || is_combining(c)
}

/// Generic combining marks (Latin accents and the like) that belong to the preceding letter.
pub fn is_combining(c: char) -> bool {
    matches!(c, '\u{0300}'..='\u{036F}' | '\u{1AB0}'..='\u{1AFF}' | '\u{1DC0}'..='\u{1DFF}' | '\u{20D0}'..='\u{20FF}' | '\u{FE20}'..='\u{FE2F}')
}

/// Horizontal white space of any kind (ASCII space and tab, NBSP, the U+2000 block,
/// narrow and ideographic spaces...). Line breaks are not included.
pub fn is_horizontal_space(c: char) -> bool {
    matches!(
        c,
        ' ' | '\t' | '\u{0B}' | '\u{0C}' | '\u{A0}' | '\u{1680}' | '\u{2000}'
            ..='\u{200A}' | '\u{202F}' | '\u{205F}' | '\u{3000}'
    )
}

/// Invisible characters that carry no text: bidi controls, zero-width space, word
/// joiner, BOM, soft hyphen, Mongolian vowel separator.
pub fn is_removable_format(c: char) -> bool {
    matches!(
        c,
        '\u{00AD}'
            | '\u{061C}'
            | '\u{180E}'
            | '\u{200B}'
            | '\u{200E}'
            | '\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2060}'..='\u{2064}'
            | '\u{2066}'..='\u{206F}'
            | '\u{FEFF}'
            | '\u{FFF9}'..='\u{FFFB}'
    )
}

/// C0 and C1 control characters other than line breaks and tabs (NUL, ESC, ...):
/// not text, but they do separate what stands on either side.
pub fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{0B}' | '\u{0C}' | '\u{85}')
}

/// Pictographic characters that start an emoji.
pub fn is_emoji(c: char) -> bool {
    matches!(c,
        '\u{1F000}'..='\u{1FAFF}'
        | '\u{2600}'..='\u{27BF}'
        | '\u{2B50}' | '\u{2B55}' | '\u{2B1B}' | '\u{2B1C}'
        | '\u{231A}' | '\u{231B}' | '\u{23E9}'..='\u{23FA}'
        | '\u{2934}' | '\u{2935}' | '\u{3030}' | '\u{303D}' | '\u{3297}' | '\u{3299}')
}

/// Characters that continue an emoji sequence: variation selectors, skin-tone
/// modifiers, the keycap mark, tag characters and the zero-width joiner.
pub fn is_emoji_continuation(c: char) -> bool {
    matches!(c,
        '\u{FE0E}' | '\u{FE0F}'
        | '\u{1F3FB}'..='\u{1F3FF}'
        | '\u{20E3}'
        | '\u{E0020}'..='\u{E007F}'
        | ZWJ)
}

/// Punctuation as the tokenizer splits it off (Persian and Latin).
pub fn is_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | '،'
            | '٫'
            | '٬'
            | ';'
            | '؛'
            | ':'
            | '!'
            | '?'
            | '؟'
            | '«'
            | '»'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '"'
            | '\''
            | '-'
            | '–'
            | '—'
            | '…'
            | '/'
            | '\\'
            | '“'
            | '”'
            | '‘'
            | '’'
            | '‹'
            | '›'
            | '۔'
            | '٭'
            | '*'
            | '_'
    )
}

/// Sentence-final punctuation.
pub fn is_terminal(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '؟' | '…' | '۔')
}

/// Closing quotes and brackets that stay with the sentence they close.
pub fn is_closer(c: char) -> bool {
    matches!(c, '»' | ')' | ']' | '}' | '"' | '\'' | '”' | '’' | '›')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alphabetic_tables_match_std() {
        for c in (0..0x2000).filter_map(char::from_u32) {
            assert_eq!(is_alphabetic(c), c.is_alphabetic(), "{c:?}");
            assert_eq!(is_alphanumeric(c), c.is_alphanumeric(), "{c:?}");
        }
    }

    #[test]
    fn digits_of_three_scripts_have_values() {
        assert_eq!(digit_value('7'), Some(7));
        assert_eq!(digit_value('٧'), Some(7));
        assert_eq!(digit_value('۷'), Some(7));
        assert_eq!(digit_value('a'), None);
        assert_eq!(persian_digit(3), '۳');
    }

    #[test]
    fn joining_classes() {
        for c in "اآدذرزژوۀ".chars() {
            assert!(is_non_joining(c), "{c}");
        }
        for c in "بپتکگیهمنلش".chars() {
            assert!(!is_non_joining(c), "{c}");
            assert!(is_arabic_letter(c));
        }
    }

    #[test]
    fn letter_or_mark_in_one_look_up() {
        for cp in 0..0x1_0000u32 {
            let Some(c) = char::from_u32(cp) else {
                continue;
            };
            assert_eq!(
                is_arabic_letter_or_mark(c),
                is_arabic_letter(c) || is_arabic_mark(c),
                "{cp:x}"
            );
        }
    }

    #[test]
    fn marks_and_letters_are_disjoint() {
        for cp in 0x0600..0x0900u32 {
            let c = char::from_u32(cp).unwrap();
            assert!(!(is_arabic_letter(c) && is_arabic_mark(c)), "{cp:x}");
        }
    }
}
