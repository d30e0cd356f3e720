//! The simulator against the reference (igmp-protocol.md §7), the real captures
//! (tests/data/corpus/linux-frr), tshark, and its own golden traces.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::net::Ipv4Addr;
use std::path::Path;

use igmpwb::codec::{self, IgmpMessage, LinkType};
use igmpwb::import::{self, capture};
use igmpwb::sim::scenario::{Action, ActionKind};
use igmpwb::sim::{self, builtin, scenario::Timers, Scenario, TraceEntry, World};

const G: Ipv4Addr = builtin::G;

fn run(name: &str) -> World {
    let s = builtin::get(name).expect("built-in");
    let seed = s.seed;
    sim::run(s, seed, None)
}

/// (time in ms, sender, kind, group, parsed message) for every packet.
fn packets(w: &World) -> Vec<(u64, String, String, String, IgmpMessage)> {
    w.trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::Packet {
                t,
                node,
                msg,
                group,
                bytes,
                dropped: false,
                ..
            } => {
                let m = codec::parse(LinkType::Ethernet, bytes)
                    .map(|f| f.igmp.message())
                    .unwrap_or(IgmpMessage::Other { msg_type: 0 });
                Some((*t, node.clone(), msg.clone(), group.clone(), m))
            }
            _ => None,
        })
        .collect()
}

fn states<'a>(w: &'a World, node: &str) -> Vec<(u64, &'a str, &'a str)> {
    w.trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::State {
                t,
                node: n,
                from,
                to,
                ..
            } if n == node => Some((*t, from.as_str(), to.as_str())),
            _ => None,
        })
        .collect()
}

#[test]
fn every_builtin_matches_its_golden_trace() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/scenarios");
    std::fs::create_dir_all(&dir).expect("dir");
    for name in builtin::NAMES {
        let w = run(name);
        assert!(w.errors.is_empty(), "{name}: {:?}", w.errors);
        let text = sim::render_trace(&w.trace);
        let path = dir.join(format!("{name}.trace"));
        if std::env::var_os("UPDATE_GOLDEN").is_some() {
            // Written, then failed where it changed: a regenerated golden is a reviewed diff.
            let before = std::fs::read_to_string(&path).unwrap_or_default();
            std::fs::write(&path, &text).expect("write");
            assert!(
                before == text,
                "{} rewritten by UPDATE_GOLDEN: review the diff, then run without it",
                path.display()
            );
            continue;
        }
        let want = std::fs::read_to_string(&path).unwrap_or_else(|_| {
            panic!(
                "{} missing: UPDATE_GOLDEN=1 cargo test --test sim, then review",
                path.display()
            )
        });
        assert!(
            want == text,
            "{name}: trace differs from {}\n{text}",
            path.display()
        );
    }
}

#[test]
fn same_scenario_and_seed_give_the_same_trace_byte_for_byte_and_another_seed_differs() {
    let a = run("v2-query-suppression").trace_jsonl();
    let b = run("v2-query-suppression").trace_jsonl();
    assert_eq!(a, b);
    let s = builtin::get("v2-query-suppression").expect("built-in");
    let c = sim::run(s, 99, None).trace_jsonl();
    assert_ne!(a, c);
}

#[test]
fn last_member_leaves_lmqc_gsqs_lmqi_apart_and_group_dies_at_leave_plus_lmqt() {
    let w = run("v2-last-member-leaves");
    let p = packets(&w);
    let leave = p.iter().find(|x| x.2 == "v2-leave").expect("a leave").0;
    let gsqs: Vec<&(u64, String, String, String, IgmpMessage)> = p
        .iter()
        .filter(|x| x.0 >= leave && x.2 == "v2-query" && x.3 == G.to_string())
        .collect();
    assert_eq!(gsqs.len(), 2, "Last Member Query Count = 2");
    assert_eq!(gsqs[0].0, leave);
    assert_eq!(
        gsqs[1].0 - gsqs[0].0,
        1_000,
        "Last Member Query Interval apart"
    );
    for q in &gsqs {
        match &q.4 {
            IgmpMessage::Query {
                max_resp_tenths,
                group,
                ..
            } => {
                assert_eq!(
                    (*max_resp_tenths, *group),
                    (10, G),
                    "Max Resp = LMQI, to the group"
                );
            }
            other => panic!("{other:?}"),
        }
    }
    let gone = states(&w, "R1")
        .into_iter()
        .find(|s| s.2 == "NoMembersPresent")
        .expect("group deleted");
    assert_eq!(gone.0, leave + 2_000, "at Leave + LMQT");
}

#[test]
fn members_remain_someone_answers_and_forwarding_never_stops() {
    let w = run("v2-leave-members-remain");
    assert!(states(&w, "R1").iter().all(|s| s.2 != "NoMembersPresent"));
    assert!(states(&w, "R1")
        .iter()
        .any(|s| s.1 == "CheckingMembership" && s.2 == "MembersPresent"));
}

#[test]
fn lost_leave_ages_out_one_group_membership_interval_after_the_last_report() {
    let w = run("v2-lost-leave-ages-out");
    let p = packets(&w);
    let last_report = p
        .iter()
        .filter(|x| x.2 == "v2-report")
        .map(|x| x.0)
        .max()
        .expect("reports");
    let gone = states(&w, "R1")
        .into_iter()
        .find(|s| s.2 == "NoMembersPresent")
        .expect("aged out");
    assert_eq!(gone.0, last_report + 260_000);
    assert!(w
        .trace
        .iter()
        .any(|e| matches!(e, TraceEntry::Packet { msg, dropped: true, .. } if msg == "v2-leave")));
}

#[test]
fn querier_election_higher_address_falls_silent_after_the_lower_ones_first_query() {
    let w = run("querier-election");
    let p = packets(&w);
    let first_r1 = p
        .iter()
        .find(|x| x.1 == "R1" && x.2 == "v2-query")
        .expect("R1 query")
        .0;
    let r2 = states(&w, "R2");
    let nq = r2
        .iter()
        .find(|s| s.2 == "NonQuerier")
        .expect("R2 becomes NonQuerier");
    assert_eq!(nq.0, first_r1);
    assert!(
        p.iter()
            .filter(|x| x.1 == "R2" && x.2 == "v2-query")
            .all(|x| x.0 <= first_r1),
        "R2 sends no query after that"
    );
}

#[test]
fn querier_failover_takes_over_other_querier_present_interval_after_the_last_query() {
    let w = run("querier-failover");
    let p = packets(&w);
    let last_r1 = p
        .iter()
        .filter(|x| x.1 == "R1" && x.2 == "v2-query")
        .map(|x| x.0)
        .max()
        .expect("R1 queries");
    let took = states(&w, "R2")
        .into_iter()
        .find(|s| s.1 == "NonQuerier" && s.2 == "Querier")
        .expect("take-over");
    assert_eq!(took.0, last_r1 + 255_000, "OQPI = RV·QI + QRI/2");
    assert!(
        p.iter()
            .any(|x| x.1 == "R2" && x.0 == took.0 && x.2 == "v2-query"),
        "queries at once"
    );
}

