//! The import worker's job, without the browser: a capture read as a stream (any `Read`: in the
//! browser, a `File` read slice by slice), summarised frame by frame into packet-list rows, and
//! handed over in batches of the [`super::frames`] wire form. The page only appends them
//! ([`super::inspector::Inspector::append`]), so parsing and summarising never run on the page's
//! thread (issue #17: a million-frame import held the page for 215–425 ms at a time).

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use crate::import::stream::{CaptureStream, StreamEnd};
use crate::import::InputFormat;
use crate::model::frames;
use crate::model::inspector::{row, Row};
use std::collections::VecDeque;

/// A reader that counts what it has given (for the progress bar).
pub struct Counted<R> {
    inner: R,
    read: Rc<Cell<u64>>,
}

impl<R: Read> Read for Counted<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.read.set(self.read.get().saturating_add(n as u64));
        Ok(n)
    }
}

pub(crate) const PLACEHOLDER: Row = Row {
    index: 0,
    src: None,
    dst: None,
    kind: None,
    group: None,
    worst: None,
    not_igmp: false,
};

/// Puts batches numbered from 0 back in order when two workers finish them out of order.
/// (A queue by position, not a map: the two workers are never far apart, and the wasm carries
/// no map code for it.)
#[derive(Debug, Default)]
pub struct Reorder {
    next: u32,
    /// Batch `next + k` at position `k`, once it has come.
    waiting: VecDeque<Option<Vec<u8>>>,
}

/// How far ahead of the next batch one may come (the workers alternate, so one or two).
const REORDER_AHEAD: u32 = 1 << 16;

impl Reorder {
    /// Takes batch `seq`; returns the batches that can now be appended, in order. A batch
    /// already appended, or implausibly far ahead, is dropped.
    pub fn push(&mut self, seq: u32, batch: Vec<u8>) -> Vec<Vec<u8>> {
        let Some(ahead) = seq.checked_sub(self.next).filter(|a| *a < REORDER_AHEAD) else {
            return Vec::new();
        };
        let at = ahead as usize;
        if self.waiting.len() <= at {
            self.waiting.resize(at.saturating_add(1), None);
        }
        if let Some(slot) = self.waiting.get_mut(at) {
            *slot = Some(batch);
        }
        let mut ready = Vec::new();
        while let Some(Some(b)) = self.waiting.front_mut().map(Option::take) {
            self.waiting.pop_front();
            ready.push(b);
            self.next = self.next.saturating_add(1);
        }
        ready
    }

    /// Batches appended so far.
    pub fn done(&self) -> u32 {
        self.next
    }
}

pub struct ImportJob<R> {
    stream: CaptureStream<Counted<R>>,
    read: Rc<Cell<u64>>,
    /// Frames summarised so far (the next frame's index).
    index: usize,
    ended: bool,
}

impl<R: Read> ImportJob<R> {
    /// Starts on a pcap or pcapng capture; anything else (text) comes back with its first bytes
    /// so that the caller reads it whole.
    pub fn open(reader: R) -> Result<Self, (Vec<u8>, R)> {
        let read = Rc::new(Cell::new(0));
        let counted = Counted {
            inner: reader,
            read: read.clone(),
        };
        match CaptureStream::open(counted) {
            Ok(stream) => Ok(ImportJob {
                stream,
                read,
                index: 0,
                ended: false,
            }),
            Err((first, counted)) => Err((first, counted.inner)),
        }
    }

    pub fn format(&self) -> InputFormat {
        self.stream.format()
    }

    /// Bytes read from the input so far.
    pub fn bytes_read(&self) -> u64 {
        self.read.get()
    }

    /// Appends up to `max` frames with their rows to `out`; false once the capture has ended
    /// (`out` may still have received the last frames). Without `rows`, each frame gets an
    /// empty placeholder row, to be made by [`frames::with_rows`] in another worker.
    pub fn next_batch(&mut self, max: usize, out: &mut Vec<u8>, rows: bool) -> bool {
        for _ in 0..max {
            let Some(f) = self.stream.next_frame() else {
                self.ended = true;
                return false;
            };
            let r = if rows {
                row(self.index, f)
            } else {
                PLACEHOLDER
            };
            frames::encode(out, &r, f);
            self.index = self.index.saturating_add(1);
        }
        !self.ended
    }

    /// Frames handed over so far.
    pub fn frames(&self) -> usize {
        self.index
    }

    /// The format, problems, comments and skipped frames (complete once `next_batch` has
    /// returned false).
    pub fn end(self) -> StreamEnd {
        self.stream.end()
    }
}

