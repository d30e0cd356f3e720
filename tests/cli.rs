//! The igmpwb command line, as a user runs it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::process::Command;

fn igmpwb(args: &[&str]) -> (String, String, bool) {
    let (out, err, code) = igmpwb_code(args);
    (out, err, code == 0)
}

/// Runs the binary; returns standard output, standard error and the exit code.
fn igmpwb_code(args: &[&str]) -> (String, String, i32) {
    let out = Command::new(env!("CARGO_BIN_EXE_igmpwb"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run igmpwb");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code().unwrap_or(-1),
    )
}

fn temp_file(name: &str, bytes: &[u8]) -> String {
    let dir = std::env::temp_dir().join(format!("igmpwb-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("dir");
    let f = dir.join(name);
    std::fs::write(&f, bytes).expect("write");
    f.to_str().expect("path").to_string()
}

#[test]
fn version_and_help() {
    let (out, _, ok) = igmpwb(&["--version"]);
    assert!(ok && out.starts_with("igmpwb "));
    let (out, _, ok) = igmpwb(&["--help"]);
    assert!(ok && out.contains("summary") && out.contains("simulate"));
}

#[test]
fn build_prints_the_reference_frame() {
    let (out, err, ok) = igmpwb(&["build", "tests/data/specs/v2-report.json"]);
    assert!(ok, "{err}");
    assert_eq!(out.trim(), "01005e0a0a0a020000000001080046c000200000400001023851c0a8010ae00a0a0a940400001600ffeae00a0a0a");
    let (out, _, ok) = igmpwb(&["build", "tests/data/specs/v3-report-two-records.json"]);
    assert!(
        ok && out
            .trim()
            .ends_with("04000000e00a0a0a05000001e80101010a000001"),
        "{out}"
    );
    // An MLD spec (#30): the golden MLDv1 Done, whose witness is tshark's PDML.
    let (out, err, ok) = igmpwb(&["build", "tests/data/specs/mld1-done.json"]);
    assert!(ok, "{err}");
    let golden = std::fs::read_to_string("tests/data/frames/ok/mld1-done.hex").unwrap_or_default();
    assert_eq!(out.trim(), golden.lines().nth(1).unwrap_or_default());
    // A spec that is neither names the line and column of what is wrong.
    std::fs::write(
        std::env::temp_dir().join("bad-mld.json"),
        r#"{"mld": {"kind": "v1"}}"#,
    )
    .unwrap();
    let bad = std::env::temp_dir().join("bad-mld.json");
    let (_, err, ok) = igmpwb(&["build", bad.to_str().unwrap_or_default()]);
    assert!(!ok && err.contains("missing field `msg_type`"), "{err}");
}

#[test]
fn bytes_reads_every_input_form() {
    let (out, err, code) = igmpwb_code(&["bytes", "tests/data/corpus/hexdumps/v2-leave.xxd.txt"]);
    assert_eq!(code, 0, "{err}");
    let want = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/hexdumps/v2-leave.expected"
    ))
    .expect("expected");
    assert!(!out.trim().is_empty(), "bytes printed nothing");
    assert_eq!(out, want);
}

#[test]
fn garbage_is_reported_with_line_and_column_and_exit_1_after_the_valid_frames() {
    let f = temp_file("junk.txt", b"01 00 5e 00 00 01\nzz");
    let (out, err, code) = igmpwb_code(&["bytes", &f]);
    assert_eq!(code, 1, "{err}");
    assert!(err.contains("line 2, column 1"), "{err}");
    assert_eq!(
        out, "01005e000001\n",
        "the valid bytes before the error are still printed"
    );
}

#[test]
fn unrecognised_binary_input_exits_1_with_the_place() {
    let mut junk = vec![0u8, 1, 2, 3, 0xff, 0xfe, 7, 0];
    junk.extend(std::iter::repeat_n(0x05u8, 200));
    let f = temp_file("random.bin", &junk);
    for cmd in ["summary", "fields", "tree", "bytes"] {
        let (out, err, code) = igmpwb_code(&[cmd, &f]);
        assert_eq!(code, 1, "{cmd}: {err}");
        assert!(out.is_empty(), "{cmd}: {out}");
        assert!(
            err.contains("byte 0") && err.contains("neither"),
            "{cmd}: {err}"
        );
    }
}

#[test]
fn missing_files_exit_1_naming_the_file() {
    let (_, err, code) = igmpwb_code(&["summary", "/nonexistent/x.pcap"]);
    assert_eq!(code, 1);
    assert!(err.contains("/nonexistent/x.pcap"), "{err}");
}

#[test]
fn a_truncated_last_record_is_a_warning_on_stderr_with_exit_0() {
    let whole = std::fs::read(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/tcpdump/IGMP_V1.pcap"
    ))
    .expect("capture");
    // Header (24) + first record (16 + 60) + 10 bytes of the second record's header.
    let f = temp_file("trunc.pcap", &whole[..110]);
    let (out, err, code) = igmpwb_code(&["summary", &f]);
    assert_eq!(code, 0, "{err}");
    assert_eq!(out.lines().count(), 1, "{out}");
    assert!(err.contains("warning") && err.contains("record 2"), "{err}");
}

