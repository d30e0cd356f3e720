//! The IGMP codec: dissection (bytes → field tree + diagnostics), strict parsing
//! (bytes → typed [`Frame`] or a [`DecodeError`]) and building ([`FrameSpec`] → bytes).
//!
//! Contract:
//! - [`dissect`] never fails and never panics: every read goes through the bounds-checked
//!   [`cursor::Cursor`], and anything that cannot be read becomes a diagnostic with the absolute
//!   byte span where it happened. What was readable stays in the tree.
//! - Every field knows its bytes ([`Span`]) and, for bit fields, its bit mask. Derived values (the
//!   IGMP version, an effective time) have a zero-width span at the byte they are derived from.
//! - Field ids are Wireshark's display-filter names wherever Wireshark has the field, so that
//!   `igmpwb fields` can be checked against `tshark -T pdml`.
//! - [`parse`] is a thin layer over the same pass: it fails at the first structural error.
//! - [`emit`] never panics; `emit(&FrameSpec::from_frame(&parse(b)?)) == b` for every frame that
//!   [`parse`] accepts.

// Hostile input on 32 bits (issue #13): every offset computation in the codec and the importers
// is checked or saturating, every read goes through `get`, and no cast can truncate silently.
// An exception must say why with `#[allow(..., reason = "...")]`.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

pub mod checksum;
pub mod cursor;
pub mod diagnostics;
mod dissect;
pub mod field_ids;
pub mod frame;
pub mod layout;
pub mod mac;
pub mod mld_spec;
pub mod render;
pub mod spec;
pub mod summary;
pub mod timecode;
mod unknown;
pub mod width;

pub use dissect::{dissect, dissect_fields, dissect_with, mld_message, parse, Options};
pub use frame::{Frame, GroupRecord, IgmpMessage, MldMessage, MldRecord, QueryVersion, RecordType};
pub use spec::{emit, Derived, FrameSpec};
pub use unknown::Unknown;

use serde::{Deserialize, Serialize};

// Readers for fixed fields at offsets the caller has already checked against the length. Past
// the end they give zeros instead of panicking: a wrong offset is then a wrong value in the
// tree, which a test catches, never a crash of the page.

/// Byte `at` of `b`.
pub(crate) fn byte_at(b: &[u8], at: usize) -> u8 {
    b.get(at).copied().unwrap_or(0)
}

/// `N` bytes of `b` from `at`, or `None` past the end (checked: never wraps, even on 32 bits).
pub(crate) fn get_array<const N: usize>(b: &[u8], at: usize) -> Option<[u8; N]> {
    b.get(at..at.checked_add(N)?)?.try_into().ok()
}

/// `N` bytes of `b` from `at`.
pub(crate) fn array_at<const N: usize>(b: &[u8], at: usize) -> [u8; N] {
    get_array(b, at).unwrap_or([0; N])
}

/// The big-endian 16-bit value at `at`.
pub(crate) fn be16_at(b: &[u8], at: usize) -> u16 {
    u16::from_be_bytes(array_at(b, at))
}

/// The big-endian 32-bit value at `at`.
pub(crate) fn be32_at(b: &[u8], at: usize) -> u32 {
    u32::from_be_bytes(array_at(b, at))
}

/// The IPv4 address at `at`.
pub(crate) fn ipv4_at(b: &[u8], at: usize) -> std::net::Ipv4Addr {
    std::net::Ipv4Addr::from(array_at::<4>(b, at))
}

/// The fixed 20 bytes of an IPv4 header (RFC 791 §3.1), read once for the dissector and the
/// tcpdump printer.
pub(crate) struct Ipv4Fixed {
    pub version: u8,
    /// Header length in bytes (IHL × 4).
    pub header_len: usize,
    pub tos: u8,
    pub total_len: u16,
    pub id: u16,
    /// The three flag bits: reserved (4), DF (2), MF (1).
    pub flags: u8,
    /// In 8-byte units, as on the wire.
    pub frag_offset: u16,
    pub ttl: u8,
    pub protocol: u8,
    pub checksum: u16,
    pub src: std::net::Ipv4Addr,
    pub dst: std::net::Ipv4Addr,
}

impl Ipv4Fixed {
    pub const MF: u8 = 1;
    pub const DF: u8 = 2;
    pub const RESERVED: u8 = 4;

