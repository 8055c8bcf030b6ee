//! Rules for numeric expressions: amounts of money, percentages and dates,
//! over normalized tokens. They do not decide alone: each match becomes a
//! feature (the token's position in the matched span), and the learned model
//! weighs it against everything else it knows.

/// A rule's kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// Number + currency (`یک میلیون و دویست هزار تومان`, `۵۰ دلار و ۸۲ سنت`).
    Money,
    /// Number + `درصد` (`۱۲ درصد`).
    Percent,
    /// Day + month name + year (`۲۵ اسفند ۱۴۰۲`), `سال ۱۳۵۷`, `۱۴۰۲/۱۲/۲۵`.
    Date,
}

fn is_digits(w: &str) -> bool {
    let mut digit = false;
    for c in w.chars() {
        if crate::chars::is_digit(c) {
            digit = true;
        } else if !matches!(c, '.' | ',' | '٫' | '٬' | '/' | '-' | ':') {
            return false;
        }
    }
    digit
}

fn is_number_word(w: &str) -> bool {
    matches!(
        w,
        "یک" | "دو"
            | "سه"
            | "چهار"
            | "پنج"
            | "شش"
            | "هفت"
            | "هشت"
            | "نه"
            | "ده"
            | "یازده"
            | "دوازده"
            | "سیزده"
            | "چهارده"
            | "پانزده"
            | "شانزده"
            | "هفده"
            | "هجده"
            | "نوزده"
            | "بیست"
            | "سی"
            | "چهل"
            | "پنجاه"
            | "شصت"
            | "هفتاد"
            | "هشتاد"
            | "نود"
            | "صد"
            | "یکصد"
            | "دویست"
            | "سیصد"
            | "چهارصد"
            | "پانصد"
            | "ششصد"
            | "هفتصد"
            | "هشتصد"
            | "نهصد"
            | "یکهزار"
            | "نیم"
    ) || is_magnitude(w)
}

fn is_magnitude(w: &str) -> bool {
    matches!(w, "هزار" | "میلیون" | "میلیارد" | "بیلیون" | "تریلیون")
}

fn is_ordinal(w: &str) -> bool {
    matches!(
        w,
        "اول"
            | "یکم"
            | "دوم"
            | "سوم"
            | "چهارم"
            | "پنجم"
            | "ششم"
            | "هفتم"
            | "هشتم"
            | "نهم"
            | "دهم"
            | "یازدهم"
            | "دوازدهم"
            | "سیزدهم"
            | "چهاردهم"
            | "پانزدهم"
            | "شانزدهم"
            | "هفدهم"
            | "هجدهم"
            | "هیجدهم"
            | "نوزدهم"
            | "بیستم"
            | "سی‌ام"
            | "سیام"
    )
}

fn is_currency(w: &str) -> bool {
    let w = w
        .strip_suffix('ی')
        .filter(|r| r.chars().count() >= 3)
        .unwrap_or(w);
    matches!(
        w,
        "ریال"
            | "تومان"
            | "هزارتومان"
            | "دلار"
            | "یورو"
            | "پوند"
            | "سنت"
            | "لیره"
            | "درهم"
            | "دینار"
            | "ین"
            | "یوآن"
            | "روبل"
            | "فرانک"
            | "رینگیت"
            | "روپیه"
            | "یورویی"
    )
}

fn is_month(w: &str) -> bool {
    let w = w.strip_suffix("ماه").unwrap_or(w);
    let w = w.strip_suffix('\u{200C}').unwrap_or(w);
    matches!(
        w,
        "فروردین"
            | "اردیبهشت"
            | "خرداد"
            | "تیر"
            | "مرداد"
            | "شهریور"
            | "مهر"
            | "آبان"
            | "آذر"
            | "دی"
            | "بهمن"
            | "اسفند"
            | "ژانویه"
            | "فوریه"
            | "مارس"
            | "آوریل"
            | "مه"
            | "ژوئن"
            | "ژوئیه"
            | "جولای"
            | "اوت"
            | "آگوست"
            | "سپتامبر"
            | "اکتبر"
            | "نوامبر"
            | "دسامبر"
            | "محرم"
            | "صفر"
            | "رجب"
            | "شعبان"
            | "رمضان"
            | "شوال"
    )
}

