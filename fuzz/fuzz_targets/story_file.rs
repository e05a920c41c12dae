#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| rankdown_fuzz::story_file(data));
