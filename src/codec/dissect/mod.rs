//! The one decoding pass: bytes → field tree, diagnostics, typed frame and list facts.
//!
//! The pass is split by layer: `link.rs`, `ipv4.rs`, `igmp.rs` (each an `impl` of the same
//! [`Dissector`]); this file holds the dissector's tree-building tools and the driver.
//!
//! The pass reads through the bounds-checked `codec::cursor::Cursor`, which returns `None` at
//! the end of the bytes. A structural problem (truncation, a count larger than the
//! bytes, a 9–11-byte query) becomes an error diagnostic at its absolute offset and stops the
//! layer; what was read before stays in the tree.

use std::net::Ipv4Addr;

use crate::codec::frame::RecordType;

mod igmp;
mod ipv4;
mod link;
mod mld;
pub use mld::mld_message;
mod other;
mod pim;
mod tunnel;

use super::diagnostics::{self, Check};
use super::layout::FieldDef;
use super::spec::FrameSpec;
use super::{
    DecodeError, DecodeErrorKind, Diagnostic, Dissection, Field, Layer, LinkType, Severity, Span,
    Text, Unknown,
};

/// How much to build, and what is known of the bytes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options<'a> {
    /// Build the field tree. Off for packet lists, where only [`FrameInfo`] and the
    /// diagnostics are needed.
    pub tree: bool,
    /// The bytes whose values are not known (a typo in a pasted dump; none in a capture).
    pub unknown: Unknown<'a>,
}

/// Dissects a frame, building the full field tree. Never fails, never panics.
pub fn dissect(link: LinkType, bytes: &[u8]) -> Dissection {
    dissect_with(
        link,
        bytes,
        Options {
            tree: true,
            unknown: Unknown::NONE,
        },
    )
}

/// Dissects a frame with the given options.
pub fn dissect_with(link: LinkType, bytes: &[u8], options: Options) -> Dissection {
    let mut d = Dissector::new(bytes, options.tree, None);
    d.unknown = options.unknown;
    d.dissection(link)
}

/// Dissects a frame keeping only the fields `keep` accepts (by id): what a display filter reads.
/// The diagnostics and [`FrameInfo`] are the same as [`dissect`]'s.
pub fn dissect_fields(link: LinkType, bytes: &[u8], keep: &dyn Fn(&str) -> bool) -> Dissection {
    Dissector::new(bytes, true, Some(keep)).dissection(link)
}

/// Strict parse: the typed frame, or the first structural error with its layer and offset.
pub fn parse(link: LinkType, bytes: &[u8]) -> Result<FrameSpec, DecodeError> {
    let mut d = Dissector::new(bytes, false, None);
    let frame = d.run(link);
    match (d.fatal, frame) {
        (Some(e), _) => Err(e),
        (None, Some(f)) => Ok(f),
        (None, None) => Err(DecodeError {
            kind: DecodeErrorKind::NotIgmp,
            layer: Layer::Frame,
            offset: 0,
            reason: "not an IPv4 IGMP frame".into(),
        }),
    }
}

/// Bilingual label of a field.
type Label = (&'static str, &'static str);

struct Dissector<'a> {
    bytes: &'a [u8],
    tree: bool,
    /// Which fields to put in the tree (all when `None`): a display filter needs only those it
    /// names, and skipping the others' text is most of the work on a large capture.
    keep: Option<&'a dyn Fn(&str) -> bool>,
    out: Dissection,
    depth: u8,
    /// How many tunnels (VXLAN, GRE) deep the layer being read is.
    tunnels: u8,
    layer: Layer,
    fatal: Option<DecodeError>,
    /// Bytes not known (see [`Unknown`]): checksums over them are not verified.
    unknown: Unknown<'a>,
}

