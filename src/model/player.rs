//! The scenario player's view, as a pure function of the trace and the step index: stepping back
//! and forward gives the same picture by construction.

use crate::codec::{Lang, Text};
use crate::model::i18n::frame_label;
use crate::model::predict::Ask;
use crate::sim::{Ms, NodeKind, Scenario, TraceEntry};
use crate::sorted_map::SortedMap;

/// One node as drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct NodeView {
    pub name: String,
    pub kind: NodeKind,
    pub address: String,
    /// `Querier`, `NonQuerier`, `Host`, `Switch` (or `Down`).
    pub role: String,
    /// (group, state) badges.
    pub badges: Vec<(String, String)>,
    /// The most badges this node shows at any step of the run, and every badge it ever shows:
    /// the topology is laid out for these once per scenario, so nodes never move between steps.
    pub most_badges: usize,
    pub every_badge: Vec<(String, String)>,
    /// Timers still running at the current time: (name, seconds left).
    pub timers: Vec<(String, f64)>,
}

/// A packet drawn on the timeline.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PacketView {
    /// Index into the trace (to open its bytes in the Inspector).
    pub entry: usize,
    pub t: Ms,
    pub from: String,
    pub to: Vec<String>,
    pub kind: String,
    pub group: String,
    pub dropped: bool,
    /// What the frame is, read from its bytes ("v3 group-and-source-specific query").
    pub label: Text,
}

/// A state change marked on a lane.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarkView {
    pub t: Ms,
    pub node: String,
    pub group: String,
    pub to: String,
}

/// A timer bar: started at `from`, runs down to `until` (clipped at the current time when the
/// bar was replaced).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TimerBar {
    pub node: String,
    pub name: String,
    pub from: Ms,
    pub until: Ms,
}

#[derive(Clone, Debug, PartialEq)]
pub struct View {
    pub step: usize,
    pub steps: usize,
    pub now: Ms,
    pub nodes: Vec<NodeView>,
    pub packets: Vec<PacketView>,
    pub marks: Vec<MarkView>,
    pub bars: Vec<TimerBar>,
    /// The packet of the current step, if it is one: (from, receivers) light up.
    pub active: Option<(String, Vec<String>)>,
    pub narration: Text,
    /// The rule behind the step, with its RFC section (the "details" toggle); empty when none.
    pub details: Text,
}

