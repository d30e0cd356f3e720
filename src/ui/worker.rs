//! The import worker: a capture file is read, parsed and summarised off the page's thread, and
//! the page receives frames with their rows in batches (issue #17).
//!
//! The worker runs the same wasm as the page (one download, and the bundle does not grow): the
//! page starts a module worker whose script imports this app's own JavaScript glue and
//! initialises it; `main` sees that it runs in a worker and calls [`serve`] instead of mounting
//! the UI. The work itself is [`crate::model::import_job::ImportJob`] over a `File` read in
//! slices with `FileReaderSync`, so memory stays flat whatever the file's size.
//!
//! Summarising is most of the work, so a second worker (the same code) shares it: with `split`,
//! the reader makes the rows of every other batch and sends the others without rows (`raw`);
//! the page hands those to the helper, which sends them back with rows, and puts the batches
//! back in order (`model::import_job::Reorder`).
//!
//! Messages, page → worker: `{id, file, split}` (read this file) or `{id, seq, raw}` (make the
//! rows of a batch). Worker → page: `{ready}` once it listens; then per load `{id, format}`
//! (JSON), `{id, seq, batch, read}` or `{id, seq, raw, read}` (the frames wire form, transferred),
//! and `{id, end, ms, batches}` (JSON of `StreamEnd`), or `{id, text}` when the file is not a
//! capture (the page then reads it whole as text). The helper answers `{id, seq, raw}` with
//! `{id, seq, batch}`.
//!
//! With `hold` (a capture within `model::filter_share::HOLD_LIMIT`), each worker keeps the
//! batches it made rows for, and filters them (#26): page → both `{id, filter, job, places,
//! first}` (a display filter for load `id`: its text, its job number, where each batch sits and
//! the first frame's time) or `{cancel}`; worker → page `{filtered: job, tested, kept}` for each
//! batch (kept as a `Uint32Array` of capture indices). A worker works in slices of about
//! [`FILTER_SLICE_MS`] and reads its messages between them, so a newer filter or a cancel
//! replaces the running one.

use std::io::Read;

use js_sys::{Array, Object, Reflect, Uint8Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Blob, DedicatedWorkerGlobalScope, FileReaderSync, MessageEvent, Worker};

use crate::model::import_job::ImportJob;

/// Frames per batch: about 0.6 MB of 46-byte frames, a few milliseconds for the page to append
/// (32 768 made tasks of 80–120 ms on the page).
const BATCH_FRAMES: usize = 8_192;
/// How much is read from the file at once: each `FileReaderSync` read is a round trip through
/// the browser, so few large reads (4 MB reads cost about 0.3 s on a 62 MB file).
const SLICE: f64 = 16.0 * 1024.0 * 1024.0;

#[wasm_bindgen]
extern "C" {
    /// The URL of this app's JavaScript glue (`import.meta.url` inside it).
    #[wasm_bindgen(thread_local_v2, js_namespace = ["import", "meta"], js_name = url)]
    static GLUE_URL: String;
}

/// Whether this instance runs in a dedicated worker (not on the page).
pub fn in_worker() -> bool {
    js_sys::global().is_instance_of::<DedicatedWorkerGlobalScope>()
}

/// How long a worker filters before it reads its messages again.
const FILTER_SLICE_MS: f64 = 40.0;

/// The batches this worker keeps for filtering: the load they belong to, and (seq, batch).
#[derive(Default)]
struct Held {
    id: f64,
    batches: Vec<(u32, Vec<u8>)>,
}

/// A display filter running over the held batches.
struct Running {
    job: f64,
    expr: crate::model::filter::Expr,
    ids: Vec<String>,
    places: Vec<f64>,
    first: f64,
    next: usize,
}

/// The analysis this worker runs or holds (#26: the page only shows its pictures).
enum AnalysisJob {
    Idle,
    Running(f64, Box<crate::analyze::Analyzer>),
    Done(f64, crate::model::analysis_view::Prepared),
}

thread_local! {
    static ANALYSIS: std::cell::RefCell<AnalysisJob> = const { std::cell::RefCell::new(AnalysisJob::Idle) };
    static HELD: std::cell::RefCell<Held> = std::cell::RefCell::new(Held::default());
    static RUNNING: std::cell::RefCell<Option<Running>> = const { std::cell::RefCell::new(None) };
    static SCHEDULED: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
}

