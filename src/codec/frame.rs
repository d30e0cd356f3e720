//! The typed view of a parsed frame: what the message means, for the simulator and summaries.

use std::net::{Ipv4Addr, Ipv6Addr};

use serde::{Deserialize, Serialize};

use super::spec::{FrameSpec, IgmpSpec};
use super::timecode;

/// A parsed frame is a spec whose derived fields are all raw (see [`super::parse`]).
pub type Frame = FrameSpec;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum QueryVersion {
    V1,
    V2,
    V3,
}

/// One IGMPv3 group record, as meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupRecord {
    pub record_type: RecordType,
    pub group: Ipv4Addr,
    pub sources: Vec<Ipv4Addr>,
}

/// What an IGMP message says.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum IgmpMessage {
    Query {
        version: QueryVersion,
        /// Max Response Time in 1/10 s, decoded per version; a v1 query's 0 is 100 (10 s),
        /// RFC 2236 §4 ("use 100 (10 seconds) as the value of Max Response Time").
        max_resp_tenths: u32,
        group: Ipv4Addr,
        s_flag: bool,
        qrv: u8,
        /// Querier's Query Interval in seconds (v3 only; 0 otherwise).
        qqi: u32,
        sources: Vec<Ipv4Addr>,
    },
    V1Report {
        group: Ipv4Addr,
    },
    V2Report {
        group: Ipv4Addr,
    },
    Leave {
        group: Ipv4Addr,
    },
    V3Report {
        records: Vec<GroupRecord>,
    },
    Other {
        msg_type: u8,
    },
}

/// What an MLD message says (#30): MLDv1 (RFC 2710 §3) and MLDv2 (RFC 3810 §5), the meaning
/// [`crate::codec::mld_message`] reads from an ICMPv6 message, as [`IgmpMessage`] is IGMP's.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MldMessage {
    /// MLDv1's Query (24 bytes) or MLDv2's (28 bytes or more, RFC 3810 §8.1).
    Query {
        version: u8,
        /// The Maximum Response Delay in ms (MLDv1), or the delay MLDv2's Maximum Response
        /// Code stands for (§5.1.3).
        max_resp_ms: u32,
        /// `::` in a general query.
        group: Ipv6Addr,
        s_flag: bool,
        qrv: u8,
        /// The Querier's Query Interval in seconds, from QQIC (§5.1.9); 0 for MLDv1.
        qqi: u32,
        sources: Vec<Ipv6Addr>,
    },
    /// MLDv1's Report (type 131).
    V1Report { group: Ipv6Addr },
    /// MLDv1's Done (type 132).
    Done { group: Ipv6Addr },
    /// MLDv2's Report (type 143): its Multicast Address Records.
    V2Report { records: Vec<MldRecord> },
}

/// One MLDv2 Multicast Address Record (RFC 3810 §5.2.4), as meaning.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MldRecord {
    pub record_type: RecordType,
    pub group: Ipv6Addr,
    pub sources: Vec<Ipv6Addr>,
}

/// What kind of message a frame carries: the IGMP versions' messages and their neighbours in
/// the IGMP protocol number (RFC 3376 §4, RFC 2236 §2, RFC 1112 App. I, RFC 4286 §3; DVMRP,
/// PIMv1 and mtrace by their drafts).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum MessageKind {
    V1Query,
    V2Query,
    V3Query,
    V1Report,
    V2Report,
    V2Leave,
    V3Report,
    Dvmrp,
    PimV1,
    Mtrace,
    MtraceResponse,
    MrdAdvertisement,
    MrdSolicitation,
    MrdTermination,
    /// MLD, IGMP's counterpart in ICMPv6 (#30): MLDv1's Query, Report and Done (RFC 2710 §3),
    /// MLDv2's Query (type 130 of 28 bytes or more, RFC 3810 §5.1.14) and Report (type 143).
    Mld1Query,
    Mld1Report,
    Mld1Done,
    Mld2Query,
    Mld2Report,
    /// Any other IGMP type, with its number.
    Unknown(u8),
}

impl MessageKind {
    /// The kind of a type number that is not a query or report (those need the length and code).
    pub fn of_other_type(msg_type: u8) -> Self {
        match msg_type {
            0x13 => MessageKind::Dvmrp,
            0x14 => MessageKind::PimV1,
            0x1e => MessageKind::MtraceResponse,
            0x1f => MessageKind::Mtrace,
            0x30 => MessageKind::MrdAdvertisement,
            0x31 => MessageKind::MrdSolicitation,
            0x32 => MessageKind::MrdTermination,
            t => MessageKind::Unknown(t),
        }
    }

