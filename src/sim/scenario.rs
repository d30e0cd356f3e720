//! Scenarios as serde JSON: topology, versions, timers, seed and timed actions.

use crate::num::whole;
use crate::num::Short;
use std::net::Ipv4Addr;

use serde::{Deserialize, Serialize};

use super::Ms;
use crate::codec::Text;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Profile {
    /// RFC 3376 (and RFC 2236) timer formulas.
    #[default]
    Rfc3376,
    /// RFC 9776: GMI = RV·QI + 2·QRI; only general queries take part in querier election.
    Rfc9776,
}

/// Timers and counters (RFC 2236 §8, RFC 3376 §8), in seconds where they are times.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Timers {
    pub profile: Profile,
    pub robustness: u32,
    pub query_interval: f64,
    pub query_response_interval: f64,
    pub last_member_query_interval: f64,
    /// Default: the Robustness Variable.
    pub last_member_query_count: Option<u32>,
    /// Default: Query Interval / 4.
    pub startup_query_interval: Option<f64>,
    /// Default: the Robustness Variable.
    pub startup_query_count: Option<u32>,
    pub unsolicited_report_interval_v2: f64,
    pub unsolicited_report_interval_v3: f64,
    /// RFC 2236 §8.11: fixed 400 s.
    pub v1_router_present_timeout: f64,
    /// The delay before a router's first query (FRR: 1 s; the RFC: at once).
    pub first_query_delay: f64,
}

impl Default for Timers {
    fn default() -> Timers {
        Timers {
            profile: Profile::Rfc3376,
            robustness: 2,
            query_interval: 125.0,
            query_response_interval: 10.0,
            last_member_query_interval: 1.0,
            last_member_query_count: None,
            startup_query_interval: None,
            startup_query_count: None,
            unsolicited_report_interval_v2: 10.0,
            unsolicited_report_interval_v3: 1.0,
            v1_router_present_timeout: 400.0,
            first_query_delay: 0.0,
        }
    }
}

/// A count typed in a scenario (at least 1), as a `u32`.
fn count(x: f64) -> u32 {
    crate::num::u32_sat(whole(x.max(1.0)))
}

fn ms(s: f64) -> Ms {
    if s.is_finite() && s > 0.0 {
        whole((s * 1000.0).round())
    } else {
        0
    }
}

impl Timers {
    pub fn rv(&self) -> u32 {
        self.robustness.max(1)
    }
    pub fn qi(&self) -> Ms {
        ms(self.query_interval)
    }
    pub fn qri(&self) -> Ms {
        ms(self.query_response_interval)
    }
    pub fn lmqi(&self) -> Ms {
        ms(self.last_member_query_interval)
    }
    pub fn lmqc(&self) -> u32 {
        self.last_member_query_count.unwrap_or(self.rv()).max(1)
    }
    /// RFC 3376 §8.10: LMQT = LMQI · LMQC.
    pub fn lmqt(&self) -> Ms {
        timers::lmqt(self.lmqi(), self.lmqc())
    }
    /// RFC 2236 §8.4 / RFC 3376 §8.4: GMI = RV·QI + QRI; RFC 9776 §8.4: RV·QI + 2·QRI.
    pub fn gmi(&self) -> Ms {
        timers::gmi(
            self.rv(),
            self.qi(),
            self.qri(),
            self.profile == Profile::Rfc9776,
        )
    }
    /// RFC 2236 §8.5 / RFC 3376 §8.5: OQPI = RV·QI + QRI/2.
    pub fn oqpi(&self) -> Ms {
        timers::oqpi(self.rv(), self.qi(), self.qri())
    }
    /// RFC 3376 §8.13: Older Host Present Interval = RV·QI + QRI.
    pub fn older_host_present(&self) -> Ms {
        timers::older_host_present(self.rv(), self.qi(), self.qri())
    }
    /// RFC 3376 §8.12: Older Version Querier Present Timeout = RV·QI + QRI.
    pub fn older_querier_present(&self) -> Ms {
        // RFC 3376 §8.12 has the same form as §8.13.
        timers::older_host_present(self.rv(), self.qi(), self.qri())
    }
    pub fn sqi(&self) -> Ms {
        self.startup_query_interval.map(ms).unwrap_or(self.qi() / 4)
    }
    pub fn sqc(&self) -> u32 {
        self.startup_query_count.unwrap_or(self.rv()).max(1)
    }
    pub fn uri(&self, version: u8) -> Ms {
        ms(if version >= 3 {
            self.unsolicited_report_interval_v3
        } else {
            self.unsolicited_report_interval_v2
        })
    }
    pub fn v1_router_present(&self) -> Ms {
        ms(self.v1_router_present_timeout)
    }
    pub fn first_query(&self) -> Ms {
        ms(self.first_query_delay)
    }

