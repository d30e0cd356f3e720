//! PIM version 2 beside IGMP (RFC 7761 §4.9), with Wireshark's field ids: the common header,
//! and the bodies of a Hello (its options, §4.9.2), a Register (§4.9.3, with the packet it
//! carries dissected), a Register-Stop (§4.9.4), a Join/Prune (§4.9.5) and an Assert (§4.9.6).
//! Encoded addresses (§4.9.1) are read for IPv4 in the native encoding; anything else is shown
//! as bytes.

use super::{verdict_text, Dissector, Layer};
use crate::codec::checksum;
use crate::codec::layout;
use crate::codec::timecode;
use crate::codec::{be16_at, be32_at, byte_at, Span, Text};

/// What an encoded address is (RFC 7761 §4.9.1).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Encoded {
    Unicast,
    Group,
    Source,
}

impl Encoded {
    fn len(self) -> usize {
        if self == Encoded::Unicast {
            6
        } else {
            8
        }
    }
}

/// tshark's names for the message types.
fn type_name(t: u8) -> &'static str {
    match t {
        0 => "Hello",
        1 => "Register",
        2 => "Register-stop",
        3 => "Join/Prune",
        4 => "Bootstrap",
        5 => "Assert",
        6 => "Graft",
        7 => "Graft-Ack",
        8 => "Candidate-RP-Advertisement",
        _ => "Unknown",
    }
}

