//! Full-width input (#13, #29): a Japanese input method types full-width forms (`０１`, `Ａ`,
//! `．`, `：`, the ideographic space). Each is read as its ASCII twin, which is what the user
//! means, in the Builder, the paste box and the MAC panel alike. One character stays one
//! character, so line and column numbers still point at what was typed.

/// U+FF01..=U+FF5E are the full-width forms of ASCII 0x21..=0x7E, at a fixed distance; U+3000 is
/// the ideographic space.
pub fn ascii_twin(c: char) -> char {
    match c {
        '\u{3000}' => ' ',
        '\u{ff01}'..='\u{ff5e}' => char::from_u32(u32::from(c).saturating_sub(0xfee0)).unwrap_or(c),
        _ => c,
    }
}

pub fn ascii_twins(text: &str) -> String {
    text.chars().map(ascii_twin).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_width_forms_read_as_their_ascii_twins_and_keep_their_count() {
        assert_eq!(ascii_twins("０１：５ｅ\u{3000}２３９．１"), "01:5e 239.1");
        assert_eq!(ascii_twins("日本語 ok"), "日本語 ok");
        let s = "ａｂ\nｃｄ";
        assert_eq!(ascii_twins(s).chars().count(), s.chars().count());
    }
}
