//! Hex-dump text → frames.
//!
//! Recognises, in one or many frames per paste:
//! - offset dumps: Wireshark "Copy as Hex Dump" (with or without ASCII), text2pcap / `od -Ax -tx1`,
//!   `xxd`, `hexdump -C`, `tshark -x`, Scapy `hexdump()`, tcpdump `-x/-xx/-X/-XX` (whose summary
//!   lines separate frames); an offset of 0 starts a new frame;
//! - byte-array literals: C/Rust/JavaScript `{0x01, …}` / `[0x01, …]`; Python source (bytes
//!   literals, `bytes.fromhex`, Scapy calls) is read by [`super::python`];
//! - plain hex: a contiguous stream (with or without `0x`), or bytes separated by spaces, colons,
//!   dashes or newlines; blank lines (or one stream per line) separate frames.
//!
//! Nothing here panics on any text. Every problem names its 1-based line and column; the
//! importer keeps every byte it could read.

use super::{Location, Problem, TextFormat, Why};
use crate::codec::byte_at;
use crate::codec::Severity;

/// What the text importer found.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct TextImport {
    pub format: Option<TextFormat>,
    pub frames: Vec<Vec<u8>>,
    /// Per frame: the time tcpdump printed on its summary line, when there was one
    /// (seconds since the epoch, nanoseconds; a time of day alone counts from 1970-01-01).
    pub timestamps: Vec<Option<(i64, u32)>>,
    /// Per frame: the bytes a bad character left unknown (it ended its line's data; the next
    /// lines' offsets keep their bytes in place), zeros in `frames`; empty for most frames.
    pub unknown: Vec<Vec<std::ops::Range<usize>>>,
    /// Per frame: the link type its tcpdump summary line shows ([`summary_link`]), if any, and
    /// that line's number (1-based).
    pub summary_links: Vec<Option<(crate::codec::LinkType, usize)>>,
    pub problems: Vec<Problem>,
}

pub fn parse(text: &str) -> TextImport {
    // Full-width hex from a Japanese input method means its ASCII twin (codec::width); columns
    // stay the same, one character for one.
    let twins;
    let text = if text.is_ascii() {
        text
    } else {
        twins = crate::codec::width::ascii_twins(text);
        twins.as_str()
    };
    let mut out = TextImport::default();
    if text.trim().is_empty() {
        return out;
    }
    if super::python::looks_like_python(text) {
        super::python::python_source(text, &mut out);
    } else if looks_like_array(text) {
        array_literal(text, &mut out);
    } else if let Some(lines) = offset_lines(text) {
        offset_dump(text, &lines, &mut out);
    } else {
        plain(text, &mut out);
    }
    out.timestamps.resize(out.frames.len(), None);
    out.unknown.resize(out.frames.len(), Vec::new());
    out.summary_links.resize(out.frames.len(), None);
    cut_oversized(&mut out);
    if out.frames.is_empty() && out.problems.iter().all(|p| p.severity != Severity::Error) {
        out.problems.push(Problem {
            severity: Severity::Error,
            location: Location::Text { line: 1, column: 1 },
            message: Why::NoHexBytes.text(),
        });
    }
    out
}

/// The largest frame a paste may give: the largest IPv4 datagram (RFC 791: Total Length is 16
/// bits). Longer pasted frames are cut here, with a message naming the frame.
pub const MAX_PASTED_FRAME: usize = 65_535;

fn cut_oversized(out: &mut TextImport) {
    let mut cut = Vec::new();
    for (i, frame) in out.frames.iter_mut().enumerate() {
        if frame.len() > MAX_PASTED_FRAME {
            cut.push((i.saturating_add(1), frame.len()));
            frame.truncate(MAX_PASTED_FRAME);
        }
    }
    for (n, len) in cut {
        warning(out, 1, 1, Why::FrameTooLong { number: n, len });
    }
}

pub(super) fn error(out: &mut TextImport, line: usize, column: usize, why: Why) {
    out.problems.push(Problem {
        severity: Severity::Error,
        location: Location::Text { line, column },
        message: why.text(),
    });
}

pub(super) fn warning(out: &mut TextImport, line: usize, column: usize, why: Why) {
    out.problems.push(Problem {
        severity: Severity::Warning,
        location: Location::Text { line, column },
        message: why.text(),
    });
}

pub(super) fn hex_value(c: u8) -> Option<u8> {
    match c {
        b'0'..=b'9' | b'a'..=b'f' | b'A'..=b'F' => char::from(c)
            .to_digit(16)
            .and_then(|d| u8::try_from(d).ok()),
        _ => None,
    }
}

fn is_hex(s: &str) -> bool {
    !s.is_empty() && s.bytes().all(|c| hex_value(c).is_some())
}

/// Decodes an even-length hex string.
fn decode_pairs(s: &str, into: &mut Vec<u8>) {
    let b = s.as_bytes();
    for pair in b.chunks_exact(2) {
        if let [hi, lo] = pair {
            if let (Some(h), Some(l)) = (hex_value(*hi), hex_value(*lo)) {
                into.push(h << 4 | l);
            }
        }
    }
}