/// What the IPv4 layer found, for the IGMP layer and cross-layer checks.
struct IpFacts {
    header_start: usize,
    payload_start: usize,
    /// IGMP length as the IP header claims it: Total Length − 4·IHL (RFC 3376 §7.1).
    claimed_len: usize,
    /// Where the datagram ends in the captured bytes.
    datagram_end: usize,
    ttl: u8,
    dst: Ipv4Addr,
    router_alert: bool,
    fragment: bool,
}

impl<'a> Dissector<'a> {
    fn new(bytes: &'a [u8], tree: bool, keep: Option<&'a dyn Fn(&str) -> bool>) -> Self {
        Dissector {
            bytes,
            tree,
            keep,
            out: Dissection::default(),
            depth: 0,
            tunnels: 0,
            layer: Layer::Frame,
            fatal: None,
            unknown: Unknown::NONE,
        }
    }

    /// Runs the dissector over the frame: the tree, the diagnostics, the facts, and the typed
    /// frame when nothing structural is wrong.
    fn dissection(mut self, link: LinkType) -> Dissection {
        let frame = self.run(link);
        self.out.frame = if self.fatal.is_none() { frame } else { None };
        self.mark_unknown();
        self.out
    }

    /// Whether a checksum over `start..end` cannot be verified: some of its bytes are unknown.
    fn unknown_in(&self, start: usize, end: usize) -> bool {
        self.unknown.overlaps(start..end)
    }

    /// The bytes a pasted dump's typo left unknown: said once for the frame, and every field
    /// that reads them shows "unknown", not the zeros that stand in for them.
    fn mark_unknown(&mut self) {
        let Some(first) = self.unknown.ranges().next() else {
            return;
        };
        self.out.unknown = self.unknown.ranges().collect();
        let fields = &mut self.out.fields;
        for i in 0..fields.len() {
            let deeper = fields
                .get(i.saturating_add(1))
                .zip(fields.get(i))
                .is_some_and(|(next, f)| next.depth > f.depth);
            if let Some(f) = fields.get_mut(i) {
                if !deeper && !f.span.is_empty() && self.unknown.overlaps(f.span.start..f.span.end)
                {
                    f.value = Text::new("unknown (a typo in the paste)", "不明 (貼り付けの誤字)");
                }
            }
        }
        // No conclusion rests on bytes nobody knows: a check of this frame could read them
        // (a group read as zeros is "not multicast", and the destination then "wrong").
        self.out.diagnostics.clear();
        let (n, from) = (self.unknown.count(), first.start);
        self.diag(
            &diagnostics::UNKNOWN_BYTES,
            Span::new(first.start, first.end),
            None,
            format!("{n} bytes are unknown (a typo in the paste, from offset {from:#06x}): fields in them show as unknown, and no check is made on this frame, checksums included."),
            format!("{n} バイトが不明です (貼り付けの誤字、オフセット {from:#06x} から)。不明なバイトを含むフィールドは「不明」と表示し、このフレームにはチェックサムを含め検査を行いません。"),
        );
    }

    // ----- tree building -------------------------------------------------------------------

    fn add(&mut self, id: &'static str, label: Label, span: Span, value: impl FnOnce() -> Text) {
        self.push_field(id, label, span, None, false, value);
    }

    fn add_bits(
        &mut self,
        id: &'static str,
        label: Label,
        span: Span,
        mask: u32,
        value: impl FnOnce() -> Text,
    ) {
        self.push_field(id, label, span, Some(mask), false, value);
    }

    /// The bits of a header's flags word, each its own row, from their table: each field's
    /// value read from `header` (which starts at `base`).
    fn add_flag_defs(&mut self, defs: &[&FieldDef], base: usize, header: &[u8]) {
        for def in defs {
            self.add_def(def, base, || Text::same(def.read(header).to_string()));
        }
    }

    /// Adds a field of a fixed-layout header (from [`crate::codec::layout`]) starting at `base`.
    fn add_def(&mut self, def: &FieldDef, base: usize, value: impl FnOnce() -> Text) {
        self.push_field(def.id, def.label, def.span(base), def.mask(), false, value);
    }

