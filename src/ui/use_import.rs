//! The Inspector's loads (#31): pastes, files and links, read by the import worker (and its
//! helper) in batches or on the page in chunks, with progress, Cancel and the timings; and the
//! display filter handed to the workers when they hold a whole capture. `use_import` owns the
//! loads' bookkeeping (the current load's number, the workers, the batches put back in order,
//! the reader's end) so that `InspectorView` only calls what it returns.

use std::cell::RefCell;
use std::rc::Rc;

use gloo::file::callbacks::FileReader;
use yew::prelude::*;

use super::import_bar::Loading;
use super::inspector::{Change, Store};
use super::worker::{Event as WorkerEvent, ImportWorker};
use crate::codec::Severity;
use crate::import;
use crate::model::import_job::Reorder;
use crate::model::inspector::{Action, Inspector};

/// How often a capture arriving from the import worker redraws the list and progress.
const REDRAW_MS: f64 = 200.0;
/// Frames summarised per turn of the event loop while a capture loads.
const CHUNK: usize = 20_000;
/// When the import workers start after the Inspector appears: after the app's first clicks, so
/// that their compiling the wasm does not slow them on a machine of two cores (a file dropped
/// sooner starts them at once).
const WORKER_WARMUP_MS: u32 = 1500;

type Dispatch = UseReducerDispatcher<Store>;
/// Reads pasted text (a JavaScript string), as the choice says.
type LoadText = Rc<dyn Fn(&wasm_bindgen::JsValue, import::LinkChoice)>;
/// Reads a file, or a paste handed over as a file with its choice.
type ReadFile = Rc<dyn Fn(web_sys::File, Option<import::LinkChoice>)>;

/// What the Inspector gets from [`use_import`].
pub(super) struct Loads {
    /// The progress of the load running, if one is.
    pub loading: Option<Loading>,
    /// The last load's time on the page, and the import worker's own.
    pub load_ms: Option<u64>,
    pub worker_ms: Option<u64>,
    /// The current load's number: a load's frames never change, so it identifies a frame with
    /// the frame's number.
    pub load: u64,
    /// Shows an import made on the page (summarised in chunks).
    pub load_import: Rc<dyn Fn(import::Import)>,
    /// Reads a file (or a paste as a file, read as the choice says) in the import worker.
    pub read_file: ReadFile,
    /// Reads pasted text, kept as a JavaScript string.
    pub load_text: LoadText,
    pub on_cancel: Callback<MouseEvent>,
    /// Runs a display filter (job number, text) in the workers, when they hold the whole
    /// capture (true), or stops it (None).
    pub filter_workers: Callback<Option<(u64, String)>, bool>,
}

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

/// Holds the file reader alive while a file loads.
type ReaderSlot = Rc<RefCell<Option<FileReader>>>;

/// The Inspector's loads: see the module's documentation. `show` puts a text file's text in the
/// paste box.
#[hook]
pub(super) fn use_import(store: &UseReducerHandle<Store>, show: Rc<dyn Fn(String)>) -> Loads {
    let state = store.model.clone();
    let dispatch = store.dispatcher();
    let reader: ReaderSlot = use_mut_ref(|| None);
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
                        message: import::Why::NotRead {
                            error: err.to_string(),
                        }
                        .text(),
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
    let load = *token.borrow();
    Loads {
        loading: *loading,
        load_ms: *load_ms,
        worker_ms: *worker_ms,
        load,
        load_import,
        read_file,
        load_text,
        on_cancel,
        filter_workers,
    }
}
