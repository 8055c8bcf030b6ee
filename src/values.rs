//! Values of Persian expressions: numbers written in words, digits or both,
//! ordinals, dates in the Jalali (Solar Hijri), Gregorian and Hijri
//! calendars, times of day, amounts of money and percentages.
//!
//! The parsers read text as people write it: digits of any of the three
//! scripts (ASCII, Persian `۰–۹`, Arabic-Indic `٠–٩`), the Arabic letters
//! `ي ى ك` for `ی ک`, harakat and tatweel, spaces or zero-width non-joiners
//! between words. Everything is pure (no I/O), never panics and answers
//! `None` for what is not a well-formed value, including values beyond the
//! range of the result type.
//!
//! ```
//! use parsi::values::{
//!     number_to_words, ordinal_to_words, parse_date, parse_money, parse_number, parse_ordinal,
//!     parse_time, Calendar,
//! };
//!
//! assert_eq!(parse_number("یک میلیون و دویست هزار"), Some(1_200_000.0));
//! assert_eq!(parse_number("۲٫۵ میلیارد"), Some(2_500_000_000.0));
//! assert_eq!(parse_number("ايران"), None);
//! assert_eq!(number_to_words(125), "صد و بیست و پنج");
//! assert_eq!(ordinal_to_words(30), "سی\u{200C}ام");
//! assert_eq!(parse_ordinal("بیست و یکم"), Some(21));
//!
//! let date = parse_date(&["۲۵", "اسفند", "۱۴۰۲"]).unwrap();
//! assert_eq!((date.calendar, date.year, date.month, date.day), (Calendar::Jalali, 1402, 12, 25));
//! assert_eq!(date.gregorian_iso().as_deref(), Some("2024-03-15"));
//!
//! assert_eq!(parse_time(&["ساعت", "ده", "و", "نیم"]), Some((10, 30)));
//! let money = parse_money(&["۵۰", "دلار", "و", "۸۲", "سنت"]).unwrap();
//! assert_eq!((money.amount, money.currency.as_str()), (50.82, "USD"));
//! ```
//!
//! Numbers in words follow the Persian short scale: `هزار` 10³, `میلیون`
//! 10⁶, `میلیارد` (or `بیلیون`) 10⁹, `تریلیون` 10¹²; beyond that
//! [`number_to_words`] writes compounds, `هزار تریلیون` (10¹⁵) and
//! `میلیون تریلیون` (10¹⁸), which [`parse_number`] reads back (it also reads
//! `تریلیارد` as 10¹⁵).
//!
//! Dates convert between the Jalali and Gregorian calendars exactly, with
//! the 33-year-cycle arithmetic of Borkowski's algorithm (the one behind the
//! common `jalaali` libraries) for Jalali years [`JALALI_MIN_YEAR`] to
//! [`JALALI_MAX_YEAR`]; Gregorian dates are proleptic before 1582. Hijri
//! (lunar) dates are read and checked for their form only: the months' true
//! lengths depend on the sighting of the moon, and the tabular Hijri calendar
//! is only an approximation of them, so they are not converted.

use crate::chars::{ascii_digit, digit_value, ZWNJ};

// ---------------------------------------------------------------------------
// Text as the parsers compare it.

/// The text with Arabic `ي ى ك` as Persian `ی ک`, digits of every script as
/// ASCII, and harakat, tatweel and invisible marks other than ZWNJ dropped.
fn clean(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if let Some(v) = digit_value(c) {
            out.push(ascii_digit(v));
            continue;
        }
        match c {
            '\u{064A}' | '\u{0649}' => out.push('ی'),
            '\u{0643}' => out.push('ک'),
            '\u{0640}'
            | '\u{064B}'..='\u{065F}'
            | '\u{0670}'
            | '\u{200D}'..='\u{200F}'
            | '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{FEFF}' => {}
            _ => out.push(c),
        }
    }
    out
}

/// The words of a text: split at spaces of every kind and at ZWNJ.
fn split_words(s: &str) -> Vec<&str> {
    s.split(|c: char| c.is_whitespace() || c == ZWNJ)
        .filter(|w| !w.is_empty())
        .collect()
}

/// The tokens cleaned (see [`clean`]), empty ones left out.
fn clean_tokens(words: &[&str]) -> Vec<String> {
    words
        .iter()
        .map(|w| clean(w.trim()))
        .filter(|w| !w.is_empty())
        .collect()
}

fn is_ascii_digits(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit())
}

// ---------------------------------------------------------------------------
// Exact decimal values.

/// The most decimal digits kept after the separator.
const MAX_SCALE: u32 = 38;

/// An exact non-negative decimal, `m / 10^s`: numbers in words and digits
/// add and multiply without rounding, and become an `f64` once, correctly
/// rounded.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Dec {
    m: u128,
    s: u32,
}

impl Dec {
    const fn int(m: u128) -> Dec {
        Dec { m, s: 0 }
    }

    /// The same value with no trailing zero after the separator.
    fn norm(mut self) -> Dec {
        while self.s > 0 && self.m % 10 == 0 {
            self.m /= 10;
            self.s -= 1;
        }
        if self.m == 0 {
            self.s = 0;
        }
        self
    }

    /// The value times 10^s, as an integer (`s` at least the own scale).
    fn scaled(self, s: u32) -> Option<u128> {
        let k = s.checked_sub(self.s)?;
        10u128.checked_pow(k)?.checked_mul(self.m)
    }

    fn add(self, o: Dec) -> Option<Dec> {
        let s = self.s.max(o.s);
        let m = self.scaled(s)?.checked_add(o.scaled(s)?)?;
        Some(Dec { m, s }.norm())
    }

    fn mul(self, o: Dec) -> Option<Dec> {
        let (a, b) = (self.norm(), o.norm());
        let m = a.m.checked_mul(b.m)?;
        let s = a.s.checked_add(b.s)?;
        Some(Dec { m, s }.norm())
    }

    fn lt(self, o: Dec) -> bool {
        let s = self.s.max(o.s);
        match (self.scaled(s), o.scaled(s)) {
            (Some(a), Some(b)) => a < b,
            _ => self.to_f64() < o.to_f64(),
        }
    }

    /// The nearest `f64` (infinite when beyond its range).
    fn to_f64(self) -> f64 {
        if self.s == 0 {
            self.m as f64
        } else {
            format!("{}e-{}", self.m, self.s)
                .parse()
                .unwrap_or(f64::NAN)
        }
    }

    /// The value if it is a whole number.
    fn integer(self) -> Option<u128> {
        let d = self.norm();
        (d.s == 0).then_some(d.m)
    }
}

/// A number written in digits (ASCII, after [`clean`]): `1234`, `1,234`,
/// `1٬234`, `12.5`, `12٫5`. Thousands separators must group by three.
fn digits_value(t: &str) -> Option<Dec> {
    let (int, frac) = match t.split_once(['.', '٫']) {
        Some((i, f)) => (i, Some(f)),
        None => (t, None),
    };
    let grouped = int.contains([',', '٬']);
    let mut m: u128 = 0;
    for (k, group) in int.split([',', '٬']).enumerate() {
        let ok = if !grouped {
            is_ascii_digits(group)
        } else if k == 0 {
            is_ascii_digits(group) && group.len() <= 3
        } else {
            is_ascii_digits(group) && group.len() == 3
        };
        if !ok {
            return None;
        }
        for b in group.bytes() {
            m = m.checked_mul(10)?.checked_add(u128::from(b - b'0'))?;
        }
    }
    let mut s = 0;
    if let Some(frac) = frac {
        if !is_ascii_digits(frac) {
            return None;
        }
        // Digits past what an exact u128 holds are dropped (below 10^-38 of the value).
        for b in frac.bytes() {
            if s >= MAX_SCALE {
                break;
            }
            match m
                .checked_mul(10)
                .and_then(|v| v.checked_add(u128::from(b - b'0')))
            {
                Some(v) => {
                    m = v;
                    s += 1;
                }
                None => break,
            }
        }
    }
    Some(Dec { m, s }.norm())
}

