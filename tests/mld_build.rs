//! Building MLD frames (#30): `igmpwb build` reads an MLD spec (an `"mld"` member) and writes
//! exactly the bytes of the golden MLD frames, whose witness is tshark's PDML
//! (tests/data/frames/ok/mld*.tshark.tsv); every preset decodes with no diagnostic; a spec wrong
//! on purpose gives the diagnostic it asks for. tshark's own verdict on the presets is in
//! tests/data/expected/builder-presets.tshark.txt (tests/props.rs).
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test code: a failed unwrap is the report"
)]

use igmpwb::codec::{self, mld_spec, LinkType};

fn golden(name: &str) -> Vec<u8> {
    let path = format!(
        "{}/tests/data/frames/ok/{name}.hex",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let hex: String = text.lines().filter(|l| !l.starts_with('#')).collect();
    (0..hex.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
        .collect()
}

fn built(json: &str) -> Vec<u8> {
    let spec: mld_spec::MldFrameSpec =
        serde_json::from_str(json).unwrap_or_else(|e| panic!("{json}: {e}"));
    mld_spec::emit(&spec)
}

fn checks(bytes: &[u8]) -> Vec<String> {
    let d = codec::dissect(LinkType::Ethernet, bytes);
    d.diagnostics.iter().map(|x| x.code().to_string()).collect()
}

#[test]
fn specs_with_only_what_a_user_chooses_build_the_golden_frames() {
    let cases = [
        (
            "mld1-done",
            r#"{"ipv6": {"src": "fe80::a"}, "mld": {"kind": "v1", "msg_type": 132, "group": "ff0e::1:3"}}"#,
        ),
        (
            "mld1-report",
            r#"{"ipv6": {"src": "fe80::a"}, "mld": {"kind": "v1", "msg_type": 131, "group": "ff0e::1:3"}}"#,
        ),
        (
            "mld2-group-source-query",
            r#"{"mld": {"kind": "v2-query", "max_resp_code": 32784, "group": "ff3e::8000:1", "s": true,
                "qrv": 2, "qqic": 125, "sources": ["2001:db8::10", "2001:db8::11"]}}"#,
        ),
        (
            "mld2-report",
            r#"{"ipv6": {"src": "fe80::a"}, "mld": {"kind": "v2-report", "records": [
                {"record_type": 5, "group": "ff3e::8000:1", "sources": ["2001:db8::10"]},
                {"record_type": 3, "group": "ff0e::1:3"}]}}"#,
        ),
    ];
    for (name, json) in cases {
        assert_eq!(hex(&built(json)), hex(&golden(name)), "{name}");
    }
}

#[test]
fn every_mld_preset_decodes_as_its_message_with_no_diagnostic() {
    let want = [
        ("mld1-query", 130, "ff02::1"),
        ("mld1-group-query", 130, "ff0e::123"),
        ("mld1-report", 131, "ff0e::123"),
        ("mld1-done", 132, "ff02::2"),
        ("mld2-query", 130, "ff02::1"),
        ("mld2-group-query", 130, "ff0e::123"),
        ("mld2-group-source-query", 130, "ff3e::123"),
        ("mld2-report", 143, "ff02::16"),
    ];
    assert_eq!(mld_spec::MESSAGES.len(), want.len());
    for ((kind, _, _), (name, msg_type, dst)) in mld_spec::MESSAGES.iter().zip(want) {
        assert_eq!(*kind, name);
        let spec = mld_spec::preset(kind).unwrap_or_else(|| panic!("{kind}"));
        let bytes = mld_spec::emit(&spec);
        let d = codec::dissect(LinkType::Ethernet, &bytes);
        assert!(d.diagnostics.is_empty(), "{kind}: {:?}", checks(&bytes));
        let value = |id: &str| {
            d.fields
                .iter()
                .find(|f| f.id == id)
                .map(|f| f.value.en.clone())
                .unwrap_or_default()
        };
        assert!(
            value("icmpv6.type").starts_with(&msg_type.to_string()),
            "{kind}"
        );
        assert_eq!(value("ipv6.dst"), dst, "{kind}");
    }
}

#[test]
fn a_spec_wrong_on_purpose_is_decoded_as_wrong() {
    let bytes = built(
        r#"{"ipv6": {"hop_limit": 64, "router_alert": null, "src": "2001:db8::1"},
            "mld": {"kind": "v1", "msg_type": 131, "checksum": {"raw": 0}, "group": "ff0e::123"}}"#,
    );
    let found = checks(&bytes);
    for code in [
        "mld.hop_limit_not_1",
        "mld.missing_router_alert",
        "mld.source_not_link_local",
        "mld.bad_checksum",
    ] {
        assert!(found.iter().any(|c| c == code), "{code} not in {found:?}");
    }
    // A Done sent to the group instead of all routers; the MAC still follows the destination.
    let bytes = built(
        r#"{"ipv6": {"dst": {"raw": "ff0e::123"}}, "mld": {"kind": "v1", "msg_type": 132, "group": "ff0e::123"}}"#,
    );
    assert_eq!(checks(&bytes), ["mld.wrong_destination"]);
    assert_eq!(&bytes[..6], &[0x33, 0x33, 0, 0, 0x01, 0x23]);
}

fn hex(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}
