//! An IGMP-snooping switch (RFC 4541 §2.1): router ports learned from queries, reports
//! forwarded to router ports only, per-port membership with ageing, leave handling, flooding of
//! 224.0.0.x and (optionally) of unregistered groups, and the data it forwards. Optionally a
//! snooping querier that queries from 0.0.0.0 while no router does.

use crate::sorted_map::{SortedMap, SortedSet};
use std::collections::BTreeSet;
use std::net::Ipv4Addr;

use super::narration::{Cause, State};
use super::{Ctx, Received, Send, TimerKey};
use crate::codec::spec::{LinkSpec, MacAddr};
use crate::codec::{self, diagnostics, FrameSpec, IgmpMessage, RecordType};

pub struct Switch {
    ports: Vec<String>,
    querier: bool,
    /// The IGMP version of the switch's own querier (the Linux bridge's
    /// `multicast_igmp_version`, 2 by default there; 3 is the scenario default).
    version: u8,
    flood_unregistered: bool,
    router_ports: SortedSet<usize>,
    members: SortedMap<Ipv4Addr, SortedSet<usize>>,
    /// Which sources of a group each member port wants, from the IGMPv3 records heard on it
    /// (RFC 4541 §2.1.1 leaves source-level snooping optional; without it a port that still
    /// wants one source of a group lost all of them after a query for another source).
    filters: SortedMap<(usize, Ipv4Addr), PortFilter>,
    /// The port each source MAC address was last heard on (IEEE 802.1D-2004 §7.8, the
    /// learning process), for unicast frames.
    learned: SortedMap<[u8; 6], usize>,
}

/// The sources a port wants for a group: only these (`Include`) or all but these (`Exclude`;
/// an IGMPv1/v2 report or EXCLUDE({}) wants every source).
#[derive(Clone, Debug, PartialEq, Eq)]
enum PortFilter {
    Include(BTreeSet<Ipv4Addr>),
    Exclude(BTreeSet<Ipv4Addr>),
}

impl PortFilter {
    fn any() -> PortFilter {
        PortFilter::Exclude(BTreeSet::new())
    }

    fn admits(&self, source: Ipv4Addr) -> bool {
        match self {
            PortFilter::Include(s) => s.contains(&source),
            PortFilter::Exclude(x) => !x.contains(&source),
        }
    }

    /// The filter after a record of `record_type` with `sources` (RFC 3376 §4.2.12), seen from
    /// one port: current-state and filter-change records say what the port now wants.
    fn apply(&self, record_type: RecordType, sources: &BTreeSet<Ipv4Addr>) -> PortFilter {
        use PortFilter::{Exclude, Include};
        use RecordType::{Allow, Block, IsEx, IsIn, ToEx, ToIn};
        match (record_type, self) {
            // IS_IN / ALLOW: these sources too.
            (IsIn | Allow, Include(a)) => Include(a.union(sources).copied().collect()),
            (IsIn | Allow, Exclude(x)) => Exclude(x.difference(sources).copied().collect()),
            // IS_EX / TO_EX: all but these.
            (IsEx | ToEx, _) => Exclude(sources.clone()),
            // TO_IN: only these.
            (ToIn, _) => Include(sources.clone()),
            // BLOCK: not these any more.
            (Block, Include(a)) => Include(a.difference(sources).copied().collect()),
            (Block, Exclude(x)) => Exclude(x.union(sources).copied().collect()),
            (RecordType::Unknown(_), _) => self.clone(),
        }
    }
}

impl Switch {
    pub fn new(querier: bool, flood_unregistered: bool, version: u8) -> Switch {
        Switch {
            ports: Vec::new(),
            querier,
            version: version.clamp(1, 3),
            flood_unregistered,
            router_ports: SortedSet::new(),
            members: SortedMap::new(),
            filters: SortedMap::new(),
            learned: SortedMap::new(),
        }
    }

    pub fn set_ports(&mut self, names: Vec<String>) {
        self.ports = names;
    }

    /// The timer of port `p`'s membership of `g`, named by the port's name as the narration
    /// names it ("port A", never "port 1").
    fn member_key(&self, p: usize, g: Ipv4Addr) -> TimerKey {
        TimerKey::PortMember(p, self.port_name(p), g)
    }

    fn router_key(&self, p: usize) -> TimerKey {
        TimerKey::RouterPort(p, self.port_name(p))
    }

    fn port_name(&self, p: usize) -> String {
        self.ports
            .get(p)
            .cloned()
            .unwrap_or_else(|| format!("port {p}"))
    }

    pub fn start(&mut self, ctx: &mut Ctx) {
        self.router_ports.clear();
        self.members.clear();
        self.filters.clear();
        if self.querier {
            let d = ctx.cfg.first_query();
            ctx.set_in(TimerKey::GeneralQuery, d);
        }
    }

    fn all_but(&self, port: usize) -> Vec<usize> {
        (0..self.ports.len()).filter(|p| *p != port).collect()
    }