#[test]
fn v1_host_makes_the_router_ignore_leaves() {
    let w = run("v1-host-on-v2");
    assert!(states(&w, "R1").iter().any(|s| s.2 == "V1MembersPresent"));
    let leave = packets(&w)
        .into_iter()
        .find(|x| x.2 == "v2-leave")
        .expect("A sends a Leave");
    assert!(
        !packets(&w)
            .iter()
            .any(|x| x.0 >= leave.0 && x.1 == "R1" && x.3 == G.to_string() && x.2 == "v2-query"),
        "no group-specific query"
    );
}

#[test]
fn v2_host_with_v1_querier_sends_v1_reports_and_no_leave() {
    let w = run("v2-host-v1-querier");
    let p = packets(&w);
    assert!(p.iter().filter(|x| x.1 == "A").all(|x| x.2 == "v1-report"));
    assert!(p.iter().all(|x| x.2 != "v2-leave"));
}

/// RFC 3376 §6.4.2 and §6.6.3.1: TO_IN({}) lowers the group timer to LMQT and every "Send
/// Q(G)" sends a group-specific query at once (A's retransmitted TO_IN too, as the Linux bridge
/// and FRR do), with LMQC − 1 = 1 retransmission LMQI after the first. A query carries S = 1
/// exactly when a report that raised the timer again (B's IS_EX) came after the last lowering.
/// Over several seeds both orders occur, and each must give its own S flag.
#[test]
fn v3_asm_leave_queries_every_to_in_at_once_and_the_s_flag_follows_the_last_report() {
    let s = builtin::get("v3-asm-join-leave").expect("built-in");
    let mut seen = [false; 2];
    let mut immediate_repeats = 0;
    for seed in 1..40 {
        let w = sim::run(s.clone(), seed, None);
        let p = packets(&w);
        let is_record = |x: &(u64, String, String, String, IgmpMessage), sender: &str, t: u8| {
            x.1 == sender
                && matches!(&x.4, IgmpMessage::V3Report { records } if records.first().is_some_and(|r| r.record_type.code() == t))
        };
        let to_in = p.iter().find(|x| is_record(x, "A", 3)).expect("TO_IN").0;
        let window = |t: u64| t >= to_in && t < to_in + 1_500;
        let gsqs: Vec<_> = p
            .iter()
            .filter(|x| window(x.0) && x.1 == "R1" && x.3 == G.to_string())
            .collect();
        let to_ins: Vec<u64> = p
            .iter()
            .filter(|x| window(x.0) && is_record(x, "A", 3))
            .map(|x| x.0)
            .collect();
        for t in &to_ins {
            assert!(
                gsqs.iter().any(|q| q.0 == *t),
                "seed {seed}: TO_IN at {t} got no query at once"
            );
        }
        assert!(
            gsqs.iter().any(|q| q.0 == to_in + 1_000),
            "seed {seed}: the retransmission LMQI later"
        );
        assert_eq!(gsqs.len(), to_ins.len() + 1, "seed {seed}: {gsqs:?}");
        immediate_repeats += to_ins.len() - 1;
        for q in &gsqs {
            // The last event at or before the query that moved the group timer: A's TO_IN
            // (lowers it) or B's IS_EX (raises it to GMI).
            let last = p
                .iter()
                .rev()
                .find(|x| {
                    x.0 >= to_in && x.0 <= q.0 && (is_record(x, "A", 3) || is_record(x, "B", 2))
                })
                .expect("the TO_IN itself");
            let raised = last.1 == "B";
            let s_flag = matches!(q.4, IgmpMessage::Query { s_flag: true, .. });
            assert_eq!(
                s_flag, raised,
                "seed {seed}: query at {}, last timer change by {} at {}",
                q.0, last.1, last.0
            );
            seen[usize::from(raised)] = true;
        }
        // After B leaves too, the group is deleted LMQT later.
        assert!(
            states(&w, "R1").iter().any(|s| s.2 == "INCLUDE{}"),
            "seed {seed}"
        );
    }
    assert_eq!(seen, [true, true], "both S flags occurred");
    assert!(
        immediate_repeats > 0,
        "some seed retransmitted the TO_IN within the series"
    );
}

#[test]
fn v3_ssm_leave_sends_two_gssqs_and_deletes_the_source() {
    let w = run("v3-ssm-join-leave");
    let p = packets(&w);
    let gssq: Vec<_> = p.iter().filter(|x| matches!(&x.4, IgmpMessage::Query { sources, .. } if sources == &vec![Ipv4Addr::new(10, 0, 0, 1)])).collect();
    // The BLOCK, its retransmission (RFC 3376 §6.6.3.2: "immediately send"), and the scheduled
    // retransmission LMQI after the first.
    let blocks: Vec<u64> = p
        .iter()
        .filter(|x| x.1 == "A" && matches!(&x.4, IgmpMessage::V3Report { records } if records.first().is_some_and(|r| r.record_type == igmpwb::codec::RecordType::Block)))
        .map(|x| x.0)
        .collect();
    assert!(!blocks.is_empty());
    for b in &blocks {
        assert!(
            gssq.iter().any(|q| q.0 == *b),
            "BLOCK at {b} answered at once"
        );
    }
    assert!(gssq.iter().any(|q| q.0 == gssq[0].0 + 1_000), "{gssq:?}");
    assert_eq!(gssq.len(), blocks.len() + 1, "{gssq:?}");
    let gone = states(&w, "R1")
        .into_iter()
        .find(|s| s.2 == "INCLUDE{}" && s.0 > 0)
        .expect("deleted");
    assert_eq!(gone.0, gssq[0].0 + 2_000);
}

#[test]
fn v3_source_filtering_settles_on_the_wanted_sources() {
    let w = run("v3-source-filtering");
    let r = states(&w, "R1");
    assert!(
        r.iter().any(|s| s.2 == "INCLUDE{10.0.0.2}"),
        "S1 aged out, S2 stays: {r:?}"
    );
    let p = packets(&w);
    // C's switch to INCLUDE{S4} from EXCLUDE{S3}: Q(G) for 224.9.9.9 (X − A is empty here).
    assert!(p.iter().any(|x| x.1 == "R1" && x.3 == "224.9.9.9"));
}

#[test]
fn v2_host_on_v3_router_puts_the_group_in_v2_compatibility() {
    let w = run("v2-host-on-v3-router");
    assert!(states(&w, "R1")
        .iter()
        .any(|s| s.2 == "IGMPv2 compatibility"));
}

