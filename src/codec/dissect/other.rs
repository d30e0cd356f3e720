//! The headers of frames that are not IGMP but share its captures: ARP (RFC 826), UDP
//! (RFC 768) and TCP (RFC 9293 §3.1). Their fields get Wireshark's ids and exact spans like every
//! other field; what follows them is shown as payload bytes (`data`), with a note saying that the
//! workbench stops decoding there.

use super::{Dissector, Layer};
use crate::codec::diagnostics;
use crate::codec::layout;
use crate::codec::spec::LinkSpec;
use crate::codec::DecodeErrorKind;
use crate::codec::{ipv4_at, mac, Span, Text};

/// The shortest Ethernet frame without its FCS (IEEE 802.3 §4.2.3.3: 64 bytes with it).
const MIN_FRAME: usize = 60;

impl Dissector<'_> {
    /// ARP for Ethernet and IPv4, at `s`; bytes after its 28 are Ethernet padding.
    pub(super) fn arp(&mut self, s: usize) {
        self.layer = Layer::Arp;
        let b = self.bytes.get(s..).unwrap_or(&[]);
        if b.len() < 8 {
            self.truncated(s, 8, "the ARP header", "ARP ヘッダ");
            return;
        }
        let fixed = layout::arp::ArpFixed::read(b);
        let (hrd, pro, hln, pln, op) = (
            fixed.hardware,
            fixed.protocol,
            fixed.hw_size,
            fixed.proto_size,
            fixed.opcode,
        );
        let ethernet_ipv4 = fixed.is_ethernet_ipv4();
        let end = s.saturating_add(if ethernet_ipv4 { 28 } else { 8 });
        self.open(
            "arp",
            ("Address Resolution Protocol", "ARP"),
            Span::new(s, end),
            || {
                Text::same(match op {
                    1 => "request",
                    2 => "reply",
                    _ => "",
                })
            },
        );
        self.add_def(&layout::arp::HW_TYPE, s, || {
            Text::same(if hrd == 1 {
                "Ethernet (1)".into()
            } else {
                hrd.to_string()
            })
        });
        self.add_def(&layout::arp::PROTO_TYPE, s, || {
            Text::same(format!("{pro:#06x}"))
        });
        self.add_def(&layout::arp::HW_SIZE, s, || Text::same(hln.to_string()));
        self.add_def(&layout::arp::PROTO_SIZE, s, || Text::same(pln.to_string()));
        self.add_def(&layout::arp::OPCODE, s, || match op {
            1 => Text::new("request (1)", "要求 (1)"),
            2 => Text::new("reply (2)", "応答 (2)"),
            n => Text::same(n.to_string()),
        });
        if ethernet_ipv4 {
            if b.len() < 28 {
                self.close();
                self.truncated(s, 28, "the ARP addresses", "ARP のアドレス");
                return;
            }
            let mac_at = |at: usize| {
                Text::same(mac::format_mac(
                    &<[u8; 6]>::try_from(b.get(at..at.saturating_add(6)).unwrap_or(&[0; 6]))
                        .unwrap_or([0; 6]),
                ))
            };
            use layout::arp::{DST_HW, DST_IP, SRC_HW, SRC_IP};
            let (sha, tha) = (mac_at(SRC_HW.start()), mac_at(DST_HW.start()));
            let (spa, tpa) = (ipv4_at(b, SRC_IP.start()), ipv4_at(b, DST_IP.start()));
            self.add_def(&layout::arp::SRC_HW, s, || sha);
            self.add_def(&layout::arp::SRC_IP, s, || Text::same(spa.to_string()));
            self.add_def(&layout::arp::DST_HW, s, || tha);
            self.add_def(&layout::arp::DST_IP, s, || Text::same(tpa.to_string()));
        }
        self.close();
        self.rest_is_payload(end, self.bytes.len(), true);
    }

    /// The IPv6 fixed header (RFC 8200 §3), a Hop-by-Hop Options header, then ICMPv6 (MLD), UDP
    /// or TCP; other extension headers are shown as payload.
    pub(super) fn ipv6(&mut self, s: usize, mac_dst: Option<crate::codec::mac::Mac>) {
        self.layer = Layer::Ipv6;
        use layout::ipv6::{self, DST, FLOW, HLIM, NXT, PLEN, SRC, TCLASS, VERSION};
        let b = self.bytes.get(s..).unwrap_or(&[]);
        if b.len() < ipv6::LEN {
            self.truncated(s, ipv6::LEN, "the IPv6 header", "IPv6 ヘッダ");
            return;
        }
        let (payload_len, next) = (PLEN.read16(b), NXT.read8(b));
        let (src, dst) = (
            super::mld::addr(b, SRC.start()),
            super::mld::addr(b, DST.start()),
        );
        self.open(
            "ipv6",
            ("Internet Protocol Version 6", "IPv6"),
            Span::rel(s, 0, ipv6::LEN),
            || Text::same(format!("{src} → {dst}")),
        );
        self.add_def(&VERSION, s, || Text::same(VERSION.read(b).to_string()));
        self.add_def(&TCLASS, s, || {
            Text::same(format!("{:#04x}", TCLASS.read(b)))
        });
        self.add_def(&FLOW, s, || Text::same(format!("{:#07x}", FLOW.read(b))));
        for def in [&PLEN, &NXT, &HLIM] {
            self.add_def(def, s, || Text::same(def.read(b).to_string()));
        }
        self.add_def(&SRC, s, || Text::same(src.to_string()));
        self.add_def(&DST, s, || Text::same(dst.to_string()));
        self.out.info.ipv6 = Some(crate::codec::Ipv6Info {
            src,
            dst,
            group: None,
        });
        let mut start = s.saturating_add(ipv6::LEN);
        let end = start
            .saturating_add(usize::from(payload_len))
            .min(self.bytes.len());
        // The Hop-by-Hop Options header, first if present (RFC 8200 §4.1), is shown inside the
        // IPv6 layer as tshark shows it; MLD's Router Alert is there.
        let (mut next, mut router_alert) = (next, None);
        if next == 0 {
            let Some((after, header_end, alert)) = self.hop_by_hop(start, end) else {
                self.close();
                return;
            };
            (next, start, router_alert) = (after, header_end, alert);
            self.set_end("ipv6", start);
        }
        self.close();
        if next == 58 {
            let hop_limit = u8::try_from(HLIM.read(b)).unwrap_or(0);
            let facts = super::mld::Ipv6Facts {
                src,
                dst,
                hop_limit,
                router_alert,
                at: s,
                mac_dst,
            };
            self.icmpv6(start, end, &facts);
        } else {
            self.transport(next, start, end);
        }
    }

    /// UDP or TCP (or anything else) inside IPv4, from `s` to the datagram's end.
    pub(super) fn transport(&mut self, protocol: u8, s: usize, end: usize) {
        self.layer = Layer::Transport;
        match protocol {
            17 => self.udp(s, end),
            6 => self.tcp(s, end),
            47 => self.gre(s, end),
            103 => self.pim(s, end),
            _ => self.rest_is_payload(s, end, false),
        }
    }

    fn udp(&mut self, s: usize, end: usize) {
        use layout::udp::{self, CHECKSUM, DSTPORT, LENGTH, SRCPORT};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < udp::LEN {
            self.truncated(s, udp::LEN, "the UDP header", "UDP ヘッダ");
            return;
        }
        let (sport, dport) = (SRCPORT.read16(b), DSTPORT.read16(b));
        let (length, sum) = (LENGTH.read16(b), CHECKSUM.read16(b));
        self.open(
            "udp",
            ("User Datagram Protocol", "UDP"),
            Span::rel(s, 0, udp::LEN),
            || Text::same(format!("{sport} → {dport}")),
        );
        self.add_def(&SRCPORT, s, || Text::same(sport.to_string()));
        self.add_def(&DSTPORT, s, || Text::same(dport.to_string()));
        self.add_def(&LENGTH, s, || Text::same(length.to_string()));
        self.add_def(&CHECKSUM, s, || {
            if sum == 0 {
                Text::new("0x0000 [none]", "0x0000 [なし]")
            } else {
                Text::same(format!("{sum:#06x} [unverified]"))
            }
        });
        self.close();
        let payload = s.saturating_add(udp::LEN);
        let payload_end = s.saturating_add(usize::from(length)).clamp(payload, end);
        if sport == super::tunnel::VXLAN_PORT || dport == super::tunnel::VXLAN_PORT {
            self.vxlan(payload, payload_end);
        } else {
            self.rest_is_payload(payload, end, false);
        }
    }

    fn tcp(&mut self, s: usize, end: usize) {
        use layout::tcp::{ACK, FLAGS, HDR_LEN, MIN_LEN, SEQ, URGENT};
        use layout::tcp::{CHECKSUM, DSTPORT, SRCPORT, WINDOW};
        let b = self.bytes.get(s..end).unwrap_or(&[]);
        if b.len() < MIN_LEN {
            self.truncated(s, MIN_LEN, "the TCP header", "TCP ヘッダ");
            return;
        }
        let (sport, dport) = (SRCPORT.read16(b), DSTPORT.read16(b));
        let (window, sum, urgent) = (WINDOW.read16(b), CHECKSUM.read16(b), URGENT.read16(b));
        let (seq, ack) = (SEQ.read(b), ACK.read(b));
        let header_len = usize::from(HDR_LEN.read8(b)).saturating_mul(4);
        let flags = FLAGS.read16(b);
        let header_end = s.saturating_add(header_len.max(MIN_LEN)).min(end);
        self.open(
            "tcp",
            ("Transmission Control Protocol", "TCP"),
            Span::new(s, header_end),
            || Text::same(format!("{sport} → {dport}")),
        );
        self.add_def(&SRCPORT, s, || Text::same(sport.to_string()));
        self.add_def(&DSTPORT, s, || Text::same(dport.to_string()));
        self.add_def(&SEQ, s, || Text::same(seq.to_string()));
        self.add_def(&ACK, s, || Text::same(ack.to_string()));
        self.add_def(&HDR_LEN, s, || {
            Text::new(
                format!("{header_len} bytes"),
                format!("{header_len} バイト"),
            )
        });
        self.add_def(&FLAGS, s, || {
            const NAMES: [(u16, &str); 9] = [
                (0x100, "AE"),
                (0x080, "CWR"),
                (0x040, "ECE"),
                (0x020, "URG"),
                (0x010, "ACK"),
                (0x008, "PSH"),
                (0x004, "RST"),
                (0x002, "SYN"),
                (0x001, "FIN"),
            ];
            let set: Vec<&str> = NAMES
                .iter()
                .filter(|(bit, _)| flags & bit != 0)
                .map(|(_, n)| *n)
                .collect();
            Text::same(format!("{flags:#05x} [{}]", set.join(", ")))
        });
        self.add_def(&WINDOW, s, || Text::same(window.to_string()));
        self.add_def(&CHECKSUM, s, || {
            Text::same(format!("{sum:#06x} [unverified]"))
        });
        self.add_def(&URGENT, s, || Text::same(urgent.to_string()));
        if header_len > MIN_LEN {
            let options = s.saturating_add(MIN_LEN);
            self.add(
                "tcp.options",
                ("Options", "オプション"),
                Span::new(options, header_end),
                || {
                    let n = header_end.saturating_sub(options);
                    Text::new(format!("{n} bytes"), format!("{n} バイト"))
                },
            );
        }
        self.close();
        if header_len < MIN_LEN {
            self.structural(
                &diagnostics::TCP_HEADER_LENGTH,
                DecodeErrorKind::BadTcpHeaderLength,
                HDR_LEN.span(s).start,
                format!("TCP header length {header_len} is below the minimum 20."),
                format!("TCP ヘッダ長 {header_len} が最小値 20 未満です。"),
            );
            return;
        }
        self.rest_is_payload(header_end, end, false);
    }

    /// The bytes after the IP datagram (`end` to `len`), as Wireshark splits them: on Ethernet,
    /// zero bytes up to the 60-byte minimum frame are `eth.padding`; what lies beyond (or all of
    /// it, when the padding is not zero) is the trailer of the innermost layer: `eth.trailer`,
    /// `vlan.trailer` after an 802.1Q tag, `ieee8021ah.trailer` after an 802.1ad one.
    pub(super) fn trailer(&mut self, link: &LinkSpec, end: usize, len: usize) {
        let Some(rest) = self.bytes.get(end..len).filter(|r| !r.is_empty()) else {
            return;
        };
        self.layer = Layer::Trailer;
        let (ethernet, trailer_id) = match link {
            LinkSpec::Ethernet { vlans, .. } => match vlans.last() {
                Some(tag) if tag.tpid == 0x88a8 => (true, "ieee8021ah.trailer"),
                Some(_) => (true, "vlan.trailer"),
                None => (true, "eth.trailer"),
            },
            _ => (false, "eth.trailer"),
        };
        let pad_end = len.min(MIN_FRAME).max(end);
        let padding = self.bytes.get(end..pad_end).unwrap_or(&[]);
        let zeros = padding.iter().all(|b| *b == 0);
        let trailer_from = if ethernet && zeros && !padding.is_empty() {
            let n = padding.len();
            self.add(
                "eth.padding",
                ("Padding", "パディング"),
                Span::new(end, pad_end),
                || Text::new(format!("{n} bytes"), format!("{n} バイト")),
            );
            pad_end
        } else {
            end
        };
        if trailer_from < len {
            let n = len.saturating_sub(trailer_from);
            self.add(
                trailer_id,
                ("Trailer", "トレーラ"),
                Span::new(trailer_from, len),
                || Text::new(format!("{n} bytes"), format!("{n} バイト")),
            );
        }
        let only_padding = ethernet && zeros && len <= MIN_FRAME;
        if !only_padding {
            let n = rest.len();
            let id = if trailer_from < len {
                trailer_id
            } else {
                "eth.padding"
            };
            self.diag(
                &diagnostics::FRAME_TRAILING_BYTES,
                Span::new(end, len),
                Some(id),
                format!("{n} bytes follow the IP datagram (beyond its Total Length)."),
                format!("IP データグラム (Total Length) の後ろに {n} バイトあります。"),
            );
        }
    }

    /// The bytes from `s` to `end` as undecoded payload (`data`, or Ethernet padding after ARP),
    /// with a note that decoding stops here.
    pub(super) fn rest_is_payload(&mut self, s: usize, end: usize, padding: bool) {
        let n = end.saturating_sub(s);
        if n == 0 {
            return;
        }
        if padding {
            self.layer = Layer::Trailer;
            self.add(
                "eth.padding",
                ("Padding", "パディング"),
                Span::new(s, end),
                || Text::new(format!("{n} bytes"), format!("{n} バイト")),
            );
            return;
        }
        self.add("data", ("Data", "データ"), Span::new(s, end), || {
            Text::new(format!("{n} bytes"), format!("{n} バイト"))
        });
        self.diag(&diagnostics::PAYLOAD_NOT_DECODED, Span::new(s, end), Some("data"), format!("The workbench decodes headers up to here; the {n} bytes after are shown as payload."), format!("本ツールが解析するのはここまでのヘッダです。以降の {n} バイトはペイロードとして表示します。"));
    }
}
