//! The IGMPv3 router (RFC 3376 §6.2–§6.6, §7.3): filter modes, group and source timers, the
//! rows of §6.4.1/§6.4.2, specific queries with the S flag, group compatibility mode.

use crate::sorted_map::SortedMap;
use std::net::{IpAddr, Ipv4Addr};

use super::{Role, Router, Set, V3Group};
use crate::engine::v2::{step, V2Event};
use crate::engine::v3::{self, GroupExpiry, Record, SourceExpiry};
use crate::engine::{self, FilterMode, RecordType};
use crate::sim::narration::{Cause, State};
use crate::sim::{Ctx, Ms, TimerKey};

impl Router {
    pub(super) fn older_host_expired(&mut self, g: Ipv4Addr, v: u8, ctx: &mut Ctx) {
        if self.version == 3 {
            let mode = self.compat(g, ctx);
            // The mode is the lowest version still heard (RFC 3376 §7.3.2): when an older
            // timer (v1) is still running, the v2 timer's expiry changes nothing to report.
            if mode < v {
                return;
            }
            let cause = Cause::OlderHostGone {
                group: g,
                version: v,
                mode,
            };
            ctx.transition(
                g,
                None,
                &State::Compat(v),
                &State::Compat(mode),
                &cause,
                vec![],
            );
            return;
        }
        if let Some(entry) = self.v2.get_mut(&g) {
            if let Some((next, _)) = step(entry.state, V2Event::V1HostTimerExpired, true) {
                let before = entry.state;
                entry.state = next;
                let cause = Cause::V1HostGone { group: g };
                ctx.transition(
                    g,
                    None,
                    &State::V2(before),
                    &State::V2(next),
                    &cause,
                    vec![],
                );
            }
        }
    }

    // ----- IGMPv3 (RFC 3376 §6) -------------------------------------------------------------

    /// RFC 3376 §7.3.2 group compatibility mode, from the Older Host Present timers.
    pub(super) fn compat(&self, g: Ipv4Addr, ctx: &Ctx) -> u8 {
        v3::compat_mode(
            ctx.get(&TimerKey::OlderHost(g, 1)).is_some(),
            ctx.get(&TimerKey::OlderHost(g, 2)).is_some(),
            3,
        )
    }

    /// The group record as a state of the trace: INCLUDE (the running sources) or EXCLUDE (X,
    /// Y).
    pub(super) fn describe3(&self, g: Ipv4Addr, ctx: &Ctx) -> State {
        let Some(e) = self.v3.get(&g) else {
            return deleted();
        };
        let (x, y): (Vec<Ipv4Addr>, Vec<Ipv4Addr>) = e
            .sources
            .iter()
            .partition(|s| ctx.get(&TimerKey::Source(g, **s)).is_some());
        State::Record {
            mode: e.mode,
            x,
            y: if e.mode == FilterMode::Exclude {
                y
            } else {
                vec![]
            },
        }
    }

    /// One group record heard (RFC 3376 §6.4), through the shared engine: §7.3.2's
    /// translation, then the row of §6.4.1/§6.4.2; a querier then sends what the row owes.
    pub(super) fn v3_record(
        &mut self,
        g: Ipv4Addr,
        rtype: RecordType,
        b: Set,
        src: Ipv4Addr,
        ctx: &mut Ctx,
    ) {
        if !g.is_multicast() {
            return;
        }
        let compat = self.compat(g, ctx);
        let Some((rtype, b)) = v3::translate(compat, rtype, &ip(&b)) else {
            return;
        };
        if matches!(rtype, RecordType::Unknown(_)) {
            return; // unknown record types are ignored (RFC 3376 §4.2.12)
        }
        self.known.insert(g);
        let before = self.describe3(g, ctx);
        let gmi = self.cfg(ctx).gmi();
        let entry = self.v3.entry(g).or_insert(V3Group {
            mode: FilterMode::Include,
            sources: Set::new(),
            group_queries_left: 0,
            source_queries_left: SortedMap::new(),
        });
        let Some(tr) = v3::apply(&mut SimRecord { g, entry, ctx }, rtype, &b, gmi) else {
            return;
        };
        let after = self.describe3(g, ctx);
        let cause = Cause::Record {
            from: src,
            group: g,
            record: rtype,
            sources: v4(&b).into_iter().collect(),
            row: tr.row,
        };
        ctx.transition(g, None, &before, &after, &cause, vec![TimerKey::Group(g)]);
        if self.role == Role::Querier {
            self.send_q_sources(g, v4(&tr.query_sources), ctx);
            if tr.query_group {
                self.send_q_group(g, ctx);
            }
        }
        if tr.to == FilterMode::Include
            && self.v3.get(&g).is_some_and(|e| e.sources.is_empty())
            && ctx.get(&TimerKey::Rexmt(g)).is_none()
        {
            self.v3.remove(&g);
        }
    }

