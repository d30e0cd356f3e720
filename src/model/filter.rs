//! The packet-list filter: Wireshark display-filter syntax over the workbench's field ids, and
//! the quick words that came before it.
//!
//! Display filters (a subset of Wireshark's, with its meanings):
//! - a field or protocol alone tests that it is present: `igmp`, `arp`, `udp`, `igmp.saddr`;
//! - `matches` (or `~`) with a quoted regular expression (`model::regex`, PCRE's syntax and
//!   defaults as tshark uses them: case-insensitive, `.` not a newline) over a protocol's, a byte
//!   field's or a slice's bytes; on an address or a number it is refused, as tshark refuses it;
//! - comparisons `==` `!=` `>` `<` `>=` `<=` (or `eq ne gt lt ge le`) and `contains`, against
//!   numbers (`22`, `0x16`), IPv4 addresses or CIDR blocks (`10.0.0.0/24`), MAC addresses with
//!   `:`, `-`, `.` or no separator, byte strings (`01:00:5e`) or "text";
//! - either-side fields `ip.addr`, `ip.host`, `eth.addr`, `udp.port`, `tcp.port`;
//! - set membership `field in {a, b, c}` and ranges `field in {a..b}` (commas, as in Wireshark 4.0);
//! - slices `eth.dst[0:3] == 01:00:5e` (`[i:n]` n bytes from i, `[i-j]` i to j, `[i]`), and the
//!   functions `len(field)` (bytes) and `count(field)` (occurrences);
//! - the frame's own `frame.number`, `frame.time_relative`, `frame.time_delta` and
//!   `frame.time_delta_displayed` (seconds);
//! - `!`/`not`, `&&`/`and`, `||`/`or`, parentheses.
//!
//! A value that cannot be of the field's type (`ip.src == 1.2.3`, `eth.dst == 01:02`) is an
//! error with its column, as tshark refuses it: a filter never silently matches nothing.
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
    pub mistake: Mistake,
}

/// What is wrong with a filter: one catalogue of the parser's messages.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Mistake {
    /// A string with no closing quote.
    UnclosedString,
    /// `=`, `&` or `|` alone.
    LoneOperator(char),
    /// A token after a complete condition.
    Unexpected(Text),
    /// Parentheses or `!` nested too deep.
    TooDeep,
    /// The text ends where a condition must start.
    ConditionExpected,
    /// The `(` at this column has no `)`.
    UnclosedParen(usize),
    /// A token that cannot start a condition.
    CannotStart(Text),
    /// `len(` or `count(` with no field.
    FunctionNeedsField(String),
    /// `len(field` with no `)`.
    UnclosedFunction(String),
    /// `[…]` that is not a slice.
    NotASlice(String),
    /// A name that is neither a field nor a protocol.
    UnknownField(String),
    /// A field with no comparison after it where one is needed.
    ComparisonExpected,
    /// A comparison with no value.
    ValueExpected,
    /// `in` without `{`.
    SetExpected,
    /// Set elements not separated by commas.
    SetNeedsCommas,
    /// A set with no `}`.
    UnclosedSet,
    /// `in {}`.
    EmptySet,
    /// A value that is not an IPv4 address or block, for an IPv4 field.
    NotIpv4 { word: String, field: String },
    /// A value that is not a MAC address, for a MAC field.
    NotMac { word: String, field: String },
    /// A value that is not an IPv6 address or block, for an IPv6 field.
    NotIpv6 { word: String, field: String },
    /// A value that is not a number of seconds, for a time field.
    NotSeconds(String),
    /// `matches` without a quoted pattern.
    PatternExpected,
    /// A pattern that does not compile (`model::regex`).
    BadPattern,
    /// `matches` on a field that is neither a protocol nor bytes (an address, a number).
    CannotMatch(String),
    /// A backslash sequence a filter string does not know (`\\q`, `\\400`, `\\u0016`).
    BadEscape(String),
}