    /// Changes one timer by its JSON name (the `set-timer` action).
    pub fn set(&mut self, name: &str, value: f64) {
        match name {
            "robustness" => self.robustness = count(value),
            "query_interval" => self.query_interval = value,
            "query_response_interval" => self.query_response_interval = value,
            "last_member_query_interval" => self.last_member_query_interval = value,
            "last_member_query_count" => self.last_member_query_count = Some(count(value)),
            "startup_query_interval" => self.startup_query_interval = Some(value),
            "startup_query_count" => self.startup_query_count = Some(count(value)),
            "unsolicited_report_interval_v2" => self.unsolicited_report_interval_v2 = value,
            "unsolicited_report_interval_v3" => self.unsolicited_report_interval_v3 = value,
            _ => {}
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum NodeKind {
    Host,
    Router,
    Switch,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct NodeConfig {
    pub name: String,
    pub kind: NodeKind,
    #[serde(default = "unspecified")]
    pub address: Ipv4Addr,
    /// IGMP version 1, 2 or 3.
    #[serde(default = "three")]
    pub version: u8,
    /// Switch: act as a snooping querier (source 0.0.0.0) when no router queries.
    #[serde(default)]
    pub querier: bool,
    /// Switch: flood unregistered groups to every port (otherwise router ports only).
    #[serde(default)]
    pub flood_unregistered: bool,
    /// Host: SSM-aware (RFC 4604): no report suppression.
    #[serde(default)]
    pub ssm_aware: bool,
    /// Host (IGMPv3): pack the pending state-change records of all groups into one report when
    /// a retransmission is due, as a Linux host does.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub pack_reports: bool,
    /// Router: its own Robustness Variable, when it differs from the scenario's timers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub robustness: Option<u32>,
    /// Router: its own Query Interval in seconds, when it differs.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_interval: Option<f64>,
    /// Router: its own Query Response Interval (the Max Resp of its general queries), seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub query_response_interval: Option<f64>,
    /// Router: its own Last Member Query Interval, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_member_query_interval: Option<f64>,
    /// Router: its own Last Member Query Count.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_member_query_count: Option<u32>,
    /// Router: its own Startup Query Interval, seconds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_query_interval: Option<f64>,
    /// Router: its own Startup Query Count (1 = no startup burst, as pimd).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub startup_query_count: Option<u32>,
    /// Router: the delay before its first query, seconds (FRR: 1 s).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub first_query_delay: Option<f64>,
}

impl NodeConfig {
    /// A node with every option at its default (no switch querier, no flooding, not SSM-aware,
    /// no packing, the scenario's timers).
    pub fn new(
        name: impl Into<String>,
        kind: NodeKind,
        address: Ipv4Addr,
        version: u8,
    ) -> NodeConfig {
        NodeConfig {
            name: name.into(),
            kind,
            address,
            version,
            querier: false,
            flood_unregistered: false,
            ssm_aware: false,
            pack_reports: false,
            robustness: None,
            query_interval: None,
            query_response_interval: None,
            last_member_query_interval: None,
            last_member_query_count: None,
            startup_query_interval: None,
            startup_query_count: None,
            first_query_delay: None,
        }
    }

    /// Whether this node overrides any of the scenario's timers.
    pub fn has_own_timers(&self) -> bool {
        self.robustness.is_some()
            || self.query_interval.is_some()
            || self.query_response_interval.is_some()
            || self.last_member_query_interval.is_some()
            || self.last_member_query_count.is_some()
            || self.startup_query_interval.is_some()
            || self.startup_query_count.is_some()
            || self.first_query_delay.is_some()
    }

    /// This node's own timers over the scenario's: real routers differ (pimd: Max Resp 10 s,
    /// no startup burst; FRR: a 1 s first-query delay), so each router may carry its own.
    pub fn own_timers(&self, scenario: &Timers) -> Timers {
        let mut t = scenario.clone();
        if let Some(v) = self.robustness {
            t.robustness = v;
        }
        if let Some(v) = self.query_interval {
            t.query_interval = v;
        }
        if let Some(v) = self.query_response_interval {
            t.query_response_interval = v;
        }
        if let Some(v) = self.last_member_query_interval {
            t.last_member_query_interval = v;
        }
        if self.last_member_query_count.is_some() {
            t.last_member_query_count = self.last_member_query_count;
        }
        if self.startup_query_interval.is_some() {
            t.startup_query_interval = self.startup_query_interval;
        }
        if self.startup_query_count.is_some() {
            t.startup_query_count = self.startup_query_count;
        }
        if let Some(v) = self.first_query_delay {
            t.first_query_delay = v;
        }
        t
    }
}

fn unspecified() -> Ipv4Addr {
    Ipv4Addr::UNSPECIFIED
}
fn three() -> u8 {
    3
}

use crate::engine::timers;
pub use crate::engine::FilterMode;

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "do", rename_all = "kebab-case")]
pub enum ActionKind {
    /// Join a group: any source (EXCLUDE {}), or with a filter mode and source list (v3).
    Join {
        group: Ipv4Addr,
        #[serde(default)]
        mode: Option<FilterMode>,
        #[serde(default)]
        sources: Vec<Ipv4Addr>,
        /// The socket (RFC 3376 §3.1); several sockets on one host are merged (§3.2).
        #[serde(default)]
        socket: u32,
    },
    Leave {
        group: Ipv4Addr,
        #[serde(default)]
        socket: u32,
    },
    SendData {
        group: Ipv4Addr,
    },
    Down,
    Up,
    /// Drop the next packet this node sends (of this type, if given: `v2-leave`, …).
    DropNext {
        #[serde(default)]
        kind: Option<String>,
    },
    SetTimer {
        timer: String,
        value: f64,
    },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(try_from = "ActionJson")]
pub struct Action {
    /// Seconds from the start.
    pub t: f64,
    pub node: String,
    #[serde(flatten)]
    pub kind: ActionKind,
}

/// The JSON object read for an [`Action`]: flat, its fields checked by `do` in `TryFrom`. (serde's
/// derive for a flattened, internally tagged enum buffers every action and reads it again per
/// variant: 15 KB of wasm; the JSON is the same.)
#[derive(Deserialize)]
struct ActionJson {
    t: f64,
    node: String,
    #[serde(rename = "do")]
    act: ActionDo,
    group: Option<Ipv4Addr>,
    #[serde(default)]
    mode: Option<FilterMode>,
    #[serde(default)]
    sources: Vec<Ipv4Addr>,
    #[serde(default)]
    socket: u32,
    #[serde(default)]
    kind: Option<String>,
    timer: Option<String>,
    value: Option<f64>,
}

#[derive(Deserialize)]
#[serde(rename_all = "kebab-case")]
enum ActionDo {
    Join,
    Leave,
    SendData,
    Down,
    Up,
    DropNext,
    SetTimer,
}

impl TryFrom<ActionJson> for Action {
    type Error = String;

    fn try_from(j: ActionJson) -> Result<Action, String> {
        let missing = crate::codec::spec::missing;
        let group = j.group.ok_or_else(|| missing("group"));
        let kind = match j.act {
            ActionDo::Join => ActionKind::Join {
                group: group?,
                mode: j.mode,
                sources: j.sources,
                socket: j.socket,
            },
            ActionDo::Leave => ActionKind::Leave {
                group: group?,
                socket: j.socket,
            },
            ActionDo::SendData => ActionKind::SendData { group: group? },
            ActionDo::Down => ActionKind::Down,
            ActionDo::Up => ActionKind::Up,
            ActionDo::DropNext => ActionKind::DropNext { kind: j.kind },
            ActionDo::SetTimer => ActionKind::SetTimer {
                timer: j.timer.ok_or_else(|| missing("timer"))?,
                value: j.value.ok_or_else(|| missing("value"))?,
            },
        };
        Ok(Action {
            t: j.t,
            node: j.node,
            kind,
        })
    }
}

impl Action {
    pub fn at_ms(&self) -> Ms {
        ms(self.t)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scenario {
    pub name: String,
    #[serde(default)]
    pub title: Text,
    #[serde(default)]
    pub explanation: Text,
    #[serde(default = "default_seed")]
    pub seed: u64,
    /// Seconds to simulate.
    #[serde(default = "default_until")]
    pub until: f64,
    #[serde(default)]
    pub timers: Timers,
    pub nodes: Vec<NodeConfig>,
    #[serde(default)]
    pub actions: Vec<Action>,
}

fn default_seed() -> u64 {
    1
}
fn default_until() -> f64 {
    300.0
}

impl Scenario {
    pub fn until_ms(&self) -> Ms {
        ms(self.until)
    }
}

/// What a scenario may ask for. A scenario comes from a share link or a file, so nothing it
/// says may freeze the page or exhaust memory: these limits are checked before it runs
/// ([`Scenario::validate`]) and the event budget while it runs.
pub mod limits {
    /// Nodes in one scenario (hosts, routers and at most one switch).
    pub const MAX_NODES: usize = 1_000;
    /// Scheduled actions.
    pub const MAX_ACTIONS: usize = 10_000;
    /// Sources in one join action.
    pub const MAX_SOURCES_PER_ACTION: usize = 1_000;
    /// Simulated duration (`until`) and action times: one simulated day.
    pub const MAX_DURATION_S: f64 = 86_400.0;
    /// Intervals: from the clock's resolution (1 ms; shorter would round to 0 and repeat at
    /// the same instant) to one day.
    pub const MIN_INTERVAL_S: f64 = 0.001;
    pub const MAX_INTERVAL_S: f64 = 86_400.0;
    /// Robustness, last member query count and startup query count.
    pub const MAX_COUNT: u32 = 255;
    /// Events one run may handle on the command line (the trace is streamed there).
    pub const DEFAULT_EVENT_BUDGET: u64 = 5_000_000;
    /// Events one run may handle in the browser, where the whole trace is kept for stepping.
    pub const UI_EVENT_BUDGET: u64 = 300_000;
}

/// One thing wrong with a scenario: the field (a JSON path such as `timers.query_interval` or
/// `actions[3].t`) and why, in both languages.
#[derive(Clone, Debug, PartialEq)]
pub struct Invalid {
    pub field: String,
    pub message: Text,
}

impl std::fmt::Display for Invalid {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}: {}", self.field, self.message.en)
    }
}

/// The interval timers, by JSON name: checked as intervals, settable by `set-timer`.
const INTERVALS: &[&str] = &[
    "query_interval",
    "query_response_interval",
    "last_member_query_interval",
    "startup_query_interval",
    "unsolicited_report_interval_v2",
    "unsolicited_report_interval_v3",
    "v1_router_present_timeout",
];
const COUNTS: &[&str] = &[
    "robustness",
    "last_member_query_count",
    "startup_query_count",
];

fn check_interval(out: &mut Vec<Invalid>, field: String, v: f64) {
    use limits::{MAX_INTERVAL_S, MIN_INTERVAL_S};
    if !(v.is_finite() && (MIN_INTERVAL_S..=MAX_INTERVAL_S).contains(&v)) {
        let (lo, hi, v) = (Short(MIN_INTERVAL_S), Short(MAX_INTERVAL_S), Short(v));
        out.push(Invalid {
            field,
            message: Text::new(
                format!("must be a finite number of seconds from {lo} to {hi} (got {v})"),
                format!("{lo} 秒から {hi} 秒までの有限の数でなければなりません (値: {v})"),
            ),
        });
    }
}

fn check_time(out: &mut Vec<Invalid>, field: String, v: f64) {
    use limits::MAX_DURATION_S;
    if !(v.is_finite() && (0.0..=MAX_DURATION_S).contains(&v)) {
        let (most, v) = (Short(MAX_DURATION_S), Short(v));
        out.push(Invalid {
            field,
            message: Text::new(
                format!("must be a finite time from 0 to {most} s (one simulated day; got {v})"),
                format!("0 秒から {most} 秒 (シミュレーション上の 1 日) までの有限の時刻でなければなりません (値: {v})"),
            ),
        });
    }
}

fn check_count(out: &mut Vec<Invalid>, field: String, v: f64) {
    use limits::MAX_COUNT;
    if !(v.is_finite() && v.fract() == 0.0 && (1.0..=f64::from(MAX_COUNT)).contains(&v)) {
        let v = Short(v);
        out.push(Invalid {
            field,
            message: Text::new(
                format!("must be a whole number from 1 to {MAX_COUNT} (got {v})"),
                format!("1 から {MAX_COUNT} までの整数でなければなりません (値: {v})"),
            ),
        });
    }
}

fn too_many(out: &mut Vec<Invalid>, field: &str, n: usize, max: usize) {
    if n > max {
        out.push(Invalid {
            field: field.into(),
            message: Text::new(
                format!("{n} given; the limit is {max}"),
                format!("{n} 個ありますが、上限は {max} 個です"),
            ),
        });
    }
}

impl Scenario {
    /// Legal but odd timers, for the scenario and each router's own: the run goes ahead, and
    /// the user is told, in both languages, naming the field.
    pub fn warnings(&self) -> Vec<Invalid> {
        let mut out = Vec::new();
        let mut check = |prefix: String, t: &Timers| {
            // RFC 2236 §8.3, RFC 3376 §8.3: "The number of seconds represented by the [Query
            // Response Interval] must be less than the [Query Interval]."
            if t.query_response_interval >= t.query_interval {
                out.push(Invalid {
                    field: format!("{prefix}query_response_interval"),
                    message: Text::new(
                        format!("the Query Response Interval ({} s) is not less than the Query Interval ({} s): RFC 3376 §8.3 says it must be, or hosts answer after the next query", Short(t.query_response_interval), Short(t.query_interval)),
                        format!("クエリー応答間隔 ({} 秒) がクエリー間隔 ({} 秒) 以上です。RFC 3376 §8.3 では短くなければならず、そうでないとホストの応答が次のクエリーより後になります", Short(t.query_response_interval), Short(t.query_interval)),
                    ),
                });
            }
            // RFC 3376 §8.1: "The Robustness Variable MUST NOT be zero, and SHOULD NOT be one."
            if t.robustness == 1 {
                out.push(Invalid {
                    field: format!("{prefix}robustness"),
                    message: Text::new(
                        "the Robustness Variable is 1: RFC 3376 §8.1 says it should not be one (one lost packet then loses a membership)",
                        "ロバストネス変数が 1 です。RFC 3376 §8.1 は 1 にすべきでないとしています (一つのパケット損失でメンバーシップが失われます)",
                    ),
                });
            }
        };
        check("timers.".into(), &self.timers);
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind == NodeKind::Router && n.has_own_timers() {
                let own = n.own_timers(&self.timers);
                let before = (
                    self.timers.query_response_interval >= self.timers.query_interval,
                    self.timers.robustness == 1,
                );
                let after = (
                    own.query_response_interval >= own.query_interval,
                    own.robustness == 1,
                );
                if after != before {
                    check(format!("nodes[{i}]."), &own);
                }
            }
        }
        out
    }

    /// Checks every field a run depends on, before it runs. Returns every problem found, each
    /// naming its field; an empty list means the scenario is safe to run.
    pub fn validate(&self) -> Result<(), Vec<Invalid>> {
        let mut out = Vec::new();
        check_time(&mut out, "until".into(), self.until);
        too_many(&mut out, "nodes", self.nodes.len(), limits::MAX_NODES);
        too_many(&mut out, "actions", self.actions.len(), limits::MAX_ACTIONS);
        let t = &self.timers;
        for (name, v) in [
            ("query_interval", Some(t.query_interval)),
            ("query_response_interval", Some(t.query_response_interval)),
            (
                "last_member_query_interval",
                Some(t.last_member_query_interval),
            ),
            ("startup_query_interval", t.startup_query_interval),
            (
                "unsolicited_report_interval_v2",
                Some(t.unsolicited_report_interval_v2),
            ),
            (
                "unsolicited_report_interval_v3",
                Some(t.unsolicited_report_interval_v3),
            ),
            (
                "v1_router_present_timeout",
                Some(t.v1_router_present_timeout),
            ),
        ] {
            if let Some(v) = v {
                check_interval(&mut out, format!("timers.{name}"), v);
            }
        }
        check_time(
            &mut out,
            "timers.first_query_delay".into(),
            t.first_query_delay,
        );
        for (name, v) in [
            ("robustness", Some(t.robustness)),
            ("last_member_query_count", t.last_member_query_count),
            ("startup_query_count", t.startup_query_count),
        ] {
            if let Some(v) = v {
                check_count(&mut out, format!("timers.{name}"), f64::from(v));
            }
        }
        let mut names = std::collections::BTreeSet::new();
        let mut switches = 0usize;
        for (i, n) in self.nodes.iter().enumerate() {
            if n.name.is_empty() || !names.insert(n.name.as_str()) {
                out.push(Invalid {
                    field: format!("nodes[{i}].name"),
                    message: Text::new(
                        format!(
                            "{:?} is empty or used twice: every node needs its own name",
                            n.name
                        ),
                        format!(
                            "{:?} は空か重複しています。ノードごとに別の名前が必要です",
                            n.name
                        ),
                    ),
                });
            }
            if !(1..=3).contains(&n.version) {
                out.push(Invalid {
                    field: format!("nodes[{i}].version"),
                    message: Text::new(
                        format!("IGMP version must be 1, 2 or 3 (got {})", n.version),
                        format!(
                            "IGMP バージョンは 1, 2, 3 のいずれかです (値: {})",
                            n.version
                        ),
                    ),
                });
            }
            switches = switches.saturating_add(usize::from(n.kind == NodeKind::Switch));
            for (name, v) in [
                ("query_interval", n.query_interval),
                ("query_response_interval", n.query_response_interval),
                ("last_member_query_interval", n.last_member_query_interval),
                ("startup_query_interval", n.startup_query_interval),
            ] {
                if let Some(v) = v {
                    check_interval(&mut out, format!("nodes[{i}].{name}"), v);
                }
            }
            for (name, v) in [
                ("robustness", n.robustness),
                ("last_member_query_count", n.last_member_query_count),
                ("startup_query_count", n.startup_query_count),
            ] {
                if let Some(v) = v {
                    check_count(&mut out, format!("nodes[{i}].{name}"), f64::from(v));
                }
            }
            if let Some(v) = n.first_query_delay {
                check_time(&mut out, format!("nodes[{i}].first_query_delay"), v);
            }
        }
        // Two nodes with one address: their frames could not be told apart.
        let mut addresses = std::collections::BTreeMap::new();
        for (i, n) in self.nodes.iter().enumerate() {
            if n.kind == NodeKind::Switch {
                continue;
            }
            if let Some(first) = addresses.insert(n.address, i) {
                out.push(Invalid {
                    field: format!("nodes[{i}].address"),
                    message: Text::new(
                        format!("{} is also the address of nodes[{first}]: every host and router needs its own", n.address),
                        format!("{} は nodes[{first}] と同じアドレスです。ホストとルータはそれぞれ別のアドレスが必要です", n.address),
                    ),
                });
            }
        }
        if switches > 1 {
            out.push(Invalid {
                field: "nodes".into(),
                message: Text::new(
                    format!("{switches} switches: a scenario has one LAN, with at most one snooping switch"),
                    format!("スイッチが {switches} 台あります。シナリオの LAN にはスヌーピングスイッチを 1 台まで置けます"),
                ),
            });
        }
        for (i, a) in self.actions.iter().enumerate() {
            check_time(&mut out, format!("actions[{i}].t"), a.t);
            if !names.contains(a.node.as_str()) {
                out.push(Invalid {
                    field: format!("actions[{i}].node"),
                    message: Text::new(
                        format!("no node is named {:?}", a.node),
                        format!("{:?} という名前のノードはありません", a.node),
                    ),
                });
            }
            let kind = self.nodes.iter().find(|n| n.name == a.node).map(|n| n.kind);
            if a.t > self.until && a.t.is_finite() {
                out.push(Invalid {
                    field: format!("actions[{i}].t"),
                    message: Text::new(
                        format!("{} s is after the end of the run ({} s, until): the action would never happen", Short(a.t), Short(self.until)),
                        format!("{} 秒は実行の終わり ({} 秒、until) より後です。この操作は起こりません", Short(a.t), Short(self.until)),
                    ),
                });
            }
            match &a.kind {
                ActionKind::Join { group, .. } | ActionKind::Leave { group, .. }
                    if !group.is_multicast() =>
                {
                    out.push(Invalid {
                        field: format!("actions[{i}].group"),
                        message: Text::new(
                            format!("{group} is not a multicast group (224.0.0.0 to 239.255.255.255)"),
                            format!("{group} はマルチキャストグループ (224.0.0.0〜239.255.255.255) ではありません"),
                        ),
                    });
                }
                // Data goes to a group, or to another node's own (unicast) address.
                ActionKind::SendData { group }
                    if !group.is_multicast()
                        && !self.nodes.iter().any(|n| {
                            n.address == *group && n.name != a.node && !group.is_unspecified()
                        }) =>
                {
                    out.push(Invalid {
                        field: format!("actions[{i}].group"),
                        message: Text::new(
                            format!("{group} is neither a multicast group nor the address of another node"),
                            format!("{group} はマルチキャストグループでも、ほかのノードのアドレスでもありません"),
                        ),
                    });
                }
                ActionKind::Join { .. } | ActionKind::Leave { .. }
                    if kind != Some(NodeKind::Host) && kind.is_some() =>
                {
                    out.push(Invalid {
                        field: format!("actions[{i}].node"),
                        message: Text::new(
                            format!("{:?} is not a host: only hosts join and leave groups", a.node),
                            format!("{:?} はホストではありません。グループに参加・脱退するのはホストだけです", a.node),
                        ),
                    });
                }
                ActionKind::Join { sources, .. } => too_many(
                    &mut out,
                    &format!("actions[{i}].sources"),
                    sources.len(),
                    limits::MAX_SOURCES_PER_ACTION,
                ),
                ActionKind::SetTimer { timer, value } => {
                    let field = format!("actions[{i}].value");
                    if INTERVALS.contains(&timer.as_str()) {
                        check_interval(&mut out, field, *value);
                    } else if COUNTS.contains(&timer.as_str()) {
                        check_count(&mut out, field, *value);
                    } else {
                        out.push(Invalid {
                            field: format!("actions[{i}].timer"),
                            message: Text::new(
                                format!(
                                    "{timer:?} is not a timer that can be set (one of {})",
                                    [INTERVALS, COUNTS].concat().join(", ")
                                ),
                                format!(
                                    "{timer:?} は設定できるタイマーではありません ({} のいずれか)",
                                    [INTERVALS, COUNTS].concat().join(", ")
                                ),
                            ),
                        });
                    }
                }
                _ => {}
            }
        }
        if out.is_empty() {
            Ok(())
        } else {
            Err(out)
        }
    }
}

/// Why a scenario's JSON could not be run (#31): the JSON does not parse (with its place), or
/// it parses and fields are invalid (each named). Rendered in both languages (#28).
#[derive(Clone, Debug, PartialEq)]
pub enum ScenarioError {
    Json {
        line: usize,
        column: usize,
        what: JsonProblem,
    },
    Invalid(Vec<Invalid>),
}

/// What is wrong with a scenario's JSON ([`crate::json`]'s reader names it).
pub use crate::json::Problem as JsonProblem;

impl ScenarioError {
    /// The message, naming the place (line and column) or each invalid field.
    pub fn text(&self) -> Text {
        match self {
            ScenarioError::Json { line, column, what } => {
                let (en, ja) = match what {
                    JsonProblem::Syntax(m) => (
                        format!("this is not JSON here ({m})"),
                        "ここは JSON として読めません (カンマ・引用符・括弧を確かめてください)"
                            .to_string(),
                    ),
                    JsonProblem::Eof(_) => (
                        "the text ends before the JSON does".to_string(),
                        "JSON が終わる前に文章が終わっています".to_string(),
                    ),
                    JsonProblem::MissingField(f) => (
                        format!("the field `{f}` is missing"),
                        format!("フィールド `{f}` がありません"),
                    ),
                    JsonProblem::DuplicateField(f) => (
                        format!("the field `{f}` is given twice"),
                        format!("フィールド `{f}` が 2 回あります"),
                    ),
                    JsonProblem::UnknownValue(v) => (
                        format!("`{v}` is not one of the values allowed here"),
                        format!("`{v}` はここで使える値ではありません"),
                    ),
                    JsonProblem::WrongType(m) => (
                        format!("a value of the wrong kind ({m})"),
                        "値の種類が違います (数・文字列・リストを確かめてください)".to_string(),
                    ),
                };
                Text::new(
                    format!("Scenario JSON, line {line}, column {column}: {en}."),
                    format!("シナリオ JSON の {line} 行 {column} 列目: {ja}。"),
                )
            }
            ScenarioError::Invalid(problems) => {
                let list = |l: crate::codec::Lang| {
                    problems
                        .iter()
                        .map(|p| format!("{}: {}", p.field, p.message.get(l)))
                        .collect::<Vec<_>>()
                        .join("; ")
                };
                Text::new(
                    format!("The scenario cannot run: {}", list(crate::codec::Lang::En)),
                    format!(
                        "このシナリオは実行できません: {}",
                        list(crate::codec::Lang::Ja)
                    ),
                )
            }
        }
    }
}

/// The scenario's JSON read by hand over [`json::Value`], in the form serde writes it (its
/// derives stay for writing, and as the witness `tests/json.rs` holds these readers to): the app
/// does not carry serde's derived readers (#30's room; docs/benchmarks.md). As serde's would,
/// they ignore unknown members, take an absent member's default and a null optional member as
/// absent, and read every member an action has before its `do` picks the ones it uses.
mod read {
    use super::*;
    use crate::json::{Problem, Value, Wrong};

