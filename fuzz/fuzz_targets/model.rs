//! Loading a model (part of speech, entities or word clusters) from arbitrary
//! bytes is an `Err` or a model that works without panicking; never a panic
//! or an abort. Every input is tried as each kind (each has its own magic).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tagger) = parsi::pos::Tagger::from_bytes(data) {
        let tags = tagger.tag(&["کتاب‌ها", "را", "می‌خوانند", "."]);
        assert_eq!(tags.len(), 4);
    }
    if let Ok(ner) = parsi::ner::Recognizer::from_bytes(data) {
        for (_, r) in ner.entities(&["حسن", "روحانی", "در", "تهران", "گفت", "."])
        {
            assert!(r.start < r.end && r.end <= 6);
        }
    }
    if let Ok(clusters) = parsi::clusters::Clusters::from_bytes(data) {
        let _ = clusters.get("ایران");
        let _ = clusters.to_bytes();
    }
});
