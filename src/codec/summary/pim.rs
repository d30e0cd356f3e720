//! PIM version 2 (RFC 7761 §4.9) beside IGMP, as tcpdump 4.99's print-pim.c shows it: the type on
//! one line, and with -v the checksum verdict and the body of a Hello (its options), a Register
//! (the packet it carries), a Register-Stop, a Join/Prune, Graft or Graft-Ack (groups, joined and
//! pruned sources) and an Assert. Other types show their type and checksum.

use std::fmt::Write as _;

use super::transport::Ends;
use super::{ipv4_line, Style};
use crate::codec::checksum;
use crate::codec::timecode;
use crate::codec::{be16_at, be32_at};

/// tcpdump's names for the message types (`pimv2_type_values`).
fn type_name(t: u8) -> &'static str {
    match t {
        0 => "Hello",
        1 => "Register",
        2 => "Register Stop",
        3 => "Join / Prune",
        4 => "Bootstrap",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft Acknowledgement",
        8 => "Candidate RP Advertisement",
        9 => "Prune Refresh",
        10 => "DF Election",
        11 => "ECMP Redirect",
        _ => "Unknown Type",
    }
}

/// Hello option names (`pimv2_hello_option_values`, RFC 7761 §4.9.2).
fn option_name(t: u16) -> &'static str {
    match t {
        1 => "Hold Time",
        2 => "LAN Prune Delay",
        18 => "DR Priority (Old)",
        19 => "DR Priority",
        20 => "Generation ID",
        21 => "State Refresh Capability",
        22 => "Bi-Directional Capability",
        24 => "Address List",
        65001 => "Address List (Old)",
        _ => "Unknown",
    }
}

/// `print_unknown_data`: the bytes as hex words, 16 to a line, each line after `"\n\t    "`.
fn hex_words(out: &mut String, bytes: &[u8]) {
    for (line, chunk) in bytes.chunks(16).enumerate() {
        let _ = write!(out, "\n\t    0x{:04x}: ", line.saturating_mul(16));
        for pair in chunk.chunks(2) {
            out.push(' ');
            for x in pair {
                let _ = write!(out, "{x:02x}");
            }
        }
    }
}

/// What an encoded address is (RFC 7761 §4.9.1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoded {
    Unicast,
    Group,
    Source,
}

/// `pimv2_addr_print` for IPv4 in the native encoding: writes the address and returns its length,
/// or `None` when it is cut short or not an IPv4 encoding.
fn address(out: &mut String, b: &[u8], kind: Encoded) -> Option<usize> {
    let (&family, &encoding) = (b.first()?, b.get(1)?);
    if family != 1 || encoding != 0 {
        return None;
    }
    if kind == Encoded::Unicast {
        let &[a0, a1, a2, a3] = b.get(2..6)? else {
            return None;
        };
        let _ = write!(out, "{a0}.{a1}.{a2}.{a3}");
        return Some(6);
    }
    let (&flags, &mask) = (b.get(2)?, b.get(3)?);
    let &[a0, a1, a2, a3] = b.get(4..8)? else {
        return None;
    };
    let _ = write!(out, "{a0}.{a1}.{a2}.{a3}");
    if mask != 32 {
        let _ = write!(out, "/{mask}");
    }
    if flags != 0 {
        if kind == Encoded::Group {
            let _ = write!(out, "({flags:#04x})");
        } else {
            out.push('(');
            for (bit, c) in [(0x04, 'S'), (0x02, 'W'), (0x01, 'R')] {
                if flags & bit != 0 {
                    out.push(c);
                }
            }
            if flags & 0xf8 != 0 {
                let _ = write!(out, "+{:#04x}", flags & 0xf8);
            }
            out.push(')');
        }
    }
    Some(8)
}

/// `PIMv2, TYPE, length N`, or at -v `PIMv2, length N` and the type's body on the next lines.
/// `b` is the captured message, `len` its length in the IP datagram.
pub(super) fn pim(out: &mut String, ends: &Ends, b: &[u8], len: usize, style: Style) {
    ends.write_plain(out);
    let Some(&first) = b.first() else {
        out.push_str("[|pim]");
        return;
    };
    let version = first >> 4;
    if version != 2 {
        let _ = write!(out, "PIMv{version}, length {len}");
        return;
    }
    let kind = first & 0x0f;
    if !style.verbose {
        let _ = write!(out, "PIMv2, {}, length {len}", type_name(kind));
        return;
    }
    let _ = write!(out, "PIMv2, length {len}\n\t{}", type_name(kind));
    if body(out, b, len, style).is_none() {
        out.push_str(" [|pimv2]");
    }
}