/// Starts keeping batches of load `id` (forgetting another load's).
fn hold_for(id: f64) {
    HELD.with(|h| {
        let mut h = h.borrow_mut();
        if h.id != id {
            *h = Held {
                id,
                batches: Vec::new(),
            };
        }
    });
}

fn hold(id: f64, seq: u32, batch: Vec<u8>) {
    hold_for(id);
    HELD.with(|h| h.borrow_mut().batches.push((seq, batch)));
}

/// Filters held batches for about [`FILTER_SLICE_MS`], then yields to read messages.
fn filter_slice(scope: &DedicatedWorkerGlobalScope) {
    SCHEDULED.with(|s| s.set(false));
    let started = js_sys::Date::now();
    loop {
        let Some(mut running) = RUNNING.with(|r| r.borrow_mut().take()) else {
            return;
        };
        let mut kept = Vec::new();
        let tested = HELD.with(|h| {
            let h = h.borrow();
            let (seq, batch) = h.batches.get(running.next)?;
            let place = crate::model::filter_share::place(&running.places, *seq)?;
            Some(crate::model::filter_share::filter_batch(
                &running.expr,
                &running.ids,
                batch,
                place,
                running.first,
                &mut kept,
            ))
        });
        // The last held batch is done (or one the page placed nowhere, which cannot happen).
        let Some(tested) = tested else { return };
        let m = Object::new();
        set(&m, "filtered", &JsValue::from_f64(running.job));
        set(
            &m,
            "tested",
            &JsValue::from(u32::try_from(tested).unwrap_or(u32::MAX)),
        );
        let kept = js_sys::Uint32Array::from(kept.as_slice());
        set(&m, "kept", &kept);
        let _ = scope.post_message_with_transfer(&m, &Array::of1(&kept.buffer()));
        running.next += 1;
        RUNNING.with(|r| *r.borrow_mut() = Some(running));
        if js_sys::Date::now() - started > FILTER_SLICE_MS {
            schedule_filter(scope);
            return;
        }
    }
}

fn schedule_filter(scope: &DedicatedWorkerGlobalScope) {
    if SCHEDULED.with(|s| s.replace(true)) {
        return;
    }
    let scope = scope.clone();
    super::later(0, move || filter_slice(&scope)).forget();
}

/// A filter request from the page: runs only over the batches of load `id`.
fn start_filter(scope: &DedicatedWorkerGlobalScope, data: &JsValue) {
    RUNNING.with(|r| *r.borrow_mut() = None);
    let id = get(data, "id").as_f64().unwrap_or(-1.0);
    if HELD.with(|h| h.borrow().id) != id {
        return;
    }
    let text = get(data, "filter").as_string().unwrap_or_default();
    let Ok(crate::model::filter::Filter::Display(expr)) = crate::model::filter::compile(&text)
    else {
        return;
    };
    let places = get(data, "places")
        .dyn_into::<js_sys::Float64Array>()
        .map(|a| a.to_vec())
        .unwrap_or_default();
    RUNNING.with(|r| {
        *r.borrow_mut() = Some(Running {
            job: get(data, "job").as_f64().unwrap_or(0.0),
            ids: expr.kept_ids(),
            expr,
            places,
            first: get(data, "first").as_f64().unwrap_or(0.0),
            next: 0,
        })
    });
    schedule_filter(scope);
}

