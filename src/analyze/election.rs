//! Queries: who is querier (RFC 2236 §3, RFC 3376 §6.6.2), what each router's own timers are,
//! take-overs judged by the router that takes over, the switch querier of RFC 4541 §2.1.1, and
//! what a router does with a query it hears (§6.6.1).

use std::net::IpAddr;

use super::observer::{fmt_s, secs, Analyzer, QueryHeard, Us, MS, SEC};
use super::rules;
use super::QuerierSpan;
use crate::engine::family::Family;
use crate::engine::{self, timers, v3};

/// What the traffic says (or the RFC defaults) about one router's timers, from its own queries.
#[derive(Clone, Debug)]
pub(super) struct RouterSeen {
    /// The version of its first query: its configured mode.
    pub version: u8,
    pub first_query: Us,
    pub last_query: Us,
    last_gq: Option<Us>,
    /// Whether it was querier when it sent `last_gq`.
    last_gq_as_querier: bool,
    /// General queries counted (duplicates within 100 ms, as a merged per-port capture shows
    /// them, count once).
    gq_count: u32,
    /// The largest spacing of two consecutive general queries it sent while querier, after its
    /// startup queries (RFC 2236 §8.6, §8.7: those are a quarter of the Query Interval apart).
    /// A silent spell as non-querier is never a spacing.
    max_gq_spacing: Us,
    pub qrv: u8,
    pub qqi_s: u32,
    /// Its general queries' Max Resp (its Query Response Interval).
    pub qri: Option<Us>,
    /// Its group-specific queries' Max Resp (its Last Member Query Interval, RFC 2236 §8.8).
    pub lmqi: Option<Us>,
}

impl RouterSeen {
    /// A router first heard at `t` querying in `version`; nothing learned yet.
    pub fn new(version: u8, t: Us) -> RouterSeen {
        RouterSeen {
            version,
            first_query: t,
            last_query: t,
            last_gq: None,
            last_gq_as_querier: false,
            gq_count: 0,
            max_gq_spacing: 0,
            qrv: 0,
            qqi_s: 0,
            qri: None,
            lmqi: None,
        }
    }

    pub fn robustness(&self) -> u32 {
        timers::robustness_from_qrv(self.qrv)
    }
    /// RFC 3376 §4.1.7 (QQIC) for v3; for v1/v2 (which do not say it) the spacing of its own
    /// general queries while querier; `None` until either is known.
    pub fn learned_query_interval(&self) -> Option<Us> {
        if self.version == 3 && self.qqi_s > 0 {
            Some(Us::from(self.qqi_s).saturating_mul(SEC))
        } else if self.max_gq_spacing > 0 {
            Some(self.max_gq_spacing)
        } else {
            None
        }
    }
    /// The query interval, or RFC 2236 §8.2's 125 s until it is known.
    pub fn query_interval(&self) -> Us {
        self.learned_query_interval().unwrap_or(125 * SEC)
    }
    pub fn query_response_interval(&self) -> Us {
        self.qri.unwrap_or(10 * SEC)
    }
    pub fn last_member_query_interval(&self) -> Us {
        self.lmqi.unwrap_or(SEC)
    }
    /// RFC 2236 §8.4, RFC 3376 §8.4.
    pub fn group_membership_interval(&self) -> Us {
        timers::gmi(
            self.robustness(),
            self.query_interval(),
            self.query_response_interval(),
            false,
        )
    }
    /// RFC 2236 §8.5, RFC 3376 §8.5.
    pub fn other_querier_present_interval(&self) -> Us {
        timers::oqpi(
            self.robustness(),
            self.query_interval(),
            self.query_response_interval(),
        )
    }
    /// RFC 3376 §8.14 (RFC 2236 §3: "Last Member Query Count" queries "Last Member Query
    /// Interval" apart; the count defaults to the Robustness Variable).
    pub fn last_member_query_time(&self) -> Us {
        timers::lmqt(self.last_member_query_interval(), self.robustness())
    }
}

/// A querier's time in office.
#[derive(Clone, Copy, Debug)]
pub(super) struct Querier {
    pub addr: IpAddr,
    pub version: u8,
    pub from_frame: u64,
    pub from: Us,
}

impl Querier {
    pub fn span(&self, to: Us) -> QuerierSpan {
        QuerierSpan {
            address: self.addr,
            version: self.version,
            from_frame: self.from_frame,
            from: secs(self.from),
            to: secs(to),
        }
    }
}