/// The data the switch SW forwarded: (destination, the nodes it went to).
fn switch_data(w: &World) -> Vec<(String, Vec<String>)> {
    w.trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::Packet {
                node,
                msg,
                to,
                receivers,
                ..
            } if node == "SW" && msg == "data" => Some((to.clone(), receivers.clone())),
            _ => None,
        })
        .collect()
}

#[test]
fn snooping_switch_forwards_data_only_to_member_and_router_ports() {
    let w = run("snooping-switch");
    let forwards = switch_data(&w);
    assert_eq!(forwards[0].1, vec!["R1".to_string(), "A".to_string()]);
    assert_eq!(
        forwards.last().expect("after the leave").1,
        vec!["R1".to_string()],
        "A's port aged out"
    );
    // Reports go to router ports only.
    assert!(w.trace.iter().all(|e| !matches!(e, TraceEntry::Packet { node, msg, receivers, .. } if node == "SW" && msg == "v2-report" && receivers != &vec!["R1".to_string()])));
}

/// A switch sends unicast frames out of the one port it learned the destination MAC on
/// (IEEE 802.1D-2004 §7.7, §7.8); one for an address not yet heard is flooded; snooping still
/// decides multicast.
#[test]
fn unicast_goes_to_the_learned_port_and_an_unknown_destination_is_flooded() {
    let w = run("unicast-vs-multicast");
    let forwards = switch_data(&w);
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    assert_eq!(
        forwards,
        vec![
            ("192.168.1.10".to_string(), names(&["A"])),
            ("192.168.1.11".to_string(), names(&["B"])),
            ("192.168.1.12".to_string(), names(&["C"])),
            ("224.10.10.10".to_string(), names(&["R1", "A", "B", "C"])),
        ]
    );
    // D never sent a frame: data for it goes out of every port but the sender's.
    let mut s = builtin::get("unicast-vs-multicast").expect("built-in");
    s.actions.push(Action {
        t: 6.0,
        node: "S".into(),
        kind: ActionKind::SendData {
            group: "192.168.1.13".parse().unwrap(),
        },
    });
    let w = sim::run(s, 1, None);
    let flooded = w.trace.iter().any(|e| {
        matches!(e, TraceEntry::Packet { node, to, receivers, .. }
        if node == "SW" && to == "192.168.1.13" && *receivers == names(&["R1", "A", "B", "C", "D"]))
    });
    assert!(flooded);
}

/// Data goes to a group or to another node's address; anything else is refused by field.
#[test]
fn data_to_an_address_no_node_owns_is_refused() {
    let mut s = builtin::get("unicast-vs-multicast").expect("built-in");
    for (to, ok) in [
        ("192.168.1.99", false),
        ("192.168.1.50", false),
        ("192.168.1.10", true),
    ] {
        s.actions.truncate(7);
        s.actions.push(Action {
            t: 6.0,
            node: "S".into(),
            kind: ActionKind::SendData {
                group: to.parse().unwrap(),
            },
        });
        let r = s.validate();
        assert_eq!(r.is_ok(), ok, "{to}: {r:?}");
        if let Err(e) = r {
            assert_eq!(e[0].field, "actions[7].group");
        }
    }
}

#[test]
fn every_simulated_pcap_is_what_tshark_decoded_without_a_warning() {
    for name in builtin::NAMES {
        let w = run(name);
        let pcap = capture::write_pcap(&w.captured());
        let mut h: u64 = 0xcbf2_9ce4_8422_2325;
        for b in &pcap {
            h ^= u64::from(*b);
            h = h.wrapping_mul(0x0100_0000_01b3);
        }
        let verdict = std::fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR"))
                .join(format!("tests/data/expected/sim-{name}.tshark.txt")),
        )
        .expect("verdict");
        assert!(
            verdict.contains(&format!("fnv64 {h:016x}")),
            "{name}: the pcap changed since tshark checked it (run scripts/gen-expected.sh)"
        );
        assert!(
            verdict.contains("expert-items 0") && verdict.contains("malformed 0"),
            "{name}: {verdict}"
        );
        assert!(verdict.contains(&format!("frames {}", w.captured().len())));
        // And our own codec agrees: no error diagnostic on any simulated IGMP frame.
        for f in w.captured() {
            let d = codec::dissect(f.link, &f.bytes);
            assert!(
                d.diagnostics
                    .iter()
                    .all(|x| x.severity != codec::Severity::Error),
                "{name}: {:?}",
                d.diagnostics
            );
        }
    }
}

#[test]
fn scenarios_round_trip_through_json() {
    for name in builtin::NAMES {
        let s = builtin::get(name).expect("built-in");
        let json = serde_json::to_string(&s).expect("json");
        let back: Scenario = serde_json::from_str(&json).expect("parse");
        assert_eq!(back, s);
    }
}

#[test]
fn trace_jsonl_has_the_documented_keys() {
    let w = run("v2-last-member-leaves");
    for line in w.trace_jsonl().lines() {
        let v: serde_json::Value = serde_json::from_str(line).expect("json line");
        for key in ["t", "node", "kind"] {
            assert!(v.get(key).is_some(), "{line}");
        }
        if v["kind"] == "state" {
            for key in ["group", "from", "to", "cause"] {
                assert!(v.get(key).is_some(), "{line}");
            }
        }
    }
}

// ----- compared with the real captures ------------------------------------------------------

fn corpus(name: &str) -> Vec<(f64, codec::Frame)> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/corpus/linux-frr")
        .join(name);
    let imp = import::import(&std::fs::read(path).expect("capture"));
    imp.frames
        .iter()
        .filter_map(|f| {
            codec::parse(f.link, &f.bytes)
                .ok()
                .map(|fr| (f.ts_sec as f64 + f64::from(f.ts_nsec) / 1e9, fr))
        })
        .collect()
}

/// host-v2-join-leave.pcap: a Linux v2 host's join gives 2 unsolicited reports, the second
/// within the Unsolicited Report Interval (10 s). The simulator's host does the same.
#[test]
fn unsolicited_reports_like_the_linux_host_in_host_v2_join_leave() {
    let frames = corpus("host-v2-join-leave.pcap");
    let g = Ipv4Addr::new(224, 2, 2, 1);
    let times: Vec<f64> = frames
        .iter()
        .filter(|(_, f)| matches!(f.igmp.message(), IgmpMessage::V2Report { group } if group == g))
        .map(|(t, _)| *t)
        .collect();
    assert_eq!(times.len(), 2, "the capture shows two reports for {g}");
    assert!(times[1] - times[0] > 0.0 && times[1] - times[0] <= 10.0);

    for seed in 1..20 {
        let w = sim::run(builtin::get("v2-join").expect("built-in"), seed, None);
        let reports: Vec<u64> = packets(&w)
            .into_iter()
            .filter(|x| x.1 == "A" && x.2 == "v2-report")
            .map(|x| x.0)
            .collect();
        assert_eq!(reports.len(), 2, "seed {seed}");
        assert!(
            reports[1] > reports[0] && reports[1] - reports[0] <= 10_000,
            "seed {seed}: {reports:?}"
        );
    }
}

