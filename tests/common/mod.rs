//! Helpers shared by the integration tests that compare with outside tools.

use std::collections::BTreeMap;
use std::path::Path;

use igmpwb::codec::summary::{self, Style};
use igmpwb::{codec, import};

/// Our summary of each frame of a capture, numbered as `tcpdump -#` prints it (the capture must
/// import without problems).
#[allow(dead_code, reason = "each test crate uses the helpers it needs")]
pub fn summaries(path: &Path, style: Style) -> Vec<String> {
    let imp = import::import(&std::fs::read(path).expect("capture"));
    assert!(
        imp.problems.is_empty(),
        "{}: {:?}",
        path.display(),
        imp.problems
    );
    imp.frames
        .iter()
        .enumerate()
        .map(|(i, f)| {
            let wire_len = usize::try_from(f.orig_len).expect("a frame length");
            let text = summary::frame_line(f.link, &f.bytes, wire_len, style);
            summary::numbered(i + 1, f.ts_sec, f.ts_nsec / 1000, &text)
        })
        .collect()
}

/// Asserts that every field we and tshark both show (same id, same frame) has the same byte
/// spans, tshark's taken from its PDML (`frame\tid\tpos\tsize` lines written by
/// scripts/pdml_fields.py). Returns how many field lists were compared.
pub fn assert_spans_agree_with_pdml(pcap: &Path, tsv: &Path) -> usize {
    let mut tshark: BTreeMap<(usize, String), Vec<(usize, usize)>> = BTreeMap::new();
    for line in std::fs::read_to_string(tsv).expect("tsv").lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let n: usize = cols[0].parse().expect("frame");
        let (Ok(pos), Ok(size)) = (cols[2].parse(), cols[3].parse()) else {
            continue;
        };
        tshark
            .entry((n, cols[1].to_string()))
            .or_default()
            .push((pos, size));
    }
    let name = pcap.display();
    let imp = import::import(&std::fs::read(pcap).expect("read"));
    let mut compared = 0;
    for (i, f) in imp.frames.iter().enumerate() {
        let d = codec::dissect(f.link, &f.bytes);
        let mut ours: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
        for field in d.fields.iter().filter(|x| !x.derived) {
            ours.entry(field.id.to_string())
                .or_default()
                .push((field.span.start, field.span.len()));
        }
        for (id, spans) in &ours {
            if let Some(theirs) = tshark.get(&(i + 1, id.clone())) {
                assert_eq!(spans, theirs, "{name} frame {} field {id}", i + 1);
                compared += 1;
            }
        }
    }
    compared
}
