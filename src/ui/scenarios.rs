//! The Scenarios screen: picker, controls, narration, predict panel, topology, state panel,
//! timeline and editor, all drawn from `model::player::view(trace, step)`. Its state and every
//! rule of its controls live in `model::scenario_ui` (a reducer, tested natively); the
//! components here draw it and forward events as actions. The root owns the effects: the
//! simulation in slices, Play's timer, the presenter's keys, and the saved scenario.

use crate::num::{Fixed, Short};
use std::cell::Cell;
use std::rc::Rc;

use gloo::timers::callback::Interval;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::scenario_diagrams::{link_load_table, state_panel, timeline, topology, Geometry, Scale};
use super::{act, download, target, testids};
use crate::codec::Lang;
use crate::import::capture;
use crate::model::i18n::t;
use crate::model::player::{self, View};
use crate::model::scenario_ui::{
    self, Action, FormField, ScenarioUi, Simulation, FORM_KINDS, SLICE_EVENTS, SPEEDS,
};
use crate::sim::{self, builtin};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Opens a frame in the Inspector.
    pub on_open: Callback<Vec<u8>>,
    /// True while the tab is shown (keyboard control only then).
    pub active: bool,
    /// Large-text mode: the diagrams' text follows it.
    #[prop_or_default]
    pub large: bool,
    /// A scenario JSON from a share link.
    #[prop_or_default]
    pub shared: Option<String>,
    /// A built-in to open, from a lesson: (a sequence number, so that the same one opens
    /// again, and its name).
    #[prop_or_default]
    pub pick: Option<(u32, String)>,
}

/// The screen's state in a reducer: a redraw only when something drawn changed.
/// The screen's state in a reducer.
type Store = super::Reduced<ScenarioUi>;

type Ui = UseReducerHandle<Store>;

/// What every part of the screen draws from.
#[derive(Properties, PartialEq, Clone)]
struct Part {
    ui: Ui,
    /// The player's view of the current step.
    view: Rc<View>,
    /// In predict mode, the question before the next step (asked once per render).
    question: Rc<Option<crate::model::predict::Question>>,
    lang: Lang,
    /// Stops the running simulation.
    on_cancel: Callback<MouseEvent>,
    on_open: Callback<Vec<u8>>,
    large: bool,
    active: bool,
}

/// What the running simulation is asked to do between slices.
#[derive(Clone, Copy, PartialEq)]
enum Control {
    Run,
    /// The user pressed Cancel: stop and show what was simulated so far.
    Cancel,
    /// Another scenario or seed replaced this one: stop silently.
    Superseded,
}

