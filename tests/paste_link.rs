#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]
//! Pastes whose frames do not start with Ethernet (issue #27): a bare IGMP message, raw IPv4,
//! and `tcpdump -i any -XX` dumps with Linux cooked v1/v2 headers are read as what they are,
//! and the link-type choice beside the paste box reads them as the user says.

use std::path::{Path, PathBuf};

use igmpwb::codec::summary::{frame_line, Style};
use igmpwb::codec::{dissect, LinkType};
use igmpwb::import::{self, LinkChoice};

fn dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/paste-link")
}

fn paste(name: &str) -> String {
    std::fs::read_to_string(dir().join(name)).expect("paste")
}

fn links(imp: &import::Import) -> Vec<LinkType> {
    imp.frames.iter().map(|f| f.link).collect()
}

#[test]
fn a_bare_igmp_message_is_read_as_one_and_decoded() {
    for (name, group, line) in [
        (
            "bare-v2-report.colon.txt",
            "239.1.2.3",
            "igmp v2 report 239.1.2.3",
        ),
        (
            "bare-v3-report.c.txt",
            "232.1.1.1",
            "igmp v3 report, 2 group record(s)",
        ),
        ("bare-v3-query.colon.txt", "", "igmp query v3"),
    ] {
        let imp = import::import_text(&paste(name));
        assert_eq!(
            links(&imp),
            vec![LinkType::IgmpMessage],
            "{name}: {:?}",
            imp.problems
        );
        let f = &imp.frames[0];
        let d = dissect(f.link, &f.bytes);
        assert!(d.diagnostics.is_empty(), "{name}: {:?}", d.diagnostics);
        assert_eq!(
            d.fields
                .iter()
                .find(|x| x.id == "igmp.checksum")
                .map(|x| x.value.en.ends_with("[correct]")),
            Some(true),
            "{name}"
        );
        if !group.is_empty() {
            assert!(
                d.fields
                    .iter()
                    .any(|x| x.id.starts_with("igmp.") && x.value.en == group),
                "{name}"
            );
        }
        let summary = frame_line(f.link, &f.bytes, f.bytes.len(), Style::default());
        assert_eq!(summary, line, "{name}");
    }
}

#[test]
fn tcpdump_any_dumps_are_read_with_their_cooked_headers() {
    for (name, link) in [
        ("sll.tcpdump-XX.txt", LinkType::LinuxSll),
        ("sll2.tcpdump-XX.txt", LinkType::LinuxSll2),
        // IPv6 and ARP after the header: its shape alone does not say SLL2; the summary
        // line's interface and direction (`?     M   IP6 …`) do.
        ("sll2-other.tcpdump-XX.txt", LinkType::LinuxSll2),
        ("raw.tcpdump-XX.txt", LinkType::RawIpv4),
    ] {
        let imp = import::import_text(&paste(name));
        assert!(!imp.frames.is_empty(), "{name}");
        assert!(
            links(&imp).iter().all(|l| *l == link),
            "{name}: {:?}",
            links(&imp)
        );
        // Read that way, each frame prints what tcpdump printed on its summary line.
        let text = paste(name);
        let summaries: Vec<&str> = text.lines().filter(|l| !l.starts_with('\t')).collect();
        for (f, want) in imp.frames.iter().zip(summaries) {
            let ours = frame_line(f.link, &f.bytes, f.bytes.len(), Style::default());
            // tcpdump's line: time, then for SLL2 the interface and direction, then ours.
            assert!(want.ends_with(&ours), "{name}: {want} vs {ours}");
        }
    }
}

