//! The Inspector's frames, stored compactly, and the wire form in which the import worker hands
//! them to the page with their packet-list rows.
//!
//! A million-frame capture used to cost 255 bytes of browser memory per frame (issue #17): a
//! `CapturedFrame` with its own heap block per frame, plus the whole file held while it was read.
//! Here the bytes of 65 536 frames share one buffer and each frame has a fixed 32-byte entry
//! (24 on wasm32's 4-byte `usize` is padded to 32 by the `i64`), so no allocation is made per frame
//! and no single allocation grows with the capture except the row index.

use std::net::Ipv4Addr;

use crate::codec::frame::MessageKind;
use crate::codec::{LinkType, Severity, Unknown};
use crate::import::stream::FrameRef;
use crate::import::CapturedFrame;
use crate::model::inspector::Row;

/// Frames per block (a power of two, so that finding a frame's block is a shift).
const BLOCK_BITS: u32 = 16;
const BLOCK_FRAMES: usize = 1 << BLOCK_BITS;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Entry {
    /// Where the frame's bytes start in its block's buffer.
    start: usize,
    len: u32,
    orig_len: u32,
    ts_sec: i64,
    ts_nsec: u32,
    link: LinkType,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
struct Block {
    bytes: Vec<u8>,
    entries: Vec<Entry>,
}

/// Every frame of the Inspector, in file order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FrameStore {
    blocks: Vec<Block>,
    len: usize,
    /// The captured bytes of every frame, summed.
    data_bytes: u64,
    /// Packet comments, which few frames have, by frame index in increasing order (frames are
    /// only appended; a sorted list, so that the wasm carries no map code for it).
    comments: Vec<(usize, String)>,
    /// The unknown bytes of the few pasted frames that have them (`codec::Unknown`, packed),
    /// kept as the comments are.
    unknown: Vec<(usize, Vec<u8>)>,
}

impl FrameStore {
    pub fn from_frames(frames: &[CapturedFrame]) -> Self {
        let mut store = FrameStore::default();
        for f in frames {
            store.push(FrameRef::from(f));
        }
        store
    }

    /// The link types of the first `limit` frames, each once, in the order they first appear
    /// (what Auto read a paste as).
    pub fn link_types(&self, limit: usize) -> Vec<crate::codec::LinkType> {
        let mut found = Vec::new();
        for f in (0..self.len().min(limit)).filter_map(|i| self.get(i)) {
            if !found.contains(&f.link) {
                found.push(f.link);
            }
        }
        found
    }

    pub fn len(&self) -> usize {
        self.len
    }

    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Appends a frame (its bytes are copied into the current block).
    pub fn push(&mut self, f: FrameRef<'_>) {
        if self.len % BLOCK_FRAMES == 0 {
            // A full block gives back what its buffer over-reserved.
            if let Some(full) = self.blocks.last_mut() {
                full.bytes.shrink_to_fit();
            }
            self.blocks.push(Block {
                bytes: Vec::new(),
                entries: Vec::with_capacity(BLOCK_FRAMES),
            });
        }
        let Some(block) = self.blocks.last_mut() else {
            return;
        };
        let entry = Entry {
            start: block.bytes.len(),
            len: u32::try_from(f.bytes.len()).unwrap_or(u32::MAX),
            orig_len: f.orig_len,
            ts_sec: f.ts_sec,
            ts_nsec: f.ts_nsec,
            link: f.link,
        };
        block.bytes.extend_from_slice(f.bytes);
        self.data_bytes = self.data_bytes.saturating_add(f.bytes.len() as u64);
        block.entries.push(entry);
        if let Some(c) = f.comment {
            self.comments.push((self.len, c.to_owned()));
        }
        if !f.unknown.is_empty() {
            self.unknown.push((self.len, f.unknown.as_bytes().to_vec()));
        }
        self.len = self.len.saturating_add(1);
    }

