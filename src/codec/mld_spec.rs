//! MLD frames as a spec, the IPv6 counterpart of [`super::spec::FrameSpec`]: every byte of an
//! Ethernet frame carrying IPv6, its Hop-by-Hop Router Alert and an MLD message. Fields the RFCs
//! determine (the ICMPv6 checksum over the pseudo-header, lengths, counts, the destination for
//! the message, the 33:33 MAC, the next-header chain) are [`Derived`]: `Auto` computes them,
//! `Raw(v)` writes `v`, so a frame is right by default and wrong on purpose when asked.
//! `igmpwb build` reads these as it reads IGMP specs (an `"mld"` member tells them apart).

use std::net::Ipv6Addr;

use serde::{Deserialize, Serialize};

use super::layout::{hopopts, ipv6, mld};
use super::mac;
use super::spec::{Derived, MacAddr, VlanTag, DEFAULT_SOURCE_MAC};

/// ICMPv6 types (RFC 2710 §3, RFC 3810 §5).
pub const QUERY: u8 = 130;
pub const V1_REPORT: u8 = 131;
pub const DONE: u8 = 132;
pub const V2_REPORT: u8 = 143;

/// ff02::1, all nodes (RFC 4291 §2.7.1): where general queries go.
pub const ALL_NODES: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1);
/// ff02::2, all routers: where Done goes (RFC 2710 §8).
pub const ALL_ROUTERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 2);
/// ff02::16, all MLDv2-capable routers: where MLDv2 reports go (RFC 3810 §5.2.14).
pub const ALL_MLDV2_ROUTERS: Ipv6Addr = Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 0x16);
/// A link-local source (RFC 2710 §3, RFC 3810 §5: MLD messages are sent from one).
pub const DEFAULT_SOURCE: Ipv6Addr = Ipv6Addr::new(0xfe80, 0, 0, 0, 0, 0, 0, 1);
/// The presets' group and source (RFC 3849's documentation prefix inside ff0e:: and ff3e::).
pub const EXAMPLE_GROUP: Ipv6Addr = Ipv6Addr::new(0xff0e, 0, 0, 0, 0, 0, 0, 0x123);
pub const EXAMPLE_SSM_GROUP: Ipv6Addr = Ipv6Addr::new(0xff3e, 0, 0, 0, 0, 0, 0, 0x123);
pub const EXAMPLE_SOURCE: Ipv6Addr = Ipv6Addr::new(0x2001, 0xdb8, 0, 0, 0, 0, 0, 0x100);

/// The Ethernet header; Auto gives the 33:33 MAC of the IPv6 destination (RFC 2464 §7) and
/// EtherType 0x86dd.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MldLink {
    #[serde(default)]
    pub dst: Derived<MacAddr>,
    #[serde(default = "default_mac")]
    pub src: MacAddr,
    #[serde(default)]
    pub vlans: Vec<VlanTag>,
    #[serde(default)]
    pub ethertype: Derived<u16>,
}

fn default_mac() -> MacAddr {
    MacAddr(DEFAULT_SOURCE_MAC)
}

impl Default for MldLink {
    fn default() -> MldLink {
        MldLink {
            dst: Derived::Auto,
            src: default_mac(),
            vlans: Vec::new(),
            ethertype: Derived::Auto,
        }
    }
}

/// The IPv6 header (RFC 8200 §3) and the Hop-by-Hop Options header MLD needs (RFC 2710 §3,
/// RFC 3810 §5: hop limit 1, a link-local source, the Router Alert option of RFC 2711).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipv6Spec {
    #[serde(default)]
    pub traffic_class: u8,
    #[serde(default)]
    pub flow_label: u32,
    /// Auto: the bytes after the fixed header.
    #[serde(default)]
    pub payload_len: Derived<u16>,
    /// Auto: 0 (Hop-by-Hop) when the Router Alert is sent, 58 (ICMPv6) when not.
    #[serde(default)]
    pub next_header: Derived<u8>,
    #[serde(default = "one")]
    pub hop_limit: u8,
    #[serde(default = "default_source")]
    pub src: Ipv6Addr,
    /// Auto: the destination the message goes to (RFC 2710 §8, RFC 3810 §5.1.15, §5.2.14).
    #[serde(default)]
    pub dst: Derived<Ipv6Addr>,
    /// The Router Alert's value (0: "Datagram contains a Multicast Listener Discovery
    /// message", RFC 2711 §2.1), or `null` for no Hop-by-Hop header at all.
    #[serde(default = "router_alert_mld")]
    pub router_alert: Option<u16>,
}