impl FilterError {
    /// The sentence the filter box shows under itself, in both languages.
    pub fn message(&self) -> Text {
        let (en, ja) = match &self.mistake {
            Mistake::UnclosedString => (
                "This string has no closing quote.".to_string(),
                "この文字列には閉じ引用符がありません。".to_string(),
            ),
            Mistake::LoneOperator(c) => (
                format!("{c:?} alone is not an operator: write {c}{c}."),
                format!("{c:?} 単独は演算子ではありません。{c}{c} と書きます。"),
            ),
            Mistake::Unexpected(token) => (
                format!("{} was not expected here: join conditions with && or ||.", token.en),
                format!("{} はここに置けません。条件は && か || でつなぎます。", token.ja),
            ),
            Mistake::TooDeep => (
                format!("The filter nests deeper than {MAX_DEPTH} levels."),
                format!("フィルタの入れ子が {MAX_DEPTH} 段を超えています。"),
            ),
            Mistake::ConditionExpected => (
                "A field, a protocol or ( is expected here.".to_string(),
                "ここにはフィールド、プロトコル、または ( が必要です。".to_string(),
            ),
            Mistake::UnclosedParen(column) => (
                format!("The ( at column {column} is not closed: ) is expected here."),
                format!("{column} 列目の ( が閉じていません。ここに ) が必要です。"),
            ),
            Mistake::CannotStart(token) => (
                format!("{} cannot start a condition.", token.en),
                format!("{} で条件を始めることはできません。", token.ja),
            ),
            Mistake::FunctionNeedsField(word) => (
                format!("{word}( needs a field here."),
                format!("{word}( の後にはフィールドが必要です。"),
            ),
            Mistake::UnclosedFunction(word) => (
                format!("{word}( is not closed: ) is expected here."),
                format!("{word}( が閉じていません。ここに ) が必要です。"),
            ),
            Mistake::NotASlice(inside) => (
                format!("[{inside}] is not a slice: write [i:n], [i-j] or [i]."),
                format!("[{inside}] はスライスではありません。[i:n]、[i-j] または [i] と書きます。"),
            ),
            Mistake::UnknownField(name) => (
                format!("\"{name}\" is neither a field nor a protocol (unknown field)."),
                format!("\"{name}\" はフィールドでもプロトコルでもありません (不明なフィールド)。"),
            ),
            Mistake::ComparisonExpected => (
                "A comparison (==, !=, <, >, contains …) is expected here.".to_string(),
                "ここには比較 (==、!=、<、>、contains など) が必要です。".to_string(),
            ),
            Mistake::ValueExpected => (
                "A value is expected after the comparison.".to_string(),
                "比較の後には値が必要です。".to_string(),
            ),
            Mistake::SetExpected => (
                "{ is expected after in.".to_string(),
                "in の後には { が必要です。".to_string(),
            ),
            Mistake::SetNeedsCommas => (
                "Separate the elements of a set with commas: in {a, b..c}.".to_string(),
                "集合の要素はカンマで区切ります: in {a, b..c}。".to_string(),
            ),
            Mistake::UnclosedSet => (
                "The set is not closed: } is expected here.".to_string(),
                "集合が閉じていません。ここに } が必要です。".to_string(),
            ),
            Mistake::EmptySet => (
                "The set is empty: put values between { and }.".to_string(),
                "集合が空です。{ と } の間に値を書きます。".to_string(),
            ),
            Mistake::NotIpv4 { word, field } => (
                format!("\"{word}\" is not an IPv4 address or block (like 10.0.0.1 or 10.0.0.0/24), which {field} holds."),
                format!("\"{word}\" は IPv4 アドレスまたはブロック (10.0.0.1、10.0.0.0/24 など) ではありません。{field} は IPv4 アドレスです。"),
            ),
            Mistake::NotIpv6 { word, field } => (
                format!("\"{word}\" is not an IPv6 address or block (like ff02::16 or fe80::/10), which {field} holds."),
                format!("\"{word}\" は IPv6 アドレスまたはブロック (ff02::16、fe80::/10 など) ではありません。{field} は IPv6 アドレスです。"),
            ),
            Mistake::NotMac { word, field } => (
                format!("\"{word}\" is not a MAC address (six bytes, like 01:00:5e:00:00:16), which {field} holds."),
                format!("\"{word}\" は MAC アドレス (01:00:5e:00:00:16 のような 6 バイト) ではありません。{field} は MAC アドレスです。"),
            ),
            Mistake::NotSeconds(word) => (
                format!("\"{word}\" is not a number of seconds."),
                format!("\"{word}\" は秒数ではありません。"),
            ),
            Mistake::PatternExpected => (
                "matches takes a regular expression in quotes, like \"^239\\\\.\".".to_string(),
                "matches には引用符で囲んだ正規表現 (\"^239\\\\.\" など) が必要です。".to_string(),
            ),
            Mistake::CannotMatch(field) => (
                format!("{field} cannot be matched against a regular expression: matches takes a protocol (igmp, eth, …), a byte field or a slice."),
                format!("{field} は正規表現と照合できません。matches に使えるのはプロトコル (igmp、eth など)、バイト列のフィールド、スライスです。"),
            ),
            Mistake::BadEscape(sequence) => (
                format!("{sequence} is not an escape a filter string knows. A byte is \\xHH or \\NNN (at most \\377); a backslash is \\\\, so a regular expression's \\d is written \\\\d."),
                format!("{sequence} は文字列のエスケープとして使えません。バイトは \\xHH か \\NNN (\\377 まで)、バックスラッシュは \\\\ と書きます。正規表現の \\d は \\\\d と書きます。"),
            ),
            Mistake::BadPattern => (
                "This regular expression goes wrong here. Supported: literals, ., [a-z] and [^…], \\d \\w \\s \\xHH, ^ $, ( ), (?: ), |, * + ? {n,m}, (?-i).".to_string(),
                "この正規表現はここで解釈できません。使えるもの: 文字、.、[a-z] と [^…]、\\d \\w \\s \\xHH、^ $、( )、(?: )、|、* + ? {n,m}、(?-i)。".to_string(),
            ),
        };
        Text { en, ja }
    }
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
    /// `field[start:len]` compared with bytes (`len` `None`: to the end).
    Slice {
        field: String,
        start: usize,
        len: Option<usize>,
        op: Op,
        value: Value,
    },
    /// `len(field)` or `count(field)` compared with a number.
    Func {
        func: Func,
        field: String,
        op: Op,
        value: Value,
    },
    /// `field in {…}`: any of the values, or within any of the ranges (both ends included).
    In {
        field: String,
        items: Vec<(Value, Option<Value>)>,
    },
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Func {
    Len,
    Count,
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
    /// `matches` or `~`: a regular expression over the field's bytes (`model::regex`).
    Matches,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    Number(u64),
    /// Seconds, for the frame's times.
    Float(f64),
    Ipv4(Ipv4Addr),
    /// An IPv4 block: the address and the prefix length.
    Cidr(Ipv4Addr, u8),
    /// An IPv6 block (`fe80::/10`): the address and the prefix length (#30).
    Prefix6([u8; 16], u8),
    Bytes(Vec<u8>),
    Text(String),
    Regex(crate::model::regex::Regex),
}

/// Fields that name both sides of a conversation (Wireshark's `ip.addr` and the like): they
/// hold when either side does.
const ALIASES: &[(&str, [&str; 2])] = &[
    ("eth.addr", ["eth.src", "eth.dst"]),
    ("ip.addr", ["ip.src", "ip.dst"]),
    ("ip.host", ["ip.src", "ip.dst"]),
    ("ipv6.addr", ["ipv6.src", "ipv6.dst"]),
    ("ipv6.host", ["ipv6.src", "ipv6.dst"]),
    ("tcp.port", ["tcp.srcport", "tcp.dstport"]),
    ("udp.port", ["udp.srcport", "udp.dstport"]),
];

/// The frame's own fields, from its place in the capture rather than its bytes.
const FRAME_FIELDS: &[&str] = &[
    "frame.number",
    "frame.time_delta",
    "frame.time_delta_displayed",
    "frame.time_relative",
];

/// Fields holding an IPv4 address: their values must be one (or a CIDR block).
const IPV4_FIELDS: &[&str] = &[
    "arp.dst.proto_ipv4",
    "arp.src.proto_ipv4",
    "igmp.maddr",
    "igmp.saddr",
    "ip.addr",
    "ip.dst",
    "ip.host",
    "ip.src",
];

/// Fields holding an IPv6 address (#30): their values must be one (or a block).
const IPV6_FIELDS: &[&str] = &[
    "icmpv6.mld.multicast_address",
    "icmpv6.mld.source_address",
    "icmpv6.mldr.mar.multicast_address",
    "icmpv6.mldr.mar.source_address",
    "ipv6.addr",
    "ipv6.dst",
    "ipv6.host",
    "ipv6.src",
];

/// Fields holding bytes, which `matches` takes (as it takes a protocol's bytes and a slice).
const BYTES_FIELDS: &[&str] = &[
    "eth.padding",
    "eth.trailer",
    "ieee8021ah.trailer",
    "igmp.aux_data",
    "igmp.data",
    "igmp.extra",
    "ip.opt.padding",
    "ip.opt.value",
    "tcp.options",
    "vlan.trailer",
];

/// Fields holding a MAC address: their values must be six bytes.
const MAC_FIELDS: &[&str] = &[
    "arp.dst.hw_mac",
    "arp.src.hw_mac",
    "eth.addr",
    "eth.dst",
    "eth.src",
    "sll.src.eth",
];

/// A name the filter knows: a field or protocol of the tree, an either-side field, or one of
/// the frame's own.
pub fn is_known(name: &str) -> bool {
    is_field_id(name) || ALIASES.iter().any(|(a, _)| *a == name) || FRAME_FIELDS.contains(&name)
}

/// Whether tree field `id` is an occurrence of `name` (itself, or a side of an alias).
fn is_occurrence(name: &str, id: &str) -> bool {
    id == name
        || ALIASES
            .iter()
            .any(|(a, sides)| *a == name && sides.contains(&id))
}

impl Expr {
    /// The field and protocol names the filter reads, each once (worked out once per filter,
    /// not per frame).
    pub fn names(&self) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        self.collect_names(&mut out);
        out
    }

