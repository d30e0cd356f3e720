//! One-line summaries in tcpdump's words.
//!
//! `igmpwb summary` must print exactly what `TZ=GMT tcpdump -# -n -tttt [-v] -r FILE` prints, so
//! this module follows tcpdump's printers (print-ip.c, print-igmp.c, print-dvmrp.c) rule by rule,
//! including their habits (a v2 Max Resp Time printed as the raw code, the default 100 hidden,
//! v3 times in seconds). It reads bytes with the same bounds-checked [`Cursor`] as the
//! dissector; the field tree is not needed for a summary line.

use std::net::Ipv4Addr;

use super::checksum;
use super::cursor::Cursor;
use super::timecode;
use super::LinkType;
use super::{be16_at, be32_at, ipv4_at, Ipv4Fixed};

/// tcpdump's truncation marker for IGMP.
const TRUNC: &str = "[|igmp]";

/// The summary of one frame: `IP src > dst: igmp …`, or with `verbose` tcpdump's `-v` form with
/// the IPv4 header line.
pub fn line(link: LinkType, bytes: &[u8], verbose: bool) -> String {
    let ip_start = match link {
        LinkType::RawIpv4 => 0,
        LinkType::LinuxSll => {
            if bytes.len() < 16 {
                return "[|sll]".into();
            }
            let proto = be16_at(bytes, 14);
            if proto != 0x0800 {
                return format!("ethertype {proto:#06x}, length {}", bytes.len());
            }
            16
        }
        LinkType::LinuxSll2 => {
            if bytes.len() < 20 {
                return "[|sll2]".into();
            }
            let proto = be16_at(bytes, 0);
            if proto != 0x0800 {
                return format!("ethertype {proto:#06x}, length {}", bytes.len());
            }
            20
        }
        LinkType::Ethernet => {
            let mut c = Cursor::at(bytes, 12);
            let mut ethertype = match c.u16() {
                Some(t) => t,
                None => return "[|ether]".into(),
            };
            let mut vlan_prefix = String::new();
            while matches!(ethertype, 0x8100 | 0x88a8 | 0x9100) {
                let (Some(tci), Some(next)) = (c.u16(), c.u16()) else {
                    return "[|vlan]".into();
                };
                vlan_prefix.push_str(&format!("vlan {}, p {}, ", tci & 0x0fff, tci >> 13));
                ethertype = next;
            }
            if ethertype != 0x0800 {
                return format!(
                    "{vlan_prefix}ethertype {ethertype:#06x}, length {}",
                    bytes.len()
                );
            }
            if !vlan_prefix.is_empty() {
                return format!(
                    "{vlan_prefix}ethertype IPv4 (0x0800), {}",
                    ip_line(bytes, c.pos(), verbose)
                );
            }
            c.pos()
        }
    };
    ip_line(bytes, ip_start, verbose)
}

/// `igmpwb summary` prefix: frame number and `-tttt` timestamp in UTC.
pub fn numbered(number: usize, ts_sec: i64, ts_usec: u32, text: &str) -> String {
    format!("{number:5}  {} {text}", format_tttt(ts_sec, ts_usec))
}

