//! The Scenarios screen's pictures: the topology (with the packets travelling on it), the state
//! panel and the timeline. Both SVGs are drawn in CSS pixels at the width their panel measures
//! and at the page's font size (`viewBox` = their size, `width: 100%`), so that their text is as
//! large as the page's and follows large-text and presenter modes (issue #15).

use crate::num::Fixed;
use std::rc::Rc;

use yew::prelude::*;

use super::testids;
use crate::codec::Lang;
use crate::model::diagram::{stagger, text_width};
use crate::model::i18n::{counted, message_short, role_label, state_label, t, timer_label};
use crate::model::player::{LinkLoad, NodeView, View};
use crate::sim::{NodeKind, TraceEntry};

/// How large to draw: the font size and the width available, in CSS pixels.
#[derive(Clone, Copy, PartialEq)]
pub struct Geometry {
    pub font: f64,
    pub width: f64,
    /// The height available (presenter mode): the hosts are then laid out in as many rows as
    /// make the picture's shape closest to the panel's, and the picture scales to fit it.
    pub height: Option<f64>,
}

/// Message-type colours (also used by the legend).
fn colour(kind: &str) -> &'static str {
    match kind {
        k if k.ends_with("query") => "#1f6feb",
        k if k.ends_with("report") => "#1a7f37",
        "v2-leave" => "#cf222e",
        "data" => "#8250df",
        _ => "#6e7781",
    }
}

fn state_colour(state: &str) -> &'static str {
    match state {
        "NonMember" | "NoMembersPresent" | "INCLUDE{}" => "#6e7781",
        "DelayingMember" | "CheckingMembership" => "#9a6700",
        "IdleMember" | "MembersPresent" => "#1a7f37",
        "V1MembersPresent" => "#8250df",
        s if s.starts_with("EXCLUDE") => "#0969da",
        s if s.starts_with("INCLUDE") => "#1a7f37",
        _ => "#57606a",
    }
}

fn px(v: f64) -> String {
    Fixed(v, 1).to_string()
}

/// Where each node is drawn, and the picture's size.
struct Placed<'a> {
    nodes: Vec<(&'a NodeView, f64, f64)>,
    /// The switch's centre, or the bus's height when there is no switch.
    hub: (f64, f64),
    switch: bool,
    width: f64,
    height: f64,
    box_w: f64,
    box_h: f64,
    badge_h: f64,
}

impl Placed<'_> {
    fn at(&self, name: &str) -> Option<(f64, f64)> {
        self.nodes
            .iter()
            .find(|(n, _, _)| n.name == name)
            .map(|(_, x, y)| (*x, *y))
    }
}

fn badge_text(g: &str, s: &str, l: Lang) -> String {
    format!("{g} {}", state_label(l, s))
}

/// One column width for every node, for the whole run (the layout never changes between
/// steps): its name line, every role it can take, every badge it ever shows.
fn column_width(v: &View, l: Lang, e: f64, small: f64) -> (f64, f64) {
    let roles = |n: &NodeView| -> Vec<&str> {
        match n.kind {
            NodeKind::Router => vec!["Querier", "NonQuerier", "Down"],
            NodeKind::Host => vec!["Host", "Down"],
            NodeKind::Switch => vec!["Switch", "Down"],
        }
    };
    let box_w = v
        .nodes
        .iter()
        .map(|n| {
            roles(n)
                .into_iter()
                .map(|r| text_width(&role_label(l, r), small))
                .fold(
                    text_width(format!("{} {}", n.name, n.address).trim_end(), e),
                    f64::max,
                )
        })
        .fold(6.0 * e, f64::max)
        + e;
    let badge_w = v
        .nodes
        .iter()
        .flat_map(|n| n.every_badge.iter())
        .map(|(gr, s)| text_width(&badge_text(gr, s, l), small) + e)
        .fold(0.0, f64::max);
    (box_w, box_w.max(badge_w) + e)
}

