//! IPv4 multicast → Ethernet MAC mapping.
//!
//! RFC 1112 §6.4: "placing the low-order 23-bits of the IP address into the low-order 23 bits of
//! the Ethernet multicast address 01-00-5E-00-00-00 (hex)". 28 significant group bits minus 23
//! kept bits leaves 5 lost bits, so 32 groups share each MAC.

use std::net::{Ipv4Addr, Ipv6Addr};

pub type Mac = [u8; 6];

/// Whether a MAC address (or a frame, which starts with its destination's) names one interface:
/// its first transmitted bit, the I/G bit (the low bit of the first octet), is 0 for an
/// individual address and 1 for a group (IEEE Std 802's I/G bit).
pub fn is_individual(mac: &[u8]) -> bool {
    mac.first().is_some_and(|b| b & 1 == 0)
}

/// The multicast MAC for a group address.
pub fn multicast_mac(group: Ipv4Addr) -> Mac {
    let o = group.octets();
    [0x01, 0x00, 0x5e, o[1] & 0x7f, o[2], o[3]]
}

/// Bits of the group address (as a u32 mask) that the MAC cannot carry: the low 4 bits of the
/// first octet and the top bit of the second.
pub const LOST_BITS: u32 = 0x0f80_0000;

/// The 32 group addresses that map to the same MAC as `group`, in ascending order.
pub fn aliases(group: Ipv4Addr) -> Vec<Ipv4Addr> {
    let base = u32::from(group) & !LOST_BITS & 0x0fff_ffff | 0xe000_0000;
    (0..32u32)
        .map(|i| {
            let hi = (i >> 1) & 0x0f; // 4 bits of the first octet
            let lo = i & 1; // top bit of the second octet
            Ipv4Addr::from(base | (hi << 24) | (lo << 23))
        })
        .collect()
}

/// The 32 groups that map to `mac`, ascending; `None` when `mac` is not an IPv4 multicast MAC
/// (RFC 1112 §6.4: `01:00:5e` and a zero 25th bit).
pub fn groups_of_mac(mac: &Mac) -> Option<Vec<Ipv4Addr>> {
    match mac {
        [0x01, 0x00, 0x5e, b3, b4, b5] if b3 & 0x80 == 0 => {
            Some(aliases(Ipv4Addr::new(224, *b3, *b4, *b5)))
        }
        _ => None,
    }
}

/// An IPv6 group's MAC. RFC 2464 §7: "An IPv6 packet with a multicast destination address DST,
/// consisting of the sixteen octets DST[1] through DST[16], is transmitted to the Ethernet
/// multicast address whose first two octets are the value 3333 hexadecimal and whose last four
/// octets are the last four octets of DST." The 80 bits of the group ID above them are lost:
/// 2^80 groups of each scope share each MAC.
pub fn ipv6_multicast_mac(group: Ipv6Addr) -> Mac {
    let [.., a, b, c, d] = group.octets();
    [0x33, 0x33, a, b, c, d]
}

/// Groups that map to an IPv6 multicast MAC (`33:33` and 4 octets), `None` for any other MAC:
/// the same low 32 bits with link-local, site-local, global and source-specific scopes
/// (ff02::, ff05::, ff0e::, ff3e::), and, when those bits start with `ff`, the solicited-node
/// group ff02::1:ffXX:XXXX (RFC 4291 §2.7.1) every address ending in the other 24 bits joins.
pub fn ipv6_groups_of_mac(mac: &Mac) -> Option<Vec<Ipv6Addr>> {
    let [0x33, 0x33, a, b, c, d] = *mac else {
        return None;
    };
    let (hi, lo) = (u16::from_be_bytes([a, b]), u16::from_be_bytes([c, d]));
    let mut groups: Vec<Ipv6Addr> = [0xff02, 0xff05, 0xff0e, 0xff3e]
        .into_iter()
        .map(|top| Ipv6Addr::new(top, 0, 0, 0, 0, 0, hi, lo))
        .collect();
    if a == 0xff {
        groups.insert(1, Ipv6Addr::new(0xff02, 0, 0, 0, 0, 1, hi, lo));
    }
    Some(groups)
}

