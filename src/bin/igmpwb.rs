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