    /// Frame `i`, borrowed.
    pub fn get(&self, i: usize) -> Option<FrameRef<'_>> {
        let block = self.blocks.get(i >> BLOCK_BITS)?;
        let e = block.entries.get(i & (BLOCK_FRAMES - 1))?;
        let end = e.start.saturating_add(e.len as usize);
        Some(FrameRef {
            link: e.link,
            ts_sec: e.ts_sec,
            ts_nsec: e.ts_nsec,
            bytes: block.bytes.get(e.start..end).unwrap_or(&[]),
            orig_len: e.orig_len,
            comment: self
                .comments
                .binary_search_by_key(&i, |c| c.0)
                .ok()
                .and_then(|k| self.comments.get(k))
                .map(|c| c.1.as_str()),
            interface: 0,
            unknown: Unknown::packed(
                self.unknown
                    .binary_search_by_key(&i, |u| u.0)
                    .ok()
                    .and_then(|k| self.unknown.get(k))
                    .map_or(&[], |u| u.1.as_slice()),
            ),
        })
    }

    /// Frame `i`, owned (for exports).
    pub fn owned(&self, i: usize) -> Option<CapturedFrame> {
        self.get(i).map(|f| f.to_owned_frame())
    }

    /// Every frame, owned, in order.
    pub fn to_vec(&self) -> Vec<CapturedFrame> {
        (0..self.len).filter_map(|i| self.owned(i)).collect()
    }

    /// Keeps the first `n` frames.
    pub fn truncate(&mut self, n: usize) {
        if n >= self.len {
            return;
        }
        let keep_blocks = n.div_ceil(BLOCK_FRAMES);
        self.blocks.truncate(keep_blocks);
        if let Some(last) = self.blocks.last_mut() {
            let in_last =
                n.saturating_sub(keep_blocks.saturating_sub(1).saturating_mul(BLOCK_FRAMES));
            if let Some(e) = last.entries.get(in_last) {
                last.bytes.truncate(e.start);
            }
            last.entries.truncate(in_last);
        }
        let keep = self.comments.partition_point(|c| c.0 < n);
        self.comments.truncate(keep);
        let keep = self.unknown.partition_point(|u| u.0 < n);
        self.unknown.truncate(keep);
        self.len = n;
        self.data_bytes = self
            .blocks
            .iter()
            .map(|b| b.entries.iter().map(|e| u64::from(e.len)).sum::<u64>())
            .sum();
    }

    /// The captured bytes of every frame, summed.
    pub fn data_bytes(&self) -> u64 {
        self.data_bytes
    }

    /// The heap bytes held (buffers' capacities and entries), for the memory figures.
    pub fn heap_bytes(&self) -> usize {
        self.blocks
            .iter()
            .map(|b| {
                b.entries
                    .capacity()
                    .saturating_mul(std::mem::size_of::<Entry>())
                    .saturating_add(b.bytes.capacity())
            })
            .sum()
    }
}

// ----- the wire form between the import worker and the page --------------------------------------
//
// A batch is a run of records, little-endian, one per frame:
//   flags u8 (bit 0 src, 1 dst, 2 group present; 3 not IGMP; 4 has a comment; bits 5–6 the worst
//   diagnostic: 0 none, 1 info, 2 warning, 3 error), kind u16 (0 none, see `kind_code`),
//   link u16 (its LINKTYPE), src u32, dst u32, group u32, ts_sec i64, ts_nsec u32, orig_len u32,
//   caplen u32, the captured bytes, then (with a comment) its length u32 and UTF-8, then (bit 7,
//   with unknown bytes) the packed ranges' length u32 and the ranges (`codec::Unknown`).

fn kind_code(kind: Option<MessageKind>) -> u16 {
    use MessageKind::*;
    match kind {
        None => 0,
        Some(V1Query) => 1,
        Some(V2Query) => 2,
        Some(V3Query) => 3,
        Some(V1Report) => 4,
        Some(V2Report) => 5,
        Some(V2Leave) => 6,
        Some(V3Report) => 7,
        Some(Dvmrp) => 8,
        Some(PimV1) => 9,
        Some(Mtrace) => 10,
        Some(MtraceResponse) => 11,
        Some(MrdAdvertisement) => 12,
        Some(MrdSolicitation) => 13,
        Some(MrdTermination) => 14,
        Some(Mld1Query) => 15,
        Some(Mld1Report) => 16,
        Some(Mld1Done) => 17,
        Some(Mld2Query) => 18,
        Some(Mld2Report) => 19,
        Some(Unknown(t)) => 0x100 | u16::from(t),
    }
}

