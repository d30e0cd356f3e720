//! Writes the golden input frames tests/data/frames/{ok,err}/*.hex from specs (run once; the
//! .hex files are committed and reviewed, the .tree goldens come from `UPDATE_GOLDEN=1 cargo test
//! --test golden`).
//!     cargo run --example make_golden_frames
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::net::Ipv4Addr;

use igmpwb::codec::spec::{IgmpSpec, LinkSpec, RecordSpec, VlanTag};
use igmpwb::codec::{emit, Derived, FrameSpec};
use igmpwb::import::export::hex_stream;

const G: Ipv4Addr = Ipv4Addr::new(224, 10, 10, 10);
const H: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 10);
const R: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1);
const Z: Ipv4Addr = Ipv4Addr::UNSPECIFIED;

fn q3(group: Ipv4Addr, code: u8, s: bool, qrv: u8, qqic: u8, sources: Vec<Ipv4Addr>) -> IgmpSpec {
    IgmpSpec::V3Query {
        code,
        checksum: Derived::Auto,
        group,
        resv: 0,
        s,
        qrv,
        qqic,
        num_sources: Derived::Auto,
        sources,
        extra: vec![],
    }
}
fn raw(t: u8, code: u8, body: Vec<u8>) -> IgmpSpec {
    IgmpSpec::Raw {
        msg_type: t,
        code,
        checksum: Derived::Auto,
        body,
    }
}
fn f(igmp: IgmpSpec, src: Ipv4Addr) -> FrameSpec {
    let mut s = FrameSpec::ethernet(igmp);
    s.ip.src = src;
    s
}
fn s(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 0, 0, n)
}