/// Length of the number expression at `i` (digits, number words, `و`
/// between them), 0 if none.
fn number_len<S: AsRef<str>>(words: &[S], i: usize) -> usize {
    let mut j = i;
    let mut last = i;
    while j < words.len() {
        let w = words[j].as_ref();
        if is_digits(w) || is_number_word(w) {
            j += 1;
            last = j;
        } else if matches!(w, "," | "،" | "-" | "الی")
            && j > i
            && j + 1 < words.len()
            && is_digits(words[j - 1].as_ref())
            && is_digits(words[j + 1].as_ref())
        {
            // 32 , 390 (a spaced thousands separator) and ranges: 95000 الی 110000.
            j += 1;
        } else if w == "و" && j > i && j + 1 < words.len() {
            let n = words[j + 1].as_ref();
            if is_digits(n) || is_number_word(n) {
                j += 1;
            } else {
                break;
            }
        } else {
            break;
        }
    }
    last - i
}

/// The rule matches in a sentence of normalized tokens: (kind, start, end),
/// not overlapping, left to right.
pub fn matches<S: AsRef<str>>(words: &[S], out: &mut Vec<(Kind, usize, usize)>) {
    out.clear();
    let n = words.len();
    let mut i = 0;
    while i < n {
        let w = words[i].as_ref();
        // A date written with slashes.
        if w.matches('/').count() == 2 && is_digits(w) {
            out.push((Kind::Date, i, i + 1));
            i += 1;
            continue;
        }
        // سال + a number.
        if w == "سال" && i + 1 < n && is_digits(words[i + 1].as_ref()) {
            out.push((Kind::Date, i, i + 2));
            i += 2;
            continue;
        }
        let num = number_len(words, i);
        let ord = if num == 0 && is_ordinal(w) { 1 } else { 0 };
        // Day? month year?
        let m = i + num + ord;
        if m < n && is_month(words[m].as_ref()) && (num > 0 || ord > 0 || m + 1 < n) {
            let mut end = m + 1;
            if end < n && words[end].as_ref() == "ماه" {
                end += 1;
            }
            if end < n && words[end].as_ref() == "سال" {
                end += 1;
            }
            let y = number_len(words, end);
            if num + ord > 0 || y > 0 {
                out.push((Kind::Date, i, end + y));
                i = end + y;
                continue;
            }
        }
        if num > 0 {
            let e = i + num;
            if e < n && is_currency(words[e].as_ref()) {
                let mut end = e + 1;
                // ... و ۸۲ سنت
                if end + 2 < n && words[end].as_ref() == "و" {
                    let k = number_len(words, end + 1);
                    if k > 0 && end + 1 + k < n && is_currency(words[end + 1 + k].as_ref()) {
                        end = end + 2 + k;
                    }
                }
                out.push((Kind::Money, i, end));
                i = end;
                continue;
            }
            if e < n && matches!(words[e].as_ref(), "درصد" | "درصدی" | "%" | "٪") {
                out.push((Kind::Percent, i, e + 1));
                i = e + 1;
                continue;
            }
            i = e;
            continue;
        }
        i += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn find(s: &str) -> Vec<(Kind, String)> {
        let words: Vec<&str> = s.split(' ').collect();
        let mut out = Vec::new();
        matches(&words, &mut out);
        out.into_iter()
            .map(|(k, a, b)| (k, words[a..b].join(" ")))
            .collect()
    }

    #[test]
    fn money_percent_date() {
        assert_eq!(
            find("قیمت یک میلیون و دویست هزار تومان شد"),
            vec![(Kind::Money, "یک میلیون و دویست هزار تومان".into())]
        );
        assert_eq!(
            find("۵۰ دلار و ۸۲ سنت"),
            vec![(Kind::Money, "۵۰ دلار و ۸۲ سنت".into())]
        );
        assert_eq!(
            find("تورم ۱۲ درصد"),
            vec![(Kind::Percent, "۱۲ درصد".into())]
        );
        assert_eq!(
            find("روز ۲۵ اسفند ۱۴۰۲ و سال ۱۳۵۷"),
            vec![
                (Kind::Date, "۲۵ اسفند ۱۴۰۲".into()),
                (Kind::Date, "سال ۱۳۵۷".into())
            ]
        );
        assert_eq!(find("خبرگزاری مهر گزارش داد"), vec![]);
        assert_eq!(
            find("قیمت 32 , 390 ریال"),
            vec![(Kind::Money, "32 , 390 ریال".into())]
        );
    }
}
