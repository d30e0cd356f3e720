//! What rides beside IGMP in real captures, at the level tcpdump 4.99 prints it without
//! application decoding: UDP (print-udp.c), TCP (print-tcp.c, absolute sequence numbers), PIMv2
//! (print-pim.c, the message type), and IPv6 (print-ip6.c, the next header).
//! Where tcpdump goes further (DNS/mDNS/SSDP/HTTP payloads, relative TCP sequence numbers, PIMv2
//! options at -v, ICMPv6 and extension headers), the README's parity table says so.

use std::fmt::Write as _;
use std::net::{Ipv4Addr, Ipv6Addr};

use super::Style;
use crate::codec::checksum;
use crate::codec::layout;
use crate::codec::{be16_at, be32_at, byte_at};

/// The two ends of a packet, for the `src.port > dst.port` form and the pseudo-header.
pub(super) enum Ends {
    V4 { src: Ipv4Addr, dst: Ipv4Addr },
    V6 { src: Ipv6Addr, dst: Ipv6Addr },
}

impl Ends {
    fn write_ports(&self, out: &mut String, sport: u16, dport: u16) {
        let _ = match self {
            Ends::V4 { src, dst } => write!(out, "{src}.{sport} > {dst}.{dport}: "),
            Ends::V6 { src, dst } => write!(out, "{src}.{sport} > {dst}.{dport}: "),
        };
    }

    pub(super) fn write_plain(&self, out: &mut String) {
        let _ = match self {
            Ends::V4 { src, dst } => write!(out, "{src} > {dst}: "),
            Ends::V6 { src, dst } => write!(out, "{src} > {dst}: "),
        };
    }

    /// The checksum a UDP or TCP segment should carry (RFC 768, RFC 793 §3.1, RFC 8200 §8.1):
    /// over the pseudo-header and the segment with its checksum field (at `at`) taken as zero.
    fn expected_checksum(&self, protocol: u8, segment: &[u8], at: usize) -> u16 {
        let length = u32::try_from(segment.len()).unwrap_or(u32::MAX);
        let mut pseudo = Vec::with_capacity(40);
        match self {
            Ends::V4 { src, dst } => {
                pseudo.extend_from_slice(&src.octets());
                pseudo.extend_from_slice(&dst.octets());
                pseudo.extend_from_slice(&[0, protocol]);
                pseudo.extend_from_slice(&u16::try_from(length).unwrap_or(0).to_be_bytes());
            }
            Ends::V6 { src, dst } => {
                pseudo.extend_from_slice(&src.octets());
                pseudo.extend_from_slice(&dst.octets());
                pseudo.extend_from_slice(&length.to_be_bytes());
                pseudo.extend_from_slice(&[0, 0, 0, protocol]);
            }
        }
        let checksum_at = pseudo.len().saturating_add(at);
        let mut all = pseudo;
        all.extend_from_slice(segment);
        checksum::expected(&all, checksum_at)
    }
}

/// UDP: `src.port > dst.port: UDP, length N`, with the checksum verdict before it: over IPv6 at
/// -v, over IPv4 only at -vv (print-udp.c), where a zero checksum is `[no cksum]`; `check` is
/// false for a fragment. On port 4789 the payload is VXLAN.
pub(super) fn udp(out: &mut String, ends: &Ends, b: &[u8], len: usize, style: Style, check: bool) {
    use layout::udp::{CHECKSUM, DSTPORT, LEN, LENGTH, SRCPORT};
    let vflag = if check { style.vflag() } else { 0 };
    if b.len() < LEN {
        ends.write_plain(out);
        out.push_str("[|udp]");
        return;
    }
    let (sport, dport) = (be16_at(b, SRCPORT.start()), be16_at(b, DSTPORT.start()));
    let (ulen, stored) = (
        usize::from(be16_at(b, LENGTH.start())),
        be16_at(b, CHECKSUM.start()),
    );
    ends.write_ports(out, sport, dport);
    if ulen < LEN || ulen > len {
        let _ = write!(out, "bad length {ulen} > {len}");
        return;
    }
    let v6 = matches!(ends, Ends::V6 { .. });
    let check = if v6 { vflag > 0 } else { vflag > 1 };
    if check && !v6 && stored == 0 {
        out.push_str("[no cksum] ");
    } else if check {
        if let Some(segment) = b.get(..ulen) {
            let should = ends.expected_checksum(17, segment, CHECKSUM.start());
            if should == stored {
                out.push_str("[udp sum ok] ");
            } else {
                let _ = write!(out, "[bad udp cksum {stored:#06x} -> {should:#06x}!] ");
            }
        }
    }
    if sport == VXLAN_PORT || dport == VXLAN_PORT {
        let payload = b.get(LEN..ulen.min(b.len())).unwrap_or(&[]);
        return super::tunnel::vxlan(out, payload, ulen.saturating_sub(LEN), style);
    }
    let _ = write!(out, "UDP, length {}", ulen.saturating_sub(LEN));
}

