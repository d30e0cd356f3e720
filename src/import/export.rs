//! Frames back out as text other tools read: a hex stream, tcpdump `-xx` style, an offset hex
//! dump (Wireshark / text2pcap), and a C array. Each is read back by [`super::hexdump`].

/// Lowercase contiguous hex (Wireshark "Copy as Hex Stream", `igmpwb bytes`).
pub fn hex_stream(bytes: &[u8]) -> String {
    let mut s = String::with_capacity(bytes.len().saturating_mul(2));
    for b in bytes {
        s.push(hex_digit(b >> 4));
        s.push(hex_digit(b & 0x0f));
    }
    s
}

/// The lowercase hex digit of a nibble (0..=15).
fn hex_digit(nibble: u8) -> char {
    char::from_digit(u32::from(nibble & 0x0f), 16).unwrap_or('0')
}

/// tcpdump `-xx` body: `\t0x0000:  0100 5e0a …`, 16 bytes a line in 2-byte groups.
pub fn tcpdump_xx(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in bytes.chunks(16).enumerate() {
        out.push_str(&format!("\t0x{:04x}:  ", i.saturating_mul(16)));
        let groups: Vec<String> = line.chunks(2).map(hex_stream).collect();
        out.push_str(&groups.join(" "));
        out.push('\n');
    }
    out
}

/// Offset hex dump with an ASCII column (Wireshark "Copy as Hex + ASCII Dump"; text2pcap reads it).
pub fn offset_dump(bytes: &[u8]) -> String {
    let mut out = String::new();
    for (i, line) in bytes.chunks(16).enumerate() {
        let hex: Vec<String> = line.iter().map(|b| format!("{b:02x}")).collect();
        let ascii: String = line
            .iter()
            .map(|b| {
                if b.is_ascii_graphic() || *b == b' ' {
                    char::from(*b)
                } else {
                    '.'
                }
            })
            .collect();
        out.push_str(&format!(
            "{:04x}   {:<47}   {ascii}\n",
            i.saturating_mul(16),
            hex.join(" ")
        ));
    }
    out
}

/// A C array literal, 12 bytes a line.
pub fn c_array(bytes: &[u8], name: &str) -> String {
    let mut out = format!("static const unsigned char {name}[{}] = {{\n", bytes.len());
    for line in bytes.chunks(12) {
        let items: Vec<String> = line.iter().map(|b| format!("0x{b:02x}")).collect();
        out.push_str(&format!("    {},\n", items.join(", ")));
    }
    out.push_str("};\n");
    out
}

#[cfg(test)]
mod tests {
    use super::super::hexdump;
    use super::*;

    #[test]
    fn every_text_form_reads_back() {
        let bytes: Vec<u8> = (0u8..=70).map(|i| i.wrapping_mul(37)).collect();
        for text in [
            hex_stream(&bytes),
            tcpdump_xx(&bytes),
            offset_dump(&bytes),
            c_array(&bytes, "f"),
        ] {
            let back = hexdump::parse(&text);
            assert_eq!(back.frames, vec![bytes.clone()], "{text}");
        }
    }
}
