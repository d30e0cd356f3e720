//! `igmpwb`: the workbench on the command line (same library as the browser app).

use std::io::{Read, Write};
use std::process::ExitCode;

use igmpwb::codec::{self, render, summary, Lang};
use igmpwb::import::{self, capture, export};

const HELP: &str = "igmpwb — IGMP workbench command line

USAGE:
    igmpwb summary [-v] FILE     one line per frame, exactly as `TZ=GMT tcpdump -# -n -tttt [-v] -r FILE`
    igmpwb fields FILE           one line per field: frame, field id, byte position, size, value (tabs)
    igmpwb tree [--ja] FILE      the field tree with spans and diagnostics
    igmpwb bytes FILE            each frame as one lowercase hex line
    igmpwb convert IN OUT        write the frames of IN to OUT (.pcap or .pcapng)
    igmpwb build SPEC.json       print the hex stream of a frame spec
    igmpwb simulate (--builtin NAME | FILE.json) [--seed N] [--until SECONDS]
                    [--pcap OUT.pcap] [--trace OUT.jsonl]
                                 run a scenario; prints the timeline (packets and state changes)
    igmpwb simulate --list       the built-in scenarios
    igmpwb simulate --builtin NAME --json   print a built-in scenario as JSON (to edit)
    igmpwb --version | --help

FILE is a pcap or pcapng capture or a text hex dump (any format the Inspector accepts);
`-` reads standard input.";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(msg) => {
            eprintln!("igmpwb: {msg}");
            ExitCode::from(2)
        }
    }
}

fn read_input(path: &str) -> Result<Vec<u8>, String> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| format!("standard input: {e}"))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| format!("{path}: {e}"))
    }
}

fn load(path: &str) -> Result<import::Import, String> {
    let data = read_input(path)?;
    let imp = import::import(&data);
    for p in &imp.problems {
        eprintln!(
            "igmpwb: {path}: {} {}",
            p.severity.name(),
            p.describe(Lang::En)
        );
    }
    Ok(imp)
}

fn run(args: &[String]) -> Result<(), String> {
    let out = std::io::stdout();
    let mut out = std::io::BufWriter::new(out.lock());
    let w = |out: &mut std::io::BufWriter<std::io::StdoutLock>, s: &str| {
        out.write_all(s.as_bytes())
            .map_err(|e| format!("writing output: {e}"))
    };
    let Some(cmd) = args.first() else {
        return Err(format!("no command\n\n{HELP}"));
    };
    let rest = &args[1..];
    match cmd.as_str() {
        "--help" | "-h" | "help" => w(&mut out, &format!("{HELP}\n")),
        "--version" | "-V" => w(&mut out, &format!("igmpwb {}\n", igmpwb::VERSION)),
        "summary" => {
            let verbose = rest.iter().any(|a| a == "-v");
            let file = positional(rest, "summary")?;
            let imp = load(file)?;
            for (i, f) in imp.frames.iter().enumerate() {
                let text = summary::line(f.link, &f.bytes, verbose);
                w(
                    &mut out,
                    &summary::numbered(i + 1, f.ts_sec, f.ts_nsec / 1000, &text),
                )?;
                w(&mut out, "\n")?;
            }
            Ok(())
        }
        "fields" => {
            let imp = load(positional(rest, "fields")?)?;
            for (i, f) in imp.frames.iter().enumerate() {
                w(
                    &mut out,
                    &render::fields(&codec::dissect(f.link, &f.bytes), i + 1),
                )?;
            }
            Ok(())
        }
        "tree" => {
            let lang = if rest.iter().any(|a| a == "--ja") {
                Lang::Ja
            } else {
                Lang::En
            };
            let imp = load(positional(rest, "tree")?)?;
            for (i, f) in imp.frames.iter().enumerate() {
                w(&mut out, &format!("# frame {}\n", i + 1))?;
                w(
                    &mut out,
                    &render::tree(&codec::dissect(f.link, &f.bytes), lang),
                )?;
            }
            Ok(())
        }
        "bytes" => {
            let imp = load(positional(rest, "bytes")?)?;
            for f in &imp.frames {
                w(&mut out, &format!("{}\n", export::hex_stream(&f.bytes)))?;
            }
            Ok(())
        }
        "convert" => {
            let (Some(input), Some(output)) = (rest.first(), rest.get(1)) else {
                return Err("usage: igmpwb convert IN OUT.pcap|OUT.pcapng".into());
            };
            let imp = load(input)?;
            let data = if output.ends_with(".pcapng") {
                capture::write_pcapng(&imp.frames)
            } else {
                capture::write_pcap(&imp.frames)
            };
            std::fs::write(output, data).map_err(|e| format!("{output}: {e}"))
        }
        "build" if rest.first().map(String::as_str) == Some("--presets") => {
            // Every Builder preset in one pcap (scripts/gen-expected.sh has tshark check them).
            let path = rest
                .get(1)
                .ok_or("usage: igmpwb build --presets OUT.pcap")?;
            let frames: Vec<import::CapturedFrame> = igmpwb::model::builder::MESSAGES
                .iter()
                .filter_map(|(kind, _, _)| igmpwb::model::builder::preset(kind))
                .enumerate()
                .map(|(i, spec)| {
                    let bytes = codec::emit(&spec);
                    import::CapturedFrame {
                        link: codec::LinkType::Ethernet,
                        ts_sec: i as i64,
                        ts_nsec: 0,
                        orig_len: bytes.len() as u32,
                        bytes,
                        comment: None,
                    }
                })
                .collect();
            std::fs::write(path, capture::write_pcap(&frames)).map_err(|e| format!("{path}: {e}"))
        }
        "build" => {
            let file = positional(rest, "build")?;
            let text = String::from_utf8(read_input(file)?)
                .map_err(|e| format!("{file}: not UTF-8: {e}"))?;
            let spec: codec::FrameSpec =
                serde_json::from_str(&text).map_err(|e| format!("{file}: {e}"))?;
            w(
                &mut out,
                &format!("{}\n", export::hex_stream(&codec::emit(&spec))),
            )
        }
        "simulate" => simulate(rest, &mut out),
        "bench-sim" => {
            // 1 000 hosts in 20 groups over one simulated hour (scripts/bench.sh times it).
            let world = igmpwb::sim::run(igmpwb::sim::bench_scenario(1000, 20, 3600.0), 1, None);
            w(
                &mut out,
                &format!(
                    "{} events, {} trace entries\n",
                    world.events,
                    world.trace.len()
                ),
            )
        }
        "bench-import" => {
            // The Inspector's load path: import, then one list row (no field tree) per frame.
            let file = positional(rest, "bench-import")?;
            let mut inspector = igmpwb::model::inspector::Inspector::default();
            inspector.load(import::import(&read_input(file)?));
            w(&mut out, &format!("{} rows\n", inspector.rows.len()))
        }
        other => Err(format!("unknown command {other:?}\n\n{HELP}")),
    }?;
    out.flush().map_err(|e| format!("writing output: {e}"))
}