    fn addr_of(v: &Value) -> Result<Ipv4Addr, Wrong> {
        v.parsed("an IPv4 address")
    }

    pub(super) fn scenario(v: &Value) -> Result<Scenario, Wrong> {
        Ok(Scenario {
            name: v.field("name")?.string()?,
            title: v.or("title", Text::default(), Text::read)?,
            explanation: v.or("explanation", Text::default(), Text::read)?,
            seed: v.or("seed", default_seed(), Value::unsigned)?,
            until: v.or("until", default_until(), Value::number)?,
            timers: v.or("timers", Timers::default(), timers)?,
            nodes: v.field("nodes")?.list_of(node)?,
            actions: v.or("actions", vec![], |a| a.list_of(action))?,
        })
    }

    fn timers(v: &Value) -> Result<Timers, Wrong> {
        let d = Timers::default();
        Ok(Timers {
            profile: v.or("profile", d.profile, |p| {
                p.pick(&[("rfc3376", Profile::Rfc3376), ("rfc9776", Profile::Rfc9776)])
            })?,
            robustness: v.or("robustness", d.robustness, Value::unsigned)?,
            query_interval: v.or("query_interval", d.query_interval, Value::number)?,
            query_response_interval: v.or(
                "query_response_interval",
                d.query_response_interval,
                Value::number,
            )?,
            last_member_query_interval: v.or(
                "last_member_query_interval",
                d.last_member_query_interval,
                Value::number,
            )?,
            last_member_query_count: v.opt("last_member_query_count", Value::unsigned)?,
            startup_query_interval: v.opt("startup_query_interval", Value::number)?,
            startup_query_count: v.opt("startup_query_count", Value::unsigned)?,
            unsolicited_report_interval_v2: v.or(
                "unsolicited_report_interval_v2",
                d.unsolicited_report_interval_v2,
                Value::number,
            )?,
            unsolicited_report_interval_v3: v.or(
                "unsolicited_report_interval_v3",
                d.unsolicited_report_interval_v3,
                Value::number,
            )?,
            v1_router_present_timeout: v.or(
                "v1_router_present_timeout",
                d.v1_router_present_timeout,
                Value::number,
            )?,
            first_query_delay: v.or("first_query_delay", d.first_query_delay, Value::number)?,
        })
    }

