//! The frame representation shared by the parser and the builder.
//!
//! A [`FrameSpec`] describes every byte of a frame. Fields the RFCs determine (checksums,
//! lengths, counts, the destination address for the message type, the multicast MAC) are
//! [`Derived`]: `Auto` computes them, `Raw(v)` writes `v` as given, so a user can build a correct
//! frame with defaults or a wrong one on purpose. [`super::parse`] returns a spec whose derived
//! fields are all `Raw`, which makes `emit(parse(b)) == b` hold by construction.

use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::checksum;
use super::mac::{self, Mac};
use super::{LinkType, Text};

/// A value the encoder can compute, or an explicit raw value.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Derived<T> {
    #[default]
    Auto,
    Raw(T),
}

impl<T: Copy> Derived<T> {
    pub fn or(self, auto: T) -> T {
        match self {
            Derived::Auto => auto,
            Derived::Raw(v) => v,
        }
    }
    pub fn is_auto(&self) -> bool {
        matches!(self, Derived::Auto)
    }
}

/// A MAC address that reads and writes as `01:00:5e:0a:0a:0a` in JSON.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct MacAddr(pub Mac);

impl Serialize for MacAddr {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&mac::format_mac(&self.0))
    }
}

impl<'de> Deserialize<'de> for MacAddr {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        mac::parse_mac(&text)
            .map(MacAddr)
            .ok_or_else(|| serde::de::Error::custom(format!("not a MAC address: {text:?}")))
    }
}

/// An 802.1Q / 802.1ad tag.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VlanTag {
    /// 0x8100 (802.1Q), 0x88a8 (802.1ad) or 0x9100.
    pub tpid: u16,
    /// Priority (3 bits), DEI (1 bit), VLAN id (12 bits).
    pub tci: u16,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "LinkJson")]
pub enum LinkSpec {
    Ethernet {
        /// Auto: the 01:00:5e MAC of the IP destination (RFC 1112 §6.4).
        #[serde(default)]
        dst: Derived<MacAddr>,
        src: MacAddr,
        #[serde(default)]
        vlans: Vec<VlanTag>,
        /// Auto: 0x0800.
        #[serde(default)]
        ethertype: Derived<u16>,
    },
    RawIpv4,
    /// Linux cooked capture header, kept as raw bytes (16 for SLL, 20 for SLL2).
    Sll {
        header: Vec<u8>,
    },
    Sll2 {
        header: Vec<u8>,
    },
}

/// The JSON object read for a [`LinkSpec`]: flat, its fields checked by kind in `TryFrom`.
/// (serde's derive for an internally tagged enum buffers the object and reads it again per
/// variant: 9 KB of wasm for this enum, 14 KB for [`IgmpSpec`]; the JSON is the same.)
#[derive(Deserialize)]
struct LinkJson {
    kind: LinkKind,
    #[serde(default)]
    dst: Derived<MacAddr>,
    src: Option<MacAddr>,
    #[serde(default)]
    vlans: Vec<VlanTag>,
    #[serde(default)]
    ethertype: Derived<u16>,
    header: Option<Vec<u8>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum LinkKind {
    Ethernet,
    RawIpv4,
    Sll,
    Sll2,
}

/// serde's words for a field a kind needs (the flat JSON forms here and `sim::scenario`'s).
pub(crate) fn missing(name: &str) -> String {
    format!("missing field `{name}`")
}

impl TryFrom<LinkJson> for LinkSpec {
    type Error = String;

