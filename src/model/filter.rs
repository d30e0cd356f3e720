//! The packet-list filter: Wireshark display-filter syntax over the workbench's field ids, and
//! the quick words that came before it.
//!
//! Display filters (a subset of Wireshark's, with its meanings):
//! - a field or protocol alone tests that it is present: `igmp`, `arp`, `udp`, `igmp.saddr`;
//! - comparisons `==` `!=` `>` `<` `>=` `<=` (or `eq ne gt lt ge le`) and `contains`, against
//!   numbers (`22`, `0x16`), IPv4 addresses, byte strings (`01:00:5e:01:02:03`) or "text";
//! - `!`/`not`, `&&`/`and`, `||`/`or`, parentheses.
//!
//! A field may occur many times (the group of every record of a v3 report): a comparison holds
//! when any occurrence satisfies it, except `!=`, which holds when the field is present and no
//! occurrence equals the value (Wireshark ≥ 3.6). Numeric values are the field's bytes under its
//! bit mask, scaled as Wireshark shows them (header lengths in bytes, fragment offset in bytes).
//!
//! Quick words (kept from the first version): every word must match; `problems` keeps frames
//! with warnings or errors, `v1`/`v2`/`v3` the version, a whole IPv4 address any group, source or
//! destination of the frame, anything else part of the message kind or of an address.

use std::net::Ipv4Addr;

use crate::codec::field_ids::is_field_id;
use crate::codec::{Dissection, Field, Text};

/// A filter as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub enum Filter {
    /// Nothing typed: every frame.
    #[default]
    All,
    Quick(Vec<QuickWord>),
    Display(Expr),
}

#[derive(Clone, Debug, PartialEq)]
pub enum QuickWord {
    Problems,
    Version(u8),
    Address(Ipv4Addr),
    Word(String),
}

/// A filter that does not parse: where (1-based column, in characters) and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FilterError {
    pub column: usize,
    pub message: Text,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    Or(Vec<Expr>),
    And(Vec<Expr>),
    Not(Box<Expr>),
    /// `frame` (always true), a protocol or a field.
    Present(String),
    Compare {
        field: String,
        op: Op,
        value: Value,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Eq,
    Ne,
    Gt,
    Lt,
    Ge,
    Le,
    Contains,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(u64),
    Ipv4(Ipv4Addr),
    Bytes(Vec<u8>),
    Text(String),
}

/// Deeper nesting than this is refused: a pasted or shared filter cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

const KEYWORDS: [&str; 10] = [
    "and", "or", "not", "contains", "eq", "ne", "gt", "lt", "ge", "le",
];

/// Reads what the user typed. Text with an operator, a keyword or a leading field name is a
/// display filter (and may be invalid); other text is quick words.
pub fn compile(text: &str) -> Result<Filter, FilterError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Filter::All);
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    let display = trimmed.contains(['=', '!', '<', '>', '&', '|', '(', ')', '"'])
        || trimmed
            .split_whitespace()
            .any(|w| KEYWORDS.contains(&w.to_ascii_lowercase().as_str()))
        || first == "frame"
        || is_field_id(first);
    if display {
        Parser::new(text).parse().map(Filter::Display)
    } else {
        Ok(Filter::Quick(
            trimmed
                .split_whitespace()
                .map(|w| {
                    let lower = w.to_lowercase();
                    match lower.as_str() {
                        "problems" | "problem" | "問題" | "errors" => QuickWord::Problems,
                        "v1" => QuickWord::Version(1),
                        "v2" => QuickWord::Version(2),
                        "v3" => QuickWord::Version(3),
                        _ => match lower.parse::<Ipv4Addr>() {
                            Ok(a) => QuickWord::Address(a),
                            Err(_) => QuickWord::Word(lower),
                        },
                    }
                })
                .collect(),
        ))
    }
}

// ----- lexer and parser ----------------------------------------------------------------------

