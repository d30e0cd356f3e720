//! Share links: a payload (scenario JSON, a frame spec, or hex frames) DEFLATE-compressed and
//! written as base64url in the URL fragment. Decoding never panics: a malformed or hostile
//! fragment (bad characters, bad compressed data, a decompression bomb) gives a clear message.

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
/// Fragments larger than this are refused before decoding (a link is not a file transfer).
pub const MAX_FRAGMENT: usize = 256 * 1024;
/// The most a fragment may inflate to.
pub const MAX_PAYLOAD: usize = 4 * 1024 * 1024;

/// Why a share link could not be read: typed, and worded in both languages in one place.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ShareError {
    /// The fragment is longer than [`MAX_FRAGMENT`].
    TooLong { len: usize },
    /// A character that is not base64url, at this 1-based position.
    BadCharacter { at: usize, ch: char },
    /// The data inflates beyond [`MAX_PAYLOAD`].
    TooLarge,
    /// Not DEFLATE data (a link cut short, or not one of ours).
    NotCompressed,
    /// The payload is not UTF-8 text.
    NotText,
    /// The selection is not a frame number.
    BadSelection(String),
    /// The filter part could not be read.
    BadFilter(Box<ShareError>),
    /// A part the link format does not have.
    UnknownPart(String),
}

impl ShareError {
    pub fn text(&self) -> crate::codec::Text {
        use crate::codec::Text;
        match self {
            ShareError::TooLong { len } => Text::new(
                format!("the link is {len} characters long; at most {MAX_FRAGMENT} are accepted"),
                format!("リンクが {len} 文字あります。受け付けるのは {MAX_FRAGMENT} 文字までです"),
            ),
            ShareError::BadCharacter { at, ch } => Text::new(
                format!("character {at} ({ch:?}) is not base64url"),
                format!("{at} 文字目 ({ch:?}) は base64url の文字ではありません"),
            ),
            ShareError::TooLarge => Text::new(
                format!("the link expands beyond {MAX_PAYLOAD} bytes"),
                format!("リンクを展開すると {MAX_PAYLOAD} バイトを超えます"),
            ),
            ShareError::NotCompressed => Text::new(
                "the link's data is not valid compressed data (was it cut short?)",
                "リンクのデータが正しい圧縮データではありません (途中で切れていませんか?)",
            ),
            ShareError::NotText => Text::new(
                "the link's data is not UTF-8 text",
                "リンクのデータが UTF-8 テキストではありません",
            ),
            ShareError::BadSelection(n) => Text::new(
                format!("the selection {n:?} is not a frame number"),
                format!("選択 {n:?} はフレーム番号ではありません"),
            ),
            ShareError::BadFilter(e) => {
                let inner = e.text();
                Text::new(
                    format!("the filter: {}", inner.en),
                    format!("フィルタ: {}", inner.ja),
                )
            }
            ShareError::UnknownPart(p) => Text::new(
                format!("{p:?} is not part of a capture link"),
                format!("{p:?} はキャプチャのリンクの一部ではありません"),
            ),
        }
    }
}

/// Compresses and encodes a payload for a fragment.
pub fn pack(data: &[u8]) -> String {
    encode(&miniz_oxide::deflate::compress_to_vec(data, 9))
}

/// Decodes and decompresses a fragment payload.
pub fn unpack(text: &str) -> Result<Vec<u8>, ShareError> {
    let compressed = decode(text)?;
    miniz_oxide::inflate::decompress_to_vec_with_limit(&compressed, MAX_PAYLOAD).map_err(
        |e| match e.status {
            miniz_oxide::inflate::TINFLStatus::HasMoreOutput => ShareError::TooLarge,
            _ => ShareError::NotCompressed,
        },
    )
}

fn text_of(payload: &str) -> Result<String, ShareError> {
    unpack(payload).and_then(|b| String::from_utf8(b).map_err(|_| ShareError::NotText))
}

pub fn encode(data: &[u8]) -> String {
    let mut out = String::with_capacity(data.len().div_ceil(3).saturating_mul(4));
    for chunk in data.chunks(3) {
        let byte = |k: usize| u32::from(chunk.get(k).copied().unwrap_or(0));
        let n = (byte(0) << 16) | (byte(1) << 8) | byte(2);
        // n bytes give n + 1 characters of six bits each, from the top.
        for shift in [18, 12, 6, 0]
            .into_iter()
            .take(chunk.len().saturating_add(1))
        {
            let six = n.checked_shr(shift).unwrap_or(0) & 63;
            if let Some(&c) = usize::try_from(six).ok().and_then(|i| ALPHABET.get(i)) {
                out.push(char::from(c));
            }
        }
    }
    out
}

