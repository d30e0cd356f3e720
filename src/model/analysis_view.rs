//! The Analysis view's pictures, made where the analysis runs (#26): in the analysis worker, or
//! on the page where workers are unavailable (the single-file build). The page shows the markup
//! it is sent and asks for another [`View`] (a time window, a page of lanes, groups or findings,
//! a moment, a language); nothing here depends on the browser.
//!
//! Every message is drawn at any zoom: the messages of one lane that fall on one pixel column of
//! the window are one mark that says how many it stands for (`data-count`) and which frames,
//! instead of the first few thousand messages being drawn and the rest dropped without a word.
//! Lanes, groups and findings come a page at a time, and the page says which ones it shows.

use std::collections::BTreeSet;
use std::fmt::Write;
use std::net::IpAddr;

use crate::analyze::{Analysis, Analyzer, Input, LaneRole};
use crate::codec::frame::MessageKind;
use crate::codec::Lang;
use crate::model::frames::{self, FrameStore};
use crate::model::i18n::t;
use crate::num::{clamp, whole, Fixed};

/// Drawing sizes in viewBox units (the SVG scales to its panel's width). Integers, so that the
/// markup never formats a float for a coordinate.
const WIDTH: u64 = 1000;
const LABEL: u64 = 190;
const LANE: u64 = 30;
const TOP: u64 = 24;
/// The plot's pixel columns: from `LABEL` to 10 short of `WIDTH`.
const COLS: u64 = 800;
/// A lane's bins: the messages within this many viewBox units are one mark (a mark is 10 to
/// 16 units wide, so finer bins would only overlap; at 20 lanes a page this keeps a page's
/// markup to a few hundred kilobytes, which the page parses within its 100 ms budget).
const BIN: u64 = 8;

pub const LANES_PER_PAGE: usize = 15;
pub const GROUPS_PER_PAGE: usize = 5;
pub const FINDINGS_PER_PAGE: usize = 100;
const MAX_FRAME_LINKS: usize = 12;
/// The narrowest time window, in seconds.
pub const MIN_WINDOW: f64 = 0.01;

/// What the page asks to see.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// The time window, in seconds since the first frame.
    pub from: f64,
    pub to: f64,
    /// The state panel's moment.
    pub now: f64,
    /// The page shown of each list (0-based).
    pub lanes: usize,
    pub groups: usize,
    pub findings: usize,
    pub lang: Lang,
}

/// The lists that come a page at a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Lanes,
    Groups,
    Findings,
}

impl List {
    pub fn id(self) -> &'static str {
        match self {
            List::Lanes => "lanes",
            List::Groups => "groups",
            List::Findings => "findings",
        }
    }

    pub fn per_page(self) -> usize {
        match self {
            List::Lanes => LANES_PER_PAGE,
            List::Groups => GROUPS_PER_PAGE,
            List::Findings => FINDINGS_PER_PAGE,
        }
    }
}

/// A change of view (the panel's buttons and slider).
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Step {
    /// Half the window, around the moment when it is inside the window (the slider moved there),
    /// else around the middle.
    ZoomIn,
    ZoomOut,
    /// Half a window earlier or later.
    Earlier,
    Later,
    Whole,
    At(f64),
    Page(List, bool),
    Lang(Lang),
}

impl View {
    pub fn whole(duration: f64, lang: Lang) -> View {
        View {
            from: 0.0,
            to: span(duration),
            now: 0.0,
            lanes: 0,
            groups: 0,
            findings: 0,
            lang,
        }
    }

    /// The view after `step`, within the capture (`s`'s duration and list sizes).
    pub fn step(self, step: Step, s: &Summary) -> View {
        let duration = span(s.duration);
        let mut v = self;
        // A window that is not one (NaN, infinite, reversed: hostile numbers) is the whole.
        if !(v.from.is_finite() && v.to.is_finite() && v.from < v.to) {
            (v.from, v.to) = (0.0, duration);
        }
        let width = v.to - v.from;
        let this = v;
        let window = |from: f64, width: f64| {
            let width = clamp(width, MIN_WINDOW.min(duration), duration);
            let from = clamp(from, 0.0, duration - width);
            (from, from + width)
        };
        match step {
            Step::ZoomIn | Step::ZoomOut => {
                let centre = if this.from < this.now && this.now < this.to {
                    this.now
                } else {
                    this.from + width / 2.0
                };
                let factor = if step == Step::ZoomIn { 0.5 } else { 2.0 };
                // The moment stays where it is on the screen.
                let at = if width > 0.0 {
                    (centre - this.from) / width
                } else {
                    0.5
                };
                let new = width * factor;
                (v.from, v.to) = window(centre - new * at, new);
            }
            Step::Earlier => (v.from, v.to) = window(this.from - width / 2.0, width),
            Step::Later => (v.from, v.to) = window(this.from + width / 2.0, width),
            Step::Whole => (v.from, v.to) = (0.0, duration),
            Step::At(now) => {
                v.now = if now.is_finite() {
                    clamp(now, 0.0, duration)
                } else {
                    0.0
                }
            }
            Step::Page(list, next) => {
                let pages = pages(s.total(list), list.per_page());
                let page = match list {
                    List::Lanes => &mut v.lanes,
                    List::Groups => &mut v.groups,
                    List::Findings => &mut v.findings,
                };
                *page = if next {
                    page.saturating_add(1)
                } else {
                    page.saturating_sub(1)
                }
                .min(pages.saturating_sub(1));
            }
            Step::Lang(lang) => v.lang = lang,
        }
        v
    }

