//! The host side: IGMPv1 (RFC 1112 App. I), IGMPv2 (RFC 2236 §6) and IGMPv3 (RFC 3376 §3, §5,
//! §7.2) on one interface.

use crate::sorted_map::SortedMap;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use super::narration::{Cause, LeaveHow, State};
use super::scenario::{ActionKind, FilterMode};
use super::{Ctx, Received, Send, TimerKey};
use crate::codec::spec::{IgmpSpec, RecordSpec, ALL_ROUTERS, ALL_SYSTEMS};
use crate::codec::{IgmpMessage, QueryVersion, RecordType};

/// RFC 2236 §6 host states.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HostState {
    NonMember,
    DelayingMember,
    IdleMember,
}

impl HostState {
    pub fn name(self) -> &'static str {
        match self {
            HostState::NonMember => "NonMember",
            HostState::DelayingMember => "DelayingMember",
            HostState::IdleMember => "IdleMember",
        }
    }
}

#[derive(Clone, Debug)]
struct Membership {
    state: HostState,
    /// RFC 2236 §6: "a flag ... set if this host was the last to send a report".
    last_reporter: bool,
}

/// An interface filter state (RFC 3376 §3.2).
pub type FilterState = (FilterMode, BTreeSet<Ipv4Addr>);

#[derive(Clone, Debug, Default)]
struct Pending {
    mode_changes: u32,
    sources: SortedMap<Ipv4Addr, u32>,
}

/// RFC 1112 App. I: "a random delay ... between 0 and D seconds", D = 10 s in the RFC and Linux.
const V1_REPORT_DELAY_MS: Ms = 10_000;

pub struct Host {
    addr: Ipv4Addr,
    version: u8,
    ssm_aware: bool,
    /// Pack the pending state-change records of every group into one report when a
    /// retransmission is due, as Linux does (one interface timer for all state changes).
    pack_reports: bool,
    /// v1/v2 state machine per group (also used by a v3 host in compatibility mode).
    groups: SortedMap<Ipv4Addr, Membership>,
    /// v3: per-socket requests (RFC 3376 §3.1).
    sockets: SortedMap<(Ipv4Addr, u32), FilterState>,
    /// v3: the merged interface state per group (RFC 3376 §3.2). Absent = INCLUDE {}.
    iface: SortedMap<Ipv4Addr, FilterState>,
    pending: SortedMap<Ipv4Addr, Pending>,
    /// v3: sources recorded from group-and-source-specific queries (RFC 3376 §5.2).
    recorded: SortedMap<Ipv4Addr, BTreeSet<Ipv4Addr>>,
    mode: u8,
}

pub fn describe(state: &FilterState) -> String {
    filter_state(state).name()
}

/// A host's filter as a state of the trace.
fn filter_state(state: &FilterState) -> State {
    State::HostFilter(state.0, state.1.iter().copied().collect())
}

/// RFC 3376 §3.2: merge socket states into the interface state.
/// "If any such record has a filter mode of EXCLUDE, then the filter mode of the interface
/// record is EXCLUDE, and the source list of the interface record is the intersection of the
/// source lists of all socket records in EXCLUDE mode, minus those source addresses that appear
/// in any socket record in INCLUDE mode." Otherwise INCLUDE with the union.
pub fn merge<'a>(sockets: impl Iterator<Item = &'a FilterState> + Clone) -> FilterState {
    let excl: Vec<&BTreeSet<Ipv4Addr>> = sockets
        .clone()
        .filter(|s| s.0 == FilterMode::Exclude)
        .map(|s| &s.1)
        .collect();
    let incl: BTreeSet<Ipv4Addr> = sockets
        .filter(|s| s.0 == FilterMode::Include)
        .flat_map(|s| s.1.iter().copied())
        .collect();
    match excl.split_first() {
        Some((first, rest)) => {
            let mut inter: BTreeSet<Ipv4Addr> = (*first).clone();
            for s in rest {
                inter = inter.intersection(s).copied().collect();
            }
            (
                FilterMode::Exclude,
                inter.difference(&incl).copied().collect(),
            )
        }
        None => (FilterMode::Include, incl),
    }
}

