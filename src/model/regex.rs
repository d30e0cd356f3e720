//! The regular expressions of the display filter's `matches` (`~`) operator (#26), over a
//! field's bytes. Wireshark hands them to PCRE2, case-insensitive by default since 3.6; this is
//! the part of that syntax an engineer types in a filter:
//! - literals, `.` (any byte but a newline, as PCRE's), classes `[a-z0-9_]` and `[^…]`, escapes `\d \w \s \D \W \S`,
//!   `\xHH` and an escaped punctuation character;
//! - anchors `^` and `$` (which also holds before a final newline), groups `( … )` and `(?: … )`, alternation `|`;
//! - quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (greedy; a lazy `?` after them is read and
//!   means the same for matching);
//! - `(?i)` and `(?-i)` at the start turn case-insensitivity on (the default) or off.
//!
//! Anything else (back references, look-around, named groups) is refused with its position, so
//! a filter never silently matches nothing. Matching is a Thompson NFA simulation (Pike's): time
//! is linear in the input for any pattern, so a hostile pattern cannot freeze a filter; the
//! program is at most [`MAX_PROGRAM`] instructions.

/// The largest compiled program (`a{1000}{1000}` would be a million).
pub const MAX_PROGRAM: usize = 10_000;

/// A compiled pattern.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Regex {
    program: Vec<Inst>,
    /// Case-insensitive (ASCII letters), the default.
    fold: bool,
}

/// A pattern that does not compile: the byte position in the pattern where it goes wrong (the
/// filter's message names the column and the syntax supported).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RegexError {
    pub at: usize,
}

#[derive(Clone, Debug, PartialEq, Eq)]
enum Inst {
    /// One byte in these ranges (or not in them, when negated).
    Class(Vec<(u8, u8)>, bool),
    Any,
    Start,
    End,
    /// Go on at both (the first preferred).
    Split(usize, usize),
    Jump(usize),
    Match,
}

/// The pattern as a tree, before compiling.
#[derive(Clone, Debug)]
enum Node {
    Class(Vec<(u8, u8)>, bool),
    Any,
    Start,
    End,
    Concat(Vec<Node>),
    Alt(Vec<Node>),
    Repeat(Box<Node>, u32, Option<u32>),
}

struct Parser<'a> {
    p: &'a [u8],
    at: usize,
    fold: bool,
    depth: usize,
}

fn err(at: usize) -> RegexError {
    RegexError { at }
}

/// One byte (its other case is tried when matching, when folding).
fn byte_class(b: u8) -> Node {
    Node::Class(vec![(b, b)], false)
}

fn digit() -> Vec<(u8, u8)> {
    vec![(b'0', b'9')]
}
fn word() -> Vec<(u8, u8)> {
    vec![(b'0', b'9'), (b'A', b'Z'), (b'a', b'z'), (b'_', b'_')]
}
fn space() -> Vec<(u8, u8)> {
    vec![(b'\t', b'\r'), (b' ', b' ')]
}