// ---------------------------------------------------------------------------
// Numbers in words.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Tok {
    /// یک … نه
    Unit(u8),
    /// ده … نوزده
    Teen(u8),
    /// بیست … نود
    Ten(u8),
    /// یکصد, دویست … نهصد
    Hundred(u16),
    /// صد: 100 alone, or the hundreds of a unit before it (`چهار صد`).
    Sad,
    /// هزار, میلیون, …
    Mag(u128),
    /// و
    Va,
    /// نیم, ربع
    Frac(Dec),
    /// صفر
    Zero,
    /// منفی, -, −
    Minus,
    /// A number in digits.
    Num(Dec),
}

const THOUSAND: u128 = 1_000;

fn word_token(w: &str) -> Option<Tok> {
    number_word(w).or_else(|| digits_value(w).map(Tok::Num))
}

/// The token of a number word (`یک`, `هزار`, `و`, …), not of digits.
fn number_word(w: &str) -> Option<Tok> {
    use Tok::*;
    Some(match w {
        "یک" => Unit(1),
        "دو" => Unit(2),
        "سه" => Unit(3),
        "چهار" => Unit(4),
        "پنج" => Unit(5),
        "شش" | "شیش" => Unit(6),
        "هفت" => Unit(7),
        "هشت" => Unit(8),
        "نه" => Unit(9),
        "ده" => Teen(10),
        "یازده" => Teen(11),
        "دوازده" => Teen(12),
        "سیزده" => Teen(13),
        "چهارده" => Teen(14),
        "پانزده" | "پونزده" => Teen(15),
        "شانزده" | "شونزده" => Teen(16),
        "هفده" => Teen(17),
        "هجده" | "هیجده" => Teen(18),
        "نوزده" => Teen(19),
        "بیست" => Ten(20),
        "سی" => Ten(30),
        "چهل" => Ten(40),
        "پنجاه" => Ten(50),
        "شصت" => Ten(60),
        "هفتاد" => Ten(70),
        "هشتاد" => Ten(80),
        "نود" => Ten(90),
        "صد" => Sad,
        "یکصد" => Hundred(100),
        "دویست" => Hundred(200),
        "سیصد" => Hundred(300),
        "چهارصد" => Hundred(400),
        "پانصد" | "پونصد" => Hundred(500),
        "ششصد" => Hundred(600),
        "هفتصد" => Hundred(700),
        "هشتصد" => Hundred(800),
        "نهصد" => Hundred(900),
        "هزار" => Mag(THOUSAND),
        "میلیون" => Mag(1_000_000),
        "میلیارد" | "بیلیون" => Mag(1_000_000_000),
        "تریلیون" => Mag(1_000_000_000_000),
        "تریلیارد" => Mag(1_000_000_000_000_000),
        "و" => Va,
        "نیم" => Frac(Dec { m: 5, s: 1 }),
        "ربع" => Frac(Dec { m: 25, s: 2 }),
        "صفر" => Zero,
        "منفی" | "-" | "−" => Minus,
        _ => return None,
    })
}

/// The tokens of cleaned words; `None` at the first word that is not part of
/// a number. A sign may stick to the first word (`-12`).
fn lex(words: &[&str]) -> Option<Vec<Tok>> {
    let mut out = Vec::with_capacity(words.len() + 1);
    for (k, w) in words.iter().enumerate() {
        if k == 0 {
            if let Some(rest) = w.strip_prefix(['-', '−']).filter(|r| !r.is_empty()) {
                out.push(Tok::Minus);
                out.push(Tok::Num(digits_value(rest)?));
                continue;
            }
        }
        out.push(word_token(w)?);
    }
    Some(out)
}

/// One group of a number: a coefficient and the magnitudes after it
/// (`دویست هزار`, `سه`, `هزار میلیارد`).
#[derive(Clone, Copy, Debug)]
struct Section {
    coef: Dec,
    /// The product of the magnitudes, 1 when there is none.
    mult: u128,
    /// How many magnitude words.
    mags: u8,
    value: Dec,
}

struct Parser<'a> {
    t: &'a [Tok],
    i: usize,
}

impl Parser<'_> {
    fn peek(&self, k: usize) -> Option<Tok> {
        self.t.get(self.i.checked_add(k)?).copied()
    }

    /// A number below 1000 in words: hundreds, tens and units joined by `و`.
    fn small(&mut self) -> Option<u128> {
        use Tok::*;
        let mut v: u128 = match (self.peek(0), self.peek(1)) {
            (Some(Hundred(h)), _) => {
                self.i += 1;
                u128::from(h)
            }
            (Some(Unit(u)), Some(Sad)) => {
                self.i += 2;
                u128::from(u) * 100
            }
            (Some(Sad), _) => {
                self.i += 1;
                100
            }
            (Some(Ten(t)), _) => {
                self.i += 1;
                return Some(u128::from(t) + self.and_unit());
            }
            (Some(Teen(t) | Unit(t)), _) => {
                self.i += 1;
                return Some(u128::from(t));
            }
            _ => return None,
        };
        if self.peek(0) == Some(Va) {
            match self.peek(1) {
                Some(Ten(t)) => {
                    self.i += 2;
                    v += u128::from(t) + self.and_unit();
                }
                Some(Teen(t) | Unit(t)) => {
                    self.i += 2;
                    v += u128::from(t);
                }
                _ => {}
            }
        }
        Some(v)
    }

    /// `و` + a unit after tens, or 0.
    fn and_unit(&mut self) -> u128 {
        match (self.peek(0), self.peek(1)) {
            (Some(Tok::Va), Some(Tok::Unit(u))) => {
                self.i += 2;
                u128::from(u)
            }
            _ => 0,
        }
    }

    fn section(&mut self) -> Option<Section> {
        use Tok::*;
        let (coef, from_frac) = match self.peek(0)? {
            Num(d) => {
                self.i += 1;
                (Some(d), false)
            }
            Frac(f) => {
                self.i += 1;
                (Some(f), true)
            }
            Unit(_) | Teen(_) | Ten(_) | Hundred(_) | Sad => (Some(Dec::int(self.small()?)), false),
            Mag(_) => (None, false),
            Va | Zero | Minus => return None,
        };
        // `یک و نیم میلیون`: a half or a quarter inside a coefficient, before a magnitude.
        let mut coef = coef;
        if let (Some(c), false, Some(Va), Some(Frac(f)), Some(Mag(_))) =
            (coef, from_frac, self.peek(0), self.peek(1), self.peek(2))
        {
            coef = Some(c.add(f)?);
            self.i += 2;
        }
        // Magnitudes in a row multiply, from the smallest up (`هزار میلیارد`).
        let mut mult: u128 = 1;
        let mut last: u128 = 1;
        let mut mags: u8 = 0;
        while let Some(Mag(m)) = self.peek(0) {
            if m <= last {
                return None;
            }
            mult = mult.checked_mul(m)?;
            last = m;
            mags = mags.saturating_add(1);
            self.i += 1;
        }
        if coef.is_none() && mags == 0 {
            return None;
        }
        let coef = coef.unwrap_or(Dec::int(1));
        let value = coef.mul(Dec::int(mult))?;
        Some(Section {
            coef,
            mult,
            mags,
            value,
        })
    }
}

