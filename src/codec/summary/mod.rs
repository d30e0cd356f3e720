//! One-line summaries in tcpdump's words.
//!
//! `igmpwb summary` must print exactly what `TZ=GMT tcpdump -# -n -tttt [-v] -r FILE` prints, so
//! this module follows tcpdump's printers (print-ip.c, print-igmp.c, print-dvmrp.c) rule by rule,
//! including their habits (a v2 Max Resp Time printed as the raw code, the default 100 hidden,
//! v3 times in seconds). It reads bytes with the same bounds-checked [`Cursor`] as the
//! dissector; the field tree is not needed for a summary line.

use std::fmt::Write as _;
use std::net::Ipv4Addr;

use super::checksum;
use super::cursor::Cursor;
use super::layout;
use super::timecode;
use super::LinkType;
use super::{be16_at, be32_at, get_array, Ipv4Fixed};

mod icmp6;
mod link;
mod pim;
pub mod text;
mod transport;
mod tunnel;

/// tcpdump's truncation marker for IGMP (`nd_print_trunc`: a space, then `[|igmp]`).
const TRUNC: &str = " [|igmp]";

/// How much tcpdump shows: `-v` (the IPv4 header line, checksums), `-vv` (also IGMPv3 source
/// lists, UDP-over-IPv4 checksums, PIMv1 join/prune groups) and `-e` (the link header).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Style {
    pub verbose: bool,
    /// tcpdump's `-vv` (implies `verbose`).
    pub very_verbose: bool,
    pub link_header: bool,
    /// How many tunnels (VXLAN, GRE) the frame being printed is inside: 0 for a captured frame.
    /// Tunnels are opened up to [`crate::codec::MAX_TUNNEL_DEPTH`] deep.
    pub tunnel_depth: u8,
}

impl Style {
    /// tcpdump's `ndo_vflag`: 0, 1 (`-v`) or 2 (`-vv`).
    pub fn vflag(self) -> u8 {
        if self.very_verbose {
            2
        } else {
            u8::from(self.verbose)
        }
    }
}

/// The summary of one frame: `IP src > dst: igmp …`, or with `verbose` tcpdump's `-v` form with
/// the IPv4 header line.
pub fn line(link: LinkType, bytes: &[u8], verbose: bool) -> String {
    frame_line(
        link,
        bytes,
        bytes.len(),
        Style {
            verbose,
            ..Style::default()
        },
    )
}

/// The summary of one frame in a given [`Style`]; `wire_len` is the frame's length on the wire
/// (tcpdump's `-e` header and ARP show it, not the captured length).
pub fn frame_line(link: LinkType, bytes: &[u8], wire_len: usize, style: Style) -> String {
    let mut out = String::new();
    write_frame_line(&mut out, link, bytes, wire_len, style);
    out
}

/// [`frame_line`], appended to `out` (the CLI reuses one buffer for every frame).
pub fn write_frame_line(
    out: &mut String,
    link: LinkType,
    bytes: &[u8],
    wire_len: usize,
    style: Style,
) {
    match link {
        LinkType::RawIpv4 => {
            // Raw IP has no link header; with -e tcpdump names the protocol as `ip: `.
            if style.link_header {
                out.push_str("ip: ");
            }
            ipv4_line(out, bytes, 0, wire_len, style);
        }
        LinkType::LinuxSll => link::sll(out, bytes, wire_len, style),
        LinkType::LinuxSll2 => link::sll2(out, bytes, wire_len, style),
        // No IP header to print: the message alone, in print-igmp.c's words.
        LinkType::IgmpMessage => igmp_text(out, bytes, wire_len, style.vflag()),
        LinkType::Ethernet => link::ethernet(out, bytes, wire_len, style),
    }
}

/// `igmpwb summary` prefix: frame number and `-tttt` timestamp in UTC.
pub fn numbered(number: usize, ts_sec: i64, ts_usec: u32, text: &str) -> String {
    let mut out = String::new();
    write_number_and_time(&mut out, number, ts_sec, ts_usec);
    out.push_str(text);
    out
}

/// The `{number:5}  YYYY-MM-DD HH:MM:SS.uuuuuu ` prefix of a summary line, appended to `out`.
pub fn write_number_and_time(out: &mut String, number: usize, ts_sec: i64, ts_usec: u32) {
    write_number_and_time_cached(
        &mut text::TimeCache::default(),
        out,
        number,
        ts_sec,
        ts_usec,
    );
}