/// Whitespace-separated tokens of a line with their 0-based character columns.
fn tokens(line: &str) -> Vec<(usize, &str)> {
    let mut out = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices() {
        if c.is_whitespace() {
            if let Some(s) = start.take() {
                out.push((s, line.get(s..i).unwrap_or_default()));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push((s, line.get(s..).unwrap_or_default()));
    }
    out
}

fn column_of(line: &str, byte_index: usize) -> usize {
    line.get(..byte_index)
        .map(|p| p.chars().count())
        .unwrap_or(0)
        .saturating_add(1)
}

// ----- byte-array literals ------------------------------------------------------------------

/// An array literal opens a `{` or `[` whose first item is `0xH` or `0xHH` followed by a comma
/// or the closing bracket (tcpdump's `0x0000:` offsets have four digits and a colon, and a
/// `tcpdump -v` summary's `flags [DF]` holds no hex).
fn looks_like_array(text: &str) -> bool {
    text.match_indices(['{', '[']).any(|(i, _)| {
        let rest = text.get(i.saturating_add(1)..).unwrap_or("").trim_start();
        let Some(item) = rest.strip_prefix("0x").or_else(|| rest.strip_prefix("0X")) else {
            return false;
        };
        let digits = item.bytes().take_while(|c| hex_value(*c).is_some()).count();
        let next = item.get(digits..).unwrap_or("").trim_start().bytes().next();
        (1..=2).contains(&digits) && matches!(next, Some(b',' | b'}' | b']'))
    })
}

/// `{0x01, 0x00, …}` (C, Wireshark's unpadded `0x1`), `[0x01, …]` (Rust, JavaScript, Python
/// lists). Each bracketed block is one frame; a length like `[62]` is skipped.
fn array_literal(text: &str, out: &mut TextImport) {
    out.format = Some(TextFormat::ArrayLiteral);
    let mut current: Option<Vec<u8>> = None;
    // Characters in the current bracket that are not `0xHH` items. They are errors once the
    // bracket turns out to hold bytes; in a bracket without bytes (`[u8; 46]`) they are a type.
    let mut strangers: Vec<(usize, usize, char)> = Vec::new();
    let mut in_block_comment = false;
    for (ln, line) in text.lines().enumerate() {
        let lb = line.as_bytes();
        let mut i = 0;
        if line.trim_start().starts_with('#') {
            continue; // a preprocessor line or a Python comment
        }
        while i < lb.len() {
            let c = byte_at(lb, i);
            if in_block_comment {
                if c == b'*' && lb.get(i.saturating_add(1)) == Some(&b'/') {
                    in_block_comment = false;
                    i = i.saturating_add(1);
                }
                i = i.saturating_add(1);
                continue;
            }
            match c {
                b'{' | b'[' => {
                    // `name[62]` is a declaration's length, not a frame: skip a bracket that
                    // closes on the same token with digits only.
                    let rest = &line[i.saturating_add(1)..];
                    if c == b'['
                        && rest
                            .find(']')
                            .is_some_and(|e| rest[..e].trim().bytes().all(|d| d.is_ascii_digit()))
                    {
                        i = i
                            .saturating_add(rest.find(']').unwrap_or(0))
                            .saturating_add(2);
                        continue;
                    }
                    if current.is_none() {
                        current = Some(Vec::new());
                    }
                    i = i.saturating_add(1);
                }
                b'}' | b']' => {
                    if let Some(frame) = current.take() {
                        if !frame.is_empty() {
                            report_strangers(&mut strangers, out);
                            out.frames.push(frame);
                        }
                    }
                    strangers.clear();
                    i = i.saturating_add(1);
                }
                b'/' if lb.get(i.saturating_add(1)) == Some(&b'/') => break,
                b'/' if lb.get(i.saturating_add(1)) == Some(&b'*') => {
                    in_block_comment = true;
                    i = i.saturating_add(2);
                }
                b'0' if matches!(lb.get(i.saturating_add(1)), Some(b'x' | b'X')) => {
                    let start = i;
                    i = i.saturating_add(2);
                    let digits_start = i;
                    while i < lb.len() && hex_value(byte_at(lb, i)).is_some() {
                        i = i.saturating_add(1);
                    }
                    let digits = &line[digits_start..i];
                    let value = u32::from_str_radix(digits, 16).ok().filter(|v| *v <= 0xff);
                    match (value, current.as_mut()) {
                        (Some(v), Some(frame)) => frame.push(u8::try_from(v).unwrap_or(0)),
                        (None, _) => error(
                            out,
                            ln.saturating_add(1),
                            column_of(line, start),
                            Why::NotAByte {
                                token: line[start..i].to_string(),
                            },
                        ),
                        (Some(_), None) => {}
                    }
                }
                _ => {
                    let ch = line
                        .get(i..)
                        .and_then(|r| r.chars().next())
                        .unwrap_or(char::from(c));
                    let explained = if current.is_some() {
                        ch.is_whitespace() || ch == ','
                    } else {
                        // Code around the arrays: declarations, assignments, calls.
                        ch.is_whitespace()
                            || ch.is_ascii_alphanumeric()
                            || "_=;:*&<>(),.!".contains(ch)
                    };
                    if !explained {
                        let place = (ln.saturating_add(1), column_of(line, i), ch);
                        strangers.push(place);
                        if current.is_none() {
                            report_strangers(&mut strangers, out);
                        }
                    }
                    i = i.saturating_add(ch.len_utf8());
                }
            }
        }
    }
    if let Some(frame) = current.take() {
        if !frame.is_empty() {
            report_strangers(&mut strangers, out);
            warning(out, text.lines().count(), 1, Why::ArrayNotClosed);
            out.frames.push(frame);
        }
    }
}

/// Reports each character of an array literal that is not part of it; a run of them on one
/// line (a word, a decimal number) is one error at its first character.
fn report_strangers(strangers: &mut Vec<(usize, usize, char)>, out: &mut TextImport) {
    let mut last: Option<(usize, usize)> = None;
    for (line, column, ch) in strangers.drain(..) {
        let continues = last.is_some_and(|(l, c)| l == line && c.saturating_add(1) == column);
        last = Some((line, column));
        if continues {
            continue;
        }
        error(out, line, column, Why::NotInArray { ch });
    }
}

// ----- offset dumps -------------------------------------------------------------------------

/// One line of an offset dump.
#[derive(Clone, Debug)]
struct OffsetLine {
    line: usize,
    offset: usize,
    /// Byte index in the line where the data starts (after the offset).
    data_start: usize,
}

/// The offset of a line, if it starts with one: `0x0000:`, `00000000:`, `0000`, `000000`,
/// `00000000` (4 to 8 hex digits, then a colon or whitespace, or the end of the line).
fn parse_offset(line: &str) -> Option<(usize, usize)> {
    let trimmed = line.trim_start();
    let lead = line.len().saturating_sub(trimmed.len());
    let (body, prefix) = match trimmed.strip_prefix("0x") {
        Some(b) => (b, 2),
        None => (trimmed, 0),
    };
    let digits = body.bytes().take_while(|c| hex_value(*c).is_some()).count();
    if !(4..=8).contains(&digits) {
        return None;
    }
    let after = &body[digits..];
    let sep = match after.as_bytes().first() {
        None => 0,
        Some(b':') => 1,
        Some(c) if c.is_ascii_whitespace() => 0,
        _ => return None,
    };
    if prefix == 2 && sep == 0 && !after.is_empty() {
        // "0x0000 " without the colon is not tcpdump's form; still accept.
    }
    let offset = usize::from_str_radix(&body[..digits], 16).ok()?;
    Some((
        offset,
        lead.saturating_add(prefix)
            .saturating_add(digits)
            .saturating_add(sep),
    ))
}

/// `tshark -V -x` output: a `Frame N: … bytes on wire` line opens each frame's tree.
fn is_tshark_verbose(text: &str) -> bool {
    text.lines()
        .take(4_000)
        .any(|l| l.starts_with("Frame ") && l.contains(" bytes on wire"))
}

/// A line of tshark's `-x` bytes: a 4-digit offset, two spaces, then hex byte pairs. In
/// `tshark -V -x` output only these are bytes: tree lines such as `0100 .... = Version: 4`
/// begin with hex digits too.
fn is_tshark_hex_line(line: &str, data_start: usize) -> bool {
    let data = line.get(data_start..).unwrap_or("");
    data.strip_prefix("  ").is_some_and(|rest| {
        let pair = rest.get(..2).unwrap_or("");
        is_hex(pair) && rest.as_bytes().get(2).is_none_or(|c| *c == b' ')
    })
}

fn offset_lines(text: &str) -> Option<Vec<Option<OffsetLine>>> {
    let mut lines = Vec::new();
    let mut any_zero = false;
    let mut count: usize = 0;
    let tshark_v = is_tshark_verbose(text);
    for (i, line) in text.lines().enumerate() {
        let offset = parse_offset(line)
            .filter(|(_, data_start)| !tshark_v || is_tshark_hex_line(line, *data_start));
        match offset {
            // A lone hex word of 4-8 digits is plain hex, not an offset, unless more follows
            // or it ends an offset dump (od and hexdump -C print the final length alone).
            Some((offset, data_start)) => {
                if offset == 0 && line[data_start..].trim().is_empty() && count == 0 {
                    lines.push(None);
                    continue;
                }
                any_zero |= offset == 0;
                count = count.saturating_add(1);
                lines.push(Some(OffsetLine {
                    line: i,
                    offset,
                    data_start,
                }));
            }
            None => lines.push(None),
        }
    }
    // Plain contiguous hex (one long token per line) must not look like an offset dump.
    let plain_stream = text.lines().all(|l| tokens(l).len() <= 1);
    (any_zero && count >= 1 && !plain_stream).then_some(lines)
}

fn offset_dump(text: &str, lines: &[Option<OffsetLine>], out: &mut TextImport) {
    let all: Vec<&str> = text.lines().collect();
    // In tshark -V -x output every line that is not bytes is the dissection tree.
    let tshark_v = is_tshark_verbose(text);
    // Group lines into frames: a new frame at offset 0 or after a non-offset line.
    let mut groups: Vec<Vec<&OffsetLine>> = Vec::new();
    let mut current: Vec<&OffsetLine> = Vec::new();
    // A line without an offset must be one the dump's tools print between frames: a blank
    // line, a comment, a tcpdump summary line (with -v, its indented continuation lines), a
    // tshark/Wireshark frame header. Anything else is reported, not skipped.
    let mut in_summary = false;
    for (i, l) in lines.iter().enumerate() {
        if l.is_some() {
            in_summary = false;
            continue;
        }
        let line = all.get(i).copied().unwrap_or("");
        let t = line.trim();
        let continuation = in_summary && line.starts_with([' ', '\t']);
        let summary = tcpdump_time(line).is_some() || is_summary_line(t);
        let explained = tshark_v
            || t.is_empty()
            || t.starts_with('#')
            || summary
            || continuation
            || t.starts_with("reading from file")
            || t.starts_with("Frame ")
            || t.starts_with("Packet ");
        in_summary = summary || continuation;
        if !explained {
            let column = line
                .char_indices()
                .find(|(_, c)| !c.is_whitespace())
                .map_or(1, |(b, _)| column_of(line, b));
            error(
                out,
                i.saturating_add(1),
                column,
                Why::LineWithoutOffset {
                    text: t.to_string(),
                },
            );
        }
    }
    for l in lines {
        match l {
            Some(ol) if ol.offset == 0 => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
                current.push(ol);
            }
            Some(ol) => {
                if current.is_empty() {
                    // Data that does not start at offset 0: keep it, but say so.
                    current.push(ol);
                } else {
                    current.push(ol);
                }
            }
            None => {
                if !current.is_empty() {
                    groups.push(std::mem::take(&mut current));
                }
            }
        }
    }
    if !current.is_empty() {
        groups.push(current);
    }
    let mut format = None;
    for group in groups {
        let mut frame = Vec::new();
        let mut ascii_column: Option<usize> = None;
        if let Some(first) = group.first() {
            if first.offset != 0 {
                warning(
                    out,
                    first.line.saturating_add(1),
                    1,
                    Why::DumpNotAtZero {
                        offset: first.offset,
                    },
                );
            }
        }
        let mut previous_offset: Option<usize> = None;
        // Where a bad character ended a line's data, the line's bytes after it are unknown:
        // each line's offset places its bytes, so the next lines are not joined on early and
        // the frame keeps the length its offsets give.
        let mut unknown = Vec::new();
        for (k, ol) in group.iter().enumerate() {
            let line = all.get(ol.line).copied().unwrap_or("");
            let data = line.get(ol.data_start..).unwrap_or("");
            if format.is_none() {
                format = Some(detect_offset_style(line, data));
            }
            let expected = group
                .get(k.saturating_add(1))
                .and_then(|next| next.offset.checked_sub(ol.offset))
                .filter(|e| *e > 0);
            if ol.offset
                != frame
                    .len()
                    .saturating_add(group.first().map_or(0, |f| f.offset))
            {
                let have = frame.len();
                let offset = ol.offset;
                let why = if previous_offset.is_some_and(|p| offset < p) {
                    Why::OffsetBackwards { offset, have }
                } else {
                    Why::OffsetSkips { offset, have }
                };
                warning(out, ol.line.saturating_add(1), 1, why);
            }
            previous_offset = Some(ol.offset);
            let errors_before = out.problems.len();
            let bytes = line_bytes(line, ol, expected, &mut ascii_column, out);
            let bad_character = out
                .problems
                .get(errors_before..)
                .is_some_and(|new| new.iter().any(|p| p.severity == Severity::Error));
            // The last line's length is not given by a next offset: its ASCII column has one
            // character per byte.
            let line_len = expected.or_else(|| ascii_width(line, ascii_column?));
            // (A line holds at most MAX_LINE_BYTES: a hostile offset does not make a gap of
            // gigabytes unknown bytes.)
            if let Some(e) =
                line_len.filter(|e| bad_character && bytes.len() < *e && *e <= MAX_LINE_BYTES)
            {
                frame.extend_from_slice(&bytes);
                let (from, count) = (frame.len(), e.saturating_sub(bytes.len()));
                frame.resize(from.saturating_add(count), 0);
                unknown.push(from..frame.len());
                warning(
                    out,
                    ol.line.saturating_add(1),
                    1,
                    Why::UnknownAfterTypo { from, count },
                );
                continue;
            }
            if let Some(e) = expected {
                if bytes.len() < e && !bytes.is_empty() {
                    warning(
                        out,
                        ol.line.saturating_add(1),
                        ol.data_start.saturating_add(1),
                        Why::LineShort {
                            holds: bytes.len(),
                            expected: e,
                        },
                    );
                }
            }
            frame.extend_from_slice(&bytes);
        }
        if !frame.is_empty() {
            // tcpdump prints the frame's time at the start of the summary line above its hex;
            // with -v the summary takes two lines (the second indented), with -v -e or long
            // option lists up to three: look back over the lines that are not hex.
            let summary = group.first().and_then(|f| {
                (1..=3)
                    .map_while(|back| f.line.checked_sub(back))
                    .take_while(|i| lines.get(*i).is_some_and(Option::is_none))
                    .find(|i| all.get(*i).is_some_and(|l| tcpdump_time(l).is_some()))
                    .and_then(|i| Some((i, *all.get(i)?)))
            });
            out.timestamps.resize(out.frames.len(), None);
            out.timestamps
                .push(summary.and_then(|(_, l)| tcpdump_time(l)));
            out.summary_links.resize(out.frames.len(), None);
            out.summary_links
                .push(summary.and_then(|(i, l)| Some((summary_link(l)?, i.saturating_add(1)))));
            out.unknown.resize(out.frames.len(), Vec::new());
            out.unknown.push(unknown);
            out.frames.push(frame);
        }
    }
    out.format = if tshark_v {
        Some(TextFormat::TsharkVerbose)
    } else {
        format
    };
}

/// `2009-02-24 10:21:47.698870 …` (-tttt) or `10:21:47.698870 …` at the start of a line.
pub fn tcpdump_time(line: &str) -> Option<(i64, u32)> {
    let words: Vec<&str> = line.split_whitespace().take(2).collect();
    let (date, time) = match words.as_slice() {
        [d, t] if d.len() == 10 && d.as_bytes().get(4) == Some(&b'-') => (Some(*d), *t),
        [t, ..] => (None, *t),
        _ => return None,
    };
    let (hms, frac) = time.split_once('.')?;
    let parts: Vec<i64> = hms
        .split(':')
        .map(|x| x.parse().ok())
        .collect::<Option<_>>()?;
    let [h, m, sec] = parts.as_slice() else {
        return None;
    };
    if frac.is_empty()
        || frac.len() > 9
        || !frac.bytes().all(|c| c.is_ascii_digit())
        || !(0..=23).contains(h)
        || !(0..=59).contains(m)
        || !(0..=60).contains(sec)
    {
        return None;
    }
    let nanos: u32 = format!("{frac:0<9}").parse().ok()?;
    let days = match date {
        Some(d) => {
            let ymd: Vec<i64> = d
                .split('-')
                .map(|x| x.parse().ok())
                .collect::<Option<_>>()?;
            let [y, mo, da] = ymd.as_slice() else {
                return None;
            };
            // Four-digit years only (tcpdump prints them): a hostile year cannot overflow.
            if !(1..=12).contains(mo) || !(1..=31).contains(da) || !(0..=9999).contains(y) {
                return None;
            }
            days_from_civil(*y, *mo, *da)
        }
        None => 0,
    };
    // h, m, sec were checked to be small and non-negative, and days comes from a year in
    // 0..=9999: the sum is far inside i64.
    let secs = days
        .saturating_mul(86_400)
        .saturating_add(h.saturating_mul(3600))
        .saturating_add(m.saturating_mul(60))
        .saturating_add(*sec);
    Some((secs, nanos))
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's algorithm).
#[allow(
    clippy::arithmetic_side_effects,
    reason = "the caller passes a year in 0..=9999, a month in 1..=12 and a day in 1..=31, so \
              every intermediate value is below 10^8"
)]
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

