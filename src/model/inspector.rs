//! The Inspector's state and logic, independent of the UI: the imported frames, the packet list
//! (summarised without field trees, compactly, in chunks so a large capture never blocks the
//! page), filtering, sorting, selection, and tree↔hex linking.

use std::net::Ipv4Addr;

use crate::codec::frame::MessageKind;
use crate::codec::{self, summary, Dissection, Field, Options, Severity, Span};
use crate::import::stream::{FrameRef, StreamEnd};
use crate::import::{CapturedFrame, Import, InputFormat, Problem};
use crate::model::filter::{self, Filter, FilterError, QuickWord};
use crate::model::frames::{self, FrameStore};

/// One packet-list row: what filtering and sorting need, in a few bytes. Text (time, summary)
/// is made only for the rows on screen.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Row {
    pub index: u32,
    pub src: Option<Ipv4Addr>,
    pub dst: Option<Ipv4Addr>,
    /// The IGMP message, when the frame holds one (its version is `kind.version()`).
    pub kind: Option<MessageKind>,
    pub group: Option<Ipv4Addr>,
    pub worst: Option<Severity>,
    /// Known to be another protocol (the "IGMP only" switch hides it).
    pub not_igmp: bool,
}

/// What the list shows for a row (built on demand).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RowText {
    pub time: String,
    pub src: String,
    pub dst: String,
    pub version: String,
    pub kind: String,
    pub group: String,
    pub summary: String,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortKey {
    #[default]
    Index,
    Time,
    Src,
    Dst,
    Kind,
    Group,
}

/// Above this many rows a display filter runs in steps ([`Action::FilterStep`]), so that the
/// page can yield between them; below it, at once.
pub const FILTER_SYNC_ROWS: usize = 20_000;

/// A display filter being applied row by row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FilterJob {
    /// Which filter this is (answers from the workers name it; a stale one is ignored).
    pub id: u64,
    /// The next row to test; with the workers, how many rows they have tested.
    pub next: usize,
    kept: Vec<usize>,
    /// The filter reads `frame.time_delta_displayed` ([`filter::Expr::in_order`]): the page
    /// tests the rows in capture order, never the workers.
    pub in_order: bool,
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct Inspector {
    pub frames: FrameStore,
    /// Rows for the first `rows.len()` frames; the rest are still being summarised (frames
    /// streamed from the import worker come with their rows).
    pub rows: Vec<Row>,
    pub format: Option<InputFormat>,
    pub problems: Vec<Problem>,
    pub comments: Vec<String>,
    pub filter: String,
    /// The filter as compiled; when it does not compile, every frame stays visible and
    /// `filter_error` says where and why.
    pub compiled: Filter,
    /// The tree fields the compiled display filter keeps (`Expr::kept_ids`: what each frame is
    /// dissected for).
    filter_ids: Vec<String>,
    pub filter_error: Option<FilterError>,
    /// Hide frames that are not IGMP (ARP, UDP, …). Turned on by itself when a capture mixes
    /// protocols, until the user sets it.
    pub igmp_only: bool,
    pub igmp_only_chosen: bool,
    /// How many summarised frames are not IGMP.
    pub non_igmp: usize,
    pub sort: SortKey,
    pub descending: bool,
    pub selected: Option<usize>,
    /// Frames marked for export with Ctrl/Shift-click (the selected frame when none is marked).
    pub marked: crate::sorted_map::SortedSet<usize>,
    /// Row indices (into `rows`) after filter and sort.
    pub visible: Vec<usize>,
    /// A frame to select once its row exists (a share link's selection).
    pub pending_select: Option<usize>,
    /// How the list shows times (View → Time Display Format).
    pub time_format: crate::model::time_format::TimeFormat,
    /// Display filters started so far (the next job's id).
    filter_jobs: u64,
    /// The row where each batch from the import worker starts, in batch order (for the
    /// workers that filter the batches they kept: `model::filter_share`).
    pub batch_starts: Vec<usize>,
    /// A display filter being applied in steps (large captures): the list keeps its rows until
    /// it is done.
    pub filter_job: Option<FilterJob>,
    /// A frame asked for (a finding's link, go to packet) that the filter or "IGMP only" hides:
    /// the page says so and offers to show it, rather than clearing the user's filter.
    pub hidden_goto: Option<usize>,
}

/// Summarises one frame for the list.
pub fn row(index: usize, f: FrameRef<'_>) -> Row {
    let d = codec::dissect_with(
        f.link,
        f.bytes,
        Options {
            tree: false,
            unknown: f.unknown,
        },
    );
    Row {
        index: crate::num::u32_sat(index),
        src: d.info.src,
        dst: d.info.dst,
        kind: d.info.kind,
        group: d.info.group,
        worst: d.diagnostics.iter().map(|x| x.severity).max(),
        not_igmp: d.info.not_igmp,
    }
}

fn addr(a: Option<Ipv4Addr>) -> String {
    a.map(|x| x.to_string()).unwrap_or_default()
}

/// The packet list's order of message kinds: no IGMP first, then as `MessageKind` is declared.
fn kind_rank(kind: Option<MessageKind>) -> u64 {
    use MessageKind as K;
    match kind {
        None => 0,
        Some(k) => match k {
            K::V1Query => 1,
            K::V2Query => 2,
            K::V3Query => 3,
            K::V1Report => 4,
            K::V2Report => 5,
            K::V2Leave => 6,
            K::V3Report => 7,
            K::Dvmrp => 8,
            K::PimV1 => 9,
            K::Mtrace => 10,
            K::MtraceResponse => 11,
            K::MrdAdvertisement => 12,
            K::MrdSolicitation => 13,
            K::MrdTermination => 14,
            K::Mld1Query => 15,
            K::Mld1Report => 16,
            K::Mld1Done => 17,
            K::Mld2Query => 18,
            K::Mld2Report => 19,
            K::Unknown(n) => 20 + u64::from(n),
        },
    }
}