/// The view after the first `step` trace entries (0 = before anything happened).
pub fn view(scenario: &Scenario, trace: &[TraceEntry], step: usize) -> View {
    let step = step.min(trace.len());
    let now = step
        .checked_sub(1)
        .and_then(|last| trace.get(last))
        .map_or(0, TraceEntry::t);
    let mut roles: SortedMap<String, String> = SortedMap::default();
    let mut badges: SortedMap<String, SortedMap<String, String>> = SortedMap::default();
    let mut timers: SortedMap<(String, String), (Ms, Ms)> = SortedMap::default();
    let mut bars = Vec::new();
    let mut packets = Vec::new();
    let mut marks = Vec::new();
    for n in &scenario.nodes {
        roles.insert(
            n.name.clone(),
            match n.kind {
                NodeKind::Host => "Host".into(),
                NodeKind::Switch => "Switch".into(),
                NodeKind::Router => "Querier".into(),
            },
        );
    }
    for (i, e) in trace.iter().take(step).enumerate() {
        // Shown timers restarted or stopped at this instant without a state change.
        let (TraceEntry::Packet { t, updates, .. } | TraceEntry::State { t, updates, .. }) = e;
        for u in updates {
            let key = (u.node.clone(), u.name.clone());
            let old = match u.until {
                Some(until) => timers.insert(key, (*t, until)),
                None => timers.remove(&key),
            };
            if let Some((from, old_until)) = old {
                bars.push(TimerBar {
                    node: u.node.clone(),
                    name: u.name.clone(),
                    from,
                    until: old_until.min(*t),
                });
            }
        }
        match e {
            TraceEntry::Packet {
                t,
                node,
                to: _,
                msg,
                group,
                receivers,
                dropped,
                bytes,
                ..
            } => packets.push(PacketView {
                entry: i,
                t: *t,
                from: node.clone(),
                to: receivers.clone(),
                kind: msg.clone(),
                group: group.clone(),
                dropped: *dropped,
                label: Text::new(frame_label(Lang::En, bytes), frame_label(Lang::Ja, bytes)),
            }),
            TraceEntry::State {
                t,
                node,
                group,
                to,
                timers: started,
                ..
            } => {
                if matches!(to.as_str(), "Querier" | "NonQuerier") && group == "0.0.0.0" {
                    roles.insert(node.clone(), to.clone());
                } else if to == "Down" {
                    roles.insert(node.clone(), "Down".into());
                } else if to == "Up" {
                    let kind = scenario
                        .nodes
                        .iter()
                        .find(|n| &n.name == node)
                        .map(|n| n.kind);
                    roles.insert(
                        node.clone(),
                        if kind == Some(NodeKind::Router) {
                            "Querier".into()
                        } else if kind == Some(NodeKind::Switch) {
                            "Switch".into()
                        } else {
                            "Host".into()
                        },
                    );
                } else if let Some((_, group, to)) = badge_of(e) {
                    badges
                        .entry(node.clone())
                        .or_default()
                        .insert(group.to_string(), to.to_string());
                    marks.push(MarkView {
                        t: *t,
                        node: node.clone(),
                        group: group.to_string(),
                        to: to.to_string(),
                    });
                }
                for (name, until) in started {
                    let key = (node.clone(), name.clone());
                    if let Some((from, old_until)) = timers.insert(key, (*t, *until)) {
                        bars.push(TimerBar {
                            node: node.clone(),
                            name: name.clone(),
                            from,
                            until: old_until.min(*t),
                        });
                    }
                }
            }
        }
    }
    for ((node, name), (from, until)) in timers.iter() {
        bars.push(TimerBar {
            node: node.clone(),
            name: name.clone(),
            from: *from,
            until: *until,
        });
    }
    let extents = badge_extents(trace);
    let nodes = scenario
        .nodes
        .iter()
        .map(|n| NodeView {
            most_badges: extents.get(&n.name).map_or(0, |x| x.0),
            every_badge: extents
                .get(&n.name)
                .map(|x| x.1.clone())
                .unwrap_or_default(),
            name: n.name.clone(),
            kind: n.kind,
            // A snooping switch has no address of its own on the link unless it queries, and then
            // from 0.0.0.0 (RFC 4541 §2.1.1(5)): shown as a switch, not as "SW 0.0.0.0".
            address: if n.kind == NodeKind::Switch && !n.querier {
                String::new()
            } else {
                n.address.to_string()
            },
            role: roles.get(&n.name).cloned().unwrap_or_default(),
            badges: badges
                .get(&n.name)
                .map(|b| b.iter().map(|(g, s)| (g.clone(), s.clone())).collect())
                .unwrap_or_default(),
            timers: timers
                .iter()
                .filter(|((node, _), (_, until))| node == &n.name && *until > now)
                .map(|((_, name), (_, until))| {
                    (name.clone(), until.saturating_sub(now) as f64 / 1000.0)
                })
                .collect(),
        })
        .collect();
    // The rule behind the step, for the narration's "details" toggle.
    let mut step_details = Text::default();
    let (active, narration) = match step.checked_sub(1).and_then(|i| trace.get(i)) {
        Some(TraceEntry::Packet {
            node,
            msg,
            group,
            to,
            receivers,
            dropped,
            bytes,
            ..
        }) => {
            let about = if group.is_empty() || group == "0.0.0.0" {
                String::new()
            } else {
                format!(" for {group}")
            };
            let about_ja = if group.is_empty() || group == "0.0.0.0" {
                String::new()
            } else {
                format!(" ({group})")
            };
            // "a v2 report", but "multicast data" (a mass noun takes no article).
            let what = if msg == "data" {
                frame_label(Lang::En, bytes)
            } else {
                format!("a {}", frame_label(Lang::En, bytes))
            };
            let what_ja = frame_label(Lang::Ja, bytes);
            // A snooping switch forwards (転送する) what others sent; it sends only its own
            // queries, from 0.0.0.0 (RFC 4541 §2.1.1).
            let from_switch = scenario
                .nodes
                .iter()
                .any(|n| &n.name == node && n.kind == NodeKind::Switch);
            let own = crate::codec::parse(crate::codec::LinkType::Ethernet, bytes)
                .is_ok_and(|f| f.ip.src.is_unspecified());
            let text = if from_switch && !own && !*dropped {
                Text::new(
                    format!(
                        "{node} forwarded {what}{about} out of the ports of {}.",
                        list(receivers)
                    ),
                    format!(
                        "{node} が {what_ja}{about_ja} を {} のポートへ転送しました。",
                        if receivers.is_empty() {
                            "-".to_string()
                        } else {
                            receivers.join(", ")
                        }
                    ),
                )
            } else if *dropped {
                Text::new(
                    format!("{node} sent {what}{about} to {to}, but it was lost on the wire."),
                    format!(
                        "{node} が {to} へ {what_ja}{about_ja} を送信しましたが、途中で失われました。"
                    ),
                )
            } else {
                Text::new(
                    format!(
                        "{node} sent {what}{about} to {to}; {} received it.",
                        list(receivers)
                    ),
                    format!(
                        "{node} が {to} へ {what_ja}{about_ja} を送信し、{}。",
                        if receivers.is_empty() {
                            "誰も受信しませんでした".to_string()
                        } else {
                            format!("{} が受信しました", receivers.join(", "))
                        }
                    ),
                )
            };
            // The rule that decides where the packet goes: predict mode's, written once.
            if let Some(q) = step.checked_sub(1).and_then(|i| {
                crate::model::predict::question_of(scenario, trace, i, Ask::Next).or_else(|| {
                    crate::model::predict::question_of(scenario, trace, i, Ask::Forward)
                })
            }) {
                step_details = q.rule;
            }
            (Some((node.clone(), receivers.clone())), text)
        }
        Some(TraceEntry::State {
            node,
            cause,
            details,
            rfc,
            ..
        }) => {
            // The plain sentence is the narration; the rule and its RFC section are details.
            let rfc = |d: &str| match (d.is_empty(), rfc.is_empty()) {
                (_, true) => d.to_string(),
                (true, false) => rfc.clone(),
                (false, false) => format!("{d} ({rfc})"),
            };
            step_details = Text::new(rfc(&details.en), rfc(&details.ja));
            (
                None,
                Text::new(
                    format!("{node}: {}", cause.en),
                    format!("{node}: {}", cause.ja),
                ),
            )
        }
        None => (
            None,
            Text::new(
                format!(
                    "{} Step through it, or press play.",
                    scenario.explanation.en
                ),
                format!(
                    "{} ステップ実行するか、再生を押してください。",
                    scenario.explanation.ja
                ),
            ),
        ),
    };
    View {
        step,
        steps: trace.len(),
        now,
        nodes,
        packets,
        marks,
        bars,
        active,
        narration,
        details: step_details,
    }
}