/// An analysis message from the page (`{an: job, …}`): frames to feed, the end, or a view to
/// draw. Answers `{an, fed}` after each batch and `{an, summary, view, lanes, membership, state,
/// findings}` with the pictures.
fn analysis_message(scope: &DedicatedWorkerGlobalScope, job: f64, data: &JsValue) {
    use crate::model::analysis_view::{feed, Prepared, View};
    let drawn = ANALYSIS.with(|a| {
        let mut a = a.borrow_mut();
        if let Ok(batch) = get(data, "feed").dyn_into::<Uint8Array>() {
            if !matches!(&*a, AnalysisJob::Running(j, _) if *j == job) {
                *a = AnalysisJob::Running(job, Box::default());
            }
            let n = match &mut *a {
                AnalysisJob::Running(_, analyzer) => feed(analyzer, &batch.to_vec()),
                _ => 0,
            };
            let m = Object::new();
            set(&m, "an", &JsValue::from_f64(job));
            set(&m, "fed", &JsValue::from(crate::num::u32_sat(n)));
            let _ = scope.post_message(&m);
            return None;
        }
        let lang = if get(data, "ja").is_truthy() {
            crate::codec::Lang::Ja
        } else {
            crate::codec::Lang::En
        };
        if get(data, "end").is_truthy() {
            let done = match std::mem::replace(&mut *a, AnalysisJob::Idle) {
                AnalysisJob::Running(j, analyzer) if j == job => analyzer.finish(),
                // No frame came (an empty store): an empty analysis.
                _ => crate::analyze::Analyzer::new().finish(),
            };
            *a = AnalysisJob::Done(job, Prepared::new(done));
        }
        let AnalysisJob::Done(j, prepared) = &*a else {
            return None;
        };
        if *j != job {
            return None;
        }
        let view = get(data, "view")
            .dyn_into::<js_sys::Float64Array>()
            .ok()
            .and_then(|v| View::from_numbers(&v.to_vec()))
            .unwrap_or_else(|| prepared.whole_view(lang));
        Some(prepared.draw(&view))
    });
    let Some(d) = drawn else { return };
    let m = Object::new();
    set(&m, "an", &JsValue::from_f64(job));
    set(
        &m,
        "summary",
        &js_sys::Float64Array::from(d.summary.to_numbers().as_slice()),
    );
    if let Some(v) = d.view {
        set(
            &m,
            "view",
            &js_sys::Float64Array::from(v.to_numbers().as_slice()),
        );
    }
    for (key, text) in [
        ("lanes", &d.lanes),
        ("membership", &d.membership),
        ("state", &d.state),
        ("findings", &d.findings),
    ] {
        set(&m, key, &JsValue::from_str(text));
    }
    let _ = scope.post_message(&m);
}

fn set(obj: &Object, key: &str, value: &JsValue) {
    let _ = Reflect::set(obj, &JsValue::from_str(key), value);
}

fn get(obj: &JsValue, key: &str) -> JsValue {
    Reflect::get(obj, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
}

// ----- in the worker -----------------------------------------------------------------------------

/// A `File` as a `Read`, a slice of [`SLICE`] bytes at a time.
struct FileSlices {
    file: Blob,
    reader: FileReaderSync,
    /// Where the next slice starts, and the file's size.
    pos: f64,
    size: f64,
    /// The current slice (a JS buffer) and how much of it was given.
    slice: Option<Uint8Array>,
    given: u32,
}

impl Read for FileSlices {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if buf.is_empty() {
            return Ok(0);
        }
        let left = self.slice.as_ref().map_or(0, |s| s.length() - self.given);
        if left == 0 {
            if self.pos >= self.size {
                return Ok(0);
            }
            let end = (self.pos + SLICE).min(self.size);
            let failed = |e: JsValue| std::io::Error::other(format!("{e:?}"));
            let part = self
                .file
                .slice_with_f64_and_f64(self.pos, end)
                .map_err(failed)?;
            let data = self.reader.read_as_array_buffer(&part).map_err(failed)?;
            let slice = Uint8Array::new(&data);
            if slice.length() == 0 {
                return Ok(0);
            }
            self.pos += f64::from(slice.length());
            self.slice = Some(slice);
            self.given = 0;
        }
        let Some(slice) = &self.slice else {
            return Ok(0);
        };
        let n = (slice.length() - self.given).min(u32::try_from(buf.len()).unwrap_or(u32::MAX));
        slice
            .subarray(self.given, self.given + n)
            .copy_to(&mut buf[..n as usize]);
        self.given += n;
        Ok(n as usize)
    }
}

