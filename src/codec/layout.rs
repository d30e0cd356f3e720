//! Where each field of the fixed-layout headers sits: one table per header (in the spirit of
//! smoltcp's `mod field`). The dissector, the IPv4 reader shared with the tcpdump printer, and the
//! Builder take ids, byte ranges, bit masks and labels from here, so a field is defined once.
//! Ranges count from the start of the header (or of the group record).

use super::Span;

/// One field of a fixed-layout header.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldDef {
    /// Wireshark's display-filter name where Wireshark has the field.
    pub id: &'static str,
    /// English and Japanese label.
    pub label: (&'static str, &'static str),
    /// The byte range, as `u8`s: a table entry is 32 bytes on wasm32 instead of 40 (#27: the
    /// tables are data the app carries).
    from: u8,
    to: u8,
    /// For a bit field: its bits within the big-endian number its bytes make; 0 for a whole field.
    bits: u32,
}

impl FieldDef {
    /// The field's first byte, from the start of its header.
    pub const fn start(&self) -> usize {
        self.from as usize
    }

    /// Just past the field's last byte.
    pub const fn end(&self) -> usize {
        self.to as usize
    }

    /// For a bit field: its bits within the big-endian number its bytes make.
    pub const fn mask(&self) -> Option<u32> {
        if self.bits == 0 {
            None
        } else {
            Some(self.bits)
        }
    }

    /// The field's bytes in a frame whose header starts at `base`.
    pub fn span(&self, base: usize) -> Span {
        Span::rel(base, self.start(), self.end())
    }

    /// The field's value in `header` (its bytes as a big-endian number, masked and shifted down
    /// for a bit field); bytes past the end of `header` count as zero.
    pub fn read(&self, header: &[u8]) -> u32 {
        let mut v: u32 = 0;
        for at in self.start()..self.end() {
            v = v << 8 | u32::from(header.get(at).copied().unwrap_or(0));
        }
        match self.mask() {
            Some(mask) => (v & mask).checked_shr(mask.trailing_zeros()).unwrap_or(0),
            None => v,
        }
    }

    /// The field's value as a 16-bit number ([`Self::read`] of a field of at most 16 bits).
    pub fn read16(&self, header: &[u8]) -> u16 {
        u16::try_from(self.read(header)).unwrap_or(u16::MAX)
    }

    /// The field's value as a byte ([`Self::read`] of a field of at most 8 bits).
    pub fn read8(&self, header: &[u8]) -> u8 {
        u8::try_from(self.read(header)).unwrap_or(u8::MAX)
    }

    /// Writes `value` into the field in `header`: a bit field's bits only, the other bits of
    /// its bytes kept; a value wider than the field is cut to it; bytes past the end of
    /// `header` are not written.
    pub fn write(&self, header: &mut [u8], value: u32) {
        let (mask, shift) = match self.mask() {
            Some(mask) => (mask, mask.trailing_zeros()),
            None => (u32::MAX, 0),
        };
        let mut old: u32 = 0;
        for at in self.start()..self.end() {
            old = old << 8 | u32::from(header.get(at).copied().unwrap_or(0));
        }
        let mut word = (old & !mask) | (value.checked_shl(shift).unwrap_or(0) & mask);
        for at in (self.start()..self.end()).rev() {
            if let Some(b) = header.get_mut(at) {
                *b = word.to_be_bytes()[3];
            }
            word = word.checked_shr(8).unwrap_or(0);
        }
    }
}

