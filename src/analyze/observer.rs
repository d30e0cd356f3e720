//! The passive router behind [`super::analyze_frames`]: frames in, the model's clock, and the
//! end of the capture. The election is in `election.rs`, the group records (driven through the
//! shared engine, `crate::engine`) in `groups.rs`, what the querier owes in `expect.rs`, and the
//! findings' bookkeeping in `findings.rs`.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::net::IpAddr;

use super::election::{Querier, RouterSeen};
use super::expect::Expectation;
use super::groups::Seen;
use super::{
    Analysis, CompatSpan, Finding, GroupHistory, Input, Mark, Membership, Presence, QuerierSpan,
    MAX_MARKS,
};
use crate::codec::frame::MessageKind;
use crate::codec::{diagnostics, dissect_with, IgmpMessage, Options, QueryVersion};

/// Microseconds since the first frame.
pub(super) type Us = i64;
pub(super) const SEC: Us = 1_000_000;
pub(super) const MS: Us = 1_000;

/// At most this many frame numbers are listed in one finding.
pub(super) const MAX_FRAMES_PER_FINDING: usize = 256;

pub(super) fn secs(t: Us) -> f64 {
    (t as f64) / 1e6
}

pub(super) fn fmt_s(t: Us) -> String {
    crate::num::Fixed(secs(t), 3).to_string()
}

/// Timing slack for a real network: 200 ms or a twentieth of the interval.
pub(super) fn tolerance(interval: Us) -> Us {
    (interval / 20).max(200 * MS)
}

/// A query heard: when, and its Max Resp Time.
#[derive(Clone, Copy, Debug)]
pub(super) struct QueryHeard {
    pub t: Us,
    pub max_resp: Us,
}

/// Feed it frames in capture order ([`Analyzer::observe`]), then [`Analyzer::finish`].
#[derive(Debug, Default)]
pub struct Analyzer {
    /// The protocol this analyzer follows (#30): its findings' words and RFC sections.
    pub(super) family: crate::engine::family::Family,
    pub(super) first: Option<(i64, u32)>,
    pub(super) now: Us,
    pub(super) frames: u64,
    pub(super) igmp_frames: u64,
    pub(super) mld_frames: u64,
    /// Byte-identical copies within 10 ms, counted once.
    pub(super) duplicates: u64,
    pub(super) duplicate_frames: Vec<u64>,
    pub(super) first_duplicate: Option<Us>,
    pub(super) routers: BTreeMap<IpAddr, RouterSeen>,
    pub(super) querier: Option<Querier>,
    /// The last querier that timed out, and when it had last queried.
    pub(super) previous: Option<(IpAddr, Us)>,
    pub(super) querier_spans: Vec<QuerierSpan>,
    /// A snooping switch querying from 0.0.0.0 (RFC 4541 §2.1.1): not a router.
    pub(super) switch_querier: Option<Querier>,
    pub(super) switch_last: Us,
    pub(super) switch_spans: Vec<QuerierSpan>,
    /// Everything about each group ever seen (one map, so that the bundle carries one B-tree).
    pub(super) seen: BTreeMap<IpAddr, Seen>,
    /// The groups with a last-member check in progress.
    pub(super) checking: Vec<IpAddr>,
    pub(super) queue: BinaryHeap<Reverse<(Us, IpAddr)>>,
    pub(super) expectations: Vec<Expectation>,
    pub(super) last_gq: Option<QueryHeard>,
    pub(super) findings: Vec<Finding>,
    pub(super) dropped: u64,
    /// (rule, key) → (finding index, time of its last frame): repeated findings merge.
    pub(super) merge: BTreeMap<(String, String), (usize, Us)>,
    pub(super) no_querier_noted: bool,
    /// Fingerprints of the last 10 ms of frames: a byte-identical copy is the same packet seen
    /// at another capture point (a merged per-port capture, a switch's forwarded copy).
    pub(super) recent: Vec<(Us, u64)>,
    pub(super) marks: Vec<Mark>,
    pub(super) marks_dropped: u64,
}

impl Analyzer {
    pub fn new() -> Analyzer {
        Analyzer::default()
    }

    /// Observes frame `number` of a capture whose other frames a filter left out: findings
    /// name the capture's frame numbers.
    pub fn observe_numbered(&mut self, number: u64, input: Input<'_>) {
        self.frames = self.frames.max(number.saturating_sub(1));
        self.observe(input);
    }

