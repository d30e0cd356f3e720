//! Writes a pcap of N IGMP frames (a mix of v2/v3 queries, reports and leaves) for benchmarks.
//!     cargo run --release --example make_bench_pcap -- OUT.pcap [N]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::net::Ipv4Addr;

use igmpwb::codec::spec::{IgmpSpec, RecordSpec};
use igmpwb::codec::{emit, Derived, FrameSpec, LinkType};
use igmpwb::import::{capture, CapturedFrame};

fn main() {
    let mut args = std::env::args().skip(1);
    let out = args.next().unwrap_or_else(|| "bench.pcap".into());
    let n: usize = args
        .next()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1_000_000);
    let mut frames = Vec::with_capacity(n);
    for i in 0..n {
        let g = Ipv4Addr::new(239, 1, (i >> 8) as u8, i as u8);
        let igmp = match i % 5 {
            0 => IgmpSpec::Basic {
                msg_type: 0x11,
                code: 100,
                checksum: Derived::Auto,
                group: Ipv4Addr::UNSPECIFIED,
                extra: vec![],
            },
            1 => IgmpSpec::Basic {
                msg_type: 0x16,
                code: 0,
                checksum: Derived::Auto,
                group: g,
                extra: vec![],
            },
            2 => IgmpSpec::Basic {
                msg_type: 0x17,
                code: 0,
                checksum: Derived::Auto,
                group: g,
                extra: vec![],
            },
            3 => IgmpSpec::V3Query {
                code: 100,
                checksum: Derived::Auto,
                group: Ipv4Addr::UNSPECIFIED,
                resv: 0,
                s: false,
                qrv: 2,
                qqic: 125,
                num_sources: Derived::Auto,
                sources: vec![],
                extra: vec![],
            },
            _ => IgmpSpec::V3Report {
                reserved1: 0,
                checksum: Derived::Auto,
                reserved2: 0,
                num_records: Derived::Auto,
                records: vec![RecordSpec {
                    record_type: 5,
                    aux_len: Derived::Auto,
                    num_sources: Derived::Auto,
                    group: g,
                    sources: vec![Ipv4Addr::new(10, 0, 0, 1)],
                    aux: vec![],
                }],
                extra: vec![],
            },
        };
        let bytes = emit(&FrameSpec::ethernet(igmp));
        frames.push(CapturedFrame {
            link: LinkType::Ethernet,
            ts_sec: 1_700_000_000 + (i / 1000) as i64,
            ts_nsec: (i % 1000) as u32 * 1_000_000,
            orig_len: bytes.len() as u32,
            bytes,
            comment: None,
            interface: 0,
            unknown: Vec::new(),
        });
    }
    if let Err(e) = std::fs::write(&out, capture::write_pcap(&frames)) {
        eprintln!("{out}: {e}");
        std::process::exit(1);
    }
    eprintln!("wrote {n} frames to {out}");
}
