//! Loading a model (part of speech, entities, the entities' dense part or
//! word clusters) from arbitrary
//! bytes is an `Err` or a model that works without panicking; never a panic
//! or an abort. Every input is tried as each kind (each has its own magic).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let base = parsi::Analyzer::shared().expect("the embedded models load");
    let (res, embedded_tagger) = (base.resources(), base.tagger());
    if let Ok(tagger) = parsi::pos::Tagger::from_bytes(data) {
        let tags = tagger.tag(res, &["کتاب‌ها", "را", "می‌خوانند", "."]);
        assert_eq!(tags.len(), 4);
    }
    if let Ok(ner) = parsi::ner::Recognizer::from_bytes(data) {
        let words = ["حسن", "روحانی", "در", "تهران", "گفت", "."];
        for (_, r) in ner.entities(embedded_tagger, res, &words) {
            assert!(r.start < r.end && r.end <= 6);
        }
        // As an analyzer's recognizer: refused unless its fingerprints match.
        if let Ok(a) = base.clone().with_recognizer(ner) {
            let _ = a.analyze("حسن روحانی در تهران گفت.", &Default::default());
        }
    }
    if let Ok(d) = parsi::ner::dense::Dense::from_bytes(data) {
        let words = ["حسن", "روحانی", "در", "تهران", "گفت", "."];
        let mut out = Vec::new();
        let pos = [0, 1 << 10 | 31 << 5 | 31];
        d.emissions(&words, &pos, &mut Default::default(), &mut out);
        assert_eq!(out.len(), words.len() * d.config.n_tags);
        let _ = d.to_bytes();
    }
    if let Ok(clusters) = parsi::clusters::Clusters::from_bytes(data) {
        let _ = clusters.get("ایران");
        let _ = clusters.to_bytes();
    }
});