    fn try_from(j: LinkJson) -> Result<LinkSpec, String> {
        let header = || j.header.clone().ok_or_else(|| missing("header"));
        Ok(match j.kind {
            LinkKind::Ethernet => LinkSpec::Ethernet {
                dst: j.dst,
                src: j.src.ok_or_else(|| missing("src"))?,
                vlans: j.vlans,
                ethertype: j.ethertype,
            },
            LinkKind::RawIpv4 => LinkSpec::RawIpv4,
            LinkKind::Sll => LinkSpec::Sll { header: header()? },
            LinkKind::Sll2 => LinkSpec::Sll2 { header: header()? },
        })
    }
}

impl LinkSpec {
    pub fn link_type(&self) -> LinkType {
        match self {
            LinkSpec::Ethernet { .. } => LinkType::Ethernet,
            LinkSpec::RawIpv4 => LinkType::RawIpv4,
            LinkSpec::Sll { .. } => LinkType::LinuxSll,
            LinkSpec::Sll2 { .. } => LinkType::LinuxSll2,
        }
    }
}

/// The Router Alert option (RFC 2113 §2.1): type 0x94, length 4, value 0.
pub const ROUTER_ALERT: [u8; 4] = [0x94, 0x04, 0x00, 0x00];

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Ipv4Spec {
    #[serde(default = "four")]
    pub version: u8,
    /// Header length in 32-bit words. Auto: 5 + options.
    #[serde(default)]
    pub ihl: Derived<u8>,
    /// RFC 3376 §4: IGMPv3 messages use IP precedence Internetwork Control (0xc0).
    #[serde(default = "tos_c0")]
    pub tos: u8,
    #[serde(default)]
    pub total_len: Derived<u16>,
    #[serde(default)]
    pub id: u16,
    /// The three flag bits (reserved, DF, MF): 0b010 = Don't Fragment, as Linux sends IGMP.
    #[serde(default = "dont_fragment")]
    pub flags: u8,
    #[serde(default)]
    pub frag_offset: u16,
    /// RFC 2236 §2, RFC 3376 §4: TTL 1.
    #[serde(default = "one")]
    pub ttl: u8,
    #[serde(default)]
    pub protocol: Derived<u8>,
    #[serde(default)]
    pub checksum: Derived<u16>,
    pub src: Ipv4Addr,
    /// Auto: the destination the RFCs give for the message type (see [`IgmpSpec::auto_destination`]).
    #[serde(default)]
    pub dst: Derived<Ipv4Addr>,
    /// Raw option bytes; Router Alert by default. Padded with zeros to a multiple of 4 on emit.
    #[serde(default = "router_alert")]
    pub options: Vec<u8>,
}

fn dont_fragment() -> u8 {
    0b010
}
fn four() -> u8 {
    4
}
fn one() -> u8 {
    1
}
fn tos_c0() -> u8 {
    0xc0
}
fn router_alert() -> Vec<u8> {
    ROUTER_ALERT.to_vec()
}

impl Ipv4Spec {
    /// The RFC defaults: TOS 0xc0, TTL 1, DF, Router Alert, everything derived.
    pub fn igmp_default(src: Ipv4Addr) -> Ipv4Spec {
        Ipv4Spec {
            version: 4,
            ihl: Derived::Auto,
            tos: 0xc0,
            total_len: Derived::Auto,
            id: 0,
            flags: 0b010,
            frag_offset: 0,
            ttl: 1,
            protocol: Derived::Auto,
            checksum: Derived::Auto,
            src,
            dst: Derived::Auto,
            options: ROUTER_ALERT.to_vec(),
        }
    }
}

/// One IGMPv3 group record (RFC 3376 §4.2.4), or with IPv6 addresses one MLDv2 Multicast
/// Address Record (RFC 3810 §5.2.4, `mld_spec::MldRecordSpec`): the same fields.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordSpec<A = Ipv4Addr> {
    pub record_type: u8,
    /// In 32-bit words. Auto: from `aux`.
    #[serde(default)]
    pub aux_len: Derived<u8>,
    #[serde(default)]
    pub num_sources: Derived<u16>,
    pub group: A,
    #[serde(default = "Vec::new")]
    pub sources: Vec<A>,
    #[serde(default)]
    pub aux: Vec<u8>,
}

/// The IGMP message (or an IGMP-carried neighbour such as DVMRP, mtrace or MRD).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "kebab-case", try_from = "IgmpJson")]
pub enum IgmpSpec {
    /// The 8-byte format of RFC 1112 and RFC 2236: v1/v2 query, v1/v2 report, v2 leave.
    Basic {
        msg_type: u8,
        /// Max Resp Time in 1/10 s (linear) for v2 queries; 0 otherwise.
        #[serde(default)]
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        group: Ipv4Addr,
        /// Bytes after the 8-byte message (included in the checksum, RFC 2236 §2.5).
        #[serde(default)]
        extra: Vec<u8>,
    },
    /// RFC 3376 §4.1.
    V3Query {
        /// Max Resp Code (floating point from 128).
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        group: Ipv4Addr,
        #[serde(default)]
        resv: u8,
        #[serde(default)]
        s: bool,
        qrv: u8,
        qqic: u8,
        #[serde(default)]
        num_sources: Derived<u16>,
        #[serde(default)]
        sources: Vec<Ipv4Addr>,
        #[serde(default)]
        extra: Vec<u8>,
    },
    /// RFC 3376 §4.2.
    V3Report {
        #[serde(default)]
        reserved1: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        #[serde(default)]
        reserved2: u16,
        #[serde(default)]
        num_records: Derived<u16>,
        records: Vec<RecordSpec>,
        #[serde(default)]
        extra: Vec<u8>,
    },
    /// Any other type: byte 1, the checksum and the body after it, kept raw.
    Raw {
        msg_type: u8,
        #[serde(default)]
        code: u8,
        #[serde(default)]
        checksum: Derived<u16>,
        #[serde(default)]
        body: Vec<u8>,
    },
}

/// The JSON object read for an [`IgmpSpec`]: flat, its fields checked by kind in `TryFrom`
/// (see [`LinkJson`]). Fields without `default` are required by the kinds that have them.
#[derive(Deserialize)]
struct IgmpJson {
    kind: IgmpKind,
    msg_type: Option<u8>,
    code: Option<u8>,
    #[serde(default)]
    checksum: Derived<u16>,
    group: Option<Ipv4Addr>,
    #[serde(default)]
    extra: Vec<u8>,
    #[serde(default)]
    resv: u8,
    #[serde(default)]
    s: bool,
    qrv: Option<u8>,
    qqic: Option<u8>,
    #[serde(default)]
    num_sources: Derived<u16>,
    #[serde(default)]
    sources: Vec<Ipv4Addr>,
    #[serde(default)]
    reserved1: u8,
    #[serde(default)]
    reserved2: u16,
    #[serde(default)]
    num_records: Derived<u16>,
    records: Option<Vec<RecordSpec>>,
    #[serde(default)]
    body: Vec<u8>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum IgmpKind {
    Basic,
    V3Query,
    V3Report,
    Raw,
}

impl TryFrom<IgmpJson> for IgmpSpec {
    type Error = String;

