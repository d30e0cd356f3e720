//! The Scenarios screen's reducer (#31, `model::scenario_ui`): what each control does, checked
//! natively, with the simulation driven as the page drives it (in slices).

use igmpwb::model::scenario_ui::{self, Action, FormField, ScenarioUi, Simulation};
use igmpwb::model::{player, predict};

/// Runs the current scenario to its end as the page does: Started, Progress per slice,
/// Finished.
fn run(ui: &mut ScenarioUi) {
    let generation = ui.generation;
    match Simulation::start(&ui.json, ui.seed) {
        Err(failed) => ui.apply(Action::Finished(generation, *failed)),
        Ok(mut sim) => {
            let (_, end, _) = sim.progress();
            ui.apply(Action::Started(generation, sim.scenario().clone(), end));
            assert!(
                ui.progress.is_some(),
                "a running simulation shows its progress"
            );
            loop {
                if let Some(done) = sim.slice(scenario_ui::SLICE_EVENTS) {
                    ui.apply(Action::Finished(generation, done));
                    break;
                }
                ui.apply(Action::Progress(generation, sim.progress()));
            }
        }
    }
    assert!(ui.progress.is_none());
}

fn first() -> ScenarioUi {
    let mut ui = ScenarioUi::new(None);
    run(&mut ui);
    ui
}

#[test]
fn the_screen_opens_on_the_first_built_in_and_runs_it() {
    let ui = first();
    assert_eq!(ui.name, scenario_ui::FIRST);
    assert_eq!(ui.shown(), scenario_ui::FIRST);
    assert!(ui.run.error.is_none());
    assert!(ui.steps() > 5, "{} entries", ui.steps());
    assert_eq!(ui.step, 0);
    assert_eq!(ui.edited_from(), None);
}

#[test]
fn a_reload_restores_the_picker_and_the_json() {
    let json = first().json.replace("\"seed\": 1", "\"seed\": 7");
    let ui = ScenarioUi::new(Some(("custom".into(), json.clone())));
    assert_eq!(
        (ui.name.as_str(), ui.json.as_str(), ui.draft.as_str()),
        ("custom", json.as_str(), json.as_str())
    );
}

#[test]
fn stepping_is_clamped_to_the_trace() {
    let mut ui = first();
    ui.apply(Action::Back);
    assert_eq!(ui.step, 0);
    ui.apply(Action::Forward);
    ui.apply(Action::Forward);
    assert_eq!(ui.step, 2);
    ui.apply(Action::Goto(usize::MAX));
    assert_eq!(ui.step, ui.steps());
    ui.apply(Action::Forward);
    assert_eq!(ui.step, ui.steps(), "no step past the end");
    // Play at the end starts from the beginning.
    ui.apply(Action::TogglePlay);
    assert!(ui.playing);
    assert_eq!(ui.step, 0);
    ui.apply(Action::TogglePlay);
    assert!(!ui.playing);
}

#[test]
fn play_ticks_reach_the_end_and_stop() {
    let mut ui = first();
    ui.apply(Action::Speed(20.0));
    ui.apply(Action::TogglePlay);
    let mut ticks = 0;
    let mut last = 0;
    while ui.playing {
        ui.apply(Action::Tick);
        assert!(ui.step >= last, "play never goes back");
        last = ui.step;
        ticks += 1;
        assert!(ticks < 100_000, "play ends");
    }
    assert_eq!(ui.step, ui.steps());
}

#[test]
fn a_tick_that_only_moves_the_clock_does_not_redraw() {
    let mut ui = first();
    ui.apply(Action::Goto(1));
    let before = ui.clone();
    ui.clock += 1;
    assert_eq!(before, ui, "the clock is not drawn");
    ui.apply(Action::Forward);
    assert_ne!(before, ui);
}

