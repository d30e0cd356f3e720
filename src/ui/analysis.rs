//! The Analysis view of the loaded capture: one lane per address with its inferred role, the
//! querier's time, each message; the findings with links to their frames; a membership chart per
//! group. It draws `analyze::Analysis`; the analysis itself is the pure core's.

use std::collections::BTreeSet;
use std::net::Ipv4Addr;
use std::rc::Rc;

use std::fmt::Write;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::analyze::Analysis;
use crate::codec::Lang;
use crate::model::i18n::t;
use crate::ui::testids;

#[derive(Properties)]
pub struct Props {
    pub analysis: Rc<Analysis>,
    pub lang: Lang,
    /// A frame number (1-based) to open in the Inspector.
    pub on_frame: Callback<u64>,
    pub on_close: Callback<()>,
}

impl PartialEq for Props {
    /// The same analysis (by identity: a new one is a new `Rc`) in the same language.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.analysis, &other.analysis)
            && self.lang == other.lang
            && self.on_frame == other.on_frame
            && self.on_close == other.on_close
    }
}

/// Drawing sizes in viewBox units (the SVG scales to its panel's width).
/// Integers, so that the markup never formats a float (which would pull the float printer
/// into the bundle).
const WIDTH: i64 = 1000;
const LABEL: i64 = 190;
const LANE: i64 = 30;
const TOP: i64 = 24;
/// At most this many messages are drawn (evenly chosen when there are more).
const MAX_DRAWN: usize = 4000;
const MAX_GROUPS: usize = 40;
const MAX_FRAME_LINKS: usize = 12;

/// The lanes, with their roles' ids (`Analysis::lanes`, tested natively).
fn lanes_of(a: &Analysis) -> Vec<(Ipv4Addr, &'static str)> {
    a.lanes().into_iter().map(|(x, r)| (x, r.id())).collect()
}

fn x_of(t: f64, duration: f64) -> i64 {
    LABEL + ((WIDTH - LABEL - 10) as f64 * (t / duration.max(1e-3)).clamp(0.0, 1.0)).round() as i64
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

/// Text for markup: the few characters that matter escaped.
fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

/// The time axis and its grid, as SVG markup. The charts are written as markup (one string
/// each, with one click listener on their container) rather than one virtual node per mark:
/// thousands of marks stay cheap to draw, and the bundle stays small.
fn axis(out: &mut String, duration: f64, height: i64) {
    out.push_str("<g class=\"axis\">");
    let ticks = ticks(duration);
    let fine = ticks.get(1).is_some_and(|s| *s < 1.0);
    for v in ticks {
        let x = x_of(v, duration);
        let label = if fine {
            format!("{v:.1}")
        } else {
            format!("{}", v.round() as i64)
        };
        let _ = write!(
            out,
            "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{height}\" class=\"grid\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{label} s</text>",
            TOP - 6,
            TOP - 10
        );
    }
    out.push_str("</g>");
}

fn bar(out: &mut String, class: &str, x1: i64, x2: i64, y: i64, h: i64, title: &str) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{x1}\" y=\"{y}\" width=\"{}\" height=\"{h}\"><title>{}</title></rect>",
        (x2 - x1).max(1),
        esc(title)
    );
}

fn label(out: &mut String, y: i64, text: &str) {
    let _ = write!(
        out,
        "<text class=\"lane-label\" x=\"6\" y=\"{}\">{}</text>",
        y + LANE * 2 / 3,
        esc(text)
    );
}

