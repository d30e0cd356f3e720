//! The Internet checksum.
//!
//! RFC 1071 §1: "the 16-bit 1's complement of the 1's complement sum of all 16-bit words";
//! an odd final byte is padded with zero for the sum only. IGMP sums the whole IGMP message
//! with no pseudo-header (RFC 2236 §2.3, RFC 3376 §4.1.2).

/// The one's complement sum of `bytes`, folded to 16 bits (not complemented).
pub fn ones_sum(bytes: &[u8]) -> u16 {
    // Folding after every word keeps the sum below 2^17, so no addition can overflow.
    let mut sum: u32 = 0;
    let mut chunks = bytes.chunks_exact(2);
    for pair in &mut chunks {
        let word = match pair {
            [hi, lo] => u16::from_be_bytes([*hi, *lo]),
            _ => 0,
        };
        sum = fold(sum.wrapping_add(u32::from(word)));
    }
    if let [last] = chunks.remainder() {
        sum = fold(sum.wrapping_add(u32::from(*last) << 8));
    }
    u16::try_from(fold(sum)).unwrap_or(0xffff)
}

/// One end-around carry: (sum mod 2^16) + (sum div 2^16), below 2^17 for any sum below 2^32.
fn fold(sum: u32) -> u32 {
    (sum & 0xffff).wrapping_add(sum >> 16)
}

/// The checksum to store: computed over `bytes` with the checksum field set to zero.
pub fn internet(bytes: &[u8]) -> u16 {
    !ones_sum(bytes)
}

/// The checksum that `bytes` should carry in its checksum field at `at..at+2`, whatever the
/// field holds now.
pub fn expected(bytes: &[u8], at: usize) -> u16 {
    let stored = match at.checked_add(2).and_then(|end| bytes.get(at..end)) {
        Some([hi, lo]) => u16::from_be_bytes([*hi, *lo]),
        _ => 0,
    };
    // Subtract the stored value from the sum (RFC 1624 style): sum - stored in 1's complement.
    let sum = ones_sum(bytes);
    let without = ones_add(sum, !stored);
    !without
}

fn ones_add(a: u16, b: u16) -> u16 {
    let s = fold(u32::from(a).wrapping_add(u32::from(b)));
    u16::try_from(fold(s)).unwrap_or(0xffff)
}

/// True when the bytes (including their checksum field) sum to 0xffff.
pub fn verifies(bytes: &[u8]) -> bool {
    ones_sum(bytes) == 0xffff
}

/// The checksum an ICMPv6 message (MLD's carrier) should carry: RFC 8200 §8.1, "the
/// checksum computation must include the 40-octet pseudo-header": source, destination, the
/// upper-layer packet length (32 bits), three zero octets and the next header (58, ICMPv6),
/// then the message with its checksum field at bytes 2..4 (RFC 4443 §2.3).
pub fn icmpv6_expected(src: &[u8; 16], dst: &[u8; 16], message: &[u8]) -> u16 {
    let len = u32::try_from(message.len()).unwrap_or(u32::MAX);
    let mut all = Vec::with_capacity(message.len().saturating_add(40));
    all.extend_from_slice(src);
    all.extend_from_slice(dst);
    all.extend_from_slice(&len.to_be_bytes());
    all.extend_from_slice(&[0, 0, 0, 58]);
    all.extend_from_slice(message);
    expected(&all, 42)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v2_report_for_224_10_10_10_matches_the_worked_example() {
        // igmp-protocol.md §1.8
        assert_eq!(internet(&[0x16, 0, 0, 0, 0xe0, 0x0a, 0x0a, 0x0a]), 0xffea);
        assert!(verifies(&[0x16, 0, 0xff, 0xea, 0xe0, 0x0a, 0x0a, 0x0a]));
    }

    #[test]
    fn expected_ignores_the_stored_value() {
        let msg = [0x16, 0, 0x12, 0x34, 0xe0, 0x0a, 0x0a, 0x0a];
        assert_eq!(expected(&msg, 2), 0xffea);
        let good = [0x17, 0, 0x02, 0x69, 0xe0, 0x00, 0x06, 0x96];
        assert_eq!(expected(&good, 2), 0x0269);
    }

    #[test]
    fn odd_length_pads_with_zero() {
        assert_eq!(ones_sum(&[0x01]), 0x0100);
    }
}