    /// The view as numbers, for the worker's messages.
    pub fn to_numbers(&self) -> [f64; 7] {
        [
            self.from,
            self.to,
            self.now,
            self.lanes as f64,
            self.groups as f64,
            self.findings as f64,
            f64::from(u8::from(self.lang == Lang::Ja)),
        ]
    }

    pub fn from_numbers(n: &[f64]) -> Option<View> {
        let page = |x: &f64| crate::num::usize_sat(whole(*x));
        match n {
            [from, to, now, lanes, groups, findings, ja] => Some(View {
                from: *from,
                to: *to,
                now: *now,
                lanes: page(lanes),
                groups: page(groups),
                findings: page(findings),
                lang: if *ja > 0.0 { Lang::Ja } else { Lang::En },
            }),
            _ => None,
        }
    }
}

/// A capture's duration as a window's width (never zero).
fn span(duration: f64) -> f64 {
    if duration.is_finite() {
        duration.max(1e-3)
    } else {
        1e-3
    }
}

fn pages(total: usize, per: usize) -> usize {
    total.div_ceil(per.max(1)).max(1)
}

/// The numbers the panel shows beside the pictures.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Summary {
    pub frames: u64,
    pub querier_spans: usize,
    pub errors: usize,
    pub warnings: usize,
    pub infos: usize,
    pub duration: f64,
    pub lanes: usize,
    pub groups: usize,
    pub findings: usize,
    pub findings_dropped: u64,
    /// IGMP messages in the capture, those in the view's window, and the marks that draw them.
    pub messages: usize,
    pub in_window: usize,
    pub drawn: usize,
    /// Messages past `analyze::MAX_MARKS`, analysed but not drawn.
    pub not_drawn: u64,
    /// MLD messages, not analysed (`Analysis::mld_frames`).
    pub mld: u64,
}

impl Summary {
    pub fn total(&self, list: List) -> usize {
        match list {
            List::Lanes => self.lanes,
            List::Groups => self.groups,
            List::Findings => self.findings,
        }
    }

    pub fn to_numbers(&self) -> [f64; 15] {
        let n = |x: usize| x as f64;
        [
            self.frames as f64,
            n(self.querier_spans),
            n(self.errors),
            n(self.warnings),
            n(self.infos),
            self.duration,
            n(self.lanes),
            n(self.groups),
            n(self.findings),
            self.findings_dropped as f64,
            n(self.messages),
            n(self.in_window),
            n(self.drawn),
            self.not_drawn as f64,
            self.mld as f64,
        ]
    }

    pub fn from_numbers(n: &[f64]) -> Option<Summary> {
        let c = |x: &f64| crate::num::usize_sat(whole(*x));
        match n {
            [frames, querier_spans, errors, warnings, infos, duration, lanes, groups, findings, dropped, messages, in_window, drawn, not_drawn, mld] => {
                Some(Summary {
                    frames: whole(*frames),
                    querier_spans: c(querier_spans),
                    errors: c(errors),
                    warnings: c(warnings),
                    infos: c(infos),
                    duration: *duration,
                    lanes: c(lanes),
                    groups: c(groups),
                    findings: c(findings),
                    findings_dropped: whole(*dropped),
                    messages: c(messages),
                    in_window: c(in_window),
                    drawn: c(drawn),
                    not_drawn: whole(*not_drawn),
                    mld: whole(*mld),
                })
            }
            _ => None,
        }
    }
}

/// What the panel shows for one view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Drawn {
    pub view: Option<View>,
    pub summary: Summary,
    pub lanes: String,
    pub membership: String,
    pub state: String,
    pub findings: String,
}

// ----- the analysis job -------------------------------------------------------------------------