/// A query's fields, as the analysis uses them.
#[derive(Clone, Copy, Debug)]
pub(super) struct QueryFields {
    pub version: u8,
    pub max_resp: Us,
    pub group: IpAddr,
    pub s_flag: bool,
    pub qrv: u8,
    pub qqi: u32,
}

impl Analyzer {
    /// The version the link runs: the querier's, else the last querier's, else the switch
    /// querier's, else IGMPv3.
    pub(super) fn link_version(&self) -> u8 {
        self.querier
            .map(|q| q.version)
            .or_else(|| {
                self.previous
                    .and_then(|(a, _)| self.routers.get(&a).map(|r| r.version))
            })
            .or(self.switch_querier.map(|q| q.version))
            .unwrap_or(3)
    }

    pub(super) fn querier_params(&self) -> Option<&RouterSeen> {
        self.querier.and_then(|q| self.routers.get(&q.addr))
    }

    pub(super) fn params(&self) -> RouterSeen {
        self.querier_params()
            .cloned()
            .unwrap_or(RouterSeen::new(3, 0))
    }

    /// The querier is gone when its Other Querier Present Interval passes in silence.
    pub(super) fn querier_timeout(&mut self, now: Us) {
        if let Some(q) = self.querier {
            if let Some(r) = self.routers.get(&q.addr) {
                let gone = r
                    .last_query
                    .saturating_add(r.other_querier_present_interval());
                if gone <= now {
                    self.querier_spans.push(q.span(gone));
                    self.previous = Some((q.addr, r.last_query));
                    self.querier = None;
                }
            }
        }
        if let Some(q) = self.switch_querier {
            let gone = self.switch_last.saturating_add(255 * SEC);
            if gone <= now {
                self.switch_spans.push(q.span(gone));
                self.switch_querier = None;
            }
        }
    }

    /// The Other Querier Present Interval of `taker`, a router that was non-querier while
    /// `querier` queried: its own Query Response Interval (from its own queries), and for an
    /// IGMPv3 router the Robustness Variable and Query Interval it adopted from the querier's
    /// queries ("Routers adopt the QRV value from the most recently received Query as their own
    /// [Robustness Variable] value, unless that most recently received QRV was zero",
    /// RFC 3376 §4.1.6; QQI likewise, §4.1.7). An IGMPv2 router keeps its own Query Interval,
    /// seen in its own queries while it was querier.
    fn taker_oqpi(&self, taker: IpAddr, querier: IpAddr) -> Us {
        let me = self.routers.get(&taker);
        let q = self.routers.get(&querier);
        let version = me.map_or(3, |r| r.version);
        let (rv, qi) = if version == 3 {
            (
                q.or(me).map_or(2, RouterSeen::robustness),
                q.and_then(RouterSeen::learned_query_interval)
                    .or(me.and_then(RouterSeen::learned_query_interval))
                    .unwrap_or(125 * SEC),
            )
        } else {
            (
                2,
                me.and_then(RouterSeen::learned_query_interval)
                    .or(q.and_then(RouterSeen::learned_query_interval))
                    .unwrap_or(125 * SEC),
            )
        };
        let qri = me
            .and_then(|r| r.qri)
            .or(q.and_then(|r| r.qri))
            .unwrap_or(10 * SEC);
        timers::oqpi(rv, qi, qri)
    }

    /// A query heard: the router's timers, the election, the rules on its fields, its effect
    /// on the group records, and the owed queries it meets.
    pub(super) fn query(
        &mut self,
        number: u64,
        t: Us,
        src: IpAddr,
        q: QueryFields,
        sources: &[IpAddr],
    ) {
        let general = q.group.is_unspecified();
        if src.is_unspecified() {
            self.switch_query(number, t, q);
        } else {
            self.router_query(number, t, src, q, general);
        }
        self.query_fields(number, t, src, q, sources);
        // What a non-querier does with a query it hears (RFC 3376 §6.6.1, RFC 2236 §3).
        let heard = QueryHeard {
            t,
            max_resp: q.max_resp,
        };
        if general {
            self.last_gq = Some(heard);
            return;
        }
        self.seen_mut(q.group).last_gsq = Some(heard);
        let from_querier = !src.is_unspecified() && self.querier.is_none_or(|x| x.addr == src);
        if from_querier {
            self.specific_query_checks(number, t, src, q, sources);
        }
        let rob = self.routers.get(&src).map_or(2, RouterSeen::robustness);
        let lmqt = q.max_resp.saturating_mul(Us::from(rob));
        // The querier lowered its group timer when it took on the series (RFC 3376 §6.6.3.1,
        // modelled where the Leave or TO_IN was seen); its own queries of that series lower
        // nothing again (a report stamped the same instant may precede them in the capture).
        // Nor does a query of the querier's stamped the same instant as a report that precedes
        // it in the capture: the querier may have sent it before it saw the report.
        let own_series = from_querier
            && (sources.is_empty() && self.seen.get(&q.group).is_some_and(|x| x.check.is_some())
                || self.seen.get(&q.group).and_then(|x| x.last_report) == Some(t));
        if !q.s_flag && !own_series {
            if let Some(mut rec) = self.record_at(q.group, t) {
                if v3::lower_on_query(&mut rec, sources, lmqt) {
                    rec.group.lowered = true;
                }
                self.update(q.group, t);
            }
        }
        if from_querier {
            self.query_met(number, t, q.group, sources, q.max_resp);
        }
    }

