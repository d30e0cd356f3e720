//! The router side: querier election (RFC 2236 §3, §7; RFC 3376 §6.6.2), the IGMPv2 group
//! table for querier and non-querier (RFC 2236 §7), and the IGMPv3 filter-mode / group-timer /
//! source-timer state with every row of RFC 3376 §6.4.1 and §6.4.2, specific queries with the S
//! flag and retransmissions (§6.6), and group compatibility mode (§7.3).

use crate::sorted_map::SortedMap;
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use super::narration::{Cause, State};
use super::scenario::Timers;
use super::{Ctx, Ms, Received, Send, TimerKey};
use crate::codec::spec::IgmpSpec;
use crate::codec::{timecode, Derived, IgmpMessage};
use crate::engine::FilterMode;

mod election;
mod v2;
mod v3;

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

pub use crate::engine::v2::V2State;

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
    source_queries_left: SortedMap<Ipv4Addr, u32>,
}

pub struct Router {
    addr: Ipv4Addr,
    version: u8,
    role: Role,
    startup_left: u32,
    v2: SortedMap<Ipv4Addr, V2Group>,
    v3: SortedMap<Ipv4Addr, V3Group>,
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
    u32::try_from(ms / 100).unwrap_or(u32::MAX)
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
            v2: SortedMap::new(),
            v3: SortedMap::new(),
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
            let state = |(rv, qi): (u32, Ms)| State::Timers {
                rv,
                qi_s: qi / 1000,
            };
            let cause = Cause::AdoptedTimers {
                rv: after.0,
                qi_s: after.1 / 1000,
            };
            ctx.transition(
                Ipv4Addr::UNSPECIFIED,
                None,
                &state(before),
                &state(after),
                &cause,
                vec![],
            );
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
        ctx.transition(
            Ipv4Addr::UNSPECIFIED,
            None,
            &State::Initial,
            &State::Role(Role::Querier),
            &Cause::StartedAsQuerier,
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
                ctx.transition(
                    Ipv4Addr::UNSPECIFIED,
                    None,
                    &State::Role(Role::NonQuerier),
                    &State::Role(Role::Querier),
                    &Cause::TookOver,
                    vec![],
                );
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
