//! The word clusters: model loading (every damage is an error, never a
//! panic), round trips, and the embedded model.

use parsi::clusters::{Clusters, Path, MAGIC};
use parsi::Error;

fn small() -> Clusters {
    Clusters::from_classes(&[
        (0b00, 2, vec!["تهران", "تبریز", "اصفهان"]),
        (0b01, 2, vec!["رفت", "آمد"]),
        (0b1, 1, vec!["کتاب", "کتاب‌ها", "x"]),
    ])
    .unwrap()
}

#[test]
fn lookup_and_round_trip() {
    let c = small();
    assert_eq!(c.len(), 8);
    assert_eq!(c.n_classes(), 3);
    let p = c.get("تبریز").unwrap();
    assert_eq!((p.bits(), p.len(), p.class()), (0b00, 2, 0));
    assert_eq!(p.to_string(), "00");
    assert_eq!(c.get("کتاب‌ها").unwrap().to_string(), "1");
    assert_eq!(c.get("کتاب‌ها").unwrap().prefix(4), 0b11);
    assert!(c.get("کتا").is_none());
    assert!(c.get("").is_none());
    let bytes = c.to_bytes();
    assert_eq!(&bytes[..8], MAGIC);
    let d = Clusters::from_bytes(&bytes).unwrap();
    assert_eq!(d.to_bytes(), bytes);
    for class in 0..3u16 {
        let a: Vec<&str> = c.class_words(class).collect();
        let b: Vec<&str> = d.class_words(class).collect();
        assert_eq!(a, b);
        for w in a {
            assert_eq!(d.get(w).unwrap().class(), class);
        }
    }
    assert_eq!(d.class_words(3).count(), 0);
}

#[test]
fn duplicates_and_bad_paths_are_rejected() {
    assert!(Clusters::from_classes(&[(0, 1, vec!["a"]), (1, 1, vec!["a"])]).is_err());
    assert!(Clusters::from_classes(&[(0b100, 2, vec!["a"])]).is_err());
    assert!(Clusters::from_classes(&[(0, 1, vec![""])]).is_err());
    assert!(Path::new(0, 64, 0).is_err());
}

#[test]
fn every_truncation_is_an_error() {
    let bytes = small().to_bytes();
    for n in 0..bytes.len() {
        match Clusters::from_bytes(&bytes[..n]) {
            Err(Error::InvalidModel(_)) => {}
            other => panic!("truncated to {n} bytes: {other:?}"),
        }
    }
}

#[test]
fn every_flipped_byte_is_an_error() {
    let bytes = small().to_bytes();
    for i in 0..bytes.len() {
        for bit in [0x01u8, 0x80] {
            let mut bad = bytes.clone();
            bad[i] ^= bit;
            assert!(
                matches!(Clusters::from_bytes(&bad), Err(Error::InvalidModel(_))),
                "byte {i} ^ {bit:#x}"
            );
        }
    }
}

/// Bodies that pass the checksum but are malformed must fail cleanly too.
#[test]
fn malformed_bodies_are_errors() {
    let wrap = |body: &[u8]| parsi::model::wrap(MAGIC, parsi::clusters::VERSION, body);
    let bodies: [&[u8]; 8] = [
        &[],
        &[1],                            // one class, nothing else
        &[1, 64, 0, 0],                  // path too long
        &[1, 1, 2, 0],                   // bits beyond the path length
        &[1, 1, 0, 1, 1, 1, b'a'],       // shares a byte with no previous word
        &[1, 1, 0, 1, 0, 1, 0xff],       // not UTF-8
        &[1, 1, 0, 0, 7],                // trailing byte
        &[0xff, 0xff, 0xff, 0xff, 0x0f], // a huge class count
    ];
    for body in bodies {
        assert!(
            matches!(
                Clusters::from_bytes(&wrap(body)),
                Err(Error::InvalidModel(_))
            ),
            "{body:?}"
        );
    }
    // A word split in the middle of a char by the front coding.
    let body = [1, 1, 0, 2, 0, 2, 0xd8, 0xa7, 1, 1, b'a'];
    assert!(Clusters::from_bytes(&wrap(&body)).is_err());
    // Two classes with the same word.
    let body = [2, 1, 0, 1, 0, 1, b'a', 1, 1, 1, 0, 1, b'a'];
    assert!(Clusters::from_bytes(&wrap(&body)).is_err());
    // And a valid one, to be sure the bodies above fail for their reason.
    let body = [2, 1, 0, 1, 0, 1, b'a', 1, 1, 1, 0, 1, b'b'];
    let c = Clusters::from_bytes(&wrap(&body)).unwrap();
    assert_eq!(c.get("b").unwrap().to_string(), "1");
}

#[test]
fn default_model_loads() {
    let c = parsi::Analyzer::shared().unwrap().clusters();
    assert!(c.len() > 10_000, "{} words", c.len());
    assert!(c.n_classes() >= 256);
    for w in ["ایران", "تهران", "گفت", "کتاب", "می‌رود", "."] {
        let p = c.get(w).unwrap_or_else(|| panic!("{w} has no path"));
        assert!(p.len() >= 1 && p.len() <= 63);
        assert_eq!(c.class_path(p.class()), Some(p));
    }
    // Cities share a class; a city and a verb share less than a city and a city.
    let (teh, isf, goft) = (
        c.get("تهران").unwrap(),
        c.get("اصفهان").unwrap(),
        c.get("گفت").unwrap(),
    );
    assert_eq!(teh.class(), isf.class());
    assert_ne!(teh.prefix(10), goft.prefix(10));
    assert_eq!(
        Clusters::from_bytes(&c.to_bytes()).unwrap().to_bytes(),
        c.to_bytes()
    );
}

/// The word-vector classes (`models/classes.bin`): they load, round-trip,
/// and put words used alike close in the tree and words used differently
/// apart (what the recognizer's class features rely on).
#[test]
fn embedded_classes_group_words_used_alike() {
    let c = parsi::Analyzer::shared().unwrap().classes();
    assert_eq!(c.to_bytes(), parsi::clusters::CLASSES);
    assert!(c.len() > 20_000, "{} words", c.len());
    let p = |w: &str| c.get(w).unwrap_or_else(|| panic!("{w} has no class"));
    // The first 8 bits are the first two levels (16 classes a node).
    let near = |a: &str, b: &str| p(a).prefix(8) == p(b).prefix(8);
    for (a, b) in [
        ("استقلال", "پرسپولیس"),
        ("دوشنبه", "چهارشنبه"),
        ("تهران", "اصفهان"),
    ] {
        assert!(near(a, b), "{a} {} / {b} {}", p(a), p(b));
    }
    for (a, b) in [("استقلال", "دوشنبه"), ("تهران", "گفت"), ("دلار", "کتاب")]
    {
        assert!(!near(a, b), "{a} {} / {b} {}", p(a), p(b));
    }
}
