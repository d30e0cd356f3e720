//! Capture analysis (`igmpwb::analyze`): each finding rule with a crafted capture that breaks
//! it and one that does not, the histories it derives, the built-in scenarios (which follow
//! the RFCs, so they must analyse cleanly), and the real captures of the corpus, whose known
//! deviations (tests/data/corpus/README.md) it must find.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use igmpwb::analyze::{analyze_frames, Analysis, Input};
use igmpwb::codec::spec::IgmpSpec;
use igmpwb::codec::spec::{Ipv4Spec, RecordSpec};
use igmpwb::codec::{emit, Derived, FrameSpec, LinkType, Severity, Unknown};
use igmpwb::sim::{builtin, captured_frames, run};

/// An address, of the type the place needs (the codec's `Ipv4Addr`, the analysis' `IpAddr`).
fn ip<A: std::str::FromStr>(s: &str) -> A
where
    A::Err: std::fmt::Debug,
{
    s.parse().expect("address")
}

/// A crafted capture: (seconds, frame bytes).
#[derive(Default)]
struct Cap(Vec<(f64, Vec<u8>)>);

impl Cap {
    fn at(&mut self, t: f64, src: &str, dst: Option<&str>, igmp: IgmpSpec) -> &mut Self {
        let mut f = FrameSpec::ethernet(igmp);
        f.ip = Ipv4Spec::igmp_default(ip(src));
        if let Some(d) = dst {
            f.ip.dst = Derived::Raw(ip(d));
        }
        self.0.push((t, emit(&f)));
        self
    }
    /// Analyses the frames in time order.
    fn analyze(&self) -> Analysis {
        let mut frames: Vec<&(f64, Vec<u8>)> = self.0.iter().collect();
        frames.sort_by(|a, b| a.0.total_cmp(&b.0));
        analyze_frames(frames.into_iter().map(|(t, b)| Input {
            link: LinkType::Ethernet,
            ts_sec: 1_700_000_000 + (*t as i64),
            ts_nsec: ((t.fract() * 1e9).round() as u32).min(999_999_999),
            bytes: b,
            unknown: Unknown::NONE,
        }))
    }
}

fn basic(msg_type: u8, code: u8, group: &str) -> IgmpSpec {
    IgmpSpec::Basic {
        msg_type,
        code,
        checksum: Derived::Auto,
        group: ip(group),
        extra: vec![],
    }
}
fn gq2() -> IgmpSpec {
    basic(0x11, 100, "0.0.0.0")
}
fn gsq2(g: &str) -> IgmpSpec {
    basic(0x11, 10, g)
}
fn report2(g: &str) -> IgmpSpec {
    basic(0x16, 0, g)
}
fn report1(g: &str) -> IgmpSpec {
    basic(0x12, 0, g)
}
fn leave(g: &str) -> IgmpSpec {
    basic(0x17, 0, g)
}
/// A v3 query: Max Resp `code` tenths, QRV 2, QQIC `qqic` s.
fn q3(code: u8, group: &str, sources: &[&str], qqic: u8) -> IgmpSpec {
    IgmpSpec::V3Query {
        code,
        checksum: Derived::Auto,
        group: ip(group),
        resv: 0,
        s: false,
        qrv: 2,
        qqic,
        num_sources: Derived::Auto,
        sources: sources.iter().map(|s| ip(s)).collect(),
        extra: vec![],
    }
}
fn report3(records: &[(u8, &str, &[&str])]) -> IgmpSpec {
    IgmpSpec::V3Report {
        reserved1: 0,
        checksum: Derived::Auto,
        reserved2: 0,
        num_records: Derived::Auto,
        records: records
            .iter()
            .map(|(t, g, s)| RecordSpec {
                record_type: *t,
                aux_len: Derived::Auto,
                num_sources: Derived::Auto,
                group: ip(g),
                sources: s.iter().map(|x| ip(x)).collect(),
                aux: vec![],
            })
            .collect(),
        extra: vec![],
    }
}

const R1: &str = "10.0.0.1";
const R2: &str = "10.0.0.2";
const A: &str = "10.0.0.11";
const B: &str = "10.0.0.12";
const G: &str = "224.10.10.10";

fn rules(a: &Analysis) -> Vec<&str> {
    a.findings.iter().map(|f| f.rule.as_str()).collect()
}
fn has(a: &Analysis, rule: &str) -> bool {
    a.findings.iter().any(|f| f.rule == rule)
}
fn finding(a: &Analysis, rule: &str) -> igmpwb::analyze::Finding {
    a.findings
        .iter()
        .find(|f| f.rule == rule)
        .cloned()
        .unwrap_or_else(|| panic!("no {rule} in {:?}", rules(a)))
}

/// A v2 link: R1 queries at 0 and 10; A joins G at 1; A leaves at 20.
fn v2_leave(gsq_times: &[f64]) -> Cap {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, A, None, report2(G))
        .at(5.0, A, None, report2(G))
        .at(20.0, A, None, leave(G));
    for t in gsq_times {
        c.at(*t, R1, None, gsq2(G));
    }
    // The capture goes on past the leave's queries (what is owed after its end is not judged).
    c.at(30.0, R1, None, gq2());
    c
}

#[test]
fn a_leave_without_group_specific_query_is_an_error() {
    let a = v2_leave(&[]).analyze();
    let f = finding(&a, "no-group-query");
    assert_eq!(f.severity, Severity::Error);
    assert_eq!(f.frames, vec![4], "the Leave is the frame named");
    assert!(f.rfc.contains("RFC 2236 §3"));
    assert!(f.en.contains("224.10.10.10") && f.ja.contains("224.10.10.10"));
    let ok = v2_leave(&[20.001, 21.001]).analyze();
    assert!(!has(&ok, "no-group-query"), "{:?}", rules(&ok));
    assert!(
        ok.findings.iter().all(|f| f.severity == Severity::Info),
        "{:?}",
        rules(&ok)
    );
}

