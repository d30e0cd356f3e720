//! The Analysis view of the loaded capture: one lane per address with its inferred role, the
//! querier's time, each message; the findings with links to their frames; a membership chart per
//! group. It draws `analyze::Analysis`; the analysis itself is the pure core's.

use std::collections::BTreeMap;
use std::net::Ipv4Addr;
use std::rc::Rc;

use yew::prelude::*;

use crate::analyze::{Analysis, Mark};
use crate::codec::Lang;
use crate::model::i18n::t;
use crate::ui::testids;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub lang: Lang,
    /// A frame number (1-based) to open in the Inspector.
    pub on_frame: Callback<u64>,
    pub on_close: Callback<()>,
}

/// Drawing sizes in viewBox units (the SVG scales to its panel's width).
const WIDTH: f64 = 1000.0;
const LABEL: f64 = 190.0;
const LANE: f64 = 30.0;
const TOP: f64 = 24.0;
/// At most this many messages are drawn (evenly chosen when there are more).
const MAX_DRAWN: usize = 4000;
const MAX_GROUPS: usize = 40;
const MAX_FRAME_LINKS: usize = 12;

fn role_of(a: &Analysis, addr: Ipv4Addr) -> &'static str {
    if a.queriers.iter().any(|q| q.address == addr) {
        "querier"
    } else if a
        .marks
        .iter()
        .any(|m| m.src == addr && m.kind.name().ends_with("query"))
    {
        "router"
    } else {
        "host"
    }
}

fn x_of(t: f64, duration: f64) -> f64 {
    LABEL + (WIDTH - LABEL - 10.0) * (t / duration.max(1e-3)).clamp(0.0, 1.0)
}

fn kind_class(m: &Mark) -> String {
    format!("mark k-{}", m.kind.name())
}

/// Time-axis ticks: about 8, at round steps.
fn ticks(duration: f64) -> Vec<f64> {
    let raw = duration.max(1e-3) / 8.0;
    let step = [
        0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
    ]
    .into_iter()
    .find(|s| *s >= raw)
    .unwrap_or(raw.ceil());
    (0..=8)
        .map(|i| f64::from(i) * step)
        .filter(|v| *v <= duration + 1e-9)
        .collect()
}

fn axis(duration: f64, height: f64) -> Html {
    html! {
        <g class="axis">
            { for ticks(duration).into_iter().map(|v| {
                let x = x_of(v, duration);
                html! {
                    <g>
                        <line x1={x.to_string()} x2={x.to_string()} y1={(TOP - 6.0).to_string()} y2={height.to_string()} class="grid" />
                        <text x={x.to_string()} y={(TOP - 10.0).to_string()} text-anchor="middle">{ format!("{v} s") }</text>
                    </g>
                }
            }) }
        </g>
    }
}

