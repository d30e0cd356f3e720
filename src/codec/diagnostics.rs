//! Every diagnostic the dissector emits, once: its stable code, the most severe level it is
//! emitted at, the RFC sections it rests on, and its name in both languages. The sentences are
//! written where a diagnostic is made (they name the frame's own values); the dissector may
//! narrow the severity and the section to the message at hand (a checksum error in a v3 report
//! cites RFC 3376 §4.2.2), never widen them: `tests/golden.rs` checks both on every frame it
//! dissects, and that each check below has a golden frame that shows it. The table in
//! `docs/decoding.md` is this catalogue, and `tests/golden.rs` keeps the two equal.

use super::Severity;

/// One kind of diagnostic.
#[derive(Debug, PartialEq, Eq)]
pub struct Check {
    /// Stable machine-readable code, e.g. `igmp.bad_checksum` (the DOM's `data-code`).
    pub code: &'static str,
    /// The most severe level it is emitted at.
    pub severity: Severity,
    /// Every RFC section a diagnostic of this kind may cite; empty for the workbench's own notes
    /// (what it does not decode).
    pub rfc: &'static str,
    /// Its name, English and Japanese.
    pub name: (&'static str, &'static str),
}

const fn check(
    code: &'static str,
    severity: Severity,
    rfc: &'static str,
    en: &'static str,
    ja: &'static str,
) -> Check {
    Check {
        code,
        severity,
        rfc,
        name: (en, ja),
    }
}

use Severity::{Error, Info, Warning};

// ----- structural: the bytes do not hold what a header or a count says --------------------------

pub const TRUNCATED: Check = check(
    "malformed.truncated",
    Error,
    "RFC 791 §3.1",
    "Truncated",
    "切り詰め",
);
pub const IP_BAD_VERSION: Check = check(
    "ip.bad_version",
    Error,
    "RFC 791 §3.1",
    "IP version is not 4",
    "IP バージョンが 4 でない",
);
pub const IP_BAD_IHL: Check = check(
    "ip.bad_ihl",
    Error,
    "RFC 791 §3.1",
    "IP header length out of range",
    "IP ヘッダ長が範囲外",
);
pub const IP_BAD_TOTAL_LEN: Check = check(
    "ip.bad_total_len",
    Error,
    "RFC 791 §3.1",
    "IP Total Length shorter than its header",
    "IP Total Length がヘッダより短い",
);
pub const TCP_HEADER_LENGTH: Check = check(
    "malformed.tcp_header_length",
    Error,
    "RFC 9293 §3.1",
    "TCP header length below 20",
    "TCP ヘッダ長が 20 未満",
);
pub const IGMP_BAD_QUERY_LENGTH: Check = check(
    "igmp.bad_query_length",
    Error,
    "RFC 3376 §7.1",
    "Query of no known length",
    "どの版にも当たらない長さのクエリー",
);
pub const IGMP_BAD_NUM_SRC: Check = check(
    "igmp.bad_num_src",
    Error,
    "RFC 3376 §4.1.8, §4.2.7",
    "More sources claimed than the bytes hold",
    "バイトに収まらない送信元数",
);
pub const IGMP_BAD_NUM_GRP_RECS: Check = check(
    "igmp.bad_num_grp_recs",
    Error,
    "RFC 3376 §4.2.3",
    "More group records claimed than the bytes hold",
    "バイトに収まらないグループレコード数",
);

// ----- IPv4 -------------------------------------------------------------------------------------

pub const IP_BAD_CHECKSUM: Check = check(
    "ip.bad_checksum",
    Error,
    "RFC 791 §3.1",
    "Bad IPv4 header checksum",
    "IPv4 ヘッダチェックサムの誤り",
);
pub const IP_BAD_OPTION: Check = check(
    "ip.bad_option",
    Error,
    "RFC 791 §3.1",
    "IPv4 option does not fit",
    "IPv4 オプションが収まらない",
);
pub const IP_BAD_ROUTER_ALERT: Check = check(
    "ip.bad_router_alert",
    Warning,
    "RFC 2113 §2.1",
    "Malformed Router Alert",
    "ルータアラートの形式誤り",
);
pub const IP_FRAGMENT: Check = check(
    "ip.fragment",
    Warning,
    "RFC 791 §2.3",
    "IP fragment",
    "IP フラグメント",
);
pub const IP_NOT_IGMP: Check = check("ip.not_igmp", Info, "", "Not IGMP", "IGMP ではない");
pub const FRAME_TRAILING_BYTES: Check = check(
    "frame.trailing_bytes",
    Info,
    "RFC 791 §3.1",
    "Bytes after the IP datagram",
    "IP データグラムの後ろのバイト",
);

// ----- IGMP -------------------------------------------------------------------------------------

