//! Golden dissections: tests/data/frames/{ok,err}/NAME.hex → NAME.tree (reviewable text).
//! `ok/` frames must dissect with no diagnostic, `err/` frames with at least one.
//! After an intended change: `UPDATE_GOLDEN=1 cargo test --test golden` writes the new goldens and
//! fails where they changed; review the diff, then run the tests without it.
#![cfg(not(target_arch = "wasm32"))]
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use igmpwb::codec::{self, diagnostics, render, Lang, LinkType};
use igmpwb::import;

fn cases(dir: &str) -> Vec<PathBuf> {
    let d = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/frames")
        .join(dir);
    let mut v: Vec<_> = std::fs::read_dir(&d)
        .expect("frames dir")
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|e| e == "hex"))
        .collect();
    v.sort();
    assert!(v.len() >= 20, "{}: {} cases", d.display(), v.len());
    v
}

/// tshark's PDML positions and sizes for a golden frame (NAME.tshark.tsv beside NAME.hex,
/// written by scripts/gen-expected.sh), by field id.
fn tshark_spans(hex: &Path) -> BTreeMap<String, Vec<(usize, usize)>> {
    let tsv = hex.with_extension("tshark.tsv");
    let text = std::fs::read_to_string(&tsv).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run scripts/gen-expected.sh (needs tshark)",
            tsv.display()
        )
    });
    let mut out: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    for line in text.lines() {
        let cols: Vec<&str> = line.split('\t').collect();
        let (Some(id), Some(Ok(pos)), Some(Ok(size))) = (
            cols.get(1),
            cols.get(2).map(|c| c.parse::<usize>()),
            cols.get(3).map(|c| c.parse::<usize>()),
        ) else {
            continue;
        };
        out.entry((*id).to_string()).or_default().push((pos, size));
    }
    out
}

/// The outside witness of a golden frame: which of our field ids tshark also has (and whether
/// the byte positions and sizes agree), and which it has not.
struct Witness {
    agreed: usize,
    disagreements: Vec<String>,
    ours_only: Vec<String>,
    derived: Vec<String>,
}

fn witness(d: &codec::Dissection, hex: &Path) -> Witness {
    let theirs = tshark_spans(hex);
    let mut ours: BTreeMap<String, Vec<(usize, usize)>> = BTreeMap::new();
    let mut derived = std::collections::BTreeSet::new();
    for field in &d.fields {
        if field.derived {
            derived.insert(field.id.to_string());
        } else {
            ours.entry(field.id.to_string())
                .or_default()
                .push((field.span.start, field.span.len()));
        }
    }
    let mut w = Witness {
        agreed: 0,
        disagreements: vec![],
        ours_only: vec![],
        derived: derived.into_iter().collect(),
    };
    for (id, spans) in ours {
        match theirs.get(&id) {
            Some(t) if *t == spans => w.agreed += 1,
            Some(t) => w
                .disagreements
                .push(format!("{id}: ours {spans:?}, tshark {t:?}")),
            None => w.ours_only.push(id),
        }
    }
    w
}

fn render_case(path: &Path) -> (codec::Dissection, String) {
    let text = std::fs::read_to_string(path).expect("hex");
    let imp = import::import_text(&text);
    // A `paste-` case is a paste with a mistake in it: its problems are part of its golden.
    let paste_case = path
        .file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with("paste-"));
    assert!(
        imp.problems.is_empty() || paste_case,
        "{}: {:?}",
        path.display(),
        imp.problems
    );
    assert_eq!(imp.frames.len(), 1, "{}", path.display());
    let f = &imp.frames[0];
    let d = import::stream::FrameRef::from(f).dissect();
    let mut out = format!(
        "{}# link: {}\n",
        text.lines().next().unwrap_or_default().to_string() + "\n",
        f.link.name()
    );
    for p in &imp.problems {
        out.push_str(&format!(
            "# paste {:?} {}: {}\n",
            p.severity,
            p.location.describe().en,
            p.message.en
        ));
    }
    let w = witness(&d, path);
    out.push_str(&format!(
        "# tshark 4.0 PDML witness: {} field ids agree in byte position and size\n",
        w.agreed
    ));
    if !w.disagreements.is_empty() {
        out.push_str(&format!(
            "# tshark disagrees: {}\n",
            w.disagreements.join("; ")
        ));
    }
    out.push_str(&format!(
        "# not in tshark: {}\n# derived by us (no bytes): {}\n",
        if w.ours_only.is_empty() {
            "-".to_string()
        } else {
            w.ours_only.join(", ")
        },
        if w.derived.is_empty() {
            "-".to_string()
        } else {
            w.derived.join(", ")
        },
    ));
    out.push_str(&render::tree(&d, Lang::En));
    out.push_str("# 日本語\n");
    for diag in &d.diagnostics {
        out.push_str(&format!("! {} {}\n", diag.code(), diag.message.ja));
    }
    (d, out)
}

