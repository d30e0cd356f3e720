//! The IGMP state machines and the deterministic world they run in.
//!
//! Sans-IO: a node never reads a clock or sends anything itself. The [`World`] owns the virtual
//! clock (milliseconds), a seeded generator, and one queue of timed events (timer expiries, frame
//! deliveries, scripted actions); it hands each event to its node with a [`Ctx`] through which
//! the node sets and cancels timers, sends frames (real bytes from the codec) and records state
//! changes. Every receiver parses the bytes it gets with `codec::parse`, so the simulator cannot
//! send a frame the codec would not understand. Same scenario + same seed = same trace, byte for
//! byte (`BTreeMap`s everywhere, ties broken by insertion order).

pub mod builtin;
pub mod host;
pub mod router;
pub mod scenario;
pub mod switch;

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap};
use std::net::Ipv4Addr;
use std::rc::Rc;

use serde::{Deserialize, Serialize};

use crate::codec::spec::{IgmpSpec, LinkSpec, MacAddr};
use crate::codec::{self, FrameSpec, IgmpMessage, LinkType, Text};
pub use scenario::{limits, Action, ActionKind, Invalid, NodeConfig, NodeKind, Scenario, Timers};

/// Simulated time in milliseconds since the start of the scenario.
pub type Ms = u64;

/// A small, fast, seeded generator (xorshift64*). Never OS randomness.
#[derive(Clone, Debug)]
pub struct SimRng(u64);

impl SimRng {
    /// Every seed gives its own run: the seed is mixed with splitmix64 first (so seeds that
    /// differ in one bit start far apart), and a zero state, which xorshift cannot leave, is
    /// replaced by a fixed odd constant.
    pub fn new(seed: u64) -> SimRng {
        let mut z = seed.wrapping_add(0x9e37_79b9_7f4a_7c15);
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^= z >> 31;
        SimRng(if z == 0 { 0x9e37_79b9_7f4a_7c15 } else { z })
    }
    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    /// Uniform in (0, max] milliseconds; 0 when max is 0.
    pub fn up_to(&mut self, max: Ms) -> Ms {
        if max == 0 {
            0
        } else {
            1 + self.next_u64() % max
        }
    }
}

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
    /// Switch: membership of a port in a group.
    PortMember(usize, Ipv4Addr),
    /// Switch: a port is a router port.
    RouterPort(usize),
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
            TimerKey::PortMember(p, g) => format!("port {p} member {g}"),
            TimerKey::RouterPort(p) => format!("port {p} router port"),
        }
    }
}

/// One line of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TraceEntry {
    Packet {
        t: Ms,
        node: String,
        /// IP destination.
        to: String,
        /// `v2-report`, `v3-query`, `data`, …
        #[serde(rename = "type")]
        msg: String,
        group: String,
        summary: String,
        #[serde(with = "hex_bytes")]
        bytes: Vec<u8>,
        /// Names of the nodes that received the frame.
        receivers: Vec<String>,
        dropped: bool,
        /// Shown timers that nodes restarted or stopped on receiving this frame (see
        /// [`TimerUpdate`]).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        updates: Vec<TimerUpdate>,
    },
    State {
        t: Ms,
        node: String,
        group: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        from: String,
        to: String,
        cause: Text,
        rfc: String,
        /// Timers this change started: (name, deadline in ms).
        timers: Vec<(String, Ms)>,
        /// Shown timers of any node restarted or stopped with this change.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        updates: Vec<TimerUpdate>,
    },
}

/// A timer that the state panel shows (one a state change reported) and that a node restarted
/// or stopped without a state change of its own, e.g. a non-querier restarting Other Querier
/// Present on each query it hears. Carried by the trace entry at that instant, so that every
/// timer the panel shows is the simulator's real deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerUpdate {
    pub node: String,
    pub name: String,
    /// The new deadline, or `None` when the timer was stopped.
    pub until: Option<Ms>,
}

