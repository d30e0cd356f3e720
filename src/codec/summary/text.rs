//! Hand-written writers for the summary's hot paths: decimal numbers, dotted quads and the
//! `-tttt` time, appended to one reused `String` without `core::fmt` (which, with an allocation
//! per `format!`, was most of `igmpwb summary`'s time in a profile).

use std::net::Ipv4Addr;

/// Appends `n` in decimal.
/// tcpdump's `bittok2str`: the names of the bits set in `value`, joined by ", ", or `none`.
pub fn push_bit_names(out: &mut String, value: u32, names: &[(u32, &str)]) {
    let mut first = true;
    for (bit, name) in names {
        if value & bit != 0 {
            if !first {
                out.push_str(", ");
            }
            out.push_str(name);
            first = false;
        }
    }
    if first {
        out.push_str("none");
    }
}

/// A group record's type as print-igmp.c and print-icmp6.c name it (`is_in` … `block`), or
/// `[{unknown}-#N]` (`v3-report` for IGMP, `v2-report` for MLD).
pub fn push_record_type(out: &mut String, code: u8, unknown: &str) {
    use crate::codec::frame::RecordType;
    let name = match RecordType::from_code(code) {
        RecordType::IsIn => "is_in",
        RecordType::IsEx => "is_ex",
        RecordType::ToIn => "to_in",
        RecordType::ToEx => "to_ex",
        RecordType::Allow => "allow",
        RecordType::Block => "block",
        RecordType::Unknown(n) => {
            out.push('[');
            out.push_str(unknown);
            out.push_str("-#");
            push_dec(out, u64::from(n));
            out.push(']');
            return;
        }
    };
    out.push_str(name);
}

pub fn push_dec(out: &mut String, n: u64) {
    let mut digits = [0u8; 20];
    let start = fill_digits(&mut digits, n);
    out.push_str(std::str::from_utf8(digits.get(start..).unwrap_or(&[])).unwrap_or(""));
}

/// Writes the decimal digits of `n` at the end of `digits`; returns where they start.
fn fill_digits(digits: &mut [u8; 20], n: u64) -> usize {
    let mut i = digits.len();
    let mut v = n;
    loop {
        i = i.saturating_sub(1);
        if let Some(d) = digits.get_mut(i) {
            // v % 10 < 10, so the digit is an ASCII character.
            *d = b'0'.saturating_add(u8::try_from(v % 10).unwrap_or(0));
        }
        v /= 10;
        if v == 0 || i == 0 {
            return i;
        }
    }
}

/// Appends `n` in lowercase hexadecimal without leading zeros (`{:x}`).
pub fn push_hex(out: &mut String, n: u64) {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut shift = 60u32;
    let mut started = false;
    loop {
        let nibble = usize::try_from((n >> shift) & 0xf).unwrap_or(0);
        if nibble != 0 || started || shift == 0 {
            started = true;
            out.push(char::from(DIGITS.get(nibble).copied().unwrap_or(b'0')));
        }
        if shift == 0 {
            break;
        }
        shift = shift.saturating_sub(4);
    }
}

/// Appends `n` in decimal, at least `width` characters, left-padded with `pad` (an ASCII
/// character).
pub fn push_dec_padded(out: &mut String, n: u64, width: usize, pad: char) {
    let mut digits = [0u8; 20];
    let start = fill_digits(&mut digits, n);
    let len = digits.len().saturating_sub(start);
    for _ in len..width {
        out.push(pad);
    }
    out.push_str(std::str::from_utf8(digits.get(start..).unwrap_or(&[])).unwrap_or(""));
}

/// The decimal text of every octet, so that a dotted quad is four table lookups.
const OCTETS: [&str; 256] = [
    "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "11", "12", "13", "14", "15", "16",
    "17", "18", "19", "20", "21", "22", "23", "24", "25", "26", "27", "28", "29", "30", "31", "32",
    "33", "34", "35", "36", "37", "38", "39", "40", "41", "42", "43", "44", "45", "46", "47", "48",
    "49", "50", "51", "52", "53", "54", "55", "56", "57", "58", "59", "60", "61", "62", "63", "64",
    "65", "66", "67", "68", "69", "70", "71", "72", "73", "74", "75", "76", "77", "78", "79", "80",
    "81", "82", "83", "84", "85", "86", "87", "88", "89", "90", "91", "92", "93", "94", "95", "96",
    "97", "98", "99", "100", "101", "102", "103", "104", "105", "106", "107", "108", "109", "110",
    "111", "112", "113", "114", "115", "116", "117", "118", "119", "120", "121", "122", "123",
    "124", "125", "126", "127", "128", "129", "130", "131", "132", "133", "134", "135", "136",
    "137", "138", "139", "140", "141", "142", "143", "144", "145", "146", "147", "148", "149",
    "150", "151", "152", "153", "154", "155", "156", "157", "158", "159", "160", "161", "162",
    "163", "164", "165", "166", "167", "168", "169", "170", "171", "172", "173", "174", "175",
    "176", "177", "178", "179", "180", "181", "182", "183", "184", "185", "186", "187", "188",
    "189", "190", "191", "192", "193", "194", "195", "196", "197", "198", "199", "200", "201",
    "202", "203", "204", "205", "206", "207", "208", "209", "210", "211", "212", "213", "214",
    "215", "216", "217", "218", "219", "220", "221", "222", "223", "224", "225", "226", "227",
    "228", "229", "230", "231", "232", "233", "234", "235", "236", "237", "238", "239", "240",
    "241", "242", "243", "244", "245", "246", "247", "248", "249", "250", "251", "252", "253",
    "254", "255",
];

