//! A JSON reader of the app's own: text → [`Value`], each value knowing where it starts, for
//! errors that name the line and column.
//!
//! Why (#30, docs/benchmarks.md, session 21): serde's derived readers, monomorphised per type
//! over serde_json's parser, are the largest part of the wasm that one change could free (the
//! app without any JSON reading measured 47 KB smaller gzipped). A type read from a `Value` by
//! hand costs a few lines of plain code. Lessons (`model::lesson`) and scenarios
//! (`sim::scenario`) are read through it; the Builder's JSON is still read by serde.
//!
//! The grammar is RFC 8259's: one value, whitespace around it, no trailing commas, no comments;
//! numbers kept as their text (read exactly as the type asks, [`Value::as_u64`] or
//! [`Value::as_f64`]); strings with every escape, surrogate pairs joined, a lone surrogate an
//! error. Hostile input is bounded: nesting deeper than [`MAX_DEPTH`] is an error, not a stack
//! overflow, and the parser makes one pass over the text.

use std::fmt;

/// How deep arrays and objects may nest: 127 levels (serde_json refuses 128 too).
pub const MAX_DEPTH: usize = 127;

/// A JSON value and the byte offset in the text where it starts.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    pub at: usize,
    pub kind: Kind,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    Null,
    Bool(bool),
    /// The number as written (valid JSON number syntax).
    Number(String),
    String(String),
    Array(Vec<Value>),
    /// Members in the order written (a repeated name is an error).
    Object(Vec<(String, Value)>),
}

/// Why a text is not JSON, or a value not what was asked, and where (1-based line and column,
/// the column counted in characters).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    pub line: usize,
    pub column: usize,
    pub problem: Problem,
}

/// What is wrong: the text is not JSON, or a value is not what its reader asked for. Each names
/// what it can (the field, the value); their English words are serde_json's.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Problem {
    /// Not JSON at that place (a missing comma, quote or bracket): what was expected.
    Syntax(String),
    /// The text ends before the JSON does, inside what.
    Eof(String),
    MissingField(String),
    /// A name given twice in one object.
    DuplicateField(String),
    /// A name that is not one of the values allowed there.
    UnknownValue(String),
    /// A value of the wrong kind or form ("expected a string, found a number").
    WrongType(String),
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Problem::Syntax(m) | Problem::WrongType(m) => f.write_str(m),
            Problem::Eof(what) => write!(f, "EOF while parsing {what}"),
            Problem::MissingField(n) => write!(f, "missing field `{n}`"),
            Problem::DuplicateField(n) => write!(f, "duplicate field `{n}`"),
            Problem::UnknownValue(v) => write!(f, "unknown variant `{v}`"),
        }
    }
}

impl fmt::Display for JsonError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} at line {} column {}",
            self.problem, self.line, self.column
        )
    }
}

impl std::error::Error for JsonError {}

/// The 1-based line and column of byte `at` in `text`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = text.get(..at.min(text.len())).unwrap_or(text);
    let line = before.matches('\n').count().saturating_add(1);
    let start = before.rfind('\n').map_or(0, |i| i.saturating_add(1));
    let column = before
        .get(start..)
        .map_or(0, |s| s.chars().count())
        .saturating_add(1);
    (line, column)
}

/// An error at byte `at` of `text`.
pub fn error_at(text: &str, at: usize, problem: Problem) -> JsonError {
    let (line, column) = line_column(text, at);
    JsonError {
        line,
        column,
        problem,
    }
}

