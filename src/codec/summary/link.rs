//! The link layers of a summary line, as tcpdump 4.99 prints them (print-ether.c, print-sll.c,
//! print-arp.c): VLAN tags silent unless `-e`, the `-e` header, ARP, and a hex dump for an
//! ethertype tcpdump does not know.

use std::fmt::Write as _;

use super::{ipv4_line, ipv6_line, Style};
use crate::codec::layout::{self, arp::ArpFixed, FieldDef};
use crate::codec::{array_at, be16_at, bytes_at, ipv4_at};

/// tcpdump's name for an ethertype (`ethertype_values`).
pub(super) fn ethertype_name(t: u16) -> &'static str {
    match t {
        0x0800 => "IPv4",
        0x0806 => "ARP",
        0x86dd => "IPv6",
        0x8100 => "802.1Q",
        0x88a8 => "802.1Q-QinQ",
        0x9100 => "802.1Q-9100",
        0x8035 => "Reverse ARP",
        0x88cc => "LLDP",
        0x8847 => "MPLS unicast",
        0x8848 => "MPLS multicast",
        0x8863 => "PPPoE D",
        0x8864 => "PPPoE S",
        0x888e => "EAPOL",
        0x6558 => "TEB",
        _ => "Unknown",
    }
}

fn is_vlan(t: u16) -> bool {
    matches!(t, 0x8100 | 0x88a8 | 0x9100)
}

/// The MAC address at `at` (zeros past the end of `b`).
fn mac(b: &[u8], at: usize) -> String {
    crate::codec::mac::format_mac(&array_at::<6>(b, at))
}

/// Ethernet II with any number of 802.1Q / 802.1ad / 0x9100 tags.
pub(super) fn ethernet(out: &mut String, bytes: &[u8], wire_len: usize, style: Style) {
    if bytes.len() < 14 {
        out.push_str("[|ether]");
        return;
    }
    use layout::ethernet::{DST, SRC, TYPE};
    let header = || {
        format!(
            "{} > {}, ",
            mac(bytes, SRC.start()),
            mac(bytes, DST.start())
        )
    };
    if style.link_header {
        out.push_str(&header());
    }
    let mut ethertype = TYPE.read16(bytes);
    let mut pos: usize = TYPE.end();
    let mut first = true;
    loop {
        // tcpdump names an ethertype only once the tag it introduces is there whole.
        if is_vlan(ethertype) && bytes.len() < pos.saturating_add(4) {
            out.push_str(" [|vlan]");
            return;
        }
        if style.link_header {
            let name = ethertype_name(ethertype);
            if first {
                let _ = write!(
                    out,
                    "ethertype {name} ({ethertype:#06x}), length {wire_len}: "
                );
            } else {
                let _ = write!(out, "ethertype {name} ({ethertype:#06x}), ");
            }
        }
        first = false;
        if !is_vlan(ethertype) {
            break;
        }
        let tci = be16_at(bytes, pos);
        if style.link_header {
            let _ = write!(out, "vlan {}, p {}", tci & 0x0fff, tci >> 13);
            if tci & 0x1000 != 0 {
                out.push_str(", DEI");
            }
            out.push_str(", ");
        }
        ethertype = be16_at(bytes, pos.saturating_add(2));
        pos = pos.saturating_add(4);
    }
    let rest_len = wire_len.saturating_sub(pos);
    if !payload(out, ethertype, bytes, pos, rest_len, style) {
        if !style.link_header {
            out.push_str(&header());
            let _ = write!(
                out,
                "ethertype {} ({ethertype:#06x}), length {wire_len}: ",
                ethertype_name(ethertype)
            );
        }
        hex_and_ascii(out, bytes.get(pos..).unwrap_or(&[]));
    }
}

/// The network layer after a link header. False when tcpdump has no printer for the ethertype.
fn payload(
    out: &mut String,
    ethertype: u16,
    bytes: &[u8],
    start: usize,
    len: usize,
    style: Style,
) -> bool {
    match ethertype {
        0x0800 => ipv4_line(out, bytes, start, len, style),
        0x86dd => ipv6_line(out, bytes, start, style),
        0x0806 => arp(out, bytes.get(start..).unwrap_or(&[]), len, style),
        _ => return false,
    }
    true
}

/// `sll_pkttype` names, as print-sll.c shows them.
fn packet_type(t: u16) -> &'static str {
    match t {
        0 => "In",
        1 => "B",
        2 => "M",
        3 => "P",
        4 => "Out",
        _ => "?",
    }
}

/// Linux cooked capture v1 (DLT 113): 16 bytes, the protocol at 14.
pub(super) fn sll(out: &mut String, bytes: &[u8], wire_len: usize, style: Style) {
    use layout::sll::{ADDRESS, ETYPE, HALEN, LEN, PKTTYPE};
    if bytes.len() < LEN {
        out.push_str("[|sll]");
        return;
    }
    if style.link_header {
        let _ = write!(out, "{:>3} ", packet_type(PKTTYPE.read16(bytes)));
    }
    cooked(out, bytes, [&ADDRESS, &HALEN, &ETYPE], LEN, wire_len, style);
}