/// Declares a header's fields as constants, and `ALL` in wire order.
macro_rules! header {
    ($( $(#[$doc:meta])* $name:ident = $id:literal, ($en:literal, $ja:literal), $start:literal..$end:literal $(, mask $mask:literal)? ;)*) => {
        $( $(#[$doc])* pub static $name: FieldDef = FieldDef {
            id: $id,
            label: ($en, $ja),
            from: $start,
            to: $end,
            bits: header!(@mask $($mask)?),
        }; )*
        /// Every field of the header, in wire order.
        pub static ALL: &[&FieldDef] = &[$(&$name),*];
    };
    (@mask) => { 0 };
    (@mask $mask:literal) => { $mask };
}

/// Ethernet II (IEEE 802.3 §3.2), before any VLAN tag.
pub mod ethernet {
    use super::FieldDef;
    header! {
        DST = "eth.dst", ("Destination", "宛先"), 0..6;
        SRC = "eth.src", ("Source", "送信元"), 6..12;
        TYPE = "eth.type", ("Type", "タイプ"), 12..14;
    }
}

/// The fixed IPv4 header (RFC 791 §3.1).
pub mod ipv4 {
    use super::FieldDef;
    header! {
        VERSION = "ip.version", ("Version", "バージョン"), 0..1, mask 0xf0;
        HDR_LEN = "ip.hdr_len", ("Header length", "ヘッダ長"), 0..1, mask 0x0f;
        DSFIELD = "ip.dsfield", ("Differentiated Services", "DiffServ (TOS)"), 1..2;
        DSCP = "ip.dsfield.dscp", ("DSCP", "DSCP"), 1..2, mask 0xfc;
        ECN = "ip.dsfield.ecn", ("ECN", "ECN"), 1..2, mask 0x03;
        LEN = "ip.len", ("Total length", "全長"), 2..4;
        ID = "ip.id", ("Identification", "識別子"), 4..6;
        /// The three flag bits (reserved, DF, MF), shown over their byte as Wireshark does.
        FLAGS = "ip.flags", ("Flags", "フラグ"), 6..7, mask 0xe0;
        FLAG_RB = "ip.flags.rb", ("Reserved bit", "予約ビット"), 6..7, mask 0x80;
        FLAG_DF = "ip.flags.df", ("Don't fragment", "分割禁止 (DF)"), 6..7, mask 0x40;
        FLAG_MF = "ip.flags.mf", ("More fragments", "後続フラグメントあり (MF)"), 6..7, mask 0x20;
        FRAG_OFFSET = "ip.frag_offset", ("Fragment offset", "フラグメントオフセット"), 6..8, mask 0x1fff;
        TTL = "ip.ttl", ("Time to live", "TTL"), 8..9;
        PROTO = "ip.proto", ("Protocol", "プロトコル"), 9..10;
        CHECKSUM = "ip.checksum", ("Header checksum", "ヘッダチェックサム"), 10..12;
        SRC = "ip.src", ("Source address", "送信元アドレス"), 12..16;
        DST = "ip.dst", ("Destination address", "宛先アドレス"), 16..20;
    }
    /// Bytes before the options.
    pub const FIXED_LEN: usize = 20;
}

/// IGMP: the common header of every version (RFC 2236 §2, RFC 3376 §4.1), the IGMPv3 query's
/// tail (RFC 3376 §4.1) and the IGMPv3 report's header (RFC 3376 §4.2).
pub mod igmp {
    use super::FieldDef;
    header! {
        TYPE = "igmp.type", ("Type", "タイプ"), 0..1;
        MAX_RESP = "igmp.max_resp", ("Max Resp Code", "最大応答コード"), 1..2;
        /// Byte 1 where it carries no time: IGMPv1 (RFC 1112 Appendix I "Unused") and the IGMPv3
        /// report (RFC 3376 §4.2 "Reserved"); Wireshark's `igmp.reserved`.
        RESERVED = "igmp.reserved", ("Reserved", "予約"), 1..2;
        CHECKSUM = "igmp.checksum", ("Checksum", "チェックサム"), 2..4;
        MADDR = "igmp.maddr", ("Multicast address", "マルチキャストアドレス"), 4..8;
        /// v3 query: the four bits before S (Flags in RFC 9776).
        RESV = "igmp.resv", ("Reserved (Flags in RFC 9776)", "予約 (RFC 9776 では Flags)"), 8..9, mask 0xf0;
        S = "igmp.s", ("S: Suppress Router-Side Processing", "S: ルータ側処理の抑制"), 8..9, mask 0x08;
        QRV = "igmp.qrv", ("QRV: Querier's Robustness Variable", "QRV: クエリアのロバストネス変数"), 8..9, mask 0x07;
        QQIC = "igmp.qqic", ("QQIC: Querier's Query Interval Code", "QQIC: クエリアのクエリー間隔コード"), 9..10;
        NUM_SRC = "igmp.num_src", ("Number of sources", "送信元の数"), 10..12;
        /// v3 report: the 16 bits after the checksum (Flags in RFC 9776).
        REPORT_RESERVED = "igmp.reserved", ("Reserved (Flags in RFC 9776)", "予約 (RFC 9776 では Flags)"), 4..6;
        NUM_GRP_RECS = "igmp.num_grp_recs", ("Number of group records", "グループレコード数"), 6..8;
    }
    /// A v3 query's sources start here.
    pub const V3_QUERY_SOURCES: usize = 12;
    /// A v3 report's records start here.
    pub const V3_REPORT_RECORDS: usize = 8;

    /// An IGMPv3 group record (RFC 3376 §4.2.4).
    pub mod record {
        use super::super::FieldDef;
        header! {
            RECORD_TYPE = "igmp.record_type", ("Record type", "レコード種別"), 0..1;
            AUX_DATA_LEN = "igmp.aux_data_len", ("Aux data length", "補助データ長"), 1..2;
            NUM_SRC = "igmp.num_src", ("Number of sources", "送信元の数"), 2..4;
            MADDR = "igmp.maddr", ("Multicast address", "マルチキャストアドレス"), 4..8;
        }
        /// Sources start here.
        pub const SOURCES: usize = 8;
    }
}

/// A multicast traceroute query or response (draft-ietf-idmr-traceroute-ipm §3), from the IGMP
/// message's start; the response blocks follow at `BLOCKS`.
pub mod mtrace {
    use super::FieldDef;
    header! {
        GROUP = "mtrace.group", ("Multicast group", "マルチキャストグループ"), 4..8;
        SRC = "mtrace.src", ("Source address", "送信元アドレス"), 8..12;
        DST = "mtrace.dst", ("Destination address", "宛先アドレス"), 12..16;
        RESP = "mtrace.resp", ("Response address", "応答先アドレス"), 16..20;
        RESP_TTL = "mtrace.resp_ttl", ("Response TTL", "応答 TTL"), 20..21;
        Q_ID = "mtrace.q_id", ("Query id", "クエリー ID"), 21..24;
    }
    pub const BLOCKS: usize = 24;
}

/// A Multicast Router Discovery advertisement (RFC 4286 §3), from the IGMP message's start.
pub mod mrdisc {
    use super::FieldDef;
    header! {
        QUERY_INT = "mrdisc.query_int", ("Query interval", "クエリー間隔"), 4..6;
        RV = "mrdisc.rv", ("Robustness variable", "ロバストネス変数"), 6..8;
    }
    pub const LEN: usize = 8;
}

/// An 802.1Q tag after its TPID (IEEE 802.1Q §9.6): the TCI and the type after it, as Wireshark
/// lays out its `vlan` layer. The old 0x9100 tag reads the same.
pub mod vlan {
    use super::FieldDef;
    header! {
        PRIORITY = "vlan.priority", ("Priority", "優先度"), 0..2, mask 0xe000;
        DEI = "vlan.dei", ("DEI", "DEI"), 0..2, mask 0x1000;
        ID = "vlan.id", ("VLAN id", "VLAN ID"), 0..2, mask 0x0fff;
        ETYPE = "vlan.etype", ("Type", "タイプ"), 2..4;
    }
}

/// An 802.1ad service tag after its TPID 0x88a8: Wireshark shows PCP and DEI over the first byte
/// and names the type after it `ieee8021ah.etype`.
pub mod ieee8021ad {
    use super::FieldDef;
    header! {
        PRIORITY = "ieee8021ad.priority", ("Priority", "優先度"), 0..1, mask 0xe0;
        DEI = "ieee8021ad.dei", ("DEI", "DEI"), 0..1, mask 0x10;
        ID = "ieee8021ad.id", ("VLAN id", "VLAN ID"), 0..2, mask 0x0fff;
        ETYPE = "ieee8021ah.etype", ("Type", "タイプ"), 2..4;
    }
}

/// Linux cooked capture v1 (LINKTYPE_LINUX_SLL, 16 bytes).
pub mod sll {
    use super::FieldDef;
    header! {
        PKTTYPE = "sll.pkttype", ("Packet type", "パケット種別"), 0..2;
        HATYPE = "sll.hatype", ("Link-layer address type", "リンク層アドレス種別"), 2..4;
        HALEN = "sll.halen", ("Link-layer address length", "リンク層アドレス長"), 4..6;
        /// Eight bytes; the address fills `halen` of them.
        ADDRESS = "sll.src.eth", ("Source", "送信元"), 6..14;
        ETYPE = "sll.etype", ("Protocol", "プロトコル"), 14..16;
    }
    pub const LEN: usize = 16;
}

/// Linux cooked capture v2 (LINKTYPE_LINUX_SLL2, 20 bytes).
pub mod sll2 {
    use super::FieldDef;
    header! {
        ETYPE = "sll.etype", ("Protocol", "プロトコル"), 0..2;
        RESERVED = "sll.reserved", ("Reserved", "予約"), 2..4;
        IFINDEX = "sll.ifindex", ("Interface index", "インターフェース番号"), 4..8;
        HATYPE = "sll.hatype", ("Link-layer address type", "リンク層アドレス種別"), 8..10;
        PKTTYPE = "sll.pkttype", ("Packet type", "パケット種別"), 10..11;
        HALEN = "sll.halen", ("Link-layer address length", "リンク層アドレス長"), 11..12;
        /// Eight bytes; the address fills `halen` of them.
        ADDRESS = "sll.src.eth", ("Source", "送信元"), 12..20;
    }
    pub const LEN: usize = 20;
}

/// The fixed IPv6 header (RFC 8200 §3).
pub mod ipv6 {
    use super::FieldDef;
    header! {
        VERSION = "ipv6.version", ("Version", "バージョン"), 0..1, mask 0xf0;
        TCLASS = "ipv6.tclass", ("Traffic class", "トラフィッククラス"), 0..4, mask 0x0ff0_0000;
        FLOW = "ipv6.flow", ("Flow label", "フローラベル"), 1..4, mask 0x000f_ffff;
        PLEN = "ipv6.plen", ("Payload length", "ペイロード長"), 4..6;
        NXT = "ipv6.nxt", ("Next header", "次ヘッダ"), 6..7;
        HLIM = "ipv6.hlim", ("Hop limit", "ホップリミット"), 7..8;
        SRC = "ipv6.src", ("Source address", "送信元アドレス"), 8..24;
        DST = "ipv6.dst", ("Destination address", "宛先アドレス"), 24..40;
    }
    pub const LEN: usize = 40;
}

/// The Hop-by-Hop Options header (RFC 8200 §4.3) and its options (§4.2), as MLD carries the
/// Router Alert (RFC 2711 §2.1); ranges from the header's or the option's start.
pub mod hopopts {
    use super::FieldDef;
    header! {
        NXT = "ipv6.hopopts.nxt", ("Next header", "次ヘッダ"), 0..1;
        LEN = "ipv6.hopopts.len", ("Header extension length (8-octet units after the first 8)", "拡張ヘッダ長 (最初の 8 オクテットを除く 8 オクテット単位)"), 1..2;
        OPT_TYPE = "ipv6.opt.type", ("Option type", "オプション種別"), 0..1;
        OPT_LENGTH = "ipv6.opt.length", ("Option data length", "オプションデータ長"), 1..2;
        ROUTER_ALERT = "ipv6.opt.router_alert", ("Router Alert value", "ルータアラート値"), 2..4;
    }
    /// Option types (RFC 8200 §4.2, RFC 2711 §2.1).
    pub const PAD1: u8 = 0;
    pub const PADN: u8 = 1;
    pub const ROUTER_ALERT_TYPE: u8 = 5;
}

/// ICMPv6's header (RFC 4443 §2.1) and the MLD messages in it: MLDv1 (RFC 2710 §3) and MLDv2
/// (RFC 3810 §5.1, §5.2), with Wireshark's field names.
pub mod mld {
    use super::FieldDef;
    header! {
        TYPE = "icmpv6.type", ("Type", "タイプ"), 0..1;
        CODE = "icmpv6.code", ("Code", "コード"), 1..2;
        CHECKSUM = "icmpv6.checksum", ("Checksum", "チェックサム"), 2..4;
        MAX_DELAY = "icmpv6.mld.maximum_response_delay", ("Maximum Response Delay", "最大応答遅延"), 4..6;
        MAX_CODE = "icmpv6.mld.maximum_response_code", ("Maximum Response Code", "最大応答コード"), 4..6;
        RESERVED = "icmpv6.reserved", ("Reserved", "予約"), 6..8;
        MADDR = "icmpv6.mld.multicast_address", ("Multicast address", "マルチキャストアドレス"), 8..24;
        FLAG = "icmpv6.mld.flag", ("Flags", "フラグ"), 24..25;
        FLAG_RESERVED = "icmpv6.mld.flag.reserved", ("Reserved", "予約"), 24..25, mask 0xf0;
        S = "icmpv6.mld.flag.s", ("S: Suppress Router-Side Processing", "S: ルータ側処理の抑制"), 24..25, mask 0x08;
        QRV = "icmpv6.mld.flag.qrv", ("QRV: Querier's Robustness Variable", "QRV: クエリアのロバストネス変数"), 24..25, mask 0x07;
        QQIC = "icmpv6.mld.qqi", ("QQIC: Querier's Query Interval Code", "QQIC: クエリアのクエリー間隔コード"), 25..26;
        NB_SOURCES = "icmpv6.mld.nb_sources", ("Number of sources", "送信元の数"), 26..28;
        REPORT_RESERVED = "icmpv6.reserved", ("Reserved", "予約"), 4..6;
        NB_RECORDS = "icmpv6.mldr.nb_mcast_records", ("Number of multicast address records", "マルチキャストアドレスレコード数"), 6..8;
    }
    pub const V1_LEN: usize = 24;
    pub const V2_QUERY_SOURCES: usize = 28;
    pub const V2_REPORT_RECORDS: usize = 8;

    /// A Multicast Address Record (RFC 3810 §5.2.4).
    pub mod record {
        use super::super::FieldDef;
        header! {
            RECORD_TYPE = "icmpv6.mldr.mar.record_type", ("Record type", "レコード種別"), 0..1;
            AUX_DATA_LEN = "icmpv6.mldr.mar.aux_data_len", ("Aux data length (32-bit words)", "補助データ長 (32 ビットワード単位)"), 1..2;
            NB_SOURCES = "icmpv6.mldr.mar.nb_sources", ("Number of sources", "送信元の数"), 2..4;
            MADDR = "icmpv6.mldr.mar.multicast_address", ("Multicast address", "マルチキャストアドレス"), 4..20;
        }
        pub const SOURCES: usize = 20;
    }
}

/// UDP (RFC 768).
pub mod udp {
    use super::FieldDef;
    header! {
        SRCPORT = "udp.srcport", ("Source port", "送信元ポート"), 0..2;
        DSTPORT = "udp.dstport", ("Destination port", "宛先ポート"), 2..4;
        LENGTH = "udp.length", ("Length", "長さ"), 4..6;
        CHECKSUM = "udp.checksum", ("Checksum", "チェックサム"), 6..8;
    }
    pub const LEN: usize = 8;
}

/// VXLAN (RFC 7348 §5), with the group-policy extension's fields as Wireshark shows them.
pub mod vxlan {
    use super::FieldDef;
    header! {
        FLAGS = "vxlan.flags", ("Flags", "フラグ"), 0..2;
        FLAG_G = "vxlan.flag_g", ("GBP extension (G)", "GBP 拡張 (G)"), 0..2, mask 0x8000;
        FLAG_I = "vxlan.flag_i", ("VNI present (I)", "VNI あり (I)"), 0..2, mask 0x0800;
        FLAG_D = "vxlan.flag_d", ("Don't learn (D)", "学習しない (D)"), 0..2, mask 0x0040;
        FLAG_A = "vxlan.flag_a", ("Policy applied (A)", "ポリシー適用済み (A)"), 0..2, mask 0x0008;
        FLAGS_RESERVED = "vxlan.flags_reserved", ("Reserved", "予約"), 0..2, mask 0x77b7;
        GBP = "vxlan.gbp", ("Group policy ID", "グループポリシー ID"), 2..4;
        VNI = "vxlan.vni", ("VXLAN network identifier (VNI)", "VXLAN ネットワーク識別子 (VNI)"), 4..7;
        RESERVED = "vxlan.reserved8", ("Reserved", "予約"), 7..8;
    }
    /// The flag bits, in the tree's order.
    pub static FLAG_BITS: [&FieldDef; 5] = [&FLAG_G, &FLAG_I, &FLAG_D, &FLAG_A, &FLAGS_RESERVED];
    pub const LEN: usize = 8;
}

/// GRE's fixed part (RFC 2784 §2, RFC 2890 §2); the optional words follow by the flags.
pub mod gre {
    use super::FieldDef;
    header! {
        FLAGS = "gre.flags_and_version", ("Flags and version", "フラグとバージョン"), 0..2;
        FLAG_C = "gre.flags.checksum", ("Checksum present (C)", "チェックサムあり (C)"), 0..2, mask 0x8000;
        FLAG_R = "gre.flags.routing", ("Routing present (R)", "ルーティングあり (R)"), 0..2, mask 0x4000;
        FLAG_K = "gre.flags.key", ("Key present (K)", "キーあり (K)"), 0..2, mask 0x2000;
        FLAG_S = "gre.flags.sequence_number", ("Sequence number present (S)", "シーケンス番号あり (S)"), 0..2, mask 0x1000;
        FLAG_SSR = "gre.flags.strict_source_route", ("Strict source route", "厳密ソースルート"), 0..2, mask 0x0800;
        RECURSION = "gre.flags.recursion_control", ("Recursion control", "再帰制御"), 0..2, mask 0x0700;
        FLAGS_RESERVED = "gre.flags.reserved", ("Reserved", "予約"), 0..2, mask 0x00f8;
        VERSION = "gre.flags.version", ("Version", "バージョン"), 0..2, mask 0x0007;
        PROTO = "gre.proto", ("Protocol type", "プロトコルタイプ"), 2..4;
    }
    /// The flag bits, in the tree's order.
    pub static FLAG_BITS: [&FieldDef; 8] = [
        &FLAG_C,
        &FLAG_R,
        &FLAG_K,
        &FLAG_S,
        &FLAG_SSR,
        &RECURSION,
        &FLAGS_RESERVED,
        &VERSION,
    ];
    pub const LEN: usize = 4;
}

/// The PIMv2 common header (RFC 7761 §4.9).
pub mod pim {
    use super::FieldDef;
    header! {
        VERSION = "pim.version", ("Version", "バージョン"), 0..1, mask 0xf0;
        TYPE = "pim.type", ("Type", "タイプ"), 0..1, mask 0x0f;
        RESERVED = "pim.res_bytes", ("Reserved", "予約"), 1..2;
        CHECKSUM = "pim.cksum", ("Checksum", "チェックサム"), 2..4;
    }
    pub const LEN: usize = 4;

    /// An encoded address (RFC 7761 §4.9.1): family and encoding, then (group and source
    /// forms) flags and mask length; the IPv4 address is its last 4 bytes.
    pub mod encoded {
        use super::super::FieldDef;
        header! {
            FAMILY = "pim.addr_address_family", ("Address family", "アドレスファミリ"), 0..1;
            ENCODING = "pim.addr_encoding_type", ("Encoding type", "符号化タイプ"), 1..2;
            GROUP_FLAGS = "pim.group_addr.flags", ("Flags", "フラグ"), 2..3;
            GROUP_B = "pim.group_addr.flags.b", ("Bidirectional PIM (B)", "双方向 PIM (B)"), 2..3, mask 0x80;
            GROUP_RESERVED = "pim.group_addr.flags.reserved", ("Reserved", "予約"), 2..3, mask 0x7e;
            GROUP_Z = "pim.group_addr.flags.z", ("Admin scope zone (Z)", "管理スコープゾーン (Z)"), 2..3, mask 0x01;
            SOURCE_FLAGS = "pim.source_addr.flags", ("Flags", "フラグ"), 2..3;
            SOURCE_RESERVED = "pim.source_addr.flags.reserved", ("Reserved", "予約"), 2..3, mask 0xf8;
            SOURCE_S = "pim.source_addr.flags.s", ("Sparse (S)", "スパース (S)"), 2..3, mask 0x04;
            SOURCE_W = "pim.source_addr.flags.w", ("Wildcard (W)", "ワイルドカード (W)"), 2..3, mask 0x02;
            SOURCE_R = "pim.source_addr.flags.r", ("Rendezvous point tree (R)", "RP ツリー (R)"), 2..3, mask 0x01;
            MASK_LEN = "pim.mask_len", ("Mask length", "マスク長"), 3..4;
        }
        pub static GROUP_FLAG_BITS: [&FieldDef; 3] = [&GROUP_B, &GROUP_RESERVED, &GROUP_Z];
        pub static SOURCE_FLAG_BITS: [&FieldDef; 4] =
            [&SOURCE_RESERVED, &SOURCE_S, &SOURCE_W, &SOURCE_R];
        /// The encoded unicast address's length; group and source addresses are 8 bytes.
        pub const UNICAST_LEN: usize = 6;
        pub const GROUP_LEN: usize = 8;

        /// Which encoded address a message holds at a place: the dissector and the printer both
        /// read by it.
        #[derive(Clone, Copy, PartialEq, Eq)]
        pub enum Kind {
            Unicast,
            Group,
            Source,
        }

        impl Kind {
            /// Its length in the native IPv4 encoding.
            pub fn size(self) -> usize {
                if self == Kind::Unicast {
                    UNICAST_LEN
                } else {
                    GROUP_LEN
                }
            }
        }
    }

    /// A Hello option (RFC 7761 §4.9.2): its type and length, then the value, whose fields
    /// (`HOLDTIME` … `OVERRIDE_INTERVAL`) count from the value's start.
    pub mod hello {
        use super::super::FieldDef;
        header! {
            OPTION_TYPE = "pim.optiontype", ("Option type", "オプション種別"), 0..2;
            OPTION_LENGTH = "pim.optionlength", ("Option length", "オプション長"), 2..4;
            HOLDTIME = "pim.holdtime", ("Hold time", "保持時間"), 0..2;
            DR_PRIORITY = "pim.dr_priority", ("DR priority", "DR 優先度"), 0..4;
            GENERATION_ID = "pim.generation_id", ("Generation ID", "生成 ID"), 0..4;
            T = "pim.t", ("Join suppression (T)", "Join 抑制 (T)"), 0..1, mask 0x80;
            PROPAGATION_DELAY = "pim.propagation_delay", ("Propagation delay", "伝搬遅延"), 0..2, mask 0x7fff;
            OVERRIDE_INTERVAL = "pim.override_interval", ("Override interval", "オーバーライド間隔"), 2..4;
        }
        /// The option's type and length.
        pub const HEAD_LEN: usize = 4;
    }

    /// A Register's header (RFC 7761 §4.9.3), before the packet it carries.
    pub mod register {
        use super::super::FieldDef;
        header! {
            FLAGS = "pim.register_flag", ("Flags", "フラグ"), 0..4;
            BORDER = "pim.register_flag.border", ("Border (B)", "境界 (B)"), 0..4, mask 0x8000_0000;
            NULL_REGISTER = "pim.register_flag.null_register", ("Null-Register (N)", "Null-Register (N)"), 0..4, mask 0x4000_0000;
            IP_VERSION = "pim.ip_version", ("IP version", "IP バージョン"), 4..5, mask 0xf0;
        }
        pub const LEN: usize = 4;
    }

    /// An Assert's preference and metric (RFC 7761 §4.9.6), after its two addresses.
    pub mod assert {
        use super::super::FieldDef;
        header! {
            RPT = "pim.rpt", ("RP tree (R)", "RP ツリー (R)"), 0..1, mask 0x80;
            METRIC_PREF = "pim.metric_pref", ("Metric preference", "メトリック優先度"), 0..4, mask 0x7fff_ffff;
            METRIC = "pim.metric", ("Metric", "メトリック"), 4..8;
        }
        pub const LEN: usize = 8;
    }

    /// A Join/Prune's header after the upstream neighbor (RFC 7761 §4.9.5), and each group
    /// set's counts after its group address (`NUMJOINS`, `NUMPRUNES`).
    pub mod join_prune {
        use super::super::FieldDef;
        header! {
            RESERVED = "pim.res_bytes", ("Reserved", "予約"), 0..1;
            NUMGROUPS = "pim.numgroups", ("Number of groups", "グループ数"), 1..2;
            HOLDTIME = "pim.holdtime", ("Hold time", "保持時間"), 2..4;
            NUMJOINS = "pim.numjoins", ("Number of joins", "Join 数"), 0..2;
            NUMPRUNES = "pim.numprunes", ("Number of prunes", "Prune 数"), 2..4;
        }
        pub const LEN: usize = 4;
        pub const COUNTS_LEN: usize = 4;
    }
}

/// TCP (RFC 9293 §3.1).
pub mod tcp {
    use super::FieldDef;
    header! {
        SRCPORT = "tcp.srcport", ("Source port", "送信元ポート"), 0..2;
        DSTPORT = "tcp.dstport", ("Destination port", "宛先ポート"), 2..4;
        SEQ = "tcp.seq_raw", ("Sequence number (raw)", "シーケンス番号 (生値)"), 4..8;
        ACK = "tcp.ack_raw", ("Acknowledgment number (raw)", "確認応答番号 (生値)"), 8..12;
        HDR_LEN = "tcp.hdr_len", ("Header length", "ヘッダ長"), 12..13, mask 0xf0;
        FLAGS = "tcp.flags", ("Flags", "フラグ"), 12..14, mask 0x0fff;
        WINDOW = "tcp.window_size_value", ("Window", "ウィンドウ"), 14..16;
        CHECKSUM = "tcp.checksum", ("Checksum", "チェックサム"), 16..18;
        URGENT = "tcp.urgent_pointer", ("Urgent pointer", "緊急ポインタ"), 18..20;
    }
    /// The header without options.
    pub const MIN_LEN: usize = 20;
}

/// ARP for Ethernet and IPv4 (RFC 826).
pub mod arp {
    use super::FieldDef;
    header! {
        HW_TYPE = "arp.hw.type", ("Hardware type", "ハードウェア種別"), 0..2;
        PROTO_TYPE = "arp.proto.type", ("Protocol type", "プロトコル種別"), 2..4;
        HW_SIZE = "arp.hw.size", ("Hardware size", "ハードウェアアドレス長"), 4..5;
        PROTO_SIZE = "arp.proto.size", ("Protocol size", "プロトコルアドレス長"), 5..6;
        OPCODE = "arp.opcode", ("Opcode", "オペコード"), 6..8;
        SRC_HW = "arp.src.hw_mac", ("Sender MAC address", "送信元 MAC アドレス"), 8..14;
        SRC_IP = "arp.src.proto_ipv4", ("Sender IP address", "送信元 IP アドレス"), 14..18;
        DST_HW = "arp.dst.hw_mac", ("Target MAC address", "宛先 MAC アドレス"), 18..24;
        DST_IP = "arp.dst.proto_ipv4", ("Target IP address", "宛先 IP アドレス"), 24..28;
    }

    /// The fixed part of an ARP message, read through the table (for the dissector and the
    /// tcpdump printer alike).
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub struct ArpFixed {
        pub hardware: u16,
        pub protocol: u16,
        pub hw_size: u8,
        pub proto_size: u8,
        pub opcode: u16,
    }

    impl ArpFixed {
        /// Reads the first 8 bytes of `b` (zeros past its end).
        pub fn read(b: &[u8]) -> Self {
            let wide = |def: &FieldDef| u16::try_from(def.read(b)).unwrap_or(0);
            let narrow = |def: &FieldDef| u8::try_from(def.read(b)).unwrap_or(0);
            ArpFixed {
                hardware: wide(&HW_TYPE),
                protocol: wide(&PROTO_TYPE),
                hw_size: narrow(&HW_SIZE),
                proto_size: narrow(&PROTO_SIZE),
                opcode: wide(&OPCODE),
            }
        }

        /// Ethernet addresses for IPv4 (RFC 826 with hardware 1, protocol 0x0800): the form
        /// whose addresses the workbench and tcpdump decode.
        pub fn is_ethernet_ipv4(&self) -> bool {
            self.hardware == 1
                && self.protocol == 0x0800
                && self.hw_size == 6
                && self.proto_size == 4
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_id_is_a_field_id_and_every_range_fits_its_mask() {
        let tables: [&[&FieldDef]; 22] = [
            mtrace::ALL,
            mrdisc::ALL,
            pim::ALL,
            pim::encoded::ALL,
            pim::hello::ALL,
            pim::register::ALL,
            pim::assert::ALL,
            pim::join_prune::ALL,
            ipv6::ALL,
            vxlan::ALL,
            gre::ALL,
            vlan::ALL,
            ieee8021ad::ALL,
            sll::ALL,
            sll2::ALL,
            ethernet::ALL,
            ipv4::ALL,
            igmp::ALL,
            igmp::record::ALL,
            udp::ALL,
            tcp::ALL,
            arp::ALL,
        ];
        for def in tables.iter().flat_map(|t| t.iter()) {
            assert!(super::super::field_ids::is_field_id(def.id), "{}", def.id);
            assert!(
                def.start() < def.end() && def.end() - def.start() <= 4 || def.mask().is_none()
            );
            if let Some(mask) = def.mask() {
                let bits = 8 * (def.end() - def.start());
                assert!(
                    bits == 32 || mask >> bits == 0,
                    "{} mask {mask:#x} wider than its bytes",
                    def.id
                );
            }
        }
    }

    #[test]
    fn reads_bit_fields_and_numbers() {
        let h = [0x46, 0xc0, 0x00, 0x20, 0, 0, 0x40, 0x00, 1, 2];
        assert_eq!(ipv4::VERSION.read(&h), 4);
        assert_eq!(ipv4::HDR_LEN.read(&h), 6);
        assert_eq!(ipv4::LEN.read(&h), 32);
        assert_eq!(ipv4::FLAG_DF.read(&h), 1);
        assert_eq!(ipv4::FLAGS.read(&h), 2);
        assert_eq!(ipv4::FRAG_OFFSET.read(&h), 0);
        assert_eq!(ipv4::SRC.read(&h), 0, "bytes past the end read as zero");
    }

    #[test]
    fn writes_bit_fields_without_touching_their_neighbours() {
        let mut h = [0u8; 20];
        ipv4::VERSION.write(&mut h, 4);
        ipv4::HDR_LEN.write(&mut h, 6);
        ipv4::FLAGS.write(&mut h, 0b010);
        ipv4::FRAG_OFFSET.write(&mut h, 0x1abc);
        ipv4::LEN.write(&mut h, 0x1_0020);
        assert_eq!(&h[..8], &[0x46, 0, 0x00, 0x20, 0, 0, 0x5a, 0xbc]);
        assert_eq!(
            ipv4::FLAG_DF.read(&h),
            1,
            "the flags kept beside the offset"
        );
        ipv4::DST.write(&mut h[..18], 0xe000_0001);
        assert_eq!(
            &h[16..],
            &[0xe0, 0, 0, 0],
            "no byte past the end is written"
        );
        for def in vlan::ALL {
            let mut tag = [0xff; 4];
            def.write(&mut tag, 0);
            assert_eq!(def.read(&tag), 0, "{}", def.id);
        }
    }
}