/// VXLAN's IANA port (RFC 7348 §5).
const VXLAN_PORT: u16 = 4789;

/// TCP: flags, checksum (-v), sequence and acknowledgement numbers as they are on the wire
/// (tcpdump's `-S`; without it tcpdump makes them relative to the first segment it saw),
/// window, options, length.
pub(super) fn tcp(out: &mut String, ends: &Ends, b: &[u8], len: usize, verbose: bool) {
    use layout::tcp::{ACK, CHECKSUM, DSTPORT, HDR_LEN, MIN_LEN, SEQ, SRCPORT, URGENT, WINDOW};
    if b.len() < MIN_LEN {
        if b.len() >= DSTPORT.end() {
            ends.write_ports(
                out,
                be16_at(b, SRCPORT.start()),
                be16_at(b, DSTPORT.start()),
            );
        } else {
            ends.write_plain(out);
        }
        out.push_str("[|tcp]");
        return;
    }
    ends.write_ports(
        out,
        be16_at(b, SRCPORT.start()),
        be16_at(b, DSTPORT.start()),
    );
    let (seq, ack) = (be32_at(b, SEQ.start()), be32_at(b, ACK.start()));
    let offset = usize::from(byte_at(b, HDR_LEN.start()) >> 4).saturating_mul(4);
    // The eight classic flags (tcpdump prints neither AE nor the reserved bits).
    let flags = byte_at(b, layout::tcp::FLAGS.end().saturating_sub(1));
    let (window, stored, urgent) = (
        be16_at(b, WINDOW.start()),
        be16_at(b, CHECKSUM.start()),
        be16_at(b, URGENT.start()),
    );
    if offset < MIN_LEN {
        let _ = write!(out, "tcp {len} [bad hdr length {offset} - too short, < 20]");
        return;
    }
    out.push_str("Flags [");
    const NAMES: [(u8, char); 8] = [
        (0x01, 'F'),
        (0x02, 'S'),
        (0x04, 'R'),
        (0x08, 'P'),
        (0x10, '.'),
        (0x20, 'U'),
        (0x40, 'E'),
        (0x80, 'W'),
    ];
    if flags == 0 {
        out.push_str("none");
    }
    for (bit, c) in NAMES {
        if flags & bit != 0 {
            out.push(c);
        }
    }
    out.push(']');
    if verbose {
        if let Some(segment) = b.get(..len) {
            let should = ends.expected_checksum(6, segment, 16);
            if should == stored {
                let _ = write!(out, ", cksum {stored:#06x} (correct)");
            } else {
                let _ = write!(out, ", cksum {stored:#06x} (incorrect -> {should:#06x})");
            }
        }
    }
    let data = len.saturating_sub(offset);
    if data > 0 || flags & 0x07 != 0 {
        let _ = write!(out, ", seq {seq}");
        if data > 0 {
            let end = u64::from(seq).saturating_add(u64::try_from(data).unwrap_or(0));
            let _ = write!(out, ":{}", end & 0xffff_ffff);
        }
    }
    if flags & 0x10 != 0 {
        let _ = write!(out, ", ack {ack}");
    }
    let _ = write!(out, ", win {window}");
    if flags & 0x20 != 0 {
        let _ = write!(out, ", urg {urgent}");
    }
    if offset > 20 {
        out.push_str(", options [");
        tcp_options(out, b.get(20..offset).unwrap_or(&[]));
        out.push(']');
    }
    let _ = write!(out, ", length {data}");
}

/// The TCP options tcpdump names, comma-separated.
fn tcp_options(out: &mut String, mut opts: &[u8]) {
    let mut first = true;
    while let Some((&kind, rest)) = opts.split_first() {
        if !first {
            out.push(',');
        }
        first = false;
        match kind {
            0 => {
                out.push_str("eol");
                return;
            }
            1 => {
                out.push_str("nop");
                opts = rest;
                continue;
            }
            _ => {}
        }
        let Some(&size) = rest.first() else {
            out.push_str("[|tcp]");
            return;
        };
        let Some(body) = opts.get(2..usize::from(size)) else {
            out.push_str("[|tcp]");
            return;
        };
        match (kind, body.len()) {
            (2, 2) => {
                let _ = write!(out, "mss {}", be16_at(body, 0));
            }
            (3, 1) => {
                let _ = write!(out, "wscale {}", byte_at(body, 0));
            }
            (4, 0) => out.push_str("sackOK"),
            (8, 8) => {
                let _ = write!(out, "TS val {} ecr {}", be32_at(body, 0), be32_at(body, 4));
            }
            _ => {
                let _ = write!(out, "unknown-{kind}");
            }
        }
        opts = opts.get(usize::from(size.max(2))..).unwrap_or(&[]);
    }
}