    /// Observes one frame (any frame: those without IGMP are counted and skipped).
    pub fn observe(&mut self, input: Input<'_>) {
        self.frames = self.frames.saturating_add(1);
        let number = self.frames;
        let t = self.relative(input.ts_sec, input.ts_nsec);
        // A capture may go back in time (merged files); the model's clock never does.
        let t = t.max(self.now);
        self.advance(t);
        // A fingerprint, not a copy: no allocation per frame on this path.
        let print = fingerprint(input.bytes);
        self.recent
            .retain(|(at, _)| t.saturating_sub(*at) <= 10 * MS);
        if self.recent.iter().any(|(_, p)| *p == print) {
            self.duplicates = self.duplicates.saturating_add(1);
            self.first_duplicate.get_or_insert(t);
            if self.duplicate_frames.len() < MAX_FRAMES_PER_FINDING {
                self.duplicate_frames.push(number);
            }
            return;
        }
        if self.recent.len() < 256 {
            self.recent.push((t, print));
        }
        let unknown = input.unknown;
        let d = dissect_with(
            input.link,
            input.bytes,
            Options {
                tree: false,
                unknown,
            },
        );
        if d.info.not_igmp {
            // ARP, UDP, IPv6, …: not this analysis' business.
            return;
        }
        if d.info.kind.and_then(MessageKind::mld_version).is_some() {
            // MLD: not yet this analysis' business either, but counted so that the report says
            // what it left out.
            self.mld_frames = self.mld_frames.saturating_add(1);
            return;
        }
        if d.info.kind.is_some() || !d.diagnostics.is_empty() {
            self.igmp_frames = self.igmp_frames.saturating_add(1);
        }
        for diag in &d.diagnostics {
            self.diagnostic(diag, d.info.kind, number, t);
        }
        let Some(frame) = d.frame.filter(|_| unknown.is_empty()) else {
            return;
        };
        let src = IpAddr::V4(frame.ip.src);
        let message = frame.igmp.message();
        if self.marks.len() < MAX_MARKS {
            self.marks.push(Mark {
                frame: number,
                t: secs(t),
                src,
                kind: message.kind(),
                group: message.group().map(IpAddr::V4),
            });
        } else {
            self.marks_dropped = self.marks_dropped.saturating_add(1);
        }
        // "To be valid, the … message must be at least 8 octets long and must have a correct
        // IGMP checksum" (RFC 2236 §2.3, §7); RFC 3376 §4.1.2, §4.2.2: a message with a bad
        // checksum is reported (above) and changes no state.
        if d.diagnostics
            .iter()
            .any(|x| x.is(&diagnostics::IGMP_BAD_CHECKSUM))
        {
            return;
        }
        match message {
            IgmpMessage::Query {
                version,
                max_resp_tenths,
                group,
                s_flag,
                qrv,
                qqi,
                sources,
            } => {
                let version = match version {
                    QueryVersion::V1 => 1,
                    QueryVersion::V2 => 2,
                    QueryVersion::V3 => 3,
                };
                let max_resp = Us::from(max_resp_tenths).saturating_mul(100 * MS);
                let q = super::election::QueryFields {
                    version,
                    max_resp,
                    group: IpAddr::V4(group),
                    s_flag,
                    qrv,
                    qqi,
                };
                let sources: Vec<IpAddr> = sources.into_iter().map(IpAddr::V4).collect();
                self.query(number, t, src, q, &sources);
            }
            IgmpMessage::V1Report { group } => {
                self.old_report(number, t, src, IpAddr::V4(group), 1)
            }
            IgmpMessage::V2Report { group } => {
                self.old_report(number, t, src, IpAddr::V4(group), 2)
            }
            IgmpMessage::Leave { group } => self.leave(number, t, src, IpAddr::V4(group)),
            IgmpMessage::V3Report { records } => {
                for r in records {
                    let b = r.sources.iter().map(|s| IpAddr::V4(*s)).collect();
                    self.v3_record(number, t, src, IpAddr::V4(r.group), r.record_type, b);
                }
            }
            IgmpMessage::Other { .. } => {}
        }
    }

