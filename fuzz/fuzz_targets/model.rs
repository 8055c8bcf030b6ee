//! Loading a part-of-speech model from arbitrary bytes is an `Err` or a model
//! that tags without panicking; never a panic or an abort.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(tagger) = parsi::pos::Tagger::from_bytes(data) {
        let tags = tagger.tag(&["کتاب‌ها", "را", "می‌خوانند", "."]);
        assert_eq!(tags.len(), 4);
    }
});