    fn routers_but(&self, port: usize) -> Vec<usize> {
        self.router_ports
            .iter()
            .copied()
            .filter(|p| *p != port)
            .collect()
    }

    /// A frame arriving on `port`, already decoded once by the world (`d`, and `rx` if it is a
    /// valid IGMP message).
    pub fn on_frame(
        &mut self,
        bytes: &[u8],
        d: &codec::Dissection,
        rx: Option<&Received>,
        port: usize,
        ctx: &mut Ctx,
    ) {
        // IEEE 802.1D-2004 §7.8: "the Learning Process … creates or updates a Dynamic Filtering
        // Entry" for the frame's source address on the port it arrived on.
        let mac =
            |at: usize| -> Option<[u8; 6]> { bytes.get(at..at.saturating_add(6))?.try_into().ok() };
        if let Some(src) = mac(6).filter(|m| codec::mac::is_individual(m)) {
            self.learned.insert(src, port);
        }
        let ports = match (rx, mac(0)) {
            (Some(rx), _) => self.igmp(rx, port, ctx),
            // §7.7: a frame for an individual (unicast) address goes out of the one port that
            // address was learned on (none if that is the port it came in on); one not yet
            // learned is flooded.
            (None, Some(dst)) if codec::mac::is_individual(&dst) => match self.learned.get(&dst) {
                Some(&p) if p == port => Vec::new(),
                Some(&p) => vec![p],
                None => self.all_but(port),
            },
            (None, _) => self.data(d, port),
        };
        if !ports.is_empty() {
            ctx.send(Send::Forward {
                bytes: bytes.to_vec(),
                ports,
            });
        }
    }