/// [`write_number_and_time`] for a stream of lines: `cache` keeps the last second's text.
pub fn write_number_and_time_cached(
    cache: &mut text::TimeCache,
    out: &mut String,
    number: usize,
    ts_sec: i64,
    ts_usec: u32,
) {
    text::push_dec_padded(out, u64::try_from(number).unwrap_or(u64::MAX), 5, ' ');
    out.push_str("  ");
    cache.push_tttt(out, ts_sec, ts_usec);
    out.push(' ');
}

/// `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC.
pub fn format_tttt(secs: i64, usec: u32) -> String {
    let mut out = String::with_capacity(26);
    text::push_tttt(&mut out, secs, usec);
    out
}

/// Days since 1970-01-01 → (year, month, day), proleptic Gregorian (H. Hinnant's algorithm).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "z comes from seconds / 86 400, so |z| < 1.1·10^14 and every intermediate value stays \
              below 2^60; the divisions are by non-zero constants"
)]
fn civil_from_days(z: i64) -> (i64, u32, u32) {
    let z = z + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = u32::try_from(doy - (153 * mp + 2) / 5 + 1).unwrap_or(1);
    let m = u32::try_from(if mp < 10 { mp + 3 } else { mp - 9 }).unwrap_or(1);
    let y = yoe + era * 400 + i64::from(m <= 2);
    (y, m, d)
}

/// print-ip.c: the IPv4 header (with `-v`) and the protocol inside. Without `-e` the line
/// starts with `IP `; with it the ethertype has already said so. `wire_len` is what the link
/// layer says follows its header on the wire.
fn ipv4_line(out: &mut String, bytes: &[u8], start: usize, wire_len: usize, style: Style) {
    let vflag = style.vflag();
    let verbose = vflag > 0;
    let name = if style.link_header { "" } else { "IP " };
    let c = Cursor::at(bytes, start);
    let Some(h) = c.peek(20) else {
        // nd_print_trunc: a space, then the marker.
        out.push_str(name);
        out.push_str(" [|ip]");
        return;
    };
    let Ipv4Fixed {
        version,
        header_len: hlen,
        tos,
        total_len,
        id,
        flags,
        frag_offset,
        ttl,
        protocol: proto,
        src,
        dst,
        ..
    } = Ipv4Fixed::read(h);
    if version != 4 {
        let _ = write!(out, "IP{version} [|ip]");
        return;
    }
    let total = usize::from(total_len);
    if hlen < 20 {
        let _ = write!(
            out,
            "{name}{src} > {dst}: [bad hdr length {hlen} - too short, < 20]"
        );
        return;
    }
    if total < hlen {
        let _ = write!(
            out,
            "{name}{src} > {dst}: [total length {total} < header length {hlen}]"
        );
        return;
    }
    out.push_str(name);
    if wire_len < total {
        // print-ip.c: the datagram is longer than what the link layer carried.
        out.push_str("truncated-ip - ");
        text::push_dec(
            out,
            u64::try_from(total.saturating_sub(wire_len)).unwrap_or(0),
        );
        out.push_str(" bytes missing! ");
    }
    if verbose {
        // Hand-written: this line is most of `summary -v`'s output.
        out.push_str("(tos 0x");
        text::push_hex(out, u64::from(tos));
        match tos & 0x03 {
            1 => out.push_str(",ECT(1)"),
            2 => out.push_str(",ECT(0)"),
            3 => out.push_str(",CE"),
            _ => {}
        }
        if ttl >= 1 {
            out.push_str(", ttl ");
            text::push_dec(out, u64::from(ttl));
        }
        out.push_str(", id ");
        text::push_dec(out, u64::from(id));
        out.push_str(", offset ");
        text::push_dec(out, u64::from(frag_offset).saturating_mul(8));
        out.push_str(", flags [");
        text::push_bit_names(
            out,
            u32::from(flags),
            &[
                (u32::from(Ipv4Fixed::MF), "+"),
                (u32::from(Ipv4Fixed::DF), "DF"),
                (u32::from(Ipv4Fixed::RESERVED), "rsvd"),
            ],
        );
        let proto_name = transport::protocol_name(proto);
        out.push_str("], proto ");
        out.push_str(proto_name);
        out.push_str(" (");
        text::push_dec(out, u64::from(proto));
        out.push_str("), length ");
        text::push_dec(out, u64::try_from(total).unwrap_or(u64::MAX));
        if hlen > 20 {
            out.push_str(", options (");
            options_text(
                out,
                bytes
                    .get(start.saturating_add(20)..start.saturating_add(hlen))
                    .unwrap_or(&[]),
            );
            out.push(')');
        }
        if let Some(header) = bytes.get(start..start.saturating_add(hlen)) {
            if !checksum::verifies(header) {
                let at = layout::ipv4::CHECKSUM.start();
                let (stored, should) = (be16_at(header, at), checksum::expected(header, at));
                let _ = write!(out, ", bad cksum {stored:x} (->{should:x})!");
            }
        }
        out.push_str(")\n    ");
    }
    let payload_start = start.saturating_add(hlen);
    let len = total.saturating_sub(hlen);
    if frag_offset != 0 {
        let _ = write!(out, "{src} > {dst}: ip-proto-{proto}");
        return;
    }
    let payload = bytes.get(payload_start..).unwrap_or(&[]);
    // tcpdump prints from the captured bytes, bounded by the IP length.
    let captured = payload.get(..payload.len().min(len)).unwrap_or(payload);
    let ends = transport::Ends::V4 { src, dst };
    match proto {
        2 => {
            text::push_ip(out, src);
            out.push_str(" > ");
            text::push_ip(out, dst);
            out.push_str(": ");
            igmp_text(out, captured, len, vflag);
        }
        6 => transport::tcp(out, &ends, captured, len, verbose),
        17 => {
            // print-udp.c checks no checksum of a fragment (here: more fragments follow).
            let check = flags & Ipv4Fixed::MF == 0;
            transport::udp(out, &ends, captured, len, style, check);
        }
        47 => {
            ends.write_plain(out);
            tunnel::gre(out, captured, len, style);
        }
        103 => pim::pim(out, &ends, captured, len, style),
        _ => {
            let _ = write!(out, "{src} > {dst}: ip-proto-{proto} {len}");
        }
    }
}