/// RFC 3376 §5.1: the records that report a change from `old` to `new`:
/// IN(A)→IN(B): ALLOW(B−A), BLOCK(A−B); EX(A)→EX(B): ALLOW(A−B), BLOCK(B−A);
/// IN(A)→EX(B): TO_EX(B); EX(A)→IN(B): TO_IN(B). Empty ALLOW/BLOCK are omitted.
pub fn change_records(old: &FilterState, new: &FilterState) -> Vec<(u8, Vec<Ipv4Addr>)> {
    let diff = |a: &BTreeSet<Ipv4Addr>, b: &BTreeSet<Ipv4Addr>| {
        a.difference(b).copied().collect::<Vec<_>>()
    };
    let mut out = Vec::new();
    match (old.0, new.0) {
        (FilterMode::Include, FilterMode::Include) => {
            out.push((5, diff(&new.1, &old.1)));
            out.push((6, diff(&old.1, &new.1)));
        }
        (FilterMode::Exclude, FilterMode::Exclude) => {
            out.push((5, diff(&old.1, &new.1)));
            out.push((6, diff(&new.1, &old.1)));
        }
        (FilterMode::Include, FilterMode::Exclude) => {
            return vec![(4, new.1.iter().copied().collect())]
        }
        (FilterMode::Exclude, FilterMode::Include) => {
            return vec![(3, new.1.iter().copied().collect())]
        }
    }
    out.into_iter().filter(|(_, s)| !s.is_empty()).collect()
}

fn include_none() -> FilterState {
    (FilterMode::Include, BTreeSet::new())
}

impl Host {
    /// Sends an IGMP message from this node's address (the destination the RFCs give).
    fn send(&self, ctx: &mut Ctx, igmp: IgmpSpec) {
        ctx.send(Send::Igmp {
            src: self.addr,
            igmp,
            dst: None,
        });
    }

    pub fn new(addr: Ipv4Addr, version: u8, ssm_aware: bool) -> Host {
        let version = version.clamp(1, 3);
        Host {
            addr,
            version,
            ssm_aware,
            pack_reports: false,
            groups: SortedMap::new(),
            sockets: SortedMap::new(),
            iface: SortedMap::new(),
            pending: SortedMap::new(),
            recorded: SortedMap::new(),
            mode: version,
        }
    }

    /// Packs pending state-change records of all groups into one report (see `pack_reports`).
    pub fn with_packed_reports(mut self, pack: bool) -> Host {
        self.pack_reports = pack;
        self
    }

    /// The protocol the host speaks now: its version, lowered by older queriers heard
    /// (RFC 3376 §7.2.1 host compatibility mode).
    fn current_mode(&self, ctx: &Ctx) -> u8 {
        if self.version < 3 {
            return self.version;
        }
        if ctx.get(&TimerKey::OlderQuerierPresent(1)).is_some() {
            1
        } else if ctx.get(&TimerKey::OlderQuerierPresent(2)).is_some() {
            2
        } else {
            3
        }
    }

    /// Re-evaluates the compatibility mode; on a change, cancels every pending response and
    /// retransmission timer (RFC 3376 §7.2.1).
    fn update_mode(&mut self, ctx: &mut Ctx) {
        let m = self.current_mode(ctx);
        if m == self.mode {
            return;
        }
        let old = self.mode;
        self.mode = m;
        let keys: Vec<TimerKey> = ctx
            .timers
            .keys()
            .filter(|k| {
                matches!(
                    k,
                    TimerKey::Report(_)
                        | TimerKey::GeneralResponse
                        | TimerKey::GroupResponse(_)
                        | TimerKey::Retransmit(_)
                )
            })
            .cloned()
            .collect();
        for k in keys {
            ctx.cancel(&k);
        }
        self.pending.clear();
        self.recorded.clear();
        for m in self.groups.values_mut() {
            if m.state == HostState::DelayingMember {
                m.state = HostState::IdleMember;
            }
        }
        ctx.transition(
            ALL_SYSTEMS,
            None,
            &State::HostMode(old),
            &State::HostMode(m),
            &Cause::HostModeChanged { mode: m },
            vec![
                TimerKey::OlderQuerierPresent(1),
                TimerKey::OlderQuerierPresent(2),
            ],
        );
    }

