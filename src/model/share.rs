//! Share links: a payload (a scenario or frames as JSON) in the URL fragment as base64url.
//! Decoding never panics: a malformed or hostile fragment gives a clear message.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Fragments larger than this are refused before decoding (a link is not a file transfer).
pub const MAX_FRAGMENT: usize = 256 * 1024;

pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3) * 4);
    for chunk in data.chunks(3) {
        let b = [
            chunk[0],
            *chunk.get(1).unwrap_or(&0),
            *chunk.get(2).unwrap_or(&0),
        ];
        let n = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..=chunk.len() {
            out.push(char::from(ALPHABET[((n >> (18 - 6 * i)) & 63) as usize]));
        }
    }
    out
}

pub fn decode(text: &str) -> Result<Vec<u8>, String> {
    if text.len() > MAX_FRAGMENT {
        return Err(format!(
            "the link is {} characters long; at most {MAX_FRAGMENT} are accepted",
            text.len()
        ));
    }
    let mut bits: u32 = 0;
    let mut count = 0;
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    for (i, c) in text.bytes().enumerate() {
        let v = match ALPHABET.iter().position(|a| *a == c) {
            Some(v) => v as u32,
            None if c == b'=' => break,
            None => {
                return Err(format!(
                    "character {} ({:?}) is not base64url",
                    i + 1,
                    char::from(c)
                ))
            }
        };
        bits = (bits << 6) | v;
        count += 6;
        if count >= 8 {
            count -= 8;
            out.push((bits >> count) as u8);
            bits &= (1 << count) - 1;
        }
    }
    Ok(out)
}

/// `#scenario=…` → the scenario JSON text.
pub fn scenario_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let payload = fragment.trim_start_matches('#').strip_prefix("scenario=")?;
    Some(
        decode(payload)
            .and_then(|b| String::from_utf8(b).map_err(|e| format!("not UTF-8 text: {e}"))),
    )
}

/// `#frames=…` → hex streams, one frame per line.
pub fn frames_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let payload = fragment.trim_start_matches('#').strip_prefix("frames=")?;
    Some(
        decode(payload)
            .and_then(|b| String::from_utf8(b).map_err(|e| format!("not UTF-8 text: {e}"))),
    )
}

/// `#spec=…` → the builder's frame spec JSON text.
pub fn spec_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    let payload = fragment.trim_start_matches('#').strip_prefix("spec=")?;
    Some(
        decode(payload)
            .and_then(|b| String::from_utf8(b).map_err(|e| format!("not UTF-8 text: {e}"))),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_any_length() {
        for n in 0..40u8 {
            let data: Vec<u8> = (0..n).map(|i| i.wrapping_mul(97)).collect();
            assert_eq!(decode(&encode(&data)), Ok(data));
        }
    }

    #[test]
    fn hostile_fragments_give_messages() {
        assert!(decode("ab$c").is_err());
        assert!(decode(&"A".repeat(MAX_FRAGMENT + 1)).is_err());
        assert!(matches!(
            scenario_from_fragment("#scenario=__8"),
            Some(Err(_))
        ));
        assert_eq!(scenario_from_fragment("#other"), None);
    }
}
