//! The Inspector screen: input, packet list, field tree, hex pane, MAC panel.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::frame_detail::{fit_panes, FrameDetail};
use super::import_bar::ImportBar;
use super::mac_panel::MacPanel;
use super::packet_list::{show_selection, PacketList};
use super::target;
use super::use_import::use_import;
use crate::codec::{Dissection, Lang};
use crate::import;
use crate::model::i18n::t;
use crate::model::inspector::{Action, Inspector};

const DEBOUNCE_MS: u32 = 250;

/// The Inspector's store: the model, changed only through [`Action`]s, and a version that every
/// change to be seen bumps (a `use_reducer`; the model is shared, not copied, since it holds up
/// to millions of frames). Closures read the model through `Store::model`.
#[derive(Default)]
pub(super) struct Store {
    pub(super) model: Rc<RefCell<Inspector>>,
    version: u64,
}

/// The same model at the same version (never a comparison of the frames themselves).
impl PartialEq for Store {
    fn eq(&self, other: &Self) -> bool {
        self.version == other.version && Rc::ptr_eq(&self.model, &other.model)
    }
}

/// What the store is asked to do.
pub(super) enum Change {
    /// Apply an action and redraw.
    Apply(Action),
    /// Apply an action without redrawing now (a worker's batch: the page redraws a few times a
    /// second, not per batch).
    Quietly(Action),
    /// Redraw.
    Redraw,
}

impl Reducible for Store {
    type Action = Change;

    fn reduce(self: Rc<Self>, change: Change) -> Rc<Self> {
        match change {
            Change::Quietly(a) => {
                self.model.borrow_mut().apply(a);
                return self;
            }
            Change::Apply(a) => self.model.borrow_mut().apply(a),
            Change::Redraw => {}
        }
        Rc::new(Store {
            model: self.model.clone(),
            version: self.version.wrapping_add(1),
        })
    }
}

#[derive(Properties, PartialEq)]
pub struct Props {
    pub lang: Lang,
    /// Input from elsewhere (a frame from another screen, a file dropped anywhere on the page, a
    /// share link): (sequence number, bytes). A new sequence number loads it.
    #[prop_or_default]
    pub inbox: (u32, Rc<Vec<u8>>),
    /// A capture link's filter and selected frame (0-based), restored with its first inbox.
    #[prop_or_default]
    pub restore: Option<(String, Option<usize>)>,
    /// A file dropped anywhere on the page: (sequence number, file).
    #[prop_or_default]
    pub dropped: (u32, Option<web_sys::File>),
}

