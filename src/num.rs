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

/// `x` held within `lo..=hi` (`lo` ≤ `hi`): `f64::clamp` without its panic, whose message
/// formats both bounds and so brings the standard library's float formatting (Grisu and Dragon4,
/// about 12 KB) into the browser app. A NaN `x` gives `lo`.
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    x.max(lo).min(hi)
}

/// `x` with `places` digits after the point (at most 9), exactly as `format!("{x:.places$}")`
/// writes it: the exact binary value rounded half to even, the sign of a negative value (and of
/// -0) kept, `NaN`, `inf` and `-inf` as words. Written here so that the browser app does not
/// carry the standard library's float formatting (Grisu and Dragon4, about 12 KB of code): every
/// time and size the app prints goes through this or [`Short`].
#[derive(Clone, Copy, Debug)]
pub struct Fixed(pub f64, pub u8);

impl core::fmt::Display for Fixed {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let Fixed(x, places) = *self;
        let places = u32::from(places.min(9));
        if special(x, f)? {
            return Ok(());
        }
        let (m, e) = parts(x);
        let scale = 10_u128.pow(places);
        if e >= 0 {
            // A whole number: its digits, then zeros after the point.
            whole_digits(f, m, e.unsigned_abs())?;
            if places > 0 {
                write!(f, ".{:0width$}", 0, width = places as usize)?;
            }
            return Ok(());
        }
        // m · 10^places / 2^-e, rounded half to even (m < 2^53 and 10^9 < 2^30: fits in u128).
        let v = u128::from(m).saturating_mul(scale);
        let shift = e.unsigned_abs();
        let n = if shift >= 127 {
            0 // v < 2^83, so below half of 2^shift
        } else {
            let q = v >> shift;
            let r = v & ((1_u128 << shift) - 1);
            let half = 1_u128 << (shift - 1);
            if r > half || (r == half && q & 1 == 1) {
                q.saturating_add(1)
            } else {
                q
            }
        };
        write!(f, "{}", n / scale)?;
        if places > 0 {
            write!(f, ".{:0width$}", n % scale, width = places as usize)?;
        }
        Ok(())
    }
}

/// Writes NaN and the infinities as `format!` does, and the sign of anything negative (-0 too);
/// true when nothing is left to write.
fn special(x: f64, f: &mut core::fmt::Formatter<'_>) -> Result<bool, core::fmt::Error> {
    if x.is_nan() {
        f.write_str("NaN")?;
        return Ok(true);
    }
    if x.is_sign_negative() {
        f.write_str("-")?;
    }
    if x.is_infinite() {
        f.write_str("inf")?;
        return Ok(true);
    }
    Ok(false)
}

/// |x| = m · 2^e exactly.
fn parts(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let biased = (bits >> 52) & 0x7ff;
    let fraction = bits & ((1_u64 << 52) - 1);
    if biased == 0 {
        (fraction, -1074)
    } else {
        (
            fraction | (1 << 52),
            i32::try_from(biased).unwrap_or(0).saturating_sub(1075),
        )
    }
}

/// `x` as `format!("{x}")` writes it: the shortest decimal that reads back as the same f64, never
/// with an exponent (`1e21` is 22 digits, `1e-7` is `0.0000001`), `-0`, `NaN`, `inf`, `-inf`.
/// The digits are zmij's (the shortest-digits algorithm serde_json already brings into the
/// app); their layout, and the standard library's choice between two equally near ones, are
/// done here.
#[derive(Clone, Copy, Debug)]
pub struct Short(pub f64);

impl core::fmt::Display for Short {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        let x = self.0;
        if special(x, f)? {
            return Ok(());
        }
        let mut buffer = zmij::Buffer::new();
        let text = buffer.format_finite(x.abs());
        // zmij writes `d[.ddd][e±NN]`: its digits, and where the point goes among them.
        let (mantissa, exp) = text.split_once(['e', 'E']).unwrap_or((text, "0"));
        let exp: i32 = exp.trim_start_matches('+').parse().unwrap_or(0);
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let digits: String = int.chars().chain(frac.chars()).collect();
        let lead = digits
            .len()
            .saturating_sub(digits.trim_start_matches('0').len());
        let point = i32::try_from(int.len())
            .unwrap_or(0)
            .saturating_add(exp)
            .saturating_sub(i32::try_from(lead).unwrap_or(0));
        let digits = digits.trim_start_matches('0').trim_end_matches('0');
        if digits.is_empty() {
            return f.write_str("0");
        }
        let len = i32::try_from(digits.len()).unwrap_or(0);
        let zeros = |n: i32| "0".repeat(usize::try_from(n).unwrap_or(0));
        // Where x lies exactly halfway between two shortest decimals, the standard library takes
        // the upper one, zmij the even one: take the upper one.
        let fd = len.saturating_sub(point);
        if let Some(up) = upper_of_tie(x.abs(), fd) {
            return if fd > 0 {
                let scale = 10_u128.pow(fd.unsigned_abs());
                let frac = format!("{:0w$}", up % scale, w = fd.unsigned_abs() as usize);
                match frac.trim_end_matches('0') {
                    "" => write!(f, "{}", up / scale),
                    frac => write!(f, "{}.{frac}", up / scale),
                }
            } else {
                write!(f, "{up}{}", zeros(fd.saturating_neg()))
            };
        }
        if point <= 0 {
            write!(f, "0.{}{digits}", zeros(point.saturating_neg()))
        } else if point >= len {
            write!(f, "{digits}{}", zeros(point.saturating_sub(len)))
        } else {
            let (a, b) = digits.split_at(usize::try_from(point).unwrap_or(0));
            write!(f, "{a}.{b}")
        }
    }
}