    /// Reads the fields from `h` by the IPv4 field table (zeros past its end: callers check for
    /// 20 bytes first).
    pub(crate) fn read(h: &[u8]) -> Ipv4Fixed {
        use layout::ipv4 as f;
        let narrow = |def: &layout::FieldDef| u8::try_from(def.read(h)).unwrap_or(0);
        let wide = |def: &layout::FieldDef| u16::try_from(def.read(h)).unwrap_or(0);
        Ipv4Fixed {
            version: narrow(&f::VERSION),
            header_len: usize::from(narrow(&f::HDR_LEN)).saturating_mul(4),
            tos: narrow(&f::DSFIELD),
            total_len: wide(&f::LEN),
            id: wide(&f::ID),
            flags: narrow(&f::FLAGS),
            frag_offset: wide(&f::FRAG_OFFSET),
            ttl: narrow(&f::TTL),
            protocol: narrow(&f::PROTO),
            checksum: wide(&f::CHECKSUM),
            src: std::net::Ipv4Addr::from(f::SRC.read(h)),
            dst: std::net::Ipv4Addr::from(f::DST.read(h)),
        }
    }
}

/// `len` bytes of `b` from `at`, or as many as there are.
pub(crate) fn bytes_at(b: &[u8], at: usize, len: usize) -> &[u8] {
    let end = at.saturating_add(len).min(b.len());
    b.get(at..end).unwrap_or_default()
}

/// The link layer a frame starts with (pcap LINKTYPE numbers in [`LinkType::from_pcap`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum LinkType {
    /// Ethernet II, optionally with 802.1Q / 802.1ad tags (LINKTYPE_ETHERNET = 1).
    Ethernet,
    /// The frame starts at the IPv4 header (LINKTYPE_RAW = 101, LINKTYPE_IPV4 = 228).
    RawIpv4,
    /// Linux cooked capture v1 (LINKTYPE_LINUX_SLL = 113).
    LinuxSll,
    /// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2 = 276).
    LinuxSll2,
    /// An IGMP message alone, with no IP header: what kernel and protocol-stack tests print.
    /// Written to files as LINKTYPE_USER0 (147), which Wireshark decodes once its DLT_USER table
    /// maps User 0 to `igmp`.
    IgmpMessage,
}

impl LinkType {
    /// The link type for a pcap/pcapng LINKTYPE value, if the workbench decodes it.
    pub fn from_pcap(linktype: u32) -> Option<LinkType> {
        match linktype {
            1 => Some(LinkType::Ethernet),
            12 | 14 | 101 | 228 => Some(LinkType::RawIpv4),
            113 => Some(LinkType::LinuxSll),
            276 => Some(LinkType::LinuxSll2),
            147 => Some(LinkType::IgmpMessage),
            _ => None,
        }
    }

    /// The LINKTYPE value written to pcap files.
    pub fn to_pcap(self) -> u32 {
        match self {
            LinkType::Ethernet => 1,
            LinkType::RawIpv4 => 101,
            LinkType::LinuxSll => 113,
            LinkType::LinuxSll2 => 276,
            LinkType::IgmpMessage => 147,
        }
    }

    /// The value the paste box's link choice uses for it (and its i18n key `inspector.link.*`).
    pub fn value(self) -> &'static str {
        match self {
            LinkType::Ethernet => "ethernet",
            LinkType::RawIpv4 => "raw-ipv4",
            LinkType::LinuxSll => "sll",
            LinkType::LinuxSll2 => "sll2",
            LinkType::IgmpMessage => "igmp",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            LinkType::Ethernet => "Ethernet",
            LinkType::RawIpv4 => "Raw IPv4",
            LinkType::LinuxSll => "Linux cooked (SLL)",
            LinkType::LinuxSll2 => "Linux cooked v2 (SLL2)",
            LinkType::IgmpMessage => "IGMP message only",
        }
    }
}

/// A half-open byte range `[start, end)` in the frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Span {
    pub start: usize,
    pub end: usize,
}

impl Span {
    pub fn new(start: usize, end: usize) -> Span {
        Span {
            start,
            end: end.max(start),
        }
    }
    /// The span from `base + start` to `base + end`, saturating: offsets are positions in a
    /// frame plus header sizes, and can never wrap, even with a 32-bit `usize`.
    pub fn rel(base: usize, start: usize, end: usize) -> Span {
        Span::new(base.saturating_add(start), base.saturating_add(end))
    }
    /// A zero-width span at `at`, for values derived rather than read.
    pub fn point(at: usize) -> Span {
        Span { start: at, end: at }
    }
    pub fn len(&self) -> usize {
        self.end.saturating_sub(self.start)
    }
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }
    pub fn contains(&self, offset: usize) -> bool {
        self.start <= offset && offset < self.end
    }
}

/// A sentence in both interface languages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Text {
    pub en: String,
    pub ja: String,
}

