//! The IGMPv2 group table of a router (RFC 2236 §3, §7): reports, leaves, group-specific
//! queries and their retransmissions; reports reach the IGMPv3 rules from here too.

use std::net::Ipv4Addr;

use super::{Role, Router, Set, V2Group, V2State};
use crate::engine::v2::{step, V2Event};
use crate::engine::v3::OlderMessage;
use crate::sim::narration::{Cause, ReportEffect, State};
use crate::sim::{Ctx, Ms, TimerKey};

impl Router {
    pub(super) fn v2_state(&self, g: Ipv4Addr) -> V2State {
        self.v2
            .get(&g)
            .map_or(V2State::NoMembersPresent, |x| x.state)
    }

    pub(super) fn report(&mut self, g: Ipv4Addr, version: u8, src: Ipv4Addr, ctx: &mut Ctx) {
        if !g.is_multicast() {
            return;
        }
        self.known.insert(g);
        if self.version == 3 {
            // RFC 3376 §7.3.2: a v1/v2 report sets the group's older-host timer and counts as
            // IS_EX({}).
            let before = self.compat(g, ctx);
            let d = self.cfg(ctx).older_host_present();
            ctx.set_in(TimerKey::OlderHost(g, version), d);
            let after = self.compat(g, ctx);
            if after != before {
                let cause = Cause::OlderHostHeard {
                    from: src,
                    version,
                    group: g,
                    mode: after,
                };
                ctx.transition(
                    g,
                    None,
                    &State::Compat(before),
                    &State::Compat(after),
                    &cause,
                    vec![TimerKey::OlderHost(g, version)],
                );
            }
            self.v3_record(g, OlderMessage::V2Report.equivalent(), Set::new(), src, ctx);
            return;
        }
        let gmi = self.cfg(ctx).gmi();
        let from = self.v2_state(g);
        // A non-querier (and a v1 router) treats v1 and v2 reports alike (RFC 2236 §7).
        let v1 = version == 1 && self.role == Role::Querier && self.version == 2;
        let prev = self.v2.get(&g).map(|x| x.state);
        let event = if v1 {
            V2Event::V1Report
        } else {
            V2Event::V2Report
        };
        let Some((next, act)) = step(
            prev.unwrap_or(V2State::NoMembersPresent),
            event,
            self.role == Role::Querier,
        ) else {
            return;
        };
        if act.start_timer {
            ctx.set_in(TimerKey::Group(g), gmi);
        }
        // A report ends the last-member queries (RFC 2236 §7: Checking Membership → Members
        // Present; the retransmit timer has no action there, see README).
        ctx.cancel(&TimerKey::Rexmt(g));
        if act.start_v1_host_timer {
            ctx.set_in(TimerKey::OlderHost(g, 1), gmi);
        }
        self.v2.insert(
            g,
            V2Group {
                state: next,
                rexmt_left: 0,
            },
        );
        let effect = match prev {
            None => ReportEffect::FirstMember,
            Some(V2State::CheckingMembership) => ReportEffect::Answered,
            Some(_) if act.start_v1_host_timer => ReportEffect::V1Restart,
            Some(_) => ReportEffect::Restart,
        };
        ctx.transition(
            g,
            None,
            &State::V2(from),
            &State::V2(next),
            &Cause::Report {
                from: src,
                group: g,
                effect,
            },
            vec![TimerKey::Group(g), TimerKey::OlderHost(g, 1)],
        );
    }

