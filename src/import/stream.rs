//! A pcap capture read as a stream: a window of a few MB slides over the file, each frame is
//! lent to the caller straight from the window, and memory stays the same whatever the file's
//! size (issue #17: `igmpwb summary` on a 78 MB capture used 221 MB).
//!
//! The records are read by the same rules as [`super::capture`]. A corrupt record is rare and
//! needs look-ahead to resynchronise, so at the first one the stream reads the rest of the file
//! and hands it to the whole-file reader, which gives exactly the frames and problems the
//! non-streaming import gives.

use std::io::Read;

use super::capture::{pcap_records, PcapHeader};
use super::{CapturedFrame, Import, InputFormat, Location, Problem};
use crate::codec::{LinkType, Severity, Text};

/// How much is read at a time.
const CHUNK: usize = 1 << 22;

/// A frame lent by the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FrameRef<'a> {
    pub link: LinkType,
    pub ts_sec: i64,
    pub ts_nsec: u32,
    pub bytes: &'a [u8],
    /// The length on the wire.
    pub orig_len: u32,
}

impl<'a> From<&'a CapturedFrame> for FrameRef<'a> {
    fn from(f: &'a CapturedFrame) -> Self {
        FrameRef {
            link: f.link,
            ts_sec: f.ts_sec,
            ts_nsec: f.ts_nsec,
            bytes: &f.bytes,
            orig_len: f.orig_len,
        }
    }
}

pub struct PcapStream<R> {
    reader: R,
    file_header: [u8; 24],
    header: PcapHeader,
    pub format: InputFormat,
    /// Problems found so far (all of them once [`Self::next_frame`] has returned `None`).
    pub problems: Vec<Problem>,
    /// Frames of a link type the workbench does not decode.
    pub skipped: usize,
    window: Vec<u8>,
    /// Where the next record starts in `window`, and the file offset of `window[0]`.
    pos: usize,
    base: usize,
    eof: bool,
    index: usize,
    last_ts: Option<u32>,
    /// After a corrupt record: the whole-file reader's frames for the rest, and the next one.
    rest: Option<(Vec<CapturedFrame>, usize)>,
    done: bool,
}

/// An I/O error while reading, as a problem at the offset reached.
fn io_problem(offset: usize, e: &std::io::Error) -> Problem {
    Problem {
        severity: Severity::Error,
        location: Location::File {
            offset,
            record: None,
        },
        message: Text::new(
            format!("The file could not be read further: {e}."),
            format!("ファイルをこれ以上読めません: {e}。"),
        ),
    }
}

impl<R: Read> PcapStream<R> {
    /// Starts a stream on a reader whose first bytes are `first` (already read to recognise the
    /// format: at least the 24-byte pcap header, else `None`).
    pub fn new(first: Vec<u8>, reader: R) -> Option<Self> {
        let file_header: [u8; 24] = first.get(..24)?.try_into().ok()?;
        let (header, format, link_problem) = PcapHeader::read(&file_header);
        let mut window = first;
        window.reserve(CHUNK);
        Some(PcapStream {
            reader,
            file_header,
            header,
            format,
            problems: link_problem.into_iter().collect(),
            skipped: 0,
            window,
            pos: 24,
            base: 0,
            eof: false,
            index: 0,
            last_ts: None,
            rest: None,
            done: false,
        })
    }

    /// Makes `n` bytes available from `pos`, unless the file ends first. False at the end.
    fn ensure(&mut self, n: usize) -> bool {
        while self.window.len().saturating_sub(self.pos) < n && !self.eof {
            if self.pos > 0 {
                // Slide: drop what was read.
                self.window.drain(..self.pos);
                self.base = self.base.saturating_add(self.pos);
                self.pos = 0;
            }
            let have = self.window.len();
            self.window.resize(have.saturating_add(CHUNK.max(n)), 0);
            let mut filled = have;
            // Fill the new space (a read may return less than asked).
            while filled < self.window.len() {
                match self
                    .reader
                    .read(self.window.get_mut(filled..).unwrap_or(&mut []))
                {
                    Ok(0) => {
                        self.eof = true;
                        break;
                    }
                    Ok(k) => filled = filled.saturating_add(k),
                    Err(e) if e.kind() == std::io::ErrorKind::Interrupted => {}
                    Err(e) => {
                        self.problems
                            .push(io_problem(self.base.saturating_add(filled), &e));
                        self.eof = true;
                        break;
                    }
                }
            }
            self.window.truncate(filled);
        }
        self.window.len().saturating_sub(self.pos) >= n
    }