impl Text {
    /// A text from JSON, `{"en": …, "ja": …}` (serde's form; [`crate::json`]).
    pub fn read(v: &crate::json::Value) -> Result<Text, crate::json::Wrong> {
        Ok(Text {
            en: v.field("en")?.string()?,
            ja: v.field("ja")?.string()?,
        })
    }

    pub fn new(en: impl Into<String>, ja: impl Into<String>) -> Text {
        Text {
            en: en.into(),
            ja: ja.into(),
        }
    }
    /// The same text in both languages (numbers, addresses, names).
    pub fn same(s: impl Into<String>) -> Text {
        let s = s.into();
        Text {
            en: s.clone(),
            ja: s,
        }
    }
    pub fn get(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.en,
            Lang::Ja => &self.ja,
        }
    }
    pub fn is_empty(&self) -> bool {
        self.en.is_empty() && self.ja.is_empty()
    }
}

/// The interface languages.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Lang {
    #[default]
    En,
    Ja,
}

impl Lang {
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ja => "ja",
        }
    }
    pub fn from_code(code: &str) -> Option<Lang> {
        match code {
            "en" => Some(Lang::En),
            "ja" => Some(Lang::Ja),
            _ => None,
        }
    }
}

/// Protocol layer of a field; the UI tints tree rows and hex bytes by layer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Layer {
    Frame,
    Link,
    Ipv4,
    Igmp,
    /// ARP, beside IPv4 in mixed captures.
    Arp,
    /// IPv6 (its fixed header), in mixed captures.
    Ipv6,
    /// UDP or TCP inside IPv4.
    Transport,
    Trailer,
    /// ICMPv6 with MLD, IGMP's IPv6 counterpart (#30).
    Mld,
}

impl Layer {
    pub fn name(self) -> &'static str {
        match self {
            Layer::Frame => "frame",
            Layer::Link => "link",
            Layer::Ipv4 => "ipv4",
            Layer::Igmp => "igmp",
            Layer::Arp => "arp",
            Layer::Ipv6 => "ipv6",
            Layer::Transport => "transport",
            Layer::Trailer => "trailer",
            Layer::Mld => "mld",
        }
    }
}

/// Tunnels (VXLAN, GRE) inside tunnels are opened this deep and no deeper, by the dissector and
/// the summary alike: each level is a stack frame, and a hostile frame could nest thousands.
pub const MAX_TUNNEL_DEPTH: u8 = 8;

/// A name fixed in the code, English and Japanese (a field's label).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Name {
    pub en: &'static str,
    pub ja: &'static str,
}

impl Name {
    pub fn get(self, lang: Lang) -> &'static str {
        match lang {
            Lang::En => self.en,
            Lang::Ja => self.ja,
        }
    }
}

/// One row of the field tree. The tree is stored flat in pre-order; `depth` gives the nesting.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Field {
    /// Stable id: Wireshark's display-filter name where Wireshark has the field.
    pub id: &'static str,
    pub label: Name,
    /// The value as shown: raw and interpreted where they differ.
    pub value: Text,
    pub span: Span,
    /// For bit fields: which bits of the span's bytes (big-endian) the field covers.
    pub mask: Option<u32>,
    pub depth: u8,
    pub layer: Layer,
    /// True for values computed rather than read (version, effective time).
    pub derived: bool,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    /// Every level, lowest first.
    pub const ALL: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

    pub fn name(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }
}

/// Something wrong (or noteworthy) about a frame, tied to the bytes and the RFC rule.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Which kind it is, in the catalogue ([`diagnostics`]).
    pub check: &'static diagnostics::Check,
    /// Its level here: the check's, or lower.
    pub severity: Severity,
    pub span: Span,
    /// The id of the field the diagnostic concerns (shown on that tree row).
    pub field: Option<String>,
    pub message: Text,
    /// The rule, e.g. "RFC 2236 §2.3": the check's sections, or the one of them this message
    /// breaks.
    pub rfc: &'static str,
}

impl Diagnostic {
    /// Its stable code, e.g. `igmp.bad_checksum`.
    pub fn code(&self) -> &'static str {
        self.check.code
    }

    /// Whether it is of this kind.
    pub fn is(&self, check: &diagnostics::Check) -> bool {
        self.check.code == check.code
    }
}

/// The result of [`dissect`]: the field tree, the diagnostics, and the typed frame when the
/// bytes were structurally complete.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dissection {
    pub fields: Vec<Field>,
    pub diagnostics: Vec<Diagnostic>,
    /// The typed frame, present when no structural error stopped the dissection.
    pub frame: Option<Frame>,
    /// Where the frame's MLD message (ICMPv6 type 130–132 or 143) lies in its bytes (#30).
    pub mld_at: Option<std::ops::Range<usize>>,
    /// Facts for the packet list, available even when the tree was not built.
    pub info: FrameInfo,
    /// The bytes whose values are not known ([`Unknown`]), for the hex pane.
    pub unknown: Vec<std::ops::Range<usize>>,
}

