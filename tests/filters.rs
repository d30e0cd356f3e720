#![cfg(not(target_arch = "wasm32"))]
//! The packet-list filter against tshark -Y (issue #12): for each filter of
//! tests/data/filters/filters.tsv, the frames the workbench keeps are the frames tshark 4.0
//! keeps (tests/data/filters/tshark.tsv, written by scripts/gen-expected.sh).

use std::path::Path;

use igmpwb::import;
use igmpwb::model::inspector::Inspector;

#[test]
fn display_filters_keep_the_frames_tshark_keeps() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let expected = std::fs::read_to_string(data.join("filters/tshark.tsv")).expect("tshark.tsv");
    let mut checked = 0;
    let mut kept_some = 0;
    for line in expected.lines() {
        let mut cols = line.split('\t');
        let (Some(capture), Some(filter)) = (cols.next(), cols.next()) else {
            panic!("bad line {line:?}");
        };
        let want: Vec<usize> = cols
            .next()
            .unwrap_or("")
            .split(',')
            .filter(|s| !s.is_empty())
            .map(|s| s.parse().expect("frame number"))
            .collect();
        let mut ins = Inspector::default();
        ins.load(import::import(
            &std::fs::read(data.join(capture)).expect("capture"),
        ));
        ins.set_igmp_only(false);
        ins.set_filter(filter);
        assert_eq!(ins.filter_error, None, "{filter}");
        let got: Vec<usize> = ins.visible.iter().map(|i| i + 1).collect();
        assert_eq!(got, want, "{capture}: {filter}");
        checked += 1;
        kept_some += usize::from(!want.is_empty());
    }
    assert!(checked >= 20, "only {checked} filters");
    assert_eq!(
        kept_some, checked,
        "every filter keeps some frames, so none passes by accident"
    );
}

#[test]
fn igmp_only_is_on_for_a_mixed_capture_and_says_how_many_it_hides() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut ins = Inspector::default();
    ins.load(import::import(
        &std::fs::read(data.join("parity/mixed.pcap")).expect("pcap"),
    ));
    assert!(ins.igmp_only);
    assert_eq!(ins.visible, vec![10]);
    assert_eq!(ins.hidden_by_igmp_only(), 10);
    ins.set_igmp_only(false);
    assert_eq!(ins.visible.len(), 11);
    assert_eq!(ins.hidden_by_igmp_only(), 0);
    // A capture of IGMP alone leaves the switch off.
    let mut ins = Inspector::default();
    ins.load(import::import(
        &std::fs::read(data.join("corpus/linux-frr/host-v2-join-leave.pcap")).expect("pcap"),
    ));
    assert!(!ins.igmp_only);
}

#[test]
fn an_invalid_filter_reports_its_column_and_keeps_every_frame() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut ins = Inspector::default();
    ins.load(import::import(
        &std::fs::read(data.join("corpus/linux-frr/host-v2-join-leave.pcap")).expect("pcap"),
    ));
    let all = ins.visible.len();
    ins.set_filter("igmp.type == 0x16 &&");
    let e = ins.filter_error.clone().expect("an error");
    assert_eq!(e.column, 21);
    assert_eq!(ins.visible.len(), all);
}
