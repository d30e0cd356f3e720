//! pcap and pcapng reading and writing.
//!
//! Why not a parsing crate: the workbench must report a corrupt record by index and byte offset,
//! resynchronise and keep the frames after it, and keep every whole frame of a truncated file.
//! The crates we looked at (pcap-file, pcap-parser) stop at the first bad record and do not
//! expose a resync point, and both formats are simple enough to read in ~300 lines that are
//! fuzzed and property-tested here.

use super::{CapturedFrame, Import, InputFormat, Location, Problem};
use crate::codec::{LinkType, Severity, Text};

const PCAP_US: u32 = 0xa1b2_c3d4;
const PCAP_NS: u32 = 0xa1b2_3c4d;
const PCAPNG_SHB: u32 = 0x0a0d_0d0a;
const BYTE_ORDER_MAGIC: u32 = 0x1a2b_3c4d;
/// libpcap's largest accepted record (MAXIMUM_SNAPLEN).
const MAX_RECORD: u32 = 262_144;

pub fn is_capture(b: &[u8]) -> bool {
    let Some(m) = b.get(..4) else { return false };
    let le = u32::from_le_bytes([m[0], m[1], m[2], m[3]]);
    let be = u32::from_be_bytes([m[0], m[1], m[2], m[3]]);
    matches!(le, PCAP_US | PCAP_NS) || matches!(be, PCAP_US | PCAP_NS) || le == PCAPNG_SHB
}

pub fn read(b: &[u8]) -> Import {
    let Some(m) = b.get(..4) else {
        return empty(None);
    };
    let le = u32::from_le_bytes([m[0], m[1], m[2], m[3]]);
    if le == PCAPNG_SHB {
        read_pcapng(b)
    } else {
        read_pcap(b)
    }
}

fn empty(format: Option<InputFormat>) -> Import {
    Import {
        format,
        frames: vec![],
        problems: vec![],
        comments: vec![],
        skipped: 0,
    }
}

fn problem(
    imp: &mut Import,
    severity: Severity,
    offset: usize,
    record: Option<usize>,
    en: String,
    ja: String,
) {
    imp.problems.push(Problem {
        severity,
        location: Location::File { offset, record },
        message: Text { en, ja },
    });
}

#[derive(Clone, Copy)]
struct Endian {
    big: bool,
}

impl Endian {
    fn u16(self, b: &[u8], at: usize) -> Option<u16> {
        let x = b.get(at..at.checked_add(2)?)?;
        Some(if self.big {
            u16::from_be_bytes([x[0], x[1]])
        } else {
            u16::from_le_bytes([x[0], x[1]])
        })
    }
    fn u32(self, b: &[u8], at: usize) -> Option<u32> {
        let x = b.get(at..at.checked_add(4)?)?;
        let a = [x[0], x[1], x[2], x[3]];
        Some(if self.big {
            u32::from_be_bytes(a)
        } else {
            u32::from_le_bytes(a)
        })
    }
}

// ----- pcap -----------------------------------------------------------------------------------

