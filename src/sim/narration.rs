//! The simulator's events, typed: the state machines say what changed as a [`State`] pair and a
//! [`Cause`] with its facts; this module alone turns them into the trace's state names and the
//! English and Japanese sentences (with the RFC section each rule comes from).

use std::net::Ipv4Addr;

use super::host::HostState;
use super::router::Role;
use crate::codec::Text;
use crate::engine::v2::V2State;
use crate::engine::v3::Row;
use crate::engine::{FilterMode, RecordType};

/// A state a node, or one of its groups, sources or ports, is in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum State {
    /// A host's group state (RFC 2236 §6).
    Host(HostState),
    /// A host's filter for a group (RFC 3376 §3.2).
    HostFilter(FilterMode, Vec<Ipv4Addr>),
    /// A host's compatibility mode (RFC 3376 §7.2.1).
    HostMode(u8),
    /// Whether an IGMPv1 router is present, for an IGMPv2 host (RFC 2236 §6).
    V1Router(bool),
    /// A router before it starts.
    Initial,
    Role(Role),
    /// A router's IGMPv2 group state (RFC 2236 §7).
    V2(V2State),
    /// A router's IGMPv3 group record (RFC 3376 §6.2.1): INCLUDE (x) or EXCLUDE (x, y).
    Record {
        mode: FilterMode,
        x: Vec<Ipv4Addr>,
        y: Vec<Ipv4Addr>,
    },
    /// A source being forwarded.
    Forwarding,
    /// A group's compatibility mode (RFC 3376 §7.3.2).
    Compat(u8),
    /// The Robustness Variable and Query Interval (s) a router uses.
    Timers {
        rv: u32,
        qi_s: u64,
    },
    /// A switch port's role (RFC 4541 §2.1.1).
    Port {
        router: bool,
    },
    /// A switch port's membership of a group.
    PortMember {
        port: String,
        member: bool,
    },
    /// A node powered up or down (a scenario action).
    Power(bool),
}

fn list(s: &[Ipv4Addr]) -> String {
    s.iter()
        .map(Ipv4Addr::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

impl State {
    /// The name the trace, the badges and the state panel show.
    pub fn name(&self) -> String {
        match self {
            State::Host(s) => s.name().into(),
            State::HostFilter(mode, sources) => format!("{}{{{}}}", mode.name(), list(sources)),
            State::HostMode(m) => format!("IGMPv{m} mode"),
            State::V1Router(true) => "IGMPv1 Router Present".into(),
            State::V1Router(false) => "No IGMPv1 Router Present".into(),
            State::Initial => "Initial".into(),
            State::Role(r) => r.name().into(),
            State::V2(s) => s.name().into(),
            State::Record { mode, x, y } => match mode {
                FilterMode::Include => format!("INCLUDE{{{}}}", list(x)),
                FilterMode::Exclude => format!("EXCLUDE{{{}}}{{{}}}", list(x), list(y)),
            },
            State::Forwarding => "forwarding".into(),
            State::Compat(v) => format!("IGMPv{v} compatibility"),
            State::Timers { rv, qi_s } => format!("RV {rv} QI {qi_s} s"),
            State::Port { router: true } => "router port".into(),
            State::Port { router: false } => "host port".into(),
            State::PortMember { port, member } => {
                format!("{port}: {}", if *member { "member" } else { "no member" })
            }
            State::Power(true) => "Up".into(),
            State::Power(false) => "Down".into(),
        }
    }
}

/// How a host left a group (RFC 2236 §6, RFC 1112 App. I).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LeaveHow {
    /// IGMPv1 has no Leave.
    V1Silent,
    /// An IGMPv1 router is present and would ignore it.
    V1RouterPresent,
    /// It sent the last report: it sends a Leave.
    SendsLeave,
    /// Another host sent the last report.
    NotLastReporter,
}

/// What a router's report handling did (RFC 2236 §7).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReportEffect {
    /// The group had no members.
    FirstMember,
    /// The report answered the group-specific query.
    Answered,
    /// An IGMPv1 report: the group timer and the v1 host timer restart.
    V1Restart,
    /// The group timer restarts.
    Restart,
}

