//! The Scenarios screen's state, and what each of its controls does to it (#31): the scenario
//! (the editor's JSON is its one source), the run the player shows, the step and the play
//! clock, predict mode and its score, presenter mode, and the quick edits. The UI renders it
//! and forwards events as [`Action`]s; every rule here is tested natively
//! (`tests/scenario_ui.rs`).

use std::rc::Rc;

use crate::codec::Text;
use crate::model::{player, predict};
use crate::sim::{self, builtin, Invalid, Ms, NodeKind, RunError, Scenario, TraceEntry};

/// The scenario the screen opens with.
pub const FIRST: &str = "v2-last-member-leaves";

/// The play speeds offered.
pub const SPEEDS: &[f64] = &[0.5, 1.0, 2.0, 5.0, 10.0, 20.0];

/// The timeline's zoom range.
pub const ZOOM: (f64, f64) = (0.25, 64.0);

/// Events run between two yields to the browser: about 10 ms of work in Chromium.
pub const SLICE_EVENTS: u64 = 5_000;

/// A finished (or stopped) simulation, as the player shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct Run {
    pub scenario: Scenario,
    pub trace: Vec<TraceEntry>,
    /// Why it stopped early or could not run, in both languages.
    pub error: Option<Text>,
}

impl Run {
    fn empty() -> Run {
        Run {
            scenario: empty_scenario(),
            trace: vec![],
            error: None,
        }
    }
}

/// A scenario with no nodes: what the player shows when the JSON is not a scenario.
pub fn empty_scenario() -> Scenario {
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

/// A scenario as the editor shows it.
pub fn pretty(s: &Scenario) -> String {
    serde_json::to_string_pretty(s).unwrap_or_default()
}

/// (name, version) of the hosts and routers, for the version pickers.
pub fn versions(s: &Scenario) -> Vec<(String, u8)> {
    s.nodes
        .iter()
        .filter(|n| n.kind != NodeKind::Switch)
        .map(|n| (n.name.clone(), n.version))
        .collect()
}

/// A simulation in progress, run in slices so that the page can draw in between.
pub struct Simulation {
    scenario: Scenario,
    world: sim::World,
    end: Ms,
}

impl Simulation {
    /// Parses and validates the scenario JSON: the simulation to run, or the run to show
    /// instead, with the message (the line and column of a JSON error, or every invalid field
    /// by name) and, for a scenario that parses, its nodes.
    pub fn start(json: &str, seed: u64) -> Result<Simulation, Box<Run>> {
        match Scenario::from_json(json) {
            Ok(scenario) => {
                let end = scenario.until_ms();
                let mut world = sim::World::new(scenario.clone(), seed);
                world.event_budget = sim::limits::UI_EVENT_BUDGET;
                Ok(Simulation {
                    scenario,
                    world,
                    end,
                })
            }
            Err(e) => Err(Box::new(Run {
                scenario: match &e {
                    sim::scenario::ScenarioError::Json { .. } => empty_scenario(),
                    sim::scenario::ScenarioError::Invalid(_) => {
                        Scenario::read(json).unwrap_or_else(|_| empty_scenario())
                    }
                },
                trace: vec![],
                error: Some(e.text()),
            })),
        }
    }

    pub fn scenario(&self) -> &Scenario {
        &self.scenario
    }

    /// (simulated time, end, events handled).
    pub fn progress(&self) -> (Ms, Ms, u64) {
        (self.world.now, self.end, self.world.events)
    }

    /// Runs up to `events` more events: the finished run once it reached its end or its
    /// budget, else None.
    pub fn slice(&mut self, events: u64) -> Option<Run> {
        self.world
            .run_slice(self.end, events)
            .then(|| self.finish(None))
    }

    /// Stops here: the run so far, with a note of where it stopped.
    pub fn cancel(&mut self) -> Run {
        let at = RunError::Cancelled {
            events: self.world.events,
            at: self.world.now,
        };
        self.finish(Some(at))
    }

    fn finish(&mut self, cancelled: Option<RunError>) -> Run {
        let mut errors = std::mem::take(&mut self.world.errors);
        errors.extend(cancelled);
        let texts: Vec<Text> = errors.iter().map(RunError::text).collect();
        let join = |pick: fn(&Text) -> &str| texts.iter().map(pick).collect::<Vec<_>>().join("; ");
        Run {
            scenario: self.scenario.clone(),
            trace: std::mem::take(&mut self.world.trace),
            error: (!texts.is_empty()).then(|| Text::new(join(|t| &t.en), join(|t| &t.ja))),
        }
    }
}

/// The class's last answer in predict mode.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    /// The trace entry it was about.
    pub entry: usize,
    pub right: bool,
    /// What really happened, and the rule (with its RFC section) that says so.
    pub answer: Text,
    pub rule: Text,
}