pub fn decode(text: &str) -> Result<Vec<u8>, ShareError> {
    if text.len() > MAX_FRAGMENT {
        return Err(ShareError::TooLong { len: text.len() });
    }
    let mut bits: u32 = 0;
    // Bits held in `bits`: below 8 between characters, so the shifts below stay in range.
    let mut count: u32 = 0;
    let mut out = Vec::with_capacity((text.len() / 4).saturating_mul(3));
    for (i, c) in text.bytes().enumerate() {
        let v = match ALPHABET.iter().position(|a| *a == c) {
            Some(v) => crate::num::u32_sat(v),
            None if c == b'=' => break,
            None => {
                return Err(ShareError::BadCharacter {
                    at: i.saturating_add(1),
                    ch: char::from(c),
                })
            }
        };
        bits = (bits << 6) | v;
        count = count.saturating_add(6);
        if count >= 8 {
            count = count.saturating_sub(8);
            let byte = bits.checked_shr(count).unwrap_or(0) & 0xff;
            out.push(u8::try_from(byte).unwrap_or(0));
            bits &= 1_u32.checked_shl(count).unwrap_or(0).saturating_sub(1);
        }
    }
    Ok(out)
}

/// The text payload of `#<key>=…`, if the fragment has that key.
fn fragment_text(fragment: &str, key: &str) -> Option<Result<String, ShareError>> {
    let payload = fragment
        .trim_start_matches('#')
        .strip_prefix(key)?
        .strip_prefix('=')?;
    Some(text_of(payload))
}

/// `#scenario=…` → the scenario JSON text.
pub fn scenario_from_fragment(fragment: &str) -> Option<Result<String, ShareError>> {
    fragment_text(fragment, "scenario")
}

/// `#frames=…` → hex streams, frames separated by blank lines.
pub fn frames_from_fragment(fragment: &str) -> Option<Result<String, ShareError>> {
    fragment_text(fragment, "frames")
}

/// A capture link holds at most this many characters of packed frames: larger captures are
/// shared as files ("All as pcap"), never cut.
pub const MAX_CAPTURE_LINK: usize = 64 * 1024;

/// A capture too big for a link: how big, and the limit, for the message shown instead.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooBig {
    pub frames: usize,
    pub chars: usize,
    pub limit: usize,
}

impl TooBig {
    /// What the page says instead of copying a link that would not hold every frame.
    pub fn text(&self) -> crate::codec::Text {
        let (n, c, l) = (self.frames, self.chars, self.limit);
        let frames_en = if n == 1 { "frame" } else { "frames" };
        crate::codec::Text::new(
            format!("This capture is too big for a link: its {n} {frames_en} make {c} characters, and a link holds at most {l}. No link was copied; share the file instead (“All as pcap”)."),
            format!("このキャプチャはリンクには大きすぎます: {n} フレームで {c} 文字になり、リンクに入るのは {l} 文字までです。リンクはコピーしていません。ファイルで共有してください (「すべて pcap」)。"),
        )
    }
}

/// What a capture link brings back: the frames as a pcapng file (every frame, with its time
/// and comment), the selected frame (0-based) and the filter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SharedCapture {
    pub pcapng: Vec<u8>,
    pub selected: Option<usize>,
    pub filter: String,
}

/// `#capture=<frames>[;sel=<index>][;filter=<text>]`: every frame with its time (a pcapng,
/// packed), the selection and the filter (packed text). Refused, never cut, when the frames
/// would take more than [`MAX_CAPTURE_LINK`] characters.
pub fn capture_fragment(
    frames: &[crate::import::CapturedFrame],
    selected: Option<usize>,
    filter: &str,
) -> Result<String, TooBig> {
    let payload = pack(&crate::import::capture::write_pcapng(frames));
    if payload.len() > MAX_CAPTURE_LINK {
        return Err(TooBig {
            frames: frames.len(),
            chars: payload.len(),
            limit: MAX_CAPTURE_LINK,
        });
    }
    let mut out = format!("#capture={payload}");
    if let Some(i) = selected {
        out.push_str(&format!(";sel={i}"));
    }
    if !filter.trim().is_empty() {
        out.push_str(&format!(";filter={}", pack(filter.as_bytes())));
    }
    Ok(out)
}