/// Reads `text` as one JSON value.
pub fn parse(text: &str) -> Result<Value, JsonError> {
    let mut p = Parser {
        text,
        bytes: text.as_bytes(),
        at: 0,
    };
    p.skip_space();
    let value = p.value(0)?;
    p.skip_space();
    if p.at < p.bytes.len() {
        return Err(p.error("trailing characters"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    at: usize,
}

impl Parser<'_> {
    fn error(&self, expected: &str) -> JsonError {
        error_at(self.text, self.at, Problem::Syntax(expected.to_string()))
    }

    fn eof(&self, inside: &str) -> JsonError {
        error_at(self.text, self.at, Problem::Eof(inside.to_string()))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at = self.at.saturating_add(1);
        }
    }

    fn literal(&mut self, word: &str, kind: Kind) -> Result<Kind, JsonError> {
        if self.bytes.get(self.at..self.at.saturating_add(word.len())) == Some(word.as_bytes()) {
            self.at = self.at.saturating_add(word.len());
            Ok(kind)
        } else {
            Err(self.error("expected value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Value, JsonError> {
        let at = self.at;
        let kind = match self.peek() {
            None => return Err(self.eof("a value")),
            Some(b'n') => self.literal("null", Kind::Null)?,
            Some(b't') => self.literal("true", Kind::Bool(true))?,
            Some(b'f') => self.literal("false", Kind::Bool(false))?,
            Some(b'"') => Kind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => Kind::Number(self.number()?),
            Some(b'[' | b'{') if depth >= MAX_DEPTH => {
                return Err(self.error("recursion limit exceeded"))
            }
            Some(b'[') => Kind::Array(self.array(depth)?),
            Some(b'{') => Kind::Object(self.object(depth)?),
            Some(_) => return Err(self.error("expected value")),
        };
        Ok(Value { at, kind })
    }

    fn array(&mut self, depth: usize) -> Result<Vec<Value>, JsonError> {
        self.at = self.at.saturating_add(1);
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at = self.at.saturating_add(1);
            return Ok(items);
        }
        loop {
            self.skip_space();
            items.push(self.value(depth.saturating_add(1))?);
            if self.closed(b']', "a list")? {
                return Ok(items);
            }
        }
    }

    /// After a list's item or an object's member: `,` (another follows) or `close` (the end).
    fn closed(&mut self, close: u8, what: &str) -> Result<bool, JsonError> {
        self.skip_space();
        match self.peek() {
            Some(b',') => {}
            Some(b) if b == close => {}
            None => return Err(self.eof(what)),
            Some(_) => {
                return Err(self.error(&format!("expected `,` or `{}`", char::from(close))));
            }
        }
        self.at = self.at.saturating_add(1);
        Ok(self.bytes.get(self.at.saturating_sub(1)) == Some(&close))
    }

    fn object(&mut self, depth: usize) -> Result<Vec<(String, Value)>, JsonError> {
        self.at = self.at.saturating_add(1);
        let mut members: Vec<(String, Value)> = Vec::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at = self.at.saturating_add(1);
            return Ok(members);
        }
        loop {
            self.skip_space();
            let name_at = self.at;
            match self.peek() {
                Some(b'"') => {}
                None => return Err(self.eof("an object")),
                Some(_) => return Err(self.error("key must be a string")),
            }
            let name = self.string()?;
            if members.iter().any(|(n, _)| *n == name) {
                return Err(error_at(self.text, name_at, Problem::DuplicateField(name)));
            }
            self.skip_space();
            if self.peek() != Some(b':') {
                return Err(self.error("expected `:`"));
            }
            self.at = self.at.saturating_add(1);
            self.skip_space();
            let value = self.value(depth.saturating_add(1))?;
            members.push((name, value));
            if self.closed(b'}', "an object")? {
                return Ok(members);
            }
        }
    }

    /// A number's text: `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`.
    fn number(&mut self) -> Result<String, JsonError> {
        let start = self.at;
        let digits = |p: &mut Parser| {
            let from = p.at;
            while matches!(p.peek(), Some(b'0'..=b'9')) {
                p.at = p.at.saturating_add(1);
            }
            p.at > from
        };
        if self.peek() == Some(b'-') {
            self.at = self.at.saturating_add(1);
        }
        match self.peek() {
            Some(b'0') => self.at = self.at.saturating_add(1),
            Some(b'1'..=b'9') => {
                digits(self);
            }
            _ => return Err(self.error("invalid number")),
        }
        if self.peek() == Some(b'.') {
            self.at = self.at.saturating_add(1);
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at = self.at.saturating_add(1);
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at = self.at.saturating_add(1);
            }
            if !digits(self) {
                return Err(self.error("invalid number"));
            }
        }
        Ok(self
            .text
            .get(start..self.at)
            .unwrap_or_default()
            .to_string())
    }

    /// Four hex digits of a `\u` escape.
    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.error("invalid escape"))?;
            n = (n << 4) | d;
            self.at = self.at.saturating_add(1);
        }
        Ok(n)
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.at = self.at.saturating_add(1);
        let mut out = String::new();
        loop {
            // The run up to the next quote, backslash or control character is copied whole.
            let from = self.at;
            while matches!(self.peek(), Some(b) if b != b'"' && b != b'\\' && b >= 0x20) {
                self.at = self.at.saturating_add(1);
            }
            out.push_str(self.text.get(from..self.at).unwrap_or_default());
            match self.peek() {
                None => return Err(self.eof("a string")),
                Some(b'"') => {
                    self.at = self.at.saturating_add(1);
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.at = self.at.saturating_add(1);
                    let c = match self.peek() {
                        Some(b'"') => '"',
                        Some(b'\\') => '\\',
                        Some(b'/') => '/',
                        Some(b'b') => '\u{8}',
                        Some(b'f') => '\u{c}',
                        Some(b'n') => '\n',
                        Some(b'r') => '\r',
                        Some(b't') => '\t',
                        Some(b'u') => {
                            self.at = self.at.saturating_add(1);
                            let escape_at = self.at.saturating_sub(2);
                            let first = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&first) {
                                // A high surrogate: its low half must follow.
                                if self.bytes.get(self.at..self.at.saturating_add(2))
                                    != Some(b"\\u")
                                {
                                    return Err(error_at(
                                        self.text,
                                        escape_at,
                                        Problem::Syntax("lone surrogate".into()),
                                    ));
                                }
                                self.at = self.at.saturating_add(2);
                                let second = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&second) {
                                    return Err(error_at(
                                        self.text,
                                        escape_at,
                                        Problem::Syntax("lone surrogate".into()),
                                    ));
                                }
                                0x10000 + ((first - 0xD800) << 10) + (second - 0xDC00)
                            } else {
                                first
                            };
                            out.push(char::from_u32(code).ok_or_else(|| {
                                error_at(
                                    self.text,
                                    escape_at,
                                    Problem::Syntax("lone surrogate".into()),
                                )
                            })?);
                            continue;
                        }
                        _ => return Err(self.error("invalid escape")),
                    };
                    out.push(c);
                    self.at = self.at.saturating_add(1);
                }
                Some(_) => return Err(self.error("control character in a string")),
            }
        }
    }
}

