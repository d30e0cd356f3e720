//! Captures read as streams: a window of a few MB slides over the file, each frame is lent to
//! the caller straight from the window (pcap) or from the block just read (pcapng), and memory
//! stays the same whatever the file's size (issue #17: `igmpwb summary` on a 78 MB capture used
//! 221 MB).
//!
//! The records and blocks are read by the code of [`super::capture`] itself. A corrupt record or
//! block is rare and needs look-ahead to resynchronise, so at the first one the stream reads the
//! rest of the file and hands it to the whole-file reader, which gives exactly the frames and
//! problems the non-streaming import gives.

use std::io::Read;

use super::capture::{empty, pcap_records, pcapng_blocks, Endian, PcapHeader, PcapngState};
use super::{CapturedFrame, Import, InputFormat, Location, Problem, Why};
use crate::codec::{LinkType, Severity, Unknown};

/// How much is read at a time.
const CHUNK: usize = 1 << 22;

/// A block larger than this is left to the whole-file reader (a hostile length must not make
/// the window grow first).
const MAX_STREAMED_BLOCK: usize = 1 << 24;

/// A frame lent by the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameRef<'a> {
    pub link: LinkType,
    pub ts_sec: i64,
    pub ts_nsec: u32,
    pub bytes: &'a [u8],
    /// The length on the wire.
    pub orig_len: u32,
    /// The packet's comment (pcapng `opt_comment`).
    pub comment: Option<&'a str>,
    /// The pcapng interface it was captured on (0 for pcap and text).
    pub interface: u32,
    /// The bytes a typo in a pasted dump left unknown (none in a capture file).
    pub unknown: Unknown<'a>,
}

impl<'a> From<&'a CapturedFrame> for FrameRef<'a> {
    fn from(f: &'a CapturedFrame) -> Self {
        FrameRef {
            link: f.link,
            ts_sec: f.ts_sec,
            ts_nsec: f.ts_nsec,
            bytes: &f.bytes,
            orig_len: f.orig_len,
            comment: f.comment.as_deref(),
            interface: f.interface,
            unknown: Unknown::packed(&f.unknown),
        }
    }
}

impl FrameRef<'_> {
    /// Its time in seconds since the epoch.
    pub fn seconds(&self) -> f64 {
        self.ts_sec as f64 + f64::from(self.ts_nsec) / 1e9
    }

    /// Its field tree and diagnostics ([`crate::codec::dissect`]), its unknown bytes said.
    pub fn dissect(&self) -> crate::codec::Dissection {
        let unknown = self.unknown;
        crate::codec::dissect_with(
            self.link,
            self.bytes,
            crate::codec::Options {
                tree: true,
                unknown,
            },
        )
    }

    /// The frame as an owned [`CapturedFrame`].
    pub fn to_owned_frame(&self) -> CapturedFrame {
        CapturedFrame {
            link: self.link,
            ts_sec: self.ts_sec,
            ts_nsec: self.ts_nsec,
            bytes: self.bytes.to_vec(),
            orig_len: self.orig_len,
            comment: self.comment.map(str::to_owned),
            interface: self.interface,
            unknown: self.unknown.as_bytes().to_vec(),
        }
    }
}

/// An I/O error while reading, as a problem at the offset reached.
fn io_problem(offset: usize, e: &std::io::Error) -> Problem {
    Problem {
        severity: Severity::Error,
        location: Location::File {
            offset,
            record: None,
        },
        message: Why::ReadFailed {
            error: e.to_string(),
        }
        .text(),
    }
}

/// The sliding window over a reader that both streams read from.
struct Window<R> {
    reader: R,
    bytes: Vec<u8>,
    /// Where reading goes on in `bytes`, and the file offset of `bytes[0]`.
    pos: usize,
    base: usize,
    eof: bool,
}

impl<R: Read> Window<R> {
    fn new(reader: R, first: Vec<u8>, pos: usize) -> Self {
        Window {
            reader,
            bytes: first,
            pos,
            base: 0,
            eof: false,
        }
    }

    /// The file offset of `pos`.
    fn offset(&self) -> usize {
        self.base.saturating_add(self.pos)
    }

