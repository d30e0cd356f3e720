//! The IPv6 half (#30): the Hop-by-Hop Options header that carries MLD's Router Alert
//! (RFC 8200 §4.3, RFC 2711 §2.1) and ICMPv6 (RFC 4443 §2.1) with the MLD messages in it:
//! MLDv1 (RFC 2710 §3) and MLDv2 (RFC 3810 §5.1, §5.2). Field ids, positions and sizes are
//! Wireshark's (`tests/parity.rs` holds them to tshark's PDML of `parity/icmp6.pcap`).

use std::net::Ipv6Addr;

use super::{checksum_text, diagnostics, Dissector, Label, UNKNOWN_UNVERIFIED};
use crate::codec::frame::MessageKind;
use crate::codec::{checksum, layout, Layer, Span, Text};

/// What the IPv6 header and its extension headers said, for the checks on MLD.
pub(super) struct Ipv6Facts {
    pub src: Ipv6Addr,
    pub dst: Ipv6Addr,
    pub hop_limit: u8,
    /// A Router Alert option (any value) in a Hop-by-Hop Options header.
    pub router_alert: Option<u16>,
    /// Where the IPv6 header starts (the checks point at its fields).
    pub at: usize,
    /// The Ethernet destination, when the frame has one.
    pub mac_dst: Option<crate::codec::mac::Mac>,
}

/// The IPv6 address at `at` in `b` (zeros where `b` ends first).
pub(super) fn addr(b: &[u8], at: usize) -> Ipv6Addr {
    let octets = at
        .checked_add(16)
        .and_then(|end| b.get(at..end))
        .and_then(|x| <[u8; 16]>::try_from(x).ok())
        .unwrap_or([0; 16]);
    Ipv6Addr::from(octets)
}

/// A multicast address an MLD message carries: the address, where it sits in the message, and
/// its field's id.
type Group = (Ipv6Addr, usize, &'static str);

/// ICMPv6 message type names (RFC 4443 §2.1's registry, the MLD ones of RFC 2710 §3 and
/// RFC 3810 §5), as Wireshark shows them.
fn type_name(t: u8) -> Option<(&'static str, &'static str)> {
    Some(match t {
        1 => ("Destination Unreachable", "宛先到達不能"),
        2 => ("Packet Too Big", "パケット過大"),
        3 => ("Time Exceeded", "時間超過"),
        4 => ("Parameter Problem", "パラメータ問題"),
        128 => ("Echo (ping) request", "エコー要求"),
        129 => ("Echo (ping) reply", "エコー応答"),
        130 => ("Multicast Listener Query", "マルチキャストリスナークエリー"),
        131 => (
            "Multicast Listener Report",
            "マルチキャストリスナーレポート",
        ),
        132 => (
            "Multicast Listener Done",
            "マルチキャストリスナー Done メッセージ (脱退)",
        ),
        133 => ("Router Solicitation", "ルータ要請"),
        134 => ("Router Advertisement", "ルータ広告"),
        135 => ("Neighbor Solicitation", "近隣要請"),
        136 => ("Neighbor Advertisement", "近隣広告"),
        137 => ("Redirect", "リダイレクト"),
        143 => (
            "Multicast Listener Report Message v2",
            "マルチキャストリスナーレポート v2",
        ),
        _ => return None,
    })
}

/// MLDv2 record types (RFC 3810 §5.2.12), the names IGMPv3's records share.
fn record_name(t: u8) -> Option<&'static str> {
    Some(match t {
        1 => "MODE_IS_INCLUDE",
        2 => "MODE_IS_EXCLUDE",
        3 => "CHANGE_TO_INCLUDE_MODE",
        4 => "CHANGE_TO_EXCLUDE_MODE",
        5 => "ALLOW_NEW_SOURCES",
        6 => "BLOCK_OLD_SOURCES",
        _ => return None,
    })
}