fn list(names: &[String]) -> String {
    if names.is_empty() {
        "nobody".into()
    } else {
        names.join(", ")
    }
}

/// The group badge a trace entry sets: (node, group, state). Source-level changes update the
/// group's badge too; roles, power and querier changes are not badges.
fn badge_of(e: &TraceEntry) -> Option<(&str, &str, &str)> {
    let TraceEntry::State {
        node,
        group,
        source,
        to,
        ..
    } = e
    else {
        return None;
    };
    let role = matches!(to.as_str(), "Querier" | "NonQuerier") && group == "0.0.0.0";
    let power = to == "Down" || to == "Up";
    let grouped =
        source.is_some() || (!group.is_empty() && group != "0.0.0.0" && group != "224.0.0.1");
    (!role && !power && grouped).then_some((node.as_str(), group.as_str(), to.as_str()))
}

/// Per node, over the whole run: the most badges shown at once, and every badge shown.
fn badge_extents(trace: &[TraceEntry]) -> SortedMap<String, (usize, Vec<(String, String)>)> {
    // Borrowed from the trace while scanning (it runs on every step shown); owned at the end.
    type Badges<'a> = SortedMap<&'a str, &'a str>;
    type Every<'a> = SortedMap<(&'a str, &'a str), ()>;
    let mut now: SortedMap<&str, Badges> = SortedMap::default();
    let mut seen: SortedMap<&str, (usize, Every)> = SortedMap::default();
    for (node, group, to) in trace.iter().filter_map(badge_of) {
        let shown = now.entry(node).or_default();
        shown.insert(group, to);
        let count = shown.len();
        let (most, every) = seen.entry(node).or_default();
        *most = (*most).max(count);
        every.insert((group, to), ());
    }
    let mut out = SortedMap::default();
    for (node, (most, every)) in seen.iter() {
        let every = every
            .keys()
            .map(|(g, s)| (g.to_string(), s.to_string()))
            .collect();
        out.insert(node.to_string(), (*most, every));
    }
    out
}

