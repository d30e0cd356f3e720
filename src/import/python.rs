//! Python source → frames: bytes literals exactly as Python reads them.
//!
//! What people paste from Python and Scapy: `repr(data)` / `bytes(pkt)` (`b'\x01\x00^\x00…'`,
//! printable bytes as characters, `\n \r \t \\ \'` escapes), `b"…"`, raw and triple-quoted
//! literals, implicit and `+` concatenation, `bytes.fromhex('01 00 5e …')`, and calls such as
//! `Ether(b'…')` or `raw(…)` around them, with `>>>` prompts and `#` comments.
//!
//! Frames: literals joined by whitespace, `+` or a line continuation (inside brackets, newlines
//! too) make one frame; a newline outside brackets, a comma or a closing `]` ends it.
//!
//! Every character is either explained as Python or reported as an error with its line and
//! column; nothing is skipped silently.

use super::hexdump::{error, hex_value, warning, TextImport};
use super::{TextFormat, Why};

/// True when the text reads as Python: a line (after a `>>>`/`...` prompt) that starts with a
/// bytes literal, an assignment or call whose argument is one, or a `fromhex(` call.
pub fn looks_like_python(text: &str) -> bool {
    text.lines().any(|line| {
        let t = strip_prompt(line.trim_start()).trim_start();
        if t.contains("fromhex(")
            || line.trim_start().starts_with(">>>") && t.trim_end().ends_with(".hex()")
        {
            return true;
        }
        // Skip `name = ` and `Name(` prefixes, then expect a literal prefix and a quote.
        let mut rest = t;
        loop {
            let ident = rest
                .bytes()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == b'_' || *c == b'.')
                .count();
            let after = rest.get(ident..).unwrap_or("").trim_start();
            if let Some(r) = after
                .strip_prefix('(')
                .or_else(|| after.strip_prefix('['))
                .or_else(|| after.strip_prefix('=').filter(|r| !r.starts_with('=')))
            {
                if ident == 0 && after.starts_with('=') {
                    return false;
                }
                rest = r.trim_start();
                continue;
            }
            let word = rest.get(..ident).unwrap_or("");
            let quote = after.starts_with('\'') || after.starts_with('"');
            // Only a bytes prefix (b, rb, br) or a quote with escapes: a bare `'` in prose is not.
            return quote
                && after.len() == rest.len().saturating_sub(ident)
                && (matches!(word.to_ascii_lowercase().as_str(), "b" | "rb" | "br")
                    || (ident == 0 && t.contains("\\x")));
        }
    })
}

fn strip_prompt(t: &str) -> &str {
    for prompt in [">>> ", "... "] {
        if let Some(r) = t.strip_prefix(prompt) {
            return r;
        }
    }
    if t == ">>>" || t == "..." {
        return "";
    }
    t
}

/// A reader over the text that knows its 1-based line and column (in characters).
struct Scan<'a> {
    text: &'a str,
    pos: usize,
    line: usize,
    column: usize,
}

impl<'a> Scan<'a> {
    fn peek(&self) -> Option<char> {
        self.text.get(self.pos..).and_then(|r| r.chars().next())
    }

    fn peek_at(&self, n: usize) -> Option<char> {
        self.text.get(self.pos..).and_then(|r| r.chars().nth(n))
    }

    fn rest(&self) -> &'a str {
        self.text.get(self.pos..).unwrap_or("")
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.pos = self.pos.saturating_add(c.len_utf8());
        if c == '\n' {
            self.line = self.line.saturating_add(1);
            self.column = 1;
        } else {
            self.column = self.column.saturating_add(1);
        }
        Some(c)
    }
}

/// Where the reader is between literals.
struct Statement {
    frame: Vec<u8>,
    depth: usize,
    /// A `+` or a `\` at the end of the line continues the expression on the next line.
    continued: bool,
    /// The last token was an identifier ending in `fromhex`; a `(` after it opens its argument.
    after_fromhex: bool,
    /// The next string literal is the argument of `fromhex(`.
    fromhex_argument: bool,
}

impl Statement {
    fn flush(&mut self, out: &mut TextImport) {
        if !self.frame.is_empty() {
            out.frames.push(std::mem::take(&mut self.frame));
        }
    }
}