/// Why a state changed: the facts, not the sentence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Cause {
    // ----- hosts ---------------------------------------------------------------------------
    HostModeChanged {
        mode: u8,
    },
    FilterChanged {
        old: String,
        new: String,
    },
    Joined {
        v1: bool,
    },
    Left {
        how: LeaveHow,
    },
    /// The report timer fired and the report went out (an IGMPv1 report sets no flag).
    ReportTimerExpired {
        v1: bool,
    },
    V1RouterGone,
    V1QueryHeard,
    HeardReportCancelled {
        from: Ipv4Addr,
        group: Ipv4Addr,
    },
    HeardReportNotLast {
        from: Ipv4Addr,
        group: Ipv4Addr,
    },
    QueryArrived {
        group: Ipv4Addr,
        max_ms: u64,
    },
    // ----- switches ------------------------------------------------------------------------
    RouterPortFound {
        from: Ipv4Addr,
        port: String,
    },
    PortJoined {
        group: Ipv4Addr,
        port: String,
    },
    PortAgedOut {
        group: Ipv4Addr,
        port: String,
    },
    // ----- routers -------------------------------------------------------------------------
    AdoptedTimers {
        rv: u32,
        qi_s: u64,
    },
    StartedAsQuerier,
    TookOver,
    LostElection {
        to: Ipv4Addr,
    },
    Report {
        from: Ipv4Addr,
        group: Ipv4Addr,
        effect: ReportEffect,
    },
    LeaveIgnoredV1 {
        from: Ipv4Addr,
    },
    LeaveChecking {
        from: Ipv4Addr,
        group: Ipv4Addr,
    },
    HeardGroupQuery {
        group: Ipv4Addr,
    },
    GroupExpiredV2 {
        group: Ipv4Addr,
    },
    OlderHostHeard {
        from: Ipv4Addr,
        version: u8,
        group: Ipv4Addr,
        mode: u8,
    },
    OlderHostGone {
        group: Ipv4Addr,
        version: u8,
        mode: u8,
    },
    V1HostGone {
        group: Ipv4Addr,
    },
    Record {
        from: Ipv4Addr,
        group: Ipv4Addr,
        record: RecordType,
        sources: Vec<Ipv4Addr>,
        row: Row,
    },
    RecordDeleted {
        group: Ipv4Addr,
    },
    BackToInclude {
        group: Ipv4Addr,
    },
    SourceExpired {
        group: Ipv4Addr,
        source: Ipv4Addr,
        group_empty: bool,
    },
    SourceBlocked {
        group: Ipv4Addr,
        source: Ipv4Addr,
    },
    // ----- the world -----------------------------------------------------------------------
    Stopped,
    Restarted,
}