fn detect_offset_style(line: &str, data: &str) -> TextFormat {
    let t = line.trim_start();
    if t.starts_with("0x") {
        return TextFormat::Tcpdump;
    }
    let first_token = tokens(data).first().map(|(_, s)| s.len()).unwrap_or(0);
    if t.split_whitespace()
        .next()
        .is_some_and(|o| o.ends_with(':'))
    {
        return TextFormat::Xxd;
    }
    if data.contains('|') {
        return TextFormat::HexdumpC;
    }
    if first_token == 4 {
        return TextFormat::Xxd;
    }
    TextFormat::OffsetDump
}

/// The bytes on one line of an offset dump. `expected` (from the next line's offset) tells how
/// many bytes a full line holds; the ASCII column found on full lines bounds the last line.
fn line_bytes(
    line: &str,
    ol: &OffsetLine,
    expected: Option<usize>,
    ascii_column: &mut Option<usize>,
    out: &mut TextImport,
) -> Vec<u8> {
    let data = line.get(ol.data_start..).unwrap_or("");
    let toks: Vec<(usize, &str)> = tokens(data)
        .into_iter()
        .map(|(c, s)| (c.saturating_add(ol.data_start), s))
        .collect();
    let mut bytes = Vec::new();
    let mut last_end = ol.data_start;
    for (idx, (col, tok)) in toks.iter().enumerate() {
        if let Some(e) = expected {
            if bytes.len() >= e {
                break;
            }
        } else if let Some(ac) = *ascii_column {
            if *col >= ac {
                break;
            }
        } else if idx > 0 {
            // No reference column yet (a one-line frame): the ASCII column starts after a gap of
            // two or more spaces at a segment that is not all hex.
            // An ASCII column has one character per byte, so a rest of exactly that length
            // after the gap is the ASCII column even when it looks like hex ("cafe").
            let gap = line.get(last_end..*col).map(|g| g.len()).unwrap_or(0);
            let rest_chars = line
                .get(*col..)
                .map(|r| r.trim_end().chars().count())
                .unwrap_or(0);
            if gap >= 2 && (!segment_is_hex(line, *col) || rest_chars == bytes.len()) {
                break;
            }
        }
        if tok.starts_with('|') {
            break;
        }
        if is_hex(tok) && tok.len() % 2 == 0 && tok.len() <= 8 {
            decode_pairs(tok, &mut bytes);
            last_end = col.saturating_add(tok.len());
        } else if expected.is_none()
            && !bytes.is_empty()
            && ascii_column.is_none_or(|ac| *col >= ac)
        {
            break; // the ASCII column of the last line (before it, a typo)
        } else {
            let token = tok.to_string();
            let why = if is_hex(tok) {
                Why::OddDigits { token }
            } else {
                Why::NotHex { token }
            };
            error(out, ol.line.saturating_add(1), column_of(line, *col), why);
            break;
        }
    }
    if expected.is_some() && ascii_column.is_none() {
        *ascii_column = Some(last_end);
    }
    bytes
}

