//! Group records: the querier's state for each group, kept by the shared engine
//! (`crate::engine::v3`, RFC 3376 §6.4–§6.6 and §7.3.2) on deadlines in µs, and the histories
//! (presence, members, compatibility mode) the report shows.

use std::cmp::Reverse;
use std::collections::BTreeMap;
use std::net::IpAddr;

use super::observer::{fmt_s, mode_name, secs, Analyzer, QueryHeard, Us, MS, SEC};
use super::rules;
use super::{CompatSpan, GroupHistory, Membership, Presence};
use crate::engine::family::ja_after;
use crate::engine::v3::{self, OlderMessage, Record};
use crate::engine::{self, FilterMode, RecordType, Set};

#[derive(Clone, Debug)]
pub(super) struct Member {
    pub from: Us,
    /// The sources it asked for, or `None` for any source (EXCLUDE, or a v1/v2 report).
    pub include: Option<Set>,
}

/// A router's record of one group (RFC 3376 §6.2.1), and what the observer follows around it.
#[derive(Clone, Debug)]
pub(super) struct Group {
    pub mode: FilterMode,
    /// The group timer's deadline.
    pub group_timer: Us,
    /// Each source record's timer deadline; at or before now: not running (EXCLUDE's Y).
    pub sources: BTreeMap<IpAddr, Us>,
    /// Older Host Present deadlines for v1 and v2 hosts (RFC 3376 §7.3.2; RFC 2236 §7's
    /// v1-host-present).
    pub older: [Us; 2],
    pub compat: u8,
    pub compat_since: Us,
    pub present_since: Option<Us>,
    /// The timers were last lowered by a specific query (so an expiry ends the group by a
    /// leave, not a timeout).
    pub lowered: bool,
    pub last_reporter: Option<IpAddr>,
    pub members: BTreeMap<IpAddr, Member>,
    /// The deadline this group is queued under.
    pub queued: Option<Us>,
    /// When the last record was applied, and the group timer's deadline just before it: a
    /// query stamped the same instant may have been sent before the router saw the record.
    pub before_last_record: (Us, Us, BTreeMap<IpAddr, Us>),
}

impl Group {
    fn new(link_version: u8, t: Us) -> Group {
        Group {
            mode: FilterMode::Include,
            group_timer: 0,
            sources: BTreeMap::new(),
            older: [0, 0],
            compat: link_version,
            compat_since: t,
            present_since: None,
            lowered: false,
            last_reporter: None,
            members: BTreeMap::new(),
            queued: None,
            before_last_record: (Us::MIN, 0, BTreeMap::new()),
        }
    }
    /// RFC 3376 §6.2.1: a router forwards a group in EXCLUDE mode, or for the sources it
    /// includes.
    fn present(&self) -> bool {
        self.mode == FilterMode::Exclude || !self.sources.is_empty()
    }

    fn next_deadline(&self, now: Us) -> Option<Us> {
        let mut next: Option<Us> = None;
        let mut consider = |d: Us| {
            if d > now {
                next = Some(next.map_or(d, |n| n.min(d)));
            }
        };
        if self.mode == FilterMode::Exclude {
            consider(self.group_timer);
        }
        for d in self.sources.values() {
            consider(*d);
        }
        consider(self.older[0]);
        consider(self.older[1]);
        next
    }
}

/// A group record at one moment, as the shared engine reads and changes it.
pub(super) struct RecordAt<'a> {
    pub group: &'a mut Group,
    pub now: Us,
}

impl Record<Us> for RecordAt<'_> {
    fn mode(&self) -> FilterMode {
        self.group.mode
    }
    fn set_mode(&mut self, mode: FilterMode) {
        self.group.mode = mode;
    }
    fn sources(&self) -> Set {
        self.group.sources.keys().copied().collect()
    }
    fn source_left(&self, s: IpAddr) -> Us {
        self.group
            .sources
            .get(&s)
            .map_or(0, |d| d.saturating_sub(self.now).max(0))
    }
    fn set_source(&mut self, s: IpAddr, left: Us) {
        self.group.sources.insert(s, self.now.saturating_add(left));
    }
    fn delete_source(&mut self, s: IpAddr) {
        self.group.sources.remove(&s);
    }
    fn group_left(&self) -> Us {
        self.group.group_timer.saturating_sub(self.now).max(0)
    }
    fn set_group(&mut self, left: Us) {
        self.group.group_timer = self.now.saturating_add(left);
    }
}

