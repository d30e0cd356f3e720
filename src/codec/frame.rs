//! The typed view of a parsed frame: what the message means, for the simulator and summaries.

use std::net::Ipv4Addr;

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
    pub record_type: u8,
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

impl IgmpMessage {
    /// The short kind used in data attributes and traces: `v2-report`, `v3-query`, …
    pub fn kind(&self) -> String {
        match self {
            IgmpMessage::Query { version, .. } => match version {
                QueryVersion::V1 => "v1-query".into(),
                QueryVersion::V2 => "v2-query".into(),
                QueryVersion::V3 => "v3-query".into(),
            },
            IgmpMessage::V1Report { .. } => "v1-report".into(),
            IgmpMessage::V2Report { .. } => "v2-report".into(),
            IgmpMessage::Leave { .. } => "v2-leave".into(),
            IgmpMessage::V3Report { .. } => "v3-report".into(),
            IgmpMessage::Other { msg_type } => other_kind(*msg_type),
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

pub fn other_kind(msg_type: u8) -> String {
    match msg_type {
        0x13 => "dvmrp".into(),
        0x14 => "pimv1".into(),
        0x1e => "mtrace-response".into(),
        0x1f => "mtrace".into(),
        0x30 => "mrd-advertisement".into(),
        0x31 => "mrd-solicitation".into(),
        0x32 => "mrd-termination".into(),
        t => format!("igmp-{t}"),
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
                        record_type: r.record_type,
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
    Some(match t {
        1 => ("IS_IN", "MODE_IS_INCLUDE"),
        2 => ("IS_EX", "MODE_IS_EXCLUDE"),
        3 => ("TO_IN", "CHANGE_TO_INCLUDE_MODE"),
        4 => ("TO_EX", "CHANGE_TO_EXCLUDE_MODE"),
        5 => ("ALLOW", "ALLOW_NEW_SOURCES"),
        6 => ("BLOCK", "BLOCK_OLD_SOURCES"),
        _ => return None,
    })
}