/// The most bytes one dump line holds (`xxd -c 256`, the widest any dump tool prints).
const MAX_LINE_BYTES: usize = 256;

/// How many bytes a dump line's ASCII column (from byte `column` on) shows: one character a
/// byte, without `hexdump -C`'s bars.
fn ascii_width(line: &str, column: usize) -> Option<usize> {
    let text = line.get(column..)?.trim();
    let text = text
        .strip_prefix('|')
        .map_or(text, |t| t.strip_suffix('|').unwrap_or(t));
    Some(text.chars().count()).filter(|n| *n > 0)
}

/// True when the text from `col` to the next gap of two or more spaces is hex tokens only.
fn segment_is_hex(line: &str, col: usize) -> bool {
    let rest = line.get(col..).unwrap_or("");
    let segment = rest.split("  ").next().unwrap_or("");
    segment
        .split_whitespace()
        .all(|t| is_hex(t) && t.len() % 2 == 0)
}

// ----- plain hex ----------------------------------------------------------------------------

fn plain(text: &str, out: &mut TextImport) {
    // Blocks of consecutive non-blank lines; tcpdump-style summary lines also separate.
    let mut blocks: Vec<Vec<(usize, &str)>> = Vec::new();
    let mut current = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || is_summary_line(t) {
            if !current.is_empty() {
                blocks.push(std::mem::take(&mut current));
            }
            continue;
        }
        current.push((i, line));
    }
    if !current.is_empty() {
        blocks.push(current);
    }
    let mut saw_separators = false;
    let mut saw_stream = false;
    for block in blocks {
        // Several long single-token lines of different lengths: one hex stream per line.
        let single = block.iter().all(|(_, l)| tokens(l).len() == 1);
        let lens: Vec<usize> = block.iter().map(|(_, l)| l.trim().len()).collect();
        let wrapped = lens.len() > 1
            && lens.split_last().is_some_and(|(last, rest)| {
                lens.first()
                    .is_some_and(|first| rest.iter().all(|n| n == first) && last <= first)
            });
        // Wireshark's "Copy as Hex Stream" pasted several times gives lines of one length too:
        // a first line that already holds a whole frame (by the lengths its headers declare)
        // means one frame per line; one that does not is a frame wrapped over lines (xxd -p).
        let first_whole = single
            && block.len() > 1
            && block.first().is_some_and(|(_, l)| {
                let t = l.trim();
                let t = t
                    .strip_prefix("0x")
                    .or_else(|| t.strip_prefix("0X"))
                    .unwrap_or(t);
                let mut b = Vec::new();
                decode_pairs(t, &mut b);
                super::whole_frame(&b) == Some(true)
            });
        let per_line =
            single && block.len() > 1 && (first_whole || !wrapped && lens.iter().all(|n| *n >= 28));
        if single && block.len() > 1 && (first_whole || wrapped) {
            let n = block.len();
            let (line, _) = block.first().copied().unwrap_or_default();
            let why = if per_line {
                Why::OneFramePerLine { frames: n }
            } else {
                Why::OneFrameWrapped { lines: n }
            };
            out.problems.push(Problem {
                severity: Severity::Info,
                location: Location::Text {
                    line: line.saturating_add(1),
                    column: 1,
                },
                message: why.text(),
            });
        }
        let mut frame = Vec::new();
        let mut broken = false;
        for (ln, line) in &block {
            if broken && !per_line {
                // The frame's hex was cut by a bad character: what follows would land at the
                // wrong offsets, so it is not read (the error says so).
                break;
            }
            broken = plain_line(
                *ln,
                line,
                &mut frame,
                out,
                &mut saw_separators,
                &mut saw_stream,
            );
            if per_line && !frame.is_empty() {
                out.frames.push(std::mem::take(&mut frame));
            }
        }
        if !frame.is_empty() {
            out.frames.push(frame);
        }
    }
    out.format = Some(if saw_separators {
        TextFormat::SeparatedBytes
    } else {
        TextFormat::HexStream
    });
    refuse_if_mostly_not_hex(text, out);
}