#[component]
pub fn ScenarioView(props: &Props) -> Html {
    let l = props.lang;
    let ui = use_reducer_eq(|| {
        // The scenario shown before a reload comes back: (picker value, JSON).
        let restored = super::saved(super::SCENARIO_KEY).and_then(|text| {
            crate::json::read(&text, |v| match v.list()? {
                [value, json] => Ok((value.string()?, json.string()?)),
                _ => Err(v.expected("a list of two strings")),
            })
            .ok()
        });
        let mut ui = ScenarioUi::new(restored);
        // And where the player was: the step, predict mode and the score (#29).
        if let Some(place) = super::saved(super::SCENARIO_PLACE_KEY)
            .and_then(|text| scenario_ui::Place::from_text(&text))
        {
            ui.resume(place);
        }
        super::Reduced(ui)
    });
    let s = &ui.0;
    use_effect_with((s.name.clone(), s.json.clone()), |pair| {
        if let Ok(text) = serde_json::to_string(pair) {
            super::save(super::SCENARIO_KEY, &text);
        }
    });
    use_effect_with(s.place(), |place| {
        super::save(super::SCENARIO_PLACE_KEY, &place.to_text());
    });
    {
        // A shared scenario replaces the current one once; a lesson opens a built-in.
        let ui = ui.clone();
        use_effect_with(props.shared.clone(), move |shared| {
            if let Some(text) = shared {
                ui.dispatch(Action::Shared(text.clone()));
            }
        });
    }
    {
        let ui = ui.clone();
        use_effect_with(props.pick.clone(), move |pick| {
            if let Some((_, name)) = pick.as_ref().filter(|(_, n)| builtin::get(n).is_some()) {
                ui.dispatch(Action::Pick(name.clone()));
            }
        });
    }

    // The simulation runs in slices of SLICE_EVENTS events that yield to the browser in between,
    // with a progress line and Cancel, so that no scenario can freeze the page; the event
    // budget (sim::limits::UI_EVENT_BUDGET) bounds its memory.
    let control = use_mut_ref(|| Rc::new(Cell::new(Control::Run)));
    {
        let dispatch = ui.dispatcher();
        let control = control.clone();
        let (json, seed) = (s.json.clone(), s.seed);
        use_effect_with(s.generation, move |generation| {
            let generation = *generation;
            control.borrow().set(Control::Superseded);
            let mine = Rc::new(Cell::new(Control::Run));
            *control.borrow_mut() = mine.clone();
            match Simulation::start(&json, seed) {
                Err(failed) => dispatch.dispatch(Action::Finished(generation, *failed)),
                Ok(mut simulation) => {
                    let (_, end, _) = simulation.progress();
                    dispatch.dispatch(Action::Started(
                        generation,
                        simulation.scenario().clone(),
                        end,
                    ));
                    yew::platform::spawn_local(async move {
                        loop {
                            let done = match mine.get() {
                                Control::Superseded => return,
                                Control::Cancel => Some(simulation.cancel()),
                                Control::Run => simulation.slice(SLICE_EVENTS),
                            };
                            if let Some(run) = done {
                                dispatch.dispatch(Action::Finished(generation, run));
                                return;
                            }
                            dispatch.dispatch(Action::Progress(generation, simulation.progress()));
                            yew::platform::time::sleep(std::time::Duration::ZERO).await;
                        }
                    });
                }
            }
        });
    }
    let on_cancel = use_callback((), move |_: MouseEvent, _| {
        let current = control.borrow().clone();
        if current.get() == Control::Run {
            current.set(Control::Cancel);
        }
    });

    // Play: one tick of the simulated clock each player::TICK_MS.
    {
        let dispatch = ui.dispatcher();
        use_effect_with(s.playing, move |playing| {
            let handle = playing.then(|| {
                Interval::new(player::TICK_MS as u32, move || {
                    dispatch.dispatch(Action::Tick)
                })
            });
            move || drop(handle)
        });
    }

    // Keyboard, as a presenter's clicker sends it: Space, →, ↓ and PageDown step forward; ←, ↑
    // and PageUp step back; P plays and pauses; F enters and leaves presenter mode; 1 to 4
    // answer a predict question. Not while a text field or a list has the focus
    // (nor Space on a button, which presses it). The listener is not passive, so that
    // preventing the page's own scrolling works.
    let question = Rc::new(s.question());
    let asking = question.is_some();
    {
        let dispatch = ui.dispatcher();
        let presenting = s.presenting;
        use_effect_with(
            (props.active, asking, presenting),
            move |&(active, asking, presenting)| {
                let listener = active.then(|| {
                    let options = gloo::events::EventListenerOptions::enable_prevent_default();
                    gloo::events::EventListener::new_with_options(
                        &gloo::utils::document(),
                        "keydown",
                        options,
                        move |e| {
                            let Some(e) = e.dyn_ref::<web_sys::KeyboardEvent>() else {
                                return;
                            };
                            if e.ctrl_key() || e.alt_key() || e.meta_key() {
                                return;
                            }
                            let focus = e
                                .target()
                                .and_then(|t| t.dyn_into::<HtmlElement>().ok())
                                .map(|el| el.tag_name())
                                .unwrap_or_default();
                            if matches!(focus.as_str(), "INPUT" | "TEXTAREA" | "SELECT") {
                                return;
                            }
                            let key = e.key();
                            let action = match key.as_str() {
                                " " if focus == "BUTTON" => None,
                                " " | "ArrowRight" | "ArrowDown" | "PageDown" => {
                                    Some(Action::Forward)
                                }
                                "ArrowLeft" | "ArrowUp" | "PageUp" => Some(Action::Back),
                                "f" | "F" => Some(Action::Present(!presenting)),
                                // Where full screen was refused, Escape still leaves presenter mode
                                // (in full screen the browser's own Escape leaves it).
                                "Escape" if presenting => Some(Action::Present(false)),
                                "1" | "2" | "3" | "4" if asking => key
                                    .parse::<usize>()
                                    .ok()
                                    .map(|d| Action::Choose(d.saturating_sub(1))),
                                "p" | "P" => Some(Action::TogglePlay),
                                _ => None,
                            };
                            if let Some(action) = action {
                                e.prevent_default();
                                dispatch.dispatch(action);
                            }
                        },
                    )
                });
                move || drop(listener)
            },
        );
    }

    let part = Part {
        ui: ui.clone(),
        view: Rc::new(player::view(&s.run.scenario, &s.run.trace, s.step)),
        question,
        lang: l,
        on_cancel,
        on_open: props.on_open.clone(),
        large: props.large,
        active: props.active,
    };
    html! {
        <Presenter presenting={s.presenting} ui={ui.clone()}>
            <Picker ..part.clone() />
            <Controls ..part.clone() />
            <Narration ..part.clone() />
            if s.predicting {
                <Predict ..part.clone() />
            }
            <Diagrams ..part.clone() />
            { glossary(l) }
            <Editor ..part />
        </Presenter>
    }
}