/// Adds a section after the ones before it: magnitudes must fall from one
/// section to the next and each value stay below the magnitude before it,
/// except that a larger magnitude may close a thousands coefficient
/// (`دو هزار و پانصد میلیارد` = 2500 × 10⁹).
fn push_section(sections: &mut Vec<Section>, s: Section) -> Option<()> {
    let Some(prev) = sections.last().copied() else {
        sections.push(s);
        return Some(());
    };
    let m = Dec::int(prev.mult);
    if s.mult < prev.mult && s.value.lt(m) {
        sections.push(s);
        return Some(());
    }
    let coef = s.coef.integer()?;
    if prev.mult == THOUSAND
        && prev.mags == 1
        && s.mags == 1
        && s.mult > THOUSAND
        && coef < THOUSAND
    {
        let coef = prev.coef.mul(Dec::int(THOUSAND))?.add(s.coef)?;
        let merged = Section {
            coef,
            mult: s.mult,
            mags: 1,
            value: coef.mul(Dec::int(s.mult))?,
        };
        sections.pop();
        return push_section(sections, merged);
    }
    None
}

/// The sign and the exact value of a number in cleaned words (tokens with
/// a ZWNJ or space inside are split there).
fn value_of_words(words: &[&str]) -> Option<(bool, Dec)> {
    let words: Vec<&str> = words.iter().flat_map(|w| split_words(w)).collect();
    let toks = lex(&words)?;
    let (neg, rest) = match toks.split_first() {
        Some((Tok::Minus, rest)) => (true, rest),
        _ => (false, &toks[..]),
    };
    if rest == [Tok::Zero] {
        return Some((neg, Dec::int(0)));
    }
    let mut p = Parser { t: rest, i: 0 };
    let mut sections: Vec<Section> = Vec::new();
    let mut fraction = Dec::int(0);
    loop {
        let s = p.section()?;
        push_section(&mut sections, s)?;
        match p.peek(0) {
            None => break,
            Some(Tok::Va) => {
                if let Some(Tok::Frac(f)) = p.peek(1) {
                    if p.i + 2 == rest.len() {
                        // `دو و نیم`, `دو میلیون و نیم`: a fraction of the last magnitude.
                        let last = sections.last()?;
                        fraction = f.mul(Dec::int(last.mult))?;
                        break;
                    }
                }
                p.i += 1;
            }
            // Without `و` only after a magnitude: `یک میلیون دویست هزار`.
            Some(_) => {
                if sections.last()?.mult == 1 {
                    return None;
                }
            }
        }
    }
    let mut total = fraction;
    for s in &sections {
        total = total.add(s.value)?;
    }
    Some((neg, total))
}

/// The sign and exact value of a number as text (see [`parse_number`]).
fn value_of_text(text: &str) -> Option<(bool, Dec)> {
    let cleaned = clean(text);
    let t = cleaned.trim_matches(|c: char| c.is_whitespace() || c == ZWNJ);
    // The whole text `digits/digits`: a decimal written with a slash (`۳/۵`).
    let (neg, body) = match t.strip_prefix(['-', '−']) {
        Some(b) => (true, b),
        None => (false, t),
    };
    if let Some((a, b)) = body.split_once('/') {
        if is_ascii_digits(a) && is_ascii_digits(b) {
            return Some((neg, digits_value(&format!("{a}.{b}"))?));
        }
    }
    value_of_words(&split_words(t))
}

fn signed_f64((neg, d): (bool, Dec)) -> Option<f64> {
    let v = d.to_f64();
    if !v.is_finite() {
        return None;
    }
    Some(if neg && v != 0.0 { -v } else { v })
}

/// A non-negative whole number from cleaned words.
fn whole(words: &[&str]) -> Option<u64> {
    match value_of_words(words)? {
        (false, d) => u64::try_from(d.integer()?).ok(),
        (true, d) if d.m == 0 => Some(0),
        _ => None,
    }
}

/// The value of a Persian number written in words, digits or both.
///
/// - Digits of any script, with thousands separators `,` `٬` (in groups of
///   three) and a decimal separator `.` or `٫`; `/` is a decimal separator
///   only when the whole text is `digits/digits` (`۳/۵` → 3.5).
/// - Words: units to hundreds joined by `و` (`صد و بیست و پنج`), hundreds
///   also as `یکصد`, `یک‌صد`, `چهار صد`; magnitudes `هزار` 10³, `میلیون` 10⁶,
///   `میلیارد`/`بیلیون` 10⁹, `تریلیون` 10¹², `تریلیارد` 10¹⁵, alone (`هزار`)
///   or after a coefficient, and in a row from the smallest up
///   (`هزار میلیارد` = 10¹²). Groups fall in magnitude (`یک میلیون و دویست
///   هزار`), joined by `و` or, after a magnitude, by a space; a larger
///   magnitude may close a thousands coefficient as the press writes it
///   (`۱۲ هزار و ۵۰۰ میلیارد` = 12 500 × 10⁹).
/// - Digits as coefficients (`۳ میلیون`, `۲٫۵ میلیارد`, `۱۲ هزار و ۵۰۰`).
/// - `نیم` (½) and `ربع` (¼): `دو و نیم` 2.5, `یک و نیم میلیون` 1 500 000,
///   `نیم میلیون` 500 000; after a magnitude they are a fraction of it
///   (`دو میلیون و نیم` 2 500 000).
/// - `صفر` is 0; a leading `-`, `−` or `منفی` makes the number negative.
///
/// Words may be separated by any spaces or ZWNJ; Arabic `ي ك` count as
/// `ی ک`. Anything else is `None`: `ایران`, the empty text, `و`, `یک و`,
/// `هزار هزار`, `صد هزار صد هزار`, and values beyond what is held exactly
/// before the conversion to `f64`: an integer part beyond `u128::MAX`
/// (about 3.4 × 10³⁸), in digits or in words.
pub fn parse_number(text: &str) -> Option<f64> {
    signed_f64(value_of_text(text)?)
}

/// A quick test before [`parse_number`] on a word: false only when `word`
/// is one word of letters that [`parse_number`] reads as written and that is
/// not a number word (most words), without allocating.
///
/// A word of such letters and ZWNJs (`کتاب‌ها`, `می‌روم`) is a number only
/// if every piece between its ZWNJs is a number word ([`value_of_text`]
/// splits it there and [`lex`] takes number words only), so its first piece
/// decides.
pub(crate) fn may_be_number(word: &str) -> bool {
    let plain = |c: char| {
        crate::chars::is_alphabetic(c)
            && digit_value(c).is_none()
            && !matches!(
                c,
                '\u{064A}' | '\u{0649}' | '\u{0643}' | '\u{0640}' | '\u{064B}'
                    ..='\u{065F}' | '\u{0670}'
            )
    };
    if !word.chars().all(|c| c == ZWNJ || plain(c)) {
        return true;
    }
    // Letters only: a number word, never digits.
    word.split(ZWNJ)
        .find(|piece| !piece.is_empty())
        .is_some_and(|piece| number_word(piece).is_some())
}

