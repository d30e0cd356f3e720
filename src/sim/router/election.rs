//! Querier election (RFC 2236 §3, RFC 3376 §6.6.2, RFC 9776).

use std::net::Ipv4Addr;

use super::{Role, Router};
use crate::sim::narration::{Cause, State};
use crate::sim::scenario::Profile;
use crate::sim::{Ctx, TimerKey};

impl Router {
    /// RFC 2236 §3 / RFC 3376 §6.6.2: the lowest address is the querier. Queries from 0.0.0.0
    /// (snooping switches) do not count (RFC 4541 §2.1.1), and RFC 9776 counts general queries
    /// only.
    pub(super) fn election(&mut self, src: Ipv4Addr, group: Ipv4Addr, ctx: &mut Ctx) {
        if src.is_unspecified() || u32::from(src) >= u32::from(self.addr) {
            return;
        }
        if self.cfg(ctx).profile == Profile::Rfc9776 && !group.is_unspecified() {
            return;
        }
        let oqpi = self.cfg(ctx).oqpi();
        ctx.set_in(TimerKey::OtherQuerier, oqpi);
        if self.role == Role::Querier {
            self.role = Role::NonQuerier;
            ctx.cancel(&TimerKey::GeneralQuery);
            self.stop_query_series(ctx);
            ctx.transition(
                Ipv4Addr::UNSPECIFIED,
                None,
                &State::Role(Role::Querier),
                &State::Role(Role::NonQuerier),
                &Cause::LostElection { to: src },
                vec![TimerKey::OtherQuerier],
            );
        }
    }

    /// A router that stops being querier sends no more queries (RFC 2236 §3: it "ceases to
    /// send queries"; RFC 3376 §6.6.2 "ceases to send queries on the network"): the
    /// group-specific and group-and-source-specific series it was sending stop at once.
    fn stop_query_series(&mut self, ctx: &mut Ctx) {
        for (g, e) in self.v2.iter_mut() {
            e.rexmt_left = 0;
            ctx.cancel(&TimerKey::Rexmt(*g));
        }
        for (g, e) in self.v3.iter_mut() {
            e.group_queries_left = 0;
            e.source_queries_left.clear();
            ctx.cancel(&TimerKey::Rexmt(*g));
        }
    }
}