/// The least share of a plain paste's characters that must be read as hex digits: "0x01, 0x02"
/// is a half, a clean stream nearly all; prose or random text a few percent.
const LEAST_HEX_SHARE_DIVISOR: usize = 3;
/// Below this many characters a paste is judged by its problems alone.
const LEAST_CHARACTERS_JUDGED: usize = 64;

/// Text that is mostly not hex is refused with its reason instead of becoming frames of the few
/// hex-looking pieces it happens to hold (#26: 5 MB of random text once gave "223 frames").
/// Judged on the lines the plain reader reads (not blank, `#` or tcpdump summary lines), and
/// without separators or `0x` prefixes.
fn refuse_if_mostly_not_hex(text: &str, out: &mut TextImport) {
    let mut characters: usize = 0;
    for line in text.lines() {
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') || is_summary_line(t) {
            continue;
        }
        let seps = t
            .chars()
            .filter(|c| c.is_whitespace() || matches!(c, ':' | '-' | ',' | ';'))
            .count();
        let prefixes = t
            .matches("0x")
            .count()
            .saturating_add(t.matches("0X").count());
        let read = t
            .chars()
            .count()
            .saturating_sub(seps)
            .saturating_sub(prefixes.saturating_mul(2));
        characters = characters.saturating_add(read);
    }
    let digits = out
        .frames
        .iter()
        .map(Vec::len)
        .fold(0usize, |a, n| a.saturating_add(n.saturating_mul(2)));
    if characters < LEAST_CHARACTERS_JUDGED
        || digits.saturating_mul(LEAST_HEX_SHARE_DIVISOR) >= characters
    {
        return;
    }
    let (line, column) = out
        .problems
        .iter()
        .find_map(|p| match p.location {
            Location::Text { line, column } => Some((line, column)),
            Location::File { .. } => None,
        })
        .unwrap_or((1, 1));
    out.frames.clear();
    out.problems.clear();
    error(out, line, column, Why::MostlyNotHex { digits, characters });
}