/// router-querier-frr-v2.pcap (FRR: LMQI 1 s, LMQC 2): after the Leave, query rounds at +0 and
/// +1 s, Max Resp 1.0 s. (FRR sends each round twice back to back — an FRR 8.4 quirk the
/// corpus README explains; the simulator sends one query per round, as RFC 2236 §3 says.)
#[test]
fn group_specific_queries_after_a_leave_like_frr_in_router_querier_frr_v2() {
    let frames = corpus("router-querier-frr-v2.pcap");
    let leave = frames
        .iter()
        .find(|(_, f)| matches!(f.igmp.message(), IgmpMessage::Leave { .. }))
        .expect("a leave")
        .0;
    let mut rounds: Vec<f64> = Vec::new();
    for (t, f) in &frames {
        if let IgmpMessage::Query {
            group,
            max_resp_tenths,
            ..
        } = f.igmp.message()
        {
            if *t >= leave && !group.is_unspecified() {
                assert_eq!(max_resp_tenths, 10);
                if rounds.last().is_none_or(|r| t - r > 0.5) {
                    rounds.push(*t);
                }
            }
        }
    }
    assert_eq!(rounds.len(), 2, "{rounds:?}");
    assert!((rounds[1] - rounds[0] - 1.0).abs() < 0.05);

    let mut s = builtin::get("v2-last-member-leaves").expect("built-in");
    s.timers = Timers {
        query_interval: 10.0,
        query_response_interval: 2.0,
        ..Timers::default()
    };
    let w = sim::run(s, 1, None);
    let p = packets(&w);
    let leave = p.iter().find(|x| x.2 == "v2-leave").expect("leave").0;
    let ours: Vec<u64> = p
        .iter()
        .filter(|x| x.0 >= leave && x.2 == "v2-query" && x.3 == G.to_string())
        .map(|x| x.0 - leave)
        .collect();
    assert_eq!(ours, vec![0, 1_000]);
}

/// querier-election-frr.pcap: r2 resumes querying 21.0 s after r1's last general query
/// (QI 10 s, QRI 2 s: RV·QI + QRI/2 = 21 s), with no new startup burst.
#[test]
fn querier_take_over_time_like_frr_in_querier_election_frr() {
    let frames = corpus("querier-election-frr.pcap");
    let r1 = Ipv4Addr::new(10, 0, 0, 1);
    let r2 = Ipv4Addr::new(10, 0, 0, 2);
    let gq = |src: Ipv4Addr| {
        frames.iter().filter(move |(_, f)| f.ip.src == src && matches!(f.igmp.message(), IgmpMessage::Query { group, .. } if group.is_unspecified())).map(|(t, _)| *t)
    };
    let last_r1 = gq(r1).fold(0.0, f64::max);
    let resume = gq(r2).find(|t| *t > last_r1).expect("r2 resumes");
    assert!(
        (resume - last_r1 - 21.0).abs() < 0.1,
        "{}",
        resume - last_r1
    );
    let after: Vec<f64> = gq(r2).filter(|t| *t >= resume).collect();
    assert!(
        after.windows(2).all(|w| (w[1] - w[0] - 10.0).abs() < 0.3),
        "no startup burst: {after:?}"
    );

    let mut s = builtin::get("querier-failover").expect("built-in");
    s.timers = Timers {
        query_interval: 10.0,
        query_response_interval: 2.0,
        first_query_delay: 1.0,
        ..Timers::default()
    };
    s.until = 80.0;
    let w = sim::run(s, 1, None);
    let p = packets(&w);
    let last = p
        .iter()
        .filter(|x| x.1 == "R1" && x.2 == "v2-query")
        .map(|x| x.0)
        .max()
        .expect("R1");
    let back: Vec<u64> = p
        .iter()
        .filter(|x| x.1 == "R2" && x.2 == "v2-query" && x.0 > last)
        .map(|x| x.0)
        .collect();
    assert_eq!(back[0] - last, 21_000);
    assert!(back.windows(2).all(|w| w[1] - w[0] == 10_000), "{back:?}");
}

fn switch_scenario(querier: bool, flood: bool, with_router: bool) -> Scenario {
    let mut s = builtin::get("snooping-switch").expect("built-in");
    if let Some(sw) = s.nodes.iter_mut().find(|n| n.name == "SW") {
        sw.querier = querier;
        sw.flood_unregistered = flood;
    }
    if !with_router {
        s.nodes.retain(|n| n.name != "R1");
    }
    s
}

#[test]
fn snooping_querier_queries_from_zero_only_while_no_router_does() {
    let w = sim::run(switch_scenario(true, false, false), 1, Some(30_000));
    let q: Vec<_> = packets(&w)
        .into_iter()
        .filter(|x| x.1 == "SW" && x.2 == "v2-query")
        .collect();
    assert!(!q.is_empty(), "the switch queries when alone");
    for x in &q {
        let TraceEntry::Packet { bytes, .. } = w
            .trace
            .iter()
            .find(|e| matches!(e, TraceEntry::Packet { t, node, .. } if *t == x.0 && node == "SW"))
            .expect("entry")
        else {
            unreachable!()
        };
        assert_eq!(
            codec::parse(LinkType::Ethernet, bytes)
                .expect("parses")
                .ip
                .src,
            Ipv4Addr::UNSPECIFIED
        );
    }
    // With a router, the switch learns it and stays silent; the router's election ignores 0.0.0.0.
    let w = sim::run(switch_scenario(true, false, true), 1, Some(30_000));
    assert!(packets(&w)
        .iter()
        .filter(|x| x.1 == "SW" && x.2 == "v2-query")
        .all(|x| x.0 == 0 || p_from_router(&w, x.0)));
    assert!(states(&w, "R1").iter().all(|s| s.2 != "NonQuerier"));
}

/// Issue #14: the switch's own querier may be IGMPv2 or IGMPv3, as the Linux bridge's is
/// (`multicast_igmp_version`); the switch node's `version` chooses. Either way it queries from
/// 0.0.0.0 (RFC 4541 §2.1.1).
#[test]
fn the_snooping_querier_speaks_the_switch_version() {
    for (version, kind) in [(2u8, "v2-query"), (3, "v3-query")] {
        let mut s = switch_scenario(true, false, false);
        if let Some(sw) = s.nodes.iter_mut().find(|n| n.name == "SW") {
            sw.version = version;
        }
        let w = sim::run(s, 1, Some(30_000));
        let q: Vec<_> = packets(&w)
            .into_iter()
            .filter(|x| x.1 == "SW" && x.2.contains("query"))
            .collect();
        assert!(!q.is_empty(), "v{version}: the switch queries when alone");
        assert!(q.iter().all(|x| x.2 == kind), "v{version}: {q:?}");
        if version == 3 {
            assert!(matches!(
                q[0].4,
                IgmpMessage::Query {
                    qrv: 2,
                    qqi: 125,
                    ..
                }
            ));
        }
    }
}

