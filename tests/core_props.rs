//! Property tests of the pure core that run natively *and* as 32-bit wasm in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown --test core_props`, part of scripts/test.sh).
//! On wasm32 `usize` is 32 bits, so offset arithmetic that is safe on 64 bits can wrap there:
//! only running the code as wasm32 shows it (issue #13's pcapng did exactly that).
//!
//! The inputs come from the simulator's seeded generator (not proptest, which does not build for
//! wasm32-unknown-unknown), biased towards what breaks parsers: lengths near 2^32, counts that
//! exceed the bytes, multi-byte and full-width characters.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    reason = "test and tool code: a failed unwrap is the report"
)]

use igmpwb::codec::{self, LinkType};
use igmpwb::import;
use igmpwb::model::{builder, share};
use igmpwb::sim;

#[cfg(target_arch = "wasm32")]
wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

macro_rules! property {
    ($(#[$meta:meta])* fn $name:ident() $body:block) => {
        $(#[$meta])*
        #[cfg_attr(target_arch = "wasm32", wasm_bindgen_test::wasm_bindgen_test)]
        #[cfg_attr(not(target_arch = "wasm32"), test)]
        fn $name() $body
    };
}

/// The simulator's seeded generator: deterministic, so a failure is reproduced by its case
/// number.
struct Gen(sim::SimRng);

impl Gen {
    fn new(seed: u64) -> Gen {
        Gen(sim::SimRng::new(seed))
    }
    fn u64(&mut self) -> u64 {
        self.0.next_u64()
    }
    fn below(&mut self, n: usize) -> usize {
        (self.u64() % (n.max(1) as u64)) as usize
    }
    fn byte(&mut self) -> u8 {
        self.u64() as u8
    }
    fn bytes(&mut self, max: usize) -> Vec<u8> {
        let n = self.below(max + 1);
        (0..n).map(|_| self.byte()).collect()
    }
    /// A 32-bit length, often one of the values that wrap or overflow.
    fn length(&mut self) -> u32 {
        const EDGES: [u32; 10] = [
            0,
            4,
            12,
            0x7fff_fffc,
            0x8000_0000,
            0xffff_fff0,
            0xffff_fff8,
            0xffff_fffc,
            0xffff_ffff,
            262_144,
        ];
        if self.below(3) == 0 {
            EDGES[self.below(EDGES.len())]
        } else {
            self.below(200) as u32
        }
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

const CASES: u64 = 4_000;
const LINKS: [LinkType; 4] = [
    LinkType::Ethernet,
    LinkType::RawIpv4,
    LinkType::LinuxSll,
    LinkType::LinuxSll2,
];

/// A plausible IGMP frame to mutate: every Builder preset.
fn seeds() -> Vec<Vec<u8>> {
    builder::MESSAGES
        .iter()
        .filter_map(|(kind, _, _)| builder::preset(kind))
        .map(|spec| codec::emit(&spec))
        .collect()
}

property! {
    /// The dissector and the strict parser never panic, on random bytes and on mutated IGMP
    /// frames, for every link type; what parses re-encodes to the same bytes.
    fn dissect_and_parse_never_panic_and_parse_is_lossless() {
        let seeds = seeds();
        let mut g = Gen::new(1);
        for case in 0..CASES {
            let mut bytes = if case % 2 == 0 {
                g.bytes(300)
            } else {
                seeds[g.below(seeds.len())].clone()
            };
            for _ in 0..g.below(6) {
                if bytes.is_empty() {
                    break;
                }
                let at = g.below(bytes.len());
                bytes[at] = g.byte();
            }
            if g.below(4) == 0 {
                bytes.truncate(g.below(bytes.len() + 1));
            }
            let link = LINKS[g.below(LINKS.len())];
            let _ = codec::dissect(link, &bytes);
            let _ = codec::summary::line(link, &bytes, case % 3 == 0);
            if let Ok(frame) = codec::parse(link, &bytes) {
                assert_eq!(codec::emit(&frame), bytes, "case {case}: parse/emit not lossless");
            }
        }
    }
}

/// A capture-shaped input: a pcap or pcapng header, then records or blocks whose lengths are
/// often near 2^32.
fn hostile_capture(g: &mut Gen) -> Vec<u8> {
    let mut out = Vec::new();
    let big = g.below(2) == 0;
    let put = |out: &mut Vec<u8>, v: u32| {
        out.extend_from_slice(&if big {
            v.to_be_bytes()
        } else {
            v.to_le_bytes()
        })
    };
    if g.below(2) == 0 {
        put(
            &mut out,
            if g.below(2) == 0 {
                0xa1b2_c3d4
            } else {
                0xa1b2_3c4d
            },
        );
        out.extend_from_slice(&[0, 2, 0, 4]);
        put(&mut out, 0);
        put(&mut out, 0);
        put(&mut out, g.length());
        put(&mut out, [1, 101, 113, 276, 9999][g.below(5)]);
        for _ in 0..g.below(5) {
            put(&mut out, g.u64() as u32);
            put(&mut out, g.below(1_000_000) as u32);
            let incl = g.length();
            put(&mut out, incl);
            put(&mut out, g.length());
            let body = g.bytes(80);
            out.extend_from_slice(&body);
        }
    } else {
        out.extend_from_slice(&[0x0a, 0x0d, 0x0d, 0x0a]);
        let shb_len = [28u32, 32, g.length()][g.below(3)];
        out.extend_from_slice(&shb_len.to_le_bytes());
        out.extend_from_slice(&0x1a2b_3c4du32.to_le_bytes());
        out.extend_from_slice(&[1, 0, 0, 0]);
        out.extend_from_slice(&g.u64().to_le_bytes());
        out.extend_from_slice(&shb_len.to_le_bytes());
        for _ in 0..g.below(5) {
            out.extend_from_slice(&[1u32, 2, 3, 6, 0x0a0d_0d0a][g.below(5)].to_le_bytes());
            let len = g.length();
            out.extend_from_slice(&len.to_le_bytes());
            let body = g.bytes(60);
            out.extend_from_slice(&body);
            if g.below(2) == 0 {
                out.extend_from_slice(&len.to_le_bytes());
            }
        }
    }
    if g.below(3) == 0 {
        out.truncate(g.below(out.len() + 1));
    }
    out
}

property! {
    /// The capture readers never panic, whatever the lengths say, and every problem names its
    /// byte offset inside the file.
    fn capture_readers_never_panic_on_hostile_lengths() {
        let mut g = Gen::new(2);
        for case in 0..CASES {
            let file = hostile_capture(&mut g);
            let imp = import::import(&file);
            for p in &imp.problems {
                if let import::Location::File { offset, .. } = p.location {
                    assert!(offset <= file.len(), "case {case}: offset {offset} past the end");
                }
            }
            let _ = import::capture::write_pcapng(&imp.frames);
        }
    }
}

property! {
    /// The browser's import path (the worker's job in batches, garbled in transit or not, and
    /// the page's model appending them) never panics on hostile captures, and an intact batch
    /// stream lists what the whole-file import lists.
    fn the_import_worker_path_never_panics_on_hostile_captures() {
        use igmpwb::model::{frames, import_job::ImportJob, inspector::Inspector};
        let mut g = Gen::new(7);
        for case in 0..CASES {
            let file = hostile_capture(&mut g);
            let Ok(mut job) = ImportJob::open(&file[..]) else {
                continue;
            };
            let (mut page, mut garbled) = (Inspector::default(), Inspector::default());
            page.begin_stream();
            garbled.begin_stream();
            let mut batch = Vec::new();
            loop {
                let own_rows = g.below(2) == 0;
                let more = job.next_batch(1 + g.below(5), &mut batch, own_rows);
                let mut made = Vec::new();
                let whole = if own_rows {
                    batch.clone()
                } else {
                    frames::with_rows(&batch, &mut made).expect("an intact batch");
                    made
                };
                page.append(&whole);
                let mut bad = whole.clone();
                if !bad.is_empty() {
                    let at = g.below(bad.len());
                    bad[at] = g.byte();
                    bad.truncate(g.below(bad.len() + 1));
                }
                garbled.append(&bad);
                let _ = frames::with_rows(&bad, &mut Vec::new());
                batch.clear();
                if !more {
                    break;
                }
            }
            page.finish(job.end());
            let mut whole = Inspector::default();
            whole.load(import::import(&file));
            assert_eq!(page.rows, whole.rows, "case {case}");
            assert_eq!(page.problems, whole.problems, "case {case}");
        }
    }
}

property! {
    /// Issue #13's 36-byte pcapng: on wasm32 its block length wrapped `pos + len - 4`.
    fn the_wrapping_pcapng_is_a_warning_with_its_offset() {
        let imp = import::import(include_bytes!("data/hostile/pcapng-wrap-32bit.pcapng"));
        assert!(imp.frames.is_empty());
        let text = imp.problems.iter().map(|p| p.describe(codec::Lang::En)).collect::<String>();
        assert!(text.contains("byte 28") && text.contains("4294967292"), "{text}");
    }
}

const TEXT_PIECES: &[&str] = &[
    "0x0000:  0100 5e00 0016 ",
    "0000   01 00 5e 00 00 16 ",
    "00000000: 0100 5e00 0016  ..^...\n",
    "12:00:00.000000 IP 10.0.0.1 > 224.0.0.1: igmp query v2\n",
    "\t0x0010:  4500 001c\n",
    "{ 0x01, 0x00, 0x5e }",
    "b'\\x01\\x00^'",
    "0100５e",
    "０１ＡＢ",
    "日本語",
    "é",
    "\r\n",
    "\n\n",
    "ff",
    "g",
    "0000",
    "    ",
    "|..^|",
    "*\n",
    "4500",
];

property! {
    /// The text importer never panics, and every problem it reports names a line that exists.
    fn hex_text_import_never_panics() {
        let mut g = Gen::new(3);
        for case in 0..CASES {
            let text: String = (0..g.below(30)).map(|_| g.pick(TEXT_PIECES)).collect();
            let imp = import::import_text(&text);
            let lines = text.lines().count().max(1);
            for p in &imp.problems {
                if let import::Location::Text { line, .. } = p.location {
                    assert!(line >= 1 && line <= lines + 1, "case {case}: line {line} of {lines}: {text:?}");
                }
            }
        }
    }
}

const FIELD_TEXT: &[&str] = &[
    "０",
    "Ｆ",
    "ｇ",
    "．",
    "：",
    "\u{3000}",
    "é",
    "日本",
    "0x",
    "-",
    "e308",
    "NaN",
    "inf",
    "1",
    "255",
    "65536",
    "4294967296",
    "224.0.0.1",
    "01:00:5e",
    ",",
    " ",
    "1.5",
    "-0",
];

property! {
    /// `builder::set` never panics, whatever is typed into whichever field.
    fn builder_set_never_panics() {
        let mut g = Gen::new(4);
        for _ in 0..CASES {
            let (kind, _, _) = builder::MESSAGES[g.below(builder::MESSAGES.len())];
            let Some(mut spec) = builder::preset(kind) else { continue };
            let ids: Vec<String> = builder::fields(&spec).into_iter().map(|f| f.id).collect();
            let id = &ids[g.below(ids.len())];
            let text: String = (0..g.below(8)).map(|_| g.pick(FIELD_TEXT)).collect();
            if builder::set(&mut spec, id, &text).is_ok() {
                let _ = codec::dissect(LinkType::Ethernet, &codec::emit(&spec));
            }
        }
    }
}

property! {
    /// Share-link fragments never panic: random text, and random bytes that really inflate.
    fn share_links_never_panic() {
        let mut g = Gen::new(5);
        for _ in 0..CASES {
            let junk: String = (0..g.below(40)).map(|_| g.pick(&["A", "_", "-", "%", "=", "日", "z9"])).collect();
            let _ = share::scenario_from_fragment(&format!("#scenario={junk}"));
            let packed = share::pack(&g.bytes(200));
            for key in ["scenario", "spec", "frames"] {
                let fragment = format!("#{key}={packed}");
                let _ = share::scenario_from_fragment(&fragment);
                let _ = share::spec_from_fragment(&fragment);
                let _ = share::frames_from_fragment(&fragment);
            }
        }
    }
}

property! {
    /// Scenarios with hostile numbers are refused by `validate`; those it accepts run within
    /// their budget without panicking.
    fn scenarios_are_validated_and_valid_ones_run_within_budget() {
        let values = [0.0, -1.0, 1e-9, 0.001, 0.5, 1.0, 125.0, 1e9, 1e300, f64::NAN, f64::INFINITY];
        let mut g = Gen::new(6);
        for case in 0..200 {
            let names = sim::builtin::NAMES;
            let Some(mut s) = sim::builtin::get(names[g.below(names.len())]) else { continue };
            let mut v = || values[g.below(values.len())];
            match case % 6 {
                0 => s.timers.query_interval = v(),
                1 => s.timers.last_member_query_interval = v(),
                2 => s.until = v(),
                3 => s.timers.query_response_interval = v(),
                4 => s.timers.unsolicited_report_interval_v2 = v(),
                _ => s.timers.startup_query_interval = Some(v()),
            }
            if s.validate().is_ok() {
                s.until = s.until.min(600.0);
                let mut w = sim::World::new(s, case);
                w.event_budget = 20_000;
                w.run_until(600_000);
                assert!(w.events <= 20_000);
            }
        }
    }
}

property! {
    /// The Analysis view (#26) of any messages at any view, hostile numbers included (NaN,
    /// infinities, pages past the end, a window outside the capture), draws without panicking,
    /// and its marks stand for every message in the window, each once, over the lane pages.
    fn the_analysis_view_draws_every_message_at_any_view() {
        use igmpwb::analyze::{Analysis, Mark};
        use igmpwb::codec::frame::MessageKind;
        use igmpwb::model::analysis_view::{List, Prepared, Step, View, LANES_PER_PAGE};
        let values = [0.0, -5.0, 1e-9, 0.5, 3.0, 99.9, 1e12, f64::NAN, f64::INFINITY, f64::NEG_INFINITY];
        let kinds = [MessageKind::V2Report, MessageKind::V2Leave, MessageKind::V3Report, MessageKind::V2Query];
        let mut g = Gen::new(16);
        for _ in 0..40 {
            let n = g.below(3000);
            let hosts = 1 + g.below(40) as u32;
            let duration = values[g.below(values.len())].abs().min(1e6);
            let marks = (0..n)
                .map(|i| Mark {
                    frame: i as u64 + 1,
                    t: if g.below(10) == 0 { values[g.below(values.len())] } else { duration * g.below(1000) as f64 / 1000.0 },
                    src: std::net::IpAddr::V4(std::net::Ipv4Addr::from(0x0a00_0001 + g.below(hosts as usize) as u32)),
                    kind: kinds[g.below(kinds.len())],
                    group: None,
                })
                .collect();
            let p = Prepared::new(Analysis { frames: n as u64, duration, marks, ..Analysis::default() });
            let mut v = p.whole_view(igmpwb::codec::Lang::En);
            for _ in 0..6 {
                let summary = p.draw(&v).summary;
                v = match g.below(8) {
                    0 => v.step(Step::ZoomIn, &summary),
                    1 => v.step(Step::ZoomOut, &summary),
                    2 => v.step(Step::Earlier, &summary),
                    3 => v.step(Step::Later, &summary),
                    4 => v.step(Step::At(values[g.below(values.len())]), &summary),
                    5 => v.step(Step::Page(List::Groups, true), &summary),
                    6 => View::from_numbers(&[0, 1, 2, 3, 4, 5, 6].map(|_| values[g.below(values.len())])).unwrap(),
                    _ => v,
                };
                let first = p.draw(&View { lanes: 0, ..v });
                let pages = first.summary.lanes.div_ceil(LANES_PER_PAGE).max(1);
                let counted: u64 = (0..pages)
                    .map(|page| {
                        let d = p.draw(&View { lanes: page, ..v });
                        d.lanes
                            .split("data-count=\"")
                            .skip(1)
                            .map(|s| s.split('"').next().unwrap().parse::<u64>().unwrap())
                            .sum::<u64>()
                    })
                    .sum();
                assert_eq!(counted, first.summary.in_window as u64, "{v:?}");
            }
        }
    }
}

property! {
    /// A number a person types (a time in a filter, a scenario or the Builder) reads as the
    /// standard library reads it: exactly, up to 15 significant digits and a power of ten within
    /// ±22 once the point is placed; within 1e-15 beyond. `num::decimal` replaces `str::parse`
    /// in the app so that it does not carry the general algorithm's 10 KB table.
    fn decimals_read_as_the_standard_library_reads_them() {
        let mut g = Gen::new(17);
        for _ in 0..CASES * 5 {
            let longest = if g.below(4) == 0 { 30 } else { 15 };
            let digits = 1 + g.below(longest);
            let mantissa: String = (0..digits).map(|_| char::from(b'0' + g.below(10) as u8)).collect();
            let point = g.below(digits + 1);
            let exponent = g.below(61) as i32 - 30;
            let text = format!(
                "{}{}.{}{}",
                ["", "-", "+"][g.below(3)],
                &mantissa[..point],
                &mantissa[point..],
                if g.below(2) == 0 { format!("e{exponent}") } else { String::new() },
            );
            let ours = igmpwb::num::decimal(&text).unwrap();
            let std: f64 = text.parse().unwrap();
            let e10 = if text.contains('e') { exponent } else { 0 } - (digits - point) as i32;
            let significant = mantissa.trim_start_matches('0').len();
            if significant <= 15 && e10.abs() <= 22 {
                assert_eq!(ours.to_bits(), std.to_bits(), "{text}");
            } else {
                assert!(ours == std || ((ours - std) / std).abs() < 1e-15, "{text}: {ours} vs {std}");
            }
        }
    }
}

property! {
    /// Every time and size the app prints (`num::Fixed`, which replaces the standard library's
    /// float formatting in the app) is written as `format!("{x:.p$}")` writes it: any bits (NaN,
    /// infinities, subnormals, the largest), times in milliseconds as the app divides them, and
    /// exact ties.
    fn fixed_places_write_as_the_standard_library_writes_them() {
        let mut g = Gen::new(23);
        for _ in 0..CASES * 5 {
            let x = match g.below(4) {
                0 => f64::from_bits(g.u64()),
                1 => g.below(1 << 30) as f64 / 1000.0,
                2 => (g.below(1 << 20) as f64 + 0.5) / [1.0, 10.0, 100.0, 1000.0][g.below(4)],
                _ => -(g.below(1 << 24) as f64) / 1e6,
            };
            let p = g.below(10);
            assert_eq!(igmpwb::num::Fixed(x, p as u8).to_string(), format!("{x:.p$}"), "{x:e} to {p} places");
        }
    }
}

property! {
    /// Every other float the app prints (`num::Short`: a typed value, a timer, an axis tick) is
    /// written as `format!("{x}")` writes it, for any bits.
    fn short_writes_as_the_standard_library_writes_it() {
        let mut g = Gen::new(29);
        for _ in 0..CASES * 5 {
            let x = match g.below(3) {
                0 => f64::from_bits(g.u64()),
                1 => g.below(1 << 30) as f64 / [1.0, 10.0, 1000.0, 3.0, 8.0][g.below(5)],
                _ => -(g.below(1 << 24) as f64) * 1e-9,
            };
            assert_eq!(igmpwb::num::Short(x).to_string(), format!("{x}"), "{x:e}");
        }
    }
}
