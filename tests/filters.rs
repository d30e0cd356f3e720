#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]
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
    let mut failures = Vec::new();
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
        if got != want {
            failures.push(format!(
                "{capture}: {filter}\n  tshark: {want:?}\n  ours:   {got:?}"
            ));
        }
        checked += 1;
        kept_some += usize::from(!want.is_empty());
    }
    assert!(
        failures.is_empty(),
        "{} of {checked} differ:\n{}",
        failures.len(),
        failures.join("\n")
    );
    assert!(checked >= 150, "only {checked} filters");
    assert!(
        kept_some * 10 >= checked * 9,
        "{kept_some} of {checked} filters keep frames: most must, so that few pass by accident"
    );
}

/// Filters tshark 4.0 refuses (tests/data/filters/refused.tsv, each checked by
/// scripts/gen-expected.sh to make tshark -Y exit with status 2) are refused here too, with a
/// column and a message in both languages: never a silent empty list.
#[test]
fn filters_tshark_refuses_are_refused() {
    let data = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let list = std::fs::read_to_string(data.join("filters/refused.tsv")).expect("refused.tsv");
    let mut n = 0;
    for line in list.lines().filter(|l| !l.is_empty()) {
        let mut cols = line.split('\t');
        let filter = cols.next().unwrap_or(line);
        assert_eq!(cols.next(), Some("2"), "tshark refused {filter:?}");
        match igmpwb::model::filter::compile(filter) {
            Err(e) => {
                assert!(e.column >= 1, "{filter}");
                assert!(
                    !e.message().en.is_empty() && !e.message().ja.is_empty(),
                    "{filter}"
                );
            }
            Ok(f) => panic!("{filter:?} is refused by tshark but accepted here as {f:?}"),
        }
        n += 1;
    }
    assert!(n >= 20, "{n}");
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
