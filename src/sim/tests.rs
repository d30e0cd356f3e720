//! One test per row of the transition tables of igmp-protocol.md §4.1–§4.6, named after the row.
//! Each drives one node directly (no world) and checks what it sends, its timers and its state.

#![allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "test code: a panic is the report"
)]

use crate::sorted_map::SortedMap;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use super::host::Host;
use super::router::Router;
use super::scenario::{ActionKind, FilterMode, Profile, Timers};
use super::{Ctx, Ms, Received, Send, SimRng, TimerKey, TraceEntry};
use crate::codec::{GroupRecord, IgmpMessage, QueryVersion};

const G: Ipv4Addr = Ipv4Addr::new(224, 10, 10, 10);
const ME: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 10);
const OTHER: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 11);
const R1: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 1);
const R2: Ipv4Addr = Ipv4Addr::new(192, 168, 1, 2);

fn s(n: u8) -> Ipv4Addr {
    Ipv4Addr::new(10, 0, 0, n)
}

/// A node with its own timers and clock, driven by hand.
struct H<N> {
    node: N,
    timers: SortedMap<TimerKey, Ms>,
    rng: SimRng,
    cfg: Timers,
    now: Ms,
    /// (message, IP destination) of what the last call sent.
    sent: Vec<(IgmpMessage, Option<Ipv4Addr>, bool)>,
    states: Vec<(String, String)>,
}

impl<N> H<N> {
    fn new(node: N) -> H<N> {
        H {
            node,
            timers: SortedMap::new(),
            rng: SimRng::new(7),
            cfg: Timers::default(),
            now: 1_000,
            sent: vec![],
            states: vec![],
        }
    }
    fn run(&mut self, f: impl FnOnce(&mut N, &mut Ctx)) {
        let mut ctx = Ctx {
            now: self.now,
            node: "n",
            timers: &mut self.timers,
            rng: &mut self.rng,
            cfg: &self.cfg,
            new_timers: vec![],
            sends: vec![],
            trace: vec![],
            shown: vec![],
        };
        f(&mut self.node, &mut ctx);
        self.sent = ctx
            .sends
            .into_iter()
            .filter_map(|x| match x {
                Send::Igmp { igmp, dst, .. } => {
                    let s_flag =
                        matches!(igmp, crate::codec::spec::IgmpSpec::V3Query { s: true, .. });
                    Some((igmp.message(), dst, s_flag))
                }
                _ => None,
            })
            .collect();
        self.states = ctx
            .trace
            .into_iter()
            .filter_map(|e| match e {
                TraceEntry::State { from, to, .. } => Some((from, to)),
                _ => None,
            })
            .collect();
    }
    fn at(&mut self, t: Ms) -> &mut Self {
        self.now = t;
        self
    }
    fn timer(&self, k: &TimerKey) -> Option<Ms> {
        self.timers.get(k).copied()
    }
    fn kinds(&self) -> Vec<String> {
        self.sent
            .iter()
            .map(|(m, _, _)| m.kind().to_string())
            .collect()
    }
    fn last_state(&self) -> Option<&str> {
        self.states.last().map(|(_, to)| to.as_str())
    }
}

fn rx(src: Ipv4Addr, message: IgmpMessage) -> Received {
    Received {
        src,
        dst: G,
        message,
        router_alert: true,
        port: None,
    }
}

fn query(version: QueryVersion, tenths: u32, group: Ipv4Addr) -> IgmpMessage {
    IgmpMessage::Query {
        version,
        max_resp_tenths: tenths,
        group,
        s_flag: false,
        qrv: 2,
        qqi: 125,
        sources: vec![],
    }
}

fn v3query(group: Ipv4Addr, sources: Vec<Ipv4Addr>) -> IgmpMessage {
    IgmpMessage::Query {
        version: QueryVersion::V3,
        max_resp_tenths: 10,
        group,
        s_flag: false,
        qrv: 2,
        qqi: 125,
        sources,
    }
}

fn join() -> ActionKind {
    ActionKind::Join {
        group: G,
        mode: None,
        sources: vec![],
        socket: 0,
    }
}
fn leave() -> ActionKind {
    ActionKind::Leave {
        group: G,
        socket: 0,
    }
}

// ----- §4.1 IGMPv2 host -------------------------------------------------------------------

fn v2_host() -> H<Host> {
    H::new(Host::new(ME, 2, false))
}

fn delaying_host() -> H<Host> {
    let mut h = v2_host();
    h.run(|n, c| n.action(&join(), c));
    h
}

fn idle_host(flag: bool) -> H<Host> {
    let mut h = delaying_host();
    let at = h.timer(&TimerKey::Report(G)).expect("report timer");
    h.at(at).run(|n, c| n.on_timer(&TimerKey::Report(G), c));
    if !flag {
        h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    }
    h
}

#[test]
fn v2_host_non_member_join_sends_report_sets_flag_starts_timer_delaying() {
    let h = delaying_host();
    assert_eq!(h.kinds(), ["v2-report"]);
    let t = h.timer(&TimerKey::Report(G)).expect("timer");
    assert!(t > 1_000 && t <= 11_000, "rand(0, URI] = (0, 10 s]: {t}");
    assert_eq!(h.last_state(), Some("DelayingMember"));
}

#[test]
fn v2_host_non_member_query_or_report_is_ignored() {
    let mut h = v2_host();
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    assert!(h.sent.is_empty() && h.timers.is_empty() && h.states.is_empty());
}

#[test]
fn v2_host_delaying_leave_stops_timer_and_sends_leave_only_if_flag_set() {
    let mut h = delaying_host();
    h.run(|n, c| n.action(&leave(), c));
    assert_eq!(h.kinds(), ["v2-leave"]);
    assert_eq!(h.timer(&TimerKey::Report(G)), None);
    assert_eq!(h.last_state(), Some("NonMember"));
    let mut h = delaying_host();
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.action(&leave(), c));
    assert!(h.sent.is_empty(), "no flag, no Leave");
}

#[test]
fn v2_host_delaying_query_resets_timer_only_if_mrt_less_than_remaining() {
    let mut h = delaying_host();
    let before = h.timer(&TimerKey::Report(G)).expect("timer");
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 250, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert_eq!(
        h.timer(&TimerKey::Report(G)),
        Some(before),
        "a longer MRT does not reset"
    );
    h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 1, G)), c));
    let after = h.timer(&TimerKey::Report(G)).expect("timer");
    assert!(after <= h.now + 100, "reset to rand(0, 0.1 s]: {after}");
}