    /// "Send Q(G)" (RFC 3376 §6.6.3.1): "the group timer must be lowered to LMQT. The router
    /// must then immediately send a group specific query as well as schedule [Last Member Query
    /// Count − 1] query retransmissions". Every Send Q(G) sends at once, also while an earlier
    /// series is running (a retransmitted TO_IN gets its own query, as the Linux bridge and FRR
    /// send); the series restarts with LMQC − 1 retransmissions. They ride on the group's
    /// retransmission timer, which is started LMQI from now if it is not already running.
    pub(super) fn send_q_group(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let lmqt = self.cfg(ctx).lmqt();
        let lmqc = self.cfg(ctx).lmqc();
        let Some(entry) = self.v3.get_mut(&g) else {
            return;
        };
        v3::send_q_group(&mut SimRecord { g, entry, ctx }, lmqt);
        entry.group_queries_left = lmqc;
        self.send_pending(g, true, Sources::None, ctx);
        self.schedule_retransmission(g, ctx);
    }

    /// "Send Q(G,X)" (RFC 3376 §6.6.3.2): sources of X whose timer exceeds LMQT get LMQC
    /// retransmissions and their timer lowered to LMQT; the router "must then immediately send
    /// a group and source specific query" for the sources with retransmissions left (those
    /// just added and those of a series still running), and schedule the rest.
    pub(super) fn send_q_sources(&mut self, g: Ipv4Addr, xs: Set, ctx: &mut Ctx) {
        if xs.is_empty() {
            return;
        }
        let lmqt = self.cfg(ctx).lmqt();
        let lmqc = self.cfg(ctx).lmqc();
        let Some(entry) = self.v3.get_mut(&g) else {
            return;
        };
        let armed = v4(&v3::send_q_sources(
            &mut SimRecord { g, entry, ctx },
            &ip(&xs),
            lmqt,
        ));
        for s in &armed {
            entry.source_queries_left.insert(*s, lmqc);
        }
        let pending = self
            .v3
            .get(&g)
            .is_some_and(|e| xs.iter().any(|s| e.source_queries_left.contains_key(s)));
        if pending {
            // The immediate query names every source with retransmission state; only the
            // sources armed now count it against their LMQC (a series already running keeps
            // its scheduled retransmissions).
            self.send_pending(g, false, Sources::CountOnly(&armed), ctx);
            self.schedule_retransmission(g, ctx);
        }
    }