const UNITS: [&str; 10] = [
    "", "یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه",
];
const TEENS: [&str; 10] = [
    "ده",
    "یازده",
    "دوازده",
    "سیزده",
    "چهارده",
    "پانزده",
    "شانزده",
    "هفده",
    "هجده",
    "نوزده",
];
const TENS: [&str; 10] = [
    "",
    "",
    "بیست",
    "سی",
    "چهل",
    "پنجاه",
    "شصت",
    "هفتاد",
    "هشتاد",
    "نود",
];
const HUNDREDS: [&str; 10] = [
    "",
    "صد",
    "دویست",
    "سیصد",
    "چهارصد",
    "پانصد",
    "ششصد",
    "هفتصد",
    "هشتصد",
    "نهصد",
];
/// The name of each group of three digits, from the units up.
const SCALES: [&str; 7] = [
    "",
    "هزار",
    "میلیون",
    "میلیارد",
    "تریلیون",
    "هزار تریلیون",
    "میلیون تریلیون",
];

/// 1–999 in words.
fn small_words(g: u64, out: &mut Vec<&'static str>) {
    let (h, r) = ((g / 100 % 10) as usize, (g % 100) as usize);
    let mut parts: Vec<&'static str> = Vec::with_capacity(3);
    if h > 0 {
        parts.push(HUNDREDS[h]);
    }
    if (10..20).contains(&r) {
        parts.push(TEENS[r - 10]);
    } else {
        if r >= 20 {
            parts.push(TENS[r / 10]);
        }
        if r % 10 > 0 {
            parts.push(UNITS[r % 10]);
        }
    }
    for (k, p) in parts.into_iter().enumerate() {
        if k > 0 {
            out.push("و");
        }
        out.push(p);
    }
}

/// A whole number in Persian words (cardinal), as [`parse_number`] reads it
/// back: `0` → `صفر`, `125` → `صد و بیست و پنج`, `1000` → `هزار`,
/// `1200000` → `یک میلیون و دویست هزار`.
///
/// Groups of three digits are joined by `و`; 100 is `صد` and a single
/// thousand `هزار` (without `یک`), while millions and up say `یک`. Above the
/// trillions the names are compounds: `هزار تریلیون` (10¹⁵) and
/// `میلیون تریلیون` (10¹⁸).
pub fn number_to_words(n: u64) -> String {
    if n == 0 {
        return "صفر".to_string();
    }
    let mut words: Vec<&'static str> = Vec::new();
    let mut first = true;
    for (k, scale) in SCALES.iter().enumerate().rev() {
        let g = n / 1000u64.pow(k as u32) % 1000;
        if g == 0 {
            continue;
        }
        if !first {
            words.push("و");
        }
        first = false;
        // A single thousand is `هزار`, not `یک هزار`.
        if !(g == 1 && scale.starts_with("هزار")) {
            small_words(g, &mut words);
        }
        words.extend(scale.split(' ').filter(|w| !w.is_empty()));
    }
    words.join(" ")
}

/// A whole number as a Persian ordinal: `1` → `یکم`, `3` → `سوم`, `21` →
/// `بیست و یکم`, `30` → `سی‌ام` (with ZWNJ), `100` → `صدم`, `0` → `صفرم`.
/// [`parse_ordinal`] reads it back.
pub fn ordinal_to_words(n: u64) -> String {
    let mut w = number_to_words(n);
    if let Some(head) = w
        .strip_suffix("سه")
        .filter(|h| h.is_empty() || h.ends_with(' '))
    {
        w = format!("{head}سوم");
    } else if w.ends_with('ی') {
        w.push(ZWNJ);
        w.push_str("ام");
    } else {
        w.push('م');
    }
    w
}

/// The value of a Persian ordinal: `اول`, `یکم`, `نخست`, `دوم`, `سوم`,
/// `سی‌ام` (also `سیام`, `سی ام`), `بیست و یکم`, `صدم`, `هزارم`, the
/// superlative `-ین` forms (`چهارمین`, `اولین`, `نخستین`), and digits with
/// `م` or `ام` (`۳م`, `۲۱ام`, `۲۱‌ام`). Cardinals (`بیست`), negative and
/// fractional numbers, and values beyond `u64` are `None`.
pub fn parse_ordinal(text: &str) -> Option<u64> {
    let cleaned = clean(text);
    let mut words = split_words(&cleaned);
    let last = words.pop()?;
    if words.is_empty() && matches!(last, "اول" | "اولین" | "نخست" | "نخستین") {
        return Some(1);
    }
    // The superlative: چهارمین → چهارم.
    let last = match last.strip_suffix("ین") {
        Some(r) if r.ends_with('م') => r,
        _ => last,
    };
    let cardinal = if last == "ام" {
        // سی‌ام split at the ZWNJ, or digits and a separate ام.
        let prev = words.pop()?;
        if prev != "سی" && !is_ascii_digits(prev) {
            return None;
        }
        prev
    } else if let Some(r) = last
        .strip_suffix("ام")
        .filter(|r| *r == "سی" || is_ascii_digits(r))
    {
        r
    } else if last == "سوم" {
        "سه"
    } else {
        last.strip_suffix('م').filter(|r| !r.is_empty())?
    };
    words.push(cardinal);
    whole(&words)
}

// ---------------------------------------------------------------------------
// Calendars.

/// The first Jalali year the conversions handle (1 Farvardin 1 = 22 March 622).
pub const JALALI_MIN_YEAR: i32 = 1;
/// The last Jalali year the conversions handle (the end of the breaks table).
pub const JALALI_MAX_YEAR: i32 = 3177;

/// The Jalali years where the 33-year rule of leap years starts over
/// (Borkowski, "The Persian calendar for 3000 years", 1996).
const BREAKS: [i32; 20] = [
    -61, 9, 38, 199, 426, 686, 756, 818, 1111, 1181, 1210, 1635, 2060, 2097, 2192, 2262, 2324,
    2394, 2456, 3178,
];

/// A calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Calendar {
    /// The Solar Hijri calendar of Iran (Farvardin … Esfand).
    Jalali,
    /// The Gregorian calendar (proleptic before 1582).
    Gregorian,
    /// The lunar Hijri calendar (Muharram … Dhu al-Hijjah).
    Hijri,
}

/// A calendar date; [`Date::new`] and [`parse_date`] give only valid ones.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// The calendar the year, month and day count in.
    pub calendar: Calendar,
    /// The year (AP for Jalali, AD for Gregorian, AH for Hijri).
    pub year: i32,
    /// The month, 1–12.
    pub month: u8,
    /// The day of the month, from 1.
    pub day: u8,
}

impl Date {
    /// The date if it exists: Jalali years [`JALALI_MIN_YEAR`] to
    /// [`JALALI_MAX_YEAR`] with the true month lengths (Esfand 30 only in
    /// leap years), Gregorian years 1–9999 with 29 February only in leap
    /// years, Hijri years 1–9999 with days 1–30 in every month (a month's
    /// true length depends on the sighting of the moon).
    pub fn new(calendar: Calendar, year: i32, month: u8, day: u8) -> Option<Date> {
        let len = match calendar {
            Calendar::Jalali => jalali_month_length(year, month)?,
            Calendar::Gregorian if (1..=9999).contains(&year) => {
                gregorian_month_length(year, month)?
            }
            Calendar::Hijri if (1..=9999).contains(&year) && (1..=12).contains(&month) => 30,
            _ => return None,
        };
        (1..=len).contains(&day).then_some(Date {
            calendar,
            year,
            month,
            day,
        })
    }

