//! The Scenarios screen: picker, topology, timeline, state panel, controls and narration, all
//! drawn from `model::player::view(trace, step)`.

use std::rc::Rc;

use gloo::timers::callback::Interval;
use web_sys::{HtmlElement, HtmlInputElement, HtmlSelectElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::{download, target, testids};
use crate::codec::Lang;
use crate::import::capture;
use crate::model::i18n::t;
use crate::model::player::{self, View};
use crate::sim::{self, builtin, NodeKind, Scenario, TraceEntry};

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Opens a frame in the Inspector.
    pub on_open: Callback<Vec<u8>>,
    /// True while the tab is shown (keyboard control only then).
    pub active: bool,
    /// A scenario JSON from a share link.
    #[prop_or_default]
    pub shared: Option<String>,
}

/// A finished (or stopped) simulation, as the player shows it.
struct Run {
    scenario: Scenario,
    trace: Vec<TraceEntry>,
    error: Option<String>,
}

/// Parses and validates the scenario JSON: the scenario to run, or the message to show (with
/// the line and column of a JSON error, or every invalid field by name).
fn prepare(json: &str, lang: Lang) -> Result<Scenario, Box<Run>> {
    let s = serde_json::from_str::<Scenario>(json).map_err(|e| {
        Box::new(Run {
            scenario: empty_scenario(),
            trace: vec![],
            error: Some(format!(
                "scenario JSON, line {}, column {}: {e}",
                e.line(),
                e.column()
            )),
        })
    })?;
    if let Err(problems) = s.validate() {
        let lines: Vec<String> = problems
            .iter()
            .map(|p| format!("{}: {}", p.field, p.message.get(lang)))
            .collect();
        return Err(Box::new(Run {
            scenario: s,
            trace: vec![],
            error: Some(format!("{} {}", t(lang, "scen.invalid"), lines.join("; "))),
        }));
    }
    Ok(s)
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
        let lang = l;
        use_effect_with(((*json).clone(), *seed), move |(j, seed)| {
            control.borrow().set(Control::Superseded);
            let mine = Rc::new(std::cell::Cell::new(Control::Run));
            *control.borrow_mut() = mine.clone();
            match prepare(j, lang) {
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
                                let mut errors = std::mem::take(&mut world.errors);
                                if state == Control::Cancel {
                                    errors.push(format!(
                                        "{} t = {:.3} s ({} events)",
                                        t(lang, "scen.cancelled"),
                                        world.now as f64 / 1000.0,
                                        world.events
                                    ));
                                }
                                progress.set(None);
                                run.set(Rc::new(Run {
                                    scenario,
                                    trace: std::mem::take(&mut world.trace),
                                    error: (!errors.is_empty()).then(|| errors.join("; ")),
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
    let steps = run.trace.len();
    let end_ms = run
        .scenario
        .until_ms()
        .max(run.trace.last().map(|e| e.t()).unwrap_or(0))
        .max(1);

    // Play: advance the simulated clock in real time × speed.
    {
        let step = step.clone();
        let playing = playing.clone();
        let clock = clock.clone();
        let run = run.clone();
        let speed = *speed;
        use_effect_with(
            (*playing, speed, run.trace.len()),
            move |(is_playing, _, _)| {
                let handle = is_playing.then(|| {
                    Interval::new(100, move || {
                        let mut c = clock.borrow_mut();
                        *c += (100.0 * speed) as u64;
                        let next = player::step_at(&run.trace, *c);
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

    let goto: Rc<dyn Fn(usize)> = {
        let step = step.clone();
        let clock = clock.clone();
        let run = run.clone();
        Rc::new(move |k: usize| {
            let k = k.min(run.trace.len());
            *clock.borrow_mut() = if k == 0 { 0 } else { run.trace[k - 1].t() };
            step.set(k);
        })
    };
    let on_step = {
        let goto = goto.clone();
        let s = *step;
        Callback::from(move |_: MouseEvent| goto(s + 1))
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
    // and PageUp step back; P plays and pauses. Not while a text field or a list has the focus
    // (nor Space on a button, which presses it). The listener is not passive, so that
    // preventing the page's own scrolling works.
    {
        let active = props.active;
        let goto = goto.clone();
        let playing = playing.clone();
        let s = *step;
        use_effect_with((active, s, *playing), move |_| {
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
                                goto(s + 1);
                            }
                            "ArrowLeft" | "ArrowUp" | "PageUp" => {
                                e.prevent_default();
                                goto(s.saturating_sub(1));
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
        let x = x_of(view.now, end_ms, *zoom);
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
    // Quick edits act on the JSON so that the editor stays the one source of the scenario.
    let edit = |f: Rc<dyn Fn(&mut Scenario)>| {
        let json = json.clone();
        let draft = draft.clone();
        let goto = goto.clone();
        move || {
            if let Ok(mut s) = serde_json::from_str::<Scenario>(&json) {
                f(&mut s);
                let text = pretty(&s);
                json.set(text.clone());
                draft.set(text);
                goto(0);
            }
        }
    };
    // "Schedule an action" form: node, what, group, time.
    let act_node = use_state(|| "A".to_string());
    let act_kind = use_state(|| "leave".to_string());
    let act_group = use_state(|| builtin::G.to_string());
    let act_time = use_state(|| "10".to_string());
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
        Callback::from(move |_: MouseEvent| {
            let Ok(mut s) = serde_json::from_str::<Scenario>(&json) else {
                return;
            };
            let t: f64 = time.trim().parse().unwrap_or(0.0);
            let g: std::net::Ipv4Addr = group.trim().parse().unwrap_or(builtin::G);
            let kind = match kind.as_str() {
                "join" => sim::ActionKind::Join {
                    group: g,
                    mode: None,
                    sources: vec![],
                    socket: 0,
                },
                "leave" => sim::ActionKind::Leave {
                    group: g,
                    socket: 0,
                },
                "drop-next" => sim::ActionKind::DropNext { kind: None },
                "down" => sim::ActionKind::Down,
                "up" => sim::ActionKind::Up,
                _ => sim::ActionKind::SendData { group: g },
            };
            s.actions.push(sim::Action {
                t,
                node: node.clone(),
                kind,
            });
            s.actions = crate::order::by_f64(std::mem::take(&mut s.actions), |a| a.t);
            let text = pretty(&s);
            json.set(text.clone());
            draft.set(text);
            goto(0);
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
            let Ok(mut s) = serde_json::from_str::<Scenario>(&json) else {
                return;
            };
            if let Some(n) = s.nodes.iter_mut().find(|n| n.name == node) {
                n.version = sel.value().parse().unwrap_or(n.version);
            }
            let text = pretty(&s);
            json.set(text.clone());
            draft.set(text);
            goto(0);
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
            if let Ok(mut s) = serde_json::from_str::<Scenario>(&json) {
                s.timers.set(field, v);
                let text = pretty(&s);
                json.set(text.clone());
                draft.set(text);
                goto(0);
            }
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
            if let Some(w) = web_sys::window() {
                let _ = w.location().set_hash(&fragment);
            }
        })
    };

    let scenario = &run.scenario;
    // An edited built-in is shown as "custom".
    let shown = if builtin::get(&name).map(|s| pretty(&s)).as_deref() == Some(json.as_str()) {
        (*name).clone()
    } else {
        "custom".to_string()
    };
    let options = builtin::NAMES.iter().map(|n| {
        let title = builtin::get(n)
            .map(|s| s.title.get(l).to_string())
            .unwrap_or_default();
        html! { <option value={*n} selected={shown == *n}>{ format!("{n} — {title}") }</option> }
    });
    let rv = scenario.timers.robustness as f64;
    let lmqi = scenario.timers.last_member_query_interval;

    html! {
        <div class="scenarios" data-testid="scenarios">
            <section class="panel scen-head">
                <label>{ t(l, "scen.pick") }{ " " }
                    <select data-testid={testids::SCENARIO_PICKER} onchange={on_pick}>
                        { for options }
                        <option value="custom" selected={shown == "custom"}>{ t(l, "scen.custom") }</option>
                    </select>
                </label>
                <p class="explanation">{ scenario.explanation.get(l).to_string() }</p>
                if let Some((now, end, events)) = *progress {
                    <p class="muted" data-testid={testids::SCENARIO_RUNNING}>
                        { format!("{} t = {:.1} / {:.1} s, {} events ", t(l, "scen.running"), now as f64 / 1000.0, end as f64 / 1000.0, events) }
                        <progress max={end.max(1).to_string()} value={now.to_string()}></progress>
                        { " " }<button data-testid={testids::SCENARIO_CANCEL} onclick={on_cancel}>{ t(l, "inspector.cancel") }</button>
                    </p>
                }
                if let Some(err) = &run.error {
                    <p class="bad" data-testid={testids::SCENARIO_ERROR}>{ err.clone() }</p>
                }
            </section>
            <section class="panel controls-bar">
                <button data-testid={testids::SCENARIO_BACK} onclick={on_back} disabled={*step == 0}>{ "◀ " }{ t(l, "scen.back") }</button>
                <button data-testid={testids::SCENARIO_PLAY} onclick={on_play}>{ if *playing { t(l, "scen.pause") } else { t(l, "scen.play") } }</button>
                <button data-testid={testids::SCENARIO_STEP} onclick={on_step} disabled={*step >= steps}>{ t(l, "scen.step") }{ " ▶" }</button>
                <label>{ t(l, "scen.speed") }{ " " }
                    <select onchange={on_speed}>{ for SPEEDS.iter().map(|s| html! { <option value={s.to_string()} selected={(*s - *speed).abs() < 1e-9}>{ format!("{s}×") }</option> }) }</select>
                </label>
                <span class="time">{ t(l, "scen.time") }{ " " }<strong data-testid={testids::SCENARIO_TIME}>{ format!("{:.3}", view.now as f64 / 1000.0) }</strong>{ " s" }</span>
                <span class="muted" data-testid={testids::SCENARIO_PROGRESS} data-step={view.step.to_string()} data-steps={view.steps.to_string()} data-playing={playing.to_string()}>{ format!("{} {}/{}", t(l, "scen.steps"), view.step, view.steps) }</span>
                <input class="scrub" type="range" min="0" max={format!("{}", end_ms as f64 / 1000.0)} step="0.001" value={format!("{}", view.now as f64 / 1000.0)} oninput={on_scrub} aria-label={t(l, "scen.time").to_string()} />
                <label>{ t(l, "scen.seed") }{ " " }<input type="number" min="0" value={seed.to_string()} onchange={on_seed} data-testid="scenario-seed" /></label>
            </section>
            <section class="panel narration-panel"><p data-testid={testids::NARRATION} class="narration" aria-live="polite">{ view.narration.get(l).to_string() }</p></section>
            <div class="scen-grid">
                <section class="panel">{ topology(&view, l) }</section>
                <section class="panel">{ state_panel(&view, l) }</section>
            </div>
            <section class="panel">
                <div class="panel-head">
                    <h2>{ t(l, "scen.timeline") }</h2>
                    <button onclick={on_zoom(0.5)}>{ "−" }</button>
                    <button onclick={on_zoom(2.0)}>{ "+" }</button>
                    <span class="muted">{ t(l, "scen.click_packet") }</span>
                </div>
                <div class="timeline" ref={timeline_ref}>{ timeline(&view, &run.trace, end_ms, *zoom, &props.on_open, &goto) }</div>
            </section>
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
                    <label>{ t(l, "scen.at") }{ " " }<input data-testid="schedule-time" type="number" step="0.1" min="0" value={(*act_time).clone()} onchange={text_of(&act_time)} />{ " s" }</label>
                    <button data-testid="schedule-add" onclick={on_schedule}>{ t(l, "scen.schedule_add") }</button>
                </div>
                <textarea class="json" rows="14" spellcheck="false" value={(*draft).clone()} oninput={on_draft} data-testid="scenario-json" aria-label={t(l, "scen.json").to_string()} />
                <button onclick={on_apply} data-testid="scenario-apply">{ t(l, "scen.apply") }</button>
            </section>
        </div>
    }
}

use wasm_bindgen::JsCast;

const LANE: f64 = 30.0;
const LEFT: f64 = 70.0;
const BASE_WIDTH: f64 = 1100.0;

fn x_of(t: u64, end: u64, zoom: f64) -> f64 {
    LEFT + t as f64 / end.max(1) as f64 * BASE_WIDTH * zoom
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
        "NonMember" | "NoMembersPresent" | "INCLUDE{}" => "#8c959f",
        "DelayingMember" | "CheckingMembership" => "#bf8700",
        "IdleMember" | "MembersPresent" => "#1a7f37",
        "V1MembersPresent" => "#8250df",
        s if s.starts_with("EXCLUDE") => "#0969da",
        s if s.starts_with("INCLUDE") => "#1a7f37",
        _ => "#57606a",
    }
}

fn topology(v: &View, l: Lang) -> Html {
    let routers: Vec<_> = v
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Router)
        .collect();
    let switch = v.nodes.iter().find(|n| n.kind == NodeKind::Switch);
    let hosts: Vec<_> = v
        .nodes
        .iter()
        .filter(|n| n.kind == NodeKind::Host)
        .collect();
    let width = (160.0 * routers.len().max(hosts.len().min(8)).max(1) as f64 + 40.0).max(640.0);
    let pos = |i: usize, n: usize, y: f64| -> (f64, f64) {
        (width / (n as f64 + 1.0) * (i as f64 + 1.0), y)
    };
    let mut placed: Vec<(&crate::model::player::NodeView, f64, f64)> = Vec::new();
    for (i, r) in routers.iter().enumerate() {
        let (x, y) = pos(i, routers.len(), 50.0);
        placed.push((r, x, y));
    }
    let bus_y = 140.0;
    if let Some(s) = switch {
        placed.push((s, width / 2.0, bus_y));
    }
    // Hosts in rows of at most eight, so a class of 50 stays readable.
    let per_row = hosts.len().clamp(1, 8);
    let badge_rows = v.nodes.iter().map(|n| n.badges.len()).max().unwrap_or(0) as f64;
    let row_height = 60.0 + 18.0 * badge_rows;
    for (i, h) in hosts.iter().enumerate() {
        let row = i / per_row;
        let in_row = (hosts.len() - row * per_row).min(per_row);
        let (x, _) = pos(i % per_row, in_row, 0.0);
        placed.push((h, x, 240.0 + row as f64 * row_height));
    }
    let lit = |name: &str| {
        v.active
            .as_ref()
            .is_some_and(|(from, to)| from == name || to.iter().any(|t| t == name))
    };
    let links = placed.iter().filter(|(n, _, _)| n.kind != NodeKind::Switch).map(|(n, x, y)| {
        let (tx, ty) = if switch.is_some() { (width / 2.0, bus_y) } else { (*x, bus_y) };
        html! { <line x1={x.to_string()} y1={y.to_string()} x2={tx.to_string()} y2={ty.to_string()} class={classes!("link", lit(&n.name).then_some("lit"))} /> }
    });
    let nodes = placed.iter().map(|(n, x, y)| {
        let badges = n.badges.iter().enumerate().map(|(i, (g, s))| {
            let by = y + 26.0 + i as f64 * 18.0;
            html! {
                <g data-testid={testids::NODE_STATE} data-node={n.name.clone()} data-group={g.clone()} data-state={s.clone()}>
                    <rect x={(x - 85.0).to_string()} y={(by - 12.0).to_string()} width="170" height="16" rx="4" fill={state_colour(s)} />
                    <text x={x.to_string()} y={by.to_string()} class="badge-text" text-anchor="middle">{ format!("{g} {s}") }</text>
                </g>
            }
        });
        let role_label = match n.role.as_str() {
            "Querier" => t(l, "role.querier"),
            "NonQuerier" => t(l, "role.nonquerier"),
            "Switch" => t(l, "role.switch"),
            "Down" => t(l, "role.down"),
            _ => t(l, "role.host"),
        };
        html! {
            <g data-node={n.name.clone()} data-role={n.role.clone()} class={classes!("node", lit(&n.name).then_some("lit"), (n.role == "Down").then_some("down"))}>
                <rect class="box" x={(x - 56.0).to_string()} y={(y - 22.0).to_string()} width="112" height="36" rx="6" />
                <text x={x.to_string()} y={(y - 7.0).to_string()} text-anchor="middle" class="node-name">{ format!("{} {}", n.name, n.address) }</text>
                <text x={x.to_string()} y={(y + 8.0).to_string()} text-anchor="middle" class="node-role">{ role_label }</text>
                { for badges }
            </g>
        }
    });
    let height =
        240.0 + 30.0 + 18.0 * v.nodes.iter().map(|n| n.badges.len()).max().unwrap_or(0) as f64;
    html! {
        <svg class="topology" viewBox={format!("0 0 {width} {height}")} width={width.to_string()} role="img" aria-label={t(l, "scen.topology").to_string()}>
            if switch.is_none() {
                <line x1="10" y1={bus_y.to_string()} x2={(width - 10.0).to_string()} y2={bus_y.to_string()} class="bus" />
            }
            { for links }
            { for nodes }
        </svg>
    }
}

fn state_panel(v: &View, l: Lang) -> Html {
    let rows = v.nodes.iter().map(|n| {
        let groups = n.badges.iter().map(|(g, s)| html! { <li><code>{ g.clone() }</code>{ " " }<span class="state"><span class="swatch" aria-hidden="true" style={format!("background:{}", state_colour(s))}></span>{ s.clone() }</span></li> });
        let timers = n.timers.iter().map(|(name, left)| html! { <li class="muted">{ format!("{name}: {left:.1} s") }</li> });
        html! {
            <tr>
                <td><strong>{ n.name.clone() }</strong><br /><span class="muted">{ n.address.clone() }</span></td>
                <td>{ n.role.clone() }</td>
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

fn timeline(
    v: &View,
    trace: &[TraceEntry],
    end: u64,
    zoom: f64,
    on_open: &Callback<Vec<u8>>,
    goto: &Rc<dyn Fn(usize)>,
) -> Html {
    let lanes: Vec<&str> = v.nodes.iter().map(|n| n.name.as_str()).collect();
    let y = |name: &str| 24.0 + LANE * lanes.iter().position(|n| *n == name).unwrap_or(0) as f64;
    let width = LEFT + BASE_WIDTH * zoom + 40.0;
    let height = 30.0 + LANE * lanes.len() as f64;
    let secs = end as f64 / 1000.0;
    let tick = [1.0, 2.0, 5.0, 10.0, 20.0, 30.0, 60.0, 120.0, 300.0]
        .into_iter()
        .find(|s| secs / s * 80.0 / zoom <= BASE_WIDTH)
        .unwrap_or(600.0);
    let ticks = (0..=((secs / tick) as usize)).map(|i| {
        let t = i as f64 * tick;
        let x = x_of((t * 1000.0) as u64, end, zoom);
        html! { <g><line x1={x.to_string()} y1="12" x2={x.to_string()} y2={height.to_string()} class="tick" /><text x={(x + 2.0).to_string()} y="10" class="tick-label">{ format!("{t}s") }</text></g> }
    });
    let lane_lines = lanes.iter().map(|n| {
        let yy = y(n);
        html! { <g><line x1={LEFT.to_string()} y1={yy.to_string()} x2={width.to_string()} y2={yy.to_string()} class="lane" /><text x="4" y={(yy + 4.0).to_string()} class="lane-label">{ n.to_string() }</text></g> }
    });
    let bars = v.bars.iter().map(|b| {
        let x1 = x_of(b.from, end, zoom);
        let x2 = x_of(b.until.min(end), end, zoom).max(x1 + 1.0);
        let yy = y(&b.node) + 5.0;
        html! { <rect x={x1.to_string()} y={yy.to_string()} width={(x2 - x1).to_string()} height="6" class="timer-bar"><title>{ b.name.clone() }</title></rect> }
    });
    let marks = v.marks.iter().map(|m| {
        html! { <circle cx={x_of(m.t, end, zoom).to_string()} cy={y(&m.node).to_string()} r="4" fill={state_colour(&m.to)} class="mark"><title>{ format!("{} {} → {}", m.node, m.group, m.to) }</title></circle> }
    });
    let mut same_time = 0usize;
    let mut last_t = u64::MAX;
    let packets = v.packets.iter().map(|p| {
        if p.t == last_t {
            same_time += 1;
        } else {
            same_time = 0;
            last_t = p.t;
        }
        let x = x_of(p.t, end, zoom) + same_time as f64 * 5.0;
        let y1 = y(&p.from);
        let c = colour(&p.kind);
        let bytes = match trace.get(p.entry) {
            Some(TraceEntry::Packet { bytes, .. }) => bytes.clone(),
            _ => vec![],
        };
        let on_open = on_open.clone();
        let goto = goto.clone();
        let entry = p.entry;
        let onclick = Callback::from(move |_: MouseEvent| {
            goto(entry + 1);
            on_open.emit(bytes.clone());
        });
        let arrows = p.to.iter().map(|r| {
            let y2 = y(r);
            let dir = if y2 > y1 { -6.0 } else { 6.0 };
            html! { <g><line x1={x.to_string()} y1={y1.to_string()} x2={x.to_string()} y2={y2.to_string()} stroke={c} class="arrow" /><path d={format!("M{} {} l-3 {} l6 0 z", x, y2, dir)} fill={c} /></g> }
        });
        html! {
            <g data-testid={testids::TIMELINE_PACKET} data-type={p.kind.clone()} data-group={p.group.clone()} data-t={format!("{}", p.t as f64 / 1000.0)}
                class={classes!("packet", p.dropped.then_some("dropped"))} {onclick}>
                <circle cx={x.to_string()} cy={y1.to_string()} r="4" fill={c} />
                { for arrows }
                <text x={(x + 3.0).to_string()} y={(y1 - 6.0).to_string()} class="packet-label" fill={c}>{ format!("{} {}", p.kind, if p.group == "0.0.0.0" { "" } else { &p.group }) }</text>
                <title>{ format!("{:.3} s {} → {}: {} {}", p.t as f64 / 1000.0, p.from, p.to.join(","), p.kind, p.group) }</title>
            </g>
        }
    });
    let now_x = x_of(v.now, end, zoom);
    let on_axis = {
        let goto = goto.clone();
        let trace_times: Vec<u64> = trace.iter().map(|e| e.t()).collect();
        Callback::from(move |e: MouseEvent| {
            let x = f64::from(e.offset_x());
            let t = ((x - LEFT).max(0.0) / (BASE_WIDTH * zoom) * end as f64) as u64;
            goto(trace_times.partition_point(|tt| *tt <= t));
        })
    };
    html! {
        <svg width={width.to_string()} height={height.to_string()} class="timeline-svg">
            <rect x="0" y="0" width={width.to_string()} height="14" class="axis" onclick={on_axis} />
            { for ticks }
            { for lane_lines }
            { for bars }
            { for marks }
            { for packets }
            <line x1={now_x.to_string()} y1="0" x2={now_x.to_string()} y2={height.to_string()} class="now" />
        </svg>
    }
}