    fn try_from(j: IgmpJson) -> Result<IgmpSpec, String> {
        let need = |v: Option<u8>, name: &str| v.ok_or_else(|| missing(name));
        let group = j.group.ok_or_else(|| missing("group"));
        Ok(match j.kind {
            IgmpKind::Basic => IgmpSpec::Basic {
                msg_type: need(j.msg_type, "msg_type")?,
                code: j.code.unwrap_or(0),
                checksum: j.checksum,
                group: group?,
                extra: j.extra,
            },
            IgmpKind::V3Query => IgmpSpec::V3Query {
                code: need(j.code, "code")?,
                checksum: j.checksum,
                group: group?,
                resv: j.resv,
                s: j.s,
                qrv: need(j.qrv, "qrv")?,
                qqic: need(j.qqic, "qqic")?,
                num_sources: j.num_sources,
                sources: j.sources,
                extra: j.extra,
            },
            IgmpKind::V3Report => IgmpSpec::V3Report {
                reserved1: j.reserved1,
                checksum: j.checksum,
                reserved2: j.reserved2,
                num_records: j.num_records,
                records: j.records.ok_or_else(|| missing("records"))?,
                extra: j.extra,
            },
            IgmpKind::Raw => IgmpSpec::Raw {
                msg_type: need(j.msg_type, "msg_type")?,
                code: j.code.unwrap_or(0),
                checksum: j.checksum,
                body: j.body,
            },
        })
    }
}

pub const ALL_SYSTEMS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 1);
pub const ALL_ROUTERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 2);
pub const IGMPV3_ROUTERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 22);
pub const ALL_SNOOPERS: Ipv4Addr = Ipv4Addr::new(224, 0, 0, 106);

impl<A> RecordSpec<A> {
    /// A record with its counts and aux length derived.
    pub fn new(record_type: u8, group: A, sources: Vec<A>) -> RecordSpec<A> {
        RecordSpec {
            record_type,
            aux_len: Derived::Auto,
            num_sources: Derived::Auto,
            group,
            sources,
            aux: vec![],
        }
    }
}

impl IgmpSpec {
    /// An 8-byte IGMPv1/v2 message with its checksum derived.
    pub fn basic(msg_type: u8, code: u8, group: Ipv4Addr) -> IgmpSpec {
        IgmpSpec::Basic {
            msg_type,
            code,
            checksum: Derived::Auto,
            group,
            extra: vec![],
        }
    }

    /// An IGMPv3 query with the RFC 3376 §8 defaults: QRV 2, QQIC 125 s, S 0.
    pub fn v3_query(group: Ipv4Addr, code: u8, sources: Vec<Ipv4Addr>) -> IgmpSpec {
        IgmpSpec::V3Query {
            code,
            checksum: Derived::Auto,
            group,
            resv: 0,
            s: false,
            qrv: 2,
            qqic: 125,
            num_sources: Derived::Auto,
            sources,
            extra: vec![],
        }
    }

    /// An IGMPv3 report with its counts and checksum derived.
    pub fn v3_report(records: Vec<RecordSpec>) -> IgmpSpec {
        IgmpSpec::V3Report {
            reserved1: 0,
            checksum: Derived::Auto,
            reserved2: 0,
            num_records: Derived::Auto,
            records,
            extra: vec![],
        }
    }

    pub fn msg_type(&self) -> u8 {
        match self {
            IgmpSpec::Basic { msg_type, .. } | IgmpSpec::Raw { msg_type, .. } => *msg_type,
            IgmpSpec::V3Query { .. } => 0x11,
            IgmpSpec::V3Report { .. } => 0x22,
        }
    }

    /// The IP destination the RFCs give for this message, with the rule that says so: its RFC
    /// sections and the rule in both languages.
    pub fn auto_destination(&self) -> (Ipv4Addr, &'static str, Text) {
        let unspecified = Ipv4Addr::UNSPECIFIED;
        let (to, rfc, en, ja) = match self {
            IgmpSpec::Basic {
                msg_type: 0x11,
                group,
                ..
            }
            | IgmpSpec::V3Query { group, .. } => {
                if *group == unspecified {
                    (
                        ALL_SYSTEMS,
                        "RFC 2236 §9, RFC 3376 §4.1.12",
                        "general queries go to 224.0.0.1",
                        "ジェネラルクエリーは 224.0.0.1 宛て",
                    )
                } else {
                    (
                        *group,
                        "RFC 2236 §9, RFC 3376 §4.1.12",
                        "group-specific queries go to the group",
                        "グループスペシフィッククエリーはそのグループ宛て",
                    )
                }
            }
            IgmpSpec::Basic { msg_type: 0x17, .. } => (
                ALL_ROUTERS,
                "RFC 2236 §9",
                "Leaves go to 224.0.0.2",
                "リーブメッセージは 224.0.0.2 宛て",
            ),
            IgmpSpec::Basic { group, .. } => (
                *group,
                "RFC 2236 §9",
                "reports go to the group",
                "レポートはそのグループ宛て",
            ),
            IgmpSpec::V3Report { .. } => (
                IGMPV3_ROUTERS,
                "RFC 3376 §4.2.14",
                "version 3 reports go to 224.0.0.22",
                "バージョン 3 のレポートは 224.0.0.22 宛て",
            ),
            IgmpSpec::Raw {
                msg_type: 0x30 | 0x32,
                ..
            } => (
                ALL_SNOOPERS,
                "RFC 4286 §3, §5",
                "advertisements and terminations go to 224.0.0.106",
                "アドバタイズメントとターミネーションは 224.0.0.106 宛て",
            ),
            IgmpSpec::Raw { msg_type: 0x31, .. } => (
                ALL_ROUTERS,
                "RFC 4286 §4",
                "solicitations go to 224.0.0.2",
                "ソリシテーションは 224.0.0.2 宛て",
            ),
            IgmpSpec::Raw { .. } => (
                ALL_SYSTEMS,
                "",
                "no RFC rule; 224.0.0.1 by default",
                "RFC の規則はなく、既定は 224.0.0.1",
            ),
        };
        let sep = if rfc.is_empty() { "" } else { ": " };
        (
            to,
            rfc,
            Text::new(format!("{rfc}{sep}{en}"), format!("{rfc}{sep}{ja}")),
        )
    }

