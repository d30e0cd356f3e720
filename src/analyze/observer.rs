//! The passive RFC router model behind [`super::analyze_frames`].

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::net::Ipv4Addr;

use super::rules::{self, Rule};
use super::{
    Analysis, CompatSpan, Finding, GroupHistory, Input, Mark, Membership, Presence, QuerierSpan,
    MAX_FINDINGS, MAX_MARKS,
};
use crate::codec::frame::MessageKind;
use crate::codec::{dissect_with, Diagnostic, IgmpMessage, Options, QueryVersion, Severity};

/// Microseconds since the first frame.
type Us = i64;
const SEC: Us = 1_000_000;
const MS: Us = 1_000;

/// At most this many frame numbers are listed in one finding.
const MAX_FRAMES_PER_FINDING: usize = 256;

fn secs(t: Us) -> f64 {
    (t as f64) / 1e6
}

fn fmt_s(t: Us) -> String {
    format!("{:.3}", secs(t))
}

/// 224.0.0.0/24: routers never forward these, so they keep no forwarding state for them and
/// owe them no group-specific queries (RFC 5771 §4; Linux's bridge and FRR ignore them).
fn link_local(g: Ipv4Addr) -> bool {
    let o = g.octets();
    o[0] == 224 && o[1] == 0 && o[2] == 0
}

/// What the traffic says (or the RFC defaults) about one router's timers.
#[derive(Clone, Debug)]
struct RouterSeen {
    /// The version of its first query: its configured mode.
    version: u8,
    first_query: Us,
    last_query: Us,
    last_gq: Option<Us>,
    /// General queries counted (duplicates within 100 ms, as a merged per-port capture shows
    /// them, count once).
    gq_count: u32,
    /// The largest spacing of its general queries after the startup ones (RFC 2236 §8.6, §8.7:
    /// the startup queries are a quarter of the Query Interval apart).
    max_gq_spacing: Us,
    qrv: u8,
    qqi_s: u32,
    qri: Option<Us>,
    lmqi: Option<Us>,
}

impl RouterSeen {
    /// A router first heard at `t` querying in `version`; nothing learned yet.
    fn new(version: u8, t: Us) -> RouterSeen {
        RouterSeen {
            version,
            first_query: t,
            last_query: t,
            last_gq: None,
            gq_count: 0,
            max_gq_spacing: 0,
            qrv: 0,
            qqi_s: 0,
            qri: None,
            lmqi: None,
        }
    }

    fn robustness(&self) -> Us {
        if self.qrv == 0 {
            2
        } else {
            Us::from(self.qrv)
        }
    }
    /// RFC 3376 §4.1.7 (QQIC) for v3; the observed spacing for v1/v2 (which do not say it);
    /// RFC 2236 §8.2's 125 s until either is known.
    fn query_interval(&self) -> Us {
        if self.version == 3 && self.qqi_s > 0 {
            Us::from(self.qqi_s).saturating_mul(SEC)
        } else if self.max_gq_spacing > 0 {
            self.max_gq_spacing
        } else {
            125 * SEC
        }
    }
    fn query_response_interval(&self) -> Us {
        self.qri.unwrap_or(10 * SEC)
    }
    fn last_member_query_interval(&self) -> Us {
        self.lmqi.unwrap_or(SEC)
    }
    /// RFC 2236 §8.4, RFC 3376 §8.4.
    fn group_membership_interval(&self) -> Us {
        self.robustness()
            .saturating_mul(self.query_interval())
            .saturating_add(self.query_response_interval())
    }
    /// RFC 2236 §8.5, RFC 3376 §8.5.
    fn other_querier_present_interval(&self) -> Us {
        self.robustness()
            .saturating_mul(self.query_interval())
            .saturating_add(self.query_response_interval() / 2)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    Include,
    Exclude,
}

#[derive(Clone, Debug)]
struct Member {
    from: Us,
    /// The sources it asked for, or `None` for any source (EXCLUDE, or a v1/v2 report).
    include: Option<BTreeSet<Ipv4Addr>>,
}

/// A router's record of one group (RFC 3376 §6.2.1), and what the observer follows around it.
#[derive(Clone, Debug)]
struct Group {
    mode: Mode,
    group_timer: Us,
    /// INCLUDE: the requested sources and their timers. EXCLUDE: X (timer > now) and Y
    /// (timer 0: blocked).
    sources: BTreeMap<Ipv4Addr, Us>,
    /// Older Host Present timers for v1 and v2 hosts (RFC 3376 §7.3.2; RFC 2236 §7's
    /// v1-host-present).
    older: [Us; 2],
    compat: u8,
    compat_since: Us,
    present_since: Option<Us>,
    /// The timers were last lowered by a heard group-specific query (so an expiry ends the
    /// group by a leave, not a timeout).
    lowered: bool,
    last_reporter: Option<Ipv4Addr>,
    members: BTreeMap<Ipv4Addr, Member>,
    /// The deadline this group is queued under.
    queued: Option<Us>,
}

impl Group {
    fn new(link_version: u8, t: Us) -> Group {
        Group {
            mode: Mode::Include,
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
        }
    }
    fn present(&self) -> bool {
        self.mode == Mode::Exclude || !self.sources.is_empty()
    }
    fn x(&self, now: Us) -> BTreeSet<Ipv4Addr> {
        self.sources
            .iter()
            .filter(|(_, d)| **d > now)
            .map(|(s, _)| *s)
            .collect()
    }
    fn y(&self, now: Us) -> BTreeSet<Ipv4Addr> {
        self.sources
            .iter()
            .filter(|(_, d)| **d <= now)
            .map(|(s, _)| *s)
            .collect()
    }
    /// (B)=T: these sources' timers.
    fn set_source_timers(&mut self, b: &BTreeSet<Ipv4Addr>, until: Us) {
        for s in b {
            self.sources.insert(*s, until);
        }
    }

