//! The bytes of a frame whose values are not known (#27): a pasted offset dump had a typo on a
//! line, so that line's bytes after the typo were never read. The paste keeps the frame's length
//! by its offsets (each line's offset places its bytes) and marks those bytes, so that the decode
//! says "unknown byte" where it would otherwise read zeros and report a bad checksum.
//!
//! Ranges `start..end`, packed as little-endian u32 pairs: a frame borrowed from the Inspector's
//! store or from an import worker's batch carries them without a copy. Every frame of a capture
//! file has none.

use std::ops::Range;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Unknown<'a>(&'a [u8]);

impl<'a> Unknown<'a> {
    pub const NONE: Unknown<'static> = Unknown(&[]);

    /// The packed form of `ranges`.
    pub fn pack(ranges: &[Range<usize>]) -> Vec<u8> {
        let mut out = Vec::with_capacity(ranges.len().saturating_mul(8));
        for r in ranges.iter().filter(|r| r.start < r.end) {
            for at in [r.start, r.end] {
                out.extend_from_slice(&u32::try_from(at).unwrap_or(u32::MAX).to_le_bytes());
            }
        }
        out
    }

    /// Reads packed ranges (a trailing partial pair is ignored).
    pub fn packed(bytes: &'a [u8]) -> Self {
        Unknown(bytes)
    }

    /// The packed bytes (what [`Unknown::packed`] reads).
    pub fn as_bytes(self) -> &'a [u8] {
        self.0
    }

    pub fn is_empty(self) -> bool {
        self.ranges().next().is_none()
    }

    pub fn ranges(self) -> impl Iterator<Item = Range<usize>> + 'a {
        self.0.chunks_exact(8).filter_map(|pair| {
            let at = |k: usize| {
                let word: [u8; 4] = pair.get(k..k.saturating_add(4))?.try_into().ok()?;
                usize::try_from(u32::from_le_bytes(word)).ok()
            };
            let (start, end) = (at(0)?, at(4)?);
            (start < end).then_some(start..end)
        })
    }

    /// Whether any byte of `span` is unknown. (Not inlined: the dissector asks at each checksum,
    /// and one copy keeps the wasm smaller.)
    #[inline(never)]
    pub fn overlaps(self, span: Range<usize>) -> bool {
        self.ranges()
            .any(|r| r.start < span.end && span.start < r.end)
    }

    /// How many bytes are unknown.
    pub fn count(self) -> usize {
        self.ranges().fold(0usize, |n, r| {
            n.saturating_add(r.end.saturating_sub(r.start))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranges_round_trip_and_overlap() {
        let packed = Unknown::pack(&[36..40, 50..50, 60..62]);
        let u = Unknown::packed(&packed);
        assert_eq!(u.ranges().collect::<Vec<_>>(), vec![36..40, 60..62]);
        assert_eq!(u.count(), 6);
        assert!(u.overlaps(38..39) && u.overlaps(30..37) && u.overlaps(61..100));
        assert!(!u.overlaps(40..60) && !u.overlaps(0..36));
        assert!(Unknown::NONE.is_empty() && !u.is_empty());
        // A cut pair is not read.
        assert_eq!(Unknown::packed(packed.get(..12).unwrap_or(&[])).count(), 4);
    }
}
