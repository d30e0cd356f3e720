//! pcap and pcapng reading and writing.
//!
//! Why not a parsing crate: the workbench must report a corrupt record by index and byte offset,
//! resynchronise and keep the frames after it, and keep every whole frame of a truncated file.
//! The crates we looked at (pcap-file, pcap-parser) stop at the first bad record and do not
//! expose a resync point, and both formats are simple enough to read in ~300 lines that are
//! fuzzed and property-tested here.

use super::{CapturedFrame, Import, InputFormat, Location, Problem, Why};
use crate::codec::{get_array, LinkType, Severity};

const PCAP_US: u32 = 0xa1b2_c3d4;
const PCAP_NS: u32 = 0xa1b2_3c4d;
const PCAPNG_SHB: u32 = 0x0a0d_0d0a;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// libpcap's largest accepted record (MAXIMUM_SNAPLEN).
pub(super) const MAX_RECORD: u32 = 262_144;

/// `usize` from a `u32` read from a file: lossless on every target the workbench runs on
/// (32 and 64 bits); saturates on a hypothetical 16-bit target.
fn to_usize(n: u32) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A `u32` length field for a writer: lengths beyond 4 GiB cannot occur (frames are at most
/// MAX_RECORD bytes, comments are cut to 65 000); saturates rather than wraps.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

pub fn is_capture(b: &[u8]) -> bool {
    let Some(m) = get_array::<4>(b, 0) else {
        return false;
    };
    let le = u32::from_le_bytes(m);
    let be = u32::from_be_bytes(m);
    matches!(le, PCAP_US | PCAP_NS) || matches!(be, PCAP_US | PCAP_NS) || le == PCAPNG_SHB
}

/// True for the pcapng magic number (a Section Header Block).
pub fn is_pcapng(b: &[u8]) -> bool {
    get_array::<4>(b, 0).is_some_and(|m| u32::from_le_bytes(m) == PCAPNG_SHB)
}

pub fn read(b: &[u8]) -> Import {
    let Some(m) = get_array::<4>(b, 0) else {
        return empty(None);
    };
    if u32::from_le_bytes(m) == PCAPNG_SHB {
        read_pcapng(b)
    } else {
        read_pcap(b)
    }
}

pub(super) fn empty(format: Option<InputFormat>) -> Import {
    Import {
        format,
        frames: vec![],
        problems: vec![],
        comments: vec![],
        skipped: 0,
    }
}

fn problem(imp: &mut Import, severity: Severity, offset: usize, record: Option<usize>, why: Why) {
    imp.problems.push(Problem {
        severity,
        location: Location::File { offset, record },
        message: why.text(),
    });
}

#[derive(Clone, Copy, Debug, Default)]
pub(super) struct Endian {
    pub(super) big: bool,
}

impl Endian {
    pub(super) fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let x = get_array::<2>(b, at)?;
        Some(if self.big {
            u16::from_be_bytes(x)
        } else {
            u16::from_le_bytes(x)
        })
    }
    pub(super) fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let a = get_array::<4>(b, at)?;
        Some(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
}

// ----- pcap -----------------------------------------------------------------------------------

fn read_pcap(b: &[u8]) -> Import {
    let (header, format, link_problem) = PcapHeader::read(b);
    let mut imp = empty(Some(format));
    if b.len() < 24 {
        problem(
            &mut imp,
            Severity::Error,
            b.len(),
            None,
            Why::PcapHeaderShort { len: b.len() },
        );
        return imp;
    }
    imp.problems.extend(link_problem);
    pcap_records(b, &header, 24, 0, None, 0, &mut imp);
    imp
}

/// What the pcap file header says, for the record reader.
#[derive(Clone, Copy, Debug)]
pub(super) struct PcapHeader {
    pub(super) endian: Endian,
    pub(super) nanos: bool,
    pub(super) link: Option<LinkType>,
    /// The largest plausible captured length.
    pub(super) limit: u32,
}

impl PcapHeader {
    /// Reads the 24-byte file header (the caller has checked the magic number and the length).
    pub(super) fn read(b: &[u8]) -> (Self, InputFormat, Option<Problem>) {
        let m = get_array::<4>(b, 0).unwrap_or_default();
        let (big, nanos) = match u32::from_le_bytes(m) {
            PCAP_US => (false, false),
            PCAP_NS => (false, true),
            _ => (true, u32::from_be_bytes(m) == PCAP_NS),
        };
        let e = Endian { big };
        let snaplen = e.u32(b, 16).unwrap_or(0);
        let linktype = e.u32(b, 20).unwrap_or(0) & 0x03ff_ffff;
        let link = LinkType::from_pcap(linktype);
        let problem = link.is_none().then(|| Problem {
            severity: Severity::Error,
            location: Location::File {
                offset: 20,
                record: None,
            },
            message: Why::UnknownLinkType { linktype }.text(),
        });
        let header = PcapHeader {
            endian: e,
            nanos,
            link,
            limit: snaplen.clamp(MAX_RECORD, u32::MAX),
        };
        (
            header,
            InputFormat::Pcap {
                nanosecond: nanos,
                big_endian: big,
            },
            problem,
        )
    }
}

/// Why a pcap record header cannot be a frame: libpcap's and tcpdump's header sanity
/// (sf-pcap.c), plus the timestamp fraction's range.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecordFault {
    /// The fraction of a second is not below 10^6 (µs files) or 10^9 (ns files).
    Fraction(u32),
    /// More captured bytes than the file's snapshot length allows.
    CaplenOverSnaplen { incl: u32, limit: u32 },
    /// An original length beyond libpcap's largest snapshot length (MAXIMUM_SNAPLEN).
    LenOverMaximum(u32),
    /// More bytes captured than the packet had on the wire.
    CaplenOverLen { incl: u32, orig: u32 },
}

