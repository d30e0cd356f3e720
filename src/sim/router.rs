//! The router side: querier election (RFC 2236 §3, §7; RFC 3376 §6.6.2), the IGMPv2 group
//! table for querier and non-querier (RFC 2236 §7), and the IGMPv3 filter-mode / group-timer /
//! source-timer state with every row of RFC 3376 §6.4.1 and §6.4.2, specific queries with the S
//! flag and retransmissions (§6.6), and group compatibility mode (§7.3).

use std::collections::{BTreeMap, BTreeSet};
use std::net::Ipv4Addr;

use super::scenario::{FilterMode, Profile, Timers};
use super::{Ctx, Ms, Received, Send, TimerKey};
use crate::codec::spec::IgmpSpec;
use crate::codec::{timecode, Derived, IgmpMessage};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Querier,
    NonQuerier,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::Querier => "Querier",
            Role::NonQuerier => "NonQuerier",
        }
    }
}

/// RFC 2236 §7 router group states (No Members Present = no entry).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum V2State {
    MembersPresent,
    V1MembersPresent,
    CheckingMembership,
}

impl V2State {
    pub fn name(self) -> &'static str {
        match self {
            V2State::MembersPresent => "MembersPresent",
            V2State::V1MembersPresent => "V1MembersPresent",
            V2State::CheckingMembership => "CheckingMembership",
        }
    }
}

#[derive(Clone, Debug)]
struct V2Group {
    state: V2State,
    /// Group-specific queries still to send.
    rexmt_left: u32,
}

#[derive(Clone, Debug)]
struct V3Group {
    mode: FilterMode,
    /// Every source record; its timer lives in the node's timers (`TimerKey::Source`). A source
    /// without a running timer is in the EXCLUDE "Y" set (timer = 0).
    sources: BTreeSet<Ipv4Addr>,
    /// Q(G) transmissions still to send (RFC 3376 §6.6.3.1).
    group_queries_left: u32,
    /// Q(G,S) transmissions still to send per source (§6.6.3.2).
    source_queries_left: BTreeMap<Ipv4Addr, u32>,
}

pub struct Router {
    addr: Ipv4Addr,
    version: u8,
    role: Role,
    startup_left: u32,
    v2: BTreeMap<Ipv4Addr, V2Group>,
    v3: BTreeMap<Ipv4Addr, V3Group>,
    /// Groups ever seen, so the state panel can show No Members Present.
    known: BTreeSet<Ipv4Addr>,
    /// This router's own timers (the scenario's, with its node's overrides), or `None` to use
    /// the scenario's as they are at the moment (a `set-timer` action changes those).
    own: Option<Timers>,
    /// Learned from the querier's IGMPv3 queries (RFC 3376 §4.1.6, §4.1.7).
    learned_rv: Option<u32>,
    learned_qi: Option<f64>,
}

type Set = BTreeSet<Ipv4Addr>;

fn tenths(ms: Ms) -> u32 {
    (ms / 100) as u32
}

impl Router {
    /// Sends an IGMP message from this node's address (the destination the RFCs give).
    fn send(&self, ctx: &mut Ctx, igmp: IgmpSpec) {
        ctx.send(Send::Igmp {
            src: self.addr,
            igmp,
            dst: None,
        });
    }

    /// A router; `own` is its own timers when its node overrides the scenario's.
    pub fn new(addr: Ipv4Addr, version: u8, own: Option<Timers>) -> Router {
        Router {
            addr,
            version: version.clamp(1, 3),
            role: Role::Querier,
            startup_left: 0,
            v2: BTreeMap::new(),
            v3: BTreeMap::new(),
            known: BTreeSet::new(),
            own,
            learned_rv: None,
            learned_qi: None,
        }
    }

    /// The timers this router uses: the scenario's, with its own configuration, and, while it is
    /// a non-querier, the querier's Robustness Variable and Query Interval as its queries carry
    /// them ("Routers adopt the QRV value from the most recently received Query as their own
    /// [Robustness Variable] value, unless that most recently received QRV was zero",
    /// RFC 3376 §4.1.6; likewise QQI, §4.1.7).
    fn cfg(&self, ctx: &Ctx) -> Timers {
        let mut t = self.own.clone().unwrap_or_else(|| ctx.cfg.clone());
        if let Some(rv) = self.learned_rv {
            t.robustness = rv;
        }
        if let Some(qi) = self.learned_qi {
            t.query_interval = qi;
        }
        t
    }

