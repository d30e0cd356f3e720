//! The one decoding pass: bytes → field tree, diagnostics, typed frame and list facts.
//!
//! The pass never indexes a slice directly: all reads go through [`Cursor`], which returns
//! `None` at the end of the bytes. A structural problem (truncation, a count larger than the
//! bytes, a 9–11-byte query) becomes an error diagnostic at its absolute offset and stops the
//! layer; what was read before stays in the tree.

use std::net::Ipv4Addr;

use super::checksum;
use super::cursor::Cursor;
use super::frame::record_type_name;
use super::mac;
use super::spec::{
    Derived, FrameSpec, IgmpSpec, Ipv4Spec, LinkSpec, MacAddr, RecordSpec, VlanTag, ALL_SYSTEMS,
};
use super::summary;
use super::timecode::{self, decode_v3};
use super::{DecodeError, Diagnostic, Dissection, Field, Layer, LinkType, Severity, Span, Text};

/// How much to build.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Options {
    /// Build the field tree. Off for packet lists, where only [`FrameInfo`] and the
    /// diagnostics are needed.
    pub tree: bool,
}

/// Dissects a frame, building the full field tree. Never fails, never panics.
pub fn dissect(link: LinkType, bytes: &[u8]) -> Dissection {
    dissect_with(link, bytes, Options { tree: true })
}

/// Dissects a frame with the given options.
pub fn dissect_with(link: LinkType, bytes: &[u8], options: Options) -> Dissection {
    let mut d = Dissector {
        bytes,
        tree: options.tree,
        out: Dissection::default(),
        depth: 0,
        layer: Layer::Frame,
        fatal: None,
    };
    let frame = d.run(link);
    d.out.frame = if d.fatal.is_none() { frame } else { None };
    if options.tree {
        // Lists compute the summary only for the rows they show.
        d.out.info.summary = summary::line(link, bytes, false);
    }
    d.out
}

/// Strict parse: the typed frame, or the first structural error with its layer and offset.
pub fn parse(link: LinkType, bytes: &[u8]) -> Result<FrameSpec, DecodeError> {
    let mut d = Dissector {
        bytes,
        tree: false,
        out: Dissection::default(),
        depth: 0,
        layer: Layer::Frame,
        fatal: None,
    };
    let frame = d.run(link);
    match (d.fatal, frame) {
        (Some(e), _) => Err(e),
        (None, Some(f)) => Ok(f),
        (None, None) => Err(DecodeError {
            layer: Layer::Frame,
            offset: 0,
            reason: "not an IPv4 IGMP frame".into(),
        }),
    }
}

/// Bilingual label of a field.
type Label = (&'static str, &'static str);

struct Dissector<'a> {
    bytes: &'a [u8],
    tree: bool,
    out: Dissection,
    depth: u8,
    layer: Layer,
    fatal: Option<DecodeError>,
}

/// Where the shared Linux cooked-capture fields sit: (start, end) byte ranges.
struct SllLayout {
    pkttype: (usize, usize),
    hatype: (usize, usize),
    halen: (usize, usize),
    addr: (usize, usize),
}

/// What the IPv4 layer found, for the IGMP layer and cross-layer checks.
struct IpFacts {
    header_start: usize,
    payload_start: usize,
    /// IGMP length as the IP header claims it: Total Length − 4·IHL (RFC 3376 §7.1).
    claimed_len: usize,
    /// Where the datagram ends in the captured bytes.
    datagram_end: usize,
    ttl: u8,
    dst: Ipv4Addr,
    router_alert: bool,
    fragment: bool,
}

impl<'a> Dissector<'a> {
    // ----- tree building -------------------------------------------------------------------

    fn add(&mut self, id: &str, label: Label, span: Span, value: impl FnOnce() -> Text) {
        self.push_field(id, label, span, None, false, value);
    }

    fn add_bits(
        &mut self,
        id: &str,
        label: Label,
        span: Span,
        mask: u32,
        value: impl FnOnce() -> Text,
    ) {
        self.push_field(id, label, span, Some(mask), false, value);
    }

    fn add_derived(&mut self, id: &str, label: Label, at: usize, value: impl FnOnce() -> Text) {
        self.push_field(id, label, Span::point(at), None, true, value);
    }

    fn push_field(
        &mut self,
        id: &str,
        label: Label,
        span: Span,
        mask: Option<u32>,
        derived: bool,
        value: impl FnOnce() -> Text,
    ) {
        if !self.tree {
            return;
        }
        // A field never points past the captured bytes, whatever a length field claims.
        let end = self.bytes.len();
        let span = Span::new(span.start.min(end), span.end.min(end));
        self.out.fields.push(Field {
            id: id.to_string(),
            label: Text::new(label.0, label.1),
            value: value(),
            span,
            mask,
            depth: self.depth,
            layer: self.layer,
            derived,
        });
    }

    /// Adds a node and makes the following fields its children until [`Self::close`].
    fn open(&mut self, id: &str, label: Label, span: Span, value: impl FnOnce() -> Text) {
        self.add(id, label, span, value);
        self.depth = self.depth.saturating_add(1);
    }

    fn close(&mut self) {
        self.depth = self.depth.saturating_sub(1);
    }

