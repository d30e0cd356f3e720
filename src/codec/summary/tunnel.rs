//! Tunnels that carry IGMP between sites, as tcpdump 4.99 prints them: VXLAN (print-vxlan.c,
//! RFC 7348 §5) on UDP port 4789, and GRE version 0 (print-gre.c, RFC 2784 and RFC 2890) with
//! IPv4 or transparent Ethernet bridging (0x6558) inside. The inner frame is printed by the same
//! code as an outer one, one tunnel deeper.

use std::fmt::Write as _;

use super::link::ethertype_name;
use super::{ipv4_line, Style};
use crate::codec::{get_array, LinkType, MAX_TUNNEL_DEPTH};

/// tcpdump's truncation marker for a tunnel header.
fn trunc(out: &mut String, what: &str) {
    let _ = write!(out, " [|{what}]");
}

/// The style for what a tunnel carries, or `None` when it is already as deep as it may go.
fn inner(style: Style) -> Option<Style> {
    (style.tunnel_depth < MAX_TUNNEL_DEPTH).then(|| Style {
        tunnel_depth: style.tunnel_depth.saturating_add(1),
        ..style
    })
}

/// `VXLAN, flags [I] (0x08), vni N`, a line break, then the inner Ethernet frame. `b` is the
/// captured UDP payload, `len` its length on the wire.
pub(super) fn vxlan(out: &mut String, b: &[u8], len: usize, style: Style) {
    out.push_str("VXLAN");
    if len < 8 {
        out.push_str(" (invalid)");
        return;
    }
    let Some(&flags) = b.first() else {
        return trunc(out, "vxlan");
    };
    let _ = write!(
        out,
        ", flags [{}] ({flags:#04x}), ",
        if flags & 0x08 != 0 { "I" } else { "." }
    );
    use crate::codec::layout::vxlan::{LEN, VNI};
    if b.len() < VNI.end() {
        return trunc(out, "vxlan");
    }
    let vni = VNI.read(b);
    let _ = writeln!(out, "vni {vni}");
    let Some(style) = inner(style) else {
        return trunc(out, "vxlan");
    };
    let frame = b.get(LEN..).unwrap_or(&[]);
    super::write_frame_line(
        out,
        LinkType::Ethernet,
        frame,
        len.saturating_sub(LEN),
        style,
    );
}

/// GRE flag names (`gre_flag_values`), in tcpdump's order.
const GRE_FLAGS: [(u32, &str); 6] = [
    (0x8000, "checksum present"),
    (0x4000, "routing present"),
    (0x2000, "key present"),
    (0x1000, "sequence# present"),
    (0x0800, "strict source route"),
    (0x0080, "ack present"),
];

/// `GREv0[, Flags [...]][, sum …][, off …][, key=…][, seq …][, proto …], length N: inner`; at
/// -v the inner packet starts on a new line after a tab. `b` is the captured GRE packet, `len`
/// its length in the IP datagram.
pub(super) fn gre(out: &mut String, b: &[u8], len: usize, style: Style) {
    out.push_str("GRE");
    if len < 2 {
        out.push_str(" (invalid)");
        return;
    }
    use crate::codec::layout::gre::FLAGS;
    if b.len() < FLAGS.end() {
        return trunc(out, "gre");
    }
    let flags = FLAGS.read16(b);
    let version = flags & 0x0007;
    let _ = write!(out, "v{version}");
    if version == 1 {
        // PPTP's enhanced GRE (RFC 2637): not carried IGMP; tcpdump prints its call fields.
        return;
    }
    if version != 0 {
        out.push_str(" ERROR: unknown-version");
        return;
    }
    if style.verbose {
        out.push_str(", Flags [");
        super::text::push_bit_names(out, u32::from(flags), &GRE_FLAGS);
        out.push(']');
    }
    let mut at = FLAGS.end();
    let mut left = len.saturating_sub(FLAGS.end());
    // (offset, whether it is within the GRE length): tcpdump says "invalid" past the length and
    // truncates past the captured bytes.
    let mut take = |n: usize| -> (usize, bool) {
        let here = at;
        let fits = left >= n;
        at = at.saturating_add(n);
        left = left.saturating_sub(n);
        (here, fits)
    };
    let (p, fits) = take(2);
    if !fits {
        out.push_str(" (invalid)");
        return;
    }
    let Some(proto) = get_array(b, p).map(u16::from_be_bytes) else {
        return trunc(out, "gre");
    };
    if flags & 0xc000 != 0 {
        let (p, fits) = take(2);
        if !fits {
            out.push_str(" (invalid)");
            return;
        }
        let Some(sum) = get_array(b, p).map(u16::from_be_bytes) else {
            return trunc(out, "gre");
        };
        if style.verbose {
            let _ = write!(out, ", sum {sum:#x}");
        }
        let (p, fits) = take(2);
        if !fits {
            out.push_str(" (invalid)");
            return;
        }
        let Some(off) = get_array(b, p).map(u16::from_be_bytes) else {
            return trunc(out, "gre");
        };
        let _ = write!(out, ", off {off:#x}");
    }
    for (bit, key) in [(0x2000u16, true), (0x1000, false)] {
        if flags & bit == 0 {
            continue;
        }
        let (p, fits) = take(4);
        if !fits {
            out.push_str(" (invalid)");
            return;
        }
        let Some(v) = get_array(b, p).map(u32::from_be_bytes) else {
            return trunc(out, "gre");
        };
        let _ = if key {
            write!(out, ", key={v:#x}")
        } else {
            write!(out, ", seq {v}")
        };
    }
    if flags & 0x4000 != 0 {
        // Source routing (RFC 1701): obsolete, and never seen carrying IGMP.
        return trunc(out, "gre");
    }
    if style.link_header {
        let name = match ethertype_name(proto) {
            "Unknown" => "unknown",
            known => known,
        };
        let _ = write!(out, ", proto {name} ({proto:#06x})");
    }
    let _ = write!(out, ", length {len}");
    out.push_str(if style.verbose { "\n\t" } else { ": " });
    let Some(inner_style) = inner(style) else {
        return trunc(out, "gre");
    };
    let payload = b.get(at..).unwrap_or(&[]);
    match proto {
        0x0800 => ipv4_line(out, payload, 0, left, inner_style),
        0x6558 => super::write_frame_line(out, LinkType::Ethernet, payload, left, inner_style),
        _ => {
            let _ = write!(out, "gre-proto-{proto:#x}");
        }
    }
}