    /// Whether the filter reads `frame.time_delta_displayed`, whose value depends on what it kept
    /// before: it then runs over the frames in capture order, in one pass (not shared out to the
    /// workers' batches).
    pub fn in_order(&self) -> bool {
        self.names()
            .iter()
            .any(|n| n == "frame.time_delta_displayed")
    }

    fn collect_names(&self, out: &mut Vec<String>) {
        let name = match self {
            Expr::Or(parts) | Expr::And(parts) => {
                parts.iter().for_each(|e| e.collect_names(out));
                return;
            }
            Expr::Not(e) => return e.collect_names(out),
            Expr::Present(field)
            | Expr::Compare { field, .. }
            | Expr::Slice { field, .. }
            | Expr::Func { field, .. }
            | Expr::In { field, .. } => field,
        };
        if !out.contains(name) {
            out.push(name.clone());
        }
    }

    /// The tree fields that can matter to this filter: those it names, both sides of an
    /// either-side name, and `igmp.qqic`, which tells a v3 query's `igmp.max_resp` apart. What
    /// [`dissect_for`] keeps. Worked out once per filter: testing each field of each frame
    /// against the names and their aliases took 60% of a filter's time on a million frames.
    pub fn kept_ids(&self) -> Vec<String> {
        let mut out = vec!["igmp.qqic".to_string()];
        for name in self.names() {
            let sides = ALIASES.iter().find(|(a, _)| *a == name).map(|(_, s)| s);
            match sides {
                Some(sides) => out.extend(sides.iter().map(|s| s.to_string())),
                None => out.push(name),
            }
        }
        out
    }
}

/// Dissects a frame for a filter that keeps the tree fields `ids` ([`Expr::kept_ids`]): only
/// those (the diagnostics and the frame's facts whole).
pub fn dissect_for(ids: &[String], link: crate::codec::LinkType, bytes: &[u8]) -> Dissection {
    crate::codec::dissect_fields(link, bytes, &|id| ids.iter().any(|k| k == id))
}

/// Where a frame is in the capture, for `frame.number` and the frame times.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct FrameCtx {
    pub number: u64,
    /// Seconds since the first frame.
    pub time_relative: f64,
    /// Seconds since the frame before.
    pub time_delta: f64,
    /// Seconds since the last frame this filter kept before this one, 0 when it has kept none
    /// yet: tshark's single pass (`tshark -Y 'frame.time_delta_displayed > 1'` keeps nothing,
    /// as no frame is ever displayed before the first). Filters that read it run in capture
    /// order ([`Expr::in_order`]).
    pub time_delta_displayed: f64,
}

impl FrameCtx {
    /// Frame `index` (0-based) at time `t` (seconds), in a capture whose first frame came at
    /// `first`, after a frame at `prev` (none for the first frame).
    /// `shown`: the time of the last frame kept before it, if any.
    pub fn at(index: usize, t: f64, first: f64, prev: Option<f64>, shown: Option<f64>) -> FrameCtx {
        FrameCtx {
            number: u64::try_from(index).unwrap_or(u64::MAX).saturating_add(1),
            time_relative: t - first,
            time_delta: prev.map_or(0.0, |p| t - p),
            time_delta_displayed: shown.map_or(0.0, |p| t - p),
        }
    }
}

/// Deeper nesting than this is refused: a pasted or shared filter cannot exhaust the stack.
const MAX_DEPTH: usize = 64;

const KEYWORDS: [&str; 12] = [
    "and", "or", "not", "contains", "matches", "eq", "ne", "gt", "lt", "ge", "le", "in",
];