    pub fn restart(&mut self, _ctx: &mut Ctx) {
        self.groups.clear();
        self.sockets.clear();
        self.iface.clear();
        self.pending.clear();
        self.recorded.clear();
        self.mode = self.version;
    }

    pub fn action(&mut self, kind: &ActionKind, ctx: &mut Ctx) {
        self.update_mode(ctx);
        match kind {
            ActionKind::Join {
                group,
                mode,
                sources,
                socket,
            } => {
                let state = match (mode, sources.is_empty()) {
                    (Some(FilterMode::Include), _) => {
                        (FilterMode::Include, sources.iter().copied().collect())
                    }
                    (Some(FilterMode::Exclude), _) | (None, true) => {
                        (FilterMode::Exclude, sources.iter().copied().collect())
                    }
                    (None, false) => (FilterMode::Include, sources.iter().copied().collect()),
                };
                self.set_socket(*group, *socket, state, ctx);
            }
            ActionKind::Leave { group, socket } => {
                self.set_socket(*group, *socket, include_none(), ctx)
            }
            ActionKind::SendData { group } => ctx.send(Send::Data {
                src: self.addr,
                group: *group,
            }),
            _ => {}
        }
    }

    fn set_socket(&mut self, group: Ipv4Addr, socket: u32, state: FilterState, ctx: &mut Ctx) {
        // RFC 2236 §6 / RFC 3376 §5: no report is ever sent for 224.0.0.1.
        if group == ALL_SYSTEMS || !group.is_multicast() {
            return;
        }
        if state == include_none() {
            self.sockets.remove(&(group, socket));
        } else {
            self.sockets.insert((group, socket), state);
        }
        let old = self.iface.get(&group).cloned().unwrap_or_else(include_none);
        let new = merge(
            self.sockets
                .range((group, 0)..=(group, u32::MAX))
                .map(|(_, v)| v),
        );
        if new == old {
            return;
        }
        if new == include_none() {
            self.iface.remove(&group);
        } else {
            self.iface.insert(group, new.clone());
        }
        let member_before = old != include_none();
        let member_after = new != include_none();
        if self.mode < 3 {
            if !member_before && member_after {
                self.v2_join(group, ctx);
            } else if member_before && !member_after {
                self.v2_leave(group, ctx);
            }
            return;
        }
        let (from, to) = (filter_state(&old), filter_state(&new));
        let cause = Cause::FilterChanged {
            old: from.name(),
            new: to.name(),
        };
        ctx.transition(group, None, &from, &to, &cause, vec![]);
        // Keep the v1/v2 table in step, for a later fall-back to compatibility mode.
        if member_after {
            self.groups.entry(group).or_insert(Membership {
                state: HostState::IdleMember,
                last_reporter: false,
            });
        } else {
            self.groups.remove(&group);
        }
        // Retransmission state (RFC 3376 §5.1): a filter-mode change resets the group's
        // counter; source-list changes set a counter per source.
        let rv = ctx.cfg.rv();
        let p = self.pending.entry(group).or_default();
        if old.0 != new.0 {
            p.mode_changes = rv;
            p.sources.clear();
        } else {
            for (_, sources) in change_records(&old, &new) {
                for s in sources {
                    p.sources.insert(s, rv);
                }
            }
        }
        self.send_state_change(group, ctx);
    }

