#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]
//! tcpdump parity beyond plain Ethernet (issue #12): `igmpwb summary [-v] [-e]` against tcpdump
//! 4.99's own output on crafted captures (tests/data/parity, scripts/gen_parity_pcaps.py):
//! 802.1Q / QinQ / 0x9100 tags with and without `-e`, Linux cooked v1 and v2, PIMv1 of every type
//! whole and cut after every byte, and the non-IGMP frames of real captures (ARP, UDP, TCP,
//! PIMv2, IPv6, an unknown ethertype), raw IPv4, and frames of every IGMP type in tcpdump's own
//! captures cut after every byte (truncation markers). Also `-e` on every corpus capture.

use std::path::{Path, PathBuf};

mod common;

use igmpwb::codec::summary::Style;

fn data() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data")
}

/// tcpdump's output split into frames (a frame's text may span lines: -v, hex dumps).
fn theirs(path: &Path) -> Vec<String> {
    let text = std::fs::read_to_string(path).expect("tcpdump output");
    let mut frames: Vec<String> = Vec::new();
    for line in text.lines() {
        let numbered = line.len() > 7
            && line[..5].trim_start().chars().all(|c| c.is_ascii_digit())
            && !line[..5].trim().is_empty()
            && &line[5..7] == "  ";
        match frames.last_mut() {
            Some(last) if !numbered => {
                last.push('\n');
                last.push_str(line);
            }
            _ => frames.push(line.to_owned()),
        }
    }
    frames
}

/// tcpdump's styles: plain, -v, -e, -e -v, -vv, -e -vv.
const STYLES: [(&str, u8, bool); 6] = [
    ("tcpdump", 0, false),
    ("tcpdump-v", 1, false),
    ("tcpdump-e", 0, true),
    ("tcpdump-e-v", 1, true),
    ("tcpdump-vv", 2, false),
    ("tcpdump-e-vv", 2, true),
];

fn style(vflag: u8, link_header: bool) -> Style {
    Style {
        verbose: vflag > 0,
        very_verbose: vflag > 1,
        link_header,
        tunnel_depth: 0,
    }
}

/// Frames where tcpdump decodes further than igmpwb does, with the reason (the README's parity
/// table lists the same). For these our line must be the start of tcpdump's.
/// The flag says whether the difference shows only at -v.
const DEEPER_IN_TCPDUMP: [(&str, usize, bool, &str); 1] =
    [("mixed", 5, false, "HTTP payload decoding")];

#[test]
fn summaries_equal_tcpdump_on_vlan_cooked_pimv1_and_mixed_captures() {
    let mut compared = 0;
    for name in [
        "vlan",
        "sll",
        "sll2",
        "pimv1",
        "mixed",
        "raw",
        "igmp-cut",
        "vv",
        "vlan-padded",
        "tunnel",
        "pimv2",
        "icmp6",
    ] {
        let pcap = data().join(format!("parity/{name}.pcap"));
        for (suffix, vflag, link_header) in STYLES {
            let style = style(vflag, link_header);
            let want = theirs(&data().join(format!("parity/{name}.{suffix}.txt")));
            let got = common::summaries(&pcap, style);
            assert_eq!(got.len(), want.len(), "{name} {suffix}: frame count");
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                let number = i + 1;
                let deeper = DEEPER_IN_TCPDUMP.iter().any(|(n, f, verbose_only, _)| {
                    *n == name && *f == number && (style.verbose || !verbose_only)
                });
                if deeper {
                    assert!(
                        w.starts_with(g.as_str()) && w != g,
                        "{name} {suffix} frame {number}: ours is no longer a prefix of tcpdump's\n ours: {g}\n them: {w}"
                    );
                } else {
                    assert_eq!(g, w, "{name} {suffix} frame {number}");
                }
                compared += 1;
            }
        }
    }
    // 10 VLAN + 6 + 6 cooked + 428 PIMv1 + 11 mixed + 4 raw IPv4 + 348 cut IGMP frames + 9
    // for -vv + 7 padded + 10 tunnelled + 6 PIMv2 + 11 MLD/ICMPv6, in six styles.
    assert_eq!(
        compared,
        6 * (10 + 6 + 6 + 428 + 11 + 4 + 348 + 9 + 7 + 10 + 6 + 11)
    );
}