#[derive(Properties, PartialEq)]
struct PresenterProps {
    presenting: bool,
    ui: Ui,
    children: Html,
}

/// Presenter mode: the topology, narration and controls fill the screen (F or the button;
/// Escape, F or the button again leaves it). Full screen follows the mode; leaving full screen
/// with the browser's Escape leaves the mode too.
#[component]
fn Presenter(props: &PresenterProps) -> Html {
    let root = use_node_ref();
    {
        let root = root.clone();
        use_effect_with(props.presenting, move |&on| {
            let document = gloo::utils::document();
            if on && document.fullscreen_element().is_none() {
                if let Some(el) = root.cast::<web_sys::Element>() {
                    // Refused without a user gesture, in a frame or on iOS: the page layout
                    // still applies, and the refusal is handled (never an uncaught error).
                    request_fullscreen(&el);
                }
            } else if !on && document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            }
        });
    }
    {
        let dispatch = props.ui.dispatcher();
        use_effect_with((), move |_| {
            let listener = gloo::events::EventListener::new(
                &gloo::utils::document(),
                "fullscreenchange",
                move |_| {
                    if gloo::utils::document().fullscreen_element().is_none() {
                        dispatch.dispatch(Action::Present(false));
                    }
                },
            );
            move || drop(listener)
        });
    }
    html! {
        <div class={classes!("scenarios", props.presenting.then_some("presenting"))} data-testid="scenarios" ref={root}>
            { props.children.clone() }
        </div>
    }
}