/// tcpdump's protocol names (`ipproto_values`), in IPv4's `proto NAME (n)` and IPv6's
/// `next-header NAME (n)`.
pub(super) fn protocol_name(n: u8) -> &'static str {
    match n {
        0 => "Options",
        1 => "ICMP",
        2 => "IGMP",
        4 => "IPIP",
        6 => "TCP",
        17 => "UDP",
        41 => "IPv6",
        47 => "GRE",
        50 => "ESP",
        51 => "AH",
        89 => "OSPF",
        112 => "VRRP",
        132 => "SCTP",
        43 => "Routing",
        44 => "frag",
        58 => "ICMPv6",
        59 => "NONE",
        60 => "DSTOPT",
        103 => "PIM",
        _ => "unknown",
    }
}

/// IPv6: the fixed header, then UDP/TCP/PIM, or `ip-proto-N` for the rest.
pub(super) fn ipv6(out: &mut String, b: &[u8], style: Style) {
    if !style.link_header {
        out.push_str("IP6 ");
    }
    use layout::ipv6::{DST, HLIM, LEN, NXT, PLEN, SRC, TCLASS};
    if b.len() < LEN {
        out.push_str("[|ip6]");
        return;
    }
    let word = be32_at(b, TCLASS.start());
    let (class, flow) = ((word >> 20) & 0xff, word & 0x000f_ffff);
    let (payload_len, next, hop_limit) = (
        usize::from(be16_at(b, PLEN.start())),
        byte_at(b, NXT.start()),
        byte_at(b, HLIM.start()),
    );
    let octets = |def: &layout::FieldDef| -> [u8; 16] {
        b.get(def.start()..def.end())
            .and_then(|s| <[u8; 16]>::try_from(s).ok())
            .unwrap_or([0; 16])
    };
    let (src, dst) = (Ipv6Addr::from(octets(&SRC)), Ipv6Addr::from(octets(&DST)));
    if style.verbose {
        out.push('(');
        if class != 0 {
            let _ = write!(out, "class {class:#04x}, ");
        }
        if flow != 0 {
            let _ = write!(out, "flowlabel {flow:#07x}, ");
        }
        let _ = write!(
            out,
            "hlim {hop_limit}, next-header {} ({next}) payload length: {payload_len}) ",
            protocol_name(next)
        );
    }
    let rest = b.get(LEN..).unwrap_or(&[]);
    let mut captured = rest.get(..rest.len().min(payload_len)).unwrap_or(rest);
    let ends = Ends::V6 { src, dst };
    let (mut next, mut payload_len) = (next, payload_len);
    if next == 0 {
        // print-ip6.c: the hop-by-hop header, then what it says follows.
        ends.write_plain(out);
        let Some(hbh) = super::icmp6::hop_by_hop(out, captured, style) else {
            out.push_str("[|HBH]");
            return;
        };
        next = captured.first().copied().unwrap_or(0);
        captured = captured.get(hbh..).unwrap_or(&[]);
        payload_len = payload_len.saturating_sub(hbh);
        // tcpdump names the ends once: what follows the header prints without them.
        let mut inner = String::new();
        write_after_header(&mut inner, &ends, next, captured, payload_len, style);
        let plain = {
            let mut p = String::new();
            ends.write_plain(&mut p);
            p
        };
        out.push_str(inner.strip_prefix(plain.as_str()).unwrap_or(&inner));
        return;
    }
    write_after_header(out, &ends, next, captured, payload_len, style);
}

/// What follows the IPv6 header (and its hop-by-hop header): TCP, UDP, PIM, ICMPv6.
fn write_after_header(
    out: &mut String,
    ends: &Ends,
    next: u8,
    captured: &[u8],
    payload_len: usize,
    style: Style,
) {
    match next {
        58 => {
            let whole = captured.get(..payload_len);
            let should = whole.map(|m| ends.expected_checksum(58, m, 2));
            super::icmp6::icmp6(out, ends, captured, payload_len, style, should);
        }
        6 => tcp(out, ends, captured, payload_len, style.verbose),
        17 => udp(out, ends, captured, payload_len, style, true),
        103 => super::pim::pim(out, ends, captured, payload_len, style),
        _ => {
            ends.write_plain(out);
            let _ = write!(out, "ip-proto-{next} {payload_len}");
        }
    }
}