impl PcapHeader {
    /// The first reason a record header with these words cannot be a frame, if any. One rule for
    /// the whole-file reader, the stream and the resynchroniser.
    pub(super) fn record_fault(&self, ts_frac: u32, incl: u32, orig: u32) -> Option<RecordFault> {
        let frac_max = if self.nanos { 1_000_000_000 } else { 1_000_000 };
        if ts_frac >= frac_max {
            Some(RecordFault::Fraction(ts_frac))
        } else if incl > self.limit {
            Some(RecordFault::CaplenOverSnaplen {
                incl,
                limit: self.limit,
            })
        } else if orig > MAX_RECORD {
            Some(RecordFault::LenOverMaximum(orig))
        } else if incl > orig {
            Some(RecordFault::CaplenOverLen { incl, orig })
        } else {
            None
        }
    }
}

/// Reads the records of `b` from `pos` (record `index`, after a record stamped `last_ts`) to the
/// end, pushing frames and problems into `imp`.
pub(super) fn pcap_records(
    b: &[u8],
    h: &PcapHeader,
    mut pos: usize,
    mut index: usize,
    mut last_ts: Option<u32>,
    shift: usize,
    imp: &mut Import,
) {
    let PcapHeader {
        endian: e,
        nanos,
        link,
        limit: _,
    } = *h;
    while pos < b.len() {
        let header = (
            e.u32(b, pos),
            e.u32(b, pos.saturating_add(4)),
            e.u32(b, pos.saturating_add(8)),
            e.u32(b, pos.saturating_add(12)),
        );
        let left = b.len().saturating_sub(pos);
        let number = index.saturating_add(1);
        // Where this record is in the file (`b` may be the rest of a streamed file).
        let at = pos.saturating_add(shift);
        let (Some(ts_sec), Some(ts_frac), Some(incl), Some(orig)) = header else {
            problem(
                imp,
                Severity::Warning,
                at,
                Some(index),
                Why::RecordHeaderCut { number, left },
            );
            break;
        };
        if let Some(fault) = h.record_fault(ts_frac, incl, orig) {
            let next = resync_pcap(b, pos.saturating_add(1), h, last_ts);
            let why = Why::RecordCorrupt {
                number,
                at,
                fault,
                next: next.map(|n| (n.saturating_sub(pos), n.saturating_add(shift))),
            };
            problem(imp, Severity::Error, at, Some(index), why);
            match next {
                Some(next) => {
                    pos = next;
                    index = number;
                    continue;
                }
                None => break,
            }
        }
        let data_start = pos.saturating_add(16);
        let data_end = data_start.saturating_add(to_usize(incl));
        let Some(data) = b.get(data_start..data_end) else {
            let left = b.len().saturating_sub(data_start);
            problem(
                imp,
                Severity::Warning,
                at,
                Some(index),
                Why::RecordCut {
                    number,
                    at,
                    incl,
                    left,
                },
            );
            break;
        };
        if let Some(link) = link {
            // A plausible microsecond fraction is below 10^6, so ×1000 stays below 2^32.
            let ts_nsec = if nanos {
                ts_frac
            } else {
                ts_frac.saturating_mul(1000)
            };
            imp.frames.push(CapturedFrame {
                link,
                ts_sec: i64::from(ts_sec),
                ts_nsec,
                bytes: data.to_vec(),
                orig_len: orig,
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            });
        } else {
            imp.skipped = imp.skipped.saturating_add(1);
        }
        last_ts = Some(ts_sec);
        pos = data_end;
        index = number;
    }
}