/// print-ip6.c: `IP6 src > dst: …`, with `-v` the header in parentheses on the same line.
fn ipv6_line(out: &mut String, bytes: &[u8], start: usize, style: Style) {
    transport::ipv6(out, bytes.get(start..).unwrap_or(&[]), style);
}

fn options_text(out: &mut String, opts: &[u8]) {
    let mut c = Cursor::new(opts);
    while let Some(code) = c.u8() {
        let name: std::borrow::Cow<'static, str> = match code {
            0 => "EOL".into(),
            1 => "NOP".into(),
            7 => "RR".into(),
            68 => "TS".into(),
            130 => "security".into(),
            131 => "LSRR".into(),
            137 => "SSRR".into(),
            148 => "RA".into(),
            82 => "traceroute".into(),
            n => std::borrow::Cow::Owned(format!("unknown {n}")),
        };
        out.push_str(&name);
        if code == 0 || code == 1 {
            continue;
        }
        let Some(len) = c.u8() else {
            out.push_str("[|ip]");
            break;
        };
        if len < 2 || usize::from(len).saturating_sub(2) > c.remaining() {
            let _ = write!(out, " [bad length {len}]");
            break;
        }
        let body = c.take(usize::from(len).saturating_sub(2)).unwrap_or(&[]);
        if code == 148 {
            if len < 4 {
                let _ = write!(out, " [bad length {len}]");
                break;
            }
            let value = be16_at(body, 0);
            if value != 0 {
                let _ = write!(out, " value {value}");
            }
        }
    }
}

fn addr(b: &[u8], at: usize) -> Option<Ipv4Addr> {
    get_array::<4>(b, at).map(Ipv4Addr::from)
}