impl Cause {
    /// The RFC section the rule comes from (empty for scenario actions).
    pub fn rfc(&self) -> &'static str {
        match self {
            Cause::HostModeChanged { .. } => "RFC 3376 §7.2.1",
            Cause::FilterChanged { .. } => "RFC 3376 §5.1",
            Cause::Joined { v1: true }
            | Cause::ReportTimerExpired { v1: true }
            | Cause::Left {
                how: LeaveHow::V1Silent,
            } => "RFC 1112 App. I",
            Cause::Joined { v1: false }
            | Cause::Left { .. }
            | Cause::ReportTimerExpired { v1: false }
            | Cause::V1RouterGone
            | Cause::HeardReportCancelled { .. }
            | Cause::HeardReportNotLast { .. }
            | Cause::QueryArrived { .. } => "RFC 2236 §6",
            Cause::V1QueryHeard => "RFC 2236 §4, §6",
            Cause::RouterPortFound { .. }
            | Cause::PortJoined { .. }
            | Cause::PortAgedOut { .. } => "RFC 4541 §2.1.1",
            Cause::AdoptedTimers { .. } => "RFC 3376 §4.1.6, §4.1.7",
            Cause::StartedAsQuerier | Cause::TookOver | Cause::LostElection { .. } => {
                "RFC 2236 §3, RFC 3376 §6.6.2"
            }
            Cause::Report { .. } | Cause::GroupExpiredV2 { .. } => "RFC 2236 §7",
            Cause::LeaveIgnoredV1 { .. } => "RFC 2236 §5",
            Cause::LeaveChecking { .. } => "RFC 2236 §3, §7",
            Cause::HeardGroupQuery { .. } => "RFC 2236 §3",
            Cause::OlderHostHeard { .. } | Cause::OlderHostGone { .. } => "RFC 3376 §7.3.2",
            Cause::V1HostGone { .. } => "RFC 2236 §5, §7",
            Cause::Record { row, .. } => row.section(),
            Cause::RecordDeleted { .. } | Cause::BackToInclude { .. } => "RFC 3376 §6.2.2, §6.5",
            Cause::SourceExpired { .. } | Cause::SourceBlocked { .. } => "RFC 3376 §6.2.3, §6.3",
            Cause::Stopped | Cause::Restarted => "",
        }
    }

    /// The sentence, in English and Japanese.
    pub fn text(&self) -> Text {
        let (en, ja): (String, String) = match self {
            Cause::HostModeChanged { mode: m } => (
                format!("Host compatibility mode is now IGMPv{m}: pending responses and retransmissions are cancelled."),
                format!("ホスト互換モードが IGMPv{m} になりました。保留中の応答と再送は取り消されます。"),
            ),
            Cause::FilterChanged { old, new } => (
                format!("The application changed its filter: {old} → {new}; the host reports the difference at once."),
                format!("アプリケーションがフィルタを変更しました: {old} → {new}。ホストは差分をすぐに報告します。"),
            ),
            Cause::Joined { v1: true } => (
                "Joined: sent a Version 1 report and will repeat it after a random delay.".into(),
                "参加: バージョン 1 レポートを送信し、ランダムな遅延の後に繰り返します。".into(),
            ),
            Cause::Joined { v1: false } => (
                "Joined: sent an unsolicited report at once, set the last-reporter flag, and will repeat it after a random delay up to the Unsolicited Report Interval.".into(),
                "参加: 非要求レポートをすぐに送信し、最終報告者フラグを立て、非要求レポート間隔以内のランダムな遅延の後に繰り返します。".into(),
            ),
            Cause::Left { how } => {
                let (en, ja) = match how {
                    LeaveHow::V1Silent => (
                        "Left silently: IGMPv1 has no Leave message.",
                        "黙って脱退: IGMPv1 にはリーブメッセージがありません。",
                    ),
                    LeaveHow::V1RouterPresent => (
                        "Left without a Leave: an IGMPv1 router is present, and it would ignore it.",
                        "リーブメッセージを送らずに脱退: IGMPv1 ルータがいるため、送っても無視されます。",
                    ),
                    LeaveHow::SendsLeave => (
                        "Left: this host sent the last report, so it sends a Leave Group to 224.0.0.2.",
                        "脱退: このホストが最後にレポートを送ったので、224.0.0.2 にリーブメッセージを送ります。",
                    ),
                    LeaveHow::NotLastReporter => (
                        "Left silently: another host sent the last report, so no Leave is needed (Linux does the same).",
                        "黙って脱退: 最後のレポートは別のホストが送ったためリーブメッセージは不要です (Linux も同じ動作)。",
                    ),
                };
                (en.into(), ja.into())
            }
            Cause::ReportTimerExpired { v1: false } => (
                "The report timer expired: sent a report and set the last-reporter flag.".into(),
                "レポートタイマーが満了: レポートを送信し、最終報告者フラグを立てました。".into(),
            ),
            Cause::ReportTimerExpired { v1: true } => (
                "The report timer expired: sent a Version 1 report (IGMPv1 keeps no last-reporter flag).".into(),
                "レポートタイマーが満了: バージョン 1 レポートを送信しました (IGMPv1 に最終報告者フラグはありません)。".into(),
            ),
            Cause::V1RouterGone => (
                "No IGMPv1 query for 400 s: back to IGMPv2 reports and Leaves.".into(),
                "400 秒間 IGMPv1 クエリーがありません: IGMPv2 のレポートとリーブメッセージに戻ります。".into(),
            ),
            Cause::V1QueryHeard => (
                "Heard an IGMPv1 query (Max Resp 0): for 400 s this host sends v1 reports and no Leaves.".into(),
                "IGMPv1 クエリー (最大応答 0) を受信: 400 秒間、v1 レポートを送りリーブメッセージは送りません。".into(),
            ),
            Cause::HeardReportCancelled { from, group: g } => (
                format!("Heard {from}'s report for {g} and cancelled its own; it is no longer the last reporter."),
                format!("{from} からの {g} のレポートを受信し、自分のレポートを取り消しました。最終報告者ではなくなりました。"),
            ),
            Cause::HeardReportNotLast { from, group: g } => (
                format!("Heard {from}'s report for {g}: it is no longer the last reporter, so it will leave silently."),
                format!("{from} からの {g} のレポートを受信: 最終報告者ではなくなったため、脱退するときはリーブメッセージを送りません。"),
            ),
            Cause::QueryArrived { group: g, max_ms: max } => (
                format!("A query arrived: it will report {g} after a random delay up to {}.{} s.", max / 1000, max % 1000 / 100),
                format!("クエリーを受信: 最大 {}.{} 秒のランダムな遅延の後に {g} を報告します。", max / 1000, max % 1000 / 100),
            ),
            Cause::RouterPortFound { from, port } => (
                format!("A query from {from} arrived on port {port}: it is now a router port (reports go there)."),
                format!("{from} からのクエリーがポート {port} に届きました: ルータポートとして扱います (レポートはここへ転送)。"),
            ),
            Cause::PortJoined { group: g, port } => (
                format!("A report for {g} arrived on port {port}: data for {g} will go out of that port."),
                format!("{g} のレポートがポート {port} に届きました: {g} のデータをこのポートへ転送します。"),
            ),
            Cause::PortAgedOut { group: g, port } => (
                format!("No report for {g} on port {port} in time: the port no longer receives {g}."),
                format!("ポート {port} で {g} のレポートが期限内にありません: このポートへは {g} を転送しません。"),
            ),
            Cause::AdoptedTimers { rv, qi_s } => (
                format!("Adopts the querier's Robustness Variable {rv} and Query Interval {qi_s} s from its query."),
                format!("クエリアのクエリーからロバストネス変数 {rv} とクエリー間隔 {qi_s} 秒を採用します。"),
            ),
            Cause::StartedAsQuerier => (
                "Starts up as the querier and sends its startup general queries.".into(),
                "起動時はクエリアとして動作し、起動時ジェネラルクエリーを送信します。".into(),
            ),
            Cause::TookOver => (
                "No query from a lower address for the Other Querier Present Interval: takes over as querier and sends a general query.".into(),
                "他クエリア存在間隔のあいだ低いアドレスからのクエリーがなかったため、クエリアを引き継ぎジェネラルクエリーを送信します。".into(),
            ),
            Cause::LostElection { to } => (
                format!("Heard a query from {to}, a lower address: stops querying and starts the Other Querier Present timer."),
                format!("より低いアドレス {to} からのクエリーを受信: クエリー送信をやめ、他クエリア存在タイマーを開始します。"),
            ),
            Cause::Report { from: src, group: g, effect } => match effect {
                ReportEffect::FirstMember => (
                    format!("Report from {src}: {g} has members; tells routing to forward it and starts the group timer at the Group Membership Interval (GMI)."),
                    format!("{src} からのレポート: {g} にメンバーがいます。転送を開始し、グループタイマーをグループメンバーシップ間隔 (GMI) で開始します。"),
                ),
                ReportEffect::Answered => (
                    format!("{src} answered the group-specific query: {g} still has members; forwarding continues."),
                    format!("{src} がグループスペシフィッククエリーに応答: {g} にはまだメンバーがいます。転送を続けます。"),
                ),
                ReportEffect::V1Restart => (
                    format!("IGMPv1 report from {src}: restarts the group timer and the v1 host timer of {g}; Leaves are ignored while it runs."),
                    format!("{src} からの IGMPv1 レポート: {g} のグループタイマーと v1 ホストタイマーを再開始します。その間リーブメッセージは無視します。"),
                ),
                ReportEffect::Restart => (
                    format!("Report from {src}: restarts the group timer of {g}."),
                    format!("{src} からのレポート: {g} のグループタイマーを再開始します。"),
                ),
            },
            Cause::LeaveIgnoredV1 { from } => (
                format!("Ignored {from}'s Leave: an IGMPv1 member may still be present and cannot answer a group-specific query."),
                format!("{from} のリーブメッセージを無視: IGMPv1 メンバーがいる可能性があり、グループスペシフィッククエリーに応答できません。"),
            ),
            Cause::LeaveChecking { from, group: g } => (
                format!("{from} left {g}: sends a group-specific query (Max Resp = Last Member Query Interval) and sets the group timer to Last Member Query Time."),
                format!("{from} が {g} から脱退: グループスペシフィッククエリー (最大応答 = ラストメンバークエリー間隔) を送り、グループタイマーをラストメンバークエリー時間に設定します。"),
            ),
            Cause::HeardGroupQuery { group: g } => (
                format!("Heard the querier's group-specific query for {g}: lowers the group timer to Max Resp × Last Member Query Count."),
                format!("クエリアの {g} のグループスペシフィッククエリーを受信: グループタイマーを 最大応答 × ラストメンバークエリー回数 に下げます。"),
            ),
            Cause::GroupExpiredV2 { group: g } => (
                format!("The group timer of {g} expired with no report: no members remain, so routing stops forwarding {g}."),
                format!("{g} のグループタイマーがレポートなしで満了: メンバーがいないため {g} の転送を停止します。"),
            ),
            Cause::OlderHostHeard { from: src, version, group: g, mode } => (
                format!("An IGMPv{version} report from {src}: {g} runs in IGMPv{mode} compatibility mode for the Older Host Present Interval (BLOCK records are ignored, TO_EX is taken as TO_EX({{}}))."),
                format!("{src} からの IGMPv{version} レポート: {g} は旧ホスト存在間隔のあいだ IGMPv{mode} 互換モードで動作します (BLOCK レコードは無視し、TO_EX は TO_EX({{}}) とみなします)。"),
            ),
            Cause::OlderHostGone { group: g, version: v, mode } => (
                format!("No IGMPv{v} report for {g} for the Older Host Present Interval: the group returns to IGMPv{mode} mode."),
                format!("旧ホスト存在間隔のあいだ {g} の IGMPv{v} レポートがありません: グループは IGMPv{mode} モードに戻ります。"),
            ),
            Cause::V1HostGone { group: g } => (
                format!("No IGMPv1 report for {g} for the Group Membership Interval: Leaves count again."),
                format!("グループメンバーシップ間隔のあいだ {g} の IGMPv1 レポートがありません: リーブメッセージが再び有効になります。"),
            ),
            Cause::Record { from: src, group: g, record, sources, row } => {
                let kind = record.short();
                let list = list(sources);
                let rule = row.rule();
                (
                    format!("{src} reported {kind}({{{list}}}) for {g}. Rule: {rule}."),
                    format!(
                        "{src} が {g} について {kind}({{{list}}}) を報告。規則: {}。",
                        rule.replace("Delete", "削除").replace("Send Q", "クエリー送信 Q")
                    ),
                )
            }
            Cause::RecordDeleted { group: g } => (
                format!("The group timer of {g} expired and no source timer runs: the group is deleted and no longer forwarded."),
                format!("{g} のグループタイマーが満了し、動作中の送信元タイマーもありません: グループを削除し、転送を停止します。"),
            ),
            Cause::BackToInclude { group: g } => (
                format!("The group timer of {g} expired: back to INCLUDE mode with the sources still wanted."),
                format!("{g} のグループタイマーが満了: まだ必要な送信元だけを持つ INCLUDE モードに戻ります。"),
            ),
            Cause::SourceExpired { group: g, source: s, group_empty } => (
                format!(
                    "The timer of source {s} for {g} expired: the source is deleted{}.",
                    if *group_empty { ", and with it the group" } else { "" }
                ),
                format!(
                    "{g} の送信元 {s} のタイマーが満了: 送信元を削除します{}。",
                    if *group_empty { "。これでグループも削除されます" } else { "" }
                ),
            ),
            Cause::SourceBlocked { group: g, source: s } => (
                format!("The timer of source {s} for {g} expired in EXCLUDE mode: traffic from {s} is no longer forwarded; the record stays until the group timer expires."),
                format!("EXCLUDE モードで {g} の送信元 {s} のタイマーが満了: {s} からの通信は転送しません。記録はグループタイマー満了まで残ります。"),
            ),
            Cause::Stopped => (
                "The node stopped (scenario action).".into(),
                "ノードが停止しました (シナリオの操作)。".into(),
            ),
            Cause::Restarted => (
                "The node started again (scenario action).".into(),
                "ノードが再び起動しました (シナリオの操作)。".into(),
            ),
        };
        Text { en, ja }
    }
}