#[test]
fn v2_host_delaying_report_stops_timer_clears_flag_goes_idle() {
    let mut h = delaying_host();
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V1Report { group: G }), c));
    assert_eq!(h.timer(&TimerKey::Report(G)), None);
    assert_eq!(h.last_state(), Some("IdleMember"));
    h.run(|n, c| n.action(&leave(), c));
    assert!(
        h.sent.is_empty(),
        "flag cleared, so no Leave; a v1 report suppresses too (RFC 2236 §5)"
    );
}

#[test]
fn v2_host_delaying_timer_expired_sends_report_sets_flag_goes_idle() {
    let h = idle_host(true);
    assert_eq!(h.kinds(), ["v2-report"]);
    assert_eq!(h.last_state(), Some("IdleMember"));
}

#[test]
fn v2_host_idle_leave_sends_leave_if_flag_set() {
    let mut h = idle_host(true);
    h.run(|n, c| n.action(&leave(), c));
    assert_eq!(h.kinds(), ["v2-leave"]);
    assert_eq!(h.sent[0].0.group(), Some(G));
    let mut h = idle_host(false);
    h.run(|n, c| n.action(&leave(), c));
    assert!(h.sent.is_empty());
}

#[test]
fn v2_host_idle_query_starts_timer_goes_delaying() {
    let mut h = idle_host(true);
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    let t = h.timer(&TimerKey::Report(G)).expect("timer");
    assert!(t > h.now && t <= h.now + 10_000);
    assert_eq!(h.last_state(), Some("DelayingMember"));
}

#[test]
fn v2_host_idle_report_keeps_idle_and_clears_flag_as_linux_does() {
    let mut h = idle_host(true);
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.last_state(), Some("IdleMember"));
    h.run(|n, c| n.action(&leave(), c));
    assert!(h.sent.is_empty());
}

#[test]
fn v2_host_v1_query_sets_v1_router_present_400s_v1_reports_no_leave() {
    let mut h = idle_host(true);
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V1, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert_eq!(h.timer(&TimerKey::V1RouterPresent), Some(h.now + 400_000));
    let at = h.timer(&TimerKey::Report(G)).expect("timer");
    assert!(at <= h.now + 10_000, "MRT 0 is 10 s");
    h.at(at).run(|n, c| n.on_timer(&TimerKey::Report(G), c));
    assert_eq!(h.kinds(), ["v1-report"]);
    h.run(|n, c| n.action(&leave(), c));
    assert!(h.sent.is_empty(), "no Leave while a v1 router is present");
}

#[test]
fn v1_host_delaying_ignores_query_and_leaves_silently() {
    let mut h = H::new(Host::new(ME, 1, false));
    h.run(|n, c| n.action(&join(), c));
    assert_eq!(h.kinds(), ["v1-report"]);
    let before = h.timer(&TimerKey::Report(G));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V1, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert_eq!(
        h.timer(&TimerKey::Report(G)),
        before,
        "RFC 1112: a query in Delaying is ignored"
    );
    h.run(|n, c| n.action(&leave(), c));
    assert!(h.sent.is_empty());
}

/// RFC 1112 App. I: a v1 host ignores the query's group and Max Resp fields: a group-specific
/// query for another group with Max Resp 2 s is a general query to it, answered within 10 s.
#[test]
fn v1_host_treats_every_query_as_general_with_a_10_s_delay() {
    let other_group = Ipv4Addr::new(239, 9, 9, 9);
    let mut longest = 0;
    for seed in 0..40 {
        let mut h = H::new(Host::new(ME, 1, false));
        h.rng = SimRng::new(seed);
        h.run(|n, c| n.action(&join(), c));
        // Let the unsolicited repetitions run out: the host is then Idle.
        for _ in 0..5 {
            let Some(at) = h.timers.remove(&TimerKey::Report(G)) else {
                break;
            };
            h.at(at).run(|n, c| n.on_timer(&TimerKey::Report(G), c));
        }
        assert_eq!(h.timer(&TimerKey::Report(G)), None, "Idle");
        let now = h.now;
        h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 20, other_group)), c));
        let due = h
            .timer(&TimerKey::Report(G))
            .expect("a query for another group still starts the report timer");
        assert!(
            due > now && due <= now + 10_000,
            "seed {seed}: {}",
            due - now
        );
        longest = longest.max(due - now);
    }
    assert!(
        longest > 2_000,
        "the 2 s Max Resp was ignored: up to {longest} ms"
    );
}

#[test]
fn host_never_reports_all_systems() {
    let mut h = v2_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: Ipv4Addr::new(224, 0, 0, 1),
                mode: None,
                sources: vec![],
                socket: 0,
            },
            c,
        )
    });
    assert!(h.sent.is_empty());
}

// ----- §4.2 IGMPv2 router ------------------------------------------------------------------

fn v2_router() -> H<Router> {
    let mut h = H::new(Router::new(R1, 2, None));
    h.run(|n, c| n.start(c));
    h
}

fn with_members(v1: bool) -> H<Router> {
    let mut h = v2_router();
    let m = if v1 {
        IgmpMessage::V1Report { group: G }
    } else {
        IgmpMessage::V2Report { group: G }
    };
    h.run(|n, c| n.on_message(&rx(ME, m), c));
    h
}

fn checking() -> H<Router> {
    let mut h = with_members(false);
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    h
}

const GMI: Ms = 260_000;

#[test]
fn querier_no_members_present_v2_report_starts_timer_members_present() {
    let h = with_members(false);
    assert_eq!(h.last_state(), Some("MembersPresent"));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + GMI));
}

#[test]
fn querier_no_members_present_v1_report_starts_timer_and_v1host_v1_members_present() {
    let h = with_members(true);
    assert_eq!(h.last_state(), Some("V1MembersPresent"));
    assert_eq!(h.timer(&TimerKey::OlderHost(G, 1)), Some(h.now + GMI));
}

#[test]
fn querier_no_members_present_leave_is_ignored() {
    let mut h = v2_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    assert!(h.sent.is_empty() && h.states.is_empty());
}

#[test]
fn querier_members_present_v2_report_restarts_timer() {
    let mut h = with_members(false);
    h.at(50_000)
        .run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(50_000 + GMI));
    assert_eq!(h.last_state(), Some("MembersPresent"));
}