fn check_golden(hex: &Path, actual: &str) {
    let golden = hex.with_extension("tree");
    if std::env::var_os("UPDATE_GOLDEN").is_some() {
        // Written, then failed: a regenerated golden is always a diff someone reviews, never a
        // silent pass of the code under test against itself.
        let before = std::fs::read_to_string(&golden).unwrap_or_default();
        std::fs::write(&golden, actual).expect("write golden");
        assert!(
            before == actual,
            "{} rewritten by UPDATE_GOLDEN: review the diff (git diff), then run without it",
            golden.display()
        );
        return;
    }
    let expected = std::fs::read_to_string(&golden).unwrap_or_else(|_| {
        panic!(
            "{} is missing: run UPDATE_GOLDEN=1 cargo test --test golden and review it",
            golden.display()
        )
    });
    assert!(expected == actual, "golden mismatch: {}\n--- expected\n{expected}--- actual\n{actual}(UPDATE_GOLDEN=1 to accept)", golden.display());
}

#[test]
fn ok_frames_have_no_diagnostics_and_match_their_goldens() {
    for case in cases("ok") {
        let (d, text) = render_case(&case);
        assert!(
            d.diagnostics.is_empty(),
            "{}: diagnostics in an ok/ case:\n{text}",
            case.display()
        );
        // IGMP frames parse to a frame spec; MLD frames (#30) have no spec yet, but their
        // ICMPv6 layer is dissected.
        let mld = d.fields.iter().any(|f| f.id == "icmpv6.type");
        assert!(d.frame.is_some() || mld, "{}", case.display());
        check_golden(&case, &text);
    }
}

#[test]
fn err_frames_have_diagnostics_and_match_their_goldens() {
    for case in cases("err") {
        let (d, text) = render_case(&case);
        assert!(
            !d.diagnostics.is_empty(),
            "{}: err/ case produced no diagnostics",
            case.display()
        );
        check_golden(&case, &text);
    }
}

/// The list of codes comes from the catalogue, so a new check without a golden frame fails here.
#[test]
fn every_check_in_the_catalogue_has_a_golden_frame() {
    let mut seen = std::collections::BTreeSet::new();
    for case in cases("err") {
        let (d, _) = render_case(&case);
        seen.extend(d.diagnostics.iter().map(|x| x.code()));
    }
    let missing: Vec<&str> = diagnostics::ALL
        .iter()
        .map(|c| c.code)
        .filter(|c| !seen.contains(c))
        .collect();
    assert!(
        missing.is_empty(),
        "no golden frame in tests/data/frames/err shows {missing:?}"
    );
}