/// When the summary line chose the link type, the paste says so, frame by frame.
#[test]
fn a_link_type_read_from_the_summary_line_is_said() {
    let imp = import::import_text(&paste("sll2-other.tcpdump-XX.txt"));
    let said: Vec<String> = imp.problems.iter().map(|p| p.message.en.clone()).collect();
    assert_eq!(said.len(), 2, "{said:?}");
    assert!(
        said[0].starts_with("Frame 1 is read as Linux cooked v2 (SLL2)"),
        "{said:?}"
    );
    // Each says where: its frame's summary line (click it to go there).
    let lines: Vec<_> = imp.problems.iter().map(|p| p.location.clone()).collect();
    assert_eq!(
        lines,
        [1, 8].map(|line| import::Location::Text { line, column: 1 }),
        "the summary lines of frames 1 and 2"
    );
    let d = dissect(imp.frames[0].link, &imp.frames[0].bytes);
    assert!(
        d.fields.iter().any(|f| f.id == "ipv6.dst"),
        "the IPv6 header is decoded"
    );
    // The same header with an IPv4 packet needs no summary line: nothing is said.
    let plain = import::import_text(&paste("sll2.tcpdump-XX.txt"));
    assert!(plain.problems.is_empty(), "{:?}", plain.problems);
}

#[test]
fn the_chosen_link_type_wins_over_auto() {
    let text = paste("bare-v2-report.colon.txt");
    let as_eth = import::import_text_as(&text, LinkChoice::Fixed(LinkType::Ethernet));
    assert_eq!(links(&as_eth), vec![LinkType::Ethernet]);
    let as_igmp = import::import_text_as(&text, LinkChoice::Fixed(LinkType::IgmpMessage));
    assert_eq!(links(&as_igmp), vec![LinkType::IgmpMessage]);
    for c in LinkChoice::ALL {
        assert_eq!(LinkChoice::from_value(c.value()), c);
    }
}

#[test]
fn a_bare_message_survives_a_pcap_round_trip() {
    let imp = import::import_text(&paste("bare-v2-report.colon.txt"));
    let file = import::capture::write_pcap(&imp.frames);
    let back = import::import(&file);
    assert!(back.problems.is_empty(), "{:?}", back.problems);
    assert_eq!(back.frames[0].link, LinkType::IgmpMessage);
    assert_eq!(back.frames[0].bytes, imp.frames[0].bytes);
}

#[test]
fn hex_streams_one_per_line_are_frames_and_xxd_p_lines_are_one() {
    use igmpwb::codec::Severity;
    // Wireshark's "Copy as Hex Stream" pasted twice: two lines of the same length, each a whole
    // frame by its IPv4 total length.
    let v2 = "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a";
    let twice = format!("{v2}\n{v2}\n");
    let imp = import::import_text(&twice);
    assert_eq!(imp.frames.len(), 2, "{:?}", imp.problems);
    assert_eq!(imp.frames[0].bytes.len(), 46);
    let said = &imp.problems[0];
    assert_eq!(said.severity, Severity::Info);
    assert!(
        said.message.en.contains("one per line"),
        "{}",
        said.message.en
    );
    // xxd -p of one 74-byte frame: 30 bytes a line, the first line alone too short for its
    // IPv4 length.
    let frame = "01005e000016020000000011080046c0003c00004000010200000a00000be0000016940400002200000000000003010000010e0101010a0909010400000002020202010000000303030300";
    let bytes = frame.len() / 2;
    let xxd: String = frame
        .as_bytes()
        .chunks(60)
        .map(|c| format!("{}\n", std::str::from_utf8(c).unwrap()))
        .collect();
    let imp = import::import_text(&xxd);
    assert_eq!(imp.frames.len(), 1, "{:?}", imp.problems);
    assert_eq!(imp.frames[0].bytes.len(), bytes);
    assert!(
        imp.problems
            .iter()
            .any(|p| p.message.en.contains("wrapped")),
        "{:?}",
        imp.problems
    );
}