    /// Makes `n` bytes available from `pos`, unless the file ends first (then false). What was
    /// read before `pos` is dropped first, so the window stays small.
    fn ensure(&mut self, n: usize, problems: &mut Vec<Problem>) -> bool {
        while self.bytes.len().saturating_sub(self.pos) < n && !self.eof {
            if self.pos > 0 {
                self.bytes.drain(..self.pos);
                self.base = self.base.saturating_add(self.pos);
                self.pos = 0;
            }
            // Read up to a chunk more (`read_to_end` on `take` appends without zero-filling
            // the space first, and retries interrupted reads).
            let want = u64::try_from(CHUNK.max(n)).unwrap_or(u64::MAX);
            match (&mut self.reader).take(want).read_to_end(&mut self.bytes) {
                Ok(k) if u64::try_from(k).unwrap_or(u64::MAX) < want => self.eof = true,
                Ok(_) => {}
                Err(e) => {
                    let at = self.base.saturating_add(self.bytes.len());
                    problems.push(io_problem(at, &e));
                    self.eof = true;
                }
            }
        }
        self.bytes.len().saturating_sub(self.pos) >= n
    }

    /// Everything from `pos` to the end of the file, after `prefix`; the window is left empty.
    fn rest(&mut self, prefix: &[u8], problems: &mut Vec<Problem>) -> Vec<u8> {
        let tail = self.bytes.get(self.pos..).unwrap_or(&[]);
        let mut rest = Vec::with_capacity(prefix.len().saturating_add(tail.len()));
        rest.extend_from_slice(prefix);
        rest.extend_from_slice(tail);
        if !self.eof {
            if let Err(e) = self.reader.read_to_end(&mut rest) {
                problems.push(io_problem(self.offset(), &e));
            }
            self.eof = true;
        }
        self.bytes = Vec::new();
        self.pos = 0;
        rest
    }
}

/// Frames read ahead (the whole-file reader's, or a pcapng block's), lent one at a time.
#[derive(Default)]
struct Lent {
    frames: Vec<CapturedFrame>,
    next: usize,
}

impl Lent {
    fn next_frame(&mut self) -> Option<FrameRef<'_>> {
        let i = self.next;
        self.next = i.saturating_add(1);
        self.frames.get(i).map(FrameRef::from)
    }

    fn is_empty(&self) -> bool {
        self.next >= self.frames.len()
    }
}

/// A pcap capture read as a stream, record by record.
pub struct PcapStream<R> {
    window: Window<R>,
    file_header: [u8; 24],
    header: PcapHeader,
    pub format: InputFormat,
    /// Problems found so far (all of them once [`Self::next_frame`] has returned `None`).
    pub problems: Vec<Problem>,
    /// Frames of a link type the workbench does not decode.
    pub skipped: usize,
    index: usize,
    last_ts: Option<u32>,
    /// After a corrupt record: the whole-file reader's frames for the rest.
    rest: Lent,
    done: bool,
}

impl<R: Read> PcapStream<R> {
    /// Starts a stream on a reader whose first bytes are `first` (already read to recognise the
    /// format: at least the 24-byte pcap header, else `None`).
    pub fn new(first: Vec<u8>, reader: R) -> Option<Self> {
        let file_header: [u8; 24] = first.get(..24)?.try_into().ok()?;
        Some(Self::with_header(file_header, first, reader))
    }

    /// [`Self::new`] once the header has been taken from `first`.
    fn with_header(file_header: [u8; 24], mut first: Vec<u8>, reader: R) -> Self {
        let (header, format, link_problem) = PcapHeader::read(&file_header);
        first.reserve(CHUNK);
        PcapStream {
            window: Window::new(reader, first, 24),
            file_header,
            header,
            format,
            problems: link_problem.into_iter().collect(),
            skipped: 0,
            index: 0,
            last_ts: None,
            rest: Lent::default(),
            done: false,
        }
    }