/// Linux cooked capture v2 (DLT 276): 20 bytes. tcpdump starts every line with the interface
/// name it finds for the index *on the machine reading the file*; a file cannot carry it, so
/// this prints `?`, which is what tcpdump prints for an index the reading machine lacks.
pub(super) fn sll2(out: &mut String, bytes: &[u8], wire_len: usize, style: Style) {
    use layout::sll2::{ADDRESS, ETYPE, HALEN, IFINDEX, LEN, PKTTYPE};
    if bytes.len() < LEN {
        out.push_str("[|sll2]");
        return;
    }
    let _ = write!(out, "{:<5} {:<3} ", "?", packet_type(PKTTYPE.read16(bytes)));
    if style.link_header {
        let _ = write!(out, "ifindex {} ", IFINDEX.read(bytes));
    }
    cooked(out, bytes, [&ADDRESS, &HALEN, &ETYPE], LEN, wire_len, style);
}

/// What both cooked captures print after their own fields: with `-e` the address, ethertype and
/// length, then the network layer (or the hex dump). The header's address, address length and
/// protocol fields are its table's.
fn cooked(
    out: &mut String,
    bytes: &[u8],
    [address, halen, etype]: [&FieldDef; 3],
    header_len: usize,
    wire_len: usize,
    style: Style,
) {
    let protocol = etype.read16(bytes);
    if style.link_header {
        link_address(out, bytes, address.start(), halen.read16(bytes));
        let _ = write!(
            out,
            "ethertype {} ({protocol:#06x}), length {wire_len}: ",
            ethertype_name(protocol)
        );
    }
    let len = wire_len.saturating_sub(header_len);
    if !payload(out, protocol, bytes, header_len, len, style) {
        hex_and_ascii(out, bytes.get(header_len..).unwrap_or(&[]));
    }
}

/// A cooked capture's link-layer address: `addr_len` bytes (at most 8) as `xx:xx:…`, then a
/// space.
fn link_address(out: &mut String, bytes: &[u8], at: usize, addr_len: u16) {
    let address = bytes_at(bytes, at, usize::from(addr_len.min(8)));
    out.push_str(&crate::codec::mac::hex_colon(address));
    out.push(' ');
}

/// print-arp.c for Ethernet/IPv4 ARP. `len` is what follows the link header on the wire.
fn arp(out: &mut String, b: &[u8], len: usize, style: Style) {
    if !style.link_header {
        out.push_str("ARP, ");
    }
    if b.len() < 8 {
        out.push_str("[|ARP]");
        return;
    }
    let fixed = ArpFixed::read(b);
    let (hrd, pro, op) = (fixed.hardware, fixed.protocol, fixed.opcode);
    if !fixed.is_ethernet_ipv4() {
        let _ = write!(out, "hardware {hrd}, protocol {pro:#06x}, length {len}");
        return;
    }
    if style.verbose {
        out.push_str("Ethernet (len 6), IPv4 (len 4), ");
    }
    if b.len() < 28 {
        out.push_str("[|ARP]");
        return;
    }
    use layout::arp::{DST_HW, DST_IP, SRC_HW, SRC_IP};
    let (sha, spa) = (mac(b, SRC_HW.start()), ipv4_at(b, SRC_IP.start()));
    let (tha, tpa) = (mac(b, DST_HW.start()), ipv4_at(b, DST_IP.start()));
    match op {
        1 => {
            let _ = write!(out, "Request who-has {tpa}");
            if b.get(DST_HW.start()..DST_HW.end())
                .is_some_and(|t| t.iter().any(|x| *x != 0))
            {
                let _ = write!(out, " ({tha})");
            }
            let _ = write!(out, " tell {spa}");
        }
        2 => {
            let _ = write!(out, "Reply {spa} is-at {sha}");
        }
        3 => {
            let _ = write!(out, "Reverse Request who-is {tha} tell {sha}");
        }
        4 => {
            let _ = write!(out, "Reverse Reply {tha} at {tpa}");
        }
        _ => {
            let _ = write!(out, "op {op}");
        }
    }
    let _ = write!(out, ", length {len}");
}

/// tcpdump's default print of bytes it has no printer for (`hex_and_ascii_print` with the
/// prefix `\n\t`): 16 bytes a line, in groups of two, then the printable ASCII.
pub(super) fn hex_and_ascii(out: &mut String, bytes: &[u8]) {
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "\n\t0x{:04x}: ", line.saturating_mul(16));
        let mut hex = String::with_capacity(40);
        for pair in chunk.chunks(2) {
            hex.push(' ');
            for x in pair {
                let _ = write!(hex, "{x:02x}");
            }
        }
        let _ = write!(out, "{hex:<40}  ");
        for &x in chunk {
            out.push(if (0x20..0x7f).contains(&x) {
                char::from(x)
            } else {
                '.'
            });
        }
    }
}
