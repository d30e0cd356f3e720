//! The rules the analyzer checks: a stable id, the RFC section and a severity each (the
//! README's table says what each means). The sentences are written where a finding is made:
//! they name its frames, hosts and times.

use crate::codec::Severity;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Rule {
    pub id: &'static str,
    pub rfc: &'static str,
    pub severity: Severity,
}

pub const NO_GROUP_QUERY: Rule = Rule {
    id: "no-group-query",
    rfc: "RFC 2236 §3; RFC 3376 §6.4.2",
    severity: Severity::Error,
};
pub const LMQ_COUNT: Rule = Rule {
    id: "last-member-query-count",
    rfc: "RFC 2236 §3, §8.9; RFC 3376 §6.6.3",
    severity: Severity::Warning,
};
pub const LMQ_INTERVAL: Rule = Rule {
    id: "last-member-query-interval",
    rfc: "RFC 2236 §3, §8.8; RFC 3376 §6.6.3",
    severity: Severity::Warning,
};
pub const QUERY_VERSION: Rule = Rule {
    id: "query-version",
    rfc: "RFC 3376 §7.3.1; RFC 2236 §4",
    severity: Severity::Warning,
};
pub const LEAVE_NOT_LAST: Rule = Rule {
    id: "leave-not-last-reporter",
    rfc: "RFC 2236 §3",
    severity: Severity::Info,
};
pub const LATE_REPORT: Rule = Rule {
    id: "late-report",
    rfc: "RFC 2236 §3; RFC 3376 §5.2",
    severity: Severity::Warning,
};
pub const TWO_QUERIERS: Rule = Rule {
    id: "two-queriers",
    rfc: "RFC 2236 §3; RFC 3376 §6.6.2",
    severity: Severity::Warning,
};
pub const TAKEOVER_EARLY: Rule = Rule {
    id: "takeover-early",
    rfc: "RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5",
    severity: Severity::Warning,
};
pub const TAKEOVER_LATE: Rule = Rule {
    id: "takeover-late",
    rfc: "RFC 2236 §3, §8.5; RFC 3376 §6.6.2, §8.5",
    severity: Severity::Warning,
};
pub const REPORT_DESTINATION: Rule = Rule {
    id: "report-destination",
    rfc: "RFC 2236 §9; RFC 3376 §4.2.14",
    severity: Severity::Warning,
};
pub const COMPAT_MODE: Rule = Rule {
    id: "compat-mode",
    rfc: "RFC 3376 §7.3.2; RFC 2236 §4, §7",
    severity: Severity::Info,
};
pub const NO_QUERIER: Rule = Rule {
    id: "no-querier",
    rfc: "RFC 2236 §3; RFC 3376 §6.6.2",
    severity: Severity::Info,
};

pub const LATE_GROUP_QUERY: Rule = Rule {
    id: "late-group-query",
    rfc: "RFC 2236 §3; RFC 3376 §6.6.3",
    severity: Severity::Warning,
};
pub const NOT_RETRANSMITTED: Rule = Rule {
    id: "not-retransmitted",
    rfc: "RFC 2236 §3, §8.9; RFC 3376 §6.6.3",
    severity: Severity::Warning,
};
pub const QUERY_IN_V1_MODE: Rule = Rule {
    id: "query-in-v1-mode",
    rfc: "RFC 3376 §7.3.2; RFC 2236 §5",
    severity: Severity::Warning,
};
pub const QUERY_SOURCE_UNSPECIFIED: Rule = Rule {
    id: "query-source-unspecified",
    rfc: "RFC 3376 §4.1.8, §6.6.3.2",
    severity: Severity::Warning,
};
pub const MAX_RESP_NOT_BELOW_INTERVAL: Rule = Rule {
    id: "max-resp-not-below-interval",
    rfc: "RFC 2236 §8.3; RFC 3376 §8.3",
    severity: Severity::Warning,
};
pub const ROBUSTNESS_ONE: Rule = Rule {
    id: "robustness-one",
    rfc: "RFC 3376 §8.1; RFC 2236 §8.1",
    severity: Severity::Warning,
};
pub const SSM_OLDER_VERSION: Rule = Rule {
    id: "ssm-older-version",
    rfc: "RFC 4604 §2.2",
    severity: Severity::Warning,
};
pub const S_FLAG_UNEXPECTED: Rule = Rule {
    id: "s-flag-unexpected",
    rfc: "RFC 3376 §6.6.3.1",
    severity: Severity::Warning,
};
pub const SWITCH_QUERIER: Rule = Rule {
    id: "switch-querier",
    rfc: "RFC 4541 §2.1.1",
    severity: Severity::Info,
};
pub const DUPLICATES_MERGED: Rule = Rule {
    id: "duplicates-merged",
    rfc: "RFC 4541 §2.1",
    severity: Severity::Info,
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
    LATE_GROUP_QUERY,
    NOT_RETRANSMITTED,
    QUERY_IN_V1_MODE,
    QUERY_SOURCE_UNSPECIFIED,
    MAX_RESP_NOT_BELOW_INTERVAL,
    ROBUSTNESS_ONE,
    SSM_OLDER_VERSION,
    S_FLAG_UNEXPECTED,
    SWITCH_QUERIER,
    DUPLICATES_MERGED,
];
