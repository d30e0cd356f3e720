//! The IGMP state machines and the deterministic world they run in.
//!
//! Sans-IO: a node never reads a clock or sends anything itself. The [`World`] owns the virtual
//! clock (milliseconds), a seeded generator, and one queue of timed events (timer expiries, frame
//! deliveries, scripted actions); it hands each event to its node with a [`Ctx`] through which
//! the node sets and cancels timers, sends frames (real bytes from the codec) and records state
//! changes. Every receiver parses the bytes it gets with `codec::parse`, so the simulator cannot
//! send a frame the codec would not understand. Same scenario + same seed = same trace, byte for
//! byte (maps iterate in key order, `SortedMap`s, and ties are broken by insertion order).

// A scenario is input (a teacher's JSON, a shared link), and the simulator runs on wasm32 (#31):
// as in the codec and the analysis, every clock sum saturates, every node is reached through
// `get`, and no cast truncates silently.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

pub mod builtin;
pub mod host;
pub mod narration;
mod rng;
pub mod router;
pub mod scenario;
pub mod switch;
mod trace;
mod world;

use crate::sorted_map::SortedMap;
use std::net::Ipv4Addr;

use crate::codec::spec::IgmpSpec;
use crate::codec::{IgmpMessage, Text};
pub use narration::{Cause, State};
pub use rng::SimRng;
pub use scenario::{limits, Action, ActionKind, Invalid, NodeConfig, NodeKind, Scenario, Timers};
pub use trace::{captured_frames, render_trace, trace_jsonl, TimerUpdate, TraceEntry};
pub use world::{NodeSnapshot, RunError, World};

/// Simulated time in milliseconds since the start of the scenario.
pub type Ms = u64;

/// What a timer is for. Each node keeps at most one deadline per key.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum TimerKey {
    /// v1/v2 host: the report delay timer of a group.
    Report(Ipv4Addr),
    /// v2 host: IGMPv1 Router Present (RFC 2236 §4).
    V1RouterPresent,
    /// v3 host: IGMPv1 / IGMPv2 Querier Present (RFC 3376 §7.2.1).
    OlderQuerierPresent(u8),
    /// v3 host: the interface timer answering general queries (RFC 3376 §5.2).
    GeneralResponse,
    /// v3 host: a group's timer answering group(-and-source) queries.
    GroupResponse(Ipv4Addr),
    /// v3 host: the next retransmission of a state-change report.
    Retransmit(Ipv4Addr),
    /// Router: the next general query.
    GeneralQuery,
    /// Router: Other Querier Present.
    OtherQuerier,
    /// Router: a group's membership timer.
    Group(Ipv4Addr),
    /// Router: the next group(-and-source)-specific query retransmission.
    Rexmt(Ipv4Addr),
    /// v2 router: v1 host present for a group; v3 router: v1/v2 host present (RFC 3376 §7.3.2).
    OlderHost(Ipv4Addr, u8),
    /// v3 router: a source timer.
    Source(Ipv4Addr, Ipv4Addr),
    /// Switch: membership of a port (its index and name) in a group.
    PortMember(usize, String, Ipv4Addr),
    /// Switch: a port (its index and name) is a router port.
    RouterPort(usize, String),
}

impl TimerKey {
    /// The name the trace and the timeline show.
    pub fn name(&self) -> String {
        match self {
            TimerKey::Report(g) => format!("report delay {g}"),
            TimerKey::V1RouterPresent => "v1 router present".into(),
            TimerKey::OlderQuerierPresent(v) => format!("v{v} querier present"),
            TimerKey::GeneralResponse => "general query response".into(),
            TimerKey::GroupResponse(g) => format!("group response {g}"),
            TimerKey::Retransmit(g) => format!("state-change retransmission {g}"),
            TimerKey::GeneralQuery => "general query".into(),
            TimerKey::OtherQuerier => "other querier present".into(),
            TimerKey::Group(g) => format!("group {g}"),
            TimerKey::Rexmt(g) => format!("last member query {g}"),
            TimerKey::OlderHost(g, v) => format!("v{v} host present {g}"),
            TimerKey::Source(g, s) => format!("source {s} of {g}"),
            TimerKey::PortMember(_, p, g) => format!("port {p} member {g}"),
            TimerKey::RouterPort(_, p) => format!("port {p} router port"),
        }
    }
}

/// A received IGMP message with the facts a node needs.
#[derive(Clone, Debug)]
pub struct Received {
    pub src: Ipv4Addr,
    pub dst: Ipv4Addr,
    pub message: IgmpMessage,
    pub router_alert: bool,
    /// For switches: the port it came in on.
    pub port: Option<usize>,
}

/// What a node may do while handling an event.
pub struct Ctx<'a> {
    pub now: Ms,
    pub node: &'a str,
    pub timers: &'a mut SortedMap<TimerKey, Ms>,
    pub rng: &'a mut SimRng,
    pub cfg: &'a Timers,
    new_timers: Vec<(TimerKey, Ms)>,
    sends: Vec<Send>,
    trace: Vec<TraceEntry>,
    /// Timers reported by this call's state changes, with the deadline each showed (the panel
    /// shows them from now on).
    shown: Vec<(TimerKey, Ms)>,
}

