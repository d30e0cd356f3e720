//! Argument handling and the subcommands of `igmpwb`.

use std::ffi::OsString;
use std::io::{Read, Write};
use std::process::ExitCode;

use igmpwb::analyze;
use igmpwb::codec::{self, render, summary, Lang, Severity};
use igmpwb::import::{self, capture, export};
use lexopt::prelude::*;

const HELP: &str = "igmpwb — IGMP workbench command line

USAGE:
    igmpwb summary [-v] [-e] FILE  one line per frame, exactly as `TZ=GMT tcpdump -# -n -tttt [-v] [-e] -r FILE`
    igmpwb fields FILE           one line per field: frame, field id, byte position, size, value (tabs)
    igmpwb tree [--ja] FILE      the field tree with spans and diagnostics
    igmpwb bytes FILE            each frame as one lowercase hex line
    igmpwb analyze [--json] [--ja] FILE
                                 queriers, group membership and RFC findings of a capture
    igmpwb convert IN OUT        write the frames of IN to OUT (.pcap or .pcapng)
    igmpwb build SPEC.json       print the hex stream of a frame spec (IGMP, or MLD: an \"mld\" member)
    igmpwb build --presets OUT.pcap   every Builder preset, IGMP and MLD, in one capture
    igmpwb simulate (--builtin NAME | FILE.json) [--seed N] [--until SECONDS]
                    [--pcap OUT.pcap] [--trace OUT.jsonl]
                                 run a scenario; prints the timeline (packets and state changes)
    igmpwb simulate --list       the built-in scenarios
    igmpwb simulate --builtin NAME --json   print a built-in scenario as JSON (to edit)
    igmpwb COMMAND --help        help for one command
    igmpwb --version | --help

FILE is a pcap or pcapng capture or a text hex dump (any format the Inspector accepts);
`-` reads standard input.

EXIT STATUS:
    0  done (warnings, such as a truncated last record, go to standard error)
    1  the input could not be read or held errors (what was valid is still printed)
    2  usage error: unknown command or flag, missing or extra argument";

/// One subcommand: its name, its usage line and what it does.
struct Command {
    name: &'static str,
    usage: &'static str,
    about: &'static str,
}

const COMMANDS: &[Command] = &[
    Command {
        name: "summary",
        usage: "igmpwb summary [-v|-vv] [-e] [-Y FILTER] FILE",
        about: "One line per frame, byte for byte what `TZ=GMT tcpdump -# -n -tttt [-v|-vv] [-e] -r FILE` prints.\n\n    -v    verbose: the IPv4 header line and IGMPv3 details, as tcpdump -v\n    -vv   more: IGMPv3 source lists, UDP-over-IPv4 checksums, PIMv1 join/prune groups, as tcpdump -vv\n    -e    the link-layer header: MAC addresses, ethertype, VLAN tags, as tcpdump -e\n    -Y FILTER  only the frames a display filter keeps (the Inspector's, as tshark -Y), numbered\n          as all frames are; a filter that does not parse exits with status 2 and its column",
    },
    Command {
        name: "fields",
        usage: "igmpwb fields FILE",
        about: "One line per field: frame number, field id, byte position, byte size, value (tab-separated).",
    },
    Command {
        name: "tree",
        usage: "igmpwb tree [--ja] FILE",
        about: "The field tree of every frame with byte spans, bit masks and diagnostics.\n\n    --ja  labels and diagnostics in Japanese",
    },
    Command {
        name: "analyze",
        usage: "igmpwb analyze [--json] [--ja] [--per-port] [-Y FILTER] FILE",
        about: "Replay the capture's IGMP frames through an RFC router model of the link: who was querier\nand when, when each group was present and why it ended, its members and compatibility modes,\nand the findings (rule, RFC section, severity, frames). Times are seconds since the first\nframe; frames count from 1.\n\n    --json      the JSON contract (see the README): {\"queriers\",\"switch_queriers\",\"groups\",\"findings\"}\n    --ja        the readable report in Japanese\n    --per-port  analyse each pcapng interface (one per switch port) as its own link: one report\n                per interface; with --json an array of the contract, each with \"interface\"\n    -Y FILTER   analyse only the frames a display filter keeps (frames keep their numbers)",
    },
    Command {
        name: "bytes",
        usage: "igmpwb bytes FILE",
        about: "Each frame as one line of lowercase hex digits.",
    },
    Command {
        name: "convert",
        usage: "igmpwb convert IN OUT.pcap|OUT.pcapng",
        about: "Write the frames of IN (capture or hex dump) to a pcap or pcapng file, chosen by OUT's extension.",
    },
    Command {
        name: "build",
        usage: "igmpwb build SPEC.json | igmpwb build --presets OUT.pcap",
        about: "Print the hex stream of a frame spec (the Builder's JSON; examples in tests/data/specs/),\nor write every Builder preset into one pcap.\n\n    --presets OUT.pcap   write the presets",
    },
    Command {
        name: "simulate",
        usage: "igmpwb simulate (--builtin NAME | FILE.json) [--seed N] [--until SECONDS] [--pcap OUT.pcap] [--trace OUT.jsonl] [--json] | --list",
        about: "Run a scenario and print its timeline (packets and state changes).\n\n    --builtin NAME     a built-in scenario (see --list)\n    --list             list the built-in scenarios\n    --json             print the scenario as JSON instead of running it\n    --seed N           the random seed (default: the scenario's)\n    --until SECONDS    simulated time to stop at (default: the scenario's)\n    --pcap OUT.pcap    also write every frame sent\n    --trace OUT.jsonl  also write the trace as JSON lines",
    },
    Command {
        name: "bench-sim",
        usage: "igmpwb bench-sim",
        about: "Benchmark: 1 000 hosts in 20 groups over one simulated hour (scripts/bench.sh times it).",
    },
    Command {
        name: "bench-import",
        usage: "igmpwb bench-import FILE",
        about: "Benchmark: the Inspector's load path (the import worker's batches, appended by the page's model).",
    },
];

/// Why a command did not do what was asked; decides the exit code.
enum Failure {
    /// Exit 2: the command line itself is wrong. Carries the message and the usage line.
    Usage(String, &'static str),
    /// Exit 1: the input could not be read, or held errors. Messages were already printed.
    Input(String),
    /// Exit 1, with nothing more to say (every problem was printed as it was found).
    Reported,
}

impl From<lexopt::Error> for Failure {
    fn from(e: lexopt::Error) -> Self {
        Failure::Usage(e.to_string(), "")
    }
}

type Out<'a> = std::io::BufWriter<std::io::StdoutLock<'a>>;

pub fn main() -> ExitCode {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 20, stdout.lock());
    let result = run(&mut out).and_then(|()| out.flush().map_err(output_error));
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(Failure::Usage(msg, usage)) => {
            let _ = out.flush();
            eprintln!("igmpwb: {msg}");
            if usage.is_empty() {
                eprintln!("Try 'igmpwb --help'.");
            } else {
                eprintln!("usage: {usage}");
            }
            ExitCode::from(2)
        }
        Err(Failure::Input(msg)) => {
            let _ = out.flush();
            eprintln!("igmpwb: {msg}");
            ExitCode::from(1)
        }
        Err(Failure::Reported) => {
            let _ = out.flush();
            ExitCode::from(1)
        }
    }
}