/// Listens for files to import (called by `main` in the worker).
pub fn serve() {
    let scope: DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let post_scope = scope.clone();
    let on_message = Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
        let data = e.data();
        let id = get(&data, "id");
        let keep = get(&data, "hold").is_truthy();
        if let Some(job) = get(&data, "an").as_f64() {
            analysis_message(&post_scope, job, &data);
        } else if get(&data, "filter").is_string() {
            start_filter(&post_scope, &data);
        } else if get(&data, "cancel").is_truthy() {
            RUNNING.with(|r| *r.borrow_mut() = None);
        } else if let Ok(file) = get(&data, "file").dyn_into::<Blob>() {
            HELD.with(|h| *h.borrow_mut() = Held::default());
            if keep {
                hold_for(id.as_f64().unwrap_or(-1.0));
            }
            let paste = get(&data, "paste").as_f64().map(|i| {
                let all = crate::import::LinkChoice::ALL;
                all.get(i as usize).copied().unwrap_or_default()
            });
            let split = get(&data, "split").is_truthy();
            import_file(&post_scope, &id, file, split, keep, paste);
        } else if let Ok(raw) = get(&data, "raw").dyn_into::<Uint8Array>() {
            let mut made = Vec::with_capacity(raw.length() as usize);
            let raw = raw.to_vec();
            // A malformed batch (a bug) keeps the rows made before the fault.
            let _ = crate::model::frames::with_rows(&raw, &mut made);
            if keep {
                if let Some(seq) = get(&data, "seq").as_f64() {
                    hold(id.as_f64().unwrap_or(-1.0), seq as u32, raw);
                }
            }
            let bytes = Uint8Array::from(made.as_slice());
            let m = Object::new();
            set(&m, "id", &id);
            set(&m, "seq", &get(&data, "seq"));
            set(&m, "batch", &bytes);
            let _ = post_scope.post_message_with_transfer(&m, &Array::of1(&bytes.buffer()));
        }
    });
    scope.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
    on_message.forget();
    let ready = Object::new();
    set(&ready, "ready", &JsValue::TRUE);
    let _ = scope.post_message(&ready);
}

/// The messages of one load to the page (file or paste): format, batches, end.
struct LoadPost<'a> {
    scope: &'a DedicatedWorkerGlobalScope,
    id: &'a JsValue,
    started: f64,
}

impl LoadPost<'_> {
    fn message(&self, key: &str, value: &JsValue) -> Object {
        let m = Object::new();
        set(&m, "id", self.id);
        set(&m, key, value);
        m
    }

    fn post(&self, key: &str, value: &JsValue) {
        let _ = self.scope.post_message(&self.message(key, value));
    }

    fn format(&self, format: Option<crate::import::InputFormat>) {
        let text = crate::model::worker_messages::encode_format(format);
        self.post("format", &JsValue::from_str(&text));
    }

    /// Batch `seq` (transferred), with rows (`batch`) or without (`raw`), and how far the
    /// input has been read.
    fn batch(&self, key: &str, seq: u32, batch: &[u8], read: f64) {
        let bytes = Uint8Array::from(batch);
        let m = self.message(key, &bytes);
        set(&m, "seq", &JsValue::from(seq));
        set(&m, "read", &JsValue::from_f64(read));
        let _ = self
            .scope
            .post_message_with_transfer(&m, &Array::of1(&bytes.buffer()));
    }

    fn end(&self, end: &crate::import::stream::StreamEnd, batches: u32) {
        let text = crate::model::worker_messages::encode_end(end);
        let m = self.message("end", &JsValue::from_str(&text));
        set(&m, "batches", &JsValue::from(batches));
        set(
            &m,
            "ms",
            &JsValue::from_f64(js_sys::Date::now() - self.started),
        );
        let _ = self.scope.post_message(&m);
    }
}