/// One change to the Inspector, as the screen asks for it. The screen's store
/// (`ui::inspector`, a `use_reducer`) applies them one at a time with [`Inspector::apply`].
#[derive(Debug)]
pub enum Action {
    /// A whole import (a paste, a sample, a file read on the page), summarised later in chunks.
    Begin(Import),
    /// Summarise up to this many more frames of a `Begin` import.
    Summarise(usize),
    /// A capture starts streaming from the import worker.
    BeginStream,
    /// A batch from the import worker; the first one carries the file's size, to reserve the
    /// row index once.
    Append {
        batch: Vec<u8>,
        file_bytes: Option<u64>,
    },
    /// What the worker recognised the file as.
    Format(Option<InputFormat>),
    /// The end of the stream: its problems and comments.
    Finish(StreamEnd),
    Cancel,
    /// A click on a packet row (Ctrl toggles the mark, Shift extends it).
    Click {
        index: usize,
        toggle: bool,
        extend: bool,
    },
    /// Moves the selection this many rows up or down the list.
    Step(i64),
    /// Selects frame `number` (1-based, as the No. column) if it is listed; with `reveal`, clears
    /// the filter and "IGMP only" first when they hide it.
    GoTo {
        number: usize,
        reveal: bool,
    },
    Filter(String),
    IgmpOnly(bool),
    Sort(SortKey),
    /// The time display format.
    TimeFormat(crate::model::time_format::TimeFormat),
    /// Tests up to this many more rows against a display filter being applied in steps.
    FilterStep(usize),
    /// Stops a display filter being applied: the filter is cleared and every frame listed.
    FilterStop,
    /// A worker's answer for display filter `job`: it tested `tested` frames and kept these
    /// (capture indices, `model::filter_share`). Ignored unless `job` is the one running.
    FilterPart {
        job: u64,
        tested: usize,
        kept: Vec<u32>,
    },
    /// A share link's view of the capture it brought: its filter at once, and its selected
    /// frame (0-based) as soon as that frame's row exists.
    Restore {
        filter: String,
        selected: Option<usize>,
    },
}

impl Inspector {
    /// Applies one change (see [`Action`]).
    pub fn apply(&mut self, action: Action) {
        match action {
            Action::Begin(imp) => self.begin(imp),
            Action::Summarise(n) => {
                self.summarise(n);
            }
            Action::BeginStream => self.begin_stream(),
            Action::Append { batch, file_bytes } => {
                self.append(&batch);
                if let Some(size) = file_bytes {
                    self.reserve_for_file(size);
                }
            }
            Action::Format(format) => self.format = format,
            Action::Finish(end) => self.finish(end),
            Action::Cancel => self.cancel(),
            Action::Click {
                index,
                toggle,
                extend,
            } => self.click(index, toggle, extend),
            Action::Step(delta) => self.step(delta),
            Action::GoTo { number, reveal } => {
                self.hidden_goto = None;
                if !self.go_to(number) {
                    if reveal {
                        self.set_filter("");
                        self.set_igmp_only(false);
                        self.go_to(number);
                    } else if number >= 1 && number <= self.rows.len() {
                        self.hidden_goto = Some(number);
                    }
                }
            }
            Action::Filter(text) => self.set_filter(&text),
            Action::IgmpOnly(on) => self.set_igmp_only(on),
            Action::Sort(key) => self.set_sort(key),
            Action::TimeFormat(f) => self.time_format = f,
            Action::FilterStep(n) => self.filter_step(n),
            Action::FilterPart { job, tested, kept } => self.filter_part(job, tested, kept),
            Action::FilterStop => {
                self.filter_job = None;
                self.set_filter("");
            }
            Action::Restore { filter, selected } => {
                self.set_filter(&filter);
                self.pending_select = selected;
                self.apply_pending_select();
            }
        }
    }

    /// Replaces the contents with an import and summarises every frame at once (native use and
    /// small inputs; the browser uses [`Self::begin`] and [`Self::summarise`]).
    pub fn load(&mut self, imp: Import) {
        self.begin(imp);
        while !self.summarise(usize::MAX) {}
    }

    /// Takes an import; rows follow with [`Self::summarise`].
    pub fn begin(&mut self, imp: Import) {
        self.rows = Vec::with_capacity(imp.frames.len());
        self.frames = FrameStore::from_frames(&imp.frames);
        self.format = imp.format;
        self.problems = imp.problems;
        self.comments = imp.comments;
        self.reset_view();
    }

    /// Starts a capture that arrives in batches from the import worker ([`Self::append`], then
    /// [`Self::finish`]).
    pub fn begin_stream(&mut self) {
        self.rows = Vec::new();
        self.frames = FrameStore::default();
        self.format = None;
        self.problems = Vec::new();
        self.comments = Vec::new();
        self.reset_view();
    }

    /// Adds a batch of frames with their rows (the wire form of [`frames::encode`]). A malformed
    /// batch keeps the frames before the fault and adds a problem naming its offset.
    pub fn append(&mut self, batch: &[u8]) {
        let start = self.rows.len();
        self.batch_starts.push(start);
        if let Err(at) = frames::decode(batch, &mut self.frames, &mut self.rows) {
            self.problems.push(Problem {
                severity: Severity::Error,
                location: crate::import::Location::File {
                    offset: 0,
                    record: Some(self.rows.len()),
                },
                message: crate::import::Why::BadBatch { at }.text(),
            });
        }
        self.rows_added(start);
    }

