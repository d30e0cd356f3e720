//! IGMP messages (RFC 1112, RFC 2236, RFC 3376), the neighbours that travel in IGMP (DVMRP, PIMv1,
//! mtrace, RFC 4286 Multicast Router Discovery), and the checks that span layers.

use std::net::Ipv4Addr;

use super::{
    checksum_text, hex_plain, record_sentence, Dissector, IpFacts, Label, UNKNOWN_UNVERIFIED,
};
use crate::codec::checksum;
use crate::codec::diagnostics;
use crate::codec::frame::{record_type_name, RecordType};
use crate::codec::layout;
use crate::codec::mac;
use crate::codec::spec::{Derived, IgmpSpec, LinkSpec, MacAddr, RecordSpec, ALL_SYSTEMS};
use crate::codec::timecode::{self, decode_v3};
use crate::codec::DecodeErrorKind;
use crate::codec::{be16_at, byte_at, bytes_at, ipv4_at};
use crate::codec::{Layer, Severity, Span, Text};

impl Dissector<'_> {
    pub(super) fn igmp(&mut self, ip: &IpFacts) -> Option<IgmpSpec> {
        self.layer = Layer::Igmp;
        let p = ip.payload_start;
        let claimed = ip.claimed_len;
        let available = ip.datagram_end.saturating_sub(p);
        let msg = bytes_at(self.bytes, p, available);
        let shown_end = p.saturating_add(available);
        if claimed > available {
            // The IP header claims more than was captured: decode what is there, and say so.
            let en = format!("The IP Total Length claims {claimed} IGMP bytes but the frame holds only {available} after byte {p}.");
            let ja = format!("IP Total Length は IGMP {claimed} バイトを示していますが、バイト {p} 以降には {available} バイトしかありません。");
            self.structural(
                &diagnostics::TRUNCATED,
                DecodeErrorKind::Truncated,
                shown_end,
                en,
                ja,
            );
        }
        let Some(&msg_type) = msg.first() else {
            self.truncated(p, 8, "the IGMP message", "IGMP メッセージ");
            return None;
        };
        let name = type_name(msg_type, claimed);
        self.open(
            "igmp",
            (
                "Internet Group Management Protocol",
                "IGMP (インターネットグループ管理プロトコル)",
            ),
            Span::new(p, shown_end),
            || name.clone(),
        );

        let version = match (msg_type, claimed) {
            (0x11, 8) => Some(if msg.get(layout::igmp::MAX_RESP.start()) == Some(&0) {
                "1"
            } else {
                "2"
            }),
            (0x11, n) if n >= 12 => Some("3"),
            (0x12, _) => Some("1"),
            (0x16 | 0x17, _) => Some("2"),
            (0x22, _) => Some("3"),
            _ => None,
        };
        if let Some(v) = version {
            self.add_derived(
                "igmp.version",
                ("IGMP version", "IGMP バージョン"),
                p,
                || Text::same(v),
            );
        }
        self.add_def(&layout::igmp::TYPE, p, || {
            Text::new(
                format!("{msg_type:#04x} ({})", name.en),
                format!("{msg_type:#04x} ({})", name.ja),
            )
        });
        let result = match msg_type {
            0x11 => self.query(p, claimed, msg),
            0x12 | 0x16 | 0x17 => self.basic(p, claimed, msg, msg_type),
            0x22 => self.v3_report(p, claimed, msg),
            _ => self.other(p, claimed, msg, msg_type),
        };
        self.close();
        let spec = result?;
        // RFC 2236 §2.3 / RFC 3376 §4.1.2: the checksum covers the whole IGMP message.
        let unknown = self.unknown_in(p, p.saturating_add(msg.len()));
        if msg.len() >= 4 && claimed <= available && !unknown {
            let stored = be16_at(msg, layout::igmp::CHECKSUM.start());
            let expected = checksum::expected(msg, 2);
            if stored != expected {
                let rfc = match msg_type {
                    0x11 if claimed >= 12 => "RFC 3376 §4.1.2",
                    0x22 => "RFC 3376 §4.2.2",
                    0x12 => "RFC 1112 App. I",
                    0x30..=0x32 => "RFC 4286 §3",
                    _ => "RFC 2236 §2.3",
                };
                self.diag_as(&diagnostics::IGMP_BAD_CHECKSUM, Severity::Error, rfc, Span::rel(p, 2, 4), Some("igmp.checksum"), format!("Bad IGMP checksum {stored:#06x}: it should be {expected:#06x} (over all {claimed} bytes of the message). Hosts and routers ignore this message."), format!("IGMP チェックサム {stored:#06x} が誤っています。正しくは {expected:#06x} です (メッセージ全体 {claimed} バイトで計算)。ホストもルータもこのメッセージを無視します。"));
            }
        }
        if ip.fragment {
            return None;
        }
        Some(spec)
    }

    fn checksum_field(&mut self, p: usize, msg: &[u8], claimed: usize) -> u16 {
        let stored = be16_at(msg, layout::igmp::CHECKSUM.start());
        let unknown = self.unknown_in(p, p.saturating_add(msg.len()));
        let expected = (msg.len() >= claimed && !unknown).then(|| checksum::expected(msg, 2));
        let unverified = if unknown {
            UNKNOWN_UNVERIFIED
        } else {
            (
                "unverified: message truncated",
                "未検証: メッセージが切れています",
            )
        };
        self.add_def(&layout::igmp::CHECKSUM, p, || {
            checksum_text(stored, expected, unverified)
        });
        stored
    }

    fn group_field(&mut self, id: &'static str, label: Label, at: usize, group: Ipv4Addr) {
        self.add(id, label, Span::rel(at, 0, 4), || {
            Text::same(group.to_string())
        });
    }

    fn need(&mut self, p: usize, msg: &[u8], n: usize, what: &str, what_ja: &str) -> bool {
        if msg.len() < n {
            self.truncated(p, n, what, what_ja);
            false
        } else {
            true
        }
    }

    /// Type 0x11: the version comes from the length (RFC 3376 §7.1).
    fn query(&mut self, p: usize, claimed: usize, msg: &[u8]) -> Option<IgmpSpec> {
        if claimed >= 12 {
            return self.v3_query(p, claimed, msg);
        }
        if !self.need(p, msg, 8, "the IGMP query", "IGMP クエリー") {
            return None;
        }
        let code = byte_at(msg, layout::igmp::MAX_RESP.start());
        let group = ipv4_at(msg, layout::igmp::MADDR.start());
        if code == 0 {
            // An IGMPv1 query (RFC 2236 §4): byte 1 is IGMPv1's unused field, as Wireshark has it.
            self.add_def_as(
                &layout::igmp::RESERVED,
                (
                    "Unused in IGMPv1 (Max Resp Time in IGMPv2)",
                    "IGMPv1 では未使用 (IGMPv2 では最大応答時間)",
                ),
                p,
                || {
                    Text::new(
                        "0x00 → IGMPv1 query: hosts use 10.0 s",
                        "0x00 → IGMPv1 クエリー: ホストは 10.0 秒を使用",
                    )
                },
            );
            self.add_derived(
                "igmp.mrt",
                ("Effective Max Response Time", "実効最大応答時間"),
                p.saturating_add(1),
                || Text::new("10.0 s (RFC 2236 §4)", "10.0 秒 (RFC 2236 §4)"),
            );
        } else {
            self.add_def_as(
                &layout::igmp::MAX_RESP,
                ("Max Resp Time", "最大応答時間"),
                p,
                || {
                    Text::new(
                        format!("{code:#04x} = {code} × 0.1 s (linear)"),
                        format!("{code:#04x} = {code} × 0.1 秒 (線形)"),
                    )
                },
            );
            self.add_derived(
                "igmp.mrt",
                ("Effective Max Response Time", "実効最大応答時間"),
                p.saturating_add(1),
                || Text::same(timecode::tenths_to_string(u32::from(code))),
            );
        }
        let checksum = self.checksum_field(p, msg, claimed);
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p.saturating_add(4),
            group,
        );
        if claimed > 8 {
            let en = format!("A query of {claimed} bytes is neither IGMPv2 (8) nor IGMPv3 (12 or more): RFC 3376 §7.1 says such queries MUST be silently ignored.");
            let ja = format!("{claimed} バイトのクエリーは IGMPv2 (8) でも IGMPv3 (12 以上) でもありません。RFC 3376 §7.1 により、このようなクエリーは黙って無視しなければなりません。");
            self.structural(
                &diagnostics::IGMP_BAD_QUERY_LENGTH,
                DecodeErrorKind::BadQueryLength,
                p,
                en,
                ja,
            );
            return None;
        }
        Some(IgmpSpec::Basic {
            msg_type: 0x11,
            code,
            checksum: Derived::Raw(checksum),
            group,
            extra: Vec::new(),
        })
    }

    /// 0x12, 0x16, 0x17: the 8-byte format; extra bytes are kept and flagged.
    fn basic(&mut self, p: usize, claimed: usize, msg: &[u8], msg_type: u8) -> Option<IgmpSpec> {
        if !self.need(p, msg, 8, "the IGMP message", "IGMP メッセージ") {
            return None;
        }
        let code = byte_at(msg, layout::igmp::MAX_RESP.start());
        // IGMPv1's report has no time in byte 1 (RFC 1112 Appendix I: "Unused"); Wireshark calls
        // it igmp.reserved. The v2 report and leave keep the v2 header's field (RFC 2236 §2).
        let (unused, unused_label): (&layout::FieldDef, Label) = if msg_type == 0x12 {
            (&layout::igmp::RESERVED, ("Unused", "未使用"))
        } else {
            (
                &layout::igmp::MAX_RESP,
                ("Max Resp Time (unused)", "最大応答時間 (未使用)"),
            )
        };
        self.add_def_as(unused, unused_label, p, || {
            Text::same(format!("{code:#04x}"))
        });
        if code != 0 {
            self.diag(&diagnostics::IGMP_NONZERO_UNUSED, Span::rel(p, 1, 2), Some(unused.id), format!("Byte 1 is {code:#04x}: it is set to zero when sending and ignored when receiving in this message type."), format!("バイト 1 が {code:#04x} です。このメッセージ種別では送信時 0、受信時は無視されます。"));
        }
        let checksum = self.checksum_field(p, msg, claimed);
        let group = ipv4_at(msg, layout::igmp::MADDR.start());
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p.saturating_add(4),
            group,
        );
        let extra = self.extra_bytes(p, 8, claimed, msg, "RFC 2236 §2.5");
        Some(IgmpSpec::Basic {
            msg_type,
            code,
            checksum: Derived::Raw(checksum),
            group,
            extra,
        })
    }

    /// Bytes of the IGMP message after its defined end: kept, shown, and flagged.
    fn extra_bytes(
        &mut self,
        p: usize,
        used: usize,
        claimed: usize,
        msg: &[u8],
        rfc: &'static str,
    ) -> Vec<u8> {
        if claimed <= used {
            return Vec::new();
        }
        let extra = msg
            .get(used..claimed.min(msg.len()))
            .unwrap_or(&[])
            .to_vec();
        let n = claimed.saturating_sub(used);
        self.add(
            "igmp.extra",
            ("Extra bytes", "余分なバイト"),
            Span::rel(p.saturating_add(used), 0, extra.len()),
            || {
                Text::new(
                    format!("{n} bytes after the message"),
                    format!("メッセージの後ろに {n} バイト"),
                )
            },
        );
        self.diag_as(&diagnostics::IGMP_TRAILING_BYTES, Severity::Warning, rfc, Span::rel(p.saturating_add(used), 0, extra.len()), Some("igmp.extra"), format!("{n} bytes follow the {used}-byte IGMP message inside the IP payload: receivers ignore them but include them in the checksum, and senders must not add them."), format!("IP ペイロード内で {used} バイトの IGMP メッセージの後に {n} バイトあります。受信側は無視しますがチェックサムには含めます。送信側は付加してはいけません。"));
        extra
    }

    fn v3_query(&mut self, p: usize, claimed: usize, msg: &[u8]) -> Option<IgmpSpec> {
        if !self.need(
            p,
            msg,
            12,
            "the IGMPv3 query header",
            "IGMPv3 クエリーヘッダ",
        ) {
            return None;
        }
        let code = byte_at(msg, layout::igmp::MAX_RESP.start());
        let mrt = decode_v3(code);
        self.max_resp_v3(p, code, mrt);
        let checksum = self.checksum_field(p, msg, claimed);
        let group = ipv4_at(msg, layout::igmp::MADDR.start());
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p.saturating_add(4),
            group,
        );
        // Bits of byte 8 (RFC 3376 §4.1.4–4.1.6); the field table says which.
        let resv = u8::try_from(layout::igmp::RESV.read(msg)).unwrap_or(0);
        let s = layout::igmp::S.read(msg) != 0;
        let qrv = u8::try_from(layout::igmp::QRV.read(msg)).unwrap_or(0);
        let s8 = layout::igmp::S.span(p);
        self.add_def(&layout::igmp::RESV, p, || Text::same(resv.to_string()));
        self.add_def(&layout::igmp::S, p, || {
            if s {
                Text::new(
                    "1 (routers do not lower their timers)",
                    "1 (ルータはタイマーを下げない)",
                )
            } else {
                Text::same("0")
            }
        });
        self.add_def(&layout::igmp::QRV, p, || Text::same(qrv.to_string()));
        let qqic = byte_at(msg, layout::igmp::QQIC.start());
        let qqi = decode_v3(qqic);
        self.add_def(&layout::igmp::QQIC, p, || {
            let form = if qqic < 128 {
                "linear".to_string()
            } else {
                format!(
                    "floating point: exp {}, mant {}",
                    (qqic >> 4) & 7,
                    qqic & 0x0f
                )
            };
            let form_ja = if qqic < 128 {
                "線形".to_string()
            } else {
                format!("浮動小数点: 指数 {}, 仮数 {}", (qqic >> 4) & 7, qqic & 0x0f)
            };
            Text::new(
                format!("{qqic:#04x} = {qqi} s ({form})"),
                format!("{qqic:#04x} = {qqi} 秒 ({form_ja})"),
            )
        });
        self.add_derived(
            "igmp.qqi",
            ("Querier's Query Interval", "クエリアのクエリー間隔"),
            p.saturating_add(9),
            || Text::new(format!("{qqi} s"), format!("{qqi} 秒")),
        );
        let n = be16_at(msg, layout::igmp::NUM_SRC.start());
        self.add_def(&layout::igmp::NUM_SRC, p, || Text::same(n.to_string()));
        if resv != 0 {
            self.diag_as(&diagnostics::IGMP_RESERVED_SET, Severity::Warning, "RFC 3376 §4.1.4", s8, Some("igmp.resv"), format!("Reserved bits are {resv:#x}: senders set them to zero (receivers ignore them)."), format!("予約ビットが {resv:#x} です。送信側は 0 にします (受信側は無視します)。"));
        }
        if qrv == 0 {
            self.diag(&diagnostics::IGMP_QRV_ZERO, s8, Some("igmp.qrv"), "QRV is 0: the querier's Robustness Variable exceeds 7 or is unset; receivers keep their own value.".into(), "QRV が 0 です。クエリアのロバストネス変数が 7 を超えるか未設定です。受信側は自分の値を使い続けます。".into());
        }
        let room = claimed.min(msg.len()).saturating_sub(12) / 4;
        if usize::from(n) > room {
            let en = format!("Number of Sources says {n}, but the message has room for only {room} source addresses after byte {}.", p.saturating_add(12));
            let ja = format!(
                "送信元の数は {n} ですが、バイト {} 以降には {room} 個分の領域しかありません。",
                p.saturating_add(12)
            );
            let mut sources = Vec::new();
            self.source_list(p.saturating_add(12), room, &mut sources);
            self.structural_as(
                &diagnostics::IGMP_BAD_NUM_SRC,
                "RFC 3376 §4.1.8",
                DecodeErrorKind::CountBeyondBytes,
                p.saturating_add(10),
                en,
                ja,
            );
            return None;
        }
        let mut sources = Vec::with_capacity(usize::from(n));
        self.source_list(p.saturating_add(12), usize::from(n), &mut sources);
        if n > 0 && group == Ipv4Addr::UNSPECIFIED {
            self.diag(&diagnostics::IGMP_SOURCES_IN_GENERAL_QUERY, Span::rel(p, 10, 12), Some("igmp.num_src"), format!("A general query (group 0.0.0.0) carries {n} sources: a general query has none; Linux drops it."), format!("ジェネラルクエリー (グループ 0.0.0.0) に {n} 個の送信元があります。ジェネラルクエリーには送信元はありません。Linux は破棄します。"));
        }
        let used = usize::from(n).saturating_mul(4).saturating_add(12);
        let extra = self.extra_bytes(p, used, claimed, msg, "RFC 3376 §4.1.10");
        Some(IgmpSpec::V3Query {
            code,
            checksum: Derived::Raw(checksum),
            group,
            resv,
            s,
            qrv,
            qqic,
            num_sources: Derived::Raw(n),
            sources,
            extra,
        })
    }

    fn max_resp_v3(&mut self, p: usize, code: u8, mrt: u32) {
        let span = layout::igmp::MAX_RESP.span(p);
        self.add_def(&layout::igmp::MAX_RESP, p, || {
            if code < 128 {
                Text::new(
                    format!("{code:#04x} = {mrt} × 0.1 s (linear below 128)"),
                    format!("{code:#04x} = {mrt} × 0.1 秒 (128 未満は線形)"),
                )
            } else {
                Text::new(
                    format!(
                        "{code:#04x} = ({:#x} | 0x10) << ({} + 3) = {mrt} × 0.1 s (floating point)",
                        code & 0x0f,
                        (code >> 4) & 7
                    ),
                    format!(
                        "{code:#04x} = ({:#x} | 0x10) << ({} + 3) = {mrt} × 0.1 秒 (浮動小数点)",
                        code & 0x0f,
                        (code >> 4) & 7
                    ),
                )
            }
        });
        if code >= 128 {
            self.depth = self.depth.saturating_add(1);
            self.add_bits(
                "igmp.max_resp.exp",
                ("Exponent", "指数"),
                span,
                0x70,
                || Text::same(((code >> 4) & 7).to_string()),
            );
            self.add_bits(
                "igmp.max_resp.mant",
                ("Mantissa", "仮数"),
                span,
                0x0f,
                || Text::same((code & 0x0f).to_string()),
            );
            self.depth = self.depth.saturating_sub(1);
        }
        self.add_derived(
            "igmp.mrt",
            ("Effective Max Response Time", "実効最大応答時間"),
            p.saturating_add(1),
            || Text::same(timecode::tenths_to_string(mrt)),
        );
    }

    /// `count` source addresses from absolute offset `at` (fewer if the bytes end).
    fn source_list(&mut self, at: usize, count: usize, out: &mut Vec<Ipv4Addr>) {
        for i in 0..count {
            let off = at.saturating_add(i.saturating_mul(4));
            let Some(addr) = crate::codec::get_array::<4>(self.bytes, off).map(Ipv4Addr::from)
            else {
                break;
            };
            self.add(
                "igmp.saddr",
                ("Source address", "送信元アドレス"),
                Span::rel(off, 0, 4),
                || Text::same(addr.to_string()),
            );
            out.push(addr);
        }
    }

    fn v3_report(&mut self, p: usize, claimed: usize, msg: &[u8]) -> Option<IgmpSpec> {
        if !self.need(
            p,
            msg,
            8,
            "the IGMPv3 report header",
            "IGMPv3 レポートヘッダ",
        ) {
            return None;
        }
        let reserved1 = byte_at(msg, layout::igmp::MAX_RESP.start());
        self.add_def(&layout::igmp::RESERVED, p, || {
            Text::same(format!("{reserved1:#04x}"))
        });
        let checksum = self.checksum_field(p, msg, claimed);
        let reserved2 = be16_at(msg, layout::igmp::REPORT_RESERVED.start());
        self.add_def(&layout::igmp::REPORT_RESERVED, p, || {
            Text::same(format!("{reserved2:#06x}"))
        });
        if reserved1 != 0 || reserved2 != 0 {
            self.diag_as(
                &diagnostics::IGMP_RESERVED_SET,
                Severity::Warning,
                "RFC 3376 §4.2.1",
                Span::rel(p, 1, 6),
                Some(layout::igmp::RESERVED.id),
                "Reserved fields of the report are not zero: senders set them to zero.".into(),
                "レポートの予約フィールドが 0 ではありません。送信側は 0 にします。".into(),
            );
        }
        let m = be16_at(msg, layout::igmp::NUM_GRP_RECS.start());
        self.add_def(&layout::igmp::NUM_GRP_RECS, p, || Text::same(m.to_string()));
        let limit = claimed.min(msg.len());
        let mut pos = 8usize;
        let mut records = Vec::with_capacity(usize::from(m).min(256));
        for i in 0..usize::from(m) {
            let at = p.saturating_add(pos);
            if pos.saturating_add(8) > limit {
                let en = format!("Group record {} of {m} should start at byte {at}, but the message ends at byte {}.", i.saturating_add(1), p.saturating_add(limit));
                let ja = format!("{m} 個中 {} 番目のグループレコードはバイト {at} から始まるはずですが、メッセージはバイト {} で終わっています。", i.saturating_add(1), p.saturating_add(limit));
                self.structural(
                    &diagnostics::IGMP_BAD_NUM_GRP_RECS,
                    DecodeErrorKind::CountBeyondBytes,
                    p.saturating_add(6),
                    en,
                    ja,
                );
                return None;
            }
            let rtype = byte_at(msg, pos);
            let aux_len = byte_at(msg, pos.saturating_add(1));
            let n = be16_at(msg, pos.saturating_add(2));
            let group = ipv4_at(msg, pos.saturating_add(4));
            // At most 8 + 4·65535 + 4·255 bytes: no overflow, even on 32 bits.
            let rec_len = usize::from(n)
                .saturating_add(usize::from(aux_len))
                .saturating_mul(4)
                .saturating_add(8);
            let rec_end = pos.saturating_add(rec_len).min(limit);
            let names = record_type_name(rtype);
            let sentence = record_sentence(RecordType::from_code(rtype), group, n);
            self.open(
                "igmp.record",
                ("Group Record", "グループレコード"),
                Span::new(at, p.saturating_add(rec_end)),
                || {
                    let short = names.map(|x| x.0).unwrap_or("?");
                    Text::new(
                        format!("{group} {short}: {}", sentence.en),
                        format!("{group} {short}: {}", sentence.ja),
                    )
                },
            );
            self.add_def(&layout::igmp::record::RECORD_TYPE, at, || match names {
                Some((short, long)) => Text::same(format!("{rtype} ({long}, {short})")),
                None => Text::new(format!("{rtype} (unknown)"), format!("{rtype} (不明)")),
            });
            self.add_def(&layout::igmp::record::AUX_DATA_LEN, at, || {
                Text::new(format!("{aux_len} words"), format!("{aux_len} ワード"))
            });
            self.add_def(&layout::igmp::record::NUM_SRC, at, || {
                Text::same(n.to_string())
            });
            self.group_field(
                "igmp.maddr",
                ("Multicast address", "マルチキャストアドレス"),
                at.saturating_add(4),
                group,
            );
            if names.is_none() {
                self.diag(&diagnostics::IGMP_UNKNOWN_RECORD_TYPE, Span::rel(at, 0, 1), Some("igmp.record_type"), format!("Record type {rtype} is not defined (1–6): receivers ignore this record."), format!("レコード種別 {rtype} は未定義です (1〜6)。受信側はこのレコードを無視します。"));
            }
            self.group_check(group, at.saturating_add(4), "igmp.maddr");
            if pos.saturating_add(rec_len) > limit {
                let room = limit.saturating_sub(pos.saturating_add(8)) / 4;
                let mut sources = Vec::new();
                self.source_list(at.saturating_add(8), room.min(usize::from(n)), &mut sources);
                self.close();
                let en = format!("Group record {} claims {n} sources and {aux_len} aux words ({rec_len} bytes), but only {} bytes remain from byte {at}.", i.saturating_add(1), limit.saturating_sub(pos));
                let ja = format!("{} 番目のグループレコードは送信元 {n} 個と補助データ {aux_len} ワード ({rec_len} バイト) を示していますが、バイト {at} 以降は {} バイトしかありません。", i.saturating_add(1), limit.saturating_sub(pos));
                self.structural_as(
                    &diagnostics::IGMP_BAD_NUM_SRC,
                    "RFC 3376 §4.2.7",
                    DecodeErrorKind::CountBeyondBytes,
                    at.saturating_add(2),
                    en,
                    ja,
                );
                return None;
            }
            let mut sources = Vec::with_capacity(usize::from(n));
            self.source_list(at.saturating_add(8), usize::from(n), &mut sources);
            let aux_start = pos
                .saturating_add(8)
                .saturating_add(usize::from(n).saturating_mul(4));
            let aux = msg
                .get(aux_start..aux_start.saturating_add(usize::from(aux_len).saturating_mul(4)))
                .unwrap_or(&[])
                .to_vec();
            if !aux.is_empty() {
                let a = p.saturating_add(aux_start);
                let alen = aux.len();
                self.add(
                    "igmp.aux_data",
                    ("Auxiliary data", "補助データ"),
                    Span::rel(a, 0, alen),
                    || Text::same(hex_plain(&aux)),
                );
                self.diag(&diagnostics::IGMP_AUX_DATA, Span::rel(a, 0, alen), Some("igmp.aux_data"), format!("{alen} bytes of auxiliary data: IGMPv3 defines none, and receivers ignore it."), format!("補助データが {alen} バイトあります。IGMPv3 では定義されておらず、受信側は無視します。"));
            }
            self.close();
            records.push(RecordSpec {
                record_type: rtype,
                aux_len: Derived::Raw(aux_len),
                num_sources: Derived::Raw(n),
                group,
                sources,
                aux,
            });
            pos = pos.saturating_add(rec_len);
        }
        self.set_end("igmp", p.saturating_add(limit));
        let extra = self.extra_bytes(p, pos, claimed, msg, "RFC 3376 §4.2.11");
        Some(IgmpSpec::V3Report {
            reserved1,
            checksum: Derived::Raw(checksum),
            reserved2,
            num_records: Derived::Raw(m),
            records,
            extra,
        })
    }

    /// DVMRP, PIMv1, mtrace, Multicast Router Discovery and unknown types: named, decoded where
    /// the layout is simple, and kept raw.
    fn other(&mut self, p: usize, claimed: usize, msg: &[u8], msg_type: u8) -> Option<IgmpSpec> {
        if !self.need(p, msg, 4, "the IGMP header", "IGMP ヘッダ") {
            return None;
        }
        let code = byte_at(msg, layout::igmp::MAX_RESP.start());
        let body_end = claimed.min(msg.len());
        match msg_type {
            0x13 => {
                self.add(
                    "dvmrp.code",
                    ("DVMRP code", "DVMRP コード"),
                    Span::rel(p, 1, 2),
                    || Text::same(format!("{code} ({})", dvmrp_code_name(code))),
                );
            }
            0x30 => {
                self.add(
                    "mrdisc.adv_int",
                    ("Advertisement interval", "広告間隔"),
                    Span::rel(p, 1, 2),
                    || Text::new(format!("{code} s"), format!("{code} 秒")),
                );
            }
            _ => {
                self.add(
                    "igmp.code",
                    ("Code", "コード"),
                    Span::rel(p, 1, 2),
                    || Text::same(format!("{code:#04x}")),
                );
            }
        }
        let checksum = self.checksum_field(p, msg, claimed);
        let body = msg.get(4..body_end).unwrap_or(&[]).to_vec();
        match msg_type {
            0x1e | 0x1f if body.len() >= 20 => {
                use layout::mtrace::*;
                let m = msg.get(..body_end).unwrap_or(msg);
                for def in [&GROUP, &SRC, &DST, &RESP] {
                    let a = Ipv4Addr::from(def.read(m));
                    self.group_field(def.id, def.label, p.saturating_add(def.start()), a);
                }
                self.add_def(&RESP_TTL, p, || Text::same(RESP_TTL.read(m).to_string()));
                self.add_def(&Q_ID, p, || Text::same(Q_ID.read(m).to_string()));
                if m.len() > BLOCKS {
                    let n = m.len().saturating_sub(BLOCKS);
                    self.add(
                        "mtrace.blocks",
                        ("Response blocks", "応答ブロック"),
                        Span::rel(p, BLOCKS, m.len()),
                        || {
                            Text::new(
                                format!("{n} bytes ({} blocks of 28)", n / 28),
                                format!("{n} バイト (28 バイトのブロック {} 個)", n / 28),
                            )
                        },
                    );
                }
            }
            0x30 if body.len() >= 4 => {
                use layout::mrdisc::{QUERY_INT, RV};
                let (qi, rv) = (QUERY_INT.read(msg), RV.read(msg));
                self.add_def(&QUERY_INT, p, || {
                    Text::new(format!("{qi} s"), format!("{qi} 秒"))
                });
                self.add_def(&RV, p, || Text::same(rv.to_string()));
            }
            _ => {
                if !body.is_empty() {
                    let n = body.len();
                    self.add(
                        "igmp.data",
                        ("Data", "データ"),
                        Span::rel(p.saturating_add(4), 0, n),
                        || Text::same(hex_plain(&body)),
                    );
                }
            }
        }
        if !(0x13..=0x32).contains(&msg_type)
            || (0x20..0x30).contains(&msg_type)
            || matches!(msg_type, 0x15 | 0x18..=0x1d)
        {
            self.diag(&diagnostics::IGMP_UNKNOWN_TYPE, Span::rel(p, 0, 1), Some("igmp.type"), format!("IGMP type {msg_type:#04x} is not one the workbench knows: shown raw. Receivers silently ignore unknown types; snooping switches flood them."), format!("IGMP タイプ {msg_type:#04x} は本ツールが知らない種別です。生データで表示します。受信側は黙って無視し、スヌーピングスイッチはフラッディングします。"));
        }
        Some(IgmpSpec::Raw {
            msg_type,
            code,
            checksum: Derived::Raw(checksum),
            body,
        })
    }

    /// A group field must be a multicast address, and never 224.0.0.1 (RFC 2236 §6).
    fn group_check(&mut self, group: Ipv4Addr, at: usize, field: &str) {
        let span = Span::rel(at, 0, 4);
        if !group.is_multicast() {
            self.diag(&diagnostics::IGMP_GROUP_NOT_MULTICAST, span, Some(field), format!("Group address {group} is not a multicast address (224.0.0.0/4)."), format!("グループアドレス {group} はマルチキャストアドレス (224.0.0.0/4) ではありません。"));
        } else if group == ALL_SYSTEMS {
            self.diag(&diagnostics::IGMP_ALL_SYSTEMS_REPORTED, span, Some(field), "224.0.0.1 (all systems) is reported: hosts are permanent members and never report it.".into(), "224.0.0.1 (全システム) がレポートされています。ホストは常にメンバーであり、レポートしません。".into());
        }
    }

    /// Checks that need several layers: destination address, TTL, Router Alert, MAC.
    pub(super) fn cross_checks(&mut self, link: &LinkSpec, ip: &IpFacts, igmp: &IgmpSpec) {
        let s = ip.header_start;
        let p = ip.payload_start;
        let dst_span = Span::rel(s, 16, 20);
        let (expected, rule, _) = igmp.auto_destination();
        let msg_type = igmp.msg_type();
        let group = match igmp {
            IgmpSpec::Basic { group, .. } | IgmpSpec::V3Query { group, .. } => Some(*group),
            _ => None,
        };
        // Group validity for queries, reports and leaves.
        match (msg_type, group) {
            (0x11, Some(g)) if g != Ipv4Addr::UNSPECIFIED && !g.is_multicast() => {
                self.group_check(g, p.saturating_add(4), "igmp.maddr");
            }
            (0x12 | 0x16 | 0x17, Some(g)) => self.group_check(g, p.saturating_add(4), "igmp.maddr"),
            _ => {}
        }
        let known = matches!(msg_type, 0x11 | 0x12 | 0x16 | 0x17 | 0x22 | 0x30..=0x32);
        if known && ip.dst != expected {
            // RFC 2236 §3: routers SHOULD also accept a Leave sent to the group; hosts MUST accept
            // queries sent to their own (unicast) address (RFC 3376 §4.1.12).
            let leave_to_group = msg_type == 0x17 && Some(ip.dst) == group;
            let unicast_query = msg_type == 0x11 && !ip.dst.is_multicast();
            let gsq_to_all = msg_type == 0x11 && ip.dst == ALL_SYSTEMS;
            let (sev, note_en, note_ja) = if leave_to_group {
                (Severity::Warning, " Old hosts send Leaves to the group; routers SHOULD accept them.", " 古いホストはグループ宛てにリーブメッセージを送ります。ルータは受け入れるべきです (SHOULD)。")
            } else if unicast_query {
                (
                    Severity::Info,
                    " Hosts accept queries sent to their own address.",
                    " ホストは自分のアドレス宛てのクエリーも受け付けます。",
                )
            } else if gsq_to_all {
                (
                    Severity::Warning,
                    " The Linux bridge querier does this; hosts still accept it.",
                    " Linux ブリッジのクエリアはこのように送ります。ホストは受け付けます。",
                )
            } else if msg_type == 0x11 && group == Some(Ipv4Addr::UNSPECIFIED) {
                (
                    Severity::Error,
                    " Linux rejects general queries not sent to 224.0.0.1.",
                    " Linux は 224.0.0.1 以外宛てのジェネラルクエリーを拒否します。",
                )
            } else {
                (Severity::Error, "", "")
            };
            let kind = igmp.message().kind();
            self.diag_as(
                &diagnostics::IP_WRONG_DESTINATION,
                sev,
                rule,
                dst_span,
                Some("ip.dst"),
                format!(
                    "A {kind} should be sent to {expected}, not {}.{note_en}",
                    ip.dst
                ),
                format!(
                    "{kind} は {} ではなく {expected} 宛てに送るべきです。{note_ja}",
                    ip.dst
                ),
            );
        }
        // TTL 1 is required of membership messages (RFC 2236 §2, RFC 3376 §4) and MRD
        // (RFC 4286 §2); DVMRP's mrinfo and mtrace are unicast and legitimately routed.
        let link_local_only = matches!(msg_type, 0x11 | 0x12 | 0x16 | 0x17 | 0x22 | 0x30..=0x32);
        if ip.ttl != 1 && link_local_only {
            self.diag(&diagnostics::IP_TTL_NOT_1, Span::rel(s, 8, 9), Some("ip.ttl"), format!("TTL is {}: IGMP messages are sent with TTL 1 and never leave the link (conformance tests drop them).", ip.ttl), format!("TTL が {} です。IGMP メッセージは TTL 1 で送られ、リンクの外には出ません (適合性テストでは破棄されます)。", ip.ttl));
        }
        let v1 = matches!(
            igmp,
            IgmpSpec::Basic { msg_type: 0x12, .. }
                | IgmpSpec::Basic {
                    msg_type: 0x11,
                    code: 0,
                    ..
                }
        );
        if !ip.router_alert && matches!(msg_type, 0x11 | 0x16 | 0x17 | 0x22) && !v1 {
            self.diag(&diagnostics::IP_MISSING_ROUTER_ALERT, Span::new(s, p), Some("ip"), "No Router Alert option: IGMPv2 and IGMPv3 messages carry it, and v3 hosts SHOULD ignore queries without it.".into(), "ルータアラートオプションがありません。IGMPv2/v3 のメッセージには必須で、v3 ホストはこれのないクエリーを無視すべきです (SHOULD)。".into());
        }
        if let LinkSpec::Ethernet {
            dst: Derived::Raw(MacAddr(mac_dst)),
            ..
        } = link
        {
            if ip.dst.is_multicast() && !mac::matches(mac_dst, ip.dst) {
                let want = mac::format_mac(&mac::multicast_mac(ip.dst));
                let got = mac::format_mac(mac_dst);
                self.diag_as(&diagnostics::ETH_MAC_MISMATCH, Severity::Error, "RFC 1112 §6.4", Span::new(0, 6), Some("eth.dst"), format!("Destination MAC {got} does not match the IP destination {}: it should be {want}. NICs filtering by MAC drop it.", ip.dst), format!("宛先 MAC {got} が IP 宛先 {} と一致しません。正しくは {want} です。MAC でフィルタする NIC は破棄します。", ip.dst));
            }
        }
    }
}