fn one() -> u8 {
    1
}
fn default_source() -> Ipv6Addr {
    DEFAULT_SOURCE
}
fn router_alert_mld() -> Option<u16> {
    Some(0)
}

impl Default for Ipv6Spec {
    fn default() -> Ipv6Spec {
        Ipv6Spec {
            traffic_class: 0,
            flow_label: 0,
            payload_len: Derived::Auto,
            next_header: Derived::Auto,
            hop_limit: one(),
            src: DEFAULT_SOURCE,
            dst: Derived::Auto,
            router_alert: router_alert_mld(),
        }
    }
}

/// A Multicast Address Record (RFC 3810 §5.2.4): an IGMPv3 group record's fields.
pub type MldRecordSpec = super::spec::RecordSpec<Ipv6Addr>;

/// An MLD message in ICMPv6 (RFC 4443 §2.1).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "MldJson")]
pub enum MldSpec {
    /// MLDv1 (RFC 2710 §3): Query (130), Report (131) or Done (132), 24 bytes.
    V1 {
        msg_type: u8,
        #[serde(default)]
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        /// Maximum Response Delay in milliseconds (queries; 0 in reports and Done).
        #[serde(default)]
        max_delay: u16,
        #[serde(default)]
        reserved: u16,
        group: Ipv6Addr,
    },
    /// MLDv2 Query (RFC 3810 §5.1): 28 bytes and the sources.
    V2Query {
        #[serde(default)]
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        /// Maximum Response Code (§5.1.3: milliseconds below 32768, a floating-point code above).
        max_resp_code: u16,
        #[serde(default)]
        reserved: u16,
        group: Ipv6Addr,
        #[serde(default)]
        resv: u8,
        #[serde(default)]
        s: bool,
        qrv: u8,
        qqic: u8,
        #[serde(default)]
        num_sources: Derived<u16>,
        #[serde(default)]
        sources: Vec<Ipv6Addr>,
    },
    /// MLDv2 Report (RFC 3810 §5.2): 8 bytes and the records.
    V2Report {
        #[serde(default)]
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        #[serde(default)]
        reserved: u16,
        #[serde(default)]
        num_records: Derived<u16>,
        records: Vec<MldRecordSpec>,
    },
}

/// The JSON object read for an [`MldSpec`]: flat, its fields checked by kind in `TryFrom` (as
/// `spec::IgmpJson`, for the same reason: serde's derive for an internally tagged enum buffers
/// the object and reads it again per variant, kilobytes of wasm).
#[derive(Deserialize)]
struct MldJson {
    kind: MldKind,
    msg_type: Option<u8>,
    #[serde(default)]
    code: u8,
    #[serde(default)]
    checksum: Derived<u16>,
    #[serde(default)]
    max_delay: u16,
    max_resp_code: Option<u16>,
    #[serde(default)]
    reserved: u16,
    group: Option<Ipv6Addr>,
    #[serde(default)]
    resv: u8,
    #[serde(default)]
    s: bool,
    qrv: Option<u8>,
    qqic: Option<u8>,
    #[serde(default)]
    num_sources: Derived<u16>,
    #[serde(default)]
    sources: Vec<Ipv6Addr>,
    #[serde(default)]
    num_records: Derived<u16>,
    records: Option<Vec<MldRecordSpec>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum MldKind {
    V1,
    V2Query,
    V2Report,
}

impl TryFrom<MldJson> for MldSpec {
    type Error = String;

    fn try_from(j: MldJson) -> Result<MldSpec, String> {
        use super::spec::missing;
        let group = || j.group.ok_or_else(|| missing("group"));
        Ok(match j.kind {
            MldKind::V1 => MldSpec::V1 {
                msg_type: j.msg_type.ok_or_else(|| missing("msg_type"))?,
                code: j.code,
                checksum: j.checksum,
                max_delay: j.max_delay,
                reserved: j.reserved,
                group: group()?,
            },
            MldKind::V2Query => MldSpec::V2Query {
                code: j.code,
                checksum: j.checksum,
                max_resp_code: j.max_resp_code.ok_or_else(|| missing("max_resp_code"))?,
                reserved: j.reserved,
                group: group()?,
                resv: j.resv,
                s: j.s,
                qrv: j.qrv.ok_or_else(|| missing("qrv"))?,
                qqic: j.qqic.ok_or_else(|| missing("qqic"))?,
                num_sources: j.num_sources,
                sources: j.sources,
            },
            MldKind::V2Report => MldSpec::V2Report {
                code: j.code,
                checksum: j.checksum,
                reserved: j.reserved,
                num_records: j.num_records,
                records: j.records.ok_or_else(|| missing("records"))?,
            },
        })
    }
}

/// A whole MLD frame.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MldFrameSpec {
    #[serde(default)]
    pub link: MldLink,
    #[serde(default)]
    pub ipv6: Ipv6Spec,
    pub mld: MldSpec,
    /// Bytes after the IPv6 packet.
    #[serde(default)]
    pub trailer: Vec<u8>,
}