/// A stretch of the frame store in the frames wire form (`frames::encode`, rows left empty), as
/// the page sends it to the analysis worker.
// Called from the worker and from the page: one copy in the bundle.
#[inline(never)]
pub fn encode_frames(store: &FrameStore, range: std::ops::Range<usize>, out: &mut Vec<u8>) {
    let row = crate::model::import_job::PLACEHOLDER;
    for i in range {
        if let Some(f) = store.get(i) {
            frames::encode(out, &row, f);
        }
    }
}

/// Feeds a batch of [`encode_frames`] to the analyzer; returns how many frames it held.
// Called from the worker and from the page: one copy in the bundle.
#[inline(never)]
pub fn feed(analyzer: &mut Analyzer, batch: &[u8]) -> usize {
    let mut n = 0usize;
    for record in frames::records(batch) {
        let Ok((_, f)) = record else { break };
        analyzer.observe(Input {
            link: f.link,
            ts_sec: f.ts_sec,
            ts_nsec: f.ts_nsec,
            bytes: f.bytes,
            unknown: f.unknown,
        });
        n = n.saturating_add(1);
    }
    n
}

/// A finished analysis with what every view needs, worked out once.
pub struct Prepared {
    pub analysis: Analysis,
    lanes: Vec<(IpAddr, LaneRole)>,
    /// Each mark's lane.
    mark_lane: Vec<usize>,
    counts: (usize, usize, usize),
}

impl Prepared {
    // Called from the worker and from the page: one copy in the bundle.
    #[inline(never)]
    pub fn new(analysis: Analysis) -> Prepared {
        let lanes = analysis.lanes();
        // The lanes are the routers' part and the hosts' part, each sorted by address.
        let split = lanes
            .iter()
            .position(|(_, r)| *r == LaneRole::Host)
            .unwrap_or(lanes.len());
        let (routers, hosts) = lanes.split_at(split);
        let mark_lane = analysis
            .marks
            .iter()
            .map(|m| {
                routers
                    .binary_search_by_key(&m.src, |x| x.0)
                    .ok()
                    .or_else(|| {
                        let i = hosts.binary_search_by_key(&m.src, |x| x.0).ok()?;
                        Some(i.saturating_add(split))
                    })
                    .unwrap_or(0)
            })
            .collect();
        let counts = analysis.counts();
        Prepared {
            analysis,
            lanes,
            mark_lane,
            counts,
        }
    }

    pub fn whole_view(&self, lang: Lang) -> View {
        View::whole(self.analysis.duration, lang)
    }

    /// The pictures of view `v`.
    // Called from the worker and from the page: one copy in the bundle.
    #[inline(never)]
    pub fn draw(&self, v: &View) -> Drawn {
        let a = &self.analysis;
        let (infos, warnings, errors) = self.counts;
        let mut summary = Summary {
            frames: a.frames,
            querier_spans: a.queriers.len(),
            errors,
            warnings,
            infos,
            duration: a.duration,
            lanes: self.lanes.len(),
            groups: a.groups.len(),
            findings: a.findings.len(),
            findings_dropped: a.findings_dropped,
            messages: a.marks.len(),
            in_window: 0,
            drawn: 0,
            not_drawn: a.marks_dropped,
            mld: a.mld_frames,
        };
        let plot = Plot::of(v);
        let lanes = self.lanes_svg(v, &plot, &mut summary);
        Drawn {
            view: Some(*v),
            summary,
            lanes,
            membership: membership_svg(a, v, &plot),
            state: state_markup(a, v.lang, v.now),
            findings: findings_markup(a, v),
        }
    }

