//! The IPv4 header and its options (RFC 791, RFC 2113 Router Alert).

use super::{checksum_text, hex_plain, Dissector, IpFacts, UNKNOWN_UNVERIFIED};
use crate::codec::checksum;
use crate::codec::cursor::Cursor;
use crate::codec::diagnostics;
use crate::codec::layout;
use crate::codec::spec::{Derived, Ipv4Spec};
use crate::codec::DecodeErrorKind;
use crate::codec::{be16_at, Ipv4Fixed};
use crate::codec::{Layer, Span, Text};

impl Dissector<'_> {
    pub(super) fn ipv4(&mut self, start: usize) -> Option<(Ipv4Spec, IpFacts)> {
        self.layer = Layer::Ipv4;
        let mut c = Cursor::at(self.bytes, start);
        let Some(&first) = c.peek(1).and_then(|b| b.first()) else {
            self.truncated(start, 20, "the IPv4 header", "IPv4 ヘッダ");
            return None;
        };
        let version = first >> 4;
        let ihl = first & 0x0f;
        if version != 4 {
            let en = format!("IP version {version} at byte {start}: only IPv4 carries IGMP.");
            let ja = format!(
                "バイト {start} の IP バージョンが {version} です。IGMP は IPv4 でのみ運ばれます。"
            );
            self.add_def(&layout::ipv4::VERSION, start, || {
                Text::same(version.to_string())
            });
            self.structural(
                &diagnostics::IP_BAD_VERSION,
                DecodeErrorKind::BadIpVersion,
                start,
                en,
                ja,
            );
            return None;
        }
        let header_len = usize::from(ihl) * 4;
        if c.remaining() < 20 {
            // As Wireshark does: the layer over what was captured, with every field whose bytes
            // are all there.
            let have = c.remaining();
            let h = self.bytes.get(start..).unwrap_or(&[]);
            self.open(
                "ip",
                ("Internet Protocol Version 4", "IPv4"),
                Span::rel(start, 0, have),
                || Text::new("cut short", "途中で切れています"),
            );
            for def in layout::ipv4::ALL.iter().filter(|d| d.end() <= have) {
                let v = def.read(h);
                let text = match def.id {
                    "ip.src" | "ip.dst" => std::net::Ipv4Addr::from(v).to_string(),
                    "ip.hdr_len" => format!("{} bytes ({v})", v.saturating_mul(4)),
                    "ip.id" | "ip.checksum" | "ip.dsfield" | "ip.flags" => format!("{v:#x}"),
                    _ => v.to_string(),
                };
                self.add_def(def, start, || Text::same(text));
            }
            self.close();
            self.truncated(start, 20, "the IPv4 header", "IPv4 ヘッダ");
            return None;
        }
        let Ipv4Fixed {
            tos,
            total_len,
            id,
            flags,
            frag_offset,
            ttl,
            protocol,
            checksum: stored_sum,
            src,
            dst,
            ..
        } = Ipv4Fixed::read(c.take(20)?);
        let s = start;
        self.open(
            "ip",
            (
                "Internet Protocol Version 4",
                "IPv4 (インターネットプロトコル)",
            ),
            Span::rel(s, 0, header_len.max(20)),
            || Text::same(format!("{src} → {dst}")),
        );
        self.add_def(&layout::ipv4::VERSION, s, || Text::same("4"));
        self.add_def(&layout::ipv4::HDR_LEN, s, || {
            Text::new(
                format!("{header_len} bytes ({ihl})"),
                format!("{header_len} バイト ({ihl})"),
            )
        });
        self.add_def(&layout::ipv4::DSFIELD, s, || {
            let prec = if tos == 0xc0 {
                " (precedence 6: Internetwork Control)"
            } else {
                ""
            };
            let prec_ja = if tos == 0xc0 {
                " (優先度 6: Internetwork Control)"
            } else {
                ""
            };
            Text::new(format!("{tos:#04x}{prec}"), format!("{tos:#04x}{prec_ja}"))
        });
        self.depth = self.depth.saturating_add(1);
        self.add_def(&layout::ipv4::DSCP, s, || {
            Text::same((tos >> 2).to_string())
        });
        self.add_def(&layout::ipv4::ECN, s, || Text::same((tos & 3).to_string()));
        self.depth = self.depth.saturating_sub(1);
        self.add_def(&layout::ipv4::LEN, s, || Text::same(total_len.to_string()));
        self.add_def(&layout::ipv4::ID, s, || {
            Text::same(format!("{id:#06x} ({id})"))
        });
        self.add_def(&layout::ipv4::FLAGS, s, || {
            let mut names = Vec::new();
            if flags & Ipv4Fixed::RESERVED != 0 {
                names.push("RB");
            }
            if flags & Ipv4Fixed::DF != 0 {
                names.push("DF");
            }
            if flags & Ipv4Fixed::MF != 0 {
                names.push("MF");
            }
            Text::same(format!("{:#04x} [{}]", flags << 5, names.join(", ")))
        });
        self.depth = self.depth.saturating_add(1);
        let header = self.bytes.get(s..).unwrap_or(&[]);
        for bit in [
            &layout::ipv4::FLAG_RB,
            &layout::ipv4::FLAG_DF,
            &layout::ipv4::FLAG_MF,
        ] {
            let value = bit.read(header);
            self.add_def(bit, s, || Text::same(value.to_string()));
        }
        self.depth = self.depth.saturating_sub(1);
        self.add_def(&layout::ipv4::FRAG_OFFSET, s, || {
            Text::same(frag_offset.to_string())
        });
        self.add_def(&layout::ipv4::TTL, s, || Text::same(ttl.to_string()));
        self.add_def(&layout::ipv4::PROTO, s, || {
            Text::same(match protocol {
                2 => "IGMP (2)".to_string(),
                p => p.to_string(),
            })
        });
        // The header checksum is computed only over bytes we have.
        let header_end = s.saturating_add(header_len.max(20));
        let unknown = self.unknown_in(s, header_end);
        let header_bytes = self.bytes.get(s..header_end).filter(|_| !unknown);
        let expected = header_bytes.map(|hb| checksum::expected(hb, 10));
        let unverified = if unknown {
            UNKNOWN_UNVERIFIED
        } else {
            ("unverified", "未検証")
        };
        self.add_def(&layout::ipv4::CHECKSUM, s, || {
            checksum_text(stored_sum, expected, unverified)
        });
        self.add_def(&layout::ipv4::SRC, s, || Text::same(src.to_string()));
        self.add_def(&layout::ipv4::DST, s, || Text::same(dst.to_string()));
        self.out.info.src = Some(src);
        self.out.info.dst = Some(dst);

        if header_len < 20 {
            self.close();
            let en = format!("IPv4 header length {ihl} words ({header_len} bytes) is less than the minimum 5 words.");
            let ja = format!(
                "IPv4 ヘッダ長 {ihl} ワード ({header_len} バイト) は最小値 5 ワード未満です。"
            );
            self.structural(
                &diagnostics::IP_BAD_IHL,
                DecodeErrorKind::BadIpHeaderLength,
                s,
                en,
                ja,
            );
            return None;
        }
        if let Some(e) = expected {
            if e != stored_sum {
                self.diag(&diagnostics::IP_BAD_CHECKSUM, Span::rel(s, 10, 12), Some("ip.checksum"), format!("Bad IPv4 header checksum {stored_sum:#06x}: it should be {e:#06x}. Receivers drop this packet."), format!("IPv4 ヘッダチェックサム {stored_sum:#06x} が誤っています。正しくは {e:#06x} です。受信側はこのパケットを破棄します。"));
            }
        }
        // Options
        let mut router_alert = false;
        let options = match c.take(header_len.saturating_sub(20)) {
            Some(o) => o.to_vec(),
            None => {
                self.close();
                self.truncated(
                    s.saturating_add(20),
                    header_len.saturating_sub(20),
                    "the IPv4 options",
                    "IPv4 オプション",
                );
                return None;
            }
        };
        if !options.is_empty() {
            router_alert = self.ip_options(s.saturating_add(20), &options);
        }
        self.close();

        if usize::from(total_len) < header_len {
            let en = format!(
                "IPv4 Total Length {total_len} is smaller than the header ({header_len} bytes)."
            );
            let ja = format!(
                "IPv4 Total Length {total_len} がヘッダ長 ({header_len} バイト) より小さい値です。"
            );
            self.structural(
                &diagnostics::IP_BAD_TOTAL_LEN,
                DecodeErrorKind::BadTotalLength,
                s.saturating_add(2),
                en,
                ja,
            );
            return None;
        }
        let more_fragments = flags & Ipv4Fixed::MF != 0;
        let fragment = more_fragments || frag_offset != 0;
        if fragment {
            self.diag(&diagnostics::IP_FRAGMENT, Span::rel(s, 6, 8), Some("ip.frag_offset"), format!("This is an IP fragment (MF {}, offset {}): IGMP messages are never fragmented, and only the first fragment carries the IGMP header.", u8::from(more_fragments), frag_offset), format!("IP フラグメントです (MF {}, オフセット {})。IGMP メッセージは通常分割されず、IGMP ヘッダは最初のフラグメントにしかありません。", u8::from(more_fragments), frag_offset));
        }
        let spec = Ipv4Spec {
            version,
            ihl: Derived::Raw(ihl),
            tos,
            total_len: Derived::Raw(total_len),
            id,
            flags,
            frag_offset,
            ttl,
            protocol: Derived::Raw(protocol),
            checksum: Derived::Raw(stored_sum),
            src,
            dst: Derived::Raw(dst),
            options,
        };
        let payload_start = s.saturating_add(header_len);
        let claimed_len = usize::from(total_len).saturating_sub(header_len);
        let datagram_end = s
            .saturating_add(usize::from(total_len))
            .min(self.bytes.len());
        if protocol != 2 {
            self.diag(&diagnostics::IP_NOT_IGMP, Span::rel(s, 9, 10), Some("ip.proto"), format!("IP protocol {protocol} is not IGMP (2): UDP and TCP headers are decoded, GRE and VXLAN tunnels with what they carry, the rest is shown as payload."), format!("IP プロトコル {protocol} は IGMP (2) ではありません。UDP と TCP はヘッダまで、GRE と VXLAN のトンネルは中身まで解析し、残りはペイロードとして表示します。"));
            self.out.info.not_igmp = true;
            // Only a whole datagram is decoded further: a first fragment's UDP length covers
            // bytes that are in later fragments (Wireshark waits for reassembly too).
            if frag_offset == 0 && !more_fragments {
                self.transport(protocol, payload_start, datagram_end);
            } else {
                self.layer = Layer::Transport;
                self.rest_is_payload(payload_start, datagram_end, false);
            }
            return None;
        }
        if frag_offset != 0 {
            return None;
        }
        let facts = IpFacts {
            header_start: s,
            payload_start,
            claimed_len,
            datagram_end,
            ttl,
            dst,
            router_alert,
            fragment,
        };
        Some((spec, facts))
    }

    /// Decodes the option list; returns true if a Router Alert option is present.
    fn ip_options(&mut self, start: usize, options: &[u8]) -> bool {
        let mut router_alert = false;
        let end = start.saturating_add(options.len());
        self.open(
            "ip.options",
            ("Options", "オプション"),
            Span::new(start, end),
            || {
                Text::new(
                    format!("{} bytes", options.len()),
                    format!("{} バイト", options.len()),
                )
            },
        );
        let mut c = Cursor::at(options, 0);
        while let Some(kind) = c.u8() {
            let at = start.saturating_add(c.pos().saturating_sub(1));
            let copied = kind >> 7;
            let class = (kind >> 5) & 3;
            let number = kind & 0x1f;
            match kind {
                0 => {
                    self.add(
                        "ip.opt.type",
                        ("End of Option List", "オプションリスト終端"),
                        Span::rel(at, 0, 1),
                        || Text::same("0 (EOL)"),
                    );
                    let rest = c.rest().len();
                    if rest > 0 {
                        self.add(
                            "ip.opt.padding",
                            ("Padding", "パディング"),
                            Span::rel(at.saturating_add(1), 0, rest),
                            || Text::same(format!("{rest} bytes")),
                        );
                    }
                    break;
                }
                1 => {
                    self.add(
                        "ip.opt.type",
                        ("No-Operation", "NOP"),
                        Span::rel(at, 0, 1),
                        || Text::same("1 (NOP)"),
                    );
                    continue;
                }
                _ => {}
            }
            let Some(len) = c.u8() else {
                self.add(
                    "ip.opt.type",
                    ("Option type", "オプション種別"),
                    Span::rel(at, 0, 1),
                    || Text::same(kind.to_string()),
                );
                self.diag(
                    &diagnostics::IP_BAD_OPTION,
                    Span::new(at, end),
                    Some("ip.opt.type"),
                    format!("IPv4 option {kind} at byte {at} has no length byte."),
                    format!("バイト {at} の IPv4 オプション {kind} に長さバイトがありません。"),
                );
                break;
            };
            let body_len = usize::from(len).saturating_sub(2);
            if len < 2 || c.remaining() < body_len {
                self.add(
                    "ip.opt.type",
                    ("Option type", "オプション種別"),
                    Span::rel(at, 0, 1),
                    || Text::same(kind.to_string()),
                );
                self.diag(&diagnostics::IP_BAD_OPTION, Span::new(at, end), Some("ip.opt.type"), format!("IPv4 option {kind} at byte {at} claims length {len}, which does not fit the {} option bytes left.", c.remaining().saturating_add(2)), format!("バイト {at} の IPv4 オプション {kind} の長さ {len} が残りのオプション領域に収まりません。"));
                break;
            }
            let body = c.take(body_len).unwrap_or(&[]);
            let span = Span::rel(at, 0, usize::from(len));
            if kind == 0x94 {
                router_alert = true;
                let value = if body.len() >= 2 { be16_at(body, 0) } else { 0 };
                self.open(
                    "ip.options.routeralert",
                    ("Router Alert", "ルータアラート"),
                    span,
                    || {
                        Text::new(
                            "Router shall examine packet",
                            "ルータはパケットを検査すること",
                        )
                    },
                );
                self.add(
                    "ip.opt.type",
                    ("Type", "種別"),
                    Span::rel(at, 0, 1),
                    || {
                        Text::new(
                            format!(
                                "{kind:#04x} (copied {copied}, class {class}, number {number})"
                            ),
                            format!("{kind:#04x} (コピー {copied}, クラス {class}, 番号 {number})"),
                        )
                    },
                );
                self.add(
                    "ip.opt.len",
                    ("Length", "長さ"),
                    Span::rel(at, 1, 2),
                    || Text::same(len.to_string()),
                );
                self.add(
                    "ip.opt.ra",
                    ("Router Alert", "ルータアラート"),
                    Span::rel(at.saturating_add(2), 0, body.len()),
                    || {
                        Text::new(
                            format!("{value} (Router shall examine packet)"),
                            format!("{value} (ルータはパケットを検査すること)"),
                        )
                    },
                );
                self.close();
                if len != 4 || value != 0 {
                    self.diag(&diagnostics::IP_BAD_ROUTER_ALERT, span, Some("ip.options.routeralert"), format!("Router Alert option should be length 4 with value 0, found length {len} value {value}."), format!("ルータアラートは長さ 4・値 0 であるべきですが、長さ {len}・値 {value} です。"));
                }
            } else {
                let raw = hex_plain(body);
                self.open("ip.option", ("Option", "オプション"), span, || {
                    Text::same(format!("type {kind}, {raw}"))
                });
                self.add(
                    "ip.opt.type",
                    ("Type", "種別"),
                    Span::rel(at, 0, 1),
                    || {
                        Text::new(
                            format!("{kind} (copied {copied}, class {class}, number {number})"),
                            format!("{kind} (コピー {copied}, クラス {class}, 番号 {number})"),
                        )
                    },
                );
                self.add(
                    "ip.opt.len",
                    ("Length", "長さ"),
                    Span::rel(at, 1, 2),
                    || Text::same(len.to_string()),
                );
                if !body.is_empty() {
                    self.add(
                        "ip.opt.value",
                        ("Value", "値"),
                        Span::rel(at.saturating_add(2), 0, body.len()),
                        || Text::same(hex_plain(body)),
                    );
                }
                self.close();
            }
        }
        self.close();
        router_alert
    }
}
