//! Tunnels that carry IGMP between sites, with Wireshark's field ids: VXLAN (RFC 7348 §5) on UDP
//! port 4789, and GRE (RFC 2784, with RFC 2890's key and sequence number) carrying IPv4 or
//! Ethernet (transparent Ethernet bridging, 0x6558). What a tunnel carries is dissected by the
//! same code as a captured frame, one tunnel deeper, at most `MAX_TUNNEL_DEPTH` deep.

use super::link::ethertype_text;
use super::{verdict_text, Dissector, Layer};
use crate::codec::checksum;
use crate::codec::diagnostics;
use crate::codec::layout;
use crate::codec::spec::LinkSpec;
use crate::codec::{be16_at, be32_at, Span, Text, MAX_TUNNEL_DEPTH};

/// VXLAN's IANA port (RFC 7348 §5).
pub(super) const VXLAN_PORT: u16 = 4789;

/// What a tunnel carries.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Inner {
    Ethernet,
    Ipv4,
}

impl Dissector<'_> {
    /// The 8-byte VXLAN header at `s` (RFC 7348 §5), then the Ethernet frame it carries, up to
    /// `end` (the end of the UDP datagram).
    pub(super) fn vxlan(&mut self, s: usize, end: usize) {
        self.layer = Layer::Transport;
        use layout::vxlan::{self, FLAGS, FLAG_BITS, GBP, RESERVED, VNI};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < vxlan::LEN {
            self.truncated(s, vxlan::LEN, "the VXLAN header", "VXLAN ヘッダ");
            return;
        }
        let (flags, vni) = (FLAGS.read16(b), VNI.read(b));
        self.open(
            "vxlan",
            ("Virtual eXtensible Local Area Network", "VXLAN"),
            Span::rel(s, 0, vxlan::LEN),
            || Text::same(format!("VNI {vni}")),
        );
        let flags_span = FLAGS.span(s);
        self.add_def(&FLAGS, s, || Text::same(format!("{flags:#06x}")));
        self.add_flag_defs(&FLAG_BITS, s, b);
        for def in [&GBP, &VNI, &RESERVED] {
            self.add_def(def, s, || Text::same(def.read(b).to_string()));
        }
        self.close();
        if flags & 0x0800 == 0 {
            self.diag(
                &diagnostics::VXLAN_NO_I_FLAG,
                flags_span,
                Some("vxlan.flag_i"),
                "The I flag is clear: RFC 7348 §5 says it MUST be set for a valid VNI.".into(),
                "I フラグが 0 です。RFC 7348 §5 により、有効な VNI では 1 にしなければなりません。"
                    .into(),
            );
        }
        self.inside(s.saturating_add(vxlan::LEN), end, Inner::Ethernet);
    }

    /// A GRE header at `s` (RFC 2784 §2, RFC 2890 §2) and what it carries, up to `end` (the end of
    /// the IP datagram).
    pub(super) fn gre(&mut self, s: usize, end: usize) {
        self.layer = Layer::Transport;
        use layout::gre::{self, FLAGS, FLAG_BITS, PROTO};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < gre::LEN {
            self.truncated(s, gre::LEN, "the GRE header", "GRE ヘッダ");
            return;
        }
        let (flags, proto) = (FLAGS.read16(b), PROTO.read16(b));
        let (sum, key, seq) = (
            flags & 0xc000 != 0,
            flags & 0x2000 != 0,
            flags & 0x1000 != 0,
        );
        // RFC 2784 §2 and RFC 2890 §2: 4 bytes, and 4 more for each optional word present.
        let header_len =
            [sum, key, seq].iter().fold(
                gre::LEN,
                |n, present| {
                    if *present {
                        n.saturating_add(4)
                    } else {
                        n
                    }
                },
            );
        if b.len() < header_len {
            self.truncated(s, header_len, "the GRE header", "GRE ヘッダ");
            return;
        }
        self.open(
            "gre",
            (
                "Generic Routing Encapsulation",
                "GRE (総称ルーティングカプセル化)",
            ),
            Span::rel(s, 0, header_len),
            || ethertype_text(proto),
        );
        self.add_def(&FLAGS, s, || Text::same(format!("{flags:#06x}")));
        self.add_flag_defs(&FLAG_BITS, s, b);
        self.add_def(&PROTO, s, || ethertype_text(proto));
        let mut at = gre::LEN;
        if sum {
            // RFC 2784 §2.1: over the GRE header and the payload.
            let stored = be16_at(b, at);
            let ok =
                (!self.unknown_in(s, s.saturating_add(b.len()))).then(|| checksum::verifies(b));
            self.add(
                "gre.checksum",
                ("Checksum", "チェックサム"),
                Span::rel(s, at, at.saturating_add(2)),
                || verdict_text(stored, ok),
            );
            self.add(
                "gre.offset",
                ("Offset", "オフセット"),
                Span::rel(s, at.saturating_add(2), at.saturating_add(4)),
                || Text::same(be16_at(b, at.saturating_add(2)).to_string()),
            );
            at = at.saturating_add(4);
        }
        if key {
            let k = be32_at(b, at);
            self.add(
                "gre.key",
                ("Key", "キー"),
                Span::rel(s, at, at.saturating_add(4)),
                || Text::same(format!("{k:#010x}")),
            );
            at = at.saturating_add(4);
        }
        if seq {
            let n = be32_at(b, at);
            self.add(
                "gre.sequence_number",
                ("Sequence number", "シーケンス番号"),
                Span::rel(s, at, at.saturating_add(4)),
                || Text::same(n.to_string()),
            );
            at = at.saturating_add(4);
        }
        self.close();
        let payload = s.saturating_add(at);
        // Version 0 only (RFC 2784 §2.3.1), and without the obsolete source routing (RFC 1701).
        let plain = flags & 0x4007 == 0;
        match proto {
            0x0800 if plain => self.inside(payload, end, Inner::Ipv4),
            0x6558 if plain => self.inside(payload, end, Inner::Ethernet),
            _ => self.rest_is_payload(payload, end, false),
        }
    }

    /// An IPv4 packet carried inside another message (a PIM Register), from `start` to `end`.
    pub(super) fn inside_ipv4(&mut self, start: usize, end: usize) {
        self.inside(start, end, Inner::Ipv4);
    }

    /// What a tunnel carries, from `start` to `end`: dissected as a frame of its own (its fields
    /// keep their places in the captured frame), one tunnel deeper.
    fn inside(&mut self, start: usize, end: usize, inner: Inner) {
        if self.tunnels >= MAX_TUNNEL_DEPTH {
            self.diag(&diagnostics::TUNNEL_TOO_DEEP, Span::new(start, end), None, format!("Tunnels are opened {MAX_TUNNEL_DEPTH} deep and no deeper: the rest is shown as bytes."), format!("トンネルは {MAX_TUNNEL_DEPTH} 段までしか開きません。残りはバイトとして表示します。"));
            self.rest_is_payload(start, end, false);
            return;
        }
        let outer = self.bytes;
        self.bytes = outer.get(..end).unwrap_or(outer);
        self.tunnels = self.tunnels.saturating_add(1);
        match inner {
            Inner::Ethernet => {
                self.layer = Layer::Link;
                if let Some((spec, ip_start, ethertype)) = self.ethernet(start) {
                    let _ = self.network(spec, ip_start, ethertype);
                }
            }
            Inner::Ipv4 => {
                let _ = self.network(LinkSpec::RawIpv4, start, 0x0800);
            }
        }
        self.tunnels = self.tunnels.saturating_sub(1);
        self.bytes = outer;
    }
}