/// The Builder's MLD messages: the value a spec is made from, and its name in both languages.
pub const MESSAGES: &[(&str, &str, &str)] = &[
    (
        "mld1-query",
        "MLDv1 general query",
        "MLDv1 ジェネラルクエリー",
    ),
    (
        "mld1-group-query",
        "MLDv1 multicast-address-specific query",
        "MLDv1 グループスペシフィッククエリー",
    ),
    ("mld1-report", "MLDv1 report", "MLDv1 レポート"),
    ("mld1-done", "MLDv1 Done", "MLDv1 Done メッセージ (脱退)"),
    (
        "mld2-query",
        "MLDv2 general query",
        "MLDv2 ジェネラルクエリー",
    ),
    (
        "mld2-group-query",
        "MLDv2 multicast-address-specific query",
        "MLDv2 グループスペシフィッククエリー",
    ),
    (
        "mld2-group-source-query",
        "MLDv2 multicast-address-and-source-specific query",
        "MLDv2 グループ・ソーススペシフィッククエリー",
    ),
    ("mld2-report", "MLDv2 report", "MLDv2 レポート"),
];

/// A message's frame with the RFCs' defaults: a query's delay 10 s general, 1 s specific
/// (RFC 2710 §7.2 and §7.8; RFC 3810 §9.2 and §9.3), QRV 2 and QQIC 125 (§9.1, §9.2), the
/// report's record a CHANGE_TO_EXCLUDE_MODE with no sources (a join, §6.1).
pub fn preset(kind: &str) -> Option<MldFrameSpec> {
    let any = Ipv6Addr::UNSPECIFIED;
    let v1 = |msg_type, max_delay, group| MldSpec::V1 {
        msg_type,
        code: 0,
        checksum: Derived::Auto,
        max_delay,
        reserved: 0,
        group,
    };
    let v2q = |max_resp_code, group, sources| MldSpec::V2Query {
        code: 0,
        checksum: Derived::Auto,
        max_resp_code,
        reserved: 0,
        group,
        resv: 0,
        s: false,
        qrv: 2,
        qqic: 125,
        num_sources: Derived::Auto,
        sources,
    };
    let mld = match kind {
        "mld1-query" => v1(QUERY, 10_000, any),
        "mld1-group-query" => v1(QUERY, 1_000, EXAMPLE_GROUP),
        "mld1-report" => v1(V1_REPORT, 0, EXAMPLE_GROUP),
        "mld1-done" => v1(DONE, 0, EXAMPLE_GROUP),
        "mld2-query" => v2q(10_000, any, vec![]),
        "mld2-group-query" => v2q(1_000, EXAMPLE_GROUP, vec![]),
        "mld2-group-source-query" => v2q(1_000, EXAMPLE_SSM_GROUP, vec![EXAMPLE_SOURCE]),
        "mld2-report" => MldSpec::V2Report {
            code: 0,
            checksum: Derived::Auto,
            reserved: 0,
            num_records: Derived::Auto,
            records: vec![MldRecordSpec::new(4, EXAMPLE_GROUP, vec![])],
        },
        _ => return None,
    };
    Some(MldFrameSpec {
        link: MldLink::default(),
        ipv6: Ipv6Spec::default(),
        mld,
        trailer: Vec::new(),
    })
}

impl MldSpec {
    /// Where the message goes when the destination is Auto: a general query to all nodes, a
    /// specific query and an MLDv1 report to the group, Done to all routers (RFC 2710 §8), an
    /// MLDv2 report to all MLDv2 routers (RFC 3810 §5.2.14).
    pub fn auto_destination(&self) -> Ipv6Addr {
        match self {
            MldSpec::V1 {
                msg_type, group, ..
            } => match *msg_type {
                DONE => ALL_ROUTERS,
                QUERY if group.is_unspecified() => ALL_NODES,
                _ => *group,
            },
            MldSpec::V2Query { group, .. } if group.is_unspecified() => ALL_NODES,
            MldSpec::V2Query { group, .. } => *group,
            MldSpec::V2Report { .. } => ALL_MLDV2_ROUTERS,
        }
    }

