//! The Scenarios screen: picker, topology, timeline, state panel, controls and narration, all
//! drawn from `model::player::view(trace, step)`.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::scenario_diagrams::{link_load_table, state_panel, timeline, topology, Geometry, Scale};
use super::{download, target, testids};
use crate::codec::Lang;
use crate::import::capture;
use crate::model::i18n::t;
use crate::model::player::{self, View};
use crate::model::predict;
use crate::sim::{self, builtin, NodeKind, Scenario, TraceEntry};

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

/// A finished (or stopped) simulation, as the player shows it.
struct Run {
    scenario: Scenario,
    trace: Vec<TraceEntry>,
    error: Option<crate::codec::Text>,
}

/// Parses and validates the scenario JSON: the scenario to run, or the message to show (with
/// the line and column of a JSON error, or every invalid field by name), in both languages.
fn prepare(json: &str) -> Result<Scenario, Box<Run>> {
    Scenario::from_json(json).map_err(|e| {
        let scenario = match &e {
            sim::scenario::ScenarioError::Json { .. } => empty_scenario(),
            sim::scenario::ScenarioError::Invalid(_) => {
                serde_json::from_str(json).unwrap_or_else(|_| empty_scenario())
            }
        };
        Box::new(Run {
            scenario,
            trace: vec![],
            error: Some(e.text()),
        })
    })
}

/// Events run between two yields to the browser: about 10 ms of work in Chromium.
const SLICE_EVENTS: u64 = 5_000;

/// What the running simulation is asked to do between slices.
#[derive(Clone, Copy, PartialEq)]
enum Control {
    Run,
    /// The user pressed Cancel: stop and show what was simulated so far.
    Cancel,
    /// Another scenario or seed replaced this one: stop silently.
    Superseded,
}

fn empty_scenario() -> Scenario {
    Scenario {
        name: "empty".into(),
        title: Default::default(),
        explanation: Default::default(),
        seed: 1,
        until: 60.0,
        timers: Default::default(),
        nodes: vec![],
        actions: vec![],
    }
}

/// (name, version) of the hosts and routers, for the version pickers.
fn scenario_nodes(s: &Scenario) -> Vec<(String, u8)> {
    s.nodes
        .iter()
        .filter(|n| n.kind != NodeKind::Switch)
        .map(|n| (n.name.clone(), n.version))
        .collect()
}

fn pretty(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).unwrap_or_default()
}

const SPEEDS: &[f64] = &[0.5, 1.0, 2.0, 5.0, 10.0, 20.0];

/// A quick edit: the scenario is read from the editor's JSON, changed by `change` (which may
/// decline, returning false), written back to the JSON and the editor, and run from the start.
/// The editor stays the one source of the scenario.
fn rewrite(
    json: &UseStateHandle<String>,
    draft: &UseStateHandle<String>,
    goto: &Rc<dyn Fn(usize)>,
    change: &mut dyn FnMut(&mut Scenario) -> bool,
) {
    let Ok(mut s) = serde_json::from_str::<Scenario>(json) else {
        return;
    };
    if !change(&mut s) {
        return;
    }
    let text = pretty(&s);
    json.set(text.clone());
    draft.set(text);
    goto(0);
}

