//! What the querier owes and whether the capture shows it: the specific queries of RFC 3376
//! §6.4.2 ("Send Q(G)", "Send Q(G,S)") and RFC 2236 §3 (after a Leave), on time, late or
//! missing; the last-member series (count and spacing); and the fields of the specific queries
//! it sends (the S flag, queries in IGMPv1 compatibility mode).

use std::net::IpAddr;

use super::election::QueryFields;
use super::observer::{fmt_s, tolerance, Analyzer, Us, MAX_FRAMES_PER_FINDING, MS, SEC};
use super::rules;
use crate::engine::family::ja_after;
use crate::engine::v3::{self, Record};
use crate::engine::{RecordType, Set};

/// A query within this of its trigger answers it at once.
const HUNDRED_MS: Us = 100 * MS;

/// A specific query the querier owes (RFC 3376 §6.4.2 "Send Q(G)", "Send Q(G,S)"; RFC 2236 §3
/// for a Leave).
#[derive(Clone, Debug)]
pub(super) struct Expectation {
    group: IpAddr,
    /// `None`: Q(G); `Some`: Q(G,S) for these sources.
    sources: Option<Set>,
    frames: Vec<u64>,
    t: Us,
    /// "immediately" (§6.6.3): within one Last Member Query Interval, at least 1 s.
    deadline: Us,
    /// After the deadline a query still counts, as late, until this time; then it is missing.
    late_until: Us,
    why_en: String,
    why_ja: String,
}

/// The last-member queries of one Leave (or TO_IN), counted and timed.
#[derive(Clone, Debug)]
pub(super) struct Check {
    t: Us,
    end: Us,
    frames: Vec<u64>,
    /// When each Leave / TO_IN that asked for Q(G) came: each one rightly gets an immediate
    /// query of its own (RFC 3376 §6.4.2 "Send Q(G)" runs for every such record).
    triggers: Vec<Us>,
    /// (time, frame, Max Resp) of each group-specific query heard.
    queries: Vec<(Us, u64, Us)>,
    pub report_at: Option<Us>,
    count: Us,
}

/// The last of `count` queries `lmqi` apart comes (count-1)·lmqi after the first; one more
/// interval and a half (at least 0.5 s) catches one query too many.
fn check_end(t: Us, lmqi: Us, count: Us) -> Us {
    t.saturating_add(
        lmqi.saturating_mul(count)
            .saturating_add((lmqi / 2).max(500 * MS)),
    )
}

