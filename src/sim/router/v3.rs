//! The IGMPv3 router (RFC 3376 §6.2–§6.6, §7.3): filter modes, group and source timers, the
//! rows of §6.4.1/§6.4.2, specific queries with the S flag, group compatibility mode.

use crate::sorted_map::SortedMap;
use std::net::Ipv4Addr;

use super::{Role, Router, Set, V2State, V3Group};
use crate::sim::scenario::FilterMode;
use crate::sim::{Ctx, TimerKey};

impl Router {
    pub(super) fn older_host_expired(&mut self, g: Ipv4Addr, v: u8, ctx: &mut Ctx) {
        if self.version == 3 {
            let mode = self.compat(g, ctx);
            // The mode is the lowest version still heard (RFC 3376 §7.3.2): when an older
            // timer (v1) is still running, the v2 timer's expiry changes nothing to report.
            if mode < v {
                return;
            }
            ctx.state(g, None, &format!("IGMPv{v} compatibility"), &format!("IGMPv{mode} compatibility"),
                format!("No IGMPv{v} report for {g} for the Older Host Present Interval: the group returns to IGMPv{mode} mode."),
                format!("旧ホスト存在間隔のあいだ {g} の IGMPv{v} レポートがありません: グループは IGMPv{mode} モードに戻ります。"),
                "RFC 3376 §7.3.2", vec![]);
            return;
        }
        if let Some(entry) = self.v2.get_mut(&g) {
            if entry.state == V2State::V1MembersPresent {
                entry.state = V2State::MembersPresent;
                ctx.state(g, None, "V1MembersPresent", "MembersPresent",
                    format!("No IGMPv1 report for {g} for the Group Membership Interval: Leaves count again."),
                    format!("グループメンバーシップ間隔のあいだ {g} の IGMPv1 レポートがありません: リーブメッセージが再び有効になります。"),
                    "RFC 2236 §5, §7", vec![]);
            }
        }
    }

    // ----- IGMPv3 (RFC 3376 §6) -------------------------------------------------------------

    /// RFC 3376 §7.3.2 group compatibility mode.
    pub(super) fn compat(&self, g: Ipv4Addr, ctx: &Ctx) -> u8 {
        if ctx.get(&TimerKey::OlderHost(g, 1)).is_some() {
            1
        } else if ctx.get(&TimerKey::OlderHost(g, 2)).is_some() {
            2
        } else {
            3
        }
    }

    pub(super) fn describe3(&self, g: Ipv4Addr, ctx: &Ctx) -> String {
        let Some(e) = self.v3.get(&g) else {
            return "INCLUDE{}".into();
        };
        let list = |s: &Vec<Ipv4Addr>| {
            s.iter()
                .map(|a| a.to_string())
                .collect::<Vec<_>>()
                .join(",")
        };
        let running: Vec<Ipv4Addr> = e
            .sources
            .iter()
            .copied()
            .filter(|s| ctx.get(&TimerKey::Source(g, *s)).is_some())
            .collect();
        match e.mode {
            FilterMode::Include => format!("INCLUDE{{{}}}", list(&running)),
            FilterMode::Exclude => {
                let y: Vec<Ipv4Addr> = e
                    .sources
                    .iter()
                    .copied()
                    .filter(|s| !running.contains(s))
                    .collect();
                format!("EXCLUDE{{{}}}{{{}}}", list(&running), list(&y))
            }
        }
    }

