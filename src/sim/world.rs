//! The world: nodes on one LAN (or behind one snooping switch), the virtual clock, one queue of
//! timed events, the event budget, and the trace they write.

use crate::sorted_map::SortedMap;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use serde::Serialize;

use super::narration::{Cause, State};
use super::{captured_frames, trace_jsonl, TimerKey, TimerUpdate, TraceEntry};
use super::{host, limits, router, switch};
use super::{ActionKind, Ctx, Ms, Node, NodeKind, NodeSlot, Received, Scenario, Send, SimRng};
use crate::codec::spec::{LinkSpec, MacAddr};
use crate::codec::{self, diagnostics, FrameSpec, LinkType};

#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum EventKind {
    Action(usize),
    Timer(usize, TimerKey),
    /// Deliver a frame to a node (with the switch port it arrives on, for the switch). The
    /// bytes are shared by the deliveries of one send and freed after the last.
    Deliver(usize, Option<usize>, Rc<Vec<u8>>, usize),
}

/// Why a run stopped before its end, or what it could not do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RunError {
    /// The event budget ran out at `at` (ms) after `events` events.
    Budget { events: u64, at: Ms, budget: u64 },
    /// Action number `action` (from 1) names a node the scenario does not have.
    NoNode { action: usize, node: String },
    /// The user stopped the run at `at` (ms) after `events` events.
    Cancelled { events: u64, at: Ms },
}

impl RunError {
    /// The message, in both languages.
    pub fn text(&self) -> codec::Text {
        let secs = |at: &Ms| crate::num::Fixed(*at as f64 / 1000.0, 3);
        match self {
            RunError::Budget { events, at, budget } => codec::Text::new(
                format!(
                    "stopped after {events} events at t = {} s: the event budget is {budget} (a scenario that sends this much is probably a timer loop; shorten it or lengthen its intervals)",
                    secs(at)
                ),
                format!(
                    "t = {} 秒、{events} イベントで停止しました: イベント数の上限は {budget} です (これほど送るシナリオはおそらくタイマーのループです。短くするか間隔を延ばしてください)",
                    secs(at)
                ),
            ),
            RunError::NoNode { action, node } => codec::Text::new(
                format!("action {action}: no node named {node:?}"),
                format!("アクション {action}: {node:?} という名前のノードはありません"),
            ),
            RunError::Cancelled { events, at } => codec::Text::new(
                format!(
                    "Cancelled: the trace shows what was simulated up to t = {} s ({events} events)",
                    secs(at)
                ),
                format!(
                    "キャンセルしました。トレースはここまでのシミュレーション結果です: t = {} 秒 ({events} イベント)",
                    secs(at)
                ),
            ),
        }
    }
}