/// Finds the next offset where a record header and the one after it (or the end of the file)
/// are plausible.
fn resync_pcap(b: &[u8], from: usize, h: &PcapHeader, last_ts: Option<u32>) -> Option<usize> {
    let e = h.endian;
    let ok = |at: usize| -> Option<usize> {
        let ts = e.u32(b, at)?;
        let frac = e.u32(b, at.checked_add(4)?)?;
        let incl = e.u32(b, at.checked_add(8)?)?;
        let orig = e.u32(b, at.checked_add(12)?)?;
        let ts_ok = last_ts
            .is_none_or(|l| ts >= l.saturating_sub(86_400) && ts <= l.saturating_add(86_400 * 365));
        // The same header sanity as every record, and a record with bytes (an empty one is too
        // easily found in zeros).
        (ts_ok && incl > 0 && h.record_fault(frac, incl, orig).is_none())
            .then_some(at.checked_add(16)?.checked_add(to_usize(incl))?)
    };
    (from..b.len().saturating_sub(15)).find(|&at| match ok(at) {
        Some(next) if next == b.len() => true,
        Some(next) if next < b.len() => ok(next).is_some(),
        _ => false,
    })
}

// ----- pcapng ---------------------------------------------------------------------------------

struct Interface {
    link: Option<LinkType>,
    linktype: u32,
    /// Timestamp units per second.
    units_per_sec: u64,
    snaplen: u32,
}

fn read_pcapng(b: &[u8]) -> Import {
    let mut imp = empty(Some(InputFormat::Pcapng));
    pcapng_blocks(b, 0, &mut PcapngState::default(), 0, &mut imp);
    imp
}

/// What the blocks read so far say about the ones to come.
#[derive(Default)]
pub(super) struct PcapngState {
    endian: Endian,
    interfaces: Vec<Interface>,
    /// Packets seen so far, for messages.
    index: usize,
}

impl PcapngState {
    /// The byte order of the current section.
    pub(super) fn endian(&self) -> Endian {
        self.endian
    }
}