/// The picker, the scenario's explanation, and the run's progress, error and warnings.
#[component]
fn Picker(p: &Part) -> Html {
    let (l, s) = (p.lang, &p.ui.0);
    let on_pick = {
        let ui = p.ui.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = target::<HtmlSelectElement>(&e) {
                ui.dispatch(Action::Pick(sel.value()));
            }
        })
    };
    let shown = s.shown();
    let options = builtin::NAMES.iter().map(|n| {
        let title = builtin::get(n)
            .map(|s| s.title.get(l).to_string())
            .unwrap_or_default();
        html! { <option value={*n} selected={shown == *n} title={*n}>{ title }</option> }
    });
    let odd = s.run.scenario.warnings();
    html! {
        <section class="panel scen-head">
            <label>{ t(l, "scen.pick") }{ " " }
                <select data-testid={testids::SCENARIO_PICKER} onchange={on_pick}>
                    { for options }
                    <option value="custom" selected={shown == "custom"}>{ t(l, "scen.custom") }</option>
                </select>
            </label>
            if let Some(from) = s.edited_from() {
                <p class="warn" data-testid={testids::SCENARIO_EDITED} data-builtin={from}>{ t(l, "scen.edited") }</p>
            }
            <p class="explanation">{ s.run.scenario.explanation.get(l).to_string() }</p>
            if let Some((now, end, events)) = s.progress {
                <p class="muted" data-testid={testids::SCENARIO_RUNNING}>
                    { format!("{} t = {} / {} {}, {} {} ", t(l, "scen.running"), Fixed(now as f64 / 1000.0, 1), Fixed(end as f64 / 1000.0, 1), t(l, "unit.s"), events, t(l, "scen.events")) }
                    <progress max={end.max(1).to_string()} value={now.to_string()}></progress>
                    { " " }<button data-testid={testids::SCENARIO_CANCEL} onclick={p.on_cancel.clone()}>{ t(l, "inspector.cancel") }</button>
                </p>
            }
            if let Some(err) = &s.run.error {
                <p class="bad" data-testid={testids::SCENARIO_ERROR}>{ err.get(l).to_string() }</p>
            }
            if !odd.is_empty() {
                <p class="warn" data-testid={testids::SCENARIO_WARNINGS}>
                    { t(l, "scen.odd_timers") }{ " " }
                    { odd.iter().map(|p| format!("{}: {}", p.field, p.message.get(l))).collect::<Vec<_>>().join("; ") }
                </p>
            }
        </section>
    }
}

/// Back, Play, Step, speed, time, progress, presenter and predict toggles, the time slider
/// and the seed.
#[component]
fn Controls(p: &Part) -> Html {
    let (l, s, v) = (p.lang, &p.ui.0, &p.view);
    // The seed being typed survives the frames a playing scenario draws.
    let drafts = super::use_drafts();
    let on = |a: Action| act(&p.ui, move |_: MouseEvent| a.clone());
    let end_ms = s.end_ms();
    let on_speed = act(&p.ui, |e: Event| {
        let speed =
            target::<HtmlSelectElement>(&e).and_then(|sel| crate::num::decimal(&sel.value()));
        Action::Speed(speed.unwrap_or(1.0))
    });
    let on_seed = drafts.committed(act(&p.ui, |e: Event| {
        let seed = target::<HtmlInputElement>(&e).and_then(|i| i.value().parse().ok());
        Action::Seed(seed.unwrap_or(1))
    }));
    let on_scrub = act(&p.ui, |e: InputEvent| {
        let secs = target::<HtmlInputElement>(&e).and_then(|i| crate::num::decimal(&i.value()));
        Action::Scrub(secs.unwrap_or(0.0))
    });
    let asking = p.question.is_some();
    html! {
        <section class="panel controls-bar">
            <button data-testid={testids::SCENARIO_BACK} onclick={on(Action::Back)} disabled={s.step == 0}>{ "◀ " }{ t(l, "scen.back") }</button>
            <button data-testid={testids::SCENARIO_PLAY} onclick={on(Action::TogglePlay)}>{ if s.playing { t(l, "scen.pause") } else { t(l, "scen.play") } }</button>
            <button data-testid={testids::SCENARIO_STEP} onclick={on(Action::Forward)} disabled={s.step >= s.steps() || asking}>{ t(l, "scen.step") }{ " ▶" }</button>
            <label>{ t(l, "scen.speed") }{ " " }
                <select onchange={on_speed}>{ for SPEEDS.iter().map(|x| html! { <option value={Short(*x).to_string()} selected={(*x - s.speed).abs() < 1e-9}>{ format!("{}×", Short(*x)) }</option> }) }</select>
            </label>
            <span class="time">{ t(l, "scen.time") }{ " " }<strong data-testid={testids::SCENARIO_TIME}>{ Fixed(v.now as f64 / 1000.0, 3).to_string() }</strong>{ " " }{ t(l, "unit.s") }</span>
            <span class="muted" data-testid={testids::SCENARIO_PROGRESS} data-step={v.step.to_string()} data-steps={v.steps.to_string()} data-playing={s.playing.to_string()}>{ format!("{} {}/{}", t(l, "scen.steps"), v.step, v.steps) }</span>
            <button data-testid={testids::SCENARIO_PRESENT} onclick={on(Action::Present(!s.presenting))} aria-pressed={s.presenting.to_string()} title={t(l, "scen.present_hint")}>{ if s.presenting { t(l, "scen.present_exit") } else { t(l, "scen.present") } }</button>
            <button data-testid={testids::PREDICT_TOGGLE} class={classes!("toggle", s.predicting.then_some("on"))} onclick={on(Action::TogglePredict)} aria-pressed={s.predicting.to_string()} title={t(l, "predict.hint")}>{ t(l, "predict.toggle") }</button>
            if s.predicting {
                <span data-testid={testids::PREDICT_SCORE} data-right={s.score.0.to_string()} data-asked={s.score.1.to_string()}>{ format!("{} {} / {}", t(l, "predict.score"), s.score.0, s.score.1) }</span>
            }
            <input class="scrub" type="range" min="0" max={Short(end_ms as f64 / 1000.0).to_string()} step="0.001" value={Short(v.now as f64 / 1000.0).to_string()} oninput={on_scrub} aria-label={t(l, "scen.time")} />
            <label>{ t(l, "scen.seed") }{ " " }<input type="number" min="0" value={drafts.shown("seed", &s.seed.to_string())} oninput={drafts.typing("seed")} onchange={on_seed} data-testid="scenario-seed" /></label>
        </section>
    }
}