    fn igmp(&mut self, rx: &Received, port: usize, ctx: &mut Ctx) -> Vec<usize> {
        match &rx.message {
            IgmpMessage::Query {
                group,
                max_resp_tenths,
                sources,
                ..
            } => {
                // RFC 4541 §2.1.1(2b): ports where queries with a non-zero source arrive lead
                // to multicast routers.
                if !rx.src.is_unspecified() {
                    let fresh = self.router_ports.insert(port);
                    let d = ctx.cfg.oqpi();
                    ctx.set_in(self.router_key(port), d);
                    ctx.cancel(&TimerKey::GeneralQuery);
                    if fresh {
                        let cause = Cause::RouterPortFound {
                            from: rx.src,
                            port: self.port_name(port),
                        };
                        let (from, to) =
                            (State::Port { router: false }, State::Port { router: true });
                        ctx.transition(Ipv4Addr::UNSPECIFIED, None, &from, &to, &cause, vec![]);
                    }
                }
                // A group-specific query: member ports must answer within LMQC × Max Resp. A
                // group-and-source-specific query asks only about its sources: the ports keep
                // the group (RFC 4541 §2.1.1, RFC 3376 §6.4.2), and the per-port filters decide
                // which sources' data they get.
                if !group.is_unspecified() && sources.is_empty() {
                    let limit = super::Ms::from(*max_resp_tenths)
                        .saturating_mul(100)
                        .saturating_mul(super::Ms::from(ctx.cfg.lmqc()));
                    for p in self.members.get(group).cloned().unwrap_or_default() {
                        if ctx.left(&self.member_key(p, *group)) > limit {
                            ctx.set_in(self.member_key(p, *group), limit);
                        }
                    }
                }
                self.all_but(port) // queries are flooded
            }
            IgmpMessage::V1Report { group } | IgmpMessage::V2Report { group } => {
                self.filters.insert((port, *group), PortFilter::any());
                self.join(*group, port, ctx);
                self.routers_but(port)
            }
            IgmpMessage::V3Report { records } => {
                for r in records {
                    let sources: BTreeSet<Ipv4Addr> = r.sources.iter().copied().collect();
                    let key = (port, r.group);
                    let before = self
                        .filters
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| PortFilter::Include(BTreeSet::new()));
                    let after = before.apply(r.record_type, &sources);
                    let wants_nothing = after == PortFilter::Include(BTreeSet::new());
                    self.filters.insert(key, after);
                    match (r.record_type, wants_nothing) {
                        // A record that leaves the port wanting no source is a leave.
                        (RecordType::IsIn | RecordType::ToIn | RecordType::Block, true) => {
                            self.leave(r.group, port, ctx)
                        }
                        (RecordType::Unknown(_) | RecordType::Block, false) => {}
                        (_, false) => self.join(r.group, port, ctx),
                        _ => {}
                    }
                }
                self.routers_but(port)
            }
            IgmpMessage::Leave { group } => {
                self.leave(*group, port, ctx);
                self.routers_but(port)
            }
            // RFC 4541 §2.1.1(4): flood unrecognised IGMP messages.
            IgmpMessage::Other { .. } => self.all_but(port),
        }
    }

    fn join(&mut self, g: Ipv4Addr, port: usize, ctx: &mut Ctx) {
        // 224.0.0.x is always flooded; no state is kept for it (RFC 4541 §2.1.2(2)).
        if g.octets()[..3] == [224, 0, 0] {
            return;
        }
        let fresh = self.members.entry(g).or_default().insert(port);
        let d = ctx.cfg.gmi();
        ctx.set_in(self.member_key(port, g), d);
        if fresh {
            let name = self.port_name(port);
            let member = |member| State::PortMember {
                port: name.clone(),
                member,
            };
            let cause = Cause::PortJoined {
                group: g,
                port: name.clone(),
            };
            ctx.transition(
                g,
                None,
                &member(false),
                &member(true),
                &cause,
                vec![self.member_key(port, g)],
            );
        }
    }

    fn leave(&mut self, g: Ipv4Addr, port: usize, ctx: &mut Ctx) {
        if self.members.get(&g).is_some_and(|m| m.contains(&port)) {
            // Do not rely on Leaves alone (RFC 4541 §2.1.1(7)): the port ages out after the
            // last-member query time unless a report arrives on it.
            let d = ctx.cfg.lmqt();
            if ctx.left(&self.member_key(port, g)) > d {
                ctx.set_in(self.member_key(port, g), d);
            }
        }
    }

    fn data(&self, d: &codec::Dissection, port: usize) -> Vec<usize> {
        if d.diagnostics
            .iter()
            .any(|x| x.is(&diagnostics::IP_BAD_CHECKSUM) || x.is(&diagnostics::IGMP_BAD_CHECKSUM))
        {
            return Vec::new(); // RFC 4541 §2.1.1(6), §2.1.2(6)
        }
        let Some(dst) = d.info.dst else {
            return self.all_but(port);
        };
        if !dst.is_multicast() || dst.octets()[..3] == [224, 0, 0] {
            return self.all_but(port); // §2.1.2(2): 224.0.0.x is flooded
        }
        match self.members.get(&dst) {
            Some(m) if !m.is_empty() => {
                // §2.1.2(1): member ports plus all router ports; a port whose IGMPv3 filter
                // excludes the data's source does not get it.
                let src = d.info.src;
                let mut out: SortedSet<usize> = m
                    .iter()
                    .copied()
                    .filter(|p| match (src, self.filters.get(&(*p, dst))) {
                        (Some(s), Some(f)) => f.admits(s),
                        _ => true,
                    })
                    .collect();
                out.extend(self.router_ports.iter().copied());
                out.remove(&port);
                out.into_iter().collect()
            }
            _ if self.flood_unregistered => self.all_but(port),
            _ => self.routers_but(port), // §2.1.2(3): unregistered groups go to router ports
        }
    }

    pub fn on_timer(&mut self, key: &TimerKey, ctx: &mut Ctx) {
        match key {
            TimerKey::PortMember(p, _, g) => {
                self.filters.remove(&(*p, *g));
                if let Some(m) = self.members.get_mut(g) {
                    m.remove(p);
                    if m.is_empty() {
                        self.members.remove(g);
                    }
                }
                let name = self.port_name(*p);
                let member = |member| State::PortMember {
                    port: name.clone(),
                    member,
                };
                let cause = Cause::PortAgedOut {
                    group: *g,
                    port: name.clone(),
                };
                ctx.transition(*g, None, &member(true), &member(false), &cause, vec![]);
            }
            TimerKey::RouterPort(p, _) => {
                self.router_ports.remove(p);
                if self.querier && self.router_ports.is_empty() {
                    ctx.set_in(TimerKey::GeneralQuery, 0);
                }
            }
            TimerKey::GeneralQuery if self.querier && self.router_ports.is_empty() => {
                // Snooping querier: source 0.0.0.0, which never wins an election (RFC 4541 §2.1.1(5)).
                let query = super::router::query_spec(
                    self.version,
                    Ipv4Addr::UNSPECIFIED,
                    ctx.cfg.qri(),
                    false,
                    vec![],
                    ctx.cfg,
                );
                let mut spec = FrameSpec::ethernet(query);
                spec.ip.src = Ipv4Addr::UNSPECIFIED;
                if let LinkSpec::Ethernet { src, .. } = &mut spec.link {
                    *src = MacAddr([0x02, 0, 0, 0, 0, 0xfe]);
                }
                ctx.send(Send::Forward {
                    bytes: codec::emit(&spec),
                    ports: (0..self.ports.len()).collect(),
                });
                let qi = ctx.cfg.qi();
                ctx.set_in(TimerKey::GeneralQuery, qi);
            }
            _ => {}
        }
    }

    pub fn snapshot(&self) -> Vec<(String, String)> {
        let mut out: Vec<(String, String)> = self
            .members
            .iter()
            .map(|(g, ports)| {
                (
                    g.to_string(),
                    ports
                        .iter()
                        .map(|p| self.port_name(*p))
                        .collect::<Vec<_>>()
                        .join(","),
                )
            })
            .collect();
        out.push((
            "router ports".into(),
            self.router_ports
                .iter()
                .map(|p| self.port_name(*p))
                .collect::<Vec<_>>()
                .join(","),
        ));
        out
    }
}
