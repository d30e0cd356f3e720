//! The Builder's logic: message presets with the RFC defaults, the editable fields of a
//! [`FrameSpec`] by field id (with "auto" and the reason), times entered in seconds, and the
//! IGMPv3 "what does the host want" intents.

use std::net::Ipv4Addr;

use crate::codec::layout;
use crate::codec::spec::{IgmpSpec, LinkSpec, MacAddr, RecordSpec, VlanTag, ROUTER_ALERT};
use crate::codec::{mac, timecode, Derived, FrameSpec, Text};

/// The messages the picker offers (`data-testid=builder-message` option values).
pub const MESSAGES: &[(&str, &str, &str)] = &[
    ("v1-query", "IGMPv1 query", "IGMPv1 クエリー"),
    ("v1-report", "IGMPv1 report", "IGMPv1 レポート"),
    (
        "v2-query",
        "IGMPv2 general query",
        "IGMPv2 ジェネラルクエリー",
    ),
    (
        "v2-group-query",
        "IGMPv2 group-specific query",
        "IGMPv2 グループスペシフィッククエリー",
    ),
    ("v2-report", "IGMPv2 report", "IGMPv2 レポート"),
    ("v2-leave", "IGMPv2 Leave", "IGMPv2 リーブメッセージ"),
    (
        "v3-query",
        "IGMPv3 general query",
        "IGMPv3 ジェネラルクエリー",
    ),
    (
        "v3-group-query",
        "IGMPv3 group-specific query",
        "IGMPv3 グループスペシフィッククエリー",
    ),
    (
        "v3-group-source-query",
        "IGMPv3 group-and-source-specific query",
        "IGMPv3 グループ・ソーススペシフィッククエリー",
    ),
    ("v3-report", "IGMPv3 report", "IGMPv3 レポート"),
    (
        "mrd-advertisement",
        "Multicast Router Advertisement (RFC 4286)",
        "マルチキャストルータ広告 (RFC 4286)",
    ),
    (
        "mrd-solicitation",
        "Multicast Router Solicitation (RFC 4286)",
        "マルチキャストルータ要請 (RFC 4286)",
    ),
    (
        "mrd-termination",
        "Multicast Router Termination (RFC 4286)",
        "マルチキャストルータ終了 (RFC 4286)",
    ),
];

const EXAMPLE_GROUP: Ipv4Addr = Ipv4Addr::new(239, 1, 2, 3);
const EXAMPLE_SOURCE: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 100);

/// A frame with the RFC defaults for a message kind: Max Resp 10 s in general queries and 1 s
/// in group-specific ones (RFC 2236 §8.3, §8.8), TTL 1, TOS 0xc0, Router Alert, everything
/// derived.
pub fn preset(kind: &str) -> Option<FrameSpec> {
    let zero = Ipv4Addr::UNSPECIFIED;
    let igmp = match kind {
        "v1-query" => IgmpSpec::basic(0x11, 0, zero),
        "v1-report" => IgmpSpec::basic(0x12, 0, EXAMPLE_GROUP),
        "v2-query" => IgmpSpec::basic(0x11, 100, zero),
        "v2-group-query" => IgmpSpec::basic(0x11, 10, EXAMPLE_GROUP),
        "v2-report" => IgmpSpec::basic(0x16, 0, EXAMPLE_GROUP),
        "v2-leave" => IgmpSpec::basic(0x17, 0, EXAMPLE_GROUP),
        "v3-query" => IgmpSpec::v3_query(zero, 100, vec![]),
        "v3-group-query" => IgmpSpec::v3_query(EXAMPLE_GROUP, 10, vec![]),
        "v3-group-source-query" => {
            IgmpSpec::v3_query(Ipv4Addr::new(232, 1, 1, 1), 10, vec![EXAMPLE_SOURCE])
        }
        "v3-report" => IgmpSpec::V3Report {
            reserved1: 0,
            checksum: Derived::Auto,
            reserved2: 0,
            num_records: Derived::Auto,
            records: vec![record(4, EXAMPLE_GROUP, vec![])],
            extra: vec![],
        },
        // RFC 4286 §3: advertisement interval 20 s, query interval 125 s, robustness 2.
        "mrd-advertisement" => IgmpSpec::Raw {
            msg_type: 0x30,
            code: 20,
            checksum: Derived::Auto,
            body: vec![0, 125, 0, 2],
        },
        "mrd-solicitation" => IgmpSpec::Raw {
            msg_type: 0x31,
            code: 0,
            checksum: Derived::Auto,
            body: vec![],
        },
        "mrd-termination" => IgmpSpec::Raw {
            msg_type: 0x32,
            code: 0,
            checksum: Derived::Auto,
            body: vec![],
        },
        _ => return None,
    };
    let mut spec = FrameSpec::ethernet(igmp);
    if kind.starts_with("v1") {
        spec.ip.options.clear(); // IGMPv1 predates Router Alert (RFC 2113)
    }
    Some(spec)
}

pub fn record<A>(t: u8, group: A, sources: Vec<A>) -> RecordSpec<A> {
    RecordSpec {
        record_type: t,
        aux_len: Derived::Auto,
        num_sources: Derived::Auto,
        group,
        sources,
        aux: vec![],
    }
}

/// What a host wants, as IGMPv3 or MLDv2 records (RFC 3376 §5.1, RFC 3810 §6.1, from the
/// INCLUDE {} state).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    /// Join any source: TO_EX({}).
    JoinAny,
    /// Join only from the listed sources (SSM): ALLOW(sources).
    JoinFrom,
    /// Leave: TO_IN({}).
    Leave,
    /// Block sources: BLOCK(sources).
    Block,
}

impl Intent {
    pub fn from_name(n: &str) -> Option<Intent> {
        Some(match n {
            "join-any" => Intent::JoinAny,
            "join-from" => Intent::JoinFrom,
            "leave" => Intent::Leave,
            "block" => Intent::Block,
            _ => return None,
        })
    }
    pub fn record<A>(self, group: A, sources: Vec<A>) -> RecordSpec<A> {
        match self {
            Intent::JoinAny => record(4, group, vec![]),
            Intent::JoinFrom => record(5, group, sources),
            Intent::Leave => record(3, group, vec![]),
            Intent::Block => record(6, group, sources),
        }
    }
}

/// One editable field as the form shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct EditField {
    /// Field id (the codec's, e.g. `ip.ttl`); `data-field` in the DOM.
    pub id: String,
    pub label: Text,
    /// The value as text in the input.
    pub value: String,
    /// When the value is derived: the reason (shown as "auto").
    pub auto: Option<Text>,
    /// Whether "auto" can be restored for this field.
    pub derivable: bool,
    /// A note next to the input (the encoded code and its rounding error).
    pub note: Option<Text>,
}

fn hex16(v: u16) -> String {
    format!("0x{v:04x}")
}