/// The last step whose time is at most `t` (for jumping on the time axis and for play).
pub fn step_at(trace: &[TraceEntry], t: Ms) -> usize {
    trace.partition_point(|e| e.t() <= t)
}

/// One tick of Play: the real time between ticks.
pub const TICK_MS: u64 = 100;
/// A quiet stretch longer than this (in simulated time at 1×) is skipped over.
pub const IDLE_MS: u64 = 3_000;

/// The simulated clock after one tick of Play at `speed` (#28): it moves `TICK_MS × speed`, but
/// when the next event is more than `IDLE_MS × speed` away it closes a sixth of the gap each
/// tick, so a quiet stretch (a 125 s Query Interval, 255 s of Other Querier Present) passes in
/// about three seconds with the timers visibly counting down, and the last seconds before the
/// event play at the chosen speed. It never passes the next event.
pub fn advance(trace: &[TraceEntry], clock: Ms, speed: f64) -> Ms {
    let step = crate::num::whole(((TICK_MS as f64) * speed.max(0.0)).round());
    let next = trace.get(step_at(trace, clock)).map(TraceEntry::t);
    match next {
        Some(at) => {
            let gap = at.saturating_sub(clock);
            let idle = crate::num::whole((IDLE_MS as f64) * speed.max(1.0));
            match gap.checked_sub(idle).filter(|quiet| *quiet > 0) {
                Some(quiet) => clock.saturating_add(step.max(quiet / 6).min(quiet)),
                None => clock.saturating_add(step),
            }
        }
        None => clock.saturating_add(step),
    }
}