    /// Reserves the row index for the whole of a `file_bytes` capture, estimated from the frames
    /// received so far (each pcap record adds a 16-byte header to its bytes), so that it is
    /// allocated once: doubling a 200 MB index while a 10M-frame capture loads held the page for
    /// 0.6 s.
    pub fn reserve_for_file(&mut self, file_bytes: u64) {
        let n = self.frames.len() as u64;
        if n == 0 {
            return;
        }
        let per_record = self
            .frames
            .data_bytes()
            .checked_div(n)
            .unwrap_or(0)
            .saturating_add(16)
            .max(1);
        // A little over the estimate: frames vary in size.
        let expected = file_bytes
            .checked_div(per_record)
            .unwrap_or(0)
            .saturating_mul(21)
            / 20;
        let expected = usize::try_from(expected).unwrap_or(usize::MAX);
        let more = expected.saturating_sub(self.rows.len());
        self.rows.reserve_exact(more);
        self.visible.reserve_exact(more);
    }

    /// What the stream found besides frames: its format, problems and comments.
    pub fn finish(&mut self, end: StreamEnd) {
        self.format = end.format;
        self.problems.extend(end.problems);
        self.comments = end.comments;
    }

    fn reset_view(&mut self) {
        self.batch_starts.clear();
        self.hidden_goto = None;
        self.selected = None;
        self.pending_select = None;
        self.marked.clear();
        self.visible.clear();
        self.non_igmp = 0;
        if !self.igmp_only_chosen {
            self.igmp_only = false;
        }
    }

    /// Summarises up to `n` more frames; returns true when every frame has a row.
    pub fn summarise(&mut self, n: usize) -> bool {
        let start = self.rows.len();
        let end = start.saturating_add(n).min(self.frames.len());
        for i in start..end {
            if let Some(f) = self.frames.get(i) {
                let r = row(i, f);
                self.rows.push(r);
            }
        }
        self.rows_added(start);
        self.rows.len() == self.frames.len()
    }

    /// Counts, filters and (if needed) sorts the rows from `start` on, just added.
    fn rows_added(&mut self, start: usize) {
        let end = self.rows.len();
        let added = self.rows.get(start..).unwrap_or(&[]);
        let not_igmp = added.iter().filter(|r| r.not_igmp).count();
        self.non_igmp = self.non_igmp.saturating_add(not_igmp);
        let mixed = self.non_igmp > 0 && self.non_igmp < self.rows.len();
        if mixed && !self.igmp_only && !self.igmp_only_chosen {
            self.igmp_only = true;
            self.refresh();
            // The switch may hide the frame selected at first (a capture that opens with ARP).
            if self.selected.is_some_and(|s| !self.visible.contains(&s)) {
                self.selected = None;
            }
        } else if self.filter_job.is_some() {
            // The filter being applied in steps tests these rows too.
        } else if self.sort == SortKey::Index && !self.descending {
            // In frame order the new rows simply follow: filter them alone instead of the whole
            // list again on every chunk of a large capture.
            for i in start..end {
                if self.keep(i, self.visible.last().copied()) {
                    self.visible.push(i);
                }
            }
        } else {
            self.refresh();
        }
        self.apply_pending_select();
        if self.selected.is_none() {
            self.selected = self.visible.first().copied();
        }
    }

    /// Selects the pending frame once its row exists (listed or not: a link's filter may hide
    /// it, and the page then says so).
    fn apply_pending_select(&mut self) {
        if let Some(i) = self.pending_select.filter(|i| *i < self.rows.len()) {
            self.selected = Some(i);
            self.marked.clear();
            self.pending_select = None;
        }
    }

    /// Stops loading: keeps the frames summarised so far.
    pub fn cancel(&mut self) {
        let n = self.rows.len();
        self.frames.truncate(n);
    }

    /// (done, total) frames summarised.
    pub fn progress(&self) -> (usize, usize) {
        (self.rows.len(), self.frames.len())
    }

    pub fn set_filter(&mut self, filter: &str) {
        self.filter = filter.to_string();
        self.hidden_goto = None;
        self.filter_job = None;
        match filter::compile(filter) {
            Ok(f) => {
                self.compiled = f;
                self.filter_error = None;
            }
            Err(e) => {
                self.compiled = Filter::All;
                self.filter_error = Some(e);
            }
        }
        self.filter_ids = match &self.compiled {
            Filter::Display(e) => e.kept_ids(),
            _ => Vec::new(),
        };
        if matches!(self.compiled, Filter::Display(_)) && self.rows.len() > FILTER_SYNC_ROWS {
            // Dissecting every frame takes seconds on a large capture: in steps, or in the
            // workers.
            self.filter_jobs = self.filter_jobs.saturating_add(1);
            self.filter_job = Some(FilterJob {
                id: self.filter_jobs,
                in_order: matches!(&self.compiled, Filter::Display(e) if e.in_order()),
                ..FilterJob::default()
            });
        } else {
            self.refresh();
        }
    }

    /// (rows tested, rows) of a display filter being applied, if one is.
    pub fn filter_progress(&self) -> Option<(usize, usize)> {
        self.filter_job.as_ref().map(|j| (j.next, self.rows.len()))
    }

    fn filter_step(&mut self, n: usize) {
        let Some(mut job) = self.filter_job.take() else {
            return;
        };
        let end = job.next.saturating_add(n).min(self.rows.len());
        for i in job.next..end {
            if self.keep(i, job.kept.last().copied()) {
                job.kept.push(i);
            }
        }
        job.next = end;
        if job.next < self.rows.len() {
            self.filter_job = Some(job);
            return;
        }
        self.filter_done(job.kept);
    }