#[cfg(test)]
#[allow(clippy::indexing_slicing, reason = "test code: a panic is the report")]
mod tests {
    use crate::codec::summary::{frame_line, Style};
    use crate::codec::{dissect, LinkType, MAX_TUNNEL_DEPTH};

    /// IPv4 carrying GRE carrying IPv4 … `levels` deep, around an IGMP v2 report.
    fn nested_gre(levels: usize) -> Vec<u8> {
        let mut inner = vec![
            0x46, 0xc0, 0, 32, 0, 0, 0x40, 0, 1, 2, 0, 0, 10, 0, 0, 11, 239, 1, 2, 3, 0x94, 4, 0,
            0, 0x16, 0, 0xf8, 0xfa, 239, 1, 2, 3,
        ];
        for _ in 0..levels {
            let total = u16::try_from(inner.len().saturating_add(24)).unwrap_or(u16::MAX);
            let mut outer = vec![
                0x45, 0, 0, 0, 0, 0, 0x40, 0, 64, 47, 0, 0, 192, 0, 2, 1, 192, 0, 2, 2,
            ];
            outer[2..4].copy_from_slice(&total.to_be_bytes());
            outer.extend_from_slice(&[0, 0, 0x08, 0]);
            outer.extend_from_slice(&inner);
            inner = outer;
        }
        inner
    }

    #[test]
    fn tunnels_are_opened_a_bounded_number_deep() {
        // 2 000 levels would overflow a wasm stack if each were opened.
        let frame = nested_gre(2_000);
        let d = dissect(LinkType::RawIpv4, &frame);
        let gre_layers = d.fields.iter().filter(|f| f.id == "gre").count();
        assert_eq!(gre_layers, usize::from(MAX_TUNNEL_DEPTH) + 1);
        assert!(d
            .diagnostics
            .iter()
            .any(|x| x.is(&crate::codec::diagnostics::TUNNEL_TOO_DEEP)));
        let line = frame_line(LinkType::RawIpv4, &frame, frame.len(), Style::default());
        assert_eq!(
            line.matches("GREv0").count(),
            usize::from(MAX_TUNNEL_DEPTH) + 1
        );
        assert!(line.ends_with(" [|gre]"), "{line}");
        // Shallow enough, the IGMP report inside is decoded.
        let d = dissect(LinkType::RawIpv4, &nested_gre(3));
        assert!(d.fields.iter().any(|f| f.id == "igmp.maddr"));
    }
}