fn import_file(
    scope: &DedicatedWorkerGlobalScope,
    id: &JsValue,
    file: Blob,
    split: bool,
    keep: bool,
    paste: Option<crate::import::LinkChoice>,
) {
    let out = LoadPost {
        scope,
        id,
        started: js_sys::Date::now(),
    };
    let Ok(reader) = FileReaderSync::new() else {
        out.post("text", &JsValue::TRUE);
        return;
    };
    let size = file.size();
    let whole = file.clone();
    let slices = FileSlices {
        file,
        reader,
        pos: 0.0,
        size,
        slice: None,
        given: 0,
    };
    let mut job = match ImportJob::open(slices) {
        Ok(job) => job,
        Err(_) => {
            // Pasted text is decoded here; a text file goes back to the page (which shows it
            // in the paste box).
            let text = paste.and_then(|choice| {
                let text = FileReaderSync::new().ok()?.read_as_text(&whole).ok()?;
                Some((text, choice))
            });
            match text {
                Some((text, choice)) => import_text(&out, &text, choice, keep),
                None => out.post("text", &JsValue::TRUE),
            }
            return;
        }
    };
    out.format(Some(job.format()));
    let mut batch = Vec::with_capacity(BATCH_FRAMES * 80);
    let mut seq = 0u32;
    loop {
        let own_rows = !split || seq % 2 == 0;
        let more = job.next_batch(BATCH_FRAMES, &mut batch, own_rows);
        if !batch.is_empty() {
            let key = if own_rows { "batch" } else { "raw" };
            out.batch(key, seq, &batch, job.bytes_read() as f64);
            if keep && own_rows {
                // Kept for filtering (the helper keeps the others).
                let kept = std::mem::replace(&mut batch, Vec::with_capacity(BATCH_FRAMES * 80));
                hold(id.as_f64().unwrap_or(-1.0), seq, kept);
            }
            batch.clear();
            seq = seq.saturating_add(1);
        }
        if !more {
            break;
        }
    }
    out.end(&job.end(), seq);
}

/// Decodes pasted text (`model::import_job::text_batches`) and sends it as a file's frames are.
fn import_text(out: &LoadPost, text: &str, choice: crate::import::LinkChoice, keep: bool) {
    let (batches, end) = crate::model::import_job::text_batches(text, choice, BATCH_FRAMES);
    out.format(end.format);
    let count = u32::try_from(batches.len()).unwrap_or(u32::MAX);
    for (seq, batch) in (0u32..).zip(batches) {
        out.batch("batch", seq, &batch, text.len() as f64);
        if keep {
            hold(out.id.as_f64().unwrap_or(-1.0), seq, batch);
        }
    }
    out.end(&end, count);
}

// ----- on the page -------------------------------------------------------------------------------

/// What the worker says about one load.
pub enum Event {
    Format(String),
    /// Batch `seq`, with rows; `read` is how far the reader was in the file (None from the
    /// helper).
    Batch {
        seq: u32,
        bytes: Vec<u8>,
        read: Option<f64>,
    },
    /// Batch `seq` without rows: for the helper.
    Raw {
        seq: u32,
        data: Uint8Array,
        read: f64,
    },
    /// The stream's end (`model::worker_messages`), the reader's time for the whole file in milliseconds, and how
    /// many batches it sent.
    End {
        json: String,
        ms: f64,
        batches: u32,
    },
    /// Not a capture: read it on the page as text.
    Text,
    /// A worker's answer for display filter `job`: frames tested, and the capture indices kept.
    Filtered {
        job: u64,
        tested: usize,
        kept: Vec<u32>,
    },
    /// The analysis worker took a batch of analysis `job`'s frames: how many.
    AnalysisFed(u32, usize),
    /// The analysis worker's pictures for analysis `job`.
    AnalysisDrawn(u32, Box<crate::model::analysis_view::Drawn>),
    /// The worker failed (a script error): fall back to the page.
    Failed(String),
}

/// The pictures in an analysis worker's message.
fn drawn_of(data: &JsValue) -> crate::model::analysis_view::Drawn {
    use crate::model::analysis_view::{Drawn, Summary, View};
    let numbers = |key| {
        get(data, key)
            .dyn_into::<js_sys::Float64Array>()
            .map(|a| a.to_vec())
            .unwrap_or_default()
    };
    let text = |key| get(data, key).as_string().unwrap_or_default();
    Drawn {
        view: View::from_numbers(&numbers("view")),
        summary: Summary::from_numbers(&numbers("summary")).unwrap_or_default(),
        lanes: text("lanes"),
        membership: text("membership"),
        state: text("state"),
        findings: text("findings"),
    }
}

/// A message posted before the worker listened, and the buffer it transfers.
type Queued = (Object, Option<JsValue>);