fn join(s: &Set) -> String {
    s.iter()
        .map(IpAddr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

fn what(e: &Expectation) -> String {
    match &e.sources {
        None => format!("Q({})", e.group),
        Some(s) => format!("Q({}, {{{}}})", e.group, join(s)),
    }
}

impl Analyzer {
    pub(super) fn check_mut(&mut self, g: IpAddr) -> Option<&mut Check> {
        self.seen.get_mut(&g).and_then(|x| x.check.as_mut())
    }

    /// Notes once that a query was owed with no querier on the link.
    pub(super) fn note_no_querier(&mut self, number: u64, t: Us, g: IpAddr, kind: RecordType) {
        if self.no_querier_noted {
            return;
        }
        self.no_querier_noted = true;
        let (en, ja) = (
            format!("No querier had been heard when frame {number} ({}) asked for a query of {g}: nothing on this link answers it.", kind.short()),
            format!("フレーム {number} ({}) は {g} のクエリーを必要としますが、それまでにクエリアが見えません。このリンクでは誰も応えません。", kind.short()),
        );
        self.rule(&rules::NO_QUERIER, vec![number], t, en, ja, None);
    }

    /// The querier owes Q(G) or Q(G,S) for the record in frame `number`.
    pub(super) fn owe(
        &mut self,
        g: IpAddr,
        sources: Option<Set>,
        number: u64,
        t: Us,
        why_en: String,
        why_ja: String,
    ) {
        let p = self.params();
        let lmqi = p.last_member_query_interval();
        // A pending expectation or an ongoing last-member check already covers it.
        if sources.is_none() {
            if let Some(c) = self.check_mut(g) {
                if c.frames.len() < MAX_FRAMES_PER_FINDING {
                    c.frames.push(number);
                    c.triggers.push(t);
                }
                c.end = c.end.max(check_end(t, lmqi, c.count));
                return;
            }
        }
        if let Some(e) = self
            .expectations
            .iter_mut()
            .find(|e| e.group == g && e.sources == sources)
        {
            if e.frames.len() < MAX_FRAMES_PER_FINDING {
                e.frames.push(number);
            }
            return;
        }
        let deadline = t.saturating_add(lmqi.max(SEC));
        self.expectations.push(Expectation {
            group: g,
            sources: sources.clone(),
            frames: vec![number],
            t,
            deadline,
            late_until: deadline.saturating_add(p.last_member_query_time().max(2 * SEC)),
            why_en,
            why_ja,
        });
        if sources.is_none() {
            let count = Us::from(p.robustness());
            self.checking.push(g);
            let seen = self.seen_mut(g);
            // A report stamped the same instant as the Leave, but before it in the capture,
            // answers its query all the same (the querier saw the Leave first).
            let report_at = seen.last_report.filter(|r| *r == t);
            seen.check = Some(Check {
                t,
                end: check_end(t, lmqi, count),
                frames: vec![number],
                triggers: vec![t],
                queries: vec![],
                report_at,
                count,
            });
        }
    }

    /// A specific query from the querier: the owed queries it meets (late ones are named), and
    /// the last-member series it belongs to.
    pub(super) fn query_met(
        &mut self,
        number: u64,
        t: Us,
        group: IpAddr,
        sources: &[IpAddr],
        max_resp: Us,
    ) {
        let set: Set = sources.iter().copied().collect();
        let mut met = Vec::new();
        self.expectations.retain(|e| {
            let meets = e.group == group
                && match &e.sources {
                    None => set.is_empty(),
                    Some(want) => !want.is_disjoint(&set),
                };
            if meets {
                met.push(e.clone());
            }
            !meets
        });
        for e in met.into_iter().filter(|e| t > e.deadline) {
            let mut frames = e.frames.clone();
            frames.push(number);
            let (en, ja) = (
                format!("{} came late: {} s after the message that asked for it, and the querier owes it at once (within {} s); the {}.", what(&e), fmt_s(t.saturating_sub(e.t)), fmt_s(e.deadline.saturating_sub(e.t)), e.why_en),
                format!("{} が遅れて来ました: 必要とするメッセージから {} 秒後です。クエリアは直ちに ({} 秒以内に) 送るべきです ({})。", what(&e), fmt_s(t.saturating_sub(e.t)), fmt_s(e.deadline.saturating_sub(e.t)), e.why_ja),
            );
            self.rule(&rules::LATE_GROUP_QUERY, frames, e.t, en, ja, None);
        }
        if sources.is_empty() {
            if let Some(c) = self.check_mut(group) {
                if t <= c.end {
                    c.queries.push((t, number, max_resp));
                    // The spacing is the Max Resp of these queries (RFC 2236 §8.8).
                    c.end = c.end.max(check_end(c.t, max_resp, c.count));
                }
            }
        }
    }

    /// The fields of a specific query the querier sends.
    pub(super) fn specific_query_checks(
        &mut self,
        number: u64,
        t: Us,
        src: IpAddr,
        q: QueryFields,
        sources: &[IpAddr],
    ) {
        let g = q.group;
        let series_running = self.seen.get(&g).is_some_and(|x| x.check.is_some());
        let rob = self
            .routers
            .get(&src)
            .map_or(2, super::election::RouterSeen::robustness);
        let Some(rec) = self.record_at(g, t) else {
            return;
        };
        let compat = rec.group.compat;
        // RFC 3376 §6.6.3.1: "if the group timer is larger than LMQT, the "Suppress Router-Side
        // Processing" bit is set"; §6.6.3.2 likewise per source. A set S flag with every timer
        // at or below LMQT (no report raised them since the querier lowered them) is wrong.
        let lmqt = q.max_resp.saturating_mul(Us::from(rob));
        let slack = tolerance(q.max_resp);
        let above = |left: Us| v3::suppress(left, lmqt.saturating_add(slack));
        let (at, deadline, before) = &rec.group.before_last_record;
        let same_instant = t == *at;
        let left_before = |d: Us| d.saturating_sub(t).max(0);
        let suppressible = if sources.is_empty() {
            above(rec.group_left()) || (same_instant && above(left_before(*deadline)))
        } else {
            sources.iter().any(|s| {
                above(rec.source_left(*s))
                    || (same_instant && before.get(s).is_some_and(|d| above(left_before(*d))))
            })
        };
        if q.s_flag && !suppressible {
            let (en, ja) = (
                format!("{src} set the S flag (suppress router-side processing) on its query for {g}, but no timer it would have lowered was above the Last Member Query Time ({} s): the flag is only for timers a report raised.", fmt_s(lmqt)),
                format!("{src} が {g} のクエリーで S フラグ (ルータ側処理の抑制) を立てましたが、下げるはずのタイマーはラストメンバークエリー時間 ({} 秒) を超えていませんでした。このフラグはレポートで延びたタイマーのためのものです。", fmt_s(lmqt)),
            );
            self.rule(
                &rules::S_FLAG_UNEXPECTED,
                vec![number],
                t,
                en,
                ja,
                Some((format!("{src} {g}"), 10 * SEC)),
            );
        }
        // RFC 3376 §7.3.2: in IGMPv1 compatibility mode "IGMPv2 Leave messages and IGMPv3
        // TO_IN() messages are also ignored", so no last-member query is owed or sent (a series
        // a Leave started before the group entered v1 mode may run on).
        if compat == 1 && sources.is_empty() && !series_running {
            let (en, ja) = (
                format!("{src} sent a group-specific query for {g} although {g} is in IGMPv1 compatibility mode (an IGMPv1 host reported within the Older Host Present Interval): Leaves must be ignored then, and the group kept."),
                format!("{g} は IGMPv1 互換モード (旧ホスト存在間隔内に IGMPv1 ホストがレポート) なのに、{src} がグループスペシフィッククエリーを送りました。このときリーブメッセージは無視し、グループを保つべきです。"),
            );
            self.rule(
                &rules::QUERY_IN_V1_MODE,
                vec![number],
                t,
                en,
                ja,
                Some((format!("{src} {g}"), 10 * SEC)),
            );
        }
    }

    /// Owed queries past their time, and last-member series that have ended.
    pub(super) fn judge_due(&mut self, now: Us) {
        let mut i = 0;
        while i < self.expectations.len() {
            if self
                .expectations
                .get(i)
                .is_some_and(|e| e.late_until <= now)
            {
                let e = self.expectations.swap_remove(i);
                self.missed(e);
            } else {
                i = i.saturating_add(1);
            }
        }
        let mut i = 0;
        while let Some(g) = self.checking.get(i).copied() {
            let ended = self
                .seen
                .get(&g)
                .and_then(|x| x.check.as_ref())
                .is_none_or(|c| c.end <= now);
            if !ended {
                i = i.saturating_add(1);
                continue;
            }
            self.checking.swap_remove(i);
            if let Some(c) = self.seen.get_mut(&g).and_then(|x| x.check.take()) {
                self.judge_check(g, c, true);
            }
        }
    }

    /// At the end of the capture: owed queries whose time had passed with none are missing
    /// (those whose time had not come are not judged); checks in progress are judged only for
    /// what already happened (too many, bad spacing).
    pub(super) fn judge_at_end(&mut self, end: Us) {
        self.expectations.retain(|e| e.deadline <= end);
        for e in std::mem::take(&mut self.expectations) {
            self.missed(e);
        }
        for g in std::mem::take(&mut self.checking) {
            if let Some(c) = self.seen.get_mut(&g).and_then(|x| x.check.take()) {
                self.judge_check(g, c, false);
            }
        }
    }

    fn missed(&mut self, e: Expectation) {
        let who = self
            .querier
            .map_or_else(|| "the querier".to_string(), |q| q.addr.to_string());
        let what = what(&e);
        let (en, ja) = (
            format!(
                "No {} from {who} within {} s: {what} was owed.",
                e.why_en,
                fmt_s(e.late_until.saturating_sub(e.t)),
            ),
            format!(
                "{} 秒以内に {who} から{}がありません: {what} を送るべきでした。",
                fmt_s(e.late_until.saturating_sub(e.t)),
                e.why_ja
            ),
        );
        let key = what.clone();
        self.rule(
            &rules::NO_GROUP_QUERY,
            e.frames,
            e.t,
            en,
            ja,
            Some((key, SEC)),
        );
    }

    /// Judges the last-member queries of one Leave: their number (Last Member Query Count,
    /// fewer only when a report answered) and spacing (Last Member Query Interval).
    fn judge_check(&mut self, g: IpAddr, c: Check, complete: bool) {
        if c.queries.is_empty() {
            return;
        }
        let answered_before = |t: Us| c.report_at.is_none_or(|r| t <= r);
        let n_before = c.queries.iter().filter(|q| answered_before(q.0)).count();
        let n = c.queries.len();
        let mut frames = c.frames.clone();
        frames.extend(c.queries.iter().map(|q| q.1));
        let count = usize::try_from(c.count).unwrap_or(2);
        // Each further trigger rightly starts the queries over (an immediate one and its
        // retransmissions; RFC 3376 §6.6.3.1).
        let allowed = count.saturating_mul(c.triggers.len().max(1));
        let too_many = n > allowed;
        let too_few = complete && c.report_at.is_none() && n_before < count;
        let repeats = c.triggers.len().saturating_sub(1);
        let f = self.family;
        let ((q, q_ja), (leave, leave_ja), (last, last_ja)) =
            (f.group_query(), f.leave(), f.last_member());
        let leave_ja = ja_after(leave_ja);
        if too_few && n_before == 1 && count > 1 {
            let (en, ja) = (
                format!("The querier sent one {q} for {g} after the {leave} at {} s and did not retransmit it; the {last} Query Count is {count}.", fmt_s(c.t)),
                format!("{} 秒の{leave_ja}の後、クエリアは {g} の{q_ja}を一度だけ送り、再送しませんでした。{last_ja}クエリー回数は {count} です。", fmt_s(c.t)),
            );
            self.rule(&rules::NOT_RETRANSMITTED, frames.clone(), c.t, en, ja, None);
        } else if too_many || too_few {
            let shown = if too_many { n } else { n_before };
            let (en, ja) = (
                format!("The querier sent {shown} {} for {g} after the {leave} at {} s{}; the {last} Query Count is {count}{}.", f.group_queries(), fmt_s(c.t), if repeats > 0 { format!(" (and {repeats} repeated {leave}/TO_IN)") } else { String::new() }, if too_many && repeats > 0 { format!(", so {allowed} at most") } else { String::new() }),
                format!("{} 秒の{leave_ja}の後、クエリアは {g} の{q_ja}を {shown} 回送りました{}。{last_ja}クエリー回数は {count} です{}。", fmt_s(c.t), if repeats > 0 { format!(" ({}/TO_IN の繰り返し {repeats} 回)", f.leave_short_ja()) } else { String::new() }, if too_many && repeats > 0 { format!(" (最大 {allowed} 回)") } else { String::new() }),
            );
            self.rule(&rules::LMQ_COUNT, frames.clone(), c.t, en, ja, None);
        }
        // Spacing: a query right after a trigger (one each) is immediate; any other is a
        // retransmission and must come one Last Member Query Interval after an earlier one.
        let mut unused: Vec<Us> = c.triggers.clone();
        for (i, (tq, _, _)) in c.queries.iter().enumerate() {
            if let Some(k) = unused
                .iter()
                .position(|tr| (0..=HUNDRED_MS).contains(&tq.saturating_sub(*tr)))
            {
                unused.remove(k);
                continue;
            }
            let earlier = c.queries.get(..i).unwrap_or_default();
            let on_time = earlier
                .iter()
                .any(|(te, _, m)| tq.saturating_sub(*te).saturating_sub(*m).abs() <= tolerance(*m));
            if !on_time {
                let (prev, m) = earlier.last().map_or((c.t, SEC), |q| (q.0, q.2));
                let gap = tq.saturating_sub(prev);
                let f = self.family;
                let ((q, q_ja), (last, last_ja), (max, max_ja)) =
                    (f.group_query(), f.last_member(), f.max_resp());
                let (en, ja) = (
                    format!("A {q} for {g} came {} s after the previous one; retransmissions are one {last} Query Interval (the queries' {max}, {} s) apart.", fmt_s(gap), fmt_s(m)),
                    format!("{g} の{q_ja}が前のクエリーの {} 秒後に来ました。再送の間隔は{last_ja}クエリー間隔 ({max_ja} {} 秒) です。", fmt_s(gap), fmt_s(m)),
                );
                self.rule(&rules::LMQ_INTERVAL, frames, c.t, en, ja, None);
                break;
            }
        }
    }
}