fn p_from_router(w: &World, t: u64) -> bool {
    packets(w)
        .iter()
        .any(|x| x.0 == t && x.1 == "R1" && x.2 == "v2-query")
}

#[test]
fn unregistered_groups_go_to_router_ports_or_everywhere_when_flooding() {
    let data_receivers = |w: &World| -> Vec<Vec<String>> {
        w.trace
            .iter()
            .filter_map(|e| match e {
                TraceEntry::Packet {
                    node,
                    msg,
                    receivers,
                    ..
                } if node == "SW" && msg == "data" => Some(receivers.clone()),
                _ => None,
            })
            .collect()
    };
    let mut s = switch_scenario(false, false, true);
    s.actions.retain(|a| a.node == "S");
    let w = sim::run(s.clone(), 1, None);
    assert!(
        data_receivers(&w)
            .iter()
            .all(|r| r == &vec!["R1".to_string()]),
        "{:?}",
        data_receivers(&w)
    );
    if let Some(sw) = s.nodes.iter_mut().find(|n| n.name == "SW") {
        sw.flood_unregistered = true;
    }
    let w = sim::run(s, 1, None);
    assert!(
        data_receivers(&w).iter().all(|r| r.len() == 4),
        "{:?}",
        data_receivers(&w)
    );
}

/// Issue #13: `seed ^ K | 1` made seeds 2k and 2k+1 identical. Every seed gives its own run.
#[test]
fn neighbouring_seeds_give_different_runs() {
    let s = builtin::get("v2-join").expect("built-in");
    let traces: Vec<String> = (0..8)
        .map(|seed| sim::render_trace(&sim::run(s.clone(), seed, None).trace))
        .collect();
    for (i, a) in traces.iter().enumerate() {
        for b in &traces[i + 1..] {
            assert_ne!(a, b, "two of seeds 0..8 gave the same run");
        }
    }
}

/// Issue #13: a scenario is checked before it runs; each problem names its field.
#[test]
fn hostile_scenarios_are_refused_field_by_field() {
    let mut s = builtin::get("v2-join").expect("built-in");
    s.timers.query_interval = 0.0;
    s.timers.last_member_query_interval = f64::NAN;
    s.timers.robustness = 0;
    s.until = 1e300;
    s.actions.push(sim::Action {
        t: f64::INFINITY,
        node: "nobody".into(),
        kind: sim::ActionKind::SetTimer {
            timer: "query_interval".into(),
            value: -1.0,
        },
    });
    let errors = s.validate().expect_err("refused");
    let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
    for want in [
        "until",
        "timers.query_interval",
        "timers.last_member_query_interval",
        "timers.robustness",
        "actions[1].t",
        "actions[1].node",
        "actions[1].value",
    ] {
        assert!(fields.contains(&want), "{want} not reported: {fields:?}");
    }
    assert!(builtin::NAMES
        .iter()
        .all(|n| builtin::get(n).expect("b").validate().is_ok()));
}

/// Issue #13: the event budget stops a runaway scenario where it is and says so.
#[test]
fn the_event_budget_stops_a_runaway_scenario() {
    let mut s = builtin::get("v2-join").expect("built-in");
    s.timers.query_interval = 0.001;
    s.timers.startup_query_interval = Some(0.001);
    s.until = 86_400.0;
    assert!(s.validate().is_ok(), "legal, just very busy");
    let mut w = sim::World::new(s, 1);
    w.event_budget = 10_000;
    w.run_until(86_400_000);
    assert!(w.budget_exhausted);
    assert_eq!(w.events, 10_000);
    assert!(w.now < 86_400_000);
    assert!(
        matches!(
            w.errors.as_slice(),
            [sim::RunError::Budget { events: 10_000, budget: 10_000, at }] if *at < 86_400_000
        ),
        "{:?}",
        w.errors
    );
    let text = w.errors[0].text();
    assert!(
        text.en.starts_with("stopped after 10000 events at t = "),
        "{}",
        text.en
    );
    assert!(
        text.ja.contains("10000 イベントで停止しました"),
        "{}",
        text.ja
    );
}

/// Issue #14's limit: 300 nodes (more than an 8-bit counter) get distinct MAC addresses.
#[test]
fn three_hundred_nodes_get_distinct_macs() {
    let s = sim::bench_scenario(299, 3, 30.0);
    assert_eq!(s.nodes.len(), 300);
    assert!(s.validate().is_ok());
    let addresses: std::collections::BTreeSet<_> = s.nodes.iter().map(|n| n.address).collect();
    assert_eq!(addresses.len(), 300, "distinct addresses");
    let w = sim::run(s, 1, None);
    let mut macs = std::collections::BTreeSet::new();
    let mut sources = std::collections::BTreeSet::new();
    for e in &w.trace {
        if let TraceEntry::Packet { bytes, node, .. } = e {
            macs.insert((node.clone(), bytes[6..12].to_vec()));
            sources.insert(bytes[6..12].to_vec());
        }
    }
    assert!(macs.len() > 150, "{} senders", macs.len());
    assert_eq!(
        macs.len(),
        sources.len(),
        "one MAC per sender, never shared"
    );
}

/// Issue #14: every timer the state panel shows is the simulator's real deadline, for every
/// built-in, at every step (the world is stepped event by event beside the player's view of the
/// trace so far). querier-failover showed "other querier present: 215.0 s" at t = 40 s, a
/// deadline of 255 s, while R2 really took over at 286.25 s.
#[test]
fn state_panel_timers_are_the_real_deadlines_at_every_step() {
    let mut compared = 0usize;
    for name in builtin::NAMES {
        let s = builtin::get(name).expect("built-in");
        let end = s.until_ms();
        let mut w = sim::World::new(s.clone(), s.seed);
        while w.next_time().is_some_and(|t| t <= end) {
            w.step();
            let view = igmpwb::model::player::view(&s, &w.trace, w.trace.len());
            let real = w.snapshot();
            for node in &view.nodes {
                let timers = &real
                    .iter()
                    .find(|n| n.name == node.name)
                    .expect("the node")
                    .timers;
                for (timer, left) in &node.timers {
                    let shown = view.now + (left * 1000.0).round() as u64;
                    let deadline = timers.iter().find(|(n, _)| n == timer).map(|(_, t)| *t);
                    assert_eq!(
                        deadline,
                        Some(shown),
                        "{name}, t = {} ms, {}: the panel shows {timer} ending at {shown} ms",
                        view.now,
                        node.name
                    );
                    compared += 1;
                }
            }
        }
    }
    assert!(compared > 500, "only {compared} timers compared");
}