/// Reads the blocks of `b` from `pos` to the end (`b` may be part of a file that `shift` bytes
/// precede), pushing frames, comments and problems into `imp`.
pub(super) fn pcapng_blocks(
    b: &[u8],
    mut pos: usize,
    state: &mut PcapngState,
    shift: usize,
    imp: &mut Import,
) {
    let mut e = state.endian;
    let mut interfaces = std::mem::take(&mut state.interfaces);
    let mut index = state.index;
    while pos < b.len() {
        // Where this block is in the file.
        let at = pos.saturating_add(shift);
        // The byte order is set by each section header block.
        if get_array::<4>(b, pos) == Some([0x0a, 0x0d, 0x0d, 0x0a]) {
            match get_array::<4>(b, pos.saturating_add(8)) {
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => e = Endian { big: true },
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => e = Endian { big: false },
                None => {
                    problem(
                        imp,
                        Severity::Warning,
                        at,
                        None,
                        Why::SectionHeaderCut { at },
                    );
                    break;
                }
                Some(_) => {
                    problem(
                        imp,
                        Severity::Error,
                        at.saturating_add(8),
                        None,
                        Why::BadByteOrderMagic,
                    );
                    break;
                }
            }
            interfaces.clear();
        }
        let (Some(block_type), Some(block_len)) = (e.u32(b, pos), e.u32(b, pos.saturating_add(4)))
        else {
            problem(imp, Severity::Warning, at, None, Why::BlockHeaderCut { at });
            break;
        };
        // The block's end, checked: on wasm32 `pos + len` can exceed usize::MAX for a length
        // near 2^32, and a wrapped end would pass the trailer check (issue #13's 36-byte file).
        let len = to_usize(block_len);
        let end = pos.checked_add(len);
        let trailer_ok = len >= 12
            && len % 4 == 0
            && end
                .and_then(|end| end.checked_sub(4))
                .and_then(|at| e.u32(b, at))
                == Some(block_len);
        let body = end
            .filter(|_| trailer_ok)
            .and_then(|end| b.get(pos.saturating_add(8)..end.saturating_sub(4)));
        let Some(body) = body else {
            if len >= 12 && len % 4 == 0 && end.is_none_or(|end| end > b.len()) {
                let left = b.len().saturating_sub(pos);
                problem(
                    imp,
                    Severity::Warning,
                    at,
                    Some(index),
                    Why::BlockCut { at, len, left },
                );
                break;
            }
            let next = (pos.saturating_add(4)..b.len().saturating_sub(11))
                .step_by(4)
                .find(|&at| {
                    let (Some(t), Some(l)) = (e.u32(b, at), e.u32(b, at.saturating_add(4))) else {
                        return false;
                    };
                    matches!(t, 1 | 2 | 3 | 5 | 6 | PCAPNG_SHB)
                        && l >= 12
                        && l % 4 == 0
                        && at
                            .checked_add(to_usize(l))
                            .and_then(|x| x.checked_sub(4))
                            .and_then(|x| e.u32(b, x))
                            == Some(l)
                });
            let why = Why::BlockCorrupt {
                at,
                block_type,
                block_len,
                next: next.map(|n| n.saturating_add(shift)),
            };
            problem(imp, Severity::Error, at, Some(index), why);
            match next {
                Some(n) => {
                    pos = n;
                    continue;
                }
                None => break,
            }
        };
        // `trailer_ok` held, so `pos + len` did not overflow and is within the file.
        let next_pos = pos.saturating_add(len);
        let number = index.saturating_add(1);
        match block_type {
            PCAPNG_SHB => {
                if let Some(opts) = body.get(16..) {
                    for (code, value) in options(opts, e) {
                        if code == 1 {
                            imp.comments
                                .push(String::from_utf8_lossy(value).into_owned());
                        }
                    }
                }
            }
            1 => {
                let linktype = u32::from(e.u16(body, 0).unwrap_or(0));
                let snaplen = e.u32(body, 4).unwrap_or(0);
                let mut units_per_sec = 1_000_000u64;
                for (code, value) in options(body.get(8..).unwrap_or(&[]), e) {
                    match code {
                        9 => {
                            if let Some(&r) = value.first() {
                                let exp = u32::from(r & 0x7f);
                                units_per_sec = if r & 0x80 == 0 {
                                    10u64.checked_pow(exp).unwrap_or(u64::MAX)
                                } else {
                                    1u64.checked_shl(exp).unwrap_or(u64::MAX)
                                }
                                .max(1);
                            }
                        }
                        1 => imp.comments.push(format!(
                            "interface {}: {}",
                            interfaces.len(),
                            String::from_utf8_lossy(value)
                        )),
                        _ => {}
                    }
                }
                let link = LinkType::from_pcap(linktype);
                if link.is_none() {
                    problem(
                        imp,
                        Severity::Warning,
                        at,
                        None,
                        Why::InterfaceLinkUnknown {
                            interface: interfaces.len(),
                            linktype,
                        },
                    );
                }
                interfaces.push(Interface {
                    link,
                    linktype,
                    units_per_sec,
                    snaplen,
                });
            }
            6 | 2 | 3 => {
                let (iface_id, ts, caplen, orig, data_at, opts_at) = match block_type {
                    6 => {
                        let caplen = to_usize(e.u32(body, 12).unwrap_or(0));
                        let ts = (u64::from(e.u32(body, 4).unwrap_or(0)) << 32)
                            | u64::from(e.u32(body, 8).unwrap_or(0));
                        (
                            to_usize(e.u32(body, 0).unwrap_or(0)),
                            ts,
                            caplen,
                            e.u32(body, 16).unwrap_or(0),
                            20,
                            padded(caplen).saturating_add(20),
                        )
                    }
                    2 => {
                        let caplen = to_usize(e.u32(body, 12).unwrap_or(0));
                        let ts = (u64::from(e.u32(body, 4).unwrap_or(0)) << 32)
                            | u64::from(e.u32(body, 8).unwrap_or(0));
                        (
                            usize::from(e.u16(body, 0).unwrap_or(0)),
                            ts,
                            caplen,
                            e.u32(body, 16).unwrap_or(0),
                            20,
                            padded(caplen).saturating_add(20),
                        )
                    }
                    _ => {
                        let orig = e.u32(body, 0).unwrap_or(0);
                        let snap = interfaces
                            .first()
                            .map(|i| i.snaplen)
                            .filter(|s| *s > 0)
                            .unwrap_or(u32::MAX);
                        let caplen = to_usize(orig.min(snap)).min(body.len().saturating_sub(4));
                        (0, 0, caplen, orig, 4, body.len())
                    }
                };
                let Some(iface) = interfaces.get(iface_id) else {
                    problem(
                        imp,
                        Severity::Error,
                        at,
                        Some(index),
                        Why::UndefinedInterface {
                            number,
                            at,
                            interface: iface_id,
                        },
                    );
                    index = number;
                    pos = next_pos;
                    continue;
                };
                let data_at: usize = data_at;
                let Some(data) = data_at
                    .checked_add(caplen)
                    .and_then(|end| body.get(data_at..end))
                else {
                    problem(
                        imp,
                        Severity::Error,
                        at,
                        Some(index),
                        Why::PacketOverBlock { number, at, caplen },
                    );
                    index = number;
                    pos = next_pos;
                    continue;
                };
                let comment = options(body.get(opts_at..).unwrap_or(&[]), e)
                    .into_iter()
                    .find(|(c, _)| *c == 1)
                    .map(|(_, v)| String::from_utf8_lossy(v).into_owned());
                match iface.link {
                    Some(link) => {
                        // units_per_sec ≥ 1 (clamped when read), so neither division panics;
                        // frac < ups, so frac·10⁹/ups < 10⁹ fits a u32.
                        let ups = iface.units_per_sec.max(1);
                        let ts_sec =
                            i64::try_from(ts.checked_div(ups).unwrap_or(0)).unwrap_or(i64::MAX);
                        let frac = ts.checked_rem(ups).unwrap_or(0);
                        let nanos = u128::from(frac)
                            .saturating_mul(1_000_000_000)
                            .checked_div(u128::from(ups))
                            .unwrap_or(0);
                        let ts_nsec = u32::try_from(nanos).unwrap_or(999_999_999);
                        imp.frames.push(CapturedFrame {
                            link,
                            ts_sec,
                            ts_nsec,
                            bytes: data.to_vec(),
                            orig_len: orig,
                            comment,
                            interface: u32::try_from(iface_id).unwrap_or(u32::MAX),
                            unknown: Vec::new(),
                        });
                    }
                    None => {
                        let _ = iface.linktype;
                        imp.skipped = imp.skipped.saturating_add(1);
                    }
                }
                index = number;
            }
            _ => {}
        }
        pos = next_pos;
    }
    state.endian = e;
    state.interfaces = interfaces;
    state.index = index;
}