/// Why a Builder field's text was not taken: one variant a reason, shown in either language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SetError {
    /// Not a decimal or `0x` hex number.
    NotANumber(String),
    /// More than one byte holds (0–255).
    TooBigForOneByte(u32),
    /// More than two bytes hold (0–65535).
    TooBigForTwoBytes(u32),
    NotAnIpv4Address(String),
    NotAnIpv6Address(String),
    NotAMacAddress(String),
    NotSeconds(String),
    NegativeTime,
    /// A character that is not a hex digit, and its 1-based position in characters.
    NotHex {
        character: char,
        position: usize,
    },
    /// An odd number of hex digits.
    OddHexDigits(usize),
    /// IPv4 flags are three bits (`010`).
    NotThreeBits,
    NotEthernet,
    VlanIdTooLarge(u16),
    NotAFieldOfThisMessage(String),
    NoSuchRecord(usize),
    NotARecordField(String),
}

impl SetError {
    pub fn text(&self) -> Text {
        match self {
            SetError::NotANumber(t) => Text::new(
                format!("{t:?} is not a number (decimal or 0x hex)"),
                format!("{t:?} は数値 (10 進数または 0x で始まる 16 進数) ではありません"),
            ),
            SetError::TooBigForOneByte(v) => Text::new(
                format!("{v} does not fit in one byte (0–255)"),
                format!("{v} は 1 バイト (0–255) に収まりません"),
            ),
            SetError::TooBigForTwoBytes(v) => Text::new(
                format!("{v} does not fit in two bytes (0–65535)"),
                format!("{v} は 2 バイト (0–65535) に収まりません"),
            ),
            SetError::NotAnIpv4Address(t) => Text::new(
                format!("{t:?} is not an IPv4 address"),
                format!("{t:?} は IPv4 アドレスではありません"),
            ),
            SetError::NotAnIpv6Address(t) => Text::new(
                format!("{t:?} is not an IPv6 address"),
                format!("{t:?} は IPv6 アドレスではありません"),
            ),
            SetError::NotAMacAddress(t) => Text::new(
                format!("{t:?} is not a MAC address"),
                format!("{t:?} は MAC アドレスではありません"),
            ),
            SetError::NotSeconds(t) => Text::new(
                format!("{t:?} is not a number of seconds"),
                format!("{t:?} は秒数ではありません"),
            ),
            SetError::NegativeTime => Text::new(
                "a time must be zero or more seconds",
                "時間は 0 秒以上でなければなりません",
            ),
            SetError::NotHex {
                character,
                position,
            } => Text::new(
                format!(
                    "character {character:?} (U+{:04X}) at position {position} is not a hex digit",
                    u32::from(*character)
                ),
                format!(
                    "{position} 文字目の {character:?} (U+{:04X}) は 16 進数の数字ではありません",
                    u32::from(*character)
                ),
            ),
            SetError::OddHexDigits(n) => Text::new(
                format!("an odd number of hex digits ({n}): the last byte is incomplete"),
                format!("16 進数の桁数が奇数 ({n}) です。最後のバイトが欠けています"),
            ),
            SetError::NotThreeBits => Text::new(
                "three bits, e.g. 010",
                "3 ビットで入力してください (例: 010)",
            ),
            SetError::NotEthernet => {
                Text::new("not an Ethernet frame", "Ethernet フレームではありません")
            }
            SetError::VlanIdTooLarge(id) => Text::new(
                format!("VLAN id {id} is larger than 4095"),
                format!("VLAN ID {id} は 4095 を超えています"),
            ),
            SetError::NotAFieldOfThisMessage(f) => Text::new(
                format!("{f} is not a field of this message"),
                format!("{f} はこのメッセージのフィールドではありません"),
            ),
            SetError::NoSuchRecord(i) => Text::new(
                format!("there is no record {i}"),
                format!("レコード {i} はありません"),
            ),
            SetError::NotARecordField(f) => Text::new(
                format!("{f} is not a record field"),
                format!("{f} はレコードのフィールドではありません"),
            ),
        }
    }
}

impl std::fmt::Display for SetError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.text().en)
    }
}

pub(crate) fn parse_num(text: &str) -> Result<u32, SetError> {
    let text = ascii_twins(text);
    let t = text.trim();
    let r = if let Some(h) = t.strip_prefix("0x").or_else(|| t.strip_prefix("0X")) {
        u32::from_str_radix(h, 16)
    } else {
        t.parse()
    };
    r.map_err(|_| SetError::NotANumber(t.to_string()))
}

pub(crate) fn parse_u8(text: &str) -> Result<u8, SetError> {
    let v = parse_num(text)?;
    u8::try_from(v).map_err(|_| SetError::TooBigForOneByte(v))
}

pub(crate) fn parse_u16(text: &str) -> Result<u16, SetError> {
    let v = parse_num(text)?;
    u16::try_from(v).map_err(|_| SetError::TooBigForTwoBytes(v))
}

/// An address a group record holds: IPv4 in an IGMPv3 report, IPv6 in an MLDv2 one (#30).
pub trait RecordAddr: Sized + Copy + std::fmt::Display {
    /// The address typed (full-width digits read as digits), or why it is not one.
    fn parse(text: &str) -> Result<Self, SetError>;
}

impl RecordAddr for Ipv4Addr {
    fn parse(text: &str) -> Result<Self, SetError> {
        let text = ascii_twins(text);
        text.trim()
            .parse()
            .map_err(|_| SetError::NotAnIpv4Address(text.trim().to_string()))
    }
}

impl RecordAddr for std::net::Ipv6Addr {
    fn parse(text: &str) -> Result<Self, SetError> {
        let text = ascii_twins(text);
        text.trim()
            .parse()
            .map_err(|_| SetError::NotAnIpv6Address(text.trim().to_string()))
    }
}

fn parse_ip(text: &str) -> Result<Ipv4Addr, SetError> {
    RecordAddr::parse(text)
}

/// Addresses separated by commas, spaces, semicolons or the Japanese comma.
pub fn parse_list<A: RecordAddr>(text: &str) -> Result<Vec<A>, SetError> {
    ascii_twins(text)
        .split([',', ' ', ';', '、'])
        .filter(|s| !s.trim().is_empty())
        .map(A::parse)
        .collect()
}

fn parse_seconds(text: &str) -> Result<f64, SetError> {
    let text = ascii_twins(text);
    let v = crate::num::decimal(text.trim().trim_end_matches('s').trim())
        .ok_or_else(|| SetError::NotSeconds(text.trim().to_string()))?;
    if !v.is_finite() || v < 0.0 {
        return Err(SetError::NegativeTime);
    }
    Ok(v)
}

// Full-width input reads as its ASCII twin (codec::width).
use crate::codec::width::{ascii_twin, ascii_twins};