#[function_component(AnalysisPanel)]
pub fn analysis_panel(props: &Props) -> Html {
    let a = &props.analysis;
    let l = props.lang;
    let duration = a.duration.max(1e-3);
    let (info, warn, err) = a.counts();

    // Lanes: routers first (by address), then hosts.
    let mut addrs: BTreeMap<Ipv4Addr, &'static str> = BTreeMap::new();
    for m in &a.marks {
        addrs.entry(m.src).or_insert_with(|| role_of(a, m.src));
    }
    let mut lanes: Vec<(Ipv4Addr, &'static str)> = addrs.into_iter().collect();
    lanes.sort_by_key(|(addr, role)| (*role == "host", *addr));
    let lane_of: BTreeMap<Ipv4Addr, usize> = lanes
        .iter()
        .enumerate()
        .map(|(i, (a, _))| (*a, i))
        .collect();
    let height = TOP + LANE * lanes.len().max(1) as f64 + 8.0;
    let stride = a.marks.len().div_ceil(MAX_DRAWN).max(1);
    let on_frame = props.on_frame.clone();
    // The state panel's moment (seconds since the first frame), chosen on the slider.
    let now = use_state_eq(|| 0.0f64);
    let on_time = {
        let now = now.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = crate::ui::target::<web_sys::HtmlInputElement>(&e) {
                now.set(
                    input
                        .value()
                        .parse::<f64>()
                        .unwrap_or(0.0)
                        .clamp(0.0, duration),
                );
            }
        })
    };
    let snapshot = a.state_at(*now);
    let cursor_x = x_of(*now, duration);
    let state_panel = html! {
        <div class="analysis-state" data-testid={testids::ANALYSIS_STATE} data-t={format!("{:.3}", *now)}>
            <label>{ t(l, "analysis.at") }{ " " }
                <input type="range" min="0" max={duration.to_string()} step="0.001" value={now.to_string()}
                    data-testid={testids::ANALYSIS_TIME} oninput={on_time} aria-label={t(l, "analysis.at").to_string()} />
                <strong>{ format!(" {:.3} s", *now) }</strong>
            </label>
            <p>{ t(l, "analysis.role.querier") }{ ": " }
                { snapshot.querier.map_or_else(|| t(l, "analysis.no_querier").to_string(), |(q, v)| format!("{q} (IGMPv{v})")) }
            </p>
            <ul>
                if snapshot.groups.is_empty() { <li class="muted">{ t(l, "analysis.no_groups_now") }</li> }
                { for snapshot.groups.iter().map(|(g, mode, members)| html! {
                    <li data-group={g.to_string()} data-mode={*mode}>
                        <code>{ g.to_string() }</code>{ format!(" [{mode}] ") }
                        { t(l, "analysis.members") }{ ": " }
                        { if members.is_empty() { "—".to_string() } else { members.iter().map(Ipv4Addr::to_string).collect::<Vec<_>>().join(", ") } }
                    </li>
                }) }
            </ul>
        </div>
    };

    let lanes_svg = html! {
        <svg class="analysis-timeline" data-testid={testids::ANALYSIS_TIMELINE} role="img"
            aria-label={t(l, "analysis.timeline").to_string()}
            viewBox={format!("0 0 {WIDTH} {height}")} preserveAspectRatio="xMinYMin meet">
            { axis(duration, height) }
            <line class="cursor" x1={cursor_x.to_string()} x2={cursor_x.to_string()} y1={(TOP - 6.0).to_string()} y2={height.to_string()} />
            { for lanes.iter().enumerate().map(|(i, (addr, role))| {
                let y = TOP + LANE * i as f64;
                html! {
                    <g class={classes!("lane", *role)} data-testid={testids::ANALYSIS_LANE} data-address={addr.to_string()} data-role={*role}>
                        <rect class="lane-bg" x="0" y={y.to_string()} width={WIDTH.to_string()} height={LANE.to_string()} />
                        <text class="lane-label" x="6" y={(y + LANE * 0.65).to_string()}>
                            { format!("{addr} · {}", t(l, &format!("analysis.role.{role}"))) }
                        </text>
                        { for a.queriers.iter().filter(|q| q.address == *addr).map(|q| {
                            let (x1, x2) = (x_of(q.from, duration), x_of(q.to, duration));
                            html! { <rect class="querier-span" x={x1.to_string()} y={(y + 3.0).to_string()} width={(x2 - x1).max(1.0).to_string()} height={(LANE - 6.0).to_string()}>
                                <title>{ format!("{} IGMPv{} {:.3}–{:.3} s", t(l, "analysis.role.querier"), q.version, q.from, q.to) }</title>
                            </rect> }
                        }) }
                    </g>
                }
            }) }
            { for a.marks.iter().step_by(stride).map(|m| {
                let i = lane_of.get(&m.src).copied().unwrap_or(0);
                let y = TOP + LANE * i as f64 + LANE / 2.0;
                let x = x_of(m.t, duration);
                let frame = m.frame;
                let onclick = { let on_frame = on_frame.clone(); Callback::from(move |_: MouseEvent| on_frame.emit(frame)) };
                let group = m.group.filter(|g| !g.is_unspecified()).map(|g| format!(" {g}")).unwrap_or_default();
                html! {
                    <circle class={kind_class(m)} cx={x.to_string()} cy={y.to_string()} r="5" data-frame={frame.to_string()} {onclick}>
                        <title>{ format!("#{frame} {:.3} s {}{group}", m.t, m.kind.name()) }</title>
                    </circle>
                }
            }) }
        </svg>
    };

    let findings = html! {
        <ol class="findings" data-testid={testids::ANALYSIS_FINDINGS}>
            if a.findings.is_empty() {
                <li class="muted">{ t(l, "analysis.no_findings") }</li>
            }
            { for a.findings.iter().map(|f| {
                let text = if l == Lang::Ja { f.ja.clone() } else { f.en.clone() };
                html! {
                    <li class={classes!("finding", f.severity.name())} data-testid={testids::ANALYSIS_FINDING}
                        data-rule={f.rule.clone()} data-severity={f.severity.name()}>
                        <span class={classes!("sev", f.severity.name())}>{ t(l, &format!("analysis.sev.{}", f.severity.name())) }</span>
                        <span class="t">{ format!(" {:.3} s ", f.t) }</span>
                        <code>{ f.rule.clone() }</code>
                        <span class="rfc">{ format!(" ({})", f.rfc) }</span>
                        <p>{ text }</p>
                        <span class="frames">{ t(l, "analysis.frames") }{ ": " }
                            { for f.frames.iter().take(MAX_FRAME_LINKS).map(|n| {
                                let n = *n;
                                let on_frame = on_frame.clone();
                                html! {
                                    <button class="link" data-testid={testids::ANALYSIS_FRAME} data-frame={n.to_string()}
                                        aria-label={format!("{} {n}", t(l, "analysis.open_frame"))}
                                        onclick={Callback::from(move |_: MouseEvent| on_frame.emit(n))}>{ format!("#{n}") }</button>
                                }
                            }) }
                            if f.frames.len() > MAX_FRAME_LINKS { { format!(" … (+{})", f.frames.len() - MAX_FRAME_LINKS) } }
                        </span>
                    </li>
                }
            }) }
            if a.findings_dropped > 0 { <li class="muted">{ format!("(+{})", a.findings_dropped) }</li> }
        </ol>
    };

    let membership = html! {
        <div class="membership" data-testid={testids::MEMBERSHIP_CHART}>
            if a.groups.is_empty() { <p class="muted">{ t(l, "analysis.no_groups") }</p> }
            { for a.groups.iter().take(MAX_GROUPS).map(|g| {
                let mut hosts: Vec<Ipv4Addr> = g.members.iter().map(|m| m.host).collect();
                hosts.sort();
                hosts.dedup();
                let h = TOP + LANE * (hosts.len() + 1) as f64 + 4.0;
                html! {
                    <figure class="group-chart" data-group={g.group.to_string()}>
                        <figcaption>{ g.group.to_string() }</figcaption>
                        <svg viewBox={format!("0 0 {WIDTH} {h}")} role="img" preserveAspectRatio="xMinYMin meet"
                            aria-label={format!("{} {}", t(l, "analysis.membership"), g.group)}>
                            { axis(duration, h) }
                            <text class="lane-label" x="6" y={(TOP + LANE * 0.65).to_string()}>{ t(l, "analysis.present") }</text>
                            { for g.present.iter().map(|p| {
                                let (x1, x2) = (x_of(p.from, duration), x_of(p.to, duration));
                                html! { <rect class={classes!("present", p.ended_by)} x={x1.to_string()} y={(TOP + 4.0).to_string()} width={(x2 - x1).max(1.0).to_string()} height={(LANE - 8.0).to_string()}>
                                    <title>{ format!("{:.3}–{:.3} s: {}", p.from, p.to, t(l, &format!("analysis.ended.{}", p.ended_by))) }</title>
                                </rect> }
                            }) }
                            { for hosts.iter().enumerate().map(|(i, host)| {
                                let y = TOP + LANE * (i + 1) as f64;
                                html! {
                                    <g>
                                        <text class="lane-label" x="6" y={(y + LANE * 0.65).to_string()}>{ host.to_string() }</text>
                                        { for g.members.iter().filter(|m| m.host == *host).map(|m| {
                                            let (x1, x2) = (x_of(m.from, duration), x_of(m.to, duration));
                                            html! { <rect class="member" x={x1.to_string()} y={(y + 6.0).to_string()} width={(x2 - x1).max(1.0).to_string()} height={(LANE - 12.0).to_string()}>
                                                <title>{ format!("{host} {:.3}–{:.3} s", m.from, m.to) }</title>
                                            </rect> }
                                        }) }
                                    </g>
                                }
                            }) }
                        </svg>
                    </figure>
                }
            }) }
        </div>
    };

    let on_close = {
        let c = props.on_close.clone();
        Callback::from(move |_: MouseEvent| c.emit(()))
    };
    html! {
        <section class="panel analysis" data-testid={testids::ANALYSIS} aria-label={t(l, "analysis.title").to_string()}>
            <div class="panel-head">
                <h2>{ t(l, "analysis.title") }</h2>
                <span class="muted" data-testid={testids::ANALYSIS_SUMMARY} data-errors={err.to_string()} data-warnings={warn.to_string()} data-infos={info.to_string()}>
                    { format!("{} {} · {} {} · {} {err} · {} {warn} · {} {info}",
                        a.frames, t(l, "analysis.frames_total"), a.queriers.len(), t(l, "analysis.querier_spans"),
                        t(l, "analysis.sev.error"), t(l, "analysis.sev.warning"), t(l, "analysis.sev.info")) }
                </span>
                <button data-testid={testids::ANALYSIS_CLOSE} onclick={on_close}>{ t(l, "analysis.close") }</button>
            </div>
            <div class="analysis-body">
                <div class="analysis-main">
                    <h3>{ t(l, "analysis.timeline") }</h3>
                    { lanes_svg }
                    { state_panel }
                    <h3>{ t(l, "analysis.membership") }</h3>
                    { membership }
                </div>
                <div class="analysis-side">
                    <h3>{ t(l, "analysis.findings") }</h3>
                    { findings }
                </div>
            </div>
        </section>
    }
}