/// Reads what the user typed. Text with an operator, a keyword or a leading field name is a
/// display filter (and may be invalid); other text is quick words.
pub fn compile(text: &str) -> Result<Filter, FilterError> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Ok(Filter::All);
    }
    let first = trimmed.split_whitespace().next().unwrap_or("");
    let display = trimmed.contains(['=', '!', '<', '>', '&', '|', '(', ')', '"', '~'])
        || trimmed
            .split_whitespace()
            .any(|w| KEYWORDS.contains(&w.to_ascii_lowercase().as_str()))
        || first == "frame"
        || is_known(first)
        || first.contains('[')
        || trimmed.split_whitespace().any(looks_like_field);
    if display {
        Parser::new(text).parse().map(Filter::Display)
    } else {
        Ok(Filter::Quick(
            trimmed
                .split_whitespace()
                .map(|w| {
                    let lower = w.to_ascii_lowercase();
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

/// A dotted name that starts with a letter (`igmp.maddr`, `nosuch.field`): meant as a field, so
/// an unknown one is an error rather than a quick word that matches nothing.
fn looks_like_field(word: &str) -> bool {
    let mut parts = word.split('.');
    let first_ok = parts
        .next()
        .is_some_and(|p| p.chars().next().is_some_and(|c| c.is_ascii_alphabetic()));
    let rest: Vec<&str> = parts.collect();
    first_ok
        && !rest.is_empty()
        && word
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '.' || c == '_')
        && rest.iter().all(|p| !p.is_empty())
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
    /// A double-quoted string, its escapes read: bytes, not always UTF-8 (`"\\xe0"`).
    Quoted(Vec<u8>),
    In,
    OpenSet,
    CloseSet,
    Comma,
}

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    /// Column just past the end of the text, for "expected … here" at the end.
    end_column: usize,
    lex_error: Option<FilterError>,
}

fn error(column: usize, mistake: Mistake) -> FilterError {
    FilterError { column, mistake }
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
            } else if c == '{' {
                (Token::OpenSet, 1)
            } else if c == '}' {
                (Token::CloseSet, 1)
            } else if c == ',' {
                (Token::Comma, 1)
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
            } else if c == '~' {
                (Token::Rel(Op::Matches), 1)
            } else if c == '"' {
                let mut s = Vec::new();
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
                            if let Err(sequence) = unescape(&chars, &mut j, &mut s) {
                                if lex_error.is_none() {
                                    let at = (j.saturating_sub(sequence.chars().count()))
                                        .saturating_add(1);
                                    lex_error = Some(error(at, Mistake::BadEscape(sequence)));
                                }
                            }
                        }
                        _ => s.extend_from_slice(d.encode_utf8(&mut [0; 4]).as_bytes()),
                    }
                }
                if !closed && lex_error.is_none() {
                    lex_error = Some(error(column, Mistake::UnclosedString));
                }
                tokens.push((column, Token::Quoted(s)));
                i = j;
                continue;
            } else if c == '=' || c == '&' || c == '|' {
                if lex_error.is_none() {
                    lex_error = Some(error(column, Mistake::LoneOperator(c)));
                }
                (Token::Word(c.to_string()), 1)
            } else {
                let mut j = i;
                let mut word = String::new();
                while let Some(&d) = chars.get(j) {
                    if d.is_whitespace() || "()=!<>&|\"{},~".contains(d) {
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
                    "matches" => Token::Rel(Op::Matches),
                    "in" => Token::In,
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
            Some((column, token)) => Err(error(*column, Mistake::Unexpected(describe(token)))),
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
            return Err(error(self.column(), Mistake::TooDeep));
        }
        let column = self.column();
        let Some((_, token)) = self.peek().cloned() else {
            return Err(error(column, Mistake::ConditionExpected));
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
                    _ => Err(error(self.column(), Mistake::UnclosedParen(column))),
                }
            }
            Token::Word(word) => self.condition(word, column),
            other => Err(error(column, Mistake::CannotStart(describe(&other)))),
        }
    }
}

impl Parser {
    /// A condition that starts with a word: a field (maybe sliced) or a function, alone or
    /// compared, or `in` a set.
    fn condition(&mut self, word: String, column: usize) -> Result<Expr, FilterError> {
        // len(field), count(field)
        let func = match word.as_str() {
            "len" => Some(Func::Len),
            "count" => Some(Func::Count),
            _ => None,
        };
        if let (Some(func), Some((_, Token::Open))) = (func, self.peek()) {
            self.pos = self.pos.saturating_add(1);
            let field_column = self.column();
            let Some((_, Token::Word(field))) = self.peek().cloned() else {
                return Err(error(
                    field_column,
                    Mistake::FunctionNeedsField(word.to_string()),
                ));
            };
            self.known(&field, field_column)?;
            self.pos = self.pos.saturating_add(1);
            if !matches!(self.peek(), Some((_, Token::Close))) {
                return Err(error(
                    self.column(),
                    Mistake::UnclosedFunction(word.to_string()),
                ));
            }
            self.pos = self.pos.saturating_add(1);
            let (op, value) = self.compare_untyped()?;
            return Ok(Expr::Func {
                func,
                field,
                op,
                value,
            });
        }
        // field[slice]
        if let Some((base, inside)) = word.strip_suffix(']').and_then(|w| w.split_once('[')) {
            self.known(base, column)?;
            let Some((start, len)) = slice_of(inside) else {
                return Err(error(
                    column.saturating_add(base.chars().count()),
                    Mistake::NotASlice(inside.to_string()),
                ));
            };
            let (op, value) = self.compare_untyped()?;
            let value = match value {
                Value::Number(n) if n <= 0xff => Value::Bytes(vec![u8::try_from(n).unwrap_or(0)]),
                Value::Text(t) => match parse_bytes(&t) {
                    Some(b) => Value::Bytes(b),
                    None => Value::Text(t),
                },
                v => v,
            };
            return Ok(Expr::Slice {
                field: base.to_string(),
                start,
                len,
                op,
                value,
            });
        }
        self.known(&word, column)?;
        match self.peek().cloned() {
            Some((_, Token::Rel(_))) => {
                let (op, value) = self.comparison(&word)?;
                Ok(Expr::Compare {
                    field: word,
                    op,
                    value,
                })
            }
            Some((_, Token::In)) => {
                self.pos = self.pos.saturating_add(1);
                self.set(word)
            }
            _ => Ok(Expr::Present(word)),
        }
    }

    fn known(&self, name: &str, column: usize) -> Result<(), FilterError> {
        if name == "frame" || is_known(name) {
            Ok(())
        } else {
            Err(error(column, Mistake::UnknownField(name.to_string())))
        }
    }

    /// The operator and the value after a field, the value read as the field's type.
    fn comparison(&mut self, field: &str) -> Result<(Op, Value), FilterError> {
        self.compare_as(Some(field))
    }

    /// The operator and a value of any type (a slice's bytes, a function's number).
    fn compare_untyped(&mut self) -> Result<(Op, Value), FilterError> {
        self.compare_as(None)
    }