/// What the step did, and the rule behind it on demand.
#[component]
fn Narration(p: &Part) -> Html {
    let (l, s, v) = (p.lang, &p.ui.0, &p.view);
    html! {
        <section class="panel narration-panel">
            <p data-testid={testids::NARRATION} class="narration" aria-live="polite">{ v.narration.get(l).to_string() }</p>
            if !v.details.is_empty() {
                <button class="details-toggle" data-testid={testids::NARRATION_DETAILS} aria-expanded={s.details.to_string()} aria-controls="narration-details-text" onclick={act(&p.ui, |_: MouseEvent| Action::ToggleDetails)}>{ t(l, "scen.details") }</button>
                if s.details {
                    <p id="narration-details-text" class="narration-details muted">{ v.details.get(l).to_string() }</p>
                }
            }
        </section>
    }
}

/// The question before a packet (its choices as buttons), and the verdict on the last answer
/// with what happened and the rule, with its RFC section.
#[component]
fn Predict(p: &Part) -> Html {
    let (l, s) = (p.lang, &p.ui.0);
    let question = p.question.as_ref().as_ref();
    html! {
        <section class="panel predict" aria-live="polite">
            if let Some(a) = &s.answer {
                <p data-testid={testids::PREDICT_RESULT} data-right={a.right.to_string()} data-entry={a.entry.to_string()} class={if a.right { "verdict good" } else { "verdict bad" }}>
                    <strong>{ if a.right { t(l, "predict.right") } else { t(l, "predict.wrong") } }</strong>{ " " }
                    { a.answer.get(l).to_string() }{ ". " }{ a.rule.get(l).to_string() }
                </p>
            }
            if let Some(q) = question {
                <h2 data-testid={testids::PREDICT_PROMPT} data-ask={format!("{:?}", q.ask).to_ascii_lowercase()}>{ q.prompt.get(l).to_string() }</h2>
                <div class="choices">
                    { for q.choices.iter().enumerate().map(|(i, c)| html! {
                        <button data-testid={testids::PREDICT_CHOICE} onclick={act(&p.ui, move |_: MouseEvent| Action::Choose(i))}><kbd>{ i + 1 }</kbd>{ " " }{ c.text.get(l).to_string() }</button>
                    }) }
                </div>
            } else if s.answer.is_none() {
                <p class="muted">{ t(l, "predict.waiting") }</p>
            }
        </section>
    }
}