#[component]
pub fn InspectorView(props: &Props) -> Html {
    let l = props.lang;
    let store = use_reducer(Store::default);
    let state = store.model.clone();
    let dispatch = store.dispatcher();
    // The text the app puts in the paste box (a sample, a reload, a text file), with a revision
    // so that putting the same text again still writes it; what the user types or pastes stays
    // a JavaScript string (`paste`) from the box to the worker (#26: a 2 MB paste crossing into
    // Rust and back several times held the page for 150 ms).
    let text = use_state(|| (0u64, String::new()));
    let paste = use_mut_ref(|| wasm_bindgen::JsValue::from_str(""));
    let revision = use_mut_ref(|| 0u64);
    let show = {
        let (text, paste, revision) = (text.clone(), paste.clone(), revision.clone());
        Rc::new(move |value: String| {
            *paste.borrow_mut() = wasm_bindgen::JsValue::from_str(&value);
            let rev = revision.borrow().wrapping_add(1);
            *revision.borrow_mut() = rev;
            text.set((rev, value));
        })
    };
    // How the paste is read (remembered across reloads).
    let link = use_state(|| {
        super::saved(super::PASTE_LINK_KEY)
            .map(|v| import::LinkChoice::from_value(&v))
            .unwrap_or_default()
    });
    let debounce = use_mut_ref(|| None::<Timeout>);
    let detail_ref = use_node_ref();
    let list_ref = use_node_ref();
    // The Analysis view's pictures, and where they come from (the worker's job, or the page).
    let analysis = use_state(|| None::<Rc<crate::model::analysis_view::Drawn>>);
    let analysing = use_state_eq(|| None::<(usize, usize)>);
    let analyser = use_mut_ref(Analyser::default);

    let loads = use_import(&store, show.clone());
    let (load_import, load_text, read_file) = (
        loads.load_import.clone(),
        loads.load_text.clone(),
        loads.read_file.clone(),
    );
    {
        let show = show.clone();
        let load_import = load_import.clone();
        let dispatch = dispatch.clone();
        let restore = props.restore.clone();
        use_effect_with(props.inbox.clone(), move |(seq, bytes)| {
            if *seq > 0 {
                let imp = import::import(bytes);
                if matches!(imp.format, Some(import::InputFormat::Text(_))) {
                    show(String::from_utf8_lossy(bytes).into_owned());
                }
                load_import(imp);
                if let (1, Some((filter, selected))) = (*seq, restore) {
                    dispatch.dispatch(Change::Apply(Action::Restore { filter, selected }));
                }
            }
        });
    }

    {
        // What was in the paste box before a reload comes back (unless a link brings frames),
        // with the filter and the frame selected then (#29).
        let show = show.clone();
        let load_text = load_text.clone();
        let from_link = props.inbox.0 > 0;
        let dispatch = store.dispatcher();
        use_effect_with((), move |_| {
            if let Some(saved) = super::saved(super::PASTE_KEY).filter(|_| !from_link) {
                let js = wasm_bindgen::JsValue::from_str(&saved);
                show(saved);
                let choice = super::saved(super::PASTE_LINK_KEY)
                    .map(|v| import::LinkChoice::from_value(&v))
                    .unwrap_or_default();
                load_text(&js, choice);
                let view = super::saved(super::INSPECTOR_VIEW_KEY)
                    .and_then(|text| crate::model::inspector::view_from_text(&text));
                if let Some((filter, selected)) = view {
                    dispatch.dispatch(Change::Apply(Action::Restore { filter, selected }));
                }
            }
        });
    }
    let oninput = {
        let paste = paste.clone();
        let debounce = debounce.clone();
        let load_text = load_text.clone();
        let choice = *link;
        Callback::from(move |e: InputEvent| {
            let Some(area) = target::<HtmlTextAreaElement>(&e) else {
                return;
            };
            // The box's value as a JavaScript string: not copied into Rust.
            let value = js_sys::Reflect::get(&area, &"value".into()).unwrap_or_default();
            *paste.borrow_mut() = value.clone();
            let load_text = load_text.clone();
            // Decode and keep the text (for a reload) as the user types, once they pause.
            *debounce.borrow_mut() = Some(super::later(DEBOUNCE_MS, move || {
                super::save_js(super::PASTE_KEY, &value);
                load_text(&value, choice)
            }));
        })
    };

    {
        let read_file = read_file.clone();
        use_effect_with(props.dropped.clone(), move |(seq, file)| {
            if let (true, Some(file)) = (*seq > 0, file.clone()) {
                read_file(file, None);
            }
        });
    }

    let onfile = {
        let read_file = read_file.clone();
        Callback::from(move |e: Event| {
            let Some(input) = target::<HtmlInputElement>(&e) else {
                return;
            };
            if let Some(file) = input.files().and_then(|f| f.get(0)) {
                read_file(file, None);
            }
        })
    };
    // Another way to read the paste: read it again that way.
    let on_link = {
        let (load_text, paste, link) = (load_text.clone(), paste.clone(), link.clone());
        Callback::from(move |choice: import::LinkChoice| {
            link.set(choice);
            super::save(super::PASTE_LINK_KEY, choice.value());
            let text = paste.borrow().clone();
            let blank = js_sys::JsString::from(text.clone()).trim().length() == 0;
            if !blank {
                load_text(&text, choice);
            }
        })
    };
    // A sample: its frames as a hex stream in the paste box, and decoded.
    let on_sample = {
        let (load_import, show) = (load_import.clone(), show.clone());
        Callback::from(move |joined: String| {
            load_import(import::import_text(&joined));
            show(joined);
        })
    };
    let inspector = state.borrow();
    // Kept for a reload: the filter and the selected frame (restored with the paste).
    use_effect_with(
        (inspector.filter.clone(), inspector.selected),
        |(filter, selected)| {
            let text = crate::model::inspector::view_text(filter, *selected);
            super::save(super::INSPECTOR_VIEW_KEY, &text);
        },
    );
    // The field tree and the bytes scroll on their own, as tall as the window leaves below the
    // list (which grows while a capture loads): list, tree and bytes fit one screen.
    {
        let detail_ref = detail_ref.clone();
        use_effect(move || {
            let detail = detail_ref
                .cast::<HtmlElement>()
                .and_then(|el| el.query_selector(".detail").ok().flatten())
                .and_then(|el| el.dyn_into::<HtmlElement>().ok());
            if let Some(el) = detail {
                fit_panes(&el);
            }
        });
    }
    // The chosen frame, decoded once (a load's frames never change: the load and the frame's
    // number identify it).
    let frame = (loads.load, inspector.selected);
    let chosen = use_memo(frame, {
        let f = inspector.selected_frame().map(|f| {
            (
                f.link,
                Rc::<[u8]>::from(f.bytes),
                f.unknown.as_bytes().to_vec(),
            )
        });
        move |_| {
            f.map(|(link, bytes, unknown)| {
                let unknown = crate::codec::Unknown::packed(&unknown);
                let options = crate::codec::Options {
                    tree: true,
                    unknown,
                };
                (
                    Rc::new(crate::codec::dissect_with(link, &bytes, options)),
                    bytes,
                )
            })
        }
    });
    let dissection: Option<Rc<Dissection>> = chosen.as_ref().as_ref().map(|(d, _)| d.clone());

    // ----- Analysis view ------------------------------------------------------------------------
    // The analyzer runs over the loaded frames in slices that yield to the browser in between
    // (a million frames take seconds), with its progress; a new capture drops the result.
    // A display filter on a large capture goes to the workers when they hold all of it.
    let filter_workers = loads.filter_workers.clone();
    let on_analyse = {
        let lang = l;
        let (state, analysis, analysing, analyser) = (
            state.clone(),
            analysis.clone(),
            analysing.clone(),
            analyser.clone(),
        );
        Callback::from(move |_: MouseEvent| {
            let total = state.borrow().frames.len();
            if total == 0 || analysing.is_some() {
                return;
            }
            analysing.set(Some((0, total)));
            let job = {
                let mut a = analyser.borrow_mut();
                a.job = a.job.wrapping_add(1);
                a.local = None;
                (a.fed, a.total) = (0, total);
                if a.worker.is_none() {
                    a.worker = start_analysis_worker(&analysis, &analysing, &analyser);
                }
                a.job
            };
            let worker = analyser.borrow().worker.clone();
            let (state, analysis, analysing, analyser) = (
                state.clone(),
                analysis.clone(),
                analysing.clone(),
                analyser.clone(),
            );
            // The frames go to the worker a slice at a time (or to an analyzer on the page where
            // workers are unavailable), yielding to the browser in between.
            yew::platform::spawn_local(async move {
                let mut local = crate::analyze::Analyzer::new();
                let mut batch = Vec::new();
                let mut next = 0usize;
                while next < total {
                    let slice = if worker.is_some() {
                        WORKER_SLICE
                    } else {
                        ANALYSIS_SLICE
                    };
                    let end = next.saturating_add(slice).min(total);
                    {
                        let s = state.borrow();
                        if s.frames.len() != total || analyser.borrow().job != job {
                            // Another capture was loaded, or another analysis started.
                            analysing.set(None);
                            return;
                        }
                        batch.clear();
                        crate::model::analysis_view::encode_frames(
                            &s.frames,
                            next..end,
                            &mut batch,
                        );
                    }
                    match &worker {
                        Some(w) => w.analysis_feed(job, &batch),
                        None => {
                            crate::model::analysis_view::feed(&mut local, &batch);
                            analysing.set(Some((end, total)));
                        }
                    }
                    next = end;
                    yew::platform::time::sleep(std::time::Duration::ZERO).await;
                }
                match &worker {
                    Some(w) => w.analysis_view(job, true, lang, None),
                    None => {
                        let prepared = crate::model::analysis_view::Prepared::new(local.finish());
                        let drawn = prepared.draw(&prepared.whole_view(lang));
                        analyser.borrow_mut().local = Some(Rc::new(prepared));
                        analysis.set(Some(Rc::new(drawn)));
                        analysing.set(None);
                    }
                }
            });
        })
    };
    let on_analysis_view = {
        let (analysis, analyser) = (analysis.clone(), analyser.clone());
        Callback::from(move |view: crate::model::analysis_view::View| {
            let a = analyser.borrow();
            match (&a.local, &a.worker) {
                (Some(p), _) => analysis.set(Some(Rc::new(p.draw(&view)))),
                (None, Some(w)) => w.analysis_view(a.job, false, view.lang, Some(view)),
                (None, None) => {}
            }
        })
    };
    let on_analysis_close = {
        let analysis = analysis.clone();
        Callback::from(move |()| {
            analysis.set(None);
            // Closed: the focus returns to the button that opened it (#29).
            super::focus_later(format!("[data-testid={}]", super::testids::ANALYSIS_OPEN));
        })
    };
    let on_analysis_frame = {
        let (state, dispatch, list_ref, analysis) = (
            state.clone(),
            dispatch.clone(),
            list_ref.clone(),
            analysis.clone(),
        );
        Callback::from(move |number: u64| {
            let number = usize::try_from(number).unwrap_or(usize::MAX);
            // Hidden by the filter or "IGMP only": the user's filter is kept, and the list says
            // so with a button to show the frame.
            dispatch.dispatch(Change::Apply(Action::GoTo {
                number,
                reveal: false,
            }));
            analysis.set(None);
            // After the list has re-rendered with every row (the filter may just have been
            // cleared), scroll the frame into view and give the list the focus.
            let (state, list_ref, dispatch) = (state.clone(), list_ref.clone(), dispatch.clone());
            super::later(0, move || {
                show_selection(&state.borrow(), &list_ref);
                dispatch.dispatch(Change::Redraw);
            })
            .forget();
        })
    };
    let packet_list = html! {
        <PacketList lang={l} store={store.clone()} list_ref={list_ref.clone()} analysing={*analysing} {on_analyse} {filter_workers} />
    };

    // ----- field tree and hex pane (their hover, chosen field and collapsed rows start afresh
    // with each frame) -------------------------------------------------------------------------
    let on_apply_filter = {
        let dispatch = dispatch.clone();
        use_callback((), move |text: String, _| {
            dispatch.dispatch(Change::Apply(Action::Filter(text)))
        })
    };
    let detail = match chosen.as_ref() {
        Some((d, bytes)) => html! {
            <FrameDetail dissection={d.clone()} bytes={bytes.clone()} lang={l} {frame}
                on_apply_filter={on_apply_filter.clone()} />
        },
        None => html! { <p class="muted">{ t(l, "inspector.no_frame") }</p> },
    };

    // ----- MAC mapping -------------------------------------------------------------------------
    let frame_group: Option<Ipv4Addr> = dissection.as_ref().and_then(|d| {
        d.info
            .group
            .filter(|g| g.is_multicast())
            .or(d.info.dst.filter(|a| a.is_multicast()))
    });
    let frame_mac: Option<[u8; 6]> = inspector
        .selected_frame()
        .filter(|f| f.link == crate::codec::LinkType::Ethernet)
        .and_then(|f| {
            f.bytes
                .get(..6)
                .map(|b| [b[0], b[1], b[2], b[3], b[4], b[5]])
        });
    let frame_dst = dissection
        .as_ref()
        .and_then(|d| d.info.dst)
        .filter(|a| a.is_multicast());
    let mac_panel = html! { <MacPanel lang={l} {frame_group} {frame_dst} {frame_mac} {frame} /> };

    html! {
        <div class="inspector">
            <ImportBar lang={l} store={store.clone()} text={(*text).clone()} loading={loads.loading} link={*link} {on_link}
                load_ms={loads.load_ms} worker_ms={loads.worker_ms} {oninput} {onfile} {on_sample} on_cancel={loads.on_cancel.clone()} />
            // (A result of another capture than the one loaded is not shown.)
            if let Some(a) = (*analysis).clone().filter(|a| a.summary.frames == inspector.frames.len() as u64) {
                <super::analysis::AnalysisPanel drawn={a} lang={l} on_view={on_analysis_view} on_frame={on_analysis_frame} on_close={on_analysis_close} />
            }
            { packet_list }
            <div class="lower">
                <section class="panel" ref={detail_ref}>{ detail }</section>
                { mac_panel }
            </div>
        </div>
    }
}

