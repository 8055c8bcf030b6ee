use super::*;

fn n(s: &str) -> String {
    normalize(s, &NormalizeOptions::default()).unwrap().text
}

#[test]
fn arabic_letters_and_digits() {
    assert_eq!(n("علي كتاب ٣ و 4"), "علی کتاب ۳ و ۴");
    assert_eq!(n("ﻛﺘﺎﺏ"), "کتاب");
}

#[test]
fn digits_inside_latin_runs_are_kept() {
    assert_eq!(
        n("سایت https://x.com/a1 و mp3 و COVID-19 و ۲۰"),
        "سایت https://x.com/a1 و mp3 و COVID-19 و ۲۰"
    );
    assert_eq!(n("قیمت 1,250 و 3.5 درصد"), "قیمت ۱٬۲۵۰ و ۳٫۵ درصد");
    let ascii = NormalizeOptions {
        digits: Digits::Ascii,
        ..NormalizeOptions::default()
    };
    assert_eq!(
        normalize("۳٫۵ و ۱٬۰۰۰", &ascii).unwrap().text,
        "3.5 و 1,000"
    );
}

#[test]
fn diacritics_tatweel_and_invisibles() {
    assert_eq!(n("مُحَمَّد"), "محمد");
    assert_eq!(n("ســلام\u{200F}"), "سلام");
    assert_eq!(n("خانۀ من"), "خانهٔ من");
    let remove = NormalizeOptions {
        ezafe_hamza: EzafeHamza::Remove,
        ..NormalizeOptions::default()
    };
    assert_eq!(normalize("خانۀ من", &remove).unwrap().text, "خانه من");
}

#[test]
fn whitespace() {
    assert_eq!(
        n("  سلام \u{A0}  دنیا  \r\n\r\n\n  بعد\t"),
        "سلام دنیا\n\nبعد"
    );
}

#[test]
fn zwnj_cleanup_and_joins() {
    assert_eq!(n("کتاب\u{200C}\u{200C}ها"), "کتاب‌ها");
    assert_eq!(n("\u{200C}سلام\u{200C} دار\u{200C}ها"), "سلام دارها");
    assert_eq!(n("می روم و نمیدانم"), "می‌روم و نمی‌دانم");
    assert_eq!(
        n("میز و میانه و ماهان و میدان"),
        "میز و میانه و ماهان و میدان"
    );
    assert_eq!(
        n("کتاب ها و کتابها و بزرگ تر و بزرگترین"),
        "کتاب‌ها و کتاب‌ها و بزرگ‌تر و بزرگ‌ترین"
    );
    assert_eq!(n("خسته ام و نامه ای"), "خسته‌ام و نامه‌ای");
    assert_eq!(n("دانش آموز"), "دانش‌آموز");
    assert_eq!(n("دیوار ها"), "دیوارها");
}

#[test]
fn joins_can_be_switched_off() {
    let off = NormalizeOptions {
        verb_prefix: false,
        suffixes: false,
        clitics: false,
        compounds: false,
        ..NormalizeOptions::default()
    };
    assert_eq!(
        normalize("می روم کتاب ها خسته ام دانش آموز", &off)
            .unwrap()
            .text,
        "می روم کتاب ها خسته ام دانش آموز"
    );
}

#[test]
fn punctuation() {
    assert_eq!(n("سلام , خوبی ?"), "سلام، خوبی؟");
    assert_eq!(n("گفت : \"سلام\" ( نه ) و ..."), "گفت: «سلام» (نه) و…");
    assert_eq!(n("hello, world? yes"), "hello, world? yes");
}

#[test]
fn alignment_maps_back() {
    let src = "ميروم  به كتابخانه‌ها...";
    let out = normalize(src, &NormalizeOptions::default()).unwrap();
    assert_eq!(out.text, "می‌روم به کتابخانه‌ها…");
    assert_eq!(&src[out.source_range(0..6)], "ميروم");
    assert_eq!(&src[out.source_range(21..22)], "...");
    assert_eq!(out.alignment().count(), out.char_len());
}

