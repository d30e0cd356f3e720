//! The Inspector screen: input, packet list, field tree, hex pane, MAC panel.

use std::cell::RefCell;
use std::net::Ipv4Addr;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use gloo::timers::callback::Timeout;
use wasm_bindgen::JsCast;
use web_sys::{HtmlElement, HtmlInputElement, HtmlTextAreaElement};
use yew::prelude::*;

use super::frame_detail::{fit_panes, FrameDetail};
use super::import_bar::{ImportBar, Loading};
use super::mac_panel::MacPanel;
use super::packet_list::{show_selection, PacketList};
use super::target;
use super::worker::{Event as WorkerEvent, ImportWorker};
use crate::codec::{Dissection, Lang, Severity};
use crate::import;
use crate::model::i18n::t;
use crate::model::import_job::Reorder;
use crate::model::inspector::{Action, Inspector};

const DEBOUNCE_MS: u32 = 250;
/// When the import worker starts after the Inspector appears.
const WORKER_WARMUP_MS: u32 = 300;
/// How often a capture arriving from the import worker redraws the list and progress.
const REDRAW_MS: f64 = 200.0;
/// Frames summarised per turn of the event loop while a capture loads.
const CHUNK: usize = 20_000;

/// The import worker and its helper (see `ui::worker`).
struct Workers {
    reader: ImportWorker,
    helper: Option<ImportWorker>,
}

/// Whether every batch of a streamed load has been appended after the reader's end; then
/// gives the model the stream's end.
fn finish_if_complete(
    dispatch: &Dispatch,
    reorder: &RefCell<Reorder>,
    ended: &RefCell<Option<(String, f64, u32)>>,
) -> bool {
    let ended = ended.borrow();
    let Some((json, _, batches)) = ended.as_ref() else {
        return false;
    };
    if reorder.borrow().done() < *batches {
        return false;
    }
    if let Some(end) = crate::model::worker_messages::decode_end(json) {
        dispatch.dispatch(Change::Quietly(Action::Finish(end)));
    }
    true
}

/// A streamed load is complete: its timings, and the progress bar goes.
fn finished(
    worker_ms: &UseStateHandle<Option<u64>>,
    ended: &RefCell<Option<(String, f64, u32)>>,
    loading: &UseStateHandle<Option<Loading>>,
    load_ms: &UseStateHandle<Option<u64>>,
    current: &RefCell<Option<(web_sys::File, f64)>>,
) {
    let ms = ended.borrow().as_ref().map(|(_, ms, _)| *ms).unwrap_or(0.0);
    worker_ms.set(Some(ms as u64));
    loading.set(None);
    let started = current.borrow().as_ref().map(|(_, t)| *t).unwrap_or(0.0);
    load_ms.set(Some((now_ms() - started).max(0.0) as u64));
}

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

type Dispatch = UseReducerDispatcher<Store>;

/// One load in progress: what each chunk needs.
struct Pump {
    state: Rc<RefCell<Inspector>>,
    loading: UseStateHandle<Option<Loading>>,
    load_ms: UseStateHandle<Option<u64>>,
    token: Rc<RefCell<u64>>,
    my_token: u64,
    dispatch: Dispatch,
    started: f64,
}

fn pump(p: Rc<Pump>) {
    if *p.token.borrow() != p.my_token {
        return; // cancelled, or replaced by a newer load
    }
    p.dispatch.dispatch(Change::Apply(Action::Summarise(CHUNK)));
    let (n, total) = p.state.borrow().progress();
    if n >= total {
        p.loading.set(None);
        p.load_ms.set(Some((now_ms() - p.started).max(0.0) as u64));
    } else {
        p.loading.set(Some(Loading::Frames(n, total)));
        super::later(0, move || pump(p)).forget();
    }
}

fn now_ms() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
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