/// The "schedule an action" form, as typed.
#[derive(Clone, Debug, PartialEq)]
pub struct Form {
    pub node: String,
    pub kind: String,
    pub group: String,
    pub time: String,
}

/// A field of [`Form`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FormField {
    Node,
    Kind,
    Group,
    Time,
}

/// The actions the form offers: (value, i18n key).
pub const FORM_KINDS: &[(&str, &str)] = &[
    ("join", "scen.do.join"),
    ("leave", "scen.do.leave"),
    ("drop-next", "scen.do.drop"),
    ("down", "scen.do.down"),
    ("up", "scen.do.up"),
    ("send-data", "scen.do.data"),
];

/// The screen's state.
#[derive(Clone, Debug)]
pub struct ScenarioUi {
    /// The picker's value: a built-in's name, or "custom".
    pub name: String,
    /// The scenario that runs (applied JSON).
    pub json: String,
    /// The editor's text, applied with Apply.
    pub draft: String,
    pub seed: u64,
    /// Changes whenever the JSON or the seed does: the UI then starts a new simulation, and
    /// what an older one reports is ignored.
    pub generation: u64,
    pub run: Rc<Run>,
    /// While a simulation runs: (simulated time, end, events).
    pub progress: Option<(Ms, Ms, u64)>,
    /// Trace entries shown (0 = before the first).
    pub step: usize,
    /// Play's simulated clock (not drawn: it only decides the next step).
    pub clock: Ms,
    pub playing: bool,
    pub speed: f64,
    pub zoom: f64,
    pub predicting: bool,
    /// The trace entry whose question the class answered last.
    answered: Option<usize>,
    pub answer: Option<Answer>,
    /// (right, asked).
    pub score: (u32, u32),
    /// The rule behind the step is shown.
    pub details: bool,
    pub presenting: bool,
    pub form: Form,
    /// What the form could not use, by field, until the next try.
    pub form_errors: Vec<Invalid>,
    /// The step a reload left, shown once the run has finished.
    resume: Option<usize>,
}

/// What a reload keeps of the player besides the scenario: the step, predict mode and the
/// score.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Place {
    pub step: usize,
    pub predicting: bool,
    pub score: (u32, u32),
}

impl Place {
    /// As kept in storage: `step predicting right asked` (`12 1 3 4`).
    pub fn to_text(self) -> String {
        let (right, asked) = self.score;
        format!(
            "{} {} {right} {asked}",
            self.step,
            u8::from(self.predicting)
        )
    }

    /// From [`Place::to_text`]; None for anything else.
    pub fn from_text(text: &str) -> Option<Place> {
        let mut n = text.split(' ').map(str::parse::<u64>);
        let (Some(Ok(step)), Some(Ok(p @ 0..=1)), Some(Ok(right)), Some(Ok(asked)), None) =
            (n.next(), n.next(), n.next(), n.next(), n.next())
        else {
            return None;
        };
        Some(Place {
            step: crate::num::usize_sat(step),
            predicting: p == 1,
            score: (crate::num::u32_sat(right), crate::num::u32_sat(asked)),
        })
    }
}

