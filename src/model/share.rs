//! Share links: a payload (scenario JSON, a frame spec, or hex frames) DEFLATE-compressed and
//! written as base64url in the URL fragment. Decoding never panics: a malformed or hostile
//! fragment (bad characters, bad compressed data, a decompression bomb) gives a clear message.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Fragments larger than this are refused before decoding (a link is not a file transfer).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// The most a fragment may inflate to.
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

/// Compresses and encodes a payload for a fragment.
pub fn pack(data: &[u8]) -> String {
    encode(&miniz_oxide::deflate::compress_to_vec(data, 9))
}

/// Decodes and decompresses a fragment payload.
pub fn unpack(text: &str) -> Result<Vec<u8>, String> {
    let compressed = decode(text)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => {
                format!("the link expands beyond {MAX_PAYLOAD} bytes")
            }
            _ => "the link's data is not valid compressed data (was it cut short?)".to_string(),
        },
    )
}

fn text_of(payload: &str) -> Result<String, String> {
    unpack(payload).and_then(|b| String::from_utf8(b).map_err(|e| format!("not UTF-8 text: {e}")))
}

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

/// The text payload of `#<key>=…`, if the fragment has that key.
fn fragment_text(fragment: &str, key: &str) -> Option<Result<String, String>> {
    let payload = fragment
        .trim_start_matches('#')
        .strip_prefix(key)?
        .strip_prefix('=')?;
    Some(text_of(payload))
}

/// `#scenario=…` → the scenario JSON text.
pub fn scenario_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    fragment_text(fragment, "scenario")
}

/// `#frames=…` → hex streams, frames separated by blank lines.
pub fn frames_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    fragment_text(fragment, "frames")
}

/// `#spec=…` → the builder's frame spec JSON text.
pub fn spec_from_fragment(fragment: &str) -> Option<Result<String, String>> {
    fragment_text(fragment, "spec")
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
    fn packed_payloads_round_trip_and_shrink() {
        let text = "01005e0a0a0a020000000001080046c0\n\n".repeat(50);
        let packed = pack(text.as_bytes());
        assert!(
            packed.len() < text.len() / 4,
            "{} vs {}",
            packed.len(),
            text.len()
        );
        assert_eq!(unpack(&packed), Ok(text.into_bytes()));
    }

    #[test]
    fn bombs_and_garbage_are_refused() {
        let bomb = pack(&vec![0u8; MAX_PAYLOAD + 1]);
        assert!(unpack(&bomb).unwrap_err().contains("expands beyond"));
        assert!(unpack(&encode(b"not deflate at all")).is_err());
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
