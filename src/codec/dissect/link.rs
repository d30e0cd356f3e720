//! Link layers: Ethernet II with 802.1Q / 802.1ad tags, Linux cooked captures v1 and v2, raw IPv4.

use super::{Dissector, SllLayout};
use crate::codec::cursor::Cursor;
use crate::codec::layout;
use crate::codec::mac;
use crate::codec::spec::{Derived, LinkSpec, MacAddr, VlanTag};
use crate::codec::{be16_at, be32_at, byte_at, bytes_at};
use crate::codec::{Layer, LinkType, Span, Text};

impl Dissector<'_> {
    /// One 802.1Q / 802.1ad tag as Wireshark shows it: the layer starts at the TCI (`at`) and
    /// holds the type after it. An 802.1ad service tag (TPID 0x88a8) is `ieee8021ad.*` with a
    /// one-byte PCP/DEI and its type under `ieee8021ah.etype`; 802.1Q and the old 0x9100 are
    /// `vlan.*`.
    fn vlan_layer(&mut self, tpid: u16, tci: u16, next: Option<u16>, at: usize) {
        let ad = tpid == 0x88a8;
        // (layer, priority, DEI, id) ids, as Wireshark names them.
        let ((layer, priority, dei, vid), pcp_dei, pcp_mask, dei_mask) = if ad {
            (
                (
                    "ieee8021ad",
                    "ieee8021ad.priority",
                    "ieee8021ad.dei",
                    "ieee8021ad.id",
                ),
                Span::rel(at, 0, 1),
                0xe0,
                0x10,
            )
        } else {
            (
                ("vlan", "vlan.priority", "vlan.dei", "vlan.id"),
                Span::rel(at, 0, 2),
                0xe000,
                0x1000,
            )
        };
        let label = if ad {
            ("802.1ad Service VLAN tag", "802.1ad サービス VLAN タグ")
        } else {
            ("802.1Q Virtual LAN", "802.1Q VLAN")
        };
        let id = tci & 0x0fff;
        let len = if next.is_some() { 4 } else { 2 };
        self.open(layer, label, Span::rel(at, 0, len), || {
            Text::same(format!(
                "PRI: {}, DEI: {}, ID: {id}",
                tci >> 13,
                (tci >> 12) & 1
            ))
        });
        self.add_bits(
            priority,
            ("Priority", "優先度"),
            pcp_dei,
            pcp_mask,
            || Text::same((tci >> 13).to_string()),
        );
        self.add_bits(dei, ("DEI", "DEI"), pcp_dei, dei_mask, || {
            Text::same(((tci >> 12) & 1).to_string())
        });
        self.add_bits(
            vid,
            ("VLAN id", "VLAN ID"),
            Span::rel(at, 0, 2),
            0x0fff,
            || Text::same(id.to_string()),
        );
        if let Some(next) = next {
            let etype_id = if ad { "ieee8021ah.etype" } else { "vlan.etype" };
            self.add(etype_id, ("Type", "タイプ"), Span::rel(at, 2, 4), || {
                ethertype_text(next)
            });
        }
        self.close();
    }

    /// Ethernet II from `start` (0 for a captured frame, later for one inside a tunnel), with
    /// its 802.1Q / 802.1ad tags: the link spec, where the network layer starts, its ethertype.
    pub(super) fn ethernet(&mut self, start: usize) -> Option<(LinkSpec, usize, u16)> {
        let mut c = Cursor::at(self.bytes, start);
        if c.remaining() < 14 {
            self.truncated(start, 14, "the Ethernet header", "Ethernet ヘッダ");
            return None;
        }
        self.open(
            "eth",
            ("Ethernet II", "Ethernet II"),
            Span::rel(start, 0, 14),
            || Text::same(""),
        );
        let dst = c.mac()?;
        let src = c.mac()?;
        self.add_def(&layout::ethernet::DST, start, || describe_mac(&dst));
        self.add_def(&layout::ethernet::SRC, start, || describe_mac(&src));
        let mut vlans = Vec::new();
        let mut ethertype = c.u16()?;
        // As Wireshark lays it out: the Ethernet layer is the 14 bytes of addresses and
        // the first type (a TPID when the frame is tagged); each tag is a layer of its own
        // after it, of 4 bytes: the TCI and the type that follows.
        self.add_def(&layout::ethernet::TYPE, start, || ethertype_text(ethertype));
        self.close();
        while matches!(ethertype, 0x8100 | 0x88a8 | 0x9100) && vlans.len() < 8 {
            let tpid = ethertype;
            let at = c.pos();
            let Some(tci) = c.u16() else {
                self.truncated(at, 2, "the VLAN tag", "VLAN タグ");
                return None;
            };
            // A tag cut after its TCI still shows what it has, as in Wireshark.
            let next = c.u16();
            self.vlan_layer(tpid, tci, next, at);
            let Some(next) = next else {
                self.truncated(
                    at.saturating_add(2),
                    2,
                    "the EtherType after the VLAN tag",
                    "VLAN タグの後の EtherType",
                );
                return None;
            };
            vlans.push(VlanTag { tpid, tci });
            ethertype = next;
        }
        let spec = LinkSpec::Ethernet {
            dst: Derived::Raw(MacAddr(dst)),
            src: MacAddr(src),
            vlans,
            ethertype: Derived::Raw(ethertype),
        };
        Some((spec, c.pos(), ethertype))
    }

    pub(super) fn link(&mut self, link: LinkType) -> Option<(LinkSpec, usize, u16)> {
        self.layer = Layer::Link;
        let mut c = Cursor::new(self.bytes);
        match link {
            LinkType::RawIpv4 => Some((LinkSpec::RawIpv4, 0, 0x0800)),
            // Handled before the link layer (`Dissector::run`): there is no link or IP header.
            LinkType::IgmpMessage => None,
            LinkType::Ethernet => self.ethernet(0),
            LinkType::LinuxSll => {
                let Some(h) = c.take(16) else {
                    self.truncated(0, 16, "the Linux cooked header", "Linux cooked ヘッダ");
                    return None;
                };
                let proto = be16_at(h, 14);
                let halen = usize::from(be16_at(h, 4).min(8));
                self.open(
                    "sll",
                    ("Linux cooked capture v1", "Linux cooked capture v1"),
                    Span::new(0, 16),
                    || Text::same(""),
                );
                self.sll_fields(
                    SllLayout {
                        pkttype: (0, 2),
                        hatype: (2, 4),
                        halen: (4, 6),
                        addr: (6, 14),
                    },
                    bytes_at(h, 6, halen),
                );
                self.add(
                    "sll.etype",
                    ("Protocol", "プロトコル"),
                    Span::new(14, 16),
                    || ethertype_text(proto),
                );
                self.close();
                Some((LinkSpec::Sll { header: h.to_vec() }, 16, proto))
            }
            LinkType::LinuxSll2 => {
                let Some(h) = c.take(20) else {
                    self.truncated(
                        0,
                        20,
                        "the Linux cooked v2 header",
                        "Linux cooked v2 ヘッダ",
                    );
                    return None;
                };
                let proto = be16_at(h, 0);
                let ifindex = be32_at(h, 4);
                let halen = usize::from(byte_at(h, 11).min(8));
                self.open(
                    "sll",
                    ("Linux cooked capture v2", "Linux cooked capture v2"),
                    Span::new(0, 20),
                    || Text::same(""),
                );
                self.add(
                    "sll.etype",
                    ("Protocol", "プロトコル"),
                    Span::new(0, 2),
                    || ethertype_text(proto),
                );
                self.add(
                    "sll.reserved",
                    ("Reserved", "予約"),
                    Span::new(2, 4),
                    || Text::same(format!("{:#06x}", be16_at(h, 2))),
                );
                self.add(
                    "sll.ifindex",
                    ("Interface index", "インターフェース番号"),
                    Span::new(4, 8),
                    || Text::same(ifindex.to_string()),
                );
                self.sll_fields(
                    SllLayout {
                        pkttype: (10, 11),
                        hatype: (8, 10),
                        halen: (11, 12),
                        addr: (12, 20),
                    },
                    bytes_at(h, 12, halen),
                );
                self.close();
                Some((LinkSpec::Sll2 { header: h.to_vec() }, 20, proto))
            }
        }
    }

    /// The fields SLL and SLL2 share, at their own offsets (big-endian numbers of 1 or 2 bytes).
    fn sll_fields(&mut self, at: SllLayout, addr: &[u8]) {
        let number = |b: &[u8], (s, e): (usize, usize)| {
            b.get(s..e)
                .map(|x| x.iter().fold(0u16, |acc, v| acc << 8 | u16::from(*v)))
                .unwrap_or(0)
        };
        let b = self.bytes;
        let (pkttype, hatype, halen) = (
            number(b, at.pkttype),
            number(b, at.hatype),
            number(b, at.halen),
        );
        self.add(
            "sll.pkttype",
            ("Packet type", "パケット種別"),
            Span::new(at.pkttype.0, at.pkttype.1),
            || sll_pkttype(pkttype),
        );
        self.add(
            "sll.hatype",
            ("Link-layer address type", "リンク層アドレス種別"),
            Span::new(at.hatype.0, at.hatype.1),
            || Text::same(hatype.to_string()),
        );
        self.add(
            "sll.halen",
            ("Link-layer address length", "リンク層アドレス長"),
            Span::new(at.halen.0, at.halen.1),
            || Text::same(halen.to_string()),
        );
        // The address field is 8 bytes; the address fills `halen` of them (6 for Ethernet) and
        // the rest is unused, as tshark shows it.
        let used = at.addr.0.saturating_add(usize::from(halen.min(8)));
        self.add(
            "sll.src.eth",
            ("Source", "送信元"),
            Span::new(at.addr.0, used),
            || Text::same(mac::hex_colon(addr)),
        );
        if used < at.addr.1 {
            self.add(
                "sll.unused",
                ("Unused", "未使用"),
                Span::new(used, at.addr.1),
                || Text::same(mac::hex_colon(b.get(used..at.addr.1).unwrap_or(&[]))),
            );
        }
    }
}