    /// [`Self::add_def`] with a label of its own (the same bits mean different things in different
    /// messages, e.g. the Max Resp byte of a v1 query).
    fn add_def_as(
        &mut self,
        def: &FieldDef,
        label: Label,
        base: usize,
        value: impl FnOnce() -> Text,
    ) {
        self.push_field(def.id, label, def.span(base), def.mask(), false, value);
    }

    fn add_derived(
        &mut self,
        id: &'static str,
        label: Label,
        at: usize,
        value: impl FnOnce() -> Text,
    ) {
        self.push_field(id, label, Span::point(at), None, true, value);
    }

    fn push_field(
        &mut self,
        id: &'static str,
        label: Label,
        span: Span,
        mask: Option<u32>,
        derived: bool,
        value: impl FnOnce() -> Text,
    ) {
        if !self.tree || self.keep.is_some_and(|keep| !keep(id)) {
            return;
        }
        let value = value();
        self.push_built(id, label, span, mask, derived, value);
    }

    /// The part of [`Self::push_field`] that does not depend on the value's closure, kept out of
    /// line so that the dozens of closures do not each carry a copy of it.
    #[inline(never)]
    fn push_built(
        &mut self,
        id: &'static str,
        label: Label,
        span: Span,
        mask: Option<u32>,
        derived: bool,
        value: Text,
    ) {
        // A field never points past the captured bytes, whatever a length field claims.
        let end = self.bytes.len();
        let span = Span::new(span.start.min(end), span.end.min(end));
        self.out.fields.push(Field {
            id,
            label: super::Name {
                en: label.0,
                ja: label.1,
            },
            value,
            span,
            mask,
            depth: self.depth,
            layer: self.layer,
            derived,
        });
    }