/// Appends the zero bytes that pad a field of `n` bytes to 32 bits.
fn pad(out: &mut Vec<u8>, n: usize) {
    let zeros = padded(n).saturating_sub(n);
    out.extend(std::iter::repeat_n(0u8, zeros));
}

fn to_u32_from_u64(n: u64) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// `n` rounded up to a multiple of 4 (pcapng pads to 32 bits), saturating.
fn padded(n: usize) -> usize {
    n.div_ceil(4).saturating_mul(4)
}

/// pcapng options: (code, value) until opt_endofopt or the end.
fn options(mut b: &[u8], e: Endian) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    while let (Some(code), Some(len)) = (e.u16(b, 0), e.u16(b, 2)) {
        if code == 0 {
            break;
        }
        let len = usize::from(len);
        let Some(value) = b.get(4..len.saturating_add(4)) else {
            break;
        };
        out.push((code, value));
        b = b.get(padded(len).saturating_add(4)..).unwrap_or(&[]);
    }
    out
}

// ----- writing --------------------------------------------------------------------------------

/// A classic pcap (little-endian, microseconds). All frames must share one link type; the first
/// frame's is used (Ethernet for none).
pub fn write_pcap(frames: &[CapturedFrame]) -> Vec<u8> {
    let link = frames.first().map(|f| f.link).unwrap_or(LinkType::Ethernet);
    let size = frames.iter().fold(24usize, |n, f| {
        n.saturating_add(16).saturating_add(f.bytes.len())
    });
    let mut out = Vec::with_capacity(size);
    write_pcap_header(&mut out, link);
    for f in frames {
        write_pcap_record(&mut out, f);
    }
    out
}

