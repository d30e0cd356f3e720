//! What the import worker tells the page besides rows: the capture's format, and at the end the
//! stream's problems and comments. A small text form of our own, not JSON, so that the wasm
//! (page and worker are the same module) carries no JSON codec for these types. Each value is a
//! token `LEN:TEXT` (LEN in bytes); decoding anything malformed gives `None`, never a panic.

use crate::codec::{Severity, Text};
use crate::import::stream::StreamEnd;
use crate::import::{InputFormat, Location, Problem, TextFormat};

const TEXT_FORMATS: [TextFormat; 8] = [
    TextFormat::HexStream,
    TextFormat::SeparatedBytes,
    TextFormat::Tcpdump,
    TextFormat::OffsetDump,
    TextFormat::Xxd,
    TextFormat::HexdumpC,
    TextFormat::ArrayLiteral,
    TextFormat::PythonBytes,
];
const SEVERITIES: [Severity; 3] = [Severity::Info, Severity::Warning, Severity::Error];

fn put(out: &mut String, token: &str) {
    out.push_str(&token.len().to_string());
    out.push(':');
    out.push_str(token);
}

fn put_num(out: &mut String, n: u64) {
    put(out, &n.to_string());
}

fn put_format(out: &mut String, format: Option<InputFormat>) {
    match format {
        None => put(out, "-"),
        Some(InputFormat::Pcap {
            nanosecond,
            big_endian,
        }) => {
            put(out, "pcap");
            put_num(out, u64::from(nanosecond));
            put_num(out, u64::from(big_endian));
        }
        Some(InputFormat::Pcapng) => put(out, "pcapng"),
        Some(InputFormat::Text(t)) => {
            put(out, "text");
            let at = TEXT_FORMATS.iter().position(|x| *x == t).unwrap_or(0);
            put_num(out, at as u64);
        }
    }
}

/// The tokens of a message, read one by one.
struct Tokens<'a>(&'a str);

impl<'a> Tokens<'a> {
    fn next(&mut self) -> Option<&'a str> {
        let (len, rest) = self.0.split_once(':')?;
        let len: usize = len.parse().ok()?;
        let token = rest.get(..len)?;
        self.0 = rest.get(len..)?;
        Some(token)
    }

    fn num(&mut self) -> Option<u64> {
        self.next()?.parse().ok()
    }

    fn usize(&mut self) -> Option<usize> {
        usize::try_from(self.num()?).ok()
    }

    fn flag(&mut self) -> Option<bool> {
        match self.num()? {
            0 => Some(false),
            1 => Some(true),
            _ => None,
        }
    }

    fn format(&mut self) -> Option<Option<InputFormat>> {
        Some(match self.next()? {
            "-" => None,
            "pcap" => Some(InputFormat::Pcap {
                nanosecond: self.flag()?,
                big_endian: self.flag()?,
            }),
            "pcapng" => Some(InputFormat::Pcapng),
            "text" => Some(InputFormat::Text(*TEXT_FORMATS.get(self.usize()?)?)),
            _ => return None,
        })
    }
}

/// The format message (sent when the reader has recognised the input).
pub fn encode_format(format: Option<InputFormat>) -> String {
    let mut out = String::new();
    put_format(&mut out, format);
    out
}

pub fn decode_format(text: &str) -> Option<Option<InputFormat>> {
    let mut t = Tokens(text);
    let format = t.format()?;
    t.0.is_empty().then_some(format)
}

/// The end message.
pub fn encode_end(end: &StreamEnd) -> String {
    let mut out = String::new();
    put_format(&mut out, end.format);
    put_num(&mut out, end.skipped as u64);
    put_num(&mut out, end.problems.len() as u64);
    for p in &end.problems {
        let severity = SEVERITIES
            .iter()
            .position(|s| *s == p.severity)
            .unwrap_or(0);
        put_num(&mut out, severity as u64);
        match p.location {
            Location::Text { line, column } => {
                put(&mut out, "t");
                put_num(&mut out, line as u64);
                put_num(&mut out, column as u64);
            }
            Location::File { offset, record } => {
                put(&mut out, "f");
                put_num(&mut out, offset as u64);
                match record {
                    Some(r) => put_num(&mut out, r as u64),
                    None => put(&mut out, "-"),
                }
            }
        }
        put(&mut out, &p.message.en);
        put(&mut out, &p.message.ja);
    }
    put_num(&mut out, end.comments.len() as u64);
    for c in &end.comments {
        put(&mut out, c);
    }
    out
}

pub fn decode_end(text: &str) -> Option<StreamEnd> {
    let mut t = Tokens(text);
    let format = t.format()?;
    let skipped = t.usize()?;
    // Every item takes at least two bytes of the message: a count cannot make the loop
    // run longer than the message is.
    let count = t.usize()?.min(text.len());
    let mut problems = Vec::new();
    for _ in 0..count {
        let severity = *SEVERITIES.get(t.usize()?)?;
        let location = match t.next()? {
            "t" => Location::Text {
                line: t.usize()?,
                column: t.usize()?,
            },
            "f" => Location::File {
                offset: t.usize()?,
                record: match t.next()? {
                    "-" => None,
                    n => Some(n.parse().ok()?),
                },
            },
            _ => return None,
        };
        let message = Text::new(t.next()?.to_string(), t.next()?.to_string());
        problems.push(Problem {
            severity,
            location,
            message,
        });
    }
    let count = t.usize()?.min(text.len());
    let mut comments = Vec::new();
    for _ in 0..count {
        comments.push(t.next()?.to_string());
    }
    t.0.is_empty().then_some(StreamEnd {
        format,
        problems,
        comments,
        skipped,
    })
}