    /// The type, code and checksum every ICMPv6 message starts with (RFC 4443 §2.1).
    pub fn head(&self) -> (u8, u8, Derived<u16>) {
        match self {
            MldSpec::V1 {
                msg_type,
                code,
                checksum,
                ..
            } => (*msg_type, *code, *checksum),
            MldSpec::V2Query { code, checksum, .. } => (QUERY, *code, *checksum),
            MldSpec::V2Report { code, checksum, .. } => (V2_REPORT, *code, *checksum),
        }
    }

    /// The ICMPv6 message with its checksum field as given (Auto: 0, filled in by [`emit`]).
    fn bytes(&self) -> (Vec<u8>, Derived<u16>) {
        let put_addr = |out: &mut Vec<u8>, a: &Ipv6Addr| out.extend_from_slice(&a.octets());
        let mut m = match self {
            MldSpec::V1 {
                max_delay,
                reserved,
                group,
                ..
            } => {
                let mut m = vec![0u8; mld::V1_LEN];
                mld::MAX_DELAY.write(&mut m, (*max_delay).into());
                mld::RESERVED.write(&mut m, (*reserved).into());
                write_addr(&mut m, &mld::MADDR, group);
                m
            }
            MldSpec::V2Query {
                max_resp_code,
                reserved,
                group,
                resv,
                s,
                qrv,
                qqic,
                num_sources,
                sources,
                ..
            } => {
                let mut m = vec![0u8; mld::V2_QUERY_SOURCES];
                mld::MAX_CODE.write(&mut m, (*max_resp_code).into());
                mld::RESERVED.write(&mut m, (*reserved).into());
                write_addr(&mut m, &mld::MADDR, group);
                mld::FLAG_RESERVED.write(&mut m, (*resv).into());
                mld::S.write(&mut m, u32::from(*s));
                mld::QRV.write(&mut m, (*qrv).into());
                mld::QQIC.write(&mut m, (*qqic).into());
                mld::NB_SOURCES.write(&mut m, num_sources.or(count16(sources.len())).into());
                for a in sources {
                    put_addr(&mut m, a);
                }
                m
            }
            MldSpec::V2Report {
                reserved,
                num_records,
                records,
                ..
            } => {
                let mut m = vec![0u8; mld::V2_REPORT_RECORDS];
                mld::REPORT_RESERVED.write(&mut m, (*reserved).into());
                mld::NB_RECORDS.write(&mut m, num_records.or(count16(records.len())).into());
                for r in records {
                    use mld::record;
                    let mut h = vec![0u8; record::SOURCES];
                    record::RECORD_TYPE.write(&mut h, r.record_type.into());
                    let words = u8::try_from(r.aux.len().div_ceil(4)).unwrap_or(u8::MAX);
                    record::AUX_DATA_LEN.write(&mut h, r.aux_len.or(words).into());
                    record::NB_SOURCES
                        .write(&mut h, r.num_sources.or(count16(r.sources.len())).into());
                    write_addr(&mut h, &record::MADDR, &r.group);
                    m.extend_from_slice(&h);
                    for a in &r.sources {
                        put_addr(&mut m, a);
                    }
                    m.extend_from_slice(&r.aux);
                }
                m
            }
        };
        let (msg_type, code, checksum) = self.head();
        mld::TYPE.write(&mut m, msg_type.into());
        mld::CODE.write(&mut m, code.into());
        (m, checksum)
    }
}

fn count16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

fn write_addr(header: &mut [u8], def: &super::layout::FieldDef, a: &Ipv6Addr) {
    if let Some(d) = header.get_mut(def.start()..def.end()) {
        d.copy_from_slice(&a.octets());
    }
}