#[component]
pub fn ScenarioView(props: &Props) -> Html {
    let l = props.lang;
    // The scenario shown before a reload comes back: (picker value, JSON).
    let restored = use_memo((), |_| {
        super::saved(super::SCENARIO_KEY)
            .and_then(|text| serde_json::from_str::<(String, String)>(&text).ok())
    });
    let name = {
        let restored = restored.clone();
        use_state(move || {
            restored
                .as_ref()
                .as_ref()
                .map(|(n, _)| n.clone())
                .unwrap_or_else(|| "v2-last-member-leaves".to_string())
        })
    };
    let json = use_state(move || {
        restored
            .as_ref()
            .as_ref()
            .map(|(_, j)| j.clone())
            .or_else(|| builtin::get("v2-last-member-leaves").map(|s| pretty(&s)))
            .unwrap_or_default()
    });
    {
        let pair = ((*name).clone(), (*json).clone());
        use_effect_with(pair, |pair| {
            if let Ok(text) = serde_json::to_string(pair) {
                super::save(super::SCENARIO_KEY, &text);
            }
        });
    }
    let draft = use_state(|| (*json).clone());
    let seed = use_state(|| 1u64);
    let step = use_state_eq(|| 0usize);
    let playing = use_state_eq(|| false);
    let speed = use_state_eq(|| 1.0f64);
    let zoom = use_state_eq(|| 1.0f64);
    let clock = use_mut_ref(|| 0u64);
    let timeline_ref = use_node_ref();

    {
        // A shared scenario replaces the current one once.
        let json = json.clone();
        let draft = draft.clone();
        let name = name.clone();
        let step = step.clone();
        use_effect_with(props.shared.clone(), move |shared| {
            if let Some(text) = shared {
                json.set(text.clone());
                draft.set(text.clone());
                name.set("custom".into());
                step.set(0);
            }
        });
    }

    {
        // A lesson opens a built-in.
        let json = json.clone();
        let draft = draft.clone();
        let name = name.clone();
        let step = step.clone();
        use_effect_with(props.pick.clone(), move |pick| {
            if let Some(s) = pick.as_ref().and_then(|(_, n)| builtin::get(n)) {
                let text = pretty(&s);
                json.set(text.clone());
                draft.set(text);
                name.set(s.name.clone());
                step.set(0);
            }
        });
    }

    // The simulation runs in slices of SLICE_EVENTS events that yield to the browser in between,
    // with a progress line and Cancel, so that no scenario can freeze the page; the event
    // budget (sim::limits::UI_EVENT_BUDGET) bounds its memory.
    let run = use_state(|| {
        Rc::new(Run {
            scenario: empty_scenario(),
            trace: vec![],
            error: None,
        })
    });
    let progress = use_state_eq(|| None::<(u64, u64, u64)>);
    let control = use_mut_ref(|| Rc::new(std::cell::Cell::new(Control::Run)));
    {
        let run = run.clone();
        let progress = progress.clone();
        let control = control.clone();
        use_effect_with(((*json).clone(), *seed), move |(j, seed)| {
            control.borrow().set(Control::Superseded);
            let mine = Rc::new(std::cell::Cell::new(Control::Run));
            *control.borrow_mut() = mine.clone();
            match prepare(j) {
                Err(failed) => {
                    progress.set(None);
                    run.set(Rc::from(failed));
                }
                Ok(scenario) => {
                    let end = scenario.until_ms();
                    let mut world = sim::World::new(scenario.clone(), *seed);
                    world.event_budget = sim::limits::UI_EVENT_BUDGET;
                    run.set(Rc::new(Run {
                        scenario: scenario.clone(),
                        trace: vec![],
                        error: None,
                    }));
                    progress.set(Some((0, end, 0)));
                    yew::platform::spawn_local(async move {
                        loop {
                            let state = mine.get();
                            if state == Control::Superseded {
                                return;
                            }
                            let done =
                                state == Control::Cancel || world.run_slice(end, SLICE_EVENTS);
                            if done {
                                let mut errors: Vec<crate::codec::Text> =
                                    std::mem::take(&mut world.errors)
                                        .into_iter()
                                        .map(crate::codec::Text::same)
                                        .collect();
                                if state == Control::Cancel {
                                    let at = |l: Lang| {
                                        format!(
                                            "{} t = {:.3} {} ({} {})",
                                            t(l, "scen.cancelled"),
                                            world.now as f64 / 1000.0,
                                            t(l, "unit.s"),
                                            world.events,
                                            t(l, "scen.events")
                                        )
                                    };
                                    errors
                                        .push(crate::codec::Text::new(at(Lang::En), at(Lang::Ja)));
                                }
                                progress.set(None);
                                run.set(Rc::new(Run {
                                    scenario,
                                    trace: std::mem::take(&mut world.trace),
                                    error: (!errors.is_empty()).then(|| {
                                        crate::codec::Text::new(
                                            errors
                                                .iter()
                                                .map(|e| e.en.as_str())
                                                .collect::<Vec<_>>()
                                                .join("; "),
                                            errors
                                                .iter()
                                                .map(|e| e.ja.as_str())
                                                .collect::<Vec<_>>()
                                                .join("; "),
                                        )
                                    }),
                                }));
                                return;
                            }
                            progress.set(Some((world.now, end, world.events)));
                            yew::platform::time::sleep(std::time::Duration::ZERO).await;
                        }
                    });
                }
            }
        });
    }
    let on_cancel = {
        let control = control.clone();
        Callback::from(move |_: MouseEvent| {
            let current = control.borrow().clone();
            if current.get() == Control::Run {
                current.set(Control::Cancel);
            }
        })
    };
    let view: View = player::view(&run.scenario, &run.trace, *step);
    let load = player::link_load(&run.scenario, &run.trace, *step);
    let steps = run.trace.len();
    let end_ms = run
        .scenario
        .until_ms()
        .max(run.trace.last().map(|e| e.t()).unwrap_or(0))
        .max(1);

    // Predict mode (issue #15): the entry whose question the class answered last, the step the
    // page shows (read by the play timer and the keys), the last answer and the score.
    let predicting = use_state_eq(|| false);
    let answered = use_mut_ref(|| None::<usize>);
    let shown_step = use_mut_ref(|| 0usize);
    *shown_step.borrow_mut() = *step;
    let answer = use_state_eq(|| None::<Answer>);
    let score = use_state_eq(|| (0u32, 0u32));
    // The packet entry at or after `from` (and before `until`) the class must predict first.
    let pending = {
        let run = run.clone();
        let answered = answered.clone();
        move |from: usize, until: usize| {
            (from..until.min(run.trace.len())).find(|i| {
                predict::asks(&run.scenario, &run.trace, *i) && *answered.borrow() != Some(*i)
            })
        }
    };
    let question = (*predicting)
        .then(|| pending(*step, *step + 1))
        .flatten()
        .and_then(|i| predict::question(&run.scenario, &run.trace, i));

    // Play: advance the simulated clock in real time × speed; in predict mode, stop before each
    // packet until the class has answered.
    {
        let step = step.clone();
        let playing = playing.clone();
        let clock = clock.clone();
        let run = run.clone();
        let speed = *speed;
        let predicting = *predicting;
        let shown_step = shown_step.clone();
        let pending = pending.clone();
        use_effect_with(
            (*playing, speed, run.trace.len(), predicting),
            move |(is_playing, _, _, _)| {
                let handle = is_playing.then(|| {
                    Interval::new(player::TICK_MS as u32, move || {
                        let mut c = clock.borrow_mut();
                        // Quiet stretches pass quickly, never past an event (model::player).
                        *c = player::advance(&run.trace, *c, speed);
                        let mut next = player::step_at(&run.trace, *c);
                        let now = *shown_step.borrow();
                        if let Some(ask) = predicting.then(|| pending(now, next)).flatten() {
                            next = ask;
                            *c = ask.checked_sub(1).map_or(0, |k| run.trace[k].t());
                            playing.set(false);
                        }
                        step.set(next);
                        if next >= run.trace.len() {
                            playing.set(false);
                        }
                    })
                });
                move || drop(handle)
            },
        );
    }

    // `shown_step` follows at once, so that keys pressed faster than the page redraws each count.
    let goto: Rc<dyn Fn(usize)> = {
        let step = step.clone();
        let clock = clock.clone();
        let run = run.clone();
        let shown_step = shown_step.clone();
        Rc::new(move |k: usize| {
            let k = k.min(run.trace.len());
            *clock.borrow_mut() = if k == 0 { 0 } else { run.trace[k - 1].t() };
            *shown_step.borrow_mut() = k;
            step.set(k);
        })
    };
    // One step forward, unless the class has a question to answer first; one step back.
    let asking = question.is_some();
    let forward: Rc<dyn Fn()> = {
        let goto = goto.clone();
        let shown_step = shown_step.clone();
        let pending = pending.clone();
        let predicting = *predicting;
        Rc::new(move || {
            let s = *shown_step.borrow();
            if !(predicting && pending(s, s + 1).is_some()) {
                goto(s + 1)
            }
        })
    };
    let backward: Rc<dyn Fn()> = {
        let goto = goto.clone();
        let shown_step = shown_step.clone();
        Rc::new(move || {
            let s = *shown_step.borrow();
            goto(s.saturating_sub(1))
        })
    };
    // The class's answer: choice `i` of the question shown (a click, or the keys 1 to 4).
    let choose: Rc<dyn Fn(usize)> = {
        let goto = goto.clone();
        let answered = answered.clone();
        let answer = answer.clone();
        let score = score.clone();
        let q = question.clone();
        Rc::new(move |i: usize| {
            let Some(q) = &q else {
                return;
            };
            let (Some(_), Some(real)) = (q.choices.get(i), q.choices.get(q.right)) else {
                return;
            };
            let right = i == q.right;
            *answered.borrow_mut() = Some(q.step);
            answer.set(Some(Answer {
                entry: q.step,
                right,
                answer: real.text.clone(),
                rule: q.rule.clone(),
            }));
            score.set((score.0 + u32::from(right), score.1 + 1));
            goto(q.step + 1);
        })
    };
    let on_choice = |i: usize| {
        let choose = choose.clone();
        Callback::from(move |_: MouseEvent| choose(i))
    };
    // The rule behind each step, shown on demand; the choice holds while the class steps on.
    let show_details = use_state_eq(|| false);
    let on_details = {
        let show_details = show_details.clone();
        Callback::from(move |_: MouseEvent| show_details.set(!*show_details))
    };
    let on_predict = {
        let predicting = predicting.clone();
        let playing = playing.clone();
        Callback::from(move |_: MouseEvent| {
            playing.set(false);
            predicting.set(!*predicting);
        })
    };
    // Presenter mode: the topology, narration and controls fill the screen (F or the button;
    // Escape, F or the button again leaves it).
    let presenting = use_state_eq(|| false);
    let root_ref = use_node_ref();
    let toggle_present: Rc<dyn Fn()> = {
        let presenting = presenting.clone();
        let root_ref = root_ref.clone();
        Rc::new(move || {
            let on = !*presenting;
            let document = gloo::utils::document();
            if on {
                if let Some(el) = root_ref.cast::<web_sys::Element>() {
                    // Refused without a user gesture, in a frame or on iOS: the page layout
                    // still applies, and the refusal is handled (never an uncaught error).
                    request_fullscreen(&el);
                }
            } else if document.fullscreen_element().is_some() {
                document.exit_fullscreen();
            }
            presenting.set(on);
        })
    };
    {
        // Leaving full screen with Escape leaves presenter mode too.
        let presenting = presenting.clone();
        use_effect_with((), move |_| {
            let document = gloo::utils::document();
            let listener =
                gloo::events::EventListener::new(&document, "fullscreenchange", move |_| {
                    if gloo::utils::document().fullscreen_element().is_none() {
                        presenting.set(false);
                    }
                });
            move || drop(listener)
        });
    }
    let on_present = {
        let toggle_present = toggle_present.clone();
        Callback::from(move |_: MouseEvent| toggle_present())
    };
    // The diagrams are drawn at the width their panels measure, at the page's font size.
    let topology_ref = use_node_ref();
    let widths = use_state_eq(|| (900, 1100, 0));
    {
        let widths = widths.clone();
        let topology_ref = topology_ref.clone();
        let timeline_ref = timeline_ref.clone();
        let presenting = *presenting;
        use_effect_with((props.active, presenting, props.large), move |_| {
            let measure = move || {
                let width = |r: &NodeRef| r.cast::<HtmlElement>().map_or(0, |e| e.client_width());
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
        });
    }
    let font = if props.large { 20.0 } else { 16.0 } * if *presenting { 1.4 } else { 1.0 };
    let topology_geometry = Geometry {
        font,
        width: f64::from(widths.0),
        height: (*presenting && widths.2 > 0).then(|| f64::from(widths.2)),
    };
    let timeline_geometry = Geometry {
        font,
        width: f64::from(widths.1),
        height: None,
    };
    let lane_names: Vec<&str> = view.nodes.iter().map(|n| n.name.as_str()).collect();
    let scale = Scale::new(&lane_names, timeline_geometry, end_ms, *zoom);

    let on_step = {
        let forward = forward.clone();
        Callback::from(move |_: MouseEvent| forward())
    };
    let on_back = {
        let goto = goto.clone();
        let s = *step;
        Callback::from(move |_: MouseEvent| goto(s.saturating_sub(1)))
    };
    let on_play = {
        let playing = playing.clone();
        let goto = goto.clone();
        let s = *step;
        Callback::from(move |_: MouseEvent| {
            if !*playing && s >= steps {
                goto(0);
            }
            playing.set(!*playing);
        })
    };
    // Keyboard, as a presenter's clicker sends it: Space, →, ↓ and PageDown step forward; ←, ↑
    // and PageUp step back; P plays and pauses; F enters and leaves presenter mode; 1 to 4
    // answer a predict question. Not while a text field or a list has the focus
    // (nor Space on a button, which presses it). The listener is not passive, so that
    // preventing the page's own scrolling works.
    {
        let active = props.active;
        let forward = forward.clone();
        let backward = backward.clone();
        let choose = choose.clone();
        let toggle_present = toggle_present.clone();
        let playing = playing.clone();
        let presenting_now = *presenting;
        use_effect_with((active, *step, *playing, asking, *presenting), move |_| {
            let listener = active.then(|| {
                let document = gloo::utils::document();
                let options = gloo::events::EventListenerOptions::enable_prevent_default();
                gloo::events::EventListener::new_with_options(
                    &document,
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
                        match e.key().as_str() {
                            " " if focus == "BUTTON" => {}
                            " " | "ArrowRight" | "ArrowDown" | "PageDown" => {
                                e.prevent_default();
                                forward();
                            }
                            "ArrowLeft" | "ArrowUp" | "PageUp" => {
                                e.prevent_default();
                                backward();
                            }
                            "f" | "F" => {
                                e.prevent_default();
                                toggle_present();
                            }
                            // Where full screen was refused, Escape still leaves presenter mode
                            // (in full screen the browser's own Escape leaves it).
                            "Escape" if presenting_now => {
                                e.prevent_default();
                                toggle_present();
                            }
                            "1" | "2" | "3" | "4" if asking => {
                                e.prevent_default();
                                let digit = e.key().parse::<usize>().unwrap_or(1);
                                choose(digit.saturating_sub(1));
                            }
                            "p" | "P" => {
                                e.prevent_default();
                                playing.set(!*playing);
                            }
                            _ => {}
                        }
                    },
                )
            });
            move || drop(listener)
        });
    }
    // Keep the current time in view on the timeline.
    {
        let timeline_ref = timeline_ref.clone();
        let x = scale.x(view.now);
        use_effect_with((view.now, *zoom), move |_| {
            if let Some(el) = timeline_ref.cast::<HtmlElement>() {
                let left = f64::from(el.scroll_left());
                let width = f64::from(el.client_width());
                if x < left + 40.0 || x > left + width - 40.0 {
                    el.set_scroll_left((x - width / 2.0).max(0.0) as i32);
                }
            }
        });
    }

    let on_pick = {
        let name = name.clone();
        let json = json.clone();
        let draft = draft.clone();
        let step = step.clone();
        let playing = playing.clone();
        let clock = clock.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = target::<HtmlSelectElement>(&e) else {
                return;
            };
            let v = sel.value();
            if let Some(s) = builtin::get(&v) {
                let text = pretty(&s);
                json.set(text.clone());
                draft.set(text);
            }
            name.set(v);
            playing.set(false);
            *clock.borrow_mut() = 0;
            step.set(0);
        })
    };
    let on_speed = {
        let speed = speed.clone();
        Callback::from(move |e: Event| {
            if let Some(sel) = target::<HtmlSelectElement>(&e) {
                speed.set(sel.value().parse().unwrap_or(1.0));
            }
        })
    };
    let on_seed = {
        let seed = seed.clone();
        let goto = goto.clone();
        Callback::from(move |e: Event| {
            if let Some(input) = target::<HtmlInputElement>(&e) {
                seed.set(input.value().parse().unwrap_or(1));
                goto(0);
            }
        })
    };
    let on_scrub = {
        let goto = goto.clone();
        let run = run.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(input) = target::<HtmlInputElement>(&e) {
                let secs: f64 = input.value().parse().unwrap_or(0.0);
                goto(player::step_at(&run.trace, (secs * 1000.0) as u64));
            }
        })
    };
    let on_zoom = |factor: f64| {
        let zoom = zoom.clone();
        Callback::from(move |_: MouseEvent| zoom.set((*zoom * factor).clamp(0.25, 64.0)))
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| {
            if let Some(area) = target::<HtmlTextAreaElement>(&e) {
                draft.set(area.value());
            }
        })
    };
    let on_apply = {
        let draft = draft.clone();
        let json = json.clone();
        let name = name.clone();
        let goto = goto.clone();
        Callback::from(move |_: MouseEvent| {
            json.set((*draft).clone());
            name.set("custom".into());
            goto(0);
        })
    };
    // Quick edits act on the JSON (see `rewrite`).
    let edit = |f: Rc<dyn Fn(&mut Scenario)>| {
        let json = json.clone();
        let draft = draft.clone();
        let goto = goto.clone();
        move || {
            rewrite(&json, &draft, &goto, &mut |s| {
                f(s);
                true
            })
        }
    };
    // "Schedule an action" form: node, what, group, time.
    let act_node = use_state(|| "A".to_string());
    let act_kind = use_state(|| "leave".to_string());
    let act_group = use_state(|| builtin::G.to_string());
    let act_time = use_state(|| "10".to_string());
    // What the form could not use, by field, until the next try.
    let schedule_error = use_state_eq(Vec::<sim::Invalid>::new);
    let text_of = |h: &UseStateHandle<String>| {
        let h = h.clone();
        Callback::from(move |e: Event| {
            let v = target::<HtmlInputElement>(&e)
                .map(|x| x.value())
                .or_else(|| target::<HtmlSelectElement>(&e).map(|x| x.value()));
            if let Some(v) = v {
                h.set(v);
            }
        })
    };
    let on_schedule = {
        let json = json.clone();
        let draft = draft.clone();
        let goto = goto.clone();
        let (node, kind, group, time) = (
            (*act_node).clone(),
            (*act_kind).clone(),
            (*act_group).clone(),
            (*act_time).clone(),
        );
        let schedule_error = schedule_error.clone();
        Callback::from(move |_: MouseEvent| {
            rewrite(&json, &draft, &goto, &mut |s| {
                let form = sim::scenario::ScheduleForm {
                    node: &node,
                    kind: &kind,
                    group: &group,
                    time: &time,
                };
                let action = match form.action() {
                    Ok(a) => a,
                    Err(problems) => {
                        schedule_error.set(problems);
                        return false;
                    }
                };
                schedule_error.set(vec![]);
                s.actions.push(action);
                s.actions = crate::order::by_f64(std::mem::take(&mut s.actions), |a| a.t);
                true
            })
        })
    };
    let set_version = |node: String| {
        let json = json.clone();
        let draft = draft.clone();
        let goto = goto.clone();
        Callback::from(move |e: Event| {
            let Some(sel) = target::<HtmlSelectElement>(&e) else {
                return;
            };
            rewrite(&json, &draft, &goto, &mut |s| {
                if let Some(n) = s.nodes.iter_mut().find(|n| n.name == node) {
                    n.version = sel.value().parse().unwrap_or(n.version);
                }
                true
            })
        })
    };
    let versions: Vec<Html> = scenario_nodes(&run.scenario)
        .into_iter()
        .map(|(name, version)| {
            html! {
                <label class="quick">{ name.clone() }{ " " }
                    <select data-testid="scenario-node-version" data-node={name.clone()} onchange={set_version(name.clone())}>
                        { for (1..=3u8).map(|v| html! { <option value={v.to_string()} selected={v == version}>{ format!("IGMPv{v}") }</option> }) }
                    </select>
                </label>
            }
        })
        .collect();
    let node_options: Vec<Html> = run.scenario.nodes.iter().map(|n| html! { <option value={n.name.clone()} selected={*act_node == n.name}>{ n.name.clone() }</option> }).collect();

    let on_add_host = {
        let apply = edit(Rc::new(|s: &mut Scenario| {
            let used: Vec<u8> = s.nodes.iter().map(|n| n.address.octets()[3]).collect();
            let last = (20..250u8).find(|x| !used.contains(x)).unwrap_or(250);
            let mut host = sim::NodeConfig::new(
                format!("H{last}"),
                NodeKind::Host,
                std::net::Ipv4Addr::new(192, 168, 1, last),
                2,
            );
            if let Some(first_host) = s.nodes.iter().find(|n| n.kind == NodeKind::Host) {
                host.version = first_host.version;
            }
            let group = s
                .actions
                .iter()
                .find_map(|a| match &a.kind {
                    sim::ActionKind::Join { group, .. } => Some(*group),
                    _ => None,
                })
                .unwrap_or(builtin::G);
            s.actions.push(sim::Action {
                t: 3.0,
                node: host.name.clone(),
                kind: sim::ActionKind::Join {
                    group,
                    mode: None,
                    sources: vec![],
                    socket: 0,
                },
            });
            s.nodes.push(host);
        }));
        Callback::from(move |_: MouseEvent| apply())
    };
    let timer_input = |label: &'static str, field: &'static str, value: f64| {
        let json = json.clone();
        let draft = draft.clone();
        let goto = goto.clone();
        let onchange = Callback::from(move |e: Event| {
            let Some(input) = target::<HtmlInputElement>(&e) else {
                return;
            };
            let Ok(v) = input.value().parse::<f64>() else {
                return;
            };
            rewrite(&json, &draft, &goto, &mut |s| {
                s.timers.set(field, v);
                true
            })
        });
        html! { <label class="quick">{ t(l, label) }{ " " }<input type="number" step="0.1" min="0.1" value={value.to_string()} data-timer={field} {onchange} /></label> }
    };
    let on_export_pcap = {
        let run = run.clone();
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
        let json = json.clone();
        let name = (*name).clone();
        Callback::from(move |_: MouseEvent| {
            download(&format!("{name}.json"), json.as_bytes(), "application/json")
        })
    };
    let on_share = {
        let json = json.clone();
        Callback::from(move |_: MouseEvent| {
            let fragment = format!("#scenario={}", crate::model::share::pack(json.as_bytes()));
            super::set_fragment(&fragment);
        })
    };

    let scenario = &run.scenario;
    // An edited built-in is shown as "custom".
    let shown = if builtin::get(&name).map(|s| pretty(&s)).as_deref() == Some(json.as_str()) {
        (*name).clone()
    } else {
        "custom".to_string()
    };
    // An edited built-in keeps the built-in's title and explanation, which may no longer say
    // what runs: it is marked so, until the JSON's own title or explanation is rewritten.
    let edited_from = (shown == "custom")
        .then(|| {
            builtin::NAMES.iter().copied().find(|n| {
                builtin::get(n).is_some_and(|b| {
                    !b.explanation.en.is_empty()
                        && (b.explanation == scenario.explanation || b.title == scenario.title)
                })
            })
        })
        .flatten();
    let options = builtin::NAMES.iter().map(|n| {
        let title = builtin::get(n)
            .map(|s| s.title.get(l).to_string())
            .unwrap_or_default();
        html! { <option value={*n} selected={shown == *n} title={*n}>{ title }</option> }
    });
    let rv = scenario.timers.robustness as f64;
    let lmqi = scenario.timers.last_member_query_interval;

    html! {
        <div class={classes!("scenarios", presenting.then_some("presenting"))} data-testid="scenarios" ref={root_ref}>
            <section class="panel scen-head">
                <label>{ t(l, "scen.pick") }{ " " }
                    <select data-testid={testids::SCENARIO_PICKER} onchange={on_pick}>
                        { for options }
                        <option value="custom" selected={shown == "custom"}>{ t(l, "scen.custom") }</option>
                    </select>
                </label>
                if let Some(from) = edited_from {
                    <p class="warn" data-testid={testids::SCENARIO_EDITED} data-builtin={from}>{ t(l, "scen.edited") }</p>
                }
                <p class="explanation">{ scenario.explanation.get(l).to_string() }</p>
                if let Some((now, end, events)) = *progress {
                    <p class="muted" data-testid={testids::SCENARIO_RUNNING}>
                        { format!("{} t = {:.1} / {:.1} {}, {} {} ", t(l, "scen.running"), now as f64 / 1000.0, end as f64 / 1000.0, t(l, "unit.s"), events, t(l, "scen.events")) }
                        <progress max={end.max(1).to_string()} value={now.to_string()}></progress>
                        { " " }<button data-testid={testids::SCENARIO_CANCEL} onclick={on_cancel}>{ t(l, "inspector.cancel") }</button>
                    </p>
                }
                if let Some(err) = &run.error {
                    <p class="bad" data-testid={testids::SCENARIO_ERROR}>{ err.get(l).to_string() }</p>
                }
                {{
                    let odd = run.scenario.warnings();
                    if odd.is_empty() {
                        html! {}
                    } else {
                        let lines: Vec<String> = odd.iter().map(|p| format!("{}: {}", p.field, p.message.get(l))).collect();
                        html! { <p class="warn" data-testid={testids::SCENARIO_WARNINGS}>{ format!("{} {}", t(l, "scen.odd_timers"), lines.join("; ")) }</p> }
                    }
                }}
            </section>
            <section class="panel controls-bar">
                <button data-testid={testids::SCENARIO_BACK} onclick={on_back} disabled={*step == 0}>{ "◀ " }{ t(l, "scen.back") }</button>
                <button data-testid={testids::SCENARIO_PLAY} onclick={on_play}>{ if *playing { t(l, "scen.pause") } else { t(l, "scen.play") } }</button>
                <button data-testid={testids::SCENARIO_STEP} onclick={on_step} disabled={*step >= steps || asking}>{ t(l, "scen.step") }{ " ▶" }</button>
                <label>{ t(l, "scen.speed") }{ " " }
                    <select onchange={on_speed}>{ for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={(*s - *speed).abs() < 1e-9}>{ format!("{s}×") }</option> }) }</select>
                </label>
                <span class="time">{ t(l, "scen.time") }{ " " }<strong data-testid={testids::SCENARIO_TIME}>{ format!("{:.3}", view.now as f64 / 1000.0) }</strong>{ " " }{ t(l, "unit.s") }</span>
                <span class="muted" data-testid={testids::SCENARIO_PROGRESS} data-step={view.step.to_string()} data-steps={view.steps.to_string()} data-playing={playing.to_string()}>{ format!("{} {}/{}", t(l, "scen.steps"), view.step, view.steps) }</span>
                <button data-testid={testids::SCENARIO_PRESENT} onclick={on_present} aria-pressed={presenting.to_string()} title={t(l, "scen.present_hint").to_string()}>{ if *presenting { t(l, "scen.present_exit") } else { t(l, "scen.present") } }</button>
                <button data-testid={testids::PREDICT_TOGGLE} class={classes!("toggle", predicting.then_some("on"))} onclick={on_predict} aria-pressed={predicting.to_string()} title={t(l, "predict.hint").to_string()}>{ t(l, "predict.toggle") }</button>
                if *predicting {
                    <span data-testid={testids::PREDICT_SCORE} data-right={score.0.to_string()} data-asked={score.1.to_string()}>{ format!("{} {} / {}", t(l, "predict.score"), score.0, score.1) }</span>
                }
                <input class="scrub" type="range" min="0" max={format!("{}", end_ms as f64 / 1000.0)} step="0.001" value={format!("{}", view.now as f64 / 1000.0)} oninput={on_scrub} aria-label={t(l, "scen.time").to_string()} />
                <label>{ t(l, "scen.seed") }{ " " }<input type="number" min="0" value={seed.to_string()} onchange={on_seed} data-testid="scenario-seed" /></label>
            </section>
            <section class="panel narration-panel">
                <p data-testid={testids::NARRATION} class="narration" aria-live="polite">{ view.narration.get(l).to_string() }</p>
                if !view.details.is_empty() {
                    <button class="details-toggle" data-testid={testids::NARRATION_DETAILS} aria-expanded={show_details.to_string()} aria-controls="narration-details-text" onclick={on_details}>{ t(l, "scen.details") }</button>
                    if *show_details {
                        <p id="narration-details-text" class="narration-details muted">{ view.details.get(l).to_string() }</p>
                    }
                }
            </section>
            if *predicting {
                { predict_panel(l, question.as_ref(), answer.as_ref(), &on_choice) }
            }
            <div class="scen-grid">
                <section class="panel topology-panel" ref={topology_ref}>{ topology(&view, l, topology_geometry) }</section>
                // It scrolls inside itself on a phone: reachable and named for the keyboard.
                <section class="panel state-panel" tabindex="0" aria-label={t(l, "scen.states").to_string()}>{ state_panel(&view, l) }{ link_load_table(&load, l) }</section>
            </div>
            <section class="panel timeline-panel">
                <div class="panel-head">
                    <h2>{ t(l, "scen.timeline") }</h2>
                    <button onclick={on_zoom(0.5)} aria-label={t(l, "scen.zoom_out").to_string()} title={t(l, "scen.zoom_out").to_string()}>{ "−" }</button>
                    <button onclick={on_zoom(2.0)} aria-label={t(l, "scen.zoom_in").to_string()} title={t(l, "scen.zoom_in").to_string()}>{ "+" }</button>
                    <span class="muted">{ t(l, "scen.click_packet") }</span>
                </div>
                <div class="timeline" ref={timeline_ref}>{ timeline(&view, l, &run.trace, timeline_geometry, scale, &props.on_open, &goto) }</div>
            </section>
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
            <section class="panel editor">
                <h2>{ t(l, "scen.edit") }</h2>
                <div class="input-row">
                    <button onclick={on_add_host}>{ t(l, "scen.add_host") }</button>
                    { timer_input("scen.robustness", "robustness", rv) }
                    { timer_input("scen.lmqi", "last_member_query_interval", lmqi) }
                    <button onclick={on_export_pcap} data-testid="scenario-export-pcap">{ t(l, "scen.export_pcap") }</button>
                    <button onclick={on_export_json}>{ t(l, "scen.export_json") }</button>
                    <button onclick={on_share} data-testid="scenario-share">{ t(l, "scen.share") }</button>
                </div>
                <div class="input-row">{ for versions }</div>
                <div class="input-row schedule">
                    <span>{ t(l, "scen.schedule") }</span>
                    <select data-testid="schedule-node" onchange={text_of(&act_node)} aria-label={t(l, "scen.node").to_string()}>{ for node_options }</select>
                    <select data-testid="schedule-kind" onchange={text_of(&act_kind)} aria-label={t(l, "scen.action").to_string()}>
                        { for [("join", "scen.do.join"), ("leave", "scen.do.leave"), ("drop-next", "scen.do.drop"), ("down", "scen.do.down"), ("up", "scen.do.up"), ("send-data", "scen.do.data")].iter().map(|(v, k)| html! { <option value={*v} selected={*act_kind == *v}>{ t(l, k) }</option> }) }
                    </select>
                    <input data-testid="schedule-group" value={(*act_group).clone()} onchange={text_of(&act_group)} aria-label={t(l, "mac.group").to_string()} />
                    <label>{ t(l, "scen.at") }{ " " }<input data-testid="schedule-time" type="text" inputmode="decimal" value={(*act_time).clone()} onchange={text_of(&act_time)} />{ " " }{ t(l, "unit.s") }</label>
                    <button data-testid="schedule-add" onclick={on_schedule}>{ t(l, "scen.schedule_add") }</button>
                </div>
                if !schedule_error.is_empty() {
                    <p class="bad" role="alert" data-testid={testids::SCHEDULE_ERROR} data-fields={schedule_error.iter().map(|p| p.field.clone()).collect::<Vec<_>>().join(" ")}>
                        { schedule_error.iter().map(|p| format!("{}: {}", p.field, p.message.get(l))).collect::<Vec<_>>().join("; ") }
                    </p>
                }
                <textarea class="json" rows="14" spellcheck="false" value={(*draft).clone()} oninput={on_draft} data-testid="scenario-json" aria-label={t(l, "scen.json").to_string()} />
                <button onclick={on_apply} data-testid="scenario-apply">{ t(l, "scen.apply") }</button>
            </section>
        </div>
    }
}