#[test]
fn alignment_stays_in_order_when_a_zwnj_splits_a_ligature() {
    // ﳱ (U+FCF1) expands to ی + ه; the suffix rule puts a ZWNJ between them.
    let src = "روﳱا";
    let out = normalize(src, &NormalizeOptions::default()).unwrap();
    assert_eq!(out.text, "روی\u{200C}ها");
    let ranges: Vec<_> = out.alignment().collect();
    assert!(
        ranges.windows(2).all(|w| w[0].start <= w[1].start),
        "{ranges:?}"
    );
    let lig = "رو".len().."روﳱ".len();
    assert_eq!(ranges[3], lig, "the ZWNJ maps to the ligature");
    assert_eq!(&src[out.source_range(2..5)], "ﳱ");
    assert_eq!(&src[out.source_range(0..6)], src);
}

#[test]
fn a_kept_zwnj_run_at_a_word_edge_becomes_one_zwnj() {
    // With `zwnj: false` a ZWNJ before a space stays; joining the plural to
    // the word must not leave a run (the next pass would cut it to one).
    let keep = NormalizeOptions {
        zwnj: false,
        ..NormalizeOptions::default()
    };
    let once = normalize("کتاب\u{200C}\u{200C} ها", &keep).unwrap().text;
    assert_eq!(once, "کتاب\u{200C}ها");
    assert_eq!(normalize(&once, &keep).unwrap().text, once);
    assert_eq!(
        normalize("کتاب\u{200C}\u{200C} و", &keep).unwrap().text,
        "کتاب\u{200C} و"
    );
}

#[test]
fn idempotent_on_examples() {
    for s in [
        "می روم",
        "کتاب ها ای",
        "a , b",
        "\"x\" ,",
        "۱,۲ , ۳",
        "( سلام )",
        "گفت:سلام",
        "ه.ش.سلام",
        "abc ,۱۲",
    ] {
        let once = n(s);
        assert_eq!(n(&once), once, "{s:?}");
    }
}

#[test]
fn invalid_option_is_an_error() {
    let bad = NormalizeOptions {
        max_repeat: Some(0),
        ..NormalizeOptions::default()
    };
    assert!(matches!(normalize("x", &bad), Err(Error::InvalidOption(_))));
}

#[test]
fn word_ligatures_expand_to_spaced_words() {
    // Alone: each ligature is the word or phrase it stands for, in Persian spelling.
    for (lig, words) in [
        ("\u{FDF2}", "الله"),
        ("\u{FDF3}", "اکبر"),
        ("\u{FDF4}", "محمد"),
        ("\u{FDF5}", "صلعم"),
        ("\u{FDF6}", "رسول"),
        ("\u{FDF7}", "علیه"),
        ("\u{FDF8}", "و سلم"),
        ("\u{FDF9}", "صلی"),
        ("\u{FDFA}", "صلی الله علیه و سلم"),
        ("\u{FDFB}", "جل جلاله"),
        ("\u{FDFC}", "ریال"),
        ("\u{FDFD}", "بسم الله الرحمن الرحیم"),
        ("\u{FDFE}", "سبحانه و تعالی"),
        ("\u{FDFF}", "عز و جل"),
    ] {
        assert_eq!(
            n(lig),
            words,
            "U+{:04X}",
            lig.chars().next().unwrap() as u32
        );
        // The same with the minimal options (the expansion is not an option).
        let minimal = normalize(lig, &NormalizeOptions::minimal()).unwrap().text;
        assert_eq!(minimal, words);
    }
    // The piecewise ligatures, written apart, spell the same phrase as the whole one.
    assert_eq!(n("\u{FDF9} \u{FDF2} \u{FDF7} \u{FDF8}"), n("ﷺ"));
    // The Koranic stop signs are not words: kept as written.
    assert_eq!(n("قال\u{FDF0} و"), "قال\u{FDF0} و");
    assert_eq!(n("\u{FDF1}"), "\u{FDF1}");
}