/// print-igmp.c's `igmp_print`. `b` holds the captured IGMP bytes, `len` the length the IP
/// header claims.
/// print-igmp.c; `vflag` is tcpdump's verbosity (0, 1 for -v, 2 for -vv).
fn igmp_text(out: &mut String, b: &[u8], len: usize, vflag: u8) {
    let verbose = vflag > 0;
    let Some(&msg_type) = b.first() else {
        out.push_str(TRUNC);
        return;
    };
    let mut cut_short = false;
    let body = (|| -> Option<()> {
        match msg_type {
            0x11 => {
                out.push_str("igmp query");
                if len >= 12 {
                    v3_query(out, b, len, vflag)?;
                } else {
                    let code = *b.get(layout::igmp::MAX_RESP.start())?;
                    if code != 0 {
                        out.push_str(" v2");
                        if code != 100 {
                            let _ = write!(out, " [max resp time {code}]");
                        }
                    } else {
                        out.push_str(" v1");
                    }
                    let g = addr(b, layout::igmp::MADDR.start())?;
                    if !g.is_unspecified() {
                        let _ = write!(out, " [gaddr {g}]");
                    }
                    if len != 8 {
                        let _ = write!(out, " [len {len}]");
                    }
                }
            }
            0x12 => {
                let g = addr(b, layout::igmp::MADDR.start())?;
                let _ = write!(out, "igmp v1 report {g}");
                if len != 8 {
                    let _ = write!(out, " [len {len}]");
                }
            }
            0x16 => {
                let g = addr(b, layout::igmp::MADDR.start())?;
                out.push_str("igmp v2 report ");
                text::push_ip(out, g);
            }
            0x22 => {
                out.push_str("igmp v3 report");
                v3_report(out, b, len, vflag)?;
            }
            0x17 => {
                let g = addr(b, layout::igmp::MADDR.start())?;
                out.push_str("igmp leave ");
                text::push_ip(out, g);
            }
            0x13 => {
                out.push_str("igmp dvmrp");
                if len < 8 {
                    let _ = write!(out, " [len {len}]");
                } else if dvmrp(out, b, len, verbose).is_none() {
                    out.push_str(" [|dvmrp]");
                }
            }
            0x14 => {
                out.push_str("igmp pimv1");
                if pimv1(out, b, vflag).is_none() {
                    // tcpdump stops at the first byte it cannot read, and checks no checksum.
                    out.push_str(" [|pimv1]");
                    cut_short = true;
                }
            }
            0x1e | 0x1f => {
                let word = if msg_type == 0x1e { "mresp" } else { "mtrace" };
                if b.len() < 24 {
                    return None;
                }
                if len < 24 {
                    let _ = write!(out, " [invalid len {len}]");
                    return Some(());
                }
                use crate::codec::layout::mtrace::{DST, Q_ID, RESP, RESP_TTL, SRC};
                let a = |def: &crate::codec::layout::FieldDef| Ipv4Addr::from(def.read(b));
                let raddr = a(&RESP);
                let _ = write!(
                    out,
                    "{word} {}: {} to {} reply-to {raddr}",
                    Q_ID.read(b),
                    a(&SRC),
                    a(&DST)
                );
                if raddr.is_multicast() {
                    let _ = write!(out, " with-ttl {}", RESP_TTL.read(b));
                }
            }
            t => {
                let _ = write!(out, "igmp-{t}");
            }
        }
        Some(())
    })();
    if body.is_none() {
        out.push_str(TRUNC);
        return;
    }
    if verbose && !cut_short && b.get(..len).is_some_and(|m| !checksum::verifies(m)) {
        let stored = be16_at(b, layout::igmp::CHECKSUM.start());
        let _ = write!(out, " bad igmp cksum {stored:x}!");
    }
}

fn be16_opt(b: &[u8], at: usize) -> Option<u16> {
    get_array(b, at).map(u16::from_be_bytes)
}

fn be32_opt(b: &[u8], at: usize) -> Option<u32> {
    get_array(b, at).map(u32::from_be_bytes)
}