#[test]
fn the_number_of_last_member_queries_is_checked() {
    let many = v2_leave(&[20.001, 21.001, 22.001]).analyze();
    let f = finding(&many, "last-member-query-count");
    assert!(f.en.contains("sent 3"), "{}", f.en);
    assert_eq!(f.frames, vec![4, 5, 6, 7]);
    // One query and no retransmission: "not retransmitted", naming the query that came.
    let few = v2_leave(&[20.001]).analyze();
    let f = finding(&few, "not-retransmitted");
    assert!(f.en.contains("did not retransmit"), "{}", f.en);
    assert_eq!(f.frames, vec![4, 5], "the Leave and the one query");
    assert!(!has(&few, "last-member-query-count"));
    assert!(!has(
        &v2_leave(&[20.001, 21.001]).analyze(),
        "last-member-query-count"
    ));
    // One query and a member answers: the querier rightly stops.
    let mut answered = v2_leave(&[20.001]);
    answered.at(20.4, B, None, report2(G));
    assert!(!has(&answered.analyze(), "last-member-query-count"));
}

#[test]
fn the_spacing_of_last_member_queries_is_checked() {
    let close = v2_leave(&[20.001, 20.301]).analyze();
    assert!(finding(&close, "last-member-query-interval")
        .en
        .contains("0.300 s after"));
    assert!(!has(
        &v2_leave(&[20.001, 21.001]).analyze(),
        "last-member-query-interval"
    ));
}

#[test]
fn a_query_in_another_version_than_the_routers_own() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(100, "0.0.0.0", &[], 125))
        .at(125.0, R1, None, gq2());
    let f = finding(&c.analyze(), "query-version");
    assert_eq!(f.frames, vec![2]);
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(100, "0.0.0.0", &[], 125)).at(
        125.0,
        R1,
        None,
        q3(100, "0.0.0.0", &[], 125),
    );
    assert!(!has(&ok.analyze(), "query-version"));
}

#[test]
fn a_leave_from_a_host_that_was_not_the_last_reporter_is_an_info() {
    let mut c = v2_leave(&[20.001, 21.001]);
    c.at(6.0, B, None, report2(G));
    c.0.sort_by(|a, b| a.0.total_cmp(&b.0));
    let a = c.analyze();
    let f = finding(&a, "leave-not-last-reporter");
    assert_eq!(f.severity, Severity::Info);
    assert!(f.en.contains("10.0.0.11") && f.en.contains("10.0.0.12"));
    assert!(!has(
        &v2_leave(&[20.001, 21.001]).analyze(),
        "leave-not-last-reporter"
    ));
}

#[test]
fn a_report_after_the_max_resp_time_is_late() {
    // A joined at 1 (and repeated at 5); the query at 30 allows 10 s.
    let late = |at: f64| {
        let mut c = Cap::default();
        c.at(0.0, R1, None, gq2())
            .at(1.0, A, None, report2(G))
            .at(5.0, A, None, report2(G));
        c.at(30.0, R1, None, gq2()).at(at, A, None, report2(G));
        c.analyze()
    };
    let f = finding(&late(41.5), "late-report");
    assert!(f.en.contains("11.500 s after"), "{}", f.en);
    assert!(!has(&late(39.0), "late-report"));
    // v3: a current-state record is always an answer.
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(20, "0.0.0.0", &[], 10))
        .at(3.0, A, None, report3(&[(2, G, &[])]));
    assert!(has(&c.analyze(), "late-report"));
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(20, "0.0.0.0", &[], 10))
        .at(1.5, A, None, report3(&[(2, G, &[])]));
    assert!(!has(&ok.analyze(), "late-report"));
}

/// R2 queries first; R1 (lower) starts at 1 and queries every 10 s until 21 (v3, QQIC 10,
/// Max Resp 2 s: Other Querier Present Interval 21 s). R2 queries again at `r2`.
fn election(r2: &[f64]) -> Analysis {
    let mut c = Cap::default();
    c.at(0.0, R2, None, q3(20, "0.0.0.0", &[], 10));
    for t in [1.0, 11.0, 21.0] {
        c.at(t, R1, None, q3(20, "0.0.0.0", &[], 10));
    }
    for t in r2 {
        c.at(*t, R2, None, q3(20, "0.0.0.0", &[], 10));
    }
    c.0.sort_by(|a, b| a.0.total_cmp(&b.0));
    c.analyze()
}

#[test]
fn two_routers_querying_after_the_election() {
    let a = election(&[10.0, 20.0]);
    let f = finding(&a, "two-queriers");
    assert_eq!(
        f.frames,
        vec![3, 5],
        "both of R2's late queries, one finding"
    );
    assert!(!has(&election(&[]), "two-queriers"));
}

#[test]
fn take_over_before_or_after_the_other_querier_present_interval() {
    assert!(has(&election(&[30.0]), "takeover-early"));
    let late = election(&[70.0]);
    assert!(finding(&late, "takeover-late")
        .en
        .contains("49.000 s after"));
    let on_time = election(&[42.0, 52.0]);
    assert!(on_time.findings.is_empty(), "{:?}", rules(&on_time));
    let q: Vec<(std::net::IpAddr, f64, f64)> = on_time
        .queriers
        .iter()
        .map(|q| (q.address, q.from, q.to))
        .collect();
    assert_eq!(
        q,
        vec![
            (ip(R2), 0.0, 1.0),
            (ip(R1), 1.0, 42.0),
            (ip(R2), 42.0, 52.0)
        ]
    );
}

#[test]
fn reports_to_the_wrong_destination() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, A, Some("224.0.0.1"), report2(G));
    let f = finding(&c.analyze(), "report-destination");
    assert_eq!(f.frames, vec![2]);
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(100, "0.0.0.0", &[], 125))
        .at(1.0, A, None, report3(&[(4, G, &[])]));
    assert!(ok.analyze().findings.is_empty());
}

#[test]
fn an_older_host_forces_compatibility_mode() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(100, "0.0.0.0", &[], 125))
        .at(1.0, A, None, report2(G));
    let a = c.analyze();
    let f = finding(&a, "compat-mode");
    assert_eq!(f.severity, Severity::Info);
    assert_eq!(
        a.groups[0]
            .compat
            .iter()
            .map(|c| c.mode)
            .collect::<Vec<_>>(),
        vec!["v2"]
    );
    let mut v1 = Cap::default();
    v1.at(0.0, R1, None, gq2()).at(1.0, A, None, report1(G));
    assert!(finding(&v1.analyze(), "compat-mode")
        .en
        .contains("Leaves for it are ignored"));
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(100, "0.0.0.0", &[], 125))
        .at(1.0, A, None, report3(&[(4, G, &[])]));
    assert!(!has(&ok.analyze(), "compat-mode"));
}