/// Source addresses for a sentence: "10.0.0.1" or "10.0.0.1, 10.0.0.2".
fn spoken(s: &[Ipv4Addr]) -> String {
    s.iter()
        .map(Ipv4Addr::to_string)
        .collect::<Vec<_>>()
        .join(", ")
}

/// What a host's IGMPv3 record says it wants, in everyday words (RFC 3376 §4.2.12).
fn wants(src: &Ipv4Addr, g: &Ipv4Addr, record: RecordType, s: &[Ipv4Addr], first: bool) -> Text {
    let l = spoken(s);
    let n = if s.len() == 1 { "source" } else { "sources" };
    let (en, ja) = match (record, s.is_empty()) {
        (RecordType::IsIn, _) => (
            format!("{src} still wants {g} from {n} {l}."),
            format!("{src} は引き続き送信元 {l} からの {g} を希望しています。"),
        ),
        (RecordType::Allow, _) if first => (
            format!("{src} wants {g} from {n} {l}."),
            format!("{src} は送信元 {l} からの {g} を希望しました。"),
        ),
        (RecordType::Allow, _) => (
            format!("{src} also wants {g} from {n} {l}."),
            format!("{src} は送信元 {l} からの {g} も希望しました。"),
        ),
        (RecordType::ToIn, true) => (
            format!("{src} no longer wants {g}."),
            format!("{src} は {g} を希望しなくなりました。"),
        ),
        (RecordType::ToIn, false) => (
            format!("{src} now wants {g} only from {n} {l}."),
            format!("{src} は今後、送信元 {l} からの {g} だけを希望します。"),
        ),
        (RecordType::IsEx, true) => (
            format!("{src} still wants {g} from any source."),
            format!("{src} は引き続きすべての送信元からの {g} を希望しています。"),
        ),
        (RecordType::IsEx, false) => (
            format!("{src} still wants {g} from every source except {l}."),
            format!("{src} は引き続き送信元 {l} 以外からの {g} を希望しています。"),
        ),
        (RecordType::ToEx, true) => (
            format!("{src} now wants {g} from any source."),
            format!("{src} は今後、すべての送信元からの {g} を希望します。"),
        ),
        (RecordType::ToEx, false) => (
            format!("{src} now wants {g} from every source except {l}."),
            format!("{src} は今後、送信元 {l} 以外からの {g} を希望します。"),
        ),
        (RecordType::Block, _) => (
            format!("{src} no longer wants {g} from {n} {l}."),
            format!("{src} は送信元 {l} からの {g} を希望しなくなりました。"),
        ),
        (RecordType::Unknown(_), _) => (
            format!("{src} sent a record of an unknown type for {g}."),
            format!("{src} が {g} について未知の種類のレコードを送りました。"),
        ),
    };
    Text::new(en, ja)
}