    /// A snooping switch's query from 0.0.0.0 (RFC 4541 §2.1.1: "the switch may … use 0.0.0.0
    /// as the source"): it is not a router, so it takes no part in the election and is owed no
    /// group-specific query; the report lists it apart.
    fn switch_query(&mut self, number: u64, t: Us, q: QueryFields) {
        self.switch_last = t;
        if self.switch_querier.is_none() {
            self.switch_querier = Some(Querier {
                addr: IpAddr::V4(std::net::Ipv4Addr::UNSPECIFIED),
                version: q.version,
                from_frame: number,
                from: t,
            });
            let (en, ja) = (
                "A snooping switch queries from 0.0.0.0 (a proxy querier): it is not a router, so it is not elected querier and owes no group-specific queries.".to_string(),
                "IGMP スヌーピングスイッチが 0.0.0.0 からクエリーを送っています (代理クエリア)。ルータではないため、クエリアには選ばれず、グループスペシフィッククエリーの義務もありません。".to_string(),
            );
            self.rule(
                &rules::SWITCH_QUERIER,
                vec![number],
                t,
                en,
                ja,
                Some(("switch".into(), Us::MAX)),
            );
        }
    }

    fn router_query(&mut self, number: u64, t: Us, src: IpAddr, q: QueryFields, general: bool) {
        let was_querier = self.querier.is_some_and(|x| x.addr == src);
        let previous_query = self
            .routers
            .get(&src)
            .map(|r| (r.first_query, r.last_query));
        let r = self
            .routers
            .entry(src)
            .or_insert(RouterSeen::new(q.version, t));
        let configured = r.version;
        r.last_query = t;
        if q.version == 3 {
            r.qrv = q.qrv;
            r.qqi_s = q.qqi;
        }
        let mut fresh_gq = false;
        if general {
            r.qri = Some(q.max_resp);
            fresh_gq = r.last_gq.is_none_or(|l| t.saturating_sub(l) > 100 * MS);
            if fresh_gq {
                if let Some(l) = r.last_gq {
                    // Spacings between two queries it sent as querier, after its startup
                    // queries (Startup Query Count = Robustness).
                    if r.last_gq_as_querier && was_querier && r.gq_count >= r.robustness() {
                        r.max_gq_spacing = r.max_gq_spacing.max(t.saturating_sub(l));
                    }
                }
                r.gq_count = r.gq_count.saturating_add(1);
                r.last_gq = Some(t);
            }
        } else {
            r.lmqi = Some(q.max_resp);
        }
        // RFC 3376 §7.3.1: a router queries in the version it is configured for.
        if q.version != configured {
            let (v, first) = (
                self.family.version(q.version),
                self.family.version(configured),
            );
            let (en, ja) = (
                format!("{src} sent an {v} query, but its first queries were {first}: a router does not switch query versions by itself."),
                format!("{src} が {v} クエリーを送りましたが、最初のクエリーは {first} でした。ルータは自分でクエリーのバージョンを変えません。"),
            );
            self.rule(
                &rules::QUERY_VERSION,
                vec![number],
                t,
                en,
                ja,
                Some((src.to_string(), Us::MAX)),
            );
        }
        self.election(number, t, src, q.version, previous_query);
        if fresh_gq {
            let now_querier = self.querier.is_some_and(|x| x.addr == src);
            if let Some(r) = self.routers.get_mut(&src) {
                r.last_gq_as_querier = now_querier;
            }
        }
    }