#[test]
fn querier_members_present_v1_report_goes_v1_members_present() {
    let mut h = with_members(false);
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V1Report { group: G }), c));
    assert_eq!(h.last_state(), Some("V1MembersPresent"));
}

#[test]
fn querier_members_present_leave_sends_gsq_starts_timer_star_and_rexmt_checking() {
    let h = checking();
    assert_eq!(h.last_state(), Some("CheckingMembership"));
    assert_eq!(h.kinds(), ["v2-query"]);
    match &h.sent[0].0 {
        IgmpMessage::Query {
            group,
            max_resp_tenths,
            ..
        } => {
            assert_eq!(*group, G);
            assert_eq!(*max_resp_tenths, 10, "Max Resp = LMQI");
        }
        other => panic!("{other:?}"),
    }
    assert_eq!(
        h.timer(&TimerKey::Group(G)),
        Some(h.now + 2_000),
        "LMQI × LMQC"
    );
    assert_eq!(h.timer(&TimerKey::Rexmt(G)), Some(h.now + 1_000));
}

#[test]
fn querier_members_present_timer_expired_no_members_present() {
    let mut h = with_members(false);
    h.at(h.now + GMI)
        .run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(h.last_state(), Some("NoMembersPresent"));
}

#[test]
fn querier_checking_membership_v2_report_members_present() {
    let mut h = checking();
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.last_state(), Some("MembersPresent"));
    assert_eq!(
        h.timer(&TimerKey::Rexmt(G)),
        None,
        "remaining queries are cancelled (documented choice)"
    );
}

#[test]
fn querier_checking_membership_v1_report_v1_members_present() {
    let mut h = checking();
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V1Report { group: G }), c));
    assert_eq!(h.last_state(), Some("V1MembersPresent"));
}

#[test]
fn querier_checking_membership_rexmt_expired_sends_gsq_exactly_lmqc_in_all() {
    let mut h = checking();
    let t = h.timers.remove(&TimerKey::Rexmt(G)).expect("rexmt");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert_eq!(h.kinds(), ["v2-query"]);
    assert_eq!(
        h.timer(&TimerKey::Rexmt(G)),
        None,
        "LMQC = 2: no third query"
    );
}

#[test]
fn querier_checking_membership_timer_expired_no_members_present() {
    let mut h = checking();
    let t = h.timer(&TimerKey::Group(G)).expect("group");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(h.last_state(), Some("NoMembersPresent"));
}

#[test]
fn querier_v1_members_present_v1_report_restarts_both_timers() {
    let mut h = with_members(true);
    h.at(9_000)
        .run(|n, c| n.on_message(&rx(ME, IgmpMessage::V1Report { group: G }), c));
    assert_eq!(h.timer(&TimerKey::OlderHost(G, 1)), Some(9_000 + GMI));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(9_000 + GMI));
}

#[test]
fn querier_v1_members_present_v2_report_stays_v1_members_present() {
    let mut h = with_members(true);
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.last_state(), Some("V1MembersPresent"));
}

#[test]
fn querier_v1_members_present_leave_is_ignored() {
    let mut h = with_members(true);
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::Leave { group: G }), c));
    assert!(h.sent.is_empty());
    assert_eq!(h.last_state(), Some("V1MembersPresent"));
}

#[test]
fn querier_v1_members_present_v1host_expired_members_present() {
    let mut h = with_members(true);
    h.run(|n, c| n.on_timer(&TimerKey::OlderHost(G, 1), c));
    assert_eq!(h.last_state(), Some("MembersPresent"));
}

#[test]
fn querier_v1_members_present_timer_expired_no_members_present() {
    let mut h = with_members(true);
    h.run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(h.last_state(), Some("NoMembersPresent"));
}

fn non_querier() -> H<Router> {
    let mut h = H::new(Router::new(R2, 2, None));
    h.run(|n, c| n.start(c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    h
}

#[test]
fn non_querier_no_members_present_report_members_present() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V1Report { group: G }), c));
    assert_eq!(
        h.last_state(),
        Some("MembersPresent"),
        "v1 and v2 reports alike"
    );
}

#[test]
fn non_querier_members_present_report_restarts_timer() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.at(30_000)
        .run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(30_000 + GMI));
}

#[test]
fn non_querier_members_present_gsq_lowers_timer_to_lmqc_times_mrt_checking() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 10, G)), c));
    assert_eq!(h.last_state(), Some("CheckingMembership"));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + 2_000));
}

#[test]
fn non_querier_ignores_leaves() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    assert!(h.sent.is_empty() && h.states.is_empty());
}

#[test]
fn non_querier_members_present_timer_expired_no_members_present() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(h.last_state(), Some("NoMembersPresent"));
}

#[test]
fn non_querier_checking_membership_report_members_present() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 10, G)), c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.last_state(), Some("MembersPresent"));
}

#[test]
fn non_querier_checking_membership_timer_expired_no_members_present() {
    let mut h = non_querier();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 10, G)), c));
    h.run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(h.last_state(), Some("NoMembersPresent"));
}

// ----- §4.3 querier election ---------------------------------------------------------------

#[test]
fn election_initial_start_sends_gq_querier() {
    let mut h = v2_router();
    assert_eq!(h.last_state(), Some("Querier"));
    h.run(|n, c| n.on_timer(&TimerKey::GeneralQuery, c));
    assert_eq!(h.kinds(), ["v2-query"]);
    assert_eq!(
        h.timer(&TimerKey::GeneralQuery),
        Some(h.now + 31_250),
        "startup interval QI/4"
    );
}

#[test]
fn election_querier_gq_timer_expired_sends_gq_then_every_query_interval() {
    let mut h = v2_router();
    h.run(|n, c| n.on_timer(&TimerKey::GeneralQuery, c));
    h.run(|n, c| n.on_timer(&TimerKey::GeneralQuery, c));
    assert_eq!(
        h.timer(&TimerKey::GeneralQuery),
        Some(h.now + 125_000),
        "after Startup Query Count queries"
    );
}

#[test]
fn election_querier_query_from_lower_ip_starts_oqp_non_querier() {
    let h = non_querier();
    assert_eq!(h.last_state(), Some("NonQuerier"));
    assert_eq!(h.timer(&TimerKey::OtherQuerier), Some(h.now + 255_000));
    assert_eq!(h.timer(&TimerKey::GeneralQuery), None);
}