fn read_pcap(b: &[u8]) -> Import {
    let m = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    let (big, nanos) = match m {
        PCAP_US => (false, false),
        PCAP_NS => (false, true),
        _ => (
            true,
            u32::from_be_bytes([b[0], b[1], b[2], b[3]]) == PCAP_NS,
        ),
    };
    let e = Endian { big };
    let mut imp = empty(Some(InputFormat::Pcap {
        nanosecond: nanos,
        big_endian: big,
    }));
    if b.len() < 24 {
        problem(
            &mut imp,
            Severity::Error,
            b.len(),
            None,
            format!(
                "The pcap file header needs 24 bytes; the file has {}.",
                b.len()
            ),
            format!(
                "pcap ファイルヘッダには 24 バイト必要ですが、ファイルは {} バイトです。",
                b.len()
            ),
        );
        return imp;
    }
    let snaplen = e.u32(b, 16).unwrap_or(0);
    let linktype_raw = e.u32(b, 20).unwrap_or(0);
    let linktype = linktype_raw & 0x03ff_ffff;
    let link = LinkType::from_pcap(linktype);
    if link.is_none() {
        problem(&mut imp, Severity::Error, 20, None, format!("Link type {linktype} is not one the workbench decodes (Ethernet 1, raw IPv4 101/228, Linux SLL 113, SLL2 276)."), format!("リンク種別 {linktype} は本ツールでは解析できません (Ethernet 1, raw IPv4 101/228, Linux SLL 113, SLL2 276)。"));
    }
    let limit = snaplen.clamp(MAX_RECORD, u32::MAX);
    let mut pos = 24usize;
    let mut index = 0usize;
    let mut last_ts: Option<u32> = None;
    while pos < b.len() {
        let header = (
            e.u32(b, pos),
            e.u32(b, pos + 4),
            e.u32(b, pos + 8),
            e.u32(b, pos + 12),
        );
        let (Some(ts_sec), Some(ts_frac), Some(incl), Some(orig)) = header else {
            problem(&mut imp, Severity::Warning, pos, Some(index), format!("The file ends inside the header of record {} ({} of 16 bytes); every whole frame before it was kept.", index + 1, b.len() - pos), format!("レコード {} のヘッダの途中でファイルが終わっています ({} / 16 バイト)。それより前の完全なフレームはすべて保持しました。", index + 1, b.len() - pos));
            break;
        };
        let plausible =
            incl <= limit && (nanos && ts_frac < 1_000_000_000 || !nanos && ts_frac < 1_000_000);
        if !plausible {
            let en = format!(
                "Record {} at byte {pos} is corrupt: captured length {incl}, fraction {ts_frac}.",
                index + 1
            );
            let ja = format!("バイト {pos} のレコード {} が壊れています (キャプチャ長 {incl}, 小数部 {ts_frac})。", index + 1);
            match resync_pcap(b, pos + 1, e, nanos, limit, last_ts) {
                Some(next) => {
                    problem(&mut imp, Severity::Error, pos, Some(index), format!("{en} Skipped {} bytes to the next plausible record at byte {next}.", next - pos), format!("{ja} 次の妥当なレコード (バイト {next}) まで {} バイトを飛ばしました。", next - pos));
                    pos = next;
                    index += 1;
                    continue;
                }
                None => {
                    problem(
                        &mut imp,
                        Severity::Error,
                        pos,
                        Some(index),
                        format!("{en} No later record could be found."),
                        format!("{ja} 以降に妥当なレコードは見つかりませんでした。"),
                    );
                    break;
                }
            }
        }
        let data_start = pos + 16;
        let data_end = data_start + incl as usize;
        let Some(data) = b.get(data_start..data_end) else {
            problem(&mut imp, Severity::Warning, pos, Some(index), format!("Record {} at byte {pos} is cut off: it needs {incl} bytes, the file has {} left. Every whole frame before it was kept.", index + 1, b.len() - data_start), format!("バイト {pos} のレコード {} が途中で切れています ({incl} バイト必要、残り {} バイト)。それより前の完全なフレームはすべて保持しました。", index + 1, b.len() - data_start));
            break;
        };
        if let Some(link) = link {
            let ts_nsec = if nanos { ts_frac } else { ts_frac * 1000 };
            imp.frames.push(CapturedFrame {
                link,
                ts_sec: i64::from(ts_sec),
                ts_nsec,
                bytes: data.to_vec(),
                orig_len: orig,
                comment: None,
            });
        } else {
            imp.skipped += 1;
        }
        last_ts = Some(ts_sec);
        pos = data_end;
        index += 1;
    }
    imp
}