#[test]
fn a_leave_with_no_querier_on_the_link() {
    let mut c = Cap::default();
    c.at(1.0, A, None, report2(G)).at(20.0, A, None, leave(G));
    let f = finding(&c.analyze(), "no-querier");
    assert_eq!(f.frames, vec![2]);
}

#[test]
fn the_codecs_diagnostics_are_collected_once_per_message() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, A, None, report2(G))
        .at(2.0, A, None, report2(G));
    for (_, b) in c.0.iter_mut().skip(1) {
        let n = b.len();
        b[n - 7] ^= 0xff; // the IGMP checksum's low byte
    }
    let a = c.analyze();
    let f = finding(&a, "igmp.bad_checksum");
    assert_eq!(f.frames, vec![2, 3]);
}

#[test]
fn histories_say_who_was_a_member_and_why_a_group_ended() {
    let mut c = v2_leave(&[20.001, 21.001]);
    c.at(6.0, B, None, report2(G)).at(30.0, R1, None, gq2());
    c.0.sort_by(|a, b| a.0.total_cmp(&b.0));
    let a = c.analyze();
    let g = &a.groups[0];
    assert_eq!(g.group, ip::<std::net::IpAddr>(G));
    // The querier lowers its timer to LMQT (2 × 1 s) as it handles the Leave at 20 (RFC 3376
    // §6.6.3.1): the group ends at 22.
    assert_eq!(g.present.len(), 1);
    assert_eq!(
        (g.present[0].from, g.present[0].to, g.present[0].ended_by),
        (1.0, 22.0, "leave")
    );
    let m: Vec<(std::net::IpAddr, f64, f64)> =
        g.members.iter().map(|m| (m.host, m.from, m.to)).collect();
    assert_eq!(m, vec![(ip(A), 1.0, 20.0), (ip(B), 6.0, 22.0)]);
    // No report at all after the join: the group times out after the membership interval
    // (2 × 125 s + 10 s).
    let mut t = Cap::default();
    t.at(0.0, R1, None, gq2())
        .at(1.0, A, None, report2(G))
        .at(400.0, R1, None, gq2());
    let p = &t.analyze().groups[0].present[0];
    assert_eq!((p.to, p.ended_by), (261.0, "timeout"));
}

#[test]
fn the_json_contract_has_exactly_the_documented_keys() {
    let a = v2_leave(&[]).analyze();
    let v: serde_json::Value = serde_json::from_str(&a.to_json(false)).expect("json");
    let keys = |v: &serde_json::Value| {
        let mut k: Vec<String> = v.as_object().expect("object").keys().cloned().collect();
        k.sort();
        k.join(",")
    };
    // The first three keys are the original contract; `switch_queriers` was added after.
    assert_eq!(keys(&v), "findings,groups,queriers,switch_queriers");
    assert_eq!(
        keys(&v["queriers"][0]),
        "address,from,from_frame,to,version"
    );
    assert_eq!(keys(&v["groups"][0]), "compat,group,members,present");
    assert_eq!(keys(&v["groups"][0]["present"][0]), "ended_by,from,to");
    assert_eq!(keys(&v["groups"][0]["members"][0]), "from,host,to");
    assert_eq!(keys(&v["groups"][0]["compat"][0]), "from,mode,to");
    assert_eq!(keys(&v["findings"][0]), "en,frames,ja,rfc,rule,severity,t");
    assert_eq!(v["findings"][0]["severity"], "error");
    assert_eq!(v["queriers"][0]["address"], "10.0.0.1");
}

/// The simulator follows the RFCs, so what it sends must analyse without a warning or error.
#[test]
fn every_built_in_scenario_analyses_cleanly() {
    for name in builtin::NAMES {
        let s = builtin::get(name).expect("built-in");
        for seed in 1u64..=25 {
            let w = run(s.clone(), seed, None);
            let frames = captured_frames(&w.trace);
            let a = analyze_frames(frames.iter().map(|f| Input {
                link: f.link,
                ts_sec: f.ts_sec,
                ts_nsec: f.ts_nsec,
                bytes: &f.bytes,
                unknown: Unknown::packed(&f.unknown),
            }));
            let bad: Vec<String> = a
                .findings
                .iter()
                .filter(|f| f.severity != Severity::Info)
                .map(|f| format!("{} {:?}: {}", f.rule, f.frames, f.en))
                .collect();
            assert!(bad.is_empty(), "{name} seed {seed}: {bad:#?}");
            assert!(
                !a.queriers.is_empty() || name.contains("v1"),
                "{name}: a querier is found"
            );
        }
    }
}

fn corpus(name: &str) -> Analysis {
    let path = format!(
        "{}/tests/data/corpus/linux-frr/{name}.pcap",
        env!("CARGO_MANIFEST_DIR")
    );
    let data = std::fs::read(&path).expect("corpus capture");
    let imp = igmpwb::import::import(&data);
    analyze_frames(imp.frames.iter().map(|f| Input {
        link: f.link,
        ts_sec: f.ts_sec,
        ts_nsec: f.ts_nsec,
        bytes: &f.bytes,
        unknown: Unknown::packed(&f.unknown),
    }))
}

/// README: "FRR sends each GSQ twice, back to back": 4 queries for one Leave, 0 s apart.
#[test]
fn corpus_frr_v2_duplicates_its_group_specific_queries() {
    let a = corpus("router-querier-frr-v2");
    assert_eq!(
        rules(&a),
        vec!["last-member-query-count", "last-member-query-interval"]
    );
    assert!(
        a.findings[0]
            .en
            .contains("sent 4 group-specific queries for"),
        "{}",
        a.findings[0].en
    );
    assert!(a.findings[0].frames.contains(&30), "the Leave (frame 30)");
    assert_eq!(a.queriers.len(), 1);
    assert_eq!(
        (a.queriers[0].address, a.queriers[0].version),
        (ip("10.0.0.1"), 2)
    );
    // A, B and C joined at +2.9, +4.9, +6.9; only A's Leave was sent; the group ended by it.
    let g = a
        .groups
        .iter()
        .find(|g| g.group == ip::<std::net::IpAddr>(G))
        .expect("224.10.10.10");
    assert_eq!(g.members.len(), 3);
    assert_eq!(g.present.last().map(|p| p.ended_by), Some("leave"));
}