    /// Sets the end of the most recent node with `id` (a layer node whose length is known only
    /// after its children are read).
    fn set_end(&mut self, id: &str, end: usize) {
        if let Some(f) = self.out.fields.iter_mut().rev().find(|f| f.id == id) {
            f.span.end = end.max(f.span.start);
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn diag(
        &mut self,
        code: &'static str,
        severity: Severity,
        span: Span,
        field: Option<&str>,
        en: String,
        ja: String,
        rfc: &'static str,
    ) {
        self.out.diagnostics.push(Diagnostic {
            code,
            severity,
            span,
            field: field.map(str::to_string),
            message: Text { en, ja },
            rfc,
        });
    }

    /// A structural error: the bytes end (or a length points) before `what` could be read.
    fn truncated(&mut self, at: usize, needed: usize, what: &str, what_ja: &str) {
        let have = self.bytes.len().saturating_sub(at);
        let en =
            format!("Truncated: {what} needs {needed} bytes at byte {at}, but only {have} remain.");
        let ja = format!(
            "切り詰められています: {what_ja}にはバイト {at} から {needed} バイト必要ですが、残りは {have} バイトです。"
        );
        self.structural("malformed.truncated", at, en, ja, "");
    }

    fn structural(
        &mut self,
        code: &'static str,
        at: usize,
        en: String,
        ja: String,
        rfc: &'static str,
    ) {
        let span = Span::new(at, self.bytes.len().max(at));
        if self.fatal.is_none() {
            self.fatal = Some(DecodeError {
                layer: self.layer,
                offset: at,
                reason: en.clone(),
            });
        }
        self.diag(code, Severity::Error, span, None, en, ja, rfc);
    }

    // ----- layers ---------------------------------------------------------------------------

    fn run(&mut self, link: LinkType) -> Option<FrameSpec> {
        self.layer = Layer::Frame;
        let len = self.bytes.len();
        self.add_derived("frame.len", ("Frame length", "フレーム長"), 0, || {
            Text::new(format!("{len} bytes"), format!("{len} バイト"))
        });
        self.add_derived("frame.link", ("Link type", "リンク種別"), 0, || {
            Text::same(link.name())
        });
        let (link_spec, ip_start, ethertype) = self.link(link)?;
        if ethertype != 0x0800 {
            self.layer = Layer::Link;
            let at = ip_start;
            self.diag(
                "link.not_ipv4",
                Severity::Info,
                Span::new(at, len),
                None,
                format!("EtherType {ethertype:#06x} is not IPv4: the workbench decodes IPv4 only."),
                format!("EtherType {ethertype:#06x} は IPv4 ではありません。本ツールは IPv4 のみ解析します。"),
                "",
            );
            self.add("data", ("Data", "データ"), Span::new(at, len), || {
                Text::new(
                    format!("{} bytes", len.saturating_sub(at)),
                    format!("{} バイト", len.saturating_sub(at)),
                )
            });
            return None;
        }
        let (ip_spec, facts) = self.ipv4(ip_start)?;
        let igmp = self.igmp(&facts);
        // Bytes after the IP datagram: Ethernet padding or a trailer.
        let trailer = self.bytes.get(facts.datagram_end..).unwrap_or(&[]).to_vec();
        if !trailer.is_empty() {
            self.layer = Layer::Trailer;
            let zeros = trailer.iter().all(|b| *b == 0);
            let (id, label): (&str, Label) = if zeros && link == LinkType::Ethernet {
                ("eth.padding", ("Padding", "パディング"))
            } else {
                ("eth.trailer", ("Trailer", "トレーラ"))
            };
            let n = trailer.len();
            self.add(id, label, Span::new(facts.datagram_end, len), || {
                Text::new(format!("{n} bytes"), format!("{n} バイト"))
            });
            if !(zeros && link == LinkType::Ethernet && len <= 60) {
                self.diag(
                    "frame.trailing_bytes",
                    Severity::Info,
                    Span::new(facts.datagram_end, len),
                    Some(id),
                    format!("{n} bytes follow the IP datagram (beyond its Total Length)."),
                    format!("IP データグラム (Total Length) の後ろに {n} バイトあります。"),
                    "RFC 791 §3.1",
                );
            }
        }
        let igmp = igmp?;
        self.cross_checks(&link_spec, &facts, &igmp);
        let message = igmp.message();
        self.out.info.kind = message.kind();
        self.out.info.group = message.group();
        self.out.info.version = match message.kind().as_bytes().first() {
            Some(b'v') => message.kind()[1..2].to_string(),
            _ => String::new(),
        };
        Some(FrameSpec {
            link: link_spec,
            ip: ip_spec,
            igmp,
            trailer,
        })
    }

    fn link(&mut self, link: LinkType) -> Option<(LinkSpec, usize, u16)> {
        self.layer = Layer::Link;
        let mut c = Cursor::new(self.bytes);
        match link {
            LinkType::RawIpv4 => Some((LinkSpec::RawIpv4, 0, 0x0800)),
            LinkType::Ethernet => {
                if c.remaining() < 14 {
                    self.truncated(0, 14, "the Ethernet header", "Ethernet ヘッダ");
                    return None;
                }
                self.open(
                    "eth",
                    ("Ethernet II", "Ethernet II"),
                    Span::new(0, 14),
                    || Text::same(""),
                );
                let dst = c.mac()?;
                let src = c.mac()?;
                self.add(
                    "eth.dst",
                    ("Destination", "宛先"),
                    Span::new(0, 6),
                    || describe_mac(&dst),
                );
                self.add("eth.src", ("Source", "送信元"), Span::new(6, 12), || {
                    describe_mac(&src)
                });
                let mut vlans = Vec::new();
                let mut ethertype = c.u16()?;
                while matches!(ethertype, 0x8100 | 0x88a8 | 0x9100) && vlans.len() < 8 {
                    let at = c.pos() - 2;
                    let Some(tci) = c.u16() else {
                        self.close();
                        self.truncated(at, 4, "the VLAN tag", "VLAN タグ");
                        return None;
                    };
                    let tpid = ethertype;
                    self.open(
                        "vlan",
                        ("802.1Q Virtual LAN", "802.1Q VLAN"),
                        Span::new(at, at + 4),
                        || Text::same(format!("TPID {tpid:#06x}, ID {}", tci & 0x0fff)),
                    );
                    self.add(
                        "vlan.tpid",
                        ("Tag protocol id", "タグプロトコル ID"),
                        Span::new(at, at + 2),
                        || Text::same(format!("{tpid:#06x}")),
                    );
                    let s = Span::new(at + 2, at + 4);
                    self.add_bits(
                        "vlan.priority",
                        ("Priority", "優先度"),
                        s,
                        0xe000,
                        || Text::same((tci >> 13).to_string()),
                    );
                    self.add_bits("vlan.dei", ("DEI", "DEI"), s, 0x1000, || {
                        Text::same(((tci >> 12) & 1).to_string())
                    });
                    self.add_bits("vlan.id", ("VLAN id", "VLAN ID"), s, 0x0fff, || {
                        Text::same((tci & 0x0fff).to_string())
                    });
                    self.close();
                    vlans.push(VlanTag { tpid, tci });
                    let Some(next) = c.u16() else {
                        self.close();
                        self.truncated(
                            at + 4,
                            2,
                            "the EtherType after the VLAN tag",
                            "VLAN タグの後の EtherType",
                        );
                        return None;
                    };
                    ethertype = next;
                }
                let at = c.pos() - 2;
                let id = if vlans.is_empty() {
                    "eth.type"
                } else {
                    "vlan.etype"
                };
                self.add(id, ("Type", "タイプ"), Span::new(at, at + 2), || {
                    ethertype_text(ethertype)
                });
                self.set_end("eth", c.pos());
                self.close();
                let spec = LinkSpec::Ethernet {
                    dst: Derived::Raw(MacAddr(dst)),
                    src: MacAddr(src),
                    vlans,
                    ethertype: Derived::Raw(ethertype),
                };
                Some((spec, c.pos(), ethertype))
            }
            LinkType::LinuxSll => {
                let Some(h) = c.take(16) else {
                    self.truncated(0, 16, "the Linux cooked header", "Linux cooked ヘッダ");
                    return None;
                };
                let proto = u16::from_be_bytes([h[14], h[15]]);
                let halen = usize::from(u16::from_be_bytes([h[4], h[5]]).min(8));
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
                    &h[6..6 + halen],
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
                let proto = u16::from_be_bytes([h[0], h[1]]);
                let ifindex = u32::from_be_bytes([h[4], h[5], h[6], h[7]]);
                let halen = usize::from(h[11].min(8));
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
                    || Text::same(format!("{:#06x}", u16::from_be_bytes([h[2], h[3]]))),
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
                    &h[12..12 + halen],
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
        self.add(
            "sll.src.eth",
            ("Source", "送信元"),
            Span::new(at.addr.0, at.addr.1),
            || Text::same(hex_colon(addr)),
        );
    }

    fn ipv4(&mut self, start: usize) -> Option<(Ipv4Spec, IpFacts)> {
        self.layer = Layer::Ipv4;
        let mut c = Cursor::at(self.bytes, start);
        let Some(first) = c.peek(1).map(|b| b[0]) else {
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
            self.add_bits(
                "ip.version",
                ("Version", "バージョン"),
                Span::new(start, start + 1),
                0xf0,
                || Text::same(version.to_string()),
            );
            self.structural("ip.bad_version", start, en, ja, "RFC 791 §3.1");
            return None;
        }
        let header_len = usize::from(ihl) * 4;
        if c.remaining() < 20 {
            self.truncated(start, 20, "the IPv4 header", "IPv4 ヘッダ");
            return None;
        }
        let h = c.take(20)?;
        let tos = h[1];
        let total_len = u16::from_be_bytes([h[2], h[3]]);
        let id = u16::from_be_bytes([h[4], h[5]]);
        let flags_frag = u16::from_be_bytes([h[6], h[7]]);
        let ttl = h[8];
        let protocol = h[9];
        let stored_sum = u16::from_be_bytes([h[10], h[11]]);
        let src = Ipv4Addr::new(h[12], h[13], h[14], h[15]);
        let dst = Ipv4Addr::new(h[16], h[17], h[18], h[19]);
        let s = start;
        self.open(
            "ip",
            (
                "Internet Protocol Version 4",
                "IPv4 (インターネットプロトコル)",
            ),
            Span::new(s, s + header_len.max(20)),
            || Text::same(format!("{src} → {dst}")),
        );
        self.add_bits(
            "ip.version",
            ("Version", "バージョン"),
            Span::new(s, s + 1),
            0xf0,
            || Text::same("4"),
        );
        self.add_bits(
            "ip.hdr_len",
            ("Header length", "ヘッダ長"),
            Span::new(s, s + 1),
            0x0f,
            || {
                Text::new(
                    format!("{header_len} bytes ({ihl})"),
                    format!("{header_len} バイト ({ihl})"),
                )
            },
        );
        self.add(
            "ip.dsfield",
            ("Differentiated Services", "DiffServ (TOS)"),
            Span::new(s + 1, s + 2),
            || {
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
            },
        );
        self.depth += 1;
        self.add_bits(
            "ip.dsfield.dscp",
            ("DSCP", "DSCP"),
            Span::new(s + 1, s + 2),
            0xfc,
            || Text::same((tos >> 2).to_string()),
        );
        self.add_bits(
            "ip.dsfield.ecn",
            ("ECN", "ECN"),
            Span::new(s + 1, s + 2),
            0x03,
            || Text::same((tos & 3).to_string()),
        );
        self.depth -= 1;
        self.add(
            "ip.len",
            ("Total length", "全長"),
            Span::new(s + 2, s + 4),
            || Text::same(total_len.to_string()),
        );
        self.add(
            "ip.id",
            ("Identification", "識別子"),
            Span::new(s + 4, s + 6),
            || Text::same(format!("{id:#06x} ({id})")),
        );
        let flags = (flags_frag >> 13) as u8;
        let frag_offset = flags_frag & 0x1fff;
        self.add_bits(
            "ip.flags",
            ("Flags", "フラグ"),
            Span::new(s + 6, s + 7),
            0xe0,
            || {
                let mut names = Vec::new();
                if flags & 4 != 0 {
                    names.push("RB");
                }
                if flags & 2 != 0 {
                    names.push("DF");
                }
                if flags & 1 != 0 {
                    names.push("MF");
                }
                Text::same(format!("{:#04x} [{}]", flags << 5, names.join(", ")))
            },
        );
        self.depth += 1;
        self.add_bits(
            "ip.flags.rb",
            ("Reserved bit", "予約ビット"),
            Span::new(s + 6, s + 7),
            0x80,
            || Text::same(((flags >> 2) & 1).to_string()),
        );
        self.add_bits(
            "ip.flags.df",
            ("Don't fragment", "分割禁止 (DF)"),
            Span::new(s + 6, s + 7),
            0x40,
            || Text::same(((flags >> 1) & 1).to_string()),
        );
        self.add_bits(
            "ip.flags.mf",
            ("More fragments", "後続フラグメントあり (MF)"),
            Span::new(s + 6, s + 7),
            0x20,
            || Text::same((flags & 1).to_string()),
        );
        self.depth -= 1;
        self.add_bits(
            "ip.frag_offset",
            ("Fragment offset", "フラグメントオフセット"),
            Span::new(s + 6, s + 8),
            0x1fff,
            || Text::same(frag_offset.to_string()),
        );
        self.add(
            "ip.ttl",
            ("Time to live", "TTL"),
            Span::new(s + 8, s + 9),
            || Text::same(ttl.to_string()),
        );
        self.add(
            "ip.proto",
            ("Protocol", "プロトコル"),
            Span::new(s + 9, s + 10),
            || {
                Text::same(match protocol {
                    2 => "IGMP (2)".to_string(),
                    p => p.to_string(),
                })
            },
        );
        // The header checksum is computed only over bytes we have.
        let header_bytes = self.bytes.get(s..s + header_len.max(20));
        let expected = header_bytes.map(|hb| checksum::expected(hb, 10));
        self.add(
            "ip.checksum",
            ("Header checksum", "ヘッダチェックサム"),
            Span::new(s + 10, s + 12),
            || match expected {
                Some(e) if e == stored_sum => Text::new(
                    format!("{stored_sum:#06x} [correct]"),
                    format!("{stored_sum:#06x} [正しい]"),
                ),
                Some(e) => Text::new(
                    format!("{stored_sum:#06x} [incorrect, should be {e:#06x}]"),
                    format!("{stored_sum:#06x} [誤り、正しくは {e:#06x}]"),
                ),
                None => Text::new(
                    format!("{stored_sum:#06x} [unverified]"),
                    format!("{stored_sum:#06x} [未検証]"),
                ),
            },
        );
        self.add(
            "ip.src",
            ("Source address", "送信元アドレス"),
            Span::new(s + 12, s + 16),
            || Text::same(src.to_string()),
        );
        self.add(
            "ip.dst",
            ("Destination address", "宛先アドレス"),
            Span::new(s + 16, s + 20),
            || Text::same(dst.to_string()),
        );
        self.out.info.src = Some(src);
        self.out.info.dst = Some(dst);

        if header_len < 20 {
            self.close();
            let en = format!("IPv4 header length {ihl} words ({header_len} bytes) is less than the minimum 5 words.");
            let ja = format!(
                "IPv4 ヘッダ長 {ihl} ワード ({header_len} バイト) は最小値 5 ワード未満です。"
            );
            self.structural("ip.bad_ihl", s, en, ja, "RFC 791 §3.1");
            return None;
        }
        if let Some(e) = expected {
            if e != stored_sum {
                self.diag(
                    "ip.bad_checksum",
                    Severity::Error,
                    Span::new(s + 10, s + 12),
                    Some("ip.checksum"),
                    format!("Bad IPv4 header checksum {stored_sum:#06x}: it should be {e:#06x}. Receivers drop this packet."),
                    format!("IPv4 ヘッダチェックサム {stored_sum:#06x} が誤っています。正しくは {e:#06x} です。受信側はこのパケットを破棄します。"),
                    "RFC 791 §3.1",
                );
            }
        }
        // Options
        let mut router_alert = false;
        let options = match c.take(header_len - 20) {
            Some(o) => o.to_vec(),
            None => {
                self.close();
                self.truncated(
                    s + 20,
                    header_len - 20,
                    "the IPv4 options",
                    "IPv4 オプション",
                );
                return None;
            }
        };
        if !options.is_empty() {
            router_alert = self.ip_options(s + 20, &options);
        }
        self.close();

        if usize::from(total_len) < header_len {
            let en = format!(
                "IPv4 Total Length {total_len} is smaller than the header ({header_len} bytes)."
            );
            let ja = format!(
                "IPv4 Total Length {total_len} がヘッダ長 ({header_len} バイト) より小さい値です。"
            );
            self.structural("ip.bad_total_len", s + 2, en, ja, "RFC 791 §3.1");
            return None;
        }
        let fragment = flags & 1 != 0 || frag_offset != 0;
        if fragment {
            self.diag(
                "ip.fragment",
                Severity::Warning,
                Span::new(s + 6, s + 8),
                Some("ip.frag_offset"),
                format!("This is an IP fragment (MF {}, offset {}): IGMP messages are never fragmented, and only the first fragment carries the IGMP header.", flags & 1, frag_offset),
                format!("IP フラグメントです (MF {}, オフセット {})。IGMP メッセージは通常分割されず、IGMP ヘッダは最初のフラグメントにしかありません。", flags & 1, frag_offset),
                "RFC 791 §2.3",
            );
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
        let payload_start = s + header_len;
        let claimed_len = usize::from(total_len) - header_len;
        let datagram_end = (s + usize::from(total_len)).min(self.bytes.len());
        if protocol != 2 {
            self.diag(
                "ip.not_igmp",
                Severity::Info,
                Span::new(s + 9, s + 10),
                Some("ip.proto"),
                format!("IP protocol {protocol} is not IGMP (2); the payload is shown as data."),
                format!("IP プロトコル {protocol} は IGMP (2) ではありません。ペイロードはデータとして表示します。"),
                "",
            );
            self.layer = Layer::Igmp;
            self.add(
                "data",
                ("Data", "データ"),
                Span::new(payload_start, datagram_end),
                || {
                    Text::same(format!(
                        "{} bytes",
                        datagram_end.saturating_sub(payload_start)
                    ))
                },
            );
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
        let end = start + options.len();
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
            let at = start + c.pos() - 1;
            let copied = kind >> 7;
            let class = (kind >> 5) & 3;
            let number = kind & 0x1f;
            match kind {
                0 => {
                    self.add(
                        "ip.opt.type",
                        ("End of Option List", "オプションリスト終端"),
                        Span::new(at, at + 1),
                        || Text::same("0 (EOL)"),
                    );
                    let rest = c.rest().len();
                    if rest > 0 {
                        self.add(
                            "ip.opt.padding",
                            ("Padding", "パディング"),
                            Span::new(at + 1, at + 1 + rest),
                            || Text::same(format!("{rest} bytes")),
                        );
                    }
                    break;
                }
                1 => {
                    self.add(
                        "ip.opt.type",
                        ("No-Operation", "NOP"),
                        Span::new(at, at + 1),
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
                    Span::new(at, at + 1),
                    || Text::same(kind.to_string()),
                );
                self.diag(
                    "ip.bad_option",
                    Severity::Error,
                    Span::new(at, end),
                    Some("ip.opt.type"),
                    format!("IPv4 option {kind} at byte {at} has no length byte."),
                    format!("バイト {at} の IPv4 オプション {kind} に長さバイトがありません。"),
                    "RFC 791 §3.1",
                );
                break;
            };
            let body_len = usize::from(len).saturating_sub(2);
            if len < 2 || c.remaining() < body_len {
                self.add(
                    "ip.opt.type",
                    ("Option type", "オプション種別"),
                    Span::new(at, at + 1),
                    || Text::same(kind.to_string()),
                );
                self.diag("ip.bad_option", Severity::Error, Span::new(at, end), Some("ip.opt.type"),
                    format!("IPv4 option {kind} at byte {at} claims length {len}, which does not fit the {} option bytes left.", c.remaining() + 2),
                    format!("バイト {at} の IPv4 オプション {kind} の長さ {len} が残りのオプション領域に収まりません。"), "RFC 791 §3.1");
                break;
            }
            let body = c.take(body_len).unwrap_or(&[]);
            let span = Span::new(at, at + usize::from(len));
            if kind == 0x94 {
                router_alert = true;
                let value = if body.len() >= 2 {
                    u16::from_be_bytes([body[0], body[1]])
                } else {
                    0
                };
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
                    Span::new(at, at + 1),
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
                    Span::new(at + 1, at + 2),
                    || Text::same(len.to_string()),
                );
                self.add(
                    "ip.opt.ra",
                    ("Router Alert", "ルータアラート"),
                    Span::new(at + 2, at + 2 + body.len()),
                    || {
                        Text::new(
                            format!("{value} (Router shall examine packet)"),
                            format!("{value} (ルータはパケットを検査すること)"),
                        )
                    },
                );
                self.close();
                if len != 4 || value != 0 {
                    self.diag("ip.bad_router_alert", Severity::Warning, span, Some("ip.options.routeralert"),
                        format!("Router Alert option should be length 4 with value 0, found length {len} value {value}."),
                        format!("ルータアラートは長さ 4・値 0 であるべきですが、長さ {len}・値 {value} です。"), "RFC 2113 §2.1");
                }
            } else {
                let raw = hex_plain(body);
                self.open("ip.option", ("Option", "オプション"), span, || {
                    Text::same(format!("type {kind}, {raw}"))
                });
                self.add(
                    "ip.opt.type",
                    ("Type", "種別"),
                    Span::new(at, at + 1),
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
                    Span::new(at + 1, at + 2),
                    || Text::same(len.to_string()),
                );
                if !body.is_empty() {
                    self.add(
                        "ip.opt.value",
                        ("Value", "値"),
                        Span::new(at + 2, at + 2 + body.len()),
                        || Text::same(hex_plain(body)),
                    );
                }
                self.close();
            }
        }
        self.close();
        router_alert
    }

    fn igmp(&mut self, ip: &IpFacts) -> Option<IgmpSpec> {
        self.layer = Layer::Igmp;
        let p = ip.payload_start;
        let claimed = ip.claimed_len;
        let available = ip.datagram_end.saturating_sub(p);
        let msg = self.bytes.get(p..p + available).unwrap_or(&[]);
        let shown_end = p + available;
        if claimed > available {
            // The IP header claims more than was captured: decode what is there, and say so.
            let en = format!("The IP Total Length claims {claimed} IGMP bytes but the frame holds only {available} after byte {p}.");
            let ja = format!("IP Total Length は IGMP {claimed} バイトを示していますが、バイト {p} 以降には {available} バイトしかありません。");
            self.structural("malformed.truncated", shown_end, en, ja, "RFC 791 §3.1");
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
            (0x11, 8) => Some(if msg.get(1) == Some(&0) { "1" } else { "2" }),
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
        self.add(
            "igmp.type",
            ("Type", "タイプ"),
            Span::new(p, p + 1),
            || {
                Text::new(
                    format!("{msg_type:#04x} ({})", name.en),
                    format!("{msg_type:#04x} ({})", name.ja),
                )
            },
        );
        let result = match msg_type {
            0x11 => self.query(p, claimed, msg),
            0x12 | 0x16 | 0x17 => self.basic(p, claimed, msg, msg_type),
            0x22 => self.v3_report(p, claimed, msg),
            _ => self.other(p, claimed, msg, msg_type),
        };
        self.close();
        let spec = result?;
        // RFC 2236 §2.3 / RFC 3376 §4.1.2: the checksum covers the whole IGMP message.
        if msg.len() >= 4 && claimed <= available {
            let stored = u16::from_be_bytes([msg[2], msg[3]]);
            let expected = checksum::expected(msg, 2);
            if stored != expected {
                let rfc = match msg_type {
                    0x11 if claimed >= 12 => "RFC 3376 §4.1.2",
                    0x22 => "RFC 3376 §4.2.2",
                    0x12 => "RFC 1112 App. I",
                    0x30..=0x32 => "RFC 4286 §3",
                    _ => "RFC 2236 §2.3",
                };
                self.diag(
                    "igmp.bad_checksum",
                    Severity::Error,
                    Span::new(p + 2, p + 4),
                    Some("igmp.checksum"),
                    format!("Bad IGMP checksum {stored:#06x}: it should be {expected:#06x} (over all {claimed} bytes of the message). Hosts and routers ignore this message."),
                    format!("IGMP チェックサム {stored:#06x} が誤っています。正しくは {expected:#06x} です (メッセージ全体 {claimed} バイトで計算)。ホストもルータもこのメッセージを無視します。"),
                    rfc,
                );
            }
        }
        if ip.fragment {
            return None;
        }
        Some(spec)
    }

    fn checksum_field(&mut self, p: usize, msg: &[u8], claimed: usize) -> u16 {
        let stored = msg
            .get(2..4)
            .map(|b| u16::from_be_bytes([b[0], b[1]]))
            .unwrap_or(0);
        let expected = if msg.len() >= claimed {
            Some(checksum::expected(msg, 2))
        } else {
            None
        };
        self.add(
            "igmp.checksum",
            ("Checksum", "チェックサム"),
            Span::new(p + 2, p + 4),
            || match expected {
                Some(e) if e == stored => Text::new(
                    format!("{stored:#06x} [correct]"),
                    format!("{stored:#06x} [正しい]"),
                ),
                Some(e) => Text::new(
                    format!("{stored:#06x} [incorrect, should be {e:#06x}]"),
                    format!("{stored:#06x} [誤り、正しくは {e:#06x}]"),
                ),
                None => Text::new(
                    format!("{stored:#06x} [unverified: message truncated]"),
                    format!("{stored:#06x} [未検証: メッセージが切れています]"),
                ),
            },
        );
        stored
    }

    fn group_field(&mut self, id: &str, label: Label, at: usize, group: Ipv4Addr) {
        self.add(id, label, Span::new(at, at + 4), || {
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
        if !self.need(p, msg, 8, "the IGMP query", "IGMP クエリ") {
            return None;
        }
        let code = msg[1];
        let group = Ipv4Addr::new(msg[4], msg[5], msg[6], msg[7]);
        if code == 0 {
            self.add(
                "igmp.max_resp",
                (
                    "Max Resp Time (unused in IGMPv1)",
                    "最大応答時間 (IGMPv1 では未使用)",
                ),
                Span::new(p + 1, p + 2),
                || {
                    Text::new(
                        "0x00 → IGMPv1 query: hosts use 10.0 s",
                        "0x00 → IGMPv1 クエリ: ホストは 10.0 秒を使用",
                    )
                },
            );
            self.add_derived(
                "igmp.mrt",
                ("Effective Max Response Time", "実効最大応答時間"),
                p + 1,
                || Text::new("10.0 s (RFC 2236 §4)", "10.0 秒 (RFC 2236 §4)"),
            );
        } else {
            self.add(
                "igmp.max_resp",
                ("Max Resp Time", "最大応答時間"),
                Span::new(p + 1, p + 2),
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
                p + 1,
                || Text::same(timecode::tenths_to_string(u32::from(code))),
            );
        }
        let checksum = self.checksum_field(p, msg, claimed);
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p + 4,
            group,
        );
        if claimed > 8 {
            let en = format!("A query of {claimed} bytes is neither IGMPv2 (8) nor IGMPv3 (12 or more): RFC 3376 §7.1 says such queries MUST be silently ignored.");
            let ja = format!("{claimed} バイトのクエリは IGMPv2 (8) でも IGMPv3 (12 以上) でもありません。RFC 3376 §7.1 により、このようなクエリは黙って無視しなければなりません。");
            self.structural("igmp.bad_query_length", p, en, ja, "RFC 3376 §7.1");
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
        let code = msg[1];
        let unused_label: Label = if msg_type == 0x12 {
            ("Unused", "未使用")
        } else {
            ("Max Resp Time (unused)", "最大応答時間 (未使用)")
        };
        self.add(
            "igmp.max_resp",
            unused_label,
            Span::new(p + 1, p + 2),
            || Text::same(format!("{code:#04x}")),
        );
        if code != 0 {
            self.diag("igmp.nonzero_unused", Severity::Warning, Span::new(p + 1, p + 2), Some("igmp.max_resp"),
                format!("Byte 1 is {code:#04x}: it is set to zero when sending and ignored when receiving in this message type."),
                format!("バイト 1 が {code:#04x} です。このメッセージ種別では送信時 0、受信時は無視されます。"), "RFC 2236 §2.2");
        }
        let checksum = self.checksum_field(p, msg, claimed);
        let group = Ipv4Addr::new(msg[4], msg[5], msg[6], msg[7]);
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p + 4,
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
        let n = claimed - used;
        self.add(
            "igmp.extra",
            ("Extra bytes", "余分なバイト"),
            Span::new(p + used, p + used + extra.len()),
            || {
                Text::new(
                    format!("{n} bytes after the message"),
                    format!("メッセージの後ろに {n} バイト"),
                )
            },
        );
        self.diag("igmp.trailing_bytes", Severity::Warning, Span::new(p + used, p + used + extra.len()), Some("igmp.extra"),
            format!("{n} bytes follow the {used}-byte IGMP message inside the IP payload: receivers ignore them but include them in the checksum, and senders must not add them."),
            format!("IP ペイロード内で {used} バイトの IGMP メッセージの後に {n} バイトあります。受信側は無視しますがチェックサムには含めます。送信側は付加してはいけません。"),
            rfc);
        extra
    }

    fn v3_query(&mut self, p: usize, claimed: usize, msg: &[u8]) -> Option<IgmpSpec> {
        if !self.need(p, msg, 12, "the IGMPv3 query header", "IGMPv3 クエリヘッダ") {
            return None;
        }
        let code = msg[1];
        let mrt = decode_v3(code);
        self.max_resp_v3(p, code, mrt);
        let checksum = self.checksum_field(p, msg, claimed);
        let group = Ipv4Addr::new(msg[4], msg[5], msg[6], msg[7]);
        self.group_field(
            "igmp.maddr",
            ("Multicast address", "マルチキャストアドレス"),
            p + 4,
            group,
        );
        let b8 = msg[8];
        let resv = b8 >> 4;
        let s = b8 & 0x08 != 0;
        let qrv = b8 & 0x07;
        let s8 = Span::new(p + 8, p + 9);
        self.add_bits(
            "igmp.resv",
            ("Reserved (Flags in RFC 9776)", "予約 (RFC 9776 では Flags)"),
            s8,
            0xf0,
            || Text::same(resv.to_string()),
        );
        self.add_bits(
            "igmp.s",
            (
                "S: Suppress Router-Side Processing",
                "S: ルータ側処理の抑制",
            ),
            s8,
            0x08,
            || {
                if s {
                    Text::new(
                        "1 (routers do not lower their timers)",
                        "1 (ルータはタイマーを下げない)",
                    )
                } else {
                    Text::same("0")
                }
            },
        );
        self.add_bits(
            "igmp.qrv",
            (
                "QRV: Querier's Robustness Variable",
                "QRV: クエリアのロバストネス変数",
            ),
            s8,
            0x07,
            || Text::same(qrv.to_string()),
        );
        let qqic = msg[9];
        let qqi = decode_v3(qqic);
        self.add(
            "igmp.qqic",
            (
                "QQIC: Querier's Query Interval Code",
                "QQIC: クエリアのクエリ間隔コード",
            ),
            Span::new(p + 9, p + 10),
            || {
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
            },
        );
        self.add_derived(
            "igmp.qqi",
            ("Querier's Query Interval", "クエリアのクエリ間隔"),
            p + 9,
            || Text::new(format!("{qqi} s"), format!("{qqi} 秒")),
        );
        let n = u16::from_be_bytes([msg[10], msg[11]]);
        self.add(
            "igmp.num_src",
            ("Number of sources", "送信元の数"),
            Span::new(p + 10, p + 12),
            || Text::same(n.to_string()),
        );
        if resv != 0 {
            self.diag("igmp.reserved_set", Severity::Warning, s8, Some("igmp.resv"),
                format!("Reserved bits are {resv:#x}: senders set them to zero (receivers ignore them)."),
                format!("予約ビットが {resv:#x} です。送信側は 0 にします (受信側は無視します)。"), "RFC 3376 §4.1.4");
        }
        if qrv == 0 {
            self.diag("igmp.qrv_zero", Severity::Info, s8, Some("igmp.qrv"),
                "QRV is 0: the querier's Robustness Variable exceeds 7 or is unset; receivers keep their own value.".into(),
                "QRV が 0 です。クエリアのロバストネス変数が 7 を超えるか未設定です。受信側は自分の値を使い続けます。".into(), "RFC 3376 §4.1.6");
        }
        let room = claimed.min(msg.len()).saturating_sub(12) / 4;
        if usize::from(n) > room {
            let en = format!("Number of Sources says {n}, but the message has room for only {room} source addresses after byte {}.", p + 12);
            let ja = format!(
                "送信元の数は {n} ですが、バイト {} 以降には {room} 個分の領域しかありません。",
                p + 12
            );
            let mut sources = Vec::new();
            self.source_list(p + 12, room, &mut sources);
            self.structural("igmp.bad_num_src", p + 10, en, ja, "RFC 3376 §4.1.8");
            return None;
        }
        let mut sources = Vec::with_capacity(usize::from(n));
        self.source_list(p + 12, usize::from(n), &mut sources);
        if n > 0 && group == Ipv4Addr::UNSPECIFIED {
            self.diag("igmp.sources_in_general_query", Severity::Error, Span::new(p + 10, p + 12), Some("igmp.num_src"),
                format!("A general query (group 0.0.0.0) carries {n} sources: a general query has none; Linux drops it."),
                format!("一般クエリ (グループ 0.0.0.0) に {n} 個の送信元があります。一般クエリには送信元はありません。Linux は破棄します。"), "RFC 3376 §4.1.11");
        }
        let used = 12 + 4 * usize::from(n);
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
        let span = Span::new(p + 1, p + 2);
        self.add("igmp.max_resp", ("Max Resp Code", "最大応答コード"), span, || {
            if code < 128 {
                Text::new(format!("{code:#04x} = {mrt} × 0.1 s (linear below 128)"), format!("{code:#04x} = {mrt} × 0.1 秒 (128 未満は線形)"))
            } else {
                Text::new(
                    format!("{code:#04x} = ({:#x} | 0x10) << ({} + 3) = {mrt} × 0.1 s (floating point)", code & 0x0f, (code >> 4) & 7),
                    format!("{code:#04x} = ({:#x} | 0x10) << ({} + 3) = {mrt} × 0.1 秒 (浮動小数点)", code & 0x0f, (code >> 4) & 7),
                )
            }
        });
        if code >= 128 {
            self.depth += 1;
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
            self.depth -= 1;
        }
        self.add_derived(
            "igmp.mrt",
            ("Effective Max Response Time", "実効最大応答時間"),
            p + 1,
            || Text::same(timecode::tenths_to_string(mrt)),
        );
    }

    /// `count` source addresses from absolute offset `at` (fewer if the bytes end).
    fn source_list(&mut self, at: usize, count: usize, out: &mut Vec<Ipv4Addr>) {
        for i in 0..count {
            let off = at + 4 * i;
            let Some(b) = self.bytes.get(off..off + 4) else {
                break;
            };
            let addr = Ipv4Addr::new(b[0], b[1], b[2], b[3]);
            self.add(
                "igmp.saddr",
                ("Source address", "送信元アドレス"),
                Span::new(off, off + 4),
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
        let reserved1 = msg[1];
        self.add(
            "igmp.reserved",
            ("Reserved", "予約"),
            Span::new(p + 1, p + 2),
            || Text::same(format!("{reserved1:#04x}")),
        );
        let checksum = self.checksum_field(p, msg, claimed);
        let reserved2 = u16::from_be_bytes([msg[4], msg[5]]);
        self.add(
            "igmp.reserved",
            ("Reserved (Flags in RFC 9776)", "予約 (RFC 9776 では Flags)"),
            Span::new(p + 4, p + 6),
            || Text::same(format!("{reserved2:#06x}")),
        );
        if reserved1 != 0 || reserved2 != 0 {
            self.diag(
                "igmp.reserved_set",
                Severity::Warning,
                Span::new(p + 1, p + 6),
                Some("igmp.reserved"),
                "Reserved fields of the report are not zero: senders set them to zero.".into(),
                "レポートの予約フィールドが 0 ではありません。送信側は 0 にします。".into(),
                "RFC 3376 §4.2.1",
            );
        }
        let m = u16::from_be_bytes([msg[6], msg[7]]);
        self.add(
            "igmp.num_grp_recs",
            ("Number of group records", "グループレコード数"),
            Span::new(p + 6, p + 8),
            || Text::same(m.to_string()),
        );
        let limit = claimed.min(msg.len());
        let mut pos = 8usize;
        let mut records = Vec::with_capacity(usize::from(m).min(256));
        for i in 0..usize::from(m) {
            let at = p + pos;
            if pos + 8 > limit {
                let en = format!("Group record {} of {m} should start at byte {at}, but the message ends at byte {}.", i + 1, p + limit);
                let ja = format!("{m} 個中 {} 番目のグループレコードはバイト {at} から始まるはずですが、メッセージはバイト {} で終わっています。", i + 1, p + limit);
                self.structural("igmp.bad_num_grp_recs", p + 6, en, ja, "RFC 3376 §4.2.3");
                return None;
            }
            let rtype = msg[pos];
            let aux_len = msg[pos + 1];
            let n = u16::from_be_bytes([msg[pos + 2], msg[pos + 3]]);
            let group = Ipv4Addr::new(msg[pos + 4], msg[pos + 5], msg[pos + 6], msg[pos + 7]);
            let rec_len = 8 + 4 * usize::from(n) + 4 * usize::from(aux_len);
            let rec_end = (pos + rec_len).min(limit);
            let names = record_type_name(rtype);
            let sentence = record_sentence(rtype, group, n);
            self.open(
                "igmp.record",
                ("Group Record", "グループレコード"),
                Span::new(at, p + rec_end),
                || {
                    let short = names.map(|x| x.0).unwrap_or("?");
                    Text::new(
                        format!("{group} {short}: {}", sentence.en),
                        format!("{group} {short}: {}", sentence.ja),
                    )
                },
            );
            self.add(
                "igmp.record_type",
                ("Record type", "レコード種別"),
                Span::new(at, at + 1),
                || match names {
                    Some((short, long)) => Text::same(format!("{rtype} ({long}, {short})")),
                    None => Text::new(format!("{rtype} (unknown)"), format!("{rtype} (不明)")),
                },
            );
            self.add(
                "igmp.aux_data_len",
                ("Aux data length", "補助データ長"),
                Span::new(at + 1, at + 2),
                || Text::new(format!("{aux_len} words"), format!("{aux_len} ワード")),
            );
            self.add(
                "igmp.num_src",
                ("Number of sources", "送信元の数"),
                Span::new(at + 2, at + 4),
                || Text::same(n.to_string()),
            );
            self.group_field(
                "igmp.maddr",
                ("Multicast address", "マルチキャストアドレス"),
                at + 4,
                group,
            );
            if names.is_none() {
                self.diag("igmp.unknown_record_type", Severity::Warning, Span::new(at, at + 1), Some("igmp.record_type"),
                    format!("Record type {rtype} is not defined (1–6): receivers ignore this record."),
                    format!("レコード種別 {rtype} は未定義です (1〜6)。受信側はこのレコードを無視します。"), "RFC 3376 §4.2.12");
            }
            self.group_check(group, at + 4, "igmp.maddr");
            if pos + rec_len > limit {
                let room = limit.saturating_sub(pos + 8) / 4;
                let mut sources = Vec::new();
                self.source_list(at + 8, room.min(usize::from(n)), &mut sources);
                self.close();
                let en = format!("Group record {} claims {n} sources and {aux_len} aux words ({rec_len} bytes), but only {} bytes remain from byte {at}.", i + 1, limit - pos);
                let ja = format!("{} 番目のグループレコードは送信元 {n} 個と補助データ {aux_len} ワード ({rec_len} バイト) を示していますが、バイト {at} 以降は {} バイトしかありません。", i + 1, limit - pos);
                self.structural("igmp.bad_num_src", at + 2, en, ja, "RFC 3376 §4.2.7");
                return None;
            }
            let mut sources = Vec::with_capacity(usize::from(n));
            self.source_list(at + 8, usize::from(n), &mut sources);
            let aux_start = pos + 8 + 4 * usize::from(n);
            let aux = msg
                .get(aux_start..aux_start + 4 * usize::from(aux_len))
                .unwrap_or(&[])
                .to_vec();
            if !aux.is_empty() {
                let a = p + aux_start;
                let alen = aux.len();
                self.add(
                    "igmp.aux_data",
                    ("Auxiliary data", "補助データ"),
                    Span::new(a, a + alen),
                    || Text::same(hex_plain(&aux)),
                );
                self.diag("igmp.aux_data", Severity::Info, Span::new(a, a + alen), Some("igmp.aux_data"),
                    format!("{alen} bytes of auxiliary data: IGMPv3 defines none, and receivers ignore it."),
                    format!("補助データが {alen} バイトあります。IGMPv3 では定義されておらず、受信側は無視します。"), "RFC 3376 §4.2.10");
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
            pos += rec_len;
        }
        self.set_end("igmp", p + limit);
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
        let code = msg[1];
        let body_end = claimed.min(msg.len());
        match msg_type {
            0x13 => {
                self.add(
                    "dvmrp.code",
                    ("DVMRP code", "DVMRP コード"),
                    Span::new(p + 1, p + 2),
                    || Text::same(format!("{code} ({})", dvmrp_code_name(code))),
                );
            }
            0x30 => {
                self.add(
                    "mrdisc.adv_int",
                    ("Advertisement interval", "広告間隔"),
                    Span::new(p + 1, p + 2),
                    || Text::new(format!("{code} s"), format!("{code} 秒")),
                );
            }
            _ => {
                self.add(
                    "igmp.code",
                    ("Code", "コード"),
                    Span::new(p + 1, p + 2),
                    || Text::same(format!("{code:#04x}")),
                );
            }
        }
        let checksum = self.checksum_field(p, msg, claimed);
        let body = msg.get(4..body_end).unwrap_or(&[]).to_vec();
        match msg_type {
            0x1e | 0x1f if body.len() >= 20 => {
                let at = p + 4;
                let g = Ipv4Addr::new(body[0], body[1], body[2], body[3]);
                self.group_field(
                    "mtrace.group",
                    ("Multicast group", "マルチキャストグループ"),
                    at,
                    g,
                );
                for (i, (id, label)) in [
                    ("mtrace.src", ("Source address", "送信元アドレス")),
                    ("mtrace.dst", ("Destination address", "宛先アドレス")),
                    ("mtrace.resp", ("Response address", "応答先アドレス")),
                ]
                .into_iter()
                .enumerate()
                {
                    let o = 4 + 4 * i;
                    let a = Ipv4Addr::new(body[o], body[o + 1], body[o + 2], body[o + 3]);
                    self.group_field(id, label, at + o, a);
                }
                let ttl = body[16];
                let qid = u32::from_be_bytes([0, body[17], body[18], body[19]]);
                self.add(
                    "mtrace.resp_ttl",
                    ("Response TTL", "応答 TTL"),
                    Span::new(at + 16, at + 17),
                    || Text::same(ttl.to_string()),
                );
                self.add(
                    "mtrace.q_id",
                    ("Query id", "クエリ ID"),
                    Span::new(at + 17, at + 20),
                    || Text::same(qid.to_string()),
                );
                if body.len() > 20 {
                    let n = body.len() - 20;
                    self.add(
                        "mtrace.blocks",
                        ("Response blocks", "応答ブロック"),
                        Span::new(at + 20, at + body.len()),
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
                let qi = u16::from_be_bytes([body[0], body[1]]);
                let rv = u16::from_be_bytes([body[2], body[3]]);
                self.add(
                    "mrdisc.query_int",
                    ("Query interval", "クエリ間隔"),
                    Span::new(p + 4, p + 6),
                    || Text::new(format!("{qi} s"), format!("{qi} 秒")),
                );
                self.add(
                    "mrdisc.rv",
                    ("Robustness variable", "ロバストネス変数"),
                    Span::new(p + 6, p + 8),
                    || Text::same(rv.to_string()),
                );
            }
            _ => {
                if !body.is_empty() {
                    let n = body.len();
                    self.add(
                        "igmp.data",
                        ("Data", "データ"),
                        Span::new(p + 4, p + 4 + n),
                        || Text::same(hex_plain(&body)),
                    );
                }
            }
        }
        if !(0x13..=0x32).contains(&msg_type)
            || (0x20..0x30).contains(&msg_type)
            || matches!(msg_type, 0x15 | 0x18..=0x1d)
        {
            self.diag("igmp.unknown_type", Severity::Info, Span::new(p, p + 1), Some("igmp.type"),
                format!("IGMP type {msg_type:#04x} is not one the workbench knows: shown raw. Receivers silently ignore unknown types; snooping switches flood them."),
                format!("IGMP タイプ {msg_type:#04x} は本ツールが知らない種別です。生データで表示します。受信側は黙って無視し、スヌーピングスイッチはフラッディングします。"),
                "RFC 2236 §2.1, RFC 4541 §2.1.1");
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
        let span = Span::new(at, at + 4);
        if !group.is_multicast() {
            self.diag("igmp.group_not_multicast", Severity::Error, span, Some(field),
                format!("Group address {group} is not a multicast address (224.0.0.0/4)."),
                format!("グループアドレス {group} はマルチキャストアドレス (224.0.0.0/4) ではありません。"), "RFC 1112 §4");
        } else if group == ALL_SYSTEMS {
            self.diag("igmp.all_systems_reported", Severity::Warning, span, Some(field),
                "224.0.0.1 (all systems) is reported: hosts are permanent members and never report it.".into(),
                "224.0.0.1 (全システム) がレポートされています。ホストは常にメンバーであり、レポートしません。".into(), "RFC 2236 §6");
        }
    }

    /// Checks that need several layers: destination address, TTL, Router Alert, MAC.
    fn cross_checks(&mut self, link: &LinkSpec, ip: &IpFacts, igmp: &IgmpSpec) {
        let s = ip.header_start;
        let p = ip.payload_start;
        let dst_span = Span::new(s + 16, s + 20);
        let (expected, rule) = igmp.auto_destination();
        let msg_type = igmp.msg_type();
        let group = match igmp {
            IgmpSpec::Basic { group, .. } | IgmpSpec::V3Query { group, .. } => Some(*group),
            _ => None,
        };
        // Group validity for queries, reports and leaves.
        match (msg_type, group) {
            (0x11, Some(g)) if g != Ipv4Addr::UNSPECIFIED && !g.is_multicast() => {
                self.group_check(g, p + 4, "igmp.maddr");
            }
            (0x12 | 0x16 | 0x17, Some(g)) => self.group_check(g, p + 4, "igmp.maddr"),
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
                (Severity::Warning, " Old hosts send Leaves to the group; routers SHOULD accept them.", " 古いホストはグループ宛てに Leave を送ります。ルータは受け入れるべきです (SHOULD)。")
            } else if unicast_query {
                (
                    Severity::Info,
                    " Hosts accept queries sent to their own address.",
                    " ホストは自分のアドレス宛てのクエリも受け付けます。",
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
                    " Linux は 224.0.0.1 以外宛ての一般クエリを拒否します。",
                )
            } else {
                (Severity::Error, "", "")
            };
            let kind = igmp.message().kind();
            self.diag(
                "ip.wrong_destination",
                sev,
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
                rule,
            );
        }
        if ip.ttl != 1 {
            self.diag("ip.ttl_not_1", Severity::Error, Span::new(s + 8, s + 9), Some("ip.ttl"),
                format!("TTL is {}: IGMP messages are sent with TTL 1 and never leave the link (conformance tests drop them).", ip.ttl),
                format!("TTL が {} です。IGMP メッセージは TTL 1 で送られ、リンクの外には出ません (適合性テストでは破棄されます)。", ip.ttl),
                "RFC 2236 §2, RFC 3376 §4");
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
            self.diag("ip.missing_router_alert", Severity::Warning, Span::new(s, p), Some("ip"),
                "No Router Alert option: IGMPv2 and IGMPv3 messages carry it, and v3 hosts SHOULD ignore queries without it.".into(),
                "ルータアラートオプションがありません。IGMPv2/v3 のメッセージには必須で、v3 ホストはこれのないクエリを無視すべきです (SHOULD)。".into(),
                "RFC 2236 §2, RFC 3376 §4, §9.1");
        }
        if let LinkSpec::Ethernet {
            dst: Derived::Raw(MacAddr(mac_dst)),
            ..
        } = link
        {
            if ip.dst.is_multicast() && !mac::matches(mac_dst, ip.dst) {
                let want = mac::format_mac(&mac::multicast_mac(ip.dst));
                let got = mac::format_mac(mac_dst);
                self.diag("eth.mac_mismatch", Severity::Error, Span::new(0, 6), Some("eth.dst"),
                    format!("Destination MAC {got} does not match the IP destination {}: it should be {want}. NICs filtering by MAC drop it.", ip.dst),
                    format!("宛先 MAC {got} が IP 宛先 {} と一致しません。正しくは {want} です。MAC でフィルタする NIC は破棄します。", ip.dst),
                    "RFC 1112 §6.4");
            }
        }
    }
}

// ----- value formatting helpers -------------------------------------------------------------

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

fn ethertype_text(t: u16) -> Text {
    let name = match t {
        0x0800 => "IPv4",
        0x86dd => "IPv6",
        0x0806 => "ARP",
        0x8100 => "802.1Q",
        0x88a8 => "802.1ad",
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

fn hex_colon(b: &[u8]) -> String {
    b.iter()
        .map(|x| format!("{x:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

fn hex_plain(b: &[u8]) -> String {
    b.iter().map(|x| format!("{x:02x}")).collect()
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
            "メンバーシップクエリ (IGMPv3)".into(),
        ),
        0x11 if len == 8 => (
            "Membership Query (IGMPv1/v2)".into(),
            "メンバーシップクエリ (IGMPv1/v2)".into(),
        ),
        0x11 => (
            "Membership Query (invalid length)".into(),
            "メンバーシップクエリ (不正な長さ)".into(),
        ),
        0x12 => (
            "Version 1 Membership Report".into(),
            "バージョン 1 メンバーシップレポート".into(),
        ),
        0x16 => (
            "Version 2 Membership Report".into(),
            "バージョン 2 メンバーシップレポート".into(),
        ),
        0x17 => ("Leave Group".into(), "グループ離脱 (Leave Group)".into()),
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
            "マルチキャスト traceroute クエリ/要求".into(),
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

/// A sentence saying what a group record asks for (in the style of Wireshark's Info column).
pub(crate) fn record_sentence(t: u8, g: Ipv4Addr, n: u16) -> Text {
    match (t, n) {
        (1 | 3, 0) => Text::new(format!("Leave group {g}"), format!("グループ {g} から離脱")),
        (2 | 4, 0) => Text::new(
            format!("Join group {g} for any source"),
            format!("グループ {g} にすべての送信元で参加"),
        ),
        (1 | 3, n) => Text::new(
            format!("Receive {g} only from {n} listed source(s)"),
            format!("{g} を列挙した {n} 個の送信元からのみ受信"),
        ),
        (2 | 4, n) => Text::new(
            format!("Receive {g} from all but {n} listed source(s)"),
            format!("{g} を列挙した {n} 個以外の送信元から受信"),
        ),
        (5, n) => Text::new(
            format!("Also receive {g} from {n} new source(s)"),
            format!("{g} を新たな {n} 個の送信元からも受信"),
        ),
        (6, n) => Text::new(
            format!("Stop receiving {g} from {n} source(s)"),
            format!("{g} の {n} 個の送信元からの受信を停止"),
        ),
        _ => Text::new("unknown record type", "不明なレコード種別"),
    }
}