pub const IGMP_BAD_CHECKSUM: Check = check(
    "igmp.bad_checksum",
    Error,
    "RFC 1112 App. I; RFC 2236 §2.3; RFC 3376 §4.1.2, §4.2.2; RFC 4286 §3",
    "Bad IGMP checksum",
    "IGMP チェックサムの誤り",
);
pub const IGMP_NONZERO_UNUSED: Check = check(
    "igmp.nonzero_unused",
    Warning,
    "RFC 2236 §2.2",
    "Unused byte not zero",
    "未使用バイトが 0 でない",
);
pub const IGMP_TRAILING_BYTES: Check = check(
    "igmp.trailing_bytes",
    Warning,
    "RFC 2236 §2.5; RFC 3376 §4.1.10, §4.2.11",
    "Bytes after the IGMP message",
    "IGMP メッセージの後ろのバイト",
);
pub const IGMP_RESERVED_SET: Check = check(
    "igmp.reserved_set",
    Warning,
    "RFC 3376 §4.1.4, §4.2.1",
    "Reserved bits set",
    "予約ビットが 0 でない",
);
pub const IGMP_QRV_ZERO: Check = check(
    "igmp.qrv_zero",
    Info,
    "RFC 3376 §4.1.6",
    "QRV is 0",
    "QRV が 0",
);
pub const IGMP_SOURCES_IN_GENERAL_QUERY: Check = check(
    "igmp.sources_in_general_query",
    Error,
    "RFC 3376 §4.1.11",
    "Sources in a general query",
    "送信元のあるジェネラルクエリー",
);
pub const IGMP_UNKNOWN_RECORD_TYPE: Check = check(
    "igmp.unknown_record_type",
    Warning,
    "RFC 3376 §4.2.12",
    "Unknown record type",
    "未定義のレコード種別",
);
pub const IGMP_AUX_DATA: Check = check(
    "igmp.aux_data",
    Info,
    "RFC 3376 §4.2.10",
    "Auxiliary data",
    "補助データ",
);
pub const IGMP_UNKNOWN_TYPE: Check = check(
    "igmp.unknown_type",
    Info,
    "RFC 2236 §2.1, RFC 4541 §2.1.1",
    "Unknown IGMP type",
    "未知の IGMP 種別",
);
pub const IGMP_GROUP_NOT_MULTICAST: Check = check(
    "igmp.group_not_multicast",
    Error,
    "RFC 1112 §4",
    "Group is not multicast",
    "マルチキャストでないグループ",
);
pub const IGMP_ALL_SYSTEMS_REPORTED: Check = check(
    "igmp.all_systems_reported",
    Warning,
    "RFC 2236 §6",
    "224.0.0.1 reported",
    "224.0.0.1 のレポート",
);

// ----- across layers ----------------------------------------------------------------------------

pub const IP_WRONG_DESTINATION: Check = check(
    "ip.wrong_destination",
    Error,
    "RFC 2236 §9; RFC 3376 §4.1.12, §4.2.14; RFC 4286 §3, §4, §5",
    "Wrong destination",
    "宛先の誤り",
);
pub const IP_TTL_NOT_1: Check = check(
    "ip.ttl_not_1",
    Error,
    "RFC 2236 §2, RFC 3376 §4",
    "TTL is not 1",
    "TTL が 1 でない",
);
pub const IP_MISSING_ROUTER_ALERT: Check = check(
    "ip.missing_router_alert",
    Warning,
    "RFC 2236 §2, RFC 3376 §4, §9.1",
    "No Router Alert",
    "ルータアラートなし",
);
pub const ETH_MAC_MISMATCH: Check = check(
    "eth.mac_mismatch",
    Error,
    "RFC 1112 §6.4; RFC 2464 §7",
    "MAC does not match the IP destination",
    "MAC が IP 宛先と一致しない",
);

// ----- links, tunnels and what the workbench does not decode ------------------------------------

pub const LINK_NOT_IPV4: Check = check(
    "link.not_ipv4",
    Info,
    "",
    "Not IPv4, IPv6 or ARP",
    "IPv4・IPv6・ARP ではない",
);
pub const PAYLOAD_NOT_DECODED: Check = check(
    "frame.payload_not_decoded",
    Info,
    "",
    "Payload not decoded",
    "解析しないペイロード",
);
pub const VXLAN_NO_I_FLAG: Check = check(
    "vxlan.no_i_flag",
    Warning,
    "RFC 7348 §5",
    "VXLAN I flag clear",
    "VXLAN の I フラグが 0",
);
pub const TUNNEL_TOO_DEEP: Check = check(
    "tunnel.too_deep",
    Info,
    "",
    "Tunnels nested too deep",
    "深すぎるトンネルの入れ子",
);

/// Bytes a pasted dump's typo left unknown (#27): the decode says so instead of reading zeros.
pub const UNKNOWN_BYTES: Check = check(
    "paste.unknown_bytes",
    Warning,
    "",
    "Unknown bytes (a typo in the paste)",
    "不明なバイト (貼り付けの誤字)",
);

// ----- MLD (#30): RFC 2710 §3 and RFC 3810 §5 ask the same of every MLD message ------------