pub fn python_source(text: &str, out: &mut TextImport) {
    out.format = Some(TextFormat::PythonBytes);
    let mut s = Scan {
        text,
        pos: 0,
        line: 1,
        column: 1,
    };
    let mut st = Statement {
        frame: Vec::new(),
        depth: 0,
        continued: false,
        after_fromhex: false,
        fromhex_argument: false,
    };
    let mut at_line_start = true;
    // In a `>>>` session: whether this line is typed input (its str literals are arguments such
    // as file names, not frames), and whether the line before asked for `.hex()` (this line's
    // str literal is then its hex).
    let mut prompt_line = false;
    let mut hex_output = false;
    while let Some(c) = s.peek() {
        if at_line_start {
            at_line_start = false;
            let line_text = s.rest().lines().next().unwrap_or("");
            let typed = strip_prompt(line_text.trim_start());
            let was_prompt = prompt_line;
            let asked_hex = was_prompt && hex_output;
            prompt_line = typed.len() != line_text.trim_start().len();
            hex_output = if prompt_line {
                typed.trim_end().ends_with(".hex()")
            } else {
                asked_hex
            };
            let t = s.rest();
            let indent = t
                .len()
                .saturating_sub(t.trim_start_matches([' ', '\t']).len());
            for _ in 0..indent {
                s.bump();
            }
            for prompt in [">>>", "..."] {
                if s.rest().starts_with(prompt)
                    && matches!(s.peek_at(3), None | Some(' ' | '\n' | '\r'))
                {
                    for _ in 0..3 {
                        s.bump();
                    }
                }
            }
            continue;
        }
        let after_fromhex = std::mem::take(&mut st.after_fromhex);
        match c {
            '\n' => {
                s.bump();
                at_line_start = true;
                if st.depth == 0 && !st.continued {
                    st.flush(out);
                }
                st.continued = false;
            }
            c if c.is_whitespace() => {
                s.bump();
                st.after_fromhex = after_fromhex;
            }
            '#' => {
                while s.peek().is_some_and(|c| c != '\n') {
                    s.bump();
                }
            }
            '\\' if matches!(s.peek_at(1), Some('\n')) || s.rest().starts_with("\\\r\n") => {
                s.bump();
                st.continued = true;
            }
            '\\' if s.peek_at(1) == Some('x') => {
                // Escapes outside quotes: `\x01\x00…` as printed by shells and some tools.
                escaped_run(&mut s, &mut st.frame, out);
            }
            '(' | '[' => {
                s.bump();
                st.depth = st.depth.saturating_add(1);
                if c == '(' {
                    st.fromhex_argument = after_fromhex;
                }
            }
            ')' | ']' => {
                s.bump();
                st.depth = st.depth.saturating_sub(1);
                if c == ')' {
                    st.fromhex_argument = false;
                } else {
                    // A list of literals: each item is a frame.
                    st.flush(out);
                }
            }
            ',' | ';' => {
                s.bump();
                st.flush(out);
            }
            '+' => {
                s.bump();
                st.continued = true;
            }
            '=' | ':' | '.' => {
                s.bump();
            }
            '\'' | '"' if prompt_line => {
                // Typed input (`rdpcap('file.pcap')`): an argument, not bytes.
                let mut ignored = TextImport::default();
                literal(&mut s, "", false, &mut Vec::new(), &mut ignored);
            }
            '\'' | '"' => {
                let fromhex = std::mem::take(&mut st.fromhex_argument) || hex_output;
                literal(&mut s, "", fromhex, &mut st.frame, out);
            }
            c if c.is_ascii_alphabetic() || c == '_' => {
                let start = s.pos;
                while s
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    s.bump();
                }
                let word = text.get(start..s.pos).unwrap_or("");
                let prefix = word.to_ascii_lowercase();
                let is_prefix = matches!(prefix.as_str(), "b" | "rb" | "br" | "r" | "u");
                if is_prefix && matches!(s.peek(), Some('\'' | '"')) {
                    let fromhex = std::mem::take(&mut st.fromhex_argument);
                    literal(&mut s, &prefix, fromhex, &mut st.frame, out);
                } else {
                    st.after_fromhex = word == "fromhex";
                }
            }
            c if c.is_ascii_digit() => {
                // A number argument (`Ether(b'…', 0)` is unusual, but it is Python): explained.
                while s
                    .peek()
                    .is_some_and(|c| c.is_ascii_alphanumeric() || c == '_')
                {
                    s.bump();
                }
            }
            other => {
                error(out, s.line, s.column, Why::NotPython { ch: other });
                s.bump();
            }
        }
    }
    st.flush(out);
}