#[test]
fn election_querier_query_from_higher_ip_is_ignored() {
    let mut h = v2_router();
    h.run(|n, c| {
        n.on_message(
            &rx(R2, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert!(h.states.is_empty());
    assert!(h.timer(&TimerKey::GeneralQuery).is_some());
}

#[test]
fn election_non_querier_query_from_lower_ip_restarts_oqp() {
    let mut h = non_querier();
    h.at(100_000).run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert_eq!(h.timer(&TimerKey::OtherQuerier), Some(100_000 + 255_000));
}

#[test]
fn election_non_querier_oqp_expired_sends_gq_querier() {
    let mut h = non_querier();
    h.run(|n, c| n.on_timer(&TimerKey::OtherQuerier, c));
    assert_eq!(h.last_state(), Some("Querier"));
    assert_eq!(h.kinds(), ["v2-query"]);
}

#[test]
fn election_ignores_queries_from_zero_source() {
    let mut h = v2_router();
    h.run(|n, c| {
        n.on_message(
            &rx(
                Ipv4Addr::UNSPECIFIED,
                query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED),
            ),
            c,
        )
    });
    assert!(
        h.states.is_empty(),
        "RFC 4541 §2.1.1: proxy queries do not take part"
    );
}

#[test]
fn election_rfc9776_profile_counts_general_queries_only() {
    let mut h = H::new(Router::new(R2, 3, None));
    h.cfg.profile = Profile::Rfc9776;
    h.run(|n, c| n.start(c));
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![])), c));
    assert!(h.states.is_empty());
    h.run(|n, c| n.on_message(&rx(R1, v3query(Ipv4Addr::UNSPECIFIED, vec![])), c));
    assert_eq!(h.last_state(), Some("NonQuerier"));
    assert_eq!(h.cfg.gmi(), 270_000, "RFC 9776 §8.4");
}

// ----- §4.4 IGMPv3 host --------------------------------------------------------------------

fn v3_host() -> H<Host> {
    H::new(Host::new(ME, 3, false))
}

fn records(h: &H<Host>) -> Vec<(u8, Vec<Ipv4Addr>)> {
    h.sent
        .iter()
        .flat_map(|(m, _, _)| match m {
            IgmpMessage::V3Report { records } => records
                .iter()
                .map(|r: &GroupRecord| (r.record_type.code(), r.sources.clone()))
                .collect(),
            _ => vec![],
        })
        .collect()
}

#[test]
fn v3_host_asm_join_sends_to_ex_empty_and_retransmits_rv_minus_1_times() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    assert_eq!(records(&h), vec![(4, vec![])]);
    let t = h.timer(&TimerKey::Retransmit(G)).expect("retransmission");
    assert!(t > h.now && t <= h.now + 1_000, "rand(0, URI = 1 s)");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Retransmit(G), c));
    assert_eq!(records(&h), vec![(4, vec![])]);
    assert_eq!(
        h.timer(&TimerKey::Retransmit(G)),
        None,
        "sent RV = 2 times in all"
    );
}

#[test]
fn v3_host_ssm_join_and_leave_send_allow_and_block() {
    let mut h = v3_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(1)],
                socket: 0,
            },
            c,
        )
    });
    assert_eq!(records(&h), vec![(5, vec![s(1)])]);
    h.run(|n, c| n.action(&leave(), c));
    assert_eq!(records(&h), vec![(6, vec![s(1)])]);
}

#[test]
fn v3_host_change_while_pending_merges_into_one_report() {
    let mut h = v3_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(1)],
                socket: 0,
            },
            c,
        )
    });
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(1), s(2)],
                socket: 0,
            },
            c,
        )
    });
    assert_eq!(
        records(&h),
        vec![(5, vec![s(1), s(2)])],
        "the pending ALLOW(s1) rides along"
    );
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(2)],
                socket: 0,
            },
            c,
        )
    });
    assert_eq!(
        records(&h),
        vec![(5, vec![s(2)]), (6, vec![s(1)])],
        "s1 is now unwanted: BLOCK"
    );
}

#[test]
fn v3_host_leave_sends_to_in_empty() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    let t = h.timer(&TimerKey::Retransmit(G)).expect("timer");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Retransmit(G), c));
    h.run(|n, c| n.action(&leave(), c));
    assert_eq!(records(&h), vec![(3, vec![])]);
}

#[test]
fn v3_host_rule_2_general_query_schedules_interface_timer_and_answers_every_group() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V3, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    let t = h
        .timer(&TimerKey::GeneralResponse)
        .expect("interface timer");
    assert!(t > h.now && t < h.now + 10_000, "never at once, within MRT");
    h.at(t)
        .run(|n, c| n.on_timer(&TimerKey::GeneralResponse, c));
    assert_eq!(records(&h), vec![(2, vec![])]);
}

#[test]
fn v3_host_rule_1_pending_general_answer_sooner_absorbs_a_group_query() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V3, 1, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![])), c));
    assert_eq!(h.timer(&TimerKey::GroupResponse(G)), None);
}

#[test]
fn v3_host_rule_3_and_5_group_and_source_queries_record_and_merge_sources() {
    let mut h = v3_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(1), s(2)],
                socket: 0,
            },
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![s(1)])), c));
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![s(3)])), c));
    let t = h.timer(&TimerKey::GroupResponse(G)).expect("group timer");
    h.at(t)
        .run(|n, c| n.on_timer(&TimerKey::GroupResponse(G), c));
    assert_eq!(
        records(&h),
        vec![(1, vec![s(1)])],
        "INCLUDE(A): IS_IN(A*B) with B = {{s1, s3}}"
    );
}

#[test]
fn v3_host_rule_4_group_query_clears_recorded_sources() {
    let mut h = v3_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Include),
                sources: vec![s(1), s(2)],
                socket: 0,
            },
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![s(1)])), c));
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![])), c));
    let t = h.timer(&TimerKey::GroupResponse(G)).expect("group timer");
    h.at(t)
        .run(|n, c| n.on_timer(&TimerKey::GroupResponse(G), c));
    assert_eq!(records(&h), vec![(1, vec![s(1), s(2)])]);
}