    /// The lanes: one per address (routers first), the querier's time as a band, the messages
    /// as marks, one per lane and bin of [`BIN`] units.
    fn lanes_svg(&self, v: &View, plot: &Plot, summary: &mut Summary) -> String {
        let a = &self.analysis;
        let l = v.lang;
        let shown = page_of(v.lanes, LANES_PER_PAGE, self.lanes.len());
        let first = shown.start;
        let on_page = self.lanes.get(shown).unwrap_or(&[]);
        let height = lane_y(on_page.len().max(1)).saturating_add(8);
        let mut out = String::with_capacity(4096);
        let _ = write!(
            out,
            "<svg class=\"analysis-timeline\" data-testid=\"{}\" role=\"img\" aria-label=\"{}\" viewBox=\"0 0 {WIDTH} {height}\" preserveAspectRatio=\"xMinYMin meet\">",
            crate::testids::ANALYSIS_TIMELINE,
            esc(t(l, "analysis.timeline"))
        );
        plot.axis(&mut out, height);
        if plot.contains(v.now) {
            let cx = plot.x(v.now);
            let _ = write!(
                out,
                "<line class=\"cursor\" x1=\"{cx}\" x2=\"{cx}\" y1=\"{}\" y2=\"{height}\"/>",
                TOP.saturating_sub(6)
            );
        }
        for (i, (addr, role)) in on_page.iter().enumerate() {
            let y = lane_y(i);
            let role = role.id();
            let _ = write!(
                out,
                "<g class=\"lane {role}\" data-testid=\"{}\" data-address=\"{addr}\" data-role=\"{role}\"><rect class=\"lane-bg\" x=\"0\" y=\"{y}\" width=\"{WIDTH}\" height=\"{LANE}\"/>",
                crate::testids::ANALYSIS_LANE
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
                .filter(|q| q.address == *addr && plot.meets(q.from, q.to))
            {
                let title = format!(
                    "{} IGMPv{} {}–{} s",
                    t(l, "analysis.role.querier"),
                    q.version,
                    Fixed(q.from, 3),
                    Fixed(q.to, 3)
                );
                bar(
                    &mut out,
                    "querier-span",
                    plot.x(q.from),
                    plot.x(q.to),
                    y.saturating_add(3),
                    LANE.saturating_sub(6),
                    &title,
                );
            }
            out.push_str("</g>");
        }
        // One bin per lane on this page and pixel column.
        let cols = crate::num::usize_sat(COLS / BIN).saturating_add(1);
        let mut bins: Vec<Option<Bin>> = Vec::new();
        bins.resize_with(on_page.len().saturating_mul(cols), || None);
        for (m, lane) in a.marks.iter().zip(&self.mark_lane) {
            if !plot.contains(m.t) {
                continue;
            }
            summary.in_window = summary.in_window.saturating_add(1);
            let Some(row) = lane.checked_sub(first).filter(|r| *r < on_page.len()) else {
                continue;
            };
            let col = crate::num::usize_sat(plot.x(m.t).saturating_sub(LABEL) / BIN);
            let Some(slot) = bins.get_mut(row.saturating_mul(cols).saturating_add(col)) else {
                continue;
            };
            match slot {
                Some(b) => b.add(m.frame, m.t, m.kind, m.group),
                None => *slot = Some(Bin::new(m.frame, m.t, m.kind, m.group)),
            }
        }
        for (i, b) in bins.iter().enumerate() {
            let Some(b) = b else { continue };
            summary.drawn = summary.drawn.saturating_add(1);
            let row = i.checked_div(cols).unwrap_or(0);
            let y = lane_y(row).saturating_add(LANE / 2);
            b.mark(&mut out, plot.x(b.t0), y, l);
        }
        out.push_str("</svg>");
        out
    }
}

fn lane_y(i: usize) -> u64 {
    TOP.saturating_add(LANE.saturating_mul(i as u64))
}

/// The items of page `page` of a list of `total`, `per` a page.
pub fn page_of(page: usize, per: usize, total: usize) -> std::ops::Range<usize> {
    let start = page.saturating_mul(per).min(total);
    start..start.saturating_add(per).min(total)
}

/// The messages of one lane on one pixel column.
struct Bin {
    n: u64,
    first: u64,
    last: u64,
    t0: f64,
    t1: f64,
    /// The kinds, each once, in the order met.
    kinds: Vec<MessageKind>,
    /// The group, while every message names the same one.
    group: Option<Option<IpAddr>>,
}

impl Bin {
    fn new(frame: u64, t: f64, kind: MessageKind, group: Option<IpAddr>) -> Bin {
        Bin {
            n: 1,
            first: frame,
            last: frame,
            t0: t,
            t1: t,
            kinds: vec![kind],
            group: Some(group),
        }
    }

    fn add(&mut self, frame: u64, t: f64, kind: MessageKind, group: Option<IpAddr>) {
        self.n = self.n.saturating_add(1);
        self.first = self.first.min(frame);
        self.last = self.last.max(frame);
        self.t0 = self.t0.min(t);
        self.t1 = self.t1.max(t);
        if !self.kinds.contains(&kind) {
            self.kinds.push(kind);
        }
        if self.group != Some(group) {
            self.group = None;
        }
    }

