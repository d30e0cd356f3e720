//! Import and export: hex-dump text, pcap and pcapng files in; pcap, pcapng and text out.
//!
//! [`import`] takes any bytes (a capture file or pasted/uploaded text), says what it recognised,
//! keeps every frame it could read, and reports each problem with its place: line and column
//! for text, record index and byte offset for capture files. It never panics.

// Hostile input on 32 bits (issue #13): every offset computation in the codec and the importers
// is checked or saturating, every read goes through `get`, and no cast can truncate silently.
// An exception must say why with `#[allow(..., reason = "...")]`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

pub mod capture;
pub mod export;
pub mod hexdump;
mod messages;
mod python;
pub mod stream;

pub use messages::Why;

use serde::{Deserialize, Serialize};

use crate::codec::{LinkType, Severity, Text};

/// Where a problem is.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Location {
    /// 1-based line and column of pasted text.
    Text { line: usize, column: usize },
    /// A byte offset in a capture file, and the record (0-based) it belongs to.
    File {
        offset: usize,
        record: Option<usize>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Problem {
    pub severity: Severity,
    pub location: Location,
    pub message: Text,
}

impl Problem {
    pub fn describe(&self, lang: crate::codec::Lang) -> String {
        format!(
            "{}: {}",
            self.location.describe().get(lang),
            self.message.get(lang)
        )
    }
}

/// Which text form a paste was in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextFormat {
    HexStream,
    SeparatedBytes,
    Tcpdump,
    OffsetDump,
    Xxd,
    HexdumpC,
    ArrayLiteral,
    PythonBytes,
    /// `tshark -V -x`: each frame's dissection tree, then its bytes.
    TsharkVerbose,
}

/// What an input was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputFormat {
    Pcap { nanosecond: bool, big_endian: bool },
    Pcapng,
    Text(TextFormat),
}

/// One frame from an input.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CapturedFrame {
    pub link: LinkType,
    /// Seconds since the Unix epoch (0 for pasted text).
    pub ts_sec: i64,
    pub ts_nsec: u32,
    pub bytes: Vec<u8>,
    /// The length on the wire (≥ bytes.len() when the capture was cut by a snap length).
    pub orig_len: u32,
    pub comment: Option<String>,
    /// The pcapng interface it was captured on (0 for pcap and text): a capture taken on
    /// several ports at once keeps them apart.
    pub interface: u32,
    /// The bytes a typo in a pasted dump left unknown, packed ([`crate::codec::Unknown`]);
    /// empty for every frame of a capture file.
    pub unknown: Vec<u8>,
}

/// The result of [`import`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Import {
    pub format: Option<InputFormat>,
    pub frames: Vec<CapturedFrame>,
    pub problems: Vec<Problem>,
    /// Comments of the file (pcapng section and interface comments).
    pub comments: Vec<String>,
    /// Frames of a link type the workbench does not decode (kept out of `frames`).
    pub skipped: usize,
}

/// Reads any input: a pcap or pcapng file by its magic number, otherwise text.
pub fn import(bytes: &[u8]) -> Import {
    if capture::is_capture(bytes) {
        return capture::read(bytes);
    }
    match std::str::from_utf8(bytes) {
        Ok(text) => import_text(text),
        Err(e) => {
            let at = e.valid_up_to();
            let looks_binary = bytes.iter().take(512).filter(|b| **b < 9).count() > 2;
            let mut imp = if looks_binary {
                Import {
                    format: None,
                    frames: vec![],
                    problems: vec![],
                    comments: vec![],
                    skipped: 0,
                }
            } else {
                import_text(
                    bytes
                        .get(..at)
                        .and_then(|b| std::str::from_utf8(b).ok())
                        .unwrap_or(""),
                )
            };
            imp.problems.push(Problem {
                severity: Severity::Error,
                location: Location::File {
                    offset: at.min(if looks_binary { 0 } else { at }),
                    record: None,
                },
                message: if looks_binary {
                    Why::NotCaptureNorText
                } else {
                    Why::NotUtf8 { at }
                }
                .text(),
            });
            imp
        }
    }
}

/// How the frames of a paste are read: each by the shape of its bytes ([`guess_link`]), or all
/// as one link type the user chose.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum LinkChoice {
    #[default]
    Auto,
    Fixed(LinkType),
}

impl LinkChoice {
    /// Every choice, in the order the paste box offers them.
    pub const ALL: [LinkChoice; 6] = [
        LinkChoice::Auto,
        LinkChoice::Fixed(LinkType::Ethernet),
        LinkChoice::Fixed(LinkType::LinuxSll),
        LinkChoice::Fixed(LinkType::LinuxSll2),
        LinkChoice::Fixed(LinkType::RawIpv4),
        LinkChoice::Fixed(LinkType::IgmpMessage),
    ];

    /// The choice a control value names (`auto` for anything else).
    pub fn from_value(v: &str) -> LinkChoice {
        LinkChoice::ALL
            .into_iter()
            .find(|c| c.value() == v)
            .unwrap_or_default()
    }