impl Dissector<'_> {
    /// The Hop-by-Hop Options header at `s` (inside the `ipv6` layer, whose span tshark
    /// extends over it); returns the next header, where the following header starts, and the
    /// Router Alert value if an option carries one.
    pub(super) fn hop_by_hop(&mut self, s: usize, end: usize) -> Option<(u8, usize, Option<u16>)> {
        use layout::hopopts::{self, LEN, NXT, OPT_LENGTH, OPT_TYPE, ROUTER_ALERT};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < 8 {
            self.truncated(
                s,
                8,
                "the Hop-by-Hop Options header",
                "ホップバイホップオプションヘッダ",
            );
            return None;
        }
        let next = u8::try_from(NXT.read(b)).unwrap_or(0);
        // RFC 8200 §4.3: "Length of the Hop-by-Hop Options header in 8-octet units, not
        // including the first 8 octets."
        let len = usize::from(u8::try_from(LEN.read(b)).unwrap_or(0))
            .saturating_add(1)
            .saturating_mul(8);
        let len = len.min(b.len());
        self.add_def(&NXT, s, || Text::same(next.to_string()));
        self.add_def(&LEN, s, || {
            Text::same(format!("{} ({len} bytes)", LEN.read(b)))
        });
        let mut at = 2;
        let mut alert = None;
        // Every option takes at least one byte: at most `len` steps.
        while at < len {
            let kind = b.get(at).copied().unwrap_or(0);
            let o = s.saturating_add(at);
            if kind == hopopts::PAD1 {
                self.add(
                    "ipv6.opt.pad1",
                    ("Pad1", "Pad1"),
                    Span::rel(o, 0, 1),
                    || Text::same(""),
                );
                at = at.saturating_add(1);
                continue;
            }
            let data_len = usize::from(b.get(at.saturating_add(1)).copied().unwrap_or(0));
            let opt_end = at.saturating_add(2).saturating_add(data_len).min(len);
            let opt = b.get(at..opt_end).unwrap_or(&[]);
            let name: Label = match kind {
                hopopts::PADN => ("PadN", "PadN"),
                hopopts::ROUTER_ALERT_TYPE => ("Router Alert", "ルータアラート"),
                _ => ("Option", "オプション"),
            };
            self.open(
                "ipv6.opt",
                name,
                Span::new(o, s.saturating_add(opt_end)),
                || {
                    Text::new(
                        format!("type {kind}, {data_len} bytes of data"),
                        format!("種別 {kind}、データ {data_len} バイト"),
                    )
                },
            );
            self.add_def(&OPT_TYPE, o, || Text::same(format!("{kind} ({})", name.0)));
            self.add_def(&OPT_LENGTH, o, || Text::same(data_len.to_string()));
            match kind {
                hopopts::ROUTER_ALERT_TYPE if opt.len() >= 4 => {
                    let v = u16::try_from(ROUTER_ALERT.read(opt)).unwrap_or(0);
                    alert = Some(v);
                    // RFC 2710 §3: "the IPv6 Router Alert option [RTR-ALERT] ... value 0".
                    let meaning = if v == 0 {
                        ("0 (MLD)", "0 (MLD)")
                    } else {
                        ("not MLD's 0", "MLD の 0 ではない")
                    };
                    self.add_def(&ROUTER_ALERT, o, || {
                        Text::new(
                            format!("{v} [{}]", meaning.0),
                            format!("{v} [{}]", meaning.1),
                        )
                    });
                }
                hopopts::PADN => self.add(
                    "ipv6.opt.padn",
                    ("PadN", "PadN"),
                    Span::new(o.saturating_add(2), s.saturating_add(opt_end)),
                    || Text::same(super::hex_plain(opt.get(OPT_LENGTH.end()..).unwrap_or(&[]))),
                ),
                _ => {}
            }
            self.close();
            at = opt_end.max(at.saturating_add(2));
        }
        Some((next, s.saturating_add(len), alert))
    }

    /// ICMPv6 from `s` to the payload's end `end`; MLD's messages in full.
    pub(super) fn icmpv6(&mut self, s: usize, end: usize, ip: &Ipv6Facts) {
        use layout::mld::{CHECKSUM, CODE, TYPE};
        self.layer = Layer::Mld;
        let m = self.bytes.get(s..end).unwrap_or(&[]);
        if m.len() < 4 {
            self.truncated(s, 4, "the ICMPv6 header", "ICMPv6 ヘッダ");
            return;
        }
        let t = u8::try_from(TYPE.read(m)).unwrap_or(0);
        let code = CODE.read(m);
        let name = type_name(t);
        self.open(
            "icmpv6",
            ("Internet Control Message Protocol v6", "ICMPv6"),
            Span::new(s, end),
            || name.map_or_else(|| Text::same(format!("type {t}")), |n| Text::new(n.0, n.1)),
        );
        self.add_def(&TYPE, s, || match name {
            Some(n) => Text::new(format!("{t} ({})", n.0), format!("{t} ({})", n.1)),
            None => Text::same(t.to_string()),
        });
        self.add_def(&CODE, s, || Text::same(code.to_string()));
        let stored = u16::try_from(CHECKSUM.read(m)).unwrap_or(0);
        let expected = (!self.unknown_in(s, end))
            .then(|| checksum::icmpv6_expected(&ip.src.octets(), &ip.dst.octets(), m));
        self.add_def(&CHECKSUM, s, || {
            checksum_text(stored, expected, UNKNOWN_UNVERIFIED)
        });
        let mld = matches!(t, 130..=132 | 143);
        if mld {
            // Where the message is, not its meaning: read only by those who ask (the packet
            // list and the filters never do).
            self.out.mld_at = Some(s..end);
        }
        if let Some(e) = expected.filter(|e| *e != stored && mld) {
            self.diag(&diagnostics::MLD_BAD_CHECKSUM, Span::rel(s, 2, 4), Some("icmpv6.checksum"), format!("Bad ICMPv6 checksum {stored:#06x}: it should be {e:#06x} (over the IPv6 pseudo-header and all {} bytes of the message). Listeners and routers drop this message.", m.len()), format!("ICMPv6 チェックサム {stored:#06x} が誤っています。正しくは {e:#06x} です (IPv6 疑似ヘッダとメッセージ全体 {} バイトで計算)。リスナーもルータもこのメッセージを破棄します。", m.len()));
        }
        // The multicast addresses the message carries, as its reader read them, for the checks.
        let groups = match t {
            130 if m.len() >= layout::mld::V2_QUERY_SOURCES => {
                self.mld_kind(MessageKind::Mld2Query);
                self.mld2_query(s, m)
            }
            130..=132 if m.len() >= layout::mld::V1_LEN => {
                self.mld_kind(match t {
                    130 => MessageKind::Mld1Query,
                    131 => MessageKind::Mld1Report,
                    _ => MessageKind::Mld1Done,
                });
                self.mld1(s, m)
            }
            143 if m.len() >= layout::mld::V2_REPORT_RECORDS => {
                self.mld_kind(MessageKind::Mld2Report);
                self.mld2_report(s, m)
            }
            130..=132 | 143 => {
                let need = if t == 143 { 8 } else { 24 };
                self.truncated(s, need, "the MLD message", "MLD メッセージ");
                if t != 143 {
                    // No Multicast Address field to check.
                    self.close();
                    return self.mld_checks(ip);
                }
                return self.close_mld(ip, mld, t, s, m, Vec::new());
            }
            _ => {
                if m.len() > 4 {
                    self.add(
                        "data",
                        ("Data", "データ"),
                        Span::new(s.saturating_add(4), end),
                        || Text::same(format!("{} bytes", m.len().saturating_sub(4))),
                    );
                }
                Vec::new()
            }
        };
        if let Some(v6) = &mut self.out.info.ipv6 {
            v6.group = groups.first().map(|g| g.0);
        }
        self.close_mld(ip, mld, t, s, m, groups);
    }

    /// A readable MLD message: the packet list's kind, and a frame the "IGMP/MLD only" switch
    /// keeps.
    fn mld_kind(&mut self, kind: MessageKind) {
        self.out.info.kind = Some(kind);
        self.out.info.not_igmp = false;
    }

    /// Closes the ICMPv6 layer, then checks an MLD message's addresses and IPv6 header.
    fn close_mld(
        &mut self,
        ip: &Ipv6Facts,
        mld: bool,
        t: u8,
        s: usize,
        m: &[u8],
        groups: Vec<Group>,
    ) {
        self.close();
        if mld {
            self.mld_addresses(ip, t, s, m, groups);
            self.mld_checks(ip);
        }
    }

    /// MLDv1's Query, Report and Done (RFC 2710 §3), 24 bytes.
    fn mld1(&mut self, s: usize, m: &[u8]) -> Vec<Group> {
        use layout::mld::{MADDR, MAX_DELAY, RESERVED};
        let delay = MAX_DELAY.read(m);
        self.add_def(&MAX_DELAY, s, || Text::same(format!("{delay} ms")));
        self.add_def(&RESERVED, s, || {
            Text::same(super::hex_plain(
                m.get(RESERVED.start()..RESERVED.end()).unwrap_or(&[]),
            ))
        });
        let group = addr(m, MADDR.start());
        self.add_def(&MADDR, s, || Text::same(group.to_string()));
        vec![(group, MADDR.start(), MADDR.id)]
    }

    /// MLDv2's Query (RFC 3810 §5.1): the v1 fields, then flags, QQIC and sources.
    fn mld2_query(&mut self, s: usize, m: &[u8]) -> Vec<Group> {
        use layout::mld::{
            FLAG, FLAG_RESERVED, MADDR, MAX_CODE, NB_SOURCES, QQIC, QRV, RESERVED, S,
        };
        let code = u16::try_from(MAX_CODE.read(m)).unwrap_or(0);
        let ms = crate::codec::timecode::decode_mld_max_resp(code);
        // Wireshark's value is the delay the code stands for.
        self.add_def(&MAX_CODE, s, || {
            Text::new(
                format!("{ms} ms (code {code:#06x})"),
                format!("{ms} ms (コード {code:#06x})"),
            )
        });
        self.add_def(&RESERVED, s, || {
            Text::same(super::hex_plain(
                m.get(RESERVED.start()..RESERVED.end()).unwrap_or(&[]),
            ))
        });
        let group = addr(m, MADDR.start());
        self.add_def(&MADDR, s, || Text::same(group.to_string()));
        let flags = FLAG.read(m);
        self.open(FLAG.id, FLAG.label, FLAG.span(s), || {
            Text::same(format!("{flags:#04x}"))
        });
        self.add_flag_defs(&[&FLAG_RESERVED, &S, &QRV], s, m);
        self.close();
        let qqic = u8::try_from(QQIC.read(m)).unwrap_or(0);
        self.add_def(&QQIC, s, || {
            Text::same(format!(
                "{qqic} ({} s)",
                crate::codec::timecode::decode_v3(qqic)
            ))
        });
        let n = usize::try_from(NB_SOURCES.read(m)).unwrap_or(0);
        self.add_def(&NB_SOURCES, s, || Text::same(n.to_string()));
        self.ipv6_sources(
            "icmpv6.mld.source_address",
            s.saturating_add(layout::mld::V2_QUERY_SOURCES),
            n,
            s.saturating_add(m.len()),
        );
        vec![(group, MADDR.start(), MADDR.id)]
    }

    /// MLDv2's Report (RFC 3810 §5.2): its Multicast Address Records.
    fn mld2_report(&mut self, s: usize, m: &[u8]) -> Vec<Group> {
        use layout::mld::record::{AUX_DATA_LEN, MADDR, NB_SOURCES, RECORD_TYPE, SOURCES};
        use layout::mld::{NB_RECORDS, REPORT_RESERVED};
        self.add_def(&REPORT_RESERVED, s, || {
            Text::same(super::hex_plain(
                m.get(REPORT_RESERVED.start()..REPORT_RESERVED.end())
                    .unwrap_or(&[]),
            ))
        });
        let n = usize::try_from(NB_RECORDS.read(m)).unwrap_or(0);
        self.add_def(&NB_RECORDS, s, || Text::same(n.to_string()));
        let end = s.saturating_add(m.len());
        let mut at = layout::mld::V2_REPORT_RECORDS;
        let mut groups = Vec::new();
        // Each record takes at least 20 bytes: the loop ends with the message.
        for _ in 0..n {
            let Some(r) = m.get(at..).filter(|r| r.len() >= SOURCES) else {
                self.truncated(
                    s.saturating_add(at),
                    SOURCES,
                    "a Multicast Address Record",
                    "マルチキャストアドレスレコード",
                );
                return groups;
            };
            let rtype = u8::try_from(RECORD_TYPE.read(r)).unwrap_or(0);
            let aux = usize::try_from(AUX_DATA_LEN.read(r))
                .unwrap_or(0)
                .saturating_mul(4);
            let sources = usize::try_from(NB_SOURCES.read(r)).unwrap_or(0);
            let len = SOURCES
                .saturating_add(sources.saturating_mul(16))
                .saturating_add(aux);
            let group = addr(r, MADDR.start());
            groups.push((group, at.saturating_add(MADDR.start()), MADDR.id));
            let rs = s.saturating_add(at);
            let name = record_name(rtype);
            self.open(
                "icmpv6.mldr.mar",
                ("Multicast Address Record", "マルチキャストアドレスレコード"),
                Span::new(rs, rs.saturating_add(len).min(end)),
                || Text::same(format!("{} {group}", name.unwrap_or("?"))),
            );
            self.add_def(&RECORD_TYPE, rs, || {
                Text::same(format!("{rtype} ({})", name.unwrap_or("unknown")))
            });
            self.add_def(&AUX_DATA_LEN, rs, || Text::same((aux / 4).to_string()));
            self.add_def(&NB_SOURCES, rs, || Text::same(sources.to_string()));
            self.add_def(&MADDR, rs, || Text::same(group.to_string()));
            let src_at = rs.saturating_add(SOURCES);
            self.ipv6_sources("icmpv6.mldr.mar.source_address", src_at, sources, end);
            if aux > 0 {
                let a = src_at.saturating_add(sources.saturating_mul(16));
                self.add(
                    "icmpv6.mldr.mar.auxiliary_data",
                    ("Auxiliary data", "補助データ"),
                    Span::new(a, a.saturating_add(aux).min(end)),
                    || Text::same(format!("{aux} bytes")),
                );
            }
            self.close();
            at = at.saturating_add(len);
            if at > m.len() {
                self.truncated(
                    rs,
                    len,
                    "a Multicast Address Record",
                    "マルチキャストアドレスレコード",
                );
                return groups;
            }
        }
        groups
    }

    /// `n` IPv6 source addresses from `at`, as far as the message (to `end`) holds them.
    fn ipv6_sources(&mut self, id: &'static str, at: usize, n: usize, end: usize) {
        let fit = end.saturating_sub(at) / 16;
        for k in 0..n.min(fit) {
            let a = at.saturating_add(k.saturating_mul(16));
            let v = addr(self.bytes, a);
            self.add(
                id,
                ("Source address", "送信元アドレス"),
                Span::rel(a, 0, 16),
                || Text::same(v.to_string()),
            );
        }
        if n > fit {
            self.truncated(
                at.saturating_add(fit.saturating_mul(16)),
                n.saturating_sub(fit).saturating_mul(16),
                "the source addresses",
                "送信元アドレス",
            );
        }
    }

    /// What an MLD message's addresses must be: the IPv6 destination of each kind (RFC 2710 §8,
    /// RFC 3810 §5.1.15 and §5.2.14), the Multicast Address field a multicast address or, in a
    /// general query, zero (RFC 2710 §3.6), never ff02::1 or a scope-0 or scope-1 address in a
    /// Report or Done (RFC 2710 §5, RFC 3810 §6), and the Reserved fields zero (RFC 2710 §3.5,
    /// RFC 3810 §5.1.4, §5.2.1).
    fn mld_addresses(&mut self, ip: &Ipv6Facts, t: u8, s: usize, m: &[u8], groups: Vec<Group>) {
        use layout::mld::{REPORT_RESERVED, RESERVED};
        let all_nodes = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1);
        let reserved = if t == 143 {
            (&REPORT_RESERVED, "RFC 3810 §5.2.1")
        } else if m.len() >= layout::mld::V2_QUERY_SOURCES {
            (&RESERVED, "RFC 3810 §5.1.4")
        } else {
            (&RESERVED, "RFC 2710 §3.5")
        };
        let group = groups.first().map(|g| g.0);
        let (want, rfc): (Option<Ipv6Addr>, &'static str) = match (t, group) {
            (130, Some(g)) if g.is_unspecified() => {
                (Some(all_nodes), "RFC 2710 §8; RFC 3810 §5.1.15")
            }
            (130, Some(g)) => (Some(g), "RFC 2710 §8; RFC 3810 §5.1.15"),
            (131, Some(g)) => (Some(g), "RFC 2710 §8; RFC 3810 §5.2.14"),
            (132, _) => (
                Some(Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 2)),
                "RFC 2710 §8",
            ),
            (143, _) => (
                Some(Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0x16)),
                "RFC 3810 §5.2.14",
            ),
            _ => (None, ""),
        };
        if let Some(want) =
            want.filter(|w| *w != ip.dst && w.is_multicast() && ip.dst.is_multicast())
        {
            self.diag_as(&diagnostics::MLD_WRONG_DESTINATION, diagnostics::MLD_WRONG_DESTINATION.severity, rfc, Span::rel(ip.at, 24, 40), Some("ipv6.dst"), format!("Sent to {}: this message goes to {want}. Listeners and routers accept it on any of their addresses, but snooping switches forward by the destination.", ip.dst), format!("宛先が {} です。このメッセージの宛先は {want} です。リスナーとルータは自分のどのアドレス宛てでも受け付けますが、スヌーピングスイッチは宛先で転送します。", ip.dst));
        }
        for (g, at, id) in groups {
            let span = Span::rel(s, at, at.saturating_add(16));
            let general_query = t == 130 && g.is_unspecified();
            if !g.is_multicast() && !general_query {
                self.diag(
                    &diagnostics::MLD_GROUP_NOT_MULTICAST,
                    span,
                    Some(id),
                    format!(
                        "{g} is not a multicast address (ff00::/8){}.",
                        if t == 130 {
                            ", nor zero (a general query)"
                        } else {
                            ""
                        }
                    ),
                    format!(
                        "{g} はマルチキャストアドレス (ff00::/8) ではありません{}。",
                        if t == 130 {
                            "。ゼロ (ジェネラルクエリー) でもありません"
                        } else {
                            ""
                        }
                    ),
                );
            } else if matches!(t, 131 | 132 | 143)
                && (g == all_nodes
                    || matches!(g.segments().first().map(|w| w & 0x000f), Some(0 | 1)))
            {
                self.diag(&diagnostics::MLD_NEVER_REPORTED, span, Some(id), format!("{g} is reported: no MLD message is ever sent for the all-nodes address ff02::1 or an address of scope 0 or 1 (every node listens to ff02::1 always)."), format!("{g} がレポートされています。全ノードアドレス ff02::1 とスコープ 0・1 のアドレスについて MLD メッセージは送られません (全ノードは ff02::1 を常に受信します)。"));
            }
        }
        let (field, rfc) = reserved;
        let bytes = m.get(field.start()..field.end()).unwrap_or(&[]);
        if bytes.iter().any(|b| *b != 0) {
            self.diag_as(
                &diagnostics::MLD_RESERVED_SET,
                diagnostics::MLD_RESERVED_SET.severity,
                rfc,
                field.span(s),
                Some(field.id),
                format!(
                    "Reserved is {}: senders set it to zero (receivers ignore it).",
                    super::hex_plain(bytes)
                ),
                format!(
                    "予約フィールドが {} です。送信側は 0 にします (受信側は無視します)。",
                    super::hex_plain(bytes)
                ),
            );
        }
    }

    /// RFC 2710 §3 and RFC 3810 §5: "MLD messages are sent with a link-local IPv6 Source
    /// Address, an IPv6 Hop Limit of 1, and an IPv6 Router Alert option in a Hop-by-Hop
    /// Options header."
    fn mld_checks(&mut self, ip: &Ipv6Facts) {
        let s = ip.at;
        if ip.hop_limit != 1 {
            self.diag(&diagnostics::MLD_HOP_LIMIT_NOT_1, Span::rel(s, 7, 8), Some("ipv6.hlim"), format!("Hop limit is {}: MLD messages are sent with a hop limit of 1 and never leave the link.", ip.hop_limit), format!("ホップリミットが {} です。MLD メッセージはホップリミット 1 で送られ、リンクの外には出ません。", ip.hop_limit));
        }
        // The unspecified address is allowed for a report sent before the interface has a
        // link-local address (RFC 3810 §5.2.13).
        let link_local = ip
            .src
            .segments()
            .first()
            .is_some_and(|w| w & 0xffc0 == 0xfe80);
        if !link_local && !ip.src.is_unspecified() {
            self.diag(&diagnostics::MLD_SOURCE_NOT_LINK_LOCAL, Span::rel(s, 8, 24), Some("ipv6.src"), format!("Source {} is not link-local (fe80::/10): MLD messages are sent from a link-local address, and listeners and routers ignore others.", ip.src), format!("送信元 {} はリンクローカル (fe80::/10) ではありません。MLD メッセージはリンクローカルアドレスから送られ、それ以外は無視されます。", ip.src));
        }
        // RFC 2464 §7: a multicast IPv6 packet goes to 33:33 and the destination's last 32 bits.
        if let Some(got) = ip.mac_dst.filter(|_| ip.dst.is_multicast()) {
            let want = crate::codec::mac::ipv6_multicast_mac(ip.dst);
            if got != want {
                let (got, want) = (
                    crate::codec::mac::format_mac(&got),
                    crate::codec::mac::format_mac(&want),
                );
                self.diag_as(&diagnostics::ETH_MAC_MISMATCH, diagnostics::ETH_MAC_MISMATCH.severity, "RFC 2464 §7", Span::new(0, 6), Some("eth.dst"), format!("Destination MAC {got} does not match the IPv6 destination {}: it should be {want}. NICs filtering by MAC drop it.", ip.dst), format!("宛先 MAC {got} が IPv6 宛先 {} と一致しません。正しくは {want} です。MAC でフィルタする NIC は破棄します。", ip.dst));
            }
        }
        if ip.router_alert.is_none() {
            self.diag(&diagnostics::MLD_MISSING_ROUTER_ALERT, Span::rel(s, 6, 7), Some("ipv6.nxt"), "No Router Alert option in a Hop-by-Hop Options header: MLD messages carry it, so that routers look at them.".into(), "ホップバイホップオプションヘッダにルータアラートオプションがありません。MLD メッセージには必須で、これによりルータが処理します。".into());
        }
    }
}

