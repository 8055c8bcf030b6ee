//! What the fuzz targets share: options chosen by the fuzzer's first bytes.

use parsi::{Digits, EzafeHamza, NormalizeOptions};

/// Splits the input into normalizer options (first 3 bytes, every combination
/// reachable) and the text (the rest, lossily decoded: invalid UTF-8 becomes U+FFFD).
pub fn split(data: &[u8]) -> (NormalizeOptions, String) {
    let (head, rest) = data.split_at(data.len().min(3));
    let b = |i: usize| head.get(i).copied().unwrap_or(0);
    let flags = u16::from_le_bytes([b(0), b(1)]);
    let bit = |k: u16| flags & (1 << k) != 0;
    let options = NormalizeOptions {
        arabic_letters: !bit(0),
        teh_marbuta: bit(1),
        alef_hamza: bit(2),
        waw_hamza: bit(3),
        ezafe_hamza: if bit(4) { EzafeHamza::Remove } else { EzafeHamza::Keep },
        digits: [Digits::Persian, Digits::Ascii, Digits::Keep][(b(2) % 3) as usize],
        diacritics: !bit(5),
        max_repeat: if bit(6) { Some(1 + b(2) / 64) } else { None },
        zwnj: !bit(7),
        verb_prefix: !bit(8),
        suffixes: !bit(9),
        clitics: !bit(10),
        compounds: !bit(11),
        punctuation: !bit(12),
        quotes: !bit(13),
    };
    (options, String::from_utf8_lossy(rest).into_owned())
}