fn place<'a>(v: &'a View, l: Lang, g: Geometry) -> Placed<'a> {
    let e = g.font;
    let hosts = v.nodes.iter().filter(|n| n.kind == NodeKind::Host).count();
    let (_, column) = column_width(v, l, e, 0.85 * e);
    // Links never cross a box: behind a switch every host has its own straight link, so the
    // hosts take one row; on a bus the hosts take one row, or two with the second row's hosts
    // between the first row's (their links pass through the gaps), so at least (n + 1) / 2 on
    // the first row (n being the number of hosts).
    let switch = v.nodes.iter().any(|n| n.kind == NodeKind::Switch);
    let least = if switch {
        hosts
    } else {
        (hosts + 1).div_ceil(2)
    }
    .max(1);
    let fits = ((g.width / column) as usize).clamp(least, hosts.max(1));
    let per_row = match g.height {
        // The number per row whose picture, scaled to the panel, comes out largest.
        Some(h) if h > 0.0 && hosts > 1 => {
            (least..=hosts)
                .map(|n| {
                    let p = arrange(v, l, g, n);
                    (n, (g.width / p.width).min(h / p.height))
                })
                .fold(
                    (fits, 0.0),
                    |best, (n, k)| if k > best.1 + 1e-9 { (n, k) } else { best },
                )
                .0
        }
        _ => fits,
    };
    arrange(v, l, g, per_row)
}

/// The layout with `per_row` hosts on each row.
fn arrange<'a>(v: &'a View, l: Lang, g: Geometry, per_row: usize) -> Placed<'a> {
    let e = g.font;
    let small = 0.85 * e;
    let of = |k: NodeKind| -> Vec<&NodeView> { v.nodes.iter().filter(|n| n.kind == k).collect() };
    let (routers, hosts) = (of(NodeKind::Router), of(NodeKind::Host));
    let switch = v.nodes.iter().find(|n| n.kind == NodeKind::Switch);
    let (box_w, column) = column_width(v, l, e, small);
    let per_row = per_row.max(1);
    let width = g
        .width
        .max(column * routers.len().max(per_row) as f64)
        .max(column);
    let box_h = 2.7 * e;
    let badge_h = 1.45 * e;
    let badges_of = |ns: &[&NodeView]| ns.iter().map(|n| n.most_badges).max().unwrap_or(0) as f64;
    // n nodes share the width in n equal columns, each centred in its own.
    let x_in = |i: usize, n: usize| width / n as f64 * (i as f64 + 0.5);
    let mut nodes = Vec::new();
    // Room above the routers for an envelope that arrives there (1.5 em, see `tokens`).
    let router_y = 2.3 * e + box_h / 2.0;
    for (i, r) in routers.iter().enumerate() {
        nodes.push((*r, x_in(i, routers.len()), router_y));
    }
    // Between boxes (and their badges) there is room for an arrived envelope (1.65 em).
    let gap = 1.9 * e;
    let hub_y = router_y
        + box_h / 2.0
        + badges_of(&routers) * badge_h
        + switch.map_or(1.6 * e, |_| gap + box_h / 2.0);
    let hub = (width / 2.0, hub_y);
    if let Some(s) = switch {
        nodes.push((s, hub.0, hub_y));
    }
    let below_hub = switch.map_or(2.2 * e, |s| {
        box_h / 2.0 + s.most_badges as f64 * badge_h + gap
    });
    let mut y = hub_y + below_hub + box_h / 2.0;
    let row_h = box_h + badges_of(&hosts) * badge_h + gap;
    // The second row sits between the first row's hosts (at most per_row - 1 of them).
    let (first, second) = hosts.split_at(per_row.min(hosts.len()));
    for (i, h) in first.iter().enumerate() {
        nodes.push((*h, x_in(i, first.len()), y));
    }
    if !second.is_empty() {
        y += row_h;
        // On the boundaries between first-row columns, centred: k0 · slot, (k0 + 1) · slot, …
        let slot = width / first.len() as f64;
        let k0 = (first.len() - 1 - second.len().min(first.len() - 1)) / 2 + 1;
        for (i, h) in second.iter().enumerate() {
            nodes.push((*h, slot * (k0 + i) as f64, y));
        }
    }
    let bottom = if hosts.is_empty() {
        hub_y + box_h
    } else {
        y + box_h / 2.0 + badges_of(&hosts) * badge_h
    };
    Placed {
        nodes,
        hub,
        switch: switch.is_some(),
        width,
        height: bottom + 0.8 * e,
        box_w,
        box_h,
        badge_h,
    }
}

