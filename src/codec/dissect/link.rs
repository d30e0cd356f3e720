//! Link layers: Ethernet II with 802.1Q / 802.1ad tags, Linux cooked captures v1 and v2, raw IPv4.

use super::Dissector;
use crate::codec::cursor::Cursor;
use crate::codec::layout::{self, FieldDef};
use crate::codec::mac;
use crate::codec::spec::{Derived, LinkSpec, MacAddr, VlanTag};
use crate::codec::{Layer, LinkType, Span, Text};

impl Dissector<'_> {
    /// One 802.1Q / 802.1ad tag as Wireshark shows it: the layer starts at the TCI (`at`) and
    /// holds the type after it. An 802.1ad service tag (TPID 0x88a8) is `ieee8021ad.*` with a
    /// one-byte PCP/DEI and its type under `ieee8021ah.etype`; 802.1Q and the old 0x9100 are
    /// `vlan.*`.
    fn vlan_layer(&mut self, tpid: u16, tci: u16, next: Option<u16>, at: usize) {
        let ad = tpid == 0x88a8;
        let (layer, label, table) = if ad {
            (
                "ieee8021ad",
                ("802.1ad Service VLAN tag", "802.1ad サービス VLAN タグ"),
                layout::ieee8021ad::ALL,
            )
        } else {
            (
                "vlan",
                ("802.1Q Virtual LAN", "802.1Q VLAN"),
                layout::vlan::ALL,
            )
        };
        let (priority, dei, id) = (tci >> 13, (tci >> 12) & 1, tci & 0x0fff);
        let len = if next.is_some() { 4 } else { 2 };
        self.open(layer, label, Span::rel(at, 0, len), || {
            Text::same(format!("PRI: {priority}, DEI: {dei}, ID: {id}"))
        });
        // Priority, DEI, id and (when the frame holds it) the type, in the table's order.
        let values = [priority, dei, id, next.unwrap_or(0)];
        for (def, value) in table
            .iter()
            .zip(values)
            .take(if next.is_some() { 4 } else { 3 })
        {
            self.add_def(def, at, || {
                if def.start() == 2 {
                    ethertype_text(value)
                } else {
                    Text::same(value.to_string())
                }
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
                use layout::sll;
                let Some(h) = c.take(sll::LEN) else {
                    self.truncated(
                        0,
                        sll::LEN,
                        "the Linux cooked header",
                        "Linux cooked ヘッダ",
                    );
                    return None;
                };
                let proto = sll::ETYPE.read16(h);
                self.open(
                    "sll",
                    ("Linux cooked capture v1", "Linux cooked capture v1"),
                    Span::new(0, sll::LEN),
                    || Text::same(""),
                );
                self.sll_fields([&sll::PKTTYPE, &sll::HATYPE, &sll::HALEN, &sll::ADDRESS], h);
                self.add_def(&sll::ETYPE, 0, || ethertype_text(proto));
                self.close();
                Some((LinkSpec::Sll { header: h.to_vec() }, sll::LEN, proto))
            }
            LinkType::LinuxSll2 => {
                use layout::sll2;
                let Some(h) = c.take(sll2::LEN) else {
                    self.truncated(
                        0,
                        sll2::LEN,
                        "the Linux cooked v2 header",
                        "Linux cooked v2 ヘッダ",
                    );
                    return None;
                };
                let proto = sll2::ETYPE.read16(h);
                self.open(
                    "sll",
                    ("Linux cooked capture v2", "Linux cooked capture v2"),
                    Span::new(0, sll2::LEN),
                    || Text::same(""),
                );
                self.add_def(&sll2::ETYPE, 0, || ethertype_text(proto));
                self.add_def(&sll2::RESERVED, 0, || {
                    Text::same(format!("{:#06x}", sll2::RESERVED.read(h)))
                });
                self.add_def(&sll2::IFINDEX, 0, || {
                    Text::same(sll2::IFINDEX.read(h).to_string())
                });
                self.sll_fields(
                    [&sll2::PKTTYPE, &sll2::HATYPE, &sll2::HALEN, &sll2::ADDRESS],
                    h,
                );
                self.close();
                Some((LinkSpec::Sll2 { header: h.to_vec() }, sll2::LEN, proto))
            }
        }
    }

    /// The fields SLL and SLL2 share, from their tables: packet type, address type, address
    /// length and the address, in the header `h` at the start of the frame.
    fn sll_fields(&mut self, [pkttype, hatype, halen, address]: [&FieldDef; 4], h: &[u8]) {
        let kind = pkttype.read16(h);
        self.add_def(pkttype, 0, || sll_pkttype(kind));
        self.add_def(hatype, 0, || Text::same(hatype.read(h).to_string()));
        let n = halen.read(h);
        self.add_def(halen, 0, || Text::same(n.to_string()));
        // The address field is 8 bytes; the address fills `halen` of them (6 for Ethernet) and
        // the rest is unused, as tshark shows it.
        let used = address
            .start()
            .saturating_add(usize::try_from(n.min(8)).unwrap_or(8));
        self.add(
            address.id,
            address.label,
            Span::new(address.start(), used),
            || Text::same(mac::hex_colon(h.get(address.start()..used).unwrap_or(&[]))),
        );
        if used < address.end() {
            self.add(
                "sll.unused",
                ("Unused", "未使用"),
                Span::new(used, address.end()),
                || Text::same(mac::hex_colon(h.get(used..address.end()).unwrap_or(&[]))),
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