#[test]
fn word_ligatures_stand_apart_from_letters_and_digits() {
    // A space between a phrase (or the rial sign) and a letter or digit written against it.
    assert_eq!(n("محمدﷺ"), "محمد صلی الله علیه و سلم");
    assert_eq!(n("محمدﷺگفت"), "محمد صلی الله علیه و سلم گفت");
    assert_eq!(n("پیامبر ﷺ فرمود"), "پیامبر صلی الله علیه و سلم فرمود");
    assert_eq!(n("﷽\nسلام"), "بسم الله الرحمن الرحیم\nسلام");
    assert_eq!(n("۱۰۰﷼"), "۱۰۰ ریال");
    assert_eq!(n("100﷼ و"), "۱۰۰ ریال و");
    // A one-word ligature stays part of the word written against it.
    assert_eq!(n("عبدﷲ"), "عبدالله");
    assert_eq!(n("حزبﷲ و ﷲاکبر"), "حزبالله و اللهاکبر");
    assert_eq!(n("ﷴﷺ"), "محمد صلی الله علیه و سلم");
    // Not against punctuation or brackets, and no doubled space.
    assert_eq!(
        n("پیامبر (ﷺ) فرمود."),
        "پیامبر (صلی الله علیه و سلم) فرمود."
    );
    assert_eq!(n("ﷺ."), "صلی الله علیه و سلم.");
    // A diacritic or a format char after the ligature does not glue the next word to it.
    assert_eq!(n("ﷺ\u{200F}گفت"), "صلی الله علیه و سلم گفت");
    assert_eq!(n("ﷺ\u{200C}گفت"), "صلی الله علیه و سلم گفت");
    for s in ["محمدﷺ", "۱۰۰﷼", "عبدﷲ", "ﷺ\u{200C}گفت", "(ﷺ)", "﷽\nسلام"]
    {
        let once = n(s);
        assert_eq!(n(&once), once, "{s:?}");
    }
}

#[test]
fn a_word_ligature_expansion_maps_to_its_one_source_char() {
    let src = "محمدﷺ گفت";
    let out = normalize(src, &NormalizeOptions::default()).unwrap();
    assert_eq!(out.text, "محمد صلی الله علیه و سلم گفت");
    let lig = "محمد".len().."محمدﷺ".len();
    let ranges: Vec<_> = out.alignment().collect();
    // محمد, then the inserted space (empty, where the ligature starts), then
    // the 19 chars of the phrase, inner spaces included, all on the ligature.
    assert_eq!(ranges[4], lig.start..lig.start);
    let phrase = "صلی الله علیه و سلم".chars().count();
    assert!(
        ranges[5..5 + phrase].iter().all(|r| *r == lig),
        "{ranges:?}"
    );
    assert_eq!(&src[out.source_range(5..5 + phrase)], "ﷺ");
    assert_eq!(
        &src[out.source_range(9..13)],
        "ﷺ",
        "الله alone maps to the ligature"
    );
    assert_eq!(
        &src[out.source_range(5 + phrase + 1..out.char_len())],
        "گفت"
    );
    assert!(ranges.windows(2).all(|w| w[0].start <= w[1].start));
}

#[test]
fn a_mark_composed_after_a_dropped_zwnj_is_cut_like_a_repeated_letter() {
    // `ا` + madda, then `ا` + ZWNJ + madda: the ZWNJ goes, the second madda
    // composes `آ` after `آ`, and with max_repeat 1 that run is cut in the
    // same pass (a second pass did it before: not idempotent; found by the
    // normalize fuzz target).
    let o = NormalizeOptions {
        max_repeat: Some(1),
        ..NormalizeOptions::default()
    };
    let once = normalize("ا\u{653}ا\u{200C}\u{653}", &o).unwrap();
    assert_eq!(once.text, "آ");
    assert_eq!(normalize(&once.text, &o).unwrap().text, once.text);
    // The one char maps back to the whole source.
    assert_eq!(once.source_range(0..1), 0.."ا\u{653}ا\u{200C}\u{653}".len());
}