impl Parser<'_> {
    fn peek(&self) -> Option<u8> {
        self.p.get(self.at).copied()
    }

    fn bump(&mut self) -> Option<u8> {
        let b = self.peek()?;
        self.at = self.at.saturating_add(1);
        Some(b)
    }

    fn eat(&mut self, s: &[u8]) -> bool {
        let end = self.at.saturating_add(s.len());
        if self.p.get(self.at..end) == Some(s) {
            self.at = end;
            true
        } else {
            false
        }
    }

    fn alt(&mut self) -> Result<Node, RegexError> {
        self.depth = self.depth.saturating_add(1);
        if self.depth > 32 {
            return Err(err(self.at));
        }
        let mut alts = vec![self.concat()?];
        while self.peek() == Some(b'|') {
            self.at = self.at.saturating_add(1);
            alts.push(self.concat()?);
        }
        self.depth = self.depth.saturating_sub(1);
        Ok(if alts.len() == 1 {
            alts.pop().unwrap_or(Node::Concat(Vec::new()))
        } else {
            Node::Alt(alts)
        })
    }

    fn concat(&mut self) -> Result<Node, RegexError> {
        let mut items = Vec::new();
        while let Some(b) = self.peek() {
            if b == b'|' || b == b')' {
                break;
            }
            let atom = self.atom()?;
            items.push(self.quantified(atom)?);
        }
        Ok(Node::Concat(items))
    }

    fn number(&mut self) -> Option<u32> {
        let start = self.at;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.at = self.at.saturating_add(1);
        }
        std::str::from_utf8(self.p.get(start..self.at)?)
            .ok()?
            .parse()
            .ok()
    }

    fn quantified(&mut self, atom: Node) -> Result<Node, RegexError> {
        let at = self.at;
        let (min, max) = match self.peek() {
            Some(b'*') => (0, None),
            Some(b'+') => (1, None),
            Some(b'?') => (0, Some(1)),
            Some(b'{') => {
                self.at = self.at.saturating_add(1);
                let min = self.number().ok_or(err(self.at))?;
                let max = if self.eat(b",") {
                    if self.peek() == Some(b'}') {
                        None
                    } else {
                        Some(self.number().ok_or(err(self.at))?)
                    }
                } else {
                    Some(min)
                };
                if self.peek() != Some(b'}') {
                    return Err(err(self.at));
                }
                if max.is_some_and(|m| m < min) {
                    return Err(err(at));
                }
                (min, max)
            }
            _ => return Ok(atom),
        };
        self.at = self.at.saturating_add(1);
        if matches!(atom, Node::Start | Node::End | Node::Repeat(..)) {
            return Err(err(at));
        }
        // A lazy quantifier matches the same frames (a filter asks whether, not where).
        self.eat(b"?");
        Ok(Node::Repeat(Box::new(atom), min, max))
    }

    fn atom(&mut self) -> Result<Node, RegexError> {
        let at = self.at;
        let b = self.bump().ok_or(err(at))?;
        Ok(match b {
            b'.' => Node::Any,
            b'^' => Node::Start,
            b'$' => Node::End,
            b'(' => {
                if self.eat(b"?:") {
                } else if self.peek() == Some(b'?') {
                    return Err(err(at));
                }
                let inner = self.alt()?;
                if self.bump() != Some(b')') {
                    return Err(err(at));
                }
                inner
            }
            b')' => return Err(err(at)),
            b'*' | b'+' | b'?' | b'{' => return Err(err(at)),
            b'[' => self.class()?,
            b'\\' => {
                let (ranges, negated) = self.escape(at)?;
                Node::Class(ranges, negated)
            }
            other => byte_class(other),
        })
    }

    /// An escape after `\`: its ranges and whether they are negated.
    fn escape(&mut self, at: usize) -> Result<(Vec<(u8, u8)>, bool), RegexError> {
        let b = self.bump().ok_or(err(at))?;
        Ok(match b {
            b'd' => (digit(), false),
            b'D' => (digit(), true),
            b'w' => (word(), false),
            b'W' => (word(), true),
            b's' => (space(), false),
            b'S' => (space(), true),
            b'n' => (vec![(b'\n', b'\n')], false),
            b'r' => (vec![(b'\r', b'\r')], false),
            b't' => (vec![(b'\t', b'\t')], false),
            b'x' => {
                let hex = self
                    .p
                    .get(self.at..self.at.saturating_add(2))
                    .and_then(|h| std::str::from_utf8(h).ok())
                    .and_then(|h| u8::from_str_radix(h, 16).ok())
                    .ok_or(err(at))?;
                self.at = self.at.saturating_add(2);
                (vec![(hex, hex)], false)
            }
            b if b.is_ascii_punctuation() => (vec![(b, b)], false),
            _ => return Err(err(at)),
        })
    }

    fn class(&mut self) -> Result<Node, RegexError> {
        let open = self.at.saturating_sub(1);
        let negated = self.eat(b"^");
        let mut ranges = Vec::new();
        let mut first = true;
        loop {
            let at = self.at;
            let b = self.bump().ok_or(err(open))?;
            if b == b']' && !first {
                break;
            }
            first = false;
            let lo = if b == b'\\' {
                let (r, neg) = self.escape(at)?;
                if neg {
                    return Err(err(at));
                }
                match r.as_slice() {
                    // One byte (`\x01`, `\.`): it may start a range.
                    [(one, same)] if one == same => *one,
                    _ => {
                        ranges.extend(r);
                        continue;
                    }
                }
            } else {
                b
            };
            if self.peek() == Some(b'-') && self.p.get(self.at.saturating_add(1)) != Some(&b']') {
                self.at = self.at.saturating_add(1);
                let hi_at = self.at;
                let mut hi = self.bump().ok_or(err(open))?;
                if hi == b'\\' {
                    hi = match self.escape(hi_at)? {
                        (r, false) => match r.as_slice() {
                            [(one, same)] if one == same => *one,
                            _ => return Err(err(hi_at)),
                        },
                        _ => return Err(err(hi_at)),
                    };
                }
                if hi < lo {
                    return Err(err(at));
                }
                ranges.push((lo, hi));
            } else {
                ranges.push((lo, lo));
            }
        }
        Ok(Node::Class(ranges, negated))
    }
}