    fn filter_part(&mut self, id: u64, tested: usize, kept: Vec<u32>) {
        let Some(mut job) = self.filter_job.take_if(|j| j.id == id) else {
            return;
        };
        // The workers test the display filter alone; "IGMP only" is the page's.
        job.kept.extend(
            kept.into_iter()
                .filter_map(|i| usize::try_from(i).ok())
                .filter(|&i| {
                    self.rows
                        .get(i)
                        .is_some_and(|r| !(self.igmp_only && r.not_igmp))
                }),
        );
        job.next = job.next.saturating_add(tested);
        if job.next < self.rows.len() {
            self.filter_job = Some(job);
            return;
        }
        // The workers answer in any order.
        job.kept.sort_unstable();
        self.filter_done(job.kept);
    }

    /// A display filter applied in steps or by the workers has tested every row.
    fn filter_done(&mut self, kept: Vec<usize>) {
        self.visible = self.sorted(kept);
        if self.selected.is_some_and(|s| !self.visible.contains(&s)) || self.selected.is_none() {
            self.selected = self.visible.first().copied();
        }
    }

    /// The "IGMP only" switch, set by the user.
    pub fn set_igmp_only(&mut self, on: bool) {
        self.igmp_only = on;
        self.igmp_only_chosen = true;
        self.refresh();
    }

    /// Frames the "IGMP only" switch hides now.
    pub fn hidden_by_igmp_only(&self) -> usize {
        if self.igmp_only {
            self.non_igmp
        } else {
            0
        }
    }

    /// Whether row `i` passes the switch and the filter. Display filters (and whole addresses
    /// among quick words) need the field tree, which is built here for the frame.
    /// Frame `i`'s place in the capture: its number and times, for `frame.*` filters.
    /// `shown`: the last row kept before row `i` (capture order), if any.
    fn frame_ctx(&self, i: usize, shown: Option<usize>) -> filter::FrameCtx {
        let secs = |k: usize| self.frames.get(k).map_or(0.0, |f| f.seconds());
        let prev = i.checked_sub(1).map(secs);
        filter::FrameCtx::at(i, secs(i), secs(0), prev, shown.map(secs))
    }

    /// Whether row `i` is shown; `shown` is the last row kept before it, in capture order.
    fn keep(&self, i: usize, shown: Option<usize>) -> bool {
        let Some(row) = self.rows.get(i) else {
            return false;
        };
        if self.igmp_only && row.not_igmp {
            return false;
        }
        let tree = || self.frames.get(i).map(|f| (f.dissect(), f.bytes));
        match &self.compiled {
            Filter::All => true,
            Filter::Display(e) => {
                let ctx = self.frame_ctx(i, shown);
                // Only the fields the filter reads: a million frames in seconds, not minutes.
                self.frames.get(i).is_some_and(|f| {
                    let d = filter::dissect_for(&self.filter_ids, f.link, f.bytes);
                    filter::eval_in(e, &d, f.bytes, Some(&ctx))
                })
            }
            Filter::Quick(words) => words.iter().all(|w| match w {
                QuickWord::Problems => row.worst.is_some_and(|s| s >= Severity::Warning),
                QuickWord::Version(v) => row.kind.and_then(MessageKind::version) == Some(*v),
                QuickWord::Word(w) => {
                    row.kind.is_some_and(|k| k.name().contains(w.as_str()))
                        || [row.group, row.src, row.dst]
                            .iter()
                            .any(|a| addr(*a).contains(w.as_str()))
                }
                QuickWord::Address(a) => {
                    [row.group, row.src, row.dst].contains(&Some(*a))
                        // Every record of a v3 report, not only the first.
                        || (row.kind == Some(MessageKind::V3Report)
                            && tree().is_some_and(|(d, b)| {
                                let any_group = filter::Expr::Compare {
                                    field: "igmp.maddr".into(),
                                    op: filter::Op::Eq,
                                    value: filter::Value::Ipv4(*a),
                                };
                                filter::eval(&any_group, &d, b)
                            }))
                }
            }),
        }
    }

    pub fn set_sort(&mut self, key: SortKey) {
        if self.sort == key {
            self.descending = !self.descending;
        } else {
            self.sort = key;
            self.descending = false;
        }
        self.refresh();
    }

    fn refresh(&mut self) {
        self.filter_job = None;
        let mut visible: Vec<usize> = Vec::new();
        for i in 0..self.rows.len() {
            if self.keep(i, visible.last().copied()) {
                visible.push(i);
            }
        }
        self.visible = self.sorted(visible);
    }

    /// Kept rows in the list's order.
    fn sorted(&self, mut visible: Vec<usize>) -> Vec<usize> {
        let rows = &self.rows;
        let frames = &self.frames;
        let ip = |a: Option<Ipv4Addr>| a.map(|x| u64::from(u32::from(x))).unwrap_or(u64::MAX);
        let by = self.sort;
        // One key for every column, and the frame's number last (so equal keys keep capture
        // order): the app's one sort (`crate::order`) instead of one per column.
        let key = |i: usize| -> (i64, u64, usize) {
            let (major, minor) = match by {
                SortKey::Index => (0, 0),
                SortKey::Time => frames
                    .get(i)
                    .map_or((i64::MIN, 0), |f| (f.ts_sec, u64::from(f.ts_nsec))),
                SortKey::Src => (0, rows.get(i).map_or(u64::MAX, |r| ip(r.src))),
                SortKey::Dst => (0, rows.get(i).map_or(u64::MAX, |r| ip(r.dst))),
                SortKey::Kind => (0, rows.get(i).map_or(u64::MAX, |r| kind_rank(r.kind))),
                SortKey::Group => (0, rows.get(i).map_or(u64::MAX, |r| ip(r.group))),
            };
            (major, minor, i)
        };
        if by != SortKey::Index {
            let mut keys: Vec<crate::order::Key> = visible.iter().map(|&i| key(i)).collect();
            crate::order::sort(&mut keys);
            visible = keys.into_iter().map(|k| k.2).collect();
        }
        if self.descending {
            visible.reverse();
        }
        visible
    }

