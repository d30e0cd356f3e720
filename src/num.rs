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
}