/// A frame a node sends: IGMP (built from a spec) or data.
pub enum Send {
    Igmp {
        src: Ipv4Addr,
        igmp: IgmpSpec,
        dst: Option<Ipv4Addr>,
    },
    /// A small UDP datagram to a group, or to another node's unicast address.
    Data { src: Ipv4Addr, group: Ipv4Addr },
    /// A switch forwarding a frame out of ports.
    Forward { bytes: Vec<u8>, ports: Vec<usize> },
}

impl<'a> Ctx<'a> {
    pub fn set(&mut self, key: TimerKey, at: Ms) {
        self.timers.insert(key.clone(), at);
        self.new_timers.push((key, at));
    }
    pub fn set_in(&mut self, key: TimerKey, delay: Ms) {
        let at = self.now.saturating_add(delay);
        self.set(key, at);
    }
    pub fn cancel(&mut self, key: &TimerKey) {
        self.timers.remove(key);
    }
    pub fn get(&self, key: &TimerKey) -> Option<Ms> {
        self.timers.get(key).copied()
    }
    /// Time left on a timer (0 when not running).
    pub fn left(&self, key: &TimerKey) -> Ms {
        self.get(key)
            .map(|t| t.saturating_sub(self.now))
            .unwrap_or(0)
    }
    pub fn send(&mut self, s: Send) {
        self.sends.push(s);
    }
    /// Records a state change: the states and the cause, typed; the names and the sentences
    /// come from [`narration`], the one place that words them. `timers` are the timers the
    /// state panel shows from now on.
    pub fn transition(
        &mut self,
        group: Ipv4Addr,
        source: Option<Ipv4Addr>,
        from: &State,
        to: &State,
        cause: &Cause,
        timers: Vec<TimerKey>,
    ) {
        let timers = timers
            .into_iter()
            .filter_map(|k| {
                let t = self.get(&k)?;
                let name = k.name();
                self.shown.push((k, t));
                Some((name, t))
            })
            .collect();
        let (plain, details) = cause.sentence(from, to);
        self.trace.push(TraceEntry::State {
            t: self.now,
            node: self.node.to_string(),
            group: group.to_string(),
            source: source.map(|s| s.to_string()),
            from: from.name(),
            to: to.name(),
            cause: plain,
            details,
            rfc: cause.rfc().to_string(),
            timers,
            updates: vec![],
        });
    }
}

pub enum Node {
    Host(host::Host),
    Router(router::Router),
    Switch(switch::Switch),
}

struct NodeSlot {
    name: String,
    node: Node,
    timers: SortedMap<TimerKey, Ms>,
    up: bool,
    mac: [u8; 6],
    /// The switch port this node is plugged into, when there is a switch.
    port: Option<usize>,
}

/// A large scenario for the benchmark: one v2 querier and `hosts` v2 hosts joining `groups`
/// groups at random times in the first minute.
pub fn bench_scenario(hosts: usize, groups: usize, seconds: f64) -> Scenario {
    let mut rng = SimRng::new(42);
    let mut nodes = vec![NodeConfig::new(
        "R1",
        NodeKind::Router,
        Ipv4Addr::new(10, 0, 0, 1),
        2,
    )];
    let mut actions = Vec::new();
    for i in 0..hosts {
        let name = format!("H{i}");
        nodes.push(NodeConfig::new(
            name.clone(),
            NodeKind::Host,
            Ipv4Addr::from(0x0a01_0000_u32.saturating_add(u32::try_from(i).unwrap_or(u32::MAX))),
            2,
        ));
        // The groups' last octets wrap at 256, as the `as u8` this replaced did.
        let octet = i.checked_rem(groups.max(1)).unwrap_or(0) % 256;
        let group = Ipv4Addr::new(239, 1, 0, u8::try_from(octet).unwrap_or(0));
        actions.push(Action {
            // In the first minute, or within the run when it is shorter (an action after
            // `until` is refused by validation).
            t: rng.up_to(crate::num::whole(
                crate::num::clamp(seconds, 0.0, 60.0) * 1000.0,
            )) as f64
                / 1000.0,
            node: name,
            kind: ActionKind::Join {
                group,
                mode: None,
                sources: vec![],
                socket: 0,
            },
        });
    }
    Scenario {
        name: "bench".into(),
        title: Text::default(),
        explanation: Text::default(),
        seed: 1,
        until: seconds,
        timers: Timers::default(),
        nodes,
        actions,
    }
}

/// Runs a scenario to its end (or `until`, in ms) and returns the world.
pub fn run(scenario: Scenario, seed: u64, until: Option<Ms>) -> World {
    let end = until.unwrap_or(scenario.until_ms());
    let mut w = World::new(scenario, seed);
    w.run_until(end);
    w
}

#[cfg(test)]
mod tests;