/// The link type a tcpdump summary line shows. On a Linux cooked v2 capture (what
/// `tcpdump -i any` takes on Linux) tcpdump prints the interface and the packet's direction
/// before anything else (print-sll.c: `ifb0 M   IP …`, `?     In  IP6 …`); on a v1 capture
/// with `-e`, the direction and the address (`  B 02:00:00:00:00:11 ethertype …`). Other lines
/// say nothing about the link.
pub fn summary_link(line: &str) -> Option<crate::codec::LinkType> {
    use crate::codec::LinkType;
    let direction = |w: &str| matches!(w, "In" | "Out" | "B" | "M" | "P");
    let mut words = line.split_whitespace();
    // The time, after the date when there is one.
    let first = words.next()?;
    if first.len() == 10 && first.as_bytes().get(4) == Some(&b'-') {
        words.next();
    }
    match (words.next()?, words.next()?, words.next()?) {
        (_, d, _) if direction(d) => Some(LinkType::LinuxSll2),
        (d, address, "ethertype") if direction(d) && address.contains(':') => {
            Some(LinkType::LinuxSll)
        }
        _ => None,
    }
}

/// tcpdump prints a summary line before each frame's hex (e.g. `01:47:14.710154 IP …`).
fn is_summary_line(t: &str) -> bool {
    t.contains(" > ") || t.contains(" IP ") || t.starts_with("IP ") || t.starts_with("Frame ")
}

/// Reads one line of plain hex into `frame`. Returns true when a bad character cut a stream of
/// hex digits, so that the rest of the frame must not be read.
fn plain_line(
    ln: usize,
    line: &str,
    frame: &mut Vec<u8>,
    out: &mut TextImport,
    saw_sep: &mut bool,
    saw_stream: &mut bool,
) -> bool {
    // Split on whitespace, commas, colons and dashes, remembering columns.
    let mut start: Option<usize> = None;
    let mut pieces = Vec::new();
    for (i, c) in line.char_indices() {
        let sep = c.is_whitespace() || matches!(c, ':' | '-' | ',' | ';');
        if sep {
            if c != ' ' && !c.is_whitespace() {
                *saw_sep = true;
            }
            if let Some(s) = start.take() {
                pieces.push((s, &line[s..i]));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        pieces.push((s, &line[s..]));
    }
    if pieces.len() > 1 {
        *saw_sep = true;
    }
    for (col, piece) in pieces {
        let digits = piece
            .strip_prefix("0x")
            .or_else(|| piece.strip_prefix("0X"))
            .unwrap_or(piece);
        let prefix_len = piece.len().saturating_sub(digits.len());
        if let Some(bad) = digits.bytes().position(|c| hex_value(c).is_none()) {
            let bad_col = column_of(line, col.saturating_add(prefix_len).saturating_add(bad));
            let shown: String = digits.get(bad..).unwrap_or("").chars().take(1).collect();
            if digits.len() <= 2 {
                // One separated byte: skipping it cannot shift the others.
                error(
                    out,
                    ln.saturating_add(1),
                    bad_col,
                    Why::NotHex {
                        token: piece.to_string(),
                    },
                );
                continue;
            }
            // A stream of digits: the bytes before the bad character are certain; after it the
            // pairing is not (a typo or an insertion?), so the frame stops here.
            let good = digits.get(..bad & !1).unwrap_or("");
            decode_pairs(good, frame);
            *saw_stream = true;
            error(
                out,
                ln.saturating_add(1),
                bad_col,
                Why::NotHexDigit {
                    shown,
                    kept: frame.len(),
                },
            );
            return true;
        }
        if digits.len() % 2 != 0 {
            let why = Why::OddDigitDropped {
                token: piece.to_string(),
                digits: digits.len(),
            };
            let column = column_of(line, col.saturating_add(piece.len()).saturating_sub(1));
            error(out, ln.saturating_add(1), column, why);
        }
        if digits.len() > 2 {
            *saw_stream = true;
        }
        decode_pairs(digits, frame);
    }
    false
}

#[cfg(test)]
#[allow(
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing,
    reason = "tests index fixtures they built themselves; a panic there is a failed test"
)]
mod tests {
    use super::*;