    /// The control's value: `auto`, or the link type's ([`LinkType::value`]).
    pub fn value(self) -> &'static str {
        match self {
            LinkChoice::Auto => "auto",
            LinkChoice::Fixed(link) => link.value(),
        }
    }
}

/// Reads pasted text, each frame's link type by the shape of its bytes ([`guess_link`]): no
/// header is invented.
pub fn import_text(text: &str) -> Import {
    import_text_as(text, LinkChoice::Auto)
}

/// Reads pasted text with the link type chosen for it (or found per frame with `Auto`).
pub fn import_text_as(text: &str, choice: LinkChoice) -> Import {
    let mut parsed = hexdump::parse(text);
    if choice == LinkChoice::Auto {
        // Old tcpdump's -X (3.x, 4.0) printed a tagged frame from its 802.1Q tag: TCI, type, IP.
        // Read from the IP header, and say what the tag held.
        for (k, frame) in parsed.frames.iter_mut().enumerate() {
            if let Some(tci) = starts_at_vlan_tag(frame) {
                frame.drain(..4);
                for r in parsed.unknown.get_mut(k).into_iter().flatten() {
                    *r = r.start.saturating_sub(4)..r.end.saturating_sub(4);
                }
                let (number, id, pcp) = (k.saturating_add(1), tci & 0x0fff, tci >> 13);
                parsed.problems.push(Problem {
                    severity: Severity::Info,
                    location: Location::Text { line: 1, column: 1 },
                    message: Why::StartsAtVlanTag { number, id, pcp }.text(),
                });
            }
        }
    }
    let mut problems = parsed.problems;
    let frames = parsed
        .frames
        .into_iter()
        .zip(parsed.timestamps)
        .zip(parsed.unknown)
        .zip(parsed.summary_links)
        .enumerate()
        .map(|(k, (((bytes, stamp), unknown), shown))| {
            let (ts_sec, ts_nsec) = stamp.unwrap_or((0, 0));
            let link = match choice {
                LinkChoice::Auto => {
                    let guessed = guess_link(&bytes);
                    match shown {
                        // The summary line shows a cooked capture the header's shape alone
                        // did not tell (an IPv6 or ARP packet after it): read as it says.
                        Some((link, line)) if link != guessed && cooked_fits(link, &bytes) => {
                            problems.push(Problem {
                                severity: Severity::Info,
                                location: Location::Text { line, column: 1 },
                                message: Why::LinkFromSummary {
                                    number: k.saturating_add(1),
                                    link,
                                }
                                .text(),
                            });
                            link
                        }
                        _ => guessed,
                    }
                }
                LinkChoice::Fixed(link) => link,
            };
            CapturedFrame {
                link,
                ts_sec,
                ts_nsec,
                orig_len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                bytes,
                comment: None,
                interface: 0,
                unknown: crate::codec::Unknown::pack(&unknown),
            }
        })
        .collect();
    Import {
        format: parsed.format.map(InputFormat::Text),
        frames,
        problems,
        comments: vec![],
        skipped: 0,
    }
}

/// Whether `bytes` can start with a Linux cooked header of `link` (whatever it carries): v2's
/// reserved word zero, a packet type (0–4) and an address length (≤ 8) where each version keeps
/// them (the header tables'). The shape test of [`guess_link`] and the summary line's choice.
fn cooked_fits(link: LinkType, bytes: &[u8]) -> bool {
    use crate::codec::layout::{sll, sll2};
    let byte = |def: &crate::codec::layout::FieldDef| bytes.get(def.start()).copied();
    match link {
        LinkType::LinuxSll2 => {
            bytes.len() >= sll2::LEN
                && be16(bytes, sll2::RESERVED.start()) == Some(0)
                && byte(&sll2::PKTTYPE).is_some_and(|t| t <= 4)
                && byte(&sll2::HALEN).is_some_and(|n| n <= 8)
        }
        LinkType::LinuxSll => {
            bytes.len() >= sll::LEN
                && be16(bytes, sll::PKTTYPE.start()).is_some_and(|t| t <= 4)
                && be16(bytes, sll::HALEN.start()).is_some_and(|n| n <= 8)
        }
        _ => false,
    }
}

/// The link type a pasted frame most plausibly starts with, judged by the shape of its headers:
/// a plausible IPv4 header (raw IPv4), an Ethernet header with a known type, a Linux cooked
/// header v2 or v1 (what `tcpdump -i any` captures), an IGMP message alone (what kernel and
/// stack tests print: a known type and a checksum that verifies); Ethernet otherwise.
pub fn guess_link(bytes: &[u8]) -> LinkType {
    if looks_ipv4(bytes) {
        LinkType::RawIpv4
    } else if looks_ethernet(bytes) {
        LinkType::Ethernet
    } else if looks_sll2(bytes) {
        LinkType::LinuxSll2
    } else if looks_sll(bytes) {
        LinkType::LinuxSll
    } else if looks_bare_igmp(bytes) {
        LinkType::IgmpMessage
    } else {
        LinkType::Ethernet
    }
}