    /// Sends the current state-change report for `group` and schedules the next retransmission.
    /// With `pack_reports`, the pending records of every other group go into the same report,
    /// and all of them share the next retransmission time.
    fn send_state_change(&mut self, group: Ipv4Addr, ctx: &mut Ctx) {
        let groups: Vec<Ipv4Addr> = if self.pack_reports {
            // `group` first, the others in the map's order (the keys are unique).
            let mut all: Vec<Ipv4Addr> = self.pending.keys().copied().collect();
            if let Some(at) = all.iter().position(|g| *g == group) {
                if let Some(head) = all.get_mut(..=at) {
                    head.rotate_right(1);
                }
            }
            all
        } else {
            vec![group]
        };
        let mut records = Vec::new();
        let mut again = Vec::new();
        for g in groups {
            let (mut r, more) = self.state_change_records(g);
            records.append(&mut r);
            if more {
                again.push(g);
            } else {
                ctx.cancel(&TimerKey::Retransmit(g));
            }
        }
        for report in pack_records(records) {
            self.send(ctx, IgmpSpec::v3_report(report));
        }
        if !again.is_empty() {
            // "retransmitted [Robustness Variable] – 1 more times, at intervals chosen at random
            // from the range (0, [Unsolicited Report Interval])" (RFC 3376 §5.1)
            let d = ctx.rng.up_to(ctx.cfg.uri(3));
            for g in again {
                ctx.set_in(TimerKey::Retransmit(g), d);
            }
        }
    }

    /// The next state-change records of `group` (RFC 3376 §5.1), counting its retransmissions
    /// down; true when more remain.
    fn state_change_records(&mut self, group: Ipv4Addr) -> (Vec<RecordSpec>, bool) {
        let current = self.iface.get(&group).cloned().unwrap_or_else(include_none);
        let Some(p) = self.pending.get_mut(&group) else {
            return (vec![], false);
        };
        let mut records = Vec::new();
        if p.mode_changes > 0 {
            p.mode_changes = p.mode_changes.saturating_sub(1);
            let t = if current.0 == FilterMode::Include {
                RecordType::ToIn
            } else {
                RecordType::ToEx
            };
            records.push(RecordSpec::new(
                t.code(),
                group,
                current.1.iter().copied().collect(),
            ));
        } else {
            let wanted = |s: &Ipv4Addr| match current.0 {
                FilterMode::Include => current.1.contains(s),
                FilterMode::Exclude => !current.1.contains(s),
            };
            let allow: Vec<Ipv4Addr> = p.sources.keys().filter(|s| wanted(s)).copied().collect();
            let block: Vec<Ipv4Addr> = p.sources.keys().filter(|s| !wanted(s)).copied().collect();
            for c in p.sources.values_mut() {
                *c = c.saturating_sub(1);
            }
            p.sources.retain(|_, c| *c > 0);
            if !allow.is_empty() {
                records.push(RecordSpec::new(RecordType::Allow.code(), group, allow));
            }
            if !block.is_empty() {
                records.push(RecordSpec::new(RecordType::Block.code(), group, block));
            }
        }
        let more = p.mode_changes > 0 || !p.sources.is_empty();
        if !more {
            self.pending.remove(&group);
        }
        (records, more)
    }

    // ----- IGMPv1 / IGMPv2 ---------------------------------------------------------------

    fn report_type(&self, ctx: &Ctx) -> u8 {
        if self.mode == 1 || ctx.get(&TimerKey::V1RouterPresent).is_some() {
            0x12
        } else {
            0x16
        }
    }