#[test]
fn predict_mode_waits_for_the_answer_and_keeps_the_score() {
    let mut ui = first();
    ui.apply(Action::TogglePlay);
    ui.apply(Action::TogglePredict);
    assert!(!ui.playing, "predict mode pauses");
    assert!(ui.predicting);
    // Play stops before the first packet the class must predict.
    ui.apply(Action::TogglePlay);
    while ui.playing {
        ui.apply(Action::Tick);
    }
    let q = ui.question().expect("a question before a packet");
    assert_eq!(q.step, ui.step, "the question is about the next entry");
    assert!(predict::asks(&ui.run.scenario, &ui.run.trace, q.step));
    // Stepping on is refused until the class answers.
    ui.apply(Action::Forward);
    assert_eq!(ui.step, q.step);
    let wrong = (0..q.choices.len())
        .find(|i| *i != q.right)
        .expect("a wrong choice");
    ui.apply(Action::Choose(wrong));
    assert_eq!(ui.score, (0, 1));
    assert_eq!(ui.step, q.step + 1, "the answer shows the packet");
    let answer = ui.answer.clone().expect("a verdict");
    assert!(!answer.right);
    assert_eq!(answer.entry, q.step);
    assert_eq!(answer.answer, q.choices[q.right].text);
    assert_eq!(answer.rule, q.rule);
    // Back and forward again: the question answered is not asked twice.
    ui.apply(Action::Back);
    assert!(ui.question().is_none());
    ui.apply(Action::Forward);
    assert_eq!(ui.step, q.step + 1);
    // The next question, answered right.
    while ui.question().is_none() && ui.step < ui.steps() {
        ui.apply(Action::Forward);
    }
    let q = ui.question().expect("a second question");
    ui.apply(Action::Choose(q.right));
    assert_eq!(ui.score, (1, 2));
    assert!(ui.answer.as_ref().is_some_and(|a| a.right));
    // A choice that does not exist is ignored.
    let before = ui.clone();
    ui.apply(Action::Choose(99));
    assert_eq!(before, ui);
}

#[test]
fn picking_a_built_in_replaces_the_json_and_starts_a_new_run() {
    let mut ui = first();
    let generation = ui.generation;
    ui.apply(Action::Goto(3));
    ui.apply(Action::Pick("querier-election".into()));
    assert_eq!(ui.shown(), "querier-election");
    assert_ne!(ui.generation, generation);
    assert_eq!(ui.step, 0);
    assert_eq!(ui.draft, ui.json);
    // What the old run reports now is ignored.
    let stale = ui.run.clone();
    ui.apply(Action::Finished(
        generation,
        scenario_ui::Run {
            scenario: scenario_ui::empty_scenario(),
            trace: vec![],
            error: None,
        },
    ));
    assert!(std::rc::Rc::ptr_eq(&stale, &ui.run));
    run(&mut ui);
    assert_eq!(ui.run.scenario.name, "querier-election");
}

#[test]
fn an_edit_makes_the_scenario_custom_and_says_which_built_in_it_came_from() {
    let mut ui = first();
    let generation = ui.generation;
    ui.apply(Action::AddHost);
    assert_eq!(ui.shown(), "custom");
    assert_ne!(ui.generation, generation);
    run(&mut ui);
    assert!(
        ui.run.scenario.nodes.iter().any(|n| n.name == "H20"),
        "{:?}",
        ui.run.scenario.nodes
    );
    assert_eq!(ui.edited_from(), Some(scenario_ui::FIRST));
    ui.apply(Action::Timer("robustness", 3.0));
    run(&mut ui);
    assert_eq!(ui.run.scenario.timers.robustness, 3);
    let host = scenario_ui::versions(&ui.run.scenario)[0].0.clone();
    ui.apply(Action::Version(host.clone(), 3));
    run(&mut ui);
    assert_eq!(
        ui.run
            .scenario
            .nodes
            .iter()
            .find(|n| n.name == host)
            .map(|n| n.version),
        Some(3)
    );
}

#[test]
fn the_schedule_form_refuses_by_field_and_keeps_the_scenario() {
    let mut ui = first();
    let json = ui.json.clone();
    ui.apply(Action::Form(FormField::Time, "soon".into()));
    ui.apply(Action::Form(FormField::Group, "10.0.0.1".into()));
    ui.apply(Action::Schedule);
    let fields: Vec<&str> = ui.form_errors.iter().map(|p| p.field.as_str()).collect();
    assert_eq!(fields, ["schedule.time", "schedule.group"]);
    assert_eq!(ui.json, json, "nothing was added");
    // Full-width digits from a Japanese input method read as digits.
    ui.apply(Action::Form(FormField::Time, "１２".into()));
    ui.apply(Action::Form(FormField::Group, "239.1.1.1".into()));
    ui.apply(Action::Form(FormField::Kind, "join".into()));
    ui.apply(Action::Schedule);
    assert!(ui.form_errors.is_empty(), "{:?}", ui.form_errors);
    run(&mut ui);
    let times: Vec<f64> = ui.run.scenario.actions.iter().map(|a| a.t).collect();
    assert!(times.contains(&12.0), "{times:?}");
    assert!(
        times.windows(2).all(|w| w[0] <= w[1]),
        "actions stay in time order: {times:?}"
    );
}

#[test]
fn a_json_that_is_not_a_scenario_names_the_place_and_keeps_the_editor() {
    let mut ui = first();
    ui.apply(Action::Draft("{ \"name\": ".into()));
    ui.apply(Action::Apply);
    run(&mut ui);
    let error = ui.run.error.clone().expect("an error");
    assert!(error.en.contains("line 1"), "{}", error.en);
    assert!(!error.ja.is_empty() && error.ja != error.en);
    assert_eq!(ui.draft, "{ \"name\": ", "the editor keeps what was typed");
    // A quick edit on a JSON that does not parse leaves it alone.
    ui.apply(Action::AddHost);
    assert_eq!(ui.json, "{ \"name\": ");
}