    /// (A-X-Y)=T: the sources not yet known get a timer.
    fn add_new_sources(
        &mut self,
        b: &BTreeSet<Ipv4Addr>,
        x: &BTreeSet<Ipv4Addr>,
        y: &BTreeSet<Ipv4Addr>,
        timer: Us,
    ) {
        for s in b {
            if !x.contains(s) && !y.contains(s) {
                self.sources.insert(*s, timer);
            }
        }
    }

    fn next_deadline(&self, now: Us) -> Option<Us> {
        let mut next: Option<Us> = None;
        let mut consider = |d: Us| {
            if d > now {
                next = Some(next.map_or(d, |n| n.min(d)));
            }
        };
        if self.mode == Mode::Exclude {
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

/// One group: the router's record while it has one, its history, its last group-specific
/// query and its last-member check.
#[derive(Debug)]
struct Seen {
    group: Option<Group>,
    history: GroupHistory,
    last_gsq: Option<QueryHeard>,
    check: Option<Check>,
}

impl Seen {
    fn new(g: Ipv4Addr) -> Seen {
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
        }
    }
}

/// A group-specific query the querier owes (RFC 3376 §6.4.2 "Send Q(G)", "Send Q(G,S)";
/// RFC 2236 §3 for a Leave).
#[derive(Clone, Debug)]
struct Expectation {
    group: Ipv4Addr,
    /// `None`: Q(G); `Some`: Q(G,S) for these sources.
    sources: Option<BTreeSet<Ipv4Addr>>,
    frames: Vec<u64>,
    t: Us,
    deadline: Us,
    why_en: String,
    why_ja: String,
}

/// The last-member queries of one Leave (or TO_IN), counted and timed.
#[derive(Clone, Debug)]
struct Check {
    t: Us,
    end: Us,
    frames: Vec<u64>,
    /// When each Leave / TO_IN that asked for Q(G) came: each one rightly gets an immediate
    /// query of its own (RFC 3376 §6.4.2 "Send Q(G)" runs for every such record).
    triggers: Vec<Us>,
    /// (time, frame, Max Resp) of each group-specific query heard.
    queries: Vec<(Us, u64, Us)>,
    report_at: Option<Us>,
    count: Us,
}

#[derive(Clone, Copy, Debug)]
struct Querier {
    addr: Ipv4Addr,
    version: u8,
    from_frame: u64,
    from: Us,
}

#[derive(Clone, Copy, Debug)]
struct QueryHeard {
    t: Us,
    max_resp: Us,
}

/// Feed it frames in capture order ([`Analyzer::observe`]), then [`Analyzer::finish`].
#[derive(Debug, Default)]
pub struct Analyzer {
    first: Option<(i64, u32)>,
    now: Us,
    frames: u64,
    igmp_frames: u64,
    routers: BTreeMap<Ipv4Addr, RouterSeen>,
    querier: Option<Querier>,
    /// The last querier that timed out, and when it had last queried.
    previous: Option<(Ipv4Addr, Us)>,
    querier_spans: Vec<QuerierSpan>,
    /// Everything about each group ever seen (one map, so that the bundle carries one B-tree).
    seen: BTreeMap<Ipv4Addr, Seen>,
    /// The groups with a last-member check in progress.
    checking: Vec<Ipv4Addr>,
    queue: BinaryHeap<Reverse<(Us, Ipv4Addr)>>,
    expectations: Vec<Expectation>,
    last_gq: Option<QueryHeard>,
    findings: Vec<Finding>,
    dropped: u64,
    /// (rule, key) → (finding index, time of its last frame): repeated findings merge.
    merge: BTreeMap<(String, String), (usize, Us)>,
    no_querier_noted: bool,
    /// Fingerprints of the last 10 ms of frames: a byte-identical copy is the same packet seen at another
    /// capture point (a merged per-port capture, a switch's forwarded copy).
    recent: Vec<(Us, u64)>,
    marks: Vec<Mark>,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Observes one frame (any frame: those without IGMP are counted and skipped).
    pub fn observe(&mut self, input: Input<'_>) {
        self.frames = self.frames.saturating_add(1);
        let number = self.frames;
        let t = self.relative(input.ts_sec, input.ts_nsec);
        // A capture may go back in time (merged files); the model's clock never does.
        let t = t.max(self.now);
        self.advance(t);
        // A fingerprint, not a copy: no allocation per frame on this path.
        let print = fingerprint(input.bytes);
        self.recent
            .retain(|(at, _)| t.saturating_sub(*at) <= 10 * MS);
        if self.recent.iter().any(|(_, p)| *p == print) {
            return;
        }
        if self.recent.len() < 256 {
            self.recent.push((t, print));
        }
        let d = dissect_with(input.link, input.bytes, Options { tree: false });
        if d.info.not_igmp {
            // ARP, UDP, IPv6, …: not this analysis' business.
            return;
        }
        if d.info.kind.is_some() || !d.diagnostics.is_empty() {
            self.igmp_frames = self.igmp_frames.saturating_add(1);
        }
        for diag in &d.diagnostics {
            self.diagnostic(diag, d.info.kind, number, t);
        }
        let Some(frame) = d.frame else {
            return;
        };
        let src = frame.ip.src;
        let message = frame.igmp.message();
        if self.marks.len() < MAX_MARKS {
            self.marks.push(Mark {
                frame: number,
                t: secs(t),
                src,
                kind: message.kind(),
                group: message.group(),
            });
        }
        match message {
            IgmpMessage::Query {
                version,
                max_resp_tenths,
                group,
                s_flag,
                qrv,
                qqi,
                sources,
            } => {
                let version = match version {
                    QueryVersion::V1 => 1,
                    QueryVersion::V2 => 2,
                    QueryVersion::V3 => 3,
                };
                let max_resp = Us::from(max_resp_tenths).saturating_mul(100 * MS);
                self.query(
                    number, t, src, version, max_resp, group, s_flag, qrv, qqi, &sources,
                );
            }
            IgmpMessage::V1Report { group } => self.old_report(number, t, src, group, 1),
            IgmpMessage::V2Report { group } => self.old_report(number, t, src, group, 2),
            IgmpMessage::Leave { group } => self.leave(number, t, src, group),
            IgmpMessage::V3Report { records } => {
                for r in records {
                    let b: BTreeSet<Ipv4Addr> = r.sources.iter().copied().collect();
                    self.v3_record(number, t, src, r.group, r.record_type, b);
                }
            }
            IgmpMessage::Other { .. } => {}
        }
    }

    fn relative(&mut self, sec: i64, nsec: u32) -> Us {
        let (s0, n0) = *self.first.get_or_insert((sec, nsec));
        let ns =
            (i128::from(sec) - i128::from(s0)) * 1_000_000_000 + i128::from(nsec) - i128::from(n0);
        Us::try_from(ns / 1000).unwrap_or(if ns < 0 { 0 } else { Us::MAX / 4 })
    }

    // ----- findings ------------------------------------------------------------------------

    /// Adds a finding; with a `merge` key, a finding of the same rule and key made within
    /// `window` gets the frames instead (a merged per-port capture repeats frames; a router
    /// that keeps breaking a rule is one finding).
    #[allow(clippy::too_many_arguments, reason = "a finding has this many parts")]
    fn add(
        &mut self,
        rule: &str,
        rfc: &'static str,
        severity: Severity,
        frames: Vec<u64>,
        t: Us,
        en: String,
        ja: String,
        merge: Option<(String, Us)>,
    ) {
        if let Some((key, window)) = &merge {
            let k = (rule.to_string(), key.clone());
            if let Some((i, last)) = self.merge.get(&k).copied() {
                if t.saturating_sub(last) <= *window {
                    if let Some(f) = self.findings.get_mut(i) {
                        for n in frames {
                            if let Err(at) = f.frames.binary_search(&n) {
                                if f.frames.len() < MAX_FRAMES_PER_FINDING {
                                    f.frames.insert(at, n);
                                }
                            }
                        }
                    }
                    self.merge.insert(k, (i, t));
                    return;
                }
            }
        }
        if self.findings.len() >= MAX_FINDINGS {
            self.dropped = self.dropped.saturating_add(1);
            return;
        }
        if let Some((key, _)) = merge {
            self.merge
                .insert((rule.to_string(), key), (self.findings.len(), t));
        }
        // Frame numbers in order, once each (inserted in place: no sort to carry).
        let mut sorted: Vec<u64> = Vec::with_capacity(frames.len());
        for n in frames {
            if let Err(at) = sorted.binary_search(&n) {
                if sorted.len() < MAX_FRAMES_PER_FINDING {
                    sorted.insert(at, n);
                }
            }
        }
        self.findings.push(Finding {
            rule: rule.to_string(),
            rfc,
            severity,
            frames: sorted,
            t: secs(t),
            en,
            ja,
        });
    }

    fn rule(
        &mut self,
        r: &Rule,
        frames: Vec<u64>,
        t: Us,
        en: String,
        ja: String,
        merge: Option<(String, Us)>,
    ) {
        self.add(r.id, r.rfc, r.severity, frames, t, en, ja, merge);
    }

    /// The codec's per-frame diagnostics, one finding per distinct message; a report or Leave
    /// to the wrong address becomes the `report-destination` rule.
    fn diagnostic(&mut self, d: &Diagnostic, kind: Option<MessageKind>, number: u64, t: Us) {
        let en = d.message.get(crate::codec::Lang::En).to_string();
        let ja = d.message.get(crate::codec::Lang::Ja).to_string();
        let is_report = matches!(
            kind,
            Some(
                MessageKind::V1Report
                    | MessageKind::V2Report
                    | MessageKind::V2Leave
                    | MessageKind::V3Report
            )
        );
        if d.code == "ip.wrong_destination" && is_report {
            let r = rules::REPORT_DESTINATION;
            let key = en.clone();
            self.add(
                r.id,
                r.rfc,
                d.severity,
                vec![number],
                t,
                en,
                ja,
                Some((key, Us::MAX)),
            );
            return;
        }
        let key = en.clone();
        self.add(
            d.code,
            d.rfc,
            d.severity,
            vec![number],
            t,
            en,
            ja,
            Some((key, Us::MAX)),
        );
    }

    // ----- time ----------------------------------------------------------------------------

    /// Runs every timer that expires up to `now`, in order.
    fn advance(&mut self, now: Us) {
        // The querier is gone when its Other Querier Present Interval passes in silence.
        if let Some(q) = self.querier {
            if let Some(r) = self.routers.get(&q.addr) {
                let gone = r
                    .last_query
                    .saturating_add(r.other_querier_present_interval());
                if gone <= now {
                    self.querier_spans.push(QuerierSpan {
                        address: q.addr,
                        version: q.version,
                        from_frame: q.from_frame,
                        from: secs(q.from),
                        to: secs(gone),
                    });
                    self.previous = Some((q.addr, r.last_query));
                    self.querier = None;
                }
            }
        }
        while let Some(Reverse((d, g))) = self.queue.peek().copied() {
            if d > now {
                break;
            }
            self.queue.pop();
            let current = self.group(g).and_then(|x| x.queued);
            if current == Some(d) {
                self.expire(g, d);
            }
        }
        // Expectations not met in time.
        let mut i = 0;
        while i < self.expectations.len() {
            if self.expectations.get(i).is_some_and(|e| e.deadline <= now) {
                let e = self.expectations.swap_remove(i);
                self.missed(e);
            } else {
                i += 1;
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
                i += 1;
                continue;
            }
            self.checking.swap_remove(i);
            if let Some(c) = self.seen.get_mut(&g).and_then(|x| x.check.take()) {
                self.judge_check(g, c, true);
            }
        }
        self.now = now;
    }

    /// Applies the expiries of group `g` at `d` (RFC 3376 §6.5, §7.3.2; RFC 2236 §7).
    fn expire(&mut self, g: Ipv4Addr, d: Us) {
        let Some(gr) = self.group_mut(g) else {
            return;
        };
        gr.queued = None;
        if gr.mode == Mode::Exclude && gr.group_timer <= d {
            // §6.5: the group timer expires in EXCLUDE mode: INCLUDE with the running sources.
            gr.mode = Mode::Include;
            gr.sources.retain(|_, t| *t > d);
        }
        if gr.mode == Mode::Include {
            gr.sources.retain(|_, t| *t > d);
        }
        self.update(g, d);
    }

    /// After any change to group `g` at `t`: compatibility mode, presence, membership, queue.
    fn update(&mut self, g: Ipv4Addr, t: Us) {
        let link = self.link_version();
        let Some(seen) = self.seen.get_mut(&g) else {
            return;
        };
        let Some(gr) = seen.group.as_mut() else {
            return;
        };
        let hist = &mut seen.history;
        let compat = if gr.older[0] > t {
            1
        } else if gr.older[1] > t {
            2.min(link)
        } else {
            link
        };
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

    // ----- queriers ------------------------------------------------------------------------

    fn link_version(&self) -> u8 {
        self.querier
            .map(|q| q.version)
            .or_else(|| {
                self.previous
                    .and_then(|(a, _)| self.routers.get(&a).map(|r| r.version))
            })
            .unwrap_or(3)
    }

    fn querier_params(&self) -> Option<&RouterSeen> {
        self.querier.and_then(|q| self.routers.get(&q.addr))
    }

    fn params(&self) -> RouterSeen {
        self.querier_params()
            .cloned()
            .unwrap_or(RouterSeen::new(3, 0))
    }

    #[allow(clippy::too_many_arguments, reason = "the fields of a query")]
    fn query(
        &mut self,
        number: u64,
        t: Us,
        src: Ipv4Addr,
        version: u8,
        max_resp: Us,
        group: Ipv4Addr,
        s_flag: bool,
        qrv: u8,
        qqi: u32,
        sources: &[Ipv4Addr],
    ) {
        let general = group.is_unspecified();
        let previous_query = self
            .routers
            .get(&src)
            .map(|r| (r.first_query, r.last_query));
        let r = self
            .routers
            .entry(src)
            .or_insert(RouterSeen::new(version, t));
        let configured = r.version;
        r.last_query = t;
        if version == 3 {
            r.qrv = qrv;
            r.qqi_s = qqi;
        }
        if general {
            r.qri = Some(max_resp);
            let fresh = r.last_gq.is_none_or(|l| t.saturating_sub(l) > 100 * MS);
            if fresh {
                if let Some(l) = r.last_gq {
                    // Spacings after the startup queries (Startup Query Count = Robustness).
                    if Us::from(r.gq_count) >= r.robustness() {
                        r.max_gq_spacing = r.max_gq_spacing.max(t.saturating_sub(l));
                    }
                }
                r.gq_count = r.gq_count.saturating_add(1);
                r.last_gq = Some(t);
            }
        } else {
            r.lmqi = Some(max_resp);
        }
        // RFC 3376 §7.3.1: a router queries in the version it is configured for.
        if version != configured {
            let (en, ja) = (
                format!("{src} sent an IGMPv{version} query, but its first queries were IGMPv{configured}: a router does not switch query versions by itself."),
                format!("{src} が IGMPv{version} クエリーを送りましたが、最初のクエリーは IGMPv{configured} でした。ルータは自分でクエリーのバージョンを変えません。"),
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
        self.election(number, t, src, version, previous_query);
        // What a non-querier does with a query it hears (RFC 3376 §6.6.1, RFC 2236 §3).
        let heard = QueryHeard { t, max_resp };
        if general {
            self.last_gq = Some(heard);
            return;
        }
        self.seen
            .entry(group)
            .or_insert_with(|| Seen::new(group))
            .last_gsq = Some(heard);
        let rob = self.routers.get(&src).map_or(2, RouterSeen::robustness);
        let lmqt = max_resp.saturating_mul(rob);
        let lowered_until = t.saturating_add(lmqt);
        if let Some(gr) = self.group_mut(group) {
            if !s_flag {
                if sources.is_empty() {
                    if gr.mode == Mode::Exclude && gr.group_timer > lowered_until {
                        gr.group_timer = lowered_until;
                        gr.lowered = true;
                    }
                } else {
                    for s in sources {
                        if let Some(d) = gr.sources.get_mut(s) {
                            if *d > lowered_until {
                                *d = lowered_until;
                                gr.lowered = true;
                            }
                        }
                    }
                }
                self.update(group, t);
            }
        }
        // Owed queries met.
        let from_querier = self.querier.is_none_or(|q| q.addr == src);
        if from_querier {
            let set: BTreeSet<Ipv4Addr> = sources.iter().copied().collect();
            self.expectations.retain(|e| {
                e.group != group
                    || match &e.sources {
                        None => !set.is_empty(),
                        Some(want) => want.is_disjoint(&set),
                    }
            });
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
    }

    /// RFC 2236 §3, RFC 3376 §6.6.2: the lowest address queries; the others keep quiet for
    /// the Other Querier Present Interval after each of its queries, and take over after it.
    fn election(
        &mut self,
        number: u64,
        t: Us,
        src: Ipv4Addr,
        version: u8,
        before: Option<(Us, Us)>,
    ) {
        let open = |addr| Querier {
            addr,
            version,
            from_frame: number,
            from: t,
        };
        let Some(q) = self.querier else {
            if let Some((prev, prev_last)) = self.previous {
                let oqpi = self
                    .routers
                    .get(&prev)
                    .map_or(255 * SEC, RouterSeen::other_querier_present_interval);
                let tol = (oqpi / 20).max(SEC);
                let gap = t.saturating_sub(prev_last);
                // A take-over by a router that was there all along (it queried before).
                let waited = before.is_some_and(|(first, _)| first < prev_last);
                if prev != src && waited && gap > oqpi.saturating_add(tol) {
                    let (en, ja) = (
                        format!("{src} took over as querier {} s after {prev}'s last query; the Other Querier Present Interval is {} s, so the link had no querier for {} s.", fmt_s(gap), fmt_s(oqpi), fmt_s(gap - oqpi)),
                        format!("{src} は {prev} の最後のクエリーから {} 秒後にクエリアを引き継ぎました。他クエリア存在間隔は {} 秒なので、{} 秒間クエリアがいませんでした。", fmt_s(gap), fmt_s(oqpi), fmt_s(gap - oqpi)),
                    );
                    self.rule(&rules::TAKEOVER_LATE, vec![number], t, en, ja, None);
                }
            }
            self.querier = Some(open(src));
            return;
        };
        if q.addr == src {
            return;
        }
        let close = |to: Us| QuerierSpan {
            address: q.addr,
            version: q.version,
            from_frame: q.from_frame,
            from: secs(q.from),
            to: secs(to),
        };
        if src < q.addr {
            // The lower address wins at once.
            self.querier_spans.push(close(t));
            self.querier = Some(open(src));
            return;
        }
        let Some(qr) = self.routers.get(&q.addr).cloned() else {
            return;
        };
        let oqpi = qr.other_querier_present_interval();
        let gap = t.saturating_sub(qr.last_query);
        let tol = (oqpi / 20).max(SEC);
        if gap < oqpi.saturating_sub(tol) {
            // A higher address queries while the querier is present. Only a router that was
            // up when the querier queried has heard it (a starting router queries first).
            let heard = before.is_some_and(|(first, _)| first < qr.last_query);
            if heard {
                let own_qi = self
                    .routers
                    .get(&src)
                    .map_or(125 * SEC, RouterSeen::query_interval);
                let kept_on = before.is_some_and(|(_, last)| {
                    t.saturating_sub(last) <= own_qi.saturating_add(own_qi / 2)
                });
                if kept_on {
                    let (en, ja) = (
                        format!("{src} kept querying although {} (a lower address) queried {} s earlier: two routers are querying.", q.addr, fmt_s(gap)),
                        format!("{} (より小さいアドレス) が {} 秒前にクエリーを送ったのに {src} がクエリーを続けています: 二台のルータがクエリーを送っています。", q.addr, fmt_s(gap)),
                    );
                    self.rule(
                        &rules::TWO_QUERIERS,
                        vec![number],
                        t,
                        en,
                        ja,
                        Some((src.to_string(), oqpi)),
                    );
                } else {
                    let (en, ja) = (
                        format!("{src} resumed querying {} s after querier {}'s last query, before the Other Querier Present Interval ({} s) had passed.", fmt_s(gap), q.addr, fmt_s(oqpi)),
                        format!("{src} はクエリア {} の最後のクエリーから {} 秒でクエリーを再開しました。他クエリア存在間隔 ({} 秒) が過ぎる前です。", q.addr, fmt_s(gap), fmt_s(oqpi)),
                    );
                    self.rule(
                        &rules::TAKEOVER_EARLY,
                        vec![number],
                        t,
                        en,
                        ja,
                        Some((src.to_string(), oqpi)),
                    );
                }
            }
            return;
        }
        // The querier fell silent and a higher address took over (checked in `advance` once
        // the interval passes; here the take-over came within the tolerance of it).
        self.querier_spans
            .push(close(t.min(qr.last_query.saturating_add(oqpi))));
        self.previous = Some((q.addr, qr.last_query));
        self.querier = Some(open(src));
    }

    // ----- reports -------------------------------------------------------------------------

    fn group_or_new(&mut self, g: Ipv4Addr, t: Us) -> &mut Group {
        let link = self.link_version();
        self.seen
            .entry(g)
            .or_insert_with(|| Seen::new(g))
            .group
            .get_or_insert_with(|| Group::new(link, t))
    }

    /// A report that answers a query must come within its Max Resp Time (RFC 2236 §3,
    /// RFC 3376 §5.2).
    fn check_answer_time(&mut self, number: u64, t: Us, host: Ipv4Addr, g: Ipv4Addr) {
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
                .saturating_add(tolerance(q.max_resp))
        });
        if in_time {
            return;
        }
        let late = t.saturating_sub(q.t);
        let (en, ja) = (
            format!("{host} answered for {g} {} s after the query at {} s, whose Max Resp Time is {} s.", fmt_s(late), fmt_s(q.t), fmt_s(q.max_resp)),
            format!("{host} は {} 秒のクエリー (最大応答時間 {} 秒) に {} 秒後に {g} のレポートで応答しました。", fmt_s(q.t), fmt_s(q.max_resp), fmt_s(late)),
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

    /// A v1 or v2 Membership Report: IS_EX({}) (RFC 3376 §7.3.2; RFC 2236 §7).
    fn old_report(&mut self, number: u64, t: Us, host: Ipv4Addr, g: Ipv4Addr, version: u8) {
        let p = self.params();
        let gmi = p.group_membership_interval();
        let link = self.link_version();
        let joined_at = self
            .group(g)
            .and_then(|gr| gr.members.get(&host))
            .map(|m| m.from);
        // An unsolicited report is a join or its repetition within the Unsolicited Report
        // Interval (RFC 2236 §8.10: 10 s); the others answer queries.
        if joined_at.is_some_and(|from| t.saturating_sub(from) > 10 * SEC + SEC / 2) {
            self.check_answer_time(number, t, host, g);
        }
        let gr = self.group_or_new(g, t);
        let before = gr.compat;
        if version < 3 {
            if let Some(slot) = gr.older.get_mut(usize::from(version - 1)) {
                *slot = t.saturating_add(gmi);
            }
        }
        gr.last_reporter = Some(host);
        gr.members
            .entry(host)
            .or_insert(Member {
                from: t,
                include: None,
            })
            .include = None;
        self.record(g, t, Kind::IsEx, BTreeSet::new(), number, gmi);
        self.update(g, t);
        if let Some(c) = self.check_mut(g) {
            c.report_at.get_or_insert(t);
        }
        let after = self.group(g).map_or(before, |x| x.compat);
        if self.querier.is_some() && version < link && after < before && !link_local(g) {
            let (en, ja) = (
                format!("{host}'s IGMPv{version} report puts {g} in IGMPv{version} compatibility mode on this IGMPv{link} link{}.", if version == 1 { ": Leaves for it are ignored" } else { ": source filters (BLOCK, TO_EX sources) are ignored" }),
                format!("{host} の IGMPv{version} レポートで {g} はこの IGMPv{link} リンク上で IGMPv{version} 互換モードになります{}。", if version == 1 { " (リーブメッセージは無視されます)" } else { " (BLOCK や TO_EX のソースは無視されます)" }),
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

    /// A v2 Leave: TO_IN({}) unless the group is in v1 compatibility mode (RFC 3376 §7.3.2,
    /// RFC 2236 §7: "Version 1 Members Present" ignores Leaves).
    fn leave(&mut self, number: u64, t: Us, host: Ipv4Addr, g: Ipv4Addr) {
        let last = self.group(g).and_then(|gr| gr.last_reporter);
        if let Some(last) = last {
            if last != host {
                let (en, ja) = (
                    format!("{host} sent a Leave for {g}, but the last report for it came from {last}."),
                    format!("{host} が {g} のリーブメッセージを送りましたが、最後のレポートは {last} からでした。"),
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
        }
        if let Some(seen) = self.seen.get_mut(&g) {
            if let Some(gr) = seen.group.as_mut() {
                if let Some(m) = gr.members.remove(&host) {
                    seen.history.members.push(Membership {
                        host,
                        from: secs(m.from),
                        to: secs(t),
                    });
                }
                if gr.compat == 1 {
                    return;
                }
            }
        }
        let gmi = self.params().group_membership_interval();
        self.record(g, t, Kind::ToIn, BTreeSet::new(), number, gmi);
        self.update(g, t);
    }

    fn v3_record(
        &mut self,
        number: u64,
        t: Us,
        host: Ipv4Addr,
        g: Ipv4Addr,
        record_type: u8,
        b: BTreeSet<Ipv4Addr>,
    ) {
        let Some(kind) = Kind::of(record_type) else {
            return;
        };
        if matches!(kind, Kind::IsIn | Kind::IsEx) {
            self.check_answer_time(number, t, host, g);
        }
        let gmi = self.params().group_membership_interval();
        let gr = self.group_or_new(g, t);
        // What the host asks for.
        let ends = match kind {
            Kind::IsEx | Kind::ToEx => {
                gr.members
                    .entry(host)
                    .or_insert(Member {
                        from: t,
                        include: None,
                    })
                    .include = None;
                false
            }
            Kind::IsIn | Kind::ToIn => {
                if b.is_empty() {
                    true
                } else {
                    gr.members
                        .entry(host)
                        .or_insert(Member {
                            from: t,
                            include: None,
                        })
                        .include = Some(b.clone());
                    false
                }
            }
            Kind::Allow => {
                if !b.is_empty() {
                    let m = gr.members.entry(host).or_insert(Member {
                        from: t,
                        include: Some(BTreeSet::new()),
                    });
                    if let Some(set) = &mut m.include {
                        set.extend(b.iter().copied());
                    }
                }
                false
            }
            Kind::Block => match gr.members.get_mut(&host) {
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
        };
        if ends {
            if let Some(m) = gr.members.remove(&host) {
                self.history(g).members.push(Membership {
                    host,
                    from: secs(m.from),
                    to: secs(t),
                });
            }
        }
        let compat = self.group(g).map_or(3, |x| x.compat);
        // RFC 3376 §7.3.2: in v2 mode BLOCK is ignored and TO_EX(S) is TO_EX({}); in v1 mode
        // TO_IN is ignored too.
        let (kind, b) = match (compat, kind) {
            (1 | 2, Kind::Block) | (1, Kind::ToIn) => {
                self.update(g, t);
                return;
            }
            (1 | 2, Kind::ToEx) => (Kind::ToEx, BTreeSet::new()),
            _ => (kind, b),
        };
        let raises = matches!(kind, Kind::IsIn | Kind::IsEx | Kind::Allow | Kind::ToEx)
            || (kind == Kind::ToIn && !b.is_empty());
        self.record(g, t, kind, b, number, gmi);
        self.update(g, t);
        if raises {
            if let Some(c) = self.check_mut(g) {
                c.report_at.get_or_insert(t);
            }
        }
    }

    /// RFC 3376 §6.4.1 and §6.4.2: the router's new state and the queries it owes.
    fn record(
        &mut self,
        g: Ipv4Addr,
        t: Us,
        kind: Kind,
        b: BTreeSet<Ipv4Addr>,
        number: u64,
        gmi: Us,
    ) {
        let until = t.saturating_add(gmi);
        let Some(gr) = self.group_mut(g) else {
            return;
        };
        let x = gr.x(t);
        let y = gr.y(t);
        let a: BTreeSet<Ipv4Addr> = gr.sources.keys().copied().collect();
        let mut owe_group = false;
        let mut owe_sources: BTreeSet<Ipv4Addr> = BTreeSet::new();
        match (gr.mode, kind) {
            (Mode::Include, Kind::IsIn | Kind::Allow)
            | (Mode::Exclude, Kind::IsIn | Kind::Allow) => {
                gr.set_source_timers(&b, until);
                if !b.is_empty() {
                    gr.lowered = false;
                }
            }
            (Mode::Include, Kind::IsEx | Kind::ToEx) => {
                // EXCLUDE(A*B, B-A); (B-A)=0; delete (A-B); Group Timer=GMI.
                gr.sources.retain(|s, _| b.contains(s));
                for s in b.difference(&a) {
                    gr.sources.insert(*s, 0);
                }
                if kind == Kind::ToEx {
                    owe_sources = a.intersection(&b).copied().collect();
                }
                gr.mode = Mode::Exclude;
                gr.group_timer = until;
                gr.lowered = false;
            }
            (Mode::Include, Kind::ToIn) => {
                // A+B; (B)=GMI; Send Q(G,A-B).
                gr.set_source_timers(&b, until);
                owe_sources = a.difference(&b).copied().collect();
            }
            (Mode::Include, Kind::Block) => {
                owe_sources = a.intersection(&b).copied().collect();
            }
            (Mode::Exclude, Kind::IsEx | Kind::ToEx) => {
                // EXCLUDE(A-Y, Y*A); (A-X-Y)=GMI (IS_EX) or Group Timer (TO_EX); delete X-A,
                // Y-A; Group Timer=GMI; TO_EX: Send Q(G,A-Y).
                let new_timer = if kind == Kind::IsEx {
                    until
                } else {
                    gr.group_timer
                };
                gr.sources.retain(|s, _| b.contains(s));
                gr.add_new_sources(&b, &x, &y, new_timer);
                if kind == Kind::ToEx {
                    owe_sources = b.difference(&y).copied().collect();
                }
                gr.group_timer = until;
                gr.lowered = false;
            }
            (Mode::Exclude, Kind::ToIn) => {
                // X+A, Y-A; (A)=GMI; Send Q(G,X-A); Send Q(G).
                gr.set_source_timers(&b, until);
                owe_sources = x.difference(&b).copied().collect();
                owe_group = true;
            }
            (Mode::Exclude, Kind::Block) => {
                // EXCLUDE(X+(A-X-Y), Y); (A-X-Y)=Group Timer; Send Q(G,A-Y).
                let gt = gr.group_timer;
                gr.add_new_sources(&b, &x, &y, gt);
                owe_sources = b.difference(&y).copied().collect();
            }
        }
        if link_local(g) {
            return;
        }
        let why = |what: &str| match kind {
            Kind::ToIn if b.is_empty() => (
                format!("{what} after a Leave / TO_IN({{}})"),
                format!("リーブメッセージ / TO_IN({{}}) の後の{what}"),
            ),
            _ => (
                format!("{what} after {}", kind.name()),
                format!("{} の後の{what}", kind.name()),
            ),
        };
        if owe_group {
            let (en, ja) = why("group-specific query");
            self.owe(g, None, number, t, en, ja);
        }
        if !owe_sources.is_empty() {
            let (en, ja) = why("group-and-source-specific query");
            self.owe(g, Some(owe_sources), number, t, en, ja);
        }
    }

    fn owe(
        &mut self,
        g: Ipv4Addr,
        sources: Option<BTreeSet<Ipv4Addr>>,
        number: u64,
        t: Us,
        why_en: String,
        why_ja: String,
    ) {
        let Some(p) = self.querier_params().cloned() else {
            if !self.no_querier_noted {
                self.no_querier_noted = true;
                let (en, ja) = (
                    format!("No querier had been heard when frame {number} asked for a {why_en} of {g}: nothing on this link answers it."),
                    format!("フレーム {number} は {g} の{why_ja}を必要としますが、それまでにクエリアが見えません。このリンクでは誰も応えません。"),
                );
                self.rule(&rules::NO_QUERIER, vec![number], t, en, ja, None);
            }
            return;
        };
        // A pending expectation or an ongoing last-member check already covers it.
        if sources.is_none() {
            if let Some(c) = self.check_mut(g) {
                if c.frames.len() < MAX_FRAMES_PER_FINDING {
                    c.frames.push(number);
                    c.triggers.push(t);
                }
                let lmqi = p.last_member_query_interval();
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
        let lmqi = p.last_member_query_interval();
        self.expectations.push(Expectation {
            group: g,
            sources: sources.clone(),
            frames: vec![number],
            t,
            deadline: t.saturating_add(lmqi.max(SEC)),
            why_en,
            why_ja,
        });
        if sources.is_none() {
            let count = p.robustness();
            self.checking.push(g);
            self.seen.entry(g).or_insert_with(|| Seen::new(g)).check = Some(Check {
                t,
                end: check_end(t, lmqi, count),
                frames: vec![number],
                triggers: vec![t],
                queries: vec![],
                report_at: None,
                count,
            });
        }
    }

    fn group(&self, g: Ipv4Addr) -> Option<&Group> {
        self.seen.get(&g).and_then(|x| x.group.as_ref())
    }

    fn group_mut(&mut self, g: Ipv4Addr) -> Option<&mut Group> {
        self.seen.get_mut(&g).and_then(|x| x.group.as_mut())
    }

    fn check_mut(&mut self, g: Ipv4Addr) -> Option<&mut Check> {
        self.seen.get_mut(&g).and_then(|x| x.check.as_mut())
    }

    fn history(&mut self, g: Ipv4Addr) -> &mut GroupHistory {
        &mut self.seen.entry(g).or_insert_with(|| Seen::new(g)).history
    }

    fn missed(&mut self, e: Expectation) {
        let who = self
            .querier
            .map_or_else(|| "the querier".to_string(), |q| q.addr.to_string());
        let what = match &e.sources {
            None => format!("Q({})", e.group),
            Some(s) => format!("Q({}, {{{}}})", e.group, join(s)),
        };
        let (en, ja) = (
            format!(
                "No {} from {who} within {} s: {what} was owed ({}).",
                e.why_en,
                fmt_s(e.deadline - e.t),
                e.why_en
            ),
            format!(
                "{} 秒以内に {who} から{}がありません: {what} を送るべきでした。",
                fmt_s(e.deadline - e.t),
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
    fn judge_check(&mut self, g: Ipv4Addr, c: Check, complete: bool) {
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
        if too_many || too_few {
            let shown = if too_many { n } else { n_before };
            let (en, ja) = (
                format!("The querier sent {shown} group-specific queries for {g} after the Leave at {} s{}; the Last Member Query Count is {count}{}.", fmt_s(c.t), if c.triggers.len() > 1 { format!(" (and {} repeated Leave/TO_IN)", c.triggers.len() - 1) } else { String::new() }, if too_many && c.triggers.len() > 1 { format!(", so {allowed} at most") } else { String::new() }),
                format!("{} 秒のリーブメッセージの後、クエリアは {g} のグループスペシフィッククエリーを {shown} 回送りました{}。ラストメンバークエリーカウントは {count} です{}。", fmt_s(c.t), if c.triggers.len() > 1 { format!(" (リーブ/TO_IN の繰り返し {} 回)", c.triggers.len() - 1) } else { String::new() }, if too_many && c.triggers.len() > 1 { format!(" (最大 {allowed} 回)") } else { String::new() }),
            );
            self.rule(&rules::LMQ_COUNT, frames.clone(), c.t, en, ja, None);
        }
        // Spacing: a query right after a trigger (one each) is immediate; any other is a
        // retransmission and must come one Last Member Query Interval after an earlier one.
        let mut unused: Vec<Us> = c.triggers.clone();
        for (i, (tq, _, _)) in c.queries.iter().enumerate() {
            if let Some(k) = unused
                .iter()
                .position(|tr| (0..=100 * MS).contains(&(tq - tr)))
            {
                unused.remove(k);
                continue;
            }
            let earlier = c.queries.get(..i).unwrap_or_default();
            let on_time = earlier
                .iter()
                .any(|(te, _, m)| (tq - te - m).abs() <= tolerance(*m));
            if !on_time {
                let (prev, m) = earlier.last().map_or((c.t, SEC), |q| (q.0, q.2));
                let gap = tq.saturating_sub(prev);
                let (en, ja) = (
                    format!("A group-specific query for {g} came {} s after the previous one; retransmissions are one Last Member Query Interval (the queries' Max Resp Time, {} s) apart.", fmt_s(gap), fmt_s(m)),
                    format!("{g} のグループスペシフィッククエリーが前のクエリーの {} 秒後に来ました。再送の間隔はラストメンバークエリーインターバル (最大応答時間 {} 秒) です。", fmt_s(gap), fmt_s(m)),
                );
                self.rule(&rules::LMQ_INTERVAL, frames, c.t, en, ja, None);
                break;
            }
        }
    }

    /// Ends the capture: closes what is still open at the last frame's time.
    pub fn finish(mut self) -> Analysis {
        let end = self.now;
        // Owed queries whose time had not come are not judged; checks in progress are judged
        // only for what already happened (too many, bad spacing).
        self.expectations.retain(|e| e.deadline <= end);
        let pending: Vec<Expectation> = std::mem::take(&mut self.expectations);
        for e in pending {
            self.missed(e);
        }
        for g in std::mem::take(&mut self.checking) {
            if let Some(c) = self.seen.get_mut(&g).and_then(|x| x.check.take()) {
                self.judge_check(g, c, false);
            }
        }
        if let Some(q) = self.querier.take() {
            let to = self.routers.get(&q.addr).map_or(end, |r| {
                r.last_query
                    .saturating_add(r.other_querier_present_interval())
                    .min(end)
            });
            self.querier_spans.push(QuerierSpan {
                address: q.addr,
                version: q.version,
                from_frame: q.from_frame,
                from: secs(q.from),
                to: secs(to),
            });
        }
        let mut groups: Vec<GroupHistory> = Vec::new();
        for seen in std::mem::take(&mut self.seen).into_values() {
            let mut hist = seen.history;
            let Some(gr) = seen.group else {
                groups.push(hist);
                continue;
            };
            if let Some(from) = gr.present_since {
                hist.present.push(Presence {
                    from: secs(from),
                    to: secs(end),
                    ended_by: "capture-end",
                });
                hist.compat.push(CompatSpan {
                    mode: mode_name(gr.compat),
                    from: secs(gr.compat_since),
                    to: secs(end),
                });
            }
            for (host, m) in gr.members {
                hist.members.push(Membership {
                    host,
                    from: secs(m.from),
                    to: secs(end),
                });
            }
            groups.push(hist);
        }
        // (Members are listed in the order their membership ended.)
        groups.retain(|g| !g.present.is_empty() || !g.members.is_empty());
        let findings = crate::order::by_f64(self.findings, |f| f.t);
        Analysis {
            queriers: self.querier_spans,
            groups,
            findings,
            frames: self.frames,
            igmp_frames: self.igmp_frames,
            duration: secs(end),
            findings_dropped: self.dropped,
            marks: self.marks,
        }
    }
}

/// FNV-1a over the frame and its length: equal frames, equal prints (a different frame with the
/// same print within 10 ms is a 1-in-2^64 chance).
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

/// The last of `count` queries `lmqi` apart comes (count-1)·lmqi after the first; one more
/// interval and a half (at least 0.5 s) catches one query too many.
fn check_end(t: Us, lmqi: Us, count: Us) -> Us {
    t.saturating_add(
        lmqi.saturating_mul(count)
            .saturating_add((lmqi / 2).max(500 * MS)),
    )
}

/// Timing slack for a real network: 200 ms or a twentieth of the interval.
fn tolerance(interval: Us) -> Us {
    (interval / 20).max(200 * MS)
}

fn mode_name(v: u8) -> &'static str {
    match v {
        1 => "v1",
        2 => "v2",
        _ => "v3",
    }
}

fn join(s: &BTreeSet<Ipv4Addr>) -> String {
    s.iter()
        .map(Ipv4Addr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// A group record's type (RFC 3376 §4.2.12).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Kind {
    IsIn,
    IsEx,
    ToIn,
    ToEx,
    Allow,
    Block,
}

impl Kind {
    fn of(t: u8) -> Option<Kind> {
        Some(match t {
            1 => Kind::IsIn,
            2 => Kind::IsEx,
            3 => Kind::ToIn,
            4 => Kind::ToEx,
            5 => Kind::Allow,
            6 => Kind::Block,
            _ => return None,
        })
    }
    fn name(self) -> &'static str {
        match self {
            Kind::IsIn => "IS_IN",
            Kind::IsEx => "IS_EX",
            Kind::ToIn => "TO_IN",
            Kind::ToEx => "TO_EX",
            Kind::Allow => "ALLOW",
            Kind::Block => "BLOCK",
        }
    }
}