use wasm_bindgen::JsCast;

/// The class's last answer in predict mode.
#[derive(Clone, PartialEq)]
struct Answer {
    entry: usize,
    right: bool,
    /// What really happened, and the rule (with its RFC section) that says so.
    answer: crate::codec::Text,
    rule: crate::codec::Text,
}

/// The question before a packet (its choices as buttons), and the verdict on the last answer
/// with what happened and the rule, with its RFC section.
fn predict_panel(
    l: Lang,
    question: Option<&predict::Question>,
    answer: Option<&Answer>,
    on_choice: &dyn Fn(usize) -> Callback<MouseEvent>,
) -> Html {
    html! {
        <section class="panel predict" aria-live="polite">
            if let Some(a) = answer {
                <p data-testid={testids::PREDICT_RESULT} data-right={a.right.to_string()} data-entry={a.entry.to_string()} class={if a.right { "verdict good" } else { "verdict bad" }}>
                    <strong>{ if a.right { t(l, "predict.right") } else { t(l, "predict.wrong") } }</strong>{ " " }
                    { a.answer.get(l).to_string() }{ ". " }{ a.rule.get(l).to_string() }
                </p>
            }
            if let Some(q) = question {
                <h2 data-testid={testids::PREDICT_PROMPT} data-ask={format!("{:?}", q.ask).to_lowercase()}>{ q.prompt.get(l).to_string() }</h2>
                <div class="choices">
                    { for q.choices.iter().enumerate().map(|(i, c)| html! {
                        <button data-testid={testids::PREDICT_CHOICE} onclick={on_choice(i)}><kbd>{ i + 1 }</kbd>{ " " }{ c.text.get(l).to_string() }</button>
                    }) }
                </div>
            } else if answer.is_none() {
                <p class="muted">{ t(l, "predict.waiting") }</p>
            }
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