/// Issue #14: each router may carry its own timers (real routers differ: pimd answers with Max
/// Resp 10 s and no startup burst; FRR waits 1 s before its first query and asks Max Resp 1 s),
/// defaulting to the scenario's, so both sides of a mixed election can be modelled.
#[test]
fn routers_carry_their_own_timers() {
    let mut s = builtin::get("querier-election").expect("built-in");
    for n in &mut s.nodes {
        match n.name.as_str() {
            // FRR-like, and the lower address: it wins the election once it speaks.
            "R1" => {
                n.first_query_delay = Some(1.0);
                n.query_response_interval = Some(1.0);
            }
            // pimd-like.
            "R2" => {
                n.startup_query_count = Some(1);
                n.query_response_interval = Some(10.0);
            }
            _ => {}
        }
    }
    assert!(s.validate().is_ok());
    let w = sim::run(s, 1, Some(130_000));
    let queries = |node: &str| -> Vec<(u64, u32)> {
        packets(&w)
            .into_iter()
            .filter(|x| x.1 == node)
            .filter_map(|x| match x.4 {
                IgmpMessage::Query {
                    max_resp_tenths, ..
                } => Some((x.0, max_resp_tenths)),
                _ => None,
            })
            .collect()
    };
    assert_eq!(
        queries("R2"),
        [(0, 100)],
        "R2 queries at once with Max Resp 10 s, then hears R1 (lower address) and falls silent"
    );
    let r1 = queries("R1");
    assert_eq!(
        r1[0],
        (1_000, 10),
        "R1's first query after 1 s, with Max Resp 1 s"
    );
    assert_eq!(
        r1[1].0,
        1_000 + 31_250,
        "then its startup queries, QI/4 apart"
    );
    // Alone, the pimd-like router sends no startup burst: its second query comes one QI later.
    let mut alone = builtin::get("querier-election").expect("built-in");
    alone.nodes.retain(|n| n.name != "R1");
    for n in alone.nodes.iter_mut().filter(|n| n.name == "R2") {
        n.startup_query_count = Some(1);
    }
    let w = sim::run(alone, 1, Some(130_000));
    let times: Vec<u64> = packets(&w)
        .into_iter()
        .filter(|x| x.1 == "R2" && x.2.ends_with("query"))
        .map(|x| x.0)
        .collect();
    assert_eq!(times, [0, 125_000]);
}

/// Issue #14 (RFC 4541 §2.1.1, RFC 3376 §6.4.2): a group-and-source-specific query asks about
/// its sources only. H2 moves from INCLUDE{S1,S2} to INCLUDE{S2} (BLOCK({S1})); the router asks
/// Q(G,{S1}), nobody wants S1, and the switch must keep forwarding S2's data to H2's port while
/// it stops S1's. The switch used to treat the query like a group-specific one and cut H2 off
/// both sources until its next report.
#[test]
fn a_source_specific_query_does_not_cut_a_port_off_the_group() {
    let g = Ipv4Addr::new(232, 1, 1, 1);
    let (s1, s2) = (Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2));
    let json = format!(
        r#"{{"name": "ssm-switch", "until": 40,
        "nodes": [
          {{"name": "R1", "kind": "router", "address": "192.168.1.1", "version": 3}},
          {{"name": "SW", "kind": "switch", "version": 3}},
          {{"name": "H2", "kind": "host", "address": "192.168.1.12", "version": 3}},
          {{"name": "S1", "kind": "host", "address": "{s1}", "version": 3}},
          {{"name": "S2", "kind": "host", "address": "{s2}", "version": 3}}
        ],
        "actions": [
          {{"t": 1, "node": "H2", "do": "join", "group": "{g}", "mode": "include", "sources": ["{s1}", "{s2}"]}},
          {{"t": 10, "node": "H2", "do": "join", "group": "{g}", "mode": "include", "sources": ["{s2}"]}},
          {{"t": 20, "node": "S1", "do": "send-data", "group": "{g}"}},
          {{"t": 20.5, "node": "S2", "do": "send-data", "group": "{g}"}},
          {{"t": 30, "node": "S2", "do": "send-data", "group": "{g}"}}
        ]}}"#
    );
    let s: Scenario = serde_json::from_str(&json).expect("scenario");
    assert!(s.validate().is_ok());
    let w = sim::run(s, 1, None);
    let p = packets(&w);
    assert!(
        p.iter().any(|x| x.1 == "R1"
            && matches!(&x.4, IgmpMessage::Query { sources, .. } if sources == &vec![s1])),
        "the router asked Q(G,{{S1}})"
    );
    let delivered = |from: &str, t: u64| {
        w.trace.iter().any(|e| {
            matches!(e, TraceEntry::Packet { node, t: at, msg, receivers, .. }
                if node == "SW" && *at == t && msg == "data" && receivers.contains(&"H2".to_string())
                    && p.iter().any(|x| x.1 == from && x.0 == t && x.2 == "data"))
        })
    };
    assert!(
        !delivered("S1", 20_000),
        "S1 is no longer wanted on H2's port"
    );
    assert!(
        delivered("S2", 20_500),
        "S2 still reaches H2 after the query for S1"
    );
    assert!(delivered("S2", 30_000), "and keeps reaching it");
}

/// Issue #14: a Linux host packs the pending state-change records of several groups into one
/// report; the `pack_reports` host option does the same (built-in v3-packed-reports), and a
/// host without it sends one report per group. Every change is still sent Robustness times.
#[test]
fn packed_hosts_put_pending_records_of_several_groups_in_one_report() {
    let w = run("v3-packed-reports");
    let reports = |node: &str| -> Vec<Vec<(u8, Ipv4Addr)>> {
        packets(&w)
            .into_iter()
            .filter(|x| x.1 == node)
            .filter_map(|x| match x.4 {
                IgmpMessage::V3Report { records } => Some(
                    records
                        .iter()
                        .map(|r| (r.record_type.code(), r.group))
                        .collect(),
                ),
                _ => None,
            })
            .collect()
    };
    let a = reports("A");
    let b = reports("B");
    assert!(a.iter().any(|r| r.len() == 2), "A packed two groups: {a:?}");
    assert!(b.iter().all(|r| r.len() == 1), "B did not: {b:?}");
    assert!(
        a.len() < b.len(),
        "fewer reports from A ({}) than B ({})",
        a.len(),
        b.len()
    );
    // Robustness 2: each group's TO_EX and TO_IN go out twice from both hosts.
    for records in [&a, &b] {
        for t in [3u8, 4] {
            for g in [
                Ipv4Addr::new(224, 10, 10, 10),
                Ipv4Addr::new(224, 20, 20, 20),
            ] {
                let n = records.iter().flatten().filter(|r| **r == (t, g)).count();
                assert_eq!(n, 2, "record type {t} for {g}: {records:?}");
            }
        }
    }
}