    /// The next frame, or `None` at the end of the file.
    pub fn next_frame(&mut self) -> Option<FrameRef<'_>> {
        loop {
            if self.done {
                return self.rest.next_frame();
            }
            let w = &mut self.window;
            if !w.ensure(16, &mut self.problems) {
                // The end of the file, or the end inside a record header: the whole-file reader
                // words the problem.
                self.finish_with_whole_file_reader();
                continue;
            }
            let at = w.pos;
            let h = self.header;
            let word = |k: usize| h.endian.u32(&w.bytes, at.saturating_add(k));
            let (Some(ts_sec), Some(ts_frac), Some(incl), Some(orig)) =
                (word(0), word(4), word(8), word(12))
            else {
                self.finish_with_whole_file_reader();
                continue;
            };
            let whole = usize::try_from(incl)
                .ok()
                .and_then(|n| n.checked_add(16))
                .unwrap_or(usize::MAX);
            if h.record_fault(ts_frac, incl, orig).is_some() || !w.ensure(whole, &mut self.problems)
            {
                // Corrupt or cut short: let the whole-file reader resynchronise and report.
                self.finish_with_whole_file_reader();
                continue;
            }
            let start = w.pos.saturating_add(16);
            let end = w.pos.saturating_add(whole);
            w.pos = end;
            self.index = self.index.saturating_add(1);
            self.last_ts = Some(ts_sec);
            let Some(link) = h.link else {
                self.skipped = self.skipped.saturating_add(1);
                continue;
            };
            let ts_nsec = if h.nanos {
                ts_frac
            } else {
                ts_frac.saturating_mul(1000)
            };
            return Some(FrameRef {
                link,
                ts_sec: i64::from(ts_sec),
                ts_nsec,
                bytes: self.window.bytes.get(start..end).unwrap_or(&[]),
                orig_len: orig,
                comment: None,
                interface: 0,
                unknown: Unknown::NONE,
            });
        }
    }

    /// Reads the rest of the file and hands it, behind the file header, to the whole-file reader
    /// from the current record on, with problems at this file's offsets.
    fn finish_with_whole_file_reader(&mut self) {
        // `rest[24..]` starts at this file offset.
        let shift = self.window.offset().saturating_sub(24);
        let rest = self.window.rest(&self.file_header, &mut self.problems);
        let mut imp = empty(Some(self.format));
        let (h, index, last_ts) = (&self.header, self.index, self.last_ts);
        pcap_records(&rest, h, 24, index, last_ts, shift, &mut imp);
        self.problems.append(&mut imp.problems);
        self.skipped = self.skipped.saturating_add(imp.skipped);
        self.rest = Lent {
            frames: imp.frames,
            next: 0,
        };
        self.done = true;
    }
}

/// A pcapng capture read as a stream, block by block. Each well-formed block is read by the same
/// code as the whole-file reader (`capture::pcapng_blocks` on exactly that block); at the first
/// block that is cut, corrupt or huge, the rest of the file goes to that reader, which
/// resynchronises and words the problems exactly as for a whole file.
pub struct PcapngStream<R> {
    window: Window<R>,
    state: PcapngState,
    pub problems: Vec<Problem>,
    /// Section and interface comments.
    pub comments: Vec<String>,
    pub skipped: usize,
    /// The frames of the last block(s) read.
    pending: Lent,
    done: bool,
}

impl<R: Read> PcapngStream<R> {
    /// Starts a stream on a reader whose first bytes, already read, are `first`.
    pub fn new(first: Vec<u8>, reader: R) -> Self {
        PcapngStream {
            window: Window::new(reader, first, 0),
            state: PcapngState::default(),
            problems: Vec::new(),
            comments: Vec::new(),
            skipped: 0,
            pending: Lent::default(),
            done: false,
        }
    }

    /// Reads `b` (a block, or the rest of the file) from file offset `shift` with the
    /// whole-file reader's code, keeping its frames to lend.
    fn read_blocks(&mut self, b: &[u8], shift: usize) {
        let mut imp = empty(Some(InputFormat::Pcapng));
        pcapng_blocks(b, 0, &mut self.state, shift, &mut imp);
        self.problems.append(&mut imp.problems);
        self.comments.append(&mut imp.comments);
        self.skipped = self.skipped.saturating_add(imp.skipped);
        self.pending = Lent {
            frames: imp.frames,
            next: 0,
        };
    }

