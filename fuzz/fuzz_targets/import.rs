//! The importers (capture files and every hex-dump text form) must not panic on any input.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let _ = igmpwb::import::import(data);
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = igmpwb::import::hexdump::parse(text);
    }
});