fn output_error(e: std::io::Error) -> Failure {
    Failure::Input(format!("writing output: {e}"))
}

fn write(out: &mut impl Write, s: &str) -> Result<(), Failure> {
    out.write_all(s.as_bytes()).map_err(output_error)
}

fn run(out: &mut Out) -> Result<(), Failure> {
    let mut parser = lexopt::Parser::from_env();
    let command = match parser.next()? {
        None => return Err(Failure::Usage("no command given".into(), "")),
        Some(Short('h') | Long("help")) => return write(out, &format!("{HELP}\n")),
        Some(Short('V') | Long("version")) => return write(out, &version()),
        Some(Value(v)) => v.string()?,
        Some(other) => return Err(other.unexpected().into()),
    };
    if command == "help" {
        return write(out, &format!("{HELP}\n"));
    }
    let Some(cmd) = COMMANDS.iter().find(|c| c.name == command) else {
        return Err(Failure::Usage(format!("unknown command {command:?}"), ""));
    };
    match cmd.name {
        "summary" => summary_cmd(cmd, &mut parser, out),
        "fields" => fields_cmd(cmd, &mut parser, out),
        "tree" => tree_cmd(cmd, &mut parser, out),
        "bytes" => bytes_cmd(cmd, &mut parser, out),
        "analyze" => analyze_cmd(cmd, &mut parser, out),
        "convert" => convert_cmd(cmd, &mut parser, out),
        "build" => build_cmd(cmd, &mut parser, out),
        "simulate" => simulate_cmd(cmd, &mut parser, out),
        "bench-sim" => bench_sim_cmd(cmd, &mut parser, out),
        _ => bench_import_cmd(cmd, &mut parser, out),
    }
}

fn version() -> String {
    format!("igmpwb {}\n", igmpwb::VERSION)
}

fn help_text(cmd: &Command) -> String {
    format!("usage: {}\n\n{}\n", cmd.usage, cmd.about)
}

/// An option as the subcommand sees it, owned so that the parser can be asked for its value.
enum Opt {
    Short(char),
    Long(String),
}

impl Opt {
    fn is(&self, short: Option<char>, long: &str) -> bool {
        match self {
            Opt::Short(c) => Some(*c) == short,
            Opt::Long(l) => l == long,
        }
    }
}

impl std::fmt::Display for Opt {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Opt::Short(c) => write!(f, "-{c}"),
            Opt::Long(l) => write!(f, "--{l}"),
        }
    }
}