/// When x is exactly halfway between two decimals with `fd` digits after the point (`fd` < 0:
/// a multiple of 10^-fd), the upper one times 10^fd; None when it is not a tie, or too large to
/// tell (a tie needs x's exact decimal to end one digit after the shortest, which no x below
/// 1e-9 has).
fn upper_of_tie(x: f64, fd: i32) -> Option<u128> {
    let (keep, drop) = if fd >= 0 {
        (fd.saturating_add(1), 1)
    } else {
        (0, fd.unsigned_abs())
    };
    let n = scaled_exact(x, u32::try_from(keep).ok().filter(|&k| k <= 9)?)?;
    let unit = 10_u128.checked_pow(drop)?;
    (n % unit == unit / 2).then(|| (n / unit).saturating_add(1))
}

/// x · 10^k (k ≤ 9) when that is a whole number below 2^128.
fn scaled_exact(x: f64, k: u32) -> Option<u128> {
    let (m, e) = parts(x);
    let v = u128::from(m).checked_mul(10_u128.pow(k))?;
    if e >= 0 {
        let e = e.unsigned_abs();
        (e < v.leading_zeros()).then(|| v << e)
    } else {
        let shift = e.unsigned_abs();
        (shift < 128 && v & ((1_u128 << shift) - 1) == 0).then(|| v >> shift)
    }
}

/// The decimal digits of m · 2^e (e ≥ 0), which may have up to 309 of them.
fn whole_digits(f: &mut core::fmt::Formatter<'_>, m: u64, e: u32) -> core::fmt::Result {
    if e <= 64 {
        return write!(f, "{}", u128::from(m) << e);
    }
    // Base 10^9 limbs, least significant first, doubled e times.
    let mut limbs: Vec<u32> = vec![];
    let mut rest = m;
    while rest > 0 {
        limbs.push(u32::try_from(rest % 1_000_000_000).unwrap_or(0));
        rest /= 1_000_000_000;
    }
    for _ in 0..e {
        let mut carry = 0_u32;
        for limb in &mut limbs {
            let twice = limb.saturating_mul(2).saturating_add(carry);
            carry = u32::from(twice >= 1_000_000_000);
            *limb = twice % 1_000_000_000;
        }
        if carry > 0 {
            limbs.push(carry);
        }
    }
    let mut high = limbs.iter().rev();
    if let Some(first) = high.next() {
        write!(f, "{first}")?;
    }
    for limb in high {
        write!(f, "{limb:09}")?;
    }
    Ok(())
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

    #[test]
    fn fixed_writes_as_the_standard_library_writes() {
        let values = [
            0.0,
            -0.0,
            0.5,
            1.5,
            2.5,
            -2.5,
            0.125,
            0.0625,
            1.0005,
            0.0005,
            0.0015,
            123.4565,
            1e-7,
            -1e-7,
            0.1,
            0.3,
            2.675,
            1e15,
            1e21,
            1.7976931348623157e308,
            5e-324,
            4503599627370497.5,
            9007199254740993.0,
            12.3456789,
            86400.0,
            3.9999999995,
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ];
        for x in values {
            for p in 0..=9_u8 {
                let want = format!("{x:.prec$}", prec = usize::from(p));
                assert_eq!(Fixed(x, p).to_string(), want, "{x:e} to {p} places");
            }
        }
    }

    #[test]
    fn short_writes_as_the_standard_library_writes() {
        for x in [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.3,
            1.5,
            25.5,
            3174.4,
            1e21,
            1e22,
            1.5e300,
            1e-7,
            1.25e-7,
            5e-324,
            1.7976931348623157e308,
            123456789.125,
            0.000123,
            100.0,
            86400.0,
            266_957_684_987_440.0 + 0.125, // a tie between two 17-digit decimals
            f64::NAN,
            f64::INFINITY,
            f64::NEG_INFINITY,
        ] {
            assert_eq!(Short(x).to_string(), format!("{x}"), "{x:e}");
        }
    }

    #[test]
    fn clamp_holds_within_the_bounds() {
        assert_eq!(clamp(5.0, 0.0, 1.0), 1.0);
        assert_eq!(clamp(-5.0, 0.0, 1.0), 0.0);
        assert_eq!(clamp(0.25, 0.0, 1.0), 0.25);
        assert_eq!(clamp(f64::NAN, 0.0, 1.0), 0.0);
    }
}