/// The 24-byte header of a little-endian microsecond pcap (for writers that stream records).
pub fn write_pcap_header(out: &mut Vec<u8>, link: LinkType) {
    out.extend_from_slice(&PCAP_US.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&MAX_RECORD.to_le_bytes());
    out.extend_from_slice(&link.to_pcap().to_le_bytes());
}

/// One pcap record: 16-byte header and the frame.
pub fn write_pcap_record(out: &mut Vec<u8>, f: &CapturedFrame) {
    write_pcap_record_of(out, &super::stream::FrameRef::from(f));
}

/// A pcap record for a frame lent by a stream.
pub fn write_pcap_record_of(out: &mut Vec<u8>, f: &super::stream::FrameRef<'_>) {
    // pcap seconds are 32 bits: times outside 1970..2106 are clamped, not wrapped.
    let secs = u32::try_from(f.ts_sec.max(0)).unwrap_or(u32::MAX);
    let len = to_u32(f.bytes.len());
    out.extend_from_slice(&secs.to_le_bytes());
    out.extend_from_slice(&(f.ts_nsec / 1000).to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(&f.orig_len.max(len).to_le_bytes());
    out.extend_from_slice(f.bytes);
}

/// A pcapng file: one section, one interface per link type (nanosecond resolution), one
/// enhanced packet block per frame, with its comment.
pub fn write_pcapng(frames: &[CapturedFrame]) -> Vec<u8> {
    // One interface per (interface it was captured on, link type), in order of first use: a
    // capture taken on several ports keeps its ports apart.
    let mut ifaces: Vec<(u32, LinkType)> = Vec::new();
    for f in frames {
        if !ifaces.contains(&(f.interface, f.link)) {
            ifaces.push((f.interface, f.link));
        }
    }
    if ifaces.is_empty() {
        ifaces.push((0, LinkType::Ethernet));
    }
    let links: Vec<LinkType> = ifaces.iter().map(|x| x.1).collect();
    let mut out = Vec::new();
    write_pcapng_head(&mut out, &links);
    for f in frames {
        let iface = to_u32(
            ifaces
                .iter()
                .position(|x| *x == (f.interface, f.link))
                .unwrap_or(0),
        );
        // Bytes a paste's typo left unknown are written as zeros: the packet's comment says
        // which, so that the file does not pass them off as data.
        let unknown = crate::codec::Unknown::packed(&f.unknown);
        let note = (!unknown.is_empty()).then(|| {
            let ranges: Vec<String> = unknown
                .ranges()
                .map(|r| format!("{}-{}", r.start, r.end.saturating_sub(1)))
                .collect();
            let said = f
                .comment
                .as_deref()
                .map_or(String::new(), |c| format!("{c}\n"));
            format!(
                "{said}unknown bytes (a typo in the paste, written as 0): {}",
                ranges.join(", ")
            )
        });
        write_pcapng_packet(
            &mut out,
            iface,
            &super::stream::FrameRef::from(f),
            note.as_deref().or(f.comment.as_deref()),
        );
    }
    out
}

fn pcapng_block(out: &mut Vec<u8>, t: u32, body: &[u8]) {
    let len = to_u32(padded(body.len()).saturating_add(12));
    out.extend_from_slice(&t.to_le_bytes());
    out.extend_from_slice(&len.to_le_bytes());
    out.extend_from_slice(body);
    pad(out, body.len());
    out.extend_from_slice(&len.to_le_bytes());
}

/// The section header and one interface per link type (nanosecond timestamps).
pub fn write_pcapng_head(out: &mut Vec<u8>, links: &[LinkType]) {
    let mut shb = Vec::new();
    shb.extend_from_slice(&BYTE_ORDER_MAGIC.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    pcapng_block(out, PCAPNG_SHB, &shb);
    for l in links {
        let mut idb = Vec::new();
        // pcapng's link type field is 16 bits; ours are all below 300.
        idb.extend_from_slice(&u16::try_from(l.to_pcap()).unwrap_or(u16::MAX).to_le_bytes());
        idb.extend_from_slice(&0u16.to_le_bytes());
        idb.extend_from_slice(&MAX_RECORD.to_le_bytes());
        idb.extend_from_slice(&9u16.to_le_bytes()); // if_tsresol
        idb.extend_from_slice(&1u16.to_le_bytes());
        idb.extend_from_slice(&[9, 0, 0, 0]); // 10^-9, padded
        idb.extend_from_slice(&[0, 0, 0, 0]); // opt_endofopt
        pcapng_block(out, 1, &idb);
    }
}

/// An Enhanced Packet Block on interface `iface`, with an optional comment.
pub fn write_pcapng_packet(
    out: &mut Vec<u8>,
    iface: u32,
    f: &super::stream::FrameRef<'_>,
    comment: Option<&str>,
) {
    let ts = u64::try_from(f.ts_sec.max(0))
        .unwrap_or(0)
        .saturating_mul(1_000_000_000)
        .saturating_add(u64::from(f.ts_nsec));
    let [hi, lo] = [ts >> 32, ts & 0xffff_ffff].map(to_u32_from_u64);
    let len = to_u32(f.bytes.len());
    let mut epb = Vec::new();
    epb.extend_from_slice(&iface.to_le_bytes());
    epb.extend_from_slice(&hi.to_le_bytes());
    epb.extend_from_slice(&lo.to_le_bytes());
    epb.extend_from_slice(&len.to_le_bytes());
    epb.extend_from_slice(&f.orig_len.max(len).to_le_bytes());
    epb.extend_from_slice(f.bytes);
    pad(&mut epb, f.bytes.len());
    if let Some(c) = comment {
        let c = c.as_bytes();
        let c = c.get(..c.len().min(65_000)).unwrap_or_default();
        epb.extend_from_slice(&1u16.to_le_bytes());
        epb.extend_from_slice(&u16::try_from(c.len()).unwrap_or(u16::MAX).to_le_bytes());
        epb.extend_from_slice(c);
        pad(&mut epb, c.len());
        epb.extend_from_slice(&[0, 0, 0, 0]);
    }
    pcapng_block(out, 6, &epb);
}

#[cfg(test)]
#[allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "tests index fixtures they built themselves; a panic there is a failed test"
)]
mod tests {
    use super::*;