/// Appends `a.b.c.d`.
pub fn push_ip(out: &mut String, addr: Ipv4Addr) {
    let [a, b, c, d] = addr.octets();
    for (i, octet) in [a, b, c, d].into_iter().enumerate() {
        if i > 0 {
            out.push('.');
        }
        out.push_str(OCTETS.get(usize::from(octet)).copied().unwrap_or(""));
    }
}

/// Writes summary-line prefixes, remembering the text of the last second it wrote: frames of a
/// capture mostly share their second, so the date and time are formatted once per second.
#[derive(Debug, Default)]
pub struct TimeCache {
    second: Option<i64>,
    text: String,
}

impl TimeCache {
    /// Appends `YYYY-MM-DD HH:MM:SS.uuuuuu`, as [`push_tttt`].
    pub fn push_tttt(&mut self, out: &mut String, secs: i64, usec: u32) {
        if self.second != Some(secs) {
            self.text.clear();
            push_tttt(&mut self.text, secs, 0);
            // Keep up to the dot: the microseconds change every frame.
            let dot = self.text.len().saturating_sub(6);
            self.text.truncate(dot);
            self.second = Some(secs);
        }
        out.push_str(&self.text);
        push_dec_padded(out, u64::from(usec), 6, '0');
    }
}

/// Appends `YYYY-MM-DD HH:MM:SS.uuuuuu` in UTC (tcpdump's `-tttt`).
pub fn push_tttt(out: &mut String, secs: i64, usec: u32) {
    let days = secs.div_euclid(86_400);
    let rem = secs.rem_euclid(86_400);
    let (y, m, d) = super::civil_from_days(days);
    // As `{y:04}`: the sign counts in the width.
    if y < 0 {
        out.push('-');
        push_dec_padded(out, y.unsigned_abs(), 3, '0');
    } else {
        push_dec_padded(out, y.unsigned_abs(), 4, '0');
    }
    out.push('-');
    push_dec_padded(out, u64::from(m), 2, '0');
    out.push('-');
    push_dec_padded(out, u64::from(d), 2, '0');
    out.push(' ');
    // rem is in 0..86_400.
    let rem = u64::try_from(rem).unwrap_or(0);
    push_dec_padded(out, rem / 3600, 2, '0');
    out.push(':');
    push_dec_padded(out, (rem / 60) % 60, 2, '0');
    out.push(':');
    push_dec_padded(out, rem % 60, 2, '0');
    out.push('.');
    push_dec_padded(out, u64::from(usec), 6, '0');
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `core::fmt`'s rendering of the same time, as the oracle for the hand-written one.
    fn reference_tttt(secs: i64, usec: u32) -> String {
        let days = secs.div_euclid(86_400);
        let rem = secs.rem_euclid(86_400);
        let (y, m, d) = super::super::civil_from_days(days);
        format!(
            "{y:04}-{m:02}-{d:02} {:02}:{:02}:{:02}.{usec:06}",
            rem / 3600,
            (rem / 60) % 60,
            rem % 60
        )
    }

    #[test]
    fn agrees_with_core_fmt() {
        for n in [0u64, 7, 10, 99, 100, 65_535, 4_294_967_295, u64::MAX] {
            let mut s = String::new();
            push_dec(&mut s, n);
            assert_eq!(s, n.to_string());
            let mut s = String::new();
            push_dec_padded(&mut s, n, 5, ' ');
            assert_eq!(s, format!("{n:5}"));
        }
        for n in [0u64, 0xc0, 0x1f, 0xffff_ffff_ffff_ffff] {
            let mut s = String::new();
            push_hex(&mut s, n);
            assert_eq!(s, format!("{n:x}"));
        }
        for a in [Ipv4Addr::new(0, 0, 0, 0), Ipv4Addr::new(224, 10, 100, 255)] {
            let mut s = String::new();
            push_ip(&mut s, a);
            assert_eq!(s, a.to_string());
        }
        for (secs, usec) in [
            (0i64, 0u32),
            (1_235_470_907, 698_870),
            (-1, 999_999),
            (253_402_300_799, 1),
            (-100_000_000_000, 5),
        ] {
            let mut s = String::new();
            push_tttt(&mut s, secs, usec);
            assert_eq!(s, reference_tttt(secs, usec));
        }
    }
}