/// The meaning of the ICMPv6 message `m` (type, code, checksum and body) if it is an MLD
/// message that holds what its type promises (#30): MLDv1's 24 bytes (RFC 2710 §3), MLDv2's
/// query of 28 bytes and its sources (RFC 3810 §5.1, §8.1: a query of 24 bytes is MLDv1's), or
/// MLDv2's report and every record it announces (§5.2). A count beyond the bytes reads as
/// nothing: the dissector reports it; the reader never guesses. Bounded by `m`'s length.
pub fn mld_message(m: &[u8]) -> Option<crate::codec::frame::MldMessage> {
    use crate::codec::frame::{MldMessage, MldRecord};
    use crate::codec::timecode;
    use layout::mld::{
        CHECKSUM, FLAG, MADDR, MAX_CODE, MAX_DELAY, NB_RECORDS, NB_SOURCES, QQIC, TYPE,
    };
    // The ICMPv6 header first (type, code, checksum).
    let t = u8::try_from(TYPE.read(m.get(..CHECKSUM.end())?)).ok()?;
    let sources = |at: usize, n: usize| -> Option<Vec<Ipv6Addr>> {
        let end = n.checked_mul(16)?.checked_add(at)?;
        let bytes = m.get(at..end)?;
        Some(bytes.chunks_exact(16).map(|c| addr(c, 0)).collect())
    };
    match t {
        130 if m.len() >= layout::mld::V2_QUERY_SOURCES => {
            let flags = u8::try_from(FLAG.read(m)).ok()?;
            let n = usize::try_from(NB_SOURCES.read(m)).ok()?;
            Some(MldMessage::Query {
                version: 2,
                max_resp_ms: timecode::decode_mld_max_resp(u16::try_from(MAX_CODE.read(m)).ok()?),
                group: addr(m, MADDR.start()),
                s_flag: flags & 0x08 != 0,
                qrv: flags & 0x07,
                qqi: timecode::decode_v3(u8::try_from(QQIC.read(m)).ok()?),
                sources: sources(layout::mld::V2_QUERY_SOURCES, n)?,
            })
        }
        130..=132 if m.len() >= layout::mld::V1_LEN => {
            let group = addr(m, MADDR.start());
            Some(match t {
                130 => MldMessage::Query {
                    version: 1,
                    max_resp_ms: MAX_DELAY.read(m),
                    group,
                    s_flag: false,
                    qrv: 0,
                    qqi: 0,
                    sources: vec![],
                },
                131 => MldMessage::V1Report { group },
                _ => MldMessage::Done { group },
            })
        }
        143 if m.len() >= layout::mld::V2_REPORT_RECORDS => {
            use layout::mld::record::{AUX_DATA_LEN, MADDR, NB_SOURCES, RECORD_TYPE, SOURCES};
            let n = usize::try_from(NB_RECORDS.read(m)).ok()?;
            let mut at = layout::mld::V2_REPORT_RECORDS;
            let mut records = Vec::new();
            // Each record takes at least 20 bytes: the loop ends with the message.
            for _ in 0..n {
                let r = m.get(at..).filter(|r| r.len() >= SOURCES)?;
                let count = usize::try_from(NB_SOURCES.read(r)).ok()?;
                let aux = usize::try_from(AUX_DATA_LEN.read(r)).ok()?.checked_mul(4)?;
                let first = at.checked_add(SOURCES)?;
                records.push(MldRecord {
                    record_type: u8::try_from(RECORD_TYPE.read(r)).ok()?.into(),
                    group: addr(r, MADDR.start()),
                    sources: sources(first, count)?,
                });
                at = first
                    .checked_add(count.checked_mul(16)?)?
                    .checked_add(aux)?;
                if at > m.len() {
                    return None;
                }
            }
            Some(MldMessage::V2Report { records })
        }
        _ => None,
    }
}