#[derive(Clone, Debug, PartialEq)]
enum Token {
    Open,
    Close,
    Not,
    And,
    Or,
    Rel(Op),
    /// A bare word: a field name or an unquoted value.
    Word(String),
    Quoted(String),
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    /// Column just past the end of the text, for "expected … here" at the end.
    end_column: usize,
    lex_error: Option<FilterError>,
}

fn error(column: usize, en: String, ja: String) -> FilterError {
    FilterError {
        column,
        message: Text { en, ja },
    }
}

impl Parser {
    fn new(text: &str) -> Self {
        let chars: Vec<char> = text.chars().collect();
        let mut tokens = Vec::new();
        let mut lex_error = None;
        let mut i = 0;
        while let Some(&c) = chars.get(i) {
            let column = i.saturating_add(1);
            let next = chars.get(i.saturating_add(1)).copied();
            let two = |a: char, b: char| c == a && next == Some(b);
            let (token, width) = if c.is_whitespace() {
                i = i.saturating_add(1);
                continue;
            } else if c == '(' {
                (Token::Open, 1)
            } else if c == ')' {
                (Token::Close, 1)
            } else if two('=', '=') {
                (Token::Rel(Op::Eq), 2)
            } else if two('!', '=') {
                (Token::Rel(Op::Ne), 2)
            } else if two('>', '=') {
                (Token::Rel(Op::Ge), 2)
            } else if two('<', '=') {
                (Token::Rel(Op::Le), 2)
            } else if two('&', '&') {
                (Token::And, 2)
            } else if two('|', '|') {
                (Token::Or, 2)
            } else if c == '>' {
                (Token::Rel(Op::Gt), 1)
            } else if c == '<' {
                (Token::Rel(Op::Lt), 1)
            } else if c == '!' {
                (Token::Not, 1)
            } else if c == '"' {
                let mut s = String::new();
                let mut j = i.saturating_add(1);
                let mut closed = false;
                while let Some(&d) = chars.get(j) {
                    j = j.saturating_add(1);
                    match d {
                        '"' => {
                            closed = true;
                            break;
                        }
                        '\\' => {
                            if let Some(&e) = chars.get(j) {
                                s.push(e);
                                j = j.saturating_add(1);
                            }
                        }
                        _ => s.push(d),
                    }
                }
                if !closed && lex_error.is_none() {
                    lex_error = Some(error(
                        column,
                        "This string has no closing quote.".into(),
                        "この文字列には閉じ引用符がありません。".into(),
                    ));
                }
                tokens.push((column, Token::Quoted(s)));
                i = j;
                continue;
            } else if c == '=' || c == '&' || c == '|' {
                if lex_error.is_none() {
                    lex_error = Some(error(
                        column,
                        format!("{c:?} alone is not an operator: write {c}{c}."),
                        format!("{c:?} 単独は演算子ではありません。{c}{c} と書きます。"),
                    ));
                }
                (Token::Word(c.to_string()), 1)
            } else {
                let mut j = i;
                let mut word = String::new();
                while let Some(&d) = chars.get(j) {
                    if d.is_whitespace() || "()=!<>&|\"".contains(d) {
                        break;
                    }
                    word.push(d);
                    j = j.saturating_add(1);
                }
                let token = match word.to_ascii_lowercase().as_str() {
                    "and" => Token::And,
                    "or" => Token::Or,
                    "not" => Token::Not,
                    "eq" => Token::Rel(Op::Eq),
                    "ne" => Token::Rel(Op::Ne),
                    "gt" => Token::Rel(Op::Gt),
                    "lt" => Token::Rel(Op::Lt),
                    "ge" => Token::Rel(Op::Ge),
                    "le" => Token::Rel(Op::Le),
                    "contains" => Token::Rel(Op::Contains),
                    _ => Token::Word(word),
                };
                tokens.push((column, token));
                i = j;
                continue;
            };
            tokens.push((column, token));
            i = i.saturating_add(width);
        }
        Parser {
            tokens,
            pos: 0,
            end_column: chars.len().saturating_add(1),
            lex_error,
        }
    }

    fn peek(&self) -> Option<&(usize, Token)> {
        self.tokens.get(self.pos)
    }