fn kind_of_code(code: u16) -> Option<Option<MessageKind>> {
    use MessageKind::*;
    Some(Some(match code {
        0 => return Some(None),
        1 => V1Query,
        2 => V2Query,
        3 => V3Query,
        4 => V1Report,
        5 => V2Report,
        6 => V2Leave,
        7 => V3Report,
        8 => Dvmrp,
        9 => PimV1,
        10 => Mtrace,
        11 => MtraceResponse,
        12 => MrdAdvertisement,
        13 => MrdSolicitation,
        14 => MrdTermination,
        15 => Mld1Query,
        16 => Mld1Report,
        17 => Mld1Done,
        18 => Mld2Query,
        19 => Mld2Report,
        c if c & 0xff00 == 0x100 => Unknown(u8::try_from(c & 0xff).ok()?),
        _ => return None,
    }))
}

/// Appends one frame and its row to a batch.
pub fn encode(out: &mut Vec<u8>, row: &Row, f: FrameRef<'_>) {
    let worst = match row.worst {
        None => 0u8,
        Some(Severity::Info) => 1,
        Some(Severity::Warning) => 2,
        Some(Severity::Error) => 3,
    };
    let flags = u8::from(row.src.is_some())
        | u8::from(row.dst.is_some()) << 1
        | u8::from(row.group.is_some()) << 2
        | u8::from(row.not_igmp) << 3
        | u8::from(f.comment.is_some()) << 4
        | worst << 5
        | u8::from(!f.unknown.is_empty()) << 7;
    let ip = |a: Option<Ipv4Addr>| a.map(u32::from).unwrap_or(0).to_le_bytes();
    out.push(flags);
    out.extend_from_slice(&kind_code(row.kind).to_le_bytes());
    let link = u16::try_from(f.link.to_pcap()).unwrap_or(u16::MAX);
    out.extend_from_slice(&link.to_le_bytes());
    out.extend_from_slice(&ip(row.src));
    out.extend_from_slice(&ip(row.dst));
    out.extend_from_slice(&ip(row.group));
    out.extend_from_slice(&f.ts_sec.to_le_bytes());
    out.extend_from_slice(&f.ts_nsec.to_le_bytes());
    out.extend_from_slice(&f.orig_len.to_le_bytes());
    let caplen = u32::try_from(f.bytes.len()).unwrap_or(u32::MAX);
    out.extend_from_slice(&caplen.to_le_bytes());
    out.extend_from_slice(f.bytes.get(..caplen as usize).unwrap_or(f.bytes));
    if let Some(c) = f.comment {
        let n = u32::try_from(c.len()).unwrap_or(0);
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(c.as_bytes().get(..n as usize).unwrap_or(&[]));
    }
    if !f.unknown.is_empty() {
        let packed = f.unknown.as_bytes();
        let n = u32::try_from(packed.len()).unwrap_or(0);
        out.extend_from_slice(&n.to_le_bytes());
        out.extend_from_slice(packed.get(..n as usize).unwrap_or(&[]));
    }
}

/// Reads through a batch; every read is checked.
struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    fn take(&mut self, n: usize) -> Option<&'a [u8]> {
        let end = self.at.checked_add(n)?;
        let s = self.bytes.get(self.at..end)?;
        self.at = end;
        Some(s)
    }
    fn array<const N: usize>(&mut self) -> Option<[u8; N]> {
        self.take(N)?.try_into().ok()
    }
    fn u16(&mut self) -> Option<u16> {
        self.array().map(u16::from_le_bytes)
    }
    fn u32(&mut self) -> Option<u32> {
        self.array().map(u32::from_le_bytes)
    }
}

/// The records of a batch, in order: each frame with its row (numbered from 0 within the
/// batch). A malformed record (which only a bug can make) ends the iteration with the offset
/// where it starts as the error.
pub struct Records<'a> {
    r: Reader<'a>,
    index: u32,
    failed: bool,
}

pub fn records(batch: &[u8]) -> Records<'_> {
    Records {
        r: Reader {
            bytes: batch,
            at: 0,
        },
        index: 0,
        failed: false,
    }
}

