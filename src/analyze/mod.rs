//! Capture analysis: a passive observer replays a capture's IGMP frames, with their timestamps,
//! through an RFC router model of the link, and reports who was querier, which groups were
//! present and who was a member, and which device broke which rule in which frame.
//!
//! The observer is a router that never sends: it keeps the state an RFC 3376 §6 router keeps
//! (filter mode, group and source timers, the Older Host Present timers of §7.3.2) or, on an
//! IGMPv2 link, an RFC 2236 §7 router (the same model, with v2 messages translated as §7.3.2
//! says). It lowers its timers when it *hears* the querier's group-specific queries, as a
//! non-querier does (RFC 2236 §3, RFC 3376 §6.6.1), so the groups end when the real querier
//! would end them. What the querier should have sent (RFC 3376 §6.4.2 "Send Q(G)") becomes an
//! expectation that the capture must meet.
//!
//! Timers are learned from the traffic where the traffic says them: QRV and QQIC of v3 queries,
//! Max Resp of general queries (Query Response Interval) and of group-specific queries (Last
//! Member Query Interval, RFC 2236 §8.8), and for v2 queriers the spacing of their general
//! queries. Where nothing is said the RFC defaults hold (RFC 2236 §8, RFC 3376 §8).
//!
//! Pure: no clock, no I/O. Every per-frame step is bounded; findings are capped at
//! [`MAX_FINDINGS`] so that a hostile capture cannot grow the report without end.

// A capture is hostile input, and the analysis runs on wasm32 (#31): as in the codec, every
// timestamp difference saturates, every read goes through `get`, and no cast truncates silently.
#![deny(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    clippy::cast_possible_truncation
)]

mod election;
mod expect;
mod findings;
mod groups;
mod observer;
pub mod report;
mod rules;

use std::net::IpAddr;

use serde::{Serialize, Serializer};

use crate::codec::{LinkType, Severity};
pub use observer::Analyzer;
pub use rules::RULES;

/// At most this many findings are kept; the rest are counted in [`Analysis::findings_dropped`].
pub const MAX_FINDINGS: usize = 10_000;

/// What the analysis found: the JSON contract of `igmpwb analyze --json` is the serialised lists
/// (times are seconds since the first frame; frames count from 1). `switch_queriers` was added
/// after the first three; additions are only ever new keys.
#[derive(Clone, Debug, Default, PartialEq, Serialize)]
pub struct Analysis {
    /// The routers that were querier, in order (a switch querying from 0.0.0.0 is never one).
    pub queriers: Vec<QuerierSpan>,
    /// Snooping switches querying from 0.0.0.0 (RFC 4541 §2.1.1), apart from the routers.
    pub switch_queriers: Vec<QuerierSpan>,
    pub groups: Vec<GroupHistory>,
    pub findings: Vec<Finding>,
    #[serde(skip)]
    pub frames: u64,
    #[serde(skip)]
    pub igmp_frames: u64,
    /// MLD messages (#30): counted, not analysed (the rules here are IGMP's), and said so (in
    /// the JSON only when there are some).
    #[serde(rename = "mld_messages_not_analysed", skip_serializing_if = "is_zero")]
    pub mld_frames: u64,
    /// Byte-identical copies of a frame within 10 ms (the same packet captured at several
    /// points), counted once: `frames` counts them, `igmp_frames` does not.
    #[serde(skip)]
    pub duplicates: u64,
    /// Seconds from the first frame to the last.
    #[serde(skip)]
    pub duration: f64,
    #[serde(skip)]
    pub findings_dropped: u64,
    /// The IGMP messages in time order (at most [`MAX_MARKS`]), for a timeline.
    #[serde(skip)]
    pub marks: Vec<Mark>,
    /// The messages past [`MAX_MARKS`]: analysed, not kept for drawing (the view says so).
    #[serde(skip)]
    pub marks_dropped: u64,
}

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// At most this many messages are kept for drawing (32 bytes each: 64 MB at most; a
/// million-frame capture keeps every one).
pub const MAX_MARKS: usize = 2_000_000;

/// One IGMP message, as a timeline draws it.
#[derive(Clone, Debug, PartialEq)]
pub struct Mark {
    pub frame: u64,
    pub t: f64,
    pub src: IpAddr,
    pub kind: crate::codec::frame::MessageKind,
    /// The group it is about (0.0.0.0 for a general query).
    pub group: Option<IpAddr>,
}

/// One router's time as querier.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct QuerierSpan {
    pub address: IpAddr,
    /// The IGMP version of its queries.
    pub version: u8,
    /// The frame of its first query as querier.
    pub from_frame: u64,
    pub from: f64,
    /// When it stopped being querier: a lower address queried (RFC 2236 §3, RFC 3376 §6.6.2),
    /// its Other Querier Present Interval ran out after its last query, or the capture ended.
    pub to: f64,
}

/// What happened to one group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct GroupHistory {
    pub group: IpAddr,
    pub present: Vec<Presence>,
    pub members: Vec<Membership>,
    pub compat: Vec<CompatSpan>,
}

/// How a [`Presence`] can end (its `ended_by`), for those who name them.
pub const ENDED_BY: [&str; 3] = ["leave", "timeout", "capture-end"];

/// A time during which a router would forward the group.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Presence {
    pub from: f64,
    pub to: f64,
    /// `leave` (the timers ran out after a Leave or a state change and its queries),
    /// `timeout` (no report for the membership interval) or `capture-end`.
    pub ended_by: &'static str,
}

/// A host's membership as its reports show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Membership {
    pub host: IpAddr,
    pub from: f64,
    pub to: f64,
}

/// A period of one group compatibility mode (RFC 3376 §7.3.2; RFC 2236 §7 for v1 hosts on a
/// v2 link): `v1`, `v2` or `v3`.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CompatSpan {
    pub mode: &'static str,
    pub from: f64,
    pub to: f64,
}