#[test]
fn cancel_keeps_what_was_simulated_and_says_so_in_both_languages() {
    let ui = first();
    let mut sim = Simulation::start(&ui.json, 1).expect("a scenario");
    assert!(sim.slice(3).is_none(), "three events do not finish it");
    let run = sim.cancel();
    assert!(!run.trace.is_empty());
    let error = run.error.expect("a note");
    assert!(
        error
            .en
            .starts_with("Cancelled: the trace shows what was simulated up to t = "),
        "{}",
        error.en
    );
    assert!(error.ja.starts_with("キャンセルしました"), "{}", error.ja);
}

#[test]
fn the_seed_restarts_only_when_it_changes() {
    let mut ui = first();
    let generation = ui.generation;
    ui.apply(Action::Goto(2));
    ui.apply(Action::Seed(1));
    assert_eq!(ui.generation, generation);
    assert_eq!(ui.step, 0);
    ui.apply(Action::Seed(2));
    assert_ne!(ui.generation, generation);
}

#[test]
fn zoom_speed_and_scrub_stay_in_range() {
    let mut ui = first();
    for _ in 0..20 {
        ui.apply(Action::Zoom(2.0));
    }
    assert_eq!(ui.zoom, scenario_ui::ZOOM.1);
    ui.apply(Action::Zoom(f64::NAN));
    assert_eq!(ui.zoom, scenario_ui::ZOOM.1);
    ui.apply(Action::Speed(-1.0));
    assert_eq!(ui.speed, 1.0);
    ui.apply(Action::Scrub(1e300));
    assert_eq!(ui.step, ui.steps());
    ui.apply(Action::Scrub(-5.0));
    assert_eq!(
        ui.step,
        player::step_at(&ui.run.trace, 0),
        "a time before 0 is 0"
    );
    let t = ui.run.trace[3].t();
    ui.apply(Action::Scrub(t as f64 / 1000.0));
    assert_eq!(ui.step, player::step_at(&ui.run.trace, t));
}

#[test]
fn a_shared_scenario_is_custom_and_presenter_mode_toggles() {
    let mut ui = first();
    let json = ui.json.replace("\"seed\": 1", "\"seed\": 5");
    ui.apply(Action::Shared(json.clone()));
    assert_eq!(
        (ui.name.as_str(), ui.json.as_str()),
        ("custom", json.as_str())
    );
    ui.apply(Action::Present(true));
    assert!(ui.presenting);
    ui.apply(Action::ToggleDetails);
    assert!(ui.details);
}

#[test]
fn a_reload_comes_back_to_the_step_predict_mode_and_score() {
    let mut before = first();
    before.apply(Action::TogglePredict);
    while before.question().is_none() {
        before.apply(Action::Forward);
    }
    let q = before.question().expect("a question");
    before.apply(Action::Choose(q.right));
    let place = before.place();
    assert_eq!(
        place,
        scenario_ui::Place {
            step: q.step + 1,
            predicting: true,
            score: (1, 1)
        }
    );
    // The page reloads: the same scenario, then the place.
    let mut after = ScenarioUi::new(Some((before.name.clone(), before.json.clone())));
    after.resume(place);
    assert_eq!(after.place(), place, "kept while the scenario runs");
    run(&mut after);
    assert_eq!(
        (after.step, after.predicting, after.score),
        (q.step + 1, true, (1, 1))
    );
    // A step past the end (an edited scenario) is the end; a score cannot exceed the asked.
    let mut short = ScenarioUi::new(None);
    short.resume(scenario_ui::Place {
        step: 1_000_000,
        predicting: false,
        score: (9, 2),
    });
    run(&mut short);
    assert_eq!(short.step, short.steps());
    assert_eq!(short.score, (2, 2));
    // Another scenario picked before the run ends forgets the step.
    let mut other = ScenarioUi::new(None);
    other.resume(place);
    other.apply(Action::Pick("querier-election".into()));
    run(&mut other);
    assert_eq!(other.step, 0);
}

#[test]
fn the_place_a_reload_keeps_reads_back() {
    let place = scenario_ui::Place {
        step: 12,
        predicting: true,
        score: (3, 4),
    };
    assert_eq!(place.to_text(), "12 1 3 4");
    assert_eq!(scenario_ui::Place::from_text(&place.to_text()), Some(place));
    for bad in [
        "",
        "12 1 3",
        "12 2 3 4",
        "12 1 3 4 5",
        "a 1 3 4",
        "-1 0 0 0",
    ] {
        assert_eq!(scenario_ui::Place::from_text(bad), None, "{bad:?}");
    }
}