/// Hex bytes: digits in pairs, with spaces, colons, dashes or a `0x` prefix allowed between
/// bytes. Works on characters, never on byte offsets, so any text is safe; a character that is
/// not a hex digit is named with its position (1-based, in characters).
pub(crate) fn parse_hex_bytes(text: &str) -> Result<Vec<u8>, SetError> {
    let mut digits: Vec<u8> = Vec::new();
    let mut chars = text.chars().enumerate().peekable();
    while let Some((i, original)) = chars.next() {
        let c = ascii_twin(original);
        if c.is_whitespace() || matches!(c, ':' | '-' | ',') {
            continue;
        }
        if c == '0' && digits.len() % 2 == 0 {
            if let Some((_, 'x' | 'X' | '\u{ff58}' | '\u{ff38}')) = chars.peek().copied() {
                chars.next();
                continue;
            }
        }
        match c.to_digit(16).and_then(|d| u8::try_from(d).ok()) {
            Some(d) => digits.push(d),
            None => {
                return Err(SetError::NotHex {
                    character: original,
                    position: i.saturating_add(1),
                })
            }
        }
    }
    if digits.len() % 2 != 0 {
        return Err(SetError::OddHexDigits(digits.len()));
    }
    Ok(digits
        .chunks_exact(2)
        .map(|pair| match pair {
            [hi, lo] => (hi << 4) | lo,
            _ => 0,
        })
        .collect())
}

/// The Max Resp field in seconds: linear for v1/v2 (RFC 2236 §2.2), floating point for v3
/// (RFC 3376 §4.1.1), always rounded down (RFC 3376 §8.8), with the error shown.
pub fn encode_seconds(seconds: f64, v3: bool, unit_tenths: bool) -> (u8, f64, Text) {
    let units = if unit_tenths {
        (seconds * 10.0 + 1e-9).floor()
    } else {
        (seconds + 1e-9).floor()
    };
    let units = crate::num::u32_sat(crate::num::whole(crate::num::clamp(units, 0.0, 1e9)));
    let (code, actual) = if v3 {
        timecode::encode_v3(units)
    } else {
        timecode::encode_linear(units)
    };
    let actual_s = if unit_tenths {
        f64::from(actual) / 10.0
    } else {
        f64::from(actual)
    };
    let err = crate::num::Fixed(seconds - actual_s, 1);
    let form = if v3 && code >= 128 {
        "floating point"
    } else {
        "linear"
    };
    let form_ja = if v3 && code >= 128 {
        "浮動小数点"
    } else {
        "線形"
    };
    let (shown, actual) = (crate::num::Short(seconds), crate::num::Short(actual_s));
    let note = if err.0.abs() < 1e-9 {
        Text::new(
            format!("code {code:#04x} ({form}) = {actual} s exactly"),
            format!("コード {code:#04x} ({form_ja}) = ちょうど {actual} 秒"),
        )
    } else if code == u8::MAX {
        // The field's largest value: 25.5 s linear, 3 174.4 s floating point (RFC 3376 §4.1.1).
        Text::new(
            format!(
                "{shown} s is more than the largest Max Resp, {actual} s: code {code:#04x} ({form}), {err} s less than asked"
            ),
            format!(
                "{shown} 秒は最大応答時間の上限 {actual} 秒を超えています。コード {code:#04x} ({form_ja}) で、指定より {err} 秒短くなります"
            ),
        )
    } else {
        // Not every time has a code: the nearest code below it is sent (RFC 3376 §8.8 rounds down).
        Text::new(
            format!(
                "{shown} s has no code of its own: the nearest below it is {code:#04x} ({form}) = {actual} s, {err} s less than asked"
            ),
            format!(
                "{shown} 秒を表すコードはありません。それより短い最も近いコードは {code:#04x} ({form_ja}) = {actual} 秒で、指定より {err} 秒短くなります"
            ),
        )
    };
    (code, actual_s, note)
}

fn reason(en: &str, ja: &str) -> Option<Text> {
    Some(Text::new(en, ja))
}