/// The topology, the state panel and the timeline, drawn at the width their panels measure,
/// at the page's font size; the current time is kept in view on the timeline.
#[component]
fn Diagrams(p: &Part) -> Html {
    let (l, s, v) = (p.lang, &p.ui.0, &p.view);
    let topology_ref = use_node_ref();
    let timeline_ref = use_node_ref();
    let widths = use_state_eq(|| (900, 1100, 0));
    {
        let widths = widths.clone();
        let topology_ref = topology_ref.clone();
        let timeline_ref = timeline_ref.clone();
        use_effect_with(
            (p.active, s.presenting, p.large),
            move |&(_, presenting, _)| {
                let measure = move || {
                    let width =
                        |r: &NodeRef| r.cast::<HtmlElement>().map_or(0, |e| e.client_width());
                    let (a, b) = (width(&topology_ref), width(&timeline_ref));
                    // In presenter mode the topology fills the panel's height too (the timeline
                    // is hidden there, and so has no width).
                    let h = if presenting {
                        topology_ref
                            .cast::<HtmlElement>()
                            .map_or(0, |e| e.client_height())
                    } else {
                        0
                    };
                    if a > 0 && (b > 0 || presenting) {
                        widths.set((a - 20, (b - 2).max(200), h - 20));
                    }
                };
                measure();
                let listener =
                    gloo::events::EventListener::new(&gloo::utils::window(), "resize", move |_| {
                        measure()
                    });
                move || drop(listener)
            },
        );
    }
    let font = if p.large { 20.0 } else { 16.0 } * if s.presenting { 1.4 } else { 1.0 };
    let topology_geometry = Geometry {
        font,
        width: f64::from(widths.0),
        height: (s.presenting && widths.2 > 0).then(|| f64::from(widths.2)),
    };
    let timeline_geometry = Geometry {
        font,
        width: f64::from(widths.1),
        height: None,
    };
    let end_ms = s.end_ms();
    let lane_names: Vec<&str> = v.nodes.iter().map(|n| n.name.as_str()).collect();
    let scale = Scale::new(&lane_names, timeline_geometry, end_ms, s.zoom);
    {
        let timeline_ref = timeline_ref.clone();
        let x = scale.x(v.now);
        use_effect_with((v.now, s.zoom), move |_| {
            if let Some(el) = timeline_ref.cast::<HtmlElement>() {
                let left = f64::from(el.scroll_left());
                let width = f64::from(el.client_width());
                if x < left + 40.0 || x > left + width - 40.0 {
                    el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
                }
            }
        });
    }
    let goto: Rc<dyn Fn(usize)> = {
        let dispatch = p.ui.dispatcher();
        Rc::new(move |k| dispatch.dispatch(Action::Goto(k)))
    };
    let zoom = |factor: f64| act(&p.ui, move |_: MouseEvent| Action::Zoom(factor));
    html! {
        <>
            <div class="scen-grid">
                <section class="panel topology-panel" ref={topology_ref}>{ topology(v, l, topology_geometry) }</section>
                <StatePanel ..p.clone() />
            </div>
            <section class="panel timeline-panel">
                <div class="panel-head">
                    <h2>{ t(l, "scen.timeline") }</h2>
                    <button onclick={zoom(0.5)} aria-label={t(l, "scen.zoom_out")} title={t(l, "scen.zoom_out")}>{ "−" }</button>
                    <button onclick={zoom(2.0)} aria-label={t(l, "scen.zoom_in")} title={t(l, "scen.zoom_in")}>{ "+" }</button>
                    <span class="muted">{ t(l, "scen.click_packet") }</span>
                </div>
                // With no packet to focus (a scenario that did not run), the box itself takes
                // the focus, so that the keyboard can scroll it (axe scrollable-region-focusable).
                <div class="timeline" ref={timeline_ref} tabindex={s.run.trace.is_empty().then_some("0")} aria-label={s.run.trace.is_empty().then(|| t(l, "scen.timeline"))}>{ timeline(v, l, &s.run.trace, timeline_geometry, scale, &p.on_open, &goto) }</div>
            </section>
        </>
    }
}