/// Issue #14's texts: the v3-source-filtering explanation no longer claims a Q(G,{S3}) that
/// §6.4.2 does not send, and the Japanese idle-host sentence says the host will not send a
/// Leave when it leaves (it does not leave now).
#[test]
fn explanations_and_narration_say_what_the_rfc_does() {
    let s = builtin::get("v3-source-filtering").expect("built-in");
    assert!(
        !s.explanation.en.contains("Q(G,{S3})"),
        "{}",
        s.explanation.en
    );
    assert!(
        s.explanation.en.contains("sends Q(G) only"),
        "{}",
        s.explanation.en
    );
    assert!(
        !s.explanation.ja.contains("Q(G,{S3})"),
        "{}",
        s.explanation.ja
    );
    let w = run("v2-query-suppression");
    let idle: Vec<&str> = w
        .trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::State {
                from, to, cause, ..
            } if from == "IdleMember" && to == "IdleMember" => Some(cause.ja.as_str()),
            _ => None,
        })
        .collect();
    assert!(!idle.is_empty(), "a host heard another's report while Idle");
    for ja in idle {
        assert!(!ja.contains("黙って脱退します"), "{ja}");
        assert!(
            ja.contains("脱退するときはリーブメッセージを送りません"),
            "{ja}"
        );
    }
}

/// Every label is true (#28): the label a packet gets (narration, timeline, predict mode) is
/// read from its bytes, so for every packet of every built-in it names what the frame is: a v3
/// query that names sources is a group-and-source-specific query, a query to group 0.0.0.0 a
/// general query, and so on.
#[test]
fn every_packet_of_every_built_in_is_labelled_as_its_frame_is() {
    use igmpwb::codec::Lang;
    use igmpwb::model::{i18n, player, predict};
    let mut source_queries = 0;
    for name in builtin::NAMES {
        let s = builtin::get(name).expect("built-in");
        let w = sim::run(s.clone(), 1, None);
        for (i, e) in w.trace.iter().enumerate() {
            let TraceEntry::Packet { bytes, msg, .. } = e else {
                continue;
            };
            let en = i18n::frame_label(Lang::En, bytes);
            let ja = i18n::frame_label(Lang::Ja, bytes);
            let want = match codec::parse(LinkType::Ethernet, bytes).map(|f| f.igmp.message()) {
                Ok(IgmpMessage::Query { group, sources, .. }) if group.is_unspecified() => {
                    assert!(sources.is_empty());
                    ("general query", "ジェネラルクエリー")
                }
                Ok(IgmpMessage::Query { sources, .. }) if !sources.is_empty() => {
                    source_queries += 1;
                    (
                        "group-and-source-specific query",
                        "グループ・ソーススペシフィッククエリー",
                    )
                }
                Ok(IgmpMessage::Query { .. }) => {
                    ("group-specific query", "グループスペシフィッククエリー")
                }
                Ok(IgmpMessage::Leave { .. }) => ("Leave", "リーブメッセージ"),
                Ok(
                    IgmpMessage::V1Report { .. }
                    | IgmpMessage::V2Report { .. }
                    | IgmpMessage::V3Report { .. },
                ) => ("report", "レポート"),
                // Data: the IP destination (not the MAC bit the label reads) says which.
                _ => match codec::dissect(LinkType::Ethernet, bytes).info.dst {
                    Some(d) if d.is_multicast() => ("multicast data", "マルチキャストデータ"),
                    _ => ("unicast data", "ユニキャストデータ"),
                },
            };
            assert!(en.ends_with(want.0), "{name} #{i} {msg}: {en}");
            assert!(ja.ends_with(want.1), "{name} #{i} {msg}: {ja}");
            // The version the label says is the frame's.
            if let Some(v) = msg.split('-').next().filter(|v| v.starts_with('v')) {
                assert!(en.starts_with(v), "{name} #{i}: {en} for {msg}");
            }
            // The narration after the packet and its timeline entry use that label.
            let view = player::view(&s, &w.trace, i + 1);
            assert!(
                view.narration.en.contains(&en),
                "{name} #{i}: {}",
                view.narration.en
            );
            assert!(
                view.narration.ja.contains(&ja),
                "{name} #{i}: {}",
                view.narration.ja
            );
            if let Some(p) = view.packets.iter().find(|p| p.entry == i) {
                assert_eq!(p.label.en, en);
            }
            // Predict mode's right answer names the packet by the same label.
            // Predict mode names the packet by the same label, in the right answer or in the
            // question that tells what was sent.
            if let Some(q) = predict::question(&s, &w.trace, i) {
                let right = q.choices.get(q.right).expect("the right choice");
                assert!(
                    right.text.en.contains(&en) || q.prompt.en.contains(&en),
                    "{name} #{i}: {} / {}",
                    q.prompt.en,
                    right.text.en
                );
                assert!(
                    right.text.ja.contains(&ja) || q.prompt.ja.contains(&ja),
                    "{name} #{i}: {} / {}",
                    q.prompt.ja,
                    right.text.ja
                );
            }
        }
    }
    assert!(
        source_queries > 0,
        "the v3 built-ins send group-and-source-specific queries"
    );
}

/// The rule predict mode gives for an IGMPv2 report says why it is sent (#28): a join's report
/// goes at once, its repeat after the Unsolicited Report Interval, an answer within Max Resp.
#[test]
fn predict_mode_says_why_a_report_is_sent() {
    use igmpwb::model::predict;
    let rules = |name: &str| {
        let s = builtin::get(name).expect("built-in");
        let w = sim::run(s.clone(), 1, None);
        let mut rules = Vec::new();
        for (i, e) in w.trace.iter().enumerate() {
            if let TraceEntry::Packet { msg, .. } = e {
                if msg == "v2-report" {
                    if let Some(q) = predict::question_of(&s, &w.trace, i, predict::Ask::Next) {
                        rules.push(q.rule.en);
                    }
                }
            }
        }
        rules
    };
    let join = rules("v2-join");
    assert!(join.len() >= 2, "{join:?}");
    assert!(join[0].contains("at once, unsolicited"), "{}", join[0]);
    assert!(join[1].contains("repeat"), "{}", join[1]);
    let answers = rules("v2-query-suppression");
    assert!(
        answers.iter().any(|r| r.contains("answers a query")),
        "{answers:?}"
    );
}