/// Equal when the page would draw the same: the play clock is not drawn, so a tick that only
/// moves it does not redraw.
impl PartialEq for ScenarioUi {
    fn eq(&self, o: &Self) -> bool {
        let ScenarioUi {
            name,
            json,
            draft,
            seed,
            generation,
            run,
            progress,
            step,
            clock: _,
            playing,
            speed,
            zoom,
            predicting,
            answered,
            answer,
            score,
            details,
            presenting,
            form,
            form_errors,
            resume,
        } = self;
        *name == o.name
            && *json == o.json
            && *draft == o.draft
            && *seed == o.seed
            && *generation == o.generation
            && Rc::ptr_eq(run, &o.run)
            && *progress == o.progress
            && *step == o.step
            && *playing == o.playing
            && *speed == o.speed
            && *zoom == o.zoom
            && *predicting == o.predicting
            && *answered == o.answered
            && *answer == o.answer
            && *score == o.score
            && *details == o.details
            && *presenting == o.presenting
            && *form == o.form
            && *form_errors == o.form_errors
            && *resume == o.resume
    }
}

/// What the user (or the running simulation) does.
#[derive(Clone, Debug, PartialEq)]
pub enum Action {
    /// The picker (or a lesson) chose a built-in, or "custom".
    Pick(String),
    /// A scenario JSON from a share link: shown as "custom".
    Shared(String),
    /// Show the first `k` trace entries.
    Goto(usize),
    /// One step on, unless the class has a question to answer first.
    Forward,
    Back,
    /// Play's timer: the clock moves on by one tick.
    Tick,
    /// Play or pause (Play at the end starts again).
    TogglePlay,
    /// Choice `i` of the question shown (a click, or the keys 1 to 4).
    Choose(usize),
    TogglePredict,
    ToggleDetails,
    Present(bool),
    Speed(f64),
    Seed(u64),
    /// Multiply the timeline's zoom.
    Zoom(f64),
    /// The time slider, in seconds.
    Scrub(f64),
    Draft(String),
    /// Run the editor's text.
    Apply,
    Form(FormField, String),
    /// Add the form's action to the scenario.
    Schedule,
    /// Add a host that joins the scenario's first group at 3 s.
    AddHost,
    /// Set a timer (by JSON name) to a value.
    Timer(&'static str, f64),
    /// Set a node's IGMP version.
    Version(String, u8),
    /// Simulation `generation` started on this scenario, ending at `end`.
    Started(u64, Scenario, Ms),
    /// Simulation `generation` reached (time, end, events).
    Progress(u64, (Ms, Ms, u64)),
    /// Simulation `generation` finished (or could not start).
    Finished(u64, Run),
}

impl ScenarioUi {
    /// The screen as a reload left it (picker value and JSON), or the first built-in.
    pub fn new(restored: Option<(String, String)>) -> ScenarioUi {
        let (name, json) = restored.unwrap_or_else(|| {
            let json = builtin::get(FIRST).map(|s| pretty(&s)).unwrap_or_default();
            (FIRST.to_string(), json)
        });
        ScenarioUi {
            name,
            draft: json.clone(),
            json,
            seed: 1,
            generation: 0,
            run: Rc::new(Run::empty()),
            progress: None,
            step: 0,
            clock: 0,
            playing: false,
            speed: 1.0,
            zoom: 1.0,
            predicting: false,
            answered: None,
            answer: None,
            score: (0, 0),
            details: false,
            presenting: false,
            form: Form {
                node: "A".into(),
                kind: "leave".into(),
                group: builtin::G.to_string(),
                time: "10".into(),
            },
            form_errors: vec![],
            resume: None,
        }
    }

    /// Where a reload left the player: predict mode and the score at once, the step once the
    /// scenario has run (and at most its last).
    pub fn resume(&mut self, place: Place) {
        self.predicting = place.predicting;
        self.score = (place.score.0.min(place.score.1), place.score.1);
        self.resume = Some(place.step);
    }

    /// What a reload should keep (see [`Place`]).
    pub fn place(&self) -> Place {
        Place {
            step: self.resume.unwrap_or(self.step),
            predicting: self.predicting,
            score: self.score,
        }
    }

