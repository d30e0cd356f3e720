//! The few number conversions the core needs outside the codec, each written once with its
//! meaning: they saturate (never wrap, never panic), the behaviour wanted for counts, sizes and
//! times taken from input on a 32-bit target.

/// A float as a whole `u64`: Rust's `as` saturates (NaN and negatives give 0, anything too large
/// `u64::MAX`) and drops the fraction.
#[allow(
    clippy::cast_possible_truncation,
    clippy::cast_sign_loss,
    reason = "`as` from f64 saturates and truncates toward zero; that is the conversion wanted"
)]
pub fn whole(x: f64) -> u64 {
    x as u64
}

/// A count or size as a `u16` field, `u16::MAX` when it does not fit.
pub fn u16_sat(n: usize) -> u16 {
    u16::try_from(n).unwrap_or(u16::MAX)
}

/// A count or size as a `u32`, `u32::MAX` when it does not fit.
pub fn u32_sat(n: impl TryInto<u32>) -> u32 {
    n.try_into().unwrap_or(u32::MAX)
}

/// A whole `u64` as a `usize`, `usize::MAX` when it does not fit (wasm32).
pub fn usize_sat(n: u64) -> usize {
    usize::try_from(n).unwrap_or(usize::MAX)
}

/// A decimal number as people type it (`12`, `-0.5`, `.25`, `1.`, `2e-3`) as an `f64`, or None.
/// `inf` and `nan` are not numbers here. Up to 15 significant digits with a power of ten within
/// ±22 (every time, interval and rate a person types) the result is the correctly rounded one, as
/// `str::parse` gives: both operands of one multiplication or division are exact (Clinger's fast
/// path). Longer inputs keep their first 18 digits and are within a few units in the last place.
/// Written here so that the browser app does not carry the standard library's general algorithm
/// and its 10 KB table of powers of five, which only those longer inputs need.
pub fn decimal(text: &str) -> Option<f64> {
    const EXACT: [f64; 23] = [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16,
        1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];
    const KEPT: u64 = 100_000_000_000_000_000;
    let (negative, unsigned) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text.strip_prefix('+').unwrap_or(text)),
    };
    let (mantissa, exponent) = match unsigned.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (unsigned, None),
    };
    let (whole_part, fraction) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    if whole_part.is_empty() && fraction.is_empty() {
        return None;
    }
    let (mut m, mut e10) = (0_u64, 0_i32);
    for (b, in_fraction) in whole_part
        .bytes()
        .map(|b| (b, false))
        .chain(fraction.bytes().map(|b| (b, true)))
    {
        let digit = u64::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
        if m < KEPT {
            m = m * 10 + digit;
            e10 -= i32::from(in_fraction);
        } else {
            e10 += i32::from(!in_fraction);
        }
    }
    if let Some(e) = exponent {
        let (sign, digits) = match e.strip_prefix('-') {
            Some(rest) => (-1, rest),
            None => (1, e.strip_prefix('+').unwrap_or(e)),
        };
        if digits.is_empty() {
            return None;
        }
        let mut n = 0_i32;
        for b in digits.bytes() {
            let digit = i32::from(b.checked_sub(b'0').filter(|d| *d < 10)?);
            n = n.saturating_mul(10).saturating_add(digit);
        }
        e10 = e10.saturating_add(sign * n.min(99_999));
    }
    #[allow(
        clippy::cast_precision_loss,
        reason = "exact below 2^53; the rest is approximate by design"
    )]
    let mf = m as f64;
    let magnitude = match usize::try_from(e10.unsigned_abs())
        .ok()
        .and_then(|i| EXACT.get(i))
    {
        _ if m == 0 => 0.0,
        // An exact integer times or over an exact power of ten: one operation, rounded once.
        Some(p) if m < (1 << 53) => {
            if e10 < 0 {
                mf / p
            } else {
                mf * p
            }
        }
        _ if e10 > 400 => f64::INFINITY,
        _ if e10 < -400 => 0.0,
        // In two steps, so that a subnormal result does not pass through zero.
        _ => mf * 10_f64.powi(e10 / 2) * 10_f64.powi(e10 - e10 / 2),
    };
    Some(if negative { -magnitude } else { magnitude })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conversions_saturate() {
        assert_eq!(whole(f64::NAN), 0);
        assert_eq!(whole(-3.5), 0);
        assert_eq!(whole(2.9), 2);
        assert_eq!(whole(1e30), u64::MAX);
        assert_eq!(u16_sat(70_000), u16::MAX);
        assert_eq!(u16_sat(12), 12);
        assert_eq!(u32_sat(u64::MAX), u32::MAX);
        assert_eq!(u32_sat(7_usize), 7);
        assert_eq!(usize_sat(5), 5);
    }

    #[test]
    fn decimals_read_as_the_standard_library_reads_them() {
        for t in [
            "0",
            "12",
            "-0.5",
            "+3",
            ".25",
            "1.",
            "2e-3",
            "1E3",
            "0.1",
            "0.3",
            "1.5",
            "86400",
            "0.001",
            "123456789012345",
            "9007199254740993",
            "1e22",
            "1e23",
            "-7.25e+2",
            "00012.500",
            "1e-320",
            "1e400",
            "123456789012345678901234567890",
            "0.000000000000000000001234",
        ] {
            let ours = decimal(t);
            let std: Option<f64> = t.parse().ok();
            let (Some(a), Some(b)) = (ours, std) else {
                panic!("{t}: {ours:?} vs {std:?}");
            };
            assert!(
                a == b || ((a - b) / b).abs() < 1e-15 || (a - b).abs() < 1e-322,
                "{t}: {a} vs {b}"
            );
        }
        for t in [
            "", "-", ".", "e5", "1e", "1e+", "1.2.3", "12a", "inf", "NaN", "0x10", " 1", "1 ",
        ] {
            assert_eq!(decimal(t), None, "{t}");
        }
    }
}