/// One group: the router's record while it has one, its history, its last group-specific
/// query and its last-member check.
#[derive(Debug)]
pub(super) struct Seen {
    pub group: Option<Group>,
    pub history: GroupHistory,
    pub last_gsq: Option<QueryHeard>,
    pub check: Option<super::expect::Check>,
    /// When a report last raised the group (a member still there).
    pub last_report: Option<Us>,
}

impl Seen {
    fn new(g: IpAddr) -> Seen {
        Seen {
            group: None,
            history: GroupHistory {
                group: g,
                present: vec![],
                members: vec![],
                compat: vec![],
            },
            last_gsq: None,
            check: None,
            last_report: None,
        }
    }
}

impl Analyzer {
    pub(super) fn seen_mut(&mut self, g: IpAddr) -> &mut Seen {
        self.seen.entry(g).or_insert_with(|| Seen::new(g))
    }

    pub(super) fn group(&self, g: IpAddr) -> Option<&Group> {
        self.seen.get(&g).and_then(|x| x.group.as_ref())
    }

    pub(super) fn group_mut(&mut self, g: IpAddr) -> Option<&mut Group> {
        self.seen.get_mut(&g).and_then(|x| x.group.as_mut())
    }

    /// The record of `g` at `now`, for the engine.
    pub(super) fn record_at(&mut self, g: IpAddr, now: Us) -> Option<RecordAt<'_>> {
        self.group_mut(g).map(|group| RecordAt { group, now })
    }

    fn group_or_new(&mut self, g: IpAddr, t: Us) -> &mut Group {
        let link = self.link_version();
        self.seen_mut(g)
            .group
            .get_or_insert_with(|| Group::new(link, t))
    }

    /// Applies the expiries of group `g` at `d` (RFC 3376 §6.3, §6.5, §7.3.2; RFC 2236 §7).
    pub(super) fn expire(&mut self, g: IpAddr, d: Us) {
        let Some(mut rec) = self.record_at(g, d) else {
            return;
        };
        rec.group.queued = None;
        if rec.group.mode == FilterMode::Exclude && rec.group.group_timer <= d {
            v3::group_timer_expired(&mut rec);
        }
        if rec.group.mode == FilterMode::Include {
            let expired: Vec<IpAddr> = rec
                .group
                .sources
                .iter()
                .filter(|(_, t)| **t <= d)
                .map(|(s, _)| *s)
                .collect();
            for s in expired {
                v3::source_timer_expired(&mut rec, s);
            }
        }
        self.update(g, d);
    }

    /// After any change to group `g` at `t`: compatibility mode, presence, membership, queue.
    pub(super) fn update(&mut self, g: IpAddr, t: Us) {
        let link = self.link_version();
        let Some(seen) = self.seen.get_mut(&g) else {
            return;
        };
        let Some(gr) = seen.group.as_mut() else {
            return;
        };
        let hist = &mut seen.history;
        let compat = v3::compat_mode(gr.older[0] > t, gr.older[1] > t, link);
        let present = gr.present();
        if compat != gr.compat || (!present && gr.present_since.is_some()) {
            if gr.present_since.is_some() {
                hist.compat.push(CompatSpan {
                    mode: mode_name(gr.compat),
                    from: secs(gr.compat_since),
                    to: secs(t),
                });
            }
            gr.compat = compat;
            gr.compat_since = t;
        }
        match (present, gr.present_since) {
            (true, None) => {
                gr.present_since = Some(t);
                gr.compat_since = t;
                gr.lowered = false;
            }
            (false, Some(from)) => {
                hist.present.push(Presence {
                    from: secs(from),
                    to: secs(t),
                    ended_by: if gr.lowered { "leave" } else { "timeout" },
                });
                gr.present_since = None;
                for (host, m) in std::mem::take(&mut gr.members) {
                    hist.members.push(Membership {
                        host,
                        from: secs(m.from),
                        to: secs(t),
                    });
                }
            }
            _ => {}
        }
        let next = gr.next_deadline(t);
        if next != gr.queued {
            gr.queued = next;
            if let Some(n) = next {
                self.queue.push(Reverse((n, g)));
            }
        }
        if !present && gr.older.iter().all(|o| *o <= t) && gr.members.is_empty() {
            // Nothing left to follow; a later report starts a new record.
            seen.group = None;
        }
    }

    /// A report that answers a query must come within its Max Resp Time (RFC 2236 §3,
    /// RFC 3376 §5.2).
    fn check_answer_time(&mut self, number: u64, t: Us, host: IpAddr, g: IpAddr) {
        let last_gsq = self.seen.get(&g).and_then(|x| x.last_gsq);
        let latest = [self.last_gq, last_gsq]
            .into_iter()
            .flatten()
            .max_by_key(|q| q.t);
        let Some(q) = latest else {
            return;
        };
        let in_time = [self.last_gq, last_gsq].into_iter().flatten().any(|q| {
            t <= q
                .t
                .saturating_add(q.max_resp)
                .saturating_add(super::observer::tolerance(q.max_resp))
        });
        if in_time {
            return;
        }
        let late = t.saturating_sub(q.t);
        let (max, max_ja) = self.family.max_resp();
        let (en, ja) = (
            format!("{host} answered for {g} {} s after the query at {} s, whose {max} is {} s.", fmt_s(late), fmt_s(q.t), fmt_s(q.max_resp)),
            format!("{host} は {} 秒のクエリー ({max_ja} {} 秒) に {} 秒後に {g} のレポートで応答しました。", fmt_s(q.t), fmt_s(q.max_resp), fmt_s(late)),
        );
        self.rule(
            &rules::LATE_REPORT,
            vec![number],
            t,
            en,
            ja,
            Some((format!("{host} {g}"), 50 * MS)),
        );
    }

    /// An IGMPv1 or v2 Membership Report: IS_EX({}) (RFC 3376 §7.3.2; RFC 2236 §7).
    pub(super) fn old_report(&mut self, number: u64, t: Us, host: IpAddr, g: IpAddr, version: u8) {
        if engine::ssm(g) {
            self.ssm_older(number, t, host, g, "report");
            return;
        }
        let gmi = self.params().group_membership_interval();
        let link = self.link_version();
        let joined_at = self
            .group(g)
            .and_then(|gr| gr.members.get(&host))
            .map(|m| m.from);
        // An unsolicited report is a join or its repetition within the Unsolicited Report
        // Interval (RFC 2236 §8.10: 10 s); the others answer queries. An IGMPv1 host answers
        // within 10 s whatever the query's Max Resp says (RFC 1112 App. I; RFC 2236 §4), so
        // its reports are never late.
        if version == 2 && joined_at.is_some_and(|from| t.saturating_sub(from) > 10 * SEC + SEC / 2)
        {
            self.check_answer_time(number, t, host, g);
        }
        let gr = self.group_or_new(g, t);
        let before = gr.compat;
        if let Some(slot) = gr.older.get_mut(usize::from(version.saturating_sub(1))) {
            *slot = t.saturating_add(gmi);
        }
        gr.last_reporter = Some(host);
        gr.members
            .entry(host)
            .or_insert(Member {
                from: t,
                include: None,
            })
            .include = None;
        let message = if version == 1 {
            OlderMessage::V1Report
        } else {
            OlderMessage::V2Report
        };
        self.record(number, t, host, g, message.equivalent(), Set::new(), gmi);
        self.update(g, t);
        self.seen_mut(g).last_report = Some(t);
        if let Some(c) = self.check_mut(g) {
            c.report_at.get_or_insert(t);
        }
        let after = self.group(g).map_or(before, |x| x.compat);
        if self.querier.is_some() && version < link && after < before && !engine::link_local(g) {
            let f = self.family;
            let (v, on) = (f.version(version), f.version(link));
            let (leave, leave_ja) = f.leave();
            let (en, ja) = (
                format!("{host}'s {v} report puts {g} in {v} compatibility mode on this {on} link{}.", if version == 1 { format!(": {leave}s for it are ignored") } else { ": source filters (BLOCK, TO_EX sources) are ignored".to_string() }),
                format!("{host} の {v} レポートで {g} はこの {on} リンク上で {v} 互換モードになります{}。", if version == 1 { format!(" ({leave_ja}は無視されます)") } else { " (BLOCK や TO_EX のソースは無視されます)".to_string() }),
            );
            self.rule(
                &rules::COMPAT_MODE,
                vec![number],
                t,
                en,
                ja,
                Some((format!("{g} v{version}"), gmi)),
            );
        }
    }

    /// An IGMPv2 Leave: TO_IN({}), which IGMPv1 compatibility mode ignores (RFC 3376 §7.3.2;
    /// RFC 2236 §7: "Version 1 Members Present" ignores Leaves).
    pub(super) fn leave(&mut self, number: u64, t: Us, host: IpAddr, g: IpAddr) {
        if engine::ssm(g) {
            self.ssm_older(number, t, host, g, self.family.leave().0);
            return;
        }
        let last = self.group(g).and_then(|gr| gr.last_reporter);
        if let Some(last) = last.filter(|l| *l != host) {
            let (leave, leave_ja) = self.family.leave();
            let leave_ja = ja_after(leave_ja);
            let (en, ja) = (
                format!("{host} sent a {leave} for {g}, but the last report for it came from {last}."),
                format!("{host} が {g} の{leave_ja}を送りましたが、最後のレポートは {last} からでした。"),
            );
            self.rule(
                &rules::LEAVE_NOT_LAST,
                vec![number],
                t,
                en,
                ja,
                Some((format!("{host} {g}"), SEC)),
            );
        }
        self.end_membership(g, host, t);
        let gmi = self.params().group_membership_interval();
        self.record(
            number,
            t,
            host,
            g,
            OlderMessage::Leave.equivalent(),
            Set::new(),
            gmi,
        );
        self.update(g, t);
    }

    fn end_membership(&mut self, g: IpAddr, host: IpAddr, t: Us) {
        if let Some(seen) = self.seen.get_mut(&g) {
            if let Some(m) = seen.group.as_mut().and_then(|gr| gr.members.remove(&host)) {
                seen.history.members.push(Membership {
                    host,
                    from: secs(m.from),
                    to: secs(t),
                });
            }
        }
    }

    /// One IGMPv3 group record.
    pub(super) fn v3_record(
        &mut self,
        number: u64,
        t: Us,
        host: IpAddr,
        g: IpAddr,
        kind: RecordType,
        b: Set,
    ) {
        if matches!(kind, RecordType::Unknown(_)) {
            return;
        }
        // An IGMPv1 or v2 querier does not know IGMPv3 reports: they start nothing on its link.
        if self.querier.is_some() && self.link_version() < 3 {
            return;
        }
        if kind.is_current_state() {
            self.check_answer_time(number, t, host, g);
        }
        let gmi = self.params().group_membership_interval();
        let gr = self.group_or_new(g, t);
        // What the host asks for.
        let member = |include| Member { from: t, include };
        let ends = match kind {
            RecordType::IsEx | RecordType::ToEx => {
                gr.members.entry(host).or_insert(member(None)).include = None;
                false
            }
            RecordType::IsIn | RecordType::ToIn => {
                if b.is_empty() {
                    true
                } else {
                    gr.members.entry(host).or_insert(member(None)).include = Some(b.clone());
                    false
                }
            }
            RecordType::Allow => {
                if !b.is_empty() {
                    let m = gr.members.entry(host).or_insert(member(Some(Set::new())));
                    if let Some(set) = &mut m.include {
                        set.extend(b.iter().copied());
                    }
                }
                false
            }
            RecordType::Block => match gr.members.get_mut(&host) {
                Some(Member {
                    include: Some(set), ..
                }) => {
                    for s in &b {
                        set.remove(s);
                    }
                    set.is_empty()
                }
                _ => false,
            },
            RecordType::Unknown(_) => false,
        };
        if ends {
            self.end_membership(g, host, t);
        }
        let raises = matches!(
            kind,
            RecordType::IsIn | RecordType::IsEx | RecordType::Allow | RecordType::ToEx
        ) || (kind == RecordType::ToIn && !b.is_empty());
        self.record(number, t, host, g, kind, b, gmi);
        self.update(g, t);
        if raises {
            self.seen_mut(g).last_report = Some(t);
            if let Some(c) = self.check_mut(g) {
                c.report_at.get_or_insert(t);
            }
        }
    }

    /// RFC 3376 §7.3.2's translation and the row of §6.4.1/§6.4.2, through the shared engine;
    /// then what the querier owes for it (§6.6.3), with its own timers lowered as it sends it.
    #[allow(clippy::too_many_arguments, reason = "a record and where it came from")]
    fn record(
        &mut self,
        number: u64,
        t: Us,
        host: IpAddr,
        g: IpAddr,
        kind: RecordType,
        b: Set,
        gmi: Us,
    ) {
        let querier = self.querier_params().map(|p| p.last_member_query_time());
        // A report stamped the same instant, though before this record in the capture, may have
        // reached the querier after it: the group timer it restarts is not lowered again.
        let answered_now = self.seen.get(&g).and_then(|x| x.last_report) == Some(t);
        let Some(mut rec) = self.record_at(g, t) else {
            return;
        };
        let compat = rec.group.compat;
        rec.group.before_last_record = (t, rec.group.group_timer, rec.group.sources.clone());
        let Some((kind, b)) = v3::translate(compat, kind, &b) else {
            return;
        };
        let Some(tr) = v3::apply(&mut rec, kind, &b, gmi) else {
            return;
        };
        if matches!(kind, RecordType::IsEx | RecordType::ToEx) || !b.is_empty() {
            rec.group.lowered = false;
        }
        if engine::link_local(g) || (!tr.query_group && tr.query_sources.is_empty()) {
            return;
        }
        // Only a router querier owes queries; a switch querier is not one (RFC 4541 §2.1.1).
        let Some(lmqt) = querier else {
            if self.switch_querier.is_none() {
                self.note_no_querier(number, t, g, kind);
            }
            return;
        };
        let mut owed_sources = Set::new();
        if !tr.query_sources.is_empty() {
            owed_sources = v3::send_q_sources(&mut rec, &tr.query_sources, lmqt);
        }
        if tr.query_group && !answered_now {
            v3::send_q_group(&mut rec, lmqt);
        }
        if (tr.query_group && !answered_now) || !owed_sources.is_empty() {
            rec.group.lowered = true;
        }
        // What is owed, in each language (ja-terms: グループスペシフィッククエリー).
        let f = self.family;
        let (leave, leave_ja) = f.leave();
        let leave_ja = ja_after(leave_ja);
        let why = |(what, what_ja): (&str, &str)| match kind {
            RecordType::ToIn if b.is_empty() => (
                format!("{what} after a {leave} / TO_IN({{}}) from {host}"),
                format!("{host} の{leave_ja} / TO_IN({{}}) の後の{what_ja}"),
            ),
            _ => (
                format!("{what} after {} from {host}", kind.short()),
                format!("{host} の {} の後の{what_ja}", kind.short()),
            ),
        };
        if tr.query_group {
            let (en, ja) = why(f.group_query());
            self.owe(g, None, number, t, en, ja);
        }
        if !owed_sources.is_empty() {
            let (en, ja) = why(f.source_query());
            self.owe(g, Some(owed_sources), number, t, en, ja);
        }
    }
}