fn describe_mac(m: &[u8; 6]) -> Text {
    let s = mac::format_mac(m);
    if m[0] == 0x01 && m[1] == 0x00 && m[2] == 0x5e && m[3] & 0x80 == 0 {
        Text::new(
            format!("{s} (IPv4 multicast)"),
            format!("{s} (IPv4 マルチキャスト)"),
        )
    } else if m[0] & 0x02 != 0 && m[0] & 0x01 == 0 {
        Text::new(
            format!("{s} (locally administered)"),
            format!("{s} (ローカル管理)"),
        )
    } else {
        Text::same(s)
    }
}
pub(super) fn ethertype_text(t: u16) -> Text {
    let name = match t {
        0x0800 => "IPv4",
        0x86dd => "IPv6",
        0x0806 => "ARP",
        0x8100 => "802.1Q",
        0x88a8 => "802.1ad",
        0x6558 => "Transparent Ethernet bridging",
        _ => "",
    };
    if name.is_empty() {
        Text::same(format!("{t:#06x}"))
    } else {
        Text::same(format!("{name} ({t:#06x})"))
    }
}
fn sll_pkttype(t: u16) -> Text {
    let (en, ja) = match t {
        0 => ("Unicast to us", "自分宛てユニキャスト"),
        1 => ("Broadcast", "ブロードキャスト"),
        2 => ("Multicast", "マルチキャスト"),
        3 => ("Unicast to another host", "他ホスト宛てユニキャスト"),
        4 => ("Sent by us", "自分が送信"),
        _ => ("Unknown", "不明"),
    };
    Text::new(format!("{en} ({t})"), format!("{ja} ({t})"))
}
