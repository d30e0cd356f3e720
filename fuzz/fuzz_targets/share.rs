//! Share-link fragments (`#scenario=`, `#spec=`, `#frames=`) must not panic on any text, and
//! whatever they decode to must be safe to hand to the screens' parsers.
#![no_main]

use igmpwb::model::share;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    for key in ["scenario", "spec", "frames"] {
        let fragment = format!("#{key}={text}");
        if let Some(Ok(json)) = share::scenario_from_fragment(&fragment) {
            let _ = serde_json::from_str::<igmpwb::sim::Scenario>(&json).map(|s| s.validate());
        }
        if let Some(Ok(json)) = share::spec_from_fragment(&fragment) {
            let _ = serde_json::from_str::<igmpwb::codec::FrameSpec>(&json).map(|s| igmpwb::codec::emit(&s));
        }
        if let Some(Ok(hex)) = share::frames_from_fragment(&fragment) {
            let _ = igmpwb::import::import_text(&hex);
        }
    }
    // Also what a real link carries: DEFLATE data, unpacked (packing is slow at level 9, so the
    // fuzzer feeds the raw bytes to the inflater instead; tests/props.rs round-trips pack).
    let _ = share::unpack(&share::encode(data));
});