    /// Moves the selection up or down the visible list.
    pub fn step(&mut self, delta: i64) {
        if self.visible.is_empty() {
            return;
        }
        let pos = self.selected.and_then(|s| self.position_of(s)).unwrap_or(0);
        let pos = i64::try_from(pos).unwrap_or(i64::MAX);
        let last = i64::try_from(self.visible.len().saturating_sub(1)).unwrap_or(i64::MAX);
        // Saturating, so that Home and End are steps of i64::MIN and i64::MAX.
        let next = usize::try_from(pos.saturating_add(delta).clamp(0, last)).unwrap_or(0);
        if let Some(&index) = self.visible.get(next) {
            self.selected = Some(index);
        }
    }

    /// Selects frame `number` (1-based, as the No. column shows it), when it is in the visible
    /// list; false otherwise (out of range, or hidden by the filter or "IGMP only").
    /// Whether frame `number` (1-based) is in the list as filtered.
    pub fn lists(&self, number: usize) -> bool {
        number.checked_sub(1).is_some_and(|index| {
            // The last row shown before it, for `frame.time_delta_displayed`.
            let shown = self.visible.iter().copied().filter(|&k| k < index).max();
            index < self.rows.len() && self.keep(index, shown)
        })
    }

    pub fn go_to(&mut self, number: usize) -> bool {
        if self.lists(number) {
            self.selected = Some(number.saturating_sub(1));
            self.marked.clear();
            true
        } else {
            false
        }
    }

    /// Where frame `index` is in the visible list.
    pub fn position_of(&self, index: usize) -> Option<usize> {
        self.visible.iter().position(|v| *v == index)
    }

    /// A click on row `index`: plain selects it (and clears the marks), `toggle` (Ctrl/⌘) marks or
    /// unmarks it, `range` (Shift) marks every visible row from the selection to it.
    pub fn click(&mut self, index: usize, toggle: bool, range: bool) {
        if range {
            let from = self.selected.and_then(|s| self.position_of(s)).unwrap_or(0);
            if let Some(to) = self.position_of(index) {
                let (a, b) = (from.min(to), from.max(to));
                if let Some(rows) = self.visible.get(a..=b) {
                    self.marked.insert_many(rows.iter().copied());
                }
            }
        } else if toggle {
            if !self.marked.remove(&index) {
                self.marked.insert(index);
            }
            if let Some(s) = self.selected {
                self.marked.insert(s);
            }
        } else {
            self.marked.clear();
        }
        self.selected = Some(index);
    }

    /// The frames to export as "selected": the marked ones in frame order, else the selected one.
    /// The frames the list displays (after the filter and "IGMP only"), in capture order:
    /// "Export displayed".
    pub fn displayed_frames(&self) -> Vec<CapturedFrame> {
        let mut shown = self.visible.clone();
        shown.sort_unstable();
        shown.iter().filter_map(|i| self.frames.owned(*i)).collect()
    }

    pub fn frames_for_export(&self) -> Vec<CapturedFrame> {
        if self.marked.is_empty() {
            self.selected
                .and_then(|i| self.frames.owned(i))
                .into_iter()
                .collect()
        } else {
            self.marked
                .iter()
                .filter_map(|i| self.frames.owned(*i))
                .collect()
        }
    }

    pub fn selected_frame(&self) -> Option<FrameRef<'_>> {
        self.selected.and_then(|i| self.frames.get(i))
    }

    /// The full dissection of the selected frame (built on selection only).
    pub fn dissect_selected(&self) -> Option<Dissection> {
        self.selected_frame().map(|f| f.dissect())
    }

    /// The text of a row, for display.
    /// The frame the list displays before frame `i` in capture order (for the time since the
    /// previous displayed frame).
    pub fn previous_displayed(&self, i: usize) -> Option<usize> {
        if self.sort == SortKey::Index && !self.descending {
            let at = self.visible.partition_point(|v| *v < i);
            at.checked_sub(1).and_then(|k| self.visible.get(k).copied())
        } else {
            self.visible.iter().copied().filter(|v| *v < i).max()
        }
    }

    fn stamp(&self, i: usize) -> Option<crate::model::time_format::Stamp> {
        self.frames
            .get(i)
            .map(|f| crate::model::time_format::Stamp {
                secs: f.ts_sec,
                usec: f.ts_nsec / 1000,
            })
    }

    /// Row `i` as the list shows it; `local_offset` gives the viewer's offset from UTC in
    /// seconds at a moment (for local time).
    pub fn row_text(&self, i: usize, local_offset: &dyn Fn(i64) -> i64) -> Option<RowText> {
        let r = self.rows.get(i)?;
        let f = self.frames.get(i)?;
        let stamp = self.stamp(i)?;
        let time = crate::model::time_format::format(
            self.time_format,
            stamp,
            self.stamp(0).unwrap_or(stamp),
            i.checked_sub(1).and_then(|p| self.stamp(p)),
            self.previous_displayed(i).and_then(|p| self.stamp(p)),
            local_offset(stamp.secs),
        );
        // An IPv6 packet's addresses are not kept in its row (a row is a few bytes, for a
        // million of them): they are read again for the rows on screen.
        let v6 = r
            .src
            .is_none()
            .then(|| {
                let list = Options {
                    tree: false,
                    unknown: f.unknown,
                };
                codec::dissect_with(f.link, f.bytes, list).info.ipv6
            })
            .flatten();
        let (src, dst, group) = match v6 {
            Some(v6) => (
                v6.src.to_string(),
                v6.dst.to_string(),
                v6.group.map(|g| g.to_string()).unwrap_or_default(),
            ),
            None => (addr(r.src), addr(r.dst), addr(r.group)),
        };
        Some(RowText {
            time,
            src,
            dst,
            version: r
                .kind
                .and_then(MessageKind::version_text)
                .unwrap_or_default(),
            kind: r.kind.map(|k| k.to_string()).unwrap_or_default(),
            group,
            summary: summary::line(f.link, f.bytes, false),
        })
    }
}