/// Finds the next offset where a record header and the one after it (or the end of the file)
/// are plausible.
fn resync_pcap(
    b: &[u8],
    from: usize,
    e: Endian,
    nanos: bool,
    limit: u32,
    last_ts: Option<u32>,
) -> Option<usize> {
    let ok = |at: usize| -> Option<usize> {
        let ts = e.u32(b, at)?;
        let frac = e.u32(b, at + 4)?;
        let incl = e.u32(b, at + 8)?;
        let orig = e.u32(b, at + 12)?;
        let frac_ok = if nanos {
            frac < 1_000_000_000
        } else {
            frac < 1_000_000
        };
        let ts_ok = last_ts
            .is_none_or(|l| ts >= l.saturating_sub(86_400) && ts <= l.saturating_add(86_400 * 365));
        (frac_ok
            && ts_ok
            && incl > 0
            && incl <= limit
            && orig >= incl
            && orig <= limit.max(65_535 * 4))
        .then_some(at + 16 + incl as usize)
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
    let mut e = Endian { big: false };
    let mut interfaces: Vec<Interface> = Vec::new();
    let mut pos = 0usize;
    let mut index = 0usize; // packet index, for messages
    while pos < b.len() {
        // The byte order is set by each section header block.
        if b.get(pos..pos + 4) == Some(&[0x0a, 0x0d, 0x0d, 0x0a]) {
            match b.get(pos + 8..pos + 12) {
                Some([0x1a, 0x2b, 0x3c, 0x4d]) => e = Endian { big: true },
                Some([0x4d, 0x3c, 0x2b, 0x1a]) => e = Endian { big: false },
                _ => {
                    problem(&mut imp, Severity::Error, pos + 8, None, "The section header's byte-order magic is neither 0x1a2b3c4d nor its reverse.".into(), "セクションヘッダのバイト順マジックが 0x1a2b3c4d でもその逆でもありません。".into());
                    break;
                }
            }
            interfaces.clear();
        }
        let (Some(block_type), Some(block_len)) = (e.u32(b, pos), e.u32(b, pos + 4)) else {
            problem(&mut imp, Severity::Warning, pos, None, format!("The file ends inside a block header at byte {pos}; every whole frame before it was kept."), format!("バイト {pos} のブロックヘッダの途中でファイルが終わっています。それより前の完全なフレームはすべて保持しました。"));
            break;
        };
        let len = block_len as usize;
        let trailer_ok =
            len >= 12 && len % 4 == 0 && e.u32(b, pos + len.saturating_sub(4)) == Some(block_len);
        if !trailer_ok {
            if len >= 12 && len % 4 == 0 && pos + len > b.len() {
                problem(&mut imp, Severity::Warning, pos, Some(index), format!("Block at byte {pos} is cut off: it needs {len} bytes, the file has {} left. Every whole frame before it was kept.", b.len() - pos), format!("バイト {pos} のブロックが途中で切れています ({len} バイト必要、残り {} バイト)。それより前の完全なフレームはすべて保持しました。", b.len() - pos));
                break;
            }
            let next = (pos + 4..b.len().saturating_sub(11))
                .step_by(4)
                .find(|&at| {
                    let (Some(t), Some(l)) = (e.u32(b, at), e.u32(b, at + 4)) else {
                        return false;
                    };
                    let l = l as usize;
                    matches!(t, 1 | 2 | 3 | 5 | 6 | PCAPNG_SHB)
                        && l >= 12
                        && l % 4 == 0
                        && e.u32(b, at + l - 4) == Some(l as u32)
                });
            let en = format!(
                "Block at byte {pos} is corrupt (type {block_type:#x}, length {block_len})."
            );
            let ja = format!(
                "バイト {pos} のブロックが壊れています (種別 {block_type:#x}, 長さ {block_len})。"
            );
            match next {
                Some(n) => {
                    problem(
                        &mut imp,
                        Severity::Error,
                        pos,
                        Some(index),
                        format!("{en} Skipped to the next valid block at byte {n}."),
                        format!("{ja} 次の正しいブロック (バイト {n}) まで飛ばしました。"),
                    );
                    pos = n;
                    continue;
                }
                None => {
                    problem(
                        &mut imp,
                        Severity::Error,
                        pos,
                        Some(index),
                        format!("{en} No later block could be found."),
                        format!("{ja} 以降に正しいブロックは見つかりませんでした。"),
                    );
                    break;
                }
            }
        }
        let body = &b[pos + 8..pos + len - 4];
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
                    problem(&mut imp, Severity::Warning, pos, None, format!("Interface {} has link type {linktype}, which the workbench does not decode; its packets are skipped.", interfaces.len()), format!("インターフェース {} のリンク種別 {linktype} は解析できないため、そのパケットは飛ばします。", interfaces.len()));
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
                        let caplen = e.u32(body, 12).unwrap_or(0) as usize;
                        let ts = (u64::from(e.u32(body, 4).unwrap_or(0)) << 32)
                            | u64::from(e.u32(body, 8).unwrap_or(0));
                        (
                            e.u32(body, 0).unwrap_or(0) as usize,
                            ts,
                            caplen,
                            e.u32(body, 16).unwrap_or(0),
                            20,
                            20 + caplen.div_ceil(4) * 4,
                        )
                    }
                    2 => {
                        let caplen = e.u32(body, 12).unwrap_or(0) as usize;
                        let ts = (u64::from(e.u32(body, 4).unwrap_or(0)) << 32)
                            | u64::from(e.u32(body, 8).unwrap_or(0));
                        (
                            usize::from(e.u16(body, 0).unwrap_or(0)),
                            ts,
                            caplen,
                            e.u32(body, 16).unwrap_or(0),
                            20,
                            20 + caplen.div_ceil(4) * 4,
                        )
                    }
                    _ => {
                        let orig = e.u32(body, 0).unwrap_or(0);
                        let snap = interfaces
                            .first()
                            .map(|i| i.snaplen)
                            .filter(|s| *s > 0)
                            .unwrap_or(u32::MAX);
                        let caplen = (orig.min(snap) as usize).min(body.len().saturating_sub(4));
                        (0, 0, caplen, orig, 4, body.len())
                    }
                };
                let Some(iface) = interfaces.get(iface_id) else {
                    problem(&mut imp, Severity::Error, pos, Some(index), format!("Packet {} at byte {pos} names interface {iface_id}, which no Interface Description Block defined.", index + 1), format!("バイト {pos} のパケット {} はインターフェース {iface_id} を指していますが、定義されていません。", index + 1));
                    index += 1;
                    pos += len;
                    continue;
                };
                let Some(data) = body.get(data_at..data_at + caplen) else {
                    problem(&mut imp, Severity::Error, pos, Some(index), format!("Packet {} at byte {pos} claims {caplen} captured bytes, more than its block holds.", index + 1), format!("バイト {pos} のパケット {} はキャプチャ長 {caplen} バイトを示していますが、ブロックに収まりません。", index + 1));
                    index += 1;
                    pos += len;
                    continue;
                };
                let comment = options(body.get(opts_at..).unwrap_or(&[]), e)
                    .into_iter()
                    .find(|(c, _)| *c == 1)
                    .map(|(_, v)| String::from_utf8_lossy(v).into_owned());
                match iface.link {
                    Some(link) => {
                        let ups = iface.units_per_sec;
                        let ts_sec = (ts / ups) as i64;
                        let frac = ts % ups;
                        let ts_nsec = ((u128::from(frac) * 1_000_000_000) / u128::from(ups)) as u32;
                        imp.frames.push(CapturedFrame {
                            link,
                            ts_sec,
                            ts_nsec,
                            bytes: data.to_vec(),
                            orig_len: orig,
                            comment,
                        });
                    }
                    None => {
                        let _ = iface.linktype;
                        imp.skipped += 1;
                    }
                }
                index += 1;
            }
            _ => {}
        }
        pos += len;
    }
    imp
}