/// Collects positional arguments (a lone `-` is one: standard input) until the parser ends.
/// Every subcommand accepts `--help` and `--version`; `flag` handles its own options and returns
/// false for an unknown one, which is refused with the usage line. Returns `None` when `--help`
/// or `--version` was printed.
fn parse_args(
    cmd: &Command,
    parser: &mut lexopt::Parser,
    out: &mut Out,
    mut flag: impl FnMut(&Opt, &mut lexopt::Parser) -> Result<bool, Failure>,
) -> Result<Option<Vec<OsString>>, Failure> {
    let mut positional = Vec::new();
    loop {
        let opt = match parser.next()? {
            None => break,
            Some(Value(v)) => {
                positional.push(v);
                continue;
            }
            Some(Short(c)) => Opt::Short(c),
            Some(Long(l)) => Opt::Long(l.to_string()),
        };
        if opt.is(Some('h'), "help") {
            write(out, &help_text(cmd))?;
            return Ok(None);
        }
        if opt.is(Some('V'), "version") {
            write(out, &version())?;
            return Ok(None);
        }
        if !flag(&opt, parser)? {
            return Err(Failure::Usage(format!("unknown option {opt}"), cmd.usage));
        }
    }
    Ok(Some(positional))
}

fn value(parser: &mut lexopt::Parser, opt: &Opt) -> Result<String, Failure> {
    let v = parser
        .value()
        .map_err(|_| Failure::Usage(format!("{opt} needs a value"), ""))?;
    v.into_string()
        .map_err(|v| Failure::Usage(format!("{opt} {v:?} is not UTF-8"), ""))
}

/// Exactly `n` positional arguments, as strings.
fn exactly(cmd: &Command, args: Vec<OsString>, names: &[&str]) -> Result<Vec<String>, Failure> {
    if args.len() < names.len() {
        let missing = names.get(args.len()).copied().unwrap_or("argument");
        return Err(Failure::Usage(format!("missing {missing}"), cmd.usage));
    }
    if args.len() > names.len() {
        let extra = args
            .get(names.len())
            .map(|a| a.to_string_lossy().into_owned())
            .unwrap_or_default();
        return Err(Failure::Usage(
            format!("unexpected argument {extra:?}"),
            cmd.usage,
        ));
    }
    args.into_iter()
        .map(|a| {
            a.into_string()
                .map_err(|a| Failure::Usage(format!("argument {a:?} is not UTF-8"), cmd.usage))
        })
        .collect()
}

fn read_input(path: &str) -> Result<Vec<u8>, Failure> {
    if path == "-" {
        let mut buf = Vec::new();
        std::io::stdin()
            .read_to_end(&mut buf)
            .map_err(|e| Failure::Input(format!("standard input: {e}")))?;
        Ok(buf)
    } else {
        std::fs::read(path).map_err(|e| Failure::Input(format!("{path}: {e}")))
    }
}

/// Reads a capture or hex dump. Every problem goes to standard error with its place; the
/// returned flag says whether any was an error (the command then exits 1 after printing what
/// was valid).
fn load(path: &str) -> Result<(import::Import, bool), Failure> {
    let data = read_input(path)?;
    Ok(import_reported(&data, shown_name(path)))
}

/// How messages name the input.
fn shown_name(path: &str) -> &str {
    if path == "-" {
        "standard input"
    } else {
        path
    }
}

/// Imports `data` and reports its problems; the flag says whether any was an error (or nothing
/// was recognised at all).
fn import_reported(data: &[u8], shown: &str) -> (import::Import, bool) {
    let imp = import::import(data);
    let mut failed = report(&imp.problems, shown);
    if imp.format.is_none() && !failed {
        eprintln!("igmpwb: {shown}: error: not a capture and no hex dump recognised");
        failed = true;
    }
    (imp, failed)
}

/// The frames of one input: streamed when it is a pcap capture (memory stays constant whatever
/// the file's size), imported whole otherwise (pcapng, text).
enum Frames {
    Stream {
        stream: import::stream::PcapStream<Box<dyn Read>>,
        shown: String,
    },
    /// A pcapng capture, block by block (packet comments are not lent: `convert` reads pcapng
    /// whole to keep them).
    StreamNg {
        stream: import::stream::PcapngStream<Box<dyn Read>>,
        shown: String,
    },
    Whole {
        imp: import::Import,
        next: usize,
        failed: bool,
    },
}

impl Frames {
    /// Whether the frames were read from text (a paste), whose times may be times of day.
    fn is_text(&self) -> bool {
        matches!(self, Frames::Whole { imp, .. } if matches!(imp.format, Some(import::InputFormat::Text(_))))
    }