#[test]
fn link_header_summaries_equal_tcpdump_e_on_every_corpus_capture() {
    for dir in ["corpus/tcpdump", "corpus/linux-frr"] {
        for entry in std::fs::read_dir(data().join(dir)).expect("corpus") {
            let path = entry.expect("entry").path();
            if path.extension().and_then(|e| e.to_str()) != Some("pcap") {
                continue;
            }
            let stem = path.file_stem().and_then(|s| s.to_str()).expect("stem");
            let want = theirs(&data().join(format!("expected/{stem}.tcpdump-e.txt")));
            let got = common::summaries(&path, style(0, true));
            assert_eq!(got, want, "{stem} -e");
        }
    }
}

#[test]
fn pimv1_truncation_markers_follow_tcpdump() {
    // The example, at -v: the body of an RP-reachable, and its cut-short form.
    let want = theirs(&data().join("parity/pimv1.tcpdump-v.txt"));
    assert!(want.iter().any(
        |f| f.ends_with("igmp pimv1 RP-reachable group 239.123.123.123 RP 1.1.1.1 hold 4m30s")
    ));
    assert!(want
        .iter()
        .any(|f| f
            .ends_with("igmp pimv1 RP-reachable group 239.123.123.123 RP 1.1.1.1 hold  [|pimv1]")));
}

#[test]
fn field_spans_of_tagged_cooked_and_non_igmp_frames_agree_with_tshark() {
    // sll.src.eth covers the 6 address bytes (sll.unused the other 2); ARP, UDP and TCP fields
    // have tshark's ids and spans.
    // (PIMv1 is left out: tshark decodes a Register's encapsulated IP header as a second `ip`
    // layer, which the workbench shows as PIMv1 body bytes.)
    let mut compared = 0;
    for name in [
        "vlan",
        "sll",
        "sll2",
        "mixed",
        "vv",
        "vlan-padded",
        "tunnel",
        "pimv2",
        "icmp6",
    ] {
        compared += common::assert_spans_agree_with_pdml(
            &data().join(format!("parity/{name}.pcap")),
            &data().join(format!("parity/{name}.tshark.tsv")),
        );
    }
    assert!(compared > 500, "only {compared} field lists compared");
    let tsv = std::fs::read_to_string(data().join("parity/mixed.tshark.tsv")).expect("tsv");
    for id in ["arp.opcode", "udp.srcport", "tcp.flags", "tcp.seq_raw"] {
        assert!(tsv.contains(&format!("\t{id}\t")), "tshark shows {id}");
    }
}

#[test]
fn tag_layers_padding_and_trailers_are_laid_out_as_tshark_lays_them_out() {
    // Not only the fields both have: on tagged and padded frames, every link-layer id tshark's
    // PDML shows (eth.type, the vlan / ieee8021ad layers, vlan.etype, eth.padding, the
    // trailers) must be in our tree at the same bytes, and ours must have no other.
    use igmpwb::codec::field_ids::is_field_id;
    use std::collections::BTreeSet;
    let link = |id: &str| {
        [
            "eth.type",
            "eth.padding",
            "eth.trailer",
            "vlan",
            "ieee8021a",
        ]
        .iter()
        .any(|p| id.starts_with(p))
            && is_field_id(id)
    };
    let mut frames = 0;
    for name in ["vlan", "vlan-padded"] {
        let pcap = data().join(format!("parity/{name}.pcap"));
        let tsv =
            std::fs::read_to_string(data().join(format!("parity/{name}.tshark.tsv"))).expect("tsv");
        let imp = igmpwb::import::import(&std::fs::read(&pcap).expect("pcap"));
        for (i, f) in imp.frames.iter().enumerate() {
            let number = (i + 1).to_string();
            let theirs: BTreeSet<(String, usize, usize)> = tsv
                .lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .filter(|c| c[0] == number && link(c[1]))
                .map(|c| {
                    (
                        c[1].to_string(),
                        c[2].parse().unwrap(),
                        c[3].parse().unwrap(),
                    )
                })
                .collect();
            let d = igmpwb::codec::dissect(f.link, &f.bytes);
            let ours: BTreeSet<(String, usize, usize)> = d
                .fields
                .iter()
                .filter(|x| !x.derived && link(x.id))
                .map(|x| (x.id.to_string(), x.span.start, x.span.len()))
                .collect();
            assert_eq!(ours, theirs, "{name} frame {number}");
            frames += 1;
        }
    }
    assert_eq!(frames, 10 + 7);
}