/// pcapng options: (code, value) until opt_endofopt or the end.
fn options(mut b: &[u8], e: Endian) -> Vec<(u16, &[u8])> {
    let mut out = Vec::new();
    while let (Some(code), Some(len)) = (e.u16(b, 0), e.u16(b, 2)) {
        if code == 0 {
            break;
        }
        let len = usize::from(len);
        let Some(value) = b.get(4..4 + len) else {
            break;
        };
        out.push((code, value));
        b = b.get(4 + len.div_ceil(4) * 4..).unwrap_or(&[]);
    }
    out
}

// ----- writing --------------------------------------------------------------------------------

/// A classic pcap (little-endian, microseconds). All frames must share one link type; the first
/// frame's is used (Ethernet for none).
pub fn write_pcap(frames: &[CapturedFrame]) -> Vec<u8> {
    let link = frames.first().map(|f| f.link).unwrap_or(LinkType::Ethernet);
    let mut out = Vec::with_capacity(24 + frames.iter().map(|f| 16 + f.bytes.len()).sum::<usize>());
    out.extend_from_slice(&PCAP_US.to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&4u16.to_le_bytes());
    out.extend_from_slice(&0i32.to_le_bytes());
    out.extend_from_slice(&0u32.to_le_bytes());
    out.extend_from_slice(&MAX_RECORD.to_le_bytes());
    out.extend_from_slice(&link.to_pcap().to_le_bytes());
    for f in frames {
        out.extend_from_slice(&(f.ts_sec.clamp(0, i64::from(u32::MAX)) as u32).to_le_bytes());
        out.extend_from_slice(&(f.ts_nsec / 1000).to_le_bytes());
        out.extend_from_slice(&(f.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&f.orig_len.max(f.bytes.len() as u32).to_le_bytes());
        out.extend_from_slice(&f.bytes);
    }
    out
}

/// A pcapng file: one section, one interface per link type (nanosecond resolution), one
/// enhanced packet block per frame, with its comment.
pub fn write_pcapng(frames: &[CapturedFrame]) -> Vec<u8> {
    let mut out = Vec::new();
    let block = |out: &mut Vec<u8>, t: u32, body: &[u8]| {
        let len = (12 + body.len().div_ceil(4) * 4) as u32;
        out.extend_from_slice(&t.to_le_bytes());
        out.extend_from_slice(&len.to_le_bytes());
        out.extend_from_slice(body);
        out.resize(out.len() + (body.len().div_ceil(4) * 4 - body.len()), 0);
        out.extend_from_slice(&len.to_le_bytes());
    };
    let mut shb = Vec::new();
    shb.extend_from_slice(&BYTE_ORDER_MAGIC.to_le_bytes());
    shb.extend_from_slice(&1u16.to_le_bytes());
    shb.extend_from_slice(&0u16.to_le_bytes());
    shb.extend_from_slice(&(-1i64).to_le_bytes());
    block(&mut out, PCAPNG_SHB, &shb);
    let mut links: Vec<LinkType> = Vec::new();
    for f in frames {
        if !links.contains(&f.link) {
            links.push(f.link);
        }
    }
    if links.is_empty() {
        links.push(LinkType::Ethernet);
    }
    for l in &links {
        let mut idb = Vec::new();
        idb.extend_from_slice(&(l.to_pcap() as u16).to_le_bytes());
        idb.extend_from_slice(&0u16.to_le_bytes());
        idb.extend_from_slice(&MAX_RECORD.to_le_bytes());
        idb.extend_from_slice(&9u16.to_le_bytes()); // if_tsresol
        idb.extend_from_slice(&1u16.to_le_bytes());
        idb.extend_from_slice(&[9, 0, 0, 0]); // 10^-9, padded
        idb.extend_from_slice(&[0, 0, 0, 0]); // opt_endofopt
        block(&mut out, 1, &idb);
    }
    for f in frames {
        let iface = links.iter().position(|l| *l == f.link).unwrap_or(0) as u32;
        let ts = (f.ts_sec.max(0) as u64)
            .saturating_mul(1_000_000_000)
            .saturating_add(u64::from(f.ts_nsec));
        let mut epb = Vec::new();
        epb.extend_from_slice(&iface.to_le_bytes());
        epb.extend_from_slice(&((ts >> 32) as u32).to_le_bytes());
        epb.extend_from_slice(&(ts as u32).to_le_bytes());
        epb.extend_from_slice(&(f.bytes.len() as u32).to_le_bytes());
        epb.extend_from_slice(&f.orig_len.max(f.bytes.len() as u32).to_le_bytes());
        epb.extend_from_slice(&f.bytes);
        epb.resize(
            epb.len() + (f.bytes.len().div_ceil(4) * 4 - f.bytes.len()),
            0,
        );
        if let Some(c) = &f.comment {
            let c = c.as_bytes();
            let c = &c[..c.len().min(65_000)];
            epb.extend_from_slice(&1u16.to_le_bytes());
            epb.extend_from_slice(&(c.len() as u16).to_le_bytes());
            epb.extend_from_slice(c);
            epb.resize(epb.len() + (c.len().div_ceil(4) * 4 - c.len()), 0);
            epb.extend_from_slice(&[0, 0, 0, 0]);
        }
        block(&mut out, 6, &epb);
    }
    out
}

#[cfg(test)]
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