impl TraceEntry {
    fn updates_mut(&mut self) -> &mut Vec<TimerUpdate> {
        match self {
            TraceEntry::Packet { updates, .. } | TraceEntry::State { updates, .. } => updates,
        }
    }
}

impl TraceEntry {
    pub fn t(&self) -> Ms {
        match self {
            TraceEntry::Packet { t, .. } | TraceEntry::State { t, .. } => *t,
        }
    }
    pub fn node(&self) -> &str {
        match self {
            TraceEntry::Packet { node, .. } | TraceEntry::State { node, .. } => node,
        }
    }
}

mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::import::export::hex_stream(b))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        Ok(crate::import::hexdump::parse(&text)
            .frames
            .into_iter()
            .next()
            .unwrap_or_default())
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
    pub timers: &'a mut BTreeMap<TimerKey, Ms>,
    pub rng: &'a mut SimRng,
    pub cfg: &'a Timers,
    new_timers: Vec<(TimerKey, Ms)>,
    sends: Vec<Send>,
    trace: Vec<TraceEntry>,
    /// Timers reported by this call's state changes (the panel shows them from now on).
    shown: Vec<TimerKey>,
}

/// A frame a node sends: IGMP (built from a spec) or data.
pub enum Send {
    Igmp {
        src: Ipv4Addr,
        igmp: IgmpSpec,
        dst: Option<Ipv4Addr>,
    },
    Data {
        src: Ipv4Addr,
        group: Ipv4Addr,
    },
    /// A switch forwarding a frame out of ports.
    Forward {
        bytes: Vec<u8>,
        ports: Vec<usize>,
    },
}