/// The form: every field of the frame, in wire order.
pub fn fields(spec: &FrameSpec) -> Vec<EditField> {
    let mut out = Vec::new();
    let mut f = |id: &str,
                 en: &str,
                 ja: &str,
                 value: String,
                 auto: Option<Text>,
                 derivable: bool,
                 note: Option<Text>| {
        out.push(EditField {
            id: id.into(),
            label: Text::new(en, ja),
            value,
            auto,
            derivable,
            note,
        });
    };
    let dst_ip = spec.ip_destination();
    if let LinkSpec::Ethernet {
        dst,
        src,
        ethertype,
        ..
    } = &spec.link
    {
        let auto_mac = mac::format_mac(&mac::multicast_mac(dst_ip));
        match dst {
            Derived::Auto => f(
                layout::ethernet::DST.id,
                "Destination MAC",
                "宛先 MAC",
                auto_mac,
                reason(
                    "01:00:5e + the low 23 bits of the IP destination (RFC 1112 §6.4)",
                    "01:00:5e + IP 宛先の下位 23 ビット (RFC 1112 §6.4)",
                ),
                true,
                None,
            ),
            Derived::Raw(m) => f(
                layout::ethernet::DST.id,
                "Destination MAC",
                "宛先 MAC",
                mac::format_mac(&m.0),
                None,
                true,
                None,
            ),
        }
        f(
            layout::ethernet::SRC.id,
            "Source MAC",
            "送信元 MAC",
            mac::format_mac(&src.0),
            None,
            false,
            Some(Text::new(
                "locally administered by default",
                "既定はローカル管理アドレス",
            )),
        );
        if let LinkSpec::Ethernet { vlans, .. } = &spec.link {
            let text = vlans
                .iter()
                .map(|v| {
                    if v.tpid == 0x8100 && v.tci >> 12 == 0 {
                        (v.tci & 0x0fff).to_string()
                    } else {
                        format!("0x{:04x}:0x{:04x}", v.tpid, v.tci)
                    }
                })
                .collect::<Vec<_>>()
                .join(", ");
            f(
                "vlan.id",
                "VLAN tags (outer first)",
                "VLAN タグ (外側から)",
                text,
                None,
                false,
                Some(Text::new(
                    "empty: untagged; 100 = 802.1Q VLAN 100; 0x88a8:0x000a = any TPID:TCI (QinQ)",
                    "空: タグなし; 100 = 802.1Q VLAN 100; 0x88a8:0x000a = 任意の TPID:TCI (QinQ)",
                )),
            );
        }
        f(
            layout::ethernet::TYPE.id,
            "EtherType",
            "EtherType",
            hex16(ethertype.or(0x0800)),
            if ethertype.is_auto() {
                reason("IPv4 (0x0800)", "IPv4 (0x0800)")
            } else {
                None
            },
            true,
            None,
        );
    }
    let ip = &spec.ip;
    let ihl_auto = ip.options.len().div_ceil(4).saturating_add(5);
    f(
        layout::ipv4::HDR_LEN.id,
        "Header length (words)",
        "ヘッダ長 (ワード)",
        ip.ihl
            .or(u8::try_from(ihl_auto.min(15)).unwrap_or(15))
            .to_string(),
        ip.ihl
            .is_auto()
            .then(|| Text::new("5 + options", "5 + オプション")),
        true,
        None,
    );
    f(
        layout::ipv4::DSFIELD.id,
        "TOS / DS field",
        "TOS / DS フィールド",
        format!("0x{:02x}", ip.tos),
        None,
        false,
        Some(Text::new(
            "0xc0 = Internetwork Control (RFC 3376 §4)",
            "0xc0 = Internetwork Control (RFC 3376 §4)",
        )),
    );
    // The message is encoded once: its length and its checksum come from these bytes.
    let msg_bytes = spec.igmp.emit();
    let total_auto =
        crate::num::u16_sat(ihl_auto.saturating_mul(4).saturating_add(msg_bytes.len()));
    f(
        layout::ipv4::LEN.id,
        "Total length",
        "全長",
        ip.total_len.or(total_auto).to_string(),
        ip.total_len
            .is_auto()
            .then(|| Text::new("header + IGMP message", "ヘッダ + IGMP メッセージ")),
        true,
        None,
    );
    f(
        layout::ipv4::ID.id,
        "Identification",
        "識別子",
        ip.id.to_string(),
        None,
        false,
        None,
    );
    f(
        layout::ipv4::FLAGS.id,
        "Flags (RB DF MF bits)",
        "フラグ (RB DF MF)",
        format!("{:03b}", ip.flags & 7),
        None,
        false,
        Some(Text::new(
            "010 = Don't Fragment, as Linux sends",
            "010 = 分割禁止 (Linux と同じ)",
        )),
    );
    f(
        layout::ipv4::TTL.id,
        "TTL",
        "TTL",
        ip.ttl.to_string(),
        None,
        false,
        Some(Text::new(
            "1: IGMP never leaves the link (RFC 2236 §2, RFC 3376 §4)",
            "1: IGMP はリンク外に出ない (RFC 2236 §2, RFC 3376 §4)",
        )),
    );
    f(
        layout::ipv4::PROTO.id,
        "Protocol",
        "プロトコル",
        ip.protocol.or(2).to_string(),
        ip.protocol
            .is_auto()
            .then(|| Text::new("IGMP (2)", "IGMP (2)")),
        true,
        None,
    );
    f(
        layout::ipv4::CHECKSUM.id,
        "Header checksum",
        "ヘッダチェックサム",
        hex16(ip_checksum(spec)),
        ip.checksum
            .is_auto()
            .then(|| Text::new("computed (RFC 791)", "自動計算 (RFC 791)")),
        true,
        None,
    );
    f(
        layout::ipv4::SRC.id,
        "Source address",
        "送信元アドレス",
        ip.src.to_string(),
        None,
        false,
        Some(Text::new(
            "a documentation address (RFC 5737) by default",
            "既定は文書用アドレス (RFC 5737)",
        )),
    );
    let (auto_dst, _, rule) = spec.igmp.auto_destination();
    f(
        layout::ipv4::DST.id,
        "Destination address",
        "宛先アドレス",
        ip.dst.or(auto_dst).to_string(),
        ip.dst.is_auto().then_some(rule),
        true,
        None,
    );
    let ra = ip.options == ROUTER_ALERT;
    f(
        "ip.options.routeralert",
        "Router Alert option",
        "ルータアラート",
        if ra {
            "on".into()
        } else if ip.options.is_empty() {
            "off".into()
        } else {
            crate::import::export::hex_stream(&ip.options)
        },
        None,
        false,
        Some(Text::new(
            "on: 94 04 00 00 (RFC 2113; required in v2/v3); or raw option hex",
            "on: 94 04 00 00 (RFC 2113、v2/v3 で必須)、または生のオプション 16 進",
        )),
    );
    let sum = crate::codec::be16_at(&msg_bytes, 2);
    match &spec.igmp {
        IgmpSpec::Basic {
            msg_type,
            code,
            checksum,
            group,
            ..
        } => {
            f(
                layout::igmp::TYPE.id,
                "Type",
                "タイプ",
                format!("0x{msg_type:02x}"),
                None,
                false,
                None,
            );
            if *msg_type == 0x11 {
                let s = f64::from(*code) / 10.0;
                let note = if *code == 0 {
                    Text::new(
                        "code 0 = IGMPv1 query: hosts use 10 s",
                        "コード 0 = IGMPv1 クエリー: ホストは 10 秒を使用",
                    )
                } else {
                    encode_seconds(s, false, true).2
                };
                f(
                    layout::igmp::MAX_RESP.id,
                    "Max Resp Time (s)",
                    "最大応答時間 (秒)",
                    crate::num::Short(s).to_string(),
                    None,
                    false,
                    Some(note),
                );
            }
            f(
                layout::igmp::CHECKSUM.id,
                "Checksum",
                "チェックサム",
                hex16(sum),
                checksum.is_auto().then(|| {
                    Text::new(
                        "computed over the whole message (RFC 2236 §2.3)",
                        "メッセージ全体で自動計算 (RFC 2236 §2.3)",
                    )
                }),
                true,
                None,
            );
            f(
                layout::igmp::MADDR.id,
                "Group address",
                "グループアドレス",
                group.to_string(),
                None,
                false,
                None,
            );
        }
        IgmpSpec::V3Query {
            code,
            checksum,
            group,
            s,
            qrv,
            qqic,
            num_sources,
            sources,
            ..
        } => {
            let secs = f64::from(timecode::decode_v3(*code)) / 10.0;
            f(
                layout::igmp::MAX_RESP.id,
                "Max Resp Time (s)",
                "最大応答時間 (秒)",
                crate::num::Short(secs).to_string(),
                None,
                false,
                Some(encode_seconds(secs, true, true).2),
            );
            f(
                layout::igmp::CHECKSUM.id,
                "Checksum",
                "チェックサム",
                hex16(sum),
                checksum.is_auto().then(|| {
                    Text::new(
                        "computed over the whole message (RFC 3376 §4.1.2)",
                        "メッセージ全体で自動計算 (RFC 3376 §4.1.2)",
                    )
                }),
                true,
                None,
            );
            f(
                layout::igmp::MADDR.id,
                "Group address",
                "グループアドレス",
                group.to_string(),
                None,
                false,
                Some(Text::new(
                    "0.0.0.0 = general query",
                    "0.0.0.0 = ジェネラルクエリー",
                )),
            );
            f(
                layout::igmp::S.id,
                "S flag",
                "S フラグ",
                u8::from(*s).to_string(),
                None,
                false,
                None,
            );
            f(
                layout::igmp::QRV.id,
                "QRV",
                "QRV",
                qrv.to_string(),
                None,
                false,
                Some(Text::new(
                    "Robustness Variable, 2 by default (RFC 3376 §8.1)",
                    "ロバストネス変数、既定 2 (RFC 3376 §8.1)",
                )),
            );
            let qqi = f64::from(timecode::decode_v3(*qqic));
            f(
                layout::igmp::QQIC.id,
                "Query interval (s)",
                "クエリー間隔 (秒)",
                crate::num::Short(qqi).to_string(),
                None,
                false,
                Some(encode_seconds(qqi, true, false).2),
            );
            f(
                layout::igmp::NUM_SRC.id,
                "Number of sources",
                "送信元の数",
                num_sources
                    .or(crate::num::u16_sat(sources.len()))
                    .to_string(),
                num_sources
                    .is_auto()
                    .then(|| Text::new("the sources listed", "列挙した送信元の数")),
                true,
                None,
            );
            f(
                "igmp.saddr",
                "Sources (comma-separated)",
                "送信元 (カンマ区切り)",
                sources
                    .iter()
                    .map(|x| x.to_string())
                    .collect::<Vec<_>>()
                    .join(", "),
                None,
                false,
                None,
            );
        }
        IgmpSpec::V3Report {
            checksum,
            num_records,
            records,
            ..
        } => {
            f(
                layout::igmp::CHECKSUM.id,
                "Checksum",
                "チェックサム",
                hex16(sum),
                checksum.is_auto().then(|| {
                    Text::new(
                        "computed over the whole message (RFC 3376 §4.2.2)",
                        "メッセージ全体で自動計算 (RFC 3376 §4.2.2)",
                    )
                }),
                true,
                None,
            );
            f(
                layout::igmp::NUM_GRP_RECS.id,
                "Number of group records",
                "グループレコード数",
                num_records
                    .or(crate::num::u16_sat(records.len()))
                    .to_string(),
                num_records
                    .is_auto()
                    .then(|| Text::new("the records listed", "列挙したレコードの数")),
                true,
                None,
            );
        }
        IgmpSpec::Raw {
            msg_type,
            code,
            checksum,
            body,
        } => {
            f(
                layout::igmp::TYPE.id,
                "Type",
                "タイプ",
                format!("0x{msg_type:02x}"),
                None,
                false,
                None,
            );
            f(
                "igmp.code",
                "Byte 1 (code / interval)",
                "バイト 1 (コード / 間隔)",
                code.to_string(),
                None,
                false,
                None,
            );
            f(
                layout::igmp::CHECKSUM.id,
                "Checksum",
                "チェックサム",
                hex16(sum),
                checksum.is_auto().then(|| {
                    Text::new(
                        "computed over the whole message",
                        "メッセージ全体で自動計算",
                    )
                }),
                true,
                None,
            );
            f(
                "igmp.data",
                "Body (hex)",
                "本体 (16 進)",
                crate::import::export::hex_stream(body),
                None,
                false,
                None,
            );
        }
    }
    if let IgmpSpec::Basic { extra, .. }
    | IgmpSpec::V3Query { extra, .. }
    | IgmpSpec::V3Report { extra, .. } = &spec.igmp
    {
        f(
            "igmp.extra",
            "Extra bytes after the message (hex)",
            "メッセージ後の余分なバイト (16 進)",
            crate::import::export::hex_stream(extra),
            None,
            false,
            Some(Text::new(
                "empty: senders must not add any (RFC 2236 §2.5, RFC 3376 §4.1.10)",
                "空: 送信側は付加してはいけません (RFC 2236 §2.5, RFC 3376 §4.1.10)",
            )),
        );
    }
    f(
        "eth.padding",
        "Bytes after the IP datagram (hex)",
        "IP データグラム後のバイト (16 進)",
        crate::import::export::hex_stream(&spec.trailer),
        None,
        false,
        Some(Text::new(
            "Ethernet padding to 60 bytes is added by the NIC; captures usually show none",
            "60 バイトへのパディングは NIC が付加し、キャプチャには通常現れません",
        )),
    );
    out
}