/// A snooping switch forwards (転送する) what hosts and routers send; it "sends" only its own
/// queries (#28).
#[test]
fn the_narration_says_the_switch_forwards() {
    use igmpwb::model::player;
    let s = builtin::get("snooping-switch").expect("built-in");
    let w = sim::run(s.clone(), 1, None);
    let switch = s
        .nodes
        .iter()
        .find(|n| n.kind == sim::NodeKind::Switch)
        .map(|n| n.name.clone())
        .expect("a switch");
    let mut forwarded = 0;
    for (i, e) in w.trace.iter().enumerate() {
        if let TraceEntry::Packet {
            node,
            dropped: false,
            bytes,
            ..
        } = e
        {
            if *node != switch {
                continue;
            }
            let own =
                codec::parse(LinkType::Ethernet, bytes).is_ok_and(|f| f.ip.src.is_unspecified());
            let n = player::view(&s, &w.trace, i + 1).narration;
            if own {
                assert!(n.en.contains(" sent "), "{}", n.en);
            } else {
                forwarded += 1;
                assert!(
                    n.en.contains(" forwarded ") && !n.en.contains(" sent "),
                    "{}",
                    n.en
                );
                assert!(
                    n.ja.contains("転送しました") && !n.ja.contains("送信し"),
                    "{}",
                    n.ja
                );
            }
        }
    }
    assert!(forwarded > 0);
}

/// A port has one name everywhere (#28): the switch's timers name the port as the narration
/// does ("port A"), and a switch that does not query is shown without an address.
#[test]
fn a_switch_port_has_one_name_and_the_switch_no_address() {
    use igmpwb::model::player;
    let s = builtin::get("snooping-switch").expect("built-in");
    let w = sim::run(s.clone(), 1, None);
    let mut names = Vec::new();
    for e in &w.trace {
        if let TraceEntry::State { timers, cause, .. } = e {
            names.extend(timers.iter().map(|(n, _)| n.clone()));
            assert!(!cause.en.contains("port 1"), "{}", cause.en);
        }
    }
    assert!(
        names.iter().any(|n| n == "port A member 224.10.10.10"),
        "{names:?}"
    );
    assert!(names.iter().all(|n| !n.starts_with("port 1")), "{names:?}");
    let view = player::view(&s, &w.trace, w.trace.len());
    let sw = view
        .nodes
        .iter()
        .find(|n| n.kind == sim::NodeKind::Switch)
        .expect("the switch");
    assert_eq!(sw.address, "");
}

/// The scenario editor refuses, in both languages and naming the place (#28): a JSON syntax
/// error with its line and column, a missing field, an invalid field by its path.
#[test]
fn scenario_json_errors_are_named_in_both_languages() {
    use igmpwb::sim::scenario::{JsonProblem, ScenarioError};
    let e = sim::Scenario::from_json("{\n  \"name\": \"x\",\n  \"nodes\": [,]\n}").unwrap_err();
    let ScenarioError::Json { line, column, what } = &e else {
        panic!("{e:?}")
    };
    assert_eq!((*line, *column), (3, 13));
    assert!(matches!(what, JsonProblem::Syntax(_)));
    let text = e.text();
    assert!(
        text.ja.starts_with("シナリオ JSON の 3 行 13 列目: "),
        "{}",
        text.ja
    );
    assert!(!text.ja.contains("expected"), "{}", text.ja);
    assert!(text.en.contains("line 3, column 13"));
    let e = sim::Scenario::from_json("{\"name\": \"x\"").unwrap_err();
    assert!(e.text().ja.contains("JSON が終わる前に"), "{}", e.text().ja);
    let mut s = builtin::get("v2-join").expect("built-in");
    s.actions[0].kind = sim::ActionKind::Join {
        group: "10.0.0.1".parse().unwrap(),
        mode: None,
        sources: vec![],
        socket: 0,
    };
    let e = sim::Scenario::from_json(&serde_json::to_string(&s).unwrap()).unwrap_err();
    let ScenarioError::Invalid(problems) = &e else {
        panic!("{e:?}")
    };
    assert!(problems.iter().any(|p| p.field.starts_with("actions[0]")));
    assert!(e.text().ja.starts_with("このシナリオは実行できません"));
}

/// The schedule form never schedules what was not typed (#28): "239.1.1" used to become
/// 224.10.10.10. It is refused, naming the field; full-width digits read as digits.
#[test]
fn the_schedule_form_refuses_a_group_that_does_not_parse() {
    use igmpwb::sim::scenario::ScheduleForm;
    let form = |group, time| ScheduleForm {
        node: "A",
        kind: "join",
        group,
        time,
    };
    let e = form("239.1.1", "10").action().unwrap_err();
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].field, "schedule.group");
    assert!(e[0].message.ja.contains("「239.1.1」は IPv4 アドレス"));
    let e = form("10.0.0.1", "10").action().unwrap_err();
    assert!(e[0].message.en.contains("not a multicast group"));
    let e = form("239.1.1.1", "soon").action().unwrap_err();
    assert_eq!(e[0].field, "schedule.time");
    let a = form("２３９．１．１．１", "１２．５").action().unwrap();
    assert_eq!(a.t, 12.5);
    assert!(
        matches!(a.kind, sim::ActionKind::Join { group, .. } if group.to_string() == "239.1.1.1")
    );
    // Actions without a group ignore the group field.
    let down = ScheduleForm {
        node: "R1",
        kind: "down",
        group: "",
        time: "5",
    };
    assert!(down.action().is_ok());
}

/// An action is read from one flat JSON object (`sim::scenario::ActionJson`, smaller than serde's
/// flattened enum): what it lacks or misnames is still named as serde names it.
#[test]
fn an_action_missing_a_field_or_with_an_unknown_do_is_named() {
    use igmpwb::sim::scenario::{JsonProblem, ScenarioError};
    let with = |action: &str| {
        let mut s: serde_json::Value =
            serde_json::to_value(builtin::get("v2-join").expect("built-in")).unwrap();
        s["actions"][0] = serde_json::from_str(action).unwrap();
        sim::Scenario::from_json(&s.to_string())
    };
    let problem = |action: &str| match with(action).unwrap_err() {
        ScenarioError::Json { what, .. } => what,
        e => panic!("{e:?}"),
    };
    assert_eq!(
        problem(r#"{"t": 1, "node": "A", "do": "join"}"#),
        JsonProblem::MissingField("group".into())
    );
    assert_eq!(
        problem(r#"{"t": 1, "node": "A", "do": "set-timer", "timer": "x"}"#),
        JsonProblem::MissingField("value".into())
    );
    assert_eq!(
        problem(r#"{"t": 1, "node": "A", "do": "dance"}"#),
        JsonProblem::UnknownValue("dance".into())
    );
    // Every built-in's actions read back as they were written.
    for name in builtin::NAMES {
        let s = builtin::get(name).unwrap();
        let back = sim::Scenario::from_json(&serde_json::to_string(&s).unwrap()).unwrap();
        assert_eq!(back.actions, s.actions, "{name}");
    }
}