#[test]
fn v3_host_exclude_answers_source_query_with_is_in_b_minus_a() {
    let mut h = v3_host();
    h.run(|n, c| {
        n.action(
            &ActionKind::Join {
                group: G,
                mode: Some(FilterMode::Exclude),
                sources: vec![s(1)],
                socket: 0,
            },
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(R1, v3query(G, vec![s(1), s(2)])), c));
    let t = h.timer(&TimerKey::GroupResponse(G)).expect("group timer");
    h.at(t)
        .run(|n, c| n.on_timer(&TimerKey::GroupResponse(G), c));
    assert_eq!(records(&h), vec![(1, vec![s(2)])]);
}

#[test]
fn v3_host_does_not_suppress_on_other_reports() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V3, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V2Report { group: G }), c));
    assert!(h.timer(&TimerKey::GeneralResponse).is_some());
}

// ----- §4.5 IGMPv3 router ------------------------------------------------------------------

fn v3_router() -> H<Router> {
    let mut h = H::new(Router::new(R1, 3, None));
    h.run(|n, c| n.start(c));
    h
}

fn rec(h: &mut H<Router>, t: u8, srcs: &[u8]) {
    let records = vec![GroupRecord {
        record_type: crate::codec::RecordType::from_code(t),
        group: G,
        sources: srcs.iter().map(|x| s(*x)).collect(),
    }];
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V3Report { records }), c));
}

/// (mode, X sources with timers, Y sources without) as the trace shows them.
fn state(h: &H<Router>) -> String {
    h.last_state().unwrap_or("").to_string()
}

fn src_timer(h: &H<Router>, n: u8) -> Option<Ms> {
    h.timer(&TimerKey::Source(G, s(n)))
}

fn include(srcs: &[u8]) -> H<Router> {
    let mut h = v3_router();
    rec(&mut h, 1, srcs);
    h
}

fn exclude(x: &[u8], y: &[u8]) -> H<Router> {
    // INCLUDE(X) then IS_EX(X+Y) gives EXCLUDE(X, Y).
    let mut h = include(x);
    let all: Vec<u8> = x.iter().chain(y).copied().collect();
    rec(&mut h, 2, &all);
    h
}

#[test]
fn v3_router_include_a_is_in_b_gives_include_a_plus_b_b_gmi() {
    let mut h = include(&[1]);
    rec(&mut h, 1, &[2]);
    assert_eq!(state(&h), "INCLUDE{10.0.0.1,10.0.0.2}");
    assert_eq!(src_timer(&h, 2), Some(h.now + GMI));
}

#[test]
fn v3_router_include_a_is_ex_b_gives_exclude_a_and_b_b_minus_a_zero_delete_a_minus_b_gt_gmi() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 2, &[2, 3]);
    assert_eq!(state(&h), "EXCLUDE{10.0.0.2}{10.0.0.3}");
    assert_eq!(src_timer(&h, 3), None);
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + GMI));
}

#[test]
fn v3_router_exclude_xy_is_in_a_gives_exclude_x_plus_a_y_minus_a() {
    let mut h = exclude(&[1], &[2]);
    rec(&mut h, 1, &[2]);
    assert_eq!(state(&h), "EXCLUDE{10.0.0.1,10.0.0.2}{}");
}

#[test]
fn v3_router_exclude_xy_is_ex_a_gives_exclude_a_minus_y_y_and_a() {
    // EXCLUDE(X={s1}, Y={s2}) + IS_EX({s2,s3}) → EXCLUDE({s3}, {s2}); s3=GMI; delete s1
    let mut h = exclude(&[1], &[2]);
    rec(&mut h, 2, &[2, 3]);
    assert_eq!(state(&h), "EXCLUDE{10.0.0.3}{10.0.0.2}");
    assert_eq!(src_timer(&h, 3), Some(h.now + GMI));
    assert_eq!(src_timer(&h, 1), None);
}

#[test]
fn v3_router_include_a_allow_b_gives_include_a_plus_b() {
    let mut h = include(&[1]);
    rec(&mut h, 5, &[2]);
    assert_eq!(state(&h), "INCLUDE{10.0.0.1,10.0.0.2}");
}

#[test]
fn v3_router_include_a_block_b_sends_q_g_a_and_b() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 6, &[2, 3]);
    assert_eq!(state(&h), "INCLUDE{10.0.0.1,10.0.0.2}");
    assert_eq!(h.sent.len(), 1);
    match &h.sent[0].0 {
        IgmpMessage::Query { group, sources, .. } => {
            assert_eq!((*group, sources.clone()), (G, vec![s(2)]));
        }
        other => panic!("{other:?}"),
    }
    assert!(!h.sent[0].2, "timer now ≤ LMQT: S = 0");
    assert_eq!(src_timer(&h, 2), Some(h.now + 2_000), "lowered to LMQT");
}

#[test]
fn v3_router_include_a_to_ex_b_gives_exclude_sends_q_g_a_and_b_gt_gmi() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 4, &[2, 3]);
    assert_eq!(state(&h), "EXCLUDE{10.0.0.2}{10.0.0.3}");
    assert_eq!(h.kinds(), ["v3-query"]);
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + GMI));
}

#[test]
fn v3_router_include_a_to_in_b_gives_include_a_plus_b_sends_q_g_a_minus_b() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 3, &[2, 3]);
    assert_eq!(state(&h), "INCLUDE{10.0.0.1,10.0.0.2,10.0.0.3}");
    match &h.sent[0].0 {
        IgmpMessage::Query { sources, .. } => assert_eq!(sources, &vec![s(1)]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn v3_router_exclude_xy_allow_a_gives_exclude_x_plus_a_y_minus_a() {
    let mut h = exclude(&[1], &[2]);
    rec(&mut h, 5, &[2, 3]);
    assert_eq!(state(&h), "EXCLUDE{10.0.0.1,10.0.0.2,10.0.0.3}{}");
}

#[test]
fn v3_router_exclude_xy_block_a_gives_exclude_x_plus_a_minus_y_new_sources_get_gt_sends_q() {
    let mut h = exclude(&[1], &[2]);
    let gt = h.timer(&TimerKey::Group(G)).expect("GT");
    rec(&mut h, 6, &[2, 3]);
    assert_eq!(
        src_timer(&h, 3),
        Some(h.now + 2_000),
        "(A-X-Y)=GT, then Q(G,A-Y) lowers it to LMQT"
    );
    assert!(gt > h.now + 2_000);
    match &h.sent.last().expect("a query").0 {
        IgmpMessage::Query { sources, .. } => assert_eq!(sources, &vec![s(3)]),
        other => panic!("{other:?}"),
    }
}

#[test]
fn v3_router_exclude_xy_to_ex_a_gives_exclude_a_minus_y_y_and_a_gt_gmi() {
    let mut h = exclude(&[1], &[2]);
    rec(&mut h, 4, &[2, 3]);
    assert_eq!(src_timer(&h, 1), None, "Delete(X-A)");
    assert!(state(&h).ends_with("{10.0.0.2}"), "{}", state(&h));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + GMI));
}