    fn mark(&self, out: &mut String, x: u64, y: u64, l: Lang) {
        let group = match self.group {
            Some(Some(g)) if !g.is_unspecified() => format!(" {g}"),
            _ => String::new(),
        };
        let kinds: Vec<_> = self.kinds.iter().map(|k| k.name()).collect();
        let class = match kinds.as_slice() {
            [one] => format!("k-{one}"),
            _ => "k-mixed".to_string(),
        };
        let (r, title) = if self.n == 1 {
            (
                5,
                format!(
                    "#{} {} s {}{group}",
                    self.first,
                    Fixed(self.t0, 3),
                    kinds.join(", ")
                ),
            )
        } else {
            let r = match self.n {
                0..=9 => 6,
                10..=99 => 7,
                _ => 8,
            };
            let title = format!(
                "{} {} (#{}–#{}) {}–{} s: {}{group}",
                self.n,
                t(l, "analysis.messages"),
                self.first,
                self.last,
                Fixed(self.t0, 3),
                Fixed(self.t1, 3),
                kinds.join(", ")
            );
            (r, title)
        };
        let _ = write!(
            out,
            "<circle class=\"mark {class}{}\" cx=\"{x}\" cy=\"{y}\" r=\"{r}\" data-frame=\"{}\" data-count=\"{}\"><title>{}</title></circle>",
            if self.n > 1 { " bin" } else { "" },
            self.first,
            self.n,
            esc(&title)
        );
    }
}

/// The time window on the plot's columns.
struct Plot {
    from: f64,
    to: f64,
}

impl Plot {
    fn of(v: &View) -> Plot {
        let from = if v.from.is_finite() { v.from } else { 0.0 };
        let to = if v.to.is_finite() { v.to } else { from };
        Plot {
            from,
            to: to.max(from.max(0.0) + 1e-6),
        }
    }

    fn contains(&self, t: f64) -> bool {
        (self.from..=self.to).contains(&t)
    }

    /// Whether a span from..to shows in the window.
    fn meets(&self, from: f64, to: f64) -> bool {
        from <= self.to && to >= self.from
    }

    /// A time's x in viewBox units (clamped to the plot).
    fn x(&self, t: f64) -> u64 {
        let at = clamp((t - self.from) / (self.to - self.from), 0.0, 1.0);
        LABEL.saturating_add(whole((COLS as f64 * at).round()))
    }