/// The packet of the current step travelling on the links: one envelope per receiver, from the
/// sender through the switch (or along the bus) to it, in 0.6 s (`.token`'s CSS animation, none
/// under `prefers-reduced-motion`). A lost packet stops halfway down its first link.
fn tokens(v: &View, p: &Placed, l: Lang, e: f64) -> Html {
    let Some(packet) = v.packets.last().filter(|pk| pk.entry + 1 == v.step) else {
        return html! {};
    };
    let Some(start) = p.at(&packet.from) else {
        return html! {};
    };
    let label = message_short(l, &packet.kind);
    let w = text_width(label, 0.85 * e) + 0.8 * e;
    let h = 1.5 * e;
    // Through the switch (where the sender is when the switch forwards), or along the bus.
    let via = |to: (f64, f64)| -> [(f64, f64); 3] {
        if p.switch {
            [p.hub, p.hub, to]
        } else {
            [(start.0, p.hub.1), (to.0, p.hub.1), to]
        }
    };
    let routes: Vec<[(f64, f64); 3]> = if packet.dropped || packet.to.is_empty() {
        // Halfway along the free part of its first link, clear of the sender's box.
        let first = via(start)[0];
        let edge = if start.1 < p.hub.1 {
            start.1 + p.box_h / 2.0
        } else {
            start.1 - p.box_h / 2.0
        };
        let half = ((start.0 + first.0) / 2.0, (edge + first.1) / 2.0);
        vec![[half, half, half]]
    } else {
        // An arrived envelope rests just above its receiver's box, never on its name.
        let above = |(x, y): (f64, f64)| (x, y - p.box_h / 2.0 - h / 2.0 - 0.15 * e);
        packet
            .to
            .iter()
            .filter_map(|r| p.at(r))
            .map(|to| via(above(to)))
            .collect()
    };
    let envelopes = routes.iter().enumerate().map(|(i, [a, b, d])| {
        let style = format!(
            "--sx:{}px;--sy:{}px;--ax:{}px;--ay:{}px;--bx:{}px;--by:{}px;--dx:{}px;--dy:{}px",
            px(start.0), px(start.1), px(a.0), px(a.1), px(b.0), px(b.1), px(d.0), px(d.1)
        );
        html! {
            <g key={format!("{}-{i}", v.step)} class={classes!("token", packet.dropped.then_some("dropped"))} data-testid={testids::PACKET_TOKEN} data-type={packet.kind.clone()} {style}>
                <rect x={px(-w / 2.0)} y={px(-h / 2.0)} width={px(w)} height={px(h)} rx={px(0.2 * e)} fill={colour(&packet.kind)} />
                <path d={format!("M{} {} L0 {} L{} {}", px(-w / 2.0), px(-h / 2.0), px(0.1 * e), px(w / 2.0), px(-h / 2.0))} class="flap" />
                <text y={px(0.3 * e)} text-anchor="middle" class="token-label">{ label }</text>
                if packet.dropped {
                    <text x={px(w / 2.0 + 0.2 * e)} y={px(0.3 * e)} class="lost">{ "✕" }</text>
                }
            </g>
        }
    });
    html! { <g class="tokens" aria-hidden="true">{ for envelopes }</g> }
}