/// `#capture=…` → the capture, its selection and its filter.
pub fn capture_from_fragment(fragment: &str) -> Option<Result<SharedCapture, ShareError>> {
    let rest = fragment.trim_start_matches('#').strip_prefix("capture=")?;
    let mut parts = rest.split(';');
    let frames = parts.next().unwrap_or("");
    let mut shared = SharedCapture {
        pcapng: Vec::new(),
        selected: None,
        filter: String::new(),
    };
    for part in parts {
        if let Some(n) = part.strip_prefix("sel=") {
            match n.parse::<usize>() {
                Ok(i) => shared.selected = Some(i),
                Err(_) => return Some(Err(ShareError::BadSelection(n.to_string()))),
            }
        } else if let Some(f) = part.strip_prefix("filter=") {
            match text_of(f) {
                Ok(text) => shared.filter = text,
                Err(e) => return Some(Err(ShareError::BadFilter(Box::new(e)))),
            }
        } else {
            return Some(Err(ShareError::UnknownPart(part.to_string())));
        }
    }
    Some(unpack(frames).map(|pcapng| SharedCapture { pcapng, ..shared }))
}

/// `#lesson=…` → a lesson's JSON text.
pub fn lesson_from_fragment(fragment: &str) -> Option<Result<String, ShareError>> {
    fragment_text(fragment, "lesson")
}

/// `#spec=…` → the builder's frame spec JSON text.
pub fn spec_from_fragment(fragment: &str) -> Option<Result<String, ShareError>> {
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
        assert_eq!(unpack(&bomb), Err(ShareError::TooLarge));
        assert!(unpack(&encode(b"not deflate at all")).is_err());
    }

    fn frames(n: usize) -> Vec<crate::import::CapturedFrame> {
        (0..n)
            .map(|i| crate::import::CapturedFrame {
                link: crate::codec::LinkType::Ethernet,
                ts_sec: 1_700_000_000 + i64::try_from(i).unwrap_or(0),
                ts_nsec: 250_000_000,
                bytes: vec![0x01, 0x00, 0x5e, 0, 0, u8::try_from(i % 256).unwrap_or(0)],
                orig_len: 6,
                comment: (i == 3).then(|| "the leave".to_string()),
                interface: 0,
                unknown: Vec::new(),
            })
            .collect()
    }

    #[test]
    fn a_capture_link_carries_every_frame_its_times_the_selection_and_the_filter() {
        // 68 frames: the old link kept 64 and no times.
        let all = frames(68);
        let link = capture_fragment(&all, Some(41), "igmp.type == 0x17").expect("fits");
        let back = capture_from_fragment(&link)
            .expect("a capture link")
            .expect("reads");
        assert_eq!(back.selected, Some(41));
        assert_eq!(back.filter, "igmp.type == 0x17");
        let imp = crate::import::import(&back.pcapng);
        assert_eq!(imp.frames, all, "every frame, with its time and comment");
        assert!(imp.problems.is_empty());
    }

    #[test]
    fn a_capture_too_big_for_a_link_is_refused_not_cut() {
        // Incompressible frames: far more than 64 KB of link.
        let mut x: u32 = 1;
        let big: Vec<crate::import::CapturedFrame> = (0..200)
            .map(|_| crate::import::CapturedFrame {
                link: crate::codec::LinkType::Ethernet,
                ts_sec: 0,
                ts_nsec: 0,
                bytes: (0..600)
                    .map(|_| {
                        x ^= x << 13;
                        x ^= x >> 17;
                        x ^= x << 5;
                        u8::try_from(x & 0xff).unwrap_or(0)
                    })
                    .collect(),
                orig_len: 600,
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            })
            .collect();
        let err = capture_fragment(&big, None, "").expect_err("too big");
        assert_eq!((err.frames, err.limit), (200, MAX_CAPTURE_LINK));
        assert!(err.chars > MAX_CAPTURE_LINK);
        assert!(err.text().en.contains("200 frames") && err.text().ja.contains("200 フレーム"));
    }

    #[test]
    fn broken_capture_links_say_why() {
        assert!(matches!(capture_from_fragment("#capture=$$"), Some(Err(_))));
        let ok = capture_fragment(&frames(2), None, "").expect("fits");
        assert!(matches!(
            capture_from_fragment(&format!("{ok};sel=x")),
            Some(Err(ShareError::BadSelection(_)))
        ));
        assert!(matches!(
            capture_from_fragment(&format!("{ok};what=1")),
            Some(Err(_))
        ));
        assert_eq!(capture_from_fragment("#frames=abc"), None);
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