/// `pimv2_print`: `None` where tcpdump stops at bytes it cannot read.
fn body(out: &mut String, b: &[u8], len: usize, style: Style) -> Option<()> {
    use crate::codec::layout::pim::{CHECKSUM, LEN, RESERVED, TYPE};
    let kind = b.get(TYPE.start())? & 0x0f;
    if b.get(RESERVED.start()).is_some_and(|r| r & 0x0f != 0) {
        out.push_str(", RFC2117-encoding");
    }
    let stored = crate::codec::get_array(b, CHECKSUM.start()).map(u16::from_be_bytes)?;
    let _ = write!(out, ", cksum {stored:#06x} ");
    // RFC 7761 §4.9: the checksum covers the whole message, a Register's only its 8-byte header
    // (a Register summed whole is accepted too).
    let verdict = |n: usize| b.get(..n).map(checksum::verifies);
    out.push_str(match (stored, kind, verdict(len), verdict(8)) {
        (0, ..) => "(unverified)",
        (_, 1, whole, Some(false)) => match whole {
            Some(true) => "(correct)",
            Some(false) => "(incorrect)",
            None => "(unverified)",
        },
        (_, 1, _, Some(true)) => "(correct)",
        (_, _, Some(true), _) => "(correct)",
        (_, _, Some(false), _) => "(incorrect)",
        _ => "(unverified)",
    });
    let m = b.get(LEN..).unwrap_or(&[]);
    let left = len.saturating_sub(LEN);
    let m = m.get(..left.min(m.len())).unwrap_or(m);
    match kind {
        0 => hello(out, m, left, style),
        1 => register(out, m, left, style),
        2 => {
            out.push_str(" group=");
            let n = address(out, m, Encoded::Group)?;
            out.push_str(" source=");
            address(out, m.get(n..)?, Encoded::Unicast).map(|_| ())
        }
        3 | 6 | 7 => join_prune(out, m, kind),
        5 => {
            out.push_str(" group=");
            let n = address(out, m, Encoded::Group)?;
            out.push_str(" src=");
            let k = address(out, m.get(n..)?, Encoded::Unicast)?;
            let rest = m.get(n.saturating_add(k)..)?.get(..8)?;
            let pref = be32_at(rest, 0);
            if pref & 0x8000_0000 != 0 {
                out.push_str(" RPT");
            }
            let _ = write!(
                out,
                " pref={} metric={}",
                pref & 0x7fff_ffff,
                be32_at(rest, 4)
            );
            Some(())
        }
        _ => Some(()),
    }
}

fn hello(out: &mut String, m: &[u8], len: usize, style: Style) -> Option<()> {
    let mut at = 0usize;
    while at < len {
        let head = m.get(at..at.saturating_add(4))?;
        let (otype, olen) = (be16_at(head, 0), usize::from(be16_at(head, 2)));
        let _ = write!(
            out,
            "\n\t  {} Option ({otype}), length {olen}, Value: ",
            option_name(otype)
        );
        at = at.saturating_add(4);
        let v = m.get(at..at.saturating_add(olen))?;
        match (otype, olen) {
            (1, 2) => out.push_str(&timecode::relts(be16_at(v, 0).into())),
            (2, 4) => {
                let delay = be16_at(v, 0);
                let _ = write!(
                    out,
                    "\n\t    T-bit={}, LAN delay {}ms, Override interval {}ms",
                    u8::from(delay & 0x8000 != 0),
                    delay & 0x7fff,
                    be16_at(v, 2)
                );
            }
            (18 | 19, 0) => out.push_str("Bi-Directional Capability (Old)"),
            (18 | 19, 4) => {
                let _ = write!(out, "{}", be32_at(v, 0));
            }
            (20, 4) => {
                let _ = write!(out, "{:#010x}", be32_at(v, 0));
            }
            (1 | 2 | 20, _) | (18 | 19, _) => {
                let want = if otype == 1 { 2 } else { 4 };
                let _ = write!(out, "[option length {olen} != {want}] (invalid)");
                return Some(());
            }
            (22 | 24 | 65001 | 21, _) => {}
            _ => {
                if !style.very_verbose {
                    hex_words(out, v);
                }
            }
        }
        if style.very_verbose {
            hex_words(out, v);
        }
        at = at.saturating_add(olen);
    }
    Some(())
}

fn register(out: &mut String, m: &[u8], len: usize, style: Style) -> Option<()> {
    if len < 4 {
        return None;
    }
    let flags = be32_at(m.get(..4)?, 0);
    let name = match flags {
        0x8000_0000 => "Border",
        0x4000_0000 => "Null",
        _ => "none",
    };
    let _ = write!(out, ", Flags [ {name} ]\n\t");
    let inner = m.get(4..)?;
    let first = *inner.first()?;
    match first >> 4 {
        4 => ipv4_line(out, inner, 0, len.saturating_sub(4), style),
        v => {
            let _ = write!(out, "IP ver {v}");
        }
    }
    Some(())
}

fn join_prune(out: &mut String, m: &[u8], kind: u8) -> Option<()> {
    let mut at = 0usize;
    if kind != 7 {
        out.push_str(", upstream-neighbor: ");
        at = address(out, m, Encoded::Unicast)?;
    }
    let head = m.get(at..at.saturating_add(4))?;
    let (groups, hold) = (*head.get(1)?, be16_at(head, 2));
    let _ = write!(out, "\n\t  {groups} group(s)");
    if kind != 7 {
        out.push_str(", holdtime: ");
        if hold == 0xffff {
            out.push_str("infinite");
        } else {
            out.push_str(&timecode::relts(hold.into()));
        }
    }
    at = at.saturating_add(4);
    for g in 1..=groups {
        let _ = write!(out, "\n\t    group #{g}: ");
        at = at.saturating_add(address(out, m.get(at..)?, Encoded::Group)?);
        let counts = m.get(at..at.saturating_add(4))?;
        let (joins, prunes) = (be16_at(counts, 0), be16_at(counts, 2));
        let _ = write!(out, ", joined sources: {joins}, pruned sources: {prunes}");
        at = at.saturating_add(4);
        for (word, n) in [("joined", joins), ("pruned", prunes)] {
            for j in 1..=n {
                let _ = write!(out, "\n\t      {word} source #{j}: ");
                at = at.saturating_add(address(out, m.get(at..)?, Encoded::Source)?);
            }
        }
    }
    Some(())
}