pub fn topology(v: &View, l: Lang, g: Geometry) -> Html {
    let e = g.font;
    let small = 0.85 * e;
    let p = place(v, l, g);
    let lit = |name: &str| {
        v.active
            .as_ref()
            .is_some_and(|(from, to)| from == name || to.iter().any(|t| t == name))
    };
    let links = p.nodes.iter().filter(|(n, _, _)| n.kind != NodeKind::Switch).map(|(n, x, y)| {
        let (tx, ty) = if p.switch { p.hub } else { (*x, p.hub.1) };
        html! { <line x1={px(*x)} y1={px(*y)} x2={px(tx)} y2={px(ty)} class={classes!("link", lit(&n.name).then_some("lit"))} /> }
    });
    let nodes = p.nodes.iter().map(|(n, x, y)| {
        let top = y - p.box_h / 2.0;
        let badges = n.badges.iter().enumerate().map(|(i, (gr, s))| {
            let text = badge_text(gr, s, l);
            let bw = text_width(&text, small) + 0.8 * e;
            let by = top + p.box_h + 0.2 * e + i as f64 * p.badge_h;
            html! {
                <g data-testid={testids::NODE_STATE} data-node={n.name.clone()} data-group={gr.clone()} data-state={s.clone()}>
                    <rect x={px(x - bw / 2.0)} y={px(by)} width={px(bw)} height={px(p.badge_h - 0.2 * e)} rx={px(0.25 * e)} fill={state_colour(s)} />
                    <text x={px(*x)} y={px(by + 0.95 * e)} class="badge-text" text-anchor="middle">{ text }</text>
                </g>
            }
        });
        html! {
            <g data-node={n.name.clone()} data-role={n.role.clone()} class={classes!("node", lit(&n.name).then_some("lit"), (n.role == "Down").then_some("down"))}>
                <rect class="box" x={px(x - p.box_w / 2.0)} y={px(top)} width={px(p.box_w)} height={px(p.box_h)} rx={px(0.35 * e)} />
                <text x={px(*x)} y={px(top + 1.15 * e)} text-anchor="middle" class="node-name">{ format!("{} {}", n.name, n.address).trim_end().to_string() }</text>
                <text x={px(*x)} y={px(top + 2.25 * e)} text-anchor="middle" class="node-role">{ role_label(l, &n.role) }</text>
                { for badges }
            </g>
        }
    });
    html! {
        <svg class="topology" data-testid={testids::TOPOLOGY} viewBox={format!("0 0 {} {}", px(p.width), px(p.height))}
            style={format!("--e:{}px", px(e))} role="img" aria-label={t(l, "scen.topology").to_string()}>
            if !p.switch {
                <line x1={px(0.5 * e)} y1={px(p.hub.1)} x2={px(p.width - 0.5 * e)} y2={px(p.hub.1)} class="bus" />
            }
            { for links }
            { for nodes }
            { tokens(v, &p, l, e) }
        </svg>
    }
}

