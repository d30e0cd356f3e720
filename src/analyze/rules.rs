//! The rules the analyzer checks: a stable id, the RFC section and a severity each. The
//! sentences are written where a finding is made (they name its frames, hosts and times).

use crate::codec::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub rfc: &'static str,
    pub severity: Severity,
    /// What the rule says, for the report's legend.
    pub en: &'static str,
    pub ja: &'static str,
}

pub const NO_GROUP_QUERY: Rule = Rule {
    id: "no-group-query",
    rfc: "RFC 2236 §3; RFC 3376 §6.4.2",
    severity: Severity::Error,
    en: "The querier must answer a Leave (or a state change that can end reception) with group-specific queries.",
    ja: "クエリアはリーブメッセージ (または受信を終わらせうる状態変化) にグループスペシフィッククエリーで応えなければなりません。",
};
pub const LMQ_COUNT: Rule = Rule {
    id: "last-member-query-count",
    rfc: "RFC 2236 §3, §8.9; RFC 3376 §6.6.3",
    severity: Severity::Warning,
    en: "After a Leave the querier sends Last Member Query Count group-specific queries, unless a report answers first.",
    ja: "リーブメッセージの後、クエリアはレポートが返るまでラストメンバークエリーカウント回のグループスペシフィッククエリーを送ります。",
};
pub const LMQ_INTERVAL: Rule = Rule {
    id: "last-member-query-interval",
    rfc: "RFC 2236 §3, §8.8; RFC 3376 §6.6.3",
    severity: Severity::Warning,
    en: "Group-specific queries for one Leave are Last Member Query Interval apart (their own Max Resp Time).",
    ja: "一つのリーブメッセージに対するグループスペシフィッククエリーの間隔はラストメンバークエリーインターバル (クエリー自身の最大応答時間) です。",
};
pub const QUERY_VERSION: Rule = Rule {
    id: "query-version",
    rfc: "RFC 3376 §7.3.1; RFC 2236 §4",
    severity: Severity::Warning,
    en: "A router queries in one version: the one it is configured for (the lowest on the link).",
    ja: "ルータは設定された一つのバージョン (リンク上の最も古いバージョン) でクエリーを送ります。",
};
pub const LEAVE_NOT_LAST: Rule = Rule {
    id: "leave-not-last-reporter",
    rfc: "RFC 2236 §3",
    severity: Severity::Info,
    en: "A host MAY send a Leave when it was not the last to report the group (Linux does not).",
    ja: "グループを最後にレポートしたホストでなくても脱退時にリーブメッセージを送ってよい (MAY) とされます (Linux は送りません)。",
};
pub const LATE_REPORT: Rule = Rule {
    id: "late-report",
    rfc: "RFC 2236 §3; RFC 3376 §5.2",
    severity: Severity::Warning,
    en: "A host answers a query within the query's Max Resp Time.",
    ja: "ホストはクエリーの最大応答時間のうちに応答します。",
};
pub const TWO_QUERIERS: Rule = Rule {
    id: "two-queriers",
    rfc: "RFC 2236 §3; RFC 3376 §6.6.2",
    severity: Severity::Warning,
    en: "A router that hears a query from a lower address stops querying for the Other Querier Present Interval.",
    ja: "より小さいアドレスからのクエリーを聞いたルータは、他クエリア存在間隔のあいだクエリーを止めます。",
};
pub const TAKEOVER_EARLY: Rule = Rule {
    id: "takeover-early",
    rfc: "RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5",
    severity: Severity::Warning,
    en: "A non-querier takes over only when the Other Querier Present Interval has passed without a query.",
    ja: "非クエリアは他クエリア存在間隔のあいだクエリーが無かったときにだけクエリアを引き継ぎます。",
};
pub const TAKEOVER_LATE: Rule = Rule {
    id: "takeover-late",
    rfc: "RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5",
    severity: Severity::Warning,
    en: "A non-querier takes over as soon as the Other Querier Present Interval has passed.",
    ja: "非クエリアは他クエリア存在間隔が過ぎたらすぐにクエリアを引き継ぎます。",
};
pub const REPORT_DESTINATION: Rule = Rule {
    id: "report-destination",
    rfc: "RFC 2236 §9; RFC 3376 §4.2.14",
    severity: Severity::Warning,
    en: "v1/v2 reports go to the group, Leaves to 224.0.0.2, v3 reports to 224.0.0.22.",
    ja: "v1/v2 レポートはグループ宛て、リーブメッセージは 224.0.0.2 宛て、v3 レポートは 224.0.0.22 宛てです。",
};
pub const COMPAT_MODE: Rule = Rule {
    id: "compat-mode",
    rfc: "RFC 3376 §7.3.2; RFC 2236 §4, §7",
    severity: Severity::Info,
    en: "An older host's report puts the group in an older compatibility mode (Leaves or source filters are then ignored).",
    ja: "古いホストのレポートでグループは古い互換モードになります (リーブメッセージやソースフィルタは無視されます)。",
};
pub const NO_QUERIER: Rule = Rule {
    id: "no-querier",
    rfc: "RFC 2236 §3; RFC 3376 §6.6.2",
    severity: Severity::Info,
    en: "No query was heard before this message, so nothing answered it (and no query rule could be checked).",
    ja: "このメッセージより前にクエリーが無く、応えるクエリアがいません (クエリーの規則は確認できません)。",
};

/// Every rule of the analyzer (the codec's per-frame diagnostics come in addition, by code).
pub const RULES: &[Rule] = &[
    NO_GROUP_QUERY,
    LMQ_COUNT,
    LMQ_INTERVAL,
    QUERY_VERSION,
    LEAVE_NOT_LAST,
    LATE_REPORT,
    TWO_QUERIERS,
    TAKEOVER_EARLY,
    TAKEOVER_LATE,
    REPORT_DESTINATION,
    COMPAT_MODE,
    NO_QUERIER,
];