/// The solicited-node group of an IPv6 address. RFC 4291 §2.7.1: "Solicited-Node multicast
/// address are computed as a function of a node's unicast and anycast addresses. A
/// Solicited-Node multicast address is formed by taking the low-order 24 bits of an address
/// (unicast or anycast) and appending those bits to the prefix FF02:0:0:0:0:1:FF00::/104".
pub fn solicited_node(addr: Ipv6Addr) -> Ipv6Addr {
    let [.., high, low] = addr.segments();
    Ipv6Addr::new(0xff02, 0, 0, 0, 0, 1, 0xff00 | (high & 0x00ff), low)
}

/// Whether `group` is in FF02:0:0:0:0:1:FF00::/104 (RFC 4291 §2.7.1).
pub fn is_solicited_node(group: Ipv6Addr) -> bool {
    let [a, b, c, d, e, f, g, _] = group.segments();
    [a, b, c, d, e, f] == [0xff02, 0, 0, 0, 0, 1] && g >> 8 == 0xff
}

/// True when `mac` is the multicast MAC of `group`.
pub fn matches(mac: &Mac, group: Ipv4Addr) -> bool {
    *mac == multicast_mac(group)
}

pub fn format_mac(mac: &Mac) -> String {
    hex_colon(mac)
}

/// Any link-layer address as lowercase hex bytes joined by colons (`02:00:5e`).
pub fn hex_colon(bytes: &[u8]) -> String {
    bytes
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// Parses `01:00:5e:0a:0a:0a` or `01-00-5e-0a-0a-0a`.
pub fn parse_mac(text: &str) -> Option<Mac> {
    let parts: Vec<&str> = text.trim().split([':', '-']).collect();
    if parts.len() != 6 {
        return None;
    }
    let mut mac = [0u8; 6];
    for (slot, p) in mac.iter_mut().zip(parts) {
        if p.is_empty() || p.len() > 2 {
            return None;
        }
        *slot = u8::from_str_radix(p, 16).ok()?;
    }
    Some(mac)
}

/// The group address as 32 binary digits in 4 dotted octets, e.g. `11100000.00001010.…`.
pub fn binary(group: Ipv4Addr) -> String {
    group
        .octets()
        .iter()
        .map(|o| format!("{o:08b}"))
        .collect::<Vec<_>>()
        .join(".")
}

/// A multicast MAC's groups in binary (#29): the fixed 1110, `x` for each of the 5 bits the
/// MAC does not carry, then its low 23 bits (`1110xxxx.x0000001.00000010.00000011`); None for
/// a MAC that is no IPv4 multicast MAC (RFC 1112 §6.4).
pub fn binary_of_mac(mac: &Mac) -> Option<String> {
    let g = groups_of_mac(mac)?.first().copied()?;
    let bits = binary(g);
    Some(
        bits.char_indices()
            .map(|(i, c)| {
                if (4..=9).contains(&i) && c != '.' {
                    'x'
                } else {
                    c
                }
            })
            .collect(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_solicited_node_group_takes_the_low_24_bits() {
        // RFC 4291 §2.7.1's example: 4037::01:800:200E:8C6C -> FF02::1:FF0E:8C6C.
        let a: Ipv6Addr = "4037::01:800:200E:8C6C".parse().unwrap();
        let g = solicited_node(a);
        assert_eq!(g, "ff02::1:ff0e:8c6c".parse::<Ipv6Addr>().unwrap());
        assert!(is_solicited_node(g));
        assert!(!is_solicited_node("ff02::1".parse().unwrap()));
        assert!(!is_solicited_node("ff02::2:ff0e:8c6c".parse().unwrap()));
        assert_eq!(format_mac(&ipv6_multicast_mac(g)), "33:33:ff:0e:8c:6c");
    }

    #[test]
    fn ipv6_groups_map_to_33_33_and_their_low_32_bits() {
        let g: Ipv6Addr = "ff02::1:ff00:1".parse().unwrap_or(Ipv6Addr::UNSPECIFIED);
        let m = ipv6_multicast_mac(g);
        assert_eq!(format_mac(&m), "33:33:ff:00:00:01");
        let groups = ipv6_groups_of_mac(&m).unwrap_or_default();
        assert!(groups.contains(&g), "{groups:?}");
        assert!(groups
            .iter()
            .all(|x| x.is_multicast() && ipv6_multicast_mac(*x) == m));
        assert_eq!(groups.len(), 5);
        // All-nodes: no solicited-node example for bits that do not start with ff.
        let all = ipv6_groups_of_mac(&[0x33, 0x33, 0, 0, 0, 1]).unwrap_or_default();
        assert_eq!(
            all.first(),
            Some(&Ipv6Addr::new(0xff02, 0, 0, 0, 0, 0, 0, 1))
        );
        assert_eq!(all.len(), 4);
        assert_eq!(ipv6_groups_of_mac(&[0x01, 0, 0x5e, 0, 0, 1]), None);
    }

    #[test]
    fn a_macs_groups_in_binary_leave_the_five_lost_bits_open() {
        let m = parse_mac("01:00:5e:01:02:03").expect("mac");
        assert_eq!(
            binary_of_mac(&m).as_deref(),
            Some("1110xxxx.x0000001.00000010.00000011")
        );
        // Every group that fills the x's maps to this MAC, and only those.
        for g in groups_of_mac(&m).expect("groups") {
            let b = binary(g);
            let fits = b
                .chars()
                .zip("1110xxxx.x0000001.00000010.00000011".chars())
                .all(|(c, p)| p == 'x' || c == p);
            assert!(fits && matches(&m, g), "{g} {b}");
        }
        let high = parse_mac("01:00:5e:7f:ff:ff").expect("mac");
        assert_eq!(
            binary_of_mac(&high).as_deref(),
            Some("1110xxxx.x1111111.11111111.11111111")
        );
        assert_eq!(
            binary_of_mac(&parse_mac("01:00:5e:80:00:01").expect("mac")),
            None
        );
        assert_eq!(
            binary_of_mac(&parse_mac("02:00:00:00:00:01").expect("mac")),
            None
        );
    }

    #[test]
    fn a_multicast_mac_names_its_32_groups() {
        let groups = groups_of_mac(&[0x01, 0x00, 0x5e, 0x01, 0x02, 0x03]).expect("multicast");
        assert_eq!(groups.len(), 32);
        assert_eq!(groups.first(), Some(&Ipv4Addr::new(224, 1, 2, 3)));
        assert_eq!(groups.last(), Some(&Ipv4Addr::new(239, 129, 2, 3)));
        assert!(groups
            .iter()
            .all(|g| multicast_mac(*g) == [0x01, 0x00, 0x5e, 0x01, 0x02, 0x03]));
        assert_eq!(groups_of_mac(&[0x01, 0x00, 0x5e, 0x81, 0, 0]), None);
        assert_eq!(groups_of_mac(&[0x33, 0x33, 0, 0, 0, 1]), None);
        assert_eq!(parse_mac("01-00-5E-01-02-03"), Some([1, 0, 0x5e, 1, 2, 3]));
    }

    #[test]
    fn reference_examples() {
        // igmp-protocol.md §2.4
        assert_eq!(
            format_mac(&multicast_mac(Ipv4Addr::new(239, 255, 0, 10))),
            "01:00:5e:7f:00:0a"
        );
        assert_eq!(
            format_mac(&multicast_mac(Ipv4Addr::new(224, 10, 10, 10))),
            "01:00:5e:0a:0a:0a"
        );
        assert_eq!(
            format_mac(&multicast_mac(Ipv4Addr::new(224, 0, 0, 22))),
            "01:00:5e:00:00:16"
        );
    }

    #[test]
    fn thirty_two_aliases_share_the_mac() {
        let g = Ipv4Addr::new(224, 10, 10, 10);
        let all = aliases(g);
        assert_eq!(all.len(), 32);
        assert!(all.contains(&g));
        assert!(all.contains(&Ipv4Addr::new(225, 10, 10, 10)));
        assert!(all.contains(&Ipv4Addr::new(224, 138, 10, 10)));
        assert!(all.contains(&Ipv4Addr::new(239, 138, 10, 10)));
        for a in &all {
            assert_eq!(multicast_mac(*a), multicast_mac(g));
        }
        let mut sorted = all.clone();
        sorted.sort();
        sorted.dedup();
        assert_eq!(sorted.len(), 32);
    }

    #[test]
    fn parses_macs() {
        assert_eq!(
            parse_mac("01-00-5E-0a-0a-0a"),
            Some([1, 0, 0x5e, 10, 10, 10])
        );
        assert_eq!(parse_mac("01:00:5e"), None);
    }
}