impl Value {
    /// The name of the value's kind, for "expected a number, found a string".
    pub fn kind_name(&self) -> &'static str {
        match self.kind {
            Kind::Null => "null",
            Kind::Bool(_) => "a boolean",
            Kind::Number(_) => "a number",
            Kind::String(_) => "a string",
            Kind::Array(_) => "a list",
            Kind::Object(_) => "an object",
        }
    }

    /// The member `name` of an object.
    pub fn get(&self, name: &str) -> Option<&Value> {
        match &self.kind {
            Kind::Object(m) => m.iter().find(|(n, _)| n == name).map(|(_, v)| v),
            _ => None,
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match &self.kind {
            Kind::String(s) => Some(s),
            _ => None,
        }
    }

    pub fn as_bool(&self) -> Option<bool> {
        match self.kind {
            Kind::Bool(b) => Some(b),
            _ => None,
        }
    }

    pub fn as_array(&self) -> Option<&[Value]> {
        match &self.kind {
            Kind::Array(a) => Some(a),
            _ => None,
        }
    }

    /// A whole number in 0..=u64::MAX written without fraction or exponent, exactly.
    pub fn as_u64(&self) -> Option<u64> {
        match &self.kind {
            Kind::Number(n) => n.parse().ok(),
            _ => None,
        }
    }

    /// Any number within f64's range (`1e400` is none), read by [`crate::num::decimal`]: correctly
    /// rounded for up to 15 significant digits and a power of ten within ±22 (every number the
    /// app's JSON holds: times, intervals), within a few units in the last place beyond. Neither
    /// the standard library's float parser, whose table of powers of five (about 12 KB that does
    /// not compress) the app would carry for this alone, nor serde_json's (docs/benchmarks.md,
    /// session 23).
    pub fn as_f64(&self) -> Option<f64> {
        match &self.kind {
            // A whole number of up to 20 digits is read whole and rounded once, as serde_json
            // reads it.
            #[allow(
                clippy::cast_precision_loss,
                reason = "the cast rounds to the nearest f64, as the number's reading should"
            )]
            Kind::Number(n) => match (n.parse::<u64>(), n.parse::<i64>()) {
                (Ok(u), _) => Some(u as f64),
                (_, Ok(i)) => Some(i as f64),
                _ => crate::num::decimal(n).filter(|f| f.is_finite()),
            },
            _ => None,
        }
    }
}

/// A value that is not what a reader asked for, and where it starts: a type's reader (written
/// by hand over a [`Value`]) returns it, and [`read`] names its line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wrong {
    pub at: usize,
    pub problem: Problem,
}

impl Wrong {
    pub fn new(at: &Value, problem: Problem) -> Wrong {
        Wrong { at: at.at, problem }
    }
}

/// Reads `text` as JSON, then the value with `f`: a syntax error or a wrong value, each with
/// its line and column.
pub fn read<T>(text: &str, f: impl FnOnce(&Value) -> Result<T, Wrong>) -> Result<T, JsonError> {
    let value = parse(text)?;
    f(&value).map_err(|w| error_at(text, w.at, w.problem))
}

/// The largest value of the unsigned type `T`, for "expected a whole number up to 255".
fn u64_max<T>() -> u64 {
    let bits = u32::try_from(std::mem::size_of::<T>().saturating_mul(8)).unwrap_or(64);
    u64::MAX
        .checked_shr(64u32.saturating_sub(bits))
        .unwrap_or(u64::MAX)
}

impl Value {
    /// `what` was expected here.
    pub fn expected(&self, what: &str) -> Wrong {
        Wrong::new(
            self,
            Problem::WrongType(format!("expected {what}, found {}", self.kind_name())),
        )
    }

