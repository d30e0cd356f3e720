//! The derived intervals of RFC 2236 §8 and RFC 3376 §8, once for every time unit.

/// A time or duration in whole units (the simulator's ms, the analysis' µs).
pub trait Time: Copy + Ord + Default {
    fn add(self, other: Self) -> Self;
    fn times(self, n: u32) -> Self;
    fn half(self) -> Self;
}

impl Time for u64 {
    fn add(self, other: u64) -> u64 {
        self.saturating_add(other)
    }
    fn times(self, n: u32) -> u64 {
        self.saturating_mul(u64::from(n))
    }
    fn half(self) -> u64 {
        self / 2
    }
}

impl Time for i64 {
    fn add(self, other: i64) -> i64 {
        self.saturating_add(other)
    }
    fn times(self, n: u32) -> i64 {
        self.saturating_mul(i64::from(n))
    }
    fn half(self) -> i64 {
        self / 2
    }
}

/// RFC 2236 §8.4, RFC 3376 §8.4: "The Group Membership Interval … MUST be ((the Robustness
/// Variable) times (the Query Interval)) plus (one Query Response Interval)." RFC 9776 §8.4
/// adds a second Query Response Interval (`extra_qri`).
pub fn gmi<T: Time>(rv: u32, qi: T, qri: T, extra_qri: bool) -> T {
    let base = qi.times(rv).add(qri);
    if extra_qri {
        base.add(qri)
    } else {
        base
    }
}

/// RFC 2236 §8.5, RFC 3376 §8.5: "The Other Querier Present Interval … MUST be ((the
/// Robustness Variable) times (the Query Interval)) plus (one half of one Query Response
/// Interval)."
pub fn oqpi<T: Time>(rv: u32, qi: T, qri: T) -> T {
    qi.times(rv).add(qri.half())
}

/// RFC 3376 §8.13: "Older Host Present Interval … MUST be ((the Robustness Variable) times (the
/// Query Interval)) plus (one Query Response Interval)."
pub fn older_host_present<T: Time>(rv: u32, qi: T, qri: T) -> T {
    qi.times(rv).add(qri)
}

/// RFC 3376 §8.14: "Last Member Query Time … is [Last Member Query Interval] * [Last Member
/// Query Count]"; RFC 2236 §3 uses the same product for the group timer after a Leave.
pub fn lmqt<T: Time>(lmqi: T, lmqc: u32) -> T {
    lmqi.times(lmqc)
}

/// RFC 3376 §8.1: a Robustness Variable of 0 in a query's QRV means "not said" (§4.1.6: "If
/// the querier's [Robustness Variable] exceeds 7 … the QRV field is set to zero"), and the
/// default is 2.
pub fn robustness_from_qrv(qrv: u8) -> u32 {
    if qrv == 0 {
        2
    } else {
        u32::from(qrv)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_defaults_of_rfc_3376_section_8() {
        // RV 2, QI 125 s, QRI 10 s, LMQI 1 s (in ms).
        assert_eq!(gmi(2, 125_000u64, 10_000, false), 260_000);
        assert_eq!(gmi(2, 125_000u64, 10_000, true), 270_000);
        assert_eq!(oqpi(2, 125_000u64, 10_000), 255_000);
        assert_eq!(older_host_present(2, 125_000u64, 10_000), 260_000);
        assert_eq!(lmqt(1_000u64, 2), 2_000);
        assert_eq!(oqpi(2, 125_000_000i64, 10_000_000), 255_000_000);
        assert_eq!(robustness_from_qrv(0), 2);
        assert_eq!(robustness_from_qrv(3), 3);
    }
}