/// `\x01\x00…` outside quotes, up to the next character that is not such an escape.
fn escaped_run(s: &mut Scan, frame: &mut Vec<u8>, out: &mut TextImport) {
    while s.peek() == Some('\\') && s.peek_at(1) == Some('x') {
        let (line, column) = (s.line, s.column);
        s.bump();
        s.bump();
        match two_hex_digits(s) {
            Some(b) => frame.push(b),
            None => error(out, line, column, Why::BadHexEscape),
        }
    }
}

fn two_hex_digits(s: &mut Scan) -> Option<u8> {
    let hi = s
        .peek()
        .and_then(|c| u8::try_from(c).ok())
        .and_then(hex_value)?;
    let lo = s
        .peek_at(1)
        .and_then(|c| u8::try_from(c).ok())
        .and_then(hex_value)?;
    s.bump();
    s.bump();
    Some(hi << 4 | lo)
}

/// One string literal, the scanner on its opening quote. `prefix` is lower case.
/// Python's rules (Language Reference §2.4.1): in a bytes literal only ASCII characters may
/// appear; escapes `\\ \' \" \a \b \f \n \r \t \v \ooo \xhh` and `\` + newline; an unknown escape
/// keeps its backslash. In a raw literal nothing is an escape.
fn literal(s: &mut Scan, prefix: &str, fromhex: bool, frame: &mut Vec<u8>, out: &mut TextImport) {
    let (line, column) = (s.line, s.column);
    let Some(quote) = s.bump() else { return };
    let triple = s.peek() == Some(quote) && s.peek_at(1) == Some(quote);
    if triple {
        s.bump();
        s.bump();
    } else if s.peek() == Some(quote) {
        // `b''`: an empty literal.
        s.bump();
        return;
    }
    let raw = prefix.contains('r');
    let bytes_literal = prefix.contains('b');
    // fromhex's argument: the characters with their places, decoded after the closing quote.
    let mut hex_text: Vec<(u8, usize, usize)> = Vec::new();
    let mut push = |b: u8, l: usize, c: usize, frame: &mut Vec<u8>| {
        if fromhex {
            hex_text.push((b, l, c));
        } else {
            frame.push(b);
        }
    };
    loop {
        let (l, col) = (s.line, s.column);
        let Some(c) = s.peek() else {
            error(out, line, column, Why::LiteralNotClosed);
            break;
        };
        if c == '\n' && !triple {
            error(out, line, column, Why::LiteralEndsWithLine);
            break;
        }
        s.bump();
        if c == quote {
            if !triple {
                break;
            }
            if s.peek() == Some(quote) && s.peek_at(1) == Some(quote) {
                s.bump();
                s.bump();
                break;
            }
        }
        if !c.is_ascii() {
            let why = if bytes_literal {
                Why::NonAsciiInBytes { ch: c }
            } else {
                Why::NonAsciiChar { ch: c }
            };
            error(out, l, col, why);
            continue;
        }
        let Ok(b) = u8::try_from(c) else { continue };
        if c != '\\' {
            push(b, l, col, frame);
            continue;
        }
        if raw {
            // In a raw literal a backslash stays, and protects the quote after it.
            push(b'\\', l, col, frame);
            if let Some(next) = s.peek().filter(|n| *n == quote || *n == '\\') {
                s.bump();
                push(u8::try_from(next).unwrap_or(b'\\'), l, col, frame);
            }
            continue;
        }
        let Some(e) = s.peek() else { continue };
        let simple = match e {
            '\\' => Some(b'\\'),
            '\'' => Some(b'\''),
            '"' => Some(b'"'),
            'a' => Some(0x07),
            'b' => Some(0x08),
            'f' => Some(0x0c),
            'n' => Some(b'\n'),
            'r' => Some(b'\r'),
            't' => Some(b'\t'),
            'v' => Some(0x0b),
            _ => None,
        };
        if let Some(v) = simple {
            s.bump();
            push(v, l, col, frame);
        } else if e == '\n' {
            s.bump();
        } else if e == 'x' {
            s.bump();
            match two_hex_digits(s) {
                Some(v) => push(v, l, col, frame),
                None => error(out, l, col, Why::BadHexEscape),
            }
        } else if e.is_digit(8) {
            let mut value: u32 = 0;
            for _ in 0..3 {
                match s.peek().and_then(|d| d.to_digit(8)) {
                    Some(d) => {
                        value = value.saturating_mul(8).saturating_add(d);
                        s.bump();
                    }
                    None => break,
                }
            }
            match u8::try_from(value) {
                Ok(v) => push(v, l, col, frame),
                Err(_) => error(out, l, col, Why::OctalTooBig { value }),
            }
        } else {
            // Python keeps an unknown escape as it is (and warns): so do we.
            warning(out, l, col, Why::UnknownEscape { ch: e });
            push(b'\\', l, col, frame);
        }
    }
    if fromhex {
        from_hex(&hex_text, frame, out);
    }
}