/// PIM version 1 inside IGMP (type 0x14), as tcpdump 4.99's print-pim.c `pimv1_print` shows it.
/// The message (draft-ietf-idmr-pim-spec-01, Cisco PIMv1): code = message type, byte 4 = version
/// in the high nibble, body from byte 8. tcpdump prints what it can read and, at the first field
/// beyond the captured bytes, stops; the caller then writes ` [|pimv1]`. Each `?` below is such a
/// read, in tcpdump's order, so the output stops at the same place.
fn pimv1(out: &mut String, b: &[u8], vflag: u8) -> Option<()> {
    let verbose = vflag > 0;
    let kind = *b.get(1)?;
    let name = match kind {
        0 => "Query",
        1 => "Register",
        2 => "Register-Stop",
        3 => "Join/Prune",
        4 => "RP-reachable",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft-ACK",
        _ => "",
    };
    if name.is_empty() {
        let _ = write!(out, " [type {kind}]");
    } else {
        out.push(' ');
        out.push_str(name);
    }
    match kind {
        0 => {
            if let Some(mode) = b.get(8) {
                match mode >> 4 {
                    0 => out.push_str(" Dense-mode"),
                    1 => out.push_str(" Sparse-mode"),
                    2 => out.push_str(" Sparse-Dense-mode"),
                    m => {
                        let _ = write!(out, " mode-{m}");
                    }
                }
            }
            if verbose {
                out.push_str(" (Hold-time ");
                out.push_str(&timecode::relts(be16_opt(b, 10)?.into()));
                out.push(')');
            }
        }
        1 => {
            // The encapsulated IP header must be there whole before its addresses are shown.
            b.get(8..28)?;
            let _ = write!(out, " for {} > {}", addr(b, 20)?, addr(b, 24)?);
        }
        2 => {
            let (group, source) = (addr(b, 8)?, addr(b, 12)?);
            let _ = write!(out, " for {group} > {source}");
        }
        3 | 6 | 7 if verbose => pimv1_join_prune(out, b.get(8..).unwrap_or(&[]), vflag)?,
        4 if verbose => {
            let _ = write!(out, " group {}", addr(b, 8)?);
            if be32_opt(b, 12)? != u32::MAX {
                let _ = write!(out, "/{}", addr(b, 12)?);
            }
            let _ = write!(out, " RP {} hold ", addr(b, 16)?);
            out.push_str(&timecode::relts(be16_opt(b, 22)?.into()));
        }
        5 => {
            let (source, group) = (addr(b, 16)?, addr(b, 8)?);
            let _ = write!(out, " for {source} > {group}");
            if be32_opt(b, 12)? != u32::MAX {
                let _ = write!(out, "/{}", addr(b, 12)?);
            }
            let (pref, metric) = (be32_opt(b, 20)?, be32_opt(b, 24)?);
            let tree = if pref & 0x8000_0000 != 0 {
                "RP-tree"
            } else {
                "SPT"
            };
            let _ = write!(out, " {tree} pref {} metric {metric}", pref & 0x7fff_ffff);
        }
        _ => {}
    }
    let version = *b.get(4)? >> 4;
    if version != 1 {
        let _ = write!(out, " [v{version}]");
    }
    Some(())
}

/// `pimv1_join_prune_print`: one line for one group with one source, otherwise the upstream
/// neighbour and hold time, and at -vv each on its own line followed by the groups with their
/// joined and pruned sources.
fn pimv1_join_prune(out: &mut String, jp: &[u8], vflag: u8) -> Option<()> {
    if jp.len() >= 30 && jp.get(11) == Some(&1) {
        let (joins, prunes) = (be16_opt(jp, 20)?, be16_opt(jp, 22)?);
        if u32::from(joins).saturating_add(u32::from(prunes)) == 1 {
            let _ = write!(out, " RPF {} ", addr(jp, 0)?);
            let hold = be16_opt(jp, 6)?;
            if hold != 180 {
                out.push_str("Hold ");
                out.push_str(&timecode::relts(hold.into()));
            }
            let flags = *jp.get(25)?;
            let _ = write!(
                out,
                "{} ({}/{}, {}",
                if joins != 0 { "Join" } else { "Prune" },
                addr(jp, 26)?,
                flags & 0x3f,
                addr(jp, 12)?
            );
            if be32_opt(jp, 16)? != u32::MAX {
                let _ = write!(out, "/{}", addr(jp, 16)?);
            }
            let _ = write!(
                out,
                ") {}{} {}",
                if jp.get(24)? & 0x01 != 0 {
                    "Sparse"
                } else {
                    "Dense"
                },
                if flags & 0x80 != 0 { " WC" } else { "" },
                if flags & 0x40 != 0 { "RP" } else { "SPT" }
            );
            return Some(());
        }
    }
    let vv = vflag > 1;
    if vv {
        out.push('\n');
    }
    let _ = write!(out, " Upstream Nbr: {}", addr(jp, 0)?);
    if vv {
        out.push('\n');
    }
    out.push_str(" Hold time: ");
    out.push_str(&timecode::relts(be16_opt(jp, 6)?.into()));
    if !vv {
        return Some(());
    }
    let ngroups = *jp.get(11)?;
    jp.get(8..12)?;
    let mut at = 12usize;
    for _ in 0..ngroups {
        let _ = write!(out, "\n\tGroup: {}", addr(jp, at)?);
        if be32_opt(jp, at.saturating_add(4))? != u32::MAX {
            let _ = write!(out, "/{}", addr(jp, at.saturating_add(4))?);
        }
        let joins = be16_opt(jp, at.saturating_add(8))?;
        let prunes = be16_opt(jp, at.saturating_add(10))?;
        let _ = write!(out, " joined: {joins} pruned: {prunes}");
        at = at.saturating_add(12);
        for k in 0..u32::from(joins).saturating_add(u32::from(prunes)) {
            let flags = *jp.get(at.saturating_add(1))?;
            let _ = write!(
                out,
                "\n\t{} {}{}{}{}/{}",
                if k < u32::from(joins) {
                    "Join "
                } else {
                    "Prune"
                },
                if jp.get(at)? & 0x01 != 0 {
                    "Sparse "
                } else {
                    "Dense "
                },
                if flags & 0x80 != 0 { "WC " } else { "" },
                if flags & 0x40 != 0 { "RP " } else { "SPT " },
                addr(jp, at.saturating_add(2))?,
                flags & 0x3f
            );
            at = at.saturating_add(6);
        }
    }
    Some(())
}

