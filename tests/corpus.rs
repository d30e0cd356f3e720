#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]
//! The corpus as oracle: tcpdump's summaries, tshark's field positions, every paste format, and
//! pcapng/pcap agreement. Expectations under tests/data/expected were generated once by
//! scripts/gen-expected.sh with the real tools; these tests need none of them.

mod common;

use std::path::{Path, PathBuf};

use igmpwb::codec::{self, render, summary, Severity};
use igmpwb::import::{self, capture};

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/corpus")
}

fn expected(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/expected")
        .join(name)
}

fn captures() -> Vec<PathBuf> {
    let mut out = Vec::new();
    for dir in ["tcpdump", "linux-frr"] {
        let mut files: Vec<_> = std::fs::read_dir(corpus().join(dir))
            .expect("the corpus copy in tests/data/corpus")
            .map(|e| e.expect("dir entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "pcap"))
            .collect();
        files.sort();
        out.extend(files);
    }
    assert!(out.len() >= 12, "corpus captures missing: {out:?}");
    out
}

fn stem(p: &Path) -> String {
    p.file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default()
        .to_string()
}

fn summaries(path: &Path, vflag: u8) -> String {
    let style = summary::Style {
        verbose: vflag > 0,
        very_verbose: vflag > 1,
        link_header: false,
        tunnel_depth: 0,
    };
    common::summaries(path, style)
        .into_iter()
        .map(|line| line + "\n")
        .collect()
}

#[test]
fn summary_matches_tcpdumps_own_expected_outputs() {
    let t = corpus().join("tcpdump");
    for (capture, out) in [
        ("IGMP_V1.pcap", "igmpv1.out"),
        ("IGMP_V2.pcap", "igmpv2.out"),
        ("igmpv3-queries.pcap", "igmpv3-queries.out"),
        ("mtrace.pcap", "mtrace.out"),
        ("mrinfo_query.pcap", "dvmrp.out"),
    ] {
        let want = std::fs::read_to_string(t.join(out)).expect("expected output");
        assert_eq!(
            summaries(&t.join(capture), 0),
            want,
            "{capture} vs tcpdump's {out}"
        );
    }
}

#[test]
fn summary_matches_tcpdump_4_99_plain_and_verbose_on_every_capture() {
    for path in captures() {
        let name = stem(&path);
        for (verbose, suffix) in [
            (0, "tcpdump.txt"),
            (1, "tcpdump-v.txt"),
            (2, "tcpdump-vv.txt"),
        ] {
            let want = std::fs::read_to_string(expected(&format!("{name}.{suffix}")))
                .expect("expected file");
            assert_eq!(summaries(&path, verbose), want, "{name} {suffix}");
        }
    }
}

#[test]
fn field_positions_agree_with_tshark_pdml() {
    let mut compared = 0;
    for path in captures() {
        let name = stem(&path);
        compared +=
            common::assert_spans_agree_with_pdml(&path, &expected(&format!("{name}.tshark.tsv")));
    }
    assert!(compared > 5000, "only {compared} field lists compared");
}

#[test]
fn every_hexdump_yields_the_frame_its_index_names() {
    let dir = corpus().join("hexdumps");
    let index = std::fs::read_to_string(dir.join("index.tsv")).expect("index");
    let mut n = 0;
    for line in index
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let (file, want) = line.split_once('\t').expect("two columns");
        let text = std::fs::read_to_string(dir.join(file)).expect("dump");
        let want: Vec<String> = std::fs::read_to_string(dir.join(want))
            .expect("expected")
            .lines()
            .map(str::to_string)
            .collect();
        let imp = import::import_text(&text);
        let got: Vec<String> = imp
            .frames
            .iter()
            .map(|f| import::export::hex_stream(&f.bytes))
            .collect();
        assert_eq!(got, want, "{file}: problems {:?}", imp.problems);
        assert!(imp.problems.is_empty(), "{file}: {:?}", imp.problems);
        n += 1;
    }
    assert!(n >= 150, "only {n} dumps");
}

#[test]
fn pcapng_made_by_editcap_gives_the_same_frames_as_the_pcap() {
    for path in captures() {
        let name = stem(&path);
        let a = import::import(&std::fs::read(&path).expect("pcap"));
        let ng =
            Path::new(env!("CARGO_MANIFEST_DIR")).join(format!("tests/data/pcapng/{name}.pcapng"));
        let b = import::import(&std::fs::read(ng).expect("pcapng"));
        assert!(b.problems.is_empty(), "{name}: {:?}", b.problems);
        assert_eq!(a.frames, b.frames, "{name}");
    }
}

#[test]
fn exports_are_stable_and_tshark_read_them_back_byte_identical() {
    for path in captures() {
        let name = stem(&path);
        let imp = import::import(&std::fs::read(&path).expect("pcap"));
        for (ext, data) in [
            ("pcap", capture::write_pcap(&imp.frames)),
            ("pcapng", capture::write_pcapng(&imp.frames)),
        ] {
            let committed = std::fs::read(
                Path::new(env!("CARGO_MANIFEST_DIR"))
                    .join(format!("tests/data/exported/{name}.{ext}")),
            )
            .expect("exported");
            assert!(
                committed == data,
                "{name}.{ext}: the writer no longer produces the file tshark checked"
            );
            let tshark_x =
                std::fs::read_to_string(expected(&format!("{name}.export-{ext}.tshark-x.txt")))
                    .expect("tshark -x");
            let back = import::import_text(&tshark_x);
            let original: Vec<&Vec<u8>> = imp.frames.iter().map(|f| &f.bytes).collect();
            let reread: Vec<&Vec<u8>> = back.frames.iter().map(|f| &f.bytes).collect();
            assert_eq!(reread, original, "{name}.{ext} as tshark read it");
        }
    }
}

#[test]
fn tree_renders_every_corpus_frame_without_structural_errors() {
    for path in captures() {
        let imp = import::import(&std::fs::read(&path).expect("pcap"));
        for (i, f) in imp.frames.iter().enumerate() {
            let d = codec::dissect(f.link, &f.bytes);
            let tree = render::tree(&d, codec::Lang::En);
            assert!(
                !tree.contains("malformed"),
                "{} frame {}:\n{tree}",
                path.display(),
                i + 1
            );
        }
    }
}

#[test]
fn ttl_1_is_required_only_of_membership_messages_and_mrd() {
    // mtrace and DVMRP mrinfo are unicast and routed: TTL 64 and 255 in tcpdump's captures.
    let mut routed = 0;
    for capture in ["mtrace.pcap", "mrinfo_query.pcap"] {
        let imp =
            import::import(&std::fs::read(corpus().join("tcpdump").join(capture)).expect("pcap"));
        for f in &imp.frames {
            let d = codec::dissect(f.link, &f.bytes);
            let ttl = f.bytes[22];
            routed += usize::from(ttl != 1);
            assert!(
                d.diagnostics
                    .iter()
                    .all(|x| !x.is(&igmpwb::codec::diagnostics::IP_TTL_NOT_1)),
                "{capture}: TTL {ttl} flagged"
            );
        }
    }
    assert!(routed >= 2, "the captures hold routed frames");
    // A v2 report with TTL 255 is still an error.
    let hex = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/frames/err/ttl-255.hex"),
    )
    .expect("hex");
    let imp = import::import(hex.as_bytes());
    let d = codec::dissect(imp.frames[0].link, &imp.frames[0].bytes);
    assert!(d
        .diagnostics
        .iter()
        .any(|x| x.is(&igmpwb::codec::diagnostics::IP_TTL_NOT_1) && x.severity == Severity::Error));
}