    fn v2_join(&mut self, group: Ipv4Addr, ctx: &mut Ctx) {
        let t = self.report_type(ctx);
        self.send(ctx, IgmpSpec::basic(t, 0, group));
        let d = ctx.rng.up_to(ctx.cfg.uri(2));
        ctx.set_in(TimerKey::Report(group), d);
        self.groups.insert(
            group,
            Membership {
                state: HostState::DelayingMember,
                last_reporter: true,
            },
        );
        ctx.transition(
            group,
            None,
            &State::Host(HostState::NonMember),
            &State::Host(HostState::DelayingMember),
            &Cause::Joined { v1: self.mode == 1 },
            vec![TimerKey::Report(group)],
        );
    }

    fn v2_leave(&mut self, group: Ipv4Addr, ctx: &mut Ctx) {
        let Some(m) = self.groups.remove(&group) else {
            return;
        };
        ctx.cancel(&TimerKey::Report(group));
        let v1_router = ctx.get(&TimerKey::V1RouterPresent).is_some();
        let how = if self.mode == 1 {
            LeaveHow::V1Silent
        } else if v1_router {
            LeaveHow::V1RouterPresent
        } else if m.last_reporter {
            self.send(ctx, IgmpSpec::basic(0x17, 0, group));
            LeaveHow::SendsLeave
        } else {
            LeaveHow::NotLastReporter
        };
        ctx.transition(
            group,
            None,
            &State::Host(m.state),
            &State::Host(HostState::NonMember),
            &Cause::Left { how },
            vec![],
        );
    }

    pub fn on_timer(&mut self, key: &TimerKey, ctx: &mut Ctx) {
        match key {
            TimerKey::Report(g) => {
                let g = *g;
                let t = self.report_type(ctx);
                let Some(m) = self.groups.get_mut(&g) else {
                    return;
                };
                ctx.send(Send::Igmp {
                    src: self.addr,
                    igmp: IgmpSpec::basic(t, 0, g),
                    dst: None,
                });
                m.state = HostState::IdleMember;
                m.last_reporter = true;
                // An IGMPv1 report (RFC 1112 App. I) has no last-reporter flag to set.
                let v1 = t == 0x12;
                ctx.transition(
                    g,
                    None,
                    &State::Host(HostState::DelayingMember),
                    &State::Host(HostState::IdleMember),
                    &Cause::ReportTimerExpired { v1 },
                    vec![],
                );
            }
            TimerKey::V1RouterPresent | TimerKey::OlderQuerierPresent(_) => {
                self.update_mode(ctx);
                if *key == TimerKey::V1RouterPresent {
                    ctx.transition(
                        ALL_SYSTEMS,
                        None,
                        &State::V1Router(true),
                        &State::V1Router(false),
                        &Cause::V1RouterGone,
                        vec![],
                    );
                }
            }
            TimerKey::Retransmit(g) => self.send_state_change(*g, ctx),
            TimerKey::GeneralResponse => {
                // RFC 3376 §5.2: one Current-State record for every group with state.
                let records: Vec<RecordSpec> = self
                    .iface
                    .iter()
                    .map(|(g, (mode, list))| {
                        RecordSpec::new(current_state(*mode), *g, list.iter().copied().collect())
                    })
                    .collect();
                // "packed into individual Report messages, to the extent possible" (§5.2).
                for report in pack_records(records) {
                    self.send(ctx, IgmpSpec::v3_report(report));
                }
            }
            TimerKey::GroupResponse(g) => {
                let g = *g;
                let recorded = self.recorded.remove(&g).unwrap_or_default();
                let Some((mode, list)) = self.iface.get(&g).cloned() else {
                    return;
                };
                let rec = if recorded.is_empty() {
                    Some(RecordSpec::new(
                        current_state(mode),
                        g,
                        list.iter().copied().collect(),
                    ))
                } else {
                    // INCLUDE(A): IS_IN(A∗B); EXCLUDE(A): IS_IN(B−A)
                    let srcs: Vec<Ipv4Addr> = match mode {
                        FilterMode::Include => list.intersection(&recorded).copied().collect(),
                        FilterMode::Exclude => recorded.difference(&list).copied().collect(),
                    };
                    (!srcs.is_empty()).then(|| RecordSpec::new(RecordType::IsIn.code(), g, srcs))
                };
                if let Some(r) = rec {
                    self.send(ctx, IgmpSpec::v3_report(vec![r]));
                }
            }
            _ => {}
        }
    }