#[test]
fn v3_router_exclude_xy_to_in_a_sends_q_g_x_minus_a_and_q_g() {
    let mut h = exclude(&[1], &[2]);
    rec(&mut h, 3, &[3]);
    let kinds: Vec<(Ipv4Addr, Vec<Ipv4Addr>)> = h
        .sent
        .iter()
        .filter_map(|(m, _, _)| match m {
            IgmpMessage::Query { group, sources, .. } => Some((*group, sources.clone())),
            _ => None,
        })
        .collect();
    assert!(kinds.contains(&(G, vec![])), "Q(G): {kinds:?}");
    assert!(kinds.contains(&(G, vec![s(1)])), "Q(G, X-A): {kinds:?}");
    assert_eq!(
        h.timer(&TimerKey::Group(G)),
        Some(h.now + 2_000),
        "Q(G) lowers GT to LMQT"
    );
}

#[test]
fn v3_router_asm_join_and_leave_worked_checks() {
    // INCLUDE({}) + TO_EX({}) → EXCLUDE({}, {}); no Q(G,{}) sent.
    let mut h = v3_router();
    rec(&mut h, 4, &[]);
    assert_eq!(state(&h), "EXCLUDE{}{}");
    assert!(h.sent.is_empty());
    // EXCLUDE({}, {}) + TO_IN({}) → Send Q(G) only; GT lowered to LMQT.
    rec(&mut h, 3, &[]);
    assert_eq!(h.kinds(), ["v3-query"]);
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + 2_000));
}

#[test]
fn v3_router_gsq_retransmission_carries_s_flag_after_a_report_raised_gt() {
    let mut h = v3_router();
    rec(&mut h, 4, &[]);
    rec(&mut h, 3, &[]);
    rec(&mut h, 2, &[]); // another member answers IS_EX({}) → GT = GMI
    let t = h.timer(&TimerKey::Rexmt(G)).expect("retransmission");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert_eq!(h.sent.len(), 1);
    assert!(h.sent[0].2, "S = 1 because GT > LMQT");
}

/// RFC 3376 §6.6.3.1: "The router must then immediately send a group specific query" — also
/// for a retransmitted TO_IN({}) that arrives while the first series is still running; the
/// series restarts with LMQC − 1 retransmissions on the running retransmission timer.
#[test]
fn v3_router_send_q_g_sends_at_once_even_while_a_series_runs() {
    let mut h = v3_router();
    rec(&mut h, 4, &[]);
    rec(&mut h, 3, &[]);
    assert_eq!(h.kinds(), ["v3-query"]);
    let rexmt = h.timer(&TimerKey::Rexmt(G)).expect("retransmission");
    h.now += 400;
    rec(&mut h, 3, &[]);
    assert_eq!(
        h.kinds(),
        ["v3-query"],
        "the retransmitted TO_IN is queried at once"
    );
    assert_eq!(
        h.timer(&TimerKey::Rexmt(G)),
        Some(rexmt),
        "the series' timer keeps running"
    );
    assert_eq!(
        h.timer(&TimerKey::Group(G)),
        Some(h.now - 400 + 2_000),
        "GT is only ever lowered to LMQT, never raised by a Send Q(G)"
    );
    h.timers.remove(&TimerKey::Rexmt(G));
    h.at(rexmt).run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert_eq!(h.kinds(), ["v3-query"], "one scheduled retransmission");
    assert_eq!(
        h.timer(&TimerKey::Rexmt(G)),
        None,
        "LMQC − 1 = 1 retransmission, then done"
    );
}

/// RFC 3376 §6.6.3.2: "immediately send a group and source specific query" for a Send Q(G,X),
/// also when X's sources are already in a series (their retransmissions are not used up).
#[test]
fn v3_router_send_q_g_x_sends_at_once_even_while_a_series_runs() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 6, &[1]);
    assert_eq!(h.kinds(), ["v3-query"]);
    let rexmt = h.timer(&TimerKey::Rexmt(G)).expect("retransmission");
    h.now += 300;
    rec(&mut h, 6, &[1]);
    assert_eq!(
        h.kinds(),
        ["v3-query"],
        "the retransmitted BLOCK is queried at once"
    );
    h.timers.remove(&TimerKey::Rexmt(G));
    h.at(rexmt).run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert_eq!(
        h.kinds(),
        ["v3-query"],
        "the scheduled retransmission still goes out"
    );
}

#[test]
fn v3_router_group_timer_expiry_in_exclude_switches_to_include_running_sources() {
    let mut h = exclude(&[1], &[2]);
    h.run(|n, c| n.on_timer(&TimerKey::Group(G), c));
    assert_eq!(state(&h), "INCLUDE{10.0.0.1}");
}

#[test]
fn v3_router_source_timer_expiry_in_include_deletes_source_and_empty_group() {
    let mut h = include(&[1]);
    h.timers.remove(&TimerKey::Source(G, s(1)));
    h.run(|n, c| n.on_timer(&TimerKey::Source(G, s(1)), c));
    assert_eq!(state(&h), "INCLUDE{}");
}

// ----- §4.6 compatibility ------------------------------------------------------------------

#[test]
fn v3_host_compat_v2_general_query_switches_to_v2_mode_and_v2_reports() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert!(h.states.iter().any(|(_, to)| to == "IGMPv2 mode"));
    assert_eq!(
        h.timer(&TimerKey::Retransmit(G)),
        None,
        "pending retransmissions cancelled"
    );
    let t = h.timer(&TimerKey::Report(G)).expect("v2 report timer");
    h.at(t).run(|n, c| n.on_timer(&TimerKey::Report(G), c));
    assert_eq!(h.kinds(), ["v2-report"]);
}

#[test]
fn v3_host_compat_v1_query_switches_to_v1_mode() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V1, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert!(h.states.iter().any(|(_, to)| to == "IGMPv1 mode"));
    assert_eq!(
        h.timer(&TimerKey::OlderQuerierPresent(1)),
        Some(h.now + 260_000)
    );
}