/// Byte offsets to highlight for a field: its span (a derived field highlights nothing).
/// The filter and the selected frame as a reload keeps them (#29): the frame's index (`-` for
/// none), a space, the filter; "" when there is nothing to keep.
pub fn view_text(filter: &str, selected: Option<usize>) -> String {
    match selected {
        None if filter.is_empty() => String::new(),
        None => format!("- {filter}"),
        Some(i) => format!("{i} {filter}"),
    }
}

/// From [`view_text`]: (filter, selected frame), or None for anything else.
pub fn view_from_text(text: &str) -> Option<(String, Option<usize>)> {
    let (frame, filter) = text.split_once(' ')?;
    let selected = match frame {
        "-" => None,
        n => Some(n.parse().ok()?),
    };
    Some((filter.to_string(), selected))
}

pub fn highlight(field: &Field) -> Span {
    field.span
}

/// For a byte, the bits a bit-field covers within that byte (for the hex pane's bit marks).
pub fn bits_in_byte(field: &Field, offset: usize) -> Option<u8> {
    let mask = field.mask?;
    let len = field.span.len();
    if !field.span.contains(offset) || len == 0 || len > 4 {
        return None;
    }
    // Bytes after `offset` within the field, eight bits each.
    let after = len
        .saturating_sub(1)
        .saturating_sub(offset.saturating_sub(field.span.start));
    let shift = u32::try_from(after.saturating_mul(8)).ok()?;
    u8::try_from(mask.checked_shr(shift)? & 0xff).ok()
}