/// What a router forwards for a group in state `to` (RFC 3376 §6.2.1), in everyday words.
fn forwards(g: &Ipv4Addr, to: &State) -> Text {
    let State::Record { mode, x, y } = to else {
        return Text::default();
    };
    let (en, ja) = match mode {
        FilterMode::Include if x.is_empty() => (
            format!(" It no longer forwards {g}."),
            format!("{g} はもう転送しません。"),
        ),
        FilterMode::Include => (
            format!(" It forwards {g} from {}.", spoken(x)),
            format!("送信元 {} からの {g} を転送します。", spoken(x)),
        ),
        FilterMode::Exclude if y.is_empty() => (
            format!(" It forwards {g} from every source."),
            format!("すべての送信元からの {g} を転送します。"),
        ),
        FilterMode::Exclude => (
            format!(" It forwards {g} from every source except {}.", spoken(y)),
            format!("送信元 {} 以外からの {g} を転送します。", spoken(y)),
        ),
    };
    Text::new(en, ja)
}

impl Cause {
    /// The step as a class reads it: a plain sentence first (who did what, and why, in everyday
    /// words, with the real addresses), and the rule behind it for the "details" toggle. The set
    /// names of RFC 3376 §6.4's tables (A, B, X, Y) appear only there, each given its addresses,
    /// since hosts are named A and B too; the abbreviations are spelt out beside them.
    pub fn sentence(&self, from: &State, to: &State) -> (Text, Text) {
        let Cause::Record {
            from: src,
            group: g,
            record,
            sources,
            row,
        } = self
        else {
            return (self.text(), Text::default());
        };
        // The first request for a group's sources is "wants", later ones "also wants".
        let first =
            matches!(from, State::Record { mode: FilterMode::Include, x, .. } if x.is_empty());
        let (w, f) = (wants(src, g, *record, sources, first), forwards(g, to));
        let plain = Text::new(format!("{}{}", w.en, f.en), format!("{}{}", w.ja, f.ja));
        let set = |s: &[Ipv4Addr]| format!("{{{}}}", list(s));
        let report = set(sources);
        let (legend_en, legend_ja) = match from {
            State::Record {
                mode: FilterMode::Exclude,
                x,
                y,
            } => (
                format!(
                    "X = {} (the sources still forwarded), Y = {} (the sources blocked), A = {report} (the report's sources)",
                    set(x),
                    set(y)
                ),
                format!(
                    "X = {} (転送中の送信元)、Y = {} (遮断中の送信元)、A = {report} (レポートの送信元)",
                    set(x),
                    set(y)
                ),
            ),
            State::Record { x, .. } => (
                format!(
                    "A = {} (the sources it forwarded), B = {report} (the report's sources)",
                    set(x)
                ),
                format!("A = {} (転送中の送信元)、B = {report} (レポートの送信元)", set(x)),
            ),
            _ => (
                format!("the report's sources = {report}"),
                format!("レポートの送信元 = {report}"),
            ),
        };
        let rule = row.rule();
        let details = Text::new(
            format!(
                "{src} reported {}({report}). Rule ({}): {rule}, where {legend_en}. GMI is the Group Membership Interval, GT the group timer, Q(G,S) a group-and-source-specific query.",
                record.short(),
                row.section()
            ),
            format!(
                "{src} が {}({report}) を報告。規則 ({}): {}。ここで {legend_ja}。GMI はグループメンバーシップ間隔、GT はグループタイマー、Q(G,S) はグループ・ソーススペシフィッククエリーです。",
                record.short(),
                row.section(),
                rule.replace("Delete", "削除").replace("Send Q", "クエリー送信 Q")
            ),
        );
        (plain, details)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every cause has a sentence in both languages, and the RFC rules their section.
    #[test]
    fn every_cause_speaks_both_languages() {
        let a = Ipv4Addr::new(10, 0, 0, 1);
        let causes = [
            Cause::HostModeChanged { mode: 2 },
            Cause::Joined { v1: true },
            Cause::Left {
                how: LeaveHow::SendsLeave,
            },
            Cause::TookOver,
            Cause::Report {
                from: a,
                group: a,
                effect: ReportEffect::Answered,
            },
            Cause::Record {
                from: a,
                group: a,
                record: RecordType::Block,
                sources: vec![a],
                row: Row::IncludeBlock,
            },
            Cause::SourceExpired {
                group: a,
                source: a,
                group_empty: true,
            },
        ];
        for c in causes {
            let t = c.text();
            assert!(!t.en.is_empty() && !t.ja.is_empty(), "{c:?}");
            assert!(t.ja.chars().any(|ch| ch > '\u{3000}'), "{c:?}: {}", t.ja);
            assert!(c.rfc().starts_with("RFC "), "{c:?}");
        }
        let r = Cause::Record {
            from: a,
            group: a,
            record: RecordType::Block,
            sources: vec![a],
            row: Row::IncludeBlock,
        };
        assert_eq!(r.rfc(), "RFC 3376 §6.4.2");
        assert!(r.text().ja.contains("クエリー送信 Q"));
    }

    #[test]
    fn state_names_are_the_traces() {
        assert_eq!(
            State::V2(V2State::CheckingMembership).name(),
            "CheckingMembership"
        );
        let x = vec![Ipv4Addr::new(10, 0, 0, 1)];
        assert_eq!(
            State::Record {
                mode: FilterMode::Exclude,
                x,
                y: vec![]
            }
            .name(),
            "EXCLUDE{10.0.0.1}{}"
        );
        assert_eq!(State::Compat(2).name(), "IGMPv2 compatibility");
        assert_eq!(
            State::PortMember {
                port: "A".into(),
                member: false
            }
            .name(),
            "A: no member"
        );
    }
}
