//! `dissect`, `parse`, the tcpdump summary and the tree renderer must not panic on any bytes,
//! and whatever `parse` accepts must re-emit byte for byte.
#![no_main]

use igmpwb::codec::{self, LinkType};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&selector, bytes)) = data.split_first() else { return };
    let link = [LinkType::Ethernet, LinkType::RawIpv4, LinkType::LinuxSll, LinkType::LinuxSll2][usize::from(selector % 4)];
    let d = codec::dissect(link, bytes);
    let _ = codec::render::tree(&d, codec::Lang::Ja);
    let _ = codec::summary::line(link, bytes, true);
    if let Ok(frame) = codec::parse(link, bytes) {
        assert_eq!(codec::emit(&frame), bytes);
    }
});