/// The narration in `lang`.
pub fn narration(v: &View, lang: Lang) -> &str {
    v.narration.get(lang)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::{builtin, run};

    /// At every step the picture shows exactly what the trace says happened up to that step:
    /// the clock, the packets drawn so far and R1's state for the group, which goes through
    /// Members Present → Checking Membership → No Members Present (RFC 2236 §7) and is seen
    /// again in that order when stepping back from the end.
    /// Play skips idle stretches (#28): querier fail-over's 255 s of quiet take seconds, not
    /// four minutes, the clock never jumps past an event, and a busy stretch plays at 1×.
    /// The unicast comparison's table, read from the packets: S's link carries three unicast
    /// copies and one multicast copy of the same datagram; each receiver one of each; D none;
    /// the router port the multicast copy only (RFC 4541 §2.1.2).
    #[test]
    fn link_load_counts_unicast_copies_against_one_multicast_copy() {
        let s = builtin::get("unicast-vs-multicast").unwrap();
        let trace = run(s.clone(), 1, None).trace;
        let rows = link_load(&s, &trace, trace.len());
        let row = |n: &str| {
            rows.iter()
                .find(|r| r.node.as_deref() == Some(n))
                .unwrap()
                .clone()
        };
        let size = row("S").multicast.1;
        assert_eq!(row("S").multicast, (1, size));
        assert_eq!(row("S").unicast, (3, 3 * size));
        for n in ["A", "B", "C"] {
            assert_eq!(
                (row(n).unicast, row(n).multicast),
                ((1, size), (1, size)),
                "{n}"
            );
        }
        assert_eq!((row("D").unicast, row("D").multicast), ((0, 0), (0, 0)));
        assert_eq!(
            (row("R1").unicast, row("R1").multicast),
            ((0, 0), (1, size))
        );
        // Before S sends anything, every link is at zero; a scenario without data has no table.
        assert!(link_load(&s, &trace, 10)
            .iter()
            .all(|r| r.unicast.0 == 0 && r.multicast.0 == 0));
        let v2 = builtin::get("v2-join").unwrap();
        assert!(link_load(&v2, &run(v2.clone(), 1, None).trace, 5).is_empty());
    }

    #[test]
    fn play_skips_idle_stretches_without_passing_an_event() {
        let s = crate::sim::builtin::get("querier-failover").unwrap();
        let trace = crate::sim::run(s.clone(), 1, None).trace;
        let end = trace.last().unwrap().t();
        let mut clock = 0;
        let mut ticks = 0u64;
        let mut seen = 0;
        while clock < end {
            let next = advance(&trace, clock, 1.0);
            // Every event is reached: the steps up to the clock only ever grow one tick's worth
            // at a time, never skipping an event's own instant.
            let upcoming = trace.get(step_at(&trace, clock)).map(TraceEntry::t);
            if let Some(at) = upcoming {
                assert!(
                    next <= at.max(clock + TICK_MS),
                    "passed the event at {at}: {clock} → {next}"
                );
            }
            seen = seen.max(step_at(&trace, next));
            clock = next;
            ticks += 1;
        }
        assert_eq!(seen, trace.len());
        let simulated_s = end / 1000;
        // Real seconds of Play against simulated seconds.
        assert!(
            ticks / 10 < simulated_s / 4,
            "{ticks} ticks for {simulated_s} s"
        );
        // Within IDLE_MS of an event, 1× is 1×.
        let at = trace[5].t();
        assert_eq!(advance(&trace, at - 1000, 1.0), at - 900);
    }

    #[test]
    fn each_step_shows_the_trace_up_to_that_step() {
        let s = builtin::get("v2-last-member-leaves").expect("built-in");
        let w = run(s.clone(), 1, None);
        let group = "224.10.10.10";
        let r1_state = |v: &View| {
            v.nodes
                .iter()
                .find(|n| n.name == "R1")
                .and_then(|n| n.badges.iter().find(|(g, _)| g == group))
                .map(|(_, st)| st.clone())
        };
        let mut seen: Vec<String> = Vec::new();
        for k in (0..=w.trace.len()).rev() {
            let v = view(&s, &w.trace, k);
            let before = &w.trace[..k];
            assert_eq!(v.now, before.last().map_or(0, TraceEntry::t), "step {k}");
            let packets = before
                .iter()
                .filter(|e| matches!(e, TraceEntry::Packet { .. }))
                .count();
            assert_eq!(v.packets.len(), packets, "step {k}");
            let want = before.iter().rev().find_map(|e| match e {
                TraceEntry::State {
                    node,
                    group: g,
                    source: None,
                    to,
                    ..
                } if node == "R1" && g == group => Some(to.clone()),
                _ => None,
            });
            let got = r1_state(&v);
            assert_eq!(got, want, "step {k}");
            if let Some(st) = got {
                if seen.last() != Some(&st) {
                    seen.push(st);
                }
            }
        }
        seen.reverse();
        assert_eq!(
            seen,
            ["MembersPresent", "CheckingMembership", "NoMembersPresent"],
            "R1's states in order"
        );
        let end = view(&s, &w.trace, w.trace.len());
        assert_eq!(
            end.nodes
                .iter()
                .find(|n| n.name == "R1")
                .map(|n| n.role.as_str()),
            Some("Querier")
        );
    }

    /// Issue #14: the narration said "S sent a data for …".
    #[test]
    fn data_is_narrated_as_multicast_data() {
        let s = builtin::get("snooping-switch").expect("built-in");
        let w = run(s.clone(), 1, None);
        let k = w
            .trace
            .iter()
            .position(|e| matches!(e, TraceEntry::Packet { msg, .. } if msg == "data"))
            .expect("a data packet");
        let v = view(&s, &w.trace, k + 1);
        assert!(
            v.narration.en.contains(" sent multicast data for "),
            "{}",
            v.narration.en
        );
        assert!(!v.narration.en.contains("a data"), "{}", v.narration.en);
        assert!(
            v.narration.ja.contains("マルチキャストデータ"),
            "{}",
            v.narration.ja
        );
    }

    #[test]
    fn election_turns_r2_into_a_non_querier() {
        let s = builtin::get("querier-election").expect("built-in");
        let w = run(s.clone(), 1, None);
        let v = view(&s, &w.trace, w.trace.len());
        assert_eq!(
            v.nodes
                .iter()
                .find(|n| n.name == "R2")
                .map(|n| n.role.as_str()),
            Some("NonQuerier")
        );
    }

    #[test]
    fn step_at_finds_the_last_entry_not_after_t() {
        let s = builtin::get("v2-join").expect("built-in");
        let w = run(s, 1, None);
        assert_eq!(
            step_at(&w.trace, 0),
            w.trace.iter().filter(|e| e.t() == 0).count()
        );
        assert_eq!(step_at(&w.trace, u64::MAX), w.trace.len());
    }
}

