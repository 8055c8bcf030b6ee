//! The values module: numbers in words and digits, ordinals, the Jalali and
//! Gregorian calendars, dates, times, money and percentages; round trips of
//! the number writers and of the calendar conversions.
#![cfg(not(target_arch = "wasm32"))]

use parsi::values::{
    gregorian_to_jalali, is_jalali_leap, jalali_month_length, jalali_to_gregorian, number_to_words,
    ordinal_to_words, parse_date, parse_date_text, parse_money, parse_money_text, parse_number,
    parse_ordinal, parse_percent, parse_percent_text, parse_time, parse_time_text, Calendar, Date,
    Money, JALALI_MAX_YEAR, JALALI_MIN_YEAR, TOMAN_IN_RIALS,
};

const ZWNJ: char = '\u{200C}';

use parsi::rng::SplitMix64;

fn words(s: &str) -> Vec<&str> {
    s.split(' ').filter(|w| !w.is_empty()).collect()
}

// ---------------------------------------------------------------------------
// Numbers.

#[test]
fn digits_of_every_script() {
    let cases: &[(&str, f64)] = &[
        ("123", 123.0),
        ("۱۲۳", 123.0),
        ("١٢٣", 123.0),
        ("۱۲3", 123.0),
        ("0", 0.0),
        ("۰۰۷", 7.0),
        ("1,250", 1250.0),
        ("۱٬۲۵۰", 1250.0),
        ("1,250,000", 1_250_000.0),
        ("۳٫۵", 3.5),
        ("3.5", 3.5),
        ("۱۲٬۵۰۰٫۲۵", 12_500.25),
        ("۳/۵", 3.5),
        ("12/75", 12.75),
        ("-۵", -5.0),
        ("−۵", -5.0),
        ("- ۵", -5.0),
        ("منفی ۵", -5.0),
        ("منفی ۳٫۵", -3.5),
        ("-۳/۵", -3.5),
        ("  ۴۲\u{200C} ", 42.0),
    ];
    for &(text, want) in cases {
        assert_eq!(parse_number(text), Some(want), "{text}");
    }
    for text in [
        "1,23",
        "1234,567",
        "1,2345",
        "1.2.3",
        "۱۴۰۲/۱۲/۲۵",
        "۳/۵ میلیون",
        "۳/",
        "/۵",
        "12a",
        "۱۷:۳۰",
        "--5",
        "۵-",
        "منفی منفی ۵",
        "۵ منفی",
        ".",
        "٫۵",
    ] {
        assert_eq!(parse_number(text), None, "{text}");
    }
}