/// Whether `bytes` hold a whole frame by the lengths its headers declare: `Some(true)` when the
/// IPv4 datagram (after an Ethernet header and its tags, or from the start) ends within them,
/// leaving at most Ethernet padding; `Some(false)` when it needs more; `None` when the headers
/// declare no length the workbench reads.
pub fn whole_frame(bytes: &[u8]) -> Option<bool> {
    let ip_at = match guess_link(bytes) {
        LinkType::RawIpv4 => 0,
        LinkType::IgmpMessage => return Some(true),
        LinkType::Ethernet => {
            let mut at = 12usize;
            while matches!(be16(bytes, at)?, 0x8100 | 0x88a8 | 0x9100) && at < 12 + 4 * 8 {
                at = at.saturating_add(4);
            }
            if be16(bytes, at)? != 0x0800 {
                return None;
            }
            at.saturating_add(2)
        }
        LinkType::LinuxSll => 16,
        LinkType::LinuxSll2 => 20,
    };
    let total = usize::from(be16(bytes, ip_at.saturating_add(2))?);
    let end = ip_at.saturating_add(total);
    let rest = bytes.len().checked_sub(end);
    Some(rest.is_some_and(|r| end.max(bytes.len()) <= 60 || r < 4 + 1))
}

/// The TCI of an 802.1Q tag the bytes start with (TCI, type IPv4, then an IPv4 header), when
/// nothing else reads them: old tcpdump's -X form of a tagged frame.
fn starts_at_vlan_tag(bytes: &[u8]) -> Option<u16> {
    let rest = bytes.get(4..)?;
    (guess_link(bytes) == LinkType::Ethernet
        && !looks_ethernet(bytes)
        && be16(bytes, 2) == Some(0x0800)
        && looks_ipv4(rest))
    .then(|| be16(bytes, 0))
    .flatten()
}

fn be16(bytes: &[u8], at: usize) -> Option<u16> {
    let b = bytes.get(at..at.checked_add(2)?)?;
    Some(u16::from_be_bytes([*b.first()?, *b.get(1)?]))
}

/// An ethertype the workbench (or a tag) reads, with an IPv4 header after it when it says IPv4.
fn looks_ethernet(bytes: &[u8]) -> bool {
    match be16(bytes, 12) {
        Some(0x0800) => bytes.get(14).is_some_and(|b| b >> 4 == 4),
        Some(0x0806 | 0x86dd | 0x8100 | 0x88a8 | 0x9100) => true,
        _ => false,
    }
}

/// Linux cooked v2 (20 bytes) with protocol IPv4 and an IPv4 header after it.
fn looks_sll2(bytes: &[u8]) -> bool {
    use crate::codec::layout::sll2;
    cooked_fits(LinkType::LinuxSll2, bytes)
        && be16(bytes, sll2::ETYPE.start()) == Some(0x0800)
        && bytes.get(sll2::LEN).is_some_and(|b| b >> 4 == 4)
}

/// Linux cooked v1 (16 bytes) with protocol IPv4 and an IPv4 header after it.
fn looks_sll(bytes: &[u8]) -> bool {
    use crate::codec::layout::sll;
    cooked_fits(LinkType::LinuxSll, bytes)
        && be16(bytes, sll::ETYPE.start()) == Some(0x0800)
        && bytes.get(sll::LEN).is_some_and(|b| b >> 4 == 4)
}

/// An IGMP message alone: a type the workbench decodes, 8 bytes or more, and an Internet
/// checksum that verifies over all of it (RFC 2236 §2.3, RFC 3376 §4.1.2).
fn looks_bare_igmp(bytes: &[u8]) -> bool {
    let known = bytes.first().is_some_and(|t| {
        matches!(
            t,
            0x11 | 0x12 | 0x13 | 0x14 | 0x16 | 0x17 | 0x1e | 0x1f | 0x22
        )
    });
    known && bytes.len() >= 8 && bytes.len() <= 65_535 && crate::codec::checksum::verifies(bytes)
}

/// A plausible IPv4 header at the start (the earlier rule: a header checksum that verifies, or a
/// total length that fits what was pasted).
fn looks_ipv4(bytes: &[u8]) -> bool {
    let Some(first) = bytes.first() else {
        return false;
    };
    if first >> 4 != 4 {
        return false;
    }
    let ihl = usize::from(first & 0x0f).saturating_mul(4);
    let (true, Some([hi, lo])) = (ihl >= 20, bytes.get(2..4)) else {
        return false;
    };
    if bytes.len() < 20 {
        return false;
    }
    let total = usize::from(u16::from_be_bytes([*hi, *lo]));
    let header_ok = bytes
        .get(..ihl)
        .is_some_and(crate::codec::checksum::verifies);
    header_ok || (total >= ihl && total <= bytes.len() && bytes.len().saturating_sub(total) < 64)
}