    /// #26: text that is mostly not hex is refused with its reason, not turned into frames.
    #[test]
    fn mostly_not_hex_is_refused_and_hex_with_prefixes_is_not() {
        // Random-looking text, the kind that once gave "223 frames" of garbage.
        let mut noise = String::new();
        let mut x: u32 = 12345;
        for i in 0..4000 {
            x = x.wrapping_mul(1_103_515_245).wrapping_add(12345);
            let c = char::from(b'!' + u8::try_from((x >> 16) % 94).unwrap());
            noise.push(c);
            if i % 70 == 69 {
                noise.push('\n');
            }
        }
        let r = parse(&noise);
        assert!(r.frames.is_empty(), "{} frames from noise", r.frames.len());
        assert_eq!(r.problems.len(), 1, "{:?}", r.problems);
        assert!(r.problems[0].message.en.contains("mostly not hex"));
        assert!(r.problems[0].message.ja.contains("16 進数ではありません"));
        // Prose with a few hex-looking words.
        let prose = "Please add a bad cafe to the feed, and face the dead beef at once. ".repeat(5);
        assert!(parse(&prose).frames.is_empty());
        // Separated bytes with 0x prefixes and commas are half digits and are read.
        let prefixed: Vec<String> = (0u8..64).map(|b| format!("0x{b:02x}")).collect();
        let r = parse(&prefixed.join(", "));
        assert_eq!(r.frames, vec![(0u8..64).collect::<Vec<u8>>()]);
        // A stream with one typo keeps what it read before it.
        let typo = format!("{}zz{}", "01".repeat(40), "02".repeat(40));
        let r = parse(&typo);
        assert_eq!(r.frames, vec![vec![1u8; 40]]);
    }

    /// #29: full-width hex typed with a Japanese input method reads as its ASCII twin, and a
    /// bad character is still named at its own column.
    #[test]
    fn full_width_hex_is_read_as_ascii() {
        let r = parse("０１　００　５ｅ　７Ｆ");
        assert_eq!(r.frames, vec![vec![0x01, 0x00, 0x5e, 0x7f]]);
        let r = parse("０１　ｚｚ");
        assert_eq!(
            r.problems.first().map(|p| p.location.clone()),
            Some(Location::Text { line: 1, column: 4 })
        );
    }

    /// #26: a pasted frame longer than the largest IPv4 datagram is cut there, with a message.
    #[test]
    fn frames_longer_than_65535_bytes_are_cut_with_a_message() {
        let r = parse(&"ab".repeat(70_000));
        assert_eq!(r.frames.len(), 1);
        assert_eq!(r.frames[0].len(), MAX_PASTED_FRAME);
        assert!(r
            .problems
            .iter()
            .any(|p| p.message.en.contains("Frame 1 is 70000 bytes long")));
        let ok = parse(&"ab".repeat(MAX_PASTED_FRAME));
        assert_eq!(ok.frames[0].len(), MAX_PASTED_FRAME);
        assert!(ok.problems.is_empty(), "{:?}", ok.problems);
    }

    fn hex(b: &[u8]) -> String {
        b.iter().map(|x| format!("{x:02x}")).collect()
    }

    #[test]
    fn stream_with_and_without_prefix() {
        assert_eq!(parse("0x01005e").frames, vec![vec![1, 0, 0x5e]]);
        assert_eq!(parse("01:00:5E").frames, vec![vec![1, 0, 0x5e]]);
        assert_eq!(
            parse("01-00-5e\n\n02 03").frames,
            vec![vec![1, 0, 0x5e], vec![2, 3]]
        );
    }

    #[test]
    fn garbage_names_line_and_column() {
        let r = parse("01 02\n03 zz 04");
        let p = r
            .problems
            .iter()
            .find(|p| p.severity == Severity::Error)
            .expect("an error");
        assert_eq!(p.location, Location::Text { line: 2, column: 4 });
        assert_eq!(r.frames, vec![vec![1, 2, 3, 4]]);
    }