/// The data one link has carried: frames and bytes (whole Ethernet frames, without preamble and
/// FCS), unicast and multicast apart.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct LinkLoad {
    /// The node at the far end of the link from the switch; `None` for a shared LAN (no switch),
    /// where every frame crosses the one segment once.
    pub node: Option<String>,
    pub unicast: (u32, u64),
    pub multicast: (u32, u64),
}

/// What each link carried as data in the first `step` trace entries, read from the packets
/// themselves: a frame a node sends crosses its own link, and one the switch forwards crosses the
/// link of each port it goes out of. Unicast and multicast are told apart by the destination MAC
/// address's I/G bit. Empty when no data was sent in the whole trace.
pub fn link_load(scenario: &Scenario, trace: &[TraceEntry], step: usize) -> Vec<LinkLoad> {
    let is_data = |e: &TraceEntry| matches!(e, TraceEntry::Packet { msg, .. } if msg == "data");
    if !trace.iter().any(is_data) {
        return Vec::new();
    }
    let switch = scenario
        .nodes
        .iter()
        .find(|n| n.kind == NodeKind::Switch)
        .map(|n| n.name.as_str());
    let mut rows: Vec<LinkLoad> = match switch {
        Some(sw) => scenario
            .nodes
            .iter()
            .filter(|n| n.name != sw)
            .map(|n| LinkLoad {
                node: Some(n.name.clone()),
                ..LinkLoad::default()
            })
            .collect(),
        None => vec![LinkLoad::default()],
    };
    let mut add = |row: Option<&str>, unicast: bool, len: u64| {
        if let Some(r) = rows.iter_mut().find(|r| r.node.as_deref() == row) {
            let slot = if unicast {
                &mut r.unicast
            } else {
                &mut r.multicast
            };
            slot.0 = slot.0.saturating_add(1);
            slot.1 = slot.1.saturating_add(len);
        }
    };
    for entry in trace.iter().take(step) {
        let TraceEntry::Packet {
            node,
            bytes,
            receivers,
            dropped,
            msg,
            ..
        } = entry
        else {
            continue;
        };
        if msg != "data" {
            continue;
        }
        let unicast = crate::codec::mac::is_individual(bytes);
        let len = u64::try_from(bytes.len()).unwrap_or(u64::MAX);
        match switch {
            None => add(None, unicast, len),
            Some(sw) if node == sw => {
                for r in receivers {
                    add(Some(r), unicast, len);
                }
            }
            // A frame lost on the wire never reached the switch: it crossed no link.
            Some(_) if *dropped => {}
            Some(_) => add(Some(node), unicast, len),
        }
    }
    rows
}