fn dvmrp_code_name(code: u8) -> &'static str {
    match code {
        1 => "Probe",
        2 => "Report",
        3 => "Ask-neighbors(old)",
        4 => "Neighbors(old)",
        5 => "Ask-neighbors2",
        6 => "Neighbors2",
        7 => "Prune",
        8 => "Graft",
        9 => "Graft-ACK",
        _ => "unknown",
    }
}
/// The message name shown on the IGMP node.
fn type_name(t: u8, len: usize) -> Text {
    let (en, ja): (String, String) = match t {
        0x11 if len >= 12 => (
            "Membership Query (IGMPv3)".into(),
            "メンバーシップクエリー (IGMPv3)".into(),
        ),
        0x11 if len == 8 => (
            "Membership Query (IGMPv1/v2)".into(),
            "メンバーシップクエリー (IGMPv1/v2)".into(),
        ),
        0x11 => (
            "Membership Query (invalid length)".into(),
            "メンバーシップクエリー (不正な長さ)".into(),
        ),
        0x12 => (
            "Version 1 Membership Report".into(),
            "バージョン 1 メンバーシップレポート".into(),
        ),
        0x16 => (
            "Version 2 Membership Report".into(),
            "バージョン 2 メンバーシップレポート".into(),
        ),
        0x17 => (
            "Leave Group".into(),
            "グループ脱退 (リーブメッセージ)".into(),
        ),
        0x22 => (
            "Version 3 Membership Report".into(),
            "バージョン 3 メンバーシップレポート".into(),
        ),
        0x13 => ("DVMRP".into(), "DVMRP".into()),
        0x14 => ("PIM version 1".into(), "PIM バージョン 1".into()),
        0x15 => ("Cisco Trace".into(), "Cisco Trace".into()),
        0x1e => (
            "Multicast traceroute response".into(),
            "マルチキャスト traceroute 応答".into(),
        ),
        0x1f => (
            "Multicast traceroute query/request".into(),
            "マルチキャスト traceroute クエリー/要求".into(),
        ),
        0x30 => (
            "Multicast Router Advertisement".into(),
            "マルチキャストルータ広告".into(),
        ),
        0x31 => (
            "Multicast Router Solicitation".into(),
            "マルチキャストルータ要請".into(),
        ),
        0x32 => (
            "Multicast Router Termination".into(),
            "マルチキャストルータ終了".into(),
        ),
        _ => (
            format!("Unknown type {t:#04x}"),
            format!("不明なタイプ {t:#04x}"),
        ),
    };
    Text { en, ja }
}
