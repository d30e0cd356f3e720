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
mod python;
pub mod stream;

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

impl Location {
    pub fn describe(&self) -> Text {
        match self {
            Location::Text { line, column } => Text::new(
                format!("line {line}, column {column}"),
                format!("{line} 行 {column} 列"),
            ),
            Location::File {
                offset,
                record: Some(r),
            } => Text::new(
                format!("record {} at byte {offset}", r.saturating_add(1)),
                format!("レコード {} (バイト {offset})", r.saturating_add(1)),
            ),
            Location::File {
                offset,
                record: None,
            } => Text::new(format!("byte {offset}"), format!("バイト {offset}")),
        }
    }
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
}

/// What an input was recognised as.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum InputFormat {
    Pcap { nanosecond: bool, big_endian: bool },
    Pcapng,
    Text(TextFormat),
}

impl InputFormat {
    pub fn describe(&self) -> Text {
        match self {
            InputFormat::Pcap {
                nanosecond,
                big_endian,
            } => {
                let res = if *nanosecond { "ns" } else { "µs" };
                let order = if *big_endian {
                    "big-endian"
                } else {
                    "little-endian"
                };
                Text::new(
                    format!("pcap ({order}, {res})"),
                    format!("pcap ({order}, {res})"),
                )
            }
            InputFormat::Pcapng => Text::same("pcapng"),
            InputFormat::Text(t) => {
                let (en, ja) = match t {
                    TextFormat::HexStream => ("hex stream", "16 進ストリーム"),
                    TextFormat::SeparatedBytes => ("separated hex bytes", "区切られた 16 進バイト"),
                    TextFormat::Tcpdump => ("tcpdump -x/-xx/-X output", "tcpdump -x/-xx/-X 出力"),
                    TextFormat::OffsetDump => (
                        "offset hex dump (Wireshark, od, tshark, Scapy)",
                        "オフセット付き 16 進ダンプ (Wireshark, od, tshark, Scapy)",
                    ),
                    TextFormat::Xxd => ("xxd output", "xxd 出力"),
                    TextFormat::HexdumpC => ("hexdump -C output", "hexdump -C 出力"),
                    TextFormat::ArrayLiteral => (
                        "byte-array literal (C, Rust, JavaScript)",
                        "バイト配列リテラル (C, Rust, JavaScript)",
                    ),
                    TextFormat::PythonBytes => ("Python bytes literal", "Python bytes リテラル"),
                };
                Text::new(en, ja)
            }
        }
    }
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
            let (en, ja) = if looks_binary {
                (
                    "This is neither a pcap/pcapng capture nor text: the first bytes match no known magic number.".to_string(),
                    "pcap/pcapng キャプチャでもテキストでもありません。先頭のバイトがどのマジックナンバーとも一致しません。".to_string(),
                )
            } else {
                (
                    format!("The text is not valid UTF-8 at byte {at}; only the text before it was read."),
                    format!("バイト {at} で UTF-8 として不正です。それより前のテキストだけを読みました。"),
                )
            };
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
                message: Text { en, ja },
            });
            imp
        }
    }
}

/// Reads pasted text. A frame whose first nibble is 4 and that reads as an IPv4 header is taken
/// as raw IPv4 (no Ethernet header is invented); everything else as Ethernet.
pub fn import_text(text: &str) -> Import {
    let parsed = hexdump::parse(text);
    let frames = parsed
        .frames
        .into_iter()
        .zip(parsed.timestamps)
        .map(|(bytes, stamp)| {
            let (ts_sec, ts_nsec) = stamp.unwrap_or((0, 0));
            CapturedFrame {
                link: guess_link(&bytes),
                ts_sec,
                ts_nsec,
                orig_len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                bytes,
                comment: None,
                interface: 0,
            }
        })
        .collect();
    Import {
        format: parsed.format.map(InputFormat::Text),
        frames,
        problems: parsed.problems,
        comments: vec![],
        skipped: 0,
    }
}

/// Raw IPv4 when the bytes start with a plausible IPv4 header; Ethernet otherwise.
pub fn guess_link(bytes: &[u8]) -> LinkType {
    let Some(first) = bytes.first() else {
        return LinkType::Ethernet;
    };
    if first >> 4 != 4 {
        return LinkType::Ethernet;
    }
    let ihl = usize::from(first & 0x0f).saturating_mul(4);
    let (true, Some([hi, lo])) = (ihl >= 20, bytes.get(2..4)) else {
        return LinkType::Ethernet;
    };
    if bytes.len() < 20 {
        return LinkType::Ethernet;
    }
    let total = usize::from(u16::from_be_bytes([*hi, *lo]));
    let header_ok = bytes
        .get(..ihl)
        .is_some_and(crate::codec::checksum::verifies);
    if header_ok || (total >= ihl && total <= bytes.len() && bytes.len().saturating_sub(total) < 64)
    {
        LinkType::RawIpv4
    } else {
        LinkType::Ethernet
    }
}
