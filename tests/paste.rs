#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]
//! Every paste form as the real tools print it reads to its exact bytes (issue #12).
//!
//! tests/data/paste holds, for four corpus captures, what Python 3 (`print(data)`), Scapy
//! (`bytes(p)` in a session, `Ether(b'…')`, `hexdump(p)`), `bytes.fromhex('…')` and tcpdump 4.99
//! (`-v` with `-x`, `-xx`, `-X`, `-XX`, and `-tttt -e -v -XX`) print for their first frames,
//! written by scripts/gen-expected.sh. NAME.frames.txt is the truth from Scapy's rdpcap.

use std::path::{Path, PathBuf};

use igmpwb::codec::Severity;
use igmpwb::import::{self, hexdump};

fn paste_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/paste")
}

struct Truth {
    time: (i64, u32),
    bytes: Vec<u8>,
}

fn truth(name: &str) -> Vec<Truth> {
    let text = std::fs::read_to_string(paste_dir().join(format!("{name}.frames.txt")))
        .expect("frames.txt");
    text.lines()
        .map(|l| {
            let (time, hex) = l.split_once(' ').expect("time and hex");
            let (s, us) = time.split_once('.').expect("seconds.micros");
            let bytes = (0..hex.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).expect("hex"))
                .collect();
            Truth {
                time: (
                    s.parse().expect("seconds"),
                    us.parse::<u32>().expect("micros") * 1000,
                ),
                bytes,
            }
        })
        .collect()
}

fn names() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(paste_dir())
        .expect("paste dir")
        .filter_map(|e| {
            let n = e.ok()?.file_name().into_string().ok()?;
            n.strip_suffix(".frames.txt").map(str::to_owned)
        })
        .collect();
    names.sort();
    names
}

/// Which part of each frame a form shows, and which time it carries.
enum Shows {
    /// The whole frame, no time.
    Frame,
    /// The whole frame, tcpdump's time of day.
    FrameAtTimeOfDay,
    /// The whole frame, tcpdump's -tttt date and time.
    FrameAtDateTime,
    /// The IP packet only (tcpdump -x, -X), time of day.
    PacketAtTimeOfDay,
}

const FORMS: [(&str, Shows); 10] = [
    ("python-repr", Shows::Frame),
    ("scapy-session", Shows::Frame),
    ("scapy-ether", Shows::Frame),
    ("fromhex", Shows::Frame),
    ("scapy-hexdump", Shows::Frame),
    ("tcpdump-v-x", Shows::PacketAtTimeOfDay),
    ("tcpdump-v-X", Shows::PacketAtTimeOfDay),
    ("tcpdump-v-xx", Shows::FrameAtTimeOfDay),
    ("tcpdump-v-XX", Shows::FrameAtTimeOfDay),
    ("tcpdump-tttt-e-v-XX", Shows::FrameAtDateTime),
];

#[test]
fn every_paste_form_reads_to_the_exact_bytes_and_times() {
    let names = names();
    assert_eq!(names.len(), 4, "{names:?}");
    for name in &names {
        let truth = truth(name);
        assert!(!truth.is_empty());
        for (form, shows) in &FORMS {
            let path = paste_dir().join(format!("{name}.{form}.txt"));
            let text = std::fs::read_to_string(&path).expect("paste form");
            let got = hexdump::parse(&text);
            assert!(got.problems.is_empty(), "{name}.{form}: {:?}", got.problems);
            let want: Vec<Vec<u8>> = truth
                .iter()
                .map(|t| match shows {
                    // Every capture here is Ethernet II without tags: the packet starts at 14.
                    Shows::PacketAtTimeOfDay => t.bytes[14..].to_vec(),
                    _ => t.bytes.clone(),
                })
                .collect();
            assert_eq!(got.frames, want, "{name}.{form}");
            let times: Vec<Option<(i64, u32)>> = truth
                .iter()
                .map(|t| match shows {
                    Shows::Frame => None,
                    Shows::FrameAtDateTime => Some(t.time),
                    _ => Some((t.time.0.rem_euclid(86_400), t.time.1)),
                })
                .collect();
            assert_eq!(got.timestamps, times, "{name}.{form} times");
        }
    }
}

#[test]
fn the_truth_agrees_with_our_capture_reader() {
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus");
    for name in names() {
        let pcap = ["linux-frr", "tcpdump"]
            .iter()
            .map(|d| corpus.join(d).join(format!("{name}.pcap")))
            .find(|p| p.exists())
            .expect("the capture the paste forms came from");
        let imported = import::import(&std::fs::read(pcap).expect("pcap"));
        let truth = truth(&name);
        // The paste forms hold the capture's first frames: a non-empty prefix of it.
        assert!(!truth.is_empty(), "{name}: no truth to compare");
        assert!(
            truth.len() <= imported.frames.len(),
            "{name}: {} frames of truth, {} in the capture",
            truth.len(),
            imported.frames.len()
        );
        for (t, f) in truth.iter().zip(&imported.frames) {
            assert_eq!(t.bytes, f.bytes, "{name}");
        }
    }
}

#[test]
fn unknown_escapes_warn_as_python_does_and_stray_characters_are_errors_at_their_column() {
    let text = std::fs::read_to_string(paste_dir().join("mtrace.python-repr.txt")).expect("repr");
    let first = text.lines().next().expect("a line");
    // `\q` is no escape: Python keeps the backslash and warns; so do we.
    let damaged = first.replacen("\\x03", "\\q03", 1);
    let got = hexdump::parse(&damaged);
    assert!(got
        .problems
        .iter()
        .any(|p| p.severity == Severity::Warning && p.message.en.contains("\\q")));
    let got = hexdump::parse(&format!("{first} ¤"));
    assert!(got.problems.iter().any(|p| p.severity == Severity::Error
        && p.location
            == import::Location::Text {
                line: 1,
                column: first.chars().count() + 2
            }));
}