pub const MLD_BAD_CHECKSUM: Check = check(
    "mld.bad_checksum",
    Error,
    "RFC 4443 §2.3",
    "Bad ICMPv6 checksum",
    "ICMPv6 チェックサム誤り",
);
pub const MLD_HOP_LIMIT_NOT_1: Check = check(
    "mld.hop_limit_not_1",
    Warning,
    "RFC 2710 §3, RFC 3810 §5",
    "MLD hop limit is not 1",
    "MLD のホップリミットが 1 でない",
);
pub const MLD_SOURCE_NOT_LINK_LOCAL: Check = check(
    "mld.source_not_link_local",
    Warning,
    "RFC 2710 §3, RFC 3810 §5",
    "MLD source is not link-local",
    "MLD の送信元がリンクローカルでない",
);
pub const MLD_MISSING_ROUTER_ALERT: Check = check(
    "mld.missing_router_alert",
    Warning,
    "RFC 2710 §3, RFC 3810 §5",
    "No Router Alert in an MLD message",
    "MLD メッセージにルータアラートがない",
);
pub const MLD_WRONG_DESTINATION: Check = check(
    "mld.wrong_destination",
    Error,
    "RFC 2710 §8; RFC 3810 §5.1.15, §5.2.14",
    "Wrong MLD destination",
    "MLD の宛先の誤り",
);
pub const MLD_GROUP_NOT_MULTICAST: Check = check(
    "mld.group_not_multicast",
    Error,
    "RFC 2710 §3.6; RFC 3810 §5.1.5, §5.2.8",
    "MLD address is not multicast",
    "MLD のアドレスがマルチキャストでない",
);
pub const MLD_NEVER_REPORTED: Check = check(
    "mld.never_reported",
    Warning,
    "RFC 2710 §5; RFC 3810 §6",
    "An address MLD never reports",
    "MLD がレポートしないアドレス",
);
pub const MLD_RESERVED_SET: Check = check(
    "mld.reserved_set",
    Warning,
    "RFC 2710 §3.5; RFC 3810 §5.1.4, §5.2.1",
    "MLD reserved field not zero",
    "MLD の予約フィールドが 0 でない",
);

/// The whole catalogue, in the order of the docs' table.
pub const ALL: &[&Check] = &[
    &UNKNOWN_BYTES,
    &TRUNCATED,
    &IP_BAD_VERSION,
    &IP_BAD_IHL,
    &IP_BAD_TOTAL_LEN,
    &TCP_HEADER_LENGTH,
    &IGMP_BAD_QUERY_LENGTH,
    &IGMP_BAD_NUM_SRC,
    &IGMP_BAD_NUM_GRP_RECS,
    &IP_BAD_CHECKSUM,
    &IP_BAD_OPTION,
    &IP_BAD_ROUTER_ALERT,
    &IP_FRAGMENT,
    &IP_NOT_IGMP,
    &FRAME_TRAILING_BYTES,
    &IGMP_BAD_CHECKSUM,
    &IGMP_NONZERO_UNUSED,
    &IGMP_TRAILING_BYTES,
    &IGMP_RESERVED_SET,
    &IGMP_QRV_ZERO,
    &IGMP_SOURCES_IN_GENERAL_QUERY,
    &IGMP_UNKNOWN_RECORD_TYPE,
    &IGMP_AUX_DATA,
    &IGMP_UNKNOWN_TYPE,
    &IGMP_GROUP_NOT_MULTICAST,
    &IGMP_ALL_SYSTEMS_REPORTED,
    &IP_WRONG_DESTINATION,
    &IP_TTL_NOT_1,
    &IP_MISSING_ROUTER_ALERT,
    &ETH_MAC_MISMATCH,
    &LINK_NOT_IPV4,
    &PAYLOAD_NOT_DECODED,
    &VXLAN_NO_I_FLAG,
    &TUNNEL_TOO_DEEP,
    &MLD_BAD_CHECKSUM,
    &MLD_HOP_LIMIT_NOT_1,
    &MLD_SOURCE_NOT_LINK_LOCAL,
    &MLD_MISSING_ROUTER_ALERT,
    &MLD_WRONG_DESTINATION,
    &MLD_GROUP_NOT_MULTICAST,
    &MLD_NEVER_REPORTED,
    &MLD_RESERVED_SET,
];

/// The check with this code.
pub fn by_code(code: &str) -> Option<&'static Check> {
    ALL.iter().copied().find(|c| c.code == code)
}

/// The `(RFC, section)` pairs a reference names: "RFC 3376 §4.1.2, §4.2.2; RFC 791 §3.1" gives
/// (3376, "4.1.2"), (3376, "4.2.2"), (791, "3.1"); "RFC 1112 App. I" gives (1112, "App. I").
/// RFCs may be separated by `;` or `,`.
pub fn sections(rfc: &str) -> Vec<(u32, String)> {
    let mut out = Vec::new();
    for chunk in rfc.split("RFC ").skip(1) {
        let digits = chunk.bytes().take_while(u8::is_ascii_digit).count();
        let (num, secs) = chunk.split_at(digits);
        let Ok(num) = num.parse::<u32>() else {
            continue;
        };
        for s in secs.split([',', ';']) {
            let s = s.trim().trim_start_matches('§').trim();
            if !s.is_empty() {
                out.push((num, s.to_string()));
            }
        }
    }
    out
}