    /// The encoded message with its checksum filled as the spec says, every header field
    /// written through its table (`layout::igmp`).
    pub fn emit(&self) -> Vec<u8> {
        use super::layout::igmp::{self, *};
        // The first 8 bytes every IGMP message has: type, byte 1, checksum (filled last), and the
        // group (or, in a v3 report, its reserved word and record count).
        let head = |h: &mut [u8], msg_type: u8, byte1: &super::layout::FieldDef, value: u8| {
            TYPE.write(h, msg_type.into());
            byte1.write(h, value.into());
        };
        let mut out = Vec::with_capacity(16);
        let checksum_field = match self {
            IgmpSpec::Basic {
                msg_type,
                code,
                checksum,
                group,
                extra,
            } => {
                let mut h = [0u8; 8];
                head(&mut h, *msg_type, &MAX_RESP, *code);
                MADDR.write(&mut h, (*group).into());
                out.extend_from_slice(&h);
                out.extend_from_slice(extra);
                *checksum
            }
            IgmpSpec::V3Query {
                code,
                checksum,
                group,
                resv,
                s,
                qrv,
                qqic,
                num_sources,
                sources,
                extra,
            } => {
                let mut h = [0u8; igmp::V3_QUERY_SOURCES];
                head(&mut h, 0x11, &MAX_RESP, *code);
                MADDR.write(&mut h, (*group).into());
                RESV.write(&mut h, (*resv).into());
                S.write(&mut h, u32::from(*s));
                QRV.write(&mut h, (*qrv).into());
                QQIC.write(&mut h, (*qqic).into());
                let n = num_sources.or(saturating_u16(sources.len()));
                NUM_SRC.write(&mut h, n.into());
                out.extend_from_slice(&h);
                for s in sources {
                    out.extend_from_slice(&s.octets());
                }
                out.extend_from_slice(extra);
                *checksum
            }
            IgmpSpec::V3Report {
                reserved1,
                checksum,
                reserved2,
                num_records,
                records,
                extra,
            } => {
                let mut h = [0u8; igmp::V3_REPORT_RECORDS];
                head(&mut h, 0x22, &RESERVED, *reserved1);
                REPORT_RESERVED.write(&mut h, (*reserved2).into());
                let n = num_records.or(saturating_u16(records.len()));
                NUM_GRP_RECS.write(&mut h, n.into());
                out.extend_from_slice(&h);
                for r in records {
                    use igmp::record;
                    let aux_words = u8::try_from(r.aux.len().div_ceil(4)).unwrap_or(u8::MAX);
                    let mut rh = [0u8; record::SOURCES];
                    record::RECORD_TYPE.write(&mut rh, r.record_type.into());
                    record::AUX_DATA_LEN.write(&mut rh, r.aux_len.or(aux_words).into());
                    let n = r.num_sources.or(saturating_u16(r.sources.len()));
                    record::NUM_SRC.write(&mut rh, n.into());
                    record::MADDR.write(&mut rh, r.group.into());
                    out.extend_from_slice(&rh);
                    for s in &r.sources {
                        out.extend_from_slice(&s.octets());
                    }
                    out.extend_from_slice(&r.aux);
                    if r.aux_len.is_auto() {
                        // Aux data is counted in words: pad what the user typed to a whole word.
                        let padding = (usize::from(aux_words) * 4).saturating_sub(r.aux.len());
                        out.resize(out.len().saturating_add(padding), 0);
                    }
                }
                out.extend_from_slice(extra);
                *checksum
            }
            IgmpSpec::Raw {
                msg_type,
                code,
                checksum,
                body,
            } => {
                let mut h = [0u8; CHECKSUM.end()];
                head(&mut h, *msg_type, &MAX_RESP, *code);
                out.extend_from_slice(&h);
                out.extend_from_slice(body);
                *checksum
            }
        };
        let sum = checksum_field.or_else_compute(&out);
        CHECKSUM.write(&mut out, sum.into());
        out
    }
}

impl Derived<u16> {
    fn or_else_compute(self, message: &[u8]) -> u16 {
        match self {
            Derived::Raw(v) => v,
            Derived::Auto => checksum::internet(message),
        }
    }
}

/// A whole frame: link header, IPv4 header, IGMP message and anything after the datagram.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FrameSpec {
    pub link: LinkSpec,
    pub ip: Ipv4Spec,
    pub igmp: IgmpSpec,
    /// Bytes after the IP datagram (Ethernet padding or a trailer).
    #[serde(default)]
    pub trailer: Vec<u8>,
}