impl std::fmt::Display for RunError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
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
    drop_next: SortedMap<usize, Option<String>>,
    pub trace: Vec<TraceEntry>,
    /// Why the run stopped early or skipped an action (typed; [`RunError::text`] says it in
    /// both languages).
    pub errors: Vec<RunError>,
    /// Events handled so far (timers, deliveries, actions), for benchmarks.
    pub events: u64,
    /// The most events this world may handle (see [`limits::DEFAULT_EVENT_BUDGET`]).
    pub event_budget: u64,
    /// Set when the budget ran out: the run stopped early, at `now`.
    pub budget_exhausted: bool,
    /// Entries already taken out of `trace` by [`World::take_trace`] (absolute indexes).
    trace_base: usize,
    /// The timers each node's state changes have shown: changes to them go into the trace.
    shown: SortedMap<usize, SortedMap<TimerKey, ()>>,
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
            drop_next: SortedMap::new(),
            trace: Vec::new(),
            errors: Vec::new(),
            events: 0,
            event_budget: limits::DEFAULT_EVENT_BUDGET,
            budget_exhausted: false,
            trace_base: 0,
            shown: SortedMap::new(),
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
                timers: SortedMap::new(),
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
                port = port.saturating_add(1);
            }
            if let Some(sw) = w.switch {
                let names: Vec<String> = w
                    .nodes
                    .iter()
                    .filter(|s| s.port.is_some())
                    .map(|s| s.name.clone())
                    .collect();
                if let Some(Node::Switch(s)) = w.nodes.get_mut(sw).map(|slot| &mut slot.node) {
                    s.set_ports(names);
                }
            }
        }
        let times: Vec<Ms> = w.scenario.actions.iter().map(|a| a.at_ms()).collect();
        for (i, t) in times.into_iter().enumerate() {
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
        self.seq = self.seq.saturating_add(1);
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
                self.errors.push(RunError::Budget {
                    events: self.events,
                    at: self.now,
                    budget: self.event_budget,
                });
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
        self.events = self.events.saturating_add(1);
        match e {
            EventKind::Action(i) => self.action(i),
            EventKind::Timer(node, key) => {
                let Some(slot) = self.nodes.get_mut(node) else {
                    return true;
                };
                if slot.up && slot.timers.get(&key) == Some(&t) {
                    slot.timers.remove(&key);
                    self.dispatch(node, |n, ctx| match n {
                        Node::Host(h) => h.on_timer(&key, ctx),
                        Node::Router(r) => r.on_timer(&key, ctx),
                        Node::Switch(s) => s.on_timer(&key, ctx),
                    });
                }
            }
            EventKind::Deliver(node, port, bytes, packet) => {
                if self.nodes.get(node).is_some_and(|n| n.up) {
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
        if let Some(Node::Switch(_)) = self.nodes.get(node).map(|n| &n.node) {
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
        let Some(a) = self.scenario.actions.get(i).cloned() else {
            return;
        };
        let Some(node) = self.nodes.iter().position(|n| n.name == a.node) else {
            self.errors.push(RunError::NoNode {
                action: i.saturating_add(1),
                node: a.node.clone(),
            });
            return;
        };
        match &a.kind {
            ActionKind::Down => {
                let Some(slot) = self.nodes.get_mut(node) else {
                    return;
                };
                slot.up = false;
                // Its shown timers stop with it.
                let name = slot.name.clone();
                let stopped: Vec<TimerUpdate> = self
                    .shown
                    .get(&node)
                    .into_iter()
                    .flat_map(SortedMap::keys)
                    .filter(|k| slot.timers.contains_key(k))
                    .map(|k| TimerUpdate {
                        node: name.clone(),
                        name: k.name(),
                        until: None,
                    })
                    .collect();
                slot.timers.clear();
                self.power_trace(node, false, &Cause::Stopped);
                if let Some(entry) = self.trace.last_mut() {
                    entry.updates_mut().extend(stopped);
                }
            }
            ActionKind::Up => {
                if let Some(slot) = self.nodes.get_mut(node) {
                    slot.up = true;
                }
                self.power_trace(node, true, &Cause::Restarted);
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
    fn power_trace(&mut self, node: usize, up: bool, cause: &Cause) {
        let name = self
            .nodes
            .get(node)
            .map(|n| n.name.clone())
            .unwrap_or_default();
        self.trace.push(TraceEntry::State {
            t: self.now,
            node: name,
            group: String::new(),
            source: None,
            from: State::Power(!up).name(),
            to: State::Power(up).name(),
            cause: cause.text(),
            details: crate::codec::Text::default(),
            rfc: cause.rfc().to_string(),
            timers: vec![],
            updates: vec![],
        });
    }

    /// Runs `f` on a node with a fresh context, then applies what it asked for.
    fn dispatch(&mut self, node: usize, f: impl FnOnce(&mut Node, &mut Ctx)) {
        let cfg = self.scenario.timers.clone();
        // The deadlines of this node's shown timers before the call, in the set's order (the set
        // does not change during the call). Compared after it, without allocating on this hot
        // path unless a timer really changed.
        let before: Vec<Option<Ms>> = self
            .shown
            .get(&node)
            .map(|keys| {
                keys.keys()
                    .map(|k| self.nodes.get(node).and_then(|n| n.timers.get(k).copied()))
                    .collect()
            })
            .unwrap_or_default();
        let Some(slot) = self.nodes.get_mut(node) else {
            return;
        };
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
        let Some(slot) = self.nodes.get(node) else {
            return;
        };
        let timers = &slot.timers;
        let mut changed: Vec<(TimerKey, Option<Ms>)> = Vec::new();
        if let Some(keys) = self.shown.get(&node) {
            for (k, was) in keys.keys().zip(&before) {
                let after = timers.get(k).copied();
                if !shown.iter().any(|(s, _)| s == k) && after != *was {
                    changed.push((k.clone(), after));
                }
            }
        }
        for (i, (k, reported)) in shown.iter().enumerate() {
            // The last report of a key in this call is what the panel shows.
            let last = !shown.iter().skip(i.saturating_add(1)).any(|(s, _)| s == k);
            let after = timers.get(k).copied();
            if last && after != Some(*reported) {
                changed.push((k.clone(), after));
            }
        }
        let updates: Vec<TimerUpdate> = changed
            .into_iter()
            .map(|(k, until)| TimerUpdate {
                node: slot.name.clone(),
                name: k.name(),
                until,
            })
            .collect();
        let keys = self.shown.entry(node).or_default();
        for (k, _) in shown {
            keys.insert(k, ());
        }
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
        let Some(sender) = self.nodes.get(from) else {
            return;
        };
        let (from_mac, from_port, from_name) = (sender.mac, sender.port, sender.name.clone());
        let (bytes, ports) = match s {
            Send::Igmp { src, igmp, dst } => {
                let mut spec = FrameSpec::ethernet(igmp);
                spec.ip.src = src;
                if let Some(d) = dst {
                    spec.ip.dst = codec::Derived::Raw(d);
                }
                if let LinkSpec::Ethernet { src: mac, .. } = &mut spec.link {
                    *mac = MacAddr(from_mac);
                }
                (codec::emit(&spec), None)
            }
            Send::Data { src, group } => {
                // A group's MAC address (RFC 1112 §6.4), or the MAC of the node that owns the
                // unicast address (the simulator leaves ARP out; validation ensures one does).
                let dst_mac = if group.is_multicast() {
                    codec::mac::multicast_mac(group)
                } else {
                    self.scenario
                        .nodes
                        .iter()
                        .zip(&self.nodes)
                        .find(|(n, _)| n.address == group)
                        .map_or([0xff; 6], |(_, slot)| slot.mac)
                };
                (data_frame(from_mac, dst_mac, src, group), None)
            }
            Send::Forward { bytes, ports } => (bytes, Some(ports)),
        };
        let forwarded = ports.is_some();
        // Who receives it: on a hub LAN everyone else; through a switch, the switch (from a
        // host) or the hosts on the chosen ports (from the switch).
        let receivers: Vec<(usize, Option<usize>)> = match (self.switch, ports) {
            (None, _) => self
                .nodes
                .iter()
                .enumerate()
                .filter(|&(i, n)| i != from && n.up)
                .map(|(i, _)| (i, None))
                .collect(),
            (Some(sw), None) if from != sw => vec![(sw, from_port)],
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
                rx.message.kind().to_string(),
                rx.message
                    .group()
                    .unwrap_or(Ipv4Addr::UNSPECIFIED)
                    .to_string(),
                rx.dst.to_string(),
            ),
            None => {
                // A unicast datagram is about no group.
                let group = d.info.dst.filter(|a| a.is_multicast());
                let dst = d.info.dst.map(|a| a.to_string()).unwrap_or_default();
                let group = group.map(|g| g.to_string()).unwrap_or_default();
                ("data".to_string(), group, dst)
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
                .filter_map(|(i, _)| self.nodes.get(*i).map(|n| n.name.clone()))
                .collect()
        };
        self.trace.push(TraceEntry::Packet {
            t: self.now,
            node: from_name,
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

/// Decodes a frame once: its dissection (facts and diagnostics, no tree) and, if it is a valid
/// IGMP message, what a node receives. Anything else (data, bad checksums, malformed frames)
/// gives no message: receivers silently ignore those (RFC 2236 §6–7).
fn decode(bytes: &[u8], port: Option<usize>) -> (codec::Dissection, Option<Received>) {
    let d = codec::dissect_with(
        LinkType::Ethernet,
        bytes,
        codec::Options {
            tree: false,
            unknown: codec::Unknown::NONE,
        },
    );
    let bad_checksum = d
        .diagnostics
        .iter()
        .any(|x| x.is(&diagnostics::IGMP_BAD_CHECKSUM) || x.is(&diagnostics::IP_BAD_CHECKSUM));
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

/// A small UDP datagram (port 5000, TTL 16) to a group or a host, for the data-forwarding part
/// of snooping and the unicast comparison: built by the codec.
fn data_frame(mac: [u8; 6], dst_mac: [u8; 6], src: Ipv4Addr, group: Ipv4Addr) -> Vec<u8> {
    codec::spec::udp_frame((mac, dst_mac), (src, group), 16, 5000, b"stream payload")
}