fn main() {
    let mut cases: Vec<(&str, &str, &str, Vec<u8>)> = Vec::new();
    let mut add = |dir: &'static str, name: &'static str, what: &'static str, bytes: Vec<u8>| {
        cases.push((dir, name, what, bytes))
    };
    let ok = |name, what, spec: FrameSpec| ("ok", name, what, emit(&spec));
    let mut v1q = f(IgmpSpec::basic(0x11, 0, Z), R);
    v1q.ip.options.clear();
    let mut v1r = f(IgmpSpec::basic(0x12, 0, G), H);
    v1r.ip.options.clear();
    let list = vec![
        ok("v1-query", "IGMPv1 query: code 0 means 10 s (RFC 2236 §4), no Router Alert (v1 predates it)", v1q),
        ok("v1-report", "IGMPv1 report to its group", v1r),
        ok("v2-general-query", "IGMPv2 general query, Max Resp 10 s", f(IgmpSpec::basic(0x11, 100, Z), R)),
        ok("v2-general-query-code-200", "pitfall: a v2 code 0xc8 is 20.0 s linear, not the v3 float (smoltcp, gopacket, FRR before #10117)", f(IgmpSpec::basic(0x11, 200, Z), R)),
        ok("v2-group-specific-query", "IGMPv2 group-specific query to the group, Max Resp 1 s", f(IgmpSpec::basic(0x11, 10, G), R)),
        ok("v2-report", "IGMPv2 report (the reference's §2.3 frame)", f(IgmpSpec::basic(0x16, 0, G), H)),
        ok("v2-leave", "IGMPv2 leave to 224.0.0.2", f(IgmpSpec::basic(0x17, 0, G), H)),
        ok("v3-general-query", "IGMPv3 general query: MRC 100, QRV 2, QQIC 125", f(q3(Z, 100, false, 2, 125, vec![]), R)),
        ok("v3-general-query-float", "IGMPv3 general query with floating-point codes: MRC 0x8a = 20.8 s, QQIC 0x90 = 256 s", f(q3(Z, 0x8a, false, 2, 0x90, vec![]), R)),
        ok("v3-group-specific-query", "IGMPv3 group-specific query", f(q3(G, 10, false, 2, 125, vec![]), R)),
        ok("v3-group-and-source-query", "IGMPv3 group-and-source-specific query, S = 1", f(q3(Ipv4Addr::new(232, 1, 1, 1), 10, true, 2, 125, vec![s(1), s(2)]), R)),
        ok("v3-report-all-record-types", "IGMPv3 report with one record of each type 1-6", f(IgmpSpec::v3_report((1..=6).map(|t| RecordSpec::new(t, Ipv4Addr::new(239, 1, 1, t), if t % 2 == 0 { vec![] } else { vec![s(t)] })).collect()), H)),
        ok("v3-report-asm-join", "TO_EX({}) = join any source", f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H)),
        ok("v3-report-ssm-join", "ALLOW({10.0.0.1}) for 232.1.1.1", f(IgmpSpec::v3_report(vec![RecordSpec::new(5, Ipv4Addr::new(232, 1, 1, 1), vec![s(1)])]), H)),
        ok("v3-report-from-zero", "a v3 report from 0.0.0.0 is valid (RFC 3376 §4.2.13)", f(IgmpSpec::v3_report(vec![RecordSpec::new(2, G, vec![])]), Z)),
        ok("mrd-advertisement", "Multicast Router Advertisement (RFC 4286) to 224.0.0.106", f(raw(0x30, 20, vec![0, 125, 0, 2]), R)),
        ok("mrd-solicitation", "Multicast Router Solicitation to 224.0.0.2", f(raw(0x31, 0, vec![]), H)),
        ok("mrd-termination", "Multicast Router Termination to 224.0.0.106", f(raw(0x32, 0, vec![]), R)),
    ];
    for (d, n, w, b) in list {
        add(d, n, w, b);
    }
    // Link-layer variants
    let mut vlan = f(IgmpSpec::basic(0x16, 0, G), H);
    vlan.link = LinkSpec::Ethernet {
        dst: Derived::Auto,
        src: igmpwb::codec::spec::MacAddr([2, 0, 0, 0, 0, 1]),
        vlans: vec![VlanTag {
            tpid: 0x8100,
            tci: 0x2064,
        }],
        ethertype: Derived::Auto,
    };
    add(
        "ok",
        "vlan-802.1q",
        "a v2 report in an 802.1Q tag (priority 1, VLAN 100)",
        emit(&vlan),
    );
    let mut qinq = vlan.clone();
    qinq.link = LinkSpec::Ethernet {
        dst: Derived::Auto,
        src: igmpwb::codec::spec::MacAddr([2, 0, 0, 0, 0, 1]),
        vlans: vec![
            VlanTag {
                tpid: 0x88a8,
                tci: 10,
            },
            VlanTag {
                tpid: 0x8100,
                tci: 100,
            },
        ],
        ethertype: Derived::Auto,
    };
    add(
        "ok",
        "vlan-qinq",
        "802.1ad outer tag 10, 802.1Q inner tag 100",
        emit(&qinq),
    );
    let mut padded = f(IgmpSpec::basic(0x11, 100, Z), R);
    padded.trailer = vec![0; 14];
    add("ok", "v2-query-padded-to-60", "pitfall: a 46-byte v2 query padded to 60: still v2 (IGMP length from IP Total Length − 4·IHL)", emit(&padded));
    let mut raw_ip = f(IgmpSpec::basic(0x16, 0, G), H);
    raw_ip.link = LinkSpec::RawIpv4;
    add(
        "ok",
        "raw-ipv4-report",
        "a frame that starts at the IPv4 header (LINKTYPE_RAW)",
        emit(&raw_ip),
    );

    // Errors, one diagnostic each where possible
    let mut e = |name: &'static str, what: &'static str, spec: FrameSpec| {
        add("err", name, what, emit(&spec))
    };
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.igmp = IgmpSpec::Basic {
        msg_type: 0x16,
        code: 0,
        checksum: Derived::Raw(0x1234),
        group: G,
        extra: vec![],
    };
    e(
        "bad-igmp-checksum",
        "IGMP checksum 0x1234 instead of 0xffea",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.ip.checksum = Derived::Raw(0xbeef);
    e("bad-ip-checksum", "IPv4 header checksum wrong", x);
    let mut x = f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H);
    x.ip.ttl = 255;
    e(
        "ttl-255",
        "pitfall: v3 report with TTL 255 (FRR #9070, ANVL)",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.ip.options.clear();
    e(
        "v2-no-router-alert",
        "IGMPv2 report without Router Alert",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x11, 100, Z), R);
    x.ip.dst = Derived::Raw(Ipv4Addr::new(224, 0, 0, 2));
    e(
        "general-query-not-all-systems",
        "general query to 224.0.0.2 (Linux rejects it)",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.ip.dst = Derived::Raw(Ipv4Addr::new(224, 0, 0, 2));
    e(
        "v2-report-to-all-routers",
        "pitfall: v2 report to 224.0.0.2 instead of the group (Zephyr #52521)",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x17, 0, G), H);
    x.ip.dst = Derived::Raw(G);
    e(
        "leave-to-group",
        "a Leave sent to the group (old hosts): warning",
        x,
    );
    let mut x = f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H);
    x.ip.dst = Derived::Raw(Ipv4Addr::new(224, 0, 0, 1));
    e("v3-report-not-to-22", "v3 report to 224.0.0.1", x);
    let mut x = f(IgmpSpec::basic(0x11, 10, G), R);
    x.ip.dst = Derived::Raw(Ipv4Addr::new(224, 10, 10, 11));
    e(
        "gsq-not-to-group",
        "group-specific query to another group",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.link = LinkSpec::Ethernet {
        dst: Derived::Raw(igmpwb::codec::spec::MacAddr([1, 0, 0x5e, 0x0a, 0x0a, 0x0b])),
        src: igmpwb::codec::spec::MacAddr([2, 0, 0, 0, 0, 1]),
        vlans: vec![],
        ethertype: Derived::Auto,
    };
    e(
        "mac-mismatch",
        "destination MAC does not match the group",
        x,
    );
    e(
        "group-not-multicast",
        "report for 10.1.1.1",
        f(IgmpSpec::basic(0x16, 0, Ipv4Addr::new(10, 1, 1, 1)), H),
    );
    e(
        "all-systems-reported",
        "a report for 224.0.0.1",
        f(IgmpSpec::basic(0x16, 0, Ipv4Addr::new(224, 0, 0, 1)), H),
    );
    let mut x = f(q3(Z, 100, false, 2, 125, vec![]), R);
    if let IgmpSpec::V3Query { resv, .. } = &mut x.igmp {
        *resv = 0xa;
    }
    e(
        "v3-query-reserved-bits",
        "v3 query with reserved bits 0xa",
        x,
    );
    let mut x = f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H);
    if let IgmpSpec::V3Report { reserved2, .. } = &mut x.igmp {
        *reserved2 = 1;
    }
    e(
        "v3-report-reserved",
        "v3 report with a non-zero reserved field",
        x,
    );
    e(
        "qrv-zero",
        "v3 query with QRV 0",
        f(q3(Z, 100, false, 0, 125, vec![]), R),
    );
    e(
        "sources-in-general-query",
        "v3 general query carrying a source",
        f(q3(Z, 100, false, 2, 125, vec![s(1)]), R),
    );
    let mut x = f(q3(Z, 100, false, 2, 125, vec![]), R);
    if let IgmpSpec::V3Query { num_sources, .. } = &mut x.igmp {
        *num_sources = Derived::Raw(10);
    }
    e(
        "query-claims-10-sources",
        "pitfall: mrouted's v3 general query claims 10 sources and carries none (mrouted #30)",
        x,
    );
    let mut x = f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H);
    if let IgmpSpec::V3Report { num_records, .. } = &mut x.igmp {
        *num_records = Derived::Raw(3);
    }
    e(
        "report-claims-3-records",
        "v3 report claims 3 records and has 1",
        x,
    );
    let mut x = f(
        IgmpSpec::v3_report(vec![RecordSpec::new(5, G, vec![s(1)])]),
        H,
    );
    if let IgmpSpec::V3Report { records, .. } = &mut x.igmp {
        records[0].num_sources = Derived::Raw(4);
    }
    e(
        "record-claims-4-sources",
        "a group record claims 4 sources and has 1",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.igmp = IgmpSpec::Basic {
        msg_type: 0x16,
        code: 0,
        checksum: Derived::Auto,
        group: G,
        extra: vec![0xde, 0xad, 0xbe, 0xef],
    };
    e(
        "v2-report-with-extra-bytes",
        "pitfall: 12-byte v2 report: the checksum covers all 12 bytes (Wireshark checks only 8)",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x11, 100, Z), R);
    x.igmp = IgmpSpec::Basic {
        msg_type: 0x11,
        code: 100,
        checksum: Derived::Auto,
        group: Z,
        extra: vec![0, 0],
    };
    e(
        "query-of-10-bytes",
        "a 10-byte query: neither v2 nor v3, must be ignored (RFC 3376 §7.1)",
        x,
    );
    let mut x = f(IgmpSpec::basic(0x16, 0, G), H);
    x.ip.flags = 0b001;
    e("ip-fragment", "a v2 report with MF set", x);
    e(
        "unknown-record-type",
        "a v3 record of type 9",
        f(IgmpSpec::v3_report(vec![RecordSpec::new(9, G, vec![])]), H),
    );
    let mut x = f(IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]), H);
    if let IgmpSpec::V3Report { records, .. } = &mut x.igmp {
        records[0].aux = vec![1, 2, 3, 4];
    }
    e(
        "record-with-aux-data",
        "a record with one word of aux data",
        x,
    );
    let mut x = f(raw(0x30, 20, vec![0, 125, 0, 2]), R);
    if let IgmpSpec::Raw { checksum, .. } = &mut x.igmp {
        *checksum = Derived::Raw(0);
    }
    e(
        "mrd-missing-checksum",
        "pitfall: MRD advertisement with checksum 0 (smcroute #104)",
        x,
    );
    e(
        "unknown-type",
        "IGMP type 0x99 to 224.0.0.1",
        f(raw(0x99, 0, vec![1, 2, 3, 4]), R),
    );
    let full = emit(&f(
        q3(Ipv4Addr::new(232, 1, 1, 1), 10, false, 2, 125, vec![s(1)]),
        R,
    ));
    for (name, cut, what) in [
        (
            "truncated-in-ethernet",
            10usize,
            "cut inside the Ethernet header",
        ),
        ("truncated-in-ip", 30, "cut inside the IPv4 header"),
        (
            "truncated-in-options",
            36,
            "cut inside the Router Alert option",
        ),
        ("truncated-in-igmp", 44, "cut inside the IGMP header"),
        ("truncated-in-sources", 52, "cut inside the source list"),
    ] {
        add("err", name, what, full[..cut].to_vec());
    }
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/frames");
    for (d, name, what, bytes) in cases {
        let p = dir.join(d);
        std::fs::create_dir_all(&p).expect("mkdir");
        std::fs::write(
            p.join(format!("{name}.hex")),
            format!("# {what}\n{}\n", hex_stream(&bytes)),
        )
        .expect("write");
    }
}