/// README: the bridge queries from 0.0.0.0 and sends one GSQ per Leave, to 224.0.0.1; every
/// host sends its own Leave. A switch querier is not a router (RFC 4541 §2.1.1): it is listed
/// apart, never elected, and owed no group-specific queries, so its single GSQ per Leave is
/// not judged against a router's Last Member Query Count.
#[test]
fn corpus_bridge_querier_is_a_switch_querier() {
    let a = corpus("bridge-querier-v2");
    assert!(a.queriers.is_empty(), "{:?}", a.queriers);
    assert_eq!(a.switch_queriers.len(), 1);
    assert_eq!(
        a.switch_queriers[0].address,
        ip::<std::net::IpAddr>("0.0.0.0")
    );
    assert!(has(&a, "switch-querier"));
    assert!(!has(&a, "last-member-query-count"), "{:?}", rules(&a));
    assert!(!has(&a, "no-group-query") && !has(&a, "no-querier"));
    assert!(has(&a, "ip.wrong_destination"));
    assert!(has(&a, "leave-not-last-reporter"));
    use igmpwb::analyze::LaneRole;
    let lanes = a.lanes();
    assert_eq!(lanes[0], (ip("0.0.0.0"), LaneRole::SwitchQuerier));
    assert!(
        lanes[1..].iter().all(|l| l.1 == LaneRole::Host),
        "{lanes:?}"
    );
    let frr = corpus("router-querier-frr-v2").lanes();
    assert_eq!(frr[0], (ip("10.0.0.1"), LaneRole::Querier));
    // The capture is merged from the bridge's ports: the copies are counted once, and said so.
    assert!(a.duplicates > 0);
    assert!(has(&a, "duplicates-merged"));
}

/// README: r2 queries, r1 (lower) takes over at +16.015, r2 resumes at +59.016: 21.0 s after
/// r1's last query, exactly the Other Querier Present Interval.
#[test]
fn corpus_frr_querier_election_and_take_over() {
    let a = corpus("querier-election-frr");
    let q: Vec<(std::net::IpAddr, f64)> = a
        .queriers
        .iter()
        .map(|q| (q.address, (q.from * 1e3).round() / 1e3))
        .collect();
    assert_eq!(
        q,
        vec![
            (ip("10.0.0.2"), 0.989),
            (ip("10.0.0.1"), 16.015),
            (ip("10.0.0.2"), 59.016)
        ]
    );
    assert_eq!(a.queriers[1].from_frame, 15);
    assert!(a.findings.is_empty(), "{:?}", rules(&a));
}

#[test]
fn corpus_hosts_without_a_querier_and_frr_v3_source_lists() {
    for name in [
        "host-v1-join",
        "host-v2-join-leave",
        "host-v3-source-specific",
        "router-frr-v3-source-specific",
    ] {
        let a = corpus(name);
        let bad: Vec<&str> = a
            .findings
            .iter()
            .filter(|f| f.severity != Severity::Info)
            .map(|f| f.rule.as_str())
            .collect();
        assert!(bad.is_empty(), "{name}: {bad:?}");
    }
    // The v3 host's S,G joins show as members with their sources' groups present.
    let a = corpus("router-frr-v3-source-specific");
    assert!(a
        .groups
        .iter()
        .any(|g| g.group == ip::<std::net::IpAddr>("232.1.1.1") && g.members.len() >= 2));
}

#[cfg(not(target_arch = "wasm32"))]
mod hostile {
    use super::*;
    use proptest::prelude::*;

    fn valid_frames() -> Vec<Vec<u8>> {
        let mut c = v2_leave(&[20.001, 21.001]);
        c.at(
            1.0,
            A,
            None,
            report3(&[(1, G, &["10.9.9.1"]), (6, "232.1.1.1", &["10.9.9.2"])]),
        )
        .at(2.0, R2, None, q3(255, G, &["10.9.9.1"], 255))
        .at(3.0, B, None, report1(G));
        c.0.into_iter().map(|(_, b)| b).collect()
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]
        /// Any frames, in any order, at any times (backwards, far apart, the same instant):
        /// the analysis finishes without a panic and every finding names frames it saw.
        #[test]
        fn any_capture_analyses_without_panic(
            picks in proptest::collection::vec((any::<u8>(), any::<i64>(), any::<u32>(), any::<u16>(), any::<u8>(), proptest::collection::vec(any::<u8>(), 0..80)), 0..40),
        ) {
            let valid = valid_frames();
            let frames: Vec<(i64, u32, Vec<u8>)> = picks
                .into_iter()
                .map(|(k, sec, nsec, at, x, noise)| {
                    let bytes = match k % 3 {
                        0 => noise,
                        _ => {
                            let mut b = valid[usize::from(k) % valid.len()].clone();
                            if k % 3 == 2 && !b.is_empty() {
                                let i = usize::from(at) % b.len();
                                b[i] ^= x;
                                b.truncate(b.len() - usize::from(x) % 4);
                            }
                            b
                        }
                    };
                    (sec % 2_000_000_000, nsec, bytes)
                })
                .collect();
            let a = analyze_frames(frames.iter().map(|(s, n, b)| Input {
                link: LinkType::Ethernet,
                ts_sec: *s,
                ts_nsec: *n,
                bytes: b,
                unknown: Unknown::NONE,
            }));
            let n = frames.len() as u64;
            for f in &a.findings {
                prop_assert!(!f.frames.is_empty() && f.frames.iter().all(|x| (1..=n).contains(x)), "{f:?}");
                prop_assert!(f.t.is_finite());
            }
            let json = a.to_json(false);
            prop_assert!(json.starts_with(r#"{"queriers"#), "{}", json);
        }
    }
}

#[test]
fn the_state_at_a_moment_comes_from_the_histories() {
    let a = corpus("router-querier-frr-v2");
    let g = ip(G);
    let at = |t: f64| a.state_at(t).groups.into_iter().find(|x| x.0 == g);
    assert_eq!(a.state_at(0.5).querier, None, "before the first query");
    assert_eq!(a.state_at(10.0).querier, Some((ip("10.0.0.1"), 2)));
    assert_eq!(at(2.0), None, "nobody has joined yet");
    assert_eq!(
        at(10.0),
        Some((g, "v2", vec![ip(A), ip(B), ip("10.0.0.13")]))
    );
    assert_eq!(
        at(51.5).map(|x| x.2),
        Some(vec![ip(B), ip("10.0.0.13")]),
        "A has left"
    );
    assert_eq!(at(53.0), None, "the group ended at 52.916");
}

/// The rule table of docs/analysis.md (the README links to it) is the rules' documentation:
/// every rule the analyzer can report is in it, with its RFC section.
#[test]
fn the_readme_documents_every_rule() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/analysis.md"))
        .expect("docs/analysis.md");
    for r in igmpwb::analyze::RULES {
        let row = readme
            .lines()
            .find(|l| l.starts_with('|') && l.contains(&format!("`{}`", r.id)))
            .unwrap_or_else(|| panic!("no docs/analysis.md row for {}", r.id));
        assert!(
            row.contains(r.severity.name()) || row.contains("as the codec says"),
            "{}: {row}",
            r.id
        );
        let first_rfc = r
            .rfc
            .split(';')
            .next()
            .unwrap_or(r.rfc)
            .split(',')
            .next()
            .unwrap_or(r.rfc)
            .trim();
        assert!(row.contains(first_rfc), "{}: {row} lacks {first_rfc}", r.id);
    }
}