    pub fn steps(&self) -> usize {
        self.run.trace.len()
    }

    /// The time the player's scale ends at (ms): the scenario's end, or its last entry's if
    /// later; never 0.
    pub fn end_ms(&self) -> Ms {
        self.run
            .scenario
            .until_ms()
            .max(self.run.trace.last().map_or(0, TraceEntry::t))
            .max(1)
    }

    /// The picker's value: the built-in while its JSON is unchanged, else "custom".
    pub fn shown(&self) -> &str {
        if builtin::get(&self.name).map(|s| pretty(&s)).as_deref() == Some(self.json.as_str()) {
            &self.name
        } else {
            "custom"
        }
    }

    /// An edited built-in keeps the built-in's title and explanation, which may no longer say
    /// what runs: the built-in it came from, until the JSON's own title or explanation is
    /// rewritten.
    pub fn edited_from(&self) -> Option<&'static str> {
        if self.shown() != "custom" {
            return None;
        }
        let s = &self.run.scenario;
        builtin::NAMES.iter().copied().find(|n| {
            builtin::get(n).is_some_and(|b| {
                !b.explanation.en.is_empty()
                    && (b.explanation == s.explanation || b.title == s.title)
            })
        })
    }

    /// The packet entry at or after `from` (and before `until`) the class must predict first.
    fn pending(&self, from: usize, until: usize) -> Option<usize> {
        let (scenario, trace) = (&self.run.scenario, &self.run.trace);
        (from..until.min(trace.len()))
            .find(|i| predict::asks(scenario, trace, *i) && self.answered != Some(*i))
    }