/// `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC.
pub fn format_tttt(secs: i64, usec: u32) -> String {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = civil_from_days(days);
    format!(
        "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{usec:06}",
        rem / 3600,
        (rem / 60) % 60,
        rem % 60
    )
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

fn ip_line(bytes: &[u8], start: usize, verbose: bool) -> String {
    let c = Cursor::at(bytes, start);
    let Some(h) = c.peek(20) else {
        return "IP [|ip]".into();
    };
    let Ipv4Fixed {
        version,
        header_len: hlen,
        tos,
        total_len,
        id,
        flags_frag: off,
        ttl,
        protocol: proto,
        src,
        dst,
        ..
    } = Ipv4Fixed::read(h);
    if version != 4 {
        return format!("IP{version} [|ip]");
    }
    let total = usize::from(total_len);
    if hlen < 20 {
        return format!("IP {src} > {dst}: [bad hdr length {hlen} - too short, < 20]");
    }
    if total < hlen {
        return format!("IP {src} > {dst}: [total length {total} < header length {hlen}]");
    }
    let mut out = String::from("IP ");
    if verbose {
        out.push_str(&format!("(tos {tos:#x}"));
        if tos == 0 {
            out.truncate(out.len().saturating_sub(3));
            out.push_str("0x0");
        }
        match tos & 0x03 {
            1 => out.push_str(",ECT(1)"),
            2 => out.push_str(",ECT(0)"),
            3 => out.push_str(",CE"),
            _ => {}
        }
        if ttl >= 1 {
            out.push_str(&format!(", ttl {ttl}"));
        }
        let mut flags = Vec::new();
        if off & 0x2000 != 0 {
            flags.push("+");
        }
        if off & 0x4000 != 0 {
            flags.push("DF");
        }
        if off & 0x8000 != 0 {
            flags.push("rsvd");
        }
        let flags = if flags.is_empty() {
            "none".to_string()
        } else {
            flags.join(", ")
        };
        let proto_name = match proto {
            2 => "IGMP",
            1 => "ICMP",
            6 => "TCP",
            17 => "UDP",
            103 => "PIM",
            _ => "unknown",
        };
        out.push_str(&format!(
            ", id {id}, offset {}, flags [{flags}], proto {proto_name} ({proto}), length {total}",
            u32::from(off & 0x1fff) * 8
        ));
        if hlen > 20 {
            out.push_str(", options (");
            out.push_str(&options_text(
                bytes
                    .get(start.saturating_add(20)..start.saturating_add(hlen))
                    .unwrap_or(&[]),
            ));
            out.push(')');
        }
        if let Some(header) = bytes.get(start..start.saturating_add(hlen)) {
            if !checksum::verifies(header) {
                let stored = be16_at(header, 10);
                let should = checksum::expected(header, 10);
                out.push_str(&format!(", bad cksum {stored:x} (->{should:x})!"));
            }
        }
        out.push_str(")\n    ");
    }
    out.push_str(&format!("{src} > {dst}: "));
    let payload_start = start.saturating_add(hlen);
    let len = total.saturating_sub(hlen);
    if off & 0x1fff != 0 {
        out.push_str(&format!("ip-proto-{proto}"));
        return out;
    }
    if proto != 2 {
        out.push_str(&format!("ip-proto-{proto} {len}"));
        return out;
    }
    let payload = bytes.get(payload_start..).unwrap_or(&[]);
    // tcpdump prints from the captured bytes, bounded by the IP length.
    let captured = payload.get(..payload.len().min(len)).unwrap_or(payload);
    out.push_str(&igmp_text(captured, len, verbose));
    out
}

fn options_text(opts: &[u8]) -> String {
    let mut out = String::new();
    let mut c = Cursor::new(opts);
    while let Some(code) = c.u8() {
        let name = match code {
            0 => "EOL".to_string(),
            1 => "NOP".to_string(),
            7 => "RR".to_string(),
            68 => "TS".to_string(),
            130 => "security".to_string(),
            131 => "LSRR".to_string(),
            137 => "SSRR".to_string(),
            148 => "RA".to_string(),
            82 => "traceroute".to_string(),
            n => format!("unknown {n}"),
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
            out.push_str(&format!(" [bad length {len}]"));
            break;
        }
        let body = c.take(usize::from(len).saturating_sub(2)).unwrap_or(&[]);
        if code == 148 {
            if len < 4 {
                out.push_str(&format!(" [bad length {len}]"));
                break;
            }
            let value = be16_at(body, 0);
            if value != 0 {
                out.push_str(&format!(" value {value}"));
            }
        }
    }
    out
}

fn addr(b: &[u8], at: usize) -> Option<Ipv4Addr> {
    b.get(at..at.saturating_add(4)).map(|x| ipv4_at(x, 0))
}

/// print-igmp.c's `igmp_print`. `b` holds the captured IGMP bytes, `len` the length the IP
/// header claims.
fn igmp_text(b: &[u8], len: usize, verbose: bool) -> String {
    let mut out = String::new();
    let Some(&msg_type) = b.first() else {
        return TRUNC.into();
    };
    let body = (|| -> Option<()> {
        match msg_type {
            0x11 => {
                out.push_str("igmp query");
                if len >= 12 {
                    v3_query(&mut out, b, len)?;
                } else {
                    let code = *b.get(1)?;
                    if code != 0 {
                        out.push_str(" v2");
                        if code != 100 {
                            out.push_str(&format!(" [max resp time {code}]"));
                        }
                    } else {
                        out.push_str(" v1");
                    }
                    let g = addr(b, 4)?;
                    if !g.is_unspecified() {
                        out.push_str(&format!(" [gaddr {g}]"));
                    }
                    if len != 8 {
                        out.push_str(&format!(" [len {len}]"));
                    }
                }
            }
            0x12 => {
                let g = addr(b, 4)?;
                out.push_str(&format!("igmp v1 report {g}"));
                if len != 8 {
                    out.push_str(&format!(" [len {len}]"));
                }
            }
            0x16 => out.push_str(&format!("igmp v2 report {}", addr(b, 4)?)),
            0x22 => {
                out.push_str("igmp v3 report");
                v3_report(&mut out, b, len, verbose)?;
            }
            0x17 => out.push_str(&format!("igmp leave {}", addr(b, 4)?)),
            0x13 => {
                out.push_str("igmp dvmrp");
                if len < 8 {
                    out.push_str(&format!(" [len {len}]"));
                } else if dvmrp(&mut out, b, len, verbose).is_none() {
                    out.push_str("[|dvmrp]");
                }
            }
            0x14 => {
                out.push_str("igmp pimv1");
                let t = *b.get(1)?;
                let name = match t {
                    0 => " Query",
                    1 => " Register",
                    2 => " Register-Stop",
                    3 => " Join/Prune",
                    4 => " RP-reachable",
                    5 => " Assert",
                    6 => " Graft",
                    7 => " Graft-ACK",
                    8 => " Mode",
                    _ => "",
                };
                if name.is_empty() {
                    out.push_str(&format!(" [type {t}]"));
                } else {
                    out.push_str(name);
                }
            }
            0x1e | 0x1f => {
                let word = if msg_type == 0x1e { "mresp" } else { "mtrace" };
                if b.len() < 24 {
                    return None;
                }
                if len < 24 {
                    out.push_str(&format!(" [invalid len {len}]"));
                    return Some(());
                }
                let rttlqid = be32_at(b, 20);
                let raddr = addr(b, 16)?;
                out.push_str(&format!(
                    "{word} {}: {} to {} reply-to {raddr}",
                    rttlqid & 0x00ff_ffff,
                    addr(b, 8)?,
                    addr(b, 12)?
                ));
                if raddr.is_multicast() {
                    out.push_str(&format!(" with-ttl {}", rttlqid >> 24));
                }
            }
            t => out.push_str(&format!("igmp-{t}")),
        }
        Some(())
    })();
    if body.is_none() {
        out.push_str(TRUNC);
        return out;
    }
    if verbose && b.get(..len).is_some_and(|m| !checksum::verifies(m)) {
        let stored = b.get(2..4).map(|x| be16_at(x, 0)).unwrap_or(0);
        out.push_str(&format!(" bad igmp cksum {stored:x}!"));
    }
    out
}

fn v3_query(out: &mut String, b: &[u8], len: usize) -> Option<()> {
    out.push_str(" v3");
    if len < 12 || len & 3 != 0 {
        out.push_str(&format!(" [invalid len {len}]"));
        return Some(());
    }
    let mrc = *b.get(1)?;
    let mrt = timecode::decode_v3(mrc);
    if mrc != 100 {
        out.push_str(" [max resp time ");
        if mrt < 600 {
            out.push_str(&format!("{}.{}s", mrt / 10, mrt % 10));
        } else {
            out.push_str(&timecode::relts(mrt / 10));
        }
        out.push(']');
    }
    let g = addr(b, 4)?;
    if g.is_unspecified() {
        return Some(());
    }
    out.push_str(&format!(" [gaddr {g}"));
    let n = usize::from(u16::from_be_bytes([*b.get(10)?, *b.get(11)?]));
    if n > 0 {
        if len < n.saturating_mul(4).saturating_add(12) {
            out.push_str(" [invalid number of sources]");
        } else {
            // tcpdump lists the sources themselves only with -vv.
            out.push_str(&format!(", {n} source(s)"));
        }
    }
    out.push(']');
    Some(())
}

fn v3_report(out: &mut String, b: &[u8], len: usize, verbose: bool) -> Option<()> {
    if len < 16 || len & 3 != 0 {
        out.push_str(&format!(" [invalid len {len}]"));
        return Some(());
    }
    let ngroups = usize::from(u16::from_be_bytes([*b.get(6)?, *b.get(7)?]));
    out.push_str(&format!(", {ngroups} group record(s)"));
    if !verbose {
        return Some(());
    }
    let mut group = 8usize;
    for _ in 0..ngroups {
        if len < group.saturating_add(8) {
            out.push_str(" [invalid number of groups]");
            return Some(());
        }
        let g = addr(b, group.saturating_add(4))?;
        out.push_str(&format!(" [gaddr {g}"));
        let t = *b.get(group)?;
        let name = match t {
            1 => "is_in".to_string(),
            2 => "is_ex".to_string(),
            3 => "to_in".to_string(),
            4 => "to_ex".to_string(),
            5 => "allow".to_string(),
            6 => "block".to_string(),
            n => format!("[v3-report-#{n}]"),
        };
        out.push_str(&format!(" {name}"));
        let nsrcs = usize::from(u16::from_be_bytes([
            *b.get(group.saturating_add(2))?,
            *b.get(group.saturating_add(3))?,
        ]));
        if len
            < group
                .saturating_add(8)
                .saturating_add(nsrcs.saturating_mul(4))
        {
            out.push_str(&format!(" [invalid number of sources {nsrcs}]"));
            return Some(());
        }
        out.push_str(&format!(", {nsrcs} source(s)"));
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
                out.push_str(&format!(" genid {genid}"));
            }
        }
        2 => out.push_str(" Report"),
        3 => out.push_str(" Ask-neighbors(old)"),
        4 => {
            out.push_str(" Neighbors(old)");
            let mut c = Cursor::new(body);
            while left > 0 && c.remaining() > 0 {
                let laddr = c.ipv4()?;
                let metric = c.u8()?;
                let thresh = c.u8()?;
                let ncount = c.u8()?;
                left = left.saturating_sub(7);
                for _ in 0..ncount {
                    let n = c.ipv4()?;
                    out.push_str(&format!(" [{laddr} -> {n}, ({metric}/{thresh})]"));
                    left = left.saturating_sub(4);
                }
            }
        }
        5 => out.push_str(" Ask-neighbors2"),
        6 => {
            out.push_str(" Neighbors2");
            let [_, _, minor, major] = crate::codec::array_at::<4>(b.get(4..8)?, 0);
            out.push_str(&format!(" (v {major}.{minor}):"));
            let mut c = Cursor::new(body);
            while left > 0 && c.remaining() > 0 {
                let laddr = c.ipv4()?;
                let metric = c.u8()?;
                let thresh = c.u8()?;
                let flags = c.u8()?;
                let mut ncount = i32::from(c.u8()?);
                left = left.saturating_sub(8);
                while ncount > 0 && left >= 4 && c.remaining() >= 4 {
                    ncount = ncount.saturating_sub(1);
                    let n = c.ipv4()?;
                    out.push_str(&format!(" [{laddr} -> {n} ({metric}/{thresh}"));
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
            out.push_str(&format!(" src {src} grp {grp}"));
            if t == 7 {
                let timer = body.get(8..12)?;
                let secs = be32_at(timer, 0);
                out.push_str(&format!(" timer {}", timecode::relts(secs)));
            }
        }
        _ => out.push_str(&format!(" [type {t}]")),
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