    /// The member `name`, which must be there.
    pub fn field(&self, name: &str) -> Result<&Value, Wrong> {
        if !matches!(self.kind, Kind::Object(_)) {
            return Err(self.expected("an object"));
        }
        self.get(name)
            .ok_or_else(|| Wrong::new(self, Problem::MissingField(name.to_string())))
    }

    /// The member `name` if it is there (a field with a default).
    pub fn member(&self, name: &str) -> Result<Option<&Value>, Wrong> {
        match self.kind {
            Kind::Object(_) => Ok(self.get(name)),
            _ => Err(self.expected("an object")),
        }
    }

    /// The member `name` unless it is absent or null (an `Option` field).
    pub fn optional(&self, name: &str) -> Result<Option<&Value>, Wrong> {
        Ok(self.member(name)?.filter(|v| v.kind != Kind::Null))
    }

    pub fn string(&self) -> Result<String, Wrong> {
        self.as_str()
            .map(str::to_string)
            .ok_or_else(|| self.expected("a string"))
    }

    /// A string read by `FromStr` (an address): `what` names it in the error.
    pub fn parsed<T: std::str::FromStr>(&self, what: &str) -> Result<T, Wrong> {
        let s = self.as_str().ok_or_else(|| self.expected(what))?;
        s.parse()
            .map_err(|_| Wrong::new(self, Problem::WrongType(format!("{s:?} is not {what}"))))
    }

    pub fn list(&self) -> Result<&[Value], Wrong> {
        self.as_array().ok_or_else(|| self.expected("a list"))
    }

    /// A whole number that fits `T` (`u8`, `u16`, `u32`, `u64`, `usize`).
    pub fn unsigned<T: TryFrom<u64>>(&self) -> Result<T, Wrong> {
        self.as_u64()
            .and_then(|n| T::try_from(n).ok())
            .ok_or_else(|| self.expected(&format!("a whole number up to {}", u64_max::<T>())))
    }

    pub fn number(&self) -> Result<f64, Wrong> {
        self.as_f64().ok_or_else(|| self.expected("a number"))
    }

    pub fn boolean(&self) -> Result<bool, Wrong> {
        self.as_bool().ok_or_else(|| self.expected("true or false"))
    }

    /// A list, each item read by `f`.
    pub fn list_of<T>(&self, f: impl Fn(&Value) -> Result<T, Wrong>) -> Result<Vec<T>, Wrong> {
        self.list()?.iter().map(f).collect()
    }

    /// The member `name` read by `f`, or `default` when it is absent (a field with a default;
    /// null is read by `f`, as serde reads it).
    pub fn or<T>(
        &self,
        name: &str,
        default: T,
        f: impl FnOnce(&Value) -> Result<T, Wrong>,
    ) -> Result<T, Wrong> {
        self.member(name)?.map_or(Ok(default), f)
    }

    /// The member `name` read by `f`, `None` when it is absent or null (an `Option` field).
    pub fn opt<T>(
        &self,
        name: &str,
        f: impl FnOnce(&Value) -> Result<T, Wrong>,
    ) -> Result<Option<T>, Wrong> {
        self.optional(name)?.map(f).transpose()
    }

    /// serde's form of an enum variant with a value, `{"name": value}`: the variant (its first
    /// member's name, as serde reads it, one of `choices`) and the value.
    pub fn variant<T: Copy>(&self, choices: &[(&str, T)]) -> Result<(T, &Value), Wrong> {
        let members = match &self.kind {
            Kind::Object(members) => members,
            // A name alone is a variant without a value: unknown, or not this one's form.
            Kind::String(name) if !choices.iter().any(|(n, _)| n == name) => {
                return Err(Wrong::new(self, Problem::UnknownValue(name.clone())));
            }
            _ => return Err(self.expected("an object")),
        };
        let Some((name, value)) = members.first() else {
            return Err(self.expected("an object of one member"));
        };
        let Some((_, t)) = choices.iter().find(|(n, _)| n == name) else {
            return Err(Wrong::new(self, Problem::UnknownValue(name.clone())));
        };
        if members.len() > 1 {
            return Err(self.expected("an object of one member"));
        }
        Ok((*t, value))
    }

    /// The value named: a string that is one of `choices`' names (an enum's variants as
    /// written).
    pub fn pick<T: Copy>(&self, choices: &[(&str, T)]) -> Result<T, Wrong> {
        let s = self.as_str().ok_or_else(|| self.expected("a string"))?;
        choices
            .iter()
            .find(|(n, _)| *n == s)
            .map(|(_, t)| *t)
            .ok_or_else(|| Wrong::new(self, Problem::UnknownValue(s.to_string())))
    }
}