/// A frame spec's JSON read by hand over [`json::Value`], in the form serde writes it (its
/// derives stay for writing, for `igmpwb build`'s MLD specs and as the witness `tests/json.rs`
/// holds this reader to): the app does not carry serde's derived readers (#30's room;
/// docs/benchmarks.md). The defaults are the functions serde's attributes name.
mod read {
    use super::*;
    use crate::json::{Problem, Value, Wrong};

    fn missing(v: &Value, name: &str) -> Wrong {
        Wrong::new(v, Problem::MissingField(name.to_string()))
    }

    fn addr(v: &Value) -> Result<Ipv4Addr, Wrong> {
        v.parsed("an IPv4 address")
    }

    pub(super) fn bytes(v: &Value) -> Result<Vec<u8>, Wrong> {
        v.list_of(Value::unsigned)
    }

    fn mac(v: &Value) -> Result<MacAddr, Wrong> {
        v.parsed::<MacText>("a MAC address").map(|m| m.0)
    }

    /// `"auto"`, or `{"raw": value}` (serde's form of an enum; `{"auto": null}` too).
    pub(super) fn derived<T>(
        v: &Value,
        f: impl FnOnce(&Value) -> Result<T, Wrong>,
    ) -> Result<Derived<T>, Wrong> {
        match &v.kind {
            Kind::String(_) => v.pick(&[("auto", ())]).map(|()| Derived::Auto),
            Kind::Object(_) => match v.variant(&[("raw", true), ("auto", false)])? {
                (true, raw) => f(raw).map(Derived::Raw),
                (false, unit) if unit.kind == Kind::Null => Ok(Derived::Auto),
                (false, unit) => Err(unit.expected("null")),
            },
            _ => Err(v.expected("\"auto\" or {\"raw\": …}")),
        }
    }

    fn auto<T>(
        v: &Value,
        name: &str,
        f: impl FnOnce(&Value) -> Result<T, Wrong>,
    ) -> Result<Derived<T>, Wrong> {
        v.or(name, Derived::Auto, |d| derived(d, f))
    }

    pub(super) fn frame(v: &Value) -> Result<FrameSpec, Wrong> {
        Ok(FrameSpec {
            link: link(v.field("link")?)?,
            ip: ip(v.field("ip")?)?,
            igmp: igmp(v.field("igmp")?)?,
            trailer: v.or("trailer", vec![], bytes)?,
        })
    }

    fn link(v: &Value) -> Result<LinkSpec, Wrong> {
        #[derive(Clone, Copy)]
        enum K {
            Ethernet,
            RawIpv4,
            Sll,
            Sll2,
        }
        let kind = v.field("kind")?.pick(&[
            ("ethernet", K::Ethernet),
            ("raw-ipv4", K::RawIpv4),
            ("sll", K::Sll),
            ("sll2", K::Sll2),
        ])?;
        // Every member is read (and so checked) before the kind picks the ones it uses.
        let dst = auto(v, "dst", mac)?;
        let src = v.opt("src", mac)?;
        let vlans = v.or("vlans", vec![], |l| {
            l.list_of(|t| {
                Ok(VlanTag {
                    tpid: t.field("tpid")?.unsigned()?,
                    tci: t.field("tci")?.unsigned()?,
                })
            })
        })?;
        let ethertype = auto(v, "ethertype", Value::unsigned)?;
        let header = v.opt("header", bytes)?;
        let header = || header.clone().ok_or_else(|| missing(v, "header"));
        Ok(match kind {
            K::Ethernet => LinkSpec::Ethernet {
                dst,
                src: src.ok_or_else(|| missing(v, "src"))?,
                vlans,
                ethertype,
            },
            K::RawIpv4 => LinkSpec::RawIpv4,
            K::Sll => LinkSpec::Sll { header: header()? },
            K::Sll2 => LinkSpec::Sll2 { header: header()? },
        })
    }

    fn ip(v: &Value) -> Result<Ipv4Spec, Wrong> {
        Ok(Ipv4Spec {
            version: v.or("version", four(), Value::unsigned)?,
            ihl: auto(v, "ihl", Value::unsigned)?,
            tos: v.or("tos", tos_c0(), Value::unsigned)?,
            total_len: auto(v, "total_len", Value::unsigned)?,
            id: v.or("id", 0, Value::unsigned)?,
            flags: v.or("flags", dont_fragment(), Value::unsigned)?,
            frag_offset: v.or("frag_offset", 0, Value::unsigned)?,
            ttl: v.or("ttl", one(), Value::unsigned)?,
            protocol: auto(v, "protocol", Value::unsigned)?,
            checksum: auto(v, "checksum", Value::unsigned)?,
            src: addr(v.field("src")?)?,
            dst: auto(v, "dst", addr)?,
            options: v.or("options", router_alert(), bytes)?,
        })
    }

    fn record(v: &Value) -> Result<RecordSpec, Wrong> {
        Ok(RecordSpec {
            record_type: v.field("record_type")?.unsigned()?,
            aux_len: auto(v, "aux_len", Value::unsigned)?,
            num_sources: auto(v, "num_sources", Value::unsigned)?,
            group: addr(v.field("group")?)?,
            sources: v.or("sources", vec![], |l| l.list_of(addr))?,
            aux: v.or("aux", vec![], bytes)?,
        })
    }