/// The lanes: one per address (routers first), the querier's time as a band, each message a dot.
fn lanes_svg(a: &Analysis, l: Lang, now: f64) -> String {
    let duration = a.duration.max(1e-3);
    let lanes = lanes_of(a);
    // Where each lane is: the routers' part and the hosts' part are each sorted.
    let split = lanes
        .iter()
        .position(|(_, r)| *r == "host")
        .unwrap_or(lanes.len());
    let (routers, hosts) = lanes.split_at(split);
    let lane_y = |addr: Ipv4Addr| {
        let i = routers
            .binary_search_by_key(&addr, |x| x.0)
            .ok()
            .or_else(|| {
                hosts
                    .binary_search_by_key(&addr, |x| x.0)
                    .ok()
                    .map(|i| i + split)
            })
            .unwrap_or(0);
        TOP + LANE * i as i64 + LANE / 2
    };
    let height = TOP + LANE * lanes.len().max(1) as i64 + 8;
    let mut out = String::with_capacity(64 * a.marks.len().min(MAX_DRAWN) + 4096);
    let _ = write!(
        out,
        "<svg class=\"analysis-timeline\" data-testid=\"{}\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" preserveAspectRatio=\"xMinYMin meet\">",
        testids::ANALYSIS_TIMELINE,
        esc(t(l, "analysis.timeline"))
    );
    axis(&mut out, duration, height);
    let cx = x_of(now, duration);
    let _ = write!(
        out,
        "<line class=\"cursor\" x1=\"{cx}\" x2=\"{cx}\" y1=\"{}\" y2=\"{height}\"/>",
        TOP - 6
    );
    for (i, (addr, role)) in lanes.iter().enumerate() {
        let y = TOP + LANE * i as i64;
        let _ = write!(
            out,
            "<g class=\"lane {role}\" data-testid=\"{}\" data-address=\"{addr}\" data-role=\"{role}\"><rect class=\"lane-bg\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE}\"/>",
            testids::ANALYSIS_LANE
        );
        label(
            &mut out,
            y,
            &format!("{addr} · {}", t(l, &format!("analysis.role.{role}"))),
        );
        for q in a
            .queriers
            .iter()
            .chain(&a.switch_queriers)
            .filter(|q| q.address == *addr)
        {
            let title = format!(
                "{} IGMPv{} {:.3}–{:.3} s",
                t(l, "analysis.role.querier"),
                q.version,
                q.from,
                q.to
            );
            bar(
                &mut out,
                "querier-span",
                x_of(q.from, duration),
                x_of(q.to, duration),
                y + 3,
                LANE - 6,
                &title,
            );
        }
        out.push_str("</g>");
    }
    let stride = a.marks.len().div_ceil(MAX_DRAWN).max(1);
    for m in a.marks.iter().step_by(stride) {
        let y = lane_y(m.src);
        let group = m
            .group
            .filter(|g| !g.is_unspecified())
            .map(|g| format!(" {g}"))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<circle class=\"mark k-{kind}\" cx=\"{}\" cy=\"{y}\" r=\"5\" data-frame=\"{f}\"><title>#{f} {:.3} s {kind}{group}</title></circle>",
            x_of(m.t, duration),
            m.t,
            kind = m.kind.name(),
            f = m.frame,
        );
    }
    out.push_str("</svg>");
    out
}

/// One chart per group: when it was forwarded, and each member's time.
fn membership_svg(a: &Analysis, l: Lang) -> String {
    let duration = a.duration.max(1e-3);
    let mut out = String::new();
    if a.groups.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(t(l, "analysis.no_groups"))
        );
    }
    for g in a.groups.iter().take(MAX_GROUPS) {
        let hosts: BTreeSet<Ipv4Addr> = g.members.iter().map(|m| m.host).collect();
        let h = TOP + LANE * (hosts.len() + 1) as i64 + 4;
        let _ = write!(
            out,
            "<figure class=\"group-chart\" data-group=\"{0}\"><figcaption>{0}</figcaption><svg viewBox=\"0 0 {WIDTH} {h}\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"{1} {0}\">",
            g.group,
            esc(t(l, "analysis.membership"))
        );
        axis(&mut out, duration, h);
        label(&mut out, TOP, t(l, "analysis.present"));
        // Spans that meet within a pixel are one bar (#26: a million-frame capture has 69 351
        // membership intervals, a few hundred visible bars, and drawing each held the page).
        for (ended_by, run) in runs(g.present.iter().map(|p| (p.ended_by, p.from, p.to))) {
            for (x1, x2, from, to, n) in merged(run, duration) {
                let title = format!(
                    "{from:.3}–{to:.3} s{}: {}",
                    times(l, n),
                    t(l, &format!("analysis.ended.{ended_by}"))
                );
                bar(
                    &mut out,
                    &format!("present {ended_by}"),
                    x1,
                    x2,
                    TOP + 4,
                    LANE - 8,
                    &title,
                );
            }
        }
        for (i, host) in hosts.iter().enumerate() {
            let y = TOP + LANE * (i + 1) as i64;
            label(&mut out, y, &host.to_string());
            let spans = g
                .members
                .iter()
                .filter(|m| m.host == *host)
                .map(|m| (m.from, m.to));
            for (x1, x2, from, to, n) in merged(spans, duration) {
                let title = format!("{host} {from:.3}–{to:.3} s{}", times(l, n));
                bar(&mut out, "member", x1, x2, y + 6, LANE - 12, &title);
            }
        }
        out.push_str("</svg></figure>");
    }
    out
}