    /// In predict mode, the question before the next step.
    pub fn question(&self) -> Option<predict::Question> {
        let next = self.step.saturating_add(1);
        let i = self.predicting.then(|| self.pending(self.step, next))??;
        predict::question(&self.run.scenario, &self.run.trace, i)
    }

    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Pick(name) => {
                if let Some(s) = builtin::get(&name) {
                    self.set_json(pretty(&s));
                }
                self.name = name;
                self.playing = false;
                self.goto(0);
            }
            Action::Shared(text) => {
                self.set_json(text);
                self.name = "custom".into();
                self.playing = false;
                self.goto(0);
            }
            Action::Goto(k) => self.goto(k),
            Action::Forward => {
                let next = self.step.saturating_add(1);
                if !(self.predicting && self.pending(self.step, next).is_some()) {
                    self.goto(next);
                }
            }
            Action::Back => self.goto(self.step.saturating_sub(1)),
            Action::Tick => self.tick(),
            Action::TogglePlay => {
                if !self.playing && self.step >= self.steps() {
                    self.goto(0);
                }
                self.playing = !self.playing;
            }
            Action::Choose(i) => self.choose(i),
            Action::TogglePredict => {
                self.playing = false;
                self.predicting = !self.predicting;
            }
            Action::ToggleDetails => self.details = !self.details,
            Action::Present(on) => self.presenting = on,
            Action::Speed(s) if s.is_finite() && s > 0.0 => self.speed = s,
            Action::Speed(_) => {}
            Action::Seed(seed) => {
                if seed != self.seed {
                    self.seed = seed;
                    self.generation = self.generation.wrapping_add(1);
                }
                self.goto(0);
            }
            Action::Zoom(f) => {
                let z = self.zoom * f;
                if z.is_finite() {
                    self.zoom = crate::num::clamp(z, ZOOM.0, ZOOM.1);
                }
            }
            Action::Scrub(secs) => {
                let at = crate::num::whole((secs * 1000.0).round());
                self.goto(player::step_at(&self.run.trace, at));
            }
            Action::Draft(text) => self.draft = text,
            Action::Apply => {
                let text = self.draft.clone();
                self.set_json(text);
                self.name = "custom".into();
                self.goto(0);
            }
            Action::Form(field, value) => match field {
                FormField::Node => self.form.node = value,
                FormField::Kind => self.form.kind = value,
                FormField::Group => self.form.group = value,
                FormField::Time => self.form.time = value,
            },
            Action::Schedule => {
                let form = sim::scenario::ScheduleForm {
                    node: &self.form.node,
                    kind: &self.form.kind,
                    group: &self.form.group,
                    time: &self.form.time,
                };
                match form.action() {
                    Ok(action) => {
                        self.form_errors.clear();
                        self.rewrite(|s| {
                            s.actions.push(action);
                            s.actions =
                                crate::order::by_f64(std::mem::take(&mut s.actions), |a| a.t);
                        });
                    }
                    Err(problems) => self.form_errors = problems,
                }
            }
            Action::AddHost => self.rewrite(add_host),
            Action::Timer(field, v) => self.rewrite(|s| s.timers.set(field, v)),
            Action::Version(node, v) => self.rewrite(|s| {
                if let Some(n) = s.nodes.iter_mut().find(|n| n.name == node) {
                    n.version = v;
                }
            }),
            Action::Started(generation, scenario, end) if generation == self.generation => {
                self.run = Rc::new(Run {
                    scenario,
                    trace: vec![],
                    error: None,
                });
                self.progress = Some((0, end, 0));
            }
            Action::Progress(generation, p) if generation == self.generation => {
                self.progress = Some(p);
            }
            Action::Finished(generation, run) if generation == self.generation => {
                self.run = Rc::new(run);
                self.progress = None;
                let step = self.resume.take().unwrap_or(self.step);
                self.goto(step);
            }
            Action::Started(..) | Action::Progress(..) | Action::Finished(..) => {}
        }
    }

    /// The applied JSON and the editor become `text`; a new simulation starts if it changed.
    fn set_json(&mut self, text: String) {
        if text != self.json {
            self.generation = self.generation.wrapping_add(1);
            // A step of another scenario means nothing here.
            self.resume = None;
        }
        self.draft = text.clone();
        self.json = text;
    }

    /// A quick edit: the scenario is read from the JSON, changed, written back to the JSON and
    /// the editor, and run from the start. The editor stays the one source of the scenario; a
    /// JSON that is not a scenario is left as it is.
    fn rewrite(&mut self, change: impl FnOnce(&mut Scenario)) {
        let Ok(mut s) = Scenario::read(&self.json) else {
            return;
        };
        change(&mut s);
        self.set_json(pretty(&s));
        self.goto(0);
    }

    fn goto(&mut self, k: usize) {
        let k = k.min(self.steps());
        self.clock = k
            .checked_sub(1)
            .and_then(|i| self.run.trace.get(i))
            .map_or(0, TraceEntry::t);
        self.step = k;
    }

    /// Play: the simulated clock moves in real time × speed; in predict mode it stops before
    /// each packet until the class has answered.
    fn tick(&mut self) {
        if !self.playing {
            return;
        }
        let trace = &self.run.trace;
        self.clock = player::advance(trace, self.clock, self.speed);
        let mut next = player::step_at(trace, self.clock);
        if let Some(ask) = self
            .predicting
            .then(|| self.pending(self.step, next))
            .flatten()
        {
            next = ask;
            self.clock = ask
                .checked_sub(1)
                .and_then(|k| trace.get(k))
                .map_or(0, TraceEntry::t);
            self.playing = false;
        }
        self.step = next;
        if next >= trace.len() {
            self.playing = false;
        }
    }

    fn choose(&mut self, i: usize) {
        let Some(q) = self.question() else {
            return;
        };
        let (Some(_), Some(real)) = (q.choices.get(i), q.choices.get(q.right)) else {
            return;
        };
        let right = i == q.right;
        self.answered = Some(q.step);
        self.answer = Some(Answer {
            entry: q.step,
            right,
            answer: real.text.clone(),
            rule: q.rule.clone(),
        });
        self.score = (
            self.score.0.saturating_add(u32::from(right)),
            self.score.1.saturating_add(1),
        );
        self.goto(q.step.saturating_add(1));
    }
}

/// A host with the first free address from .20, at the version of the first host, joining
/// the scenario's first joined group (or the usual one) at 3 s.
fn add_host(s: &mut Scenario) {
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
}