/// The Hop-by-Hop Options header with the Router Alert (RFC 2711 §2.1: type 5, length 2, the
/// value) and a PadN of no data to fill its 8 octets (RFC 8200 §4.2, §4.3), before ICMPv6.
fn hop_by_hop(value: u16) -> [u8; 8] {
    let mut h = [0u8; 8];
    hopopts::NXT.write(&mut h, 58);
    hopopts::LEN.write(&mut h, 0);
    let option = hopopts::NXT.end().saturating_add(1);
    if let Some(o) = h.get_mut(option..) {
        hopopts::OPT_TYPE.write(o, hopopts::ROUTER_ALERT_TYPE.into());
        hopopts::OPT_LENGTH.write(o, 2);
        hopopts::ROUTER_ALERT.write(o, value.into());
    }
    let pad = option.saturating_add(hopopts::ROUTER_ALERT.end());
    if let Some(o) = h.get_mut(pad..) {
        hopopts::OPT_TYPE.write(o, hopopts::PADN.into());
        hopopts::OPT_LENGTH.write(o, 0);
    }
    h
}

impl MldFrameSpec {
    /// The ICMPv6 message with its checksum field still zero, and the checksum it gets: the
    /// one written in the spec, or the sum over the IPv6 pseudo-header and the message
    /// (RFC 4443 §2.3, RFC 8200 §8.1) with the destination the frame will carry.
    pub fn message(&self) -> (Vec<u8>, u16) {
        let (message, checksum) = self.mld.bytes();
        let ip = &self.ipv6;
        let dst = ip.dst.or(self.mld.auto_destination());
        let sum = checksum.or(super::checksum::icmpv6_expected(
            &ip.src.octets(),
            &dst.octets(),
            &message,
        ));
        (message, sum)
    }
}

/// Encodes an MLD frame./// Encodes an MLD frame. Never panics; a count or length too big for its field is cut to it.
pub fn emit(spec: &MldFrameSpec) -> Vec<u8> {
    let (mut message, sum) = spec.message();
    mld::CHECKSUM.write(&mut message, sum.into());
    let ip = &spec.ipv6;
    let dst = ip.dst.or(spec.mld.auto_destination());
    let hbh = ip.router_alert.map(hop_by_hop);
    let payload = message.len().saturating_add(hbh.map_or(0, |h| h.len()));

    let mut out = Vec::with_capacity(payload.saturating_add(62));
    let link = &spec.link;
    out.extend_from_slice(&link.dst.or(MacAddr(mac::ipv6_multicast_mac(dst))).0);
    out.extend_from_slice(&link.src.0);
    for tag in &link.vlans {
        out.extend_from_slice(&tag.tpid.to_be_bytes());
        out.extend_from_slice(&tag.tci.to_be_bytes());
    }
    out.extend_from_slice(&link.ethertype.or(0x86dd).to_be_bytes());

    let mut h = [0u8; ipv6::LEN];
    ipv6::VERSION.write(&mut h, 6);
    ipv6::TCLASS.write(&mut h, ip.traffic_class.into());
    ipv6::FLOW.write(&mut h, ip.flow_label);
    ipv6::PLEN.write(&mut h, ip.payload_len.or(count16(payload)).into());
    let next = if hbh.is_some() { 0 } else { 58 };
    ipv6::NXT.write(&mut h, ip.next_header.or(next).into());
    ipv6::HLIM.write(&mut h, ip.hop_limit.into());
    write_addr(&mut h, &ipv6::SRC, &ip.src);
    write_addr(&mut h, &ipv6::DST, &dst);
    out.extend_from_slice(&h);
    if let Some(hbh) = hbh {
        out.extend_from_slice(&hbh);
    }
    out.extend_from_slice(&message);
    out.extend_from_slice(&spec.trailer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_preset_reads_back_from_its_json() {
        for (kind, _, _) in MESSAGES {
            let spec = preset(kind).unwrap_or_else(|| panic!("{kind}"));
            let json = serde_json::to_string(&spec).unwrap_or_default();
            let back: MldFrameSpec =
                serde_json::from_str(&json).unwrap_or_else(|e| panic!("{kind}: {e}"));
            assert_eq!(back, spec, "{json}");
        }
        assert!(preset("v2-leave").is_none());
    }

    #[test]
    fn the_hop_by_hop_header_is_the_router_alert_and_a_padn() {
        assert_eq!(hop_by_hop(0), [58, 0, 5, 2, 0, 0, 1, 0]);
    }

    #[test]
    fn a_short_spec_takes_the_rfc_defaults() {
        let json = r#"{"mld": {"kind": "v1", "msg_type": 132, "group": "ff0e::123"}}"#;
        let spec: MldFrameSpec = serde_json::from_str(json).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(
            spec,
            preset("mld1-done").unwrap_or_else(|| panic!("preset"))
        );
    }
}
