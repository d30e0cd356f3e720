//! The Lessons screen (#28): the course's topics in order, each step with its goal; a step
//! opens a built-in scenario or asks an exercise that `model::lesson` checks, with the rule.
//! A teacher can write a lesson as JSON and share it by link (`#lesson=…`).

use yew::prelude::*;

use super::testids;
use crate::codec::{Lang, Text};
use crate::model::i18n::t;
use crate::model::lesson::{self, Lesson, Task, Verdict};
use crate::sim::builtin;

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Opens a built-in scenario in the Scenarios screen.
    pub on_scenario: Callback<String>,
    /// A lesson from a share link (its JSON).
    #[prop_or_default]
    pub shared: Option<String>,
    /// The Builder's state: a build exercise can take its frame.
    pub builder: super::builder::Ui,
}

/// The value of the input, select or text area an event came from.
fn target_value(e: &Event) -> String {
    use wasm_bindgen::JsCast;
    e.target()
        .and_then(|t| {
            t.dyn_ref::<web_sys::HtmlInputElement>()
                .map(|i| i.value())
                .or_else(|| t.dyn_ref::<web_sys::HtmlSelectElement>().map(|s| s.value()))
                .or_else(|| {
                    t.dyn_ref::<web_sys::HtmlTextAreaElement>()
                        .map(|s| s.value())
                })
        })
        .unwrap_or_default()
}