fn v3_query(out: &mut String, b: &[u8], len: usize, vflag: u8) -> Option<()> {
    out.push_str(" v3");
    if len < 12 || len & 3 != 0 {
        let _ = write!(out, " [invalid len {len}]");
        return Some(());
    }
    let mrc = *b.get(layout::igmp::MAX_RESP.start())?;
    let mrt = timecode::decode_v3(mrc);
    if mrc != 100 {
        out.push_str(" [max resp time ");
        if mrt < 600 {
            let _ = write!(out, "{}.{}s", mrt / 10, mrt % 10);
        } else {
            out.push_str(&timecode::relts(mrt / 10));
        }
        out.push(']');
    }
    let g = addr(b, layout::igmp::MADDR.start())?;
    if g.is_unspecified() {
        return Some(());
    }
    let _ = write!(out, " [gaddr {g}");
    let n = usize::from(be16_opt(b, layout::igmp::NUM_SRC.start())?);
    if n > 0 {
        if len < n.saturating_mul(4).saturating_add(12) {
            out.push_str(" [invalid number of sources]");
        } else if vflag > 1 {
            // tcpdump lists the sources themselves only with -vv.
            out.push_str(" {");
            for k in 0..n {
                let _ = write!(out, " {}", addr(b, k.saturating_mul(4).saturating_add(12))?);
            }
            out.push_str(" }");
        } else {
            let _ = write!(out, ", {n} source(s)");
        }
    }
    out.push(']');
    Some(())
}

fn v3_report(out: &mut String, b: &[u8], len: usize, vflag: u8) -> Option<()> {
    if len < 16 || len & 3 != 0 {
        let _ = write!(out, " [invalid len {len}]");
        return Some(());
    }
    let ngroups = usize::from(be16_opt(b, layout::igmp::NUM_GRP_RECS.start())?);
    out.push_str(", ");
    text::push_dec(out, u64::try_from(ngroups).unwrap_or(u64::MAX));
    out.push_str(" group record(s)");
    if vflag == 0 {
        return Some(());
    }
    let mut group = 8usize;
    for _ in 0..ngroups {
        if len < group.saturating_add(8) {
            out.push_str(" [invalid number of groups]");
            return Some(());
        }
        let g = addr(b, group.saturating_add(4))?;
        out.push_str(" [gaddr ");
        text::push_ip(out, g);
        let t = *b.get(group)?;
        out.push(' ');
        text::push_record_type(out, t, "v3-report");
        let nsrcs = usize::from(u16::from_be_bytes([
            *b.get(group.saturating_add(2))?,
            *b.get(group.saturating_add(3))?,
        ]));
        if len
            < group
                .saturating_add(8)
                .saturating_add(nsrcs.saturating_mul(4))
        {
            let _ = write!(out, " [invalid number of sources {nsrcs}]");
            return Some(());
        }
        if vflag > 1 {
            out.push_str(" {");
            for k in 0..nsrcs {
                let at = group.saturating_add(8).saturating_add(k.saturating_mul(4));
                let source = addr(b, at)?;
                out.push(' ');
                text::push_ip(out, source);
            }
            out.push_str(" }");
        } else {
            out.push_str(", ");
            text::push_dec(out, u64::try_from(nsrcs).unwrap_or(u64::MAX));
            out.push_str(" source(s)");
        }
        group = group
            .saturating_add(8)
            .saturating_add(nsrcs.saturating_mul(4));
        out.push(']');
    }
    Some(())
}