struct Compiler {
    program: Vec<Inst>,
}

impl Compiler {
    fn emit(&mut self, i: Inst) -> Result<usize, RegexError> {
        if self.program.len() >= MAX_PROGRAM {
            return Err(err(0));
        }
        self.program.push(i);
        Ok(self.program.len().saturating_sub(1))
    }

    fn patch(&mut self, at: usize, i: Inst) {
        if let Some(slot) = self.program.get_mut(at) {
            *slot = i;
        }
    }

    fn node(&mut self, n: &Node) -> Result<(), RegexError> {
        match n {
            Node::Class(r, neg) => {
                self.emit(Inst::Class(r.clone(), *neg))?;
            }
            Node::Any => {
                self.emit(Inst::Any)?;
            }
            Node::Start => {
                self.emit(Inst::Start)?;
            }
            Node::End => {
                self.emit(Inst::End)?;
            }
            Node::Concat(items) => {
                for i in items {
                    self.node(i)?;
                }
            }
            Node::Alt(alts) => {
                let mut jumps = Vec::new();
                for (k, a) in alts.iter().enumerate() {
                    if k.saturating_add(1) < alts.len() {
                        let split = self.emit(Inst::Match)?;
                        self.node(a)?;
                        jumps.push(self.emit(Inst::Match)?);
                        let next = self.program.len();
                        self.patch(split, Inst::Split(split.saturating_add(1), next));
                    } else {
                        self.node(a)?;
                    }
                }
                let end = self.program.len();
                for j in jumps {
                    self.patch(j, Inst::Jump(end));
                }
            }
            Node::Repeat(inner, min, max) => {
                for _ in 0..*min {
                    self.node(inner)?;
                }
                match max {
                    None => {
                        let split = self.emit(Inst::Match)?;
                        self.node(inner)?;
                        self.emit(Inst::Jump(split))?;
                        let next = self.program.len();
                        self.patch(split, Inst::Split(split.saturating_add(1), next));
                    }
                    Some(max) => {
                        let mut splits = Vec::new();
                        for _ in *min..*max {
                            splits.push(self.emit(Inst::Match)?);
                            self.node(inner)?;
                        }
                        let end = self.program.len();
                        for s in splits {
                            self.patch(s, Inst::Split(s.saturating_add(1), end));
                        }
                    }
                }
            }
        }
        Ok(())
    }
}

impl Regex {
    /// The pattern's bytes (a filter string's escapes already read: `"\\xe0"` is one byte).
    pub fn new(pattern: &[u8]) -> Result<Regex, RegexError> {
        let mut p = Parser {
            p: pattern,
            at: 0,
            fold: true,
            depth: 0,
        };
        if p.eat(b"(?-i)") {
            p.fold = false;
        } else {
            p.eat(b"(?i)");
        }
        let tree = p.alt()?;
        if p.at < p.p.len() {
            return Err(err(p.at));
        }
        let mut c = Compiler {
            program: Vec::new(),
        };
        c.node(&tree)?;
        c.emit(Inst::Match)?;
        Ok(Regex {
            program: c.program,
            fold: p.fold,
        })
    }

    /// Whether the pattern matches anywhere in `input` (a Pike VM: each instruction at most once
    /// per input position).
    pub fn is_match(&self, input: &[u8]) -> bool {
        let n = self.program.len();
        let mut current: Vec<usize> = Vec::with_capacity(n);
        let mut next: Vec<usize> = Vec::with_capacity(n);
        let mut seen = vec![usize::MAX; n];
        for at in 0..=input.len() {
            // A match may start at every position.
            if add(&self.program, &mut current, &mut seen, 0, at, input) {
                return true;
            }
            let Some(&b) = input.get(at) else { break };
            for &pc in &current {
                let step = match self.program.get(pc) {
                    // As PCRE's default: a dot is any byte but a newline.
                    Some(Inst::Any) => b != b'\n',
                    Some(Inst::Class(r, neg)) => {
                        let hit = |x: u8| r.iter().any(|(lo, hi)| (*lo..=*hi).contains(&x));
                        // Case-insensitive: an ASCII letter's other case (bit 5) also matches.
                        let folded = self.fold && b.is_ascii_alphabetic() && hit(b ^ 0x20);
                        (hit(b) || folded) != *neg
                    }
                    _ => false,
                };
                if step
                    && add(
                        &self.program,
                        &mut next,
                        &mut seen,
                        pc.saturating_add(1),
                        at.saturating_add(1),
                        input,
                    )
                {
                    return true;
                }
            }
            std::mem::swap(&mut current, &mut next);
            next.clear();
        }
        false
    }
}