// ----- #25: each rule with a capture that triggers it and one that does not -----------------

/// A v3 query with every field chosen.
fn q3x(code: u8, group: &str, sources: &[&str], qqic: u8, qrv: u8, s: bool) -> IgmpSpec {
    IgmpSpec::V3Query {
        code,
        checksum: Derived::Auto,
        group: ip(group),
        resv: 0,
        s,
        qrv,
        qqic,
        num_sources: Derived::Auto,
        sources: sources.iter().map(|s| ip(s)).collect(),
        extra: vec![],
    }
}
const Z: &str = "0.0.0.0";
const C: &str = "10.0.0.13";
const S1: &str = "10.9.9.1";
const S2: &str = "10.9.9.2";
const SSM: &str = "232.1.1.1";

fn bad(a: &Analysis) -> Vec<String> {
    a.findings
        .iter()
        .filter(|f| f.severity != Severity::Info)
        .map(|f| format!("{} {:?}: {}", f.rule, f.frames, f.en))
        .collect()
}

#[test]
fn a_switch_querier_from_0_0_0_0_is_never_a_router() {
    // Only a snooping switch queries; a host joins and leaves: nothing is owed.
    let mut c = Cap::default();
    c.at(0.0, Z, None, gq2())
        .at(1.0, A, None, report2(G))
        .at(20.0, A, None, leave(G))
        .at(20.001, Z, Some("224.0.0.1"), gsq2(G))
        .at(30.0, Z, None, gq2());
    let a = c.analyze();
    assert!(a.queriers.is_empty());
    assert_eq!(a.switch_queriers.len(), 1);
    assert_eq!(a.switch_queriers[0].address, ip::<std::net::IpAddr>(Z));
    assert!(has(&a, "switch-querier"));
    assert!(!has(&a, "no-group-query") && !has(&a, "not-retransmitted") && !has(&a, "no-querier"));
    // With a router on the link, the router is querier (never the switch) and is owed the
    // queries: the switch's group query does not stand in for the router's.
    let mut r = Cap::default();
    r.at(0.0, Z, None, gq2())
        .at(0.5, R2, None, gq2())
        .at(1.0, A, None, report2(G))
        .at(20.0, A, None, leave(G))
        .at(20.001, Z, Some("224.0.0.1"), gsq2(G))
        .at(30.0, R2, None, gq2());
    let a = r.analyze();
    assert_eq!(
        a.queriers.iter().map(|q| q.address).collect::<Vec<_>>(),
        vec![ip::<std::net::IpAddr>(R2)]
    );
    assert!(has(&a, "no-group-query"), "{:?}", rules(&a));
}

/// Two IGMPv2 routers with different query intervals: R2 (QI 125 s) queries first, R1 (QI
/// 60 s, a lower address) comes up at 300 (two startup queries 15 s apart) and wins, then stops
/// after 435. R2 must take over
/// after *its own* Other Querier Present Interval (2 × 125 + 5 = 255 s), learned from its own
/// queries while it was querier (never from its silent spell as non-querier).
fn takeover_by_own_timers(r2_back: f64) -> Analysis {
    let mut c = Cap::default();
    for t in [0.0, 31.25, 156.25, 281.25] {
        c.at(t, R2, None, gq2());
    }
    for t in [300.0, 315.0, 375.0, 435.0] {
        c.at(t, R1, None, gq2());
    }
    c.at(r2_back, R2, None, gq2())
        .at(r2_back + 125.0, R2, None, gq2());
    c.analyze()
}

#[test]
fn a_take_over_is_judged_by_the_router_that_takes_over() {
    let a = takeover_by_own_timers(690.0);
    assert!(a.findings.is_empty(), "{:?}", rules(&a));
    let q: Vec<(std::net::IpAddr, f64)> = a.queriers.iter().map(|q| (q.address, q.from)).collect();
    assert_eq!(q, vec![(ip(R2), 0.0), (ip(R1), 300.0), (ip(R2), 690.0)]);
    let late = takeover_by_own_timers(745.0);
    assert!(has(&late, "takeover-late"), "{:?}", rules(&late));
    assert!(
        finding(&late, "takeover-late").en.contains("255.000 s"),
        "R2's own interval"
    );
    assert!(!has(&late, "two-queriers"), "never both for one change");
    let early = takeover_by_own_timers(560.0);
    assert!(has(&early, "takeover-early"), "{:?}", rules(&early));
    assert!(!has(&early, "takeover-late"));
}

/// IGMPv3 querier R1 (Max Resp 1 s for its specific queries, LMQC 2); A includes S1 and S2.
fn v3_block(queries: &[f64], repeat_block_at: Option<f64>) -> Cap {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, A, None, report3(&[(5, G, &[S1, S2])]))
        .at(5.0, A, None, report3(&[(6, G, &[S1])]));
    for t in queries {
        c.at(*t, R1, None, q3(10, G, &[S1], 125));
    }
    if let Some(t) = repeat_block_at {
        c.at(t, A, None, report3(&[(6, G, &[S1])]));
    }
    c.at(30.0, R1, None, q3(100, Z, &[], 125));
    c.0.sort_by(|a, b| a.0.total_cmp(&b.0));
    c
}