/// print-dvmrp.c, for the message types tcpdump names.
fn dvmrp(out: &mut String, b: &[u8], len: usize, verbose: bool) -> Option<()> {
    let t = *b.get(1)?;
    let body = b.get(8..).unwrap_or(&[]);
    let mut left = len.saturating_sub(8);
    match t {
        1 => {
            out.push_str(" Probe");
            if verbose {
                if left < 4 || body.len() < 4 {
                    out.push_str(" [|}");
                    return Some(());
                }
                let genid = be32_at(body, 0);
                let _ = write!(out, " genid {genid}");
            }
        }
        2 => out.push_str(" Report"),
        3 => out.push_str(" Ask-neighbors(old)"),
        4 => {
            out.push_str(" Neighbors(old)");
            let mut c = Cursor::new(body);
            // tcpdump reads as far as the IP length says and stops at the first byte the
            // capture lacks (print-dvmrp.c `print_neighbors2`).
            while left > 0 {
                let laddr = c.ipv4()?;
                let metric = c.u8()?;
                let thresh = c.u8()?;
                let ncount = c.u8()?;
                left = left.saturating_sub(7);
                for _ in 0..ncount {
                    let n = c.ipv4()?;
                    let _ = write!(out, " [{laddr} -> {n}, ({metric}/{thresh})]");
                    left = left.saturating_sub(4);
                }
            }
        }
        5 => out.push_str(" Ask-neighbors2"),
        6 => {
            out.push_str(" Neighbors2");
            let [_, _, minor, major] = crate::codec::array_at::<4>(b.get(4..8)?, 0);
            let _ = write!(out, " (v {major}.{minor}):");
            let mut c = Cursor::new(body);
            // tcpdump reads as far as the IP length says and stops at the first byte the
            // capture lacks (print-dvmrp.c `print_neighbors2`).
            while left > 0 {
                let laddr = c.ipv4()?;
                let metric = c.u8()?;
                let thresh = c.u8()?;
                let flags = c.u8()?;
                let mut ncount = i32::from(c.u8()?);
                left = left.saturating_sub(8);
                while ncount > 0 && left >= 4 {
                    ncount = ncount.saturating_sub(1);
                    let _ = write!(out, " [{laddr} -> ");
                    let n = c.ipv4()?;
                    let _ = write!(out, "{n} ({metric}/{thresh}");
                    for (bit, word) in [
                        (0x01, "/tunnel"),
                        (0x02, "/srcrt"),
                        (0x40, "/querier"),
                        (0x20, "/disabled"),
                        (0x10, "/down"),
                    ] {
                        if flags & bit != 0 {
                            out.push_str(word);
                        }
                    }
                    out.push_str(")]");
                    left = left.saturating_sub(4);
                }
                if ncount != 0 {
                    out.push_str(" [|]");
                    return Some(());
                }
            }
        }
        7..=9 => {
            out.push_str(match t {
                7 => " Prune",
                8 => " Graft",
                _ => " Graft-ACK",
            });
            let src = addr(body, 0)?;
            let grp = addr(body, 4)?;
            let _ = write!(out, " src {src} grp {grp}");
            if t == 7 {
                let timer = body.get(8..12)?;
                let secs = be32_at(timer, 0);
                let _ = write!(out, " timer {}", timecode::relts(secs));
            }
        }
        _ => {
            let _ = write!(out, " [type {t}]");
        }
    }
    Some(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_in_utc() {
        assert_eq!(
            format_tttt(1_235_470_907, 698_870),
            "2009-02-24 10:21:47.698870"
        );
        assert_eq!(format_tttt(0, 0), "1970-01-01 00:00:00.000000");
    }
}
