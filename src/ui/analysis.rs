//! The Analysis view of the loaded capture: one lane per address with its inferred role, the
//! querier's time, each message; the findings with links to their frames; a membership chart per
//! group. The pictures come from `model::analysis_view` (made in the analysis worker, or on the
//! page where workers are unavailable); this panel shows them and asks for other views (zoom,
//! pan, pages, the state panel's moment, the language).

use crate::num::Fixed;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::codec::Lang;
use crate::model::analysis_view::{page_of, Drawn, List, Step, View};
use crate::model::i18n::{fill, t};
use crate::ui::testids;

#[derive(Properties)]
pub struct Props {
    pub drawn: Rc<Drawn>,
    pub lang: Lang,
    /// Another view wanted.
    pub on_view: Callback<View>,
    /// A frame number (1-based) to open in the Inspector.
    pub on_frame: Callback<u64>,
    pub on_close: Callback<()>,
}

impl PartialEq for Props {
    /// The same pictures (by identity: new ones are a new `Rc`) in the same language.
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.drawn, &other.drawn)
            && self.lang == other.lang
            && self.on_view == other.on_view
            && self.on_frame == other.on_frame
            && self.on_close == other.on_close
    }
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
    let d = &props.drawn;
    let s = d.summary;
    let l = props.lang;
    let view = d.view.unwrap_or_else(|| View::whole(s.duration, l));
    // The pictures are in another language: ask for them in this one.
    {
        let on_view = props.on_view.clone();
        use_effect_with((l, view.lang), move |(l, shown)| {
            if l != shown {
                on_view.emit(view.step(Step::Lang(*l), &s));
            }
        });
    }
    let step = {
        let on_view = props.on_view.clone();
        move |st: Step| on_view.emit(view.step(st, &s))
    };
    let on_click = {
        let on_frame = props.on_frame.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(n) = clicked_frame(&e) {
                on_frame.emit(n);
            }
        })
    };
    let duration = s.duration.max(1e-3);
    let on_time = {
        let step = step.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = crate::ui::target::<web_sys::HtmlInputElement>(&e) {
                step(Step::At(crate::num::decimal(&input.value()).unwrap_or(0.0)));
            }
        })
    };
    let button = |key: &'static str, id: &'static str, st: Step, enabled: bool| {
        let step = step.clone();
        html! {
            <button data-testid={id} disabled={!enabled} onclick={Callback::from(move |_: MouseEvent| step(st))}>{ t(l, key) }</button>
        }
    };
    let zoomed = view.from > 0.0 || view.to < duration;
    let pager = |list: List, page: usize| {
        let total = s.total(list);
        let per = list.per_page();
        if total <= per {
            return Html::default();
        }
        let shown = page_of(page, per, total);
        let text = fill(
            l,
            &format!("analysis.page.{}", list.id()),
            &[
                ("first", &(shown.start + 1)),
                ("last", &shown.end),
                ("total", &total),
            ],
        );
        html! {
            <div class="pager" data-testid={testids::ANALYSIS_PAGER} data-list={list.id()} data-first={(shown.start + 1).to_string()} data-last={shown.end.to_string()} data-total={total.to_string()}>
                <span>{ text }</span>
                { button("analysis.page.prev", testids::ANALYSIS_PAGE_PREV, Step::Page(list, false), shown.start > 0) }
                { button("analysis.page.next", testids::ANALYSIS_PAGE_NEXT, Step::Page(list, true), shown.end < total) }
            </div>
        }
    };
    let window = fill(
        l,
        "analysis.window",
        &[
            ("from", &Fixed(view.from, 3).to_string()),
            ("to", &Fixed(view.to, 3).to_string()),
            ("in", &s.in_window),
            ("all", &s.messages),
            ("marks", &s.drawn),
        ],
    );
    let not_drawn = (s.not_drawn > 0).then(|| {
        fill(
            l,
            "analysis.not_drawn",
            &[("n", &s.not_drawn), ("max", &crate::analyze::MAX_MARKS)],
        )
    });
    let state_panel = html! {
        <div class="analysis-state" data-testid={testids::ANALYSIS_STATE} data-t={Fixed(view.now, 3).to_string()}>
            <label>{ t(l, "analysis.at") }{ " " }
                <input type="range" min="0" max={Fixed(duration, 3).to_string()} step="0.001" value={Fixed(view.now, 3).to_string()}
                    data-testid={testids::ANALYSIS_TIME} oninput={on_time} aria-label={t(l, "analysis.at").to_string()} />
                <strong>{ format!(" {} s", Fixed(view.now, 3)) }</strong>
            </label>
            { Html::from_html_unchecked(AttrValue::from(d.state.clone())) }
        </div>
    };
    let markup = |m: &String| Html::from_html_unchecked(AttrValue::from(m.clone()));

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
                <span class="muted" data-testid={testids::ANALYSIS_SUMMARY} data-errors={s.errors.to_string()} data-warnings={s.warnings.to_string()} data-infos={s.infos.to_string()}>
                    { format!("{} {} · {} {} · {} {} · {} {} · {} {}",
                        s.frames, crate::model::i18n::counted(l, usize::try_from(s.frames).unwrap_or(usize::MAX), "analysis.frame_total", "analysis.frames_total"), s.querier_spans, t(l, "analysis.querier_spans"),
                        t(l, "severity.error"), s.errors, t(l, "severity.warning"), s.warnings, t(l, "severity.info"), s.infos) }
                </span>
                <button data-testid={testids::ANALYSIS_CLOSE} onclick={on_close}>{ t(l, "analysis.close") }</button>
            </div>
            if s.mld > 0 {
                <p class="note" data-testid={testids::ANALYSIS_MLD} data-mld={s.mld.to_string()}>{ crate::analyze::report::mld_not_analysed(s.mld, l) }</p>
            }
            // One listener for every frame link and mark of the view.
            <div class="analysis-body" onclick={on_click}>
                <div class="analysis-main">
                    <h3>{ t(l, "analysis.timeline") }</h3>
                    <div class="zoom" role="group" aria-label={t(l, "analysis.timeline").to_string()}>
                        { button("analysis.zoom_in", testids::ANALYSIS_ZOOM_IN, Step::ZoomIn, view.to - view.from > crate::model::analysis_view::MIN_WINDOW + 1e-9) }
                        { button("analysis.zoom_out", testids::ANALYSIS_ZOOM_OUT, Step::ZoomOut, zoomed) }
                        { button("analysis.earlier", testids::ANALYSIS_EARLIER, Step::Earlier, view.from > 0.0) }
                        { button("analysis.later", testids::ANALYSIS_LATER, Step::Later, view.to < duration) }
                        { button("analysis.whole", testids::ANALYSIS_WHOLE, Step::Whole, zoomed) }
                    </div>
                    <p class="muted" data-testid={testids::ANALYSIS_WINDOW} data-from={Fixed(view.from, 3).to_string()} data-to={Fixed(view.to, 3).to_string()}
                        data-messages={s.in_window.to_string()} data-marks={s.drawn.to_string()} data-not-drawn={s.not_drawn.to_string()}>
                        { window }{ not_drawn.map(|n| format!(" {n}")).unwrap_or_default() }
                    </p>
                    { pager(List::Lanes, view.lanes) }
                    <div class="lanes">{ markup(&d.lanes) }</div>
                    { state_panel }
                    <h3>{ t(l, "analysis.membership") }</h3>
                    { pager(List::Groups, view.groups) }
                    <div class="membership" data-testid={testids::MEMBERSHIP_CHART}>{ markup(&d.membership) }</div>
                </div>
                <div class="analysis-side">
                    <h3>{ t(l, "analysis.findings") }</h3>
                    { pager(List::Findings, view.findings) }
                    { markup(&d.findings) }
                </div>
            </div>
        </section>
    }
}