/// Each node's state and timers, and each link's load. It scrolls inside itself on a phone:
/// reachable and named for the keyboard.
#[component]
fn StatePanel(p: &Part) -> Html {
    let (l, s) = (p.lang, &p.ui.0);
    let load = player::link_load(&s.run.scenario, &s.run.trace, s.step);
    html! {
        <section class="panel state-panel" tabindex="0" aria-label={t(l, "scen.states")}>{ state_panel(&p.view, l) }{ link_load_table(&load, l) }</section>
    }
}

/// The glossary of the course's terms.
fn glossary(l: Lang) -> Html {
    html! {
        <details class="panel glossary" data-testid={testids::GLOSSARY}>
            <summary><h2>{ t(l, "glossary.title") }</h2></summary>
            <dl>
                { for crate::model::glossary::TERMS.iter().map(|term| html! {
                    <>
                        <dt>{ term.name().get(l).to_string() }{ if term.abbr.is_empty() { String::new() } else { format!(" ({})", term.abbr) } }</dt>
                        <dd>{ term.meaning().get(l).to_string() }</dd>
                    </>
                }) }
            </dl>
        </details>
    }
}

/// Quick edits (a host, two timers, versions, a scheduled action), exports, the share link,
/// and the JSON editor.
#[component]
fn Editor(p: &Part) -> Html {
    let (l, s) = (p.lang, &p.ui.0);
    let on = |a: Action| act(&p.ui, move |_: MouseEvent| a.clone());
    // What is typed survives the frames a playing scenario draws.
    let drafts = super::use_drafts();
    let timer_input = |label: &'static str, field: &'static str, value: f64| {
        let onchange = drafts.committed(act(&p.ui, move |e: Event| {
            let v = target::<HtmlInputElement>(&e).and_then(|i| crate::num::decimal(&i.value()));
            // A value that is not a number leaves the scenario as it is.
            v.map_or(Action::Timer(field, value), |v| Action::Timer(field, v))
        }));
        html! { <label class="quick">{ t(l, label) }{ " " }<input type="number" step="0.1" min="0.1" value={drafts.shown(field, &Short(value).to_string())} oninput={drafts.typing(field)} data-timer={field} {onchange} /></label> }
    };
    let form = |field: FormField| {
        act(&p.ui, move |e: Event| {
            let v = target::<HtmlInputElement>(&e)
                .map(|x| x.value())
                .or_else(|| target::<HtmlSelectElement>(&e).map(|x| x.value()));
            Action::Form(field, v.unwrap_or_default())
        })
    };
    let versions = scenario_ui::versions(&s.run.scenario).into_iter().map(|(name, version)| {
        let onchange = {
            let name = name.clone();
            act(&p.ui, move |e: Event| {
                let v = target::<HtmlSelectElement>(&e).and_then(|x| x.value().parse().ok());
                Action::Version(name.clone(), v.unwrap_or(version))
            })
        };
        html! {
            <label class="quick">{ name.clone() }{ " " }
                <select data-testid="scenario-node-version" data-node={name} {onchange}>
                    { for (1..=3u8).map(|v| html! { <option value={v.to_string()} selected={v == version}>{ format!("IGMPv{v}") }</option> }) }
                </select>
            </label>
        }
    });
    let on_export_pcap = {
        let run = s.run.clone();
        // The trace on screen already holds every packet: no need to simulate again.
        Callback::from(move |_: MouseEvent| {
            download(
                &format!("{}.pcap", run.scenario.name),
                &capture::write_pcap(&sim::captured_frames(&run.trace)),
                "application/vnd.tcpdump.pcap",
            );
        })
    };
    let on_export_json = {
        let (name, json) = (s.name.clone(), s.json.clone());
        Callback::from(move |_: MouseEvent| {
            download(&format!("{name}.json"), json.as_bytes(), "application/json")
        })
    };
    let on_share = {
        let json = s.json.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = format!("#scenario={}", crate::model::share::pack(json.as_bytes()));
            super::set_fragment(&fragment);
        })
    };
    let on_draft = act(&p.ui, |e: InputEvent| {
        Action::Draft(
            target::<HtmlTextAreaElement>(&e)
                .map(|a| a.value())
                .unwrap_or_default(),
        )
    });
    html! {
        <section class="panel editor">
            <h2>{ t(l, "scen.edit") }</h2>
            <div class="input-row">
                <button onclick={on(Action::AddHost)}>{ t(l, "scen.add_host") }</button>
                { timer_input("scen.robustness", "robustness", s.run.scenario.timers.robustness as f64) }
                { timer_input("scen.lmqi", "last_member_query_interval", s.run.scenario.timers.last_member_query_interval) }
                <button onclick={on_export_pcap} data-testid="scenario-export-pcap">{ t(l, "scen.export_pcap") }</button>
                <button onclick={on_export_json}>{ t(l, "scen.export_json") }</button>
                <button onclick={on_share} data-testid="scenario-share">{ t(l, "scen.share") }</button>
            </div>
            <div class="input-row">{ for versions }</div>
            <div class="input-row schedule">
                <span>{ t(l, "scen.schedule") }</span>
                <select data-testid="schedule-node" onchange={form(FormField::Node)} aria-label={t(l, "scen.node")}>
                    { for s.run.scenario.nodes.iter().map(|n| html! { <option value={n.name.clone()} selected={s.form.node == n.name}>{ n.name.clone() }</option> }) }
                </select>
                <select data-testid="schedule-kind" onchange={form(FormField::Kind)} aria-label={t(l, "scen.action")}>
                    { for FORM_KINDS.iter().map(|(v, k)| html! { <option value={*v} selected={s.form.kind == *v}>{ t(l, k) }</option> }) }
                </select>
                <input data-testid="schedule-group" value={drafts.shown("group", &s.form.group)} oninput={drafts.typing("group")} onchange={drafts.committed(form(FormField::Group))} aria-label={t(l, "mac.group")} />
                <label>{ t(l, "scen.at") }{ " " }<input data-testid="schedule-time" type="text" inputmode="decimal" value={drafts.shown("time", &s.form.time)} oninput={drafts.typing("time")} onchange={drafts.committed(form(FormField::Time))} />{ " " }{ t(l, "unit.s") }</label>
                <button data-testid="schedule-add" onclick={on(Action::Schedule)}>{ t(l, "scen.schedule_add") }</button>
            </div>
            if !s.form_errors.is_empty() {
                <p class="bad" role="alert" data-testid={testids::SCHEDULE_ERROR} data-fields={s.form_errors.iter().map(|p| p.field.clone()).collect::<Vec<_>>().join(" ")}>
                    { s.form_errors.iter().map(|p| format!("{}: {}", p.field, p.message.get(l))).collect::<Vec<_>>().join("; ") }
                </p>
            }
            <textarea class="json" rows="14" spellcheck="false" value={s.draft.clone()} oninput={on_draft} data-testid="scenario-json" aria-label={t(l, "scen.json")} />
            <button onclick={on(Action::Apply)} data-testid="scenario-apply">{ t(l, "scen.apply") }</button>
        </section>
    }
}

/// Element.requestFullscreen(), with its promise's refusal handled.
fn request_fullscreen(el: &web_sys::Element) {
    let Ok(f) = js_sys::Reflect::get(el, &"requestFullscreen".into()) else {
        return;
    };
    let Ok(f) = f.dyn_into::<js_sys::Function>() else {
        return;
    };
    if let Ok(p) = f.call0(el).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        let ignore = wasm_bindgen::closure::Closure::<dyn FnMut(wasm_bindgen::JsValue)>::new(
            |_: wasm_bindgen::JsValue| {},
        );
        let _ = p.catch(&ignore);
        ignore.forget();
    }
}