    fn compare_as(&mut self, field: Option<&str>) -> Result<(Op, Value), FilterError> {
        let Some((_, Token::Rel(op))) = self.peek().cloned() else {
            return Err(error(self.column(), Mistake::ComparisonExpected));
        };
        let op_column = self.column();
        self.pos = self.pos.saturating_add(1);
        if let Some(f) = field.filter(|f| op == Op::Matches && f.contains('.')) {
            if !BYTES_FIELDS.contains(&f) {
                return Err(error(op_column, Mistake::CannotMatch(f.to_string())));
            }
        }
        let value_column = self.column();
        let value = match self.peek().cloned() {
            // A quoted regular expression, whose mistakes point into it.
            Some((_, Token::Quoted(s))) if op == Op::Matches => {
                match crate::model::regex::Regex::new(&s) {
                    Ok(r) => Value::Regex(r),
                    Err(e) => {
                        let at = value_column.saturating_add(1).saturating_add(e.at);
                        return Err(error(at, Mistake::BadPattern));
                    }
                }
            }
            _ if op == Op::Matches => return Err(error(value_column, Mistake::PatternExpected)),
            // `contains` takes any run of bytes (`eth.src contains 00:11`).
            Some((_, Token::Word(w))) if op == Op::Contains => match parse_bytes(&w) {
                Some(b) if w.contains([':', '-', '.']) => Value::Bytes(b),
                _ => parse_value(&w),
            },
            Some((_, Token::Word(w))) => match field {
                Some(field) => typed_value(field, &w, value_column)?,
                None => match parse_bytes(&w) {
                    Some(b) if w.contains([':', '-', '.']) => Value::Bytes(b),
                    _ => parse_value(&w),
                },
            },
            Some((_, Token::Quoted(s))) => text_or_bytes(s),
            _ => return Err(error(value_column, Mistake::ValueExpected)),
        };
        self.pos = self.pos.saturating_add(1);
        Ok((op, value))
    }

    /// `{ a b..c … }` after `field in`.
    fn set(&mut self, field: String) -> Result<Expr, FilterError> {
        if !matches!(self.peek(), Some((_, Token::OpenSet))) {
            return Err(error(self.column(), Mistake::SetExpected));
        }
        self.pos = self.pos.saturating_add(1);
        let mut items = Vec::new();
        // Elements are separated by commas, as Wireshark 4.0 requires ("in {80, 443}").
        let mut expect_element = true;
        loop {
            let column = self.column();
            match self.peek().cloned() {
                Some((_, Token::CloseSet)) => {
                    self.pos = self.pos.saturating_add(1);
                    break;
                }
                Some((_, Token::Comma)) if !expect_element => {
                    self.pos = self.pos.saturating_add(1);
                    expect_element = true;
                }
                Some((_, Token::Word(_) | Token::Quoted(_))) if !expect_element => {
                    return Err(error(column, Mistake::SetNeedsCommas))
                }
                Some((_, Token::Word(w))) => {
                    expect_element = false;
                    self.pos = self.pos.saturating_add(1);
                    let item = match w.split_once("..") {
                        Some((lo, hi)) => (
                            typed_value(&field, lo, column)?,
                            Some(typed_value(&field, hi, column)?),
                        ),
                        None => (typed_value(&field, &w, column)?, None),
                    };
                    items.push(item);
                }
                Some((_, Token::Quoted(t))) => {
                    expect_element = false;
                    self.pos = self.pos.saturating_add(1);
                    items.push((text_or_bytes(t), None));
                }
                _ => return Err(error(column, Mistake::UnclosedSet)),
            }
        }
        if items.is_empty() {
            return Err(error(self.column(), Mistake::EmptySet));
        }
        Ok(Expr::In { field, items })
    }
}

/// `[i:n]` (n bytes from i), `[i-j]` (i to j), `[i]`, `[:n]`, `[i:]` → (start, length).
fn slice_of(inside: &str) -> Option<(usize, Option<usize>)> {
    let num = |t: &str| t.trim().parse::<usize>().ok();
    if let Some((a, b)) = inside.split_once(':') {
        let start = if a.trim().is_empty() { 0 } else { num(a)? };
        let len = if b.trim().is_empty() {
            None
        } else {
            Some(num(b)?)
        };
        return Some((start, len));
    }
    if let Some((a, b)) = inside.split_once('-') {
        let (i, j) = (num(a)?, num(b)?);
        return j.checked_sub(i).map(|d| (i, Some(d.saturating_add(1))));
    }
    num(inside).map(|i| (i, Some(1)))
}

/// Bytes as Wireshark writes them: hex pairs joined by `:`, `-` or `.`, or hex digits alone.
fn parse_bytes(text: &str) -> Option<Vec<u8>> {
    let t = text.trim();
    if t.contains([':', '-']) {
        let parts: Vec<&str> = t.split([':', '-']).collect();
        if parts.iter().all(|p| p.len() == 2) {
            return parts
                .iter()
                .map(|p| u8::from_str_radix(p, 16).ok())
                .collect();
        }
        return None;
    }
    let digits: String = t.split('.').collect();
    if digits.is_empty() || digits.len() % 2 != 0 || !digits.chars().all(|c| c.is_ascii_hexdigit())
    {
        return None;
    }
    (0..digits.len())
        .step_by(2)
        .map(|i| {
            digits
                .get(i..i.saturating_add(2))
                .and_then(|p| u8::from_str_radix(p, 16).ok())
        })
        .collect()
}

/// A value read as `field`'s type; an error names the column and the type when it cannot be.
fn typed_value(field: &str, word: &str, column: usize) -> Result<Value, FilterError> {
    if IPV4_FIELDS.contains(&field) {
        if let Ok(a) = word.parse::<Ipv4Addr>() {
            return Ok(Value::Ipv4(a));
        }
        if let Some((a, n)) = word.split_once('/') {
            if let (Ok(a), Ok(n)) = (a.parse::<Ipv4Addr>(), n.parse::<u8>()) {
                if n <= 32 {
                    return Ok(Value::Cidr(a, n));
                }
            }
        }
        return Err(error(
            column,
            Mistake::NotIpv4 {
                word: word.to_string(),
                field: field.to_string(),
            },
        ));
    }
    if IPV6_FIELDS.contains(&field) {
        let (address, prefix) = match word.split_once('/') {
            Some((a, n)) => (a, n.parse::<u8>().ok().filter(|n| *n <= 128)),
            None => (word, Some(128)),
        };
        return match (address.parse::<std::net::Ipv6Addr>(), prefix) {
            (Ok(a), Some(128)) => Ok(Value::Bytes(a.octets().to_vec())),
            (Ok(a), Some(n)) => Ok(Value::Prefix6(a.octets(), n)),
            _ => Err(error(
                column,
                Mistake::NotIpv6 {
                    word: word.to_string(),
                    field: field.to_string(),
                },
            )),
        };
    }
    if MAC_FIELDS.contains(&field) {
        return match parse_bytes(word) {
            Some(b) if b.len() == 6 => Ok(Value::Bytes(b)),
            _ => Err(error(
                column,
                Mistake::NotMac {
                    word: word.to_string(),
                    field: field.to_string(),
                },
            )),
        };
    }
    if field.starts_with("frame.time") {
        return match crate::num::decimal(word) {
            Some(f) if f.is_finite() => Ok(Value::Float(f)),
            _ => Err(error(column, Mistake::NotSeconds(word.to_string()))),
        };
    }
    Ok(parse_value(word))
}