#[test]
fn v3_host_compat_v2_group_specific_query_does_not_change_mode() {
    let mut h = v3_host();
    h.run(|n, c| n.action(&join(), c));
    h.run(|n, c| n.on_message(&rx(R1, query(QueryVersion::V2, 10, G)), c));
    assert_eq!(h.timer(&TimerKey::OlderQuerierPresent(2)), None);
}

#[test]
fn v3_router_compat_v2_report_is_is_ex_and_sets_v2_host_present() {
    let mut h = v3_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(state(&h), "EXCLUDE{}{}");
    assert_eq!(h.timer(&TimerKey::OlderHost(G, 2)), Some(h.now + 260_000));
}

/// RFC 3376 §7.3.2: the mode is the lowest version still heard. When the v2 host timer runs
/// out while a v1 host is still present, the group stays in IGMPv1 mode: no transition to show.
/// When the v1 timer then runs out, the group returns to IGMPv3.
#[test]
fn v3_router_compat_v2_timer_expiry_in_v1_mode_changes_nothing() {
    let mut h = v3_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.now += 1_000;
    h.run(|n, c| n.on_message(&rx(OTHER, IgmpMessage::V1Report { group: G }), c));
    let v2 = h
        .timers
        .remove(&TimerKey::OlderHost(G, 2))
        .expect("v2 timer");
    h.at(v2)
        .run(|n, c| n.on_timer(&TimerKey::OlderHost(G, 2), c));
    assert!(h.states.is_empty(), "still IGMPv1 mode: {:?}", h.states);
    let v1 = h
        .timers
        .remove(&TimerKey::OlderHost(G, 1))
        .expect("v1 timer");
    h.at(v1)
        .run(|n, c| n.on_timer(&TimerKey::OlderHost(G, 1), c));
    assert_eq!(
        h.states,
        [(
            "IGMPv1 compatibility".to_string(),
            "IGMPv3 compatibility".to_string()
        )]
    );
}

#[test]
fn v3_router_compat_v2_mode_ignores_block_and_takes_to_ex_as_to_ex_empty() {
    let mut h = v3_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    rec(&mut h, 6, &[1]);
    assert!(h.sent.is_empty(), "BLOCK ignored");
    rec(&mut h, 4, &[1]);
    assert_eq!(
        state(&h),
        "EXCLUDE{}{}",
        "TO_EX({{s1}}) taken as TO_EX({{}})"
    );
}

#[test]
fn v3_router_compat_v2_leave_is_to_in_empty_but_ignored_in_v1_mode() {
    let mut h = v3_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    assert_eq!(h.kinds(), ["v3-query"], "TO_IN({{}}) → Send Q(G)");
    let mut h = v3_router();
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V1Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    assert!(h.sent.is_empty(), "v1 mode ignores Leaves");
}

#[test]
fn merge_keeps_include_only_sockets_in_include() {
    let set: BTreeSet<Ipv4Addr> = [s(1)].into_iter().collect();
    let merged = super::host::merge([(FilterMode::Include, set.clone())].iter());
    assert_eq!(merged, (FilterMode::Include, set));
}

#[test]
fn v3_non_querier_adopts_qrv_and_qqi_from_the_querier() {
    let mut h = H::new(Router::new(R2, 3, None));
    h.run(|n, c| n.start(c));
    let q = IgmpMessage::Query {
        version: QueryVersion::V3,
        max_resp_tenths: 100,
        group: Ipv4Addr::UNSPECIFIED,
        s_flag: false,
        qrv: 3,
        qqi: 60,
        sources: vec![],
    };
    h.run(|n, c| n.on_message(&rx(R1, q), c));
    assert!(
        h.states
            .iter()
            .any(|(from, to)| from == "RV 2 QI 125 s" && to == "RV 3 QI 60 s"),
        "{:?}",
        h.states
    );
    // GMI is now 3 · 60 + 10 = 190 s.
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    assert_eq!(h.timer(&TimerKey::Group(G)), Some(h.now + 190_000));
    // QRV 0 keeps the adopted value (RFC 3376 §4.1.6).
    let q0 = IgmpMessage::Query {
        version: QueryVersion::V3,
        max_resp_tenths: 100,
        group: Ipv4Addr::UNSPECIFIED,
        s_flag: false,
        qrv: 0,
        qqi: 0,
        sources: vec![],
    };
    h.run(|n, c| n.on_message(&rx(R1, q0), c));
    assert!(h.states.is_empty());
}

/// RFC 3376 §5.2: Current-State records are "packed into individual Report messages, to the
/// extent possible": as many as fit 1468 bytes (an Ethernet MTU less the IPv4 header with
/// Router Alert and the report header).
#[test]
fn v3_host_packs_records_into_as_few_reports_as_fit_the_mtu() {
    use crate::codec::spec::RecordSpec;
    let records: Vec<RecordSpec> = (0..200u32)
        .map(|i| RecordSpec::new(2, Ipv4Addr::from(0xe801_0000 + i), vec![s(1)]))
        .collect();
    let reports = super::host::pack_records(records);
    let sizes: Vec<usize> = reports.iter().map(Vec::len).collect();
    assert_eq!(
        sizes,
        [122, 78],
        "12-byte records: 1468 / 12 = 122 per report"
    );
    assert!(super::host::pack_records(vec![]).is_empty());
}

// ----- #25: what the simulator must get right ------------------------------------------------

/// RFC 1112 §6.1, §7.2: a host receives only datagrams sent to 224.0.0.1 or to groups it has
/// joined. A group-specific query for another group, sent to that group, never reaches an
/// IGMPv1 host; sent to 224.0.0.1 (as the Linux bridge sends them) it is a query like any.
#[test]
fn v1_host_never_receives_a_group_query_sent_to_another_group() {
    let other = Ipv4Addr::new(239, 9, 9, 9);
    let mut h = H::new(Host::new(ME, 1, false));
    h.run(|n, c| n.action(&join(), c));
    for _ in 0..5 {
        let Some(at) = h.timers.remove(&TimerKey::Report(G)) else {
            break;
        };
        h.at(at).run(|n, c| n.on_timer(&TimerKey::Report(G), c));
    }
    let to = |dst| Received {
        src: R1,
        dst,
        message: query(QueryVersion::V2, 10, other),
        router_alert: true,
        port: None,
    };
    h.run(|n, c| n.on_message(&to(other), c));
    assert_eq!(h.timer(&TimerKey::Report(G)), None, "not received");
    h.run(|n, c| n.on_message(&to(Ipv4Addr::new(224, 0, 0, 1)), c));
    assert!(
        h.timer(&TimerKey::Report(G)).is_some(),
        "to all systems: answered"
    );
}