#[test]
fn a_repeated_block_for_sources_already_at_lmqt_owes_nothing() {
    // The host repeats its BLOCK after the querier's two queries: the source is at or below
    // LMQT already (RFC 3376 §6.6.3.2), so no new query is owed.
    let a = v3_block(&[5.001, 6.001], Some(6.5)).analyze();
    assert!(bad(&a).is_empty(), "{:#?}", bad(&a));
    // No query at all: an error naming the host that sent the BLOCK.
    let none = v3_block(&[], None).analyze();
    let f = finding(&none, "no-group-query");
    assert!(f.en.contains("BLOCK from 10.0.0.11"), "{}", f.en);
    assert_eq!(f.frames, vec![3]);
}

#[test]
fn a_query_that_came_late_is_a_warning_naming_both_frames() {
    let late = v2_leave(&[21.012, 22.012]).analyze();
    let f = finding(&late, "late-group-query");
    assert_eq!(f.severity, Severity::Warning);
    assert_eq!(f.frames, vec![4, 5], "the Leave and the late query");
    assert!(f.en.contains("1.012 s after"), "{}", f.en);
    assert!(!has(&late, "no-group-query"), "{:?}", rules(&late));
    assert!(!has(&v2_leave(&[20.9, 21.9]).analyze(), "late-group-query"));
}

#[test]
fn v1_reports_are_never_late() {
    // A v1 host answers within 10 s whatever Max Resp says (RFC 1112 App. I, RFC 2236 §4).
    let mut c = Cap::default();
    c.at(0.0, R1, None, basic(0x11, 20, Z))
        .at(1.0, A, None, report1(G))
        .at(30.0, R1, None, basic(0x11, 20, Z))
        .at(38.0, A, None, report1(G));
    assert!(!has(&c.analyze(), "late-report"));
    let mut v2 = Cap::default();
    v2.at(0.0, R1, None, basic(0x11, 20, Z))
        .at(1.0, A, None, report2(G))
        .at(30.0, R1, None, basic(0x11, 20, Z))
        .at(38.0, A, None, report2(G));
    assert!(has(&v2.analyze(), "late-report"));
}

#[test]
fn a_message_with_a_bad_checksum_changes_no_state() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2()).at(1.0, A, None, report2(G));
    for (_, b) in c.0.iter_mut() {
        let n = b.len();
        b[n - 7] ^= 0xff;
    }
    let a = c.analyze();
    assert!(has(&a, "igmp.bad_checksum"));
    assert!(a.queriers.is_empty(), "a bad query starts no querier");
    assert!(a.groups.is_empty(), "a bad report adds no member");
}

#[test]
fn messages_the_links_mode_ignores_change_nothing() {
    // A v3 report on an IGMPv2-only link starts no group.
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, A, None, report3(&[(4, G, &[])]));
    assert!(c.analyze().groups.is_empty());
    // In v1 compatibility mode a Leave (TO_IN({})) is ignored: the group stays.
    let mut v1 = Cap::default();
    v1.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, A, None, report1(G))
        .at(5.0, A, None, leave(G))
        .at(40.0, R1, None, q3(100, Z, &[], 125));
    let a = v1.analyze();
    let g = &a.groups[0];
    assert_eq!(g.present[0].ended_by, "capture-end", "{:?}", g.present);
    assert!(
        !has(&a, "no-group-query"),
        "nothing is owed for an ignored Leave"
    );
}

#[test]
fn last_member_queries_in_v1_compatibility_mode_are_a_warning() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, A, None, report1(G))
        .at(2.0, B, None, report2(G))
        .at(5.0, B, None, leave(G))
        .at(5.001, R1, None, gsq2(G))
        .at(6.001, R1, None, gsq2(G))
        .at(30.0, R1, None, gq2());
    let a = c.analyze();
    let f = finding(&a, "query-in-v1-mode");
    assert_eq!(f.frames, vec![5, 6]);
    assert!(f.rfc.contains("§7.3.2"));
    // Without the v1 host the same queries are right.
    let ok = v2_leave(&[20.001, 21.001]).analyze();
    assert!(!has(&ok, "query-in-v1-mode"));
}

#[test]
fn a_group_and_source_query_naming_0_0_0_0() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, R1, None, q3(10, G, &[Z], 125));
    assert!(has(&c.analyze(), "query-source-unspecified"));
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, R1, None, q3(10, G, &[S1], 125));
    assert!(!has(&ok.analyze(), "query-source-unspecified"));
}

#[test]
fn a_max_resp_not_below_the_query_interval() {
    // QQIC 10 s, Max Resp 12.8 s (code 128).
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(128, Z, &[], 10))
        .at(10.0, R1, None, q3(128, Z, &[], 10));
    let a = c.analyze();
    let f = finding(&a, "max-resp-not-below-interval");
    assert_eq!(f.frames, vec![1, 2], "one finding for the router");
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(50, Z, &[], 10))
        .at(10.0, R1, None, q3(50, Z, &[], 10));
    assert!(!has(&ok.analyze(), "max-resp-not-below-interval"));
}

#[test]
fn robustness_one_is_a_warning() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3x(100, Z, &[], 125, 1, false));
    assert!(has(&c.analyze(), "robustness-one"));
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3x(100, Z, &[], 125, 2, false));
    assert!(!has(&ok.analyze(), "robustness-one"));
}

#[test]
fn older_versions_for_ssm_groups_are_a_warning_and_ignored() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, A, None, report2(SSM));
    let a = c.analyze();
    assert!(has(&a, "ssm-older-version"));
    assert!(a.groups.is_empty(), "routers ignore it (RFC 4604 §2.2)");
    let mut ok = Cap::default();
    ok.at(0.0, R1, None, q3(100, Z, &[], 125))
        .at(1.0, A, None, report3(&[(5, SSM, &[S1])]));
    let a = ok.analyze();
    assert!(!has(&a, "ssm-older-version"));
    assert_eq!(a.groups.len(), 1);
}