/// The MLD parity captures with tshark's values of their fields (`scripts/mld-values.sh`):
/// (name, `frame\tid\tvalue` lines, the capture).
fn mld_values() -> Vec<(&'static str, String, igmpwb::import::Import)> {
    ["icmp6", "mld"]
        .into_iter()
        .map(|name| {
            let tsv = std::fs::read_to_string(data().join(format!("parity/{name}.values.tsv")))
                .expect("values");
            let imp = igmpwb::import::import(
                &std::fs::read(data().join(format!("parity/{name}.pcap"))).expect("pcap"),
            );
            (name, tsv, imp)
        })
        .collect()
}

#[test]
fn mld_field_values_agree_with_tshark() {
    // #30: the values of the MLD and Hop-by-Hop fields, every occurrence, as tshark -T fields
    // gives them (scripts/mld-values.sh), for the MLD frames of a generator's capture and of
    // every golden MLD frame. Ours is the value's first word ("130 (Multicast Listener
    // Query)", "10000 ms", "0x5917 [correct]", "32896 ms (code 0x8010)").
    let mut compared = 0;
    for (name, tsv, imp) in mld_values() {
        for line in tsv.lines() {
            let cols: Vec<&str> = line.split('\t').collect();
            let (n, id, theirs) = (cols[0].parse::<usize>().unwrap(), cols[1], cols[2]);
            let f = &imp.frames[n - 1];
            let d = igmpwb::codec::dissect(f.link, &f.bytes);
            let ours: Vec<&str> = d
                .fields
                .iter()
                .filter(|x| x.id == id)
                .map(|x| x.value.en.split(' ').next().unwrap_or(""))
                .collect();
            assert_eq!(ours.join(","), theirs, "{name} frame {n} {id}");
            compared += 1;
        }
    }
    assert!(compared > 200, "only {compared} values compared");
}

#[test]
fn the_packet_list_shows_mld_rows_as_tshark_reads_them() {
    // #30: an MLD frame's row names its source, destination, MLD version, message and group,
    // with tshark's values as the witness (`ipv6.src`, `ipv6.dst`, `icmpv6.type`, the first
    // multicast address); the other ICMPv6 frames show their addresses and no message. The
    // "IGMP/MLD only" switch keeps the MLD frames and hides the rest.
    for name in ["icmp6", "mld"] {
        let tsv = std::fs::read_to_string(data().join(format!("parity/{name}.values.tsv")))
            .expect("values");
        let value = |n: usize, id: &str| {
            tsv.lines()
                .map(|l| l.split('\t').collect::<Vec<_>>())
                .find(|c| c[0] == n.to_string() && c[1] == id)
                .map(|c| c[2].split(',').next().unwrap_or("").to_string())
        };
        let mut ins = igmpwb::model::inspector::Inspector::default();
        ins.load(igmpwb::import::import(
            &std::fs::read(data().join(format!("parity/{name}.pcap"))).expect("pcap"),
        ));
        ins.set_igmp_only(false);
        let mut mld = Vec::new();
        for i in 0..ins.frames.len() {
            let n = i + 1;
            let row = ins.row_text(i, &|_| 0).expect("row");
            let what = format!("{name} frame {n}: {row:?}");
            assert_eq!(Some(row.src), value(n, "ipv6.src"), "{what}");
            assert_eq!(Some(row.dst), value(n, "ipv6.dst"), "{what}");
            let t: u8 = value(n, "icmpv6.type").expect("type").parse().unwrap();
            let d = igmpwb::codec::dissect(
                ins.frames.get(i).unwrap().link,
                ins.frames.get(i).unwrap().bytes,
            );
            let (kind, version) = match (t, d.fields.iter().any(|f| f.id == "icmpv6.mld.flag.s")) {
                (130, false) => ("mld1-query", "MLDv1"),
                (130, true) => ("mld2-query", "MLDv2"),
                (131, _) => ("mld1-report", "MLDv1"),
                (132, _) => ("mld1-done", "MLDv1"),
                (143, _) => ("mld2-report", "MLDv2"),
                _ => ("", ""),
            };
            assert_eq!(
                (row.kind.as_str(), row.version.as_str()),
                (kind, version),
                "{what}"
            );
            let group = value(n, "icmpv6.mld.multicast_address")
                .or_else(|| value(n, "icmpv6.mldr.mar.multicast_address"))
                .unwrap_or_default();
            assert_eq!(row.group, group, "{what}");
            if !kind.is_empty() {
                mld.push(i);
            }
        }
        assert!(mld.len() >= 4, "{name}: only {} MLD frames", mld.len());
        ins.set_igmp_only(true);
        assert_eq!(ins.visible, mld, "{name}: IGMP/MLD only");
    }
}

