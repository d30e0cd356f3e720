//! The igmpwb command line, as a user runs it.
#![cfg(not(target_arch = "wasm32"))]

use std::process::Command;

fn igmpwb(args: &[&str]) -> (String, String, bool) {
    let out = Command::new(env!("CARGO_BIN_EXE_igmpwb"))
        .args(args)
        .current_dir(env!("CARGO_MANIFEST_DIR"))
        .output()
        .expect("run igmpwb");
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.success(),
    )
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
}

#[test]
fn bytes_reads_every_input_form() {
    let (out, _, ok) = igmpwb(&["bytes", "../shared/corpus/hexdumps/v2-leave.xxd.txt"]);
    assert!(ok);
    let want = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../shared/corpus/hexdumps/v2-leave.expected"
    ))
    .expect("expected");
    assert_eq!(out, want);
}

#[test]
fn garbage_is_reported_with_line_and_column_and_a_failure_code_is_not_needed() {
    let dir = std::env::temp_dir().join("igmpwb-cli-test");
    std::fs::create_dir_all(&dir).expect("dir");
    let f = dir.join("junk.txt");
    std::fs::write(&f, "01 00\nzz").expect("write");
    let (_, err, _) = igmpwb(&["bytes", f.to_str().expect("path")]);
    assert!(err.contains("line 2, column 1"), "{err}");
}

#[test]
fn simulate_lists_runs_and_writes_pcap_and_trace() {
    let (out, _, ok) = igmpwb(&["simulate", "--list"]);
    assert!(ok && out.lines().count() == 14);
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
        "../shared/corpus/linux-frr/host-v1-join.pcap",
        ng.to_str().expect("p"),
    ]);
    assert!(ok, "{err}");
    let (a, _, _) = igmpwb(&["bytes", "../shared/corpus/linux-frr/host-v1-join.pcap"]);
    let (b, _, _) = igmpwb(&["bytes", ng.to_str().expect("p")]);
    assert_eq!(a, b);
}