    /// The date in the Gregorian calendar as `YYYY-MM-DD`: Jalali dates are
    /// converted, Gregorian ones written out. `None` for Hijri dates (the
    /// tabular Hijri calendar only approximates the observed one, so no
    /// conversion is exact), for dates that do not exist and for years
    /// outside 1–9999.
    pub fn gregorian_iso(&self) -> Option<String> {
        let (y, m, d) = match self.calendar {
            Calendar::Jalali => jalali_to_gregorian(self.year, self.month, self.day)?,
            Calendar::Gregorian => {
                let len = gregorian_month_length(self.year, self.month)?;
                if !(1..=len).contains(&self.day) {
                    return None;
                }
                (self.year, self.month, self.day)
            }
            Calendar::Hijri => return None,
        };
        (1..=9999)
            .contains(&y)
            .then(|| format!("{y:04}-{m:02}-{d:02}"))
    }
}

fn is_gregorian_leap(y: i32) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

fn gregorian_month_length(y: i32, m: u8) -> Option<u8> {
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_gregorian_leap(y) => 29,
        2 => 28,
        _ => return None,
    })
}

/// Days since 1970-01-01 of a proleptic Gregorian date (month 1–12).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12; // March = 0
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The proleptic Gregorian date of a day number of [`days_from_civil`].
fn civil_from_days(z: i64) -> (i64, i64, i64) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// A Jalali year: whether it is leap and the day number of its 1 Farvardin.
struct JalaliYear {
    leap: bool,
    start: i64,
}

fn jalali_year(jy: i32) -> Option<JalaliYear> {
    if !(JALALI_MIN_YEAR..=JALALI_MAX_YEAR).contains(&jy) {
        return None;
    }
    // Leap days from the first break to the start of the year: 8 in every
    // full 33-year cycle, one every 4 years in the rest of each span.
    let mut leaps = -14;
    let mut from = BREAKS[0];
    let mut span = 0;
    for &b in &BREAKS[1..] {
        span = b - from;
        if jy < b {
            break;
        }
        leaps += span / 33 * 8 + span % 33 / 4;
        from = b;
    }
    let mut n = jy - from;
    leaps += n / 33 * 8 + (n % 33 + 3) / 4;
    if span % 33 == 4 && span - n == 4 {
        leaps += 1;
    }
    // The Gregorian leap days to the same year, and so the day in March of
    // 1 Farvardin.
    let gy = jy + 621;
    let greg_leaps = gy / 4 - (gy / 100 + 1) * 3 / 4 - 150;
    let march = 20 + leaps - greg_leaps;
    // Years since the last leap year; near the end of a span, counted as in
    // the cycle that follows.
    if span - n < 6 {
        n = n - span + (span + 4) / 33 * 33;
    }
    let since = (n + 1) % 33 - 1;
    Some(JalaliYear {
        leap: since >= 0 && since % 4 == 0,
        start: days_from_civil(i64::from(gy), 3, i64::from(march)),
    })
}

/// Whether Jalali year `y` has 366 days (Esfand 30); `false` outside
/// [`JALALI_MIN_YEAR`]–[`JALALI_MAX_YEAR`].
pub fn is_jalali_leap(y: i32) -> bool {
    jalali_year(y).is_some_and(|j| j.leap)
}

/// The days in month `m` (1–12) of Jalali year `y`: 31 for Farvardin to
/// Shahrivar, 30 for Mehr to Bahman, 29 for Esfand (30 in leap years).
/// `None` for a month outside 1–12 or a year outside
/// [`JALALI_MIN_YEAR`]–[`JALALI_MAX_YEAR`].
pub fn jalali_month_length(y: i32, m: u8) -> Option<u8> {
    let year = jalali_year(y)?;
    Some(match m {
        1..=6 => 31,
        7..=11 => 30,
        12 if year.leap => 30,
        12 => 29,
        _ => return None,
    })
}

/// The Gregorian date `(year, month, day)` of a Jalali date, or `None` when
/// the Jalali date does not exist (month 13, day 31 of Mehr, Esfand 30 of a
/// common year) or its year is outside
/// [`JALALI_MIN_YEAR`]–[`JALALI_MAX_YEAR`].
pub fn jalali_to_gregorian(y: i32, m: u8, d: u8) -> Option<(i32, u8, u8)> {
    let len = jalali_month_length(y, m)?;
    if !(1..=len).contains(&d) {
        return None;
    }
    let year = jalali_year(y)?;
    let m = i64::from(m);
    let offset = if m <= 6 {
        (m - 1) * 31
    } else {
        186 + (m - 7) * 30
    };
    let (gy, gm, gd) = civil_from_days(year.start + offset + i64::from(d) - 1);
    Some((
        i32::try_from(gy).ok()?,
        u8::try_from(gm).ok()?,
        u8::try_from(gd).ok()?,
    ))
}

/// The Jalali date `(year, month, day)` of a Gregorian date, or `None` when
/// the Gregorian date does not exist (29 February of a common year) or falls
/// outside Jalali years [`JALALI_MIN_YEAR`]–[`JALALI_MAX_YEAR`].
pub fn gregorian_to_jalali(y: i32, m: u8, d: u8) -> Option<(i32, u8, u8)> {
    let len = gregorian_month_length(y, m)?;
    if !(1..=len).contains(&d) {
        return None;
    }
    let day = days_from_civil(i64::from(y), i64::from(m), i64::from(d));
    // The Jalali year that starts in March of y, or the one before.
    let jy = y.checked_sub(621)?;
    let (jy, year) = match jalali_year(jy) {
        Some(year) if day >= year.start => (jy, year),
        _ => {
            let prev = jy.checked_sub(1)?;
            (prev, jalali_year(prev)?)
        }
    };
    let k = day - year.start;
    let days_in_year = if year.leap { 366 } else { 365 };
    if !(0..days_in_year).contains(&k) {
        return None;
    }
    let (jm, jd) = if k < 186 {
        (k / 31 + 1, k % 31 + 1)
    } else {
        ((k - 186) / 30 + 7, (k - 186) % 30 + 1)
    };
    Some((jy, u8::try_from(jm).ok()?, u8::try_from(jd).ok()?))
}

/// The calendar and number of a month's name (with `ماه` stuck to it or not).
fn month_of(w: &str) -> Option<(Calendar, u8)> {
    let key: String = w.chars().filter(|&c| c != ZWNJ).collect();
    if let Some(m) = month_name(&key) {
        return Some(m);
    }
    month_name(key.strip_suffix("ماه")?)
}