    /// Adds a node and makes the following fields its children until [`Self::close`].
    fn open(&mut self, id: &'static str, label: Label, span: Span, value: impl FnOnce() -> Text) {
        self.add(id, label, span, value);
        self.depth = self.depth.saturating_add(1);
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Sets the end of the most recent node with `id` (a layer node whose length is known only
    /// after its children are read).
    fn set_end(&mut self, id: &str, end: usize) {
        if let Some(f) = self.out.fields.iter_mut().rev().find(|f| f.id == id) {
            f.span.end = end.max(f.span.start);
        }
    }

    /// A diagnostic of `check`, at its own level and citing all its sections.
    fn diag(
        &mut self,
        check: &'static Check,
        span: Span,
        field: Option<&str>,
        en: String,
        ja: String,
    ) {
        self.diag_as(check, check.severity, check.rfc, span, field, en, ja);
    }

    /// A diagnostic of `check` at a level and section chosen for this message (no more severe
    /// than the check's, and among its sections: `tests/golden.rs` holds the dissector to it).
    #[allow(clippy::too_many_arguments)]
    fn diag_as(
        &mut self,
        check: &'static Check,
        severity: Severity,
        rfc: &'static str,
        span: Span,
        field: Option<&str>,
        en: String,
        ja: String,
    ) {
        self.out.diagnostics.push(Diagnostic {
            check,
            severity,
            span,
            field: field.map(str::to_string),
            message: Text { en, ja },
            rfc,
        });
    }

    /// A structural error: the bytes end (or a length points) before `what` could be read.
    fn truncated(&mut self, at: usize, needed: usize, what: &str, what_ja: &str) {
        let have = self.bytes.len().saturating_sub(at);
        let en =
            format!("Truncated: {what} needs {needed} bytes at byte {at}, but only {have} remain.");
        let ja = format!(
            "切り詰められています: {what_ja}にはバイト {at} から {needed} バイト必要ですが、残りは {have} バイトです。"
        );
        // Which header ran short says nothing about an RFC rule: no section is cited.
        self.structural_as(
            &diagnostics::TRUNCATED,
            "",
            DecodeErrorKind::Truncated,
            at,
            en,
            ja,
        );
    }

    /// A structural error: decoding stops here (the first one is the frame's [`DecodeError`]).
    fn structural(
        &mut self,
        check: &'static Check,
        kind: DecodeErrorKind,
        at: usize,
        en: String,
        ja: String,
    ) {
        self.structural_as(check, check.rfc, kind, at, en, ja);
    }

    fn structural_as(
        &mut self,
        check: &'static Check,
        rfc: &'static str,
        kind: DecodeErrorKind,
        at: usize,
        en: String,
        ja: String,
    ) {
        let span = Span::new(at, self.bytes.len().max(at));
        if self.fatal.is_none() {
            self.fatal = Some(DecodeError {
                kind,
                layer: self.layer,
                offset: at,
                reason: en.clone(),
            });
        }
        self.diag_as(check, Severity::Error, rfc, span, None, en, ja);
    }

    // ----- layers ---------------------------------------------------------------------------

    fn run(&mut self, link: LinkType) -> Option<FrameSpec> {
        self.layer = Layer::Frame;
        let len = self.bytes.len();
        self.add_derived("frame.len", ("Frame length", "フレーム長"), 0, || {
            Text::new(format!("{len} bytes"), format!("{len} バイト"))
        });
        self.add_derived("frame.link", ("Link type", "リンク種別"), 0, || {
            Text::same(link.name())
        });
        if link == LinkType::IgmpMessage {
            self.bare_igmp();
            return None;
        }
        let (link_spec, ip_start, ethertype) = self.link(link)?;
        self.network(link_spec, ip_start, ethertype)
    }

    /// An IGMP message with no IP header (pasted from a kernel or stack test): the message's own
    /// checks, none of those that need the IP header (destination, TTL, Router Alert).
    fn bare_igmp(&mut self) {
        let len = self.bytes.len();
        let facts = IpFacts {
            header_start: 0,
            payload_start: 0,
            claimed_len: len,
            datagram_end: len,
            ttl: 1,
            dst: Ipv4Addr::UNSPECIFIED,
            router_alert: true,
            fragment: false,
        };
        if let Some(igmp) = self.igmp(&facts) {
            let message = igmp.message();
            self.out.info.kind = Some(message.kind());
            self.out.info.group = message.group();
        }
    }

    /// What follows a link header: IPv4 (and IGMP in it), ARP, IPv6, or bytes the workbench does
    /// not decode. Also for the Ethernet frame inside a tunnel.
    fn network(
        &mut self,
        link_spec: crate::codec::spec::LinkSpec,
        ip_start: usize,
        ethertype: u16,
    ) -> Option<FrameSpec> {
        let len = self.bytes.len();
        if ethertype != 0x0800 {
            self.out.info.not_igmp = true;
        }
        if ethertype == 0x0806 {
            self.arp(ip_start);
            return None;
        }
        if ethertype == 0x86dd {
            // The destination MAC, for MLD's check against the IPv6 destination.
            let mac_dst = match &link_spec {
                crate::codec::spec::LinkSpec::Ethernet {
                    dst: crate::codec::spec::Derived::Raw(crate::codec::spec::MacAddr(m)),
                    ..
                } => Some(*m),
                _ => None,
            };
            self.ipv6(ip_start, mac_dst);
            return None;
        }
        if ethertype != 0x0800 {
            self.layer = Layer::Link;
            let at = ip_start;
            self.diag(&diagnostics::LINK_NOT_IPV4, Span::new(at, len), None, format!("EtherType {ethertype:#06x} is not IPv4, IPv6 or ARP: the workbench shows what follows as payload bytes."), format!("EtherType {ethertype:#06x} は IPv4、IPv6、ARP のいずれでもありません。以降はペイロードのバイトとして表示します。"));
            self.add("data", ("Data", "データ"), Span::new(at, len), || {
                Text::new(
                    format!("{} bytes", len.saturating_sub(at)),
                    format!("{} バイト", len.saturating_sub(at)),
                )
            });
            return None;
        }
        let (ip_spec, facts) = self.ipv4(ip_start)?;
        let igmp = self.igmp(&facts);
        // Bytes after the IP datagram: Ethernet padding or a trailer.
        let trailer = self.bytes.get(facts.datagram_end..).unwrap_or(&[]).to_vec();
        self.trailer(&link_spec, facts.datagram_end, len);
        let igmp = igmp?;
        self.cross_checks(&link_spec, &facts, &igmp);
        let message = igmp.message();
        self.out.info.kind = Some(message.kind());
        self.out.info.group = message.group();
        Some(FrameSpec {
            link: link_spec,
            ip: ip_spec,
            igmp,
            trailer,
        })
    }
}

// ----- value formatting helpers -------------------------------------------------------------

/// A checksum field's value: the stored value and whether it is right (what it should be when
/// it is not; `unverified` when the covered bytes are not all there).
fn checksum_text(stored: u16, expected: Option<u16>, unverified: (&str, &str)) -> Text {
    match expected {
        Some(e) if e == stored => Text::new(
            format!("{stored:#06x} [correct]"),
            format!("{stored:#06x} [正しい]"),
        ),
        Some(e) => Text::new(
            format!("{stored:#06x} [incorrect, should be {e:#06x}]"),
            format!("{stored:#06x} [誤り、正しくは {e:#06x}]"),
        ),
        None => Text::new(
            format!("{stored:#06x} [{}]", unverified.0),
            format!("{stored:#06x} [{}]", unverified.1),
        ),
    }
}

/// Why a checksum over bytes a paste's typo left unknown is not verified.
const UNKNOWN_UNVERIFIED: (&str, &str) = (
    "unverified: some bytes are unknown",
    "未検証: 不明なバイトあり",
);

/// A stored checksum and whether the message verifies, as PIM and GRE show it (no expected
/// value: the sum covers more than the field); `None` when some of its bytes are unknown.
fn verdict_text(stored: u16, ok: Option<bool>) -> Text {
    match ok {
        Some(true) => Text::new(
            format!("{stored:#06x} [correct]"),
            format!("{stored:#06x} [正しい]"),
        ),
        Some(false) => Text::new(
            format!("{stored:#06x} [incorrect]"),
            format!("{stored:#06x} [誤り]"),
        ),
        None => checksum_text(stored, None, UNKNOWN_UNVERIFIED),
    }
}

fn hex_plain(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
}

/// A sentence saying what a group record asks for (in the style of Wireshark's Info column).
pub(crate) fn record_sentence(t: RecordType, g: Ipv4Addr, n: u16) -> Text {
    use RecordType::{Allow, Block, IsEx, IsIn, ToEx, ToIn};
    match (t, n) {
        (IsIn | ToIn, 0) => Text::new(format!("Leave group {g}"), format!("グループ {g} から脱退")),
        (IsEx | ToEx, 0) => Text::new(
            format!("Join group {g} for any source"),
            format!("グループ {g} にすべての送信元で参加"),
        ),
        (IsIn | ToIn, n) => Text::new(
            format!("Receive {g} only from {n} listed source(s)"),
            format!("{g} を列挙した {n} 個の送信元からのみ受信"),
        ),
        (IsEx | ToEx, n) => Text::new(
            format!("Receive {g} from all but {n} listed source(s)"),
            format!("{g} を列挙した {n} 個以外の送信元から受信"),
        ),
        (Allow, n) => Text::new(
            format!("Also receive {g} from {n} new source(s)"),
            format!("{g} を新たな {n} 個の送信元からも受信"),
        ),
        (Block, n) => Text::new(
            format!("Stop receiving {g} from {n} source(s)"),
            format!("{g} の {n} 個の送信元からの受信を停止"),
        ),
        _ => Text::new("unknown record type", "不明なレコード種別"),
    }
}