    /// The retransmission timer fired: one round of every pending specific query for `g`.
    pub(super) fn v3_retransmit(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        if self.role != Role::Querier {
            return;
        }
        self.send_pending(g, true, Sources::CountAll, ctx);
        let lmqi = self.cfg(ctx).lmqi();
        if self.v3.get(&g).is_some_and(has_pending) {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }

    /// Starts the retransmission timer LMQI from now, unless it already runs.
    pub(super) fn schedule_retransmission(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let lmqi = self.cfg(ctx).lmqi();
        if self.v3.get(&g).is_some_and(has_pending) && ctx.get(&TimerKey::Rexmt(g)).is_none() {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }

    /// Sends one round of the pending group query (if `group`, counted down) and of the pending
    /// source queries as `sources` says: every source with retransmission state is named, and
    /// the counted ones lose one retransmission. The S flag is set on a GSQ when the group timer
    /// is above LMQT (a report re-raised it); sources are split into an S=1 query (timer >
    /// LMQT) and an S=0 query (§6.6.3.2).
    pub(super) fn send_pending(
        &mut self,
        g: Ipv4Addr,
        group: bool,
        sources: Sources,
        ctx: &mut Ctx,
    ) {
        let cfg = self.cfg(ctx);
        let (lmqt, lmqi) = (cfg.lmqt(), cfg.lmqi());
        let Some(e) = self.v3.get(&g) else {
            return;
        };
        let mut sends = Vec::new();
        let mut group_left = e.group_queries_left;
        if group && group_left > 0 {
            group_left = group_left.saturating_sub(1);
            let s = v3::suppress(ctx.left(&TimerKey::Group(g)), lmqt);
            sends.push(self.query(g, lmqi, s, vec![], &cfg));
        }
        let mut suppressed = Vec::new();
        let mut normal = Vec::new();
        let mut left = e.source_queries_left.clone();
        if !matches!(sources, Sources::None) {
            for (s, n) in left.iter_mut() {
                if *n == 0 {
                    continue;
                }
                let counted = match sources {
                    Sources::CountAll => true,
                    Sources::CountOnly(set) => set.contains(s),
                    Sources::None => false,
                };
                if counted {
                    *n = n.saturating_sub(1);
                }
                if v3::suppress(ctx.left(&TimerKey::Source(g, *s)), lmqt) {
                    suppressed.push(*s);
                } else {
                    normal.push(*s);
                }
            }
            left.retain(|_, n| *n > 0);
        }
        if !suppressed.is_empty() {
            sends.push(self.query(g, lmqi, true, suppressed, &cfg));
        }
        if !normal.is_empty() {
            sends.push(self.query(g, lmqi, false, normal, &cfg));
        }
        if let Some(e) = self.v3.get_mut(&g) {
            e.group_queries_left = group_left;
            e.source_queries_left = left;
        }
        for q in sends {
            self.send(ctx, q);
        }
    }

    /// A non-querier hearing a v3 specific query with S = 0 lowers its timers (§6.6.1).
    pub(super) fn heard_v3_query(&mut self, g: Ipv4Addr, sources: &[Ipv4Addr], ctx: &mut Ctx) {
        let lmqt = self.cfg(ctx).lmqt();
        let Some(entry) = self.v3.get_mut(&g) else {
            return;
        };
        let sources: Vec<IpAddr> = sources.iter().map(|s| IpAddr::V4(*s)).collect();
        v3::lower_on_query(&mut SimRecord { g, entry, ctx }, &sources, lmqt);
    }

    /// RFC 3376 §6.5: the group timer expires in EXCLUDE mode: delete the group if no source
    /// timer runs, else switch to INCLUDE with the running sources.
    pub(super) fn v3_group_timer(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let before = self.describe3(g, ctx);
        let Some(entry) = self.v3.get_mut(&g) else {
            return;
        };
        match v3::group_timer_expired(&mut SimRecord { g, entry, ctx }) {
            GroupExpiry::Nothing => {}
            GroupExpiry::Deleted => {
                self.v3.remove(&g);
                ctx.cancel(&TimerKey::Rexmt(g));
                let cause = Cause::RecordDeleted { group: g };
                ctx.transition(g, None, &before, &deleted(), &cause, vec![]);
            }
            GroupExpiry::ToInclude(_) => {
                let after = self.describe3(g, ctx);
                let cause = Cause::BackToInclude { group: g };
                ctx.transition(g, None, &before, &after, &cause, vec![]);
            }
        }
    }

    /// RFC 3376 §6.2.3: a source timer expires: in INCLUDE mode the source is deleted (and the
    /// group with its last source); in EXCLUDE mode it stops being forwarded but is kept.
    pub(super) fn source_timer(&mut self, g: Ipv4Addr, s: Ipv4Addr, ctx: &mut Ctx) {
        let Some(entry) = self.v3.get_mut(&g) else {
            return;
        };
        match v3::source_timer_expired(&mut SimRecord { g, entry, ctx }, IpAddr::V4(s)) {
            SourceExpiry::Deleted { group_empty } => {
                if group_empty {
                    self.v3.remove(&g);
                    ctx.cancel(&TimerKey::Rexmt(g));
                }
                let after = self.describe3(g, ctx);
                let cause = Cause::SourceExpired {
                    group: g,
                    source: s,
                    group_empty,
                };
                ctx.transition(g, Some(s), &State::Forwarding, &after, &cause, vec![]);
            }
            SourceExpiry::Blocked => {
                let after = self.describe3(g, ctx);
                let cause = Cause::SourceBlocked {
                    group: g,
                    source: s,
                };
                ctx.transition(g, Some(s), &State::Forwarding, &after, &cause, vec![]);
            }
        }
    }
}

/// A deleted group record: INCLUDE {} (RFC 3376 §6.2.1, nothing forwarded).
fn deleted() -> State {
    State::Record {
        mode: FilterMode::Include,
        x: vec![],
        y: vec![],
    }
}

/// A group record of this router as the shared engine sees it: the mode and source list here,
/// the timers in the node's timers (a source without a running timer is EXCLUDE's Y).
struct SimRecord<'e, 'c, 'x> {
    g: Ipv4Addr,
    entry: &'e mut V3Group,
    ctx: &'c mut Ctx<'x>,
}

impl Record<Ms> for SimRecord<'_, '_, '_> {
    fn mode(&self) -> FilterMode {
        self.entry.mode
    }
    fn set_mode(&mut self, mode: FilterMode) {
        self.entry.mode = mode;
    }
    fn sources(&self) -> engine::Set {
        ip(&self.entry.sources)
    }
    fn source_left(&self, s: IpAddr) -> Ms {
        match s {
            IpAddr::V4(s) => self.ctx.left(&TimerKey::Source(self.g, s)),
            IpAddr::V6(_) => 0,
        }
    }
    fn set_source(&mut self, s: IpAddr, left: Ms) {
        let IpAddr::V4(s) = s else { return };
        self.entry.sources.insert(s);
        if left == 0 {
            self.ctx.cancel(&TimerKey::Source(self.g, s));
        } else {
            self.ctx.set_in(TimerKey::Source(self.g, s), left);
        }
    }
    /// A deleted source also leaves the pending group-and-source queries (RFC 3376 §6.6.3.2:
    /// only "sources with retransmission state" are queried, and a deleted record has none).
    fn delete_source(&mut self, s: IpAddr) {
        let IpAddr::V4(s) = s else { return };
        self.entry.sources.remove(&s);
        self.entry.source_queries_left.remove(&s);
        self.ctx.cancel(&TimerKey::Source(self.g, s));
    }
    fn group_left(&self) -> Ms {
        self.ctx.left(&TimerKey::Group(self.g))
    }
    fn set_group(&mut self, left: Ms) {
        if left == 0 {
            self.ctx.cancel(&TimerKey::Group(self.g));
        } else {
            self.ctx.set_in(TimerKey::Group(self.g), left);
        }
    }
}

/// The engine speaks addresses of either family (its rules serve IGMP and MLD alike); this
/// router's are IPv4's.
fn ip(set: &Set) -> engine::Set {
    set.iter().map(|s| IpAddr::V4(*s)).collect()
}

/// The IPv4 addresses of an engine set (it holds no others here).
fn v4(set: &engine::Set) -> Set {
    set.iter()
        .filter_map(|a| match *a {
            IpAddr::V4(a) => Some(a),
            IpAddr::V6(_) => None,
        })
        .collect()
}

/// Whether a group has specific queries left to retransmit.
pub(super) fn has_pending(e: &V3Group) -> bool {
    e.group_queries_left > 0 || e.source_queries_left.values().any(|n| *n > 0)
}

/// Which pending source queries a round of [`Router::send_pending`] sends and counts down.
pub(super) enum Sources<'a> {
    /// None: a group-specific query only.
    None,
    /// All of them, each counted down (a scheduled retransmission).
    CountAll,
    /// All of them, only these counted down (an immediate query for a Send Q(G,X)).
    CountOnly(&'a Set),
}