/// One rule broken (or one fact worth knowing), with the frames that show it.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Finding {
    /// A stable id: one of [`RULES`], or a codec diagnostic code such as `igmp.bad_checksum`.
    pub rule: String,
    pub rfc: String,
    #[serde(serialize_with = "severity_name")]
    pub severity: Severity,
    pub frames: Vec<u64>,
    /// Seconds since the first frame, of the first frame involved.
    pub t: f64,
    pub en: String,
    pub ja: String,
}

fn severity_name<S: Serializer>(s: &Severity, ser: S) -> Result<S::Ok, S::Error> {
    ser.serialize_str(s.name())
}

impl Analysis {
    /// The contract JSON (pretty when `pretty`).
    pub fn to_json(&self, pretty: bool) -> String {
        let r = if pretty {
            serde_json::to_string_pretty(self)
        } else {
            serde_json::to_string(self)
        };
        r.unwrap_or_else(|e| format!("{{\"error\":\"{e}\"}}"))
    }

    /// How many findings of each severity: (info, warning, error).
    pub fn counts(&self) -> (usize, usize, usize) {
        let n = |s| self.findings.iter().filter(|f| f.severity == s).count();
        (n(Severity::Info), n(Severity::Warning), n(Severity::Error))
    }
}

/// What the link looked like at one moment, from the histories: the state panel of the
/// Analysis view.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Snapshot {
    /// The querier and its version.
    pub querier: Option<(IpAddr, u8)>,
    /// Each present group, its compatibility mode and its members.
    pub groups: Vec<(IpAddr, &'static str, Vec<IpAddr>)>,
}

impl Analysis {
    /// The state at `t` seconds (each interval holds from its start, not at its end).
    pub fn state_at(&self, t: f64) -> Snapshot {
        let within = |from: f64, to: f64| from <= t && (t < to || (to >= self.duration && t <= to));
        let querier = self
            .queriers
            .iter()
            .find(|q| within(q.from, q.to))
            .map(|q| (q.address, q.version));
        let groups = self
            .groups
            .iter()
            .filter(|g| g.present.iter().any(|p| within(p.from, p.to)))
            .map(|g| {
                let mode = g
                    .compat
                    .iter()
                    .find(|c| within(c.from, c.to))
                    .map_or("v3", |c| c.mode);
                let members: std::collections::BTreeSet<IpAddr> = g
                    .members
                    .iter()
                    .filter(|m| within(m.from, m.to))
                    .map(|m| m.host)
                    .collect();
                (g.group, mode, members.into_iter().collect())
            })
            .collect();
        Snapshot { querier, groups }
    }
}

/// The part an address played in a capture, as the Analysis view's lanes show it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum LaneRole {
    /// A router that was querier at some time.
    Querier,
    /// A snooping switch querying from 0.0.0.0 (RFC 4541 §2.1.1).
    SwitchQuerier,
    /// A router that queried but was never querier.
    Router,
    Host,
}

impl LaneRole {
    /// Every role a lane can have.
    pub const ALL: [LaneRole; 4] = [
        LaneRole::Querier,
        LaneRole::SwitchQuerier,
        LaneRole::Router,
        LaneRole::Host,
    ];

    /// The id used in `data-role` and in the translation keys (`analysis.role.…`).
    pub fn id(self) -> &'static str {
        match self {
            LaneRole::Querier => "querier",
            LaneRole::SwitchQuerier => "switch-querier",
            LaneRole::Router => "router",
            LaneRole::Host => "host",
        }
    }
}

impl Analysis {
    /// Each address that sent a message, with its role: queriers and routers first (by
    /// address), then hosts (by address).
    pub fn lanes(&self) -> Vec<(IpAddr, LaneRole)> {
        use std::collections::BTreeSet;
        let addrs: BTreeSet<IpAddr> = self.marks.iter().map(|m| m.src).collect();
        let queriers: BTreeSet<IpAddr> = self.queriers.iter().map(|q| q.address).collect();
        let switches: BTreeSet<IpAddr> = self.switch_queriers.iter().map(|q| q.address).collect();
        let routers: BTreeSet<IpAddr> = self
            .marks
            .iter()
            .filter(|m| m.kind.is_query())
            .map(|m| m.src)
            .collect();
        let role = |addr: &IpAddr| {
            if queriers.contains(addr) {
                LaneRole::Querier
            } else if switches.contains(addr) {
                LaneRole::SwitchQuerier
            } else if routers.contains(addr) {
                LaneRole::Router
            } else {
                LaneRole::Host
            }
        };
        let mut lanes: Vec<(IpAddr, LaneRole)> = addrs
            .iter()
            .filter(|x| role(x) != LaneRole::Host)
            .map(|x| (*x, role(x)))
            .collect();
        lanes.extend(
            addrs
                .iter()
                .filter(|x| role(x) == LaneRole::Host)
                .map(|x| (*x, LaneRole::Host)),
        );
        lanes
    }
}

/// One frame as the analyzer takes it.
#[derive(Clone, Copy, Debug)]
pub struct Input<'a> {
    pub link: LinkType,
    pub ts_sec: i64,
    pub ts_nsec: u32,
    pub bytes: &'a [u8],
    /// The bytes a typo in a pasted dump left unknown: such a frame's diagnostics count, but
    /// no conclusion is drawn from its message (it may rest on those bytes).
    pub unknown: crate::codec::Unknown<'a>,
}

/// Analyses a whole capture.
pub fn analyze_frames<'a>(frames: impl IntoIterator<Item = Input<'a>>) -> Analysis {
    let mut a = Analyzer::new();
    for f in frames {
        a.observe(f);
    }
    a.finish()
}
