//! Normalization never panics, is idempotent for every option set, and its
//! alignment is in bounds, on char boundaries and in order.
#![no_main]

use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let (options, text) = common::split(data);
    let once = parsi::normalize(&text, &options).expect("valid options");
    let twice = parsi::normalize(&once.text, &options).expect("valid options");
    assert_eq!(twice.text, once.text, "not idempotent with {options:?}");
    assert_eq!(once.alignment().count(), once.text.chars().count());
    let mut last = 0;
    for r in once.alignment() {
        assert!(r.start <= r.end && r.end <= text.len());
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        assert!(r.start >= last, "alignment goes backwards");
        last = r.start;
    }
});