/// Adds thread `pc` at position `at` to `list`, following jumps, splits and anchors; true when
/// it reaches `Match`.
fn add(
    program: &[Inst],
    list: &mut Vec<usize>,
    seen: &mut [usize],
    pc: usize,
    at: usize,
    input: &[u8],
) -> bool {
    let mut stack = vec![pc];
    while let Some(pc) = stack.pop() {
        match seen.get_mut(pc) {
            Some(s) if *s == at => continue,
            Some(s) => *s = at,
            None => continue,
        }
        match program.get(pc) {
            Some(Inst::Match) => return true,
            Some(Inst::Jump(to)) => stack.push(*to),
            Some(Inst::Split(a, b)) => {
                stack.push(*b);
                stack.push(*a);
            }
            Some(Inst::Start) if at == 0 => stack.push(pc.saturating_add(1)),
            // PCRE's `$`: at the end, or before a newline that ends the input.
            Some(Inst::End)
                if at == input.len()
                    || (at.saturating_add(1) == input.len() && input.get(at) == Some(&b'\n')) =>
            {
                stack.push(pc.saturating_add(1))
            }
            Some(Inst::Start | Inst::End) | None => {}
            Some(Inst::Any | Inst::Class(..)) => list.push(pc),
        }
    }
    false
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(p: &str, s: &str) -> bool {
        Regex::new(p.as_bytes()).unwrap().is_match(s.as_bytes())
    }

    #[test]
    fn the_syntax_engineers_type_matches_as_pcre_does() {
        assert!(m("report", "IGMP v2 Report"), "case-insensitive by default");
        assert!(!m("(?-i)report", "IGMP v2 Report"));
        assert!(m("^igmp", "igmp v3"));
        assert!(!m("^v3", "igmp v3"));
        assert!(m("v3$", "igmp v3"));
        assert!(m("a.c", "xabcx"));
        assert!(m("ab*c", "ac") && m("ab*c", "abbbc") && !m("ab+c", "ac"));
        assert!(m("colou?r", "color") && m("colou?r", "colour"));
        assert!(m("^(leave|join)s?$", "joins") && !m("^(leave|join)s?$", "joined"));
        assert!(m("^[0-9]{3}$", "224") && !m("^[0-9]{3}$", "2240"));
        assert!(m("^\\d{1,3}(\\.\\d{1,3}){3}$", "239.1.1.1"));
        assert!(m("[^a-z]", "abc1") && !m("^[^a-z]+$", "abc"));
        assert!(m("\\x16", "\x16") && m("\\w+\\s\\w+", "v2 report"));
        assert!(m("^[\\x01-\\x7f]$", "\x0a") && !m("[\\x01-\\x7f]", "\x00"));
        // The hi end of a range may be an escape too.
        assert!(m("^[\\x30-\\x39]+$", "0123") && m("^[+\\-]$", "-"));
        assert!(m("(?:ab){2,}", "xababx") && !m("^(?:ab){2,}$", "abx"));
        assert!(m("", "anything") && m("x*", ""));
        assert!(m("a.*?b", "a--b"));
        // PCRE's defaults, which tshark keeps: a dot does not match a newline; `$` holds
        // before a final one.
        assert!(!m("^a.b$", "a\nb") && m("^ab$", "ab\n"));
    }

    #[test]
    fn what_is_not_supported_is_refused_with_its_place() {
        for (p, at) in [
            ("(a", 0),
            ("a)", 1),
            ("*a", 0),
            ("[a-", 0),
            ("(?=a)", 0),
            ("\\1", 0),
            ("a{2,1}", 1),
            ("a**", 2),
            ("z-a]", 4),
        ] {
            let e = Regex::new(p.as_bytes());
            if p == "z-a]" {
                // A lone ] is a literal, as in PCRE.
                assert!(e.is_ok());
                continue;
            }
            assert_eq!(e.map(|_| ()).map_err(|e| e.at), Err(at), "{p}");
        }
        assert!(Regex::new(b"[z-a]").is_err());
        assert!(
            Regex::new("a{1000}".repeat(20).as_bytes()).is_err(),
            "too large"
        );
    }

    #[test]
    fn a_hostile_pattern_stays_linear() {
        // (a*)*b against 30 000 a's: exponential for a backtracking engine.
        let r = Regex::new(b"(a*)*b").unwrap();
        let input = vec![b'a'; 30_000];
        assert!(!r.is_match(&input));
        let r = Regex::new(b"(a|aa)*$").unwrap();
        assert!(r.is_match(&input));
    }
}