/// A running import worker; dropping it stops it.
pub struct ImportWorker {
    worker: Worker,
    ready: std::rc::Rc<std::cell::Cell<bool>>,
    /// Messages (with what they transfer) posted before the worker listened, sent when it does.
    queued: std::rc::Rc<std::cell::RefCell<Vec<Queued>>>,
    _on_message: Closure<dyn FnMut(MessageEvent)>,
    _on_error: Closure<dyn FnMut(web_sys::ErrorEvent)>,
}

impl Drop for ImportWorker {
    fn drop(&mut self) {
        self.worker.terminate();
    }
}

impl ImportWorker {
    /// Starts a worker on this app's own glue and wasm; `on_event` gets `(load id, event)`.
    pub fn start(on_event: impl Fn(u32, Event) + 'static) -> Option<ImportWorker> {
        let glue = GLUE_URL.with(String::clone);
        if glue.is_empty() {
            return None;
        }
        // A module script from a Blob: it imports the glue by its absolute URL and initialises
        // it with the wasm beside it (trunk names them NAME-HASH.js and NAME-HASH_bg.wasm; the
        // glue's own default would be the unhashed name).
        let stem = glue.strip_suffix(".js")?;
        let script = format!(
            "import init from {glue:?};\ninit({{ module_or_path: {:?} }});\n",
            format!("{stem}_bg.wasm")
        );
        let parts = Array::of1(&JsValue::from_str(&script));
        let options = web_sys::BlobPropertyBag::new();
        options.set_type("text/javascript");
        let blob = Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
        let url = web_sys::Url::create_object_url_with_blob(&blob).ok()?;
        let worker_options = web_sys::WorkerOptions::new();
        worker_options.set_type(web_sys::WorkerType::Module);
        let worker = Worker::new_with_options(&url, &worker_options).ok()?;
        let _ = web_sys::Url::revoke_object_url(&url);

        let ready = std::rc::Rc::new(std::cell::Cell::new(false));
        let queued = std::rc::Rc::new(std::cell::RefCell::new(Vec::<Queued>::new()));
        let on_event = std::rc::Rc::new(on_event);
        let on_message = {
            let (ready, queued, worker, on_event) = (
                ready.clone(),
                queued.clone(),
                worker.clone(),
                on_event.clone(),
            );
            Closure::<dyn FnMut(MessageEvent)>::new(move |e: MessageEvent| {
                let data = e.data();
                if get(&data, "ready").is_truthy() {
                    ready.set(true);
                    for (m, transfer) in queued.take() {
                        let _ = match transfer {
                            Some(t) => worker.post_message_with_transfer(&m, &Array::of1(&t)),
                            None => worker.post_message(&m),
                        };
                    }
                    return;
                }
                let id = get(&data, "id").as_f64().unwrap_or(0.0) as u32;
                let seq = get(&data, "seq").as_f64().unwrap_or(0.0) as u32;
                let event = if let Some(job) = get(&data, "an").as_f64() {
                    let job = job as u32;
                    if let Some(n) = get(&data, "fed").as_f64() {
                        Event::AnalysisFed(job, n as usize)
                    } else {
                        Event::AnalysisDrawn(job, Box::new(drawn_of(&data)))
                    }
                } else if let Some(job) = get(&data, "filtered").as_f64() {
                    let kept = get(&data, "kept")
                        .dyn_into::<js_sys::Uint32Array>()
                        .map(|a| a.to_vec())
                        .unwrap_or_default();
                    Event::Filtered {
                        job: job as u64,
                        tested: get(&data, "tested").as_f64().unwrap_or(0.0) as usize,
                        kept,
                    }
                } else if let Some(f) = get(&data, "format").as_string() {
                    Event::Format(f)
                } else if let Some(json) = get(&data, "end").as_string() {
                    Event::End {
                        json,
                        ms: get(&data, "ms").as_f64().unwrap_or(0.0),
                        batches: get(&data, "batches").as_f64().unwrap_or(0.0) as u32,
                    }
                } else if get(&data, "text").is_truthy() {
                    Event::Text
                } else if let Ok(b) = get(&data, "batch").dyn_into::<Uint8Array>() {
                    Event::Batch {
                        seq,
                        bytes: b.to_vec(),
                        read: get(&data, "read").as_f64(),
                    }
                } else if let Ok(raw) = get(&data, "raw").dyn_into::<Uint8Array>() {
                    let read = get(&data, "read").as_f64().unwrap_or(0.0);
                    Event::Raw {
                        seq,
                        data: raw,
                        read,
                    }
                } else {
                    return;
                };
                on_event(id, event);
            })
        };
        let on_error = {
            let on_event = on_event.clone();
            Closure::<dyn FnMut(web_sys::ErrorEvent)>::new(move |e: web_sys::ErrorEvent| {
                on_event(0, Event::Failed(e.message()));
            })
        };
        worker.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
        worker.set_onerror(Some(on_error.as_ref().unchecked_ref()));
        Some(ImportWorker {
            worker,
            ready,
            queued,
            _on_message: on_message,
            _on_error: on_error,
        })
    }