impl<'a> Iterator for Records<'a> {
    type Item = Result<(Row, FrameRef<'a>), usize>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.failed || self.r.at >= self.r.bytes.len() {
            return None;
        }
        let start = self.r.at;
        let index = self.index;
        let r = &mut self.r;
        let record = (|| {
            let flags = r.array::<1>()?[0];
            let kind = kind_of_code(r.u16()?)?;
            let link = LinkType::from_pcap(u32::from(r.u16()?))?;
            let ip = |v: u32, bit: u8| (flags & (1 << bit) != 0).then(|| Ipv4Addr::from(v));
            let src = ip(r.u32()?, 0);
            let dst = ip(r.u32()?, 1);
            let group = ip(r.u32()?, 2);
            let ts_sec = i64::from_le_bytes(r.array()?);
            let ts_nsec = r.u32()?;
            let orig_len = r.u32()?;
            let caplen = usize::try_from(r.u32()?).ok()?;
            let bytes = r.take(caplen)?;
            let comment = if flags & 0x10 != 0 {
                let n = usize::try_from(r.u32()?).ok()?;
                Some(std::str::from_utf8(r.take(n)?).ok()?)
            } else {
                None
            };
            let unknown = if flags & 0x80 != 0 {
                let n = usize::try_from(r.u32()?).ok()?;
                Unknown::packed(r.take(n)?)
            } else {
                Unknown::NONE
            };
            let worst = match (flags >> 5) & 3 {
                0 => None,
                1 => Some(Severity::Info),
                2 => Some(Severity::Warning),
                _ => Some(Severity::Error),
            };
            let row = Row {
                index,
                src,
                dst,
                kind,
                group,
                worst,
                not_igmp: flags & 0x08 != 0,
            };
            let frame = FrameRef {
                link,
                ts_sec,
                ts_nsec,
                bytes,
                orig_len,
                comment,
                // The store keeps one link: the page analyses a capture as one.
                interface: 0,
                unknown,
            };
            Some((row, frame))
        })();
        match record {
            Some(x) => {
                self.index = self.index.saturating_add(1);
                Some(Ok(x))
            }
            None => {
                self.failed = true;
                Some(Err(start))
            }
        }
    }
}

/// Decodes a batch, appending its frames to `store` and its rows to `rows` (numbered after the
/// rows already there). A malformed batch stops at the byte where it goes wrong: what came
/// before is kept, and the offset is returned as the error.
pub fn decode(batch: &[u8], store: &mut FrameStore, rows: &mut Vec<Row>) -> Result<(), usize> {
    for record in records(batch) {
        let (mut row, f) = record?;
        row.index = u32::try_from(rows.len()).unwrap_or(u32::MAX);
        store.push(f);
        rows.push(row);
    }
    Ok(())
}