impl Dissector<'_> {
    /// A PIM message at `s` up to `end` (the end of the IP datagram).
    pub(super) fn pim(&mut self, s: usize, end: usize) {
        self.layer = Layer::Transport;
        use layout::pim::{self as head, CHECKSUM, RESERVED, TYPE, VERSION};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < head::LEN {
            self.truncated(s, head::LEN, "the PIM header", "PIM ヘッダ");
            return;
        }
        let (version, kind, stored) = (VERSION.read8(b), TYPE.read8(b), CHECKSUM.read16(b));
        self.open(
            "pim",
            (
                "Protocol Independent Multicast",
                "PIM (プロトコル独立マルチキャスト)",
            ),
            Span::new(s, end),
            || Text::same(format!("PIMv{version} {}", type_name(kind))),
        );
        self.add_def(&VERSION, s, || Text::same(version.to_string()));
        self.add_def(&TYPE, s, || {
            Text::same(format!("{} ({kind})", type_name(kind)))
        });
        self.add_def(&RESERVED, s, || {
            Text::same(format!("{:#04x}", RESERVED.read(b)))
        });
        // RFC 7761 §4.9: over the whole message; a Register's over its 8-byte header only (one
        // summed whole is accepted too).
        let ok = (!self.unknown_in(s, s.saturating_add(b.len()))).then(|| {
            checksum::verifies(b) || kind == 1 && b.get(..8).is_some_and(checksum::verifies)
        });
        self.add_def(&CHECKSUM, s, || verdict_text(stored, ok));
        if version == 2 && b.len() > head::LEN {
            let body = s.saturating_add(head::LEN);
            self.open(
                "pim.option",
                ("PIM options", "PIM オプション"),
                Span::new(body, end),
                || Text::same(""),
            );
            let _ = match kind {
                0 => self.pim_hello(body, end),
                1 => self.pim_register(body, end),
                2 | 5 => self.pim_stop_or_assert(body, end, kind == 5),
                3 | 6 | 7 => self.pim_join_prune(body, end, kind != 7),
                _ => None,
            };
            self.close();
        }
        self.close();
    }

    /// An encoded address at `at`; returns where it ends, or `None` when it is cut short or not
    /// IPv4 in the native encoding.
    fn pim_address(
        &mut self,
        at: usize,
        end: usize,
        kind: Encoded,
        id: &'static str,
    ) -> Option<usize> {
        let b = self.bytes.get(at..end)?.get(..kind.len())?;
        if byte_at(b, 0) != 1 || byte_at(b, 1) != 0 {
            return None;
        }
        // The address is the encoding's last 4 bytes.
        let a = kind.len().saturating_sub(4);
        let addr = crate::codec::ipv4_at(b, a);
        let label = match kind {
            Encoded::Unicast => ("Encoded unicast address", "符号化ユニキャストアドレス"),
            Encoded::Group => ("Encoded group address", "符号化グループアドレス"),
            Encoded::Source => ("Encoded source address", "符号化送信元アドレス"),
        };
        self.open(id, label, Span::rel(at, 0, kind.len()), || {
            Text::same(addr.to_string())
        });
        self.add(
            "pim.addr_address_family",
            ("Address family", "アドレスファミリ"),
            Span::rel(at, 0, 1),
            || Text::same("IPv4 (1)"),
        );
        self.add(
            "pim.addr_encoding_type",
            ("Encoding type", "符号化タイプ"),
            Span::rel(at, 1, 2),
            || Text::same("Native (0)"),
        );
        let addr_id = match kind {
            Encoded::Unicast => "pim.unicast",
            Encoded::Group => "pim.group",
            Encoded::Source => "pim.source",
        };
        if kind != Encoded::Unicast {
            let flags = byte_at(b, 2);
            let fs = Span::rel(at, 2, 3);
            if kind == Encoded::Group {
                self.add("pim.group_addr.flags", ("Flags", "フラグ"), fs, || {
                    Text::same(format!("{flags:#04x}"))
                });
                self.add_flags(
                    fs,
                    u32::from(flags),
                    &[
                        (
                            "pim.group_addr.flags.b",
                            ("Bidirectional PIM (B)", "双方向 PIM (B)"),
                            0x80u32,
                        ),
                        ("pim.group_addr.flags.reserved", ("Reserved", "予約"), 0x7e),
                        (
                            "pim.group_addr.flags.z",
                            ("Admin scope zone (Z)", "管理スコープゾーン (Z)"),
                            0x01,
                        ),
                    ],
                );
            } else {
                self.add("pim.source_addr.flags", ("Flags", "フラグ"), fs, || {
                    Text::same(format!("{flags:#04x}"))
                });
                self.add_flags(
                    fs,
                    u32::from(flags),
                    &[
                        (
                            "pim.source_addr.flags.reserved",
                            ("Reserved", "予約"),
                            0xf8u32,
                        ),
                        (
                            "pim.source_addr.flags.s",
                            ("Sparse (S)", "スパース (S)"),
                            0x04,
                        ),
                        (
                            "pim.source_addr.flags.w",
                            ("Wildcard (W)", "ワイルドカード (W)"),
                            0x02,
                        ),
                        (
                            "pim.source_addr.flags.r",
                            ("Rendezvous point tree (R)", "RP ツリー (R)"),
                            0x01,
                        ),
                    ],
                );
            }
            let mask_len = byte_at(b, 3);
            self.add(
                "pim.mask_len",
                ("Mask length", "マスク長"),
                Span::rel(at, 3, 4),
                || Text::same(mask_len.to_string()),
            );
        }
        self.add(
            addr_id,
            ("Address", "アドレス"),
            Span::rel(at, a, kind.len()),
            || Text::same(addr.to_string()),
        );
        self.close();
        Some(at.saturating_add(kind.len()))
    }

    fn pim_hello(&mut self, mut at: usize, end: usize) -> Option<()> {
        while at < end {
            let head = self.bytes.get(at..end)?.get(..4)?;
            let (otype, olen) = (be16_at(head, 0), usize::from(be16_at(head, 2)));
            self.add(
                "pim.optiontype",
                ("Option type", "オプション種別"),
                Span::rel(at, 0, 2),
                || Text::same(otype.to_string()),
            );
            self.add(
                "pim.optionlength",
                ("Option length", "オプション長"),
                Span::rel(at, 2, 4),
                || Text::same(olen.to_string()),
            );
            let v_at = at.saturating_add(4);
            let v = self.bytes.get(v_at..end)?.get(..olen)?;
            match (otype, olen) {
                (1, 2) => {
                    let t = be16_at(v, 0);
                    self.add(
                        "pim.holdtime",
                        ("Hold time", "保持時間"),
                        Span::rel(v_at, 0, 2),
                        || Text::same(format!("{t} s ({})", timecode::relts(t.into()))),
                    );
                }
                (19, 4) => {
                    let p = be32_at(v, 0);
                    self.add(
                        "pim.dr_priority",
                        ("DR priority", "DR 優先度"),
                        Span::rel(v_at, 0, 4),
                        || Text::same(p.to_string()),
                    );
                }
                (20, 4) => {
                    let g = be32_at(v, 0);
                    self.add(
                        "pim.generation_id",
                        ("Generation ID", "生成 ID"),
                        Span::rel(v_at, 0, 4),
                        || Text::same(format!("{g:#010x}")),
                    );
                }
                (2, 4) => {
                    let (delay, over) = (be16_at(v, 0), be16_at(v, 2));
                    self.add_bits(
                        "pim.t",
                        ("Join suppression (T)", "Join 抑制 (T)"),
                        Span::rel(v_at, 0, 1),
                        0x80,
                        || Text::same(u8::from(delay & 0x8000 != 0).to_string()),
                    );
                    self.add_bits(
                        "pim.propagation_delay",
                        ("Propagation delay", "伝搬遅延"),
                        Span::rel(v_at, 0, 2),
                        0x7fff,
                        || Text::same(format!("{} ms", delay & 0x7fff)),
                    );
                    self.add(
                        "pim.override_interval",
                        ("Override interval", "オーバーライド間隔"),
                        Span::rel(v_at, 2, 4),
                        || Text::same(format!("{over} ms")),
                    );
                }
                _ => {}
            }
            at = v_at.saturating_add(olen);
        }
        Some(())
    }

    fn pim_register(&mut self, at: usize, end: usize) -> Option<()> {
        let flags = be32_at(self.bytes.get(at..end)?.get(..4)?, 0);
        let fs = Span::rel(at, 0, 4);
        self.add("pim.register_flag", ("Flags", "フラグ"), fs, || {
            Text::same(format!("{flags:#010x}"))
        });
        self.add_bits(
            "pim.register_flag.border",
            ("Border (B)", "境界 (B)"),
            fs,
            0x8000_0000,
            || Text::same(u8::from(flags & 0x8000_0000 != 0).to_string()),
        );
        self.add_bits(
            "pim.register_flag.null_register",
            ("Null-Register (N)", "Null-Register (N)"),
            fs,
            0x4000_0000,
            || Text::same(u8::from(flags & 0x4000_0000 != 0).to_string()),
        );
        let inner = at.saturating_add(4);
        let version = self.bytes.get(inner).map(|v| v >> 4)?;
        self.add_bits(
            "pim.ip_version",
            ("IP version", "IP バージョン"),
            Span::rel(inner, 0, 1),
            0xf0,
            || Text::same(version.to_string()),
        );
        if version == 4 {
            // RFC 7761 §4.9.3: the data packet the DR encapsulates, dissected as any IPv4 packet.
            self.inside_ipv4(inner, end);
        }
        Some(())
    }

    fn pim_stop_or_assert(&mut self, at: usize, end: usize, assert: bool) -> Option<()> {
        let at = self.pim_address(at, end, Encoded::Group, "pim.group")?;
        let at = self.pim_address(at, end, Encoded::Unicast, "pim.source")?;
        if assert {
            let m = self.bytes.get(at..end)?.get(..8)?;
            let (pref, metric) = (be32_at(m, 0), be32_at(m, 4));
            self.add_bits(
                "pim.rpt",
                ("RP tree (R)", "RP ツリー (R)"),
                Span::rel(at, 0, 1),
                0x80,
                || Text::same(u8::from(pref & 0x8000_0000 != 0).to_string()),
            );
            self.add_bits(
                "pim.metric_pref",
                ("Metric preference", "メトリック優先度"),
                Span::rel(at, 0, 4),
                0x7fff_ffff,
                || Text::same((pref & 0x7fff_ffff).to_string()),
            );
            self.add(
                "pim.metric",
                ("Metric", "メトリック"),
                Span::rel(at, 4, 8),
                || Text::same(metric.to_string()),
            );
        }
        Some(())
    }

    fn pim_join_prune(&mut self, mut at: usize, end: usize, upstream: bool) -> Option<()> {
        if upstream {
            at = self.pim_address(at, end, Encoded::Unicast, "pim.upstream_neighbor")?;
        }
        let h = self.bytes.get(at..end)?.get(..4)?;
        let (groups, hold) = (byte_at(h, 1), be16_at(h, 2));
        self.add(
            "pim.res_bytes",
            ("Reserved", "予約"),
            Span::rel(at, 0, 1),
            || Text::same(format!("{:#04x}", byte_at(h, 0))),
        );
        self.add(
            "pim.numgroups",
            ("Number of groups", "グループ数"),
            Span::rel(at, 1, 2),
            || Text::same(groups.to_string()),
        );
        self.add(
            "pim.holdtime",
            ("Hold time", "保持時間"),
            Span::rel(at, 2, 4),
            || Text::same(format!("{hold} s ({})", timecode::relts(hold.into()))),
        );
        at = at.saturating_add(4);
        for _ in 0..groups {
            let set_start = at;
            self.open(
                "pim.group_set",
                ("Group", "グループ"),
                Span::new(at, end),
                || Text::same(""),
            );
            let done = (|| -> Option<usize> {
                let mut at = self.pim_address(at, end, Encoded::Group, "pim.group")?;
                let c = self.bytes.get(at..end)?.get(..4)?;
                let (joins, prunes) = (be16_at(c, 0), be16_at(c, 2));
                let counts_at = at;
                self.add(
                    "pim.numjoins",
                    ("Number of joins", "Join 数"),
                    Span::rel(at, 0, 2),
                    || Text::same(joins.to_string()),
                );
                at = at.saturating_add(4);
                for _ in 0..joins {
                    at = self.pim_address(at, end, Encoded::Source, "pim.join_ip")?;
                }
                self.add(
                    "pim.numprunes",
                    ("Number of prunes", "Prune 数"),
                    Span::rel(counts_at, 2, 4),
                    || Text::same(prunes.to_string()),
                );
                for _ in 0..prunes {
                    at = self.pim_address(at, end, Encoded::Source, "pim.prune_ip")?;
                }
                Some(at)
            })();
            self.close();
            let next = done?;
            if let Some(f) = self
                .out
                .fields
                .iter_mut()
                .rev()
                .find(|f| f.id == "pim.group_set" && f.span.start == set_start)
            {
                f.span = Span::new(set_start, next);
            }
            at = next;
        }
        Some(())
    }
}