fn month_name(key: &str) -> Option<(Calendar, u8)> {
    use Calendar::*;
    Some(match key {
        "فروردین" => (Jalali, 1),
        "اردیبهشت" => (Jalali, 2),
        "خرداد" => (Jalali, 3),
        "تیر" => (Jalali, 4),
        "مرداد" | "امرداد" => (Jalali, 5),
        "شهریور" => (Jalali, 6),
        "مهر" => (Jalali, 7),
        "آبان" => (Jalali, 8),
        "آذر" => (Jalali, 9),
        "دی" => (Jalali, 10),
        "بهمن" => (Jalali, 11),
        "اسفند" => (Jalali, 12),
        "ژانویه" => (Gregorian, 1),
        "فوریه" => (Gregorian, 2),
        "مارس" | "مارچ" => (Gregorian, 3),
        "آوریل" | "آپریل" => (Gregorian, 4),
        "مه" | "می" => (Gregorian, 5),
        "ژوئن" | "جون" => (Gregorian, 6),
        "ژوئیه" | "جولای" => (Gregorian, 7),
        "اوت" | "آگوست" => (Gregorian, 8),
        "سپتامبر" => (Gregorian, 9),
        "اکتبر" => (Gregorian, 10),
        "نوامبر" => (Gregorian, 11),
        "دسامبر" => (Gregorian, 12),
        "محرم" => (Hijri, 1),
        "صفر" => (Hijri, 2),
        "ربیعالاول" => (Hijri, 3),
        "ربیعالثانی" | "ربیعالآخر" => (Hijri, 4),
        "جمادیالاول" | "جمادیالاولی" => (Hijri, 5),
        "جمادیالثانی" | "جمادیالثانیه" | "جمادیالآخر" | "جمادیالآخره" => {
            (Hijri, 6)
        }
        "رجب" => (Hijri, 7),
        "شعبان" => (Hijri, 8),
        "رمضان" => (Hijri, 9),
        "شوال" => (Hijri, 10),
        "ذیالقعده" | "ذیقعده" | "ذیالقعدة" => (Hijri, 11),
        "ذیالحجه" | "ذیحجه" | "ذیالحجة" => (Hijri, 12),
        _ => return None,
    })
}

/// An era marker after a year: `Some(Some(calendar))` when it names one
/// (`ه.ش`, `شمسی`, `میلادی`, `قمری`, …), `Some(None)` for `هجری` alone.
fn era(w: &str) -> Option<Option<Calendar>> {
    let key: String = w.chars().filter(|&c| c != ZWNJ).collect();
    if !key.is_empty() && key.chars().all(|c| c == '.') {
        return Some(None);
    }
    Some(match key.trim_end_matches('.') {
        "ه.ش" | "ش" | "شمسی" | "خورشیدی" => Some(Calendar::Jalali),
        "ه.ق" | "ق" | "قمری" => Some(Calendar::Hijri),
        "میلادی" | "م" => Some(Calendar::Gregorian),
        "هجری" => None,
        _ => return None,
    })
}

/// `1402/12/25`, `25/12/1402` (also with `-`): year-month-day when the first
/// part has four digits, day-month-year when the last does.
fn numeric_date(t: &str, marker: Option<Calendar>) -> Option<Date> {
    let sep = if t.contains('/') { '/' } else { '-' };
    let parts: Vec<&str> = t.split(sep).collect();
    let [a, b, c] = parts[..] else {
        return None;
    };
    if !parts.iter().all(|p| is_ascii_digits(p)) || !(1..=2).contains(&b.len()) {
        return None;
    }
    let (y, d) = if a.len() == 4 && (1..=2).contains(&c.len()) {
        (a, c)
    } else if c.len() == 4 && (1..=2).contains(&a.len()) {
        (c, a)
    } else {
        return None;
    };
    let year: i32 = y.parse().ok()?;
    let calendar = marker.unwrap_or(if year < 1700 {
        Calendar::Jalali
    } else {
        Calendar::Gregorian
    });
    Date::new(calendar, year, b.parse().ok()?, d.parse().ok()?)
}

/// A complete date from normalized tokens:
///
/// - day, month name, year: `۲۵ اسفند ۱۴۰۲`, `۲۵ اسفند ماه ۱۴۰۲`,
///   `۲۵ اسفندماه سال ۱۴۰۲`, `۱۵ مارس ۲۰۲۴`, `۱۰ محرم ۱۴۴۵`; the month names
///   the calendar (Jalali, Gregorian or Hijri, the Hijri compounds as one
///   token with or without ZWNJ, `ربیع‌الاول`, or as two tokens); the day is
///   digits, an ordinal (`اول فروردین ۱۴۰۳`, `بیست و پنجم`) or a cardinal in
///   words; the year digits or words, written as is (`۹۹` is the year 99);
/// - one token `1402/12/25` or `۲۵/۱۲/۱۴۰۲` (or with `-`): year first when
///   the first part has four digits, last when the last part does; Jalali if
///   the year is below 1700, Gregorian otherwise, unless an era marker says
///   which;
/// - either followed by era markers (`ه.ش`, `ه.ش.`, `هجری شمسی`, `میلادی`,
///   `قمری`, …), which a month name overrides.
///
/// The day and month must exist in the calendar (see [`Date::new`]).
/// Incomplete dates (`اسفند`, `اسفند ۱۴۰۲`, `امروز`) are `None`.
pub fn parse_date(words: &[&str]) -> Option<Date> {
    let owned = clean_tokens(words);
    let mut toks: Vec<&str> = owned.iter().map(String::as_str).collect();
    let mut marker = None;
    while let Some(e) = toks.last().and_then(|w| era(w)) {
        marker = marker.or(e);
        toks.pop();
    }
    if let [t] = toks[..] {
        return numeric_date(t, marker);
    }
    // The first month name after at least one token of day.
    let mut found = None;
    for i in 1..toks.len() {
        if let Some(m) = month_of(toks[i]) {
            found = Some((i, 1, m));
            break;
        }
        if let Some(&next) = toks.get(i + 1) {
            if let Some(m) = month_of(&format!("{}{next}", toks[i])) {
                found = Some((i, 2, m));
                break;
            }
        }
    }
    let (i, len, (calendar, month)) = found?;
    let day_words = toks.get(..i)?;
    let day = if let [d] = day_words {
        if is_ascii_digits(d) {
            d.parse::<u64>().ok()
        } else {
            parse_ordinal(d).or_else(|| whole(day_words))
        }
    } else {
        parse_ordinal(&day_words.join(" ")).or_else(|| whole(day_words))
    }?;
    let mut j = i + len;
    while let Some(&w) = toks.get(j) {
        if matches!(w, "ماه" | "سال" | "،" | ",") {
            j += 1;
        } else {
            break;
        }
    }
    let year_words = toks.get(j..).filter(|y| !y.is_empty())?;
    let year = i32::try_from(whole(year_words)?).ok()?;
    Date::new(calendar, year, month, u8::try_from(day).ok()?)
}

