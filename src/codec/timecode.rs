//! Max Resp Code and QQIC encodings.
//!
//! RFC 2236 §2.2: the IGMPv2 Max Response Time is linear, in units of 1/10 second.
//! RFC 3376 §4.1.1 / §4.1.7: in IGMPv3 a code >= 128 is floating point:
//! `|1| exp | mant |` → `(mant | 0x10) << (exp + 3)`. Max Resp is in 1/10 s, QQIC in seconds.

/// The floating-point form IGMPv3 and MLDv2 share, for a code whose mantissa has `mant_bits`
/// bits: `|1| exp (3) | mant |` → `(mant | 1 << mant_bits) << (exp + 3)`; below the top bit, the
/// code itself. RFC 3376 §4.1.1 and §4.1.7 (8-bit codes, 4-bit mantissa), RFC 3810 §5.1.3 (the
/// 16-bit Maximum Response Code, 12-bit mantissa) and §5.1.9 (QQIC, as IGMPv3's).
pub fn floating(code: u32, mant_bits: u32) -> u32 {
    let top = 1_u32.checked_shl(mant_bits.saturating_add(3)).unwrap_or(0);
    if code < top {
        return code;
    }
    let implied = 1_u32.checked_shl(mant_bits).unwrap_or(0);
    let mant = code & implied.saturating_sub(1);
    let exp = code.checked_shr(mant_bits).unwrap_or(0) & 0x07;
    (mant | implied)
        .checked_shl(exp.saturating_add(3))
        .unwrap_or(0)
}

/// Decodes an IGMPv3 Max Resp Code or QQIC (and an MLDv2 QQIC) to its value (tenths of a
/// second, or seconds).
pub fn decode_v3(code: u8) -> u32 {
    floating(u32::from(code), 4)
}

/// Decodes an MLDv2 Maximum Response Code to milliseconds (RFC 3810 §5.1.3).
pub fn decode_mld_max_resp(code: u16) -> u32 {
    floating(u32::from(code), 12)
}

/// Encodes a value as an IGMPv3 code, rounding down to the nearest representable value
/// (RFC 3376 §8.8 recommends the next lower value). Returns the code and the value it stands for.
pub fn encode_v3(value: u32) -> (u8, u32) {
    if let Ok(small) = u8::try_from(value).map(|v| v.min(127)) {
        if u32::from(small) == value {
            return (small, value);
        }
    }
    if value >= 31744 {
        return (0xff, 31744);
    }
    // value in [128, 31744): bits in 8..=15, so exp in 0..=7 and the shift in 3..=10.
    let bits = 32u32.saturating_sub(value.leading_zeros());
    let exp = bits.saturating_sub(8);
    let mant = value.checked_shr(exp.saturating_add(3)).unwrap_or(0) & 0x0f;
    let exp_bits = u8::try_from(exp & 0x07).unwrap_or(0);
    let mant_bits = u8::try_from(mant).unwrap_or(0);
    let code = 0x80 | (exp_bits << 4) | mant_bits;
    (code, decode_v3(code))
}

/// Encodes a linear IGMPv1/v2 code, saturating at 255 (25.5 s).
pub fn encode_linear(tenths: u32) -> (u8, u32) {
    let code = u8::try_from(tenths.min(255)).unwrap_or(u8::MAX);
    (code, u32::from(code))
}

/// Formats tenths of a second as seconds with one decimal ("10.0 s").
pub fn tenths_to_string(tenths: u32) -> String {
    format!("{}.{} s", tenths / 10, tenths % 10)
}

/// tcpdump's `unsigned_relts_print`: "51m12s", "1h2m3s", "0s".
pub fn relts(mut secs: u32) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let units = [
        (31_536_000, 'y'),
        (604_800, 'w'),
        (86_400, 'd'),
        (3_600, 'h'),
        (60, 'm'),
        (1, 's'),
    ];
    let mut out = String::new();
    for (len, c) in units {
        if secs >= len {
            out.push_str(&format!("{}{}", secs.checked_div(len).unwrap_or(0), c));
            secs = secs.checked_rem(len).unwrap_or(0);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mld_codes_read_as_rfc_3810_reads_them() {
        // §5.1.3: below 32768 the code is the delay in ms; above, 1 exp(3) mant(12).
        assert_eq!(decode_mld_max_resp(10_000), 10_000);
        assert_eq!(decode_mld_max_resp(0x8000), 0x1000 << 3);
        assert_eq!(decode_mld_max_resp(0x8010), 0x1010 << 3);
        assert_eq!(decode_mld_max_resp(0xffff), 0x1fff << 10);
        // §5.1.9: QQIC as IGMPv3's, 1 exp(3) mant(4) from 128.
        assert_eq!(decode_v3(125), 125);
        assert_eq!(decode_v3(0x80), 0x10 << 3);
        assert_eq!(decode_v3(0xff), 0x1f << 10);
    }

    #[test]
    fn worked_examples_from_the_reference() {
        // igmp-protocol.md §1.7
        assert_eq!(decode_v3(0x64), 100);
        assert_eq!(decode_v3(0x80), 128);
        assert_eq!(decode_v3(0x89), 200);
        assert_eq!(decode_v3(0x8f), 248);
        assert_eq!(decode_v3(0x90), 256);
        assert_eq!(decode_v3(0xc9), 3200);
        assert_eq!(decode_v3(0xff), 31744);
        assert_eq!(encode_v3(150), (0x82, 144));
        assert_eq!(encode_v3(255), (0x8f, 248));
    }

    #[test]
    fn all_256_codes_round_trip() {
        for code in 0..=255u8 {
            let v = decode_v3(code);
            assert_eq!(encode_v3(v), (code, v), "code {code:#04x}");
        }
    }

    #[test]
    fn encoding_never_rounds_up() {
        for v in 0..40_000u32 {
            let (_, got) = encode_v3(v);
            assert!(got <= v.min(31744), "{v} -> {got}");
        }
    }

    #[test]
    fn relts_matches_tcpdump() {
        assert_eq!(relts(3072), "51m12s");
        assert_eq!(relts(3600 + 62), "1h1m2s");
    }
}