    /// A membership query of any version.
    pub fn is_query(self) -> bool {
        matches!(
            self,
            MessageKind::V1Query | MessageKind::V2Query | MessageKind::V3Query
        )
    }

    /// The MLD version of an MLD message (1 or 2); `None` for the others.
    pub fn mld_version(self) -> Option<u8> {
        match self {
            MessageKind::Mld1Query | MessageKind::Mld1Report | MessageKind::Mld1Done => Some(1),
            MessageKind::Mld2Query | MessageKind::Mld2Report => Some(2),
            _ => None,
        }
    }

    /// The packet list's version column: `1`–`3` for IGMP, `MLDv1` or `MLDv2`.
    pub fn version_text(self) -> Option<String> {
        match (self.version(), self.mld_version()) {
            (Some(v), _) => Some(v.to_string()),
            (None, Some(v)) => Some(format!("MLDv{v}")),
            (None, None) => None,
        }
    }

    /// The IGMP version of a membership message (1, 2 or 3); `None` for the others.
    pub fn version(self) -> Option<u8> {
        match self {
            MessageKind::V1Query | MessageKind::V1Report => Some(1),
            MessageKind::V2Query | MessageKind::V2Report | MessageKind::V2Leave => Some(2),
            MessageKind::V3Query | MessageKind::V3Report => Some(3),
            _ => None,
        }
    }

    /// The short name used in data attributes, traces and the packet list: `v2-report`, …
    /// (`igmp-N` for an unknown type N).
    pub fn name(self) -> std::borrow::Cow<'static, str> {
        std::borrow::Cow::Borrowed(match self {
            MessageKind::V1Query => "v1-query",
            MessageKind::V2Query => "v2-query",
            MessageKind::V3Query => "v3-query",
            MessageKind::V1Report => "v1-report",
            MessageKind::V2Report => "v2-report",
            MessageKind::V2Leave => "v2-leave",
            MessageKind::V3Report => "v3-report",
            MessageKind::Dvmrp => "dvmrp",
            MessageKind::PimV1 => "pimv1",
            MessageKind::Mtrace => "mtrace",
            MessageKind::MtraceResponse => "mtrace-response",
            MessageKind::MrdAdvertisement => "mrd-advertisement",
            MessageKind::MrdSolicitation => "mrd-solicitation",
            MessageKind::MrdTermination => "mrd-termination",
            MessageKind::Mld1Query => "mld1-query",
            MessageKind::Mld1Report => "mld1-report",
            MessageKind::Mld1Done => "mld1-done",
            MessageKind::Mld2Query => "mld2-query",
            MessageKind::Mld2Report => "mld2-report",
            MessageKind::Unknown(t) => return std::borrow::Cow::Owned(format!("igmp-{t}")),
        })
    }
}

impl std::fmt::Display for MessageKind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.name())
    }
}

impl IgmpMessage {
    /// The kind of message.
    pub fn kind(&self) -> MessageKind {
        match self {
            IgmpMessage::Query { version, .. } => match version {
                QueryVersion::V1 => MessageKind::V1Query,
                QueryVersion::V2 => MessageKind::V2Query,
                QueryVersion::V3 => MessageKind::V3Query,
            },
            IgmpMessage::V1Report { .. } => MessageKind::V1Report,
            IgmpMessage::V2Report { .. } => MessageKind::V2Report,
            IgmpMessage::Leave { .. } => MessageKind::V2Leave,
            IgmpMessage::V3Report { .. } => MessageKind::V3Report,
            IgmpMessage::Other { msg_type } => MessageKind::of_other_type(*msg_type),
        }
    }

    /// The group a message is about (0.0.0.0 for general queries; the first record's group for
    /// v3 reports).
    pub fn group(&self) -> Option<Ipv4Addr> {
        match self {
            IgmpMessage::Query { group, .. }
            | IgmpMessage::V1Report { group }
            | IgmpMessage::V2Report { group }
            | IgmpMessage::Leave { group } => Some(*group),
            IgmpMessage::V3Report { records } => records.first().map(|r| r.group),
            IgmpMessage::Other { .. } => None,
        }
    }
}