    fn node(v: &Value) -> Result<NodeConfig, Wrong> {
        let kind = v.field("kind")?;
        Ok(NodeConfig {
            name: v.field("name")?.string()?,
            kind: kind.pick(&[
                ("host", NodeKind::Host),
                ("router", NodeKind::Router),
                ("switch", NodeKind::Switch),
            ])?,
            address: v.or("address", unspecified(), addr_of)?,
            version: v.or("version", three(), Value::unsigned)?,
            querier: v.or("querier", false, Value::boolean)?,
            flood_unregistered: v.or("flood_unregistered", false, Value::boolean)?,
            ssm_aware: v.or("ssm_aware", false, Value::boolean)?,
            pack_reports: v.or("pack_reports", false, Value::boolean)?,
            robustness: v.opt("robustness", Value::unsigned)?,
            query_interval: v.opt("query_interval", Value::number)?,
            query_response_interval: v.opt("query_response_interval", Value::number)?,
            last_member_query_interval: v.opt("last_member_query_interval", Value::number)?,
            last_member_query_count: v.opt("last_member_query_count", Value::unsigned)?,
            startup_query_interval: v.opt("startup_query_interval", Value::number)?,
            startup_query_count: v.opt("startup_query_count", Value::unsigned)?,
            first_query_delay: v.opt("first_query_delay", Value::number)?,
        })
    }