    /// The time axis and its grid: about 8 ticks at round steps.
    fn axis(&self, out: &mut String, height: u64) {
        out.push_str("<g class=\"axis\">");
        let width = self.to - self.from;
        let raw = width / 8.0;
        let step = [
            0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.2, 0.5, 1.0, 2.0, 5.0, 10.0, 20.0, 30.0,
            60.0, 120.0, 300.0, 600.0, 1800.0, 3600.0,
        ]
        .into_iter()
        .find(|s| *s >= raw)
        .unwrap_or(raw.ceil().max(1.0));
        let decimals = if step < 0.01 {
            3
        } else if step < 0.1 {
            2
        } else {
            u8::from(step < 1.0)
        };
        let first = (self.from / step).ceil();
        for i in 0..=9u8 {
            let v = (first + f64::from(i)) * step;
            if v > self.to + 1e-9 {
                break;
            }
            let x = self.x(v);
            let _ = write!(
                out,
                "<line x1=\"{x}\" x2=\"{x}\" y1=\"{}\" y2=\"{height}\" class=\"grid\"/><text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{} s</text>",
                TOP.saturating_sub(6),
                TOP.saturating_sub(10),
                Fixed(v, decimals)
            );
        }
        out.push_str("</g>");
    }
}

/// Text for markup: the few characters that matter escaped.
pub fn esc(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}

fn bar(out: &mut String, class: &str, x1: u64, x2: u64, y: u64, h: u64, title: &str) {
    let _ = write!(
        out,
        "<rect class=\"{class}\" x=\"{x1}\" y=\"{y}\" width=\"{}\" height=\"{h}\"><title>{}</title></rect>",
        x2.saturating_sub(x1).max(1),
        esc(title)
    );
}

fn label(out: &mut String, y: u64, text: &str) {
    let _ = write!(
        out,
        "<text class=\"lane-label\" x=\"6\" y=\"{}\">{}</text>",
        y.saturating_add(LANE * 2 / 3),
        esc(text)
    );
}

/// One chart per group on the view's page: when it was forwarded, and each member's time, in
/// the view's window.
fn membership_svg(a: &Analysis, v: &View, plot: &Plot) -> String {
    let l = v.lang;
    let mut out = String::new();
    if a.groups.is_empty() {
        let _ = write!(
            out,
            "<p class=\"muted\">{}</p>",
            esc(t(l, "analysis.no_groups"))
        );
    }
    let shown = page_of(v.groups, GROUPS_PER_PAGE, a.groups.len());
    for g in a.groups.get(shown).unwrap_or(&[]) {
        let hosts: BTreeSet<IpAddr> = g.members.iter().map(|m| m.host).collect();
        let h = lane_y(hosts.len().saturating_add(1)).saturating_add(4);
        let _ = write!(
            out,
            "<figure class=\"group-chart\" data-group=\"{0}\"><figcaption>{0}</figcaption><svg viewBox=\"0 0 {WIDTH} {h}\" role=\"img\" preserveAspectRatio=\"xMinYMin meet\" aria-label=\"{1} {0}\">",
            g.group,
            esc(t(l, "analysis.membership"))
        );
        plot.axis(&mut out, h);
        label(&mut out, TOP, t(l, "analysis.present"));
        // Spans that meet within a pixel are one bar (a million-frame capture has 69 351
        // membership intervals, a few hundred visible bars, and drawing each held the page).
        let present = g
            .present
            .iter()
            .filter(|p| plot.meets(p.from, p.to))
            .map(|p| (p.ended_by, p.from, p.to));
        for (ended_by, run) in runs(present) {
            for (x1, x2, from, to, n) in merged(run, plot) {
                let title = format!(
                    "{}–{} s{}: {}",
                    Fixed(from, 3),
                    Fixed(to, 3),
                    times(l, n),
                    t(l, &format!("analysis.ended.{ended_by}"))
                );
                bar(
                    &mut out,
                    &format!("present {ended_by}"),
                    x1,
                    x2,
                    TOP.saturating_add(4),
                    LANE.saturating_sub(8),
                    &title,
                );
            }
        }
        for (i, host) in hosts.iter().enumerate() {
            let y = lane_y(i.saturating_add(1));
            label(&mut out, y, &host.to_string());
            let spans = g
                .members
                .iter()
                .filter(|m| m.host == *host && plot.meets(m.from, m.to))
                .map(|m| (m.from, m.to));
            for (x1, x2, from, to, n) in merged(spans, plot) {
                let title = format!(
                    "{host} {}–{} s{}",
                    Fixed(from, 3),
                    Fixed(to, 3),
                    times(l, n)
                );
                bar(
                    &mut out,
                    "member",
                    x1,
                    x2,
                    y.saturating_add(6),
                    LANE.saturating_sub(12),
                    &title,
                );
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
    plot: &Plot,
) -> Vec<(u64, u64, f64, f64, usize)> {
    let x = |t: f64| crate::num::usize_sat(plot.x(t));
    let cols = crate::num::usize_sat(WIDTH).saturating_add(2);
    crate::model::diagram::merge_spans(spans, cols, x)
        .into_iter()
        .map(|b| (b.x1 as u64, b.x2 as u64, b.from, b.to, b.spans))
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
        let list: Vec<String> = members.iter().map(IpAddr::to_string).collect();
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

/// The findings of the view's page, each with links to its frames (`data-frame`; one listener
/// on the list).
fn findings_markup(a: &Analysis, v: &View) -> String {
    let l = v.lang;
    let shown = page_of(v.findings, FINDINGS_PER_PAGE, a.findings.len());
    let last_page = shown.end == a.findings.len();
    let mut out = format!(
        "<ol class=\"findings\" data-testid=\"{}\" start=\"{}\">",
        crate::testids::ANALYSIS_FINDINGS,
        shown.start.saturating_add(1)
    );
    if a.findings.is_empty() {
        let _ = write!(
            out,
            "<li class=\"muted\">{}</li>",
            esc(t(l, "analysis.no_findings"))
        );
    }
    let open = esc(t(l, "analysis.open_frame"));
    for f in a.findings.get(shown).unwrap_or(&[]) {
        let sev = f.severity.name();
        let text = if l == Lang::Ja { &f.ja } else { &f.en };
        let _ = write!(
            out,
            "<li class=\"finding {sev}\" data-testid=\"{}\" data-rule=\"{}\" data-severity=\"{sev}\"><span class=\"sev {sev}\">{}</span> <span class=\"t\">{} s</span> <code>{}</code> <span class=\"rfc\">({})</span><p>{}</p><span class=\"frames\">{}: ",
            crate::testids::ANALYSIS_FINDING,
            esc(&f.rule),
            esc(t(l, &format!("severity.{sev}"))),
            Fixed(f.t, 3),
            esc(&f.rule),
            esc(&f.rfc),
            esc(text),
            esc(t(l, "analysis.frames")),
        );
        for n in f.frames.iter().take(MAX_FRAME_LINKS) {
            let _ = write!(
                out,
                "<button class=\"link\" data-testid=\"{}\" data-frame=\"{n}\" aria-label=\"{open} {n}\">#{n}</button>",
                crate::testids::ANALYSIS_FRAME
            );
        }
        if let Some(more) = f
            .frames
            .len()
            .checked_sub(MAX_FRAME_LINKS)
            .filter(|m| *m > 0)
        {
            let _ = write!(out, " … (+{more})");
        }
        out.push_str("</span></li>");
    }
    if last_page && a.findings_dropped > 0 {
        let _ = write!(out, "<li class=\"muted\">(+{})</li>", a.findings_dropped);
    }
    out.push_str("</ol>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analyze::Mark;

    /// `n` messages from `hosts` hosts over 1 000 s, in time order.
    fn analysis(n: u64, hosts: u32) -> Analysis {
        let marks = (0..n)
            .map(|i| Mark {
                frame: i + 1,
                t: i as f64 * 1000.0 / n as f64,
                src: IpAddr::V4(std::net::Ipv4Addr::from(
                    0x0a00_0000 + 1 + (i as u32 % hosts),
                )),
                kind: if i % 7 == 0 {
                    MessageKind::V2Leave
                } else {
                    MessageKind::V2Report
                },
                group: Some(IpAddr::V4(std::net::Ipv4Addr::new(
                    239,
                    1,
                    1,
                    (i % 3) as u8,
                ))),
            })
            .collect();
        Analysis {
            frames: n,
            duration: 1000.0,
            marks,
            ..Analysis::default()
        }
    }

    fn counts(markup: &str) -> Vec<u64> {
        markup
            .split("data-count=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap().parse().unwrap())
            .collect()
    }

    fn every_page(p: &Prepared, v: View) -> (u64, usize) {
        let pages = pages(p.lanes.len(), LANES_PER_PAGE);
        let (mut counted, mut drawn) = (0, 0);
        for page in 0..pages {
            let d = p.draw(&View { lanes: page, ..v });
            let c = counts(&d.lanes);
            assert_eq!(c.len(), d.summary.drawn);
            counted += c.iter().sum::<u64>();
            drawn += d.summary.drawn;
        }
        (counted, drawn)
    }

    #[test]
    fn every_message_is_drawn_at_any_zoom_binned_per_lane_and_pixel() {
        // #26: the lanes stopped after 4 000 messages without a word. 200 000 messages on 90
        // lanes (six pages): every one counted in exactly one mark.
        let p = Prepared::new(analysis(200_000, 90));
        let whole = p.whole_view(Lang::En);
        let d = p.draw(&whole);
        assert_eq!(d.summary.messages, 200_000);
        assert_eq!(d.summary.in_window, 200_000);
        assert_eq!(d.summary.lanes, 90);
        let (counted, drawn) = every_page(&p, whole);
        assert_eq!(counted, 200_000);
        assert!(drawn <= 90 * 101, "{drawn} marks");
        // Zoomed in around 500 s: the window's messages, all of them, fewer per mark.
        let mut v = whole.step(Step::At(500.0), &d.summary);
        for _ in 0..6 {
            v = v.step(Step::ZoomIn, &d.summary);
        }
        assert!((v.to - v.from - 1000.0 / 64.0).abs() < 1e-9);
        assert!(v.from < 500.0 && 500.0 < v.to);
        let inside = p
            .analysis
            .marks
            .iter()
            .filter(|m| (v.from..=v.to).contains(&m.t))
            .count();
        assert_eq!(p.draw(&v).summary.in_window, inside);
        assert_eq!(every_page(&p, v).0, inside as u64);
        // A lone message is a plain mark: its frame, its kind, its group.
        let one = Prepared::new(analysis(3, 3));
        let d = one.draw(&one.whole_view(Lang::En));
        assert!(d.lanes.contains("class=\"mark k-v2-leave\""), "{}", d.lanes);
        assert!(d.lanes.contains(
            "data-frame=\"1\" data-count=\"1\"><title>#1 0.000 s v2-leave 239.1.1.0</title>"
        ));
    }

    #[test]
    fn a_bin_names_its_messages_frames_and_kinds() {
        let p = Prepared::new(analysis(10_000, 1));
        let d = p.draw(&p.whole_view(Lang::En));
        // 10 000 messages on the 101 bins of one lane.
        assert_eq!(d.summary.drawn, 101);
        assert!(
            d.lanes.contains("class=\"mark k-mixed bin\""),
            "{}",
            &d.lanes[..2000]
        );
        assert!(d.lanes.contains("messages (#1–#"), "{}", &d.lanes[..3000]);
        let ja = p.draw(&p.whole_view(Lang::Ja));
        assert!(ja.lanes.contains("メッセージ (#1–#"));
    }

    #[test]
    fn the_window_stays_within_the_capture() {
        let s = Summary {
            duration: 100.0,
            lanes: 90,
            groups: 64,
            findings: 1,
            ..Summary::default()
        };
        let whole = View::whole(100.0, Lang::En);
        assert_eq!(whole.step(Step::ZoomOut, &s), whole);
        assert_eq!(whole.step(Step::Earlier, &s), whole);
        let zoomed = whole.step(Step::ZoomIn, &s);
        assert_eq!((zoomed.from, zoomed.to), (25.0, 75.0), "around the middle");
        let later = zoomed.step(Step::Later, &s).step(Step::Later, &s);
        assert_eq!((later.from, later.to), (50.0, 100.0));
        assert_eq!(later.step(Step::Later, &s), later);
        assert_eq!(later.step(Step::Whole, &s).to, 100.0);
        // Around the moment, which stays where it was on the screen.
        let at = whole.step(Step::At(10.0), &s).step(Step::ZoomIn, &s);
        assert_eq!((at.from, at.to), (5.0, 55.0));
        let mut v = at;
        for _ in 0..40 {
            v = v.step(Step::ZoomIn, &s);
        }
        assert!((v.to - v.from - MIN_WINDOW).abs() < 1e-9, "{v:?}");
        assert_eq!(whole.step(Step::At(f64::NAN), &s).now, 0.0);
        assert_eq!(whole.step(Step::At(1e9), &s).now, 100.0);
        // Pages: lanes 0..=5, groups 0..=12, findings 0.
        let mut v = whole;
        for _ in 0..14 {
            v = v
                .step(Step::Page(List::Lanes, true), &s)
                .step(Step::Page(List::Groups, true), &s)
                .step(Step::Page(List::Findings, true), &s);
        }
        assert_eq!((v.lanes, v.groups, v.findings), (5, 12, 0));
        assert_eq!(v.step(Step::Page(List::Lanes, false), &s).lanes, 4);
        assert_eq!(
            View::from_numbers(&v.step(Step::Lang(Lang::Ja), &s).to_numbers()),
            Some(View {
                lang: Lang::Ja,
                ..v
            })
        );
        let s2 = Summary {
            not_drawn: 5,
            in_window: 3,
            ..s
        };
        assert_eq!(Summary::from_numbers(&s2.to_numbers()), Some(s2));
        assert_eq!(View::from_numbers(&[1.0]), None);
    }

    #[test]
    fn every_group_is_on_a_page() {
        // #26: the charts showed 40 of 64 groups with no note.
        let mut a = analysis(10, 2);
        a.groups = (0..64)
            .map(|i| crate::analyze::GroupHistory {
                group: IpAddr::V4(std::net::Ipv4Addr::new(239, 0, 0, i)),
                present: vec![crate::analyze::Presence {
                    from: 1.0,
                    to: 2.0,
                    ended_by: "leave",
                }],
                members: Vec::new(),
                compat: Vec::new(),
            })
            .collect();
        let p = Prepared::new(a);
        let v = p.whole_view(Lang::En);
        let mut seen = Vec::new();
        for page in 0..13 {
            let d = p.draw(&View { groups: page, ..v });
            assert_eq!(d.summary.groups, 64);
            seen.extend(
                d.membership
                    .split("data-group=\"")
                    .skip(1)
                    .map(|s| s.split('"').next().unwrap().to_string()),
            );
        }
        let want: Vec<String> = (0..64).map(|i| format!("239.0.0.{i}")).collect();
        assert_eq!(seen, want);
    }

    #[test]
    fn a_capture_fed_as_the_page_sends_it_is_analysed_as_the_cli_does() {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/corpus/linux-frr/router-querier-frr-v2.pcap"
        );
        let frames = crate::import::import(&std::fs::read(path).unwrap()).frames;
        let store = FrameStore::from_frames(&frames);
        let mut analyzer = Analyzer::new();
        // In two batches, as the page sends slices.
        for range in [0..10, 10..store.len()] {
            let mut batch = Vec::new();
            encode_frames(&store, range, &mut batch);
            feed(&mut analyzer, &batch);
        }
        let a = analyzer.finish();
        let mut cli = Analyzer::new();
        for f in &frames {
            cli.observe(Input {
                link: f.link,
                ts_sec: f.ts_sec,
                ts_nsec: f.ts_nsec,
                bytes: &f.bytes,
                unknown: crate::codec::Unknown::NONE,
            });
        }
        assert_eq!(a, cli.finish());
        let p = Prepared::new(a);
        let d = p.draw(&p.whole_view(Lang::En));
        let lanes: Vec<&str> = d
            .lanes
            .split("data-address=\"")
            .skip(1)
            .map(|s| s.split('"').next().unwrap())
            .collect();
        assert_eq!(lanes, ["10.0.0.1", "10.0.0.11", "10.0.0.12", "10.0.0.13"]);
        assert_eq!(d.summary.in_window, d.summary.messages);
        assert_eq!(
            counts(&d.lanes).iter().sum::<u64>(),
            d.summary.messages as u64
        );
        assert!(d.findings.contains("data-rule=\"last-member-query-count\""));
        assert!(d.state.contains("none"), "no querier at 0 s");
    }
}
