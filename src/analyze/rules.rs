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