    fn column(&self) -> usize {
        self.peek().map_or(self.end_column, |(c, _)| *c)
    }

    fn parse(mut self) -> Result<Expr, FilterError> {
        if let Some(e) = self.lex_error.take() {
            return Err(e);
        }
        let expr = self.or(0)?;
        match self.peek() {
            None => Ok(expr),
            Some((column, token)) => Err(error(
                *column,
                format!(
                    "{} was not expected here: join conditions with && or ||.",
                    describe(token)
                ),
                format!(
                    "{} はここに置けません。条件は && か || でつなぎます。",
                    describe(token)
                ),
            )),
        }
    }

    fn or(&mut self, depth: usize) -> Result<Expr, FilterError> {
        self.chain(depth, &Token::Or, Self::and, Expr::Or)
    }

    fn and(&mut self, depth: usize) -> Result<Expr, FilterError> {
        self.chain(depth, &Token::And, Self::unary, Expr::And)
    }

    /// `part (joiner part)*`, one part alone as itself.
    fn chain(
        &mut self,
        depth: usize,
        joiner: &Token,
        part: fn(&mut Self, usize) -> Result<Expr, FilterError>,
        join: fn(Vec<Expr>) -> Expr,
    ) -> Result<Expr, FilterError> {
        let mut parts = vec![part(self, depth)?];
        while self.peek().is_some_and(|(_, t)| t == joiner) {
            self.pos = self.pos.saturating_add(1);
            parts.push(part(self, depth)?);
        }
        Ok(if parts.len() == 1 {
            parts.remove(0)
        } else {
            join(parts)
        })
    }

    fn unary(&mut self, depth: usize) -> Result<Expr, FilterError> {
        if depth >= MAX_DEPTH {
            return Err(error(
                self.column(),
                format!("The filter nests deeper than {MAX_DEPTH} levels."),
                format!("フィルタの入れ子が {MAX_DEPTH} 段を超えています。"),
            ));
        }
        let column = self.column();
        let Some((_, token)) = self.peek().cloned() else {
            return Err(error(
                column,
                "A field, a protocol or ( is expected here.".into(),
                "ここにはフィールド、プロトコル、または ( が必要です。".into(),
            ));
        };
        self.pos = self.pos.saturating_add(1);
        match token {
            Token::Not => Ok(Expr::Not(Box::new(self.unary(depth.saturating_add(1))?))),
            Token::Open => {
                let inner = self.or(depth.saturating_add(1))?;
                match self.peek() {
                    Some((_, Token::Close)) => {
                        self.pos = self.pos.saturating_add(1);
                        Ok(inner)
                    }
                    _ => Err(error(
                        self.column(),
                        format!("The ( at column {column} is not closed: ) is expected here."),
                        format!("{column} 列目の ( が閉じていません。ここに ) が必要です。"),
                    )),
                }
            }
            Token::Word(name) => {
                if name != "frame" && !is_field_id(&name) {
                    return Err(error(
                        column,
                        format!("\"{name}\" is neither a field nor a protocol."),
                        format!("\"{name}\" はフィールドでもプロトコルでもありません。"),
                    ));
                }
                let Some((_, Token::Rel(op))) = self.peek().cloned() else {
                    return Ok(Expr::Present(name));
                };
                self.pos = self.pos.saturating_add(1);
                let value_column = self.column();
                let value = match self.peek().cloned() {
                    Some((_, Token::Word(w))) => parse_value(&w),
                    Some((_, Token::Quoted(s))) => Value::Text(s),
                    _ => {
                        return Err(error(
                            value_column,
                            "A value is expected after the comparison.".into(),
                            "比較の後には値が必要です。".into(),
                        ))
                    }
                };
                self.pos = self.pos.saturating_add(1);
                Ok(Expr::Compare {
                    field: name,
                    op,
                    value,
                })
            }
            other => Err(error(
                column,
                format!("{} cannot start a condition.", describe(&other)),
                format!("{} で条件を始めることはできません。", describe(&other)),
            )),
        }
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Open => "(".into(),
        Token::Close => ")".into(),
        Token::Not => "!".into(),
        Token::And => "&&".into(),
        Token::Or => "||".into(),
        Token::Rel(_) => "A comparison".into(),
        Token::Word(w) => format!("\"{w}\""),
        Token::Quoted(s) => format!("\"{s}\""),
    }
}