/// Frames analysed between two yields to the browser.
const ANALYSIS_SLICE: usize = 5_000;
/// Frames sent to the analysis worker at once (encoding them takes the page a few ms).
const WORKER_SLICE: usize = 32_768;

/// The analysis' source: a worker of its own (started on the first "Analyse"), or the page.
#[derive(Default)]
struct Analyser {
    /// The current analysis; a worker's answers for another are dropped.
    job: u32,
    worker: Option<Rc<super::worker::ImportWorker>>,
    /// The analysis made on the page (no worker).
    local: Option<Rc<crate::model::analysis_view::Prepared>>,
    /// Frames the worker has taken, of how many.
    fed: usize,
    total: usize,
}

/// Starts the analysis worker: its pictures and progress go to `analysis` and `analysing`.
fn start_analysis_worker(
    analysis: &UseStateHandle<Option<Rc<crate::model::analysis_view::Drawn>>>,
    analysing: &UseStateHandle<Option<(usize, usize)>>,
    analyser: &Rc<std::cell::RefCell<Analyser>>,
) -> Option<Rc<super::worker::ImportWorker>> {
    use super::worker::Event;
    let (analysis, analysing) = (analysis.clone(), analysing.clone());
    let analyser = Rc::downgrade(analyser);
    super::worker::ImportWorker::start(move |_, event| {
        let Some(a) = analyser.upgrade() else { return };
        let mut a = a.borrow_mut();
        match event {
            Event::Failed(message) => {
                gloo::console::warn!(format!("analysis worker failed: {message}"));
                a.worker = None;
                analysing.set(None);
            }
            // An answer for an analysis since replaced.
            Event::AnalysisFed(job, _) | Event::AnalysisDrawn(job, _) if job != a.job => {}
            Event::AnalysisFed(_, n) => {
                a.fed = a.fed.saturating_add(n).min(a.total);
                analysing.set(Some((a.fed, a.total)));
            }
            Event::AnalysisDrawn(_, drawn) => {
                analysing.set(None);
                analysis.set(Some(Rc::new(*drawn)));
            }
            _ => {}
        }
    })
    .map(Rc::new)
}