/// A diagnostic may narrow its check (one RFC section of several, a lower level), never widen it:
/// on every golden frame, every section it cites is one its check lists, and its level is no
/// higher than the check's.
#[test]
fn every_diagnostic_stays_within_its_check() {
    let mut n = 0;
    for case in cases("err").into_iter().chain(cases("ok")) {
        let (d, _) = render_case(&case);
        for x in &d.diagnostics {
            let allowed = diagnostics::sections(x.check.rfc);
            for s in diagnostics::sections(x.rfc) {
                assert!(
                    allowed.contains(&s),
                    "{}: {} cites RFC {} §{}, which {:?} does not list",
                    case.display(),
                    x.code(),
                    s.0,
                    s.1,
                    x.check.rfc
                );
            }
            assert!(
                x.severity <= x.check.severity,
                "{}: {}",
                case.display(),
                x.code()
            );
            assert!(
                x.rfc.is_empty() || !diagnostics::sections(x.rfc).is_empty(),
                "{}",
                x.rfc
            );
            n += 1;
        }
    }
    // And on every frame of the real and parity captures.
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data");
    for dir in ["corpus/tcpdump", "corpus/linux-frr", "parity"] {
        for entry in std::fs::read_dir(root.join(dir))
            .expect("capture dir")
            .flatten()
        {
            let path = entry.path();
            if !path
                .extension()
                .is_some_and(|e| e == "pcap" || e == "pcapng")
            {
                continue;
            }
            let imp = import::import(&std::fs::read(&path).expect("capture"));
            for f in &imp.frames {
                for x in codec::dissect(f.link, &f.bytes).diagnostics {
                    let allowed = diagnostics::sections(x.check.rfc);
                    assert!(
                        diagnostics::sections(x.rfc)
                            .iter()
                            .all(|s| allowed.contains(s)),
                        "{}: {} cites {:?}, beyond {:?}",
                        path.display(),
                        x.code(),
                        x.rfc,
                        x.check.rfc
                    );
                    assert!(x.severity <= x.check.severity, "{}", x.code());
                    n += 1;
                }
            }
        }
    }
    assert!(n >= 100, "{n} diagnostics checked");
    let codes: std::collections::BTreeSet<&str> = diagnostics::ALL.iter().map(|c| c.code).collect();
    assert_eq!(
        codes.len(),
        diagnostics::ALL.len(),
        "a code is in the catalogue twice"
    );
    assert_eq!(
        diagnostics::sections("RFC 3376 §4.1.2, §4.2.2; RFC 1112 App. I, RFC 2236 §2"),
        vec![
            (3376, "4.1.2".to_string()),
            (3376, "4.2.2".to_string()),
            (1112, "App. I".to_string()),
            (2236, "2".to_string())
        ]
    );
}

/// docs/decoding.md's table of diagnostics is the catalogue: same codes, levels, sections and
/// names, in the same order.
#[test]
fn the_docs_table_of_diagnostics_is_the_catalogue() {
    let doc =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/decoding.md"))
            .expect("docs/decoding.md");
    let rows: Vec<String> = doc
        .lines()
        .skip_while(|l| *l != "### Diagnostics")
        .skip(1)
        .take_while(|l| !l.starts_with('#'))
        .filter(|l| l.starts_with("| `"))
        .map(str::to_string)
        .collect();
    let want: Vec<String> = diagnostics::ALL
        .iter()
        .map(|c| {
            format!(
                "| `{}` | {} | {} | {} | {} |",
                c.code,
                c.severity.name(),
                if c.rfc.is_empty() { "—" } else { c.rfc },
                c.name.0,
                c.name.1
            )
        })
        .collect();
    assert_eq!(
        rows, want,
        "docs/decoding.md's diagnostics table differs from codec::diagnostics"
    );
}

#[test]
fn linux_cooked_captures_v1_and_v2_dissect_with_their_header_fields() {
    use igmpwb::codec::spec::{IgmpSpec, LinkSpec};
    let igmp = IgmpSpec::basic(0x16, 0, std::net::Ipv4Addr::new(224, 10, 10, 10));
    // SLL: packet type 2 (multicast), ARPHRD_ETHER 1, address length 6, the MAC, protocol 0x0800.
    let sll = vec![0, 2, 0, 1, 0, 6, 2, 0, 0, 0, 0, 1, 0, 0, 0x08, 0x00];
    // SLL2: protocol, reserved, ifindex 3, ARPHRD_ETHER, packet type 2, length 6, the MAC.
    let sll2 = vec![
        0x08, 0x00, 0, 0, 0, 0, 0, 3, 0, 1, 2, 6, 2, 0, 0, 0, 0, 1, 0, 0,
    ];
    for (link, header, ip_at) in [
        (LinkType::LinuxSll, sll, 16),
        (LinkType::LinuxSll2, sll2, 20),
    ] {
        let mut spec = codec::FrameSpec::ethernet(igmp.clone());
        spec.link = if link == LinkType::LinuxSll {
            LinkSpec::Sll { header }
        } else {
            LinkSpec::Sll2 { header }
        };
        let bytes = codec::emit(&spec);
        let d = codec::dissect(link, &bytes);
        assert!(d.diagnostics.is_empty(), "{:?}", d.diagnostics);
        let f = |id: &str| d.field(id).unwrap_or_else(|| panic!("{id}")).clone();
        assert_eq!(f("sll.pkttype").value.en, "Multicast (2)");
        assert_eq!(f("sll.src.eth").value.en, "02:00:00:00:00:01");
        assert_eq!(f("ip.version").span.start, ip_at);
        assert_eq!(
            codec::emit(&codec::parse(link, &bytes).expect("parses")),
            bytes
        );
        assert!(codec::summary::line(link, &bytes, false).ends_with("igmp v2 report 224.10.10.10"));
    }
}