fn ip_checksum(spec: &FrameSpec) -> u16 {
    let bytes = crate::codec::emit(spec);
    let start = match &spec.link {
        LinkSpec::Ethernet { vlans, .. } => vlans.len().saturating_mul(4).saturating_add(14),
        LinkSpec::RawIpv4 => 0,
        LinkSpec::Sll { header } | LinkSpec::Sll2 { header } => header.len(),
    };
    crate::codec::be16_at(&bytes, start.saturating_add(10))
}

/// Sets a field from the text of its input. An error names the field and the reason; the spec
/// is then unchanged.
pub fn set(spec: &mut FrameSpec, id: &str, text: &str) -> Result<(), SetError> {
    let mut next = spec.clone();
    match id {
        "eth.dst" | "eth.src" | "eth.type" => {
            let LinkSpec::Ethernet {
                dst,
                src,
                ethertype,
                ..
            } = &mut next.link
            else {
                return Err(SetError::NotEthernet);
            };
            match id {
                _ if id == layout::ethernet::DST.id => {
                    *dst = Derived::Raw(MacAddr(
                        mac::parse_mac(&ascii_twins(text))
                            .ok_or_else(|| SetError::NotAMacAddress(text.to_string()))?,
                    ))
                }
                _ if id == layout::ethernet::SRC.id => {
                    *src = MacAddr(
                        mac::parse_mac(&ascii_twins(text))
                            .ok_or_else(|| SetError::NotAMacAddress(text.to_string()))?,
                    )
                }
                _ => *ethertype = Derived::Raw(parse_u16(text)?),
            }
        }
        _ if id == layout::ipv4::HDR_LEN.id => next.ip.ihl = Derived::Raw(parse_u8(text)?.min(15)),
        _ if id == layout::ipv4::DSFIELD.id => next.ip.tos = parse_u8(text)?,
        _ if id == layout::ipv4::LEN.id => next.ip.total_len = Derived::Raw(parse_u16(text)?),
        _ if id == layout::ipv4::ID.id => next.ip.id = parse_u16(text)?,
        _ if id == layout::ipv4::FLAGS.id => {
            next.ip.flags =
                u8::from_str_radix(text.trim(), 2).map_err(|_| SetError::NotThreeBits)? & 7
        }
        _ if id == layout::ipv4::TTL.id => next.ip.ttl = parse_u8(text)?,
        _ if id == layout::ipv4::PROTO.id => next.ip.protocol = Derived::Raw(parse_u8(text)?),
        _ if id == layout::ipv4::CHECKSUM.id => next.ip.checksum = Derived::Raw(parse_u16(text)?),
        _ if id == layout::ipv4::SRC.id => next.ip.src = parse_ip(text)?,
        _ if id == layout::ipv4::DST.id => next.ip.dst = Derived::Raw(parse_ip(text)?),
        "ip.options.routeralert" => {
            next.ip.options = match text.trim() {
                "on" | "1" | "true" => ROUTER_ALERT.to_vec(),
                "off" | "0" | "false" | "" => vec![],
                hex => parse_hex_bytes(hex)?,
            }
        }
        "eth.padding" => next.trailer = parse_hex_bytes(text)?,
        "vlan.id" => {
            let LinkSpec::Ethernet { vlans, .. } = &mut next.link else {
                return Err(SetError::NotEthernet);
            };
            *vlans = text
                .split([',', ' '])
                .filter(|t| !t.trim().is_empty())
                .map(|t| match t.trim().split_once(':') {
                    Some((tpid, tci)) => Ok(VlanTag {
                        tpid: parse_u16(tpid)?,
                        tci: parse_u16(tci)?,
                    }),
                    None => {
                        let id = parse_u16(t)?;
                        if id > 4095 {
                            return Err(SetError::VlanIdTooLarge(id));
                        }
                        Ok(VlanTag {
                            tpid: 0x8100,
                            tci: id,
                        })
                    }
                })
                .collect::<Result<_, SetError>>()?;
        }
        _ => set_igmp(&mut next.igmp, id, text)?,
    }
    *spec = next;
    Ok(())
}