    fn open(path: &str, stream_pcapng: bool) -> Result<Frames, Failure> {
        let shown = shown_name(path).to_string();
        let mut reader: Box<dyn Read> = if path == "-" {
            Box::new(std::io::stdin().lock())
        } else {
            Box::new(std::fs::File::open(path).map_err(|e| Failure::Input(format!("{path}: {e}")))?)
        };
        let mut first = Vec::with_capacity(24);
        (&mut reader)
            .take(24)
            .read_to_end(&mut first)
            .map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
        if stream_pcapng && capture::is_pcapng(&first) {
            let stream = import::stream::PcapngStream::new(first, reader);
            return Ok(Frames::StreamNg { stream, shown });
        }
        let is_pcap = capture::is_capture(&first) && !capture::is_pcapng(&first);
        if is_pcap {
            if let Some(stream) = import::stream::PcapStream::new(first.clone(), reader) {
                return Ok(Frames::Stream { stream, shown });
            }
            // (Fewer than 24 bytes: the whole-file reader explains.)
            return Frames::whole(&first, &shown);
        }
        let mut data = first;
        reader
            .read_to_end(&mut data)
            .map_err(|e| Failure::Input(format!("{shown}: {e}")))?;
        Frames::whole(&data, &shown)
    }

    fn whole(data: &[u8], shown: &str) -> Result<Frames, Failure> {
        let (imp, failed) = import_reported(data, shown);
        Ok(Frames::Whole {
            imp,
            next: 0,
            failed,
        })
    }

    fn next_frame(&mut self) -> Option<import::stream::FrameRef<'_>> {
        match self {
            Frames::Stream { stream, .. } => stream.next_frame(),
            Frames::StreamNg { stream, .. } => stream.next_frame(),
            Frames::Whole { imp, next, .. } => {
                let i = *next;
                *next = i.saturating_add(1);
                imp.frames.get(i).map(import::stream::FrameRef::from)
            }
        }
    }

    /// Reports what the stream found (a whole import reported at once) and says whether any
    /// problem was an error.
    fn finish(self) -> bool {
        match self {
            Frames::Stream { stream, shown } => report(&stream.problems, &shown),
            Frames::StreamNg { stream, shown } => report(&stream.problems, &shown),
            Frames::Whole { failed, .. } => failed,
        }
    }
}

fn report(problems: &[import::Problem], shown: &str) -> bool {
    let mut failed = false;
    for p in problems {
        failed |= p.severity == Severity::Error;
        eprintln!(
            "igmpwb: {shown}: {}: {}",
            p.severity.name(),
            p.describe(Lang::En)
        );
    }
    failed
}

/// The commands that stream one FILE: their options, then the frames.
fn open_one(
    cmd: &Command,
    parser: &mut lexopt::Parser,
    out: &mut Out,
    flag: impl FnMut(&Opt, &mut lexopt::Parser) -> Result<bool, Failure>,
) -> Result<Option<Frames>, Failure> {
    let Some(args) = parse_args(cmd, parser, out, flag)? else {
        return Ok(None);
    };
    let [file] = <[String; 1]>::try_from(exactly(cmd, args, &["FILE"])?).unwrap_or_default();
    Frames::open(&file, true).map(Some)
}

/// The commands that read one FILE: their options, then the file read with [`load`]. `None`
/// when `--help` or `--version` was printed.
fn load_one(
    cmd: &Command,
    parser: &mut lexopt::Parser,
    out: &mut Out,
    flag: impl FnMut(&Opt, &mut lexopt::Parser) -> Result<bool, Failure>,
) -> Result<Option<(import::Import, bool)>, Failure> {
    let Some(args) = parse_args(cmd, parser, out, flag)? else {
        return Ok(None);
    };
    let [file] = <[String; 1]>::try_from(exactly(cmd, args, &["FILE"])?).unwrap_or_default();
    load(&file).map(Some)
}

fn finish(failed: bool) -> Result<(), Failure> {
    if failed {
        Err(Failure::Reported)
    } else {
        Ok(())
    }
}

/// A display filter given with `-Y`, applied frame by frame as the Inspector applies it.
struct DisplayFilter {
    expr: igmpwb::model::filter::Expr,
    /// The fields `expr` reads, worked out once.
    names: Vec<String>,
    first: Option<f64>,
    previous: f64,
    /// The time of the last frame kept, for `frame.time_delta_displayed`.
    shown: Option<f64>,
}

impl DisplayFilter {
    /// Compiles `-Y`'s text: a filter that does not parse is a usage error naming its column.
    fn compile(text: &str, usage: &'static str) -> Result<DisplayFilter, Failure> {
        use igmpwb::model::filter::{compile, Filter};
        match compile(text) {
            Ok(Filter::Display(expr)) => Ok(DisplayFilter {
                names: expr.kept_ids(),
                expr,
                first: None,
                previous: 0.0,
                shown: None,
            }),
            Ok(_) => Err(Failure::Usage(
                format!("-Y {text:?}: not a display filter (a field, a protocol or a comparison)"),
                usage,
            )),
            Err(e) => Err(Failure::Usage(
                format!("-Y {text:?}: column {}: {}", e.column, e.message().en),
                usage,
            )),
        }
    }