/// `bytes.fromhex`: pairs of hex digits, ASCII whitespace allowed between pairs (Python 3.7+).
fn from_hex(chars: &[(u8, usize, usize)], frame: &mut Vec<u8>, out: &mut TextImport) {
    let mut it = chars.iter().peekable();
    while let Some(&(c, line, column)) = it.next() {
        if c.is_ascii_whitespace() {
            continue;
        }
        let hi = hex_value(c);
        let lo = it.peek().and_then(|(d, _, _)| hex_value(*d));
        match (hi, lo) {
            (Some(h), Some(l)) => {
                it.next();
                frame.push(h << 4 | l);
            }
            _ => {
                let (bad_line, bad_column) = if hi.is_none() {
                    (line, column)
                } else {
                    it.peek().map_or((line, column), |(_, l, c)| (*l, *c))
                };
                error(out, bad_line, bad_column, Why::FromHexPairs);
                return;
            }
        }
    }
}

#[cfg(test)]
#[allow(
    clippy::indexing_slicing,
    reason = "tests index fixtures they built themselves; a panic there is a failed test"
)]
mod tests {
    use super::super::hexdump::parse;
    use crate::codec::Severity;
    use crate::import::Location;

    fn errors(text: &str) -> Vec<(usize, usize)> {
        parse(text)
            .problems
            .iter()
            .filter(|p| p.severity == Severity::Error)
            .filter_map(|p| match p.location {
                Location::Text { line, column } => Some((line, column)),
                Location::File { .. } => None,
            })
            .collect()
    }

    #[test]
    fn printable_bytes_and_escapes_are_read_as_python_does() {
        let r = parse(r#"b'\x01\x00^\x00F\xc0\x000"\'\\\n\r\t\a\b\f\v\0\101A'"#);
        assert_eq!(
            r.frames,
            vec![vec![
                1, 0, b'^', 0, b'F', 0xc0, 0, b'0', b'"', b'\'', b'\\', 10, 13, 9, 7, 8, 12, 11, 0,
                b'A', b'A'
            ]]
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
    }

    #[test]
    fn concatenation_calls_lists_and_fromhex() {
        let r = parse("pkt = Ether(b'\\x01' b\"\\x02\" +\n  b'\\x03')\nbytes.fromhex('0a 0B0c')\n[b'a', b'b']");
        assert_eq!(
            r.frames,
            vec![vec![1, 2, 3], vec![10, 11, 12], vec![b'a'], vec![b'b']]
        );
        assert!(r.problems.is_empty(), "{:?}", r.problems);
        let r = parse(">>> bytes(pkt)\nb'AB'\n>>> raw(p)\n(b'C'\n b'D')");
        assert_eq!(r.frames, vec![b"AB".to_vec(), b"CD".to_vec()]);
    }

    #[test]
    fn raw_and_triple_quoted_literals() {
        let r = parse("rb'\\x01'\nb'''a\nb'''");
        assert_eq!(r.frames, vec![b"\\x01".to_vec(), b"a\nb".to_vec()]);
    }

    #[test]
    fn unexplained_characters_are_errors_with_their_place() {
        assert_eq!(errors("b'\\x01' $ b'\\x02'"), vec![(1, 9)]);
        assert_eq!(errors("b'\\x0g'"), vec![(1, 3)]);
        assert_eq!(errors("b'é'"), vec![(1, 3)]);
        assert_eq!(errors("bytes.fromhex('01 0z')"), vec![(1, 20)]);
        assert_eq!(errors("b'\\x01"), vec![(1, 2)]);
        let r = parse("b'\\x01\\x02' ; b'\\x03'");
        assert_eq!(r.frames, vec![vec![1, 2], vec![3]]);
    }

    #[test]
    fn detection() {
        assert!(super::looks_like_python("b'AB'"));
        assert!(super::looks_like_python("x = Ether(b\"\\x01\")"));
        assert!(super::looks_like_python(">>> bytes.fromhex('01')"));
        assert!(!super::looks_like_python("0000  62 27 41 42  b'AB"));
        assert!(!super::looks_like_python("01 00 5e 00"));
    }
}