/// [`parse_date`] over a text split at whitespace.
pub fn parse_date_text(text: &str) -> Option<Date> {
    parse_date(&text.split_whitespace().collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------
// Times of day.

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Period {
    Morning,
    Noon,
    Afternoon,
    Night,
}

/// Takes the part of the day off the end of the tokens.
fn take_period(t: &mut Vec<&str>) -> Option<Period> {
    let key: String = t.last()?.chars().filter(|&c| c != ZWNJ).collect();
    let period = match key.as_str() {
        "صبح" | "بامداد" => Period::Morning,
        "ظهر" if t.len() >= 3 && t[t.len() - 3..t.len() - 1] == ["بعد", "از"] => {
            t.truncate(t.len() - 3);
            return Some(Period::Afternoon);
        }
        "ظهر" => Period::Noon,
        "بعدازظهر" | "عصر" | "غروب" => Period::Afternoon,
        "شب" => Period::Night,
        _ => return None,
    };
    t.pop();
    Some(period)
}

/// `17:30`, `17:30:00` (the seconds are checked, not returned).
fn clock(t: &str) -> Option<(u64, u64)> {
    let parts: Vec<&str> = t.split(':').collect();
    let (h, m) = match parts[..] {
        [h, m] => (h, m),
        [h, m, s] if s.len() == 2 && is_ascii_digits(s) && s < "60" => (h, m),
        _ => return None,
    };
    if !(1..=2).contains(&h.len()) || m.len() != 2 || !is_ascii_digits(h) || !is_ascii_digits(m) {
        return None;
    }
    Some((h.parse().ok()?, m.parse().ok()?))
}

/// Hours and minutes in words or digits: `ده`, `ده و نیم`, `۱۰ و ۳۰`
/// (`minutes`: the tokens ended in `دقیقه`, so the minutes must be there).
fn spoken(t: &[&str], minutes: bool) -> Option<(u64, u64)> {
    if !minutes {
        if let [hour @ .., "و", frac] = t {
            match *frac {
                "نیم" => return Some((whole(hour)?, 30)),
                "ربع" => return Some((whole(hour)?, 15)),
                _ => {}
            }
        }
        if let Some(h) = whole(t) {
            return Some((h, 0));
        }
    }
    t.iter()
        .enumerate()
        .filter(|(_, w)| **w == "و")
        .find_map(|(k, _)| {
            let h = whole(t.get(..k)?)?;
            let m = whole(t.get(k + 1..)?)?;
            (h <= 24 && m < 60).then_some((h, m))
        })
}

/// A time of day `(hour 0–23, minute 0–59)` from normalized tokens:
/// `۱۷:۳۰`, `ساعت ۱۰`, `ساعت ۱۰ و ۳۰ دقیقه`, `ساعت ده و نیم` (10:30),
/// `ساعت ده و ربع` (10:15), optionally with the part of the day:
/// `صبح`/`بامداد` (12 is midnight), `ظهر` (hours before 11 are after noon),
/// `بعدازظهر`/`بعد از ظهر`/`عصر`/`غروب` (+12 below 12), `شب` (6–11 are
/// +12, 12 is midnight, 0–5 stay). A bare number needs `ساعت` or a part of
/// the day. Hours beyond 23 (`۲۵:۰۰`, also `۲۴:۰۰`), minutes beyond 59 and a
/// part of the day that contradicts the hour (`۱۵ صبح`) are `None`.
pub fn parse_time(words: &[&str]) -> Option<(u8, u8)> {
    let owned = clean_tokens(words);
    let mut t: Vec<&str> = owned.iter().map(String::as_str).collect();
    let hour_word = t.first() == Some(&"ساعت");
    if hour_word {
        t.remove(0);
    }
    let period = take_period(&mut t);
    let (h, m) = match t[..] {
        [] => return None,
        [one] if one.contains(':') => clock(one)?,
        _ if !hour_word && period.is_none() => return None,
        _ => {
            let minutes = t.last() == Some(&"دقیقه");
            if minutes {
                t.pop();
            }
            spoken(&t, minutes)?
        }
    };
    let h = match period {
        None => h,
        Some(Period::Morning) => match h {
            12 => 0,
            0..=11 => h,
            _ => return None,
        },
        Some(Period::Noon) if h < 11 => h + 12,
        Some(Period::Afternoon) if h < 12 => h + 12,
        Some(Period::Night) => match h {
            12 => 0,
            6..=11 => h + 12,
            _ => h,
        },
        Some(_) => h,
    };
    if h > 23 || m > 59 {
        return None;
    }
    Some((u8::try_from(h).ok()?, u8::try_from(m).ok()?))
}

/// [`parse_time`] over a text split at whitespace.
pub fn parse_time_text(text: &str) -> Option<(u8, u8)> {
    parse_time(&text.split_whitespace().collect::<Vec<_>>())
}

// ---------------------------------------------------------------------------
// Money and percentages.

/// Rials in one toman: amounts in tomans ([`Money::currency`] `"IRT"`) are
/// this many times the same amount in rials (`"IRR"`).
pub const TOMAN_IN_RIALS: u32 = 10;

/// An amount of money.
#[derive(Clone, Debug, PartialEq)]
pub struct Money {
    /// The amount in the currency's main unit (cents added as hundredths).
    pub amount: f64,
    /// The ISO 4217 code (`IRR`, `USD`, …), or `IRT` for the toman, the
    /// everyday unit of Iran: [`TOMAN_IN_RIALS`] rials, not an ISO code.
    pub currency: String,
}

/// The ISO code of a currency word and how many of the unit it stands for
/// (`هزارتومان` is a thousand tomans).
fn currency(w: &str) -> Option<(&'static str, u128)> {
    let key: String = w.chars().filter(|&c| c != ZWNJ).collect();
    Some(match key.as_str() {
        "ریال" => ("IRR", 1),
        "تومان" | "تومن" => ("IRT", 1),
        "هزارتومان" | "هزارتومن" => ("IRT", 1000),
        "دلار" | "$" => ("USD", 1),
        "یورو" | "€" => ("EUR", 1),
        "پوند" | "£" => ("GBP", 1),
        "ین" => ("JPY", 1),
        "یوان" | "یوآن" => ("CNY", 1),
        "روبل" => ("RUB", 1),
        "درهم" => ("AED", 1),
        "لیر" | "لیره" => ("TRY", 1),
        "دینار" => ("IQD", 1),
        "فرانک" => ("CHF", 1),
        "روپیه" => ("INR", 1),
        "وون" => ("KRW", 1),
        _ => return None,
    })
}

/// An amount of money from normalized tokens: a number (as
/// [`parse_number`] reads it, over the tokens before the currency) and the
/// currency word: `ریال` IRR, `تومان` IRT (see [`TOMAN_IN_RIALS`]),
/// `هزارتومان` (a thousand IRT), `دلار`/`$` USD, `یورو`/`€` EUR,
/// `پوند`/`£` GBP, `ین` JPY, `یوان` CNY, `روبل` RUB, `درهم` AED,
/// `لیر`/`لیره` TRY, `دینار` IQD, `فرانک` CHF, `روپیه` INR, `وون` KRW.
/// Dollars and euros may end with cents: `۵۰ دلار و ۸۲ سنت` is 50.82 USD.
/// Nothing may follow the currency but the cents.
pub fn parse_money(words: &[&str]) -> Option<Money> {
    let owned = clean_tokens(words);
    let t: Vec<&str> = owned.iter().map(String::as_str).collect();
    let c = t.iter().position(|w| currency(w).is_some())?;
    let (code, times) = currency(t[c])?;
    let (neg, amount) = value_of_words(t.get(..c).filter(|n| !n.is_empty())?)?;
    let mut amount = amount.mul(Dec::int(times))?;
    match t.get(c + 1..)? {
        [] => {}
        ["و", cents @ .., "سنت"] if matches!(code, "USD" | "EUR") && !cents.is_empty() => {
            let cents = whole(cents).filter(|&c| c < 100)?;
            amount = amount.add(Dec {
                m: u128::from(cents),
                s: 2,
            })?;
        }
        _ => return None,
    }
    Some(Money {
        amount: signed_f64((neg, amount))?,
        currency: code.to_string(),
    })
}

/// [`parse_money`] over a text split at whitespace.
pub fn parse_money_text(text: &str) -> Option<Money> {
    parse_money(&text.split_whitespace().collect::<Vec<_>>())
}

/// A percentage (the number of hundredths, `۱۲ درصد` → 12.0) from
/// normalized tokens: a number and `درصد`, `%` or `٪` after it, or the sign
/// before it (`٪ ۱۲`), or digits with the sign stuck to them (`۱۲٪`, `٪۱۲`).
pub fn parse_percent(words: &[&str]) -> Option<f64> {
    let owned = clean_tokens(words);
    let t: Vec<&str> = owned.iter().map(String::as_str).collect();
    let is_sign = |w: &str| matches!(w, "%" | "٪");
    let number: Vec<&str> = match t[..] {
        [one] => {
            let digits = one
                .strip_suffix(['%', '٪'])
                .or_else(|| one.strip_prefix(['%', '٪']))?;
            vec![digits]
        }
        [ref rest @ .., last] if last == "درصد" || is_sign(last) => rest.to_vec(),
        [first, ref rest @ ..] if is_sign(first) => rest.to_vec(),
        _ => return None,
    };
    if number.is_empty() {
        return None;
    }
    signed_f64(value_of_words(&number)?)
}

/// [`parse_percent`] over a text split at whitespace.
pub fn parse_percent_text(text: &str) -> Option<f64> {
    parse_percent(&text.split_whitespace().collect::<Vec<_>>())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_decimals_are_exact() {
        let d = digits_value("1.1").unwrap();
        assert_eq!(d, Dec { m: 11, s: 1 });
        assert_eq!(d.mul(Dec::int(1_000_000)).unwrap(), Dec::int(1_100_000));
        assert_eq!(
            Dec { m: 5, s: 1 }.add(Dec { m: 25, s: 2 }).unwrap(),
            Dec { m: 75, s: 2 }
        );
        assert!(Dec { m: 5, s: 1 }.lt(Dec::int(1)));
        assert!(!Dec::int(1000).lt(Dec::int(1000)));
        assert_eq!(digits_value("1,234,567").unwrap(), Dec::int(1_234_567));
        assert_eq!(digits_value("1,23"), None);
        assert_eq!(digits_value("1234,567"), None);
        assert_eq!(digits_value("12.50").unwrap(), Dec { m: 125, s: 1 });
        assert_eq!(digits_value("1.2.3"), None);
        assert_eq!(digits_value(""), None);
        assert_eq!(digits_value("."), None);
        // More digits than u128 holds: None for the integer part, dropped after the separator.
        assert_eq!(digits_value(&"9".repeat(40)), None);
        let long = format!("0.{}", "3".repeat(60));
        assert!((digits_value(&long).unwrap().to_f64() - 1.0 / 3.0).abs() < 1e-15);
    }

    #[test]
    fn values_jalali_year_starts_follow_leap_years() {
        // Every year's length matches the gap to the next year's start.
        for y in JALALI_MIN_YEAR..JALALI_MAX_YEAR {
            let (a, b) = (jalali_year(y).unwrap(), jalali_year(y + 1).unwrap());
            assert_eq!(
                b.start - a.start,
                if a.leap { 366 } else { 365 },
                "year {y}"
            );
        }
        assert!(jalali_year(0).is_none() && jalali_year(JALALI_MAX_YEAR + 1).is_none());
    }

    #[test]
    fn values_civil_days_round_trip() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        for z in (-800_000..800_000).step_by(7) {
            let (y, m, d) = civil_from_days(z);
            assert_eq!(days_from_civil(y, m, d), z);
        }
    }
}

/// What an entity's text stands for, where the text says it whole: the
/// `value` of an [`crate::Entity`] (and of its JSON: `kind` names the
/// variant, the other fields are as below).
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum Value {
    /// MON: an amount and its currency (ISO 4217, or `IRT` for the toman;
    /// see [`parse_money`]).
    Money {
        /// The amount, in the currency's unit (`۵۰ دلار و ۸۲ سنت`: 50.82).
        amount: f64,
        /// ISO 4217 code (`IRR`, `USD`, `EUR`, …), `IRT` for the toman.
        currency: String,
    },
    /// PCT: the number before `درصد` (12 for `۱۲ درصد`).
    Percent {
        /// The number as written (12, not 0.12).
        number: f64,
    },
    /// DAT: a complete date, and its Gregorian ISO date (`YYYY-MM-DD`) where
    /// it can be computed (not for Hijri dates).
    Date {
        /// The calendar the date is written in.
        calendar: Calendar,
        /// The year, in that calendar.
        year: i32,
        /// The month, 1–12.
        month: u8,
        /// The day of the month, from 1.
        day: u8,
        /// The same day in the Gregorian calendar, `YYYY-MM-DD`.
        #[serde(skip_serializing_if = "Option::is_none")]
        gregorian: Option<String>,
    },
    /// TIM: hours (0–23) and minutes.
    Time {
        /// 0–23.
        hour: u8,
        /// 0–59.
        minute: u8,
    },
}

/// The value of an entity with the PEYMA label `label` (`MON`, `PCT`, `DAT`,
/// `TIM`) made of the normalized tokens `words`, if the tokens say it whole
/// (`۲۵ اسفند ۱۴۰۲` has one, `اسفند` or `سال آینده` none).
///
/// ```
/// use parsi::values::{entity_value, Value};
/// assert_eq!(
///     entity_value("MON", &["۱۲", "هزار", "تومان"]),
///     Some(Value::Money { amount: 12_000.0, currency: "IRT".into() })
/// );
/// assert_eq!(entity_value("DAT", &["امروز"]), None);
/// assert_eq!(entity_value("PER", &["علی"]), None);
/// ```
pub fn entity_value(label: &str, words: &[&str]) -> Option<Value> {
    match label {
        "MON" => parse_money(words).map(|m| Value::Money {
            amount: m.amount,
            currency: m.currency,
        }),
        "PCT" => parse_percent(words).map(|number| Value::Percent { number }),
        "DAT" => parse_date(words).map(|d| Value::Date {
            gregorian: d.gregorian_iso(),
            calendar: d.calendar,
            year: d.year,
            month: d.month,
            day: d.day,
        }),
        "TIM" => parse_time(words).map(|(hour, minute)| Value::Time { hour, minute }),
        _ => None,
    }
}

#[cfg(test)]
mod may_be_number_tests {
    #[test]
    fn may_be_number_never_rejects_a_number() {
        for w in [
            "یک",
            "چهارصد",
            "میلیون",
            "نیم",
            "صفر",
            "منفی",
            "يک",
            "ده\u{200C}هزار",
            "دو هزار",
            "شیش",
            "هـزار",
            "صدْ",
        ] {
            assert!(super::may_be_number(w), "{w}");
        }
        for w in [
            "کتاب",
            "ایران",
            "و",
            "سلام",
            "abc",
            "کتاب\u{200C}ها",
            "می\u{200C}روم",
            "\u{200C}",
            "ده\u{200C}ها",
            "هزار\u{200C}و\u{200C}یک",
            "\u{200C}صد\u{200C}",
        ] {
            assert_eq!(
                super::may_be_number(w),
                super::parse_number(w).is_some() || w == "و" || w == "ده\u{200C}ها",
                "{w}"
            );
        }
    }
}