    /// Whether frame `number` (1-based) is kept. Every frame passes through here, kept or not,
    /// so that the frame times are the capture's.
    fn keeps(&mut self, number: usize, f: &igmpwb::import::stream::FrameRef<'_>) -> bool {
        let t = f.seconds();
        let first = *self.first.get_or_insert(t);
        let prev = (number > 1).then_some(self.previous);
        let ctx = igmpwb::model::filter::FrameCtx::at(
            number.saturating_sub(1),
            t,
            first,
            prev,
            self.shown,
        );
        self.previous = t;
        let d = igmpwb::model::filter::dissect_for(&self.names, f.link, f.bytes);
        let kept = igmpwb::model::filter::eval_in(&self.expr, &d, f.bytes, Some(&ctx));
        if kept {
            self.shown = Some(t);
        }
        kept
    }
}

fn summary_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let mut style = summary::Style::default();
    let mut filter_text: Option<String> = None;
    let Some(mut frames) = open_one(cmd, parser, out, |arg, parser| {
        let verbose = arg.is(Some('v'), "verbose");
        let link_header = arg.is(Some('e'), "link-header");
        // `-vv` (or `-v -v`) is tcpdump's second level.
        style.very_verbose |= verbose && style.verbose;
        style.verbose |= verbose;
        style.link_header |= link_header;
        if arg.is(Some('Y'), "display-filter") {
            filter_text = Some(value(parser, arg)?);
            return Ok(true);
        }
        Ok(verbose || link_header)
    })?
    else {
        return Ok(());
    };
    let mut filter = filter_text
        .map(|t| DisplayFilter::compile(&t, cmd.usage))
        .transpose()?;
    // One buffer for many lines, written when it holds 256 KB: no allocation per frame.
    let mut text = String::with_capacity(1 << 19);
    let mut number = 0usize;
    let mut times = summary::text::TimeCache::default();
    let text_input = frames.is_text();
    while let Some(f) = frames.next_frame() {
        number = number.saturating_add(1);
        if let Some(filter) = filter.as_mut() {
            if !filter.keeps(number, &f) {
                continue;
            }
        }
        let wire_len = usize::try_from(f.orig_len).unwrap_or(usize::MAX);
        let start = text.len();
        summary::write_number_and_time_cached(
            &mut times,
            &mut text,
            number,
            f.ts_sec,
            f.ts_nsec / 1000,
        );
        // A pasted line's time without a date (tcpdump's default `HH:MM:SS.ffffff`) is shown
        // as written: no date is invented (#26).
        if text_input && (0..86_400).contains(&f.ts_sec) {
            const EPOCH_DAY: &str = "1970-01-01 ";
            if let Some(k) = text.get(start..).and_then(|t| t.find(EPOCH_DAY)) {
                let at = start.saturating_add(k);
                text.replace_range(at..at.saturating_add(EPOCH_DAY.len()), "");
            }
        }
        summary::write_frame_line(&mut text, f.link, f.bytes, wire_len, style);
        text.push('\n');
        if text.len() >= 1 << 18 {
            write(out, &text)?;
            text.clear();
        }
    }
    write(out, &text)?;
    finish(frames.finish())
}

fn fields_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let Some(mut frames) = open_one(cmd, parser, out, |_, _| Ok(false))? else {
        return Ok(());
    };
    let mut number = 0usize;
    while let Some(f) = frames.next_frame() {
        number = number.saturating_add(1);
        write(out, &render::fields(&f.dissect(), number))?;
    }
    finish(frames.finish())
}

fn tree_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let mut lang = Lang::En;
    let Some((imp, failed)) = load_one(cmd, parser, out, |arg, _| {
        if arg.is(None, "ja") {
            lang = Lang::Ja;
        }
        Ok(arg.is(None, "ja"))
    })?
    else {
        return Ok(());
    };
    for (i, f) in imp.frames.iter().enumerate() {
        write(out, &format!("# frame {}\n", i + 1))?;
        write(
            out,
            &render::tree(&import::stream::FrameRef::from(f).dissect(), lang),
        )?;
    }
    finish(failed)
}

/// At most this many interfaces are analysed apart with `--per-port` (one analyser each).
const MAX_PORTS: usize = 1024;