    fn relative(&mut self, sec: i64, nsec: u32) -> Us {
        let (s0, n0) = *self.first.get_or_insert((sec, nsec));
        // i128 holds any i64 seconds × 10^9; saturating all the same, as the lints require.
        let ns = i128::from(sec)
            .saturating_sub(i128::from(s0))
            .saturating_mul(1_000_000_000)
            .saturating_add(i128::from(nsec))
            .saturating_sub(i128::from(n0));
        Us::try_from(ns.checked_div(1000).unwrap_or(0)).unwrap_or(if ns < 0 {
            0
        } else {
            Us::MAX / 4
        })
    }

    /// Runs every timer that expires up to `now`, in order.
    fn advance(&mut self, now: Us) {
        self.querier_timeout(now);
        while let Some(Reverse((d, g))) = self.queue.peek().copied() {
            if d > now {
                break;
            }
            self.queue.pop();
            let current = self.group(g).and_then(|x| x.queued);
            if current == Some(d) {
                self.expire(g, d);
            }
        }
        self.judge_due(now);
        self.now = now;
    }

    /// Ends the capture: closes what is still open at the last frame's time.
    pub fn finish(mut self) -> Analysis {
        let end = self.now;
        self.judge_at_end(end);
        if let Some(q) = self.querier.take() {
            let to = self.routers.get(&q.addr).map_or(end, |r| {
                r.last_query
                    .saturating_add(r.other_querier_present_interval())
                    .min(end)
            });
            self.querier_spans.push(q.span(to));
        }
        if let Some(q) = self.switch_querier.take() {
            self.switch_spans.push(q.span(end));
        }
        if self.duplicates > 0 {
            let n = self.duplicates;
            let frames = std::mem::take(&mut self.duplicate_frames);
            let t = self.first_duplicate.unwrap_or(0);
            let (en, ja) = (
                format!("{n} byte-identical copies of frames seen within 10 ms were counted once: the frames count them, the IGMP messages do not. Such copies are usually the same packet captured at several points (several switch ports of a merged capture); to analyse each port as its own link, capture or filter one port at a time."),
                format!("10 ミリ秒以内のバイト単位で同一のフレーム {n} 個は一つとして数えました (フレーム数には含み、IGMP メッセージ数には含みません)。多くは複数の地点 (マージしたキャプチャのスイッチの複数ポート) で捕えた同じパケットです。ポートごとに別のリンクとして解析するには、ポートを一つずつキャプチャするかフィルタしてください。"),
            );
            self.rule(&super::rules::DUPLICATES_MERGED, frames, t, en, ja, None);
        }
        let mut groups: Vec<GroupHistory> = Vec::new();
        for seen in std::mem::take(&mut self.seen).into_values() {
            let mut hist = seen.history;
            let Some(gr) = seen.group else {
                groups.push(hist);
                continue;
            };
            if let Some(from) = gr.present_since {
                hist.present.push(Presence {
                    from: secs(from),
                    to: secs(end),
                    ended_by: "capture-end",
                });
                hist.compat.push(CompatSpan {
                    mode: mode_name(gr.compat),
                    from: secs(gr.compat_since),
                    to: secs(end),
                });
            }
            for (host, m) in gr.members {
                hist.members.push(Membership {
                    host,
                    from: secs(m.from),
                    to: secs(end),
                });
            }
            groups.push(hist);
        }
        // (Members are listed in the order their membership ended.)
        groups.retain(|g| !g.present.is_empty() || !g.members.is_empty());
        let findings = crate::order::by_f64(self.findings, |f| f.t);
        Analysis {
            queriers: self.querier_spans,
            switch_queriers: self.switch_spans,
            groups,
            findings,
            frames: self.frames,
            igmp_frames: self.igmp_frames,
            mld_frames: self.mld_frames,
            duplicates: self.duplicates,
            duration: secs(end),
            findings_dropped: self.dropped,
            marks: self.marks,
            marks_dropped: self.marks_dropped,
        }
    }
}

/// FNV-1a over the frame and its length: equal frames, equal prints (a different frame with the
/// same print within 10 ms is a 1-in-2^64 chance).
fn fingerprint(bytes: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325 ^ bytes.len() as u64;
    for b in bytes {
        h = (h ^ u64::from(*b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    h
}

pub(super) fn mode_name(v: u8) -> &'static str {
    match v {
        1 => "v1",
        2 => "v2",
        _ => "v3",
    }
}