/// The index of the innermost field covering `offset` (hover or click on a hex byte).
pub fn field_for_byte(d: &Dissection, offset: usize) -> Option<usize> {
    d.field_at(offset)
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_view_a_reload_keeps_reads_back() {
        for (filter, selected) in [
            ("igmp.type == 0x16", Some(41)),
            ("", Some(0)),
            ("leave  v2", None),
        ] {
            let text = view_text(filter, selected);
            assert_eq!(
                view_from_text(&text),
                Some((filter.to_string(), selected)),
                "{text:?}"
            );
        }
        assert_eq!(view_text("", None), "");
        for bad in ["", "x igmp", "12", "-1 igmp"] {
            assert_eq!(view_from_text(bad), None, "{bad:?}");
        }
    }
    use super::*;
    use crate::import;

    #[test]
    fn sorting_by_type_follows_the_kinds_declared_order() {
        use MessageKind as K;
        let kinds = [
            None,
            Some(K::V1Query),
            Some(K::V2Query),
            Some(K::V3Query),
            Some(K::V1Report),
            Some(K::V2Report),
            Some(K::V2Leave),
            Some(K::V3Report),
            Some(K::Dvmrp),
            Some(K::PimV1),
            Some(K::Mtrace),
            Some(K::MtraceResponse),
            Some(K::MrdAdvertisement),
            Some(K::MrdSolicitation),
            Some(K::MrdTermination),
            Some(K::Mld1Query),
            Some(K::Mld1Report),
            Some(K::Mld1Done),
            Some(K::Mld2Query),
            Some(K::Mld2Report),
            Some(K::Unknown(0)),
            Some(K::Unknown(7)),
            Some(K::Unknown(255)),
        ];
        for pair in kinds.windows(2) {
            assert!(pair[0] < pair[1]);
            assert!(kind_rank(pair[0]) < kind_rank(pair[1]), "{pair:?}");
        }
    }

    /// `n` IGMPv2 reports, frame i stamped i seconds after the epoch.
    fn reports(n: usize) -> Vec<CapturedFrame> {
        (0..n)
            .map(|i| CapturedFrame {
                link: codec::LinkType::Ethernet,
                ts_sec: i64::try_from(i).unwrap_or(0),
                ts_nsec: 0,
                orig_len: 46,
                bytes: v2_report(),
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            })
            .collect()
    }

    /// A capture of these frames, with nothing else to say.
    fn capture(frames: Vec<CapturedFrame>) -> Import {
        Import {
            format: None,
            frames,
            problems: vec![],
            comments: vec![],
            skipped: 0,
        }
    }

    fn v2_report() -> Vec<u8> {
        let hex = "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a";
        import::hexdump::parse(hex).frames.remove(0)
    }

    #[test]
    fn hovering_maddr_highlights_exactly_its_four_bytes() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let f = d
            .fields
            .iter()
            .find(|f| f.id == "igmp.maddr")
            .expect("maddr");
        assert_eq!(highlight(f), Span::new(42, 46));
    }

    #[test]
    fn clicking_a_checksum_byte_selects_the_checksum_field() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let i = field_for_byte(&d, 41).expect("a field");
        assert_eq!(d.fields[i].id, "igmp.checksum");
        let i = field_for_byte(&d, 14).expect("a field");
        assert!(d.fields[i].id == "ip.version" || d.fields[i].id == "ip.hdr_len");
    }

    #[test]
    fn bit_fields_mark_their_bits() {
        let d = codec::dissect(codec::LinkType::Ethernet, &v2_report());
        let df = d.fields.iter().find(|f| f.id == "ip.flags.df").expect("df");
        assert_eq!(bits_in_byte(df, 20), Some(0x40));
        let off = d
            .fields
            .iter()
            .find(|f| f.id == "ip.frag_offset")
            .expect("offset");
        assert_eq!(bits_in_byte(off, 20), Some(0x1f));
        assert_eq!(bits_in_byte(off, 21), Some(0xff));
    }

    fn samples_inspector() -> Inspector {
        let mut ins = Inspector::default();
        let text = crate::model::samples::all()
            .iter()
            .flat_map(|s| s.frames.clone())
            .map(|f| import::export::hex_stream(&f))
            .collect::<Vec<_>>()
            .join("\n\n");
        ins.load(import::import_text(&text));
        ins
    }

    #[test]
    fn filter_sort_and_step() {
        let mut ins = samples_inspector();
        assert_eq!(ins.rows.len(), 12);
        ins.set_filter("problems");
        assert_eq!(
            ins.visible.len(),
            3,
            "{:?}",
            ins.rows
                .iter()
                .map(|r| (r.kind, r.worst))
                .collect::<Vec<_>>()
        );
        ins.set_filter("v3");
        assert!(ins
            .visible
            .iter()
            .all(|i| ins.rows[*i].kind.and_then(MessageKind::version) == Some(3)));
        ins.set_filter("leave 224.10.10.10");
        assert_eq!(ins.visible.len(), 2);
        ins.set_filter("");
        ins.selected = Some(0);
        ins.step(1);
        assert_eq!(ins.selected, Some(1));
        ins.step(-5);
        assert_eq!(ins.selected, Some(0));
        // End and Home: the last and the first visible row.
        ins.step(i64::MAX);
        assert_eq!(ins.selected, ins.visible.last().copied());
        ins.step(i64::MIN);
        assert_eq!(ins.selected, Some(0));
        ins.set_sort(SortKey::Group);
        ins.set_sort(SortKey::Group);
        assert!(ins.descending);
        // Go to packet: by its number, only when it is listed.
        assert!(ins.go_to(12));
        assert_eq!(ins.selected, Some(11));
        assert!(!ins.go_to(0) && !ins.go_to(13));
        ins.set_filter("v3");
        let hidden = (0..12)
            .find(|i| !ins.visible.contains(i))
            .expect("a hidden frame");
        assert!(!ins.go_to(hidden + 1));
        assert_eq!(ins.selected, Some(11));
    }

    #[test]
    fn the_screen_changes_the_model_through_actions() {
        let mut ins = samples_inspector();
        ins.apply(Action::Filter("v3".into()));
        let hidden = (0..12)
            .find(|i| !ins.visible.contains(i))
            .expect("a hidden frame");
        // Going to a hidden frame: refused, unless revealed (the Analysis view's frame links).
        ins.selected = Some(hidden + 1);
        ins.apply(Action::GoTo {
            number: hidden + 1,
            reveal: false,
        });
        assert_eq!(ins.selected, Some(hidden + 1));
        assert!(!ins.lists(hidden + 1));
        ins.apply(Action::GoTo {
            number: hidden + 1,
            reveal: true,
        });
        assert_eq!(ins.selected, Some(hidden));
        assert_eq!(ins.filter, "");
        assert_eq!(ins.visible.len(), 12);
        ins.apply(Action::Step(1));
        assert_eq!(
            ins.selected,
            ins.visible
                .get(1 + ins.position_of(hidden).unwrap_or(0))
                .copied()
        );
        ins.apply(Action::Click {
            index: 3,
            toggle: false,
            extend: false,
        });
        assert_eq!(ins.selected, Some(3));
        ins.apply(Action::Sort(SortKey::Kind));
        assert_eq!(ins.sort, SortKey::Kind);
        ins.apply(Action::Cancel);
        assert_eq!(ins.rows.len(), 12, "a cancel keeps what was summarised");
    }

    #[test]
    fn ctrl_and_shift_clicks_mark_frames_for_export() {
        let mut ins = samples_inspector();
        ins.click(2, false, false);
        assert_eq!(ins.frames_for_export().len(), 1);
        ins.click(5, false, true);
        assert_eq!(
            ins.marked.iter().copied().collect::<Vec<_>>(),
            vec![2, 3, 4, 5]
        );
        ins.click(3, true, false);
        assert_eq!(ins.frames_for_export().len(), 3);
        ins.click(7, false, false);
        assert!(ins.marked.is_empty());
    }

    #[test]
    fn the_row_index_is_reserved_for_the_whole_file_at_once() {
        let frame = v2_report();
        let n = 10_000usize;
        let file_bytes = (24 + n * (16 + frame.len())) as u64;
        let mut ins = Inspector::default();
        ins.begin_stream();
        let mut batch = Vec::new();
        let f = CapturedFrame {
            link: codec::LinkType::Ethernet,
            ts_sec: 1,
            ts_nsec: 0,
            orig_len: 46,
            bytes: frame,
            comment: None,
            interface: 0,
            unknown: Vec::new(),
        };
        for i in 0..100 {
            crate::model::frames::encode(&mut batch, &row(i, (&f).into()), (&f).into());
        }
        ins.append(&batch);
        ins.reserve_for_file(file_bytes);
        let cap = ins.rows.capacity();
        assert!((n..n + n / 10).contains(&cap), "{cap}");
        for _ in 0..99 {
            ins.append(&batch);
        }
        assert_eq!(ins.rows.len(), n);
        assert_eq!(ins.rows.capacity(), cap, "no reallocation");
    }

    #[test]
    fn chunked_loading_reports_progress_and_cancel_keeps_what_was_summarised() {
        let mut ins = Inspector::default();
        let frames = reports(10);
        ins.begin(capture(frames));
        assert!(!ins.summarise(4));
        assert_eq!(ins.progress(), (4, 10));
        assert_eq!(ins.selected, Some(0));
        ins.cancel();
        assert_eq!(ins.progress(), (4, 4));
        assert_eq!(
            ins.row_text(3, &|_| 0).map(|t| t.summary),
            Some("IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10".to_string())
        );
    }

    #[test]
    fn a_share_links_view_is_restored_once_its_frame_is_summarised() {
        let mut ins = Inspector::default();
        let frames = reports(68);
        ins.apply(Action::Begin(capture(frames)));
        ins.apply(Action::Restore {
            filter: "igmp.type == 0x16".into(),
            selected: Some(41),
        });
        assert_eq!(ins.filter, "igmp.type == 0x16");
        ins.apply(Action::Summarise(20));
        assert_eq!(ins.selected, Some(0), "frame 42 has no row yet");
        ins.apply(Action::Summarise(30));
        assert_eq!(ins.selected, Some(41));
        ins.apply(Action::Summarise(100));
        assert_eq!(ins.selected, Some(41), "it stays");
        assert_eq!(ins.visible.len(), 68);
    }

    #[test]
    fn export_displayed_keeps_the_filter_and_the_capture_order() {
        let mut ins = Inspector::default();
        let frames = reports(6);
        ins.load(capture(frames));
        ins.set_filter("frame.number in {2, 5..6}");
        ins.set_sort(SortKey::Time);
        ins.set_sort(SortKey::Time);
        let shown: Vec<i64> = ins.displayed_frames().iter().map(|f| f.ts_sec).collect();
        assert_eq!(shown, vec![1, 4, 5]);
    }

    #[test]
    fn a_filter_on_a_large_capture_runs_in_steps_and_ends_as_it_would_at_once() {
        let n = FILTER_SYNC_ROWS + 5_000;
        let frames = reports(n);
        let import = || capture(frames.clone());
        let mut ins = Inspector::default();
        ins.load(import());
        let all = ins.visible.len();
        ins.apply(Action::Filter(
            "frame.number > 24000 && igmp.type == 0x16".into(),
        ));
        assert_eq!(ins.filter_progress(), Some((0, n)));
        assert_eq!(ins.visible.len(), all, "the list stays as it was meanwhile");
        let mut steps = 0;
        while ins.filter_progress().is_some() {
            ins.apply(Action::FilterStep(4_000));
            steps += 1;
        }
        assert_eq!(steps, n.div_ceil(4_000));
        assert_eq!(ins.visible.len(), n - 24_000);
        assert_eq!(ins.visible.first(), Some(&24_000));
        // A new filter replaces the running one; Stop clears it.
        ins.apply(Action::Filter("igmp".into()));
        ins.apply(Action::FilterStep(10));
        ins.apply(Action::FilterStop);
        assert_eq!(
            (
                ins.filter_progress(),
                ins.filter.as_str(),
                ins.visible.len()
            ),
            (None, "", n)
        );
    }

    /// `frame.time_delta_displayed` depends on what the filter kept before: in steps it is
    /// tested in capture order (never shared out to the workers), as tshark's one pass.
    #[test]
    fn a_filter_on_the_displayed_delta_runs_in_capture_order() {
        let n = FILTER_SYNC_ROWS + 5_000;
        let mut ins = Inspector::default();
        ins.load(capture(reports(n)));
        // One frame a second: the first (0 s after nothing shown), then every third.
        let filter = "frame.number == 1 || frame.time_delta_displayed >= 3";
        ins.apply(Action::Filter(filter.into()));
        assert_eq!(ins.filter_job.as_ref().map(|j| j.in_order), Some(true));
        while ins.filter_progress().is_some() {
            ins.apply(Action::FilterStep(777));
        }
        let want: Vec<usize> = (0..n).step_by(3).collect();
        assert_eq!(ins.visible, want);
        assert!(ins.lists(4) && !ins.lists(5));
        // The same filter at once (a small capture), and a filter without it is shared out.
        let mut small = Inspector::default();
        small.load(capture(reports(10)));
        small.set_filter(filter);
        assert_eq!(small.visible, vec![0, 3, 6, 9]);
        ins.apply(Action::Filter("frame.time_delta < 3".into()));
        assert_eq!(ins.filter_job.as_ref().map(|j| j.in_order), Some(false));
    }

    #[test]
    fn a_hidden_frame_asked_for_keeps_the_filter_and_is_offered() {
        let mut ins = Inspector::default();
        let frames = reports(5);
        ins.load(capture(frames));
        ins.apply(Action::Filter("frame.number <= 2".into()));
        ins.apply(Action::GoTo {
            number: 4,
            reveal: false,
        });
        assert_eq!(ins.hidden_goto, Some(4));
        assert_eq!(ins.filter, "frame.number <= 2", "the filter is kept");
        ins.apply(Action::GoTo {
            number: 4,
            reveal: true,
        });
        assert_eq!(
            (ins.hidden_goto, ins.selected, ins.filter.as_str()),
            (None, Some(3), "")
        );
    }
}