    pub fn on_message(&mut self, rx: &Received, ctx: &mut Ctx) {
        match &rx.message {
            IgmpMessage::Query {
                version,
                max_resp_tenths,
                group,
                sources,
                ..
            } => {
                // A host receives only datagrams sent to 224.0.0.1 or to groups it has joined
                // (RFC 1112 §6.1, §7.2): a group-specific query for another group, sent to that
                // group, never reaches it (an IGMPv1 host would otherwise take it for a
                // general query).
                if !group.is_unspecified()
                    && rx.dst != Ipv4Addr::new(224, 0, 0, 1)
                    && !self.groups.contains_key(&rx.dst)
                {
                    return;
                }
                if self.mode == 1 {
                    // RFC 1112 App. I: an IGMPv1 host knows one query, "Host Membership Query",
                    // whose group and code fields are unused: every query is a general query,
                    // answered after a random delay up to 10 s. (Linux does the same.) A v3 host
                    // in IGMPv1 compatibility mode acts as a v1 host (RFC 3376 §7.2.1).
                    self.heard_query(*version, *group, ctx);
                    self.v2_query(Ipv4Addr::UNSPECIFIED, V1_REPORT_DELAY_MS, ctx);
                    return;
                }
                if !group.is_unspecified() && !group.is_multicast() {
                    return; // RFC 2236 §6: invalid group field.
                }
                self.heard_query(*version, *group, ctx);
                let max = Ms::from(*max_resp_tenths) * 100;
                match self.mode {
                    1 | 2 => self.v2_query(*group, max, ctx),
                    _ => self.v3_query(rx, *group, sources, max, ctx),
                }
            }
            IgmpMessage::V1Report { group } | IgmpMessage::V2Report { group } => {
                // RFC 2236 §6, RFC 1112: another member's report suppresses ours. IGMPv3 has no
                // suppression (RFC 3376 App. A.2), and SSM-aware hosts must not (RFC 4604 §2.2.1).
                if self.mode == 3 || self.ssm_aware {
                    return;
                }
                let g = *group;
                let Some(m) = self.groups.get_mut(&g) else {
                    return;
                };
                match m.state {
                    HostState::DelayingMember => {
                        ctx.cancel(&TimerKey::Report(g));
                        m.state = HostState::IdleMember;
                        m.last_reporter = false;
                        ctx.transition(
                            g,
                            None,
                            &State::Host(HostState::DelayingMember),
                            &State::Host(HostState::IdleMember),
                            &Cause::HeardReportCancelled {
                                from: rx.src,
                                group: g,
                            },
                            vec![],
                        );
                    }
                    // An IGMPv1 host has no flag to clear and always leaves silently.
                    HostState::IdleMember if m.last_reporter && self.version > 1 => {
                        // The RFC's table ignores a report in Idle Member; Linux clears the flag,
                        // and the corpus (host-v2-join-leave) shows it: so does the simulator.
                        m.last_reporter = false;
                        ctx.transition(
                            g,
                            None,
                            &State::Host(HostState::IdleMember),
                            &State::Host(HostState::IdleMember),
                            &Cause::HeardReportNotLast {
                                from: rx.src,
                                group: g,
                            },
                            vec![],
                        );
                    }
                    _ => {}
                }
            }
            _ => {}
        }
    }