/// What a typed time became, when it is not what was typed (#29): "30 s has no code of its own:
/// the nearest below it is 0x92 = 28.8 s". The form's own note is computed from the stored code,
/// which is always exact; this one remembers the typed value. `None` when the time was exact,
/// the field is not a time, or the text does not parse (`set` says why then).
pub fn typed_note(spec: &FrameSpec, id: &str, text: &str) -> Option<Text> {
    let (v3, tenths) = match &spec.igmp {
        IgmpSpec::Basic { .. } if id == layout::igmp::MAX_RESP.id => (false, true),
        IgmpSpec::V3Query { .. } if id == layout::igmp::MAX_RESP.id => (true, true),
        IgmpSpec::V3Query { .. } if id == layout::igmp::QQIC.id => (true, false),
        _ => return None,
    };
    let seconds = parse_seconds(text).ok()?;
    let (_, actual, note) = encode_seconds(seconds, v3, tenths);
    ((seconds - actual).abs() >= 1e-9).then_some(note)
}

fn set_igmp(igmp: &mut IgmpSpec, id: &str, text: &str) -> Result<(), SetError> {
    match (igmp, id) {
        (IgmpSpec::Basic { msg_type, .. } | IgmpSpec::Raw { msg_type, .. }, _)
            if id == layout::igmp::TYPE.id =>
        {
            *msg_type = parse_u8(text)?
        }
        (IgmpSpec::Basic { code, .. }, _) if id == layout::igmp::MAX_RESP.id => {
            *code = encode_seconds(parse_seconds(text)?, false, true).0
        }
        (IgmpSpec::V3Query { code, .. }, _) if id == layout::igmp::MAX_RESP.id => {
            *code = encode_seconds(parse_seconds(text)?, true, true).0
        }
        (
            IgmpSpec::Basic { checksum, .. }
            | IgmpSpec::V3Query { checksum, .. }
            | IgmpSpec::V3Report { checksum, .. }
            | IgmpSpec::Raw { checksum, .. },
            _,
        ) if id == layout::igmp::CHECKSUM.id => *checksum = Derived::Raw(parse_u16(text)?),
        (IgmpSpec::Basic { group, .. } | IgmpSpec::V3Query { group, .. }, _)
            if id == layout::igmp::MADDR.id =>
        {
            *group = parse_ip(text)?
        }
        (IgmpSpec::V3Query { s, .. }, _) if id == layout::igmp::S.id => *s = parse_num(text)? != 0,
        // RFC 3376 §4.1.6: "If the querier's [Robustness Variable] exceeds 7 (the maximum value
        // of the QRV field), the QRV field is set to zero" (not to 7).
        (IgmpSpec::V3Query { qrv, .. }, _) if id == layout::igmp::QRV.id => {
            let rv = parse_u8(text)?;
            *qrv = if rv > 7 { 0 } else { rv }
        }
        (IgmpSpec::V3Query { qqic, .. }, _) if id == layout::igmp::QQIC.id => {
            *qqic = encode_seconds(parse_seconds(text)?, true, false).0
        }
        (IgmpSpec::V3Query { num_sources, .. }, _) if id == layout::igmp::NUM_SRC.id => {
            *num_sources = Derived::Raw(parse_u16(text)?)
        }
        (IgmpSpec::V3Query { sources, .. }, "igmp.saddr") => *sources = parse_list(text)?,
        (IgmpSpec::V3Report { num_records, .. }, _) if id == layout::igmp::NUM_GRP_RECS.id => {
            *num_records = Derived::Raw(parse_u16(text)?)
        }
        (IgmpSpec::Raw { code, .. }, "igmp.code") => *code = parse_u8(text)?,
        (IgmpSpec::Raw { body, .. }, "igmp.data") => *body = parse_hex_bytes(text)?,
        (
            IgmpSpec::Basic { extra, .. }
            | IgmpSpec::V3Query { extra, .. }
            | IgmpSpec::V3Report { extra, .. },
            "igmp.extra",
        ) => *extra = parse_hex_bytes(text)?,
        (_, other) => return Err(SetError::NotAFieldOfThisMessage(other.to_string())),
    }
    Ok(())
}

/// Restores a derived field to "auto".
pub fn set_auto(spec: &mut FrameSpec, id: &str) {
    match id {
        "eth.dst" | "eth.type" => {
            if let LinkSpec::Ethernet { dst, ethertype, .. } = &mut spec.link {
                if id == "eth.dst" {
                    *dst = Derived::Auto;
                } else {
                    *ethertype = Derived::Auto;
                }
            }
        }
        "ip.hdr_len" => spec.ip.ihl = Derived::Auto,
        "ip.len" => spec.ip.total_len = Derived::Auto,
        "ip.proto" => spec.ip.protocol = Derived::Auto,
        "ip.checksum" => spec.ip.checksum = Derived::Auto,
        "ip.dst" => spec.ip.dst = Derived::Auto,
        "igmp.checksum" => match &mut spec.igmp {
            IgmpSpec::Basic { checksum, .. }
            | IgmpSpec::V3Query { checksum, .. }
            | IgmpSpec::V3Report { checksum, .. }
            | IgmpSpec::Raw { checksum, .. } => *checksum = Derived::Auto,
        },
        "igmp.num_src" => {
            if let IgmpSpec::V3Query { num_sources, .. } = &mut spec.igmp {
                *num_sources = Derived::Auto;
            }
        }
        "igmp.num_grp_recs" => {
            if let IgmpSpec::V3Report { num_records, .. } = &mut spec.igmp {
                *num_records = Derived::Auto;
            }
        }
        _ => {}
    }
}