#[test]
fn python_lists_hex_sessions_and_tshark_verbose_read_to_their_frames() {
    let truth: Vec<Vec<u8>> = paste("frames.txt")
        .lines()
        .map(|l| {
            (0..l.len())
                .step_by(2)
                .map(|i| u8::from_str_radix(&l[i..i + 2], 16).unwrap())
                .collect()
        })
        .collect();
    for (name, frames) in [
        ("python-list.txt", 2),
        ("python-hex-session.txt", 1),
        ("tshark-V-x.txt", 2),
    ] {
        let imp = import::import_text(&paste(name));
        let errors: Vec<_> = imp
            .problems
            .iter()
            .filter(|p| p.severity == igmpwb::codec::Severity::Error)
            .collect();
        assert!(errors.is_empty(), "{name}: {errors:?}");
        let got: Vec<Vec<u8>> = imp.frames.iter().map(|f| f.bytes.clone()).collect();
        assert_eq!(got, truth[..frames].to_vec(), "{name}");
    }
    let tv = import::import_text(&paste("tshark-V-x.txt"));
    assert_eq!(
        tv.format.map(|f| f.describe().en),
        Some("tshark -V -x output".to_string())
    );
}

#[test]
fn a_typo_in_an_offset_dump_leaves_its_bytes_unknown_and_keeps_the_frame_whole() {
    // A -XX dump with `OO01` for `0001` on its third data line (the case).
    let dump = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/paste/host-v3-source-specific.tcpdump-v-XX.txt"),
    )
    .unwrap();
    let first: Vec<&str> = dump.lines().take(6).collect();
    let clean = import::import_text(&first.join("\n"));
    let typo = first
        .join("\n")
        .replacen("0000 0001 0500", "0000 OO01 0500", 1);
    assert_ne!(typo, first.join("\n"));
    let imp = import::import_text(&typo);
    assert_eq!(imp.frames.len(), 1);
    let (f, whole) = (&imp.frames[0], &clean.frames[0]);
    // The frame keeps its length (0x30 + 10, as the offsets give it); the line's 4 bytes from
    // the typo on are unknown (zeros stand in for them), and every other byte, the next line's
    // included, is the dump's.
    assert_eq!((f.bytes.len(), f.orig_len), (0x3a, 0x3a));
    let unknown = igmpwb::codec::Unknown::packed(&f.unknown);
    assert_eq!(unknown.ranges().collect::<Vec<_>>(), vec![0x2c..0x30]);
    for (i, (a, b)) in f.bytes.iter().zip(&whole.bytes).enumerate() {
        if !(0x2c..0x30).contains(&i) {
            assert_eq!(a, b, "byte {i}");
        }
    }
    let error = imp
        .problems
        .iter()
        .find(|p| p.severity == igmpwb::codec::Severity::Error)
        .expect("the typo is an error");
    let line = typo.lines().nth(4).unwrap();
    let column = line[..line.find("OO01").unwrap()].chars().count() + 1;
    assert_eq!(error.location, import::Location::Text { line: 5, column });
    assert!(imp
        .problems
        .iter()
        .any(|p| p.message.en.contains("Bytes 44–47 (4) are unknown")));
    // The decode says "unknown bytes", never that a checksum is wrong or the frame cut short.
    let d = import::stream::FrameRef::from(f).dissect();
    let codes: Vec<&str> = d.diagnostics.iter().map(|x| x.code()).collect();
    assert_eq!(codes, vec!["paste.unknown_bytes"]);
    let checksum = d.fields.iter().find(|x| x.id == "igmp.checksum").unwrap();
    assert!(
        checksum
            .value
            .en
            .contains("unverified: some bytes are unknown"),
        "{:?}",
        checksum.value
    );
    let unknown_fields: Vec<&str> = d
        .fields
        .iter()
        .filter(|x| x.value.en.starts_with("unknown"))
        .map(|x| x.id)
        .collect();
    assert!(!unknown_fields.is_empty(), "{unknown_fields:?}");
    assert_eq!(d.unknown, vec![0x2c..0x30]);
    // The same frame without its unknown bytes said would claim a bad checksum.
    let blind = dissect(f.link, &f.bytes);
    assert!(blind
        .diagnostics
        .iter()
        .any(|x| x.code() == "igmp.bad_checksum"));
}