fn analyze_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let (mut json, mut lang, mut per_port) = (false, Lang::En, false);
    let mut filter_text: Option<String> = None;
    let Some(mut frames) = open_one(cmd, parser, out, |arg, parser| {
        json |= arg.is(None, "json");
        per_port |= arg.is(None, "per-port");
        if arg.is(Some('Y'), "display-filter") {
            filter_text = Some(value(parser, arg)?);
            return Ok(true);
        }
        if arg.is(None, "ja") {
            lang = Lang::Ja;
        }
        Ok(arg.is(None, "json") || arg.is(None, "ja") || arg.is(None, "per-port"))
    })?
    else {
        return Ok(());
    };
    // One analyser for the link, or one per interface (in order of first frame).
    let mut analyzers: Vec<(u32, analyze::Analyzer)> = Vec::new();
    let mut too_many = false;
    let mut filter = filter_text
        .map(|t| DisplayFilter::compile(&t, cmd.usage))
        .transpose()?;
    let mut number = 0usize;
    while let Some(f) = frames.next_frame() {
        number = number.saturating_add(1);
        if let Some(filter) = filter.as_mut() {
            if !filter.keeps(number, &f) {
                continue;
            }
        }
        let key = if per_port { f.interface } else { 0 };
        let at = match analyzers.iter().position(|x| x.0 == key) {
            Some(i) => i,
            None if analyzers.len() < MAX_PORTS => {
                analyzers.push((key, analyze::Analyzer::new()));
                analyzers.len() - 1
            }
            None => {
                too_many = true;
                continue;
            }
        };
        if let Some((_, a)) = analyzers.get_mut(at) {
            a.observe_numbered(
                u64::try_from(number).unwrap_or(u64::MAX),
                analyze::Input {
                    link: f.link,
                    ts_sec: f.ts_sec,
                    ts_nsec: f.ts_nsec,
                    bytes: f.bytes,
                    unknown: f.unknown,
                },
            );
        }
    }
    if too_many {
        eprintln!("igmpwb: analyze: more than {MAX_PORTS} interfaces; the frames of the others were not analysed");
    }
    let mut failed = frames.finish() || too_many;
    if analyzers.is_empty() {
        analyzers.push((0, analyze::Analyzer::new()));
    }
    let done: Vec<(u32, analyze::Analysis)> = analyzers
        .into_iter()
        .map(|(k, a)| (k, a.finish()))
        .collect();
    if !per_port {
        if let Some((_, a)) = done.first() {
            if json {
                write(out, &format!("{}\n", a.to_json(true)))?;
            } else {
                write(out, &analyze::report::text(a, lang))?;
            }
        }
        return finish(failed);
    }
    if json {
        let list: Vec<serde_json::Value> = done
            .iter()
            .map(|(k, a)| {
                let mut v = serde_json::to_value(a).unwrap_or(serde_json::Value::Null);
                if let Some(o) = v.as_object_mut() {
                    o.insert("interface".into(), serde_json::json!(k));
                }
                v
            })
            .collect();
        match serde_json::to_string_pretty(&list) {
            Ok(text) => write(out, &format!("{text}\n"))?,
            Err(e) => {
                eprintln!("igmpwb: analyze: {e}");
                failed = true;
            }
        }
    } else {
        for (k, a) in &done {
            let head = if lang == Lang::Ja {
                format!("== インターフェース {k} ==\n")
            } else {
                format!("== interface {k} ==\n")
            };
            write(out, &head)?;
            write(out, &analyze::report::text(a, lang))?;
            write(out, "\n")?;
        }
    }
    finish(failed)
}

fn bytes_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let Some(mut frames) = open_one(cmd, parser, out, |_, _| Ok(false))? else {
        return Ok(());
    };
    while let Some(f) = frames.next_frame() {
        write(out, &export::hex_stream(f.bytes))?;
        write(out, "\n")?;
    }
    finish(frames.finish())
}

fn convert_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let Some(args) = parse_args(cmd, parser, out, |_, _| Ok(false))? else {
        return Ok(());
    };
    let [input, output] =
        <[String; 2]>::try_from(exactly(cmd, args, &["IN", "OUT"])?).unwrap_or_default();
    let pcapng = output.ends_with(".pcapng");
    if !pcapng && !output.ends_with(".pcap") {
        return Err(Failure::Usage(
            format!("{output:?}: the output must end in .pcap or .pcapng"),
            cmd.usage,
        ));
    }
    let mut frames = Frames::open(&input, false)?;
    if let Frames::Whole { imp, failed, .. } = &frames {
        let data = if pcapng {
            capture::write_pcapng(&imp.frames)
        } else {
            capture::write_pcap(&imp.frames)
        };
        std::fs::write(&output, data).map_err(|e| Failure::Input(format!("{output}: {e}")))?;
        return finish(*failed);
    }
    // A pcap input streams into the output: one link type, so one interface for pcapng; the
    // bytes are those `write_pcap`/`write_pcapng` would write.
    let file =
        std::fs::File::create(&output).map_err(|e| Failure::Input(format!("{output}: {e}")))?;
    let mut sink = std::io::BufWriter::with_capacity(1 << 20, file);
    let mut chunk: Vec<u8> = Vec::with_capacity(1 << 19);
    let mut started = false;
    let write_err = |e: std::io::Error| Failure::Input(format!("{output}: {e}"));
    while let Some(f) = frames.next_frame() {
        if !started {
            if pcapng {
                capture::write_pcapng_head(&mut chunk, &[f.link]);
            } else {
                capture::write_pcap_header(&mut chunk, f.link);
            }
            started = true;
        }
        if pcapng {
            capture::write_pcapng_packet(&mut chunk, 0, &f, None);
        } else {
            capture::write_pcap_record_of(&mut chunk, &f);
        }
        if chunk.len() >= 1 << 18 {
            sink.write_all(&chunk).map_err(write_err)?;
            chunk.clear();
        }
    }
    if !started {
        chunk = if pcapng {
            capture::write_pcapng(&[])
        } else {
            capture::write_pcap(&[])
        };
    }
    sink.write_all(&chunk).map_err(write_err)?;
    sink.flush().map_err(write_err)?;
    finish(frames.finish())
}

