//! The packet-list filter must not panic on any text, and a filter that compiles must evaluate
//! on any frame without panicking; its error column always points inside the text (or just past).
#![no_main]

use igmpwb::codec::{self, LinkType};
use igmpwb::model::filter::{self, Filter};
use libfuzzer_sys::fuzz_target;

/// A v3 report with four records, and a frame of the fuzz input's own bytes.
const FRAME: &str = "01005e000016020000000011080046c00040000040000102f9d60a00000be000001694040000220041e40000000404000000e003030104000000e003030204000000e003030303000000e0040401";

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match filter::compile(&text) {
        Ok(Filter::Display(e)) => {
            let bytes = igmpwb::import::hexdump::parse(FRAME).frames.remove(0);
            let d = codec::dissect(LinkType::Ethernet, &bytes);
            let _ = filter::eval(&e, &d, &bytes);
            let d = codec::dissect(LinkType::Ethernet, data);
            let _ = filter::eval(&e, &d, data);
        }
        Ok(_) => {}
        Err(err) => assert!(err.column >= 1 && err.column <= text.chars().count() + 1),
    }
});
