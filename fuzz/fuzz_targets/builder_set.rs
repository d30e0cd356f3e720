//! `builder::set` and `builder::set_record` must not panic on any text in any field of any
//! message, and whatever they accept must encode and dissect.
#![no_main]

use igmpwb::codec::{self, LinkType};
use igmpwb::model::builder;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&[kind, field], rest)) = data.split_first_chunk::<2>() else { return };
    let text = String::from_utf8_lossy(rest);
    let messages = builder::MESSAGES;
    let (name, _, _) = messages[usize::from(kind) % messages.len()];
    let Some(mut spec) = builder::preset(name) else { return };
    let ids: Vec<String> = builder::fields(&spec).into_iter().map(|f| f.id).collect();
    if ids.is_empty() {
        return;
    }
    let id = &ids[usize::from(field) % ids.len()];
    if builder::set(&mut spec, id, &text).is_ok() {
        let _ = codec::dissect(LinkType::Ethernet, &codec::emit(&spec));
    }
    let what = ["type", "group", "sources", "aux"][usize::from(field) % 4];
    if let Some(mut report) = builder::preset("v3-report") {
        if builder::set_record(&mut report, usize::from(field >> 2) % 2, what, &text).is_ok() {
            let _ = codec::dissect(LinkType::Ethernet, &codec::emit(&report));
        }
    }
});