    fn frame(n: u8, link: LinkType) -> CapturedFrame {
        CapturedFrame {
            link,
            ts_sec: 1_000 + i64::from(n),
            ts_nsec: 123_000,
            bytes: vec![n; 10 + usize::from(n)],
            orig_len: 10 + u32::from(n),
            comment: None,
            interface: 0,
            unknown: Vec::new(),
        }
    }

    #[test]
    fn pcap_round_trip() {
        let frames: Vec<_> = (0..5).map(|n| frame(n, LinkType::Ethernet)).collect();
        let imp = read(&write_pcap(&frames));
        assert!(imp.problems.is_empty(), "{:?}", imp.problems);
        assert_eq!(imp.frames, frames);
    }

    #[test]
    fn pcapng_round_trip_with_two_link_types_and_a_comment() {
        let mut frames: Vec<_> = (0..4)
            .map(|n| {
                frame(
                    n,
                    if n % 2 == 0 {
                        LinkType::Ethernet
                    } else {
                        LinkType::RawIpv4
                    },
                )
            })
            .collect();
        frames[2].comment = Some("leave".into());
        // Two link types are two interfaces of the file: each frame keeps its interface.
        for (n, f) in frames.iter_mut().enumerate() {
            f.interface = u32::try_from(n % 2).unwrap_or(0);
        }
        let imp = read(&write_pcapng(&frames));
        assert!(imp.problems.is_empty(), "{:?}", imp.problems);
        assert_eq!(imp.frames, frames);
    }

    #[test]
    fn truncated_file_keeps_whole_frames() {
        let frames: Vec<_> = (0..3).map(|n| frame(n, LinkType::Ethernet)).collect();
        let bytes = write_pcap(&frames);
        let imp = read(&bytes[..bytes.len() - 3]);
        assert_eq!(imp.frames.len(), 2);
        assert_eq!(imp.problems.len(), 1);
        assert!(matches!(
            imp.problems[0].location,
            Location::File {
                record: Some(2),
                ..
            }
        ));
    }