#[test]
fn the_typed_mld_message_says_what_tshark_reads() {
    // #30: `codec::mld_message` (what the analysis reads) against tshark's values of the same
    // frames (the values files above): type, delay, multicast address, flags, QQIC, sources and
    // every record, each occurrence in order.
    use igmpwb::codec::MldMessage;
    let mut compared = 0;
    for (name, tsv, imp) in mld_values() {
        for (i, f) in imp.frames.iter().enumerate() {
            let theirs = |id: &str| -> Vec<String> {
                tsv.lines()
                    .map(|l| l.split('\t').collect::<Vec<_>>())
                    .filter(|c| c[0] == (i + 1).to_string() && c[1] == id)
                    .flat_map(|c| c[2].split(',').map(str::to_string).collect::<Vec<_>>())
                    .collect()
            };
            let d = igmpwb::codec::dissect(f.link, &f.bytes);
            let kind = theirs("icmpv6.type");
            let Some(m) = d.mld(&f.bytes) else {
                assert!(
                    kind.iter()
                        .all(|t| !["130", "131", "132", "143"].contains(&t.as_str())),
                    "{name} frame {}: an MLD message not read",
                    i + 1
                );
                continue;
            };
            let s = |v: &[std::net::Ipv6Addr]| v.iter().map(|a| a.to_string()).collect::<Vec<_>>();
            match m {
                MldMessage::Query {
                    version: 1,
                    max_resp_ms,
                    group,
                    ..
                } => {
                    assert_eq!(kind, ["130"]);
                    assert_eq!(
                        theirs("icmpv6.mld.maximum_response_delay"),
                        [max_resp_ms.to_string()]
                    );
                    assert_eq!(theirs("icmpv6.mld.multicast_address"), [group.to_string()]);
                }
                MldMessage::Query {
                    max_resp_ms,
                    group,
                    s_flag,
                    qrv,
                    qqi,
                    sources,
                    ..
                } => {
                    assert_eq!(kind, ["130"]);
                    assert_eq!(
                        theirs("icmpv6.mld.maximum_response_code"),
                        [max_resp_ms.to_string()]
                    );
                    assert_eq!(theirs("icmpv6.mld.multicast_address"), [group.to_string()]);
                    assert_eq!(
                        theirs("icmpv6.mld.flag.s"),
                        [if s_flag { "1" } else { "0" }]
                    );
                    assert_eq!(theirs("icmpv6.mld.flag.qrv"), [qrv.to_string()]);
                    let qqic: Vec<u32> = theirs("icmpv6.mld.qqi")
                        .iter()
                        .map(|c| igmpwb::codec::timecode::decode_v3(c.parse().unwrap()))
                        .collect();
                    assert_eq!(qqic, [qqi]);
                    assert_eq!(theirs("icmpv6.mld.nb_sources"), [sources.len().to_string()]);
                    assert_eq!(theirs("icmpv6.mld.source_address"), s(&sources));
                }
                MldMessage::V1Report { group } | MldMessage::Done { group } => {
                    assert!(kind == ["131"] || kind == ["132"]);
                    assert_eq!(theirs("icmpv6.mld.multicast_address"), [group.to_string()]);
                }
                MldMessage::V2Report { records } => {
                    assert_eq!(kind, ["143"]);
                    assert_eq!(
                        theirs("icmpv6.mldr.nb_mcast_records"),
                        [records.len().to_string()]
                    );
                    let field = |f: &dyn Fn(&igmpwb::codec::MldRecord) -> Vec<String>| {
                        records.iter().flat_map(f).collect::<Vec<_>>()
                    };
                    assert_eq!(
                        theirs("icmpv6.mldr.mar.record_type"),
                        field(&|r| vec![u8::from(r.record_type).to_string()])
                    );
                    assert_eq!(
                        theirs("icmpv6.mldr.mar.multicast_address"),
                        field(&|r| vec![r.group.to_string()])
                    );
                    assert_eq!(
                        theirs("icmpv6.mldr.mar.nb_sources"),
                        field(&|r| vec![r.sources.len().to_string()])
                    );
                    assert_eq!(
                        theirs("icmpv6.mldr.mar.source_address"),
                        field(&|r| s(&r.sources))
                    );
                }
            }
            compared += 1;
        }
    }
    assert!(compared >= 12, "only {compared} MLD messages compared");
}