fn parse_value(word: &str) -> Value {
    if let Some(hex) = word.strip_prefix("0x").or_else(|| word.strip_prefix("0X")) {
        if let Ok(n) = u64::from_str_radix(hex, 16) {
            return Value::Number(n);
        }
    }
    if let Ok(n) = word.parse::<u64>() {
        return Value::Number(n);
    }
    if let Ok(a) = word.parse::<Ipv4Addr>() {
        return Value::Ipv4(a);
    }
    let parts: Vec<&str> = word.split([':', '-']).collect();
    if parts.len() > 1 && parts.iter().all(|p| p.len() == 2) {
        if let Some(bytes) = parts
            .iter()
            .map(|p| u8::from_str_radix(p, 16).ok())
            .collect::<Option<Vec<u8>>>()
        {
            return Value::Bytes(bytes);
        }
    }
    Value::Text(word.to_string())
}

// ----- evaluation ----------------------------------------------------------------------------

/// True when the frame (its bytes and its dissection with the field tree) passes `expr`.
pub fn eval(expr: &Expr, d: &Dissection, bytes: &[u8]) -> bool {
    match expr {
        Expr::Or(parts) => parts.iter().any(|e| eval(e, d, bytes)),
        Expr::And(parts) => parts.iter().all(|e| eval(e, d, bytes)),
        Expr::Not(e) => !eval(e, d, bytes),
        Expr::Present(name) => name == "frame" || d.fields.iter().any(|f| f.id == *name),
        Expr::Compare { field, op, value } => {
            let mut occurrences = d.fields.iter().filter(|f| f.id == *field).peekable();
            if occurrences.peek().is_none() {
                return false;
            }
            let v3_query = d.fields.iter().any(|f| f.id == "igmp.qqic");
            if *op == Op::Ne {
                occurrences.all(|f| !compare(f, bytes, v3_query, Op::Eq, value))
            } else {
                occurrences.any(|f| compare(f, bytes, v3_query, *op, value))
            }
        }
    }
}

/// Wireshark shows these in bytes where the header holds 4-byte or 8-byte units.
fn scale(id: &str) -> u64 {
    match id {
        "ip.hdr_len" | "tcp.hdr_len" => 4,
        "ip.frag_offset" => 8,
        _ => 1,
    }
}

/// A field's number: its bytes (up to 8) under its mask, scaled; or the leading number of its
/// text for a derived field.
fn number(f: &Field, bytes: &[u8], v3_query: bool) -> Option<u64> {
    let raw = field_bytes(f, bytes).filter(|b| !b.is_empty() && b.len() <= 8);
    let Some(raw) = raw else {
        let digits: String = f
            .value
            .en
            .chars()
            .take_while(char::is_ascii_digit)
            .collect();
        return digits.parse().ok();
    };
    let mut v: u64 = 0;
    for b in raw {
        v = v << 8 | u64::from(*b);
    }
    if let Some(mask) = f.mask {
        let mask = u64::from(mask);
        v = (v & mask).checked_shr(mask.trailing_zeros()).unwrap_or(0);
    }
    if f.id == "igmp.max_resp" {
        // Wireshark's value is the time in tenths of a second: the code itself (RFC 2236 §2.2),
        // in a v3 query decoded from the exponential form from 128 on (RFC 3376 §4.1.1).
        let code = u8::try_from(v).unwrap_or(u8::MAX);
        let tenths = if v3_query {
            crate::codec::timecode::decode_v3(code)
        } else {
            u32::from(code)
        };
        return Some(u64::from(tenths));
    }
    Some(v.saturating_mul(scale(&f.id)))
}