    fn action(v: &Value) -> Result<Action, Wrong> {
        #[derive(Clone, Copy)]
        enum Do {
            Join,
            Leave,
            SendData,
            Down,
            Up,
            DropNext,
            SetTimer,
        }
        let t = v.field("t")?.number()?;
        let node = v.field("node")?.string()?;
        let act = v.field("do")?.pick(&[
            ("join", Do::Join),
            ("leave", Do::Leave),
            ("send-data", Do::SendData),
            ("down", Do::Down),
            ("up", Do::Up),
            ("drop-next", Do::DropNext),
            ("set-timer", Do::SetTimer),
        ])?;
        let group = v.opt("group", addr_of)?;
        let mode = v.opt("mode", |m| {
            m.pick(&[
                ("include", FilterMode::Include),
                ("exclude", FilterMode::Exclude),
            ])
        })?;
        let sources = v.or("sources", vec![], |l| l.list_of(addr_of))?;
        let socket = v.or("socket", 0, Value::unsigned)?;
        let kind = v.opt("kind", Value::string)?;
        let timer = v.opt("timer", Value::string)?;
        let value = v.opt("value", Value::number)?;
        let missing = |name: &str| Wrong::new(v, Problem::MissingField(name.to_string()));
        let group = group.ok_or_else(|| missing("group"));
        let kind = match act {
            Do::Join => ActionKind::Join {
                group: group?,
                mode,
                sources,
                socket,
            },
            Do::Leave => ActionKind::Leave {
                group: group?,
                socket,
            },
            Do::SendData => ActionKind::SendData { group: group? },
            Do::Down => ActionKind::Down,
            Do::Up => ActionKind::Up,
            Do::DropNext => ActionKind::DropNext { kind },
            Do::SetTimer => ActionKind::SetTimer {
                timer: timer.ok_or_else(|| missing("timer"))?,
                value: value.ok_or_else(|| missing("value"))?,
            },
        };
        Ok(Action { t, node, kind })
    }
}

impl Scenario {
    /// A scenario from its JSON as written, not yet validated.
    pub fn read(json: &str) -> Result<Scenario, crate::json::JsonError> {
        crate::json::read(json, read::scenario)
    }