    /// A non-querier adopts QRV and QQI from the querier's queries.
    fn adopt(&mut self, qrv: u8, qqi: u32, ctx: &mut Ctx) {
        if self.role != Role::NonQuerier || self.version != 3 {
            return;
        }
        let before = (self.cfg(ctx).rv(), self.cfg(ctx).qi());
        if qrv != 0 {
            self.learned_rv = Some(u32::from(qrv));
        }
        if qqi != 0 {
            self.learned_qi = Some(f64::from(qqi));
        }
        let after = (self.cfg(ctx).rv(), self.cfg(ctx).qi());
        if after != before {
            ctx.state(Ipv4Addr::UNSPECIFIED, None, &format!("RV {} QI {} s", before.0, before.1 / 1000), &format!("RV {} QI {} s", after.0, after.1 / 1000),
                format!("Adopts the querier's Robustness Variable {} and Query Interval {} s from its query.", after.0, after.1 / 1000),
                format!("クエリアのクエリからロバストネス変数 {} とクエリ間隔 {} 秒を採用します。", after.0, after.1 / 1000),
                "RFC 3376 §4.1.6, §4.1.7", vec![]);
        }
    }

    pub fn role(&self) -> &'static str {
        self.role.name()
    }

    /// RFC 2236 §3: "All routers start up as a Querier"; Startup Query Count queries, Startup
    /// Query Interval apart.
    pub fn start(&mut self, ctx: &mut Ctx) {
        self.role = Role::Querier;
        self.learned_rv = None;
        self.learned_qi = None;
        self.startup_left = self.cfg(ctx).sqc();
        self.v2.clear();
        self.v3.clear();
        let d = self.cfg(ctx).first_query();
        ctx.set_in(TimerKey::GeneralQuery, d);
        ctx.state(
            Ipv4Addr::UNSPECIFIED,
            None,
            "Initial",
            "Querier",
            "Starts up as the querier and sends its startup general queries.".into(),
            "起動時はクエリアとして動作し、起動時一般クエリを送信します。".into(),
            "RFC 2236 §3, RFC 3376 §6.6.2",
            vec![TimerKey::GeneralQuery],
        );
    }

    fn query(
        &self,
        group: Ipv4Addr,
        max: Ms,
        s: bool,
        sources: Vec<Ipv4Addr>,
        cfg: &Timers,
    ) -> IgmpSpec {
        query_spec(self.version, group, max, s, sources, cfg)
    }

    fn send_general_query(&mut self, ctx: &mut Ctx) {
        let q = self.query(
            Ipv4Addr::UNSPECIFIED,
            self.cfg(ctx).qri(),
            false,
            vec![],
            &self.cfg(ctx),
        );
        self.send(ctx, q);
        self.startup_left = self.startup_left.saturating_sub(1);
        let next = if self.startup_left > 0 {
            self.cfg(ctx).sqi()
        } else {
            self.cfg(ctx).qi()
        };
        ctx.set_in(TimerKey::GeneralQuery, next);
    }

    pub fn on_timer(&mut self, key: &TimerKey, ctx: &mut Ctx) {
        match key {
            TimerKey::GeneralQuery if self.role == Role::Querier => self.send_general_query(ctx),
            TimerKey::OtherQuerier => {
                self.role = Role::Querier;
                self.learned_rv = None;
                self.learned_qi = None;
                self.startup_left = 0;
                ctx.state(Ipv4Addr::UNSPECIFIED, None, "NonQuerier", "Querier",
                    "No query from a lower address for the Other Querier Present Interval: takes over as querier and sends a general query.".into(),
                    "他クエリア存在間隔のあいだ低いアドレスからのクエリがなかったため、クエリアを引き継ぎ一般クエリを送信します。".into(),
                    "RFC 2236 §3, RFC 3376 §6.6.2", vec![]);
                self.send_general_query(ctx);
            }
            TimerKey::Group(g) => self.group_timer(*g, ctx),
            TimerKey::Rexmt(g) => self.retransmit(*g, ctx),
            TimerKey::OlderHost(g, v) => self.older_host_expired(*g, *v, ctx),
            TimerKey::Source(g, s) => self.source_timer(*g, *s, ctx),
            _ => {}
        }
    }

    pub fn on_message(&mut self, rx: &Received, ctx: &mut Ctx) {
        if rx.src == self.addr {
            return;
        }
        match &rx.message {
            IgmpMessage::Query {
                group,
                max_resp_tenths,
                s_flag,
                sources,
                qrv,
                qqi,
                ..
            } => {
                self.election(rx.src, *group, ctx);
                // The S flag does not stop the adoption (RFC 3376 §4.1.5).
                if !rx.src.is_unspecified() && u32::from(rx.src) < u32::from(self.addr) {
                    self.adopt(*qrv, *qqi, ctx);
                }
                if *s_flag || self.role == Role::Querier {
                    return;
                }
                // A non-querier lowers its timers on the querier's specific queries.
                let heard = Ms::from(*max_resp_tenths) * 100;
                if self.version == 3 {
                    self.heard_v3_query(*group, sources, ctx);
                } else if !group.is_unspecified() {
                    self.heard_v2_gsq(*group, heard, ctx);
                }
            }
            IgmpMessage::V1Report { group } => self.report(*group, 1, rx.src, ctx),
            IgmpMessage::V2Report { group } => self.report(*group, 2, rx.src, ctx),
            IgmpMessage::Leave { group } => self.leave(*group, rx.src, ctx),
            IgmpMessage::V3Report { records } if self.version == 3 => {
                for r in records {
                    self.v3_record(
                        r.group,
                        r.record_type,
                        r.sources.iter().copied().collect(),
                        rx.src,
                        ctx,
                    );
                }
            }
            _ => {}
        }
    }

    /// RFC 2236 §3 / RFC 3376 §6.6.2: the lowest address is the querier. Queries from 0.0.0.0
    /// (snooping switches) do not count (RFC 4541 §2.1.1), and RFC 9776 counts general queries
    /// only.
    fn election(&mut self, src: Ipv4Addr, group: Ipv4Addr, ctx: &mut Ctx) {
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
            ctx.state(Ipv4Addr::UNSPECIFIED, None, "Querier", "NonQuerier",
                format!("Heard a query from {src}, a lower address: stops querying and starts the Other Querier Present timer."),
                format!("より低いアドレス {src} からのクエリを受信: クエリ送信をやめ、他クエリア存在タイマーを開始します。"),
                "RFC 2236 §3, RFC 3376 §6.6.2", vec![TimerKey::OtherQuerier]);
        }
    }

    // ----- IGMPv1 / IGMPv2 group table (RFC 2236 §7) ---------------------------------------

    fn v2_state(&self, g: Ipv4Addr) -> &'static str {
        self.v2
            .get(&g)
            .map(|x| x.state.name())
            .unwrap_or("NoMembersPresent")
    }

    fn report(&mut self, g: Ipv4Addr, version: u8, src: Ipv4Addr, ctx: &mut Ctx) {
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
                ctx.state(g, None, &format!("IGMPv{before} compatibility"), &format!("IGMPv{after} compatibility"),
                    format!("An IGMPv{version} report from {src}: {g} runs in IGMPv{after} compatibility mode for the Older Host Present Interval (BLOCK records are ignored, TO_EX is taken as TO_EX({{}}))."),
                    format!("{src} からの IGMPv{version} レポート: {g} は旧ホスト存在間隔のあいだ IGMPv{after} 互換モードで動作します (BLOCK レコードは無視し、TO_EX は TO_EX({{}}) とみなします)。"),
                    "RFC 3376 §7.3.2", vec![TimerKey::OlderHost(g, version)]);
            }
            self.v3_record(g, 2, Set::new(), src, ctx);
            return;
        }
        let gmi = self.cfg(ctx).gmi();
        let from = self.v2_state(g);
        // A non-querier (and a v1 router) treats v1 and v2 reports alike (RFC 2236 §7).
        let v1 = version == 1 && self.role == Role::Querier && self.version == 2;
        let prev = self.v2.get(&g).map(|x| x.state);
        let next = match (prev, v1) {
            (_, true) => V2State::V1MembersPresent,
            (Some(V2State::V1MembersPresent), false) => V2State::V1MembersPresent,
            _ => V2State::MembersPresent,
        };
        ctx.set_in(TimerKey::Group(g), gmi);
        ctx.cancel(&TimerKey::Rexmt(g));
        if v1 {
            ctx.set_in(TimerKey::OlderHost(g, 1), gmi);
        }
        self.v2.insert(
            g,
            V2Group {
                state: next,
                rexmt_left: 0,
            },
        );
        let (en, ja) = match prev {
            None => (format!("Report from {src}: {g} has members; tells routing to forward it and starts the group timer (GMI)."), format!("{src} からのレポート: {g} にメンバーがいます。転送を開始し、グループタイマー (GMI) を開始します。")),
            Some(V2State::CheckingMembership) => (format!("{src} answered the group-specific query: {g} still has members; forwarding continues."), format!("{src} がグループ指定クエリに応答: {g} にはまだメンバーがいます。転送を続けます。")),
            Some(_) if v1 => (format!("IGMPv1 report from {src}: restarts the group timer and the v1 host timer of {g}; Leaves are ignored while it runs."), format!("{src} からの IGMPv1 レポート: {g} のグループタイマーと v1 ホストタイマーを再開始します。その間 Leave は無視します。")),
            Some(_) => (format!("Report from {src}: restarts the group timer of {g}."), format!("{src} からのレポート: {g} のグループタイマーを再開始します。")),
        };
        ctx.state(
            g,
            None,
            from,
            next.name(),
            en,
            ja,
            "RFC 2236 §7",
            vec![TimerKey::Group(g), TimerKey::OlderHost(g, 1)],
        );
    }

    fn leave(&mut self, g: Ipv4Addr, src: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            // RFC 3376 §7.3.2: a Leave is TO_IN({}), ignored while the group is in v1 mode.
            if self.compat(g, ctx) > 1 {
                self.v3_record(g, 3, Set::new(), src, ctx);
            }
            return;
        }
        // Non-queriers MUST ignore Leaves; v1 routers do not know them (RFC 2236 §3, §7).
        if self.role != Role::Querier || self.version == 1 {
            return;
        }
        let Some(entry) = self.v2.get(&g).cloned() else {
            return;
        };
        match entry.state {
            V2State::V1MembersPresent => {
                ctx.state(g, None, "V1MembersPresent", "V1MembersPresent",
                    format!("Ignored {src}'s Leave: an IGMPv1 member may still be present and cannot answer a group-specific query."),
                    format!("{src} の Leave を無視: IGMPv1 メンバーがいる可能性があり、グループ指定クエリに応答できません。"),
                    "RFC 2236 §5", vec![]);
            }
            V2State::MembersPresent => {
                let lmqt = self.cfg(ctx).lmqt();
                let lmqi = self.cfg(ctx).lmqi();
                ctx.set_in(TimerKey::Group(g), lmqt);
                let q = self.query(g, lmqi, false, vec![], &self.cfg(ctx));
                self.send(ctx, q);
                let left = self.cfg(ctx).lmqc().saturating_sub(1);
                if left > 0 {
                    ctx.set_in(TimerKey::Rexmt(g), lmqi);
                }
                self.v2.insert(
                    g,
                    V2Group {
                        state: V2State::CheckingMembership,
                        rexmt_left: left,
                    },
                );
                ctx.state(g, None, "MembersPresent", "CheckingMembership",
                    format!("{src} left {g}: sends a group-specific query (Max Resp = Last Member Query Interval) and sets the group timer to Last Member Query Time."),
                    format!("{src} が {g} から離脱: グループ指定クエリ (最大応答 = 最終メンバークエリ間隔) を送り、グループタイマーを最終メンバークエリ時間に設定します。"),
                    "RFC 2236 §3, §7", vec![TimerKey::Group(g), TimerKey::Rexmt(g)]);
            }
            V2State::CheckingMembership => {} // the queries are already running
        }
    }

    /// A non-querier hearing a v2 group-specific query: "start timer*" lowers its group timer
    /// to the query's Max Resp × Last Member Query Count (RFC 2236 §3, §7).
    fn heard_v2_gsq(&mut self, g: Ipv4Addr, max: Ms, ctx: &mut Ctx) {
        let lmqc = Ms::from(self.cfg(ctx).lmqc());
        let Some(entry) = self.v2.get_mut(&g) else {
            return;
        };
        if entry.state != V2State::MembersPresent {
            return;
        }
        let want = max * lmqc;
        if ctx.left(&TimerKey::Group(g)) > want {
            ctx.set_in(TimerKey::Group(g), want);
        }
        entry.state = V2State::CheckingMembership;
        ctx.state(g, None, "MembersPresent", "CheckingMembership",
            format!("Heard the querier's group-specific query for {g}: lowers the group timer to Max Resp × Last Member Query Count."),
            format!("クエリアの {g} のグループ指定クエリを受信: グループタイマーを 最大応答 × 最終メンバークエリ回数 に下げます。"),
            "RFC 2236 §7", vec![TimerKey::Group(g)]);
    }

    fn group_timer(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            self.v3_group_timer(g, ctx);
            return;
        }
        let from = self.v2_state(g);
        self.v2.remove(&g);
        ctx.cancel(&TimerKey::Rexmt(g));
        ctx.cancel(&TimerKey::OlderHost(g, 1));
        ctx.state(g, None, from, "NoMembersPresent",
            format!("The group timer of {g} expired with no report: no members remain, so routing stops forwarding {g}."),
            format!("{g} のグループタイマーがレポートなしで満了: メンバーがいないため {g} の転送を停止します。"),
            "RFC 2236 §7", vec![]);
    }

    fn retransmit(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        if self.version == 3 {
            self.v3_retransmit(g, ctx);
            return;
        }
        let lmqi = self.cfg(ctx).lmqi();
        let Some(entry) = self.v2.get_mut(&g) else {
            return;
        };
        // After a report moved the group back to Members Present, the remaining queries are
        // cancelled: the RFC 2236 §7 diagram gives rexmt no action there (see README).
        if entry.state != V2State::CheckingMembership || entry.rexmt_left == 0 {
            return;
        }
        entry.rexmt_left -= 1;
        let more = entry.rexmt_left > 0;
        let q = self.query(g, lmqi, false, vec![], &self.cfg(ctx));
        self.send(ctx, q);
        if more {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }

    fn older_host_expired(&mut self, g: Ipv4Addr, v: u8, ctx: &mut Ctx) {
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
                    format!("グループメンバーシップ間隔のあいだ {g} の IGMPv1 レポートがありません: Leave が再び有効になります。"),
                    "RFC 2236 §7", vec![]);
            }
        }
    }

    // ----- IGMPv3 (RFC 3376 §6) -------------------------------------------------------------

    /// RFC 3376 §7.3.2 group compatibility mode.
    fn compat(&self, g: Ipv4Addr, ctx: &Ctx) -> u8 {
        if ctx.get(&TimerKey::OlderHost(g, 1)).is_some() {
            1
        } else if ctx.get(&TimerKey::OlderHost(g, 2)).is_some() {
            2
        } else {
            3
        }
    }

    fn describe3(&self, g: Ipv4Addr, ctx: &Ctx) -> String {
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

    fn v3_record(&mut self, g: Ipv4Addr, rtype: u8, b: Set, src: Ipv4Addr, ctx: &mut Ctx) {
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
            source_queries_left: BTreeMap::new(),
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
            format!("{src} が {g} について {kind}({{{list}}}) を報告。規則: {row}。"),
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
    fn send_q_group(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let lmqt = self.cfg(ctx).lmqt();
        if ctx.left(&TimerKey::Group(g)) > lmqt {
            ctx.set_in(TimerKey::Group(g), lmqt);
        }
        let lmqc = self.cfg(ctx).lmqc();
        let Some(e) = self.v3.get_mut(&g) else {
            return;
        };
        e.group_queries_left = lmqc;
        self.send_pending(g, true, None, ctx);
        self.schedule_retransmission(g, ctx);
    }

    /// "Send Q(G,X)" (RFC 3376 §6.6.3.2): sources of X whose timer exceeds LMQT get LMQC
    /// retransmissions and their timer lowered to LMQT; the router "must then immediately send
    /// a group and source specific query" for the sources with retransmissions left (those
    /// just added and those of a series still running), and schedule the rest.
    fn send_q_sources(&mut self, g: Ipv4Addr, xs: Set, ctx: &mut Ctx) {
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
            self.send_pending(g, false, Some(&armed), ctx);
            self.schedule_retransmission(g, ctx);
        }
    }

    /// The retransmission timer fired: one round of every pending specific query for `g`.
    fn v3_retransmit(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let all: Set = self
            .v3
            .get(&g)
            .map(|e| e.source_queries_left.keys().copied().collect())
            .unwrap_or_default();
        self.send_pending(g, true, Some(&all), ctx);
        let lmqi = self.cfg(ctx).lmqi();
        if self.v3.get(&g).is_some_and(has_pending) {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }

    /// Starts the retransmission timer LMQI from now, unless it already runs.
    fn schedule_retransmission(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
        let lmqi = self.cfg(ctx).lmqi();
        if self.v3.get(&g).is_some_and(has_pending) && ctx.get(&TimerKey::Rexmt(g)).is_none() {
            ctx.set_in(TimerKey::Rexmt(g), lmqi);
        }
    }

    /// Sends one round of the pending group query (if `group`, counted down) and, when `count`
    /// is given, the pending source queries: every source with retransmission state is named,
    /// and those in `count` are counted down. The S flag is set on a GSQ when the group timer is
    /// above LMQT (a report re-raised it); sources are split into an S=1 query (timer > LMQT)
    /// and an S=0 query (§6.6.3.2).
    fn send_pending(&mut self, g: Ipv4Addr, group: bool, count: Option<&Set>, ctx: &mut Ctx) {
        let lmqt = self.cfg(ctx).lmqt();
        let lmqi = self.cfg(ctx).lmqi();
        let Some(e) = self.v3.get(&g).cloned() else {
            return;
        };
        let mut sends = Vec::new();
        let mut group_left = e.group_queries_left;
        if group && group_left > 0 {
            group_left -= 1;
            let s = ctx.left(&TimerKey::Group(g)) > lmqt;
            sends.push(self.query(g, lmqi, s, vec![], &self.cfg(ctx)));
        }
        let mut suppressed = Vec::new();
        let mut normal = Vec::new();
        let mut left = e.source_queries_left.clone();
        if let Some(count) = count {
            for (s, n) in left.iter_mut() {
                if *n == 0 {
                    continue;
                }
                if count.contains(s) {
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
            sends.push(self.query(g, lmqi, true, suppressed, &self.cfg(ctx)));
        }
        if !normal.is_empty() {
            sends.push(self.query(g, lmqi, false, normal, &self.cfg(ctx)));
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
    fn heard_v3_query(&mut self, g: Ipv4Addr, sources: &[Ipv4Addr], ctx: &mut Ctx) {
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
    fn v3_group_timer(&mut self, g: Ipv4Addr, ctx: &mut Ctx) {
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
    fn source_timer(&mut self, g: Ipv4Addr, s: Ipv4Addr, ctx: &mut Ctx) {
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

    /// Per-group state for the state panel.
    pub fn snapshot(&self) -> Vec<(String, String)> {
        self.known
            .iter()
            .map(|g| {
                let s = if self.version == 3 {
                    match self.v3.get(g) {
                        Some(e) => match e.mode {
                            FilterMode::Include => format!("INCLUDE {}", e.sources.len()),
                            FilterMode::Exclude => "EXCLUDE".to_string(),
                        },
                        None => "INCLUDE{}".into(),
                    }
                } else {
                    self.v2
                        .get(g)
                        .map(|e| e.state.name())
                        .unwrap_or("NoMembersPresent")
                        .to_string()
                };
                (g.to_string(), s)
            })
            .collect()
    }
}

/// Whether a group has specific queries left to retransmit.
fn has_pending(e: &V3Group) -> bool {
    e.group_queries_left > 0 || e.source_queries_left.values().any(|n| *n > 0)
}

/// A query in `version`'s format (RFC 1112 App. I, RFC 2236 §2, RFC 3376 §4.1), for routers
/// and for the snooping switch's own querier.
pub(super) fn query_spec(
    version: u8,
    group: Ipv4Addr,
    max: Ms,
    s: bool,
    sources: Vec<Ipv4Addr>,
    cfg: &Timers,
) -> IgmpSpec {
    match version {
        1 => IgmpSpec::Basic {
            msg_type: 0x11,
            code: 0,
            checksum: Derived::Auto,
            group,
            extra: vec![],
        },
        2 => IgmpSpec::Basic {
            msg_type: 0x11,
            code: u8::try_from(tenths(max).clamp(1, 255)).unwrap_or(255),
            checksum: Derived::Auto,
            group,
            extra: vec![],
        },
        _ => {
            let rv = cfg.rv();
            IgmpSpec::V3Query {
                code: timecode::encode_v3(tenths(max)).0,
                checksum: Derived::Auto,
                group,
                resv: 0,
                s,
                // RFC 3376 §4.1.6: "If the querier's [Robustness Variable] exceeds 7 ... the
                // QRV field is set to zero."
                qrv: u8::try_from(rv).ok().filter(|rv| *rv <= 7).unwrap_or(0),
                qqic: timecode::encode_v3(u32::try_from(cfg.qi() / 1000).unwrap_or(u32::MAX)).0,
                num_sources: Derived::Auto,
                sources,
                extra: vec![],
            }
        }
    }
}