/// Holds the file reader alive while a file loads.
type ReaderSlot = Rc<RefCell<Option<FileReader>>>;

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
    let reader: ReaderSlot = use_mut_ref(|| None);
    let detail_ref = use_node_ref();
    let list_ref = use_node_ref();
    let analysis = use_state(|| None::<Rc<crate::analyze::Analysis>>);
    let analysing = use_state_eq(|| None::<(usize, usize)>);

    let loading = use_state_eq(|| None::<Loading>);
    let load_ms = use_state_eq(|| None::<u64>);
    // The import worker's own time for the last file (shown to the benchmark).
    let worker_ms = use_state_eq(|| None::<u64>);
    let token = use_mut_ref(|| 0u64);
    let worker_slot = use_mut_ref(|| None::<Workers>);
    // The current load's batches, put back in order, and the reader's end once it came.
    // Whether the workers keep the current file's batches (for filtering), and the load whose
    // batches they hold whole (0: none).
    let holding = use_mut_ref(|| false);
    let held = use_mut_ref(|| 0u64);
    let reorder = use_mut_ref(Reorder::default);
    let ended = use_mut_ref(|| None::<(String, f64, u32)>);
    let load_import = {
        let state = state.clone();
        let loading = loading.clone();
        let load_ms = load_ms.clone();
        let token = token.clone();
        let dispatch = dispatch.clone();
        Rc::new(move |imp: import::Import| {
            let started = now_ms();
            *token.borrow_mut() += 1;
            let my_token = *token.borrow();
            dispatch.dispatch(Change::Apply(Action::Begin(imp)));
            load_ms.set(None);
            // Summarise in chunks so that a large capture never freezes the page.
            pump(Rc::new(Pump {
                state: state.clone(),
                loading: loading.clone(),
                load_ms: load_ms.clone(),
                token: token.clone(),
                my_token,
                dispatch: dispatch.clone(),
                started,
            }));
        })
    };
    let on_cancel = {
        let token = token.clone();
        let loading = loading.clone();
        let dispatch = dispatch.clone();
        let worker_slot = worker_slot.clone();
        Callback::from(move |_: MouseEvent| {
            *token.borrow_mut() += 1;
            // Stop reading (a new worker starts with the next file).
            *worker_slot.borrow_mut() = None;
            dispatch.dispatch(Change::Apply(Action::Cancel));
            loading.set(None);
        })
    };

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

    // On the page: the whole file at once (text, or when no worker can start).
    let read_whole = {
        let reader = reader.clone();
        let load_import = load_import.clone();
        let show = show.clone();
        Rc::new(move |file: web_sys::File| {
            let load_import = load_import.clone();
            let show = show.clone();
            let blob = gloo::file::File::from(file);
            let task = gloo::file::callbacks::read_as_bytes(&blob, move |result| match result {
                Ok(bytes) => {
                    let imp = import::import(&bytes);
                    if matches!(imp.format, Some(import::InputFormat::Text(_))) {
                        show(String::from_utf8_lossy(&bytes).into_owned());
                    }
                    load_import(imp);
                }
                Err(err) => {
                    let mut imp = import::import(&[]);
                    imp.problems.push(import::Problem {
                        severity: Severity::Error,
                        location: import::Location::File {
                            offset: 0,
                            record: None,
                        },
                        message: crate::codec::Text::new(
                            format!("The file could not be read: {err}"),
                            format!("ファイルを読み込めませんでした: {err}"),
                        ),
                    });
                    load_import(imp);
                }
            });
            *reader.borrow_mut() = Some(task);
        })
    };

    // A capture goes to the import worker, which reads it in slices and sends frames with their
    // rows in batches; the page only appends them.
    let current = use_mut_ref(|| None::<(web_sys::File, f64)>);
    // The worker starts once, soon after the screen (so that compiling its wasm, which competes
    // for the CPU, is done before a file comes), and is started again after a Cancel.
    let ensure_worker = {
        let (state, token, loading, load_ms) = (
            state.clone(),
            token.clone(),
            loading.clone(),
            load_ms.clone(),
        );
        let (dispatch, worker_slot, current, read_whole) = (
            dispatch.clone(),
            worker_slot.clone(),
            current.clone(),
            read_whole.clone(),
        );
        let worker_ms = worker_ms.clone();
        let (reorder, ended) = (reorder.clone(), ended.clone());
        let (holding, held) = (holding.clone(), held.clone());
        Rc::new(move || {
            if worker_slot.borrow().is_some() {
                return;
            }
            let on_event = {
                let (state, token, loading, load_ms) = (
                    state.clone(),
                    token.clone(),
                    loading.clone(),
                    load_ms.clone(),
                );
                let (dispatch, current, read_whole) =
                    (dispatch.clone(), current.clone(), read_whole.clone());
                let worker_ms = worker_ms.clone();
                let (reorder, ended) = (reorder.clone(), ended.clone());
                let (holding, held) = (holding.clone(), held.clone());
                // The load is whole: the workers hold every batch of it (when asked to).
                let complete = {
                    let holding = holding.clone();
                    move |id: u32| {
                        if *holding.borrow() {
                            *held.borrow_mut() = u64::from(id);
                        }
                    }
                };
                let last_drawn = std::cell::Cell::new(0.0);
                let last_read = std::cell::Cell::new(0.0);
                let worker_slot = Rc::downgrade(&worker_slot);
                move |id: u32, event: WorkerEvent| {
                    let mine = u64::from(id) == *token.borrow();
                    let size = current
                        .borrow()
                        .as_ref()
                        .map(|(f, _)| f.size())
                        .unwrap_or(0.0);
                    match event {
                        WorkerEvent::Format(json) if mine => {
                            let format = crate::model::worker_messages::decode_format(&json);
                            dispatch.dispatch(Change::Quietly(Action::Format(format.flatten())));
                        }
                        WorkerEvent::Raw { seq, data, read } if mine => {
                            // Raw batches come only when the helper was ready at the start of
                            // this load, and the two workers are dropped together.
                            last_read.set(read);
                            if let Some(slot) = worker_slot.upgrade() {
                                let workers = slot.borrow();
                                if let Some(h) = workers.as_ref().and_then(|w| w.helper.as_ref()) {
                                    h.make_rows(id, seq, &data, *holding.borrow());
                                }
                            }
                            return;
                        }
                        WorkerEvent::Batch { seq, bytes, read } if mine => {
                            if let Some(read) = read {
                                last_read.set(read);
                            }
                            let ready = reorder.borrow_mut().push(seq, bytes);
                            for batch in ready {
                                let first = state.borrow().frames.is_empty();
                                let file_bytes = first.then_some(size as u64);
                                dispatch.dispatch(Change::Quietly(Action::Append {
                                    batch,
                                    file_bytes,
                                }));
                            }
                            if !finish_if_complete(&dispatch, &reorder, &ended) {
                                // Redraw (list length, progress) a few times a second, not per
                                // batch.
                                let now = now_ms();
                                if now - last_drawn.get() < REDRAW_MS {
                                    return;
                                }
                                last_drawn.set(now);
                                // In a task of its own: appending the first batch and the page's
                                // first full render in one task took 85–111 ms.
                                let (loading, dispatch) = (loading.clone(), dispatch.clone());
                                let (token, ended, read) =
                                    (token.clone(), ended.clone(), last_read.get());
                                super::later(0, move || {
                                    // Not after this load's end, nor for another load.
                                    if *token.borrow() == u64::from(id) && ended.borrow().is_none()
                                    {
                                        loading.set(Some(Loading::Bytes(read, size)));
                                        dispatch.dispatch(Change::Redraw);
                                    }
                                })
                                .forget();
                                return;
                            }
                            complete(id);
                            finished(&worker_ms, &ended, &loading, &load_ms, &current);
                        }
                        WorkerEvent::End { json, ms, batches } if mine => {
                            *ended.borrow_mut() = Some((json, ms, batches));
                            if !finish_if_complete(&dispatch, &reorder, &ended) {
                                return;
                            }
                            complete(id);
                            finished(&worker_ms, &ended, &loading, &load_ms, &current);
                        }
                        WorkerEvent::Filtered { job, tested, kept } => {
                            // Quietly, and drawn a few times a second (the progress) and at
                            // the end: the page's redraws would take the workers' CPU.
                            dispatch.dispatch(Change::Quietly(Action::FilterPart {
                                job,
                                tested,
                                kept,
                            }));
                            let now = now_ms();
                            let done = state
                                .borrow()
                                .filter_job
                                .as_ref()
                                .is_none_or(|j| j.id != job);
                            if done || now - last_drawn.get() >= REDRAW_MS {
                                last_drawn.set(now);
                                dispatch.dispatch(Change::Redraw);
                            }
                            return;
                        }
                        WorkerEvent::Text if mine => {
                            loading.set(None);
                            if let Some((file, _)) = current.borrow().clone() {
                                read_whole(file);
                            }
                        }
                        WorkerEvent::Failed(message) => {
                            // The worker could not run: the page reads the file itself.
                            gloo::console::warn!(format!("import worker failed: {message}"));
                            if let Some(slot) = worker_slot.upgrade() {
                                *slot.borrow_mut() = None;
                            }
                            loading.set(None);
                            if let Some((file, _)) = current.borrow().clone() {
                                read_whole(file);
                            }
                        }
                        _ => return, // a load that was cancelled or replaced
                    }
                    dispatch.dispatch(Change::Redraw);
                }
            };
            // The reader, and a helper that makes the rows of every other batch (with the reader making
            // one in three, the 1M-frame import took 2.0–2.2 s; one in two, 1.5–1.6 s).
            let on_event = Rc::new(on_event);
            let handler = |h: Rc<dyn Fn(u32, WorkerEvent)>| move |id, e| h(id, e);
            *worker_slot.borrow_mut() =
                ImportWorker::start(handler(on_event.clone())).map(|reader| Workers {
                    reader,
                    helper: ImportWorker::start(handler(on_event.clone())),
                });
        })
    };
    {
        let ensure_worker = ensure_worker.clone();
        use_effect_with((), move |_| {
            super::later(WORKER_WARMUP_MS, move || ensure_worker()).forget();
        });
    }
    let read_file = {
        let (dispatch, token, loading, load_ms) = (
            dispatch.clone(),
            token.clone(),
            loading.clone(),
            load_ms.clone(),
        );
        let (worker_slot, current, read_whole) =
            (worker_slot.clone(), current.clone(), read_whole.clone());
        let ensure_worker = ensure_worker.clone();
        let (reorder, ended) = (reorder.clone(), ended.clone());
        let holding = holding.clone();
        Rc::new(
            move |file: web_sys::File, paste: Option<import::LinkChoice>| {
                *token.borrow_mut() += 1;
                let my_token = *token.borrow();
                *current.borrow_mut() = Some((file.clone(), now_ms()));
                *reorder.borrow_mut() = Reorder::default();
                *ended.borrow_mut() = None;
                ensure_worker();
                let slot = worker_slot.borrow();
                let Some(workers) = slot.as_ref() else {
                    drop(slot);
                    read_whole(file);
                    return;
                };
                dispatch.dispatch(Change::Apply(Action::BeginStream));
                load_ms.set(None);
                loading.set(Some(Loading::Bytes(0.0, file.size())));
                // Share the rows with the helper (its messages wait until its wasm is ready); a
                // paste's rows are made with its frames.
                let split = workers.helper.is_some() && paste.is_none();
                let id = u32::try_from(my_token).unwrap_or(0);
                let keep = file.size() <= crate::model::filter_share::HOLD_LIMIT;
                *holding.borrow_mut() = keep;
                workers.reader.import(id, &file, split, keep, paste);
            },
        )
    };
    // Pasted text is decoded in the import worker too (a 2 MB paste held the page for 1.4 s),
    // handed over as a file; on the page only when no worker can start.
    let load_text = {
        let (read_file, load_import, worker_slot) =
            (read_file.clone(), load_import.clone(), worker_slot.clone());
        let ensure_worker = ensure_worker.clone();
        Rc::new(
            move |text: &wasm_bindgen::JsValue, choice: import::LinkChoice| {
                ensure_worker();
                let parts = js_sys::Array::of1(text);
                let file = worker_slot
                    .borrow()
                    .as_ref()
                    .and_then(|_| web_sys::File::new_with_str_sequence(&parts, "paste.txt").ok());
                match file {
                    Some(file) => read_file(file, Some(choice)),
                    None => load_import(import::import_text_as(
                        &text.as_string().unwrap_or_default(),
                        choice,
                    )),
                }
            },
        )
    };
    {
        // What was in the paste box before a reload comes back (unless a link brings frames).
        let show = show.clone();
        let load_text = load_text.clone();
        let from_link = props.inbox.0 > 0;
        use_effect_with((), move |_| {
            if let Some(saved) = super::saved(super::PASTE_KEY).filter(|_| !from_link) {
                let js = wasm_bindgen::JsValue::from_str(&saved);
                show(saved);
                let choice = super::saved(super::PASTE_LINK_KEY)
                    .map(|v| import::LinkChoice::from_value(&v))
                    .unwrap_or_default();
                load_text(&js, choice);
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
    let frame = (*token.borrow(), inspector.selected);
    let chosen = use_memo(frame, {
        let f = inspector
            .selected_frame()
            .map(|f| (f.link, Rc::<[u8]>::from(f.bytes)));
        move |_| f.map(|(link, bytes)| (Rc::new(crate::codec::dissect(link, &bytes)), bytes))
    });
    let dissection: Option<Rc<Dissection>> = chosen.as_ref().as_ref().map(|(d, _)| d.clone());

    // ----- Analysis view ------------------------------------------------------------------------
    // The analyzer runs over the loaded frames in slices that yield to the browser in between
    // (a million frames take seconds), with its progress; a new capture drops the result.
    // A display filter on a large capture goes to the workers when they hold all of it.
    let filter_workers = {
        let (state, worker_slot, token, held) = (
            state.clone(),
            worker_slot.clone(),
            token.clone(),
            held.clone(),
        );
        use_callback((), move |request: Option<(u64, String)>, _| {
            let slot = worker_slot.borrow();
            let Some(workers) = slot.as_ref() else {
                return false;
            };
            let all = std::iter::once(&workers.reader).chain(workers.helper.as_ref());
            let Some((job, text)) = request else {
                all.for_each(|w| w.filter(None));
                return false;
            };
            let load = *token.borrow();
            if *held.borrow() != load {
                return false;
            }
            let s = state.borrow();
            let time = |i: usize| s.frames.get(i).map_or(0.0, |f| f.seconds());
            let places = crate::model::filter_share::places(&s.batch_starts, time);
            let id = u32::try_from(load).unwrap_or(0);
            all.for_each(|w| w.filter(Some((id, job, &text, &places, time(0)))));
            true
        })
    };
    let on_analyse = {
        let (state, analysis, analysing) = (state.clone(), analysis.clone(), analysing.clone());
        Callback::from(move |_: MouseEvent| {
            let total = state.borrow().frames.len();
            if total == 0 || analysing.is_some() {
                return;
            }
            let (state, analysis, analysing) = (state.clone(), analysis.clone(), analysing.clone());
            analysing.set(Some((0, total)));
            yew::platform::spawn_local(async move {
                let mut analyzer = crate::analyze::Analyzer::new();
                let mut next = 0usize;
                while next < total {
                    let end = next.saturating_add(ANALYSIS_SLICE).min(total);
                    {
                        let s = state.borrow();
                        if s.frames.len() != total {
                            // Another capture was loaded meanwhile.
                            analysing.set(None);
                            return;
                        }
                        for i in next..end {
                            if let Some(f) = s.frames.get(i) {
                                analyzer.observe(crate::analyze::Input {
                                    link: f.link,
                                    ts_sec: f.ts_sec,
                                    ts_nsec: f.ts_nsec,
                                    bytes: f.bytes,
                                });
                            }
                        }
                    }
                    next = end;
                    analysing.set(Some((next, total)));
                    yew::platform::time::sleep(std::time::Duration::ZERO).await;
                }
                analysis.set(Some(Rc::new(analyzer.finish())));
                analysing.set(None);
            });
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
            <ImportBar lang={l} store={store.clone()} text={(*text).clone()} loading={*loading} link={*link} {on_link}
                load_ms={*load_ms} worker_ms={*worker_ms} {oninput} {onfile} {on_sample} on_cancel={on_cancel.clone()} />
            // (A result of another capture than the one loaded is not shown.)
            if let Some(a) = (*analysis).clone().filter(|a| a.frames == inspector.frames.len() as u64) {
                <super::analysis::AnalysisPanel analysis={a} lang={l} on_frame={on_analysis_frame} on_close={on_analysis_close} />
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