    fn igmp(v: &Value) -> Result<IgmpSpec, Wrong> {
        #[derive(Clone, Copy)]
        enum K {
            Basic,
            V3Query,
            V3Report,
            Raw,
        }
        let kind = v.field("kind")?.pick(&[
            ("basic", K::Basic),
            ("v3-query", K::V3Query),
            ("v3-report", K::V3Report),
            ("raw", K::Raw),
        ])?;
        let msg_type = v.opt("msg_type", Value::unsigned)?;
        let code = v.opt("code", Value::unsigned)?;
        let checksum = auto(v, "checksum", Value::unsigned)?;
        let group = v.opt("group", addr)?;
        let extra = v.or("extra", vec![], bytes)?;
        let resv = v.or("resv", 0, Value::unsigned)?;
        let s = v.or("s", false, Value::boolean)?;
        let qrv = v.opt("qrv", Value::unsigned)?;
        let qqic = v.opt("qqic", Value::unsigned)?;
        let num_sources = auto(v, "num_sources", Value::unsigned)?;
        let sources = v.or("sources", vec![], |l| l.list_of(addr))?;
        let reserved1 = v.or("reserved1", 0, Value::unsigned)?;
        let reserved2 = v.or("reserved2", 0, Value::unsigned)?;
        let num_records = auto(v, "num_records", Value::unsigned)?;
        let records = v.opt("records", |l| l.list_of(record))?;
        let body = v.or("body", vec![], bytes)?;
        let need = |x: Option<u8>, name: &str| x.ok_or_else(|| missing(v, name));
        let group = group.ok_or_else(|| missing(v, "group"));
        Ok(match kind {
            K::Basic => IgmpSpec::Basic {
                msg_type: need(msg_type, "msg_type")?,
                code: code.unwrap_or(0),
                checksum,
                group: group?,
                extra,
            },
            K::V3Query => IgmpSpec::V3Query {
                code: need(code, "code")?,
                checksum,
                group: group?,
                resv,
                s,
                qrv: need(qrv, "qrv")?,
                qqic: need(qqic, "qqic")?,
                num_sources,
                sources,
                extra,
            },
            K::V3Report => IgmpSpec::V3Report {
                reserved1,
                checksum,
                reserved2,
                num_records,
                records: records.ok_or_else(|| missing(v, "records"))?,
                extra,
            },
            K::Raw => IgmpSpec::Raw {
                msg_type: need(msg_type, "msg_type")?,
                code: code.unwrap_or(0),
                checksum,
                body,
            },
        })
    }

    /// A MAC address as text, for [`Value::parsed`].
    struct MacText(MacAddr);

    impl std::str::FromStr for MacText {
        type Err = ();
        fn from_str(s: &str) -> Result<MacText, ()> {
            mac::parse_mac(s).map(|m| MacText(MacAddr(m))).ok_or(())
        }
    }

    use crate::json::Kind;
}

impl FrameSpec {
    /// A frame spec from JSON as serde writes it (a share link's, the Builder's memory).
    pub fn read(v: &crate::json::Value) -> Result<FrameSpec, crate::json::Wrong> {
        read::frame(v)
    }

    /// The bytes of a JSON list (`[1, 2]`), as serde writes a `Vec<u8>`.
    pub fn read_bytes(v: &crate::json::Value) -> Result<Vec<u8>, crate::json::Wrong> {
        read::bytes(v)
    }
}

/// A locally administered source MAC for built frames (the "U/L" bit set).
pub const DEFAULT_SOURCE_MAC: Mac = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
/// A documentation address (RFC 5737 TEST-NET-1).
pub const DEFAULT_SOURCE_IP: Ipv4Addr = Ipv4Addr::new(192, 0, 2, 10);

impl FrameSpec {
    /// An Ethernet frame with the RFC defaults around `igmp`.
    pub fn ethernet(igmp: IgmpSpec) -> FrameSpec {
        FrameSpec {
            link: LinkSpec::Ethernet {
                dst: Derived::Auto,
                src: MacAddr(DEFAULT_SOURCE_MAC),
                vlans: Vec::new(),
                ethertype: Derived::Auto,
            },
            ip: Ipv4Spec::igmp_default(DEFAULT_SOURCE_IP),
            igmp,
            trailer: Vec::new(),
        }
    }

    pub fn ip_destination(&self) -> Ipv4Addr {
        self.ip.dst.or(self.igmp.auto_destination().0)
    }
}