    /// Rules on a query's own fields.
    fn query_fields(
        &mut self,
        number: u64,
        t: Us,
        src: IpAddr,
        q: QueryFields,
        sources: &[IpAddr],
    ) {
        // RFC 3376 §8.1: "The Robustness Variable MUST NOT be zero, and SHOULD NOT be one."
        if q.version == 3 && q.qrv == 1 {
            let rfc = self.family.cite("RFC 3376 §8.1");
            let (en, ja) = (
                format!("{src} queries with Robustness Variable 1 (QRV): {rfc} says it should not be one, since one lost packet then loses a membership."),
                format!("{src} のクエリーのロバストネス変数 (QRV) が 1 です。{rfc} は 1 にすべきでないとしています (一つのパケット損失でメンバーシップが失われます)。"),
            );
            self.rule(
                &rules::ROBUSTNESS_ONE,
                vec![number],
                t,
                en,
                ja,
                Some((src.to_string(), Us::MAX)),
            );
        }
        // RFC 2236 §8.3, RFC 3376 §8.3: "The number of seconds represented by the [Query
        // Response Interval] must be less than the [Query Interval]."
        let qi = self
            .routers
            .get(&src)
            .and_then(RouterSeen::learned_query_interval);
        if q.group.is_unspecified() && q.version >= 2 {
            if let Some(qi) = qi.filter(|qi| q.max_resp >= *qi) {
                let (max_en, max_ja) = self.family.max_resp();
                let (en, ja) = (
                    format!("{src}'s {max_en} ({} s) is not less than its query interval ({} s): hosts may answer after the next query.", fmt_s(q.max_resp), fmt_s(qi)),
                    format!("{src} の{max_ja} ({} 秒) がクエリー間隔 ({} 秒) 以上です。ホストの応答が次のクエリーより後になることがあります。", fmt_s(q.max_resp), fmt_s(qi)),
                );
                self.rule(
                    &rules::MAX_RESP_NOT_BELOW_INTERVAL,
                    vec![number],
                    t,
                    en,
                    ja,
                    Some((src.to_string(), Us::MAX)),
                );
            }
        }
        // RFC 3376 §4.1.8: the sources are unicast source addresses; 0.0.0.0 is none.
        if sources.iter().any(|s| s.is_unspecified()) {
            let g = q.group;
            let ((what, what_ja), none) = (self.family.source_query(), self.family.unspecified());
            let (en, ja) = (
                format!("{src}'s {what} for {g} names source {none}, which is no source: hosts answer for nothing."),
                format!("{src} の {g} の{what_ja}が送信元 {none} を含みます。これは送信元ではありません。"),
            );
            self.rule(
                &rules::QUERY_SOURCE_UNSPECIFIED,
                vec![number],
                t,
                en,
                ja,
                Some((format!("{src} {g}"), Us::MAX)),
            );
        }
        if q.version < 3 && engine::ssm(q.group) {
            self.ssm_older(number, t, src, q.group, "query");
        }
    }

    /// RFC 4604 §2.2: IGMPv1/v2 messages for SSM groups (232/8) are not to be sent, and routers
    /// ignore them.
    pub(super) fn ssm_older(&mut self, number: u64, t: Us, src: IpAddr, g: IpAddr, what: &str) {
        let f = self.family;
        let (older, newest, range) = match f {
            Family::Igmp => ("IGMPv1/v2", "IGMPv3", "232/8"),
            Family::Mld => ("MLDv1", "MLDv2", "FF3x::/32"),
        };
        let (en, ja) = (
            format!("{src} sent an {older} {what} for {g}, a source-specific multicast group ({range}): SSM needs {newest}, and routers ignore it."),
            format!("{src} が SSM グループ {g} ({range}) について {older} の{}を送りました。SSM には {newest} が必要で、ルータはこれを無視します。", if what == "query" { "クエリー" } else { "レポート" }),
        );
        self.rule(
            &rules::SSM_OLDER_VERSION,
            vec![number],
            t,
            en,
            ja,
            Some((format!("{src} {g}"), Us::MAX)),
        );
    }