    pub(super) fn v3_record(
        &mut self,
        g: Ipv4Addr,
        rtype: u8,
        b: Set,
        src: Ipv4Addr,
        ctx: &mut Ctx,
    ) {
        if !g.is_multicast() {
            return;
        }
        // RFC 3376 §7.3.2: in older-version mode some records are ignored or translated.
        let compat = self.compat(g, ctx);
        let (rtype, b) = match (compat, rtype) {
            (1 | 2, 6) => return,
            (1, 3) => return,
            (1 | 2, 4) => (4, Set::new()),
            _ => (rtype, b),
        };
        self.known.insert(g);
        let before = self.describe3(g, ctx);
        let gmi = self.cfg(ctx).gmi();
        let entry = self.v3.entry(g).or_insert(V3Group {
            mode: FilterMode::Include,
            sources: Set::new(),
            group_queries_left: 0,
            source_queries_left: SortedMap::new(),
        });
        let mode = entry.mode;
        let all = entry.sources.clone();
        let x: Set = all
            .iter()
            .copied()
            .filter(|s| ctx.get(&TimerKey::Source(g, *s)).is_some())
            .collect();
        let y: Set = all.difference(&x).copied().collect();
        let a = &all; // INCLUDE(A): every record has a running timer
        let minus = |p: &Set, q: &Set| p.difference(q).copied().collect::<Set>();
        let and = |p: &Set, q: &Set| p.intersection(q).copied().collect::<Set>();
        let plus = |p: &Set, q: &Set| p.union(q).copied().collect::<Set>();
        let gt_now = ctx.left(&TimerKey::Group(g));
        let mut new_mode = mode;
        let mut new_sources = all.clone();
        let mut set_gmi: Set = Set::new();
        let mut set_zero: Set = Set::new();
        let mut set_gt: Set = Set::new();
        let mut gt_gmi = false;
        let mut q_sources: Option<Set> = None;
        let mut q_group = false;
        let row: &str;
        match (mode, rtype) {
            // §6.4.1 Current-State records
            (FilterMode::Include, 1) => {
                row = "INCLUDE(A) + IS_IN(B) → INCLUDE(A+B); (B)=GMI";
                new_sources = plus(a, &b);
                set_gmi = b.clone();
            }
            (FilterMode::Include, 2) => {
                row = "INCLUDE(A) + IS_EX(B) → EXCLUDE(A*B, B-A); (B-A)=0; Delete(A-B); GT=GMI";
                new_mode = FilterMode::Exclude;
                new_sources = plus(&and(a, &b), &minus(&b, a));
                set_zero = minus(&b, a);
                gt_gmi = true;
            }
            (FilterMode::Exclude, 1) => {
                row = "EXCLUDE(X,Y) + IS_IN(A) → EXCLUDE(X+A, Y-A); (A)=GMI";
                new_sources = plus(&all, &b);
                set_gmi = b.clone();
            }
            (FilterMode::Exclude, 2) => {
                row = "EXCLUDE(X,Y) + IS_EX(A) → EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI; Delete(X-A); Delete(Y-A); GT=GMI";
                new_sources = b.clone();
                set_gmi = minus(&minus(&b, &x), &y);
                gt_gmi = true;
            }
            // §6.4.2 State-Change records
            (FilterMode::Include, 5) => {
                row = "INCLUDE(A) + ALLOW(B) → INCLUDE(A+B); (B)=GMI";
                new_sources = plus(a, &b);
                set_gmi = b.clone();
            }
            (FilterMode::Include, 6) => {
                row = "INCLUDE(A) + BLOCK(B) → INCLUDE(A); Send Q(G,A*B)";
                q_sources = Some(and(a, &b));
            }
            (FilterMode::Include, 4) => {
                row = "INCLUDE(A) + TO_EX(B) → EXCLUDE(A*B, B-A); (B-A)=0; Delete(A-B); Send Q(G,A*B); GT=GMI";
                new_mode = FilterMode::Exclude;
                new_sources = plus(&and(a, &b), &minus(&b, a));
                set_zero = minus(&b, a);
                q_sources = Some(and(a, &b));
                gt_gmi = true;
            }
            (FilterMode::Include, 3) => {
                row = "INCLUDE(A) + TO_IN(B) → INCLUDE(A+B); (B)=GMI; Send Q(G,A-B)";
                new_sources = plus(a, &b);
                set_gmi = b.clone();
                q_sources = Some(minus(a, &b));
            }
            (FilterMode::Exclude, 5) => {
                row = "EXCLUDE(X,Y) + ALLOW(A) → EXCLUDE(X+A, Y-A); (A)=GMI";
                new_sources = plus(&all, &b);
                set_gmi = b.clone();
            }
            (FilterMode::Exclude, 6) => {
                row = "EXCLUDE(X,Y) + BLOCK(A) → EXCLUDE(X+(A-Y), Y); (A-X-Y)=GT; Send Q(G,A-Y)";
                new_sources = plus(&all, &b);
                set_gt = minus(&minus(&b, &x), &y);
                q_sources = Some(minus(&b, &y));
            }
            (FilterMode::Exclude, 4) => {
                row = "EXCLUDE(X,Y) + TO_EX(A) → EXCLUDE(A-Y, Y*A); (A-X-Y)=GT; Delete(X-A); Delete(Y-A); Send Q(G,A-Y); GT=GMI";
                new_sources = b.clone();
                set_gt = minus(&minus(&b, &x), &y);
                q_sources = Some(minus(&b, &y));
                gt_gmi = true;
            }
            (FilterMode::Exclude, 3) => {
                row = "EXCLUDE(X,Y) + TO_IN(A) → EXCLUDE(X+A, Y-A); (A)=GMI; Send Q(G,X-A); Send Q(G)";
                new_sources = plus(&all, &b);
                set_gmi = b.clone();
                q_sources = Some(minus(&x, &b));
                q_group = true;
            }
            _ => return, // unknown record types are ignored (RFC 3376 §4.2.12)
        }
        // Apply: deletions, timers, mode, group timer.
        for s in all.difference(&new_sources) {
            ctx.cancel(&TimerKey::Source(g, *s));
        }
        for s in &set_zero {
            ctx.cancel(&TimerKey::Source(g, *s));
        }
        for s in &set_gmi {
            ctx.set_in(TimerKey::Source(g, *s), gmi);
        }
        for s in &set_gt {
            ctx.set_in(TimerKey::Source(g, *s), gt_now);
        }
        if gt_gmi {
            ctx.set_in(TimerKey::Group(g), gmi);
        }
        if let Some(e) = self.v3.get_mut(&g) {
            e.mode = new_mode;
            e.sources = new_sources;
        }
        let after = self.describe3(g, ctx);
        let kind = ["", "IS_IN", "IS_EX", "TO_IN", "TO_EX", "ALLOW", "BLOCK"]
            .get(usize::from(rtype))
            .copied()
            .unwrap_or("?");
        let list = b
            .iter()
            .map(|s| s.to_string())
            .collect::<Vec<_>>()
            .join(",");
        let section = if rtype <= 2 {
            "RFC 3376 §6.4.1"
        } else {
            "RFC 3376 §6.4.2"
        };
        ctx.state(
            g,
            None,
            &before,
            &after,
            format!("{src} reported {kind}({{{list}}}) for {g}. Rule: {row}."),
            format!(
                "{src} が {g} について {kind}({{{list}}}) を報告。規則: {}。",
                row.replace("Delete", "削除")
                    .replace("Send Q", "クエリー送信 Q")
            ),
            section,
            vec![TimerKey::Group(g)],
        );
        if self.role == Role::Querier {
            if let Some(qs) = q_sources {
                self.send_q_sources(g, qs, ctx);
            }
            if q_group {
                self.send_q_group(g, ctx);
            }
        }
        if new_mode == FilterMode::Include
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
        if ctx.left(&TimerKey::Group(g)) > lmqt {
            ctx.set_in(TimerKey::Group(g), lmqt);
        }
        let lmqc = self.cfg(ctx).lmqc();
        let Some(e) = self.v3.get_mut(&g) else {
            return;
        };
        e.group_queries_left = lmqc;
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
        let mut armed = Set::new();
        for s in &xs {
            if ctx.left(&TimerKey::Source(g, *s)) > lmqt {
                ctx.set_in(TimerKey::Source(g, *s), lmqt);
                if let Some(e) = self.v3.get_mut(&g) {
                    e.source_queries_left.insert(*s, lmqc);
                    armed.insert(*s);
                }
            }
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
            group_left -= 1;
            let s = ctx.left(&TimerKey::Group(g)) > lmqt;
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
                    *n -= 1;
                }
                if ctx.left(&TimerKey::Source(g, *s)) > lmqt {
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
        if g.is_unspecified() || !self.v3.contains_key(&g) {
            return;
        }
        let lmqt = self.cfg(ctx).lmqt();
        if sources.is_empty() {
            if ctx.left(&TimerKey::Group(g)) > lmqt {
                ctx.set_in(TimerKey::Group(g), lmqt);
            }
        } else {
            for s in sources {
                if ctx.left(&TimerKey::Source(g, *s)) > lmqt {
                    ctx.set_in(TimerKey::Source(g, *s), lmqt);
                }
            }
        }
    }

    /// RFC 3376 §6.5: the group timer expires in EXCLUDE mode: delete the group if no source
    /// timer runs, else switch to INCLUDE with the running sources.
    pub(super) fn v3_group_timer(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let before = self.describe3(g, ctx);
        let Some(e) = self.v3.get_mut(&g) else { return };
        if e.mode != FilterMode::Exclude {
            return;
        }
        let running: Set = e
            .sources
            .iter()
            .copied()
            .filter(|s| ctx.timers.contains_key(&TimerKey::Source(g, *s)))
            .collect();
        if running.is_empty() {
            self.v3.remove(&g);
            ctx.cancel(&TimerKey::Rexmt(g));
            ctx.state(g, None, &before, "INCLUDE{}",
                format!("The group timer of {g} expired and no source timer runs: the group is deleted and no longer forwarded."),
                format!("{g} のグループタイマーが満了し、動作中の送信元タイマーもありません: グループを削除し、転送を停止します。"),
                "RFC 3376 §6.2.2, §6.5", vec![]);
        } else {
            e.mode = FilterMode::Include;
            e.sources = running;
            let after = self.describe3(g, ctx);
            ctx.state(g, None, &before, &after,
                format!("The group timer of {g} expired: back to INCLUDE mode with the sources still wanted."),
                format!("{g} のグループタイマーが満了: まだ必要な送信元だけを持つ INCLUDE モードに戻ります。"),
                "RFC 3376 §6.2.2, §6.5", vec![]);
        }
    }

    /// RFC 3376 §6.2.3: a source timer expires: in INCLUDE mode the source is deleted (and the
    /// group with its last source); in EXCLUDE mode it stops being forwarded but is kept.
    pub(super) fn source_timer(&mut self, g: Ipv4Addr, s: Ipv4Addr, ctx: &mut Ctx) {
        let Some(e) = self.v3.get_mut(&g) else { return };
        let before_mode = e.mode;
        if before_mode == FilterMode::Include {
            e.sources.remove(&s);
            let empty = e.sources.is_empty();
            if empty {
                self.v3.remove(&g);
                ctx.cancel(&TimerKey::Rexmt(g));
            }
            let after = self.describe3(g, ctx);
            ctx.state(
                g,
                Some(s),
                "forwarding",
                &after,
                format!(
                    "The timer of source {s} for {g} expired: the source is deleted{}.",
                    if empty { ", and with it the group" } else { "" }
                ),
                format!(
                    "{g} の送信元 {s} のタイマーが満了: 送信元を削除します{}。",
                    if empty {
                        "。これでグループも削除されます"
                    } else {
                        ""
                    }
                ),
                "RFC 3376 §6.2.3, §6.3",
                vec![],
            );
        } else {
            let after = self.describe3(g, ctx);
            ctx.state(g, Some(s), "forwarding", &after,
                format!("The timer of source {s} for {g} expired in EXCLUDE mode: traffic from {s} is no longer forwarded; the record stays until the group timer expires."),
                format!("EXCLUDE モードで {g} の送信元 {s} のタイマーが満了: {s} からの通信は転送しません。記録はグループタイマー満了まで残ります。"),
                "RFC 3376 §6.2.3, §6.3", vec![]);
        }
    }
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