/// A token as an error message names it.
fn describe(token: &Token) -> Text {
    Text::same(match token {
        Token::Open => "(".into(),
        Token::Close => ")".into(),
        Token::Not => "!".into(),
        Token::And => "&&".into(),
        Token::Or => "||".into(),
        Token::Rel(_) => return Text::new("A comparison", "比較"),
        Token::Word(w) => format!("\"{w}\""),
        Token::Quoted(b) => format!("\"{}\"", String::from_utf8_lossy(b)),
        Token::In => "in".into(),
        Token::OpenSet => "{".into(),
        Token::CloseSet => "}".into(),
        Token::Comma => ",".into(),
    })
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

/// True when the frame (its bytes and its dissection with the field tree) passes `expr`; the
/// frame's own fields (`frame.number`, its times) are absent.
pub fn eval(expr: &Expr, d: &Dissection, bytes: &[u8]) -> bool {
    eval_in(expr, d, bytes, None)
}

/// [`eval`] with the frame's place in the capture.
pub fn eval_in(expr: &Expr, d: &Dissection, bytes: &[u8], ctx: Option<&FrameCtx>) -> bool {
    match expr {
        Expr::Or(parts) => parts.iter().any(|e| eval_in(e, d, bytes, ctx)),
        Expr::And(parts) => parts.iter().all(|e| eval_in(e, d, bytes, ctx)),
        Expr::Not(e) => !eval_in(e, d, bytes, ctx),
        Expr::Present(name) if FRAME_FIELDS.contains(&name.as_str()) => ctx.is_some(),
        Expr::Present(name) => {
            name == "frame" || d.fields.iter().any(|f| is_occurrence(name, f.id))
        }
        Expr::Compare { field, op, value } if FRAME_FIELDS.contains(&field.as_str()) => {
            ctx.is_some_and(|c| frame_compare(field, c, *op, value))
        }
        Expr::Compare { field, op, value } => {
            let mut occurrences = d
                .fields
                .iter()
                .filter(|f| is_occurrence(field, f.id))
                .peekable();
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
        Expr::Slice {
            field,
            start,
            len,
            op,
            value,
        } => d
            .fields
            .iter()
            .filter(|f| is_occurrence(field, f.id))
            .any(|f| {
                let Some(raw) = field_bytes(f, bytes) else {
                    return false;
                };
                let end = len.map_or(raw.len(), |n| start.saturating_add(n));
                let Some(part) = raw.get(*start..end) else {
                    return false;
                };
                match value {
                    Value::Bytes(b) if *op == Op::Contains => contains(part, b),
                    Value::Regex(r) => r.is_match(part),
                    Value::Bytes(b) => ordered(*op, part.cmp(b.as_slice())),
                    _ => false,
                }
            }),
        Expr::Func {
            func,
            field,
            op,
            value,
        } => {
            let Value::Number(n) = value else {
                return false;
            };
            let occurrences = d.fields.iter().filter(|f| is_occurrence(field, f.id));
            match func {
                Func::Count => {
                    let c = u64::try_from(occurrences.count()).unwrap_or(u64::MAX);
                    ordered(*op, c.cmp(n))
                }
                Func::Len => occurrences.into_iter().any(|f| {
                    let l = u64::try_from(f.span.len()).unwrap_or(u64::MAX);
                    ordered(*op, l.cmp(n))
                }),
            }
        }
        Expr::In { field, items } => items.iter().any(|(lo, hi)| {
            let cmp = |op, value: &Value| {
                eval_in(
                    &Expr::Compare {
                        field: field.clone(),
                        op,
                        value: value.clone(),
                    },
                    d,
                    bytes,
                    ctx,
                )
            };
            match hi {
                None => cmp(Op::Eq, lo),
                // Both ends on one occurrence: Wireshark's range holds for a value within it.
                Some(hi) => {
                    if FRAME_FIELDS.contains(&field.as_str()) {
                        cmp(Op::Ge, lo) && cmp(Op::Le, hi)
                    } else {
                        let v3_query = d.fields.iter().any(|f| f.id == "igmp.qqic");
                        d.fields
                            .iter()
                            .filter(|f| is_occurrence(field, f.id))
                            .any(|f| {
                                compare(f, bytes, v3_query, Op::Ge, lo)
                                    && compare(f, bytes, v3_query, Op::Le, hi)
                            })
                    }
                }
            }
        }),
    }
}

/// `frame.number` or one of the frame times against a value.
fn frame_compare(field: &str, c: &FrameCtx, op: Op, value: &Value) -> bool {
    let x = match field {
        "frame.number" => return matches!(value, Value::Number(n) if ordered(op, c.number.cmp(n))),
        "frame.time_relative" => c.time_relative,
        "frame.time_delta_displayed" => c.time_delta_displayed,
        _ => c.time_delta,
    };
    let y = match value {
        Value::Float(f) => *f,
        Value::Number(n) => *n as f64,
        _ => return false,
    };
    x.partial_cmp(&y).is_some_and(|o| ordered(op, o))
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
    if f.id == "icmpv6.mld.maximum_response_code" {
        // Wireshark's value is the delay in ms the code stands for (RFC 3810 §5.1.3).
        let code = u16::try_from(v).unwrap_or(u16::MAX);
        return Some(u64::from(crate::codec::timecode::decode_mld_max_resp(code)));
    }
    Some(v.saturating_mul(scale(f.id)))
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
        Op::Contains | Op::Matches => false,
    }
}

/// A field's IPv4 address: its 4 bytes, or the address a PIM encoded address carries in its
/// last 4 (RFC 7761 §4.9.1: Wireshark gives the whole encoding the address as its value).
fn ipv4_value(f: &Field, raw: Option<&[u8]>) -> Option<u32> {
    let r = raw?;
    let tail = match r.len() {
        4 => r,
        6 | 8 if f.id.starts_with("pim.") => r.get(r.len().saturating_sub(4)..)?,
        _ => return None,
    };
    Some(u32::from_be_bytes(tail.try_into().ok()?))
}

fn compare(f: &Field, bytes: &[u8], v3_query: bool, op: Op, value: &Value) -> bool {
    let raw = field_bytes(f, bytes);
    match (op, value) {
        // Over the field's bytes, as Wireshark matches a protocol or a byte string.
        (_, Value::Regex(r)) => raw.is_some_and(|b| r.is_match(b)),
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
        (_, Value::Ipv4(a)) => match ipv4_value(f, raw) {
            Some(v) => ordered(op, v.cmp(&u32::from(*a))),
            None => false,
        },
        // Within the block (Wireshark compares only == and != with a CIDR block).
        (Op::Eq | Op::Ne, Value::Cidr(a, n)) => match ipv4_value(f, raw) {
            Some(v) => {
                let mask = 32_u32
                    .checked_sub(u32::from(*n))
                    .and_then(|shift| u32::MAX.checked_shl(shift))
                    .unwrap_or(0);
                let inside = v & mask == u32::from(*a) & mask;
                inside == (op == Op::Eq)
            }
            _ => false,
        },
        // Within the block: its first `n` bits equal (== and !=, as for IPv4).
        (Op::Eq | Op::Ne, Value::Prefix6(a, n)) => match raw.filter(|r| r.len() == 16) {
            Some(r) => {
                let whole = usize::from(n / 8);
                let bits = n % 8;
                let mask = 0xff_u8
                    .checked_shl(u32::from(8_u8.saturating_sub(bits)))
                    .unwrap_or(0);
                let same = r.get(..whole) == a.get(..whole)
                    && (bits == 0
                        || r.get(whole)
                            .zip(a.get(whole))
                            .is_some_and(|(x, y)| x & mask == y & mask));
                same == (op == Op::Eq)
            }
            None => false,
        },
        (_, Value::Cidr(..) | Value::Prefix6(..) | Value::Float(_)) => false,
        (_, Value::Bytes(b)) => raw.is_some_and(|r| ordered(op, r.cmp(b.as_slice()))),
        (_, Value::Text(t)) => {
            // The shown value, or its first word (`Ethernet` for "Ethernet (1)").
            let shown = f.value.en.as_str();
            let first = shown.split([' ', '(']).next().unwrap_or("");
            ordered(op, shown.cmp(t.as_str())) || ordered(op, first.cmp(t.as_str()))
        }
    }
}

/// A quoted value: text when its bytes are UTF-8 (compared with the shown value too), else bytes.
fn text_or_bytes(b: Vec<u8>) -> Value {
    match String::from_utf8(b) {
        Ok(t) => Value::Text(t),
        Err(e) => Value::Bytes(e.into_bytes()),
    }
}

/// One escape of a double-quoted filter string, `chars[*j]` being the character after the
/// backslash, as Wireshark 4.0's filter scanner reads them: `\\a \\b \\f \\n \\r \\t \\v \\' \\" \\\\`,
/// `\\NNN` (octal, at most 255), `\\xH` or `\\xHH`, `\\uHHHH` and `\\UHHHHHHHH` (a character, as UTF-8).
/// Anything else is an error naming the sequence, never a silently different string
/// (`"\\x16"` is the byte 0x16, not "x16").
fn unescape(chars: &[char], j: &mut usize, out: &mut Vec<u8>) -> Result<(), String> {
    let Some(&e) = chars.get(*j) else {
        return Err("\\".to_string());
    };
    *j = j.saturating_add(1);
    let digits = |j: &mut usize, radix: u32, most: usize| {
        let mut value = 0_u32;
        let mut n = 0;
        while let Some(d) = chars
            .get(*j)
            .and_then(|c| c.to_digit(radix))
            .filter(|_| n < most)
        {
            value = value.saturating_mul(radix).saturating_add(d);
            n = n.saturating_add(1);
            *j = j.saturating_add(1);
        }
        (value, n)
    };
    let byte = match e {
        'a' => 7,
        'b' => 8,
        'f' => 0x0c,
        'n' => b'\n',
        'r' => b'\r',
        't' => b'\t',
        'v' => 0x0b,
        '\'' | '"' | '\\' => e as u8,
        '0'..='7' => {
            *j = j.saturating_sub(1);
            let (v, n) = digits(j, 8, 3);
            let sequence: String = chars.iter().skip(j.saturating_sub(n)).take(n).collect();
            u8::try_from(v).map_err(|_| format!("\\{sequence}"))?
        }
        'x' => match digits(j, 16, 2) {
            (_, 0) => return Err("\\x".to_string()),
            (v, _) => u8::try_from(v).unwrap_or(0),
        },
        'u' | 'U' => {
            let want = if e == 'u' { 4 } else { 8 };
            let (v, n) = digits(j, 16, want);
            // C's rule for universal character names, as the scanner applies it: no surrogates,
            // nothing past U+10FFFF, nothing below U+00A0 but `$`, `@` and `` ` ``.
            let c = char::from_u32(v)
                .filter(|c| n == want && (u32::from(*c) >= 0xa0 || matches!(c, '$' | '@' | '`')));
            let Some(c) = c else {
                let sequence: String = chars.iter().skip(j.saturating_sub(n)).take(n).collect();
                return Err(format!("\\{e}{sequence}"));
            };
            out.extend_from_slice(c.encode_utf8(&mut [0; 4]).as_bytes());
            return Ok(());
        }
        other => return Err(format!("\\{other}")),
    };
    out.push(byte);
    Ok(())
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    needle.is_empty() || haystack.windows(needle.len()).any(|w| w == needle)
}

/// The filter that keeps frames like this field's value: Wireshark's "Apply as Filter".
pub fn apply_as_filter(d: &Dissection, f: &Field, bytes: &[u8]) -> String {
    let v3_query = d.fields.iter().any(|f| f.id == "igmp.qqic");
    let raw = field_bytes(f, bytes);
    // A field that holds others (a v3 group record, a header) is filtered by what a person would
    // write: a group record by its group, anything else by its presence.
    let inner = |g: &&Field| {
        !std::ptr::eq(*g, f)
            && g.span.start >= f.span.start
            && g.span.end <= f.span.end
            && !g.span.is_empty()
            && g.span != f.span
    };
    if f.id == "igmp.record" {
        if let Some(group) = d.fields.iter().filter(inner).find(|g| g.id == "igmp.maddr") {
            return apply_as_filter(d, group, bytes);
        }
    }
    let has_children = f.mask.is_none()
        && (raw.is_some_and(|r| r.len() > 8) || d.fields.iter().filter(inner).any(|_| true));
    match raw {
        _ if has_children || f.derived && f.value.en.is_empty() => f.id.to_string(),
        Some(&[o1, o2, o3, o4]) if f.mask.is_none() && looks_like_address(f.id) => {
            format!("{} == {}", f.id, Ipv4Addr::new(o1, o2, o3, o4))
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
            None => f.id.to_string(),
        },
        _ => f.id.to_string(),
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

    /// Each refusal is the mistake it is, and reads in both languages (a comparison is named
    /// in Japanese too).
    #[test]
    fn errors_are_typed_and_read_in_both_languages() {
        let mistake = |f: &str| compile(f).expect_err("invalid").mistake;
        let said = |m: Mistake| {
            FilterError {
                column: 1,
                mistake: m,
            }
            .message()
        };
        assert_eq!(mistake("igmp.maddr =="), Mistake::ValueExpected);
        assert_eq!(
            mistake("igmp.madr == 1.2.3.4"),
            Mistake::UnknownField("igmp.madr".into())
        );
        assert_eq!(mistake("igmp && (udp"), Mistake::UnclosedParen(9));
        assert_eq!(mistake("igmp = 3"), Mistake::LoneOperator('='));
        assert_eq!(mistake("ip.src == \"x"), Mistake::UnclosedString);
        // A string's escapes are Wireshark's: an unknown one is refused where it stands, never
        // read as a different string ("\x16" once silently became "x16").
        for (f, seq, column) in [
            (r#"igmp contains "\q""#, r"\q", 16),
            (r#"igmp matches "^\d""#, r"\d", 16),
            (r#"igmp contains "a\400""#, r"\400", 17),
            (r#"igmp contains "\u0016""#, r"\u0016", 16),
            (r#"igmp contains "\uD800""#, r"\uD800", 16),
            (r#"igmp contains "\x""#, r"\x", 16),
        ] {
            let e = compile(f).expect_err(f);
            assert_eq!(e.mistake, Mistake::BadEscape(seq.into()), "{f}");
            assert_eq!(e.column, column, "{f}");
        }
        let kept = |f: &str| match compile(f) {
            Ok(Filter::Display(Expr::Compare { value, .. })) => value,
            other => panic!("{f}: {other:?}"),
        };
        assert_eq!(
            kept(r#"igmp contains "\x16\026\0\t\"\\""#),
            Value::Text("\x16\x16\0\t\"\\".into())
        );
        assert_eq!(kept(r#"ip contains "\xe0""#), Value::Bytes(vec![0xe0]));
        assert_eq!(
            kept(r#"frame contains "\u00e9\U0001F600""#),
            Value::Text("é😀".into())
        );
        assert_eq!(mistake(&"(".repeat(200)), Mistake::TooDeep);
        assert_eq!(mistake("igmp.type in {}"), Mistake::EmptySet);
        assert_eq!(mistake("igmp.type in {1 2}"), Mistake::SetNeedsCommas);
        assert_eq!(
            mistake("frame.time_relative > x"),
            Mistake::NotSeconds("x".into())
        );
        // `matches` (#26): a quoted pattern, on a protocol, a byte field or a slice; a pattern
        // that does not compile points into it.
        assert_eq!(mistake("igmp matches abc"), Mistake::PatternExpected);
        assert_eq!(
            mistake("ip.src matches \"10\""),
            Mistake::CannotMatch("ip.src".into())
        );
        let e = compile("igmp ~ \"a[\"").expect_err("invalid");
        assert_eq!(e.column, 10, "at the [ inside the quotes");
        assert_eq!(e.mistake, Mistake::BadPattern);
        assert!(said(Mistake::CannotMatch("ip.src".into()))
            .ja
            .contains("正規表現"));
        assert!(matches!(
            compile("eth.dst[0:3] matches \"^\\\\x01\""),
            Ok(Filter::Display(_))
        ));
        let cmp = mistake("igmp == 1 == 2");
        assert!(matches!(cmp, Mistake::Unexpected(_)), "{cmp:?}");
        let t = said(cmp);
        assert!(
            t.en.starts_with("A comparison") && t.ja.starts_with("比較"),
            "{t:?}"
        );
        for m in [
            Mistake::SetExpected,
            Mistake::ComparisonExpected,
            Mistake::ConditionExpected,
        ] {
            let t = said(m);
            assert!(t.en.ends_with('.') && t.ja.ends_with('。'), "{t:?}");
        }
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
        // A group record: its group, as a person would write it (not its bytes as a number).
        let records: Vec<String> = d
            .fields
            .iter()
            .filter(|f| f.id == "igmp.record")
            .map(|f| apply_as_filter(&d, f, &b))
            .collect();
        assert_eq!(
            records,
            [
                "igmp.maddr == 224.3.3.1",
                "igmp.maddr == 224.3.3.2",
                "igmp.maddr == 224.3.3.3",
                "igmp.maddr == 224.4.4.1"
            ]
        );
    }
}

#[cfg(test)]
mod grammar_tests {
    use super::*;

    fn err(f: &str) -> FilterError {
        compile(f).expect_err("refused")
    }

    #[test]
    fn values_of_the_wrong_type_are_errors_at_their_column() {
        assert_eq!(err("ip.src == 10.0.0").column, 11);
        assert!(err("ip.src == 10.0.0").message().en.contains("IPv4"));
        assert_eq!(err("eth.dst == 01:00:5e").column, 12);
        assert!(err("eth.dst == 01:00:5e").message().ja.contains("MAC"));
        assert_eq!(err("igmp.type in {0x11 0x17}").column, 20);
        assert_eq!(err("igmp.type in {}").column, 16, "just after the set");
        assert!(err("nosuch.field").message().en.contains("unknown field"));
    }

    #[test]
    fn the_new_forms_compile() {
        for f in [
            "ip.src == 10.0.0.0/24",
            "eth.dst == 01005e000016",
            "eth.dst == 0100.5e00.0016",
            "eth.dst == 01-00-5e-00-00-16",
            "ip.addr == 10.0.0.1",
            "igmp.type in {0x11, 0x16..0x17}",
            "eth.dst[0:3] == 01:00:5e",
            "len(igmp.saddr) == 4 && count(igmp.maddr) > 1",
            "frame.number in {1..5} && frame.time_relative < 1.5",
        ] {
            assert!(matches!(compile(f), Ok(Filter::Display(_))), "{f}");
        }
    }
}