impl Dissection {
    /// The meaning of the frame's MLD message (`bytes`: the frame this dissects), when it holds
    /// what its type promises ([`mld_message`]).
    pub fn mld(&self, bytes: &[u8]) -> Option<MldMessage> {
        self.mld_at
            .clone()
            .and_then(|r| bytes.get(r))
            .and_then(mld_message)
    }

    /// The innermost field whose span contains `offset` (the last such field in pre-order,
    /// preferring non-empty spans).
    pub fn field_at(&self, offset: usize) -> Option<usize> {
        let mut best: Option<usize> = None;
        for (i, f) in self.fields.iter().enumerate() {
            if f.span.contains(offset) {
                best = match best.and_then(|b| self.fields.get(b).map(|x| (b, x))) {
                    Some((b, x)) if x.span.len() < f.span.len() => Some(b),
                    _ => Some(i),
                };
            }
        }
        best
    }

    /// [`Dissection::field_at`] for each of the first `len` offsets, in one pass over the
    /// fields (#29): a v3 report with 10 000 sources has 40 000 bytes and 10 000 fields, and
    /// asking each byte in turn held the Builder for seconds.
    pub fn owners(&self, len: usize) -> Vec<Option<usize>> {
        let mut out: Vec<Option<usize>> = vec![None; len];
        for (i, f) in self.fields.iter().enumerate() {
            let Some(slots) = out.get_mut(f.span.start.min(len)..f.span.end.min(len)) else {
                continue;
            };
            for slot in slots {
                // As field_at: a smaller field holds its bytes; of two the same size, the later.
                let smaller = slot
                    .and_then(|b| self.fields.get(b))
                    .is_some_and(|x| x.span.len() < f.span.len());
                if !smaller {
                    *slot = Some(i);
                }
            }
        }
        out
    }

    pub fn field(&self, id: &str) -> Option<&Field> {
        self.fields.iter().find(|f| f.id == id)
    }

    pub fn worst_severity(&self) -> Option<Severity> {
        self.diagnostics.iter().map(|d| d.severity).max()
    }
}

/// What a packet list needs about a frame (its tcpdump summary is `summary::line`, made only
/// for the rows on screen).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameInfo {
    pub src: Option<std::net::Ipv4Addr>,
    pub dst: Option<std::net::Ipv4Addr>,
    /// The IGMP message kind (its version is `kind.version()`); `None` when the frame holds no
    /// readable IGMP message.
    pub kind: Option<frame::MessageKind>,
    pub group: Option<std::net::Ipv4Addr>,
    /// The frame is known to carry something else than IGMP or MLD (ARP, UDP, …); a truncated
    /// or malformed frame is not.
    pub not_igmp: bool,
    /// An IPv6 packet's addresses and, for an MLD message, its multicast address (the first
    /// record's in an MLDv2 report; `::` in a general query) (#30).
    pub ipv6: Option<Ipv6Info>,
}

/// See [`FrameInfo::ipv6`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipv6Info {
    pub src: std::net::Ipv6Addr,
    pub dst: std::net::Ipv6Addr,
    pub group: Option<std::net::Ipv6Addr>,
}

/// Why a frame does not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum DecodeErrorKind {
    /// The bytes end before a header or field (or before what a length field promises).
    Truncated,
    /// IPv4 version field not 4 (RFC 791 §3.1).
    BadIpVersion,
    /// IHL below 5 or beyond the bytes (RFC 791 §3.1).
    BadIpHeaderLength,
    /// Total Length below the header length (RFC 791 §3.1).
    BadTotalLength,
    /// A 9–11-byte query, neither v2 nor v3 (RFC 3376 §7.1).
    BadQueryLength,
    /// Number of Sources or of Group Records larger than the message (RFC 3376 §4.1.8, §4.2.6).
    CountBeyondBytes,
    /// TCP Data Offset below 5 (RFC 9293 §3.1).
    BadTcpHeaderLength,
    /// The frame carries no IGMP message (another ethertype or IP protocol).
    NotIgmp,
}

/// A structural error from [`parse`]: its kind, the layer, the absolute byte offset and the
/// reason in words.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecodeError {
    pub kind: DecodeErrorKind,
    pub layer: Layer,
    pub offset: usize,
    pub reason: String,
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} layer, byte {}: {}",
            self.layer.name(),
            self.offset,
            self.reason
        )
    }
}

impl std::error::Error for DecodeError {}