    #[test]
    fn corrupt_record_is_skipped_and_later_frames_kept() {
        let frames: Vec<_> = (0..4).map(|n| frame(n, LinkType::Ethernet)).collect();
        let mut bytes = write_pcap(&frames);
        // Record 1 starts after the file header and record 0 (16 + 10 bytes).
        let r1 = 24 + 16 + 10;
        bytes[r1 + 8..r1 + 12].copy_from_slice(&0xffff_fff0u32.to_le_bytes());
        let imp = read(&bytes);
        assert_eq!(imp.frames.len(), 3, "{:?}", imp.problems);
        assert_eq!(imp.frames[1], frames[2]);
        assert!(
            matches!(imp.problems[0].location, Location::File { offset, record: Some(1) } if offset == r1)
        );
    }

    /// Record `n`'s offset in a pcap of `frame(0..)`s (frame k has 10 + k bytes).
    fn record_at(n: usize) -> usize {
        24 + (0..n).map(|k| 16 + 10 + k).sum::<usize>()
    }

    #[test]
    fn header_sanity_follows_libpcap_and_never_makes_a_frame() {
        let frames: Vec<_> = (0..4).map(|n| frame(n, LinkType::Ethernet)).collect();
        // The fuzzer's record: caplen 0, original length 1 835 557 647.
        let mut huge = write_pcap(&frames);
        let r1 = record_at(1);
        huge[r1 + 8..r1 + 12].copy_from_slice(&0u32.to_le_bytes());
        huge[r1 + 12..r1 + 16].copy_from_slice(&1_835_557_647u32.to_le_bytes());
        // caplen 10 > len 9.
        let mut over = write_pcap(&frames);
        over[r1 + 12..r1 + 16].copy_from_slice(&10u32.to_le_bytes());
        for (bytes, why) in [
            (
                huge,
                "original length 1835557647 is more than the largest snapshot length (262144)",
            ),
            (
                over,
                "captured length 11 is more than the original length 10",
            ),
        ] {
            let imp = read(&bytes);
            // Record 1 is not a frame; the records after it are, found by resynchronising.
            assert_eq!(
                imp.frames,
                vec![frames[0].clone(), frames[2].clone(), frames[3].clone()]
            );
            let p = &imp.problems[0];
            assert!(
                matches!(p.location, Location::File { offset, record: Some(1) } if offset == r1),
                "{p:?}"
            );
            assert!(p.message.en.contains(why), "{}", p.message.en);
            assert!(
                p.message.en.contains("found by resynchronising"),
                "{}",
                p.message.en
            );
            // The stream reader (the app's import) agrees.
            let streamed = super::super::stream::CaptureStream::open(&bytes[..])
                .map(super::super::stream::collect_any)
                .expect("a pcap stream");
            assert_eq!(streamed.frames, imp.frames);
            assert_eq!(streamed.problems, imp.problems);
        }
    }

    #[test]
    fn a_resynchronised_record_passes_the_same_checks() {
        // Record 1 is corrupt and record 2's header is insane too (caplen > len): resync must
        // not land on record 2, but on record 3.
        let frames: Vec<_> = (0..4).map(|n| frame(n, LinkType::Ethernet)).collect();
        let mut bytes = write_pcap(&frames);
        let (r1, r2) = (record_at(1), record_at(2));
        bytes[r1 + 4..r1 + 8].copy_from_slice(&2_000_000u32.to_le_bytes());
        bytes[r2 + 12..r2 + 16].copy_from_slice(&3u32.to_le_bytes());
        let imp = read(&bytes);
        assert_eq!(
            imp.frames,
            vec![frames[0].clone(), frames[3].clone()],
            "{:?}",
            imp.problems
        );
    }

    #[test]
    fn big_endian_nanosecond_pcap() {
        let mut b = Vec::new();
        b.extend_from_slice(&PCAP_NS.to_be_bytes());
        b.extend_from_slice(&[
            0, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0, 0, 0, 101,
        ]);
        b.extend_from_slice(&7u32.to_be_bytes());
        b.extend_from_slice(&999_999_999u32.to_be_bytes());
        b.extend_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&2u32.to_be_bytes());
        b.extend_from_slice(&[0x45, 0]);
        let imp = read(&b);
        assert_eq!(
            imp.format,
            Some(InputFormat::Pcap {
                nanosecond: true,
                big_endian: true
            })
        );
        assert_eq!(imp.frames[0].ts_nsec, 999_999_999);
        assert_eq!(imp.frames[0].link, LinkType::RawIpv4);
    }
}
