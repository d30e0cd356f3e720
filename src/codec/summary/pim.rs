//! PIM version 2 (RFC 7761 §4.9) beside IGMP, as tcpdump 4.99's print-pim.c shows it: the type on
//! one line, and with -v the checksum verdict and the body of a Hello (its options), a Register
//! (the packet it carries), a Register-Stop, a Join/Prune, Graft or Graft-Ack (groups, joined and
//! pruned sources) and an Assert. Other types show their type and checksum.

use std::fmt::Write as _;

use super::transport::Ends;
use super::{ipv4_line, Style};
use crate::codec::checksum;
use crate::codec::get_array;
use crate::codec::timecode;
use std::net::Ipv4Addr;

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

use crate::codec::layout::pim::encoded::Kind as Encoded;

/// `pimv2_addr_print` for IPv4 in the native encoding: writes the address and returns its length,
/// or `None` when it is cut short or not an IPv4 encoding.
fn address(out: &mut String, b: &[u8], kind: Encoded) -> Option<usize> {
    use crate::codec::layout::pim::encoded::*;
    b.get(ENCODING.start())?;
    if FAMILY.read(b) != 1 || ENCODING.read(b) != 0 {
        return None;
    }
    if kind == Encoded::Unicast {
        let a = get_array::<4>(b, UNICAST_LEN.saturating_sub(4))?;
        let _ = write!(out, "{}", Ipv4Addr::from(a));
        return Some(kind.size());
    }
    let a = get_array::<4>(b, GROUP_LEN.saturating_sub(4))?;
    let (flags, mask) = (GROUP_FLAGS.read(b), MASK_LEN.read(b));
    let _ = write!(out, "{}", Ipv4Addr::from(a));
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
    Some(kind.size())
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
    let register_head = LEN.saturating_add(crate::codec::layout::pim::register::LEN);
    out.push_str(match (stored, kind, verdict(len), verdict(register_head)) {
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
            use crate::codec::layout::pim::assert::{LEN, METRIC, METRIC_PREF, RPT};
            let rest = m.get(n.saturating_add(k)..)?.get(..LEN)?;
            if RPT.read(rest) != 0 {
                out.push_str(" RPT");
            }
            let (pref, metric) = (METRIC_PREF.read(rest), METRIC.read(rest));
            let _ = write!(out, " pref={pref} metric={metric}");
            Some(())
        }
        _ => Some(()),
    }
}

fn hello(out: &mut String, m: &[u8], len: usize, style: Style) -> Option<()> {
    use crate::codec::layout::pim::hello::*;
    let mut at = 0usize;
    while at < len {
        let head = m.get(at..at.saturating_add(HEAD_LEN))?;
        let (otype, olen) = (
            OPTION_TYPE.read16(head),
            usize::from(OPTION_LENGTH.read16(head)),
        );
        let _ = write!(
            out,
            "\n\t  {} Option ({otype}), length {olen}, Value: ",
            option_name(otype)
        );
        at = at.saturating_add(HEAD_LEN);
        let v = m.get(at..at.saturating_add(olen))?;
        match (otype, olen) {
            (1, 2) => out.push_str(&timecode::relts(HOLDTIME.read(v))),
            (2, 4) => {
                let _ = write!(
                    out,
                    "\n\t    T-bit={}, LAN delay {}ms, Override interval {}ms",
                    T.read(v),
                    PROPAGATION_DELAY.read(v),
                    OVERRIDE_INTERVAL.read(v)
                );
            }
            (18 | 19, 0) => out.push_str("Bi-Directional Capability (Old)"),
            (18 | 19, 4) => {
                let _ = write!(out, "{}", DR_PRIORITY.read(v));
            }
            (20, 4) => {
                let _ = write!(out, "{:#010x}", GENERATION_ID.read(v));
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
    use crate::codec::layout::pim::register::{FLAGS, IP_VERSION, LEN};
    if len < LEN {
        return None;
    }
    let flags = FLAGS.read(m.get(..LEN)?);
    let name = match flags {
        0x8000_0000 => "Border",
        0x4000_0000 => "Null",
        _ => "none",
    };
    let _ = write!(out, ", Flags [ {name} ]\n\t");
    let inner = m.get(LEN..)?;
    inner.first()?;
    match IP_VERSION.read(m) {
        4 => ipv4_line(out, inner, 0, len.saturating_sub(LEN), style),
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
    use crate::codec::layout::pim::join_prune::{
        COUNTS_LEN, HOLDTIME, LEN, NUMGROUPS, NUMJOINS, NUMPRUNES,
    };
    let head = m.get(at..at.saturating_add(LEN))?;
    let (groups, hold) = (NUMGROUPS.read(head), HOLDTIME.read(head));
    let _ = write!(out, "\n\t  {groups} group(s)");
    if kind != 7 {
        out.push_str(", holdtime: ");
        if hold == 0xffff {
            out.push_str("infinite");
        } else {
            out.push_str(&timecode::relts(hold));
        }
    }
    at = at.saturating_add(LEN);
    for g in 1..=groups {
        let _ = write!(out, "\n\t    group #{g}: ");
        at = at.saturating_add(address(out, m.get(at..)?, Encoded::Group)?);
        let counts = m.get(at..at.saturating_add(COUNTS_LEN))?;
        let (joins, prunes) = (NUMJOINS.read(counts), NUMPRUNES.read(counts));
        let _ = write!(out, ", joined sources: {joins}, pruned sources: {prunes}");
        at = at.saturating_add(COUNTS_LEN);
        for (word, n) in [("joined", joins), ("pruned", prunes)] {
            for j in 1..=n {
                let _ = write!(out, "\n\t      {word} source #{j}: ");
                at = at.saturating_add(address(out, m.get(at..)?, Encoded::Source)?);
            }
        }
    }
    Some(())
}