fn build_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let mut presets: Option<String> = None;
    let Some(args) = parse_args(cmd, parser, out, |arg, p| {
        if arg.is(None, "presets") {
            presets = Some(value(p, arg)?);
            return Ok(true);
        }
        Ok(false)
    })?
    else {
        return Ok(());
    };
    if let Some(path) = presets {
        exactly(cmd, args, &[])?;
        // Every Builder preset in one pcap (scripts/gen-expected.sh has tshark check them).
        // The IGMP presets, then the MLD ones.
        let igmp = igmpwb::model::builder::MESSAGES
            .iter()
            .filter_map(|(kind, _, _)| igmpwb::model::builder::preset(kind))
            .map(|spec| codec::emit(&spec));
        let mld = codec::mld_spec::MESSAGES
            .iter()
            .filter_map(|(kind, _, _)| codec::mld_spec::preset(kind))
            .map(|spec| codec::mld_spec::emit(&spec));
        let frames: Vec<import::CapturedFrame> = igmp
            .chain(mld)
            .zip(0i64..)
            .map(|(bytes, i)| import::CapturedFrame {
                link: codec::LinkType::Ethernet,
                ts_sec: i,
                ts_nsec: 0,
                orig_len: u32::try_from(bytes.len()).unwrap_or(u32::MAX),
                bytes,
                comment: None,
                interface: 0,
                unknown: Vec::new(),
            })
            .collect();
        return std::fs::write(&path, capture::write_pcap(&frames))
            .map_err(|e| Failure::Input(format!("{path}: {e}")));
    }
    let [file] = <[String; 1]>::try_from(exactly(cmd, args, &["SPEC.json"])?).unwrap_or_default();
    let text = String::from_utf8(read_input(&file)?)
        .map_err(|e| Failure::Input(format!("{file}: not UTF-8: {e}")))?;
    let bad = |e: serde_json::Error| Failure::Input(format!("{file}: {e}"));
    // An MLD spec has an "mld" member where an IGMP spec has "igmp".
    let json: serde_json::Value = serde_json::from_str(&text).map_err(bad)?;
    let bytes = if json.get("mld").is_some() {
        codec::mld_spec::emit(&serde_json::from_str(&text).map_err(bad)?)
    } else {
        // The app's reader (FrameSpec::read), so that a spec builds here as it opens there.
        let spec = igmpwb::json::read(&text, codec::spec::FrameSpec::read)
            .map_err(|e| Failure::Input(format!("{file}: {e}")))?;
        codec::emit(&spec)
    };
    write(out, &export::hex_stream(&bytes))?;
    write(out, "\n")
}

fn simulate_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    use igmpwb::sim;
    #[derive(Default)]
    struct Opts {
        builtin: Option<String>,
        list: bool,
        json: bool,
        seed: Option<String>,
        until: Option<String>,
        pcap: Option<String>,
        trace: Option<String>,
    }
    let mut o = Opts::default();
    let Some(args) = parse_args(cmd, parser, out, |arg, p| {
        let Opt::Long(name) = arg else {
            return Ok(false);
        };
        match name.as_str() {
            "builtin" => o.builtin = Some(value(p, arg)?),
            "list" => o.list = true,
            "json" => o.json = true,
            "seed" => o.seed = Some(value(p, arg)?),
            "until" => o.until = Some(value(p, arg)?),
            "pcap" => o.pcap = Some(value(p, arg)?),
            "trace" => o.trace = Some(value(p, arg)?),
            _ => return Ok(false),
        }
        Ok(true)
    })?
    else {
        return Ok(());
    };
    if o.list {
        exactly(cmd, args, &[])?;
        for name in sim::builtin::NAMES {
            if let Some(s) = sim::builtin::get(name) {
                write(out, &format!("{name}\t{}\n", s.title.en))?;
            }
        }
        return Ok(());
    }
    let scenario = match o.builtin {
        Some(name) => {
            exactly(cmd, args, &[])?;
            sim::builtin::get(&name).ok_or_else(|| {
                Failure::Input(format!(
                    "no built-in scenario {name:?} (igmpwb simulate --list)"
                ))
            })?
        }
        None => {
            let [file] =
                <[String; 1]>::try_from(exactly(cmd, args, &["FILE.json"])?).unwrap_or_default();
            let text = String::from_utf8(read_input(&file)?)
                .map_err(|e| Failure::Input(format!("{file}: not UTF-8: {e}")))?;
            // The app's reader (validated when it runs, as before).
            sim::Scenario::read(&text).map_err(|e| Failure::Input(format!("{file}: {e}")))?
        }
    };
    if o.json {
        let text =
            serde_json::to_string_pretty(&scenario).map_err(|e| Failure::Input(e.to_string()))?;
        write(out, &text)?;
        return write(out, "\n");
    }
    let seed = match o.seed {
        Some(s) => s.parse().map_err(|_| {
            Failure::Usage(format!("--seed {s:?} is not a whole number"), cmd.usage)
        })?,
        None => scenario.seed,
    };
    let mut scenario = scenario;
    if let Some(s) = o.until {
        scenario.until = s
            .parse::<f64>()
            .ok()
            .filter(|v| v.is_finite() && *v >= 0.0)
            .ok_or_else(|| {
                Failure::Usage(
                    format!("--until {s:?} is not a finite number of seconds ≥ 0"),
                    cmd.usage,
                )
            })?;
    }
    if let Err(problems) = scenario.validate() {
        for p in problems {
            eprintln!("igmpwb: simulate: {}: {p}", scenario.name);
        }
        return Err(Failure::Reported);
    }
    for p in scenario.warnings() {
        eprintln!("igmpwb: simulate: {}: warning: {p}", scenario.name);
    }
    stream_simulation(scenario, seed, o.pcap.as_deref(), o.trace.as_deref(), out)
}