    pub(super) fn leave(&mut self, g: Ipv4Addr, src: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            // RFC 3376 §7.3.2: a Leave is TO_IN({}) (which v1 mode ignores).
            self.v3_record(g, OlderMessage::Leave.equivalent(), Set::new(), src, ctx);
            return;
        }
        // Non-queriers MUST ignore Leaves; v1 routers do not know them (RFC 2236 §3, §7).
        if self.role != Role::Querier || self.version == 1 {
            return;
        }
        let Some(entry) = self.v2.get(&g).cloned() else {
            return;
        };
        let Some((next, act)) = step(entry.state, V2Event::Leave, true) else {
            if entry.state == V2State::V1MembersPresent {
                let v1 = State::V2(V2State::V1MembersPresent);
                let cause = Cause::LeaveIgnoredV1 { from: src };
                ctx.transition(g, None, &v1, &v1, &cause, vec![]);
            }
            return; // Checking Membership: the queries are already running
        };
        let lmqt = self.cfg(ctx).lmqt();
        let lmqi = self.cfg(ctx).lmqi();
        if act.start_timer_star {
            ctx.set_in(TimerKey::Group(g), lmqt);
        }
        if act.send_group_query {
            let q = self.query(g, lmqi, false, vec![], &self.cfg(ctx));
            self.send(ctx, q);
        }
        // Last Member Query Count queries in all (RFC 2236 §3): this one and the retransmissions.
        let left = self.cfg(ctx).lmqc().saturating_sub(1);
        if act.start_retransmit_timer && left > 0 {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
        self.v2.insert(
            g,
            V2Group {
                state: next,
                rexmt_left: left,
            },
        );
        ctx.transition(
            g,
            None,
            &State::V2(entry.state),
            &State::V2(next),
            &Cause::LeaveChecking {
                from: src,
                group: g,
            },
            vec![TimerKey::Group(g), TimerKey::Rexmt(g)],
        );
    }

    /// A non-querier hearing a v2 group-specific query: "start timer*" lowers its group timer
    /// to the query's Max Resp × Last Member Query Count (RFC 2236 §3, §7).
    pub(super) fn heard_v2_gsq(&mut self, g: Ipv4Addr, max: Ms, ctx: &mut Ctx) {
        let lmqc = Ms::from(self.cfg(ctx).lmqc());
        let Some(entry) = self.v2.get_mut(&g) else {
            return;
        };
        let Some((next, act)) = step(entry.state, V2Event::GroupQueryHeard, false) else {
            return;
        };
        let want = max.saturating_mul(lmqc);
        if act.start_timer_star && ctx.left(&TimerKey::Group(g)) > want {
            ctx.set_in(TimerKey::Group(g), want);
        }
        let before = entry.state;
        entry.state = next;
        ctx.transition(
            g,
            None,
            &State::V2(before),
            &State::V2(next),
            &Cause::HeardGroupQuery { group: g },
            vec![TimerKey::Group(g)],
        );
    }

    pub(super) fn group_timer(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            self.v3_group_timer(g, ctx);
            return;
        }
        let from = self
            .v2
            .get(&g)
            .map_or(V2State::NoMembersPresent, |e| e.state);
        let next = step(from, V2Event::TimerExpired, self.role == Role::Querier)
            .map_or(V2State::NoMembersPresent, |x| x.0);
        self.v2.remove(&g);
        ctx.cancel(&TimerKey::Rexmt(g));
        ctx.cancel(&TimerKey::OlderHost(g, 1));
        ctx.transition(
            g,
            None,
            &State::V2(from),
            &State::V2(next),
            &Cause::GroupExpiredV2 { group: g },
            vec![],
        );
    }

    pub(super) fn retransmit(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            self.v3_retransmit(g, ctx);
            return;
        }
        let lmqi = self.cfg(ctx).lmqi();
        let Some(entry) = self.v2.get_mut(&g) else {
            return;
        };
        // After a report moved the group back to Members Present, the remaining queries are
        // cancelled: the RFC 2236 §7 diagram gives rexmt no action there (see README). A router
        // that is no longer querier sends none (RFC 2236 §3).
        let querier = self.role == Role::Querier;
        if step(entry.state, V2Event::RetransmitTimerExpired, querier).is_none()
            || entry.rexmt_left == 0
        {
            return;
        }
        entry.rexmt_left = entry.rexmt_left.saturating_sub(1);
        let more = entry.rexmt_left > 0;
        let q = self.query(g, lmqi, false, vec![], &self.cfg(ctx));
        self.send(ctx, q);
        if more {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }
}