#[test]
fn every_word_below_a_thousand() {
    let units = ["یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه"];
    for (k, w) in units.iter().enumerate() {
        assert_eq!(parse_number(w), Some(k as f64 + 1.0), "{w}");
    }
    assert_eq!(parse_number("شیش"), Some(6.0));
    let teens = [
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
    for (k, w) in teens.iter().enumerate() {
        assert_eq!(parse_number(w), Some(k as f64 + 10.0), "{w}");
    }
    assert_eq!(parse_number("پونزده"), Some(15.0));
    assert_eq!(parse_number("هیجده"), Some(18.0));
    let tens = ["بیست", "سی", "چهل", "پنجاه", "شصت", "هفتاد", "هشتاد", "نود"];
    for (k, w) in tens.iter().enumerate() {
        assert_eq!(parse_number(w), Some(10.0 * (k as f64 + 2.0)), "{w}");
    }
    let hundreds = [
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
    for (k, w) in hundreds.iter().enumerate() {
        assert_eq!(parse_number(w), Some(100.0 * (k as f64 + 1.0)), "{w}");
    }
    for (k, w) in units.iter().enumerate() {
        // Spelled apart: `چهار صد`, and with a ZWNJ.
        let want = Some(100.0 * (k as f64 + 1.0));
        assert_eq!(parse_number(&format!("{w} صد")), want, "{w} صد");
        assert_eq!(parse_number(&format!("{w}{ZWNJ}صد")), want, "{w}‌صد");
    }
    assert_eq!(parse_number("یکصد"), Some(100.0));
    assert_eq!(parse_number("صد و بیست و پنج"), Some(125.0));
    assert_eq!(parse_number("نهصد و نود و نه"), Some(999.0));
    assert_eq!(parse_number("صد و ده"), Some(110.0));
    assert_eq!(parse_number("چهار صد و یک"), Some(401.0));
    assert_eq!(parse_number("صفر"), Some(0.0));
}

#[test]
fn words_with_magnitudes() {
    let cases: &[(&str, f64)] = &[
        ("هزار", 1e3),
        ("میلیون", 1e6),
        ("یک میلیون و دویست هزار", 1_200_000.0),
        ("یک میلیون دویست هزار", 1_200_000.0),
        ("دو هزار و پنجاه", 2050.0),
        ("هزار و صد", 1100.0),
        ("هزار و یک", 1001.0),
        ("صد هزار", 100_000.0),
        ("صد و بیست و پنج هزار", 125_000.0),
        ("یک میلیون و هزار", 1_001_000.0),
        ("میلیارد", 1e9),
        ("بیلیون", 1e9),
        ("سه میلیارد", 3e9),
        ("تریلیون", 1e12),
        ("هزار میلیارد", 1e12),
        ("دو هزار میلیارد", 2e12),
        ("تریلیارد", 1e15),
        ("هزار تریلیون", 1e15),
        ("سیصد و پنجاه هزار و دویست و یک", 350_201.0),
        ("دو میلیون و سیصد و پنجاه هزار و دویست و یک", 2_350_201.0),
        // A larger magnitude closes a thousands coefficient, as the press writes it.
        ("دو هزار و پانصد میلیارد", 2.5e12),
        ("۱۲ هزار و ۵۰۰ میلیارد", 1.25e13),
        ("سه هزار و دویست و یک میلیون", 3_201_000_000.0),
        ("دو هزار و پانصد میلیارد و سیصد میلیون", 2_500_300_000_000.0),
    ];
    for &(text, want) in cases {
        assert_eq!(parse_number(text), Some(want), "{text}");
    }
}

#[test]
fn digits_with_words_fractions_and_signs() {
    let cases: &[(&str, f64)] = &[
        ("۳ میلیون", 3e6),
        ("۲.۵ میلیارد", 2.5e9),
        ("۲٫۵ میلیارد", 2.5e9),
        ("۱٫۱ میلیون", 1_100_000.0),
        ("۱۲ هزار و ۵۰۰", 12_500.0),
        ("12 هزار", 12_000.0),
        ("۱۲۰۰ هزار", 1_200_000.0),
        ("دو و نیم", 2.5),
        ("۲ و نیم", 2.5),
        ("یک و نیم میلیون", 1_500_000.0),
        ("۱ و نیم میلیون", 1_500_000.0),
        ("سه و ربع", 3.25),
        ("نیم", 0.5),
        ("نیم میلیون", 500_000.0),
        ("ربع میلیون", 250_000.0),
        ("دو میلیون و نیم", 2_500_000.0),
        ("منفی دو و نیم", -2.5),
        ("منفی صد و بیست", -120.0),
        ("منفی صفر", 0.0),
    ];
    for &(text, want) in cases {
        assert_eq!(parse_number(text), Some(want), "{text}");
    }
}

#[test]
fn unnormalized_spacing_and_letters() {
    let want = Some(1_200_000.0);
    assert_eq!(parse_number("یک میلیون و دویست هزار"), want);
    assert_eq!(parse_number("يك ميليون و دويست هزار"), want);
    assert_eq!(parse_number("یک‌میلیون‌و‌دویست‌هزار"), want);
    assert_eq!(parse_number("  یک \u{200C} میلیون\tو\n دویست  هزار "), want);
    assert_eq!(parse_number("یک میلیـون و دِویست هزار"), want);
    assert_eq!(parse_number("یک‌صد و بیست‌وپنج"), None); // `وپنج` is no number word
    assert_eq!(parse_number("یک‌صد و بیست‌و‌پنج"), Some(125.0));
}

#[test]
fn what_is_not_a_number() {
    for text in [
        "",
        " ",
        "\u{200C}",
        "ایران",
        "و",
        "یک و",
        "و یک",
        "هزار هزار",
        "صد هزار صد هزار",
        "میلیون هزار",
        "بیست پنج",
        "پنج و بیست",
        "صد و هزار",
        "سی صد",
        "ده صد",
        "یک میلیون و دو میلیون",
        "دو میلیون و ۱۲۰۰ هزار",
        "۱۲۰۰۰ و ۵۰۰",
        "۲۰ و پنج",
        "دو و نیم و سه",
        "نیم و نیم میلیون",
        "صفر و یک",
        "یک صفر",
        "منفی",
        "سی‌ام",
        "بیستم",
        "هزاران",
        "میلیون‌ها",
        "دو هزار و پانصد هزار میلیارد",
        "یک میلیون و دو میلیارد",
    ] {
        assert_eq!(parse_number(text), None, "{text:?}");
    }
}

#[test]
fn out_of_range_is_none() {
    // 10^45 does not fit the exact value of words; 400 digits do not fit an f64.
    assert_eq!(parse_number("هزار میلیون میلیارد تریلیون تریلیارد"), None);
    assert_eq!(parse_number(&"9".repeat(400)), None);
    assert_eq!(parse_ordinal("بیست میلیون تریلیونم"), None); // 2 × 10^19 > u64::MAX
    assert_eq!(parse_ordinal(&format!("{}م", "9".repeat(25))), None);
    assert_eq!(
        parse_ordinal(&format!("{}م", u64::MAX)),
        Some(u64::MAX),
        "u64::MAX in digits"
    );
    // Long decimals keep their value.
    let third = parse_number(&format!("0.{}", "3".repeat(80))).unwrap();
    assert!((third - 1.0 / 3.0).abs() < 1e-15);
}

#[test]
fn cardinal_words() {
    let cases: &[(u64, &str)] = &[
        (0, "صفر"),
        (1, "یک"),
        (10, "ده"),
        (19, "نوزده"),
        (20, "بیست"),
        (21, "بیست و یک"),
        (100, "صد"),
        (101, "صد و یک"),
        (125, "صد و بیست و پنج"),
        (999, "نهصد و نود و نه"),
        (1000, "هزار"),
        (1001, "هزار و یک"),
        (2050, "دو هزار و پنجاه"),
        (100_000, "صد هزار"),
        (1_000_000, "یک میلیون"),
        (1_200_000, "یک میلیون و دویست هزار"),
        (1_001_000, "یک میلیون و هزار"),
        (3_000_000_000, "سه میلیارد"),
        (1_000_000_000_000, "یک تریلیون"),
        (1_000_000_000_000_000, "هزار تریلیون"),
        (2_000_000_000_000_000, "دو هزار تریلیون"),
        (1_000_000_000_000_000_000, "یک میلیون تریلیون"),
    ];
    for &(n, want) in cases {
        assert_eq!(number_to_words(n), want, "{n}");
    }
    // The largest u64 reads back exactly as an ordinal and as the nearest f64.
    let w = number_to_words(u64::MAX);
    assert!(w.starts_with("هجده میلیون تریلیون و چهارصد و چهل و شش هزار تریلیون و "));
    assert_eq!(parse_number(&w), Some(u64::MAX as f64));
    assert_eq!(parse_ordinal(&ordinal_to_words(u64::MAX)), Some(u64::MAX));
}

#[test]
fn ordinal_words() {
    let cases: &[(u64, &str)] = &[
        (0, "صفرم"),
        (1, "یکم"),
        (2, "دوم"),
        (3, "سوم"),
        (9, "نهم"),
        (13, "سیزدهم"),
        (21, "بیست و یکم"),
        (23, "بیست و سوم"),
        (30, "سی\u{200C}ام"),
        (100, "صدم"),
        (130, "صد و سی\u{200C}ام"),
        (303, "سیصد و سوم"),
        (1000, "هزارم"),
        (30_000, "سی هزارم"),
        (2_000_000, "دو میلیونم"),
    ];
    for &(n, want) in cases {
        assert_eq!(ordinal_to_words(n), want, "{n}");
    }
}

#[test]
fn parse_ordinals() {
    let cases: &[(&str, u64)] = &[
        ("اول", 1),
        ("اولین", 1),
        ("یکم", 1),
        ("نخست", 1),
        ("نخستین", 1),
        ("دوم", 2),
        ("سوم", 3),
        ("سومین", 3),
        ("چهارمین", 4),
        ("سی‌ام", 30),
        ("سیام", 30),
        ("سی ام", 30),
        ("سی‌امین", 30),
        ("بیست و یکم", 21),
        ("بیست و سوم", 23),
        ("صدم", 100),
        ("یکصدم", 100),
        ("هزارم", 1000),
        ("صد و بیست و پنجمین", 125),
        ("۲۱ام", 21),
        ("۲۱‌ام", 21),
        ("۳م", 3),
        ("21ام", 21),
        ("۱۰م", 10),
        ("۱۲ هزارم", 12_000),
        ("يكم", 1),
    ];
    for &(text, want) in cases {
        assert_eq!(parse_ordinal(text), Some(want), "{text}");
    }
    for text in [
        "",
        "بیست",
        "یک",
        "۲۱",
        "ام",
        "م",
        "امین",
        "مین",
        "بیست ام",
        "بیستم و یک",
        "اول اول",
        "بیست و اول",
        "منفی دوم",
        "۲٫۵م",
        "ایرانم",
        "دو و نیمم",
    ] {
        assert_eq!(parse_ordinal(text), None, "{text:?}");
    }
}

/// The values of the round-trip properties: every n below 100 000, every
/// digit times every power of ten below 10^12 (and up to 10^18), and 200 000
/// pseudo-random n below 10^12 (fixed seed), plus 20 000 over all of u64.
fn spread() -> Vec<u64> {
    let mut ns: Vec<u64> = (0..100_000).collect();
    let mut p: u64 = 1;
    for _ in 0..19 {
        for d in 1..10 {
            ns.push(d * p);
            ns.push(d * p + 1);
            ns.push(d * p - 1);
        }
        p *= 10;
    }
    let mut rng = SplitMix64(0x5EED_F00D);
    for _ in 0..200_000 {
        ns.push(rng.next_u64() % 1_000_000_000_000);
    }
    for _ in 0..20_000 {
        // Numbers of every length, with zero groups in them.
        let n = rng.next_u64() >> (rng.next_u64() % 64);
        ns.push(n & !(0xFFFF_u64 << (rng.next_u64() % 48)));
    }
    ns
}

#[test]
fn cardinal_and_ordinal_round_trips() {
    for n in spread() {
        let w = number_to_words(n);
        assert_eq!(parse_number(&w), Some(n as f64), "{n}: {w}");
        let o = ordinal_to_words(n);
        assert_eq!(parse_ordinal(&o), Some(n), "{n}: {o}");
        // Ordinals are not cardinals and cardinals are not ordinals.
        if n > 0 {
            assert_eq!(parse_number(&o), None, "{n}: {o}");
            assert_eq!(parse_ordinal(&w), None, "{n}: {w}");
        }
    }
}

#[test]
fn words_separated_by_zwnj_read_the_same() {
    let mut rng = SplitMix64(7);
    for _ in 0..5_000 {
        let n = rng.next_u64() % 1_000_000_000_000;
        let w = number_to_words(n).replace(' ', "\u{200C}");
        assert_eq!(parse_number(&w), Some(n as f64), "{n}: {w}");
    }
}

// ---------------------------------------------------------------------------
// Calendars.

fn is_gregorian_leap(y: i64) -> bool {
    y % 4 == 0 && (y % 100 != 0 || y % 400 == 0)
}

/// Days since 1 January of year 1 (proleptic Gregorian), counted year by
/// year and month by month (independent of the library's own arithmetic).
fn gregorian_day(y: i32, m: u8, d: u8) -> i64 {
    let y = i64::from(y);
    let before = y - 1;
    let mut days = before * 365 + before / 4 - before / 100 + before / 400;
    let lengths = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    for k in 1..m {
        days += lengths[usize::from(k - 1)];
        if k == 2 && is_gregorian_leap(y) {
            days += 1;
        }
    }
    days + i64::from(d) - 1
}

#[test]
fn well_known_dates() {
    type Ymd = (i32, u8, u8);
    let pairs: &[(Ymd, Ymd)] = &[
        ((1403, 1, 1), (2024, 3, 20)),
        ((1404, 1, 1), (2025, 3, 21)),
        ((1402, 12, 25), (2024, 3, 15)),
        ((1402, 12, 29), (2024, 3, 19)),
        ((1403, 12, 30), (2025, 3, 20)),
        ((1357, 11, 22), (1979, 2, 11)),
        ((1358, 1, 1), (1979, 3, 21)),
        ((1399, 12, 30), (2021, 3, 20)),
        ((1400, 1, 1), (2021, 3, 21)),
        ((1, 1, 1), (622, 3, 22)),
    ];
    for &(j, g) in pairs {
        assert_eq!(jalali_to_gregorian(j.0, j.1, j.2), Some(g), "{j:?}");
        assert_eq!(gregorian_to_jalali(g.0, g.1, g.2), Some(j), "{g:?}");
    }
    // Leap years around now: 1399 and 1403, then five years to 1408.
    for (y, leap) in [
        (1398, false),
        (1399, true),
        (1400, false),
        (1402, false),
        (1403, true),
        (1404, false),
        (1407, false),
        (1408, true),
    ] {
        assert_eq!(is_jalali_leap(y), leap, "{y}");
        assert_eq!(jalali_month_length(y, 12), Some(if leap { 30 } else { 29 }));
    }
}

#[test]
fn invalid_dates() {
    assert_eq!(jalali_to_gregorian(1402, 13, 1), None);
    assert_eq!(jalali_to_gregorian(1402, 0, 1), None);
    assert_eq!(jalali_to_gregorian(1402, 1, 0), None);
    assert_eq!(jalali_to_gregorian(1402, 1, 32), None);
    assert!(jalali_to_gregorian(1402, 6, 31).is_some());
    for m in 7..=11 {
        assert!(jalali_to_gregorian(1402, m, 30).is_some(), "{m}");
        assert_eq!(jalali_to_gregorian(1402, m, 31), None, "{m}");
    }
    assert_eq!(jalali_to_gregorian(1402, 12, 30), None);
    assert!(jalali_to_gregorian(1403, 12, 30).is_some());
    assert_eq!(jalali_to_gregorian(0, 1, 1), None);
    assert_eq!(jalali_to_gregorian(JALALI_MAX_YEAR + 1, 1, 1), None);
    assert_eq!(jalali_to_gregorian(i32::MIN, 1, 1), None);
    assert_eq!(jalali_to_gregorian(i32::MAX, 1, 1), None);
    assert_eq!(jalali_month_length(1402, 13), None);
    assert_eq!(jalali_month_length(1402, 0), None);
    assert_eq!(jalali_month_length(0, 1), None);
    assert!(!is_jalali_leap(0) && !is_jalali_leap(i32::MAX));
    assert_eq!(gregorian_to_jalali(2023, 2, 29), None);
    assert!(gregorian_to_jalali(2024, 2, 29).is_some());
    assert_eq!(gregorian_to_jalali(1900, 2, 29), None);
    assert!(gregorian_to_jalali(2000, 2, 29).is_some());
    assert_eq!(gregorian_to_jalali(2024, 4, 31), None);
    assert_eq!(gregorian_to_jalali(2024, 13, 1), None);
    assert_eq!(gregorian_to_jalali(2024, 1, 0), None);
    // Before 1 Farvardin 1 and past the last year.
    assert_eq!(gregorian_to_jalali(622, 3, 21), None);
    assert_eq!(gregorian_to_jalali(i32::MIN, 1, 1), None);
    assert_eq!(gregorian_to_jalali(i32::MAX, 1, 1), None);
    let last = jalali_to_gregorian(JALALI_MAX_YEAR, 12, 29).unwrap();
    assert_eq!(
        gregorian_to_jalali(last.0, last.1, last.2),
        Some((JALALI_MAX_YEAR, 12, 29))
    );
    let first = jalali_to_gregorian(JALALI_MIN_YEAR, 1, 1).unwrap();
    assert_eq!(
        gregorian_to_jalali(first.0, first.1, first.2),
        Some((JALALI_MIN_YEAR, 1, 1))
    );
}

#[test]
fn every_day_of_1300_to_1500_round_trips() {
    let mut prev: Option<i64> = None;
    let mut count = 0;
    for y in 1300..=1500 {
        let mut in_year = 0;
        for m in 1..=12u8 {
            let len = jalali_month_length(y, m).unwrap();
            assert_eq!(jalali_to_gregorian(y, m, len + 1), None);
            for d in 1..=len {
                let (gy, gm, gd) = jalali_to_gregorian(y, m, d).unwrap();
                assert_eq!(gregorian_to_jalali(gy, gm, gd), Some((y, m, d)));
                let day = gregorian_day(gy, gm, gd);
                if let Some(p) = prev {
                    assert_eq!(day, p + 1, "{y}-{m}-{d}");
                }
                prev = Some(day);
                in_year += 1;
                count += 1;
            }
        }
        assert_eq!(in_year, if is_jalali_leap(y) { 366 } else { 365 });
    }
    assert!(count > 73_000);
}

#[test]
fn every_year_starts_where_the_last_ended() {
    // Over the whole range: 1 Farvardin of y + 1 is 365 or 366 days after
    // that of y, as y is common or leap, and always between 19 and 22 March
    // (Gregorian) from the year 1000 AP on.
    for y in JALALI_MIN_YEAR..JALALI_MAX_YEAR {
        let a = jalali_to_gregorian(y, 1, 1).unwrap();
        let b = jalali_to_gregorian(y + 1, 1, 1).unwrap();
        let gap = gregorian_day(b.0, b.1, b.2) - gregorian_day(a.0, a.1, a.2);
        assert_eq!(gap, if is_jalali_leap(y) { 366 } else { 365 }, "{y}");
        assert_eq!(a.0, y + 621);
        if y >= 1000 {
            assert!(a.1 == 3 && (19..=22).contains(&a.2), "{y}: {a:?}");
        }
    }
}

// ---------------------------------------------------------------------------
// Dates, times, money, percentages.

fn date(text: &str) -> Option<Date> {
    parse_date(&words(text))
}

fn jalali(year: i32, month: u8, day: u8) -> Option<Date> {
    Some(Date {
        calendar: Calendar::Jalali,
        year,
        month,
        day,
    })
}

#[test]
fn dates() {
    let esfand = jalali(1402, 12, 25);
    for text in [
        "۲۵ اسفند ۱۴۰۲",
        "۲۵ اسفند ماه ۱۴۰۲",
        "۲۵ اسفند سال ۱۴۰۲",
        "۲۵ اسفندماه ۱۴۰۲",
        "۲۵ اسفند‌ماه سال ۱۴۰۲",
        "۲۵ اسفند ماه سال ۱۴۰۲",
        "۲۵ اسفند ، ۱۴۰۲",
        "25 اسفند 1402",
        "بیست و پنجم اسفند ۱۴۰۲",
        "بیست و پنج اسفند ۱۴۰۲",
        "۲۵ام اسفند ۱۴۰۲",
        "۲۵ اسفند هزار و چهارصد و دو",
        "۲۵ اسفند ۱۴۰۲ ه.ش.",
        "۲۵ اسفند ۱۴۰۲ ه.ش",
        "۲۵ اسفند ۱۴۰۲ هجری شمسی",
        "۱۴۰۲/۱۲/۲۵",
        "1402/12/25",
        "۲۵/۱۲/۱۴۰۲",
        "1402-12-25",
        "۱۴۰۲/۱۲/۲۵ ه.ش.",
    ] {
        assert_eq!(date(text), esfand, "{text}");
    }
    let d = date("۲۵ اسفند ۱۴۰۲").unwrap();
    assert_eq!(d.gregorian_iso().as_deref(), Some("2024-03-15"));
    assert_eq!(
        date("اول فروردین ۱۴۰۳").and_then(|d| d.gregorian_iso()),
        Some("2024-03-20".to_string())
    );
    assert_eq!(date("یکم فروردین ۱۴۰۳"), jalali(1403, 1, 1));
    assert_eq!(date("۲۲ بهمن ۱۳۵۷"), jalali(1357, 11, 22));
    assert_eq!(date("۱۰ امرداد ۱۴۰۰"), jalali(1400, 5, 10));
    assert_eq!(date("۳۰ اسفند ۱۴۰۳"), jalali(1403, 12, 30));
    assert_eq!(date("۳۰ اسفند ۱۴۰۲"), None);
    assert_eq!(date("۳۱ مهر ۱۴۰۲"), None);
    assert_eq!(date("۳۱ شهریور ۱۴۰۲"), jalali(1402, 6, 31));

    let march = Date {
        calendar: Calendar::Gregorian,
        year: 2024,
        month: 3,
        day: 15,
    };
    for text in [
        "۱۵ مارس ۲۰۲۴",
        "۱۵ مارس ۲۰۲۴ میلادی",
        "2024/03/15",
        "15/03/2024",
        "2024-03-15",
    ] {
        assert_eq!(date(text), Some(march), "{text}");
    }
    assert_eq!(march.gregorian_iso().as_deref(), Some("2024-03-15"));
    let months = [
        ("ژانویه", 1),
        ("فوریه", 2),
        ("آوریل", 4),
        ("آپریل", 4),
        ("مه", 5),
        ("می", 5),
        ("ژوئن", 6),
        ("ژوئیه", 7),
        ("جولای", 7),
        ("اوت", 8),
        ("آگوست", 8),
        ("سپتامبر", 9),
        ("اکتبر", 10),
        ("نوامبر", 11),
        ("دسامبر", 12),
    ];
    for (name, m) in months {
        let d = date(&format!("۱ {name} ۲۰۲۰")).unwrap();
        assert_eq!((d.calendar, d.month), (Calendar::Gregorian, m), "{name}");
    }
    let jalali_months = [
        "فروردین",
        "اردیبهشت",
        "خرداد",
        "تیر",
        "مرداد",
        "شهریور",
        "مهر",
        "آبان",
        "آذر",
        "دی",
        "بهمن",
        "اسفند",
    ];
    for (k, name) in jalali_months.iter().enumerate() {
        assert_eq!(
            date(&format!("۱ {name} ۱۴۰۰")),
            jalali(1400, k as u8 + 1, 1),
            "{name}"
        );
    }
    assert_eq!(date("۲۹ فوریه ۲۰۲۳"), None);
    assert!(date("۲۹ فوریه ۲۰۲۴").is_some());
    assert_eq!(date("۳۰ فوریه ۲۰۲۴"), None);
}

#[test]
fn hijri_dates() {
    let hijri = |year, month, day| {
        Some(Date {
            calendar: Calendar::Hijri,
            year,
            month,
            day,
        })
    };
    let months = [
        "محرم",
        "صفر",
        "ربیع‌الاول",
        "ربیع‌الثانی",
        "جمادی‌الاول",
        "جمادی‌الثانی",
        "رجب",
        "شعبان",
        "رمضان",
        "شوال",
        "ذی‌القعده",
        "ذی‌الحجه",
    ];
    for (k, name) in months.iter().enumerate() {
        assert_eq!(
            date(&format!("۱۰ {name} ۱۴۴۵")),
            hijri(1445, k as u8 + 1, 10),
            "{name}"
        );
    }
    assert_eq!(date("۱۲ ربیع الاول ۱۴۴۵"), hijri(1445, 3, 12));
    assert_eq!(date("۱۲ ربیع‌الاول ۱۴۴۵ ه.ق"), hijri(1445, 3, 12));
    assert_eq!(date("۱۴۴۵/۰۹/۰۱ قمری"), hijri(1445, 9, 1));
    assert_eq!(date("۳۰ رمضان ۱۴۴۵"), hijri(1445, 9, 30));
    assert_eq!(date("۳۱ رمضان ۱۴۴۵"), None);
    // No exact conversion for the lunar calendar.
    assert_eq!(hijri(1445, 9, 1).unwrap().gregorian_iso(), None);
}

#[test]
fn incomplete_or_invalid_dates() {
    for text in [
        "",
        "اسفند",
        "اسفند ۱۴۰۲",
        "۲۵ اسفند",
        "۲۵ اسفند ماه",
        "امروز",
        "۱۴۰۲",
        "1402/13/01",
        "1402/12/32",
        "1402/00/10",
        "02/12/25",
        "1402/12",
        "1402/12/25/1",
        "12/1402/25",
        "۲۵ اسفند ۱۴۰۲ فردا",
        "صفر اسفند ۱۴۰۲",
        "۰ اسفند ۱۴۰۲",
        "۲۵ ایران ۱۴۰۲",
        "۲۵ اسفند ۰",
        "۲۵ اسفند ۴۰۰۰",
        "۲۵ اسفند منفی ۱۴۰۲",
        "۲۵۶ اسفند ۱۴۰۲",
    ] {
        assert_eq!(date(text), None, "{text:?}");
    }
    assert_eq!(Date::new(Calendar::Gregorian, 2024, 2, 30), None);
    assert_eq!(Date::new(Calendar::Jalali, 1402, 12, 30), None);
    assert!(Date::new(Calendar::Jalali, 1403, 12, 30).is_some());
    let bad = Date {
        calendar: Calendar::Gregorian,
        year: 2023,
        month: 2,
        day: 29,
    };
    assert_eq!(bad.gregorian_iso(), None);
    assert_eq!(parse_date_text("۲۵ اسفند ۱۴۰۲"), jalali(1402, 12, 25));
}

#[test]
fn times() {
    let cases: &[(&str, (u8, u8))] = &[
        ("۱۷:۳۰", (17, 30)),
        ("17:30", (17, 30)),
        ("۰۹:۰۵", (9, 5)),
        ("ساعت ۱۷:۳۰", (17, 30)),
        ("۱۷:۳۰:۰۰", (17, 30)),
        ("ساعت ۱۰", (10, 0)),
        ("ساعت ده", (10, 0)),
        ("ساعت ۱۰ و ۳۰ دقیقه", (10, 30)),
        ("ساعت ۱۰ و ۳۰", (10, 30)),
        ("ساعت ده و بیست و پنج دقیقه", (10, 25)),
        ("ساعت ده و نیم", (10, 30)),
        ("ساعت ده و ربع", (10, 15)),
        ("ساعت بیست و سه", (23, 0)),
        ("ساعت بیست و سه و ده دقیقه", (23, 10)),
        ("ساعت ۸ صبح", (8, 0)),
        ("ساعت ۸ شب", (20, 0)),
        ("ساعت ۱۲ شب", (0, 0)),
        ("ساعت ۲ شب", (2, 0)),
        ("ساعت ۱۲ ظهر", (12, 0)),
        ("ساعت ۱ ظهر", (13, 0)),
        ("۸ بعدازظهر", (20, 0)),
        ("۸ بعد‌ازظهر", (20, 0)),
        ("۸ بعد از ظهر", (20, 0)),
        ("ساعت ۵ عصر", (17, 0)),
        ("۵:۳۰ بعدازظهر", (17, 30)),
        ("ساعت ۱۴ بعدازظهر", (14, 0)),
        ("ساعت هشت و نیم صبح", (8, 30)),
        ("ساعت ۸ و ۱۵ دقیقه صبح", (8, 15)),
        ("ساعت ۰", (0, 0)),
    ];
    for &(text, want) in cases {
        assert_eq!(parse_time(&words(text)), Some(want), "{text}");
    }
    for text in [
        "",
        "ساعت",
        "۱۰",
        "ده و نیم",
        "۲۵:۰۰",
        "۲۴:۰۰",
        "ساعت ۲۵",
        "۱۰:۶۰",
        "۱۰:۵",
        "۱۰:۳۰:۶۰",
        "۱۰::۳۰",
        "ساعت ۱۰ و ۷۰ دقیقه",
        "ساعت ۱۵ صبح",
        "ساعت ۱۰ دقیقه",
        "ساعت دو و نیم و سه",
        "ساعت ایران",
        "صبح",
        "ساعت ۱۰٫۵",
    ] {
        assert_eq!(parse_time(&words(text)), None, "{text:?}");
    }
    assert_eq!(parse_time_text("ساعت  ده و نیم"), Some((10, 30)));
}

fn money(amount: f64, currency: &str) -> Option<Money> {
    Some(Money {
        amount,
        currency: currency.to_string(),
    })
}

#[test]
fn amounts_of_money() {
    assert_eq!(TOMAN_IN_RIALS, 10);
    let m = |t: &str| parse_money(&words(t));
    assert_eq!(m("یک میلیون و دویست هزار تومان"), money(1_200_000.0, "IRT"));
    assert_eq!(m("۵۰ دلار و ۸۲ سنت"), money(50.82, "USD"));
    assert_eq!(m("۵۰ یورو و ۵ سنت"), money(50.05, "EUR"));
    assert_eq!(m("۱٬۰۰۰ تومان"), money(1000.0, "IRT"));
    assert_eq!(m("۵۰ هزار تومان"), money(50_000.0, "IRT"));
    assert_eq!(m("۵۰ هزارتومان"), money(50_000.0, "IRT"));
    assert_eq!(m("۲٫۵ میلیارد ریال"), money(2.5e9, "IRR"));
    assert_eq!(m("منفی ۵ دلار"), money(-5.0, "USD"));
    assert_eq!(m("۱۰ $"), money(10.0, "USD"));
    // A token with a ZWNJ inside reads as the words it joins.
    assert_eq!(
        parse_money(&["یک‌میلیون", "و", "دویست‌هزار", "تومان"]),
        money(1_200_000.0, "IRT")
    );
    let codes = [
        ("ریال", "IRR"),
        ("تومان", "IRT"),
        ("دلار", "USD"),
        ("یورو", "EUR"),
        ("پوند", "GBP"),
        ("ین", "JPY"),
        ("یوان", "CNY"),
        ("روبل", "RUB"),
        ("درهم", "AED"),
        ("لیر", "TRY"),
        ("لیره", "TRY"),
        ("دینار", "IQD"),
        ("فرانک", "CHF"),
        ("روپیه", "INR"),
        ("وون", "KRW"),
    ];
    for (word, code) in codes {
        assert_eq!(m(&format!("دوازده {word}")), money(12.0, code), "{word}");
    }
    for text in [
        "",
        "دلار",
        "۵۰",
        "۵۰ ایران",
        "۵۰ دلار آمریکا",
        "۵۰ ریال و ۸۲ سنت",
        "۵۰ دلار و ۱۰۰ سنت",
        "۵۰ دلار و سنت",
        "۸۲ سنت",
        "و دلار",
    ] {
        assert_eq!(m(text), None, "{text:?}");
    }
    assert_eq!(parse_money_text("۵۰ دلار و ۸۲ سنت"), money(50.82, "USD"));
}

#[test]
fn percentages() {
    let p = |t: &str| parse_percent(&words(t));
    assert_eq!(p("۱۲ درصد"), Some(12.0));
    assert_eq!(p("۱۲٫۵ درصد"), Some(12.5));
    assert_eq!(p("دوازده و نیم درصد"), Some(12.5));
    assert_eq!(p("۱۲ %"), Some(12.0));
    assert_eq!(p("۱۲ ٪"), Some(12.0));
    assert_eq!(p("۱۲٪"), Some(12.0));
    assert_eq!(p("٪۱۲"), Some(12.0));
    assert_eq!(p("٪ ۱۲"), Some(12.0));
    assert_eq!(p("منفی ۳ درصد"), Some(-3.0));
    for text in ["", "درصد", "٪", "۱۲", "۱۲ درصد درصد", "ایران درصد", "٪٪"]
    {
        assert_eq!(p(text), None, "{text:?}");
    }
    assert_eq!(parse_percent_text("۱۲ درصد"), Some(12.0));
}

/// The analyzer's normalized tokens are what the parsers take.
#[test]
fn values_of_analyzed_tokens() {
    use parsi::{analyze, AnalyzeOptions};
    let text = "جلسه ٢٥ اسفند 1402 ه.ش. ساعت 17:30 برگزار شد، با ورودی 1,000 تومان و رشد 12.5 درصد در 1402/12/25";
    let doc = analyze(text, &AnalyzeOptions::default()).unwrap();
    let toks: Vec<&str> = doc.tokens.iter().map(|t| doc.norm(t)).collect();
    let at = |w: &str| toks.iter().position(|t| *t == w).unwrap();
    let esfand = at("اسفند");
    let d = parse_date(&toks[esfand - 1..esfand + 3]).unwrap();
    assert_eq!(d.gregorian_iso().as_deref(), Some("2024-03-15"));
    let hour = at("ساعت");
    assert_eq!(parse_time(&toks[hour..hour + 2]), Some((17, 30)));
    let toman = at("تومان");
    assert_eq!(parse_money(&toks[toman - 1..=toman]), money(1000.0, "IRT"));
    let percent = at("درصد");
    assert_eq!(parse_percent(&toks[percent - 1..=percent]), Some(12.5));
    assert_eq!(parse_date(&toks[toks.len() - 1..]), jalali(1402, 12, 25));
}

/// No input makes a parser panic: sequences of number-like pieces.
#[test]
fn no_panics_on_mixed_pieces() {
    let pieces = [
        "یک",
        "دو",
        "سه",
        "صد",
        "هزار",
        "میلیون",
        "میلیارد",
        "تریلیون",
        "تریلیارد",
        "و",
        "نیم",
        "ربع",
        "صفر",
        "منفی",
        "-",
        "−",
        "۱۲",
        "9999999999999999999999999999999999999",
        "۳٫۵",
        "۳/۵",
        "1,000",
        "٪",
        "درصد",
        "دلار",
        "سنت",
        "تومان",
        "اسفند",
        "صفر",
        "ربیع",
        "الاول",
        "ساعت",
        "۱۷:۳۰",
        ":",
        "/",
        "1402/12/25",
        "ام",
        "م",
        "سی",
        "سوم",
        "اولین",
        "ه.ش.",
        "شب",
        "بعد",
        "از",
        "ظهر",
        "دقیقه",
        "ماه",
        "سال",
        "",
        "\u{200C}",
        "ي",
        "ك",
        "٫",
        "٬",
        ".",
        "-5",
        "۲۵ام",
    ];
    let mut rng = SplitMix64(42);
    for _ in 0..30_000 {
        let n = (rng.next_u64() % 8) as usize;
        let seq: Vec<&str> = (0..n)
            .map(|_| pieces[(rng.next_u64() % pieces.len() as u64) as usize])
            .collect();
        let text = seq.join(" ");
        if let Some(v) = parse_number(&text) {
            assert!(v.is_finite());
        }
        parse_ordinal(&text);
        parse_ordinal(&seq.concat());
        if let Some(d) = parse_date(&seq) {
            assert_eq!(Date::new(d.calendar, d.year, d.month, d.day), Some(d));
        }
        if let Some((h, m)) = parse_time(&seq) {
            assert!(h < 24 && m < 60);
        }
        parse_money(&seq);
        parse_percent(&seq);
    }
}

/// Entities found by `analyze` carry the value their text says, and none
/// when the text says none.
#[test]
fn analyzed_entities_carry_values() {
    use parsi::values::{Calendar, Value};
    let doc = parsi::analyze(
        "این قرارداد در ۲۵ اسفند ۱۴۰۲ به ارزش ۱۲ میلیون دلار امضا شد و سهم شرکت ۳۰ درصد است.",
        &parsi::AnalyzeOptions::default(),
    )
    .unwrap();
    let value = |label: &str| {
        doc.entities
            .iter()
            .find(|e| e.label == label)
            .unwrap_or_else(|| panic!("no {label} in {:?}", doc.entities))
            .value
            .clone()
    };
    assert_eq!(
        value("DAT"),
        Some(Value::Date {
            calendar: Calendar::Jalali,
            year: 1402,
            month: 12,
            day: 25,
            gregorian: Some("2024-03-15".into())
        })
    );
    assert_eq!(
        value("MON"),
        Some(Value::Money {
            amount: 12_000_000.0,
            currency: "USD".into()
        })
    );
    assert_eq!(value("PCT"), Some(Value::Percent { number: 30.0 }));
    let json = serde_json::to_value(doc.view(parsi::OffsetUnit::Char)).unwrap();
    let dat = json["entities"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["label"] == "DAT")
        .unwrap();
    assert_eq!(
        dat["value"],
        serde_json::json!({"kind": "date", "calendar": "jalali", "year": 1402, "month": 12, "day": 25, "gregorian": "2024-03-15"})
    );
    // No value where the text gives none.
    let doc = parsi::analyze("او امروز به تهران رفت.", &parsi::AnalyzeOptions::default()).unwrap();
    assert!(
        doc.entities.iter().all(|e| e.value.is_none()),
        "{:?}",
        doc.entities
    );
}