pub fn state_panel(v: &View, l: Lang) -> Html {
    let seconds = t(l, "unit.s");
    let rows = v.nodes.iter().map(|n| {
        let groups = n.badges.iter().map(|(g, s)| html! { <li><code>{ g.clone() }</code>{ " " }<span class="state" data-state={s.clone()}><span class="swatch" aria-hidden="true" style={format!("background:{}", state_colour(s))}></span>{ state_label(l, s).replace(',', ",\u{200b}").replace('{', "\u{200b}{") }</span></li> });
        let timers = n.timers.iter().map(|(name, left)| html! { <li class="muted" data-testid={testids::TIMER} data-timer={name.clone()} title={name.clone()}>{ format!("{}: {} {seconds}", timer_label(l, name), Fixed(*left, 1)) }</li> });
        html! {
            <tr>
                <td><strong>{ n.name.clone() }</strong><br /><span class="muted">{ n.address.clone() }</span></td>
                <td data-role={n.role.clone()}>{ role_label(l, &n.role) }</td>
                <td><ul>{ for groups }</ul></td>
                <td><ul>{ for timers }</ul></td>
            </tr>
        }
    });
    html! {
        <table class="state-table" data-testid="state-panel">
            <thead><tr><th>{ t(l, "scen.node") }</th><th>{ t(l, "scen.role") }</th><th>{ t(l, "scen.groups") }</th><th>{ t(l, "scen.timers") }</th></tr></thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}

/// The data each link has carried so far, unicast beside multicast, with bars on one scale
/// (nothing when the scenario sends no data).
pub fn link_load_table(rows: &[LinkLoad], l: Lang) -> Html {
    if rows.is_empty() {
        return html! {};
    }
    let most = rows
        .iter()
        .map(|r| r.unicast.1.max(r.multicast.1))
        .max()
        .unwrap_or(0)
        .max(1);
    let cell = |(frames, bytes): (u32, u64), class: &'static str| {
        let width = bytes.saturating_mul(100) / most;
        html! {
            <td data-frames={frames.to_string()} data-bytes={bytes.to_string()}>
                { format!("{frames} {} · {bytes} {}", counted(l, frames as usize, "inspector.frame", "inspector.frames"), t(l, "unit.bytes")) }
                <span class={classes!("load-bar", class)} style={format!("width:{width}%")} aria-hidden="true"></span>
            </td>
        }
    };
    let body = rows.iter().map(|r| {
        let name = match &r.node {
            Some(n) => n.clone(),
            None => t(l, "scen.lan").to_string(),
        };
        html! {
            <tr data-link={name.clone()}>
                <th scope="row">{ name }</th>
                { cell(r.unicast, "unicast") }
                { cell(r.multicast, "multicast") }
            </tr>
        }
    });
    html! {
        <table class="link-load" data-testid={testids::LINK_LOAD}>
            <caption>{ t(l, "scen.link_load") }</caption>
            <thead><tr><th scope="col">{ t(l, "scen.link") }</th><th scope="col">{ t(l, "msg.unicast") }</th><th scope="col">{ t(l, "msg.data") }</th></tr></thead>
            <tbody>{ for body }</tbody>
        </table>
    }
}

/// The timeline's horizontal scale: `x(t)` for a time in ms.
#[derive(Clone, Copy, PartialEq)]
pub struct Scale {
    pub left: f64,
    pub span: f64,
    pub end: u64,
}

impl Scale {
    pub fn new(lanes: &[&str], g: Geometry, end: u64, zoom: f64) -> Scale {
        let e = g.font;
        let left = lanes
            .iter()
            .map(|n| text_width(n, e))
            .fold(3.0 * e, f64::max)
            + e;
        Scale {
            left,
            span: ((g.width - left - e).max(10.0 * e)) * zoom,
            end: end.max(1),
        }
    }
    pub fn x(&self, t: u64) -> f64 {
        self.left + t as f64 / self.end as f64 * self.span
    }
    /// The time under `x` (for a click on the axis).
    pub fn t(&self, x: f64) -> u64 {
        ((x - self.left).max(0.0) / self.span * self.end as f64) as u64
    }
}