/// The records of a v3 report, for the records editor.
pub fn records_mut(spec: &mut FrameSpec) -> Option<&mut Vec<RecordSpec>> {
    match &mut spec.igmp {
        IgmpSpec::V3Report { records, .. } => Some(records),
        _ => None,
    }
}

/// Sets a field of record `i` (`type`, `group`, `sources`, `aux`).
pub fn set_record(spec: &mut FrameSpec, i: usize, what: &str, text: &str) -> Result<(), SetError> {
    let r = records_mut(spec)
        .and_then(|r| r.get_mut(i))
        .ok_or(SetError::NoSuchRecord(i.saturating_add(1)))?;
    set_record_field(r, what, text)
}

/// Sets a record's `type`, `group`, `sources` or `aux`; the record is unchanged when refused.
pub fn set_record_field<A: RecordAddr>(
    r: &mut RecordSpec<A>,
    what: &str,
    text: &str,
) -> Result<(), SetError> {
    match what {
        "type" => r.record_type = parse_u8(text)?,
        "group" => r.group = A::parse(text)?,
        "sources" => r.sources = parse_list(text)?,
        "aux" => r.aux = parse_hex_bytes(text)?,
        _ => return Err(SetError::NotARecordField(what.to_string())),
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{dissect, emit, LinkType};
    use crate::import::export::hex_stream;

    /// Issue #13: a Japanese IME types full-width digits and letters; they mean their ASCII
    /// twins. Any other character is an error naming it and its position, never a panic.
    #[test]
    fn hex_fields_read_full_width_digits_and_name_bad_characters() {
        assert_eq!(parse_hex_bytes("０１０２"), Ok(vec![1, 2]));
        assert_eq!(
            parse_hex_bytes("ＡＢ　ｃｄ：ＥＦ"),
            Ok(vec![0xab, 0xcd, 0xef])
        );
        assert_eq!(parse_hex_bytes("0x01 0X02"), Ok(vec![1, 2]));
        assert_eq!(
            parse_hex_bytes("01 0Ｇ"),
            Err(SetError::NotHex {
                character: 'Ｇ',
                position: 5
            })
        );
        assert_eq!(
            parse_hex_bytes("0１é"),
            Err(SetError::NotHex {
                character: 'é',
                position: 3
            })
        );
        assert_eq!(parse_hex_bytes("０"), Err(SetError::OddHexDigits(1)));
        // Both languages say it.
        let t = SetError::OddHexDigits(1).text();
        assert!(t.en.contains("odd") && t.ja.contains("奇数"));
        let mut spec = preset("v2-report").expect("preset");
        set(&mut spec, "igmp.extra", "０１０２").expect("extra bytes");
        assert!(hex_stream(&emit(&spec)).ends_with("0102"));
        set(&mut spec, "ip.src", "１０．０．０．１").expect("full-width address");
        set(&mut spec, "eth.src", "０２：００：００：００：００：０９").expect("full-width MAC");
        assert!(hex_stream(&emit(&spec)).contains("020000000009"));
    }

    #[test]
    fn every_preset_is_clean() {
        for (kind, _, _) in MESSAGES {
            let spec = preset(kind).expect("preset");
            let d = dissect(LinkType::Ethernet, &emit(&spec));
            assert!(d.diagnostics.is_empty(), "{kind}: {:?}", d.diagnostics);
        }
    }

    #[test]
    fn builds_the_reference_v2_report_through_field_edits() {
        let mut spec = preset("v2-report").expect("preset");
        set(&mut spec, "igmp.maddr", "224.10.10.10").expect("group");
        set(&mut spec, "ip.src", "192.168.1.10").expect("src");
        set(&mut spec, "eth.src", "02:00:00:00:00:01").expect("mac");
        assert_eq!(hex_stream(&emit(&spec)), "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a");
    }

    #[test]
    fn seconds_encode_down_with_the_error_shown() {
        let (code, actual, note) = encode_seconds(15.4, true, true);
        assert_eq!((code, actual), (0x83, 15.2));
        assert!(note.en.contains("0.2 s less"), "{}", note.en);
        let (code, _, _) = encode_seconds(10.0, true, true);
        assert_eq!(code, 100);
        let (code, actual, _) = encode_seconds(30.0, false, true);
        assert_eq!((code, actual), (255, 25.5), "v2 saturates at 25.5 s");
        let (code, actual, _) = encode_seconds(125.0, true, false);
        assert_eq!((code, actual), (125, 125.0));
    }

    /// #29: a time with no code of its own says so, and what it became; one above the field's
    /// largest says that; an exact one adds nothing to the form's own note.
    #[test]
    fn a_typed_time_that_is_not_representable_says_so() {
        let spec = preset("v3-query").expect("preset");
        let max_resp = layout::igmp::MAX_RESP.id;
        let note = typed_note(&spec, max_resp, "30").expect("30 s has no code");
        assert!(
            note.en.contains("30 s has no code of its own"),
            "{}",
            note.en
        );
        assert!(
            note.en.contains("0x92") && note.en.contains("28.8 s"),
            "{}",
            note.en
        );
        assert!(
            note.ja.contains("30 秒を表すコードはありません"),
            "{}",
            note.ja
        );
        let note = typed_note(&spec, max_resp, "5000").expect("5000 s is too long");
        assert!(
            note.en.contains("more than the largest Max Resp, 3174.4 s"),
            "{}",
            note.en
        );
        assert!(note.en.contains("0xff"), "{}", note.en);
        assert_eq!(typed_note(&spec, max_resp, "10"), None);
        assert_eq!(typed_note(&spec, max_resp, "abc"), None);
        assert_eq!(typed_note(&spec, "ip.ttl", "30"), None);
        let v2 = preset("v2-query").expect("preset");
        let note = typed_note(&v2, max_resp, "30").expect("v2 tops out at 25.5 s");
        assert!(note.en.contains("25.5 s"), "{}", note.en);
    }

    #[test]
    fn a_robustness_above_seven_gives_qrv_zero_as_rfc_3376_says() {
        let mut spec = preset("v3-query").expect("preset");
        for (typed, want) in [("2", 2), ("7", 7), ("8", 0), ("200", 0)] {
            set(&mut spec, layout::igmp::QRV.id, typed).expect("qrv");
            let IgmpSpec::V3Query { qrv, .. } = &spec.igmp else {
                panic!("a v3 query");
            };
            assert_eq!(*qrv, want, "typed {typed}");
        }
    }

    #[test]
    fn bad_input_names_the_problem_and_keeps_the_spec() {
        let mut spec = preset("v2-report").expect("preset");
        let before = spec.clone();
        assert_eq!(
            set(&mut spec, "ip.ttl", "300"),
            Err(SetError::TooBigForOneByte(300))
        );
        assert_eq!(
            set(&mut spec, "igmp.maddr", "nope"),
            Err(SetError::NotAnIpv4Address("nope".into()))
        );
        assert_eq!(spec, before);
    }

    #[test]
    fn overriding_the_checksum_gives_the_diagnostic_and_auto_restores_it() {
        let mut spec = preset("v2-report").expect("preset");
        set(&mut spec, "igmp.checksum", "0x1234").expect("raw");
        let d = dissect(LinkType::Ethernet, &emit(&spec));
        assert!(d
            .diagnostics
            .iter()
            .any(|x| x.is(&crate::codec::diagnostics::IGMP_BAD_CHECKSUM)));
        set_auto(&mut spec, "igmp.checksum");
        assert!(dissect(LinkType::Ethernet, &emit(&spec))
            .diagnostics
            .is_empty());
    }

    #[test]
    fn vlan_tags_are_editable() {
        let mut spec = preset("v2-report").expect("preset");
        set(&mut spec, "vlan.id", "0x88a8:0x000a, 100").expect("tags");
        let bytes = emit(&spec);
        assert_eq!(hex_stream(&bytes[12..22]), "88a8000a810000640800");
        assert!(dissect(LinkType::Ethernet, &bytes).diagnostics.is_empty());
        assert_eq!(
            set(&mut spec, "vlan.id", "5000"),
            Err(SetError::VlanIdTooLarge(5000))
        );
        assert_eq!(
            fields(&spec)
                .iter()
                .find(|f| f.id == "vlan.id")
                .map(|f| f.value.clone()),
            Some("0x88a8:0x000a, 100".into())
        );
    }

    #[test]
    fn extra_bytes_are_checksummed_and_flagged() {
        let mut spec = preset("v2-report").expect("preset");
        set(&mut spec, "igmp.extra", "dead beef").expect("extra");
        let d = dissect(LinkType::Ethernet, &emit(&spec));
        let codes: Vec<&str> = d.diagnostics.iter().map(|x| x.code()).collect();
        assert_eq!(
            codes,
            vec!["igmp.trailing_bytes"],
            "the auto checksum covers all 12 bytes"
        );
        set(&mut spec, "eth.padding", "00000000").expect("padding");
        assert_eq!(emit(&spec).len(), 46 + 4 + 4);
    }

    #[test]
    fn intents_produce_the_right_record_types() {
        let g = Ipv4Addr::new(232, 1, 1, 1);
        let s1 = Ipv4Addr::new(10, 0, 0, 1);
        assert_eq!(Intent::JoinAny.record(g, vec![s1]).record_type, 4);
        assert_eq!(Intent::JoinFrom.record(g, vec![s1]).sources, vec![s1]);
        assert_eq!(Intent::Leave.record(g, vec![]).record_type, 3);
        assert_eq!(Intent::Block.record(g, vec![s1]).record_type, 6);
    }
}

/// The largest IPv4 datagram an Ethernet carries (its MTU).
const ETHERNET_MTU: usize = 1500;

/// What a message too big for one Ethernet frame would become, from its dissection: `ip_len`
/// is the IPv4 datagram's length (the frame from the IPv4 header on). `None` when it fits, or
/// when it is not an IGMPv3 query or report.
///
/// RFC 3376 §4.1.8: "on an Ethernet with an MTU of 1500 octets, the IP header including the
/// Router Alert option consumes 24 octets, and the IGMP fields up to including the Number of
/// Sources (N) field consume 12 octets, leaving 1464 octets for source addresses, which limits
/// the number of source addresses to 366". §4.2.16: the records of a report that does not fit
/// "are sent in as many Report messages as needed"; a record with too many sources "is split
/// into multiple Group Records … each sent in a separate Report message", unless it is
/// MODE_IS_EXCLUDE or CHANGE_TO_EXCLUDE_MODE: then "a single Group Record is sent, containing
/// as many source addresses as can fit, and the remaining source addresses are not reported".
pub fn size_note(kind: Option<crate::codec::frame::MessageKind>, ip_len: usize) -> Option<Text> {
    use crate::codec::frame::MessageKind;
    if ip_len <= ETHERNET_MTU {
        return None;
    }
    match kind? {
        MessageKind::V3Query => Some(Text::new(
            format!("{ip_len} bytes of IPv4: over Ethernet's {ETHERNET_MTU}-byte MTU. An Ethernet query holds at most 366 sources (RFC 3376 §4.1.8)."),
            format!("IPv4 で {ip_len} バイト: イーサネットの MTU {ETHERNET_MTU} バイトを超えます。イーサネットのクエリーに入る送信元は最大 366 個です (RFC 3376 §4.1.8)。"),
        )),
        MessageKind::V3Report => Some(Text::new(
            format!("{ip_len} bytes of IPv4: over Ethernet's {ETHERNET_MTU}-byte MTU. A host sends as many reports as needed, at most 365 sources of a record in each; IS_EX and TO_EX records are not split, and the sources that do not fit go unreported (RFC 3376 §4.2.16)."),
            format!("IPv4 で {ip_len} バイト: イーサネットの MTU {ETHERNET_MTU} バイトを超えます。ホストは必要な数のレポートに分け、1 レポートに 1 レコードの送信元は最大 365 個です。IS_EX と TO_EX は分割されず、入らない送信元は報告されません (RFC 3376 §4.2.16)。"),
        )),
        _ => None,
    }
}

#[cfg(test)]
mod size_tests {
    use super::*;
    use crate::codec::frame::MessageKind;

    /// 366 sources make the largest v3 query an Ethernet carries (24 + 12 + 4 × 366 = 1 500
    /// bytes), and one more is too many; a report's record fits 365 (24 + 8 + 8 + 4 × 365).
    #[test]
    fn the_mtu_note_starts_where_rfc_3376_says_the_sources_stop_fitting() {
        assert!(size_note(Some(MessageKind::V3Query), 24 + 12 + 4 * 366).is_none());
        let q = size_note(Some(MessageKind::V3Query), 24 + 12 + 4 * 367).unwrap();
        assert!(
            q.en.contains("1504 bytes") && q.en.contains("§4.1.8"),
            "{}",
            q.en
        );
        assert!(size_note(Some(MessageKind::V3Report), 24 + 8 + 8 + 4 * 365).is_none());
        let r = size_note(Some(MessageKind::V3Report), 24 + 8 + 8 + 4 * 10_000).unwrap();
        assert!(r.en.contains("§4.2.16") && r.ja.contains("§4.2.16"));
        assert!(size_note(Some(MessageKind::V2Report), 9000).is_none());
        assert!(size_note(None, 9000).is_none());
    }
}