/// A batch whose rows were left out (placeholders: see `ImportJob::next_batch`), with its rows
/// made, for a second worker to share the summarising.
pub fn with_rows(raw: &[u8], out: &mut Vec<u8>) -> Result<(), usize> {
    for record in records(raw) {
        let (_, f) = record?;
        encode(out, &super::inspector::row(0, f), f);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::inspector::row;

    fn frame(i: usize) -> CapturedFrame {
        CapturedFrame {
            link: if i % 7 == 3 {
                LinkType::LinuxSll
            } else {
                LinkType::Ethernet
            },
            ts_sec: 1_700_000_000 + i as i64,
            ts_nsec: (i as u32 % 1000) * 1000,
            bytes: (0..(i % 90)).map(|k| (k * 31 + i) as u8).collect(),
            orig_len: (i % 90) as u32 + (i % 2) as u32,
            comment: (i % 1000 == 5).then(|| format!("comment {i}")),
            interface: 0,
            // Some frames have bytes a paste's typo left unknown: every test below carries them.
            unknown: if i % 90 >= 10 && i % 13 == 7 {
                Unknown::pack(&[2..4, 6..10])
            } else {
                Vec::new()
            },
        }
    }

    #[test]
    fn the_store_gives_back_every_frame_across_blocks() {
        let frames: Vec<_> = (0..BLOCK_FRAMES * 2 + 77).map(frame).collect();
        let store = FrameStore::from_frames(&frames);
        assert_eq!(store.len(), frames.len());
        assert_eq!(store.to_vec(), frames);
        assert!(store.get(frames.len()).is_none());
        assert!(frames.iter().filter(|f| !f.unknown.is_empty()).count() > 1000);
    }

    #[test]
    fn truncating_keeps_exactly_the_first_frames() {
        let frames: Vec<_> = (0..BLOCK_FRAMES + 10).map(frame).collect();
        for n in [0, 1, 6, BLOCK_FRAMES - 1, BLOCK_FRAMES, BLOCK_FRAMES + 3] {
            let mut store = FrameStore::from_frames(&frames);
            store.truncate(n);
            assert_eq!(store.to_vec(), frames[..n].to_vec(), "{n}");
            // And it goes on growing from there.
            store.push(FrameRef::from(&frames[n]));
            assert_eq!(store.owned(n), Some(frames[n].clone()), "{n}");
        }
    }

    #[test]
    fn a_batch_round_trips_frames_and_rows() {
        let samples = crate::model::samples::all();
        let mut frames: Vec<CapturedFrame> = samples
            .iter()
            .flat_map(|s| s.frames.iter())
            .map(|b| CapturedFrame {
                bytes: b.clone(),
                orig_len: b.len() as u32,
                ..frame(0)
            })
            .collect();
        frames.extend((0..300).map(frame));
        let mut batch = Vec::new();
        let want_rows: Vec<Row> = frames
            .iter()
            .enumerate()
            .map(|(i, f)| row(i, f.into()))
            .collect();
        for (r, f) in want_rows.iter().zip(&frames) {
            encode(&mut batch, r, f.into());
        }
        let (mut store, mut rows) = (FrameStore::default(), Vec::new());
        assert_eq!(decode(&batch, &mut store, &mut rows), Ok(()));
        assert_eq!(store.to_vec(), frames);
        assert_eq!(rows, want_rows);
        assert!(rows.iter().any(|r| r.kind.is_some() && r.group.is_some()));
    }

    #[test]
    fn rows_made_by_a_helper_are_the_rows() {
        let frames: Vec<_> = crate::model::samples::all()
            .iter()
            .flat_map(|s| s.frames.iter())
            .map(|b| CapturedFrame {
                bytes: b.clone(),
                orig_len: b.len() as u32,
                ..frame(5)
            })
            .collect();
        let (mut raw, mut whole) = (Vec::new(), Vec::new());
        let placeholder = row(0, (&frame(1)).into());
        for (i, f) in frames.iter().enumerate() {
            encode(&mut raw, &placeholder, f.into());
            encode(&mut whole, &row(i, f.into()), f.into());
        }
        let mut made = Vec::new();
        assert_eq!(with_rows(&raw, &mut made), Ok(()));
        assert_eq!(made, whole);
    }

    #[test]
    fn every_kind_has_its_own_code() {
        let mut kinds = vec![None];
        for t in 0..=255u8 {
            kinds.push(Some(MessageKind::of_other_type(t)));
        }
        use MessageKind::*;
        kinds.extend(
            [
                V1Query, V2Query, V3Query, V1Report, V2Report, V2Leave, V3Report, Mld1Query,
                Mld1Report, Mld1Done, Mld2Query, Mld2Report,
            ]
            .map(Some),
        );
        for k in kinds {
            assert_eq!(kind_of_code(kind_code(k)), Some(k), "{k:?}");
        }
    }

    #[test]
    fn a_cut_or_garbled_batch_keeps_the_frames_before_the_fault() {
        let frames: Vec<_> = (1..20).map(frame).collect();
        let mut batch = Vec::new();
        let mut ends = Vec::new();
        for (i, f) in frames.iter().enumerate() {
            encode(&mut batch, &row(i, f.into()), f.into());
            ends.push(batch.len());
        }
        let cut = ends[4] + 9;
        let (mut store, mut rows) = (FrameStore::default(), Vec::new());
        assert_eq!(decode(&batch[..cut], &mut store, &mut rows), Err(ends[4]));
        assert_eq!(store.len(), 5);
        assert_eq!(rows.len(), 5);
        // An unknown link type code.
        let mut bad = batch.clone();
        bad[ends[1] + 3] = 0xee;
        let (mut store, mut rows) = (FrameStore::default(), Vec::new());
        assert_eq!(decode(&bad, &mut store, &mut rows), Err(ends[1]));
    }
}