/// Our spans are checked against an outside witness, not only against our own earlier output.
#[test]
fn golden_spans_agree_with_tshark() {
    let mut compared = 0;
    let mut problems = Vec::new();
    for case in cases("ok").into_iter().chain(cases("err")) {
        let (d, _) = render_case(&case);
        let w = witness(&d, &case);
        compared += w.agreed;
        for x in w.disagreements {
            if !KNOWN_DISAGREEMENTS.iter().any(|(name, id, _)| {
                case.ends_with(format!("{name}.hex"))
                    && (*id == "*" || x.starts_with(&format!("{id}:")))
            }) {
                problems.push(format!("{}: {x}", case.display()));
            }
        }
    }
    assert!(
        problems.is_empty(),
        "spans that differ from tshark:\n{}",
        problems.join("\n")
    );
    assert!(compared > 1000, "only {compared} field ids compared");
}

/// Frames where tshark places a field differently on purpose: (golden name, field id, why).
const KNOWN_DISAGREEMENTS: &[(&str, &str, &str)] = &[
    (
        "unknown-type",
        "igmp.data",
        "tshark stops after the type byte of an unknown IGMP type; every IGMP message shares the \
     type/code/checksum header (RFC 1112 App. I, RFC 2236 §2, RFC 3376 §4), so we show the code \
     and the verified checksum and call only the bytes after them data",
    ),
    (
        "ip-ihl-4",
        "ip",
        "the header length says 16 bytes, below the minimum of 20 (RFC 791 §3.1); tshark ends the \
         layer at the claimed 16, we show the 20 bytes its fixed fields occupy and stop there",
    ),
    (
        "vxlan-nine-deep",
        "*",
        "we open tunnels eight deep and show the ninth's bytes as data (a budget on input-driven \
         recursion, diagnostic tunnel.too_deep); tshark opens all nine, so every field of the \
         innermost frame is one more occurrence on its side",
    ),
];

#[test]
fn strict_parse_says_what_kind_of_error_stopped_it() {
    use igmpwb::codec::DecodeErrorKind as K;
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/frames/err");
    for (name, kind) in [
        ("truncated-in-ethernet", K::Truncated),
        ("truncated-in-igmp", K::Truncated),
        ("truncated-in-ip", K::Truncated),
        ("truncated-in-sources", K::Truncated),
        ("query-of-10-bytes", K::BadQueryLength),
        ("query-claims-10-sources", K::CountBeyondBytes),
        ("report-claims-3-records", K::CountBeyondBytes),
    ] {
        let text = std::fs::read_to_string(dir.join(format!("{name}.hex"))).expect("hex");
        let imp = igmpwb::import::import(text.as_bytes());
        let f = &imp.frames[0];
        let err = codec::parse(f.link, &f.bytes).expect_err(name);
        assert_eq!(err.kind, kind, "{name}: {err}");
    }
    let arp = igmpwb::import::import(
        &std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/parity/mixed.pcap"))
            .expect("pcap"),
    );
    let err = codec::parse(arp.frames[0].link, &arp.frames[0].bytes).expect_err("ARP");
    assert_eq!(err.kind, K::NotIgmp);
}