    #[test]
    fn a_bad_character_in_a_long_stream_is_named_at_its_column() {
        let mut text = "ab".repeat(1_000_000);
        text.insert(1_000_001, 'g');
        let r = parse(&text);
        let errors: Vec<_> = r
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1);
        assert_eq!(
            errors[0].location,
            Location::Text {
                line: 1,
                column: 1_000_002
            }
        );
        // The 500 000 bytes before it are read, cut at the largest IPv4 datagram with a
        // warning; nothing after the bad character is guessed.
        assert_eq!(r.frames, vec![vec![0xab; MAX_PASTED_FRAME]]);
        assert!(r
            .problems
            .iter()
            .any(|p| p.severity == Severity::Warning && p.message.en.contains("500000 bytes")));
        let r = parse("01005e00\n000000zz0102\n0304");
        assert_eq!(r.frames, vec![vec![1, 0, 0x5e, 0, 0, 0, 0]]);
    }

    #[test]
    fn tcpdump_verbose_dumps_take_their_time_from_the_first_summary_line() {
        let text = "01:46:53.702138 IP (tos 0xc0, ttl 1, id 0, offset 0, flags [DF], proto IGMP (2), length 24, options (RA))\n    10.0.0.11 > 224.0.0.22: igmp v2 report 239.1.1.1\n\t0x0000:  4600 0018\n";
        let r = parse(text);
        assert_eq!(r.frames, vec![vec![0x46, 0, 0, 0x18]]);
        assert_eq!(r.timestamps, vec![Some((6413, 702_138_000))]);
    }

    #[test]
    fn array_literals_report_what_is_not_a_byte() {
        let r = parse("let p: [u8; 3] = [0x01, /* two */ 0x02, 0x03]; // done");
        assert_eq!(r.frames, vec![vec![1, 2, 3]]);
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let r = parse("{0x01, 22, 0x03}\nchar x[] = {0x04 $}");
        assert_eq!(r.frames, vec![vec![1, 3], vec![4]]);
        let places: Vec<_> = r.problems.iter().map(|p| p.location.clone()).collect();
        assert_eq!(
            places,
            vec![
                Location::Text { line: 1, column: 8 },
                Location::Text {
                    line: 2,
                    column: 18
                }
            ]
        );
    }

    #[test]
    fn odd_digits_are_reported() {
        let r = parse("01005");
        assert!(r.problems.iter().any(|p| p.message.en.contains("odd")));
        assert_eq!(hex(&r.frames[0]), "0100");
    }

    #[test]
    fn ascii_column_with_hex_looking_letters_is_not_read_as_bytes() {
        let text = "0000  ca fe 00 01  cafe\n";
        assert_eq!(parse(text).frames, vec![vec![0xca, 0xfe, 0, 1]]);
    }

    #[test]
    fn two_tcpdump_frames() {
        let text = "12:00:00.000 IP 1.1.1.1 > 2.2.2.2: igmp\n\t0x0000:  0100 5e00\n12:00:01.000 IP 1.1.1.1 > 2.2.2.2: igmp\n\t0x0000:  0200 5e";
        let r = parse(text);
        assert_eq!(r.frames, vec![vec![1, 0, 0x5e, 0], vec![2, 0, 0x5e]]);
        assert_eq!(r.format, Some(TextFormat::Tcpdump));
    }

    #[test]
    fn scapy_hexdump_and_tcpdump_ascii_forms() {
        let scapy = "0000  01 00 5E 00 00 01 02 00 00 00 00 01 08 00 46 C0  ..^...........F.\n0010  00 20 41 42                                      . AB\n";
        let r = parse(scapy);
        assert_eq!(r.frames.len(), 1, "{:?}", r.problems);
        assert_eq!(r.frames[0].len(), 20);
        let tcpdump_x = "12:00:00.000000 IP 10.0.0.1 > 224.0.0.1: igmp query v2\n\t0x0000:  4600 0020 0000 4000 0102 0000 0a00 0001  F.......@.......\n\t0x0010:  e000 0001                                ....\n";
        let r = parse(tcpdump_x);
        assert_eq!(r.format, Some(TextFormat::Tcpdump));
        assert_eq!(
            hex(&r.frames[0]),
            "4600002000004000010200000a000001e0000001"
        );
    }

    #[test]
    fn python_bytes_literal() {
        let r = parse("b\"\\x01\\x00\\x5e\" b'\\xff'");
        assert_eq!(r.frames, vec![vec![1, 0, 0x5e, 0xff]]);
        assert_eq!(r.format, Some(TextFormat::PythonBytes));
    }

    /// What tcpdump prints before the protocol on a cooked capture (print-sll.c), and lines
    /// that look alike but are not.
    #[test]
    fn summary_lines_name_cooked_links() {
        use crate::codec::LinkType::{LinuxSll, LinuxSll2};
        let cases = [
            (
                "22:13:20.000000 ?     M   IP6 fe80::11 > ff02::16: HBH ICMP6",
                Some(LinuxSll2),
            ),
            (
                "2024-01-02 01:02:03.000004 ifb0 In  IP 10.0.0.1 > 224.0.0.22: igmp",
                Some(LinuxSll2),
            ),
            (
                "22:13:20.000000 ?     B   ifindex 4242 02:00:00:00:00:11 ethertype ARP",
                Some(LinuxSll2),
            ),
            (
                "22:13:21.001000   B 02:00:00:00:00:11 ethertype IPv4 (0x0800), length 48:",
                Some(LinuxSll),
            ),
            (
                "22:13:20.000000 IP 10.0.0.11 > 239.1.2.3: igmp v2 report 239.1.2.3",
                None,
            ),
            (
                "22:13:20.000000 02:00:00:00:00:11 > 01:00:5e:01:02:03, ethertype IPv4",
                None,
            ),
            (
                "22:13:20.000000 ARP, Request who-has 10.0.0.1 tell 10.0.0.11",
                None,
            ),
        ];
        for (line, want) in cases {
            assert_eq!(summary_link(line), want, "{line}");
        }
    }

    #[test]
    fn tcpdump_summary_times_become_frame_times() {
        assert_eq!(
            tcpdump_time("2009-02-24 10:21:47.698870 IP x"),
            Some((1_235_470_907, 698_870_000))
        );
        assert_eq!(
            tcpdump_time("01:47:14.710154 IP x"),
            Some((6434, 710_154_000))
        );
        assert_eq!(tcpdump_time("IP 1.2.3.4 > 5.6.7.8"), None);
        let r =
            parse("2009-02-24 10:21:47.698870 IP 1.1.1.1 > 2.2.2.2: igmp\n\t0x0000:  0100 5e00\n");
        assert_eq!(r.timestamps, vec![Some((1_235_470_907, 698_870_000))]);
    }

    #[test]
    fn a_stray_line_in_an_offset_dump_is_an_error_with_its_place() {
        let r = parse("0000  01 02\n   hello\n0000  03 04\n");
        let errors: Vec<_> = r
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .collect();
        assert_eq!(errors.len(), 1, "{:?}", r.problems);
        assert_eq!(errors[0].location, Location::Text { line: 2, column: 4 });
        assert_eq!(r.frames, vec![vec![1, 2], vec![3, 4]]);
    }

    #[test]
    fn backwards_offset_warns() {
        let r = parse("0000 01 02\n0010 03\n0008 04\n");
        assert!(
            r.problems
                .iter()
                .any(|p| p.message.en.contains("backwards")),
            "{:?}",
            r.problems
        );
    }
}