impl IgmpSpec {
    /// The meaning of the message. Basic queries are v1 when the code is 0, else v2
    /// (RFC 3376 §7.1; the length rule already chose the Basic form).
    pub fn message(&self) -> IgmpMessage {
        match self {
            IgmpSpec::Basic {
                msg_type: 0x11,
                code,
                group,
                ..
            } => IgmpMessage::Query {
                version: if *code == 0 {
                    QueryVersion::V1
                } else {
                    QueryVersion::V2
                },
                max_resp_tenths: if *code == 0 { 100 } else { u32::from(*code) },
                group: *group,
                s_flag: false,
                qrv: 0,
                qqi: 0,
                sources: Vec::new(),
            },
            IgmpSpec::Basic {
                msg_type: 0x12,
                group,
                ..
            } => IgmpMessage::V1Report { group: *group },
            IgmpSpec::Basic {
                msg_type: 0x16,
                group,
                ..
            } => IgmpMessage::V2Report { group: *group },
            IgmpSpec::Basic {
                msg_type: 0x17,
                group,
                ..
            } => IgmpMessage::Leave { group: *group },
            IgmpSpec::Basic { msg_type, .. } | IgmpSpec::Raw { msg_type, .. } => {
                IgmpMessage::Other {
                    msg_type: *msg_type,
                }
            }
            IgmpSpec::V3Query {
                code,
                group,
                s,
                qrv,
                qqic,
                sources,
                ..
            } => IgmpMessage::Query {
                version: QueryVersion::V3,
                max_resp_tenths: timecode::decode_v3(*code),
                group: *group,
                s_flag: *s,
                qrv: *qrv,
                qqi: timecode::decode_v3(*qqic),
                sources: sources.clone(),
            },
            IgmpSpec::V3Report { records, .. } => IgmpMessage::V3Report {
                records: records
                    .iter()
                    .map(|r| GroupRecord {
                        record_type: RecordType::from_code(r.record_type),
                        group: r.group,
                        sources: r.sources.clone(),
                    })
                    .collect(),
            },
        }
    }
}

/// RFC 3376 §4.2.12 record type names: (short, long).
pub fn record_type_name(t: u8) -> Option<(&'static str, &'static str)> {
    RecordType::from_code(t).names()
}

/// A group record's type (RFC 3376 §4.2.12): the two Current-State records (§4.2.12: "MODE_IS_
/// INCLUDE", "MODE_IS_EXCLUDE"), the two Filter-Mode-Change records and the two Source-List-Change
/// records, or a value the RFC does not define ("unrecognized Record Type values MUST be silently
/// ignored", §4.2.12). The wire carries the code; everything past the codec speaks this type.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(from = "u8", into = "u8")]
pub enum RecordType {
    IsIn,
    IsEx,
    ToIn,
    ToEx,
    Allow,
    Block,
    Unknown(u8),
}

impl From<u8> for RecordType {
    fn from(code: u8) -> RecordType {
        RecordType::from_code(code)
    }
}

impl From<RecordType> for u8 {
    fn from(t: RecordType) -> u8 {
        t.code()
    }
}

impl RecordType {
    /// Every defined type, in code order.
    pub const ALL: [RecordType; 6] = [
        RecordType::IsIn,
        RecordType::IsEx,
        RecordType::ToIn,
        RecordType::ToEx,
        RecordType::Allow,
        RecordType::Block,
    ];

    pub fn from_code(code: u8) -> RecordType {
        match code {
            1 => RecordType::IsIn,
            2 => RecordType::IsEx,
            3 => RecordType::ToIn,
            4 => RecordType::ToEx,
            5 => RecordType::Allow,
            6 => RecordType::Block,
            other => RecordType::Unknown(other),
        }
    }

    pub fn code(self) -> u8 {
        match self {
            RecordType::IsIn => 1,
            RecordType::IsEx => 2,
            RecordType::ToIn => 3,
            RecordType::ToEx => 4,
            RecordType::Allow => 5,
            RecordType::Block => 6,
            RecordType::Unknown(c) => c,
        }
    }

    /// (short, long) names, as Wireshark shows them; `None` for an undefined type.
    pub fn names(self) -> Option<(&'static str, &'static str)> {
        Some(match self {
            RecordType::IsIn => ("IS_IN", "MODE_IS_INCLUDE"),
            RecordType::IsEx => ("IS_EX", "MODE_IS_EXCLUDE"),
            RecordType::ToIn => ("TO_IN", "CHANGE_TO_INCLUDE_MODE"),
            RecordType::ToEx => ("TO_EX", "CHANGE_TO_EXCLUDE_MODE"),
            RecordType::Allow => ("ALLOW", "ALLOW_NEW_SOURCES"),
            RecordType::Block => ("BLOCK", "BLOCK_OLD_SOURCES"),
            RecordType::Unknown(_) => return None,
        })
    }

    /// The short name (`IS_IN` … `BLOCK`), or `?` for an undefined type.
    pub fn short(self) -> &'static str {
        self.names().map_or("?", |n| n.0)
    }

    /// A Current-State record (IS_IN, IS_EX): it answers a query (RFC 3376 §4.2.12, §5.2).
    pub fn is_current_state(self) -> bool {
        matches!(self, RecordType::IsIn | RecordType::IsEx)
    }
}