    /// Older-querier bookkeeping for every query heard.
    fn heard_query(&mut self, version: QueryVersion, group: Ipv4Addr, ctx: &mut Ctx) {
        match (self.version, version) {
            (2, QueryVersion::V1) => {
                let fresh = ctx.get(&TimerKey::V1RouterPresent).is_none();
                let d = ctx.cfg.v1_router_present();
                ctx.set_in(TimerKey::V1RouterPresent, d);
                if fresh {
                    ctx.transition(
                        ALL_SYSTEMS,
                        None,
                        &State::V1Router(false),
                        &State::V1Router(true),
                        &Cause::V1QueryHeard,
                        vec![TimerKey::V1RouterPresent],
                    );
                }
            }
            (3, QueryVersion::V1) => {
                let d = ctx.cfg.older_querier_present();
                ctx.set_in(TimerKey::OlderQuerierPresent(1), d);
            }
            // RFC 3376 §7.2.1 (and RFC 9776): only a v2 *general* query sets the v2 timer.
            (3, QueryVersion::V2) if group.is_unspecified() => {
                let d = ctx.cfg.older_querier_present();
                ctx.set_in(TimerKey::OlderQuerierPresent(2), d);
            }
            _ => {}
        }
        self.update_mode(ctx);
    }

    fn v2_query(&mut self, group: Ipv4Addr, max: Ms, ctx: &mut Ctx) {
        let targets: Vec<Ipv4Addr> = self
            .groups
            .keys()
            .copied()
            .filter(|g| group.is_unspecified() || *g == group)
            .collect();
        for g in targets {
            let Some(m) = self.groups.get_mut(&g) else {
                continue;
            };
            match m.state {
                HostState::IdleMember => {
                    let d = ctx.rng.up_to(max);
                    ctx.set_in(TimerKey::Report(g), d);
                    m.state = HostState::DelayingMember;
                    ctx.transition(
                        g,
                        None,
                        &State::Host(HostState::IdleMember),
                        &State::Host(HostState::DelayingMember),
                        &Cause::QueryArrived {
                            group: g,
                            max_ms: max,
                        },
                        vec![TimerKey::Report(g)],
                    );
                }
                // "reset the timer only if the requested Max Response Time is less than the
                // remaining value of the running timer" (RFC 2236 §6); a v1 host ignores it.
                HostState::DelayingMember
                    if self.mode == 2 && max < ctx.left(&TimerKey::Report(g)) =>
                {
                    let d = ctx.rng.up_to(max);
                    ctx.set_in(TimerKey::Report(g), d);
                }
                _ => {}
            }
        }
    }

    /// RFC 3376 §5.2: the five rules, first match wins.
    fn v3_query(
        &mut self,
        rx: &Received,
        group: Ipv4Addr,
        sources: &[Ipv4Addr],
        max: Ms,
        ctx: &mut Ctx,
    ) {
        if !rx.router_alert {
            return; // RFC 3376 §9.1: hosts SHOULD ignore queries without Router Alert.
        }
        if self.iface.is_empty() || (!group.is_unspecified() && !self.iface.contains_key(&group)) {
            return;
        }
        let delay = ctx.rng.up_to(max.saturating_sub(1).max(1));
        let at = ctx.now.saturating_add(delay);
        if ctx.get(&TimerKey::GeneralResponse).is_some_and(|t| t < at) {
            return; // rule 1
        }
        if group.is_unspecified() {
            ctx.set(TimerKey::GeneralResponse, at); // rule 2
            return;
        }
        let key = TimerKey::GroupResponse(group);
        match ctx.get(&key) {
            None => {
                ctx.set(key, at); // rule 3
                if !sources.is_empty() {
                    self.recorded
                        .insert(group, sources.iter().copied().collect());
                }
            }
            Some(pending) => {
                let rec = self.recorded.entry(group).or_default();
                if sources.is_empty() || rec.is_empty() {
                    rec.clear(); // rule 4
                } else {
                    rec.extend(sources.iter().copied()); // rule 5
                }
                ctx.set(key, pending.min(at));
            }
        }
    }