    /// RFC 2236 §3, RFC 3376 §6.6.2: the lowest address queries; the others keep quiet for
    /// their Other Querier Present Interval after each of its queries, and take over after it.
    /// A take-over is judged by the router that takes over, with its own timers.
    fn election(&mut self, number: u64, t: Us, src: IpAddr, version: u8, before: Option<(Us, Us)>) {
        let open = Querier {
            addr: src,
            version,
            from_frame: number,
            from: t,
        };
        let Some(q) = self.querier else {
            if let Some((prev, prev_last)) = self.previous {
                // A take-over by a router that was there all along (it queried before).
                let waited = before.is_some_and(|(first, _)| first < prev_last);
                if prev != src && waited {
                    self.judge_takeover(number, t, src, prev, prev_last);
                }
            }
            self.querier = Some(open);
            return;
        };
        if q.addr == src {
            return;
        }
        if src < q.addr {
            // The lower address wins at once.
            self.querier_spans.push(q.span(t));
            self.querier = Some(open);
            return;
        }
        let Some(last) = self.routers.get(&q.addr).map(|r| r.last_query) else {
            return;
        };
        let oqpi = self.taker_oqpi(src, q.addr);
        let gap = t.saturating_sub(last);
        let tol = (oqpi / 20).max(SEC);
        if gap < oqpi.saturating_sub(tol) {
            // A higher address queries while the querier is present. Only a router that was
            // up when the querier queried has heard it (a starting router queries first).
            let heard = before.is_some_and(|(first, _)| first < last);
            if heard {
                let own_qi = self
                    .routers
                    .get(&src)
                    .map_or(125 * SEC, RouterSeen::query_interval);
                let kept_on = before.is_some_and(|(_, mine)| {
                    t.saturating_sub(mine) <= own_qi.saturating_add(own_qi / 2)
                });
                let (rule, en, ja) = if kept_on {
                    (&rules::TWO_QUERIERS,
                        format!("{src} kept querying although {} (a lower address) queried {} s earlier: two routers are querying.", q.addr, fmt_s(gap)),
                        format!("{} (より小さいアドレス) が {} 秒前にクエリーを送ったのに {src} がクエリーを続けています: 二台のルータがクエリーを送っています。", q.addr, fmt_s(gap)))
                } else {
                    (&rules::TAKEOVER_EARLY,
                        format!("{src} resumed querying {} s after querier {}'s last query, before its Other Querier Present Interval ({} s) had passed.", fmt_s(gap), q.addr, fmt_s(oqpi)),
                        format!("{src} はクエリア {} の最後のクエリーから {} 秒でクエリーを再開しました。自身の他クエリア存在間隔 ({} 秒) が過ぎる前です。", q.addr, fmt_s(gap), fmt_s(oqpi)))
                };
                self.rule(rule, vec![number], t, en, ja, Some((src.to_string(), oqpi)));
            }
            return;
        }
        // The querier fell silent and a higher address took over: in time, or late.
        if before.is_some_and(|(first, _)| first < last) {
            self.judge_takeover(number, t, src, q.addr, last);
        }
        self.querier_spans.push(q.span(t));
        self.previous = Some((q.addr, last));
        self.querier = Some(open);
    }

    /// A take-over after the last querier fell silent, judged by the taker's own Other Querier
    /// Present Interval: before it (less tolerance) the taker did not wait; after it (plus
    /// tolerance) the link had no querier for the difference.
    fn judge_takeover(&mut self, number: u64, t: Us, src: IpAddr, prev: IpAddr, prev_last: Us) {
        let oqpi = self.taker_oqpi(src, prev);
        let tol = (oqpi / 20).max(SEC);
        let gap = t.saturating_sub(prev_last);
        if gap < oqpi.saturating_sub(tol) {
            let (en, ja) = (
                format!("{src} resumed querying {} s after querier {prev}'s last query, before its Other Querier Present Interval ({} s) had passed.", fmt_s(gap), fmt_s(oqpi)),
                format!("{src} はクエリア {prev} の最後のクエリーから {} 秒でクエリーを再開しました。自身の他クエリア存在間隔 ({} 秒) が過ぎる前です。", fmt_s(gap), fmt_s(oqpi)),
            );
            self.rule(
                &rules::TAKEOVER_EARLY,
                vec![number],
                t,
                en,
                ja,
                Some((src.to_string(), oqpi)),
            );
        } else if gap > oqpi.saturating_add(tol) {
            let (en, ja) = (
                format!("{src} took over as querier {} s after {prev}'s last query; its Other Querier Present Interval is {} s, so the link had no querier for {} s.", fmt_s(gap), fmt_s(oqpi), fmt_s(gap.saturating_sub(oqpi))),
                format!("{src} は {prev} の最後のクエリーから {} 秒後にクエリアを引き継ぎました。自身の他クエリア存在間隔は {} 秒なので、{} 秒間クエリアがいませんでした。", fmt_s(gap), fmt_s(oqpi), fmt_s(gap.saturating_sub(oqpi))),
            );
            self.rule(&rules::TAKEOVER_LATE, vec![number], t, en, ja, None);
        }
    }
}
