//! Built-in sample frames for the Inspector gallery, built with the codec's own encoder.

use std::net::Ipv4Addr;

use crate::codec::spec::{IgmpSpec, RecordSpec};
use crate::codec::{emit, Derived, FrameSpec, Text};

pub struct Sample {
    /// Stable name (`data-sample`).
    pub name: &'static str,
    pub title: Text,
    pub frames: Vec<Vec<u8>>,
}

const G: Ipv4Addr = Ipv4Addr::new(224, 10, 10, 10);
const HOST: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 10);
const ROUTER: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1);

fn frame(igmp: IgmpSpec, src: Ipv4Addr) -> FrameSpec {
    let mut f = FrameSpec::ethernet(igmp);
    f.ip.src = src;
    f
}

pub fn all() -> Vec<Sample> {
    let s = |name, en: &str, ja: &str, specs: Vec<FrameSpec>| Sample {
        name,
        title: Text::new(en, ja),
        frames: specs.iter().map(emit).collect(),
    };
    let zero = Ipv4Addr::UNSPECIFIED;
    let ssm = Ipv4Addr::new(232, 1, 1, 1);
    let src1 = Ipv4Addr::new(10, 0, 0, 1);
    let mut bad_checksum = frame(IgmpSpec::basic(0x16, 0, G), HOST);
    bad_checksum.igmp = IgmpSpec::Basic {
        msg_type: 0x16,
        code: 0,
        checksum: Derived::Raw(0x1234),
        group: G,
        extra: vec![],
    };
    let mut wrong_dst = frame(IgmpSpec::basic(0x16, 0, G), HOST);
    wrong_dst.ip.dst = Derived::Raw(Ipv4Addr::new(224, 0, 0, 2));
    let mut truncated_query = emit(&frame(IgmpSpec::v3_query(zero, 100, vec![]), ROUTER));
    truncated_query.truncate(truncated_query.len().saturating_sub(3));
    let mut out = vec![
        s(
            "v1-query",
            "IGMPv1 query",
            "IGMPv1 クエリー",
            vec![{
                let mut f = frame(IgmpSpec::basic(0x11, 0, zero), ROUTER);
                f.ip.options.clear();
                f
            }],
        ),
        s(
            "v2-query",
            "IGMPv2 general query",
            "IGMPv2 ジェネラルクエリー",
            vec![frame(IgmpSpec::basic(0x11, 100, zero), ROUTER)],
        ),
        s(
            "v3-query",
            "IGMPv3 general query",
            "IGMPv3 ジェネラルクエリー",
            vec![frame(IgmpSpec::v3_query(zero, 100, vec![]), ROUTER)],
        ),
        s(
            "v2-report",
            "IGMPv2 report",
            "IGMPv2 レポート",
            vec![frame(IgmpSpec::basic(0x16, 0, G), HOST)],
        ),
        s(
            "v2-leave",
            "IGMPv2 Leave",
            "IGMPv2 リーブメッセージ",
            vec![frame(IgmpSpec::basic(0x17, 0, G), HOST)],
        ),
        s(
            "v3-report-asm",
            "IGMPv3 report: join any source (ASM)",
            "IGMPv3 レポート: すべての送信元で参加 (ASM)",
            vec![frame(
                IgmpSpec::v3_report(vec![RecordSpec::new(4, G, vec![])]),
                HOST,
            )],
        ),
        s(
            "v3-report-ssm",
            "IGMPv3 report: join from one source (SSM)",
            "IGMPv3 レポート: 1 送信元から参加 (SSM)",
            vec![frame(
                IgmpSpec::v3_report(vec![RecordSpec::new(5, ssm, vec![src1])]),
                HOST,
            )],
        ),
        s(
            "leave-then-gsq",
            "Leave followed by its group-specific query",
            "リーブメッセージとそれに続くグループスペシフィッククエリー",
            vec![
                frame(IgmpSpec::basic(0x17, 0, G), HOST),
                frame(IgmpSpec::basic(0x11, 10, G), ROUTER),
            ],
        ),
        s(
            "bad-checksum",
            "Broken: bad IGMP checksum",
            "不正: IGMP チェックサム誤り",
            vec![bad_checksum],
        ),
        s(
            "wrong-destination",
            "Broken: report sent to 224.0.0.2",
            "不正: 224.0.0.2 宛てのレポート",
            vec![wrong_dst],
        ),
    ];
    out.push(Sample {
        name: "truncated-v3-query",
        title: Text::new(
            "Broken: truncated IGMPv3 query",
            "不正: 途中で切れた IGMPv3 クエリー",
        ),
        frames: vec![truncated_query],
    });
    out
}