    /// Per-group state for the state panel.
    pub fn snapshot(&self) -> Vec<(String, String)> {
        if self.mode == 3 {
            self.iface
                .iter()
                .map(|(g, s)| (g.to_string(), describe(s)))
                .collect()
        } else {
            self.groups
                .iter()
                .map(|(g, m)| (g.to_string(), m.state.name().to_string()))
                .collect()
        }
    }
}

type Ms = super::Ms;

/// `224.0.0.2`, re-exported for tests.
pub const LEAVE_DESTINATION: Ipv4Addr = ALL_ROUTERS;

/// Splits group records into as few reports as fit an Ethernet MTU: 1500 bytes less the IPv4
/// header with Router Alert (24) and the report header (8) leave 1468 bytes of records, each
/// 8 bytes plus 4 per source (RFC 3376 §4.2, §5.2 "to the extent possible").
pub(super) fn pack_records(records: Vec<RecordSpec>) -> Vec<Vec<RecordSpec>> {
    const ROOM: usize = 1500 - 24 - 8;
    let mut reports: Vec<Vec<RecordSpec>> = Vec::new();
    let mut used = ROOM;
    for r in records {
        let size = r.sources.len().saturating_mul(4).saturating_add(8);
        if used.saturating_add(size) > ROOM || reports.is_empty() {
            reports.push(Vec::new());
            used = 0;
        }
        used = used.saturating_add(size);
        if let Some(last) = reports.last_mut() {
            last.push(r);
        }
    }
    reports
}

/// RFC 3376 §5.2: the Current-State record type that reports a filter mode.
fn current_state(mode: FilterMode) -> u8 {
    match mode {
        FilterMode::Include => RecordType::IsIn,
        FilterMode::Exclude => RecordType::IsEx,
    }
    .code()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn set(v: &[u8]) -> BTreeSet<Ipv4Addr> {
        v.iter().map(|x| Ipv4Addr::new(10, 0, 0, *x)).collect()
    }

    #[test]
    fn merge_example_from_rfc_3376_section_3_2() {
        // s1 INCLUDE{a,b}, s2 EXCLUDE{b,c}, s3 EXCLUDE{c,d} → EXCLUDE{c}
        let s = [
            (FilterMode::Include, set(&[1, 2])),
            (FilterMode::Exclude, set(&[2, 3])),
            (FilterMode::Exclude, set(&[3, 4])),
        ];
        assert_eq!(merge(s.iter()), (FilterMode::Exclude, set(&[3])));
        let mut s4 = s.to_vec();
        s4.push((FilterMode::Exclude, set(&[])));
        assert_eq!(merge(s4.iter()), (FilterMode::Exclude, set(&[])));
        let only_include = [
            (FilterMode::Include, set(&[1])),
            (FilterMode::Include, set(&[2])),
        ];
        assert_eq!(
            merge(only_include.iter()),
            (FilterMode::Include, set(&[1, 2]))
        );
    }

    #[test]
    fn state_change_records_table_of_section_5_1() {
        let inc = |v: &[u8]| (FilterMode::Include, set(v));
        let exc = |v: &[u8]| (FilterMode::Exclude, set(v));
        let ip = |v: &[u8]| {
            v.iter()
                .map(|x| Ipv4Addr::new(10, 0, 0, *x))
                .collect::<Vec<_>>()
        };
        assert_eq!(
            change_records(&inc(&[1, 2]), &inc(&[2, 3])),
            vec![(5, ip(&[3])), (6, ip(&[1]))]
        );
        assert_eq!(
            change_records(&exc(&[1]), &exc(&[1, 2])),
            vec![(6, ip(&[2]))]
        );
        assert_eq!(change_records(&inc(&[]), &exc(&[])), vec![(4, vec![])]);
        assert_eq!(change_records(&exc(&[]), &inc(&[])), vec![(3, vec![])]);
        assert_eq!(change_records(&inc(&[]), &inc(&[1])), vec![(5, ip(&[1]))]);
        assert_eq!(change_records(&inc(&[1]), &inc(&[])), vec![(6, ip(&[1]))]);
    }
}