#[test]
fn a_typo_on_an_offset_dumps_last_line_is_placed_by_its_ascii_column() {
    let dump = "\t0x0000:  0100 5e0a 0a0a 0200 0000 0001 0800 46c0  ..^...........F.\n\t0x0010:  0020 0000 4000 0102 3851 c0a8 010a e00a  ....@...8Q......\n\t0x0020:  0a0a 9404 0000 1600 ffOa e00a 0a0a       ..............\n";
    let imp = import::import_text(dump);
    let f = &imp.frames[0];
    assert_eq!(f.bytes.len(), 46);
    let unknown = igmpwb::codec::Unknown::packed(&f.unknown);
    assert_eq!(unknown.ranges().collect::<Vec<_>>(), vec![40..46]);
    // Before, the typo was taken for the start of the ASCII column, and the bytes after it
    // silently dropped.
    assert!(imp
        .problems
        .iter()
        .any(|p| p.severity == igmpwb::codec::Severity::Error
            && p.message.en.contains("\"ffOa\" is not hex")));
}

#[test]
fn old_tcpdump_x_dumps_that_start_at_the_vlan_tag_are_read_from_the_ip_header() {
    let imp = import::import_text(&paste("old-tcpdump-vlan-X.txt"));
    assert_eq!(links(&imp), vec![LinkType::RawIpv4], "{:?}", imp.problems);
    let f = &imp.frames[0];
    assert_eq!(f.bytes.first(), Some(&0x46));
    assert_eq!(
        frame_line(f.link, &f.bytes, f.bytes.len(), Style::default()),
        "IP 10.0.0.11 > 239.1.2.3: igmp v2 report 239.1.2.3"
    );
    assert!(
        imp.problems
            .iter()
            .any(|p| p.message.en.contains("802.1Q tag (VLAN 100, priority 0)")),
        "{:?}",
        imp.problems
    );
    // Read as the user says, the bytes stay as pasted.
    let as_eth = import::import_text_as(
        &paste("old-tcpdump-vlan-X.txt"),
        LinkChoice::Fixed(LinkType::Ethernet),
    );
    assert_eq!(as_eth.frames[0].bytes.first(), Some(&0x00));
}

#[test]
fn a_typo_before_a_hostile_offset_does_not_make_gigabytes_of_unknown_bytes() {
    // Found by the wasm32 property test: the next offset 0xffffffff made the typo's line
    // "hold" 4 GB, and filling it overflowed a 32-bit capacity.
    let dump = "0x0000:  0100 5e00 zz01\n0xffffffff:  0800\n";
    let imp = import::import_text(dump);
    let f = &imp.frames[0];
    assert!(f.bytes.len() < 64, "{}", f.bytes.len());
    assert!(igmpwb::codec::Unknown::packed(&f.unknown).is_empty());
    assert!(imp
        .problems
        .iter()
        .any(|p| p.severity == igmpwb::codec::Severity::Error));
}

#[test]
fn a_pcapng_export_says_which_bytes_a_typo_left_unknown() {
    let dump = "\t0x0000:  0100 5e0a 0a0a 0200 0000 0001 0800 46c0  ..^...........F.\n\t0x0010:  0020 0000 4000 0102 3851 c0a8 010a e00a  ....@...8Q......\n\t0x0020:  0a0a 9404 0000 1600 ffOa e00a 0a0a       ..............\n";
    let imp = import::import_text(dump);
    let file = import::capture::write_pcapng(&imp.frames);
    let back = import::import(&file);
    assert_eq!(back.frames.len(), 1);
    assert_eq!(
        back.frames[0].comment.as_deref(),
        Some("unknown bytes (a typo in the paste, written as 0): 40-45")
    );
}