impl<'a> Ctx<'a> {
    pub fn set(&mut self, key: TimerKey, at: Ms) {
        self.timers.insert(key.clone(), at);
        self.new_timers.push((key, at));
    }
    pub fn set_in(&mut self, key: TimerKey, delay: Ms) {
        let at = self.now + delay;
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
    #[allow(clippy::too_many_arguments)]
    pub fn state(
        &mut self,
        group: Ipv4Addr,
        source: Option<Ipv4Addr>,
        from: &str,
        to: &str,
        en: String,
        ja: String,
        rfc: &str,
        timers: Vec<TimerKey>,
    ) {
        let timers = timers
            .into_iter()
            .filter_map(|k| {
                let t = self.get(&k)?;
                let name = k.name();
                self.shown.push(k);
                Some((name, t))
            })
            .collect();
        self.trace.push(TraceEntry::State {
            t: self.now,
            node: self.node.to_string(),
            group: group.to_string(),
            source: source.map(|s| s.to_string()),
            from: from.to_string(),
            to: to.to_string(),
            cause: Text { en, ja },
            rfc: rfc.to_string(),
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
    timers: BTreeMap<TimerKey, Ms>,
    up: bool,
    mac: [u8; 6],
    /// The switch port this node is plugged into, when there is a switch.
    port: Option<usize>,
}

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    Action(usize),
    Timer(usize, TimerKey),
    /// Deliver a frame to a node (with the switch port it arrives on, for the switch). The
    /// bytes are shared by the deliveries of one send and freed after the last.
    Deliver(usize, Option<usize>, Rc<Vec<u8>>, usize),
}

/// The world: nodes, a LAN or a snooping switch, the clock, the queue and the trace.
pub struct World {
    pub scenario: Scenario,
    pub now: Ms,
    rng: SimRng,
    nodes: Vec<NodeSlot>,
    switch: Option<usize>,
    queue: BinaryHeap<Reverse<(Ms, u64, EventKind)>>,
    seq: u64,
    drop_next: BTreeMap<usize, Option<String>>,
    pub trace: Vec<TraceEntry>,
    pub errors: Vec<String>,
    /// Events handled so far (timers, deliveries, actions), for benchmarks.
    pub events: u64,
    /// The most events this world may handle (see [`limits::DEFAULT_EVENT_BUDGET`]).
    pub event_budget: u64,
    /// Set when the budget ran out: the run stopped early, at `now`.
    pub budget_exhausted: bool,
    /// Entries already taken out of `trace` by [`World::take_trace`] (absolute indexes).
    trace_base: usize,
    /// The timers each node's state changes have shown: changes to them go into the trace.
    shown: BTreeMap<usize, BTreeSet<TimerKey>>,
    /// While a frame is delivered: the absolute trace index of its Packet entry.
    delivering: Option<usize>,
}

impl World {
    pub fn new(scenario: Scenario, seed: u64) -> World {
        let mut w = World {
            rng: SimRng::new(seed),
            now: 0,
            nodes: Vec::new(),
            switch: None,
            queue: BinaryHeap::new(),
            seq: 0,
            drop_next: BTreeMap::new(),
            trace: Vec::new(),
            errors: Vec::new(),
            events: 0,
            event_budget: limits::DEFAULT_EVENT_BUDGET,
            budget_exhausted: false,
            trace_base: 0,
            shown: BTreeMap::new(),
            delivering: None,
            scenario,
        };
        let mut port = 0usize;
        for (i, n) in w.scenario.nodes.iter().enumerate() {
            // Locally administered, unique for up to 2^24 nodes (far beyond MAX_NODES).
            let [_, a, b, c] = u32::try_from(i)
                .unwrap_or(u32::MAX)
                .saturating_add(1)
                .to_be_bytes();
            let mac = [0x02, 0, 0, a, b, c];
            let node = match n.kind {
                NodeKind::Host => Node::Host(
                    host::Host::new(n.address, n.version, n.ssm_aware)
                        .with_packed_reports(n.pack_reports),
                ),
                NodeKind::Router => Node::Router(router::Router::new(
                    n.address,
                    n.version,
                    n.has_own_timers().then(|| n.own_timers(&w.scenario.timers)),
                )),
                NodeKind::Switch => Node::Switch(switch::Switch::new(
                    n.querier,
                    n.flood_unregistered,
                    n.version,
                )),
            };
            let is_switch = matches!(node, Node::Switch(_));
            w.nodes.push(NodeSlot {
                name: n.name.clone(),
                node,
                timers: BTreeMap::new(),
                up: true,
                mac,
                port: None,
            });
            if is_switch {
                w.switch = Some(i);
            }
        }
        if w.switch.is_some() {
            for slot in w
                .nodes
                .iter_mut()
                .filter(|s| !matches!(s.node, Node::Switch(_)))
            {
                slot.port = Some(port);
                port += 1;
            }
            if let Some(sw) = w.switch {
                let names: Vec<String> = w
                    .nodes
                    .iter()
                    .filter(|s| s.port.is_some())
                    .map(|s| s.name.clone())
                    .collect();
                if let Node::Switch(s) = &mut w.nodes[sw].node {
                    s.set_ports(names);
                }
            }
        }
        for i in 0..w.scenario.actions.len() {
            let t = w.scenario.actions[i].at_ms();
            w.push(t, EventKind::Action(i));
        }
        // Every node starts at time 0 (routers begin querying).
        for i in 0..w.nodes.len() {
            w.dispatch(i, |node, ctx| match node {
                Node::Router(r) => r.start(ctx),
                Node::Switch(s) => s.start(ctx),
                Node::Host(_) => {}
            });
        }
        w
    }

    pub fn node_names(&self) -> Vec<String> {
        self.nodes.iter().map(|n| n.name.clone()).collect()
    }

    fn push(&mut self, at: Ms, e: EventKind) {
        self.seq += 1;
        self.queue.push(Reverse((at, self.seq, e)));
    }

    /// The time of the next event, if any.
    pub fn next_time(&self) -> Option<Ms> {
        self.queue.peek().map(|Reverse((t, _, _))| *t)
    }

    /// Runs every event up to and including `until`, within the event budget. When the budget
    /// runs out the world stops where it is and says so in `errors` (once).
    pub fn run_until(&mut self, until: Ms) {
        self.run_slice(until, u64::MAX);
    }

    /// Like [`World::run_until`], but handles at most `max_events` events, so that a caller
    /// (the browser) can yield between slices. Returns true when the run reached `until` or
    /// stopped at the budget, false when it only paused.
    pub fn run_slice(&mut self, until: Ms, max_events: u64) -> bool {
        let pause_at = self.events.saturating_add(max_events);
        while let Some(t) = self.next_time() {
            if t > until || self.budget_exhausted {
                break;
            }
            if self.events >= self.event_budget {
                self.budget_exhausted = true;
                self.errors.push(format!(
                    "stopped after {} events at t = {:.3} s: the event budget is {} (a scenario that sends this much is probably a timer loop; shorten it or lengthen its intervals)",
                    self.events,
                    self.now as f64 / 1000.0,
                    self.event_budget
                ));
                return true;
            }
            if self.events >= pause_at {
                return false;
            }
            self.step();
        }
        if !self.budget_exhausted {
            self.now = self.now.max(until);
        }
        true
    }

    /// Handles the next event. Returns false when nothing is scheduled.
    pub fn step(&mut self) -> bool {
        let Some(Reverse((t, _, e))) = self.queue.pop() else {
            return false;
        };
        self.now = t;
        self.events += 1;
        match e {
            EventKind::Action(i) => self.action(i),
            EventKind::Timer(node, key) => {
                if self.nodes[node].timers.get(&key) == Some(&t) && self.nodes[node].up {
                    self.nodes[node].timers.remove(&key);
                    self.dispatch(node, |n, ctx| match n {
                        Node::Host(h) => h.on_timer(&key, ctx),
                        Node::Router(r) => r.on_timer(&key, ctx),
                        Node::Switch(s) => s.on_timer(&key, ctx),
                    });
                }
            }
            EventKind::Deliver(node, port, bytes, packet) => {
                if self.nodes[node].up {
                    self.delivering = Some(packet);
                    self.deliver(node, port, &bytes);
                    self.delivering = None;
                }
            }
        }
        true
    }

    fn deliver(&mut self, node: usize, port: Option<usize>, bytes: &[u8]) {
        let (d, rx) = decode(bytes, port);
        if let Node::Switch(_) = self.nodes[node].node {
            self.dispatch(node, |n, ctx| {
                if let Node::Switch(s) = n {
                    s.on_frame(bytes, &d, rx.as_ref(), port.unwrap_or(0), ctx);
                }
            });
            return;
        }
        let Some(rx) = rx else { return };
        self.dispatch(node, |n, ctx| match n {
            Node::Host(h) => h.on_message(&rx, ctx),
            Node::Router(r) => r.on_message(&rx, ctx),
            Node::Switch(_) => {}
        });
    }

    fn action(&mut self, i: usize) {
        let a = self.scenario.actions[i].clone();
        let Some(node) = self.nodes.iter().position(|n| n.name == a.node) else {
            self.errors
                .push(format!("action {}: no node named {:?}", i + 1, a.node));
            return;
        };
        match &a.kind {
            ActionKind::Down => {
                self.nodes[node].up = false;
                // Its shown timers stop with it.
                let name = self.nodes[node].name.clone();
                let stopped: Vec<TimerUpdate> = self
                    .shown
                    .get(&node)
                    .into_iter()
                    .flatten()
                    .filter(|k| self.nodes[node].timers.contains_key(k))
                    .map(|k| TimerUpdate {
                        node: name.clone(),
                        name: k.name(),
                        until: None,
                    })
                    .collect();
                self.nodes[node].timers.clear();
                self.power_trace(
                    node,
                    "Up",
                    "Down",
                    Text::new(
                        "The node stopped (scenario action).",
                        "ノードが停止しました (シナリオの操作)。",
                    ),
                );
                if let Some(entry) = self.trace.last_mut() {
                    entry.updates_mut().extend(stopped);
                }
            }
            ActionKind::Up => {
                self.nodes[node].up = true;
                self.power_trace(
                    node,
                    "Down",
                    "Up",
                    Text::new(
                        "The node started again (scenario action).",
                        "ノードが再び起動しました (シナリオの操作)。",
                    ),
                );
                self.dispatch(node, |n, ctx| match n {
                    Node::Router(r) => r.start(ctx),
                    Node::Switch(s) => s.start(ctx),
                    Node::Host(h) => h.restart(ctx),
                });
            }
            ActionKind::DropNext { kind } => {
                self.drop_next.insert(node, kind.clone());
            }
            ActionKind::SetTimer { timer, value } => {
                self.scenario.timers.set(timer, *value);
            }
            kind => {
                let kind = kind.clone();
                self.dispatch(node, |n, ctx| {
                    if let Node::Host(h) = n {
                        h.action(&kind, ctx);
                    }
                });
            }
        }
    }

    /// Records a node stopping or starting (scenario actions, not protocol state).
    fn power_trace(&mut self, node: usize, from: &str, to: &str, cause: Text) {
        let name = self.nodes[node].name.clone();
        self.trace.push(TraceEntry::State {
            t: self.now,
            node: name,
            group: String::new(),
            source: None,
            from: from.into(),
            to: to.into(),
            cause,
            rfc: String::new(),
            timers: vec![],
            updates: vec![],
        });
    }

    /// Runs `f` on a node with a fresh context, then applies what it asked for.
    fn dispatch(&mut self, node: usize, f: impl FnOnce(&mut Node, &mut Ctx)) {
        let cfg = self.scenario.timers.clone();
        let shown_before: Vec<(TimerKey, Option<Ms>)> = self
            .shown
            .get(&node)
            .map(|keys| {
                keys.iter()
                    .map(|k| (k.clone(), self.nodes[node].timers.get(k).copied()))
                    .collect()
            })
            .unwrap_or_default();
        let slot = &mut self.nodes[node];
        let mut ctx = Ctx {
            now: self.now,
            node: &slot.name,
            timers: &mut slot.timers,
            rng: &mut self.rng,
            cfg: &cfg,
            new_timers: Vec::new(),
            sends: Vec::new(),
            trace: Vec::new(),
            shown: Vec::new(),
        };
        f(&mut slot.node, &mut ctx);
        let Ctx {
            new_timers,
            sends,
            trace,
            shown,
            ..
        } = ctx;
        // Shown timers whose deadline now differs from what the panel will show: restarted or
        // stopped without a state change, or changed after this call's own state change
        // reported them (e.g. a group timer set to GMI, then lowered to LMQT by Send Q(G)).
        let name = self.nodes[node].name.clone();
        let mut displayed: BTreeMap<String, Option<Ms>> = shown_before
            .iter()
            .map(|(k, before)| (k.name(), *before))
            .collect();
        for e in &trace {
            if let TraceEntry::State { timers, .. } = e {
                for (n, until) in timers {
                    displayed.insert(n.clone(), Some(*until));
                }
            }
        }
        let keys: BTreeSet<TimerKey> = shown_before
            .into_iter()
            .map(|(k, _)| k)
            .chain(shown.iter().cloned())
            .collect();
        let updates: Vec<TimerUpdate> = keys
            .iter()
            .filter_map(|k| {
                let after = self.nodes[node].timers.get(k).copied();
                let shown_until = displayed.get(&k.name()).copied().flatten();
                (after != shown_until).then(|| TimerUpdate {
                    node: name.clone(),
                    name: k.name(),
                    until: after,
                })
            })
            .collect();
        self.shown.entry(node).or_default().extend(shown);
        let produced = !trace.is_empty() || !sends.is_empty();
        self.trace.extend(trace);
        for (key, at) in new_timers {
            self.push(at, EventKind::Timer(node, key));
        }
        for s in sends {
            self.transmit(node, s);
        }
        if !updates.is_empty() {
            self.attach_updates(updates, produced);
        }
    }

    /// Puts timer updates on the trace entry of this instant: the last entry this dispatch
    /// produced, else the frame being delivered, else the latest entry.
    fn attach_updates(&mut self, updates: Vec<TimerUpdate>, produced: bool) {
        let index = match self.delivering {
            Some(packet) if !produced => packet.checked_sub(self.trace_base),
            _ => self.trace.len().checked_sub(1),
        };
        if let Some(entry) = index.and_then(|i| self.trace.get_mut(i)) {
            entry.updates_mut().extend(updates);
        }
    }

    /// Takes the trace entries recorded so far (the CLI streams them), keeping the absolute
    /// indexes of later entries right.
    pub fn take_trace(&mut self) -> Vec<TraceEntry> {
        self.trace_base = self.trace_base.saturating_add(self.trace.len());
        std::mem::take(&mut self.trace)
    }

    fn transmit(&mut self, from: usize, s: Send) {
        let (bytes, ports) = match s {
            Send::Igmp { src, igmp, dst } => {
                let mut spec = FrameSpec::ethernet(igmp);
                spec.ip.src = src;
                if let Some(d) = dst {
                    spec.ip.dst = codec::Derived::Raw(d);
                }
                if let LinkSpec::Ethernet { src: mac, .. } = &mut spec.link {
                    *mac = MacAddr(self.nodes[from].mac);
                }
                (codec::emit(&spec), None)
            }
            Send::Data { src, group } => (data_frame(self.nodes[from].mac, src, group), None),
            Send::Forward { bytes, ports } => (bytes, Some(ports)),
        };
        let forwarded = ports.is_some();
        // Who receives it: on a hub LAN everyone else; through a switch, the switch (from a
        // host) or the hosts on the chosen ports (from the switch).
        let receivers: Vec<(usize, Option<usize>)> = match (self.switch, ports) {
            (None, _) => (0..self.nodes.len())
                .filter(|&i| i != from && self.nodes[i].up)
                .map(|i| (i, None))
                .collect(),
            (Some(sw), None) if from != sw => vec![(sw, self.nodes[from].port)],
            (Some(_), None) => vec![],
            (Some(_), Some(ports)) => self
                .nodes
                .iter()
                .enumerate()
                .filter(|(_, n)| n.port.is_some_and(|p| ports.contains(&p)) && n.up)
                .map(|(i, n)| (i, n.port))
                .collect(),
        };
        let (d, parsed) = decode(&bytes, None);
        let (msg, group, dst) = match &parsed {
            Some(rx) => (
                rx.message.kind(),
                rx.message
                    .group()
                    .unwrap_or(Ipv4Addr::UNSPECIFIED)
                    .to_string(),
                rx.dst.to_string(),
            ),
            None => {
                let dst = d.info.dst.map(|a| a.to_string()).unwrap_or_default();
                ("data".to_string(), dst.clone(), dst)
            }
        };
        let mut dropped = false;
        if !forwarded {
            if let Some(want) = self.drop_next.get(&from).cloned() {
                if want.as_ref().is_none_or(|k| *k == msg) {
                    self.drop_next.remove(&from);
                    dropped = true;
                }
            }
        }
        let receiver_names = if dropped {
            vec![]
        } else {
            receivers
                .iter()
                .map(|(i, _)| self.nodes[*i].name.clone())
                .collect()
        };
        self.trace.push(TraceEntry::Packet {
            t: self.now,
            node: self.nodes[from].name.clone(),
            to: dst,
            msg,
            group,
            summary: codec::summary::line(LinkType::Ethernet, &bytes, false),
            bytes: bytes.clone(),
            receivers: receiver_names,
            dropped,
            updates: vec![],
        });
        if dropped {
            return;
        }
        let bytes = Rc::new(bytes);
        let packet = self
            .trace_base
            .saturating_add(self.trace.len())
            .saturating_sub(1);
        for (i, port) in receivers {
            self.push(
                self.now,
                EventKind::Deliver(i, port, Rc::clone(&bytes), packet),
            );
        }
    }

    /// The trace as JSON lines (`igmpwb simulate --trace`).
    pub fn trace_jsonl(&self) -> String {
        trace_jsonl(&self.trace)
    }

    /// The packets as capture frames (simulated time from the Unix epoch).
    pub fn captured(&self) -> Vec<crate::import::CapturedFrame> {
        captured_frames(&self.trace)
    }

    /// Current state of each node, for the state panel: (node, role, [(group, state)]).
    pub fn snapshot(&self) -> Vec<NodeSnapshot> {
        self.nodes
            .iter()
            .map(|n| {
                let (role, groups) = match &n.node {
                    Node::Host(h) => ("Host".to_string(), h.snapshot()),
                    Node::Router(r) => (r.role().to_string(), r.snapshot()),
                    Node::Switch(s) => ("Switch".to_string(), s.snapshot()),
                };
                NodeSnapshot {
                    name: n.name.clone(),
                    role: if n.up { role } else { "Down".into() },
                    groups,
                    timers: n.timers.iter().map(|(k, t)| (k.name(), *t)).collect(),
                }
            })
            .collect()
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct NodeSnapshot {
    pub name: String,
    pub role: String,
    /// (group, state text)
    pub groups: Vec<(String, String)>,
    pub timers: Vec<(String, Ms)>,
}

/// The packets of a trace as capture frames (simulated time from the Unix epoch); dropped
/// packets never reached the wire and are left out.
/// Trace entries as JSON lines, `t` in seconds (`igmpwb simulate --trace`).
pub fn trace_jsonl(entries: &[TraceEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
        if let Some(obj) = v.as_object_mut() {
            obj.insert("t".into(), serde_json::json!(e.t() as f64 / 1000.0));
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

pub fn captured_frames(trace: &[TraceEntry]) -> Vec<crate::import::CapturedFrame> {
    trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::Packet {
                t,
                bytes,
                dropped: false,
                ..
            } => Some(crate::import::CapturedFrame {
                link: LinkType::Ethernet,
                ts_sec: (*t / 1000) as i64,
                ts_nsec: ((*t % 1000) * 1_000_000) as u32,
                orig_len: bytes.len() as u32,
                bytes: bytes.clone(),
                comment: None,
            }),
            _ => None,
        })
        .collect()
}

/// Decodes a frame once: its dissection (facts and diagnostics, no tree) and, if it is a valid
/// IGMP message, what a node receives. Anything else (data, bad checksums, malformed frames)
/// gives no message: receivers silently ignore those (RFC 2236 §6–7).
fn decode(bytes: &[u8], port: Option<usize>) -> (codec::Dissection, Option<Received>) {
    let d = codec::dissect_with(LinkType::Ethernet, bytes, codec::Options { tree: false });
    let bad_checksum = d
        .diagnostics
        .iter()
        .any(|x| x.code == "igmp.bad_checksum" || x.code == "ip.bad_checksum");
    let rx = d
        .frame
        .as_ref()
        .filter(|_| !bad_checksum)
        .map(|frame| Received {
            src: frame.ip.src,
            dst: frame.ip_destination(),
            router_alert: frame.ip.options.windows(2).any(|w| w == [0x94, 0x04]),
            message: frame.igmp.message(),
            port,
        });
    (d, rx)
}

/// A small UDP datagram to a group (port 5000), for the data-forwarding part of snooping.
fn data_frame(mac: [u8; 6], src: Ipv4Addr, group: Ipv4Addr) -> Vec<u8> {
    let payload = b"multicast data";
    let mut ip = vec![0x45, 0, 0, 0, 0, 0, 0x40, 0, 16, 17, 0, 0];
    ip.extend_from_slice(&src.octets());
    ip.extend_from_slice(&group.octets());
    let total = (20 + 8 + payload.len()) as u16;
    ip[2..4].copy_from_slice(&total.to_be_bytes());
    let sum = codec::checksum::internet(&ip);
    ip[10..12].copy_from_slice(&sum.to_be_bytes());
    let mut out = Vec::new();
    out.extend_from_slice(&codec::mac::multicast_mac(group));
    out.extend_from_slice(&mac);
    out.extend_from_slice(&[0x08, 0x00]);
    out.extend_from_slice(&ip);
    out.extend_from_slice(&[0x13, 0x88, 0x13, 0x88]);
    out.extend_from_slice(&((8 + payload.len()) as u16).to_be_bytes());
    out.extend_from_slice(&[0, 0]);
    out.extend_from_slice(payload);
    out
}

/// A large scenario for the benchmark: one v2 querier and `hosts` v2 hosts joining `groups`
/// groups at random times in the first minute.
pub fn bench_scenario(hosts: usize, groups: usize, seconds: f64) -> Scenario {
    let mut rng = SimRng::new(42);
    let mut nodes = vec![NodeConfig {
        name: "R1".into(),
        kind: NodeKind::Router,
        address: Ipv4Addr::new(10, 0, 0, 1),
        version: 2,
        querier: false,
        flood_unregistered: false,
        ssm_aware: false,
        pack_reports: false,
        robustness: None,
        query_interval: None,
        query_response_interval: None,
        last_member_query_interval: None,
        last_member_query_count: None,
        startup_query_interval: None,
        startup_query_count: None,
        first_query_delay: None,
    }];
    let mut actions = Vec::new();
    for i in 0..hosts {
        let name = format!("H{i}");
        nodes.push(NodeConfig {
            name: name.clone(),
            kind: NodeKind::Host,
            address: Ipv4Addr::from(0x0a01_0000 + i as u32),
            version: 2,
            querier: false,
            flood_unregistered: false,
            ssm_aware: false,
            pack_reports: false,
            robustness: None,
            query_interval: None,
            query_response_interval: None,
            last_member_query_interval: None,
            last_member_query_count: None,
            startup_query_interval: None,
            startup_query_count: None,
            first_query_delay: None,
        });
        let group = Ipv4Addr::new(239, 1, 0, (i % groups.max(1)) as u8);
        actions.push(Action {
            t: rng.up_to(60_000) as f64 / 1000.0,
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

/// The trace as readable text, one line per entry (the golden format and `igmpwb simulate`).
pub fn render_trace(trace: &[TraceEntry]) -> String {
    let mut out = String::new();
    for e in trace {
        match e {
            TraceEntry::Packet {
                t,
                node,
                msg,
                group,
                summary,
                receivers,
                dropped,
                ..
            } => {
                let fate = if *dropped {
                    " [DROPPED]".to_string()
                } else {
                    format!(" -> {}", receivers.join(","))
                };
                out.push_str(&format!(
                    "{:>9.3} {node:<4} send {msg} {group}: {summary}{fate}\n",
                    *t as f64 / 1000.0
                ));
            }
            TraceEntry::State {
                t,
                node,
                group,
                source,
                from,
                to,
                cause,
                rfc,
                ..
            } => {
                let src = source
                    .as_ref()
                    .map(|s| format!(" source {s}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{:>9.3} {node:<4} state {group}{src}: {from} -> {to} ({rfc}) {}\n",
                    *t as f64 / 1000.0,
                    cause.en
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests;