    /// The next frame, or `None` at the end of the file.
    pub fn next_frame(&mut self) -> Option<FrameRef<'_>> {
        while self.pending.is_empty() && !self.done {
            let shift = self.window.offset();
            match self.block_len() {
                Some(len) => {
                    let start = self.window.pos;
                    let end = start.saturating_add(len);
                    let block = std::mem::take(&mut self.window.bytes);
                    self.read_blocks(block.get(start..end).unwrap_or(&[]), shift);
                    self.window.bytes = block;
                    self.window.pos = end;
                }
                None => {
                    let rest = self.window.rest(&[], &mut self.problems);
                    self.read_blocks(&rest, shift);
                    self.done = true;
                }
            }
        }
        self.pending.next_frame()
    }

    /// The length of the block at `pos` when it is well formed, whole in the window (read
    /// further if needed) and not huge; `None` otherwise.
    fn block_len(&mut self) -> Option<usize> {
        let w = &mut self.window;
        if !w.ensure(12, &mut self.problems) {
            return None;
        }
        let at = w.pos;
        let shb = w.bytes.get(at..at.saturating_add(4)) == Some(&[0x0a, 0x0d, 0x0d, 0x0a]);
        let e = if shb {
            match w.bytes.get(at.saturating_add(8)..at.saturating_add(12)) {
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => Endian { big: true },
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => Endian { big: false },
                _ => return None,
            }
        } else {
            self.state.endian()
        };
        let len = usize::try_from(e.u32(&w.bytes, at.saturating_add(4))?).ok()?;
        if len < 12
            || len % 4 != 0
            || len > MAX_STREAMED_BLOCK
            || !w.ensure(len, &mut self.problems)
        {
            return None;
        }
        let trailer = e.u32(&w.bytes, w.pos.saturating_add(len).saturating_sub(4))?;
        (usize::try_from(trailer).ok() == Some(len)).then_some(len)
    }
}

/// A pcap or pcapng capture read as a stream, whichever the first bytes say.
pub enum CaptureStream<R> {
    Pcap(PcapStream<R>),
    Pcapng(PcapngStream<R>),
}

/// What a stream found besides its frames, once it has ended.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct StreamEnd {
    pub format: Option<InputFormat>,
    pub problems: Vec<Problem>,
    pub comments: Vec<String>,
    pub skipped: usize,
}

impl<R: Read> CaptureStream<R> {
    /// Reads the first bytes of `reader` and starts the stream that they call for. When they are
    /// not a pcap or pcapng header (text, or too short to tell), gives them back with the reader
    /// so that the caller reads the whole input another way.
    pub fn open(mut reader: R) -> Result<Self, (Vec<u8>, R)> {
        let mut first = Vec::with_capacity(24);
        // An I/O error here leaves `first` short: the whole-input path then explains.
        let _ = (&mut reader).take(24).read_to_end(&mut first);
        if super::capture::is_pcapng(&first) {
            return Ok(CaptureStream::Pcapng(PcapngStream::new(first, reader)));
        }
        let header: Option<[u8; 24]> = first.get(..24).and_then(|h| h.try_into().ok());
        match header {
            Some(h) if super::capture::is_capture(&first) => Ok(CaptureStream::Pcap(
                PcapStream::with_header(h, first, reader),
            )),
            _ => Err((first, reader)),
        }
    }

    pub fn format(&self) -> InputFormat {
        match self {
            CaptureStream::Pcap(s) => s.format,
            CaptureStream::Pcapng(_) => InputFormat::Pcapng,
        }
    }

    /// The next frame, or `None` at the end of the file.
    pub fn next_frame(&mut self) -> Option<FrameRef<'_>> {
        match self {
            CaptureStream::Pcap(s) => s.next_frame(),
            CaptureStream::Pcapng(s) => s.next_frame(),
        }
    }

    /// The format, problems, comments and skipped count (complete once `next_frame` has
    /// returned `None`).
    pub fn end(self) -> StreamEnd {
        match self {
            CaptureStream::Pcap(s) => StreamEnd {
                format: Some(s.format),
                problems: s.problems,
                comments: Vec::new(),
                skipped: s.skipped,
            },
            CaptureStream::Pcapng(s) => StreamEnd {
                format: Some(InputFormat::Pcapng),
                problems: s.problems,
                comments: s.comments,
                skipped: s.skipped,
            },
        }
    }
}

