//! The trace: what happened, in order (packets with their bytes, state changes with their cause
//! and RFC section, timer updates), and its text, JSON-lines and capture forms.

use serde::{Deserialize, Serialize};

use super::Ms;
use crate::codec::{LinkType, Text};

/// One line of the trace.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum TraceEntry {
    Packet {
        t: Ms,
        node: String,
        /// IP destination.
        to: String,
        /// `v2-report`, `v3-query`, `data`, …
        #[serde(rename = "type")]
        msg: String,
        group: String,
        summary: String,
        #[serde(with = "hex_bytes")]
        bytes: Vec<u8>,
        /// Names of the nodes that received the frame.
        receivers: Vec<String>,
        dropped: bool,
        /// Shown timers that nodes restarted or stopped on receiving this frame (see
        /// [`TimerUpdate`]).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        updates: Vec<TimerUpdate>,
    },
    State {
        t: Ms,
        node: String,
        group: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        source: Option<String>,
        from: String,
        to: String,
        /// The plain sentence: who did what, and why.
        cause: Text,
        /// The rule behind it, with its notation (IGMPv3's set algebra), for "details".
        #[serde(default, skip_serializing_if = "Text::is_empty")]
        details: Text,
        rfc: String,
        /// Timers this change started: (name, deadline in ms).
        timers: Vec<(String, Ms)>,
        /// Shown timers of any node restarted or stopped with this change.
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        updates: Vec<TimerUpdate>,
    },
}

/// A timer that the state panel shows (one a state change reported) and that a node restarted
/// or stopped without a state change of its own, e.g. a non-querier restarting Other Querier
/// Present on each query it hears. Carried by the trace entry at that instant, so that every
/// timer the panel shows is the simulator's real deadline.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimerUpdate {
    pub node: String,
    pub name: String,
    /// The new deadline, or `None` when the timer was stopped.
    pub until: Option<Ms>,
}

impl TraceEntry {
    pub(super) fn updates_mut(&mut self) -> &mut Vec<TimerUpdate> {
        match self {
            TraceEntry::Packet { updates, .. } | TraceEntry::State { updates, .. } => updates,
        }
    }
}

impl TraceEntry {
    pub fn t(&self) -> Ms {
        match self {
            TraceEntry::Packet { t, .. } | TraceEntry::State { t, .. } => *t,
        }
    }
    pub fn node(&self) -> &str {
        match self {
            TraceEntry::Packet { node, .. } | TraceEntry::State { node, .. } => node,
        }
    }
}

mod hex_bytes {
    pub fn serialize<S: serde::Serializer>(b: &[u8], s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&crate::import::export::hex_stream(b))
    }
    pub fn deserialize<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Vec<u8>, D::Error> {
        let text: String = serde::Deserialize::deserialize(d)?;
        Ok(crate::import::hexdump::parse(&text)
            .frames
            .into_iter()
            .next()
            .unwrap_or_default())
    }
}

/// Trace entries as JSON lines, `t` in seconds (`igmpwb simulate --trace`).
pub fn trace_jsonl(entries: &[TraceEntry]) -> String {
    let mut out = String::new();
    for e in entries {
        let mut v = serde_json::to_value(e).unwrap_or(serde_json::Value::Null);
        if let Some(obj) = v.as_object_mut() {
            obj.insert("t".into(), serde_json::json!(e.t() as f64 / 1000.0));
        }
        out.push_str(&v.to_string());
        out.push('\n');
    }
    out
}

/// The packets of a trace as capture frames (simulated time from the Unix epoch); dropped
/// packets never reached the wire and are left out.
pub fn captured_frames(trace: &[TraceEntry]) -> Vec<crate::import::CapturedFrame> {
    trace
        .iter()
        .filter_map(|e| match e {
            TraceEntry::Packet {
                t,
                bytes,
                dropped: false,
                ..
            } => Some(crate::import::CapturedFrame {
                link: LinkType::Ethernet,
                ts_sec: (*t / 1000) as i64,
                // Below 1 000 000 000: fits.
                ts_nsec: u32::try_from((*t % 1000).saturating_mul(1_000_000)).unwrap_or(0),
                orig_len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                bytes: bytes.clone(),
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            }),
            _ => None,
        })
        .collect()
}

/// The trace as readable text, one line per entry (the golden format and `igmpwb simulate`).
pub fn render_trace(trace: &[TraceEntry]) -> String {
    let mut out = String::new();
    for e in trace {
        match e {
            TraceEntry::Packet {
                t,
                node,
                msg,
                group,
                summary,
                receivers,
                dropped,
                ..
            } => {
                let fate = if *dropped {
                    " [DROPPED]".to_string()
                } else {
                    format!(" -> {}", receivers.join(","))
                };
                out.push_str(&format!(
                    "{:>9.3} {node:<4} send {msg} {group}: {summary}{fate}\n",
                    *t as f64 / 1000.0
                ));
            }
            TraceEntry::State {
                t,
                node,
                group,
                source,
                from,
                to,
                cause,
                details,
                rfc,
                ..
            } => {
                let details = if details.is_empty() {
                    String::new()
                } else {
                    format!(" [{}]", details.en)
                };
                let src = source
                    .as_ref()
                    .map(|s| format!(" source {s}"))
                    .unwrap_or_default();
                out.push_str(&format!(
                    "{:>9.3} {node:<4} state {group}{src}: {from} -> {to} ({rfc}) {}{details}\n",
                    *t as f64 / 1000.0,
                    cause.en
                ));
            }
        }
    }
    out
}