    /// Imports `file` as load `id` (sent once the worker listens); with `split`, most batches
    /// come without rows, for a helper.
    pub fn import(
        &self,
        id: u32,
        file: &web_sys::File,
        split: bool,
        keep: bool,
        paste: Option<crate::import::LinkChoice>,
    ) {
        let m = Object::new();
        if let Some(choice) = paste {
            let at = crate::import::LinkChoice::ALL
                .iter()
                .position(|c| *c == choice);
            set(&m, "paste", &JsValue::from(at.unwrap_or(0) as u32));
        }
        set(&m, "id", &JsValue::from(id));
        set(&m, "file", file);
        set(&m, "split", &JsValue::from_bool(split));
        set(&m, "hold", &JsValue::from_bool(keep));
        self.send(m, None);
    }

    /// Posts `m` (transferring `transfer`), or keeps it until the worker listens.
    fn send(&self, m: Object, transfer: Option<JsValue>) {
        if !self.ready.get() {
            self.queued.borrow_mut().push((m, transfer));
            return;
        }
        let _ = match transfer {
            Some(t) => self.worker.post_message_with_transfer(&m, &Array::of1(&t)),
            None => self.worker.post_message(&m),
        };
    }

    /// Asks this worker (the helper) for the rows of batch `seq` (transferred, not copied).
    pub fn make_rows(&self, id: u32, seq: u32, raw: &Uint8Array, keep: bool) {
        let m = Object::new();
        set(&m, "id", &JsValue::from(id));
        set(&m, "seq", &JsValue::from(seq));
        set(&m, "raw", raw);
        set(&m, "hold", &JsValue::from_bool(keep));
        self.send(m, Some(raw.buffer().into()));
    }

    /// Feeds a batch of frames (`model::analysis_view::encode_frames`) to analysis `job`.
    pub fn analysis_feed(&self, job: u32, batch: &[u8]) {
        let bytes = Uint8Array::from(batch);
        let m = Object::new();
        set(&m, "an", &JsValue::from(job));
        set(&m, "feed", &bytes);
        self.send(m, Some(bytes.buffer().into()));
    }

    /// Ends analysis `job` (its whole view is drawn in `lang`), or asks for another view of it.
    pub fn analysis_view(
        &self,
        job: u32,
        end: bool,
        lang: crate::codec::Lang,
        view: Option<crate::model::analysis_view::View>,
    ) {
        let m = Object::new();
        set(&m, "an", &JsValue::from(job));
        set(&m, "end", &JsValue::from_bool(end));
        set(
            &m,
            "ja",
            &JsValue::from_bool(lang == crate::codec::Lang::Ja),
        );
        if let Some(v) = view {
            set(
                &m,
                "view",
                &js_sys::Float64Array::from(v.to_numbers().as_slice()),
            );
        }
        self.send(m, None);
    }

    /// Runs display filter `job` over the batches of load `id` this worker kept; `places` and
    /// `first` are `model::filter_share`'s. `None` cancels the running one.
    pub fn filter(&self, request: Option<(u32, u64, &str, &[f64], f64)>) {
        let m = Object::new();
        match request {
            Some((id, job, text, places, first)) => {
                set(&m, "id", &JsValue::from(id));
                set(&m, "job", &JsValue::from_f64(job as f64));
                set(&m, "filter", &JsValue::from_str(text));
                set(&m, "places", &js_sys::Float64Array::from(places));
                set(&m, "first", &JsValue::from_f64(first));
            }
            None => set(&m, "cancel", &JsValue::TRUE),
        }
        self.send(m, None);
    }
}