#[test]
fn an_s_flag_with_nothing_to_suppress_is_a_warning() {
    // A joins (EXCLUDE), then leaves: the querier's first query must have S = 0 (it has just
    // lowered the group timer to LMQT, §6.6.3.1).
    let leave_with = |s_first: bool, report_between: bool| {
        let mut c = Cap::default();
        c.at(0.0, R1, None, q3(100, Z, &[], 125))
            .at(1.0, A, None, report3(&[(4, G, &[])]))
            .at(20.0, A, None, report3(&[(3, G, &[])]))
            .at(20.001, R1, None, q3x(10, G, &[], 125, 2, s_first));
        if report_between {
            c.at(20.5, B, None, report3(&[(2, G, &[])]));
        }
        // The retransmission: S = 1 is right only when a report raised the timer meanwhile.
        c.at(21.001, R1, None, q3x(10, G, &[], 125, 2, report_between));
        c.at(30.0, R1, None, q3(100, Z, &[], 125));
        c.analyze()
    };
    let wrong = leave_with(true, false);
    let f = finding(&wrong, "s-flag-unexpected");
    assert_eq!(f.frames, vec![4]);
    let right = leave_with(false, true);
    assert!(!has(&right, "s-flag-unexpected"), "{:?}", rules(&right));
    assert!(bad(&right).is_empty(), "{:#?}", bad(&right));
}

#[test]
fn findings_name_the_host_whose_message_it_was() {
    let mut c = Cap::default();
    c.at(0.0, R1, None, gq2())
        .at(1.0, C, None, report2(G))
        .at(20.0, C, None, leave(G))
        .at(30.0, R1, None, gq2());
    let f = finding(&c.analyze(), "no-group-query");
    assert!(
        f.en.contains("Leave / TO_IN({}) from 10.0.0.13"),
        "{}",
        f.en
    );
    assert!(f.ja.contains("10.0.0.13"), "{}", f.ja);
}

#[cfg(not(target_arch = "wasm32"))]
mod random_scenarios {
    use super::*;
    use std::net::Ipv4Addr;

    /// What the simulated router forwards for `g`, from its state changes: (time s, present).
    fn router_presence(
        trace: &[igmpwb::sim::TraceEntry],
        router: &str,
        g: Ipv4Addr,
    ) -> Vec<(f64, bool)> {
        let mut out: Vec<(f64, bool)> = Vec::new();
        for e in trace {
            if let igmpwb::sim::TraceEntry::State {
                t, node, group, to, ..
            } = e
            {
                if node != router || group != &g.to_string() {
                    continue;
                }
                let present = match to.as_str() {
                    "MembersPresent" | "V1MembersPresent" | "CheckingMembership" => true,
                    "NoMembersPresent" | "INCLUDE{}" => false,
                    s if s.starts_with("EXCLUDE") => true,
                    s if s.starts_with("INCLUDE{") => true,
                    _ => continue,
                };
                if out.last().map(|x| x.1) != Some(present) {
                    out.push((*t as f64 / 1000.0, present));
                }
            }
        }
        out
    }
    use igmpwb::engine::FilterMode;
    use igmpwb::sim::{Action, ActionKind, NodeConfig, NodeKind, Scenario, Timers};
    use proptest::prelude::*;

    const GROUPS: [Ipv4Addr; 2] = [Ipv4Addr::new(224, 10, 10, 10), Ipv4Addr::new(239, 1, 1, 1)];
    const SOURCES: [Ipv4Addr; 2] = [Ipv4Addr::new(10, 9, 9, 1), Ipv4Addr::new(10, 9, 9, 2)];

    /// One host's plan for one group: join at, with a source list (v3 only), leave after.
    type Plan = (Option<(u16, u8)>, Option<u16>);

    fn scenario(router_v: u8, hosts: &[(u8, [Plan; 2])]) -> Scenario {
        let mut nodes = vec![NodeConfig::new(
            "R",
            NodeKind::Router,
            Ipv4Addr::new(192, 168, 1, 1),
            router_v,
        )];
        let mut actions = Vec::new();
        for (i, (v, plans)) in hosts.iter().enumerate() {
            let name = format!("H{i}");
            let last = u8::try_from(10 + i).unwrap_or(10);
            nodes.push(NodeConfig::new(
                name.clone(),
                NodeKind::Host,
                Ipv4Addr::new(192, 168, 1, last),
                *v,
            ));
            for (g, (join, leave)) in GROUPS.iter().zip(plans) {
                let Some((at, srcs)) = join else { continue };
                let t = 1.0 + f64::from(*at % 150);
                // Source lists only where both ends speak IGMPv3 (and never for 224/24).
                let (mode, sources) = if *v == 3 && router_v == 3 && srcs % 3 != 0 {
                    let list: Vec<Ipv4Addr> = SOURCES
                        .iter()
                        .take(usize::from(srcs % 3))
                        .copied()
                        .collect();
                    (Some(FilterMode::Include), list)
                } else {
                    (None, vec![])
                };
                actions.push(Action {
                    t,
                    node: name.clone(),
                    kind: ActionKind::Join {
                        group: *g,
                        mode,
                        sources,
                        socket: 0,
                    },
                });
                if let Some(after) = leave {
                    actions.push(Action {
                        t: t + 2.0 + f64::from(*after % 120),
                        node: name.clone(),
                        kind: ActionKind::Leave {
                            group: *g,
                            socket: 0,
                        },
                    });
                }
            }
        }
        Scenario {
            name: "random".into(),
            title: igmpwb::codec::Text::new("random", "random"),
            explanation: igmpwb::codec::Text::new("", ""),
            seed: 1,
            until: 600.0,
            timers: Timers::default(),
            nodes,
            actions,
        }
    }

    fn plan() -> impl Strategy<Value = Plan> {
        (
            proptest::option::weighted(0.8, (any::<u16>(), any::<u8>())),
            proptest::option::of(any::<u16>()),
        )
    }

