//! The streaming capture readers must not panic on any bytes, and must give exactly what the
//! whole-file reader gives (packet comments aside, which lent frames do not carry).
#![no_main]

use igmpwb::import::{capture, stream};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let mut whole = capture::read(data);
    if capture::is_pcapng(data) {
        for f in &mut whole.frames {
            f.comment = None;
        }
        let streamed = stream::collect_pcapng(stream::PcapngStream::new(Vec::new(), data));
        assert_eq!(streamed, whole);
    } else if capture::is_capture(data) && data.len() >= 24 {
        let streamed = stream::collect(
            stream::PcapStream::new(data[..24].to_vec(), &data[24..]).expect("a pcap header"),
        );
        assert_eq!(streamed, whole);
    }
});