fn positional<'a>(rest: &'a [String], cmd: &str) -> Result<&'a str, String> {
    rest.iter()
        .find(|a| !a.starts_with('-') || a.as_str() == "-")
        .map(String::as_str)
        .ok_or_else(|| format!("usage: igmpwb {cmd} FILE"))
}

fn flag<'a>(rest: &'a [String], name: &str) -> Option<&'a str> {
    rest.iter()
        .position(|a| a == name)
        .and_then(|i| rest.get(i + 1))
        .map(String::as_str)
}

fn simulate(rest: &[String], out: &mut impl Write) -> Result<(), String> {
    use igmpwb::sim;
    let w = |out: &mut dyn Write, s: &str| {
        out.write_all(s.as_bytes())
            .map_err(|e| format!("writing output: {e}"))
    };
    if rest.iter().any(|a| a == "--list") {
        for name in sim::builtin::NAMES {
            let s = sim::builtin::get(name).ok_or("missing built-in")?;
            w(out, &format!("{name}\t{}\n", s.title.en))?;
        }
        return Ok(());
    }
    let scenario = match flag(rest, "--builtin") {
        Some(name) => sim::builtin::get(name)
            .ok_or_else(|| format!("no built-in scenario {name:?} (igmpwb simulate --list)"))?,
        None => {
            let file = rest
                .iter()
                .find(|a| a.ends_with(".json") || a.as_str() == "-")
                .ok_or("usage: igmpwb simulate (--builtin NAME | FILE.json)")?;
            let text = String::from_utf8(read_input(file)?)
                .map_err(|e| format!("{file}: not UTF-8: {e}"))?;
            serde_json::from_str::<sim::Scenario>(&text).map_err(|e| format!("{file}: {e}"))?
        }
    };
    if rest.iter().any(|a| a == "--json") {
        return w(
            out,
            &format!(
                "{}\n",
                serde_json::to_string_pretty(&scenario).map_err(|e| e.to_string())?
            ),
        );
    }
    let seed = match flag(rest, "--seed") {
        Some(s) => s
            .parse()
            .map_err(|_| format!("--seed {s:?} is not a number"))?,
        None => scenario.seed,
    };
    let until = match flag(rest, "--until") {
        Some(s) => Some(
            (s.parse::<f64>()
                .map_err(|_| format!("--until {s:?} is not a number"))?
                * 1000.0) as u64,
        ),
        None => None,
    };
    let world = sim::run(scenario, seed, until);
    for e in &world.errors {
        eprintln!("igmpwb: simulate: {e}");
    }
    if let Some(path) = flag(rest, "--pcap") {
        std::fs::write(path, capture::write_pcap(&world.captured()))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    if let Some(path) = flag(rest, "--trace") {
        std::fs::write(path, world.trace_jsonl()).map_err(|e| format!("{path}: {e}"))?;
    }
    w(out, &sim::render_trace(&world.trace))
}