    /// A scenario from its JSON, validated: what can run, or every reason it cannot.
    pub fn from_json(json: &str) -> Result<Scenario, ScenarioError> {
        let s = Scenario::read(json).map_err(|e| ScenarioError::Json {
            line: e.line,
            column: e.column,
            what: e.problem,
        })?;
        s.validate().map_err(ScenarioError::Invalid)?;
        Ok(s)
    }
}

/// What the Scenarios screen's "schedule an action" form asks for: a node, what it does, the
/// group (as typed), and when (as typed, in seconds).
pub struct ScheduleForm<'a> {
    pub node: &'a str,
    pub kind: &'a str,
    pub group: &'a str,
    pub time: &'a str,
}

impl ScheduleForm<'_> {
    /// The action the form describes, or each field it cannot use, named (`schedule.group`,
    /// `schedule.time`) and in both languages. Full-width digits from a Japanese input method
    /// read as digits. A group that does not parse is refused, never replaced by a default.
    pub fn action(&self) -> Result<Action, Vec<Invalid>> {
        let mut out = Vec::new();
        let time = crate::codec::width::ascii_twins(self.time.trim());
        let t = match crate::num::decimal(&time) {
            Some(t) if t.is_finite() && (0.0..=limits::MAX_DURATION_S).contains(&t) => t,
            _ => {
                out.push(Invalid {
                    field: "schedule.time".into(),
                    message: Text::new(
                        format!(
                            "\"{}\" is not a time from 0 to {} s",
                            self.time.trim(),
                            Short(limits::MAX_DURATION_S)
                        ),
                        format!(
                            "「{}」は 0 から {} 秒までの時刻ではありません",
                            self.time.trim(),
                            Short(limits::MAX_DURATION_S)
                        ),
                    ),
                });
                0.0
            }
        };
        let needs_group = matches!(self.kind, "join" | "leave" | "send-data");
        let typed = crate::codec::width::ascii_twins(self.group.trim());
        let group = match typed.parse::<Ipv4Addr>() {
            Ok(g) if g.is_multicast() => Some(g),
            // Data may go to a host's own address (checked against the nodes with the rest).
            Ok(g) if self.kind == "send-data" => Some(g),
            Ok(_) if needs_group => {
                out.push(Invalid {
                    field: "schedule.group".into(),
                    message: Text::new(
                        format!("{typed} is not a multicast group (224.0.0.0 to 239.255.255.255)"),
                        format!("{typed} はマルチキャストグループ (224.0.0.0〜239.255.255.255) ではありません"),
                    ),
                });
                None
            }
            Err(_) if needs_group => {
                out.push(Invalid {
                    field: "schedule.group".into(),
                    message: Text::new(
                        format!(
                            "\"{}\" is not an IPv4 address (four numbers 0 to 255 with dots)",
                            self.group.trim()
                        ),
                        format!(
                            "「{}」は IPv4 アドレス (0〜255 の 4 つの数をドットで区切ったもの) ではありません",
                            self.group.trim()
                        ),
                    ),
                });
                None
            }
            _ => None,
        };
        if !out.is_empty() {
            return Err(out);
        }
        let g = group.unwrap_or(Ipv4Addr::UNSPECIFIED);
        let kind = match self.kind {
            "join" => ActionKind::Join {
                group: g,
                mode: None,
                sources: vec![],
                socket: 0,
            },
            "leave" => ActionKind::Leave {
                group: g,
                socket: 0,
            },
            "drop-next" => ActionKind::DropNext { kind: None },
            "down" => ActionKind::Down,
            "up" => ActionKind::Up,
            _ => ActionKind::SendData { group: g },
        };
        Ok(Action {
            t,
            node: self.node.to_string(),
            kind,
        })
    }
}