fn field_bytes<'b>(f: &Field, bytes: &'b [u8]) -> Option<&'b [u8]> {
    if f.derived || f.span.is_empty() {
        return None;
    }
    bytes.get(f.span.start..f.span.end)
}

fn ordered(op: Op, ord: std::cmp::Ordering) -> bool {
    use std::cmp::Ordering::*;
    match op {
        Op::Eq => ord == Equal,
        Op::Ne => ord != Equal,
        Op::Gt => ord == Greater,
        Op::Lt => ord == Less,
        Op::Ge => ord != Less,
        Op::Le => ord != Greater,
        Op::Contains => false,
    }
}

fn compare(f: &Field, bytes: &[u8], v3_query: bool, op: Op, value: &Value) -> bool {
    let raw = field_bytes(f, bytes);
    match (op, value) {
        (Op::Contains, Value::Bytes(needle)) => raw.is_some_and(|r| contains(r, needle)),
        (Op::Contains, Value::Text(needle)) => {
            f.value.en.contains(needle.as_str())
                || f.value.ja.contains(needle.as_str())
                || raw.is_some_and(|r| contains(r, needle.as_bytes()))
        }
        (Op::Contains, other) => {
            let text = match other {
                Value::Number(n) => n.to_string(),
                Value::Ipv4(a) => a.to_string(),
                _ => String::new(),
            };
            f.value.en.contains(&text)
        }
        (_, Value::Number(n)) => number(f, bytes, v3_query).is_some_and(|v| ordered(op, v.cmp(n))),
        (_, Value::Ipv4(a)) => match raw {
            Some(r) if r.len() == 4 => {
                let v = u32::from_be_bytes([r[0], r[1], r[2], r[3]]);
                ordered(op, v.cmp(&u32::from(*a)))
            }
            _ => false,
        },
        (_, Value::Bytes(b)) => raw.is_some_and(|r| ordered(op, r.cmp(b.as_slice()))),
        (_, Value::Text(t)) => {
            // The shown value, or its first word (`Ethernet` for "Ethernet (1)").
            let shown = f.value.en.as_str();
            let first = shown.split([' ', '(']).next().unwrap_or("");
            ordered(op, shown.cmp(t.as_str())) || ordered(op, first.cmp(t.as_str()))
        }
    }
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The filter that keeps frames like this field's value: Wireshark's "Apply as Filter".
pub fn apply_as_filter(d: &Dissection, f: &Field, bytes: &[u8]) -> String {
    let v3_query = d.fields.iter().any(|f| f.id == "igmp.qqic");
    let raw = field_bytes(f, bytes);
    let has_children = f.mask.is_none() && raw.is_some_and(|r| r.len() > 8);
    match raw {
        _ if has_children || f.derived && f.value.en.is_empty() => f.id.clone(),
        Some(r) if r.len() == 4 && f.mask.is_none() && looks_like_address(&f.id) => {
            format!("{} == {}", f.id, Ipv4Addr::new(r[0], r[1], r[2], r[3]))
        }
        Some(r) if r.len() == 6 && f.mask.is_none() => {
            let hex: Vec<String> = r.iter().map(|b| format!("{b:02x}")).collect();
            format!("{} == {}", f.id, hex.join(":"))
        }
        Some(r) if r.len() <= 8 => match number(f, bytes, v3_query) {
            Some(n) if f.mask.is_none() && r.len() == 1 && f.id.ends_with(".type") => {
                format!("{} == {n:#04x}", f.id)
            }
            Some(n) => format!("{} == {n}", f.id),
            None => f.id.clone(),
        },
        _ => f.id.clone(),
    }
}

fn looks_like_address(id: &str) -> bool {
    [
        ".src",
        ".dst",
        ".maddr",
        ".saddr",
        "addr",
        "ipv4",
        ".raddr",
        ".rspaddr",
        ".neighbor",
        ".local",
    ]
    .iter()
    .any(|s| id.ends_with(s))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::codec::{self, LinkType};
    use crate::import;

    fn frame(hex: &str) -> (Dissection, Vec<u8>) {
        let bytes = import::hexdump::parse(hex).frames.remove(0);
        (codec::dissect(LinkType::Ethernet, &bytes), bytes)
    }

    fn keeps(filter: &str, hex: &str) -> bool {
        let (d, b) = frame(hex);
        match compile(filter).expect("valid") {
            Filter::Display(e) => eval(&e, &d, &b),
            other => panic!("{filter} is not a display filter: {other:?}"),
        }
    }

    /// A v3 report with four records: the group that leaves is in the fourth.
    const FOUR_RECORDS: &str = "01005e000016020000000011080046c00040000040000102f9d60a00000be000001694040000220041e40000000404000000e003030104000000e003030204000000e003030303000000e0040401";

    #[test]
    fn any_occurrence_of_a_field_matches() {
        assert!(keeps("igmp.maddr == 224.4.4.1", FOUR_RECORDS));
        assert!(keeps("igmp.record_type == 3", FOUR_RECORDS));
        assert!(!keeps("igmp.maddr == 224.9.9.9", FOUR_RECORDS));
        assert!(keeps("igmp.maddr != 224.9.9.9", FOUR_RECORDS));
        assert!(!keeps("igmp.maddr != 224.4.4.1", FOUR_RECORDS));
        assert!(keeps(
            "igmp && ip.src == 10.0.0.11 and igmp.type == 0x22",
            FOUR_RECORDS
        ));
        assert!(keeps(
            "!(arp || udp) && not igmp.type == 0x16",
            FOUR_RECORDS
        ));
        assert!(keeps(
            "ip.hdr_len == 24 && ip.ttl < 2 && ip.flags.df == 1",
            FOUR_RECORDS
        ));
        assert!(keeps("eth.dst == 01:00:5e:00:00:16", FOUR_RECORDS));
        assert!(keeps("eth.src contains 00:11", FOUR_RECORDS));
        assert!(keeps("frame.link == Ethernet", FOUR_RECORDS));
    }

    #[test]
    fn errors_name_their_column() {
        let column = |f: &str| compile(f).expect_err("invalid").column;
        assert_eq!(column("igmp.maddr =="), 14);
        assert_eq!(column("igmp.madr == 1.2.3.4"), 1);
        assert_eq!(column("igmp && (udp"), 13);
        assert_eq!(column("igmp = 3"), 6);
        assert_eq!(column("igmp udp"), 6);
        assert_eq!(column("ip.src == \"x"), 11);
        assert_eq!(column(&"(".repeat(200)), 65);
    }

    #[test]
    fn quick_words_still_work() {
        assert_eq!(
            compile("leave 224.10.10.10"),
            Ok(Filter::Quick(vec![
                QuickWord::Word("leave".into()),
                QuickWord::Address(Ipv4Addr::new(224, 10, 10, 10))
            ]))
        );
        assert_eq!(
            compile("problems v3"),
            Ok(Filter::Quick(vec![
                QuickWord::Problems,
                QuickWord::Version(3)
            ]))
        );
        assert_eq!(compile("  "), Ok(Filter::All));
    }

    #[test]
    fn apply_as_filter_writes_a_filter_that_keeps_the_frame() {
        let (d, b) = frame(FOUR_RECORDS);
        for f in &d.fields {
            let text = apply_as_filter(&d, f, &b);
            let Ok(Filter::Display(e)) = compile(&text) else {
                panic!("{} gave {text:?}, which does not compile", f.id);
            };
            assert!(eval(&e, &d, &b), "{text} does not keep its own frame");
        }
        let maddr = d
            .fields
            .iter()
            .find(|f| f.id == "igmp.maddr")
            .expect("maddr");
        assert_eq!(apply_as_filter(&d, maddr, &b), "igmp.maddr == 224.3.3.1");
        let kind = d.fields.iter().find(|f| f.id == "igmp.type").expect("type");
        assert_eq!(apply_as_filter(&d, kind, &b), "igmp.type == 0x22");
    }
}