/// RFC 2236 §3: a querier that hears a lower address "ceases to send queries": the
/// last-member series it was sending stops at once.
#[test]
fn a_v2_router_that_loses_the_election_stops_its_last_member_queries() {
    let mut h = H::new(Router::new(R2, 2, None));
    h.run(|n, c| n.start(c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::V2Report { group: G }), c));
    h.run(|n, c| n.on_message(&rx(ME, IgmpMessage::Leave { group: G }), c));
    assert_eq!(h.kinds(), ["v2-query"], "the first group-specific query");
    assert!(h.timer(&TimerKey::Rexmt(G)).is_some());
    h.at(h.now + 300).run(|n, c| {
        n.on_message(
            &rx(R1, query(QueryVersion::V2, 100, Ipv4Addr::UNSPECIFIED)),
            c,
        )
    });
    assert_eq!(h.timer(&TimerKey::Rexmt(G)), None, "the series stops");
    // Even a retransmission timer that fires now sends nothing.
    h.at(h.now + 700)
        .run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert!(h.sent.is_empty(), "{:?}", h.kinds());
}

#[test]
fn a_v3_router_that_loses_the_election_stops_its_specific_queries() {
    let mut h = H::new(Router::new(R2, 3, None));
    h.run(|n, c| n.start(c));
    rec(&mut h, 1, &[1, 2]);
    rec(&mut h, 6, &[2]);
    assert_eq!(h.kinds(), ["v3-query"], "the first group-and-source query");
    h.at(h.now + 300)
        .run(|n, c| n.on_message(&rx(R1, v3query(Ipv4Addr::UNSPECIFIED, vec![])), c));
    assert_eq!(h.timer(&TimerKey::Rexmt(G)), None);
    h.at(h.now + 700)
        .run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    assert!(h.sent.is_empty(), "{:?}", h.kinds());
}

/// RFC 3376 §6.6.3.2: only "sources with retransmission state" are queried; a source that a
/// later record deleted (IS_EX({}) deletes A-B) has none, so the retransmission leaves it out.
#[test]
fn a_deleted_source_leaves_the_pending_source_queries() {
    let mut h = include(&[1, 2]);
    rec(&mut h, 6, &[1, 2]);
    assert_eq!(h.kinds(), ["v3-query"]);
    // IS_EX({1}): EXCLUDE({1}, {}) with 2 deleted ("Delete (A-B)").
    rec(&mut h, 2, &[1]);
    let due = h.timer(&TimerKey::Rexmt(G)).expect("1 still pending");
    h.at(due).run(|n, c| n.on_timer(&TimerKey::Rexmt(G), c));
    let named: Vec<Vec<Ipv4Addr>> = h
        .sent
        .iter()
        .filter_map(|(m, _, _)| match m {
            IgmpMessage::Query { sources, .. } if !sources.is_empty() => Some(sources.clone()),
            _ => None,
        })
        .collect();
    assert!(
        named.iter().all(|s| !s.contains(&s2())),
        "the deleted source is not queried again: {named:?}"
    );
}

fn s2() -> Ipv4Addr {
    s(2)
}

#[test]
fn odd_but_legal_timers_are_warned_about_by_field() {
    let mut sc = crate::sim::builtin::get("v2-join").expect("built-in");
    assert!(sc.warnings().is_empty(), "{:?}", sc.warnings());
    sc.timers.query_response_interval = sc.timers.query_interval;
    sc.timers.robustness = 1;
    let w = sc.warnings();
    let fields: Vec<&str> = w.iter().map(|x| x.field.as_str()).collect();
    assert_eq!(
        fields,
        ["timers.query_response_interval", "timers.robustness"]
    );
    assert!(w
        .iter()
        .all(|x| !x.message.ja.is_empty() && x.message.en.contains("RFC 3376 §8")));
    assert!(sc.validate().is_ok(), "legal: the scenario still runs");
}

/// The editor a teacher uses (#28): what the scenario cannot mean is refused, by field, in both
/// languages.
#[test]
fn scenarios_refuse_non_groups_router_joins_late_actions_and_shared_addresses() {
    use super::scenario::Action;
    let mut s = crate::sim::builtin::get("v2-join").expect("built-in");
    assert!(s.validate().is_ok());
    let host = s
        .nodes
        .iter()
        .find(|n| n.kind == super::scenario::NodeKind::Host)
        .map(|n| n.name.clone())
        .expect("a host");
    let router = s
        .nodes
        .iter()
        .find(|n| n.kind == super::scenario::NodeKind::Router)
        .map(|n| n.name.clone())
        .expect("a router");
    let join = |node: &str, g: [u8; 4], t: f64| Action {
        t,
        node: node.into(),
        kind: ActionKind::Join {
            group: Ipv4Addr::from(g),
            mode: None,
            sources: vec![],
            socket: 0,
        },
    };
    s.actions.push(join(&host, [244, 10, 10, 10], 1.0));
    s.actions.push(join(&host, [10, 0, 0, 1], 1.0));
    s.actions.push(join(&router, [239, 1, 1, 1], 1.0));
    s.actions.push(join(&host, [239, 1, 1, 1], s.until + 1.0));
    let dup = s.nodes[0].address;
    s.nodes[1].address = dup;
    let n = s.actions.len();
    let problems = s.validate().expect_err("refused");
    let fields: Vec<&str> = problems.iter().map(|p| p.field.as_str()).collect();
    let at = |k: usize| format!("actions[{k}]");
    assert!(
        fields.contains(&format!("{}.group", at(n - 4)).as_str()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&format!("{}.group", at(n - 3)).as_str()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&format!("{}.node", at(n - 2)).as_str()),
        "{fields:?}"
    );
    assert!(
        fields.contains(&format!("{}.t", at(n - 1)).as_str()),
        "{fields:?}"
    );
    assert!(fields.contains(&"nodes[1].address"), "{fields:?}");
    assert!(problems
        .iter()
        .all(|p| !p.message.en.is_empty() && !p.message.ja.is_empty()));
}