/// Pasted text (or a text file) decoded in the worker too (#26: a 2 MB paste held the page for
/// 1.4 s): its frames in batches of `per` with their rows, and the end of the "stream" (the
/// format, the problems by line and column, no comments).
pub fn text_batches(
    text: &str,
    choice: crate::import::LinkChoice,
    per: usize,
) -> (Vec<Vec<u8>>, StreamEnd) {
    let imp = crate::import::import_text_as(text, choice);
    let batches = imp
        .frames
        .chunks(per.max(1))
        .enumerate()
        .map(|(b, chunk)| {
            let mut out = Vec::new();
            for (i, f) in chunk.iter().enumerate() {
                let f = crate::import::stream::FrameRef::from(f);
                let index = b.saturating_mul(per).saturating_add(i);
                frames::encode(&mut out, &row(index, f), f);
            }
            out
        })
        .collect();
    let end = StreamEnd {
        format: imp.format,
        problems: imp.problems,
        comments: imp.comments,
        skipped: imp.skipped,
    };
    (batches, end)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::{self, capture};
    use crate::model::inspector::Inspector;

    /// What the page holds after a job's batches of `per` frames.
    fn through_batches(file: &[u8], per: usize) -> Inspector {
        let mut job = ImportJob::open(file)
            .map_err(|(first, _)| first)
            .expect("a capture");
        let mut ins = Inspector::default();
        ins.begin_stream();
        let mut batch = Vec::new();
        loop {
            // Every other batch leaves its rows to a helper, as in the browser.
            let own_rows = job.frames() / per % 2 == 0;
            let more = job.next_batch(per, &mut batch, own_rows);
            if own_rows {
                ins.append(&batch);
            } else {
                let mut made = Vec::new();
                frames::with_rows(&batch, &mut made).expect("a well-formed batch");
                ins.append(&made);
            }
            batch.clear();
            if !more {
                break;
            }
        }
        ins.finish(job.end());
        // Where each batch starts is the stream's own record (for the workers' filtering); a
        // whole import has none. Everything else must be the same.
        assert!(ins.batch_starts.windows(2).all(|w| w[0] <= w[1]));
        assert!(ins.batch_starts.iter().all(|&s| s <= ins.rows.len()));
        ins.batch_starts.clear();
        ins
    }

    fn corpus(name: &str) -> Vec<u8> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data")
            .join(name);
        std::fs::read(&path).expect("test capture")
    }

    #[test]
    fn batches_give_the_page_what_a_whole_import_gives() {
        for name in [
            "parity/mixed.pcap",
            "parity/igmp-cut.pcap",
            "pcapng/host-v3-source-specific.pcapng",
        ] {
            let file = corpus(name);
            let mut whole = Inspector::default();
            whole.load(import::import(&file));
            for per in [1, 7, 100_000] {
                let streamed = through_batches(&file, per);
                assert_eq!(streamed, whole, "{name} in batches of {per}");
            }
        }
    }

    /// Text decoded in the worker reaches the page as the page's own decode would: frames,
    /// rows, format and problems (a typo'd line and a comment among them), in any batch size.
    #[test]
    fn pasted_text_in_batches_gives_what_the_page_decodes() {
        let text = "# a comment\n0000  01 00 5e 00 00 16 00 00 00 00 00 01 08 00 46 00\n0010  00 20 00 00 00 00 01 02 00 00 c0 a8 01 01 e0 00\n0020  00 16 94 04 00 00 16 00 fa 04 e0 00 00 fc\n\n0000  zz 00 5e\n";
        for choice in crate::import::LinkChoice::ALL {
            let mut whole = Inspector::default();
            whole.load(crate::import::import_text_as(text, choice));
            for per in [1, 2, 100] {
                let (batches, end) = text_batches(text, choice, per);
                let mut streamed = Inspector::default();
                streamed.begin_stream();
                streamed.format = end.format;
                for b in &batches {
                    streamed.append(b);
                }
                streamed.finish(end);
                streamed.batch_starts.clear();
                assert_eq!(streamed, whole, "{choice:?} in batches of {per}");
            }
        }
    }

    #[test]
    fn a_corrupt_capture_streams_with_the_whole_readers_problems() {
        let mut file = corpus("parity/mixed.pcap");
        // A captured length far beyond the snap length in the third record, and a cut end.
        let at = 24
            + 16
            + usize::try_from(u32::from_le_bytes(file[32..36].try_into().unwrap())).unwrap();
        file[at + 8..at + 12].copy_from_slice(&0x7fff_fff0u32.to_le_bytes());
        file.truncate(file.len() - 3);
        let mut whole = Inspector::default();
        whole.load(capture::read(&file));
        let streamed = through_batches(&file, 5);
        assert!(!whole.problems.is_empty());
        assert_eq!(streamed, whole);
    }

    #[test]
    fn batches_come_back_in_order() {
        let mut r = Reorder::default();
        assert!(r.push(1, vec![1]).is_empty());
        assert!(r.push(2, vec![2]).is_empty());
        assert_eq!(r.push(0, vec![0]), vec![vec![0], vec![1], vec![2]]);
        assert_eq!(r.push(3, vec![3]), vec![vec![3]]);
        assert_eq!(r.done(), 4);
    }

    #[test]
    fn text_is_handed_back_with_its_first_bytes() {
        let text = b"0100 5e00 0001";
        match ImportJob::open(&text[..]) {
            Err((first, _)) => assert_eq!(first, text.to_vec()),
            Ok(_) => panic!("text is not a capture"),
        }
    }
}