/// Spans as bars on the chart's pixels, merged where they meet (`model::diagram::merge_spans`):
/// (x1, x2, first from, last to, how many).
fn merged(
    spans: impl IntoIterator<Item = (f64, f64)>,
    duration: f64,
) -> Vec<(i64, i64, f64, f64, usize)> {
    let x = |t: f64| usize::try_from(x_of(t, duration)).unwrap_or(0);
    crate::model::diagram::merge_spans(spans, WIDTH as usize + 2, x)
        .into_iter()
        .map(|b| (b.x1 as i64, b.x2 as i64, b.from, b.to, b.spans))
        .collect()
}

/// Consecutive spans of the same kind, each kind's run as a list.
fn runs(
    spans: impl Iterator<Item = (&'static str, f64, f64)>,
) -> Vec<(&'static str, Vec<(f64, f64)>)> {
    let mut out: Vec<(&'static str, Vec<(f64, f64)>)> = Vec::new();
    for (kind, from, to) in spans {
        match out.last_mut() {
            Some((k, run)) if *k == kind => run.push((from, to)),
            _ => out.push((kind, vec![(from, to)])),
        }
    }
    out
}

/// " (n intervals)" for a merged bar, "" for one.
fn times(l: Lang, n: usize) -> String {
    if n > 1 {
        format!(" ({n} {})", t(l, "analysis.intervals"))
    } else {
        String::new()
    }
}

/// The state panel's text at `now`: the querier, each forwarded group, its mode and members.
fn state_markup(a: &Analysis, l: Lang, now: f64) -> String {
    let snapshot = a.state_at(now);
    let querier = snapshot.querier.map_or_else(
        || t(l, "analysis.no_querier").to_string(),
        |(q, v)| format!("{q} (IGMPv{v})"),
    );
    let mut out = format!(
        "<p>{}: {}</p><ul>",
        esc(t(l, "analysis.role.querier")),
        esc(&querier)
    );
    if snapshot.groups.is_empty() {
        let _ = write!(
            out,
            "<li class=\"muted\">{}</li>",
            esc(t(l, "analysis.no_groups_now"))
        );
    }
    for (g, mode, members) in &snapshot.groups {
        let list: Vec<String> = members.iter().map(Ipv4Addr::to_string).collect();
        let list = if list.is_empty() {
            "—".to_string()
        } else {
            list.join(", ")
        };
        let _ = write!(
            out,
            "<li data-group=\"{g}\" data-mode=\"{mode}\"><code>{g}</code> [{mode}] {}: {list}</li>",
            esc(t(l, "analysis.members"))
        );
    }
    out.push_str("</ul>");
    out
}

/// The findings, each with links to its frames (`data-frame`; one listener on the list).
fn findings_markup(a: &Analysis, l: Lang) -> String {
    let mut out = format!(
        "<ol class=\"findings\" data-testid=\"{}\">",
        testids::ANALYSIS_FINDINGS
    );
    if a.findings.is_empty() {
        let _ = write!(
            out,
            "<li class=\"muted\">{}</li>",
            esc(t(l, "analysis.no_findings"))
        );
    }
    let open = esc(t(l, "analysis.open_frame"));
    for f in &a.findings {
        let sev = f.severity.name();
        let text = if l == Lang::Ja { &f.ja } else { &f.en };
        let _ = write!(
            out,
            "<li class=\"finding {sev}\" data-testid=\"{}\" data-rule=\"{}\" data-severity=\"{sev}\"><span class=\"sev {sev}\">{}</span> <span class=\"t\">{:.3} s</span> <code>{}</code> <span class=\"rfc\">({})</span><p>{}</p><span class=\"frames\">{}: ",
            testids::ANALYSIS_FINDING,
            esc(&f.rule),
            esc(t(l, &format!("severity.{sev}"))),
            f.t,
            esc(&f.rule),
            esc(f.rfc),
            esc(text),
            esc(t(l, "analysis.frames")),
        );
        for n in f.frames.iter().take(MAX_FRAME_LINKS) {
            let _ = write!(
                out,
                "<button class=\"link\" data-testid=\"{}\" data-frame=\"{n}\" aria-label=\"{open} {n}\">#{n}</button>",
                testids::ANALYSIS_FRAME
            );
        }
        if f.frames.len() > MAX_FRAME_LINKS {
            let _ = write!(out, " … (+{})", f.frames.len() - MAX_FRAME_LINKS);
        }
        out.push_str("</span></li>");
    }
    if a.findings_dropped > 0 {
        let _ = write!(out, "<li class=\"muted\">(+{})</li>", a.findings_dropped);
    }
    out.push_str("</ol>");
    out
}

/// The frame number of a click on a `[data-frame]` element (a mark or a link) inside `e`'s
/// container.
fn clicked_frame(e: &MouseEvent) -> Option<u64> {
    let el: web_sys::Element = e.target()?.dyn_into().ok()?;
    let hit = el.closest("[data-frame]").ok()??;
    hit.get_attribute("data-frame")?.parse().ok()
}

#[function_component(AnalysisPanel)]
pub fn analysis_panel(props: &Props) -> Html {
    let a = &props.analysis;
    let l = props.lang;
    let duration = a.duration.max(1e-3);
    let (info, warn, err) = a.counts();

    let on_frame = props.on_frame.clone();
    let on_click = {
        let on_frame = on_frame.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(n) = clicked_frame(&e) {
                on_frame.emit(n);
            }
        })
    };
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
    let state_panel = html! {
        <div class="analysis-state" data-testid={testids::ANALYSIS_STATE} data-t={format!("{:.3}", *now)}>
            <label>{ t(l, "analysis.at") }{ " " }
                <input type="range" min="0" max={format!("{duration:.3}")} step="0.001" value={format!("{:.3}", *now)}
                    data-testid={testids::ANALYSIS_TIME} oninput={on_time} aria-label={t(l, "analysis.at").to_string()} />
                <strong>{ format!(" {:.3} s", *now) }</strong>
            </label>
            { Html::from_html_unchecked(AttrValue::from(state_markup(a, l, *now))) }
        </div>
    };
    let lanes = Html::from_html_unchecked(AttrValue::from(lanes_svg(a, l, *now)));
    let membership = Html::from_html_unchecked(AttrValue::from(membership_svg(a, l)));
    let findings = Html::from_html_unchecked(AttrValue::from(findings_markup(a, l)));

    let on_close = {
        let c = props.on_close.clone();
        Callback::from(move |_: MouseEvent| c.emit(()))
    };
    // Opened: the focus goes to the panel's heading, so a keyboard or screen-reader user is where
    // the result is (never left on <body>, #29).
    let heading = use_node_ref();
    {
        let heading = heading.clone();
        use_effect_with((), move |_| {
            if let Some(h) = heading.cast::<web_sys::HtmlElement>() {
                let _ = h.focus();
            }
        });
    }
    html! {
        <section class="panel analysis" data-testid={testids::ANALYSIS} aria-label={t(l, "analysis.title").to_string()}>
            <div class="panel-head">
                <h2 tabindex="-1" ref={heading}>{ t(l, "analysis.title") }</h2>
                <span class="muted" data-testid={testids::ANALYSIS_SUMMARY} data-errors={err.to_string()} data-warnings={warn.to_string()} data-infos={info.to_string()}>
                    { format!("{} {} · {} {} · {} {err} · {} {warn} · {} {info}",
                        a.frames, crate::model::i18n::counted(l, usize::try_from(a.frames).unwrap_or(usize::MAX), "analysis.frame_total", "analysis.frames_total"), a.queriers.len(), t(l, "analysis.querier_spans"),
                        t(l, "severity.error"), t(l, "severity.warning"), t(l, "severity.info")) }
                </span>
                <button data-testid={testids::ANALYSIS_CLOSE} onclick={on_close}>{ t(l, "analysis.close") }</button>
            </div>
            // One listener for every frame link and mark of the view.
            <div class="analysis-body" onclick={on_click}>
                <div class="analysis-main">
                    <h3>{ t(l, "analysis.timeline") }</h3>
                    <div class="lanes">{ lanes }</div>
                    { state_panel }
                    <h3>{ t(l, "analysis.membership") }</h3>
                    <div class="membership" data-testid={testids::MEMBERSHIP_CHART}>{ membership }</div>
                </div>
                <div class="analysis-side">
                    <h3>{ t(l, "analysis.findings") }</h3>
                    { findings }
                </div>
            </div>
        </section>
    }
}