/// Reads a whole stream into an [`Import`] (for tests: the same as `capture::read`).
pub fn collect_any<R: Read>(stream: CaptureStream<R>) -> Import {
    collect_all(stream)
}

fn collect_all<R: Read>(mut stream: CaptureStream<R>) -> Import {
    let mut frames = Vec::new();
    while let Some(f) = stream.next_frame() {
        frames.push(f.to_owned_frame());
    }
    let end = stream.end();
    Import {
        frames,
        problems: end.problems,
        comments: end.comments,
        skipped: end.skipped,
        ..empty(end.format)
    }
}

/// Reads a whole pcapng stream into an [`Import`] (for tests: the same as `capture::read`).
pub fn collect_pcapng<R: Read>(stream: PcapngStream<R>) -> Import {
    collect_all(CaptureStream::Pcapng(stream))
}

/// Reads the whole stream into an [`Import`] (for tests: the same as `capture::read`).
pub fn collect<R: Read>(stream: PcapStream<R>) -> Import {
    collect_all(CaptureStream::Pcap(stream))
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    clippy::arithmetic_side_effects,
    clippy::cast_possible_truncation,
    reason = "tests build their fixtures; a panic there is a failed test"
)]
mod tests {
    use super::*;
    use crate::import::capture;

    /// Reads `bytes` through a reader that returns at most `step` bytes per call.
    struct Trickle<'a> {
        bytes: &'a [u8],
        step: usize,
    }

    impl Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let n = self.step.min(buf.len()).min(self.bytes.len());
            buf[..n].copy_from_slice(&self.bytes[..n]);
            self.bytes = &self.bytes[n..];
            Ok(n)
        }
    }

    fn streamed(file: &[u8], step: usize) -> Import {
        let first = file[..24.min(file.len())].to_vec();
        let stream = PcapStream::new(
            first,
            Trickle {
                bytes: &file[24.min(file.len())..],
                step,
            },
        )
        .expect("a pcap header");
        collect(stream)
    }

    fn frames(n: usize) -> Vec<CapturedFrame> {
        (0..n)
            .map(|i| CapturedFrame {
                link: LinkType::Ethernet,
                ts_sec: 1_700_000_000 + i as i64,
                ts_nsec: 1000 * (i as u32 % 1000),
                bytes: vec![i as u8; 40 + i % 30],
                orig_len: (40 + i % 30) as u32,
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_stream_gives_what_the_whole_file_reader_gives() {
        let file = capture::write_pcap(&frames(3000));
        for step in [1, 7, 4096, 1 << 20] {
            assert_eq!(streamed(&file, step), capture::read(&file), "step {step}");
        }
    }

    #[test]
    fn a_pcapng_stream_gives_what_the_whole_file_reader_gives() {
        let mut frames = frames(500);
        frames[3].comment = Some("a comment".into());
        frames[7].link = LinkType::LinuxSll;
        let file = capture::write_pcapng(&frames);
        for step in [1, 5, 4096] {
            for cut in [file.len(), file.len() - 7, file.len() / 2, 30] {
                let part = &file[..cut];
                let stream = PcapngStream::new(Vec::new(), Trickle { bytes: part, step });
                assert_eq!(
                    collect_pcapng(stream),
                    capture::read(part),
                    "step {step} cut {cut}"
                );
            }
        }
    }

    #[test]
    fn cut_and_corrupt_files_give_the_same_frames_and_problems() {
        let file = capture::write_pcap(&frames(200));
        // Cut inside a record, and inside a record header.
        for cut in [file.len() - 5, file.len() - 50, 24 + 16 + 40 + 3] {
            assert_eq!(
                streamed(&file[..cut], 13),
                capture::read(&file[..cut]),
                "cut {cut}"
            );
        }
        // A corrupt captured length in the middle.
        let mut bad = file.clone();
        let at = 24 + 100 * 16 + (0..100).map(|i| 40 + i % 30).sum::<usize>() + 8;
        bad[at..at + 4].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
        let whole = capture::read(&bad);
        assert!(whole.problems.iter().any(|p| p.severity == Severity::Error));
        assert_eq!(streamed(&bad, 4096), whole);
    }
}
