//! ICMPv6 beside IGMP, as tcpdump 4.99's print-icmp6.c and print-ip6opts.c print it: the
//! hop-by-hop header MLD rides behind (RFC 2711's Router Alert), MLDv1 (RFC 2710) and MLDv2
//! (RFC 3810) queries, reports and dones, echo, and neighbour discovery's solicitations and
//! advertisements (RFC 4861). Other types show their name.

use std::fmt::Write as _;
use std::net::Ipv6Addr;

use super::transport::Ends;
use super::Style;
use crate::codec::{be16_at, be32_at};

/// `icmp6_type_values`.
fn type_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "destination unreachable",
        2 => "packet too big",
        3 => "time exceeded in-transit",
        4 => "parameter problem",
        128 => "echo request",
        129 => "echo reply",
        130 => "multicast listener query",
        131 => "multicast listener report",
        132 => "multicast listener done",
        133 => "router solicitation",
        134 => "router advertisement",
        135 => "neighbor solicitation",
        136 => "neighbor advertisement",
        137 => "redirect",
        143 => "multicast listener report v2",
        _ => return None,
    })
}

fn addr6(b: &[u8], at: usize) -> Option<Ipv6Addr> {
    let a: [u8; 16] = b.get(at..at.checked_add(16)?)?.try_into().ok()?;
    Some(Ipv6Addr::from(a))
}

/// The hop-by-hop options header (`hbhopt_print`): `HBH `, and at -v each option. Returns the
/// header's length, or `None` when it is cut short.
pub(super) fn hop_by_hop(out: &mut String, b: &[u8], style: Style) -> Option<usize> {
    out.push_str("HBH ");
    let len = usize::from(*b.get(1)?).saturating_add(1).saturating_mul(8);
    let options = b.get(2..len)?;
    if style.verbose {
        let mut i = 0usize;
        while i < options.len() {
            let kind = *options.get(i)?;
            if kind == 0 {
                out.push_str("(pad1)");
                i = i.saturating_add(1);
                continue;
            }
            let olen = usize::from(*options.get(i.saturating_add(1))?);
            match kind {
                1 => out.push_str("(padn)"),
                5 => {
                    let v = options.get(i.saturating_add(2)..i.saturating_add(4))?;
                    let _ = write!(out, "(rtalert: {:#06x}) ", be16_at(v, 0));
                }
                _ => {
                    let _ = write!(out, "(opt_type {kind:#04x}: len={olen})");
                }
            }
            i = i.saturating_add(olen).saturating_add(2);
        }
        out.push(' ');
    }
    Some(len)
}

/// `icmp6_print`: `[icmp6 sum ok] ` at -v, then `ICMP6, TYPE…`, with `, length N` at the end
/// (at -v early, and for neighbour discovery only). `b` is the captured message, `len` its
/// length in the datagram, `sum_ok` the checksum verdict over the pseudo-header.
pub(super) fn icmp6(
    out: &mut String,
    ends: &Ends,
    b: &[u8],
    len: usize,
    style: Style,
    expected_sum: Option<u16>,
) {
    ends.write_plain(out);
    let Some(&kind) = b.first() else {
        out.push_str("[|icmp6]");
        return;
    };
    if style.verbose {
        if let (Some(should), Some(stored)) = (expected_sum, b.get(2..4).map(|x| be16_at(x, 0))) {
            if should == stored {
                out.push_str("[icmp6 sum ok] ");
            } else {
                let _ = write!(out, "[bad icmp6 cksum {stored:#06x} -> {should:#06x}!] ");
            }
        }
    }
    out.push_str("ICMP6, ");
    match type_name(kind) {
        Some(name) => out.push_str(name),
        None => {
            let _ = write!(out, "unknown icmp6 type ({kind})");
        }
    }
    if style.verbose && (133..=137).contains(&kind) {
        let _ = write!(out, ", length {len}");
    }
    if body(out, kind, b, len, style).is_none() {
        out.push_str(" [|icmp6]");
        return;
    }
    if !style.verbose {
        let _ = write!(out, ", length {len}");
    }
}