#[test]
fn usage_errors_exit_2_with_the_usage_line() {
    let cases: &[&[&str]] = &[
        &[],
        &["frobnicate"],
        &["--no-such-flag"],
        &["summary"],
        &["summary", "-x", "tests/data/corpus/tcpdump/IGMP_V1.pcap"],
        &["summary", "a.pcap", "b.pcap"],
        &["tree", "--en", "a.pcap"],
        &["convert", "a.pcap"],
        &["convert", "a.pcap", "out.txt"],
        &["build"],
        &["build", "--presets"],
        &["simulate", "--builtin"],
        &["simulate", "--builtin", "v2-join", "--seed", "x"],
        &["simulate", "--builtin", "v2-join", "--until", "NaN"],
        &["simulate", "--builtin", "v2-join", "--until", "-1"],
        &["simulate", "--builtin", "v2-join", "--frobnicate"],
        &["bytes", "--json", "a.pcap"],
    ];
    for args in cases {
        let (out, err, code) = igmpwb_code(args);
        assert_eq!(code, 2, "{args:?}: {err}");
        assert!(out.is_empty(), "{args:?}: {out}");
        assert!(
            err.contains("usage:") || err.contains("--help"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn every_subcommand_has_help_and_version() {
    for cmd in [
        "summary",
        "fields",
        "tree",
        "bytes",
        "convert",
        "build",
        "simulate",
        "bench-sim",
        "bench-import",
    ] {
        let (out, err, code) = igmpwb_code(&[cmd, "--help"]);
        assert_eq!(code, 0, "{cmd}: {err}");
        assert!(
            out.starts_with(&format!("usage: igmpwb {cmd}")),
            "{cmd}: {out}"
        );
        let (out, _, code) = igmpwb_code(&[cmd, "--version"]);
        assert_eq!(code, 0);
        assert_eq!(
            out,
            format!("igmpwb {}\n", env!("CARGO_PKG_VERSION")),
            "{cmd}"
        );
    }
}

#[test]
fn simulate_lists_runs_and_writes_pcap_and_trace() {
    let (out, _, ok) = igmpwb(&["simulate", "--list"]);
    assert!(ok && out.lines().count() == igmpwb::sim::builtin::NAMES.len());
    let dir = std::env::temp_dir().join("igmpwb-cli-sim");
    std::fs::create_dir_all(&dir).expect("dir");
    let pcap = dir.join("s.pcap");
    let trace = dir.join("s.jsonl");
    let (out, err, ok) = igmpwb(&[
        "simulate",
        "--builtin",
        "v2-last-member-leaves",
        "--seed",
        "3",
        "--pcap",
        pcap.to_str().expect("p"),
        "--trace",
        trace.to_str().expect("t"),
    ]);
    assert!(ok, "{err}");
    assert!(out.contains("NoMembersPresent"));
    let (summary, _, ok) = igmpwb(&["summary", pcap.to_str().expect("p")]);
    assert!(
        ok && summary.contains(
            "1970-01-01 00:00:20.000000 IP 192.168.1.10 > 224.0.0.2: igmp leave 224.10.10.10"
        ),
        "{summary}"
    );
    assert!(std::fs::read_to_string(&trace)
        .expect("trace")
        .lines()
        .all(|l| l.contains("\"t\":")));
    let (_, err, ok) = igmpwb(&["simulate", "--builtin", "nope"]);
    assert!(!ok && err.contains("no built-in scenario"));
}

#[test]
fn convert_writes_pcapng_that_reads_back() {
    let dir = std::env::temp_dir().join("igmpwb-cli-convert");
    std::fs::create_dir_all(&dir).expect("dir");
    let ng = dir.join("x.pcapng");
    let (_, err, ok) = igmpwb(&[
        "convert",
        "tests/data/corpus/linux-frr/host-v1-join.pcap",
        ng.to_str().expect("p"),
    ]);
    assert!(ok, "{err}");
    let (a, _, _) = igmpwb(&["bytes", "tests/data/corpus/linux-frr/host-v1-join.pcap"]);
    let (b, _, _) = igmpwb(&["bytes", ng.to_str().expect("p")]);
    assert_eq!(a, b);
}

/// Issue #13's 36-byte pcapng: a 28-byte section header, then a block claiming 0xfffffffc
/// bytes. On wasm32 `pos + len - 4` wrapped and the app died; now the block is reported as cut
/// off at its byte offset. (tests/core_props.rs runs the same file in 32-bit wasm.)
#[test]
fn a_block_length_near_4_gib_is_reported_not_wrapped() {
    let (out, err, code) = igmpwb_code(&["bytes", "tests/data/hostile/pcapng-wrap-32bit.pcapng"]);
    assert_eq!(code, 0, "a cut-off last block is a warning: {err}");
    assert!(out.is_empty());
    assert!(
        err.contains("byte 28") && err.contains("4294967292"),
        "{err}"
    );
}

/// Issue #13: `until` = 1e9 grew to 23 GB before. Now the scenario is refused at once with the
/// field and the limit; a JSON file saying the same is refused the same way.
#[test]
fn simulate_refuses_a_run_beyond_the_limits_with_the_field_named() {
    let start = std::time::Instant::now();
    let (out, err, code) = igmpwb_code(&["simulate", "--builtin", "v2-join", "--until", "1e9"]);
    assert_eq!(code, 1, "{err}");
    assert!(out.is_empty());
    assert!(err.contains("until") && err.contains("86400"), "{err}");
    assert!(start.elapsed().as_secs() < 30);
    let (json, _, _) = igmpwb(&["simulate", "--builtin", "v2-join", "--json"]);
    let hostile = json.replace("\"query_interval\": 125.0", "\"query_interval\": 0.0");
    assert_ne!(hostile, json);
    let f = temp_file("qi0.json", hostile.as_bytes());
    let (_, err, code) = igmpwb_code(&["simulate", &f]);
    assert_eq!(code, 1);
    assert!(err.contains("timers.query_interval"), "{err}");
}

#[test]
fn streamed_convert_writes_the_bytes_the_whole_file_writer_writes() {
    use igmpwb::import::{self, capture};
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let dir = std::env::temp_dir().join(format!("igmpwb-convert-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    for name in [
        "corpus/linux-frr/host-v3-source-specific.pcap",
        "corpus/tcpdump/mtrace.pcap",
        "parity/sll2.pcap",
        "parity/raw.pcap",
    ] {
        let input = root.join(name);
        let frames = import::import(&std::fs::read(&input).expect("pcap")).frames;
        for (ext, want) in [
            ("pcap", capture::write_pcap(&frames)),
            ("pcapng", capture::write_pcapng(&frames)),
        ] {
            let out = dir.join(format!("out.{ext}"));
            let (_, err, code) = igmpwb_code(&[
                "convert",
                input.to_str().expect("path"),
                out.to_str().expect("path"),
            ]);
            assert_eq!(code, 0, "{name}: {err}");
            assert_eq!(std::fs::read(&out).expect("output"), want, "{name} → {ext}");
        }
    }
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn summary_streams_pcapng_to_the_same_lines_as_tcpdump_on_the_pcap() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    let mut checked = 0;
    for entry in std::fs::read_dir(root.join("pcapng")).expect("pcapng dir") {
        let path = entry.expect("entry").path();
        let name = path
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("name")
            .to_string();
        let expected = root.join(format!("expected/{name}.tcpdump.txt"));
        let Ok(want) = std::fs::read_to_string(&expected) else {
            continue;
        };
        let (out, err, code) = igmpwb_code(&["summary", path.to_str().expect("path")]);
        assert_eq!(code, 0, "{name}: {err}");
        assert_eq!(out, want, "{name}");
        checked += 1;
    }
    assert!(checked >= 10, "{checked}");
}

#[test]
fn summary_vv_is_tcpdump_vv() {
    // -vv and -v -v both mean tcpdump's second level: source lists and UDP checksums.
    let file = "tests/data/parity/vv.pcap";
    let want = std::fs::read_to_string("tests/data/parity/vv.tcpdump-vv.txt").expect("expected");
    for args in [
        &["summary", "-vv", file][..],
        &["summary", "-v", "-v", file][..],
    ] {
        let (out, err, code) = igmpwb_code(args);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out, want, "{args:?}");
    }
    assert!(want.contains("[udp sum ok]") && want.contains("{ 10.9.9.1 10.9.9.2 10.9.9.3 }"));
    // At -v tcpdump checks no UDP-over-IPv4 checksum.
    let (v, _, _) = igmpwb_code(&["summary", "-v", file]);
    assert!(!v.contains("udp sum") && !v.contains("cksum"), "{v}");
}

#[test]
fn analyze_prints_the_report_and_the_json_contract() {
    let file = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/corpus/linux-frr/router-querier-frr-v2.pcap"
    );
    let (text, err, ok) = igmpwb(&["analyze", file]);
    assert!(ok, "{err}");
    assert!(
        text.contains("Queriers\n  10.0.0.1        IGMPv2"),
        "{text}"
    );
    assert!(
        text.contains("[warning] 50.916 s  last-member-query-count"),
        "{text}"
    );
    let (ja, _, _) = igmpwb(&["analyze", "--ja", file]);
    assert!(
        ja.contains("クエリア") && ja.contains("ラストメンバークエリー回数"),
        "{ja}"
    );
    let (json, _, ok) = igmpwb(&["analyze", "--json", file]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    assert_eq!(v["queriers"][0]["address"], "10.0.0.1");
    assert_eq!(v["queriers"][0]["from_frame"], 3);
    assert_eq!(v["findings"][0]["rule"], "last-member-query-count");
    assert_eq!(v["findings"][0]["severity"], "warning");
    assert!(v["findings"][0]["ja"]
        .as_str()
        .is_some_and(|s| !s.is_empty()));
    let (_, err, code) = igmpwb_code(&["analyze", "--bogus", file]);
    assert_eq!(code, 2, "{err}");
}

/// The bridge capture of the corpus was taken on each of the bridge's three ports and merged
/// (tests/data/corpus/linux-frr/bridge-querier-v2.ports.txt says which port each frame came
/// from). Written as a pcapng with one interface per port, `analyze --per-port` analyses each
/// port as its own link: no copy is merged away, and each port sees its own host.
#[test]
fn analyze_per_port_takes_each_pcapng_interface_as_its_own_link() {
    let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/corpus/linux-frr");
    let data = std::fs::read(format!("{dir}/bridge-querier-v2.pcap")).expect("capture");
    let ports =
        std::fs::read_to_string(format!("{dir}/bridge-querier-v2.ports.txt")).expect("ports");
    let port_of: Vec<u32> = ports
        .lines()
        .filter(|l| !l.starts_with('#'))
        .filter_map(|l| l.split('\t').nth(1))
        .map(|p| match p.trim() {
            "p-h1" => 0,
            "p-h2" => 1,
            _ => 2,
        })
        .collect();
    let mut imp = igmpwb::import::import(&data);
    assert_eq!(imp.frames.len(), port_of.len());
    for (f, p) in imp.frames.iter_mut().zip(&port_of) {
        f.interface = *p;
    }
    let path = std::env::temp_dir().join(format!("per-port-{}.pcapng", std::process::id()));
    std::fs::write(&path, igmpwb::import::capture::write_pcapng(&imp.frames)).expect("write");
    let file = path.to_str().expect("path");
    // Read back, the interfaces are kept.
    let back = igmpwb::import::import(&std::fs::read(&path).expect("read"));
    assert_eq!(
        back.frames.iter().map(|f| f.interface).collect::<Vec<_>>(),
        port_of
    );
    let (json, err, ok) = igmpwb(&["analyze", "--per-port", "--json", file]);
    assert!(ok, "{err}");
    let v: serde_json::Value = serde_json::from_str(&json).expect("JSON");
    let list = v.as_array().expect("one analysis per interface");
    assert_eq!(list.len(), 3);
    for (i, a) in list.iter().enumerate() {
        assert_eq!(a["interface"], i);
        // The merged link counts 33 copies once; within one port only the bridge's two
        // start-up queries 4 ms apart on p-h1 are byte-identical.
        let findings = a["findings"].as_array().expect("findings");
        let merged: usize = findings
            .iter()
            .filter(|f| f["rule"] == "duplicates-merged")
            .map(|f| f["frames"].as_array().map_or(0, Vec::len))
            .sum();
        assert!(merged <= 1, "port {i}: {merged} copies merged");
        assert_eq!(a["switch_queriers"][0]["address"], "0.0.0.0");
    }
    // Each port's analysis has the memberships its frames show (the bridge floods reports, so
    // p-h1 sees h1's join of 224.5.5.1).
    let members = |i: usize, host: &str| {
        list[i]["groups"]
            .as_array()
            .expect("groups")
            .iter()
            .any(|g| {
                g["group"] == "224.5.5.1"
                    && g["members"]
                        .as_array()
                        .expect("m")
                        .iter()
                        .any(|m| m["host"] == host)
            })
    };
    assert!(members(0, "10.0.0.11"));
    let (text, _, ok) = igmpwb(&["analyze", "--per-port", file]);
    assert!(ok);
    assert!(
        text.contains("== interface 0 ==") && text.contains("== interface 2 =="),
        "{text}"
    );
    // Without the option, the one link of the merged capture, as before.
    let (one, _, ok) = igmpwb(&["analyze", "--json", file]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&one).expect("JSON");
    assert!(v.is_object());
    let _ = std::fs::remove_file(&path);
}

/// `summary -Y` keeps the frames tshark -Y keeps (tests/data/filters/tshark.tsv), numbered as
/// all frames are; `analyze -Y` names the capture's frame numbers; a filter that does not parse
/// exits with status 2 and says its column.
#[test]
fn summary_and_analyze_take_a_display_filter() {
    let file = "tests/data/corpus/linux-frr/host-v2-join-leave.pcap";
    let (all, _, ok) = igmpwb(&["summary", file]);
    assert!(ok);
    let (kept, err, ok) = igmpwb(&["summary", "-Y", "ip.addr == 10.0.0.12", file]);
    assert!(ok, "{err}");
    let table = std::fs::read_to_string("tests/data/filters/tshark.tsv").expect("table");
    let want: Vec<usize> = table
        .lines()
        .find(|l| l.starts_with("corpus/linux-frr/host-v2-join-leave.pcap\tip.addr == 10.0.0.12\t"))
        .and_then(|l| l.split('\t').nth(2))
        .expect("the tshark row")
        .split(',')
        .map(|n| n.parse().expect("number"))
        .collect();
    let numbers: Vec<usize> = kept
        .lines()
        .map(|l| {
            l.split_whitespace()
                .next()
                .and_then(|n| n.parse().ok())
                .expect("No.")
        })
        .collect();
    assert_eq!(numbers, want);
    for line in kept.lines() {
        assert!(
            all.lines().any(|a| a == line),
            "the same line as unfiltered: {line}"
        );
    }
    // The first three frames left out: the findings still name the capture's own numbers.
    let filter = "frame.number > 3 && igmp.type in {0x16, 0x17}";
    let (report, _, ok) = igmpwb(&["analyze", "--json", "-Y", filter, file]);
    assert!(ok);
    let v: serde_json::Value = serde_json::from_str(&report).expect("JSON");
    let named: Vec<u64> = v["findings"]
        .as_array()
        .expect("findings")
        .iter()
        .flat_map(|f| f["frames"].as_array().cloned().unwrap_or_default())
        .filter_map(|n| n.as_u64())
        .collect();
    let kept: Vec<u64> = igmpwb(&["summary", "-Y", filter, file])
        .0
        .lines()
        .filter_map(|l| l.split_whitespace().next().and_then(|n| n.parse().ok()))
        .collect();
    assert!(!named.is_empty() && kept.first() == Some(&4), "{kept:?}");
    assert!(
        named.iter().all(|n| kept.contains(n)),
        "{named:?} ⊂ {kept:?}"
    );
    let (_, err, code) = igmpwb_code(&["summary", "-Y", "igmp.type ==", file]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("column 13"), "{err}");
    let (_, err, code) = igmpwb_code(&["analyze", "-Y", "ip.src == 10.0.0", file]);
    assert_eq!(code, 2, "{err}");
    assert!(err.contains("IPv4"), "{err}");
}

#[test]
fn a_pasted_time_of_day_is_printed_without_an_invented_date() {
    // tcpdump's default time (no -tttt) is a time of day: the paste has no date, so the summary
    // shows the time as written, never "1970-01-01".
    let dump = "10:21:47.698870 IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10\n\t0x0000:  4600 0020 0000 4000 0102 3851 c0a8 010a\n\t0x0010:  e00a 0a0a 9404 0000 1600 ffea e00a 0a0a\n";
    let path = temp_file("time-of-day.txt", dump.as_bytes());
    let (out, err, ok) = igmpwb(&["summary", &path]);
    assert!(ok, "{err}");
    assert_eq!(
        out,
        "    1  10:21:47.698870 IP 192.168.1.10 > 224.10.10.10: igmp v2 report 224.10.10.10\n"
    );
    // A dated paste (-tttt) keeps its date.
    let dated = dump.replacen("10:21:47", "2009-02-24 10:21:47", 1);
    let path = temp_file("dated.txt", dated.as_bytes());
    let (out, _, _) = igmpwb(&["summary", &path]);
    assert!(out.contains("  2009-02-24 10:21:47.698870 IP"), "{out}");
}