pub fn timeline(
    v: &View,
    l: Lang,
    trace: &[TraceEntry],
    g: Geometry,
    scale: Scale,
    on_open: &Callback<Vec<u8>>,
    goto: &Rc<dyn Fn(usize)>,
) -> Html {
    let e = g.font;
    let fs = 0.85 * e;
    let lane_gap = 3.3 * e;
    let axis_h = (1.7 * e).max(24.0);
    let lanes: Vec<&str> = v.nodes.iter().map(|n| n.name.as_str()).collect();
    let y = |name: &str| {
        axis_h + 2.6 * e + lane_gap * lanes.iter().position(|n| *n == name).unwrap_or(0) as f64
    };
    let width = scale.left + scale.span + e;
    let height = axis_h + 2.6 * e + lane_gap * lanes.len().max(1) as f64;
    let end = scale.end;
    let secs = end as f64 / 1000.0;
    // Ticks at least six characters apart.
    let min_gap = text_width("0000s", fs) + e;
    let tick = [
        1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| s / secs * scale.span >= min_gap)
    .unwrap_or(7200.0);
    let trace_times: Rc<[u64]> = trace.iter().map(|e| e.t()).collect();
    // A click on a time label jumps to that time, as a click on the axis beside it does; from
    // the keyboard the controls' time slider does the same (one tab stop, not one per label).
    let jump = |t: u64| {
        let goto = goto.clone();
        let trace_times = trace_times.clone();
        Callback::from(move |_: MouseEvent| goto(trace_times.partition_point(|tt| *tt <= t)))
    };
    let ticks = (0..=((secs / tick) as usize).min(2000)).map(|i| {
        let t = i as f64 * tick;
        let x = scale.x((t * 1000.0) as u64);
        html! { <g><line x1={px(x)} y1={px(axis_h * 0.6)} x2={px(x)} y2={px(height)} class="tick" /><text x={px(x + 0.2 * e)} y={px(axis_h * 0.75)} class="tick-label" onclick={jump((t * 1000.0) as u64)}>{ format!("{}s", crate::num::Short(t)) }</text></g> }
    });
    let lane_lines = lanes.iter().map(|n| {
        let yy = y(n);
        html! { <g><line x1={px(scale.left)} y1={px(yy)} x2={px(width)} y2={px(yy)} class="lane" /><text x={px(0.3 * e)} y={px(yy + 0.3 * e)} class="lane-label">{ n.to_string() }</text></g> }
    });
    let bars = v.bars.iter().map(|b| {
        let x1 = scale.x(b.from);
        let x2 = scale.x(b.until.min(end)).max(x1 + 1.0);
        let yy = y(&b.node) + 0.35 * e;
        html! { <rect x={px(x1)} y={px(yy)} width={px(x2 - x1)} height={px(0.4 * e)} class="timer-bar"><title>{ timer_label(l, &b.name) }</title></rect> }
    });
    let marks = v.marks.iter().map(|m| {
        html! { <circle cx={px(scale.x(m.t))} cy={px(y(&m.node))} r={px(0.28 * e)} fill={state_colour(&m.to)} class="mark"><title>{ format!("{} {} → {}", m.node, m.group, state_label(l, &m.to)) }</title></circle> }
    });
    // Where each packet is drawn: packets at one instant side by side.
    let hit = (1.2 * e).max(24.0);
    let mut xs = Vec::with_capacity(v.packets.len());
    let mut same_time = 0usize;
    let mut last_t = u64::MAX;
    for p in &v.packets {
        if p.t == last_t {
            same_time += 1;
        } else {
            same_time = 0;
            last_t = p.t;
        }
        // Side by side, the first five each in its own hit area; a larger burst (fifty hosts
        // joining at once) closes up rather than spreading over the next seconds.
        let apart = same_time.min(4) as f64 * hit + same_time.saturating_sub(4) as f64 * 0.3 * e;
        xs.push(scale.x(p.t) + apart);
    }
    let labels: Vec<String> = v
        .packets
        .iter()
        .map(|p| {
            let short = message_short(l, &p.kind);
            if p.group == "0.0.0.0" || p.group.is_empty() {
                short.to_string()
            } else {
                format!("{short} {}", p.group)
            }
        })
        .collect();
    // Labels on two rows above their sender's lane; one that fits neither is left to the
    // packet's tooltip, so that no two labels ever cover each other, at any zoom.
    let mut rows = vec![None; v.packets.len()];
    for lane in &lanes {
        let mine: Vec<usize> = (0..v.packets.len())
            .filter(|i| v.packets[*i].from == *lane)
            .collect();
        let starts: Vec<f64> = mine.iter().map(|i| xs[*i] + 0.2 * e).collect();
        let widths: Vec<f64> = mine.iter().map(|i| text_width(&labels[*i], fs)).collect();
        for (i, row) in mine.iter().zip(stagger(&starts, &widths, 2, 0.4 * e)) {
            rows[*i] = row;
        }
    }
    let packets = v.packets.iter().enumerate().map(|(k, p)| {
        let x = xs[k];
        let y1 = y(&p.from);
        let c = colour(&p.kind);
        let bytes = match trace.get(p.entry) {
            Some(TraceEntry::Packet { bytes, .. }) => bytes.clone(),
            _ => vec![],
        };
        let on_open = on_open.clone();
        let goto = goto.clone();
        let entry = p.entry;
        let open = Rc::new(move || {
            goto(entry + 1);
            on_open.emit(bytes.clone());
        });
        let onclick = {
            let open = open.clone();
            Callback::from(move |_: MouseEvent| open())
        };
        // A packet is a button (#29): Tab reaches it, Enter or Space opens it in the Inspector.
        let onkeydown = Callback::from(move |e: KeyboardEvent| {
            if matches!(e.key().as_str(), "Enter" | " ") {
                e.prevent_default();
                e.stop_propagation();
                open();
            }
        });
        // The name starts with the label drawn beside it (WCAG 2.5.3, label in name).
        let shown = rows[k].map(|_| labels[k].clone()).unwrap_or_default();
        let name = format!(
            "{shown} {} {}, {} → {}: {} {}. {}",
            Fixed(p.t as f64 / 1000.0, 3),
            t(l, "unit.s"),
            p.from,
            p.to.join(", "),
            p.label.get(l),
            p.group,
            t(l, "scen.click_packet_one")
        );
        let arrows = p.to.iter().map(|r| {
            let y2 = y(r);
            let dir = if y2 > y1 { -0.4 * e } else { 0.4 * e };
            html! { <g><line x1={px(x)} y1={px(y1)} x2={px(x)} y2={px(y2)} stroke={c} class="arrow" /><path d={format!("M{} {} l{} {} l{} 0 z", px(x), px(y2), px(-0.22 * e), px(dir), px(0.44 * e))} fill={c} /></g> }
        });
        let reach = p.to.iter().map(|r| y(r)).fold((y1, y1), |(lo, hi), yy| (lo.min(yy), hi.max(yy)));
        let label = rows[k].map(|row| {
            let ly = y1 - 0.45 * e - row as f64 * 1.15 * e;
            html! { <text x={px(x + 0.2 * e)} y={px(ly)} class="packet-label" fill={c}>{ labels[k].clone() }</text> }
        });
        html! {
            <g data-testid={testids::TIMELINE_PACKET} data-type={p.kind.clone()} data-group={p.group.clone()} data-t={crate::num::Short(p.t as f64 / 1000.0).to_string()}
                class={classes!("packet", p.dropped.then_some("dropped"))} {onclick} {onkeydown} role="button" tabindex="0" aria-label={name}>
                <circle cx={px(x)} cy={px(y1)} r={px(0.28 * e)} fill={c} />
                { for arrows }
                { for label }
                // On top, so that the whole strip along the arrow takes the click.
                <rect class="hit" x={px(x - hit / 2.0)} y={px(reach.0 - hit / 2.0)} width={px(hit)} height={px(reach.1 - reach.0 + hit)} />
                <title>{ format!("{} s {} → {}: {} {}", Fixed(p.t as f64 / 1000.0, 3), p.from, p.to.join(", "), p.label.get(l), p.group) }</title>
            </g>
        }
    });
    let now_x = scale.x(v.now);
    let on_axis = {
        let goto = goto.clone();
        let trace_times = trace_times.clone();
        Callback::from(move |ev: MouseEvent| {
            let t = scale.t(f64::from(ev.offset_x()));
            goto(trace_times.partition_point(|tt| *tt <= t));
        })
    };
    html! {
        <svg viewBox={format!("0 0 {} {}", px(width), px(height))} width={px(width)} height={px(height)} class="timeline-svg" data-testid={testids::TIMELINE}
            style={format!("--e:{}px", px(e))} role="group" aria-label={t(l, "scen.timeline").to_string()}>
            <rect x="0" y="0" width={px(width)} height={px(axis_h)} class="axis" onclick={on_axis} />
            { for ticks }
            { for lane_lines }
            { for bars }
            { for marks }
            { for packets }
            <line x1={px(now_x)} y1="0" x2={px(now_x)} y2={px(height)} class="now" />
        </svg>
    }
}