/// Runs a validated scenario in slices of simulated time and writes the trace, the JSON lines
/// and the pcap as it goes, so memory stays flat however long the scenario runs.
fn stream_simulation(
    scenario: igmpwb::sim::Scenario,
    seed: u64,
    pcap: Option<&str>,
    trace: Option<&str>,
    out: &mut Out,
) -> Result<(), Failure> {
    use igmpwb::sim;
    const SLICE_MS: u64 = 10_000;
    let create = |path: &str| {
        std::fs::File::create(path)
            .map(|f| std::io::BufWriter::with_capacity(1 << 16, f))
            .map_err(|e| Failure::Input(format!("{path}: {e}")))
    };
    let mut pcap = pcap.map(|p| create(p).map(|w| (p, w))).transpose()?;
    let mut trace = trace.map(|p| create(p).map(|w| (p, w))).transpose()?;
    let file_error = |path: &str, e: std::io::Error| Failure::Input(format!("{path}: {e}"));
    if let Some((path, w)) = pcap.as_mut() {
        let mut header = Vec::new();
        capture::write_pcap_header(&mut header, codec::LinkType::Ethernet);
        w.write_all(&header).map_err(|e| file_error(path, e))?;
    }
    let end = scenario.until_ms();
    let mut world = sim::World::new(scenario, seed);
    loop {
        world.run_until(world.now.saturating_add(SLICE_MS).min(end));
        let entries = world.take_trace();
        write(out, &sim::render_trace(&entries))?;
        if let Some((path, w)) = trace.as_mut() {
            w.write_all(sim::trace_jsonl(&entries).as_bytes())
                .map_err(|e| file_error(path, e))?;
        }
        if let Some((path, w)) = pcap.as_mut() {
            let mut records = Vec::new();
            for f in sim::captured_frames(&entries) {
                capture::write_pcap_record(&mut records, &f);
            }
            w.write_all(&records).map_err(|e| file_error(path, e))?;
        }
        if world.budget_exhausted || world.now >= end {
            break;
        }
    }
    for (path, mut w) in pcap.into_iter().chain(trace) {
        w.flush().map_err(|e| file_error(path, e))?;
    }
    for e in &world.errors {
        eprintln!("igmpwb: simulate: {e}");
    }
    if world.budget_exhausted {
        return Err(Failure::Reported);
    }
    Ok(())
}

fn bench_sim_cmd(cmd: &Command, parser: &mut lexopt::Parser, out: &mut Out) -> Result<(), Failure> {
    let Some(args) = parse_args(cmd, parser, out, |_, _| Ok(false))? else {
        return Ok(());
    };
    exactly(cmd, args, &[])?;
    let world = igmpwb::sim::run(igmpwb::sim::bench_scenario(1000, 20, 3600.0), 1, None);
    write(
        out,
        &format!(
            "{} events, {} trace entries\n",
            world.events,
            world.trace.len()
        ),
    )
}

fn bench_import_cmd(
    cmd: &Command,
    parser: &mut lexopt::Parser,
    out: &mut Out,
) -> Result<(), Failure> {
    let Some(args) = parse_args(cmd, parser, out, |_, _| Ok(false))? else {
        return Ok(());
    };
    let [file] = <[String; 1]>::try_from(exactly(cmd, args, &["FILE"])?).unwrap_or_default();
    // The browser's path: the import worker's job in batches, appended by the page's model.
    let mut inspector = igmpwb::model::inspector::Inspector::default();
    let reader = std::fs::File::open(&file).map_err(|e| Failure::Input(format!("{file}: {e}")))?;
    match igmpwb::model::import_job::ImportJob::open(reader) {
        Ok(mut job) => {
            inspector.begin_stream();
            let mut batch = Vec::new();
            loop {
                let more = job.next_batch(32_768, &mut batch, true);
                inspector.append(&batch);
                batch.clear();
                if !more {
                    break;
                }
            }
            inspector.finish(job.end());
        }
        Err(_) => inspector.load(import::import(&read_input(&file)?)),
    }
    write(
        out,
        &format!(
            "{} rows, {} bytes of frame store\n",
            inspector.rows.len(),
            inspector.frames.heap_bytes()
        ),
    )
}