/// A count or length for a 16-bit field: saturates at 65 535 (the field cannot say more).
fn saturating_u16(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// Appends the IPv4 header `ip` (to `dst`, before a payload of `payload_len` bytes) to `out`,
/// field by field through its table (RFC 791 §3.1): IHL, Total Length, the protocol (IGMP) and
/// the header checksum derived unless given; options padded to whole words when IHL is derived.
fn emit_ipv4(out: &mut Vec<u8>, ip: &Ipv4Spec, dst: Ipv4Addr, payload_len: usize) {
    use super::layout::ipv4::*;
    let mut options = ip.options.clone();
    if ip.ihl.is_auto() {
        options.resize(options.len().div_ceil(4).saturating_mul(4), 0);
    }
    let ihl = ip
        .ihl
        .or(u8::try_from((options.len() / 4).saturating_add(5).min(15)).unwrap_or(15));
    let header_len = options.len().saturating_add(FIXED_LEN);
    let total = ip
        .total_len
        .or(saturating_u16(header_len.saturating_add(payload_len)));
    let mut h = [0u8; FIXED_LEN];
    VERSION.write(&mut h, ip.version.into());
    HDR_LEN.write(&mut h, ihl.into());
    DSFIELD.write(&mut h, ip.tos.into());
    LEN.write(&mut h, total.into());
    ID.write(&mut h, ip.id.into());
    FLAGS.write(&mut h, ip.flags.into());
    FRAG_OFFSET.write(&mut h, ip.frag_offset.into());
    TTL.write(&mut h, ip.ttl.into());
    PROTO.write(&mut h, ip.protocol.or(2).into());
    SRC.write(&mut h, ip.src.into());
    DST.write(&mut h, dst.into());
    let start = out.len();
    out.extend_from_slice(&h);
    out.extend_from_slice(&options);
    let sum = match ip.checksum {
        Derived::Raw(v) => v,
        Derived::Auto => checksum::internet(out.get(start..).unwrap_or_default()),
    };
    if let Some(header) = out.get_mut(start..) {
        CHECKSUM.write(header, sum.into());
    }
}

/// A UDP datagram in an Ethernet frame, through the header tables: what the simulator sends as
/// a group's (or a host's) data. IPv4 as a sender's stack sets it (TOS 0, DF, no options), the
/// UDP checksum left 0 ("no checksum", allowed over IPv4 by RFC 768).
pub fn udp_frame(
    (src_mac, dst_mac): (Mac, Mac),
    (src, dst): (Ipv4Addr, Ipv4Addr),
    ttl: u8,
    port: u16,
    payload: &[u8],
) -> Vec<u8> {
    use super::layout::{ethernet, udp};
    let mut out = vec![0u8; ethernet::TYPE.end()];
    for (def, value) in [(&ethernet::DST, dst_mac), (&ethernet::SRC, src_mac)] {
        if let Some(d) = out.get_mut(def.start()..def.end()) {
            d.copy_from_slice(&value);
        }
    }
    ethernet::TYPE.write(&mut out, 0x0800);
    let datagram = payload.len().saturating_add(udp::LEN);
    let ip = Ipv4Spec {
        version: 4,
        ihl: Derived::Auto,
        tos: 0,
        total_len: Derived::Auto,
        id: 0,
        flags: 0b010,
        frag_offset: 0,
        ttl,
        protocol: Derived::Raw(17),
        checksum: Derived::Auto,
        src,
        dst: Derived::Raw(dst),
        options: Vec::new(),
    };
    emit_ipv4(&mut out, &ip, dst, datagram);
    let mut header = [0u8; udp::LEN];
    udp::SRCPORT.write(&mut header, port.into());
    udp::DSTPORT.write(&mut header, port.into());
    udp::LENGTH.write(&mut header, u32::from(saturating_u16(datagram)));
    out.extend_from_slice(&header);
    out.extend_from_slice(payload);
    out
}

/// Encodes a frame. Never panics; lengths that do not fit their fields are truncated to the field.
pub fn emit(spec: &FrameSpec) -> Vec<u8> {
    let igmp = spec.igmp.emit();
    let ip_dst = spec.ip_destination();
    let mut out = Vec::with_capacity(
        igmp.len()
            .saturating_add(spec.trailer.len())
            .saturating_add(38),
    );
    match &spec.link {
        LinkSpec::Ethernet {
            dst,
            src,
            vlans,
            ethertype,
        } => {
            out.extend_from_slice(&dst.or(MacAddr(mac::multicast_mac(ip_dst))).0);
            out.extend_from_slice(&src.0);
            for tag in vlans {
                out.extend_from_slice(&tag.tpid.to_be_bytes());
                out.extend_from_slice(&tag.tci.to_be_bytes());
            }
            out.extend_from_slice(&ethertype.or(0x0800).to_be_bytes());
        }
        LinkSpec::RawIpv4 => {}
        LinkSpec::Sll { header } | LinkSpec::Sll2 { header } => out.extend_from_slice(header),
    }
    emit_ipv4(&mut out, &spec.ip, ip_dst, igmp.len());
    out.extend_from_slice(&igmp);
    out.extend_from_slice(&spec.trailer);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    fn basic(msg_type: u8, code: u8, group: [u8; 4]) -> IgmpSpec {
        IgmpSpec::Basic {
            msg_type,
            code,
            checksum: Derived::Auto,
            group: Ipv4Addr::from(group),
            extra: vec![],
        }
    }

    /// Specs are read from flat JSON objects (`LinkJson`, `IgmpJson`): every kind reads back as it
    /// was written, and a field a kind needs is named when missing, as serde names it.
    #[test]
    fn every_kind_of_spec_reads_back_and_a_missing_field_is_named() {
        let links = [
            LinkSpec::Ethernet {
                dst: Derived::Raw(MacAddr([1, 0, 0x5e, 0, 0, 1])),
                src: MacAddr(DEFAULT_SOURCE_MAC),
                vlans: vec![],
                ethertype: Derived::Auto,
            },
            LinkSpec::RawIpv4,
            LinkSpec::Sll {
                header: vec![0; 16],
            },
            LinkSpec::Sll2 {
                header: vec![1; 20],
            },
        ];
        let igmps = [
            basic(0x16, 0, [239, 1, 1, 1]),
            IgmpSpec::V3Query {
                code: 100,
                checksum: Derived::Raw(7),
                group: Ipv4Addr::UNSPECIFIED,
                resv: 1,
                s: true,
                qrv: 2,
                qqic: 125,
                num_sources: Derived::Auto,
                sources: vec![Ipv4Addr::new(10, 0, 0, 1)],
                extra: vec![9],
            },
            IgmpSpec::V3Report {
                reserved1: 0,
                checksum: Derived::Auto,
                reserved2: 3,
                num_records: Derived::Raw(2),
                records: vec![RecordSpec::new(4, Ipv4Addr::new(239, 2, 2, 2), vec![])],
                extra: vec![],
            },
            IgmpSpec::Raw {
                msg_type: 0x30,
                code: 1,
                checksum: Derived::Auto,
                body: vec![1, 2],
            },
        ];
        for (link, igmp) in links.into_iter().zip(igmps) {
            let mut spec = FrameSpec::ethernet(igmp);
            spec.link = link;
            let json = serde_json::to_string(&spec).unwrap();
            assert_eq!(
                serde_json::from_str::<FrameSpec>(&json).unwrap(),
                spec,
                "{json}"
            );
        }
        let err = |json: &str| {
            serde_json::from_str::<IgmpSpec>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(err(r#"{"kind": "basic", "msg_type": 22}"#).starts_with("missing field `group`"));
        assert!(
            err(r#"{"kind": "v3-query", "code": 1, "group": "0.0.0.0", "qrv": 2}"#)
                .starts_with("missing field `qqic`")
        );
        assert!(err(r#"{"kind": "v3-report"}"#).starts_with("missing field `records`"));
        assert!(err(r#"{"kind": "v9"}"#).starts_with("unknown variant `v9`"));
        let link = |json: &str| {
            serde_json::from_str::<LinkSpec>(json)
                .unwrap_err()
                .to_string()
        };
        assert!(link(r#"{"kind": "ethernet"}"#).starts_with("missing field `src`"));
        assert!(link(r#"{"kind": "sll"}"#).starts_with("missing field `header`"));
    }

    #[test]
    fn igmp_test_vectors_from_the_reference() {
        // igmp-protocol.md §1.8
        let g = [224, 10, 10, 10];
        assert_eq!(hex(&basic(0x11, 0, [0; 4]).emit()), "1100eeff00000000");
        assert_eq!(hex(&basic(0x12, 0, g).emit()), "120003ebe00a0a0a");
        assert_eq!(hex(&basic(0x11, 100, [0; 4]).emit()), "1164ee9b00000000");
        assert_eq!(hex(&basic(0x11, 10, g).emit()), "110a04e1e00a0a0a");
        assert_eq!(hex(&basic(0x17, 0, g).emit()), "1700feeae00a0a0a");
        let gssq = IgmpSpec::V3Query {
            code: 10,
            checksum: Derived::Auto,
            group: Ipv4Addr::new(232, 1, 1, 1),
            resv: 0,
            s: true,
            qrv: 2,
            qqic: 125,
            num_sources: Derived::Auto,
            sources: vec![Ipv4Addr::new(10, 0, 0, 1)],
            extra: vec![],
        };
        assert_eq!(hex(&gssq.emit()), "110af173e80101010a7d00010a000001");
        let report = IgmpSpec::V3Report {
            reserved1: 0,
            checksum: Derived::Auto,
            reserved2: 0,
            num_records: Derived::Auto,
            records: vec![
                RecordSpec {
                    record_type: 2,
                    aux_len: Derived::Auto,
                    num_sources: Derived::Auto,
                    group: Ipv4Addr::new(224, 10, 10, 10),
                    sources: vec![],
                    aux: vec![],
                },
                RecordSpec {
                    record_type: 1,
                    aux_len: Derived::Auto,
                    num_sources: Derived::Auto,
                    group: Ipv4Addr::new(232, 1, 1, 1),
                    sources: vec![Ipv4Addr::new(10, 0, 0, 1), Ipv4Addr::new(10, 0, 0, 2)],
                    aux: vec![],
                },
            ],
            extra: vec![],
        };
        assert_eq!(
            hex(&report.emit()),
            "2200f3e00000000202000000e00a0a0a01000002e80101010a0000010a000002"
        );
    }

    #[test]
    fn full_v2_report_frame_matches_section_2_3() {
        let mut spec = FrameSpec::ethernet(basic(0x16, 0, [224, 10, 10, 10]));
        spec.ip.src = Ipv4Addr::new(192, 168, 1, 10);
        if let LinkSpec::Ethernet { src, .. } = &mut spec.link {
            *src = MacAddr([0x02, 0, 0, 0, 0, 0x01]);
        }
        assert_eq!(
            hex(&emit(&spec)),
            "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a"
        );
    }

    #[test]
    fn spec_reads_from_json_with_defaults() {
        let json = r#"{"link":{"kind":"ethernet","src":"02:00:00:00:00:01"},
            "ip":{"src":"192.168.1.10"},
            "igmp":{"kind":"basic","msg_type":22,"group":"224.10.10.10"}}"#;
        let spec: FrameSpec = serde_json::from_str(json).expect("valid spec");
        assert_eq!(spec.ip.ttl, 1);
        assert_eq!(spec.ip.tos, 0xc0);
        assert_eq!(spec.ip.options, ROUTER_ALERT.to_vec());
    }
}