#[component]
pub fn LessonsView(props: &Props) -> Html {
    let l = props.lang;
    let shipped = use_memo((), |_| lesson::builtins());
    // A teacher's own lesson (from the editor or a link), shown after the shipped ones.
    let own = use_state(|| None::<Lesson>);
    let which = use_state_eq(|| 0usize);
    let at = use_state_eq(|| 0usize);
    let answer = use_state(String::new);
    let verdict = use_state(|| None::<Verdict>);
    let draft = use_state(String::new);
    let problem = use_state(|| None::<Text>);
    {
        let own = own.clone();
        let which = which.clone();
        let at = at.clone();
        let problem = problem.clone();
        let draft = draft.clone();
        let count = shipped.len();
        use_effect_with(props.shared.clone(), move |shared| {
            if let Some(json) = shared {
                draft.set(json.clone());
                match lesson::from_json(json) {
                    Ok(lesson) => {
                        own.set(Some(lesson));
                        which.set(count);
                        at.set(0);
                        problem.set(None);
                    }
                    Err(e) => problem.set(Some(e)),
                }
            }
        });
    }
    let lesson: Option<Lesson> = if *which < shipped.len() {
        shipped.get(*which).cloned()
    } else {
        (*own).clone()
    };
    // The step's choices, worked out once per step: a predict exercise runs its built-in.
    let shown_task = lesson.as_ref().and_then(|x| {
        x.steps
            .get((*at).min(x.steps.len().saturating_sub(1)))
            .and_then(|s| s.task())
    });
    let choices = use_memo(shown_task, |task| task.as_ref().and_then(Task::choices));
    let Some(lesson) = lesson else {
        return html! {};
    };
    let n = lesson.steps.len();
    let step = lesson.steps.get((*at).min(n.saturating_sub(1))).cloned();
    let reset = {
        let answer = answer.clone();
        let verdict = verdict.clone();
        move || {
            answer.set(String::new());
            verdict.set(None);
        }
    };
    let on_pick = {
        let which = which.clone();
        let at = at.clone();
        let reset = reset.clone();
        Callback::from(move |e: Event| {
            if let Ok(i) = target_value(&e).parse::<usize>() {
                which.set(i);
                at.set(0);
                reset();
            }
        })
    };
    let go = |delta: isize| {
        let at = at.clone();
        let reset = reset.clone();
        Callback::from(move |_: MouseEvent| {
            let next = (*at as isize + delta).clamp(0, n as isize - 1) as usize;
            at.set(next);
            reset();
        })
    };
    let on_answer = {
        let answer = answer.clone();
        Callback::from(move |e: Event| answer.set(target_value(&e)))
    };
    let on_input = {
        let answer = answer.clone();
        Callback::from(move |e: InputEvent| answer.set(target_value(&e)))
    };
    let on_check = {
        let answer = answer.clone();
        let verdict = verdict.clone();
        let task = step.as_ref().and_then(|s| s.task());
        // A choice exercise with nothing chosen checks its first option.
        let first = choices
            .as_ref()
            .as_ref()
            .and_then(|c| c.options.first().map(|o| o.0.clone()))
            .unwrap_or_default();
        Callback::from(move |_: MouseEvent| {
            if let Some(task) = &task {
                let given = if answer.is_empty() {
                    first.clone()
                } else {
                    (*answer).clone()
                };
                verdict.set(task.check(&given));
            }
        })
    };
    // A build exercise can take the frame made in the Builder (its hex goes into the answer).
    let from_builder = {
        let answer = answer.clone();
        let builder = props.builder.clone();
        Callback::from(move |_: MouseEvent| {
            answer.set(crate::import::export::hex_stream(&builder.0.bytes()));
        })
    };
    let on_draft = {
        let draft = draft.clone();
        Callback::from(move |e: InputEvent| draft.set(target_value(&e)))
    };
    let on_apply = {
        let draft = draft.clone();
        let own = own.clone();
        let which = which.clone();
        let at = at.clone();
        let problem = problem.clone();
        let count = shipped.len();
        let reset = reset.clone();
        Callback::from(move |_: MouseEvent| match lesson::from_json(&draft) {
            Ok(lesson) => {
                own.set(Some(lesson));
                which.set(count);
                at.set(0);
                problem.set(None);
                reset();
            }
            Err(e) => problem.set(Some(e)),
        })
    };
    let on_edit_this = {
        let draft = draft.clone();
        let lesson = lesson.clone();
        Callback::from(move |_: MouseEvent| {
            draft.set(serde_json::to_string_pretty(&lesson).unwrap_or_default());
        })
    };
    let on_share = {
        let lesson = lesson.clone();
        Callback::from(move |_: MouseEvent| {
            let json = serde_json::to_string(&lesson).unwrap_or_default();
            let fragment = format!("#lesson={}", crate::model::share::pack(json.as_bytes()));
            super::set_fragment(&fragment);
        })
    };

    let options = shipped.iter().enumerate().map(|(i, x)| {
        html! { <option value={i.to_string()} selected={*which == i}>{ x.title.get(l).to_string() }</option> }
    });
    let own_option = (*own).as_ref().map(|x| {
        let i = shipped.len();
        html! { <option value={i.to_string()} selected={*which == i}>{ x.title.get(l).to_string() }</option> }
    });
    let task_html = match step.as_ref().and_then(|s| s.task()).as_ref() {
        Some(Task::Scenario { scenario }) => {
            let title = builtin::get(scenario)
                .map(|s| s.title.get(l).to_string())
                .unwrap_or_default();
            let open = {
                let on = props.on_scenario.clone();
                let name = scenario.clone();
                Callback::from(move |_: MouseEvent| on.emit(name.clone()))
            };
            html! {
                <p><button data-testid={testids::LESSON_OPEN_SCENARIO} data-scenario={scenario.clone()} onclick={open}>{ t(l, "lesson.open_scenario") }{ ": " }{ title }</button></p>
            }
        }
        Some(task) => {
            let kind = task.kind().unwrap_or_default();
            let input = match choices.as_ref() {
                Some(c) => html! {
                    <>
                        <p class="prompt">{ c.prompt.get(l).to_string() }</p>
                        <select data-testid={testids::EXERCISE_ANSWER} onchange={on_answer.clone()} aria-label={c.prompt.get(l).to_string()}>
                            { for c.options.iter().map(|(id, label)| html! { <option value={id.clone()} selected={*answer == *id}>{ label.get(l).to_string() }</option> }) }
                        </select>
                    </>
                },
                None => html! {
                    <input data-testid={testids::EXERCISE_ANSWER} value={(*answer).clone()} oninput={on_input.clone()}
                        aria-label={t(l, "lesson.answer").to_string()} placeholder={t(l, if kind == "mac" { "lesson.mac_hint" } else { "lesson.hex_hint" }).to_string()} />
                },
            };
            html! {
                <div class="exercise" data-testid={testids::EXERCISE} data-kind={kind}>
                    { input }
                    if kind == "build" {
                        <button data-testid={testids::EXERCISE_FROM_BUILDER} onclick={from_builder} title={t(l, "lesson.from_builder_hint").to_string()}>{ t(l, "lesson.from_builder") }</button>
                    }
                    <button data-testid={testids::EXERCISE_CHECK} onclick={on_check.clone()}>{ t(l, "lesson.check") }</button>
                    if let Some(v) = &*verdict {
                        <p data-testid={testids::EXERCISE_RESULT} data-right={v.right.to_string()} role="status" class={if v.right { "verdict good" } else { "verdict bad" }}>
                            <strong>{ if v.right { t(l, "predict.right") } else { t(l, "lesson.wrong") } }</strong>{ " " }
                            { v.read.get(l).to_string() }{ " " }{ v.rule.get(l).to_string() }
                        </p>
                    }
                </div>
            }
        }
        None => html! {},
    };
    html! {
        <section class="panel lessons" data-testid="lessons">
            <label>{ t(l, "lesson.pick") }{ " " }
                <select data-testid={testids::LESSON_PICKER} onchange={on_pick}>
                    { for options }
                    { for own_option }
                </select>
            </label>
            <h2>{ lesson.title.get(l).to_string() }</h2>
            if let Some(s) = &step {
                <div class="lesson-step" data-testid={testids::LESSON_STEP} data-step={(*at + 1).to_string()} data-steps={n.to_string()}>
                    <p class="muted">{ format!("{} {} / {}", t(l, "lesson.step"), *at + 1, n) }</p>
                    <p class="goal"><strong>{ t(l, "lesson.goal") }</strong>{ " " }{ s.goal.get(l).to_string() }</p>
                    { task_html }
                </div>
            }
            <div class="lesson-nav">
                <button data-testid={testids::LESSON_BACK} onclick={go(-1)} disabled={*at == 0}>{ "◀ " }{ t(l, "scen.back") }</button>
                <button data-testid={testids::LESSON_NEXT} onclick={go(1)} disabled={*at + 1 >= n}>{ t(l, "lesson.next") }{ " ▶" }</button>
            </div>
            <details class="lesson-editor">
                <summary>{ t(l, "lesson.write") }</summary>
                <p class="muted">{ t(l, "lesson.write_hint") }</p>
                <button onclick={on_edit_this}>{ t(l, "lesson.edit_this") }</button>
                <textarea class="json" rows="12" spellcheck="false" value={(*draft).clone()} oninput={on_draft} data-testid={testids::LESSON_JSON} aria-label={t(l, "lesson.write").to_string()} />
                <button data-testid={testids::LESSON_APPLY} onclick={on_apply}>{ t(l, "lesson.apply") }</button>
                <button data-testid={testids::LESSON_SHARE} onclick={on_share}>{ t(l, "scen.share") }</button>
                if let Some(p) = &*problem {
                    <p class="bad" role="alert" data-testid={testids::LESSON_ERROR}>{ p.get(l).to_string() }</p>
                }
            </details>
        </section>
    }
}
