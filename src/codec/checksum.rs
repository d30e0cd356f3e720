//! The Internet checksum.
//!
//! RFC 1071 §1: "the 16-bit 1's complement of the 1's complement sum of all 16-bit words";
//! an odd final byte is padded with zero for the sum only. IGMP sums the whole IGMP message
//! with no pseudo-header (RFC 2236 §2.3, RFC 3376 §4.1.2).

/// The one's complement sum of `bytes`, folded to 16 bits (not complemented).
pub fn ones_sum(bytes: &[u8]) -> u16 {
    let mut sum: u64 = 0;
    let mut chunks = bytes.chunks_exact(2);
    for pair in &mut chunks {
        sum += u64::from(u16::from_be_bytes([pair[0], pair[1]]));
    }
    if let [last] = chunks.remainder() {
        sum += u64::from(*last) << 8;
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    sum as u16
}

/// The checksum to store: computed over `bytes` with the checksum field set to zero.
pub fn internet(bytes: &[u8]) -> u16 {
    !ones_sum(bytes)
}

/// The checksum that `bytes` should carry in its checksum field at `at..at+2`, whatever the
/// field holds now.
pub fn expected(bytes: &[u8], at: usize) -> u16 {
    let stored = match bytes.get(at..at + 2) {
        Some(b) => u16::from_be_bytes([b[0], b[1]]),
        None => 0,
    };
    // Subtract the stored value from the sum (RFC 1624 style): sum - stored in 1's complement.
    let sum = ones_sum(bytes);
    let without = ones_add(sum, !stored);
    !without
}

fn ones_add(a: u16, b: u16) -> u16 {
    let s = u32::from(a) + u32::from(b);
    ((s & 0xffff) + (s >> 16)) as u16
}

/// True when the bytes (including their checksum field) sum to 0xffff.
pub fn verifies(bytes: &[u8]) -> bool {
    ones_sum(bytes) == 0xffff
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