    proptest! {
        // A fixed seed: CI explores the same cases every run (the regressions file replays the
        // cases that once failed); PROPTEST_CASES and other seeds explore more by hand.
        #![proptest_config(ProptestConfig {
            cases: 64,
            rng_seed: proptest::test_runner::RngSeed::Fixed(0x1_9f_2e),
            ..ProptestConfig::default()
        })]
        /// Random legal scenarios (hosts of any version joining, leaving and changing sources
        /// on an IGMPv2 or IGMPv3 router, no lost packets): the analysis of what the simulator
        /// sent finds no warning or error, and the groups it says are present are the ones the
        /// simulated router forwards, away from the moments the state changes (3 s tolerance).
        #[test]
        fn the_analysis_agrees_with_the_simulated_router(
            router_v in 2u8..=3,
            hosts in proptest::collection::vec((1u8..=3, [plan(), plan()]), 1..=4),
            seed in 1u64..1000,
        ) {
            let s = scenario(router_v, &hosts);
            prop_assert!(s.validate().is_ok());
            let w = igmpwb::sim::run(s, seed, None);
            prop_assert!(w.errors.is_empty(), "{:?}", w.errors);
            let frames = captured_frames(&w.trace);
            let a = analyze_frames(frames.iter().map(|f| Input {
                link: f.link,
                ts_sec: f.ts_sec,
                ts_nsec: f.ts_nsec,
                bytes: &f.bytes,
                unknown: Unknown::packed(&f.unknown),
            }));
            prop_assert!(bad(&a).is_empty(), "{:#?}", bad(&a));
            for g in GROUPS {
                let sim = router_presence(&w.trace, "R", g);
                let mut t = 0.0;
                while t < a.duration {
                    let near = sim.iter().any(|(x, _)| (x - t).abs() <= 3.0);
                    if !near {
                        let want = sim.iter().rev().find(|(x, _)| *x <= t).is_some_and(|x| x.1);
                        let got = a.state_at(t).groups.iter().any(|x| x.0 == g);
                        prop_assert_eq!(got, want, "{} at {} s: sim {:?}", g, t, sim);
                    }
                    t += 0.5;
                }
            }
        }
    }
}

/// #30: a capture that mixes IGMP and MLD. The IGMP half is analysed as it would be alone; the
/// MLD messages are counted and the report, in both languages, and the JSON say that they were
/// left out (never an empty analysis that looks clean).
#[test]
fn mld_messages_are_counted_and_said_to_be_left_out() {
    let mut cap = Cap::default();
    cap.at(0.0, "10.0.0.1", None, gq2())
        .at(1.0, "10.0.0.11", None, basic(0x16, 0, "239.1.1.1"));
    // The same capture with the MLD frames made another protocol (EtherType 0x88b5), so that
    // both last as long.
    let mut other = Cap(cap.0.clone());
    let mut mld = 0;
    for (i, name) in ["mld1-report", "mld2-report", "mld1-done", "mld2-query"]
        .iter()
        .enumerate()
    {
        let spec = igmpwb::codec::mld_spec::preset(name).expect("preset");
        let bytes = igmpwb::codec::mld_spec::emit(&spec);
        let mut not_mld = bytes.clone();
        not_mld[12..14].copy_from_slice(&[0x88, 0xb5]);
        cap.0.push((2.0 + i as f64, bytes));
        other.0.push((2.0 + i as f64, not_mld));
        mld += 1;
    }
    let igmp_alone = other.analyze();
    assert_eq!(igmp_alone.mld_frames, 0);
    let a = cap.analyze();
    assert_eq!(a.mld_frames, mld);
    assert_eq!(
        (&a.queriers, &a.groups, &a.findings, a.igmp_frames),
        (
            &igmp_alone.queriers,
            &igmp_alone.groups,
            &igmp_alone.findings,
            igmp_alone.igmp_frames
        )
    );
    let en = igmpwb::analyze::report::text(&a, igmpwb::codec::Lang::En);
    let ja = igmpwb::analyze::report::text(&a, igmpwb::codec::Lang::Ja);
    assert!(en.contains("4 MLD messages are not analysed"), "{en}");
    assert!(ja.contains("MLD メッセージ 4 件は分析していません"), "{ja}");
    let json = serde_json::to_value(&a).unwrap();
    assert_eq!(json["mld_messages_not_analysed"], 4);
    assert!(serde_json::to_value(&igmp_alone).unwrap()["mld_messages_not_analysed"].is_null());
}

/// The Latin words of a Japanese sentence beyond the names it may quote (protocol and record
/// names, RFC sections, abbreviations the course keeps in Latin letters). The classroom e2e's
/// `englishWords` (tests/e2e/classroom.test.mjs) is the same check on the Scenarios screen; this
/// one also keeps the message ids (`v2-query`) and the product names findings quote.
fn latin_words(ja: &str) -> Vec<String> {
    const KEPT: &[&str] = &[
        "RFC", "IGMP", "IGMPv1", "IGMPv2", "IGMPv3", "MLD", "MLDv1", "MLDv2", "TO_IN", "TO_EX",
        "IS_IN", "IS_EX", "ALLOW", "BLOCK", "QRV", "SSM", "LMQT", "LMQI", "GMI", "Done", "Q", "G",
        "S", "TTL", "IP", "IPv4", "IPv6", "MAC", "v1", "v2", "v3", "ff", "Linux", "FRR",
    ];
    // A message's id (`v2-query`, `mld1-done`) is a name too.
    let id = |w: &str| {
        w.split_once('-')
            .is_some_and(|(v, _)| ["v1", "v2", "v3", "mld1", "mld2"].contains(&v))
    };
    ja.split(|c: char| !(c.is_ascii_alphanumeric() || c == '_' || c == '-'))
        .filter(|w| w.chars().any(|c| c.is_ascii_alphabetic()))
        .filter(|w| !id(w))
        .filter(|w| !w.chars().all(|c| c.is_ascii_hexdigit() || c == '_'))
        .filter(|w| !KEPT.contains(w))
        .map(str::to_string)
        .collect()
}

/// Every finding's Japanese sentence is Japanese: no English phrase slips in from the English
/// one (a Leave's owed query was once "group-specific query" inside the Japanese sentence).
#[test]
fn findings_in_japanese_carry_no_english_words() {
    let mut all = vec![v2_leave(&[]).analyze(), v2_leave(&[20.001]).analyze()];
    for name in [
        "bridge-querier-v2",
        "host-v1-join",
        "host-v2-join-leave",
        "host-v3-source-specific",
        "querier-election-frr",
        "router-frr-v3-source-specific",
        "router-querier-frr-v2",
    ] {
        all.push(corpus(name));
    }
    let mut seen = 0;
    for a in &all {
        for f in &a.findings {
            seen += 1;
            let words = latin_words(&f.ja);
            assert!(words.is_empty(), "{}: {words:?} in {}", f.rule, f.ja);
        }
    }
    assert!(seen >= 10, "{seen} findings checked");
    assert!(has(&all[0], "no-group-query"));
}