fn body(out: &mut String, kind: u8, b: &[u8], len: usize, style: Style) -> Option<()> {
    match kind {
        128 | 129 => {
            let (id, seq) = (be16_at(b.get(4..6)?, 0), be16_at(b.get(6..8)?, 0));
            let _ = write!(out, ", id {id}, seq {seq}");
        }
        130 if len >= 28 => mldv2_query(out, b, len, style)?,
        130 if len != 24 => {
            let _ = write!(out, " unknown-version (len {len}) ");
        }
        130..=132 => {
            let delay = be16_at(b.get(4..6)?, 0);
            let _ = write!(out, "max resp delay: {delay} ");
            let _ = write!(out, "addr: {}", addr6(b, 8)?);
        }
        143 => mldv2_report(out, b, len, style)?,
        135 => {
            let _ = write!(out, ", who has {}", addr6(b, 8)?);
        }
        136 => {
            let _ = write!(out, ", tgt is {}", addr6(b, 8)?);
            if style.verbose {
                let flags = be32_at(b.get(4..8)?, 0);
                out.push_str(", Flags [");
                super::text::push_bit_names(
                    out,
                    flags,
                    &[
                        (0x8000_0000, "router"),
                        (0x4000_0000, "solicited"),
                        (0x2000_0000, "override"),
                    ],
                );
                out.push(']');
            }
        }
        _ => {}
    }
    Some(())
}

fn mldv2_query(out: &mut String, b: &[u8], len: usize, style: Style) -> Option<()> {
    out.push_str(" v2");
    let mrt = crate::codec::timecode::decode_mld_max_resp(be16_at(b.get(4..6)?, 0));
    if style.verbose {
        let _ = write!(out, " [max resp delay={mrt}]");
    }
    let _ = write!(out, " [gaddr {}", addr6(b, 8)?);
    if style.verbose {
        let flags = *b.get(24)?;
        if flags & 0x08 != 0 {
            out.push_str(" sflag");
        }
        let qrv = flags & 0x07;
        if qrv != 0 {
            let _ = write!(out, " robustness={qrv}");
        }
        let qqi = crate::codec::timecode::decode_v3(*b.get(25)?);
        let _ = write!(out, " qqi={qqi}");
    }
    let n = usize::from(be16_at(b.get(26..28)?, 0));
    if n > 0 {
        if len < n.saturating_mul(16).saturating_add(28) {
            out.push_str(" [invalid number of sources]");
        } else if style.very_verbose {
            out.push_str(" {");
            for k in 0..n {
                let _ = write!(
                    out,
                    " {}",
                    addr6(b, k.saturating_mul(16).saturating_add(28))?
                );
            }
            out.push_str(" }");
        } else {
            let _ = write!(out, ", {n} source(s)");
        }
    }
    out.push(']');
    Some(())
}

fn mldv2_report(out: &mut String, b: &[u8], len: usize, style: Style) -> Option<()> {
    let groups = usize::from(be16_at(b.get(6..8)?, 0));
    let _ = write!(out, ", {groups} group record(s)");
    if !style.verbose {
        return Some(());
    }
    let mut at = 8usize;
    for _ in 0..groups {
        if len < at.saturating_add(20) {
            out.push_str(" [invalid number of groups]");
            return Some(());
        }
        let _ = write!(out, " [gaddr {}", addr6(b, at.saturating_add(4))?);
        let t = *b.get(at)?;
        out.push(' ');
        super::text::push_record_type(out, t, "v2-report");
        let aux = usize::from(*b.get(at.saturating_add(1))?);
        let n = usize::from(be16_at(
            b.get(at.saturating_add(2)..at.saturating_add(4))?,
            0,
        ));
        let end = at
            .saturating_add(20)
            .saturating_add(n.saturating_mul(16))
            .saturating_add(aux.saturating_mul(4));
        if len < end {
            out.push_str(" [invalid number of sources]");
            return Some(());
        }
        if style.very_verbose {
            out.push_str(" {");
            for k in 0..n {
                let _ = write!(
                    out,
                    " {}",
                    addr6(
                        b,
                        at.saturating_add(20).saturating_add(k.saturating_mul(16))
                    )?
                );
            }
            out.push_str(" }");
        } else {
            let _ = write!(out, ", {n} source(s)");
        }
        out.push(']');
        at = end;
    }
    Some(())
}