    /// The next frame, or `None` at the end of the file.
    pub fn next_frame(&mut self) -> Option<FrameRef<'_>> {
        loop {
            if self.rest.is_some() {
                return self.next_from_rest();
            }
            if self.done {
                return None;
            }
            if !self.ensure(16) {
                // The end of the file, or the end inside a record header: the whole-file reader
                // words the problem.
                self.finish_with_whole_file_reader();
                continue;
            }
            let at = self.pos;
            let h = self.header;
            let word = |k: usize| h.endian.u32(&self.window, at.saturating_add(k));
            let (Some(ts_sec), Some(ts_frac), Some(incl), Some(orig)) =
                (word(0), word(4), word(8), word(12))
            else {
                self.finish_with_whole_file_reader();
                continue;
            };
            let frac_ok = if h.nanos {
                ts_frac < 1_000_000_000
            } else {
                ts_frac < 1_000_000
            };
            let whole = usize::try_from(incl)
                .ok()
                .and_then(|n| n.checked_add(16))
                .unwrap_or(usize::MAX);
            if !(frac_ok && incl <= h.limit && self.ensure(whole)) {
                // Corrupt or cut short: let the whole-file reader resynchronise and report.
                self.finish_with_whole_file_reader();
                continue;
            }
            let start = self.pos.saturating_add(16);
            let end = self.pos.saturating_add(whole);
            self.pos = end;
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
                bytes: self.window.get(start..end).unwrap_or(&[]),
                orig_len: orig,
            });
        }
    }

    /// Reads the rest of the file and hands it, behind the file header, to the whole-file reader
    /// from the current record on; its problems are moved to this file's offsets.
    fn finish_with_whole_file_reader(&mut self) {
        let mut rest = Vec::with_capacity(24usize.saturating_add(self.window.len()));
        rest.extend_from_slice(&self.file_header);
        rest.extend_from_slice(self.window.get(self.pos..).unwrap_or(&[]));
        if !self.eof {
            if let Err(e) = self.reader.read_to_end(&mut rest) {
                let offset = self.base.saturating_add(self.pos);
                self.problems.push(io_problem(offset, &e));
            }
        }
        let mut imp = Import {
            format: Some(self.format),
            frames: Vec::new(),
            problems: Vec::new(),
            comments: Vec::new(),
            skipped: 0,
        };
        // `rest[24..]` starts at this file offset.
        let shift = self.base.saturating_add(self.pos).saturating_sub(24);
        pcap_records(
            &rest,
            &self.header,
            24,
            self.index,
            self.last_ts,
            shift,
            &mut imp,
        );
        self.problems.append(&mut imp.problems);
        self.skipped = self.skipped.saturating_add(imp.skipped);
        self.window = Vec::new();
        self.pos = 0;
        self.done = true;
        self.rest = Some((imp.frames, 0));
    }

    fn next_from_rest(&mut self) -> Option<FrameRef<'_>> {
        let (frames, next) = self.rest.as_mut()?;
        let i = *next;
        *next = i.saturating_add(1);
        frames.get(i).map(FrameRef::from)
    }
}

/// Reads the whole stream into an [`Import`] (for tests: the same as `capture::read`).
pub fn collect<R: Read>(mut stream: PcapStream<R>) -> Import {
    let mut frames = Vec::new();
    while let Some(f) = stream.next_frame() {
        frames.push(CapturedFrame {
            link: f.link,
            ts_sec: f.ts_sec,
            ts_nsec: f.ts_nsec,
            bytes: f.bytes.to_vec(),
            orig_len: f.orig_len,
            comment: None,
        });
    }
    Import {
        format: Some(stream.format),
        frames,
        problems: stream.problems,
        comments: Vec::new(),
        skipped: stream.skipped,
    }
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
